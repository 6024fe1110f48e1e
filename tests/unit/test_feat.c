/* test_feat.c - feature lists parse as documented and each name reads
 * the right number (checked on small windows by hand). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_math.h>

#include "feat.h"

#define S 1000000000LL

static void
parse_list(void **state)
{
	struct i40_feat f[8];
	struct i40_err e;

	(void)state;
	assert_int_equal(i40_feat_parse("mean, std ,p95,p99.9", f, 8, NULL), 4);
	assert_string_equal(f[0].name, "mean");
	assert_string_equal(f[1].name, "std");
	assert_int_equal(f[2].id, I40_FEAT_QUANTILE);
	assert_true(fabs(f[2].arg - 0.95) < 1e-15);
	assert_string_equal(f[3].name, "p99.9");
	assert_true(fabs(f[3].arg - 0.999) < 1e-15);
	assert_int_equal(i40_feat_needs(f, 2), 0);
	assert_int_equal(i40_feat_needs(f, 4), I40_FEAT_NEEDS_VALUES);
	assert_true(i40_feat_applies(&f[0], I40_STREAM_GAUGE));
	assert_false(i40_feat_applies(&f[1], I40_STREAM_STATE));

	assert_int_equal(i40_feat_parse("mean,rms,kurtosis", f, 8, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	assert_non_null(strstr(e.msg, "unknown feature \"kurtosis\""));
	assert_non_null(strstr(e.msg, "kurt"));
	assert_int_equal(i40_feat_parse("mean,,std", f, 8, &e), -1);
	assert_non_null(strstr(e.msg, "empty"));
	assert_int_equal(i40_feat_parse("mean,mean", f, 8, &e), -1);
	assert_non_null(strstr(e.msg, "twice"));
	assert_int_equal(i40_feat_parse("p101", f, 8, &e), -1);
	assert_int_equal(i40_feat_parse("p9x", f, 8, &e), -1);
	assert_int_equal(i40_feat_parse("pNN", f, 8, &e), -1);
	assert_int_equal(i40_feat_parse("", f, 8, &e), -1);
	assert_int_equal(i40_feat_parse("mean,std,rms", f, 2, &e), -1);
	assert_int_equal(i40_feat_parse("domfreq", f, 8, NULL), 1);
	assert_int_equal(i40_feat_needs(f, 1), I40_FEAT_NEEDS_VALUES | I40_FEAT_NEEDS_SPEC);
}

/* Every table name but pNN parses to itself. */
static void
table_walk(void **state)
{
	const char *name, *help;
	unsigned kinds;
	struct i40_feat f;
	int i;

	(void)state;
	for (i = 0; i40_feat_info(i, &name, &help, &kinds) == 0; i++) {
		assert_true(strlen(help) > 5);
		assert_true(kinds != 0);
		if (strcmp(name, "pNN") == 0)
			continue;
		assert_int_equal(i40_feat_parse(name, &f, 1, NULL), 1);
		assert_string_equal(f.name, name);
	}
	assert_true(i >= 31);
	assert_int_equal(i40_feat_info(-1, &name, &help, &kinds), -1);
}

/* Window {1, 2, 3, 4, NAN} at 0..4 s: count 4, missing 1, mean 2.5,
 * median 2.5, p25 1.75, sum 10, slope 1 per s over the 4 real readings
 * (at 0..3 s) = 3600 per hour, rms sqrt(7.5). */
static void
gauge_values(void **state)
{
	static const char *names[] = {"count", "missing", "mean", "median", "p25", "sum",
				      "slope", "rms", "first", "last", "ptp"};
	static const double want[] = {4, 1, 2.5, 2.5, 1.75, 10, 3600, 2.7386127875258306,
				      1, 4, 3};
	struct i40_acc a;
	struct i40_feat f;
	int k;

	(void)state;
	memset(&a, 0, sizeof a);
	i40_stats_init(&a.st, 1);
	i40_counter_init(&a.ct);
	i40_state_init(&a.ss);
	for (k = 0; k < 4; k++)
		i40_stats_add(&a.st, k * S, k + 1, NULL);
	i40_stats_add(&a.st, 4 * S, NAN, NULL);
	for (k = 0; k < 11; k++) {
		assert_int_equal(i40_feat_parse(names[k], &f, 1, NULL), 1);
		if (!(fabs(i40_feat_value(&f, &a, NULL) - want[k]) < 1e-12))
			fail_msg("%s: got %.17g want %.17g", names[k],
				 i40_feat_value(&f, &a, NULL), want[k]);
	}
	/* spectral features without a spectrum are undefined */
	i40_feat_parse("domfreq", &f, 1, NULL);
	assert_true(isnan(i40_feat_value(&f, &a, NULL)));
	i40_stats_free(&a.st);
}

/* Counter 10 -> 16 -> 2 (reset) at 0, 30, 60 s: delta 6 + 2 = 8,
 * rate 8 per minute = 480 per hour, 1 reset. State: 90 s RUN. */
static void
counter_and_state_values(void **state)
{
	struct i40_acc a;
	struct i40_feat f;

	(void)state;
	memset(&a, 0, sizeof a);
	i40_stats_init(&a.st, 0);
	i40_counter_init(&a.ct);
	i40_state_init(&a.ss);
	i40_counter_add(&a.ct, 0, 10, 30 * S, 16);
	i40_counter_add(&a.ct, 30 * S, 16, 60 * S, 2);
	i40_feat_parse("delta", &f, 1, NULL);
	assert_true(fabs(i40_feat_value(&f, &a, NULL) - 8) < 1e-12);
	i40_feat_parse("rate", &f, 1, NULL);
	assert_true(fabs(i40_feat_value(&f, &a, NULL) - 480) < 1e-9);
	i40_feat_parse("resets", &f, 1, NULL);
	assert_true(i40_feat_value(&f, &a, NULL) == 1);
	i40_state_time(&a.ss, 0, 90 * S, NULL);
	i40_state_reading(&a.ss, 1);
	i40_state_reading(&a.ss, 0);
	assert_true(fabs(i40_feat_state_time(&a, 0) - 90) < 1e-12);
	i40_feat_parse("transitions", &f, 1, NULL);
	assert_true(i40_feat_value(&f, &a, NULL) == 1);
	i40_feat_parse("count", &f, 1, NULL);
	assert_true(i40_feat_value(&f, &a, NULL) == 2);
	i40_state_free(&a.ss);
}

/* A 40 Hz tone: domfreq and centroid read 40 Hz through the table. */
static void
spectral_values(void **state)
{
	static double x[400];
	struct i40_spec sp;
	struct i40_feat f[3];
	struct i40_acc a;
	int k;

	(void)state;
	memset(&a, 0, sizeof a);
	for (k = 0; k < 400; k++)
		x[k] = sin(2 * M_PI * 40 * k / 400.0);
	i40_spec_init(&sp);
	assert_int_equal(i40_spec_compute(&sp, x, 400, 400, I40_TAPER_HANN, NULL), 0);
	assert_int_equal(i40_feat_parse("domfreq,centroid,entropy", f, 3, NULL), 3);
	assert_true(fabs(i40_feat_value(&f[0], &a, &sp) - 40) < 1e-9);
	assert_true(fabs(i40_feat_value(&f[1], &a, &sp) - 40) < 1e-9);
	assert_true(i40_feat_value(&f[2], &a, &sp) < 0.2);
	i40_spec_free(&sp);
}

/* Units follow the feature: squares, per hour, Hz, seconds, none. */
static void
units(void **state)
{
	static const struct {
		const char *feat, *unit, *want;
	} t[] = {
		{"mean", "degC", "degC"}, {"p95", "degC", "degC"}, {"var", "degC", "degC^2"},
		{"var", "mm/s", "(mm/s)^2"}, {"band", "g", "g^2"}, {"slope", "bar", "bar/h"},
		{"rate", "kWh", "kWh/h"}, {"rate", "m s", "(m s)/h"}, {"kurt", "g", ""},
		{"count", "g", ""}, {"domfreq", "g", "Hz"}, {"time", "", "s"},
		{"env_bpfi", "g", "g"}, {"mean", "", ""}, {"slope", "", ""},
	};
	struct i40_feat f;
	struct i40_acc a;
	char buf[64];

	(void)state;
	memset(&a, 0, sizeof a);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_int_equal(i40_feat_parse(t[i].feat, &f, 1, NULL), 1);
		i40_feat_unit(&f, t[i].unit, strlen(t[i].unit), buf, sizeof buf);
		assert_string_equal(buf, t[i].want);
	}
	/* band and env_* need settings: the table's readout leaves them */
	assert_int_equal(i40_feat_parse("band,env_bpfo", &f, 1, NULL), -1);
	assert_int_equal(i40_feat_parse("env_ftf", &f, 1, NULL), 1);
	assert_true(isnan(i40_feat_value(&f, &a, NULL)));
	assert_int_equal(i40_feat_needs(&f, 1), I40_FEAT_NEEDS_VALUES | I40_FEAT_NEEDS_ENV);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(units),
		cmocka_unit_test(parse_list),
		cmocka_unit_test(table_walk),
		cmocka_unit_test(gauge_values),
		cmocka_unit_test(counter_and_state_values),
		cmocka_unit_test(spectral_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
