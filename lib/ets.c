/* ets.c - exponential smoothing state-space models, fitted by maximum
 * likelihood and chosen by AICc.
 *
 * The default forecaster of i40-forecast rests on this file, and its
 * users compare it with R's forecast::ets(), so it follows that function
 * where it matters for the numbers: the likelihood (n log SSE, plus
 * 2 sum log|forecast| for multiplicative errors), the parameter bounds
 * ("both": usual and admissible), the initial states (classical
 * decomposition, then a regression on the first 10 or 2m adjusted
 * values), the models tried and the AICc.  The optimiser is GSL's
 * Nelder-Mead simplex in scaled coordinates with one restart, which
 * usually reaches a likelihood at least as good as R's.
 *
 * Prediction intervals are the analytic ones of the book's chapter 6
 * (classes 1-3); other combinations (additive error with multiplicative
 * season) are simulated with a fixed-seed GSL generator.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_poly.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "ets.h"
#include "fcast.h"
#include "season.h"

#define TOL 1e-10
#define HUGEN 1e10
#define BAD 1e50                /* objective outside the parameter space */

/* R's default bounds: alpha, beta, gamma in [1e-4, 0.9999], phi in [0.8, 0.98]. */
static const double lower[4] = { 1e-4, 1e-4, 1e-4, 0.8 };
static const double upper[4] = { 0.9999, 0.9999, 0.9999, 0.98 };

static int
seas_off(const struct i40_ets *md)
{
	return 1 + (md->trend != 'N');
}

/* One-step forecast from state x. */
static double
onestep(const struct i40_ets *md, const double *x)
{
	double f = x[0];

	if (md->trend != 'N')
		f += md->phi * x[1];
	if (md->season == 'A')
		f += x[md->nstate - 1];
	else if (md->season == 'M')
		f *= x[md->nstate - 1];
	return f;
}

/* The state equations in error-correction form: the same for additive and
 * multiplicative errors once the observation is known. */
static void
update(const struct i40_ets *md, double *x, double y)
{
	double l = x[0], b = 0, q, phib = 0, p, lnew, sold = 0;
	int off = seas_off(md), j;

	if (md->trend != 'N') {
		b = x[1];
		phib = md->phi * b;
	}
	q = l + phib;
	if (md->season == 'A') {
		sold = x[md->nstate - 1];
		p = y - sold;
	} else if (md->season == 'M') {
		sold = x[md->nstate - 1];
		p = fabs(sold) < TOL ? HUGEN : y / sold;
	} else {
		p = y;
	}
	lnew = q + md->alpha * (p - q);
	if (md->trend != 'N')
		x[1] = phib + (md->beta / md->alpha) * ((lnew - l) - phib);
	x[0] = lnew;
	if (md->season != 'N') {
		double t;

		if (md->season == 'A')
			t = y - q;
		else
			t = fabs(q) < TOL ? HUGEN : y / q;
		for (j = md->nstate - 1; j > off; j--)
			x[j] = x[j - 1];
		x[off] = sold + md->gamma * (t - sold);
	}
}

/* Run the recursions: -2 log-likelihood (R's scale) and the mean squared
 * one-step error.  NAN when undefined. */
static double
calc(const struct i40_ets *md, const double *y, int n, double *x, double *mse,
     double *sse_out)
{
	double sse = 0, slog = 0, se2 = 0, lik, prod = 1;
	int i;

	for (i = 0; i < n; i++) {
		double f = onestep(md, x), e;

		if (md->error == 'A') {
			e = y[i] - f;
		} else {
			e = (y[i] - f) / f;
			/* sum log|f| as the log of a product, renormalised
			 * before it can overflow: log() dominated the fit. */
			prod *= fabs(f);
			if (prod > 1e100 || prod < 1e-100) {
				slog += log(prod);
				prod = 1;
			}
		}
		sse += e * e;
		se2 += (y[i] - f) * (y[i] - f);
		update(md, x, y[i]);
	}
	if (mse)
		*mse = se2 / n;
	if (sse_out)
		*sse_out = sse;
	lik = n * log(sse);
	if (md->error == 'M')
		lik += 2 * (slog + log(prod));
	if (isnan(lik))
		return NAN;
	return lik;
}

/* 1 when all roots of p[0] + p[1] z + ... + p[deg] z^deg lie inside the
 * unit circle, 0 when one lies outside, -1 when one is too close to the
 * circle to tell.  The Schur-Cohn step-down recursion: with
 * k = p[0]/p[deg], p - k p* (p* the reversed polynomial) divided by z
 * has as many roots inside as p less one, provided |k| < 1.  It costs
 * O(deg^2), where finding the roots costs a QR iteration per call. */
static int
schur_stable(const double *p, int deg)
{
	double a[I40_ETS_MAXM + 2], b[I40_ETS_MAXM + 2];
	int d, i;

	memcpy(a, p, (size_t)(deg + 1) * sizeof *a);
	/* Models without trend have a root at exactly 1, which R's rule
	 * admits: divide it out, test the rest. */
	{
		double sum = 0, mag = 0;

		for (i = 0; i <= deg; i++) {
			sum += a[i];
			mag += fabs(a[i]);
		}
		if (fabs(sum) <= 1e-12 * mag) {
			b[deg - 1] = a[deg];
			for (i = deg - 1; i > 0; i--)
				b[i - 1] = a[i] + b[i];
			deg--;
			memcpy(a, b, (size_t)(deg + 1) * sizeof *a);
		}
	}
	for (d = deg; d > 0; d--) {
		double k = a[0] / a[d];

		if (!isfinite(k))
			return -1;
		if (fabs(k) >= 1 - 1e-9)
			return fabs(k) > 1 + 1e-9 ? 0 : -1;
		for (i = 0; i < d; i++)
			b[i] = a[i + 1] - k * a[d - 1 - i];
		memcpy(a, b, (size_t)d * sizeof *a);
	}
	return 1;
}

/* R's admissible(): the characteristic roots of the model lie in the
 * unit circle (book, chapter 10). */
static int
admissible(const struct i40_ets *md)
{
	double alpha = md->alpha, beta = md->trend != 'N' ? md->beta : 0;
	double gamma = md->gamma, phi = md->damped ? md->phi : 1;
	int m = md->m;

	if (phi < 0 || phi > 1 + 1e-8)
		return 0;
	if (md->season == 'N') {
		if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi)
			return 0;
		if (md->trend != 'N' && (beta < alpha * (phi - 1) ||
					 beta > (1 + phi) * (2 - alpha)))
			return 0;
	} else if (m > 1) {
		double p[I40_ETS_MAXM + 2], z[2 * (I40_ETS_MAXM + 1)];
		gsl_poly_complex_workspace *w;
		int i, ok;

		if (gamma < fmax(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha)
			return 0;
		if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m))
			return 0;
		if (beta < -(1 - phi) * (gamma / m + alpha))
			return 0;
		p[0] = phi * (1 - alpha - gamma);
		p[1] = alpha + beta - alpha * phi + gamma - 1;
		for (i = 2; i < m; i++)
			p[i] = alpha + beta - alpha * phi;
		p[m] = alpha + beta - phi;
		p[m + 1] = 1;
		ok = schur_stable(p, m + 1);
		if (ok >= 0)
			return ok;
		/* Near the circle: R's rule, max |root| <= 1 + 1e-10. */
		ok = 1;
		w = gsl_poly_complex_workspace_alloc((size_t)m + 2);
		if (w == NULL)
			return 0;
		if (gsl_poly_complex_solve(p, (size_t)m + 2, w, z) != 0) {
			ok = 0;
		} else {
			for (i = 0; i <= m; i++)
				if (hypot(z[2 * i], z[2 * i + 1]) > 1 + 1e-10)
					ok = 0;
		}
		gsl_poly_complex_workspace_free(w);
		return ok;
	}
	return 1;
}

/* R's check.param() with bounds = "both". */
static int
params_ok(const struct i40_ets *md)
{
	if (md->alpha < lower[0] || md->alpha > upper[0])
		return 0;
	if (md->trend != 'N' && (md->beta < lower[1] || md->beta > md->alpha ||
				 md->beta > upper[1]))
		return 0;
	if (md->damped && (md->phi < lower[3] || md->phi > upper[3]))
		return 0;
	if (md->season != 'N' && (md->gamma < lower[2] || md->gamma > 1 - md->alpha ||
				  md->gamma > upper[2]))
		return 0;
	return admissible(md);
}

/* Least squares line through (1..k, v[0..k-1]). */
static void
line(const double *v, int k, double *a, double *b)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	int i;

	for (i = 0; i < k; i++) {
		double t = i + 1;

		sx += t;
		sy += v[i];
		sxx += t * t;
		sxy += t * v[i];
	}
	*b = (k * sxy - sx * sy) / (k * sxx - sx * sx);
	*a = (sy - *b * sx) / k;
}

/* Seasonal component for n < 3m as R's initstate(): regression on a
 * trend and one Fourier pair, seasonal = detrended series. */
static int
fourier_seasonal(const double *y, int n, int m, int mult, double *seas)
{
	gsl_matrix *X;
	gsl_vector *c, *yv, *wk;
	int i, ncol = (m == 2) ? 3 : 4, rc = 0;

	X = gsl_matrix_alloc((size_t)n, (size_t)ncol);
	yv = gsl_vector_alloc((size_t)n);
	c = gsl_vector_alloc((size_t)ncol);
	wk = gsl_vector_alloc((size_t)ncol);
	if (!X || !yv || !c || !wk) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		double t = i + 1;
		int j = 0;

		gsl_matrix_set(X, (size_t)i, (size_t)j++, 1);
		gsl_matrix_set(X, (size_t)i, (size_t)j++, t);
		if (m != 2)
			gsl_matrix_set(X, (size_t)i, (size_t)j++, sin(2 * M_PI * t / m));
		gsl_matrix_set(X, (size_t)i, (size_t)j, cos(2 * M_PI * t / m));
		gsl_vector_set(yv, (size_t)i, y[i]);
	}
	{
		gsl_vector *tau = gsl_vector_alloc((size_t)ncol);
		gsl_vector *res = gsl_vector_alloc((size_t)n);

		if (!tau || !res || gsl_linalg_QR_decomp(X, tau) ||
		    gsl_linalg_QR_lssolve(X, tau, yv, c, res))
			rc = -1;
		gsl_vector_free(tau);
		gsl_vector_free(res);
	}
	if (rc == 0) {
		double a = gsl_vector_get(c, 0), b = gsl_vector_get(c, 1);

		for (i = 0; i < n; i++)
			seas[i] = mult ? y[i] / (a + b * (i + 1)) : y[i] - a - b * (i + 1);
	}
out:
	gsl_matrix_free(X);
	gsl_vector_free(yv);
	gsl_vector_free(c);
	gsl_vector_free(wk);
	return rc;
}

/* Initial states as R's initstate(): x0 = l, [b], s(0)..s(-m+1). */
static int
init_states(struct i40_ets *md, const double *y, int n)
{
	double *sa, *seas = NULL;
	int i, m = md->m, off = seas_off(md), maxn;

	sa = malloc((size_t)n * sizeof *sa);
	if (sa == NULL)
		return -1;
	if (md->season != 'N') {
		int mult = md->season == 'M';
		double sum = 0;

		seas = malloc((size_t)n * sizeof *seas);
		if (seas == NULL || n < 4) {
			free(sa);
			free(seas);
			return -1;
		}
		if (n < 3 * m) {
			if (fourier_seasonal(y, n, m, mult, seas)) {
				free(sa);
				free(seas);
				return -1;
			}
		} else {
			double fig[I40_ETS_MAXM];

			i40_season_decompose(y, n, m, mult, fig);
			for (i = 0; i < n; i++)
				seas[i] = fig[i % m];
		}
		/* s(0) is seasonal[m-1] (1-based m), back to s(-m+2) = seasonal[1]. */
		for (i = 0; i < m - 1; i++)
			md->x0[off + i] = seas[m - 1 - i];
		if (mult) {
			for (i = 0; i < m - 1; i++) {
				md->x0[off + i] = fmax(md->x0[off + i], 0.01);
				sum += md->x0[off + i];
			}
			if (sum > m)
				for (i = 0; i < m - 1; i++)
					md->x0[off + i] /= sum + 0.01 * (m - 1);
			for (i = 0; i < n; i++)
				sa[i] = y[i] / fmax(seas[i], 0.01);
		} else {
			for (i = 0; i < n; i++)
				sa[i] = y[i] - seas[i];
		}
		sum = 0;
		for (i = 0; i < m - 1; i++)
			sum += md->x0[off + i];
		md->x0[off + m - 1] = (mult ? m : 0) - sum;
	} else {
		memcpy(sa, y, (size_t)n * sizeof *sa);
	}
	maxn = 2 * m > 10 ? 2 * m : 10;
	if (maxn > n)
		maxn = n;
	if (md->trend == 'N') {
		double s = 0;

		for (i = 0; i < maxn; i++)
			s += sa[i];
		md->x0[0] = s / maxn;
	} else {
		double a, b;

		line(sa, maxn, &a, &b);
		if (fabs(a + b) < 1e-8) {
			a *= 1 + 0.001;
			b *= 1 - 0.001;
		}
		md->x0[0] = a;
		md->x0[1] = b;
	}
	free(sa);
	free(seas);
	return 0;
}

/* Number of free parameters (without sigma): smoothing ones and the
 * initial states but the last seasonal one, which the others fix. */
static int
nfree(const struct i40_ets *md)
{
	int k = 2;

	if (md->trend != 'N')
		k += 2;
	if (md->damped)
		k++;
	if (md->season != 'N')
		k += md->m;
	return k;
}

int
i40_ets_eval(struct i40_ets *md, const double *y, int n)
{
	double x[I40_ETS_MAXSTATE], sse;
	double np = md->np;

	memcpy(x, md->x0, sizeof x);
	md->n = n;
	md->lik = calc(md, y, n, x, &md->mse, &sse);
	memcpy(md->xn, x, sizeof x);
	if (isnan(md->lik))
		return -1;
	md->aic = md->lik + 2 * np;
	md->bic = md->lik + log((double)n) * np;
	md->aicc = n - np - 1 > 0 ? md->aic + 2 * np * (np + 1) / (n - np - 1) : INFINITY;
	md->sigma2 = n - (np - 1) > 0 ? sse / (n - (np - 1)) : NAN;
	return 0;
}

/* ---- optimisation --------------------------------------------------- */

struct opt {
	struct i40_ets *md;
	const double *y;
	int n;
	double scale;           /* the states are optimised divided by this */
	int npar;               /* smoothing parameters in the vector */
	int nevals;
	gsl_vector *full;       /* whole vector when only the first npar vary */
};

/* The smoothing parameters are optimised through a logistic map onto
 * R's usual bounds (beta below alpha, gamma below 1 - alpha), so the
 * simplex never hits those walls; only admissibility remains a wall. */
static double
squash(double u, double lo, double hi)
{
	return lo + (hi - lo) / (1 + exp(-u));
}

static double
unsquash(double p, double lo, double hi)
{
	double r = hi > lo ? (p - lo) / (hi - lo) : 0.5;

	r = fmin(fmax(r, 1e-6), 1 - 1e-6);
	return log(r / (1 - r));
}

/* Vector -> model; 0 when outside the parameter space. */
static int
unpack(struct opt *o, const gsl_vector *v)
{
	struct i40_ets *md = o->md;
	int k = 0, i, off = seas_off(md), m = md->m;
	double sum = 0;

	md->alpha = squash(gsl_vector_get(v, (size_t)k++), lower[0], upper[0]);
	if (md->trend != 'N')
		md->beta = squash(gsl_vector_get(v, (size_t)k++), lower[1],
				  fmin(md->alpha, upper[1]));
	if (md->season != 'N')
		md->gamma = squash(gsl_vector_get(v, (size_t)k++), lower[2],
				   fmin(1 - md->alpha, upper[2]));
	if (md->damped)
		md->phi = squash(gsl_vector_get(v, (size_t)k++), lower[3], upper[3]);
	md->x0[0] = gsl_vector_get(v, (size_t)k++) * o->scale;
	if (md->trend != 'N')
		md->x0[1] = gsl_vector_get(v, (size_t)k++) * o->scale;
	if (md->season != 'N') {
		double s = md->season == 'M' ? 1 : o->scale;

		for (i = 0; i < m - 1; i++) {
			md->x0[off + i] = gsl_vector_get(v, (size_t)k++) * s;
			sum += md->x0[off + i];
		}
		md->x0[off + m - 1] = (md->season == 'M' ? m : 0) - sum;
		if (md->season == 'M')
			for (i = 0; i < m; i++)
				if (md->x0[off + i] < 0)
					return 0;
	}
	return params_ok(md);
}

static double
objective(const gsl_vector *v, void *arg)
{
	struct opt *o = arg;
	double x[I40_ETS_MAXSTATE], lik;

	o->nevals++;
	if (!unpack(o, v))
		return BAD;
	memcpy(x, o->md->x0, sizeof x);
	lik = calc(o->md, o->y, o->n, x, NULL, NULL);
	if (isnan(lik) || !isfinite(lik))
		return BAD;
	if (lik < -1e10)
		return -1e10;
	return lik;
}

/* The objective with the initial states held: only the smoothing
 * parameters (the first npar entries) vary. */
static double
objective_sub(const gsl_vector *v, void *arg)
{
	struct opt *o = arg;
	size_t i;

	for (i = 0; i < v->size; i++)
		gsl_vector_set(o->full, i, gsl_vector_get(v, i));
	return objective(o->full, o);
}

static void
pack(const struct opt *o, gsl_vector *v, gsl_vector *step, double frac)
{
	const struct i40_ets *md = o->md;
	int k = 0, i, off = seas_off(md);
	double ds = md->season == 'M' ? 1 : o->scale;

	gsl_vector_set(v, (size_t)k, unsquash(md->alpha, lower[0], upper[0]));
	gsl_vector_set(step, (size_t)k++, 1.0 * frac);
	if (md->trend != 'N') {
		gsl_vector_set(v, (size_t)k, unsquash(md->beta, lower[1],
						      fmin(md->alpha, upper[1])));
		gsl_vector_set(step, (size_t)k++, 1.0 * frac);
	}
	if (md->season != 'N') {
		gsl_vector_set(v, (size_t)k, unsquash(md->gamma, lower[2],
						      fmin(1 - md->alpha, upper[2])));
		gsl_vector_set(step, (size_t)k++, 1.0 * frac);
	}
	if (md->damped) {
		gsl_vector_set(v, (size_t)k, unsquash(md->phi, lower[3], upper[3]));
		gsl_vector_set(step, (size_t)k++, 1.0 * frac);
	}
	gsl_vector_set(v, (size_t)k, md->x0[0] / o->scale);
	gsl_vector_set(step, (size_t)k++, 0.05 * frac);
	if (md->trend != 'N') {
		gsl_vector_set(v, (size_t)k, md->x0[1] / o->scale);
		gsl_vector_set(step, (size_t)k++, 0.01 * frac);
	}
	if (md->season != 'N')
		for (i = 0; i < md->m - 1; i++) {
			gsl_vector_set(v, (size_t)k, md->x0[off + i] / ds);
			gsl_vector_set(step, (size_t)k++, 0.02 * frac);
		}
}

/* Starting values of the smoothing parameters: R's initparam(). */
static void
start_params(struct i40_ets *md)
{
	double up;

	md->alpha = lower[0] + 0.2 * (upper[0] - lower[0]) / md->m;
	if (md->alpha > 1 || md->alpha < 0)
		md->alpha = lower[0] + 0.002;
	md->beta = 0;
	if (md->trend != 'N') {
		up = fmin(upper[1], md->alpha);
		md->beta = lower[1] + 0.1 * (up - lower[1]);
		if (md->beta < 0 || md->beta > md->alpha)
			md->beta = md->alpha - 0.001;
	}
	md->gamma = 0;
	if (md->season != 'N') {
		up = fmin(upper[2], 1 - md->alpha);
		md->gamma = lower[2] + 0.05 * (up - lower[2]);
		if (md->gamma < 0 || md->gamma > 1 - md->alpha)
			md->gamma = 1 - md->alpha - 0.001;
	}
	md->phi = 1;
	if (md->damped) {
		md->phi = lower[3] + 0.99 * (upper[3] - lower[3]);
		if (md->phi < 0 || md->phi > 1)
			md->phi = upper[3] - 0.001;
	}
}

/* Nelder-Mead from v with steps, for one round of 6 dim + 20 iterations
 * (or until the simplex is tiny); leaves the best point in v.  Short
 * runs restarted from the best point (fit_one) find better optima than
 * one long run, whose simplex collapses in 10-20 dimensions (UKgas,
 * ETS(M,N,A)), and cost a third of the time. */
static double
simplex(struct opt *o, double (*f)(const gsl_vector *, void *), gsl_vector *v,
	gsl_vector *step)
{
	const gsl_multimin_fminimizer_type *T = gsl_multimin_fminimizer_nmsimplex2;
	gsl_multimin_fminimizer *s;
	gsl_multimin_function fn;
	double best;
	int it, round = 6 * (int)v->size + 20;

	fn.n = v->size;
	fn.f = f;
	fn.params = o;
	s = gsl_multimin_fminimizer_alloc(T, v->size);
	if (s == NULL)
		return BAD;
	if (gsl_multimin_fminimizer_set(s, &fn, v, step) != 0) {
		gsl_multimin_fminimizer_free(s);
		return BAD;
	}
	best = f(v, o);   /* gsl_multimin_fminimizer_set() leaves s->fval unset */
	for (it = 1; it <= round; it++) {
		if (gsl_multimin_fminimizer_iterate(s) != 0)
			break;
		best = s->fval;
		if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-7) == GSL_SUCCESS)
			break;
	}
	if (best < BAD)
		gsl_vector_memcpy(v, s->x);
	gsl_multimin_fminimizer_free(s);
	return best;
}

#define RESTARTS 1

/* Fit one model (its letters and m set in md) by maximum likelihood. */
static int
fit_one(struct i40_ets *md, const double *y, int n)
{
	struct opt o;
	gsl_vector *v, *step;
	double sc = 0, f1, f2;
	int i, k;

	md->nstate = 1 + (md->trend != 'N') + (md->season != 'N' ? md->m : 0);
	if (md->season == 'N')
		md->m = 1;
	k = nfree(md);
	if (k >= n - 1)
		return -1;
	memset(md->x0, 0, sizeof md->x0);
	start_params(md);
	if (init_states(md, y, n))
		return -1;
	for (i = 0; i < n; i++)
		sc += fabs(y[i]);
	sc /= n;
	if (!(sc > 0))
		sc = 1;
	o.md = md;
	o.y = y;
	o.n = n;
	o.scale = sc;
	o.nevals = 0;
	o.npar = 1 + (md->trend != 'N') + (md->season != 'N') + md->damped;
	v = gsl_vector_alloc((size_t)(k - 0));
	step = gsl_vector_alloc((size_t)k);
	if (v == NULL || step == NULL) {
		gsl_vector_free(v);
		gsl_vector_free(step);
		return -1;
	}
	pack(&o, v, step, 1);
	if (objective(v, &o) >= BAD) {
		/* R's starting point can be inadmissible for a seasonal model;
		 * its optimiser then gives up on it, and so do we. */
		gsl_vector_free(v);
		gsl_vector_free(step);
		return -1;
	}
	/* First the smoothing parameters alone, from the heuristic states:
	 * a search in 1-4 dimensions that does not get lost the way a
	 * simplex over 15 dimensions can (UKgas, ETS(M,N,A)). */
	{
		gsl_vector_view sv = gsl_vector_subvector(v, 0, (size_t)o.npar);
		gsl_vector_view ss = gsl_vector_subvector(step, 0, (size_t)o.npar);
		gsl_vector *sub = gsl_vector_alloc((size_t)o.npar);

		o.full = gsl_vector_alloc(v->size);
		if (sub != NULL && o.full != NULL) {
			gsl_vector_memcpy(o.full, v);
			gsl_vector_memcpy(sub, &sv.vector);
			if (simplex(&o, objective_sub, sub, &ss.vector) < BAD)
				gsl_vector_memcpy(&sv.vector, sub);
		}
		gsl_vector_free(sub);
		gsl_vector_free(o.full);
		unpack(&o, v);
		pack(&o, v, step, 1);
	}
	f1 = simplex(&o, objective, v, step);
	/* Restart from the best point with half the steps, while that helps
	 * (RESTARTS times at most: on the benchmark 4 doubled the time and
	 * did not improve accuracy). */
	{
		gsl_vector *v2 = gsl_vector_alloc(v->size);

		for (i = 0; v2 != NULL && i < RESTARTS; i++) {
			gsl_vector_memcpy(v2, v);
			unpack(&o, v2);
			pack(&o, v2, step, 0.5);
			f2 = simplex(&o, objective, v2, step);
			if (!(f2 < f1))
				break;
			gsl_vector_memcpy(v, v2);
			if (f1 - f2 <= 1e-8 * (fabs(f1) + 1e-8)) {
				f1 = f2;
				break;
			}
			f1 = f2;
		}
		gsl_vector_free(v2);
	}
	gsl_vector_free(step);
	if (f1 >= BAD || !unpack(&o, v)) {
		gsl_vector_free(v);
		return -1;
	}
	gsl_vector_free(v);
	md->np = k + 1;
	return i40_ets_eval(md, y, n);
}

/* Parse "ZZZ", "AAdN", "MAM": choices per component. */
static int
parse_spec(const char *spec, char *e, char *t, int *damp, char *s)
{
	size_t len = spec ? strlen(spec) : 0;

	if (len != 3 && len != 4)
		return -1;
	*e = spec[0];
	*t = spec[1];
	*damp = len == 4 ? (spec[2] == 'd' ? 1 : -1) : (spec[1] == 'Z' ? 2 : 0);
	*s = spec[len - 1];
	if (*damp < 0 || !strchr("AMZ", *e) || !strchr("NAZ", *t) || !strchr("NAMZ", *s))
		return -1;
	if (*damp == 1 && *t == 'N')
		return -1;
	return 0;
}

int
i40_ets_fit(const double *y, int n, int m, const char *spec, struct i40_ets *fit,
	    struct i40_err *err)
{
	return i40_ets_select(y, n, m, spec, fit, NULL, err);
}

int
i40_ets_select(const double *y, int n, int m, const char *spec, struct i40_ets *fit,
	       struct i40_ets *damped, struct i40_err *err)
{
	static const char errs[] = "AM", trends[] = "NA", seasons[] = "NAM";
	char e, t, s;
	int damp, ie, it, is, id, positive = 1, i, found = 0;

	if (parse_spec(spec, &e, &t, &damp, &s))
		return i40_err_set(err, I40_ERR_CONFIG, "ETS model \"%s\" is not of the form "
				   "ETS with error A/M/Z, trend N/A/Ad/Z, season N/A/M/Z", spec ? spec : "");
	for (i = 0; i < n; i++) {
		if (!isfinite(y[i]))
			return i40_err_set(err, I40_ERR_DATA, "ETS needs a series without gaps "
					   "(value %d is missing)", i + 1);
		if (y[i] <= 0)
			positive = 0;
	}
	if (m < 1 || n <= m || m == 1) {
		if (s == 'A' || s == 'M')
			return i40_err_set(err, I40_ERR_DATA, "a seasonal ETS model needs more "
					   "than one season of data (%d values, season %d)", n, m);
		s = 'N';
	}
	if (m > I40_ETS_MAXM) {
		if (s == 'A' || s == 'M')
			return i40_err_set(err, I40_ERR_DATA, "seasonal ETS models handle seasons "
					   "up to %d periods, not %d", I40_ETS_MAXM, m);
		s = 'N';
	}
	if (!positive && e == 'M')
		return i40_err_set(err, I40_ERR_DATA, "multiplicative ETS models need positive data");
	fit->aicc = INFINITY;
	if (damped)
		damped->aicc = INFINITY;
	for (ie = 0; ie < 2; ie++) {
		for (it = 0; it < 2; it++) {
			for (is = 0; is < 3; is++) {
				for (id = 1; id >= 0; id--) {
					struct i40_ets md;
					char ce = errs[ie], ct = trends[it], cs = seasons[is];

					if ((e != 'Z' && e != ce) || (t != 'Z' && t != ct) ||
					    (s != 'Z' && s != cs))
						continue;
					if (ct == 'N' && id)
						continue;
					if (ct != 'N' && damp != 2 && damp != id)
						continue;
					/* R's restrict = TRUE: unstable combinations. */
					if (ce == 'A' && cs == 'M' && e == 'Z')
						continue;
					if (ce == 'M' && !positive)
						continue;
					memset(&md, 0, sizeof md);
					md.error = ce;
					md.trend = ct;
					md.season = cs;
					md.damped = id;
					md.m = cs == 'N' ? 1 : m;
					if (fit_one(&md, y, n) != 0)
						continue;
					if (md.aicc < fit->aicc || !found) {
						*fit = md;
						found = 1;
					}
					if (damped && md.damped && md.aicc < damped->aicc)
						*damped = md;
				}
			}
		}
	}
	if (!found)
		return i40_err_set(err, I40_ERR_DATA, "no ETS model of the form %s could be fitted "
				   "to %d values", spec, n);
	return 0;
}

void
i40_ets_name(const struct i40_ets *md, char *buf, unsigned long size)
{
	snprintf(buf, size, "ETS(%c,%c%s,%c)", md->error, md->trend,
		 md->damped ? "d" : "", md->season);
}

/* ---- forecasting ---------------------------------------------------- */

static const double z80 = 1.2815515655446004, z95 = 1.959963984540054;

/* Point forecasts and the c_j of the linear (class 1) form of the model:
 * mu_j = w F^(j-1) x, c_j = w F^(j-1) g (book, chapter 6). */
static void
linear_form(const struct i40_ets *md, int h, double *mu, double *c)
{
	double F[I40_ETS_MAXSTATE][I40_ETS_MAXSTATE], r[I40_ETS_MAXSTATE];
	double g[I40_ETS_MAXSTATE], r2[I40_ETS_MAXSTATE];
	int p = md->nstate, off = seas_off(md), m = md->m, i, j, k;
	double phi = md->damped ? md->phi : 1;

	memset(F, 0, sizeof F);
	memset(r, 0, sizeof r);
	memset(g, 0, sizeof g);
	F[0][0] = 1;
	r[0] = 1;
	g[0] = md->alpha;
	if (md->trend != 'N') {
		F[0][1] = F[1][1] = phi;
		r[1] = phi;
		g[1] = md->beta;
	}
	if (md->season != 'N') {
		F[off][p - 1] = 1;
		for (i = 1; i < m; i++)
			F[off + i][off + i - 1] = 1;
		r[p - 1] = 1;
		g[off] = md->gamma;
	}
	for (j = 0; j < h; j++) {
		double s = 0, t = 0;

		for (i = 0; i < p; i++) {
			s += r[i] * md->xn[i];
			t += r[i] * g[i];
		}
		mu[j] = s;
		c[j] = t;
		for (k = 0; k < p; k++) {
			double v = 0;

			for (i = 0; i < p; i++)
				v += r[i] * F[i][k];
			r2[k] = v;
		}
		memcpy(r, r2, sizeof r);
	}
}

/* Dense helpers for class 3 (at most 48 x 48). */
static void
mmul(const double *a, const double *b, double *c, int n, int k, int m)
{
	int i, j, l;

	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++) {
			double s = 0;

			for (l = 0; l < k; l++)
				s += a[i * k + l] * b[l * m + j];
			c[i * m + j] = s;
		}
}

static void
tr(const double *a, double *t, int n, int m)
{
	int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++)
			t[j * n + i] = a[i * m + j];
}

/* A B A' for square n x n matrices. */
static void
sandwich(const double *a, const double *b, const double *c, double *out, int n, double *tmp, double *tmp2)
{
	mmul(a, b, tmp, n, n, n);
	tr(c, tmp2, n, n);
	mmul(tmp, tmp2, out, n, n, n);
}

static void
kron(const double *a, int ar, int ac, const double *b, int br, int bc, double *out)
{
	int i, j, k, l, oc = ac * bc;

	for (i = 0; i < ar; i++)
		for (j = 0; j < ac; j++)
			for (k = 0; k < br; k++)
				for (l = 0; l < bc; l++)
					out[(i * br + k) * oc + j * bc + l] = a[i * ac + j] * b[k * bc + l];
}

/* Class 3: multiplicative error and season, trend N or A(d).  Mean and
 * variance from the recursions of the book (Hyndman et al. 2008,
 * section 6.3) on the Kronecker form of level/trend times season. */
static int
class3(const struct i40_ets *md, int h, double *mu, double *var)
{
	int q = md->trend != 'N' ? 2 : 1, m = md->m, d = q * m, i, j;
	double s2 = md->sigma2, phi = md->damped ? md->phi : 1;
	double F1[4] = { 0 }, G1[4] = { 0 }, H1[2] = { 1, phi };
	double *F2, *G2, *F21, *G21, *K, *V, *M, *W, *T1, *T2, *T3, *buf;
	size_t dd = (size_t)d * d, mm = (size_t)m * m;

	buf = calloc(9 * dd + 2 * mm + 2 * (size_t)d, sizeof *buf);
	if (buf == NULL)
		return -1;
	F21 = buf;
	G21 = F21 + dd;
	K = G21 + dd;
	V = K + dd;
	W = V + dd;
	T1 = W + dd;
	T2 = T1 + dd;
	T3 = T2 + dd;
	F2 = T3 + 2 * dd;
	G2 = F2 + mm;
	M = G2 + mm;            /* q x m, row-major; vec() is column-major */
	if (q == 1) {
		F1[0] = 1;
		G1[0] = md->alpha;
	} else {
		/* Damping enters the level too (R's class3() leaves it out,
		 * so its means of damped models stray from the forecasts). */
		F1[0] = 1;
		F1[1] = phi;
		F1[2] = 0;
		F1[3] = phi;
		G1[0] = md->alpha;
		G1[1] = md->alpha * phi;
		G1[2] = md->beta;
		G1[3] = md->beta * phi;
	}
	/* F2: first row picks the last season, the rest shift down. */
	F2[m - 1] = 1;
	for (i = 1; i < m; i++)
		F2[i * m + i - 1] = 1;
	G2[m - 1] = md->gamma;
	for (i = 0; i < q; i++)
		for (j = 0; j < m; j++)
			M[i * m + j] = md->xn[i] * md->xn[q + j];
	kron(F2, m, m, F1, q, q, F21);
	kron(G2, m, m, G1, q, q, G21);
	kron(G2, m, m, F1, q, q, T1);
	kron(F2, m, m, G1, q, q, K);
	for (i = 0; i < d * d; i++)
		K[i] += T1[i];
	for (j = 0; j < h; j++) {
		double vm[2 * I40_ETS_MAXM], hv = 0, s = 0;
		double nm[2 * I40_ETS_MAXM];
		int a, b;

		/* mu = H1 M H2': H2 picks the last season. */
		for (i = 0; i < q; i++)
			s += H1[i] * M[i * m + m - 1];
		mu[j] = s;
		/* H21 V H21': H21 selects the last q entries of vec(M). */
		for (a = d - q; a < d; a++)
			for (b = d - q; b < d; b++)
				hv += H1[a - (d - q)] * H1[b - (d - q)] * V[a * d + b];
		var[j] = (1 + s2) * hv + s2 * mu[j] * mu[j];
		if (j == h - 1)
			break;
		for (i = 0; i < q; i++)
			for (a = 0; a < m; a++)
				vm[a * q + i] = M[i * m + a];
		/* V' = F21 V F21' + s2 (F21 V G21' + G21 V F21'
		 *      + K (V + vm vm') K' + s2 G21 (3V + 2 vm vm') G21') */
		sandwich(F21, V, F21, W, d, T1, T2);
		mmul(F21, V, T1, d, d, d);
		tr(G21, T2, d, d);
		mmul(T1, T2, T3, d, d, d);
		for (i = 0; i < d * d; i++)
			W[i] += s2 * (T3[i] + T3[(i % d) * d + i / d]);
		for (a = 0; a < d; a++)
			for (b = 0; b < d; b++)
				T3[a * d + b] = V[a * d + b] + vm[a] * vm[b];
		sandwich(K, T3, K, T2 + 0, d, T1, T3 + dd);
		for (i = 0; i < d * d; i++)
			W[i] += s2 * T2[i];
		for (a = 0; a < d; a++)
			for (b = 0; b < d; b++)
				T3[a * d + b] = 3 * V[a * d + b] + 2 * vm[a] * vm[b];
		sandwich(G21, T3, G21, T2, d, T1, T3 + dd);
		for (i = 0; i < d * d; i++)
			W[i] += s2 * s2 * T2[i];
		memcpy(V, W, dd * sizeof *V);
		/* M' = F1 M F2' + s2 G1 M G2' */
		for (i = 0; i < q; i++)
			for (a = 0; a < m; a++) {
				double u = 0, w = 0;
				int k, l;

				for (k = 0; k < q; k++)
					for (l = 0; l < m; l++) {
						u += F1[i * q + k] * M[k * m + l] * F2[a * m + l];
						w += G1[i * q + k] * M[k * m + l] * G2[a * m + l];
					}
				nm[i * m + a] = u + s2 * w;
			}
		memcpy(M, nm, (size_t)d * sizeof *M);
	}
	free(buf);
	return 0;
}

/* Quantile type 8 of Hyndman and Fan (R's choice in forecast's
 * simulations) of sorted v[0..n-1]. */
static double
quantile8(const double *v, int n, double p)
{
	double h = n * p + (p + 1) / 3, g;
	int j = (int)floor(h);

	g = h - j;
	if (j < 1)
		return v[0];
	if (j >= n)
		return v[n - 1];
	return (1 - g) * v[j - 1] + g * v[j];
}

/* Sample paths of the model with normal errors; bounds from quantiles. */
static int
simulate(const struct i40_ets *md, int h, unsigned long seed, struct i40_fc *fc)
{
	enum { NPATHS = 5000 };
	double *paths, *col;
	gsl_rng *rng;
	int k, j;
	double sd = sqrt(md->sigma2);

	paths = malloc((size_t)NPATHS * h * sizeof *paths);
	col = malloc((size_t)NPATHS * sizeof *col);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!paths || !col || !rng) {
		free(paths);
		free(col);
		if (rng)
			gsl_rng_free(rng);
		return -1;
	}
	gsl_rng_set(rng, seed ? seed : 20240501UL);
	for (k = 0; k < NPATHS; k++) {
		double x[I40_ETS_MAXSTATE];

		memcpy(x, md->xn, sizeof x);
		for (j = 0; j < h; j++) {
			double f = onestep(md, x), e = gsl_ran_gaussian(rng, sd), y;

			if (md->error == 'A') {
				y = f + e;
			} else {
				y = f * (1 + fmax(e, -1));
			}
			paths[(size_t)k * h + j] = y;
			update(md, x, y);
		}
	}
	for (j = 0; j < h; j++) {
		for (k = 0; k < NPATHS; k++)
			col[k] = paths[(size_t)k * h + j];
		gsl_sort(col, 1, NPATHS);
		fc->lo80[j] = quantile8(col, NPATHS, 0.10);
		fc->hi80[j] = quantile8(col, NPATHS, 0.90);
		fc->lo95[j] = quantile8(col, NPATHS, 0.025);
		fc->hi95[j] = quantile8(col, NPATHS, 0.975);
	}
	gsl_rng_free(rng);
	free(paths);
	free(col);
	return 0;
}

int
i40_ets_forecast(const struct i40_ets *md, int h, struct i40_fc *fc, struct i40_err *err)
{
	double *mu, *c, *var;
	int j, rc = 0, analytic = 1;

	if (h < 1 || h > fc->h)
		return i40_err_set(err, I40_ERR_CONFIG, "horizon %d out of range", h);
	mu = malloc((size_t)h * sizeof *mu);
	c = malloc((size_t)h * sizeof *c);
	var = malloc((size_t)h * sizeof *var);
	if (!mu || !c || !var) {
		rc = i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		goto out;
	}
	linear_form(md, h, mu, c);
	if (md->error == 'A' && md->season != 'M') {
		/* Class 1: var_h = s2 (1 + sum_{j<h} c_j^2). */
		double cs = 0;

		for (j = 0; j < h; j++) {
			var[j] = md->sigma2 * (1 + cs);
			cs += c[j] * c[j];
		}
	} else if (md->error == 'M' && md->season != 'M') {
		/* Class 2: theta_h = mu_h^2 + s2 sum_{j<h} c_j^2 theta_{h-j}. */
		double *th = var;
		int i;

		for (j = 0; j < h; j++) {
			double s = 0;

			for (i = 0; i < j; i++)
				s += c[i] * c[i] * th[j - 1 - i];
			th[j] = mu[j] * mu[j] + md->sigma2 * s;
		}
		for (j = 0; j < h; j++)
			var[j] = (1 + md->sigma2) * th[j] - mu[j] * mu[j];
	} else if (md->error == 'M' && md->season == 'M') {
		if (class3(md, h, mu, var) != 0) {
			rc = i40_err_set(err, I40_ERR_NOMEM, "out of memory");
			goto out;
		}
	} else {
		/* No analytic form: point forecasts from the state equations
		 * with zero errors (R's etsforecast), bounds simulated. */
		double x[I40_ETS_MAXSTATE];

		analytic = 0;
		memcpy(x, md->xn, sizeof x);
		for (j = 0; j < h; j++) {
			mu[j] = onestep(md, x);
			update(md, x, mu[j]);
		}
	}
	for (j = 0; j < h; j++)
		fc->mean[j] = mu[j];
	if (analytic) {
		for (j = 0; j < h; j++) {
			double sd = sqrt(fmax(var[j], 0));

			fc->lo80[j] = mu[j] - z80 * sd;
			fc->hi80[j] = mu[j] + z80 * sd;
			fc->lo95[j] = mu[j] - z95 * sd;
			fc->hi95[j] = mu[j] + z95 * sd;
		}
	} else if (simulate(md, h, 0, fc) != 0) {
		rc = i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		goto out;
	}
	i40_ets_name(md, fc->method, sizeof fc->method);
out:
	free(mu);
	free(c);
	free(var);
	return rc;
}
