/* re.h - PCRE2 patterns with named groups (log lines, MQTT topics).
 *
 * Patterns are compiled once, UTF-8 aware but tolerant of invalid bytes
 * in the subject (PCRE2_MATCH_INVALID_UTF), JIT-compiled where the
 * platform allows, with a match limit so a pathological pattern cannot
 * hang a pipeline.
 */
#ifndef I40_RE_H
#define I40_RE_H

#include <stddef.h>

#include "err.h"

struct i40_re;

/* Compile; on error err says what and at which character. */
struct i40_re *i40_re_compile(const char *pattern, struct i40_err *err);
void i40_re_free(struct i40_re *re);

/* 1: matched, 0: no match, -1: matching failed (err: e.g. match limit). */
int i40_re_match(struct i40_re *re, const char *s, size_t len, struct i40_err *err);

/* Number of the named group, or -1 when the pattern has none. */
int i40_re_group_number(const struct i40_re *re, const char *name);
/* Text of group n in the last match, or NULL when it did not take part. */
const char *i40_re_group(const struct i40_re *re, int n, size_t *len);

#endif
