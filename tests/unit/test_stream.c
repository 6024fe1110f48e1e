/* test_stream.c - the window engine against brute force.
 *
 * For each layout (tumbling, hopping, sampling, by count) the expected
 * windows are computed independently in the test by the definition: for
 * every candidate window, the readings whose position lies in it.  The
 * engine, which works on panes and merges them, must emit exactly the
 * non-empty ones, in order, with the same count, mean and sum.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "stream.h"

#define S 1000000000LL
#define MAXW 256

struct got {
	int n;
	int64_t ts[MAXW], start[MAXW], end[MAXW], count[MAXW];
	double mean[MAXW], sum[MAXW], delta[MAXW], cover[MAXW], median[MAXW];
	double v0[MAXW], vlast[MAXW];
	int64_t trans[MAXW], dur[MAXW][4];
};

static int
collect(void *ctx, struct i40_window *w, struct i40_err *err)
{
	struct got *g = ctx;
	int k;

	(void)err;
	if (g->n >= MAXW)
		return -1;
	g->ts[g->n] = w->ts;
	g->start[g->n] = w->start;
	g->end[g->n] = w->end;
	g->count[g->n] = w->acc->st.n;
	g->mean[g->n] = i40_stats_mean(&w->acc->st);
	g->sum[g->n] = i40_stats_sum(&w->acc->st);
	g->delta[g->n] = i40_counter_delta(&w->acc->ct);
	g->cover[g->n] = i40_window_coverage(w, S);
	g->median[g->n] = i40_stats_quantile(&w->acc->st, 0.5);
	if (w->acc->st.keep && w->acc->st.n > 0) {
		g->v0[g->n] = w->acc->st.vals[0];
		g->vlast[g->n] = w->acc->st.vals[w->acc->st.n - 1];
	}
	g->trans[g->n] = w->acc->ss.transitions;
	for (k = 0; k < 4; k++)
		g->dur[g->n][k] = i40_state_dur(&w->acc->ss, k);
	g->n++;
	return 0;
}

/* Readings at times t[i] (ns) with value t[i] in seconds; compare the
 * engine with brute force over time windows of len/step/offset. */
static void
check_time_layout(int64_t len, int64_t step, int64_t offset, const int64_t *t, int n)
{
	struct i40_win w;
	struct i40_stream s;
	static struct got g;
	int64_t k, kfirst, klast;
	int i, m = 0;

	memset(&g, 0, sizeof g);
	assert_int_equal(i40_win_time(&w, len, step, offset, NULL), 0);
	assert_int_equal(i40_stream_init(&s, &w, I40_STREAM_GAUGE, 1, collect, &g, NULL), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(i40_stream_add(&s, t[i], (double)t[i] / S, NULL), 0);
	assert_int_equal(i40_stream_finish(&s, NULL), 0);

	/* Brute force: windows k with offset + k*step in a range around the data. */
	kfirst = (t[0] - offset - len) / step - 2;
	klast = (t[n - 1] - offset) / step + 2;
	for (k = kfirst; k <= klast; k++) {
		int64_t a = offset + k * step, b = a + len, cnt = 0, lo = -1, hi = -1;
		double sum = 0, median;

		for (i = 0; i < n; i++)
			if (t[i] >= a && t[i] < b) {
				cnt++;
				sum += (double)t[i] / S;
				if (lo < 0)
					lo = i;
				hi = i;
			}
		if (cnt == 0)
			continue;
		/* The readings are increasing, so the window's median is its
		 * middle reading (or the mean of the middle two). */
		median = cnt % 2 ? (double)t[lo + cnt / 2] / S
				 : ((double)t[lo + cnt / 2 - 1] + (double)t[lo + cnt / 2]) / 2 / S;
		assert_true(fabs(g.median[m] - median) < 1e-9);
		assert_true(g.v0[m] == (double)t[lo] / S);
		assert_true(g.vlast[m] == (double)t[hi] / S);
		assert_true(m < g.n);
		assert_int_equal(g.start[m], a);
		assert_int_equal(g.end[m], b);
		assert_int_equal(g.ts[m], b);
		assert_int_equal(g.count[m], cnt);
		assert_true(fabs(g.sum[m] - sum) < 1e-9 * fabs(sum) + 1e-12);
		m++;
	}
	assert_int_equal(g.n, m);
	i40_stream_free(&s);
}

/* 1 Hz from 00:00:30 to 00:03:59, then a gap, then 10 readings at 2 h. */
static void
time_layouts(void **state)
{
	int64_t t[220];
	int i, n = 0;

	(void)state;
	for (i = 30; i < 240; i++)
		t[n++] = (int64_t)i * S;
	for (i = 0; i < 10; i++)
		t[n++] = 7200 * S + (int64_t)i * 7 * S;
	check_time_layout(60 * S, 60 * S, 0, t, n);           /* tumbling */
	check_time_layout(60 * S, 20 * S, 0, t, n);           /* hopping */
	check_time_layout(60 * S, 40 * S, 0, t, n);           /* hopping, gcd */
	check_time_layout(10 * S, 60 * S, 0, t, n);           /* sampling */
	check_time_layout(60 * S, 60 * S, 15 * S, t, n);      /* offset */
	check_time_layout(3600 * S, 600 * S, -1800 * S, t, n);
}

/* The tumbling minute windows of the layout above, spelled out: the
 * first window holds 00:00:30..00:00:59 (30 readings, mean 44.5), is
 * written at its end 00:01:00, and has coverage 30/60 at 1 Hz. */
static void
tumbling_spelled_out(void **state)
{
	struct i40_win w;
	struct i40_stream s;
	struct got g;
	int i;

	(void)state;
	memset(&g, 0, sizeof g);
	i40_win_time(&w, 60 * S, 60 * S, 0, NULL);
	i40_stream_init(&s, &w, I40_STREAM_GAUGE, 0, collect, &g, NULL);
	for (i = 30; i < 240; i++)
		i40_stream_add(&s, (int64_t)i * S, i, NULL);
	/* The reading at 00:03:59 does not prove the 4th window complete. */
	assert_int_equal(g.n, 3);
	i40_stream_finish(&s, NULL);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.ts[0], 60 * S);
	assert_int_equal(g.count[0], 30);
	assert_true(fabs(g.mean[0] - 44.5) < 1e-12);
	assert_true(fabs(g.cover[0] - 0.5) < 1e-12);
	assert_int_equal(g.ts[1], 120 * S);
	assert_true(fabs(g.mean[1] - 89.5) < 1e-12);
	assert_true(fabs(g.cover[1] - 1) < 1e-12);
	i40_stream_free(&s);
}

/* --samples 1024 --hop 512 over 3000 readings: windows start at 0, 512,
 * 1024, 1536, 2048, 2560; the last two are partial (952 and 440). A
 * full window is written as soon as its last reading arrives. */
static void
count_layout(void **state)
{
	static const int64_t want_start[] = {0, 512, 1024, 1536, 2048, 2560};
	struct i40_win w;
	struct i40_stream s;
	struct got g;
	int i;

	(void)state;
	memset(&g, 0, sizeof g);
	assert_int_equal(i40_win_count(&w, 1024, 512, NULL), 0);
	assert_int_equal(i40_stream_init(&s, &w, I40_STREAM_GAUGE, 1, collect, &g, NULL), 0);
	for (i = 0; i < 3000; i++) {
		i40_stream_add(&s, 1000 + (int64_t)i * 83333, i, NULL);
		if (i == 1022)
			assert_int_equal(g.n, 0);
		if (i == 1023)
			assert_int_equal(g.n, 1);
	}
	i40_stream_finish(&s, NULL);
	assert_int_equal(g.n, 6);
	for (i = 0; i < 6; i++) {
		int64_t a = want_start[i], b = a + 1024 < 3000 ? a + 1024 : 3000;

		assert_int_equal(g.count[i], b - a);
		/* mean of a..b-1 */
		assert_true(fabs(g.mean[i] - (a + b - 1) / 2.0) < 1e-9);
		assert_int_equal(g.start[i], 1000 + a * 83333);
		assert_int_equal(g.end[i], 1000 + (b - 1) * 83333);
		assert_int_equal(g.ts[i], g.end[i]);
		assert_true(fabs(g.cover[i] - (double)(b - a) / 1024) < 1e-12);
		/* The kept values are the window's waveform, in order. */
		assert_true(g.v0[i] == (double)a && g.vlast[i] == (double)(b - 1));
	}
	i40_stream_free(&s);
}

/* Out of order and late readings are errors and are not used. */
static void
order_errors(void **state)
{
	struct i40_win w;
	struct i40_stream s;
	struct i40_err e;
	struct got g;

	(void)state;
	memset(&g, 0, sizeof g);
	i40_win_time(&w, 60 * S, 60 * S, 0, NULL);
	i40_stream_init(&s, &w, I40_STREAM_GAUGE, 0, collect, &g, NULL);
	assert_int_equal(i40_stream_add(&s, 10 * S, 1, &e), 0);
	assert_int_equal(i40_stream_add(&s, 20 * S, 2, &e), 0);
	assert_int_equal(i40_stream_add(&s, 15 * S, 3, &e), -1);
	assert_int_equal(e.kind, I40_ERR_DATA);
	assert_non_null(strstr(e.msg, "out of time order"));
	assert_int_equal(i40_stream_add(&s, 20 * S, 4, &e), 0);   /* equal ts is fine */
	/* The clock moves to 00:02: the first window is written ... */
	assert_int_equal(i40_stream_advance(&s, 120 * S, &e), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.count[0], 3);
	assert_true(fabs(g.mean[0] - 7.0 / 3) < 1e-12);
	/* ... so a reading for 00:01:30 is now late. */
	assert_int_equal(i40_stream_add(&s, 90 * S, 5, &e), -1);
	assert_non_null(strstr(e.msg, "late"));
	assert_int_equal(i40_stream_add(&s, 130 * S, 6, &e), 0);
	i40_stream_finish(&s, &e);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.count[1], 1);
	assert_int_equal(i40_stream_add(&s, 200 * S, 6, &e), -1);
	assert_int_equal(i40_stream_add_state(&s, 300 * S, "RUN", &e), -1);
	i40_stream_free(&s);
}

/* A counter read every 10 s: 0,10,...,50 then a reset to 4, 14, ...
 * Minute windows: deltas add up to the total increase (50 + 4 + 10 * 5). */
static void
counter_series(void **state)
{
	static const double v[] = {0, 10, 20, 30, 40, 50, 4, 14, 24, 34, 44, 54};
	struct i40_win w;
	struct i40_stream s;
	struct got g;
	int i;

	(void)state;
	memset(&g, 0, sizeof g);
	i40_win_time(&w, 60 * S, 60 * S, 0, NULL);
	i40_stream_init(&s, &w, I40_STREAM_COUNTER, 0, collect, &g, NULL);
	for (i = 0; i < 12; i++) {
		i40_stream_add(&s, (int64_t)i * 10 * S, v[i], NULL);
		if (i == 8)
			i40_stream_add(&s, (int64_t)i * 10 * S + 1, NAN, NULL);
	}
	i40_stream_finish(&s, NULL);
	assert_int_equal(g.n, 2);
	/* First minute: 0..50, increments 10 x 5 = 50 */
	assert_true(fabs(g.delta[0] - 50) < 1e-12);
	/* Second: 50 -> 4 (reset: 4), then 5 x 10 = 54; the NAN is skipped */
	assert_true(fabs(g.delta[1] - 54) < 1e-12);
	i40_stream_free(&s);
}

/* RUN at 0, IDLE at 30 s, RUN at 90 s, DOWN at 150 s, clock to 180 s.
 * Minute windows: [0,60) RUN 30 IDLE 30, 1 transition; [60,120) IDLE 30
 * RUN 30, 1; [120,180) RUN 30 DOWN 30, 1.  Then a long DOWN: with no
 * reading, [180,240) and [240,300) are still DOWN all along. */
static void
state_series(void **state)
{
	struct i40_win w;
	struct i40_stream s;
	struct got g;

	(void)state;
	memset(&g, 0, sizeof g);
	i40_win_time(&w, 60 * S, 60 * S, 0, NULL);
	i40_stream_init(&s, &w, I40_STREAM_STATE, 0, collect, &g, NULL);
	assert_int_equal(i40_stream_add_state(&s, 0, "RUN", NULL), 0);
	assert_int_equal(i40_stream_add_state(&s, 30 * S, "IDLE", NULL), 0);
	assert_int_equal(i40_stream_add_state(&s, 90 * S, "RUN", NULL), 0);
	assert_int_equal(i40_stream_add_state(&s, 150 * S, "DOWN", NULL), 0);
	assert_int_equal(i40_stream_advance(&s, 180 * S, NULL), 0);
	assert_int_equal(g.n, 3);
	/* ids: RUN 0, IDLE 1, DOWN 2 */
	assert_int_equal(g.dur[0][0], 30 * S);
	assert_int_equal(g.dur[0][1], 30 * S);
	assert_int_equal(g.trans[0], 1);
	assert_int_equal(g.dur[1][1], 30 * S);
	assert_int_equal(g.dur[1][0], 30 * S);
	assert_int_equal(g.trans[1], 1);
	assert_int_equal(g.dur[2][0], 30 * S);
	assert_int_equal(g.dur[2][2], 30 * S);
	assert_int_equal(g.trans[2], 1);
	assert_true(fabs(g.cover[2] - 1) < 1e-12);
	/* DOWN again (no transition) at 290 s, end of input. */
	assert_int_equal(i40_stream_add_state(&s, 290 * S, "DOWN", NULL), 0);
	i40_stream_finish(&s, NULL);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.dur[3][2], 60 * S);
	assert_int_equal(g.trans[3], 0);
	/* The last window knows DOWN only up to the last reading: 50 s. */
	assert_int_equal(g.dur[4][2], 50 * S);
	assert_true(fabs(g.cover[4] - 50.0 / 60) < 1e-12);
	assert_int_equal(g.trans[4], 0);
	assert_string_equal(i40_labels_name(&s.labels, 2), "DOWN");
	i40_stream_free(&s);
}

/* Hopping windows on a state: durations in each window = overlap of the
 * held intervals with it, computed here by hand: RUN [0,50), IDLE
 * [50,130), end 130.  60 s windows every 30 s ending 30, 60, ..., 180
 * (the last, [120,180), holds the reading at 130 and 10 s of IDLE). */
static void
state_hopping(void **state)
{
	static const int64_t want_run[] = {30, 50, 20, 0, 0, 0};
	static const int64_t want_idle[] = {0, 10, 40, 60, 40, 10};
	struct i40_win w;
	struct i40_stream s;
	struct got g;
	int i;

	(void)state;
	memset(&g, 0, sizeof g);
	i40_win_time(&w, 60 * S, 30 * S, 0, NULL);
	i40_stream_init(&s, &w, I40_STREAM_STATE, 0, collect, &g, NULL);
	i40_stream_add_state(&s, 0, "RUN", NULL);
	i40_stream_add_state(&s, 50 * S, "IDLE", NULL);
	i40_stream_add_state(&s, 130 * S, "IDLE", NULL);
	i40_stream_finish(&s, NULL);
	assert_int_equal(g.n, 6);
	for (i = 0; i < 6; i++) {
		assert_int_equal(g.ts[i], (30 + 30 * i) * S);
		assert_int_equal(g.dur[i][0], want_run[i] * S);
		assert_int_equal(g.dur[i][1], want_idle[i] * S);
	}
	i40_stream_free(&s);
}

/* Calendar windows whose "days" alternate 23 h and 25 h (a DST zone):
 * hourly readings from 0 to 95 h fall 23, 25, 23, 25 per window, and
 * each window is written at its own end. */
static int
odd_days(void *ctx, int64_t ts, int64_t *start, int64_t *end)
{
	const int64_t two = 48 * 3600 * S, h23 = 23 * 3600 * S;
	int64_t base = ts / two * two;

	(void)ctx;
	*start = ts - base < h23 ? base : base + h23;
	*end = ts - base < h23 ? base + h23 : base + two;
	return 0;
}

static void
calendar_series(void **state)
{
	static const int64_t want_n[] = {23, 25, 23, 25};
	static const int64_t want_end[] = {23, 48, 71, 96};
	struct i40_win w;
	struct i40_stream s;
	struct got g;
	int i;

	(void)state;
	memset(&g, 0, sizeof g);
	i40_win_calendar(&w, odd_days, NULL, NULL);
	i40_stream_init(&s, &w, I40_STREAM_GAUGE, 0, collect, &g, NULL);
	for (i = 0; i < 96; i++)
		assert_int_equal(i40_stream_add(&s, (int64_t)i * 3600 * S, i, NULL), 0);
	i40_stream_finish(&s, NULL);
	assert_int_equal(g.n, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(g.count[i], want_n[i]);
		assert_int_equal(g.ts[i], want_end[i] * 3600 * S);
		assert_int_equal(g.end[i] - g.start[i], want_n[i] * 3600 * S);
		/* hourly readings: coverage 1 for 23 h and 25 h days alike */
		assert_true(fabs(i40_window_coverage(&(struct i40_window){
			.kind = I40_STREAM_GAUGE, .nominal = g.end[i] - g.start[i],
			.acc = &(struct i40_acc){.nread = g.count[i]}}, 3600 * S) - 1) < 1e-12);
	}
	i40_stream_free(&s);
}

static void
state_needs_time(void **state)
{
	struct i40_win w;
	struct i40_stream s;
	struct i40_err e;

	(void)state;
	i40_win_count(&w, 100, 100, NULL);
	assert_int_equal(i40_stream_init(&s, &w, I40_STREAM_STATE, 0, NULL, NULL, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	i40_stream_free(&s);
}

/* A stopped emit stops the engine and its error comes back. */
static int
refuse(void *ctx, struct i40_window *w, struct i40_err *err)
{
	(void)ctx;
	(void)w;
	return i40_err_set(err, I40_ERR_IO, "disk full");
}

static void
emit_error(void **state)
{
	struct i40_win w;
	struct i40_stream s;
	struct i40_err e;

	(void)state;
	i40_win_time(&w, 60 * S, 60 * S, 0, NULL);
	i40_stream_init(&s, &w, I40_STREAM_GAUGE, 0, refuse, NULL, NULL);
	assert_int_equal(i40_stream_add(&s, 0, 1, &e), 0);
	assert_int_equal(i40_stream_add(&s, 61 * S, 1, &e), -1);
	assert_int_equal(e.kind, I40_ERR_IO);
	i40_stream_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_layouts),
		cmocka_unit_test(tumbling_spelled_out),
		cmocka_unit_test(count_layout),
		cmocka_unit_test(order_errors),
		cmocka_unit_test(counter_series),
		cmocka_unit_test(state_series),
		cmocka_unit_test(state_hopping),
		cmocka_unit_test(calendar_series),
		cmocka_unit_test(state_needs_time),
		cmocka_unit_test(emit_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
