/* text.c - sparklines, bars and column widths for plain-text reports.
 *
 * The morning e-mail is read in a mail client with a monospaced font, or
 * in a terminal at 80 columns.  A row of block characters next to each
 * asset shows the night's trend without an attachment.  Width counting is
 * done here rather than with wcwidth(3) so that the result does not
 * depend on the locale cron happens to run with.
 */
#include <math.h>
#include <string.h>

#include "text.h"

/* U+2581 .. U+2588: the eight block heights, 3 bytes each in UTF-8. */
static const char *const blocks[8] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
};

/* U+258F .. U+2589: left blocks of 1/8 .. 7/8 of a cell. */
static const char *const eighths[8] = {
	"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
	"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89"
};

int
i40_text_spark(const double *v, size_t n, size_t width, double lo, double hi,
	       char *out, size_t size)
{
	double mean = 0, dlo = INFINITY, dhi = -INFINITY;
	size_t cells = n < width ? n : width, k, m = 0, pos = 0;

	if (size < 3 * cells + 1)
		return -1;
	for (k = 0; k < n; k++) {
		if (!isfinite(v[k]))
			continue;
		mean += v[k];
		m++;
		dlo = fmin(dlo, v[k]);
		dhi = fmax(dhi, v[k]);
	}
	if (m > 0)
		mean /= (double)m;
	if (!isfinite(lo))
		lo = dlo;
	if (!isfinite(hi))
		hi = dhi;
	for (k = 0; k < cells; k++) {
		size_t a = k * n / cells, b = (k + 1) * n / cells;
		double x = NAN;
		int level;

		/* the slice's extreme farther from the mean */
		for (size_t i = a; i < b; i++) {
			if (!isfinite(v[i]))
				continue;
			if (isnan(x) || fabs(v[i] - mean) > fabs(x - mean))
				x = v[i];
		}
		if (isnan(x)) {
			out[pos++] = ' ';
			continue;
		}
		if (!(hi > lo))
			level = 3;
		else {
			double q = (x - lo) / (hi - lo) * 8;

			level = q < 0 ? 0 : q >= 7 ? 7 : (int)q;
		}
		memcpy(out + pos, blocks[level], 3);
		pos += 3;
	}
	out[pos] = 0;
	return (int)cells;
}

int
i40_text_bar(double frac, size_t width, char *out, size_t size)
{
	size_t full, pos = 0, cells = 0;
	long e;

	if (size < 3 * width + 1)
		return -1;
	if (!(frac > 0))
		frac = 0;
	if (frac > 1)
		frac = 1;
	e = lround(frac * (double)width * 8);
	full = (size_t)(e / 8);
	for (size_t i = 0; i < full; i++) {
		memcpy(out + pos, blocks[7], 3);
		pos += 3;
		cells++;
	}
	if (e % 8 != 0) {
		memcpy(out + pos, eighths[e % 8], 3);
		pos += 3;
		cells++;
	}
	while (cells < width) {
		out[pos++] = ' ';
		cells++;
	}
	out[pos] = 0;
	return (int)width;
}

/* Decode one UTF-8 character; invalid bytes decode as U+FFFD, length 1. */
static size_t
decode(const unsigned char *p, unsigned long *cp)
{
	size_t n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, *cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, *cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, *cp = p[0] & 0x07;
	else {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	return n;
}

static int
cp_width(unsigned long c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || c == 0xfe0f)
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f)
	    || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff)
	    || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
	    || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f)
	    || (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

size_t
i40_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	while (p && *p) {
		unsigned long c;

		p += decode(p, &c);
		w += (size_t)cp_width(c);
	}
	return w;
}

size_t
i40_text_fit(const char *s, size_t w, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t used = 0, pos = 0, total = i40_text_width((const char *)p);
	size_t limit = total <= w ? w : (w > 0 ? w - 1 : 0);   /* room for "…" */

	if (size == 0)
		return 0;
	while (*p) {
		unsigned long c;
		size_t len = decode(p, &c);
		int cw = cp_width(c);

		if (used + (size_t)cw > limit || pos + len + 4 > size)
			break;
		if (c < 0x20 || c == 0x7f) {
			out[pos++] = ' ';
		} else if (c == 0xfffd && len == 1) {
			memcpy(out + pos, "\xef\xbf\xbd", 3);
			pos += 3;
		} else {
			memcpy(out + pos, p, len);
			pos += len;
		}
		used += (size_t)cw;
		p += len;
	}
	if (*p && w > 0 && pos + 4 <= size) {
		memcpy(out + pos, "\xe2\x80\xa6", 3);
		pos += 3;
		used++;
	}
	out[pos] = 0;
	return used;
}
