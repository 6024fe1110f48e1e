/* test_stats.c - time-domain statistics against analytic values.
 *
 * Expected values come from the closed forms written next to each
 * assertion (a sine's moments, a Gaussian's, a line's slope) or from a
 * hand calculation on a small data set.  Tolerances are stated with the
 * reason for their size: rounding alone (~1e-12) where the discrete
 * result is exact, a few standard errors where the data are random.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "stats.h"
#include "testutil.h"

#define NS 1000000000LL

/* The textbook set {2,4,4,4,5,5,7,9}: mean 5, population variance 4,
 * third central moment 42/8 = 5.25, fourth 356/8 = 44.5. */
static void
hand_example(void **state)
{
	static const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
	struct i40_stats s;
	size_t i;

	(void)state;
	i40_stats_init(&s, 1);
	for (i = 0; i < 8; i++)
		assert_int_equal(i40_stats_add(&s, (int64_t)i * NS, x[i], NULL), 0);
	assert_int_equal(s.n, 8);
	assert_near(i40_stats_mean(&s), 5, 1e-15, "mean");
	assert_near(i40_stats_var(&s), 32.0 / 7, 1e-14, "var (n-1)");
	assert_near(i40_stats_std(&s), sqrt(32.0 / 7), 1e-14, "std");
	assert_near(i40_stats_skew(&s), 5.25 / 8, 1e-14, "skew g1 = m3/m2^1.5");
	assert_near(i40_stats_kurt(&s), 44.5 / 16 - 3, 1e-14, "kurt g2 = m4/m2^2-3");
	assert_near(i40_stats_rms(&s), sqrt(29), 1e-14, "rms = sqrt(25+4)");
	assert_near(i40_stats_crest(&s), 9 / sqrt(29), 1e-14, "crest");
	assert_near(i40_stats_ptp(&s), 7, 0, "ptp");
	assert_near(i40_stats_min(&s), 2, 0, "min");
	assert_near(i40_stats_max(&s), 9, 0, "max");
	assert_near(i40_stats_sum(&s), 40, 0, "sum");
	assert_near(i40_stats_first(&s), 2, 0, "first");
	assert_near(i40_stats_last(&s), 9, 0, "last");
	/* R: quantile(x, c(.5,.25,.9), type = 7) = 4.5, 4, 7.6 */
	assert_near(i40_stats_quantile(&s, 0.5), 4.5, 1e-15, "median");
	assert_near(i40_stats_quantile(&s, 0.25), 4, 1e-15, "p25");
	assert_near(i40_stats_quantile(&s, 0.9), 7.6, 1e-14, "p90");
	assert_near(i40_stats_quantile(&s, 0), 2, 0, "p0");
	assert_near(i40_stats_quantile(&s, 1), 9, 0, "p100");
	assert_true(isnan(i40_stats_quantile(&s, 1.5)));
	/* The values are still in arrival order for spectra. */
	assert_near(s.vals[0], 2, 0, "vals[0]");
	assert_near(s.vals[7], 9, 0, "vals[7]");
	i40_stats_free(&s);
}

/* A sine of amplitude A sampled over whole periods: the discrete sums of
 * sin^2 and sin^4 over a period of m > 4 samples are exactly m/2 and
 * 3m/8, so RMS = A/sqrt(2), g2 = (3/8)/(1/4) - 3 = -1.5 and, with a
 * sample on the crest, crest factor sqrt(2), all up to rounding. */
static void
sine_whole_periods(void **state)
{
	const double A = 2.5, fs = 1000, f = 10;
	struct i40_stats s;
	int k;

	(void)state;
	i40_stats_init(&s, 0);
	for (k = 0; k < 1000; k++)
		i40_stats_add(&s, (int64_t)k * NS / 1000, A * sin(2 * M_PI * f * k / fs), NULL);
	assert_near(i40_stats_mean(&s), 0, 1e-13, "mean");
	assert_near(i40_stats_rms(&s), A / sqrt(2), 1e-12, "rms");
	assert_near(i40_stats_crest(&s), sqrt(2), 1e-12, "crest");
	assert_near(i40_stats_kurt(&s), -1.5, 1e-10, "excess kurtosis");
	assert_near(i40_stats_skew(&s), 0, 1e-10, "skew");
	assert_near(i40_stats_ptp(&s), 2 * A, 1e-12, "ptp");
	i40_stats_free(&s);
}

/* Not whole periods, arbitrary phase: over P periods the mean of
 * sin^2 is 1/2 within 1/(4 pi P) and of sin^4 3/8 within 1/(4 pi P)
 * as well (integrate the cos terms over the partial period), so with
 * P = 100.37 the relative errors of m2 and m4 are below 0.0016 and
 * g2 = m4/m2^2 - 3 is within (1.5)(0.0016) + 2(1.5)(0.0016) ~ 0.008 of
 * -1.5; RMS within 0.0008 relative.  Crest factor: the closest sample to
 * a crest is within pi f/fs of phase, cos(0.0314) = 0.9995. */
static void
sine_partial_periods(void **state)
{
	const double A = 1.0, fs = 1000, f = 10.037, phase = 0.7;
	struct i40_stats s;
	int k;

	(void)state;
	i40_stats_init(&s, 0);
	for (k = 0; k < 10000; k++)
		i40_stats_add(&s, (int64_t)k * NS / 1000, A * sin(2 * M_PI * f * k / fs + phase), NULL);
	assert_near(i40_stats_rms(&s) / (A / sqrt(2)), 1, 0.0008, "rms");
	assert_near(i40_stats_kurt(&s), -1.5, 0.008, "excess kurtosis");
	assert_near(i40_stats_crest(&s), sqrt(2), sqrt(2) * 0.0005 + 0.0008 * sqrt(2), "crest");
	i40_stats_free(&s);
}

/* N(5, 3^2), 10^6 draws from GSL's MT19937 with seed 42.  Standard
 * errors: mean 3/1000; sample std 3/sqrt(2e6) = 0.0021; skew
 * sqrt(6/N) = 0.0024; excess kurtosis sqrt(24/N) = 0.0049; median
 * 1.2533*3/1000 = 0.0038; 97.5% quantile sqrt(p(1-p)/N)/phi(1.96)*3 =
 * 0.0080.  Tolerances are 4.5 standard errors (a false failure would be
 * a 1-in-100000 event; the seed is fixed anyway). */
static void
gaussian_noise(void **state)
{
	const double mu = 5, sigma = 3;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct i40_stats s;
	int k;

	(void)state;
	gsl_rng_set(r, 42);
	i40_stats_init(&s, 1);
	for (k = 0; k < 1000000; k++)
		i40_stats_add(&s, (int64_t)k * NS, mu + gsl_ran_gaussian(r, sigma), NULL);
	assert_near(i40_stats_mean(&s), mu, 4.5 * 0.003, "mean");
	assert_near(i40_stats_std(&s), sigma, 4.5 * 0.0021, "std");
	assert_near(i40_stats_var(&s), sigma * sigma, 4.5 * 2 * sigma * 0.0021, "var");
	assert_near(i40_stats_skew(&s), 0, 4.5 * 0.0024, "skew");
	assert_near(i40_stats_kurt(&s), 0, 4.5 * 0.0049, "excess kurtosis");
	assert_near(i40_stats_quantile(&s, 0.5), mu, 4.5 * 0.0038, "median");
	assert_near(i40_stats_quantile(&s, 0.975), mu + 1.959964 * sigma, 4.5 * 0.0080, "p97.5");
	/* No trend in white noise: slope SE = sigma/sqrt(sum (t-tbar)^2)
	 * = 3/sqrt(N^3/12) s^-1 = 1.04e-8 /s = 3.7e-5 /h. */
	assert_near(i40_stats_slope(&s), 0, 4.5 * 3.7e-5, "slope");
	i40_stats_free(&s);
	gsl_rng_free(r);
}

/* x = 20 + 0.25 t (t in s) sampled every 1 s for an hour at a 2024 epoch:
 * the slope is 0.25 * 3600 = 900 units per hour exactly.  The epoch
 * (1.7e18 ns) would wipe out a naive sum of t*x; time is counted from
 * the first reading so only rounding of ~1e-12 relative remains. */
static void
ramp_slope(void **state)
{
	const int64_t t0 = 1718000000LL * NS;
	struct i40_stats s;
	int k;

	(void)state;
	i40_stats_init(&s, 0);
	for (k = 0; k < 3600; k++)
		i40_stats_add(&s, t0 + (int64_t)k * NS, 20 + 0.25 * k, NULL);
	assert_near(i40_stats_slope(&s), 900, 900 * 1e-12, "slope units/h");
	/* Irregular sampling and an offset of 1e6: slope is still exact. */
	i40_stats_reset(&s);
	for (k = 0; k < 1000; k++) {
		int64_t t = t0 + (int64_t)k * k * 1000000LL; /* t = k^2 ms */
		i40_stats_add(&s, t, 1e6 - 3.0 * ((double)(t - t0) / 3.6e12), NULL);
	}
	assert_near(i40_stats_slope(&s), -3, 3e-9, "slope of irregular ramp");
	i40_stats_free(&s);
}

/* Constant signal: spread 0, shape undefined (NAN, an empty field). */
static void
constant_signal(void **state)
{
	struct i40_stats s;
	int k;

	(void)state;
	i40_stats_init(&s, 1);
	for (k = 0; k < 100; k++)
		i40_stats_add(&s, (int64_t)k * NS, 0.1, NULL);
	assert_near(i40_stats_mean(&s), 0.1, 0, "mean");
	assert_near(i40_stats_std(&s), 0, 0, "std");
	assert_near(i40_stats_var(&s), 0, 0, "var");
	assert_true(isnan(i40_stats_skew(&s)));
	assert_true(isnan(i40_stats_kurt(&s)));
	assert_near(i40_stats_rms(&s), 0.1, 0, "rms");
	assert_near(i40_stats_crest(&s), 1, 0, "crest");
	assert_near(i40_stats_ptp(&s), 0, 0, "ptp");
	assert_near(i40_stats_slope(&s), 0, 0, "slope");
	assert_near(i40_stats_quantile(&s, 0.3), 0.1, 0, "p30");
	/* A zero signal: RMS 0 so crest is undefined too. */
	i40_stats_reset(&s);
	i40_stats_add(&s, 0, 0, NULL);
	i40_stats_add(&s, NS, 0, NULL);
	assert_true(isnan(i40_stats_crest(&s)));
	i40_stats_free(&s);
}

/* Fewer readings than a feature needs. */
static void
tiny_windows(void **state)
{
	struct i40_stats s;

	(void)state;
	i40_stats_init(&s, 0);
	assert_true(isnan(i40_stats_mean(&s)));
	assert_true(isnan(i40_stats_min(&s)));
	assert_true(isnan(i40_stats_rms(&s)));
	assert_true(isnan(i40_stats_first(&s)));
	assert_true(isnan(i40_stats_quantile(&s, 0.5)));
	assert_near(i40_stats_sum(&s), 0, 0, "sum of nothing");
	i40_stats_add(&s, 5 * NS, 3, NULL);
	assert_near(i40_stats_mean(&s), 3, 0, "mean of one");
	assert_true(isnan(i40_stats_std(&s)));
	assert_true(isnan(i40_stats_var(&s)));
	assert_true(isnan(i40_stats_slope(&s)));
	assert_true(isnan(i40_stats_kurt(&s)));
	/* Two readings at the same instant: no time spread, no slope. */
	i40_stats_add(&s, 5 * NS, 4, NULL);
	assert_true(isnan(i40_stats_slope(&s)));
	assert_near(i40_stats_std(&s), sqrt(0.5), 1e-15, "std of two");
	/* Percentiles were not asked for: NAN, not a wrong number. */
	assert_true(isnan(i40_stats_quantile(&s, 0.5)));
	i40_stats_free(&s);
}

/* NAN is a missing reading: counted, not used. */
static void
missing_values(void **state)
{
	struct i40_stats s;

	(void)state;
	i40_stats_init(&s, 1);
	i40_stats_add(&s, 0, 1, NULL);
	i40_stats_add(&s, NS, NAN, NULL);
	i40_stats_add(&s, 2 * NS, 3, NULL);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.nmiss, 1);
	assert_near(i40_stats_mean(&s), 2, 0, "mean");
	assert_near(i40_stats_quantile(&s, 0.5), 2, 0, "median");
	i40_stats_free(&s);
}

/* Welford's classic trap: 1e9 + {4, 7, 13, 16} has variance 30; the
 * sum-of-squares formula returns garbage at this offset. */
static void
large_offset(void **state)
{
	static const double d[] = {4, 7, 13, 16};
	struct i40_stats s;
	int k;

	(void)state;
	i40_stats_init(&s, 0);
	for (k = 0; k < 4; k++)
		i40_stats_add(&s, k * NS, 1e9 + d[k], NULL);
	assert_near(i40_stats_var(&s), 30, 1e-6, "var at 1e9 offset");
	assert_near(i40_stats_mean(&s), 1e9 + 10, 1e-6, "mean");
	/* population m4 of {-6,-3,3,6} = (1296+81+81+1296)/4 = 688.5,
	 * m2 = 22.5: g2 = 688.5/506.25 - 3 */
	assert_near(i40_stats_kurt(&s), 688.5 / 506.25 - 3, 1e-9, "kurt at offset");
	i40_stats_free(&s);
}

/* Merging pieces must give what adding everything to one accumulator
 * gives (both are computed here; the agreement is up to rounding). */
static void
merge_equals_direct(void **state)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct i40_stats all, piece, merged;
	static const int cuts[] = {0, 1, 2, 50, 51, 400, 999, 1000};
	int c, k;

	(void)state;
	gsl_rng_set(r, 7);
	i40_stats_init(&all, 1);
	i40_stats_init(&merged, 1);
	i40_stats_init(&piece, 1);
	for (c = 0; c + 1 < 8; c++) {
		i40_stats_reset(&piece);
		for (k = cuts[c]; k < cuts[c + 1]; k++) {
			double x = 100 + gsl_ran_exponential(r, 2.0) + 0.01 * k;
			int64_t ts = 1700000000LL * NS + (int64_t)k * 250000000LL;

			i40_stats_add(&all, ts, x, NULL);
			i40_stats_add(&piece, ts, x, NULL);
		}
		assert_int_equal(i40_stats_merge(&merged, &piece, NULL), 0);
	}
	assert_int_equal(merged.n, all.n);
	assert_near(i40_stats_mean(&merged), i40_stats_mean(&all), 1e-12, "mean");
	assert_near(i40_stats_var(&merged), i40_stats_var(&all), 1e-11, "var");
	assert_near(i40_stats_skew(&merged), i40_stats_skew(&all), 1e-10, "skew");
	assert_near(i40_stats_kurt(&merged), i40_stats_kurt(&all), 1e-10, "kurt");
	assert_near(i40_stats_slope(&merged), i40_stats_slope(&all), 1e-9, "slope");
	assert_near(i40_stats_sum(&merged), i40_stats_sum(&all), 1e-10, "sum");
	assert_near(i40_stats_min(&merged), i40_stats_min(&all), 0, "min");
	assert_near(i40_stats_max(&merged), i40_stats_max(&all), 0, "max");
	assert_near(i40_stats_first(&merged), i40_stats_first(&all), 0, "first");
	assert_near(i40_stats_last(&merged), i40_stats_last(&all), 0, "last");
	assert_near(i40_stats_quantile(&merged, 0.9), i40_stats_quantile(&all, 0.9), 0, "p90");
	i40_stats_free(&all);
	i40_stats_free(&merged);
	i40_stats_free(&piece);
	gsl_rng_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_example),
		cmocka_unit_test(sine_whole_periods),
		cmocka_unit_test(sine_partial_periods),
		cmocka_unit_test(gaussian_noise),
		cmocka_unit_test(ramp_slope),
		cmocka_unit_test(constant_signal),
		cmocka_unit_test(tiny_windows),
		cmocka_unit_test(missing_values),
		cmocka_unit_test(large_offset),
		cmocka_unit_test(merge_equals_direct),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
