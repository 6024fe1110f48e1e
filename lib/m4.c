/* m4.c - per-column first/min/max/last aggregation of a time series.
 *
 * Why M4 rather than averaging or taking every k-th sample: both of those
 * erase exactly what a maintenance engineer looks for, the one-second
 * spike in a month of vibration data.  Keeping the extremes of each pixel
 * column keeps it, and keeping first and last keeps the joins between
 * columns right.  Merging two columns is exact, which lets the adaptive
 * mode double its column width when data arrives beyond the range.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "m4.h"

int
i40_m4_init(struct i40_m4 *m, size_t ncols, int64_t t0, int64_t t1,
	    struct i40_err *err)
{
	memset(m, 0, sizeof *m);
	if (ncols == 0)
		ncols = 1;
	m->col = calloc(ncols, sizeof *m->col);
	if (m->col == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for %zu chart columns", ncols);
	m->ncols = ncols;
	m->vmin = INFINITY;
	m->vmax = -INFINITY;
	if (t1 <= t0) {
		m->adaptive = 1;
		m->span = 1;
	} else {
		int64_t len = t1 - t0;

		m->t0 = t0;
		m->t1 = t1;
		m->span = len / (int64_t)ncols + (len % (int64_t)ncols != 0);
	}
	return 0;
}

void
i40_m4_free(struct i40_m4 *m)
{
	free(m->col);
	m->col = NULL;
	m->ncols = 0;
}

static void
col_add(struct i40_m4_col *c, int64_t t, double v)
{
	if (c->n == 0) {
		c->t_first = c->t_last = c->t_min = c->t_max = t;
		c->first = c->last = c->min = c->max = v;
		c->n = 1;
		return;
	}
	if (t < c->t_first) {
		c->t_first = t;
		c->first = v;
	}
	if (t >= c->t_last) {
		c->t_last = t;
		c->last = v;
	}
	if (v < c->min) {
		c->min = v;
		c->t_min = t;
	}
	if (v > c->max) {
		c->max = v;
		c->t_max = t;
	}
	if (c->n < UINT32_MAX)
		c->n++;
}

/* a := a followed by b (b's samples are all later than a's). */
static void
col_merge(struct i40_m4_col *a, const struct i40_m4_col *b)
{
	if (b->gap && (!a->gap || b->t_gap > a->t_gap)) {
		a->gap = 1;
		a->t_gap = b->t_gap;
	}
	if (b->n == 0)
		return;
	if (a->n == 0) {
		unsigned char gap = a->gap;
		int64_t tg = a->t_gap;

		*a = *b;
		if (gap && (!b->gap || tg > b->t_gap)) {
			a->gap = 1;
			a->t_gap = tg;
		}
		return;
	}
	if (b->t_first < a->t_first) {
		a->t_first = b->t_first;
		a->first = b->first;
	}
	if (b->t_last >= a->t_last) {
		a->t_last = b->t_last;
		a->last = b->last;
	}
	if (b->min < a->min) {
		a->min = b->min;
		a->t_min = b->t_min;
	}
	if (b->max > a->max) {
		a->max = b->max;
		a->t_max = b->t_max;
	}
	a->n = (b->n > UINT32_MAX - a->n) ? UINT32_MAX : a->n + b->n;
}

/* Halve the resolution: column j takes columns 2j and 2j+1. */
static void
widen(struct i40_m4 *m)
{
	size_t j;

	for (j = 0; j < m->ncols; j++) {
		struct i40_m4_col c;

		memset(&c, 0, sizeof c);
		if (2 * j < m->ncols)
			c = m->col[2 * j];
		if (2 * j + 1 < m->ncols)
			col_merge(&c, &m->col[2 * j + 1]);
		m->col[j] = c;
	}
	m->span *= 2;
	m->t1 = m->t0 + m->span * (int64_t)m->ncols;
}

/* Column of t, or -1 when t cannot be kept. */
static long
column(struct i40_m4 *m, int64_t t)
{
	if (m->adaptive && !m->started) {
		m->started = 1;
		m->t0 = t;
		m->t1 = t + m->span * (int64_t)m->ncols;
	}
	if (t < m->t0)
		return -1;
	if (m->adaptive) {
		while (t - m->t0 >= m->span * (int64_t)m->ncols) {
			if (m->span > INT64_MAX / 4 / (int64_t)m->ncols)
				return -1;
			widen(m);
		}
	} else if (t >= m->t1) {
		return -1;
	}
	return (long)((t - m->t0) / m->span);
}

void
i40_m4_add(struct i40_m4 *m, int64_t t, double v)
{
	long k;

	if (isnan(v)) {
		m->missing++;
		if (m->adaptive && !m->started)
			return;     /* nothing to break yet */
		k = column(m, t);
		if (k >= 0 && (!m->col[k].gap || t >= m->col[k].t_gap)) {
			m->col[k].gap = 1;
			m->col[k].t_gap = t;
		}
		return;
	}
	k = column(m, t);
	if (k < 0 || !isfinite(v)) {
		m->outside++;
		return;
	}
	col_add(&m->col[k], t, v);
	if (m->n == 0 || t < m->tmin)
		m->tmin = t;
	if (m->n == 0 || t > m->tmax)
		m->tmax = t;
	m->n++;
	if (v < m->vmin)
		m->vmin = v;
	if (v > m->vmax)
		m->vmax = v;
}

size_t
i40_m4_cap(const struct i40_m4 *m)
{
	return 5 * m->ncols;
}

struct pt {
	int64_t t;
	double v;
	int rank;               /* order among points of the same time */
};

size_t
i40_m4_out(const struct i40_m4 *m, int64_t *t, double *v, size_t cap)
{
	size_t out = 0;

	for (size_t j = 0; j < m->ncols; j++) {
		const struct i40_m4_col *c = &m->col[j];
		struct pt p[5];
		int np = 0;

		if (c->n > 0) {
			p[np++] = (struct pt){ c->t_first, c->first, 0 };
			if (c->t_min <= c->t_max) {
				p[np++] = (struct pt){ c->t_min, c->min, 1 };
				p[np++] = (struct pt){ c->t_max, c->max, 2 };
			} else {
				p[np++] = (struct pt){ c->t_max, c->max, 1 };
				p[np++] = (struct pt){ c->t_min, c->min, 2 };
			}
			p[np++] = (struct pt){ c->t_last, c->last, 3 };
		}
		if (c->gap)
			p[np++] = (struct pt){ c->t_gap, NAN, 4 };
		/* Insertion sort: five points at most. */
		for (int a = 1; a < np; a++) {
			struct pt x = p[a];
			int b = a - 1;

			while (b >= 0 && (p[b].t > x.t || (p[b].t == x.t && p[b].rank > x.rank))) {
				p[b + 1] = p[b];
				b--;
			}
			p[b + 1] = x;
		}
		for (int a = 0; a < np; a++) {
			/* The same sample can be first and minimum at once. */
			if (out > 0 && t[out - 1] == p[a].t && !isnan(p[a].v)
			    && v[out - 1] == p[a].v)
				continue;
			if (out >= cap)
				return out;
			t[out] = p[a].t;
			v[out] = p[a].v;
			out++;
		}
	}
	return out;
}
