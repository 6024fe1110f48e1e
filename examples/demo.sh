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
echo "== i40-features: hourly features on the plant's clock (the plant's features: section)"
# the sources cover different hours: sort the records by time (stably) first
(head -1 "$out/records.csv"; tail -n +2 "$out/records.csv" | sort -s -t, -k1,1) |
	i40-features -c plant.yaml --stats > "$out/features.csv"
grep -E '^ts|press1,(parts|temp|state)' "$out/features.csv" | head -9
echo "   ... $(($(wc -l < "$out/features.csv") - 1)) feature records in $out/features.csv"

echo
echo "== i40-features: bearing faults in real vibration (CWRU records, examples/bearings.sh)"
./bearings.sh "$out/bearings.csv"
awk -F, 'NR > 1 && $3 ~ /kurt|env_bpf/ { v[$2, $3] = v[$2, $3] sprintf(" %9.4f", $4) }
	END {
		printf "   %-22s %-20s %-20s %s\n", "record", "kurtosis", "envelope at BPFI", "at BPFO (g, 2 windows)"
		n = split("cwru-normal-0hp-12k cwru-ir007-0hp cwru-or007at6-0hp", a, " ")
		for (i = 1; i <= n; i++)
			printf "   %-22s%-20s%-20s%s\n", a[i], v[a[i], "de_accel.kurt"],
				v[a[i], "de_accel.env_bpfi"], v[a[i], "de_accel.env_bpfo"]
	}' "$out/bearings.csv"
