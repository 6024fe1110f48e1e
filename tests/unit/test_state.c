/* test_state.c - state names and per-state durations, by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "state.h"

static void
labels(void **state)
{
	struct i40_labels l;
	char name[16];
	int i;

	(void)state;
	i40_labels_init(&l);
	assert_int_equal(i40_labels_id(&l, "RUN", NULL), 0);
	assert_int_equal(i40_labels_id(&l, "DOWN:jam", NULL), 1);
	assert_int_equal(i40_labels_id(&l, "RUN", NULL), 0);
	/* Grows past its first allocation. */
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "S%d", i);
		assert_int_equal(i40_labels_id(&l, name, NULL), 2 + i);
	}
	assert_string_equal(i40_labels_name(&l, 1), "DOWN:jam");
	assert_string_equal(i40_labels_name(&l, 21), "S19");
	assert_null(i40_labels_name(&l, 22));
	assert_null(i40_labels_name(&l, -1));
	i40_labels_free(&l);
}

/* Two panes: RUN 40 s + DOWN 20 s (1 transition), then DOWN 60 s:
 * the merged minute pair has RUN 40, DOWN 80, covered 120, 1 change. */
static void
durations_merge(void **state)
{
	const int64_t s = 1000000000LL;
	struct i40_state a, b;

	(void)state;
	i40_state_init(&a);
	i40_state_init(&b);
	assert_int_equal(i40_state_time(&a, 0, 40 * s, NULL), 0);
	assert_int_equal(i40_state_time(&a, 1, 20 * s, NULL), 0);
	i40_state_reading(&a, 0);
	i40_state_reading(&a, 1);
	assert_int_equal(i40_state_time(&b, 12, 60 * s, NULL), 0); /* grows to id 12 */
	i40_state_reading(&b, 0);
	assert_int_equal(i40_state_merge(&a, &b, NULL), 0);
	assert_int_equal(i40_state_dur(&a, 0), 40 * s);
	assert_int_equal(i40_state_dur(&a, 1), 20 * s);
	assert_int_equal(i40_state_dur(&a, 12), 60 * s);
	assert_int_equal(i40_state_dur(&a, 99), 0);
	assert_int_equal(a.covered, 120 * s);
	assert_int_equal(a.transitions, 1);
	assert_int_equal(a.n, 3);
	i40_state_reset(&a);
	assert_int_equal(i40_state_dur(&a, 12), 0);
	assert_int_equal(a.covered, 0);
	assert_int_equal(i40_state_time(&a, -1, s, NULL), -1);
	i40_state_free(&a);
	i40_state_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(labels),
		cmocka_unit_test(durations_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
