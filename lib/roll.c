/* roll.c - sliding-window order statistics (median, MAD, quantiles, rank).
 *
 * Robust detectors need the median and the MAD of the last n values at
 * every sample.  Re-sorting the window each time costs O(n log n); here
 * the window is kept sorted incrementally and the MAD is found without
 * building the deviations: the deviations below the median, read from the
 * median outwards, form one sorted list and those above another, so the
 * MAD is the k-th smallest of two sorted lists, a binary search.
 *
 * A batched window (i40_roll_new_batched) defers the sorted copy: values
 * go into the ring at once, and every `batch` pushes the ones that left
 * and the ones that came are merged into the sorted copy in one linear
 * pass.  Its statistics are those of the window as of the last merge,
 * which for thousands of values hardly differ, at a fraction of the cost
 * of a memmove per push.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roll.h"

struct i40_roll {
	size_t cap;     /* capacity */
	size_t n;       /* values held */
	size_t head;    /* ring index of the oldest value */
	double *ring;   /* values in arrival order */
	double *sorted; /* the same values, ascending */
	size_t batch;   /* merge every batch pushes (1: keep sorted at once) */
	size_t ns;      /* values in sorted (batched: as of the last merge) */
	double *fresh;  /* batched: values pushed since the last merge */
	double *gone;   /* batched: values that left since the last merge */
	double *tmp;    /* batched: merge buffer */
	size_t nfresh, ngone;
	double mad;     /* batched: MAD as of the last merge */
};

struct i40_roll *
i40_roll_new(size_t cap, struct i40_err *err)
{
	return i40_roll_new_batched(cap, 1, err);
}

struct i40_roll *
i40_roll_new_batched(size_t cap, size_t batch, struct i40_err *err)
{
	struct i40_roll *r;

	if (batch > cap)
		batch = cap;
	if (cap < 1 || batch < 1) {
		i40_err_set(err, I40_ERR_CONFIG, "window length must be at least 1");
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL)
		goto nomem;
	r->cap = cap;
	r->batch = batch;
	r->mad = NAN;
	r->ring = malloc(cap * sizeof *r->ring);
	r->sorted = malloc(cap * sizeof *r->sorted);
	if (r->ring == NULL || r->sorted == NULL)
		goto nomem;
	if (batch > 1) {
		r->fresh = malloc(batch * sizeof *r->fresh);
		r->gone = malloc(batch * sizeof *r->gone);
		r->tmp = malloc(cap * sizeof *r->tmp);
		if (r->fresh == NULL || r->gone == NULL || r->tmp == NULL)
			goto nomem;
	}
	return r;
nomem:
	i40_roll_free(r);
	i40_err_set(err, I40_ERR_NOMEM, "out of memory for a window of %zu values", cap);
	return NULL;
}

void
i40_roll_free(struct i40_roll *r)
{
	if (r == NULL)
		return;
	free(r->ring);
	free(r->sorted);
	free(r->fresh);
	free(r->gone);
	free(r->tmp);
	free(r);
}

void
i40_roll_clear(struct i40_roll *r)
{
	r->n = 0;
	r->ns = 0;
	r->head = 0;
	r->nfresh = r->ngone = 0;
	r->mad = NAN;
}

/* First index whose value is >= x (lower bound). */
static size_t
lower(const double *a, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First index whose value is > x (upper bound). */
static size_t
upper(const double *a, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Sort a few values (at most one batch) in place. */
static void
sort_small(double *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		double v = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1] > v) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}

/* Batched: the values that left out of sorted, the fresh ones in, in one
 * pass.  Every value in gone is in sorted: it was pushed at least cap >=
 * batch pushes ago, so it was merged before it left. */
static void
merge(struct i40_roll *r)
{
	size_t i = 0, g = 0, f = 0, k = 0;

	sort_small(r->fresh, r->nfresh);
	sort_small(r->gone, r->ngone);
	while (i < r->ns || f < r->nfresh) {
		if (i < r->ns && g < r->ngone && r->sorted[i] == r->gone[g]) {
			i++;
			g++;
			continue;
		}
		if (f < r->nfresh && (i >= r->ns || r->fresh[f] <= r->sorted[i]))
			r->tmp[k++] = r->fresh[f++];
		else
			r->tmp[k++] = r->sorted[i++];
	}
	double *t = r->sorted;
	r->sorted = r->tmp;
	r->tmp = t;
	r->ns = k;
	r->nfresh = r->ngone = 0;
	r->mad = NAN;
	r->mad = i40_roll_mad(r);
}

void
i40_roll_push(struct i40_roll *r, double x)
{
	size_t i, j;

	if (isnan(x))
		return;
	if (r->batch > 1) {
		if (r->n == r->cap) {
			r->gone[r->ngone++] = r->ring[r->head];
			r->ring[r->head] = x;
			r->head = (r->head + 1) % r->cap;
		} else {
			r->ring[(r->head + r->n) % r->cap] = x;
			r->n++;
		}
		r->fresh[r->nfresh++] = x;
		/* early on the statistics move fast: merge more often */
		if (r->nfresh >= r->batch || r->nfresh * 16 >= r->ns)
			merge(r);
		return;
	}
	if (r->n == r->cap) {
		double old = r->ring[r->head];
		i = lower(r->sorted, r->n, old);
		memmove(r->sorted + i, r->sorted + i + 1, (r->n - i - 1) * sizeof *r->sorted);
		r->ring[r->head] = x;
		r->head = (r->head + 1) % r->cap;
		r->n--;
	} else {
		r->ring[(r->head + r->n) % r->cap] = x;
	}
	j = upper(r->sorted, r->n, x);
	memmove(r->sorted + j + 1, r->sorted + j, (r->n - j) * sizeof *r->sorted);
	r->sorted[j] = x;
	r->n++;
	r->ns = r->n;
}

void
i40_roll_sync(struct i40_roll *r)
{
	if (r->batch > 1 && r->nfresh > 0)
		merge(r);
}

size_t
i40_roll_count(const struct i40_roll *r)
{
	return r->ns;
}

size_t
i40_roll_cap(const struct i40_roll *r)
{
	return r->cap;
}

double
i40_roll_quantile(const struct i40_roll *r, double p)
{
	double h;
	size_t lo;

	if (r->ns == 0)
		return NAN;
	if (p <= 0)
		return r->sorted[0];
	if (p >= 1)
		return r->sorted[r->ns - 1];
	h = p * (double)(r->ns - 1);
	lo = (size_t)floor(h);
	if (lo + 1 >= r->ns)
		return r->sorted[r->ns - 1];
	return r->sorted[lo] + (h - (double)lo) * (r->sorted[lo + 1] - r->sorted[lo]);
}

double
i40_roll_median(const struct i40_roll *r)
{
	if (r->ns == 0)
		return NAN;
	if (r->ns % 2)
		return r->sorted[r->ns / 2];
	return 0.5 * (r->sorted[r->ns / 2 - 1] + r->sorted[r->ns / 2]);
}

/*
 * k-th smallest (0-based) of the deviations |x - m|.  Below the split p
 * (values < m... read downwards) the deviations m - sorted[p-1-i] ascend
 * with i; from p upwards sorted[p+j] - m ascend with j.  Binary search on
 * how many of the k+1 smallest come from the lower list.
 */
static double
kth_dev(const struct i40_roll *r, double m, size_t p, size_t k)
{
	const double *s = r->sorted;
	size_t na = p, nb = r->ns - p, want = k + 1;
	size_t lo = want > nb ? want - nb : 0;
	size_t hi = want < na ? want : na;

	while (lo <= hi) {
		size_t i = lo + (hi - lo) / 2;  /* taken from the lower list */
		size_t j = want - i;            /* taken from the upper list */
		double a_last = i > 0 ? m - s[p - i] : -INFINITY;
		double a_next = i < na ? m - s[p - i - 1] : INFINITY;
		double b_last = j > 0 ? s[p + j - 1] - m : -INFINITY;
		double b_next = j < nb ? s[p + j] - m : INFINITY;

		if (a_last > b_next)
			hi = i - 1;
		else if (b_last > a_next)
			lo = i + 1;
		else
			return a_last > b_last ? a_last : b_last;
	}
	return NAN; /* not reached with consistent input */
}

double
i40_roll_mad(const struct i40_roll *r)
{
	double m;
	size_t p;

	if (r->ns == 0)
		return NAN;
	if (r->batch > 1 && !isnan(r->mad))
		return r->mad;   /* computed at the last merge */
	m = i40_roll_median(r);
	p = lower(r->sorted, r->ns, m);
	if (r->ns % 2)
		return kth_dev(r, m, p, r->ns / 2);
	return 0.5 * (kth_dev(r, m, p, r->ns / 2 - 1) + kth_dev(r, m, p, r->ns / 2));
}

double
i40_roll_rank(const struct i40_roll *r, double x)
{
	size_t lt, le;

	if (r->ns == 0)
		return NAN;
	lt = lower(r->sorted, r->ns, x);
	le = upper(r->sorted, r->ns, x);
	return ((double)lt + 0.5 * (double)(le - lt)) / (double)r->ns;
}

double
i40_roll_min(const struct i40_roll *r)
{
	return r->ns ? r->sorted[0] : NAN;
}

double
i40_roll_max(const struct i40_roll *r)
{
	return r->ns ? r->sorted[r->ns - 1] : NAN;
}

double
i40_roll_at(const struct i40_roll *r, size_t i)
{
	if (i >= r->n)
		return NAN;
	return r->ring[(r->head + i) % r->cap];
}
