/* i40_int.h - small helpers private to lib/ (the SQLite *Int.h idea). */
#ifndef I40_INT_H
#define I40_INT_H

#include <math.h>

/* Neumaier's compensated addition: *sum + *c carries the exact total far
 * longer than a plain sum; the low-order part lost by *sum + x goes to *c. */
static inline void
i40_int_sum_add(double *sum, double *c, double x)
{
	double t = *sum + x;

	if (fabs(*sum) >= fabs(x))
		*c += (*sum - t) + x;
	else
		*c += (x - t) + *sum;
	*sum = t;
}

#endif
