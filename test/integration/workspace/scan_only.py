import pandas as pd

# Never opened by the tests: its findings come from "Scan Workspace" only.
df = pd.read_csv("data/customers.csv")
df.describe()
print(len(df))
