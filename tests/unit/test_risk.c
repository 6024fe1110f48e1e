/* test_risk.c - failure labels by hand ("fails within H"), vectors
 * aligned per asset and time, and a planted precursor found by the
 * cross-validated model (ROC AUC above 0.9). */
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

#include "risk.h"
#include "gauss.h"

#define HOUR 3600000000000LL

static void
push(struct i40_risk *r, const char *asset, const char *signal, int64_t ts, double x)
{
	struct i40_rec rec;
	memset(&rec, 0, sizeof rec);
	rec.asset = asset;
	rec.asset_len = strlen(asset);
	rec.signal = signal;
	rec.signal_len = strlen(signal);
	rec.ts = ts;
	rec.num = x;
	rec.is_num = 1;
	rec.file = "test";
	assert_int_equal(i40_risk_push(r, &rec, NULL), 0);
}

static void
read_log(struct i40_risk *r, const char *text)
{
	char path[] = "/tmp/i40-risk-XXXXXX";
	int fd = mkstemp(path), rc;
	struct i40_err err;
	struct i40_risk_log *log;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	log = i40_risk_log_open(path, NULL, &err);
	assert_non_null(log);
	while ((rc = i40_risk_log_next(r, log, &err)) != 0)
		assert_int_equal(rc, 1);
	i40_risk_log_close(log);
	unlink(path);
}

/* One asset, hourly vectors at t = 0..9 h, a failure at 5.5 h, horizon
 * 2 h: t = 4 and 5 fail within 2 h (label 1); t = 0..3, 6, 7 do not
 * (7 + 2 = 9 is still within the data); t = 8, 9 are unknown (the data
 * end before t + 2 h).  A second feature arrives only from t = 1: the
 * vector at t = 0 is incomplete and not formed. */
static void
labels_by_hand(void **state)
{
	struct i40_risk *r = i40_risk_new(NULL, 0, 2 * HOUR, NULL);
	struct i40_model_failure f;
	struct i40_risk_report rep;
	struct i40_err err;
	int t;

	(void)state;
	assert_non_null(r);
	read_log(r, "time,asset,reason\n1970-01-01T05:30:00Z,m1,bearing\n1970-01-01T01:00:00Z,m9,no data\n");
	for (t = 0; t < 10; t++) {
		push(r, "m1", "x", t * HOUR, t == 4 || t == 5 ? 5 + t : t % 3);
		if (t > 0)
			push(r, "m1", "y", t * HOUR, 1.0 / t);
	}
	assert_int_equal(i40_risk_fit(r, 2, 0.5, 1.0, &f, &rep, &err), 0);
	assert_int_equal(rep.vectors, 7);    /* t = 1..7 */
	assert_int_equal(rep.failures, 2);
	assert_int_equal(rep.unknown, 2);
	assert_int_equal(rep.events, 1);     /* m9 has no data */
	assert_int_equal(rep.assets, 1);
	assert_int_equal(f.p, 2);
	assert_string_equal(f.features[0], "x");   /* name order */
	assert_string_equal(f.features[1], "y");
	assert_int_equal(f.horizon, 2 * HOUR);
	free(f.features[0]);
	free(f.features[1]);
	free(f.features);
	i40_logit_free(&f.lg);
	i40_risk_free(r);
}

/* Three machines, hourly features for 60 days, a failure every 8 days;
 * in the 24 h before each, vibration is 3 of its sds higher (the planted
 * precursor) and temperature is unchanged noise; labels within 24 h. */
static void
planted_precursor(void **state)
{
	const char *feat[] = {"vib_rms.mean", "temp.mean"};
	struct i40_risk *r = i40_risk_new(feat, 2, 24 * HOUR, NULL);
	struct i40_model_failure f;
	struct i40_risk_report rep;
	struct i40_err err;
	unsigned long long st = 99;
	char log[4096] = "asset,ts\n", asset[16];
	int a, h;

	(void)state;
	for (a = 0; a < 3; a++)
		for (h = 100 + 30 * a; h < 60 * 24; h += 8 * 24) {
			char line[64], t[I40_TS_MAXLEN];
			i40_tfmt(h * HOUR, 0, t);
			snprintf(line, sizeof line, "m%d,%s\n", a, t);
			strcat(log, line);
		}
	read_log(r, log);
	for (h = 0; h < 60 * 24; h++)
		for (a = 0; a < 3; a++) {
			int pre = 0;
			for (int k = 100 + 30 * a; k < 60 * 24; k += 8 * 24)
				if (k - h > 0 && k - h <= 24)
					pre = 1;
			snprintf(asset, sizeof asset, "m%d", a);
			push(r, asset, "temp.mean", h * HOUR, 60 + gauss(&st));
			push(r, asset, "vib_rms.mean", h * HOUR, 3 + 0.3 * gauss(&st) + 0.9 * pre);
			push(r, asset, "other", h * HOUR, 1);   /* not asked for */
		}
	assert_int_equal(i40_risk_fit(r, 5, 0.5, 1.0, &f, &rep, &err), 0);
	assert_true(rep.failures > 300);
	assert_true(rep.cv.auc > 0.9);
	/* features in name order: temp.mean, vib_rms.mean; the precursor's
	 * coefficient is the large one */
	assert_int_equal(f.p, 2);
	assert_string_equal(f.features[1], "vib_rms.mean");
	assert_true(i40_logit_coef(&f.lg, 2) > 5 * fabs(i40_logit_coef(&f.lg, 1)));
	free(f.features[0]);
	free(f.features[1]);
	free(f.features);
	i40_logit_free(&f.lg);
	i40_risk_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(labels_by_hand),
		cmocka_unit_test(planted_precursor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
