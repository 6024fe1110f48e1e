#!/bin/sh
# features.sh - i40-features against pandas and Miller on the same input.
#
# The issue-3 task: 1-minute tumbling windows of mean, std, min, max,
# rms, kurtosis and slope per (asset, signal) over N records at 1 Hz in
# 20 series (bench/gen-long.awk), CSV in and CSV out, end to end.
#   pandas: bench/features_pandas.py (groupby + resample, vectorised)
#   Miller: stats1 (count, mean, var, stddev, min, max, kurtosis) and
#           stats2 linreg-ols (slope) over a minute key, joined; rms from
#           mean and variance
# Before timing, i40's values are checked against pandas' on the 1M file
# (every window, relative 1e-6: pandas' power sums lose digits that the
# one-pass centred updates keep, see RESULTS.md) and against Miller's.
# Peak RSS of i40 at 1M and N rows shows memory does not grow with input.
. "$(dirname "$0")/lib.sh"
need i40-features mlr gawk /usr/bin/python3
ROWS=${BENCH_ROWS:-5000000}
FEATS=mean,std,min,max,rms,kurt,slope
PY=/usr/bin/python3      # Debian's, with its pandas (not a pyenv shim)

gen()   # rows file
{
	[ -s "$2" ] || gawk -v n="$1" -f "$top/bench/gen-long.awk" > "$2"
}

gen 1000000 "$work/feat-1m.csv"
gen "$ROWS" "$work/feat-$ROWS.csv"

# Miller's two passes and their join, as one pipeline script.
cat > "$work/features-mlr.sh" <<'MLR'
#!/bin/sh
# seconds within the hour: epoch seconds squared would cancel every digit
# of Miller's power-sum regression
key='$minute = substr($ts, 0, 15); $t = strptime($ts, "%Y-%m-%dT%H:%M:%SZ") % 3600'
mlr --icsv --ocsv put "$key" then stats1 -a count,mean,var,stddev,min,max,kurtosis -f value \
	-g asset,signal,minute "$1" > "$2.s1"
mlr --icsv --ocsv put "$key" then stats2 -a linreg-ols -f t,value -g asset,signal,minute "$1" > "$2.s2"
mlr --icsv --ocsv join -j asset,signal,minute -f "$2.s1" \
	then put '$rms = sqrt($value_mean ** 2 + $value_var * ($value_count - 1) / $value_count);
		  $slope = $t_value_ols_m * 3600' "$2.s2"
rm -f "$2.s1" "$2.s2"
MLR

# ---- agreement, on the 1M file ----
i40-features -f $FEATS --min-coverage 0 "$work/feat-1m.csv" > "$work/feat-i40.csv" || exit 1
$PY "$top/bench/features_pandas.py" "$work/feat-1m.csv" > "$work/feat-pandas.csv" || exit 1
sh "$work/features-mlr.sh" "$work/feat-1m.csv" "$work/mlr" > "$work/feat-mlr.csv" || exit 1
gawk -F, -v tol=1e-6 '
FILENAME ~ /pandas/ { if (FNR > 1) want[$1 "," $2 "," $3] = $4; next }
FILENAME ~ /mlr/ {
	if (FNR == 1) { for (i = 1; i <= NF; i++) col[$i] = i; next }
	# the window "2024-06-10T06:14" ends at 06:15:00Z
	split($col["minute"], hm, "T"); split(hm[2], t, ":")
	m = t[1] * 60 + t[2] + 1
	end = sprintf("%sT%02d:%02d:00Z", hm[1], int(m / 60), m % 60)
	if (m == 1440) next                     # a day boundary: not in this data
	base = end "," $col["asset"] "," $col["signal"] "."
	mlr[base "mean"] = $col["value_mean"]; mlr[base "std"] = $col["value_stddev"]
	mlr[base "min"] = $col["value_min"]; mlr[base "max"] = $col["value_max"]
	mlr[base "rms"] = $col["rms"]; mlr[base "kurt"] = $col["value_kurtosis"]
	mlr[base "slope"] = $col["slope"]
	next
}
FNR > 1 {
	k = $1 "," $2 "," $3
	n++
	if (!(k in want)) { bad++; if (bad < 4) print "bench: only in i40: " k > "/dev/stderr"; next }
	d = $4 - want[k]; if (d < 0) d = -d; s = want[k] < 0 ? -want[k] : want[k]; if (s < 1) s = 1
	if (d > tol * s) { bad++; if (bad < 4) print "bench: pandas differs: " k " " $4 " vs " want[k] > "/dev/stderr" }
	if (k in mlr) {
		nm++
		d = $4 - mlr[k]; if (d < 0) d = -d; s = mlr[k] < 0 ? -mlr[k] : mlr[k]; if (s < 1) s = 1
		if (d > tol * s) { badm++; if (badm < 4) print "bench: Miller differs: " k " " $4 " vs " mlr[k] > "/dev/stderr" }
	}
	delete want[k]
}
END {
	for (k in want) { bad++; if (bad < 4) print "bench: only in pandas: " k > "/dev/stderr" }
	printf "agreement (1M rows, relative 1e-6): %d values, pandas %s, Miller %s (%d compared)\n",
		n, bad ? bad " differ" : "all equal", badm ? badm " differ" : "all equal", nm
	exit bad + badm > 0
}' "$work/feat-pandas.csv" "$work/feat-mlr.csv" "$work/feat-i40.csv" || { echo "bench: outputs disagree" >&2; exit 1; }

# ---- timing, on the N-row file ----
f="$work/feat-$ROWS.csv"
set -- $(measure i40 "i40-features -f $FEATS $f")
i40=$2 i40_rss=$3
set -- $(measure i40 "i40-features -f $FEATS $work/feat-1m.csv")
i40_rss1=$3
set -- $(measure pandas "$PY $top/bench/features_pandas.py $f")
pd=$2 pd_rss=$3
set -- $(measure mlr "sh $work/features-mlr.sh $f $work/mlr")
ml=$2 ml_rss=$3

echo "| 1 min windows, 7 features, 20 series | input | i40 | pandas | Miller | vs pandas | vs Miller |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '| wall time, CSV in to CSV out | %s rows | %ss | %ss | %ss | %sx | %sx |\n' "$ROWS" "$i40" "$pd" "$ml" \
	"$(ratio "$i40" "$pd")" "$(ratio "$i40" "$ml")"
printf '| peak RSS | | %s MB (1M rows: %s MB) | %s MB | %s MB | | |\n' "$((i40_rss / 1024))" \
	"$((i40_rss1 / 1024))" "$((pd_rss / 1024))" "$((ml_rss / 1024))"
