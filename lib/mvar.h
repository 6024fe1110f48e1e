/* mvar.h - Hotelling T^2 (Mahalanobis distance) over the signals of one asset.
 *
 * Learned on a baseline of n vectors of p signals: the mean and the
 * covariance, shrunk towards its diagonal (Ledoit and Wolf, J. Multivar.
 * Anal. 88, 2004, on the standardised data) so that it stays invertible
 * when signals are collinear or n is small.  A new vector x scores
 *
 *   T^2 = (x - m)' S^-1 (x - m),
 *
 * with the contribution of signal j, c_j = (x_j - m_j) [S^-1 (x - m)]_j
 * (the c_j sum to T^2; the largest says which sensor moved), and the
 * exceedance e = T^2 / UCL, UCL the phase II limit at false-alarm rate
 * alpha: p (n+1)(n-1) / (n (n-p)) F(1-alpha; p, n-p) (Montgomery 11.3),
 * or the chi-square(p) quantile when n <= p.
 */
#ifndef I40_MVAR_H
#define I40_MVAR_H

#include <stddef.h>

#include "err.h"

/* The learned model: a plain struct (arrays owned by it). */
struct i40_t2 {
	size_t p;          /* signals */
	long n;            /* baseline vectors */
	double alpha;      /* false-alarm rate of the limit */
	double lambda;     /* shrinkage weight used, in [0,1] (0: plain covariance) */
	double ucl;        /* upper control limit of T^2 */
	double *mean;      /* p means */
	double *cov;       /* p x p covariance after shrinkage, row-major */
	double *chol;      /* its Cholesky factor (lower), row-major */
};

/* Learn from X (n rows of p values, row-major).  shrink: -1 chooses the
 * Ledoit-Wolf weight from the data, 0..1 forces it.  0 or -1 on error. */
int i40_t2_learn(struct i40_t2 *m, const double *X, size_t n, size_t p, double alpha,
		 double shrink, struct i40_err *err);

/* Build from a stored mean and covariance (model file); computes chol and ucl. */
int i40_t2_set(struct i40_t2 *m, const double *mean, const double *cov, size_t p, long n,
	       double alpha, double lambda, struct i40_err *err);

/* T^2 of x; fills contrib[p] when not NULL.  Returns T^2 (NaN if x has NaN). */
double i40_t2_score(const struct i40_t2 *m, const double *x, double *contrib);

void i40_t2_free(struct i40_t2 *m);

#endif
