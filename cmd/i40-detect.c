/* i40-detect - anomaly scores, alerts, remaining life and failure risk.
 *
 * Reads records and watches every (asset, signal) series with the
 * detectors the plant file's detect: section or the command line chooses;
 * writes each record with score, alert and reason columns, or with
 * --events one record per alert episode.  `i40-detect train` fits the
 * failure model on feature records and a maintenance log.  The work is
 * in lib/watch.c and lib/risk.c; this file is options and wiring.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "detect.h"
#include "diag.h"
#include "model.h"
#include "plant.h"
#include "rec.h"
#include "risk.h"
#include "watch.h"

enum { OPT_SET = 256, OPT_OFF, OPT_MIN_DURATION, OPT_COOLDOWN, OPT_MODEL, OPT_SAVE, OPT_DEADMAN, OPT_LEAD,
       OPT_GROUP, OPT_PFAIL, OPT_FAILURES, OPT_HORIZON, OPT_FEATURES, OPT_FOLDS };

static const struct i40_opt opts[] = {
	{'m', "method", "LIST", "detectors: adaptive (default), limits, roc, rz, ewma, cusum, shewhart, seasonal"},
	{OPT_SET, "set", "KEY=VALUE", "a detect rule setting for every series (lambda=0.1, fail_limit=11)"},
	{OPT_GROUP, "group", "NAME=SIG,SIG", "watch these signals of each asset together (Hotelling T^2)"},
	{'t', "threshold", "S", "alert when the score reaches S (default 0.5: the method's limit)"},
	{OPT_OFF, "off", "S", "an alert ends when the score falls below S (default threshold - 0.1)"},
	{OPT_MIN_DURATION, "min-duration", "N|DUR", "raise an alert after N records or DUR at the threshold"},
	{OPT_COOLDOWN, "cooldown", "N|DUR", "an episode ends after N records or DUR below off (default 10)"},
	{'l', "learn", "N|DUR", "warm-up of each series: N records (default 600) or a time (7d)"},
	{'b', "baseline", "FILE", "learn from FILE first, writing nothing, then score the input"},
	{OPT_MODEL, "model", "FILE", "start from a model file instead of learning"},
	{OPT_SAVE, "save-model", "FILE", "write what was learned (or trained) to FILE"},
	{OPT_DEADMAN, "deadman", "F", "no-data alert after F expected intervals, for every series"},
	{OPT_LEAD, "lead-time", "DUR", "alert when the remaining life may be shorter than DUR"},
	{OPT_PFAIL, "p-fail", "P", "failure probability that alerts (default: the model's, 0.5)"},
	{'E', "events", NULL, "one record per alert episode, with a sentence, instead of every record"},
	{'e', "exit-alert", NULL, "exit 3 when an alert fired"},
	{OPT_FAILURES, "failures", "FILE", "train: the maintenance log (asset, ts, reason)"},
	{OPT_HORIZON, "horizon", "DUR", "train: label = fails within DUR (default 24h)"},
	{OPT_FEATURES, "features", "LIST", "train: the signals to use (default: every numeric one)"},
	{OPT_FOLDS, "folds", "K", "train: cross-validation blocks (default 5)"},
	{0},
};

static const struct i40_cli cli = {
	"i40-detect", "[OPTION]... [FILE]...\n       i40-detect train --failures LOG [OPTION]... [FILE]...",
	"Score records for anomalies and raise alerts; train a failure model.",
	opts,
	"Examples:\n"
	"  i40-detect -c plant.yaml records.csv\n"
	"  i40-features --window 1m records.csv | i40-detect -c plant.yaml --events\n"
	"  i40-detect -m ewma,limits --set lambda=0.1 --set hi=7.1 vib.csv\n"
	"  i40-detect --learn 7d --save-model m.yaml week.csv; i40-detect --model m.yaml -e today.csv\n"
	"  i40-detect train --failures repairs.csv --horizon 48h --save-model m.yaml features.csv\n"
	"Scores: 0.5 is a method's own limit; exit 3 with --exit-alert when an alert fired.\n",
	I40_CLI_ALL,
};

struct cmdline {
	int train, events, exit_alert, folds;
	const char *baseline, *model, *save, *failures, *features;
	double deadman;
	struct i40_detect_cmdline d;        /* what goes on top of the plant's section */
	unsigned train_only, detect_only;   /* options given that belong to one mode */
};

static int
number(const char *arg, double lo, double hi, double *out, const char *what, struct i40_err *err)
{
	char *end;
	*out = strtod(arg, &end);
	if (end == arg || *end || !(*out > lo && *out < hi))
		return i40_err_set(err, I40_ERR_CONFIG, "%s \"%s\": expected a number above %g and below %g", what, arg,
				   lo, hi);
	return 0;
}

static int
count_or_time(const char *arg, const char *what, struct i40_err *err)
{
	long n;
	int64_t ns;
	if (i40_detect_count_or_time(arg, &n, &ns, err) != 0 || n == 0)
		return i40_err_set(err, I40_ERR_CONFIG, "%s \"%s\": expected a number of records (10) or a time (5m)",
				   what, arg);
	return 0;
}

static int
on_opt(void *ctx, int id, const char *arg, struct i40_err *err)
{
	struct cmdline *c = ctx;
	const char ***list = id == OPT_SET ? &c->d.sets : &c->d.groups;
	size_t *n = id == OPT_SET ? &c->d.nsets : &c->d.ngroups;
	double d;

	if (id >= OPT_FAILURES)
		c->train_only = 1;
	else if (id != OPT_SAVE && id != OPT_PFAIL)
		c->detect_only = 1;
	switch (id) {
	case 'm': c->d.methods = arg; return 0;
	case OPT_SET:
	case OPT_GROUP:
		{
			const char **l = realloc(*list, (*n + 1) * sizeof **list);
			if (l == NULL)
				return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
			*list = l;
		}
		(*list)[(*n)++] = arg;
		return 0;
	case 't': return number(arg, 0, 1, &c->d.threshold, "threshold", err);
	case OPT_OFF: return number(arg, 0, 1, &c->d.off, "off", err);
	case OPT_MIN_DURATION: c->d.min_duration = arg; return count_or_time(arg, "min-duration", err);
	case OPT_COOLDOWN: c->d.cooldown = arg; return count_or_time(arg, "cooldown", err);
	case 'l': c->d.learn = arg; return count_or_time(arg, "learn", err);
	case 'b': c->baseline = arg; return 0;
	case OPT_MODEL: c->model = arg; return 0;
	case OPT_SAVE: c->save = arg; return 0;
	case OPT_DEADMAN:
		if (number(arg, 0, 1e6, &c->deadman, "deadman", err) != 0 || c->deadman < 1)
			return i40_err_set(err, I40_ERR_CONFIG, "deadman \"%s\": expected a factor of 1 or more "
					   "(3: silent for 3 expected intervals)", arg);
		return 0;
	case OPT_LEAD: return i40_duration_parse(arg, &c->d.lead, err);
	case OPT_PFAIL: return number(arg, 0, 1, &c->d.p_fail, "p-fail", err);
	case 'E': c->events = 1; return 0;
	case 'e': c->exit_alert = 1; return 0;
	case OPT_FAILURES: c->failures = arg; return 0;
	case OPT_HORIZON:
		if (i40_duration_parse(arg, &c->d.horizon, err) != 0 || c->d.horizon <= 0)
			return i40_err_set(err, I40_ERR_CONFIG, "horizon \"%s\": expected a time such as 24h", arg);
		return 0;
	case OPT_FEATURES: c->features = arg; return 0;
	case OPT_FOLDS:
		if (number(arg, 1.5, 101, &d, "folds", err) != 0 || d != floor(d))
			return i40_err_set(err, I40_ERR_CONFIG, "folds \"%s\": expected a whole number from 2 to 100", arg);
		c->folds = (int)d;
		return 0;
	}
	return i40_err_set(err, I40_ERR_CONFIG, "unhandled option");
}

static void
on_warn(void *ctx, const char *msg)
{
	i40_diag_warn(ctx, "%s", msg);
}

static void
flush_writer(void *ctx)
{
	i40_rec_flush(ctx);
}

typedef int push_fn(void *ctx, struct i40_rec_reader *rd, const struct i40_rec *rec, struct i40_err *err);

/* Every record of rd through fn; bad ones rejected.  -1: stop (--strict
 * or fatal, already reported). */
static int
read_all(struct i40_rec_reader *rd, struct i40_diag *d, push_fn *fn, void *ctx, long *nread)
{
	struct i40_rec rec;
	struct i40_err err;
	int r;

	while ((r = i40_rec_next(rd, &rec, &err)) != 0) {
		if (r == -1 && rec.row == NULL) {
			i40_diag_problem(d, &err);   /* an unreadable file: go on with the next */
			continue;
		}
		(*nread)++;
		if (r == 1)
			r = fn(ctx, rd, &rec, &err);
		if (r == -2)
			i40_die_err(cli.prog, &err);
		if (r == -1) {
			size_t len;
			const char *raw = i40_rec_raw(rd, &rec, &len);
			if (i40_diag_reject(d, &err, raw, len) != 0)
				return -1;
		}
	}
	return 0;
}

static int
push_watch(void *ctx, struct i40_rec_reader *rd, const struct i40_rec *rec, struct i40_err *err)
{
	return i40_watch_push(ctx, rd, rec, err);
}

static int
push_risk(void *ctx, struct i40_rec_reader *rd, const struct i40_rec *rec, struct i40_err *err)
{
	(void)rd;
	return i40_risk_push(ctx, rec, err);
}

static struct i40_rec_reader *
open_input(char **paths, size_t n, const struct i40_common *common, const struct i40_tz *tz)
{
	struct i40_rec_opts o = {.delim = common->tsv ? '\t' : ',', .tz = tz};
	struct i40_err err;
	struct i40_rec_reader *rd = i40_rec_open(paths, n, &o, &err);
	if (rd == NULL)
		i40_die_err(cli.prog, &err);
	return rd;
}

static void
save_model(struct i40_diag *d, const char *path, const struct i40_model *m)
{
	FILE *fp = fopen(path, "w");
	int bad = fp == NULL || i40_model_write(m, fp, I40_VERSION) != 0;
	if (fp && fclose(fp) != 0)
		bad = 1;
	if (bad) {
		struct i40_err err;
		i40_err_at(&err, I40_ERR_IO, path, 0, 0, "cannot write the model: %s", strerror(errno));
		i40_diag_problem(d, &err);
	}
}

static int
run_detect(struct cmdline *c, const struct i40_common *common, const struct i40_plant *plant,
	   const struct i40_detect_config *cfg, const struct i40_tz *tz, char **paths, size_t npaths)
{
	struct i40_model model, out;
	struct i40_diag d;
	struct i40_err err;
	struct i40_watch_stats st;
	int stopped = 0;

	if (c->model && i40_model_load(&model, c->model, &err) != 0)
		i40_die_err(cli.prog, &err);
	i40_diag_init(&d, cli.prog, common);
	struct i40_rec_writer *w = i40_rec_writer_new(stdout, common->tsv ? '\t' : ',', common->precision);
	struct i40_watch_opts wo = {.plant = plant, .tz = tz, .cfg = cfg, .model = c->model ? &model : NULL,
				    .events = c->events, .deadman = c->deadman, .w = w, .warn = on_warn, .ctx = &d};
	struct i40_watch *wa = w ? i40_watch_new(&wo, &err) : NULL;
	if (wa == NULL)
		i40_die_err(cli.prog, &err);
	if (c->baseline) {
		char *bp[] = {(char *)c->baseline};
		struct i40_rec_reader *rd = open_input(bp, 1, common, tz);
		i40_watch_quiet(wa, 1);
		long nbase = 0;
		stopped = read_all(rd, &d, push_watch, wa, &nbase) != 0;
		i40_watch_quiet(wa, 0);
		i40_rec_close(rd);
	}
	struct i40_rec_reader *rd = open_input(paths, npaths, common, tz);
	i40_rec_on_wait(rd, flush_writer, w);
	if (i40_rec_ready(rd, &err) != 0)
		i40_diag_problem(&d, &err);
	if (i40_watch_header(wa, rd, &err) != 0)
		i40_die_err(cli.prog, &err);
	long nread = 0;
	if (!stopped)
		read_all(rd, &d, push_watch, wa, &nread);
	if (i40_watch_finish(wa, &err) != 0)
		i40_die_err(cli.prog, &err);
	i40_rec_close(rd);
	i40_watch_stats(wa, &st);
	d.in = nread;
	d.out = st.out;
	if (st.learning)
		i40_diag_warn(&d, "%ld series %s still learning at the end of the input (scores 0); give more "
			      "records, a shorter --learn, --baseline or --model", st.learning,
			      st.learning == 1 ? "was" : "were");
	if (c->save) {
		if (i40_model_init(&out, &err) != 0 || i40_watch_model(wa, &out, &err) != 0)
			i40_die_err(cli.prog, &err);
		save_model(&d, c->save, &out);
		i40_model_free(&out);
	}
	if (common->stats)
		fprintf(stderr, "%s: %ld series, %ld alert episode%s\n", cli.prog, st.series, st.episodes,
			st.episodes == 1 ? "" : "s");
	i40_diag_close_stdout(&d, w);
	int status = i40_diag_end(&d, common->stats);
	i40_watch_free(wa);
	if (c->model)
		i40_model_free(&model);
	if (c->exit_alert && st.episodes > 0 && status != I40_EXIT_USAGE)
		status = I40_EXIT_FINDING;
	return status;
}

static int
run_train(struct cmdline *c, const struct i40_common *common, const struct i40_detect_config *cfg,
	  const struct i40_tz *tz, char **paths, size_t npaths)
{
	char *feat[256], buf[4096];
	size_t nfeat = 0;
	struct i40_diag d;
	struct i40_err err;
	struct i40_model m;
	struct i40_risk_report rep;
	double thr = c->d.p_fail > 0 ? c->d.p_fail : cfg->p_fail;

	if (c->features) {
		snprintf(buf, sizeof buf, "%s", c->features);
		for (char *t = strtok(buf, ","); t && nfeat < 256; t = strtok(NULL, ","))
			feat[nfeat++] = t;
	}
	struct i40_risk *r = i40_risk_new((const char *const *)feat, nfeat, cfg->horizon, &err);
	struct i40_risk_log *log = r ? i40_risk_log_open(c->failures, tz, &err) : NULL;
	if (log == NULL || i40_model_init(&m, &err) != 0)
		i40_die_err(cli.prog, &err);
	i40_diag_init(&d, cli.prog, common);
	for (int rc; (rc = i40_risk_log_next(r, log, &err)) != 0;) {
		size_t len;
		const char *raw = i40_risk_log_raw(log, &len);
		if (rc < 0 && i40_diag_reject(&d, &err, raw, len) != 0)
			break;
	}
	i40_risk_log_close(log);
	struct i40_rec_reader *rd = open_input(paths, npaths, common, tz);
	long nread = 0;
	read_all(rd, &d, push_risk, r, &nread);
	i40_rec_close(rd);
	if (i40_risk_fit(r, c->folds ? c->folds : 5, thr, 1.0, &m.failure, &rep, &err) != 0)
		i40_die_err(cli.prog, &err);
	i40_risk_report_write(stdout, &rep, &m.failure, c->folds ? c->folds : 5, thr);
	if (c->save)
		save_model(&d, c->save, &m);
	d.in = nread;
	i40_diag_close_stdout(&d, NULL);
	i40_model_free(&m);
	i40_risk_free(r);
	return i40_diag_end(&d, common->stats);
}

int
main(int argc, char **argv)
{
	struct cmdline c = {0};
	struct i40_start s;
	struct i40_detect_config cfg;
	struct i40_err err;
	int status;

	if (argc > 1 && strcmp(argv[1], "train") == 0) {
		c.train = 1;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	i40_diag_start(&s, &cli, argc, argv, on_opt, &c);
	const char *misuse = NULL;
	if (c.train && (c.detect_only || !c.failures))
		misuse = c.failures ? "train takes only --failures, --horizon, --features, --folds, --p-fail and "
			"--save-model" : "train needs --failures LOG";
	else if (!c.train && c.train_only)
		misuse = "--failures, --horizon, --features and --folds are for i40-detect train";
	if (misuse)
		i40_die(cli.prog, I40_EXIT_USAGE, "%s\nTry '%s --help'.", misuse, cli.prog);
	if (i40_detect_config_load(&cfg, i40_plant_section(s.plant, "detect"), &err) != 0)
		i40_die_err(cli.prog, &err);
	if (i40_detect_config_cmdline(&cfg, &c.d, &err) != 0)
		i40_die(cli.prog, I40_EXIT_USAGE, "%s", err.msg);
	char **paths = argv + s.first;
	size_t npaths = s.first < argc ? (size_t)(argc - s.first) : 0;
	if (c.train)
		status = run_train(&c, &s.common, &cfg, s.zone, paths, npaths);
	else
		status = run_detect(&c, &s.common, s.plant, &cfg, s.zone, paths, npaths);
	i40_detect_config_free(&cfg);
	free(c.d.sets);
	free(c.d.groups);
	i40_diag_start_free(&s);
	return status;
}
