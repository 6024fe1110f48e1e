/* test_adapt.c - the adaptive detector: its tail fit, limit, lag and
 * resolution by hand on stepped series, and what it must and must not
 * flag on generated ones. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "adapt.h"
#include "gauss.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define SEC 1000000000LL

static struct i40_adapt *
make(long memory, int parts, long period)
{
	struct i40_adapt_settings s = { .alpha = 1e-5, .memory = memory, .periods = 3, .mean = 64, .parts = parts };
	struct i40_adapt *a = i40_adapt_new(&s, period, period > 0 ? SEC : 0, NULL);
	assert_non_null(a);
	return a;
}

/* Blocks of 64 records, block b all at value v0 + b. */
static long
steps(struct i40_adapt *a, long t, int nblocks, double v0, double step, int score)
{
	struct i40_adapt_out o;
	for (int b = 0; b < nblocks; b++)
		for (int i = 0; i < I40_ADAPT_BLOCK; i++, t++)
			i40_adapt_push(a, t * SEC, v0 + step * b, score, &o);
	return t;
}

/* Memory 1000 records is 16 blocks.  Blocks at 0, 1, ..., 15: the block
 * maxima of the level are 0..15, so M1 = 15, M8 = 8 and the top spacing
 * is 7 / H7 = 2.69972 (H7 = 1 + 1/2 + ... + 1/7 = 2.592857); down to the
 * median block (the 9th highest, 7) it is 8 / H7 = 3.08540, the larger.
 * With the level alone (1 part) and 1024 records, the limit is
 * d* = log(1 / (1024 * 1e-5)) = 4.581454; 30 is (30 - 15) / 3.08540 =
 * 4.861607 scales beyond, e = 1.061149. */
static void
tail_by_hand(void **state)
{
	struct i40_adapt *a = make(1000, 1 << I40_ADAPT_LEVEL, 0);
	struct i40_adapt_out o;
	long t;

	(void)state;
	t = steps(a, 0, 16, 0, 1, 1);
	i40_adapt_push(a, t * SEC, 10, 1, &o);   /* inside the range */
	assert_true(o.e == 0);
	assert_true(fabs(o.usual - 8) < 1e-12);  /* median block mean: the 9th lowest of 0..15 */
	i40_adapt_push(a, (t + 1) * SEC, 30, 1, &o);
	assert_int_equal(o.part, I40_ADAPT_LEVEL);
	assert_true(fabs(o.z - 4.861607142857142) < 1e-9);
	assert_true(fabs(o.e - 1.0611494744497412) < 1e-9);
	assert_true(o.extreme == 15 && o.value == 30);
	i40_adapt_push(a, (t + 2) * SEC, -20, 1, &o);   /* below 0: the low tail is the mirror */
	assert_true(fabs(o.z + 20 / 3.085399449035813) < 1e-9);
	i40_adapt_free(a);
}

/* After the warm-up the latest 4 blocks stay out of the reference.  16
 * blocks 0..15, then 4 blocks at 100: the 4 oldest are forgotten and no
 * 100-block has joined, so the reference is 4..15 (12 blocks): top
 * spacing 7 / H7 = 2.69972, median (the 7th highest, 9) spacing 6 / H5
 * = 2.62774 (H5 = 2.283333); d* = log(1 / (12 * 64 * 1e-5)) = 4.869136;
 * 100 is 85 / 2.69972 = 31.48469 scales beyond, e = 6.466177.  One more
 * block and the first 100-block joins: 100 is inside. */
static void
lag_by_hand(void **state)
{
	struct i40_adapt *a = make(1000, 1 << I40_ADAPT_LEVEL, 0);
	struct i40_adapt_out o;
	long t;

	(void)state;
	t = steps(a, 0, 16, 0, 1, 0);
	i40_adapt_warm_done(a);
	t = steps(a, t, 4, 100, 0, 1);
	i40_adapt_push(a, t * SEC, 100, 1, &o);
	assert_true(fabs(o.z - 31.484693877551017) < 1e-9);
	assert_true(fabs(o.e - 6.466177081854739) < 1e-9);
	t = steps(a, t + 1, 1, 100, 0, 1);
	i40_adapt_push(a, t * SEC, 100, 1, &o);
	assert_true(o.e == 0);
	i40_adapt_free(a);
}

/* Tied extremes: the changes of the stepped series are 0 within blocks
 * and +1 where a block starts, so the top block maxima are all 1 and the
 * tail scale is 0; the readings' resolution (their smallest step, 1)
 * stands in.  A step from 15 to 30 is (15 - 1) / 1 = 14 scales beyond,
 * e = 14 / 4.581454 = 3.055799.  A ramp read with rounding noise
 * (steps 0.00999999 and 0.01000001) is no evidence. */
static void
resolution_by_hand(void **state)
{
	struct i40_adapt *a = make(1000, 1 << I40_ADAPT_CHANGE, 0);
	struct i40_adapt_out o;
	long t, i, alerts = 0;

	(void)state;
	t = steps(a, 0, 16, 0, 1, 1);
	i40_adapt_push(a, t * SEC, 30, 1, &o);
	assert_int_equal(o.part, I40_ADAPT_CHANGE);
	assert_true(fabs(o.z - 14) < 1e-9);
	assert_true(fabs(o.e - 3.0557986702244158) < 1e-9);
	i40_adapt_free(a);
	a = make(8192, 0, 0);
	for (i = 0; i < 20000; i++) {
		double x = (double)(long)(i * 0.01 * 1e6 + 0.5) / 1e6;   /* %.6f of 0.01 i */
		i40_adapt_push(a, i * SEC, x, 1, &o);
		alerts += o.e >= 1;
	}
	assert_int_equal(alerts, 0);
	i40_adapt_free(a);
}

/* A reading that stops changing: alerted (spread 0, never seen), until
 * the stuck blocks join the reference; a quantised series that often
 * repeats itself is not. */
static void
stuck(void **state)
{
	struct i40_adapt *a = make(8192, 0, 0);
	struct i40_adapt_out o;
	unsigned long long st = 3;
	long i, first = -1, last = -1;

	(void)state;
	for (i = 0; i < 2000; i++) {
		if (i == 600)
			i40_adapt_warm_done(a);
		i40_adapt_push(a, i * SEC, 20 + gauss(&st), i >= 600, &o);
	}
	for (; i < 3000; i++) {
		i40_adapt_push(a, i * SEC, 21.5, 1, &o);
		if (o.e >= 1) {
			if (first < 0)
				first = i;
			if (i == 2016) {
				/* 16 unchanged records: a spread of 0, never seen */
				assert_int_equal(o.part, I40_ADAPT_SPREAD);
				assert_true(o.value == 0 && isinf(o.e));
			}
			last = i;
		}
	}
	/* the spread falls (a first alert as it nears 0), is 0 from 2016;
	 * the block holding it (1984-2047) joins the reference 4 blocks
	 * later, when the block 2240-2303 ends: no alert after 2303 */
	assert_true(first >= 2000 && first <= 2016);
	assert_int_equal(last, 2303);
	i40_adapt_free(a);
	a = make(8192, 0, 0);
	first = -1;
	for (i = 0; i < 6000; i++) {
		if (i == 600)
			i40_adapt_warm_done(a);
		i40_adapt_push(a, i * SEC, round(3 * sin(i / 300.0) + 0.3 * gauss(&st)), i >= 600, &o);
		if (o.e >= 1 && first < 0)
			first = i;
	}
	assert_int_equal(first, -1);
	i40_adapt_free(a);
}

/* What the detector is for, on generated series (the figures on real and
 * generated sets are bench/nab's):
 * - quiet AR(1) noise, a clean daily cycle: no alert in 20000 records
 *   (alpha 1e-5 per record and part; the tail model is conservative);
 * - a drop that recurs every 500 records: alerted the first time only;
 * - a drift of 0.02 noise sds per record: found within 250 records;
 * - a lasting shift of 6 sds: found at once, and the alerts stop once
 *   the new level is part of the memory (under 1000 records). */
static void
behaviour(void **state)
{
	struct i40_adapt *a;
	struct i40_adapt_out o;
	unsigned long long st = 11;
	double ar = 0;
	long i, alerts = 0, first = -1, last = -1;

	(void)state;
	a = make(8192, 0, 0);
	for (i = 0; i < 20000; i++) {
		ar = 0.8 * ar + gauss(&st);
		if (i == 600)
			i40_adapt_warm_done(a);
		i40_adapt_push(a, i * SEC, 50 + ar, i >= 600, &o);
		alerts += o.e >= 1;
	}
	assert_int_equal(alerts, 0);
	i40_adapt_free(a);

	a = make(8192, 0, 288);
	for (i = 0; i < 20000; i++) {
		if (i == 600)
			i40_adapt_warm_done(a);
		i40_adapt_push(a, i * SEC, 20 + 10 * sin(2 * M_PI * (double)i / 288) + 0.5 * gauss(&st), i >= 600, &o);
		alerts += o.e >= 1;
	}
	assert_int_equal(alerts, 0);
	i40_adapt_free(a);

	a = make(8192, 0, 0);
	for (i = 0; i < 8000; i++) {
		double x = 80 + gauss(&st) - (i >= 1000 && i % 500 < 20 ? 30 : 0);
		if (i == 600)
			i40_adapt_warm_done(a);
		i40_adapt_push(a, i * SEC, x, i >= 600, &o);
		if (o.e >= 1)
			last = i;
		if (o.e >= 1 && first < 0)
			first = i;
	}
	assert_true(first >= 1000 && first < 1005);
	assert_true(last < 1600);   /* the first drop and its return, and its second time... at most */
	i40_adapt_free(a);

	a = make(8192, 0, 0);
	first = -1;
	for (i = 0; i < 5000; i++) {
		ar = 0.8 * ar + gauss(&st);
		if (i == 600)
			i40_adapt_warm_done(a);
		i40_adapt_push(a, i * SEC, 70 + ar + (i >= 4000 ? 0.02 * 1.6667 * (double)(i - 4000) : 0), i >= 600, &o);
		if (o.e >= 1 && first < 0)
			first = i;
	}
	assert_true(first >= 4000 && first < 4250);
	i40_adapt_free(a);

	a = make(8192, 0, 0);
	first = last = -1;
	for (i = 0; i < 8000; i++) {
		if (i == 600)
			i40_adapt_warm_done(a);
		i40_adapt_push(a, i * SEC, 10 + gauss(&st) + (i >= 4000 ? 6 : 0), i >= 600, &o);
		if (o.e >= 1 && first < 0)
			first = i;
		if (o.e >= 1)
			last = i;
	}
	assert_true(first >= 4000 && first < 4005);
	assert_true(last < 5000);
	i40_adapt_free(a);
}

/* Judged from the end of the warm-up, on slow series too: two days of
 * 5-minute means with a daily cycle (period 288) leave one cycle of
 * residuals, 4 blocks of 64, short of the 9 a tail needs; blocks of 8
 * serve until then.  A spike of 16 noise sds 10 records after the
 * warm-up alerts; the rest of the next two days, quiet, does not.  The
 * same for AR(1) noise without a cycle whose warm-up is 300 records. */
static void
judged_after_warmup(void **state)
{
	struct i40_adapt *a;
	struct i40_adapt_out o;
	unsigned long long st = 5;
	double ar = 0;
	long i, spike = 2 * 288 + 10, alerts = 0;

	(void)state;
	a = i40_adapt_new(&(struct i40_adapt_settings){ .alpha = 1e-5, .memory = 8192, .periods = 3, .mean = 64 },
			  288, 300 * SEC, NULL);
	assert_non_null(a);
	for (i = 0; i < 4 * 288; i++) {
		double x = 2.8 + 0.5 * sin(2 * M_PI * (double)i / 288) + 0.05 * gauss(&st);
		if (i == 2 * 288)
			i40_adapt_warm_done(a);
		i40_adapt_push(a, i * 300 * SEC, x + (i == spike ? 0.8 : 0), i >= 2 * 288, &o);
		if (i == spike) {
			assert_true(o.e >= 1);
			assert_false(isnan(o.usual));
		} else if (i >= 2 * 288 && (i < spike || i > spike + 4)) {
			alerts += o.e >= 1;   /* the changes back from the spike may alert with it */
		}
	}
	assert_int_equal(alerts, 0);
	i40_adapt_free(a);

	a = make(8192, 0, 0);
	for (i = 0; i < 2000; i++) {
		double x = 50 + (ar = 0.8 * ar + gauss(&st));
		if (i == 300)
			i40_adapt_warm_done(a);
		i40_adapt_push(a, i * SEC, x + (i == 310 ? 16 : 0), i >= 300, &o);
		if (i == 310)
			assert_true(o.e >= 1);
		else if (i >= 300 && (i < 310 || i > 314))
			alerts += o.e >= 1;
	}
	assert_int_equal(alerts, 0);
	i40_adapt_free(a);
}

static void
settings_checked(void **state)
{
	struct i40_adapt_settings s = { .alpha = 1e-5, .memory = 8192, .periods = 3, .mean = 64 };
	struct i40_err err;

	(void)state;
	assert_int_equal(i40_adapt_check(&s, &err), 0);
	s.alpha = 1;
	assert_int_equal(i40_adapt_check(&s, &err), -1);
	assert_non_null(strstr(err.msg, "alpha"));
	s.alpha = 1e-5;
	s.memory = 999;
	assert_int_equal(i40_adapt_check(&s, &err), -1);
	s.memory = 8192;
	s.mean = 65;
	assert_int_equal(i40_adapt_check(&s, &err), -1);
	assert_null(i40_adapt_new(&s, 0, 0, &err));
	assert_string_equal(i40_adapt_part_name(I40_ADAPT_DRIFT), "drift");
	assert_string_equal(i40_adapt_part_name(99), "");
	assert_int_equal(i40_adapt_replay_len(&(struct i40_adapt_settings){ .alpha = 1e-5, .memory = 8192, .periods = 3, .mean = 64 }, 288),
			 8192 + 2 * 288 * 3 + 4 + 128);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tail_by_hand),
		cmocka_unit_test(lag_by_hand),
		cmocka_unit_test(resolution_by_hand),
		cmocka_unit_test(stuck),
		cmocka_unit_test(behaviour),
		cmocka_unit_test(judged_after_warmup),
		cmocka_unit_test(settings_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
