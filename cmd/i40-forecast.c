/* i40-forecast - demand and signal forecasts, backtests and reorder points.
 *
 * Reads records, sums (or averages) each (asset, signal) series into
 * calendar periods as they arrive, and at the end of the input forecasts
 * every series, scores methods by rolling origin (--backtest) or plans
 * stock (--inventory).  The work is in lib/panel.c (series held whole,
 * fits on threads, ordered output) over lib/fcast.c, lib/accuracy.c and
 * lib/inventory.c; this file is options and wiring.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "panel.h"
#include "plant.h"
#include "rec.h"

enum { OPT_AGGREGATE = 256, OPT_HISTORY, OPT_ORIGINS, OPT_UNTIL };

static const struct i40_opt opts[] = {
	{'p', "period", "P", "hour, day, week (default), month, quarter or year, in the plant's zone"},
	{'H', "horizon", "N", "periods ahead (default 24 h, 14 d, 13 w, 12 months, 8 quarters, 5 y)"},
	{'s', "season", "N", "season length in periods (default 24, 7, 52, 12, 4, 1 by period)"},
	{'m', "method", "LIST", "auto (default), naive, snaive, drift, ses, holt, damped, hw, hw-mul, ets, theta, "
				"comb, croston, sba, tsb, adida, intermittent"},
	{OPT_AGGREGATE, "aggregate", "HOW", "sum, mean or delta for every series (default: by signal kind)"},
	{OPT_HISTORY, "history", NULL, "write the history before the forecasts"},
	{'b', "backtest", NULL, "score the default and the methods by rolling origin instead"},
	{OPT_ORIGINS, "origins", "N", "backtest origins (default 6; for --inventory's error: 12)"},
	{'i', "inventory", NULL, "safety stock, reorder point and order per item instead"},
	{OPT_UNTIL, "until", "TIME", "the history ends before TIME (a period start); later records are left out"},
	{'j', "jobs", "N", "fit N series at a time (default: the processors, at most 8)"},
	{0},
};

static const struct i40_cli cli = {
	"i40-forecast", "[OPTION]... [FILE]...",
	"Forecast every (asset, signal) series; backtest methods; plan stock.",
	opts,
	"Examples:\n"
	"  i40-forecast -p week -H 13 sales.csv\n"
	"  i40-forecast -p month --history -m auto,snaive demand.csv | i40-report\n"
	"  i40-forecast -p week --backtest -m ets,theta,croston sales.csv\n"
	"  i40-forecast -c plant.yaml --inventory --until 2025-03-03 sales.csv stock.csv\n"
	"Signals the plant file lists are averaged (gauges) or differenced (counters)\n"
	"per period; others are demand, summed, missing periods counting 0.\n",
	I40_CLI_ALL,
};

struct cmdline {
	const char *period, *method, *aggregate, *until;
	long horizon, season, origins, jobs;
	int history, backtest, inventory;
};

static int
whole(const char *arg, long lo, long hi, long *out, const char *what, struct i40_err *err)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < lo || v > hi)
		return i40_err_set(err, I40_ERR_CONFIG, "%s \"%s\": expected a whole number from %ld to %ld",
				   what, arg, lo, hi);
	*out = v;
	return 0;
}

static int
on_opt(void *ctx, int id, const char *arg, struct i40_err *err)
{
	struct cmdline *c = ctx;

	switch (id) {
	case 'p': c->period = arg; return 0;
	case 'H': return whole(arg, 1, 10000, &c->horizon, "horizon", err);
	case 's': return whole(arg, 1, 10000, &c->season, "season", err);
	case 'm': c->method = arg; return 0;
	case OPT_AGGREGATE: c->aggregate = arg; return 0;
	case OPT_HISTORY: c->history = 1; return 0;
	case 'b': c->backtest = 1; return 0;
	case OPT_ORIGINS: return whole(arg, 1, 1000, &c->origins, "origins", err);
	case 'i': c->inventory = 1; return 0;
	case OPT_UNTIL: c->until = arg; return 0;
	case 'j': return whole(arg, 1, 64, &c->jobs, "jobs", err);
	}
	return i40_err_set(err, I40_ERR_CONFIG, "unhandled option");
}


struct settings {
	struct i40_panel_opts o;
	enum i40_fcast_method meth[I40_FC_NMETHODS];
	struct i40_fcast_cfg fcfg;
	struct i40_inventory_cfg inv;
};

/* The command line over the plant's forecast: section over the defaults. */
static int
settings(const struct cmdline *c, struct settings *st, struct i40_err *err)
{
	static const int horizon[] = {24, 14, 13, 12, 8, 5};
	struct i40_panel_opts *o = &st->o;
	const char *method = c->method ? c->method : st->fcfg.method ? st->fcfg.method : "auto";
	enum i40_fcast_method list[I40_FC_NMETHODS];
	enum i40_agg agg;
	int n;

	o->period = st->fcfg.has_period ? st->fcfg.period : I40_PERIOD_WEEK;
	if (c->period && i40_period_unit_parse(c->period, &o->period) != 0)
		return i40_err_set(err, I40_ERR_CONFIG, "period \"%s\": expected hour, day, week, month, quarter "
				   "or year", c->period);
	o->h = (int)(c->horizon ? c->horizon : st->fcfg.horizon ? st->fcfg.horizon : horizon[o->period]);
	o->m = (int)(c->season ? c->season : st->fcfg.season ? st->fcfg.season : i40_period_season(o->period));
	o->origins = (int)(c->origins ? c->origins : st->fcfg.origins ? st->fcfg.origins : c->inventory ? 12 : 6);
	o->agg = -1;
	if (c->aggregate) {
		if (i40_agg_parse(c->aggregate, &agg) != 0)
			return i40_err_set(err, I40_ERR_CONFIG, "aggregate \"%s\": expected sum, mean or delta",
					   c->aggregate);
		o->agg = (int)agg;
	}
	if (c->backtest + c->inventory + c->history > 1)
		return i40_err_set(err, I40_ERR_CONFIG, "--backtest, --inventory and --history exclude one another");
	if (c->origins && !c->backtest && !c->inventory)
		return i40_err_set(err, I40_ERR_CONFIG, "--origins needs --backtest or --inventory");
	o->mode = c->backtest ? I40_PANEL_BACKTEST : c->inventory ? I40_PANEL_INVENTORY
		: c->history ? I40_PANEL_HISTORY : I40_PANEL_FORECAST;
	if ((n = i40_fcast_methods(method, list, I40_FC_NMETHODS, err)) < 0)
		return -1;
	if (c->inventory && n > 1)
		return i40_err_set(err, I40_ERR_CONFIG, "--inventory plans with one method, not %s", method);
	if (c->backtest)
		st->meth[o->nmeth++] = I40_FC_AUTO;   /* the default is always scored */
	for (int k = 0; k < n; k++)
		if (!c->backtest || list[k] != I40_FC_AUTO)
			st->meth[o->nmeth++] = list[k];
	o->meth = st->meth;
	o->fcfg = &st->fcfg;
	o->inv = &st->inv;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = (int)(c->jobs ? c->jobs : cpus < 1 ? 1 : cpus > 8 ? 8 : cpus);
	return 0;
}

/* --until: a time in the plant's zone when written without one. */
static int
until(const char *arg, const struct i40_tz *tz, struct i40_panel_opts *o, struct i40_err *err)
{
	struct i40_tparse tp;

	struct i40_err e;

	if (i40_tparse_init(&tp, NULL, tz, &e) != 0 || i40_tparse(&tp, arg, strlen(arg), &o->until, NULL, &e) != 0)
		return i40_err_set(err, I40_ERR_CONFIG, "--until: %s", e.msg);
	o->has_until = 1;
	return 0;
}

static void
flush(void *w)
{
	i40_rec_flush(w);
}

int
main(int argc, char **argv)
{
	struct cmdline c = {0};
	struct settings st = {0};
	struct i40_start s;
	struct i40_diag d;
	struct i40_err err;
	struct i40_rec rec;

	i40_diag_start(&s, &cli, argc, argv, on_opt, &c);
	st.o.plant = s.plant;
	st.o.tz = s.zone;
	if (i40_fcast_config(i40_plant_section(s.plant, "forecast"), &st.fcfg, &err) != 0 ||
	    i40_inventory_config(i40_plant_section(s.plant, "inventory"), &st.inv, &err) != 0)
		i40_die_err(cli.prog, &err);
	if (settings(&c, &st, &err) != 0 || (c.until && until(c.until, st.o.tz, &st.o, &err) != 0))
		i40_die_usage(cli.prog, &err);

	i40_diag_init(&d, cli.prog, &s.common);
	struct i40_rec_opts ro = {.delim = s.common.tsv ? '\t' : ',', .tz = st.o.tz};
	struct i40_rec_writer *w = i40_rec_writer_new(stdout, ro.delim, s.common.precision);
	struct i40_panel *pan = w ? i40_panel_new(&st.o, &err) : NULL;
	struct i40_rec_reader *rd = pan ? i40_rec_open(argv + s.first, (size_t)(argc - s.first), &ro, &err) : NULL;
	if (rd == NULL)
		i40_die_err(cli.prog, &err);
	i40_rec_on_wait(rd, flush, w);
	int rc, stopped = 0;
	while ((rc = i40_rec_next(rd, &rec, &err)) != 0) {
		size_t len;
		if (rc == 1) {
			d.in++;
			if (i40_panel_add(pan, rd, &rec, &err) == 0)
				continue;
			if (err.kind == I40_ERR_NOMEM)
				i40_die_err(cli.prog, &err);
			char msg[sizeof err.msg];
			memcpy(msg, err.msg, sizeof msg);
			i40_err_at(&err, err.kind, rec.file, rec.line, 0, "%s", msg);
		} else if (rc == -2) {
			i40_die_err(cli.prog, &err);
		} else if (rec.row == NULL) {
			i40_diag_problem(&d, &err);   /* an unreadable file */
			continue;
		} else {
			d.in++;
		}
		const char *raw = i40_rec_raw(rd, &rec, &len);
		if (i40_diag_reject(&d, &err, raw, len) != 0) {
			stopped = 1;   /* --strict: a partial history would mislead */
			break;
		}
	}
	if (!stopped && (i40_panel_fit(pan, &err) != 0 || (d.out = i40_panel_write(pan, rd, w, &err)) < 0))
		i40_die_err(cli.prog, &err);

	struct i40_panel_stats ps;
	i40_panel_stats(pan, &ps);
	if (ps.late)
		i40_diag_warn(&d, "%ld records at or after --until %s were left out", ps.late, c.until);
	if (ps.skipped)
		i40_diag_warn(&d, "%ld records of state signals (text) were left out", ps.skipped);
	if (ps.unplanned)
		i40_diag_warn(&d, "%ld item%s without a lead time (not under inventory: items, no defaults) left out",
			      ps.unplanned, ps.unplanned > 1 ? "s" : "");
	if (ps.failed)
		i40_diag_warn(&d, "%ld series left out: more than %d periods long, or out of memory", ps.failed,
			      I40_PERIOD_MAXLEN);
	if (s.common.stats)
		fprintf(stderr, "%s: %ld series, %ld empty values (missing)\n", cli.prog, ps.series, ps.missing);
	i40_rec_close(rd);
	i40_panel_free(pan);
	return i40_diag_finish(&d, &s, w);
}
