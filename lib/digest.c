/* digest.c - record streams summed up for a report (see digest.h).
 *
 * The programs whose output a report reads are written in parallel and
 * will grow: columns are looked up by any of a few names, a column or
 * signal that is absent leaves its part of the report empty, and nothing
 * here depends on the order of columns or of files.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "digest.h"
#include "i40_int.h"
#include "num.h"
#include "series.h"

/* ---- names ---- */

static const char *const oee_names[I40_OEE_NMETRIC][4] = {
	{"oee"}, {"availability"}, {"performance"}, {"quality"}, {"teep"},
	{"mtbf"}, {"mttr"}, {"scrap_rate"},
	{"planned_time", "planned", "loading_time", "planned_production_time"},
	{"run_time", "operating_time"},
};

static const char *const inv_names[I40_INV_NFIELD][4] = {
	{"stock", "on_hand", "inventory_position"},
	{"reorder_point", "rop"},
	{"order_qty", "order_quantity"},    /* not eoq: that is a batch size, not an order */
	{"safety_stock"},
	{"on_order"},
};

int
i40_oee_metric(const char *signal, const char **sub)
{
	if (sub)
		*sub = NULL;
	if (strncmp(signal, "loss.", 5) == 0 && signal[5]) {
		if (sub)
			*sub = signal + 5;
		return I40_OEE_LOSS;
	}
	if (strncmp(signal, "pareto.", 7) == 0 && signal[7]) {
		if (sub)
			*sub = signal + 7;
		return I40_OEE_PARETO;
	}
	for (int m = 0; m < I40_OEE_NMETRIC; m++)
		for (int k = 0; k < 4 && oee_names[m][k]; k++)
			if (strcmp(signal, oee_names[m][k]) == 0)
				return m;
	return -1;
}

const char *
i40_oee_metric_name(int metric)
{
	return metric >= 0 && metric < I40_OEE_NMETRIC ? oee_names[metric][0] : "";
}

int
i40_inv_field(const char *name)
{
	for (int f = 0; f < I40_INV_NFIELD; f++)
		for (int k = 0; k < 4 && inv_names[f][k]; k++)
			if (strcasecmp(name, inv_names[f][k]) == 0)
				return f;
	return -1;
}

const char *
i40_inv_field_name(int field)
{
	return field >= 0 && field < I40_INV_NFIELD ? inv_names[field][0] : "";
}

/* Columns read by name, each with the names it goes by. */
enum {
	C_UNIT, C_SCORE, C_ALERT, C_REASON,
	C_START, C_END, C_PEAK, C_PEAK_VALUE, C_SEVERITY, C_RULE, C_SENTENCE,
	C_RUL, C_RUL_LO, C_RUL_HI, C_PFAIL,
	C_LO80, C_HI80, C_LO95, C_HI95, C_METHOD,
	C_PERIOD, C_N, C_SMAPE, C_MASE, C_RMSSE, C_COVER95,
	C_INV0,
	NCOLS = C_INV0 + I40_INV_NFIELD
};

static const char *const col_names[C_INV0][6] = {
	[C_UNIT] = {"unit"},
	[C_SCORE] = {"score"},
	[C_ALERT] = {"alert"},
	[C_REASON] = {"reason"},
	[C_START] = {"start", "start_ts", "t_start", "begin", "from"},
	[C_END] = {"end", "end_ts", "t_end", "stop", "until"},
	[C_PEAK] = {"peak", "peak_score", "max_score"},
	[C_PEAK_VALUE] = {"peak_value", "max_value"},
	[C_SEVERITY] = {"severity", "level"},
	[C_RULE] = {"rule", "detector", "method"},
	[C_SENTENCE] = {"sentence", "message", "text", "description", "summary"},
	[C_RUL] = {"rul_hours", "rul_h", "rul"},
	[C_RUL_LO] = {"rul_lo", "rul_lo_hours", "rul_low"},
	[C_RUL_HI] = {"rul_hi", "rul_hi_hours", "rul_high"},
	[C_PFAIL] = {"p_fail", "pfail", "p_failure", "failure_probability"},
	[C_LO80] = {"lo80", "lo_80", "lower80"},
	[C_HI80] = {"hi80", "hi_80", "upper80"},
	[C_LO95] = {"lo95", "lo_95", "lower95"},
	[C_HI95] = {"hi95", "hi_95", "upper95"},
	[C_METHOD] = {"method", "model"},
	[C_PERIOD] = {"period"},
	[C_N] = {"n"},
	[C_SMAPE] = {"smape"},
	[C_MASE] = {"mase"},
	[C_RMSSE] = {"rmsse"},
	[C_COVER95] = {"cover95"},
};

struct i40_digest_cols {
	long idx[NCOLS];            /* extra column index, -1 absent */
	int events;                 /* the file holds alert episodes */
	int forecast;               /* the file holds forecasts: not cut to the period */
	int inventory;              /* the file has reorder columns: not cut either */
	int period;                 /* a period column: figures of i40-oee */
	int backtest;               /* scores of i40-forecast --backtest */
};

static int
is_inventory_signal(const char *s, size_t len)
{
	char buf[64];

	memcpy(buf, s, len);
	buf[len] = 0;
	return i40_inv_field(buf) >= 0;
}

static int
col_match(const char *name, int c)
{
	if (c >= C_INV0)
		return i40_inv_field(name) == c - C_INV0;
	for (int k = 0; k < 6 && col_names[c][k]; k++)
		if (strcasecmp(name, col_names[c][k]) == 0)
			return 1;
	return 0;
}

int
i40_digest_bind(struct i40_digest *d, struct i40_rec_reader *rd, struct i40_err *err)
{
	struct i40_digest_cols *k = d->cols;
	size_t n = i40_rec_nextra(rd);

	(void)err;
	for (int c = 0; c < NCOLS; c++) {
		k->idx[c] = -1;
		/* the first name in the list that the header has wins */
		for (size_t i = 0; i < n && k->idx[c] < 0; i++)
			if (col_match(i40_rec_extra_name(rd, i), c))
				k->idx[c] = (long)i;
	}
	k->events = (k->idx[C_START] >= 0 && k->idx[C_END] >= 0) || k->idx[C_SENTENCE] >= 0;
	if (k->events)
		k->idx[C_METHOD] = -1;     /* "method" is the rule of an episode there */
	else
		k->idx[C_RULE] = -1;
	d->detect |= k->events || k->idx[C_SCORE] >= 0 || k->idx[C_ALERT] >= 0;
	k->inventory = 0;
	for (int c = C_INV0; c < NCOLS; c++)
		k->inventory |= k->idx[c] >= 0;
	k->period = !k->events && k->idx[C_PERIOD] >= 0;
	k->backtest = !k->events && (k->idx[C_MASE] >= 0 || k->idx[C_SMAPE] >= 0);
	k->forecast = !k->events && !k->backtest && (k->idx[C_LO80] >= 0 || k->idx[C_HI80] >= 0
				     || k->idx[C_LO95] >= 0 || k->idx[C_HI95] >= 0);
	return 0;
}

/* ---- fields ---- */

static const char *
field(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec, int c, size_t *len)
{
	long i = d->cols->idx[c];

	if (i < 0) {
		*len = 0;
		return "";
	}
	return i40_rec_extra(rd, rec, (size_t)i, len);
}

static double
fnum(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec, int c)
{
	size_t len;
	const char *s = field(d, rd, rec, c, &len);
	double x;

	if (len == 0 || i40_num_parse(s, len, '.', 0, &x) != 0)
		return NAN;
	return x;
}

static void
fcopy(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec, int c,
      char *out, size_t size)
{
	size_t len;
	const char *s = field(d, rd, rec, c, &len);

	if (len >= size)
		len = size - 1;
	memcpy(out, s, len);
	out[len] = 0;
}

static int
fset(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec, int c)
{
	size_t len;

	field(d, rd, rec, c, &len);
	return len > 0;
}

/* ---- life cycle ---- */

struct i40_digest *
i40_digest_new(const struct i40_digest_opts *opt, struct i40_err *err)
{
	struct i40_digest *d = calloc(1, sizeof *d);

	if (d == NULL || (d->cols = calloc(1, sizeof *d->cols)) == NULL
	    || (d->ids = i40_series_new()) == NULL) {
		if (d)
			free(d->cols);
		free(d);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	d->opt = *opt;
	if (d->opt.chart_cols == 0)
		d->opt.chart_cols = 800;
	if (d->opt.max_episodes == 0)
		d->opt.max_episodes = 5000;
	if (d->opt.max_points == 0)
		d->opt.max_points = 5000;
	if (d->opt.full_series == 0)
		d->opt.full_series = 1024;
	for (int c = 0; c < NCOLS; c++)
		d->cols->idx[c] = -1;
	d->t_min = INT64_MAX;
	d->t_max = INT64_MIN;
	if (i40_tparse_init(&d->tp, NULL, opt->tz, err) != 0) {
		i40_digest_free(d);
		return NULL;
	}
	return d;
}

void
i40_digest_free(struct i40_digest *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->nseries; i++) {
		struct i40_dg_series *s = d->series[i];

		if (s->has_m4)
			i40_m4_free(&s->m4);
		free(s->pts);
		free(s->fc);
		free(s);
	}
	free(d->series);
	free(d->ep);
	free(d->bt);
	free(d->cols);
	i40_series_free(d->ids);
	free(d);
}

/* ---- series ---- */

/* Features that keep the unit and limits of their signal. */
static int
same_unit_feature(const char *f)
{
	static const char *const same[] = { "mean", "min", "max", "median", "first", "last",
					    "rms", "avg", NULL };

	for (int i = 0; same[i]; i++)
		if (strcmp(f, same[i]) == 0)
			return 1;
	return f[0] == 'p' && isdigit((unsigned char)f[1]);
}

static void
plant_facts(struct i40_digest *d, struct i40_dg_series *s)
{
	const struct i40_signal_def *def;
	const char *dot;

	s->lo = s->hi = NAN;
	if (d->opt.plant == NULL)
		return;
	def = i40_plant_signal(d->opt.plant, s->asset, strlen(s->asset), s->signal, strlen(s->signal));
	if (def == NULL && (dot = strchr(s->signal, '.')) != NULL) {
		def = i40_plant_signal(d->opt.plant, s->asset, strlen(s->asset), s->signal,
				       (size_t)(dot - s->signal));
		if (def) {
			s->kind = def->kind == I40_COUNTER ? I40_COUNTER : I40_GAUGE;
			if (!same_unit_feature(dot + 1))
				return;
		}
	}
	if (def == NULL)
		return;
	s->defined = 1;
	s->kind = def->kind;
	s->interval = def->interval;
	snprintf(s->unit, sizeof s->unit, "%s", def->unit ? def->unit : "");
	s->lo = def->lo;
	s->hi = def->hi;
}

static struct i40_dg_series *
series_get(struct i40_digest *d, const char *asset, size_t alen, const char *signal, size_t slen)
{
	int created = 0;
	long id = i40_series_id(d->ids, asset, alen, signal, slen, &created);
	struct i40_dg_series *s;

	if (id < 0)
		return NULL;
	if (!created)
		return d->series[id];
	if (d->nseries == d->capseries) {
		size_t cap = d->capseries ? 2 * d->capseries : 64;
		struct i40_dg_series **a = realloc(d->series, cap * sizeof *a);

		if (a == NULL)
			return NULL;
		d->series = a;
		d->capseries = cap;
	}
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->id = id;
	s->asset = i40_series_asset(d->ids, id);
	s->signal = i40_series_signal(d->ids, id);
	s->min = INFINITY;
	s->max = -INFINITY;
	s->first = s->last = NAN;
	s->score_max = NAN;
	s->rul = s->rul_lo = s->rul_hi = s->p_fail = NAN;
	s->cur_state = -1;
	s->open_ep = -1;
	s->last_ts = INT64_MIN;
	s->metric = i40_oee_metric(s->signal, &s->sub);
	if (strncmp(s->signal, "period.", 7) == 0 && s->signal[7]) {
		s->role = I40_DG_OEE;
		s->metric = I40_OEE_AUX;
		s->sub = s->signal + 7;
	} else if (s->metric >= 0) {
		s->role = I40_DG_OEE;
	} else if ((s->metric = i40_inv_field(s->signal)) >= 0) {
		s->role = I40_DG_INVENTORY;
	}
	plant_facts(d, s);
	d->series[d->nseries++] = s;
	return s;
}

const struct i40_dg_series *
i40_digest_find(const struct i40_digest *d, const char *asset, const char *signal)
{
	long id = i40_series_find(d->ids, asset, strlen(asset), signal, strlen(signal));

	return id < 0 ? NULL : d->series[id];
}

int
i40_digest_sorted(const struct i40_digest *d, long *idx)
{
	return i40_series_sorted(d->ids, idx);
}

/* ---- episodes ---- */

static struct i40_dg_episode *
episode_new(struct i40_digest *d, long series)
{
	struct i40_dg_episode *e;

	if (d->nep >= d->opt.max_episodes) {
		d->ep_dropped++;
		return NULL;
	}
	if (i40_int_grow((void **)&d->ep, &d->capep, d->nep + 1, sizeof *d->ep) != 0)
		return NULL;
	e = &d->ep[d->nep++];
	memset(e, 0, sizeof *e);
	e->series = series;
	e->level = I40_LVL_ALARM;
	e->peak_ts = INT64_MIN;
	e->peak = e->peak_value = NAN;
	e->rul = e->rul_lo = e->rul_hi = e->p_fail = NAN;
	return e;
}

/* Severity words (any case) and numbers to a level. */
static enum i40_level
severity_level(const char *s)
{
	static const char *const alarm[] = { "alarm", "crit", "high", "fault", "major", "severe",
					     "error", "danger", "emerg", NULL };
	char low[24];
	double x;
	size_t i;

	if (s[0] == 0)
		return I40_LVL_ALARM;
	if (i40_num_parse(s, strlen(s), '.', 0, &x) == 0)
		return (x <= 1 ? x >= 0.75 : x >= 3) ? I40_LVL_ALARM : I40_LVL_WARN;
	for (i = 0; i < sizeof low - 1 && s[i]; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = 0;
	for (i = 0; alarm[i]; i++)
		if (strstr(low, alarm[i]))
			return I40_LVL_ALARM;
	return I40_LVL_WARN;
}

static int
parse_time(struct i40_digest *d, const char *s, size_t len, int64_t *t, struct i40_err *err)
{
	return i40_tparse(&d->tp, s, len, t, NULL, err);
}

/* An event record: one alert episode. */
static int
add_event(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec,
	  struct i40_err *err)
{
	struct i40_dg_series *s;
	struct i40_dg_episode *e;
	int64_t start = rec->ts, end;
	size_t len;
	const char *f;
	int open = 0;

	f = field(d, rd, rec, C_START, &len);
	if (len && parse_time(d, f, len, &start, err) != 0)
		return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
				  "episode start \"%.*s\" is not a time", (int)len, f);
	f = field(d, rd, rec, C_END, &len);
	if (len) {
		if (parse_time(d, f, len, &end, err) != 0)
			return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
					  "episode end \"%.*s\" is not a time", (int)len, f);
		if (end < start)
			return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
					  "episode ends before it starts");
	} else {
		end = start;
		open = d->cols->idx[C_END] >= 0;   /* an end column left empty: still active */
	}
	d->events++;
	if (d->opt.from < d->opt.to && (start >= d->opt.to || (!open && end < d->opt.from))) {
		d->outside++;
		return 0;
	}
	if ((s = series_get(d, rec->asset, rec->asset_len, rec->signal, rec->signal_len)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	d->used++;
	s->has_events = 1;
	if ((e = episode_new(d, s->id)) == NULL)
		return d->nep >= d->opt.max_episodes ? 0 : i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	e->from_event = 1;
	e->start = start;
	e->end = end;
	e->open = open;
	e->peak = fnum(d, rd, rec, C_PEAK);
	if (end == start && !open)
		e->peak_ts = start;         /* a one-record episode peaks there */
	e->peak_value = fnum(d, rd, rec, C_PEAK_VALUE);
	if (!isfinite(e->peak_value) && rec->is_num && !(isfinite(e->peak) && rec->num == e->peak))
		e->peak_value = rec->num;
	fcopy(d, rd, rec, C_SEVERITY, e->severity, sizeof e->severity);
	e->level = severity_level(e->severity);
	fcopy(d, rd, rec, C_RULE, e->rule, sizeof e->rule);
	fcopy(d, rd, rec, C_SENTENCE, e->text, sizeof e->text);
	if (e->text[0] == 0)
		fcopy(d, rd, rec, C_REASON, e->text, sizeof e->text);
	e->rul = fnum(d, rd, rec, C_RUL);
	e->rul_lo = fnum(d, rd, rec, C_RUL_LO);
	e->rul_hi = fnum(d, rd, rec, C_RUL_HI);
	e->p_fail = fnum(d, rd, rec, C_PFAIL);
	return 0;
}

/* The alert column of a detect record: a run of 1s is one episode. */
static int
track_alert(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec,
	    struct i40_dg_series *s, double score, struct i40_err *err)
{
	size_t len;
	const char *a = field(d, rd, rec, C_ALERT, &len);
	int on = len > 0 && (a[0] == '1' || a[0] == 't' || a[0] == 'T' || a[0] == 'y');
	struct i40_dg_episode *e;

	if (!on) {
		if (len > 0)
			s->open_ep = -1;
		return 0;
	}
	s->alert_records++;
	if (s->open_ep < 0) {
		if ((e = episode_new(d, s->id)) == NULL)
			return d->nep >= d->opt.max_episodes ? 0 :
				i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		e->start = rec->ts;
		s->open_ep = (long)(e - d->ep);
	}
	e = &d->ep[s->open_ep];
	e->end = rec->ts;
	/* the peak: the highest score, or the first record without scores */
	if (e->peak_ts == INT64_MIN || (!isnan(score) && (isnan(e->peak) || score > e->peak))) {
		e->peak = score;
		e->peak_ts = rec->ts;
		e->peak_value = rec->is_num ? rec->num : NAN;
		fcopy(d, rd, rec, C_REASON, e->text, sizeof e->text);
	}
	if (!isnan(s->rul)) {
		e->rul = s->rul;
		e->rul_lo = s->rul_lo;
		e->rul_hi = s->rul_hi;
	}
	if (!isnan(s->p_fail) && (isnan(e->p_fail) || s->p_fail > e->p_fail))
		e->p_fail = s->p_fail;
	return 0;
}

/* ---- values ---- */

static void
add_state(struct i40_dg_series *s, const struct i40_rec *rec)
{
	size_t len = rec->value_len < sizeof s->last_text ? rec->value_len : sizeof s->last_text - 1;
	int k;

	memcpy(s->last_text, rec->value, len);
	s->last_text[len] = 0;
	if (s->cur_state >= 0)
		s->states[s->cur_state].ns += rec->ts - s->t_state;
	for (k = 0; k < s->nstates; k++)
		if (strcmp(s->states[k].name, s->last_text) == 0)
			break;
	if (k == s->nstates) {
		if (s->nstates < I40_DG_MAXSTATES) {
			s->nstates++;
			snprintf(s->states[k].name, sizeof s->states[k].name, "%s",
				 k < I40_DG_MAXSTATES - 1 ? s->last_text : "other");
		} else {
			k = I40_DG_MAXSTATES - 1;
		}
	}
	s->states[k].n++;
	s->cur_state = k;
	s->t_state = rec->ts;
}

static int
add_number(struct i40_digest *d, struct i40_dg_series *s, int64_t t, double v, struct i40_err *err)
{
	if (!s->has_m4) {
		int fixed = d->opt.from < d->opt.to && !d->cols->forecast
			    && d->opt.from > INT64_MIN && d->opt.to < INT64_MAX;
		int full = d->nfull < d->opt.full_series
			   || (d->opt.wanted && d->opt.wanted(d->opt.wanted_ctx, s->asset, s->signal));
		size_t cols = full ? d->opt.chart_cols : 64;

		if (i40_m4_init(&s->m4, cols < d->opt.chart_cols ? cols : d->opt.chart_cols,
				fixed ? d->opt.from : 0, fixed ? d->opt.to : 0, err) != 0)
			return -1;
		d->nfull += full;
		s->has_m4 = 1;
	}
	i40_m4_add(&s->m4, t, v);
	if (isnan(v))
		return 0;
	if (s->nnum == 0)
		s->first = v;
	else if (v >= s->last)
		s->rise += v - s->last;
	else if (s->kind == I40_COUNTER)
		s->rise += v;           /* a reset: counting starts again from 0 */
	s->nnum++;
	s->last = v;
	s->sum += v;
	if (v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
	if (!isnan(s->hi) && v > s->hi)
		s->above++;
	if (!isnan(s->lo) && v < s->lo)
		s->below++;
	return 0;
}

static int
add_point(struct i40_digest *d, struct i40_dg_series *s, int64_t t, double v)
{
	if (s->npts >= d->opt.max_points) {
		s->dropped++;
		return 0;
	}
	if (i40_int_grow((void **)&s->pts, &s->cappts, s->npts + 1, sizeof *s->pts) != 0)
		return -1;
	s->pts[s->npts++] = (struct i40_dg_point){ t, v };
	return 0;
}

static int
add_forecast(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec,
	     struct i40_dg_series *s)
{
	struct i40_dg_fc *r;

	s->role = I40_DG_FORECAST;
	if (d->cols->idx[C_METHOD] >= 0 && s->method[0] == 0)
		fcopy(d, rd, rec, C_METHOD, s->method, sizeof s->method);
	if (s->nfc >= d->opt.max_points) {
		s->dropped++;
		return 0;
	}
	if (i40_int_grow((void **)&s->fc, &s->capfc, s->nfc + 1, sizeof *s->fc) != 0)
		return -1;
	r = &s->fc[s->nfc++];
	r->t = rec->ts;
	r->mean = rec->is_num ? rec->num : NAN;
	r->lo80 = fnum(d, rd, rec, C_LO80);
	r->hi80 = fnum(d, rd, rec, C_HI80);
	r->lo95 = fnum(d, rd, rec, C_LO95);
	r->hi95 = fnum(d, rd, rec, C_HI95);
	return 0;
}

/* Inventory columns on a record: kept as the item's series. */
static int
add_inventory_cols(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec)
{
	for (int f = 0; f < I40_INV_NFIELD; f++) {
		double x = fnum(d, rd, rec, C_INV0 + f);
		const char *name = i40_inv_field_name(f);
		struct i40_dg_series *s;

		if (isnan(x))
			continue;
		s = series_get(d, rec->asset, rec->asset_len, name, strlen(name));
		if (s == NULL)
			return -1;
		s->n++;
		s->nnum++;
		s->last = x;
		s->t_last = rec->ts;
	}
	return 0;
}

/* A backtest row: kept whatever its time (it scores the past). */
static int
add_backtest(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec)
{
	struct i40_dg_backtest *b;
	size_t n;

	d->used++;
	if (d->nbt >= d->opt.max_points)
		return 0;
	if (i40_int_grow((void **)&d->bt, &d->capbt, d->nbt + 1, sizeof *d->bt) != 0)
		return -1;
	b = &d->bt[d->nbt++];
	n = rec->asset_len < sizeof b->asset ? rec->asset_len : sizeof b->asset - 1;
	memcpy(b->asset, rec->asset, n);
	b->asset[n] = 0;
	n = rec->signal_len < sizeof b->signal ? rec->signal_len : sizeof b->signal - 1;
	memcpy(b->signal, rec->signal, n);
	b->signal[n] = 0;
	fcopy(d, rd, rec, C_METHOD, b->method, sizeof b->method);
	b->n = fnum(d, rd, rec, C_N);
	b->smape = fnum(d, rd, rec, C_SMAPE);
	b->mase = fnum(d, rd, rec, C_MASE);
	if (isnan(b->mase) && rec->is_num)
		b->mase = rec->num;
	b->rmsse = fnum(d, rd, rec, C_RMSSE);
	b->cover95 = fnum(d, rd, rec, C_COVER95);
	return 0;
}

/* A row of a reorder list (i40-forecast --inventory writes one per item,
 * signal <demand>.order, value the order quantity): its columns are the
 * item's fields, the row itself is no measurement. */
static int
add_reorder_row(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec)
{
	struct i40_dg_series *s;

	d->used++;
	if (add_inventory_cols(d, rd, rec) != 0)
		return -1;
	if (d->cols->idx[C_INV0 + I40_INV_ORDER_QTY] < 0 && rec->is_num) {
		const char *name = i40_inv_field_name(I40_INV_ORDER_QTY);

		if ((s = series_get(d, rec->asset, rec->asset_len, name, strlen(name))) == NULL)
			return -1;
		s->n++;
		s->nnum++;
		s->last = rec->num;
		s->t_last = rec->ts;
	}
	return 0;
}

int
i40_digest_add(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec,
	       struct i40_err *err)
{
	const struct i40_digest_cols *k = d->cols;
	struct i40_dg_series *s;
	int fc_row;
	char key[80];
	const char *sig = rec->signal;
	size_t siglen = rec->signal_len;

	d->records++;
	if (k->events && (fset(d, rd, rec, C_START) || fset(d, rd, rec, C_END)
			  || fset(d, rd, rec, C_SENTENCE))) {
		int rc = add_event(d, rd, rec, err);

		return rc < 0 && err->kind == I40_ERR_NOMEM ? -2 : rc;
	}
	if (k->backtest)
		return add_backtest(d, rd, rec) == 0 ? 0 : -2;
	if (k->inventory && !(rec->signal_len < 64 && is_inventory_signal(rec->signal, rec->signal_len)))
		return add_reorder_row(d, rd, rec) == 0 ? 0 : -2;
	fc_row = fset(d, rd, rec, C_LO80) || fset(d, rd, rec, C_HI80) || fset(d, rd, rec, C_LO95)
		 || fset(d, rd, rec, C_HI95) || (!k->events && fset(d, rd, rec, C_METHOD));
	/* forecasts and stock describe what comes next: not cut to the period */
	if (!k->forecast && !k->inventory && d->opt.from < d->opt.to
	    && (rec->ts < d->opt.from || rec->ts >= d->opt.to)
	    && !(rec->signal_len < 64 && is_inventory_signal(rec->signal, rec->signal_len))) {
		d->outside++;
		return 0;
	}
	if (k->period && !fc_row) {
		/* i40-oee's other figures (calendar_time, scrap, energy, ...) are
		 * kept apart from the measurements of the same name */
		char name[64];

		memcpy(name, rec->signal, siglen < sizeof name ? siglen : sizeof name - 1);
		name[siglen < sizeof name ? siglen : sizeof name - 1] = 0;
		if (i40_oee_metric(name, NULL) < 0 && siglen + 8 <= sizeof key) {
			memcpy(key, "period.", 7);
			memcpy(key + 7, rec->signal, siglen);
			sig = key;
			siglen += 7;
		}
	}
	if ((s = series_get(d, rec->asset, rec->asset_len, sig, siglen)) == NULL)
		goto nomem;
	if (rec->ts < s->last_ts) {
		char a[I40_TS_MAXLEN], b[I40_TS_MAXLEN];
		int digits = rec->ts % I40_NS_PER_SEC == 0 && s->last_ts % I40_NS_PER_SEC == 0 ? 0 : 9;

		i40_tfmt(rec->ts, digits, a);
		i40_tfmt(s->last_ts, digits, b);
		return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
				  "out of time order: %s comes after %s in series %s/%s", a, b,
				  s->asset, s->signal);
	}
	if (s->defined && s->kind != I40_STATE && s->role == I40_DG_SIGNAL && rec->value_len > 0
	    && !rec->is_num && !fc_row)
		return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
				  "value \"%.*s\" is not a number (%s/%s is a %s in the plant file)",
				  (int)(rec->value_len > 40 ? 40 : rec->value_len), rec->value, s->asset,
				  s->signal, i40_sigkind_name(s->kind));
	s->last_ts = rec->ts;
	d->used++;
	if (!k->forecast) {
		if (rec->ts < d->t_min)
			d->t_min = rec->ts;
		if (rec->ts > d->t_max)
			d->t_max = rec->ts;
	}
	if (s->n == 0)
		s->t_first = rec->ts;
	s->n++;
	s->t_last = rec->ts;
	if (s->unit[0] == 0 && k->idx[C_UNIT] >= 0)
		fcopy(d, rd, rec, C_UNIT, s->unit, sizeof s->unit);
	if (add_inventory_cols(d, rd, rec) != 0)
		goto nomem;
	if (fc_row)
		return add_forecast(d, rd, rec, s) == 0 ? 0 : -2;

	if (rec->value_len == 0) {
		s->nempty++;
		if (s->role == I40_DG_SIGNAL && s->nnum > 0 && add_number(d, s, rec->ts, NAN, err) != 0)
			goto nomem;
	} else if (!rec->is_num) {
		s->ntext++;
		add_state(s, rec);
	} else if (s->role == I40_DG_OEE) {
		s->nnum++;
		s->sum += rec->num;
		s->last = rec->num;
		if (add_point(d, s, rec->ts, rec->num) != 0)
			goto nomem;
	} else if (s->role == I40_DG_INVENTORY) {
		s->nnum++;
		s->last = rec->num;
	} else if (add_number(d, s, rec->ts, rec->num, err) != 0) {
		goto nomem;
	}

	/* what i40-detect added */
	if (s->role == I40_DG_SIGNAL || s->role == I40_DG_FORECAST) {
		double score = fnum(d, rd, rec, C_SCORE), x;

		if (!isnan(score)) {
			s->has_score = 1;
			if (isnan(s->score_max) || score > s->score_max)
				s->score_max = score;
		}
		if (!isnan(x = fnum(d, rd, rec, C_RUL))) {
			s->rul = x;
			s->rul_lo = fnum(d, rd, rec, C_RUL_LO);
			s->rul_hi = fnum(d, rd, rec, C_RUL_HI);
		}
		if (!isnan(x = fnum(d, rd, rec, C_PFAIL)))
			s->p_fail = x;
		if (k->idx[C_ALERT] >= 0 && track_alert(d, rd, rec, s, score, err) != 0)
			goto nomem;
	}
	return 0;
nomem:
	i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	return -2;
}

void
i40_digest_finish(struct i40_digest *d)
{
	for (size_t i = 0; i < d->nseries; i++) {
		struct i40_dg_series *s = d->series[i];

		if (s->open_ep >= 0) {
			d->ep[s->open_ep].open = 1;
			s->open_ep = -1;
		}
	}
}

/* ---- output helpers ---- */

size_t
i40_digest_spark(const struct i40_dg_series *s, int64_t t0, int64_t t1, double *out, size_t n)
{
	const struct i40_m4 *m = &s->m4;
	double mean = s->nnum ? s->sum / (double)s->nnum : 0;
	int64_t *tf, *tl, step = s->interval, gap;
	size_t got = 0, prev = (size_t)-1;

	for (size_t i = 0; i < n; i++)
		out[i] = NAN;
	if (!s->has_m4 || n == 0 || t1 <= t0)
		return 0;
	if ((tf = malloc(n * sizeof *tf)) == NULL || (tl = malloc(n * sizeof *tl)) == NULL) {
		free(tf);
		return 0;
	}
	for (size_t j = 0; j < m->ncols; j++) {
		const struct i40_m4_col *c = &m->col[j];
		double v;
		long cell;

		if (c->n == 0)
			continue;
		/* the column lies where its samples are */
		cell = (long)((double)((c->t_first / 2 + c->t_last / 2) - t0) / (double)(t1 - t0) * (double)n);
		if (cell < 0 || (size_t)cell >= n)
			continue;
		v = fabs(c->max - mean) > fabs(c->min - mean) ? c->max : c->min;
		if (isnan(out[cell])) {
			out[cell] = v;
			tf[cell] = c->t_first;
			got++;
		} else if (fabs(v - mean) > fabs(out[cell] - mean)) {
			out[cell] = v;
		}
		tl[cell] = c->t_last;
	}
	/* Cells finer than the sampling are not gaps: an empty run between
	 * samples closer than five sample intervals carries the value on. */
	if (step == 0 && s->nnum > 1)
		step = (s->t_last - s->t_first) / (s->nnum - 1);
	gap = 5 * step;
	for (size_t i = 0; i < n; i++) {
		if (isnan(out[i]))
			continue;
		if (prev != (size_t)-1 && i > prev + 1 && tf[i] - tl[prev] <= gap)
			for (size_t k = prev + 1; k < i; k++)
				out[k] = out[prev];
		prev = i;
	}
	free(tf);
	free(tl);
	return got;
}

long
i40_digest_points(const struct i40_dg_series *s, int64_t **t, double **v)
{
	size_t cap = s->has_m4 ? i40_m4_cap(&s->m4) : 0;

	*t = malloc((cap ? cap : 1) * sizeof **t);
	*v = malloc((cap ? cap : 1) * sizeof **v);
	if (*t == NULL || *v == NULL) {
		free(*t);
		free(*v);
		*t = NULL;
		*v = NULL;
		return -1;
	}
	return cap ? (long)i40_m4_out(&s->m4, *t, *v, cap) : 0;
}
