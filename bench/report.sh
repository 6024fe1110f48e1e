#!/bin/sh
# report.sh - i40-report on a month of the example plant.
#
# examples/simulate.awk writes 30 days of 1-minute records of the example
# plant (press1, press2, compressor) with detect columns, alert episodes,
# OEE per day, forecasts and reorder points.  Measured: the HTML report
# (time, peak RSS, size: the issue asks for under 2 MB in a few seconds),
# the text and Markdown reports, and for scale Miller computing only the
# per-series count/min/mean/max of the same records (`mlr stats1`), which
# is the table part of the report and nothing else.  A week of the same
# plant shows that memory does not grow with the length of the input.
. "$(dirname "$0")/lib.sh"
need i40-report mlr
plant=$top/examples/plant.yaml

sim()   # days dir
{
	[ -s "$2/records.csv" ] && return
	mkdir -p "$2"
	awk -v start=2024-11-04 -v days="$1" -v out="$2" -f "$top/examples/simulate.awk"
}
sim 30 "$work/report-month"
sim 7 "$work/report-week"
m=$work/report-month
recs=$(($(wc -l < "$m/records.csv") - 1))
all=$(cat "$m"/*.csv | wc -l)

i40-report -c "$plant" -o "$work/month.html" "$m"/*.csv
i40-report -c "$plant" -o "$work/month.txt" "$m"/*.csv
i40-report -c "$plant" -o "$work/month.md" "$m"/*.csv
html_kb=$(($(wc -c < "$work/month.html") / 1024))
charts=$(grep -o '<figure' "$work/month.html" | wc -l)

set -- $(measure html "i40-report -c $plant -o $work/month.html $m/*.csv")
t_html=$2 rss_html=$3
set -- $(measure text "i40-report -c $plant $m/*.csv")
t_text=$2
set -- $(measure md "i40-report -c $plant -f md $m/*.csv")
t_md=$2
set -- $(measure week "i40-report -c $plant --html $work/report-week/*.csv")
rss_week=$3
set -- $(measure mlr "mlr --icsv --opprint stats1 -a count,min,mean,max -f value -g asset,signal $m/records.csv")
t_mlr=$2 rss_mlr=$3

echo "| i40-report, a month of the example plant | input | time | peak RSS | output |"
echo "| --- | --- | --- | --- | --- |"
printf '| HTML report (`-o month.html`) | %s records (%s with OEE, episodes, forecasts) | %ss | %s MB (a week: %s MB) | %s KB, %s charts |\n' \
	"$recs" "$all" "$t_html" "$((rss_html / 1024))" "$((rss_week / 1024))" "$html_kb" "$charts"
printf '| text report | same | %ss | | %s KB |\n' "$t_text" "$(($(wc -c < "$work/month.txt") / 1024))"
printf '| Markdown report | same | %ss | | %s KB |\n' "$t_md" "$(($(wc -c < "$work/month.md") / 1024))"
printf '| `mlr stats1` count/min/mean/max per series only (for scale) | %s records | %ss | %s MB | the whole HTML report is %sx faster |\n' \
	"$recs" "$t_mlr" "$((rss_mlr / 1024))" "$(ratio "$t_html" "$t_mlr")"
if [ "$html_kb" -ge 2048 ]; then
	echo "bench: the HTML report of a month is $html_kb KB, over 2 MB" >&2
	exit 1
fi
