/* testutil.h - small checks the unit tests share, written once.
 *
 * static inline, so that a test that uses one of them does not warn
 * about the others.  Include after <cmocka.h>.
 */
#ifndef I40_TESTUTIL_H
#define I40_TESTUTIL_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tm.h"

/* Fail with both numbers when got is further than tol from want. */
static inline void
assert_near(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("%s: got %.17g, want %.17g (tolerance %g)", what, got, want, tol);
}

/* An ISO 8601 time as ns since the epoch; the test fails if it does not
 * parse. */
static inline int64_t
iso(const char *s)
{
	struct i40_tparse tp;
	int64_t ns = 0;

	i40_tparse_init(&tp, "iso", NULL, NULL);
	assert_int_equal(i40_tparse(&tp, s, strlen(s), &ns, NULL, NULL), 0);
	return ns;
}

/* A new file in /tmp holding text; returns its path (free it, unlink
 * the file). */
static inline char *
temp_file(const char *text)
{
	char *path = strdup("/tmp/i40-test-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* How many times what occurs in s (overlaps counted). */
static inline int
count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

#endif
