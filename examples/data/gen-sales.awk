# gen-sales.awk - the example plant's sales: two years of orders of five
# items (2023-01-02 to 2024-12-29), one row per order line.
#
#   gawk -f gen-sales.awk > sales.csv     (GNU awk: the seed is fixed, so
#                                          the file is the same every time;
#                                          other awks draw other numbers)
#
# Moulded products, ordered on working days by customers:
#   CAP-28   bottle caps: ~1200 a week, growing 10% a year, summer peak
#   BOX-S    storage boxes: ~150 a week, spring peak (garden season)
#   CLIP-5   cable clips: ~500 a week, steady
# Spare parts, taken from the store by maintenance:
#   BRG-6204 bearings of the presses: now and then, 1-2 at a time
#   HTR-60   heater bands of the barrels: rarely, 2-6 at a time
# Times are local (Europe/Rome, the plant's zone), as an ERP exports them.
function poisson(l,   k, p, L) { L = exp(-l); k = 0; p = 1
	do { k++; p *= rand() } while (p > L); return k - 1 }
function date(d,   y, m, days) {
	# days since 2023-01-01 to y-m-d (2023 and 2024 only)
	split("31 28 31 30 31 30 31 31 30 31 30 31", days, " ")
	y = 2023
	if (d >= 365) { y = 2024; d -= 365; days[2] = 29 }
	for (m = 1; d >= days[m]; m++) d -= days[m]
	return sprintf("%04d-%02d-%02d", y, m, d + 1)
}
BEGIN {
	srand(20250106)
	pi = atan2(0, -1)
	print "ts,asset,signal,value"
	for (d = 1; d <= 728; d++) {            # 2023-01-02 (a Monday) ...
		wd = (d - 1) % 7                    # 0 Monday .. 6 Sunday
		week = int((d - 1) / 7)
		day = date(d)
		if (wd < 5) {
			n = poisson(2)
			cap = 1200 * (1 + 0.1 * week / 52) * (1 + 0.2 * sin(2 * pi * (week - 13) / 52)) / 5
			for (i = 0; i < n; i++)
				printf "%s %02d:%02d,CAP-28,sales,%d\n", day, 8 + i, int(rand() * 60), cap / n * (0.7 + 0.6 * rand())
			if (rand() < 0.8) {
				box = 150 * (1 + 0.5 * sin(2 * pi * (week - 5) / 52)) / 5 * (0.6 + 0.8 * rand())
				printf "%s 14:%02d,BOX-S,sales,%d\n", day, int(rand() * 60), box
			}
			if (rand() < 0.9)
				printf "%s 16:%02d,CLIP-5,sales,%d\n", day, int(rand() * 60), 500 / 4.5 * (0.5 + rand())
		}
		if (rand() < 0.08)
			printf "%s 07:%02d,BRG-6204,sales,%d\n", day, int(rand() * 60), 1 + (rand() < 0.3)
		if (rand() < 0.02)
			printf "%s 07:%02d,HTR-60,sales,%d\n", day, 30 + int(rand() * 30), 2 + int(rand() * 5)
	}
}
