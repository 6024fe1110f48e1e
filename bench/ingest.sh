#!/bin/sh
# ingest.sh - i40-ingest against Miller on the same generated input.
#
#   long: normalise N-row long CSV       vs  mlr --icsv --ocsv cat
#   wide: 1M rows x 10 signals to long   vs  mlr --icsv --ocsv reshape
# Peak RSS at 1M and 5M rows shows memory does not grow with the input.
. "$(dirname "$0")/lib.sh"
need i40-ingest mlr
ROWS=${BENCH_ROWS:-5000000}

gen_wide()   # rows file: one time column and 10 signal columns
{
	[ -s "$2" ] && return
	awk -v n="$1" 'BEGIN {
		printf "ts"; for (k = 0; k < 10; k++) printf ",s%d", k; print ""
		srand(2); t0 = 1700000000
		for (i = 0; i < n; i++) {
			printf "%s", strftime("%Y-%m-%dT%H:%M:%SZ", t0 + i, 1)
			for (k = 0; k < 10; k++) printf ",%.2f", rand() * 100
			print ""
		}
	}' > "$2"
}

gen_long 1000000 "$work/long-1m.csv"
gen_long "$ROWS" "$work/long-$ROWS.csv"
gen_wide 1000000 "$work/wide-1m.csv"

# the outputs must agree before timings mean anything
i40-ingest "$work/long-1m.csv" | cmp -s - "$work/long-1m.csv" ||
	{ echo "bench: i40-ingest changed already-normal records" >&2; exit 1; }

set -- $(measure i40 "i40-ingest $work/long-$ROWS.csv")
i40_long=$2 i40_long_rss=$3
set -- $(measure mlr "mlr --icsv --ocsv cat $work/long-$ROWS.csv")
mlr_long=$2 mlr_long_rss=$3
set -- $(measure i40 "i40-ingest $work/long-1m.csv")
i40_long1_rss=$3
set -- $(measure i40 "i40-ingest -f wide -a m1 $work/wide-1m.csv")
i40_wide=$2 i40_wide_rss=$3
set -- $(measure mlr "mlr --icsv --ocsv reshape -r '^s' -o signal,value $work/wide-1m.csv")
mlr_wide=$2 mlr_wide_rss=$3

echo "| i40-ingest task | input | i40 | Miller | i40 faster | i40 peak RSS |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '| normalise long CSV (`mlr cat`) | %s rows | %ss | %ss | %sx | %s MB (1M rows: %s MB) |\n' \
	"$ROWS" "$i40_long" "$mlr_long" "$(ratio "$i40_long" "$mlr_long")" \
	"$((i40_long_rss / 1024))" "$((i40_long1_rss / 1024))"
printf '| wide to long (`mlr reshape`) | 1M rows x 10 | %ss | %ss | %sx | %s MB |\n' \
	"$i40_wide" "$mlr_wide" "$(ratio "$i40_wide" "$mlr_wide")" "$((i40_wide_rss / 1024))"
printf '| Miller peak RSS | | | long %s MB, wide %s MB | | |\n' "$((mlr_long_rss / 1024))" "$((mlr_wide_rss / 1024))"
