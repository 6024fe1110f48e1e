# features_pandas.py - the pandas peer of the issue-3 benchmark: 1-minute
# tumbling windows of mean, std, min, max, rms, kurtosis, slope per
# (asset, signal), CSV in, CSV out (long form), end to end.
#   /usr/bin/python3 bench/features_pandas.py build/bench-5m.csv > out.csv
# Written for pandas' speed (vectorised power sums, no per-group Python):
# time is counted from the file's first record, since hours since the
# epoch (~4.8e5) squared would cancel every digit of a minute's spread.
# Kurtosis here is the moment estimator g2, as i40's kurt (pandas' own
# kurt() is the bias-adjusted G2 and has no fast groupby form in 1.5).
import sys
import numpy as np
import pandas as pd

df = pd.read_csv(sys.argv[1])
df["ts"] = pd.to_datetime(df["ts"], utc=True, format="%Y-%m-%dT%H:%M:%SZ")
t = (df["ts"] - df["ts"].min()).dt.total_seconds() / 3600.0
v = df["value"]
df = df.assign(t=t, v2=v * v, v3=v ** 3, v4=v ** 4, tv=t * v, t2=t * t)
g = df.groupby(["asset", "signal", pd.Grouper(key="ts", freq="1min")])
a = g.agg(mean=("value", "mean"), std=("value", "std"), min=("value", "min"),
          max=("value", "max"), n=("value", "size"), m2=("v2", "mean"),
          m3=("v3", "mean"), m4=("v4", "mean"), mt=("t", "mean"),
          mtv=("tv", "mean"), mt2=("t2", "mean"))
a = a[a["n"] > 0]
mu = a["mean"]
c2 = a["m2"] - mu ** 2
c4 = a["m4"] - 4 * mu * a["m3"] + 6 * mu ** 2 * a["m2"] - 3 * mu ** 4
a["rms"] = np.sqrt(a["m2"])
a["kurt"] = c4 / c2 ** 2 - 3
a["slope"] = (a["mtv"] - a["mt"] * mu) / (a["mt2"] - a["mt"] ** 2)
out = a[["mean", "std", "min", "max", "rms", "kurt", "slope"]].stack().reset_index()
out.columns = ["asset", "signal", "ts", "feature", "value"]
out["ts"] = (out["ts"] + pd.Timedelta(minutes=1)).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
out["signal"] = out["signal"] + "." + out["feature"]
out[["ts", "asset", "signal", "value"]].to_csv(sys.stdout, index=False, float_format="%.10g")
