/* cross.c - windowed Pearson correlation of two signals (see cross.h).
 *
 * Unlike single-series features, a pair cannot be reduced reading by
 * reading: which readings pair up is only known once both signals have
 * covered the window.  So readings are buffered per signal (each buffer
 * already in time order) and a window is a merge join of two sorted
 * runs, followed by a one-pass co-moment (the bivariate Welford update)
 * over the pairs.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cross.h"
#include "i40_int.h"

int
i40_cross_init(struct i40_cross *c, const struct i40_win *w, int64_t tol,
	       int (*emit)(void *ctx, const struct i40_cross_window *w, struct i40_err *err),
	       void *ctx, struct i40_err *err)
{
	memset(c, 0, sizeof *c);
	c->win = w;
	c->tol = tol;
	c->emit = emit;
	c->ctx = ctx;
	c->open_from = INT64_MIN;
	if (w->kind == I40_WIN_COUNT)
		return i40_err_set(err, I40_ERR_CONFIG,
				   "correlation needs time windows: two signals have no common "
				   "reading count");
	if (tol < 0)
		return i40_err_set(err, I40_ERR_CONFIG, "pairing tolerance must not be negative");
	return 0;
}

void
i40_cross_free(struct i40_cross *c)
{
	free(c->side[0].p);
	free(c->side[1].p);
	c->side[0].p = c->side[1].p = NULL;
	c->side[0].cap = c->side[1].cap = 0;
}

static int
push(struct i40_cross_side *s, int64_t ts, double v, struct i40_err *err)
{
	if (s->n == s->cap) {
		/* Reuse the consumed front before growing. */
		if (s->head > 0) {
			memmove(s->p, s->p + s->head, (s->n - s->head) * sizeof *s->p);
			s->n -= s->head;
			s->head = 0;
		}
		if (i40_int_grow((void **)&s->p, &s->cap, s->n + 1, sizeof *s->p) != 0)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory holding %zu readings for a correlation",
					   s->n);
	}
	s->p[s->n].ts = ts;
	s->p[s->n].v = v;
	s->n++;
	return 0;
}

/* First live index of side s with ts >= t, searching from the head. */
static size_t
lower(const struct i40_cross_side *s, int64_t t)
{
	size_t i = s->head;

	while (i < s->n && s->p[i].ts < t)
		i++;
	return i;
}

static void
drop_before(struct i40_cross_side *s, int64_t t)
{
	s->head = lower(s, t);
	if (s->head == s->n)
		s->head = s->n = 0;
}

/* Pair and reduce the readings in [start, end). */
static void
reduce(const struct i40_cross *c, struct i40_cross_window *w)
{
	const struct i40_cross_side *a = &c->side[0], *b = &c->side[1];
	size_t i = lower(a, w->start), ie = lower(a, w->end);
	size_t j = lower(b, w->start), je = lower(b, w->end);
	double n = 0, ma = 0, mb = 0, caa = 0, cbb = 0, cab = 0;

	w->n_a = (int64_t)(ie - i);
	w->n_b = (int64_t)(je - j);
	while (i < ie && j < je) {
		int64_t d = a->p[i].ts - b->p[j].ts;

		if (d <= c->tol && d >= -c->tol) {
			double x = a->p[i].v, y = b->p[j].v, dx, dy;

			n += 1;
			dx = x - ma;
			ma += dx / n;
			dy = y - mb;
			mb += dy / n;
			caa += dx * (x - ma);
			cbb += dy * (y - mb);
			cab += dx * (y - mb);
			i++;
			j++;
		} else if (d < 0) {
			i++;
		} else {
			j++;
		}
	}
	w->npairs = (int64_t)n;
	w->mean_a = n > 0 ? ma : NAN;
	w->mean_b = n > 0 ? mb : NAN;
	w->cov = n > 1 ? cab / (n - 1) : NAN;
	w->r = (n > 1 && caa > 0 && cbb > 0) ? cab / sqrt(caa * cbb) : NAN;
	/* Rounding can push |r| a hair past 1 for perfectly linear pairs. */
	if (w->r > 1)
		w->r = 1;
	if (w->r < -1)
		w->r = -1;
}

static int
earliest(const struct i40_cross *c, int64_t *t)
{
	const struct i40_cross_side *a = &c->side[0], *b = &c->side[1];
	int ha = a->head < a->n, hb = b->head < b->n;

	if (!ha && !hb)
		return 0;
	if (ha && hb)
		*t = a->p[a->head].ts < b->p[b->head].ts ? a->p[a->head].ts : b->p[b->head].ts;
	else
		*t = ha ? a->p[a->head].ts : b->p[b->head].ts;
	return 1;
}

/* Write the windows that end at or before wm (INT64_MAX: all). */
static int
close_upto(struct i40_cross *c, int64_t wm, struct i40_err *err)
{
	const struct i40_win *w = c->win;

	for (;;) {
		struct i40_cross_window cw;
		int64_t t, e;

		if (!earliest(c, &t))
			return 0;
		/* Jump over windows before the earliest reading held. */
		e = i40_win_next_end(w, i40_win_pane_of(w, t));
		if (!c->have_next || e > c->next_e) {
			c->next_e = e;
			c->have_next = 1;
		}
		cw.end = i40_win_pane_end(w, c->next_e);
		if (cw.end > wm)
			return 0;
		cw.start = i40_win_pane_start(w, i40_win_first_pane(w, c->next_e));
		cw.ts = cw.end;
		reduce(c, &cw);
		c->next_e = i40_win_next_end(w, i40_win_pane_next(w, c->next_e));
		c->open_from = i40_win_pane_start(w, i40_win_first_pane(w, c->next_e));
		drop_before(&c->side[0], c->open_from);
		drop_before(&c->side[1], c->open_from);
		if ((cw.n_a > 0 || cw.n_b > 0) && c->emit && c->emit(c->ctx, &cw, err) < 0)
			return -1;
	}
}

static int64_t
watermark(const struct i40_cross *c)
{
	if (!c->side[0].seen || !c->side[1].seen)
		return INT64_MIN;
	return c->side[0].last < c->side[1].last ? c->side[0].last : c->side[1].last;
}

int
i40_cross_add(struct i40_cross *c, int which, int64_t ts, double v, struct i40_err *err)
{
	struct i40_cross_side *s;

	if (which != 0 && which != 1)
		return i40_err_set(err, I40_ERR_CONFIG, "a correlation has signals 0 and 1, not %d",
				   which);
	if (c->finished)
		return i40_err_set(err, I40_ERR_CONFIG, "reading after the end of the correlation");
	s = &c->side[which];
	if (s->seen && ts < s->last)
		return i40_err_set(err, I40_ERR_DATA,
				   "out of time order: %.9g s before the previous reading of the signal",
				   (double)(s->last - ts) * 1e-9);
	if (ts < c->open_from)
		return i40_err_set(err, I40_ERR_DATA,
				   "late reading: its window was already written");
	s->seen = 1;
	s->last = ts;
	if (!isnan(v) && push(s, ts, v, err) < 0)
		return -1;
	return close_upto(c, watermark(c), err);
}

int
i40_cross_advance(struct i40_cross *c, int64_t ts, struct i40_err *err)
{
	int k;

	for (k = 0; k < 2; k++)
		if (!c->side[k].seen || c->side[k].last < ts) {
			c->side[k].seen = 1;
			c->side[k].last = ts;
		}
	return close_upto(c, watermark(c), err);
}

int
i40_cross_finish(struct i40_cross *c, struct i40_err *err)
{
	int rc = 0;

	if (!c->finished)
		rc = close_upto(c, INT64_MAX, err);
	c->finished = 1;
	return rc;
}
