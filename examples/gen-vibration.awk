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
#
#   awk -f gen-vibration.awk > data/vibration.csv
#   awk -f gen-vibration.awk -v start=2024-12-02 -v step=60    (the demo's
#       week: raw readings every minute from Monday 2 December)
#
# start is a local date in winter (UTC+1; default 2024-12-01), step the
# seconds between readings (default 300); the story is told in time, so
# it is the same week at any step.
function gauss() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand()) }
function ts(s) { return strftime("%Y-%m-%dT%H:%M:%SZ", t0 + s, 1) }
# days from 1970-01-01 to y-m-d (the civil calendar)
function days(y, m, d) {
	y -= m <= 2
	return 365 * y + int(y / 4) - int(y / 100) + int(y / 400) + int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 719469
}
BEGIN {
	srand(7)
	if (start == "")
		start = "2024-12-01"
	split(start, ymd, "-")
	t0 = days(ymd[1], ymd[2], ymd[3]) * 86400 - 3600
	if (step == "")
		step = 300
	print "ts,asset,signal,value"
	for (s = 0; s < 7 * 86400; s += step) {
		k = s / 300                   # in 5-minute steps
		hour = int(s / 3600) % 24
		busy = hour >= 6 && hour < 22
		fault = k >= 5 * 288 + 72 ? exp((k - 5 * 288 - 72) / 222) - 1 : 0
		v1 = 2.8 + (busy ? 0.3 : 0) + 0.8 * fault + 0.12 * gauss()
		t1 = 58 + (busy ? 4 : 0) + 0.5 * fault + 0.3 * gauss()
		v2 = 2.5 + (busy ? 0.3 : 0) + 0.12 * gauss() + (k >= 3 * 288 + 150 && k < 3 * 288 + 151 ? 3 : 0)
		t2 = 55 + (busy ? 4 : 0) + 0.3 * gauss()
		printf "%s,press1,temp,%.2f\n", ts(s), t1
		printf "%s,press1,vib_rms,%.3f\n", ts(s), v1
		if (k < 2 * 288 + 180 || k >= 2 * 288 + 188)
			printf "%s,press2,temp,%.2f\n", ts(s), t2
		printf "%s,press2,vib_rms,%.3f\n", ts(s), v2
	}
}
