/* test_digest.c - what the report keeps of record streams.
 *
 * Small streams written out in each test; the expected figures are
 * worked by hand in the comments next to them (sums, minima, counter
 * increases across a reset, time in each state, episode boundaries).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "digest.h"
#include "testutil.h"

#define S 1000000000LL
#define T0 1730674800LL         /* 2024-11-03T23:00:00Z (calendar.timegm) */

/* Feed each text as a file; returns the number of records refused. */
static int
feed(struct i40_digest *d, const char *const *texts, int n, struct i40_err *last)
{
	struct i40_rec_opts ro = { .need = I40_COL_TS | I40_COL_ASSET | I40_COL_SIGNAL };
	int bad = 0;

	for (int i = 0; i < n; i++) {
		char *path = temp_file(texts[i]);
		struct i40_err err;
		struct i40_rec_reader *rd = i40_rec_open(&path, 1, &ro, &err);
		struct i40_rec rec;
		int rc;

		assert_non_null(rd);
		assert_int_equal(i40_rec_ready(rd, &err), 0);
		i40_digest_bind(d, rd, &err);
		while ((rc = i40_rec_next(rd, &rec, &err)) != 0) {
			assert_int_equal(rc, 1);
			if (i40_digest_add(d, rd, &rec, &err) != 0) {
				bad++;
				if (last)
					*last = err;
			}
		}
		i40_rec_close(rd);
		unlink(path);
		free(path);
	}
	i40_digest_finish(d);
	return bad;
}

static struct i40_digest *
digest(const struct i40_plant *p, int64_t from, int64_t to)
{
	struct i40_digest_opts o = { .from = from, .to = to, .plant = p, .chart_cols = 10 };
	struct i40_err err;
	struct i40_digest *d = i40_digest_new(&o, &err);

	assert_non_null(d);
	return d;
}

static struct i40_plant *
plant(void)
{
	static const char text[] =
		"timezone: Europe/Rome\n"
		"assets:\n"
		"  p1:\n"
		"    signals:\n"
		"      vib: {unit: mm/s, lo: 0.5, hi: 7.1, interval: 1m}\n"
		"      parts: {unit: parts, kind: counter}\n"
		"      state: {kind: state}\n";
	char *path = temp_file(text);
	struct i40_err err;
	struct i40_plant *p = i40_plant_load(path, &err);

	unlink(path);
	free(path);
	assert_non_null(p);
	return p;
}

static void
figures_of_a_series(void **state)
{
	struct i40_plant *p = plant();
	struct i40_digest *d = digest(p, 0, 0);
	static const char *const in[] = {
		"ts,asset,signal,value\n"
		"2024-11-03T23:00:00Z,p1,vib,2\n"
		"2024-11-03T23:01:00Z,p1,vib,8\n"       /* above hi 7.1 */
		"2024-11-03T23:02:00Z,p1,vib,\n"        /* missing */
		"2024-11-03T23:03:00Z,p1,vib,0.25\n"    /* below lo 0.5 */
		"2024-11-03T23:04:00Z,p1,vib,3\n"
		"2024-11-03T23:00:00Z,p1,parts,100\n"
		"2024-11-03T23:01:00Z,p1,parts,130\n"
		"2024-11-03T23:02:00Z,p1,parts,5\n"     /* a reset */
		"2024-11-03T23:03:00Z,p1,parts,25\n"
		"2024-11-03T23:00:00Z,p1,state,RUN\n"
		"2024-11-03T23:30:00Z,p1,state,DOWN:jam\n"
		"2024-11-03T23:40:00Z,p1,state,RUN\n"
		"2024-11-04T00:00:00Z,p1,state,IDLE\n"
		"2024-11-03T23:00:00Z,p1,vib.mean,2.5\n"
		"2024-11-03T23:00:00Z,p1,vib.kurtosis,3.1\n",
	};
	const struct i40_dg_series *v, *c, *s, *f;

	(void)state;
	assert_int_equal(feed(d, in, 1, NULL), 0);
	assert_int_equal(d->records, 15);
	assert_int_equal(d->used, 15);
	assert_true(d->t_min == T0 * S && d->t_max == (T0 + 3600) * S);

	v = i40_digest_find(d, "p1", "vib");
	assert_non_null(v);
	assert_int_equal(v->role, I40_DG_SIGNAL);
	assert_string_equal(v->unit, "mm/s");
	/* 2, 8, 0.25, 3: min 0.25, max 8, sum 13.25, last 3 */
	assert_int_equal(v->n, 5);
	assert_int_equal(v->nnum, 4);
	assert_int_equal(v->nempty, 1);
	assert_true(v->min == 0.25 && v->max == 8 && v->sum == 13.25 && v->last == 3);
	assert_int_equal(v->above, 1);
	assert_int_equal(v->below, 1);
	assert_true(v->interval == 60 * S);
	assert_int_equal(v->m4.n, 4);
	assert_int_equal(v->m4.missing, 1);

	/* 100 -> 130 (+30), reset to 5 (+5 from zero), -> 25 (+20): 55 */
	c = i40_digest_find(d, "p1", "parts");
	assert_int_equal(c->kind, I40_COUNTER);
	assert_true(fabs(c->rise - 55) < 1e-12);

	/* RUN 30 min, DOWN:jam 10 min, RUN 20 min, IDLE until the end (0) */
	s = i40_digest_find(d, "p1", "state");
	assert_int_equal(s->ntext, 4);
	assert_int_equal(s->nstates, 3);
	assert_string_equal(s->states[0].name, "RUN");
	assert_true(s->states[0].ns == 50 * 60 * S);
	assert_int_equal(s->states[0].n, 2);
	assert_true(s->states[1].ns == 10 * 60 * S);
	assert_true(s->states[2].ns == 0);
	assert_string_equal(s->last_text, "IDLE");

	/* a feature keeps the unit and limits of its signal when the
	 * feature has the signal's unit (mean), not otherwise (kurtosis) */
	f = i40_digest_find(d, "p1", "vib.mean");
	assert_string_equal(f->unit, "mm/s");
	assert_true(f->hi == 7.1);
	f = i40_digest_find(d, "p1", "vib.kurtosis");
	assert_string_equal(f->unit, "");
	assert_true(isnan(f->hi));
	i40_digest_free(d);
	i40_plant_free(p);
}

static void
order_and_period(void **state)
{
	/* the period is 23:01 to 23:03 */
	struct i40_digest *d = digest(NULL, (T0 + 60) * S, (T0 + 180) * S);
	struct i40_err err;
	static const char *const in[] = {
		"ts,asset,signal,value\n"
		"2024-11-03T23:00:00Z,a,x,1\n"          /* before: skipped */
		"2024-11-03T23:01:00Z,a,x,2\n"
		"2024-11-03T23:02:30Z,a,x,3\n"
		"2024-11-03T23:02:00Z,a,x,4\n"          /* backwards: refused */
		"2024-11-03T23:02:30Z,a,x,5\n"          /* the same time again: fine */
		"2024-11-03T23:03:00Z,a,x,6\n",         /* the end is outside */
	};
	const struct i40_dg_series *x;

	(void)state;
	assert_int_equal(feed(d, in, 1, &err), 1);
	assert_int_equal(err.kind, I40_ERR_DATA);
	assert_int_equal(err.line, 5);
	assert_non_null(strstr(err.msg, "out of time order"));
	assert_non_null(strstr(err.msg, "a/x"));
	assert_int_equal(d->outside, 2);
	x = i40_digest_find(d, "a", "x");
	/* 2, 3, 5 */
	assert_int_equal(x->nnum, 3);
	assert_true(x->sum == 10);
	/* a fixed period: the chart columns cover it exactly */
	assert_int_equal(x->m4.adaptive, 0);
	assert_true(x->m4.t0 == (T0 + 60) * S);
	i40_digest_free(d);
}

static void
episodes_from_alert_runs(void **state)
{
	struct i40_digest *d = digest(NULL, 0, 0);
	static const char *const in[] = {
		"ts,asset,signal,value,score,alert,reason\n"
		"2024-11-03T23:00:00Z,a,x,1,0.1,0,\n"
		"2024-11-03T23:01:00Z,a,x,5,0.6,1,high\n"
		"2024-11-03T23:02:00Z,a,x,9,0.9,1,very high\n"
		"2024-11-03T23:03:00Z,a,x,6,0.7,1,high\n"
		"2024-11-03T23:04:00Z,a,x,1,0.1,0,\n"
		"2024-11-03T23:05:00Z,a,x,7,0.8,1,again\n",   /* open at the end */
	};
	const struct i40_dg_episode *e;

	(void)state;
	assert_int_equal(feed(d, in, 1, NULL), 0);
	assert_int_equal(d->detect, 1);
	assert_int_equal(d->nep, 2);
	e = &d->ep[0];
	assert_true(e->start == (T0 + 60) * S && e->end == (T0 + 180) * S);
	assert_true(e->peak == 0.9 && e->peak_value == 9 && e->peak_ts == (T0 + 120) * S);
	assert_string_equal(e->text, "very high");
	assert_int_equal(e->open, 0);
	assert_int_equal(e->from_event, 0);
	e = &d->ep[1];
	assert_int_equal(e->open, 1);
	assert_string_equal(e->text, "again");
	assert_true(i40_digest_find(d, "a", "x")->score_max == 0.9);
	assert_int_equal(i40_digest_find(d, "a", "x")->alert_records, 4);
	i40_digest_free(d);
}

static void
event_records(void **state)
{
	/* period: 2024-11-04 00:00Z to 12:00Z */
	struct i40_digest *d = digest(NULL, (T0 + 3600) * S, (T0 + 13 * 3600) * S);
	static const char *const in[] = {
		"ts,asset,signal,value,start,end,peak,severity,method,sentence,rul_hours,rul_lo,rul_hi,p_fail\n"
		/* inside */
		"2024-11-04T01:00:00Z,a,x,9.5,2024-11-04T01:00:00Z,2024-11-04T02:00:00Z,0.8,critical,ewma,"
		"\"Rising, fast\",40,25,60,0.7\n"
		/* starts before the period, ends inside: kept */
		"2024-11-03T22:00:00Z,a,y,,2024-11-03T22:00:00Z,2024-11-04T00:30:00Z,0.6,warning,,,,,,\n"
		/* ends before the period: left out */
		"2024-11-03T20:00:00Z,a,y,,2024-11-03T20:00:00Z,2024-11-03T21:00:00Z,0.6,warning,,,,,,\n"
		/* still active (no end) from before the period: kept, open */
		"2024-11-03T21:00:00Z,b,z,,2024-11-03T21:00:00Z,,0.55,0.5,,,,,,\n"
		/* a start that is not a time */
		"2024-11-04T03:00:00Z,a,x,,yesterday,,,,,,,,,\n",
	};
	struct i40_err err;
	const struct i40_dg_episode *e;

	(void)state;
	assert_int_equal(feed(d, in, 1, &err), 1);
	assert_non_null(strstr(err.msg, "episode start \"yesterday\""));
	assert_int_equal(d->events, 4);
	assert_int_equal(d->outside, 1);
	assert_int_equal(d->nep, 3);
	e = &d->ep[0];
	assert_int_equal(e->from_event, 1);
	assert_int_equal(e->level, I40_LVL_ALARM);              /* "critical" */
	assert_true(e->start == (T0 + 2 * 3600) * S && e->end == (T0 + 3 * 3600) * S);
	assert_true(e->peak == 0.8 && e->peak_value == 9.5);
	assert_string_equal(e->rule, "ewma");                   /* "method" of an episode */
	assert_string_equal(e->text, "Rising, fast");
	assert_true(e->rul == 40 && e->rul_lo == 25 && e->rul_hi == 60 && e->p_fail == 0.7);
	assert_int_equal(d->ep[1].level, I40_LVL_WARN);         /* "warning" */
	assert_int_equal(d->ep[2].open, 1);
	assert_int_equal(d->ep[2].level, I40_LVL_WARN);         /* 0.5 < 0.75 */
	assert_int_equal(i40_digest_find(d, "a", "x")->has_events, 1);
	i40_digest_free(d);
}

static void
oee_forecast_inventory(void **state)
{
	/* a period that the forecast rows lie far outside of */
	struct i40_digest *d = digest(NULL, T0 * S, (T0 + 86400) * S);
	static const char *const in[] = {
		"ts,asset,signal,value,unit\n"
		"2024-11-03T23:00:00Z,p1,oee,0.5,\n"
		"2024-11-03T23:00:00Z,p1,loss.breakdowns,30,min\n"
		"2024-11-03T23:00:00Z,p1,pareto.jam,12,min\n"
		"2024-11-04T11:00:00Z,p1,oee,0.7,\n"
		"2024-11-04T11:00:00Z,p1,loss.breakdowns,10,min\n",
		"ts,asset,signal,value,lo80,hi80,lo95,hi95,method\n"
		"2024-01-01T00:00:00Z,BR,demand,10,,,,,\n"
		"2024-01-08T00:00:00Z,BR,demand,12,,,,,\n"
		"2025-01-06T00:00:00Z,BR,demand,11,9,13,8,14,\"ETS(A,N,N)\"\n"
		"2025-01-13T00:00:00Z,BR,demand,11,8.5,13.5,7,15,\"ETS(A,N,N)\"\n",
		"ts,asset,signal,value,reorder_point,order_qty\n"
		"2024-11-06T06:00:00Z,BR,stock,40,50,300\n",      /* after the period: kept */
	};
	const struct i40_dg_series *s;
	const char *sub;

	(void)state;
	assert_int_equal(feed(d, in, 3, NULL), 0);
	s = i40_digest_find(d, "p1", "oee");
	assert_int_equal(s->role, I40_DG_OEE);
	assert_int_equal(s->metric, I40_OEE_OEE);
	assert_int_equal(s->npts, 2);
	assert_true(s->pts[1].v == 0.7);
	s = i40_digest_find(d, "p1", "loss.breakdowns");
	assert_int_equal(s->metric, I40_OEE_LOSS);
	assert_string_equal(s->sub, "breakdowns");
	assert_true(s->sum == 40);
	assert_string_equal(s->unit, "min");
	assert_int_equal(i40_oee_metric("pareto.jam", &sub), I40_OEE_PARETO);
	assert_string_equal(sub, "jam");
	assert_int_equal(i40_oee_metric("planned", NULL), I40_OEE_PLANNED);
	assert_int_equal(i40_oee_metric("vib", NULL), -1);

	/* forecast files are not cut to the period: history and rows kept */
	s = i40_digest_find(d, "BR", "demand");
	assert_int_equal(s->role, I40_DG_FORECAST);
	assert_int_equal(s->nnum, 2);
	assert_int_equal(s->nfc, 2);
	assert_true(s->fc[1].lo95 == 7 && s->fc[1].hi95 == 15 && s->fc[0].mean == 11);
	assert_string_equal(s->method, "ETS(A,N,N)");
	assert_int_equal(s->m4.adaptive, 1);

	/* inventory: a signal, and fields as columns */
	assert_true(i40_digest_find(d, "BR", "stock")->last == 40);
	assert_int_equal(i40_digest_find(d, "BR", "stock")->role, I40_DG_INVENTORY);
	assert_true(i40_digest_find(d, "BR", "reorder_point")->last == 50);
	assert_true(i40_digest_find(d, "BR", "order_qty")->last == 300);
	assert_int_equal(i40_inv_field("ORDER_QUANTITY"), I40_INV_ORDER_QTY);
	i40_digest_free(d);
}

/* What the programs really write (their man pages): i40-oee's other
 * figures in a file with a period column, i40-forecast --inventory's
 * <signal>.order rows, --backtest rows with the summary asset "*". */
static void
real_program_output(void **state)
{
	struct i40_digest *d = digest(NULL, T0 * S, (T0 + 86400) * S);
	static const char *const in[] = {
		"ts,asset,signal,value,period,unit\n"
		"2024-11-03T23:00:00Z,p1,oee,0.5,2024-11-04,ratio\n"
		"2024-11-03T23:00:00Z,p1,scrap,7,2024-11-04,parts\n"
		"2024-11-03T23:00:00Z,p1,target.oee,0.75,2024-11-04,ratio\n",
		"ts,asset,signal,value\n"
		"2024-11-04T10:00:00Z,p1,scrap,3\n",                  /* the counter itself */
		"ts,asset,signal,value,item_description,stock,on_order,reorder_point,order_qty,eoq\n"
		"2024-11-11T00:00:00Z,BR,sales.order,0,bearing,6,2,2.5,0,31\n"
		"2024-11-11T00:00:00Z,HT,sales.order,10,heater,4,2,8,10,3\n",
		"ts,asset,signal,value,method,n,smape,mase,rmsse,bias,cover80,cover95\n"
		"2024-11-04T00:00:00Z,BR,sales,0.9,ets,6,80,0.9,0.8,0,0.8,0.95\n"
		"2024-11-04T00:00:00Z,*,*,0.85,ets,5,70,0.85,0.7,0,0.8,0.9\n",
	};
	const struct i40_dg_series *s;

	(void)state;
	assert_int_equal(feed(d, in, 4, NULL), 0);
	/* OEE figures apart from the counter of the same name */
	s = i40_digest_find(d, "p1", "period.scrap");
	assert_non_null(s);
	assert_int_equal(s->role, I40_DG_OEE);
	assert_int_equal(s->metric, I40_OEE_AUX);
	assert_string_equal(s->sub, "scrap");
	assert_true(s->sum == 7);
	assert_int_equal(i40_digest_find(d, "p1", "scrap")->role, I40_DG_SIGNAL);
	assert_true(i40_digest_find(d, "p1", "scrap")->last == 3);
	assert_int_equal(i40_digest_find(d, "p1", "period.target.oee")->metric, I40_OEE_AUX);
	assert_int_equal(i40_digest_find(d, "p1", "oee")->metric, I40_OEE_OEE);
	/* reorder rows: fields of the item, no "sales.order" measurement;
	 * order_qty is order_qty, not eoq */
	assert_null(i40_digest_find(d, "BR", "sales.order"));
	assert_true(i40_digest_find(d, "BR", "order_qty")->last == 0);
	assert_true(i40_digest_find(d, "HT", "order_qty")->last == 10);
	assert_true(i40_digest_find(d, "HT", "on_order")->last == 2);
	assert_int_equal(i40_inv_field("eoq"), -1);
	/* backtest rows: no series, no forecast */
	assert_int_equal(d->nbt, 2);
	assert_null(i40_digest_find(d, "*", "*"));
	assert_string_equal(d->bt[1].asset, "*");
	assert_string_equal(d->bt[1].method, "ets");
	assert_true(d->bt[1].mase == 0.85 && d->bt[1].n == 5 && d->bt[1].cover95 == 0.9);
	i40_digest_free(d);
}

static void
caps_and_spark(void **state)
{
	/* 8 adaptive columns: the span doubles from 1 ns to 2^35 ns (34.4 s)
	 * before 3 minutes fit, so the four samples fall in four columns */
	struct i40_digest_opts o = { .chart_cols = 8, .max_episodes = 1 };
	struct i40_err err;
	struct i40_digest *d = i40_digest_new(&o, &err);
	static const char *const in[] = {
		"ts,asset,signal,value,alert\n"
		"2024-11-03T23:00:00Z,a,x,1,1\n"
		"2024-11-03T23:01:00Z,a,x,5,0\n"
		"2024-11-03T23:02:00Z,a,x,-3,1\n"
		"2024-11-03T23:03:00Z,a,x,2,0\n",
	};
	double cells[4];
	int64_t *t;
	double *v;
	long n;
	const struct i40_dg_series *x;

	(void)state;
	assert_int_equal(feed(d, in, 1, NULL), 0);
	assert_int_equal(d->nep, 1);
	assert_int_equal(d->ep_dropped, 1);
	x = i40_digest_find(d, "a", "x");
	/* mean 1.25; one value per cell; each cell shows its value */
	assert_int_equal(i40_digest_spark(x, T0 * S, (T0 + 240) * S, cells, 4), 4);
	assert_true(cells[0] == 1 && cells[1] == 5 && cells[2] == -3 && cells[3] == 2);
	/* two cells: {1, 5} shows 5 (farther from 1.25), {-3, 2} shows -3 */
	assert_int_equal(i40_digest_spark(x, T0 * S, (T0 + 240) * S, cells, 2), 2);
	assert_true(cells[0] == 5 && cells[1] == -3);
	n = i40_digest_points(x, &t, &v);
	assert_int_equal(n, 4);
	assert_true(t[2] == (T0 + 120) * S && v[2] == -3);
	free(t);
	free(v);
	i40_digest_free(d);
}

static int
want_b(const void *ctx, const char *asset, const char *signal)
{
	(void)ctx;
	(void)signal;
	return strcmp(asset, "b") == 0;
}

/* One series at full resolution, then 64 columns, except the wanted. */
static void
resolution_budget(void **state)
{
	struct i40_digest_opts o = { .chart_cols = 200, .full_series = 1, .wanted = want_b };
	struct i40_err err;
	struct i40_digest *d = i40_digest_new(&o, &err);
	static const char *const in[] = {
		"ts,asset,signal,value\n"
		"2024-11-03T23:00:00Z,a,x,1\n"
		"2024-11-03T23:00:00Z,a,y,1\n"
		"2024-11-03T23:00:00Z,b,z,1\n",
	};

	(void)state;
	assert_int_equal(feed(d, in, 1, NULL), 0);
	assert_int_equal(i40_digest_find(d, "a", "x")->m4.ncols, 200);
	assert_int_equal(i40_digest_find(d, "a", "y")->m4.ncols, 64);
	assert_int_equal(i40_digest_find(d, "b", "z")->m4.ncols, 200);
	i40_digest_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(figures_of_a_series),
		cmocka_unit_test(order_and_period),
		cmocka_unit_test(episodes_from_alert_runs),
		cmocka_unit_test(event_records),
		cmocka_unit_test(oee_forecast_inventory),
		cmocka_unit_test(real_program_output),
		cmocka_unit_test(caps_and_spark),
		cmocka_unit_test(resolution_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
