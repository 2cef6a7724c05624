import pandas as pd

# Ignored by .gitignore (build/): "Scan Workspace" must skip it.
df = pd.read_csv("/srv/data/generated.csv")
df.head()
print(len(df))
