/* influx.h - one line of InfluxDB line protocol, as Telegraf writes it:
 *
 *   measurement[,tag=value...] field=value[,field=value...] [timestamp]
 *
 * Backslash escapes commas, spaces and '=' in names; string fields are
 * double-quoted with \" and \\ inside; integers end in i, unsigned in u;
 * booleans are t, true, f, false (any case of the first letter, or all).
 * The line is unescaped in place: keys and values point into it.
 */
#ifndef I40_INFLUX_H
#define I40_INFLUX_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define I40_INFLUX_MAX 256   /* tags or fields per line */

struct i40_influx_kv {
	char *key, *val;
	size_t klen, vlen;
	char type;               /* fields: 'f' float, 'i' int, 'u' unsigned, 's' string, 'b' bool */
};

struct i40_influx_line {
	char *meas;
	size_t mlen;
	struct i40_influx_kv tag[I40_INFLUX_MAX], field[I40_INFLUX_MAX];
	size_t ntag, nfield;
	int has_ts;
	int64_t ts;              /* as written, in the writer's precision */
};

/* Parse line[0..len) (modified in place).  Returns 1, 0 for a blank or
 * comment line, -1 with a message naming the column of the problem. */
int i40_influx_parse(char *line, size_t len, struct i40_influx_line *out, struct i40_err *err);

#endif
