# numdiff.awk -v tol=T EXPECTED ACTUAL - compare two CSV files field by field;
# numeric fields may differ by tol * max(1, |expected|), others must match.
# Prints the first differences and exits 1 when there are any.
function isnum(s) { return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
BEGIN { FS = ","; bad = 0 }
NR == FNR { want[FNR] = $0; nwant = FNR; next }
{
	ngot = FNR
	if (!(FNR in want)) { if (bad++ < 5) print "extra line " FNR ": " $0; next }
	n = split(want[FNR], w, ","); m = split($0, g, ",")
	if (n != m) { if (bad++ < 5) print "line " FNR ": " m " fields, expected " n; next }
	for (i = 1; i <= n; i++) {
		if (w[i] == g[i]) continue
		if (isnum(w[i]) && isnum(g[i])) {
			d = w[i] - g[i]; if (d < 0) d = -d
			s = w[i] < 0 ? -w[i] : w[i]; if (s < 1) s = 1
			if (d <= tol * s) continue
		}
		if (bad++ < 5) print "line " FNR " field " i ": got " g[i] ", expected " w[i]
	}
}
END {
	if (ngot < nwant && bad++ < 5) print "missing lines after " ngot
	exit bad > 0
}
