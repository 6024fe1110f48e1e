#!/bin/sh
# features-partition.sh - the same output whole or split by asset.
#
# design.md §6: a plant too big for one process is split by asset and
# the parts run in parallel (here GNU parallel); merging the parts' output
# with sort -m on (ts, asset) must give the whole run's output, byte for
# byte.  The input: 6 assets, a day of gauges at two rates, a counter with
# resets, a state signal and a correlated pair, in time order.
top=${I40_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export LC_ALL=C
if ! command -v parallel >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq parallel >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq parallel >/dev/null 2>&1; }
	fi
	if ! command -v parallel >/dev/null 2>&1; then
		echo "SKIP features-partition: GNU parallel is not installed and cannot be (apt-get install parallel)"
		exit 0
	fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

cat > plant.yaml <<'YAML'
assets:
  m1: &m {signals: {parts: {kind: counter}, state: {kind: state}, temp: {interval: 10s}}}
  m2: *m
  m3: *m
  m4: *m
  m5: *m
  m6: *m
YAML
awk 'BEGIN {
	print "ts,asset,signal,value"
	srand(7)
	for (t = 0; t < 6 * 3600; t++) {
		ts = strftime("%Y-%m-%dT%H:%M:%SZ", 1718000000 + t, 1)
		for (a = 6; a >= 1; a--) {          # assets not in name order
			if (t % 10 == a % 3)
				printf "%s,m%d,temp,%.2f\n", ts, a, 40 + a + 5 * sin(t / 900) + rand()
			if (t % 3 == 0 && !(a == 4 && t > 7200 && t < 9000))   # m4: a gap
				printf "%s,m%d,power,%.3f\n", ts, a, 3 + 0.1 * a + sin(t / 900) + rand() / 5
			if (t % 60 == a)
				printf "%s,m%d,parts,%d\n", ts, a, (t % 5000) / 7
			if (t % 1700 == a * 61)
				printf "%s,m%d,state,%s\n", ts, a, (t / 1700) % 3 ? "RUN" : "DOWN:jam"
		}
	}
}' > in.csv
# sample windows take no state signals (they need time)
grep -v ',state,' in.csv > nostate.csv

check() {
	name=$1 input=$2
	shift 2
	rm -f part-*.csv
	awk -F, 'NR == 1 { h = $0; next }
		{ f = "part-" $2 ".csv"; if (!(f in seen)) { print h > f; seen[f] = 1 } print > f }' "$input"
	i40-features -c plant.yaml "$@" "$input" > whole.csv 2> whole.err ||
		{ echo "FAIL features-partition:$name: whole run: $(head -2 whole.err)"; return; }
	[ -s whole.err ] && { echo "FAIL features-partition:$name: whole run said: $(head -2 whole.err)"; return; }
	# one process per asset, two at a time
	parallel -j2 "i40-features -c plant.yaml $* {} > {.}.out 2> {.}.err" ::: part-*.csv ||
		{ echo "FAIL features-partition:$name: a part failed: $(cat part-*.err | head -2)"; return; }
	for f in part-*.out; do tail -n +2 "$f" > "$f.body"; done
	{ head -1 whole.csv; sort -m -s -t, -k1,2 part-*.out.body; } > merged.csv
	rows=$(($(wc -l < whole.csv) - 1))
	if [ "$rows" -gt 100 ] && cmp -s whole.csv merged.csv; then
		echo "PASS features-partition:$name ($rows rows)"
	else
		echo "FAIL features-partition:$name: whole and merged parts differ ($rows rows): $(diff whole.csv merged.csv | head -3 | tr '\n' ' ')"
	fi
	rm -f part-*.out part-*.err part-*.body
}

PATH="${I40_BUILD:-$top/build}/bin:$PATH"
check tumbling in.csv --window 5m --corr temp,power --corr-tol 2s \
	-f count,mean,std,min,max,p90,slope,delta,rate,resets,time,transitions
check hopping in.csv --window 15m --step 5m --corr temp,power --corr-tol 2s -f mean,kurt,last,delta,time
check local-hours in.csv --tz Asia/Kolkata --window 1h --align local -f mean,delta,time
check samples nostate.csv --samples 50 --hop 25 -f mean,rms,delta
