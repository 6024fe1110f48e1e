/* test_period.c - report periods, atomic output files, and forecast
 * periods with series summed into them.
 *
 * Expected instants are from Python's calendar.timegm (independent of
 * lib/tm), with the offsets of Europe/Rome written out: CEST (+2) until
 * 2024-10-27T01:00Z, CET (+1) after.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "atomic.h"
#include "period.h"

#define S 1000000000LL
#define H (3600 * S)
#define D (24 * H)

static struct i40_tz *
rome(void)
{
	struct i40_err err;
	struct i40_tz *tz = i40_tz_load("Europe/Rome", &err);

	assert_non_null(tz);
	return tz;
}

static void
expect(const char *spec, int64_t now, const struct i40_tz *tz, int64_t from, int64_t to)
{
	struct i40_err err;
	int64_t f = 0, t = 0;

	if (i40_period_parse(spec, now, tz, &f, &t, &err) != 0)
		fail_msg("%s: %s", spec, err.msg);
	if (f != from || t != to)
		fail_msg("%s: got [%lld, %lld), want [%lld, %lld)", spec, (long long)(f / S),
			 (long long)(t / S), (long long)(from / S), (long long)(to / S));
}

/* Monday 2024-10-28 10:00Z, the day after the change back to CET. */
static void
named_periods_across_dst(void **state)
{
	struct i40_tz *tz = rome();
	const int64_t now = 1730109600LL * S;

	(void)state;
	/* Sunday 27 Oct: 00:00 CEST = 26 22:00Z to 00:00 CET = 27 23:00Z, 25 h */
	expect("yesterday", now, tz, 1729980000LL * S, 1730070000LL * S);
	expect("today", now, tz, 1730070000LL * S, 1730156400LL * S);
	/* Mon 21 Oct 00:00 CEST = 20 22:00Z to Mon 28 00:00 CET */
	expect("last-week", now, tz, 1729461600LL * S, 1730070000LL * S);
	expect("this-week", now, tz, 1730070000LL * S, 1730070000LL * S + 7 * D);
	/* 1 Oct 00:00 CEST = 30 Sep 22:00Z to 1 Nov 00:00 CET = 31 Oct 23:00Z */
	expect("this-month", now, tz, 1727733600LL * S, 1730415600LL * S);
	expect("last-month", now, tz, 1725141600LL * S, 1727733600LL * S);
	expect("last-24h", now, tz, now - D, now);
	expect("last-1h30m", now, tz, now - 90 * 60 * S, now);
	/* a bare TO date includes its day */
	expect("2024-10-01..2024-10-31", now, tz, 1727733600LL * S, 1730415600LL * S);
	/* zone given, and local time without one (18:00 CET = 17:00Z) */
	expect("2024-10-27T06:00Z..2024-10-27 18:00", now, tz, 1730008800LL * S, 1730048400LL * S);
	expect("..2024-10-27", now, tz, INT64_MIN, 1730070000LL * S);
	expect("2024-10-27..", now, tz, 1729980000LL * S, INT64_MAX);
	i40_tz_free(tz);
}

/* Wednesday 2025-01-01 12:00Z in UTC: weeks and months across a year. */
static void
year_boundary_utc(void **state)
{
	const int64_t now = 1735732800LL * S;

	(void)state;
	expect("yesterday", now, NULL, 1735689600LL * S - D, 1735689600LL * S);
	expect("last-week", now, NULL, 1734912000LL * S, 1735516800LL * S);
	expect("this-week", now, NULL, 1735516800LL * S, 1735516800LL * S + 7 * D);
	expect("last-month", now, NULL, 1733011200LL * S, 1735689600LL * S);
	expect("this-month", now, NULL, 1735689600LL * S, 1735689600LL * S + 31 * D);
	assert_true(i40_period_midnight(now, -1, NULL) == 1735689600LL * S - D);
}

static void
bad_periods(void **state)
{
	struct i40_err err;
	int64_t f, t;
	const char *bad[] = { "tomorrow", "last-", "last-x", "2024-10-31..2024-10-01",
			      "2024-13-01..", "noon..2024-10-01", "" };

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (i40_period_parse(bad[i], 0, NULL, &f, &t, &err) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(err.kind, I40_ERR_CONFIG);
	}
	i40_period_parse("tomorrow", 0, NULL, &f, &t, &err);
	assert_non_null(strstr(err.msg, "yesterday"));
}

static char *
slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static int
count_files(const char *dir)
{
	char cmd[300];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
	p = popen(cmd, "r");
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static void
atomic_replace(void **state)
{
	char dir[] = "/tmp/i40-atomic-XXXXXX", path[300];
	struct i40_atomic a;
	struct i40_err err;
	struct stat st;
	FILE *f;
	mode_t old = umask(022);

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/report.html", dir);
	f = fopen(path, "w");
	fputs("old", f);
	fclose(f);

	/* while writing, the old file is intact and the new one hidden */
	f = i40_atomic_open(&a, path, &err);
	assert_non_null(f);
	fputs("new report", f);
	assert_string_equal(slurp(path), "old");
	assert_int_equal(count_files(dir), 2);
	assert_int_equal(i40_atomic_commit(&a, &err), 0);
	assert_string_equal(slurp(path), "new report");
	assert_int_equal(count_files(dir), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);

	/* abort: the target is untouched, nothing left behind */
	f = i40_atomic_open(&a, path, &err);
	assert_non_null(f);
	fputs("half", f);
	i40_atomic_abort(&a);
	assert_string_equal(slurp(path), "new report");
	assert_int_equal(count_files(dir), 1);

	/* a relative name in the current directory */
	assert_int_equal(chdir(dir), 0);
	f = i40_atomic_open(&a, "r.txt", &err);
	assert_non_null(f);
	fputs("x", f);
	assert_int_equal(i40_atomic_commit(&a, &err), 0);
	assert_string_equal(slurp("r.txt"), "x");
	unlink("r.txt");

	/* no such directory: an I/O error naming the file */
	snprintf(path, sizeof path, "%s/no/such/r.html", dir);
	assert_null(i40_atomic_open(&a, path, &err));
	assert_int_equal(err.kind, I40_ERR_IO);
	assert_string_equal(err.file, path);

	snprintf(path, sizeof path, "%s/report.html", dir);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
	umask(old);
}

/* A write error (as on a full disk) leaves no target and no temporary. */
static void
atomic_write_error(void **state)
{
	struct i40_atomic a;
	struct i40_err err;

	(void)state;
	/* a stream whose writes fail: its descriptor is closed under it */
	FILE *f = i40_atomic_open(&a, "/tmp/i40-atomic-err.txt", &err);
	assert_non_null(f);
	char *tmp = strdup(a.tmp);
	fputs("data", f);
	close(fileno(f));
	assert_int_equal(i40_atomic_commit(&a, &err), -1);
	assert_int_equal(err.kind, I40_ERR_IO);
	assert_int_equal(access("/tmp/i40-atomic-err.txt", F_OK), -1);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
}

/* ---- forecast periods: worked out by hand from the calendar and the
 * zones' rules (Europe/Rome: CET +1, CEST +2 from the last Sunday of March
 * 01:00 UTC to the last Sunday of October 01:00 UTC; Asia/Kolkata +5:30
 * all year), and series summed into them ---- */

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
			int64_t i0 = i40_period_index((enum i40_period_unit)p, tz, utc(2016, 1, 1, 0, 0));
			static const int count[] = { 4000, 4000, 4000, 1000, 400, 100 };   /* within 2262 */
			int step = p == I40_PERIOD_HOUR ? 7 : 1;

			for (int64_t i = i0; i < i0 + count[p]; i += step) {
				int64_t s = i40_period_start((enum i40_period_unit)p, tz, i);
				int64_t s1 = i40_period_start((enum i40_period_unit)p, tz, i + 1);

				if (i40_period_index((enum i40_period_unit)p, tz, s) != i ||
				    i40_period_index((enum i40_period_unit)p, tz, s1 - 1) != i || s1 <= s)
					fail_msg("%s %s %lld", zones[z], i40_period_unit_name((enum i40_period_unit)p), (long long)i);
			}
		}
		i40_tz_free(tz);
	}
}

static void
unit_names(void **state)
{
	enum i40_period_unit p;
	enum i40_agg a;

	(void)state;
	assert_int_equal(i40_period_unit_parse("week", &p), 0);
	assert_int_equal(p, I40_PERIOD_WEEK);
	assert_int_equal(i40_period_season(p), 52);
	assert_true(i40_period_seconds(p) == 604800);
	assert_int_equal(i40_period_unit_parse("fortnight", &p), -1);
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
		cmocka_unit_test(named_periods_across_dst),
		cmocka_unit_test(year_boundary_utc),
		cmocka_unit_test(bad_periods),
		cmocka_unit_test(atomic_replace),
		cmocka_unit_test(atomic_write_error),
		cmocka_unit_test(weeks_across_dst),
		cmocka_unit_test(calendar_in_rome),
		cmocka_unit_test(hours),
		cmocka_unit_test(start_in_period),
		cmocka_unit_test(unit_names),
		cmocka_unit_test(series_sum),
		cmocka_unit_test(series_mean),
		cmocka_unit_test(series_delta),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
