/* period.h - the plant's calendar: the stretch of time a report covers
 * ("yesterday", "last-week", "2024-10-01..2024-10-31"), and the periods
 * (hours to years) a series is summed into for forecasting.
 *
 * Reports run from cron: "yesterday" must mean the plant's yesterday,
 * midnight to midnight on the local clock, 23 or 25 hours long across a
 * daylight-saving change, not the last 24 hours in UTC.  Weeks start on
 * Monday (ISO 8601).
 */
#ifndef I40_PERIOD_H
#define I40_PERIOD_H

#include <stdint.h>

#include "err.h"
#include "tm.h"

/* Parse spec into [*from, *to) (ns UTC), relative to the instant now, on
 * the local clock of tz (NULL: UTC):
 *
 *   today, yesterday              the local calendar day
 *   this-week, last-week          Monday 00:00 to Monday 00:00
 *   this-month, last-month        the 1st 00:00 to the next 1st
 *   last-DUR                      the DUR before now: last-24h, last-7d
 *   FROM..TO                      times as i40(7) reads them (local when
 *                                 written without a zone); a bare date
 *                                 FROM is its midnight, a bare date TO
 *                                 includes that day; either may be left
 *                                 out (open end: INT64_MIN / INT64_MAX)
 *
 * Returns 0, or -1 (I40_ERR_CONFIG) with a message saying what is
 * accepted. */
int i40_period_parse(const char *spec, int64_t now, const struct i40_tz *tz,
		     int64_t *from, int64_t *to, struct i40_err *err);

/* The local calendar day of instant t: days since 1970-01-01. */
int64_t i40_period_day(int64_t t, const struct i40_tz *tz);

/* Local midnight (ns UTC) that starts the day `days` days after the
 * local day of t (0: that day, -1: the day before). */
int64_t i40_period_midnight(int64_t t, int days, const struct i40_tz *tz);

/* ---- calendar periods of a forecast ----
 *
 * Forecasting needs equally spaced values: one per hour, day, week
 * (ISO: weeks start on Monday), month, quarter or year, as the plant's
 * calendar counts them, so that a day is a local day even across a
 * daylight-saving change.  A period is named by an integer index that
 * grows by one from each period to the next; i40_period_start() gives
 * its first instant in UTC.
 */

enum i40_period_unit {
	I40_PERIOD_HOUR, I40_PERIOD_DAY, I40_PERIOD_WEEK, I40_PERIOD_MONTH,
	I40_PERIOD_QUARTER, I40_PERIOD_YEAR
};

/* "hour", "day", "week", "month", "quarter", "year"; -1 when unknown. */
int i40_period_unit_parse(const char *s, enum i40_period_unit *p);
const char *i40_period_unit_name(enum i40_period_unit p);

/* The season length a period suggests: 24, 7, 52, 12, 4, 1. */
int i40_period_season(enum i40_period_unit p);

/* Nominal length in seconds (a month is 365.2425 / 12 days), to turn
 * durations such as lead times into periods. */
double i40_period_seconds(enum i40_period_unit p);

/* Index of the period holding the instant ns (UTC), counted in tz (NULL:
 * UTC).  Hours follow the zone's offset within the hour (India's :30);
 * days, weeks, months, quarters and years its local calendar. */
int64_t i40_period_index(enum i40_period_unit p, const struct i40_tz *tz, int64_t ns);

/* First instant (UTC ns) of the period with that index. */
int64_t i40_period_start(enum i40_period_unit p, const struct i40_tz *tz, int64_t index);

/* ---- a series in periods ---- */

/* How the records of one period make its value. */
enum i40_agg {
	I40_AGG_SUM,      /* demand, transactions: the sum; no record is 0 */
	I40_AGG_MEAN,     /* measurements (gauges): the mean; no record is a gap */
	I40_AGG_DELTA     /* cumulative counters: the increase (resets as
	                     counter.h); no reading is 0 */
};

/* "sum", "mean", "delta"; -1 when unknown. */
int i40_agg_parse(const char *s, enum i40_agg *a);
const char *i40_agg_name(enum i40_agg a);

/* Longest series held, in periods (about 114 years of hours). */
#define I40_PERIOD_MAXLEN 1000000

/* One series; zero it, set agg, then add records in time order. */
struct i40_period_series {
	enum i40_agg agg;
	int64_t first;          /* index of the first period held */
	int n, cap;             /* periods held and allocated */
	double *sum;            /* sum of values (increments) per period */
	int *count;             /* records per period */
	int64_t last_ts;        /* time of the last record */
	double last;            /* last reading (delta) */
	long records;           /* records added */
};

/* Add the record (ts, v) falling in period `period` (its index).
 * Returns 0, or -1 (a data error in err: the caller rejects the record)
 * when ts is before the last record's time, v is negative demand (sum),
 * or the series would grow beyond I40_PERIOD_MAXLEN periods.  -1 with
 * I40_ERR_NOMEM when out of memory. */
int i40_period_add(struct i40_period_series *s, int64_t ts, int64_t period, double v,
		   struct i40_err *err);

/* The values of periods first .. first + len - 1 into y (len may run past
 * the last record: those periods have no record).  A period without
 * records is 0 (sum, delta) or NAN (mean). */
void i40_period_values(const struct i40_period_series *s, int len, double *y);

void i40_period_series_free(struct i40_period_series *s);

#endif
