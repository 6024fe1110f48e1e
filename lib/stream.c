/* stream.c - the streaming window engine of one series (see stream.h).
 *
 * Readings go into the accumulator of their pane (win.h); when the
 * stream moves past the last pane of a window, the window's panes are
 * merged and handed to the caller.  So a hopping window of 1h every 5
 * min costs one accumulator update per reading and 12 merges per
 * window, not 12 updates per reading, and a tumbling window is one pane.
 * Windows are found by walking the panes from the latest one: only the
 * npanes windows that can still contain it are candidates, however long
 * the gap before the next reading.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "stream.h"

static int64_t
slot_of(int64_t p, int64_t n)
{
	int64_t r = p % n;

	return r < 0 ? r + n : r;
}

static void
acc_init(struct i40_acc *a, int keep)
{
	a->nread = 0;
	a->t_first = a->t_last = 0;
	i40_stats_init(&a->st, keep);
	i40_counter_init(&a->ct);
	i40_state_init(&a->ss);
}

static void
acc_reset(struct i40_acc *a)
{
	a->nread = 0;
	a->t_first = a->t_last = 0;
	i40_stats_reset(&a->st);
	i40_counter_init(&a->ct);
	i40_state_reset(&a->ss);
}

static void
acc_free(struct i40_acc *a)
{
	i40_stats_free(&a->st);
	i40_state_free(&a->ss);
}

static int
acc_empty(const struct i40_acc *a)
{
	return a->nread == 0 && a->ss.covered == 0;
}

/* Fold pane src (later in time) into window dst. */
static int
acc_merge(struct i40_acc *dst, const struct i40_acc *src, struct i40_err *err)
{
	if (acc_empty(src))
		return 0;
	if (src->nread > 0) {
		if (dst->nread == 0)
			dst->t_first = src->t_first;
		dst->t_last = src->t_last;
		dst->nread += src->nread;
	}
	if (i40_stats_merge(&dst->st, &src->st, err) < 0)
		return -1;
	i40_counter_merge(&dst->ct, &src->ct);
	return i40_state_merge(&dst->ss, &src->ss, err);
}

int
i40_stream_init(struct i40_stream *s, const struct i40_win *w,
		enum i40_stream_kind kind, int keep,
		int (*emit)(void *ctx, struct i40_window *w, struct i40_err *err),
		void *ctx, struct i40_err *err)
{
	int64_t i;

	s->win = w;
	s->kind = kind;
	s->keep = keep != 0;
	s->ring = NULL;
	s->nslots = 0;
	s->curp = NULL;
	s->started = s->finished = 0;
	s->cur = s->cur_end = s->done = 0;
	s->seq = s->last_ts = 0;
	s->have_prev = 0;
	s->prev = 0;
	s->prev_ts = 0;
	i40_labels_init(&s->labels);
	s->state = -1;
	s->state_ts = 0;
	s->emit = emit;
	s->ctx = ctx;
	acc_init(&s->out, s->keep);
	if (kind == I40_STREAM_STATE && w->kind == I40_WIN_COUNT)
		return i40_err_set(err, I40_ERR_CONFIG,
				   "state signals need time windows, not windows of a number of readings");
	s->ring = calloc((size_t)w->npanes, sizeof *s->ring);
	if (s->ring == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for %lld window panes",
				   (long long)w->npanes);
	s->nslots = w->npanes;
	for (i = 0; i < s->nslots; i++)
		acc_init(&s->ring[i].acc, s->keep);
	return 0;
}

void
i40_stream_free(struct i40_stream *s)
{
	int64_t i;

	for (i = 0; i < s->nslots; i++)
		acc_free(&s->ring[i].acc);
	free(s->ring);
	s->ring = NULL;
	s->nslots = 0;
	acc_free(&s->out);
	i40_labels_free(&s->labels);
}

/* Merge the panes of the window ending with pane e and emit it. */
static int
emit_window(struct i40_stream *s, int64_t e, struct i40_err *err)
{
	const struct i40_win *w = s->win;
	struct i40_window win;
	int64_t j = i40_win_first_pane(w, e), i;

	acc_reset(&s->out);
	for (i = 0; i < w->npanes; i++) {
		const struct i40_pane *p = &s->ring[slot_of(j, s->nslots)];

		if (p->used && p->idx == j && acc_merge(&s->out, &p->acc, err) < 0)
			return -1;
		j = i40_win_pane_next(w, j);
	}
	if (acc_empty(&s->out))
		return 0;
	win.kind = s->kind;
	win.acc = &s->out;
	win.labels = &s->labels;
	if (w->kind == I40_WIN_COUNT) {
		win.by_count = 1;
		win.start = s->out.t_first;
		win.end = win.ts = s->out.t_last;
		win.nominal = w->len;
	} else {
		win.by_count = 0;
		win.start = i40_win_pane_start(w, i40_win_first_pane(w, e));
		win.end = win.ts = i40_win_pane_end(w, e);
		win.nominal = win.end - win.start;
	}
	return s->emit ? s->emit(s->ctx, &win, err) : 0;
}

/* Emit the windows that end in panes before q (q = INT64_MAX: all). */
static int
close_before(struct i40_stream *s, int64_t q, struct i40_err *err)
{
	const struct i40_win *w = s->win;
	int64_t e = s->cur, i;

	/* Only windows ending in cur .. cur+npanes-1 can hold data. */
	for (i = 0; i < w->npanes && e < q; i++) {
		if (e >= s->done && i40_win_ends_at(w, e)) {
			s->done = e + 1;
			if (emit_window(s, e, err) < 0)
				return -1;
		}
		e = i40_win_pane_next(w, e);
	}
	if (q > s->done)
		s->done = q;
	return 0;
}

/* Make pane q (>= cur) the current one, closing windows before it. */
static int
move_to(struct i40_stream *s, int64_t q, struct i40_err *err)
{
	int rc = 0;
	struct i40_pane *p;

	if (!s->started) {
		s->started = 1;
		s->done = q;
	} else if (q > s->cur) {
		rc = close_before(s, q, err);
	} else {
		return 0;
	}
	s->cur = q;
	s->cur_end = i40_win_pane_end(s->win, q);
	p = &s->ring[slot_of(q, s->nslots)];
	if (!p->used || p->idx != q) {
		acc_reset(&p->acc);
		p->idx = q;
		p->used = 1;
	}
	s->curp = p;
	return rc;
}

static int
check_order(const struct i40_stream *s, int64_t ts, struct i40_err *err)
{
	if (s->finished)
		return i40_err_set(err, I40_ERR_CONFIG, "reading after the end of the series");
	if (s->started && ts < s->last_ts)
		return i40_err_set(err, I40_ERR_DATA,
				   "out of time order: %.9g s before the previous reading of the series",
				   (double)(s->last_ts - ts) * 1e-9);
	return 0;
}

static int
late(struct i40_err *err)
{
	return i40_err_set(err, I40_ERR_DATA, "late reading: its window was already written");
}

static void
count_reading(struct i40_acc *a, int64_t ts)
{
	if (a->nread == 0)
		a->t_first = ts;
	a->t_last = ts;
	a->nread++;
}

int
i40_stream_add(struct i40_stream *s, int64_t ts, double x, struct i40_err *err)
{
	const struct i40_win *w = s->win;
	int64_t pos, q;
	struct i40_acc *a;

	if (s->kind == I40_STREAM_STATE)
		return i40_err_set(err, I40_ERR_DATA, "a state signal needs a state name, not a number");
	if (check_order(s, ts, err) < 0)
		return -1;
	pos = w->kind == I40_WIN_COUNT ? s->seq : ts;
	if (s->started && pos < s->cur_end) {
		q = s->cur;
		if (q < s->done)
			return late(err);
	} else {
		q = i40_win_pane_of(w, pos);
		if (s->started && q < s->done)
			return late(err);
		if (move_to(s, q, err) < 0)
			return -1;
	}
	if (i40_win_covers(w, q)) {
		a = &s->curp->acc;
		count_reading(a, ts);
		if (i40_stats_add(&a->st, ts, x, err) < 0)
			return -1;
		if (s->kind == I40_STREAM_COUNTER && s->have_prev && !isnan(x))
			i40_counter_add(&a->ct, s->prev_ts, s->prev, ts, x);
	}
	if (s->kind == I40_STREAM_COUNTER && !isnan(x)) {
		s->have_prev = 1;
		s->prev = x;
		s->prev_ts = ts;
	}
	s->last_ts = ts;
	s->seq++;
	/* A count window is complete with its last reading: write it now
	 * rather than when the next reading comes, which may be much later. */
	if (w->kind == I40_WIN_COUNT && s->seq == s->cur_end)
		return close_before(s, q + 1, err);
	return 0;
}

/* State id held from a to b: cut at pane boundaries, closing windows. */
static int
hold(struct i40_stream *s, int id, int64_t a, int64_t b, struct i40_err *err)
{
	const struct i40_win *w = s->win;
	int64_t j, ps, pe, lo, hi;

	if (b <= a)
		return 0;
	j = i40_win_pane_of(w, a);
	for (;;) {
		if (move_to(s, j, err) < 0)
			return -1;
		ps = i40_win_pane_start(w, j);
		pe = s->cur_end;
		lo = a > ps ? a : ps;
		hi = b < pe ? b : pe;
		if (hi > lo && i40_win_covers(w, j) &&
		    i40_state_time(&s->curp->acc.ss, id, hi - lo, err) < 0)
			return -1;
		if (pe >= b)
			return 0;
		j = i40_win_pane_next(w, j);
	}
}

int
i40_stream_add_state(struct i40_stream *s, int64_t ts, const char *name,
		     struct i40_err *err)
{
	int id;
	int64_t q;

	if (s->kind != I40_STREAM_STATE)
		return i40_err_set(err, I40_ERR_DATA, "value \"%s\" is not a number", name);
	if (check_order(s, ts, err) < 0)
		return -1;
	q = i40_win_pane_of(s->win, ts);
	if (s->started && q < s->done)
		return late(err);
	id = i40_labels_id(&s->labels, name, err);
	if (id < 0)
		return -1;
	if (s->state >= 0 && hold(s, s->state, s->state_ts, ts, err) < 0)
		return -1;
	if (move_to(s, q, err) < 0)
		return -1;
	if (i40_win_covers(s->win, q)) {
		count_reading(&s->curp->acc, ts);
		i40_state_reading(&s->curp->acc.ss, s->state >= 0 && id != s->state);
	}
	s->state = id;
	s->state_ts = ts;
	s->last_ts = ts;
	return 0;
}

int
i40_stream_advance(struct i40_stream *s, int64_t ts, struct i40_err *err)
{
	int64_t q;

	if (!s->started || s->finished || s->win->kind == I40_WIN_COUNT)
		return 0;
	if (s->kind == I40_STREAM_STATE && ts > s->state_ts) {
		if (hold(s, s->state, s->state_ts, ts, err) < 0)
			return -1;
		s->state_ts = ts;
		s->last_ts = ts;
	}
	q = i40_win_pane_of(s->win, ts);
	if (q > s->cur)
		return close_before(s, q, err);
	return 0;
}

int
i40_stream_finish(struct i40_stream *s, struct i40_err *err)
{
	int rc = 0;

	if (s->started && !s->finished)
		rc = close_before(s, INT64_MAX, err);
	s->finished = 1;
	return rc;
}

double
i40_window_coverage(const struct i40_window *w, int64_t period_ns)
{
	double c;

	if (w->kind == I40_STREAM_STATE) {
		if (w->end <= w->start)
			return NAN;
		c = (double)w->acc->ss.covered / (double)(w->end - w->start);
	} else if (w->by_count) {
		c = (double)w->acc->nread / (double)w->nominal;
	} else {
		if (period_ns <= 0 || w->nominal <= 0)
			return NAN;
		c = (double)w->acc->nread * (double)period_ns / (double)w->nominal;
	}
	return c > 1 ? 1 : c;
}
