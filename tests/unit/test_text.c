/* test_text.c - sparklines, bars and column widths of plain-text reports.
 *
 * Expected strings are worked from the definitions in text.h: a value v
 * on [lo, hi] is block floor((v - lo) / (hi - lo) * 8), capped at the
 * eighth; bars are frac * width * 8 eighths of a cell.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "text.h"

static void
spark_known_series(void **state)
{
	const double v[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	char out[64];

	(void)state;
	/* 0..7 on its own range: k * 8 / 7 floors to k, and 7 is the top */
	assert_int_equal(i40_text_spark(v, 8, 80, NAN, NAN, out, sizeof out), 8);
	assert_string_equal(out, "\xe2\x96\x81\xe2\x96\x82\xe2\x96\x83\xe2\x96\x84"
			    "\xe2\x96\x85\xe2\x96\x86\xe2\x96\x87\xe2\x96\x88");  /* ▁▂▃▄▅▆▇█ */
}

static void
spark_gaps_flat_and_scale(void **state)
{
	const double g[] = { 1, NAN, 3 };
	const double flat[] = { 2, 2, 2 };
	const double v[] = { 5, 10, 0 };
	char out[64];

	(void)state;
	i40_text_spark(g, 3, 10, NAN, NAN, out, sizeof out);
	assert_string_equal(out, "\xe2\x96\x81 \xe2\x96\x88");       /* ▁ █ */
	i40_text_spark(flat, 3, 10, NAN, NAN, out, sizeof out);
	assert_string_equal(out, "\xe2\x96\x84\xe2\x96\x84\xe2\x96\x84");   /* ▄▄▄ */
	/* fixed scale 0..20: 5 -> floor(2) = ▃, 10 -> 4 = ▅, 0 -> ▁ */
	i40_text_spark(v, 3, 10, 0, 20, out, sizeof out);
	assert_string_equal(out, "\xe2\x96\x83\xe2\x96\x85\xe2\x96\x81");
	/* outside the fixed scale: clamped */
	i40_text_spark(v, 3, 10, 2, 6, out, sizeof out);
	assert_string_equal(out, "\xe2\x96\x87\xe2\x96\x88\xe2\x96\x81");
	/* too small a buffer */
	assert_int_equal(i40_text_spark(v, 3, 10, NAN, NAN, out, 9), -1);
}

static void
spark_keeps_spike_and_dip(void **state)
{
	double v[100];
	char out[64];

	(void)state;
	/* 100 values at 5 in 10 cells of 10; a spike to 10 in cell 5 and a
	 * dip to 0 in cell 1.  Mean is 5, so each cell shows its extreme
	 * farthest from 5: the spike's cell █, the dip's ▁, the rest at
	 * (5 - 0) / 10 * 8 = 4 -> ▅. */
	for (int i = 0; i < 100; i++)
		v[i] = 5;
	v[57] = 10;
	v[12] = 0;
	assert_int_equal(i40_text_spark(v, 100, 10, NAN, NAN, out, sizeof out), 10);
	assert_string_equal(out, "\xe2\x96\x85\xe2\x96\x81\xe2\x96\x85\xe2\x96\x85\xe2\x96\x85"
			    "\xe2\x96\x88\xe2\x96\x85\xe2\x96\x85\xe2\x96\x85\xe2\x96\x85");
}

static void
bars(void **state)
{
	char out[64];

	(void)state;
	/* 0.5 of 10 cells: 5 full cells and 5 blanks */
	assert_int_equal(i40_text_bar(0.5, 10, out, sizeof out), 10);
	assert_string_equal(out, "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88     ");
	/* 0.55 of 10 = 44 eighths: 5 full and a half block (U+258C) */
	i40_text_bar(0.55, 10, out, sizeof out);
	assert_string_equal(out, "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
			    "\xe2\x96\x8c    ");
	/* 1/80 of 10 cells = 1 eighth: U+258F */
	i40_text_bar(1.0 / 80, 10, out, sizeof out);
	assert_string_equal(out, "\xe2\x96\x8f         ");
	i40_text_bar(NAN, 3, out, sizeof out);
	assert_string_equal(out, "   ");
	i40_text_bar(7, 2, out, sizeof out);
	assert_string_equal(out, "\xe2\x96\x88\xe2\x96\x88");
	assert_int_equal(i40_text_bar(1, 10, out, 30), -1);
	assert_int_equal(i40_text_width("\xe2\x96\x88\xe2\x96\x8c"), 2);
}

static void
widths_and_fit(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(i40_text_width("abc"), 3);
	assert_int_equal(i40_text_width("caf\xc3\xa9"), 4);             /* café, é precomposed */
	assert_int_equal(i40_text_width("cafe\xcc\x81"), 4);            /* e + combining acute */
	assert_int_equal(i40_text_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);  /* 日本: wide */
	assert_int_equal(i40_text_width("\xff" "a"), 2);                /* a stray byte is one */
	assert_int_equal(i40_text_width(""), 0);

	assert_int_equal(i40_text_fit("hydraulic leak", 8, out, sizeof out), 8);
	assert_string_equal(out, "hydraul\xe2\x80\xa6");
	assert_int_equal(i40_text_fit("leak", 8, out, sizeof out), 4);
	assert_string_equal(out, "leak");
	/* a wide character is not split */
	assert_int_equal(i40_text_fit("a\xe6\x97\xa5\xe6\x9c\xac", 4, out, sizeof out), 4);
	assert_string_equal(out, "a\xe6\x97\xa5\xe2\x80\xa6");
	assert_int_equal(i40_text_fit("a\tb", 8, out, sizeof out), 3);
	assert_string_equal(out, "a b");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spark_known_series),
		cmocka_unit_test(spark_gaps_flat_and_scale),
		cmocka_unit_test(spark_keeps_spike_and_dip),
		cmocka_unit_test(bars),
		cmocka_unit_test(widths_and_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
