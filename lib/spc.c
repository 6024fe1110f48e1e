/* spc.c - EWMA, CUSUM and Shewhart charts with run rules.
 *
 * These are the charts quality engineers already know, kept exactly as
 * the textbook writes them so that their limits can be checked by hand:
 * the EWMA uses the exact time-varying variance factor (not the
 * asymptotic one), so the first samples after start-up are not
 * over-alarmed; the CUSUM is the two-sided tabular form.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "det.h"
#include "spc.h"

void
i40_ewma_init(struct i40_ewma *c, double lambda, double L, double mu0, double sigma)
{
	c->lambda = lambda;
	c->L = L;
	c->mu0 = mu0;
	c->sigma = sigma;
	c->i = 0;
	c->z = mu0;
	c->decay2 = 1.0;
	c->half = 0;
}

double
i40_ewma_push(struct i40_ewma *c, double x, double *lcl, double *ucl)
{
	c->i++;
	c->z = c->lambda * x + (1.0 - c->lambda) * c->z;
	/* the limits widen to their steady value; once there (decay2 below
	 * half an ulp of 1) they stay, so the square root is not redone */
	if (c->decay2 > 0) {
		c->decay2 *= (1.0 - c->lambda) * (1.0 - c->lambda);
		if (c->decay2 < DBL_EPSILON / 4)
			c->decay2 = 0;
		c->half = c->L * c->sigma * sqrt(c->lambda / (2.0 - c->lambda) * (1.0 - c->decay2));
	}
	if (lcl)
		*lcl = c->mu0 - c->half;
	if (ucl)
		*ucl = c->mu0 + c->half;
	return c->z;
}

void
i40_cusum_init(struct i40_cusum *c, double mu0, double sigma, double k, double h)
{
	memset(c, 0, sizeof *c);
	c->mu0 = mu0;
	c->sigma = sigma;
	c->k = k;
	c->h = h;
}

int
i40_cusum_push(struct i40_cusum *c, double x)
{
	double K = c->k * c->sigma;

	c->cp = fmax(0.0, x - (c->mu0 + K) + c->cp);
	c->cm = fmax(0.0, (c->mu0 - K) - x + c->cm);
	c->np = c->cp > 0 ? c->np + 1 : 0;
	c->nm = c->cm > 0 ? c->nm + 1 : 0;
	return c->cp > c->h * c->sigma || c->cm > c->h * c->sigma;
}

void
i40_shewhart_init(struct i40_shewhart *c, double mu0, double sigma, unsigned rules)
{
	memset(c, 0, sizeof *c);
	c->mu0 = mu0;
	c->sigma = sigma;
	c->rules = rules;
}

/* Of the newest n samples, how many are beyond k sigma on the side s (+1/-1). */
static int
beyond(const struct i40_shewhart *c, int n, double k, int s)
{
	int i, cnt = 0;

	for (i = 0; i < n; i++)
		if (s * c->z[i] > k)
			cnt++;
	return cnt;
}

/* The newest n samples all strictly on side s of the centre. */
static int
run_side(const struct i40_shewhart *c, int n, int s)
{
	int i;

	if (c->n < n)
		return 0;
	for (i = 0; i < n; i++)
		if (!(s * c->z[i] > 0))
			return 0;
	return 1;
}

unsigned
i40_shewhart_push(struct i40_shewhart *c, double x, double *zout)
{
	unsigned fired = 0;
	double z = (x - c->mu0) / c->sigma;
	int i, s;

	memmove(c->z + 1, c->z, (I40_SHEWHART_HIST - 1) * sizeof c->z[0]);
	c->z[0] = z;
	if (c->n < I40_SHEWHART_HIST)
		c->n++;
	if (zout)
		*zout = z;

	if (fabs(z) > 3.0)
		fired |= I40_RULE_WE1;
	for (s = -1; s <= 1; s += 2) {
		/* the newest point must take part in the pattern it completes */
		if (c->n >= 3 && s * z > 2.0 && beyond(c, 3, 2.0, s) >= 2)
			fired |= I40_RULE_WE2;
		if (c->n >= 5 && s * z > 1.0 && beyond(c, 5, 1.0, s) >= 4)
			fired |= I40_RULE_WE3;
		if (run_side(c, 8, s))
			fired |= I40_RULE_WE4;
		if (run_side(c, 9, s))
			fired |= I40_RULE_N2;
	}
	if (c->n >= 6) {
		int up = 1, down = 1;
		for (i = 0; i < 5; i++) {
			if (!(c->z[i] > c->z[i + 1]))
				up = 0;
			if (!(c->z[i] < c->z[i + 1]))
				down = 0;
		}
		if (up || down)
			fired |= I40_RULE_N3;
	}
	if (c->n >= 14) {
		int alt = 1;
		for (i = 0; i < 12 && alt; i++) {
			double d0 = c->z[i] - c->z[i + 1], d1 = c->z[i + 1] - c->z[i + 2];
			if (!(d0 * d1 < 0))
				alt = 0;
		}
		if (alt)
			fired |= I40_RULE_N4;
	}
	if (c->n >= 15) {
		int in = 1;
		for (i = 0; i < 15; i++)
			if (!(fabs(c->z[i]) < 1.0))
				in = 0;
		if (in)
			fired |= I40_RULE_N7;
	}
	if (c->n >= 8) {
		int out = 1, hi = 0, lo = 0;
		for (i = 0; i < 8; i++) {
			if (!(fabs(c->z[i]) > 1.0))
				out = 0;
			hi |= c->z[i] > 0;
			lo |= c->z[i] < 0;
		}
		if (out && hi && lo)
			fired |= I40_RULE_N8;
	}
	return fired & c->rules;
}

const char *
i40_shewhart_rule_name(unsigned bits)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ I40_RULE_WE1, "1 point beyond 3 sigma" },
		{ I40_RULE_WE2, "2 of 3 beyond 2 sigma" },
		{ I40_RULE_WE3, "4 of 5 beyond 1 sigma" },
		{ I40_RULE_WE4, "8 in a row on one side" },
		{ I40_RULE_N2, "9 in a row on one side" },
		{ I40_RULE_N3, "6 in a row trending" },
		{ I40_RULE_N4, "14 in a row alternating" },
		{ I40_RULE_N7, "15 in a row within 1 sigma" },
		{ I40_RULE_N8, "8 in a row beyond 1 sigma both sides" },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (bits & names[i].bit)
			return names[i].name;
	return "";
}
