/* say.h - the sentence a maintenance engineer reads for an alert episode.
 *
 * "press1 vib_rms rose to 9.2 mm/s, 4.1x its usual variation from 5.3
 * mm/s, for 12 min": what moved, which way, to what, against what, and
 * for how long, in the signal's own unit.  One function per kind of
 * finding would scatter the wording; here every kind is one case.
 */
#ifndef I40_SAY_H
#define I40_SAY_H

#include <stddef.h>
#include <stdint.h>

enum i40_say_kind {
	I40_SAY_LEVEL = 0,    /* the value is far from its usual level */
	I40_SAY_CHANGE,       /* a sudden step */
	I40_SAY_MEAN,         /* a sustained shift of the recent mean */
	I40_SAY_EXTREME,      /* beyond anything in the recent past */
	I40_SAY_LIMIT,        /* beyond a static alarm limit */
	I40_SAY_RATE,         /* rising or falling faster than allowed */
	I40_SAY_CHART,        /* a control chart (method names it) */
	I40_SAY_T2,           /* several signals of an asset together */
	I40_SAY_RUL,          /* heading for the failure limit */
	I40_SAY_PFAIL,        /* failure probability above its threshold */
	I40_SAY_NODATA,       /* the series stopped */
	I40_SAY_SPREAD,       /* it varies more (or less) than ever: noise, or a stuck sensor */
	I40_SAY_DRIFT         /* it stayed beyond its usual range */
};

struct i40_say {
	enum i40_say_kind kind;
	const char *asset, *signal;
	const char *unit;     /* "" or NULL when none */
	const char *method;   /* CHART: "EWMA chart", "CUSUM", ... */
	int dir;              /* +1 up/above, -1 down/below */
	double value;         /* the reading at the peak */
	double usual;         /* the usual level, or the limit crossed */
	double z;             /* how many usual variations (or sigmas) away */
	double stat;          /* RATE: per second; T2: T^2; RUL: hours; PFAIL: probability;
	                         CHANGE, SPREAD: the step, the variation */
	double limit;         /* RATE: per second; T2: its limit; PFAIL: the threshold;
	                         CHANGE, SPREAD: the largest (smallest) remembered */
	double lo, hi;        /* RUL: interval in hours (hi may be infinite) */
	int64_t lead;         /* RUL: lead time; PFAIL: horizon (ns) */
	int64_t expected;     /* NODATA: expected interval (ns) */
	const char *detail;   /* T2: "vib_rms (71%) and temp (20%)" */
	int64_t start, end;   /* the episode (ns) */
	int open;             /* still going at the end of the input */
};

/* The sentence into buf; returns its length. */
size_t i40_say(const struct i40_say *s, char *buf, size_t size);

/* A duration as people say it: "40 s", "12 min", "3 h 20 min", "2 d 4 h". */
size_t i40_say_duration(int64_t ns, char *buf, size_t size);

/* A reading with three significant digits, without exponents for usual
 * magnitudes: 9.2, 1234, 0.0451. */
size_t i40_say_value(double x, char *buf, size_t size);

#endif
