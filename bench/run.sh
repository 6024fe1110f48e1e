#!/bin/sh
# run.sh - make bench: every bench/*.sh but lib.sh, in name order.
# BENCH_RUNS (default 3) runs per command, the fastest wall time kept.
cd "$(dirname "$0")" || exit 1
../scripts/install-deps --bench || exit 1
status=0
# bench/*.sh, then the suites in bench/*/run.sh (NAB scoring, forecast
# accuracy against R)
for b in *.sh */run.sh; do
	case $b in lib.sh|run.sh) continue ;; esac
	[ -f "$b" ] || continue
	echo "== bench/$b"
	sh "./$b" || status=1
	echo
done
exit $status
