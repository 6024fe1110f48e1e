/* watch.c - the engine of i40-detect (see watch.h).
 *
 * State lives in three tables: series (one per asset/signal: detector,
 * alert state, no-data watch, remaining life), assets (their clock, their
 * no-data watches, their vectors) and vectors (a T^2 group or the failure
 * model of one asset).  A record touches its series, its asset and the
 * vectors its signal belongs to; nothing else, so the cost of a record
 * does not grow with the number of series.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i40_int.h"
#include "num.h"
#include "rul.h"
#include "say.h"
#include "series.h"
#include "watch.h"

enum { KIND_UNKNOWN = -1, KIND_NUM = 0, KIND_TEXT = 1 };

/* An alert state, with what the peak of its current episode looked like. */
struct track {
	struct i40_alert al;
	struct i40_say say;
	char rule[32];
	char detail[160];          /* T^2 contributions, kept with the say */
	/* the remaining life where it alerted most in the episode that
	 * started at rul_start, kept when another rule has the peak (a
	 * drift that goes on grows past it), so the event still has it */
	int64_t rul_start;
	double rul_score, rul[3];
};

struct vec;

struct vref {
	struct vec *v;
	size_t idx;
};

struct ser {
	long asset;                /* index into assets */
	const char *aname, *sname; /* the series index's copies */
	int kind;
	struct i40_detect_spec spec;
	struct i40_det *det;
	struct i40_rul *rul;
	struct track tr;
	struct i40_deadman dm;
	double dm_factor;          /* 0: no watch */
	int64_t silent_since;      /* no-data alert up: the last arrival */
	int64_t last_ts;
	long last_line;
	int seen;
	struct vref *refs;
	size_t nrefs;
	const char *unit;          /* the plant's, or the unit column's */
	char *unit_col;
};

struct vec {
	int failure;               /* 0: T^2 group; 1: the failure model */
	const char *name;          /* signal of its records */
	long asset;
	size_t p;
	const char *const *members;
	double *last;
	size_t have;
	int pending;
	int digits;
	const struct i40_detect_group *g;
	double *X;                 /* learning vectors */
	long nX, capX;
	int64_t first_ts;          /* of the first learning vector */
	struct i40_t2 t2;
	int learned, broken;
	double *contrib;
	struct track tr;
};

struct asset {
	char *name;
	size_t len;
	int64_t clock;             /* latest time of its records */
	int64_t next_check;        /* the no-data watches look again at this clock */
	long *dm;                  /* its series with a no-data watch */
	size_t ndm, capdm;
	struct vec **vecs;
	size_t nvecs;
};

struct event {
	int64_t start, end;
	int open;                  /* still going at the end of the input */
	char *asset, *signal;
	double value, score;
	double rul, rul_lo, rul_hi, p_fail;   /* at the peak, when they apply */
	const char *severity;
	char rule[32];
	char *msg;
};

struct i40_watch {
	struct i40_watch_opts o;
	const struct i40_tz *tz;
	struct i40_series *ids;
	struct ser **ser;
	size_t nser, capser;
	struct i40_series *aids;
	struct asset **assets;
	size_t nassets, capassets;
	int quiet, header_done, rul_cols, pfail_col;
	long *extra_at;            /* reader's extra index of each passed column */
	size_t nextra;
	long unit_at;              /* reader's extra index of "unit", -1 */
	long pend_asset;           /* vectors waiting for their (asset, time) to end */
	int64_t pend_ts;
	struct vec **pend;
	size_t npend, cappend;
	int64_t clock_all;
	struct event *ev;
	size_t nev, capev;
	struct i40_watch_stats st;
};

static const char *const added_cols[] = {"score", "alert", "reason", "rul_hours", "rul_lo", "rul_hi", "p_fail",
					 "peak"};

/* ---- small helpers ---- */

static char *
dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void
warn(struct i40_watch *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
warn(struct i40_watch *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	if (w->o.warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	w->o.warn(w->o.ctx, buf);
}

/* -2 with err: out of memory (i40_watch_push's "stop"). */
static int
nomem(struct i40_err *err)
{
	i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	return -2;
}

/* A score in [0,1] with 4 decimals (enough to rank, short to read). */
static void
put_score(struct i40_rec_writer *wr, double s)
{
	char b[8];
	long v;
	int n;

	if (isnan(s)) {
		i40_rec_put_plain(wr, "", 0);
		return;
	}
	v = lround(s * 10000);
	if (v <= 0) {
		i40_rec_put_plain(wr, "0", 1);
		return;
	}
	if (v >= 10000) {
		i40_rec_put_plain(wr, "1", 1);
		return;
	}
	b[0] = '0';
	b[1] = '.';
	for (n = 5; n >= 2; n--, v /= 10)
		b[n] = (char)('0' + v % 10);
	for (n = 6; b[n - 1] == '0'; n--)
		;
	i40_rec_put_plain(wr, b, (size_t)n);
}

static const char *
severity(double score)
{
	/* by the exceedance at the peak: under 2x the limit, under 4x, more
	 * (a hair of slack: e comes back from a rounded score) */
	double e = score < 1 ? score / (1 - score) + 1e-9 : INFINITY;
	return e < 2 ? "warning" : e < 4 ? "alarm" : "critical";
}

/* ---- output ---- */

int
i40_watch_header(struct i40_watch *w, struct i40_rec_reader *rd, struct i40_err *err)
{
	static const char *const ev_cols[] = {"ts", "asset", "signal", "value", "end", "peak", "severity", "rule",
					      "message"};
	size_t n = rd ? i40_rec_nextra(rd) : 0;
	const char **names;

	if (w->header_done)
		return 0;
	w->header_done = 1;
	w->unit_at = -1;
	if ((w->extra_at = calloc(n + 1, sizeof *w->extra_at)) == NULL ||
	    (names = calloc(n + 14, sizeof *names)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char *name = i40_rec_extra_name(rd, i);
		int ours = 0;
		for (size_t k = 0; k < sizeof added_cols / sizeof added_cols[0]; k++)
			ours |= strcmp(name, added_cols[k]) == 0;
		if (strcmp(name, "unit") == 0)
			w->unit_at = (long)i;
		if (!ours)
			w->extra_at[w->nextra++] = (long)i;
	}
	if (w->o.events) {
		size_t k = 0;
		for (; k < 9; k++)
			names[k] = ev_cols[k];
		for (size_t i = 3; w->rul_cols && i < 6; i++)
			names[k++] = added_cols[i];
		if (w->pfail_col)
			names[k++] = "p_fail";
		i40_rec_put_header(w->o.w, names, k);
		free(names);
		return 0;
	}
	names[0] = "ts";
	names[1] = "asset";
	names[2] = "signal";
	names[3] = "value";
	size_t k = 4;
	for (size_t i = 0; i < w->nextra; i++)
		names[k++] = i40_rec_extra_name(rd, (size_t)w->extra_at[i]);
	for (size_t i = 0; i < (w->rul_cols ? 6u : 3u); i++)
		names[k++] = added_cols[i];
	if (w->pfail_col)
		names[k++] = "p_fail";
	i40_rec_put_header(w->o.w, names, k);
	free(names);
	return 0;
}

/* One output record; rd/rec give the pass-through columns (NULL: empty). */
static void
put_record(struct i40_watch *w, int64_t ts, int digits, const char *asset, size_t alen, const char *signal,
	   size_t slen, const char *value, size_t vlen, struct i40_rec_reader *rd, const struct i40_rec *rec,
	   double score, int alert, const char *reason, const struct i40_rul_out *ro, double p_fail)
{
	struct i40_rec_writer *wr = w->o.w;

	if (w->quiet || w->o.events)
		return;
	i40_rec_put_ts(wr, ts, digits);
	i40_rec_put(wr, asset, alen);
	i40_rec_put(wr, signal, slen);
	i40_rec_put(wr, value, vlen);
	for (size_t i = 0; i < w->nextra; i++) {
		size_t len = 0;
		const char *f = rd && rec ? i40_rec_extra(rd, rec, (size_t)w->extra_at[i], &len) : "";
		i40_rec_put(wr, f, len);
	}
	put_score(wr, score);
	i40_rec_put_plain(wr, alert ? "1" : "0", 1);
	i40_rec_put_str(wr, reason ? reason : "");
	if (w->rul_cols) {
		if (ro && ro->valid) {
			i40_rec_put_num(wr, ro->rul_hours);
			i40_rec_put_num(wr, ro->lo_hours);
			i40_rec_put_num(wr, isinf(ro->hi_hours) ? NAN : ro->hi_hours);
		} else {
			i40_rec_put(wr, "", 0);
			i40_rec_put(wr, "", 0);
			i40_rec_put(wr, "", 0);
		}
	}
	if (w->pfail_col)
		i40_rec_put_num(wr, p_fail);
	i40_rec_end(wr);
	w->st.out++;
}

/* ---- episodes ---- */

static int
add_event(struct i40_watch *w, const struct i40_episode *ep, const struct track *t, const char *asset,
	  const char *signal, int open)
{
	struct event *e;
	struct i40_say say = t->say;
	char msg[600];

	if (!w->o.events)
		return 0;
	if (i40_int_grow((void **)&w->ev, &w->capev, w->nev + 1, sizeof *w->ev) != 0)
		return -1;
	e = &w->ev[w->nev];
	say.start = ep->start;
	say.end = ep->end;
	say.open = open;
	say.detail = t->detail;
	i40_say(&say, msg, sizeof msg);
	e->start = ep->start;
	e->end = ep->end;
	e->open = open;
	e->rul = e->rul_lo = e->rul_hi = e->p_fail = NAN;
	if (say.kind == I40_SAY_RUL) {
		e->rul = say.stat;
		e->rul_lo = say.lo;
		e->rul_hi = say.hi;
	} else if (t->rul_score > 0 && t->rul_start == ep->start) {
		e->rul = t->rul[0];
		e->rul_lo = t->rul[1];
		e->rul_hi = t->rul[2];
	} else if (say.kind == I40_SAY_PFAIL) {
		e->p_fail = say.stat;
	}
	e->value = say.value;
	e->score = ep->peak;
	e->severity = severity(ep->peak);
	snprintf(e->rule, sizeof e->rule, "%s", t->rule);
	e->asset = strdup(asset);
	e->signal = strdup(signal);
	e->msg = strdup(msg);
	if (e->asset == NULL || e->signal == NULL || e->msg == NULL)
		return -1;
	w->nev++;
	return 0;
}

/* What a record at the peak of an episode says; filled only when needed. */
typedef void fill_fn(void *ctx, struct i40_say *say, char *rule, size_t rsize);

/* Feed an alert state; returns the alert flag of the record. */
static int
track_push(struct i40_watch *w, struct track *t, int64_t ts, double score, fill_fn *fill, void *ctx,
	   const char *asset, const char *signal)
{
	struct i40_episode done;
	int r;

	if (w->quiet)
		return 0;
	r = i40_alert_push(&t->al, ts, score, &done);
	if (r & I40_ALERT_CLOSED)
		add_event(w, &done, t, asset, signal, 0);
	if (t->al.state != I40_ALERT_IDLE && t->al.cur.peak_ts == ts && t->al.cur.peak == score) {
		memset(&t->say, 0, sizeof t->say);
		t->say.asset = asset;
		t->say.signal = signal;
		fill(ctx, &t->say, t->rule, sizeof t->rule);
	}
	if (r & I40_ALERT_RAISED)
		w->st.episodes++;
	return r & I40_ALERT_FLAG;
}

static void
track_finish(struct i40_watch *w, struct track *t, const char *asset, const char *signal)
{
	struct i40_episode done;
	int open = t->al.state == I40_ALERT_ACTIVE;

	if (i40_alert_finish(&t->al, &done))
		add_event(w, &done, t, asset, signal, open);
}

/* ---- series ---- */

struct series_outcome {
	const struct ser *s;
	double x;
	const struct i40_det_out *o;
	const struct i40_rul_out *ro;
	int rul_won;
};

static const char *
chart_name(int method)
{
	switch (method) {
	case I40_DET_EWMA: return "EWMA chart";
	case I40_DET_CUSUM: return "CUSUM chart";
	case I40_DET_SHEWHART: return "Shewhart chart";
	case I40_DET_SEASONAL: return "seasonal profile";
	default: return "control chart";
	}
}

static void
fill_series(void *ctx, struct i40_say *say, char *rule, size_t rsize)
{
	const struct series_outcome *so = ctx;
	const struct i40_det_out *o = so->o;

	say->unit = so->s->unit;
	say->value = so->x;
	say->usual = o->usual;
	say->z = o->z;
	say->dir = isnan(o->z) ? (so->x >= o->usual ? 1 : -1) : (o->z >= 0 ? 1 : -1);
	if (so->rul_won) {
		say->kind = I40_SAY_RUL;
		say->stat = so->ro->rul_hours;
		say->lo = so->ro->lo_hours;
		say->hi = so->ro->hi_hours;
		say->limit = so->s->spec.fail_limit;
		say->lead = so->s->spec.lead_time;
		snprintf(rule, rsize, "rul");
		return;
	}
	switch (o->method) {
	case I40_DET_ADAPTIVE:
		say->kind = o->part == I40_ADAPT_MEAN ? I40_SAY_MEAN :
			    o->part == I40_ADAPT_SPREAD ? I40_SAY_SPREAD :
			    o->part == I40_ADAPT_DRIFT ? I40_SAY_DRIFT :
			    o->part == I40_ADAPT_LEVEL ? I40_SAY_EXTREME : I40_SAY_CHANGE;
		say->stat = o->stat;
		say->limit = o->limit;
		snprintf(rule, rsize, "adaptive/%s", i40_adapt_part_name(o->part));
		if (o->part == I40_ADAPT_CHANGE4)
			snprintf(rule, rsize, "adaptive/change4");
		break;
	case I40_DET_LIMITS:
		say->kind = I40_SAY_LIMIT;
		say->dir = o->part >= 0 ? 1 : -1;
		snprintf(rule, rsize, "limits/%s", o->part >= 0 ? "high" : "low");
		break;
	case I40_DET_ROC:
		say->kind = I40_SAY_RATE;
		say->stat = o->stat;
		say->limit = o->limit;
		say->dir = o->stat >= 0 ? 1 : -1;
		snprintf(rule, rsize, "roc");
		break;
	case I40_DET_RZ:
		say->kind = I40_SAY_LEVEL;
		snprintf(rule, rsize, "rz");
		break;
	default:
		say->kind = I40_SAY_CHART;
		say->method = chart_name(o->method);
		snprintf(rule, rsize, "%s", i40_det_method_name(o->method));
		break;
	}
}

static struct asset *
get_asset(struct i40_watch *w, const char *name, size_t len, long *id);

static int
make_series(struct i40_watch *w, long id, const struct i40_rec *rec, struct i40_err *err)
{
	struct ser *s = calloc(1, sizeof *s);
	struct asset *a;
	const struct i40_signal_def *def;
	const struct i40_model_series *ms = NULL;
	const char *an = i40_series_asset(w->ids, id), *sn = i40_series_signal(w->ids, id);
	size_t alen = rec->asset_len, slen = rec->signal_len;

	if (s == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	w->ser[id] = s;
	w->nser++;
	s->aname = an;
	s->sname = sn;
	s->kind = KIND_UNKNOWN;
	def = i40_plant_signal(w->o.plant, an, alen, sn, slen);
	if (def) {
		if (def->kind == I40_STATE)
			s->kind = KIND_TEXT;
		if (def->unit && *def->unit)
			s->unit = def->unit;
	}
	if ((a = get_asset(w, an, alen, &s->asset)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	i40_detect_resolve(w->o.cfg, w->o.plant, an, alen, sn, slen, &s->spec);
	if (s->spec.limits_dropped)
		warn(w, "%s/%s: no limit or rate known for it: method limits or roc left out", an, sn);
	if (w->o.model)
		ms = i40_model_find_series(w->o.model, an, alen, sn, slen);
	if (ms && (s->spec.det.methods >> I40_DET_ADAPTIVE & 1) && ms->nwarm == 0) {
		warn(w, "%s/%s: the model has no warm-up for the adaptive method: learning it again", an, sn);
		ms = NULL;
	}
	if (ms && (s->spec.det.methods >> I40_DET_SEASONAL & 1) && ms->det.nslots != s->spec.det.nslots) {
		warn(w, "%s/%s: the model has %d seasonal slots, the settings %d: learning again", an, sn,
		     ms->det.nslots, s->spec.det.nslots);
		ms = NULL;
	}
	s->det = ms ? i40_det_new_model(&s->spec.det, &ms->det, ms->warm, ms->nwarm, err) :
		      i40_det_new(&s->spec.det, err);
	if (s->det == NULL) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		return i40_err_set(err, I40_ERR_CONFIG, "%s/%s: %s", an, sn, msg);
	}
	if (!isnan(s->spec.fail_limit)) {
		struct i40_rul_settings rs;
		i40_rul_defaults(&rs);
		rs.limit = s->spec.fail_limit;
		rs.model = s->spec.trend;
		rs.window = s->spec.rul_window;
		rs.min_points = rs.window < 30 ? rs.window : 30;
		if ((s->rul = i40_rul_new(&rs, err)) == NULL)
			return -1;
	}
	i40_alert_init(&s->tr.al, &w->o.cfg->alert);
	s->dm_factor = w->o.deadman > 0 ? w->o.deadman : s->spec.deadman;
	if (s->dm_factor > 0) {
		int64_t expected = s->spec.interval;
		if (expected == 0 && ms && ms->interval > 0)
			expected = ms->interval;
		i40_deadman_init(&s->dm, expected, s->dm_factor);
		if (i40_int_grow((void **)&a->dm, &a->capdm, a->ndm + 1, sizeof *a->dm) != 0)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		a->dm[a->ndm++] = id;
	}
	/* the vectors this signal is a member of */
	for (size_t i = 0; i < a->nvecs; i++) {
		struct vec *v = a->vecs[i];
		for (size_t j = 0; j < v->p; j++)
			if (strlen(v->members[j]) == slen && memcmp(v->members[j], sn, slen) == 0) {
				struct vref *r = realloc(s->refs, (s->nrefs + 1) * sizeof *r);
				if (r == NULL)
					return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
				s->refs = r;
				s->refs[s->nrefs].v = v;
				s->refs[s->nrefs++].idx = j;
			}
	}
	return 0;
}

static void
free_series(struct ser *s)
{
	if (s == NULL)
		return;
	i40_det_free(s->det);
	i40_rul_free(s->rul);
	free(s->refs);
	free(s->unit_col);
	free(s);
}

/* ---- vectors ---- */

static void
free_vec(struct vec *v)
{
	if (v == NULL)
		return;
	free(v->last);
	free(v->contrib);
	free(v->X);
	i40_t2_free(&v->t2);
	free(v);
}

static struct vec *
new_vec(struct i40_watch *w, long asset, const char *name, const char *const *members, size_t p, int failure)
{
	struct vec *v = calloc(1, sizeof *v);
	if (v == NULL)
		return NULL;
	v->failure = failure;
	v->name = name;
	v->asset = asset;
	v->p = p;
	v->members = members;
	v->last = malloc(p * sizeof *v->last);
	v->contrib = malloc(p * sizeof *v->contrib);
	if (v->last == NULL || v->contrib == NULL) {
		free_vec(v);
		return NULL;
	}
	for (size_t j = 0; j < p; j++)
		v->last[j] = NAN;
	i40_alert_init(&v->tr.al, &w->o.cfg->alert);
	return v;
}

static int
add_vec(struct asset *a, struct vec *v)
{
	struct vec **vv = realloc(a->vecs, (a->nvecs + 1) * sizeof *vv);
	if (vv == NULL) {
		free_vec(v);
		return -1;
	}
	a->vecs = vv;
	a->vecs[a->nvecs++] = v;
	return 0;
}

static struct asset *
get_asset(struct i40_watch *w, const char *name, size_t len, long *id)
{
	int created;
	long i = i40_series_id(w->aids, name, len, "", 0, &created);
	struct asset *a;

	if (i < 0)
		return NULL;
	*id = i;
	if (!created)
		return w->assets[i];
	if (i40_int_grow((void **)&w->assets, &w->capassets, w->nassets + 1, sizeof *w->assets) != 0)
		return NULL;
	if ((a = calloc(1, sizeof *a)) == NULL)
		return NULL;
	w->assets[w->nassets++] = a;
	a->name = dupn(name, len);
	a->len = len;
	a->clock = INT64_MIN;
	a->next_check = INT64_MAX;
	if (a->name == NULL)
		return NULL;
	const struct i40_detect_config *c = w->o.cfg;
	for (size_t g = 0; g < c->ngroups; g++) {
		const struct i40_detect_group *gr = &c->groups[g];
		struct vec *v;
		if (gr->asset && fnmatch(gr->asset, a->name, 0) != 0)
			continue;
		if ((v = new_vec(w, i, gr->name, gr->signals, gr->nsignals, 0)) == NULL || add_vec(a, v) != 0)
			return NULL;
		v->g = gr;
		const struct i40_model_group *mg = w->o.model ? i40_model_find_group(w->o.model, name, len, gr->name) : NULL;
		if (mg) {
			int same = mg->p == gr->nsignals;
			for (size_t j = 0; same && j < mg->p; j++)
				same = strcmp(mg->signals[j], gr->signals[j]) == 0;
			struct i40_err e;
			if (same && i40_t2_set(&v->t2, mg->t2.mean, mg->t2.cov, mg->p, mg->t2.n, gr->alpha, mg->t2.lambda,
					       &e) == 0)
				v->learned = 1;
			else
				warn(w, "%s/%s: the model's group has other signals: learning it again", a->name, gr->name);
		}
	}
	if (w->o.model && w->o.model->failure.present) {
		const struct i40_model_failure *f = &w->o.model->failure;
		struct vec *v = new_vec(w, i, "p_fail", (const char *const *)f->features, f->p, 1);
		if (v == NULL || add_vec(a, v) != 0)
			return NULL;
	}
	return a;
}

struct vec_outcome {
	const struct vec *v;
	double stat;
	double threshold;          /* failure model: the alert threshold */
	int64_t horizon;           /* and its horizon */
};

static void
fill_vec(void *ctx, struct i40_say *say, char *rule, size_t rsize)
{
	const struct vec_outcome *vo = ctx;

	say->value = vo->stat;
	say->stat = vo->stat;
	say->dir = 1;
	if (vo->v->failure) {
		say->kind = I40_SAY_PFAIL;
		say->limit = vo->threshold;
		say->lead = vo->horizon;
		snprintf(rule, rsize, "p_fail");
		return;
	}
	say->kind = I40_SAY_T2;
	say->limit = vo->v->t2.ucl;
	snprintf(rule, rsize, "t2");
}

/* "vib_rms (71%), temp (20%)": the members that make most of T^2. */
static void
contributions(const struct vec *v, char *buf, size_t size)
{
	double pos = 0, shown = 0;
	size_t len = 0, order[64], n = v->p < 64 ? v->p : 64;

	buf[0] = '\0';
	for (size_t j = 0; j < n; j++) {
		order[j] = j;
		pos += v->contrib[j] > 0 ? v->contrib[j] : 0;
	}
	if (!(pos > 0))
		return;
	for (size_t j = 1; j < n; j++)   /* by contribution, largest first */
		for (size_t k = j; k > 0 && v->contrib[order[k]] > v->contrib[order[k - 1]]; k--) {
			size_t t = order[k];
			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	for (size_t j = 0; j < n && j < 3; j++) {
		double c = v->contrib[order[j]];
		if (c <= 0 || (j > 0 && shown >= 0.8 * pos))
			break;
		int k = snprintf(buf + len, size - len, "%s%s (%.0f%%)", j ? " and " : "", v->members[order[j]],
				 100 * c / pos);
		if (k < 0 || (size_t)k >= size - len)
			break;
		len += (size_t)k;
		shown += c;
	}
	/* "a (50%) and b (30%) and c (15%)" -> "a (50%), b (30%) and c (15%)" */
	char *first = strstr(buf, " and "), *last = NULL;
	for (char *p = first; p; p = strstr(p + 1, " and "))
		last = p;
	if (first && last != first) {
		memmove(first + 1, first + 4, strlen(first + 4) + 1);
		first[0] = ',';
	}
}

static int
eval_vec(struct i40_watch *w, struct vec *v, int64_t ts)
{
	struct asset *a = w->assets[v->asset];
	double stat = NAN, score = 0, e, thr = 0;
	char reason[200] = "", detail[160] = "";
	int flag = 0;

	if (v->broken)
		return 0;
	if (v->failure) {
		const struct i40_model_failure *f = &w->o.model->failure;
		thr = w->o.cfg->p_fail_set ? w->o.cfg->p_fail : f->threshold;
		stat = i40_logit_predict(&f->lg, v->last);
		/* the odds against the threshold's odds: 1 at the threshold */
		e = stat >= 1 ? INFINITY : (stat / (1 - stat)) / (thr / (1 - thr));
		score = i40_det_score(e);
		if (score >= w->o.cfg->alert.off)
			snprintf(reason, sizeof reason, "p_fail %.2f (threshold %.2f)", stat, thr);
	} else if (!v->learned) {
		const struct i40_detect_config *c = w->o.cfg;
		/* as long as the series learn: the group's own count, else the
		 * section's count, else its time alone (with 3 vectors at
		 * least), else 600 */
		long need = v->g->learn > 0 ? v->g->learn : c->learn_points > 0 ? c->learn_points :
			    c->learn_ns > 0 ? (long)v->p + 2 : 600;
		if (v->nX == v->capX) {
			long cap = v->capX ? 2 * v->capX : 64;
			double *X = v->nX < I40_DET_MAXLEARN ? realloc(v->X, (size_t)cap * v->p * sizeof *X) : NULL;
			if (X == NULL && v->nX < I40_DET_MAXLEARN)
				return -1;
			if (X) {
				v->X = X;
				v->capX = cap;
			}
		}
		if (v->nX == 0)
			v->first_ts = ts;
		if (v->nX < v->capX)
			memcpy(v->X + v->nX++ * (long)v->p, v->last, v->p * sizeof *v->X);
		if (v->nX >= need && (c->learn_ns <= 0 || ts - v->first_ts >= c->learn_ns)) {
			struct i40_err e2;
			if (i40_t2_learn(&v->t2, v->X, (size_t)v->nX, v->p, v->g->alpha, -1, &e2) != 0) {
				warn(w, "%s/%s: %s; the group is left out", a->name, v->name, e2.msg);
				v->broken = 1;
			} else {
				v->learned = 1;
			}
			free(v->X);
			v->X = NULL;
			v->nX = v->capX = 0;
		}
	} else {
		stat = i40_t2_score(&v->t2, v->last, v->contrib);
		e = stat / v->t2.ucl;
		score = i40_det_score(e);
		if (score >= w->o.cfg->alert.off) {
			contributions(v, detail, sizeof detail);
			snprintf(reason, sizeof reason, "T2 %.3g (limit %.3g)%s%s", stat, v->t2.ucl,
				 *detail ? ", mostly " : "", detail);
		}
	}
	struct vec_outcome vo = {v, stat, thr, v->failure ? w->o.model->failure.horizon : 0};
	if (!isnan(stat))
		flag = track_push(w, &v->tr, ts, score, fill_vec, &vo, a->name, v->name);
	if (flag && *detail && !w->quiet && v->tr.al.cur.peak_ts == ts)
		snprintf(v->tr.detail, sizeof v->tr.detail, "%s", detail);
	if (!w->quiet && !w->o.events) {
		char num[I40_NUM_MAXLEN];
		size_t nl = i40_num_fmt(stat, num);
		put_record(w, ts, v->digits, a->name, a->len, v->name, strlen(v->name), num, nl, NULL, NULL,
			   isnan(stat) ? NAN : score, flag, reason, NULL, v->failure ? stat : NAN);
	}
	return 0;
}

/* The (asset, time) of the pending vectors ended: form and score them. */
static int
flush_pending(struct i40_watch *w)
{
	int rc = 0;
	for (size_t i = 0; i < w->npend; i++) {
		struct vec *v = w->pend[i];
		v->pending = 0;
		if (v->have == v->p && eval_vec(w, v, w->pend_ts) != 0)
			rc = -1;
	}
	w->npend = 0;
	return rc;
}

static int
vec_update(struct i40_watch *w, const struct ser *s, double x, int64_t ts, int digits)
{
	for (size_t i = 0; i < s->nrefs; i++) {
		struct vec *v = s->refs[i].v;
		if (isnan(v->last[s->refs[i].idx]))
			v->have++;
		v->last[s->refs[i].idx] = x;
		if (!v->pending) {
			if (i40_int_grow((void **)&w->pend, &w->cappend, w->npend + 1, sizeof *w->pend) != 0)
				return -1;
			w->pend[w->npend++] = v;
			v->pending = 1;
			v->digits = digits;
			w->pend_asset = s->asset;
			w->pend_ts = ts;
		}
		if (digits > v->digits)
			v->digits = digits;
	}
	return 0;
}

/* ---- no data ---- */

/* A series went silent at now: its no-data alert rises. */
static int
silence_starts(struct i40_watch *w, struct ser *s, int64_t now)
{
	struct asset *a = w->assets[s->asset];
	int64_t exp = i40_deadman_expected(&s->dm);
	double e = (double)(now - s->dm.last_ts) / (s->dm.factor * (double)exp);
	char reason[160], d1[32], d2[32];

	s->silent_since = s->dm.last_ts;
	if (w->quiet)
		return 0;
	w->st.episodes++;
	i40_say_duration(now - s->dm.last_ts, d1, sizeof d1);
	i40_say_duration(exp, d2, sizeof d2);
	snprintf(reason, sizeof reason, "no data for %s (expected every %s)", d1, d2);
	put_record(w, now, i40_int_ts_digits(now), a->name, a->len, s->sname, strlen(s->sname), "", 0, NULL, NULL,
		   i40_det_score(e), 1, reason, NULL, NAN);
	return 0;
}

/* The no-data episode of s, from its last arrival to end. */
static int
silence_event(struct i40_watch *w, struct ser *s, int64_t end, int open)
{
	struct track t;
	struct i40_episode ep;
	int64_t exp = i40_deadman_expected(&s->dm);

	if (w->quiet || !w->o.events)
		return 0;
	memset(&t, 0, sizeof t);
	memset(&ep, 0, sizeof ep);
	t.say.kind = I40_SAY_NODATA;
	t.say.asset = w->assets[s->asset]->name;
	t.say.signal = s->sname;
	t.say.expected = exp;
	t.say.value = NAN;
	snprintf(t.rule, sizeof t.rule, "no-data");
	ep.start = s->silent_since;
	ep.end = end;
	ep.peak = i40_det_score((double)(end - s->silent_since) / (s->dm.factor * (double)exp));
	return add_event(w, &ep, &t, t.say.asset, s->sname, open);
}

/* The asset's clock reached now: which of its watched series are silent? */
static int
check_silence(struct i40_watch *w, struct asset *a, int64_t now)
{
	int64_t next = INT64_MAX;

	for (size_t i = 0; i < a->ndm; i++) {
		struct ser *s = w->ser[a->dm[i]];
		int64_t exp;
		if (i40_deadman_check(&s->dm, now) && silence_starts(w, s, now) != 0)
			return -1;
		exp = i40_deadman_expected(&s->dm);
		if (!s->dm.firing && exp > 0 && s->dm.last_ts != INT64_MIN) {
			int64_t due = s->dm.last_ts + (int64_t)(s->dm.factor * (double)exp) + 1;
			if (due < next)
				next = due;
		}
	}
	a->next_check = next;
	return 0;
}

static void
silence_seen(struct i40_watch *w, struct ser *s, struct asset *a, int64_t ts)
{
	int64_t exp;

	if (i40_deadman_seen(&s->dm, ts))
		silence_event(w, s, ts, 0);
	exp = i40_deadman_expected(&s->dm);
	if (exp > 0) {
		int64_t due = ts + (int64_t)(s->dm.factor * (double)exp) + 1;
		if (due < a->next_check)
			a->next_check = due;
	}
}

/* ---- the record ---- */

static int
seasonal_slot(const struct i40_watch *w, const struct ser *s, int64_t ts)
{
	int64_t sec = ts >= 0 ? ts / I40_NS_PER_SEC : -((-ts + I40_NS_PER_SEC - 1) / I40_NS_PER_SEC);
	if (!(s->spec.det.methods >> I40_DET_SEASONAL & 1))
		return -1;
	return i40_detect_slot(s->spec.season, sec + i40_tz_offset(w->tz, sec));
}

static void
unit_from_column(struct i40_watch *w, struct ser *s, struct i40_rec_reader *rd, const struct i40_rec *rec)
{
	size_t len;
	const char *u;

	if (s->unit || w->unit_at < 0 || rd == NULL)
		return;
	u = i40_rec_extra(rd, rec, (size_t)w->unit_at, &len);
	if (len > 0 && (s->unit_col = dupn(u, len)) != NULL)
		s->unit = s->unit_col;
}

int
i40_watch_push(struct i40_watch *w, struct i40_rec_reader *rd, const struct i40_rec *rec, struct i40_err *err)
{
	struct i40_det_out o;
	struct i40_rul_out ro;
	struct asset *a;
	struct ser *s;
	long aid, id;
	int created, flag;
	double score;
	char reason[200];

	if (!w->quiet)
		w->st.in++;
	/* one lookup per record: a known series knows its asset */
	if ((id = i40_series_id(w->ids, rec->asset, rec->asset_len, rec->signal, rec->signal_len, &created)) < 0)
		return nomem(err);
	if (created) {
		if ((a = get_asset(w, rec->asset, rec->asset_len, &aid)) == NULL)
			return nomem(err);
	} else {
		aid = w->ser[id]->asset;
		a = w->assets[aid];
	}
	if (w->npend && (aid != w->pend_asset || rec->ts != w->pend_ts) && flush_pending(w) != 0)
		return nomem(err);
	if (created) {
		if (i40_int_grow((void **)&w->ser, &w->capser, (size_t)id + 1, sizeof *w->ser) != 0)
			return nomem(err);
		w->ser[id] = NULL;
		if (make_series(w, id, rec, err) != 0)
			return -2;
	}
	s = w->ser[id];
	if (s->seen && rec->ts < s->last_ts) {
		char t1[I40_TS_MAXLEN], t2[I40_TS_MAXLEN];
		int dg = i40_int_ts_digits(rec->ts), dl = i40_int_ts_digits(s->last_ts);
		if (dl > dg)
			dg = dl;
		i40_tfmt(rec->ts, dg, t1);
		i40_tfmt(s->last_ts, dg, t2);
		return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
				  "time goes back: %s is before %s, the previous record of %s/%s (line %ld); "
				  "records of a series must be in time order", t1, t2, s->aname, s->sname, s->last_line);
	}
	if (rec->ts > a->clock) {
		a->clock = rec->ts;
		if (a->ndm && rec->ts >= a->next_check && check_silence(w, a, rec->ts) != 0)
			return nomem(err);
	}
	if (rec->ts > w->clock_all)
		w->clock_all = rec->ts;
	if (s->kind == KIND_UNKNOWN && rec->value_len > 0)
		s->kind = rec->is_num ? KIND_NUM : KIND_TEXT;
	if (s->kind == KIND_NUM && rec->value_len > 0 && !rec->is_num)
		return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
				  "value \"%.*s\" is not a number (%s/%s has numbers)", (int)(rec->value_len > 40 ? 40 : rec->value_len),
				  rec->value, s->aname, s->sname);
	s->seen = 1;
	s->last_ts = rec->ts;
	s->last_line = rec->line;
	if (s->dm_factor > 0)
		silence_seen(w, s, a, rec->ts);
	if (s->kind != KIND_NUM || rec->value_len == 0) {
		/* states pass through; a missing value is no evidence either way */
		put_record(w, rec->ts, rec->ts_digits, rec->asset, rec->asset_len, rec->signal, rec->signal_len,
			   rec->value, rec->value_len, rd, rec, NAN,
			   s->kind == KIND_NUM && s->tr.al.state == I40_ALERT_ACTIVE, "", NULL, NAN);
		return 0;
	}
	unit_from_column(w, s, rd, rec);
	if (i40_det_push(s->det, rec->ts, rec->num, seasonal_slot(w, s, rec->ts), &o, err) != 0)
		return nomem(err);
	score = o.score;
	memset(&ro, 0, sizeof ro);
	struct series_outcome so = {s, rec->num, &o, &ro, 0};
	double rs = 0;   /* the remaining life's own score */
	if (s->rul) {
		if (i40_rul_push(s->rul, rec->ts, rec->num, &ro, err) != 0) {
			err->line = rec->line;
			snprintf(err->file, sizeof err->file, "%s", rec->file);
			return -1;
		}
		/* only a trend clearly toward the limit alerts: the far edge of
		 * the band reaches it too (hi finite), not a flat noisy fit */
		if (ro.valid && isfinite(ro.hi_hours) && s->spec.lead_time > 0) {
			double lead_h = (double)s->spec.lead_time / 3.6e12;
			rs = i40_det_score(ro.lo_hours > 0 ? lead_h / ro.lo_hours : INFINITY);
			if (rs > score) {
				score = rs;
				so.rul_won = 1;
			}
		}
	}
	flag = track_push(w, &s->tr, rec->ts, score, fill_series, &so, s->aname, s->sname);
	if (rs >= s->tr.al.set.on && s->tr.al.state != I40_ALERT_IDLE &&
	    (s->tr.rul_start != s->tr.al.cur.start || rs >= s->tr.rul_score)) {
		s->tr.rul_start = s->tr.al.cur.start;
		s->tr.rul_score = rs;
		s->tr.rul[0] = ro.rul_hours;
		s->tr.rul[1] = ro.lo_hours;
		s->tr.rul[2] = ro.hi_hours;
	}
	if (s->nrefs && vec_update(w, s, rec->num, rec->ts, rec->ts_digits) != 0)
		return nomem(err);
	if (w->quiet || w->o.events)
		return 0;
	reason[0] = '\0';
	if (score >= w->o.cfg->alert.off || flag) {
		if (so.rul_won) {
			char d[32];
			i40_say_duration((int64_t)(ro.lo_hours * 3.6e12), d, sizeof d);
			snprintf(reason, sizeof reason, "failure limit %g within %s at the earliest", s->spec.fail_limit, d);
		} else {
			i40_det_reason(&o, reason, sizeof reason);
		}
	}
	put_record(w, rec->ts, rec->ts_digits, rec->asset, rec->asset_len, rec->signal, rec->signal_len, rec->value,
		   rec->value_len, rd, rec, score, flag, reason, s->rul ? &ro : NULL, NAN);
	return 0;
}

/* ---- ends ---- */

static int
cmp_event(const void *x, const void *y)
{
	const struct event *a = x, *b = y;
	int c;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if ((c = strcmp(a->asset, b->asset)) != 0)
		return c;
	if ((c = strcmp(a->signal, b->signal)) != 0)
		return c;
	return strcmp(a->rule, b->rule);
}

int
i40_watch_finish(struct i40_watch *w, struct i40_err *err)
{
	if (flush_pending(w) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < w->nser; i++) {
		struct ser *s = w->ser[i];
		if (s->dm_factor > 0 && !w->quiet) {
			if (!s->dm.firing && i40_deadman_check(&s->dm, w->clock_all))
				silence_starts(w, s, w->clock_all);
			if (s->dm.firing)
				silence_event(w, s, w->clock_all, 1);
		}
		track_finish(w, &s->tr, s->aname, s->sname);
		if (i40_det_learning_left(s->det) > 0 && s->kind == KIND_NUM)
			w->st.learning++;
	}
	for (size_t i = 0; i < w->nassets; i++)
		for (size_t j = 0; j < w->assets[i]->nvecs; j++) {
			struct vec *v = w->assets[i]->vecs[j];
			track_finish(w, &v->tr, w->assets[i]->name, v->name);
		}
	if (w->o.events && w->nev) {
		qsort(w->ev, w->nev, sizeof *w->ev, cmp_event);
		for (size_t i = 0; i < w->nev; i++) {
			const struct event *e = &w->ev[i];
			i40_rec_put_ts(w->o.w, e->start, i40_int_ts_digits(e->start));
			i40_rec_put_str(w->o.w, e->asset);
			i40_rec_put_str(w->o.w, e->signal);
			i40_rec_put_num(w->o.w, e->value);
			if (e->open)   /* still active: an empty end, as i40-report reads it */
				i40_rec_put(w->o.w, "", 0);
			else
				i40_rec_put_ts(w->o.w, e->end, i40_int_ts_digits(e->end));
			put_score(w->o.w, e->score);
			i40_rec_put_str(w->o.w, e->severity);
			i40_rec_put_str(w->o.w, e->rule);
			i40_rec_put_str(w->o.w, e->msg);
			if (w->rul_cols) {
				i40_rec_put_num(w->o.w, e->rul);
				i40_rec_put_num(w->o.w, e->rul_lo);
				i40_rec_put_num(w->o.w, isinf(e->rul_hi) ? NAN : e->rul_hi);
			}
			if (w->pfail_col)
				i40_rec_put_num(w->o.w, e->p_fail);
			i40_rec_end(w->o.w);
			w->st.out++;
		}
	}
	return 0;
}

/* ---- the rest ---- */

struct i40_watch *
i40_watch_new(const struct i40_watch_opts *o, struct i40_err *err)
{
	struct i40_watch *w = calloc(1, sizeof *w);

	if (w == NULL || (w->ids = i40_series_new()) == NULL || (w->aids = i40_series_new()) == NULL) {
		i40_watch_free(w);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	w->o = *o;
	w->tz = o->tz ? o->tz : o->plant->tz;
	w->clock_all = INT64_MIN;
	w->unit_at = -1;
	for (size_t i = 0; i < o->cfg->nrules; i++)
		if (!isnan(o->cfg->rules[i].fail_limit))
			w->rul_cols = 1;
	w->pfail_col = o->model && o->model->failure.present;
	return w;
}

void
i40_watch_free(struct i40_watch *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->nser; i++)
		free_series(w->ser[i]);
	free(w->ser);
	for (size_t i = 0; i < w->nassets; i++) {
		struct asset *a = w->assets[i];
		for (size_t j = 0; j < a->nvecs; j++)
			free_vec(a->vecs[j]);
		free(a->vecs);
		free(a->dm);
		free(a->name);
		free(a);
	}
	free(w->assets);
	for (size_t i = 0; i < w->nev; i++) {
		free(w->ev[i].asset);
		free(w->ev[i].signal);
		free(w->ev[i].msg);
	}
	free(w->ev);
	free(w->pend);
	free(w->extra_at);
	i40_series_free(w->ids);
	i40_series_free(w->aids);
	free(w);
}

void
i40_watch_quiet(struct i40_watch *w, int quiet)
{
	if (w->quiet && !quiet) {
		/* the baseline ended: what learned enough starts scoring, and
		 * the alert states and arrival watches start afresh */
		flush_pending(w);
		for (size_t i = 0; i < w->nser; i++) {
			struct ser *s = w->ser[i];
			i40_det_learn_now(s->det);
			i40_alert_init(&s->tr.al, &w->o.cfg->alert);
			s->dm.last_ts = INT64_MIN;
			s->dm.firing = 0;
			s->seen = 0;
		}
		for (size_t i = 0; i < w->nassets; i++) {
			struct asset *a = w->assets[i];
			a->clock = INT64_MIN;
			a->next_check = INT64_MAX;
			for (size_t j = 0; j < a->nvecs; j++) {
				struct vec *v = a->vecs[j];
				i40_alert_init(&v->tr.al, &w->o.cfg->alert);
				if (!v->failure && !v->learned && !v->broken && v->nX >= (long)v->p + 2) {
					struct i40_err e;
					if (i40_t2_learn(&v->t2, v->X, (size_t)v->nX, v->p, v->g->alpha, -1, &e) == 0)
						v->learned = 1;
					free(v->X);
					v->X = NULL;
					v->nX = v->capX = 0;
				}
			}
		}
		w->clock_all = INT64_MIN;
	}
	w->quiet = quiet;
}

void
i40_watch_stats(const struct i40_watch *w, struct i40_watch_stats *st)
{
	*st = w->st;
	st->series = (long)w->nser;
}

int
i40_watch_model(const struct i40_watch *w, struct i40_model *m, struct i40_err *err)
{
	for (size_t i = 0; i < w->nser; i++) {
		const struct ser *s = w->ser[i];
		struct i40_det_model dm;
		const double *warm;
		long nwarm;
		if (s->kind != KIND_NUM || i40_det_model_get(s->det, &dm) != 0)
			continue;
		warm = i40_det_warmup(s->det, &nwarm);
		if (i40_model_add_series(m, s->aname, s->sname, &dm, warm, nwarm,
					 s->dm_factor > 0 ? i40_deadman_expected(&s->dm) : 0, err) != 0)
			return -1;
	}
	for (size_t i = 0; i < w->nassets; i++)
		for (size_t j = 0; j < w->assets[i]->nvecs; j++) {
			const struct vec *v = w->assets[i]->vecs[j];
			if (v->failure || !v->learned)
				continue;
			if (i40_model_add_group(m, w->assets[i]->name, v->name, v->members, v->p, &v->t2, err) != 0)
				return -1;
		}
	if (w->o.model && w->o.model->failure.present) {
		/* a failure model read with --model goes on into the new file */
		const struct i40_model_failure *f = &w->o.model->failure;
		struct i40_model_failure *g = &m->failure;
		*g = *f;
		g->features = calloc(f->p, sizeof *g->features);
		g->lg.beta = malloc((f->p + 1) * sizeof *g->lg.beta);
		g->lg.mean = malloc(f->p * sizeof *g->lg.mean);
		g->lg.sd = malloc(f->p * sizeof *g->lg.sd);
		if (!g->features || !g->lg.beta || !g->lg.mean || !g->lg.sd) {
			g->p = 0;
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		}
		for (size_t j = 0; j < f->p; j++)
			if ((g->features[j] = strdup(f->features[j])) == NULL)
				return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		memcpy(g->lg.beta, f->lg.beta, (f->p + 1) * sizeof *g->lg.beta);
		memcpy(g->lg.mean, f->lg.mean, f->p * sizeof *g->lg.mean);
		memcpy(g->lg.sd, f->lg.sd, f->p * sizeof *g->lg.sd);
	}
	return 0;
}
