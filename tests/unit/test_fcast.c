/* test_fcast.c - Theta, Croston and friends, naive methods, the
 * classification of demand, seasonality, and the handling of short and
 * broken series.  R numbers come from tests/r/forecast.R
 * (tests/data/forecast/ref.csv); the rest are worked by hand here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "croston.h"
#include "fcast.h"
#include "season.h"
#include "theta.h"
#include "fcref.h"

/* All five columns of fc against a reference case, relative tol. */
static void
check_fc(const struct i40_fc *fc, const char *cas, double tol, int bounds)
{
	const char *what[5] = { "mean", "lo80_", "hi80_", "lo95_", "hi95_" };
	int j, k;

	for (j = 0; j < fc->h; j++) {
		double got[5] = { fc->mean[j], fc->lo80[j], fc->hi80[j], fc->lo95[j], fc->hi95[j] };

		for (k = 0; k < (bounds ? 5 : 1); k++) {
			char key[16];

			snprintf(key, sizeof key, "%s%d", what[k], j + 1);
			if (!near(got[k], ref(cas, key), tol))
				fail_msg("%s %s: %.6f, R %.6f", cas, key, got[k], ref(cas, key));
		}
	}
}

static void
run_case(const char *name, int m, enum i40_fcast_method meth, const char *cas,
	 double tol, int bounds, const char *want_method)
{
	struct i40_fcast_opt opt = { 0, 0, 0 };
	struct i40_fc fc;
	double *y;
	int n;

	opt.method = meth;
	y = series(name, &n);
	assert_non_null(y);
	assert_int_equal(i40_fcast_alloc(&fc, 6, NULL), 0);
	assert_int_equal(i40_fcast_run(y, n, m, &opt, &fc, NULL), 0);
	if (want_method)
		assert_string_equal(fc.method, want_method);
	check_fc(&fc, cas, tol, bounds);
	i40_fcast_free(&fc);
	free(y);
}

/* thetaf(): seasonal (AirPassengers, UKgas) and not (WWWusage).  The SES
 * inside is fitted by our optimiser, not R's: 1e-4 relative. */
static void
theta_as_r(void **state)
{
	(void)state;
	run_case("AirPassengers", 12, I40_FC_THETA, "AirPassengers/theta", 1e-4, 1,
		 "Theta (seasonal 12)");
	run_case("UKgas", 4, I40_FC_THETA, "UKgas/theta", 1e-4, 1, "Theta (seasonal 4)");
	run_case("WWWusage", 1, I40_FC_THETA, "WWWusage/theta", 1e-4, 1, "Theta");
}

/* naive(), snaive(), rwf(drift = TRUE): closed forms, 1e-9. */
static void
naive_family_as_r(void **state)
{
	(void)state;
	run_case("USAccDeaths", 12, I40_FC_NAIVE, "USAccDeaths/naive", 1e-9, 1, "naive");
	run_case("USAccDeaths", 12, I40_FC_SNAIVE, "USAccDeaths/snaive", 1e-9, 1, "seasonal naive");
	run_case("WWWusage", 1, I40_FC_DRIFT, "WWWusage/drift", 1e-9, 1, "drift");
}

/* croston(alpha = 0.1) on the series "inter" (R, and by hand: sizes
 * 3 5 2 4 6 1 3 7 2 smooth to 3.41259428, intervals 3 4 2 5 3 3 4 2 4
 * to 3.20378359, ratio 1.0651763). */
static void
croston_as_r(void **state)
{
	struct i40_fc fc;
	double *y;
	int n;

	(void)state;
	y = series("inter", &n);
	assert_int_equal(n, 30);
	assert_int_equal(i40_fcast_alloc(&fc, 6, NULL), 0);
	assert_int_equal(i40_croston_forecast(y, n, I40_CROSTON_CLASSIC, 0.1, &fc, NULL), 0);
	check_fc(&fc, "inter/croston", 1e-12, 0);
	assert_true(fabs(fc.mean[0] - 3.41259428 / 3.20378359) < 1e-8);
	/* SBA: times 1 - alpha/2. */
	assert_int_equal(i40_croston_forecast(y, n, I40_CROSTON_SBA, 0.1, &fc, NULL), 0);
	assert_true(fabs(fc.mean[0] - 0.95 * ref("inter/croston", "mean1")) < 1e-12);
	i40_fcast_free(&fc);
	free(y);
}

/* ADI and CV^2 of "inter" by hand: 9 demands, the last in period 30,
 * ADI = 30/9; sizes mean 33/9, sample variance 32/8 = 4,
 * CV^2 = 4 / (11/3)^2 = 36/121.  Then the four classes at the cut-offs. */
static void
classification(void **state)
{
	static const double smooth[6] = { 5, 6, 5, 4, 6, 5 };
	static const double erratic[6] = { 1, 20, 2, 30, 1, 25 };
	static const double lumpy[8] = { 0, 0, 1, 0, 0, 40, 0, 3 };
	static const double none[4] = { 0, 0, 0, 0 };
	double adi, cv2, *y;
	int n;

	(void)state;
	y = series("inter", &n);
	assert_int_equal(i40_croston_classify(y, n, &adi, &cv2), I40_DEMAND_INTERMITTENT);
	assert_true(fabs(adi - 30.0 / 9) < 1e-12);
	assert_true(fabs(cv2 - 36.0 / 121) < 1e-12);
	free(y);
	assert_int_equal(i40_croston_classify(smooth, 6, NULL, NULL), I40_DEMAND_SMOOTH);
	assert_int_equal(i40_croston_classify(erratic, 6, NULL, NULL), I40_DEMAND_ERRATIC);
	assert_int_equal(i40_croston_classify(lumpy, 8, NULL, NULL), I40_DEMAND_LUMPY);
	assert_int_equal(i40_croston_classify(none, 4, NULL, NULL), I40_DEMAND_NONE);
	assert_string_equal(i40_croston_class_str(I40_DEMAND_LUMPY), "lumpy");
}

/* The default sends intermittent demand to the intermittent mean and
 * everything else to the combination; both say so. */
static void
default_routes_by_class(void **state)
{
	struct i40_fc fc;
	double *y;
	int n, j;

	(void)state;
	assert_int_equal(i40_fcast_alloc(&fc, 4, NULL), 0);
	y = series("inter", &n);
	assert_int_equal(i40_fcast_run(y, n, 1, NULL, &fc, NULL), 0);
	assert_non_null(strstr(fc.method, "mean(SBA; TSB; ADIDA) (intermittent"));
	for (j = 0; j < 4; j++) {
		assert_true(fc.mean[j] > 0.5 && fc.mean[j] < 2.5);
		assert_true(fc.lo95[j] >= 0 && fc.hi95[j] >= fc.hi80[j]);
	}
	free(y);
	y = series("USAccDeaths", &n);
	assert_int_equal(i40_fcast_run(y, n, 12, NULL, &fc, NULL), 0);
	assert_non_null(strstr(fc.method, "comb(ETS("));
	assert_non_null(strstr(fc.method, "Theta (seasonal 12)"));
	for (j = 0; j < 4; j++)
		assert_true(fc.lo95[j] < fc.lo80[j] && fc.lo80[j] < fc.mean[j] &&
			    fc.mean[j] < fc.hi80[j] && fc.hi80[j] < fc.hi95[j]);
	free(y);
	i40_fcast_free(&fc);
}

/* Short and broken series: handled, and said so. */
static void
short_and_broken(void **state)
{
	static const double zeros[5] = { 0, 0, 0, 0, 0 };
	static const double flat[7] = { 4, 4, 4, 4, 4, 4, 4 };
	static const double two[2] = { 3, 5 };
	static const double gaps[10] = { NAN, 1, 2, NAN, 4, 5, 6, 7, 8, NAN };
	static const double nothing[3] = { NAN, NAN, NAN };
	static const double months[14] = { 10, 12, 14, 11, 10, 12, 13, 15, 12, 11, 12, 14, 13, 12 };
	struct i40_fc fc;
	struct i40_err err;
	int j;

	(void)state;
	assert_int_equal(i40_fcast_alloc(&fc, 3, NULL), 0);
	assert_int_equal(i40_fcast_run(zeros, 5, 1, NULL, &fc, NULL), 0);
	assert_string_equal(fc.method, "zero (all zeros)");
	assert_true(fc.mean[2] == 0 && fc.hi95[2] == 0);
	assert_int_equal(i40_fcast_run(flat, 7, 1, NULL, &fc, NULL), 0);
	assert_string_equal(fc.method, "constant");
	assert_true(fc.mean[0] == 4 && fc.lo95[0] == 4);
	/* One value: itself, and said so. */
	assert_int_equal(i40_fcast_run(flat, 1, 1, NULL, &fc, NULL), 0);
	assert_string_equal(fc.method, "naive (one value)");
	assert_true(fc.mean[2] == 4 && fc.hi95[2] == 4);
	/* Two values: naive, interval from the one difference (2). */
	assert_int_equal(i40_fcast_run(two, 2, 1, NULL, &fc, NULL), 0);
	assert_string_equal(fc.method, "naive (too short for anything else: 2 values)");
	assert_true(fc.mean[1] == 5);
	assert_true(fabs(fc.hi80[1] - (5 + 1.2815515655446004 * 2 * sqrt(2))) < 1e-12);
	/* Gaps: leading/trailing dropped, one inside interpolated (3). */
	{
		struct i40_fcast_opt o = { I40_FC_NAIVE, 0, 0 };

		assert_int_equal(i40_fcast_run(gaps, 10, 1, &o, &fc, NULL), 0);
		assert_string_equal(fc.method, "naive (1 gap interpolated)");
		assert_true(fc.mean[0] == 8);
		/* differences 1 1 1 1 1 1 1: sigma 1 */
		assert_true(fabs(fc.hi95[0] - (8 + 1.959963984540054)) < 1e-12);
	}
	assert_int_equal(i40_fcast_run(nothing, 3, 1, NULL, &fc, &err), -1);
	assert_int_equal(err.kind, I40_ERR_DATA);
	/* 14 months with m = 12: not two seasons. */
	assert_int_equal(i40_fcast_run(months, 14, 12, NULL, &fc, NULL), 0);
	assert_non_null(strstr(fc.method, "(too short for seasonality)"));
	/* Demand never below zero when asked. */
	{
		static const double down[8] = { 50, 40, 31, 22, 14, 8, 3, 1 };
		struct i40_fcast_opt o = { I40_FC_DRIFT, 1, 0 };

		assert_int_equal(i40_fcast_run(down, 8, 1, &o, &fc, NULL), 0);
		for (j = 0; j < 3; j++)
			assert_true(fc.mean[j] == 0 && fc.lo95[j] == 0);
	}
	i40_fcast_free(&fc);
}

/* Every method by name runs on a seasonal series and a short one. */
static void
every_method(void **state)
{
	struct i40_fc fc;
	double *y;
	int n, k;

	(void)state;
	y = series("USAccDeaths", &n);
	assert_int_equal(i40_fcast_alloc(&fc, 5, NULL), 0);
	for (k = 0; k < I40_FC_NMETHODS; k++) {
		struct i40_fcast_opt o = { 0, 0, 0 };

		o.method = k;
		assert_int_equal(i40_fcast_method_parse(i40_fcast_method_str(k)), k);
		assert_int_equal(i40_fcast_run(y, n, 12, &o, &fc, NULL), 0);
		assert_true(isfinite(fc.mean[4]) && fc.method[0] != 0);
		assert_int_equal(i40_fcast_run(y, 8, 12, &o, &fc, NULL), 0);
		assert_true(isfinite(fc.mean[4]));
	}
	assert_int_equal(i40_fcast_method_parse("arima"), -1);
	i40_fcast_free(&fc);
	free(y);
}

/* decompose() seasonal figures and acf() against R; the seasonality
 * test on a seasonal and a non-seasonal series. */
static void
season_as_r(void **state)
{
	double fig[12], r[5], *y;
	int n, k;

	(void)state;
	y = series("AirPassengers", &n);
	assert_int_equal(i40_season_decompose(y, n, 12, 1, fig), 0);
	for (k = 0; k < 12; k++) {
		char key[16];

		snprintf(key, sizeof key, "fig%d", k + 1);
		assert_true(near(fig[k], ref("AirPassengers/decompose", key), 1e-12));
	}
	assert_int_equal(i40_season_test(y, n, 12), 1);
	free(y);
	y = series("USAccDeaths", &n);
	assert_int_equal(i40_season_decompose(y, n, 12, 0, fig), 0);
	for (k = 0; k < 12; k++) {
		char key[16];

		snprintf(key, sizeof key, "fig%d", k + 1);
		assert_true(near(fig[k], ref("USAccDeaths/decompose", key), 1e-10));
	}
	assert_int_equal(i40_season_decompose(y, 20, 12, 0, fig), -1);
	free(y);
	y = series("WWWusage", &n);
	i40_season_acf(y, n, 5, r);
	for (k = 0; k < 5; k++) {
		char key[16];

		snprintf(key, sizeof key, "r%d", k + 1);
		assert_true(near(r[k], ref("WWWusage/acf", key), 1e-12));
	}
	assert_int_equal(i40_season_test(y, n, 1), 0);
	free(y);
}

/* Method lists for --method and the plant file. */
static void
method_lists(void **state)
{
	enum i40_fcast_method m[4];
	struct i40_err err;

	(void)state;
	assert_int_equal(i40_fcast_methods("auto,ets,snaive", m, 4, &err), 3);
	assert_true(m[0] == I40_FC_AUTO && m[1] == I40_FC_ETS && m[2] == I40_FC_SNAIVE);
	assert_int_equal(i40_fcast_methods("theta", m, 4, &err), 1);
	assert_int_equal(i40_fcast_methods("ets,arima", m, 4, &err), -1);
	assert_int_equal(err.kind, I40_ERR_CONFIG);
	assert_int_equal(strncmp(err.msg, "unknown method \"arima\"", 22), 0);
	assert_int_equal(i40_fcast_methods("ets,", m, 4, &err), -1);
	assert_int_equal(i40_fcast_methods("ets,ets", m, 4, &err), -1);
	assert_string_equal(err.msg, "method ets is listed twice");
	assert_int_equal(i40_fcast_methods("naive,snaive,drift,ses,holt", m, 4, &err), -1);
}

/* The forecast: section of the plant file. */
static void
config_section(void **state)
{
	static const char ok[] = "period: week\nhorizon: 13\nseason: 52\nmethod: auto,theta\n"
		"origins: 4\naggregate: {sales: sum, temp: mean}\n";
	static const char *const bad[] = {
		"period: fortnight\n", "horizon: 0\n", "method: arima\n", "aggregate: {sales: max}\n",
		"horizn: 3\n", "aggregate: [sum]\n",
	};
	struct i40_fcast_cfg cfg;
	struct i40_err err;
	struct i40_doc *d = i40_cfg_parse(ok, strlen(ok), "plant.yaml", &err);
	enum i40_agg a;

	(void)state;
	assert_non_null(d);
	assert_int_equal(i40_fcast_config(d->root, &cfg, &err), 0);
	assert_true(cfg.has_period && cfg.period == I40_PERIOD_WEEK);
	assert_true(cfg.horizon == 13 && cfg.season == 52 && cfg.origins == 4);
	assert_string_equal(cfg.method, "auto,theta");
	assert_int_equal(i40_fcast_config_agg(&cfg, "temp", 4, &a), 1);
	assert_int_equal(a, I40_AGG_MEAN);
	assert_int_equal(i40_fcast_config_agg(&cfg, "tem", 3, &a), 0);
	i40_cfg_free(d);
	assert_int_equal(i40_fcast_config(NULL, &cfg, &err), 0);
	assert_true(!cfg.has_period && cfg.horizon == 0 && cfg.method == NULL);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = i40_cfg_parse(bad[i], strlen(bad[i]), "plant.yaml", &err);
		assert_non_null(d);
		assert_int_equal(i40_fcast_check_config(d->root, &err), -1);
		assert_int_equal(err.kind, I40_ERR_CONFIG);
		assert_true(err.line == 1);
		i40_cfg_free(d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(theta_as_r),
		cmocka_unit_test(naive_family_as_r),
		cmocka_unit_test(croston_as_r),
		cmocka_unit_test(classification),
		cmocka_unit_test(default_routes_by_class),
		cmocka_unit_test(short_and_broken),
		cmocka_unit_test(every_method),
		cmocka_unit_test(season_as_r),
		cmocka_unit_test(method_lists),
		cmocka_unit_test(config_section),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
