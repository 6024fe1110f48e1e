/* extract.c - the feature engine over many series (see extract.h).
 *
 * Three things are held here and nowhere else: the map from (asset,
 * signal) to its window stream and settings, the stream's clock that
 * decides when a window end is final for every series, and the buffer
 * of rows between a window's close and its turn in the sorted output.
 * The numbers themselves come from stats/counter/state (through the
 * stream engine), spec (spectra) and cross (pairs).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cross.h"
#include "extract.h"
#include "i40_int.h"
#include "num.h"
#include "series.h"
#include "spec.h"
#include "stream.h"
#include "win.h"

#define EST 15              /* intervals kept to estimate a series' period */

/* Warnings given once per series. */
enum { W_NOBAND = 1, W_NOSHAFT = 2, W_NOFAULT = 4, W_SPEC = 8, W_STATECOUNT = 16 };

struct xpair;

struct xser {
	struct i40_extract *x;
	long id;                    /* in x->ids */
	const char *asset, *signal; /* its names (owned by x->ids) */
	size_t alen, slen;
	enum i40_stream_kind kind;
	int usable;                 /* 0: a state series on count windows */
	struct i40_stream st;
	struct i40_fsig cfg;        /* resolved settings */
	char **fname;               /* "temp.mean" per feature (plain ones) */
	int64_t interval;           /* plant's, else estimated (0: unknown) */
	int fixed_interval;         /* from the plant */
	int64_t est[EST];           /* first positive intervals seen */
	int nest;
	int64_t last_ts;
	int have_last;
	unsigned warned;
	char *xv;                   /* extras of the latest reading: "a\0b\0" */
	size_t xv_len, xv_cap;
	long next;                  /* the series that followed it last, -1 */
	struct xpair *pair[I40_FCONF_MAXCORR];
	int side[I40_FCONF_MAXCORR];
	int npair;
};

struct xpair {
	struct i40_extract *x;
	long id;                    /* pseudo-series (asset, "A~B") */
	struct i40_cross cr;
};

struct xrow {
	int64_t ts;
	long key;                   /* rank of the series in (asset, signal) order */
	long sid;
	int rank, sub;              /* feature position; state/band position */
	const char *subname;        /* state or band name, or NULL */
	double v, count, cov;
	int partial;
	int owner;                  /* frees extras */
	char *extras;               /* extras of the window, or NULL */
	size_t extras_len;
};

struct i40_extract {
	const struct i40_fconf *c;
	const struct i40_plant *plant;
	struct i40_rec_reader *rd;
	struct i40_rec_writer *w;
	i40_extract_warn_fn *warn;
	void *warn_ctx;
	struct i40_win win;
	struct i40_win_local local;
	int by_count;
	struct i40_series *ids;     /* series and pairs */
	void **obj;                 /* by id: struct xser or struct xpair */
	unsigned char *is_pair;
	size_t nobj, cap;
	long *order;                /* id -> rank in (asset, signal) order */
	size_t norder, order_cap;   /* ids ranked; allocated */
	long prev;                  /* series of the last record, -1 */
	int started;
	int64_t clock;              /* latest ts read */
	char clock_file[256];       /* where the record that set it is */
	long clock_line;
	const char *clock_name;     /* the reader's name buffer seen last */
	int64_t adv;                /* pane the series were advanced to */
	int adv_started;
	int64_t late_before;        /* records before this are late */
	struct xrow *rows;
	size_t nrows, rows_cap;
	int64_t rows_min;           /* smallest ts buffered */
	int header_done;
	int extras_known;
	size_t nextra;              /* extras of the reader */
	int *extra_kind;            /* 0 pass, 1 unit, -1 dropped (ours) */
	char *scratch;
	size_t scratch_cap;
	struct i40_spec spec, env;  /* shared work space of spectra */
	struct i40_series *cols;    /* wide: output name -> column */
	size_t ncols;
	double *wv;
	struct i40_extract_counts n;
};

/* ---- small helpers ---- */

static int
grow(void **p, size_t *cap, size_t need, size_t elem, struct i40_err *err)
{
	if (i40_int_grow(p, cap, need, elem) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	return 0;
}

static void
warn_once(struct xser *s, unsigned bit, const char *fmt, const char *what)
{
	char msg[512];
	const struct i40_series *ids = s->x->ids;

	if ((s->warned & bit) || s->x->warn == NULL)
		return;
	s->warned |= bit;
	snprintf(msg, sizeof msg, "%s/%s: ", i40_series_asset(ids, s->id), i40_series_signal(ids, s->id));
	snprintf(msg + strlen(msg), sizeof msg - strlen(msg), fmt, what);
	s->x->warn(s->x->warn_ctx, msg);
}

/* ---- rows ---- */

static int
push_row(struct i40_extract *x, const struct xrow *r, struct i40_err *err)
{
	if (grow((void **)&x->rows, &x->rows_cap, x->nrows + 1, sizeof *x->rows, err) < 0)
		return -1;
	if (x->nrows == 0 || r->ts < x->rows_min)
		x->rows_min = r->ts;
	x->rows[x->nrows++] = *r;
	return 0;
}

/* Push r; only the first row of a window owns (frees) its extras. */
static int
emit(struct i40_extract *x, struct xrow *r, struct i40_err *err)
{
	if (push_row(x, r, err) < 0)
		return -1;
	r->owner = 0;
	return 0;
}

static int
cmp_row(const void *pa, const void *pb)
{
	const struct xrow *a = pa, *b = pb;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return (a->sub > b->sub) - (a->sub < b->sub);
}

/* Rank every id by (asset, signal) bytes, when ids were added. */
static int
rank_ids(struct i40_extract *x, struct i40_err *err)
{
	size_t n = i40_series_count(x->ids), i;
	long *sorted;

	if (n == x->norder)
		return 0;
	sorted = malloc((n ? n : 1) * sizeof *sorted);
	if (sorted == NULL || grow((void **)&x->order, &x->order_cap, n, sizeof *x->order, err) < 0 ||
	    i40_series_sorted(x->ids, sorted) < 0) {
		free(sorted);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	for (i = 0; i < n; i++)
		x->order[sorted[i]] = (long)i;
	x->norder = n;
	free(sorted);
	return 0;
}

/* The output signal of a row: "temp.mean", "state.time[RUN]". */
static const char *
row_name(struct i40_extract *x, const struct xrow *r, size_t *len)
{
	const char *base = i40_series_signal(x->ids, r->sid);
	const char *feat;
	size_t need;

	if (x->is_pair[r->sid]) {
		feat = r->rank == 0 ? "corr" : "cov";
	} else {
		struct xser *s = x->obj[r->sid];

		if (r->subname == NULL) {
			*len = strlen(s->fname[r->rank]);
			return s->fname[r->rank];
		}
		feat = s->cfg.feat[r->rank].name;
	}
	need = strlen(base) + strlen(feat) + (r->subname ? strlen(r->subname) : 0) + 8;
	if (grow((void **)&x->scratch, &x->scratch_cap, need, 1, NULL) < 0) {
		*len = 0;
		return "";
	}
	if (r->subname)
		*len = (size_t)snprintf(x->scratch, x->scratch_cap, "%s.%s[%s]", base, feat, r->subname);
	else
		*len = (size_t)snprintf(x->scratch, x->scratch_cap, "%s.%s", base, feat);
	return x->scratch;
}

/* A whole number without printf. */
static void
put_int(struct i40_rec_writer *w, int64_t v)
{
	char buf[24], *p = buf + sizeof buf;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	i40_rec_put(w, p, (size_t)(buf + sizeof buf - p));
}

/* A count or a coverage of 1: most numbers of a row, so no printf. */
static void
put_count(struct i40_rec_writer *w, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		put_int(w, (int64_t)v);
	else
		i40_rec_put_num(w, v);
}

static void
write_header(struct i40_extract *x)
{
	size_t i;

	if (x->header_done)
		return;
	x->header_done = 1;
	i40_rec_put_str(x->w, "ts");
	i40_rec_put_str(x->w, "asset");
	if (x->c->wide) {
		for (i = 0; i < x->ncols; i++)
			i40_rec_put_str(x->w, i40_series_signal(x->cols, (long)i));
	} else {
		i40_rec_put_str(x->w, "signal");
		i40_rec_put_str(x->w, "value");
		for (i = 0; i < x->nextra; i++)
			if (x->extra_kind[i] >= 0)
				i40_rec_put_str(x->w, i40_rec_extra_name(x->rd, i));
		i40_rec_put_str(x->w, "count");
		i40_rec_put_str(x->w, "coverage");
	}
	i40_rec_put_str(x->w, "partial");
	i40_rec_end(x->w);
}

static void
write_long(struct i40_extract *x, const struct xrow *r)
{
	size_t len, i, off = 0;
	const char *name = row_name(x, r, &len);

	i40_rec_put_ts(x->w, r->ts, i40_int_ts_digits(r->ts));
	i40_rec_put_str(x->w, i40_series_asset(x->ids, r->sid));
	i40_rec_put(x->w, name, len);
	i40_rec_put_num(x->w, r->v);
	for (i = 0; i < x->nextra; i++) {
		const char *f = r->extras ? r->extras + off : "";
		size_t fl = r->extras ? strlen(f) : 0;

		if (r->extras)
			off += fl + 1;
		if (x->extra_kind[i] < 0)
			continue;
		if (x->extra_kind[i] == 1 && !x->is_pair[r->sid]) {
			char unit[128];
			struct xser *s = x->obj[r->sid];

			i40_feat_unit(&s->cfg.feat[r->rank], f, fl, unit, sizeof unit);
			i40_rec_put_str(x->w, unit);
		} else {
			i40_rec_put(x->w, x->is_pair[r->sid] ? "" : f, x->is_pair[r->sid] ? 0 : fl);
		}
	}
	put_count(x->w, r->count);
	put_count(x->w, r->cov);
	put_int(x->w, r->partial);
	i40_rec_end(x->w);
	x->n.rows++;
}

/* Wide: the columns are the output names of the first rows written. */
static int
wide_columns(struct i40_extract *x, size_t n, struct i40_err *err)
{
	size_t i, len;
	int created;

	if (x->header_done)
		return 0;
	for (i = 0; i < n; i++) {
		const char *name = row_name(x, &x->rows[i], &len);
		if (i40_series_id(x->cols, "", 0, name, len, &created) < 0)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	x->ncols = i40_series_count(x->cols);
	x->wv = calloc(x->ncols ? x->ncols : 1, sizeof *x->wv);
	if (x->wv == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	return 0;
}

static void
write_wide(struct i40_extract *x, size_t from, size_t to)
{
	size_t i, len;
	int partial = 0;

	for (i = 0; i < x->ncols; i++)
		x->wv[i] = NAN;
	for (i = from; i < to; i++) {
		const char *name = row_name(x, &x->rows[i], &len);
		long col = i40_series_find(x->cols, "", 0, name, len);

		if (col < 0)
			x->n.no_column++;
		else
			x->wv[col] = x->rows[i].v;
		partial |= x->rows[i].partial;
	}
	i40_rec_put_ts(x->w, x->rows[from].ts, i40_int_ts_digits(x->rows[from].ts));
	i40_rec_put_str(x->w, i40_series_asset(x->ids, x->rows[from].sid));
	for (i = 0; i < x->ncols; i++)
		i40_rec_put_num(x->w, x->wv[i]);
	put_int(x->w, partial);
	i40_rec_end(x->w);
	x->n.rows++;
}

/* Write the buffered rows with ts <= bound (strict: < bound), sorted. */
static int
flush_rows(struct i40_extract *x, int64_t bound, int strict, struct i40_err *err)
{
	size_t n = 0, i, j;

	if (x->nrows == 0 || x->rows_min > bound || (strict && x->rows_min == bound))
		return 0;
	if (rank_ids(x, err) < 0)
		return -1;
	for (i = 0; i < x->nrows; i++)
		x->rows[i].key = x->order[x->rows[i].sid];
	qsort(x->rows, x->nrows, sizeof *x->rows, cmp_row);
	while (n < x->nrows && (strict ? x->rows[n].ts < bound : x->rows[n].ts <= bound))
		n++;
	if (x->c->wide && wide_columns(x, n, err) < 0)
		return -1;
	write_header(x);
	if (x->c->wide) {
		for (i = 0; i < n; i = j) {
			for (j = i + 1; j < n && x->rows[j].ts == x->rows[i].ts &&
			     strcmp(i40_series_asset(x->ids, x->rows[j].sid),
				    i40_series_asset(x->ids, x->rows[i].sid)) == 0; j++)
				;
			write_wide(x, i, j);
		}
	} else {
		for (i = 0; i < n; i++)
			write_long(x, &x->rows[i]);
	}
	for (i = 0; i < n; i++)
		if (x->rows[i].owner)
			free(x->rows[i].extras);
	memmove(x->rows, x->rows + n, (x->nrows - n) * sizeof *x->rows);
	x->nrows -= n;
	x->rows_min = INT64_MAX;
	for (i = 0; i < x->nrows; i++)
		if (x->rows[i].ts < x->rows_min)
			x->rows_min = x->rows[i].ts;
	if (i40_rec_flush(x->w) < 0)
		return i40_err_set(err, I40_ERR_IO, "write error");
	return 0;
}

/* ---- one closed window ---- */

static double
window_fs(const struct xser *s, const struct i40_stats *st)
{
	if (s->cfg.fs > 0)
		return s->cfg.fs;
	if (st->n < 2 || st->last_ts <= st->first_ts)
		return NAN;
	return (double)(st->n - 1) * 1e9 / (double)(st->last_ts - st->first_ts);
}

static double
fault_freq(struct xser *s, int k)
{
	struct i40_bearing_freq bf;

	if (!isnan(s->cfg.fault[k]))
		return s->cfg.fault[k];
	if ((s->cfg.set & I40_FS_BEARING) && s->cfg.shaft_hz > 0 &&
	    i40_bearing_freqs(&s->cfg.bearing, s->cfg.shaft_hz, &bf, NULL) == 0)
		return k == I40_FAULT_BPFI ? bf.bpfi : k == I40_FAULT_BPFO ? bf.bpfo
		       : k == I40_FAULT_BSF ? bf.bsf : bf.ftf;
	warn_once(s, W_NOFAULT, "%s needs fault frequencies: give --faults, or --bearing "
		  "and --shaft (or the plant's features section)", "env_*");
	return NAN;
}

/* Spectrum (env 0) or envelope spectrum (env 1) of the window, once. */
static const struct i40_spec *
spectrum(struct xser *s, struct i40_stats *st, int env, int *have)
{
	struct i40_extract *x = s->x;
	struct i40_spec *sp = env ? &x->env : &x->spec;
	struct i40_err e;
	double fs, lo, hi;
	int rc;

	if (*have)
		return *have > 0 ? sp : NULL;
	*have = -1;
	fs = window_fs(s, st);
	if (st->nmiss > 0 || st->n < 4 || !(fs > 0))
		return NULL;
	if (!env) {
		rc = i40_spec_compute(sp, st->vals, (size_t)st->n, fs, s->cfg.taper, &e);
	} else {
		lo = (s->cfg.set & I40_FS_ENVELOPE) ? s->cfg.env_lo : fs / 6;
		hi = (s->cfg.set & I40_FS_ENVELOPE) ? s->cfg.env_hi : fs * 5 / 12;
		rc = i40_spec_envelope(sp, st->vals, (size_t)st->n, fs, lo, hi, s->cfg.taper, &e);
	}
	if (rc < 0) {
		warn_once(s, W_SPEC, "%s", e.msg);
		return NULL;
	}
	*have = 1;
	return sp;
}

static int
state_rows(struct xser *s, struct i40_window *w, struct xrow *r, struct i40_err *err)
{
	const struct i40_labels *l = w->labels;
	int small[64], *idx = l->n <= 64 ? small : malloc(l->n * sizeof *idx), n = 0, i, j, rc = 0;

	if (idx == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	/* states in name order, so the output does not depend on which
	 * state came first */
	for (i = 0; i < (int)l->n; i++) {
		for (j = n; j > 0 && strcmp(l->name[idx[j - 1]], l->name[i]) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
		n++;
	}
	for (i = 0; i < n && rc == 0; i++) {
		r->sub = i;
		r->subname = l->name[idx[i]];
		r->v = i40_feat_state_time(w->acc, idx[i]);
		rc = emit(s->x, r, err);
	}
	if (idx != small)
		free(idx);
	return rc;
}

static int
on_window(void *ctx, struct i40_window *w, struct i40_err *err)
{
	struct xser *s = ctx;
	struct i40_extract *x = s->x;
	const struct i40_fconf *c = x->c;
	struct i40_stats *st = &w->acc->st;
	struct xrow r;
	int have_spec = 0, have_env = 0, k;

	/* A sample window is N readings: the tail of a series that did not
	 * fill one is counted, not written (its ts, the last reading, may
	 * lie before rows already written). */
	if (w->by_count && w->acc->nread < w->nominal) {
		x->n.incomplete++;
		return 0;
	}
	memset(&r, 0, sizeof r);
	r.ts = w->ts;
	r.sid = s->id;
	if (s->kind == I40_STREAM_STATE) {
		r.count = (double)w->acc->ss.n;
		r.cov = i40_window_coverage(w, 0);
		r.partial = !(r.cov >= c->min_coverage);
	} else {
		r.count = (double)st->n;
		r.cov = i40_window_coverage(w, s->interval);
		r.partial = st->n < c->min_count || (!isnan(r.cov) && r.cov < c->min_coverage);
	}
	if (!isnan(r.cov))
		r.cov = round(r.cov * 1e4) / 1e4;
	x->n.windows++;
	x->n.partial += r.partial;
	if (r.partial && c->skip_partial) {
		x->n.skipped++;
		return 0;
	}
	if (s->xv_len > 0 && !c->wide) {
		r.extras = malloc(s->xv_len);
		if (r.extras == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		memcpy(r.extras, s->xv, s->xv_len);
		r.extras_len = s->xv_len;
		r.owner = 1;
	}
	for (k = 0; k < s->cfg.nfeat; k++) {
		const struct i40_feat *f = &s->cfg.feat[k];
		const struct i40_spec *sp;

		r.rank = k;
		r.sub = 0;
		r.subname = NULL;
		switch (f->id) {
		case I40_FEAT_TIME:
			if (state_rows(s, w, &r, err) < 0)
				goto fail;
			continue;
		case I40_FEAT_BAND:
			if (s->cfg.nband == 0) {
				warn_once(s, W_NOBAND, "%s: no bands are configured (--band or the plant's bands)",
					  "band");
				continue;
			}
			sp = spectrum(s, st, 0, &have_spec);
			for (int b = 0; b < s->cfg.nband; b++) {
				const struct i40_fband *fb = &s->cfg.band[b];
				double m = fb->orders ? s->cfg.shaft_hz : 1;

				if (fb->orders && !(m > 0))
					warn_once(s, W_NOSHAFT, "band %s is in shaft orders: give the shaft speed "
						  "(--shaft or the plant's shaft)", fb->name);
				r.sub = b;
				r.subname = fb->name;
				r.v = sp && m > 0 ? i40_spec_band_power(sp, fb->lo * m, fb->hi * m) : NAN;
				if (emit(x, &r, err) < 0)
					goto fail;
			}
			continue;
		case I40_FEAT_ENV_BPFI:
		case I40_FEAT_ENV_BPFO:
		case I40_FEAT_ENV_BSF:
		case I40_FEAT_ENV_FTF: {
			double freq = fault_freq(s, (int)(f->id - I40_FEAT_ENV_BPFI));

			sp = isnan(freq) ? NULL : spectrum(s, st, 1, &have_env);
			r.v = sp ? i40_spec_amp_at(sp, freq, fmax(sp->df, 0.01 * freq)) : NAN;
			break;
		}
		default:
			sp = (f->needs & I40_FEAT_NEEDS_SPEC) ? spectrum(s, st, 0, &have_spec) : NULL;
			r.v = i40_feat_value(f, w->acc, sp);
			break;
		}
		if (emit(x, &r, err) < 0)
			goto fail;
	}
	if (r.owner)
		free(r.extras);   /* no row took it (no features for the series) */
	return 0;
fail:
	if (r.owner)
		free(r.extras);
	return -1;
}

static int
on_cross(void *ctx, const struct i40_cross_window *cw, struct i40_err *err)
{
	struct xpair *p = ctx;
	struct i40_extract *x = p->x;
	struct xrow r;

	if (cw->n_a == 0 || cw->n_b == 0)
		return 0;   /* one of the two is missing: a gap, like a series' */
	memset(&r, 0, sizeof r);
	r.ts = cw->ts;
	r.sid = p->id;
	r.count = (double)cw->npairs;
	r.cov = NAN;
	r.partial = cw->npairs < x->c->min_count || cw->npairs < 2;
	x->n.windows++;
	x->n.partial += r.partial;
	if (r.partial && x->c->skip_partial) {
		x->n.skipped++;
		return 0;
	}
	r.v = cw->r;
	if (push_row(x, &r, err) < 0)
		return -1;
	r.rank = 1;
	r.v = cw->cov;
	return push_row(x, &r, err);
}

/* ---- series ---- */

static int
add_obj(struct i40_extract *x, long id, void *obj, int pair, struct i40_err *err)
{
	if (grow((void **)&x->obj, &x->cap, (size_t)id + 1, sizeof *x->obj, err) < 0)
		return -1;
	/* is_pair grows with obj: same capacity */
	unsigned char *ip = realloc(x->is_pair, x->cap);
	if (ip == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	x->is_pair = ip;
	x->obj[id] = obj;
	x->is_pair[id] = (unsigned char)pair;
	x->nobj = (size_t)id + 1;
	return 0;
}

static struct xpair *
get_pair(struct i40_extract *x, const char *asset, size_t alen, const char *a, const char *b,
	 struct i40_err *err)
{
	char name[256];
	int created, n = snprintf(name, sizeof name, "%s~%s", a, b);
	long id = i40_series_id(x->ids, asset, alen, name, (size_t)n, &created);
	struct xpair *p;

	if (id < 0) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (!created) {
		if ((size_t)id < x->nobj && x->is_pair[id])
			return x->obj[id];
		i40_err_set(err, I40_ERR_CONFIG, "the input has a signal %s of %.*s: the correlation of %s "
			    "and %s cannot be written under that name", name, (int)alen, asset, a, b);
		return NULL;
	}
	p = calloc(1, sizeof *p);
	if (p == NULL || add_obj(x, id, p, 1, err) < 0) {
		free(p);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	p->x = x;
	p->id = id;
	if (i40_cross_init(&p->cr, &x->win, x->c->corr_tol, on_cross, p, err) < 0)
		return NULL;
	return p;
}

static struct xser *
new_series(struct i40_extract *x, long id, const struct i40_rec *r, struct i40_err *err)
{
	const struct i40_signal_def *def = i40_plant_signal(x->plant, r->asset, r->asset_len,
							    r->signal, r->signal_len);
	struct xser *s = calloc(1, sizeof *s);
	const char *signal = i40_series_signal(x->ids, id);
	int k;

	if (s == NULL || add_obj(x, id, s, 0, err) < 0) {
		free(s);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	s->x = x;
	s->id = id;
	s->next = -1;
	s->asset = i40_series_asset(x->ids, id);
	s->signal = signal;
	s->alen = r->asset_len;
	s->slen = r->signal_len;
	if (def)
		s->kind = def->kind == I40_COUNTER ? I40_STREAM_COUNTER :
			  def->kind == I40_STATE ? I40_STREAM_STATE : I40_STREAM_GAUGE;
	else
		/* no plant entry: text makes a state series, a number a gauge */
		s->kind = r->value_len > 0 && !r->is_num ? I40_STREAM_STATE : I40_STREAM_GAUGE;
	if (def && def->interval > 0) {
		s->interval = def->interval;
		s->fixed_interval = 1;
	}
	i40_fconf_resolve(x->c, r->asset, r->asset_len, r->signal, r->signal_len, s->kind, &s->cfg);
	s->fname = calloc((size_t)s->cfg.nfeat + 1, sizeof *s->fname);
	if (s->fname == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory"), NULL;
	for (k = 0; k < s->cfg.nfeat; k++) {
		size_t len = strlen(signal) + strlen(s->cfg.feat[k].name) + 2;
		if ((s->fname[k] = malloc(len)) == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory"), NULL;
		snprintf(s->fname[k], len, "%s.%s", signal, s->cfg.feat[k].name);
	}
	s->usable = !(s->kind == I40_STREAM_STATE && x->by_count);
	if (s->usable && i40_stream_init(&s->st, &x->win, s->kind,
					 (i40_feat_needs(s->cfg.feat, s->cfg.nfeat) & I40_FEAT_NEEDS_VALUES) != 0,
					 on_window, s, err) < 0)
		return NULL;
	for (k = 0; k < x->c->ncorr && s->kind != I40_STREAM_STATE; k++) {
		const char *a = x->c->corr[k].a, *b = x->c->corr[k].b;
		int side = strlen(a) == r->signal_len && memcmp(a, r->signal, r->signal_len) == 0 ? 0 :
			   strlen(b) == r->signal_len && memcmp(b, r->signal, r->signal_len) == 0 ? 1 : -1;

		if (side < 0)
			continue;
		if ((s->pair[s->npair] = get_pair(x, r->asset, r->asset_len, a, b, err)) == NULL)
			return NULL;
		s->side[s->npair++] = side;
	}
	return s;
}

static void
free_series(struct xser *s)
{
	if (s->usable)
		i40_stream_free(&s->st);
	for (int k = 0; s->fname && k < s->cfg.nfeat; k++)
		free(s->fname[k]);
	free(s->fname);
	free(s->xv);
	free(s);
}

/* The median of the first intervals: robust to a gap or a burst. */
static void
estimate_interval(struct xser *s, int64_t ts)
{
	int64_t d, tmp[EST];
	int i, j;

	if (!s->have_last) {
		s->have_last = 1;
		s->last_ts = ts;
		return;
	}
	d = ts - s->last_ts;
	s->last_ts = ts;
	if (s->fixed_interval || s->nest == EST || d <= 0)
		return;
	s->est[s->nest++] = d;
	for (i = 0; i < s->nest; i++) {
		for (j = i; j > 0 && tmp[j - 1] > s->est[i]; j--)
			tmp[j] = tmp[j - 1];
		tmp[j] = s->est[i];
	}
	s->interval = tmp[s->nest / 2];
}

/* Keep the extras of this reading (rows of a window carry its last). */
static int
keep_extras(struct i40_extract *x, struct xser *s, const struct i40_rec *r, struct i40_err *err)
{
	size_t i, len, need = 0;
	const char *f;

	for (i = 0; i < x->nextra; i++) {
		i40_rec_extra(x->rd, r, i, &len);
		need += len + 1;
	}
	if (grow((void **)&x->scratch, &x->scratch_cap, need, 1, err) < 0)
		return -1;
	need = 0;
	for (i = 0; i < x->nextra; i++) {
		f = i40_rec_extra(x->rd, r, i, &len);
		memcpy(x->scratch + need, f, len);
		x->scratch[need + len] = '\0';
		need += len + 1;
	}
	if (need == s->xv_len && memcmp(x->scratch, s->xv, need) == 0)
		return 0;
	if (grow((void **)&s->xv, &s->xv_cap, need, 1, err) < 0)
		return -1;
	memcpy(s->xv, x->scratch, need);
	s->xv_len = need;
	return 0;
}

static void
learn_extras(struct i40_extract *x)
{
	size_t i;

	x->extras_known = 1;
	x->nextra = i40_rec_nextra(x->rd);
	x->extra_kind = calloc(x->nextra ? x->nextra : 1, sizeof *x->extra_kind);
	if (x->extra_kind == NULL) {
		x->nextra = 0;
		return;
	}
	for (i = 0; i < x->nextra; i++) {
		const char *n = i40_rec_extra_name(x->rd, i);
		/* our own columns are written anew, not passed through */
		if (strcmp(n, "count") == 0 || strcmp(n, "coverage") == 0 || strcmp(n, "partial") == 0)
			x->extra_kind[i] = -1;
		else if (strcmp(n, "unit") == 0)
			x->extra_kind[i] = 1;
	}
}

/* ---- the clock ---- */

/* Every series and pair: the clock is at ts (states hold up to it);
 * with end, the input is over as well. */
static int
close_all(struct i40_extract *x, int64_t ts, int end, struct i40_err *err)
{
	size_t i;

	for (i = 0; i < x->nobj; i++) {
		if (x->is_pair[i]) {
			struct xpair *q = x->obj[i];
			if ((end ? i40_cross_finish(&q->cr, err) : i40_cross_advance(&q->cr, ts, err)) < 0)
				return -1;
		} else {
			struct xser *s = x->obj[i];
			if (s->usable && (i40_stream_advance(&s->st, ts, err) < 0 ||
					  (end && i40_stream_finish(&s->st, err) < 0)))
				return -1;
		}
	}
	return 0;
}

/* The clock moved to x->clock: close and write what it makes final. */
static int
advance(struct i40_extract *x, struct i40_err *err)
{
	int64_t h = x->clock - x->c->lateness, p;

	if (x->by_count) {
		x->late_before = h;
		return flush_rows(x, h, 1, err);
	}
	p = i40_win_pane_of(&x->win, h);
	if (x->adv_started && p <= x->adv)
		return 0;
	x->adv = p;
	x->adv_started = 1;
	x->late_before = i40_win_pane_start(&x->win, p);
	if (close_all(x, x->late_before, 0, err) < 0)
		return -1;
	return flush_rows(x, x->late_before, 0, err);
}

static int
late(struct i40_extract *x, const struct i40_rec *r, struct i40_err *err)
{
	char t1[I40_TS_MAXLEN], t2[I40_TS_MAXLEN];

	i40_tfmt(x->late_before, i40_int_ts_digits(x->late_before), t1);
	i40_tfmt(x->clock, i40_int_ts_digits(x->clock), t2);
	return i40_err_at(err, I40_ERR_DATA, r->file, r->line, 0,
			  "late record: the windows up to %s are written (the input reached %s at %s:%ld); "
			  "records must come in time order across series (or raise --lateness)",
			  t1, t2, x->clock_file, x->clock_line);
}

/* Feeds cycle through their series in a fixed order: the series that
 * followed the last one last time is checked first, two compares instead
 * of a hash (NULL: look it up). */
static struct xser *
predicted(const struct i40_extract *x, const struct i40_rec *r)
{
	const struct xser *p;
	long id;

	if (x->prev < 0 || (id = ((const struct xser *)x->obj[x->prev])->next) < 0)
		return NULL;
	p = x->obj[id];
	if (p->alen != r->asset_len || p->slen != r->signal_len ||
	    memcmp(p->asset, r->asset, p->alen) != 0 || memcmp(p->signal, r->signal, p->slen) != 0)
		return NULL;
	return x->obj[id];
}

int
i40_extract_add(struct i40_extract *x, const struct i40_rec *r, struct i40_err *err)
{
	int created, k;
	long id;
	struct xser *s;
	double v;

	x->n.in++;
	if (!x->extras_known)
		learn_extras(x);
	if (!x->started || r->ts > x->clock) {
		x->started = 1;
		x->clock = r->ts;
		/* a new file restarts its lines (the reader keeps one buffer) */
		if (r->file != x->clock_name || r->line < x->clock_line) {
			snprintf(x->clock_file, sizeof x->clock_file, "%s", r->file ? r->file : "");
			x->clock_name = r->file;
		}
		x->clock_line = r->line;
		if (advance(x, err) < 0)
			return -1;
	}
	if (r->ts < x->late_before)
		return late(x, r, err);
	s = predicted(x, r);
	if (s == NULL) {
		/* A series whose first value is empty has no kind yet (a number
		 * makes a gauge, text a state): the missing reading goes uncounted. */
		if (r->value_len == 0 &&
		    i40_series_find(x->ids, r->asset, r->asset_len, r->signal, r->signal_len) < 0 &&
		    i40_plant_signal(x->plant, r->asset, r->asset_len, r->signal, r->signal_len) == NULL)
			return 0;
		id = i40_series_id(x->ids, r->asset, r->asset_len, r->signal, r->signal_len, &created);
		if (id < 0)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		if ((size_t)id < x->nobj && x->is_pair[id])
			return i40_err_at(err, I40_ERR_DATA, r->file, r->line, 0,
					  "signal \"%s\" is the name of a correlation this run writes", r->signal);
		s = created ? new_series(x, id, r, err) : x->obj[id];
		if (s == NULL)
			return -1;
		if (x->prev >= 0)
			((struct xser *)x->obj[x->prev])->next = s->id;
	}
	x->prev = s->id;
	if (!s->usable)
		return i40_err_at(err, I40_ERR_DATA, r->file, r->line, 0,
				  "%s/%s is a state signal: states need windows of time, not --samples",
				  r->asset, r->signal);
	if (s->kind == I40_STREAM_STATE) {
		if (r->value_len == 0)
			return 0;   /* a missing state: the last one holds */
		if (i40_stream_add_state(&s->st, r->ts, r->value, err) < 0)
			goto bad;
	} else {
		if (r->value_len > 0 && !r->is_num)
			return i40_err_at(err, I40_ERR_DATA, r->file, r->line, 0,
					  "value \"%s\" is not a number (%s/%s is a %s)", r->value, r->asset,
					  r->signal, s->kind == I40_STREAM_COUNTER ? "counter" : "gauge");
		v = r->value_len > 0 ? r->num : NAN;
		if (x->by_count && x->nextra && keep_extras(x, s, r, err) < 0)
			return -1;
		if (i40_stream_add(&s->st, r->ts, v, err) < 0)
			goto bad;
		for (k = 0; k < s->npair; k++)
			if (i40_cross_add(&s->pair[k]->cr, s->side[k], r->ts, v, err) < 0)
				goto bad;
	}
	estimate_interval(s, r->ts);
	if (!x->by_count && x->nextra && keep_extras(x, s, r, err) < 0)
		return -1;
	if (x->by_count && x->nrows && x->rows_min < x->clock - x->c->lateness)
		return flush_rows(x, x->clock - x->c->lateness, 1, err);
	return 0;
bad:
	if (err && err->kind == I40_ERR_DATA) {
		snprintf(err->file, sizeof err->file, "%s", r->file ? r->file : "");
		err->line = r->line;
	}
	return -1;
}

int
i40_extract_finish(struct i40_extract *x, struct i40_err *err)
{
	/* a state holds up to the last time of the input */
	if (close_all(x, x->clock, 1, err) < 0 || flush_rows(x, INT64_MAX, 0, err) < 0)
		return -1;
	if (!x->header_done) {
		if (!x->extras_known && i40_rec_ready(x->rd, NULL) >= 0)
			learn_extras(x);
		write_header(x);
	}
	if (i40_rec_flush(x->w) < 0)
		return i40_err_set(err, I40_ERR_IO, "write error");
	return 0;
}

/* ---- set-up ---- */

struct i40_extract *
i40_extract_new(const struct i40_fconf *c, const struct i40_plant *plant, const struct i40_tz *tz,
		struct i40_rec_reader *rd, struct i40_rec_writer *w, i40_extract_warn_fn *warn,
		void *warn_ctx, struct i40_err *err)
{
	struct i40_extract *x = calloc(1, sizeof *x);
	int rc;

	if (x == NULL || (x->ids = i40_series_new()) == NULL || (x->cols = i40_series_new()) == NULL) {
		i40_extract_free(x);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	x->c = c;
	x->plant = plant;
	x->rd = rd;
	x->w = w;
	x->warn = warn;
	x->warn_ctx = warn_ctx;
	x->late_before = INT64_MIN;
	x->rows_min = INT64_MAX;
	x->prev = -1;
	i40_spec_init(&x->spec);
	i40_spec_init(&x->env);
	x->by_count = c->samples > 0;
	if (x->by_count)
		rc = i40_win_count(&x->win, c->samples, c->hop ? c->hop : c->samples, err);
	else if (c->align_local)
		rc = i40_win_local(&x->win, &x->local, tz, c->window, err);
	else
		rc = i40_win_time(&x->win, c->window, c->step ? c->step : c->window, 0, err);
	if (rc < 0) {
		i40_extract_free(x);
		return NULL;
	}
	return x;
}

void
i40_extract_free(struct i40_extract *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nobj; i++) {
		if (x->obj[i] == NULL)
			continue;
		if (x->is_pair[i]) {
			struct xpair *p = x->obj[i];
			i40_cross_free(&p->cr);
			free(p);
		} else {
			free_series(x->obj[i]);
		}
	}
	for (i = 0; i < x->nrows; i++)
		if (x->rows[i].owner)
			free(x->rows[i].extras);
	free(x->rows);
	free(x->obj);
	free(x->is_pair);
	free(x->order);
	free(x->extra_kind);
	free(x->scratch);
	free(x->wv);
	i40_spec_free(&x->spec);
	i40_spec_free(&x->env);
	i40_series_free(x->ids);
	i40_series_free(x->cols);
	free(x);
}

void
i40_extract_counts(const struct i40_extract *x, struct i40_extract_counts *out)
{
	*out = x->n;
}
