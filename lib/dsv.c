/* dsv.c - a pull reader over libcsv's push parser.
 *
 * libcsv calls back per field and per row while it parses a buffer; the
 * programs want "give me the next row".  So a chunk is parsed at a time,
 * its rows are queued in an arena, and handed out one by one; the fields
 * of a row cut by the chunk boundary are kept for the next round.
 * CSV_REPALL_NL makes libcsv report every line end, which is how blank
 * lines and CRLF pairs are counted and every row knows its line number.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "dsv.h"
#include "lines.h"

#define CHUNK (256 * 1024)

struct field_ref {
	size_t off, len;
};

struct row_ref {
	size_t first, n;
	long line;
};

struct i40_dsv {
	FILE *fp;
	char name[256];
	char delim;
	struct csv_parser p;
	char *chunk;
	char *buf;                   /* field bytes, each NUL-terminated */
	size_t buf_len, buf_cap;
	struct field_ref *fields;
	size_t nfields, fields_cap;
	size_t row_first;            /* first field of the row being built */
	struct row_ref *rows;
	size_t nrows, rows_cap, row_pos;
	long line;                   /* line the row being built starts on */
	long nl_in_row;              /* line ends inside its quoted fields */
	int last_cr;
	int started, eof, nomem;
	int fd, regular;
	int quotes;                  /* a '"' has been read */
	void (*on_wait)(void *);
	void *ctx;
	char **fptr;
	size_t *flen;
	size_t fptr_cap;
	char *text;                  /* i40_dsv_row_text() */
	size_t text_cap;
};

static int
grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 64;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (q == NULL)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct i40_dsv *r = data;
	const char *c = s;

	if (grow((void **)&r->buf, &r->buf_cap, r->buf_len + len + 1, 1) != 0 ||
	    grow((void **)&r->fields, &r->fields_cap, r->nfields + 1, sizeof *r->fields) != 0) {
		r->nomem = 1;
		return;
	}
	if (len)
		memcpy(r->buf + r->buf_len, s, len);
	r->buf[r->buf_len + len] = '\0';
	r->fields[r->nfields].off = r->buf_len;
	r->fields[r->nfields].len = len;
	r->nfields++;
	r->buf_len += len + 1;
	/* line ends inside a quoted field: LF, CRLF, or a lone CR; only a
	 * stream that has had a quote character can have them */
	if (r->quotes && len && (memchr(c, '\n', len) || memchr(c, '\r', len)))
		for (size_t i = 0; i < len; i++)
			if (c[i] == '\n' || (c[i] == '\r' && (i + 1 == len || c[i + 1] != '\n')))
				r->nl_in_row++;
}

static void
on_row(int c, void *data)
{
	struct i40_dsv *r = data;
	size_t n = r->nfields - r->row_first;

	if (n == 0) {   /* a blank line, or the LF of a CRLF */
		if (!(c == '\n' && r->last_cr) && c != -1)
			r->line++;
		r->last_cr = c == '\r';
		return;
	}
	if (grow((void **)&r->rows, &r->rows_cap, r->nrows + 1, sizeof *r->rows) != 0) {
		r->nomem = 1;
		return;
	}
	r->rows[r->nrows].first = r->row_first;
	r->rows[r->nrows].n = n;
	r->rows[r->nrows].line = r->line;
	r->nrows++;
	r->line += r->nl_in_row + (c == -1 ? 0 : 1);
	r->nl_in_row = 0;
	r->last_cr = c == '\r';
	r->row_first = r->nfields;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;   /* fields are passed through untrimmed */
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
	return r;
}

void
i40_dsv_close(struct i40_dsv *r)
{
	if (r == NULL)
		return;
	csv_free(&r->p);
	free(r->chunk);
	free(r->buf);
	free(r->fields);
	free(r->rows);
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

/* Drop handed-out rows; keep the fields of the row still being built. */
static void
compact(struct i40_dsv *r)
{
	size_t keep = r->row_first < r->nfields ? r->fields[r->row_first].off : r->buf_len;
	size_t nkeep = r->nfields - r->row_first;

	if (r->buf_len > keep)
		memmove(r->buf, r->buf + keep, r->buf_len - keep);
	r->buf_len -= keep;
	for (size_t i = 0; i < nkeep; i++) {
		r->fields[i] = r->fields[r->row_first + i];
		r->fields[i].off -= keep;
	}
	r->nfields = nkeep;
	r->row_first = 0;
	r->nrows = r->row_pos = 0;
}

static int
refill(struct i40_dsv *r, struct i40_err *err)
{
	compact(r);
	/* memory streams (tests, fuzzing) have no descriptor */
	long got = r->fd >= 0 ? i40_read_some(r->fd, r->chunk, CHUNK, r->regular, r->on_wait, r->ctx) :
		   ferror(r->fp) ? -1 : (long)fread(r->chunk, 1, CHUNK, r->fp);
	if (got < 0)
		return i40_err_at(err, I40_ERR_IO, r->name, r->line, 0, "read error: %s", strerror(errno));
	size_t n = (size_t)got;
	if (n == 0) {
		r->eof = 1;
		if (!r->started)
			return 0;
		long start = r->line;
		/* strict only now: an open quote at the end is an error, a
		 * stray quote inside the file is taken literally */
		csv_set_opts(&r->p, CSV_REPALL_NL | CSV_STRICT | CSV_STRICT_FINI);
		if (csv_fini(&r->p, on_field, on_row, r) != 0)
			return i40_err_at(err, I40_ERR_DATA, r->name, start, 0,
					  "quoted field opened here is never closed: the rest of the input "
					  "(from this line on) was not read");
		return r->nomem ? i40_err_set(err, I40_ERR_NOMEM, "out of memory") : 0;
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
	if (csv_parse(&r->p, s, n, on_field, on_row, r) != n || r->nomem)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory reading %s: %s", r->name,
				   csv_strerror(csv_error(&r->p)));
	return 0;
}

int
i40_dsv_next(struct i40_dsv *r, struct i40_row *row, struct i40_err *err)
{
	while (r->row_pos >= r->nrows) {
		if (r->eof)
			return 0;
		if (refill(r, err) != 0)
			return -1;
	}
	const struct row_ref *rr = &r->rows[r->row_pos++];
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
	for (size_t i = 0; i < rr->n; i++) {
		r->fptr[i] = r->buf + r->fields[rr->first + i].off;
		r->flen[i] = r->fields[rr->first + i].len;
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
	if (grow((void **)&r->text, &r->text_cap, need, 1) != 0) {
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
