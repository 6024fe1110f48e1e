/* test_influx.c - InfluxDB line protocol, as the reference describes it
 * (docs.influxdata.com, "Line protocol"): measurement[,tags] fields [ts],
 * with the escapes, field types and optional timestamp of that page.
 * Expected values are read off the lines by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "influx.h"

static struct i40_influx_line line;

static int
parse(const char *text, struct i40_err *e)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s", text);
	return i40_influx_parse(buf, strlen(buf), &line, e);
}

static void
kv_is(const struct i40_influx_kv *kv, const char *key, const char *val, char type)
{
	assert_int_equal(kv->klen, strlen(key));
	assert_memory_equal(kv->key, key, kv->klen);
	assert_int_equal(kv->vlen, strlen(val));
	assert_memory_equal(kv->val, val, kv->vlen);
	if (type)
		assert_int_equal(kv->type, type);
}

static void
telegraf_line(void **state)
{
	struct i40_err e;
	(void)state;
	assert_int_equal(parse("weather,location=us\\ west,host=a temp=82.5,n=3i,ok=true,s=\"a \\\"q\\\"\" 1465839830100400200", &e), 1);
	assert_int_equal(line.mlen, 7);
	assert_memory_equal(line.meas, "weather", 7);
	assert_int_equal(line.ntag, 2);
	kv_is(&line.tag[0], "location", "us west", 0);
	kv_is(&line.tag[1], "host", "a", 0);
	assert_int_equal(line.nfield, 4);
	kv_is(&line.field[0], "temp", "82.5", 'f');
	kv_is(&line.field[1], "n", "3", 'i');
	kv_is(&line.field[2], "ok", "1", 'b');
	kv_is(&line.field[3], "s", "a \"q\"", 's');
	assert_true(line.has_ts);
	assert_true(line.ts == 1465839830100400200LL);
}

/* The timestamp is optional: blanks after the fields are not one (a tab
 * used to read as timestamp 0, 1970-01-01); a lone '-' is a bad one. */
static void
optional_timestamp(void **state)
{
	struct i40_err e;
	(void)state;
	assert_int_equal(parse("m,host=a x=1", &e), 1);
	assert_false(line.has_ts);
	assert_int_equal(parse("m,host=a x=1 \t", &e), 1);
	assert_false(line.has_ts);
	assert_int_equal(parse("m,host=a x=1 -\t", &e), -1);
	assert_non_null(strstr(e.msg, "timestamp"));
	assert_int_equal(parse("m,host=a x=1 -5", &e), 1);
	assert_true(line.has_ts && line.ts == -5);
	assert_int_equal(parse("m,host=a x=1 12x", &e), -1);
}

static void
bad_lines(void **state)
{
	struct i40_err e;
	(void)state;
	assert_int_equal(parse("# a comment", &e), 0);
	assert_int_equal(parse("   ", &e), 0);
	assert_int_equal(parse("m", &e), -1);
	assert_int_equal(parse("m,t x=1", &e), -1);
	assert_int_equal(parse("m x=", &e), -1);
	assert_int_equal(parse("m x=nan", &e), -1);
	assert_int_equal(parse("m x=\"open", &e), -1);
	assert_int_equal(parse("m x=-3u", &e), -1);
	assert_int_equal(parse("m x=i", &e), -1);
	assert_int_equal(parse("m x=-i", &e), -1);   /* a sign, no digits */
	assert_int_equal(parse("m x=-3i", &e), 1);
	kv_is(&line.field[0], "x", "-3", 'i');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(telegraf_line),
		cmocka_unit_test(optional_timestamp),
		cmocka_unit_test(bad_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
