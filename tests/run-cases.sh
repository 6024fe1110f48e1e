#!/bin/sh
# run-cases.sh [-p] [CASE_DIR...] - command-line golden cases.
#
# A case is a directory tests/cases/<program>/<name>/ holding:
#   cmd        shell commands, run with sh in the case directory
#   expout     expected stdout (exact, unless `tolerance` exists)
#   experr     expected stderr (optional; exact)
#   status     expected exit status (optional; default 0)
#   tolerance  optional: compare expout numerically, fields within
#              |a-b| <= tol * max(1, |expected|) (tests/numdiff.awk)
#   env        optional: sourced before cmd
# Output: one PASS/FAIL line per case.  -p writes the expected files from
# the actual output, for review with git diff (never trust them unread).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
populate=0
[ "${1:-}" = -p ] && { populate=1; shift; }
if [ $# -eq 0 ]; then
	set -- $(find "$top/tests/cases" -name cmd -type f 2>/dev/null | sort | xargs -r -n1 dirname)
fi
export LC_ALL=C TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in "$@"; do
	d=$(cd "$d" && pwd)
	name=${d#"$top/tests/cases/"}
	(cd "$d" && { [ -f env ] && . ./env; sh ./cmd > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/status"; })
	if [ $populate = 1 ]; then
		cp "$tmp/out" "$d/expout"
		[ -s "$tmp/err" ] && cp "$tmp/err" "$d/experr"
		[ "$(cat "$tmp/status")" != 0 ] && cp "$tmp/status" "$d/status"
	fi
	why=""
	want=0
	[ -f "$d/status" ] && want=$(cat "$d/status")
	got=$(cat "$tmp/status")
	[ "$got" = "$want" ] || why="exit $got, expected $want"
	if [ -f "$d/tolerance" ]; then
		awk -v tol="$(cat "$d/tolerance")" -f "$top/tests/numdiff.awk" "$d/expout" "$tmp/out" > "$tmp/diff" || why="$why; stdout differs: $(head -3 "$tmp/diff")"
	elif ! cmp -s "$d/expout" "$tmp/out"; then
		why="$why; stdout differs"
		diff "$d/expout" "$tmp/out" | head -20 > "$tmp/diff"
	fi
	if [ -f "$d/experr" ] && ! cmp -s "$d/experr" "$tmp/err"; then
		why="$why; stderr differs: $(head -3 "$tmp/err")"
	fi
	if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$tmp/err"; then
		why="$why; sanitizer: $(grep -m1 'runtime error\|Sanitizer' "$tmp/err")"
	fi
	if [ -z "$why" ]; then
		echo "PASS case:$name"
	else
		echo "FAIL case:$name: ${why#; }"
		[ -f "$tmp/diff" ] && sed 's/^/    /' "$tmp/diff" >&2
		rm -f "$tmp/diff"
	fi
done
