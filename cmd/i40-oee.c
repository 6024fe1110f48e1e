/* i40-oee - OEE, the six big losses, MTBF and MTTR per asset or line.
 *
 * Reads state, part-counter, product and energy records, and writes per
 * asset (or line) and period the ISO 22400-2 figures, the losses and the
 * downtime Pareto, as records or (--wide) one row per asset and period.
 * The work is done by lib/oee.c and lib/cal.c; this file is options,
 * reading (several files merged by time) and writing.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cal.h"
#include "cli.h"
#include "diag.h"
#include "oee.h"
#include "plant.h"
#include "rec.h"

enum { OPT_FROM = 256, OPT_TO };

static const struct i40_opt opts[] = {
	{'b', "by", "PERIOD", "periods: shift, day (default), week or month, in the plant's time zone"},
	{'p', "per", "WHAT", "figures per asset (default), line, or both"},
	{'w', "wide", NULL, "one row per asset and period instead of records"},
	{OPT_FROM, "from", "TIME", "report from TIME (earlier records only carry state in); or yesterday, today"},
	{OPT_TO, "to", "TIME", "report up to TIME (the last state holds until then); or yesterday, today"},
	{0},
};

static const struct i40_cli cli = {
	"i40-oee", "[OPTION]... [FILE]...",
	"OEE (ISO 22400-2), the six big losses, MTBF and MTTR from states and part counters.",
	opts,
	"Examples:\n"
	"  i40-oee -c plant.yaml records.csv\n"
	"  i40-oee -c plant.yaml --by shift --wide records.csv\n"
	"  i40-oee -c plant.yaml --per line --from yesterday --to today today.csv\n"
	"Local times (--from, --to, shifts) are in the plant's time zone.\n",
	I40_CLI_ALL,
};

struct cmdline {
	enum i40_by by;
	unsigned per;
	int wide;
	const char *from, *to;
};

static int
on_opt(void *ctx, int id, const char *arg, struct i40_err *err)
{
	struct cmdline *c = ctx;
	switch (id) {
	case 'b':
		if (i40_by_parse(arg, &c->by) != 0)
			return i40_err_set(err, I40_ERR_CONFIG, "--by %s: expected shift, day, week or month", arg);
		return 0;
	case 'p':
		c->per = strcmp(arg, "asset") == 0 ? I40_OEE_ASSETS : strcmp(arg, "line") == 0 ? I40_OEE_LINES :
			 strcmp(arg, "both") == 0 ? I40_OEE_ASSETS | I40_OEE_LINES : 0;
		if (c->per == 0)
			return i40_err_set(err, I40_ERR_CONFIG, "--per %s: expected asset, line or both", arg);
		return 0;
	case 'w': c->wide = 1; return 0;
	case OPT_FROM: c->from = arg; return 0;
	case OPT_TO: c->to = arg; return 0;
	}
	return i40_err_set(err, I40_ERR_CONFIG, "unhandled option");
}

/* Now, for yesterday and today: $I40_NOW, or the clock. */
static int64_t
now(const struct i40_tz *tz)
{
	const char *fixed = getenv("I40_NOW");
	struct i40_err err;
	int64_t t;
	if (fixed && *fixed) {
		if (i40_cal_when(fixed, tz, 0, &t, &err) != 0)
			i40_die(cli.prog, I40_EXIT_USAGE, "I40_NOW=%s: %s", fixed, err.msg);
		return t;
	}
	return (int64_t)time(NULL) * I40_NS_PER_SEC;
}

/* ---- output ---- */

#define FIG(m) offsetof(struct i40_oee_figures, m)
#define LOSS(k) (offsetof(struct i40_oee_figures, loss) + (k) * sizeof(double))

/* The figures written for every row, in this order; the man page lists
 * them with their ISO 22400-2 names. */
static const struct col {
	const char *name, *unit;
	size_t off;
} cols[] = {
	{"calendar_time", "s", FIG(calendar)},
	{"planned_down_time", "s", FIG(pdot)},
	{"planned_time", "s", FIG(pbt)},
	{"run_time", "s", FIG(apt)},
	{"setup_time", "s", FIG(setup)},
	{"down_time", "s", FIG(down)},
	{"availability", "ratio", FIG(availability)},
	{"performance", "ratio", FIG(performance)},
	{"quality", "ratio", FIG(quality)},
	{"oee", "ratio", FIG(oee)},
	{"teep", "ratio", FIG(teep)},
	{"total", "parts", FIG(pq)},
	{"good", "parts", FIG(gq)},
	{"scrap", "parts", FIG(sq)},
	{"scrap_rate", "ratio", FIG(scrap_rate)},
	{"total_outside", "parts", FIG(outside)},
	{"stops", "count", FIG(stops)},
	{"failures", "count", FIG(failures)},
	{"mtbf", "s", FIG(mtbf)},
	{"mttr", "s", FIG(mttr)},
	{"ideal_time", "s", FIG(ideal)},
	{"fully_productive_time", "s", FIG(fpt)},
	{"loss.breakdowns", "s", LOSS(I40_LOSS_BREAKDOWNS)},
	{"loss.setups", "s", LOSS(I40_LOSS_SETUPS)},
	{"loss.small_stops", "s", LOSS(I40_LOSS_SMALL_STOPS)},
	{"loss.reduced_speed", "s", LOSS(I40_LOSS_REDUCED_SPEED)},
	{"loss.startup_rejects", "s", LOSS(I40_LOSS_STARTUP_REJECTS)},
	{"loss.production_rejects", "s", LOSS(I40_LOSS_PRODUCTION_REJECTS)},
	{"energy", NULL, FIG(energy)},
	{"energy_per_good", NULL, FIG(energy_per_good)},
};
#define NCOLS (sizeof cols / sizeof cols[0])

static const char *const targets[] = {"oee", "availability", "performance", "quality", "teep"};
#define NTARGETS (sizeof targets / sizeof targets[0])

struct out {
	struct i40_rec_writer *w;
	struct i40_diag *d;
	const struct i40_plant *plant;
	const struct i40_oee *oee;
	const char *energy_signal;
	int wide;
	double target[NTARGETS];
	char energy_unit[64], per_good_unit[80];
};

static void
put_ts(struct i40_rec_writer *w, int64_t ns)
{
	i40_rec_put_ts(w, ns, ns % I40_NS_PER_SEC ? 9 : 0);
}

static double
value(const struct i40_oee_period *p, size_t c)
{
	return *(const double *)(const void *)((const char *)&p->f + cols[c].off);
}

/* Unit of the energy meter: the plant's, of this asset or any. */
static void
energy_units(struct out *o, const char *asset)
{
	const struct i40_signal_def *s = i40_plant_signal(o->plant, asset, strlen(asset), o->energy_signal,
							  strlen(o->energy_signal));
	for (size_t i = 0; (s == NULL || !*s->unit) && i < o->plant->nsignals; i++)
		if (strcmp(o->plant->signals[i].name, o->energy_signal) == 0)
			s = &o->plant->signals[i];
	snprintf(o->energy_unit, sizeof o->energy_unit, "%s", s && *s->unit ? s->unit : "");
	snprintf(o->per_good_unit, sizeof o->per_good_unit, "%s%s", o->energy_unit, *o->energy_unit ? "/part" : "");
}

static void
put_record(struct out *o, const struct i40_oee_period *p, const char *signal, double v, const char *unit)
{
	put_ts(o->w, p->start);
	i40_rec_put_str(o->w, p->name);
	i40_rec_put_str(o->w, signal);
	i40_rec_put_num(o->w, v);
	i40_rec_put_str(o->w, p->label);
	i40_rec_put_str(o->w, unit);
	i40_rec_end(o->w);
	o->d->out++;
}

static void
emit(void *ctx, const struct i40_oee_period *p)
{
	struct out *o = ctx;
	char name[300];

	energy_units(o, p->name);
	if (o->wide) {
		put_ts(o->w, p->start);
		i40_rec_put_str(o->w, p->name);
		i40_rec_put_str(o->w, p->label);
		for (size_t c = 0; c < NCOLS; c++)
			i40_rec_put_num(o->w, value(p, c));
		for (size_t t = 0; t < NTARGETS; t++)
			if (!isnan(o->target[t]))
				i40_rec_put_num(o->w, o->target[t]);
		i40_rec_end(o->w);
		o->d->out++;
		return;
	}
	for (size_t c = 0; c < NCOLS; c++)
		put_record(o, p, cols[c].name, value(p, c),
			   cols[c].unit ? cols[c].unit : c == NCOLS - 1 ? o->per_good_unit : o->energy_unit);
	for (size_t t = 0; t < NTARGETS; t++)
		if (!isnan(o->target[t])) {
			snprintf(name, sizeof name, "target.%s", targets[t]);
			put_record(o, p, name, o->target[t], "ratio");
		}
	for (size_t i = 0; i < p->npareto; i++) {
		snprintf(name, sizeof name, "pareto.%s", p->pareto[i].reason);
		put_record(o, p, name, p->pareto[i].seconds, "s");
	}
}

static void
flush(void *ctx)
{
	struct out *o = ctx;
	i40_rec_flush(o->w);
}

static void
on_note(void *ctx, int problem, const struct i40_err *err)
{
	struct out *o = ctx;
	if (problem) {
		i40_diag_problem(o->d, err);
	} else {
		char buf[1024];
		i40_err_format(err, buf, sizeof buf);
		i40_diag_warn(o->d, "%s", buf);
	}
}

static void
put_header(struct out *o)
{
	const char *names[3 + NCOLS + NTARGETS];
	char tnames[NTARGETS][32];
	size_t n = 0;

	if (!o->wide) {
		static const char *const long_cols[] = {"ts", "asset", "signal", "value", "period", "unit"};
		i40_rec_put_header(o->w, long_cols, 6);
		return;
	}
	names[n++] = "ts";
	names[n++] = "asset";
	names[n++] = "period";
	for (size_t c = 0; c < NCOLS; c++)
		names[n++] = cols[c].name;
	for (size_t t = 0; t < NTARGETS; t++)
		if (!isnan(o->target[t])) {
			snprintf(tnames[t], sizeof tnames[t], "target.%s", targets[t]);
			names[n++] = tnames[t];
		}
	i40_rec_put_header(o->w, names, n);
}

/* ---- input: the files merged by time ---- */

struct input {
	struct i40_rec_reader *rd;
	struct i40_rec rec;
	int live;                 /* rec holds the next record */
};

static int
reject(struct input *in, struct i40_diag *d, const struct i40_err *err)
{
	size_t len;
	const char *raw = i40_rec_raw(in->rd, &in->rec, &len);
	return i40_diag_reject(d, err, raw, len);
}

/* Read the next record of in; bad records are rejected on the way.
 * Returns 0, or -1 when --strict says stop. */
static int
fill(struct input *in, struct i40_diag *d)
{
	struct i40_err err;
	int r;
	while ((r = i40_rec_next(in->rd, &in->rec, &err)) != 1) {
		in->live = 0;
		if (r == 0)
			return 0;
		if (r == -2)
			i40_die(cli.prog, I40_EXIT_DATA, "out of memory");
		if (in->rec.row == NULL) {
			i40_diag_problem(d, &err);   /* an unreadable file or header */
			continue;
		}
		d->in++;
		if (reject(in, d, &err) != 0)
			return -1;
	}
	d->in++;
	in->live = 1;
	return 0;
}

/* Every record of the inputs, merged by time, into the engine.  Returns
 * 0, or -1 when --strict stopped it. */
static int
run(struct i40_oee *oee, struct input *in, size_t n, struct i40_diag *d, long *ignored)
{
	struct i40_err err;
	for (size_t i = 0; i < n; i++)
		if (fill(&in[i], d) != 0)
			return -1;
	for (;;) {
		/* the input whose next record is earliest; ties: the first */
		struct input *next = NULL;
		for (size_t i = 0; i < n; i++)
			if (in[i].live && (next == NULL || in[i].rec.ts < next->rec.ts))
				next = &in[i];
		if (next == NULL)
			return 0;
		const struct i40_rec *r = &next->rec;
		enum i40_oee_role role = i40_oee_role(oee, r->signal, r->signal_len);
		int rc = i40_oee_push(oee, r, role, &err);
		*ignored += role == I40_ROLE_NONE;
		if (rc == -2)
			i40_die(cli.prog, I40_EXIT_DATA, "out of memory");
		if ((rc == -1 && reject(next, d, &err) != 0) || fill(next, d) != 0)
			return -1;
	}
}

int
main(int argc, char **argv)
{
	struct cmdline c = {.by = I40_BY_DAY, .per = I40_OEE_ASSETS};
	struct i40_start s;
	struct i40_diag d;
	struct i40_err err;

	i40_diag_start(&s, &cli, argc, argv, on_opt, &c);

	struct i40_oee_opts oo = {.by = c.by, .from = INT64_MIN, .to = INT64_MAX, .per = c.per};
	if (c.from && i40_cal_when(c.from, s.zone, now(s.zone), &oo.from, &err) != 0)
		i40_die(cli.prog, I40_EXIT_USAGE, "--from %s", err.msg);
	if (c.to && i40_cal_when(c.to, s.zone, now(s.zone), &oo.to, &err) != 0)
		i40_die(cli.prog, I40_EXIT_USAGE, "--to %s", err.msg);
	if (oo.from >= oo.to)
		i40_die(cli.prog, I40_EXIT_USAGE, "--from must be before --to");

	i40_diag_init(&d, cli.prog, &s.common);
	struct out o = {.d = &d, .plant = s.plant, .wide = c.wide};
	struct i40_oee_hooks hooks = {emit, flush, on_note, &o};
	struct i40_oee *oee = i40_oee_new(i40_plant_section(s.plant, "oee"), s.zone, &oo, &hooks, &err);
	if (oee == NULL)
		i40_die_err(cli.prog, &err);
	o.oee = oee;
	o.energy_signal = i40_oee_signal(oee, I40_ROLE_ENERGY);
	for (size_t t = 0; t < NTARGETS; t++)
		o.target[t] = i40_oee_target(oee, targets[t]);
	if ((o.w = i40_rec_writer_new(stdout, s.common.tsv ? '\t' : ',', s.common.precision)) == NULL)
		i40_die(cli.prog, I40_EXIT_DATA, "out of memory");
	put_header(&o);

	char *stdin_only[] = {"-"};
	char **paths = s.first < argc ? argv + s.first : stdin_only;
	size_t npaths = s.first < argc ? (size_t)(argc - s.first) : 1;
	struct input *in = calloc(npaths, sizeof *in);
	struct i40_rec_opts ro = {.delim = s.common.tsv ? '\t' : ',', .tz = s.zone};
	if (in == NULL)
		i40_die(cli.prog, I40_EXIT_DATA, "out of memory");
	for (size_t i = 0; i < npaths; i++) {
		if ((in[i].rd = i40_rec_open(&paths[i], 1, &ro, &err)) == NULL)
			i40_die_err(cli.prog, &err);
		i40_rec_on_wait(in[i].rd, flush, &o);
	}
	long ignored = 0;
	/* --strict stopped: the periods not yet written would be cut short */
	if (run(oee, in, npaths, &d, &ignored) == 0 && i40_oee_finish(oee, &err) != 0)
		i40_die(cli.prog, I40_EXIT_DATA, "out of memory");

	if (s.common.stats) {
		struct i40_oee_stats st;
		i40_oee_stats(oee, &st);
		fprintf(stderr, "%s: %ld records of other signals, %ld of assets not under oee.assets, %ld at or "
			"after --to, %ld empty states or products; %ld rows with no production planned (oee empty)\n",
			cli.prog, ignored, st.excluded, st.late, st.empty, st.unplanned);
	}
	for (size_t i = 0; i < npaths; i++)
		i40_rec_close(in[i].rd);
	free(in);
	i40_oee_free(oee);
	return i40_diag_finish(&d, &s, o.w);
}
