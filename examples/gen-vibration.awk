# gen-vibration.awk - the example plant's vibration and temperature: one
# value every 5 minutes for a week, as i40-features would write them from
# the raw sensors (examples/data/vibration.csv; see examples/demo.sh).
#
# Both presses vibrate and warm a little more while producing (06:00-22:00
# local time, UTC+1).  press1 develops a bearing fault: from the sixth day
# at 06:00 its vibration velocity grows exponentially from its usual
# 3 mm/s towards the failure limit of 11 mm/s, and the bearing warms with
# it.  press2 runs normally, but its temperature sensor sends nothing for
# 40 minutes on the third afternoon, and one reading of its vibration on
# the fourth day is a spike.  Fixed seed: the same file every time.
# Usage: awk -f gen-vibration.awk > data/vibration.csv
function gauss() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand()) }
function ts(i) { return strftime("%Y-%m-%dT%H:%M:%SZ", t0 + 300 * i, 1) }
BEGIN {
	srand(7)
	t0 = 1733007600          # 2024-12-01T00:00:00+01:00 (Europe/Rome)
	print "ts,asset,signal,value"
	for (i = 0; i < 7 * 288; i++) {
		hour = int(i / 12) % 24
		busy = hour >= 6 && hour < 22
		fault = i >= 5 * 288 + 72 ? exp((i - 5 * 288 - 72) / 222) - 1 : 0
		v1 = 2.8 + (busy ? 0.3 : 0) + 0.8 * fault + 0.12 * gauss()
		t1 = 58 + (busy ? 4 : 0) + 0.5 * fault + 0.3 * gauss()
		v2 = 2.5 + (busy ? 0.3 : 0) + 0.12 * gauss() + (i == 3 * 288 + 150 ? 3 : 0)
		t2 = 55 + (busy ? 4 : 0) + 0.3 * gauss()
		printf "%s,press1,temp,%.2f\n", ts(i), t1
		printf "%s,press1,vib_rms,%.3f\n", ts(i), v1
		if (i < 2 * 288 + 180 || i >= 2 * 288 + 188)
			printf "%s,press2,temp,%.2f\n", ts(i), t2
		printf "%s,press2,vib_rms,%.3f\n", ts(i), v2
	}
}
