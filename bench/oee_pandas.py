#!/usr/bin/env python3
"""oee_pandas.py - the peer of bench/oee.sh: OEE per machine and day in pandas.

    oee_pandas.py RECORDS.csv IDEAL.csv > out.csv

What a user of pandas would write to get the same availability,
performance and quality per machine and UTC day as
`i40-oee --wide` with a plant file that has no shift calendar (every hour
planned) and the default state classes:

  RECORDS.csv  ts,asset,signal,value: `state` (a state holds until the next
               state record, across midnight), `product`, and cumulative
               counters `parts` and `scrap` (a drop is a reset: count from 0)
  IDEAL.csv    asset,product,seconds: the ideal cycle time

  planned busy time = time not in a PLANNED state; run = time in RUN
  availability = run / planned; performance = ideal time of the parts / run
  quality = good / parts; oee = their product
  a count belongs to the day of the instant just before it; the product in
  force is the last product record before the count (input order)
"""
import sys

import numpy as np
import pandas as pd


def main(records, ideal_path):
    df = pd.read_csv(records, dtype={"asset": "category", "signal": "category", "value": str})
    df["ts"] = pd.to_datetime(df["ts"], format="%Y-%m-%dT%H:%M:%SZ")
    df["seq"] = np.arange(len(df))

    # --- state intervals, cut at every midnight, summed per class and day
    st = df.loc[df["signal"] == "state", ["asset", "ts", "seq", "value"]]
    days = st.groupby("asset", observed=True)["ts"].agg(["min", "max"])
    cuts = []
    for asset, row in days.iterrows():
        mids = pd.date_range(row["min"].floor("D"), row["max"].floor("D") + pd.Timedelta(days=1), freq="D")
        cuts.append(pd.DataFrame({"asset": asset, "ts": mids, "seq": -1, "value": None}))
    cut = pd.concat(cuts)
    cut["asset"] = cut["asset"].astype(st["asset"].dtype)
    iv = pd.concat([st, cut]).sort_values(["asset", "ts", "seq"], kind="stable")
    iv["value"] = iv.groupby("asset", observed=True)["value"].ffill()
    iv["dur"] = (iv.groupby("asset", observed=True)["ts"].shift(-1) - iv["ts"]).dt.total_seconds()
    iv = iv.dropna(subset=["dur", "value"])
    iv["day"] = iv["ts"].dt.floor("D")
    v = iv["value"]
    iv["cls"] = np.select([v == "RUN", v.str.match(r"^PLANNED(:|$)")], ["run", "planned"], "other")
    t = iv.pivot_table(index=["asset", "day"], columns="cls", values="dur", aggfunc="sum", fill_value=0,
                       observed=True)
    for c in ("run", "planned", "other"):
        if c not in t:
            t[c] = 0.0
    t["pbt"] = t["run"] + t["other"]

    # --- counters: increments, resets, the product in force, the ideal time
    cnt = df.loc[df["signal"].isin(["parts", "scrap"]), ["asset", "ts", "seq", "signal", "value"]].copy()
    cnt["v"] = cnt["value"].astype(float)
    cnt["d"] = cnt.groupby(["asset", "signal"], observed=True)["v"].diff()
    cnt.loc[cnt["d"] < 0, "d"] = cnt["v"]       # reset: counted from 0
    cnt["d"] = cnt["d"].fillna(0)               # the first reading starts counting
    cnt["day"] = (cnt["ts"] - pd.Timedelta(1, "ns")).dt.floor("D")
    prod = df.loc[df["signal"] == "product", ["asset", "seq", "value"]].rename(columns={"value": "product"})
    cnt = pd.merge_asof(cnt.sort_values("seq"), prod.sort_values("seq"), on="seq", by="asset")
    ideal = pd.read_csv(ideal_path, dtype={"asset": str, "product": str})
    cnt["asset"] = cnt["asset"].astype(str)
    cnt = cnt.merge(ideal, on=["asset", "product"], how="left")
    cnt["ideal"] = cnt["d"] * cnt["seconds"]
    parts = cnt[cnt["signal"] == "parts"].groupby(["asset", "day"])[["d", "ideal"]].sum()
    scrap = cnt[cnt["signal"] == "scrap"].groupby(["asset", "day"])["d"].sum().rename("scrap")

    t.index = t.index.set_levels(t.index.levels[0].astype(str), level=0)
    out = t.join(parts, how="left").join(scrap, how="left").fillna({"d": 0, "ideal": 0, "scrap": 0})
    out["availability"] = out["run"] / out["pbt"]
    out["performance"] = out["ideal"] / out["run"]
    out["quality"] = (out["d"] - out["scrap"]) / out["d"]
    out["oee"] = out["availability"] * out["performance"] * out["quality"]
    out = out.reset_index()
    out["day"] = out["day"].dt.strftime("%Y-%m-%d")
    out[["asset", "day", "availability", "performance", "quality", "oee"]].to_csv(
        sys.stdout, index=False, float_format="%.12g")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
