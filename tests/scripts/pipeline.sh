#!/bin/sh
# pipeline.sh - the example plant's weekly job end to end (examples/week.sh:
# ingest -> features -> detect, oee, forecast, report), and the report
# tied to the programs' outputs, each fact worked out here with awk from
# those outputs, not from the report:
#
#   alerts      the headline's count equals the episodes of
#               i40-detect --events that overlap the week;
#   oee         the OEE of line1 in the headline equals i40-oee --by week
#               --per both for line1 (the report sums the days, weighted
#               by planned time: the same figure); tolerance 0.05 points,
#               the report's rounding to 0.1;
#   reorder     the reorder list has the items and quantities that
#               i40-forecast --inventory orders (value > 0); tolerance
#               0.05% (the report prints 4 significant digits);
#   html        well-formed (xmllint) and under 2 MB.
set -u
top=${I40_TOP:?run from tests/run.sh}
B=${I40_BUILD:?run from tests/run.sh}
w=$B/pipeline
rm -rf "$w"
mkdir -p "$w"
if PATH="$B/bin:$PATH" "$top/examples/week.sh" "$w" > "$w/log" 2>&1 && [ -s "$w/report.txt" ]; then
	echo "PASS pipeline:runs"
else
	echo "FAIL pipeline:runs: examples/week.sh failed: $(tail -3 "$w/log")"
	exit 0
fi
txt=$w/report.txt

# Episodes overlapping [2024-12-01T23:00Z, 2024-12-08T23:00Z): the week in
# Rome time.  Times are fixed-width UTC, so text comparison orders them.
want=$(awk -F, 'NR > 1 && $1 < "2024-12-08T23:00:00Z" && ($5 == "" || $5 >= "2024-12-01T23:00:00Z") { n++ }
	END { print n + 0 }' "$w/alerts.csv")
got=$(awk '$1 == "Alerts" { print $2; exit }' "$txt")
if [ -n "$got" ] && [ "$got" = "$want" ] && [ "$want" -gt 0 ]; then
	echo "PASS pipeline:alerts"
else
	echo "FAIL pipeline:alerts: report says \"$got\", i40-detect --events has $want episodes in the week"
fi

want=$(awk -F, 'NR > 1 && $2 == "line1" && $3 == "oee" { print 100 * $4 }' "$w/oee-week.csv")
got=$(awk '$1 == "OEE" && $2 == "line1" { sub(/%/, "", $3); print $3; exit }' "$txt")
if [ -n "$got" ] && [ -n "$want" ] &&
	awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; exit !(d <= 0.05 && d >= -0.05) }'; then
	echo "PASS pipeline:oee-line"
else
	echo "FAIL pipeline:oee-line: report \"$got\"%, i40-oee \"$want\"%"
fi

# item quantity, sorted, from each side
awk -F, 'NR > 1 && $4 > 0 { print $2, $4 }' "$w/reorder.csv" | sort > "$w/want-orders"
awk '/^Reorder list/ { on = 1; next } on && NF == 0 { on = 0 }
	on && $NF == "reorder" { print $1, $4 }' "$txt" | sort > "$w/got-orders"
if [ -s "$w/want-orders" ] && awk 'NR == FNR { want[$1] = $2; n++; next }
	{ if (!($1 in want)) exit 1; d = $2 - want[$1]; if (d < 0) d = -d
	  if (d > 5e-4 * want[$1]) exit 1; delete want[$1]; m++ }
	END { for (k in want) exit 1; exit !(m == n) }' "$w/want-orders" "$w/got-orders"; then
	echo "PASS pipeline:reorder"
else
	echo "FAIL pipeline:reorder: report: $(tr '\n' ' ' < "$w/got-orders")/ i40-forecast: $(tr '\n' ' ' < "$w/want-orders")"
fi

size=$(wc -c < "$w/report.html")
if [ "$size" -lt 2000000 ]; then
	echo "PASS pipeline:html-size"
else
	echo "FAIL pipeline:html-size: $size bytes"
fi
if command -v xmllint >/dev/null 2>&1; then
	if xmllint --noout "$w/report.html"; then
		echo "PASS pipeline:html-well-formed"
	else
		echo "FAIL pipeline:html-well-formed"
	fi
else
	echo "SKIP pipeline:html-well-formed: xmllint not installed (apt-get install libxml2-utils)"
fi
