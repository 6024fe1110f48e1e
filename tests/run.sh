#!/bin/sh
# run.sh BUILD_DIR - run every test against one build (plain or sanitized).
#
# Appends one line per test to BUILD_DIR/results.txt:
#   PASS name | FAIL name | SKIP name: why
# and prints failures (with their output) as it goes.  tests/summary.sh
# turns the result files into the closing "N passed, N failed" line.
set -u
B=${1:?usage: tests/run.sh BUILD_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$top/$B" && pwd)
results=$B/results.txt
: > "$results"
export LC_ALL=C TZ=UTC
export PATH="$B/bin:$PATH"
export I40_TOP="$top" I40_BUILD="$B"

flavour=plain
[ "${I40_SANITIZED:-}" = 1 ] && flavour=asan
echo "== tests ($flavour build: $B)"

# cmocka unit tests, one binary per lib module, TAP output per test.
for t in "$B"/tests/test_*; do
	name=$(basename "$t")
	# only binaries whose source still exists (a renamed test leaves one behind)
	[ -x "$t" ] && [ -f "$top/tests/unit/$name.c" ] || continue
	out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$t" 2>&1)
	rc=$?
	echo "$out" | awk -v n="$name" '
		/^ok [0-9]+ - / { sub(/^ok [0-9]+ - /, ""); print "PASS unit:" n ":" $0; seen=1 }
		/^not ok [0-9]+ - / { sub(/^not ok [0-9]+ - /, ""); print "FAIL unit:" n ":" $0; seen=1 }
		END { if (!seen) print "FAIL unit:" n ": no test ran" }' >> "$results"
	if [ $rc -ne 0 ]; then
		echo "FAIL unit:$name (exit $rc)"
		echo "$out" | grep -v '^ok ' | sed 's/^/    /' | head -60
		grep -q "^FAIL unit:$name" "$results" || echo "FAIL unit:$name: exit $rc" >> "$results"
	fi
done

# Command-line cases: tests/cases/<program>/<case>/.
"$top/tests/run-cases.sh" >> "$results"

# Integration scripts (MQTT broker, browser, split/merge, docs...).
for s in "$top"/tests/scripts/*.sh; do
	[ -f "$s" ] || continue
	name=$(basename "$s" .sh)
	out=$(sh "$s" 2>&1)
	rc=$?
	echo "$out" | grep -E '^(PASS|FAIL|SKIP) ' >> "$results"
	if [ $rc -ne 0 ]; then
		echo "FAIL script:$name (exit $rc)"
		echo "$out" | tail -40 | sed 's/^/    /'
		echo "FAIL script:$name: exit $rc" >> "$results"
	elif ! echo "$out" | grep -qE '^(PASS|FAIL|SKIP) '; then
		echo "PASS script:$name" >> "$results"
	fi
	echo "$out" | grep -E '^SKIP ' | sed 's/^/    /'
done

grep '^FAIL' "$results" | sed 's/^/  /'
printf '%s: %d passed, %d failed, %d skipped\n' "$flavour" \
	"$(grep -c '^PASS' "$results")" "$(grep -c '^FAIL' "$results")" \
	"$(grep -c '^SKIP' "$results")"
