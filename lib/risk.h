/* risk.h - failure risk: feature records joined with a maintenance log.
 *
 * i40-detect train reads feature records (i40-features output, or any
 * records) and a log of failures (asset, time, optional reason).  Vectors
 * are aligned as watch.h describes (the latest value of each feature of
 * an asset, at each time one of them has a record); a vector at time t is
 * labelled 1 when the asset fails within (t, t + horizon], 0 when it does
 * not, and left out when the data end before t + horizon without a
 * failure (nobody knows yet).  A logistic model (logit.h) is fitted and
 * cross-validated on blocks of time, so that neighbouring vectors, nearly
 * alike, are never on both sides of a fold.  Training holds its input in
 * memory (it is a batch job).
 */
#ifndef I40_RISK_H
#define I40_RISK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "model.h"
#include "rec.h"
#include "tm.h"

struct i40_risk;

struct i40_risk_report {
	long vectors;              /* labelled vectors used */
	long failures;             /* of them labelled 1 */
	long unknown;              /* left out: the data end before the horizon */
	long events;               /* failures in the log (of assets with data) */
	long assets;
	struct i40_cv cv;          /* cross-validated, at the threshold */
};

/* features NULL (p 0): every numeric signal, in name order. */
struct i40_risk *i40_risk_new(const char *const *features, size_t p, int64_t horizon, struct i40_err *err);
void i40_risk_free(struct i40_risk *r);

/* The maintenance log: CSV with columns asset and ts (or time), and any
 * others (reason); times are read as the record stream's (tz for
 * zone-less ones).  Next returns 1 per failure read, 0 at the end, -1
 * for a bad line (err positioned; its text by i40_risk_log_raw) after
 * which reading goes on. */
struct i40_risk_log;
struct i40_risk_log *i40_risk_log_open(const char *path, const struct i40_tz *tz, struct i40_err *err);
int i40_risk_log_next(struct i40_risk *r, struct i40_risk_log *log, struct i40_err *err);
const char *i40_risk_log_raw(struct i40_risk_log *log, size_t *len);
void i40_risk_log_close(struct i40_risk_log *log);

/* One feature record (numbers only; others are ignored).  -1: time goes
 * back within a series (err). */
int i40_risk_push(struct i40_risk *r, const struct i40_rec *rec, struct i40_err *err);

/* Fit and cross-validate; fills the failure part of a model. */
int i40_risk_fit(struct i40_risk *r, int folds, double threshold, double ridge,
		 struct i40_model_failure *out, struct i40_risk_report *rep, struct i40_err *err);

/* The training report a person reads: counts, the cross-validated
 * figures at the threshold, and the coefficients per unit of each
 * feature (written to fp, e.g. standard output). */
void i40_risk_report_write(FILE *fp, const struct i40_risk_report *rep, const struct i40_model_failure *f,
			   int folds, double threshold);

#endif
