/* theta.c - the Theta method.
 *
 * Theta won the M3 competition and stays a strong benchmark; its R form,
 * forecast::thetaf(), is what users compare with, so this follows it:
 * the same seasonal test and decomposition, SES fitted as ETS(A,N,N),
 * the drift b/2 with thetaf's correction (1 - (1-alpha)^n)/alpha, and
 * its intervals (SES variance, not rescaled by the seasonal index).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ets.h"
#include "fcast.h"
#include "season.h"
#include "theta.h"

/* Sum of squared one-step errors of SES from l0 = x[0]; final level. */
static double
ses_sse(const double *x, int n, double alpha, double *level)
{
	double l = x[0], sse = 0;
	int i;

	for (i = 0; i < n; i++) {
		sse += (x[i] - l) * (x[i] - l);
		l += alpha * (x[i] - l);
	}
	*level = l;
	return sse;
}

/* SES for series too short for a likelihood fit (R's ets() hands n <= 6
 * to HoltWinters-style least squares from l0 = y[0]): alpha by golden
 * section on the sum of squared one-step errors. */
static void
ses_short(const double *x, int n, double *alpha, double *level, double *sigma2)
{
	const double gr = (sqrt(5.0) - 1) / 2;
	double a = 0, b = 1, l;
	int it;

	for (it = 0; it < 60; it++) {
		double c = b - gr * (b - a), d = a + gr * (b - a);

		if (ses_sse(x, n, c, &l) < ses_sse(x, n, d, &l))
			b = d;
		else
			a = c;
	}
	*alpha = (a + b) / 2;
	*sigma2 = ses_sse(x, n, *alpha, level) / n;
}

int
i40_theta_forecast(const double *y, int n, int m, struct i40_fc *fc, struct i40_err *err)
{
	double *figure = NULL, *x;
	double alpha, level, sigma2, sx = 0, sy = 0, sxx = 0, sxy = 0, b, corr;
	int seasonal, i, j, h = fc->h;

	if (n < 2)
		return i40_err_set(err, I40_ERR_DATA, "Theta needs at least 2 values, got %d", n);
	x = malloc((size_t)n * sizeof *x);
	if (x == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	seasonal = i40_season_test(y, n, m);
	if (seasonal) {
		figure = malloc((size_t)m * sizeof *figure);
		if (figure == NULL) {
			free(x);
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		}
		for (i = 0; i < n && seasonal; i++)
			if (!(y[i] > 0))
				seasonal = 0;   /* multiplicative indices need positive data */
		if (seasonal && i40_season_decompose(y, n, m, 1, figure) != 0)
			seasonal = 0;
		for (i = 0; seasonal && i < m; i++)
			if (fabs(figure[i]) < 1e-4)
				seasonal = 0;
	}
	for (i = 0; i < n; i++)
		x[i] = seasonal ? y[i] / figure[i % m] : y[i];
	if (n > 6) {
		struct i40_ets ses;

		if (i40_ets_fit(x, n, 1, "ANN", &ses, err) != 0) {
			free(x);
			free(figure);
			return -1;
		}
		alpha = ses.alpha;
		level = ses.xn[0];
		sigma2 = ses.sigma2;
	} else {
		ses_short(x, n, &alpha, &level, &sigma2);
	}
	for (i = 0; i < n; i++) {
		sx += i;
		sy += x[i];
		sxx += (double)i * i;
		sxy += i * x[i];
	}
	b = (n * sxy - sx * sy) / (n * sxx - sx * sx) / 2;
	alpha = fmax(alpha, 1e-10);
	corr = (1 - pow(1 - alpha, n)) / alpha;
	for (j = 0; j < h; j++) {
		double mu = level + b * (j + corr), se;

		if (seasonal)
			mu *= figure[(n + j) % m];
		se = sqrt(sigma2) * sqrt(j * alpha * alpha + 1);
		fc->mean[j] = mu;
		fc->lo80[j] = mu - 1.2815515655446004 * se;
		fc->hi80[j] = mu + 1.2815515655446004 * se;
		fc->lo95[j] = mu - 1.959963984540054 * se;
		fc->hi95[j] = mu + 1.959963984540054 * se;
	}
	if (seasonal)
		snprintf(fc->method, sizeof fc->method, "Theta (seasonal %d)", m);
	else
		snprintf(fc->method, sizeof fc->method, "Theta");
	free(x);
	free(figure);
	return 0;
}
