/* season.h - seasonality of a series: classical decomposition and the
 * autocorrelation test that forecast::thetaf() uses.
 */
#ifndef I40_SEASON_H
#define I40_SEASON_H

/* Classical decomposition as R's decompose(): a centred moving average
 * of order m as trend, then the mean detrended value at each position
 * in the season, normalised to sum 0 (additive) or to mean 1 (mult).
 * figure[k] is the seasonal index of y[i] with i % m == k.  Needs
 * m >= 2 and n >= 2m; returns 0, or -1 when not. */
int i40_season_decompose(const double *y, int n, int m, int mult, double *figure);

/* Sample autocorrelation of y at lags 1..maxlag into r[0..maxlag-1]
 * (R's acf(): mean removed, divided by the lag-0 sum). */
void i40_season_acf(const double *y, int n, int maxlag, double *r);

/* 1 when y is seasonal with season length m by thetaf's test: the
 * autocorrelation at lag m exceeds 1.645 times its standard error under
 * the hypothesis of no seasonality (Bartlett: sqrt((1 + 2 sum r_k^2)/n),
 * k < m).  0 when not, or when n <= 2m or m < 2. */
int i40_season_test(const double *y, int n, int m);

/* 1 when all values are equal (to R's all.equal() tolerance, 1.5e-8). */
int i40_season_constant(const double *y, int n);

#endif
