/* ets.h - exponential smoothing state-space models (ETS).
 *
 * The ETS family of Hyndman, Koehler, Ord and Snyder, "Forecasting with
 * Exponential Smoothing" (Springer 2008): error A/M, trend N/A/Ad,
 * season N/A/M, fitted by maximum likelihood with the parameter bounds,
 * admissibility rules and initial states of R's forecast::ets(), and
 * chosen by AICc.  SES, Holt, damped Holt and Holt-Winters are members
 * of the family ("ANN", "AAN", "AAdN", "AAA", "MAM").
 *
 * A series here has no gaps: the caller interpolates (fcast.h does).
 */
#ifndef I40_ETS_H
#define I40_ETS_H

#include "err.h"

struct i40_fc;

/* Longest season ETS models (R's ets() refuses longer ones too). */
#define I40_ETS_MAXM 24
#define I40_ETS_MAXSTATE (2 + I40_ETS_MAXM)

/* One fitted (or given) model. */
struct i40_ets {
	char error;             /* 'A' additive or 'M' multiplicative error */
	char trend;             /* 'N' none or 'A' additive */
	char season;            /* 'N', 'A' or 'M' */
	int damped;             /* 1: damped trend (phi < 1) */
	int m;                  /* season length, 1 when season is 'N' */
	double alpha, beta, gamma, phi;  /* smoothing parameters (phi 1 if undamped) */
	int nstate;             /* states: level, [trend], [m seasonal] */
	double x0[I40_ETS_MAXSTATE];     /* initial state l, b, s(0), s(-1) ... s(-m+1) */
	double xn[I40_ETS_MAXSTATE];     /* state after the last observation */
	int n;                  /* observations fitted */
	int np;                 /* estimated parameters, sigma included (as R counts) */
	double lik;             /* -2 log-likelihood up to a constant, as R's ets reports */
	double aic, aicc, bic;  /* information criteria from lik and np */
	double sigma2;          /* residual variance: sum e^2 / (n - np + 1) */
	double mse;             /* mean squared one-step error on the data scale */
};

/* Fit model spec to y[0..n-1] (season length m >= 1) by maximum
 * likelihood.  spec is error, trend, [d], season, each letter or 'Z'
 * for "choose by AICc": "ZZZ" (the automatic choice), "AAdN", "MAM".
 * Seasonal models need m in 2..I40_ETS_MAXM and n > m.  Returns 0, or -1
 * when no model of the spec can be fitted (too short, negative data for
 * a multiplicative model, ...). */
int i40_ets_fit(const double *y, int n, int m, const char *spec,
		struct i40_ets *fit, struct i40_err *err);

/* i40_ets_fit(), and in *damped (when not NULL) the best model with a
 * damped trend among those tried (aicc INFINITY when none was): the
 * combination of the default forecaster needs both, from one search. */
int i40_ets_select(const double *y, int n, int m, const char *spec,
		   struct i40_ets *fit, struct i40_ets *damped, struct i40_err *err);

/* Run the model's recursions over y with its parameters and x0 and fill
 * lik, aic, aicc, bic, sigma2, mse, xn (np must be set).  Returns 0, or -1
 * when the likelihood is undefined (e.g. a zero forecast with
 * multiplicative error). */
int i40_ets_eval(struct i40_ets *fit, const double *y, int n);

/* Forecast h steps after the data: point forecasts and 80%/95%
 * prediction intervals (analytic for the classes of chapter 6 of the
 * book, else simulated with a fixed seed).  fc must hold h steps.  The
 * method name is set to "ETS(M,Ad,M)" style. */
int i40_ets_forecast(const struct i40_ets *fit, int h, struct i40_fc *fc,
		     struct i40_err *err);

/* "ETS(A,Ad,N)" into buf. */
void i40_ets_name(const struct i40_ets *fit, char *buf, unsigned long size);

#endif
