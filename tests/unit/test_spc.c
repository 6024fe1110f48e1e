/* test_spc.c - EWMA limits, CUSUM statistics and run rules by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "det.h"
#include "spc.h"

static void
ewma_limits(void **state)
{
	struct i40_ewma c;
	double lcl, ucl, z;

	(void)state;
	/* lambda 0.2, L 3, mu0 10, sigma 1.
	 * i=1: z = 0.2*12 + 0.8*10 = 10.4; half = 3 sqrt(0.2/1.8 (1 - 0.8^2))
	 *      = 3 sqrt(0.1111.. * 0.36) = 3 * 0.2 = 0.6 */
	i40_ewma_init(&c, 0.2, 3.0, 10.0, 1.0);
	z = i40_ewma_push(&c, 12, &lcl, &ucl);
	assert_true(fabs(z - 10.4) < 1e-12);
	assert_true(fabs(ucl - 10.6) < 1e-12);
	assert_true(fabs(lcl - 9.4) < 1e-12);
	/* i=2: z = 2.4 + 0.8*10.4 = 10.72; half = 3 sqrt(0.1111.. (1 - 0.8^4))
	 *      = 3 sqrt(0.065600) = 0.768375 */
	z = i40_ewma_push(&c, 12, &lcl, &ucl);
	assert_true(fabs(z - 10.72) < 1e-12);
	assert_true(fabs(ucl - (10 + 3 * sqrt(0.2 / 1.8 * (1 - 0.4096)))) < 1e-12);
	assert_true(fabs(ucl - 10.768375) < 1e-6);
	/* far from start the limits reach the asymptote 3 sqrt(0.2/1.8) = 1 */
	for (int i = 0; i < 200; i++)
		i40_ewma_push(&c, 10, &lcl, &ucl);
	assert_true(fabs(ucl - 11.0) < 1e-9);
}

static void
cusum_statistics(void **state)
{
	struct i40_cusum c;

	(void)state;
	/* mu0 10, sigma 1, k 0.5, h 5: K = 10.5 upper reference, H = 5 */
	i40_cusum_init(&c, 10, 1, 0.5, 5);
	assert_int_equal(i40_cusum_push(&c, 10.5), 0);   /* C+ = 0 */
	assert_true(fabs(c.cp - 0) < 1e-12);
	assert_int_equal(i40_cusum_push(&c, 11), 0);     /* C+ = 0.5 */
	assert_true(fabs(c.cp - 0.5) < 1e-12);
	assert_int_equal(i40_cusum_push(&c, 12), 0);     /* 0.5 + 1.5 = 2 */
	assert_int_equal(i40_cusum_push(&c, 13), 0);     /* 2 + 2.5 = 4.5 */
	assert_true(fabs(c.cp - 4.5) < 1e-12);
	assert_int_equal(i40_cusum_push(&c, 12), 1);     /* 4.5 + 1.5 = 6 > 5 */
	assert_true(fabs(c.cp - 6) < 1e-12);
	assert_int_equal(c.np, 4);
	assert_true(fabs(c.cm - 0) < 1e-12);
	i40_cusum_push(&c, 9);   /* C+ = 6 - 1.5 = 4.5; C- = 9.5 - 9 = 0.5 */
	assert_true(fabs(c.cp - 4.5) < 1e-12);
	assert_true(fabs(c.cm - 0.5) < 1e-12);
}

/* Push a sequence, return the rule bits of the last push and check that
 * rule bit did not fire earlier. */
static unsigned
feed(const double *x, int n, unsigned rules, unsigned bit)
{
	struct i40_shewhart c;
	unsigned f = 0;
	int i;

	i40_shewhart_init(&c, 0, 1, rules);
	for (i = 0; i < n; i++) {
		f = i40_shewhart_push(&c, x[i], NULL);
		if (i < n - 1)
			assert_false(f & bit);
	}
	return f;
}

static void
run_rules(void **state)
{
	const double we1[] = { 0.2, 3.5 };
	const double we2[] = { 2.5, 0.0, 2.5 };
	const double we2no[] = { 2.5, 0.0, -2.5 };
	const double we3[] = { 1.5, 1.5, 0.0, 1.5, 1.5 };
	const double we4[] = { .5, .5, .5, .5, .5, .5, .5, .5 };
	const double n3[] = { -0.5, -0.3, -0.1, 0.1, 0.3, 0.5 };
	double n4[14], n7[15];
	const double n8[] = { 1.5, -1.5, 1.2, -1.2, 1.5, -1.5, 1.2, -1.2 };
	int i;

	(void)state;
	assert_true(feed(we1, 2, I40_RULES_WE, I40_RULE_WE1) & I40_RULE_WE1);
	assert_true(feed(we2, 3, I40_RULES_WE, I40_RULE_WE2) & I40_RULE_WE2);
	assert_false(feed(we2no, 3, I40_RULES_WE, I40_RULE_WE2) & I40_RULE_WE2);
	assert_true(feed(we3, 5, I40_RULES_WE, I40_RULE_WE3) & I40_RULE_WE3);
	assert_true(feed(we4, 8, I40_RULES_WE, I40_RULE_WE4) & I40_RULE_WE4);
	assert_false(feed(we4, 7, I40_RULES_WE, I40_RULE_WE4) & I40_RULE_WE4);
	assert_false(feed(we4, 8, I40_RULES_NELSON, I40_RULE_N2) & I40_RULE_N2);
	assert_true(feed(n3, 6, I40_RULES_NELSON, I40_RULE_N3) & I40_RULE_N3);
	assert_false(feed(n3, 5, I40_RULES_NELSON, I40_RULE_N3) & I40_RULE_N3);
	for (i = 0; i < 14; i++)
		n4[i] = i % 2 ? -0.5 : 0.5;
	assert_true(feed(n4, 14, I40_RULES_NELSON, I40_RULE_N4) & I40_RULE_N4);
	assert_false(feed(n4, 13, I40_RULES_NELSON, I40_RULE_N4) & I40_RULE_N4);
	for (i = 0; i < 15; i++)
		n7[i] = 0.1 * (i % 3) - 0.1;
	assert_true(feed(n7, 15, I40_RULE_N7, I40_RULE_N7) & I40_RULE_N7);
	assert_false(feed(n7, 14, I40_RULE_N7, I40_RULE_N7) & I40_RULE_N7);
	assert_true(feed(n8, 8, I40_RULES_NELSON, I40_RULE_N8) & I40_RULE_N8);
	assert_false(feed(n8, 8, I40_RULES_NELSON, I40_RULE_WE3) & I40_RULE_WE3);
	/* rules not asked for never fire */
	assert_int_equal(feed(we1, 2, I40_RULE_N3, 0) & I40_RULE_WE1, 0);
	assert_string_equal(i40_shewhart_rule_name(I40_RULE_WE2), "2 of 3 beyond 2 sigma");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ewma_limits),
		cmocka_unit_test(cusum_statistics),
		cmocka_unit_test(run_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
