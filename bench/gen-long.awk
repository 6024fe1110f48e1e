# gen-long.awk - the benchmark input of issue 3: N 1 Hz records in 20
# series (10 assets x 2 signals), long form, time-ordered, seconds 'Z'.
#   gawk -v n=5000000 -f bench/gen-long.awk > build/bench-5m.csv
# Values: a slow daily sine plus deterministic pseudo-noise, 3 decimals.
BEGIN {
	if (n == "") n = 5000000
	t0 = 1718000000
	print "ts,asset,signal,value"
	srand(1)
	for (r = 0; r < n; r++) {
		s = r % 20
		t = t0 + int(r / 20)
		if (s == 0)
			ts = strftime("%Y-%m-%dT%H:%M:%SZ", t, 1)
		v = 20 + 3 * sin(t / 13751.0) + rand()
		printf "%s,m%02d,%s,%.3f\n", ts, int(s / 2) + 1, (s % 2 ? "vib_rms" : "temp"), v
	}
}
