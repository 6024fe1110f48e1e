/* text.h - pictures made of characters: sparklines and bars.
 *
 * The plain-text report goes to a terminal or into an e-mail where no
 * image survives; Unicode block characters (U+2581..U+2588) still show a
 * trend at a glance and a bar to an eighth of a character.  Widths are
 * counted in terminal columns, not bytes, so tables built with them stay
 * aligned.
 */
#ifndef I40_TEXT_H
#define I40_TEXT_H

#include <stddef.h>

/* Sparkline of v[0..n) in min(n, width) cells, one of the eight blocks
 * each ("▁▂▃▄▅▆▇█"); NAN is a space.  lo and hi fix the scale (NAN: the
 * data's).  When n > width each cell stands for a slice of the series
 * and shows its extreme farther from the series mean, so a spike or a
 * dip is never averaged away.  A flat series is drawn at mid height.
 * Writes UTF-8 and a NUL into out; returns the number of cells, or -1
 * when out is too small (3 bytes a cell + 1). */
int i40_text_spark(const double *v, size_t n, size_t width, double lo, double hi,
		   char *out, size_t size);

/* Bar of frac (0..1) x width cells to an eighth of a cell ("███▍"),
 * padded with spaces to width cells.  Returns the cells written (width),
 * or -1 when out is too small (3 bytes a cell + 1). */
int i40_text_bar(double frac, size_t width, char *out, size_t size);

/* Terminal columns of UTF-8 text: combining marks take none, East Asian
 * wide characters two, other characters one. */
size_t i40_text_width(const char *s);

/* Copy s into out, cut to at most w columns with "…" at the cut;
 * returns the columns of the result.  Control characters become spaces. */
size_t i40_text_fit(const char *s, size_t w, char *out, size_t size);

#endif
