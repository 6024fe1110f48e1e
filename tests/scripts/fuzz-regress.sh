#!/bin/sh
# fuzz-regress.sh - the fuzzers' findings stay fixed.
#
# Every file in tests/fuzz/regress/<target>/ (an input that once crashed or
# broke a check) and the seed corpus tests/fuzz/corpus/<target>/ are run
# through the target's entry point, linked by plain cc with replay.c
# against this build's libi40.a: under ASan+UBSan in the sanitized run of
# `make check`, so no clang fuzzer runtime is needed.  See tests/fuzz/README.
#
# Prints PASS/FAIL/SKIP lines (tests/run.sh); exits 1 when one failed.
set -u
top=${I40_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
B=${I40_BUILD:-$top/build}
R=$B/fuzz-replay
san=0
[ "${I40_SANITIZED:-}" = 1 ] && san=1

if [ ! -f "$B/libi40.a" ]; then
	echo "SKIP fuzz-regress: no $B/libi40.a (build first)"
	exit 0
fi
mkdir -p "$R"
# a sub-make of our own: not the jobserver of the make that runs the tests
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top/tests/fuzz" replay \
		R="$R" LIB="$B/libi40.a" SAN=$san > "$R/build.log" 2>&1; then
	echo "FAIL fuzz-regress:build"
	sed 's/^/    /' "$R/build.log" | tail -20
	exit 1
fi

failed=0
for dir in "$top"/tests/fuzz/regress/* "$top"/tests/fuzz/corpus/*; do
	[ -d "$dir" ] || continue
	target=$(basename "$dir")
	kind=$(basename "$(dirname "$dir")")
	bin=$R/replay_$target
	if [ ! -x "$bin" ]; then
		echo "FAIL fuzz-$kind:$target: no replay driver $bin"
		failed=1
		continue
	fi
	if [ "$kind" = corpus ]; then   # seeds: one line per target
		if out=$("$bin" "$dir" 2>&1); then
			echo "PASS fuzz-corpus:$target"
		else
			echo "FAIL fuzz-corpus:$target"
			echo "$out" | tail -20 | sed 's/^/    /'
			failed=1
		fi
		continue
	fi
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		name=fuzz-regress:$target/$(basename "$f")
		if out=$("$bin" "$f" 2>&1); then
			echo "PASS $name"
		else
			echo "FAIL $name"
			echo "$out" | tail -20 | sed 's/^/    /'
			failed=1
		fi
	done
done
exit $failed
