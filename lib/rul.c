/* rul.c - remaining useful life by trend extrapolation (GSL least squares).
 *
 * Why a prediction band and not the confidence band of the line: the
 * limit is crossed by a measured value, noise included, so the first
 * record over the limit is what the band must bracket; it is also the
 * more cautious answer for planning maintenance.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>

#include "rul.h"

struct i40_rul {
	struct i40_rul_settings set;
	int64_t *ts;
	double *y;
	long n, pos;
	double *t, *v;     /* scratch for the fit */
};

void
i40_rul_defaults(struct i40_rul_settings *s)
{
	memset(s, 0, sizeof *s);
	s->model = I40_RUL_LINEAR;
	s->limit = NAN;
	s->window = 200;
	s->min_points = 10;
	s->level = 0.95;
}

void
i40_rul_free(struct i40_rul *r)
{
	if (r == NULL)
		return;
	free(r->ts);
	free(r->y);
	free(r->t);
	free(r->v);
	free(r);
}

struct i40_rul *
i40_rul_new(const struct i40_rul_settings *s, struct i40_err *err)
{
	struct i40_rul *r;

	if (isnan(s->limit) || s->window < 3 || !(s->level > 0 && s->level < 1) ||
	    (s->model != I40_RUL_LINEAR && s->model != I40_RUL_EXP)) {
		i40_err_set(err, I40_ERR_CONFIG, "remaining life needs a failure limit, a window of 3 or more records and a level in (0,1)");
		return NULL;
	}
	if (s->model == I40_RUL_EXP && !(s->limit > 0)) {
		i40_err_set(err, I40_ERR_CONFIG, "the exponential trend needs a positive failure limit (got %g)", s->limit);
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL)
		goto nomem;
	r->set = *s;
	if (r->set.min_points < 3)
		r->set.min_points = 3;
	r->ts = malloc((size_t)s->window * sizeof *r->ts);
	r->y = malloc((size_t)s->window * sizeof *r->y);
	r->t = malloc((size_t)s->window * sizeof *r->t);
	r->v = malloc((size_t)s->window * sizeof *r->v);
	if (!r->ts || !r->y || !r->t || !r->v)
		goto nomem;
	return r;
nomem:
	i40_rul_free(r);
	i40_err_set(err, I40_ERR_NOMEM, "out of memory for a remaining-life window");
	return NULL;
}

/* Signed distance of the band edge (sign +1 upper, -1 lower) to the limit
 * at time t, oriented so that it grows as the trend nears the limit. */
struct fit {
	double c0, c1, tbar, sxx, s, q, lim, dir;
	long n;
};

static double
edge(const struct fit *f, double t, double side)
{
	double yhat = f->c0 + f->c1 * t;
	double w = f->q * f->s * sqrt(1.0 + 1.0 / (double)f->n + (t - f->tbar) * (t - f->tbar) / f->sxx);
	return f->dir * (yhat + side * f->dir * w - f->lim);
}

/* First t >= 0 at which edge(t) >= 0, or INFINITY within horizon. */
static double
first_cross(const struct fit *f, double side, double horizon)
{
	double lo = 0, hi, step;
	int i;

	if (edge(f, 0, side) >= 0)
		return 0;
	/* the band is hyperbolic: scan geometrically, then bisect */
	step = horizon / 4096.0;
	for (hi = step; hi <= horizon; hi *= 1.5) {
		if (edge(f, hi, side) >= 0)
			break;
		lo = hi;
	}
	if (hi > horizon)
		return INFINITY;
	for (i = 0; i < 100; i++) {
		double mid = 0.5 * (lo + hi);
		if (edge(f, mid, side) >= 0)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

int
i40_rul_push(struct i40_rul *r, int64_t ts, double y, struct i40_rul_out *out, struct i40_err *err)
{
	long i, k;
	double c0, c1, cov00, cov01, cov11, sumsq, tbar = 0, sxx = 0, span;
	struct fit f;

	memset(out, 0, sizeof *out);
	out->rul_hours = out->lo_hours = out->hi_hours = NAN;
	if (isnan(y))
		return 0;
	if (r->set.model == I40_RUL_EXP && !(y > 0))
		return i40_err_set(err, I40_ERR_DATA, "value %g is not positive: the exponential trend needs positive values", y);
	r->ts[r->pos] = ts;
	r->y[r->pos] = y;
	r->pos = (r->pos + 1) % r->set.window;
	if (r->n < r->set.window)
		r->n++;
	out->n = r->n;
	if (r->n < r->set.min_points)
		return 0;
	for (i = 0; i < r->n; i++) {
		k = (r->pos - r->n + i + 2 * r->set.window) % r->set.window;
		r->t[i] = (double)(r->ts[k] - ts) / 3.6e12;   /* hours before the newest */
		r->v[i] = r->set.model == I40_RUL_EXP ? log(r->y[k]) : r->y[k];
		tbar += r->t[i];
	}
	tbar /= (double)r->n;
	for (i = 0; i < r->n; i++)
		sxx += (r->t[i] - tbar) * (r->t[i] - tbar);
	if (!(sxx > 0))
		return 0;
	gsl_fit_linear(r->t, 1, r->v, 1, (size_t)r->n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
	f.c0 = c0;
	f.c1 = c1;
	f.tbar = tbar;
	f.sxx = sxx;
	f.n = r->n;
	f.s = sqrt(sumsq / (double)(r->n - 2));
	f.q = gsl_cdf_tdist_Pinv(0.5 + 0.5 * r->set.level, (double)(r->n - 2));
	f.lim = r->set.model == I40_RUL_EXP ? log(r->set.limit) : r->set.limit;
	f.dir = f.lim >= c0 ? 1.0 : -1.0;     /* is the limit above or below the fit now? */
	out->slope = c1;
	out->resid_sd = f.s;
	if (!(f.dir * c1 > 0))
		return 0;                      /* trend away from the limit: no estimate */
	out->valid = 1;
	out->rul_hours = (f.lim - c0) / c1;
	span = -r->t[0];
	if (span <= 0)
		span = 1;
	out->lo_hours = first_cross(&f, +1, 1e3 * fmax(span, out->rul_hours));
	out->hi_hours = first_cross(&f, -1, 1e3 * fmax(span, out->rul_hours));
	return 0;
}
