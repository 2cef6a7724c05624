# %% [markdown]
# # House price model
# Exported from the team notebook; runs every Monday from cron as-is.

# %%
import json
import os
import joblib
import numpy as np
import pandas as pd
from sklearn.datasets import make_regression
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import KFold, cross_val_score, train_test_split

# %% Load data
X_all, price = make_regression(n_samples=800, n_features=5, noise=12.0, random_state=3)
houses = pd.DataFrame(X_all, columns=["area", "rooms", "age", "distance", "school_score"])
houses["price"] = price
houses.loc[houses.sample(frac=0.05, random_state=1).index, "age"] = np.nan
os.makedirs("/tmp/house_prices", exist_ok=True)
houses.to_csv("/tmp/house_prices/listings.csv", index=False)
listings = pd.read_csv("/tmp/house_prices/listings.csv")
listings.describe()
print("listings:", len(listings))

# %% Features
listings["area_per_room"] = listings["area"] / (listings["rooms"].abs() + 1)
listings["old"] = (listings["age"] > 0.5).astype(int)
columns = ["area", "rooms", "age", "distance", "school_score", "area_per_room", "old"]
imputer = SimpleImputer(strategy="median")
X = imputer.fit_transform(listings[columns])
y = listings["price"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)

# %% Train
gbr = GradientBoostingRegressor(n_estimators=300, learning_rate=0.05, max_depth=3)
gbr.fit(X_train, y_train)
ridge = Ridge(alpha=2.5)
ridge.fit(X_train, y_train)

# %% Evaluate
for name, model in [("gbr", gbr), ("ridge", ridge)]:
    predicted = model.predict(X_test)
    print(name, "mae=%.2f" % mean_absolute_error(y_test, predicted), "r2=%.3f" % r2_score(y_test, predicted))
folds = KFold(n_splits=5, shuffle=True)
print("cv r2:", cross_val_score(Ridge(alpha=2.5), X, y, cv=folds).mean().round(3))
noise = np.random.normal(0, 1, size=len(y_test))
print("noise baseline mae=%.2f" % mean_absolute_error(y_test, y_test + noise))

# %% Publish
new = pd.read_csv("/tmp/house_prices/listings.csv").head(50)
new["area_per_room"] = new["area"] / (new["rooms"].abs() + 1)
new["old"] = (new["age"] > 0.5).astype(int)
new["estimate"] = gbr.predict(imputer.transform(new[["area", "rooms", "age", "distance", "school_score", "area_per_room", "old"]]))
new.to_csv("/tmp/house_prices/estimates.csv", index=False)
joblib.dump(gbr, "/tmp/house_prices/model.joblib")
with open("/tmp/house_prices/metrics.json", "w") as f:
    json.dump({"r2": r2_score(y_test, gbr.predict(X_test))}, f)
