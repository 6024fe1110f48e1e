/* test_oee.c - OEE figures, losses and the engine on worked examples.
 *
 * Every expected number is worked out by hand from the definitions of
 * ISO 22400-2 (availability = APT / PBT, effectiveness = PRI x PQ / APT,
 * quality ratio = GQ / PQ, OEE = their product) and of the six big losses,
 * as written beside it.  Every row the engine emits in these tests is also
 * checked for the invariants: A x P x Q = OEE, and the losses plus the
 * fully productive time add up to the planned busy time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cfg.h"
#include "num.h"
#include "oee.h"
#include "testutil.h"

#define near(x, want, tol) assert_true(fabs((x) - (want)) <= (tol))

/* The invariants every row must meet. */
static void
check_invariants(const struct i40_oee_figures *f)
{
	if (!isnan(f->availability) && !isnan(f->performance) && !isnan(f->quality))
		near(f->availability * f->performance * f->quality, f->oee, 1e-12);
	near(f->apt + f->setup + f->breakdowns + f->small_stops, f->pbt, 1e-6);
	if (!isnan(f->fpt)) {
		double sum = f->fpt;
		for (int k = 0; k < I40_NLOSSES; k++)
			sum += f->loss[k];
		near(sum, f->pbt, 1e-6);
	}
	if (f->pbt == 0)
		assert_true(isnan(f->oee));
}

/* ---- the KPIs from elements ---- */

/* One 8 h shift with a 30 min break (PBT 27000 s), 20 min of setup, a
 * 3 min jam and a 45 min motor failure: APT = 27000 - 1200 - 180 - 2700 =
 * 22920 s.  700 parts at an ideal 30 s (ideal time 21000 s), 20 scrap of
 * which 8 in the start-up window. */
static void
one_shift(struct i40_oee_figures *f)
{
	memset(f, 0, sizeof *f);
	f->calendar = 28800;
	f->pdot = 1800;
	f->pbt = 27000;
	f->apt = 22920;
	f->setup = 1200;
	f->breakdowns = 2700;
	f->small_stops = 180;
	f->failure_time = 2700;
	f->stops = 2;
	f->failures = 1;
	f->pq = 700;
	f->gq = 680;
	f->sq = 20;
	f->sq_startup = 8;
	f->ideal = 21000;
	f->energy = 280;
}

static void
kpis_by_hand(void **state)
{
	struct i40_oee_figures f;
	(void)state;
	one_shift(&f);
	i40_oee_kpis(&f);
	near(f.availability, 22920.0 / 27000, 1e-12);    /* 0.8489 */
	near(f.availability, 0.848889, 1e-6);
	near(f.performance, 21000.0 / 22920, 1e-12);     /* 0.9162 */
	near(f.performance, 0.916230, 1e-6);
	near(f.quality, 680.0 / 700, 1e-12);             /* 0.9714 */
	near(f.quality, 0.971429, 1e-6);
	/* fully productive time: 21000 x 680 / 700 = 20400 s; OEE 20400 / 27000 */
	near(f.fpt, 20400, 1e-9);
	near(f.oee, 0.755556, 1e-6);
	near(f.teep, 20400.0 / 28800, 1e-12);            /* 0.7083 */
	near(f.down, 2880, 1e-9);
	near(f.scrap_rate, 20.0 / 700, 1e-12);
	near(f.mtbf, 22920, 1e-9);
	near(f.mttr, 2700, 1e-9);
	near(f.energy_per_good, 280.0 / 680, 1e-12);     /* 0.4118 kWh */
	near(f.loss[I40_LOSS_BREAKDOWNS], 2700, 1e-9);
	near(f.loss[I40_LOSS_SETUPS], 1200, 1e-9);
	near(f.loss[I40_LOSS_SMALL_STOPS], 180, 1e-9);
	near(f.loss[I40_LOSS_REDUCED_SPEED], 1920, 1e-9);        /* 22920 - 21000 */
	near(f.loss[I40_LOSS_STARTUP_REJECTS], 240, 1e-9);       /* 600 x 8 / 20 */
	near(f.loss[I40_LOSS_PRODUCTION_REJECTS], 360, 1e-9);    /* 600 x 12 / 20 */
	check_invariants(&f);
}

static void
kpis_undefined(void **state)
{
	struct i40_oee_figures f;
	(void)state;
	/* nothing planned: OEE undefined, not 0 and not 1 */
	memset(&f, 0, sizeof f);
	f.calendar = 86400;
	f.energy = NAN;
	i40_oee_kpis(&f);
	assert_true(isnan(f.oee) && isnan(f.availability) && isnan(f.performance) && isnan(f.quality));
	near(f.teep, 0, 0);
	assert_true(isnan(f.mtbf) && isnan(f.mttr) && isnan(f.energy_per_good));
	/* planned but never running and nothing made: A = 0, P and Q are 0/0,
	 * OEE = 0 (no good output in planned time) */
	f.pbt = 27000;
	f.breakdowns = 27000;
	i40_oee_kpis(&f);
	near(f.availability, 0, 0);
	assert_true(isnan(f.performance) && isnan(f.quality));
	near(f.oee, 0, 0);
	check_invariants(&f);
	/* a part without an ideal cycle time: performance and OEE undefined */
	one_shift(&f);
	f.ideal = NAN;
	i40_oee_kpis(&f);
	assert_true(isnan(f.performance) && isnan(f.oee) && isnan(f.loss[I40_LOSS_REDUCED_SPEED]));
	near(f.availability, 0.848889, 1e-6);
}

static void
pooled_line(void **state)
{
	struct i40_oee_figures x, y, line;
	(void)state;
	one_shift(&x);
	/* a second press: 27000 s planned, 24000 s running, 400 good parts at
	 * an ideal 50 s (20000 s), no energy meter */
	memset(&y, 0, sizeof y);
	y.calendar = 28800;
	y.pbt = 27000;
	y.apt = 24000;
	y.breakdowns = 3000;
	y.pq = y.gq = 400;
	y.ideal = 20000;
	y.energy = NAN;
	memset(&line, 0, sizeof line);
	line.energy = NAN;
	i40_oee_add(&line, &x);
	i40_oee_add(&line, &y);
	i40_oee_kpis(&line);
	/* pooled: PBT 54000, APT 46920, ideal 41000, PQ 1100, GQ 1080 */
	near(line.availability, 46920.0 / 54000, 1e-12);   /* 0.8689 */
	near(line.performance, 41000.0 / 46920, 1e-12);    /* 0.8738 */
	near(line.quality, 1080.0 / 1100, 1e-12);          /* 0.9818 */
	near(line.oee, 0.745455, 1e-6);                    /* 41000 x 1080/1100 / 54000 */
	near(line.energy, 280, 0);                         /* the meter there is */
	check_invariants(&line);
}

/* ---- the engine ---- */

struct row {
	char name[32], label[48];
	int64_t start, end;
	struct i40_oee_figures f;
	char reason[8][32];
	double seconds[8];
	size_t np;
};

struct run {
	struct i40_doc *doc;
	struct i40_tz *tz;
	struct i40_oee *o;
	struct row rows[64];
	size_t nrows;
	char notes[16][600];
	int problem[16];
	size_t nnotes;
	long line;
};

static void
emit(void *ctx, const struct i40_oee_period *p)
{
	struct run *r = ctx;
	assert_true(r->nrows < 64);
	struct row *w = &r->rows[r->nrows++];
	snprintf(w->name, sizeof w->name, "%s", p->name);
	snprintf(w->label, sizeof w->label, "%s", p->label);
	w->start = p->start;
	w->end = p->end;
	w->f = p->f;
	w->np = p->npareto < 8 ? p->npareto : 8;
	double sum = 0;
	for (size_t i = 0; i < p->npareto; i++) {
		if (i < 8) {
			snprintf(w->reason[i], sizeof w->reason[i], "%s", p->pareto[i].reason);
			w->seconds[i] = p->pareto[i].seconds;
		}
		sum += p->pareto[i].seconds;
		if (i)   /* longest first */
			assert_true(p->pareto[i].seconds <= p->pareto[i - 1].seconds);
	}
	near(sum, p->f.pbt - p->f.apt, 1e-6);   /* the Pareto is all the time not running */
	check_invariants(&p->f);
}

static void
on_note(void *ctx, int problem, const struct i40_err *err)
{
	struct run *r = ctx;
	if (r->nnotes < 16) {
		i40_err_format(err, r->notes[r->nnotes], sizeof r->notes[0]);
		r->problem[r->nnotes++] = problem;
	}
}

static void
start(struct run *r, const char *zone, const char *yaml, enum i40_by by, const char *from, const char *to,
      unsigned per)
{
	struct i40_err e;
	memset(r, 0, sizeof *r);
	r->tz = i40_tz_load(zone, &e);
	assert_non_null(r->tz);
	r->doc = i40_cfg_parse(yaml, strlen(yaml), "plant.yaml", &e);
	if (r->doc == NULL)
		fail_msg("%s", e.msg);
	struct i40_oee_opts opts = {by, from ? iso(from) : INT64_MIN, to ? iso(to) : INT64_MAX, per};
	struct i40_oee_hooks hooks = {emit, NULL, on_note, r};
	r->o = i40_oee_new(r->doc->root, r->tz, &opts, &hooks, &e);
	if (r->o == NULL)
		fail_msg("%s", e.msg);
}

static int
push_err(struct run *r, const char *ts, const char *asset, const char *signal, const char *value,
	 struct i40_err *e)
{
	struct i40_rec rec = {0};
	rec.ts = iso(ts);
	rec.asset = asset;
	rec.asset_len = strlen(asset);
	rec.signal = signal;
	rec.signal_len = strlen(signal);
	rec.value = value;
	rec.value_len = strlen(value);
	rec.is_num = rec.value_len && i40_num_parse(value, rec.value_len, '.', 0, &rec.num) == 0;
	rec.file = "in.csv";
	rec.line = ++r->line + 1;
	return i40_oee_push(r->o, &rec, i40_oee_role(r->o, signal, rec.signal_len), e);
}

static void
push(struct run *r, const char *ts, const char *asset, const char *signal, const char *value)
{
	struct i40_err e;
	if (push_err(r, ts, asset, signal, value, &e) != 0)
		fail_msg("%s %s %s %s: %s", ts, asset, signal, value, e.msg);
}

static void
finish(struct run *r)
{
	struct i40_err e;
	assert_int_equal(i40_oee_finish(r->o, &e), 0);
}

static void
stop(struct run *r)
{
	i40_oee_free(r->o);
	i40_cfg_free(r->doc);
	i40_tz_free(r->tz);
}

static const struct row *
row_of(const struct run *r, const char *name, const char *label)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (strcmp(r->rows[i].name, name) == 0 && strcmp(r->rows[i].label, label) == 0)
			return &r->rows[i];
	fail_msg("no row %s %s", name, label);
	return NULL;
}

static int
noted(const struct run *r, int problem, const char *text)
{
	for (size_t i = 0; i < r->nnotes; i++)
		if (r->problem[i] == problem && strstr(r->notes[i], text))
			return 1;
	return 0;
}

static const char one_shift_plant[] =
	"ideal_cycle: {m1: 30s}\n"
	"small_stop: 5m\n"
	"startup_window: 10m\n"
	"signals: {total: parts, scrap: scrap}\n"
	"calendar:\n"
	"  shifts: [{name: A, start: \"06:00\", end: \"14:00\", days: mon-fri}]\n"
	"  breaks: [{start: \"10:00\", end: \"10:30\"}]\n";

/* The shift of kpis_by_hand, from records: states, a cumulative part
 * counter and a scrap counter (8 scrap before 06:30, in the start-up
 * window after the 06:20 start; 12 later), an energy meter. */
static void
engine_one_shift(void **state)
{
	struct run r;
	(void)state;
	start(&r, "UTC", one_shift_plant, I40_BY_SHIFT, NULL, NULL, 0);
	push(&r, "2024-03-05T05:50:00Z", "m1", "state", "IDLE");
	push(&r, "2024-03-05T05:55:00Z", "m1", "parts", "1000");
	push(&r, "2024-03-05T05:55:00Z", "m1", "scrap", "50");
	push(&r, "2024-03-05T05:55:00Z", "m1", "energy", "5000");
	push(&r, "2024-03-05T06:00:00Z", "m1", "state", "SETUP");
	push(&r, "2024-03-05T06:20:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-05T06:29:00Z", "m1", "parts", "1019");
	push(&r, "2024-03-05T06:29:00Z", "m1", "scrap", "58");
	push(&r, "2024-03-05T08:00:00Z", "m1", "parts", "1200");
	push(&r, "2024-03-05T08:00:00Z", "m1", "state", "DOWN:jam");
	push(&r, "2024-03-05T08:03:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-05T10:00:00Z", "m1", "parts", "1420");
	push(&r, "2024-03-05T11:00:00Z", "m1", "parts", "1480");
	push(&r, "2024-03-05T11:00:00Z", "m1", "state", "DOWN:motor");
	push(&r, "2024-03-05T11:45:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-05T12:00:00Z", "m1", "scrap", "70");
	push(&r, "2024-03-05T14:00:00Z", "m1", "parts", "1700");
	push(&r, "2024-03-05T14:00:00Z", "m1", "state", "IDLE");
	push(&r, "2024-03-05T14:00:00Z", "m1", "energy", "5280");
	finish(&r);
	assert_int_equal(r.nrows, 1);
	const struct row *w = row_of(&r, "m1", "2024-03-05/A");
	struct i40_oee_figures want;
	one_shift(&want);
	i40_oee_kpis(&want);
	assert_true(w->start == iso("2024-03-05T06:00:00Z") && w->end == iso("2024-03-05T14:00:00Z"));
	assert_true(memcmp(&w->f, &want, sizeof want) == 0);
	/* the Pareto: 45 min motor, 20 min setup, 3 min jam */
	assert_int_equal(w->np, 3);
	assert_string_equal(w->reason[0], "motor");
	assert_string_equal(w->reason[1], "SETUP");
	assert_string_equal(w->reason[2], "jam");
	assert_int_equal(r.nnotes, 0);
	stop(&r);
}

/* Product A (ideal 20 s) until a 30 min changeover at 10:00, then product
 * B (30 s): 500 A and 360 B parts, 10 scrap of each. */
static void
engine_changeover(void **state)
{
	struct run r;
	(void)state;
	start(&r, "UTC",
	      "ideal_cycle: {press2: {products: {A: 20s, B: 30s}}}\n"
	      "calendar: {shifts: [{name: A, start: \"06:00\", end: \"14:00\"}]}\n",
	      I40_BY_DAY, NULL, NULL, 0);
	push(&r, "2024-03-05T06:00:00Z", "press2", "product", "A");
	push(&r, "2024-03-05T06:00:00Z", "press2", "state", "RUN");
	push(&r, "2024-03-05T06:00:00Z", "press2", "parts", "0");
	push(&r, "2024-03-05T06:00:00Z", "press2", "good", "0");
	push(&r, "2024-03-05T10:00:00Z", "press2", "parts", "500");
	push(&r, "2024-03-05T10:00:00Z", "press2", "good", "490");
	push(&r, "2024-03-05T10:00:00Z", "press2", "state", "SETUP");
	push(&r, "2024-03-05T10:30:00Z", "press2", "product", "B");
	push(&r, "2024-03-05T10:30:00Z", "press2", "state", "RUN");
	push(&r, "2024-03-05T14:00:00Z", "press2", "parts", "860");
	push(&r, "2024-03-05T14:00:00Z", "press2", "good", "840");
	push(&r, "2024-03-05T14:00:00Z", "press2", "state", "IDLE");
	finish(&r);
	const struct i40_oee_figures *f = &row_of(&r, "press2", "2024-03-05")->f;
	/* APT = 4 h + 3.5 h = 27000 s of PBT 28800; ideal = 500 x 20 + 360 x 30 */
	near(f->ideal, 20800, 1e-9);
	near(f->availability, 0.9375, 1e-12);
	near(f->performance, 20800.0 / 27000, 1e-12);    /* 0.7704 */
	near(f->quality, 840.0 / 860, 1e-12);            /* 0.9767 */
	near(f->oee, 0.705426, 1e-6);                    /* 20800 x 840/860 / 28800 */
	near(f->loss[I40_LOSS_SETUPS], 1800, 1e-9);
	near(f->loss[I40_LOSS_REDUCED_SPEED], 6200, 1e-9);
	near(f->calendar, 86400, 0);
	stop(&r);
}

/* The counter is reset to 0 between 09:00 and 09:30 and reads 20 then:
 * 300 + 20 + 380 = 700 parts, and a warning naming the asset and time. */
static void
engine_counter_reset(void **state)
{
	struct run r;
	(void)state;
	start(&r, "UTC", "ideal_cycle: {m1: 30s}\ncalendar: {shifts: [{name: A, start: \"06:00\", end: \"14:00\"}]}\n",
	      I40_BY_DAY, NULL, NULL, 0);
	push(&r, "2024-03-05T06:00:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-05T06:00:00Z", "m1", "parts", "5000");
	push(&r, "2024-03-05T09:00:00Z", "m1", "parts", "5300");
	push(&r, "2024-03-05T09:30:00Z", "m1", "parts", "20");
	push(&r, "2024-03-05T14:00:00Z", "m1", "parts", "400");
	finish(&r);
	const struct i40_oee_figures *f = &row_of(&r, "m1", "2024-03-05")->f;
	near(f->pq, 700, 0);
	near(f->gq, 700, 0);   /* no good or scrap counter: every part is good */
	near(f->performance, 700 * 30.0 / 28800, 1e-12);   /* 0.7292 */
	assert_true(noted(&r, 0, "m1/parts: counter reset at 2024-03-05T09:30:00Z (from 5300 to 20)"));
	stop(&r);
}

/* Friday has a shift, Saturday none: Saturday's OEE is undefined; parts
 * counted on Saturday are outside planned time and said so. */
static void
engine_no_production_planned(void **state)
{
	struct run r;
	(void)state;
	start(&r, "UTC", "ideal_cycle: {m1: 30s}\ncalendar: {shifts: [{name: A, start: \"06:00\", end: \"14:00\", days: mon-fri}]}\n",
	      I40_BY_DAY, NULL, NULL, 0);
	push(&r, "2024-03-08T06:00:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-08T06:00:00Z", "m1", "parts", "0");
	push(&r, "2024-03-08T14:00:00Z", "m1", "parts", "900");
	push(&r, "2024-03-08T14:00:00Z", "m1", "state", "IDLE");
	push(&r, "2024-03-09T08:00:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-09T09:00:00Z", "m1", "parts", "1000");
	push(&r, "2024-03-09T09:00:00Z", "m1", "state", "IDLE");
	finish(&r);
	assert_int_equal(r.nrows, 2);
	const struct i40_oee_figures *fri = &row_of(&r, "m1", "2024-03-08")->f;
	near(fri->oee, 900 * 30.0 / 28800, 1e-12);   /* 0.9375 */
	const struct i40_oee_figures *sat = &row_of(&r, "m1", "2024-03-09")->f;
	near(sat->pbt, 0, 0);
	assert_true(isnan(sat->oee) && isnan(sat->availability));
	near(sat->teep, 0, 0);
	near(sat->outside, 100, 0);
	near(sat->pq, 0, 0);
	assert_true(noted(&r, 0, "m1 2024-03-09: no production planned, but 100 parts counted"));
	stop(&r);
}

/* A stop whose length decides its class only after the period ended: the
 * day waits for it, its time is split between the days, and it counts in
 * the day it began.  Around the clock (no shifts), UTC. */
static void
engine_stop_across_midnight(void **state)
{
	struct run r;
	(void)state;
	start(&r, "UTC", "ideal_cycle: {m1: 30s}\nsmall_stop: 5m\n", I40_BY_DAY, "2024-03-05", NULL, 0);
	push(&r, "2024-03-04T22:00:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-05T23:58:00Z", "m1", "state", "DOWN:jam");
	push(&r, "2024-03-06T00:00:30Z", "m1", "parts", "1");   /* a reading in the stop */
	assert_int_equal(r.nrows, 0);   /* the jam may still become a breakdown */
	push(&r, "2024-03-06T00:01:00Z", "m1", "state", "RUN");
	assert_int_equal(r.nrows, 1);   /* a 3 min small stop: the 5th is final */
	push(&r, "2024-03-06T23:58:00Z", "m1", "state", "DOWN:motor");
	push(&r, "2024-03-07T00:10:00Z", "m1", "state", "RUN");
	finish(&r);
	const struct i40_oee_figures *d5 = &row_of(&r, "m1", "2024-03-05")->f;
	const struct i40_oee_figures *d6 = &row_of(&r, "m1", "2024-03-06")->f;
	const struct i40_oee_figures *d7 = &row_of(&r, "m1", "2024-03-07")->f;
	near(d5->small_stops, 120, 0);
	near(d5->stops, 1, 0);
	near(d5->apt, 86400 - 120, 0);
	/* the 6th: 60 s of the jam, then 120 s of a 12 min breakdown */
	near(d6->small_stops, 60, 0);
	near(d6->breakdowns, 120, 0);
	near(d6->stops, 1, 0);
	near(d6->failures, 1, 0);
	near(d6->mttr, 120, 0);
	near(d7->breakdowns, 600, 0);
	near(d7->stops + d7->failures, 0, 0);
	/* --from 2024-03-05: the 4th only carried the RUN state in */
	assert_int_equal(r.nrows, 3);
	stop(&r);
}

static void
engine_bad_records(void **state)
{
	struct run r;
	struct i40_err e;
	(void)state;
	start(&r, "UTC", "ideal_cycle: {m1: 30s}\n", I40_BY_DAY, NULL, NULL, 0);
	push(&r, "2024-03-05T10:00:00Z", "m1", "state", "RUN");
	assert_int_equal(push_err(&r, "2024-03-05T09:59:59Z", "m1", "parts", "5", &e), -1);
	assert_int_equal(e.kind, I40_ERR_DATA);
	assert_non_null(strstr(e.msg, "m1 part count at 2024-03-05T09:59:59Z is out of time order: m1 already had "
				     "a state at 2024-03-05T10:00:00Z"));
	assert_int_equal(push_err(&r, "2024-03-05T10:00:01Z", "m1", "parts", "many", &e), -1);
	assert_non_null(strstr(e.msg, "value \"many\" is not a number (m1/parts is a part counter)"));
	assert_int_equal(push_err(&r, "2024-03-05T10:00:01Z", "m1", "parts", "-3", &e), -1);
	/* two states at one instant: the later holds, said so */
	push(&r, "2024-03-05T10:00:02Z", "m1", "state", "DOWN");
	push(&r, "2024-03-05T10:00:02Z", "m1", "state", "RUN");
	assert_true(noted(&r, 0, "m1: two states at 2024-03-05T10:00:02Z, DOWN then RUN: the later holds"));
	stop(&r);
}

/* Findings that make the figures suspect are problems (exit 1), never
 * clamped: performance above 1, more good than total, no ideal cycle time. */
static void
engine_findings(void **state)
{
	struct run r;
	(void)state;
	start(&r, "UTC",
	      "ideal_cycle: {m1: 60s, m2: {products: {A: 10s}}}\n"
	      "calendar: {shifts: [{name: A, start: \"06:00\", end: \"14:00\"}]}\n",
	      I40_BY_DAY, NULL, NULL, 0);
	/* m1: 600 parts at 60 s need 36000 s, but it ran 28800 s */
	push(&r, "2024-03-05T06:00:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-05T06:00:00Z", "m1", "parts", "0");
	push(&r, "2024-03-05T06:00:00Z", "m1", "good", "0");
	push(&r, "2024-03-05T14:00:00Z", "m1", "parts", "600");
	push(&r, "2024-03-05T14:00:00Z", "m1", "good", "610");
	/* m2 makes product X, which has no ideal cycle time */
	push(&r, "2024-03-05T06:00:00Z", "m2", "state", "RUN");
	push(&r, "2024-03-05T06:00:00Z", "m2", "product", "X");
	push(&r, "2024-03-05T06:00:00Z", "m2", "parts", "0");
	push(&r, "2024-03-05T07:00:00Z", "m2", "parts", "10");
	finish(&r);
	const struct i40_oee_figures *f = &row_of(&r, "m1", "2024-03-05")->f;
	near(f->performance, 1.25, 1e-12);
	near(f->quality, 610.0 / 600, 1e-12);
	near(f->loss[I40_LOSS_REDUCED_SPEED], -7200, 1e-9);   /* shown, not hidden */
	assert_true(noted(&r, 1, "m1 2024-03-05: performance 1.25 is above 1"));
	assert_true(noted(&r, 1, "m1 2024-03-05: more good parts (610) than parts in total (600)"));
	assert_true(noted(&r, 1, "in.csv:10: m2: no ideal cycle time for product \"X\""));
	const struct i40_oee_figures *g = &row_of(&r, "m2", "2024-03-05")->f;
	assert_true(isnan(g->performance) && isnan(g->oee));
	near(g->availability, 1, 0);
	stop(&r);
}

/* Parts per record (counters: delta); scrap in the 10 min after a start
 * that followed a setup is start-up scrap; after a 1 min jam it is not. */
static void
engine_startup_delta(void **state)
{
	struct run r;
	(void)state;
	start(&r, "UTC",
	      "counters: delta\nideal_cycle: {m1: 60s}\nstartup_window: 10m\nsmall_stop: 2m\n"
	      "signals: {total: made, scrap: bad}\n",
	      I40_BY_DAY, NULL, NULL, 0);
	push(&r, "2024-03-05T00:00:00Z", "m1", "state", "SETUP");
	push(&r, "2024-03-05T01:00:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-05T01:05:00Z", "m1", "made", "5");
	push(&r, "2024-03-05T01:05:00Z", "m1", "bad", "2");    /* start-up */
	push(&r, "2024-03-05T02:00:00Z", "m1", "made", "50");
	push(&r, "2024-03-05T02:00:00Z", "m1", "bad", "1");    /* production */
	push(&r, "2024-03-05T02:00:00Z", "m1", "state", "DOWN:jam");
	push(&r, "2024-03-05T02:01:00Z", "m1", "state", "RUN");
	push(&r, "2024-03-05T02:05:00Z", "m1", "bad", "1");    /* after a small stop: production */
	push(&r, "2024-03-05T02:05:00Z", "m1", "made", "4");
	finish(&r);
	const struct i40_oee_figures *f = &row_of(&r, "m1", "2024-03-05")->f;
	near(f->pq, 59, 0);
	near(f->sq, 4, 0);
	near(f->sq_startup, 2, 0);
	/* ideal 59 x 60 = 3540 s; quality loss 3540 x 4/59 = 240 s, half start-up */
	near(f->loss[I40_LOSS_STARTUP_REJECTS], 120, 1e-9);
	near(f->loss[I40_LOSS_PRODUCTION_REJECTS], 120, 1e-9);
	near(f->small_stops, 60, 0);
	near(f->setup, 3600, 0);
	stop(&r);
}

/* Two assets interleaved give the same rows as each alone, in order of
 * start then name; lines pool their members. */
static void
engine_partition_and_lines(void **state)
{
	static const char plant[] =
		"ideal_cycle: {a: 30s, b: 50s}\nlines: {L: [a, b]}\n"
		"calendar: {shifts: [{name: A, start: \"06:00\", end: \"14:00\"}]}\n";
	struct run both, only_a, only_b;
	(void)state;
	start(&both, "UTC", plant, I40_BY_DAY, NULL, NULL, I40_OEE_ASSETS | I40_OEE_LINES);
	start(&only_a, "UTC", plant, I40_BY_DAY, NULL, NULL, I40_OEE_ASSETS);
	start(&only_b, "UTC", plant, I40_BY_DAY, NULL, NULL, I40_OEE_ASSETS);
	static const char *const rec[][4] = {
		{"2024-03-05T06:00:00Z", "b", "state", "RUN"}, {"2024-03-05T06:00:00Z", "a", "state", "RUN"},
		{"2024-03-05T06:00:00Z", "a", "parts", "0"}, {"2024-03-05T06:00:00Z", "b", "parts", "0"},
		{"2024-03-05T09:00:00Z", "a", "state", "DOWN"}, {"2024-03-05T09:30:00Z", "a", "state", "RUN"},
		{"2024-03-05T14:00:00Z", "a", "parts", "700"}, {"2024-03-05T14:00:00Z", "b", "parts", "400"},
		{"2024-03-06T06:00:00Z", "a", "state", "IDLE"}, {"2024-03-06T07:00:00Z", "b", "state", "IDLE"},
	};
	for (size_t i = 0; i < sizeof rec / sizeof rec[0]; i++) {
		push(&both, rec[i][0], rec[i][1], rec[i][2], rec[i][3]);
		push(rec[i][1][0] == 'a' ? &only_a : &only_b, rec[i][0], rec[i][1], rec[i][2], rec[i][3]);
	}
	finish(&both);
	finish(&only_a);
	finish(&only_b);
	/* days 5 and 6, for a, L and b: sorted by start, then name */
	assert_int_equal(both.nrows, 6);
	static const char *const order[] = {"L", "a", "b", "L", "a", "b"};
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(both.rows[i].name, order[i]);
	assert_true(memcmp(&both.rows[1].f, &only_a.rows[0].f, sizeof both.rows[1].f) == 0);
	assert_true(memcmp(&both.rows[2].f, &only_b.rows[0].f, sizeof both.rows[2].f) == 0);
	assert_true(memcmp(&both.rows[4].f, &only_a.rows[1].f, sizeof both.rows[4].f) == 0);
	/* the line: PBT 2 x 28800, APT 27000 + 28800, ideal 700 x 30 + 400 x 50 */
	const struct i40_oee_figures *l = &both.rows[0].f;
	near(l->availability, 55800.0 / 57600, 1e-12);
	near(l->performance, 41000.0 / 55800, 1e-12);
	near(l->oee, 41000.0 / 57600, 1e-12);   /* 0.7118 */
	stop(&both);
	stop(&only_a);
	stop(&only_b);
}

/* --to cuts the last period and the last state holds up to it. */
static void
engine_to(void **state)
{
	struct run r;
	(void)state;
	start(&r, "Europe/Rome", "ideal_cycle: {m1: 30s}\n", I40_BY_DAY, NULL, "2024-10-27T06:00:00Z", 0);
	push(&r, "2024-10-26T22:00:00Z", "m1", "state", "RUN");   /* local midnight */
	push(&r, "2024-10-27T05:00:00Z", "m1", "state", "DOWN");
	push(&r, "2024-10-27T07:00:00Z", "m1", "state", "RUN");   /* after --to: not used */
	finish(&r);
	assert_int_equal(r.nrows, 1);
	const struct row *w = row_of(&r, "m1", "2024-10-27");
	/* 22:00Z to 06:00Z: 8 h, of which the last hour DOWN */
	near(w->f.calendar, 28800, 0);
	near(w->f.availability, 7.0 / 8, 1e-12);
	struct i40_oee_stats st;
	i40_oee_stats(r.o, &st);
	assert_int_equal(st.late, 1);
	stop(&r);
}

static void
check_config(void **state)
{
	static const struct { const char *yaml, *want; } bad[] = {
		{"ideal_cycle: {m1: 0s}\n", "plant.yaml:1:19: expected a duration above zero"},
		{"targets: {oee: 85}\n", "a target is a ratio above 0 and at most 1"},
		{"stats: {}\n", "unknown key \"stats\" in the oee section (did you mean \"states\"?)"},
		{"states: {runing: [RUN]}\n", "did you mean \"running\"?"},
		{"counters: total\n", "counters \"total\": expected cumulative"},
		{"calendar: {shifts: [{name: A, start: \"06:00\"}]}\n", "shift A needs an end"},
		{"assets: [a]\nlines: {L: [a, b]}\n", "plant.yaml:2:12: line L: asset b is not under oee.assets"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct i40_err e;
		char buf[1200];
		struct i40_doc *doc = i40_cfg_parse(bad[i].yaml, strlen(bad[i].yaml), "plant.yaml", &e);
		assert_non_null(doc);
		assert_int_equal(i40_oee_check_config(doc->root, &e), -1);
		i40_err_format(&e, buf, sizeof buf);
		if (strstr(buf, bad[i].want) == NULL)
			fail_msg("got \"%s\", want \"%s\"", buf, bad[i].want);
		i40_cfg_free(doc);
	}
	const char ok[] = "targets: {oee: 85%, availability: 0.9}\nlines: {L1: [a, b]}\n";
	struct i40_err e;
	struct i40_doc *doc = i40_cfg_parse(ok, strlen(ok), "plant.yaml", &e);
	assert_int_equal(i40_oee_check_config(doc->root, &e), 0);
	i40_cfg_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kpis_by_hand),
		cmocka_unit_test(kpis_undefined),
		cmocka_unit_test(pooled_line),
		cmocka_unit_test(engine_one_shift),
		cmocka_unit_test(engine_changeover),
		cmocka_unit_test(engine_counter_reset),
		cmocka_unit_test(engine_no_production_planned),
		cmocka_unit_test(engine_stop_across_midnight),
		cmocka_unit_test(engine_bad_records),
		cmocka_unit_test(engine_findings),
		cmocka_unit_test(engine_startup_delta),
		cmocka_unit_test(engine_partition_and_lines),
		cmocka_unit_test(engine_to),
		cmocka_unit_test(check_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
