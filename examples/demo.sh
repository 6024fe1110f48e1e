#!/bin/sh
# demo.sh - the example plant end to end (make demo).
#
# Every raw export in examples/data goes through i40-ingest with the
# plant file; later steps of the pipeline read records.csv.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PATH="$top/build/bin:$PATH"
out=${I40_DEMO_OUT:-$top/build/demo}
mkdir -p "$out"
cd "$here"

echo "== i40-ingest: SCADA export, PLC log, Telegraf and MQTT into one record stream"
i40-ingest -c plant.yaml --stats --rejects "$out/rejects.csv" \
	data/scada_press1.csv data/plc.log data/telegraf.lp data/mqtt_shopfloor.txt \
	> "$out/records.csv" || true
head -5 "$out/records.csv"
echo "   ... $(($(wc -l < "$out/records.csv") - 1)) records in $out/records.csv"
echo "   rejected (kept with their reason in $out/rejects.csv):"
tail -n +2 "$out/rejects.csv" | sed 's/^/     /'

echo
echo "== i40-oee: a simulated week of the two presses (oee-sim.awk), the week summer time ends"
awk -f oee-sim.awk -v days=7 -v start=2024-10-21 -v machines="press1:A=20,B=28 press2:C=25,D=36" \
	-v seed=7 > "$out/presses-week.csv"
echo "   $(($(wc -l < "$out/presses-week.csv") - 1)) records of states, parts, scrap, products and energy"
echo "   OEE of line1 per day (Sunday 2024-10-27 has 25 hours; the weekend has no shifts):"
i40-oee -c plant.yaml --per line --wide "$out/presses-week.csv" 2> "$out/oee-warnings.txt" |
	cut -d, -f3,4,6,10-14 | column -t -s, | sed 's/^/     /'
echo "   press1 per shift on Monday:"
i40-oee -c plant.yaml --by shift --wide --to 2024-10-22 "$out/presses-week.csv" 2>> "$out/oee-warnings.txt" |
	grep -E '^ts|press1' | cut -d, -f3,6,7,10-13,20-21 | column -t -s, | sed 's/^/     /'
echo "   where line1's planned time went that week (seconds):"
i40-oee -c plant.yaml --by week --per line "$out/presses-week.csv" 2>> "$out/oee-warnings.txt" |
	grep -E ',(loss\.|fully_productive_time|planned_time)' | cut -d, -f3,4 | column -t -s, | sed 's/^/     /'
echo "   the downtime Pareto of line1:"
i40-oee -c plant.yaml --by week --per line "$out/presses-week.csv" 2>> "$out/oee-warnings.txt" |
	grep ',pareto\.' | head -6 | cut -d, -f3,4 | column -t -s, | sed 's/^/     /'
