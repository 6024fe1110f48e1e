/* test_roll.c - sliding median, MAD, quantiles and ranks against hand
 * values and against a brute-force sort of the same window. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roll.h"

static void
hand_values(void **state)
{
	struct i40_roll *r = i40_roll_new(5, NULL);
	int i;

	(void)state;
	assert_non_null(r);
	assert_true(isnan(i40_roll_median(r)));
	for (i = 1; i <= 5; i++)
		i40_roll_push(r, i);
	/* {1..5}: median 3, |x-3| = 2,1,0,1,2 -> MAD 1 */
	assert_true(fabs(i40_roll_median(r) - 3) < 1e-12);
	assert_true(fabs(i40_roll_mad(r) - 1) < 1e-12);
	i40_roll_push(r, 100);  /* 1 leaves: {2,3,4,5,100} */
	assert_int_equal(i40_roll_count(r), 5);
	assert_true(fabs(i40_roll_median(r) - 4) < 1e-12);
	/* |x-4| = 2,1,0,1,96 -> sorted 0,1,1,2,96 -> MAD 1 */
	assert_true(fabs(i40_roll_mad(r) - 1) < 1e-12);
	/* type 7 quantile 0.25: h = 0.25*4 = 1 -> 3; 0.9: h = 3.6 -> 5 + 0.6*95 = 62 */
	assert_true(fabs(i40_roll_quantile(r, 0.25) - 3) < 1e-12);
	assert_true(fabs(i40_roll_quantile(r, 0.9) - 62) < 1e-12);
	/* rank of 4: 2 below, 1 equal -> (2 + 0.5)/5 */
	assert_true(fabs(i40_roll_rank(r, 4) - 0.5) < 1e-12);
	assert_true(fabs(i40_roll_at(r, 0) - 2) < 1e-12);
	assert_true(fabs(i40_roll_at(r, 4) - 100) < 1e-12);
	i40_roll_push(r, NAN);  /* ignored */
	assert_true(fabs(i40_roll_at(r, 0) - 2) < 1e-12);
	/* even count: {1,2,3,4}: median 2.5, deviations 1.5,.5,.5,1.5 -> MAD 1 */
	i40_roll_clear(r);
	for (i = 1; i <= 4; i++)
		i40_roll_push(r, i);
	assert_true(fabs(i40_roll_median(r) - 2.5) < 1e-12);
	assert_true(fabs(i40_roll_mad(r) - 1) < 1e-12);
	i40_roll_free(r);
	assert_null(i40_roll_new(0, NULL));
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
med(double *a, size_t n)
{
	qsort(a, n, sizeof *a, cmpd);
	return n % 2 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
}

/* Against a sort of the last cap values, with many ties (integers). */
static void
against_brute_force(void **state)
{
	const size_t cap = 37;
	struct i40_roll *r = i40_roll_new(cap, NULL);
	double hist[3000], w[64], dev[64];
	unsigned long s = 12345;
	size_t i, j, n;

	(void)state;
	for (i = 0; i < 3000; i++) {
		s = s * 1103515245UL + 12345UL;
		hist[i] = (double)((s >> 16) % 50) - (i > 1500 ? 20.0 : 0.0);
		i40_roll_push(r, hist[i]);
		n = i + 1 < cap ? i + 1 : cap;
		for (j = 0; j < n; j++)
			w[j] = hist[i + 1 - n + j];
		double m = med(w, n);
		for (j = 0; j < n; j++)
			dev[j] = fabs(w[j] - m);
		assert_true(fabs(i40_roll_median(r) - m) < 1e-12);
		assert_true(fabs(i40_roll_mad(r) - med(dev, n)) < 1e-12);
		assert_true(fabs(i40_roll_min(r) - w[0]) < 1e-12);
		assert_true(fabs(i40_roll_max(r) - w[n - 1]) < 1e-12);
	}
	i40_roll_free(r);
}

/* A batched window, after i40_roll_sync, has exactly the statistics of
 * the plain one (ties and a shift included); before it, its count lags
 * by less than one batch. */
static void
batched_equals_plain(void **state)
{
	struct i40_roll *a = i40_roll_new(100, NULL), *b = i40_roll_new_batched(100, 16, NULL);
	unsigned long s = 777;
	int i;

	(void)state;
	assert_non_null(b);
	for (i = 0; i < 2000; i++) {
		double x;
		s = s * 1103515245UL + 12345UL;
		x = (double)((s >> 16) % 40) + (i > 1000 ? 25.0 : 0.0);
		i40_roll_push(a, x);
		i40_roll_push(b, x);
		assert_true(i40_roll_count(a) - i40_roll_count(b) < 16);
		if (i % 7 == 3) {
			i40_roll_sync(b);
			assert_int_equal(i40_roll_count(a), i40_roll_count(b));
			assert_true(fabs(i40_roll_median(a) - i40_roll_median(b)) < 1e-12);
			assert_true(fabs(i40_roll_mad(a) - i40_roll_mad(b)) < 1e-12);
			assert_true(fabs(i40_roll_quantile(a, 0.95) - i40_roll_quantile(b, 0.95)) < 1e-12);
			assert_true(fabs(i40_roll_rank(a, 30) - i40_roll_rank(b, 30)) < 1e-12);
		}
	}
	i40_roll_free(a);
	i40_roll_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_values),
		cmocka_unit_test(against_brute_force),
		cmocka_unit_test(batched_equals_plain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
