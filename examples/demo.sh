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
echo "== i40-forecast: two years of weekly sales of five items (data/sales.csv), the next 4 weeks"
echo "   (made by data/gen-sales.awk; the plant file sets weeks in Rome time and the inventory facts)"
i40-forecast -c plant.yaml --until 2024-12-30 -H 4 --history data/sales.csv > "$out/forecast.csv"
grep -v ',history$' "$out/forecast.csv" | head -6 | cut -c1-150
echo "   ... history and forecasts in $out/forecast.csv"
echo
echo "== i40-forecast --backtest: which method to trust (mean over the items; RMSSE for spare parts)"
i40-forecast -c plant.yaml --until 2024-12-30 --backtest -m ets,theta,snaive,croston data/sales.csv |
	awk -F, 'NR == 1 { printf "   %-8s %5s %8s %8s %8s %8s\n", $5, "items", $7, $8, $9, $12 }
		$2 == "*" { printf "   %-8s %5d %8.2f %8.3f %8.3f %8.3f\n", $5, $6, $7, $8, $9, $12 }'
echo
echo "== i40-forecast --inventory: the reorder list for Monday 30 December 2024"
i40-forecast -c plant.yaml --inventory --until 2024-12-30 data/sales.csv data/stock.csv > "$out/reorder.csv"
awk -F, 'NR > 1 { printf "   %-9s order %8.0f   stock %6s   reorder point %8.1f   %s\n", $2, $4, $6, $14, $5 }' "$out/reorder.csv"
