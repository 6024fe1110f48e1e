/* logit.h - failure probability: logistic regression fitted by IRLS, with
 * k-fold cross-validated precision, recall and ROC AUC.
 *
 * Features are standardised inside the fit (means and sds kept in the
 * model) so IRLS is well conditioned whatever the units; a small ridge
 * penalty keeps the fit finite when the classes are separable.
 */
#ifndef I40_LOGIT_H
#define I40_LOGIT_H

#include <stddef.h>

#include "err.h"

/* The fitted model: a plain struct (arrays owned by it). */
struct i40_logit {
	size_t p;          /* features */
	double *beta;      /* p+1 coefficients on standardised features, beta[0] intercept */
	double *mean;      /* p feature means of the training data */
	double *sd;        /* p feature sds (1 where a feature is constant) */
	double ridge;      /* L2 penalty used (not on the intercept) */
	int iter;          /* IRLS iterations */
	int converged;     /* 1 if the step fell below 1e-10 */
};

/* Fit on X (n rows of p, row-major) and labels y (0/1). */
int i40_logit_fit(struct i40_logit *m, const double *X, const int *y, size_t n, size_t p,
		  double ridge, struct i40_err *err);

/* P(y = 1 | x). */
double i40_logit_predict(const struct i40_logit *m, const double *x);

/* Coefficient of feature j (j = 0 the intercept) in the original units. */
double i40_logit_coef(const struct i40_logit *m, size_t j);

void i40_logit_free(struct i40_logit *m);

struct i40_cv {
	double precision;  /* tp / (tp + fp) at the threshold, pooled over folds */
	double recall;     /* tp / (tp + fn) */
	double auc;        /* ROC AUC of the pooled out-of-fold probabilities */
	long tp, fp, fn, tn;
};

/* k-fold cross-validation (folds by a seeded shuffle, so reproducible). */
int i40_logit_cv(const double *X, const int *y, size_t n, size_t p, int k, double ridge,
		 double threshold, unsigned seed, struct i40_cv *out, struct i40_err *err);

/* The same with the folds given: fold[i] in 0..k-1 (e.g. blocks of time,
 * so that neighbouring records, nearly alike, are not on both sides). */
int i40_logit_cv_folds(const double *X, const int *y, size_t n, size_t p, const int *fold, int k,
		       double ridge, double threshold, struct i40_cv *out, struct i40_err *err);

/* ROC AUC of scores for labels y: the Mann-Whitney probability that a
 * positive scores above a negative, ties counting one half.  NaN when a
 * class is missing. */
double i40_auc(const double *score, const int *y, size_t n);

#endif
