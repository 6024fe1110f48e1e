/* extract.h - windowed features of every series of a record stream.
 *
 * The engine of i40-features: records go in one at a time; each
 * (asset, signal) gets its window stream (stream.h) with the settings
 * fconf.h resolves for it, correlation pairs get a struct i40_cross, and
 * the rows of closed windows come out through a struct i40_rec_writer,
 * long (ts,asset,signal,value,...,count,coverage,partial) or wide.
 *
 * Output order does not depend on which assets are in the input: rows
 * are written in order of (ts, asset, signal, feature), so runs over a
 * partition of the assets merge (sort -m) into the whole run.  To know
 * when a window end can be written for every series, the engine keeps
 * the stream's clock (the latest ts read) and treats the input as in time
 * order across series up to a lateness: when clock - lateness passes a
 * window end, every series closes its windows up to there (a state holds
 * until then), the rows are sorted and written, and a later record for
 * such a window is late (an I40_ERR_DATA error naming it: reject it).
 */
#ifndef I40_EXTRACT_H
#define I40_EXTRACT_H

#include "err.h"
#include "fconf.h"
#include "plant.h"
#include "rec.h"

struct i40_extract;

struct i40_extract_counts {
	long in;            /* records given to i40_extract_add */
	long rows;          /* rows written */
	long windows;       /* windows closed (series and pairs) */
	long partial;       /* of which partial */
	long skipped;       /* partial windows not written (skip_partial) */
	long no_column;     /* wide: values whose column was not in the header */
	long incomplete;    /* sample windows at the end of a series with fewer
			       than N readings: not written */
};

/* A warning about a series' settings (once per series and kind of
 * problem): "m1/vib: env_bpfi needs fault frequencies ...". */
typedef void i40_extract_warn_fn(void *ctx, const char *msg);

/* c, plant, tz (zone of --align local), rd and w must outlive the engine.
 * The header is written with the first rows (or at finish). */
struct i40_extract *i40_extract_new(const struct i40_fconf *c, const struct i40_plant *plant,
				    const struct i40_tz *tz, struct i40_rec_reader *rd,
				    struct i40_rec_writer *w, i40_extract_warn_fn *warn,
				    void *warn_ctx, struct i40_err *err);
void i40_extract_free(struct i40_extract *x);

/* One record.  0: used.  -1: err says why; I40_ERR_DATA is a bad record
 * (late, out of order, not a number) with its file and line, to be
 * rejected and gone on from; other kinds are fatal. */
int i40_extract_add(struct i40_extract *x, const struct i40_rec *r, struct i40_err *err);
/* End of input: every window with data is written. */
int i40_extract_finish(struct i40_extract *x, struct i40_err *err);

void i40_extract_counts(const struct i40_extract *x, struct i40_extract_counts *out);

#endif
