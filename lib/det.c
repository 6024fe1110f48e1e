/* det.c - the univariate detectors behind i40-detect, one state per series.
 *
 * Each method is a small piece of state; a detector holds the ones its
 * settings ask for, learns what they need during the warm-up, and then
 * reports the highest score of its methods with that method's reason.
 *
 * The adaptive method is the default because it needs no tuning.  It asks,
 * for every record, "how rare is this, compared with what this series has
 * done before?", and answers with a probability:
 *
 *  1. At the end of the warm-up it looks for a period (autocorrelation of
 *     the warm-up: a clear peak at lag P).  With a period, the series it
 *     watches is the residual y = x - median(x[t-P], ..., x[t-K P]): the
 *     shape of the cycle is explained away, whatever its form.  Without
 *     one, y = x.
 *  2. Components, each a robust z-score against its own recent history
 *     (median and MAD of the last adapt_window values of the component):
 *     the level of y, and its changes over 1 and 4 records.  Each |z| is
 *     turned into a two-sided normal tail probability p_k, and
 *     p = min(1, n * min p_k) over the n components (Bonferroni).
 *  3. New extremes: y beyond the highest (lowest) y of the last 8192
 *     records (kept as 128 block extremes, so memory stays small) by ex
 *     robust scales of the level window gives p = alpha^(ex / margin):
 *     exactly at the limit when ex = margin (1 scale by default).  This is
 *     what catches slow, sustained departures (a drift to a value never
 *     seen in weeks) that single-record z-scores of a noisy series miss.
 *  4. The exceedance is e = log p / log alpha (alpha = 1e-16 by default,
 *     about 8.5 sigmas with the Bonferroni factor: real series have heavy
 *     tails, and an alert must be believed), so e = 1 when p = alpha.
 *
 * Experimental settings kept for the benchmark: adapt_calib 0 calibrates
 * |z| by the tail of its own history instead of the normal law, and more
 * components (changes over 16 and 64 records, an 8-record mean) can be
 * switched on with adapt_components.  bench/RESULTS.md has the figures.
 *
 * Everything is in units of the series itself (robust z, quantiles), so
 * one configuration serves temperatures, vibrations and counts alike.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "det.h"
#include "roll.h"
#include "spc.h"

#define NCOMP 6                /* adaptive components: level, changes over 1, 4, 16, 64 records, mean */
#define MEAN_LEN 8             /* records in the short mean component */
#define YHIST 128              /* past y kept for the changes */
static const int horizons[4] = { 1, 4, 16, 64 };
#define RBLEN 64               /* records per block of the record component */
#define RBLOCKS 128            /* blocks remembered: 8192 records */

struct comp {
	struct i40_roll *val;  /* recent values of the component */
	struct i40_roll *absz; /* recent |z| of the component */
};

struct i40_det {
	struct i40_det_settings set;
	struct i40_det_model model;
	int learned;           /* warm-up over */
	long n;                /* records seen */
	int64_t first_ts, last_ts;
	double last_x;         /* previous value (roc) */

	/* warm-up buffer */
	double *wbuf;
	long wcap, wn;
	int *wslot;

	/* rz */
	struct i40_roll *rz;

	/* charts */
	struct i40_ewma ewma;
	struct i40_cusum cusum;
	struct i40_shewhart shew;

	/* adaptive */
	double *ring;          /* last K*P raw values */
	long ringcap, ringn, ringpos;
	double yh[YHIST];      /* past y, newest at yh[(ypos-1) % YHIST] */
	long yn, ypos;
	double mbuf[MEAN_LEN]; /* last y for the short mean */
	int mn, mpos;
	struct comp comp[NCOMP];
	struct comp lik;       /* the surprise history (second layer) */
	double bmax[RBLOCKS], bmin[RBLOCKS]; /* extremes of y per block of RBLEN records */
	double cmax, cmin;     /* extremes of the current block */
	double hist_hi, hist_lo; /* extremes over the remembered blocks */
	long rn;               /* records in the current block */
	int nb, bpos;          /* blocks filled, next block slot */
	double sbuf[MEAN_LEN];
	int sn, spos;
};

static const char *const method_names[I40_DET_NMETHODS] = {
	"adaptive", "limits", "roc", "rz", "ewma", "cusum", "shewhart", "seasonal"
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
	s->adapt_window = 2000;
	s->adapt_periods = 3;
	s->adapt_components = 1 | 2 | 4 | 64;  /* level, changes over 1 and 4 records, new extremes */
	s->adapt_calib = 1;
	s->adapt_margin = 1.0;
	s->mu0 = NAN;
	s->sigma = NAN;
}

static int
has(const struct i40_det *d, int m)
{
	return (d->set.methods >> m) & 1u;
}

static long
learn_default(const struct i40_det_settings *s)
{
	if (s->learn_points > 0)
		return s->learn_points;
	return 600;
}

void
i40_det_free(struct i40_det *d)
{
	int k;

	if (d == NULL)
		return;
	free(d->wbuf);
	free(d->wslot);
	free(d->ring);
	i40_roll_free(d->rz);
	for (k = 0; k < NCOMP; k++) {
		i40_roll_free(d->comp[k].val);
		i40_roll_free(d->comp[k].absz);
	}
	i40_roll_free(d->lik.val);
	i40_roll_free(d->lik.absz);
	free(d);
}

static int
check_settings(const struct i40_det_settings *s, struct i40_err *err)
{
	unsigned m = s->methods ? s->methods : 1u << I40_DET_ADAPTIVE;

	if (m >> I40_DET_NMETHODS)
		return i40_err_set(err, I40_ERR_CONFIG, "unknown detection method bits 0x%x", m);
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
	if ((m >> I40_DET_ADAPTIVE & 1) && (!(s->adapt_alpha > 0 && s->adapt_alpha < 1) || s->adapt_window < 50 ||
					    s->adapt_periods < 1))
		return i40_err_set(err, I40_ERR_CONFIG, "adaptive needs 0 < alpha < 1, a window of at least 50 and 1 or more periods");
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
	d->wcap = learn_default(&d->set);
	d->wbuf = malloc((size_t)d->wcap * sizeof *d->wbuf);
	d->wslot = malloc((size_t)d->wcap * sizeof *d->wslot);
	if (d->wbuf == NULL || d->wslot == NULL)
		goto nomem;
	if (has(d, I40_DET_RZ) && (d->rz = i40_roll_new((size_t)d->set.rz_window, err)) == NULL)
		goto fail;
	if (has(d, I40_DET_ADAPTIVE)) {
		for (k = 0; k < NCOMP; k++) {
			d->comp[k].val = i40_roll_new((size_t)d->set.adapt_window, err);
			d->comp[k].absz = i40_roll_new((size_t)d->set.adapt_window, err);
			if (d->comp[k].val == NULL || d->comp[k].absz == NULL)
				goto fail;
		}
		d->lik.val = i40_roll_new((size_t)d->set.adapt_window, err);
		d->lik.absz = i40_roll_new((size_t)d->set.adapt_window, err);
		if (d->lik.val == NULL || d->lik.absz == NULL)
			goto fail;
	}
	return d;
nomem:
	i40_err_set(err, I40_ERR_NOMEM, "out of memory for a detector");
fail:
	i40_det_free(d);
	return NULL;
}

/* --- learning ---------------------------------------------------------- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median of a (sorted in place). */
static double
median_sort(double *a, long n)
{
	qsort(a, (size_t)n, sizeof *a, cmp_double);
	return n % 2 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
}

/*
 * The period of x[0..n-1]: the smallest lag whose autocorrelation is a
 * local peak within 10% of the highest peak, provided the highest peak is
 * above 0.3 and stands 0.2 above the lowest autocorrelation before it (a
 * slowly decaying autocorrelation of a trend is not a cycle).  Lags up to
 * n/2, so that two cycles were seen.  O(n^2/2), once per warm-up.
 */
static long
find_period(const double *x, long n, double *acf_at)
{
	double mean = 0, var = 0, best = -1, lowest = 1;
	double *r;
	long k, t, maxlag = n / 2, bestk = 0;

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
		if (r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] > best)
			best = r[k];
	if (best < 0.3) {
		free(r);
		return 0;
	}
	for (k = 1; k <= maxlag; k++) {
		if (r[k] < lowest)
			lowest = r[k];
		if (k >= 2 && r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] >= 0.9 * best &&
		    r[k] - lowest >= 0.2) {
			bestk = k;
			*acf_at = r[k];
			break;
		}
	}
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
		m->median = median_sort(tmp, n);
		for (i = 0; i < n; i++)
			tmp[i] = fabs(d->wbuf[i] - m->median);
		m->mad = median_sort(tmp, n);
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
	if (has(d, I40_DET_ADAPTIVE))
		m->period = find_period(d->wbuf, n, &m->period_acf);
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

/* Tail probability of a = |z| by the history h of |z| (see the top). */
static double
tail_p(const struct i40_roll *h, double a)
{
	double n = (double)i40_roll_count(h), q90, q99, p, emp;

	if (n < 20)
		return 1;
	emp = 1.0 - i40_roll_rank(h, a);   /* share of the history >= a, about */
	q90 = i40_roll_quantile(h, 0.90);
	if (a <= q90)
		return emp > 0.1 ? emp : 0.1;
	q99 = i40_roll_quantile(h, 0.99);
	p = 0.1 * pow(10.0, -(a - q90) / fmax(q99 - q90, 1.0));
	/* seen before at least this often: not rarer than that */
	emp = (1.0 - i40_roll_rank(h, a)) * n / (n + 1.0);
	return p > emp ? p : emp;
}

/* Robust z of v against component c, then its tail p; updates c. */
static double
comp_p(struct comp *c, double v, int score, double *zout, int calib)
{
	double p = 1, z = 0;

	if (i40_roll_count(c->val) >= 20) {
		double s = robust_scale(c->val), med = i40_roll_median(c->val);
		if (s > 0)
			z = (v - med) / s;
		else
			z = v == med ? 0 : INFINITY;
		if (score && (calib == 2 || calib == 3)) {
			/* exceedance over the history of |z|: 1 at its maximum */
			double q = i40_roll_quantile(c->absz, 0.5);
			double m = calib == 2 ? i40_roll_max(c->absz) : i40_roll_quantile(c->absz, 0.999);
			double e = m > q ? (fabs(z) - q) / (m - q) : (fabs(z) > q ? INFINITY : 0);
			p = e;   /* an exceedance, not a p */
		} else if (score && calib == 0)
			p = tail_p(c->absz, fabs(z));
		else if (calib == 4 || score)
			p = erfc(fabs(z) / sqrt(2.0));
		if (calib != 1)   /* the normal law needs no history of |z| */
			i40_roll_push(c->absz, fabs(z) > 1e300 ? 1e300 : fabs(z));
	}
	i40_roll_push(c->val, v);
	if (zout)
		*zout = z;
	return p;
}

/* One record through the adaptive state; returns p of the record (1 when
 * score is 0: replaying the warm-up). */
static double
adaptive_step(struct i40_det *d, double x, int score, int *which, double *zwhich)
{
	long P = d->model.period, K = d->set.adapt_periods, k;
	double y = x, p[NCOMP], z[NCOMP], pmin = 1, rec_p = 1, rec_z = 0;
	int used = 0, c;

	if (P > 0) {
		double past[64];
		long np = 0;
		for (k = 1; k <= K && k * P <= d->ringn && np < 64; k++)
			past[np++] = d->ring[(d->ringpos - k * P + d->ringcap * 4) % d->ringcap];
		if (np > 0)
			y = x - median_sort(past, np);
		d->ring[d->ringpos] = x;
		d->ringpos = (d->ringpos + 1) % d->ringcap;
		if (d->ringn < d->ringcap)
			d->ringn++;
		if (np == 0) {
			*which = -1;
			return 1;   /* no past cycle yet: nothing to compare */
		}
	}
	for (c = 0; c < NCOMP; c++) {
		p[c] = 1;
		z[c] = 0;
	}
	if (d->set.adapt_components & 1)
		p[0] = comp_p(&d->comp[0], y, score, &z[0], d->set.adapt_calib);
	for (c = 0; c < 4; c++) {
		int h = horizons[c];
		if ((d->set.adapt_components >> (c + 1) & 1) && d->yn >= h) {
			double old = d->yh[(d->ypos - h + YHIST) % YHIST];
			p[c + 1] = comp_p(&d->comp[c + 1], y - old, score, &z[c + 1], d->set.adapt_calib);
		}
	}
	d->yh[d->ypos] = y;
	d->ypos = (d->ypos + 1) % YHIST;
	if (d->yn < YHIST)
		d->yn++;
	d->mbuf[d->mpos] = y;
	d->mpos = (d->mpos + 1) % MEAN_LEN;
	if (d->mn < MEAN_LEN)
		d->mn++;
	if ((d->set.adapt_components & 32) && d->mn == MEAN_LEN) {
		double s = 0;
		int i;
		for (i = 0; i < MEAN_LEN; i++)
			s += d->mbuf[i];
		p[5] = comp_p(&d->comp[5], s / MEAN_LEN, score, &z[5], d->set.adapt_calib);
	}
	if (d->set.adapt_components & 64) {
		/* a new extreme: how far beyond the highest (lowest) y of the
		 * remembered blocks, in robust scales of the level window */
		double hi = d->hist_hi, lo = d->hist_lo, sc = robust_scale(d->comp[0].val);
		int b;
		if (d->nb >= 4 && sc > 0 && score) {
			double ex = fmax(y - hi, lo - y) / sc;
			if (ex > 0) {
				double pr = pow(d->set.adapt_alpha, ex / d->set.adapt_margin);
				if (pr < rec_p) {
					rec_p = pr;
					rec_z = y > hi ? ex : -ex;
				}
			}
		}
		if (d->rn == 0) {
			d->cmax = y;
			d->cmin = y;
		}
		d->cmax = fmax(d->cmax, y);
		d->cmin = fmin(d->cmin, y);
		if (++d->rn == RBLEN) {
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
	*which = -1;
	if (d->set.adapt_calib == 2 || d->set.adapt_calib == 3) {
		double emax = 0;
		for (c = 0; c < NCOMP; c++) {
			if (!(d->set.adapt_components >> c & 1) || p[c] == 1)
				continue;
			if (p[c] > emax) {
				emax = p[c];
				*which = c;
				*zwhich = z[c];
			}
		}
		if (!score)
			return 1;
		return pow(d->set.adapt_alpha, emax);
	}
	for (c = 0; c < NCOMP; c++) {
		if (d->set.adapt_components >> c & 1)
			used++;
		if (p[c] < pmin) {
			pmin = p[c];
			*which = c;
			*zwhich = z[c];
		}
	}
	pmin *= used > 0 ? used : 1;
	if (pmin > 1)
		pmin = 1;
	if (rec_p < pmin) {
		pmin = rec_p;
		*which = NCOMP;
		*zwhich = rec_z;
	}
	if (d->set.adapt_calib == 4) {
		/* second layer: is the recent surprise unusual for this series? */
		double sur = -log10(pmin > 1e-12 ? pmin : 1e-12), m = 0, zl;
		int i;
		d->sbuf[d->spos] = sur;
		d->spos = (d->spos + 1) % MEAN_LEN;
		if (d->sn < MEAN_LEN)
			d->sn++;
		for (i = 0; i < d->sn; i++)
			m += d->sbuf[i];
		m /= d->sn;
		if (i40_roll_count(d->lik.val) >= 20) {
			double sc = robust_scale(d->lik.val), med = i40_roll_median(d->lik.val);
			zl = sc > 0 ? (m - med) / sc : (m > med ? INFINITY : 0);
			pmin = zl > 0 ? 0.5 * erfc(zl / sqrt(2.0)) : 1;
		} else {
			pmin = 1;
		}
		i40_roll_push(d->lik.val, m);
	}
	return pmin;
}

static int
adaptive_setup(struct i40_det *d)
{
	long P = d->model.period, i;
	int dummy;
	double dz;

	if (P > 0) {
		d->ringcap = P * d->set.adapt_periods;
		d->ring = calloc((size_t)d->ringcap, sizeof *d->ring);
		if (d->ring == NULL)
			return -1;
	}
	/* replay the warm-up so that the windows start full */
	for (i = 0; i < d->wn; i++)
		adaptive_step(d, d->wbuf[i], 0, &dummy, &dz);
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

static int
finish_learning(struct i40_det *d)
{
	learn(d);
	d->learned = 1;
	start_charts(d);
	if (has(d, I40_DET_ADAPTIVE) && adaptive_setup(d) < 0)
		return -1;
	return 0;
}

struct i40_det *
i40_det_new_model(const struct i40_det_settings *s, const struct i40_det_model *m,
		  struct i40_err *err)
{
	struct i40_det *d = i40_det_new(s, err);

	if (d == NULL)
		return NULL;
	d->model = *m;
	d->learned = 1;
	start_charts(d);
	if (has(d, I40_DET_ADAPTIVE) && adaptive_setup(d) < 0) {
		i40_det_free(d);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory for a detector");
		return NULL;
	}
	return d;
}

int
i40_det_model_get(const struct i40_det *d, struct i40_det_model *m)
{
	if (!d->learned)
		return -1;
	*m = d->model;
	return 0;
}

/* Keep the method with the highest exceedance. */
static void
consider(struct i40_det_out *out, double *best, int method, double e, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
consider(struct i40_det_out *out, double *best, int method, double e, const char *fmt, ...)
{
	va_list ap;

	if (isnan(e) || !(e > *best || out->method < 0))
		return;
	*best = e;
	out->method = method;
	va_start(ap, fmt);
	vsnprintf(out->reason, sizeof out->reason, fmt, ap);
	va_end(ap);
}

static const char *const comp_names[NCOMP + 1] = { "level", "change", "change over 4", "change over 16", "change over 64", "mean shift", "new extreme" };

int
i40_det_push(struct i40_det *d, int64_t ts, double x, int slot, struct i40_det_out *out,
	     struct i40_err *err)
{
	double best = -1, e;

	memset(out, 0, sizeof *out);
	out->method = -1;
	if (isnan(x)) {
		out->score = NAN;
		return 0;
	}
	if (d->n > 0 && ts < d->last_ts)
		return i40_err_set(err, I40_ERR_DATA, "time goes backwards (series must be time-ordered)");
	if (d->n == 0)
		d->first_ts = ts;

	if (!d->learned) {
		if (d->wn < d->wcap) {
			d->wbuf[d->wn] = x;
			d->wslot[d->wn] = slot;
			d->wn++;
		}
		d->n++;
		d->last_ts = ts;
		d->last_x = x;
		if (d->wn >= d->wcap && ts - d->first_ts >= d->set.learn_ns) {
			if (finish_learning(d) < 0)
				return i40_err_set(err, I40_ERR_NOMEM, "out of memory for a detector");
		}
		out->learning = 1;
		out->score = 0;
		snprintf(out->reason, sizeof out->reason, "learning");
		return 0;
	}

	if (has(d, I40_DET_LIMITS)) {
		double lo = d->set.lo, hi = d->set.hi;
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
		if (!isnan(hi) && x > hi)
			consider(out, &best, I40_DET_LIMITS, e, "above high limit %g", hi);
		else if (!isnan(lo) && x < lo)
			consider(out, &best, I40_DET_LIMITS, e, "below low limit %g", lo);
		else
			consider(out, &best, I40_DET_LIMITS, e, "%s", "within limits");
	}
	if (has(d, I40_DET_ROC) && ts > d->last_ts) {
		double rate = (x - d->last_x) / ((double)(ts - d->last_ts) * 1e-9);
		e = fabs(rate) / d->set.roc_max;
		consider(out, &best, I40_DET_ROC, e, "%s %.3g/s (limit %.3g/s)",
			 rate > 0 ? "rising" : "falling", fabs(rate), d->set.roc_max);
	}
	if (has(d, I40_DET_RZ)) {
		if (i40_roll_count(d->rz) >= 3) {
			double s = 1.4826 * i40_roll_mad(d->rz), med = i40_roll_median(d->rz);
			double z = s > 0 ? (x - med) / s : (x == med ? 0 : copysign(INFINITY, x - med));
			e = fabs(z) / d->set.rz_limit;
			consider(out, &best, I40_DET_RZ, e, "robust z %.1f", z);
		}
		i40_roll_push(d->rz, x);
	}
	if (has(d, I40_DET_EWMA)) {
		double lcl, ucl, z = i40_ewma_push(&d->ewma, x, &lcl, &ucl);
		double half = 0.5 * (ucl - lcl);
		e = half > 0 ? fabs(z - d->ewma.mu0) / half : 0;
		consider(out, &best, I40_DET_EWMA, e, "ewma %.4g %s limit %.4g", z,
			 z > d->ewma.mu0 ? "vs upper" : "vs lower", z > d->ewma.mu0 ? ucl : lcl);
	}
	if (has(d, I40_DET_CUSUM)) {
		double hs = d->cusum.h * d->cusum.sigma;
		i40_cusum_push(&d->cusum, x);
		e = fmax(d->cusum.cp, d->cusum.cm) / hs;
		consider(out, &best, I40_DET_CUSUM, e, "cusum %s %.3g sigma over %ld records",
			 d->cusum.cp >= d->cusum.cm ? "up" : "down",
			 fmax(d->cusum.cp, d->cusum.cm) / d->cusum.sigma,
			 d->cusum.cp >= d->cusum.cm ? d->cusum.np : d->cusum.nm);
	}
	if (has(d, I40_DET_SHEWHART)) {
		double z;
		unsigned fired = i40_shewhart_push(&d->shew, x, &z);
		e = fabs(z) / 3.0;
		if (fired && e < 1)
			e = 1;
		if (fired)
			consider(out, &best, I40_DET_SHEWHART, e, "run rule: %s", i40_shewhart_rule_name(fired));
		else
			consider(out, &best, I40_DET_SHEWHART, e, "z %.2f", z);
	}
	if (has(d, I40_DET_SEASONAL)) {
		if (slot >= 0 && slot < d->model.nslots) {
			double sd = d->model.slot_sd[slot] > 0 ? d->model.slot_sd[slot] : 1e-12;
			double z = (x - d->model.slot_mean[slot]) / sd;
			e = fabs(z) / d->set.seasonal_limit;
			consider(out, &best, I40_DET_SEASONAL, e, "%.2g sigma %s usual for slot %d", fabs(z),
				 z > 0 ? "above" : "below", slot);
		}
	}
	if (has(d, I40_DET_ADAPTIVE)) {
		int which = -1;
		double zw = 0, p = adaptive_step(d, x, 1, &which, &zw);
		e = log(p) / log(d->set.adapt_alpha);
		if (which >= 0)
			consider(out, &best, I40_DET_ADAPTIVE, e, "%s%s z %.1f (p %.1e)",
				 d->model.period > 0 ? "cycle " : "", comp_names[which], zw, p);
		else
			consider(out, &best, I40_DET_ADAPTIVE, e, "%s", "");
	}
	d->n++;
	d->last_ts = ts;
	d->last_x = x;
	out->score = i40_det_score(best < 0 ? 0 : best);
	return 0;
}
