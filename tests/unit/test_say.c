/* test_say.c - the sentences of alert episodes, word for word. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "say.h"
#include "tm.h"

static const char *
say(const struct i40_say *s)
{
	static char buf[400];
	i40_say(s, buf, sizeof buf);
	return buf;
}

static void
values_and_durations(void **state)
{
	char b[32];

	(void)state;
	i40_say_value(9.2, b, sizeof b);
	assert_string_equal(b, "9.2");
	i40_say_value(9.216, b, sizeof b);
	assert_string_equal(b, "9.22");
	i40_say_value(1234.56, b, sizeof b);
	assert_string_equal(b, "1235");
	i40_say_value(0.04512, b, sizeof b);
	assert_string_equal(b, "0.0451");
	i40_say_value(-0.0001, b, sizeof b);
	assert_string_equal(b, "-0.0001");
	i40_say_value(2.5e7, b, sizeof b);
	assert_string_equal(b, "2.5e+07");
	i40_say_value(-0.00001, b, sizeof b);
	assert_string_equal(b, "-1e-05");
	i40_say_duration(40 * I40_NS_PER_SEC, b, sizeof b);
	assert_string_equal(b, "40 s");
	i40_say_duration(12 * I40_NS_PER_MIN, b, sizeof b);
	assert_string_equal(b, "12 min");
	i40_say_duration(3 * I40_NS_PER_HOUR + 20 * I40_NS_PER_MIN, b, sizeof b);
	assert_string_equal(b, "3 h 20 min");
	i40_say_duration(2 * I40_NS_PER_HOUR, b, sizeof b);
	assert_string_equal(b, "2 h");
	i40_say_duration(2 * I40_NS_PER_DAY + 4 * I40_NS_PER_HOUR, b, sizeof b);
	assert_string_equal(b, "2 d 4 h");
	i40_say_duration(250 * 1000000LL, b, sizeof b);
	assert_string_equal(b, "250 ms");
}

static void
sentences(void **state)
{
	struct i40_say s;
	int64_t t0 = 1700000000LL * I40_NS_PER_SEC;

	(void)state;
	memset(&s, 0, sizeof s);
	s.kind = I40_SAY_LEVEL;
	s.asset = "press1";
	s.signal = "vib_rms";
	s.unit = "mm/s";
	s.dir = 1;
	s.value = 9.2;
	s.usual = 5.3;
	s.z = 4.1;
	s.start = t0;
	s.end = t0 + 12 * I40_NS_PER_MIN;
	assert_string_equal(say(&s), "press1 vib_rms rose to 9.2 mm/s, 4.1x its usual variation from 5.3 mm/s, for 12 min");
	s.kind = I40_SAY_LIMIT;
	s.usual = 7.1;
	s.end = t0;
	assert_string_equal(say(&s), "press1 vib_rms rose to 9.2 mm/s, above its high alarm limit 7.1 mm/s, one reading");
	s.kind = I40_SAY_CHANGE;
	s.dir = -1;
	s.value = 2.1;
	s.z = -9.5;
	s.stat = -3.8;        /* a step of -3.8, the largest remembered down -1.9: 2x */
	s.limit = -1.9;
	s.open = 1;
	s.end = t0 + 90 * I40_NS_PER_SEC;
	assert_string_equal(say(&s), "press1 vib_rms jumped down to 2.1 mm/s, a step 2x the largest in its recent "
				     "history, for 2 min (still going at the end of the input)");
	s.limit = 0.5;        /* never a step down before: no ratio */
	assert_string_equal(say(&s), "press1 vib_rms jumped down to 2.1 mm/s, a step larger than any in its recent "
				     "history, for 2 min (still going at the end of the input)");
	s.open = 0;
	s.kind = I40_SAY_SPREAD;
	s.dir = 1;
	s.stat = 0.9;         /* variation 0.9 against at most 0.3: 3x */
	s.limit = 0.3;
	assert_string_equal(say(&s), "press1 vib_rms became erratic: its variation is 3x the largest in its recent "
				     "history, now 2.1 mm/s, for 2 min");
	s.dir = -1;
	s.stat = 0.03;        /* against at least 0.3: 0.1x */
	assert_string_equal(say(&s), "press1 vib_rms became unusually steady: its variation is 0.1x the smallest in "
				     "its recent history, now 2.1 mm/s, for 2 min");
	s.stat = 0;
	assert_string_equal(say(&s), "press1 vib_rms stopped changing at 2.1 mm/s, for 2 min");
	s.kind = I40_SAY_DRIFT;
	s.usual = 5.3;
	assert_string_equal(say(&s), "press1 vib_rms drifted down to 2.1 mm/s, below anything in its recent history "
				     "(usual 5.3 mm/s), for 2 min");
	s.kind = I40_SAY_MEAN;
	s.dir = 1;
	assert_string_equal(say(&s), "press1 vib_rms shifted up: its recent average is above anything in its recent "
				     "history, now 2.1 mm/s, for 2 min");
	s.kind = I40_SAY_RATE;
	s.dir = 1;
	s.stat = 0.05;        /* per second: 3 mm/s per minute */
	s.limit = 1.0 / 60;   /* 1 per minute */
	s.unit = "degC";
	s.signal = "temp";
	assert_string_equal(say(&s), "press1 temp rose at 3 degC/min, faster than its limit 1 degC/min, for 2 min");
	s.kind = I40_SAY_T2;
	s.signal = "health";
	s.stat = 35.2;
	s.limit = 11;
	s.detail = "vib_rms (71%) and temp (20%)";
	assert_string_equal(say(&s), "press1 moved away from its usual operating point (health 3.2x its limit), mostly "
				     "vib_rms (71%) and temp (20%), for 2 min");
	s.kind = I40_SAY_RUL;
	s.signal = "vib_rms";
	s.unit = "mm/s";
	s.limit = 11;
	s.stat = 40;
	s.lo = 25;
	s.hi = 60;
	s.lead = 48 * I40_NS_PER_HOUR;
	assert_string_equal(say(&s), "press1 vib_rms is heading for its failure limit 11 mm/s: about 1 d 16 h left "
				     "(1 d 1 h to 2 d 12 h), within the lead time 2 d, for 2 min");
	s.hi = INFINITY;
	assert_string_equal(say(&s), "press1 vib_rms is heading for its failure limit 11 mm/s: about 1 d 16 h left "
				     "(at least 1 d 1 h), within the lead time 2 d, for 2 min");
	s.kind = I40_SAY_PFAIL;
	s.stat = 0.83;
	s.limit = 0.5;
	s.lead = 24 * I40_NS_PER_HOUR;
	assert_string_equal(say(&s), "press1: the risk of a failure within 1 d rose to 83%, above the 50% threshold, "
				     "for 2 min");
	s.kind = I40_SAY_NODATA;
	s.signal = "temp";
	s.expected = I40_NS_PER_MIN;
	s.end = t0 + 25 * I40_NS_PER_MIN;
	assert_string_equal(say(&s), "press1 temp sent no data for 25 min after 2023-11-14T22:13:20Z (expected every 1 min)");
	s.kind = I40_SAY_CHART;
	s.method = "EWMA chart";
	s.unit = "degC";
	s.value = 84;
	s.usual = 80;
	s.z = 3.4;
	s.end = t0 + 12 * I40_NS_PER_MIN;
	assert_string_equal(say(&s), "press1 temp drifted up to 84 degC (EWMA chart: 3.4 sigma above the learned mean "
				     "80 degC), for 12 min");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_and_durations),
		cmocka_unit_test(sentences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
