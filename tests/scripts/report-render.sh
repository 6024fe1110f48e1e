#!/bin/sh
# report-render.sh - reports end to end, up to a real browser.
#
# 1. The rendering library: builds tests/tools/demo-page.c (every chart
#    kind on generated data) against this build's libi40.a; the page and
#    each chart parse as XML (xmllint), two runs give identical bytes, a
#    day of 1 Hz data stays a small chart.
# 2. i40-report on the example plant: the week of examples/week.sh (the
#    real pipeline), reported as HTML with examples/plant.yaml; the
#    page is well-formed, self-contained (no script, no external resource)
#    and the same on a second run.
# 3. Headless Chromium (installed with apt-get when missing and running as
#    root; SKIP with the reason otherwise) loads both pages: no console
#    error, every chart in the DOM with its number of data series, and
#    screenshots kept in $I40_BUILD/artifacts/ (report-demo.png,
#    report-example.png, and report-example.pdf as printed on A4) for a
#    human to look at.
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
	"$B/libi40.a" -lm -pthread; then
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

# ---- i40-report on the example plant ----
ex=$out/example
mkdir -p "$ex/week"
PATH="$B/bin:$PATH" "$top/examples/week.sh" "$ex/week" > "$ex/week.log" 2>&1 ||
	echo "FAIL render:example-pipeline: examples/week.sh failed (see $ex/week.log)"
report() {
	w=$ex/week
	SOURCE_DATE_EPOCH=1733731200 "$B/bin/i40-report" -c "$top/examples/plant.yaml" \
		-p 2024-12-02..2024-12-08 -o "$1" "$w/scored.csv" "$w/alerts.csv" "$w/oee.csv" \
		"$w/forecast.csv" "$w/reorder.csv"
}
if report "$ex/report.html" && report "$ex/again.html" && cmp -s "$ex/report.html" "$ex/again.html"; then
	echo "PASS render:example-reproducible"
else
	echo "FAIL render:example-reproducible"
fi
if command -v xmllint >/dev/null 2>&1; then
	if xmllint --noout "$ex/report.html"; then
		echo "PASS render:example-well-formed"
	else
		echo "FAIL render:example-well-formed"
	fi
fi
# self-contained: nothing fetched, nothing run
if grep -Eiq '<script|<link|<img|<iframe|src=|@import|url\(' "$ex/report.html"; then
	echo "FAIL render:example-self-contained: $(grep -Eio '<script|<link|<img|<iframe|src=|@import|url\(' "$ex/report.html" | head -3 | tr '\n' ' ')"
else
	echo "PASS render:example-self-contained"
fi

# Charts of the example week (the real pipeline, examples/week.sh), in
# page order, and their data series: the plant file charts vib_rms and
# temp of each press, here their 5-minute means (one series each); OEE by
# asset, OEE by day and the six big losses of each press and of line1 are
# one series each, the downtime Pareto has bars and a cumulative line, and
# each of the five items' forecasts a history and a forecast line.
want_series="1 1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2"

# Data series per <figure> of an HTML (or Chromium DOM) file.
series_per_chart() {
	awk 'BEGIN { RS = "<figure"; ORS = "" }
	     NR > 1 { sub(/<\/figure>.*/, ""); n = gsub(/class="series"/, ""); print (k++ ? " " : "") n }
	     END { print "\n" }' "$1"
}
got=$(series_per_chart "$ex/report.html")
if [ "$got" = "$want_series" ]; then
	echo "PASS render:example-charts"
else
	echo "FAIL render:example-charts: series per chart \"$got\", want \"$want_series\""
fi

find_browser() {
	for c in chromium chromium-browser google-chrome; do
		command -v $c >/dev/null 2>&1 && { browser=$c; return 0; }
	done
	return 1
}
browser=
if ! find_browser && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	&& [ "${I40_NO_INSTALL:-}" != 1 ]; then
	echo "installing chromium for the browser test (apt-get install chromium)" >&2
	timeout 900 apt-get install -y -q chromium > "$out/apt.log" 2>&1 ||
		{ timeout 300 apt-get update -q > /dev/null 2>&1 &&
		  timeout 900 apt-get install -y -q chromium >> "$out/apt.log" 2>&1; }
	find_browser
fi
if [ -z "$browser" ]; then
	if [ "$(id -u)" != 0 ]; then
		why="chromium is not installed and installing it needs root (apt-get install chromium)"
	else
		why="chromium is not installed and apt-get could not install it (see $out/apt.log)"
	fi
	echo "SKIP render:chromium: $why"
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
# screenshot NAME URL HEIGHT MIN_BYTES TEST: a PNG of the page in artifacts/
screenshot() {
	png=$B/artifacts/$1.png
	rm -f "$png"
	# shellcheck disable=SC2086
	timeout 120 $browser $flags --hide-scrollbars --window-size=1280,$3 \
		--screenshot="$png" "$2" >> "$out/chromium.log" 2>&1
	if [ -s "$png" ] && [ "$(wc -c < "$png")" -gt "$4" ]; then
		echo "PASS render:$5"
	else
		echo "FAIL render:$5"
	fi
}
screenshot report-demo "$url" 4200 50000 chromium-screenshot

# The example plant's report in the browser: no console message, the
# charts and their series in the DOM as in the file, a screenshot.
url="file://$ex/report.html"
# shellcheck disable=SC2086
timeout 120 $browser $flags --enable-logging=stderr --v=0 --dump-dom "$url" \
	> "$ex/dom.html" 2> "$ex/chromium.log"
if grep -q ':CONSOLE' "$ex/chromium.log"; then
	echo "FAIL render:chromium-example-console: $(grep -m2 ':CONSOLE' "$ex/chromium.log")"
elif [ ! -s "$ex/dom.html" ]; then
	echo "FAIL render:chromium-example-console: the page did not load"
else
	echo "PASS render:chromium-example-console"
fi
got=$(series_per_chart "$ex/dom.html")
if [ "$got" = "$want_series" ]; then
	echo "PASS render:chromium-example-charts"
else
	echo "FAIL render:chromium-example-charts: series per chart in the DOM \"$got\", want \"$want_series\""
fi
screenshot report-example "$url" 8600 100000 chromium-example-screenshot
# and on paper: A4 as the page's print style sheet lays it out
rm -f "$B/artifacts/report-example.pdf"
# shellcheck disable=SC2086
timeout 120 $browser $flags --no-pdf-header-footer --print-to-pdf="$B/artifacts/report-example.pdf" \
	"$url" >> "$ex/chromium.log" 2>&1
if [ -s "$B/artifacts/report-example.pdf" ] && head -c 5 "$B/artifacts/report-example.pdf" | grep -q '%PDF-'; then
	echo "PASS render:chromium-example-print"
else
	echo "FAIL render:chromium-example-print"
fi
