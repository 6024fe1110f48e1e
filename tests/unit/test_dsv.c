/* test_dsv.c - the CSV row reader: quoting, line numbers, dialects. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dsv.h"

struct reader {
	FILE *fp;
	struct i40_dsv *r;
};

static struct reader
open_text(const char *text, size_t len, char delim)
{
	struct reader rd;
	rd.fp = fmemopen((void *)text, len ? len : 1, "r");
	if (len == 0) {   /* fmemopen needs a size > 0: read the 1 byte away */
		fclose(rd.fp);
		rd.fp = fopen("/dev/null", "r");
	}
	assert_non_null(rd.fp);
	rd.r = i40_dsv_open(rd.fp, "t.csv", delim, NULL);
	assert_non_null(rd.r);
	return rd;
}

static void
close_reader(struct reader *rd)
{
	i40_dsv_close(rd->r);
	fclose(rd->fp);
}

static void
row_is(struct i40_dsv *r, long line, size_t n, ...)
{
	struct i40_row row;
	struct i40_err e;
	va_list ap;
	assert_int_equal(i40_dsv_next(r, &row, &e), 1);
	assert_int_equal(row.line, line);
	assert_int_equal(row.n, n);
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);
		assert_string_equal(row.f[i], want);
		assert_int_equal(row.len[i], strlen(want));
	}
	va_end(ap);
}

static void
at_end(struct i40_dsv *r)
{
	struct i40_row row;
	struct i40_err e;
	assert_int_equal(i40_dsv_next(r, &row, &e), 0);
}

static void
plain_rows_and_lines(void **state)
{
	const char *t = "a,b,c\n1,2,3\n\n4,,6\n";
	struct reader rd = open_text(t, strlen(t), ',');
	(void)state;
	row_is(rd.r, 1, 3, "a", "b", "c");
	row_is(rd.r, 2, 3, "1", "2", "3");
	row_is(rd.r, 4, 3, "4", "", "6");   /* the blank line 3 is skipped, but counted */
	at_end(rd.r);
	close_reader(&rd);
}

static void
crlf_bom_and_no_final_newline(void **state)
{
	const char *t = "\xEF\xBB\xBFts,value\r\n2024-01-01, 1.5 \r\n\r\nx,y";
	struct reader rd = open_text(t, strlen(t), ',');
	(void)state;
	row_is(rd.r, 1, 2, "ts", "value");
	row_is(rd.r, 2, 2, "2024-01-01", " 1.5 ");   /* not trimmed */
	row_is(rd.r, 4, 2, "x", "y");
	at_end(rd.r);
	close_reader(&rd);
}

static void
quoted_commas_quotes_newlines(void **state)
{
	const char *t = "a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\r\nlast,\"\"\n";
	struct reader rd = open_text(t, strlen(t), ',');
	(void)state;
	row_is(rd.r, 1, 2, "a", "b");
	row_is(rd.r, 2, 2, "x,1", "say \"hi\"");
	row_is(rd.r, 3, 2, "two\nlines", "z");
	row_is(rd.r, 5, 2, "last", "");   /* the quoted newline moved it to line 5 */
	at_end(rd.r);
	close_reader(&rd);
}

static void
unterminated_quote_is_an_error(void **state)
{
	const char *t = "a,b\n1,2\n3,\"open\n4,5\n";
	struct reader rd = open_text(t, strlen(t), ',');
	struct i40_row row;
	struct i40_err e;
	(void)state;
	row_is(rd.r, 1, 2, "a", "b");
	row_is(rd.r, 2, 2, "1", "2");
	assert_int_equal(i40_dsv_next(rd.r, &row, &e), -1);
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, "never closed"));
	close_reader(&rd);
}

static void
empty_and_header_only(void **state)
{
	struct reader rd = open_text("", 0, ',');
	(void)state;
	at_end(rd.r);
	close_reader(&rd);
	rd = open_text("ts,asset\n", 9, ',');
	row_is(rd.r, 1, 2, "ts", "asset");
	at_end(rd.r);
	close_reader(&rd);
}

static void
guessed_and_given_delimiters(void **state)
{
	const char *t = "Zeit;\"Temp; C\";Druck\n01.02.2024;1,5;2\n";
	struct reader rd = open_text(t, strlen(t), 0);
	(void)state;
	row_is(rd.r, 1, 3, "Zeit", "Temp; C", "Druck");
	row_is(rd.r, 2, 3, "01.02.2024", "1,5", "2");
	assert_int_equal(i40_dsv_delim(rd.r), ';');
	close_reader(&rd);
	t = "a\tb\nx y\t2\n";
	rd = open_text(t, strlen(t), '\t');
	row_is(rd.r, 1, 2, "a", "b");
	row_is(rd.r, 2, 2, "x y", "2");
	close_reader(&rd);
}

static void
row_text_requotes(void **state)
{
	const char *t = "\"a,b\",c,\"q\"\"\"\n";
	struct reader rd = open_text(t, strlen(t), ',');
	struct i40_row row;
	size_t len;
	(void)state;
	assert_int_equal(i40_dsv_next(rd.r, &row, NULL), 1);
	const char *text = i40_dsv_row_text(rd.r, &row, &len);
	assert_string_equal(text, "\"a,b\",c,\"q\"\"\"");
	assert_int_equal(len, strlen(text));
	close_reader(&rd);
}

/* Rows crossing the reader's 256 KiB chunks, a 1 MiB field, line counts. */
static void
long_input_and_long_field(void **state)
{
	size_t rows = 60000, cap = rows * 40 + (1 << 20) + 100, n = 0;
	char *t = malloc(cap);
	(void)state;
	n += (size_t)sprintf(t + n, "id,text\n");
	for (size_t i = 0; i < rows; i++) {
		n += (size_t)sprintf(t + n, "%zu,\"row %zu\nx\"\n", i, i);
		if (i == rows / 2) {
			n += (size_t)sprintf(t + n, "big,");
			memset(t + n, 'z', 1 << 20);
			n += 1 << 20;
			t[n++] = '\n';
		}
	}
	struct reader rd = open_text(t, n, ',');
	struct i40_row row;
	long line = 2;
	char want[64];
	assert_int_equal(i40_dsv_next(rd.r, &row, NULL), 1);
	for (size_t i = 0; i < rows; i++) {
		assert_int_equal(i40_dsv_next(rd.r, &row, NULL), 1);
		snprintf(want, sizeof want, "%zu", i);
		assert_string_equal(row.f[0], want);
		assert_int_equal(row.line, line);
		line += 2;
		if (i == rows / 2) {
			assert_int_equal(i40_dsv_next(rd.r, &row, NULL), 1);
			assert_int_equal(row.len[1], 1 << 20);
			assert_int_equal(row.line, line);
			line++;
		}
	}
	at_end(rd.r);
	close_reader(&rd);
	free(t);
}

/* Blanks are field bytes: leading, trailing, alone, in TSV around empty
 * fields, before a quote (then literal), across chunk boundaries, read
 * from memory and from a regular file (the read-ahead thread). */
static void
blanks_are_kept(void **state)
{
	const char *t = " a , b ,  ,\t, \"q\"\nx,\" in \",y \n";
	struct reader rd = open_text(t, strlen(t), ',');
	(void)state;
	row_is(rd.r, 1, 5, " a ", " b ", "  ", "\t", " \"q\"");
	row_is(rd.r, 2, 3, "x", " in ", "y ");
	at_end(rd.r);
	close_reader(&rd);
	t = "\tx\t\t y \n \t\t\n";
	rd = open_text(t, strlen(t), '\t');
	row_is(rd.r, 1, 4, "", "x", "", " y ");
	row_is(rd.r, 2, 3, " ", "", "");
	at_end(rd.r);
	close_reader(&rd);

	size_t rows = 40000, cap = rows * 32 + 16, n = 0;
	char *text = malloc(cap);
	for (size_t i = 0; i < rows; i++)
		n += (size_t)sprintf(text + n, i % 7 ? " %zu ,\t%zu\t, \n" : "%zu,%zu,\n", i, i);
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	assert_int_equal(fwrite(text, 1, n, tmp), n);
	rewind(tmp);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0) {
			rd = open_text(text, n, ',');
		} else {
			rd.fp = tmp;
			rd.r = i40_dsv_open(tmp, "t.csv", ',', NULL);
		}
		struct i40_row row;
		char a[32], b[32];
		for (size_t i = 0; i < rows; i++) {
			assert_int_equal(i40_dsv_next(rd.r, &row, NULL), 1);
			snprintf(a, sizeof a, i % 7 ? " %zu " : "%zu", i);
			snprintf(b, sizeof b, i % 7 ? "\t%zu\t" : "%zu", i);
			assert_int_equal(row.n, 3);
			assert_string_equal(row.f[0], a);
			assert_string_equal(row.f[1], b);
			assert_string_equal(row.f[2], i % 7 ? " " : "");
			assert_int_equal(row.line, (long)i + 1);
		}
		at_end(rd.r);
		close_reader(&rd);
	}
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_rows_and_lines),
		cmocka_unit_test(crlf_bom_and_no_final_newline),
		cmocka_unit_test(quoted_commas_quotes_newlines),
		cmocka_unit_test(unterminated_quote_is_an_error),
		cmocka_unit_test(empty_and_header_only),
		cmocka_unit_test(guessed_and_given_delimiters),
		cmocka_unit_test(row_text_requotes),
		cmocka_unit_test(long_input_and_long_field),
		cmocka_unit_test(blanks_are_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
