/* tm.h - time: read the many ways plants write it, print it one way.
 *
 * An instant is int64_t nanoseconds since 1970-01-01T00:00:00Z.  Output is
 * always UTC ISO 8601, fixed width, ending in Z, so that sorting the text
 * sorts the time.  Input: ISO 8601 (Z, offsets, fractions, 'T' or space),
 * epoch s/ms/us/ns, spreadsheet dates (d/m/y, m/d/y, Excel serial) and
 * strptime-style formats; times without a zone are local time in a time
 * zone (IANA name, read from the system's tzdata) or UTC.
 */
#ifndef I40_TM_H
#define I40_TM_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define I40_NS_PER_SEC 1000000000LL
#define I40_NS_PER_MIN (60LL * I40_NS_PER_SEC)
#define I40_NS_PER_HOUR (3600LL * I40_NS_PER_SEC)
#define I40_NS_PER_DAY (86400LL * I40_NS_PER_SEC)

/* Broken-down civil time (proleptic Gregorian, no zone). */
struct i40_civil {
	int year, month, day;     /* month 1-12, day 1-31 */
	int hour, min, sec;
	long nsec;
};

/* Days since 1970-01-01 of a civil date, and back. */
int64_t i40_days_from_civil(int year, int month, int day);
void i40_civil_from_days(int64_t days, int *year, int *month, int *day);
/* Civil time (as if UTC) to ns and back.  Day of week: 0 = Sunday. */
int64_t i40_civil_to_ns(const struct i40_civil *c);
void i40_ns_to_civil(int64_t ns, struct i40_civil *c);
int i40_weekday(int64_t days);

/* ---- time zones ---- */

struct i40_tz;

/* Load an IANA zone ("Europe/Rome") from $TZDIR or /usr/share/zoneinfo;
 * "UTC" and "Z" need no file.  Returns NULL and fills err when unknown. */
struct i40_tz *i40_tz_load(const char *name, struct i40_err *err);
void i40_tz_free(struct i40_tz *tz);
const char *i40_tz_name(const struct i40_tz *tz);

/* Offset from UTC in seconds (east positive) in force at a UTC instant. */
long i40_tz_offset(const struct i40_tz *tz, int64_t utc_sec);

/* What a local wall-clock time turned out to be. */
enum i40_local_kind {
	I40_LOCAL_OK = 0,
	I40_LOCAL_GAP,        /* skipped by a forward change: read with the
	                         offset before it, so 02:30 -> 03:30 DST */
	I40_LOCAL_REPEATED    /* happens twice: see i40_tz_from_local */
};

/* Local wall-clock seconds (counted as if UTC) to UTC seconds.  A repeated
 * time resolves to the earlier instant, unless `after_utc` (the previous
 * instant of the same stream, or INT64_MIN) is later than it: then to the
 * first instant not before `after_utc`, so a log that runs through the
 * repeated hour in order keeps its order. */
int64_t i40_tz_from_local(const struct i40_tz *tz, int64_t local_sec,
			  int64_t after_utc, enum i40_local_kind *kind);

/* ---- parsing ---- */

enum i40_tfmt {
	I40_TFMT_AUTO = 0,    /* ISO 8601, epoch by magnitude, or d/m/y */
	I40_TFMT_ISO,
	I40_TFMT_EPOCH_S, I40_TFMT_EPOCH_MS, I40_TFMT_EPOCH_US, I40_TFMT_EPOCH_NS,
	I40_TFMT_EXCEL,       /* spreadsheet serial days since 1899-12-30 */
	I40_TFMT_DMY,         /* 31/12/2024 23:59[:59[.f]] (also '.' or '-') */
	I40_TFMT_MDY,         /* 12/31/2024 11:59:59 PM */
	I40_TFMT_PATTERN      /* strptime-style, see i40_tparse_init */
};

/* A time parser: a format, and the zone for times written without one. */
struct i40_tparse {
	enum i40_tfmt fmt;
	char pattern[128];
	const struct i40_tz *tz;   /* NULL: zone-less times are UTC */
	int64_t last_utc;          /* last instant parsed; resolves repeats */
	long gaps, repeats;        /* local times in a DST gap / repeated hour */
	char date_text[10];        /* the last date read by the fast path */
	int64_t date_days;
};

/* spec: NULL or "auto", "iso", "epoch", "epoch_ms", "epoch_us",
 * "epoch_ns", "excel", "dmy", "mdy", or a pattern with %-directives:
 * %Y %m %d %e %H %I %M %S %f (fraction) %p %y %b %B %j %z %Z %s %T %F %%;
 * a space matches any run of blanks.  Returns -1 on a bad spec. */
int i40_tparse_init(struct i40_tparse *tp, const char *spec,
		    const struct i40_tz *tz, struct i40_err *err);

/* Parse s[0..len) into *ns.  *digits (if not NULL) gets the number of
 * fractional-second digits written, so a stream can pick its precision.
 * Returns 0, or -1 with a message saying what was expected. */
int i40_tparse(struct i40_tparse *tp, const char *s, size_t len, int64_t *ns,
	       int *digits, struct i40_err *err);

/* ---- formatting ---- */

/* Fractional digits of output: 0 (seconds), 3, 6 or 9. */
#define I40_TS_MAXLEN 32
/* Write "YYYY-MM-DDTHH:MM:SS[.fff]Z" into buf (>= I40_TS_MAXLEN bytes);
 * returns its length.  Sub-precision parts are truncated toward the past,
 * so a value never moves into the next second. */
size_t i40_tfmt(int64_t ns, int digits, char *buf);

/* Precision (0/3/6/9) that shows `digits` fractional digits without loss. */
int i40_tprec_for_digits(int digits);

/* Durations: "500ms", "10s", "1m", "15min", "1h", "1d", "1w", or
 * combinations "1h30m"; bare numbers are seconds.  Returns 0 or -1. */
int i40_duration_parse(const char *s, int64_t *ns, struct i40_err *err);

#endif
