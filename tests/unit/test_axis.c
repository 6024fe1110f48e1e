/* test_axis.c - nice value ticks and local-time ticks against worked examples.
 *
 * Value ticks: each expected set is worked by hand in the comment above it
 * from the rule in axis.c (the smallest of 1, 2, (2.5 from 10 up), 5 x 10^k
 * giving at most `target` ticks).  Times: the instants were computed with
 * Python's calendar.timegm (an independent implementation of the civil
 * calendar), e.g. calendar.timegm((2024,3,6,0,0,0)) = 1709683200.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "axis.h"
#include "tm.h"

#define S 1000000000LL
#define H (3600 * S)
#define D (24 * H)

static void
expect_ticks(const struct i40_ticks *t, const double *want, int n)
{
	assert_int_equal(t->n, n);
	for (int i = 0; i < n; i++)
		assert_true(fabs(t->v[i] - want[i]) < 1e-9 * fmax(1, fabs(want[i])));
}

static void
expect_label(const struct i40_ticks *t, double v, const char *want)
{
	char buf[64];

	i40_axis_label(t, v, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void
nice_percent(void **state)
{
	struct i40_ticks t;
	/* 0..100, 5 ticks: raw step 25, p = 10: 10 gives 11 ticks, 20 gives 6,
	 * 25 gives 5. */
	const double want[] = { 0, 25, 50, 75, 100 };

	(void)state;
	assert_int_equal(i40_axis_nice(0, 100, 5, 1, &t), 0);
	expect_ticks(&t, want, 5);
	assert_true(t.step == 25);
	assert_true(t.lo == 0 && t.hi == 100);
	assert_int_equal(t.decimals, 0);
	expect_label(&t, 75, "75");
}

static void
nice_fraction(void **state)
{
	struct i40_ticks t;
	/* 0..1, 6 ticks: raw 0.2, p = 0.1: 0.1 gives 11, 0.2 gives 6. */
	const double want[] = { 0, 0.2, 0.4, 0.6, 0.8, 1.0 };

	(void)state;
	i40_axis_nice(0, 1, 6, 1, &t);
	expect_ticks(&t, want, 6);
	assert_int_equal(t.decimals, 1);
	expect_label(&t, 0.6000000000000001, "0.6");
	expect_label(&t, 0, "0");
}

static void
nice_negative_expanded(void **state)
{
	struct i40_ticks t;
	/* -3.7..12.2, 5 ticks: raw 3.975, p = 1: step 1 gives -4..13 (18),
	 * 2 gives -4..14 (10), 2.5 not below 10, 5 gives -5..15 (5). */
	const double want[] = { -5, 0, 5, 10, 15 };

	(void)state;
	i40_axis_nice(-3.7, 12.2, 5, 1, &t);
	expect_ticks(&t, want, 5);
	assert_true(t.lo == -5 && t.hi == 15);
	expect_label(&t, -5, "-5");
}

static void
nice_inside(void **state)
{
	struct i40_ticks t;
	/* 0.3..9.6 not expanded, 5 ticks: step 1 gives 1..9 (9), step 2
	 * gives 2, 4, 6, 8; the range stays 0.3..9.6. */
	const double want[] = { 2, 4, 6, 8 };

	(void)state;
	i40_axis_nice(0.3, 9.6, 5, 0, &t);
	expect_ticks(&t, want, 4);
	assert_true(t.lo == 0.3 && t.hi == 9.6);
}

static void
nice_large_scaled(void **state)
{
	struct i40_ticks t;
	/* 0..2.4e6, 6 ticks: p = 1e5: 1e5 -> 25, 2e5 -> 13, 2.5e5 -> 11,
	 * 5e5 -> 0..2.5e6 = 6.  Labels in millions with one decimal. */
	const double want[] = { 0, 5e5, 1e6, 1.5e6, 2e6, 2.5e6 };

	(void)state;
	i40_axis_nice(0, 2.4e6, 6, 1, &t);
	expect_ticks(&t, want, 6);
	assert_string_equal(t.suffix, "M");
	expect_label(&t, 0, "0");
	expect_label(&t, 5e5, "0.5M");
	expect_label(&t, 2e6, "2.0M");
}

static void
nice_two_and_a_half_thousands(void **state)
{
	struct i40_ticks t;
	/* 0..10000, 5 ticks: p = 1000: 1000 -> 11, 2000 -> 6, 2500 -> 5.
	 * 10000 >= 1e4 so labels are in thousands: 2.5k needs a decimal. */
	const double want[] = { 0, 2500, 5000, 7500, 10000 };

	(void)state;
	i40_axis_nice(0, 10000, 5, 1, &t);
	expect_ticks(&t, want, 5);
	expect_label(&t, 2500, "2.5k");
	expect_label(&t, 10000, "10.0k");
}

static void
nice_flat_and_bad(void **state)
{
	struct i40_ticks t;
	/* flat at 5: widened by 10% to 4.5..5.5; 5 ticks: p = 0.1: 0.1 -> 11,
	 * 0.2 -> 4.4..5.6 = 7, 0.5 -> 3. */
	const double want[] = { 4.5, 5, 5.5 };
	const double unit[] = { 0, 0.2, 0.4, 0.6, 0.8, 1 };

	(void)state;
	i40_axis_nice(5, 5, 5, 1, &t);
	expect_ticks(&t, want, 3);
	expect_label(&t, 5, "5.0");
	/* reversed bounds are swapped */
	i40_axis_nice(100, 0, 5, 1, &t);
	assert_true(t.lo == 0 && t.hi == 100);
	/* not finite: -1 and a 0..1 axis */
	assert_int_equal(i40_axis_nice(NAN, 3, 6, 1, &t), -1);
	expect_ticks(&t, unit, 6);
	assert_int_equal(i40_axis_nice(0, INFINITY, 6, 1, &t), -1);
}

static void
nice_closest_count(void **state)
{
	struct i40_ticks t;
	/* 0..8.4 expanded, 5 ticks: step 1 gives 0..9 (10 ticks, 5 off),
	 * 2 gives 0..10 (6, 1 off), 5 gives 0..10 (3, 2 off): step 2. */
	const double want[] = { 0, 2, 4, 6, 8, 10 };

	(void)state;
	i40_axis_nice(0, 8.4, 5, 1, &t);
	expect_ticks(&t, want, 6);
	/* the widest doubles: finite ticks, no endless search */
	assert_int_equal(i40_axis_nice(-1.7e308, 1.7e308, 5, 1, &t), 0);
	assert_true(t.n >= 2 && t.n <= I40_TICKS_MAX);
	assert_true(isfinite(t.step));
}

/* The zone of tm.h through i40_axis_zone(): Europe/Rome from tzdata goes
 * to summer time at 2024-03-31T01:00Z (1711846800) and back at
 * 2024-10-27T01:00Z (1729990800), the EU rule. */
static void
real_zone_days(void **state)
{
	struct i40_tticks t;
	struct i40_err err;
	struct i40_tz *rome = i40_tz_load("Europe/Rome", &err);
	struct i40_tzfn tz = i40_axis_zone(rome), utc = i40_axis_zone(NULL);
	const int64_t sat = 1729893600LL * S;   /* 2024-10-25T22:00Z = Sat 26 Oct 00:00 CEST */

	(void)state;
	assert_non_null(rome);
	assert_null(utc.offset);
	assert_true(i40_axis_local(&utc, sat) == sat);
	assert_true(i40_axis_local(&tz, 1729990799LL * S) == (1729990799LL + 7200) * S);
	assert_true(i40_axis_local(&tz, 1729990800LL * S) == (1729990800LL + 3600) * S);
	/* Sat 26 to Tue 29 Oct local midnight: Sunday has 25 hours. */
	i40_axis_time(sat, sat + 73 * H, 4, &tz, &t);
	assert_int_equal(t.unit, I40_TU_DAY);
	assert_int_equal(t.n, 4);
	assert_true(t.t[1] == sat + 24 * H);
	assert_true(t.t[2] == sat + 49 * H);    /* Mon 28 00:00 CET = 27 23:00Z */
	assert_true(t.t[3] == sat + 73 * H);
	assert_string_equal(t.label[2], "Mon 28");
	i40_tz_free(rome);
}

static void
time_hours_utc(void **state)
{
	struct i40_tticks t;
	const int64_t t0 = 1709683200LL * S;    /* 2024-03-06T00:00Z, a Wednesday */

	(void)state;
	/* 6 h with at most 7 ticks: 30 min would need 13, 1 h needs 7 */
	assert_int_equal(i40_axis_time(t0, t0 + 6 * H, 7, NULL, &t), 0);
	assert_int_equal(t.unit, I40_TU_HOUR);
	assert_int_equal(t.mult, 1);
	assert_int_equal(t.n, 7);
	for (int i = 0; i < 7; i++)
		assert_true(t.t[i] == t0 + i * H);
	assert_string_equal(t.label[0], "00:00");
	assert_string_equal(t.label[6], "06:00");
	assert_string_equal(t.label2[0], "Wed 6 Mar");
	assert_string_equal(t.label2[1], "");
	assert_int_equal(i40_axis_time(t0, t0, 7, NULL, &t), -1);
}

static void
time_local_day(void **state)
{
	struct i40_tticks t;
	long off = 3600;        /* CET */
	struct i40_tzfn tz = { i40_axis_fixed_offset, &off };
	const int64_t t0 = 1709679600LL * S;    /* 2024-03-05T23:00Z = 6 Mar 00:00 CET */

	(void)state;
	/* one local day, 5 ticks: 3 h needs 9, 6 h needs 5 */
	i40_axis_time(t0, t0 + D, 5, &tz, &t);
	assert_int_equal(t.unit, I40_TU_HOUR);
	assert_int_equal(t.mult, 6);
	assert_int_equal(t.n, 5);
	/* local 00, 06, 12, 18, 00 are UTC 23, 05, 11, 17, 23 */
	for (int i = 0; i < 5; i++)
		assert_true(t.t[i] == t0 + i * 6 * H);
	assert_string_equal(t.label[1], "06:00");
	assert_string_equal(t.label2[0], "Wed 6 Mar");
	assert_string_equal(t.label2[4], "Thu 7 Mar");
}

/* CET/CEST in 2024: summer time from 2024-03-31T01:00Z. */
static long
cet2024(const void *ctx, int64_t s)
{
	(void)ctx;
	return s >= 1711846800LL ? 7200 : 3600;
}

static void
time_days_across_dst(void **state)
{
	struct i40_tticks t;
	struct i40_tzfn tz = { cet2024, NULL };
	const int64_t sat = 1711753200LL * S;   /* 2024-03-29T23:00Z = Sat 30 00:00 CET */

	(void)state;
	/* Sat 30 Mar 00:00 to Tue 2 Apr 00:00 local: 71 h, as Sunday is 23 h.
	 * 4 ticks: one a day, at local midnight. */
	i40_axis_time(sat, sat + 71 * H, 4, &tz, &t);
	assert_int_equal(t.unit, I40_TU_DAY);
	assert_int_equal(t.n, 4);
	assert_true(t.t[0] == sat);
	assert_true(t.t[1] == sat + 24 * H);
	assert_true(t.t[2] == sat + 47 * H);   /* Mon 1 Apr 00:00 CEST = 22:00Z */
	assert_true(t.t[3] == sat + 71 * H);
	assert_string_equal(t.label[0], "Sat 30");
	assert_string_equal(t.label[2], "Mon 1");
	assert_string_equal(t.label2[0], "Mar 2024");
	assert_string_equal(t.label2[1], "");
	assert_string_equal(t.label2[2], "Apr 2024");
}

static void
time_half_hour_zone(void **state)
{
	struct i40_tticks t;
	long off = 19800;       /* India, +05:30 */
	struct i40_tzfn tz = { i40_axis_fixed_offset, &off };
	const int64_t t0 = 1709683200LL * S;    /* 00:00Z = 05:30 IST */

	(void)state;
	i40_axis_time(t0, t0 + 6 * H, 7, &tz, &t);
	/* hours fall on the local clock: 06:00 IST = 00:30Z */
	assert_int_equal(t.n, 6);
	assert_true(t.t[0] == t0 + 30 * 60 * S);
	assert_string_equal(t.label[0], "06:00");
	assert_string_equal(t.label[5], "11:00");
}

static void
time_weeks_start_monday(void **state)
{
	struct i40_tticks t;
	const int64_t t0 = 1709251200LL * S;    /* 2024-03-01 */
	const int64_t t1 = 1714435200LL * S;    /* 2024-04-30 */

	(void)state;
	/* 60 days, 10 ticks: 2 d needs 31, 1 w needs 9 */
	i40_axis_time(t0, t1, 10, NULL, &t);
	assert_int_equal(t.unit, I40_TU_WEEK);
	assert_int_equal(t.n, 9);
	/* Mondays: 4 Mar 2024 = 1709510400 */
	for (int i = 0; i < 9; i++)
		assert_true(t.t[i] == 1709510400LL * S + i * 7 * D);
	assert_string_equal(t.label[0], "4 Mar");
	assert_string_equal(t.label[4], "1 Apr");
	assert_string_equal(t.label2[0], "2024");
}

static void
time_quarters(void **state)
{
	struct i40_tticks t;
	const int64_t t0 = 1673740800LL * S;    /* 2023-01-15 */
	const int64_t t1 = 1705276800LL * S;    /* 2024-01-15 */

	(void)state;
	/* 365 days, 6 ticks: 1 month needs 13, 3 months 5 */
	i40_axis_time(t0, t1, 6, NULL, &t);
	assert_int_equal(t.unit, I40_TU_MONTH);
	assert_int_equal(t.mult, 3);
	assert_int_equal(t.n, 4);
	assert_true(t.t[0] == 1680307200LL * S);   /* 2023-04-01 */
	assert_true(t.t[3] == 1704067200LL * S);   /* 2024-01-01 */
	assert_string_equal(t.label[0], "Apr");
	assert_string_equal(t.label[3], "Jan");
	assert_string_equal(t.label2[0], "2023");
	assert_string_equal(t.label2[1], "");
	assert_string_equal(t.label2[3], "2024");
}

static void
time_seconds_and_years(void **state)
{
	struct i40_tticks t;
	const int64_t t0 = 1709683200LL * S;

	(void)state;
	/* 90 s, 10 ticks: 5 s needs 19, 10 s needs 10 */
	i40_axis_time(t0 + 5 * S, t0 + 95 * S, 10, NULL, &t);
	assert_int_equal(t.unit, I40_TU_SEC);
	assert_int_equal(t.mult, 10);
	assert_int_equal(t.n, 9);      /* 00:00:10 .. 00:01:30 */
	assert_string_equal(t.label[0], "00:00:10");
	/* 2 s of data at 500 ms */
	i40_axis_time(t0, t0 + 2 * S, 5, NULL, &t);
	assert_int_equal(t.unit, I40_TU_MS);
	assert_string_equal(t.label[1], "00:00:00.500");
	/* 30 years: 10-year ticks on round years */
	i40_axis_time(0, 30 * 365 * D, 5, NULL, &t);
	assert_int_equal(t.unit, I40_TU_YEAR);
	assert_int_equal(t.mult, 10);
	assert_string_equal(t.label[0], "1970");
	assert_string_equal(t.label[2], "1990");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nice_percent),
		cmocka_unit_test(nice_fraction),
		cmocka_unit_test(nice_negative_expanded),
		cmocka_unit_test(nice_inside),
		cmocka_unit_test(nice_large_scaled),
		cmocka_unit_test(nice_two_and_a_half_thousands),
		cmocka_unit_test(nice_flat_and_bad),
		cmocka_unit_test(nice_closest_count),
		cmocka_unit_test(real_zone_days),
		cmocka_unit_test(time_hours_utc),
		cmocka_unit_test(time_local_day),
		cmocka_unit_test(time_days_across_dst),
		cmocka_unit_test(time_half_hour_zone),
		cmocka_unit_test(time_weeks_start_monday),
		cmocka_unit_test(time_quarters),
		cmocka_unit_test(time_seconds_and_years),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
