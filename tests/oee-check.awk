# oee-check.awk - the invariants of i40-oee output, on any of its forms.
#
#   awk -f tests/oee-check.awk out.csv...
#
# Reads long output (ts,asset,signal,value,...), wide output (ts,asset,
# period,<figures>) or either cut to fewer columns, CSV or TSV, several
# outputs one after the other (a header starts each).  For every asset (or
# line) and period, with the figures that are there:
#   availability x performance x quality = oee
#   run + setup + down = planned time
#   the six losses + fully productive time = planned time
#   the Pareto adds up to planned time - run time
#   oee is empty when nothing was planned, and then only or when an ideal
#   cycle time was missing (ideal_time empty)
# Prints each violation and the count of rows checked; exits 1 on any.
function isnum(s) { return s ~ /^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
function bad(what) {
	if (nbad++ < 20)
		printf "%s: %s %s: %s\n", FILENAME, key_ts, key_asset, what
}
function near(a, b, scale) { return (a - b) < 1e-9 * scale + 1e-6 && (b - a) < 1e-9 * scale + 1e-6 }
function have(n) { return (n in v) && v[n] != "" }
function check(    s, k, n, pl) {
	if (!ngot)
		return
	rows++
	if (have("availability") && have("performance") && have("quality") && ("oee" in v)) {
		if (!have("oee") || !near(v["availability"] * v["performance"] * v["quality"], v["oee"], 1))
			bad("availability x performance x quality = " v["availability"] * v["performance"] * v["quality"] \
			    ", oee " v["oee"])
	}
	if (have("planned_time")) {
		pl = v["planned_time"]
		if (("oee" in v) && (pl == 0 ? v["oee"] != "" : v["oee"] == "" && !(("ideal_time" in v) && v["ideal_time"] == "")))
			bad("oee \"" v["oee"] "\" with planned time " pl)
		if (have("run_time") && have("setup_time") && have("down_time") &&
		    !near(v["run_time"] + v["setup_time"] + v["down_time"], pl, pl))
			bad("run + setup + down = " v["run_time"] + v["setup_time"] + v["down_time"] ", planned " pl)
		if (have("fully_productive_time")) {
			s = v["fully_productive_time"]; n = 1
			for (k in v)
				if (k ~ /^loss\./) { n++; s += v[k] }
			if (n == 7 && !near(s, pl, pl))
				bad("losses + fully productive time = " s ", planned " pl)
		}
		if (npareto && have("run_time") && !near(pareto, pl - v["run_time"], pl))
			bad("pareto sums to " pareto ", planned - run = " pl - v["run_time"])
	}
}
function reset() { split("", v); ngot = 0; pareto = 0; npareto = 0 }
FNR == 1 || /^ts[,\t]/ {
	check(); reset()
	FS = index($0, "\t") ? "\t" : ","
	$0 = $0
	cur = ""
	split("", col)
	for (i = 1; i <= NF; i++) col[$i] = i
	long = ("signal" in col) && ("value" in col)
	if (!("ts" in col) || !("asset" in col) || (!long && !("period" in col)))
		skip = 1
	else
		skip = 0
	next
}
skip || $(col["ts"]) !~ /^[0-9][0-9][0-9][0-9]-/ { next }
long {
	k = $(col["ts"]) SUBSEP $(col["asset"])
	if (k != cur) { check(); reset(); cur = k; key_ts = $(col["ts"]); key_asset = $(col["asset"]) }
	sig = $(col["signal"]); val = $(col["value"])
	if (sig ~ /^pareto\./) { pareto += val; npareto++ }
	else v[sig] = val
	ngot = 1
	next
}
{
	reset()
	key_ts = $(col["ts"]); key_asset = $(col["asset"])
	for (name in col)
		if (name != "ts" && name != "asset" && name != "period")
			v[name] = $(col[name])
	ngot = 1
	check()
	reset()
}
END {
	check()
	printf "%d rows checked, %d violations\n", rows, nbad
	exit nbad > 0
}
