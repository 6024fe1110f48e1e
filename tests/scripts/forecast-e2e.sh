#!/bin/sh
# forecast-e2e.sh - i40-forecast end to end against its own library and
# against itself on parts of the input.
#
# library: the 25 classic series of bench/forecast/data/classic.csv
#   (training part) become records, monthly, quarterly or yearly by their
#   season, ending together in 2019; i40-forecast (CSV in, CSV out, two
#   threads) must give the forecasts and intervals that lib/fcast.c gives
#   on the same values (bench/forecast/fcbench.c forecast), to 1e-9
#   relative (the program prints 12 significant digits), with the same
#   method names.
# partition: sales of 6 items, split by item into two runs; the two
#   outputs merged by time (sort -m) equal the run on all items, for
#   forecasts with history, backtests (without the summary rows, which
#   are means over the run) and inventory.
set -u
top=${I40_TOP:?run from tests/run.sh}
B=${I40_BUILD:?run from tests/run.sh}
out=$B/forecast-e2e
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C

san=
[ "${I40_SANITIZED:-}" = 1 ] && san="-fsanitize=address,undefined"
# shellcheck disable=SC2046
if ! ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -I"$top/lib" -O1 -g $san \
	-o "$out/fcbench" "$top/bench/forecast/fcbench.c" "$B/libi40.a" \
	$(pkg-config --libs gsl yaml-0.1 libpcre2-8) -lcsv -lm -pthread 2> "$out/cc.err"; then
	echo "FAIL forecast-e2e:build: $(head -3 "$out/cc.err")"
	exit 0
fi

# ---- library ----
"$out/fcbench" forecast "$top/bench/forecast/data/classic.csv" > "$out/lib.csv"
awk -F, -v dir="$out" 'NR == 1 { next }
	{ name[$1] = $1; m[$1] = $2; h[$1] = $3; n[$1] = $4; v[$1, $4] = $5 }
	END {
		for (s in name) {
			N = n[s] - h[s]
			f = m[s] == 12 ? "month" : m[s] == 4 ? "quarter" : "year"
			file = dir "/" f ".csv"
			if (!(file in seen)) { print "ts,asset,signal,value" > file; seen[file] = 1 }
			for (k = 1; k <= N; k++) {
				back = N - k
				if (m[s] == 12) { mm = 2019 * 12 + 11 - back; y = int(mm / 12); mo = mm % 12 + 1 }
				else if (m[s] == 4) { q = 2019 * 4 + 3 - back; y = int(q / 4); mo = (q % 4) * 3 + 1 }
				else { y = 2019 - back; mo = 1 }
				printf "%04d-%02d-01T00:00:00Z,%s,y,%s\n", y, mo, s, v[s, k] > file
			}
		}
	}' "$top/bench/forecast/data/classic.csv"
: > "$out/prog.csv"
for p in month:24 quarter:8 year:10; do
	i40-forecast -j 2 --aggregate mean -p "${p%:*}" -H "${p#*:}" "$out/${p%:*}.csv" > "$out/prog-${p%:*}.csv" ||
		echo "FAIL forecast-e2e:library:run-${p%:*}: exit $?"
	tail -n +2 "$out/prog-${p%:*}.csv" >> "$out/prog.csv"
done
# The program's rows of a series in time order are steps 1..h.
if awk -F, 'NR == FNR { if (FNR > 1) { k = $1 SUBSEP $2; for (j = 3; j <= 7; j++) want[k, j] = $j
			sub(/^[^"]*"/, ""); sub(/"$/, ""); meth[k] = $0 } next }
	{ step[$2]++; k = $2 SUBSEP step[$2]; got++
	  if (!((k, 3) in want)) { print "no library forecast for " $2 " step " step[$2]; bad++; next }
	  for (j = 4; j <= 8; j++) {
		w = want[k, j - 1]; d = $j - w; if (d < 0) d = -d; s = w < 0 ? -w : w
		if (d > 1e-9 * (s > 1 ? s : 1)) { print $2 " step " step[$2] " column " j ": " $j " vs " w; bad++ }
	  }
	  m = $9
	  if (index($0, "\"")) { m = $0; sub(/^[^"]*"/, "", m); sub(/"$/, "", m) }
	  if (m != meth[k]) { print $2 ": method " m " vs " meth[k]; bad++ } }
	END { if (got == 0) bad++; exit bad > 0 }' "$out/lib.csv" "$out/prog.csv" > "$out/diff"; then
	if [ "$(wc -l < "$out/prog.csv")" -eq "$(($(wc -l < "$out/lib.csv") - 1))" ]; then
		echo "PASS forecast-e2e:library"
	else
		echo "FAIL forecast-e2e:library: $(wc -l < "$out/prog.csv") rows, library $(($(wc -l < "$out/lib.csv") - 1))"
	fi
else
	echo "FAIL forecast-e2e:library: $(head -3 "$out/diff")"
fi

# ---- partition by asset ----
awk 'BEGIN { srand(5); print "ts,asset,signal,value"
	for (d = 0; d < 500; d++)
		for (k = 1; k <= 6; k++)
			if (rand() < (k < 4 ? 0.8 : 0.15))
				printf "%s,item%d,sales,%d\n", strftime("%Y-%m-%dT%H:%M:%SZ", 1672560000 + d * 86400 + k * 600, 1), k, 1 + int(rand() * 5 * k)
	print "2024-05-14T08:00:00Z,item1,stock,30"
	print "2024-05-14T08:00:00Z,item5,stock,2" }' > "$out/sales.csv"
cat > "$out/plant.yaml" <<'EOF'
timezone: Europe/Rome
inventory:
  stock_signal: stock
  defaults: {lead_time: 2w, service: 0.9, holding_cost: 2, order_cost: 25}
EOF
grep -E '^ts|,item[123],' "$out/sales.csv" > "$out/part1.csv"
grep -E '^ts|,item[456],' "$out/sales.csv" > "$out/part2.csv"
for mode in "--history -m auto,snaive" "--backtest -m theta" "--inventory"; do
	name=$(echo "$mode" | sed 's/^--//; s/ .*//')
	run() { i40-forecast -c "$out/plant.yaml" -p week -H 4 --until 2024-05-13 $mode "$1" 2> /dev/null | tail -n +2 | grep -v '^[^,]*,\*,'; }
	run "$out/sales.csv" > "$out/whole-$name"
	run "$out/part1.csv" > "$out/p1-$name"
	run "$out/part2.csv" > "$out/p2-$name"
	sort -m -s -t, -k1,1 "$out/p1-$name" "$out/p2-$name" > "$out/merged-$name"
	if [ -s "$out/whole-$name" ] && cmp -s "$out/whole-$name" "$out/merged-$name"; then
		echo "PASS forecast-e2e:partition-$name"
	else
		echo "FAIL forecast-e2e:partition-$name: $(diff "$out/whole-$name" "$out/merged-$name" | head -3)"
	fi
done
