/* num.c - strict number parsing and stable number formatting. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Does s[0..len) look like [sign] digits [. digits] [e [sign] digits]?
 * strtod alone would also take "nan", "inf", hex and leading blanks. */
static int
plain_shape(const char *s, size_t len)
{
	size_t i = 0, nd = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < len && is_digit(s[i]))
		i++, nd++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i]))
			i++, nd++;
	}
	if (nd == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t ne = 0;
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < len && is_digit(s[i]))
			i++, ne++;
		if (ne == 0)
			return 0;
	}
	return i == len;
}

static int
to_double(const char *s, size_t len, double *out)
{
	char small[64], *buf = small, *end;
	if (len >= sizeof small && (buf = malloc(len + 1)) == NULL)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	double x = strtod(buf, &end);
	int ok = end == buf + len && isfinite(x);
	if (buf != small)
		free(buf);
	if (!ok)
		return -1;
	*out = x;
	return 0;
}

/* Exact powers of ten up to 1e22 (all representable in a double). */
static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

int
i40_num_plain(const char *s, size_t len, double *out)
{
	/* Clinger's fast path: a significand below 2^53 times or divided by
	 * an exact power of ten up to 1e22 is correctly rounded by one IEEE
	 * operation.  Sensor values ("71.25", "-0.003") nearly always
	 * qualify; anything else goes to strtod. */
	size_t i = 0;
	int neg = 0, nd = 0, frac = 0;
	uint64_t m = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < len && is_digit(s[i]); i++, nd++)
		if (nd < 19)
			m = m * 10 + (uint64_t)(s[i] - '0');
	if (i < len && s[i] == '.')
		for (i++; i < len && is_digit(s[i]); i++, nd++, frac++)
			if (nd < 19)
				m = m * 10 + (uint64_t)(s[i] - '0');
	if (i == len && nd > 0 && nd < 19 && frac <= 22 && m < (1ULL << 53)) {
		double x = (double)m;
		x = frac ? x / pow10_exact[frac] : x;
		*out = neg ? -x : x;
		return 0;
	}
	if (!plain_shape(s, len))
		return -1;
	return to_double(s, len, out);
}

int
i40_num_parse(const char *s, size_t len, char decimal, char thousands, double *out)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return -1;
	if (decimal == '.' && thousands == 0)
		return i40_num_plain(s, len, out);

	char small[64], *buf = small;
	if (len >= sizeof small && (buf = malloc(len + 1)) == NULL)
		return -1;
	size_t n = 0;
	int seen_decimal = 0, seen_exp = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == 'e' || c == 'E')
			seen_exp = 1;
		if (thousands && c == thousands && !seen_decimal && !seen_exp &&
		    n > 0 && is_digit(buf[n - 1]) && i + 1 < len && is_digit(s[i + 1]))
			continue;
		if (c == decimal && !seen_exp) {
			if (seen_decimal) {
				n = 0;   /* "1,2,3": not a number */
				break;
			}
			seen_decimal = 1;
			c = '.';
		} else if (c == '.' && decimal != '.') {
			c = 'x';     /* a point where a comma is the decimal mark */
		}
		buf[n++] = c;
	}
	int rc = i40_num_plain(buf, n, out);
	if (buf != small)
		free(buf);
	return rc;
}

/* "%.12g" of a in [1e-4, 1e12) without printf, which spends half a
 * microsecond on it: a times an exact power of ten is within half an ulp
 * (2^-13 at most) of the exact product, so rounding it to 12 digits
 * gives printf's result unless the product is near a tie; then -1 and
 * printf decides.  Writes the digits of a (no sign) into buf. */
static int
fmt12(double a, char *buf)
{
	int e, k, n = 0, last, i;
	double m;
	uint64_t r;
	char d[12];

	if (!(a >= 1e-4 && a < 1e12))
		return -1;
	e = (int)floor(log10(a));
	k = 11 - e;
	if (k < 0 || k > 22)
		return -1;
	m = a * pow10_exact[k];
	if (m < 1e11 && k < 22) {             /* log10 rounded up: one more digit */
		e--;
		m = a * pow10_exact[++k];
	} else if (m >= 1e12 && k > 0) {      /* rounded down */
		e++;
		m = a * pow10_exact[--k];
	}
	if (!(m >= 1e11 && m < 1e12) || fabs(m - floor(m) - 0.5) < 1e-3)
		return -1;
	r = (uint64_t)floor(m + 0.5);
	if (r == 1000000000000ULL) {          /* 999999999999.7 rounds to 10^12 */
		r /= 10;
		e++;
	}
	if (e < -4 || e > 11)
		return -1;
	for (i = 11; i >= 0; i--, r /= 10)
		d[i] = (char)('0' + r % 10);
	for (last = 11; last > 0 && d[last] == '0'; last--)
		;
	if (e >= 0) {
		for (i = 0; i <= e; i++)
			buf[n++] = d[i];
		if (last > e)
			buf[n++] = '.';
		for (i = e + 1; i <= last; i++)
			buf[n++] = d[i];
	} else {
		buf[n++] = '0';
		buf[n++] = '.';
		for (i = -1; i > e; i--)
			buf[n++] = '0';
		for (i = 0; i <= last; i++)
			buf[n++] = d[i];
	}
	buf[n] = '\0';
	return n;
}

size_t
i40_num_fmt(double x, char *buf)
{
	int n;
	if (isnan(x)) {
		buf[0] = '\0';
		return 0;
	}
	if (x == floor(x) && fabs(x) < 9007199254740992.0)
		return (size_t)snprintf(buf, I40_NUM_MAXLEN, "%.0f", x == 0 ? 0.0 : x);
	if (x < 0) {
		buf[0] = '-';
		if ((n = fmt12(-x, buf + 1)) > 0)
			return (size_t)n + 1;
	} else if ((n = fmt12(x, buf)) > 0) {
		return (size_t)n;
	}
	return (size_t)snprintf(buf, I40_NUM_MAXLEN, "%.12g", x);
}
