/* axis.h - where the ticks of a chart axis go, and what they say.
 *
 * Value axes get "nice" ticks (1, 2, 2.5 or 5 times a power of ten) so a
 * reader can interpolate at a glance; time axes get ticks at natural units
 * (seconds ... years) aligned on the plant's local clock and calendar, and
 * labels in local time.  The time zone comes in as an offset function:
 * i40_axis_zone() wraps a zone of tm.h, i40_axis_fixed_offset() a fixed
 * offset (tests), so charts can be drawn in any clock.
 */
#ifndef I40_AXIS_H
#define I40_AXIS_H

#include <stddef.h>
#include <stdint.h>

#define I40_TICKS_MAX 32
#define I40_TICK_LABEL 24

/* Ticks of a value axis: v[0..n), evenly spaced by step. */
struct i40_ticks {
	double lo, hi;          /* axis range; the outer ticks when expanded */
	double step;            /* distance between ticks */
	int n;                  /* number of ticks */
	double v[I40_TICKS_MAX];
	int decimals;           /* digits after the point in labels */
	double scale;           /* labels show v / scale ... */
	const char *suffix;     /* ... followed by this: "", "k", "M", "G" */
};

/* Choose nice ticks covering [lo, hi], as close to `target`
 * (2..I40_TICKS_MAX-2) in number as the steps allow (a tie: fewer).
 * expand != 0 widens the range to the ticks just outside it (value axes
 * of charts); otherwise ticks lie inside [lo, hi].  A flat or empty range
 * is widened around its value.  Returns 0, or -1 when lo or hi is not
 * finite (the struct is then a 0..1 axis). */
int i40_axis_nice(double lo, double hi, int target, int expand, struct i40_ticks *t);

/* Label of value v on axis t ("2.5", "120", "1.5k", "-40"); returns the
 * length written to buf (always NUL-terminated when size > 0). */
size_t i40_axis_label(const struct i40_ticks *t, double v, char *buf, size_t size);

/* Local time: seconds east of UTC in force at a UTC instant.  offset NULL
 * means UTC.  ctx is handed back to offset unchanged. */
struct i40_tzfn {
	long (*offset)(const void *ctx, int64_t utc_sec);
	const void *ctx;
};

/* An offset function for a fixed offset: ctx points to a long (seconds). */
long i40_axis_fixed_offset(const void *ctx, int64_t utc_sec);

struct i40_tz;
/* i40_tz_offset() of tm.h as an offset function: ctx is a struct i40_tz. */
long i40_axis_tz_offset(const void *ctx, int64_t utc_sec);
/* The offset function of a loaded zone (NULL: UTC). */
struct i40_tzfn i40_axis_zone(const struct i40_tz *tz);

/* The natural units of a time axis. */
enum i40_tunit {
	I40_TU_MS, I40_TU_SEC, I40_TU_MIN, I40_TU_HOUR, I40_TU_DAY,
	I40_TU_WEEK, I40_TU_MONTH, I40_TU_YEAR
};

/* Ticks of a time axis.  label is what the tick says ("14:00", "Tue 5",
 * "Mar"); label2, for a second line, gives the wider context when it
 * changes (the date under the first tick of each day, the year under the
 * first month of each year), "" otherwise. */
struct i40_tticks {
	int64_t t0, t1;         /* axis range, ns UTC */
	enum i40_tunit unit;
	int mult;               /* ticks every mult units */
	int n;
	int64_t t[I40_TICKS_MAX];                 /* ns UTC, increasing */
	char label[I40_TICKS_MAX][I40_TICK_LABEL];
	char label2[I40_TICKS_MAX][I40_TICK_LABEL];
};

/* Choose at most `target` (>= 2) ticks for [t0, t1] (ns UTC, t0 < t1) at
 * the finest natural step that keeps within target, aligned on the local
 * clock of tz (NULL: UTC).  Returns 0, or -1 when t1 <= t0. */
int i40_axis_time(int64_t t0, int64_t t1, int target, const struct i40_tzfn *tz,
		  struct i40_tticks *t);

/* Local wall clock of a UTC instant, as ns counted as if UTC. */
int64_t i40_axis_local(const struct i40_tzfn *tz, int64_t utc_ns);

#endif
