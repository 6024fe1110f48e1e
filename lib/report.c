/* report.c - laying out a digest as text, Markdown or HTML (see report.h).
 *
 * One pass builds a model of what there is to say (assets in a fixed
 * order, the alert episodes worth showing, OEE over the period, forecast
 * series, the reorder list); each section then speaks through a small
 * output layer that knows the three formats, so the sections are written
 * once.  Charts appear in HTML only; text and Markdown get the same
 * tables with sparklines and bars instead.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i40_int.h"
#include "num.h"
#include "page.h"
#include "period.h"
#include "report.h"
#include "svg.h"
#include "tab.h"
#include "text.h"

#define NS 1000000000LL
#define MAXCELL 320             /* bytes of a formatted table cell */
#define SPARK 20                /* cells of a sparkline in tables */

/* ---- the plant file's report section ---- */

static const char *const sec_names[I40_SEC_N] = { "summary", "oee", "assets", "forecast" };

/* "85%" or 0.85 */
static int
target_value(const struct i40_node *n, double *out, struct i40_err *err)
{
	size_t len;

	if (n->kind != I40_NODE_SCALAR)
		return i40_cfg_error(n, err, "a target is a fraction (0.85) or a percentage (\"85%%\")");
	len = strlen(n->str);
	if (len > 1 && n->str[len - 1] == '%' && i40_num_parse(n->str, len - 1, '.', 0, out) == 0)
		*out /= 100;
	else if (i40_num_parse(n->str, len, '.', 0, out) != 0 || *out > 1)
		return i40_cfg_error(n, err, "target \"%s\": give a fraction (0.85) or a percentage "
				     "(\"85%%\")", n->str);
	if (!(*out > 0 && *out <= 1))
		return i40_cfg_error(n, err, "target \"%s\" is not between 0 and 100%%", n->str);
	return 0;
}

static int
int_key(const struct i40_node *map, const char *key, long lo, long hi, int *out, struct i40_err *err)
{
	const struct i40_node *n = i40_cfg_get(map, key);
	long v;

	if (n == NULL)
		return 0;
	if (i40_cfg_long(n, lo, hi, &v, err) != 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int
parse_assets(const struct i40_node *n, struct i40_report_layout *l, struct i40_err *err)
{
	if (i40_cfg_expect(n, I40_NODE_MAP, "report.assets (asset: [signal, ...])", err) != 0)
		return -1;
	if ((l->assets = calloc(n->n + 1, sizeof *l->assets)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n->n; i++) {
		struct i40_report_asset *a = &l->assets[l->nassets++];
		const struct i40_node *v = n->val[i];

		a->name = n->key[i]->str;
		if (v->kind == I40_NODE_SCALAR && !v->is_null) {
			if ((a->signals = calloc(1, sizeof *a->signals)) == NULL)
				return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
			a->signals[a->nsignals++] = v->str;
			continue;
		}
		if (v->is_null)
			continue;
		if (i40_cfg_expect(v, I40_NODE_SEQ, "the signals to chart (a list)", err) != 0)
			return -1;
		if ((a->signals = calloc(v->n + 1, sizeof *a->signals)) == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		for (size_t k = 0; k < v->n; k++)
			if (i40_cfg_str(v->val[k], &a->signals[a->nsignals++], err) != 0)
				return -1;
	}
	return 0;
}

static int
parse_sections(const struct i40_node *n, struct i40_report_layout *l, struct i40_err *err)
{
	if (i40_cfg_expect(n, I40_NODE_SEQ, "report.sections (a list)", err) != 0)
		return -1;
	l->nsections = 0;
	for (size_t i = 0; i < n->n; i++) {
		const char *name;
		int k;

		if (i40_cfg_str(n->val[i], &name, err) != 0)
			return -1;
		for (k = 0; k < I40_SEC_N && strcmp(name, sec_names[k]) != 0; k++)
			;
		if (k == I40_SEC_N)
			return i40_cfg_error(n->val[i], err, "unknown section \"%s\" (summary, oee, "
					     "assets, forecast)", name);
		for (int j = 0; j < l->nsections; j++)
			if ((int)l->sections[j] == k)
				return i40_cfg_error(n->val[i], err, "section \"%s\" is listed twice", name);
		l->sections[l->nsections++] = (enum i40_report_section)k;
	}
	return 0;
}

static void
layout_defaults(struct i40_report_layout *l)
{
	memset(l, 0, sizeof *l);
	l->target = NAN;
	l->charts = 4;
	l->alerts = 20;
	l->forecasts = 6;
	l->rows = 40;
	for (int k = 0; k < I40_SEC_N; k++)
		l->sections[k] = (enum i40_report_section)k;
	l->nsections = I40_SEC_N;
}

static int
parse_section(const struct i40_node *node, struct i40_report_layout *l, struct i40_err *err)
{
	static const char *const keys[] = { "title", "target_oee", "assets", "charts", "alerts",
					     "forecasts", "rows", "sections", NULL };
	const struct i40_node *n;

	layout_defaults(l);
	if (node == NULL || node->is_null)
		return 0;
	if (i40_cfg_check_keys(node, keys, "the report section", err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "title")) && i40_cfg_str(n, &l->title, err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "target_oee")) && target_value(n, &l->target, err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "assets")) && parse_assets(n, l, err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "sections")) && parse_sections(n, l, err) != 0)
		return -1;
	if (int_key(node, "charts", 0, 50, &l->charts, err) != 0
	    || int_key(node, "alerts", 1, 10000, &l->alerts, err) != 0
	    || int_key(node, "forecasts", 0, 100, &l->forecasts, err) != 0
	    || int_key(node, "rows", 1, 10000, &l->rows, err) != 0)
		return -1;
	return 0;
}

int
i40_report_wants(const void *layout, const char *asset, const char *signal)
{
	const struct i40_report_layout *l = layout;
	const char *dot = strchr(signal, '.');
	size_t bl = dot ? (size_t)(dot - signal) : strlen(signal);

	for (size_t i = 0; i < l->nassets; i++) {
		if (strcmp(l->assets[i].name, asset) != 0)
			continue;
		for (size_t k = 0; k < l->assets[i].nsignals; k++) {
			const char *w = l->assets[i].signals[k];

			if (strcmp(w, signal) == 0 || (strlen(w) == bl && strncmp(w, signal, bl) == 0))
				return 1;
		}
	}
	return 0;
}

void
i40_report_layout_free(struct i40_report_layout *l)
{
	for (size_t i = 0; i < l->nassets; i++)
		free(l->assets[i].signals);
	free(l->assets);
	l->assets = NULL;
	l->nassets = 0;
}

int
i40_report_check_config(const struct i40_node *node, struct i40_err *err)
{
	struct i40_report_layout l;
	int rc = parse_section(node, &l, err);

	i40_report_layout_free(&l);
	return rc;
}

int
i40_report_layout(const struct i40_plant *p, struct i40_report_layout *l, struct i40_err *err)
{
	const struct i40_node *oee, *t;
	struct i40_err ignored;

	if (parse_section(p ? i40_plant_section(p, "report") : NULL, l, err) != 0) {
		i40_report_layout_free(l);
		return -1;
	}
	/* i40-oee's own OEE target (oee: targets: oee:) */
	if (isnan(l->target) && p && (oee = i40_plant_section(p, "oee")) != NULL
	    && (t = i40_cfg_get(i40_cfg_get(oee, "targets"), "oee")) != NULL
	    && target_value(t, &l->target, &ignored) != 0)
		l->target = NAN;
	l->target_given = !isnan(l->target);
	if (isnan(l->target))
		l->target = 0.85;      /* the usual world-class benchmark */
	return 0;
}

int
i40_report_format_parse(const char *s, enum i40_report_format *f)
{
	if (strcmp(s, "text") == 0 || strcmp(s, "txt") == 0)
		*f = I40_REPORT_TEXT;
	else if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
		*f = I40_REPORT_MD;
	else if (strcmp(s, "html") == 0)
		*f = I40_REPORT_HTML;
	else
		return -1;
	return 0;
}

/* ---- words and numbers ---- */

struct ltime {
	struct i40_civil c;
	int wday;                   /* 0 Sunday */
};

static void
local_time(const struct i40_tz *tz, int64_t t, struct ltime *lt)
{
	int64_t s = i40_int_floor_div(t, NS), l = s + i40_tz_offset(tz, s);

	i40_ns_to_civil(l * NS + (t - s * NS), &lt->c);
	lt->wday = i40_weekday(i40_int_floor_div(l, 86400));
}

static const char *const wday_name[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const mon_name[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
					  "Aug", "Sep", "Oct", "Nov", "Dec" };

enum { W_DATE, W_DATETIME, W_SHORT, W_DAYTIME, W_HM };

/* "Sun 27 Oct 2024", "Sun 27 Oct 2024 14:02", "27 Oct 14:02",
 * "Sun 27 14:02", "14:02" in local time. */
static void
fmt_when(const struct i40_tz *tz, int64_t t, int how, char *buf, size_t size)
{
	struct ltime lt;
	const struct i40_civil *c = &lt.c;

	local_time(tz, t, &lt);
	switch (how) {
	case W_DATE:
		snprintf(buf, size, "%s %d %s %d", wday_name[lt.wday], c->day, mon_name[c->month - 1],
			 c->year);
		break;
	case W_DATETIME:
		snprintf(buf, size, "%s %d %s %d %02d:%02d", wday_name[lt.wday], c->day,
			 mon_name[c->month - 1], c->year, c->hour, c->min);
		break;
	case W_SHORT:
		snprintf(buf, size, "%d %s %02d:%02d", c->day, mon_name[c->month - 1], c->hour, c->min);
		break;
	case W_DAYTIME:
		snprintf(buf, size, "%s %d %02d:%02d", wday_name[lt.wday], c->day, c->hour, c->min);
		break;
	default:
		snprintf(buf, size, "%02d:%02d", c->hour, c->min);
		break;
	}
}

static int
is_midnight(const struct i40_tz *tz, int64_t t)
{
	struct ltime lt;

	local_time(tz, t, &lt);
	return lt.c.hour == 0 && lt.c.min == 0 && lt.c.sec == 0 && lt.c.nsec == 0;
}

/* The period in words: "Sun 27 Oct 2024", "Mon 21 Oct 2024 – Sun 27 Oct
 * 2024", "Sun 27 Oct 2024 06:00 – Mon 28 Oct 2024 06:00". */
static void
fmt_period(const struct i40_tz *tz, int64_t from, int64_t to, char *buf, size_t size)
{
	char a[64], b[64];

	if (from == INT64_MIN && to == INT64_MAX) {
		snprintf(buf, size, "all data");
		return;
	}
	if (from != INT64_MIN && to != INT64_MAX && is_midnight(tz, from) && is_midnight(tz, to)) {
		fmt_when(tz, from, W_DATE, a, sizeof a);
		fmt_when(tz, to - 1, W_DATE, b, sizeof b);
		if (strcmp(a, b) == 0)
			snprintf(buf, size, "%s", a);
		else
			snprintf(buf, size, "%s \xe2\x80\x93 %s", a, b);
		return;
	}
	if (from == INT64_MIN)
		snprintf(a, sizeof a, "the start");
	else
		fmt_when(tz, from, W_DATETIME, a, sizeof a);
	if (to == INT64_MAX)
		snprintf(b, sizeof b, "the end");
	else if (from != INT64_MIN && to - from < 86400 * NS && i40_period_day(from, tz) == i40_period_day(to, tz))
		fmt_when(tz, to, W_HM, b, sizeof b);
	else
		fmt_when(tz, to, W_DATETIME, b, sizeof b);
	snprintf(buf, size, "%s \xe2\x80\x93 %s", a, b);
}

/* "42 s", "38 min", "2 h 05 min", "3 d 4 h" */
static void
fmt_dur(int64_t ns, char *buf, size_t size)
{
	int64_t s = ns / NS;

	if (s < 60)
		snprintf(buf, size, "%lld s", (long long)s);
	else if (s < 3600)
		snprintf(buf, size, "%lld min", (long long)(s / 60));
	else if (s < 86400)
		snprintf(buf, size, "%lld h %02lld min", (long long)(s / 3600), (long long)(s % 3600 / 60));
	else
		snprintf(buf, size, "%lld d %lld h", (long long)(s / 86400), (long long)(s % 86400 / 3600));
}

/* Four significant digits, no exponent: 80.12, 7.1, 0.00123, 12346. */
static void
fmt_num(double v, char *buf, size_t size)
{
	double a = fabs(v);
	int dec;

	if (isnan(v)) {
		snprintf(buf, size, "\xe2\x80\x93");
		return;
	}
	if (a == 0 || a >= 1000) {
		snprintf(buf, size, "%.0f", v);
		if (strcmp(buf, "-0") == 0)
			snprintf(buf, size, "0");
		return;
	}
	if (a < 1e-6) {
		snprintf(buf, size, "%.2g", v);
		return;
	}
	dec = 3 - (int)floor(log10(a));
	if (dec > 6)
		dec = 6;
	if (dec < 0)
		dec = 0;
	snprintf(buf, size, "%.*f", dec, v);
	if (strchr(buf, '.')) {
		size_t n = strlen(buf);

		while (n > 0 && buf[n - 1] == '0')
			buf[--n] = 0;
		if (n > 0 && buf[n - 1] == '.')
			buf[--n] = 0;
	}
}

static void
fmt_pct(double frac, char *buf, size_t size)
{
	if (isnan(frac))
		snprintf(buf, size, "\xe2\x80\x93");
	else
		snprintf(buf, size, "%.1f%%", 100 * frac);
}

/* The unit as people write it. */
static const char *
unit_str(const char *u)
{
	if (u == NULL)
		return "";
	if (strcmp(u, "degC") == 0 || strcmp(u, "C") == 0)
		return "\xc2\xb0" "C";
	if (strcmp(u, "degF") == 0 || strcmp(u, "F") == 0)
		return "\xc2\xb0" "F";
	if (strcmp(u, "pct") == 0 || strcmp(u, "percent") == 0)
		return "%";
	return u;
}

/* "12.5 mm/s", "80 °C", "3" */
static void
fmt_qty(double v, const char *unit, char *buf, size_t size)
{
	char n[48];
	const char *u = unit_str(unit);

	/* i40-oee writes times in seconds: a week of them reads in hours */
	if (strcmp(u, "s") == 0 && fabs(v) >= 3600) {
		v /= 3600;
		u = "h";
	} else if (strcmp(u, "s") == 0 && fabs(v) >= 120) {
		v /= 60;
		u = "min";
	}
	fmt_num(v, n, sizeof n);
	if (isnan(v) || u[0] == 0)
		snprintf(buf, size, "%s", n);
	else
		snprintf(buf, size, "%s%s%s", n, strcmp(u, "%") == 0 ? "" : " ", u);
}

/* "vib_rms (mm/s)", or the name alone without a unit. */
static void
with_unit(const char *name, int len, const char *unit, char *buf, size_t size)
{
	const char *u = unit_str(unit);

	snprintf(buf, size, "%.*s%s%s%s", len, name, u[0] ? " (" : "", u, u[0] ? ")" : "");
}

/* "40 h (25–60 h)", "40 h", "" */
static void
fmt_rul(double rul, double lo, double hi, char *buf, size_t size)
{
	char r[24], a[24], b[24];

	buf[0] = 0;
	if (isnan(rul))
		return;
	fmt_num(rul, r, sizeof r);
	if (isnan(lo) || isnan(hi)) {
		snprintf(buf, size, "%s h", r);
		return;
	}
	fmt_num(lo, a, sizeof a);
	if (isinf(hi))
		snprintf(b, sizeof b, "\xe2\x88\x9e");
	else
		fmt_num(hi, b, sizeof b);
	snprintf(buf, size, "%s h (%s\xe2\x80\x93%s h)", r, a, b);
}

/* "small_stops" -> "Small stops" */
static void
pretty(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < size - 1 && s[i]; i++)
		buf[i] = s[i] == '_' ? ' ' : s[i];
	buf[i] = 0;
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* ---- the model ---- */

struct epref {                  /* an episode with its sort keys */
	const char *asset, *signal;
	int64_t start;
	long idx;
};

struct masset {
	const char *name;
	const struct i40_report_asset *conf;
	size_t s0, s1;              /* its series: sorted[s0..s1) */
	size_t e0, e1;              /* its episodes: eps[e0..e1) */
	int signals;                /* series of role SIGNAL with records */
	int nalarm, nopen;
	long m[I40_OEE_NMETRIC];    /* OEE series by metric, -1 */
	int nloss, npareto;
	double agg[I40_OEE_NMETRIC];   /* over the period; ratios as fractions */
	double scale[I40_OEE_NMETRIC]; /* 0.01 when written as percentages */
	int nper;                   /* OEE periods */
	int weighted;               /* by planned time */
	double planned;             /* total planned time (loss units), NAN */
};

struct model {
	const struct i40_digest *d;
	const struct i40_report_opts *o;
	const struct i40_report_layout *l;
	const struct i40_tz *tz;
	struct i40_tzfn tzfn;
	int64_t r0, r1;             /* the range charts and sparklines span */
	int have_range;
	long *sorted;               /* series by (asset, signal) */
	struct epref *eps;          /* visible episodes by (asset, start, signal) */
	size_t neps;
	int nalarm, nopen;
	int has_detect;
	struct masset *a;
	size_t na;
	size_t noee;                /* assets with OEE figures */
	long *fc;                   /* forecast series */
	size_t nfc;
	const char **items;         /* assets with reorder fields */
	size_t nitems;
	int nreorder;
	double target;              /* OEE target: the layout's, or i40-oee's target.oee */
	char tzname[64];
};

static const struct i40_dg_series *
ser(const struct model *m, long id)
{
	return m->d->series[id];
}

static int
cmp_ep(const void *a, const void *b)
{
	const struct epref *x = a, *y = b;
	int c = strcmp(x->asset, y->asset);

	if (c == 0)
		c = (x->start > y->start) - (x->start < y->start);
	if (c == 0)
		c = strcmp(x->signal, y->signal);
	if (c == 0)
		c = (x->idx > y->idx) - (x->idx < y->idx);
	return c;
}

static double
point_at(const struct i40_dg_series *s, int64_t t)
{
	size_t lo = 0, hi = s ? s->npts : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->pts[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return s && lo < s->npts && s->pts[lo].t == t ? s->pts[lo].v : NAN;
}

static int
is_ratio(int metric)
{
	return metric == I40_OEE_OEE || metric == I40_OEE_AVAILABILITY
	       || metric == I40_OEE_PERFORMANCE || metric == I40_OEE_QUALITY
	       || metric == I40_OEE_TEEP || metric == I40_OEE_SCRAP_RATE;
}

/* OEE of an asset over the period.  With planned time per period the
 * figures are weighted so that they are those of the whole period:
 * availability by planned time, performance by run time, quality by net
 * run time; OEE = A x P x Q still holds.  Without it, plain means. */
static void
oee_aggregate(const struct model *m, struct masset *a)
{
	const struct i40_dg_series *o = a->m[I40_OEE_OEE] >= 0 ? ser(m, a->m[I40_OEE_OEE]) : NULL;
	const struct i40_dg_series *pl = a->m[I40_OEE_PLANNED] >= 0 ? ser(m, a->m[I40_OEE_PLANNED]) : NULL;

	for (int k = 0; k < I40_OEE_NMETRIC; k++) {
		const struct i40_dg_series *s = a->m[k] >= 0 ? ser(m, a->m[k]) : NULL;
		double mx = 0;

		a->scale[k] = 1;
		a->agg[k] = NAN;
		if (s == NULL || s->npts == 0)
			continue;
		for (size_t i = 0; i < s->npts; i++)
			mx = fmax(mx, fabs(s->pts[i].v));
		if (is_ratio(k) && mx > 1.5)
			a->scale[k] = 0.01;
	}
	a->planned = NAN;
	if (pl && pl->npts) {
		a->planned = 0;
		for (size_t i = 0; i < pl->npts; i++)
			a->planned += pl->pts[i].v;
	}
	if (o == NULL)
		return;
	a->nper = (int)o->npts;
	a->weighted = pl != NULL;
	for (size_t i = 0; i < o->npts && a->weighted; i++)
		a->weighted = point_at(pl, o->pts[i].t) > 0;
	for (int k = 0; k < I40_OEE_NMETRIC; k++) {
		const struct i40_dg_series *s = a->m[k] >= 0 ? ser(m, a->m[k]) : NULL;
		double num = 0, den = 0;

		if (s == NULL || k == I40_OEE_PLANNED || k == I40_OEE_RUN)
			continue;
		for (size_t i = 0; i < s->npts; i++) {
			double w = 1, v = s->pts[i].v * a->scale[k];

			if (a->weighted && k <= I40_OEE_QUALITY) {
				int64_t t = s->pts[i].t;
				double av = point_at(ser(m, a->m[I40_OEE_AVAILABILITY < I40_OEE_NMETRIC ?
							      I40_OEE_AVAILABILITY : 0]), t);

				w = point_at(pl, t);
				if (a->m[I40_OEE_AVAILABILITY] < 0)
					av = NAN;
				if (k >= I40_OEE_PERFORMANCE && !isnan(av))
					w *= av * a->scale[I40_OEE_AVAILABILITY];
				if (k == I40_OEE_QUALITY && a->m[I40_OEE_PERFORMANCE] >= 0) {
					double pf = point_at(ser(m, a->m[I40_OEE_PERFORMANCE]), t);

					if (!isnan(pf))
						w *= pf * a->scale[I40_OEE_PERFORMANCE];
				}
			}
			if (isnan(v) || isnan(w))
				continue;
			num += w * v;
			den += w;
		}
		a->agg[k] = den > 0 ? num / den : NAN;
	}
	if (isnan(a->planned) && o->npts == 1 && a->m[I40_OEE_RUN] >= 0 && !isnan(a->agg[I40_OEE_AVAILABILITY])
	    && a->agg[I40_OEE_AVAILABILITY] > 0)
		a->planned = ser(m, a->m[I40_OEE_RUN])->sum / a->agg[I40_OEE_AVAILABILITY];
}

/* An item's field, NULL when not known. */
static const struct i40_dg_series *
inv_get(const struct i40_digest *d, const char *item, int field)
{
	const struct i40_dg_series *s = i40_digest_find(d, item, i40_inv_field_name(field));

	return s && s->nnum > 0 ? s : NULL;
}

/* OEE minus target in percentage points, to the 0.1 shown: a figure
 * just under target prints "+0.0", not "-0.0". */
static double
points_from_target(double oee, double target)
{
	return round(1000 * (oee - target)) / 10 + 0.0;
}

/* 1: order now, 0: no, -1: not known.  An order quantity (what
 * i40-forecast --inventory decided with its review period, packs and
 * what is on order) is the answer; without one, stock plus what is on
 * order at or below the reorder point. */
static int
needs_order(const struct i40_digest *d, const char *item)
{
	const struct i40_dg_series *q = inv_get(d, item, I40_INV_ORDER_QTY);
	const struct i40_dg_series *st = inv_get(d, item, I40_INV_STOCK);
	const struct i40_dg_series *rp = inv_get(d, item, I40_INV_REORDER);
	const struct i40_dg_series *oo = inv_get(d, item, I40_INV_ON_ORDER);

	if (q)
		return q->last > 0;
	if (st == NULL || rp == NULL)
		return -1;
	return st->last + (oo ? oo->last : 0) <= rp->last;
}

static int
build(struct model *m, struct i40_err *err)
{
	const struct i40_digest *d = m->d;
	size_t n = d->nseries, nassets = 0;
	struct masset *runs;
	double target_in = NAN;

	m->sorted = malloc((n ? n : 1) * sizeof *m->sorted);
	m->eps = malloc((d->nep ? d->nep : 1) * sizeof *m->eps);
	m->fc = malloc((n ? n : 1) * sizeof *m->fc);
	m->items = malloc((n ? n : 1) * sizeof *m->items);
	if (!m->sorted || !m->eps || !m->fc || !m->items || i40_digest_sorted(d, m->sorted) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");

	/* episodes worth showing: those of events where a series has them */
	for (size_t i = 0; i < d->nep; i++) {
		const struct i40_dg_episode *e = &d->ep[i];
		const struct i40_dg_series *s = d->series[e->series];

		if (s->has_events && !e->from_event)
			continue;
		m->eps[m->neps++] = (struct epref){ s->asset, s->signal, e->start, (long)i };
		m->nalarm += e->level == I40_LVL_ALARM;
		m->nopen += e->open;
	}
	qsort(m->eps, m->neps, sizeof *m->eps, cmp_ep);
	m->has_detect = d->detect || d->nep > 0;

	/* assets: runs of the sorted series */
	for (size_t i = 0; i < n; i++)
		nassets += i == 0 || strcmp(ser(m, m->sorted[i])->asset, ser(m, m->sorted[i - 1])->asset) != 0;
	m->a = calloc(nassets + 1, sizeof *m->a);
	runs = calloc(nassets + 1, sizeof *runs);
	if (m->a == NULL || runs == NULL) {
		free(runs);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	{
		size_t k = 0, e = 0;

		for (size_t i = 0; i < n; i++) {
			const struct i40_dg_series *s = ser(m, m->sorted[i]);
			struct masset *r;

			if (i == 0 || strcmp(s->asset, runs[k - 1].name) != 0) {
				r = &runs[k++];
				r->name = s->asset;
				r->s0 = i;
				for (int j = 0; j < I40_OEE_NMETRIC; j++)
					r->m[j] = -1;
				while (e < m->neps && strcmp(m->eps[e].asset, s->asset) < 0)
					e++;
				r->e0 = e;
				while (e < m->neps && strcmp(m->eps[e].asset, s->asset) == 0) {
					const struct i40_dg_episode *ep = &d->ep[m->eps[e].idx];

					r->nalarm += ep->level == I40_LVL_ALARM;
					r->nopen += ep->open;
					e++;
				}
				r->e1 = e;
			}
			r = &runs[k - 1];
			r->s1 = i + 1;
			if (s->role == I40_DG_SIGNAL && s->n > 0)
				r->signals++;
			if (s->role == I40_DG_OEE) {
				if (s->metric < I40_OEE_NMETRIC)
					r->m[s->metric] = s->id;
				else if (s->metric == I40_OEE_LOSS)
					r->nloss++;
				else if (s->metric == I40_OEE_PARETO)
					r->npareto++;
				else if (s->metric == I40_OEE_AUX && strcmp(s->sub, "target.oee") == 0
					 && s->nnum > 0 && !m->l->target_given && isnan(target_in))
					target_in = s->sum / (double)s->nnum;
			}
			if (s->role == I40_DG_FORECAST)
				m->fc[m->nfc++] = s->id;
			if (s->role == I40_DG_INVENTORY && (m->nitems == 0
							    || strcmp(m->items[m->nitems - 1], s->asset) != 0))
				m->items[m->nitems++] = s->asset;
		}
		/* the layout's assets first, in its order; then the rest */
		for (size_t j = 0; j < m->l->nassets; j++)
			for (size_t i = 0; i < k; i++)
				if (runs[i].name && strcmp(runs[i].name, m->l->assets[j].name) == 0) {
					m->a[m->na] = runs[i];
					m->a[m->na++].conf = &m->l->assets[j];
					runs[i].name = NULL;
				}
		for (size_t i = 0; i < k; i++)
			if (runs[i].name)
				m->a[m->na++] = runs[i];
	}
	free(runs);
	m->target = isnan(target_in) ? m->l->target : target_in;
	for (size_t i = 0; i < m->na; i++) {
		oee_aggregate(m, &m->a[i]);
		m->noee += m->a[i].m[I40_OEE_OEE] >= 0 || m->a[i].nloss > 0 || m->a[i].npareto > 0;
	}
	for (size_t i = 0; i < m->nitems; i++)
		m->nreorder += needs_order(d, m->items[i]) == 1;

	/* the range of charts: the period asked, else the data's */
	if (m->o->from < m->o->to && m->o->from != INT64_MIN && m->o->to != INT64_MAX) {
		m->r0 = m->o->from;
		m->r1 = m->o->to;
		m->have_range = 1;
	} else if (d->t_min <= d->t_max) {
		m->r0 = m->o->from != INT64_MIN && m->o->from < m->o->to ? m->o->from : d->t_min;
		/* the last record is inside [r0, r1) */
		m->r1 = m->o->to != INT64_MAX && m->o->from < m->o->to ? m->o->to : d->t_max + 1;
		if (m->r1 - m->r0 <= 1) {
			m->r0 -= 1800 * NS;
			m->r1 += 1800 * NS;
		}
		m->have_range = 1;
	}
	return 0;
}

static void
model_free(struct model *m)
{
	free(m->sorted);
	free(m->eps);
	free(m->a);
	free(m->fc);
	free(m->items);
}

/* ---- output in three formats ---- */

struct out {
	enum i40_report_format fmt;
	FILE *f;
	struct i40_page pg;
	size_t width;
	struct i40_err *err;
	int failed;
	int nsec;
};

/* Markdown: characters that would start markup are escaped. */
static void
md_esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			fputc('\\', f);
		fputc(*s == '\n' ? ' ' : *s, f);
	}
}

/* Text: words wrapped to width, the first line after prefix, the rest
 * indented as far. */
static void
wrap(FILE *f, const char *prefix, const char *text, size_t width)
{
	size_t indent = i40_text_width(prefix), col = indent;
	const char *p = text;
	char word[512];

	fputs(prefix, f);
	while (*p) {
		size_t len = 0, w;

		while (*p == ' ')
			p++;
		while (p[len] && p[len] != ' ' && len < sizeof word - 1)
			len++;
		if (len == 0)
			break;
		memcpy(word, p, len);
		word[len] = 0;
		p += len;
		w = i40_text_width(word);
		if (col > indent && col + 1 + w > width) {
			fputc('\n', f);
			for (size_t i = 0; i < indent; i++)
				fputc(' ', f);
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fputs(word, f);
		col += w;
	}
	fputc('\n', f);
}

static void
rule(FILE *f, const char *ch, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fputs(ch, f);
	fputc('\n', f);
}

static void
o_begin(struct out *o, const char *title, const char *subtitle, const char *footer)
{
	size_t w = i40_text_width(title);

	switch (o->fmt) {
	case I40_REPORT_TEXT:
		fprintf(o->f, "%s\n", title);
		rule(o->f, "=", w < o->width ? w : o->width);
		wrap(o->f, "", subtitle, o->width);
		break;
	case I40_REPORT_MD:
		fputs("# ", o->f);
		md_esc(o->f, title);
		fputs("\n\n", o->f);
		md_esc(o->f, subtitle);
		fputc('\n', o->f);
		break;
	case I40_REPORT_HTML:
		o->pg = (struct i40_page){ .title = title, .subtitle = subtitle, .footer = footer };
		if (i40_page_begin(&o->pg, o->f, o->err) != 0)
			o->failed = 1;
		break;
	}
}

static void
o_section(struct out *o, const char *title, const char *intro)
{
	o->nsec++;
	switch (o->fmt) {
	case I40_REPORT_TEXT:
		fprintf(o->f, "\n%s\n", title);
		rule(o->f, "-", i40_text_width(title));
		if (intro)
			wrap(o->f, "", intro, o->width);
		break;
	case I40_REPORT_MD:
		fputs("\n## ", o->f);
		md_esc(o->f, title);
		fputc('\n', o->f);
		if (intro) {
			fputc('\n', o->f);
			md_esc(o->f, intro);
			fputc('\n', o->f);
		}
		break;
	case I40_REPORT_HTML:
		i40_page_section(&o->pg, title, intro);
		break;
	}
}

static const char *
level_word(enum i40_level l)
{
	return l == I40_LVL_ALARM ? "ALARM" : l == I40_LVL_WARN ? "WARNING" : l == I40_LVL_TARGET ? "OK" : "NOTE";
}

static void
o_note(struct out *o, enum i40_level level, const char *text)
{
	char prefix[32];

	switch (o->fmt) {
	case I40_REPORT_TEXT:
		snprintf(prefix, sizeof prefix, "%s: ", level_word(level));
		fputc('\n', o->f);
		wrap(o->f, prefix, text, o->width);
		break;
	case I40_REPORT_MD:
		fprintf(o->f, "\n> **%s:** ", level_word(level));
		md_esc(o->f, text);
		fputc('\n', o->f);
		break;
	case I40_REPORT_HTML:
		i40_page_note(&o->pg, level, text);
		break;
	}
}

static void
o_kpis(struct out *o, const struct i40_kpi *k, size_t n)
{
	size_t lw = 0, vw = 0;
	char buf[600];

	switch (o->fmt) {
	case I40_REPORT_TEXT:
		for (size_t i = 0; i < n; i++) {
			lw = i40_text_width(k[i].label) > lw ? i40_text_width(k[i].label) : lw;
			vw = i40_text_width(k[i].value) > vw ? i40_text_width(k[i].value) : vw;
		}
		fputc('\n', o->f);
		for (size_t i = 0; i < n; i++) {
			size_t pos = 0, used;
			char line[1024], fit[512];

			used = i40_text_fit(k[i].label, lw, fit, sizeof fit);
			pos += (size_t)snprintf(line + pos, sizeof line - pos, "  %s%*s  ", fit,
						(int)(lw - used), "");
			used = i40_text_fit(k[i].value, vw, fit, sizeof fit);
			pos += (size_t)snprintf(line + pos, sizeof line - pos, "%s", fit);
			if (k[i].note && k[i].note[0] && o->width > 2 + lw + 2 + vw + 8) {
				pos += (size_t)snprintf(line + pos, sizeof line - pos, "%*s  ", (int)(vw - used), "");
				i40_text_fit(k[i].note, o->width - (2 + lw + 2 + vw + 2), fit, sizeof fit);
				snprintf(line + pos, sizeof line - pos, "%s", fit);
			}
			fprintf(o->f, "%s\n", line);
		}
		break;
	case I40_REPORT_MD:
		fputc('\n', o->f);
		for (size_t i = 0; i < n; i++) {
			fputs("- **", o->f);
			md_esc(o->f, k[i].label);
			fputs(":** ", o->f);
			md_esc(o->f, k[i].value);
			if (k[i].note && k[i].note[0]) {
				snprintf(buf, sizeof buf, " \xe2\x80\x94 %s", k[i].note);
				md_esc(o->f, buf);
			}
			fputc('\n', o->f);
		}
		break;
	case I40_REPORT_HTML:
		i40_page_kpis(&o->pg, k, n);
		break;
	}
}

static void
o_table(struct out *o, const struct i40_tab *t)
{
	int rc = 0;

	if (o->fmt != I40_REPORT_HTML)
		fputc('\n', o->f);
	switch (o->fmt) {
	case I40_REPORT_TEXT: rc = i40_tab_text(o->f, t, o->width, o->err); break;
	case I40_REPORT_MD: rc = i40_tab_md(o->f, t, o->err); break;
	case I40_REPORT_HTML: rc = i40_tab_html(o->f, t, o->err); break;
	}
	if (rc != 0)
		o->failed = 1;
}

/* A line of text under a table or chart ("and 12 more"). */
static void
o_text(struct out *o, const char *text)
{
	switch (o->fmt) {
	case I40_REPORT_TEXT:
		wrap(o->f, "", text, o->width);
		break;
	case I40_REPORT_MD:
		fputc('\n', o->f);
		md_esc(o->f, text);
		fputc('\n', o->f);
		break;
	case I40_REPORT_HTML:
		i40_page_text(&o->pg, text);
		break;
	}
}

static void
o_end(struct out *o, const char *footer)
{
	switch (o->fmt) {
	case I40_REPORT_TEXT:
		fputc('\n', o->f);
		wrap(o->f, "", footer, o->width);
		break;
	case I40_REPORT_MD:
		fputs("\n---\n\n", o->f);
		md_esc(o->f, footer);
		fputc('\n', o->f);
		break;
	case I40_REPORT_HTML:
		if (i40_page_end(&o->pg, o->err) != 0)
			o->failed = 1;
		break;
	}
}

/* A chart in a figure (HTML only). */
typedef int chart_fn(FILE *, const void *, struct i40_err *);

static void
o_chart(struct out *o, chart_fn *fn, const void *chart, const char *caption)
{
	i40_page_figure_begin(&o->pg);
	if (fn(o->f, chart, o->err) != 0)
		o->failed = 1;
	i40_page_figure_end(&o->pg, caption);
}

static int c_line(FILE *f, const void *c, struct i40_err *e) { return i40_chart_line(f, c, e); }
static int c_bar(FILE *f, const void *c, struct i40_err *e) { return i40_chart_bar(f, c, e); }
static int c_wf(FILE *f, const void *c, struct i40_err *e) { return i40_chart_waterfall(f, c, e); }
static int c_par(FILE *f, const void *c, struct i40_err *e) { return i40_chart_pareto(f, c, e); }
static int c_fan(FILE *f, const void *c, struct i40_err *e) { return i40_chart_fan(f, c, e); }

/* ---- table cells ---- */

/* Cells of a table under construction: nrows x ncols strings. */
struct cells {
	char (*c)[MAXCELL];
	const char **p;
	size_t ncols, nrows, cap;
};

static char *
cell_row(struct cells *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 8;
		char (*c)[MAXCELL] = realloc(t->c, cap * t->ncols * sizeof *c);

		if (c == NULL)
			return NULL;
		t->c = c;
		t->cap = cap;
	}
	memset(t->c[t->nrows * t->ncols], 0, t->ncols * sizeof *t->c);
	return t->c[t->nrows++ * t->ncols];
}

static char *
cell(struct cells *t, size_t col)
{
	return t->c[(t->nrows - 1) * t->ncols + col];
}

/* Columns the table takes in text before anything is cut. */
static size_t
cells_width(const struct cells *t, const struct i40_tabcol *cols)
{
	size_t total = 0;

	for (size_t j = 0; j < t->ncols; j++) {
		size_t w = i40_text_width(cols[j].head ? cols[j].head : "");

		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = i40_text_width(t->c[r * t->ncols + j]);

			w = cw > w ? cw : w;
		}
		total += w + (j ? 2 : 0);
	}
	return total;
}

static int
cells_emit(struct out *o, struct cells *t, const struct i40_tabcol *cols, const char *caption)
{
	struct i40_tab tab = { cols, t->ncols, NULL, t->nrows, caption };

	if (t->nrows > 0) {
		t->p = malloc(t->nrows * t->ncols * sizeof *t->p);
		if (t->p == NULL)
			return i40_err_set(o->err, I40_ERR_NOMEM, "out of memory");
		for (size_t i = 0; i < t->nrows * t->ncols; i++)
			t->p[i] = t->c[i];
		tab.cells = t->p;
	}
	o_table(o, &tab);
	free(t->c);
	free(t->p);
	memset(t, 0, sizeof *t);
	return 0;
}

/* Sparkline cells as wide as the line allows: 20 at 80 columns. */
static size_t
spark_cells(size_t width)
{
	return width >= 80 ? SPARK : width >= 64 ? 12 : 6;
}

/* A sparkline of n cells (at most SPARK). */
static void
spark_cell(const struct model *m, const struct i40_dg_series *s, size_t n, char *buf, size_t size)
{
	double v[SPARK];

	buf[0] = 0;
	if (!m->have_range || i40_digest_spark(s, m->r0, m->r1, v, n) == 0)
		return;
	i40_text_spark(v, n, n, NAN, NAN, buf, size);
}

/* ---- summary ---- */

static int
ep_rank(const struct i40_dg_episode *a, const struct i40_dg_episode *b)
{
	/* alarms, then still open, then higher peak, then earlier */
	if (a->level != b->level)
		return a->level > b->level ? -1 : 1;
	if (a->open != b->open)
		return a->open ? -1 : 1;
	if (!isnan(a->peak) && !isnan(b->peak) && a->peak != b->peak)
		return a->peak > b->peak ? -1 : 1;
	return (a->start > b->start) - (a->start < b->start);
}

/* "press1 · vib_rms, Sun 27 14:02 – 14:40: sentence.  RUL 40 h (25–60 h)." */
static void
ep_sentence(const struct model *m, const struct i40_dg_episode *e, int with_asset, char *buf, size_t size)
{
	const struct i40_dg_series *s = ser(m, e->series);
	char a[48], b[48], extra[160] = "", what[300];
	size_t n;

	fmt_when(m->tz, e->start, W_DAYTIME, a, sizeof a);
	if (e->open)
		snprintf(b, sizeof b, "still active");
	else if (e->end - e->start < 86400 * NS)
		fmt_when(m->tz, e->end, W_HM, b, sizeof b);
	else
		fmt_when(m->tz, e->end, W_DAYTIME, b, sizeof b);
	if (e->text[0])
		snprintf(what, sizeof what, "%s", e->text);
	else if (e->rule[0])
		snprintf(what, sizeof what, "%s alert", e->rule);
	else
		snprintf(what, sizeof what, "alert");
	n = strlen(what);
	if (n > 0 && what[n - 1] != '.')
		snprintf(what + n, sizeof what - n, ".");
	if (!isnan(e->rul)) {
		char r[100];

		fmt_rul(e->rul, e->rul_lo, e->rul_hi, r, sizeof r);
		snprintf(extra, sizeof extra, " Remaining useful life %s.", r);
	}
	if (!isnan(e->p_fail)) {
		n = strlen(extra);
		snprintf(extra + n, sizeof extra - n, " Failure probability %.0f%%.", 100 * e->p_fail);
	}
	if (!e->open && e->end == e->start)
		snprintf(buf, size, "%s%s%s, %s: %s%s", with_asset ? s->asset : "",
			 with_asset ? " \xc2\xb7 " : "", s->signal, a, what, extra);
	else
		snprintf(buf, size, "%s%s%s, %s \xe2\x80\x93 %s: %s%s", with_asset ? s->asset : "",
			 with_asset ? " \xc2\xb7 " : "", s->signal, a, b, what, extra);
}

struct amount {                 /* a loss or a downtime reason, summed */
	const char *name;
	double v;
	const char *unit;
};

/* Sum the loss. (which = I40_OEE_LOSS) or pareto. series of the assets
 * (all when only is NULL) by name. */
static size_t
amounts(const struct model *m, const struct masset *only, int which, struct amount *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < m->na; i++) {
		const struct masset *a = &m->a[i];

		if (only && a != only)
			continue;
		for (size_t j = a->s0; j < a->s1; j++) {
			const struct i40_dg_series *s = ser(m, m->sorted[j]);
			size_t k;

			if (s->role != I40_DG_OEE || s->metric != which || s->nnum == 0)
				continue;
			for (k = 0; k < n && strcmp(out[k].name, s->sub) != 0; k++)
				;
			if (k == n) {
				if (n == cap)
					continue;
				out[n++] = (struct amount){ s->sub, 0, s->unit };
			}
			out[k].v += s->sum;
		}
	}
	return n;
}

static int
cmp_amount(const void *a, const void *b)
{
	const struct amount *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return strcmp(x->name, y->name);
}

#define MAXAMOUNT 256

static double
oee_of(const struct masset *a)
{
	return a->agg[I40_OEE_OEE];
}

/* What the reader should know about the data behind the figures. */
static void
data_notes(struct out *o, const struct model *m)
{
	const struct i40_digest *d = m->d;
	char buf[400];
	long dropped = 0;

	for (size_t i = 0; i < d->nseries; i++)
		dropped += d->series[i]->dropped;
	if (m->o->rejected > 0) {
		snprintf(buf, sizeof buf, "%ld bad record%s left out (reported on standard error; "
			 "--rejects FILE keeps them).", m->o->rejected, m->o->rejected == 1 ? " was" : "s were");
		o_note(o, I40_LVL_WARN, buf);
	}
	if (d->ep_dropped > 0) {
		snprintf(buf, sizeof buf, "Only the first %zu alert episodes were kept; %ld more are "
			 "not in this report.", d->opt.max_episodes, d->ep_dropped);
		o_note(o, I40_LVL_WARN, buf);
	}
	if (dropped > 0) {
		snprintf(buf, sizeof buf, "%ld OEE or forecast rows beyond %zu a series are not in "
			 "this report.", dropped, d->opt.max_points);
		o_note(o, I40_LVL_WARN, buf);
	}
}

static int
has_section(const struct model *m, enum i40_report_section sec)
{
	for (int i = 0; i < m->l->nsections; i++)
		if (m->l->sections[i] == sec)
			return 1;
	return 0;
}

/* "Not in the input: OEE (i40-oee), forecasts (i40-forecast)."
 * for the parts of the layout that the input had nothing for. */
static void
missing(const struct model *m, char *buf, size_t size)
{
	const char *what[4];
	size_t n = 0, pos = 0, nsig = 0;

	for (size_t i = 0; i < m->na; i++)
		nsig += (size_t)m->a[i].signals;
	if (nsig == 0 && has_section(m, I40_SEC_ASSETS))
		what[n++] = "measurements";
	if (!m->has_detect && has_section(m, I40_SEC_ASSETS))
		what[n++] = "alerts (i40-detect)";
	if (m->noee == 0 && has_section(m, I40_SEC_OEE))
		what[n++] = "OEE (i40-oee)";
	if (m->nfc == 0 && m->nitems == 0 && has_section(m, I40_SEC_FORECAST))
		what[n++] = "forecasts (i40-forecast)";
	buf[0] = 0;
	for (size_t i = 0; i < n && pos < size; i++)
		pos += (size_t)snprintf(buf + pos, size - pos, "%s%s", i == 0 ? "Not in the input: " : ", ",
					what[i]);
	if (n > 0 && pos < size)
		snprintf(buf + pos, size - pos, ".");
}

static void
sec_summary(struct out *o, struct model *m)
{
	const struct i40_digest *d = m->d;
	struct i40_kpi k[12];
	char v[12][64], lab[12][64], note[12][256];
	double spark[12][64];
	size_t nk = 0, nsig = 0, nassets = 0;
	struct amount am[MAXAMOUNT];
	char intro[300];
	size_t na;

	missing(m, intro, sizeof intro);
	o_section(o, "Summary", intro[0] ? intro : NULL);
	for (size_t i = 0; i < m->na; i++) {
		nassets += m->a[i].signals > 0 || m->a[i].e1 > m->a[i].e0;
		nsig += (size_t)m->a[i].signals;
	}
	if (nassets > 0) {
		snprintf(v[nk], sizeof v[nk], "%zu", nassets);
		snprintf(note[nk], sizeof note[nk], "%zu signal%s \xc2\xb7 %ld records", nsig,
			 nsig == 1 ? "" : "s", d->used);
		k[nk] = (struct i40_kpi){ "Assets", v[nk], note[nk], I40_LVL_INFO, NULL, 0 };
		nk++;
	}
	if (m->has_detect) {
		snprintf(v[nk], sizeof v[nk], "%zu", m->neps);
		if (m->neps == 0)
			snprintf(note[nk], sizeof note[nk], "none in the period");
		else
			snprintf(note[nk], sizeof note[nk], "%d alarm%s \xc2\xb7 %d still active", m->nalarm,
				 m->nalarm == 1 ? "" : "s", m->nopen);
		k[nk] = (struct i40_kpi){ "Alerts", v[nk], note[nk],
					  m->nalarm ? I40_LVL_ALARM : m->neps ? I40_LVL_WARN : I40_LVL_TARGET,
					  NULL, 0 };
		nk++;
	}
	for (size_t i = 0, shown = 0; i < m->na && nk < 8; i++) {
		const struct masset *a = &m->a[i];
		const struct i40_dg_series *os;
		double x = oee_of(a), t = m->target;

		if (isnan(x) || shown == 5)
			continue;
		shown++;
		fmt_pct(x, v[nk], sizeof v[nk]);
		snprintf(lab[nk], sizeof lab[nk], "OEE %s", a->name);
		snprintf(note[nk], sizeof note[nk], "target %.0f%% \xc2\xb7 %+.1f pts%s", 100 * t,
			 points_from_target(x, t), a->nper > 1 && !a->weighted ? " \xc2\xb7 mean of periods" : "");
		k[nk] = (struct i40_kpi){ lab[nk], v[nk], note[nk], x >= t ? I40_LVL_TARGET : I40_LVL_WARN,
					  NULL, 0 };
		os = ser(m, a->m[I40_OEE_OEE]);
		if (os->npts > 1) {
			size_t np = os->npts < 64 ? os->npts : 64;

			for (size_t j = 0; j < np; j++)
				spark[nk][j] = os->pts[os->npts - np + j].v * a->scale[I40_OEE_OEE];
			k[nk].spark = spark[nk];
			k[nk].nspark = np;
		}
		nk++;
	}
	na = amounts(m, NULL, I40_OEE_LOSS, am, MAXAMOUNT);
	if (na > 0 && nk < 11) {
		double planned = 0;
		int known = 1;

		qsort(am, na, sizeof *am, cmp_amount);
		for (size_t i = 0; i < m->na; i++)
			if (m->a[i].nloss > 0) {
				if (isnan(m->a[i].planned))
					known = 0;
				else
					planned += m->a[i].planned;
			}
		pretty(am[0].name, v[nk], sizeof v[nk]);
		fmt_qty(am[0].v, am[0].unit, note[nk], sizeof note[nk]);
		if (known && planned > 0)
			snprintf(note[nk] + strlen(note[nk]), sizeof note[nk] - strlen(note[nk]),
				 " \xc2\xb7 %.1f%% of planned time", 100 * am[0].v / planned);
		k[nk] = (struct i40_kpi){ "Top loss", v[nk], note[nk], I40_LVL_INFO, NULL, 0 };
		nk++;
	}
	na = amounts(m, NULL, I40_OEE_PARETO, am, MAXAMOUNT);
	if (na > 0 && nk < 11) {
		double total = 0;

		qsort(am, na, sizeof *am, cmp_amount);
		for (size_t i = 0; i < na; i++)
			total += am[i].v;
		snprintf(v[nk], sizeof v[nk], "%s", am[0].name);
		fmt_qty(am[0].v, am[0].unit, note[nk], sizeof note[nk]);
		if (total > 0)
			snprintf(note[nk] + strlen(note[nk]), sizeof note[nk] - strlen(note[nk]),
				 " \xc2\xb7 %.0f%% of downtime", 100 * am[0].v / total);
		k[nk] = (struct i40_kpi){ "Top downtime reason", v[nk], note[nk], I40_LVL_INFO, NULL, 0 };
		nk++;
	}
	if (m->nitems > 0 && nk < 12) {
		size_t pos = 0;

		snprintf(v[nk], sizeof v[nk], "%d item%s", m->nreorder, m->nreorder == 1 ? "" : "s");
		note[nk][0] = 0;
		for (size_t i = 0; i < m->nitems; i++) {
			if (needs_order(d, m->items[i]) == 1 && pos < sizeof note[nk] - 1)
				pos += (size_t)snprintf(note[nk] + pos, sizeof note[nk] - pos, "%s%s",
							pos ? ", " : "", m->items[i]);
		}
		if (m->nreorder == 0)
			snprintf(note[nk], sizeof note[nk], "all %zu above their reorder point", m->nitems);
		k[nk] = (struct i40_kpi){ "Reorder now", v[nk], note[nk],
					  m->nreorder ? I40_LVL_WARN : I40_LVL_TARGET, NULL, 0 };
		nk++;
	}
	if (nk > 0)
		o_kpis(o, k, nk);

	/* the alerts that matter most, in words */
	{
		const struct i40_dg_episode *top[3] = { NULL, NULL, NULL };
		char buf[800];

		for (size_t i = 0; i < m->neps; i++) {
			const struct i40_dg_episode *e = &d->ep[m->eps[i].idx];

			for (int j = 0; j < 3; j++)
				if (top[j] == NULL || ep_rank(e, top[j]) < 0) {
					for (int q = 2; q > j; q--)
						top[q] = top[q - 1];
					top[j] = e;
					break;
				}
		}
		for (int j = 0; j < 3 && top[j]; j++) {
			ep_sentence(m, top[j], 1, buf, sizeof buf);
			o_note(o, top[j]->level, buf);
		}
		if (m->neps > 3) {
			snprintf(buf, sizeof buf, "%zu more alert episode%s in the asset sections below.",
				 m->neps - 3, m->neps - 3 == 1 ? "" : "s");
			o_text(o, buf);
		}
	}
	data_notes(o, m);
}

/* ---- OEE ---- */

/* Which of the three OEE factors a loss takes away from. */
static int
loss_group(const char *name)
{
	static const char *const words[3][8] = {
		{ "break", "fail", "down", "setup", "set_up", "adjust", "changeover", NULL },
		{ "small", "minor", "idl", "stop", "speed", "slow", NULL },
		{ "start", "reject", "scrap", "defect", "quality", "yield", "rework", NULL },
	};
	char low[64];
	size_t i;

	for (i = 0; i < sizeof low - 1 && name[i]; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = 0;
	for (int g = 0; g < 3; g++)
		for (int k = 0; words[g][k]; k++)
			if (strstr(low, words[g][k]))
				return g;
	return 3;
}

static int
cmp_loss(const void *a, const void *b)
{
	const struct amount *x = a, *y = b;
	int gx = loss_group(x->name), gy = loss_group(y->name);

	if (gx != gy)
		return gx - gy;
	return cmp_amount(a, b);
}

/* Period labels: dates for daily periods, times for shorter ones. */
static void
period_label(const struct model *m, const struct i40_dg_series *s, size_t i, char *buf, size_t size)
{
	int64_t step = s->npts > 1 ? s->pts[1].t - s->pts[0].t : 86400 * NS;
	struct ltime lt;

	local_time(m->tz, s->pts[i].t, &lt);
	if (step >= 28 * 86400 * NS)
		snprintf(buf, size, "%s %d", mon_name[lt.c.month - 1], lt.c.year);
	else if (step >= 86400 * NS && lt.c.hour == 0 && lt.c.min == 0)
		snprintf(buf, size, "%s %d %s", wday_name[lt.wday], lt.c.day, mon_name[lt.c.month - 1]);
	else
		snprintf(buf, size, "%d %s %02d:%02d", lt.c.day, mon_name[lt.c.month - 1], lt.c.hour, lt.c.min);
}

static void
oee_charts(struct out *o, const struct model *m, char tl[64])
{
	const char **labels = calloc(m->na + 1, sizeof *labels);
	double *vals = calloc(m->na + 1, sizeof *vals), top = 100;
	size_t n = 0, nper = 0;

	if (labels == NULL || vals == NULL)
		goto out;
	for (size_t i = 0; i < m->na; i++) {
		if (isnan(oee_of(&m->a[i])))
			continue;
		labels[n] = m->a[i].name;
		vals[n] = 100 * oee_of(&m->a[i]);
		top = fmax(top, vals[n]);
		n++;
		nper += m->a[i].nper > 1;
	}
	if (n > 0) {
		struct i40_barchart bc = {
			.c = { 900, 280, "OEE by asset", "Overall equipment effectiveness of each asset "
			       "over the period against the target.", "oee", NULL, "OEE (%)", m->tzfn },
			labels, vals, n, 100 * m->target, tl, 1, 0, top > 100 ? NAN : 100, 1, "%"
		};

		o_chart(o, c_bar, &bc, NULL);
	}
	if (nper > 0)
		i40_page_row(&o->pg);
	for (size_t i = 0; i < m->na; i++) {
		const struct masset *a = &m->a[i];
		const struct i40_dg_series *s;
		char (*lab)[40], title[160], id[32];
		const char **lp;
		double *v;

		if (isnan(oee_of(a)) || a->nper < 2)
			continue;
		s = ser(m, a->m[I40_OEE_OEE]);
		lab = calloc(s->npts, sizeof *lab);
		lp = calloc(s->npts, sizeof *lp);
		v = calloc(s->npts, sizeof *v);
		if (lab && lp && v) {
			double hi = 100;

			for (size_t j = 0; j < s->npts; j++) {
				period_label(m, s, j, lab[j], sizeof lab[j]);
				lp[j] = lab[j];
				v[j] = 100 * s->pts[j].v * a->scale[I40_OEE_OEE];
				hi = fmax(hi, v[j]);
			}
			snprintf(title, sizeof title, "OEE by period \xe2\x80\x94 %s", a->name);
			snprintf(id, sizeof id, "oeep%zu", i);
			struct i40_barchart bc = {
				.c = { 440, 260, title, "OEE of the asset in each period against the target.",
				       id, NULL, "OEE (%)", m->tzfn },
				lp, v, s->npts, 100 * m->target, tl, 1, 0, hi > 100 ? NAN : 100, 0, NULL
			};

			o_chart(o, c_bar, &bc, NULL);
		}
		free(lab);
		free(lp);
		free(v);
	}
	if (nper > 0)
		i40_page_row_end(&o->pg);
out:
	free(labels);
	free(vals);
}

static void
oee_table(struct out *o, const struct model *m)
{
	static const int extra[] = { I40_OEE_TEEP, I40_OEE_MTBF, I40_OEE_MTTR, I40_OEE_SCRAP_RATE };
	static const char *const extra_head[] = { "TEEP", "MTBF", "MTTR", "Scrap rate" };
	struct i40_tabcol cols[16];
	int has[4] = { 0, 0, 0, 0 }, text = o->fmt != I40_REPORT_HTML, nc = 0;
	struct cells t = { 0 };

	for (size_t i = 0; i < m->na; i++)
		for (int k = 0; k < 4; k++)
			has[k] |= m->a[i].m[extra[k]] >= 0;
	cols[nc++] = (struct i40_tabcol){ "Asset", I40_AL_LEFT, 1, 0 };
	cols[nc++] = (struct i40_tabcol){ "OEE", I40_AL_RIGHT, 0, 0 };
	if (text)
		cols[nc++] = (struct i40_tabcol){ "", I40_AL_LEFT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "vs target", I40_AL_RIGHT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "Availability", I40_AL_RIGHT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "Performance", I40_AL_RIGHT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "Quality", I40_AL_RIGHT, 0, 0 };
	for (int k = 0; k < 4; k++)
		if (has[k] && o->fmt != I40_REPORT_TEXT)
			cols[nc++] = (struct i40_tabcol){ extra_head[k], I40_AL_RIGHT, 0, 0 };
	if (o->fmt == I40_REPORT_TEXT) {
		cols[1].head = "OEE";
		cols[4].head = "Avail.";
		cols[5].head = "Perf.";
		cols[6].head = "Qual.";
	}
	t.ncols = (size_t)nc;
	for (size_t i = 0; i < m->na; i++) {
		const struct masset *a = &m->a[i];
		int c = 0;

		if (isnan(oee_of(a)))
			continue;
		if (cell_row(&t) == NULL)
			break;
		snprintf(cell(&t, c++), MAXCELL, "%s", a->name);
		fmt_pct(oee_of(a), cell(&t, c++), MAXCELL);
		if (text)
			i40_text_bar(fmin(fmax(oee_of(a), 0), 1), 12, cell(&t, c++), MAXCELL);
		snprintf(cell(&t, c++), MAXCELL, "%+.1f pts", points_from_target(oee_of(a), m->target));
		for (int k = I40_OEE_AVAILABILITY; k <= I40_OEE_QUALITY; k++)
			fmt_pct(a->agg[k], cell(&t, c++), MAXCELL);
		for (int k = 0; k < 4; k++) {
			if (!has[k] || o->fmt == I40_REPORT_TEXT)
				continue;
			if (is_ratio(extra[k]))
				fmt_pct(a->agg[extra[k]], cell(&t, c++), MAXCELL);
			else
				fmt_qty(a->agg[extra[k]], a->m[extra[k]] >= 0 ? ser(m, a->m[extra[k]])->unit : "",
					cell(&t, c++), MAXCELL);
		}
	}
	cells_emit(o, &t, cols, "OEE over the period");
}

/* What i40-oee counted besides the ratios, summed over the period (all
 * of them add up over periods): times, stops, parts, energy. */
static void
oee_counts(struct out *o, const struct model *m)
{
	static const char *const name[] = { "planned_time", "run_time", "setup_time", "down_time",
					    "stops", "failures", "total", "good", "scrap", "energy" };
	static const char *const head[] = { "Planned", "Running", "Setup", "Down", "Stops",
					    "Failures", "Parts", "Good", "Scrap", "Energy" };
	enum { NC = sizeof name / sizeof name[0] };
	struct i40_tabcol cols[NC + 1];
	int col[NC], nc = 0, aux = 0;
	struct cells t = { 0 };
	char key[48];

	cols[nc++] = (struct i40_tabcol){ "Asset", I40_AL_LEFT, 1, 0 };
	for (int k = 0; k < NC; k++) {
		col[k] = -1;
		/* 80 columns of text hold the planned and running time, the
		 * stops and the parts */
		if (o->fmt == I40_REPORT_TEXT && (k == 2 || k == 3 || k == 6 || k == 9))
			continue;
		snprintf(key, sizeof key, "period.%s", name[k]);
		for (size_t i = 0; i < m->na && col[k] < 0; i++) {
			int own = i40_digest_find(m->d, m->a[i].name, key) != NULL;

			if (own || (k < 2 && i40_digest_find(m->d, m->a[i].name, name[k])))
				col[k] = nc++;
			aux |= own;
		}
		if (col[k] >= 0)
			cols[col[k]] = (struct i40_tabcol){ head[k], I40_AL_RIGHT, 0, 0 };
	}
	if (!aux)             /* planned and run time alone: the OEE table says it */
		return;
	t.ncols = (size_t)nc;
	for (size_t i = 0; i < m->na; i++) {
		const struct masset *a = &m->a[i];

		if (isnan(oee_of(a)))
			continue;
		if (cell_row(&t) == NULL)
			break;
		snprintf(cell(&t, 0), MAXCELL, "%s", a->name);
		for (int k = 0; k < NC; k++) {
			const struct i40_dg_series *s;

			if (col[k] < 0)
				continue;
			snprintf(key, sizeof key, "period.%s", name[k]);
			if ((s = i40_digest_find(m->d, a->name, key)) == NULL)
				s = i40_digest_find(m->d, a->name, name[k]);
			if (s == NULL || s->nnum == 0)
				snprintf(cell(&t, (size_t)col[k]), MAXCELL, "\xe2\x80\x93");
			else
				fmt_qty(s->sum, strcmp(s->unit, "parts") == 0 || strcmp(s->unit, "count") == 0
					? "" : s->unit, cell(&t, (size_t)col[k]), MAXCELL);
		}
	}
	cells_emit(o, &t, cols, "Time, stops and output over the period");
}

/* The losses of an asset by factor, and its planned time (derived from
 * OEE when the input has none: the losses and OEE make up planned time). */
static size_t
asset_losses(const struct model *m, const struct masset *a, struct amount *am, double *planned,
	     int *derived)
{
	size_t n = amounts(m, a, I40_OEE_LOSS, am, MAXAMOUNT);
	double sum = 0;

	qsort(am, n, sizeof *am, cmp_loss);
	for (size_t i = 0; i < n; i++)
		sum += am[i].v;
	*planned = a->planned;
	*derived = 0;
	if (isnan(*planned) && !isnan(oee_of(a)) && oee_of(a) < 1) {
		*planned = sum / (1 - oee_of(a));
		*derived = 1;
	}
	return n;
}

/* Text, Markdown: a row per loss. */
static void
loss_rows(const struct model *m, const struct masset *a, struct cells *t)
{
	struct amount am[MAXAMOUNT];
	double planned;
	int derived;
	size_t n = asset_losses(m, a, am, &planned, &derived);

	for (size_t i = 0; i < n; i++) {
		if (cell_row(t) == NULL)
			return;
		snprintf(cell(t, 0), MAXCELL, "%s", a->name);
		pretty(am[i].name, cell(t, 1), MAXCELL);
		fmt_qty(am[i].v, am[i].unit, cell(t, 2), MAXCELL);
		if (planned > 0) {
			fmt_pct(am[i].v / planned, cell(t, 3), MAXCELL);
			i40_text_bar(fmin(am[i].v / planned, 1), 10, cell(t, 4), MAXCELL);
		}
	}
}

/* HTML: a waterfall from planned time through run time and net run time
 * down to fully productive time. */
static void
loss_chart(struct out *o, const struct model *m, const struct masset *a)
{
	struct amount am[MAXAMOUNT];
	double planned;
	int derived, last = -1;
	size_t n = asset_losses(m, a, am, &planned, &derived), ns = 0;
	struct i40_wf_step *st = calloc(n + 4, sizeof *st);
	char (*lab)[64] = calloc(n + 4, sizeof *lab);
	char title[160], ytitle[80], id[32];
	const char *cap = NULL;

	if (st == NULL || lab == NULL)
		goto done;
	snprintf(title, sizeof title, "Six big losses \xe2\x80\x94 %s", a->name);
	with_unit("time", 4, n ? am[0].unit : "", ytitle, sizeof ytitle);
	snprintf(id, sizeof id, "loss%zu", (size_t)(a - m->a));
	if (planned > 0)
		st[ns++] = (struct i40_wf_step){ "Planned time", planned, I40_WF_TOTAL, NULL };
	for (size_t i = 0; i < n; i++) {
		int g = loss_group(am[i].name);

		if (planned > 0 && last >= 0 && g != last && last < 2)
			st[ns++] = (struct i40_wf_step){ last == 0 ? "Run time" : "Net run time", 0,
							 I40_WF_SUBTOTAL, NULL };
		last = g;
		pretty(am[i].name, lab[i], sizeof lab[i]);
		st[ns++] = (struct i40_wf_step){ lab[i], planned > 0 ? -am[i].v : am[i].v,
						 planned > 0 ? I40_WF_DELTA : I40_WF_TOTAL, NULL };
	}
	if (planned > 0)
		st[ns++] = (struct i40_wf_step){ "Fully productive", 0, I40_WF_SUBTOTAL, NULL };
	if (derived)
		cap = "Planned time derived from OEE and the losses.";
	else if (!(planned > 0))
		cap = "No planned time in the input: the losses alone.";
	{
		struct i40_waterfall wf = {
			.c = { 440, 280, title, "Planned production time of the asset over the period and "
			       "the time lost to each of the six big losses.", id, NULL, ytitle, m->tzfn },
			st, ns, 0, NULL
		};

		o_chart(o, c_wf, &wf, cap);
	}
done:
	free(st);
	free(lab);
}

static void
pareto(struct out *o, const struct model *m)
{
	struct amount am[MAXAMOUNT];
	size_t n = amounts(m, NULL, I40_OEE_PARETO, am, MAXAMOUNT);
	double total = 0, cum = 0;

	if (n == 0)
		return;
	qsort(am, n, sizeof *am, cmp_amount);
	for (size_t i = 0; i < n; i++)
		total += am[i].v;
	if (o->fmt == I40_REPORT_HTML) {
		const char **lab = calloc(n, sizeof *lab);
		double *v = calloc(n, sizeof *v);
		char yt[80];

		if (lab && v) {
			for (size_t i = 0; i < n; i++) {
				lab[i] = am[i].name;
				v[i] = am[i].v;
			}
			with_unit("downtime", 8, am[0].unit, yt, sizeof yt);
			struct i40_pareto pc = {
				.c = { 900, 300, "Downtime by reason", "Downtime of all assets over the "
				       "period by reason, largest first, with the cumulative share.", "pareto",
				       NULL, yt, m->tzfn },
				lab, v, n, 10, 0, NULL
			};
			o_chart(o, c_par, &pc, n > 10 ? "Reasons beyond the ninth are summed as \"other\"." : NULL);
		}
		free(lab);
		free(v);
		return;
	}
	{
		static const struct i40_tabcol cols[] = {
			{ "Reason", I40_AL_LEFT, 1, 0 }, { "Downtime", I40_AL_RIGHT, 0, 0 },
			{ "Share", I40_AL_RIGHT, 0, 0 }, { "Cumul.", I40_AL_RIGHT, 0, 0 },
			{ "", I40_AL_LEFT, 0, 0 },
		};
		struct cells t = { .ncols = 5 };
		size_t shown = n > 10 ? 9 : n;

		for (size_t i = 0; i < shown || (i == shown && i < n); i++) {
			double v = am[i].v;

			if (cell_row(&t) == NULL)
				break;
			if (i == shown) {
				for (size_t j = i + 1; j < n; j++)
					v += am[j].v;
				snprintf(cell(&t, 0), MAXCELL, "other (%zu reasons)", n - shown);
			} else {
				snprintf(cell(&t, 0), MAXCELL, "%s", am[i].name);
			}
			cum += v;
			fmt_qty(v, am[i].unit, cell(&t, 1), MAXCELL);
			if (total > 0) {
				fmt_pct(v / total, cell(&t, 2), MAXCELL);
				fmt_pct(cum / total, cell(&t, 3), MAXCELL);
				i40_text_bar(v / total, 10, cell(&t, 4), MAXCELL);
			}
			if (i == shown)
				break;
		}
		cells_emit(o, &t, cols, "Downtime by reason");
	}
}

static void
sec_oee(struct out *o, const struct model *m)
{
	char intro[300], tl[64];
	size_t nloss = 0;

	if (m->noee == 0)
		return;
	snprintf(tl, sizeof tl, "target %.0f%%", 100 * m->target);
	snprintf(intro, sizeof intro, "OEE = availability \xc3\x97 performance \xc3\x97 quality "
		 "(ISO 22400-2) over the period; target %.0f%%.", 100 * m->target);
	o_section(o, "Overall equipment effectiveness", intro);
	if (o->fmt == I40_REPORT_HTML)
		oee_charts(o, m, tl);
	oee_table(o, m);
	oee_counts(o, m);
	for (size_t i = 0; i < m->na; i++)
		nloss += m->a[i].nloss > 0;
	if (nloss > 0) {
		if (o->fmt == I40_REPORT_HTML) {
			if (nloss > 1)
				i40_page_row(&o->pg);
			for (size_t i = 0; i < m->na; i++)
				if (m->a[i].nloss > 0)
					loss_chart(o, m, &m->a[i]);
			if (nloss > 1)
				i40_page_row_end(&o->pg);
		} else {
			static const struct i40_tabcol cols[] = {
				{ "Asset", I40_AL_LEFT, 1, 0 }, { "Loss", I40_AL_LEFT, 1, 0 },
				{ "Time", I40_AL_RIGHT, 0, 0 }, { "Of planned", I40_AL_RIGHT, 0, 0 },
				{ "", I40_AL_LEFT, 0, 0 },
			};
			struct cells t = { .ncols = 5 };

			for (size_t i = 0; i < m->na; i++)
				if (m->a[i].nloss > 0)
					loss_rows(m, &m->a[i], &t);
			cells_emit(o, &t, cols, "Six big losses");
		}
	}
	pareto(o, m);
}

/* ---- assets ---- */

/* A chart: a signal and its features of the same unit (at most 4). */
struct group {
	const char *base;
	size_t blen;
	const char *unit;
	long ids[4];
	int n;
	int prio;                   /* lower first; -1: not drawn */
	int has_ep;
};

static int
base_len(const char *signal)
{
	const char *dot = strchr(signal, '.');

	return dot ? (int)(dot - signal) : (int)strlen(signal);
}

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio - y->prio;
	return strcmp(x->base, y->base) != 0 ? strcmp(x->base, y->base) : strcmp(x->unit, y->unit);
}

/* Does the asset's episode e belong to the group? */
static int
ep_in_group(const struct model *m, const struct i40_dg_episode *e, const struct group *g)
{
	const struct i40_dg_series *s = ser(m, e->series);

	for (int k = 0; k < g->n; k++)
		if (e->series == g->ids[k])
			return 1;
	/* an event on the signal itself belongs to the chart of its features */
	return (size_t)base_len(s->signal) == g->blen && strncmp(s->signal, g->base, g->blen) == 0;
}

static void
line_chart(struct out *o, const struct model *m, const struct masset *a, const struct group *g, int idx)
{
	struct i40_trace tr[4];
	int64_t *pt[4] = { 0 };
	double *pv[4] = { 0 };
	struct i40_span *sp = calloc(a->e1 - a->e0 + 1, sizeof *sp);
	struct i40_mark *mk = calloc(a->e1 - a->e0 + 1, sizeof *mk);
	struct i40_limit lim[2];
	char title[160], desc[300], ytitle[120], xtitle[100], id[32], lab[2][80], cap[160] = "";
	size_t nsp = 0, nmk = 0, nlim = 0;
	const struct i40_dg_series *b = ser(m, g->ids[0]);

	if (sp == NULL || mk == NULL)
		goto out;
	for (int k = 0; k < g->n; k++) {
		const struct i40_dg_series *s = ser(m, g->ids[k]);
		long n = i40_digest_points(s, &pt[k], &pv[k]);
		int64_t step = s->interval;

		if (n < 0)
			goto out;
		if (step == 0 && s->n > 1)
			step = (s->t_last - s->t_first) / (s->n - 1);
		tr[k] = (struct i40_trace){ s->signal, pt[k], pv[k], (size_t)n, 5 * step, NULL };
		if (nlim == 0 && (!isnan(s->hi) || !isnan(s->lo))) {
			char q[64];

			if (!isnan(s->hi)) {
				fmt_qty(s->hi, s->unit, q, sizeof q);
				snprintf(lab[nlim], sizeof lab[nlim], "alarm high %s", q);
				lim[nlim] = (struct i40_limit){ s->hi, I40_LVL_ALARM, lab[nlim] };
				nlim++;
			}
			if (!isnan(s->lo)) {
				fmt_qty(s->lo, s->unit, q, sizeof q);
				snprintf(lab[nlim], sizeof lab[nlim], "alarm low %s", q);
				lim[nlim] = (struct i40_limit){ s->lo, I40_LVL_ALARM, lab[nlim] };
				nlim++;
			}
		}
	}
	for (size_t i = a->e0; i < a->e1; i++) {
		const struct i40_dg_episode *e = &m->d->ep[m->eps[i].idx];

		if (!ep_in_group(m, e, g))
			continue;
		sp[nsp++] = (struct i40_span){ e->start, e->open ? m->r1 : e->end, e->level };
		if (e->peak_ts != INT64_MIN)
			mk[nmk++] = (struct i40_mark){ e->peak_ts, e->peak_value, e->level };
	}
	/* a feature alone (vib.kurtosis, in a unit of its own) is named in full */
	{
		int bl = g->n == 1 ? (int)strlen(b->signal) : (int)g->blen;

		snprintf(title, sizeof title, "%s \xc2\xb7 %.*s", a->name, bl, b->signal);
		with_unit(b->signal, bl, g->unit, ytitle, sizeof ytitle);
	}
	snprintf(xtitle, sizeof xtitle, "local time (%s)", m->tzname);
	snprintf(desc, sizeof desc, "%s of %s over the period%s%s.", ytitle, a->name,
		 nsp ? ", with alert episodes shaded" : "", nlim ? " and the alarm limits dashed" : "");
	snprintf(id, sizeof id, "a%zut%d", (size_t)(a - m->a), idx);
	if (b->m4.n > 4 * b->m4.ncols)
		snprintf(cap, sizeof cap, "%ld readings drawn with their per-pixel minimum and maximum, "
			 "so no spike is lost.", b->nnum);
	{
		struct i40_linechart lc = {
			.c = { 900, 260, title, desc, id, xtitle, ytitle, m->tzfn },
			tr, (size_t)g->n, sp, nsp, lim, nlim, mk, nmk, m->r0, m->r1, NAN, NAN
		};

		o_chart(o, c_line, &lc, cap[0] ? cap : NULL);
	}
out:
	for (int k = 0; k < 4; k++) {
		free(pt[k]);
		free(pv[k]);
	}
	free(sp);
	free(mk);
}

static void
asset_charts(struct out *o, const struct model *m, const struct masset *a)
{
	struct group *g = calloc(a->s1 - a->s0 + 1, sizeof *g);
	size_t ng = 0;
	int drawn = 0;

	if (g == NULL)
		return;
	for (size_t j = a->s0; j < a->s1; j++) {
		const struct i40_dg_series *s = ser(m, m->sorted[j]);
		size_t bl = (size_t)base_len(s->signal), k;

		if (s->role != I40_DG_SIGNAL || !s->has_m4 || s->m4.n == 0)
			continue;
		for (k = 0; k < ng; k++)
			if (g[k].blen == bl && strncmp(g[k].base, s->signal, bl) == 0 && strcmp(g[k].unit, s->unit) == 0)
				break;
		if (k == ng) {
			g[ng] = (struct group){ s->signal, bl, s->unit, { 0 }, 0, 0, 0 };
			/* counters rise all the time: charted only when asked */
			g[ng].prio = s->kind == I40_COUNTER ? -1 : 0;
			ng++;
		}
		if (g[k].n < 4)
			g[k].ids[g[k].n++] = s->id;
	}
	for (size_t k = 0; k < ng; k++) {
		const struct i40_dg_series *s = ser(m, g[k].ids[0]);

		for (size_t i = a->e0; i < a->e1; i++)
			g[k].has_ep |= ep_in_group(m, &m->d->ep[m->eps[i].idx], &g[k]);
		if (a->conf) {
			g[k].prio = -1;
			for (size_t c = 0; c < a->conf->nsignals; c++) {
				const char *want = a->conf->signals[c];

				if ((strlen(want) == g[k].blen && strncmp(want, g[k].base, g[k].blen) == 0)
				    || strcmp(want, s->signal) == 0) {
					g[k].prio = (int)c;
					break;
				}
			}
		} else if (g[k].prio == 0) {
			g[k].prio = 3 - 2 * g[k].has_ep - (!isnan(s->hi) || !isnan(s->lo));
		}
		if (g[k].prio < 0)
			g[k].prio = 1 << 20;
	}
	qsort(g, ng, sizeof *g, cmp_group);
	for (size_t k = 0; k < ng; k++) {
		if (g[k].prio == 1 << 20 || (!a->conf && drawn >= m->l->charts))
			break;
		line_chart(o, m, a, &g[k], drawn++);
	}
	free(g);
}

/* "RUN 82% · DOWN:jam 9% · IDLE 9%" */
static void
state_shares(const struct i40_dg_series *s, char *buf, size_t size)
{
	int64_t total = 0;
	int order[I40_DG_MAXSTATES], n = s->nstates;
	size_t pos = 0;

	buf[0] = 0;
	for (int i = 0; i < n; i++) {
		total += s->states[i].ns;
		order[i] = i;
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && s->states[order[j]].ns > s->states[order[j - 1]].ns; j--) {
			int t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (int i = 0; i < n && pos < size; i++) {
		const struct i40_dg_state *st = &s->states[order[i]];

		if (total > 0)
			pos += (size_t)snprintf(buf + pos, size - pos, "%s%s %.0f%%", i ? " \xc2\xb7 " : "",
						st->name, 100.0 * (double)st->ns / (double)total);
		else
			pos += (size_t)snprintf(buf + pos, size - pos, "%s%s \xc3\x97%ld", i ? " \xc2\xb7 " : "",
						st->name, st->n);
	}
}

static void
signal_tables(struct out *o, const struct model *m, const struct masset *a)
{
	int text = o->fmt != I40_REPORT_HTML, limits = 0, scores = 0, nc;
	struct i40_tabcol gc[10], cc[5];
	struct cells g = { 0 }, c = { .ncols = text ? 5 : 4 }, st = { .ncols = 3 };
	long more_g = 0, more_c = 0, more_s = 0;
	const struct i40_dg_series *shown[64];   /* the rows of the signal table */
	size_t nshown = 0;
	char buf[160];

	for (size_t j = a->s0; j < a->s1; j++) {
		const struct i40_dg_series *s = ser(m, m->sorted[j]);

		if (s->role != I40_DG_SIGNAL)
			continue;
		limits |= !isnan(s->hi) || !isnan(s->lo);
		scores |= s->has_score;
	}
	nc = 0;
	gc[nc++] = (struct i40_tabcol){ "Signal", I40_AL_LEFT, 1, 0 };
	gc[nc++] = (struct i40_tabcol){ "Unit", I40_AL_LEFT, 0, 0 };
	gc[nc++] = (struct i40_tabcol){ "Min", I40_AL_RIGHT, 0, 0 };
	gc[nc++] = (struct i40_tabcol){ "Mean", I40_AL_RIGHT, 0, 0 };
	gc[nc++] = (struct i40_tabcol){ "Max", I40_AL_RIGHT, 0, 0 };
	gc[nc++] = (struct i40_tabcol){ "Last", I40_AL_RIGHT, 0, 0 };
	if (limits)
		gc[nc++] = (struct i40_tabcol){ text ? "Beyond" : "Beyond limits", I40_AL_RIGHT, 0, 0 };
	if (scores)
		gc[nc++] = (struct i40_tabcol){ text ? "Score" : "Max score", I40_AL_RIGHT, 0, 0 };
	/* right-aligned so that a narrow table cuts names, not sparklines */
	if (text)
		gc[nc++] = (struct i40_tabcol){ "Trend", I40_AL_RIGHT, 0, 0 };
	g.ncols = (size_t)nc;
	cc[0] = (struct i40_tabcol){ "Counter", I40_AL_LEFT, 1, 0 };
	cc[1] = (struct i40_tabcol){ "Unit", I40_AL_LEFT, 0, 0 };
	cc[2] = (struct i40_tabcol){ "Increase", I40_AL_RIGHT, 0, 0 };
	cc[3] = (struct i40_tabcol){ "Last", I40_AL_RIGHT, 0, 0 };
	cc[4] = (struct i40_tabcol){ "Trend", I40_AL_RIGHT, 0, 0 };

	for (size_t j = a->s0; j < a->s1; j++) {
		const struct i40_dg_series *s = ser(m, m->sorted[j]);
		int k = 0;

		if (s->role != I40_DG_SIGNAL || s->n == 0)
			continue;
		if (s->nnum == 0 && s->ntext > 0) {
			if ((long)st.nrows >= m->l->rows) {
				more_s++;
				continue;
			}
			if (cell_row(&st) == NULL)
				break;
			snprintf(cell(&st, 0), MAXCELL, "%s", s->signal);
			snprintf(cell(&st, 1), MAXCELL, "%s", s->last_text);
			state_shares(s, cell(&st, 2), MAXCELL);
			continue;
		}
		if (s->kind == I40_COUNTER) {
			if ((long)c.nrows >= m->l->rows) {
				more_c++;
				continue;
			}
			if (cell_row(&c) == NULL)
				break;
			snprintf(cell(&c, 0), MAXCELL, "%s", s->signal);
			snprintf(cell(&c, 1), MAXCELL, "%s", unit_str(s->unit));
			fmt_num(s->nnum ? s->rise : NAN, cell(&c, 2), MAXCELL);
			fmt_num(s->nnum ? s->last : NAN, cell(&c, 3), MAXCELL);
			if (text)
				spark_cell(m, s, spark_cells(o->width), cell(&c, 4), MAXCELL);
			continue;
		}
		if ((long)g.nrows >= m->l->rows) {
			more_g++;
			continue;
		}
		if (cell_row(&g) == NULL)
			break;
		snprintf(cell(&g, k++), MAXCELL, "%s", s->signal);
		snprintf(cell(&g, k++), MAXCELL, "%s", unit_str(s->unit));
		fmt_num(s->nnum ? s->min : NAN, cell(&g, k++), MAXCELL);
		fmt_num(s->nnum ? s->sum / (double)s->nnum : NAN, cell(&g, k++), MAXCELL);
		fmt_num(s->nnum ? s->max : NAN, cell(&g, k++), MAXCELL);
		fmt_num(s->nnum ? s->last : NAN, cell(&g, k++), MAXCELL);
		if (limits) {
			if (isnan(s->hi) && isnan(s->lo))
				snprintf(cell(&g, k), MAXCELL, "\xe2\x80\x93");
			else if (text)
				snprintf(cell(&g, k), MAXCELL, "%ld", s->above + s->below);
			else
				snprintf(cell(&g, k), MAXCELL, "%ld of %ld", s->above + s->below, s->nnum);
			k++;
		}
		if (scores) {
			snprintf(cell(&g, k), MAXCELL, "%s", "");
			if (s->has_score)
				snprintf(cell(&g, k), MAXCELL, "%.2f", s->score_max);
			k++;
		}
		if (text) {
			spark_cell(m, s, spark_cells(o->width), cell(&g, k), MAXCELL);
			if (nshown < sizeof shown / sizeof *shown)
				shown[nshown++] = s;
		}
	}
	/* A table too wide for the line would cut the signal names: the
	 * sparklines give up cells first (down to 8), names only after. */
	if (text && g.nrows && g.nrows == nshown) {
		size_t need = cells_width(&g, gc), n = spark_cells(o->width);

		if (need > o->width && n > 8) {
			n = need - o->width < n - 8 ? n - (need - o->width) : 8;
			for (size_t r = 0; r < g.nrows; r++)
				spark_cell(m, shown[r], n, g.c[r * g.ncols + g.ncols - 1], MAXCELL);
		}
	}
	if (g.nrows)
		cells_emit(o, &g, gc, "Signals");
	if (more_g) {
		snprintf(buf, sizeof buf, "%ld more signal%s not listed.", more_g, more_g == 1 ? "" : "s");
		o_text(o, buf);
	}
	if (c.nrows)
		cells_emit(o, &c, cc, "Counters");
	if (more_c) {
		snprintf(buf, sizeof buf, "%ld more counter%s not listed.", more_c, more_c == 1 ? "" : "s");
		o_text(o, buf);
	}
	if (st.nrows) {
		static const struct i40_tabcol sc[] = {
			{ "State signal", I40_AL_LEFT, 0, 0 }, { "Last", I40_AL_LEFT, 0, 0 },
			{ "Time in state", I40_AL_LEFT, 1, 0 },
		};

		cells_emit(o, &st, sc, "States");
	}
	if (more_s) {
		snprintf(buf, sizeof buf, "%ld more state signal%s not listed.", more_s, more_s == 1 ? "" : "s");
		o_text(o, buf);
	}
	free(g.c);
	free(c.c);
	free(st.c);
}

static int
cmp_start(const void *a, const void *b)
{
	const struct i40_dg_episode *x = *(const struct i40_dg_episode *const *)a;
	const struct i40_dg_episode *y = *(const struct i40_dg_episode *const *)b;

	return (x->start > y->start) - (x->start < y->start);
}

static int
cmp_rank(const void *a, const void *b)
{
	return ep_rank(*(const struct i40_dg_episode *const *)a, *(const struct i40_dg_episode *const *)b);
}

/* Text: one line of facts per episode and its sentence wrapped under it,
 * since the sentence is what a reader acts on. */
static void
alert_list(struct out *o, const struct model *m, const struct i40_dg_episode *const *e, size_t n)
{
	fputs("\nAlerts\n", o->f);
	for (size_t i = 0; i < n; i++) {
		const struct i40_dg_series *s = ser(m, e[i]->series);
		char when[48], dur[48], peak[64] = "", rul[64] = "", pf[32] = "", what[300];

		fmt_when(m->tz, e[i]->start, W_DAYTIME, when, sizeof when);
		if (e[i]->open)
			snprintf(dur, sizeof dur, "still active");
		else
			fmt_dur(e[i]->end - e[i]->start, dur, sizeof dur);
		if (!isnan(e[i]->peak_value)) {
			char q[48];

			fmt_qty(e[i]->peak_value, s->unit, q, sizeof q);
			snprintf(peak, sizeof peak, "  peak %s", q);
		} else if (!isnan(e[i]->peak)) {
			snprintf(peak, sizeof peak, "  score %.2f", e[i]->peak);
		}
		if (!isnan(e[i]->rul)) {
			char r[32];

			fmt_num(e[i]->rul, r, sizeof r);
			snprintf(rul, sizeof rul, "  RUL %s h", r);
		}
		if (!isnan(e[i]->p_fail))
			snprintf(pf, sizeof pf, "  P(fail) %.0f%%", 100 * e[i]->p_fail);
		fprintf(o->f, "  %s  %s  %s  %s%s%s%s\n", when, s->signal, level_word(e[i]->level), dur,
			peak, rul, pf);
		snprintf(what, sizeof what, "%s", e[i]->text[0] ? e[i]->text : e[i]->rule[0] ? e[i]->rule : "alert");
		wrap(o->f, "      ", what, o->width);
	}
}

static void
alert_table(struct out *o, const struct model *m, const struct masset *a)
{
	size_t n = a->e1 - a->e0, shown;
	const struct i40_dg_episode **e = calloc(n + 1, sizeof *e);
	int rul = 0, pf = 0, nc = 0;
	struct i40_tabcol cols[8];
	struct cells t = { 0 };
	char buf[200];

	if (e == NULL || n == 0) {
		free(e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		e[i] = &m->d->ep[m->eps[a->e0 + i].idx];
		rul |= !isnan(e[i]->rul);
		pf |= !isnan(e[i]->p_fail);
	}
	/* the most serious when there are too many, shown in time order */
	shown = n > (size_t)m->l->alerts ? (size_t)m->l->alerts : n;
	if (shown < n)
		qsort(e, n, sizeof *e, cmp_rank);
	qsort(e, shown, sizeof *e, cmp_start);
	if (o->fmt == I40_REPORT_TEXT) {
		alert_list(o, m, e, shown);
		goto more;
	}
	cols[nc++] = (struct i40_tabcol){ "Start", I40_AL_LEFT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "Duration", I40_AL_RIGHT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "Signal", I40_AL_LEFT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "Level", I40_AL_LEFT, 0, 1 };
	cols[nc++] = (struct i40_tabcol){ "Peak", I40_AL_RIGHT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "What happened", I40_AL_LEFT, 1, 0 };
	if (rul)
		cols[nc++] = (struct i40_tabcol){ "RUL", I40_AL_RIGHT, 0, 0 };
	if (pf)
		cols[nc++] = (struct i40_tabcol){ "P(fail)", I40_AL_RIGHT, 0, 0 };
	t.ncols = (size_t)nc;
	for (size_t i = 0; i < shown; i++) {
		const struct i40_dg_series *s = ser(m, e[i]->series);
		int k = 0;

		if (cell_row(&t) == NULL)
			break;
		fmt_when(m->tz, e[i]->start, W_DAYTIME, cell(&t, k++), MAXCELL);
		if (e[i]->open)
			snprintf(cell(&t, k++), MAXCELL, "active");
		else
			fmt_dur(e[i]->end - e[i]->start, cell(&t, k++), MAXCELL);
		snprintf(cell(&t, k++), MAXCELL, "%s", s->signal);
		snprintf(cell(&t, k++), MAXCELL, "%s", e[i]->level == I40_LVL_ALARM ? "alarm" : "warning");
		if (!isnan(e[i]->peak_value))
			fmt_qty(e[i]->peak_value, s->unit, cell(&t, k), MAXCELL);
		else if (!isnan(e[i]->peak))
			snprintf(cell(&t, k), MAXCELL, "score %.2f", e[i]->peak);
		k++;
		snprintf(cell(&t, k++), MAXCELL, "%s", e[i]->text[0] ? e[i]->text : e[i]->rule[0] ?
			 e[i]->rule : "alert");
		if (rul) {
			if (!isnan(e[i]->rul)) {
				char r[40];

				fmt_num(e[i]->rul, r, sizeof r);
				snprintf(cell(&t, k), MAXCELL, "%s h", r);
			}
			k++;
		}
		if (pf && !isnan(e[i]->p_fail))
			snprintf(cell(&t, k), MAXCELL, "%.0f%%", 100 * e[i]->p_fail);
	}
	cells_emit(o, &t, cols, "Alerts");
more:
	if (shown < n) {
		snprintf(buf, sizeof buf, "%zu more alert episode%s not listed; the table shows the %zu "
			 "most serious.", n - shown, n - shown == 1 ? "" : "s", shown);
		o_text(o, buf);
	}
	free(e);
}

/* Latest remaining useful life and failure probability per signal. */
static void
risk_table(struct out *o, const struct model *m, const struct masset *a)
{
	static const struct i40_tabcol cols[] = {
		{ "Signal", I40_AL_LEFT, 1, 0 }, { "Remaining useful life", I40_AL_RIGHT, 0, 0 },
		{ "Interval", I40_AL_RIGHT, 0, 0 }, { "Failure probability", I40_AL_RIGHT, 0, 0 },
	};
	struct cells t = { .ncols = 4 };

	for (size_t j = a->s0; j < a->s1; j++) {
		const struct i40_dg_series *s = ser(m, m->sorted[j]);
		char r[100], *sp;

		if (isnan(s->rul) && isnan(s->p_fail))
			continue;
		if (cell_row(&t) == NULL)
			break;
		snprintf(cell(&t, 0), MAXCELL, "%s", s->signal);
		/* "40 h (25–60 h)": the estimate, then its interval */
		fmt_rul(s->rul, s->rul_lo, s->rul_hi, r, sizeof r);
		if ((sp = strstr(r, " (")) != NULL) {
			snprintf(cell(&t, 2), MAXCELL, "%.*s", (int)strlen(sp + 2) - 1, sp + 2);
			*sp = 0;
		}
		snprintf(cell(&t, 1), MAXCELL, "%s", r);
		if (!isnan(s->p_fail))
			snprintf(cell(&t, 3), MAXCELL, "%.0f%%", 100 * s->p_fail);
	}
	if (t.nrows)
		cells_emit(o, &t, cols, "Remaining useful life and failure risk (latest estimate)");
	free(t.c);
}

static void
sec_assets(struct out *o, const struct model *m)
{
	for (size_t i = 0; i < m->na; i++) {
		const struct masset *a = &m->a[i];
		size_t nep = a->e1 - a->e0;
		char intro[400], t0[48], t1[48];
		int64_t first = INT64_MAX, last = INT64_MIN;

		if (a->signals == 0 && nep == 0)
			continue;
		for (size_t j = a->s0; j < a->s1; j++) {
			const struct i40_dg_series *s = ser(m, m->sorted[j]);

			if (s->role == I40_DG_SIGNAL && s->n > 0) {
				first = s->t_first < first ? s->t_first : first;
				last = s->t_last > last ? s->t_last : last;
			}
		}
		if (first <= last) {
			fmt_when(m->tz, first, W_SHORT, t0, sizeof t0);
			fmt_when(m->tz, last, i40_period_day(first, m->tz) == i40_period_day(last, m->tz) ?
				 W_HM : W_SHORT, t1, sizeof t1);
		}
		snprintf(intro, sizeof intro, "%d signal%s", a->signals, a->signals == 1 ? "" : "s");
		if (m->has_detect) {
			if (nep == 0)
				snprintf(intro + strlen(intro), sizeof intro - strlen(intro), " \xc2\xb7 no alerts");
			else
				snprintf(intro + strlen(intro), sizeof intro - strlen(intro),
					 " \xc2\xb7 %zu alert episode%s (%d alarm%s)", nep, nep == 1 ? "" : "s",
					 a->nalarm, a->nalarm == 1 ? "" : "s");
		}
		if (first <= last)
			snprintf(intro + strlen(intro), sizeof intro - strlen(intro),
				 " \xc2\xb7 data from %s to %s", t0, t1);
		snprintf(intro + strlen(intro), sizeof intro - strlen(intro), ".");
		o_section(o, a->name, intro);
		if (o->fmt == I40_REPORT_HTML)
			asset_charts(o, m, a);
		alert_table(o, m, a);
		risk_table(o, m, a);
		signal_tables(o, m, a);
	}
}

/* ---- forecasts and the reorder list ---- */

static void
fan_chart(struct out *o, const struct model *m, const struct i40_dg_series *s, int idx)
{
	size_t n = s->nfc;
	int64_t *ht = NULL, *ft = malloc((n + 1) * sizeof *ft);
	double *hv = NULL, *a[5];
	char title[160], yt[120], xt[100], id[32], cap[200];
	long hn;
	int have80 = 0, have95 = 0;

	for (int k = 0; k < 5; k++)
		a[k] = malloc((n + 1) * sizeof **a);
	hn = i40_digest_points(s, &ht, &hv);
	if (ft == NULL || !a[0] || !a[1] || !a[2] || !a[3] || !a[4] || hn < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		ft[i] = s->fc[i].t;
		a[0][i] = s->fc[i].mean;
		a[1][i] = s->fc[i].lo80;
		a[2][i] = s->fc[i].hi80;
		a[3][i] = s->fc[i].lo95;
		a[4][i] = s->fc[i].hi95;
		have80 |= !isnan(s->fc[i].lo80) && !isnan(s->fc[i].hi80);
		have95 |= !isnan(s->fc[i].lo95) && !isnan(s->fc[i].hi95);
	}
	snprintf(title, sizeof title, "Forecast \xe2\x80\x94 %s \xc2\xb7 %s", s->asset, s->signal);
	with_unit(s->signal, (int)strlen(s->signal), s->unit, yt, sizeof yt);
	snprintf(xt, sizeof xt, "time (%s)", m->tzname);
	snprintf(id, sizeof id, "fc%d", idx);
	snprintf(cap, sizeof cap, "%s%s%zu periods ahead.", s->method[0] ? "Method: " : "", s->method,
		 n);
	if (s->method[0])
		snprintf(cap, sizeof cap, "Method: %s \xc2\xb7 %zu periods ahead.", s->method, n);
	else
		snprintf(cap, sizeof cap, "%zu periods ahead.", n);
	{
		struct i40_fan fc = {
			.c = { 900, 280, title, "History, point forecast and prediction intervals.", id,
			       xt, yt, m->tzfn },
			s->signal, ht, hv, (size_t)hn, ft, a[0], have80 ? a[1] : NULL, have80 ? a[2] : NULL,
			have95 ? a[3] : NULL, have95 ? a[4] : NULL, n, NULL, 0, NAN, NAN
		};

		o_chart(o, c_fan, &fc, cap);
	}
out:
	free(ht);
	free(hv);
	free(ft);
	for (int k = 0; k < 5; k++)
		free(a[k]);
}

static void
forecast_table(struct out *o, const struct model *m)
{
	int text = o->fmt == I40_REPORT_TEXT;
	struct i40_tabcol cols[8];
	struct cells t = { 0 };
	int nc = 0;

	cols[nc++] = (struct i40_tabcol){ "Item", I40_AL_LEFT, 1, 0 };
	cols[nc++] = (struct i40_tabcol){ "Signal", I40_AL_LEFT, 1, 0 };
	cols[nc++] = (struct i40_tabcol){ "Method", I40_AL_LEFT, 1, 0 };
	cols[nc++] = (struct i40_tabcol){ "Next", I40_AL_RIGHT, 0, 0 };
	if (!text)
		cols[nc++] = (struct i40_tabcol){ "95% interval", I40_AL_RIGHT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "Horizon total", I40_AL_RIGHT, 0, 0 };
	cols[nc++] = (struct i40_tabcol){ "Until", I40_AL_LEFT, 0, 0 };
	t.ncols = (size_t)nc;
	for (size_t i = 0; i < m->nfc; i++) {
		const struct i40_dg_series *s = ser(m, m->fc[i]);
		double total = 0;
		int k = 0;

		if (cell_row(&t) == NULL)
			break;
		for (size_t j = 0; j < s->nfc; j++)
			total += isnan(s->fc[j].mean) ? 0 : s->fc[j].mean;
		snprintf(cell(&t, k++), MAXCELL, "%s", s->asset);
		snprintf(cell(&t, k++), MAXCELL, "%s", s->signal);
		snprintf(cell(&t, k++), MAXCELL, "%s", s->method);
		fmt_num(s->fc[0].mean, cell(&t, k++), MAXCELL);
		if (!text) {
			char lo[40], hi[40];

			if (!isnan(s->fc[0].lo95) && !isnan(s->fc[0].hi95)) {
				fmt_num(s->fc[0].lo95, lo, sizeof lo);
				fmt_num(s->fc[0].hi95, hi, sizeof hi);
				snprintf(cell(&t, k), MAXCELL, "%s\xe2\x80\x93%s", lo, hi);
			}
			k++;
		}
		fmt_num(total, cell(&t, k++), MAXCELL);
		fmt_when(m->tz, s->fc[s->nfc - 1].t, W_DATE, cell(&t, k++), MAXCELL);
	}
	cells_emit(o, &t, cols, "Forecasts");
}

static void
reorder_table(struct out *o, const struct model *m)
{
	/* in the order of enum i40_inv_field */
	static const struct i40_tabcol cols[] = {
		{ "Item", I40_AL_LEFT, 1, 0 }, { "Stock", I40_AL_RIGHT, 0, 0 },
		{ "Reorder point", I40_AL_RIGHT, 0, 0 }, { "Order qty", I40_AL_RIGHT, 0, 0 },
		{ "Safety stock", I40_AL_RIGHT, 0, 0 }, { "On order", I40_AL_RIGHT, 0, 0 },
		{ "Status", I40_AL_LEFT, 0, 1 },
	};
	struct cells t = { .ncols = 2 + I40_INV_NFIELD };

	/* items to reorder first, then the rest; each group by name */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < m->nitems; i++) {
			int reorder = needs_order(m->d, m->items[i]);

			if ((reorder == 1) != (pass == 0))
				continue;
			if (cell_row(&t) == NULL)
				return;
			snprintf(cell(&t, 0), MAXCELL, "%s", m->items[i]);
			for (int k = 0; k < I40_INV_NFIELD; k++) {
				const struct i40_dg_series *f = inv_get(m->d, m->items[i], k);

				fmt_num(f ? f->last : NAN, cell(&t, 1 + k), MAXCELL);
			}
			snprintf(cell(&t, 1 + I40_INV_NFIELD), MAXCELL, "%s", reorder == 1 ? "reorder" :
				 reorder == 0 ? "ok" : "\xe2\x80\x93");
		}
	cells_emit(o, &t, cols, "Reorder list");
}

/* Scores of i40-forecast --backtest: its summary rows (asset "*", the
 * mean over the series) when it wrote them, else every row. */
static void
backtest_table(struct out *o, const struct model *m)
{
	static const struct i40_tabcol cols[] = {
		{ "Item", I40_AL_LEFT, 1, 0 }, { "Signal", I40_AL_LEFT, 1, 0 },
		{ "Method", I40_AL_LEFT, 1, 0 }, { "n", I40_AL_RIGHT, 0, 0 },
		{ "sMAPE %", I40_AL_RIGHT, 0, 0 }, { "MASE", I40_AL_RIGHT, 0, 0 },
		{ "RMSSE", I40_AL_RIGHT, 0, 0 }, { "Cover 95%", I40_AL_RIGHT, 0, 0 },
	};
	struct cells t = { .ncols = 8 };
	const struct i40_digest *d = m->d;
	int summary = 0;

	for (size_t i = 0; i < d->nbt; i++)
		summary |= strcmp(d->bt[i].asset, "*") == 0;
	for (size_t i = 0; i < d->nbt && (int)t.nrows < m->l->rows; i++) {
		const struct i40_dg_backtest *b = &d->bt[i];

		if (summary && strcmp(b->asset, "*") != 0)
			continue;
		if (cell_row(&t) == NULL)
			return;
		snprintf(cell(&t, 0), MAXCELL, "%s", summary ? "all items" : b->asset);
		snprintf(cell(&t, 1), MAXCELL, "%s", b->signal);
		snprintf(cell(&t, 2), MAXCELL, "%s", b->method);
		fmt_num(b->n, cell(&t, 3), MAXCELL);
		fmt_num(b->smape, cell(&t, 4), MAXCELL);
		fmt_num(b->mase, cell(&t, 5), MAXCELL);
		fmt_num(b->rmsse, cell(&t, 6), MAXCELL);
		fmt_pct(b->cover95, cell(&t, 7), MAXCELL);
	}
	cells_emit(o, &t, cols, summary ? "Backtest: mean over the items" : "Backtest");
}

static void
sec_forecast(struct out *o, const struct model *m)
{
	if (m->nfc == 0 && m->nitems == 0 && m->d->nbt == 0)
		return;
	o_section(o, "Forecasts and inventory", m->nfc ? "History, point forecast and 80% and 95% "
		  "prediction intervals from i40-forecast." : NULL);
	if (o->fmt == I40_REPORT_HTML)
		for (size_t i = 0; i < m->nfc && (int)i < m->l->forecasts; i++)
			fan_chart(o, m, ser(m, m->fc[i]), (int)i);
	if (m->nfc) {
		forecast_table(o, m);
		if (o->fmt == I40_REPORT_HTML && m->nfc > (size_t)m->l->forecasts) {
			char buf[120];

			snprintf(buf, sizeof buf, "Charts of the first %d forecasts; all are in the table.",
				 m->l->forecasts);
			o_text(o, buf);
		}
	}
	if (m->d->nbt)
		backtest_table(o, m);
	if (m->nitems)
		reorder_table(o, m);
}

/* ---- the report ---- */

int
i40_report_write(FILE *f, const struct i40_digest *d, const struct i40_report_opts *opt,
		 struct i40_err *err)
{
	struct model m;
	struct out o;
	char title[256], sub[400], foot[400], per[160], when[80];
	const struct i40_report_layout *l = opt->layout;
	const char *plant = opt->plant && opt->plant->name ? opt->plant->name : NULL;
	int rc = 0;

	memset(&m, 0, sizeof m);
	m.d = d;
	m.o = opt;
	m.l = l;
	m.tz = opt->tz;
	m.tzfn = i40_axis_zone(opt->tz);
	snprintf(m.tzname, sizeof m.tzname, "%s", i40_tz_name(opt->tz));
	if (build(&m, err) != 0) {
		model_free(&m);
		return -1;
	}
	memset(&o, 0, sizeof o);
	o.fmt = opt->format;
	o.f = f;
	o.width = opt->width ? opt->width : 80;
	o.err = err;

	if (opt->title)
		snprintf(title, sizeof title, "%s", opt->title);
	else if (l->title)
		snprintf(title, sizeof title, "%s", l->title);
	else
		snprintf(title, sizeof title, "%s%sreport", plant ? plant : "i40", plant ? " \xe2\x80\x94 " : " ");
	if (opt->from < opt->to)
		fmt_period(m.tz, opt->from, opt->to, per, sizeof per);
	else if (m.have_range)
		fmt_period(m.tz, d->t_min, d->t_max, per, sizeof per);
	else
		snprintf(per, sizeof per, "no data");
	snprintf(sub, sizeof sub, "%s (%s)", per, m.tzname);
	when[0] = 0;
	if (opt->now != INT64_MIN) {
		char w[64];

		fmt_when(m.tz, opt->now, W_DATETIME, w, sizeof w);
		snprintf(when, sizeof when, " on %s", w);
	}
	snprintf(foot, sizeof foot, "Generated by %s%s from %ld record%s", opt->generator ? opt->generator :
		 "i40-report", when, d->records, d->records == 1 ? "" : "s");
	if (d->outside > 0)
		snprintf(foot + strlen(foot), sizeof foot - strlen(foot), " (%ld outside the period)",
			 d->outside);
	snprintf(foot + strlen(foot), sizeof foot - strlen(foot), ".");

	o_begin(&o, title, sub, foot);
	if (d->used == 0) {
		char buf[300];

		o_section(&o, "Summary", NULL);
		if (opt->from < opt->to)
			snprintf(buf, sizeof buf, "No data for the period (%s).%s", per,
				 d->records > 0 ? " Records were read, but none fell inside it." : "");
		else
			snprintf(buf, sizeof buf, "No data: the input held no records.");
		o_note(&o, I40_LVL_INFO, buf);
		data_notes(&o, &m);
	} else {
		for (int i = 0; i < l->nsections; i++)
			switch (l->sections[i]) {
			case I40_SEC_SUMMARY: sec_summary(&o, &m); break;
			case I40_SEC_OEE: sec_oee(&o, &m); break;
			case I40_SEC_ASSETS: sec_assets(&o, &m); break;
			case I40_SEC_FORECAST: sec_forecast(&o, &m); break;
			default: break;
			}
	}
	o_end(&o, foot);
	model_free(&m);
	if (o.failed && err->kind == I40_ERR_NOMEM)
		rc = -1;
	if (ferror(f))
		rc = i40_err_set(err, I40_ERR_IO, "write error");
	return rc;
}
