/* stats_speed.c - how fast the time-domain kernels of i40-features run.
 *
 * Sizes the program before it exists: the acceptance run of issue 3 is
 * 1-minute tumbling windows of mean, std, min, max, rms, kurt, slope
 * over 5 million 1 Hz records in 20 series.  This times, in memory (no
 * CSV), on that shape:
 *   add     i40_stats_add alone, one accumulator per series
 *   series  the window engine (i40_stream_add) with the 7 features read
 *           at every window close
 *   quant   the same plus median and p95 (values kept, sorted per window)
 * and prints values per second per core.  Build and run from the top:
 *   make build/libi40.a && cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L \
 *     -Ilib bench/stats_speed.c build/libi40.a -lgsl -lgslcblas -lm \
 *     -o build/stats_speed && build/stats_speed
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "feat.h"
#include "stream.h"
#include "stats.h"

#define NREC 5000000L
#define NSER 20
#define NS 1000000000LL

static double sink;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

struct ctx {
	struct i40_feat f[9];
	int nf;
	long windows;
};

static int
emit(void *vctx, struct i40_window *w, struct i40_err *err)
{
	struct ctx *c = vctx;
	int i;

	(void)err;
	for (i = 0; i < c->nf; i++)
		sink += i40_feat_value(&c->f[i], w->acc, NULL);
	c->windows++;
	return 0;
}

/* Record r: second r / NSER, series r % NSER, a noisy slow sine. */
static double
value(long r)
{
	return 20 + 3 * sin((double)(r / NSER) * 1e-3) + (double)((r * 2654435761u) % 1000) * 1e-3;
}

static double
run_series(const char *feats, int keep, long *windows)
{
	struct i40_win w;
	struct i40_stream s[NSER];
	struct ctx c = {.windows = 0};
	double t0, t1;
	long r;
	int k;

	c.nf = i40_feat_parse(feats, c.f, 9, NULL);
	i40_win_time(&w, 60 * NS, 60 * NS, 0, NULL);
	for (k = 0; k < NSER; k++)
		i40_stream_init(&s[k], &w, I40_STREAM_GAUGE, keep, emit, &c, NULL);
	t0 = now();
	for (r = 0; r < NREC; r++)
		i40_stream_add(&s[r % NSER], 1700000000LL * NS + (r / NSER) * NS, value(r), NULL);
	for (k = 0; k < NSER; k++)
		i40_stream_finish(&s[k], NULL);
	t1 = now();
	for (k = 0; k < NSER; k++)
		i40_stream_free(&s[k]);
	*windows = c.windows;
	return t1 - t0;
}

int
main(void)
{
	struct i40_stats st[NSER];
	double t0, t1, base;
	long r, windows;
	int k;

	/* The cost of generating the values, to subtract. */
	t0 = now();
	for (r = 0; r < NREC; r++)
		sink += value(r);
	base = now() - t0;

	for (k = 0; k < NSER; k++)
		i40_stats_init(&st[k], 0);
	t0 = now();
	for (r = 0; r < NREC; r++)
		i40_stats_add(&st[r % NSER], (r / NSER) * NS, value(r), NULL);
	t1 = now();
	for (k = 0; k < NSER; k++)
		sink += i40_stats_kurt(&st[k]);
	printf("add     %ld values %.3f s (%.3f s net of value generation): %.1f M values/s\n",
	       NREC, t1 - t0, t1 - t0 - base, NREC / (t1 - t0 - base) * 1e-6);

	t1 = run_series("mean,std,min,max,rms,kurt,slope", 0, &windows);
	printf("series  %ld values, %ld windows, 7 features: %.3f s (%.3f s net): %.1f M values/s\n",
	       NREC, windows, t1, t1 - base, NREC / (t1 - base) * 1e-6);

	t1 = run_series("mean,std,min,max,rms,kurt,slope,median,p95", 1, &windows);
	printf("quant   %ld values, %ld windows, 9 features: %.3f s (%.3f s net): %.1f M values/s\n",
	       NREC, windows, t1, t1 - base, NREC / (t1 - base) * 1e-6);
	return sink == 42.4242 ? 1 : 0;
}
