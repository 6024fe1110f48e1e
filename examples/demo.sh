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
echo "== i40-detect: a week of vibration and temperature, from records to alerts"
echo "   (data/vibration.csv, made by gen-vibration.awk: press1's bearing fails)"
i40-detect -c plant.yaml --stats data/vibration.csv > "$out/scored.csv" || true
i40-detect -c plant.yaml --events data/vibration.csv > "$out/alerts.csv" || true
echo "   alert episodes (all of them in $out/alerts.csv):"
tail -n +2 "$out/alerts.csv" | cut -d, -f1-3,7- | sed 's/^/     /'
echo "   press1 vib_rms at the end, with its remaining life in hours (rul_hours,rul_lo,rul_hi):"
grep ',press1,vib_rms,' "$out/scored.csv" | tail -1 | sed 's/^/     /'
