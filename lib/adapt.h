/* adapt.h - the adaptive detector: how rare is a record, measured against
 * the extremes the series itself has reached before.
 *
 * The default method of i40-detect (det.h holds it as I40_DET_ADAPTIVE and
 * learns the cycle it needs; this module is its state).  Each record
 * gives a few parts (its level, its changes, its recent mean and spread,
 * and how long and how far it has stayed beyond its usual range); each
 * part is compared with the highest and lowest values the part reached
 * in the remembered blocks of the series, and the record is an anomaly
 * when a part goes beyond them by more than the tail of those extremes
 * makes likely at probability alpha (see adapt.c).  Memory is fixed at
 * creation: one maximum and one minimum per part and block of 64 records,
 * and, until those are enough for a reference, per block of 8.
 */
#ifndef I40_ADAPT_H
#define I40_ADAPT_H

#include <stdint.h>

#include "err.h"

/* The parts, as bits of i40_adapt_settings.parts and in i40_adapt_out.part. */
enum {
	I40_ADAPT_LEVEL = 0,     /* the value itself (after the cycle, if any) */
	I40_ADAPT_CHANGE,        /* its change from the record before */
	I40_ADAPT_CHANGE4,       /* its change over 4 records */
	I40_ADAPT_MEAN,          /* the mean of the last `mean` records */
	I40_ADAPT_SPREAD,        /* the mean absolute change of the last 16 records */
	I40_ADAPT_DRIFT,         /* how far and how long the level stayed beyond its usual range */
	I40_ADAPT_NPARTS
};

#define I40_ADAPT_BLOCK 64     /* records per block of the memory */
#define I40_ADAPT_MAXBLOCKS 1024
#define I40_ADAPT_MINMEMORY 1000
#define I40_ADAPT_MAXMEMORY (I40_ADAPT_BLOCK * I40_ADAPT_MAXBLOCKS)

struct i40_adapt_settings {
	double alpha;            /* tail probability of a record at the limit */
	long memory;             /* records remembered (a multiple of the block, rounded up) */
	int periods;             /* past cycles in the cyclic baseline (1..20) */
	int mean;                /* records in the mean part (2..64) */
	int parts;               /* bits 1 << I40_ADAPT_* in use (0: all) */
	/* Inner constants, for studies of how much they matter (0: the
	 * default); the plant file does not set them. */
	int block;               /* records per block (I40_ADAPT_BLOCK) */
	int lag;                 /* latest blocks kept out of the reference (4) */
	int ktop;                /* block extremes that fit a tail (8) */
	int spread;              /* records in the spread part (16) */
};

/* The outcome of one record. */
struct i40_adapt_out {
	double e;                /* exceedance: 1 at the limit, 0 inside the remembered range */
	int part;                /* I40_ADAPT_* that gave e, -1 when none */
	double z;                /* signed distance beyond the remembered extreme, in tail scales */
	double value;            /* the part's value (the change, the mean, ...) */
	double extreme;          /* the remembered extreme of that part it went beyond */
	double usual;            /* the usual level at this point (NaN until known) */
};

struct i40_adapt;

/* 0 when the settings are valid; -1 with err filled (a configuration error). */
int i40_adapt_check(const struct i40_adapt_settings *s, struct i40_err *err);

/* A new state for a series with a cycle of period records (0: none) and
 * a sampling step (ns; 0: unknown, cycles then counted in records).
 * NULL with err filled on a bad setting or no memory. */
struct i40_adapt *i40_adapt_new(const struct i40_adapt_settings *s, long period, int64_t step,
				struct i40_err *err);

void i40_adapt_free(struct i40_adapt *a);

/* One record, in time order.  score 0: a warm-up record replayed (the
 * state learns, out is not filled in). */
void i40_adapt_push(struct i40_adapt *a, int64_t ts, double x, int score, struct i40_adapt_out *out);

/* The warm-up replay is over: from now on the latest blocks are kept out
 * of the reference, so that a slow departure is not compared with itself. */
void i40_adapt_warm_done(struct i40_adapt *a);

/* Records of the warm-up worth replaying: what fills the memory. */
long i40_adapt_replay_len(const struct i40_adapt_settings *s, long period);

/* "level", "change", ... */
const char *i40_adapt_part_name(int part);

#endif
