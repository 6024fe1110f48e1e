/* test_tab.c - one table rendered as text, Markdown and HTML.
 *
 * The expected text is laid out by hand: column width = widest of header
 * and cells, two blanks between columns, numbers right-aligned, no
 * trailing blanks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tab.h"
#include "text.h"
#include "xmlcheck.h"

#define RULE(n) RULE_##n
#define RULE_5 "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
#define RULE_6 RULE_5 "\xe2\x94\x80"
#define RULE_11 RULE_6 RULE_5

static const struct i40_tabcol cols[] = {
	{ "Asset", I40_AL_LEFT, 1, 0 },
	{ "OEE", I40_AL_RIGHT, 0, 0 },
	{ "Status", I40_AL_LEFT, 0, 1 },
};

static const char *cells[] = {
	"Press P-101", "71.4%", "warn",
	"CNC-3", "90.0%", "ok",
};

static char *
render(int (*fn)(FILE *, const struct i40_tab *, size_t, struct i40_err *),
       const struct i40_tab *t, size_t width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct i40_err err;

	assert_non_null(f);
	assert_int_equal(fn(f, t, width, &err), 0);
	fclose(f);
	return buf;
}

static int
text_fn(FILE *f, const struct i40_tab *t, size_t w, struct i40_err *e)
{
	return i40_tab_text(f, t, w, e);
}

static int
md_fn(FILE *f, const struct i40_tab *t, size_t w, struct i40_err *e)
{
	(void)w;
	return i40_tab_md(f, t, e);
}

static int
html_fn(FILE *f, const struct i40_tab *t, size_t w, struct i40_err *e)
{
	(void)w;
	return i40_tab_html(f, t, e);
}

static void
text_layout(void **state)
{
	struct i40_tab t = { cols, 3, cells, 2, "OEE" };
	char *s;

	(void)state;
	s = render(text_fn, &t, 80);
	assert_string_equal(s,
		"OEE\n"
		"Asset          OEE  Status\n"
		RULE(11) "  " RULE(5) "  " RULE(6) "\n"
		"Press P-101  71.4%  warn\n"
		"CNC-3        90.0%  ok\n");
	free(s);
}

static void
text_shrinks_to_width(void **state)
{
	struct i40_tab t = { cols, 3, cells, 2, NULL };
	char *s, *line;

	(void)state;
	/* 26 columns into 20: Asset gives way (11 -> 6 -> 5), numbers stay */
	s = render(text_fn, &t, 20);
	assert_non_null(strstr(s, "Pres\xe2\x80\xa6  71.4%  warn\n"));
	for (line = strtok(s, "\n"); line; line = strtok(NULL, "\n"))
		assert_true(i40_text_width(line) <= 20);
	free(s);
}

static void
markdown(void **state)
{
	const char *c2[] = { "a|b", "1", "ok", "x<y", "2 ", "  " };
	struct i40_tab t = { cols, 3, c2, 2, "OEE" };
	char *s;

	(void)state;
	s = render(md_fn, &t, 0);
	assert_string_equal(s,
		"**OEE**\n\n"
		"| Asset | OEE | Status |\n"
		"| --- | ---: | --- |\n"
		"| a\\|b | 1 | ok |\n"
		"| x&lt;y | 2 |  |\n");
	free(s);
}

static void
html(void **state)
{
	const char *c2[] = { "P&1", "71.4%", "ALARM", "P2", "90.0%", NULL };
	struct i40_tab t = { cols, 3, c2, 2, "OEE <week>" };
	struct xmlcheck xc;
	int rows;
	char *s;

	(void)state;
	s = render(html_fn, &t, 0);
	assert_int_equal(xmlcheck(s, &xc, "tr", &rows), 0);
	assert_int_equal(rows, 3);
	assert_non_null(strstr(s, "<caption>OEE &lt;week&gt;</caption>"));
	assert_non_null(strstr(s, "<th scope=\"col\" class=\"r\">OEE</th>"));
	assert_non_null(strstr(s, "<td>P&amp;1</td>"));
	assert_non_null(strstr(s, "<td><span class=\"st st-alarm\">ALARM</span></td>"));
	assert_non_null(strstr(s, "<td class=\"r\">90.0%</td><td></td>"));
	free(s);
}

static void
bad_tables(void **state)
{
	struct i40_tab none = { cols, 0, cells, 2, NULL };
	struct i40_tab nocells = { cols, 3, NULL, 2, NULL };
	struct i40_err err;

	(void)state;
	assert_int_equal(i40_tab_text(stdout, &none, 80, &err), -1);
	assert_int_equal(err.kind, I40_ERR_CONFIG);
	assert_int_equal(i40_tab_md(stdout, &nocells, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_layout),
		cmocka_unit_test(text_shrinks_to_width),
		cmocka_unit_test(markdown),
		cmocka_unit_test(html),
		cmocka_unit_test(bad_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
