/* chart.c - line, bar, waterfall, Pareto, fan and spark charts as SVG.
 *
 * Why draw charts by hand rather than ship a plotting library: the report
 * must be one file that opens anywhere (a mail client, a browser without
 * network, a printer), must come out the same byte for byte from the same
 * data so it can be tested and diffed, and must stay small.  A few hundred
 * lines of SVG geometry do that; a JavaScript library or an image renderer
 * would not.
 *
 * All charts share one frame: title, legend, value axis with nice ticks
 * and gridlines, plot area, x axis (time or categories).  Plot contents
 * are clipped by a nested <svg> viewport, which needs no ids and so keeps
 * several charts in one page independent.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "m4.h"
#include "svg.h"

/* Colours: greys for the frame, a colour-blind-safe palette for series
 * (Okabe and Ito, 2008, orange last so it is not read as a warning), and
 * red/amber reserved for alarms and warnings. */
#define C_TEXT "#1f2937"
#define C_MUTED "#6b7280"
#define C_GRID "#e5e7eb"
#define C_AXIS "#9ca3af"
#define C_ALARM "#d62728"
#define C_WARN "#e8a200"
#define C_INFO "#6b7280"
#define C_TARGET "#1f2937"
#define C_BAR "#0072b2"
#define C_BAD "#d55e00"
#define C_GOOD "#009e73"
#define C_SUB "#56b4e9"
#define C_HIST "#374151"

static const char *const palette[] = {
	"#0072b2", "#009e73", "#cc79a7", "#56b4e9", "#6a3d9a", "#8c564b",
	"#e69f00", "#555555"
};
#define NPALETTE (sizeof palette / sizeof palette[0])

#define LG_MAX 24
/* White outline under value labels, so lines crossing them stay legible. */
#define HALO "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" "
#define FS 11.0                 /* font size of labels */

/* ---- text measure ---- */

static size_t
cplen(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Width of text in px.  No font metrics are at hand, so an average glyph
 * of 0.6 em (generous for sans-serif) keeps labels from colliding. */
static double
text_w(const char *s, double fs)
{
	return (double)cplen(s) * fs * 0.6;
}

/* Copy at most max code points of s, with "..." (U+2026) when cut. */
static void
trunc_cp(const char *s, size_t max, char *out, size_t size)
{
	size_t n = 0, i = 0, len = strlen(s);

	if (cplen(s) <= max) {
		snprintf(out, size, "%s", s);
		return;
	}
	if (max == 0) {
		snprintf(out, size, "%s", "");
		return;
	}
	while (i < len) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (n == max - 1)
				break;
			n++;
		}
		i++;
	}
	snprintf(out, size, "%.*s\xe2\x80\xa6", (int)i, s);
}

/* A label on at most two lines of maxw px, cut at the space that
 * balances them. */
static void
wrap2(const char *s, double maxw, char *l1, char *l2, size_t size)
{
	size_t maxcp = maxw > 0 ? (size_t)(maxw / (FS * 0.6)) : 1;
	size_t len = strlen(s), best = 0, bestlen = (size_t)-1;

	l2[0] = 0;
	if (maxcp < 1)
		maxcp = 1;
	if (cplen(s) <= maxcp) {
		snprintf(l1, size, "%s", s);
		return;
	}
	for (size_t i = 1; i < len; i++) {
		if (s[i] == ' ') {
			size_t a = i, b = len - i - 1;
			size_t m = a > b ? a : b;

			if (m < bestlen) {
				bestlen = m;
				best = i;
			}
		}
	}
	if (best == 0) {
		trunc_cp(s, maxcp, l1, size);
		return;
	}
	{
		char a[256];

		snprintf(a, sizeof a, "%.*s", (int)best, s);
		trunc_cp(a, maxcp, l1, size);
		trunc_cp(s + best + 1, maxcp, l2, size);
	}
}

/* A colour from the caller, or def when it is not a plain #hex or name
 * (it goes into an attribute verbatim). */
static const char *
color_or(const char *c, const char *def)
{
	size_t i;

	if (c == NULL || c[0] == 0 || strlen(c) > 20)
		return def;
	for (i = c[0] == '#' ? 1 : 0; c[i]; i++)
		if (!((c[i] >= '0' && c[i] <= '9') || (c[i] >= 'a' && c[i] <= 'z')
		      || (c[i] >= 'A' && c[i] <= 'F')))
			return def;
	return c;
}

static const char *
level_color(enum i40_level l)
{
	switch (l) {
	case I40_LVL_ALARM: return C_ALARM;
	case I40_LVL_WARN: return C_WARN;
	case I40_LVL_TARGET: return C_TARGET;
	default: return C_INFO;
	}
}

/* "12.5%", "-3", "+4.0 min" */
static void
fmt_val(double v, int dec, const char *suffix, int sign, char *buf, size_t size)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return;
	}
	if (dec < 0)
		dec = 0;
	if (dec > 6)
		dec = 6;
	if (fabs(v) < 0.5 * pow(10, -dec))
		v = 0;
	snprintf(buf, size, "%s%.*f%s", sign && v > 0 ? "+" : "", dec, v,
		 suffix ? suffix : "");
}

/* ---- legend ---- */

enum lg_kind { LG_LINE, LG_DASH, LG_BOX, LG_DOT, LG_LINEDOT };

struct lg {
	enum lg_kind kind;
	const char *color;
	double opacity;
	const char *label;
};

static double
lg_item_w(const struct lg *e)
{
	return 22 + text_w(e->label, FS) + 14;
}

static int
lg_rows(const struct lg *lg, int n, double width)
{
	double x = 0;
	int rows = n > 0;

	for (int i = 0; i < n; i++) {
		double w = lg_item_w(&lg[i]);

		if (x > 0 && x + w > width) {
			rows++;
			x = 0;
		}
		x += w;
	}
	return rows;
}

/* ---- the frame ---- */

struct frame {
	struct i40_svg s;
	FILE *f;
	int W, H;
	double top;
	double x0, y0, pw, ph;      /* plot area */
	double ylo, yhi;            /* value domain */
	struct i40_ticks yt;
	double right;               /* room kept right of the plot */
	struct lg lg[LG_MAX];
	int nlg;
	int xlines;                 /* lines of x labels: 1 or 2 */
};

static void
lg_add(struct frame *fr, enum lg_kind k, const char *color, double op, const char *label)
{
	if (fr->nlg >= LG_MAX || label == NULL || label[0] == 0)
		return;
	fr->lg[fr->nlg++] = (struct lg){ k, color, op, label };
}

static double
Y(const struct frame *fr, double v)
{
	double span = fr->yhi - fr->ylo;

	if (!(span > 0))
		return fr->y0 + fr->ph / 2;
	return fr->y0 + fr->ph - (v - fr->ylo) / span * fr->ph;
}

/* Sizes, margins and the value axis.  ticks_in: ticks inside [lo, hi]
 * with the domain exactly [lo, hi] (a fixed 0..100 % axis) rather than
 * widened to the outer ticks. */
static void
frame_layout(struct frame *fr, FILE *f, const struct i40_chart *c, double lo,
	     double hi, int ticks_in, double right_w)
{
	double top, bottom, maxw = 0;
	int target;
	char buf[64];

	fr->f = f;
	fr->W = c->width > 0 ? c->width : 900;
	fr->H = c->height > 0 ? c->height : 300;
	if (fr->W < 200)
		fr->W = 200;
	if (fr->H < 120)
		fr->H = 120;
	top = c->title ? 30 : 8;
	if (fr->nlg > 0)
		top += lg_rows(fr->lg, fr->nlg, fr->W - 24) * 17 + 4;
	top += 8;
	bottom = 24 + (fr->xlines > 1 ? 13 : 0) + (c->xtitle ? 16 : 0);
	fr->top = top;
	fr->y0 = top;
	fr->ph = fr->H - top - bottom;
	if (fr->ph < 30)
		fr->ph = 30;

	target = (int)(fr->ph / 34);
	if (target < 3)
		target = 3;
	if (target > 8)
		target = 8;
	i40_axis_nice(lo, hi, target, !ticks_in, &fr->yt);
	if (ticks_in && hi > lo) {
		fr->ylo = lo;
		fr->yhi = hi;
	} else {
		fr->ylo = fr->yt.lo;
		fr->yhi = fr->yt.hi;
	}
	for (int i = 0; i < fr->yt.n; i++) {
		i40_axis_label(&fr->yt, fr->yt.v[i], buf, sizeof buf);
		if (text_w(buf, FS) > maxw)
			maxw = text_w(buf, FS);
	}
	fr->x0 = 10 + (c->ytitle ? 18 : 0) + maxw + 8;
	fr->right = 18 + right_w;
	fr->pw = fr->W - fr->x0 - fr->right;
	if (fr->pw < 40)
		fr->pw = 40;
}

static void
draw_legend(struct frame *fr, double y)
{
	struct i40_svg *s = &fr->s;
	double x = 12;
	char a[160];

	if (fr->nlg == 0)
		return;
	i40_svg_group(s, "fill=\"" C_TEXT "\"");
	for (int i = 0; i < fr->nlg; i++) {
		const struct lg *e = &fr->lg[i];
		double w = lg_item_w(e);

		if (x > 12 && x + w > fr->W - 12) {
			x = 12;
			y += 17;
		}
		switch (e->kind) {
		case LG_LINE:
		case LG_DASH:
		case LG_LINEDOT:
			snprintf(a, sizeof a, "stroke=\"%s\" stroke-width=\"2.5\"%s", e->color,
				 e->kind == LG_DASH ? " stroke-dasharray=\"5 3\"" : "");
			i40_svg_line(s, x, y - 4, x + 18, y - 4, a);
			if (e->kind == LG_LINEDOT) {
				snprintf(a, sizeof a, "fill=\"%s\"", e->color);
				i40_svg_circle(s, x + 9, y - 4, 3, a);
			}
			break;
		case LG_BOX:
			snprintf(a, sizeof a, "fill=\"%s\" fill-opacity=\"%.2f\"", e->color, e->opacity);
			i40_svg_rect(s, x + 2, y - 10, 14, 11, a);
			break;
		case LG_DOT:
			snprintf(a, sizeof a, "fill=\"%s\" stroke=\"#fff\" stroke-width=\"1.5\"", e->color);
			i40_svg_circle(s, x + 9, y - 4, 4.5, a);
			break;
		}
		i40_svg_text(s, x + 22, y, NULL, e->label);
		x += w;
	}
	i40_svg_group_end(s);
}

/* Open the SVG and draw title, legend, value grid and labels. */
static void
frame_begin(struct frame *fr, const struct i40_chart *c)
{
	struct i40_svg *s = &fr->s;
	char buf[64], a[200];

	i40_svg_begin(s, fr->f, fr->W, fr->H, c->title, c->desc, c->id);
	i40_svg_rect(s, 0, 0, fr->W, fr->H, "fill=\"#fff\"");
	if (c->title)
		i40_svg_text(s, 12, 20, "font-size=\"14\" font-weight=\"600\" fill=\"" C_TEXT "\"",
			     c->title);
	draw_legend(fr, c->title ? 44 : 20);

	/* gridlines, then labels, each in one group to keep attributes once */
	i40_svg_group(s, "stroke=\"" C_GRID "\" stroke-width=\"1\"");
	for (int i = 0; i < fr->yt.n; i++) {
		double y = Y(fr, fr->yt.v[i]);

		if (y < fr->y0 - 0.5 || y > fr->y0 + fr->ph + 0.5)
			continue;
		i40_svg_line(s, fr->x0, y, fr->x0 + fr->pw, y, NULL);
	}
	i40_svg_group_end(s);
	i40_svg_group(s, "fill=\"" C_MUTED "\" text-anchor=\"end\"");
	for (int i = 0; i < fr->yt.n; i++) {
		double y = Y(fr, fr->yt.v[i]);

		if (y < fr->y0 - 0.5 || y > fr->y0 + fr->ph + 0.5)
			continue;
		i40_axis_label(&fr->yt, fr->yt.v[i], buf, sizeof buf);
		i40_svg_text(s, fr->x0 - 6, y + 4, NULL, buf);
	}
	i40_svg_group_end(s);
	if (c->ytitle) {
		snprintf(a, sizeof a, "transform=\"rotate(-90)\" text-anchor=\"middle\" fill=\"%s\"",
			 C_MUTED);
		i40_svg_text(s, -(fr->y0 + fr->ph / 2), 14, a, c->ytitle);
	}
}

/* Axis line at the bottom (or at zero) and the x title. */
static void
frame_finish(struct frame *fr, const struct i40_chart *c)
{
	struct i40_svg *s = &fr->s;
	double yb = fr->y0 + fr->ph;

	i40_svg_line(s, fr->x0, yb, fr->x0 + fr->pw, yb, "stroke=\"" C_AXIS "\"");
	if (fr->ylo < 0 && fr->yhi > 0)
		i40_svg_line(s, fr->x0, Y(fr, 0), fr->x0 + fr->pw, Y(fr, 0),
			     "stroke=\"" C_AXIS "\"");
	if (c->xtitle)
		i40_svg_text(s, fr->x0 + fr->pw / 2, fr->H - 7,
			     "text-anchor=\"middle\" fill=\"" C_MUTED "\"", c->xtitle);
}

/* Nested viewport that clips what is drawn to the plot area. */
static void
clip_begin(struct frame *fr)
{
	FILE *f = fr->f;

	static const char *const attr[] = {"<svg x=\"", "\" y=\"", "\" width=\"", "\" height=\""};
	const double v[] = {fr->x0, fr->y0, fr->pw, fr->ph};

	for (int i = 0; i < 4; i++) {
		fputs(attr[i], f);
		i40_svg_num(f, v[i]);
	}
	fputs("\" viewBox=\"", f);
	for (int i = 0; i < 4; i++) {
		if (i > 0)
			fputc(' ', f);
		i40_svg_num(f, v[i]);
	}
	fputs("\" overflow=\"hidden\">\n", f);
}

static void
clip_end(struct frame *fr)
{
	fputs("</svg>\n", fr->f);
}

static void
no_data(struct frame *fr)
{
	i40_svg_text(&fr->s, fr->x0 + fr->pw / 2, fr->y0 + fr->ph / 2,
		     "text-anchor=\"middle\" font-size=\"13\" fill=\"" C_MUTED "\"",
		     "no data for this period");
}

/* A label that stays inside the picture: centred at x unless that
 * would cross an edge. */
static void
text_clamped(struct frame *fr, double x, double y, const char *extra, const char *text)
{
	double w = text_w(text, FS);
	char a[160];
	const char *anchor = "middle";

	if (x - w / 2 < 2) {
		anchor = "start";
		x = 2;
	} else if (x + w / 2 > fr->W - 2) {
		anchor = "end";
		x = fr->W - 2;
	}
	snprintf(a, sizeof a, "text-anchor=\"%s\"%s%s", anchor, extra ? " " : "",
		 extra ? extra : "");
	i40_svg_text(&fr->s, x, y, a, text);
}

/* ---- time x axis ---- */

struct tscale {
	int64_t t0, t1;
};

static double
X(const struct frame *fr, const struct tscale *ts, int64_t t)
{
	/* in double: an instant far outside the range must not overflow */
	return fr->x0 + ((double)t - (double)ts->t0) / ((double)ts->t1 - (double)ts->t0) * fr->pw;
}

static void
x_time(struct frame *fr, const struct tscale *ts, const struct i40_tzfn *tz)
{
	struct i40_svg *s = &fr->s;
	struct i40_tticks tt;
	double yb = fr->y0 + fr->ph;
	int target = (int)(fr->pw / 80);

	if (target < 2)
		target = 2;
	if (i40_axis_time(ts->t0, ts->t1, target, tz, &tt) < 0)
		return;
	i40_svg_group(s, "stroke=\"" C_GRID "\"");
	for (int i = 0; i < tt.n; i++) {
		double x = X(fr, ts, tt.t[i]);

		i40_svg_line(s, x, fr->y0, x, yb, NULL);
	}
	i40_svg_group_end(s);
	i40_svg_group(s, "stroke=\"" C_AXIS "\"");
	for (int i = 0; i < tt.n; i++) {
		double x = X(fr, ts, tt.t[i]);

		i40_svg_line(s, x, yb, x, yb + 4, NULL);
	}
	i40_svg_group_end(s);
	i40_svg_group(s, "fill=\"" C_MUTED "\"");
	for (int i = 0; i < tt.n; i++) {
		double x = X(fr, ts, tt.t[i]);

		text_clamped(fr, x, yb + 16, NULL, tt.label[i]);
		if (tt.label2[i][0])
			text_clamped(fr, x, yb + 29, "font-weight=\"600\" fill=\"" C_TEXT "\"",
				     tt.label2[i]);
	}
	i40_svg_group_end(s);
}

/* ---- category x axis ---- */

static double
band_w(const struct frame *fr, size_t n)
{
	return fr->pw / (double)(n ? n : 1);
}

static double
band_x(const struct frame *fr, size_t n, size_t i)
{
	return fr->x0 + ((double)i + 0.5) * band_w(fr, n);
}

/* Two lines are needed when some label is wider than its band. */
static int
cats_lines(const char *const *labels, size_t n, int W)
{
	double bw = (W - 100.0) / (double)(n ? n : 1);

	for (size_t i = 0; labels && i < n; i++)
		if (labels[i] && text_w(labels[i], FS) > bw * 0.92)
			return 2;
	return 1;
}

static void
x_cats(struct frame *fr, const char *const *labels, size_t n)
{
	struct i40_svg *s = &fr->s;
	double bw = band_w(fr, n), yb = fr->y0 + fr->ph;
	size_t every = 1;
	char l1[128], l2[128];

	if (labels == NULL || n == 0)
		return;
	while (bw * (double)every < 26)
		every++;
	i40_svg_group(s, "fill=\"" C_TEXT "\" text-anchor=\"middle\"");
	for (size_t i = 0; i < n; i += every) {
		wrap2(labels[i] ? labels[i] : "", bw * (double)every * 0.92, l1, l2, sizeof l1);
		if (fr->xlines < 2 && l2[0]) {
			char a[256];

			snprintf(a, sizeof a, "%s %s", l1, l2);
			trunc_cp(a, (size_t)(bw * (double)every * 0.92 / (FS * 0.6)), l1, sizeof l1);
			l2[0] = 0;
		}
		i40_svg_text(s, band_x(fr, n, i), yb + 16, NULL, l1);
		if (l2[0])
			i40_svg_text(s, band_x(fr, n, i), yb + 29, NULL, l2);
	}
	i40_svg_group_end(s);
}

/* A horizontal limit or target line with its label at the right end. */
static void
hline(struct frame *fr, double y, enum i40_level lvl, const char *label)
{
	struct i40_svg *s = &fr->s;
	char a[200];
	double py = Y(fr, y);

	if (!isfinite(y) || py < fr->y0 - 0.5 || py > fr->y0 + fr->ph + 0.5)
		return;
	snprintf(a, sizeof a, "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"%s\"",
		 level_color(lvl), lvl == I40_LVL_TARGET ? "7 4" : "4 3");
	i40_svg_line(s, fr->x0, py, fr->x0 + fr->pw, py, a);
	if (label && label[0]) {
		double ty = py - 5 < fr->y0 + 10 ? py + 13 : py - 5;

		snprintf(a, sizeof a, "text-anchor=\"end\" font-size=\"10\" fill=\"%s\" "
			 "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"",
			 level_color(lvl));
		i40_svg_text(s, fr->x0 + fr->pw - 4, ty, a, label);
	}
}

/* ---- series ---- */

/* Reduce a series to at most about 4 points per pixel column over
 * [t0, t1] when it is longer than that; rt and rv are then allocated. */
static int
reduce(const int64_t *t, const double *v, size_t n, int64_t t0, int64_t t1,
       double pw, const int64_t **ot, const double **ov, size_t *on,
       int64_t **rt, double **rv, int64_t *span, struct i40_err *err)
{
	size_t cols = pw > 1 ? (size_t)pw : 1;
	struct i40_m4 m;

	*span = 0;
	*rt = NULL;
	*rv = NULL;
	*ot = t;
	*ov = v;
	*on = n;
	if (n <= 4 * cols)
		return 0;
	if (i40_m4_init(&m, cols, t0, t1 + 1, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		i40_m4_add(&m, t[i], v[i]);
	*rt = malloc(i40_m4_cap(&m) * sizeof **rt);
	*rv = malloc(i40_m4_cap(&m) * sizeof **rv);
	if (*rt == NULL || *rv == NULL) {
		free(*rt);
		free(*rv);
		*rt = NULL;
		*rv = NULL;
		i40_m4_free(&m);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory reducing a series of %zu points", n);
	}
	*on = i40_m4_out(&m, *rt, *rv, i40_m4_cap(&m));
	*span = m.span;
	*ot = *rt;
	*ov = *rv;
	i40_m4_free(&m);
	return 0;
}

/* Draw a series as one path, broken at NAN and at gaps longer than
 * max_gap; a point with no neighbour is drawn as a dot (round caps). */
static void
draw_series(struct frame *fr, const struct tscale *ts, const int64_t *t,
	    const double *v, size_t n, int64_t max_gap, const char *attrs)
{
	struct i40_svg *s = &fr->s;
	size_t run = 0;
	double lx = 0, ly = 0;
	int64_t lt = 0;

	i40_svg_path_begin(s, attrs);
	for (size_t i = 0; i < n; i++) {
		double x, y;

		if (!isfinite(v[i]) || (run > 0 && max_gap > 0 && t[i] - lt > max_gap)) {
			if (run == 1)
				i40_svg_path_line(s, lx + 0.3, ly);
			run = 0;
			if (!isfinite(v[i]))
				continue;
		}
		x = X(fr, ts, t[i]);
		y = Y(fr, v[i]);
		if (run == 0)
			i40_svg_path_move(s, x, y);
		else
			i40_svg_path_line(s, x, y);
		run++;
		lx = x;
		ly = y;
		lt = t[i];
	}
	if (run == 1)
		i40_svg_path_line(s, lx + 0.3, ly);
	i40_svg_path_end(s);
}

static void
range_add(double *lo, double *hi, double v)
{
	if (!isfinite(v))
		return;
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

/* The y range once the data is in: the limits too, then ymin and ymax
 * where given; 0 to 1 when nothing was finite. */
static void
y_range_end(const struct i40_limit *lim, size_t nlim, double ymin, double ymax, double *lo, double *hi)
{
	for (size_t i = 0; i < nlim; i++)
		range_add(lo, hi, lim[i].y);
	if (isfinite(ymin))
		*lo = ymin;
	if (isfinite(ymax))
		*hi = ymax;
	if (!(*lo <= *hi)) {
		*lo = 0;
		*hi = 1;
	}
}

/* A time range of one instant: the hour around it. */
static void
widen_instant(struct tscale *ts)
{
	ts->t0 -= 1800LL * 1000000000LL;
	ts->t1 += 1800LL * 1000000000LL;
}

static int
finish(struct frame *fr, struct i40_err *err)
{
	return i40_svg_end(&fr->s, err);
}

/* ---- line chart ---- */

int
i40_chart_line(FILE *f, const struct i40_linechart *ch, struct i40_err *err)
{
	struct frame fr;
	struct tscale ts;
	double lo = INFINITY, hi = -INFINITY;
	int have_t = 0, has_alarm = 0, has_warn = 0, has_mark = 0, rc = 0;
	char a[200];

	memset(&fr, 0, sizeof fr);
	if ((ch->nseries && !ch->series) || (ch->nspans && !ch->spans)
	    || (ch->nlimits && !ch->limits) || (ch->nmarks && !ch->marks))
		return i40_err_set(err, I40_ERR_CONFIG, "line chart: a count without its array");
	for (size_t k = 0; k < ch->nseries; k++) {
		const struct i40_trace *se = &ch->series[k];

		if (se->n > 0 && (se->t == NULL || se->v == NULL))
			return i40_err_set(err, I40_ERR_CONFIG, "series \"%s\" has no arrays",
					   se->name ? se->name : "");
	}

	/* x range: given, or the data's */
	if (ch->t1 > ch->t0) {
		ts.t0 = ch->t0;
		ts.t1 = ch->t1;
		have_t = 1;
	} else {
		ts.t0 = INT64_MAX;
		ts.t1 = INT64_MIN;
		for (size_t k = 0; k < ch->nseries; k++)
			for (size_t i = 0; i < ch->series[k].n; i++) {
				if (!isfinite(ch->series[k].v[i]))
					continue;
				if (ch->series[k].t[i] < ts.t0)
					ts.t0 = ch->series[k].t[i];
				if (ch->series[k].t[i] > ts.t1)
					ts.t1 = ch->series[k].t[i];
				have_t = 1;
			}
		if (have_t && ts.t1 == ts.t0)
			widen_instant(&ts);
	}

	/* y range over what is visible */
	for (size_t k = 0; k < ch->nseries; k++)
		for (size_t i = 0; i < ch->series[k].n; i++)
			if (ch->series[k].t[i] >= ts.t0 && ch->series[k].t[i] <= ts.t1)
				range_add(&lo, &hi, ch->series[k].v[i]);
	for (size_t i = 0; i < ch->nmarks; i++)
		range_add(&lo, &hi, ch->marks[i].v);
	y_range_end(ch->limits, ch->nlimits, ch->ymin, ch->ymax, &lo, &hi);

	for (size_t k = 0; k < ch->nseries; k++)
		lg_add(&fr, LG_LINE, color_or(ch->series[k].color, palette[k % NPALETTE]), 1,
		       ch->series[k].name);
	for (size_t i = 0; i < ch->nspans; i++) {
		has_alarm |= ch->spans[i].level == I40_LVL_ALARM;
		has_warn |= ch->spans[i].level == I40_LVL_WARN;
	}
	has_mark = ch->nmarks > 0;
	if (has_alarm)
		lg_add(&fr, LG_BOX, C_ALARM, 0.25, "alarm episode");
	if (has_warn)
		lg_add(&fr, LG_BOX, C_WARN, 0.3, "warning episode");
	if (has_mark)
		lg_add(&fr, LG_DOT, C_ALARM, 1, "alert");

	fr.xlines = 2;
	frame_layout(&fr, f, &ch->c, lo, hi, isfinite(ch->ymin) && isfinite(ch->ymax), 0);
	frame_begin(&fr, &ch->c);
	if (!have_t) {
		no_data(&fr);
		frame_finish(&fr, &ch->c);
		return finish(&fr, err);
	}
	x_time(&fr, &ts, &ch->c.tz);

	clip_begin(&fr);
	/* episodes under everything, at least 2 px so a short one shows */
	for (size_t i = 0; i < ch->nspans; i++) {
		const struct i40_span *sp = &ch->spans[i];
		double x1 = X(&fr, &ts, sp->t0), x2 = X(&fr, &ts, sp->t1);

		if (x2 - x1 < 2) {
			x1 = (x1 + x2) / 2 - 1;
			x2 = x1 + 2;
		}
		snprintf(a, sizeof a, "fill=\"%s\" fill-opacity=\"%s\"", level_color(sp->level),
			 sp->level == I40_LVL_WARN ? ".18" : ".13");
		i40_svg_rect(&fr.s, x1, fr.y0, x2 - x1, fr.ph, a);
	}
	for (size_t k = 0; k < ch->nseries && rc == 0; k++) {
		const struct i40_trace *se = &ch->series[k];
		const int64_t *t;
		const double *v;
		int64_t *rt;
		double *rv;
		size_t n;

		int64_t span, gap = se->max_gap;

		if (reduce(se->t, se->v, se->n, ts.t0, ts.t1, fr.pw, &t, &v, &n, &rt, &rv,
			   &span, err) < 0) {
			rc = -1;
			break;
		}
		/* Reduced points of neighbouring columns lie up to two columns
		 * apart: only a longer silence is a gap at this resolution. */
		if (gap > 0 && gap < 2 * span)
			gap = 2 * span;
		snprintf(a, sizeof a, "class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
			 "stroke-linejoin=\"round\" stroke-linecap=\"round\"",
			 color_or(se->color, palette[k % NPALETTE]));
		draw_series(&fr, &ts, t, v, n, gap, a);
		free(rt);
		free(rv);
	}
	clip_end(&fr);
	for (size_t i = 0; i < ch->nlimits; i++)
		hline(&fr, ch->limits[i].y, ch->limits[i].level, ch->limits[i].label);
	for (size_t i = 0; i < ch->nmarks; i++) {
		const struct i40_mark *mk = &ch->marks[i];
		double x = X(&fr, &ts, mk->t);

		if (mk->t < ts.t0 || mk->t > ts.t1)
			continue;
		if (isfinite(mk->v)) {
			snprintf(a, sizeof a, "fill=\"%s\" stroke=\"#fff\" stroke-width=\"1.5\"",
				 level_color(mk->level));
			i40_svg_circle(&fr.s, x, Y(&fr, mk->v), 4.5, a);
		} else {
			snprintf(a, sizeof a, "fill=\"%s\"", level_color(mk->level));
			i40_svg_path_begin(&fr.s, a);
			i40_svg_path_move(&fr.s, x - 5, fr.y0);
			i40_svg_path_line(&fr.s, x + 5, fr.y0);
			i40_svg_path_line(&fr.s, x, fr.y0 + 8);
			i40_svg_path_close(&fr.s);
			i40_svg_path_end(&fr.s);
		}
	}
	frame_finish(&fr, &ch->c);
	if (finish(&fr, err) < 0)
		return -1;
	return rc;
}

/* ---- bar chart ---- */

int
i40_chart_bar(FILE *f, const struct i40_barchart *ch, struct i40_err *err)
{
	struct frame fr;
	double lo = 0, hi = -INFINITY, bw, barw;
	int any = 0, has_bad = 0, has_good = 0;
	char buf[64], a[200];
	const char *tl = ch->target_label ? ch->target_label : "target";

	memset(&fr, 0, sizeof fr);
	if (ch->n > 0 && ch->values == NULL)
		return i40_err_set(err, I40_ERR_CONFIG, "bar chart without values");
	for (size_t i = 0; i < ch->n; i++) {
		double v = ch->values[i];

		if (!isfinite(v))
			continue;
		any = 1;
		range_add(&lo, &hi, v);
		if (isfinite(ch->target) && ch->higher_is_better >= 0
		    && (ch->higher_is_better ? v < ch->target : v > ch->target))
			has_bad = 1;
		else
			has_good = 1;
	}
	range_add(&lo, &hi, ch->target);
	if (!(hi > -INFINITY))
		hi = 1;
	if (isfinite(ch->ymin))
		lo = ch->ymin;
	if (isfinite(ch->ymax))
		hi = ch->ymax;
	if (isfinite(ch->target) && ch->higher_is_better >= 0) {
		/* a colour key only when both colours are on the chart */
		if (has_bad && has_good)
			lg_add(&fr, LG_BOX, C_BAR, 1, ch->higher_is_better ? "at or above target"
			       : "at or below target");
		if (has_bad)
			lg_add(&fr, LG_BOX, C_BAD, 1, ch->higher_is_better ? "below target"
			       : "above target");
	}
	if (isfinite(ch->target))
		lg_add(&fr, LG_DASH, C_TARGET, 1, tl);
	fr.xlines = cats_lines(ch->labels, ch->n, ch->c.width > 0 ? ch->c.width : 900);
	frame_layout(&fr, f, &ch->c, lo, hi, isfinite(ch->ymin) && isfinite(ch->ymax), 0);
	frame_begin(&fr, &ch->c);
	if (!any) {
		no_data(&fr);
		frame_finish(&fr, &ch->c);
		return finish(&fr, err);
	}
	bw = band_w(&fr, ch->n);
	barw = fmin(bw * 0.66, 90);
	/* bars first, then the target line over them, then the labels */
	i40_svg_group(&fr.s, "class=\"series\"");
	for (size_t i = 0; i < ch->n; i++) {
		double v = ch->values[i], cx = band_x(&fr, ch->n, i), y0, y1;
		int bad;

		if (!isfinite(v))
			continue;
		bad = isfinite(ch->target) && ch->higher_is_better >= 0
			&& (ch->higher_is_better ? v < ch->target : v > ch->target);
		y0 = Y(&fr, fmax(fmin(0, fr.yhi), fr.ylo));
		y1 = Y(&fr, fmax(fmin(v, fr.yhi), fr.ylo));
		snprintf(a, sizeof a, "fill=\"%s\"", bad ? C_BAD : C_BAR);
		i40_svg_rect(&fr.s, cx - barw / 2, y1, barw, y0 - y1, a);
	}
	i40_svg_group_end(&fr.s);
	if (isfinite(ch->target))
		hline(&fr, ch->target, I40_LVL_TARGET, NULL);
	for (size_t i = 0; i < ch->n; i++) {
		double v = ch->values[i], cx = band_x(&fr, ch->n, i), y1;

		if (!isfinite(v)) {
			i40_svg_text(&fr.s, cx, Y(&fr, fmax(fr.ylo, 0)) - 4,
				     "text-anchor=\"middle\" fill=\"" C_MUTED "\"", "n/a");
			continue;
		}
		y1 = Y(&fr, fmax(fmin(v, fr.yhi), fr.ylo));
		if (bw >= 22) {
			fmt_val(v, ch->decimals, ch->suffix, 0, buf, sizeof buf);
			i40_svg_text(&fr.s, cx, v >= 0 ? fmax(y1 - 5, fr.y0 - 2) : y1 + 13,
				     HALO "text-anchor=\"middle\" fill=\"" C_TEXT "\"", buf);
		}
	}
	x_cats(&fr, ch->labels, ch->n);
	frame_finish(&fr, &ch->c);
	return finish(&fr, err);
}

/* ---- waterfall ---- */

int
i40_chart_waterfall(FILE *f, const struct i40_waterfall *ch, struct i40_err *err)
{
	struct frame fr;
	double lo = 0, hi = -INFINITY, run = 0, bw, barw;
	double *base, *top;
	const char **labels;
	int has_tot = 0, has_loss = 0, has_gain = 0, has_sub = 0;
	char buf[64], a[200];

	memset(&fr, 0, sizeof fr);
	if (ch->n > 0 && ch->steps == NULL)
		return i40_err_set(err, I40_ERR_CONFIG, "waterfall without steps");
	base = calloc(ch->n + 1, sizeof *base);
	top = calloc(ch->n + 1, sizeof *top);
	labels = calloc(ch->n + 1, sizeof *labels);
	if (!base || !top || !labels) {
		free(base);
		free(top);
		free(labels);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for a waterfall");
	}
	for (size_t i = 0; i < ch->n; i++) {
		const struct i40_wf_step *st = &ch->steps[i];
		double v = isfinite(st->value) ? st->value : 0;

		labels[i] = st->label;
		switch (st->kind) {
		case I40_WF_TOTAL:
			base[i] = 0;
			top[i] = run = v;
			has_tot = 1;
			break;
		case I40_WF_SUBTOTAL:
			base[i] = 0;
			top[i] = run;
			has_sub = 1;
			break;
		case I40_WF_DELTA:
			base[i] = run;
			top[i] = run + v;
			run += v;
			if (v < 0)
				has_loss = 1;
			else
				has_gain = 1;
			break;
		}
		range_add(&lo, &hi, base[i]);
		range_add(&lo, &hi, top[i]);
	}
	if (!(hi > -INFINITY))
		hi = 1;
	if (has_tot)
		lg_add(&fr, LG_BOX, C_BAR, 1, "total");
	if (has_sub)
		lg_add(&fr, LG_BOX, C_SUB, 1, "subtotal");
	if (has_loss)
		lg_add(&fr, LG_BOX, C_BAD, 1, "loss");
	if (has_gain)
		lg_add(&fr, LG_BOX, C_GOOD, 1, "gain");
	fr.xlines = cats_lines(labels, ch->n, ch->c.width > 0 ? ch->c.width : 900);
	frame_layout(&fr, f, &ch->c, lo, hi, 0, 0);
	frame_begin(&fr, &ch->c);
	if (ch->n == 0) {
		no_data(&fr);
	} else {
		bw = band_w(&fr, ch->n);
		barw = fmin(bw * 0.66, 90);
		i40_svg_group(&fr.s, "class=\"series\"");
		for (size_t i = 0; i < ch->n; i++) {
			const struct i40_wf_step *st = &ch->steps[i];
			double cx = band_x(&fr, ch->n, i);
			double ya = Y(&fr, base[i]), yb = Y(&fr, top[i]);
			const char *col;
			double ylab;

			if (st->kind == I40_WF_DELTA)
				col = top[i] < base[i] ? C_BAD : C_GOOD;
			else
				col = st->kind == I40_WF_TOTAL ? C_BAR : C_SUB;
			snprintf(a, sizeof a, "fill=\"%s\"", color_or(st->color, col));
			i40_svg_rect(&fr.s, cx - barw / 2, fmin(ya, yb), barw,
				     fmax(fabs(ya - yb), 1), a);
			/* connector to the next bar at the running level */
			if (i + 1 < ch->n) {
				double yl = Y(&fr, top[i]);

				i40_svg_line(&fr.s, cx + barw / 2, yl, band_x(&fr, ch->n, i + 1) - barw / 2,
					     yl, "stroke=\"" C_AXIS "\" stroke-dasharray=\"2 2\"");
			}
			fmt_val(st->kind == I40_WF_DELTA ? top[i] - base[i] : top[i], ch->decimals,
				ch->suffix, st->kind == I40_WF_DELTA, buf, sizeof buf);
			ylab = fmin(ya, yb) - 5;
			if (ylab < fr.y0 + 2)
				ylab = fmax(ya, yb) + 13;
			i40_svg_text(&fr.s, cx, ylab, HALO "text-anchor=\"middle\" fill=\"" C_TEXT "\"", buf);
		}
		i40_svg_group_end(&fr.s);
		x_cats(&fr, labels, ch->n);
	}
	frame_finish(&fr, &ch->c);
	free(base);
	free(top);
	free(labels);
	return finish(&fr, err);
}

/* ---- Pareto ---- */

struct pitem {
	double v;
	const char *label;
	size_t idx;
};

static int
pitem_cmp(const void *pa, const void *pb)
{
	const struct pitem *a = pa, *b = pb;
	int c;

	if (a->v != b->v)
		return a->v > b->v ? -1 : 1;
	c = strcmp(a->label, b->label);
	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

int
i40_chart_pareto(FILE *f, const struct i40_pareto *ch, struct i40_err *err)
{
	struct frame fr;
	struct pitem *it;
	const char **labels;
	size_t n = 0, nb, maxb = ch->max_bars ? ch->max_bars : 10;
	double total = 0, cum = 0, bw, barw, rw, y80;
	char other[64], buf[64], a[200];
	struct i40_ticks rt;

	memset(&fr, 0, sizeof fr);
	if (ch->n > 0 && ch->values == NULL)
		return i40_err_set(err, I40_ERR_CONFIG, "Pareto chart without values");
	it = calloc(ch->n + 1, sizeof *it);
	labels = calloc(ch->n + 1, sizeof *labels);
	if (!it || !labels) {
		free(it);
		free(labels);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for a Pareto chart");
	}
	for (size_t i = 0; i < ch->n; i++) {
		if (!isfinite(ch->values[i]) || ch->values[i] <= 0)
			continue;
		it[n].v = ch->values[i];
		it[n].label = ch->labels && ch->labels[i] ? ch->labels[i] : "";
		it[n].idx = i;
		total += it[n].v;
		n++;
	}
	qsort(it, n, sizeof *it, pitem_cmp);
	nb = n;
	if (n > maxb && maxb >= 2) {
		double rest = 0;

		for (size_t i = maxb - 1; i < n; i++)
			rest += it[i].v;
		snprintf(other, sizeof other, "other (%zu)", n - maxb + 1);
		nb = maxb;
		it[nb - 1].v = rest;
		it[nb - 1].label = other;
	}
	for (size_t i = 0; i < nb; i++)
		labels[i] = it[i].label;

	i40_axis_nice(0, 100, 6, 1, &rt);
	rw = 12 + text_w("100%", FS) + 18;
	lg_add(&fr, LG_BOX, C_BAR, 1, ch->c.ytitle ? ch->c.ytitle : "value");
	lg_add(&fr, LG_LINEDOT, C_BAD, 1, "cumulative share");
	fr.xlines = cats_lines(labels, nb, ch->c.width > 0 ? ch->c.width : 900);
	/* The bars' axis runs to the total, so the cumulative line and the
	 * bars share one scale: 100% is the total. */
	frame_layout(&fr, f, &ch->c, 0, total > 0 ? total : 1, 1, rw);
	frame_begin(&fr, &ch->c);
	if (nb == 0) {
		no_data(&fr);
		frame_finish(&fr, &ch->c);
		free(it);
		free(labels);
		return finish(&fr, err);
	}
	/* right axis: cumulative percent */
	i40_svg_group(&fr.s, "fill=\"" C_MUTED "\"");
	for (int i = 0; i < rt.n; i++) {
		double y = fr.y0 + fr.ph - rt.v[i] / 100 * fr.ph;

		snprintf(buf, sizeof buf, "%g%%", rt.v[i]);
		i40_svg_text(&fr.s, fr.x0 + fr.pw + 6, y + 4, NULL, buf);
	}
	i40_svg_group_end(&fr.s);
	snprintf(a, sizeof a, "transform=\"rotate(-90)\" text-anchor=\"middle\" fill=\"%s\"", C_MUTED);
	i40_svg_text(&fr.s, -(fr.y0 + fr.ph / 2), fr.W - 6.0, a, "cumulative share (%)");

	bw = band_w(&fr, nb);
	barw = fmin(bw * 0.66, 90);
	i40_svg_group(&fr.s, "class=\"series\"");
	for (size_t i = 0; i < nb; i++) {
		double cx = band_x(&fr, nb, i), y1 = Y(&fr, it[i].v);

		snprintf(a, sizeof a, "fill=\"%s\"", C_BAR);
		i40_svg_rect(&fr.s, cx - barw / 2, y1, barw, fr.y0 + fr.ph - y1, a);
		if (bw >= 22) {
			fmt_val(it[i].v, ch->decimals, ch->suffix, 0, buf, sizeof buf);
			/* inside the bar when the cumulative dot sits on its top */
			if (i == 0 && fr.y0 + fr.ph - y1 > 24)
				i40_svg_text(&fr.s, cx, y1 + 15, "text-anchor=\"middle\" fill=\"#fff\"", buf);
			else
				i40_svg_text(&fr.s, cx, y1 - 5,
					     HALO "text-anchor=\"middle\" fill=\"" C_TEXT "\"", buf);
		}
	}
	i40_svg_group_end(&fr.s);
	y80 = fr.y0 + fr.ph - 0.8 * fr.ph;
	i40_svg_line(&fr.s, fr.x0, y80, fr.x0 + fr.pw, y80,
		     "stroke=\"" C_AXIS "\" stroke-dasharray=\"4 3\"");
	i40_svg_path_begin(&fr.s, "class=\"series\" fill=\"none\" stroke=\"" C_BAD "\" "
			   "stroke-width=\"2\" stroke-linejoin=\"round\"");
	for (size_t i = 0; i < nb; i++) {
		cum += it[i].v;
		i40_svg_path_line(&fr.s, band_x(&fr, nb, i), fr.y0 + fr.ph - cum / total * fr.ph);
	}
	i40_svg_path_end(&fr.s);
	cum = 0;
	i40_svg_group(&fr.s, "fill=\"" C_BAD "\" stroke=\"#fff\" stroke-width=\"1.5\"");
	for (size_t i = 0; i < nb; i++) {
		cum += it[i].v;
		i40_svg_circle(&fr.s, band_x(&fr, nb, i), fr.y0 + fr.ph - cum / total * fr.ph, 3.5, NULL);
	}
	i40_svg_group_end(&fr.s);
	x_cats(&fr, labels, nb);
	frame_finish(&fr, &ch->c);
	free(it);
	free(labels);
	return finish(&fr, err);
}

/* ---- fan chart ---- */

static void
band_poly(struct frame *fr, const struct tscale *ts, const struct i40_fan *ch,
	  const double *lo, const double *hi, int joined, const char *attrs)
{
	struct i40_svg *s = &fr->s;
	size_t i, first = 1;

	i40_svg_path_begin(s, attrs);
	if (joined) {
		i40_svg_path_move(s, X(fr, ts, ch->ht[ch->hn - 1]), Y(fr, ch->hv[ch->hn - 1]));
		first = 0;
	}
	for (i = 0; i < ch->fn; i++) {
		if (!isfinite(lo[i]) || !isfinite(hi[i]))
			continue;
		if (first) {
			i40_svg_path_move(s, X(fr, ts, ch->ft[i]), Y(fr, hi[i]));
			first = 0;
		} else {
			i40_svg_path_line(s, X(fr, ts, ch->ft[i]), Y(fr, hi[i]));
		}
	}
	for (i = ch->fn; i-- > 0;)
		if (isfinite(lo[i]) && isfinite(hi[i]))
			i40_svg_path_line(s, X(fr, ts, ch->ft[i]), Y(fr, lo[i]));
	if (!first)
		i40_svg_path_close(s);
	i40_svg_path_end(s);
}

int
i40_chart_fan(FILE *f, const struct i40_fan *ch, struct i40_err *err)
{
	struct frame fr;
	struct tscale ts;
	double lo = INFINITY, hi = -INFINITY, xn;
	int joined, rc = 0;
	char a[200];

	memset(&fr, 0, sizeof fr);
	if ((ch->hn > 0 && (!ch->ht || !ch->hv)) || (ch->fn > 0 && (!ch->ft || !ch->mean))
	    || (ch->nlimits && !ch->limits))
		return i40_err_set(err, I40_ERR_CONFIG, "fan chart: a count without its array");
	ts.t0 = INT64_MAX;
	ts.t1 = INT64_MIN;
	for (size_t i = 0; i < ch->hn; i++) {
		ts.t0 = ch->ht[i] < ts.t0 ? ch->ht[i] : ts.t0;
		ts.t1 = ch->ht[i] > ts.t1 ? ch->ht[i] : ts.t1;
		range_add(&lo, &hi, ch->hv[i]);
	}
	for (size_t i = 0; i < ch->fn; i++) {
		ts.t0 = ch->ft[i] < ts.t0 ? ch->ft[i] : ts.t0;
		ts.t1 = ch->ft[i] > ts.t1 ? ch->ft[i] : ts.t1;
		range_add(&lo, &hi, ch->mean[i]);
		if (ch->lo80 && ch->hi80) {
			range_add(&lo, &hi, ch->lo80[i]);
			range_add(&lo, &hi, ch->hi80[i]);
		}
		if (ch->lo95 && ch->hi95) {
			range_add(&lo, &hi, ch->lo95[i]);
			range_add(&lo, &hi, ch->hi95[i]);
		}
	}
	y_range_end(ch->limits, ch->nlimits, ch->ymin, ch->ymax, &lo, &hi);
	if (ts.t1 == ts.t0)
		widen_instant(&ts);
	lg_add(&fr, LG_LINE, C_HIST, 1, ch->hn ? (ch->name ? ch->name : "history") : NULL);
	lg_add(&fr, LG_LINE, C_BAR, 1, ch->fn ? "forecast" : NULL);
	if (ch->fn && ch->lo80 && ch->hi80)
		lg_add(&fr, LG_BOX, C_BAR, 0.38, "80% interval");
	if (ch->fn && ch->lo95 && ch->hi95)
		lg_add(&fr, LG_BOX, C_BAR, 0.16, "95% interval");
	fr.xlines = 2;
	frame_layout(&fr, f, &ch->c, lo, hi, isfinite(ch->ymin) && isfinite(ch->ymax), 0);
	frame_begin(&fr, &ch->c);
	if (ch->hn + ch->fn == 0) {
		no_data(&fr);
		frame_finish(&fr, &ch->c);
		return finish(&fr, err);
	}
	x_time(&fr, &ts, &ch->c.tz);
	joined = ch->hn > 0 && ch->fn > 0 && isfinite(ch->hv[ch->hn - 1]);

	clip_begin(&fr);
	if (ch->fn && ch->lo95 && ch->hi95)
		band_poly(&fr, &ts, ch, ch->lo95, ch->hi95, joined,
			  "fill=\"" C_BAR "\" fill-opacity=\".16\"");
	if (ch->fn && ch->lo80 && ch->hi80)
		band_poly(&fr, &ts, ch, ch->lo80, ch->hi80, joined,
			  "fill=\"" C_BAR "\" fill-opacity=\".3\"");
	if (ch->hn) {
		const int64_t *t;
		const double *v;
		int64_t *rt;
		double *rv;
		size_t n;

		int64_t span;

		if (reduce(ch->ht, ch->hv, ch->hn, ts.t0, ts.t1, fr.pw, &t, &v, &n, &rt, &rv,
			   &span, err) < 0) {
			rc = -1;
		} else {
			draw_series(&fr, &ts, t, v, n, 0,
				    "class=\"series\" fill=\"none\" stroke=\"" C_HIST "\" stroke-width=\"1.5\" "
				    "stroke-linejoin=\"round\" stroke-linecap=\"round\"");
			free(rt);
			free(rv);
		}
	}
	if (ch->fn) {
		i40_svg_path_begin(&fr.s, "class=\"series\" fill=\"none\" stroke=\"" C_BAR "\" "
				   "stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
		if (joined)
			i40_svg_path_move(&fr.s, X(&fr, &ts, ch->ht[ch->hn - 1]),
					  Y(&fr, ch->hv[ch->hn - 1]));
		for (size_t i = 0; i < ch->fn; i++)
			if (isfinite(ch->mean[i]))
				i40_svg_path_line(&fr.s, X(&fr, &ts, ch->ft[i]), Y(&fr, ch->mean[i]));
		i40_svg_path_end(&fr.s);
	}
	clip_end(&fr);
	for (size_t i = 0; i < ch->nlimits; i++)
		hline(&fr, ch->limits[i].y, ch->limits[i].level, ch->limits[i].label);
	/* where the forecast starts */
	if (ch->fn) {
		xn = X(&fr, &ts, ch->hn ? ch->ht[ch->hn - 1] : ch->ft[0]);
		i40_svg_line(&fr.s, xn, fr.y0, xn, fr.y0 + fr.ph,
			     "stroke=\"" C_AXIS "\" stroke-dasharray=\"3 3\"");
		snprintf(a, sizeof a, "font-size=\"10\" fill=\"%s\"", C_MUTED);
		i40_svg_text(&fr.s, xn + 4, fr.y0 + 11, a, "forecast \xe2\x86\x92");
	}
	frame_finish(&fr, &ch->c);
	if (finish(&fr, err) < 0)
		return -1;
	return rc;
}

/* ---- sparkline ---- */

int
i40_chart_spark(FILE *f, const double *v, size_t n, int w, int h,
		const char *title, struct i40_err *err)
{
	struct i40_svg s;
	double lo = INFINITY, hi = -INFINITY, xs, ys;
	size_t last = n, cols;
	int pen = 0;

	if (w < 8)
		w = 8;
	if (h < 6)
		h = 6;
	for (size_t i = 0; i < n; i++) {
		range_add(&lo, &hi, v[i]);
		if (isfinite(v[i]))
			last = i;
	}
	i40_svg_begin(&s, f, w, h, title, NULL, NULL);
	if (last == n)
		return i40_svg_end(&s, err);
	if (hi - lo <= 0) {
		lo -= 1;
		hi += 1;
	}
	xs = n > 1 ? (w - 4.0) / (double)(n - 1) : 0;
	ys = (h - 4.0) / (hi - lo);
	cols = (size_t)w;
	i40_svg_path_begin(&s, "fill=\"none\" stroke=\"" C_BAR "\" stroke-width=\"1.2\" "
			   "stroke-linejoin=\"round\" stroke-linecap=\"round\"");
	if (n <= 2 * cols) {
		for (size_t i = 0; i < n; i++) {
			if (!isfinite(v[i])) {
				pen = 0;
				continue;
			}
			if (pen)
				i40_svg_path_line(&s, 2 + (double)i * xs, h - 2 - (v[i] - lo) * ys);
			else
				i40_svg_path_move(&s, 2 + (double)i * xs, h - 2 - (v[i] - lo) * ys);
			pen = 1;
		}
	} else {
		/* per pixel column, its minimum and maximum in time order */
		for (size_t c = 0; c < cols; c++) {
			size_t a = c * n / cols, b = (c + 1) * n / cols, imin = n, imax = n;

			for (size_t i = a; i < b; i++) {
				if (!isfinite(v[i]))
					continue;
				if (imin == n || v[i] < v[imin])
					imin = i;
				if (imax == n || v[i] > v[imax])
					imax = i;
			}
			if (imin == n) {
				pen = 0;
				continue;
			}
			for (int k = 0; k < 2; k++) {
				size_t i = (k == 0) == (imin < imax) ? imin : imax;
				double x = 2 + (double)i * xs, y = h - 2 - (v[i] - lo) * ys;

				if (pen)
					i40_svg_path_line(&s, x, y);
				else
					i40_svg_path_move(&s, x, y);
				pen = 1;
			}
		}
	}
	i40_svg_path_end(&s);
	i40_svg_circle(&s, 2 + (double)last * xs, h - 2 - (v[last] - lo) * ys, 1.8,
		       "fill=\"" C_BAR "\"");
	return i40_svg_end(&s, err);
}
