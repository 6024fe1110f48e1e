#!/bin/sh
# summary.sh RESULTS... - the closing line of make check, over all runs.
# Exits non-zero when any test failed or a result file is missing.
missing=0
for f in "$@"; do [ -f "$f" ] || { echo "missing results: $f"; missing=1; }; done
p=$(cat "$@" 2>/dev/null | grep -c '^PASS')
f=$(cat "$@" 2>/dev/null | grep -c '^FAIL')
s=$(cat "$@" 2>/dev/null | grep -c '^SKIP')
if [ "$s" -gt 0 ]; then
	echo "$p passed, $f failed, $s skipped"
else
	echo "$p passed, $f failed"
fi
[ "$f" -eq 0 ] && [ "$missing" -eq 0 ]
