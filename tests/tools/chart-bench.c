/* chart-bench.c - how fast and how big: a month of 1 Hz data into a chart.
 *
 *   chart-bench [SERIES]     (default 1)
 *
 * For each of SERIES series of 30 x 86 400 samples: stream them through
 * M4 at the chart's width, draw the reduced series as a line chart, and
 * also draw the raw array directly (the chart reduces it itself).  Prints
 * ns per sample for M4, ms per chart and SVG bytes.  Not a test: timings
 * are never asserted (docs/HACKING.md).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "chart.h"
#include "m4.h"

#define S 1000000000LL

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Bytes of the chart (written to a temporary file). */
static long
svg_size(int (*draw)(FILE *, const struct i40_linechart *, struct i40_err *),
	 const struct i40_linechart *c, double *secs)
{
	FILE *f = tmpfile();
	struct i40_err err;
	double t0 = now();
	long n;

	if (f == NULL || draw(f, c, &err) < 0) {
		fprintf(stderr, "chart-bench: cannot draw\n");
		exit(1);
	}
	*secs = now() - t0;
	n = ftell(f);
	fclose(f);
	return n;
}

int
main(int argc, char **argv)
{
	const int64_t n = 30LL * 86400, t0 = 1709251200LL * S;
	int series = argc > 1 ? atoi(argv[1]) : 1;
	int64_t *t = malloc((size_t)n * sizeof *t);
	double *v = malloc((size_t)n * sizeof *v);
	double m4_s = 0, draw_s = 0, raw_s = 0, secs;
	long bytes = 0, raw_bytes = 0;
	uint64_t r = 1;

	if (!t || !v || series < 1)
		return 1;
	for (int k = 0; k < series; k++) {
		struct i40_m4 m;
		struct i40_err err;
		int64_t *rt;
		double *rv, a;
		size_t rn;

		for (int64_t i = 0; i < n; i++) {
			r = r * 6364136223846793005ULL + 1442695040888963407ULL;
			t[i] = t0 + i * S;
			v[i] = 3 + sin((double)i / 40000.0) + (double)(r >> 40) / 16777216.0 * 0.4;
		}
		v[n / 3] = 20;

		a = now();
		if (i40_m4_init(&m, 900, t0, t0 + n * S, &err) < 0)
			return 1;
		for (int64_t i = 0; i < n; i++)
			i40_m4_add(&m, t[i], v[i]);
		rt = malloc(i40_m4_cap(&m) * sizeof *rt);
		rv = malloc(i40_m4_cap(&m) * sizeof *rv);
		rn = i40_m4_out(&m, rt, rv, i40_m4_cap(&m));
		m4_s += now() - a;

		struct i40_trace se = { "vibration", rt, rv, rn, 0, NULL };
		struct i40_linechart c = {
			.c = { 900, 300, "a month at 1 Hz", NULL, NULL, "time", "mm/s", { 0 } },
			&se, 1, NULL, 0, NULL, 0, NULL, 0, t0, t0 + n * S, NAN, NAN
		};
		bytes += svg_size(i40_chart_line, &c, &secs);
		draw_s += secs;
		se.t = t;
		se.v = v;
		se.n = (size_t)n;
		raw_bytes += svg_size(i40_chart_line, &c, &secs);
		raw_s += secs;
		i40_m4_free(&m);
		free(rt);
		free(rv);
	}
	printf("series %d x %lld samples\n", series, (long long)n);
	printf("m4 stream      %.2f ns/sample (%.3f s total)\n", m4_s / series / n * 1e9, m4_s);
	printf("chart from m4  %.2f ms/chart, %ld bytes/chart\n", draw_s / series * 1e3, bytes / series);
	printf("chart from raw %.2f ms/chart, %ld bytes/chart\n", raw_s / series * 1e3, raw_bytes / series);
	free(t);
	free(v);
	return 0;
}
