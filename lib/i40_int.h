/* i40_int.h - small helpers private to lib/ (the SQLite *Int.h idea). */
#ifndef I40_INT_H
#define I40_INT_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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

/* Make room for need elements of elem bytes in *p (capacity *cap),
 * doubling from 16.  Returns 0, or -1 when out of memory (*p is kept). */
static inline int
i40_int_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n;
	void *q;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n * elem)) == NULL)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* Division rounding towards minus infinity: days and periods before
 * 1970 count down, not towards zero. */
static inline int64_t
i40_int_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Fractional digits of the second a time needs: 0, 3, 6 or 9. */
static inline int
i40_int_ts_digits(int64_t ns)
{
	int64_t f = ns % 1000000000;

	if (f < 0)
		f += 1000000000;
	return f == 0 ? 0 : f % 1000000 == 0 ? 3 : f % 1000 == 0 ? 6 : 9;
}

#endif
