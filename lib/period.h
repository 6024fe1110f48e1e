/* period.h - "yesterday", "last-week", "2024-10-01..2024-10-31": the
 * stretch of time a report (or any summary) covers.
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

#endif
