/* test_win.c - window and pane arithmetic, checked against the
 * definition: time window k is [offset + k*step, offset + k*step + len).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "win.h"

#define S 1000000000LL

static void
tumbling_minute(void **state)
{
	struct i40_win w;

	(void)state;
	assert_int_equal(i40_win_time(&w, 60 * S, 60 * S, 0, NULL), 0);
	assert_int_equal(w.npanes, 1);
	/* 1970-01-01T00:01:30Z is in pane 1 = [60 s, 120 s). */
	assert_int_equal(i40_win_pane_of(&w, 90 * S), 1);
	assert_int_equal(i40_win_pane_start(&w, 1), 60 * S);
	assert_int_equal(i40_win_pane_end(&w, 1), 120 * S);
	/* The end is exclusive: 120 s starts the next window. */
	assert_int_equal(i40_win_pane_of(&w, 120 * S), 2);
	assert_int_equal(i40_win_pane_of(&w, 120 * S - 1), 1);
	/* Before the epoch, floor division: -1 ns is in [-60 s, 0). */
	assert_int_equal(i40_win_pane_of(&w, -1), -1);
	assert_int_equal(i40_win_pane_start(&w, -1), -60 * S);
	assert_true(i40_win_ends_at(&w, 5));
	assert_true(i40_win_covers(&w, -7));
}

/* 60 s windows every 20 s: panes of 20 s, 3 per window, a window ends
 * at every pane; window ending with pane p starts at pane p-2. */
static void
hopping(void **state)
{
	struct i40_win w;

	(void)state;
	assert_int_equal(i40_win_time(&w, 60 * S, 20 * S, 0, NULL), 0);
	assert_int_equal(w.pane, 20 * S);
	assert_int_equal(w.npanes, 3);
	assert_int_equal(w.stride, 1);
	assert_int_equal(i40_win_first_pane(&w, 10), 8);
	assert_true(i40_win_ends_at(&w, 10));
	/* 60 s every 40 s: gcd 20 s, windows at panes {0,1,2}, {2,3,4}, ...;
	 * one ends at p when (p + 1 - 3) is a multiple of 2, i.e. p even. */
	assert_int_equal(i40_win_time(&w, 60 * S, 40 * S, 0, NULL), 0);
	assert_int_equal(w.npanes, 3);
	assert_int_equal(w.stride, 2);
	assert_true(i40_win_ends_at(&w, 2));
	assert_false(i40_win_ends_at(&w, 3));
	assert_true(i40_win_ends_at(&w, 4));
	assert_true(i40_win_ends_at(&w, -2));
	/* the next end at or after a pane: 2 -> 2, 3 -> 4, -1 -> 0 */
	assert_int_equal(i40_win_next_end(&w, 2), 2);
	assert_int_equal(i40_win_next_end(&w, 3), 4);
	assert_int_equal(i40_win_next_end(&w, -1), 0);
}

/* 10 s windows every 60 s sample the stream: panes 10 s, only the first
 * pane of every 6 belongs to a window. */
static void
sampling(void **state)
{
	struct i40_win w;

	(void)state;
	assert_int_equal(i40_win_time(&w, 10 * S, 60 * S, 0, NULL), 0);
	assert_int_equal(w.npanes, 1);
	assert_int_equal(w.stride, 6);
	assert_true(i40_win_covers(&w, 0));
	assert_false(i40_win_covers(&w, 1));
	assert_false(i40_win_covers(&w, 5));
	assert_true(i40_win_covers(&w, 6));
	assert_true(i40_win_covers(&w, -6));
	assert_false(i40_win_covers(&w, -1));
	assert_true(i40_win_ends_at(&w, 6));
	assert_false(i40_win_ends_at(&w, 7));
}

/* Day windows on CET midnights: offset -1 h, so 2024-03-01T23:30Z
 * (00:30 CET on the 2nd) is in the window starting 2024-03-01T23:00Z. */
static void
offset_alignment(void **state)
{
	struct i40_win w;
	const int64_t day = 86400 * S, mar1 = 1709251200LL * S; /* 2024-03-01T00:00Z */
	int64_t p;

	(void)state;
	assert_int_equal(i40_win_time(&w, day, day, -3600 * S, NULL), 0);
	assert_int_equal(w.offset, day - 3600 * S);
	p = i40_win_pane_of(&w, mar1 + 23 * 3600 * S + 1800 * S);
	assert_int_equal(i40_win_pane_start(&w, p), mar1 + 23 * 3600 * S);
	p = i40_win_pane_of(&w, mar1 + 22 * 3600 * S);
	assert_int_equal(i40_win_pane_start(&w, p), mar1 - 3600 * S);
	assert_int_equal(i40_win_pane_end(&w, p), mar1 + 23 * 3600 * S);
}

static void
count_windows(void **state)
{
	struct i40_win w;

	(void)state;
	assert_int_equal(i40_win_count(&w, 1024, 512, NULL), 0);
	assert_int_equal(w.pane, 512);
	assert_int_equal(w.npanes, 2);
	assert_int_equal(i40_win_pane_of(&w, 1023), 1);
	assert_int_equal(i40_win_pane_of(&w, 1024), 2);
	assert_int_equal(i40_win_first_pane(&w, 2), 1);
	assert_false(i40_win_ends_at(&w, 0));   /* [0,1024) ends with pane 1 */
	assert_true(i40_win_ends_at(&w, 1));
	assert_int_equal(i40_win_next_end(&w, 0), 1);
	assert_int_equal(i40_win_next_end(&w, 5), 5);
}

static void
bad_specs(void **state)
{
	struct i40_win w;
	struct i40_err e;

	(void)state;
	assert_int_equal(i40_win_time(&w, 0, 60 * S, 0, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	assert_int_equal(i40_win_time(&w, 60 * S, -1, 0, &e), -1);
	assert_int_equal(i40_win_count(&w, 1024, 0, &e), -1);
	/* 1 h every 7 s: gcd 1 s, 3600 panes is allowed; 1 h every 7 ms is not. */
	assert_int_equal(i40_win_time(&w, 3600 * S, 7 * S, 0, &e), 0);
	assert_int_equal(i40_win_time(&w, 3600 * S, 7 * S / 1000, 0, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
}

/* Fake calendar: "days" of 23 h and 25 h alternating from t = 0, as a
 * DST zone gives twice a year. */
static int
odd_days(void *ctx, int64_t ts, int64_t *start, int64_t *end)
{
	const int64_t two = 48 * 3600 * S, h23 = 23 * 3600 * S;
	int64_t base = ts / two * two;

	(void)ctx;
	if (ts < 0)
		return -1;
	if (ts - base < h23) {
		*start = base;
		*end = base + h23;
	} else {
		*start = base + h23;
		*end = base + two;
	}
	return 0;
}

static void
calendar(void **state)
{
	struct i40_win w;
	int64_t p;

	(void)state;
	assert_int_equal(i40_win_calendar(&w, odd_days, NULL, NULL), 0);
	p = i40_win_pane_of(&w, 30 * 3600 * S);
	assert_int_equal(p, 23 * 3600 * S);
	assert_int_equal(i40_win_pane_end(&w, p), 48 * 3600 * S);
	assert_int_equal(i40_win_pane_next(&w, p), 48 * 3600 * S);
	assert_true(i40_win_ends_at(&w, p));
	assert_int_equal(i40_win_first_pane(&w, p), p);
}

/* ---- windows on the local clock ----------------------------------- */

/* 2024-03-31 and 2024-10-27 in Europe/Rome: the clock jumps from 02:00
 * CET to 03:00 CEST at 01:00Z, and back from 03:00 CEST to 02:00 CET at
 * 01:00Z.  Expected bounds worked out by hand from those two facts. */
#define H (3600 * S)
#define D (86400 * S)
#define Z(d, h, m) (i40_days_from_civil(2024, (d) / 100, (d) % 100) * 86400 + (h) * 3600 + (m) * 60)

static void
local_bounds(const struct i40_tz *tz, int64_t len, int64_t ts_s, int64_t want_s, int64_t want_e)
{
	struct i40_win w;
	struct i40_win_local c;
	int64_t s, e;

	assert_int_equal(i40_win_local(&w, &c, tz, len, NULL), 0);
	assert_int_equal(i40_win_local_bounds(&c, ts_s * S, &s, &e), 0);
	assert_true(s == want_s * S);
	assert_true(e == want_e * S);
	/* the window after starts where this one ends, the one before ends
	 * where it starts: they tile */
	assert_int_equal(i40_win_local_bounds(&c, e, &s, &e), 0);
	assert_true(s == want_e * S);
	assert_int_equal(i40_win_local_bounds(&c, want_s * S - 1, &s, &e), 0);
	assert_true(e == want_s * S);
}

static void
local_clock(void **state)
{
	struct i40_tz *rome = i40_tz_load("Europe/Rome", NULL), *kol = i40_tz_load("Asia/Kolkata", NULL),
		      *utc = i40_tz_load("UTC", NULL);
	struct i40_win w;
	struct i40_win_local c;
	struct i40_err e;

	(void)state;
	assert_non_null(rome);
	assert_non_null(kol);
	/* days: 23 h in March, 25 h in October, 24 h otherwise */
	local_bounds(rome, D, Z(331, 12, 0), Z(330, 23, 0), Z(331, 22, 0));
	local_bounds(rome, D, Z(1027, 12, 0), Z(1026, 22, 0), Z(1027, 23, 0));
	local_bounds(rome, D, Z(701, 12, 0), Z(630, 22, 0), Z(701, 22, 0));
	/* hours stay hours through both changes */
	local_bounds(rome, H, Z(331, 0, 30), Z(331, 0, 0), Z(331, 1, 0));
	local_bounds(rome, H, Z(331, 1, 30), Z(331, 1, 0), Z(331, 2, 0));
	local_bounds(rome, H, Z(1027, 0, 30), Z(1027, 0, 0), Z(1027, 1, 0));
	local_bounds(rome, H, Z(1027, 1, 30), Z(1027, 1, 0), Z(1027, 2, 0));
	/* 2 h windows: the 00-02 local window ends when the clock jumps
	 * (02:00 is skipped), the next runs 03:00-04:00 CEST, 1 h */
	local_bounds(rome, 2 * H, Z(331, 0, 30), Z(330, 23, 0), Z(331, 1, 0));
	local_bounds(rome, 2 * H, Z(331, 1, 30), Z(331, 1, 0), Z(331, 2, 0));
	/* October: 02:00-03:00 CEST (1 h), then 02:00-04:00 CET (2 h) */
	local_bounds(rome, 2 * H, Z(1027, 0, 30), Z(1027, 0, 0), Z(1027, 1, 0));
	local_bounds(rome, 2 * H, Z(1027, 1, 30), Z(1027, 1, 0), Z(1027, 3, 0));
	/* weeks start on Monday 00:00 local: 2024-03-25 is a Monday, the
	 * week holding the change lasts 7 d - 1 h */
	local_bounds(rome, 7 * D, Z(328, 12, 0), Z(324, 23, 0), Z(331, 22, 0));
	/* +05:30: hours run from hh:30 UTC */
	local_bounds(kol, H, Z(501, 10, 0), Z(501, 9, 30), Z(501, 10, 30));
	local_bounds(kol, D, Z(501, 10, 0), Z(430, 18, 30), Z(501, 18, 30));
	/* UTC: the plain clock */
	local_bounds(utc, 15 * 60 * S, Z(501, 10, 7), Z(501, 10, 0), Z(501, 10, 15));

	assert_int_equal(i40_win_local(&w, &c, rome, 7 * H, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	assert_int_equal(i40_win_local(&w, &c, rome, 2 * D, &e), -1);
	i40_tz_free(rome);
	i40_tz_free(kol);
	i40_tz_free(utc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tumbling_minute),
		cmocka_unit_test(hopping),
		cmocka_unit_test(sampling),
		cmocka_unit_test(offset_alignment),
		cmocka_unit_test(count_windows),
		cmocka_unit_test(bad_specs),
		cmocka_unit_test(calendar),
		cmocka_unit_test(local_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
