/* svg.c - the SVG writer under the charts.
 *
 * Everything a chart emits goes through here, so the two properties a
 * report needs of its pictures are kept in one place: well-formed XML
 * whatever the asset names contain, and few bytes per point (a month of
 * data at one point per pixel column must stay well under the 2 MB a
 * mailed report may weigh).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "svg.h"

#define FONT_STACK "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif"

/* Length of the UTF-8 sequence at p (1..4), or 0 when it is not valid. */
static int
utf8_len(const unsigned char *p)
{
	int n, i;
	unsigned long cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and U+FFFE/FFFF are not XML. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

void
i40_svg_esc(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL)
		return;
	while (*p) {
		int n;

		switch (*p) {
		case '&': fputs("&amp;", f); p++; continue;
		case '<': fputs("&lt;", f); p++; continue;
		case '>': fputs("&gt;", f); p++; continue;
		case '"': fputs("&quot;", f); p++; continue;
		case '\'': fputs("&#39;", f); p++; continue;
		default: break;
		}
		if (*p < 0x20) {
			if (*p == '\t' || *p == '\n')
				fputc(*p, f);
			p++;
			continue;
		}
		n = utf8_len(p);
		if (n == 0) {
			fputs("\xef\xbf\xbd", f);
			p++;
			continue;
		}
		fwrite(p, 1, (size_t)n, f);
		p += n;
	}
}

static long
tenths(double x)
{
	if (!isfinite(x))
		return 0;
	if (x > 1e8)
		x = 1e8;
	if (x < -1e8)
		x = -1e8;
	return lround(x * 10);
}

/* "12.5", "3", ".5", "-.5" from a count of tenths; returns the length. */
static int
fmt_tenths(long v, char *buf)
{
	char *p = buf;
	long a = v < 0 ? -v : v;

	if (v < 0)
		*p++ = '-';
	if (a >= 10)
		p += sprintf(p, "%ld", a / 10);
	if (a % 10 != 0)
		p += sprintf(p, ".%ld", a % 10);
	else if (a < 10)
		*p++ = '0';
	*p = 0;
	return (int)(p - buf);
}

void
i40_svg_num(FILE *f, double x)
{
	char buf[32];

	fmt_tenths(tenths(x), buf);
	fputs(buf, f);
}

void
i40_svg_begin(struct i40_svg *s, FILE *f, int w, int h, const char *title,
	      const char *desc, const char *id)
{
	memset(s, 0, sizeof *s);
	s->f = f;
	s->w = w;
	s->h = h;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
		"viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\"", w, h, w, h);
	if (id && *id) {
		fputs(" aria-labelledby=\"", f);
		if (title) {
			i40_svg_esc(f, id);
			fputs("-t", f);
		}
		if (desc) {
			fputs(title ? " " : "", f);
			i40_svg_esc(f, id);
			fputs("-d", f);
		}
		fputs("\"", f);
	}
	fputs(" font-family=\"" FONT_STACK "\" font-size=\"11\">\n", f);
	if (title) {
		fputs("<title", f);
		if (id && *id) {
			fputs(" id=\"", f);
			i40_svg_esc(f, id);
			fputs("-t\"", f);
		}
		fputs(">", f);
		i40_svg_esc(f, title);
		fputs("</title>\n", f);
	}
	if (desc) {
		fputs("<desc", f);
		if (id && *id) {
			fputs(" id=\"", f);
			i40_svg_esc(f, id);
			fputs("-d\"", f);
		}
		fputs(">", f);
		i40_svg_esc(f, desc);
		fputs("</desc>\n", f);
	}
}

int
i40_svg_end(struct i40_svg *s, struct i40_err *err)
{
	fputs("</svg>\n", s->f);
	if (ferror(s->f))
		return i40_err_set(err, I40_ERR_IO, "cannot write the chart");
	return 0;
}

static void
attrs_out(FILE *f, const char *attrs)
{
	if (attrs && *attrs) {
		fputc(' ', f);
		fputs(attrs, f);
	}
}

void
i40_svg_rect(struct i40_svg *s, double x, double y, double w, double h,
	     const char *attrs)
{
	if (w < 0) {
		x += w;
		w = -w;
	}
	if (h < 0) {
		y += h;
		h = -h;
	}
	fputs("<rect x=\"", s->f);
	i40_svg_num(s->f, x);
	fputs("\" y=\"", s->f);
	i40_svg_num(s->f, y);
	fputs("\" width=\"", s->f);
	i40_svg_num(s->f, w);
	fputs("\" height=\"", s->f);
	i40_svg_num(s->f, h);
	fputc('"', s->f);
	attrs_out(s->f, attrs);
	fputs("/>\n", s->f);
}

void
i40_svg_line(struct i40_svg *s, double x1, double y1, double x2, double y2,
	     const char *attrs)
{
	fputs("<line x1=\"", s->f);
	i40_svg_num(s->f, x1);
	fputs("\" y1=\"", s->f);
	i40_svg_num(s->f, y1);
	fputs("\" x2=\"", s->f);
	i40_svg_num(s->f, x2);
	fputs("\" y2=\"", s->f);
	i40_svg_num(s->f, y2);
	fputc('"', s->f);
	attrs_out(s->f, attrs);
	fputs("/>\n", s->f);
}

void
i40_svg_circle(struct i40_svg *s, double cx, double cy, double r, const char *attrs)
{
	fputs("<circle cx=\"", s->f);
	i40_svg_num(s->f, cx);
	fputs("\" cy=\"", s->f);
	i40_svg_num(s->f, cy);
	fputs("\" r=\"", s->f);
	i40_svg_num(s->f, r);
	fputc('"', s->f);
	attrs_out(s->f, attrs);
	fputs("/>\n", s->f);
}

void
i40_svg_text(struct i40_svg *s, double x, double y, const char *attrs,
	     const char *text)
{
	fputs("<text x=\"", s->f);
	i40_svg_num(s->f, x);
	fputs("\" y=\"", s->f);
	i40_svg_num(s->f, y);
	fputc('"', s->f);
	attrs_out(s->f, attrs);
	fputc('>', s->f);
	i40_svg_esc(s->f, text);
	fputs("</text>\n", s->f);
}

void
i40_svg_path_begin(struct i40_svg *s, const char *attrs)
{
	fputs("<path", s->f);
	attrs_out(s->f, attrs);
	fputs(" d=\"", s->f);
	s->pen = 0;
	s->cmd = 0;
	s->col = 0;
}

/* Keep lines of d="" short enough to read and diff. */
static void
path_wrap(struct i40_svg *s, int len)
{
	s->col += len;
	if (s->col > 100) {
		fputc('\n', s->f);
		s->col = 0;
	}
}

void
i40_svg_path_move(struct i40_svg *s, double x, double y)
{
	char bx[32], by[32];
	int n;

	s->px = tenths(x);
	s->py = tenths(y);
	fmt_tenths(s->px, bx);
	fmt_tenths(s->py, by);
	n = fprintf(s->f, "M%s%s%s", bx, by[0] == '-' ? "" : " ", by);
	s->pen = 1;
	s->cmd = 'M';
	path_wrap(s, n);
}

void
i40_svg_path_line(struct i40_svg *s, double x, double y)
{
	char bx[32], by[32];
	long nx = tenths(x), ny = tenths(y);
	int n;

	if (!s->pen) {
		i40_svg_path_move(s, x, y);
		return;
	}
	if (nx == s->px && ny == s->py)
		return;
	fmt_tenths(nx - s->px, bx);
	fmt_tenths(ny - s->py, by);
	if (s->cmd != 'l')
		n = fprintf(s->f, "l%s", bx);
	else if (s->col == 0 || bx[0] == '-')
		n = fprintf(s->f, "%s", bx);
	else
		n = fprintf(s->f, " %s", bx);
	n += fprintf(s->f, "%s%s", by[0] == '-' ? "" : " ", by);
	s->px = nx;
	s->py = ny;
	s->cmd = 'l';
	path_wrap(s, n);
}

void
i40_svg_path_close(struct i40_svg *s)
{
	fputc('z', s->f);
	s->cmd = 'z';
	s->pen = 0;         /* the next piece starts with a move */
	s->col++;
}

void
i40_svg_path_end(struct i40_svg *s)
{
	fputs("\"/>\n", s->f);
	s->pen = 0;
	s->cmd = 0;
}

void
i40_svg_group(struct i40_svg *s, const char *attrs)
{
	fputs("<g", s->f);
	attrs_out(s->f, attrs);
	fputs(">\n", s->f);
}

void
i40_svg_group_end(struct i40_svg *s)
{
	fputs("</g>\n", s->f);
}
