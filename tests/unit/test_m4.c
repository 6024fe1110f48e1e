/* test_m4.c - downsampling keeps first, last, minimum and maximum per column.
 *
 * Expected outputs are worked by hand from the definition of M4 (per
 * column, the first, minimum, maximum and last sample, in time order).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "m4.h"

#define S 1000000000LL

static void
small_by_hand(void **state)
{
	struct i40_m4 m;
	int64_t t[10];
	double v[10];
	size_t n;
	/* two columns over [0, 8): column 0 is t 0..3, column 1 t 4..7 */
	const int64_t it[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	const double iv[] = { 1, 5, -1, 2, 3, 3, 9, 0 };
	/* column 0: first (0,1) max (1,5) min (2,-1) last (3,2);
	 * column 1: first (4,3) max (6,9) last=min (7,0) */
	const int64_t wt[] = { 0, 1, 2, 3, 4, 6, 7 };
	const double wv[] = { 1, 5, -1, 2, 3, 9, 0 };

	(void)state;
	assert_int_equal(i40_m4_init(&m, 2, 0, 8, NULL), 0);
	for (int i = 0; i < 8; i++)
		i40_m4_add(&m, it[i], iv[i]);
	n = i40_m4_out(&m, t, v, 10);
	assert_int_equal(n, 7);
	for (size_t i = 0; i < n; i++) {
		assert_true(t[i] == wt[i]);
		assert_true(v[i] == wv[i]);
	}
	assert_true(m.vmin == -1 && m.vmax == 9);
	assert_int_equal(m.n, 8);
	/* the output is cut at cap */
	assert_int_equal(i40_m4_out(&m, t, v, 3), 3);
	i40_m4_free(&m);
}

static void
spike_in_a_month(void **state)
{
	const int64_t n = 30LL * 86400;        /* a month of 1 s data */
	const int64_t t0 = 1709251200LL * S;
	const int64_t ispike = 1234567, idip = 2345678;
	struct i40_m4 m;
	int64_t *t;
	double *v, omax = -INFINITY, omin = INFINITY;
	int64_t tmax = 0, tmin = 0;
	size_t k;

	(void)state;
	assert_int_equal(i40_m4_init(&m, 900, t0, t0 + n * S, NULL), 0);
	for (int64_t i = 0; i < n; i++) {
		/* a smooth signal in [9, 11], one 1-second spike and one dip */
		double x = 10 + sin((double)i / 5000.0);

		if (i == ispike)
			x = 42;
		if (i == idip)
			x = -7;
		i40_m4_add(&m, t0 + i * S, x);
	}
	t = malloc(i40_m4_cap(&m) * sizeof *t);
	v = malloc(i40_m4_cap(&m) * sizeof *v);
	assert_non_null(t);
	assert_non_null(v);
	k = i40_m4_out(&m, t, v, i40_m4_cap(&m));
	/* bounded by the width: at most 4 points a column */
	assert_true(k <= 4 * 900);
	assert_true(k >= 2 * 900);
	for (size_t i = 0; i < k; i++) {
		if (i > 0)
			assert_true(t[i] > t[i - 1]);
		if (v[i] > omax) {
			omax = v[i];
			tmax = t[i];
		}
		if (v[i] < omin) {
			omin = v[i];
			tmin = t[i];
		}
	}
	assert_true(omax == 42 && tmax == t0 + ispike * S);
	assert_true(omin == -7 && tmin == t0 + idip * S);
	/* the first and the last sample survive */
	assert_true(t[0] == t0 && v[0] == 10);
	assert_true(t[k - 1] == t0 + (n - 1) * S);
	assert_int_equal(m.n, (size_t)n);
	free(t);
	free(v);
	i40_m4_free(&m);
}

static void
adaptive_range(void **state)
{
	struct i40_m4 m;
	int64_t t[40];
	double v[40];
	size_t n;

	(void)state;
	/* 4 columns, range unknown: 16 samples v = t from t = 100.  The span
	 * doubles 1, 2, 4: columns [100,104) [104,108) ... and each column
	 * keeps first (= min) and last (= max). */
	assert_int_equal(i40_m4_init(&m, 4, 0, 0, NULL), 0);
	i40_m4_add(&m, 50, NAN);        /* before any sample: nothing to break */
	for (int i = 0; i < 16; i++)
		i40_m4_add(&m, 100 + i, 100 + i);
	assert_true(m.span == 4);
	assert_true(m.t0 == 100);
	n = i40_m4_out(&m, t, v, 40);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < 8; i++) {
		int64_t want = 100 + (int64_t)(i / 2) * 4 + (i % 2) * 3;

		assert_true(t[i] == want && v[i] == (double)want);
	}
	/* before the origin: counted, not kept */
	i40_m4_add(&m, 99, 1);
	assert_int_equal(m.outside, 1);
	assert_int_equal(m.missing, 1);
	i40_m4_free(&m);
}

static void
gaps_and_outside(void **state)
{
	struct i40_m4 m;
	int64_t t[20];
	double v[20];
	size_t n;

	(void)state;
	/* 4 columns over [0, 40); a missing value at t = 15 in column 1 */
	i40_m4_init(&m, 4, 0, 40, NULL);
	i40_m4_add(&m, 5, 1);
	i40_m4_add(&m, 12, 2);
	i40_m4_add(&m, 15, NAN);
	i40_m4_add(&m, 18, 3);
	i40_m4_add(&m, 25, 4);
	i40_m4_add(&m, 40, 9);          /* end is exclusive */
	i40_m4_add(&m, -1, 9);
	i40_m4_add(&m, 30, INFINITY);   /* not a reading */
	n = i40_m4_out(&m, t, v, 20);
	/* (5,1) (12,2) (15,NAN) (18,3) (25,4) */
	assert_int_equal(n, 5);
	assert_true(t[2] == 15 && isnan(v[2]));
	assert_true(t[1] == 12 && v[1] == 2);
	assert_true(t[3] == 18 && v[3] == 3);
	assert_int_equal(m.outside, 3);
	assert_int_equal(m.missing, 1);
	assert_true(m.tmin == 5 && m.tmax == 25);
	i40_m4_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_by_hand),
		cmocka_unit_test(spike_in_a_month),
		cmocka_unit_test(adaptive_range),
		cmocka_unit_test(gaps_and_outside),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
