/* digest.h - what a report needs from record streams, in bounded memory.
 *
 * A report reads whatever the pipeline produced: raw signals, features,
 * detect output (score, alert, reason; or one record per alert episode),
 * OEE figures, forecasts, reorder points.  The digest takes the records
 * one at a time and keeps, per (asset, signal) series, running figures
 * (count, min, max, mean, last, increase of a counter, time in each
 * state), an M4 reduction for its chart, and the few rows that are small
 * by nature (OEE per period, forecast rows, alert episodes, each capped),
 * so memory grows with the number of series and the chart width, never
 * with the length of the input: about 70 KB a numeric series for the
 * first 1024 (and those the report must chart), 6 KB for more.
 *
 * What a record is, is read from its signal name and the columns of its
 * file, by name (detect, OEE and forecast output may add or rename
 * columns; the alternatives accepted are in digest.c and i40-report(1)):
 *
 *   a file with start/end or sentence columns   alert episodes (events)
 *   lo80, hi80, lo95 or hi95 (or method) set    a forecast row
 *   signal oee, availability, ..., loss.X,      OEE figures of a period
 *     pareto.X
 *   any other signal of a file with a period    an OEE figure kept aside
 *     column (i40-oee: calendar_time, ...)        (I40_OEE_AUX)
 *   signal or column stock, reorder_point,      the reorder list
 *     order_qty, safety_stock, on_order           (a row of such a file is
 *                                                 the item's, not a signal)
 *   a file with mase or smape columns           backtest scores
 *   anything else                               a signal (number or state)
 *
 * The period applies to measurements, OEE figures and episodes (those that
 * overlap it); forecast rows, their history and the reorder fields are
 * kept whatever their time, as they describe what comes next.
 *
 * The structures below are read by the report after i40_digest_finish();
 * their fields are not to be changed by the caller.
 */
#ifndef I40_DIGEST_H
#define I40_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "chart.h"
#include "err.h"
#include "m4.h"
#include "plant.h"
#include "rec.h"

enum i40_dg_role {
	I40_DG_SIGNAL = 0,          /* a measurement, feature or state */
	I40_DG_OEE,                 /* a figure of i40-oee, one value per period */
	I40_DG_FORECAST,            /* a series with forecast rows */
	I40_DG_INVENTORY            /* stock, reorder point, order quantity */
};

/* OEE figures known by name (signal = the name). */
enum i40_oee_metric {
	I40_OEE_OEE = 0, I40_OEE_AVAILABILITY, I40_OEE_PERFORMANCE, I40_OEE_QUALITY,
	I40_OEE_TEEP, I40_OEE_MTBF, I40_OEE_MTTR, I40_OEE_SCRAP_RATE,
	I40_OEE_PLANNED, I40_OEE_RUN,
	I40_OEE_NMETRIC,
	I40_OEE_LOSS = 100,         /* loss.<name>: one of the six big losses */
	I40_OEE_PARETO,             /* pareto.<reason>: downtime by reason */
	I40_OEE_AUX                 /* any other figure of a file with a period
	                               column (calendar_time, stops, target.oee,
	                               ...): kept as "period.<name>", sub = name */
};

/* Fields of the reorder list (signal = the name, or a column). */
enum i40_inv_field {
	I40_INV_STOCK = 0, I40_INV_REORDER, I40_INV_ORDER_QTY, I40_INV_SAFETY,
	I40_INV_ON_ORDER,
	I40_INV_NFIELD
};

#define I40_DG_MAXSTATES 12         /* states timed per series; more go to "other" */

struct i40_dg_state {
	char name[32];
	int64_t ns;                 /* time spent in the state */
	long n;                     /* records */
};

struct i40_dg_point {               /* a value of a period (OEE) */
	int64_t t;
	double v;
};

struct i40_dg_fc {                  /* a forecast row */
	int64_t t;
	double mean, lo80, hi80, lo95, hi95;
};

struct i40_dg_series {
	long id;                    /* index in i40_digest.series */
	const char *asset, *signal;
	enum i40_dg_role role;
	int metric;                 /* I40_OEE_* or I40_INV_*, by role */
	const char *sub;            /* loss./pareto.: the name after the dot */
	enum i40_sigkind kind;      /* from the plant (features: of the base signal) */
	int defined;                /* the plant file defines the signal */
	char unit[24];              /* the unit column, else the plant's; "" */
	double lo, hi;              /* the plant's alarm limits; NAN: none */
	int64_t interval;           /* the plant's sample interval (ns); 0 */
	long n;                     /* records in the period */
	long nnum, ntext, nempty;   /* numbers, text values, empty values */
	double min, max, sum;       /* of the numbers */
	double first, last;         /* first and last number */
	double rise;                /* increase, counting up from each reset */
	int64_t t_first, t_last;    /* of any record */
	long above, below;          /* numbers above hi, below lo */
	char last_text[32];         /* last text value (a state) */
	struct i40_dg_state states[I40_DG_MAXSTATES];
	int nstates;
	int cur_state;              /* index of the state in force, -1 */
	int64_t t_state;            /* since when */
	struct i40_m4 m4;           /* chart reduction (numbers only) */
	int has_m4;
	/* from i40-detect */
	int has_score;
	double score_max;
	long alert_records;         /* records with alert = 1 */
	long open_ep;               /* derived episode being built, -1 */
	int has_events;             /* episodes came as event records */
	double rul, rul_lo, rul_hi; /* latest remaining useful life (h) */
	double p_fail;              /* latest failure probability */
	/* OEE: value of each period; forecast rows */
	struct i40_dg_point *pts;
	size_t npts, cappts;
	struct i40_dg_fc *fc;
	size_t nfc, capfc;
	char method[64];            /* forecast method */
	long dropped;               /* rows beyond the caps */
	int64_t last_ts;            /* for the order check */
};

/* One alert episode: from an event record, or from a run of alert = 1. */
struct i40_dg_episode {
	long series;
	int64_t start, end;         /* end: last record in alert */
	int open;                   /* still active when the input ended */
	int from_event;
	enum i40_level level;       /* I40_LVL_WARN or I40_LVL_ALARM */
	int64_t peak_ts;            /* INT64_MIN: unknown */
	double peak;                /* highest score; NAN: unknown */
	double peak_value;          /* the signal's value at the peak; NAN */
	double rul, rul_lo, rul_hi, p_fail;   /* NAN when not given */
	char severity[24];
	char rule[48];
	char text[256];             /* the sentence, or the detector's reason */
};

struct i40_digest_opts {
	int64_t from, to;           /* the period [from, to); from >= to: all */
	const struct i40_plant *plant;   /* units and limits; may be NULL */
	const struct i40_tz *tz;    /* zone of start/end times without one */
	size_t chart_cols;          /* M4 columns a series (0: 800) */
	size_t full_series;         /* series with chart_cols columns (0: 1024);
	                               others get 64, enough for sparklines */
	/* Series that must be charted at full resolution whatever the
	 * budget (the report's listed signals); may be NULL. */
	int (*wanted)(const void *ctx, const char *asset, const char *signal);
	const void *wanted_ctx;
	size_t max_episodes;        /* kept (0: 5000) */
	size_t max_points;          /* OEE periods and forecast rows a series (0: 5000) */
};

/* A row of i40-forecast --backtest (asset "*": the mean over series). */
struct i40_dg_backtest {
	char asset[32], signal[32], method[64];
	double n, smape, mase, rmsse, cover95;
};

struct i40_digest_cols;

struct i40_digest {
	struct i40_digest_opts opt;
	struct i40_dg_series **series;   /* in order of first sight */
	size_t nseries;
	struct i40_dg_episode *ep;
	size_t nep;
	long ep_dropped;            /* episodes beyond the cap */
	struct i40_dg_backtest *bt; /* backtest rows, at most max_points */
	size_t nbt;
	long records;               /* records given */
	long used;                  /* inside the period */
	long outside;               /* outside the period, skipped */
	long events;                /* event records */
	int detect;                 /* a file had detect output (score, alert, episodes) */
	int64_t t_min, t_max;       /* of the records used (not forecasts) */
	/* private */
	struct i40_series *ids;
	size_t capseries, capep, capbt;
	size_t nfull;               /* series charted at full resolution */
	struct i40_digest_cols *cols;
	struct i40_tparse tp;
};

struct i40_digest *i40_digest_new(const struct i40_digest_opts *opt, struct i40_err *err);
void i40_digest_free(struct i40_digest *d);

/* The columns of the reader's current file: call after i40_rec_ready()
 * and whenever a new file starts (one reader per file). */
int i40_digest_bind(struct i40_digest *d, struct i40_rec_reader *rd, struct i40_err *err);

/* One record.  Returns 0; -1 for a bad record (I40_ERR_DATA: out of time
 * order in its series, a start/end that is not a time), to be rejected;
 * -2 when out of memory. */
int i40_digest_add(struct i40_digest *d, struct i40_rec_reader *rd, const struct i40_rec *rec,
		   struct i40_err *err);

/* End of input: episodes still active are closed as open. */
void i40_digest_finish(struct i40_digest *d);

/* The series (asset, signal), or NULL. */
const struct i40_dg_series *i40_digest_find(const struct i40_digest *d, const char *asset,
					    const char *signal);

/* Series indexes sorted by (asset, signal) bytes, for output that does
 * not depend on input order.  Fills idx[0..nseries); -1 on no memory. */
int i40_digest_sorted(const struct i40_digest *d, long *idx);

/* A sparkline of s over [t0, t1) in n cells from its M4 columns: each cell
 * the extreme (min or max) farther from the series mean; a cell between
 * samples less than five sample intervals apart repeats the value before
 * it, other cells without a value are NAN (a gap).  Returns the number of
 * cells that hold samples. */
size_t i40_digest_spark(const struct i40_dg_series *s, int64_t t0, int64_t t1, double *out,
			size_t n);

/* The reduced points of s for a chart (M4 output); *t and *v are
 * allocated (free both); returns the count, or -1 on no memory. */
long i40_digest_points(const struct i40_dg_series *s, int64_t **t, double **v);

/* OEE metric or inventory field of a signal name, and back. */
int i40_oee_metric(const char *signal, const char **sub);
const char *i40_oee_metric_name(int metric);
int i40_inv_field(const char *name);
const char *i40_inv_field_name(int field);

#endif
