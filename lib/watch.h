/* watch.h - watching a record stream: the engine of i40-detect.
 *
 * Every (asset, signal) series gets the detectors its settings ask for
 * (detect.h), an alert state machine, a no-data watch and, with a failure
 * limit, a remaining-life estimate.  Groups of signals of one asset are
 * watched together by Hotelling T^2, and a failure model gives each asset
 * a failure probability; both on vectors aligned by time (see below).
 * The engine writes through a record writer: every input record with its
 * score, alert and reason (plus the records of groups, failure
 * probability and no-data alerts), or, in events mode, one record per
 * alert episode with a sentence a person reads.
 *
 * Alignment of vectors: a vector of an asset holds, for each member
 * signal, its latest value; it is formed when the records of one
 * (asset, time) end (the next record has another asset or another time)
 * and at least one member had a record there, once every member has had
 * a value.  Input sorted by time, then asset, gives one vector per time.
 *
 * The output keeps the input's order (a group's record follows the
 * records of its asset and time), so a run on a part of the assets gives
 * exactly those assets' lines of a run on all of them, when the input is
 * ordered by time and asset.  The no-data watch of a series runs on its
 * asset's clock (the latest time of any of its signals); at the end of
 * the input, on the latest time of the whole input.
 */
#ifndef I40_WATCH_H
#define I40_WATCH_H

#include "detect.h"
#include "err.h"
#include "model.h"
#include "plant.h"
#include "rec.h"

struct i40_watch_opts {
	const struct i40_plant *plant;       /* never NULL (an empty plant) */
	const struct i40_tz *tz;             /* local time of seasonal slots (the plant's if NULL) */
	const struct i40_detect_config *cfg;
	const struct i40_model *model;       /* --model, or NULL */
	int events;                          /* write episodes instead of records */
	double deadman;                      /* factor for every series (0: where the plant or rules say) */
	struct i40_rec_writer *w;
	void (*warn)(void *ctx, const char *msg);   /* things the user should know */
	void *ctx;
};

struct i40_watch_stats {
	long in, out;              /* records read, records written */
	long series;               /* series seen */
	long learning;             /* series still learning at the end */
	long episodes;             /* alert episodes raised (any kind) */
};

struct i40_watch;

struct i40_watch *i40_watch_new(const struct i40_watch_opts *o, struct i40_err *err);
void i40_watch_free(struct i40_watch *w);

/* Quiet: records are learned from but nothing is written or counted as
 * an alert (a baseline file).  Ending it ends every warm-up that has
 * seen enough (at least 2 records) and resets the alert states. */
void i40_watch_quiet(struct i40_watch *w, int quiet);

/* Write the header, taking the pass-through columns from the reader
 * (the input's columns other than ts, asset, signal, value and the ones
 * this engine writes).  Call once, before the first push that writes. */
int i40_watch_header(struct i40_watch *w, struct i40_rec_reader *rd, struct i40_err *err);

/* One record.  0: done.  -1: a bad record (err: why; reject it and go
 * on).  -2: stop (err: out of memory, or a setting that cannot work for
 * this series, kind I40_ERR_CONFIG). */
int i40_watch_push(struct i40_watch *w, struct i40_rec_reader *rd, const struct i40_rec *rec,
		   struct i40_err *err);

/* End of input: the last vectors, no-data at the end, episodes still
 * open; in events mode every episode is written (ordered by start, asset,
 * signal).  Returns 0, or -1 when out of memory. */
int i40_watch_finish(struct i40_watch *w, struct i40_err *err);

void i40_watch_stats(const struct i40_watch *w, struct i40_watch_stats *st);

/* What was learned, for --save-model (m initialised by the caller);
 * series still learning are left out. */
int i40_watch_model(const struct i40_watch *w, struct i40_model *m, struct i40_err *err);

#endif
