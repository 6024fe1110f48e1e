/* win.c - window and pane arithmetic (see win.h).
 *
 * Every division here is a floor division: timestamps before 1970 and
 * offsets that make pane 0 start after a reading must still put the
 * reading in the pane that contains it, which C's truncating '/' does
 * not for negative numerators.
 */
#include <stddef.h>

#include "i40_int.h"
#include "win.h"

static int64_t
floor_mod(int64_t a, int64_t b)
{
	return a - i40_int_floor_div(a, b) * b;
}

static int64_t
gcd(int64_t a, int64_t b)
{
	while (b != 0) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static int
setup(struct i40_win *w, enum i40_win_kind kind, int64_t len, int64_t step,
      int64_t offset, const char *unit, struct i40_err *err)
{
	if (len <= 0)
		return i40_err_set(err, I40_ERR_CONFIG,
				   "window length must be positive, not %lld %s",
				   (long long)len, unit);
	if (step <= 0)
		return i40_err_set(err, I40_ERR_CONFIG,
				   "window step must be positive, not %lld %s",
				   (long long)step, unit);
	w->kind = kind;
	w->len = len;
	w->step = step;
	w->offset = floor_mod(offset, step);
	w->pane = gcd(len, step);
	w->npanes = len / w->pane;
	w->stride = step / w->pane;
	w->bounds = NULL;
	w->ctx = NULL;
	if (w->npanes > I40_WIN_MAX_PANES) {
		/* time in seconds: "7200 s stepping by 7 s", not nanoseconds */
		double scale = kind == I40_WIN_TIME ? 1e-9 : 1;

		return i40_err_set(err, I40_ERR_CONFIG,
				   "a window of %g %s stepping by %g needs %lld partial "
				   "windows per series (at most %d): make the length a "
				   "multiple of the step",
				   (double)len * scale, kind == I40_WIN_TIME ? "s" : unit,
				   (double)step * scale, (long long)w->npanes, I40_WIN_MAX_PANES);
	}
	return 0;
}

int
i40_win_time(struct i40_win *w, int64_t len, int64_t step, int64_t offset,
	     struct i40_err *err)
{
	return setup(w, I40_WIN_TIME, len, step, offset, "ns", err);
}

int
i40_win_count(struct i40_win *w, int64_t len, int64_t step, struct i40_err *err)
{
	return setup(w, I40_WIN_COUNT, len, step, 0, "readings", err);
}

int
i40_win_calendar(struct i40_win *w,
		 int (*fn)(void *ctx, int64_t ts, int64_t *start, int64_t *end),
		 void *ctx, struct i40_err *err)
{
	if (fn == NULL)
		return i40_err_set(err, I40_ERR_CONFIG, "calendar windows need a bounds function");
	w->kind = I40_WIN_CALENDAR;
	w->len = w->step = w->pane = 0;
	w->offset = 0;
	w->npanes = w->stride = 1;
	w->bounds = fn;
	w->ctx = ctx;
	return 0;
}

/* Calendar bounds of the window holding ts; a failing callback yields
 * a one-nanosecond window so the caller still makes progress. */
static void
cal_bounds(const struct i40_win *w, int64_t ts, int64_t *start, int64_t *end)
{
	if (w->bounds(w->ctx, ts, start, end) < 0 || !(*start <= ts && ts < *end)) {
		*start = ts;
		*end = ts + 1;
	}
}

int64_t
i40_win_pane_of(const struct i40_win *w, int64_t pos)
{
	int64_t s, e;

	if (w->kind == I40_WIN_CALENDAR) {
		cal_bounds(w, pos, &s, &e);
		return s;
	}
	return i40_int_floor_div(pos - w->offset, w->pane);
}

int64_t
i40_win_pane_start(const struct i40_win *w, int64_t p)
{
	if (w->kind == I40_WIN_CALENDAR)
		return p;
	return w->offset + p * w->pane;
}

int64_t
i40_win_pane_end(const struct i40_win *w, int64_t p)
{
	int64_t s, e;

	if (w->kind == I40_WIN_CALENDAR) {
		cal_bounds(w, p, &s, &e);
		return e;
	}
	return w->offset + (p + 1) * w->pane;
}

int64_t
i40_win_pane_next(const struct i40_win *w, int64_t p)
{
	if (w->kind == I40_WIN_CALENDAR)
		return i40_win_pane_end(w, p);
	return p + 1;
}

int
i40_win_covers(const struct i40_win *w, int64_t p)
{
	if (w->kind == I40_WIN_CALENDAR)
		return 1;
	return floor_mod(p, w->stride) < w->npanes;
}

int
i40_win_ends_at(const struct i40_win *w, int64_t p)
{
	if (w->kind == I40_WIN_CALENDAR)
		return 1;
	/* Count windows start at the first reading, never before it. */
	if (w->kind == I40_WIN_COUNT && p + 1 - w->npanes < 0)
		return 0;
	return floor_mod(p + 1 - w->npanes, w->stride) == 0;
}

int64_t
i40_win_first_pane(const struct i40_win *w, int64_t p)
{
	if (w->kind == I40_WIN_CALENDAR)
		return p;
	return p + 1 - w->npanes;
}

int64_t
i40_win_next_end(const struct i40_win *w, int64_t p)
{
	if (w->kind == I40_WIN_CALENDAR)
		return p;
	if (w->kind == I40_WIN_COUNT && p < w->npanes - 1)
		p = w->npanes - 1;
	return p + floor_mod(w->npanes - 1 - p, w->stride);
}

/* ---- windows on the local clock ---- */

static int64_t
off_ns(const struct i40_tz *tz, int64_t t)
{
	return (int64_t)i40_tz_offset(tz, i40_int_floor_div(t, I40_NS_PER_SEC)) * I40_NS_PER_SEC;
}

/* The first instant in (a, b] whose offset differs from a's (offsets
 * change on whole seconds); a and b must have different offsets. */
static int64_t
change_in(const struct i40_tz *tz, int64_t a, int64_t b)
{
	int64_t oa = off_ns(tz, a), lo = i40_int_floor_div(a, I40_NS_PER_SEC),
		hi = i40_int_floor_div(b, I40_NS_PER_SEC);

	/* off(lo) == oa, off(hi) != oa: bisect on seconds */
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (off_ns(tz, mid * I40_NS_PER_SEC) == oa)
			lo = mid;
		else
			hi = mid;
	}
	return hi * I40_NS_PER_SEC;
}

/* Is the change at t (offset before: ob) a window start? */
static int
starts_at_change(const struct i40_win_local *c, int64_t t, int64_t ob)
{
	int64_t oa = off_ns(c->tz, t), post = t + oa - c->anchor, pre = t + ob - c->anchor;

	if (floor_mod(post, c->len) == 0)
		return 1;
	/* forward jump over [pre, post): does it hold a multiple of len? */
	return oa > ob && i40_int_floor_div(post - 1, c->len) * c->len >= pre;
}

static int64_t
local_start(const struct i40_win_local *c, int64_t ts, int depth)
{
	int64_t o = off_ns(c->tz, ts), t, cand;

	cand = c->anchor + i40_int_floor_div(ts + o - c->anchor, c->len) * c->len - o;
	if (off_ns(c->tz, cand) == o || depth > 4)
		return cand;
	t = change_in(c->tz, cand, ts);
	if (starts_at_change(c, t, off_ns(c->tz, t - 1)))
		return t;
	return local_start(c, t - 1, depth + 1);
}

static int64_t
local_end(const struct i40_win_local *c, int64_t ts, int depth)
{
	int64_t o = off_ns(c->tz, ts), t, cand;

	cand = c->anchor + (i40_int_floor_div(ts + o - c->anchor, c->len) + 1) * c->len - o;
	if (off_ns(c->tz, cand) == o || depth > 4)
		return cand;
	t = change_in(c->tz, ts, cand);
	if (starts_at_change(c, t, o))
		return t;
	return local_end(c, t, depth + 1);
}

int
i40_win_local_bounds(void *ctx, int64_t ts, int64_t *start, int64_t *end)
{
	struct i40_win_local *c = ctx;

	if (!(c->cs <= ts && ts < c->ce)) {
		c->cs = local_start(c, ts, 0);
		c->ce = local_end(c, ts, 0);
	}
	*start = c->cs;
	*end = c->ce;
	return c->cs <= ts && ts < c->ce ? 0 : -1;
}

int
i40_win_local(struct i40_win *w, struct i40_win_local *ctx, const struct i40_tz *tz,
	      int64_t len, struct i40_err *err)
{
	if (!(len > 0 && (I40_NS_PER_DAY % len == 0 || len == 7 * I40_NS_PER_DAY)))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "windows on the local clock must divide a day (1h, 8h, 1d) or be "
				   "a week, not %g s", (double)len * 1e-9);
	ctx->tz = tz;
	ctx->len = len;
	/* 1970-01-05 was a Monday: weeks start there */
	ctx->anchor = len == 7 * I40_NS_PER_DAY ? 4 * I40_NS_PER_DAY : 0;
	ctx->cs = ctx->ce = 0;
	return i40_win_calendar(w, i40_win_local_bounds, ctx, err);
}
