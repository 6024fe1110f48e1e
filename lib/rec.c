/* rec.c - reading and writing the record stream (see rec.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "num.h"
#include "rec.h"

static const char *const std_names[4] = {"ts", "asset", "signal", "value"};

struct i40_rec_reader {
	char *const *paths;
	size_t npaths, next_path;
	struct i40_rec_opts opts;
	FILE *fp;
	struct i40_dsv *dsv;
	char name[256];
	int have_header;
	int col[4];                 /* ts, asset, signal, value in this file */
	size_t ncols;
	char **extra_names;         /* from the first header */
	size_t nextra;
	int extras_known;
	int *extra_idx;             /* this file's field of each extra, or -1 */
	char *pending;              /* a header remark to report before rows */
	struct i40_tparse tp;
	struct i40_row row;
	void (*on_wait)(void *);
	void *wait_ctx;
};

struct i40_rec_reader *
i40_rec_open(char *const *paths, size_t npaths, const struct i40_rec_opts *opts,
	     struct i40_err *err)
{
	static char *const stdin_only[] = {"-"};
	struct i40_rec_reader *rd = calloc(1, sizeof *rd);

	if (rd == NULL) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	rd->paths = npaths ? paths : stdin_only;
	rd->npaths = npaths ? npaths : 1;
	if (opts)
		rd->opts = *opts;
	if (rd->opts.delim == 0 && !rd->opts.sniff)
		rd->opts.delim = ',';
	if (rd->opts.need == 0)
		rd->opts.need = I40_COL_ALL;
	if (i40_tparse_init(&rd->tp, rd->opts.time_format, rd->opts.tz, err) != 0) {
		free(rd);
		return NULL;
	}
	return rd;
}

static void
close_file(struct i40_rec_reader *rd)
{
	i40_dsv_close(rd->dsv);
	rd->dsv = NULL;
	if (rd->fp && rd->fp != stdin)
		fclose(rd->fp);
	rd->fp = NULL;
}

void
i40_rec_close(struct i40_rec_reader *rd)
{
	if (rd == NULL)
		return;
	close_file(rd);
	for (size_t i = 0; i < rd->nextra; i++)
		free(rd->extra_names[i]);
	free(rd->extra_names);
	free(rd->extra_idx);
	free(rd->pending);
	free(rd);
}

static int
open_next(struct i40_rec_reader *rd, struct i40_err *err)
{
	const char *path = rd->paths[rd->next_path++];

	rd->have_header = 0;
	if (strcmp(path, "-") == 0) {
		rd->fp = stdin;
		snprintf(rd->name, sizeof rd->name, "<stdin>");
	} else {
		snprintf(rd->name, sizeof rd->name, "%s", path);
		if ((rd->fp = fopen(path, "r")) == NULL)
			return i40_err_at(err, I40_ERR_IO, rd->name, 0, 0, "cannot open: %s", strerror(errno));
	}
	if ((rd->dsv = i40_dsv_open(rd->fp, rd->name, rd->opts.delim, err)) == NULL) {
		close_file(rd);
		return -1;
	}
	i40_dsv_on_wait(rd->dsv, rd->on_wait, rd->wait_ctx);
	return 0;
}

/* Map this file's header to the standard columns and the extras. */
static int
read_header(struct i40_rec_reader *rd, const struct i40_row *h, struct i40_err *err)
{
	int first = !rd->extras_known;

	for (int k = 0; k < 4; k++)
		rd->col[k] = -1;
	rd->ncols = h->n;
	for (size_t i = 0; i < h->n; i++)
		for (int k = 0; k < 4; k++)
			if (strcmp(h->f[i], rd->opts.names[k] ? rd->opts.names[k] : std_names[k]) == 0) {
				if (rd->col[k] >= 0)
					return i40_err_at(err, I40_ERR_DATA, rd->name, h->line, 0,
							  "column \"%s\" appears twice in the header", h->f[i]);
				rd->col[k] = (int)i;
			}
	for (int k = 0; k < 4; k++)
		if ((rd->opts.need & (1u << k)) && rd->col[k] < 0)
			return i40_err_at(err, I40_ERR_DATA, rd->name, h->line, 0,
					  "no column \"%s\" in the header (expected ts,asset,signal,value%s)",
					  rd->opts.names[k] ? rd->opts.names[k] : std_names[k],
					  rd->opts.delim == ',' && memchr(h->f[0], '\t', h->len[0]) ?
					  "; tab-separated input needs --tsv" : "");
	if (first) {
		rd->extra_names = calloc(h->n + 1, sizeof *rd->extra_names);
		rd->extra_idx = calloc(h->n + 1, sizeof *rd->extra_idx);
		if (!rd->extra_names || !rd->extra_idx)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		for (size_t i = 0; i < h->n; i++) {
			if ((int)i == rd->col[0] || (int)i == rd->col[1] || (int)i == rd->col[2] || (int)i == rd->col[3])
				continue;
			if ((rd->extra_names[rd->nextra] = strdup(h->f[i])) == NULL)
				return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
			rd->extra_idx[rd->nextra++] = (int)i;
		}
		rd->extras_known = 1;
		return 0;
	}
	/* a later file: find the first file's extras by name */
	for (size_t e = 0; e < rd->nextra; e++) {
		rd->extra_idx[e] = -1;
		for (size_t i = 0; i < h->n; i++)
			if (strcmp(h->f[i], rd->extra_names[e]) == 0)
				rd->extra_idx[e] = (int)i;
	}
	for (size_t i = 0; i < h->n; i++) {
		int known = (int)i == rd->col[0] || (int)i == rd->col[1] || (int)i == rd->col[2] || (int)i == rd->col[3];
		for (size_t e = 0; e < rd->nextra && !known; e++)
			known = rd->extra_idx[e] == (int)i;
		if (!known) {
			char msg[400];
			snprintf(msg, sizeof msg, "column \"%s\" is not in the first input's header; its values are dropped",
				 h->f[i]);
			free(rd->pending);
			rd->pending = strdup(msg);
			break;
		}
	}
	return 0;
}

int
i40_rec_ready(struct i40_rec_reader *rd, struct i40_err *err)
{
	/* Read ahead until a header is known, so the writer can be set up
	 * even for header-only input; the first row stays queued. */
	while (!rd->extras_known) {
		if (rd->dsv == NULL) {
			if (rd->next_path >= rd->npaths)
				return 0;
			if (open_next(rd, err) != 0)
				return -1;
		}
		int r = i40_dsv_next(rd->dsv, &rd->row, err);
		if (r <= 0) {
			close_file(rd);
			if (r < 0)
				return -1;
			continue;
		}
		if (read_header(rd, &rd->row, err) != 0) {
			close_file(rd);
			return err->kind == I40_ERR_NOMEM ? -2 : -1;
		}
		rd->have_header = 1;
	}
	return 0;
}

int
i40_rec_next(struct i40_rec_reader *rd, struct i40_rec *rec, struct i40_err *err)
{
	memset(rec, 0, sizeof *rec);
	for (;;) {
		if (rd->pending) {
			i40_err_at(err, I40_ERR_DATA, rd->name, 1, 0, "%s", rd->pending);
			free(rd->pending);
			rd->pending = NULL;
			rec->file = rd->name;
			return -1;
		}
		if (rd->dsv == NULL) {
			if (rd->next_path >= rd->npaths)
				return 0;
			if (open_next(rd, err) != 0) {
				rec->file = rd->name;
				return -1;
			}
		}
		int r = i40_dsv_next(rd->dsv, &rd->row, err);
		if (r == 0) {
			close_file(rd);
			continue;
		}
		if (r < 0) {
			close_file(rd);
			return err->kind == I40_ERR_NOMEM ? -2 : -1;
		}
		if (!rd->have_header) {
			if (read_header(rd, &rd->row, err) != 0) {
				close_file(rd);
				return err->kind == I40_ERR_NOMEM ? -2 : -1;
			}
			rd->have_header = 1;
			continue;
		}
		break;
	}

	const struct i40_row *row = &rd->row;
	rec->row = row;
	rec->file = rd->name;
	rec->line = row->line;
	if (row->n != rd->ncols)
		return i40_err_at(err, I40_ERR_DATA, rd->name, row->line, 0,
				  "%zu fields, the header has %zu", row->n, rd->ncols);
	if (rd->col[1] >= 0) {
		rec->asset = row->f[rd->col[1]];
		rec->asset_len = row->len[rd->col[1]];
		if (rec->asset_len == 0)
			return i40_err_at(err, I40_ERR_DATA, rd->name, row->line, 0, "empty asset");
	} else {
		rec->asset = "";
	}
	if (rd->col[2] >= 0) {
		rec->signal = row->f[rd->col[2]];
		rec->signal_len = row->len[rd->col[2]];
		if (rec->signal_len == 0)
			return i40_err_at(err, I40_ERR_DATA, rd->name, row->line, 0, "empty signal");
	} else {
		rec->signal = "";
	}
	if (rd->col[3] >= 0) {
		rec->value = row->f[rd->col[3]];
		rec->value_len = row->len[rd->col[3]];
		rec->is_num = rec->value_len > 0 &&
			      i40_num_parse(rec->value, rec->value_len, '.', 0, &rec->num) == 0;
	} else {
		rec->value = "";
	}
	if (rd->col[0] >= 0) {
		const char *t = row->f[rd->col[0]];
		size_t tl = row->len[rd->col[0]];
		if (i40_tparse(&rd->tp, t, tl, &rec->ts, &rec->ts_digits, err) != 0) {
			err->line = row->line;
			snprintf(err->file, sizeof err->file, "%s", rd->name);
			return -1;
		}
	}
	return 1;
}

size_t
i40_rec_nextra(const struct i40_rec_reader *rd)
{
	return rd->nextra;
}

const char *
i40_rec_extra_name(const struct i40_rec_reader *rd, size_t i)
{
	return i < rd->nextra ? rd->extra_names[i] : "";
}

const char *
i40_rec_extra(const struct i40_rec_reader *rd, const struct i40_rec *rec, size_t i, size_t *len)
{
	int k = i < rd->nextra ? rd->extra_idx[i] : -1;
	if (k < 0 || rec->row == NULL || (size_t)k >= rec->row->n) {
		*len = 0;
		return "";
	}
	*len = rec->row->len[k];
	return rec->row->f[k];
}

const char *
i40_rec_raw(struct i40_rec_reader *rd, const struct i40_rec *rec, size_t *len)
{
	if (rec->row == NULL || rd->dsv == NULL) {
		*len = 0;
		return "";
	}
	return i40_dsv_row_text(rd->dsv, rec->row, len);
}

void
i40_rec_on_wait(struct i40_rec_reader *rd, void (*fn)(void *), void *ctx)
{
	rd->on_wait = fn;
	rd->wait_ctx = ctx;
	if (rd->dsv)
		i40_dsv_on_wait(rd->dsv, fn, ctx);
}

void
i40_rec_dst_counts(const struct i40_rec_reader *rd, long *gaps, long *repeats)
{
	*gaps = rd->tp.gaps;
	*repeats = rd->tp.repeats;
}

/* ---- writer ---- */

#define OUTBUF (1 << 16)

#define AUTO_ROWS 1000   /* --precision auto looks at this many rows */

/* A field held back while the precision is not decided yet. */
struct held {
	int kind;          /* 0 text, 1 time, 2 end of row */
	int64_t ns;
	size_t off, len;   /* text in held_text */
};

struct i40_rec_writer {
	FILE *out;
	char delim;
	int prec;          /* -1: auto, not decided yet */
	long truncated;
	int nfield;
	int failed;
	int saved_errno;
	int max_digits;    /* auto: finest time seen in the held rows */
	int64_t last_ns;   /* the time formatted last (wide input repeats it) */
	size_t last_len;
	char last_ts[I40_TS_MAXLEN];
	int closing;
	struct held *held;
	size_t nheld, held_cap, held_rows;
	char *held_text;
	size_t held_len, held_text_cap;
	size_t pos;
	char buf[OUTBUF];
};

static void put_field(struct i40_rec_writer *w, const char *s, size_t len);
static void put_time(struct i40_rec_writer *w, int64_t ns);
static void end_row(struct i40_rec_writer *w);

/* Auto precision: decide from the held rows, then write them out. */
static void
decide(struct i40_rec_writer *w)
{
	if (w->prec >= 0)
		return;
	/* Rows without a time (a header) can go out undecided: a live feed
	 * flushes its header before the first record arrives. */
	int any_time = 0;
	for (size_t i = 0; i < w->nheld && !any_time; i++)
		any_time = w->held[i].kind == 1;
	int saved = w->prec;
	w->prec = i40_tprec_for_digits(w->max_digits);
	for (size_t i = 0; i < w->nheld; i++) {
		const struct held *h = &w->held[i];
		if (h->kind == 0)
			put_field(w, w->held_text + h->off, h->len);
		else if (h->kind == 1)
			put_time(w, h->ns);
		else
			end_row(w);
	}
	free(w->held);
	free(w->held_text);
	w->held = NULL;
	w->held_text = NULL;
	w->nheld = w->held_cap = w->held_len = w->held_text_cap = w->held_rows = 0;
	if (!any_time && !w->closing)
		w->prec = saved;
}

static int
hold(struct i40_rec_writer *w, int kind, int64_t ns, const char *s, size_t len)
{
	if (w->nheld == w->held_cap) {
		size_t cap = w->held_cap ? w->held_cap * 2 : 256;
		struct held *h = realloc(w->held, cap * sizeof *h);
		if (h == NULL)
			return -1;
		w->held = h;
		w->held_cap = cap;
	}
	if (w->held_len + len > w->held_text_cap) {
		size_t cap = w->held_text_cap ? w->held_text_cap : 4096;
		while (cap < w->held_len + len)
			cap *= 2;
		char *t = realloc(w->held_text, cap);
		if (t == NULL)
			return -1;
		w->held_text = t;
		w->held_text_cap = cap;
	}
	struct held *h = &w->held[w->nheld++];
	h->kind = kind;
	h->ns = ns;
	h->off = w->held_len;
	h->len = len;
	if (len)
		memcpy(w->held_text + w->held_len, s, len);
	w->held_len += len;
	return 0;
}

struct i40_rec_writer *
i40_rec_writer_new(FILE *out, char delim, int precision)
{
	struct i40_rec_writer *w = calloc(1, sizeof *w);
	if (w == NULL)
		return NULL;
	w->out = out;
	w->delim = delim ? delim : ',';
	w->prec = precision;
	return w;
}

static int flush_out(struct i40_rec_writer *w);

int
i40_rec_flush(struct i40_rec_writer *w)
{
	decide(w);
	return flush_out(w);
}

static int
flush_out(struct i40_rec_writer *w)
{
	if (w->pos && !w->failed && fwrite(w->buf, 1, w->pos, w->out) != w->pos) {
		w->failed = 1;
		w->saved_errno = errno;
	}
	w->pos = 0;
	if (!w->failed && fflush(w->out) != 0) {
		w->failed = 1;
		w->saved_errno = errno;
	}
	return w->failed ? -1 : 0;
}

int
i40_rec_writer_free(struct i40_rec_writer *w)
{
	if (w == NULL)
		return 0;
	w->closing = 1;
	int rc = i40_rec_flush(w);
	int e = w->saved_errno;
	free(w->held);
	free(w->held_text);
	free(w);
	errno = e;
	return rc;
}

static void
put_raw(struct i40_rec_writer *w, const char *s, size_t len)
{
	if (w->pos + len > OUTBUF) {
		flush_out(w);
		if (len > OUTBUF) {
			if (!w->failed && fwrite(s, 1, len, w->out) != len) {
				w->failed = 1;
				w->saved_errno = errno;
			}
			return;
		}
	}
	memcpy(w->buf + w->pos, s, len);
	w->pos += len;
}

void
i40_rec_put(struct i40_rec_writer *w, const char *s, size_t len)
{
	if (w->prec < 0) {   /* per field: decide is a call, not inlined */
		if (hold(w, 0, 0, s, len) == 0)
			return;
		decide(w);
	}
	put_field(w, s, len);
}

void
i40_rec_put_plain(struct i40_rec_writer *w, const char *s, size_t len)
{
	if (w->prec < 0) {
		if (hold(w, 0, 0, s, len) == 0)
			return;
		decide(w);
	}
	if (w->nfield++)
		put_raw(w, &w->delim, 1);
	put_raw(w, s, len);
}

static void
put_field(struct i40_rec_writer *w, const char *s, size_t len)
{
	if (w->nfield++)
		put_raw(w, &w->delim, 1);
	if (!i40_dsv_needs_quote(s, len, w->delim)) {
		put_raw(w, s, len);
		return;
	}
	size_t need = 2 * len + 2;
	if (need <= OUTBUF / 2) {
		if (w->pos + need > OUTBUF)
			flush_out(w);
		w->pos += csv_write2(w->buf + w->pos, OUTBUF - w->pos, s, len, '"');
	} else {
		flush_out(w);
		if (!w->failed && csv_fwrite2(w->out, s, len, '"') != 0) {
			w->failed = 1;
			w->saved_errno = errno;
		}
	}
}

void
i40_rec_put_str(struct i40_rec_writer *w, const char *s)
{
	i40_rec_put(w, s, strlen(s));
}

void
i40_rec_put_ts(struct i40_rec_writer *w, int64_t ns, int digits)
{
	if (w->prec < 0) {
		if (digits > w->max_digits)
			w->max_digits = digits;
		if (hold(w, 1, ns, NULL, 0) == 0)
			return;
		decide(w);
	}
	put_time(w, ns);
}

static void
put_time(struct i40_rec_writer *w, int64_t ns)
{
	char buf[I40_TS_MAXLEN];
	if (w->prec < 9) {
		int64_t unit = 1;
		for (int i = w->prec; i < 9; i++)
			unit *= 10;
		w->truncated += ns % unit != 0;
	}
	(void)buf;
	if (ns != w->last_ns || w->last_len == 0) {
		w->last_ns = ns;
		w->last_len = i40_tfmt(ns, w->prec, w->last_ts);
	}
	if (w->nfield++)
		put_raw(w, &w->delim, 1);
	put_raw(w, w->last_ts, w->last_len);   /* a time never needs quoting */
}

void
i40_rec_put_num(struct i40_rec_writer *w, double x)
{
	char buf[I40_NUM_MAXLEN];
	i40_rec_put_plain(w, buf, i40_num_fmt(x, buf));
}

void
i40_rec_end(struct i40_rec_writer *w)
{
	if (w->prec < 0) {
		if (hold(w, 2, 0, NULL, 0) == 0 && ++w->held_rows < AUTO_ROWS)
			return;
		decide(w);
		return;
	}
	end_row(w);
}

static void
end_row(struct i40_rec_writer *w)
{
	put_raw(w, "\n", 1);
	w->nfield = 0;
}

void
i40_rec_put_header(struct i40_rec_writer *w, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		i40_rec_put_str(w, names[i]);
	i40_rec_end(w);
}

long
i40_rec_truncated(const struct i40_rec_writer *w)
{
	return w->truncated;
}

int
i40_rec_precision(const struct i40_rec_writer *w)
{
	return w->prec;
}

int
i40_rec_parse_precision(const char *s, int *prec, struct i40_err *err)
{
	static const struct { const char *name; int prec; } p[] = {
		{"s", 0}, {"ms", 3}, {"us", 6}, {"ns", 9}, {"auto", -1},
	};
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		if (strcmp(s, p[i].name) == 0) {
			*prec = p[i].prec;
			return 0;
		}
	return i40_err_set(err, I40_ERR_CONFIG, "precision \"%s\": expected s, ms, us, ns or auto", s);
}
