/* fcbench.c - accuracy and speed of i40's forecasting methods beside R's.
 *
 *   fcbench accuracy SERIES.csv R.csv [METHOD...]
 *   fcbench intermittent SERIES.csv R.csv [METHOD...]
 *   fcbench speed SERIES.csv [METHOD]
 *   fcbench forecast SERIES.csv [METHOD]
 *
 * SERIES.csv is series,m,h,i,value (the last h values of each series are
 * the holdout); R.csv is series,method,step,mean,lo80,hi80,lo95,hi95 as
 * bench/forecast/export.R writes it.  Every score, R's included, is
 * computed here by lib/accuracy.c, so the columns differ only by the
 * forecasts.  METHOD defaults to "auto" (i40-forecast's default).
 * "forecast" prints series,step,mean,lo80,hi80,lo95,hi95,method of the
 * library's forecasts from the training part of each series, for
 * tests/scripts/forecast-e2e.sh to compare with the program's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accuracy.h"
#include "fcast.h"

struct series {
	char name[64];
	int m, h, n;
	double *y;
};

struct rfc {
	char series[64], method[16];
	int h;
	double *mean, *lo80, *hi80, *lo95, *hi95;
};

static struct series *ser;
static int nser;
static struct rfc *rf;
static int nrf;

static void
die(const char *msg, const char *arg)
{
	fprintf(stderr, "fcbench: %s%s\n", msg, arg ? arg : "");
	exit(2);
}

/* realloc, or stop: the benchmark has no way on without its data. */
static void *
resize(void *p, size_t n, size_t elem)
{
	void *q = realloc(p, n * elem);

	if (q == NULL)
		die("out of memory", NULL);
	return q;
}

/* Open a CSV file and read past its header line into line. */
static FILE *
open_csv(const char *path, char *line, int size)
{
	FILE *f = fopen(path, "r");

	if (f == NULL)
		die("cannot open ", path);
	if (fgets(line, size, f) == NULL)
		die("empty ", path);
	return f;
}

static void
read_series(const char *path)
{
	char line[512];
	FILE *f = open_csv(path, line, sizeof line);
	int cap = 0;

	while (fgets(line, sizeof line, f)) {
		char name[64];
		int m, h, i;
		double v;
		struct series *s;

		if (sscanf(line, "%63[^,],%d,%d,%d,%lf", name, &m, &h, &i, &v) != 5) {
			if (sscanf(line, "%63[^,],%d,%d,%d,", name, &m, &h, &i) != 4)
				continue;
			v = NAN;
		}
		if (nser == 0 || strcmp(ser[nser - 1].name, name) != 0) {
			if (nser == cap) {
				cap = cap ? 2 * cap : 64;
				ser = resize(ser, (size_t)cap, sizeof *ser);
			}
			s = &ser[nser++];
			memset(s, 0, sizeof *s);
			snprintf(s->name, sizeof s->name, "%s", name);
			s->m = m;
			s->h = h;
		}
		s = &ser[nser - 1];
		s->y = resize(s->y, (size_t)s->n + 1, sizeof *s->y);
		s->y[s->n++] = v;
	}
	fclose(f);
}

static double
num(const char *s)
{
	return *s && *s != ',' && *s != '\n' ? strtod(s, NULL) : NAN;
}

static void
read_r(const char *path)
{
	char line[512];
	FILE *f = open_csv(path, line, sizeof line);
	int cap = 0;

	while (fgets(line, sizeof line, f)) {
		char name[64], meth[16], *p;
		double v[5];
		int step, k;
		struct rfc *r;

		if (sscanf(line, "%63[^,],%15[^,],%d,", name, meth, &step) != 3)
			continue;
		p = line;
		for (k = 0; k < 3; k++)
			p = strchr(p, ',') + 1;
		for (k = 0; k < 5; k++) {
			v[k] = num(p);
			p = strchr(p, ',');
			p = p ? p + 1 : "";
		}
		if (nrf == 0 || strcmp(rf[nrf - 1].series, name) || strcmp(rf[nrf - 1].method, meth)) {
			if (nrf == cap) {
				cap = cap ? 2 * cap : 64;
				rf = resize(rf, (size_t)cap, sizeof *rf);
			}
			r = &rf[nrf++];
			memset(r, 0, sizeof *r);
			snprintf(r->series, sizeof r->series, "%s", name);
			snprintf(r->method, sizeof r->method, "%s", meth);
		}
		r = &rf[nrf - 1];
		double **col[5] = {&r->mean, &r->lo80, &r->hi80, &r->lo95, &r->hi95};
		r->h++;
		for (k = 0; k < 5; k++) {
			*col[k] = resize(*col[k], (size_t)r->h, sizeof(double));
			(*col[k])[r->h - 1] = v[k];
		}
	}
	fclose(f);
}

static const struct rfc *
find_r(const char *series, const char *method)
{
	int i;

	for (i = 0; i < nrf; i++)
		if (strcmp(rf[i].series, series) == 0 && strcmp(rf[i].method, method) == 0)
			return &rf[i];
	return NULL;
}

/* Columns: our methods, then R's methods found in R.csv. */
#define MAXCOL 12

static int
run(int intermittent, char **meths, int nmeth)
{
	const char *rmeth[2];
	int nr = 0, ncol, c, i;
	double sum[MAXCOL][6] = { { 0 } };
	int cnt[MAXCOL] = { 0 };
	char hdr[MAXCOL][24];

	if (intermittent) {
		rmeth[nr++] = "croston";
		rmeth[nr++] = "ets";
	} else {
		rmeth[nr++] = "ets";
		rmeth[nr++] = "thetaf";
	}
	ncol = nmeth + nr;
	for (c = 0; c < nmeth; c++)
		snprintf(hdr[c], sizeof hdr[c], "i40 %s", meths[c]);
	for (c = 0; c < nr; c++)
		snprintf(hdr[nmeth + c], sizeof hdr[c], "R %s", rmeth[c]);
	if (!intermittent) {
		printf("%-16s", "series");
		for (c = 0; c < ncol; c++)
			printf(" %15s", hdr[c]);
		printf("   (sMAPE / MASE)\n");
	}
	for (i = 0; i < nser; i++) {
		struct series *s = &ser[i];
		int n = s->n - s->h;
		const char *only = getenv("FCBENCH_ONLY");

		/* FCBENCH_ONLY=prefix scores a subset (gen, measles, hepA). */
		if (only && strncmp(s->name, only, strlen(only)) != 0)
			continue;
		if (!intermittent)
			printf("%-16s", s->name);
		for (c = 0; c < ncol; c++) {
			struct i40_fc fc;
			struct i40_accuracy a;
			int ok = 1;

			if (c < nmeth) {
				struct i40_fcast_opt opt = { 0, 0, 0 };
				struct i40_err err;

				opt.method = i40_fcast_method_parse(meths[c]);
				opt.nonneg = intermittent;
				i40_fcast_alloc(&fc, s->h, NULL);
				if (i40_fcast_run(s->y, n, s->m, &opt, &fc, &err) != 0)
					ok = 0;
				if (getenv("FCBENCH_VERBOSE"))
					fprintf(stderr, "%s: %s\n", s->name, fc.method);
				if (ok)
					i40_accuracy_score(s->y, n, s->m, s->y + n, s->h, &fc, &a);
				i40_fcast_free(&fc);
			} else {
				const struct rfc *r = find_r(s->name, rmeth[c - nmeth]);

				if (r == NULL || r->h != s->h) {
					ok = 0;
				} else {
					fc.h = r->h;
					fc.mean = r->mean;
					fc.lo80 = r->lo80;
					fc.hi80 = r->hi80;
					fc.lo95 = r->lo95;
					fc.hi95 = r->hi95;
					i40_accuracy_score(s->y, n, s->m, s->y + n, s->h, &fc, &a);
				}
			}
			if (!ok) {
				if (!intermittent)
					printf(" %15s", "-");
				continue;
			}
			if (!intermittent)
				printf(" %7.2f/%7.3f", a.smape, a.mase);
			if (!isnan(a.mase) && !isnan(a.rmsse)) {
				sum[c][0] += a.smape;
				sum[c][1] += a.mase;
				sum[c][2] += a.rmsse;
				sum[c][3] += fabs(a.bias);
				sum[c][4] += a.bias;
				sum[c][5] += intermittent ? 0 : a.cover95;
				cnt[c]++;
			}
		}
		if (!intermittent)
			printf("\n");
	}
	printf("\n%-22s", "mean over series");
	for (c = 0; c < ncol; c++)
		printf(" %13s", hdr[c]);
	printf("\n");
	if (!intermittent) {
		printf("%-22s", "sMAPE");
		for (c = 0; c < ncol; c++)
			printf(" %13.3f", sum[c][0] / cnt[c]);
		printf("\n%-22s", "MASE");
		for (c = 0; c < ncol; c++)
			printf(" %13.4f", sum[c][1] / cnt[c]);
		printf("\n%-22s", "95% coverage");
		for (c = 0; c < ncol; c++)
			printf(" %13.3f", sum[c][5] / cnt[c]);
	} else {
		printf("%-22s", "RMSSE");
		for (c = 0; c < ncol; c++)
			printf(" %13.4f", sum[c][2] / cnt[c]);
		printf("\n%-22s", "|scaled bias|");
		for (c = 0; c < ncol; c++)
			printf(" %13.4f", sum[c][3] / cnt[c]);
		printf("\n%-22s", "scaled bias");
		for (c = 0; c < ncol; c++)
			printf(" %13.4f", sum[c][4] / cnt[c]);
		printf("\n%-22s", "MASE");
		for (c = 0; c < ncol; c++)
			printf(" %13.4f", sum[c][1] / cnt[c]);
	}
	printf("\n%-22s", "series scored");
	for (c = 0; c < ncol; c++)
		printf(" %13d", cnt[c]);
	printf("\n");
	return 0;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static char *dflt[] = { "auto" };

	if (argc < 3)
		die("usage: fcbench accuracy|intermittent|speed SERIES.csv [R.csv] [METHOD...]", NULL);
	if (strcmp(argv[1], "speed") == 0) {
		struct i40_fcast_opt opt = { 0, 0, 0 };
		double t0 = now(), t1;
		int i, bad = 0;

		if (argc > 3)
			opt.method = i40_fcast_method_parse(argv[3]);
		read_series(argv[2]);
		t1 = now();
		for (i = 0; i < nser; i++) {
			struct i40_fc fc;

			i40_fcast_alloc(&fc, 12, NULL);
			if (i40_fcast_run(ser[i].y, ser[i].n, ser[i].m, &opt, &fc, NULL) != 0)
				bad++;
			i40_fcast_free(&fc);
		}
		printf("i40 %s: %d series in %.3f s (%.3f s reading, %.3f s forecasting), %d failed\n",
		       i40_fcast_method_str(opt.method), nser, now() - t0, t1 - t0, now() - t1, bad);
		return 0;
	}
	if (strcmp(argv[1], "forecast") == 0) {
		struct i40_fcast_opt opt = { 0, 0, 0 };
		int i, j;

		if (argc > 3)
			opt.method = i40_fcast_method_parse(argv[3]);
		read_series(argv[2]);
		printf("series,step,mean,lo80,hi80,lo95,hi95,method\n");
		for (i = 0; i < nser; i++) {
			struct i40_fc fc;

			i40_fcast_alloc(&fc, ser[i].h, NULL);
			if (i40_fcast_run(ser[i].y, ser[i].n - ser[i].h, ser[i].m, &opt, &fc, NULL) == 0)
				for (j = 0; j < fc.h; j++)
					printf("%s,%d,%.17g,%.17g,%.17g,%.17g,%.17g,\"%s\"\n", ser[i].name, j + 1,
					       fc.mean[j], fc.lo80[j], fc.hi80[j], fc.lo95[j], fc.hi95[j], fc.method);
			i40_fcast_free(&fc);
		}
		return 0;
	}
	if (argc < 4)
		die("need SERIES.csv and R.csv", NULL);
	read_series(argv[2]);
	read_r(argv[3]);
	if (argc > 4)
		return run(strcmp(argv[1], "intermittent") == 0, argv + 4, argc - 4);
	return run(strcmp(argv[1], "intermittent") == 0, dflt, 1);
}
