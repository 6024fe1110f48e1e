/* diag.h - what a program tells its user, and how it ends (cmd/ only).
 *
 * design.md §4: messages on stderr as "i40-X: FILE:LINE: what is wrong";
 * a bad record is reported, counted, written verbatim with its reason to
 * the --rejects file, and --strict stops at the first.  The exit status
 * is the worst seen: 1 for data or I/O problems, 2 for usage or
 * configuration errors.  lib/ never calls these; cmd/ does.
 */
#ifndef I40_DIAG_H
#define I40_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "err.h"

/* At most this many problems are printed; the rest are counted. */
#define I40_DIAG_MAX_SHOWN 100

struct i40_diag {
	const char *prog;
	FILE *rejects;
	const char *rejects_path;
	struct i40_rec_writer *rw;
	int strict;
	long in, out, rejected;     /* record counts for --stats */
	long shown, hidden;         /* problem messages printed / not printed */
	int status;                 /* worst exit status so far */
};

/* Set up from the shared options; opens the rejects file (exit 2 on
 * failure). */
void i40_diag_init(struct i40_diag *d, const char *prog, const struct i40_common *c);

/* Print "prog: msg" and exit with status. */
void i40_die(const char *prog, int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));
/* Print err ("prog: FILE:LINE: msg") and exit: 2 for config errors, else 1. */
void i40_die_err(const char *prog, const struct i40_err *err) __attribute__((noreturn));

/* A problem that is not a rejected record (an unreadable file, an
 * unknown column): printed (within the cap), status 1 (2 for config). */
void i40_diag_problem(struct i40_diag *d, const struct i40_err *err);
/* A warning: printed (within the cap), status unchanged. */
void i40_diag_warn(struct i40_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A bad record: message, rejects file (record text + reason), count,
 * status 1.  Returns 0 to go on, -1 when --strict says stop. */
int i40_diag_reject(struct i40_diag *d, const struct i40_err *err, const char *raw, size_t rawlen);

/* End of run: the count of hidden messages, --stats, close the rejects
 * file.  Returns the exit status. */
int i40_diag_end(struct i40_diag *d, int stats);

struct i40_rec_writer;
struct i40_plant;
struct i40_tz;

/* What every program sets up from its command line before it reads. */
struct i40_start {
	struct i40_common common;   /* the shared options */
	struct i40_plant *plant;    /* -c FILE, or the defaults */
	struct i40_tz *tz;          /* --tz, NULL without it */
	const struct i40_tz *zone;  /* --tz, else the plant's zone */
	int first;                  /* argv index of the first operand */
};

/* Print a usage error with the --help hint and exit 2. */
void i40_die_usage(const char *prog, const struct i40_err *err) __attribute__((noreturn));

/* Parse the options (exit 0 once --help, --version or --list-options is
 * answered; exit 2 on a usage error), then load the plant file and --tz
 * (exit on failure, as i40_die_err). */
void i40_diag_start(struct i40_start *s, const struct i40_cli *cli, int argc, char **argv,
		    i40_opt_fn *on_opt, void *ctx);
/* Free what i40_diag_start loaded. */
void i40_diag_start_free(struct i40_start *s);

/* Free the writer of stdout (flushing it, w may be NULL) and close stdout,
 * checking for late write errors (a full disk): one message, status 1. */
void i40_diag_close_stdout(struct i40_diag *d, struct i40_rec_writer *w);

/* The end of a program: close stdout (freeing w), i40_diag_end, free s.
 * Returns the exit status. */
int i40_diag_finish(struct i40_diag *d, struct i40_start *s, struct i40_rec_writer *w);

#endif
