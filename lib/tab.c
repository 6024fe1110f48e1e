/* tab.c - rendering a table as text, Markdown or HTML.
 *
 * Text tables are what most readers of the morning mail see, so they get
 * the care: widths in terminal columns (sparklines and accented asset
 * names count right), numbers right-aligned, and when the table is wider
 * than the page the free-text columns give way first, cut with "…",
 * before any number is touched.
 */
#include <stdlib.h>
#include <string.h>

#include "svg.h"
#include "tab.h"
#include "text.h"

static const char *
cell(const struct i40_tab *t, size_t r, size_t c)
{
	const char *s = t->cells ? t->cells[r * t->ncols + c] : NULL;

	return s ? s : "";
}

static int
check(const struct i40_tab *t, struct i40_err *err)
{
	if (t->ncols == 0 || t->ncols > I40_TAB_MAXCOLS || t->cols == NULL)
		return i40_err_set(err, I40_ERR_CONFIG, "a table needs 1 to %d columns",
				   I40_TAB_MAXCOLS);
	if (t->nrows > 0 && t->cells == NULL)
		return i40_err_set(err, I40_ERR_CONFIG, "table rows without cells");
	return 0;
}

static int
done(FILE *f, struct i40_err *err)
{
	if (ferror(f))
		return i40_err_set(err, I40_ERR_IO, "cannot write the table");
	return 0;
}

/* ---- text ---- */

/* Append s fitted into w columns, aligned; pad says whether to fill the
 * right side with blanks (not at the end of a line). */
static size_t
put_cell(char *line, size_t pos, const char *s, size_t w, enum i40_align al, int pad)
{
	char buf[1024];
	size_t used = i40_text_fit(s, w, buf, sizeof buf), left = 0, right;

	if (al == I40_AL_RIGHT)
		left = w - used;
	else if (al == I40_AL_CENTER)
		left = (w - used) / 2;
	right = w - used - left;
	memset(line + pos, ' ', left);
	pos += left;
	memcpy(line + pos, buf, strlen(buf));
	pos += strlen(buf);
	if (pad) {
		memset(line + pos, ' ', right);
		pos += right;
	}
	return pos;
}

/* The two blanks between columns, before every column but the first. */
static size_t
put_gap(char *line, size_t pos, size_t col)
{
	if (col == 0)
		return pos;
	memcpy(line + pos, "  ", 2);
	return pos + 2;
}

static void
put_line(FILE *f, char *line, size_t pos)
{
	while (pos > 0 && line[pos - 1] == ' ')
		pos--;
	fwrite(line, 1, pos, f);
	fputc('\n', f);
}

int
i40_tab_text(FILE *f, const struct i40_tab *t, size_t width, struct i40_err *err)
{
	size_t w[I40_TAB_MAXCOLS], total = 0, j, r, pos, cap;
	char *line;

	if (check(t, err) < 0)
		return -1;
	if (width == 0)
		width = 80;
	for (j = 0; j < t->ncols; j++) {
		w[j] = i40_text_width(t->cols[j].head ? t->cols[j].head : "");
		for (r = 0; r < t->nrows; r++) {
			size_t cw = i40_text_width(cell(t, r, j));

			if (cw > w[j])
				w[j] = cw;
		}
		if (w[j] > 400)
			w[j] = 400;
		total += w[j] + (j ? 2 : 0);
	}
	/* Give way: the widest shrinkable column first, down to 6; then the
	 * widest text column down to 3; numbers last. */
	while (total > width) {
		size_t best = t->ncols;

		for (int pass = 0; pass < 3 && best == t->ncols; pass++)
			for (j = 0; j < t->ncols; j++) {
				int ok = pass == 0 ? t->cols[j].shrink && w[j] > 6
					: pass == 1 ? t->cols[j].align != I40_AL_RIGHT && w[j] > 3
					: w[j] > 3;

				if (ok && (best == t->ncols || w[j] > w[best]))
					best = j;
			}
		if (best == t->ncols)
			break;
		w[best]--;
		total--;
	}
	/* 4 bytes a column at most (UTF-8), and the caption may span width */
	cap = 4 * ((total > width ? total : width) + 2 * t->ncols) + 16;
	line = malloc(cap);
	if (line == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for a table");
	if (t->caption) {
		pos = put_cell(line, 0, t->caption, total < width ? width : total, I40_AL_LEFT, 0);
		put_line(f, line, pos);
	}
	pos = 0;
	for (j = 0; j < t->ncols; j++) {
		pos = put_gap(line, pos, j);
		pos = put_cell(line, pos, t->cols[j].head ? t->cols[j].head : "", w[j],
			       t->cols[j].align, j + 1 < t->ncols);
	}
	put_line(f, line, pos);
	pos = 0;
	for (j = 0; j < t->ncols; j++) {
		pos = put_gap(line, pos, j);
		for (size_t k = 0; k < w[j]; k++) {
			memcpy(line + pos, "\xe2\x94\x80", 3);  /* U+2500 */
			pos += 3;
		}
	}
	put_line(f, line, pos);
	for (r = 0; r < t->nrows; r++) {
		pos = 0;
		for (j = 0; j < t->ncols; j++) {
			pos = put_gap(line, pos, j);
			pos = put_cell(line, pos, cell(t, r, j), w[j], t->cols[j].align,
				       j + 1 < t->ncols);
		}
		put_line(f, line, pos);
	}
	free(line);
	return done(f, err);
}

/* ---- Markdown ---- */

/* A cell's text; blanks at either end mean nothing in Markdown. */
static void
md_esc(FILE *f, const char *s)
{
	const char *e = s + strlen(s);

	while (*s == ' ')
		s++;
	while (e > s && e[-1] == ' ')
		e--;
	for (; s < e; s++) {
		switch (*s) {
		case '|': fputs("\\|", f); break;
		case '\\': fputs("\\\\", f); break;
		case '<': fputs("&lt;", f); break;
		case '\n': case '\r': case '\t': fputc(' ', f); break;
		default: fputc(*s, f); break;
		}
	}
}

int
i40_tab_md(FILE *f, const struct i40_tab *t, struct i40_err *err)
{
	size_t j, r;

	if (check(t, err) < 0)
		return -1;
	if (t->caption) {
		fputs("**", f);
		md_esc(f, t->caption);
		fputs("**\n\n", f);
	}
	fputc('|', f);
	for (j = 0; j < t->ncols; j++) {
		fputc(' ', f);
		md_esc(f, t->cols[j].head ? t->cols[j].head : "");
		fputs(" |", f);
	}
	fputs("\n|", f);
	for (j = 0; j < t->ncols; j++) {
		switch (t->cols[j].align) {
		case I40_AL_RIGHT: fputs(" ---: |", f); break;
		case I40_AL_CENTER: fputs(" :---: |", f); break;
		default: fputs(" --- |", f); break;
		}
	}
	fputc('\n', f);
	for (r = 0; r < t->nrows; r++) {
		fputc('|', f);
		for (j = 0; j < t->ncols; j++) {
			fputc(' ', f);
			md_esc(f, cell(t, r, j));
			fputs(" |", f);
		}
		fputc('\n', f);
	}
	return done(f, err);
}

/* ---- HTML ---- */

static const char *
align_class(enum i40_align a)
{
	return a == I40_AL_RIGHT ? " class=\"r\"" : a == I40_AL_CENTER ? " class=\"c\"" : "";
}

/* The badge class of a status word: its letters, lower case. */
static void
status_class(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 1 < size && n < 16; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z')
			out[n++] = c;
	}
	out[n] = 0;
}

int
i40_tab_html(FILE *f, const struct i40_tab *t, struct i40_err *err)
{
	size_t j, r;
	char cls[20];

	if (check(t, err) < 0)
		return -1;
	fputs("<table class=\"tab\">\n", f);
	if (t->caption) {
		fputs("<caption>", f);
		i40_svg_esc(f, t->caption);
		fputs("</caption>\n", f);
	}
	fputs("<thead><tr>", f);
	for (j = 0; j < t->ncols; j++) {
		fprintf(f, "<th scope=\"col\"%s>", align_class(t->cols[j].align));
		i40_svg_esc(f, t->cols[j].head);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (r = 0; r < t->nrows; r++) {
		fputs("<tr>", f);
		for (j = 0; j < t->ncols; j++) {
			const char *s = cell(t, r, j);

			fprintf(f, "<td%s>", align_class(t->cols[j].align));
			if (t->cols[j].status && s[0]) {
				status_class(s, cls, sizeof cls);
				fprintf(f, "<span class=\"st st-%s\">", cls);
				i40_svg_esc(f, s);
				fputs("</span>", f);
			} else {
				i40_svg_esc(f, s);
			}
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	return done(f, err);
}
