/* test_rul.c - remaining life of a drifting signal: exact on a noise-free
 * line, and the interval contains the true time on noisy drifts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "rul.h"
#include "gauss.h"

#define HOUR 3600000000000LL

static void
noise_free_line(void **state)
{
	struct i40_rul_settings s;
	struct i40_rul_out o;
	struct i40_rul *r;
	int i;

	(void)state;
	i40_rul_defaults(&s);
	s.limit = 50;
	s.min_points = 3;
	r = i40_rul_new(&s, NULL);
	/* y = 10 + 2 t at t = 0..9 h: reaches 50 at t = 20, 11 h after the last */
	for (i = 0; i < 10; i++)
		assert_int_equal(i40_rul_push(r, i * HOUR, 10 + 2.0 * i, &o, NULL), 0);
	assert_int_equal(o.valid, 1);
	assert_true(fabs(o.rul_hours - 11) < 1e-9);
	assert_true(fabs(o.slope - 2) < 1e-12);
	assert_true(fabs(o.lo_hours - 11) < 1e-6);
	assert_true(fabs(o.hi_hours - 11) < 1e-6);
	/* a trend away from the limit gives no estimate */
	i40_rul_free(r);
	r = i40_rul_new(&s, NULL);
	for (i = 0; i < 10; i++)
		i40_rul_push(r, i * HOUR, 10 - 2.0 * i, &o, NULL);
	assert_int_equal(o.valid, 0);
	i40_rul_free(r);
	s.limit = NAN;
	assert_null(i40_rul_new(&s, NULL));
}

/* Linear drift 0.5/h from 1 with noise sd 1, limit 100 (true crossing of
 * the trend at 198 h); estimate at 99 h from 100 hourly records: the true
 * remaining 99 h must lie in [lo, hi] in at least 46 of 50 runs (the 95%
 * band of a new record is wider than the uncertainty of the trend, so
 * coverage of the trend's crossing should be well above 95%). */
static void
linear_drift_coverage(void **state)
{
	struct i40_rul_settings s;
	struct i40_rul_out o;
	unsigned long long st = 7;
	int run, i, inside = 0;

	(void)state;
	i40_rul_defaults(&s);
	s.limit = 100;
	s.window = 100;
	for (run = 0; run < 50; run++) {
		struct i40_rul *r = i40_rul_new(&s, NULL);
		for (i = 0; i < 100; i++)
			i40_rul_push(r, i * HOUR, 1 + 0.5 * i + gauss(&st), &o, NULL);
		assert_int_equal(o.valid, 1);
		assert_true(o.lo_hours <= o.rul_hours && o.rul_hours <= o.hi_hours);
		assert_true(fabs(o.rul_hours - 99) < 15);
		if (o.lo_hours <= 99 && 99 <= o.hi_hours)
			inside++;
		i40_rul_free(r);
	}
	assert_true(inside >= 46);
}

/* Exponential growth y = 2 exp(0.02 t) with 5% multiplicative noise,
 * limit 20: the trend reaches it at ln(10)/0.02 = 115.13 h; estimated at
 * 79 h from 80 hourly records, truth 36.13 h ahead. */
static void
exponential_drift(void **state)
{
	struct i40_rul_settings s;
	struct i40_rul_out o;
	unsigned long long st = 99;
	int run, i, inside = 0;
	double truth = log(10.0) / 0.02 - 79;

	(void)state;
	i40_rul_defaults(&s);
	s.model = I40_RUL_EXP;
	s.limit = 20;
	s.window = 80;
	for (run = 0; run < 50; run++) {
		struct i40_rul *r = i40_rul_new(&s, NULL);
		for (i = 0; i < 80; i++)
			i40_rul_push(r, i * HOUR, 2 * exp(0.02 * i) * exp(0.05 * gauss(&st)), &o, NULL);
		assert_int_equal(o.valid, 1);
		if (o.lo_hours <= truth && truth <= o.hi_hours)
			inside++;
		i40_rul_free(r);
	}
	assert_true(inside >= 46);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(noise_free_line),
		cmocka_unit_test(linear_drift_coverage),
		cmocka_unit_test(exponential_drift),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
