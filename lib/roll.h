/* roll.h - order statistics over a sliding window of the last n values.
 *
 * The window keeps its values twice: in arrival order (a ring, to know
 * which value leaves) and sorted (to answer median, quantiles, MAD and
 * ranks).  A push costs one binary search plus one memmove of at most n
 * doubles; median and quantiles are O(1), MAD and rank O(log n).  For the
 * window lengths of a detector (10^2..10^4) the memmove of contiguous
 * memory is faster than any pointer-based balanced tree, and the memory is
 * exactly 2n doubles, fixed at creation (a batched window, see below,
 * trades exactness at every push for speed).
 */
#ifndef I40_ROLL_H
#define I40_ROLL_H

#include <stddef.h>

#include "err.h"

struct i40_roll;

/* A window that holds the last cap values (cap >= 1). NULL on failure. */
struct i40_roll *i40_roll_new(size_t cap, struct i40_err *err);

/* The same, with the order statistics brought up to date every batch
 * pushes (and more often while the window is filling): each merge is one
 * linear pass, so a push costs O(cap / batch).  Statistics, counts and
 * ranks describe the window as of the last merge. */
struct i40_roll *i40_roll_new_batched(size_t cap, size_t batch, struct i40_err *err);

/* Free the window (NULL is fine). */
void i40_roll_free(struct i40_roll *r);

/* Batched: merge now, so the statistics describe every value pushed. */
void i40_roll_sync(struct i40_roll *r);

/* Forget every value, keep the capacity. */
void i40_roll_clear(struct i40_roll *r);

/* Add x (NaN is ignored); the oldest value leaves when the window is full. */
void i40_roll_push(struct i40_roll *r, double x);

/* Number of values held (<= capacity; batched: as of the last merge). */
size_t i40_roll_count(const struct i40_roll *r);

/* Capacity given at creation. */
size_t i40_roll_cap(const struct i40_roll *r);

/* Median of the values held; NaN when empty. */
double i40_roll_median(const struct i40_roll *r);

/* Quantile p in [0,1], linear interpolation between order statistics
 * (R's type 7); NaN when empty. */
double i40_roll_quantile(const struct i40_roll *r, double p);

/* Median absolute deviation from the median, unscaled (multiply by
 * 1.4826 for a normal sigma); NaN when empty. */
double i40_roll_mad(const struct i40_roll *r);

/* Fraction of the values held that are < x, plus half of those == x
 * (the mid-rank); NaN when empty. */
double i40_roll_rank(const struct i40_roll *r, double x);

/* Minimum and maximum held; NaN when empty. */
double i40_roll_min(const struct i40_roll *r);
double i40_roll_max(const struct i40_roll *r);

/* The i-th oldest value held (0 = oldest); NaN when out of range. */
double i40_roll_at(const struct i40_roll *r, size_t i);

#endif
