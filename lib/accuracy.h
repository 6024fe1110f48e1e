/* accuracy.h - forecast accuracy: point and interval scores, and the
 * rolling-origin backtest.
 */
#ifndef I40_ACCURACY_H
#define I40_ACCURACY_H

#include "err.h"
#include "fcast.h"

/* Scores of one forecast (or the mean over backtest origins). */
struct i40_accuracy {
	double smape;    /* mean 200 |a - f| / (|a| + |f|), in percent (0/0 counts 0) */
	double mase;     /* MAE / in-sample MAE of the seasonal naive (lag m) */
	double rmsse;    /* RMSE / in-sample RMS of the naive (lag 1) differences */
	double bias;     /* mean (f - a), scaled as MASE: > 0 over-forecasts */
	double cover80;  /* share of actuals inside the 80% interval */
	double cover95;  /* share inside the 95% interval */
	double mse;      /* mean squared error, in the data's units squared */
	int n;           /* forecasts scored (or origins averaged) */
};

/* Score fc (its first h steps) against actual[0..h-1], with the scales
 * of MASE, RMSSE and bias from the training data y[0..n-1] (season m).
 * A scale of 0 (constant history) makes the scaled scores NAN. */
void i40_accuracy_score(const double *y, int n, int m, const double *actual, int h,
			const struct i40_fc *fc, struct i40_accuracy *acc);

/* Rolling-origin evaluation (Tashman 2000): for each of `origins`
 * consecutive origins ending h before the end of y, forecast h steps
 * with opt from the data before the origin and score them; acc gets the
 * mean of the scores over origins (acc->n = origins scored).  Needs
 * n >= h + origins + 3. */
int i40_accuracy_backtest(const double *y, int n, int m, int h, int origins,
			  const struct i40_fcast_opt *opt, struct i40_accuracy *acc,
			  struct i40_err *err);

#endif
