/* cal.h - the shift calendar: when production is planned, in local time.
 *
 * OEE divides by the time production was planned, so the calendar must be
 * right on the days that are not ordinary: a night shift that crosses
 * midnight, the Sunday of a daylight-saving change (a day of 23 or 25
 * hours, a night shift of 7 or 9), breaks, weekends, holidays and planned
 * stops such as a summer shutdown.  Shifts, breaks and holidays are written
 * in the plant's local time (the oee.calendar section of i40-plant(5)) and
 * turned into UTC instants here, through the zone rules of lib/tm.
 *
 * The calendar answers one question, "what is planned at instant t for
 * this asset, and until when does that hold?" (i40_cal_at), so a caller
 * walks time forward segment by segment and never holds a year of shifts.
 * The periods of a report (day, ISO week, month, shift) are cut here too.
 */
#ifndef I40_CAL_H
#define I40_CAL_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "err.h"
#include "tm.h"

/* What the calendar plans at an instant. */
enum i40_cal_kind {
	I40_CAL_OFF = 0,     /* no shift: not planned operation time */
	I40_CAL_WORK,        /* in a shift: planned busy time */
	I40_CAL_BREAK        /* in a shift, but a break or planned stop: planned down time */
};

struct i40_cal_seg {
	enum i40_cal_kind kind;
	int64_t end;             /* the kind (and shift) hold from the instant asked up to here */
	int shift;               /* index of the shift holding the instant, -1 when OFF */
	int64_t shift_start;     /* that shift instance, UTC ns */
	int64_t shift_end;
	int64_t shift_day;       /* its local start date, days since 1970-01-01 */
};

struct i40_cal;

/* Build the calendar from the oee.calendar node (NULL: every hour of
 * every day is planned) with local times in tz (NULL: UTC; the zone must
 * outlive the calendar).  Returns NULL with a positioned error. */
struct i40_cal *i40_cal_new(const struct i40_node *node, const struct i40_tz *tz, struct i40_err *err);
void i40_cal_free(struct i40_cal *cal);

/* What is planned for asset at instant t (ns, UTC). */
void i40_cal_at(const struct i40_cal *cal, const char *asset, int64_t t, struct i40_cal_seg *seg);

size_t i40_cal_nshifts(const struct i40_cal *cal);
const char *i40_cal_shift_name(const struct i40_cal *cal, int shift);

/* ---- periods ---- */

enum i40_by { I40_BY_SHIFT = 0, I40_BY_DAY, I40_BY_WEEK, I40_BY_MONTH };

/* "shift", "day", "week", "month"; returns 0 or -1. */
int i40_by_parse(const char *s, enum i40_by *by);
const char *i40_by_name(enum i40_by by);

#define I40_CAL_LABEL_MAX 48

/* The local day, ISO week (Monday to Monday) or month holding instant t
 * in zone tz: [*start, *end) in UTC ns and a label ("2024-10-27",
 * "2024-W43", "2024-10").  Not for I40_BY_SHIFT (see i40_cal_shift_label). */
void i40_cal_period(const struct i40_tz *tz, enum i40_by by, int64_t t, int64_t *start, int64_t *end,
		    char *label);
/* "2024-10-27/A": the shift's name after its local start date. */
void i40_cal_shift_label(const struct i40_cal *cal, const struct i40_cal_seg *seg, char *label);

/* A time given by a user: "today" or "yesterday" (local midnight of the
 * day of `now`, or the day before), or a date or ISO 8601 time (local in
 * tz unless it names its zone).  Returns 0, or -1 with err filled. */
int i40_cal_when(const char *s, const struct i40_tz *tz, int64_t now, int64_t *ns, struct i40_err *err);

/* Local date (days since 1970-01-01) of instant t in zone tz. */
int64_t i40_cal_local_day(const struct i40_tz *tz, int64_t t);
/* UTC ns of local midnight starting local date day (a midnight that a
 * daylight-saving change skips is the first instant of that date). */
int64_t i40_cal_midnight(const struct i40_tz *tz, int64_t day);

#endif
