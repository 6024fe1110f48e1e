/* atomic.h - write a file so that readers see the old one or the new one,
 * never half of either.
 *
 * A report written by cron at 6:00 may be served, mailed or opened while
 * it is being written; a full disk must not leave yesterday's good report
 * replaced by a truncated one.  The text goes to a temporary file in the
 * same directory (so rename(2) cannot cross file systems), which is
 * flushed to disk and renamed over the target only when complete.
 */
#ifndef I40_ATOMIC_H
#define I40_ATOMIC_H

#include <stdio.h>

#include "err.h"

struct i40_atomic {
	char *path;                 /* the target */
	char *tmp;                  /* the temporary file beside it */
	FILE *f;
};

/* Create the temporary file for path; returns its stream, or NULL
 * (I40_ERR_IO: the directory is not writable, ...). */
FILE *i40_atomic_open(struct i40_atomic *a, const char *path, struct i40_err *err);

/* Flush, sync and close the temporary file, give it the permissions a
 * new file would get (umask), and rename it over the target.  On any
 * failure the temporary file is removed, the target is left as it was,
 * and -1 is returned (I40_ERR_IO). */
int i40_atomic_commit(struct i40_atomic *a, struct i40_err *err);

/* Give up: close and remove the temporary file. */
void i40_atomic_abort(struct i40_atomic *a);

#endif
