#!/bin/sh
# detect.sh - i40-detect as a whole: partitions by asset, model files,
# remaining life and the failure model, on generated and example data.
#
#   partition   a run per asset, merged by time and asset, is the run on
#               all assets (records and events)
#   rul-carried an episode whose peak is another rule keeps the remaining
#               life it alerted on
#   model       --save-model after the warm-up, then --model on the rest,
#               scores the rest exactly as one run over everything
#   rul         signals drifting to a limit with noise: the interval of
#               the remaining life holds the true time, for nearly all
#   train       a planted precursor: cross-validated ROC AUC above 0.9,
#               and the model's p_fail alerts before the failures
top=${I40_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
plant=$top/examples/plant.yaml
data=$top/examples/data/vibration.csv

# -- partition: the example, whole and per asset
i40-detect -c "$plant" "$data" > all.csv 2> /dev/null
i40-detect -c "$plant" --events "$data" > all.ev 2> /dev/null
for a in press1 press2; do
	awk -F, -v a=$a 'NR == 1 || $2 == a' "$data" > in-$a.csv
	i40-detect -c "$plant" in-$a.csv 2> /dev/null | tail -n +2 > out-$a.csv
	i40-detect -c "$plant" --events in-$a.csv 2> /dev/null | tail -n +2 > ev-$a.csv
done
tail -n +2 all.csv > all.body
sort -m -s -t, -k1,1 -k2,2 out-press1.csv out-press2.csv > merged.csv
tail -n +2 all.ev > all.evbody
sort -m -s -t, -k1,1 -k2,2 ev-press1.csv ev-press2.csv > merged.ev
if [ -s all.body ] && cmp -s all.body merged.csv && [ -s all.evbody ] && cmp -s all.evbody merged.ev; then
	echo "PASS detect:partition"
else
	echo "FAIL detect:partition: a run per asset merged differs from the whole run"
fi

# -- rul-carried: press1's bearing (the example) is found by the adaptive
# drift hours before its remaining life alerts, and the drift, going on,
# keeps the peak of that one episode: the event still carries the
# remaining life (rul_hours, the third column from the end of --events)
rul=$(awk -F, '$2 == "press1" && $3 == "vib_rms" { print $(NF - 2) }' all.ev)
if [ -n "$rul" ] && awk -v r="$rul" 'BEGIN { exit !(r > 0 && r < 24) }'; then
	echo "PASS detect:rul-carried ($rul h)"
else
	echo "FAIL detect:rul-carried: press1 vib_rms episode has no remaining life (\"$rul\")"
fi

# -- model: learn on the first two days (the warm-up), score the rest.
# Remaining life and rates start afresh from a model (their windows are
# not learned), so this plant has the groups but not those rules.
grep -v 'fail_limit\|max_rate' "$plant" > plant.yaml
plant=$tmp/plant.yaml
i40-detect -c "$plant" --save-model whole.yaml "$data" > all.csv 2> /dev/null
cut=$(sed -n 's/^ *warm_end: //p' whole.yaml | sort -u)   # where every warm-up ended
awk -F, -v c=$cut 'NR == 1 || $1 <= c' "$data" > a.csv
awk -F, -v c=$cut 'NR == 1 || $1 > c' "$data" > b.csv
i40-detect -c "$plant" --save-model m.yaml a.csv > /dev/null 2>&1
i40-detect -c "$plant" --model m.yaml b.csv 2> /dev/null | cut -d, -f1-7 > b.out
awk -F, -v c=$cut 'NR == 1 || $1 > c' all.csv | cut -d, -f1-7 > all-b.out
if [ -s m.yaml ] && cmp -s b.out all-b.out; then
	echo "PASS detect:model-round-trip"
else
	echo "FAIL detect:model-round-trip: scores from the saved model differ from one run over all"
fi

# -- rul: 20 machines, y = 1 + 0.5 t + noise (sd 1) hourly, limit 100:
# the trend reaches it at t = 198 h, 99 h after the last record (t = 99)
awk 'BEGIN {
	srand(5); print "ts,asset,signal,value"
	for (t = 0; t < 100; t++)
		for (m = 0; m < 20; m++) {
			g = sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand())
			printf "%s,m%02d,wear,%.4f\n", strftime("%Y-%m-%dT%H:%M:%SZ", 1700000000 + 3600 * t, 1), m, 1 + 0.5 * t + g
		}
}' > wear.csv
i40-detect -m limits --set hi=1000 --set fail_limit=100 --set rul_window=100 wear.csv 2> /dev/null > wear.out
last=$(tail -1 wear.out | cut -d, -f1)
inside=$(awk -F, -v t="$last" '$1 == t && $9 <= 99 && 99 <= $10 { n++ } END { print n + 0 }' wear.out)
if [ "$inside" -ge 18 ]; then
	echo "PASS detect:rul-interval ($inside of 20 intervals hold the true 99 h)"
else
	echo "FAIL detect:rul-interval: only $inside of 20 intervals hold the true 99 h"
fi

# -- train: 4 machines, hourly features for 60 days, failures every 6-12
# days; vibration 3 of its sds higher in the 24 h before each
awk 'function g() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand()) }
BEGIN {
	srand(3); t0 = 1704067200
	print "ts,asset,signal,value" > "features.csv"
	print "asset,ts,reason" > "failures.csv"
	for (a = 1; a <= 4; a++) {
		n = 0
		for (t = 120 + int(rand() * 72); t < 1440; t += 144 + int(rand() * 144)) {
			f[a, ++n] = t
			printf "m%d,%s,bearing\n", a, strftime("%Y-%m-%dT%H:%M:%SZ", t0 + 3600 * t, 1) > "failures.csv"
		}
		nf[a] = n
	}
	for (h = 0; h < 1440; h++)
		for (a = 1; a <= 4; a++) {
			pre = 0
			for (k = 1; k <= nf[a]; k++)
				if (f[a, k] - h > 0 && f[a, k] - h <= 24)
					pre = 1
			ts = strftime("%Y-%m-%dT%H:%M:%SZ", t0 + 3600 * h, 1)
			printf "%s,m%d,current.mean,%.3f\n", ts, a, 10 + 0.5 * g() > "features.csv"
			printf "%s,m%d,temp.mean,%.3f\n", ts, a, 60 + g() > "features.csv"
			printf "%s,m%d,vib_rms.mean,%.3f\n", ts, a, 3 + 0.3 * g() + 0.9 * pre > "features.csv"
		}
}'
i40-detect train --failures failures.csv --horizon 24h --save-model fm.yaml features.csv > report.txt 2> train.err
auc=$(sed -n 's/.*ROC AUC \([0-9.]*\),.*/\1/p' report.txt)
if [ -n "$auc" ] && awk -v a="$auc" 'BEGIN { exit !(a > 0.9) }'; then
	echo "PASS detect:train-auc (cross-validated ROC AUC $auc)"
else
	echo "FAIL detect:train-auc: ROC AUC '$auc' ($(cat train.err report.txt | head -3))"
fi
i40-detect --model fm.yaml -m limits --set hi=1000 --events features.csv 2> /dev/null | grep -c ',p_fail,' > nalerts
if [ "$(cat nalerts)" -gt 0 ]; then
	echo "PASS detect:train-score ($(cat nalerts) failure-risk episodes)"
else
	echo "FAIL detect:train-score: no p_fail episode"
fi
