/* test_num.c - number text out: i40_num_fmt() writes exactly what
 * printf's "%.12g" writes (and "%.0f" for whole numbers), also on the
 * fast path that avoids printf, for values of every magnitude and for
 * decimals that lie at or next to a rounding tie. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "num.h"

static void
same_as_printf(double x)
{
	char got[I40_NUM_MAXLEN], want[64];
	size_t n = i40_num_fmt(x, got);

	if (x == floor(x) && fabs(x) < 9007199254740992.0)
		snprintf(want, sizeof want, "%.0f", x == 0 ? 0.0 : x);
	else
		snprintf(want, sizeof want, "%.12g", x);
	if (strcmp(got, want) != 0 || n != strlen(want))
		fail_msg("%.17g: got \"%s\", printf \"%s\"", x, got, want);
}

/* A small deterministic generator (xorshift64*), so failures repeat. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static void
magnitudes(void **state)
{
	uint64_t s = 88172645463325252ULL;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		/* log-uniform over 1e-7 .. 1e14, both signs */
		double u = (double)(next(&s) >> 11) / 9007199254740992.0;
		double x = pow(10, -7 + 21 * u);
		same_as_printf(next(&s) & 1 ? -x : x);
	}
}

static void
near_ties(void **state)
{
	uint64_t s = 1234567;

	(void)state;
	/* decimals of 13 significant digits ending in 5: the 12-digit
	 * rounding falls right on (the binary neighbour of) a tie */
	for (int i = 0; i < 100000; i++) {
		uint64_t m = 1000000000000ULL + next(&s) % 9000000000000ULL;
		int e = (int)(next(&s) % 20) - 8;
		double x = (double)(m - m % 10 + 5) * pow(10, e - 12);
		same_as_printf(x);
		same_as_printf(nextafter(x, 0));
		same_as_printf(nextafter(x, 1e300));
	}
	/* edges: powers of ten, 9s that round up a digit, the fixed/exponent
	 * switch at 1e-4 and 1e12 */
	static const double edge[] = {
		0.1, 0.01, 0.001, 0.0001, 0.00009999999999999, 0.000099999999999995,
		9.9999999999995, 9.99999999999949, 99999999999.95, 999999999999.5,
		999999999999.4, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 123456.789, 1e-5 + 1e-17,
		1.5, -0.5, 1e11 + 0.5, 1e12 + 0.5, 4503599627370495.5, 3.14159265358979,
	};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		same_as_printf(edge[i]);
		same_as_printf(-edge[i]);
	}
	char buf[I40_NUM_MAXLEN];
	assert_int_equal(i40_num_fmt(NAN, buf), 0);
	assert_string_equal(buf, "");
	assert_int_equal(i40_num_fmt(-0.0, buf), 1);
	assert_string_equal(buf, "0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(magnitudes),
		cmocka_unit_test(near_ties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
