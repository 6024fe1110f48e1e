#!/bin/sh
# run.sh - score every method on the six NAB files and on generated series.
# Usage: bench/nab/run.sh (from the top, after make); prints a table.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
make -s -C "$here" nab
gen=${TMPDIR:-/tmp}/i40-nab-gen.$$
trap 'rm -rf "$gen"' EXIT
python3 "$here/gen.py" "$gen"
for set in "$here/data" "$gen"; do
	echo "== $set"
	for m in null perfect wgauss adaptive rz ewma cusum shewhart seasonal; do
		"$here/nab" -d "$set" -m "$m" -g | sed -n '1,4p'
	done
done
