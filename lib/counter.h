/* counter.h - increments of a cumulative counter over a window.
 *
 * A counter (parts made, kWh, operating hours) only grows, except when it
 * restarts: a PLC reboot, a meter replaced, a 16-bit register wrapping.
 * The rule, the one Prometheus uses:
 *   cur >= prev   the increment is cur - prev
 *   cur <  prev   a reset: the counter restarted from 0, so the increment
 *                 is cur (counts between prev and the restart are lost;
 *                 a wrap-around loses max - prev)
 * Each increment belongs to the window holding its later reading, so the
 * deltas of consecutive tumbling windows add up to the series' total.
 * NAN readings are missing: the caller skips them and the next increment
 * runs from the last real reading.
 */
#ifndef I40_COUNTER_H
#define I40_COUNTER_H

#include <stdint.h>

struct i40_counter {
	int64_t n;          /* increments counted */
	int64_t resets;     /* of which were resets */
	double delta;       /* sum of increments (compensated) */
	double deltac;      /* its compensation term */
	int64_t from_ts;    /* ts of the reading before the first increment */
	int64_t to_ts;      /* ts of the reading ending the last increment */
};

/* The increment from prev to cur under the reset rule; *reset (if not
 * NULL) is set to 1 when cur < prev, else 0. */
double i40_counter_increment(double prev, double cur, int *reset);
void i40_counter_init(struct i40_counter *c);
/* Count the increment between two consecutive non-NAN readings. */
void i40_counter_add(struct i40_counter *c, int64_t prev_ts, double prev,
		     int64_t ts, double cur);
/* Fold src (later in time) into dst. */
void i40_counter_merge(struct i40_counter *dst, const struct i40_counter *src);
/* Sum of increments; NAN when the window holds no increment (its only
 * reading is the series' first). */
double i40_counter_delta(const struct i40_counter *c);
/* delta per hour over the time the increments span (from the reading
 * before the first increment to the last reading); NAN when no time
 * elapsed. */
double i40_counter_rate(const struct i40_counter *c);

#endif
