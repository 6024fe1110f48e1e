/* test_chart.c - the SVG writer and every chart kind.
 *
 * Each chart is rendered into memory and parsed with the well-formedness
 * check of xmlcheck.h; the structure is then checked where it carries
 * meaning (one path per series, one bar per value, title and desc present
 * and escaped), and rendering twice must give the same bytes.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "chart.h"
#include "svg.h"
#include "xmlcheck.h"
#include "testutil.h"

#define S 1000000000LL
#define H (3600 * S)

/* ---- helpers ---- */

struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static void
mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
}

static char *
mem_close(struct mem *m)
{
	fclose(m->f);
	return m->buf;
}

static void
well_formed(const char *doc)
{
	struct xmlcheck xc;

	if (xmlcheck(doc, &xc, NULL, NULL) != 0) {
		fprintf(stderr, "not well-formed at %ld: %s: %.60s\n", xc.pos, xc.err, doc + xc.pos);
		fail();
	}
}

/* The checker must reject what it is there to catch. */
static void
xmlcheck_rejects(void **state)
{
	static const char *const bad[] = {
		"<a><b></a></b>", "<a x=1/>", "<a x=\"<\"/>", "<a>&nbsp;</a>", "<a>&</a>",
		"<a>", "<a/><b/>", "<a x=\"1\" x=\"2\"/>", "text<a/>", "<a></A>",
	};
	struct xmlcheck xc;
	int n;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(xmlcheck(bad[i], &xc, NULL, NULL), -1);
	assert_int_equal(xmlcheck("<!DOCTYPE html>\n<a x='1'><!-- c --><b/>&#160;&amp;</a>\n",
				  &xc, "b", &n), 0);
	assert_int_equal(n, 1);
}

/* ---- svg writer ---- */

static void
svg_escaping(void **state)
{
	struct mem m;
	char *s;

	(void)state;
	mem_open(&m);
	/* markup characters, a control character, a stray byte, valid UTF-8 */
	i40_svg_esc(m.f, "a<b & \"c\" 'd'\x01 \xff caf\xc3\xa9");
	s = mem_close(&m);
	assert_string_equal(s, "a&lt;b &amp; &quot;c&quot; &#39;d&#39; \xef\xbf\xbd caf\xc3\xa9");
	free(s);
	/* overlong "/" and a UTF-16 surrogate are not UTF-8 */
	mem_open(&m);
	i40_svg_esc(m.f, "\xc0\xaf|\xed\xa0\x80");
	s = mem_close(&m);
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
}

static void
svg_numbers_and_paths(void **state)
{
	struct mem m;
	struct i40_svg g;
	char *s;

	(void)state;
	mem_open(&m);
	i40_svg_num(m.f, 12.34);
	fputc(' ', m.f);
	i40_svg_num(m.f, 3);
	fputc(' ', m.f);
	i40_svg_num(m.f, -0.04);
	fputc(' ', m.f);
	i40_svg_num(m.f, -2.5);
	fputc(' ', m.f);
	i40_svg_num(m.f, 0.5);
	fputc(' ', m.f);
	i40_svg_num(m.f, NAN);
	s = mem_close(&m);
	assert_string_equal(s, "12.3 3 0 -2.5 .5 0");
	free(s);

	/* relative moves in tenths; a repeated point costs nothing */
	mem_open(&m);
	memset(&g, 0, sizeof g);
	g.f = m.f;
	i40_svg_path_begin(&g, "fill=\"none\"");
	i40_svg_path_move(&g, 10, 20);
	i40_svg_path_line(&g, 11, 22.5);
	i40_svg_path_line(&g, 11, 22.5);
	i40_svg_path_line(&g, 10, 20);
	i40_svg_path_line(&g, 10.5, 20);
	i40_svg_path_move(&g, 0, -1);
	i40_svg_path_line(&g, 1, 1);
	i40_svg_path_close(&g);
	i40_svg_path_end(&g);
	s = mem_close(&m);
	assert_string_equal(s, "<path fill=\"none\" d=\"M10 20l1 2.5-1-2.5 .5 0M0-1l1 2z\"/>\n");
	free(s);
}

/* ---- line chart ---- */

static char *
render_line(const struct i40_linechart *c)
{
	struct mem m;
	struct i40_err err;

	mem_open(&m);
	assert_int_equal(i40_chart_line(m.f, c, &err), 0);
	return mem_close(&m);
}

static void
line_chart_structure(void **state)
{
	static int64_t t[100];
	static double a[100], b[100];
	char *s, *s2;
	int paths;
	struct xmlcheck xc;

	(void)state;
	for (int i = 0; i < 100; i++) {
		t[i] = 1709683200LL * S + i * 60 * S;
		a[i] = 3 + sin(i / 10.0);
		b[i] = i == 50 ? NAN : 1 + 0.01 * i;
	}
	struct i40_trace se[] = {
		{ "vib <rms> & co", t, a, 100, 0, NULL },
		{ "temp", t, b, 100, 0, "#ff0000" },
	};
	struct i40_span sp[] = { { t[10], t[20], I40_LVL_ALARM }, { t[30], t[31], I40_LVL_WARN } };
	struct i40_limit li[] = { { 4.5, I40_LVL_ALARM, "alarm 4.5" } };
	struct i40_mark mk[] = { { t[15], 3.5, I40_LVL_ALARM }, { t[40], NAN, I40_LVL_WARN } };
	struct i40_linechart c = {
		.c = { 0, 0, "Press \"P-1\" <vib>", "desc & more", "c1", "time", "mm/s", { 0 } },
		se, 2, sp, 2, li, 1, mk, 2, 0, 0, NAN, NAN
	};

	s = render_line(&c);
	well_formed(s);
	/* escaped title and desc, linked for screen readers */
	assert_non_null(strstr(s, "<title id=\"c1-t\">Press &quot;P-1&quot; &lt;vib&gt;</title>"));
	assert_non_null(strstr(s, "<desc id=\"c1-d\">desc &amp; more</desc>"));
	assert_non_null(strstr(s, "aria-labelledby=\"c1-t c1-d\""));
	assert_non_null(strstr(s, "vib &lt;rms&gt; &amp; co"));
	/* one stroked path of class "series" per series, the given colour used */
	paths = count(s, "<path class=\"series\" fill=\"none\" stroke=");
	assert_int_equal(paths, 2);
	assert_int_equal(count(s, "stroke=\"#ff0000\""), 2);    /* legend + line */
	/* the missing value breaks the second series: two moves */
	{
		const char *p = strstr(s, "<path class=\"series\" fill=\"none\" stroke=\"#ff0000\"");
		const char *e = strstr(p, "/>");
		int moves = 0;

		for (const char *q = p; q < e; q++)
			moves += *q == 'M';
		assert_int_equal(moves, 2);
	}
	/* two shaded spans, one limit line, one dot and one triangle marker */
	assert_int_equal(count(s, "fill-opacity=\".13\""), 1);
	assert_int_equal(count(s, "fill-opacity=\".18\""), 1);
	assert_int_equal(count(s, "stroke-dasharray=\"4 3\""), 1);
	assert_non_null(strstr(s, ">alarm 4.5</text>"));
	assert_int_equal(count(s, "<circle"), 2);           /* legend dot + marker */
	assert_int_equal(count(s, "z\"/>"), 1);
	/* two nested <svg>: the root and the clipping viewport */
	assert_int_equal(xmlcheck(s, &xc, "svg", &paths), 0);
	assert_int_equal(paths, 2);
	/* deterministic */
	s2 = render_line(&c);
	assert_string_equal(s, s2);
	free(s);
	free(s2);
}

/* Lowest y (highest value) reached by the first series path. */
static double
path_top(const char *s)
{
	const char *p = strstr(s, "<path class=\"series\" fill=\"none\" stroke=");
	double x = 0, y = 0, top = INFINITY;
	char cmd = 0;

	p = strstr(p, " d=\"") + 4;
	while (*p && *p != '"') {
		double a, b;
		char *e;

		if (*p == 'M' || *p == 'l') {
			cmd = *p++;
			continue;
		}
		if (*p == ' ' || *p == '\n') {
			p++;
			continue;
		}
		a = strtod(p, &e);
		p = e;
		while (*p == ' ' || *p == '\n')
			p++;
		b = strtod(p, &e);
		p = e;
		if (cmd == 'M') {
			x = a;
			y = b;
		} else {
			x += a;
			y += b;
		}
		if (y < top)
			top = y;
	}
	(void)x;
	return top;
}

static void
line_chart_keeps_spike(void **state)
{
	const size_t n = 200000;
	int64_t *t = malloc(n * sizeof *t);
	double *v = malloc(n * sizeof *v);
	char *with, *without;
	double top_with, top_without;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		t[i] = (int64_t)i * S;
		v[i] = 1 + 0.1 * sin((double)i / 100);
	}
	struct i40_trace se = { "x", t, v, n, 5 * S, NULL };
	struct i40_linechart c = {
		.c = { 900, 300, "spike", NULL, NULL, NULL, "v", { 0 } },
		&se, 1, NULL, 0, NULL, 0, NULL, 0, 0, 0, 0, 10
	};

	without = render_line(&c);
	v[123457] = 9;          /* one sample of 200 000 */
	with = render_line(&c);
	well_formed(with);
	top_with = path_top(with);
	top_without = path_top(without);
	/* y axis 0..10 over ~230 px: the spike reaches ~180 px higher */
	assert_true(top_without - top_with > 150);
	/* downsampled: a few points per pixel column, not 200 000 */
	assert_true(strlen(with) < 60000);
	free(with);
	free(without);
	free(t);
	free(v);
}

static void
line_chart_empty(void **state)
{
	struct i40_linechart c = {
		.c = { 0, 0, "nothing", NULL, NULL, NULL, NULL, { 0 } },
		NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0, 0, NAN, NAN
	};
	char *s;

	(void)state;
	s = render_line(&c);
	well_formed(s);
	assert_non_null(strstr(s, "no data for this period"));
	free(s);
}

/* ---- bars, waterfall, Pareto, fan, spark ---- */

static void
bar_chart_structure(void **state)
{
	const char *lab[] = { "A", "B & C", "D", "E" };
	const double val[] = { 90, 70, NAN, 85 };
	struct i40_barchart c = {
		.c = { 600, 260, "OEE", "OEE per asset", NULL, NULL, "OEE (%)", { 0 } },
		lab, val, 4, 85, "target 85%", 1, 0, 100, 1, "%"
	};
	struct mem m;
	struct i40_err err;
	char *s;

	(void)state;
	mem_open(&m);
	assert_int_equal(i40_chart_bar(m.f, &c, &err), 0);
	s = mem_close(&m);
	well_formed(s);
	/* its bars are one series */
	assert_int_equal(count(s, "class=\"series\""), 1);
	/* three bars: two meet the target (E equals it), one does not */
	assert_int_equal(count(s, "<rect") - 1 - 2, 3);       /* minus background, legend */
	assert_int_equal(count(s, "fill=\"#d55e00\""), 2);     /* legend + bar B */
	assert_non_null(strstr(s, ">90.0%</text>"));
	assert_non_null(strstr(s, ">n/a</text>"));
	assert_non_null(strstr(s, ">B &amp; C</text>"));
	assert_non_null(strstr(s, "stroke-dasharray=\"7 4\""));   /* target line */
	free(s);
}

static void
waterfall_structure(void **state)
{
	struct i40_wf_step st[] = {
		{ "Planned", 480, I40_WF_TOTAL, NULL },
		{ "Breakdowns", -60, I40_WF_DELTA, NULL },
		{ "Setup", -20, I40_WF_DELTA, NULL },
		{ "Run time", 0, I40_WF_SUBTOTAL, NULL },
		{ "Rework", 5, I40_WF_DELTA, NULL },
	};
	struct i40_waterfall c = {
		.c = { 700, 280, "Losses", NULL, NULL, NULL, "min", { 0 } }, st, 5, 0, NULL
	};
	struct mem m;
	struct i40_err err;
	char *s;

	(void)state;
	mem_open(&m);
	assert_int_equal(i40_chart_waterfall(m.f, &c, &err), 0);
	s = mem_close(&m);
	well_formed(s);
	/* its bars are one series */
	assert_int_equal(count(s, "class=\"series\""), 1);
	/* the subtotal is the running sum 480 - 60 - 20 = 400 */
	assert_non_null(strstr(s, ">400</text>"));
	assert_non_null(strstr(s, ">-60</text>"));
	assert_non_null(strstr(s, ">+5</text>"));
	/* connectors between the five bars */
	assert_int_equal(count(s, "stroke-dasharray=\"2 2\""), 4);
	free(s);
}

static void
pareto_structure(void **state)
{
	const char *lab[] = { "c", "a", "b", "d", "e" };
	const double val[] = { 10, 50, 30, 6, 4 };
	struct i40_pareto c = {
		.c = { 700, 280, "Downtime", NULL, NULL, NULL, "min", { 0 } },
		lab, val, 5, 4, 0, NULL
	};
	struct mem m;
	struct i40_err err;
	char *s;
	const char *pa, *pb, *pc;

	(void)state;
	mem_open(&m);
	assert_int_equal(i40_chart_pareto(m.f, &c, &err), 0);
	s = mem_close(&m);
	well_formed(s);
	/* its bars are one series, its cumulative line another */
	assert_int_equal(count(s, "class=\"series\""), 2);
	/* sorted a (50), b (30), c (10), then d + e folded: "other (2)" 10 */
	pa = strstr(s, ">a</text>");
	pb = strstr(s, ">b</text>");
	pc = strstr(s, ">c</text>");
	assert_true(pa && pb && pc && pa < pb && pb < pc);
	assert_non_null(strstr(s, ">other (2)</text>"));
	assert_null(strstr(s, ">d</text>"));
	/* cumulative line: one dot per bar */
	assert_int_equal(count(s, "<circle"), 1 + 4);       /* legend + dots */
	assert_non_null(strstr(s, ">100%</text>"));
	free(s);
}

static void
fan_structure(void **state)
{
	int64_t ht[20], ft[5];
	double hv[20], m[5], l8[5], h8[5], l9[5], h9[5];
	struct mem mm;
	struct i40_err err;
	char *s;

	(void)state;
	for (int i = 0; i < 20; i++) {
		ht[i] = (int64_t)i * 7 * 24 * H;
		hv[i] = 100 + i;
	}
	for (int i = 0; i < 5; i++) {
		ft[i] = ht[19] + (int64_t)(i + 1) * 7 * 24 * H;
		m[i] = 120;
		l8[i] = 110 - i;
		h8[i] = 130 + i;
		l9[i] = 100 - 2 * i;
		h9[i] = 140 + 2 * i;
	}
	struct i40_fan c = {
		.c = { 800, 300, "Demand", "forecast", NULL, NULL, "units", { 0 } },
		"demand", ht, hv, 20, ft, m, l8, h8, l9, h9, 5, NULL, 0, NAN, NAN
	};

	mem_open(&mm);
	assert_int_equal(i40_chart_fan(mm.f, &c, &err), 0);
	s = mem_close(&mm);
	well_formed(s);
	/* two closed bands, the history and the forecast line */
	assert_int_equal(count(s, "z\"/>"), 2);
	assert_int_equal(count(s, "class=\"series\""), 2);
	assert_non_null(strstr(s, ">80% interval</text>"));
	assert_non_null(strstr(s, ">95% interval</text>"));
	free(s);
}

static void
spark_structure(void **state)
{
	const double v[] = { 1, 3, 2, NAN, 5, 4 };
	struct mem m;
	struct i40_err err;
	char *s;

	(void)state;
	mem_open(&m);
	assert_int_equal(i40_chart_spark(m.f, v, 6, 120, 24, "trend", &err), 0);
	s = mem_close(&m);
	well_formed(s);
	/* the gap splits the line; the last value is dotted */
	assert_int_equal(count(s, "M"), 2);
	assert_int_equal(count(s, "<circle"), 1);
	free(s);
}

static void
bad_arguments(void **state)
{
	struct i40_err err;
	struct i40_linechart lc = {
		.c = { 0 }, NULL, 2, NULL, 0, NULL, 0, NULL, 0, 0, 0, NAN, NAN
	};
	struct i40_fan fc = { .c = { 0 }, .fn = 3, .ymin = NAN, .ymax = NAN };
	struct i40_barchart bc = { .c = { 0 }, .n = 2, .target = NAN, .ymin = NAN, .ymax = NAN };

	(void)state;
	assert_int_equal(i40_chart_line(stdout, &lc, &err), -1);
	assert_int_equal(err.kind, I40_ERR_CONFIG);
	assert_int_equal(i40_chart_fan(stdout, &fc, &err), -1);
	assert_int_equal(i40_chart_bar(stdout, &bc, &err), -1);
}

static void
write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct i40_err err;
	const double v[] = { 1, 2 };

	(void)state;
	if (f == NULL)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(i40_chart_spark(f, v, 2, 50, 10, NULL, &err), -1);
	assert_int_equal(err.kind, I40_ERR_IO);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(xmlcheck_rejects),
		cmocka_unit_test(svg_escaping),
		cmocka_unit_test(svg_numbers_and_paths),
		cmocka_unit_test(line_chart_structure),
		cmocka_unit_test(line_chart_keeps_spike),
		cmocka_unit_test(line_chart_empty),
		cmocka_unit_test(bar_chart_structure),
		cmocka_unit_test(waterfall_structure),
		cmocka_unit_test(pareto_structure),
		cmocka_unit_test(fan_structure),
		cmocka_unit_test(spark_structure),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
