/* mvar.c - Hotelling T^2 with shrinkage and per-signal contributions.
 *
 * One fault often shows as a small change in several correlated signals
 * (bearing temperature up a little, vibration up a little, current up a
 * little) that no single-signal limit catches; the Mahalanobis distance
 * to the baseline does.  GSL does the linear algebra.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "mvar.h"

void
i40_t2_free(struct i40_t2 *m)
{
	if (m == NULL)
		return;
	free(m->mean);
	free(m->cov);
	free(m->chol);
	memset(m, 0, sizeof *m);
}

static double
limit(size_t p, long n, double alpha)
{
	double dp = (double)p, dn = (double)n;

	if (n > (long)p + 1)
		return dp * (dn + 1) * (dn - 1) / (dn * (dn - dp)) *
		       gsl_cdf_fdist_Qinv(alpha, dp, dn - dp);
	return gsl_cdf_chisq_Qinv(alpha, dp);
}

int
i40_t2_set(struct i40_t2 *m, const double *mean, const double *cov, size_t p, long n,
	   double alpha, double lambda, struct i40_err *err)
{
	gsl_matrix_view L;
	gsl_error_handler_t *old;
	int rc;

	memset(m, 0, sizeof *m);
	if (p < 1)
		return i40_err_set(err, I40_ERR_CONFIG, "T^2 needs at least one signal");
	if (!(alpha > 0 && alpha < 1))
		return i40_err_set(err, I40_ERR_CONFIG, "T^2 false-alarm rate must be in (0,1), got %g", alpha);
	m->p = p;
	m->n = n;
	m->alpha = alpha;
	m->lambda = lambda;
	m->mean = malloc(p * sizeof *m->mean);
	m->cov = malloc(p * p * sizeof *m->cov);
	m->chol = malloc(p * p * sizeof *m->chol);
	if (m->mean == NULL || m->cov == NULL || m->chol == NULL) {
		i40_t2_free(m);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for a %zu-signal model", p);
	}
	memcpy(m->mean, mean, p * sizeof *m->mean);
	memcpy(m->cov, cov, p * p * sizeof *m->cov);
	memcpy(m->chol, cov, p * p * sizeof *m->chol);
	L = gsl_matrix_view_array(m->chol, p, p);
	old = gsl_set_error_handler_off();
	rc = gsl_linalg_cholesky_decomp1(&L.matrix);
	gsl_set_error_handler(old);
	if (rc == 0) {
		/* exact singularity survives rounding as a tiny pivot: judge the
		 * pivots relative to the variances (1e-10 = 10 digits lost) */
		size_t j;
		for (j = 0; j < p; j++) {
			double l = m->chol[j * p + j];
			if (!(l * l > 1e-10 * cov[j * p + j]))
				rc = -1;
		}
	}
	if (rc != 0) {
		i40_t2_free(m);
		return i40_err_set(err, I40_ERR_DATA,
				   "covariance of the baseline is singular (a signal is constant or a copy of others): use shrinkage");
	}
	m->ucl = limit(p, n, alpha);
	return 0;
}

int
i40_t2_learn(struct i40_t2 *m, const double *X, size_t n, size_t p, double alpha, double shrink,
	     struct i40_err *err)
{
	double *mean = NULL, *sd = NULL, *R = NULL, *cov = NULL, lambda = 0;
	size_t i, j, k;
	int rc = -1;

	memset(m, 0, sizeof *m);
	if (n < 2 || p < 1)
		return i40_err_set(err, I40_ERR_DATA, "T^2 needs at least 2 baseline vectors (got %zu)", n);
	mean = calloc(p, sizeof *mean);
	sd = calloc(p, sizeof *sd);
	R = calloc(p * p, sizeof *R);
	cov = calloc(p * p, sizeof *cov);
	if (!mean || !sd || !R || !cov) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory for a %zu-signal model", p);
		goto out;
	}
	for (k = 0; k < n; k++)
		for (j = 0; j < p; j++)
			mean[j] += X[k * p + j];
	for (j = 0; j < p; j++)
		mean[j] /= (double)n;
	for (k = 0; k < n; k++)
		for (i = 0; i < p; i++)
			for (j = 0; j < p; j++)
				cov[i * p + j] += (X[k * p + i] - mean[i]) * (X[k * p + j] - mean[j]);
	for (i = 0; i < p * p; i++)
		cov[i] /= (double)(n - 1);
	for (j = 0; j < p; j++) {
		sd[j] = sqrt(cov[j * p + j]);
		if (!(sd[j] > 0)) {
			i40_err_set(err, I40_ERR_DATA, "signal %zu is constant in the baseline: T^2 cannot use it", j + 1);
			goto out;
		}
	}
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++)
			R[i * p + j] = cov[i * p + j] / (sd[i] * sd[j]);
	if (shrink < 0) {
		/* Ledoit-Wolf on standardised data, target I: lambda = b2 / d2 with
		 * b2 = (1/n^2) sum_k ||z_k z_k' - R_ml||_F^2 and d2 = ||R_ml - I||_F^2
		 * (R_ml the correlation with divisor n). */
		double b2 = 0, d2 = 0, f = (double)(n - 1) / (double)n;
		for (i = 0; i < p; i++)
			for (j = 0; j < p; j++) {
				double rml = R[i * p + j] * f, t = i == j ? 1.0 : 0.0;
				d2 += (rml - t) * (rml - t);
			}
		for (k = 0; k < n; k++)
			for (i = 0; i < p; i++)
				for (j = 0; j < p; j++) {
					double zi = (X[k * p + i] - mean[i]) / sd[i];
					double zj = (X[k * p + j] - mean[j]) / sd[j];
					double dd = zi * zj - R[i * p + j] * f;
					b2 += dd * dd;
				}
		b2 /= (double)n * (double)n;
		lambda = d2 > 0 ? fmin(1.0, b2 / d2) : 1.0;
	} else {
		lambda = fmin(1.0, shrink);
	}
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++)
			if (i != j)
				cov[i * p + j] = (1.0 - lambda) * R[i * p + j] * sd[i] * sd[j];
	rc = i40_t2_set(m, mean, cov, p, (long)n, alpha, lambda, err);
	if (rc < 0 && shrink < 0) {
		/* still singular to working precision: shrink a little more */
		for (i = 0; i < p; i++)
			for (j = 0; j < p; j++)
				if (i != j)
					cov[i * p + j] *= 0.999;
		rc = i40_t2_set(m, mean, cov, p, (long)n, alpha, 1 - (1 - lambda) * 0.999, err);
	}
out:
	free(mean);
	free(sd);
	free(R);
	free(cov);
	return rc;
}

double
i40_t2_score(const struct i40_t2 *m, const double *x, double *contrib)
{
	size_t p = m->p, j;
	double *d = malloc(2 * p * sizeof *d), t2 = 0;
	gsl_vector_view wv;
	gsl_matrix_const_view L = gsl_matrix_const_view_array(m->chol, p, p);

	if (d == NULL)
		return NAN;
	for (j = 0; j < p; j++) {
		if (isnan(x[j])) {
			free(d);
			return NAN;
		}
		d[j] = x[j] - m->mean[j];
		d[p + j] = d[j];
	}
	wv = gsl_vector_view_array(d + p, p);
	gsl_linalg_cholesky_svx(&L.matrix, &wv.vector);   /* w = S^-1 d */
	for (j = 0; j < p; j++) {
		double c = d[j] * d[p + j];
		t2 += c;
		if (contrib)
			contrib[j] = c;
	}
	free(d);
	return t2;
}
