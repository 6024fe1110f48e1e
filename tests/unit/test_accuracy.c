/* test_accuracy.c - sMAPE, MASE, RMSSE, bias and coverage on a worked
 * example; the rolling-origin backtest on a series a method fits
 * exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "accuracy.h"
#include "fcast.h"

/* Training 10 12 11 13 12, actual 14 12, forecast 13 14.
 * sMAPE = (200*1/27 + 200*2/26)/2 = 11.3960114
 * naive MAE in-sample (2+1+2+1)/4 = 1.5, MAE 1.5: MASE 1;
 * naive RMS sqrt(10/4), RMSE sqrt(5/2): RMSSE 1;
 * bias mean(f - a) = 0.5, / 1.5 = 1/3;
 * 80% [12.5,13.5] [13.5,14.5]: 14 out, 12 out: 0; 95% [11,15]: both in. */
static void
worked_example(void **state)
{
	static const double y[5] = { 10, 12, 11, 13, 12 }, a[2] = { 14, 12 };
	double mean[2] = { 13, 14 }, lo80[2] = { 12.5, 13.5 }, hi80[2] = { 13.5, 14.5 };
	double lo95[2] = { 11, 11 }, hi95[2] = { 15, 15 };
	struct i40_fc fc = { 2, mean, lo80, hi80, lo95, hi95, "" };
	struct i40_accuracy acc;

	(void)state;
	i40_accuracy_score(y, 5, 1, a, 2, &fc, &acc);
	if (fabs(acc.smape - (200.0 / 27 + 400.0 / 26) / 2) > 1e-12)
		fail_msg("smape %.15g", acc.smape);
	assert_true(fabs(acc.mase - 1) < 1e-12);
	assert_true(fabs(acc.rmsse - 1) < 1e-12);
	assert_true(fabs(acc.bias - 1.0 / 3) < 1e-12);
	assert_true(acc.cover80 == 0 && acc.cover95 == 1);
	/* Season 2: lag-2 differences 1 1 1, MASE = 1.5 / 1. */
	i40_accuracy_score(y, 5, 2, a, 2, &fc, &acc);
	assert_true(fabs(acc.mase - 1.5) < 1e-12);
	/* 0/0 counts 0 in sMAPE; a constant history has no scale. */
	{
		static const double c[3] = { 0, 0, 0 }, z[1] = { 0 };
		double m0[1] = { 0 };
		struct i40_fc f0 = { 1, m0, m0, m0, m0, m0, "" };

		i40_accuracy_score(c, 3, 1, z, 1, &f0, &acc);
		assert_true(acc.smape == 0 && isnan(acc.mase) && acc.cover95 == 1);
	}
}

/* y = 1 + 2t: drift forecasts it exactly from every origin. */
static void
backtest(void **state)
{
	struct i40_fcast_opt opt = { I40_FC_DRIFT, 0, 0 };
	struct i40_accuracy acc;
	struct i40_err err;
	double y[30];
	int i;

	(void)state;
	for (i = 0; i < 30; i++)
		y[i] = 1 + 2 * i;
	assert_int_equal(i40_accuracy_backtest(y, 30, 1, 4, 3, &opt, &acc, &err), 0);
	assert_int_equal(acc.n, 3);
	assert_true(acc.smape < 1e-9 && acc.mase < 1e-9 && fabs(acc.bias) < 1e-9);
	assert_int_equal(i40_accuracy_backtest(y, 8, 1, 4, 3, &opt, &acc, &err), -1);
	assert_int_equal(err.kind, I40_ERR_DATA);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(worked_example),
		cmocka_unit_test(backtest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
