/* test_rec.c - the record stream reader and writer, and number parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "num.h"
#include "rec.h"
#include "series.h"
#include "testutil.h"

static void
reads_columns_by_name_and_keeps_extras(void **state)
{
	char *a = temp_file("value,unit,asset,ts,signal\n1.5,degC,m1,2024-01-01T00:00:00Z,temp\nRUN,,m1,2024-01-01T00:00:01.5Z,state\n");
	char *b = temp_file("ts,asset,signal,value,note,unit\n2024-01-01T00:00:02Z,m2,temp,,x,K\n");
	char *paths[] = {a, b};
	struct i40_err e;
	struct i40_rec r;
	size_t len;
	(void)state;
	struct i40_rec_reader *rd = i40_rec_open(paths, 2, NULL, &e);
	assert_non_null(rd);
	assert_int_equal(i40_rec_ready(rd, &e), 0);
	assert_int_equal(i40_rec_nextra(rd), 1);
	assert_string_equal(i40_rec_extra_name(rd, 0), "unit");

	assert_int_equal(i40_rec_next(rd, &r, &e), 1);
	assert_string_equal(r.asset, "m1");
	assert_string_equal(r.signal, "temp");
	assert_true(r.is_num && r.num == 1.5);
	assert_true(r.ts == 1704067200LL * I40_NS_PER_SEC);
	assert_int_equal(r.line, 2);
	assert_string_equal(i40_rec_extra(rd, &r, 0, &len), "degC");

	assert_int_equal(i40_rec_next(rd, &r, &e), 1);
	assert_false(r.is_num);
	assert_string_equal(r.value, "RUN");
	assert_int_equal(r.ts_digits, 1);

	/* second file: "note" is unknown to the first header: reported once */
	assert_int_equal(i40_rec_next(rd, &r, &e), -1);
	assert_non_null(strstr(e.msg, "\"note\""));
	assert_int_equal(i40_rec_next(rd, &r, &e), 1);
	assert_string_equal(r.asset, "m2");
	assert_int_equal(r.value_len, 0);
	assert_false(r.is_num);
	assert_string_equal(i40_rec_extra(rd, &r, 0, &len), "K");
	assert_string_equal(r.file, b);
	assert_int_equal(i40_rec_next(rd, &r, &e), 0);
	i40_rec_close(rd);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
}

static void
bad_records_are_reported_and_skipped(void **state)
{
	char *a = temp_file("ts,asset,signal,value\n"
			    "2024-01-01T00:00:00Z,m1,temp,1\n"
			    "yesterday,m1,temp,2\n"
			    "2024-01-01T00:00:02Z,m1,temp\n"
			    "2024-01-01T00:00:03Z,,temp,4\n"
			    "2024-01-01T00:00:04Z,m1,temp,5\n");
	char *paths[] = {a, "/nonexistent/x.csv"};
	struct i40_err e;
	struct i40_rec r;
	size_t len;
	(void)state;
	struct i40_rec_reader *rd = i40_rec_open(paths, 2, NULL, &e);
	assert_int_equal(i40_rec_next(rd, &r, &e), 1);
	assert_int_equal(i40_rec_next(rd, &r, &e), -1);
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, "yesterday"));
	assert_string_equal(i40_rec_raw(rd, &r, &len), "yesterday,m1,temp,2");
	assert_int_equal(i40_rec_next(rd, &r, &e), -1);
	assert_string_equal(e.msg, "3 fields, the header has 4");
	assert_int_equal(i40_rec_next(rd, &r, &e), -1);
	assert_string_equal(e.msg, "empty asset");
	assert_int_equal(i40_rec_next(rd, &r, &e), 1);
	assert_true(r.num == 5);
	assert_int_equal(i40_rec_next(rd, &r, &e), -1);   /* the missing file */
	assert_int_equal(e.kind, I40_ERR_IO);
	assert_null(r.row);
	assert_int_equal(i40_rec_next(rd, &r, &e), 0);
	i40_rec_close(rd);
	unlink(a);
	free(a);
}

static void
missing_column_names_the_fix(void **state)
{
	char *a = temp_file("ts\tasset\tsignal\tvalue\n");
	char *paths[] = {a};
	struct i40_err e;
	struct i40_rec r;
	(void)state;
	struct i40_rec_reader *rd = i40_rec_open(paths, 1, NULL, &e);
	assert_int_equal(i40_rec_next(rd, &r, &e), -1);
	assert_non_null(strstr(e.msg, "--tsv"));
	assert_int_equal(i40_rec_next(rd, &r, &e), 0);
	i40_rec_close(rd);
	struct i40_rec_opts o = {.delim = '\t'};
	rd = i40_rec_open(paths, 1, &o, &e);
	assert_int_equal(i40_rec_next(rd, &r, &e), 0);   /* header only: no records, no error */
	i40_rec_close(rd);
	unlink(a);
	free(a);
}

static char *
write_two(int precision, long *truncated)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	struct i40_rec_writer *w = i40_rec_writer_new(fp, ',', precision);
	static const char *const h[] = {"ts", "asset", "signal", "value"};
	i40_rec_put_header(w, h, 4);
	i40_rec_put_ts(w, 1704067200LL * I40_NS_PER_SEC + 500000000, 1);
	i40_rec_put_str(w, "press 1, left");
	i40_rec_put_str(w, "say \"x\"");
	i40_rec_put_num(w, 0.1 + 0.2);
	i40_rec_end(w);
	i40_rec_put_ts(w, 1704067200LL * I40_NS_PER_SEC + 123456, 6);
	i40_rec_put_str(w, "m");
	i40_rec_put_str(w, "s");
	i40_rec_put_num(w, NAN);
	i40_rec_end(w);
	*truncated = i40_rec_truncated(w);
	assert_int_equal(i40_rec_writer_free(w), 0);
	fclose(fp);
	return buf;
}

static void
writer_quotes_and_keeps_one_precision(void **state)
{
	long truncated;
	(void)state;
	/* auto: the finest precision the rows need (us here) */
	char *buf = write_two(-1, &truncated);
	assert_string_equal(buf, "ts,asset,signal,value\n"
			    "2024-01-01T00:00:00.500000Z,\"press 1, left\",\"say \"\"x\"\"\",0.3\n"
			    "2024-01-01T00:00:00.000123Z,m,s,\n");
	assert_int_equal(truncated, 0);
	free(buf);
	/* fixed at ms: the second time is cut, and counted */
	buf = write_two(3, &truncated);
	assert_non_null(strstr(buf, "\n2024-01-01T00:00:00.000Z,m,s,\n"));
	assert_int_equal(truncated, 1);
	free(buf);
}

static void
numbers(void **state)
{
	double x;
	char buf[I40_NUM_MAXLEN];
	(void)state;
	assert_int_equal(i40_num_parse(" -1.5e3 ", 8, '.', 0, &x), 0);
	assert_true(x == -1500);
	assert_int_equal(i40_num_parse("1.234,5", 7, ',', '.', &x), 0);
	assert_true(x == 1234.5);
	assert_int_equal(i40_num_parse("1 234 567,25", 12, ',', ' ', &x), 0);
	assert_true(x == 1234567.25);
	assert_int_equal(i40_num_parse("1,234.5", 7, '.', ',', &x), 0);
	assert_true(x == 1234.5);
	assert_int_equal(i40_num_parse("1,5", 3, ',', 0, &x), 0);
	assert_true(x == 1.5);
	assert_int_equal(i40_num_parse("1.5", 3, ',', 0, &x), -1);     /* point in a comma file */
	assert_int_equal(i40_num_parse("1,2,3", 5, ',', 0, &x), -1);
	assert_int_equal(i40_num_parse("1,5", 3, '.', 0, &x), -1);
	assert_int_equal(i40_num_parse("nan", 3, '.', 0, &x), -1);
	assert_int_equal(i40_num_parse("inf", 3, '.', 0, &x), -1);
	assert_int_equal(i40_num_parse("1e999", 5, '.', 0, &x), -1);
	assert_int_equal(i40_num_parse("0x10", 4, '.', 0, &x), -1);
	assert_int_equal(i40_num_parse("", 0, '.', 0, &x), -1);
	assert_int_equal(i40_num_parse("-", 1, '.', 0, &x), -1);
	assert_int_equal(i40_num_parse(".5", 2, '.', 0, &x), 0);
	assert_true(x == 0.5);
	i40_num_fmt(0.1 + 0.2, buf);
	assert_string_equal(buf, "0.3");
	i40_num_fmt(123456789012345.0, buf);
	assert_string_equal(buf, "123456789012345");
	i40_num_fmt(-0.0, buf);
	assert_string_equal(buf, "0");
	i40_num_fmt(1.0 / 3, buf);
	assert_string_equal(buf, "0.333333333333");
	assert_int_equal(i40_num_fmt(NAN, buf), 0);
}

/* The fast path of i40_num_plain must give strtod's correctly rounded
 * result, bit for bit: compare on many generated decimals. */
static void
fast_numbers_match_strtod(void **state)
{
	char buf[64];
	unsigned long long seed = 42;
	(void)state;
	for (int i = 0; i < 200000; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned long long m = (seed >> 11) % 100000000000000ULL;
		int frac = (int)((seed >> 3) % 16);
		int n = snprintf(buf, sizeof buf, "%s%llu", (seed & 1) ? "-" : "", m);
		if (frac && n > frac + 1) {   /* put a point frac digits from the end */
			memmove(buf + n - frac + 1, buf + n - frac, (size_t)frac + 1);
			buf[n - frac] = '.';
			n++;
		}
		double want = strtod(buf, NULL), got;
		assert_int_equal(i40_num_plain(buf, (size_t)n, &got), 0);
		if (memcmp(&want, &got, sizeof got) != 0)
			fail_msg("%s: %.17g != strtod %.17g", buf, got, want);
	}
}

static void
series_ids(void **state)
{
	struct i40_series *s = i40_series_new();
	int created;
	long ids[3000];
	char a[32];
	(void)state;
	assert_int_equal(i40_series_id(s, "m2", 2, "temp", 4, &created), 0);
	assert_true(created);
	assert_int_equal(i40_series_id(s, "m1", 2, "temp", 4, &created), 1);
	assert_int_equal(i40_series_id(s, "m2", 2, "temp", 4, &created), 0);
	assert_false(created);
	/* "m" + "1temp" must differ from "m1" + "temp" */
	assert_int_equal(i40_series_id(s, "m", 1, "1temp", 5, NULL), 2);
	for (int i = 0; i < 2000; i++) {
		int n = snprintf(a, sizeof a, "a%d", i);
		assert_int_equal(i40_series_id(s, a, (size_t)n, "v", 1, NULL), 3 + i);
	}
	assert_int_equal(i40_series_find(s, "a1999", 5, "v", 1), 2002);
	assert_int_equal(i40_series_find(s, "zz", 2, "v", 1), -1);
	assert_int_equal(i40_series_count(s), 2003);
	assert_int_equal(i40_series_sorted(s, ids), 0);
	assert_string_equal(i40_series_asset(s, ids[0]), "a0");
	assert_string_equal(i40_series_asset(s, ids[2002]), "m2");
	assert_string_equal(i40_series_signal(s, ids[2000]), "1temp");   /* "m" < "m1" < "m2" */
	i40_series_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_columns_by_name_and_keeps_extras),
		cmocka_unit_test(bad_records_are_reported_and_skipped),
		cmocka_unit_test(missing_column_names_the_fix),
		cmocka_unit_test(writer_quotes_and_keeps_one_precision),
		cmocka_unit_test(numbers),
		cmocka_unit_test(fast_numbers_match_strtod),
		cmocka_unit_test(series_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
