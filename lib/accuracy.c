/* accuracy.c - how good were the forecasts.
 *
 * sMAPE and MASE are the scores of the M competitions and of Hyndman and
 * Koehler (2006); RMSSE and scaled bias are the M5 scores, which do not
 * reward the all-zero forecast on intermittent demand as MAE-based scores
 * do; coverage says whether the intervals can be trusted.  The backtest
 * refits at every origin, so it measures the method, not one fit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "accuracy.h"

void
i40_accuracy_score(const double *y, int n, int m, const double *actual, int h,
		   const struct i40_fc *fc, struct i40_accuracy *acc)
{
	double s1 = 0, s2 = 0, sm = 0, ae = 0, se = 0, me = 0, c80 = 0, c95 = 0;
	int i, k1 = 0, k2 = 0, lag = (m > 1 && n > m) ? m : 1;

	for (i = lag; i < n; i++) {
		s1 += fabs(y[i] - y[i - lag]);
		k1++;
	}
	for (i = 1; i < n; i++) {
		s2 += (y[i] - y[i - 1]) * (y[i] - y[i - 1]);
		k2++;
	}
	s1 = k1 ? s1 / k1 : NAN;
	s2 = k2 ? sqrt(s2 / k2) : NAN;
	for (i = 0; i < h; i++) {
		double a = actual[i], f = fc->mean[i], d = fabs(a) + fabs(f);

		sm += d > 0 ? 200 * fabs(a - f) / d : 0;
		ae += fabs(a - f);
		se += (a - f) * (a - f);
		me += f - a;
		c80 += a >= fc->lo80[i] && a <= fc->hi80[i];
		c95 += a >= fc->lo95[i] && a <= fc->hi95[i];
	}
	acc->smape = sm / h;
	acc->mase = s1 > 0 ? ae / h / s1 : NAN;
	acc->rmsse = s2 > 0 ? sqrt(se / h) / s2 : NAN;
	acc->bias = s1 > 0 ? me / h / s1 : NAN;
	acc->cover80 = c80 / h;
	acc->cover95 = c95 / h;
	acc->mse = se / h;
	acc->n = h;
}

int
i40_accuracy_backtest(const double *y, int n, int m, int h, int origins,
		      const struct i40_fcast_opt *opt, struct i40_accuracy *acc,
		      struct i40_err *err)
{
	struct i40_fc fc;
	struct i40_accuracy one, sum;
	int k, done = 0;

	if (h < 1 || origins < 1 || n < h + origins + 3)
		return i40_err_set(err, I40_ERR_DATA, "a backtest of %d origins and horizon %d "
				   "needs at least %d values, the series has %d", origins, h,
				   h + origins + 3, n);
	if (i40_fcast_alloc(&fc, h, err) != 0)
		return -1;
	memset(&sum, 0, sizeof sum);
	for (k = 0; k < origins; k++) {
		int len = n - h - (origins - 1 - k);

		if (i40_fcast_run(y, len, m, opt, &fc, err) != 0)
			continue;
		i40_accuracy_score(y, len, m, y + len, h, &fc, &one);
		sum.smape += one.smape;
		sum.mase += one.mase;
		sum.rmsse += one.rmsse;
		sum.bias += one.bias;
		sum.cover80 += one.cover80;
		sum.cover95 += one.cover95;
		sum.mse += one.mse;
		done++;
	}
	i40_fcast_free(&fc);
	if (done == 0)
		return -1;
	acc->smape = sum.smape / done;
	acc->mase = sum.mase / done;
	acc->rmsse = sum.rmsse / done;
	acc->bias = sum.bias / done;
	acc->cover80 = sum.cover80 / done;
	acc->cover95 = sum.cover95 / done;
	acc->mse = sum.mse / done;
	acc->n = done;
	return 0;
}
