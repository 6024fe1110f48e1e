#!/bin/sh
# html-facts.sh [FILE] - the structure of an i40-report HTML page, one fact
# a line, for golden cases: whether it is well-formed XML, its sections,
# and each chart with its number of data series (elements of class
# "series", see lib/chart.h) and tables with their rows.
f=${1:-/dev/stdin}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cat "$f" > "$tmp"
if ! command -v xmllint >/dev/null 2>&1; then
	echo "xmllint is not installed" >&2
	exit 2
fi
if xmllint --noout "$tmp" 2>/dev/null; then echo "well-formed: yes"; else echo "well-formed: no"; exit 1; fi
x() { xmllint --xpath "$1" "$tmp" 2>/dev/null; }
el() { printf '//*[local-name()="%s"]' "$1"; }
echo "title: $(x "string($(el title))")"
n=$(x "count($(el section))")
echo "sections: $n"
i=1
while [ "$i" -le "$n" ]; do
	s="($(el section))[$i]"
	echo "section: $(x "string($s/*[local-name()=\"h2\"])")"
	nf=$(x "count($s//*[local-name()=\"figure\"])")
	j=1
	while [ "$j" -le "$nf" ]; do
		fig="($s//*[local-name()=\"figure\"])[$j]"
		echo "  chart: $(x "string($fig/*[local-name()=\"svg\"]/*[local-name()=\"title\"])"): $(x "count($fig//*[@class=\"series\"])") series"
		j=$((j + 1))
	done
	nt=$(x "count($s//*[local-name()=\"table\"])")
	j=1
	while [ "$j" -le "$nt" ]; do
		tab="($s//*[local-name()=\"table\"])[$j]"
		echo "  table: $(x "string($tab/*[local-name()=\"caption\"])"): $(x "count($tab//*[local-name()=\"tbody\"]/*[local-name()=\"tr\"])") rows"
		j=$((j + 1))
	done
	i=$((i + 1))
done
echo "notes: $(x "count(//*[contains(concat(' ', @class, ' '), ' note ')])")"
echo "footer: $(x "string($(el footer))")"
