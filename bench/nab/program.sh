#!/bin/sh
# program.sh DATADIR OUTDIR [i40-detect OPTION...] - run the NAB files of
# DATADIR through the programs themselves, as a user would:
#     i40-ingest -f wide (the NAB csv) | i40-detect [OPTION...]
# writing OUTDIR/<file>.csv (every record, scored) and OUTDIR/<file>.events.csv
# (--events), <file> the path under DATADIR with '/' as '_'.  Then
#     bench/nab/nab -d DATADIR -r OUTDIR
# scores them.  Needs build/bin on PATH (run.sh sets it).
set -eu
data=$1 out=$2
shift 2
mkdir -p "$out"
(cd "$data" && find . -name '*.csv' | sed 's|^\./||' | sort) | while read -r f; do
	name=$(echo "$f" | tr / _)
	i40-ingest -f wide -a nab --time-column timestamp "$data/$f" > "$out/$name.records"
	i40-detect "$@" "$out/$name.records" > "$out/$name.csv" 2> "$out/$name.err" || true
	i40-detect --events "$@" "$out/$name.records" > "$out/$name.events.csv" 2>> "$out/$name.err" || true
	rm -f "$out/$name.records"
done
