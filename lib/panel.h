/* panel.h - the series of a record stream held whole: the engine of
 * i40-forecast.
 *
 * Records are added as they are read: each (asset, signal) series is
 * summed, averaged or differenced into calendar periods (period.h), by
 * the rule the options, the plant file's forecast: section or the
 * signal's kind give.  At the end of the input every series is fitted
 * (fcast.h), on several threads, and the panel writes, through a record
 * writer, one of:
 *   forecasts   H rows a series and method: value (the point forecast),
 *               lo80, hi80, lo95, hi95, method; with history, the
 *               history's rows first (bounds and method empty);
 *   backtest    a row a series and method: value (MASE), method, n
 *               (origins scored), smape, mase, rmsse, bias, cover80,
 *               cover95; then a summary row a method (asset and signal
 *               "*", n = series scored, scores their means);
 *   inventory   a row a demand series with facts (inventory.h): signal
 *               "<signal>.order", value (the order to place now, empty
 *               when the stock is unknown), item_description, stock,
 *               on_order, lead_time, review, service, demand_lt,
 *               sigma_lt, safety_stock, reorder_point, order_qty (the
 *               value again, under the name i40-report reads), eoq,
 *               forecast_method.
 * Input columns other than ts,asset,signal,value pass through after
 * value when every record of a series agrees on them (else empty).
 * Rows are ordered by period, then asset, then signal (then method), so
 * runs on parts of the assets merge (sort -m) into the run on all.
 */
#ifndef I40_PANEL_H
#define I40_PANEL_H

#include <stdint.h>

#include "err.h"
#include "fcast.h"
#include "inventory.h"
#include "period.h"
#include "plant.h"
#include "rec.h"

enum i40_panel_mode { I40_PANEL_FORECAST, I40_PANEL_HISTORY, I40_PANEL_BACKTEST, I40_PANEL_INVENTORY };

struct i40_panel_opts {
	const struct i40_plant *plant;        /* signal kinds; NULL: none known */
	const struct i40_fcast_cfg *fcfg;     /* aggregate: per signal; may be NULL */
	const struct i40_inventory_cfg *inv;  /* stock signal and item facts; may be NULL */
	int agg;                   /* enum i40_agg for every series, or -1: by signal */
	enum i40_period_unit period;
	const struct i40_tz *tz;   /* the calendar's zone; NULL: UTC */
	int m, h, origins;         /* season, horizon, backtest origins */
	const enum i40_fcast_method *meth;    /* methods (the first for inventory) */
	int nmeth;
	enum i40_panel_mode mode;
	int has_until;             /* the history ends before `until` */
	int64_t until;
	int jobs;                  /* threads fitting series (>= 1) */
};

struct i40_panel_stats {
	long series;               /* series seen */
	long skipped;              /* records of state signals (text), not used */
	long missing;              /* records with an empty value (missing) */
	long late;                 /* records at or after --until, not used */
	long unplanned;            /* demand series of items without facts */
	long failed;               /* series left out: longer than I40_PERIOD_MAXLEN
	                              periods to the end, or out of memory */
};

struct i40_panel;

struct i40_panel *i40_panel_new(const struct i40_panel_opts *o, struct i40_err *err);
void i40_panel_free(struct i40_panel *p);

/* Add a record read by rd (its pass-through columns too).  Returns 0;
 * -1 for a bad record (err says why: a value that is not a number,
 * negative demand, out of time order; the caller rejects it), or with
 * I40_ERR_NOMEM. */
int i40_panel_add(struct i40_panel *p, struct i40_rec_reader *rd, const struct i40_rec *rec,
		  struct i40_err *err);

/* Fit every series.  Returns 0, or -1 when out of memory. */
int i40_panel_fit(struct i40_panel *p, struct i40_err *err);

/* Write the header (pass-through names from rd) and every row; returns
 * the rows written, or -1 when out of memory. */
long i40_panel_write(struct i40_panel *p, const struct i40_rec_reader *rd, struct i40_rec_writer *w,
		     struct i40_err *err);

void i40_panel_stats(const struct i40_panel *p, struct i40_panel_stats *st);

#endif
