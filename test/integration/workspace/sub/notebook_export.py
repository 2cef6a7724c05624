#!/usr/bin/env python
# In[1]:
import pandas as pd

# In[2]:
df = pd.read_csv("data/churn.csv")
df.head()
print(len(df))
