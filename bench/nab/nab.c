/* nab.c - run a detector over the NAB files and score it the NAB way.
 *
 * The Numenta Anomaly Benchmark (Lavin and Ahmad, ICMLA 2015; the NAB
 * README) scores a detector by where its detections fall relative to
 * labelled anomaly windows.  This is an independent implementation of
 * those rules, written from their description:
 *
 *  - records in the first 15% of a file (at most 750 records) are the
 *    probationary period: never scored;
 *  - a detection inside a window scores tpWeight * sigma(y) / sigma(-1),
 *    sigma(y) = 2 / (1 + exp(5 y)) - 1 the scaled sigmoid, y the relative
 *    position -(right - i + 1) / width (-1 at the left edge, about 0 at the
 *    right); only the earliest detection in a window counts;
 *  - a window without detection scores -fnWeight;
 *  - a detection outside every window scores fpWeight * sigma(y), with y
 *    = (i - right of the previous window) / (width of that window - 1), or
 *    -fpWeight when no window precedes it (sigma = -1 for y >= 3);
 *  - profiles: standard (tp 1, fp 0.11, fn 1), reward_low_FP_rate (fp
 *    0.22), reward_low_FN_rate (fn 2);
 *  - a detector gives a score per record; the threshold that turns scores
 *    into detections is optimised over the whole corpus (one threshold
 *    for all files) by sweeping every distinct score;
 *  - the corpus score is normalised to 100 * (S - S_null) / (S_perfect -
 *    S_null), with S_null = -fnWeight * windows (no detection at all) and
 *    S_perfect = tpWeight * windows (every window hit at its left edge).
 *
 * Usage: nab -d DATADIR [-m METHOD] [-o on] [-f off] [-c cooldown]
 *            [-D DUMPDIR] [-s key=value ...] [-g] [-v] [-r RUNDIR]
 * -v adds, per file, the highest score in the first half of each window
 * and outside the windows (how close a detection was).
 * -r scores what i40-detect itself wrote (run.sh makes it): for each
 * data file F, RUNDIR/F.csv (every record with its score) and
 * RUNDIR/F.events.csv (--events: one record per episode, whose start is
 * the detection), F with '/' as '_'.
 * METHOD: null, perfect, wgauss (NAB's windowed Gaussian baseline) or an
 * i40 method name (adaptive, rz, ewma, ...; several joined with '+').
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert.h"
#include "det.h"

#define MAXFILES 64
#define MAXWIN 16

struct series {
	char name[256];
	long n;
	int64_t *ts;
	double *x;
	int nwin;
	long wl[MAXWIN], wr[MAXWIN];   /* window index limits, inclusive */
	long prob;                     /* probationary records */
	/* per record: window id or -1; unweighted sweep value */
	int *win;
	double *unw;
	double *score;                 /* detector score */
	double *onset;                 /* alert onsets: score at raise, else 0 */
	char (*why)[64];               /* reason of each record's score */
	char *rejected;                /* rows i40-detect rejects (time goes back) */
};

struct profile {
	const char *name;
	double tp, fp, fn;
};

static const struct profile profiles[] = {
	{ "standard", 1.0, 0.11, 1.0 },
	{ "reward_low_FP_rate", 1.0, 0.22, 1.0 },
	{ "reward_low_FN_rate", 1.0, 0.11, 2.0 },
};
#define NPROF 3

static struct series files[MAXFILES];
static int nfiles;
static int verbose;            /* -v: the highest scores in and out of the windows */

static void
die(const char *msg, const char *arg)
{
	fprintf(stderr, "nab: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	exit(2);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "YYYY-MM-DD HH:MM:SS[.ffffff]" to ns since the epoch (UTC); -1 on error. */
static int64_t
parse_ts(const char *s)
{
	int y, mo, d, h, mi, se;

	if (sscanf(s, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &se) != 6)
		return -1;
	return ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se)) * 1000000000LL;
}

static void
read_series(const char *dir, struct series *f)
{
	char path[4096], line[256];
	FILE *fp;
	long cap = 1024;

	snprintf(path, sizeof path, "%.2000s/%.1000s", dir, f->name);
	fp = fopen(path, "r");
	if (fp == NULL)
		die("cannot open", path);
	f->ts = malloc((size_t)cap * sizeof *f->ts);
	f->x = malloc((size_t)cap * sizeof *f->x);
	if (fgets(line, sizeof line, fp) == NULL)
		die("empty file", path);
	while (fgets(line, sizeof line, fp)) {
		char *comma = strchr(line, ',');
		if (comma == NULL)
			continue;
		if (f->n == cap) {
			cap *= 2;
			f->ts = realloc(f->ts, (size_t)cap * sizeof *f->ts);
			f->x = realloc(f->x, (size_t)cap * sizeof *f->x);
		}
		*comma = 0;
		f->ts[f->n] = parse_ts(line);
		f->x[f->n] = strtod(comma + 1, NULL);
		if (f->ts[f->n] < 0)
			die("bad timestamp in", path);
		f->n++;
	}
	fclose(fp);
	f->win = malloc((size_t)f->n * sizeof *f->win);
	f->unw = malloc((size_t)f->n * sizeof *f->unw);
	f->score = calloc((size_t)f->n, sizeof *f->score);
	f->onset = calloc((size_t)f->n, sizeof *f->onset);
	f->why = calloc((size_t)f->n, sizeof *f->why);
	f->rejected = calloc((size_t)f->n, 1);
}

/* windows.json: {"file": [["start", "end"], ...], ...}; a tiny scanner for
 * exactly that shape: strings ending in ".csv" open a file, the following
 * strings pair up as window limits. */
static void
read_windows(const char *dir)
{
	char path[1024], buf[1 << 16], str[512];
	FILE *fp;
	size_t len, i;
	int nstr = 0;
	int64_t pending = -1;

	snprintf(path, sizeof path, "%s/windows.json", dir);
	fp = fopen(path, "r");
	if (fp == NULL)
		die("cannot open", path);
	len = fread(buf, 1, sizeof buf - 1, fp);
	buf[len] = 0;
	fclose(fp);
	for (i = 0; i < len; i++) {
		size_t k = 0;
		if (buf[i] != '"')
			continue;
		for (i++; i < len && buf[i] != '"' && k < sizeof str - 1; i++)
			str[k++] = buf[i];
		str[k] = 0;
		if (k > 4 && strcmp(str + k - 4, ".csv") == 0) {
			if (nfiles == MAXFILES)
				die("too many files", NULL);
			snprintf(files[nfiles++].name, sizeof files[0].name, "%s", str);
			nstr = 0;
			continue;
		}
		if (nfiles == 0)
			die("window before any file in", path);
		if (nstr++ % 2 == 0) {
			pending = parse_ts(str);
		} else {
			struct series *f = &files[nfiles - 1];
			if (f->nwin == MAXWIN)
				die("too many windows", f->name);
			f->wl[f->nwin] = pending;   /* times for now, indices later */
			f->wr[f->nwin] = parse_ts(str);
			f->nwin++;
		}
	}
}

static double
scaled_sigmoid(double y)
{
	if (y >= 3.0)
		return -1.0;
	return 2.0 / (1.0 + exp(5.0 * y)) - 1.0;
}

/* Window indices and the unweighted value of a detection at each record. */
static void
prepare(struct series *f)
{
	long i;
	int w, prev = -1;
	double maxtp = scaled_sigmoid(-1.0);

	for (w = 0; w < f->nwin; w++) {
		int64_t t1 = f->wl[w], t2 = f->wr[w];
		long l = -1, r = -1;
		for (i = 0; i < f->n; i++) {
			if (l < 0 && f->ts[i] >= t1)
				l = i;
			if (f->ts[i] <= t2)
				r = i;
		}
		if (l < 0 || r < l)
			die("window outside the data of", f->name);
		f->wl[w] = l;
		f->wr[w] = r;
	}
	f->prob = (long)floor(0.15 * (double)f->n);
	if (f->prob > 750)
		f->prob = 750;
	w = 0;
	for (i = 0; i < f->n; i++) {
		f->win[i] = -1;
		if (w < f->nwin && i >= f->wl[w] && i <= f->wr[w]) {
			double width = (double)(f->wr[w] - f->wl[w] + 1);
			f->win[i] = w;
			f->unw[i] = scaled_sigmoid(-(double)(f->wr[w] - i + 1) / width) / maxtp;
		} else if (prev < 0) {
			f->unw[i] = -1.0;
		} else {
			double width = (double)(f->wr[prev] - f->wl[prev] + 1);
			f->unw[i] = scaled_sigmoid((double)(i - f->wr[prev]) / (width - 1));
		}
		if (w < f->nwin && i == f->wr[w])
			prev = w++;
	}
}

/* Raw NAB score of the corpus with detections where s >= thr. */
static double
corpus_score(double *const *s, double thr, const struct profile *p, int *tp, int *fp)
{
	double total = 0;
	int k, w;
	long i;

	*tp = *fp = 0;
	for (k = 0; k < nfiles; k++) {
		struct series *f = &files[k];
		double best[MAXWIN];
		int hit[MAXWIN] = { 0 };
		for (i = f->prob; i < f->n; i++) {
			if (!(s[k][i] >= thr))
				continue;
			w = f->win[i];
			if (w < 0) {
				total += p->fp * f->unw[i];
				(*fp)++;
			} else if (!hit[w]) {
				hit[w] = 1;
				best[w] = p->tp * f->unw[i];
			}
		}
		for (w = 0; w < f->nwin; w++) {
			total += hit[w] ? best[w] : -p->fn;
			*tp += hit[w];
		}
	}
	return total;
}

struct pt {
	double s;
	int file;
	long i;
};

static int
cmp_pt(const void *a, const void *b)
{
	double x = ((const struct pt *)a)->s, y = ((const struct pt *)b)->s;
	return (x < y) - (x > y);
}

/* NAB's threshold sweep: the best corpus score over every threshold. */
static double
sweep(double *const *s, const struct profile *p, double *thr_out)
{
	struct pt *pts;
	long n = 0, j, i;
	int k, nwin = 0, w;
	double fpsum = 0, winsum, best, bestthr = 1.1;
	double *wbest[MAXFILES];

	for (k = 0; k < nfiles; k++) {
		n += files[k].n - files[k].prob;
		nwin += files[k].nwin;
		wbest[k] = malloc(MAXWIN * sizeof(double));
		for (w = 0; w < MAXWIN; w++)
			wbest[k][w] = -p->fn;
	}
	pts = malloc((size_t)n * sizeof *pts);
	n = 0;
	for (k = 0; k < nfiles; k++)
		for (i = files[k].prob; i < files[k].n; i++)
			pts[n++] = (struct pt){ s[k][i], k, i };
	qsort(pts, (size_t)n, sizeof *pts, cmp_pt);
	winsum = -p->fn * nwin;
	best = winsum;
	for (j = 0; j < n; j++) {
		struct series *f = &files[pts[j].file];
		i = pts[j].i;
		w = f->win[i];
		if (w < 0) {
			fpsum += p->fp * f->unw[i];
		} else {
			double v = p->tp * f->unw[i];
			if (v > wbest[pts[j].file][w]) {
				winsum += v - wbest[pts[j].file][w];
				wbest[pts[j].file][w] = v;
			}
		}
		/* a threshold is complete when the next score differs */
		if (j + 1 == n || pts[j + 1].s != pts[j].s) {
			if (fpsum + winsum > best) {
				best = fpsum + winsum;
				bestthr = pts[j].s;
			}
		}
	}
	for (k = 0; k < nfiles; k++)
		free(wbest[k]);
	free(pts);
	*thr_out = bestthr;
	return best;
}

static int
total_windows(void)
{
	int k, n = 0;

	for (k = 0; k < nfiles; k++)
		n += files[k].nwin;
	return n;
}

static double
normalise(double raw, const struct profile *p)
{
	double nw = total_windows(), null = -p->fn * nw, perfect = p->tp * nw;
	return 100.0 * (raw - null) / (perfect - null);
}

/* NAB's windowed Gaussian baseline, as NAB describes it: the score of a
 * record is 1 - Q(|z|) with mean and population sd of a window of up to
 * 6400 previous values, the window sliding by steps of 100 once full. */
static void
run_wgauss(struct series *f)
{
	const long W = 6400, step = 100;
	double *win = malloc((size_t)W * sizeof *win), mean = 0, sd = 1;
	long nw = 0, nstep = 0, i, j;
	double *buf = malloc((size_t)step * sizeof *buf);

	for (i = 0; i < f->n; i++) {
		double x = f->x[i];
		f->score[i] = 0;
		if (nw > 0) {
			double z = fabs(x - mean) / sd;
			f->score[i] = 1.0 - 0.5 * erfc(z / sqrt(2.0));
		}
		if (nw < W) {
			win[nw++] = x;
		} else {
			buf[nstep++] = x;
			if (nstep < step)
				continue;
			memmove(win, win + step, (size_t)(W - step) * sizeof *win);
			memcpy(win + W - step, buf, (size_t)step * sizeof *buf);
			nstep = 0;
		}
		mean = 0;
		for (j = 0; j < nw; j++)
			mean += win[j];
		mean /= (double)nw;
		sd = 0;
		for (j = 0; j < nw; j++)
			sd += (win[j] - mean) * (win[j] - mean);
		sd = sqrt(sd / (double)nw);
		if (sd == 0)
			sd = 1e-6;
	}
	free(win);
	free(buf);
}

/* "2014-02-19T15:07:00Z..." at the start of a line to ns; -1 if not. */
static int64_t
parse_iso(const char *s)
{
	int y, mo, d, h, mi, se;

	if (sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) != 6)
		return -1;
	return ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se)) * 1000000000LL;
}

/* Field k (0-based) of a CSV line whose first k fields hold no quotes. */
static const char *
field(const char *line, int k)
{
	while (k-- > 0 && line)
		if ((line = strchr(line, ',')) != NULL)
			line++;
	return line;
}

/* The row of f at time ts at or after row *at, in file order, or -1; *at
 * moves past it.  i40-detect writes its records in input order and
 * leaves out the ones it rejects (time going back), so its output
 * aligns with the rows of the data file by a forward walk: a binary
 * search by time would be wrong where the file itself goes back in time
 * (machine_temperature repeats an hour), and would give the scores of
 * the repeated rows to the first ones. */
static long
next_row(const struct series *f, int64_t ts, long *at)
{
	long i;

	for (i = *at; i < f->n; i++)
		if (f->ts[i] == ts) {
			*at = i + 1;
			return i;
		}
	return -1;
}

/* Scores and detections from i40-detect's own output (-r).  A row the
 * program rejected has no output: score 0, no detection. */
static void
read_run(const char *rundir, struct series *f)
{
	char path[4096], line[4096], *p;
	FILE *fp;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		long at = 0;
		snprintf(path, sizeof path, "%.2000s/%.1000s%s", rundir, f->name, pass ? ".events.csv" : ".csv");
		for (p = path + strlen(rundir) + 1; *p; p++)
			if (*p == '/')
				*p = '_';
		if ((fp = fopen(path, "r")) == NULL)
			die("cannot open", path);
		if (fgets(line, sizeof line, fp) == NULL)
			die("empty", path);
		while (fgets(line, sizeof line, fp)) {
			int64_t ts = parse_iso(line);
			long i = ts < 0 ? -1 : next_row(f, ts, &at);
			const char *sc = field(line, pass ? 5 : 4);
			if (i < 0 || sc == NULL)
				die("a time not in the data file (or out of order), in", path);
			if (pass)
				f->onset[i] = 1;
			else
				f->score[i] = *sc == ',' ? 0 : strtod(sc, NULL);
		}
		fclose(fp);
	}
}

static void
set_option(struct i40_det_settings *s, const char *kv)
{
	char key[64];
	const char *eq = strchr(kv, '=');
	double v;

	if (eq == NULL || (size_t)(eq - kv) >= sizeof key)
		die("setting must be key=value", kv);
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = 0;
	v = strtod(eq + 1, NULL);
	if (!strcmp(key, "alpha")) s->adapt.alpha = v;
	else if (!strcmp(key, "window")) s->adapt.memory = (long)v;
	else if (!strcmp(key, "periods")) s->adapt.periods = (int)v;
	else if (!strcmp(key, "parts")) s->adapt.parts = (int)v;
	else if (!strcmp(key, "mean")) s->adapt.mean = (int)v;
	else if (!strcmp(key, "block")) s->adapt.block = (int)v;
	else if (!strcmp(key, "lag")) s->adapt.lag = (int)v;
	else if (!strcmp(key, "ktop")) s->adapt.ktop = (int)v;
	else if (!strcmp(key, "spread")) s->adapt.spread = (int)v;
	else if (!strcmp(key, "learn")) s->learn_points = (long)v;
	else if (!strcmp(key, "rz_window")) s->rz_window = (long)v;
	else if (!strcmp(key, "rz_limit")) s->rz_limit = v;
	else if (!strcmp(key, "lambda")) s->ewma_lambda = v;
	else if (!strcmp(key, "L")) s->ewma_L = v;
	else if (!strcmp(key, "k")) s->cusum_k = v;
	else if (!strcmp(key, "h")) s->cusum_h = v;
	else if (!strcmp(key, "rules")) s->shewhart_rules = (unsigned)v;
	else if (!strcmp(key, "nslots")) s->nslots = (int)v;
	else if (!strcmp(key, "slimit")) s->seasonal_limit = v;
	else die("unknown setting", key);
}

static void
run_lib(struct series *f, const struct i40_det_settings *s)
{
	struct i40_err err;
	struct i40_det *d = i40_det_new(s, &err);
	struct i40_det_out out;
	long i;
	int64_t last = INT64_MIN;

	if (d == NULL)
		die(err.msg, NULL);
	for (i = 0; i < f->n; i++) {
		/* machine_temperature goes back 55 minutes and repeats the hour
		 * (11 rows earlier than the row before them): i40-detect
		 * rejects such rows, so they are skipped here too (score 0, no
		 * detection, the detector's state unchanged) and the library
		 * scores what the program scores */
		int64_t ts = f->ts[i], sec = ts / 1000000000LL;
		int slot = (int)(((sec % 86400) + 86400) % 86400 * s->nslots / 86400);
		if (ts < last) {
			f->score[i] = 0;
			f->rejected[i] = 1;
			snprintf(f->why[i], sizeof f->why[i], "rejected: time goes back");
			continue;
		}
		last = ts;
		if (i40_det_push(d, ts, f->x[i], slot, &out, &err) < 0)
			die(err.msg, f->name);
		f->score[i] = out.score;
		i40_det_reason(&out, f->why[i], sizeof f->why[i]);
	}
	i40_det_free(d);
}

/* Alert onsets of the state machine: the record where an episode is raised. */
static void
onsets(struct series *f, const struct i40_alert_settings *as, double *dst)
{
	struct i40_alert a;
	struct i40_episode ep;
	long i;

	i40_alert_init(&a, as);
	for (i = 0; i < f->n; i++) {
		int r = f->rejected[i] ? 0 : i40_alert_push(&a, f->ts[i], f->score[i], &ep);
		dst[i] = (r & I40_ALERT_RAISED) ? 1.0 : 0.0;
	}
}

int
main(int argc, char **argv)
{
	const char *dir = NULL, *method = "adaptive", *dump = NULL, *rundir = NULL;
	struct i40_det_settings set;
	struct i40_alert_settings as;
	double *sc[MAXFILES], *on[MAXFILES];
	int k, pi, i, grid = 0;
	long j;

	i40_det_defaults(&set);
	i40_alert_defaults(&as);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-d") && i + 1 < argc) dir = argv[++i];
		else if (!strcmp(argv[i], "-m") && i + 1 < argc) method = argv[++i];
		else if (!strcmp(argv[i], "-o") && i + 1 < argc) as.on = atof(argv[++i]);
		else if (!strcmp(argv[i], "-f") && i + 1 < argc) as.off = atof(argv[++i]);
		else if (!strcmp(argv[i], "-c") && i + 1 < argc) as.cooldown_points = atol(argv[++i]);
		else if (!strcmp(argv[i], "-D") && i + 1 < argc) dump = argv[++i];
		else if (!strcmp(argv[i], "-s") && i + 1 < argc) set_option(&set, argv[++i]);
		else if (!strcmp(argv[i], "-g")) grid = 1;
		else if (!strcmp(argv[i], "-v")) verbose = 1;
		else if (!strcmp(argv[i], "-r") && i + 1 < argc) rundir = argv[++i];
		else die("usage: nab -d DATADIR [-m METHOD] [-o on] [-f off] [-c cooldown] [-D DUMPDIR] [-s key=value] [-g] [-v] [-r RUNDIR]", NULL);
	}
	if (dir == NULL)
		die("no data directory (-d)", NULL);
	if (strcmp(method, "null") && strcmp(method, "perfect") && strcmp(method, "wgauss") && !rundir) {
		char buf[256], *tok, *save = NULL;
		set.methods = 0;
		snprintf(buf, sizeof buf, "%s", method);
		for (tok = strtok_r(buf, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
			int m = i40_det_method_parse(tok);
			if (m < 0)
				die("unknown method", tok);
			set.methods |= 1u << m;
		}
	}
	read_windows(dir);
	for (k = 0; k < nfiles; k++) {
		struct series *f = &files[k];
		read_series(dir, f);
		prepare(f);
		if (!strcmp(method, "null")) {
			/* no detection at all */
		} else if (!strcmp(method, "perfect")) {
			int w;
			for (w = 0; w < f->nwin; w++)
				f->score[f->wl[w]] = 1.0;
		} else if (!strcmp(method, "wgauss")) {
			run_wgauss(f);
		} else if (rundir) {
			read_run(rundir, f);
		} else {
			run_lib(f, &set);
		}
		if (!rundir)
			onsets(f, &as, f->onset);
		sc[k] = f->score;
		on[k] = f->onset;
	}
	printf("method %s%s, %d files, %d windows\n", method, rundir ? " (i40-detect's output)" : "", nfiles,
	       total_windows());
	for (pi = 0; pi < NPROF; pi++) {
		const struct profile *p = &profiles[pi];
		double thr, raw_sweep = sweep(sc, p, &thr);
		int tp, fp;
		double raw_fixed = corpus_score(on, 0.5, p, &tp, &fp);
		printf("%-20s fixed(on=%.3g) %6.1f  [tp %d/%d, fp %d]   NAB-sweep on score %6.1f (thr %.6g)",
		       p->name, as.on, normalise(raw_fixed, p), tp, total_windows(), fp,
		       normalise(raw_sweep, p), thr);
		if (grid && !rundir) {
			/* the alert threshold optimised over the corpus */
			double bests = -1e300, bestt = 0, t;
			for (t = 0.30; t < 0.996; t += 0.005) {
				struct i40_alert_settings g = as;
				double raw;
				g.on = t;
				g.off = t - (as.on - as.off);
				for (k = 0; k < nfiles; k++)
					onsets(&files[k], &g, on[k]);
				raw = corpus_score(on, 0.5, p, &tp, &fp);
				if (raw > bests) {
					bests = raw;
					bestt = t;
				}
			}
			for (k = 0; k < nfiles; k++)
				onsets(&files[k], &as, on[k]);
			printf("   opt-alert %6.1f (on=%.3f)", normalise(bests, p), bestt);
		}
		printf("\n");
	}
	/* per file detail, standard profile, fixed threshold */
	for (k = 0; k < nfiles; k++) {
		struct series *f = &files[k];
		int nd = 0, fpn = 0;
		printf("  %-58s", f->name);
		for (j = f->prob; j < f->n; j++) {
			if (f->onset[j] < 0.5)
				continue;
			nd++;
			if (f->win[j] < 0) {
				fpn++;
			} else {
				printf(" w%d@%.2f", f->win[j], f->unw[j]);
			}
		}
		printf("  det %d fp %d\n", nd, fpn);
	}
	if (dump) {
		for (k = 0; k < nfiles; k++) {
			char path[2048], *p;
			FILE *fp;
			struct series *f = &files[k];
			if (snprintf(path, sizeof path, "%.900s/%.900s", dump, f->name) >= (int)sizeof path)
				die("path too long", dump);
			for (p = path + strlen(dump) + 1; *p; p++)
				if (*p == '/')
					*p = '_';
			fp = fopen(path, "w");
			if (fp == NULL)
				die("cannot write", path);
			fprintf(fp, "i,value,score,onset,win,why\n");
			for (j = 0; j < f->n; j++)
				fprintf(fp, "%ld,%.10g,%.6g,%g,%d,%s\n", j, f->x[j], f->score[j], f->onset[j], f->win[j], f->why[j]);
			fclose(fp);
		}
	}
	return 0;
}
