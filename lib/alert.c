/* alert.c - debounce, hysteresis and cooldown of scores into episodes,
 * and the "no data" deadman.  See alert.h for the state diagram. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"

void
i40_alert_defaults(struct i40_alert_settings *s)
{
	memset(s, 0, sizeof *s);
	s->on = 0.5;
	s->off = 0.4;
	s->min_points = 1;
	s->cooldown_points = 10;
}

void
i40_alert_init(struct i40_alert *a, const struct i40_alert_settings *s)
{
	memset(a, 0, sizeof *a);
	a->set = *s;
	if (!(a->set.off <= a->set.on))
		a->set.off = a->set.on;
	if (a->set.min_points < 1)
		a->set.min_points = 1;
	a->state = I40_ALERT_IDLE;
}

static void
begin(struct i40_alert *a, int64_t ts, double score)
{
	memset(&a->cur, 0, sizeof a->cur);
	a->cur.start = ts;
	a->cur.end = ts;
	a->cur.peak = score;
	a->cur.peak_ts = ts;
	a->cur.points = 1;
	a->run = 1;
}

static void
extend(struct i40_alert *a, int64_t ts, double score)
{
	a->cur.points++;
	if (score > a->cur.peak) {
		a->cur.peak = score;
		a->cur.peak_ts = ts;
	}
}

/* Raise the pending episode once the debounce is satisfied. */
static int
try_raise(struct i40_alert *a, int64_t ts)
{
	if (a->run < a->set.min_points || ts - a->cur.start < a->set.min_ns)
		return 0;
	a->state = I40_ALERT_ACTIVE;
	a->cur.raised = ts;
	a->cur.end = ts;
	return I40_ALERT_FLAG | I40_ALERT_RAISED;
}

int
i40_alert_push(struct i40_alert *a, int64_t ts, double score, struct i40_episode *done)
{
	int above_on = !isnan(score) && score >= a->set.on;
	int above_off = !isnan(score) && score >= a->set.off;
	int ret = 0;

	switch (a->state) {
	case I40_ALERT_IDLE:
		if (!above_on)
			break;
		begin(a, ts, score);
		a->state = I40_ALERT_PENDING;
		ret |= try_raise(a, ts);
		break;
	case I40_ALERT_PENDING:
		if (!above_on) {
			a->state = I40_ALERT_IDLE;  /* a blip, forgotten */
			break;
		}
		a->run++;
		extend(a, ts, score);
		ret |= try_raise(a, ts);
		break;
	case I40_ALERT_ACTIVE:
		extend(a, ts, score);
		if (above_off) {
			a->cur.end = ts;
			ret |= I40_ALERT_FLAG;
		} else {
			a->state = I40_ALERT_COOLING;
			a->cool_points = 1;
			a->cool_start = ts;
			a->cur.points--;  /* this record is not part of the episode */
		}
		break;
	case I40_ALERT_COOLING:
		if (above_on) {
			/* the same fault again: the episode goes on */
			a->cur.points += a->cool_points;
			extend(a, ts, score);
			a->cur.end = ts;
			a->state = I40_ALERT_ACTIVE;
			ret |= I40_ALERT_FLAG;
			break;
		}
		a->cool_points++;
		break;
	}
	if (a->state == I40_ALERT_COOLING && a->cool_points >= a->set.cooldown_points &&
	    ts - a->cool_start >= a->set.cooldown_ns) {
		if (done)
			*done = a->cur;
		a->state = I40_ALERT_IDLE;
		ret |= I40_ALERT_CLOSED;
	}
	return ret;
}

int
i40_alert_finish(struct i40_alert *a, struct i40_episode *done)
{
	if (a->state != I40_ALERT_ACTIVE && a->state != I40_ALERT_COOLING) {
		a->state = I40_ALERT_IDLE;
		return 0;
	}
	if (done)
		*done = a->cur;
	a->state = I40_ALERT_IDLE;
	return 1;
}

void
i40_deadman_init(struct i40_deadman *d, int64_t expected_ns, double factor)
{
	memset(d, 0, sizeof *d);
	d->expected_ns = expected_ns;
	d->factor = factor > 0 ? factor : 3.0;
	d->last_ts = INT64_MIN;
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t
i40_deadman_expected(const struct i40_deadman *d)
{
	int64_t g[31];

	if (d->expected_ns > 0)
		return d->expected_ns;
	if (d->ngaps < 3)
		return 0;
	memcpy(g, d->gaps, (size_t)d->ngaps * sizeof g[0]);
	qsort(g, (size_t)d->ngaps, sizeof g[0], cmp64);
	return g[d->ngaps / 2];
}

int
i40_deadman_check(struct i40_deadman *d, int64_t now)
{
	int64_t e = i40_deadman_expected(d);

	if (d->firing || e <= 0 || d->last_ts == INT64_MIN)
		return 0;
	if ((double)(now - d->last_ts) > d->factor * (double)e) {
		d->firing = 1;
		return 1;
	}
	return 0;
}

int
i40_deadman_seen(struct i40_deadman *d, int64_t ts)
{
	int was = d->firing;

	if (d->last_ts != INT64_MIN && ts > d->last_ts) {
		/* learn from normal gaps only: a silence is not the rhythm */
		if (!was) {
			d->gaps[d->gpos] = ts - d->last_ts;
			d->gpos = (d->gpos + 1) % 31;
			if (d->ngaps < 31)
				d->ngaps++;
		}
	}
	if (d->last_ts == INT64_MIN || ts > d->last_ts)
		d->last_ts = ts;
	d->firing = 0;
	return was;
}
