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
