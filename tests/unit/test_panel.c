/* test_panel.c - the engine of i40-forecast on small streams whose every
 * output line is worked out by hand: order of rows, pass-through columns,
 * where each series' history ends, gaps at the end of a measurement, and
 * the stock read after --until. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "panel.h"

/* Run the panel over text (a CSV stream) and return what it writes. */
static char *
run(const char *text, struct i40_panel_opts *o, struct i40_panel_stats *st)
{
	char path[] = "/tmp/i40-test-panel-XXXXXX";
	int fd = mkstemp(path);
	struct i40_err err;
	struct i40_rec rec;
	struct i40_rec_opts ro = {0};
	char *out = NULL, *paths[1] = {path};
	size_t len = 0;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	FILE *mem = open_memstream(&out, &len);
	struct i40_rec_writer *w = i40_rec_writer_new(mem, ',', 0);
	struct i40_panel *p = i40_panel_new(o, &err);
	struct i40_rec_reader *rd = i40_rec_open(paths, 1, &ro, &err);
	assert_non_null(p);
	assert_non_null(rd);
	while (i40_rec_next(rd, &rec, &err) == 1)
		assert_int_equal(i40_panel_add(p, rd, &rec, &err), 0);
	assert_int_equal(i40_panel_fit(p, &err), 0);
	assert_true(i40_panel_write(p, rd, w, &err) >= 0);
	i40_rec_writer_free(w);
	fclose(mem);
	if (st)
		i40_panel_stats(p, st);
	i40_panel_free(p);
	i40_rec_close(rd);
	unlink(path);
	return out;
}

static const enum i40_fcast_method naive[1] = {I40_FC_NAIVE};

static struct i40_panel_opts
opts(enum i40_panel_mode mode, int h)
{
	struct i40_panel_opts o = {0};

	o.agg = -1;
	o.period = I40_PERIOD_DAY;
	o.m = 1;
	o.h = h;
	o.origins = 2;
	o.meth = naive;
	o.nmeth = 1;
	o.mode = mode;
	o.jobs = 2;
	return o;
}

/* Series come in as b/y, a/y, a/x; rows go out by day, then asset, then
 * signal.  a/x and b/y end before the input does: their histories run to
 * the last day of any record (2 Jan), with no sales on the days after.
 * The unit column is kept where a series agrees on it (a/y: kg), and
 * empty where it does not (b/y). */
static void
order_and_ends(void **state)
{
	static const char in[] =
		"ts,asset,signal,value,unit\n"
		"2024-01-01T05:00:00Z,b,y,1,pcs\n"
		"2024-01-01T06:00:00Z,a,y,2,kg\n"
		"2024-01-01T07:00:00Z,b,y,1,box\n"
		"2024-01-02T06:00:00Z,a,y,4,kg\n"
		"2024-01-01T08:00:00Z,a,x,3,\n";
	struct i40_panel_opts o = opts(I40_PANEL_HISTORY, 1);
	struct i40_panel_stats st;
	char *out;

	(void)state;
	out = run(in, &o, &st);
	/* a/x: 3, 0 -> naive 0; a/y: 2, 4 -> 4; b/y: 2, 0 -> 0.  Bounds
	 * from the one difference d: value -+ 1.28155 |d|, clamped at 0. */
	assert_string_equal(out,
		"ts,asset,signal,value,unit,lo80,hi80,lo95,hi95,method\n"
		"2024-01-01T00:00:00Z,a,x,3,,,,,,\n"
		"2024-01-01T00:00:00Z,a,y,2,kg,,,,,\n"
		"2024-01-01T00:00:00Z,b,y,2,,,,,,\n"
		"2024-01-02T00:00:00Z,a,x,0,,,,,,\n"
		"2024-01-02T00:00:00Z,a,y,4,kg,,,,,\n"
		"2024-01-02T00:00:00Z,b,y,0,,,,,,\n"
		"2024-01-03T00:00:00Z,a,x,0,,0,3.84465469663,0,5.87989195362,"
		"naive (too short for anything else: 2 values)\n"
		"2024-01-03T00:00:00Z,a,y,4,kg,1.43689686891,6.56310313109,0.0800720309199,7.91992796908,"
		"naive (too short for anything else: 2 values)\n"
		"2024-01-03T00:00:00Z,b,y,0,,0,2.56310313109,0,3.91992796908,"
		"naive (too short for anything else: 2 values)\n");
	assert_int_equal(st.series, 3);
	free(out);
}

/* A measurement that stopped reporting: its forecast still starts the
 * day after the history, across the gap.  temp: 10 (1 Jan), 12 (2 Jan),
 * nothing on 3 and 4 Jan while sales go on: the naive forecast from 2 Jan
 * is 12, its rows for 5 Jan are step 3 (sd 2 sqrt(3)). */
static void
gauge_gap_at_end(void **state)
{
	static const char in[] =
		"ts,asset,signal,value\n"
		"2024-01-01T00:00:00Z,m,temp,10\n"
		"2024-01-02T00:00:00Z,m,temp,12\n"
		"2024-01-04T00:00:00Z,shop,sales,5\n";
	struct i40_panel_opts o = opts(I40_PANEL_FORECAST, 1);
	char *out;

	(void)state;
	o.agg = I40_AGG_MEAN;
	out = run(in, &o, NULL);
	/* 12 -+ 1.2815515655 x 2 sqrt(3) = 4.4394248, -+ 1.9599639845 x 2 sqrt(3) */
	if (strstr(out, "2024-01-05T00:00:00Z,m,temp,12,7.56057515191,16.4394248481,5.21048559554,"
		   "18.7895144045,naive (too short for anything else: 2 values)\n") == NULL)
		fail_msg("%s", out);
	free(out);
}

/* --inventory with --until: the stock record after the cut is still the
 * stock; sales after it are left out. */
static void
stock_after_until(void **state)
{
	static const char in[] =
		"ts,asset,signal,value\n"
		"2024-01-01T10:00:00Z,P,sales,4\n"
		"2024-01-02T10:00:00Z,P,sales,4\n"
		"2024-01-03T10:00:00Z,P,sales,4\n"
		"2024-01-04T01:00:00Z,P,stock,3\n"
		"2024-01-04T10:00:00Z,P,sales,100\n";
	struct i40_doc *d = i40_cfg_parse("stock_signal: stock\ndefaults: {lead_time: 2d}\n", 45, "p.yaml", NULL);
	struct i40_inventory_cfg inv;
	struct i40_panel_opts o = opts(I40_PANEL_INVENTORY, 2);
	struct i40_panel_stats st;
	char *out;

	(void)state;
	assert_non_null(d);
	assert_int_equal(i40_inventory_config(d->root, &inv, NULL), 0);
	o.inv = &inv;
	o.has_until = 1;
	o.until = 1704326400LL * 1000000000LL;   /* 2024-01-04T00:00:00Z */
	out = run(in, &o, &st);
	/* Sales 4 4 4: constant; too short for a backtest of 2 origins (6
	 * periods), so the error is the history's spread, 0; lead time 2
	 * days: demand 8, safety 0, reorder point 8; stock 3 <= 8: order
	 * 8 - 3 + 4 (no costs: the shortfall and a period's demand) = 9. */
	assert_string_equal(out,
		"ts,asset,signal,value,item_description,stock,on_order,lead_time,review,service,demand_lt,"
		"sigma_lt,safety_stock,reorder_point,order_qty,eoq,forecast_method\n"
		"2024-01-04T00:00:00Z,P,sales.order,9,,3,0,2,0,0.95,8,0,0,8,9,0,"
		"constant (error from the history's spread: too short for a backtest)\n");
	assert_int_equal(st.late, 1);
	free(out);
	i40_cfg_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order_and_ends),
		cmocka_unit_test(gauge_gap_at_end),
		cmocka_unit_test(stock_after_until),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
