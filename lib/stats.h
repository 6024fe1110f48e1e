/* stats.h - streaming time-domain statistics of one numeric series window.
 *
 * A struct i40_stats is fed (ts, value) pairs one at a time and answers
 * the time-domain features of what it has seen: moments (numerically
 * stable one-pass updates), extremes, compensated sum, first/last and the
 * least-squares trend slope.  Memory is constant unless the accumulator
 * was told to keep the values (percentiles and spectra need them).
 *
 * Undefined results are NAN; on the wire a NAN is an empty field:
 *   n == 0           every feature but count and sum is NAN (sum is 0)
 *   n < 2            var, std are NAN
 *   M2 == 0          (all values equal: a constant signal) skew and kurt
 *                    are NAN; var, std are 0
 *   rms == 0         crest is NAN
 *   one timestamp    slope is NAN (no time spread to fit a trend on)
 * Skewness and kurtosis are the moment estimators g1 = m3/m2^1.5 and
 * g2 = m4/m2^2 - 3 (m_k the k-th central moment with divisor n): a sine
 * over whole periods has g2 = -1.5 exactly.  pandas' skew()/kurt() are
 * the bias-adjusted G1/G2, which differ by O(1/n).
 * NAN inputs are missing values: counted in nmiss, otherwise ignored.
 */
#ifndef I40_STATS_H
#define I40_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct i40_stats {
	int64_t n;          /* values seen (NAN excluded) */
	int64_t nmiss;      /* NAN values skipped */
	double mean;        /* running mean */
	double m2, m3, m4;  /* sums of 2nd..4th powers of deviations from mean */
	double min, max;    /* extremes; meaningful when n > 0 */
	double sum, sumc;   /* Neumaier compensated sum and its correction */
	double first, last; /* first and last value seen */
	int64_t first_ts;   /* timestamp of first value, ns */
	int64_t last_ts;    /* timestamp of last value, ns */
	double tmean;       /* mean of (ts - first_ts) in seconds */
	double tm2;         /* sum of squared deviations of time, s^2 */
	double cxt;         /* co-moment of value and time, units*s */
	int keep;           /* nonzero: store values for percentiles/spectra */
	double *vals;       /* the values in arrival order (keep only) */
	size_t cap;         /* allocated length of vals */
	double *sorted;     /* sorted copy of vals, built on demand */
	size_t sorted_cap;  /* allocated length of sorted */
	int64_t sorted_n;   /* n when sorted was built, -1 when stale */
};

/* Start empty; keep != 0 stores the values (percentiles, median, FFT). */
void i40_stats_init(struct i40_stats *s, int keep);
/* Empty again for the next window, keeping allocated buffers. */
void i40_stats_reset(struct i40_stats *s);
/* Release buffers; the struct may be initialised again. */
void i40_stats_free(struct i40_stats *s);
/* Add one value at ts (ns).  NAN counts as missing.  Returns 0, or -1
 * (I40_ERR_NOMEM) when the value buffer cannot grow. */
int i40_stats_add(struct i40_stats *s, int64_t ts, double x, struct i40_err *err);
/* Fold src into dst as if src's values had been added after dst's
 * (Chan/Pebay pairwise formulas).  Returns 0 or -1 on NOMEM. */
int i40_stats_merge(struct i40_stats *dst, const struct i40_stats *src,
		    struct i40_err *err);

double i40_stats_mean(const struct i40_stats *s);
double i40_stats_var(const struct i40_stats *s);     /* sample, n-1 */
double i40_stats_std(const struct i40_stats *s);     /* sample, n-1 */
double i40_stats_min(const struct i40_stats *s);
double i40_stats_max(const struct i40_stats *s);
double i40_stats_sum(const struct i40_stats *s);
double i40_stats_rms(const struct i40_stats *s);     /* sqrt(mean of x^2) */
double i40_stats_ptp(const struct i40_stats *s);     /* max - min */
double i40_stats_crest(const struct i40_stats *s);   /* max|x| / rms */
double i40_stats_skew(const struct i40_stats *s);    /* g1 */
double i40_stats_kurt(const struct i40_stats *s);    /* excess, g2 */
double i40_stats_first(const struct i40_stats *s);
double i40_stats_last(const struct i40_stats *s);
/* Least-squares slope of value against time, in units per hour. */
double i40_stats_slope(const struct i40_stats *s);
/* Quantile p in [0,1] by linear interpolation between order statistics
 * (GSL's rule, = R type 7 = numpy/pandas "linear"); NAN when the values
 * were not kept, n == 0, p is outside [0,1] or memory for the sorted
 * copy ran out.  Sorts a cached copy, so
 * asking several quantiles of one window sorts once. */
double i40_stats_quantile(struct i40_stats *s, double p);

#endif
