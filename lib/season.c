/* season.c - classical decomposition and the seasonality test.
 *
 * Both ETS (initial seasonal states) and Theta (seasonal adjustment) start
 * from the classical decomposition of R's decompose(), so they live here
 * once, written to give R's numbers.
 */
#include <math.h>
#include <stdlib.h>

#include "season.h"

int
i40_season_decompose(const double *y, int n, int m, int mult, double *figure)
{
	double *sum;
	int *cnt, half, i, j;
	double tot;

	if (m < 2 || n < 2 * m)
		return -1;
	sum = calloc((size_t)m, sizeof *sum);
	cnt = calloc((size_t)m, sizeof *cnt);
	if (sum == NULL || cnt == NULL) {
		free(sum);
		free(cnt);
		return -1;
	}
	/* Centred moving average: m+1 terms with half weights at both ends
	 * for an even season, m equal terms for an odd one. */
	half = m / 2;
	for (i = half; i < n - half; i++) {
		double tr = 0, d;

		if (m % 2 == 0) {
			tr = 0.5 * (y[i - half] + y[i + half]);
			for (j = i - half + 1; j < i + half; j++)
				tr += y[j];
		} else {
			for (j = i - half; j <= i + half; j++)
				tr += y[j];
		}
		tr /= m;
		d = mult ? y[i] / tr : y[i] - tr;
		if (isfinite(d)) {
			sum[i % m] += d;
			cnt[i % m]++;
		}
	}
	tot = 0;
	for (i = 0; i < m; i++) {
		figure[i] = cnt[i] ? sum[i] / cnt[i] : (mult ? 1 : 0);
		tot += figure[i];
	}
	for (i = 0; i < m; i++)
		figure[i] = mult ? figure[i] / (tot / m) : figure[i] - tot / m;
	free(sum);
	free(cnt);
	return 0;
}

void
i40_season_acf(const double *y, int n, int maxlag, double *r)
{
	double mean = 0, c0 = 0;
	int i, k;

	for (i = 0; i < n; i++)
		mean += y[i];
	mean /= n;
	for (i = 0; i < n; i++)
		c0 += (y[i] - mean) * (y[i] - mean);
	for (k = 1; k <= maxlag; k++) {
		double c = 0;

		for (i = 0; i + k < n; i++)
			c += (y[i] - mean) * (y[i + k] - mean);
		r[k - 1] = c0 > 0 ? c / c0 : 0;
	}
}

int
i40_season_test(const double *y, int n, int m)
{
	double *r, s = 0, stat;
	int k, seasonal;

	if (m < 2 || n <= 2 * m || i40_season_constant(y, n))
		return 0;
	r = malloc((size_t)m * sizeof *r);
	if (r == NULL)
		return 0;
	i40_season_acf(y, n, m, r);
	for (k = 0; k < m - 1; k++)
		s += r[k] * r[k];
	stat = sqrt((1 + 2 * s) / n);
	/* qnorm(0.95) */
	seasonal = fabs(r[m - 1]) / stat > 1.6448536269514722;
	free(r);
	return seasonal;
}

int
i40_season_constant(const double *y, int n)
{
	double sad = 0, sa = 0;
	int i;

	/* all.equal(): mean absolute difference relative to the mean
	 * absolute target value, tolerance 1.5e-8. */
	for (i = 0; i < n; i++) {
		sad += fabs(y[i] - y[0]);
		sa += fabs(y[i]);
	}
	if (sa > 0)
		return sad / sa < 1.5e-8;
	return sad < 1.5e-8 * n;
}
