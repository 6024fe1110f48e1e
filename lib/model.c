/* model.c - model files: write YAML by hand, read it back through lib/cfg.
 *
 * Numbers are written in their shortest exact form, so a model read back
 * holds the same doubles as the run that wrote it: a cron job started
 * from a saved model scores the way the learning run would have.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "i40_int.h"
#include "model.h"
#include "num.h"
#include "series.h"
#include "tm.h"

#define FORMAT_VERSION 1

static char *
dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

int
i40_model_init(struct i40_model *m, struct i40_err *err)
{
	memset(m, 0, sizeof *m);
	m->sindex = i40_series_new();
	m->gindex = i40_series_new();
	if (m->sindex == NULL || m->gindex == NULL) {
		i40_model_free(m);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	return 0;
}

static void
free_strs(char **s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		free(s[i]);
	free(s);
}

void
i40_model_free(struct i40_model *m)
{
	for (size_t i = 0; i < m->nseries; i++) {
		free(m->series[i].asset);
		free(m->series[i].signal);
		free(m->series[i].warm);
	}
	free(m->series);
	for (size_t i = 0; i < m->ngroups; i++) {
		free(m->groups[i].asset);
		free(m->groups[i].name);
		free_strs(m->groups[i].signals, m->groups[i].p);
		i40_t2_free(&m->groups[i].t2);
	}
	free(m->groups);
	free_strs(m->failure.features, m->failure.p);
	i40_logit_free(&m->failure.lg);
	i40_series_free(m->sindex);
	i40_series_free(m->gindex);
	memset(m, 0, sizeof *m);
}

int
i40_model_add_series(struct i40_model *m, const char *asset, const char *signal, const struct i40_det_model *det,
		     const double *warm, long nwarm, int64_t interval, struct i40_err *err)
{
	struct i40_model_series *s;
	int created;
	long id = i40_series_id(m->sindex, asset, strlen(asset), signal, strlen(signal), &created);

	if (id < 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	if (!created)
		return i40_err_set(err, I40_ERR_CONFIG, "series %s/%s is in the model twice", asset, signal);
	if (i40_int_grow((void **)&m->series, &m->scap, m->nseries + 1, sizeof *m->series) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	s = &m->series[m->nseries];
	memset(s, 0, sizeof *s);
	s->asset = dup_str(asset);
	s->signal = dup_str(signal);
	s->det = *det;
	s->interval = interval;
	if (warm && nwarm > 0) {
		s->warm = malloc((size_t)nwarm * sizeof *s->warm);
		if (s->warm)
			memcpy(s->warm, warm, (size_t)nwarm * sizeof *s->warm);
		s->nwarm = nwarm;
	}
	m->nseries++;
	if (s->asset == NULL || s->signal == NULL || (nwarm > 0 && warm && s->warm == NULL))
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	return 0;
}

int
i40_model_add_group(struct i40_model *m, const char *asset, const char *name, const char *const *signals,
		    size_t p, const struct i40_t2 *t2, struct i40_err *err)
{
	struct i40_model_group *g;
	int created;
	long id = i40_series_id(m->gindex, asset, strlen(asset), name, strlen(name), &created);

	if (id < 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	if (!created)
		return i40_err_set(err, I40_ERR_CONFIG, "group %s/%s is in the model twice", asset, name);
	if (i40_int_grow((void **)&m->groups, &m->gcap, m->ngroups + 1, sizeof *m->groups) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	g = &m->groups[m->ngroups++];
	memset(g, 0, sizeof *g);
	g->asset = dup_str(asset);
	g->name = dup_str(name);
	g->signals = calloc(p, sizeof *g->signals);
	if (g->asset == NULL || g->name == NULL || g->signals == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	g->p = p;
	for (size_t i = 0; i < p; i++)
		if ((g->signals[i] = dup_str(signals[i])) == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	return i40_t2_set(&g->t2, t2->mean, t2->cov, p, t2->n, t2->alpha, t2->lambda, err);
}

const struct i40_model_series *
i40_model_find_series(const struct i40_model *m, const char *asset, size_t alen, const char *signal, size_t slen)
{
	long id = m->sindex ? i40_series_find(m->sindex, asset, alen, signal, slen) : -1;
	return id < 0 ? NULL : &m->series[id];
}

const struct i40_model_group *
i40_model_find_group(const struct i40_model *m, const char *asset, size_t alen, const char *name)
{
	long id = m->gindex ? i40_series_find(m->gindex, asset, alen, name, strlen(name)) : -1;
	return id < 0 ? NULL : &m->groups[id];
}

/* ---- writing ---- */

size_t
i40_model_fmt_exact(double x, char *buf)
{
	int n = 0;

	if (isnan(x))
		return (size_t)snprintf(buf, 32, ".nan");
	if (isinf(x))
		return (size_t)snprintf(buf, 32, "%s", x > 0 ? ".inf" : "-.inf");
	for (int prec = 12; prec <= 17; prec++) {
		n = snprintf(buf, 32, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	return (size_t)n;
}

static void
put_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		if ((unsigned char)*s < 0x20)
			fprintf(fp, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

static void
put_num(FILE *fp, const char *indent, const char *key, double x)
{
	char b[32];
	i40_model_fmt_exact(x, b);
	fprintf(fp, "%s%s: %s\n", indent, key, b);
}

/* [a, b, c], wrapped so that lines stay readable */
static void
put_list(FILE *fp, const char *indent, const char *key, const double *x, size_t n)
{
	char b[32];
	size_t col;

	/* key "-": a row of a list of lists */
	col = (size_t)fprintf(fp, strcmp(key, "-") ? "%s%s: [" : "%s%s [", indent, key);
	for (size_t i = 0; i < n; i++) {
		size_t len = i40_model_fmt_exact(x[i], b);
		if (i > 0) {
			if (col + len + 2 > 100) {
				col = (size_t)fprintf(fp, ",\n%s  ", indent) - 2;
			} else {
				fputs(", ", fp);
				col += 2;
			}
		}
		fputs(b, fp);
		col += len;
	}
	fputs("]\n", fp);
}

static void
put_duration(FILE *fp, const char *indent, const char *key, int64_t ns)
{
	if (ns > 0 && ns % I40_NS_PER_HOUR == 0)
		fprintf(fp, "%s%s: %lldh\n", indent, key, (long long)(ns / I40_NS_PER_HOUR));
	else if (ns > 0 && ns % I40_NS_PER_MIN == 0)
		fprintf(fp, "%s%s: %lldm\n", indent, key, (long long)(ns / I40_NS_PER_MIN));
	else if (ns % I40_NS_PER_SEC == 0)
		fprintf(fp, "%s%s: %llds\n", indent, key, (long long)(ns / I40_NS_PER_SEC));
	else
		fprintf(fp, "%s%s: %lldns\n", indent, key, (long long)ns);
}

int
i40_model_write(const struct i40_model *m, FILE *fp, const char *version)
{
	fprintf(fp, "# i40-detect model: what was learned, read back with --model.\n"
		    "# Written by i40-detect %s; the format is in i40-detect(1), MODEL FILE.\n"
		    "i40_detect_model: %d\n", version, FORMAT_VERSION);
	if (m->nseries)
		fprintf(fp, "series:\n");
	for (size_t i = 0; i < m->nseries; i++) {
		const struct i40_model_series *s = &m->series[i];
		const struct i40_det_model *d = &s->det;
		double tmp[I40_DET_MAXSLOTS];
		fprintf(fp, "  - asset: ");
		put_str(fp, s->asset);
		fprintf(fp, "\n    signal: ");
		put_str(fp, s->signal);
		fprintf(fp, "\n    n: %ld\n", d->n);
		put_num(fp, "    ", "mean", d->mean);
		put_num(fp, "    ", "sd", d->sd);
		put_num(fp, "    ", "median", d->median);
		put_num(fp, "    ", "mad", d->mad);
		fprintf(fp, "    period: %ld\n", d->period);
		put_num(fp, "    ", "period_acf", d->period_acf);
		if (d->step > 0)
			put_duration(fp, "    ", "step", d->step);
		if (s->nwarm > 0) {
			char t[I40_TS_MAXLEN];
			i40_tfmt(d->warm_end, d->warm_end % I40_NS_PER_SEC ? 9 : 0, t);
			fprintf(fp, "    warm_end: %s\n", t);
		}
		if (d->nslots > 0) {
			put_list(fp, "    ", "slot_mean", d->slot_mean, (size_t)d->nslots);
			put_list(fp, "    ", "slot_sd", d->slot_sd, (size_t)d->nslots);
			for (int k = 0; k < d->nslots; k++)
				tmp[k] = (double)d->slot_n[k];
			put_list(fp, "    ", "slot_n", tmp, (size_t)d->nslots);
		}
		if (s->interval > 0)
			put_duration(fp, "    ", "interval", s->interval);
		if (s->nwarm > 0)
			put_list(fp, "    ", "warmup", s->warm, (size_t)s->nwarm);
	}
	if (m->ngroups)
		fprintf(fp, "groups:\n");
	for (size_t i = 0; i < m->ngroups; i++) {
		const struct i40_model_group *g = &m->groups[i];
		fprintf(fp, "  - asset: ");
		put_str(fp, g->asset);
		fprintf(fp, "\n    name: ");
		put_str(fp, g->name);
		fprintf(fp, "\n    signals: [");
		for (size_t j = 0; j < g->p; j++) {
			if (j)
				fputs(", ", fp);
			put_str(fp, g->signals[j]);
		}
		fprintf(fp, "]\n    n: %ld\n", g->t2.n);
		put_num(fp, "    ", "alpha", g->t2.alpha);
		put_num(fp, "    ", "shrinkage", g->t2.lambda);
		put_list(fp, "    ", "mean", g->t2.mean, g->p);
		fprintf(fp, "    cov:\n");
		for (size_t j = 0; j < g->p; j++)
			put_list(fp, "      ", "-", g->t2.cov + j * g->p, g->p);
	}
	if (m->failure.present) {
		const struct i40_model_failure *f = &m->failure;
		fprintf(fp, "failure:\n");
		put_duration(fp, "  ", "horizon", f->horizon);
		put_num(fp, "  ", "threshold", f->threshold);
		fprintf(fp, "  features: [");
		for (size_t j = 0; j < f->p; j++) {
			if (j)
				fputs(", ", fp);
			put_str(fp, f->features[j]);
		}
		fprintf(fp, "]\n  # coefficients of the standardised features (x - mean) / sd\n");
		put_num(fp, "  ", "intercept", f->lg.beta[0]);
		put_list(fp, "  ", "coef", f->lg.beta + 1, f->p);
		put_list(fp, "  ", "mean", f->lg.mean, f->p);
		put_list(fp, "  ", "sd", f->lg.sd, f->p);
		put_num(fp, "  ", "ridge", f->lg.ridge);
		fprintf(fp, "  trained_on: {vectors: %ld, failures: %ld, folds: %d}\n", f->vectors, f->failures,
			f->folds);
		fprintf(fp, "  cross_validated: {auc: %.4g, precision: %.4g, recall: %.4g}\n", f->auc, f->precision,
			f->recall);
	}
	fflush(fp);
	return ferror(fp) ? -1 : 0;
}

/* ---- reading ---- */

static int
get_num(const struct i40_node *map, const char *key, double *out, struct i40_err *err)
{
	const struct i40_node *n = i40_cfg_get(map, key);
	if (n == NULL)
		return i40_cfg_error(map, err, "missing key \"%s\"", key);
	if (n->kind == I40_NODE_SCALAR && strcmp(n->str, ".nan") == 0) {
		*out = NAN;
		return 0;
	}
	if (n->kind == I40_NODE_SCALAR && (strcmp(n->str, ".inf") == 0 || strcmp(n->str, "-.inf") == 0)) {
		*out = n->str[0] == '-' ? -INFINITY : INFINITY;
		return 0;
	}
	return i40_cfg_num(n, out, err);
}

static int
get_long(const struct i40_node *map, const char *key, long min, long max, long *out, struct i40_err *err)
{
	const struct i40_node *n = i40_cfg_get(map, key);
	if (n == NULL)
		return i40_cfg_error(map, err, "missing key \"%s\"", key);
	return i40_cfg_long(n, min, max, out, err);
}

static int
get_str(const struct i40_node *map, const char *key, const char **out, struct i40_err *err)
{
	const struct i40_node *n = i40_cfg_get(map, key);
	if (n == NULL)
		return i40_cfg_error(map, err, "missing key \"%s\"", key);
	if (n->kind != I40_NODE_SCALAR || n->str[0] == '\0')
		return i40_cfg_error(n, err, "expected a name");
	*out = n->str;
	return 0;
}

/* A list of numbers; want 0 takes any length (*n gets it). */
static int
get_list(const struct i40_node *map, const char *key, double *out, size_t want, size_t *n,
	 struct i40_err *err)
{
	const struct i40_node *l = i40_cfg_get(map, key);
	if (l == NULL)
		return i40_cfg_error(map, err, "missing key \"%s\"", key);
	if (l->kind != I40_NODE_SEQ)
		return i40_cfg_error(l, err, "%s: expected a list of numbers", key);
	if (want && l->n != want)
		return i40_cfg_error(l, err, "%s: expected %zu numbers, found %zu", key, want, l->n);
	for (size_t i = 0; i < l->n; i++)
		if (i40_cfg_num(l->val[i], &out[i], err) != 0)
			return -1;
	if (n)
		*n = l->n;
	return 0;
}

static int
get_names(const struct i40_node *map, const char *key, char ***out, size_t *n, struct i40_err *err)
{
	const struct i40_node *l = i40_cfg_get(map, key);
	if (l == NULL)
		return i40_cfg_error(map, err, "missing key \"%s\"", key);
	if (l->kind != I40_NODE_SEQ || l->n == 0)
		return i40_cfg_error(l, err, "%s: expected a list of names", key);
	if ((*out = calloc(l->n, sizeof **out)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	*n = l->n;
	for (size_t i = 0; i < l->n; i++) {
		if (l->val[i]->kind != I40_NODE_SCALAR || l->val[i]->str[0] == '\0')
			return i40_cfg_error(l->val[i], err, "expected a name");
		if (((*out)[i] = dup_str(l->val[i]->str)) == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	return 0;
}

static int
read_series(struct i40_model *m, const struct i40_node *s, struct i40_err *err)
{
	static const char *const keys[] = {"asset", "signal", "n", "mean", "sd", "median", "mad", "period",
					   "period_acf", "step", "warm_end", "slot_mean", "slot_sd", "slot_n",
					   "interval", "warmup", NULL};
	struct i40_det_model d;
	const char *asset, *signal;
	const struct i40_node *n;
	double *warm = NULL;
	size_t nwarm = 0;
	int64_t interval = 0;
	int rc;

	memset(&d, 0, sizeof d);
	if (i40_cfg_check_keys(s, keys, "a model series", err) != 0 || get_str(s, "asset", &asset, err) != 0 ||
	    get_str(s, "signal", &signal, err) != 0 || get_long(s, "n", 0, 1L << 40, &d.n, err) != 0 ||
	    get_num(s, "mean", &d.mean, err) != 0 || get_num(s, "sd", &d.sd, err) != 0 ||
	    get_num(s, "median", &d.median, err) != 0 || get_num(s, "mad", &d.mad, err) != 0 ||
	    get_long(s, "period", 0, 1L << 30, &d.period, err) != 0 ||
	    get_num(s, "period_acf", &d.period_acf, err) != 0)
		return -1;
	if ((n = i40_cfg_get(s, "slot_mean"))) {
		double cnt[I40_DET_MAXSLOTS];
		size_t k;
		if (n->kind != I40_NODE_SEQ || n->n < 1 || n->n > I40_DET_MAXSLOTS)
			return i40_cfg_error(n, err, "slot_mean: expected 1 to %d numbers", I40_DET_MAXSLOTS);
		d.nslots = (int)n->n;
		if (get_list(s, "slot_mean", d.slot_mean, n->n, NULL, err) != 0 ||
		    get_list(s, "slot_sd", d.slot_sd, n->n, NULL, err) != 0 ||
		    get_list(s, "slot_n", cnt, n->n, NULL, err) != 0)
			return -1;
		for (k = 0; k < n->n; k++)
			d.slot_n[k] = (long)cnt[k];
	}
	if ((n = i40_cfg_get(s, "interval")) && i40_cfg_duration(n, &interval, err) != 0)
		return -1;
	if ((n = i40_cfg_get(s, "step")) && i40_cfg_duration(n, &d.step, err) != 0)
		return -1;
	if ((n = i40_cfg_get(s, "warm_end"))) {
		struct i40_tparse tp;
		struct i40_err e;
		if (n->kind != I40_NODE_SCALAR || i40_tparse_init(&tp, "iso", NULL, &e) != 0 ||
		    i40_tparse(&tp, n->str, strlen(n->str), &d.warm_end, NULL, &e) != 0)
			return i40_cfg_error(n, err, "warm_end: expected a time such as 2024-12-01T00:00:00Z");
	}
	if ((n = i40_cfg_get(s, "warmup"))) {
		if (n->kind != I40_NODE_SEQ)
			return i40_cfg_error(n, err, "warmup: expected a list of numbers");
		if ((warm = malloc((n->n ? n->n : 1) * sizeof *warm)) == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		if (get_list(s, "warmup", warm, 0, &nwarm, err) != 0) {
			free(warm);
			return -1;
		}
	}
	rc = i40_model_add_series(m, asset, signal, &d, warm, (long)nwarm, interval, err);
	free(warm);
	if (rc != 0 && err->kind == I40_ERR_CONFIG)
		return i40_cfg_error(s, err, "series %s/%s is in the model twice", asset, signal);
	return rc;
}

static int
read_group(struct i40_model *m, const struct i40_node *g, struct i40_err *err)
{
	static const char *const keys[] = {"asset", "name", "signals", "n", "alpha", "shrinkage", "mean", "cov",
					   NULL};
	const char *asset, *name;
	char **sig = NULL;
	size_t p = 0;
	double alpha, lambda, *mean = NULL, *cov = NULL;
	long n;
	int rc = -1;
	struct i40_t2 t2;
	const struct i40_node *c;

	if (i40_cfg_check_keys(g, keys, "a model group", err) != 0 || get_str(g, "asset", &asset, err) != 0 ||
	    get_str(g, "name", &name, err) != 0 || get_names(g, "signals", &sig, &p, err) != 0 ||
	    get_long(g, "n", 2, 1L << 40, &n, err) != 0 || get_num(g, "alpha", &alpha, err) != 0 ||
	    get_num(g, "shrinkage", &lambda, err) != 0)
		goto out;
	mean = malloc(p * sizeof *mean);
	cov = malloc(p * p * sizeof *cov);
	if (mean == NULL || cov == NULL) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (get_list(g, "mean", mean, p, NULL, err) != 0)
		goto out;
	c = i40_cfg_get(g, "cov");
	if (c == NULL || c->kind != I40_NODE_SEQ || c->n != p) {
		i40_cfg_error(c ? c : g, err, "cov: expected %zu rows of %zu numbers", p, p);
		goto out;
	}
	for (size_t i = 0; i < p; i++) {
		const struct i40_node *row = c->val[i];
		if (row->kind != I40_NODE_SEQ || row->n != p) {
			i40_cfg_error(row, err, "cov: expected %zu rows of %zu numbers", p, p);
			goto out;
		}
		for (size_t j = 0; j < p; j++)
			if (i40_cfg_num(row->val[j], &cov[i * p + j], err) != 0)
				goto out;
	}
	memset(&t2, 0, sizeof t2);
	t2.mean = mean;
	t2.cov = cov;
	t2.n = n;
	t2.alpha = alpha;
	t2.lambda = lambda;
	if (i40_model_add_group(m, asset, name, (const char *const *)sig, p, &t2, err) != 0) {
		if (err->kind != I40_ERR_NOMEM)
			i40_cfg_error(g, err, "%s", err->msg);
		goto out;
	}
	rc = 0;
out:
	free_strs(sig, p);
	free(mean);
	free(cov);
	return rc;
}

static int
read_failure(struct i40_model *m, const struct i40_node *f, struct i40_err *err)
{
	static const char *const keys[] = {"horizon", "threshold", "features", "intercept", "coef", "mean", "sd",
					   "ridge", "trained_on", "cross_validated", NULL};
	struct i40_model_failure *fm = &m->failure;
	const struct i40_node *n;
	size_t p;

	if (i40_cfg_check_keys(f, keys, "the failure model", err) != 0 ||
	    get_names(f, "features", &fm->features, &fm->p, err) != 0)
		return -1;
	p = fm->p;
	fm->lg.p = p;
	fm->lg.beta = calloc(p + 1, sizeof *fm->lg.beta);
	fm->lg.mean = calloc(p, sizeof *fm->lg.mean);
	fm->lg.sd = calloc(p, sizeof *fm->lg.sd);
	if (!fm->lg.beta || !fm->lg.mean || !fm->lg.sd)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	if ((n = i40_cfg_get(f, "horizon")) == NULL)
		return i40_cfg_error(f, err, "missing key \"horizon\"");
	if (i40_cfg_duration(n, &fm->horizon, err) != 0 || get_num(f, "threshold", &fm->threshold, err) != 0 ||
	    get_num(f, "intercept", &fm->lg.beta[0], err) != 0 ||
	    get_list(f, "coef", fm->lg.beta + 1, p, NULL, err) != 0 || get_list(f, "mean", fm->lg.mean, p, NULL, err) != 0 ||
	    get_list(f, "sd", fm->lg.sd, p, NULL, err) != 0 || get_num(f, "ridge", &fm->lg.ridge, err) != 0)
		return -1;
	for (size_t j = 0; j < p; j++)
		if (!(fm->lg.sd[j] > 0))
			return i40_cfg_error(i40_cfg_get(f, "sd"), err, "sd: every value must be above 0");
	if (!(fm->threshold > 0 && fm->threshold < 1))
		return i40_cfg_error(i40_cfg_get(f, "threshold"), err, "threshold must be between 0 and 1");
	if ((n = i40_cfg_get(f, "trained_on")) && n->kind == I40_NODE_MAP) {
		double v;
		if (i40_cfg_get(n, "vectors") && get_num(n, "vectors", &v, err) == 0)
			fm->vectors = (long)v;
		if (i40_cfg_get(n, "failures") && get_num(n, "failures", &v, err) == 0)
			fm->failures = (long)v;
		if (i40_cfg_get(n, "folds") && get_num(n, "folds", &v, err) == 0)
			fm->folds = (int)v;
	}
	if ((n = i40_cfg_get(f, "cross_validated")) && n->kind == I40_NODE_MAP) {
		if (i40_cfg_get(n, "auc"))
			get_num(n, "auc", &fm->auc, err);
		if (i40_cfg_get(n, "precision"))
			get_num(n, "precision", &fm->precision, err);
		if (i40_cfg_get(n, "recall"))
			get_num(n, "recall", &fm->recall, err);
	}
	fm->present = 1;
	return 0;
}

int
i40_model_load(struct i40_model *m, const char *path, struct i40_err *err)
{
	static const char *const keys[] = {"i40_detect_model", "series", "groups", "failure", NULL};
	struct i40_doc *doc;
	const struct i40_node *root, *n;
	long version;
	int rc = -1;

	if (i40_model_init(m, err) != 0)
		return -1;
	if ((doc = i40_cfg_load(path, err)) == NULL) {
		i40_model_free(m);
		return -1;
	}
	root = doc->root;
	if (root == NULL || root->kind != I40_NODE_MAP || i40_cfg_get(root, "i40_detect_model") == NULL) {
		i40_err_at(err, I40_ERR_CONFIG, path, 1, 1, "not an i40-detect model file (no i40_detect_model: key)");
		goto out;
	}
	if (i40_cfg_check_keys(root, keys, "a model file", err) != 0 ||
	    get_long(root, "i40_detect_model", 1, 1000, &version, err) != 0)
		goto out;
	if (version != FORMAT_VERSION) {
		i40_cfg_error(i40_cfg_get(root, "i40_detect_model"), err,
			      "model format %ld; this i40-detect reads format %d", version, FORMAT_VERSION);
		goto out;
	}
	if ((n = i40_cfg_get(root, "series")) && !n->is_null) {
		if (i40_cfg_expect(n, I40_NODE_SEQ, "series", err) != 0)
			goto out;
		for (size_t i = 0; i < n->n; i++)
			if (read_series(m, n->val[i], err) != 0)
				goto out;
	}
	if ((n = i40_cfg_get(root, "groups")) && !n->is_null) {
		if (i40_cfg_expect(n, I40_NODE_SEQ, "groups", err) != 0)
			goto out;
		for (size_t i = 0; i < n->n; i++)
			if (read_group(m, n->val[i], err) != 0)
				goto out;
	}
	if ((n = i40_cfg_get(root, "failure")) && !n->is_null && read_failure(m, n, err) != 0)
		goto out;
	rc = 0;
out:
	i40_cfg_free(doc);
	if (rc != 0)
		i40_model_free(m);
	return rc;
}
