/* tab.h - one table, three renderings: terminal text, Markdown, HTML.
 *
 * The report shows the same tables (alerts, OEE per asset, the reorder
 * list) in every format; the caller builds the rows once as strings and
 * picks the rendering.  Text tables fit a given width (80 columns for
 * e-mail) by cutting the columns marked as shrinkable, with "…".
 */
#ifndef I40_TAB_H
#define I40_TAB_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

enum i40_align { I40_AL_LEFT = 0, I40_AL_RIGHT, I40_AL_CENTER };

struct i40_tabcol {
	const char *head;
	enum i40_align align;       /* numbers: I40_AL_RIGHT */
	int shrink;                 /* may be cut to fit the width (names, text) */
	int status;                 /* HTML: a status word ("ok", "warn",
	                               "alarm") shown as a coloured badge */
};

struct i40_tab {
	const struct i40_tabcol *cols;
	size_t ncols;               /* 1 .. I40_TAB_MAXCOLS */
	const char *const *cells;   /* nrows x ncols, row by row; NULL is "" */
	size_t nrows;
	const char *caption;        /* may be NULL */
};

#define I40_TAB_MAXCOLS 32

/* Fixed-width text within `width` columns (0: 80): caption, header,
 * a rule, rows; two spaces between columns; no trailing blanks. */
int i40_tab_text(FILE *f, const struct i40_tab *t, size_t width, struct i40_err *err);

/* GitHub-flavoured Markdown table; | in cells is escaped. */
int i40_tab_md(FILE *f, const struct i40_tab *t, struct i40_err *err);

/* <table class="tab"> with <caption>, <thead>, <tbody>; cells escaped. */
int i40_tab_html(FILE *f, const struct i40_tab *t, struct i40_err *err);

#endif
