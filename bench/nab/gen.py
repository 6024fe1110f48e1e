#!/usr/bin/env python3
"""gen.py DIR [SET] - series with planted anomalies, in the NAB layout, to
check that the default detector is not fitted to the six NAB files.

SET 1 (default) is the set phase 1 of the detector was checked on; SET 2
holds other kinds, written later as a second check nobody tuned on:
spikes in white noise, a drop on a trend, a stuck sensor, a dropout to
zero, a change of cycle length, a drop of a count rate, and four series
without anomalies (heavy-tailed noise, a random walk, a square daily
wave, a noisy weekly pattern).

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

def poisson(rng, lam):                 # Knuth's method
    k, p, L = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1

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
        return [poisson(rng, 9 if i >= a else 5) for i in range(n)], a
    if kind == "spike_white":          # one spike of 7 sd in white noise
        return [100 + rng.gauss(0, 1) + (7 if i == a else 0) for i in range(n)], a
    if kind == "drop_on_trend":        # a drop of 5 sd on a rising trend, for good
        sd = 1 / math.sqrt(1 - 0.64)
        return [50 + 0.002 * i + v - (5 * sd if i >= a else 0) for i, v in enumerate(base)], a
    if kind == "stuck_sensor":         # the reading freezes for 300 records
        x = [20 + v for v in base]
        for i in range(a, a + 300):
            x[i] = x[a - 1]
        return x, a
    if kind == "dropout":              # 12 readings of 0 from a sensor near 60
        return [0 if a <= i < a + 12 else 60 + 2 * rng.gauss(0, 1) for i in range(n)], a
    if kind == "cycle_length":         # a 50-record cycle becomes 35 records
        ph, out = 0.0, []
        for i in range(n):
            ph += 2 * math.pi / (35 if i >= a else 50)
            out.append(10 + 5 * math.sin(ph) + 0.5 * rng.gauss(0, 1))
        return out, a
    if kind == "rate_drop":            # Poisson counts, rate 20 -> 12
        return [poisson(rng, 12 if i >= a else 20) for i in range(n)], a
    if kind == "quiet_t3":             # Student t with 3 degrees of freedom
        return [10 + rng.gauss(0, 1) / math.sqrt(rng.gammavariate(1.5, 2) / 3) for _ in range(n)], None
    if kind == "quiet_walk":           # a slow random walk
        x, out = 0.0, []
        for _ in range(n):
            x += rng.gauss(0, 0.1)
            out.append(30 + x + rng.gauss(0, 0.5))
        return out, None
    if kind == "quiet_square":         # a square daily wave with noise
        return [(80 if (i % 288) >= 100 and (i % 288) < 220 else 20) + rng.gauss(0, 2)
                for i in range(n)], None
    if kind == "quiet_weekly":         # busier on weekdays, by hour, with noise
        return [20 + 10 * (1 if (i // 288) % 7 < 5 else 0.3) * max(0, math.sin(math.pi * (i % 288) / 288))
                + rng.gauss(0, 1.5) for i in range(n)], None
    # set 3: other anomalies and other noise (heavy tails, skew,
    # quantisation, exact zeros, regimes); sampling given by step()
    if kind == "amplitude_growth":     # a daily cycle (10-min data) grows by 60% over a day
        return [50 + 10 * (1 + 0.6 * min(1, max(0, (i - a) / 144))) * math.sin(2 * math.pi * i / 144)
                + v for i, v in enumerate(ar1(rng, n, 0.5, 1.5))], a
    if kind == "spike_burst":          # Laplace noise, then 5 spikes of 12 scales in 20 records
        burst = set(a + k * 4 for k in range(5))
        return [10 + rng.choice((-1, 1)) * rng.expovariate(1) + (12 if i in burst else 0)
                for i in range(n)], a
    if kind == "trend_change":         # a wear trend whose slope triples
        return [5 + 0.001 * i + (0.002 * (i - a) if i >= a else 0) + 0.3 * v
                for i, v in enumerate(ar1(rng, n, 0.9, 0.3))], a
    if kind == "noise_collapse":       # the reading loses its noise for 400 records
        return [7 + (0.05 if a <= i < a + 400 else 1) * rng.gauss(0, 1) for i in range(n)], a
    if kind == "phase_shift":          # the shift pattern starts 3 hours later, for good
        return [40 + 15 * math.sin(2 * math.pi * (i - (36 if i >= a else 0)) / 288) + v
                for i, v in enumerate(ar1(rng, n, 0.7, 1.0))], a
    if kind == "hunting":              # a control loop starts to oscillate, 300 records
        return [60 + v + (4 * math.sin(2 * math.pi * i / 10) if a <= i < a + 300 else 0)
                for i, v in enumerate(ar1(rng, n, 0.95, 0.4))], a
    if kind == "quantized_dip":        # readings in steps of 0.5; a dip of 3 for 30 records
        return [round(2 * (21 + 0.5 * v - (3 if a <= i < a + 30 else 0))) / 2
                for i, v in enumerate(ar1(rng, n, 0.98, 0.25))], a
    if kind == "missing_peak":         # one day's peak of a daily load does not come
        return [(5 + 30 * max(0, math.sin(2 * math.pi * i / 288)) * (0 if a <= i < a + 144 else 1)
                 + abs(rng.gauss(0, 1))) for i in range(n)], a
    if kind == "quiet_quantized":      # a slow integer reading: long runs of the same value
        return [float(round(30 + 3 * v)) for v in ar1(rng, n, 0.995, 0.1)], None
    if kind == "quiet_onoff":          # exact zeros while off; on 8 hours a day, start jitters
        out, day = [], -1
        for i in range(n):
            if i // 288 != day:
                day, start = i // 288, 96 + rng.randint(-6, 6)
            on = start <= i % 288 < start + 96
            out.append(50 + rng.gauss(0, 2) if on else 0.0)
        return out, None
    if kind == "quiet_lognormal":      # skewed bursts, as CPU use
        return [5 * math.exp(0.6 * v) for v in ar1(rng, n, 0.6, 1.0)], None
    if kind == "quiet_regimes":        # two levels, switching at random (mean stay 150)
        out, hi = [], False
        for _ in range(n):
            if rng.random() < 1 / 150:
                hi = not hi
            out.append((30 if hi else 20) + rng.gauss(0, 1))
        return out, None
    if kind == "quiet_irregular":      # a daily cycle, by time: see daily_at
        return [rng.gauss(0, 0.7) for i in range(n)], None
    if kind in ("quiet_ar1", "quiet_daily"):   # no anomaly at all
        return [40 + (daily(i) if kind == "quiet_daily" else 0) + v
                for i, v in enumerate(base)], None
    raise ValueError(kind)

def times(kind, rng, t0, n):
    """Sampling: 5 minutes; 10 minutes for amplitude_growth; for
    quiet_irregular a jittered 5-minute clock with a gap of 1 to 3 hours
    now and then (a logger that drops out), its cycle set by the time."""
    if kind == "amplitude_growth":
        return [t0 + timedelta(minutes=10 * i) for i in range(n)]
    if kind == "quiet_irregular":
        out, t = [], t0
        for _ in range(n):
            out.append(t)
            t += timedelta(seconds=300 + rng.randint(-20, 20))
            if rng.random() < 1 / 400:
                t += timedelta(minutes=rng.randint(60, 180))
        return out
    return [t0 + timedelta(minutes=5 * i) for i in range(n)]

def main():
    out = sys.argv[1]
    kinds = ["level_shift", "daily_spike", "drift_to_failure", "variance_burst",
             "cycle_stops", "count_rate", "quiet_ar1", "quiet_daily"]
    seed0 = 1000
    if len(sys.argv) > 2 and sys.argv[2] == "2":
        kinds = ["spike_white", "drop_on_trend", "stuck_sensor", "dropout", "cycle_length",
                 "rate_drop", "quiet_t3", "quiet_walk", "quiet_square", "quiet_weekly"]
        seed0 = 2000
    if len(sys.argv) > 2 and sys.argv[2] == "3":
        kinds = ["amplitude_growth", "spike_burst", "trend_change", "noise_collapse", "phase_shift",
                 "hunting", "quantized_dip", "missing_peak", "quiet_quantized", "quiet_onoff",
                 "quiet_lognormal", "quiet_regimes", "quiet_irregular"]
        seed0 = 3000
    if len(sys.argv) > 3:              # other seeds: the same kinds, other series
        seed0 += 100 * int(sys.argv[3])
    t0 = datetime(2020, 1, 1)
    windows = {}
    os.makedirs(os.path.join(out, "gen"), exist_ok=True)
    for k, kind in enumerate(kinds):
        rng = random.Random(seed0 + k)
        x, a = series(kind, rng)
        n = len(x)
        name = "gen/%s.csv" % kind
        ts = times(kind, rng, t0, n)
        if kind == "quiet_irregular":
            x = [20 + 5 * math.sin(2 * math.pi * (t - t0).total_seconds() / 86400) + v
                 for t, v in zip(ts, x)]
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
