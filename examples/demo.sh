#!/bin/sh
# demo.sh - the example plant end to end (make demo).
#
# First the main job: a week of the two presses (Monday 2 to Sunday 8
# December 2024) through the whole pipeline, as cron runs it on Monday
# morning: i40-ingest -> i40-features -> i40-detect (scores and alert
# episodes); i40-oee; i40-forecast (forecasts and the reorder list); and
# i40-report of all of them as text, Markdown and HTML.  The week's raw
# data are generated (gen-vibration.awk: vibration and temperature every
# minute, press1's bearing failing; oee-sim.awk: states, parts, scrap and
# energy of the same presses); the sales are data/sales.csv.  Then a few
# more things each program does.  Outputs go to build/demo.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PATH="$top/build/bin:$PATH"
out=${I40_DEMO_OUT:-$top/build/demo}
week=$out/week
mkdir -p "$week"
cd "$here"
indent() { sed 's/^/     /'; }

echo "== The weekly job: Monday 2 to Sunday 8 December 2024 (examples/week.sh)"
./week.sh "$week"
w=$week
echo "   raw data: $(($(wc -l < "$w/sensors.csv") - 1)) sensor readings, $(($(wc -l < "$w/presses.csv") - 1)) records of the presses' PLCs"
echo
echo "-- i40-ingest: checked, with units ($w/sensors-in.csv, $w/presses-in.csv)"
sed -n '1,3p' "$w/sensors-in.csv" | indent
echo "-- i40-features -w 5m -f mean: 5-minute means of the sensors ($w/features.csv)"
sed -n '1,3p' "$w/features.csv" | indent
echo "-- i40-detect: every mean scored ($w/scored.csv); press1's last:"
grep ',press1,vib_rms.mean,' "$w/scored.csv" | tail -1 | indent
echo "-- i40-detect --events: the alert episodes ($w/alerts.csv)"
tail -n +2 "$w/alerts.csv" | cut -d, -f1-3,7-9 | cut -c1-150 | indent
echo "-- i40-oee --per both: the presses and line1 per day ($w/oee.csv); the week of line1:"
grep -E '^ts|,line1,(oee|availability|performance|quality),' "$w/oee-week.csv" | cut -d, -f3-5 | column -t -s, | indent
echo "-- i40-forecast --history: the next 13 weeks of sales ($w/forecast.csv)"
awk -F, 'NR == 1 || $9 != ""' "$w/forecast.csv" | sed -n '1,4p' | cut -c1-120 | indent
echo "-- i40-forecast --inventory: what to order on Monday 9 December ($w/reorder.csv)"
awk -F, 'NR > 1 { printf "%-9s order %6.0f   stock %5s   reorder point %7.1f\n", $2, $4, $6, $14 }' "$w/reorder.csv" | indent
echo
echo "== i40-report: the week on one page ($w/report.txt, report.md, report.html)"
sed -n '1,40p' "$w/report.txt"
echo "   ..."
echo "   $w/report.html: $(wc -c < "$w/report.html") bytes, one self-contained file"

echo
echo "== More of each program"
echo
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

echo
echo "== i40-oee: a simulated week of the two presses (oee-sim.awk), the week summer time ends"
awk -f oee-sim.awk -v days=7 -v start=2024-10-21 -v machines="press1:A=20,B=28 press2:C=25,D=36" \
	-v seed=7 > "$out/presses-week.csv"
echo "   $(($(wc -l < "$out/presses-week.csv") - 1)) records of states, parts, scrap, products and energy"
echo "   OEE of line1 per day (Sunday 2024-10-27 has 25 hours; the weekend has no shifts):"
i40-oee -c plant.yaml --per line --wide "$out/presses-week.csv" 2> "$out/oee-warnings.txt" |
	cut -d, -f3,4,6,10-14 | column -t -s, | sed 's/^/     /'
echo
echo "== i40-forecast --backtest: which method to trust (mean over the items; RMSSE for spare parts)"
i40-forecast -c plant.yaml --until 2024-12-30 --backtest -m ets,theta,snaive,croston data/sales.csv |
	awk -F, 'NR == 1 { printf "   %-8s %5s %8s %8s %8s %8s\n", $5, "items", $7, $8, $9, $12 }
		$2 == "*" { printf "   %-8s %5d %8.2f %8.3f %8.3f %8.3f\n", $5, $6, $7, $8, $9, $12 }'
