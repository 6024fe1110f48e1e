/* risk.c - training data for the failure model, and its fit (see risk.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i40_int.h"
#include "risk.h"
#include "series.h"

struct obs {
	long a, s;                 /* asset id, feature id (-1: not a feature) */
	int64_t ts;
	double x;
};

struct fail {
	long a;
	int64_t ts;
};

struct i40_risk {
	int64_t horizon;
	char **want;
	size_t nwant;
	struct i40_series *aids;   /* (asset, "") */
	struct i40_series *sids;   /* ("", signal) -> feature id in order of first sight */
	struct i40_series *pairs;  /* (asset, signal) -> last time, for the order check */
	int64_t *last;
	size_t nlast, caplast;
	struct obs *obs;
	size_t nobs, capobs;
	struct fail *f;
	size_t nf, capf;
};

struct i40_risk_log {
	struct i40_rec_reader *rd;
	char *path;
	struct i40_rec last;       /* the line read last, for its raw text */
};

struct i40_risk *
i40_risk_new(const char *const *features, size_t p, int64_t horizon, struct i40_err *err)
{
	struct i40_risk *r = calloc(1, sizeof *r);

	if (r == NULL || (r->aids = i40_series_new()) == NULL || (r->sids = i40_series_new()) == NULL ||
	    (r->pairs = i40_series_new()) == NULL)
		goto nomem;
	r->horizon = horizon;
	if (p > 0) {
		if ((r->want = calloc(p, sizeof *r->want)) == NULL)
			goto nomem;
		for (size_t j = 0; j < p; j++) {
			if ((r->want[j] = strdup(features[j])) == NULL)
				goto nomem;
			r->nwant++;
			if (i40_series_id(r->sids, "", 0, features[j], strlen(features[j]), NULL) < 0)
				goto nomem;
		}
	}
	return r;
nomem:
	i40_risk_free(r);
	i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	return NULL;
}

void
i40_risk_free(struct i40_risk *r)
{
	if (r == NULL)
		return;
	for (size_t j = 0; j < r->nwant; j++)
		free(r->want[j]);
	free(r->want);
	i40_series_free(r->aids);
	i40_series_free(r->sids);
	i40_series_free(r->pairs);
	free(r->last);
	free(r->obs);
	free(r->f);
	free(r);
}

struct i40_risk_log *
i40_risk_log_open(const char *path, const struct i40_tz *tz, struct i40_err *err)
{
	static const char *const tcol[] = {"ts", "time"};
	struct i40_risk_log *log = calloc(1, sizeof *log);

	if (log == NULL || (log->path = strdup(path)) == NULL) {
		free(log);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	for (int k = 0; k < 2; k++) {
		struct i40_rec_opts o = {.delim = ',', .tz = tz, .need = I40_COL_TS | I40_COL_ASSET,
					 .names = {tcol[k], NULL, NULL, NULL}};
		log->rd = i40_rec_open(&log->path, 1, &o, err);
		if (log->rd == NULL)
			break;
		if (i40_rec_ready(log->rd, err) == 0)
			return log;
		i40_rec_close(log->rd);
		log->rd = NULL;
		if (strstr(err->msg, "no column \"ts\"") == NULL)
			break;
	}
	if (strstr(err->msg, "no column \"time\""))
		i40_err_at(err, I40_ERR_DATA, path, 1, 0, "the maintenance log needs columns asset and ts (or time)");
	i40_risk_log_close(log);
	return NULL;
}

void
i40_risk_log_close(struct i40_risk_log *log)
{
	if (log == NULL)
		return;
	i40_rec_close(log->rd);
	free(log->path);
	free(log);
}

const char *
i40_risk_log_raw(struct i40_risk_log *log, size_t *len)
{
	return i40_rec_raw(log->rd, &log->last, len);
}

int
i40_risk_log_next(struct i40_risk *r, struct i40_risk_log *log, struct i40_err *err)
{
	struct i40_rec rec;
	int rc = i40_rec_next(log->rd, &rec, err);
	long a;

	log->last = rec;
	if (rc <= 0)
		return rc == -2 ? -1 : rc;
	if ((a = i40_series_id(r->aids, rec.asset, rec.asset_len, "", 0, NULL)) < 0 ||
	    i40_int_grow((void **)&r->f, &r->capf, r->nf + 1, sizeof *r->f) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	r->f[r->nf].a = a;
	r->f[r->nf].ts = rec.ts;
	r->nf++;
	return 1;
}

int
i40_risk_push(struct i40_risk *r, const struct i40_rec *rec, struct i40_err *err)
{
	long a, s, pair;
	int created;

	if (!rec->is_num)
		return 0;
	if ((a = i40_series_id(r->aids, rec->asset, rec->asset_len, "", 0, NULL)) < 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	s = r->nwant ? i40_series_find(r->sids, "", 0, rec->signal, rec->signal_len) :
		       i40_series_id(r->sids, "", 0, rec->signal, rec->signal_len, NULL);
	if (s < 0 && r->nwant == 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	if (s < 0)
		return 0;   /* not a feature asked for */
	if ((pair = i40_series_id(r->pairs, rec->asset, rec->asset_len, rec->signal, rec->signal_len, &created)) < 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	if (created) {
		if (i40_int_grow((void **)&r->last, &r->caplast, r->nlast + 1, sizeof *r->last) != 0)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		r->last[r->nlast++] = INT64_MIN;
	}
	if (rec->ts < r->last[pair])
		return i40_err_at(err, I40_ERR_DATA, rec->file, rec->line, 0,
				  "time goes back in %.*s/%.*s: records of a series must be in time order",
				  (int)rec->asset_len, rec->asset, (int)rec->signal_len, rec->signal);
	r->last[pair] = rec->ts;
	if (i40_int_grow((void **)&r->obs, &r->capobs, r->nobs + 1, sizeof *r->obs) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	r->obs[r->nobs].a = a;
	r->obs[r->nobs].s = s;
	r->obs[r->nobs].ts = rec->ts;
	r->obs[r->nobs].x = rec->num;
	r->nobs++;
	return 0;
}

struct vecrow {
	long a;
	int64_t ts;
	size_t row;
};

static int
cmp_ts(const void *x, const void *y)
{
	const struct vecrow *a = x, *b = y;
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return (a->a > b->a) - (a->a < b->a);
}

static int
cmp_fail(const void *x, const void *y)
{
	const struct fail *a = x, *b = y;
	if (a->a != b->a)
		return (a->a > b->a) - (a->a < b->a);
	return (a->ts > b->ts) - (a->ts < b->ts);
}

/* Feature ids in name order (the model's feature order). */
static int
feature_order(const struct i40_risk *r, long *ids)
{
	size_t n = i40_series_count(r->sids);
	for (size_t i = 0; i < n; i++)
		ids[i] = (long)i;
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && strcmp(i40_series_signal(r->sids, ids[k]),
						   i40_series_signal(r->sids, ids[k - 1])) < 0; k--) {
			long t = ids[k];
			ids[k] = ids[k - 1];
			ids[k - 1] = t;
		}
	return 0;
}

int
i40_risk_fit(struct i40_risk *r, int folds, double threshold, double ridge, struct i40_model_failure *out,
	     struct i40_risk_report *rep, struct i40_err *err)
{
	size_t p = i40_series_count(r->sids), na = i40_series_count(r->aids), nrow = 0, cap = 0;
	long *order = NULL, *col = NULL, *nhave = NULL;
	double *last = NULL, *X = NULL;
	int *y = NULL, *fold = NULL, rc = -1;
	int64_t *end = NULL;
	struct vecrow *rows = NULL;
	char *used_a = NULL;

	memset(rep, 0, sizeof *rep);
	memset(out, 0, sizeof *out);
	if (p == 0)
		return i40_err_set(err, I40_ERR_DATA, "no numeric feature records in the input");
	order = malloc(p * sizeof *order);
	col = malloc(p * sizeof *col);
	last = malloc(na * p * sizeof *last);
	nhave = calloc(na, sizeof *nhave);
	end = malloc(na * sizeof *end);
	used_a = calloc(na, 1);
	if (!order || !col || !last || !nhave || !end || !used_a)
		goto nomem;
	feature_order(r, order);
	for (size_t j = 0; j < p; j++)
		col[order[j]] = (long)j;
	for (size_t i = 0; i < na * p; i++)
		last[i] = NAN;
	for (size_t i = 0; i < na; i++)
		end[i] = INT64_MIN;
	for (size_t i = 0; i < r->nobs; i++)
		if (r->obs[i].ts > end[r->obs[i].a])
			end[r->obs[i].a] = r->obs[i].ts;
	/* vectors, as the records of each (asset, time) end */
	for (size_t i = 0; i < r->nobs; i++) {
		const struct obs *o = &r->obs[i];
		double *v = last + (size_t)o->a * p;
		if (isnan(v[col[o->s]]))
			nhave[o->a]++;
		v[col[o->s]] = o->x;
		int ends = i + 1 == r->nobs || r->obs[i + 1].a != o->a || r->obs[i + 1].ts != o->ts;
		if (!ends || nhave[o->a] < (long)p)
			continue;
		if (nrow == cap) {
			size_t c = cap ? 2 * cap : 256;
			double *nx = realloc(X, c * p * sizeof *X);
			struct vecrow *nr = nx ? realloc(rows, c * sizeof *rows) : NULL;
			if (nx)
				X = nx;
			if (nr == NULL)
				goto nomem;
			rows = nr;
			cap = c;
		}
		memcpy(X + nrow * p, v, p * sizeof *X);
		rows[nrow].a = o->a;
		rows[nrow].ts = o->ts;
		rows[nrow].row = nrow;
		nrow++;
	}
	/* labels: a failure of the asset within (t, t + horizon] */
	qsort(r->f, r->nf, sizeof *r->f, cmp_fail);
	y = malloc((nrow ? nrow : 1) * sizeof *y);
	fold = malloc((nrow ? nrow : 1) * sizeof *fold);
	if (y == NULL || fold == NULL)
		goto nomem;
	size_t keep = 0;
	for (size_t i = 0; i < nrow; i++) {
		long a = rows[i].a;
		int64_t t = rows[i].ts, next = INT64_MAX;
		for (size_t k = 0; k < r->nf; k++)   /* the asset's next failure after t */
			if (r->f[k].a == a && r->f[k].ts > t) {
				next = r->f[k].ts;
				break;
			}
		int lab;
		if (next != INT64_MAX && next - t <= r->horizon)
			lab = 1;
		else if (t > INT64_MAX - r->horizon || t + r->horizon > end[a]) {
			if (next == INT64_MAX || next - t > r->horizon) {
				rep->unknown++;
				continue;   /* the data end before we could know */
			}
			lab = 0;
		} else
			lab = 0;
		memmove(X + keep * p, X + i * p, p * sizeof *X);
		rows[keep] = rows[i];
		rows[keep].row = keep;
		y[keep] = lab;
		used_a[a] = 1;
		rep->failures += lab;
		keep++;
	}
	nrow = keep;
	rep->vectors = (long)nrow;
	for (size_t i = 0; i < na; i++)
		rep->assets += used_a[i];
	for (size_t k = 0; k < r->nf; k++)
		rep->events += end[r->f[k].a] != INT64_MIN;
	if (nrow < (size_t)(folds > 2 ? folds : 2) * 2 || rep->failures == 0 || rep->failures == (long)nrow) {
		i40_err_set(err, I40_ERR_DATA,
			    "%zu labelled vectors, %ld of them before a failure: too few to learn from "
			    "(need vectors both before failures and in normal running)", nrow, rep->failures);
		goto out;
	}
	/* folds: contiguous blocks of time */
	{
		struct vecrow *byt = malloc(nrow * sizeof *byt);
		if (byt == NULL)
			goto nomem;
		memcpy(byt, rows, nrow * sizeof *byt);
		qsort(byt, nrow, sizeof *byt, cmp_ts);
		for (size_t i = 0; i < nrow; i++)
			fold[byt[i].row] = (int)(i * (size_t)folds / nrow);
		free(byt);
	}
	if (i40_logit_cv_folds(X, y, nrow, p, fold, folds, ridge, threshold, &rep->cv, err) != 0 ||
	    i40_logit_fit(&out->lg, X, y, nrow, p, ridge, err) != 0)
		goto out;
	if ((out->features = calloc(p, sizeof *out->features)) == NULL)
		goto nomem;
	out->p = p;
	for (size_t j = 0; j < p; j++)
		if ((out->features[j] = strdup(i40_series_signal(r->sids, order[j]))) == NULL)
			goto nomem;
	out->present = 1;
	out->horizon = r->horizon;
	out->threshold = threshold;
	out->vectors = rep->vectors;
	out->failures = rep->failures;
	out->folds = folds;
	out->auc = rep->cv.auc;
	out->precision = rep->cv.precision;
	out->recall = rep->cv.recall;
	rc = 0;
	goto out;
nomem:
	i40_err_set(err, I40_ERR_NOMEM, "out of memory");
out:
	free(order);
	free(col);
	free(last);
	free(nhave);
	free(end);
	free(used_a);
	free(X);
	free(rows);
	free(y);
	free(fold);
	return rc;
}

void
i40_risk_report_write(FILE *fp, const struct i40_risk_report *rep, const struct i40_model_failure *f, int folds,
		      double threshold)
{
	int64_t hr = f->horizon / I40_NS_PER_HOUR;

	fprintf(fp, "i40-detect train: %ld asset%s, %ld failure%s in the log, label: fails within %lld %s\n",
		rep->assets, rep->assets == 1 ? "" : "s", rep->events, rep->events == 1 ? "" : "s",
		(long long)(hr ? hr : f->horizon / I40_NS_PER_MIN), hr ? "h" : "min");
	fprintf(fp, "vectors: %ld labelled, %ld before a failure (%.1f%%), %ld left out (the data end too soon)\n",
		rep->vectors, rep->failures, 100.0 * (double)rep->failures / (double)rep->vectors, rep->unknown);
	fprintf(fp, "cross-validated on %d blocks of time: ROC AUC %.3f, precision %.3f, recall %.3f at p_fail >= %g\n",
		folds, rep->cv.auc, rep->cv.precision, rep->cv.recall, threshold);
	fprintf(fp, "coefficients (change of the log-odds per unit of each feature):\n  %-24s %.6g\n", "(intercept)",
		i40_logit_coef(&f->lg, 0));
	for (size_t j = 0; j < f->p; j++)
		fprintf(fp, "  %-24s %.6g\n", f->features[j], i40_logit_coef(&f->lg, j + 1));
}
