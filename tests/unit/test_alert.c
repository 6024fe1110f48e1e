/* test_alert.c - debounce, hysteresis, cooldown and the deadman on
 * hand-written sequences. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "alert.h"

static void
debounce_hysteresis_cooldown(void **state)
{
	struct i40_alert_settings s;
	struct i40_alert a;
	struct i40_episode ep;
	/* t = 1..11 */
	const double sc[] = { 0.1, 0.6, 0.2, 0.6, 0.7, 0.4, 0.2, 0.6, 0.1, 0.1, 0.1 };
	/* 0.6 at t=2 is a blip (one record, min_points 2); raised at t=5;
	 * 0.4 at t=6 holds (>= off 0.3: hysteresis); 0.2 at t=7 ends it;
	 * 0.6 at t=8 is within the cooldown: same episode; final after 3
	 * records below, at t=11. */
	const int flag[] = { 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0 };
	int i, r, raised = 0, closed = 0;

	(void)state;
	i40_alert_defaults(&s);
	s.on = 0.5;
	s.off = 0.3;
	s.min_points = 2;
	s.cooldown_points = 3;
	i40_alert_init(&a, &s);
	for (i = 0; i < 11; i++) {
		r = i40_alert_push(&a, i + 1, sc[i], &ep);
		assert_int_equal(r & I40_ALERT_FLAG, flag[i]);
		if (r & I40_ALERT_RAISED) {
			raised++;
			assert_int_equal(i + 1, 5);
		}
		if (r & I40_ALERT_CLOSED) {
			closed++;
			assert_int_equal(i + 1, 11);
		}
	}
	assert_int_equal(raised, 1);
	assert_int_equal(closed, 1);
	assert_int_equal(ep.start, 4);
	assert_int_equal(ep.raised, 5);
	assert_int_equal(ep.end, 8);
	assert_int_equal(ep.peak_ts, 5);
	assert_true(fabs(ep.peak - 0.7) < 1e-12);
	assert_int_equal(ep.points, 5);   /* t = 4..8 */
	assert_int_equal(i40_alert_finish(&a, &ep), 0);
}

static void
debounce_in_time_and_finish(void **state)
{
	struct i40_alert_settings s;
	struct i40_alert a;
	struct i40_episode ep;

	(void)state;
	i40_alert_defaults(&s);
	s.min_ns = 10;
	s.cooldown_points = 0;
	s.cooldown_ns = 100;
	i40_alert_init(&a, &s);
	assert_int_equal(i40_alert_push(&a, 0, 0.9, &ep), 0);
	assert_int_equal(i40_alert_push(&a, 5, 0.9, &ep), 0);
	assert_int_equal(i40_alert_push(&a, 10, 0.9, &ep), I40_ALERT_FLAG | I40_ALERT_RAISED);
	assert_int_equal(i40_alert_push(&a, 20, 0.0, &ep), 0);    /* cooling from 20 */
	assert_int_equal(i40_alert_push(&a, 110, 0.0, &ep), 0);   /* 90 < 100 */
	assert_int_equal(i40_alert_push(&a, 125, 0.0, &ep), I40_ALERT_CLOSED);
	assert_int_equal(ep.start, 0);
	assert_int_equal(ep.end, 10);
	/* an episode open at the end of the stream is closed by finish */
	i40_alert_push(&a, 200, 0.8, &ep);
	i40_alert_push(&a, 210, 0.8, &ep);
	assert_int_equal(i40_alert_finish(&a, &ep), 1);
	assert_int_equal(ep.start, 200);
	assert_int_equal(ep.raised, 210);
	/* NaN counts as below off */
	i40_alert_init(&a, &s);
	assert_int_equal(i40_alert_push(&a, 0, NAN, &ep), 0);
}

static void
deadman(void **state)
{
	struct i40_deadman d;

	(void)state;
	i40_deadman_init(&d, 0, 3.0);
	assert_int_equal(i40_deadman_check(&d, 1000), 0);  /* nothing seen yet */
	assert_int_equal(i40_deadman_seen(&d, 0), 0);
	assert_int_equal(i40_deadman_seen(&d, 10), 0);
	assert_int_equal(i40_deadman_seen(&d, 20), 0);
	assert_int_equal(i40_deadman_expected(&d), 0);     /* 2 gaps: not yet */
	assert_int_equal(i40_deadman_seen(&d, 30), 0);
	assert_int_equal(i40_deadman_expected(&d), 10);
	assert_int_equal(i40_deadman_check(&d, 55), 0);    /* silent 25 <= 30 */
	assert_int_equal(i40_deadman_check(&d, 61), 1);    /* silent 31 > 30: rises */
	assert_int_equal(i40_deadman_check(&d, 70), 0);    /* already up */
	assert_int_equal(i40_deadman_seen(&d, 80), 1);     /* data back: falls */
	assert_int_equal(i40_deadman_expected(&d), 10);    /* the silence is not learned */
	/* a given interval needs no learning */
	i40_deadman_init(&d, 5, 2.0);
	i40_deadman_seen(&d, 100);
	assert_int_equal(i40_deadman_check(&d, 110), 0);
	assert_int_equal(i40_deadman_check(&d, 111), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(debounce_hysteresis_cooldown),
		cmocka_unit_test(debounce_in_time_and_finish),
		cmocka_unit_test(deadman),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
