/* cli.h - one option table per program: parsing, --help, completions.
 *
 * A program lists its options once (struct i40_opt); i40_cli_parse() adds
 * the options every program shares (design.md §4), runs getopt_long, and
 * prints --help from the same table, so help, man page checks
 * (tests/check-docs.sh) and shell completion (--list-options) never drift.
 */
#ifndef I40_CLI_H
#define I40_CLI_H

#include <stdio.h>

#include "err.h"

struct i40_opt {
	int id;              /* the short letter, or >= 256 for a long-only option */
	const char *name;    /* long name */
	const char *arg;     /* placeholder of the argument ("DUR"), NULL for a flag */
	const char *help;    /* one line */
};

/* Which shared options a program takes (all take -h, -V, --list-options). */
enum {
	I40_CLI_CONFIG = 1,      /* -c, --config FILE */
	I40_CLI_TSV = 2,         /* --tsv */
	I40_CLI_REJECTS = 4,     /* --rejects FILE, --strict */
	I40_CLI_TZ = 8,          /* --tz ZONE */
	I40_CLI_STATS = 16,      /* --stats */
	I40_CLI_PRECISION = 32,  /* --precision s|ms|us|ns|auto */
	I40_CLI_ALL = 63
};

struct i40_common {
	const char *config;
	int tsv;
	const char *rejects;
	int strict;
	const char *tz;
	int stats;
	int precision;           /* -1: auto */
};

struct i40_cli {
	const char *prog;        /* "i40-ingest" */
	const char *synopsis;    /* "[OPTION]... [FILE]..." */
	const char *purpose;     /* one line */
	const struct i40_opt *opts;   /* ends with {0} */
	const char *more;        /* text after the options (examples), or NULL */
	unsigned shared;         /* I40_CLI_* bits */
};

/* Called for each program option; returns 0 or -1 (err filled). */
typedef int i40_opt_fn(void *ctx, int id, const char *arg, struct i40_err *err);

/* Returns the index of the first operand, -1 on a usage error (err
 * filled: exit 2), or -2 when --help, --version or --list-options was
 * answered on stdout (exit 0). */
int i40_cli_parse(const struct i40_cli *cli, int argc, char **argv, struct i40_common *common,
		  i40_opt_fn *on_opt, void *ctx, struct i40_err *err);

void i40_cli_help(const struct i40_cli *cli, FILE *fp);

#endif
