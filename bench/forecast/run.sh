#!/bin/sh
# run.sh - the i40-forecast accuracy and speed benchmarks against R.
#
#   bench/forecast/run.sh [export]   (from the top of the tree, after make)
#
# Builds the C driver against build/libi40.a and prints, side by side,
# i40's default and R's ets()/thetaf() on the classic series, i40's
# default and R's croston()/ets() on intermittent series, and the time
# of i40's default over the 1,000 series of the speed set, by the library
# (fcbench) and by i40-forecast end to end (CSV in, CSV out, one and two
# threads), beside R's ets() loop in the same run.  "export"
# first regenerates the data and R's forecasts (bench/forecast/export.R,
# needs r-cran-forecast and r-cran-surveillance); the speed set and R's
# time over it are always made by R (minutes).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
d=bench/forecast/data
mkdir -p build
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Ilib \
	-o build/fcbench bench/forecast/fcbench.c build/libi40.a \
	$(pkg-config --libs gsl yaml-0.1 libpcre2-8) -lcsv -lm -pthread
if [ "${1:-}" = export ]; then
	Rscript bench/forecast/export.R classic
	Rscript bench/forecast/export.R intermittent
fi
echo "== accuracy on classic series (holdout: 2 seasons, or 10 for yearly)"
build/fcbench accuracy $d/classic.csv $d/r_classic.csv auto ets theta
echo
echo "== intermittent demand (holdout: 12 periods)"
build/fcbench intermittent $d/intermittent.csv $d/r_intermittent.csv auto croston sba tsb adida
for sub in gen measles hepA; do
	echo "-- $sub only"
	FCBENCH_ONLY=$sub build/fcbench intermittent $d/intermittent.csv $d/r_intermittent.csv auto croston
done
echo
echo "== speed: default method on 1,000 series (R's ets() loop timed by R)"
if ! command -v Rscript >/dev/null 2>&1; then
	echo "SKIP speed: R not installed"
	exit 0
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
r=$(Rscript bench/forecast/export.R speed) || exit 1
echo "$r"
set -- $(echo "$r" | awk '/R ets\(\) loop/ { print $(NF - 5), $(NF - 2) }')
r_wall=$1 r_cpu=$2
build/fcbench speed $d/speed.csv
# The program end to end: the same numbers as records (CSV in, CSV out),
# monthly, every series ending in December 2024; the seasonal ones with
# season 12, the others (trended, intermittent) with season 1, as R has
# them (frequency 12 or 1).
w=${BENCH_WORK:-$top/bench/work}
mkdir -p "$w"
awk -F, -v dir="$w" 'NR == 1 { next }
	{ n[$1] = $4; m[$1] = $2; v[$1, $4] = $5; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
	END {
		print "ts,asset,signal,value" > (dir "/fc-seasonal.csv")
		print "ts,asset,signal,value" > (dir "/fc-other.csv")
		for (j = 1; j <= k; j++) {
			s = order[j]; f = dir (m[s] == 12 ? "/fc-seasonal.csv" : "/fc-other.csv")
			for (i = 1; i <= n[s]; i++) {
				mm = 2024 * 12 + 11 - (n[s] - i)
				printf "%04d-%02d-01T00:00:00Z,%s,demand,%s\n", int(mm / 12), mm % 12 + 1, s, v[s, i] > f
			}
		}
	}' $d/speed.csv
table=""
for jobs in 1 2; do
	/usr/bin/time -f "%e %U %S" -o "$w/fc.time" sh -c "
		build/bin/i40-forecast -j $jobs -p month -H 12 $w/fc-seasonal.csv > $w/fc-out1.csv &&
		build/bin/i40-forecast -j $jobs -p month -s 1 -H 12 $w/fc-other.csv > $w/fc-out2.csv"
	read -r wall user sys < "$w/fc.time"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
	rows=$(cat "$w/fc-out1.csv" "$w/fc-out2.csv" | grep -vc '^ts,')
	table="$table| i40-forecast -j $jobs, end to end ($rows rows out) | $wall s | $cpu s | $(awk -v a="$wall" -v b="$r_wall" 'BEGIN { printf "%.1fx", b / a }') | $(awk -v a="$cpu" -v b="$r_cpu" 'BEGIN { printf "%.1fx", b / a }') |
"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| 1,000 series, h = 12 | wall | CPU | faster than R (wall) | (CPU) |"
echo "| --- | --- | --- | --- | --- |"
echo "| R: forecast(ets(y), h = 12) loop | $r_wall s | $r_cpu s | 1x | 1x |"
printf '%s' "$table"
