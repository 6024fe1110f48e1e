/* test_period.c - calendar periods in a zone, worked out by hand from the
 * calendar and the zones' rules (Europe/Rome: CET +1, CEST +2 from the
 * last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC;
 * Asia/Kolkata +5:30 all year), and series summed into them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "period.h"

static int64_t
utc(int y, int mo, int d, int h, int mi)
{
	struct i40_civil c = { y, mo, d, h, mi, 0, 0 };
	return i40_civil_to_ns(&c);
}

static struct i40_tz *
zone(const char *name)
{
	struct i40_err err;
	struct i40_tz *tz = i40_tz_load(name, &err);

	if (tz == NULL)
		fail_msg("%s: %s", name, err.msg);
	return tz;
}

/* Weeks start on Monday 00:00 local time.  Sunday 2024-03-31 is the day
 * Rome moves to summer time: the week of Monday 25 March starts at
 * 2024-03-24T23:00Z (CET) and the next at 2024-03-31T22:00Z (CEST), so
 * that week lasts 7 x 24 - 1 hours. */
static void
weeks_across_dst(void **state)
{
	struct i40_tz *rome = zone("Europe/Rome");
	int64_t w;

	(void)state;
	w = i40_period_index(I40_PERIOD_WEEK, rome, utc(2024, 3, 31, 12, 0));
	assert_true(i40_period_start(I40_PERIOD_WEEK, rome, w) == utc(2024, 3, 24, 23, 0));
	assert_true(i40_period_start(I40_PERIOD_WEEK, rome, w + 1) == utc(2024, 3, 31, 22, 0));
	/* 22:30Z on Sunday is 00:30 on Monday in Rome: the next week. */
	assert_true(i40_period_index(I40_PERIOD_WEEK, rome, utc(2024, 3, 31, 22, 30)) == w + 1);
	assert_true(i40_period_index(I40_PERIOD_WEEK, rome, utc(2024, 3, 31, 21, 59)) == w);
	/* In UTC the same week starts on Monday 00:00Z. */
	w = i40_period_index(I40_PERIOD_WEEK, NULL, utc(2024, 3, 31, 12, 0));
	assert_true(i40_period_start(I40_PERIOD_WEEK, NULL, w) == utc(2024, 3, 25, 0, 0));
	/* 1970-01-01 was a Thursday: its week started on 1969-12-29. */
	w = i40_period_index(I40_PERIOD_WEEK, NULL, 0);
	assert_true(i40_period_start(I40_PERIOD_WEEK, NULL, w) == utc(1969, 12, 29, 0, 0));
	i40_tz_free(rome);
}

/* Days, months, quarters and years start at local midnight. */
static void
calendar_in_rome(void **state)
{
	struct i40_tz *rome = zone("Europe/Rome");
	int64_t d, m;

	(void)state;
	d = i40_period_index(I40_PERIOD_DAY, rome, utc(2024, 3, 31, 12, 0));
	assert_true(i40_period_start(I40_PERIOD_DAY, rome, d) == utc(2024, 3, 30, 23, 0));
	assert_true(i40_period_start(I40_PERIOD_DAY, rome, d + 1) == utc(2024, 3, 31, 22, 0));
	/* 27 October: back to CET, a day of 25 hours. */
	d = i40_period_index(I40_PERIOD_DAY, rome, utc(2024, 10, 27, 12, 0));
	assert_true(i40_period_start(I40_PERIOD_DAY, rome, d) == utc(2024, 10, 26, 22, 0));
	assert_true(i40_period_start(I40_PERIOD_DAY, rome, d + 1) == utc(2024, 10, 27, 23, 0));
	/* Month: 2024*12 + 2 for March; it starts 2024-02-29T23:00Z (leap
	 * year), and 2024-03-31T22:30Z is already April in Rome. */
	m = i40_period_index(I40_PERIOD_MONTH, rome, utc(2024, 3, 15, 0, 0));
	assert_true(m == 2024 * 12 + 2);
	assert_true(i40_period_start(I40_PERIOD_MONTH, rome, m) == utc(2024, 2, 29, 23, 0));
	assert_true(i40_period_index(I40_PERIOD_MONTH, rome, utc(2024, 3, 31, 22, 30)) == m + 1);
	assert_true(i40_period_start(I40_PERIOD_MONTH, rome, m + 1) == utc(2024, 3, 31, 22, 0));
	/* Quarter 2024*4 + 1 (April-June) starts 1 April local. */
	assert_true(i40_period_index(I40_PERIOD_QUARTER, rome, utc(2024, 5, 5, 0, 0)) == 2024 * 4 + 1);
	assert_true(i40_period_start(I40_PERIOD_QUARTER, rome, 2024 * 4 + 1) == utc(2024, 3, 31, 22, 0));
	/* New Year in Rome is 23:00Z on 31 December. */
	assert_true(i40_period_index(I40_PERIOD_YEAR, rome, utc(2024, 12, 31, 23, 30)) == 2025);
	assert_true(i40_period_start(I40_PERIOD_YEAR, rome, 2025) == utc(2024, 12, 31, 23, 0));
	i40_tz_free(rome);
}

/* Hours are local hours: in Kolkata (+5:30) an hour starts at :30 UTC;
 * in Rome the two 02:00 hours of 27 October are two periods. */
static void
hours(void **state)
{
	struct i40_tz *kol = zone("Asia/Kolkata"), *rome = zone("Europe/Rome");
	int64_t h;

	(void)state;
	h = i40_period_index(I40_PERIOD_HOUR, kol, utc(2024, 1, 1, 0, 10));
	assert_true(i40_period_start(I40_PERIOD_HOUR, kol, h) == utc(2023, 12, 31, 23, 30));
	assert_true(i40_period_start(I40_PERIOD_HOUR, kol, h + 1) == utc(2024, 1, 1, 0, 30));
	h = i40_period_index(I40_PERIOD_HOUR, rome, utc(2024, 10, 27, 0, 30));   /* 02:30 CEST */
	assert_true(i40_period_index(I40_PERIOD_HOUR, rome, utc(2024, 10, 27, 1, 30)) == h + 1);   /* 02:30 CET */
	assert_true(i40_period_start(I40_PERIOD_HOUR, rome, h + 1) == utc(2024, 10, 27, 1, 0));
	i40_tz_free(kol);
	i40_tz_free(rome);
}

/* Every period's start lies in it, and the next period starts after it,
 * over years to decades in zones with and without summer time. */
static void
start_in_period(void **state)
{
	const char *zones[] = { "UTC", "Europe/Rome", "Asia/Kolkata", "America/Sao_Paulo" };

	(void)state;
	for (int z = 0; z < 4; z++) {
		struct i40_tz *tz = zone(zones[z]);

		for (int p = I40_PERIOD_HOUR; p <= I40_PERIOD_YEAR; p++) {
			int64_t i0 = i40_period_index((enum i40_period)p, tz, utc(2016, 1, 1, 0, 0));
			static const int count[] = { 4000, 4000, 4000, 1000, 400, 100 };   /* within 2262 */
			int step = p == I40_PERIOD_HOUR ? 7 : 1;

			for (int64_t i = i0; i < i0 + count[p]; i += step) {
				int64_t s = i40_period_start((enum i40_period)p, tz, i);
				int64_t s1 = i40_period_start((enum i40_period)p, tz, i + 1);

				if (i40_period_index((enum i40_period)p, tz, s) != i ||
				    i40_period_index((enum i40_period)p, tz, s1 - 1) != i || s1 <= s)
					fail_msg("%s %s %lld", zones[z], i40_period_name((enum i40_period)p), (long long)i);
			}
		}
		i40_tz_free(tz);
	}
}

static void
names(void **state)
{
	enum i40_period p;
	enum i40_agg a;

	(void)state;
	assert_int_equal(i40_period_parse("week", &p), 0);
	assert_int_equal(p, I40_PERIOD_WEEK);
	assert_int_equal(i40_period_season(p), 52);
	assert_true(i40_period_seconds(p) == 604800);
	assert_int_equal(i40_period_parse("fortnight", &p), -1);
	assert_int_equal(i40_agg_parse("mean", &a), 0);
	assert_int_equal(a, I40_AGG_MEAN);
	assert_string_equal(i40_agg_name(I40_AGG_DELTA), "delta");
	assert_int_equal(i40_agg_parse("max", &a), -1);
}

/* Sums: 3 + 4 in period 10, nothing in 11, 5 in 12, and two periods
 * asked beyond the last record: 7 0 5 0 0. */
static void
series_sum(void **state)
{
	struct i40_period_series s = { .agg = I40_AGG_SUM };
	struct i40_err err;
	double y[5];

	(void)state;
	assert_int_equal(i40_period_add(&s, 100, 10, 3, &err), 0);
	assert_int_equal(i40_period_add(&s, 100, 10, 4, &err), 0);    /* same time: fine */
	assert_int_equal(i40_period_add(&s, 300, 12, 5, &err), 0);
	assert_int_equal(i40_period_add(&s, 200, 11, 1, &err), -1);   /* out of order */
	assert_int_equal(err.kind, I40_ERR_DATA);
	assert_int_equal(i40_period_add(&s, 400, 13, -2, &err), -1);  /* negative demand */
	assert_true(s.first == 10 && s.n == 3 && s.records == 3);
	i40_period_values(&s, 5, y);
	assert_true(y[0] == 7 && y[1] == 0 && y[2] == 5 && y[3] == 0 && y[4] == 0);
	/* A record too far from the first is refused, not allocated. */
	assert_int_equal(i40_period_add(&s, 500, 10 + I40_PERIOD_MAXLEN, 1, &err), -1);
	i40_period_series_free(&s);
}

/* Means: (2 + 4) / 2, a gap, 5; negative values are fine. */
static void
series_mean(void **state)
{
	struct i40_period_series s = { .agg = I40_AGG_MEAN };
	double y[4];

	(void)state;
	assert_int_equal(i40_period_add(&s, 1, 0, 2, NULL), 0);
	assert_int_equal(i40_period_add(&s, 2, 0, 4, NULL), 0);
	assert_int_equal(i40_period_add(&s, 3, 2, -5, NULL), 0);
	i40_period_values(&s, 4, y);
	assert_true(y[0] == 3 && isnan(y[1]) && y[2] == -5 && isnan(y[3]));
	i40_period_series_free(&s);
}

/* A counter read 100, 110 (period 0), 125 (period 1), reset to 3
 * (period 3): increases 10, 15, 0, 3 - the reset counts from zero. */
static void
series_delta(void **state)
{
	struct i40_period_series s = { .agg = I40_AGG_DELTA };
	double y[4];

	(void)state;
	assert_int_equal(i40_period_add(&s, 1, 0, 100, NULL), 0);
	assert_int_equal(i40_period_add(&s, 2, 0, 110, NULL), 0);
	assert_int_equal(i40_period_add(&s, 3, 1, 125, NULL), 0);
	assert_int_equal(i40_period_add(&s, 4, 3, 3, NULL), 0);
	i40_period_values(&s, 4, y);
	assert_true(y[0] == 10 && y[1] == 15 && y[2] == 0 && y[3] == 3);
	i40_period_series_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weeks_across_dst),
		cmocka_unit_test(calendar_in_rome),
		cmocka_unit_test(hours),
		cmocka_unit_test(start_in_period),
		cmocka_unit_test(names),
		cmocka_unit_test(series_sum),
		cmocka_unit_test(series_mean),
		cmocka_unit_test(series_delta),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
