/* adapt.c - the adaptive detector: a record is rare when it goes beyond
 * the extremes its own series reached before, by more than the tail of
 * those extremes makes likely.
 *
 * Real series are rarely normal: their tails are heavy, their big moves
 * recur (a machine that stops every few days, a sensor that jumps at each
 * shift change), and they drift.  A robust z-score with a normal tail
 * calls the tenth stop of a press as rare as the first; a detector that
 * is to be believed must remember what the series has done and ask only
 * whether this is new.  So:
 *
 *  1. Cycle.  With a period P (det.c finds it in the warm-up), the level
 *     is the residual y = x - b, b the median of the values at the same
 *     phase of the last `periods` cycles (found by time when the step is
 *     known, so a missing record does not shift the phase); the changes,
 *     mean and spread use yc = x - (median of each cycle's three values
 *     around the phase), a smoother baseline that keeps sharp edges.
 *     Without a period, y = yc = x.
 *
 *  2. Parts: the level y; its changes over 1 and 4 records; the mean of
 *     the last `mean` records (a shift too small to see in one noisy
 *     record); the spread, the mean absolute change of the last 16 (noise
 *     that grows, or stops: a stuck sensor); and the drift, a two-sided
 *     CUSUM of the level beyond its usual range, in tail scales (a slow
 *     departure that no single record shows).
 *
 *  3. Memory.  For each part, the highest and the lowest value of every
 *     block of 64 records, for the last `memory` records (8192 by default,
 *     128 blocks).  The reference of a part is its blocks but the latest
 *     4 (256 records): a departure that has gone on for a while is still
 *     compared with what came before it, not with itself.  (During the
 *     warm-up the reference is every block, so scoring starts with it.)
 *     A tail needs 9 blocks: a slow series whose warm-up is short (two
 *     days of 5-minute means with a daily cycle leave one cycle of
 *     residuals, 4.5 blocks) would be blind for days after it.  Until the
 *     memory has them, the level and the changes are judged on the same
 *     memory in blocks of 8 records (their extremes are nearly the top
 *     records; fewer records make d* below larger, so it is stricter);
 *     the mean, spread and drift, slow parts whose small blocks would all
 *     come from one excursion, wait for the blocks of 64.
 *
 *  4. Tail.  Peaks over threshold, as extreme value theory fits them: of
 *     the reference's block maxima, the top k = 8 give the highest M1 and
 *     the tail scale g = (M1 - Mk) / H(k-1), the spacing an exponential
 *     tail gives them on average (H the harmonic number), or the same
 *     spacing down to the median block if larger (steadier: a few close
 *     top blocks must not make the scale tiny).  A value beyond
 *     M1 by d = (v - M1) / g scales has, per record, the probability
 *     exp(-d) / N (N the records of the reference), and with n parts
 *     watched (Bonferroni) it is at the limit alpha when
 *         d = d* = log(n / (N alpha)).
 *     The exceedance is e = d / d*: 0 inside the remembered range, 1 at
 *     the limit.  The same below the lowest, with the block minima.  The
 *     drift's CUSUM adds (y - Mk) / (mean excess over Mk) per record: the
 *     level's own tail is its unit, so it grows only while the level stays
 *     out where the series seldom goes.
 *
 * Everything is in the series' own units and extremes: one configuration
 * serves temperatures, vibrations, counts and quantised readings alike,
 * and a move the series has made before (as large, in the last `memory`
 * records) never alerts again.  Per record: a few comparisons; per block,
 * a selection of the top k of each part's blocks.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "adapt.h"

#define NP I40_ADAPT_NPARTS
/* the inner constants (i40_adapt_settings): the defaults are what
 * bench/RESULTS.md measured, each moved by 25% both ways there */
#define BLEN (a->set.block)    /* records per block (64) */
#define LAG (a->set.lag)       /* latest blocks kept out of the reference (4) */
#define KTOP (a->set.ktop)     /* block extremes that fit a tail (8) */
#define NSPREAD (a->set.spread) /* records in the spread part (16) */
#define YHIST 128              /* past residuals kept */
/* records per block of the fine memory, which serves until the coarse
 * one has a reference */
#define FINE(a) ((a)->set.block / 8)
/* the parts it judges: those of single records; the mean, spread and
 * drift are slow (one excursion fills many small blocks, whose extremes
 * would then look far too close together) and wait for the coarse one */
#define FINE_PARTS (1 << I40_ADAPT_LEVEL | 1 << I40_ADAPT_CHANGE | 1 << I40_ADAPT_CHANGE4)

/* One tail of one part, fitted on the reference blocks; the low tail is
 * kept negated, so the same code serves both. */
struct side {
	double top;            /* the most extreme block value, M1 */
	double scale;          /* tail scale g (0: the top values are tied) */
	double thr;            /* the k-th most extreme, Mk */
	double excess;         /* mean excess of the k - 1 above Mk */
};

/* Remembered blocks of one size: per part and block, the highest and
 * lowest value, and the reference fitted on them. */
struct mem {
	int blen;              /* records per block */
	int lag;               /* latest blocks kept out of the reference */
	int nblocks;           /* capacity */
	double *bmax, *bmin;   /* [part * nblocks + block] */
	double *bmean;         /* mean level per block (for the usual level) */
	double cmax[NP], cmin[NP], csum;  /* the block being filled */
	int czero;             /* it had a spread of 0 */
	char *bzero;           /* per block: it had a spread of 0 */
	long rn, cn;           /* records in it; of them with a level */
	int nb, bpos;          /* blocks filled, next slot */
	long after;            /* blocks completed since the warm-up ended (-1: in it) */

	/* the reference: the values of its blocks, sorted ascending */
	struct sorted {
		double *v;
		int n;
	} rmax[NP], rmin[NP], rmean;
	int rzero;             /* blocks of the reference that had a spread of 0 */
	struct side hi[NP], lo[NP];
	long nref[NP];         /* records in each part's reference (0: too few) */
	double limit[NP];      /* d* of each part */
	double usual;          /* median block mean of the level's reference */
};

struct i40_adapt {
	struct i40_adapt_settings set;
	long period;
	int64_t step;
	int nused;             /* parts watched (the Bonferroni factor) */

	/* the last 2 * periods cycles of raw values, for the baseline */
	double *ring;
	int64_t *rts;
	long ringcap, ringn, ringpos;

	double yh[YHIST];      /* past yc, newest at yh[(ypos - 1) % YHIST] */
	long yn, ypos;
	double msum, ssum;     /* sums of the last `mean` yc and NSPREAD |changes| */
	double drift_hi, drift_lo; /* CUSUMs of the level beyond its range */

	/* the memory, and while it is too short for a reference (just after
	 * the warm-up of a slow series) the same in blocks of BLEN / 8 */
	struct mem coarse, *fine;
	long n;                /* records seen */
	double last, quantum;  /* the previous value; the smallest step between two values */
	double amax;           /* the largest |x| seen */
};

static const char *const part_names[NP] = {
	"level", "change", "change over 4", "mean", "spread", "drift"
};

const char *
i40_adapt_part_name(int part)
{
	return part >= 0 && part < NP ? part_names[part] : "";
}

/* The settings with the defaults of the inner constants filled in. */
static struct i40_adapt_settings
filled(const struct i40_adapt_settings *s)
{
	struct i40_adapt_settings f = *s;

	if (f.block == 0)
		f.block = I40_ADAPT_BLOCK;
	if (f.lag == 0)
		f.lag = 4;
	if (f.ktop == 0)
		f.ktop = 8;
	if (f.spread == 0)
		f.spread = 16;
	if (f.parts == 0)
		f.parts = (1 << NP) - 1;
	return f;
}

/* Blocks remembered: the memory in blocks, enough for a reference. */
static int
blocks_of(const struct i40_adapt_settings *f)
{
	long nb = (f->memory + f->block - 1) / f->block;

	return nb < f->ktop + 1 + f->lag ? f->ktop + 1 + f->lag :
	       nb > I40_ADAPT_MAXBLOCKS ? I40_ADAPT_MAXBLOCKS : (int)nb;
}

long
i40_adapt_replay_len(const struct i40_adapt_settings *s, long period)
{
	struct i40_adapt_settings f = filled(s);

	return (long)blocks_of(&f) * f.block + 2 * period * f.periods + 4 + YHIST;
}

/* The arrays of a memory of nblocks blocks of blen records. */
static int
mem_init(struct mem *m, int blen, int lag, int nblocks)
{
	m->blen = blen;
	m->lag = lag;
	m->nblocks = nblocks;
	m->bmax = malloc((size_t)NP * (size_t)nblocks * sizeof *m->bmax);
	m->bmin = malloc((size_t)NP * (size_t)nblocks * sizeof *m->bmin);
	m->bmean = malloc((size_t)nblocks * sizeof *m->bmean);
	m->rmean.v = malloc((size_t)nblocks * sizeof *m->rmean.v);
	m->bzero = calloc((size_t)nblocks, 1);
	if (m->bmax == NULL || m->bmin == NULL || m->bmean == NULL || m->rmean.v == NULL || m->bzero == NULL)
		return -1;
	for (int c = 0; c < NP; c++) {
		m->rmax[c].v = malloc((size_t)nblocks * sizeof *m->rmax[c].v);
		m->rmin[c].v = malloc((size_t)nblocks * sizeof *m->rmin[c].v);
		if (m->rmax[c].v == NULL || m->rmin[c].v == NULL)
			return -1;
	}
	m->after = -1;
	m->usual = NAN;
	return 0;
}

static void
mem_free(struct mem *m)
{
	free(m->bmax);
	free(m->bmin);
	free(m->bmean);
	free(m->bzero);
	for (int c = 0; c < NP; c++) {
		free(m->rmax[c].v);
		free(m->rmin[c].v);
	}
	free(m->rmean.v);
}

/* The fine memory is no longer needed. */
static void
fine_drop(struct i40_adapt *a)
{
	if (a->fine != NULL) {
		mem_free(a->fine);
		free(a->fine);
		a->fine = NULL;
	}
}

void
i40_adapt_free(struct i40_adapt *a)
{
	if (a == NULL)
		return;
	free(a->ring);
	free(a->rts);
	mem_free(&a->coarse);
	fine_drop(a);
	free(a);
}

int
i40_adapt_check(const struct i40_adapt_settings *s, struct i40_err *err)
{
	struct i40_adapt_settings f = filled(s);

	if (!(f.alpha > 0 && f.alpha < 1) || f.memory < I40_ADAPT_MINMEMORY || f.memory > I40_ADAPT_MAXMEMORY ||
	    f.periods < 1 || f.periods > 20 || f.mean < 2 || f.mean > YHIST / 2 || f.parts >> NP)
		return i40_err_set(err, I40_ERR_CONFIG, "adaptive needs 0 < alpha < 1, a window of %d to %d records, "
				   "1 to 20 periods and a mean of 2 to %d records", I40_ADAPT_MINMEMORY,
				   I40_ADAPT_MAXMEMORY, YHIST / 2);
	if (f.block < 8 || f.block > 4096 || f.lag < 1 || f.lag > 64 || f.ktop < 2 || f.ktop > 64 ||
	    f.spread < 2 || f.spread > YHIST - 2)
		return i40_err_set(err, I40_ERR_CONFIG, "adaptive: a block of 8 to 4096 records, a lag of 1 to 64 "
				   "blocks, 2 to 64 extremes and a spread of 2 to %d records", YHIST - 2);
	return 0;
}

struct i40_adapt *
i40_adapt_new(const struct i40_adapt_settings *s, long period, int64_t step, struct i40_err *err)
{
	struct i40_adapt *a;
	int c;

	if (i40_adapt_check(s, err) < 0)
		return NULL;
	if (period < 0)
		period = 0;
	if ((a = calloc(1, sizeof *a)) == NULL)
		goto nomem;
	a->set = filled(s);
	for (c = 0; c < NP; c++)
		a->nused += a->set.parts >> c & 1;
	a->period = period;
	a->step = step;
	/* the fine memory covers the records the coarse one needs for a
	 * reference of KTOP + 1 blocks and its lag, in blocks of BLEN / 8 */
	if (mem_init(&a->coarse, BLEN, LAG, blocks_of(&a->set)) < 0 ||
	    (a->fine = calloc(1, sizeof *a->fine)) == NULL ||
	    mem_init(a->fine, FINE(a), LAG * BLEN / FINE(a), (KTOP + 1 + LAG) * BLEN / FINE(a)) < 0)
		goto nomem;
	if (period > 0) {
		/* twice the cycles: records closer than the step (a burst) must
		 * not push the last cycles out */
		a->ringcap = 2 * period * s->periods + 4;
		a->ring = calloc((size_t)a->ringcap, sizeof *a->ring);
		a->rts = calloc((size_t)a->ringcap, sizeof *a->rts);
		if (a->ring == NULL || a->rts == NULL)
			goto nomem;
	}
	return a;
nomem:
	i40_adapt_free(a);
	i40_err_set(err, I40_ERR_NOMEM, "out of memory for a detector");
	return NULL;
}

void
i40_adapt_warm_done(struct i40_adapt *a)
{
	a->coarse.after = 0;
	if (a->fine != NULL)
		a->fine->after = 0;
}

/* --- the cyclic baseline ----------------------------------------------- */

/* The ring's record (physical index) nearest to time t, within half a
 * step; -1 when there is none. */
static long
ring_at(const struct i40_adapt *a, int64_t t)
{
	long n = a->ringn, start = (a->ringpos - n + a->ringcap) % a->ringcap, lo = 0, hi = n, best = -1;
	int64_t bestd = a->step / 2 + 1;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (a->rts[(start + mid) % a->ringcap] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (long i = lo - 1; i <= lo; i++) {
		if (i < 0 || i >= n)
			continue;
		int64_t dt = a->rts[(start + i) % a->ringcap] - t;
		if (dt < 0)
			dt = -dt;
		if (dt < bestd) {
			bestd = dt;
			best = i;
		}
	}
	return best < 0 ? -1 : (start + best) % a->ringcap;
}

/* The physical index next to j (dir -1 older, +1 newer), or -1. */
static long
ring_next(const struct i40_adapt *a, long j, int dir)
{
	long start = (a->ringpos - a->ringn + a->ringcap) % a->ringcap;
	long logical = (j - start + a->ringcap) % a->ringcap + dir;
	return logical < 0 || logical >= a->ringn ? -1 : (start + logical) % a->ringcap;
}

static double
median3(double a, double b, double c)
{
	return fmax(fmin(a, b), fmin(fmax(a, b), c));
}

/* The baselines b (same phase) and bc (smoothed) of a record at ts from
 * the last cycles, then x joins the ring.  Returns 0 when no past cycle
 * is known yet. */
static int
baseline(struct i40_adapt *a, int64_t ts, double x, double *b, double *bc)
{
	double same[20], smooth[20];
	long ns = 0, k;

	for (k = 1; k <= a->set.periods; k++) {
		double three[3];
		int n3 = 0;
		long at;
		if (a->step > 0) {
			at = ring_at(a, ts - k * a->period * a->step);
		} else {
			long lag = k * a->period;
			at = lag <= a->ringn ? (a->ringpos - lag + a->ringcap) % a->ringcap : -1;
		}
		if (at < 0)
			continue;
		for (int j = -1; j <= 1; j++) {
			long q = j == 0 ? at : ring_next(a, at, j);
			if (q >= 0)
				three[n3++] = a->ring[q];
		}
		same[ns] = a->ring[at];
		smooth[ns++] = n3 == 3 ? median3(three[0], three[1], three[2]) :
			       n3 == 2 ? 0.5 * (three[0] + three[1]) : three[0];
	}
	a->ring[a->ringpos] = x;
	a->rts[a->ringpos] = ts;
	a->ringpos = (a->ringpos + 1) % a->ringcap;
	if (a->ringn < a->ringcap)
		a->ringn++;
	if (ns == 0)
		return 0;
	*b = gsl_stats_median(same, 1, (size_t)ns);
	*bc = gsl_stats_median(smooth, 1, (size_t)ns);
	return 1;
}

/* --- the memory and its tails ------------------------------------------ */

/* Where x is, or would go, in the sorted values (the first >= x). */
static int
s_find(const struct sorted *r, double x)
{
	int lo = 0, hi = r->n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (r->v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
s_insert(struct sorted *r, double x)
{
	int i;

	if (!isfinite(x))
		return;
	i = s_find(r, x);
	memmove(r->v + i + 1, r->v + i, (size_t)(r->n - i) * sizeof *r->v);
	r->v[i] = x;
	r->n++;
}

static void
s_remove(struct sorted *r, double x)
{
	int i;

	if (!isfinite(x))
		return;
	i = s_find(r, x);
	if (i < r->n && r->v[i] == x) {
		memmove(r->v + i, r->v + i + 1, (size_t)(r->n - i - 1) * sizeof *r->v);
		r->n--;
	}
}

/* The i-th most extreme (0-based) of a side: from the top of the block
 * maxima, or, negated, from the bottom of the block minima. */
static double
ext(const struct sorted *r, int low, int i)
{
	return low ? -r->v[i] : r->v[r->n - 1 - i];
}

/* Fit one tail on the sorted reference r (n > k values). */
static void
fit_side(const struct sorted *r, int low, int k, struct side *s)
{
	int i, n = r->n;
	double h = 0, med, gb;

	s->top = ext(r, low, 0);
	s->thr = ext(r, low, k - 1);
	for (i = 1; i < k; i++)
		h += 1.0 / i;
	s->scale = (s->top - s->thr) / h;
	s->excess = 0;
	for (i = 0; i < k - 1; i++)
		s->excess += ext(r, low, i) - s->thr;
	s->excess /= k - 1;
	/* the same spacing down to the median block: with n/2 values it is
	 * steadier than the top k's, which a few close extremes can make
	 * far too small (a Gaussian series whose top blocks happen to lie
	 * close would then alert at its next ordinary high); the larger of
	 * the two, so that a heavy tail keeps its wider top spacing */
	med = ext(r, low, n / 2);
	for (h = 0, i = 1; i < n / 2; i++)
		h += 1.0 / i;
	gb = h > 0 && s->top > med ? (s->top - med) / h : 0;
	s->scale = fmax(s->scale, gb);
	if (s->excess == 0)
		s->excess = gb;   /* tied top values (quantised, saturated) */
}

/* Block b joins (dir 1) or leaves (-1) the reference. */
static void
reference(struct mem *m, int b, int dir)
{
	int c, nbk = m->nblocks;

	for (c = 0; c < NP; c++) {
		double hi = m->bmax[c * nbk + b], lo = m->bmin[c * nbk + b];
		if (dir > 0) {
			s_insert(&m->rmax[c], hi);
			s_insert(&m->rmin[c], lo);
		} else {
			s_remove(&m->rmax[c], hi);
			s_remove(&m->rmin[c], lo);
		}
	}
	if (dir > 0)
		s_insert(&m->rmean, m->bmean[b]);
	else
		s_remove(&m->rmean, m->bmean[b]);
	m->rzero += dir * m->bzero[b];
}

/* A block is complete: remember it, and fit the tails again on the
 * reference: the blocks of the warm-up, and those completed after it
 * once m->lag newer ones have come (so the latest stay out). */
static void
end_block(const struct i40_adapt *a, struct mem *m)
{
	int nbk = m->nblocks, b = m->bpos, c;

	if (m->nb == nbk)
		reference(m, b, -1);   /* the oldest block is forgotten */
	for (c = 0; c < NP; c++) {
		m->bmax[c * nbk + b] = m->cmax[c];
		m->bmin[c * nbk + b] = m->cmin[c];
	}
	m->bmean[b] = m->cn > 0 ? m->csum / (double)m->cn : NAN;
	m->bzero[b] = (char)m->czero;
	m->czero = 0;
	m->bpos = (b + 1) % nbk;
	if (m->nb < nbk)
		m->nb++;
	m->rn = m->cn = 0;
	m->csum = 0;
	if (m->after < 0) {
		reference(m, b, 1);
	} else {
		m->after++;
		if (m->after > m->lag)
			reference(m, (b - m->lag + nbk) % nbk, 1);
	}
	for (c = 0; c < NP; c++) {
		int n = m->rmax[c].n;
		m->nref[c] = 0;
		if (n <= KTOP)
			continue;
		fit_side(&m->rmax[c], 0, KTOP, &m->hi[c]);
		fit_side(&m->rmin[c], 1, KTOP, &m->lo[c]);
		m->nref[c] = (long)n * m->blen;
		m->limit[c] = fmax(1, log(a->nused / ((double)m->nref[c] * a->set.alpha)));
	}
	if (m->rmean.n > 0)
		m->usual = m->rmean.v[m->rmean.n / 2];
}

/* The record's parts join the block being filled; 1 when that completes it. */
static int
mem_add(const struct i40_adapt *a, struct mem *m, const double *v)
{
	for (int c = 0; c < NP; c++) {
		if (m->rn == 0) {
			m->cmax[c] = -INFINITY;
			m->cmin[c] = INFINITY;
		}
		if (isfinite(v[c])) {
			m->cmax[c] = fmax(m->cmax[c], v[c]);
			m->cmin[c] = fmin(m->cmin[c], v[c]);
		}
	}
	if (v[I40_ADAPT_SPREAD] == -INFINITY)
		m->czero = 1;
	m->csum += v[I40_ADAPT_LEVEL];
	m->cn++;
	if (++m->rn < m->blen)
		return 0;
	end_block(a, m);
	return 1;
}

/* The memory that judges part c: the coarse one once it has a reference,
 * until then the fine one (NULL: neither has). */
static const struct mem *
judge(const struct i40_adapt *a, int c)
{
	if (a->coarse.nref[c] > 0)
		return &a->coarse;
	return a->fine != NULL && (FINE_PARTS >> c & 1) && a->fine->nref[c] > 0 ? a->fine : NULL;
}

/* The coarse memory has a reference for every part the fine one judges
 * (the level and the changes are finite once defined, so it comes). */
static int
coarse_ready(const struct i40_adapt *a)
{
	for (int c = 0; c < NP; c++)
		if ((FINE_PARTS & a->set.parts) >> c & 1 && a->coarse.nref[c] == 0)
			return 0;
	return 1;
}

/* The resolution of part c: the smallest step between two readings,
 * and no less than the rounding of their magnitude; for the mean, that
 * over the records averaged.  The drift counts mean excesses of the
 * level: one is the least it can tell (a single record beyond the
 * threshold adds one on average), and its own tail, fitted on a part
 * that is 0 most of the time, is often far narrower.  The spread is on
 * a log scale: no floor.  A tail scale of 0 (tied extremes: a quantised, saturated or
 * constant part) is this instead, so that a new extreme counts in steps
 * of the reading and rounding noise (0.01 read as 0.0099999999999998)
 * is no evidence; 0 for a series that never moved, whose first move is
 * news. */
static double
resolution(const struct i40_adapt *a, int c)
{
	double q = fmax(a->quantum, 1e-10 * a->amax);

	switch (c) {
	case I40_ADAPT_MEAN: return q / a->set.mean;
	case I40_ADAPT_SPREAD: return 1e-9;
	case I40_ADAPT_DRIFT: return 1;
	default: return q;
	}
}

/* How far v is beyond part c's remembered range, in tail scales: > 0
 * above the highest, < 0 below the lowest, 0 inside (or not known). */
static double
beyond(const struct i40_adapt *a, const struct mem *m, int c, double v)
{
	const struct side *hi = &m->hi[c], *lo = &m->lo[c];
	double f = resolution(a, c);

	if (isnan(v))
		return 0;
	if (v == -INFINITY)   /* a spread of 0: stuck, unless it was before */
		return m->rzero > 0 ? 0 : -INFINITY;
	if (v > hi->top)
		return fmax(hi->scale, f) > 0 ? (v - hi->top) / fmax(hi->scale, f) : INFINITY;
	if (-v > lo->top)
		return fmax(lo->scale, f) > 0 ? -(-v - lo->top) / fmax(lo->scale, f) : -INFINITY;
	return 0;
}

/* The k-th latest yc kept (1: the latest). */
static double
at(const struct i40_adapt *a, long k)
{
	return a->yh[(a->ypos - k + YHIST) % YHIST];
}

/* The running sums of the mean and the spread, summed afresh. */
static void
resum(struct i40_adapt *a)
{
	long i, m = a->set.mean < a->yn ? a->set.mean : a->yn;

	a->msum = 0;
	for (i = 1; i <= m; i++)
		a->msum += at(a, i);
	a->ssum = 0;
	for (i = 1; i <= NSPREAD && i + 1 <= a->yn; i++)
		a->ssum += fabs(at(a, i) - at(a, i + 1));
}

/* The drift's CUSUMs take one more record of the level y. */
static double
drift(struct i40_adapt *a, double y)
{
	const struct mem *m = &a->coarse;   /* not the fine one: the CUSUM's unit is kept */
	const struct side *hi, *lo;
	double f = resolution(a, I40_ADAPT_LEVEL);

	if (m->nref[I40_ADAPT_LEVEL] == 0)
		return NAN;
	hi = &m->hi[I40_ADAPT_LEVEL];
	lo = &m->lo[I40_ADAPT_LEVEL];
	if (fmax(hi->excess, f) > 0)
		a->drift_hi = fmax(0, a->drift_hi + (y - hi->thr) / fmax(hi->excess, f));
	if (fmax(lo->excess, f) > 0)
		a->drift_lo = fmax(0, a->drift_lo + (-y - lo->thr) / fmax(lo->excess, f));
	return a->drift_hi - a->drift_lo;
}

void
i40_adapt_push(struct i40_adapt *a, int64_t ts, double x, int score, struct i40_adapt_out *out)
{
	double y = x, yc = x, base = 0, bc = 0, v[NP];
	int c;

	if (score) {
		out->e = 0;
		out->part = -1;
		out->z = out->value = out->extreme = NAN;
		out->usual = NAN;
	}
	if (a->n > 0 && x != a->last && (a->quantum == 0 || fabs(x - a->last) < a->quantum))
		a->quantum = fabs(x - a->last);
	a->last = x;
	a->amax = fmax(a->amax, fabs(x));
	a->n++;
	if (a->period > 0) {
		if (!baseline(a, ts, x, &base, &bc))
			return;   /* no past cycle yet: nothing to compare */
		y = x - base;
		yc = x - bc;
	}
	v[I40_ADAPT_LEVEL] = y;
	v[I40_ADAPT_CHANGE] = a->yn >= 1 ? yc - at(a, 1) : NAN;
	v[I40_ADAPT_CHANGE4] = a->yn >= 4 ? yc - at(a, 4) : NAN;
	/* running sums, made exact again at each block (no drift of rounding) */
	if (a->yn >= 1)
		a->ssum += fabs(v[I40_ADAPT_CHANGE]);
	if (a->yn >= NSPREAD + 1)
		a->ssum -= fabs(at(a, NSPREAD) - at(a, NSPREAD + 1));
	a->msum += yc;
	if (a->yn >= a->set.mean)
		a->msum -= at(a, a->set.mean);
	v[I40_ADAPT_MEAN] = a->yn >= a->set.mean - 1 ? a->msum / a->set.mean : NAN;
	/* the spread on a log scale: it is a scale, so a drop to a tenth is
	 * as far as a rise to ten times; no change at all (below the rounding
	 * of the running sum) is -inf: stuck, news unless the reference was */
	v[I40_ADAPT_SPREAD] = NAN;
	if (a->yn >= NSPREAD)
		v[I40_ADAPT_SPREAD] = a->ssum > 1e-12 * a->amax ? log(a->ssum / NSPREAD) : -INFINITY;
	v[I40_ADAPT_DRIFT] = drift(a, y);
	a->yh[a->ypos] = yc;
	a->ypos = (a->ypos + 1) % YHIST;
	if (a->yn < YHIST)
		a->yn++;

	if (score) {
		const struct mem *mu;
		for (c = 0; c < NP; c++) {
			const struct mem *m = judge(a, c);
			double d, e;
			if (!(a->set.parts >> c & 1) || m == NULL || isnan(v[c]))
				continue;
			d = beyond(a, m, c, v[c]);
			e = fabs(d) / m->limit[c];
			if (out->part < 0 || e > out->e) {
				out->e = e;
				out->part = c;
				out->z = d;
				out->value = v[c];
				out->extreme = d > 0 ? m->hi[c].top : d < 0 ? -m->lo[c].top : NAN;
				if (c == I40_ADAPT_SPREAD) {
					out->value = exp(out->value);
					out->extreme = exp(out->extreme);
				}
			}
		}
		mu = a->coarse.rmean.n > 0 || a->fine == NULL ? &a->coarse : a->fine;
		if (!isnan(mu->usual))
			out->usual = base + mu->usual;
	}

	/* the record joins the blocks being filled */
	if (mem_add(a, &a->coarse, v)) {
		resum(a);
		if (a->fine != NULL && coarse_ready(a))
			fine_drop(a);
	}
	if (a->fine != NULL)
		(void)mem_add(a, a->fine, v);
}
