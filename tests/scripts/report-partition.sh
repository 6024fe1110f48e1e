#!/bin/sh
# report-partition.sh - a report does not depend on how its input comes.
#
# design.md §6: programs run on partitions of the input by asset.  The
# report of a simulated day is made from the files in one order, in the
# reverse order, and from the records split into one file per asset given
# asset by asset in a shuffled order: text, Markdown and HTML must be the
# same bytes every time.
set -u
top=${I40_TOP:?run from tests/run.sh}
B=${I40_BUILD:?run from tests/run.sh}
w=$B/partition
rm -rf "$w"
mkdir -p "$w/day" "$w/split"
awk -v start=2024-11-07 -v days=2 -v out="$w/day" -f "$top/examples/simulate.awk"
cd "$w/day" || exit 1
for a in press1 press2 compressor; do
	for f in records events oee; do
		{ head -1 $f.csv; grep "^[^,]*,$a," $f.csv; } > "$w/split/$a-$f.csv"
	done
done
run() {
	fmt=$1
	shift
	SOURCE_DATE_EPOCH=1731312000 "$B/bin/i40-report" -c "$top/examples/plant.yaml" \
		-p 2024-11-07..2024-11-08 -f "$fmt" "$@"
}
status=PASS
for fmt in text md html; do
	run $fmt records.csv events.csv oee.csv forecast.csv inventory.csv > "$w/a.$fmt" || status=FAIL
	run $fmt inventory.csv forecast.csv oee.csv events.csv records.csv > "$w/b.$fmt" || status=FAIL
	(cd "$w/split" && run $fmt press2-oee.csv compressor-records.csv press2-records.csv \
		"$w/day/forecast.csv" press1-events.csv press1-records.csv press2-events.csv \
		compressor-oee.csv "$w/day/inventory.csv" press1-oee.csv compressor-events.csv) \
		> "$w/c.$fmt" || status=FAIL
	for v in b c; do
		cmp -s "$w/a.$fmt" "$w/$v.$fmt" || { status=FAIL; echo "differs: $w/a.$fmt $w/$v.$fmt"; }
	done
done
# and the report is not trivially empty
grep -q 'press1' "$w/a.text" && grep -q 'Vibration RMS' "$w/a.text" || status=FAIL
echo "$status report:order-and-partition"
