/* num.h - numbers as plants write them, and as i40 writes them.
 *
 * Input: optional sign, digits with an optional decimal separator ('.' or
 * ',' for European exports) and thousands separators, optional exponent;
 * blanks around are ignored.  NaN and infinities are never numbers here:
 * a sensor that says "nan" has no reading, and that must be seen.
 * Output: at most 12 significant digits ("%.12g"), integers exactly up to
 * 2^53, so that files stay readable and golden tests stable.
 */
#ifndef I40_NUM_H
#define I40_NUM_H

#include <stddef.h>

#define I40_NUM_MAXLEN 32

/* Parse s[0..len).  decimal is '.' or ','; thousands is 0 (none) or the
 * grouping character ('.', ',', ' ', '\'').  Returns 0, or -1 when the text
 * is not a finite number. */
int i40_num_parse(const char *s, size_t len, char decimal, char thousands, double *out);

/* Is s[0..len) a plain number that can be written through unchanged
 * ("-1.5", "2e-3"; no thousands, decimal point)?  Sets *out. */
int i40_num_plain(const char *s, size_t len, double *out);

/* Write x into buf (>= I40_NUM_MAXLEN); NAN gives "" (missing).
 * Returns the length. */
size_t i40_num_fmt(double x, char *buf);

#endif
