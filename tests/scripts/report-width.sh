#!/bin/sh
# report-width.sh - text reports fit the line, and names are not cut
# while a sparkline can give up cells.
#
# Signals named like i40-features' output (bearing_temperature.mean, 24
# characters) with scores and limits make the signal table wider than 80
# columns at its usual 20-cell sparklines.  Expected: every line of the
# report at most 80 columns (60 with -w 60), each full name in the table,
# and the sparkline no shorter than 8 cells.
set -u
top=${I40_TOP:?run from tests/run.sh}
B=${I40_BUILD:?run from tests/run.sh}
w=$B/report-width
rm -rf "$w"
mkdir -p "$w"
awk 'BEGIN {
	print "ts,asset,signal,value,score,alert,reason"
	for (i = 0; i < 48; i++)
		for (k = 1; k <= 2; k++)
			printf "2024-11-04T%02d:%02d:00Z,m1,%s,%.3f,%.2f,0,\n", i / 2, (i % 2) * 30,
				k == 1 ? "bearing_temperature.mean" : "spindle_vibration.rms", 50 + k * 10 + (i % 7) * 1.234, (i % 5) / 10
}' > "$w/in.csv"
fail=0
for width in 80 60; do
	SOURCE_DATE_EPOCH=1731312000 "$B/bin/i40-report" -w $width "$w/in.csv" > "$w/out-$width.txt" 2> "$w/err-$width.txt" || fail=1
	# columns, not bytes: count UTF-8 lead bytes only
	long=$(LC_ALL=C awk -v max=$width '{ s = $0; gsub(/[\200-\277]/, "", s); if (length(s) > max) n++ } END { print n + 0 }' "$w/out-$width.txt")
	if [ "$long" -ne 0 ]; then
		echo "FAIL report-width:$width: $long lines wider than $width columns"
		fail=1
	else
		echo "PASS report-width:$width"
	fi
done
for name in bearing_temperature.mean spindle_vibration.rms; do
	if grep -q "^$name " "$w/out-80.txt"; then
		echo "PASS report-width:name:$name"
	else
		echo "FAIL report-width:name:$name cut in the signal table"
		fail=1
	fi
done
# the sparkline of the table: 8 cells at least (block characters U+2581..U+2588)
cells=$(LC_ALL=C awk '/^bearing_temperature.mean / { s = $NF; n = gsub(/\342\226[\201-\210]/, "", s); print n; exit }' "$w/out-80.txt")
if [ "${cells:-0}" -ge 8 ] && [ "${cells:-0}" -lt 20 ]; then
	echo "PASS report-width:sparkline ($cells cells)"
else
	echo "FAIL report-width:sparkline has ${cells:-no} cells, expected 8 to 19"
	fail=1
fi
exit $fail
