/* oee.c - OEE figures from states, counters and the shift calendar.
 *
 * Every asset keeps a clock: the instant up to which its time has been
 * accounted.  A record moves the clock to its time, and the interval
 * walked is split at calendar changes and period ends and added, in the
 * state that held, to the open period.  A state holds until the next state
 * record, across breaks, shifts and periods; before an asset's first state
 * it is "unknown", which counts as an unplanned stop and is reported.
 *
 * A stop is a stretch of planned busy time spent without interruption in
 * unplanned stop states (reason changes do not split it; a break or the
 * end of the shift does).  Whether it is a breakdown or a small stop is
 * known once it is small_stop long or has ended, so a period whose end a
 * stop crosses waits for that before it is written: at most small_stop of
 * stream time.  Rows are written in order of period start and name, when
 * no asset can add to an earlier period any more, so the output does not
 * depend on how the assets of the input were split between runs.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i40_int.h"
#include "oee.h"
#include "series.h"

/* ---- figures and KPIs ---- */

void
i40_oee_kpis(struct i40_oee_figures *f)
{
	f->down = f->breakdowns + f->small_stops;
	f->availability = f->pbt > 0 ? f->apt / f->pbt : NAN;
	f->performance = f->apt > 0 ? f->ideal / f->apt : NAN;
	f->quality = f->pq > 0 ? f->gq / f->pq : NAN;
	f->scrap_rate = f->pq > 0 ? f->sq / f->pq : NAN;
	/* The good parts' share of the ideal time; 0 when nothing was made. */
	f->fpt = f->pq > 0 ? f->ideal * f->gq / f->pq : f->ideal * 0;
	f->oee = f->pbt > 0 ? f->fpt / f->pbt : NAN;
	f->teep = f->calendar > 0 ? f->fpt / f->calendar : NAN;
	f->mtbf = f->failures > 0 ? f->apt / f->failures : NAN;
	f->mttr = f->failures > 0 ? f->failure_time / f->failures : NAN;
	f->energy_per_good = f->gq > 0 ? f->energy / f->gq : NAN;

	double quality_loss = f->ideal - f->fpt;
	f->loss[I40_LOSS_BREAKDOWNS] = f->breakdowns;
	f->loss[I40_LOSS_SETUPS] = f->setup;
	f->loss[I40_LOSS_SMALL_STOPS] = f->small_stops;
	f->loss[I40_LOSS_REDUCED_SPEED] = f->apt - f->ideal;
	/* Scrap's ideal time, shared by the scrap counted in and out of
	 * start-up windows. */
	f->loss[I40_LOSS_STARTUP_REJECTS] = f->sq > 0 ? quality_loss * f->sq_startup / f->sq : quality_loss * 0;
	f->loss[I40_LOSS_PRODUCTION_REJECTS] = quality_loss - f->loss[I40_LOSS_STARTUP_REJECTS];
}

static double
add_nan0(double a, double b)
{
	if (isnan(a))
		return b;
	return isnan(b) ? a : a + b;
}

void
i40_oee_add(struct i40_oee_figures *s, const struct i40_oee_figures *f)
{
	s->calendar += f->calendar;
	s->pdot += f->pdot;
	s->pbt += f->pbt;
	s->apt += f->apt;
	s->setup += f->setup;
	s->breakdowns += f->breakdowns;
	s->small_stops += f->small_stops;
	s->failure_time += f->failure_time;
	s->stops += f->stops;
	s->failures += f->failures;
	s->pq += f->pq;
	s->gq += f->gq;
	s->sq += f->sq;
	s->sq_startup += f->sq_startup;
	s->outside += f->outside;
	s->ideal += f->ideal;                       /* a missing PRI spoils the line */
	s->energy = add_nan0(s->energy, f->energy); /* assets without a meter add nothing */
}

/* ---- configuration ---- */

enum { CLS_RUN = 0, CLS_SETUP, CLS_PLANNED, CLS_FAILURE, NCLS, CLS_STOP = NCLS };

static const char *const class_keys[NCLS + 1] = {"running", "setup", "planned", "failure", NULL};
static const char *const default_classes[NCLS][3] = {
	{"RUN", NULL}, {"SETUP", "SETUP:*", NULL}, {"PLANNED", "PLANNED:*", NULL}, {"DOWN", "DOWN:*", NULL},
};
static const char *const role_keys[7] = {"total", "good", "scrap", "energy", "state", "product", NULL};
static const char *const default_signals[6] = {"parts", "good", "scrap", "energy", "state", "product"};
static const char *const target_keys[] = {"oee", "availability", "performance", "quality", "teep", NULL};
#define NTARGETS 5

struct ideal {
	const char *asset;
	int64_t dflt;            /* ns per part, -1 none */
	const char **products;
	int64_t *ns;
	size_t n;
};

struct line {
	const char *name;
	const char **members;
	size_t n;
};

struct config {
	const char **assets;       /* the assets reported; NULL: every asset */
	size_t nassets;
	const char **pat[NCLS];
	size_t npat[NCLS];
	const char *sig[6];
	int delta;
	struct ideal *ideals;
	size_t nideals;
	int64_t small_stop, startup;
	struct line *lines;
	size_t nlines;
	double target[NTARGETS];
	const struct i40_node *calendar;
	struct i40_arena arena;
};

static void
config_free(struct config *c)
{
	i40_arena_free(&c->arena);
}

static int
nomem(struct i40_err *err)
{
	return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
}

static int
positive_duration(const struct i40_node *n, int64_t *ns, struct i40_err *err)
{
	if (i40_cfg_duration(n, ns, err) != 0)
		return -1;
	if (*ns <= 0)
		return i40_cfg_error(n, err, "expected a duration above zero");
	return 0;
}

static int
parse_ideal(struct config *c, const struct i40_node *key, const struct i40_node *val, struct ideal *id,
	    struct i40_err *err)
{
	static const char *const keys[] = {"default", "products", NULL};
	id->asset = key->str;
	id->dflt = -1;
	if (val->kind == I40_NODE_SCALAR)
		return positive_duration(val, &id->dflt, err);
	if (i40_cfg_check_keys(val, keys, "an ideal cycle time", err) != 0)
		return -1;
	const struct i40_node *d = i40_cfg_get(val, "default");
	if (d && positive_duration(d, &id->dflt, err) != 0)
		return -1;
	const struct i40_node *p = i40_cfg_get(val, "products");
	if (p == NULL)
		return 0;
	if (i40_cfg_expect(p, I40_NODE_MAP, "products", err) != 0)
		return -1;
	id->products = i40_arena_alloc(&c->arena, p->n, sizeof *id->products);
	id->ns = i40_arena_alloc(&c->arena, p->n, sizeof *id->ns);
	if (id->products == NULL || id->ns == NULL)
		return nomem(err);
	for (size_t i = 0; i < p->n; i++) {
		id->products[i] = p->key[i]->str;
		if (positive_duration(p->val[i], &id->ns[i], err) != 0)
			return -1;
	}
	id->n = p->n;
	return 0;
}

static int
reported(const struct config *c, const char *asset, size_t len)
{
	if (c->assets == NULL)
		return 1;
	for (size_t i = 0; i < c->nassets; i++)
		if (strlen(c->assets[i]) == len && memcmp(c->assets[i], asset, len) == 0)
			return 1;
	return 0;
}

/* 0.85, or "85%". */
static int
parse_ratio(const struct i40_node *n, double *out, struct i40_err *err)
{
	const char *s;
	if (i40_cfg_str(n, &s, err) != 0)
		return -1;
	size_t len = strlen(s);
	double x;
	char *e;
	if (len > 1 && s[len - 1] == '%') {
		x = strtod(s, &e) / 100;
		if (e != s + len - 1)
			x = NAN;
	} else if (i40_cfg_num(n, &x, err) != 0) {
		return -1;
	}
	if (!(x > 0 && x <= 1))
		return i40_cfg_error(n, err, "a target is a ratio above 0 and at most 1 (0.85 or 85%%), not \"%s\"", s);
	*out = x;
	return 0;
}

static int
parse_config(const struct i40_node *node, struct config *c, struct i40_err *err)
{
	static const char *const keys[] = {"assets", "states", "signals", "counters", "ideal_cycle", "small_stop",
					   "startup_window", "lines", "targets", "calendar", NULL};
	const struct i40_node *n;

	memset(c, 0, sizeof *c);
	for (int k = 0; k < NCLS; k++) {
		c->pat[k] = (const char **)default_classes[k];
		while (default_classes[k][c->npat[k]])
			c->npat[k]++;
	}
	for (int k = 0; k < 6; k++)
		c->sig[k] = default_signals[k];
	c->small_stop = 5 * I40_NS_PER_MIN;
	for (int k = 0; k < NTARGETS; k++)
		c->target[k] = NAN;
	if (node == NULL || node->is_null)
		return 0;
	if (i40_cfg_check_keys(node, keys, "the oee section", err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "assets")) && !n->is_null && i40_arena_names(&c->arena, n, &c->assets, &c->nassets, err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "states")) && !n->is_null) {
		if (i40_cfg_check_keys(n, class_keys, "oee states", err) != 0)
			return -1;
		for (int k = 0; k < NCLS; k++) {
			const struct i40_node *v = i40_cfg_get(n, class_keys[k]);
			if (v && i40_arena_names(&c->arena, v, &c->pat[k], &c->npat[k], err) != 0)
				return -1;
		}
	}
	if ((n = i40_cfg_get(node, "signals")) && !n->is_null) {
		if (i40_cfg_check_keys(n, role_keys, "oee signals", err) != 0)
			return -1;
		for (int k = 0; k < 6; k++) {
			const struct i40_node *v = i40_cfg_get(n, role_keys[k]);
			if (v && i40_cfg_str(v, &c->sig[k], err) != 0)
				return -1;
		}
	}
	if ((n = i40_cfg_get(node, "counters"))) {
		const char *s;
		if (i40_cfg_str(n, &s, err) != 0)
			return -1;
		if (strcmp(s, "delta") == 0)
			c->delta = 1;
		else if (strcmp(s, "cumulative") != 0)
			return i40_cfg_error(n, err, "counters \"%s\": expected cumulative (a running total) or delta "
					     "(parts per record)", s);
	}
	if ((n = i40_cfg_get(node, "ideal_cycle")) && !n->is_null) {
		if (i40_cfg_expect(n, I40_NODE_MAP, "ideal_cycle", err) != 0)
			return -1;
		if ((c->ideals = i40_arena_alloc(&c->arena, n->n, sizeof *c->ideals)) == NULL)
			return nomem(err);
		for (size_t i = 0; i < n->n; i++)
			if (parse_ideal(c, n->key[i], n->val[i], &c->ideals[i], err) != 0)
				return -1;
		c->nideals = n->n;
	}
	if ((n = i40_cfg_get(node, "small_stop")) && positive_duration(n, &c->small_stop, err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "startup_window")) && i40_cfg_duration(n, &c->startup, err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "lines")) && !n->is_null) {
		if (i40_cfg_expect(n, I40_NODE_MAP, "lines", err) != 0)
			return -1;
		if ((c->lines = i40_arena_alloc(&c->arena, n->n, sizeof *c->lines)) == NULL)
			return nomem(err);
		for (size_t i = 0; i < n->n; i++) {
			c->lines[i].name = n->key[i]->str;
			if (i40_arena_names(&c->arena, n->val[i], &c->lines[i].members, &c->lines[i].n, err) != 0)
				return -1;
			if (c->lines[i].n == 0)
				return i40_cfg_error(n->val[i], err, "line %s has no assets", c->lines[i].name);
			for (size_t m = 0; m < c->lines[i].n && c->assets; m++)
				if (!reported(c, c->lines[i].members[m], strlen(c->lines[i].members[m])))
					return i40_cfg_error(n->val[i], err, "line %s: asset %s is not under oee.assets",
							     c->lines[i].name, c->lines[i].members[m]);
		}
		c->nlines = n->n;
	}
	if ((n = i40_cfg_get(node, "targets")) && !n->is_null) {
		if (i40_cfg_check_keys(n, target_keys, "oee targets", err) != 0)
			return -1;
		for (int k = 0; k < NTARGETS; k++) {
			const struct i40_node *v = i40_cfg_get(n, target_keys[k]);
			if (v && parse_ratio(v, &c->target[k], err) != 0)
				return -1;
		}
	}
	c->calendar = i40_cfg_get(node, "calendar");
	return 0;
}

int
i40_oee_check_config(const struct i40_node *node, struct i40_err *err)
{
	struct config c;
	int rc = parse_config(node, &c, err);
	if (rc == 0) {
		struct i40_cal *cal = i40_cal_new(c.calendar, NULL, err);
		rc = cal ? 0 : -1;
		i40_cal_free(cal);
	}
	config_free(&c);
	return rc;
}

/* ---- the engine ---- */

struct reason_ns {
	long id;
	int64_t ns;
};

/* Sums of one asset over one period; times in ns. */
struct acc {
	int64_t calendar, pdot, pbt, run, setup, breakdowns, small_stops, failure_time;
	int64_t pend;              /* time of the stop going on, not yet classified */
	long stops, failures;
	double cnt[3];             /* total, good, scrap counted in pbt */
	double cnt_su[3];          /* of which in start-up windows */
	double out[3];             /* counted outside pbt */
	double ideal[2];           /* s: of the total counter; of good + scrap */
	double unknown[2];         /* parts without an ideal cycle time, same split */
	double energy;
	struct reason_ns *pareto;
	size_t npareto, cap;
};

struct period {
	struct period *next;
	int64_t start, end;
	char label[I40_CAL_LABEL_MAX];
	struct acc acc;
};

struct warned {
	struct warned *next;
	char name[];
};

struct asset {
	char *name;
	int64_t t;                 /* accounted up to here */
	int64_t clock;             /* time of the latest record */
	int clock_role;
	/* state */
	char *state;
	size_t slen, scap;
	int have_state;
	int64_t state_ts;
	int cls;                   /* CLS_RUN, CLS_SETUP, CLS_PLANNED or CLS_STOP */
	int failure;               /* the state is a failure state */
	long reason;
	int64_t unknown_ns;        /* planned time before the first state */
	/* start-ups */
	int64_t left_run;          /* when it last stopped running; INT64_MIN: never seen running */
	int stops_only;            /* since then only unplanned stop states */
	int64_t startup_until;
	/* the stop going on */
	int stop_on, stop_done, stop_failure;
	int64_t stop_len;
	struct period *stop_first;
	/* calendar and periods */
	struct i40_cal_seg seg;
	int seg_ok;
	int64_t seg_from;
	struct period *cur;
	struct period *head, *tail;   /* closed, not yet written */
	/* product and ideal cycle time */
	char *product;
	size_t plen, pcap;
	const struct ideal *ideal;
	int64_t pri;                /* ns per part; -1 unknown */
	struct warned *warned;
	/* counters */
	double last[4];
	int has_last[4];
	unsigned seen;              /* bit per counter role seen */
	int warned_late;
};

struct i40_oee {
	struct config cfg;
	const struct i40_tz *tz;
	struct i40_cal *cal;
	struct i40_oee_opts opts;
	struct i40_oee_hooks hooks;
	struct i40_series *index;   /* asset -> id */
	struct asset **assets;      /* by id */
	struct asset **byname;      /* sorted by name */
	size_t nassets, cap;
	struct i40_series *reasons; /* reason text -> id */
	long unknown_reason;
	int dirty;                  /* a period may have become writable */
	int finishing;
	int64_t written;            /* start of the last period written, INT64_MIN */
	struct i40_oee_stats st;
	/* scratch for one batch of rows */
	struct i40_oee_period *rows;
	struct i40_oee_cause *causes;
	size_t *firsts;             /* where each row's causes start */
	size_t nrows_cap, ncauses_cap, nfirsts_cap;
};

static void
note(struct i40_oee *o, int problem, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
note(struct i40_oee *o, int problem, const char *file, long line, const char *fmt, ...)
{
	struct i40_err e;
	char msg[sizeof e.msg];
	va_list ap;

	if (o->hooks.note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	i40_err_at(&e, I40_ERR_DATA, file ? file : "", line, 0, "%s", msg);
	o->hooks.note(o->hooks.ctx, problem, &e);
}

static const char *
ts_text(int64_t t, char *buf)
{
	i40_tfmt(t, t % I40_NS_PER_SEC ? 3 : 0, buf);
	return buf;
}

struct i40_oee *
i40_oee_new(const struct i40_node *section, const struct i40_tz *tz, const struct i40_oee_opts *opts,
	    const struct i40_oee_hooks *hooks, struct i40_err *err)
{
	struct i40_oee *o = calloc(1, sizeof *o);
	int created;

	if (o == NULL) {
		nomem(err);
		return NULL;
	}
	if (parse_config(section, &o->cfg, err) != 0)
		goto fail;
	o->tz = tz;
	o->opts = *opts;
	if (o->opts.per == 0)
		o->opts.per = I40_OEE_ASSETS;
	o->hooks = *hooks;
	o->written = INT64_MIN;
	if ((o->cal = i40_cal_new(o->cfg.calendar, tz, err)) == NULL)
		goto fail;
	if ((o->index = i40_series_new()) == NULL || (o->reasons = i40_series_new()) == NULL)
		goto nomem;
	if ((o->unknown_reason = i40_series_id(o->reasons, "", 0, "unknown", 7, &created)) < 0)
		goto nomem;
	return o;
nomem:
	nomem(err);
fail:
	i40_oee_free(o);
	return NULL;
}

static void
period_free(struct period *p)
{
	if (p) {
		free(p->acc.pareto);
		free(p);
	}
}

static void
asset_free(struct asset *a)
{
	struct period *p, *next;
	for (p = a->head; p; p = next) {
		next = p->next;
		period_free(p);
	}
	period_free(a->cur);
	while (a->warned) {
		struct warned *w = a->warned->next;
		free(a->warned);
		a->warned = w;
	}
	free(a->name);
	free(a->state);
	free(a->product);
	free(a);
}

void
i40_oee_free(struct i40_oee *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < o->nassets; i++)
		asset_free(o->assets[i]);
	free(o->assets);
	free(o->byname);
	free(o->rows);
	free(o->causes);
	free(o->firsts);
	i40_series_free(o->index);
	i40_series_free(o->reasons);
	i40_cal_free(o->cal);
	config_free(&o->cfg);
	free(o);
}

enum i40_oee_role
i40_oee_role(const struct i40_oee *o, const char *signal, size_t len)
{
	for (int k = 0; k < 6; k++)
		if (strlen(o->cfg.sig[k]) == len && memcmp(o->cfg.sig[k], signal, len) == 0)
			return (enum i40_oee_role)k;
	return I40_ROLE_NONE;
}

const char *
i40_oee_signal(const struct i40_oee *o, enum i40_oee_role role)
{
	return role < I40_ROLE_NONE ? o->cfg.sig[role] : "";
}

double
i40_oee_target(const struct i40_oee *o, const char *kpi)
{
	for (int k = 0; k < NTARGETS; k++)
		if (strcmp(kpi, target_keys[k]) == 0)
			return o->cfg.target[k];
	return NAN;
}

void
i40_oee_stats(const struct i40_oee *o, struct i40_oee_stats *st)
{
	*st = o->st;
}

static int
set_text(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (n + 1 > *cap) {
		size_t c = n + 16;
		char *b = realloc(*buf, c);
		if (b == NULL)
			return -1;
		*buf = b;
		*cap = c;
	}
	memcpy(*buf, s, n);
	(*buf)[n] = '\0';
	*len = n;
	return 0;
}

static const struct ideal *
find_ideal(const struct config *c, const char *asset)
{
	for (size_t i = 0; i < c->nideals; i++)
		if (strcmp(c->ideals[i].asset, asset) == 0)
			return &c->ideals[i];
	return NULL;
}

/* The ideal cycle time of the asset's current product. */
static int64_t
lookup_pri(const struct asset *a)
{
	const struct ideal *id = a->ideal;
	if (id == NULL)
		return -1;
	if (a->product)
		for (size_t i = 0; i < id->n; i++)
			if (strcmp(id->products[i], a->product) == 0)
				return id->ns[i];
	return id->dflt;
}

/* ---- periods and accounting ---- */

static int
pareto_add(struct acc *acc, long id, int64_t ns)
{
	for (size_t i = 0; i < acc->npareto; i++)
		if (acc->pareto[i].id == id) {
			acc->pareto[i].ns += ns;
			return 0;
		}
	if (acc->npareto == acc->cap) {
		size_t cap = acc->cap ? 2 * acc->cap : 4;
		struct reason_ns *p = realloc(acc->pareto, cap * sizeof *p);
		if (p == NULL)
			return -1;
		acc->pareto = p;
		acc->cap = cap;
	}
	acc->pareto[acc->npareto++] = (struct reason_ns){id, ns};
	return 0;
}

static void
ensure_seg(struct i40_oee *o, struct asset *a)
{
	if (!a->seg_ok || a->t >= a->seg.end || a->t < a->seg_from) {
		i40_cal_at(o->cal, a->name, a->t, &a->seg);
		a->seg_from = a->t;
		a->seg_ok = 1;
	}
}

static void
close_period(struct i40_oee *o, struct asset *a)
{
	struct period *p = a->cur;
	a->cur = NULL;
	if (a->tail)
		a->tail->next = p;
	else
		a->head = p;
	a->tail = p;
	o->dirty = 1;
}

/* Make a->cur the period holding a->t (closing the one that ended); with
 * --by shift none holds time outside shifts. */
static int
locate(struct i40_oee *o, struct asset *a)
{
	ensure_seg(o, a);
	if (a->cur && a->t >= a->cur->end)
		close_period(o, a);
	if (a->cur)
		return 0;
	struct period *p = calloc(1, sizeof *p);
	if (p == NULL)
		return -1;
	if (o->opts.by == I40_BY_SHIFT) {
		if (a->seg.kind == I40_CAL_OFF) {
			free(p);
			return 0;
		}
		p->start = a->seg.shift_start;
		p->end = a->seg.shift_end;
		i40_cal_shift_label(o->cal, &a->seg, p->label);
	} else {
		i40_cal_period(o->tz, o->opts.by, a->t, &p->start, &p->end, p->label);
	}
	if (p->start < o->opts.from)
		p->start = o->opts.from;
	if (p->end > o->opts.to)
		p->end = o->opts.to;
	if (o->written != INT64_MIN && p->start <= o->written && !a->warned_late) {
		char b[I40_TS_MAXLEN];
		a->warned_late = 1;
		note(o, 0, NULL, 0, "%s: figures for %s come after those of later periods were written "
		     "(the input is not in time order across assets; merge it by time: sort -t, -k1,1)",
		     a->name, ts_text(p->start, b));
	}
	a->cur = p;
	return 0;
}

static void
settle_acc(struct i40_oee *o, struct asset *a, struct acc *acc, int breakdown)
{
	(void)o;
	if (breakdown) {
		acc->breakdowns += acc->pend;
		if (a->stop_failure)
			acc->failure_time += acc->pend;
	} else {
		acc->small_stops += acc->pend;
	}
	acc->pend = 0;
}

/* Give the time of the stop going on to breakdowns or small stops: it is
 * pending in the periods from the one it began in to the open one. */
static void
settle(struct i40_oee *o, struct asset *a, int breakdown)
{
	for (struct period *p = a->stop_first != a->cur ? a->stop_first : NULL; p; p = p->next)
		if (p->acc.pend) {
			settle_acc(o, a, &p->acc, breakdown);
			o->dirty = 1;   /* a closed period may be written now */
		}
	if (a->cur && a->cur->acc.pend)
		settle_acc(o, a, &a->cur->acc, breakdown);
}

static void
stop_end(struct i40_oee *o, struct asset *a)
{
	if (!a->stop_on)
		return;
	if (!a->stop_done)
		settle(o, a, 0);
	a->stop_on = 0;
	a->stop_first = NULL;
}

static void
stop_add(struct i40_oee *o, struct asset *a, struct acc *acc, int64_t d)
{
	if (!a->stop_on) {
		a->stop_on = 1;
		a->stop_done = 0;
		a->stop_len = 0;
		a->stop_failure = a->failure;
		a->stop_first = a->cur;
		acc->stops++;
	}
	if (a->stop_done) {
		acc->breakdowns += d;
		if (a->stop_failure)
			acc->failure_time += d;
		return;
	}
	acc->pend += d;
	a->stop_len += d;
	if (a->stop_len >= o->cfg.small_stop) {
		a->stop_first->acc.failures += a->stop_failure;
		settle(o, a, 1);
		a->stop_done = 1;
		a->stop_first = NULL;
	}
}

/* Add d ns in the current state, segment and period. */
static int
account(struct i40_oee *o, struct asset *a, int64_t d)
{
	if (a->cur == NULL) {
		stop_end(o, a);
		return 0;
	}
	struct acc *acc = &a->cur->acc;
	acc->calendar += d;
	if (a->seg.kind != I40_CAL_WORK || a->cls == CLS_PLANNED) {
		if (a->seg.kind != I40_CAL_OFF)
			acc->pdot += d;
		stop_end(o, a);
		return 0;
	}
	acc->pbt += d;
	if (a->cls == CLS_RUN) {
		acc->run += d;
		stop_end(o, a);
		return 0;
	}
	if (pareto_add(acc, a->reason, d) != 0)
		return -1;
	if (a->cls == CLS_SETUP) {
		acc->setup += d;
		stop_end(o, a);
		return 0;
	}
	if (!a->have_state)
		a->unknown_ns += d;
	stop_add(o, a, acc, d);
	return 0;
}

/* Account the asset's time up to T in the state that holds. */
static int
advance(struct i40_oee *o, struct asset *a, int64_t T)
{
	while (a->t < T) {
		if (a->t < o->opts.from) {
			a->t = T < o->opts.from ? T : o->opts.from;
			continue;
		}
		if (locate(o, a) != 0)
			return -1;
		int64_t next = T < a->seg.end ? T : a->seg.end;
		if (a->cur && a->cur->end < next)
			next = a->cur->end;
		if (account(o, a, next - a->t) != 0)
			return -1;
		a->t = next;
	}
	return 0;
}

/* ---- writing rows ---- */

static double
sec(int64_t ns)
{
	return (double)ns / 1e9;
}

static void
figures(const struct asset *a, const struct acc *c, struct i40_oee_figures *f)
{
	int has_total = a->seen & 1, has_good = a->seen & 2;

	memset(f, 0, sizeof *f);
	f->calendar = sec(c->calendar);
	f->pdot = sec(c->pdot);
	f->pbt = sec(c->pbt);
	f->apt = sec(c->run);
	f->setup = sec(c->setup);
	f->breakdowns = sec(c->breakdowns);
	f->small_stops = sec(c->small_stops);
	f->failure_time = sec(c->failure_time);
	f->stops = (double)c->stops;
	f->failures = (double)c->failures;
	/* total and good from their counters where the asset has them,
	 * else from each other and the scrap counter */
	f->pq = has_total ? c->cnt[0] : c->cnt[1] + c->cnt[2];
	f->gq = has_good ? c->cnt[1] : f->pq - c->cnt[2];
	f->sq = f->pq - f->gq;
	double pq_su = has_total ? c->cnt_su[0] : c->cnt_su[1] + c->cnt_su[2];
	double gq_su = has_good ? c->cnt_su[1] : pq_su - c->cnt_su[2];
	f->sq_startup = pq_su - gq_su;
	f->outside = has_total ? c->out[0] : c->out[1] + c->out[2];
	int k = has_total ? 0 : 1;
	f->ideal = c->unknown[k] > 0 ? NAN : c->ideal[k];
	f->energy = a->seen & 8 ? c->energy : NAN;
}

static int
cmp_cause(const void *x, const void *y)
{
	const struct i40_oee_cause *a = x, *b = y;
	if (a->seconds != b->seconds)
		return a->seconds > b->seconds ? -1 : 1;
	return strcmp(a->reason, b->reason);
}

static int
cmp_row(const void *x, const void *y)
{
	return strcmp(((const struct i40_oee_period *)x)->name, ((const struct i40_oee_period *)y)->name);
}

/* Findings about one asset's row. */
static void
check_row(struct i40_oee *o, const struct i40_oee_period *r)
{
	const struct i40_oee_figures *f = &r->f;
	if (f->pbt == 0) {
		o->st.unplanned++;
		if (f->outside > 0)
			note(o, 0, NULL, 0, "%s %s: no production planned, but %.12g parts counted (total_outside)",
			     r->name, r->label, f->outside);
		return;
	}
	if (f->performance > 1)
		note(o, 1, NULL, 0, "%s %s: performance %.4g is above 1: %.12g parts at an ideal %.4g s each need "
		     "more than the %.12g s of running time; is the ideal cycle time right?",
		     r->name, r->label, f->performance, f->pq, f->ideal / f->pq, f->apt);
	if (f->apt == 0 && f->pq > 0)
		note(o, 1, NULL, 0, "%s %s: %.12g parts counted in planned time but no running time: "
		     "which states are running (oee.states.running)?", r->name, r->label, f->pq);
	if (f->gq > f->pq)
		note(o, 1, NULL, 0, "%s %s: more good parts (%.12g) than parts in total (%.12g)", r->name, r->label,
		     f->gq, f->pq);
	if (f->gq < 0)
		note(o, 1, NULL, 0, "%s %s: more scrap than parts in total (%.12g good)", r->name, r->label, f->gq);
}

/* Append the Pareto of a row (the reason/time pairs of its accs) to the
 * batch's causes; *first gets where it starts. */
static int
add_causes(struct i40_oee *o, size_t *used, const struct acc *const *accs, size_t n, size_t *first)
{
	*first = *used;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < accs[k]->npareto; i++) {
			const struct reason_ns *rn = &accs[k]->pareto[i];
			const char *name = i40_series_signal(o->reasons, rn->id);
			size_t j;
			for (j = *first; j < *used && strcmp(o->causes[j].reason, name) != 0; j++)
				;
			if (j == *used) {
				if (i40_int_grow((void **)&o->causes, &o->ncauses_cap, *used + 1, sizeof *o->causes) != 0)
					return -1;
				o->causes[(*used)++] = (struct i40_oee_cause){name, 0};
			}
			o->causes[j].seconds += sec(rn->ns);
		}
	return 0;
}

static struct asset *
find_asset(const struct i40_oee *o, const char *name)
{
	long id = i40_series_find(o->index, name, strlen(name), "", 0);
	return id < 0 ? NULL : o->assets[id];
}

/* The row of a line: its members' periods that start at S, pooled. */
static int
line_row(struct i40_oee *o, const struct line *ln, int64_t S, struct i40_oee_period *r, size_t *ncauses,
	 size_t *first)
{
	const struct acc **accs = malloc(ln->n * sizeof *accs);
	size_t n = 0;

	if (accs == NULL)
		return -1;
	memset(r, 0, sizeof *r);
	r->f.energy = NAN;
	for (size_t m = 0; m < ln->n; m++) {
		struct asset *a = find_asset(o, ln->members[m]);
		if (a == NULL || a->head == NULL || a->head->start != S)
			continue;
		struct i40_oee_figures f;
		figures(a, &a->head->acc, &f);
		i40_oee_add(&r->f, &f);
		if (n == 0)
			r->label = a->head->label;
		r->start = S;
		if (a->head->end > r->end)
			r->end = a->head->end;
		accs[n++] = &a->head->acc;
	}
	r->name = ln->name;
	r->is_line = 1;
	i40_oee_kpis(&r->f);
	int rc = n ? add_causes(o, ncauses, accs, n, first) : 0;
	free(accs);
	return rc != 0 ? -1 : n > 0;
}

/* Write the rows of every period that starts at S, and drop the periods. */
static int
write_batch(struct i40_oee *o, int64_t S)
{
	size_t nrows = 0, ncauses = 0;

	if (i40_int_grow((void **)&o->rows, &o->nrows_cap, o->nassets + o->cfg.nlines, sizeof *o->rows) != 0 ||
	    i40_int_grow((void **)&o->firsts, &o->nfirsts_cap, o->nassets + o->cfg.nlines, sizeof *o->firsts) != 0)
		return -1;
	for (size_t i = 0; i < o->nassets; i++) {
		struct asset *a = o->byname[i];
		struct period *p = a->head;
		if (p == NULL || p->start != S)
			continue;
		struct i40_oee_period *r = &o->rows[nrows];
		r->name = a->name;
		r->is_line = 0;
		r->start = p->start;
		r->end = p->end;
		r->label = p->label;
		figures(a, &p->acc, &r->f);
		i40_oee_kpis(&r->f);
		check_row(o, r);
		if (!(o->opts.per & I40_OEE_ASSETS))
			continue;
		const struct acc *acc = &p->acc;
		if (add_causes(o, &ncauses, &acc, 1, &o->firsts[nrows]) != 0)
			return -1;
		nrows++;
	}
	for (size_t l = 0; l < o->cfg.nlines && (o->opts.per & I40_OEE_LINES); l++) {
		int rc = line_row(o, &o->cfg.lines[l], S, &o->rows[nrows], &ncauses, &o->firsts[nrows]);
		if (rc < 0)
			return -1;
		nrows += (size_t)rc;
	}
	/* the causes array has stopped moving: point the rows into it */
	for (size_t i = 0; i < nrows; i++) {
		struct i40_oee_period *r = &o->rows[i];
		size_t end = i + 1 < nrows ? o->firsts[i + 1] : ncauses;
		r->npareto = end - o->firsts[i];
		r->pareto = r->npareto ? o->causes + o->firsts[i] : NULL;
		if (r->npareto > 1)
			qsort(o->causes + o->firsts[i], r->npareto, sizeof *o->causes, cmp_cause);
	}
	qsort(o->rows, nrows, sizeof *o->rows, cmp_row);
	for (size_t i = 0; i < nrows; i++)
		if (o->hooks.emit)
			o->hooks.emit(o->hooks.ctx, &o->rows[i]);
	for (size_t i = 0; i < o->nassets; i++) {
		struct asset *a = o->assets[i];
		struct period *p = a->head;
		if (p && p->start == S) {
			a->head = p->next;
			if (a->head == NULL)
				a->tail = NULL;
			period_free(p);
		}
	}
	if (nrows && o->hooks.flush)
		o->hooks.flush(o->hooks.ctx);
	o->written = S;
	return 0;
}

/* The earliest period start an asset may still add to. */
static int64_t
frontier(const struct i40_oee *o, const struct asset *a)
{
	for (const struct period *p = a->head; p; p = p->next)
		if (p->acc.pend)
			return p->start;
	if (a->cur)
		return a->cur->start;
	return a->t > o->opts.from ? a->t : o->opts.from;
}

static int
try_write(struct i40_oee *o)
{
	if (!o->dirty)
		return 0;
	o->dirty = 0;
	int64_t F = INT64_MAX;
	if (!o->finishing)
		for (size_t i = 0; i < o->nassets; i++) {
			int64_t f = frontier(o, o->assets[i]);
			if (f < F)
				F = f;
		}
	for (;;) {
		int64_t S = INT64_MAX;
		for (size_t i = 0; i < o->nassets; i++) {
			const struct period *p = o->assets[i]->head;
			if (p && p->start < S)
				S = p->start;
		}
		if (S == INT64_MAX || S >= F)
			return 0;
		if (write_batch(o, S) != 0)
			return -1;
	}
}

/* ---- records ---- */

static int
cmp_byname(const void *x, const void *y)
{
	return strcmp((*(struct asset *const *)x)->name, (*(struct asset *const *)y)->name);
}

static struct asset *
new_asset(struct i40_oee *o, const struct i40_rec *rec)
{
	struct asset *a = calloc(1, sizeof *a);
	if (a == NULL || (a->name = strndup(rec->asset, rec->asset_len)) == NULL) {
		free(a);
		return NULL;
	}
	struct asset **byname;
	if (i40_int_grow((void **)&o->assets, &o->cap, o->nassets + 1, sizeof *o->assets) != 0 ||
	    (byname = realloc(o->byname, o->cap * sizeof *o->byname)) == NULL) {
		asset_free(a);
		return NULL;
	}
	o->byname = byname;
	o->assets[o->nassets] = a;
	o->byname[o->nassets++] = a;
	qsort(o->byname, o->nassets, sizeof *o->byname, cmp_byname);
	a->cls = CLS_STOP;
	a->reason = o->unknown_reason;
	a->left_run = INT64_MIN;
	a->startup_until = INT64_MIN;
	a->clock = INT64_MIN;
	a->ideal = find_ideal(&o->cfg, a->name);
	a->pri = lookup_pri(a);
	/* Time is accounted from the start of the first period (or --from):
	 * until the first state record the state is unknown. */
	a->t = rec->ts;
	if (o->opts.from != INT64_MIN) {
		a->t = o->opts.from;
	} else if (o->opts.by == I40_BY_SHIFT) {
		ensure_seg(o, a);
		if (a->seg.kind != I40_CAL_OFF)
			a->t = a->seg.shift_start;
	} else {
		char label[I40_CAL_LABEL_MAX];
		int64_t end;
		i40_cal_period(o->tz, o->opts.by, rec->ts, &a->t, &end, label);
	}
	a->seg_ok = 0;
	return a;
}

static int
classify(const struct config *c, const char *state, int *failure)
{
	*failure = 0;
	for (size_t i = 0; i < c->npat[CLS_FAILURE]; i++)
		if (fnmatch(c->pat[CLS_FAILURE][i], state, 0) == 0)
			*failure = 1;
	for (int k = CLS_RUN; k <= CLS_PLANNED; k++)
		for (size_t i = 0; i < c->npat[k]; i++)
			if (fnmatch(c->pat[k][i], state, 0) == 0)
				return k;
	return CLS_STOP;
}

static int
push_state(struct i40_oee *o, struct asset *a, const struct i40_rec *rec)
{
	char b1[I40_TS_MAXLEN];
	int created;

	if (a->have_state && rec->value_len == a->slen && memcmp(rec->value, a->state, a->slen) == 0)
		return 0;
	if (a->have_state && rec->ts == a->state_ts)
		note(o, 0, rec->file, rec->line, "%s: two states at %s, %s then %.*s: the later holds", a->name,
		     ts_text(rec->ts, b1), a->state, (int)rec->value_len, rec->value);
	if (set_text(&a->state, &a->slen, &a->scap, rec->value, rec->value_len) != 0)
		return -1;
	int failure, cls = classify(&o->cfg, a->state, &failure);
	const char *colon = memchr(a->state, ':', a->slen);
	const char *reason = colon && colon[1] ? colon + 1 : a->state;
	long id = i40_series_id(o->reasons, "", 0, reason, a->slen - (size_t)(reason - a->state), &created);
	if (id < 0)
		return -1;

	if (cls != CLS_STOP)
		stop_end(o, a);
	if (a->have_state) {
		if (a->cls == CLS_RUN && cls != CLS_RUN) {
			a->left_run = rec->ts;
			a->stops_only = 1;
		}
		if (cls != CLS_RUN && cls != CLS_STOP)
			a->stops_only = 0;
		if (cls == CLS_RUN && a->cls != CLS_RUN) {
			/* a start-up, unless it ends a small stop */
			int small = a->stops_only && a->left_run != INT64_MIN && rec->ts - a->left_run < o->cfg.small_stop;
			if (!small)
				a->startup_until = rec->ts + o->cfg.startup;
		}
	} else if (a->unknown_ns > 0) {
		note(o, 0, rec->file, rec->line, "%s: no state before %s: %.12g s of planned time counted as a stop "
		     "with reason \"unknown\"", a->name, ts_text(rec->ts, b1), sec(a->unknown_ns));
	}
	a->cls = cls;
	a->failure = failure;
	a->reason = id;
	a->have_state = 1;
	a->state_ts = rec->ts;
	return 0;
}

static int
push_product(struct i40_oee *o, struct asset *a, const struct i40_rec *rec)
{
	(void)o;
	if (a->product && rec->value_len == a->plen && memcmp(rec->value, a->product, a->plen) == 0)
		return 0;
	if (set_text(&a->product, &a->plen, &a->pcap, rec->value, rec->value_len) != 0)
		return -1;
	a->pri = lookup_pri(a);
	return 0;
}

static int
warned_before(struct asset *a, const char *product)
{
	for (struct warned *w = a->warned; w; w = w->next)
		if (strcmp(w->name, product) == 0)
			return 1;
	struct warned *w = malloc(sizeof *w + strlen(product) + 1);
	if (w) {
		strcpy(w->name, product);
		w->next = a->warned;
		a->warned = w;
	}
	return 0;
}

/* A counter's value must be a number that is not negative. */
static int
check_count(const struct i40_rec *rec, int k, struct i40_err *err)
{
	static const char *const what[4] = {"a part counter", "a good-part counter", "a scrap counter",
					    "an energy meter"};
	if (!rec->is_num)
		return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
				  "value \"%.*s\" is not a number (%.*s/%.*s is %s)", (int)rec->value_len,
				  rec->value, (int)rec->asset_len, rec->asset, (int)rec->signal_len, rec->signal,
				  what[k]);
	if (rec->num < 0)
		return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
				  "value %.12g is below zero (%.*s/%.*s is %s)", rec->num, (int)rec->asset_len,
				  rec->asset, (int)rec->signal_len, rec->signal, what[k]);
	return 0;
}

static int
push_count(struct i40_oee *o, struct asset *a, const struct i40_rec *rec, int k)
{
	char b1[I40_TS_MAXLEN];
	double v = rec->num, delta;

	a->seen |= 1u << k;
	if (o->cfg.delta) {
		delta = v;
	} else if (!a->has_last[k]) {
		delta = 0;   /* the first reading is where counting starts */
	} else if (v < a->last[k]) {
		note(o, 0, rec->file, rec->line, "%s/%.*s: counter reset at %s (from %.12g to %.12g): %.12g counted since",
		     a->name, (int)rec->signal_len, rec->signal, ts_text(rec->ts, b1), a->last[k], v, v);
		delta = v;
	} else {
		delta = v - a->last[k];
	}
	a->has_last[k] = 1;
	a->last[k] = v;
	if (delta == 0 || rec->ts < o->opts.from)
		return 0;
	/* The count belongs to the time just before the record: the period
	 * and calendar of the interval it closes (or, for an asset's first
	 * instant, of the instant itself). */
	if (!a->seg_ok && locate(o, a) != 0)
		return -1;
	if (a->cur == NULL)
		return 0;
	struct acc *acc = &a->cur->acc;
	if (k == 3) {
		acc->energy += delta;
		return 0;
	}
	if (a->seg.kind != I40_CAL_WORK || a->cls == CLS_PLANNED) {
		acc->out[k] += delta;
		return 0;
	}
	acc->cnt[k] += delta;
	if (rec->ts < a->startup_until)
		acc->cnt_su[k] += delta;
	int slot = k == 0 ? 0 : 1;
	if (a->pri >= 0) {
		acc->ideal[slot] += delta * sec(a->pri);
	} else {
		acc->unknown[slot] += delta;
		if (!warned_before(a, a->product ? a->product : ""))
			note(o, 1, rec->file, rec->line, "%s: no ideal cycle time for %s%s%s (oee.ideal_cycle in the plant file): "
			     "performance and OEE are left empty where its parts count", a->name,
			     a->product ? "product \"" : "the asset", a->product ? a->product : "", a->product ? "\"" : "");
	}
	return 0;
}

int
i40_oee_push(struct i40_oee *o, const struct i40_rec *rec, enum i40_oee_role role, struct i40_err *err)
{
	static const char *const role_name[6] = {"part count", "good count", "scrap count", "energy reading",
						 "state", "product"};
	char b1[I40_TS_MAXLEN], b2[I40_TS_MAXLEN];
	int created, rc;

	if (role == I40_ROLE_NONE)
		return 0;
	if (rec->ts >= o->opts.to) {
		o->st.late++;
		return 0;
	}
	if ((role == I40_ROLE_STATE || role == I40_ROLE_PRODUCT) && rec->value_len == 0) {
		o->st.empty++;
		return 0;
	}
	if (role <= I40_ROLE_ENERGY && check_count(rec, (int)role, err) != 0)
		return -1;
	long id = i40_series_find(o->index, rec->asset, rec->asset_len, "", 0);
	if (id < 0 && !reported(&o->cfg, rec->asset, rec->asset_len)) {
		o->st.excluded++;
		return 0;
	}
	if (id < 0 && (id = i40_series_id(o->index, rec->asset, rec->asset_len, "", 0, &created)) < 0)
		return nomem(err), -2;
	created = (size_t)id == o->nassets;
	struct asset *a = created ? new_asset(o, rec) : o->assets[id];
	if (a == NULL)
		return nomem(err), -2;
	if (rec->ts < a->clock)
		return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
				  "%s %s at %s is out of time order: %s already had a %s at %s; i40-oee needs "
				  "each asset's records in time order", a->name, role_name[role],
				  ts_text(rec->ts, b1), a->name, role_name[a->clock_role], ts_text(a->clock, b2));
	a->clock = rec->ts;
	a->clock_role = (int)role;
	o->st.used++;
	if (advance(o, a, rec->ts) != 0)
		return nomem(err), -2;
	if (role == I40_ROLE_STATE)
		rc = push_state(o, a, rec);
	else if (role == I40_ROLE_PRODUCT)
		rc = push_product(o, a, rec);
	else
		rc = push_count(o, a, rec, (int)role);
	if (rc != 0 || try_write(o) != 0)
		return nomem(err), -2;
	return 0;
}

int
i40_oee_finish(struct i40_oee *o, struct i40_err *err)
{
	for (size_t i = 0; i < o->nassets; i++) {
		struct asset *a = o->assets[i];
		/* The last state holds to --to, or to the end of the period
		 * the last record closed. */
		int64_t T = o->opts.to != INT64_MAX ? o->opts.to : a->cur ? a->cur->end : a->t;
		if (advance(o, a, T) != 0)
			return nomem(err);
		stop_end(o, a);
		if (a->cur)
			close_period(o, a);
		if (!a->have_state && a->unknown_ns > 0)
			note(o, 0, NULL, 0, "%s: no state records (signal %s): %.12g s of planned time counted as a stop "
			     "with reason \"unknown\"", a->name, o->cfg.sig[I40_ROLE_STATE], sec(a->unknown_ns));
	}
	o->finishing = 1;
	o->dirty = 1;
	return try_write(o) != 0 ? nomem(err) : 0;
}
