/* test_counter.c - counter increments, resets and rates, by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "counter.h"
#include "testutil.h"

#define NS 1000000000LL

/* Counter 100,105,112,3,10,10 at 0..300 s: increments 5, 7, 3 (reset:
 * the counter restarted and reached 3), 7, 0; delta 22 over 300 s is
 * 22 / (300/3600) = 264 per hour. */
static void
counter_with_reset(void **state)
{
	static const double v[] = {100, 105, 112, 3, 10, 10};
	struct i40_counter c, a, b;
	int k, reset;

	(void)state;
	i40_counter_init(&c);
	i40_counter_init(&a);
	i40_counter_init(&b);
	assert_true(isnan(i40_counter_delta(&c)));
	assert_true(isnan(i40_counter_rate(&c)));
	for (k = 1; k < 6; k++) {
		i40_counter_add(&c, (k - 1) * 60 * NS, v[k - 1], k * 60 * NS, v[k]);
		i40_counter_add(k <= 2 ? &a : &b, (k - 1) * 60 * NS, v[k - 1], k * 60 * NS, v[k]);
	}
	assert_near(i40_counter_delta(&c), 22, 0, "delta");
	assert_int_equal(c.resets, 1);
	assert_near(i40_counter_rate(&c), 264, 1e-12, "rate per hour");
	/* Split in two windows: 12 + 10 and the merge gives the whole. */
	assert_near(i40_counter_delta(&a), 12, 0, "delta of first part");
	assert_near(i40_counter_delta(&b), 10, 0, "delta of second part");
	i40_counter_merge(&a, &b);
	assert_near(i40_counter_delta(&a), 22, 0, "merged delta");
	assert_near(i40_counter_rate(&a), 264, 1e-12, "merged rate");
	assert_near(i40_counter_increment(7, 2, &reset), 2, 0, "reset increment");
	assert_int_equal(reset, 1);
	assert_near(i40_counter_increment(2, 7, &reset), 5, 0, "plain increment");
	assert_int_equal(reset, 0);
}

/* A reading repeated (no increment) and two readings at one instant. */
static void
counter_no_time(void **state)
{
	struct i40_counter c;

	(void)state;
	i40_counter_init(&c);
	i40_counter_add(&c, 5 * NS, 40, 5 * NS, 41);
	assert_near(i40_counter_delta(&c), 1, 0, "delta");
	assert_true(isnan(i40_counter_rate(&c)));
	i40_counter_add(&c, 5 * NS, 41, 65 * NS, 41);
	assert_near(i40_counter_delta(&c), 1, 0, "delta after a flat minute");
	assert_near(i40_counter_rate(&c), 60, 1e-12, "1 per minute = 60 per hour");
	assert_int_equal(c.resets, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counter_with_reset),
		cmocka_unit_test(counter_no_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
