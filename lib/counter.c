/* counter.c - counter deltas and rates with resets (rule in counter.h).
 *
 * Kept apart from stats.c because a counter's information is in the
 * differences of consecutive readings, which cross window boundaries:
 * the window only sums increments the caller hands it.
 */
#include <math.h>

#include "counter.h"
#include "i40_int.h"

double
i40_counter_increment(double prev, double cur, int *reset)
{
	int r = cur < prev;

	if (reset)
		*reset = r;
	return r ? cur : cur - prev;
}

void
i40_counter_init(struct i40_counter *c)
{
	c->n = c->resets = 0;
	c->delta = c->deltac = 0;
	c->from_ts = c->to_ts = 0;
}

void
i40_counter_add(struct i40_counter *c, int64_t prev_ts, double prev, int64_t ts,
		double cur)
{
	int reset;
	double inc = i40_counter_increment(prev, cur, &reset);

	if (c->n == 0)
		c->from_ts = prev_ts;
	c->n++;
	c->resets += reset;
	i40_int_sum_add(&c->delta, &c->deltac, inc);
	c->to_ts = ts;
}

void
i40_counter_merge(struct i40_counter *dst, const struct i40_counter *src)
{
	if (src->n == 0)
		return;
	if (dst->n == 0) {
		*dst = *src;
		return;
	}
	dst->n += src->n;
	dst->resets += src->resets;
	i40_int_sum_add(&dst->delta, &dst->deltac, src->delta);
	i40_int_sum_add(&dst->delta, &dst->deltac, src->deltac);
	dst->to_ts = src->to_ts;
}

double
i40_counter_delta(const struct i40_counter *c)
{
	return c->n > 0 ? c->delta + c->deltac : NAN;
}

double
i40_counter_rate(const struct i40_counter *c)
{
	if (c->n == 0 || c->to_ts <= c->from_ts)
		return NAN;
	return (c->delta + c->deltac) / ((double)(c->to_ts - c->from_ts) / 3.6e12);
}
