#!/bin/sh
# report-render.sh - the report rendering library end to end.
#
# Builds tests/tools/demo-page.c (every chart kind on generated data)
# against this build's libi40.a, then checks: the page and each chart
# parse as XML (xmllint), two runs give identical bytes, a day of 1 Hz
# data stays a small chart, and, when Chromium is installed, a headless
# browser loads the page with every chart in its DOM and renders it to
# $I40_BUILD/artifacts/report-demo.png (kept for a human to look at).
set -u
top=${I40_TOP:?run from tests/run.sh}
B=${I40_BUILD:?run from tests/run.sh}
out=$B/render
rm -rf "$out"
mkdir -p "$out/a" "$out/b" "$B/artifacts"

san=
[ "${I40_SANITIZED:-}" = 1 ] && san="-fsanitize=address,undefined"
if ! ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-I"$top/lib" -O1 -g $san -o "$out/demo-page" "$top/tests/tools/demo-page.c" \
	"$B/libi40.a" -lm; then
	echo "FAIL render:build-demo"
	exit 0
fi
if "$out/demo-page" "$out/a" && "$out/demo-page" "$out/b"; then
	echo "PASS render:demo-runs"
else
	echo "FAIL render:demo-runs"
	exit 0
fi

same=PASS
for f in "$out"/a/*; do
	cmp -s "$f" "$out/b/$(basename "$f")" || { same=FAIL; echo "differs: $f"; }
done
echo "$same render:reproducible"

if command -v xmllint >/dev/null 2>&1; then
	ok=PASS
	for f in "$out"/a/*.svg "$out"/a/page.html; do
		xmllint --noout "$f" || { ok=FAIL; echo "not well-formed: $f"; }
	done
	echo "$ok render:xml-well-formed"
else
	echo "SKIP render:xml-well-formed: xmllint not installed (apt-get install libxml2-utils)"
fi

# 86 400 samples drawn into ~800 pixel columns.
size=$(wc -c < "$out/a/line.svg")
if [ "$size" -lt 60000 ]; then
	echo "PASS render:downsampled-size"
else
	echo "FAIL render:downsampled-size: line.svg is $size bytes"
fi

browser=
for c in chromium chromium-browser google-chrome; do
	command -v $c >/dev/null 2>&1 && { browser=$c; break; }
done
if [ -z "$browser" ]; then
	echo "SKIP render:chromium: no chromium installed (apt-get install chromium)"
	exit 0
fi
prof=$(mktemp -d)
trap 'rm -rf "$prof"' EXIT
flags="--headless --no-sandbox --disable-gpu --disable-background-networking
--disable-component-update --disable-sync --no-first-run --user-data-dir=$prof"
url="file://$out/a/page.html"
# shellcheck disable=SC2086
timeout 120 $browser $flags --dump-dom "$url" > "$out/dom.html" 2> "$out/chromium.log"
want=$(grep -o '<svg ' "$out/a/page.html" | wc -l)
got=$(grep -o '<svg ' "$out/dom.html" | wc -l)
if [ "$want" -gt 0 ] && [ "$got" = "$want" ]; then
	echo "PASS render:chromium-dom"
else
	echo "FAIL render:chromium-dom: $got of $want <svg> elements in the DOM"
fi
# shellcheck disable=SC2086
timeout 120 $browser $flags --hide-scrollbars --window-size=1280,4200 \
	--screenshot="$B/artifacts/report-demo.png" "$url" >> "$out/chromium.log" 2>&1
if [ -s "$B/artifacts/report-demo.png" ] && [ "$(wc -c < "$B/artifacts/report-demo.png")" -gt 50000 ]; then
	echo "PASS render:chromium-screenshot"
else
	echo "FAIL render:chromium-screenshot"
fi
