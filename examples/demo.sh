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

echo
echo "== i40-detect: a week of vibration and temperature, from records to alerts"
echo "   (data/vibration.csv, made by gen-vibration.awk: press1's bearing fails)"
i40-detect -c plant.yaml --stats data/vibration.csv > "$out/scored.csv" || true
i40-detect -c plant.yaml --events data/vibration.csv > "$out/alerts.csv" || true
echo "   alert episodes (all of them in $out/alerts.csv):"
tail -n +2 "$out/alerts.csv" | cut -d, -f1-3,7- | sed 's/^/     /'
echo "   press1 vib_rms at the end, with its remaining life in hours (rul_hours,rul_lo,rul_hi):"
grep ',press1,vib_rms,' "$out/scored.csv" | tail -1 | sed 's/^/     /'
echo "   the page a manager reads of it (i40-report; RUL, sentences and alert shading come from i40-detect):"
i40-report -c plant.yaml "$out/scored.csv" "$out/alerts.csv" | sed -n '1,22p' | sed 's/^/     /'

echo
echo "== i40-report: the records above as a report for the terminal"
i40-report -c plant.yaml "$out/records.csv" | sed -n '1,30p'

# A week of the plant: simulate.awk writes 1-minute records with the
# columns i40-detect adds, alert episodes, OEE per day, forecasts and
# reorder points (stand-ins for the output of i40-detect, i40-oee and
# i40-forecast), and i40-report turns them into one page.
echo
echo "== i40-report: a week of the example plant as text, Markdown and HTML"
week=$out/week
mkdir -p "$week"
awk -v start=2024-11-04 -v days=7 -v out="$week" -f simulate.awk
echo "   simulated: $(cd "$week" && wc -l *.csv | sed '$d' | awk '{printf "%s%s (%d records)", n++ ? ", " : "", $2, $1 - 1}')"
i40-report -c plant.yaml -p 2024-11-04..2024-11-10 --stats "$week"/*.csv | sed -n '1,25p'
echo "   ..."
i40-report -c plant.yaml -p 2024-11-04..2024-11-10 -o "$out/report.md" "$week"/*.csv
i40-report -c plant.yaml -p 2024-11-04..2024-11-10 -o "$out/report.html" "$week"/*.csv
echo "   $out/report.md, $out/report.html ($(wc -c < "$out/report.html") bytes, one self-contained file)"
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

echo
echo "== i40-forecast: two years of weekly sales of five items (data/sales.csv), the next 4 weeks"
echo "   (made by data/gen-sales.awk; the plant file sets weeks in Rome time and the inventory facts)"
i40-forecast -c plant.yaml --until 2024-12-30 -H 4 --history data/sales.csv > "$out/forecast.csv"
awk -F, 'NR == 1 || $5 != ""' "$out/forecast.csv" | head -6 | cut -c1-150
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
echo "   the same as i40-report shows them:"
i40-report -c plant.yaml "$out/forecast.csv" "$out/reorder.csv" | sed -n '/^Forecasts and inventory/,/^Generated/p' |
	grep -v '^Generated' | sed 's/^/     /'
