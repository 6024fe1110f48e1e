/* err.h - how lib/ reports a failure without printing or exiting.
 *
 * Library functions return 0 on success and -1 on failure, filling a
 * struct i40_err that the caller (a program in cmd/, or a test) turns
 * into a message.  Only cmd/ prints and exits (see diag.h).
 */
#ifndef I40_ERR_H
#define I40_ERR_H

/* Exit codes shared by every program (documented in i40(7)). */
enum {
	I40_EXIT_OK = 0,        /* success */
	I40_EXIT_DATA = 1,      /* data or I/O problems, after doing what could be done */
	I40_EXIT_USAGE = 2,     /* usage or configuration error */
	I40_EXIT_FINDING = 3    /* a documented finding, e.g. i40-detect --exit-alert */
};

/* What went wrong, for the caller to decide what to do. */
enum i40_err_kind {
	I40_ERR_NONE = 0,
	I40_ERR_DATA,       /* a bad record: report, count, reject, go on */
	I40_ERR_CONFIG,     /* plant file or option value: exit 2 */
	I40_ERR_IO,         /* read/write/open failure: exit 1 */
	I40_ERR_NOMEM       /* allocation failure */
};

struct i40_err {
	enum i40_err_kind kind;
	char file[256];     /* file the problem is in, "" when none */
	long line;          /* 1-based line, 0 when unknown */
	long col;           /* 1-based column, 0 when unknown */
	char msg[512];      /* what is wrong, without file/line prefix */
};

/* Fill err (if not NULL) and return -1, so callers can write
 * `return i40_err_set(err, I40_ERR_DATA, "bad %s", x);` */
int i40_err_set(struct i40_err *err, enum i40_err_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Same, with a position. */
int i40_err_at(struct i40_err *err, enum i40_err_kind kind, const char *file,
	       long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Clear err to I40_ERR_NONE. */
void i40_err_clear(struct i40_err *err);

/* Write "FILE:LINE:COL: msg" (parts that are unknown left out) into buf. */
void i40_err_format(const struct i40_err *err, char *buf, unsigned long size);

#endif
