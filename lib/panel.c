/* panel.c - the series of a stream held whole, fitted, written in order
 * (panel.h).
 *
 * Forecasting, unlike the other programs' work, cannot stream: a model
 * is fitted to the whole history of a series.  What can be kept small
 * is kept small: records are folded into their period as they arrive,
 * so memory grows with series x periods, not with transactions.  The
 * fits are independent, so they run on several threads; the output is
 * merged by period with a heap over the series, in (asset, signal)
 * order, so that it does not depend on which series were in the input.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "accuracy.h"
#include "i40_int.h"
#include "panel.h"
#include "series.h"

/* One (asset, signal) series and what was made of it. */
struct series {
	struct i40_period_series ps;
	int skip;                  /* a state signal (text): not forecast */
	char **extra;              /* pass-through values, NULL once they vary */
	int64_t first, end;        /* periods [first, end) are the history */
	int len;
	int gap;                   /* trailing periods without a value (mean) */
	double *y;                 /* the history, one value a period */
	struct i40_fc *fc;         /* per method */
	struct i40_accuracy *acc;  /* per method (backtest) */
	int planned;               /* inventory: 1 to plan, 0 no facts, -1 not demand */
	int failed;                /* out of memory: left out */
	struct i40_inventory_facts facts;
	struct i40_inventory_policy pol;
	double stock;              /* stock on hand, NAN when unknown */
	int64_t cur, stop;         /* output: periods cur..stop still to write */
};

struct i40_panel {
	struct i40_panel_opts o;
	enum i40_fcast_method meth[I40_FC_NMETHODS];
	struct i40_series *ids;
	struct series *s;
	size_t cap;
	size_t nextra;
	int extras_known;
	int64_t last;              /* latest period of any record */
	int any;                   /* a record was added */
	long next;                 /* next series to fit (threads) */
	pthread_mutex_t lock;
	struct i40_panel_stats st;
};

struct i40_panel *
i40_panel_new(const struct i40_panel_opts *o, struct i40_err *err)
{
	struct i40_panel *p = calloc(1, sizeof *p);

	if (o->nmeth < 1 || o->nmeth > I40_FC_NMETHODS || o->h < 1 || o->m < 1 || o->origins < 1) {
		free(p);
		i40_err_set(err, I40_ERR_CONFIG, "a panel needs 1 to %d methods, a horizon, a season and "
			    "origins of at least 1", I40_FC_NMETHODS);
		return NULL;
	}
	if (p == NULL || (p->ids = i40_series_new()) == NULL) {
		free(p);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	p->o = *o;
	memcpy(p->meth, o->meth, (size_t)o->nmeth * sizeof *o->meth);
	p->o.meth = p->meth;
	if (p->o.jobs < 1)
		p->o.jobs = 1;
	return p;
}

void
i40_panel_free(struct i40_panel *p)
{
	if (p == NULL)
		return;
	for (size_t id = 0; id < i40_series_count(p->ids); id++) {
		struct series *s = &p->s[id];
		for (size_t i = 0; s->extra && i < p->nextra; i++)
			free(s->extra[i]);
		free(s->extra);
		for (int k = 0; s->fc && k < p->o.nmeth; k++)
			i40_fcast_free(&s->fc[k]);
		free(s->fc);
		free(s->acc);
		free(s->y);
		i40_period_series_free(&s->ps);
	}
	free(p->s);
	i40_series_free(p->ids);
	free(p);
}

static int
same(const char *a, const char *b, size_t blen)
{
	return a && strlen(a) == blen && memcmp(a, b, blen) == 0;
}

/* How a new series' records make its periods, or -1: skip it (text). */
static int
aggregation(const struct i40_panel *p, const struct i40_rec *rec)
{
	enum i40_agg a;
	const struct i40_signal_def *def;

	if (p->o.agg >= 0)
		return p->o.agg;
	if (p->o.fcfg && i40_fcast_config_agg(p->o.fcfg, rec->signal, rec->signal_len, &a))
		return (int)a;
	if (p->o.inv && same(p->o.inv->stock_signal, rec->signal, rec->signal_len))
		return I40_AGG_MEAN;   /* a level, not a flow */
	def = p->o.plant ? i40_plant_signal(p->o.plant, rec->asset, rec->asset_len, rec->signal,
					    rec->signal_len) : NULL;
	if (def == NULL)
		return I40_AGG_SUM;    /* not a plant signal: demand for an item */
	return def->kind == I40_STATE ? -1 : def->kind == I40_COUNTER ? I40_AGG_DELTA : I40_AGG_MEAN;
}

static int
new_series(struct i40_panel *p, long id, const struct i40_rec *rec, struct i40_err *err)
{
	size_t old = p->cap;
	if (i40_int_grow((void **)&p->s, &p->cap, (size_t)id + 1, sizeof *p->s) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	memset(p->s + old, 0, (p->cap - old) * sizeof *p->s);
	struct series *s = &p->s[id];
	int a = aggregation(p, rec);
	s->skip = a < 0;
	s->ps.agg = a < 0 ? I40_AGG_SUM : (enum i40_agg)a;
	s->stock = NAN;
	if (p->nextra && (s->extra = calloc(p->nextra, sizeof *s->extra)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	p->st.series++;
	return 0;
}

/* Keep a pass-through value while every record of the series agrees. */
static int
keep_extras(struct i40_panel *p, struct series *s, struct i40_rec_reader *rd, const struct i40_rec *rec,
	    struct i40_err *err)
{
	for (size_t i = 0; i < p->nextra; i++) {
		size_t len;
		const char *v = i40_rec_extra(rd, rec, i, &len);
		if (s->ps.records == 1) {
			if ((s->extra[i] = strndup(v, len)) == NULL)
				return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		} else if (s->extra[i] && !same(s->extra[i], v, len)) {
			free(s->extra[i]);
			s->extra[i] = NULL;
		}
	}
	return 0;
}

int
i40_panel_add(struct i40_panel *p, struct i40_rec_reader *rd, const struct i40_rec *rec, struct i40_err *err)
{
	int created;

	if (!p->extras_known) {
		p->nextra = i40_rec_nextra(rd);
		p->extras_known = 1;
	}
	/* The stock on hand is read whenever it was taken: it is a level
	 * now, not history. */
	if (p->o.has_until && rec->ts >= p->o.until && !(p->o.mode == I40_PANEL_INVENTORY && p->o.inv &&
							  same(p->o.inv->stock_signal, rec->signal, rec->signal_len))) {
		p->st.late++;
		return 0;
	}
	long id = i40_series_id(p->ids, rec->asset, rec->asset_len, rec->signal, rec->signal_len, &created);
	if (id < 0 || (created && new_series(p, id, rec, err) != 0))
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	struct series *s = &p->s[id];
	if (s->skip) {
		p->st.skipped++;
		return 0;
	}
	if (rec->value_len == 0) {
		p->st.missing++;
		return 0;
	}
	if (!rec->is_num)
		return i40_err_set(err, I40_ERR_DATA, "value \"%.*s\" is not a number", (int)(rec->value_len < 40 ?
				   rec->value_len : 40), rec->value);
	int64_t per = i40_period_index(p->o.period, p->o.tz, rec->ts);
	if (i40_period_add(&s->ps, rec->ts, per, rec->num, err) != 0)
		return -1;
	if (!p->any || per > p->last)
		p->last = per;
	p->any = 1;
	return keep_extras(p, s, rd, rec, err);
}

static int
is_demand(const struct i40_panel *p, long id)
{
	const char *sig = i40_series_signal(p->ids, id);
	if (p->o.inv->signal)
		return strcmp(sig, p->o.inv->signal) == 0;
	return p->o.inv->stock_signal == NULL || strcmp(sig, p->o.inv->stock_signal) != 0;
}

/* Inventory: each demand series' facts and stock, before the fits. */
static void
inventory_facts(struct i40_panel *p)
{
	static const struct i40_inventory_cfg none;
	const struct i40_inventory_cfg *inv = p->o.inv ? p->o.inv : &none;
	double psec = i40_period_seconds(p->o.period);

	p->o.inv = inv;
	for (long id = 0; id < (long)i40_series_count(p->ids); id++) {
		struct series *s = &p->s[id];
		const char *asset = i40_series_asset(p->ids, id);
		struct i40_err err;

		if (s->skip || s->ps.records == 0 || !is_demand(p, id)) {
			s->planned = -1;
			continue;
		}
		s->planned = i40_inventory_facts(inv, asset, psec, &s->facts, &err) == 1;
		p->st.unplanned += !s->planned;
		s->stock = s->facts.stock;
		long st = inv->stock_signal ? i40_series_find(p->ids, asset, strlen(asset), inv->stock_signal,
							      strlen(inv->stock_signal)) : -1;
		if (st >= 0 && p->s[st].ps.records > 0)
			s->stock = p->s[st].ps.last;
	}
}

/* Standard deviation of the history: the error of a flat forecast, for
 * items too short for a backtest. */
static double
spread(const double *y, int n)
{
	double s = 0, ss = 0;
	int k = 0;
	for (int i = 0; i < n; i++)
		if (isfinite(y[i])) {
			s += y[i];
			ss += y[i] * y[i];
			k++;
		}
	return k > 1 ? sqrt(fmax(ss - s * s / k, 0) / (k - 1)) : NAN;
}

static void
note(struct i40_fc *fc, const char *what)
{
	size_t l = strlen(fc->method);
	snprintf(fc->method + l, sizeof fc->method - l, " (%s)", what);
}

/* The inventory plan of a fitted demand series. */
static void
plan(struct i40_panel *p, struct series *s)
{
	struct i40_fcast_opt opt = {p->meth[0], 1, 0};
	struct i40_accuracy one;
	double sigma1 = spread(s->y, s->len);

	/* The error that safety stock covers: one step ahead, measured on
	 * the last origins as the method would have forecast them. */
	if (i40_accuracy_backtest(s->y, s->len, p->o.m, 1, p->o.origins, &opt, &one, NULL) == 0)
		sigma1 = sqrt(one.mse);
	else
		note(&s->fc[0], "error from the history's spread: too short for a backtest");
	s->facts.item.position = (isnan(s->stock) ? 0 : s->stock) + s->facts.on_order;
	if (i40_inventory_plan(s->fc[0].mean, s->fc[0].h, sigma1, &s->facts.item, &s->pol, NULL) != 0)
		s->planned = 0;
}

/* Everything about one series that takes time; threads run it. */
static void
work(struct i40_panel *p, long id)
{
	struct series *s = &p->s[id];
	struct i40_fcast_opt opt = {I40_FC_AUTO, s->ps.agg != I40_AGG_MEAN, 0};
	int nm = p->o.mode == I40_PANEL_INVENTORY ? 1 : p->o.nmeth;

	s->first = s->ps.first;
	s->end = p->o.has_until ? i40_period_index(p->o.period, p->o.tz, p->o.until - 1) + 1 : p->last + 1;
	if (s->end - s->first > I40_PERIOD_MAXLEN) {
		s->failed = 1;   /* a series far older than the others */
		return;
	}
	s->len = (int)(s->end - s->first);
	s->fc = calloc((size_t)p->o.nmeth, sizeof *s->fc);
	s->acc = calloc((size_t)p->o.nmeth, sizeof *s->acc);
	if (s->fc == NULL || s->acc == NULL || (s->y = malloc((size_t)s->len * sizeof *s->y)) == NULL) {
		s->failed = 1;
		return;
	}
	i40_period_values(&s->ps, s->len, s->y);
	i40_period_series_free(&s->ps);
	/* A measurement that stopped before the end: forecast across the
	 * gap, so the first row is still the period after the history. */
	while (s->gap < s->len && isnan(s->y[s->len - 1 - s->gap]))
		s->gap++;
	for (int k = 0; k < nm; k++) {
		opt.method = p->meth[k];
		if (p->o.mode == I40_PANEL_BACKTEST) {
			if (i40_accuracy_backtest(s->y, s->len - s->gap, p->o.m, p->o.h, p->o.origins, &opt,
						  &s->acc[k], NULL) != 0)
				s->acc[k].n = 0;
			continue;
		}
		if (i40_fcast_alloc(&s->fc[k], p->o.h + s->gap, NULL) != 0) {
			s->failed = 1;
			return;
		}
		if (i40_fcast_run(s->y, s->len, p->o.m, &opt, &s->fc[k], NULL) != 0)
			s->fc[k].h = 0;   /* no value at all: nothing to forecast */
	}
	if (p->o.mode == I40_PANEL_INVENTORY && s->fc[0].h > 0)
		plan(p, s);
}

static int
wanted(const struct i40_panel *p, const struct series *s)
{
	return !s->skip && s->ps.records > 0 && (p->o.mode != I40_PANEL_INVENTORY || s->planned == 1);
}

static void *
worker(void *arg)
{
	struct i40_panel *p = arg;
	long n = (long)i40_series_count(p->ids);

	for (;;) {
		pthread_mutex_lock(&p->lock);
		long id = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (id >= n)
			return NULL;
		if (wanted(p, &p->s[id]))
			work(p, id);
	}
}

int
i40_panel_fit(struct i40_panel *p, struct i40_err *err)
{
	pthread_t t[64];
	long started = 0, jobs = p->o.jobs < 64 ? p->o.jobs : 64;

	if (p->o.mode == I40_PANEL_INVENTORY)
		inventory_facts(p);
	/* wanted() is decided before any thread frees a series' records */
	for (size_t id = 0; id < i40_series_count(p->ids); id++)
		p->s[id].cur = wanted(p, &p->s[id]);
	for (size_t id = 0; id < i40_series_count(p->ids); id++)
		if (!p->s[id].cur)
			p->s[id].skip = 1;
	if (pthread_mutex_init(&p->lock, NULL) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "cannot start threads");
	while (started < jobs - 1 && pthread_create(&t[started], NULL, worker, p) == 0)
		started++;
	worker(p);
	while (started > 0)
		pthread_join(t[--started], NULL);
	pthread_mutex_destroy(&p->lock);
	for (size_t id = 0; id < i40_series_count(p->ids); id++)
		p->st.failed += p->s[id].failed;
	return 0;
}

/* ---- output ---- */

static const char *const added[][16] = {
	[I40_PANEL_FORECAST] = {"lo80", "hi80", "lo95", "hi95", "method"},
	[I40_PANEL_HISTORY] = {"lo80", "hi80", "lo95", "hi95", "method"},
	[I40_PANEL_BACKTEST] = {"method", "n", "smape", "mase", "rmsse", "bias", "cover80", "cover95"},
	[I40_PANEL_INVENTORY] = {"item_description", "stock", "on_order", "lead_time", "review", "service",
				 "demand_lt", "sigma_lt", "safety_stock", "reorder_point", "order_qty", "eoq",
				 "forecast_method"},
};

/* What the rows are written with. */
struct out {
	struct i40_panel *p;
	struct i40_rec_writer *w;
	int *keep;                 /* pass-through columns kept (names not taken) */
	long rows;
};

static void
put_key(struct out *o, long id, int64_t per, const char *suffix)
{
	struct i40_panel *p = o->p;
	char sig[512];

	i40_rec_put_ts(o->w, i40_period_start(p->o.period, p->o.tz, per), 0);
	i40_rec_put_str(o->w, id < 0 ? "*" : i40_series_asset(p->ids, id));
	snprintf(sig, sizeof sig, "%s%s", id < 0 ? "*" : i40_series_signal(p->ids, id), suffix);
	i40_rec_put_str(o->w, sig);
}

static void
put_value(struct out *o, double v, const struct series *s)
{
	i40_rec_put_num(o->w, v);
	for (size_t i = 0; i < o->p->nextra; i++)
		if (o->keep[i])
			i40_rec_put_str(o->w, s && s->extra[i] ? s->extra[i] : "");
}

static void
put_nums(struct out *o, const double *x, int n)
{
	for (int i = 0; i < n; i++)
		i40_rec_put_num(o->w, x[i]);
}

static void
backtest_row(struct out *o, long id, int64_t per, int k, const struct series *s, const struct i40_accuracy *a)
{
	struct i40_panel *p = o->p;
	double v[6] = {a->smape, a->mase, a->rmsse, a->bias, a->cover80, a->cover95};
	char m[160];

	put_key(o, id, per, "");
	put_value(o, a->n ? a->mase : NAN, s);
	snprintf(m, sizeof m, a->n || id < 0 ? "%s" : "%s (too short for a backtest: needs %d periods)",
		 i40_fcast_method_str(p->meth[k]), p->o.h + p->o.origins + 3);
	i40_rec_put_str(o->w, m);
	i40_rec_put_num(o->w, a->n);
	for (int j = 0; j < 6; j++)
		i40_rec_put_num(o->w, a->n ? v[j] : NAN);
	i40_rec_end(o->w);
	o->rows++;
}

/* The rows of series id at period per. */
static void
rows(struct out *o, long id, int64_t per)
{
	struct i40_panel *p = o->p;
	struct series *s = &p->s[id];

	if (p->o.mode == I40_PANEL_BACKTEST) {
		for (int k = 0; k < p->o.nmeth; k++)
			backtest_row(o, id, per, k, s, &s->acc[k]);
	} else if (p->o.mode == I40_PANEL_INVENTORY) {
		const struct i40_inventory_item *it = &s->facts.item;
		const struct i40_inventory_policy *pl = &s->pol;
		double order = isnan(s->stock) ? NAN : pl->order_qty;
		double v[11] = {s->stock, s->facts.on_order, it->lead_time, it->review, it->service,
				pl->demand_lt, pl->sigma_lt, pl->safety,
				it->review > 0 ? pl->order_up_to : pl->reorder_point, order, pl->eoq};

		put_key(o, id, per, ".order");
		put_value(o, order, s);
		i40_rec_put_str(o->w, s->facts.description);
		put_nums(o, v, 11);
		i40_rec_put_str(o->w, s->fc[0].method);
		i40_rec_end(o->w);
		o->rows++;
	} else if (per < s->end) {
		static const double none[4] = {NAN, NAN, NAN, NAN};

		put_key(o, id, per, "");
		put_value(o, s->y[per - s->first], s);
		put_nums(o, none, 4);
		i40_rec_put_str(o->w, "");   /* no method: a measurement, as i40-report reads it */
		i40_rec_end(o->w);
		o->rows++;
	} else {
		int j = (int)(per - s->end) + s->gap;

		for (int k = 0; k < p->o.nmeth; k++) {
			const struct i40_fc *f = &s->fc[k];
			if (f->h == 0)
				continue;
			double v[4] = {f->lo80[j], f->hi80[j], f->lo95[j], f->hi95[j]};
			put_key(o, id, per, "");
			put_value(o, f->mean[j], s);
			put_nums(o, v, 4);
			i40_rec_put_str(o->w, f->method);
			i40_rec_end(o->w);
			o->rows++;
		}
	}
}

/* A min-heap of series by (next period, rank in (asset, signal) order). */
struct heap {
	long *id;
	size_t n;
	const struct series *s;
	const long *rank;
};

static int
before(const struct heap *h, long a, long b)
{
	if (h->s[a].cur != h->s[b].cur)
		return h->s[a].cur < h->s[b].cur;
	return h->rank[a] < h->rank[b];
}

static void
sift_down(struct heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < h->n && before(h, h->id[l], h->id[m]))
			m = l;
		if (l + 1 < h->n && before(h, h->id[l + 1], h->id[m]))
			m = l + 1;
		if (m == i)
			return;
		long t = h->id[i];
		h->id[i] = h->id[m];
		h->id[m] = t;
		i = m;
	}
}

/* The periods a series writes rows at. */
static int
span(const struct i40_panel *p, struct series *s)
{
	if (s->skip || s->failed)
		return 0;
	switch (p->o.mode) {
	case I40_PANEL_BACKTEST:
		s->cur = s->stop = s->end - 1;
		return 1;
	case I40_PANEL_INVENTORY:
		s->cur = s->stop = s->end;
		return s->planned == 1 && s->fc[0].h > 0;
	default:
		s->cur = p->o.mode == I40_PANEL_HISTORY ? s->first : s->end;
		s->stop = s->end + p->o.h - 1;
		return 1;
	}
}

/* Backtest summary: the mean of each score over the series that have it. */
static void
summary(struct out *o, int64_t per)
{
	struct i40_panel *p = o->p;

	for (int k = 0; k < p->o.nmeth; k++) {
		double sum[6] = {0}, cnt[6] = {0};
		struct i40_accuracy a = {0};

		for (size_t id = 0; id < i40_series_count(p->ids); id++) {
			const struct series *s = &p->s[id];
			if (s->skip || s->failed || s->acc[k].n == 0)
				continue;
			const double v[6] = {s->acc[k].smape, s->acc[k].mase, s->acc[k].rmsse, s->acc[k].bias,
					     s->acc[k].cover80, s->acc[k].cover95};
			for (int j = 0; j < 6; j++)
				if (isfinite(v[j])) {
					sum[j] += v[j];
					cnt[j]++;
				}
			a.n++;
		}
		a.smape = cnt[0] ? sum[0] / cnt[0] : NAN;
		a.mase = cnt[1] ? sum[1] / cnt[1] : NAN;
		a.rmsse = cnt[2] ? sum[2] / cnt[2] : NAN;
		a.bias = cnt[3] ? sum[3] / cnt[3] : NAN;
		a.cover80 = cnt[4] ? sum[4] / cnt[4] : NAN;
		a.cover95 = cnt[5] ? sum[5] / cnt[5] : NAN;
		backtest_row(o, -1, per, k, NULL, &a);
	}
}

long
i40_panel_write(struct i40_panel *p, const struct i40_rec_reader *rd, struct i40_rec_writer *w,
		struct i40_err *err)
{
	size_t n = i40_series_count(p->ids), ncols = 0;
	struct out o = {p, w, calloc(p->nextra + 1, sizeof(int)), 0};
	const char **names = malloc((4 + p->nextra + 16) * sizeof *names);
	long *sorted = malloc((n + 1) * sizeof *sorted), *rank = malloc((n + 1) * sizeof *rank);
	struct heap h = {malloc((n + 1) * sizeof(long)), 0, p->s, rank};
	const char *const *add = added[p->o.mode];
	int64_t last = INT64_MIN;

	if (o.keep == NULL || names == NULL || sorted == NULL || rank == NULL || h.id == NULL ||
	    i40_series_sorted(p->ids, sorted) != 0) {
		o.rows = i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		goto out;
	}
	names[ncols++] = "ts";
	names[ncols++] = "asset";
	names[ncols++] = "signal";
	names[ncols++] = "value";
	for (size_t i = 0; i < p->nextra; i++) {
		const char *x = i40_rec_extra_name(rd, i);
		o.keep[i] = 1;
		for (int j = 0; add[j]; j++)
			if (strcmp(x, add[j]) == 0)
				o.keep[i] = 0;   /* a column this run writes anew */
		if (o.keep[i])
			names[ncols++] = x;
	}
	for (int j = 0; add[j]; j++)
		names[ncols++] = add[j];
	i40_rec_put_header(w, names, ncols);
	for (size_t i = 0; i < n; i++) {
		rank[sorted[i]] = (long)i;
		if (span(p, &p->s[sorted[i]]))
			h.id[h.n++] = sorted[i];
	}
	for (size_t i = h.n; i-- > 0;)
		sift_down(&h, i);
	while (h.n > 0) {
		long id = h.id[0];
		struct series *s = &p->s[id];

		rows(&o, id, s->cur);
		if (s->cur > last)
			last = s->cur;
		if (s->cur++ == s->stop)
			h.id[0] = h.id[--h.n];
		sift_down(&h, 0);
	}
	if (p->o.mode == I40_PANEL_BACKTEST && last != INT64_MIN)
		summary(&o, last);
out:
	free(o.keep);
	free(names);
	free(sorted);
	free(rank);
	free(h.id);
	return o.rows;
}

void
i40_panel_stats(const struct i40_panel *p, struct i40_panel_stats *st)
{
	*st = p->st;
}
