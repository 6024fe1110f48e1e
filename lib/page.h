/* page.h - the HTML page around the charts and tables of a report.
 *
 * One self-contained file: inline CSS, inline SVG, no script, no font or
 * image fetched from anywhere, so it opens the same in a mail client, a
 * browser offline, or years later from an archive.  It reads well on a
 * laptop and prints on A4 with each section on its own page.  The markup
 * is also well-formed XML, so tests can parse it.
 *
 * Use: fill a struct i40_page, i40_page_begin(), then sections holding
 * headline tiles, text, figures (write a chart between figure_begin and
 * figure_end) and tables (i40_tab_html), then i40_page_end().
 */
#ifndef I40_PAGE_H
#define I40_PAGE_H

#include <stddef.h>
#include <stdio.h>

#include "chart.h"
#include "err.h"

struct i40_page {
	/* filled by the caller */
	const char *title;          /* <title> and the heading */
	const char *subtitle;       /* plant, period, time zone; may be NULL */
	const char *footer;         /* "generated ... by i40-report 0.1.0"; the
	                               caller writes the time, so output is
	                               reproducible; may be NULL */
	const char *lang;           /* NULL: "en" */
	/* kept by the page functions */
	FILE *f;
	int nsec;                   /* sections opened */
	int in_sec, in_row;
};

/* A headline tile: "OEE line 2", "71.4%", "target 85%". */
struct i40_kpi {
	const char *label;
	const char *value;
	const char *note;           /* may be NULL */
	enum i40_level level;       /* INFO: neutral, WARN, ALARM; TARGET: met */
	const double *spark;        /* a trend under the value; may be NULL */
	size_t nspark;
};

int i40_page_begin(struct i40_page *p, FILE *f, struct i40_err *err);

/* Start a section (closing the one before); intro may be NULL.  Sections
 * after the first start a new page in print. */
void i40_page_section(struct i40_page *p, const char *title, const char *intro);

void i40_page_kpis(struct i40_page *p, const struct i40_kpi *k, size_t n);

/* A paragraph of escaped text. */
void i40_page_text(struct i40_page *p, const char *text);

/* A boxed note ("no data for the period", a data warning). */
void i40_page_note(struct i40_page *p, enum i40_level level, const char *text);

/* Figures placed side by side on wide screens (stacked in print). */
void i40_page_row(struct i40_page *p);
void i40_page_row_end(struct i40_page *p);

void i40_page_figure_begin(struct i40_page *p);
void i40_page_figure_end(struct i40_page *p, const char *caption);

/* Close what is open and the document; -1 (I40_ERR_IO) on a write error. */
int i40_page_end(struct i40_page *p, struct i40_err *err);

#endif
