/* dsv.c - a pull reader over libcsv's push parser.
 *
 * libcsv calls back per field and per row while it parses a buffer; the
 * programs want "give me the next row".  So a chunk is parsed at a time,
 * its rows are collected in a batch (an arena of fields and a list of
 * rows) and handed out one by one; the fields of a row cut by the chunk
 * boundary move on to the next batch.  CSV_REPALL_NL makes libcsv report
 * every line end, which is how blank lines and CRLF pairs are counted and
 * every row knows its line number.
 *
 * Reading a regular file, a second thread runs libcsv on the next chunk
 * while the program works through the rows of the last one (two batches
 * change hands under a mutex): parsing is a third of the work of a simple
 * filter, and most plants' servers have more than one core.  Pipes and
 * terminals are read in the calling thread, so that the program can
 * flush its output before a read that may block (i40_dsv_on_wait).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "i40_int.h"
#include "dsv.h"
#include "lines.h"

#define CHUNK (256 * 1024)

struct row_ref {
	size_t first, n;
	long line;
};

/* Rows parsed from one or more chunks, and the fields of the row still
 * being built at its end (from row_first on). */
struct batch {
	char *buf;                   /* field bytes, each NUL-terminated */
	size_t buf_len, buf_cap;
	size_t *fields;              /* where each field starts in buf; they follow
	                                each other, so the next start (or buf_len)
	                                gives the length */
	size_t nfields, fields_cap;
	size_t row_first;
	struct row_ref *rows;
	size_t nrows, rows_cap, row_pos;
	int eof;                     /* nothing follows this batch */
	int failed;                  /* err says why */
	struct i40_err err;
};

/* Bytes between the two threads' hot fields: a write by one thread to a
 * cache line the other reads on every row costs a transfer between the
 * cores each time (false sharing). */
#define LINE_GAP 64

struct i40_dsv {
	FILE *fp;
	char name[256];
	char delim;
	int fd, regular;
	void (*on_wait)(void *);
	void *ctx;
	int threaded, thread_started;   /* set before the thread starts */
	char gap0[LINE_GAP];
	/* parser state (the parsing thread's, written per field and row) */
	struct csv_parser p;
	char *chunk;
	struct batch *fill;          /* where the callbacks write */
	long line;                   /* line the row being built starts on */
	long nl_in_row;              /* line ends inside its quoted fields */
	int last_cr;
	int started, nomem, quotes;
	char gap1[LINE_GAP];
	/* the batches (a batch's header is written by one thread at a time;
	 * its error record, last, keeps the two headers apart) */
	struct batch b[2];
	/* the read-ahead thread's hand-over, under mu */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *ready;         /* parsed, not yet taken by next() */
	struct batch *spare;         /* handed back by next(), to refill */
	int quit;
	char gap2[LINE_GAP];
	/* the consumer's */
	struct batch *use;           /* whose rows next() hands out */
	int done;
	char **fptr;
	size_t *flen;
	size_t fptr_cap;
	char *text;                  /* i40_dsv_row_text() */
	size_t text_cap;
};

/* Fields shorter than this are copied with one fixed-size copy. */
#define SHORT_FIELD 32

/* A field in general: room made, any length, line ends in quotes
 * counted.  Out of line, so that on_field's common case needs no frame. */
static void add_field(struct i40_dsv *r, const char *c, size_t len) __attribute__((noinline));

static void
add_field(struct i40_dsv *r, const char *c, size_t len)
{
	struct batch *b = r->fill;

	/* SHORT_FIELD spare bytes, so that a short copy always fits */
	if (i40_int_grow((void **)&b->buf, &b->buf_cap, b->buf_len + len + SHORT_FIELD + 1, 1) != 0 ||
	    i40_int_grow((void **)&b->fields, &b->fields_cap, b->nfields + 1, sizeof *b->fields) != 0) {
		r->nomem = 1;
		return;
	}
	if (len)
		memcpy(b->buf + b->buf_len, c, len);
	b->buf[b->buf_len + len] = '\0';
	b->fields[b->nfields++] = b->buf_len;
	b->buf_len += len + 1;
	/* line ends inside a quoted field: LF, CRLF, or a lone CR; only a
	 * stream that has had a quote character can have them */
	if (r->quotes && len && (memchr(c, '\n', len) || memchr(c, '\r', len)))
		for (size_t i = 0; i < len; i++)
			if (c[i] == '\n' || (c[i] == '\r' && (i + 1 == len || c[i + 1] != '\n')))
				r->nl_in_row++;
}

/* libcsv's field callback, once per field.  Most fields are short, in a
 * stream without quotes, with room: for them a fixed SHORT_FIELD bytes
 * are copied (inline moves, no call).  The bytes read past the field
 * are inside libcsv's entry buffer, which is at least that large
 * (checked), and are overwritten by the NUL and the next field. */
static void
on_field(void *s, size_t len, void *data)
{
	struct i40_dsv *r = data;
	struct batch *b = r->fill;

	if (len >= SHORT_FIELD || r->p.entry_size < SHORT_FIELD || r->quotes ||
	    b->buf_cap - b->buf_len <= 2 * SHORT_FIELD || b->nfields == b->fields_cap) {
		add_field(r, s, len);
		return;
	}
	char *d = b->buf + b->buf_len;
	memcpy(d, s, SHORT_FIELD);
	d[len] = '\0';
	b->fields[b->nfields++] = b->buf_len;
	b->buf_len += len + 1;
}

static void
on_row(int c, void *data)
{
	struct i40_dsv *r = data;
	struct batch *b = r->fill;
	size_t n = b->nfields - b->row_first;

	if (n == 0) {   /* a blank line, or the LF of a CRLF */
		if (!(c == '\n' && r->last_cr) && c != -1)
			r->line++;
		r->last_cr = c == '\r';
		return;
	}
	if (i40_int_grow((void **)&b->rows, &b->rows_cap, b->nrows + 1, sizeof *b->rows) != 0) {
		r->nomem = 1;
		return;
	}
	b->rows[b->nrows].first = b->row_first;
	b->rows[b->nrows].n = n;
	b->rows[b->nrows].line = r->line;
	b->nrows++;
	r->line += r->nl_in_row + (c == -1 ? 0 : 1);
	r->nl_in_row = 0;
	r->last_cr = c == '\r';
	b->row_first = b->nfields;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;   /* fields are passed through untrimmed */
}

/* Where the next blank (space or tab) of s[from..n) is, or n.  *sp and
 * *tab hold the next of each found so far (or n), so that a chunk is
 * scanned once for each byte value. */
static size_t
next_blank(const char *s, size_t n, size_t from, size_t *sp, size_t *tab)
{
	if (*sp < from) {
		const char *q = memchr(s + from, ' ', n - from);
		*sp = q ? (size_t)(q - s) : n;
	}
	if (*tab < from) {
		const char *q = memchr(s + from, '\t', n - from);
		*tab = q ? (size_t)(q - s) : n;
	}
	return *sp < *tab ? *sp : *tab;
}

/* csv_parse() over s[0..n), untrimmed.  libcsv asks a space function about
 * every byte of an unquoted field (a call per byte); without one it tests
 * for space and tab inline.  The two differ only on those bytes, so runs
 * without blanks are parsed without the function, and each run of blanks
 * with no_space: the same fields, the same state, at a fraction of the
 * cost.  Returns the bytes parsed (n unless libcsv ran out of memory). */
static size_t
parse_untrimmed(struct csv_parser *p, const char *s, size_t n, void *data)
{
	const char *q = memchr(s, ' ', n);
	size_t pos = 0, sp = q ? (size_t)(q - s) : n;
	q = memchr(s, '\t', n);
	size_t tab = q ? (size_t)(q - s) : n;

	while (pos < n) {
		size_t end = next_blank(s, n, pos, &sp, &tab);
		if (end > pos) {
			csv_set_space_func(p, NULL);
			size_t got = csv_parse(p, s + pos, end - pos, on_field, on_row, data);
			if (got != end - pos)
				return pos + got;
			pos = end;
		}
		if (pos == n)
			break;
		end = pos;
		while (end < n && (s[end] == ' ' || s[end] == '\t'))
			end++;
		csv_set_space_func(p, no_space);
		size_t got = csv_parse(p, s + pos, end - pos, on_field, on_row, data);
		if (got != end - pos)
			return pos + got;
		pos = end;
	}
	return pos;
}

static char
sniff_delim(const char *s, size_t n)
{
	static const char cand[] = {',', ';', '\t', '|'};
	size_t count[4] = {0};
	int quoted = 0;

	for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		for (int k = 0; k < 4 && !quoted; k++)
			count[k] += s[i] == cand[k];
	}
	int best = 0;
	for (int k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

/* Start an empty batch carrying over the unfinished row of prev (or
 * prev's own unfinished row, when dst == prev). */
static void
carry(struct batch *dst, struct batch *prev)
{
	size_t keep = prev->row_first < prev->nfields ? prev->fields[prev->row_first] : prev->buf_len;
	size_t nkeep = prev->nfields - prev->row_first;

	if (dst != prev) {
		dst->buf_len = 0;
		if (nkeep && i40_int_grow((void **)&dst->buf, &dst->buf_cap, prev->buf_len - keep, 1) == 0 &&
		    i40_int_grow((void **)&dst->fields, &dst->fields_cap, nkeep, sizeof *dst->fields) == 0) {
			memcpy(dst->buf, prev->buf + keep, prev->buf_len - keep);
			dst->buf_len = prev->buf_len - keep;
		} else {
			nkeep = 0;   /* out of memory: reported by the next on_field */
		}
	} else if (prev->buf_len > keep) {
		memmove(dst->buf, prev->buf + keep, prev->buf_len - keep);
		dst->buf_len = prev->buf_len - keep;
	} else {
		dst->buf_len = 0;
	}
	for (size_t i = 0; i < nkeep; i++) {
		dst->fields[i] = prev->fields[prev->row_first + i] - keep;
	}
	dst->nfields = nkeep;
	dst->row_first = 0;
	dst->nrows = dst->row_pos = 0;
	dst->eof = dst->failed = 0;
}

/* Parse the next chunk into r->fill.  Returns 1 when more may follow,
 * 0 at the end (fill->eof set), -1 on error (fill->failed set). */
static int
parse_chunk(struct i40_dsv *r)
{
	struct batch *b = r->fill;
	/* memory streams (tests, fuzzing) have no descriptor */
	long got = r->fd >= 0 ? i40_read_some(r->fd, r->chunk, CHUNK, r->regular, r->threaded ? NULL : r->on_wait,
					      r->ctx) :
		   ferror(r->fp) ? -1 : (long)fread(r->chunk, 1, CHUNK, r->fp);
	if (got < 0) {
		b->failed = 1;
		i40_err_at(&b->err, I40_ERR_IO, r->name, r->line, 0, "read error: %s", strerror(errno));
		return -1;
	}
	size_t n = (size_t)got;
	if (n == 0) {
		b->eof = 1;
		if (!r->started)
			return 0;
		long start = r->line;
		/* strict only now: an open quote at the end is an error, a
		 * stray quote inside the file is taken literally */
		csv_set_opts(&r->p, CSV_REPALL_NL | CSV_STRICT | CSV_STRICT_FINI);
		if (csv_fini(&r->p, on_field, on_row, r) != 0) {
			b->failed = 1;
			i40_err_at(&b->err, I40_ERR_DATA, r->name, start, 0,
				   "quoted field opened here is never closed: the rest of the input "
				   "(from this line on) was not read");
			return -1;
		}
		if (r->nomem) {
			b->failed = 1;
			i40_err_set(&b->err, I40_ERR_NOMEM, "out of memory");
			return -1;
		}
		return 0;
	}
	char *s = r->chunk;
	if (!r->started) {
		r->started = 1;
		if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
		if (r->delim == 0)
			r->delim = sniff_delim(s, n);
		csv_set_delim(&r->p, (unsigned char)r->delim);
	}
	if (!r->quotes && memchr(s, '"', n))
		r->quotes = 1;
	if (parse_untrimmed(&r->p, s, n, r) != n || r->nomem) {
		b->failed = 1;
		i40_err_set(&b->err, I40_ERR_NOMEM, "out of memory reading %s", r->name);
		return -1;
	}
	return 1;
}

/* The read-ahead thread: fill a batch, swap it for the one next() gave
 * back, carry the unfinished row over, go on. */
static void *
parse_ahead(void *arg)
{
	struct i40_dsv *r = arg;
	for (;;) {
		int more;
		do
			more = parse_chunk(r);
		while (more == 1 && r->fill->nrows == 0);
		pthread_mutex_lock(&r->mu);
		while (r->spare == NULL && more == 1 && !r->quit)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->quit) {
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		struct batch *done = r->fill;
		if (more == 1) {   /* take the spare, give the filled one */
			r->fill = r->spare;
			r->spare = NULL;
			carry(r->fill, done);
		}
		while (r->ready != NULL && !r->quit)
			pthread_cond_wait(&r->cv, &r->mu);
		r->ready = done;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (more != 1)
			return NULL;
	}
}

struct i40_dsv *
i40_dsv_open(FILE *fp, const char *name, char delim, struct i40_err *err)
{
	struct i40_dsv *r = calloc(1, sizeof *r);

	if (r == NULL || (r->chunk = malloc(CHUNK)) == NULL ||
	    csv_init(&r->p, CSV_REPALL_NL) != 0) {
		if (r)
			free(r->chunk);
		free(r);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	csv_set_space_func(&r->p, no_space);
	r->fp = fp;
	r->fd = fileno(fp);
	r->regular = i40_fd_is_regular(r->fd);
	snprintf(r->name, sizeof r->name, "%s", name);
	r->delim = delim;
	r->line = 1;
	r->fill = r->use = &r->b[0];
	r->threaded = r->fd >= 0 && r->regular && getenv("I40_NO_THREADS") == NULL;
	return r;
}

static void
free_batch(struct batch *b)
{
	free(b->buf);
	free(b->fields);
	free(b->rows);
}

void
i40_dsv_close(struct i40_dsv *r)
{
	if (r == NULL)
		return;
	if (r->thread_started) {
		pthread_mutex_lock(&r->mu);
		r->quit = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thread, NULL);
		pthread_mutex_destroy(&r->mu);
		pthread_cond_destroy(&r->cv);
	}
	csv_free(&r->p);
	free(r->chunk);
	free_batch(&r->b[0]);
	free_batch(&r->b[1]);
	free(r->fptr);
	free(r->flen);
	free(r->text);
	free(r);
}

const char *
i40_dsv_name(const struct i40_dsv *r)
{
	return r->name;
}

char
i40_dsv_delim(const struct i40_dsv *r)
{
	return r->delim ? r->delim : ',';
}

/* Make r->use a batch with rows to hand out.  1: it has; 0: end; -1. */
static int
next_batch(struct i40_dsv *r, struct i40_err *err)
{
	if (!r->threaded) {
		while (r->use->row_pos >= r->use->nrows) {
			if (r->use->eof)
				return 0;
			carry(r->use, r->use);
			if (parse_chunk(r) < 0) {
				*err = r->use->err;
				r->use->eof = 1;
				return -1;
			}
		}
		return 1;
	}
	if (!r->thread_started) {
		pthread_mutex_init(&r->mu, NULL);
		pthread_cond_init(&r->cv, NULL);
		r->use = NULL;
		r->spare = &r->b[1];
		if (pthread_create(&r->thread, NULL, parse_ahead, r) != 0) {
			pthread_mutex_destroy(&r->mu);
			pthread_cond_destroy(&r->cv);
			r->threaded = 0;
			r->spare = NULL;
			r->use = r->fill;
			return next_batch(r, err);
		}
		r->thread_started = 1;
	}
	while (r->use == NULL || r->use->row_pos >= r->use->nrows) {
		if (r->use && (r->use->eof || r->use->failed)) {
			if (r->use->failed) {
				*err = r->use->err;
				r->use->failed = 0;
				r->use->eof = 1;
				return -1;
			}
			return 0;
		}
		pthread_mutex_lock(&r->mu);
		if (r->use) {   /* give it back for refilling */
			r->spare = r->use;
			r->use = NULL;
			pthread_cond_broadcast(&r->cv);
		}
		while (r->ready == NULL)
			pthread_cond_wait(&r->cv, &r->mu);
		r->use = r->ready;
		r->ready = NULL;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	return 1;
}

int
i40_dsv_next(struct i40_dsv *r, struct i40_row *row, struct i40_err *err)
{
	if (r->done)
		return 0;
	int rc = next_batch(r, err);
	if (rc <= 0) {
		r->done = 1;   /* after an error, the rest of the input is not read */
		return rc;
	}
	struct batch *b = r->use;
	const struct row_ref *rr = &b->rows[b->row_pos++];
	if (rr->n > r->fptr_cap) {
		size_t cap = rr->n * 2;
		char **f = realloc(r->fptr, cap * sizeof *f);
		if (f)
			r->fptr = f;
		size_t *l = realloc(r->flen, cap * sizeof *l);
		if (l)
			r->flen = l;
		if (!f || !l)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		r->fptr_cap = cap;
	}
	const size_t *off = b->fields + rr->first;
	size_t end = rr->first + rr->n < b->nfields ? off[rr->n] : b->buf_len;
	for (size_t i = 0; i < rr->n; i++) {
		r->fptr[i] = b->buf + off[i];
		r->flen[i] = (i + 1 < rr->n ? off[i + 1] : end) - off[i] - 1;
	}
	row->n = rr->n;
	row->f = r->fptr;
	row->len = r->flen;
	row->line = rr->line;
	return 1;
}

int
i40_dsv_needs_quote(const char *s, size_t len, char delim)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}

const char *
i40_dsv_row_text(struct i40_dsv *r, const struct i40_row *row, size_t *len)
{
	size_t need = 1;
	for (size_t i = 0; i < row->n; i++)
		need += 2 * row->len[i] + 3;
	if (i40_int_grow((void **)&r->text, &r->text_cap, need, 1) != 0) {
		*len = 0;
		return "";
	}
	char *p = r->text;
	char delim = i40_dsv_delim(r);
	for (size_t i = 0; i < row->n; i++) {
		if (i)
			*p++ = delim;
		if (i40_dsv_needs_quote(row->f[i], row->len[i], delim))
			p += csv_write2(p, need - (size_t)(p - r->text), row->f[i], row->len[i], '"');
		else {
			memcpy(p, row->f[i], row->len[i]);
			p += row->len[i];
		}
	}
	*p = '\0';
	*len = (size_t)(p - r->text);
	return r->text;
}

void
i40_dsv_on_wait(struct i40_dsv *r, void (*fn)(void *), void *ctx)
{
	r->on_wait = fn;
	r->ctx = ctx;
}
