#!/bin/sh
# fuzz-regress.sh - the fuzzers' findings stay fixed.
#
# Every file in tests/fuzz/regress/<target>/ (an input that once crashed or
# broke a check) and the seed corpus tests/fuzz/corpus/<target>/ are run
# through the target's entry point, and so are three generated inputs with
# lines and fields longer than the readers' buffers; linked by plain cc with replay.c
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
# Inputs too big to keep in the tree, made here: lines and fields longer
# than the readers' buffers (lines.c grows past 64 KiB, dsv.c reads 256 KiB
# chunks), which the fuzzers' 4 KiB inputs never reach.
gen=$R/generated
mkdir -p "$gen"
awk 'BEGIN { x = sprintf("%300000s", ""); gsub(/ /, "x", x)
	printf "\001plant/a/b 1\nplant/a/%s 2\nplant/a/c %s\nplant/a/d 3", x, x }' > "$gen/mqtt-long-lines"
awk 'BEGIN { x = sprintf("%300000s", ""); gsub(/ /, "y\n", x)
	printf "\001ts,asset,signal,value,note\n2024-01-01T00:00:00Z,a,b,1,\"%s\"\n", x
	printf "2024-01-01T00:00:01Z,a,%s,2,\n2024-01-01T00:00:02Z,a,b,3,\"open\n", x }' > "$gen/long-long-fields"
awk 'BEGIN { x = sprintf("%300000s", ""); gsub(/ /, "1", x)
	printf " ts,a.%s,a.b\n2024-01-01T00:00:00Z,%s,2\n", x, x }' > "$gen/wide-long-header"
for f in "$gen"/*; do
	target=${f##*/}
	target=${target%%-*}
	name=fuzz-regress:generated/${f##*/}
	if out=$("$R/replay_$target" "$f" 2>&1); then
		echo "PASS $name"
	else
		echo "FAIL $name"
		echo "$out" | tail -20 | sed 's/^/    /'
		failed=1
	fi
done
exit $failed
