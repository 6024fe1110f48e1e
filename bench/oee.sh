#!/bin/sh
# oee.sh - i40-oee against a pandas script (bench/oee_pandas.py) on the
# same simulated year of 20 machines.
#
# Input: examples/oee-sim.awk, 20 presses around the clock for a year, UTC,
# one-second timestamps: a state record at every change, the part and scrap
# counters at every part, the product at every changeover, an energy meter
# every 15 min (17M records, 660 MB).  Both compute availability,
# performance, quality and OEE per machine and day; their outputs must
# agree before the timings mean anything.  Peak RSS for a month and for
# the year shows i40-oee's memory does not grow with the input.
. "$(dirname "$0")/lib.sh"
need i40-oee awk
PY=""
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import pandas' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "bench: pandas is not installed (scripts/install-deps --bench)" >&2; exit 1; }
N=${BENCH_MACHINES:-20}
DAYS=${BENCH_DAYS:-365}
year=$work/oee-$N-$DAYS.csv
month=$work/oee-$N-31.csv
plant=$work/oee-plant-$N.yaml
ideal=$work/oee-ideal-$N.csv

# machine i makes two products with ideal cycles of 17+i and 25+i seconds
machines=""
printf 'timezone: UTC\noee:\n  ideal_cycle:\n' > "$plant"
echo "asset,product,seconds" > "$ideal"
i=1
while [ $i -le "$N" ]; do
	m=$(printf 'm%02d' $i)
	a=$((17 + i)) b=$((25 + i))
	machines="$machines $m:${m}a=$a,${m}b=$b"
	printf '    %s: {products: {%sa: %ss, %sb: %ss}}\n' "$m" "$m" $a "$m" $b >> "$plant"
	printf '%s,%sa,%s\n%s,%sb,%s\n' "$m" "$m" $a "$m" "$m" $b >> "$ideal"
	i=$((i + 1))
done
if [ ! -s "$year" ]; then
	echo "bench: simulating $N machines for $DAYS days (a few minutes, kept in $work)" >&2
	awk -f "$top/examples/oee-sim.awk" -v days="$DAYS" -v zone=utc -v schedule=continuous \
		-v machines="$machines" -v seed=1 > "$year.tmp" && mv "$year.tmp" "$year"
fi
[ -s "$month" ] || awk -F, 'NR == 1 || $1 < "2024-02-01" { print; next } { exit }' "$year" > "$month"

# the outputs must agree before timings mean anything (on the month)
i40-oee -c "$plant" --wide "$month" 2>/dev/null | cut -d, -f2,3,10-13 | tail -n +2 | sort > "$work/oee-i40.out"
"$PY" "$(dirname "$0")/oee_pandas.py" "$month" "$ideal" | tail -n +2 | sort > "$work/oee-pd.out"
if ! agree=$(paste -d, "$work/oee-i40.out" "$work/oee-pd.out" | awk -F, '
	$1 != $7 || $2 != $8 { bad++ }
	{ for (i = 3; i <= 6; i++) { d = $i - $(i + 6); if (d < 0) d = -d; if (d > m) m = d } }
	END { printf "%d machine-days, largest difference %g%s", NR, m, bad ? ", " bad " keys differ" : ""
	      exit bad || NR == 0 || m > 1e-9 }'); then
	echo "bench: i40-oee and pandas disagree: $agree" >&2
	exit 1
fi

records=$(($(wc -l < "$year") - 1))
mrecords=$(($(wc -l < "$month") - 1))
set -- $(measure i40 "i40-oee -c $plant --wide $year")
i40_year=$2 i40_year_rss=$3
set -- $(measure i40 "i40-oee -c $plant --wide $month")
i40_month=$2 i40_month_rss=$3
set -- $(BENCH_RUNS=1 measure pandas "$PY $(dirname "$0")/oee_pandas.py $year $ideal")
pd_year=$2 pd_year_rss=$3
set -- $(BENCH_RUNS=1 measure pandas "$PY $(dirname "$0")/oee_pandas.py $month $ideal")
pd_month=$2 pd_month_rss=$3

echo "Outputs agree: $agree (availability, performance, quality, OEE)."
echo
echo "| OEE per machine and day | records | i40-oee | pandas | i40 faster | i40 peak RSS | pandas peak RSS |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '| %s machines, 31 days | %s | %ss | %ss | %sx | %s MB | %s MB |\n' "$N" "$mrecords" "$i40_month" "$pd_month" \
	"$(ratio "$i40_month" "$pd_month")" "$((i40_month_rss / 1024))" "$((pd_month_rss / 1024))"
printf '| %s machines, %s days | %s | %ss | %ss | %sx | %s MB | %s MB |\n' "$N" "$DAYS" "$records" "$i40_year" "$pd_year" \
	"$(ratio "$i40_year" "$pd_year")" "$((i40_year_rss / 1024))" "$((pd_year_rss / 1024))"
