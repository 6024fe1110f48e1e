/* test_period.c - report periods and atomic output files.
 *
 * Expected instants are from Python's calendar.timegm (independent of
 * lib/tm), with the offsets of Europe/Rome written out: CEST (+2) until
 * 2024-10-27T01:00Z, CET (+1) after.
 */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(named_periods_across_dst),
		cmocka_unit_test(year_boundary_utc),
		cmocka_unit_test(bad_periods),
		cmocka_unit_test(atomic_replace),
		cmocka_unit_test(atomic_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
