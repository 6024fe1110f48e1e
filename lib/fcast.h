/* fcast.h - forecasting one series: methods, the automatic default, and
 * the result every method fills.
 *
 * A series is a double array of equally spaced periods (NAN for a gap in
 * a measurement; demand has no gaps, missing periods are zeros) with a
 * season length m (12 for months, 52 for weeks, 1 for none).  Every
 * method returns h point forecasts, 80% and 95% interval bounds, and a
 * method name saying what was actually fitted, e.g. "ETS(M,Ad,M)",
 * "SBA (intermittent)", "naive (too short for anything else)".
 */
#ifndef I40_FCAST_H
#define I40_FCAST_H

#include <stddef.h>

#include "cfg.h"
#include "err.h"
#include "period.h"

/* Forecasts for h steps ahead; bounds are NAN when a method has none. */
struct i40_fc {
	int h;                  /* steps */
	double *mean;           /* point forecast of each step */
	double *lo80, *hi80;    /* 80% prediction interval */
	double *lo95, *hi95;    /* 95% prediction interval */
	char method[192];       /* what was fitted, for the method column */
};

enum i40_fcast_method {
	I40_FC_AUTO = 0,        /* the default: see i40_fcast_run() */
	I40_FC_NAIVE,           /* last value */
	I40_FC_SNAIVE,          /* value one season ago */
	I40_FC_DRIFT,           /* random walk with drift */
	I40_FC_SES,             /* ETS(A,N,N) */
	I40_FC_HOLT,            /* ETS(A,A,N) */
	I40_FC_DAMPED,          /* ETS(A,Ad,N) */
	I40_FC_HW_ADD,          /* ETS(A,A,A): additive Holt-Winters */
	I40_FC_HW_MUL,          /* ETS(M,A,M): multiplicative Holt-Winters */
	I40_FC_ETS,             /* ETS chosen by AICc */
	I40_FC_THETA,           /* forecast::thetaf */
	I40_FC_COMB,            /* mean of ETS, Theta and damped trend */
	I40_FC_CROSTON,         /* intermittent demand methods ... */
	I40_FC_SBA,
	I40_FC_TSB,
	I40_FC_ADIDA,
	I40_FC_INTERMITTENT,    /* one of the four chosen by ADI/CV^2 */
	I40_FC_NMETHODS
};

struct i40_fcast_opt {
	enum i40_fcast_method method;
	int nonneg;             /* 1: clamp forecasts and bounds at 0 (demand) */
	unsigned long seed;     /* for simulated intervals; 0 picks a fixed one */
};

/* Allocate the arrays of fc for h steps (h >= 1). */
int i40_fcast_alloc(struct i40_fc *fc, int h, struct i40_err *err);

/* Free what i40_fcast_alloc() allocated; fc may be zeroed or NULL. */
void i40_fcast_free(struct i40_fc *fc);

/* Method by name ("auto", "naive", "snaive", "drift", "ses", "holt",
 * "damped", "hw", "hw-mul", "ets", "theta", "comb", "croston", "sba",
 * "tsb", "adida", "intermittent"); -1 when unknown. */
int i40_fcast_method_parse(const char *name);

/* Name of a method as i40_fcast_method_parse() takes it. */
const char *i40_fcast_method_str(enum i40_fcast_method method);

/* Forecast y[0..n-1] (season length m >= 1) fc->h steps ahead with
 * opt->method (opt may be NULL: the default).  Gaps (NAN) inside the
 * series are interpolated, leading and trailing ones dropped.  Short or
 * degenerate series get the sensible method and say so in fc->method:
 * all zeros, constant, too short for seasonality, too short for anything
 * but naive.  The default (I40_FC_AUTO) classifies the series by
 * ADI/CV^2: intermittent or lumpy demand goes to I40_FC_INTERMITTENT,
 * everything else to I40_FC_COMB.  Returns 0, or -1 when the series has
 * no value at all. */
int i40_fcast_run(const double *y, int n, int m, const struct i40_fcast_opt *opt,
		  struct i40_fc *fc, struct i40_err *err);

/* Parse a comma-separated list of method names ("auto,ets,snaive") into
 * out[0..max).  Returns the count, or -1 (a config error naming the
 * methods there are) on an unknown or repeated name. */
int i40_fcast_methods(const char *list, enum i40_fcast_method *out, int max, struct i40_err *err);

/* The plant file's forecast: section (see i40-forecast(1)); a setting
 * not given is 0 or NULL, and the command line or the built-in default
 * applies. */
struct i40_fcast_cfg {
	int has_period;                   /* period given */
	enum i40_period_unit period;
	long horizon, season, origins;    /* 0: not given */
	const char *method;               /* method list, NULL: not given */
	const struct i40_node *aggregate; /* map signal -> sum, mean or delta */
};

/* Read and check the section (NULL: nothing set).  Returns 0, or -1
 * with the position of the bad key or value. */
int i40_fcast_config(const struct i40_node *sec, struct i40_fcast_cfg *cfg, struct i40_err *err);

/* The check that lib/plant.c runs on every load. */
int i40_fcast_check_config(const struct i40_node *sec, struct i40_err *err);

/* The aggregate: rule the section sets for a signal: 1 (set in *agg) or 0. */
int i40_fcast_config_agg(const struct i40_fcast_cfg *cfg, const char *signal, size_t len,
			 enum i40_agg *agg);

#endif
