/* test_logit.c - IRLS against the closed-form MLE of a 2x2 table, the AUC
 * of a textbook example, and cross-validation on a planted precursor. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "logit.h"
#include "gauss.h"

static void
closed_form_mle(void **state)
{
	/* x = 0: 3 of 10 fail; x = 1: 7 of 10 fail.  The MLE reproduces the
	 * group rates: b0 = log(3/7), b1 = log(7/3) - log(3/7) = 2 log(7/3). */
	double X[20];
	int y[20], i;
	struct i40_logit m;
	double x0 = 0, x1 = 1;

	(void)state;
	for (i = 0; i < 20; i++) {
		X[i] = i < 10 ? 0 : 1;
		y[i] = i < 10 ? i < 3 : i < 17;
	}
	assert_int_equal(i40_logit_fit(&m, X, y, 20, 1, 0, NULL), 0);
	assert_int_equal(m.converged, 1);
	assert_true(fabs(i40_logit_coef(&m, 0) - log(3.0 / 7.0)) < 1e-8);
	assert_true(fabs(i40_logit_coef(&m, 1) - 2 * log(7.0 / 3.0)) < 1e-8);
	assert_true(fabs(i40_logit_predict(&m, &x0) - 0.3) < 1e-8);
	assert_true(fabs(i40_logit_predict(&m, &x1) - 0.7) < 1e-8);
	i40_logit_free(&m);
}

static void
auc_by_hand(void **state)
{
	/* positives 0.35, 0.8; negatives 0.1, 0.4: of the 4 pairs, 3 are
	 * ordered right -> 0.75 */
	const double s[] = { 0.1, 0.4, 0.35, 0.8 }, t[] = { 0.5, 0.5 };
	const int y[] = { 0, 0, 1, 1 }, yt[] = { 0, 1 }, one[] = { 1, 1 };

	(void)state;
	assert_true(fabs(i40_auc(s, y, 4) - 0.75) < 1e-12);
	assert_true(fabs(i40_auc(t, yt, 2) - 0.5) < 1e-12);   /* a tie counts 1/2 */
	assert_true(isnan(i40_auc(t, one, 2)));
}

/* 200 machines, 6 windows each.  Features of a window: vibration mean,
 * vibration slope, temperature mean, a noise feature.  In the windows
 * before a failure (the label: fails within H) the precursor is planted:
 * the vibration slope rises and the temperature creeps up a little.  The
 * cross-validated AUC must exceed 0.9. */
static void
planted_precursor(void **state)
{
	enum { N = 1200, P = 4 };
	static double X[N * P];
	static int y[N];
	unsigned long long st = 2024;
	struct i40_cv cv;
	struct i40_err err;
	int i, pos = 0;

	(void)state;
	for (i = 0; i < N; i++) {
		int fails = (i % 6 == 5) && (i / 6) % 3 == 0;   /* 1 in 18 windows */
		y[i] = fails;
		pos += fails;
		X[i * P + 0] = 4.0 + 0.5 * gauss(&st);                     /* vib mean: no signal */
		X[i * P + 1] = 0.01 * gauss(&st) + (fails ? 0.025 : 0);    /* vib slope: precursor */
		X[i * P + 2] = 60 + 2 * gauss(&st) + (fails ? 2.5 : 0);    /* temperature */
		X[i * P + 3] = gauss(&st);                                 /* unrelated */
	}
	assert_true(pos > 50);
	assert_int_equal(i40_logit_cv(X, y, N, P, 5, 1e-3, 0.5, 1, &cv, &err), 0);
	assert_true(cv.auc > 0.9);
	assert_true(cv.tp + cv.fn == pos);
	assert_true(cv.precision > 0.5 && cv.recall > 0.3);
	assert_int_equal(i40_logit_cv(X, y, N, P, 1, 0, 0.5, 1, &cv, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(closed_form_mle),
		cmocka_unit_test(auc_by_hand),
		cmocka_unit_test(planted_precursor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
