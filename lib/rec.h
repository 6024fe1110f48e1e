/* rec.h - the record stream: ts,asset,signal,value and any other columns.
 *
 * The one contract between the programs (design.md §1).  The reader finds
 * columns by header name, parses the time and the value, reads several
 * files in turn (each with its own header) and keeps every other column
 * for pass-through.  The writer quotes as RFC 4180 requires, writes time
 * in one fixed-width UTC precision per stream, and buffers its output
 * (i40_rec_flush() after each window keeps `tail -f` pipelines live).
 */
#ifndef I40_REC_H
#define I40_REC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dsv.h"
#include "err.h"
#include "tm.h"

/* The standard columns, as bits for i40_rec_opts.need. */
enum {
	I40_COL_TS = 1, I40_COL_ASSET = 2, I40_COL_SIGNAL = 4, I40_COL_VALUE = 8,
	I40_COL_ALL = 15
};

struct i40_rec_opts {
	char delim;                /* 0 or ',': CSV; '\t' with --tsv */
	int sniff;                 /* delim 0: guess it from the header line */
	const char *time_format;   /* see i40_tparse_init(); NULL: auto */
	const struct i40_tz *tz;   /* zone of times written without one */
	unsigned need;             /* columns that must be present; 0: all four */
	const char *names[4];      /* header names of ts, asset, signal, value
	                              (NULL: those four words) */
};

/* One record; pointers valid until the next i40_rec_next(). */
struct i40_rec {
	int64_t ts;                /* ns since the epoch, UTC */
	int ts_digits;             /* fractional digits the input carried */
	const char *asset, *signal, *value;
	size_t asset_len, signal_len, value_len;
	double num;                /* the value, when is_num */
	int is_num;                /* value is a finite number */
	const char *file;
	long line;
	const struct i40_row *row; /* all fields (NULL for a file-level error) */
};

struct i40_rec_reader;

/* Read the files in turn ("-" is stdin; no files: stdin). */
struct i40_rec_reader *i40_rec_open(char *const *paths, size_t npaths,
				    const struct i40_rec_opts *opts, struct i40_err *err);
void i40_rec_close(struct i40_rec_reader *rd);

/* 1: a record.  0: end of all input.  -1: a bad record or an unreadable
 * file; err says why and where, rec->row is the bad row (or NULL): report
 * it, reject it, and call again.  -2: out of memory. */
int i40_rec_next(struct i40_rec_reader *rd, struct i40_rec *rec, struct i40_err *err);

/* Columns other than the four, from the first header seen, in order.
 * Later files are matched to them by name. */
size_t i40_rec_nextra(const struct i40_rec_reader *rd);
const char *i40_rec_extra_name(const struct i40_rec_reader *rd, size_t i);
/* Field of extra column i in rec ("" when the current file lacks it). */
const char *i40_rec_extra(const struct i40_rec_reader *rd, const struct i40_rec *rec,
			  size_t i, size_t *len);
/* Has a header been read yet (so the extras are known)? Reads ahead to
 * the first header if needed; returns -1 on a fatal error. */
int i40_rec_ready(struct i40_rec_reader *rd, struct i40_err *err);

/* The input row as text in its file's dialect, for rejects files. */
const char *i40_rec_raw(struct i40_rec_reader *rd, const struct i40_rec *rec, size_t *len);

/* Called before a read that may block (see i40_dsv_on_wait). */
void i40_rec_on_wait(struct i40_rec_reader *rd, void (*fn)(void *), void *ctx);

/* Counts of local times in a DST gap / repeated hour met so far. */
void i40_rec_dst_counts(const struct i40_rec_reader *rd, long *gaps, long *repeats);

/* ---- writer ---- */

struct i40_rec_writer;

/* precision: 0, 3, 6, 9 fractional digits of ts, or -1 (auto): the finest
 * that the first 1000 rows need (rows are held back until then, or until
 * a flush); later rows are cut to it and counted (i40_rec_truncated). */
struct i40_rec_writer *i40_rec_writer_new(FILE *out, char delim, int precision);
/* Flushes; returns -1 (errno set) if any write failed. */
int i40_rec_writer_free(struct i40_rec_writer *w);

void i40_rec_put(struct i40_rec_writer *w, const char *s, size_t len);
void i40_rec_put_str(struct i40_rec_writer *w, const char *s);
/* A field the caller knows needs no quoting (a number, "0", "1"): not
 * scanned for the delimiter. */
void i40_rec_put_plain(struct i40_rec_writer *w, const char *s, size_t len);
void i40_rec_put_ts(struct i40_rec_writer *w, int64_t ns, int digits);
void i40_rec_put_num(struct i40_rec_writer *w, double x);   /* NAN: empty */
void i40_rec_end(struct i40_rec_writer *w);                 /* end of row */
int i40_rec_flush(struct i40_rec_writer *w);
/* Header line from column names. */
void i40_rec_put_header(struct i40_rec_writer *w, const char *const *names, size_t n);
/* Timestamps that had to be cut to the stream's precision. */
long i40_rec_truncated(const struct i40_rec_writer *w);
int i40_rec_precision(const struct i40_rec_writer *w);

/* "s", "ms", "us", "ns" -> 0/3/6/9; "auto" -> -1. */
int i40_rec_parse_precision(const char *s, int *prec, struct i40_err *err);

#endif
