/* test_detect.c - the detect: section: keys, errors with their position,
 * rules resolved per series in order, the command line's --set, --group
 * and methods, counts or times, and seasonal slots. */
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

#include "detect.h"
#include "rul.h"

static const char plant_text[] =
	"timezone: UTC\n"
	"assets:\n"
	"  press1:\n"
	"    signals:\n"
	"      temp: {lo: 10, hi: 95, interval: 1m}\n"
	"      vib_rms: {hi: 7.1}\n"
	"detect:\n"
	"  threshold: 0.6\n"
	"  cooldown: 5m\n"
	"  learn: 7d\n"
	"  lead_time: 48h\n"
	"  p_fail: 0.7\n"
	"  signals:\n"
	"    vib_rms: {methods: [adaptive, ewma], lambda: 0.1, fail_limit: 11, trend: exponential}\n"
	"    \"press1/vib_rms\": {lambda: 0.3, max_rate: 2/min}\n"
	"    \"press2/*\": {methods: seasonal, season: hour-of-week}\n"
	"    temp.mean: {interval: 5m}\n"
	"  groups:\n"
	"    health: {asset: \"press*\", signals: [temp, vib_rms], alpha: 0.001}\n";

static struct i40_plant *
load(const char *text)
{
	char path[] = "/tmp/i40-detect-XXXXXX";
	int fd = mkstemp(path);
	struct i40_err err;
	struct i40_plant *p;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	p = i40_plant_load(path, &err);
	unlink(path);
	return p;
}

static void
section_and_resolve(void **state)
{
	struct i40_plant *p = load(plant_text);
	struct i40_detect_config c;
	struct i40_detect_spec s;
	struct i40_err err;

	(void)state;
	assert_non_null(p);
	assert_int_equal(i40_detect_config_load(&c, i40_plant_section(p, "detect"), &err), 0);
	assert_true(c.alert.on == 0.6);
	assert_true(fabs(c.alert.off - 0.5) < 1e-12);   /* threshold - 0.1 */
	assert_int_equal(c.alert.cooldown_ns, 5 * I40_NS_PER_MIN);
	assert_int_equal(c.learn_ns, 7 * I40_NS_PER_DAY);
	assert_int_equal(c.learn_points, -1);
	assert_int_equal(c.lead_time, 48 * I40_NS_PER_HOUR);
	assert_true(c.p_fail == 0.7 && c.p_fail_set);
	assert_int_equal(c.nrules, 4);
	assert_int_equal(c.ngroups, 1);
	assert_string_equal(c.groups[0].name, "health");
	assert_int_equal(c.groups[0].nsignals, 2);
	assert_true(c.groups[0].alpha == 0.001);

	/* press1/vib_rms: both vib rules apply, the later lambda wins; the
	 * plant's hi adds limits, max_rate adds roc (2/min = 1/30 per s) */
	i40_detect_resolve(&c, p, "press1", 6, "vib_rms", 7, &s);
	assert_int_equal(s.det.methods, 1u << I40_DET_ADAPTIVE | 1u << I40_DET_EWMA | 1u << I40_DET_LIMITS |
				       1u << I40_DET_ROC);
	assert_true(s.det.ewma_lambda == 0.3);
	assert_true(s.det.hi == 7.1 && isnan(s.det.lo));
	assert_true(fabs(s.det.roc_max - 1.0 / 30) < 1e-15);
	assert_true(s.fail_limit == 11);
	assert_int_equal(s.trend, I40_RUL_EXP);
	assert_int_equal(s.lead_time, 48 * I40_NS_PER_HOUR);
	assert_int_equal(s.det.learn_ns, 7 * I40_NS_PER_DAY);
	assert_true(s.deadman == 0);   /* no interval for vib_rms */

	/* press1/temp: the plant's limits and interval (no-data watch at 3x) */
	i40_detect_resolve(&c, p, "press1", 6, "temp", 4, &s);
	assert_int_equal(s.det.methods, 1u << I40_DET_ADAPTIVE | 1u << I40_DET_LIMITS);
	assert_true(s.det.lo == 10 && s.det.hi == 95);
	assert_true(s.deadman == 3);
	assert_int_equal(s.interval, I40_NS_PER_MIN);
	assert_true(isnan(s.fail_limit));

	/* a rule's interval arms the no-data watch as the plant's does
	 * (i40-detect(1): "the plant's interval, or a rule's") */
	i40_detect_resolve(&c, p, "press1", 6, "temp.mean", 9, &s);
	assert_true(s.deadman == 3);
	assert_int_equal(s.interval, 5 * I40_NS_PER_MIN);

	/* press2/x: the glob rule, hour-of-week slots */
	i40_detect_resolve(&c, p, "press2", 6, "x", 1, &s);
	assert_int_equal(s.det.methods, 1u << I40_DET_SEASONAL);
	assert_int_equal(s.season, I40_SEASON_WEEKHOUR);
	assert_int_equal(s.det.nslots, 168);

	/* the command line comes last and wins; limits asked for where none
	 * is known are left out and said */
	assert_int_equal(i40_detect_config_methods(&c, "limits,cusum", &err), 0);
	assert_int_equal(i40_detect_config_set(&c, "h=4", &err), 0);
	assert_int_equal(i40_detect_config_set(&c, "k=0.25", &err), 0);
	i40_detect_resolve(&c, p, "press2", 6, "x", 1, &s);
	assert_int_equal(s.det.methods, 1u << I40_DET_CUSUM);
	assert_int_equal(s.limits_dropped, 1);
	assert_true(s.det.cusum_h == 4 && s.det.cusum_k == 0.25);
	assert_int_equal(i40_detect_config_group(&c, "g2=a,b,c", &err), 0);
	assert_int_equal(c.ngroups, 2);
	assert_string_equal(c.groups[1].signals[2], "c");
	i40_detect_config_free(&c);
	i40_plant_free(p);
}

static void
errors_with_positions(void **state)
{
	struct i40_detect_config c;
	struct i40_plant *p;
	struct i40_err err;

	(void)state;
	/* the check runs inside i40_plant_load, for every program */
	p = load("detect:\n  signals:\n    temp: {lamda: 0.1}\n");
	assert_null(p);
	(void)err;
	p = load("detect:\n  treshold: 0.6\n");
	assert_null(p);
	p = load("detect:\n  threshold: 0.6\n  off: 0.7\n");
	assert_null(p);
	p = load("detect:\n  signals:\n    temp: {methods: [adaptive, ewmaa]}\n");
	assert_null(p);
	p = load("detect:\n  signals:\n    temp: {max_rate: 2/fortnight}\n");
	assert_null(p);
	p = load("detect:\n  groups:\n    g: {signals: [a]}\n");
	assert_null(p);
	p = load("detect:\n  signals:\n    temp: {lo: 5, hi: 1}\n");
	assert_null(p);

	/* the message and position of one of them, through the section */
	memset(&c, 0, sizeof c);
	struct i40_doc *doc = i40_cfg_parse("signals:\n  temp: {lamda: 0.1}\n", 29, "p.yaml", &err);
	assert_non_null(doc);
	assert_int_equal(i40_detect_config_load(&c, doc->root, &err), -1);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 10);
	assert_non_null(strstr(err.msg, "did you mean \"lambda\""));
	i40_cfg_free(doc);

	/* the command line's errors name the setting */
	assert_int_equal(i40_detect_config_load(&c, NULL, &err), 0);
	assert_int_equal(i40_detect_config_set(&c, "lambda=2", &err), -1);
	assert_non_null(strstr(err.msg, "--set lambda=2: "));
	assert_int_equal(i40_detect_config_set(&c, "nokey", &err), -1);
	assert_int_equal(i40_detect_config_set(&c, "trend=cubic", &err), -1);
	assert_int_equal(i40_detect_config_methods(&c, "adaptive,magic", &err), -1);
	assert_non_null(strstr(err.msg, "unknown method \"magic\""));
	assert_int_equal(i40_detect_config_group(&c, "g=a", &err), -1);
	assert_int_equal(i40_detect_config_group(&c, "g=a,a", &err), -1);
	assert_int_equal(i40_detect_config_group(&c, "=a,b", &err), -1);
	i40_detect_config_free(&c);
}

static void
counts_times_and_slots(void **state)
{
	long n;
	int64_t ns;

	(void)state;
	assert_int_equal(i40_detect_count_or_time("600", &n, &ns, NULL), 0);
	assert_true(n == 600 && ns == -1);
	assert_int_equal(i40_detect_count_or_time("7d", &n, &ns, NULL), 0);
	assert_true(n == -1 && ns == 7 * I40_NS_PER_DAY);
	assert_int_equal(i40_detect_count_or_time("1h30m", &n, &ns, NULL), 0);
	assert_true(ns == 90 * I40_NS_PER_MIN);
	assert_int_equal(i40_detect_count_or_time("ten", &n, &ns, NULL), -1);
	/* 2024-01-01 was a Monday: Monday 00:00 is slot 0 of the week;
	 * Sunday 2023-12-31 23:30 is weekday 6, hour-of-week 167 */
	int64_t mon = 1704067200, sun = mon - 1800;
	assert_int_equal(i40_detect_slot(I40_SEASON_HOUR, mon + 5 * 3600 + 59), 5);
	assert_int_equal(i40_detect_slot(I40_SEASON_WEEKDAY, mon), 0);
	assert_int_equal(i40_detect_slot(I40_SEASON_WEEKDAY, sun), 6);
	assert_int_equal(i40_detect_slot(I40_SEASON_WEEKHOUR, sun), 167);
	assert_int_equal(i40_detect_slot(I40_SEASON_WEEKHOUR, mon + 26 * 3600), 26);
	assert_int_equal(i40_detect_slots(I40_SEASON_WEEKHOUR), 168);
	/* before 1970 too: 1969-12-31 (a Wednesday) 23:00 */
	assert_int_equal(i40_detect_slot(I40_SEASON_HOUR, -3600), 23);
	assert_int_equal(i40_detect_slot(I40_SEASON_WEEKDAY, -3600), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(section_and_resolve),
		cmocka_unit_test(errors_with_positions),
		cmocka_unit_test(counts_times_and_slots),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
