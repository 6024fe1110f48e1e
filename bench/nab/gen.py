#!/usr/bin/env python3
"""gen.py DIR - series with planted anomalies, in the NAB layout, to check
that the default detector is not fitted to the six NAB files.

Each series is 5-minute data; the anomaly window is centred on the planted
onset and is 10% of the file long (one anomaly per file), as NAB makes its
windows.  Fixed seeds: the same files every run.  Standard library only.
"""
import json, math, os, random, sys
from datetime import datetime, timedelta

def ar1(rng, n, phi=0.8, sd=1.0):
    x, out = 0.0, []
    for _ in range(n):
        x = phi * x + rng.gauss(0, sd)
        out.append(x)
    return out

def daily(i):
    return 10 * math.sin(2 * math.pi * i / 288)

def series(kind, rng, n=4000):
    a = int(n * 0.7)
    base = ar1(rng, n)
    if kind == "level_shift":          # +4 sd of the noise, for good
        sd = 1 / math.sqrt(1 - 0.64)
        return [50 + v + (4 * sd if i >= a else 0) for i, v in enumerate(base)], a
    if kind == "daily_spike":          # one spike of 6 sd in a daily cycle
        return [20 + daily(i) + v + (10 if i == a else 0) for i, v in enumerate(base)], a
    if kind == "drift_to_failure":     # slow drift, 0.02 per record
        return [70 + v + (0.02 * (i - a) if i >= a else 0) for i, v in enumerate(base)], a
    if kind == "variance_burst":       # noise x4 for 300 records
        return [5 + (4 * v if a <= i < a + 300 else v) for i, v in enumerate(base)], a
    if kind == "cycle_stops":          # a 100-record cycle goes flat
        return [30 + (0 if i >= a else 8 * math.sin(2 * math.pi * i / 100)) + 0.5 * v
                for i, v in enumerate(base)], a
    if kind == "count_rate":           # Poisson counts, rate 5 -> 9
        out = []
        for i in range(n):
            lam = 9 if i >= a else 5
            k, p, L = 0, 1.0, math.exp(-lam)
            while True:
                p *= rng.random()
                if p <= L:
                    break
                k += 1
            out.append(k)
        return out, a
    if kind in ("quiet_ar1", "quiet_daily"):   # no anomaly at all
        return [40 + (daily(i) if kind == "quiet_daily" else 0) + v
                for i, v in enumerate(base)], None
    raise ValueError(kind)

def main():
    out = sys.argv[1]
    kinds = ["level_shift", "daily_spike", "drift_to_failure", "variance_burst",
             "cycle_stops", "count_rate", "quiet_ar1", "quiet_daily"]
    t0 = datetime(2020, 1, 1)
    windows = {}
    os.makedirs(os.path.join(out, "gen"), exist_ok=True)
    for k, kind in enumerate(kinds):
        rng = random.Random(1000 + k)
        x, a = series(kind, rng)
        n = len(x)
        name = "gen/%s.csv" % kind
        ts = [t0 + timedelta(minutes=5 * i) for i in range(n)]
        with open(os.path.join(out, name), "w") as f:
            f.write("timestamp,value\n")
            for t, v in zip(ts, x):
                f.write("%s,%.6f\n" % (t.strftime("%Y-%m-%d %H:%M:%S"), v))
        w = []
        if a is not None:
            half = int(0.1 * n / 2)
            fmt = "%Y-%m-%d %H:%M:%S.000000"
            w.append([ts[max(0, a - half)].strftime(fmt), ts[min(n - 1, a + half)].strftime(fmt)])
        windows[name] = w
    with open(os.path.join(out, "windows.json"), "w") as f:
        json.dump(windows, f, indent=1)

main()
