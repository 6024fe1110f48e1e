/* stats.c - one-pass, numerically stable time-domain statistics.
 *
 * The naive sum-of-squares formulas lose every significant digit on a
 * signal like 1e6 + small noise (a bearing temperature in mK, a counter
 * near 2^40).  Moments are therefore updated about the running mean
 * (Welford; Terriberry's extension to the 3rd and 4th moment) and
 * windows are combined with the pairwise formulas of Chan et al. and
 * Pebay (2008).  The trend slope is the same idea in two variables: the
 * co-moment of value and time, with time counted from the first sample
 * so that nanosecond epochs (~1.7e18) never enter a product.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "i40_int.h"
#include "stats.h"

void
i40_stats_init(struct i40_stats *s, int keep)
{
	memset(s, 0, sizeof *s);
	s->keep = keep != 0;
	s->sorted_n = -1;
}

void
i40_stats_reset(struct i40_stats *s)
{
	double *vals = s->vals, *sorted = s->sorted;
	size_t cap = s->cap, sorted_cap = s->sorted_cap;
	int keep = s->keep;

	memset(s, 0, sizeof *s);
	s->keep = keep;
	s->vals = vals;
	s->cap = cap;
	s->sorted = sorted;
	s->sorted_cap = sorted_cap;
	s->sorted_n = -1;
}

void
i40_stats_free(struct i40_stats *s)
{
	free(s->vals);
	free(s->sorted);
	s->vals = s->sorted = NULL;
	s->cap = s->sorted_cap = 0;
	s->n = 0;
	s->sorted_n = -1;
}

/* Grow a double buffer to hold at least need values. */
static int
reserve(double **buf, size_t *cap, size_t need, struct i40_err *err)
{
	if (i40_int_grow((void **)buf, cap, need, sizeof **buf) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory keeping %zu values of a window", need);
	return 0;
}

int
i40_stats_add(struct i40_stats *s, int64_t ts, double x, struct i40_err *err)
{
	double n, inv, delta, dn, dn2, term1, t, dt;

	if (isnan(x)) {
		s->nmiss++;
		return 0;
	}
	if (s->keep) {
		if (reserve(&s->vals, &s->cap, (size_t)s->n + 1, err) < 0)
			return -1;
		s->vals[s->n] = x;
		s->sorted_n = -1;
	}
	if (s->n == 0) {
		s->n = 1;
		s->mean = s->min = s->max = s->first = s->last = x;
		s->sum = x;
		s->sumc = 0;
		s->m2 = s->m3 = s->m4 = 0;
		s->first_ts = s->last_ts = ts;
		s->tmean = s->tm2 = s->cxt = 0;
		return 0;
	}
	s->n++;
	n = (double)s->n;
	inv = 1.0 / n;

	delta = x - s->mean;
	dn = delta * inv;
	dn2 = dn * dn;
	term1 = delta * dn * (n - 1);
	s->m4 += term1 * dn2 * (n * n - 3 * n + 3) + 6 * dn2 * s->m2 - 4 * dn * s->m3;
	s->m3 += term1 * dn * (n - 2) - 3 * dn * s->m2;
	s->m2 += term1;
	s->mean += dn;

	t = (double)(ts - s->first_ts) * 1e-9;
	dt = t - s->tmean;
	s->tmean += dt * inv;
	s->cxt += dt * (x - s->mean);
	s->tm2 += dt * (t - s->tmean);

	if (x < s->min)
		s->min = x;
	if (x > s->max)
		s->max = x;
	i40_int_sum_add(&s->sum, &s->sumc, x);
	s->last = x;
	s->last_ts = ts;
	return 0;
}

int
i40_stats_merge(struct i40_stats *dst, const struct i40_stats *src, struct i40_err *err)
{
	double na, nb, n, d, d2, dt, m2, m3, m4, shift, tmb;

	if (src->n == 0) {
		dst->nmiss += src->nmiss;
		return 0;
	}
	if (dst->keep) {
		size_t need = (size_t)(dst->n + src->n);

		if (!src->keep)
			return i40_err_set(err, I40_ERR_CONFIG,
					   "cannot merge a window without values into one that keeps them");
		if (reserve(&dst->vals, &dst->cap, need, err) < 0)
			return -1;
		memcpy(dst->vals + dst->n, src->vals, (size_t)src->n * sizeof *src->vals);
		dst->sorted_n = -1;
	}
	dst->nmiss += src->nmiss;
	if (dst->n == 0) {
		int64_t nmiss = dst->nmiss;

		dst->n = src->n;
		dst->mean = src->mean;
		dst->m2 = src->m2;
		dst->m3 = src->m3;
		dst->m4 = src->m4;
		dst->min = src->min;
		dst->max = src->max;
		dst->sum = src->sum;
		dst->sumc = src->sumc;
		dst->first = src->first;
		dst->last = src->last;
		dst->first_ts = src->first_ts;
		dst->last_ts = src->last_ts;
		dst->tmean = src->tmean;
		dst->tm2 = src->tm2;
		dst->cxt = src->cxt;
		dst->nmiss = nmiss;
		return 0;
	}
	na = (double)dst->n;
	nb = (double)src->n;
	n = na + nb;
	d = src->mean - dst->mean;
	d2 = d * d;
	m2 = dst->m2 + src->m2 + d2 * na * nb / n;
	m3 = dst->m3 + src->m3 + d2 * d * na * nb * (na - nb) / (n * n)
	     + 3 * d * (na * src->m2 - nb * dst->m2) / n;
	m4 = dst->m4 + src->m4
	     + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n)
	     + 6 * d2 * (na * na * src->m2 + nb * nb * dst->m2) / (n * n)
	     + 4 * d * (na * src->m3 - nb * dst->m3) / n;

	/* src's times are counted from its own first sample. */
	shift = (double)(src->first_ts - dst->first_ts) * 1e-9;
	tmb = src->tmean + shift;
	dt = tmb - dst->tmean;
	dst->cxt += src->cxt + d * dt * na * nb / n;
	dst->tm2 += src->tm2 + dt * dt * na * nb / n;
	dst->tmean += dt * nb / n;

	dst->mean += d * nb / n;
	dst->m2 = m2;
	dst->m3 = m3;
	dst->m4 = m4;
	dst->n += src->n;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	i40_int_sum_add(&dst->sum, &dst->sumc, src->sum);
	i40_int_sum_add(&dst->sum, &dst->sumc, src->sumc);
	dst->last = src->last;
	dst->last_ts = src->last_ts;
	return 0;
}

double
i40_stats_mean(const struct i40_stats *s)
{
	return s->n > 0 ? s->mean : NAN;
}

double
i40_stats_var(const struct i40_stats *s)
{
	return s->n > 1 ? s->m2 / (double)(s->n - 1) : NAN;
}

double
i40_stats_std(const struct i40_stats *s)
{
	return s->n > 1 ? sqrt(s->m2 / (double)(s->n - 1)) : NAN;
}

double
i40_stats_min(const struct i40_stats *s)
{
	return s->n > 0 ? s->min : NAN;
}

double
i40_stats_max(const struct i40_stats *s)
{
	return s->n > 0 ? s->max : NAN;
}

double
i40_stats_sum(const struct i40_stats *s)
{
	return s->n > 0 ? s->sum + s->sumc : 0.0;
}

double
i40_stats_rms(const struct i40_stats *s)
{
	/* mean of squares = mean^2 + population variance: no sum of squares
	 * of raw values, which would cancel badly for an offset signal. */
	return s->n > 0 ? sqrt(s->mean * s->mean + s->m2 / (double)s->n) : NAN;
}

double
i40_stats_ptp(const struct i40_stats *s)
{
	return s->n > 0 ? s->max - s->min : NAN;
}

double
i40_stats_crest(const struct i40_stats *s)
{
	double rms = i40_stats_rms(s), peak;

	if (!(rms > 0))
		return NAN;
	peak = fabs(s->min) > fabs(s->max) ? fabs(s->min) : fabs(s->max);
	return peak / rms;
}

double
i40_stats_skew(const struct i40_stats *s)
{
	if (s->n < 2 || !(s->m2 > 0))
		return NAN;
	return sqrt((double)s->n) * s->m3 / pow(s->m2, 1.5);
}

double
i40_stats_kurt(const struct i40_stats *s)
{
	if (s->n < 2 || !(s->m2 > 0))
		return NAN;
	return (double)s->n * s->m4 / (s->m2 * s->m2) - 3.0;
}

double
i40_stats_first(const struct i40_stats *s)
{
	return s->n > 0 ? s->first : NAN;
}

double
i40_stats_last(const struct i40_stats *s)
{
	return s->n > 0 ? s->last : NAN;
}

double
i40_stats_slope(const struct i40_stats *s)
{
	if (s->n < 2 || !(s->tm2 > 0))
		return NAN;
	return s->cxt / s->tm2 * 3600.0;
}

double
i40_stats_quantile(struct i40_stats *s, double p)
{
	if (!s->keep || s->n == 0 || !(p >= 0 && p <= 1))
		return NAN;
	if (s->sorted_n != s->n) {
		if (reserve(&s->sorted, &s->sorted_cap, (size_t)s->n, NULL) < 0)
			return NAN;
		memcpy(s->sorted, s->vals, (size_t)s->n * sizeof *s->vals);
		gsl_sort(s->sorted, 1, (size_t)s->n);
		s->sorted_n = s->n;
	}
	return gsl_stats_quantile_from_sorted_data(s->sorted, 1, (size_t)s->n, p);
}
