/* test_tm.c - time parsing, formatting and zones.
 * Expected instants are worked out by hand from the zone rules (EU: summer
 * time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October) and the ISO 8601 definitions, as written beside each. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tm.h"
#include "testutil.h"

static void
fmt_is(int64_t ns, int digits, const char *want)
{
	char buf[I40_TS_MAXLEN];
	size_t n = i40_tfmt(ns, digits, buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void
parse_is(struct i40_tparse *tp, const char *s, const char *want, int want_digits)
{
	int64_t ns;
	int digits = -1;
	struct i40_err e;
	char buf[I40_TS_MAXLEN];
	if (i40_tparse(tp, s, strlen(s), &ns, &digits, &e) != 0)
		fail_msg("parse \"%s\": %s", s, e.msg);
	i40_tfmt(ns, i40_tprec_for_digits(digits), buf);
	assert_string_equal(buf, want);
	assert_int_equal(digits, want_digits);
}

static void
parse_fails(struct i40_tparse *tp, const char *s)
{
	int64_t ns;
	struct i40_err e;
	assert_int_equal(i40_tparse(tp, s, strlen(s), &ns, NULL, &e), -1);
	assert_int_equal(e.kind, I40_ERR_DATA);
	assert_non_null(strstr(e.msg, "time"));
}

static void
civil_roundtrip(void **state)
{
	(void)state;
	/* 2000-03-01 is day 11017: 30 years of 365 days + 7 leap days + 59 */
	assert_int_equal(i40_days_from_civil(2000, 3, 1), 30 * 365 + 7 + 31 + 29);
	assert_int_equal(i40_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(i40_days_from_civil(1969, 12, 31), -1);
	for (int64_t d = -800000; d < 800000; d += 997) {
		int y, m, dd;
		i40_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(i40_days_from_civil(y, m, dd), d);
	}
	assert_int_equal(i40_weekday(0), 4);                                /* Thursday */
	assert_int_equal(i40_weekday(i40_days_from_civil(2024, 3, 31)), 0); /* Sunday */
}

static void
format_fixed_width(void **state)
{
	(void)state;
	fmt_is(0, 0, "1970-01-01T00:00:00Z");
	fmt_is(1700000000LL * I40_NS_PER_SEC, 0, "2023-11-14T22:13:20Z");
	fmt_is(1700000000LL * I40_NS_PER_SEC + 123456789, 3, "2023-11-14T22:13:20.123Z");
	fmt_is(1700000000LL * I40_NS_PER_SEC + 123456789, 6, "2023-11-14T22:13:20.123456Z");
	fmt_is(1700000000LL * I40_NS_PER_SEC + 123456789, 9, "2023-11-14T22:13:20.123456789Z");
	/* truncation toward the past, also before 1970 */
	fmt_is(-1, 0, "1969-12-31T23:59:59Z");
	fmt_is(-1, 3, "1969-12-31T23:59:59.999Z");
}

static void
parse_iso_variants(void **state)
{
	struct i40_tparse tp;
	(void)state;
	i40_tparse_init(&tp, NULL, NULL, NULL);
	parse_is(&tp, "2024-03-31T02:30:00Z", "2024-03-31T02:30:00Z", 0);
	parse_is(&tp, "2024-03-31 02:30:00", "2024-03-31T02:30:00Z", 0);
	parse_is(&tp, "2024-03-31T02:30", "2024-03-31T02:30:00Z", 0);
	parse_is(&tp, "2024-03-31", "2024-03-31T00:00:00Z", 0);
	parse_is(&tp, "2024-03-31T04:30:00+02:00", "2024-03-31T02:30:00Z", 0);
	parse_is(&tp, "2024-03-31T04:30:00+0200", "2024-03-31T02:30:00Z", 0);
	parse_is(&tp, "2024-03-31T00:30:00-02", "2024-03-31T02:30:00Z", 0);
	parse_is(&tp, "2024-03-31T02:30:00.5Z", "2024-03-31T02:30:00.500Z", 1);
	parse_is(&tp, "2024-03-31T02:30:00,25Z", "2024-03-31T02:30:00.250Z", 2);
	parse_is(&tp, "2024-03-31T02:30:00.000021Z", "2024-03-31T02:30:00.000021Z", 6);
	parse_is(&tp, "2024-03-31 02:30:00 UTC", "2024-03-31T02:30:00Z", 0);
	parse_is(&tp, "  2024-03-31T02:30:00Z ", "2024-03-31T02:30:00Z", 0);
	parse_is(&tp, "2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z", 0);
	parse_fails(&tp, "2023-02-29T00:00:00Z");   /* not a leap year */
	parse_fails(&tp, "2024-13-01T00:00:00Z");
	parse_fails(&tp, "2024-01-01T24:00:00Z");
	parse_fails(&tp, "2024-01-01T10:00:00Zjunk");
	parse_fails(&tp, "yesterday");
}

static void
parse_epoch_by_magnitude(void **state)
{
	struct i40_tparse tp;
	(void)state;
	i40_tparse_init(&tp, "auto", NULL, NULL);
	parse_is(&tp, "1700000000", "2023-11-14T22:13:20Z", 0);
	parse_is(&tp, "1700000000.25", "2023-11-14T22:13:20.250Z", 2);
	parse_is(&tp, "1700000000123", "2023-11-14T22:13:20.123Z", 3);
	parse_is(&tp, "1700000000000", "2023-11-14T22:13:20Z", 0);
	parse_is(&tp, "1700000000123456", "2023-11-14T22:13:20.123456Z", 6);
	parse_is(&tp, "1700000000123456789", "2023-11-14T22:13:20.123456789Z", 9);
	parse_fails(&tp, "45292");   /* a spreadsheet serial: needs the format */
	i40_tparse_init(&tp, "epoch_ms", NULL, NULL);
	parse_is(&tp, "1500", "1970-01-01T00:00:01.500Z", 3);
}

static void
parse_spreadsheet_dates(void **state)
{
	struct i40_tparse tp;
	(void)state;
	i40_tparse_init(&tp, "auto", NULL, NULL);
	parse_is(&tp, "31/12/2024 23:59:58", "2024-12-31T23:59:58Z", 0);
	parse_is(&tp, "31.12.2024 23:59", "2024-12-31T23:59:00Z", 0);
	parse_is(&tp, "1/2/24", "2024-02-01T00:00:00Z", 0);
	parse_fails(&tp, "12/31/2024");     /* month 31 in d/m/y */
	i40_tparse_init(&tp, "mdy", NULL, NULL);
	parse_is(&tp, "12/31/2024 11:59:58 PM", "2024-12-31T23:59:58Z", 0);
	parse_is(&tp, "1/2/2024 12:00:00 AM", "2024-01-02T00:00:00Z", 0);
	/* Excel serial 45292 = 2024-01-01 (days since 1899-12-30); .75 = 18:00 */
	i40_tparse_init(&tp, "excel", NULL, NULL);
	parse_is(&tp, "45292.75", "2024-01-01T18:00:00Z", 0);
	parse_is(&tp, "45292.0000115741", "2024-01-01T00:00:01Z", 0);
}

static void
parse_patterns(void **state)
{
	struct i40_tparse tp;
	struct i40_err e;
	(void)state;
	assert_int_equal(i40_tparse_init(&tp, "%d.%m.%Y %H:%M:%S", NULL, NULL), 0);
	parse_is(&tp, "05.11.2024 07:08:09", "2024-11-05T07:08:09Z", 0);
	i40_tparse_init(&tp, "%b %e %H:%M:%S.%f %Y", NULL, NULL);
	parse_is(&tp, "Nov  5 07:08:09.250 2024", "2024-11-05T07:08:09.250Z", 3);
	i40_tparse_init(&tp, "%Y%j %I:%M %p %z", NULL, NULL);
	parse_is(&tp, "2024060 01:30 PM +0100", "2024-02-29T12:30:00Z", 0);
	i40_tparse_init(&tp, "[%s]", NULL, NULL);
	parse_is(&tp, "[1700000000]", "2023-11-14T22:13:20Z", 0);
	i40_tparse_init(&tp, "%d/%m/%Y", NULL, NULL);
	parse_fails(&tp, "2024-01-01");
	assert_int_equal(i40_tparse_init(&tp, "%Q", NULL, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	assert_int_equal(i40_tparse_init(&tp, "weird", NULL, &e), -1);
}

static void
rome_offsets(void **state)
{
	struct i40_err e;
	struct i40_tz *tz = i40_tz_load("Europe/Rome", &e);
	(void)state;
	assert_non_null(tz);
	assert_int_equal(i40_tz_offset(tz, iso("2024-01-15T12:00:00Z") / I40_NS_PER_SEC), 3600);
	assert_int_equal(i40_tz_offset(tz, iso("2024-07-15T12:00:00Z") / I40_NS_PER_SEC), 7200);
	/* the change itself: 2024-03-31 01:00 UTC */
	assert_int_equal(i40_tz_offset(tz, iso("2024-03-31T00:59:59Z") / I40_NS_PER_SEC), 3600);
	assert_int_equal(i40_tz_offset(tz, iso("2024-03-31T01:00:00Z") / I40_NS_PER_SEC), 7200);
	assert_int_equal(i40_tz_offset(tz, iso("2024-10-27T00:59:59Z") / I40_NS_PER_SEC), 7200);
	assert_int_equal(i40_tz_offset(tz, iso("2024-10-27T01:00:00Z") / I40_NS_PER_SEC), 3600);
	/* beyond the table, from the POSIX rule: last Sunday of March 2100 is the 28th */
	assert_int_equal(i40_tz_offset(tz, iso("2100-03-28T00:59:59Z") / I40_NS_PER_SEC), 3600);
	assert_int_equal(i40_tz_offset(tz, iso("2100-03-28T01:00:00Z") / I40_NS_PER_SEC), 7200);
	/* before summer time existed in Italy's 1893 standard: +1 */
	assert_int_equal(i40_tz_offset(tz, iso("1900-06-01T00:00:00Z") / I40_NS_PER_SEC), 3600);
	i40_tz_free(tz);
	assert_null(i40_tz_load("Europe/Atlantis", &e));
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	assert_null(i40_tz_load("../etc/passwd", &e));
}

static void
rome_local_times(void **state)
{
	struct i40_tz *tz = i40_tz_load("Europe/Rome", NULL);
	struct i40_tparse tp;
	(void)state;
	i40_tparse_init(&tp, NULL, tz, NULL);
	/* winter: +01:00; summer: +02:00 */
	parse_is(&tp, "2024-01-15 13:00:00", "2024-01-15T12:00:00Z", 0);
	parse_is(&tp, "2024-07-15 14:00:00", "2024-07-15T12:00:00Z", 0);
	/* an explicit zone wins over the plant's */
	parse_is(&tp, "2024-07-15 14:00:00Z", "2024-07-15T14:00:00Z", 0);
	/* spring gap: 02:00-02:59 do not exist on 2024-03-31; read with the
	 * offset before the change, 02:30 is 01:30Z (= 03:30 CEST) */
	parse_is(&tp, "2024-03-31 01:59:59", "2024-03-31T00:59:59Z", 0);
	parse_is(&tp, "2024-03-31 02:30:00", "2024-03-31T01:30:00Z", 0);
	parse_is(&tp, "2024-03-31 03:00:00", "2024-03-31T01:00:00Z", 0);
	assert_int_equal(tp.gaps, 1);
	/* autumn repeat: 02:00-02:59 on 2024-10-27 happen at 00:xxZ and 01:xxZ.
	 * A stream running through it in order keeps its order. */
	i40_tparse_init(&tp, NULL, tz, NULL);
	parse_is(&tp, "2024-10-27 01:59:00", "2024-10-26T23:59:00Z", 0);
	parse_is(&tp, "2024-10-27 02:00:00", "2024-10-27T00:00:00Z", 0);
	parse_is(&tp, "2024-10-27 02:59:00", "2024-10-27T00:59:00Z", 0);
	parse_is(&tp, "2024-10-27 02:00:00", "2024-10-27T01:00:00Z", 0);
	parse_is(&tp, "2024-10-27 02:30:00", "2024-10-27T01:30:00Z", 0);
	parse_is(&tp, "2024-10-27 03:00:00", "2024-10-27T02:00:00Z", 0);
	assert_int_equal(tp.repeats, 4);
	/* on its own, a repeated time is the earlier instant */
	i40_tparse_init(&tp, NULL, tz, NULL);
	parse_is(&tp, "2024-10-27 02:30:00", "2024-10-27T00:30:00Z", 0);
	i40_tz_free(tz);
}

static void
durations(void **state)
{
	int64_t ns;
	struct i40_err e;
	(void)state;
	assert_int_equal(i40_duration_parse("1m", &ns, &e), 0);
	assert_true(ns == 60 * I40_NS_PER_SEC);
	assert_int_equal(i40_duration_parse("1h30m", &ns, &e), 0);
	assert_true(ns == 5400 * I40_NS_PER_SEC);
	assert_int_equal(i40_duration_parse("15min", &ns, &e), 0);
	assert_true(ns == 900 * I40_NS_PER_SEC);
	assert_int_equal(i40_duration_parse("250ms", &ns, &e), 0);
	assert_true(ns == 250000000);
	assert_int_equal(i40_duration_parse("7d", &ns, &e), 0);
	assert_true(ns == 7 * I40_NS_PER_DAY);
	assert_int_equal(i40_duration_parse("90", &ns, &e), 0);
	assert_true(ns == 90 * I40_NS_PER_SEC);
	assert_int_equal(i40_duration_parse("1.5h", &ns, &e), 0);
	assert_true(ns == 5400 * I40_NS_PER_SEC);
	assert_int_equal(i40_duration_parse("1x", &ns, &e), -1);
	assert_int_equal(i40_duration_parse("-1s", &ns, &e), -1);
	assert_int_equal(i40_duration_parse("", &ns, &e), -1);
	assert_int_equal(i40_duration_parse("1h30", &ns, &e), -1);
}

/* The edges of int64 nanoseconds, as pandas documents them:
 * Timestamp.max = 2262-04-11 23:47:16.854775807 = INT64_MAX ns and
 * Timestamp.min = 1677-09-21 00:12:43.145224193 = INT64_MIN + 1 ns.
 * Beyond them a time is rejected, not wrapped (fuzz_time found the
 * overflows: tests/fuzz/regress/time/). */
static void
int64_range_edges(void **state)
{
	struct i40_tparse tp;
	(void)state;
	assert_true(iso("2262-04-11T23:47:16.854775807Z") == INT64_MAX);
	assert_true(iso("1677-09-21T00:12:43.145224193Z") == INT64_MIN + 1);
	fmt_is(INT64_MAX, 9, "2262-04-11T23:47:16.854775807Z");
	fmt_is(INT64_MIN + 1, 9, "1677-09-21T00:12:43.145224193Z");
	fmt_is(INT64_MIN + 1, 0, "1677-09-21T00:12:43Z");
	i40_tparse_init(&tp, "iso", NULL, NULL);
	parse_fails(&tp, "2262-04-11T23:47:16.854775808Z");
	parse_fails(&tp, "2300-01-01T00:00:00Z");
	parse_fails(&tp, "1600-01-01T00:00:00Z");
	i40_tparse_init(&tp, "epoch", NULL, NULL);
	parse_fails(&tp, "9223372036.999999999");
	i40_tparse_init(&tp, "excel", NULL, NULL);
	parse_fails(&tp, "1000000.123");
	i40_tparse_init(&tp, "%s.%f", NULL, NULL);
	parse_fails(&tp, "9223372036.9");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(civil_roundtrip),
		cmocka_unit_test(format_fixed_width),
		cmocka_unit_test(parse_iso_variants),
		cmocka_unit_test(parse_epoch_by_magnitude),
		cmocka_unit_test(parse_spreadsheet_dates),
		cmocka_unit_test(parse_patterns),
		cmocka_unit_test(rome_offsets),
		cmocka_unit_test(rome_local_times),
		cmocka_unit_test(durations),
		cmocka_unit_test(int64_range_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
