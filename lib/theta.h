/* theta.h - the Theta method as R's forecast::thetaf() computes it. */
#ifndef I40_THETA_H
#define I40_THETA_H

#include "err.h"

struct i40_fc;

/* Forecast y[0..n-1] (season m) fc->h steps ahead by the Theta method of
 * Assimakopoulos and Nikolopoulos (2000) in the SES-with-drift form of
 * Hyndman and Billah (2003): when the seasonality test of season.h says
 * so, divide by the classical multiplicative seasonal indices, fit SES
 * (ETS(A,N,N)) by maximum likelihood, add half the slope of the linear
 * trend, reseasonalise; intervals as thetaf().  Needs n >= 2 and no
 * gaps. */
int i40_theta_forecast(const double *y, int n, int m, struct i40_fc *fc,
		       struct i40_err *err);

#endif
