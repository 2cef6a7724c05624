import os
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("data/churn.csv")
df.head()
df = df.dropna()
df["tenure_years"] = df["tenure"] / 12
df["charges_per_month"] = df["total_charges"] / (df["tenure"] + 1)
df["is_annual"] = (df["plan"] == "annual").astype(int)
features = ["tenure", "monthly_charges", "support_calls", "tenure_years"]
X = df[features]
y = df["churned"]
scaler = StandardScaler()
X_scaled = scaler.fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, test_size=0.25)
model = RandomForestClassifier(n_estimators=150, max_depth=8)
model.fit(X_train, y_train)
predicted = model.predict(X_test)
accuracy = accuracy_score(y_test, predicted)
print("accuracy:", accuracy)
print("rows:", len(df))
print("features:", len(features))
latest = df.tail(100)
scores = model.predict_proba(scaler.transform(latest[["tenure", "monthly_charges", "support_calls", "tenure_years"]]))
print("scored:", len(scores))
os.makedirs("out", exist_ok=True)
df.to_csv("out/clean.csv", index=False)
