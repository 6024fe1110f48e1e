/* dsv.h - rows of a delimiter-separated file (CSV, TSV, ';'), via libcsv.
 *
 * A pull reader over libcsv's push parser: i40_dsv_next() hands out one
 * row at a time with its fields NUL-terminated, and the line the row
 * starts on (quoted fields may span lines).  RFC 4180 quoting, CRLF, a
 * UTF-8 BOM and very long fields are handled; fields are not trimmed.
 */
#ifndef I40_DSV_H
#define I40_DSV_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct i40_dsv;

/* One row; valid until the next call of i40_dsv_next(). */
struct i40_row {
	size_t n;           /* number of fields */
	char **f;           /* f[i] is NUL-terminated (may contain NULs if the input did) */
	size_t *len;        /* len[i] = length of f[i] */
	long line;          /* line the row starts on (1-based) */
};

/* Read from fp (not closed by i40_dsv_close); name is used in messages.
 * delim 0 means: guess from the first line (',' ';' tab or '|'). */
struct i40_dsv *i40_dsv_open(FILE *fp, const char *name, char delim, struct i40_err *err);
void i40_dsv_close(struct i40_dsv *r);

/* 1: a row; 0: end of input; -1: error (I/O, or an unterminated quote at
 * the end: err says from which line).  Blank lines are skipped. */
int i40_dsv_next(struct i40_dsv *r, struct i40_row *row, struct i40_err *err);

/* Called before a read(2) that may block (pipes, terminals), so a program
 * can flush its output there; NULL for none. */
void i40_dsv_on_wait(struct i40_dsv *r, void (*fn)(void *), void *ctx);

const char *i40_dsv_name(const struct i40_dsv *r);
char i40_dsv_delim(const struct i40_dsv *r);

/* A row written back in the reader's dialect (quoted where needed), for
 * rejects files.  Returns a pointer to an internal buffer of the reader,
 * valid until the next call. */
const char *i40_dsv_row_text(struct i40_dsv *r, const struct i40_row *row, size_t *len);

/* Does a field need quoting for delimiter delim? */
int i40_dsv_needs_quote(const char *s, size_t len, char delim);

#endif
