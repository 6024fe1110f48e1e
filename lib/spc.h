/* spc.h - statistical process control charts: EWMA, tabular CUSUM and the
 * Shewhart individuals chart with Western Electric and Nelson run rules.
 *
 * Plain state structs updated one sample at a time, no allocation; the
 * in-control mean mu0 and standard deviation sigma come from the caller
 * (learned on a baseline, or given).  Formulas: Montgomery, Introduction
 * to Statistical Quality Control, 6th ed., sections 9.1 (CUSUM), 9.2
 * (EWMA) and 5.3/6.x (run rules); Nelson, J. Qual. Tech. 16(4), 1984.
 */
#ifndef I40_SPC_H
#define I40_SPC_H

struct i40_ewma {
	double lambda, L, mu0, sigma;
	long i;                  /* samples seen */
	double z;                /* the EWMA statistic, z_0 = mu0 */
	double decay2;           /* (1 - lambda)^(2i), 0 once 1 - decay2 rounds to 1 */
	double half;             /* half the width of the limits at sample i */
};

void i40_ewma_init(struct i40_ewma *c, double lambda, double L, double mu0, double sigma);

/* Add x; returns z_i and sets the limits of sample i:
 * mu0 +- L sigma sqrt(lambda / (2 - lambda) * (1 - (1 - lambda)^(2i))). */
double i40_ewma_push(struct i40_ewma *c, double x, double *lcl, double *ucl);

struct i40_cusum {
	double mu0, sigma, k, h; /* k and h in sigmas */
	double cp, cm;           /* C+ and C- (in data units) */
	long np, nm;             /* samples since C+ / C- was last zero */
};

void i40_cusum_init(struct i40_cusum *c, double mu0, double sigma, double k, double h);

/* Add x: C+ = max(0, x - (mu0 + k sigma) + C+), C- = max(0, (mu0 - k sigma)
 * - x + C-).  Returns 1 when C+ or C- exceeds h sigma, else 0. */
int i40_cusum_push(struct i40_cusum *c, double x);

#define I40_SHEWHART_HIST 15

struct i40_shewhart {
	double mu0, sigma;
	unsigned rules;          /* I40_RULE_* bits (det.h) */
	double z[I40_SHEWHART_HIST]; /* last standardised values, z[0] newest */
	int n;                   /* how many of z are filled */
};

void i40_shewhart_init(struct i40_shewhart *c, double mu0, double sigma, unsigned rules);

/* Add x; returns the I40_RULE_* bits that fire at this sample (a rule
 * fires at the sample that completes its pattern), and its z in *z. */
unsigned i40_shewhart_push(struct i40_shewhart *c, double x, double *z);

/* Short name of the first rule set in bits ("WE2", "Nelson 3", ...). */
const char *i40_shewhart_rule_name(unsigned bits);

#endif
