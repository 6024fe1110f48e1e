/* feat.h - feature names: what --features accepts and how each is read.
 *
 * One table maps a name to the accumulator readout, the series kinds it
 * applies to and what it needs (kept values, a spectrum), so that the
 * program, its --help, its man page and the completions all list the
 * same features (the table is walked with i40_feat_info()).
 *
 * Quantiles are written pNN: p95, p99.9, p5 (p50 is the median).
 * Units: as the signal, except var and band (unit^2), slope and rate
 * (per hour), time (seconds in a state), domfreq and centroid (Hz), and
 * the dimensionless crest, skew, kurt, entropy, count, missing, resets,
 * transitions (i40_feat_unit() writes them).  Undefined values are NAN
 * (an empty field).
 *
 * Features that need settings beyond the window are read by the caller:
 * time (one value per state), band (one per configured band: power in
 * it, i40_spec_band_power) and env_bpfi/env_bpfo/env_bsf/env_ftf (the
 * envelope spectrum's amplitude at a bearing defect frequency,
 * i40_spec_amp_at on i40_spec_envelope); i40_feat_value() gives NAN for
 * them.
 */
#ifndef I40_FEAT_H
#define I40_FEAT_H

#include "err.h"
#include "stream.h"
#include "spec.h"

enum i40_feat_id {
	I40_FEAT_COUNT, I40_FEAT_MISSING, I40_FEAT_MEAN, I40_FEAT_MIN,
	I40_FEAT_MAX, I40_FEAT_STD, I40_FEAT_VAR, I40_FEAT_RMS, I40_FEAT_PTP,
	I40_FEAT_CREST, I40_FEAT_SKEW, I40_FEAT_KURT, I40_FEAT_MEDIAN,
	I40_FEAT_QUANTILE, I40_FEAT_SLOPE, I40_FEAT_FIRST, I40_FEAT_LAST,
	I40_FEAT_SUM, I40_FEAT_DELTA, I40_FEAT_RATE, I40_FEAT_RESETS,
	I40_FEAT_TRANSITIONS, I40_FEAT_TIME, I40_FEAT_DOMFREQ,
	I40_FEAT_CENTROID, I40_FEAT_ENTROPY, I40_FEAT_BAND,
	I40_FEAT_ENV_BPFI, I40_FEAT_ENV_BPFO, I40_FEAT_ENV_BSF, I40_FEAT_ENV_FTF
};

/* Series kinds a feature applies to (bit 1 << enum i40_stream_kind). */
#define I40_FEAT_GAUGE   (1u << I40_STREAM_GAUGE)
#define I40_FEAT_COUNTER (1u << I40_STREAM_COUNTER)
#define I40_FEAT_STATE   (1u << I40_STREAM_STATE)

/* What a feature needs besides the constant-size accumulator. */
#define I40_FEAT_NEEDS_VALUES 1u   /* the series must keep its values */
#define I40_FEAT_NEEDS_SPEC   2u   /* a spectrum of the window's values */
#define I40_FEAT_NEEDS_ENV    4u   /* an envelope spectrum of the values */

struct i40_feat {
	enum i40_feat_id id;  /* what to read */
	double arg;           /* quantile: p in [0, 1] */
	char name[24];        /* as written in signal.feature: "p95" */
	unsigned kinds;       /* I40_FEAT_GAUGE | ... */
	unsigned needs;       /* I40_FEAT_NEEDS_* */
};

/* Parse a comma-separated list ("mean,std,p95") into out[0..max-1];
 * returns the number of features, or -1 with I40_ERR_CONFIG naming an
 * unknown or repeated feature and listing the known ones. */
int i40_feat_parse(const char *list, struct i40_feat *out, int max, struct i40_err *err);
/* The union of the needs of f[0..n-1]. */
unsigned i40_feat_needs(const struct i40_feat *f, int n);
/* 1 when feature f means something for a series of kind k. */
int i40_feat_applies(const struct i40_feat *f, enum i40_stream_kind k);
/* The value of f over window accumulator a; sp is the window's spectrum
 * (only read by NEEDS_SPEC features; NULL gives NAN for those).  For
 * I40_FEAT_TIME, the caller asks i40_feat_state_time() per state. */
double i40_feat_value(const struct i40_feat *f, struct i40_acc *a,
		      const struct i40_spec *sp);
/* Seconds spent in state id during the window. */
double i40_feat_state_time(const struct i40_acc *a, int id);
/* The unit of feature f of a signal measured in unit[0..len) (len 0:
 * none known) into buf: "degC", "degC^2", "degC/h", "Hz", "s", or "" for
 * a dimensionless feature or an unknown unit. */
void i40_feat_unit(const struct i40_feat *f, const char *unit, size_t len, char *buf,
		   size_t size);
/* The i-th entry of the table (name, one-line help, kinds); 0, or -1
 * past the end.  The quantile entry is listed as "pNN". */
int i40_feat_info(int i, const char **name, const char **help, unsigned *kinds);

#endif
