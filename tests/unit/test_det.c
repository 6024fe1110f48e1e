/* test_det.c - the detectors behind one settings struct: scores by hand
 * for limits, rz, ewma and seasonal; learning and model round trip; the
 * adaptive default on generated series. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "det.h"
#include "gauss.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static struct i40_det *
make(unsigned methods, long learn, struct i40_det_settings *s)
{
	i40_det_defaults(s);
	s->methods = methods;
	s->learn_points = learn;
	return i40_det_new(s, NULL);
}

static double
push(struct i40_det *d, int64_t ts, double x, int slot, struct i40_det_out *o)
{
	assert_int_equal(i40_det_push(d, ts, x, slot, o, NULL), 0);
	return o->score;
}

static void
limits_and_learning(void **state)
{
	struct i40_det_settings s;
	struct i40_det_out o;
	struct i40_det *d;
	struct i40_err err;
	char why[96];

	(void)state;
	i40_det_defaults(&s);
	s.methods = 1u << I40_DET_LIMITS;
	assert_null(i40_det_new(&s, &err));     /* limits without limits */
	assert_int_equal(err.kind, I40_ERR_CONFIG);
	s.lo = 0;
	s.hi = 10;
	s.learn_points = 1;
	d = i40_det_new(&s, &err);
	assert_non_null(d);
	/* static limits learn nothing: scored from the first record */
	push(d, 0, 5, -1, &o);
	assert_int_equal(o.learning, 0);
	assert_true(o.score == 0);
	/* centre 5, half width 5: x=5 -> e 0; x=10 -> e 1 -> 0.5;
	 * x=15 -> e = 1 + 5/5 = 2 -> 2/3; x=-5 -> 2/3 */
	assert_true(fabs(push(d, 1, 5, -1, &o) - 0) < 1e-12);
	assert_true(fabs(push(d, 2, 10, -1, &o) - 0.5) < 1e-12);
	assert_true(fabs(push(d, 3, 15, -1, &o) - 2.0 / 3.0) < 1e-12);
	assert_int_equal(o.learning, 0);
	i40_det_reason(&o, why, sizeof why);
	assert_string_equal(why, "at or above high limit 10");
	assert_int_equal(o.method, I40_DET_LIMITS);
	assert_true(fabs(push(d, 4, -5, -1, &o) - 2.0 / 3.0) < 1e-12);
	/* NaN is skipped; time going back is refused */
	assert_true(isnan(push(d, 5, NAN, -1, &o)));
	assert_int_equal(i40_det_push(d, 1, 3, -1, &o, &err), -1);
	assert_int_equal(err.kind, I40_ERR_DATA);
	i40_det_free(d);
}

static void
robust_z(void **state)
{
	struct i40_det_settings s;
	struct i40_det_out o;
	struct i40_det *d = make(1u << I40_DET_RZ, 1, &s);
	double e;
	int i;

	(void)state;
	i40_det_free(d);
	s.rz_window = 5;
	d = i40_det_new(&s, NULL);
	push(d, 0, 0, -1, &o);   /* learning */
	for (i = 1; i <= 5; i++)
		push(d, i, i, -1, &o);
	/* window {1..5}: median 3, MAD 1 -> z = 97 / 1.4826; e = z / 3.5 */
	e = 97 / 1.4826 / 3.5;
	assert_true(fabs(push(d, 6, 100, -1, &o) - e / (1 + e)) < 1e-12);
	assert_int_equal(o.method, I40_DET_RZ);
	i40_det_free(d);
}

static void
ewma_through_detector_and_model(void **state)
{
	struct i40_det_settings s;
	struct i40_det_model m;
	struct i40_det_out o, o2;
	struct i40_det *d = make(1u << I40_DET_EWMA, 4, &s), *d2;
	double sd = sqrt(4.0 / 3.0), e;

	(void)state;
	assert_int_equal(i40_det_model_get(d, &m), -1);
	push(d, 0, 9, -1, &o);
	push(d, 1, 11, -1, &o);
	push(d, 2, 9, -1, &o);
	push(d, 3, 11, -1, &o);
	/* warm-up 9, 11, 9, 11: mean 10, sd sqrt(4/3) */
	assert_int_equal(i40_det_model_get(d, &m), 0);
	assert_true(fabs(m.mean - 10) < 1e-12);
	assert_true(fabs(m.sd - sd) < 1e-12);
	assert_int_equal(m.n, 4);
	/* x = 12: z1 = 10.4; half width 3 sd 0.2 -> e = 0.4 / (0.6 sd) */
	e = 0.4 / (0.6 * sd);
	assert_true(fabs(push(d, 4, 12, -1, &o) - e / (1 + e)) < 1e-12);
	/* a detector started from the model scores the same, no warm-up */
	d2 = i40_det_new_model(&s, &m, NULL, 0, NULL);
	assert_non_null(d2);
	assert_true(fabs(push(d2, 4, 12, -1, &o2) - o.score) < 1e-15);
	assert_int_equal(o2.learning, 0);
	push(d, 5, 13, -1, &o);
	push(d2, 5, 13, -1, &o2);
	assert_true(fabs(o.score - o2.score) < 1e-15);
	i40_det_free(d);
	i40_det_free(d2);
}

static void
seasonal_slots(void **state)
{
	struct i40_det_settings s;
	struct i40_det_model m;
	struct i40_det_out o;
	struct i40_det *d;

	(void)state;
	i40_det_defaults(&s);
	s.methods = 1u << I40_DET_SEASONAL;
	s.nslots = 2;
	s.learn_points = 6;
	d = i40_det_new(&s, NULL);
	/* slot 0: 1, 2, 3 (mean 2, sd 1); slot 1: 10, 12, 14 (mean 12, sd 2) */
	push(d, 0, 1, 0, &o);
	push(d, 1, 10, 1, &o);
	push(d, 2, 2, 0, &o);
	push(d, 3, 12, 1, &o);
	push(d, 4, 3, 0, &o);
	push(d, 5, 14, 1, &o);
	assert_int_equal(i40_det_model_get(d, &m), 0);
	assert_true(fabs(m.slot_mean[1] - 12) < 1e-12);
	assert_true(fabs(m.slot_sd[1] - 2) < 1e-12);
	/* x = 5 in slot 0: z = 3, limit 3 -> e 1 -> 0.5; 12 in slot 1 -> 0 */
	assert_true(fabs(push(d, 6, 5, 0, &o) - 0.5) < 1e-12);
	assert_true(fabs(push(d, 7, 12, 1, &o) - 0) < 1e-12);
	/* 8 in slot 1: z = -2, e = 2/3 -> 0.4 */
	assert_true(fabs(push(d, 8, 8, 1, &o) - 0.4) < 1e-12);
	i40_det_free(d);
}

static void
adaptive_default(void **state)
{
	struct i40_det_settings s;
	struct i40_det_model m;
	struct i40_det_out o;
	struct i40_det *d;
	unsigned long long st = 42;
	long i, alerts = 0;
	char why[96];

	(void)state;
	i40_det_defaults(&s);
	d = i40_det_new(&s, NULL);
	/* a cycle of 50 records with noise: the period is found, no alert in
	 * 5000 normal records, and a step of 5 noise sigmas is flagged */
	for (i = 0; i < 5000; i++) {
		double x = 10 * sin(2 * M_PI * (double)i / 50) + gauss(&st);
		push(d, i * 1000000000LL, x, -1, &o);
		if (o.score >= 0.5)
			alerts++;
	}
	assert_int_equal(i40_det_model_get(d, &m), 0);
	assert_int_equal(m.period, 50);
	assert_int_equal(alerts, 0);
	push(d, 5000 * 1000000000LL, 10 * sin(2 * M_PI * 5000 / 50.0) + 12, -1, &o);
	assert_true(o.score >= 0.5);
	assert_int_equal(o.method, I40_DET_ADAPTIVE);
	i40_det_reason(&o, why, sizeof why);
	assert_non_null(strstr(why, "cycle"));
	i40_det_free(d);
	assert_string_equal(i40_det_method_name(I40_DET_CUSUM), "cusum");
	assert_int_equal(i40_det_method_parse("shewhart"), I40_DET_SHEWHART);
	assert_int_equal(i40_det_method_parse("nope"), -1);
}

/* A detector started from a model and the warm-up values it kept scores
 * exactly as the detector that learned them. */
static void
adaptive_model_replay(void **state)
{
	struct i40_det_settings s;
	struct i40_det_model m;
	struct i40_det_out o, o2;
	struct i40_det *d, *d2;
	const double *warm;
	unsigned long long st = 5;
	long i, nwarm;

	(void)state;
	i40_det_defaults(&s);
	d = i40_det_new(&s, NULL);
	for (i = 0; i < 600; i++) {
		assert_int_equal(i40_det_learning_left(d), 600 - i);
		push(d, i, 5 * sin(2 * M_PI * (double)i / 40) + gauss(&st), -1, &o);
	}
	assert_int_equal(i40_det_learning_left(d), 0);
	assert_int_equal(i40_det_model_get(d, &m), 0);
	assert_int_equal(m.period, 40);
	warm = i40_det_warmup(d, &nwarm);
	assert_int_equal(nwarm, 600);
	d2 = i40_det_new_model(&s, &m, warm, nwarm, NULL);
	assert_non_null(d2);
	for (i = 600; i < 3000; i++) {
		double x = 5 * sin(2 * M_PI * (double)i / 40) + gauss(&st) + (i == 2500 ? 9 : 0);
		push(d, i, x, -1, &o);
		push(d2, i, x, -1, &o2);
		assert_true(o.score == o2.score);
	}
	i40_det_free(d);
	i40_det_free(d2);
}

/* The warm-up by time, and ended early by i40_det_learn_now (a baseline
 * file ran out). */
static void
learning_by_time_and_now(void **state)
{
	struct i40_det_settings s;
	struct i40_det_model m;
	struct i40_det_out o;
	struct i40_det *d;
	long i;

	(void)state;
	i40_det_defaults(&s);
	s.methods = 1u << I40_DET_EWMA;
	s.learn_points = 10;
	s.learn_ns = 100;
	d = i40_det_new(&s, NULL);
	for (i = 0; i < 100; i++) {   /* 100 records at ts 0..99: 99 ns < 100 */
		push(d, i, (double)(i % 2), -1, &o);
		assert_int_equal(o.learning, 1);
	}
	push(d, 100, 0, -1, &o);      /* 100 ns after the first: learned */
	assert_int_equal(o.learning, 1);
	push(d, 101, 1, -1, &o);
	assert_int_equal(o.learning, 0);
	i40_det_free(d);
	/* a warm-up longer than the buffer learns from its latest records:
	 * values 0..24999 over 24999 s -> the last 20000, mean 14999.5 */
	s.learn_points = 0;
	s.learn_ns = 24999LL * 1000000000;
	d = i40_det_new(&s, NULL);
	for (i = 0; i < 25000; i++)
		push(d, i * 1000000000LL, (double)i, -1, &o);
	assert_int_equal(i40_det_model_get(d, &m), 0);
	assert_int_equal(m.n, I40_DET_MAXLEARN);
	assert_true(fabs(m.mean - 14999.5) < 1e-9);
	assert_true(fabs(m.median - 14999.5) < 1e-9);
	i40_det_free(d);
	s.learn_points = 10;
	s.learn_ns = 100;
	d = i40_det_new(&s, NULL);
	assert_int_equal(i40_det_learn_now(d), -1);   /* nothing seen */
	push(d, 0, 1, -1, &o);
	push(d, 1, 3, -1, &o);
	assert_int_equal(i40_det_learn_now(d), 0);
	push(d, 2, 2, -1, &o);
	assert_int_equal(o.learning, 0);
	i40_det_free(d);
}

/* What the default must catch in series like gen.py's (bench/nab): a
 * spike of 6 noise sds on a daily cycle with AR(1) noise, and a shift of
 * 1.8 sd in Poisson-like counts within 40 records, with no alert before
 * either in thousands of records. */
static void
adaptive_spike_and_shift(void **state)
{
	struct i40_det_settings s;
	struct i40_det_out o;
	struct i40_det *d;
	unsigned long long st = 11;
	double ar = 0;
	long i, before = 0, caught = -1;

	(void)state;
	i40_det_defaults(&s);
	d = i40_det_new(&s, NULL);
	for (i = 0; i < 3000; i++) {
		ar = 0.8 * ar + gauss(&st);
		push(d, i, 20 + 10 * sin(2 * M_PI * (double)i / 288) + ar + (i == 2800 ? 10 : 0), -1, &o);
		if (i < 2800 && o.score >= 0.5)
			before++;
		if (i == 2800)
			caught = o.score >= 0.5;
	}
	assert_int_equal(before, 0);
	assert_int_equal(caught, 1);
	caught = -1;
	i40_det_free(d);
	d = i40_det_new(&s, NULL);
	for (i = 0; i < 3000; i++) {
		/* mean 5 (sd 2.24), from 2800 on mean 9 */
		double x = (i >= 2800 ? 9 : 5) + 2.24 * gauss(&st);
		push(d, i, x, -1, &o);
		if (i < 2800 && o.score >= 0.5)
			before++;
		if (i >= 2800 && caught < 0 && o.score >= 0.5)
			caught = i - 2800;
	}
	assert_int_equal(before, 0);
	assert_true(caught >= 0 && caught < 40);
	i40_det_free(d);
}

static void
cusum_and_shewhart_combined(void **state)
{
	struct i40_det_settings s;
	struct i40_det_out o;
	struct i40_det *d;
	char why[96];

	(void)state;
	i40_det_defaults(&s);
	s.methods = 1u << I40_DET_CUSUM | 1u << I40_DET_SHEWHART;
	s.mu0 = 10;
	s.sigma = 1;
	s.learn_points = 1;
	d = i40_det_new(&s, NULL);
	push(d, 0, 10, -1, &o);
	/* 11, 12.4, 13: C+ = 0.5, 2.4, 4.9 -> cusum e = 0.98 at the third;
	 * Shewhart z = 1, 2.4, 3: not beyond 3 but WE2 (2 of 3 beyond 2)
	 * fires -> e = 1 wins */
	push(d, 1, 11, -1, &o);
	push(d, 2, 12.4, -1, &o);
	push(d, 3, 13, -1, &o);
	assert_int_equal(o.method, I40_DET_SHEWHART);
	assert_true(fabs(o.score - 0.5) < 1e-12);
	i40_det_reason(&o, why, sizeof why);
	assert_string_equal(why, "run rule: 2 of 3 beyond 2 sigma");
	push(d, 4, 12, -1, &o);    /* C+ = 6.4 -> e 1.28 beats Shewhart (z 2: no rule, e 2/3) */
	assert_int_equal(o.method, I40_DET_CUSUM);
	assert_true(fabs(o.score - 1.28 / 2.28) < 1e-12);
	i40_det_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(limits_and_learning),
		cmocka_unit_test(robust_z),
		cmocka_unit_test(ewma_through_detector_and_model),
		cmocka_unit_test(seasonal_slots),
		cmocka_unit_test(adaptive_default),
		cmocka_unit_test(adaptive_model_replay),
		cmocka_unit_test(learning_by_time_and_now),
		cmocka_unit_test(adaptive_spike_and_shift),
		cmocka_unit_test(cusum_and_shewhart_combined),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
