/* i40-report - the page a manager reads: text, Markdown or HTML.
 *
 * Reads record streams of any i40 program (raw signals, features, detect
 * output and alert episodes, OEE figures, forecasts, reorder points),
 * each file with its own header, and writes one report of the period.
 * lib/digest.c keeps what the report needs in bounded memory, lib/report.c
 * lays it out; this file is options and wiring.  With -o the report
 * replaces the file only once it is complete (lib/atomic.c), so a cron job
 * never leaves half a report behind.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atomic.h"
#include "cli.h"
#include "diag.h"
#include "digest.h"
#include "num.h"
#include "period.h"
#include "plant.h"
#include "rec.h"
#include "report.h"

enum { OPT_HTML = 256 };

static const struct i40_opt opts[] = {
	{'f', "format", "FMT", "text (default), md or html; -o FILE.html or .md implies it"},
	{'o', "output", "FILE", "write the report to FILE, replacing it only when complete"},
	{'p', "period", "SPEC", "yesterday, today, last-week, last-month, last-24h or FROM..TO"},
	{'t', "title", "TEXT", "title of the report (default: the plant file's)"},
	{'w', "width", "COLS", "line width of the text format (default 80)"},
	{OPT_HTML, "html", NULL, "same as --format html"},
	{0},
};

static const struct i40_cli cli = {
	"i40-report", "[OPTION]... [FILE]...",
	"Write a report of record streams as text, Markdown or one self-contained HTML file.",
	opts,
	"Examples:\n"
	"  i40-report -c plant.yaml --period yesterday records.csv alerts.csv oee.csv\n"
	"  i40-detect -c plant.yaml < today.csv | i40-report --html -o shift.html\n"
	"  i40-report -c plant.yaml -p 2024-10-01..2024-10-31 -o october.md *.csv\n"
	"Periods are on the plant's calendar (timezone:, or --tz).  The report\n"
	"is written when the input ends; a period without data gives a report\n"
	"that says so, with exit status 0.\n",
	I40_CLI_CONFIG | I40_CLI_TSV | I40_CLI_REJECTS | I40_CLI_TZ | I40_CLI_STATS,
};

struct cmdline {
	const char *format, *output, *period, *title;
	long width;
};

static int
on_opt(void *ctx, int id, const char *arg, struct i40_err *err)
{
	struct cmdline *c = ctx;
	double w;

	switch (id) {
	case 'f': c->format = arg; return 0;
	case 'o': c->output = arg; return 0;
	case 'p': c->period = arg; return 0;
	case 't': c->title = arg; return 0;
	case 'w':
		if (i40_num_parse(arg, strlen(arg), '.', 0, &w) != 0 || w != (long)w || w < 40 || w > 1000)
			return i40_err_set(err, I40_ERR_CONFIG, "width \"%s\": expected a whole number "
					   "of columns from 40 to 1000", arg);
		c->width = (long)w;
		return 0;
	case OPT_HTML: c->format = "html"; return 0;
	}
	return i40_err_set(err, I40_ERR_CONFIG, "unhandled option");
}

/* The format asked, else the one the output file's name says. */
static int
pick_format(const struct cmdline *c, enum i40_report_format *f, struct i40_err *err)
{
	const char *dot = c->output ? strrchr(c->output, '.') : NULL;

	if (c->format) {
		if (i40_report_format_parse(c->format, f) != 0)
			return i40_err_set(err, I40_ERR_CONFIG, "format \"%s\": expected text, md or html",
					   c->format);
		return 0;
	}
	*f = I40_REPORT_TEXT;
	if (dot && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0))
		*f = I40_REPORT_HTML;
	else if (dot && (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0))
		*f = I40_REPORT_MD;
	return 0;
}

/* Now, or SOURCE_DATE_EPOCH for reproducible reports and tests. */
static int64_t
now_ns(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	double x;

	if (s && *s && i40_num_parse(s, strlen(s), '.', 0, &x) == 0)
		return (int64_t)x * I40_NS_PER_SEC;
	return (int64_t)time(NULL) * I40_NS_PER_SEC;
}

/* Read one file into the digest; returns -1 when --strict says stop. */
static int
read_file(const char *path, const struct i40_rec_opts *ro, struct i40_digest *dg, struct i40_diag *d)
{
	char *paths[] = { (char *)path };
	struct i40_rec_reader *rd;
	struct i40_rec rec;
	struct i40_err err;
	size_t rawlen;
	const char *raw;
	int rc;

	if ((rd = i40_rec_open(paths, 1, ro, &err)) == NULL) {
		i40_diag_problem(d, &err);
		return 0;
	}
	if (i40_rec_ready(rd, &err) != 0) {
		i40_diag_problem(d, &err);
		i40_rec_close(rd);
		return 0;
	}
	i40_digest_bind(dg, rd, &err);
	while ((rc = i40_rec_next(rd, &rec, &err)) != 0) {
		if (rc == 1)
			rc = i40_digest_add(dg, rd, &rec, &err);
		else
			rc = rc == -1 ? -1 : -2;
		if (rc == -2)
			i40_die_err(cli.prog, &err);
		if (rc == 0)
			continue;
		if (rec.row == NULL) {
			i40_diag_problem(d, &err);
			continue;
		}
		raw = i40_rec_raw(rd, &rec, &rawlen);
		if (i40_diag_reject(d, &err, raw, rawlen) != 0) {
			i40_rec_close(rd);
			return -1;
		}
	}
	i40_rec_close(rd);
	return 0;
}

int
main(int argc, char **argv)
{
	struct cmdline c = { 0 };
	struct i40_start s;
	struct i40_diag d;
	struct i40_err err;
	struct i40_report_layout layout;
	struct i40_report_opts ro = { 0 };
	struct i40_digest_opts dopt = { 0 };
	struct i40_rec_opts rec = { 0 };
	struct i40_atomic out;
	struct i40_digest *dg;
	FILE *f = stdout;

	i40_diag_start(&s, &cli, argc, argv, on_opt, &c);
	if (pick_format(&c, &ro.format, &err) != 0)
		i40_die_usage(cli.prog, &err);
	if (i40_report_layout(s.plant, &layout, &err) != 0)
		i40_die_err(cli.prog, &err);
	ro.tz = s.zone;
	ro.now = now_ns();
	ro.from = ro.to = 0;
	if (c.period && i40_period_parse(c.period, ro.now, ro.tz, &ro.from, &ro.to, &err) != 0)
		i40_die_err(cli.prog, &err);

	dopt.from = ro.from;
	dopt.to = ro.to;
	dopt.plant = s.plant;
	dopt.tz = ro.tz;
	dopt.wanted = i40_report_wants;
	dopt.wanted_ctx = &layout;
	if ((dg = i40_digest_new(&dopt, &err)) == NULL)
		i40_die_err(cli.prog, &err);
	i40_diag_init(&d, cli.prog, &s.common);
	rec.delim = s.common.tsv ? '\t' : ',';
	rec.tz = ro.tz;
	rec.need = I40_COL_TS | I40_COL_ASSET | I40_COL_SIGNAL;
	for (int i = s.first; i < argc || i == s.first; i++)
		if (read_file(i < argc ? argv[i] : "-", &rec, dg, &d) != 0)
			break;
	i40_digest_finish(dg);

	ro.layout = &layout;
	ro.plant = s.plant;
	ro.title = c.title;
	ro.width = (size_t)c.width;
	ro.rejected = d.rejected;
	ro.generator = "i40-report " I40_VERSION;
	if (c.output && strcmp(c.output, "-") == 0)
		c.output = NULL;
	if (c.output && (f = i40_atomic_open(&out, c.output, &err)) == NULL)
		i40_die_err(cli.prog, &err);
	int rc = i40_report_write(f, dg, &ro, &err);
	if (c.output) {
		if (rc != 0) {
			i40_diag_problem(&d, &err);
			i40_atomic_abort(&out);
		} else if (i40_atomic_commit(&out, &err) != 0) {
			i40_diag_problem(&d, &err);
		}
	} else if (rc != 0 && err.kind != I40_ERR_IO) {
		i40_diag_problem(&d, &err);   /* write errors: once, by i40_diag_close_stdout */
	}
	d.in = dg->records;
	d.out = dg->used;
	i40_digest_free(dg);
	i40_report_layout_free(&layout);
	return i40_diag_finish(&d, &s, NULL);
}
