/* test_mvar.c - a T^2 computed by hand, its limit, contributions, and
 * shrinkage on a singular baseline. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "mvar.h"

static void
known_t2(void **state)
{
	/* baseline (2,1), (0,-1), (-2,-1), (0,1): mean (0,0);
	 * S = [[8,4],[4,4]]/3, S^-1 = [[3/4,-3/4],[-3/4,3/2]] */
	const double X[] = { 2, 1, 0, -1, -2, -1, 0, 1 };
	const double a[] = { 1, 1 }, b[] = { 2, 0 };
	struct i40_t2 m;
	double c[2], t2;

	(void)state;
	assert_int_equal(i40_t2_learn(&m, X, 4, 2, 0.01, 0, NULL), 0);
	assert_true(fabs(m.cov[0] - 8.0 / 3) < 1e-12);
	assert_true(fabs(m.cov[1] - 4.0 / 3) < 1e-12);
	/* x = (1,1): S^-1 x = (0, 3/4) -> T^2 = 3/4, contributions (0, 3/4) */
	t2 = i40_t2_score(&m, a, c);
	assert_true(fabs(t2 - 0.75) < 1e-12);
	assert_true(fabs(c[0] - 0) < 1e-12);
	assert_true(fabs(c[1] - 0.75) < 1e-12);
	/* x = (2,0): S^-1 x = (3/2, -3/2) -> T^2 = 3, contributions (3, 0) */
	t2 = i40_t2_score(&m, b, c);
	assert_true(fabs(t2 - 3) < 1e-12);
	assert_true(fabs(c[0] - 3) < 1e-12);
	/* UCL: p(n+1)(n-1)/(n(n-p)) F(0.99; 2, 2) = 2*5*3/(4*2) * 99 = 371.25
	 * (F(2,2) has cdf x/(1+x), so its 99% point is 99) */
	assert_true(fabs(m.ucl - 371.25) < 1e-6);
	i40_t2_free(&m);
}

static void
singular_needs_shrinkage(void **state)
{
	/* x3 = x1 + x2 exactly: the plain covariance is singular */
	double X[3 * 40];
	const double keeps[] = { 1, 1, 2 }, breaks[] = { 1, 1, -2 };
	struct i40_t2 m;
	struct i40_err err;
	double c[3], t_keep, t_break;
	int k;

	(void)state;
	for (k = 0; k < 40; k++) {
		X[3 * k] = sin(k * 1.3);
		X[3 * k + 1] = cos(k * 0.7);
		X[3 * k + 2] = X[3 * k] + X[3 * k + 1];
	}
	assert_int_equal(i40_t2_learn(&m, X, 40, 3, 0.01, 0, &err), -1);
	assert_int_equal(err.kind, I40_ERR_DATA);
	assert_int_equal(i40_t2_learn(&m, X, 40, 3, 0.01, -1, &err), 0);
	assert_true(m.lambda > 0 && m.lambda < 1);
	t_keep = i40_t2_score(&m, keeps, NULL);
	t_break = i40_t2_score(&m, breaks, c);
	/* the vector that breaks the learned relation is much farther, and
	 * the third signal carries the largest contribution */
	assert_true(t_break > 5 * t_keep);
	assert_true(c[2] > c[0] && c[2] > c[1]);
	assert_true(fabs(c[0] + c[1] + c[2] - t_break) < 1e-9);
	i40_t2_free(&m);
	/* a constant signal is refused with a reason */
	for (k = 0; k < 40; k++)
		X[3 * k + 2] = 5;
	assert_int_equal(i40_t2_learn(&m, X, 40, 3, 0.01, -1, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_t2),
		cmocka_unit_test(singular_needs_shrinkage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
