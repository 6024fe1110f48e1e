/* series.h - numbering the (asset, signal) series of a stream.
 *
 * Every program keeps state per series.  i40_series_id() gives each new
 * (asset, signal) pair the next dense number, in order of first sight, so
 * a program keeps its state in a plain array indexed by it.  Lookups of the
 * series seen last are a compare, not a hash (records come in runs).
 */
#ifndef I40_SERIES_H
#define I40_SERIES_H

#include <stddef.h>

struct i40_series;

struct i40_series *i40_series_new(void);
void i40_series_free(struct i40_series *s);

/* The id of (asset, signal), created when new (*created set to 1).
 * Returns -1 when out of memory. */
long i40_series_id(struct i40_series *s, const char *asset, size_t alen,
		   const char *signal, size_t slen, int *created);
/* The id, or -1 when unknown (never creates). */
long i40_series_find(const struct i40_series *s, const char *asset, size_t alen,
		     const char *signal, size_t slen);

size_t i40_series_count(const struct i40_series *s);
const char *i40_series_asset(const struct i40_series *s, long id);
const char *i40_series_signal(const struct i40_series *s, long id);

/* Ids in (asset, signal) byte order, for output that must not depend on
 * the order series first appeared (partitioned runs merge identically).
 * Fills ids[0..count); returns 0 or -1 when out of memory. */
int i40_series_sorted(const struct i40_series *s, long *ids);

#endif
