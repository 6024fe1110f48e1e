/* croston.c - forecasts for intermittent demand.
 *
 * Spare parts and slow movers sell in a few periods with zeros between;
 * smoothing the raw series forecasts a little every period and is
 * biased right after a demand.  Croston smooths sizes and intervals
 * separately; SBA removes Croston's known positive bias; TSB smooths the
 * probability of a demand every period, so it follows items going
 * obsolete; ADIDA aggregates into buckets of the mean interval, where
 * the demand is no longer intermittent.  The class (ADI/CV^2 with the
 * Syntetos-Boylan cut-offs 1.32 and 0.49) picks among them in fcast.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>

#include "croston.h"
#include "ets.h"
#include "fcast.h"

enum i40_demand_class
i40_croston_classify(const double *y, int n, double *adi, double *cv2)
{
	double s = 0, ss = 0, a, c;
	int i, nz = 0, last = 0;

	for (i = 0; i < n; i++)
		if (y[i] > 0) {
			nz++;
			s += y[i];
			last = i + 1;
		}
	if (nz == 0) {
		if (adi)
			*adi = INFINITY;
		if (cv2)
			*cv2 = NAN;
		return I40_DEMAND_NONE;
	}
	a = (double)last / nz;
	for (i = 0; i < n; i++)
		if (y[i] > 0)
			ss += (y[i] - s / nz) * (y[i] - s / nz);
	c = nz > 1 ? ss / (nz - 1) / ((s / nz) * (s / nz)) : 0;
	if (adi)
		*adi = a;
	if (cv2)
		*cv2 = c;
	if (a < 1.32)
		return c < 0.49 ? I40_DEMAND_SMOOTH : I40_DEMAND_ERRATIC;
	return c < 0.49 ? I40_DEMAND_INTERMITTENT : I40_DEMAND_LUMPY;
}

const char *
i40_croston_class_str(enum i40_demand_class c)
{
	switch (c) {
	case I40_DEMAND_SMOOTH: return "smooth";
	case I40_DEMAND_ERRATIC: return "erratic";
	case I40_DEMAND_INTERMITTENT: return "intermittent";
	case I40_DEMAND_LUMPY: return "lumpy";
	default: return "no demand";
	}
}

/* Croston/SBA over y: returns the final size and interval levels and
 * the in-sample one-step squared error (of the ratio, SBA-corrected when
 * sba).  SES from the first value as R's ses(initial = "simple"). */
static double
croston_run(const double *y, int n, double alpha, int sba, double *zl, double *pl)
{
	double z = 0, p = 0, sse = 0, f = NAN;
	int i, q = 0, started = 0;

	for (i = 0; i < n; i++) {
		if (!isnan(f))
			sse += (y[i] - f) * (y[i] - f);
		q++;
		if (y[i] > 0) {
			if (!started) {
				z = y[i];
				p = q;
				started = 1;
			} else {
				z += alpha * (y[i] - z);
				p += alpha * (q - p);
			}
			q = 0;
			f = z / p * (sba ? 1 - alpha / 2 : 1);
		}
	}
	*zl = z;
	*pl = p;
	return sse;
}

/* TSB: probability p every period, size z on demand periods. */
static double
tsb_run(const double *y, int n, double alpha, double beta, double *zl, double *pl)
{
	double z = 0, p, sse = 0, s = 0;
	int i, nz = 0, first = -1;

	for (i = 0; i < n; i++)
		if (y[i] > 0) {
			if (first < 0)
				first = i;
			nz++;
			s += y[i];
		}
	p = (double)nz / n;
	z = nz ? s / nz : 0;
	for (i = 0; i < n; i++) {
		double f = p * z;

		sse += (y[i] - f) * (y[i] - f);
		if (y[i] > 0) {
			p += beta * (1 - p);
			z += alpha * (y[i] - z);
		} else {
			p += beta * (0 - p);
		}
	}
	(void)first;
	*zl = z;
	*pl = p;
	return sse;
}

/* Quantile of the compound demand: 0 with probability 1 - p, else a size
 * from the sorted sample sz[0..k-1] times scale. */
static double
compound_q(const double *sz, int k, double p, double scale, double tau)
{
	double u, pos, g;
	int j;

	if (tau <= 1 - p || k == 0)
		return 0;
	u = (tau - (1 - p)) / p;
	pos = u * (k - 1);
	j = (int)floor(pos);
	g = pos - j;
	if (j >= k - 1)
		return sz[k - 1] * scale;
	return ((1 - g) * sz[j] + g * sz[j + 1]) * scale;
}

static const double grid[] = { 0.05, 0.1, 0.15, 0.2, 0.3 };
#define NGRID (int)(sizeof grid / sizeof grid[0])

int
i40_croston_forecast(const double *y, int n, enum i40_croston_variant v, double alpha,
		     struct i40_fc *fc, struct i40_err *err)
{
	double z = 0, p = 1, mean, prob, *sz = NULL, smean = 0, adi, cv2;
	int i, j, k = 0, h = fc->h;
	const char *name = "Croston";
	enum i40_demand_class cls;

	for (i = 0; i < n; i++)
		if (!(y[i] >= 0))
			return i40_err_set(err, I40_ERR_DATA, "intermittent-demand methods need "
					   "non-negative values without gaps (value %d is %g)", i + 1, y[i]);
	cls = i40_croston_classify(y, n, &adi, &cv2);
	if (cls == I40_DEMAND_NONE) {
		for (j = 0; j < h; j++)
			fc->mean[j] = fc->lo80[j] = fc->hi80[j] = fc->lo95[j] = fc->hi95[j] = 0;
		snprintf(fc->method, sizeof fc->method, "zero (no demand)");
		return 0;
	}
	switch (v) {
	case I40_CROSTON_CLASSIC:
	case I40_CROSTON_SBA: {
		int sba = v == I40_CROSTON_SBA;

		name = sba ? "SBA" : "Croston";
		if (alpha <= 0) {
			double best = INFINITY;

			for (i = 0; i < NGRID; i++) {
				double zz, pp, e = croston_run(y, n, grid[i], sba, &zz, &pp);

				if (e < best) {
					best = e;
					alpha = grid[i];
				}
			}
		}
		croston_run(y, n, alpha, sba, &z, &p);
		mean = z / p * (sba ? 1 - alpha / 2 : 1);
		prob = 1 / p;
		break;
	}
	case I40_CROSTON_TSB: {
		double beta = alpha;

		name = "TSB";
		if (alpha <= 0) {
			double best = INFINITY;
			int a, b;

			for (a = 0; a < NGRID; a++)
				for (b = 0; b < NGRID; b++) {
					double zz, pp, e = tsb_run(y, n, grid[a], grid[b], &zz, &pp);

					if (e < best) {
						best = e;
						alpha = grid[a];
						beta = grid[b];
					}
				}
		}
		tsb_run(y, n, alpha, beta, &z, &p);
		mean = p * z;
		prob = p;
		break;
	}
	case I40_CROSTON_ADIDA:
	default: {
		/* Buckets of the mean interval, aligned on the end of the data. */
		int b = (int)floor(adi + 0.5), nb, off;
		double *agg, lev = 0;

		name = "ADIDA";
		if (b < 1)
			b = 1;
		nb = n / b;
		if (nb < 2) {
			b = 1;
			nb = n;
		}
		off = n - nb * b;
		agg = calloc((size_t)nb, sizeof *agg);
		if (agg == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		for (i = 0; i < nb; i++) {
			agg[i] = 0;
			for (j = 0; j < b; j++)
				agg[i] += y[off + i * b + j];
		}
		if (alpha <= 0 && nb > 6) {
			struct i40_ets ses;

			if (i40_ets_fit(agg, nb, 1, "ANN", &ses, NULL) == 0)
				lev = ses.xn[0];
			else
				alpha = 0.1;
		}
		if (alpha > 0 || nb <= 6) {
			if (alpha <= 0)
				alpha = 0.1;
			lev = agg[0];
			for (i = 1; i < nb; i++)
				lev += alpha * (agg[i] - lev);
		}
		free(agg);
		mean = fmax(lev, 0) / b;
		/* Probability of a demand in a period: the observed rate. */
		prob = 1 / fmax(adi, 1);
		break;
	}
	}
	/* Sizes for the interval distribution, rescaled so that the
	 * compound mean prob * E[size] equals the point forecast. */
	sz = malloc((size_t)n * sizeof *sz);
	if (sz == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (i = 0; i < n; i++)
		if (y[i] > 0) {
			sz[k++] = y[i];
			smean += y[i];
		}
	smean /= k;
	gsl_sort(sz, 1, (size_t)k);
	prob = fmin(fmax(prob, 1e-9), 1);
	{
		double scale = mean / (prob * smean);

		for (j = 0; j < h; j++) {
			fc->mean[j] = mean;
			fc->lo95[j] = compound_q(sz, k, prob, scale, 0.025);
			fc->lo80[j] = compound_q(sz, k, prob, scale, 0.10);
			fc->hi80[j] = compound_q(sz, k, prob, scale, 0.90);
			fc->hi95[j] = compound_q(sz, k, prob, scale, 0.975);
		}
	}
	free(sz);
	snprintf(fc->method, sizeof fc->method, "%s (%s: ADI %.2f, CV2 %.2f)", name,
		 i40_croston_class_str(cls), adi, cv2);
	return 0;
}
