#!/bin/sh
# week.sh - the weekly job of the example plant, as cron runs it on
# Monday morning: the week of Monday 2 to Sunday 8 December 2024 from raw
# data to one report (examples/demo.sh shows it; tests/scripts/pipeline.sh
# checks the report against the programs' outputs).
#
#   examples/week.sh DIR      writes every step's output into DIR
#
# The raw data of the week are generated with the kept generators, for
# the same presses and week: gen-vibration.awk (vibration and mould
# temperature every minute; press1's bearing starts failing on Saturday)
# and oee-sim.awk (states, part counters, scrap, products and energy of
# the presses' PLCs).  Sales are data/sales.csv, the warehouse count of
# Monday 9 December data/stock-2024-12-09.csv.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PATH="$here/../build/bin:$PATH"
d=${1:?usage: week.sh DIR}
mkdir -p "$d"
d=$(cd "$d" && pwd)
cd "$here"

# the week's raw data
awk -f gen-vibration.awk -v start=2024-12-02 -v step=60 > "$d/sensors.csv"
awk -f oee-sim.awk -v days=7 -v start=2024-12-02 -v seed=7 \
	-v machines="press1:A=20,B=28 press2:C=25,D=36" > "$d/presses.csv"

# condition monitoring: checked records, 5-minute means, scores; then the
# alert episodes with their sentences
i40-ingest -c plant.yaml "$d/sensors.csv" | tee "$d/sensors-in.csv" |
	i40-features -w 5m -f mean | tee "$d/features.csv" |
	i40-detect -c plant.yaml > "$d/scored.csv"
i40-detect -c plant.yaml --events "$d/features.csv" > "$d/alerts.csv"

# OEE of each press and of the line, per day (and the week, to compare)
i40-ingest -c plant.yaml "$d/presses.csv" > "$d/presses-in.csv"
i40-oee -c plant.yaml --per both "$d/presses-in.csv" > "$d/oee.csv"
i40-oee -c plant.yaml --per both --by week "$d/presses-in.csv" > "$d/oee-week.csv"

# demand: 13 weeks ahead with the history, and what to order on Monday
i40-forecast -c plant.yaml --until 2024-12-09 --history data/sales.csv > "$d/forecast.csv" 2> "$d/forecast.log"
i40-forecast -c plant.yaml --inventory --until 2024-12-09 \
	data/sales.csv data/stock-2024-12-09.csv > "$d/reorder.csv" 2>> "$d/forecast.log"

# the page a manager reads
for f in txt md html; do
	i40-report -c plant.yaml -p 2024-12-02..2024-12-08 -o "$d/report.$f" \
		"$d/scored.csv" "$d/alerts.csv" "$d/oee.csv" "$d/forecast.csv" "$d/reorder.csv"
done
