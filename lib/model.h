/* model.h - what i40-detect learned, as a readable YAML file.
 *
 * A model file holds, per series, what its detectors learned in the
 * warm-up (and the warm-up values the adaptive method replays, so that a
 * detector started from the file scores exactly as the one that learned
 * it), per multivariate group its mean and covariance, and the failure
 * model of i40-detect train.  It is written by --save-model and read by
 * --model through lib/cfg, so a damaged or hand-edited file gets an error
 * with its line and column.  The format is in i40-detect(1), MODEL FILE.
 */
#ifndef I40_MODEL_H
#define I40_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "det.h"
#include "err.h"
#include "logit.h"
#include "mvar.h"

struct i40_model_series {
	char *asset, *signal;
	struct i40_det_model det;
	double *warm;              /* warm-up values for the adaptive replay */
	long nwarm;
	int64_t interval;          /* the no-data watch's learned interval (0: none) */
};

struct i40_model_group {
	char *asset, *name;
	char **signals;
	size_t p;
	struct i40_t2 t2;
};

struct i40_model_failure {
	int present;
	char **features;           /* signal names, in the order of the coefficients */
	size_t p;
	struct i40_logit lg;
	int64_t horizon;           /* label: fails within this time */
	double threshold;          /* alert at p_fail >= threshold */
	long vectors, failures;    /* what it was trained on */
	int folds;
	double auc, precision, recall;   /* cross-validated */
};

struct i40_model {
	struct i40_model_series *series;
	size_t nseries, scap;
	struct i40_model_group *groups;
	size_t ngroups, gcap;
	struct i40_model_failure failure;
	struct i40_series *sindex; /* (asset, signal) -> series */
	struct i40_series *gindex; /* (asset, group name) -> group */
};

int i40_model_init(struct i40_model *m, struct i40_err *err);
void i40_model_free(struct i40_model *m);

/* Add a series (copies everything); warm may be NULL. */
int i40_model_add_series(struct i40_model *m, const char *asset, const char *signal,
			 const struct i40_det_model *det, const double *warm, long nwarm,
			 int64_t interval, struct i40_err *err);
/* Add a group (copies; the T^2 model's arrays are copied too). */
int i40_model_add_group(struct i40_model *m, const char *asset, const char *name,
			const char *const *signals, size_t p, const struct i40_t2 *t2, struct i40_err *err);

/* Lookups; NULL when absent. */
const struct i40_model_series *i40_model_find_series(const struct i40_model *m, const char *asset,
						     size_t alen, const char *signal, size_t slen);
const struct i40_model_group *i40_model_find_group(const struct i40_model *m, const char *asset,
						   size_t alen, const char *name);

/* Write as YAML; -1 (errno) when a write failed. */
int i40_model_write(const struct i40_model *m, FILE *fp, const char *version);

/* Read a model file written by i40_model_write (m initialised here). */
int i40_model_load(struct i40_model *m, const char *path, struct i40_err *err);

/* Shortest text of x that reads back as the same double ("0.1", not
 * "0.10000000000000001"); buf >= 32 bytes. */
size_t i40_model_fmt_exact(double x, char *buf);

#endif
