#!/bin/sh
# run.sh - the i40-forecast accuracy and speed benchmarks against R.
#
#   bench/forecast/run.sh [export]   (from the top of the tree, after make)
#
# Builds the C driver against build/libi40.a and prints, side by side,
# i40's default and R's ets()/thetaf() on the classic series, i40's
# default and R's croston()/ets() on intermittent series, and the time
# of i40's default over the 1,000 series of the speed set.  "export"
# first regenerates the data and R's forecasts (bench/forecast/export.R,
# needs r-cran-forecast and r-cran-surveillance); the speed set and R's
# time over it are always made by R (minutes).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
d=bench/forecast/data
mkdir -p build
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Ilib \
	-o build/fcbench bench/forecast/fcbench.c build/libi40.a \
	$(pkg-config --libs gsl) -lm
if [ "${1:-}" = export ]; then
	Rscript bench/forecast/export.R classic
	Rscript bench/forecast/export.R intermittent
fi
echo "== accuracy on classic series (holdout: 2 seasons, or 10 for yearly)"
build/fcbench accuracy $d/classic.csv $d/r_classic.csv auto ets theta
echo
echo "== intermittent demand (holdout: 12 periods)"
build/fcbench intermittent $d/intermittent.csv $d/r_intermittent.csv auto croston sba tsb adida
for sub in gen measles hepA; do
	echo "-- $sub only"
	FCBENCH_ONLY=$sub build/fcbench intermittent $d/intermittent.csv $d/r_intermittent.csv auto croston
done
echo
echo "== speed: default method on 1,000 series (R's ets() loop timed by R)"
if command -v Rscript >/dev/null 2>&1; then
	Rscript bench/forecast/export.R speed
	build/fcbench speed $d/speed.csv
	build/fcbench speed $d/speed.csv ets
else
	echo "SKIP speed: R not installed"
fi
