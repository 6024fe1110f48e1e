# lib.sh - helpers shared by the bench/*.sh scripts (sourced).
#
# measure NAME CMD...: runs CMD (through sh -c) $BENCH_RUNS times (default
# 3), keeps the fastest wall time and the largest peak RSS, and prints
# "NAME<TAB>seconds<TAB>rss_kb".  Output of CMD goes to /dev/null unless
# it redirects itself.
BENCH_RUNS=${BENCH_RUNS:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$top/bench/work}
mkdir -p "$work"
PATH="$top/build/bin:$PATH"
export LC_ALL=C

measure()
{
	name=$1
	shift
	best="" rss=0
	i=0
	while [ $i -lt "$BENCH_RUNS" ]; do
		/usr/bin/time -f "%e %M" -o "$work/.time" sh -c "$*" > /dev/null 2> "$work/.err" ||
			{ echo "bench: $name failed: $(tail -3 "$work/.err")" >&2; return 1; }
		read -r t m < "$work/.time"
		best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
		[ "$m" -gt "$rss" ] && rss=$m
		i=$((i + 1))
	done
	printf '%s\t%s\t%s\n' "$name" "$best" "$rss"
}

# ratio A B: how many times faster A (seconds) is than B
ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (a > 0) ? b / a : 0 }'
}

need()
{
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || { echo "bench: $c is not installed (scripts/install-deps --bench)" >&2; exit 1; }
	done
}

# gen_long ROWS FILE: the long CSV every bench uses (20 assets x 5 signals
# at 1 Hz, uniform values, fixed seed); kept when it exists.
gen_long()
{
	[ -s "$2" ] && return
	awk -v n="$1" 'BEGIN {
		print "ts,asset,signal,value"
		srand(1); t0 = 1700000000
		for (i = 0; i < n; i++) {
			t = t0 + int(i / 100)
			printf "%s,m%d,s%d,%.3f\n", strftime("%Y-%m-%dT%H:%M:%SZ", t, 1), i % 20, int(i / 20) % 5, rand() * 100
		}
	}' > "$2"
}
