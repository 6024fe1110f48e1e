/* win.h - which window(s) a reading falls in: time, sample count, calendar.
 *
 * Time windows are [start, start + len) with starts at offset + k*step
 * (k any integer, ns since the epoch): aligned to the UTC clock when
 * offset is 0, so a 1m window always runs from hh:mm:00 to hh:mm+1:00
 * whatever the first record.  step == len is tumbling, step < len
 * hopping (overlapping), step > len sampling (gaps between windows).
 * A fixed-offset zone aligns hour/day windows to local time with
 * offset = -(UTC offset), e.g. -1h for windows on CET midnights.
 * Zones with daylight saving change their offset twice a year; for them
 * i40_win_calendar() takes a callback (lib/tm's job) that gives the
 * tumbling window around any instant, so a local day can last 23 h or
 * 25 h.
 *
 * Count windows are [k*step, k*step + len), k >= 0, in the 0-based
 * sequence number of the readings of one series (`--samples 1024 --hop 512`).
 *
 * Internally both are cut into panes of gcd(len, step): every window is
 * npanes consecutive panes and a new one starts every stride panes, so a
 * reading updates one pane accumulator and a closing window merges
 * npanes of them (see stream.h).  Pane indices are integers; for
 * calendar windows a pane is a window and its index is its start.
 */
#ifndef I40_WIN_H
#define I40_WIN_H

#include <stdint.h>

#include "err.h"
#include "tm.h"

enum i40_win_kind {
	I40_WIN_TIME,       /* fixed length in ns, aligned to offset */
	I40_WIN_COUNT,      /* fixed number of readings */
	I40_WIN_CALENDAR    /* tumbling, bounds from a callback */
};

/* More panes per window than this is refused: a step like 7s in a 1h
 * window would cost 3600 accumulators per series. */
#define I40_WIN_MAX_PANES 4096

struct i40_win {
	enum i40_win_kind kind;
	int64_t len;        /* window length: ns, or readings */
	int64_t step;       /* distance between window starts: ns, or readings */
	int64_t offset;     /* time: starts at offset + k*step; reduced mod step */
	int64_t pane;       /* gcd(len, step) */
	int64_t npanes;     /* panes per window, len / pane */
	int64_t stride;     /* panes from one window start to the next */
	/* calendar: the window [*start, *end) holding ts; 0 or -1 */
	int (*bounds)(void *ctx, int64_t ts, int64_t *start, int64_t *end);
	void *ctx;          /* passed to bounds */
};

/* Time windows; len, step > 0 (ns).  -1 with I40_ERR_CONFIG when the
 * spec is unusable (non-positive, too many panes). */
int i40_win_time(struct i40_win *w, int64_t len, int64_t step, int64_t offset,
		 struct i40_err *err);
/* Count windows of len readings, a new one every step readings. */
int i40_win_count(struct i40_win *w, int64_t len, int64_t step, struct i40_err *err);
/* Tumbling windows whose bounds come from fn (e.g. local days); fn must
 * return windows that tile the time line: *start <= ts < *end, and the
 * window after [s, e) starts at e. */
int i40_win_calendar(struct i40_win *w,
		     int (*fn)(void *ctx, int64_t ts, int64_t *start, int64_t *end),
		     void *ctx, struct i40_err *err);

/* Tumbling windows aligned to the local wall clock of a zone, for
 * i40_win_calendar(): a window starts whenever the local clock shows a
 * multiple of len since local midnight (len dividing a day: 1h, 8h, 1d)
 * or Monday 00:00 (len 1w), and also at a daylight-saving change that
 * makes the clock jump forward over such a time (the 2h window that
 * would start at 02:00 on a spring-forward night starts at the change).
 * So local days last 23 or 25 hours across the changes, and hours stay
 * hours.  The struct is the callback's context; it caches the last
 * window found. */
struct i40_win_local {
	const struct i40_tz *tz;    /* the zone (outlives the windows) */
	int64_t len;                /* ns */
	int64_t anchor;             /* local time of a window start: 0, or a Monday */
	int64_t cs, ce;             /* cached window [cs, ce), ce == cs: none */
};

/* Set w up as local windows of len ns in tz (ctx holds the state and
 * must outlive w).  -1 with I40_ERR_CONFIG unless len divides a day or
 * is a week. */
int i40_win_local(struct i40_win *w, struct i40_win_local *ctx, const struct i40_tz *tz,
		  int64_t len, struct i40_err *err);
/* The callback itself: the local window [*start, *end) holding ts. */
int i40_win_local_bounds(void *ctx, int64_t ts, int64_t *start, int64_t *end);

/* Pane index of position pos (ts in ns, or sequence number). */
int64_t i40_win_pane_of(const struct i40_win *w, int64_t pos);
/* First position of pane p, and the first position after it. */
int64_t i40_win_pane_start(const struct i40_win *w, int64_t p);
int64_t i40_win_pane_end(const struct i40_win *w, int64_t p);
/* The pane after p. */
int64_t i40_win_pane_next(const struct i40_win *w, int64_t p);
/* 1 when pane p is part of at least one window (always, unless step > len). */
int i40_win_covers(const struct i40_win *w, int64_t p);
/* 1 when some window ends with pane p. */
int i40_win_ends_at(const struct i40_win *w, int64_t p);
/* First pane of the window that ends with pane p. */
int64_t i40_win_first_pane(const struct i40_win *w, int64_t p);
/* The first pane at or after p with which a window ends. */
int64_t i40_win_next_end(const struct i40_win *w, int64_t p);

#endif
