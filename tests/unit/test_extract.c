/* test_extract.c - the multi-series engine: sorted output that does not
 * depend on which assets are in the input, late records, pairs, and the
 * columns of the long and wide forms.  Inputs are written to temporary
 * files and read through lib/rec, as the program does. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "extract.h"
#include "testutil.h"

struct run {
	char *out;                 /* everything written */
	size_t len;
	int rejected;              /* records refused as I40_ERR_DATA */
	char first_reject[600];    /* "FILE:LINE: msg" of the first */
	struct i40_extract_counts n;
};

/* Run the engine over csv with the options opt[0..] ("name", "arg"
 * pairs, NULL-terminated) and the plant file text yaml (or NULL). */
static void
run(struct run *r, const char *csv, const char *yaml, const char *const *opt)
{
	char *in = temp_file(csv), *pp = yaml ? temp_file(yaml) : NULL;
	struct i40_fconf c;
	struct i40_plant *plant;
	struct i40_rec_reader *rd;
	struct i40_rec_writer *w;
	struct i40_extract *x;
	struct i40_rec rec;
	struct i40_err e;
	FILE *mem;
	int rc;

	memset(r, 0, sizeof *r);
	assert_int_equal(i40_fconf_init(&c, NULL), 0);
	for (int i = 0; opt && opt[i]; i += 2)
		assert_int_equal(i40_fconf_option(&c, opt[i], opt[i + 1], NULL), 0);
	plant = i40_plant_load(pp, &e);
	if (plant == NULL)
		fail_msg("%s", e.msg);
	assert_int_equal(i40_fconf_plant(&c, i40_plant_section(plant, "features"), NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, NULL), 0);
	mem = open_memstream(&r->out, &r->len);
	rd = i40_rec_open(&in, 1, NULL, NULL);
	w = i40_rec_writer_new(mem, ',', -1);
	x = i40_extract_new(&c, plant, plant->tz, rd, w, NULL, NULL, &e);
	if (x == NULL)
		fail_msg("%s", e.msg);
	while ((rc = i40_rec_next(rd, &rec, &e)) != 0) {
		assert_int_equal(rc, 1);
		if (i40_extract_add(x, &rec, &e) == 0)
			continue;
		assert_int_equal(e.kind, I40_ERR_DATA);
		if (r->rejected++ == 0)
			i40_err_format(&e, r->first_reject, sizeof r->first_reject);
	}
	assert_int_equal(i40_extract_finish(x, NULL), 0);
	i40_extract_counts(x, &r->n);
	i40_extract_free(x);
	assert_int_equal(i40_rec_writer_free(w), 0);
	fclose(mem);
	i40_rec_close(rd);
	i40_plant_free(plant);
	i40_fconf_free(&c);
	unlink(in);
	free(in);
	if (pp) {
		unlink(pp);
		free(pp);
	}
}

/* ---- partitions ---------------------------------------------------- */

static const char plant3[] =
	"assets:\n"
	"  a1: {signals: {parts: {kind: counter}, state: {kind: state}}}\n"
	"  b2: {signals: {parts: {kind: counter}, state: {kind: state}}}\n"
	"  c3: {signals: {parts: {kind: counter}, state: {kind: state}}}\n";

/* Three assets over the same 20 minutes, every kind of series, sampled
 * at 7 s (temp), 11 s (power) and 5 s (parts, with a reset), a state
 * changing at irregular times; records interleaved in time order.  The
 * assets come in the order c3, a1, b2 so that first-seen order is not
 * the output order. */
static char *
three_assets(const char *only)
{
	static const char *const assets[] = {"c3", "a1", "b2"};
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);

	len += (size_t)snprintf(buf, cap, "ts,asset,signal,value\n");
	for (int t = 0; t < 1200; t++)
		for (int a = 0; a < 3; a++) {
			const char *as = assets[a];
			char ts[32];

			if (only && strcmp(only, as) != 0)
				continue;
			snprintf(ts, sizeof ts, "2024-05-01T10:%02d:%02dZ", t / 60, t % 60);
			if (t % 7 == 0)
				len += (size_t)snprintf(buf + len, cap - len, "%s,%s,temp,%g\n", ts, as,
							20 + a + sin(t / 50.0) * 3 + (t % 3) * 0.1);
			if (t % 11 == 0)
				len += (size_t)snprintf(buf + len, cap - len, "%s,%s,power,%s\n", ts, as,
							t % 77 == 0 ? "" : t % 2 ? "4.5" : "5.25");
			if (t % 5 == 0)
				len += (size_t)snprintf(buf + len, cap - len, "%s,%s,parts,%d\n", ts, as,
							t < 600 ? t / 5 : (t - 600) / 5);
			if (t % 97 == a * 13)
				len += (size_t)snprintf(buf + len, cap - len, "%s,%s,state,%s\n", ts, as,
							(t / 97) % 3 == 0 ? "RUN" : (t / 97) % 3 == 1 ? "IDLE" : "DOWN:jam");
		}
	return buf;
}

/* Merge runs that are sorted by (ts, asset) (the first two fields),
 * dropping their headers: what sort -m -s -t, -k1,2 does. */
static char *
merge(char **parts, int n)
{
	char *pos[8], *out = malloc(1 << 22);
	size_t len = 0;

	for (int i = 0; i < n; i++)
		pos[i] = strchr(parts[i], '\n') + 1;
	for (;;) {
		int best = -1;
		for (int i = 0; i < n; i++) {
			if (*pos[i] == '\0')
				continue;
			if (best < 0) {
				best = i;
				continue;
			}
			/* compare "ts,asset," prefixes */
			const char *a = pos[i], *b = pos[best];
			size_t la = strchr(strchr(a, ',') + 1, ',') - a, lb = strchr(strchr(b, ',') + 1, ',') - b;
			int c = memcmp(a, b, la < lb ? la : lb);
			if (c < 0 || (c == 0 && la < lb))
				best = i;
		}
		if (best < 0)
			break;
		char *nl = strchr(pos[best], '\n');
		memcpy(out + len, pos[best], (size_t)(nl - pos[best]) + 1);
		len += (size_t)(nl - pos[best]) + 1;
		pos[best] = nl + 1;
	}
	out[len] = '\0';
	return out;
}

static void
check_partition(const char *const *opt)
{
	struct run whole, part[3];
	char *in = three_assets(NULL), *outs[3], *merged;
	static const char *const assets[] = {"a1", "b2", "c3"};

	int rejected = 0;

	run(&whole, in, plant3, opt);
	assert_true(whole.n.rows > 100);
	for (int i = 0; i < 3; i++) {
		char *one = three_assets(assets[i]);
		run(&part[i], one, plant3, opt);
		rejected += part[i].rejected;
		outs[i] = part[i].out;
		free(one);
	}
	/* none, except states on sample windows: the same in both */
	assert_int_equal(whole.rejected, rejected);
	merged = merge(outs, 3);
	if (strcmp(strchr(whole.out, '\n') + 1, merged) != 0) {
		/* show the first difference */
		const char *a = strchr(whole.out, '\n') + 1, *b = merged;
		if (getenv("I40_TEST_DUMP")) {
			FILE *f = fopen("/tmp/ft/whole.csv", "w");
			fputs(whole.out, f);
			fclose(f);
			f = fopen("/tmp/ft/merged.csv", "w");
			fputs(merged, f);
			fclose(f);
			f = fopen("/tmp/ft/in.csv", "w");
			fputs(in, f);
			fclose(f);
		}
		while (*a && *a == *b)
			a++, b++;
		fail_msg("whole run and merged partitions differ at\n%.120s\nvs\n%.120s", a, b);
	}
	/* and the whole run is sorted by ts, then asset */
	free(merged);
	for (int i = 0; i < 3; i++)
		free(part[i].out);
	free(whole.out);
	free(in);
}

static void
partition_tumbling(void **state)
{
	static const char *const opt[] = {"window", "1m", "corr", "temp,power", "corr-tol", "3s",
					  "features", "mean,std,p95,slope,delta,rate,resets,time,transitions,count",
					  NULL};
	(void)state;
	check_partition(opt);
}

static void
partition_hopping(void **state)
{
	static const char *const opt[] = {"window", "5m", "step", "1m", "corr", "temp,power",
					  "corr-tol", "3s", NULL};
	(void)state;
	check_partition(opt);
}

static void
partition_samples(void **state)
{
	static const char *const opt[] = {"samples", "16", "hop", "8", "features", "mean,max,last,delta",
					  NULL};
	(void)state;
	check_partition(opt);
}

/* States need time windows: their records are refused, not ignored. */
static void
states_on_samples(void **state)
{
	static const char *const opt[] = {"samples", "16", NULL};
	struct run r;
	char *in = three_assets("a1");

	(void)state;
	run(&r, in, plant3, opt);
	assert_int_equal(r.rejected, 13);   /* t % 97 == 13 for t < 1200 */
	assert_non_null(strstr(r.first_reject, "a1/state is a state signal"));
	free(r.out);
	free(in);
}

/* ---- late records, order ------------------------------------------ */

static void
late_records(void **state)
{
	static const char in[] =
		"ts,asset,signal,value\n"
		"2024-01-01T00:00:10Z,m1,temp,1\n"
		"2024-01-01T00:00:20Z,m2,temp,2\n"
		"2024-01-01T00:01:05Z,m1,temp,3\n"
		"2024-01-01T00:00:50Z,m2,temp,4\n"     /* behind 00:01:05 in another window */
		"2024-01-01T00:01:10Z,m2,temp,5\n";
	static const char *const opt[] = {"features", "count,sum", NULL};
	static const char *const lenient[] = {"features", "count,sum", "lateness", "30s", NULL};
	struct run r;

	(void)state;
	run(&r, in, NULL, opt);
	assert_int_equal(r.rejected, 1);
	assert_non_null(strstr(r.first_reject, ":5: late record"));
	assert_non_null(strstr(r.first_reject, "up to 2024-01-01T00:01:00Z"));
	/* m2's first window holds only its reading at 00:00:20 */
	assert_non_null(strstr(r.out, "2024-01-01T00:01:00Z,m2,temp.sum,2,"));
	free(r.out);
	/* 15 s behind the clock is within 30 s: used */
	run(&r, in, NULL, lenient);
	assert_int_equal(r.rejected, 0);
	assert_non_null(strstr(r.out, "2024-01-01T00:01:00Z,m2,temp.sum,6,"));
	free(r.out);
}

static void
order_and_columns(void **state)
{
	static const char in[] =
		"ts,asset,signal,value,unit,note\n"
		"2024-01-01T00:00:00Z,zeta,vib,1,mm/s,a\n"
		"2024-01-01T00:00:00Z,alpha,vib,2,mm/s,b\n"
		"2024-01-01T00:00:30Z,alpha,temp,3,degC,c\n"
		"2024-01-01T00:00:40Z,alpha,temp,5,degC,d\n"
		"2024-01-01T00:00:30Z,alpha,temp,4,degC,late\n";   /* out of order in its series */
	static const char *const opt[] = {"features", "mean,var,slope,kurt", NULL};
	static const char want[] =
		"ts,asset,signal,value,unit,note,count,coverage,partial\n"
		/* alpha before zeta, temp before vib; mean of 3 and 5 is 4,
		 * var ((3-4)^2 + (5-4)^2) / 1 = 2, slope 2 per 10 s = 720 per
		 * hour; the note of each series' last reading; coverage from
		 * the one interval seen (10 s) over 60 s: 2 * 10 / 60 */
		"2024-01-01T00:01:00Z,alpha,temp.mean,4,degC,d,2,0.3333,1\n"
		"2024-01-01T00:01:00Z,alpha,temp.var,2,degC^2,d,2,0.3333,1\n"
		"2024-01-01T00:01:00Z,alpha,temp.slope,720,degC/h,d,2,0.3333,1\n"
		"2024-01-01T00:01:00Z,alpha,temp.kurt,-2,,d,2,0.3333,1\n"
		/* one reading: var, slope and kurt undefined (empty) */
		"2024-01-01T00:01:00Z,alpha,vib.mean,2,mm/s,b,1,,0\n"
		"2024-01-01T00:01:00Z,alpha,vib.var,,(mm/s)^2,b,1,,0\n"
		"2024-01-01T00:01:00Z,alpha,vib.slope,,(mm/s)/h,b,1,,0\n"
		"2024-01-01T00:01:00Z,alpha,vib.kurt,,,b,1,,0\n"
		"2024-01-01T00:01:00Z,zeta,vib.mean,1,mm/s,a,1,,0\n"
		"2024-01-01T00:01:00Z,zeta,vib.var,,(mm/s)^2,a,1,,0\n"
		"2024-01-01T00:01:00Z,zeta,vib.slope,,(mm/s)/h,a,1,,0\n"
		"2024-01-01T00:01:00Z,zeta,vib.kurt,,,a,1,,0\n";
	struct run r;

	(void)state;
	run(&r, in, NULL, opt);
	assert_int_equal(r.rejected, 1);
	assert_non_null(strstr(r.first_reject, ":6: out of time order"));
	assert_string_equal(r.out, want);
	assert_int_equal(r.n.rows, 12);
	free(r.out);
}

static void
wide_form(void **state)
{
	static const char in[] =
		"ts,asset,signal,value\n"
		"2024-01-01T00:00:00Z,m2,temp,1\n"
		"2024-01-01T00:00:00Z,m1,temp,2\n"
		"2024-01-01T00:00:00Z,m1,vib,3\n"
		"2024-01-01T00:01:00Z,m2,temp,4\n"
		"2024-01-01T00:01:00Z,m2,vib,5\n"
		"2024-01-01T00:01:00Z,m2,noise,6\n";   /* first seen after the header */
	static const char *const opt[] = {"features", "max", "wide", NULL, NULL};
	struct run r;

	(void)state;
	run(&r, in, NULL, opt);
	assert_string_equal(r.out,
			    "ts,asset,temp.max,vib.max,partial\n"
			    "2024-01-01T00:01:00Z,m1,2,3,0\n"
			    "2024-01-01T00:01:00Z,m2,1,,0\n"
			    "2024-01-01T00:02:00Z,m2,4,5,0\n");
	assert_int_equal(r.n.no_column, 1);
	free(r.out);
}

/* Pairs: B = 2A + 1 exactly gives r = 1; cov of A = {1,2,3} (var 1)
 * with 2A is 2 (hand: sum (a - 2)(b - 5) / 2 = (2 + 0 + 2) / 2). */
static void
pairs(void **state)
{
	static const char in[] =
		"ts,asset,signal,value\n"
		"2024-01-01T00:00:01Z,m1,a,1\n"
		"2024-01-01T00:00:01Z,m1,b,3\n"
		"2024-01-01T00:00:02Z,m1,a,2\n"
		"2024-01-01T00:00:02.4Z,m1,b,5\n"      /* 0.4 s off: paired within 0.5 s */
		"2024-01-01T00:00:03Z,m1,a,3\n"
		"2024-01-01T00:00:03Z,m1,b,7\n"
		"2024-01-01T00:00:03Z,m2,a,3\n";       /* m2 has no b: no pair row */
	static const char *const opt[] = {"features", "count", "corr", "a,b", "corr-tol", "500ms", NULL};
	struct run r;

	(void)state;
	run(&r, in, NULL, opt);
	assert_non_null(strstr(r.out, "2024-01-01T00:01:00Z,m1,a~b.corr,1,3,,0\n"
				      "2024-01-01T00:01:00Z,m1,a~b.cov,2,3,,0\n"));
	assert_null(strstr(r.out, "m2,a~b"));
	free(r.out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(partition_tumbling),
		cmocka_unit_test(partition_hopping),
		cmocka_unit_test(partition_samples),
		cmocka_unit_test(states_on_samples),
		cmocka_unit_test(late_records),
		cmocka_unit_test(order_and_columns),
		cmocka_unit_test(wide_form),
		cmocka_unit_test(pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
