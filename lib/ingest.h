/* ingest.h - from the messy world to records (the engine of i40-ingest).
 *
 * One object reads any number of inputs, each in the format of its source
 * (long, wide, regex, influx, mqtt), and writes one long stream
 * ts,asset,signal,value,unit (+ the extra columns of long input).  Every
 * value goes through the same steps: mapping (rename, scale, offset),
 * plant lookup (unit, kind, valid range, strict), number or state check.
 * Each candidate record ends up written or rejected: in = out + rejected.
 */
#ifndef I40_INGEST_H
#define I40_INGEST_H

#include <stdint.h>

#include "err.h"
#include "plant.h"
#include "rec.h"

/* How the engine reports a bad record: return 0 to go on, -1 to stop. */
typedef int i40_reject_fn(void *ctx, const struct i40_err *err, const char *raw, size_t rawlen);
/* A remark that is not a rejected record (an unmapped column...). */
typedef void i40_warn_fn(void *ctx, const struct i40_err *err);

struct i40_ingest_stats {
	long in, out, rejected;
	long empty;        /* wide: empty cells (missing values, not records) */
	long gaps, repeats;   /* local times in a DST gap / repeated hour */
};

struct i40_ingest;

/* plant may have no assets; tz (may be NULL) overrides the zone of
 * zone-less times for every source.  The header is written before the
 * first record (or at i40_ingest_finish for empty input). */
struct i40_ingest *i40_ingest_new(const struct i40_plant *plant, const struct i40_tz *tz,
				  struct i40_rec_writer *w, i40_reject_fn *reject, i40_warn_fn *warn,
				  void *ctx, struct i40_err *err);

/* Read one input ("-" is stdin) as src says.  Returns 0 when done (bad
 * records were reported through reject), -1 when the input could not be
 * read at all or the source is unusable (err), -2 when reject said stop. */
int i40_ingest_run(struct i40_ingest *in, const struct i40_source *src, const char *path,
		   struct i40_err *err);

/* Write the header if no input had one; returns the writer status. */
int i40_ingest_finish(struct i40_ingest *in);
void i40_ingest_stats(const struct i40_ingest *in, struct i40_ingest_stats *st);
void i40_ingest_free(struct i40_ingest *in);

/* Default MQTT topic pattern: the last two levels are asset and signal. */
#define I40_MQTT_TOPIC "(?<asset>[^/]+)/(?<signal>[^/]+)$"

#endif
