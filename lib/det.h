/* det.h - univariate anomaly detectors of one series, fed one record at a time.
 *
 * A detector is created from a settings struct, learns during a warm-up
 * (the first learn_points records, or learn_ns of time, whichever ends
 * later), then scores every record causally: the score of a record
 * depends only on it and the records before it.  Memory is fixed at
 * creation (window lengths), never grows with the input.
 *
 * Every method measures an exceedance e >= 0: how many times its own
 * control limit the record is (e = 1 exactly at the limit), and reports
 *
 *     score = e / (1 + e)       in [0, 1), 0.5 at the limit,
 *
 * so one alert threshold (0.5) means "the method's limit is crossed" for
 * every method, and combined methods compare on one scale (the highest
 * score wins and gives the reason).  What e is for each method:
 *
 *   limits    |x - c| / h inside two limits lo < hi (c centre, h half
 *             width), 1 + |x - limit| / h beyond; one-sided: 0 inside,
 *             1 + excess / max(|limit|, 1) beyond
 *   roc       |dx/dt| (per second) / roc_max
 *   rz        |x - median| / (1.4826 MAD) / rz_limit over the previous
 *             rz_window records
 *   ewma      |z_i - mu0| / (L sigma sqrt(lambda/(2-lambda) (1-(1-lambda)^2i)))
 *   cusum     max(C+, C-) / (h sigma), tabular CUSUM with reference k sigma
 *   shewhart  |x - mu0| / (3 sigma), and at least 1 when a run rule fires
 *   seasonal  |x - mean[slot]| / (seasonal_limit sd[slot])
 *   adaptive  how far a part of the record (its level, changes, recent
 *             mean, spread or drift) goes beyond the most extreme values
 *             that part reached in the series' remembered blocks, in
 *             scales of their tail, over the distance at which that is
 *             as rare as alpha per record (see adapt.c)
 */
#ifndef I40_DET_H
#define I40_DET_H

#include <stddef.h>
#include <stdint.h>

#include "adapt.h"
#include "err.h"

#define I40_DET_MAXSLOTS 336   /* e.g. 48 half-hours x 7 days */
#define I40_DET_MAXLEARN 20000  /* records kept for learning, at most (the latest) */

enum i40_det_method {
	I40_DET_ADAPTIVE = 0,
	I40_DET_LIMITS,
	I40_DET_ROC,
	I40_DET_RZ,
	I40_DET_EWMA,
	I40_DET_CUSUM,
	I40_DET_SHEWHART,
	I40_DET_SEASONAL,
	I40_DET_NMETHODS
};

/* Run rules of the Shewhart chart, as bits of shewhart_rules. */
enum {
	I40_RULE_WE1 = 1 << 0,   /* 1 point beyond 3 sigma (= Nelson 1) */
	I40_RULE_WE2 = 1 << 1,   /* 2 of 3 beyond 2 sigma, same side (= Nelson 5) */
	I40_RULE_WE3 = 1 << 2,   /* 4 of 5 beyond 1 sigma, same side (= Nelson 6) */
	I40_RULE_WE4 = 1 << 3,   /* 8 in a row on one side of the centre */
	I40_RULE_N2 = 1 << 4,    /* 9 in a row on one side of the centre */
	I40_RULE_N3 = 1 << 5,    /* 6 in a row steadily increasing or decreasing */
	I40_RULE_N4 = 1 << 6,    /* 14 in a row alternating up and down */
	I40_RULE_N7 = 1 << 7,    /* 15 in a row within 1 sigma (stratification) */
	I40_RULE_N8 = 1 << 8     /* 8 in a row beyond 1 sigma, both sides (mixture) */
};
#define I40_RULES_WE (I40_RULE_WE1 | I40_RULE_WE2 | I40_RULE_WE3 | I40_RULE_WE4)
#define I40_RULES_NELSON (I40_RULE_WE1 | I40_RULE_WE2 | I40_RULE_WE3 | I40_RULE_N2 | \
	I40_RULE_N3 | I40_RULE_N4 | I40_RULE_N7 | I40_RULE_N8)

struct i40_det_settings {
	unsigned methods;        /* bits 1u << I40_DET_*; 0 means adaptive */
	long learn_points;       /* warm-up length in records (0: 600, or 2 with a time) */
	int64_t learn_ns;        /* and/or in time (0: none); both given: the later end */

	double lo, hi;           /* limits: static limits (NaN: none) */
	double roc_max;          /* roc: largest normal |dx/dt| per second */
	long rz_window;          /* rz: window length in records */
	double rz_limit;         /* rz: limit on the robust z */
	double ewma_lambda;      /* ewma: smoothing weight in (0,1] */
	double ewma_L;           /* ewma: width of the limits in sigmas */
	double cusum_k;          /* cusum: reference value in sigmas */
	double cusum_h;          /* cusum: decision interval in sigmas */
	unsigned shewhart_rules; /* shewhart: I40_RULE_* bits */
	int nslots;              /* seasonal: slots per season (1..I40_DET_MAXSLOTS) */
	double seasonal_limit;   /* seasonal: limit in slot sigmas */
	struct i40_adapt_settings adapt; /* adaptive (adapt.h) */

	/* Given parameters instead of learned ones (NaN: learn). */
	double mu0, sigma;       /* ewma, cusum, shewhart */
};

/* What was learned in the warm-up: a plain struct, so that a model file
 * can store it and a later run start from it without relearning. */
struct i40_det_model {
	long n;                  /* records learned on */
	double mean, sd;         /* mean and standard deviation of the warm-up */
	double median, mad;      /* median and raw MAD of the warm-up */
	int nslots;              /* seasonal slots (0: no seasonal profile) */
	double slot_mean[I40_DET_MAXSLOTS];  /* seasonal: mean per slot */
	double slot_sd[I40_DET_MAXSLOTS];    /* seasonal: sd per slot (pooled if few) */
	long slot_n[I40_DET_MAXSLOTS];       /* seasonal: records per slot */
	long period;             /* adaptive: detected period in records (0: none) */
	double period_acf;       /* adaptive: autocorrelation at that period */
	int64_t step;            /* adaptive: median sampling interval (ns; 0: unknown) */
	int64_t warm_end;        /* adaptive: time of the last warm-up record */
};

/* The outcome for one record: the score, and what gave it (for the
 * reason a person reads, formatted only when wanted: i40_det_reason). */
struct i40_det_out {
	double score;            /* in [0,1]; 0 while learning, NaN for a NaN value */
	int method;              /* I40_DET_* that gave the score, -1 while learning */
	int learning;            /* 1 during the warm-up */
	int part;                /* adaptive: I40_ADAPT_* (adapt.h); limits: +1 above, -1 below,
	                            0 inside; shewhart: the rule bits that fired */
	double z;                /* signed distance from the usual, in the method's
	                            scale (robust sds, sigmas; adaptive: tail scales
	                            beyond the remembered extreme); NaN when none */
	double usual;            /* what the record was compared with: the usual level,
	                            the chart's centre, or the limit crossed */
	double stat;             /* the method's statistic: the rate (roc), the EWMA,
	                            the CUSUM in sigmas, the slot (seasonal), the
	                            part's value (adaptive) */
	double limit;            /* the limit of stat (roc, ewma; adaptive: the
	                            remembered extreme it went beyond) */
	long count;              /* cusum: records accumulated */
	int cycle;               /* adaptive: compared with past cycles */
};

struct i40_det;

/* Settings with every default filled (adaptive method). */
void i40_det_defaults(struct i40_det_settings *s);

/* Name of a method ("adaptive", "ewma", ...) and back (-1 if unknown). */
const char *i40_det_method_name(int method);
int i40_det_method_parse(const char *name);

/* A new detector; NULL with err filled on a bad setting or no memory. */
struct i40_det *i40_det_new(const struct i40_det_settings *s, struct i40_err *err);

/* A detector that starts from a learned model: no warm-up.  warm[0..nwarm)
 * are the warm-up values (i40_det_warmup) that the adaptive method
 * replays to fill its history, so that it scores exactly as the detector
 * that learned the model (exactly, when the warm-up was sampled at its
 * regular step: the replay places the values at that step before
 * warm_end); NULL/0 starts with an empty history. */
struct i40_det *i40_det_new_model(const struct i40_det_settings *s, const struct i40_det_model *m,
				  const double *warm, long nwarm, struct i40_err *err);

void i40_det_free(struct i40_det *d);

/* Score one record.  slot is the seasonal slot of ts in the caller's time
 * zone (0..nslots-1), or -1 when unknown.  A NaN value is skipped (score
 * NaN, state unchanged).  Returns 0, or -1 when ts goes backwards. */
int i40_det_push(struct i40_det *d, int64_t ts, double value, int slot,
		 struct i40_det_out *out, struct i40_err *err);

/* End the warm-up now (with what was seen, at least 2 records): a
 * baseline file ended.  Returns 0, or -1 if too few records. */
int i40_det_learn_now(struct i40_det *d);

/* The learned parameters; returns 0 once the warm-up is over, -1 before. */
int i40_det_model_get(const struct i40_det *d, struct i40_det_model *m);

/* The warm-up values kept for the adaptive method's replay (NULL, 0 when
 * the detector has none: another method, or started without them). */
const double *i40_det_warmup(const struct i40_det *d, long *n);

/* Records still to see before the warm-up ends (0 when learned). */
long i40_det_learning_left(const struct i40_det *d);

/* The reason of an outcome in a few words ("level z 6.2", "above high
 * limit 10"); "" when there is none.  Returns the length. */
size_t i40_det_reason(const struct i40_det_out *o, char *buf, size_t size);

/* e / (1 + e), the score of an exceedance e. */
double i40_det_score(double e);

#endif
