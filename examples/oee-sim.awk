# oee-sim.awk - simulate machines' state, part counters and energy meters.
#
# Writes the long record stream (ts,asset,signal,value, one-second
# resolution, in time order) of injection presses over `days` days: a
# state record at every change (RUN, SETUP:changeover, IDLE, DOWN:<reason>),
# a cumulative part counter and scrap counter read at every part (or
# scrap), the product at every changeover, and a cumulative energy meter
# read every 15 minutes.  Used by tests/scripts/oee.sh (a year of the
# example plant) and bench/oee.sh (20 machines).
#
#   awk -f oee-sim.awk -v days=365 -v start=2024-01-01 -v zone=rome \
#       -v schedule=shifts -v machines="press1:A=20,B=28 press2:C=25,D=36" \
#       -v holidays="2024-01-01 2024-08-12..2024-08-23" -v seed=1
#
# zone: rome (Europe/Rome summer time rules) or utc.  schedule: shifts
# (06:00-22:00 local, Monday to Friday, breaks 10:00-10:15 and 18:00-18:15,
# none on holidays) or continuous (around the clock, every day).  A machine
# is name:product=ideal seconds,...; the first product runs first.
# `reset` names a machine whose PLC counter restarts from 0 on day 200.

function days_from_civil(y, m, d,    era, yoe, doy, doe) {
	y -= m <= 2
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
function civil(z,    era, doe, yoe, y, doy, mp, d, m) {
	z += 719468
	era = int((z >= 0 ? z : z - 146096) / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp + (mp < 10 ? 3 : -9)
	CY = y + (m <= 2); CM = m; CD = d
}
function weekday(day) { return (day + 4) % 7 }   # 0 = Sunday
function last_sunday(y, m,    d) {                # day number
	d = days_from_civil(y, m + 1, 1) - 1
	return d - weekday(d)
}
# UTC offset (s) of Europe/Rome at a UTC instant
function offset(t,    y, a, b) {
	if (zone != "rome") return 0
	civil(int(t / 86400)); y = CY
	a = last_sunday(y, 3) * 86400 + 3600
	b = last_sunday(y, 10) * 86400 + 3600
	return (t >= a && t < b) ? 7200 : 3600
}
# UTC instant of local seconds-of-day s on local day `day` (no DST gaps at
# the times used: 06:00 to 22:00, and midnight)
function utc(day, s,    guess) {
	guess = day * 86400 + s - 3600
	return day * 86400 + s - offset(guess)
}
function ts(t,    s) {
	civil(int(t / 86400)); s = t % 86400
	return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", CY, CM, CD, int(s / 3600), int(s % 3600 / 60), s % 60)
}
function emit(t, asset, signal, value) {
	# bucket by second within the day being written, for time order
	k = t - day_t0
	if (k < 0) k = 0
	if (k in out) out[k] = out[k] "\n" ts(t) "," asset "," signal "," value
	else out[k] = ts(t) "," asset "," signal "," value
	if (k > outmax) outmax = k
}
function flush_day(    k) {
	for (k = 0; k <= outmax; k++)
		if (k in out) { print out[k]; delete out[k] }
	outmax = -1
}
function rexp(mean) { return -mean * log(1 - rand()) }
function pick(list,    n, a) { n = split(list, a, " "); return a[int(rand() * n) + 1] }
function rate(st) { return st == "RUN" ? 18 : st ~ /^SETUP/ ? 6 : st ~ /^DOWN/ ? 4 : 3 }   # kW
function set_state(m, t, st) {
	if (S[m] == st) return
	S[m] = st
	CH[m, ++NCH[m]] = t     # the day's changes, for the energy meter
	CR[m, NCH[m]] = rate(st)
	emit(t, NAME[m], "state", st)
}
# energy meter: integrate the power up to t through the logged changes
function energy_to(m, t) {
	while (CI[m] <= NCH[m] && CH[m, CI[m]] <= t) {
		E[m] += RATE[m] * (CH[m, CI[m]] - ET[m]) / 3600
		ET[m] = CH[m, CI[m]]
		RATE[m] = CR[m, CI[m]]
		CI[m]++
	}
	E[m] += RATE[m] * (t - ET[m]) / 3600
	ET[m] = t
}
# Run machine m from t0 to t1 (UTC s): parts, stops, changeovers.
function work(m, t0, t1, startup,    t, speed, next_small, next_break, next_change, cyc, until, su_end, p, n, a) {
	t = t0
	su_end = startup ? t0 + 600 : t0
	set_state(m, t, "RUN")
	speed = 1.05 + 0.2 * rand()
	next_small = t + rexp(2400)
	next_break = t + rexp(120000)
	next_change = t + rexp(30000)
	while (t < t1) {
		cyc = IDEAL[m, P[m]] * speed
		if (t + cyc <= next_small && t + cyc <= next_break && t + cyc <= next_change && t + cyc <= t1) {
			t += cyc
			PARTS[m]++
			emit(int(t), NAME[m], "parts", PARTS[m])
			if (rand() < (t < su_end ? 0.06 : 0.01)) {
				SCRAP[m]++
				emit(int(t), NAME[m], "scrap", SCRAP[m])
			}
			continue
		}
		if (next_small <= next_break && next_small <= next_change && next_small < t1) {
			t = next_small
			set_state(m, int(t), "DOWN:" pick("jam sensor material"))
			t += 20 + rand() * 220
			next_small = t + rexp(2400)
		} else if (next_break <= next_change && next_break < t1) {
			t = next_break
			set_state(m, int(t), "DOWN:" pick("motor hydraulic mould electrical"))
			t += 480 + rand() * 6720
			next_break = t + rexp(120000)
			su_end = t + 600
		} else if (next_change < t1) {
			t = next_change
			set_state(m, int(t), "SETUP:changeover")
			t += 900 + rand() * 1500
			n = split(PRODUCTS[m], a, " ")
			do p = a[int(rand() * n) + 1]; while (n > 1 && p == P[m])
			if (t < t1) {
				P[m] = p
				emit(int(t), NAME[m], "product", p)
			}
			next_change = t + rexp(30000)
			su_end = t + 600
			speed = 1.05 + 0.2 * rand()
		} else {
			break
		}
		# events due during the stop happen after it
		if (next_small < t) next_small = t + rexp(2400)
		if (next_break < t) next_break = t + rexp(120000)
		if (next_change < t) next_change = t + rexp(30000)
		if (t >= t1)
			break
		set_state(m, int(t), "RUN")
	}
}
# The meter read every 15 min of the day, then the day's log cleared.
function meters(m, t_end,    t, q) {
	CI[m] = 1
	for (q = 0; (t = day_t0 + q * 900) < t_end; q++) {
		energy_to(m, t)
		emit(t, NAME[m], "energy", sprintf("%.3f", E[m]))
	}
	energy_to(m, t_end)
	NCH[m] = 0
}
BEGIN {
	if (days == "") days = 365
	if (start == "") start = "2024-01-01"
	if (zone == "") zone = "rome"
	if (schedule == "") schedule = "shifts"
	if (seed == "") seed = 1
	srand(seed)
	split(start, sd, "-")
	d0 = days_from_civil(sd[1] + 0, sd[2] + 0, sd[3] + 0)
	nh = split(holidays, hl, " ")
	for (i = 1; i <= nh; i++) {
		split(hl[i], r, "\\.\\.")
		split(r[1], a, "-"); h0 = days_from_civil(a[1] + 0, a[2] + 0, a[3] + 0)
		h1 = h0
		if (r[2] != "") { split(r[2], a, "-"); h1 = days_from_civil(a[1] + 0, a[2] + 0, a[3] + 0) }
		for (h = h0; h <= h1; h++) HOL[h] = 1
	}
	nm = split(machines, ml, " ")
	for (m = 1; m <= nm; m++) {
		split(ml[m], a, ":")
		NAME[m] = a[1]
		np = split(a[2], pl, ",")
		PRODUCTS[m] = ""
		for (i = 1; i <= np; i++) {
			split(pl[i], q, "=")
			IDEAL[m, q[1]] = q[2] + 0
			PRODUCTS[m] = PRODUCTS[m] (i > 1 ? " " : "") q[1]
			if (i == 1) P[m] = q[1]
		}
	}
	print "ts,asset,signal,value"
	outmax = -1
	for (day = d0; day < d0 + days; day++) {
		day_t0 = utc(day, 0)
		for (m = 1; m <= nm; m++) {
			if (day == d0) {
				S[m] = "IDLE"; ET[m] = day_t0; RATE[m] = rate("IDLE")
				emit(day_t0, NAME[m], "state", "IDLE")
				emit(day_t0, NAME[m], "product", P[m])
				emit(day_t0, NAME[m], "parts", 0)
				emit(day_t0, NAME[m], "scrap", 0)
			}
			if (NAME[m] == reset && day == d0 + 200) {
				PARTS[m] = 0
				emit(utc(day, 5 * 3600), NAME[m], "parts", 0)
			}
			if (schedule == "continuous") {
				work(m, day_t0, utc(day + 1, 0) - 1, day == d0)
			} else if (weekday(day) >= 1 && weekday(day) <= 5 && !(day in HOL)) {
				work(m, utc(day, 6 * 3600), utc(day, 10 * 3600), 1)
				set_state(m, utc(day, 10 * 3600), "IDLE")
				work(m, utc(day, 10 * 3600 + 900), utc(day, 18 * 3600), 1)
				set_state(m, utc(day, 18 * 3600), "IDLE")
				work(m, utc(day, 18 * 3600 + 900), utc(day, 22 * 3600), 1)
				set_state(m, utc(day, 22 * 3600), "IDLE")
			}
			meters(m, utc(day + 1, 0))
		}
		flush_day()
	}
}
