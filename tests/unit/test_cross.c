/* test_cross.c - windowed correlation of two signals: a hand example,
 * exact linear relations, a known population correlation, pairing by
 * timestamp with and without tolerance, and independence from how the
 * two signals are interleaved in the input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cross.h"
#include "testutil.h"

#define S 1000000000LL
#define MAXW 64

struct got {
	int n;
	struct i40_cross_window w[MAXW];
};

static int
collect(void *ctx, const struct i40_cross_window *w, struct i40_err *err)
{
	struct got *g = ctx;

	(void)err;
	if (g->n >= MAXW)
		return -1;
	g->w[g->n++] = *w;
	return 0;
}

/* Pairs (1,2) (2,4) (3,5) (4,4) (5,5): means 3 and 4, Sxx 10, Syy 6,
 * Sxy 6; cov 6/4 = 1.5, r = 6/sqrt(60) = 0.7745966692. */
static void
hand_example(void **state)
{
	static const double a[] = {1, 2, 3, 4, 5}, b[] = {2, 4, 5, 4, 5};
	struct i40_win w;
	struct i40_cross c;
	struct got g;
	int k;

	(void)state;
	memset(&g, 0, sizeof g);
	i40_win_time(&w, 60 * S, 60 * S, 0, NULL);
	assert_int_equal(i40_cross_init(&c, &w, 0, collect, &g, NULL), 0);
	for (k = 0; k < 5; k++) {
		assert_int_equal(i40_cross_add(&c, 0, (10 + k) * S, a[k], NULL), 0);
		assert_int_equal(i40_cross_add(&c, 1, (10 + k) * S, b[k], NULL), 0);
	}
	assert_int_equal(g.n, 0);
	assert_int_equal(i40_cross_finish(&c, NULL), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.w[0].npairs, 5);
	assert_int_equal(g.w[0].ts, 60 * S);
	assert_near(g.w[0].mean_a, 3, 1e-15, "mean a");
	assert_near(g.w[0].mean_b, 4, 1e-15, "mean b");
	assert_near(g.w[0].cov, 1.5, 1e-14, "cov");
	assert_near(g.w[0].r, 6 / sqrt(60), 1e-14, "r");
	i40_cross_free(&c);
}

/* B = -3 A + 2 exactly: r = -1 and cov = -3 var(A) (var computed here
 * two-pass) in each minute of three. */
static void
linear_relation(void **state)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	static double a[180];
	struct i40_win w;
	struct i40_cross c;
	struct got g;
	int k, m;

	(void)state;
	gsl_rng_set(r, 11);
	memset(&g, 0, sizeof g);
	i40_win_time(&w, 60 * S, 60 * S, 0, NULL);
	i40_cross_init(&c, &w, 0, collect, &g, NULL);
	for (k = 0; k < 180; k++) {
		a[k] = 50 + gsl_ran_gaussian(r, 4);
		i40_cross_add(&c, 0, k * S, a[k], NULL);
		i40_cross_add(&c, 1, k * S, -3 * a[k] + 2, NULL);
	}
	/* The reading at 179 s does not close the third minute yet. */
	assert_int_equal(g.n, 2);
	i40_cross_finish(&c, NULL);
	assert_int_equal(g.n, 3);
	for (m = 0; m < 3; m++) {
		double mean = 0, var = 0;

		for (k = 60 * m; k < 60 * m + 60; k++)
			mean += a[k] / 60;
		for (k = 60 * m; k < 60 * m + 60; k++)
			var += (a[k] - mean) * (a[k] - mean) / 59;
		assert_near(g.w[m].r, -1, 1e-12, "r");
		assert_near(g.w[m].cov, -3 * var, 1e-10 * var, "cov");
		assert_int_equal(g.w[m].npairs, 60);
	}
	i40_cross_free(&c);
	gsl_rng_free(r);
}

/* B = 0.6 X + 0.8 Y with X, Y independent N(0,1): population r = 0.6.
 * 100000 pairs in one window; SE of r ~ (1 - r^2)/sqrt(N) = 0.002:
 * tolerance 4.5 SE.  Covariance 0.6, SE ~ sqrt((1 + r^2)/N) = 0.0037. */
static void
known_correlation(void **state)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct i40_win w;
	struct i40_cross c;
	struct got g;
	int k;

	(void)state;
	gsl_rng_set(r, 5);
	memset(&g, 0, sizeof g);
	i40_win_time(&w, 86400 * S, 86400 * S, 0, NULL);
	i40_cross_init(&c, &w, 0, collect, &g, NULL);
	for (k = 0; k < 100000; k++) {
		double x = gsl_ran_gaussian(r, 1), y = gsl_ran_gaussian(r, 1);

		i40_cross_add(&c, 0, k * (S / 10), x, NULL);
		i40_cross_add(&c, 1, k * (S / 10), 0.6 * x + 0.8 * y, NULL);
	}
	i40_cross_finish(&c, NULL);
	assert_int_equal(g.n, 1);
	assert_near(g.w[0].r, 0.6, 4.5 * 0.002, "r");
	assert_near(g.w[0].cov, 0.6, 4.5 * 0.0037, "cov");
	i40_cross_free(&c);
	gsl_rng_free(r);
}

/* B is sampled 10 ms after A and misses every 5th reading.  Exact
 * pairing finds nothing; 50 ms tolerance pairs 48 of 60 per minute. */
static void
pairing_tolerance(void **state)
{
	int64_t tol;
	int k;

	(void)state;
	for (tol = 0; tol <= 50000000; tol += 50000000) {
		struct i40_win w;
		struct i40_cross c;
		struct got g;

		memset(&g, 0, sizeof g);
		i40_win_time(&w, 60 * S, 60 * S, 0, NULL);
		i40_cross_init(&c, &w, tol, collect, &g, NULL);
		for (k = 0; k < 60; k++) {
			i40_cross_add(&c, 0, k * S, k, NULL);
			if (k % 5 != 0)
				i40_cross_add(&c, 1, k * S + 10000000, 2.0 * k * k, NULL);
		}
		i40_cross_finish(&c, NULL);
		assert_int_equal(g.n, 1);
		assert_int_equal(g.w[0].n_a, 60);
		assert_int_equal(g.w[0].n_b, 48);
		assert_int_equal(g.w[0].npairs, tol ? 48 : 0);
		if (tol)
			assert_true(g.w[0].r > 0.9 && g.w[0].r < 1);
		else
			assert_true(isnan(g.w[0].r));
		i40_cross_free(&c);
	}
}

/* The same data fed interleaved, and all of A then all of B, with
 * hopping windows and a gap: identical windows. */
static void
interleaving(void **state)
{
	struct got g1, g2;
	int order, k;

	(void)state;
	memset(&g1, 0, sizeof g1);
	memset(&g2, 0, sizeof g2);
	for (order = 0; order < 2; order++) {
		struct i40_win w;
		struct i40_cross c;
		struct got *g = order ? &g2 : &g1;
		int side;

		i40_win_time(&w, 60 * S, 30 * S, 0, NULL);
		i40_cross_init(&c, &w, 0, collect, g, NULL);
		if (order == 0) {
			for (k = 0; k < 150; k++) {
				int64_t t = (k < 100 ? k : k + 500) * S;

				i40_cross_add(&c, 0, t, sin(k * 0.1), NULL);
				i40_cross_add(&c, 1, t, sin(k * 0.1 + 0.3) + 0.01 * k, NULL);
			}
		} else {
			for (side = 0; side < 2; side++)
				for (k = 0; k < 150; k++) {
					int64_t t = (k < 100 ? k : k + 500) * S;

					i40_cross_add(&c, side, t, side ? sin(k * 0.1 + 0.3) + 0.01 * k
									: sin(k * 0.1), NULL);
				}
		}
		i40_cross_finish(&c, NULL);
		i40_cross_free(&c);
	}
	/* windows [-30,30) .. [60,120), then [570,630) .. [630,690)... */
	assert_int_equal(g1.n, g2.n);
	assert_true(g1.n >= 8);
	for (k = 0; k < g1.n; k++) {
		assert_int_equal(g1.w[k].ts, g2.w[k].ts);
		assert_int_equal(g1.w[k].npairs, g2.w[k].npairs);
		assert_near(g1.w[k].r, g2.w[k].r, 0, "same r");
	}
	assert_int_equal(g1.w[0].ts, 30 * S);
	assert_int_equal(g1.w[0].npairs, 30);
	assert_int_equal(g1.w[1].npairs, 60);
}

static void
errors_and_edges(void **state)
{
	struct i40_win w, wc;
	struct i40_cross c;
	struct i40_err e;
	struct got g;
	int k;

	(void)state;
	memset(&g, 0, sizeof g);
	i40_win_count(&wc, 100, 100, NULL);
	assert_int_equal(i40_cross_init(&c, &wc, 0, collect, &g, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	i40_win_time(&w, 60 * S, 60 * S, 0, NULL);
	assert_int_equal(i40_cross_init(&c, &w, -1, collect, &g, &e), -1);
	i40_cross_init(&c, &w, 0, collect, &g, NULL);
	/* A constant: covariance 0, r undefined. */
	for (k = 0; k < 10; k++) {
		i40_cross_add(&c, 0, k * S, 4, NULL);
		i40_cross_add(&c, 1, k * S, k, NULL);
	}
	assert_int_equal(i40_cross_add(&c, 1, 5 * S, 1, &e), -1);
	assert_int_equal(e.kind, I40_ERR_DATA);
	assert_int_equal(i40_cross_add(&c, 2, 5 * S, 1, &e), -1);
	/* B goes quiet; the clock moves on: the minute is written. */
	assert_int_equal(i40_cross_advance(&c, 61 * S, NULL), 0);
	assert_int_equal(g.n, 1);
	assert_near(g.w[0].cov, 0, 0, "cov with a constant");
	assert_true(isnan(g.w[0].r));
	assert_int_equal(i40_cross_add(&c, 0, 59 * S + 1, 1, &e), -1);
	/* a missing value is ignored */
	assert_int_equal(i40_cross_add(&c, 0, 70 * S, NAN, NULL), 0);
	i40_cross_add(&c, 1, 70 * S, 3, NULL);
	i40_cross_finish(&c, NULL);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.w[1].n_a, 0);
	assert_int_equal(g.w[1].n_b, 1);
	assert_int_equal(g.w[1].npairs, 0);
	assert_true(isnan(g.w[1].cov));
	assert_int_equal(i40_cross_add(&c, 0, 80 * S, 1, &e), -1);
	i40_cross_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_example),
		cmocka_unit_test(linear_relation),
		cmocka_unit_test(known_correlation),
		cmocka_unit_test(pairing_tolerance),
		cmocka_unit_test(interleaving),
		cmocka_unit_test(errors_and_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
