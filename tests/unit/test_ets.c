/* test_ets.c - ETS likelihood, forecasts, intervals and model choice
 * against R's forecast::ets() (numbers from tests/r/forecast.R, stored in
 * tests/data/forecast/ref.csv) and a hand calculation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ets.h"
#include "fcast.h"
#include "fcref.h"

/* R's fitted model of a case, rebuilt: parameters and initial states. */
static int
r_model(const char *cas, const char *spec, int m, struct i40_ets *md)
{
	int k, nfree;
	size_t len = strlen(spec);

	memset(md, 0, sizeof *md);
	md->error = spec[0];
	md->trend = spec[1];
	md->damped = len == 4;
	md->season = spec[len - 1];
	md->m = md->season == 'N' ? 1 : m;
	md->alpha = ref(cas, "alpha");
	md->beta = md->trend != 'N' ? ref(cas, "beta") : 0;
	md->gamma = md->season != 'N' ? ref(cas, "gamma") : 0;
	md->phi = md->damped ? ref(cas, "phi") : 1;
	md->nstate = 1 + (md->trend != 'N') + (md->season != 'N' ? md->m : 0);
	for (k = 0; k < md->nstate; k++) {
		char key[16];

		snprintf(key, sizeof key, "x0_%d", k + 1);
		md->x0[k] = ref(cas, key);
		if (isnan(md->x0[k]))
			return -1;
	}
	/* R counts the smoothing parameters and the initial states but the
	 * last seasonal one, plus sigma. */
	nfree = 1 + (md->trend != 'N') + (md->season != 'N') + md->damped +
		md->nstate - (md->season != 'N');
	md->np = nfree + 1;
	return 0;
}

struct etscase {
	const char *series;
	const char *spec;
	int m;
	double tol;             /* relative tolerance on forecasts and bounds */
};

/* Class 1 and 2 intervals and class 3 without damping are exact formulas:
 * 1e-7.  R's class-3 recursion leaves phi out of the level (see
 * ets.c), so the damped M,Ad,M means differ from it by up to 0.5%. */
static const struct etscase cases[] = {
	{ "AirPassengers", "MAM", 12, 1e-7 },
	{ "AirPassengers", "MNM", 12, 1e-7 },
	{ "AirPassengers", "MAdM", 12, 5e-3 },
	{ "USAccDeaths", "AAA", 12, 1e-7 },
	{ "USAccDeaths", "ANA", 12, 1e-7 },
	{ "USAccDeaths", "MAA", 12, 1e-7 },
	{ "WWWusage", "AAdN", 1, 1e-7 },
	{ "WWWusage", "MAdN", 1, 1e-7 },
	{ "WWWusage", "ANN", 1, 1e-7 },
	{ "UKgas", "MNA", 4, 1e-7 },
};

/* Our recursions give R's log-likelihood, AICc and sigma^2 at R's
 * parameters, and R's forecasts and intervals from there. */
static void
likelihood_and_forecasts_at_r_parameters(void **state)
{
	size_t c;

	(void)state;
	for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char cas[64], key[16];
		struct i40_ets md;
		struct i40_fc fc;
		double *y;
		int n, j;

		snprintf(cas, sizeof cas, "%s/%s", cases[c].series, cases[c].spec);
		y = series(cases[c].series, &n);
		assert_non_null(y);
		assert_int_equal(r_model(cas, cases[c].spec, cases[c].m, &md), 0);
		assert_int_equal(i40_ets_eval(&md, y, n), 0);
		if (!near(-0.5 * md.lik, ref(cas, "loglik"), 1e-9))
			fail_msg("%s: loglik %.9f, R %.9f", cas, -0.5 * md.lik, ref(cas, "loglik"));
		assert_true(near(md.aicc, ref(cas, "aicc"), 1e-9));
		assert_true(near(md.sigma2, ref(cas, "sigma2"), 1e-9));
		assert_int_equal(i40_fcast_alloc(&fc, 6, NULL), 0);
		assert_int_equal(i40_ets_forecast(&md, 6, &fc, NULL), 0);
		assert_string_equal(fc.method, ref_str(cas, "method"));
		for (j = 0; j < 6; j++) {
			const char *what[5] = { "mean", "lo80_", "hi80_", "lo95_", "hi95_" };
			double got[5] = { fc.mean[j], fc.lo80[j], fc.hi80[j], fc.lo95[j], fc.hi95[j] };
			int k;

			/* Seasonal without trend, from step m on: the standard
			 * deviation of R's simulated paths (100,000; 1.5%). */
			if (md.trend == 'N' && md.season != 'N' && j + 1 >= md.m) {
				char sim[80];
				double sd = (fc.hi80[j] - fc.lo80[j]) / (2 * 1.2815515655446004);

				snprintf(sim, sizeof sim, "%s-sim", cas);
				snprintf(key, sizeof key, "sd%d", j + 1);
				if (isnan(ref(sim, key)))
					continue;
				if (!near(sd, ref(sim, key), 0.015))
					fail_msg("%s sd%d: %.4f, R simulated %.4f", cas, j + 1, sd, ref(sim, key));
			}
			for (k = 0; k < 5; k++) {
				snprintf(key, sizeof key, "%s%d", what[k], j + 1);
				if (!near(got[k], ref(cas, key), cases[c].tol))
					fail_msg("%s %s: %.6f, R %.6f", cas, key, got[k], ref(cas, key));
				if (md.trend == 'N' && md.season != 'N' && j + 1 >= md.m)
					break;
			}
		}
		i40_fcast_free(&fc);
		free(y);
	}
}

/* Our optimiser reaches a likelihood at least as good as R's (within
 * 0.5 log-likelihood units); where it lands on R's optimum (within 1
 * unit) the forecasts agree with R's within 3%. */
static void
fit_as_good_as_r(void **state)
{
	size_t c;

	(void)state;
	for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char cas[64], key[16];
		struct i40_ets md;
		struct i40_fc fc;
		double *y;
		int n, j;

		snprintf(cas, sizeof cas, "%s/%s", cases[c].series, cases[c].spec);
		y = series(cases[c].series, &n);
		assert_int_equal(i40_ets_fit(y, n, cases[c].m, cases[c].spec, &md, NULL), 0);
		if (-0.5 * md.lik < ref(cas, "loglik") - 0.5)
			fail_msg("%s: loglik %.4f, R %.4f", cas, -0.5 * md.lik, ref(cas, "loglik"));
		assert_int_equal(i40_fcast_alloc(&fc, 6, NULL), 0);
		assert_int_equal(i40_ets_forecast(&md, 6, &fc, NULL), 0);
		for (j = 0; j < 6 && -0.5 * md.lik < ref(cas, "loglik") + 1; j++) {
			snprintf(key, sizeof key, "mean%d", j + 1);
			if (!near(fc.mean[j], ref(cas, key), 0.03))
				fail_msg("%s %s: %.4f, R %.4f", cas, key, fc.mean[j], ref(cas, key));
		}
		i40_fcast_free(&fc);
		free(y);
	}
}

/* The automatic choice by AICc: a model at least as good by AICc as R's
 * choice (within 1), and R's model where the optimisers agree
 * (USAccDeaths, WWWusage; on AirPassengers ours finds an ETS(M,A,M) with
 * a lower AICc than R's ETS(M,Ad,M)). */
static void
automatic_choice_as_r(void **state)
{
	static const struct { const char *s; int m; } ser[] = {
		{ "AirPassengers", 12 }, { "USAccDeaths", 12 }, { "WWWusage", 1 }
	};
	size_t c;

	(void)state;
	for (c = 0; c < sizeof ser / sizeof ser[0]; c++) {
		char cas[64], name[32];
		struct i40_ets md;
		double *y;
		int n;

		snprintf(cas, sizeof cas, "%s/ZZZ", ser[c].s);
		y = series(ser[c].s, &n);
		assert_int_equal(i40_ets_fit(y, n, ser[c].m, "ZZZ", &md, NULL), 0);
		i40_ets_name(&md, name, sizeof name);
		if (strcmp(ser[c].s, "AirPassengers") != 0)
			assert_string_equal(name, ref_str(cas, "method"));
		assert_true(md.aicc <= ref(cas, "aicc") + 1);
		free(y);
	}
}

/* ETS(A,N,N), alpha 0.5, l0 10, y = 12 8 11, by hand:
 * forecasts 10, 11, 9.5; errors 2, -3, 1.5; levels 11, 9.5, 10.25;
 * SSE 15.25, -2 log L (R's scale) = 3 log 15.25; np = 3 (alpha, l0,
 * sigma): AIC = lik + 6, sigma^2 = 15.25 / (3 - 2). */
static void
ses_by_hand(void **state)
{
	static const double y[3] = { 12, 8, 11 };
	struct i40_ets md;
	struct i40_fc fc;

	(void)state;
	memset(&md, 0, sizeof md);
	md.error = 'A';
	md.trend = 'N';
	md.season = 'N';
	md.m = 1;
	md.alpha = 0.5;
	md.phi = 1;
	md.nstate = 1;
	md.x0[0] = 10;
	md.np = 3;
	assert_int_equal(i40_ets_eval(&md, y, 3), 0);
	assert_true(fabs(md.lik - 3 * log(15.25)) < 1e-12);
	assert_true(fabs(md.aic - (3 * log(15.25) + 6)) < 1e-12);
	assert_true(fabs(md.xn[0] - 10.25) < 1e-12);
	assert_true(fabs(md.sigma2 - 15.25) < 1e-12);
	assert_int_equal(i40_fcast_alloc(&fc, 3, NULL), 0);
	assert_int_equal(i40_ets_forecast(&md, 3, &fc, NULL), 0);
	/* h-step variance sigma^2 (1 + (h-1) alpha^2): 15.25, 19.0625, 22.875 */
	assert_true(fabs(fc.mean[2] - 10.25) < 1e-12);
	assert_true(fabs(fc.hi95[0] - (10.25 + 1.959963984540054 * sqrt(15.25))) < 1e-9);
	assert_true(fabs(fc.hi80[2] - (10.25 + 1.2815515655446004 * sqrt(22.875))) < 1e-9);
	i40_fcast_free(&fc);
}

/* Bad requests are refused with a message, not fitted. */
static void
refusals(void **state)
{
	static const double neg[8] = { 1, 2, -1, 3, 4, 2, 3, 5 };
	static const double gap[8] = { 1, 2, NAN, 3, 4, 2, 3, 5 };
	struct i40_ets md;
	struct i40_err err;

	(void)state;
	assert_int_equal(i40_ets_fit(neg, 8, 1, "MNN", &md, &err), -1);
	assert_non_null(strstr(err.msg, "positive"));
	assert_int_equal(i40_ets_fit(gap, 8, 1, "ANN", &md, &err), -1);
	assert_non_null(strstr(err.msg, "gap"));
	assert_int_equal(i40_ets_fit(neg, 8, 4, "AAA", &md, &err), -1);
	assert_int_equal(i40_ets_fit(neg, 8, 1, "XYZ", &md, &err), -1);
	assert_int_equal(err.kind, I40_ERR_CONFIG);
	/* Negative data: only additive-error models, and one is found. */
	assert_int_equal(i40_ets_fit(neg, 8, 1, "ZZN", &md, &err), 0);
	assert_int_equal(md.error, 'A');
}

/* Additive error with multiplicative season has no analytic interval:
 * simulated from a fixed seed, so the same on every run, and ordered. */
static void
simulated_intervals(void **state)
{
	struct i40_ets md;
	struct i40_fc a, b;
	double *y;
	int n, j;

	(void)state;
	y = series("AirPassengers", &n);
	assert_int_equal(i40_ets_fit(y, n, 12, "AAM", &md, NULL), 0);
	assert_int_equal(i40_fcast_alloc(&a, 6, NULL), 0);
	assert_int_equal(i40_fcast_alloc(&b, 6, NULL), 0);
	assert_int_equal(i40_ets_forecast(&md, 6, &a, NULL), 0);
	assert_int_equal(i40_ets_forecast(&md, 6, &b, NULL), 0);
	assert_string_equal(a.method, "ETS(A,A,M)");
	for (j = 0; j < 6; j++) {
		assert_true(a.lo95[j] == b.lo95[j] && a.hi80[j] == b.hi80[j]);
		assert_true(a.lo95[j] < a.lo80[j] && a.lo80[j] < a.mean[j] &&
			    a.mean[j] < a.hi80[j] && a.hi80[j] < a.hi95[j]);
	}
	i40_fcast_free(&a);
	i40_fcast_free(&b);
	free(y);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(likelihood_and_forecasts_at_r_parameters),
		cmocka_unit_test(fit_as_good_as_r),
		cmocka_unit_test(automatic_choice_as_r),
		cmocka_unit_test(ses_by_hand),
		cmocka_unit_test(refusals),
		cmocka_unit_test(simulated_intervals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
