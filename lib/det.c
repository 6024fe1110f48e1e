/* det.c - the univariate detectors behind i40-detect, one state per series.
 *
 * Each method is a small piece of state; a detector holds the ones its
 * settings ask for, learns what they need during the warm-up, and then
 * reports the highest score of its methods with what gave it.  Static
 * limits and rates need no learning: they score from the first record.
 *
 * The adaptive method is the default because it needs no tuning.  It asks,
 * for every record, "how rare is this, compared with what this series has
 * done before?", and answers with a probability:
 *
 *  1. At the end of the warm-up it looks for a period (autocorrelation of
 *     the warm-up: a clear peak at lag P).  With a period, the series it
 *     watches is the residual y = x - b, b the median of the values at the
 *     same phase of the last adapt_periods cycles and their neighbours
 *     (x[t - kP + j], |j| <= 1): the shape of the cycle is explained away,
 *     whatever its form.  Without one, y = x.
 *  2. Parts, each a robust z-score against the part's own recent history
 *     (median and 1.4826 MAD of its last adapt_window values): the level
 *     of y, its changes over 1 and 4 records, and the mean of its last
 *     adapt_mean records (a sustained shift too small to see in one noisy
 *     record).  Each part is measured against its own history, so a
 *     smooth series has a quiet change and a noisy one a quiet mean.
 *     p = min(1, n * erfc(max |z| / sqrt 2)) over the n parts (the
 *     two-sided normal tail with a Bonferroni factor), and the exceedance
 *     is e = log p / log alpha (alpha = 1e-16 by default, about 8.5
 *     robust sigmas: real series have heavy tails, and an alert must be
 *     believed).
 *  3. New extremes: y beyond the highest (lowest) y of the last 8192
 *     records (kept as 128 block extremes, so memory stays small) by ex
 *     robust scales of the level gives e = ex / margin: exactly at the
 *     limit when ex = margin (1 scale by default).  This is what catches
 *     slow, sustained departures (a drift to a value never seen in weeks)
 *     that single-record z-scores of a noisy series miss.
 *
 * The robust statistics of a part's history are recomputed every
 * adapt_refresh records (by selection, O(window)), not at every record:
 * the median of thousands of values hardly moves in a few dozen, and
 * this is what makes the method fast enough for a plant's day in well
 * under a minute.  They are always those of records before the one
 * scored, so the score stays causal.
 *
 * Everything is in units of the series itself (robust z, extremes), so
 * one configuration serves temperatures, vibrations and counts alike.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "det.h"
#include "roll.h"
#include "spc.h"

#define NZ 4                   /* scored parts: level, change, change over 4, mean */
#define YHIST 128              /* past y kept for the changes and the mean */
#define RBLEN 64               /* records per block of the extremes */
#define RBLOCKS 128            /* blocks remembered: 8192 records */
#define PERIOD_SPAN 10000      /* warm-up values searched for a period, at most */
#define SQRT2 1.41421356237309504880
#define SQRT_HALF_PI 1.25331413731550025121

struct i40_det {
	struct i40_det_settings set;
	struct i40_det_model model;
	int learned;           /* warm-up over */
	long n;                /* records seen */
	int64_t first_ts, last_ts;
	double last_x;         /* previous value (roc) */

	/* warm-up buffer, grows up to wcap */
	double *wbuf;
	int64_t *wts;
	int *wslot;
	long wn, wsize, wcap;
	long wpos;             /* full: where the next value overwrites the oldest */

	/* rz */
	struct i40_roll *rz;

	/* charts */
	struct i40_ewma ewma;
	struct i40_cusum cusum;
	struct i40_shewhart shew;

	/* adaptive */
	double *ring;          /* last 2*K*P + 4 raw values */
	int64_t *rts;          /* and their times */
	long ringcap, ringn, ringpos;
	double yh[YHIST];      /* past y, newest at yh[(ypos-1) % YHIST] */
	long yn, ypos;
	double ysum;           /* sum of the last adapt_mean y */
	struct i40_roll *part[NZ]; /* history of each part (batched) */
	double scale0;         /* robust scale of the level history, cached */
	double bmax[RBLOCKS], bmin[RBLOCKS]; /* extremes of y per block of RBLEN records */
	double cmax, cmin;     /* extremes of the current block */
	double hist_hi, hist_lo; /* extremes over the remembered blocks */
	long rn;               /* records in the current block */
	int nb, bpos;          /* blocks filled, next block slot */
};

static const char *const method_names[I40_DET_NMETHODS] = {
	"adaptive", "limits", "roc", "rz", "ewma", "cusum", "shewhart", "seasonal"
};

static const char *const part_names[I40_ADAPT_NPARTS] = {
	"level", "change", "change over 4", "mean", "extreme"
};

const char *
i40_det_method_name(int method)
{
	if (method < 0 || method >= I40_DET_NMETHODS)
		return "";
	return method_names[method];
}

int
i40_det_method_parse(const char *name)
{
	int i;

	for (i = 0; i < I40_DET_NMETHODS; i++)
		if (strcmp(name, method_names[i]) == 0)
			return i;
	return -1;
}

const char *
i40_det_part_name(int part)
{
	return part >= 0 && part < I40_ADAPT_NPARTS ? part_names[part] : "";
}

double
i40_det_score(double e)
{
	if (isnan(e))
		return NAN;
	if (e <= 0)
		return 0;
	if (isinf(e))
		return 1;
	return e / (1.0 + e);
}

void
i40_det_defaults(struct i40_det_settings *s)
{
	memset(s, 0, sizeof *s);
	s->methods = 1u << I40_DET_ADAPTIVE;
	s->learn_points = 0;
	s->learn_ns = 0;
	s->lo = NAN;
	s->hi = NAN;
	s->roc_max = NAN;
	s->rz_window = 500;
	s->rz_limit = 3.5;      /* Iglewicz and Hoaglin's cut for modified z */
	s->ewma_lambda = 0.2;
	s->ewma_L = 3.0;
	s->cusum_k = 0.5;
	s->cusum_h = 5.0;
	s->shewhart_rules = I40_RULES_WE;
	s->nslots = 24;
	s->seasonal_limit = 3.0;
	s->adapt_alpha = 1e-16;
	s->adapt_window = 1000;
	s->adapt_periods = 3;
	s->adapt_parts = 1 << I40_ADAPT_LEVEL | 1 << I40_ADAPT_CHANGE | 1 << I40_ADAPT_CHANGE4 |
			 1 << I40_ADAPT_MEAN | 1 << I40_ADAPT_EXTREME;
	s->adapt_margin = 1.0;
	s->adapt_mean = 64;
	s->adapt_refresh = 64;
	s->mu0 = NAN;
	s->sigma = NAN;
}

static int
has(const struct i40_det *d, int m)
{
	return (d->set.methods >> m) & 1u;
}

/* Records the warm-up needs: as given; with only a time, 2 (the time
 * decides); with neither, 600. */
static long
learn_need(const struct i40_det_settings *s)
{
	return s->learn_points > 0 ? s->learn_points : s->learn_ns > 0 ? 2 : 600;
}

/* Methods that learn something in the warm-up. */
#define LEARNED_METHODS (~(1u << I40_DET_LIMITS | 1u << I40_DET_ROC))

void
i40_det_free(struct i40_det *d)
{
	int k;

	if (d == NULL)
		return;
	free(d->wbuf);
	free(d->wts);
	free(d->wslot);
	free(d->ring);
	free(d->rts);
	i40_roll_free(d->rz);
	for (k = 0; k < NZ; k++)
		i40_roll_free(d->part[k]);
	free(d);
}

static int
check_settings(const struct i40_det_settings *s, struct i40_err *err)
{
	unsigned m = s->methods ? s->methods : 1u << I40_DET_ADAPTIVE;

	if (m >> I40_DET_NMETHODS)
		return i40_err_set(err, I40_ERR_CONFIG, "unknown detection method bits 0x%x", m);
	if (s->learn_points < 0 || s->learn_points > I40_DET_MAXLEARN || s->learn_ns < 0)
		return i40_err_set(err, I40_ERR_CONFIG, "the warm-up must be 1 to %d records and a positive time",
				   I40_DET_MAXLEARN);
	if ((m >> I40_DET_LIMITS & 1) && isnan(s->lo) && isnan(s->hi))
		return i40_err_set(err, I40_ERR_CONFIG, "method limits needs a low or a high limit");
	if ((m >> I40_DET_LIMITS & 1) && !isnan(s->lo) && !isnan(s->hi) && !(s->lo < s->hi))
		return i40_err_set(err, I40_ERR_CONFIG, "low limit %g is not below high limit %g", s->lo, s->hi);
	if ((m >> I40_DET_ROC & 1) && !(s->roc_max > 0))
		return i40_err_set(err, I40_ERR_CONFIG, "method roc needs a positive largest rate of change");
	if ((m >> I40_DET_RZ & 1) && (s->rz_window < 3 || !(s->rz_limit > 0)))
		return i40_err_set(err, I40_ERR_CONFIG, "method rz needs a window of at least 3 records and a positive limit");
	if ((m >> I40_DET_EWMA & 1) && !(s->ewma_lambda > 0 && s->ewma_lambda <= 1 && s->ewma_L > 0))
		return i40_err_set(err, I40_ERR_CONFIG, "ewma needs 0 < lambda <= 1 and L > 0 (got lambda %g, L %g)",
				   s->ewma_lambda, s->ewma_L);
	if ((m >> I40_DET_CUSUM & 1) && !(s->cusum_k >= 0 && s->cusum_h > 0))
		return i40_err_set(err, I40_ERR_CONFIG, "cusum needs k >= 0 and h > 0 (in sigmas; got k %g, h %g)",
				   s->cusum_k, s->cusum_h);
	if ((m >> I40_DET_SEASONAL & 1) && (s->nslots < 1 || s->nslots > I40_DET_MAXSLOTS || !(s->seasonal_limit > 0)))
		return i40_err_set(err, I40_ERR_CONFIG, "seasonal needs 1..%d slots and a positive limit", I40_DET_MAXSLOTS);
	if ((m >> I40_DET_ADAPTIVE & 1) &&
	    (!(s->adapt_alpha > 0 && s->adapt_alpha < 1) || s->adapt_window < 50 || s->adapt_window > 1000000 ||
	     s->adapt_periods < 1 || s->adapt_periods > 20 || s->adapt_mean < 2 || s->adapt_mean > YHIST / 2 ||
	     s->adapt_refresh < 1 || !(s->adapt_margin > 0)))
		return i40_err_set(err, I40_ERR_CONFIG, "adaptive needs 0 < alpha < 1, a window of 50 to 1000000, "
				   "1 to 20 periods, a mean of 2 to %d records and a positive margin", YHIST / 2);
	if (!isnan(s->sigma) && !(s->sigma > 0))
		return i40_err_set(err, I40_ERR_CONFIG, "sigma must be positive (got %g)", s->sigma);
	return 0;
}

struct i40_det *
i40_det_new(const struct i40_det_settings *s, struct i40_err *err)
{
	struct i40_det *d;
	int k;

	if (check_settings(s, err) < 0)
		return NULL;
	d = calloc(1, sizeof *d);
	if (d == NULL)
		goto nomem;
	d->set = *s;
	if (d->set.methods == 0)
		d->set.methods = 1u << I40_DET_ADAPTIVE;
	d->wcap = d->set.learn_points > 0 ? d->set.learn_points : 600;
	if (d->set.learn_ns > 0)
		d->wcap = I40_DET_MAXLEARN;   /* a time: as many records as it takes, up to the cap */
	if (has(d, I40_DET_RZ) && (d->rz = i40_roll_new((size_t)d->set.rz_window, err)) == NULL)
		goto fail;
	if (has(d, I40_DET_ADAPTIVE)) {
		for (k = 0; k < NZ; k++)
			if ((d->part[k] = i40_roll_new_batched((size_t)d->set.adapt_window,
							       (size_t)d->set.adapt_refresh, err)) == NULL)
				goto fail;
	}
	if (!(d->set.methods & LEARNED_METHODS)) {
		d->learned = 1;   /* nothing to learn */
		d->wcap = 0;
	}
	return d;
nomem:
	i40_err_set(err, I40_ERR_NOMEM, "out of memory for a detector");
fail:
	i40_det_free(d);
	return NULL;
}

/* --- selection and learning ------------------------------------------- */

static void
swap(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/* The k-th smallest (0-based) of a[0..n), by Hoare's selection with a
 * median-of-three pivot; a is reordered so that a[0..k) <= a[k]. */
static double
select_k(double *a, long n, long k)
{
	long lo = 0, hi = n - 1;

	while (hi > lo) {
		long mid = lo + (hi - lo) / 2, i = lo, j = hi;
		if (a[mid] < a[lo])
			swap(&a[mid], &a[lo]);
		if (a[hi] < a[lo])
			swap(&a[hi], &a[lo]);
		if (a[hi] < a[mid])
			swap(&a[hi], &a[mid]);
		double pv = a[mid];
		while (i <= j) {
			while (a[i] < pv)
				i++;
			while (a[j] > pv)
				j--;
			if (i <= j) {
				swap(&a[i], &a[j]);
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return a[k];
	}
	return a[k];
}

/* Median of a[0..n) (reordered). */
static double
median_of(double *a, long n)
{
	double m = select_k(a, n, n / 2), lower;
	long i;

	if (n % 2)
		return m;
	lower = a[0];
	for (i = 1; i < n / 2; i++)
		if (a[i] > lower)
			lower = a[i];
	return 0.5 * (lower + m);
}

/*
 * The period of x[0..n-1]: the highest local peak of the autocorrelation
 * (lags up to n/2, so that two cycles were seen), provided it is above
 * 0.3 and stands 0.2 above the lowest autocorrelation before it (a slowly
 * decaying autocorrelation of a trend is not a cycle); then the smallest
 * whole fraction of it (1/2, 1/3, ...) that has a peak of its own within
 * 10% of the highest, since a cycle repeats at its multiples.  Noise
 * ripples on the top of the highest peak are not fractions of it, so
 * they are never taken for the period.  O(n^2/2), once per warm-up.
 */
static long
find_period(const double *x, long n, double *acf_at)
{
	double mean = 0, var = 0, best = -1, lowest = 1;
	double *r;
	long k, t, maxlag = n / 2, bestk = 0, m;

	*acf_at = 0;
	if (n < 8)
		return 0;
	r = calloc((size_t)maxlag + 2, sizeof *r);
	if (r == NULL)
		return 0;
	for (t = 0; t < n; t++)
		mean += x[t];
	mean /= (double)n;
	for (t = 0; t < n; t++)
		var += (x[t] - mean) * (x[t] - mean);
	if (!(var > 0)) {
		free(r);
		return 0;
	}
	for (k = 1; k <= maxlag + 1; k++) {
		double c = 0;
		for (t = k; t < n; t++)
			c += (x[t] - mean) * (x[t - k] - mean);
		r[k] = c / var;
	}
	for (k = 2; k <= maxlag; k++)
		if (r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] > best) {
			best = r[k];
			bestk = k;
		}
	for (k = 1; k < bestk; k++)
		if (r[k] < lowest)
			lowest = r[k];
	if (best < 0.3 || best - lowest < 0.2) {
		free(r);
		return 0;
	}
	for (m = bestk / 2; m >= 2; m--) {
		long lo = (long)floor(0.95 * (double)bestk / (double)m), hi = (long)ceil(1.05 * (double)bestk / (double)m);
		for (k = lo > 2 ? lo : 2; k <= hi && k < bestk; k++)
			if (r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] >= 0.9 * best) {
				*acf_at = r[k];
				free(r);
				return k;
			}
	}
	*acf_at = best;
	free(r);
	return bestk;
}

static void
learn(struct i40_det *d)
{
	struct i40_det_model *m = &d->model;
	double *tmp, mean = 0, ss = 0;
	long i, n = d->wn;
	int s;

	m->n = n;
	for (i = 0; i < n; i++)
		mean += d->wbuf[i];
	mean /= (double)(n > 0 ? n : 1);
	for (i = 0; i < n; i++)
		ss += (d->wbuf[i] - mean) * (d->wbuf[i] - mean);
	m->mean = mean;
	m->sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
	tmp = malloc((size_t)(n > 0 ? n : 1) * sizeof *tmp);
	if (tmp != NULL && n > 0) {
		memcpy(tmp, d->wbuf, (size_t)n * sizeof *tmp);
		m->median = median_of(tmp, n);
		for (i = 0; i < n; i++)
			tmp[i] = fabs(d->wbuf[i] - m->median);
		m->mad = median_of(tmp, n);
	}
	free(tmp);
	/* seasonal profile: mean and sd per slot, pooled sd where a slot has
	 * fewer than 3 records */
	if (has(d, I40_DET_SEASONAL)) {
		double sum[I40_DET_MAXSLOTS] = { 0 }, sq[I40_DET_MAXSLOTS] = { 0 };
		double pooled = 0;
		long pn = 0;

		m->nslots = d->set.nslots;
		memset(m->slot_n, 0, sizeof m->slot_n);
		for (i = 0; i < n; i++) {
			s = d->wslot[i];
			if (s < 0 || s >= m->nslots)
				continue;
			m->slot_n[s]++;
			sum[s] += d->wbuf[i];
		}
		for (s = 0; s < m->nslots; s++)
			m->slot_mean[s] = m->slot_n[s] ? sum[s] / (double)m->slot_n[s] : mean;
		for (i = 0; i < n; i++) {
			s = d->wslot[i];
			if (s < 0 || s >= m->nslots)
				continue;
			sq[s] += (d->wbuf[i] - m->slot_mean[s]) * (d->wbuf[i] - m->slot_mean[s]);
		}
		for (s = 0; s < m->nslots; s++) {
			if (m->slot_n[s] > 1) {
				pooled += sq[s];
				pn += m->slot_n[s] - 1;
			}
		}
		pooled = pn > 0 ? sqrt(pooled / (double)pn) : m->sd;
		for (s = 0; s < m->nslots; s++)
			m->slot_sd[s] = m->slot_n[s] >= 3 ? sqrt(sq[s] / (double)(m->slot_n[s] - 1)) : pooled;
	}
	if (has(d, I40_DET_ADAPTIVE)) {
		long span = n < PERIOD_SPAN ? n : PERIOD_SPAN, ng = 0;
		m->period = find_period(d->wbuf + n - span, span, &m->period_acf);
		/* the sampling step: the median gap, so that a cycle is a time
		 * and a missing record does not shift the phase of the rest */
		if ((tmp = malloc((size_t)(n > 1 ? n : 1) * sizeof *tmp)) != NULL) {
			for (i = 1; i < n; i++)
				if (d->wts[i] > d->wts[i - 1])
					tmp[ng++] = (double)(d->wts[i] - d->wts[i - 1]);
			m->step = ng > 0 ? (int64_t)median_of(tmp, ng) : 0;
			free(tmp);
		}
		m->warm_end = n > 0 ? d->wts[n - 1] : 0;
	}
}

/* --- the adaptive method ------------------------------------------------ */

/* Robust scale of a window: 1.4826 MAD, or when more than half the values
 * are equal, the 5-95% range over 3.29, or the full range over 6. */
static double
robust_scale(const struct i40_roll *r)
{
	double s = 1.4826 * i40_roll_mad(r);

	if (s > 0)
		return s;
	s = (i40_roll_quantile(r, 0.95) - i40_roll_quantile(r, 0.05)) / 3.29;
	if (s > 0)
		return s;
	return (i40_roll_max(r) - i40_roll_min(r)) / 6.0;
}

/* Robust z of v against a part's history (0 before it is known). */
static double
part_z(const struct i40_roll *h, double v, double *scale)
{
	double s, med;

	if (i40_roll_count(h) < 20)
		return 0;
	s = robust_scale(h);
	med = i40_roll_median(h);
	if (scale)
		*scale = s;
	if (s > 0)
		return (v - med) / s;
	return v == med ? 0 : copysign(INFINITY, v - med);
}

/* The outcome of one record through the adaptive state. */
struct astep {
	double e;              /* exceedance */
	int part;              /* I40_ADAPT_* that gave it, -1 when none */
	double z;              /* its signed z (or distance beyond the extremes) */
	double usual;          /* the usual level of the series at this point */
};

/* One record through the adaptive state.  score 0: replaying the
 * warm-up (the state moves, nothing is scored). */
/* The ring's record (physical index) nearest to time t, within half a
 * step; -1 when there is none. */
static long
ring_at(const struct i40_det *d, int64_t t)
{
	long n = d->ringn, start = (d->ringpos - n + d->ringcap) % d->ringcap, lo = 0, hi = n, best = -1;
	int64_t bestd = d->model.step / 2 + 1;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (d->rts[(start + mid) % d->ringcap] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (long i = lo - 1; i <= lo; i++) {
		if (i < 0 || i >= n)
			continue;
		int64_t dt = d->rts[(start + i) % d->ringcap] - t;
		if (dt < 0)
			dt = -dt;
		if (dt < bestd) {
			bestd = dt;
			best = i;
		}
	}
	return best < 0 ? -1 : (start + best) % d->ringcap;
}

/* The physical index next to j (dir -1 older, +1 newer), or -1. */
static long
ring_next(const struct i40_det *d, long j, int dir)
{
	long start = (d->ringpos - d->ringn + d->ringcap) % d->ringcap;
	long logical = (j - start + d->ringcap) % d->ringcap + dir;
	return logical < 0 || logical >= d->ringn ? -1 : (start + logical) % d->ringcap;
}

static int
adaptive_step(struct i40_det *d, int64_t ts, double x, int score, struct astep *r)
{
	long P = d->model.period, K = d->set.adapt_periods, k, j;
	int parts = d->set.adapt_parts, m = d->set.adapt_mean, c, used = 0;
	double y = x, yc = x, base = 0, v[NZ], zbest = 0;

	r->e = 0;
	r->part = -1;
	r->z = 0;
	r->usual = NAN;
	if (P > 0) {
		/* the level is compared with the values at this phase of the
		 * last K cycles; the changes and the mean with the median of
		 * each cycle's three values around the phase, a smoother
		 * baseline (its noise would hide a spike in the change) that
		 * still keeps sharp edges and ignores one odd cycle */
		double same[20], smooth[20], three[3];
		long ns = 0, nm = 0;
		for (k = 1; k <= K; k++) {
			int n3 = 0;
			long at;
			if (d->model.step > 0) {
				/* by time: the record one cycle (k cycles) ago */
				at = ring_at(d, ts - k * P * d->model.step);
			} else {
				long lag = k * P;
				at = lag <= d->ringn ? (d->ringpos - lag + d->ringcap) % d->ringcap : -1;
			}
			if (at < 0)
				continue;
			for (j = -1; j <= 1; j++) {
				long q = j == 0 ? at : ring_next(d, at, (int)j);
				if (q < 0)
					continue;
				three[n3] = d->ring[q];
				if (j == 0)
					same[ns++] = three[n3];
				n3++;
			}
			smooth[nm++] = median_of(three, n3);
		}
		d->ring[d->ringpos] = x;
		d->rts[d->ringpos] = ts;
		d->ringpos = (d->ringpos + 1) % d->ringcap;
		if (d->ringn < d->ringcap)
			d->ringn++;
		if (ns == 0)
			return 0;   /* no past cycle yet: nothing to compare */
		base = median_of(same, ns);
		y = x - base;
		yc = x - median_of(smooth, nm);
	}
	v[0] = y;
	v[1] = d->yn >= 1 ? yc - d->yh[(d->ypos - 1 + YHIST) % YHIST] : NAN;
	v[2] = d->yn >= 4 ? yc - d->yh[(d->ypos - 4 + YHIST) % YHIST] : NAN;
	d->ysum += yc;
	if (d->yn >= m)
		d->ysum -= d->yh[(d->ypos - m + YHIST) % YHIST];
	v[3] = d->yn >= m - 1 ? d->ysum / m : NAN;
	d->yh[d->ypos] = yc;
	d->ypos = (d->ypos + 1) % YHIST;
	if (d->yn < YHIST)
		d->yn++;
	for (c = 0; c < NZ; c++) {
		if (!(parts >> c & 1))
			continue;
		used++;
		if (isnan(v[c]))
			continue;
		if (score) {
			double z = part_z(d->part[c], v[c], c == 0 ? &d->scale0 : NULL);
			if (fabs(z) > fabs(zbest) || r->part < 0) {
				zbest = z;
				r->part = c;
			}
		}
		i40_roll_push(d->part[c], v[c]);
	}
	if (score && r->part >= 0) {
		/* p = n erfc(|z| / sqrt 2); for large |z| its log by the
		 * asymptotic series (erfc underflows near |z| = 38) */
		double a = fabs(zbest), lp;
		if (a < 30)
			lp = log(fmin(1.0, used * erfc(a / SQRT2)));
		else
			lp = log((double)used) - 0.5 * a * a - log(a * SQRT_HALF_PI);
		r->e = lp < 0 ? lp / log(d->set.adapt_alpha) : 0;
		r->z = zbest;
	}
	if (i40_roll_count(d->part[0]) >= 20)
		r->usual = (P > 0 ? base : 0) + i40_roll_median(d->part[0]);
	if (parts >> I40_ADAPT_EXTREME & 1) {
		/* a new extreme: how far beyond the highest (lowest) y of the
		 * remembered blocks, in robust scales of the level */
		double sc = d->scale0;
		if (score && d->nb >= 4 && sc > 0) {
			double ex = fmax(y - d->hist_hi, d->hist_lo - y) / sc;
			if (ex > 0 && ex / d->set.adapt_margin > r->e) {
				r->e = ex / d->set.adapt_margin;
				r->part = I40_ADAPT_EXTREME;
				r->z = y > d->hist_hi ? ex : -ex;
			}
		}
		if (d->rn == 0) {
			d->cmax = y;
			d->cmin = y;
		}
		d->cmax = fmax(d->cmax, y);
		d->cmin = fmin(d->cmin, y);
		if (++d->rn == RBLEN) {
			int b;
			d->bmax[d->bpos] = d->cmax;
			d->bmin[d->bpos] = d->cmin;
			d->bpos = (d->bpos + 1) % RBLOCKS;
			if (d->nb < RBLOCKS)
				d->nb++;
			d->rn = 0;
			/* the remembered extremes change only when a block completes */
			d->hist_hi = -INFINITY;
			d->hist_lo = INFINITY;
			for (b = 0; b < d->nb; b++) {
				d->hist_hi = fmax(d->hist_hi, d->bmax[b]);
				d->hist_lo = fmin(d->hist_lo, d->bmin[b]);
			}
		}
	}
	return 0;
}

/* Warm-up values the adaptive method replays: the tail that fills its
 * history (the same tail when a model is loaded, so both score alike). */
static long
replay_len(const struct i40_det *d, long n)
{
	long need = d->set.adapt_window + 2 * d->model.period * d->set.adapt_periods + 4 + YHIST;
	return n < need ? n : need;
}

/* wts NULL: times at the learned step before warm_end (a model file). */
static int
adaptive_setup(struct i40_det *d, const double *warm, const int64_t *wts, long nwarm)
{
	long P = d->model.period, i, from;
	struct astep r;

	if (P > 0) {
		/* twice the cycles: records closer than the step (a burst) must
		 * not push the last cycles out */
		d->ringcap = 2 * P * d->set.adapt_periods + 4;
		d->ring = calloc((size_t)d->ringcap, sizeof *d->ring);
		d->rts = calloc((size_t)d->ringcap, sizeof *d->rts);
		if (d->ring == NULL || d->rts == NULL)
			return -1;
	}
	/* replay the warm-up so that the histories start full */
	from = nwarm - replay_len(d, nwarm);
	for (i = from; i < nwarm; i++)
		adaptive_step(d, wts ? wts[i] : d->model.warm_end - (nwarm - 1 - i) * d->model.step, warm[i], 0, &r);
	return 0;
}

/* --- putting the methods together --------------------------------------- */

static void
start_charts(struct i40_det *d)
{
	double mu0 = isnan(d->set.mu0) ? d->model.mean : d->set.mu0;
	double sigma = isnan(d->set.sigma) ? d->model.sd : d->set.sigma;

	if (!(sigma > 0))
		sigma = fmax(fabs(mu0) * 1e-9, 1e-12);
	i40_ewma_init(&d->ewma, d->set.ewma_lambda, d->set.ewma_L, mu0, sigma);
	i40_cusum_init(&d->cusum, mu0, sigma, d->set.cusum_k, d->set.cusum_h);
	i40_shewhart_init(&d->shew, mu0, sigma, d->set.shewhart_rules);
}

/* Oldest first again, after keep_warm went round. */
static int
unwind_warm(struct i40_det *d)
{
	long k = d->wpos, n = d->wn;
	double *b;
	int64_t *t;
	int *sl;

	if (k == 0)
		return 0;
	b = malloc((size_t)n * sizeof *b);
	t = malloc((size_t)n * sizeof *t);
	sl = malloc((size_t)n * sizeof *sl);
	if (b == NULL || t == NULL || sl == NULL) {
		free(b);
		free(t);
		free(sl);
		return -1;
	}
	for (long i = 0; i < n; i++) {
		b[i] = d->wbuf[(k + i) % n];
		t[i] = d->wts[(k + i) % n];
		sl[i] = d->wslot[(k + i) % n];
	}
	free(d->wbuf);
	free(d->wts);
	free(d->wslot);
	d->wbuf = b;
	d->wts = t;
	d->wslot = sl;
	d->wpos = 0;
	return 0;
}

static int
finish_learning(struct i40_det *d)
{
	if (unwind_warm(d) < 0)
		return -1;
	learn(d);
	d->learned = 1;
	start_charts(d);
	if (has(d, I40_DET_ADAPTIVE) && adaptive_setup(d, d->wbuf, d->wts, d->wn) < 0)
		return -1;
	return 0;
}

int
i40_det_learn_now(struct i40_det *d)
{
	if (d->learned)
		return 0;
	if (d->wn < 2)
		return -1;
	return finish_learning(d);
}

struct i40_det *
i40_det_new_model(const struct i40_det_settings *s, const struct i40_det_model *m,
		  const double *warm, long nwarm, struct i40_err *err)
{
	struct i40_det *d = i40_det_new(s, err);

	if (d == NULL)
		return NULL;
	d->model = *m;
	d->learned = 1;
	start_charts(d);
	if (has(d, I40_DET_ADAPTIVE)) {
		long keep = warm ? replay_len(d, nwarm) : 0;
		if (keep > 0) {
			/* keep the replayed tail, so a model saved again has it */
			free(d->wbuf);
			if ((d->wbuf = malloc((size_t)keep * sizeof *d->wbuf)) == NULL)
				goto nomem;
			memcpy(d->wbuf, warm + nwarm - keep, (size_t)keep * sizeof *d->wbuf);
			d->wn = d->wsize = keep;
		}
		if (adaptive_setup(d, d->wbuf, NULL, d->wn) < 0)
			goto nomem;
	}
	return d;
nomem:
	i40_det_free(d);
	i40_err_set(err, I40_ERR_NOMEM, "out of memory for a detector");
	return NULL;
}

int
i40_det_model_get(const struct i40_det *d, struct i40_det_model *m)
{
	if (!d->learned)
		return -1;
	*m = d->model;
	return 0;
}

const double *
i40_det_warmup(const struct i40_det *d, long *n)
{
	long k;

	if (!d->learned || !has(d, I40_DET_ADAPTIVE) || d->wn == 0) {
		*n = 0;
		return NULL;
	}
	k = replay_len(d, d->wn);
	*n = k;
	return d->wbuf + d->wn - k;
}

long
i40_det_learning_left(const struct i40_det *d)
{
	long need = learn_need(&d->set);
	if (d->learned)
		return 0;
	return d->wn < need ? need - d->wn : 1;
}

/* Keep the method with the highest exceedance. */
static void
consider(struct i40_det_out *out, double *best, int method, double e)
{
	if (isnan(e) || !(e > *best || out->method < 0))
		return;
	*best = e;
	out->method = method;
	out->part = 0;
	out->z = NAN;
	out->usual = NAN;
	out->stat = NAN;
	out->limit = NAN;
	out->count = 0;
	out->cycle = 0;
}

static int
keep_warm(struct i40_det *d, int64_t ts, double x, int slot)
{
	if (d->wn == d->wcap) {
		/* a warm-up longer than the buffer keeps its most recent part */
		d->wbuf[d->wpos] = x;
		d->wts[d->wpos] = ts;
		d->wslot[d->wpos] = slot;
		d->wpos = (d->wpos + 1) % d->wcap;
		return 0;
	}
	if (d->wn == d->wsize) {
		long size = d->wsize ? 2 * d->wsize : 64;
		double *b;
		int *s;
		if (size > d->wcap)
			size = d->wcap;
		if ((b = realloc(d->wbuf, (size_t)size * sizeof *b)) == NULL)
			return -1;
		d->wbuf = b;
		if ((s = realloc(d->wslot, (size_t)size * sizeof *s)) == NULL)
			return -1;
		d->wslot = s;
		int64_t *t = realloc(d->wts, (size_t)size * sizeof *t);
		if (t == NULL)
			return -1;
		d->wts = t;
		d->wsize = size;
	}
	d->wbuf[d->wn] = x;
	d->wts[d->wn] = ts;
	d->wslot[d->wn] = slot;
	d->wn++;
	return 0;
}

static void
score_limits(struct i40_det *d, double x, struct i40_det_out *out, double *best)
{
	double lo = d->set.lo, hi = d->set.hi, e;

	if (!isnan(lo) && !isnan(hi)) {
		double c = 0.5 * (lo + hi), h = 0.5 * (hi - lo);
		e = fabs(x - c) / h;
		if (x > hi)
			e = 1 + (x - hi) / h;
		else if (x < lo)
			e = 1 + (lo - x) / h;
	} else if (!isnan(hi)) {
		e = x > hi ? 1 + (x - hi) / fmax(fabs(hi), 1) : 0;
	} else {
		e = x < lo ? 1 + (lo - x) / fmax(fabs(lo), 1) : 0;
	}
	consider(out, best, I40_DET_LIMITS, e);
	if (out->method == I40_DET_LIMITS) {
		out->part = !isnan(hi) && x >= hi ? 1 : !isnan(lo) && x <= lo ? -1 : 0;
		out->usual = out->part > 0 ? hi : out->part < 0 ? lo : NAN;
	}
}

static void
score_roc(struct i40_det *d, int64_t ts, double x, struct i40_det_out *out, double *best)
{
	double rate;

	if (d->n == 0 || ts <= d->last_ts)
		return;
	rate = (x - d->last_x) / ((double)(ts - d->last_ts) * 1e-9);
	consider(out, best, I40_DET_ROC, fabs(rate) / d->set.roc_max);
	if (out->method == I40_DET_ROC) {
		out->stat = rate;
		out->limit = d->set.roc_max;
	}
}

int
i40_det_push(struct i40_det *d, int64_t ts, double x, int slot, struct i40_det_out *out,
	     struct i40_err *err)
{
	double best = -1, e;

	memset(out, 0, sizeof *out);
	out->method = -1;
	out->z = out->usual = out->stat = out->limit = NAN;
	if (isnan(x)) {
		out->score = NAN;
		return 0;
	}
	if (d->n > 0 && ts < d->last_ts)
		return i40_err_set(err, I40_ERR_DATA, "time goes backwards (series must be time-ordered)");
	if (d->n == 0)
		d->first_ts = ts;

	/* limits and rates need no learning */
	if (has(d, I40_DET_LIMITS))
		score_limits(d, x, out, &best);
	if (has(d, I40_DET_ROC))
		score_roc(d, ts, x, out, &best);

	if (!d->learned) {
		if (keep_warm(d, ts, x, slot) < 0)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory for a detector");
		d->n++;
		d->last_ts = ts;
		d->last_x = x;
		if (d->wn >= learn_need(&d->set) && ts - d->first_ts >= d->set.learn_ns) {
			if (finish_learning(d) < 0)
				return i40_err_set(err, I40_ERR_NOMEM, "out of memory for a detector");
		}
		out->learning = 1;
		out->score = i40_det_score(best < 0 ? 0 : best);
		return 0;
	}

	if (has(d, I40_DET_RZ)) {
		if (i40_roll_count(d->rz) >= 3) {
			double s = 1.4826 * i40_roll_mad(d->rz), med = i40_roll_median(d->rz);
			double z = s > 0 ? (x - med) / s : (x == med ? 0 : copysign(INFINITY, x - med));
			consider(out, &best, I40_DET_RZ, fabs(z) / d->set.rz_limit);
			if (out->method == I40_DET_RZ) {
				out->z = z;
				out->usual = med;
			}
		}
		i40_roll_push(d->rz, x);
	}
	if (has(d, I40_DET_EWMA)) {
		double lcl, ucl, z = i40_ewma_push(&d->ewma, x, &lcl, &ucl);
		double half = 0.5 * (ucl - lcl);
		consider(out, &best, I40_DET_EWMA, half > 0 ? fabs(z - d->ewma.mu0) / half : 0);
		if (out->method == I40_DET_EWMA) {
			out->stat = z;
			out->limit = z > d->ewma.mu0 ? ucl : lcl;
			out->usual = d->ewma.mu0;
			out->z = (x - d->ewma.mu0) / d->ewma.sigma;
		}
	}
	if (has(d, I40_DET_CUSUM)) {
		double hs = d->cusum.h * d->cusum.sigma;
		i40_cusum_push(&d->cusum, x);
		e = fmax(d->cusum.cp, d->cusum.cm) / hs;
		consider(out, &best, I40_DET_CUSUM, e);
		if (out->method == I40_DET_CUSUM) {
			int up = d->cusum.cp >= d->cusum.cm;
			out->stat = (up ? 1 : -1) * fmax(d->cusum.cp, d->cusum.cm) / d->cusum.sigma;
			out->count = up ? d->cusum.np : d->cusum.nm;
			out->usual = d->cusum.mu0;
			out->z = (x - d->cusum.mu0) / d->cusum.sigma;
		}
	}
	if (has(d, I40_DET_SHEWHART)) {
		double z;
		unsigned fired = i40_shewhart_push(&d->shew, x, &z);
		e = fabs(z) / 3.0;
		if (fired && e < 1)
			e = 1;
		consider(out, &best, I40_DET_SHEWHART, e);
		if (out->method == I40_DET_SHEWHART) {
			out->part = (int)fired;
			out->z = z;
			out->usual = d->shew.mu0;
		}
	}
	if (has(d, I40_DET_SEASONAL) && slot >= 0 && slot < d->model.nslots) {
		double sd = d->model.slot_sd[slot] > 0 ? d->model.slot_sd[slot] : 1e-12;
		double z = (x - d->model.slot_mean[slot]) / sd;
		consider(out, &best, I40_DET_SEASONAL, fabs(z) / d->set.seasonal_limit);
		if (out->method == I40_DET_SEASONAL) {
			out->z = z;
			out->usual = d->model.slot_mean[slot];
			out->stat = slot;
		}
	}
	if (has(d, I40_DET_ADAPTIVE)) {
		struct astep r;
		adaptive_step(d, ts, x, 1, &r);
		consider(out, &best, I40_DET_ADAPTIVE, r.e);
		if (out->method == I40_DET_ADAPTIVE) {
			out->part = r.part;
			out->z = r.z;
			out->usual = r.usual;
			out->cycle = d->model.period > 0;
		}
	}
	d->n++;
	d->last_ts = ts;
	d->last_x = x;
	out->score = i40_det_score(best < 0 ? 0 : best);
	return 0;
}

size_t
i40_det_reason(const struct i40_det_out *o, char *buf, size_t size)
{
	int n = 0;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	switch (o->method) {
	case I40_DET_LIMITS:
		if (o->part)
			n = snprintf(buf, size, "%s %s limit %g", o->part > 0 ? "at or above" : "at or below",
				     o->part > 0 ? "high" : "low", o->usual);
		else
			n = snprintf(buf, size, "within limits");
		break;
	case I40_DET_ROC:
		n = snprintf(buf, size, "%s %.3g/s (limit %.3g/s)", o->stat > 0 ? "rising" : "falling",
			     fabs(o->stat), o->limit);
		break;
	case I40_DET_RZ:
		n = snprintf(buf, size, "robust z %.1f", o->z);
		break;
	case I40_DET_EWMA:
		n = snprintf(buf, size, "ewma %.4g %s limit %.4g", o->stat, o->stat > o->usual ? "vs upper" : "vs lower",
			     o->limit);
		break;
	case I40_DET_CUSUM:
		n = snprintf(buf, size, "cusum %s %.3g sigma over %ld records", o->stat >= 0 ? "up" : "down",
			     fabs(o->stat), o->count);
		break;
	case I40_DET_SHEWHART:
		if (o->part)
			n = snprintf(buf, size, "run rule: %s", i40_shewhart_rule_name((unsigned)o->part));
		else
			n = snprintf(buf, size, "z %.2f", o->z);
		break;
	case I40_DET_SEASONAL:
		n = snprintf(buf, size, "%.2g sigma %s usual for slot %d", fabs(o->z), o->z > 0 ? "above" : "below",
			     (int)o->stat);
		break;
	case I40_DET_ADAPTIVE:
		if (o->part == I40_ADAPT_EXTREME)
			n = snprintf(buf, size, "%snew %s, %.1f scales beyond", o->cycle ? "cycle " : "",
				     o->z > 0 ? "high" : "low", fabs(o->z));
		else if (o->part >= 0)
			n = snprintf(buf, size, "%s%s z %.1f", o->cycle ? "cycle " : "", part_names[o->part], o->z);
		break;
	default:
		break;
	}
	if (n < 0)
		n = 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}
