/* chart.h - the charts of a report, drawn as SVG.
 *
 * Five kinds cover what i40 reports show: a time-series line chart (trends
 * with alert episodes shaded, limits and alert markers), a bar chart with a
 * target line (OEE per asset or period), the six-big-losses waterfall, a
 * Pareto chart (downtime by reason) and a forecast fan chart.  A sixth,
 * the sparkline, fits in a table cell or a headline tile.
 *
 * Every chart writes one <svg> element to a stream: width and height in
 * px, a <title> and <desc> for screen readers, axis titles that carry the
 * unit, a legend, and nothing that changes from one run to the next (same
 * input, same bytes).  Each data series is one element of class "series"
 * (a line's path, the group of a chart's bars), so tests and a browser can
 * count what was drawn.  Strings are escaped; arrays are only read.  Time is
 * ns since the epoch UTC; axis labels are in the local time of `tz`.
 */
#ifndef I40_CHART_H
#define I40_CHART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "axis.h"
#include "err.h"

/* What every chart has. */
struct i40_chart {
	int width, height;          /* px; 0 gives 900 x 300 */
	const char *title;          /* drawn on top, and the SVG <title> */
	const char *desc;           /* SVG <desc>: what the chart shows, in words */
	const char *id;             /* unique in the page (aria ids); may be NULL */
	const char *xtitle;         /* x axis title with unit; may be NULL */
	const char *ytitle;         /* y axis title with unit, "Vibration (mm/s)" */
	struct i40_tzfn tz;         /* time axes: local time ({0}: UTC) */
};

/* How serious a shaded episode, a limit or a marker is. */
enum i40_level {
	I40_LVL_INFO = 0,           /* neutral (grey) */
	I40_LVL_WARN,               /* amber */
	I40_LVL_ALARM,              /* red */
	I40_LVL_TARGET              /* a goal, not a limit (dark, dashed) */
};

/* ---- time-series line chart ---- */

/* One drawn series (named apart from series.h, which numbers the
 * (asset, signal) series of a stream). */
struct i40_trace {
	const char *name;           /* legend entry */
	const int64_t *t;           /* ns UTC, increasing */
	const double *v;            /* NAN: missing, breaks the line */
	size_t n;
	int64_t max_gap;            /* break the line where samples are further
	                               apart than this (ns); 0: never */
	const char *color;          /* "#rrggbb"; NULL: from the palette */
};

struct i40_span {               /* an alert episode, shaded */
	int64_t t0, t1;
	enum i40_level level;
};

struct i40_limit {              /* a horizontal line: alarm limit, target */
	double y;
	enum i40_level level;
	const char *label;          /* "alarm high 7.1 mm/s"; may be NULL */
};

struct i40_mark {               /* an alert marker on a series */
	int64_t t;
	double v;                   /* NAN: marked at the top of the plot */
	enum i40_level level;
};

struct i40_linechart {
	struct i40_chart c;
	const struct i40_trace *series;
	size_t nseries;
	const struct i40_span *spans;
	size_t nspans;
	const struct i40_limit *limits;
	size_t nlimits;
	const struct i40_mark *marks;
	size_t nmarks;
	int64_t t0, t1;             /* x range; t1 <= t0: from the data */
	double ymin, ymax;          /* y range; NAN: from the data */
};

/* Series longer than about four points per pixel column are reduced with
 * M4 (m4.h) on the way, so extremes are always drawn.  A program that
 * streams its input reduces each series itself with an i40_m4 of
 * c.width columns over [t0, t1) and passes i40_m4_out()'s points here,
 * with max_gap (if used) at least twice the M4 column span. */
int i40_chart_line(FILE *f, const struct i40_linechart *ch, struct i40_err *err);

/* ---- bar chart with a target line ---- */

struct i40_barchart {
	struct i40_chart c;
	const char *const *labels;  /* category of each bar */
	const double *values;       /* NAN: no bar ("no data") */
	size_t n;
	double target;              /* NAN: no target line */
	const char *target_label;   /* "target 85%"; NULL: "target" */
	int higher_is_better;       /* 1: bars below target are highlighted;
	                               0: bars above; -1: none */
	double ymin, ymax;          /* NAN: 0 and from the data */
	int decimals;               /* of the value labels */
	const char *suffix;         /* after value labels: "%", ""; may be NULL */
};

int i40_chart_bar(FILE *f, const struct i40_barchart *ch, struct i40_err *err);

/* ---- waterfall (six big losses) ---- */

enum i40_wf_kind {
	I40_WF_TOTAL,               /* a bar from zero to value; resets the sum */
	I40_WF_DELTA,               /* a change hung from the running sum
	                               (losses are negative) */
	I40_WF_SUBTOTAL             /* a bar from zero to the running sum */
};

struct i40_wf_step {
	const char *label;
	double value;               /* ignored for SUBTOTAL */
	enum i40_wf_kind kind;
	const char *color;          /* NULL: by kind and sign */
};

struct i40_waterfall {
	struct i40_chart c;
	const struct i40_wf_step *steps;
	size_t n;
	int decimals;
	const char *suffix;
};

int i40_chart_waterfall(FILE *f, const struct i40_waterfall *ch, struct i40_err *err);

/* ---- Pareto chart ---- */

struct i40_pareto {
	struct i40_chart c;         /* ytitle: the bars' unit ("Downtime (min)") */
	const char *const *labels;
	const double *values;       /* >= 0; any order: the chart sorts */
	size_t n;
	size_t max_bars;            /* more categories fold into "other"; 0: 10 */
	int decimals;
	const char *suffix;
};

int i40_chart_pareto(FILE *f, const struct i40_pareto *ch, struct i40_err *err);

/* ---- forecast fan chart ---- */

struct i40_fan {
	struct i40_chart c;
	const char *name;           /* what is forecast, for the legend */
	const int64_t *ht;          /* history */
	const double *hv;
	size_t hn;
	const int64_t *ft;          /* forecast horizon, after the history */
	const double *mean;         /* point forecast */
	const double *lo80, *hi80;  /* NULL: no 80% band */
	const double *lo95, *hi95;  /* NULL: no 95% band */
	size_t fn;
	const struct i40_limit *limits;   /* e.g. reorder point, capacity */
	size_t nlimits;
	double ymin, ymax;          /* NAN: from the data */
};

int i40_chart_fan(FILE *f, const struct i40_fan *ch, struct i40_err *err);

/* ---- sparkline ---- */

/* A w x h px line of v[0..n) without axes, the last value dotted; for
 * table cells and headline tiles.  title (may be NULL) is the <title>. */
int i40_chart_spark(FILE *f, const double *v, size_t n, int w, int h,
		    const char *title, struct i40_err *err);

#endif
