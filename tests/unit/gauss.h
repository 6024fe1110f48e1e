/* gauss.h - one deterministic normal generator for the unit tests (a
 * 64-bit LCG and Box-Muller), so that generated test data is the same on
 * every machine and every test draws it the same way. */
#ifndef I40_TEST_GAUSS_H
#define I40_TEST_GAUSS_H

#include <math.h>

static double
gauss(unsigned long long *st)
{
	double u1, u2;
	*st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
	u1 = ((double)(*st >> 11) + 0.5) / 9007199254740992.0;
	*st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
	u2 = ((double)(*st >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

#endif
