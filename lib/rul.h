/* rul.h - remaining useful life: a trend fitted to a degrading health
 * signal over a sliding window, extrapolated to its failure limit.
 *
 * Model linear: y = a + b t; exponential: y = A exp(b t), fitted as a
 * straight line to log y (y and the limit must be positive).  t is in
 * hours.  The estimate is the time at which the fitted line reaches the
 * limit, counted from the newest record.  Its interval comes from the
 * prediction band of the fit (level, e.g. 95%: yhat(t) +- t_{n-2} s
 * sqrt(1 + 1/n + (t - tbar)^2 / Sxx)): lo_hours is when the band's near
 * edge first reaches the limit, hi_hours when its far edge does (infinite
 * if it never does, e.g. when the slope is not clearly toward the limit).
 */
#ifndef I40_RUL_H
#define I40_RUL_H

#include <stdint.h>

#include "err.h"

enum { I40_RUL_LINEAR = 0, I40_RUL_EXP = 1 };

struct i40_rul_settings {
	int model;          /* I40_RUL_LINEAR or I40_RUL_EXP */
	double limit;       /* failure limit of the signal */
	long window;        /* records in the fit (sliding) */
	long min_points;    /* no estimate before this many records (>= 3) */
	double level;       /* coverage of the interval, e.g. 0.95 */
};

struct i40_rul_out {
	int valid;          /* 0: not enough points, or trend away from the limit */
	double rul_hours;   /* fitted trend reaches the limit in this many hours */
	double lo_hours;    /* lower bound (0 when the band already reaches it) */
	double hi_hours;    /* upper bound (INFINITY when unbounded) */
	double slope;       /* b, per hour (of log y for the exponential model) */
	double resid_sd;    /* residual standard deviation of the fit */
	long n;             /* points in the fit */
};

struct i40_rul;

void i40_rul_defaults(struct i40_rul_settings *s);
struct i40_rul *i40_rul_new(const struct i40_rul_settings *s, struct i40_err *err);
void i40_rul_free(struct i40_rul *r);

/* Add one record and estimate from the window ending at it.  NaN values
 * are skipped.  Returns 0, or -1 (err) for a non-positive value with the
 * exponential model. */
int i40_rul_push(struct i40_rul *r, int64_t ts, double y, struct i40_rul_out *out,
		 struct i40_err *err);

#endif
