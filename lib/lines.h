/* lines.h - text lines from a stream, for the line formats (logs, Influx
 * line protocol, mosquitto_sub output).  Any line length; CR before LF and
 * a leading UTF-8 BOM are dropped; the line number is counted.  Reads with
 * read(2), calling an optional hook before each read that may block (on
 * pipes and terminals), so a program can flush its output there and live
 * feeds are not held back in a buffer. */
#ifndef I40_LINES_H
#define I40_LINES_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct i40_lines;

struct i40_lines *i40_lines_open(FILE *fp, const char *name, struct i40_err *err);
void i40_lines_close(struct i40_lines *l);

/* Called before a read(2) that may block; NULL for none. */
void i40_lines_on_wait(struct i40_lines *l, void (*fn)(void *), void *ctx);

/* 1: a line in *s (NUL-terminated, without its end), *len, *lineno;
 * 0: end of input; -1: read error. */
int i40_lines_next(struct i40_lines *l, char **s, size_t *len, long *lineno, struct i40_err *err);

/* Read up to n bytes with read(2), retrying on EINTR; calls fn(ctx) first
 * when the descriptor is not a regular file.  Shared by the readers. */
long i40_read_some(int fd, char *buf, size_t n, int regular, void (*fn)(void *), void *ctx);
int i40_fd_is_regular(int fd);

#endif
