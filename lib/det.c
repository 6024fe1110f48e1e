/* det.c - the univariate detectors behind i40-detect, one state per series.
 *
 * Each method is a small piece of state; a detector holds the ones its
 * settings ask for, learns what they need during the warm-up, and then
 * reports the highest score of its methods with what gave it.  Static
 * limits and rates need no learning: they score from the first record.
 *
 * The adaptive method is the default because it needs no tuning; its
 * state is adapt.c's.  What it needs from the warm-up is learned here:
 * whether the series has a cycle (a clear peak of the autocorrelation of
 * the warm-up at lag P) and its sampling step, so that the cycle is one
 * of time; then the warm-up is replayed through it, so that its memory
 * starts full.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "adapt.h"
#include "det.h"
#include "roll.h"
#include "spc.h"

#define PERIOD_SPAN 10000      /* warm-up values searched for a period, at most */

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
	struct i40_adapt *adapt;
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
	s->adapt.alpha = 1e-5;
	s->adapt.memory = 8192;
	s->adapt.periods = 3;
	s->adapt.mean = 64;
	s->adapt.parts = 0;
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

/* Methods that learn something in the warm-up: not limits and rates,
 * nor the control charts when their mean and sigma are given (a quality
 * engineer's known process: charted from the first record). */
static void start_charts(struct i40_det *d);

static unsigned
learned_methods(const struct i40_det_settings *s)
{
	unsigned m = ~(1u << I40_DET_LIMITS | 1u << I40_DET_ROC);

	if (!isnan(s->mu0) && !isnan(s->sigma))
		m &= ~(1u << I40_DET_EWMA | 1u << I40_DET_CUSUM | 1u << I40_DET_SHEWHART);
	return m;
}

void
i40_det_free(struct i40_det *d)
{

	if (d == NULL)
		return;
	free(d->wbuf);
	free(d->wts);
	free(d->wslot);
	i40_roll_free(d->rz);
	i40_adapt_free(d->adapt);
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
	if ((m >> I40_DET_ADAPTIVE & 1) && i40_adapt_check(&s->adapt, err) < 0)
		return -1;
	if (!isnan(s->sigma) && !(s->sigma > 0))
		return i40_err_set(err, I40_ERR_CONFIG, "sigma must be positive (got %g)", s->sigma);
	return 0;
}

struct i40_det *
i40_det_new(const struct i40_det_settings *s, struct i40_err *err)
{
	struct i40_det *d;

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
	if (!(d->set.methods & learned_methods(&d->set))) {
		d->learned = 1;   /* nothing to learn */
		d->wcap = 0;
		start_charts(d);
	}
	return d;
nomem:
	i40_err_set(err, I40_ERR_NOMEM, "out of memory for a detector");
fail:
	i40_det_free(d);
	return NULL;
}

/* --- learning ------------------------------------------------------------ */

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
		m->median = gsl_stats_median(tmp, 1, (size_t)n);
		for (i = 0; i < n; i++)
			tmp[i] = fabs(d->wbuf[i] - m->median);
		m->mad = gsl_stats_median(tmp, 1, (size_t)n);
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
			m->step = ng > 0 ? (int64_t)gsl_stats_median(tmp, 1, (size_t)ng) : 0;
			free(tmp);
		}
		m->warm_end = n > 0 ? d->wts[n - 1] : 0;
	}
}

/* --- the adaptive method ------------------------------------------------ */

/* Warm-up values the adaptive method replays: the tail that fills its
 * memory (the same tail when a model is loaded, so both score alike). */
static long
replay_len(const struct i40_det *d, long n)
{
	long need = i40_adapt_replay_len(&d->set.adapt, d->model.period);
	return n < need ? n : need;
}

/* The adaptive state for the learned cycle, with the warm-up replayed;
 * wts NULL: times at the learned step before warm_end (a model file). */
static int
adaptive_setup(struct i40_det *d, const double *warm, const int64_t *wts, long nwarm)
{
	struct i40_adapt_out r;
	long i, from;

	d->adapt = i40_adapt_new(&d->set.adapt, d->model.period, d->model.step, NULL);
	if (d->adapt == NULL)
		return -1;
	from = nwarm - replay_len(d, nwarm);
	for (i = from; i < nwarm; i++)
		i40_adapt_push(d->adapt, wts ? wts[i] : d->model.warm_end - (nwarm - 1 - i) * d->model.step, warm[i], 0,
			       &r);
	i40_adapt_warm_done(d->adapt);
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
		struct i40_adapt_out r;
		i40_adapt_push(d->adapt, ts, x, 1, &r);
		consider(out, &best, I40_DET_ADAPTIVE, r.e);
		if (out->method == I40_DET_ADAPTIVE) {
			out->part = r.part;
			out->z = r.z;
			out->usual = r.usual;
			out->stat = r.value;
			out->limit = r.extreme;
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
		if (o->part < 0 || isnan(o->z) || o->z == 0)
			break;
		if (o->part == I40_ADAPT_SPREAD && o->stat == 0)
			n = snprintf(buf, size, "%sno change at all, never seen in its recent range", o->cycle ? "cycle: " : "");
		else if (fabs(o->z) >= 1000)   /* beyond a range it never left (a tied or constant part) */
			n = snprintf(buf, size, "%s%s %s its recent range, which it never left", o->cycle ? "cycle " : "",
				     i40_adapt_part_name(o->part), o->z > 0 ? "above" : "below");
		else
			n = snprintf(buf, size, "%s%s %s its recent range by %.1f scales", o->cycle ? "cycle " : "",
				     i40_adapt_part_name(o->part), o->z > 0 ? "above" : "below", fabs(o->z));
		break;
	default:
		break;
	}
	if (n < 0)
		n = 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}
