# simulate.awk - the example plant (plant.yaml) as the pipeline sees it.
#
#   awk -v start=2024-11-04 -v days=7 -v out=DIR -f examples/simulate.awk
#
# Writes, for `days` days from local midnight of `start` (Europe/Rome,
# CET: +01:00; pick dates between the last Sunday of October and the last
# Sunday of March), with a fixed random seed so every run is the same:
#
#   DIR/records.csv    1-minute records of press1, press2 and compressor,
#                      with the columns i40-detect adds (score, alert,
#                      reason) on the monitored signals
#   DIR/events.csv     one record per alert episode (start, end, peak,
#                      severity, rule, sentence, remaining useful life)
#   DIR/oee.csv        OEE, its factors, the six big losses and the
#                      downtime Pareto per press and day
#   DIR/forecast.csv   a year of weekly demand of three items and twelve
#                      weeks of forecast with 80% and 95% intervals
#   DIR/inventory.csv  stock, reorder point, order quantity, safety stock
#
# The data is made up but consistent (losses add up to planned time,
# alerts where the values cross limits), as a stand-in for the output of
# i40-detect, i40-oee and i40-forecast.  Portable awk (no gawk extensions).

function civil_days(y, m, d,    era, yoe, doy, doe) {
	y -= (m <= 2)
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}

function iso(t,    days, s, z, era, doe, yoe, doy, mp, d, m, y) {
	days = int(t / 86400); s = t - days * 86400
	z = days + 719468
	era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	y = yoe + era * 400 + (m <= 2)
	return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, int(s / 3600), int(s % 3600 / 60), s % 60)
}

function gauss(    u, v) {
	u = rand(); v = rand()
	return sqrt(-2 * log(u + 1e-12)) * cos(6.283185307179586 * v)
}

function num(x) { return sprintf("%.4g", x) }

function rec(t, asset, signal, value, unit, score, alert, reason) {
	printf "%s,%s,%s,%s,%s,%s,%s,%s\n", iso(t), asset, signal, value, unit, score, alert, reason > R
	nrec++
}

# An alert episode of (asset, signal): opened, updated, closed into events.
function ep_update(key, t, value, score, on) {
	if (on && !(key in ep_start)) {
		ep_start[key] = t; ep_peak[key] = score; ep_val[key] = value; ep_pt[key] = t
	}
	if (on) {
		ep_end[key] = t
		if (score > ep_peak[key]) { ep_peak[key] = score; ep_val[key] = value; ep_pt[key] = t }
	} else if ((key in ep_start) && t - ep_end[key] >= 20 * 60) {
		ep_close(key)      # 20 min of cooldown: one fault, one episode
	}
}

function ep_close(key,    parts, asset, signal, dur, sentence, sev, rul, lo, hi, rule, u) {
	split(key, parts, SUBSEP); asset = parts[1]; signal = parts[2]
	dur = (ep_end[key] - ep_start[key]) / 60 + 1
	u = signal == "temp" ? "degC" : "mm/s"
	rul = ""; lo = ""; hi = ""
	if (signal == "vib_rms" && dur > 5) {
		rule = "adaptive"
		sentence = sprintf("Vibration RMS up to %s mm/s for %d min, rising about %s mm/s a day: bearing wear likely; the 7.1 mm/s limit in about %d h", \
			num(ep_val[key]), dur, num(drift_per_day), int((7.1 - ep_val[key]) / drift_per_day * 24))
		rul = int((7.1 - ep_val[key]) / drift_per_day * 24)
		lo = int(rul * 0.6); hi = int(rul * 1.7)
		sev = ep_val[key] > 5.5 ? "alarm" : "warning"
	} else if (signal == "vib_rms") {
		rule = "adaptive"
		sentence = sprintf("Single reading of %s mm/s, far above the usual 2.2 mm/s; no follow-up: likely an impact", num(ep_val[key]))
		sev = "warning"
	} else {
		rule = "limits"
		sentence = sprintf("Mould temperature %s degC above the 95 degC alarm limit for %d min", num(ep_val[key]), dur)
		sev = "alarm"
	}
	printf "%s,%s,%s,%s,%s,%s,%.3f,%s,%s,%s,%s,%s,%s\n", iso(ep_start[key]), asset, signal, num(ep_val[key]), \
		iso(ep_start[key]), iso(ep_end[key]), ep_peak[key], sev, rule, "\"" sentence "\"", rul, lo, hi > E
	delete ep_start[key]
}

BEGIN {
	if (start == "") start = "2024-11-04"
	if (days == "") days = 7
	if (out == "") out = "."
	split(start, ymd, "-")
	offset = 3600                          # CET
	t0 = civil_days(ymd[1] + 0, ymd[2] + 0, ymd[3] + 0) * 86400 - offset
	R = out "/records.csv"; E = out "/events.csv"; O = out "/oee.csv"
	F = out "/forecast.csv"; I = out "/inventory.csv"
	srand(42)
	print "ts,asset,signal,value,unit,score,alert,reason" > R
	print "ts,asset,signal,value,start,end,peak,severity,rule,sentence,rul_hours,rul_lo,rul_hi" > E
	print "ts,asset,signal,value,unit" > O

	npress = 2; press[1] = "press1"; press[2] = "press2"
	ideal = 25 / 60                        # ideal cycle: 25 s a part, in minutes
	drift_per_day = 1.3                    # press1 bearing wear over the last days
	drift_from = days >= 6 ? days - 4.5 : days * 0.4
	for (p = 1; p <= npress; p++) {
		tmp[p] = 30; parts[p] = 10000 * p; scrap[p] = 300 * p; st[p] = ""
	}
	energy = 52000

	for (day = 0; day < days; day++) {
		weekday = (int((t0 + offset) / 86400) + day + 4) % 7     # 0 Sunday
		workday = weekday >= 1 && weekday <= 5
		for (p = 1; p <= npress; p++) {
			# the day's stops, as minutes after 06:00: one setup, a few jams, short stops
			delete plan
			if (workday) {
				s0 = 60 + int(rand() * 300); for (k = 0; k < 25; k++) plan[s0 + k] = "SETUP"
				nj = 1 + int(rand() * 3)
				for (j = 0; j < nj; j++) {
					s0 = 400 + int(rand() * 500); len = 8 + int(rand() * 30)
					why = rand() < 0.7 ? "DOWN:jam" : (rand() < 0.5 ? "DOWN:hydraulic" : "DOWN:no_material")
					for (k = 0; k < len; k++) plan[s0 + k] = why
				}
				for (j = 0; j < 12; j++) plan[int(rand() * 960)] = "DOWN:short_stop"
			}
			run[p] = 0; brk[p] = 0; setup[p] = 0; small[p] = 0; good[p] = 0; tot[p] = 0
			nbrk[p] = 0; startup[p] = 0; prodrej[p] = 0; delete reason_min
			since_setup[p] = 999
		}
		for (mi = 0; mi < 1440; mi++) {
			t = t0 + day * 86400 + mi * 60
			for (p = 1; p <= npress; p++) {
				a = press[p]
				shift = workday && mi >= 360 && mi < 1320
				state = shift ? ((mi - 360) in plan ? plan[mi - 360] : "RUN") : "IDLE"
				if (state != st[p]) {
					rec(t, a, "state", state, "", "", "", "")
					if (shift && substr(state, 1, 5) == "DOWN:" && state != "DOWN:short_stop" && st[p] == "RUN")
						nbrk[p]++
					st[p] = state
				}
				if (shift) {
					if (state == "RUN") run[p]++
					else if (state == "SETUP") { setup[p]++; since_setup[p] = 0 }
					else if (state == "DOWN:short_stop") small[p]++
					else brk[p]++
					if (state != "RUN") reason_min[p, state == "SETUP" ? "changeover" : substr(state, 6)]++
				}
				# temperature follows the state; press2 overheats once
				target = state == "RUN" || state == "DOWN:short_stop" ? 80 : (shift ? 70 : 30)
				tmp[p] += (target - tmp[p]) * 0.05
				temp = tmp[p] + 0.6 * gauss()
				if (p == 2 && day == int(days / 2) && mi >= 600 && mi < 632) temp = 96 + 2 * sin((mi - 600) / 10)
				pres = state == "RUN" ? 119 + 1.5 * gauss() : (shift ? 40 + gauss() : 0)
				vib = state == "RUN" ? 2.2 + 0.2 * gauss() : 0.3 + 0.05 * gauss()
				if (p == 1 && day + mi / 1440 > drift_from && state == "RUN")
					vib += drift_per_day * (day + mi / 1440 - drift_from) + 0.25 * gauss()
				if (p == 1 && day == 1 && mi == 932) vib = 9.2
				if (vib < 0) vib = 0
				# detector columns: a score in [0,1), alert above 0.5
				ts_ = temp > 95 ? 1 + (temp - 95) / 5 : (temp > 80 ? (temp - 80) / 15 * 0.6 : 0)
				sc_t = ts_ / (1 + ts_)
				vs = vib > 2.2 ? (vib - 2.2) / 2.8 : 0
				sc_v = vs / (1 + vs)
				# hysteresis: on at 0.5, off under 0.4
				al_t = sc_t >= 0.5 || (sc_t >= 0.4 && ((a SUBSEP "temp") in ep_start))
				al_v = sc_v >= 0.5 || (sc_v >= 0.4 && ((a SUBSEP "vib_rms") in ep_start))
				rec(t, a, "temp", sprintf("%.1f", temp), "degC", sprintf("%.3f", sc_t), al_t, al_t ? "above the 95 degC limit" : "")
				rec(t, a, "pressure", sprintf("%.1f", pres), "bar", "", "", "")
				rec(t, a, "vib_rms", sprintf("%.2f", vib), "mm/s", sprintf("%.3f", sc_v), al_v, al_v ? "vibration above its learned range" : "")
				ep_update(a SUBSEP "temp", t, temp, sc_t, al_t)
				ep_update(a SUBSEP "vib_rms", t, vib, sc_v, al_v)
				if (state == "RUN") {
					n = rand() < 0.85 ? 2 : 1
					if (rand() < 0.3) n++
					bad = rand() < (since_setup[p] < 10 ? 0.25 : 0.015) ? 1 : 0
					parts[p] += n; scrap[p] += bad; tot[p] += n; good[p] += n - bad
					if (bad && since_setup[p] < 10) startup[p]++
					else if (bad) prodrej[p]++
					since_setup[p]++
				}
				if (mi % 5 == 0) {
					rec(t, a, "parts", parts[p], "parts", "", "", "")
					rec(t, a, "scrap", scrap[p], "parts", "", "", "")
				}
			}
			load = (st[1] == "RUN") + (st[2] == "RUN")
			pw = 1.2 + 2.4 * load + 0.3 * gauss()
			energy += pw / 60
			rec(t, "compressor", "power", sprintf("%.2f", pw), "kW", "", "", "")
			if (mi % 15 == 0) rec(t, "compressor", "energy", sprintf("%.1f", energy), "kWh", "", "", "")
			rec(t, "compressor", "oil_temp", sprintf("%.1f", 62 + 4 * load + 0.5 * gauss()), "degC", "", "", "")
		}
		# OEE of the day (ISO 22400-2): losses add up to planned time
		td = t0 + day * 86400
		for (p = 1; p <= npress && workday; p++) {
			a = press[p]
			planned = 960
			runtime = planned - brk[p] - setup[p]
			netrun = tot[p] * ideal
			fullyp = good[p] * ideal
			speed = runtime - small[p] - netrun
			print iso(td) "," a ",planned_time," num(planned) ",min" > O
			print iso(td) "," a ",run_time," num(runtime) ",min" > O
			print iso(td) "," a ",availability," sprintf("%.4f", runtime / planned) "," > O
			print iso(td) "," a ",performance," sprintf("%.4f", netrun / runtime) "," > O
			print iso(td) "," a ",quality," sprintf("%.4f", good[p] / tot[p]) "," > O
			print iso(td) "," a ",oee," sprintf("%.4f", fullyp / planned) "," > O
			print iso(td) "," a ",teep," sprintf("%.4f", fullyp / 1440) "," > O
			print iso(td) "," a ",mtbf," (nbrk[p] ? num(runtime / nbrk[p]) : "") ",min" > O
			print iso(td) "," a ",mttr," (nbrk[p] ? num(brk[p] / nbrk[p]) : "") ",min" > O
			print iso(td) "," a ",scrap_rate," sprintf("%.4f", (tot[p] - good[p]) / tot[p]) "," > O
			print iso(td) "," a ",loss.breakdowns," num(brk[p]) ",min" > O
			print iso(td) "," a ",loss.setup_adjustments," num(setup[p]) ",min" > O
			print iso(td) "," a ",loss.small_stops," num(small[p]) ",min" > O
			print iso(td) "," a ",loss.reduced_speed," num(speed) ",min" > O
			print iso(td) "," a ",loss.startup_rejects," num(startup[p] * ideal) ",min" > O
			print iso(td) "," a ",loss.production_rejects," num(prodrej[p] * ideal) ",min" > O
			for (k in reason_min) {
				split(k, kk, SUBSEP)
				if (kk[1] == p) print iso(td) "," a ",pareto." kk[2] "," reason_min[k] ",min" > O
			}
		}
	}
	for (k in ep_start) ep_close(k)

	# weekly demand of three items: a year of history, twelve weeks ahead
	print "ts,asset,signal,value,lo80,hi80,lo95,hi95,method" > F
	print "ts,asset,signal,value,unit" > I
	nitem = split("BR-220 SH-14 SC-M8", item, " ")
	split("420 85 2600", base, " "); split("2.1 0.1 -4", trend, " "); split("60 12 300", amp, " ")
	split("640 70 12400", stock, " "); split("25 9 160", noise, " ")
	tend = t0 + days * 86400
	monday = tend - ((int((tend + offset) / 86400) + 4 + 6) % 7) * 86400 - 52 * 604800
	for (it = 1; it <= nitem; it++) {
		sum = 0; sumsq = 0
		for (w = 0; w < 52; w++) {
			v = base[it] + trend[it] * w + amp[it] * sin(w / 52 * 6.283185307) + noise[it] * gauss()
			if (v < 0) v = 0
			print iso(monday + w * 604800) "," item[it] ",demand," int(v + 0.5) ",,,,," > F
		}
		for (h = 1; h <= 12; h++) {
			w = 51 + h
			m = base[it] + trend[it] * w + amp[it] * sin(w / 52 * 6.283185307)
			sd = noise[it] * sqrt(1 + 0.35 * (h - 1))
			l95 = m - 1.96 * sd; if (l95 < 0) l95 = 0
			printf "%s,%s,demand,%s,%s,%s,%s,%s,\"ETS(A,Ad,A)\"\n", iso(monday + w * 604800), item[it], num(m), \
				num(m - 1.2816 * sd), num(m + 1.2816 * sd), num(l95), num(m + 1.96 * sd) > F
		}
		lead = 2   # weeks
		ss = int(1.645 * noise[it] * sqrt(lead) + 0.5)
		rop = int(m * lead + ss + 0.5)
		print iso(t0 + days * 86400) "," item[it] ",stock," stock[it] ",pcs" > I
		print iso(t0 + days * 86400) "," item[it] ",reorder_point," rop ",pcs" > I
		print iso(t0 + days * 86400) "," item[it] ",order_qty," int(m * 6 + 0.5) ",pcs" > I
		print iso(t0 + days * 86400) "," item[it] ",safety_stock," ss ",pcs" > I
	}
}
