/* svg.h - writing SVG: escaped text, short numbers, compact paths.
 *
 * The charts of a report are SVG written by hand, so that the page is one
 * self-contained file a mail client or a browser shows as is.  This layer
 * keeps that output correct (every piece of user text escaped, the XML
 * well-formed) and small (coordinates in tenths of a pixel, paths with
 * relative moves), and the same input always gives the same bytes.
 *
 * Attribute strings passed as `attrs` are written verbatim: they are the
 * chart code's own constants (fill="#0072b2"), never user data.
 */
#ifndef I40_SVG_H
#define I40_SVG_H

#include <stdio.h>

#include "err.h"

struct i40_svg {
	FILE *f;
	int w, h;               /* size in px (the viewBox) */
	/* path state */
	int pen;                /* 0: no current point */
	long px, py;            /* current point, tenths of a px */
	char cmd;               /* last command written: 'M', 'l' or 0 */
	int col;                /* characters on the current line of d="" */
};

/* Write text escaped for XML content or a quoted attribute: & < > " ' are
 * escaped, C0 controls other than tab and newline are dropped and bytes
 * that are not UTF-8 become U+FFFD, so that any input keeps the document
 * well-formed.  NULL writes nothing. */
void i40_svg_esc(FILE *f, const char *s);

/* Write x with at most one decimal ("12.5", "3", "-0.5" as "-.5"). */
void i40_svg_num(FILE *f, double x);

/* Start an SVG of w x h px.  title and desc (may be NULL) become <title>
 * and <desc> for screen readers; id (may be NULL), unique in the page,
 * links them with aria-labelledby. */
void i40_svg_begin(struct i40_svg *s, FILE *f, int w, int h, const char *title,
		   const char *desc, const char *id);

/* Close the SVG; -1 (I40_ERR_IO) when the stream had a write error. */
int i40_svg_end(struct i40_svg *s, struct i40_err *err);

void i40_svg_rect(struct i40_svg *s, double x, double y, double w, double h,
		  const char *attrs);
void i40_svg_line(struct i40_svg *s, double x1, double y1, double x2, double y2,
		  const char *attrs);
void i40_svg_circle(struct i40_svg *s, double cx, double cy, double r, const char *attrs);

/* Text at (x, y) (baseline).  text is escaped. */
void i40_svg_text(struct i40_svg *s, double x, double y, const char *attrs,
		  const char *text);

/* A path: begin, then moves and lines, then end.  Lines are written as
 * relative moves, in tenths of a px, so a long series costs a few bytes a
 * point. */
void i40_svg_path_begin(struct i40_svg *s, const char *attrs);
void i40_svg_path_move(struct i40_svg *s, double x, double y);
void i40_svg_path_line(struct i40_svg *s, double x, double y);
void i40_svg_path_close(struct i40_svg *s);
void i40_svg_path_end(struct i40_svg *s);

/* Open and close a group <g attrs>. */
void i40_svg_group(struct i40_svg *s, const char *attrs);
void i40_svg_group_end(struct i40_svg *s);

#endif
