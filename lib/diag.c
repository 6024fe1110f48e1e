/* diag.c - messages, rejects files and exit status for the programs. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "diag.h"
#include "plant.h"
#include "rec.h"
#include "tm.h"

void
i40_die(const char *prog, int status, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void
i40_die_err(const char *prog, const struct i40_err *err)
{
	char buf[1024];
	i40_err_format(err, buf, sizeof buf);
	i40_die(prog, err->kind == I40_ERR_CONFIG ? I40_EXIT_USAGE : I40_EXIT_DATA, "%s", buf);
}

void
i40_die_usage(const char *prog, const struct i40_err *err)
{
	fprintf(stderr, "%s: %s\nTry '%s --help'.\n", prog, err->msg, prog);
	exit(I40_EXIT_USAGE);
}

void
i40_diag_start(struct i40_start *s, const struct i40_cli *cli, int argc, char **argv, i40_opt_fn *on_opt,
	       void *ctx)
{
	struct i40_err err;

	memset(s, 0, sizeof *s);
	s->first = i40_cli_parse(cli, argc, argv, &s->common, on_opt, ctx, &err);
	if (s->first == -2)
		exit(0);
	if (s->first < 0)
		i40_die_usage(cli->prog, &err);
	if ((s->plant = i40_plant_load(s->common.config, &err)) == NULL)
		i40_die_err(cli->prog, &err);
	if (s->common.tz && (s->tz = i40_tz_load(s->common.tz, &err)) == NULL)
		i40_die_err(cli->prog, &err);
	s->zone = s->tz ? s->tz : s->plant->tz;
}

void
i40_diag_start_free(struct i40_start *s)
{
	i40_tz_free(s->tz);
	i40_plant_free(s->plant);
	s->tz = NULL;
	s->plant = NULL;
}

void
i40_diag_init(struct i40_diag *d, const char *prog, const struct i40_common *c)
{
	memset(d, 0, sizeof *d);
	d->prog = prog;
	/* GSL aborts on an error by default; i40 reports it instead */
	gsl_set_error_handler_off();
	d->strict = c->strict;
	if (c->rejects == NULL)
		return;
	d->rejects_path = c->rejects;
	if ((d->rejects = fopen(c->rejects, "w")) == NULL)
		i40_die(prog, I40_EXIT_USAGE, "%s: cannot write rejects file: %s", c->rejects, strerror(errno));
	if ((d->rw = i40_rec_writer_new(d->rejects, ',', 0)) == NULL)
		i40_die(prog, I40_EXIT_DATA, "out of memory");
	static const char *const cols[] = {"file", "line", "reason", "record"};
	i40_rec_put_header(d->rw, cols, 4);
}

static void
show(struct i40_diag *d, const char *prefix, const char *msg)
{
	if (d->shown >= I40_DIAG_MAX_SHOWN) {
		d->hidden++;
		return;
	}
	d->shown++;
	fprintf(stderr, "%s: %s%s\n", d->prog, prefix, msg);
}

void
i40_diag_problem(struct i40_diag *d, const struct i40_err *err)
{
	char buf[1024];
	i40_err_format(err, buf, sizeof buf);
	show(d, "", buf);
	int st = err->kind == I40_ERR_CONFIG ? I40_EXIT_USAGE : I40_EXIT_DATA;
	if (st > d->status)
		d->status = st;
}

void
i40_diag_warn(struct i40_diag *d, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	show(d, "warning: ", buf);
}

int
i40_diag_reject(struct i40_diag *d, const struct i40_err *err, const char *raw, size_t rawlen)
{
	char buf[1024], line[32];
	i40_err_format(err, buf, sizeof buf);
	show(d, "", buf);
	d->rejected++;
	if (d->status < I40_EXIT_DATA)
		d->status = I40_EXIT_DATA;
	if (d->rw) {
		snprintf(line, sizeof line, "%ld", err->line);
		i40_rec_put_str(d->rw, err->file);
		i40_rec_put_str(d->rw, err->line > 0 ? line : "");
		i40_rec_put_str(d->rw, err->msg);
		i40_rec_put(d->rw, raw ? raw : "", raw ? rawlen : 0);
		i40_rec_end(d->rw);
	}
	if (d->strict) {
		fprintf(stderr, "%s: stopping at the first bad record (--strict)\n", d->prog);
		return -1;
	}
	return 0;
}

int
i40_diag_end(struct i40_diag *d, int stats)
{
	if (d->hidden)
		fprintf(stderr, "%s: %ld more problems not shown%s%s%s\n", d->prog, d->hidden,
			d->rejects_path ? " (all bad records are in " : "", d->rejects_path ? d->rejects_path : "",
			d->rejects_path ? ")" : "");
	if (d->rw) {
		int bad = i40_rec_writer_free(d->rw) != 0;
		bad |= fclose(d->rejects) != 0;
		if (bad) {
			fprintf(stderr, "%s: %s: write error: %s\n", d->prog, d->rejects_path, strerror(errno));
			d->status = I40_EXIT_DATA;
		}
		d->rw = NULL;
		d->rejects = NULL;
	}
	if (stats)
		fprintf(stderr, "%s: %ld records in, %ld out, %ld rejected\n", d->prog, d->in, d->out, d->rejected);
	return d->status;
}

void
i40_diag_close_stdout(struct i40_diag *d, struct i40_rec_writer *w)
{
	int bad = w && i40_rec_writer_free(w) != 0;
	int e = errno;
	if (!bad && (fflush(stdout) != 0 || ferror(stdout))) {
		bad = 1;
		e = errno;
	}
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		fprintf(stderr, "%s: write error: %s\n", d->prog, strerror(e));
		d->status = I40_EXIT_DATA;
	}
}

int
i40_diag_finish(struct i40_diag *d, struct i40_start *s, struct i40_rec_writer *w)
{
	i40_diag_close_stdout(d, w);
	int status = i40_diag_end(d, s->common.stats);
	i40_diag_start_free(s);
	return status;
}
