/* roll.c - sliding-window order statistics (median, MAD, quantiles, rank).
 *
 * Robust detectors need the median and the MAD of the last n values at
 * every sample.  Re-sorting the window each time costs O(n log n); here
 * the window is kept sorted incrementally and the MAD is found without
 * building the deviations: the deviations below the median, read from the
 * median outwards, form one sorted list and those above another, so the
 * MAD is the k-th smallest of two sorted lists, a binary search.
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
};

struct i40_roll *
i40_roll_new(size_t cap, struct i40_err *err)
{
	struct i40_roll *r;

	if (cap < 1) {
		i40_err_set(err, I40_ERR_CONFIG, "window length must be at least 1");
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL)
		goto nomem;
	r->cap = cap;
	r->ring = malloc(cap * sizeof *r->ring);
	r->sorted = malloc(cap * sizeof *r->sorted);
	if (r->ring == NULL || r->sorted == NULL)
		goto nomem;
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
	free(r);
}

void
i40_roll_clear(struct i40_roll *r)
{
	r->n = 0;
	r->head = 0;
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

void
i40_roll_push(struct i40_roll *r, double x)
{
	size_t i, j;

	if (isnan(x))
		return;
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
}

size_t
i40_roll_count(const struct i40_roll *r)
{
	return r->n;
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

	if (r->n == 0)
		return NAN;
	if (p <= 0)
		return r->sorted[0];
	if (p >= 1)
		return r->sorted[r->n - 1];
	h = p * (double)(r->n - 1);
	lo = (size_t)floor(h);
	if (lo + 1 >= r->n)
		return r->sorted[r->n - 1];
	return r->sorted[lo] + (h - (double)lo) * (r->sorted[lo + 1] - r->sorted[lo]);
}

double
i40_roll_median(const struct i40_roll *r)
{
	if (r->n == 0)
		return NAN;
	if (r->n % 2)
		return r->sorted[r->n / 2];
	return 0.5 * (r->sorted[r->n / 2 - 1] + r->sorted[r->n / 2]);
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
	size_t na = p, nb = r->n - p, want = k + 1;
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

	if (r->n == 0)
		return NAN;
	m = i40_roll_median(r);
	p = lower(r->sorted, r->n, m);
	if (r->n % 2)
		return kth_dev(r, m, p, r->n / 2);
	return 0.5 * (kth_dev(r, m, p, r->n / 2 - 1) + kth_dev(r, m, p, r->n / 2));
}

double
i40_roll_rank(const struct i40_roll *r, double x)
{
	size_t lt, le;

	if (r->n == 0)
		return NAN;
	lt = lower(r->sorted, r->n, x);
	le = upper(r->sorted, r->n, x);
	return ((double)lt + 0.5 * (double)(le - lt)) / (double)r->n;
}

double
i40_roll_min(const struct i40_roll *r)
{
	return r->n ? r->sorted[0] : NAN;
}

double
i40_roll_max(const struct i40_roll *r)
{
	return r->n ? r->sorted[r->n - 1] : NAN;
}

double
i40_roll_at(const struct i40_roll *r, size_t i)
{
	if (i >= r->n)
		return NAN;
	return r->ring[(r->head + i) % r->cap];
}
