/* test_report.c - the plant file's report section, and reports of small
 * digests (the formats in full are golden cases in tests/cases/report).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "report.h"

static char *
temp_file(const char *text)
{
	char *path = strdup("/tmp/i40-report-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* Load a plant file; NULL with *msg set (position without the file name)
 * when it is refused. */
static struct i40_plant *
load(const char *text, char *msg, size_t size)
{
	char *path = temp_file(text);
	struct i40_err err;
	struct i40_plant *p = i40_plant_load(path, &err);

	msg[0] = 0;
	if (p == NULL) {
		char buf[1200];

		assert_int_equal(err.kind, I40_ERR_CONFIG);
		i40_err_format(&err, buf, sizeof buf);
		snprintf(msg, size, "%s", buf + strlen(path) + 1);
	}
	unlink(path);
	free(path);
	return p;
}

static void
layout_from_plant(void **state)
{
	char msg[1200];
	struct i40_report_layout l;
	struct i40_err err;
	struct i40_plant *p = load(
		"plant: Works\n"
		"report:\n"
		"  title: Morning report\n"
		"  target_oee: 80%\n"
		"  charts: 2\n"
		"  alerts: 5\n"
		"  sections: [assets, summary]\n"
		"  assets:\n"
		"    press1: [vib_rms, temp]\n"
		"    press2: temp\n"
		"    compressor:\n", msg, sizeof msg);

	(void)state;
	assert_string_equal(msg, "");
	assert_int_equal(i40_report_layout(p, &l, &err), 0);
	assert_string_equal(l.title, "Morning report");
	assert_true(fabs(l.target - 0.8) < 1e-12);
	assert_int_equal(l.charts, 2);
	assert_int_equal(l.alerts, 5);
	assert_int_equal(l.forecasts, 6);
	assert_int_equal(l.nsections, 2);
	assert_int_equal(l.sections[0], I40_SEC_ASSETS);
	assert_int_equal(l.sections[1], I40_SEC_SUMMARY);
	assert_int_equal(l.nassets, 3);
	assert_string_equal(l.assets[0].name, "press1");
	assert_int_equal(l.assets[0].nsignals, 2);
	assert_string_equal(l.assets[0].signals[1], "temp");
	assert_int_equal(l.assets[1].nsignals, 1);
	assert_int_equal(l.assets[2].nsignals, 0);
	/* listed signals and their features are charted in full */
	assert_int_equal(i40_report_wants(&l, "press1", "temp"), 1);
	assert_int_equal(i40_report_wants(&l, "press1", "vib_rms.max"), 1);
	assert_int_equal(i40_report_wants(&l, "press1", "vib"), 0);
	assert_int_equal(i40_report_wants(&l, "press2", "vib_rms"), 0);
	assert_int_equal(i40_report_wants(&l, "press9", "temp"), 0);
	i40_report_layout_free(&l);
	i40_plant_free(p);

	/* no section: defaults, and the target of i40-oee's section */
	p = load("oee:\n  targets: {oee: 0.75}\n", msg, sizeof msg);
	assert_non_null(p);
	assert_int_equal(i40_report_layout(p, &l, &err), 0);
	assert_true(fabs(l.target - 0.75) < 1e-12);
	assert_int_equal(l.nsections, I40_SEC_N);
	assert_int_equal(l.charts, 4);
	i40_report_layout_free(&l);
	i40_plant_free(p);
	assert_int_equal(i40_report_layout(NULL, &l, &err), 0);
	assert_true(fabs(l.target - 0.85) < 1e-12);
	i40_report_layout_free(&l);
}

static void
section_errors(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "report:\n  chart: 3\n", "2:3: unknown key \"chart\"" },
		{ "report:\n  target_oee: 85\n", "2:15: target \"85\": give a fraction" },
		{ "report:\n  target_oee: 120%\n", "2:15: target \"120%\" is not between 0 and 100%" },
		{ "report:\n  sections: [summary, trends]\n", "2:23: unknown section \"trends\"" },
		{ "report:\n  sections: [oee, oee]\n", "2:19: section \"oee\" is listed twice" },
		{ "report:\n  assets: [press1]\n", "2:11:" },
		{ "report:\n  assets:\n    press1: {signals: [a]}\n", "3:13:" },
		{ "report:\n  charts: 99\n", "2:11:" },
	};
	char msg[1200];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct i40_plant *p = load(cases[i].text, msg, sizeof msg);

		if (p != NULL)
			fail_msg("accepted: %s", cases[i].text);
		if (strstr(msg, cases[i].want) != msg)
			fail_msg("%s: got \"%s\", want \"%s...\"", cases[i].text, msg, cases[i].want);
	}
}

static void
formats(void **state)
{
	enum i40_report_format f;

	(void)state;
	assert_int_equal(i40_report_format_parse("md", &f), 0);
	assert_int_equal(f, I40_REPORT_MD);
	assert_int_equal(i40_report_format_parse("markdown", &f), 0);
	assert_int_equal(i40_report_format_parse("html", &f), 0);
	assert_int_equal(f, I40_REPORT_HTML);
	assert_int_equal(i40_report_format_parse("text", &f), 0);
	assert_int_equal(f, I40_REPORT_TEXT);
	assert_int_equal(i40_report_format_parse("pdf", &f), -1);
}

/* Render d in format f into a string (free it). */
static char *
render(const struct i40_digest *d, enum i40_report_format f, int64_t from, int64_t to)
{
	struct i40_report_layout l;
	struct i40_report_opts o = { 0 };
	struct i40_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);

	assert_int_equal(i40_report_layout(NULL, &l, &err), 0);
	o.format = f;
	o.layout = &l;
	o.from = from;
	o.to = to;
	o.now = INT64_MIN;
	assert_int_equal(i40_report_write(mf, d, &o, &err), 0);
	fclose(mf);
	i40_report_layout_free(&l);
	return buf;
}

static void
no_data(void **state)
{
	struct i40_digest_opts dopt = { 0 };
	struct i40_err err;
	struct i40_digest *d = i40_digest_new(&dopt, &err);
	/* 2024-11-04 00:00Z to 2024-11-05 00:00Z: midnight to midnight in UTC */
	const int64_t from = 1730678400LL * 1000000000LL, to = from + 86400LL * 1000000000LL;
	char *t = render(d, I40_REPORT_TEXT, from, to);
	char *h = render(d, I40_REPORT_HTML, from, to);
	char *h2 = render(d, I40_REPORT_HTML, from, to);

	(void)state;
	assert_non_null(strstr(t, "No data for the period (Mon 4 Nov 2024)."));
	assert_non_null(strstr(t, "i40 report\n==========\nMon 4 Nov 2024 (UTC)\n"));
	assert_non_null(strstr(h, "No data for the period"));
	assert_non_null(strstr(h, "</html>"));
	assert_null(strstr(h, "<svg"));
	assert_string_equal(h, h2);
	free(t);
	free(h);
	free(h2);
	i40_digest_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_from_plant),
		cmocka_unit_test(section_errors),
		cmocka_unit_test(formats),
		cmocka_unit_test(no_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
