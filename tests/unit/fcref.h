/* fcref.h - reading the R reference numbers of tests/data/forecast/
 * (written by tests/r/forecast.R) for the forecasting unit tests. */
#ifndef FCREF_H
#define FCREF_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fcref_row {
	char key[96];           /* "case|key" */
	char val[64];
};

static struct fcref_row *fcref_rows;
static int fcref_n;

static FILE *
fcref_open(const char *name)
{
	char path[512];
	const char *top = getenv("I40_TOP");

	snprintf(path, sizeof path, "%s/tests/data/forecast/%s", top ? top : ".", name);
	return fopen(path, "r");
}

static void
fcref_load(void)
{
	FILE *f;
	char line[256];
	int cap = 0;

	if (fcref_rows)
		return;
	f = fcref_open("ref.csv");
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f)) {
		char c[64], k[32], v[64];

		if (sscanf(line, "%63[^,],%31[^,],%63[^\n]", c, k, v) != 3)
			continue;
		if (fcref_n == cap) {
			cap = cap ? 2 * cap : 256;
			fcref_rows = realloc(fcref_rows, (size_t)cap * sizeof *fcref_rows);
		}
		snprintf(fcref_rows[fcref_n].key, sizeof fcref_rows[0].key, "%s|%s", c, k);
		snprintf(fcref_rows[fcref_n].val, sizeof fcref_rows[0].val, "%s", v);
		fcref_n++;
	}
	fclose(f);
}

/* The reference value, NAN when absent. */
static inline double
ref(const char *cas, const char *key)
{
	char k[96];
	int i;

	fcref_load();
	snprintf(k, sizeof k, "%s|%s", cas, key);
	for (i = 0; i < fcref_n; i++)
		if (strcmp(fcref_rows[i].key, k) == 0)
			return strtod(fcref_rows[i].val, NULL);
	return NAN;
}

static inline const char *
ref_str(const char *cas, const char *key)
{
	char k[96];
	int i;

	fcref_load();
	snprintf(k, sizeof k, "%s|%s", cas, key);
	for (i = 0; i < fcref_n; i++)
		if (strcmp(fcref_rows[i].key, k) == 0)
			return fcref_rows[i].val;
	return "";
}

/* Series by name into a malloc'ed array; its length in *n. */
static inline double *
series(const char *name, int *n)
{
	FILE *f = fcref_open("series.csv");
	char line[256];
	double *y = NULL;

	*n = 0;
	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof line, f)) {
		char nm[64];
		int i;
		double v;

		if (sscanf(line, "%63[^,],%d,%lf", nm, &i, &v) == 3 && strcmp(nm, name) == 0) {
			y = realloc(y, (size_t)(*n + 1) * sizeof *y);
			y[(*n)++] = v;
		}
	}
	fclose(f);
	return y;
}

/* |a - b| <= tol max(1, |b|): relative for large numbers. */
static inline int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fmax(1, fabs(b));
}

#endif
