#!/bin/sh
# oee.sh - i40-oee's invariants on every output, and on a year of the
# example plant; the same result on any partition by asset.
#
# tests/oee-check.awk checks availability x performance x quality = oee and
# that the losses and the fully productive time add up to the planned time
# (and more) on each expected output of tests/cases/oee, then on a year of
# simulated 1-second data of examples/plant.yaml (examples/oee-sim.awk),
# per shift, day, week and month, assets and the line.
top=${I40_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
B=${I40_BUILD:-$top/build}
PATH="$B/bin:$PATH"
check="$top/tests/oee-check.awk"
for f in "$top"/tests/cases/oee/*/expout; do
	c=$(basename "$(dirname "$f")")
	if out=$(awk -f "$check" "$f" 2>&1); then echo "PASS oee:invariants:$c"; else echo "FAIL oee:invariants:$c: $out"; fi
done

# A year of the example plant (both presses, Rome time, its holidays).
year=$B/oee-year.csv
sim="$top/examples/oee-sim.awk"
if [ ! -s "$year" ] || [ "$sim" -nt "$year" ]; then
	# the holidays and summer shutdown of examples/plant.yaml
	awk -f "$sim" -v days=366 -v start=2024-01-01 -v machines="press1:A=20,B=28 press2:C=25,D=36" \
		-v holidays="2024-01-01 2024-01-06 2024-04-01 2024-04-25 2024-05-01 2024-06-02 2024-08-15
			2024-10-04 2024-11-01 2024-12-08 2024-12-24..2024-12-26 2024-12-31 2025-01-01
			2024-08-12..2024-08-23" \
		-v reset=press2 > "$year.tmp" && mv "$year.tmp" "$year"
fi
plant="$top/examples/plant.yaml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok=1
for by in shift day week month; do
	i40-oee -c "$plant" --by $by --per both "$year" > "$tmp/long-$by.csv" 2> /dev/null
	i40-oee -c "$plant" --by $by --per both --wide "$year" > "$tmp/wide-$by.csv" 2> /dev/null
	if ! out=$(awk -f "$check" "$tmp/long-$by.csv" "$tmp/wide-$by.csv"); then
		echo "FAIL oee:year-invariants:$by: $out"
		ok=0
	fi
done
rows=$(($(wc -l < "$tmp/wide-day.csv") - 1))
[ $ok = 1 ] && [ "$rows" -gt 1000 ] && echo "PASS oee:year-invariants ($rows asset-days)" ||
	{ [ $ok = 1 ] && echo "FAIL oee:year-invariants: only $rows rows"; }

# Any partition by asset gives the same rows: sort -m of per-asset runs
# equals the whole run.
head -1 "$year" > "$tmp/p1.csv"
cp "$tmp/p1.csv" "$tmp/p2.csv"
awk -F, -v a="$tmp/p1.csv" -v b="$tmp/p2.csv" 'NR > 1 { print >> ($2 == "press1" ? a : b) }' "$year"
for by in shift day; do
	i40-oee -c "$plant" --by $by "$year" 2>/dev/null | tail -n +2 > "$tmp/whole"
	i40-oee -c "$plant" --by $by "$tmp/p1.csv" 2>/dev/null | tail -n +2 > "$tmp/r1"
	i40-oee -c "$plant" --by $by "$tmp/p2.csv" 2>/dev/null | tail -n +2 > "$tmp/r2"
	if LC_ALL=C sort -m "$tmp/r1" "$tmp/r2" | cmp -s - "$tmp/whole" && [ -s "$tmp/r1" ] && [ -s "$tmp/r2" ]; then
		echo "PASS oee:partition-by-asset:$by"
	else
		echo "FAIL oee:partition-by-asset:$by: sort -m of the per-asset runs differs from the whole run"
	fi
done
