/* demo-page.c - one report page with every chart kind, from generated data.
 *
 * Not a program of the toolkit: a driver for looking at the rendering
 * library (lib/chart, lib/page, lib/tab, lib/text) in a browser, and for
 * the well-formedness test (tests/scripts/report-render.sh).
 *
 *   demo-page OUTDIR
 *
 * writes OUTDIR/page.html, OUTDIR/report.txt, OUTDIR/report.md and each
 * chart alone as OUTDIR/<kind>.svg.  The data is made by a fixed
 * pseudo-random generator, so the output is the same on every run.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "m4.h"
#include "page.h"
#include "tab.h"
#include "text.h"

#define SEC 1000000000LL
#define HOUR (3600 * SEC)
#define DAY (24 * HOUR)

/* 2024-03-04T00:00:00Z, a Monday */
#define T_MON 1709510400LL
#define PI 3.14159265358979323846

static uint64_t rng = 88172645463325252ULL;

static double
urand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static double
nrand(void)
{
	double u = urand(), v = urand();

	return sqrt(-2 * log(u + 1e-300)) * cos(2 * PI * v);
}

/* Central European time: +1 h, +2 h from the last Sunday of March 01:00
 * UTC to the last Sunday of October (2024 only, enough for the demo). */
static long
cet(const void *ctx, int64_t s)
{
	(void)ctx;
	return (s >= 1711846800LL && s < 1729990800LL) ? 7200 : 3600;
}

static FILE *
open_out(const char *dir, const char *name)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	return f;
}

static void
check(int rc, const struct i40_err *err, const char *what)
{
	char buf[600];

	if (rc == 0)
		return;
	i40_err_format(err, buf, sizeof buf);
	fprintf(stderr, "demo-page: %s: %s\n", what, buf);
	exit(1);
}

/* Both into the page and into a file of its own. */
static void
emit(struct i40_page *pg, const char *dir, const char *file,
     int (*fn)(FILE *, const void *, struct i40_err *), const void *chart,
     const char *caption)
{
	struct i40_err err;
	FILE *f = open_out(dir, file);

	check(fn(f, chart, &err), &err, file);
	fclose(f);
	i40_page_figure_begin(pg);
	check(fn(pg->f, chart, &err), &err, file);
	i40_page_figure_end(pg, caption);
}

static int d_line(FILE *f, const void *c, struct i40_err *e) { return i40_chart_line(f, c, e); }
static int d_bar(FILE *f, const void *c, struct i40_err *e) { return i40_chart_bar(f, c, e); }
static int d_wf(FILE *f, const void *c, struct i40_err *e) { return i40_chart_waterfall(f, c, e); }
static int d_par(FILE *f, const void *c, struct i40_err *e) { return i40_chart_pareto(f, c, e); }
static int d_fan(FILE *f, const void *c, struct i40_err *e) { return i40_chart_fan(f, c, e); }

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	struct i40_tzfn tz = { cet, NULL };
	struct i40_err err;
	struct i40_page pg;
	FILE *html, *txt, *md;
	char spark[256];

	/* ---- a day of 1 Hz vibration with a spike and two episodes ---- */
	const size_t nv = 86400;
	int64_t *vt = malloc(nv * sizeof *vt);
	double *vv = malloc(nv * sizeof *vv);
	const int64_t d0 = T_MON * SEC + 2 * DAY - HOUR;     /* Wed 00:00 CET */

	for (size_t i = 0; i < nv; i++) {
		double h = (double)i / 3600.0;

		vt[i] = d0 + (int64_t)i * SEC;
		vv[i] = 2.2 + 0.35 * sin(h / 24 * 2 * PI) + 0.12 * nrand()
			+ (h > 14 ? 0.18 * (h - 14) : 0);
		if (h >= 9.5 && h < 10.0)
			vv[i] = NAN;                 /* sensor offline */
	}
	vv[37 * 1800 + 123] = 8.4;              /* one-second spike at 18:32 */
	for (size_t i = 79200; i < 80400; i++)
		vv[i] += 2.6 + 0.3 * nrand();   /* 22:00-22:20 */

	struct i40_trace vs[] = {
		{ "P-101 vibration RMS", vt, vv, nv, 5 * SEC, NULL },
	};
	struct i40_span vspans[] = {
		{ d0 + 79200 * SEC, d0 + 80400 * SEC, I40_LVL_ALARM },
		{ d0 + 66600 * SEC, d0 + 66660 * SEC, I40_LVL_WARN },
	};
	struct i40_limit vlim[] = {
		{ 7.1, I40_LVL_ALARM, "alarm 7.1 mm/s (ISO 10816 zone D)" },
		{ 4.5, I40_LVL_WARN, "warning 4.5 mm/s" },
	};
	struct i40_mark vmarks[] = {
		{ d0 + 79200 * SEC, 4.9, I40_LVL_ALARM },
		{ d0 + (37 * 1800 + 123) * SEC, 8.4, I40_LVL_ALARM },
	};
	struct i40_linechart lc = {
		.c = { 900, 300, "Press P-101 \xe2\x80\x94 vibration", "Vibration RMS of press P-101 "
		       "on Wednesday 6 March, one reading per second; an alarm episode from 22:00 to "
		       "22:20 and a single spike at 18:32.", "vib", "local time (Europe/Rome)",
		       "vibration RMS (mm/s)", tz },
		vs, 1, vspans, 2, vlim, 2, vmarks, 2, d0, d0 + DAY, NAN, NAN
	};

	/* ---- a week of two temperatures, hourly, one gap ---- */
	enum { NT = 7 * 24 };
	static int64_t tt[NT];
	static double ta[NT], tb[NT];

	for (int i = 0; i < NT; i++) {
		double h = i % 24;

		tt[i] = T_MON * SEC - HOUR + (int64_t)i * HOUR;
		ta[i] = 61 + 6 * sin((h - 8) / 24 * 2 * PI) + 0.8 * nrand() + (i > 120 ? 0.09 * (i - 120) : 0);
		tb[i] = 19 + 3 * sin((h - 14) / 24 * 2 * PI) + 0.4 * nrand();
		if (i >= 70 && i < 76)
			ta[i] = NAN;
	}
	struct i40_trace ts2[] = {
		{ "spindle bearing", tt, ta, NT, 2 * HOUR, NULL },
		{ "hall ambient", tt, tb, NT, 2 * HOUR, NULL },
	};
	struct i40_limit tlim[] = { { 75, I40_LVL_ALARM, "alarm 75 \xc2\xb0""C" } };
	struct i40_span tsp[] = { { tt[150], tt[160], I40_LVL_WARN } };
	struct i40_linechart lc2 = {
		.c = { 900, 280, "CNC-3 temperatures", "Hourly spindle bearing and hall "
		       "temperature of CNC-3 for the week of 4 March; a six-hour gap on Wednesday.",
		       "temp", "local time (Europe/Rome)", "temperature (\xc2\xb0""C)", tz },
		ts2, 2, tsp, 1, tlim, 1, NULL, 0, 0, 0, NAN, NAN
	};

	/* ---- OEE per asset with target ---- */
	const char *assets[] = { "Press P-101", "Press P-102", "CNC-3", "CNC-4",
				 "Welding W-1", "Paint line", "Assembly A" };
	double oee[] = { 71.4, 86.2, 78.9, 88.5, 64.0, 90.1, NAN };
	struct i40_barchart bc = {
		.c = { 900, 280, "OEE by asset", "Overall equipment effectiveness of each "
		       "asset for the week against the 85% target.", "oee", NULL, "OEE (%)", tz },
		assets, oee, 7, 85, "target 85%", 1, 0, 100, 1, "%"
	};

	/* ---- the same per day, a goal to reach and a limit to stay under ---- */
	const char *days[] = { "Mon 4", "Tue 5", "Wed 6", "Thu 7", "Fri 8", "Sat 9", "Sun 10" };
	double oee_d[] = { 74.2, 76.8, 73.1, 70.5, 72.9, 69.8, 71.4 };
	double scrap_d[] = { 1.4, 1.9, 2.6, 1.2, 3.1, 1.7, 1.5 };
	struct i40_barchart bd = {
		.c = { 440, 240, "OEE by day \xe2\x80\x94 line 1", "Daily OEE of line 1 "
		       "against the 85% target.", "oeed", NULL, "OEE (%)", tz },
		days, oee_d, 7, 85, "target 85%", 1, 0, 100, 0, NULL
	};
	struct i40_barchart bs = {
		.c = { 440, 240, "Scrap rate by day \xe2\x80\x94 line 1", "Daily share of "
		       "scrapped parts on line 1 against the 2% limit.", "scrap", NULL,
		       "scrap (% of parts)", tz },
		days, scrap_d, 7, 2, "limit 2%", 0, 0, NAN, 1, NULL
	};

	/* ---- six big losses ---- */
	struct i40_wf_step wf[] = {
		{ "Planned time", 2400, I40_WF_TOTAL, NULL },
		{ "Breakdowns", -212, I40_WF_DELTA, NULL },
		{ "Setup and adjustments", -146, I40_WF_DELTA, NULL },
		{ "Run time", 0, I40_WF_SUBTOTAL, NULL },
		{ "Small stops", -97, I40_WF_DELTA, NULL },
		{ "Reduced speed", -131, I40_WF_DELTA, NULL },
		{ "Start-up rejects", -38, I40_WF_DELTA, NULL },
		{ "Production rejects", -52, I40_WF_DELTA, NULL },
		{ "Fully productive", 0, I40_WF_SUBTOTAL, NULL },
	};
	struct i40_waterfall wc = {
		.c = { 900, 300, "Six big losses \xe2\x80\x94 Press P-101", "Planned production "
		       "time of press P-101 this week and the minutes lost to each of the six big "
		       "losses, down to fully productive time.", "wf", NULL, "time (min)", tz },
		wf, 9, 0, NULL
	};

	/* ---- downtime Pareto ---- */
	const char *reasons[] = { "jam", "tool change", "no material", "hydraulic leak",
				  "quality check", "operator break", "sensor fault", "cleaning",
				  "power dip", "program error", "crane wait", "other stop" };
	double mins[] = { 212, 146, 97, 61, 44, 38, 21, 17, 9, 6, 4, 2 };
	struct i40_pareto pc = {
		.c = { 900, 300, "Downtime by reason", "Downtime minutes of line 1 this week "
		       "by reason, largest first, with the cumulative share.", "par", NULL,
		       "downtime (min)", tz },
		reasons, mins, 12, 9, 0, NULL
	};

	/* ---- weekly demand forecast ---- */
	enum { NH = 52, NF = 12 };
	static int64_t ht[NH], ft[NF];
	static double hv[NH], fm[NF], l80[NF], h80[NF], l95[NF], h95[NF];
	const int64_t w0 = T_MON * SEC - HOUR - 51 * 7 * DAY;

	for (int i = 0; i < NH; i++) {
		ht[i] = w0 + (int64_t)i * 7 * DAY;
		hv[i] = 420 + 2.1 * i + 60 * sin(i / 52.0 * 2 * PI) + 25 * nrand();
	}
	for (int i = 0; i < NF; i++) {
		double sd = 28 * sqrt(1 + i * 0.35);

		ft[i] = ht[NH - 1] + (int64_t)(i + 1) * 7 * DAY;
		fm[i] = 420 + 2.1 * (NH + i) + 60 * sin((NH + i) / 52.0 * 2 * PI);
		l80[i] = fm[i] - 1.2816 * sd;
		h80[i] = fm[i] + 1.2816 * sd;
		l95[i] = fm[i] - 1.96 * sd;
		h95[i] = fm[i] + 1.96 * sd;
	}
	struct i40_limit flim[] = { { 610, I40_LVL_WARN, "capacity 610 units/week" } };
	struct i40_fan fc = {
		.c = { 900, 300, "Demand forecast \xe2\x80\x94 bracket BR-220", "Weekly demand of "
		       "bracket BR-220 over the last year and the forecast for the next 12 weeks "
		       "with 80% and 95% prediction intervals.", "fan", "week (Europe/Rome)",
		       "demand (units/week)", tz },
		"weekly demand", ht, hv, NH, ft, fm, l80, h80, l95, h95, NF, flim, 1, NAN, NAN
	};

	/* ---- the page ---- */
	html = open_out(dir, "page.html");
	pg = (struct i40_page){ .title = "Plant Verona \xe2\x80\x94 weekly report",
		.subtitle = "Mon 4 Mar 2024 00:00 \xe2\x80\x93 Mon 11 Mar 2024 00:00 "
			    "(Europe/Rome) \xc2\xb7 7 assets \xc2\xb7 2 lines",
		.footer = "Generated by i40-report (rendering demo) from synthetic data." };
	check(i40_page_begin(&pg, html, &err), &err, "page");

	double oee_trend[] = { 74.2, 76.8, 73.1, 70.5, 72.9, 69.8, 71.4 };
	double alert_trend[] = { 0, 1, 0, 0, 2, 0, 3 };
	struct i40_kpi k[] = {
		{ "OEE line 1", "71.4%", "target 85% \xc2\xb7 \xe2\x88\x92""2.8 pts vs last week",
		  I40_LVL_WARN, oee_trend, 7 },
		{ "Alerts", "3", "1 alarm open on P-101", I40_LVL_ALARM, alert_trend, 7 },
		{ "Top loss", "Breakdowns", "212 min \xc2\xb7 8.8% of planned time", I40_LVL_INFO, NULL, 0 },
		{ "Reorder now", "2 items", "BR-220, SH-14", I40_LVL_INFO, NULL, 0 },
	};
	i40_page_section(&pg, "Summary", "What happened this week, and what needs attention.");
	i40_page_kpis(&pg, k, 4);
	i40_page_note(&pg, I40_LVL_ALARM, "Press P-101: vibration above the alarm limit on "
		      "Wednesday 22:00\xe2\x80\x93""22:20 and a spike of 8.4 mm/s at 18:32. "
		      "Bearing inspection recommended before the next shift.");

	i40_page_section(&pg, "Condition monitoring", "Trends of the monitored signals; "
			 "shaded bands are alert episodes, dashed lines the limits.");
	emit(&pg, dir, "line.svg", d_line, &lc, "1-second data, 86 400 readings, drawn "
	     "with per-pixel min/max so that no spike is lost.");
	emit(&pg, dir, "line2.svg", d_line, &lc2, NULL);

	const struct i40_tabcol acols[] = {
		{ "Time", I40_AL_LEFT, 0, 0 }, { "Asset", I40_AL_LEFT, 0, 0 },
		{ "Signal", I40_AL_LEFT, 0, 0 }, { "Level", I40_AL_LEFT, 0, 1 },
		{ "Peak", I40_AL_RIGHT, 0, 0 }, { "What happened", I40_AL_LEFT, 1, 0 },
	};
	const char *acells[] = {
		"Wed 22:00", "P-101", "vib_rms", "ALARM", "5.3 mm/s",
		"Vibration RMS above the 7.1 mm/s limit trend for 20 min; bearing wear likely.",
		"Wed 18:32", "P-101", "vib_rms", "ALARM", "8.4 mm/s",
		"Single-second spike; no follow-up, likely an impact.",
		"Thu 06:00", "CNC-3", "temp", "WARN", "71.2 \xc2\xb0""C",
		"Spindle bearing temperature rising 0.09 \xc2\xb0""C/h; RUL to 75 \xc2\xb0""C about 40 h.",
	};
	struct i40_tab at = { acols, 6, acells, 3, "Alerts" };
	check(i40_tab_html(html, &at, &err), &err, "alerts");

	i40_page_section(&pg, "Overall equipment effectiveness", "OEE = availability "
			 "\xc3\x97 performance \xc3\x97 quality (ISO 22400-2).");
	emit(&pg, dir, "bar.svg", d_bar, &bc, "Assembly A reported no counts this week.");
	/* two small charts side by side, drawn at the width they are shown */
	i40_page_row(&pg);
	emit(&pg, dir, "bar-days.svg", d_bar, &bd, NULL);
	emit(&pg, dir, "bar-scrap.svg", d_bar, &bs, NULL);
	i40_page_row_end(&pg);
	emit(&pg, dir, "waterfall.svg", d_wf, &wc, NULL);
	emit(&pg, dir, "pareto.svg", d_par, &pc, "Reasons beyond the eighth are summed "
	     "under \"other\".");

	i40_page_section(&pg, "Demand and inventory", "Forecasts from i40-forecast; "
			 "reorder when stock falls below the reorder point.");
	emit(&pg, dir, "fan.svg", d_fan, &fc, NULL);
	const struct i40_tabcol rcols[] = {
		{ "Item", I40_AL_LEFT, 1, 0 }, { "Stock", I40_AL_RIGHT, 0, 0 },
		{ "Reorder point", I40_AL_RIGHT, 0, 0 }, { "Order qty", I40_AL_RIGHT, 0, 0 },
		{ "Status", I40_AL_LEFT, 0, 1 },
	};
	const char *rcells[] = {
		"BR-220 bracket", "640", "1 150", "2 400", "reorder",
		"SH-14 shaft", "85", "120", "300", "reorder",
		"SC-M8 screw", "12 400", "8 000", "20 000", "ok",
	};
	struct i40_tab rt = { rcols, 5, rcells, 3, "Reorder list" };
	check(i40_tab_html(html, &rt, &err), &err, "reorder");
	check(i40_page_end(&pg, &err), &err, "page");
	fclose(html);

	/* ---- the same in text and Markdown ---- */
	txt = open_out(dir, "report.txt");
	fputs("Plant Verona \xe2\x80\x94 weekly report\n"
	      "Mon 4 Mar 2024 00:00 \xe2\x80\x93 Mon 11 Mar 2024 00:00 (Europe/Rome)\n\n", txt);
	{
		const struct i40_tabcol ocols[] = {
			{ "Asset", I40_AL_LEFT, 1, 0 }, { "OEE", I40_AL_RIGHT, 0, 0 },
			{ "vs 85%", I40_AL_LEFT, 0, 0 }, { "Vibration (day)", I40_AL_LEFT, 0, 0 },
		};
		static char bars[7][64], oees[7][16], sp[7][256];
		const char *cells[7 * 4];
		struct i40_tab ot = { ocols, 4, cells, 7, "OEE by asset" };
		struct i40_m4 m;

		check(i40_m4_init(&m, 24, d0, d0 + DAY, &err), &err, "m4");
		for (size_t i = 0; i < nv; i++)
			i40_m4_add(&m, vt[i], vv[i]);
		for (int i = 0; i < 7; i++) {
			double day[24];

			for (int h = 0; h < 24; h++)
				day[h] = m.col[h].n ? m.col[h].max : NAN;
			if (isfinite(oee[i])) {
				snprintf(oees[i], sizeof oees[i], "%.1f%%", oee[i]);
				i40_text_bar(oee[i] / 100, 20, bars[i], sizeof bars[i]);
			} else {
				snprintf(oees[i], sizeof oees[i], "n/a");
				bars[i][0] = 0;
			}
			if (i == 0)
				i40_text_spark(day, 24, 24, NAN, NAN, sp[i], sizeof sp[i]);
			else
				sp[i][0] = 0;
			cells[i * 4] = assets[i];
			cells[i * 4 + 1] = oees[i];
			cells[i * 4 + 2] = bars[i];
			cells[i * 4 + 3] = sp[i];
		}
		i40_m4_free(&m);
		check(i40_tab_text(txt, &ot, 80, &err), &err, "text table");
		fputc('\n', txt);
		check(i40_tab_text(txt, &at, 80, &err), &err, "text alerts");
		fputc('\n', txt);
		i40_text_spark(oee_trend, 7, 7, NAN, NAN, spark, sizeof spark);
		fprintf(txt, "OEE line 1 this week: %s  71.4%%\n", spark);

		md = open_out(dir, "report.md");
		fputs("# Plant Verona \xe2\x80\x94 weekly report\n\n", md);
		check(i40_tab_md(md, &ot, &err), &err, "md table");
		fputc('\n', md);
		check(i40_tab_md(md, &at, &err), &err, "md alerts");
		fclose(md);
	}
	fclose(txt);
	free(vt);
	free(vv);
	return 0;
}
