#!/bin/sh
# bearings.sh - bearing faults in real vibration: the envelope spectrum.
#
# A healthy bearing, one with a 0.007 in defect on the inner race and one
# with it on the outer race (CWRU, tests/data/cwru), through i40-features
# with the bearing geometry and shaft speed of examples/bearings.yaml:
# the envelope amplitude at the inner race's defect frequency (BPFI,
# 162 Hz) and the outer race's (BPFO, 107 Hz), per 1 s window.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PATH="$top/build/bin:$PATH"

i40-features -c "$here/bearings.yaml" "$top"/tests/data/cwru/cwru-*.csv > "${1:-/dev/stdout}"
