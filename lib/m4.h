/* m4.h - downsampling a series for a chart without losing its extremes.
 *
 * A month of 1-second data is 2.6 million points for a chart 900 pixels
 * wide.  M4 aggregation (Jugel et al., VLDB 2014) keeps, per pixel column,
 * the first, last, minimum and maximum sample: a line drawn through those
 * is indistinguishable from one drawn through all of them, and a one-sample
 * spike is always kept.  Streaming: memory is a few words per column,
 * whatever the length of the input.
 */
#ifndef I40_M4_H
#define I40_M4_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* One pixel column: the four samples that draw it. */
struct i40_m4_col {
	int64_t t_first, t_last, t_min, t_max;
	double first, last, min, max;
	int64_t t_gap;          /* time of the last missing value (NAN) seen */
	uint32_t n;             /* samples in the column */
	unsigned char gap;      /* a missing value was seen: break the line */
};

struct i40_m4 {
	struct i40_m4_col *col;
	size_t ncols;
	int64_t t0;             /* start of column 0, ns UTC */
	int64_t span;           /* ns per column */
	int64_t t1;             /* end of the fixed range (exclusive) */
	int adaptive;           /* range grows with the data */
	int started;            /* adaptive: origin set by the first sample */
	size_t n;               /* samples kept */
	size_t missing;         /* NAN values */
	size_t outside;         /* samples outside the range, not kept */
	double vmin, vmax;      /* extremes of all samples kept */
	int64_t tmin, tmax;     /* first and last time of samples kept */
};

/* Set up ncols (>= 1) columns over [t0, t1) (ns UTC).  With t1 <= t0 the
 * range adapts: it starts at the first sample and doubles the width of the
 * columns (merging neighbours) whenever a sample falls beyond it; samples
 * before the first one are then outside.  Returns 0, or -1 (NOMEM). */
int i40_m4_init(struct i40_m4 *m, size_t ncols, int64_t t0, int64_t t1,
		struct i40_err *err);
void i40_m4_free(struct i40_m4 *m);

/* Add one sample; NAN records a gap in the line. */
void i40_m4_add(struct i40_m4 *m, int64_t t, double v);

/* Largest number of points i40_m4_out() can write. */
size_t i40_m4_cap(const struct i40_m4 *m);

/* The reduced series in time order: per column its first, minimum, maximum
 * and last samples (each once) and a NAN point where a gap was seen.
 * Writes at most cap points into t[] and v[]; returns how many. */
size_t i40_m4_out(const struct i40_m4 *m, int64_t *t, double *v, size_t cap);

#endif
