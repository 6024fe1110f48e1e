#!/bin/sh
# run.sh - score every method on the six NAB files and on three sets of
# generated series, through the programs themselves (i40-ingest, then
# i40-detect, then the scorer: program.sh and nab -r), plus NAB's null,
# perfect and windowed-Gaussian references; then the default alone on
# the generated sets drawn with other seeds (validation: series of the
# same kinds that nobody looked at while choosing), and its false alarms
# on long quiet series (quiet.c).
# Usage: bench/nab/run.sh (from anywhere, after make); prints the scores.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
PATH="$top/build/bin:$PATH"
make -s -C "$here"
tmp=${TMPDIR:-/tmp}/i40-nab.$$
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
python3 "$here/gen.py" "$tmp/gen1"
python3 "$here/gen.py" "$tmp/gen2" 2
python3 "$here/gen.py" "$tmp/gen3" 3
for set in "$here/data" "$tmp/gen1" "$tmp/gen2" "$tmp/gen3"; do
	echo "== $set"
	for m in null perfect wgauss; do
		"$here/nab" -d "$set" -m "$m" | sed -n '1,4p'
	done
	for m in adaptive rz ewma cusum shewhart seasonal; do
		"$here/program.sh" "$set" "$tmp/run-$m" -m "$m"
		"$here/nab" -d "$set" -r "$tmp/run-$m" | sed "1s/adaptive/$m/"
		rm -rf "$tmp/run-$m"
	done
done
for n in 1 2 3; do
	for seed in 1 2; do
		python3 "$here/gen.py" "$tmp/val" "$n" "$seed"
		echo "== set $n, seed $seed"
		"$here/program.sh" "$tmp/val" "$tmp/run-val"
		"$here/nab" -d "$tmp/val" -r "$tmp/run-val" | sed -n '2p'
		rm -rf "$tmp/val" "$tmp/run-val"
	done
done
echo "== quiet series (no anomaly): false alarms of the default"
"$here/quiet"
