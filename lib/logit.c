/* logit.c - logistic regression by iteratively reweighted least squares.
 *
 * Each IRLS step solves (X'WX + R) d = X'(y - p) - R beta with W =
 * p(1-p) by Cholesky (GSL); Newton's method on the log-likelihood, which
 * is what IRLS is.  The AUC is computed by sorting once (O(n log n)).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "logit.h"

void
i40_logit_free(struct i40_logit *m)
{
	if (m == NULL)
		return;
	free(m->beta);
	free(m->mean);
	free(m->sd);
	memset(m, 0, sizeof *m);
}

static double
sigm(double eta)
{
	if (eta >= 0)
		return 1.0 / (1.0 + exp(-eta));
	return exp(eta) / (1.0 + exp(eta));
}

static double
eta_of(const struct i40_logit *m, const double *x)
{
	double eta = m->beta[0];
	size_t j;

	for (j = 0; j < m->p; j++)
		eta += m->beta[j + 1] * (x[j] - m->mean[j]) / m->sd[j];
	return eta;
}

double
i40_logit_predict(const struct i40_logit *m, const double *x)
{
	return sigm(eta_of(m, x));
}

double
i40_logit_coef(const struct i40_logit *m, size_t j)
{
	size_t i;
	double b0;

	if (j > 0)
		return m->beta[j] / m->sd[j - 1];
	b0 = m->beta[0];
	for (i = 0; i < m->p; i++)
		b0 -= m->beta[i + 1] * m->mean[i] / m->sd[i];
	return b0;
}

int
i40_logit_fit(struct i40_logit *m, const double *X, const int *y, size_t n, size_t p,
	      double ridge, struct i40_err *err)
{
	size_t q = p + 1, i, j, k;
	gsl_matrix *H = NULL;
	gsl_vector *g = NULL;
	gsl_error_handler_t *old;
	int rc = -1, it;

	memset(m, 0, sizeof *m);
	if (n < 2)
		return i40_err_set(err, I40_ERR_DATA, "a failure model needs at least 2 labelled records");
	m->p = p;
	m->ridge = ridge > 0 ? ridge : 0;
	m->beta = calloc(q, sizeof *m->beta);
	m->mean = calloc(p ? p : 1, sizeof *m->mean);
	m->sd = calloc(p ? p : 1, sizeof *m->sd);
	H = gsl_matrix_alloc(q, q);
	g = gsl_vector_alloc(q);
	if (!m->beta || !m->mean || !m->sd || !H || !g) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory for a failure model");
		goto out;
	}
	for (j = 0; j < p; j++) {
		double s = 0, ss = 0;
		for (k = 0; k < n; k++)
			s += X[k * p + j];
		m->mean[j] = s / (double)n;
		for (k = 0; k < n; k++)
			ss += (X[k * p + j] - m->mean[j]) * (X[k * p + j] - m->mean[j]);
		m->sd[j] = ss > 0 ? sqrt(ss / (double)(n - 1)) : 1.0;
	}
	old = gsl_set_error_handler_off();
	for (it = 0; it < 100; it++) {
		double step = 0;
		gsl_matrix_set_zero(H);
		gsl_vector_set_zero(g);
		for (k = 0; k < n; k++) {
			double z[q], pk, w;
			z[0] = 1;
			for (j = 0; j < p; j++)
				z[j + 1] = (X[k * p + j] - m->mean[j]) / m->sd[j];
			pk = sigm(eta_of(m, X + k * p));
			w = pk * (1 - pk);
			if (w < 1e-12)
				w = 1e-12;
			for (i = 0; i < q; i++) {
				gsl_vector_set(g, i, gsl_vector_get(g, i) + z[i] * ((double)(y[k] != 0) - pk));
				for (j = 0; j <= i; j++)
					gsl_matrix_set(H, i, j, gsl_matrix_get(H, i, j) + w * z[i] * z[j]);
			}
		}
		for (i = 1; i < q; i++) {
			gsl_matrix_set(H, i, i, gsl_matrix_get(H, i, i) + m->ridge);
			gsl_vector_set(g, i, gsl_vector_get(g, i) - m->ridge * m->beta[i]);
		}
		for (i = 0; i < q; i++)
			for (j = i + 1; j < q; j++)
				gsl_matrix_set(H, i, j, gsl_matrix_get(H, j, i));
		if (gsl_linalg_cholesky_decomp1(H) != 0 || gsl_linalg_cholesky_svx(H, g) != 0) {
			gsl_set_error_handler(old);
			i40_err_set(err, I40_ERR_DATA, "the failure model cannot be fitted: features are collinear (add a ridge penalty)");
			goto out;
		}
		for (i = 0; i < q; i++) {
			m->beta[i] += gsl_vector_get(g, i);
			step = fmax(step, fabs(gsl_vector_get(g, i)));
		}
		m->iter = it + 1;
		if (step < 1e-10) {
			m->converged = 1;
			break;
		}
	}
	gsl_set_error_handler(old);
	rc = 0;
out:
	gsl_matrix_free(H);
	gsl_vector_free(g);
	if (rc < 0)
		i40_logit_free(m);
	return rc;
}

struct sy {
	double s;
	int y;
};

static int
cmp_sy(const void *a, const void *b)
{
	double x = ((const struct sy *)a)->s, y = ((const struct sy *)b)->s;
	return (x > y) - (x < y);
}

double
i40_auc(const double *score, const int *y, size_t n)
{
	struct sy *a = malloc((n ? n : 1) * sizeof *a);
	double rsum = 0, npos = 0, nneg = 0, auc;
	size_t i, j;

	if (a == NULL)
		return NAN;
	for (i = 0; i < n; i++) {
		a[i].s = score[i];
		a[i].y = y[i] != 0;
	}
	qsort(a, n, sizeof *a, cmp_sy);
	/* mid-ranks over ties; AUC = (R+ - n+(n+ + 1)/2) / (n+ n-) */
	for (i = 0; i < n; i = j) {
		double rank;
		for (j = i; j < n && a[j].s == a[i].s; j++)
			;
		rank = 0.5 * ((double)i + 1 + (double)j);
		for (size_t k = i; k < j; k++)
			if (a[k].y)
				rsum += rank;
	}
	for (i = 0; i < n; i++) {
		if (a[i].y)
			npos++;
		else
			nneg++;
	}
	free(a);
	if (npos == 0 || nneg == 0)
		return NAN;
	auc = (rsum - npos * (npos + 1) / 2) / (npos * nneg);
	return auc;
}

int
i40_logit_cv_folds(const double *X, const int *y, size_t n, size_t p, const int *fold, int k, double ridge,
		   double threshold, struct i40_cv *out, struct i40_err *err)
{
	double *prob = NULL, *Xtr = NULL;
	int *ytr = NULL, rc = -1;
	size_t i, ntr;

	memset(out, 0, sizeof *out);
	if (k < 2 || (size_t)k > n)
		return i40_err_set(err, I40_ERR_CONFIG, "cross-validation needs 2 <= folds <= records (got %d)", k);
	prob = malloc(n * sizeof *prob);
	Xtr = malloc(n * (p ? p : 1) * sizeof *Xtr);
	ytr = malloc(n * sizeof *ytr);
	if (!prob || !Xtr || !ytr) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory for cross-validation");
		goto out;
	}
	for (int f = 0; f < k; f++) {
		struct i40_logit m;
		ntr = 0;
		for (i = 0; i < n; i++) {
			if (fold[i] == f)
				continue;
			memcpy(Xtr + ntr * p, X + i * p, p * sizeof *Xtr);
			ytr[ntr++] = y[i];
		}
		if (ntr == n)
			continue;   /* an empty fold */
		if (i40_logit_fit(&m, Xtr, ytr, ntr, p, ridge, err) < 0)
			goto out;
		for (i = 0; i < n; i++)
			if (fold[i] == f)
				prob[i] = i40_logit_predict(&m, X + i * p);
		i40_logit_free(&m);
	}
	for (i = 0; i < n; i++) {
		int pred = prob[i] >= threshold, lab = y[i] != 0;
		out->tp += pred && lab;
		out->fp += pred && !lab;
		out->fn += !pred && lab;
		out->tn += !pred && !lab;
	}
	out->precision = out->tp + out->fp ? (double)out->tp / (double)(out->tp + out->fp) : NAN;
	out->recall = out->tp + out->fn ? (double)out->tp / (double)(out->tp + out->fn) : NAN;
	out->auc = i40_auc(prob, y, n);
	rc = 0;
out:
	free(prob);
	free(Xtr);
	free(ytr);
	return rc;
}

int
i40_logit_cv(const double *X, const int *y, size_t n, size_t p, int k, double ridge,
	     double threshold, unsigned seed, struct i40_cv *out, struct i40_err *err)
{
	size_t *idx, i;
	int *fold, rc;
	unsigned long long st = seed ? seed : 1;

	memset(out, 0, sizeof *out);
	if (k < 2 || (size_t)k > n)
		return i40_err_set(err, I40_ERR_CONFIG, "cross-validation needs 2 <= folds <= records (got %d)", k);
	idx = malloc(n * sizeof *idx);
	fold = malloc(n * sizeof *fold);
	if (!idx || !fold) {
		free(idx);
		free(fold);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for cross-validation");
	}
	for (i = 0; i < n; i++)
		idx[i] = i;
	for (i = n - 1; i > 0; i--) {   /* Fisher-Yates with a 64-bit LCG */
		size_t j, t;
		st = st * 6364136223846793005ULL + 1442695040888963407ULL;
		j = (size_t)((st >> 33) % (i + 1));
		t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
	for (i = 0; i < n; i++)
		fold[idx[i]] = (int)(i % (size_t)k);
	rc = i40_logit_cv_folds(X, y, n, p, fold, k, ridge, threshold, out, err);
	free(idx);
	free(fold);
	return rc;
}
