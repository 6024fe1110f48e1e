#!/bin/sh
# detect.sh - i40-detect against Miller on the same generated input, and
# the speed of the default detector.
#
#   ewma: i40-detect -m ewma   vs  mlr step -a ewma -d 0.2 -g asset,signal
#   the adaptive default: records per second of CPU and of wall clock
# Peak RSS at 1M and 5M rows shows memory does not grow with the input.
# The NAB scores are bench/nab/run.sh (make -C bench/nab first).
. "$(dirname "$0")/lib.sh"
need i40-detect mlr
ROWS=${BENCH_ROWS:-5000000}

gen_long 1000000 "$work/long-1m.csv"
gen_long "$ROWS" "$work/long-$ROWS.csv"

# both tools must agree before timings mean anything: the EWMA of one
# series from its 101st record on (i40 starts its chart at the given
# mean 0, Miller at the first value; after 100 records, 0.8^100 apart),
# i40's chart statistic read from its reason (4 digits)
i40-detect -m ewma --set mean=0 --set sigma=1 --off 0.0001 -t 0.0001 "$work/long-1m.csv" |
	awk -F, '$2 == "m0" && $3 == "s0" { n++; if (n > 100 && n <= 300) { split($7, r, " "); print r[2] } }' \
	> "$work/i40.ewma"
mlr --icsv --ocsv step -a ewma -d 0.2 -f value -g asset,signal then filter '$asset == "m0" && $signal == "s0"' \
	then cut -f value_ewma_0.2 then head -n 300 "$work/long-1m.csv" | sed -n '102,301p' > "$work/mlr.ewma"
paste -d, "$work/i40.ewma" "$work/mlr.ewma" | awk -F, '{ d = $1 - $2; if (d < 0) d = -d; if (d > 0.0006 * $2) bad++ }
	END { if (NR != 200 || bad) { print "bench: i40 and Miller EWMAs differ (" bad " of " NR ")" > "/dev/stderr"; exit 1 } }' ||
	exit 1

set -- $(measure i40-ewma "i40-detect -m ewma $work/long-$ROWS.csv")
i40_ewma=$2 i40_ewma_rss=$3
set -- $(measure mlr-ewma "mlr --icsv --ocsv step -a ewma -d 0.2 -f value -g asset,signal $work/long-$ROWS.csv")
mlr_ewma=$2 mlr_ewma_rss=$3
set -- $(measure i40-ewma-1m "i40-detect -m ewma $work/long-1m.csv")
i40_ewma1_rss=$3
set -- $(measure i40-default "i40-detect $work/long-$ROWS.csv")
i40_def=$2 i40_def_rss=$3
set -- $(measure i40-default-1m "i40-detect $work/long-1m.csv")
i40_def1_rss=$3
/usr/bin/time -f "%U" -o "$work/.cpu" i40-detect "$work/long-$ROWS.csv" > /dev/null 2>&1
cpu=$(cat "$work/.cpu")

rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.2f", (t > 0) ? n / t / 1e6 : 0 }'; }
echo "| i40-detect task | input | i40 | Miller | i40 faster | i40 peak RSS |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '| EWMA per series (`mlr step -a ewma -g asset,signal`) | %s rows | %ss | %ss | %sx | %s MB (1M rows: %s MB) |\n' \
	"$ROWS" "$i40_ewma" "$mlr_ewma" "$(ratio "$i40_ewma" "$mlr_ewma")" \
	"$((i40_ewma_rss / 1024))" "$((i40_ewma1_rss / 1024))"
printf '| adaptive default (no peer) | %s rows | %ss wall, %ss CPU: %s M rec/s wall, %s M/s CPU | | | %s MB (1M rows: %s MB) |\n' \
	"$ROWS" "$i40_def" "$cpu" "$(rate "$ROWS" "$i40_def")" "$(rate "$ROWS" "$cpu")" \
	"$((i40_def_rss / 1024))" "$((i40_def1_rss / 1024))"
printf '| Miller peak RSS | | | %s MB | | |\n' "$((mlr_ewma_rss / 1024))"
