/* test_model.c - model files: every number back bit for bit, lookups, and
 * errors with file, line and column for damaged files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "tm.h"

static char *
temp_path(void)
{
	char *path = strdup("/tmp/i40-model-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

static char *
write_text(const char *text)
{
	char *path = temp_path();
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void
round_trip(void **state)
{
	struct i40_model m, r;
	struct i40_det_model d;
	struct i40_t2 t2;
	struct i40_err err;
	const double warm[] = {0.1, 1.0 / 3, -2.5e-7, 12345.678901234567, 3};
	const double mean[] = {1.5, -0.2}, cov[] = {2.0, 0.3, 0.3, 0.5};
	const char *sig[] = {"temp", "vib rms"};
	char *path = temp_path();
	FILE *fp;

	(void)state;
	memset(&d, 0, sizeof d);
	d.n = 600;
	d.mean = 1.0 / 7;
	d.sd = 0.78539816339744830962;   /* pi / 4 */
	d.median = 0.1;
	d.mad = 1e-300;
	d.period = 288;
	d.period_acf = 0.93;
	d.step = 300 * I40_NS_PER_SEC;
	d.warm_end = 1733007600LL * I40_NS_PER_SEC + 5;   /* a time with nanoseconds */
	d.nslots = 3;
	d.slot_mean[0] = 1;
	d.slot_mean[2] = 2.0 / 3;
	d.slot_sd[1] = 0.25;
	d.slot_n[2] = 7;
	assert_int_equal(i40_model_init(&m, &err), 0);
	assert_int_equal(i40_model_add_series(&m, "press\"1", "temp", &d, warm, 5, 60 * I40_NS_PER_SEC, &err), 0);
	assert_int_equal(i40_model_add_series(&m, "press2", "temp", &d, NULL, 0, 0, &err), 0);
	assert_int_equal(i40_model_add_series(&m, "press2", "temp", &d, NULL, 0, 0, &err), -1);
	assert_int_equal(i40_t2_set(&t2, mean, cov, 2, 100, 1e-4, 0.05, &err), 0);
	assert_int_equal(i40_model_add_group(&m, "press1", "health", sig, 2, &t2, &err), 0);
	i40_t2_free(&t2);
	m.failure.present = 1;
	m.failure.p = 1;
	m.failure.features = calloc(1, sizeof(char *));
	m.failure.features[0] = strdup("vib_rms.mean");
	m.failure.lg.p = 1;
	m.failure.lg.beta = malloc(2 * sizeof(double));
	m.failure.lg.beta[0] = -3.25;
	m.failure.lg.beta[1] = 1.0 / 3;
	m.failure.lg.mean = malloc(sizeof(double));
	m.failure.lg.mean[0] = 3.1;
	m.failure.lg.sd = malloc(sizeof(double));
	m.failure.lg.sd[0] = 0.4;
	m.failure.lg.ridge = 1;
	m.failure.horizon = 48 * I40_NS_PER_HOUR;
	m.failure.threshold = 0.6;
	fp = fopen(path, "w");
	assert_int_equal(i40_model_write(&m, fp, "test"), 0);
	fclose(fp);

	assert_int_equal(i40_model_load(&r, path, &err), 0);
	assert_int_equal(r.nseries, 2);
	const struct i40_model_series *s = i40_model_find_series(&r, "press\"1", 7, "temp", 4);
	assert_non_null(s);
	/* exact: the shortest text that reads back as the same double */
	assert_true(s->det.mean == d.mean && s->det.sd == d.sd && s->det.mad == d.mad);
	assert_int_equal(s->det.period, 288);
	assert_int_equal(s->det.step, d.step);
	assert_int_equal(s->det.warm_end, d.warm_end);
	assert_int_equal(s->det.nslots, 3);
	assert_true(s->det.slot_mean[2] == 2.0 / 3 && s->det.slot_sd[1] == 0.25 && s->det.slot_n[2] == 7);
	assert_int_equal(s->nwarm, 5);
	for (int i = 0; i < 5; i++)
		assert_true(s->warm[i] == warm[i]);
	assert_int_equal(s->interval, 60 * I40_NS_PER_SEC);
	assert_null(i40_model_find_series(&r, "press3", 6, "temp", 4));
	const struct i40_model_group *g = i40_model_find_group(&r, "press1", 6, "health");
	assert_non_null(g);
	assert_string_equal(g->signals[1], "vib rms");
	assert_true(g->t2.cov[1] == 0.3 && g->t2.mean[1] == -0.2 && g->t2.n == 100 && g->t2.lambda == 0.05);
	assert_true(r.failure.present);
	assert_true(r.failure.lg.beta[1] == 1.0 / 3 && r.failure.lg.sd[0] == 0.4);
	assert_int_equal(r.failure.horizon, 48 * I40_NS_PER_HOUR);
	assert_string_equal(r.failure.features[0], "vib_rms.mean");
	i40_model_free(&r);
	i40_model_free(&m);
	unlink(path);
	free(path);
}

static void
damaged_files(void **state)
{
	struct i40_model m;
	struct i40_err err;
	char *path;

	(void)state;
	path = write_text("i40_detect_model: 1\nseries:\n  - asset: a\n    signal: b\n    n: 10\n    mean: x\n");
	assert_int_equal(i40_model_load(&m, path, &err), -1);
	assert_int_equal(err.kind, I40_ERR_CONFIG);
	assert_int_equal(err.line, 6);   /* mean: x */
	assert_string_equal(err.file, path);
	unlink(path);
	free(path);
	path = write_text("plant: no\n");
	assert_int_equal(i40_model_load(&m, path, &err), -1);
	assert_non_null(strstr(err.msg, "not an i40-detect model file"));
	unlink(path);
	free(path);
	path = write_text("i40_detect_model: 2\n");
	assert_int_equal(i40_model_load(&m, path, &err), -1);
	assert_non_null(strstr(err.msg, "format 2"));
	unlink(path);
	free(path);
	path = write_text("i40_detect_model: 1\ngroups:\n  - {asset: a, name: g, signals: [x, y], n: 10, alpha: 0.01,"
			  " shrinkage: 0, mean: [0, 0], cov: [[1, 0], [0]]}\n");
	assert_int_equal(i40_model_load(&m, path, &err), -1);
	assert_non_null(strstr(err.msg, "2 rows of 2 numbers"));
	unlink(path);
	free(path);
	assert_int_equal(i40_model_load(&m, "/nonexistent/model.yaml", &err), -1);
}

static void
exact_text(void **state)
{
	char b[32];

	(void)state;
	i40_model_fmt_exact(0.1, b);
	assert_string_equal(b, "0.1");
	i40_model_fmt_exact(1.0 / 3, b);
	assert_true(strtod(b, NULL) == 1.0 / 3);
	i40_model_fmt_exact(1e300, b);
	assert_string_equal(b, "1e+300");
	i40_model_fmt_exact(NAN, b);
	assert_string_equal(b, ".nan");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(damaged_files),
		cmocka_unit_test(exact_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
