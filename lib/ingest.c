/* ingest.c - the five input formats through one normalisation path.
 *
 * Each format has a reader that finds, per value, its time, asset, signal
 * and text (run_long, run_wide, run_lines); they all hand the value to
 * emit(), which applies the source's mapping and the plant's facts and
 * writes the record or rejects it with a reason.  Keeping one emit() is
 * what makes the rules (units, valid range, NaN, strict plant) the same
 * whatever the format.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dsv.h"
#include "i40_int.h"
#include "influx.h"
#include "ingest.h"
#include "lines.h"
#include "num.h"
#include "re.h"

struct i40_ingest {
	const struct i40_plant *plant;
	const struct i40_tz *tz_override;
	struct i40_rec_writer *w;
	i40_reject_fn *reject;
	i40_warn_fn *warn;
	void *ctx;
	int header_done;
	int unit_col;
	char **extra;               /* pass-through columns of the first long input */
	size_t nextra;
	struct i40_ingest_stats st;
	/* the input being read */
	const struct i40_source *src;
	const char *name;
	struct i40_tz *src_tz;
	struct i40_tparse tp;
	int64_t now_fixed;          /* I40_NOW, for reproducible arrival times */
};

/* One value on its way out. */
struct value_in {
	int64_t ts;
	int digits;
	const char *asset, *signal, *val, *unit;
	size_t alen, slen, vlen, ulen;
	int textual;                /* a string by its format (Influx "..."): never a number */
	int parsed;                 /* is_num and num are already known (long input) */
	int is_num;
	double num;
	const struct i40_mapping *m;
	const char *raw;
	size_t rawlen;
	long line;
	/* wide input: the row, for the rejects file */
	struct i40_dsv *dsv;
	const struct i40_row *row;
	/* long input: the record and where its extras are */
	struct i40_rec_reader *rd;
	const struct i40_rec *rec;
	const long *extra_at;
};

static void
flush_writer(void *ctx)
{
	i40_rec_flush(ctx);
}

struct i40_ingest *
i40_ingest_new(const struct i40_plant *plant, const struct i40_tz *tz, struct i40_rec_writer *w,
	       i40_reject_fn *reject, i40_warn_fn *warn, void *ctx, struct i40_err *err)
{
	struct i40_ingest *in = calloc(1, sizeof *in);
	if (in == NULL) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	in->plant = plant;
	in->tz_override = tz;
	in->w = w;
	in->reject = reject;
	in->warn = warn;
	in->ctx = ctx;
	in->now_fixed = INT64_MIN;
	const char *now = getenv("I40_NOW");
	if (now && *now) {
		struct i40_tparse tp;
		i40_tparse_init(&tp, NULL, NULL, NULL);
		if (i40_tparse(&tp, now, strlen(now), &in->now_fixed, NULL, err) != 0) {
			free(in);
			return NULL;
		}
	}
	for (size_t i = 0; i < plant->nsignals && !in->unit_col; i++)
		in->unit_col = plant->signals[i].unit[0] != '\0';
	for (size_t i = 0; i < plant->nsources && !in->unit_col; i++)
		for (size_t j = 0; j < plant->sources[i].nmap; j++)
			in->unit_col |= plant->sources[i].map[j].unit != NULL;
	return in;
}

void
i40_ingest_free(struct i40_ingest *in)
{
	if (in == NULL)
		return;
	for (size_t i = 0; i < in->nextra; i++)
		free(in->extra[i]);
	free(in->extra);
	i40_tz_free(in->src_tz);
	free(in);
}

void
i40_ingest_stats(const struct i40_ingest *in, struct i40_ingest_stats *st)
{
	*st = in->st;
}

static void
write_header(struct i40_ingest *in)
{
	if (in->header_done)
		return;
	in->header_done = 1;
	static const char *const std[] = {"ts", "asset", "signal", "value", "unit"};
	for (int i = 0; i < 4 + in->unit_col; i++)
		i40_rec_put_str(in->w, std[i]);
	for (size_t i = 0; i < in->nextra; i++)
		i40_rec_put_str(in->w, in->extra[i]);
	i40_rec_end(in->w);
}

int
i40_ingest_finish(struct i40_ingest *in)
{
	write_header(in);
	return i40_rec_flush(in->w);
}

static int64_t
arrival_time(const struct i40_ingest *in)
{
	struct timespec t;
	if (in->now_fixed != INT64_MIN)
		return in->now_fixed;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * I40_NS_PER_SEC + t.tv_nsec / 1000000 * 1000000;
}

static int
reject_value(struct i40_ingest *in, const struct value_in *v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
reject_value(struct i40_ingest *in, const struct value_in *v, const char *fmt, ...)
{
	struct i40_err e;
	va_list ap;

	memset(&e, 0, sizeof e);
	e.kind = I40_ERR_DATA;
	snprintf(e.file, sizeof e.file, "%s", in->name);
	e.line = v->line;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	in->st.rejected++;
	size_t rawlen = v->rawlen;
	const char *raw = v->raw ? v->raw : v->rd ? i40_rec_raw(v->rd, v->rec, &rawlen) :
			  v->dsv ? i40_dsv_row_text(v->dsv, v->row, &rawlen) : "";
	return in->reject(in->ctx, &e, raw, rawlen) != 0 ? -2 : 0;
}

/* A whole row or line that yields no value (bad time, no match...). */
static int
reject_raw(struct i40_ingest *in, long line, const char *raw, size_t rawlen, const struct i40_err *why)
{
	struct i40_err e = *why;
	snprintf(e.file, sizeof e.file, "%s", in->name);
	e.line = line;
	e.kind = I40_ERR_DATA;
	in->st.in++;
	in->st.rejected++;
	return in->reject(in->ctx, &e, raw, rawlen) != 0 ? -2 : 0;
}

static void
trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s))
		(*s)++, (*len)--;
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

static int
looks_nan(const char *s, size_t len)
{
	if (len && (*s == '-' || *s == '+'))
		s++, len--;
	return (len == 3 && (strncasecmp(s, "nan", 3) == 0 || strncasecmp(s, "inf", 3) == 0)) ||
	       (len == 8 && strncasecmp(s, "infinity", 8) == 0);
}

/* Digits and separators only: a number in the wrong dialect, not a state. */
static int
looks_numeric(const char *s, size_t len)
{
	size_t digits = 0;
	for (size_t i = 0; i < len; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (!strchr("+-.,' eE", s[i]))
			return 0;
	}
	return digits > 0;
}

static const struct i40_mapping *
find_mapping(const struct i40_source *src, const char *name, size_t len)
{
	for (size_t i = 0; i < src->nmap; i++)
		if (strlen(src->map[i].from) == len && memcmp(src->map[i].from, name, len) == 0)
			return &src->map[i];
	return NULL;
}

static int
emit(struct i40_ingest *in, struct value_in *v)
{
	const struct i40_source *src = in->src;
	const struct i40_mapping *m = v->m;
	char num[I40_NUM_MAXLEN];

	in->st.in++;
	if (m && m->asset) {
		v->asset = m->asset;
		v->alen = strlen(m->asset);
	}
	if (m && m->signal) {
		v->signal = m->signal;
		v->slen = strlen(m->signal);
	}
	if (v->alen == 0)
		return reject_value(in, v, "no asset (give --asset, an asset column or group, or map it)");
	if (v->slen == 0)
		return reject_value(in, v, "no signal");
	const struct i40_signal_def *def = i40_plant_signal(in->plant, v->asset, v->alen, v->signal, v->slen);
	if (def == NULL && in->plant->strict)
		return reject_value(in, v, "%s %.*s/%.*s is not in the plant file (strict: true)",
				    i40_plant_has_asset(in->plant, v->asset, v->alen) ? "signal" : "asset",
				    (int)v->alen, v->asset, (int)v->slen, v->signal);

	const char *out = v->val;
	size_t outlen = v->vlen;
	trim(&out, &outlen);
	if (outlen > 0) {
		double x;
		int numeric = v->parsed ? v->is_num : !v->textual &&
			      i40_num_parse(out, outlen, src->decimal, src->thousands, &x) == 0;
		if (v->parsed)
			x = v->num;
		if (numeric) {
			int scaled = m && (m->scale != 1 || m->offset != 0);
			if (scaled)
				x = x * m->scale + m->offset;
			if (!isfinite(x))
				return reject_value(in, v, "value %.*s overflows after scaling", (int)outlen, out);
			if (def && ((!isnan(def->min) && x < def->min) || (!isnan(def->max) && x > def->max)))
				return reject_value(in, v, "value %.12g is outside the valid range [%g, %g] of %s/%s",
						    x, def->min, def->max, def->asset, def->name);
			/* with '.' and no grouping the parsed text is a plain
			 * number already (i40_num_parse): write it as it came */
			if (scaled || src->decimal != '.' || src->thousands) {
				outlen = i40_num_fmt(x, num);
				out = num;
			}
		} else if (looks_nan(out, outlen)) {
			return reject_value(in, v, "value \"%.*s\" is not a reading (NaN or infinity)", (int)outlen, out);
		} else if (def && def->kind != I40_STATE) {
			return reject_value(in, v, "value \"%.*s\" is not a number (%s/%s is a %s)%s", (int)outlen, out,
					    def->asset, def->name, i40_sigkind_name(def->kind),
					    memchr(out, ',', outlen) && src->decimal == '.' ?
					    "; decimal comma? set decimal: \",\"" : "");
		} else if (!v->textual && looks_numeric(out, outlen)) {
			return reject_value(in, v, "value \"%.*s\" is not a number%s", (int)outlen, out,
					    src->decimal == '.' ? " (decimal comma? set decimal: \",\")" :
					    " (decimal point in a decimal-comma source?)");
		}
	}

	write_header(in);
	i40_rec_put_ts(in->w, v->ts, v->digits);
	i40_rec_put(in->w, v->asset, v->alen);
	i40_rec_put(in->w, v->signal, v->slen);
	i40_rec_put(in->w, out, outlen);
	if (in->unit_col) {
		if (m && m->unit)
			i40_rec_put_str(in->w, m->unit);
		else if (v->ulen)
			i40_rec_put(in->w, v->unit, v->ulen);
		else
			i40_rec_put_str(in->w, def ? def->unit : "");
	}
	for (size_t i = 0; i < in->nextra; i++) {
		size_t len = 0;
		const char *f = v->extra_at && v->extra_at[i] >= 0 ?
				i40_rec_extra(v->rd, v->rec, (size_t)v->extra_at[i], &len) : "";
		i40_rec_put(in->w, f, len);
	}
	i40_rec_end(in->w);
	in->st.out++;
	return 0;
}

/* ---- long ---- */

static int
run_long(struct i40_ingest *in, const char *path, struct i40_err *err)
{
	const struct i40_source *src = in->src;
	struct i40_rec_opts o = {
		.delim = src->delimiter, .sniff = src->delimiter == 0, .time_format = src->time_format,
		.tz = in->tp.tz,
		.need = I40_COL_TS | I40_COL_VALUE | (src->asset ? 0 : I40_COL_ASSET) | (src->signal ? 0 : I40_COL_SIGNAL),
		.names = {src->time_column, src->asset_column, src->signal_column, src->value_column},
	};
	char *paths[1] = {(char *)path};
	struct i40_rec_reader *rd = i40_rec_open(paths, 1, &o, err);
	long *extra_at = NULL;
	long unit_at = -1;
	int rc = 0;

	if (rd == NULL)
		return -1;
	i40_rec_on_wait(rd, flush_writer, in->w);
	if (i40_rec_ready(rd, err) != 0) {
		i40_rec_close(rd);
		return -1;
	}
	size_t n = i40_rec_nextra(rd);
	for (size_t i = 0; i < n; i++)
		if (strcmp(i40_rec_extra_name(rd, i), "unit") == 0)
			unit_at = (long)i;
	if (!in->header_done && in->extra == NULL) {   /* the first input sets the columns */
		in->unit_col |= unit_at >= 0;
		in->extra = calloc(n + 1, sizeof *in->extra);
		for (size_t i = 0; in->extra && i < n; i++)
			if ((long)i != unit_at)
				in->extra[in->nextra++] = strdup(i40_rec_extra_name(rd, i));
	}
	extra_at = calloc(in->nextra + 1, sizeof *extra_at);
	if (extra_at == NULL || (in->nextra && in->extra == NULL)) {
		i40_rec_close(rd);
		free(extra_at);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	for (size_t e = 0; e < in->nextra; e++) {
		extra_at[e] = -1;
		for (size_t i = 0; i < n; i++)
			if (strcmp(i40_rec_extra_name(rd, i), in->extra[e]) == 0)
				extra_at[e] = (long)i;
	}
	for (size_t i = 0; i < n; i++) {
		int used = (long)i == unit_at;
		for (size_t e = 0; e < in->nextra && !used; e++)
			used = extra_at[e] == (long)i;
		if (!used && in->warn) {
			struct i40_err w;
			i40_err_at(&w, I40_ERR_DATA, in->name, 1, 0,
				   "column \"%s\" is not in the first input's header; it is not copied",
				   i40_rec_extra_name(rd, i));
			in->warn(in->ctx, &w);
		}
	}

	for (;;) {
		struct i40_rec rec;
		int r = i40_rec_next(rd, &rec, err);
		if (r == 0)
			break;
		if (r == -2 || (r == -1 && rec.row == NULL)) {
			rc = -1;
			break;
		}
		if (r == -1) {
			size_t rawlen;
			const char *raw = i40_rec_raw(rd, &rec, &rawlen);
			if ((rc = reject_raw(in, rec.line, raw, rawlen, err)) != 0)
				break;
			continue;
		}
		struct value_in v = {
			.ts = rec.ts, .digits = rec.ts_digits,
			.asset = rec.asset_len ? rec.asset : (src->asset ? src->asset : ""),
			.signal = rec.signal_len ? rec.signal : (src->signal ? src->signal : ""),
			.val = rec.value, .vlen = rec.value_len,
			.parsed = src->decimal == '.' && !src->thousands, .is_num = rec.is_num, .num = rec.num,
			.line = rec.line, .rd = rd, .rec = &rec, .extra_at = extra_at,
		};
		v.alen = strlen(v.asset);
		v.slen = rec.signal_len ? rec.signal_len : strlen(v.signal);
		if (unit_at >= 0)
			v.unit = i40_rec_extra(rd, &rec, (size_t)unit_at, &v.ulen);
		v.m = find_mapping(src, v.signal, v.slen);
		if ((rc = emit(in, &v)) != 0)
			break;
	}
	long gaps, repeats;
	i40_rec_dst_counts(rd, &gaps, &repeats);
	in->st.gaps += gaps;
	in->st.repeats += repeats;
	i40_rec_close(rd);
	free(extra_at);
	return rc;
}

/* ---- wide ---- */

struct wide_col {
	int skip;
	const struct i40_mapping *m;
	const char *asset, *signal;   /* into name, or the source's */
	size_t alen, slen;
	char *name;                   /* a copy: the header row does not stay */
};

static int
plan_wide(struct i40_ingest *in, const struct i40_row *h, size_t tcol, struct wide_col *cols,
	  struct i40_err *err)
{
	const struct i40_source *src = in->src;
	for (size_t i = 0; i < h->n; i++) {
		struct wide_col *c = &cols[i];
		memset(c, 0, sizeof *c);
		if ((c->name = malloc(h->len[i] + 1)) == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		memcpy(c->name, h->f[i], h->len[i] + 1);
		if (i == tcol) {
			c->skip = 1;
			continue;
		}
		for (size_t k = 0; k < src->nignore; k++)
			if (strcmp(src->ignore[k], h->f[i]) == 0)
				c->skip = 1;
		if (c->skip)
			continue;
		c->m = find_mapping(src, h->f[i], h->len[i]);
		c->signal = c->name;
		c->slen = h->len[i];
		if (src->asset) {
			c->asset = src->asset;
			c->alen = strlen(src->asset);
		} else if ((c->m == NULL || c->m->asset == NULL) && memchr(h->f[i], '.', h->len[i])) {
			const char *dot = memchr(c->name, '.', h->len[i]);   /* "press1.temp" */
			c->asset = c->name;
			c->alen = (size_t)(dot - c->name);
			c->signal = dot + 1;
			c->slen = h->len[i] - c->alen - 1;
		}
		if (c->alen == 0 && (c->m == NULL || c->m->asset == NULL) && h->len[i] > 0)
			return i40_err_at(err, I40_ERR_DATA, in->name, h->line, 0,
					  "column \"%s\" has no asset: give --asset, map it in the source, "
					  "or name the column asset.signal", h->f[i]);
	}
	return 0;
}

static int
run_wide(struct i40_ingest *in, FILE *fp, struct i40_err *err)
{
	const struct i40_source *src = in->src;
	struct i40_dsv *dsv = i40_dsv_open(fp, in->name, src->delimiter, err);
	struct wide_col *cols = NULL;
	struct i40_row row;
	size_t ncols = 0, tcol = 0;
	int rc = 0, r;

	if (dsv == NULL)
		return -1;
	i40_dsv_on_wait(dsv, flush_writer, in->w);
	while ((r = i40_dsv_next(dsv, &row, err)) == 1) {
		if (cols == NULL) {   /* the header */
			ncols = row.n;
			if (src->time_column) {
				for (tcol = 0; tcol < row.n && strcmp(row.f[tcol], src->time_column) != 0; tcol++)
					;
				if (tcol == row.n) {
					rc = i40_err_at(err, I40_ERR_DATA, in->name, row.line, 0,
							"no time column \"%s\" in the header", src->time_column);
					break;
				}
			}
			if ((cols = calloc(row.n, sizeof *cols)) == NULL) {
				rc = i40_err_set(err, I40_ERR_NOMEM, "out of memory");
				break;
			}
			if ((rc = plan_wide(in, &row, tcol, cols, err)) != 0)
				break;
			write_header(in);
			continue;
		}
		size_t rawlen;
		const char *raw;
		int64_t ts;
		int digits;
		struct i40_err e;
		if (row.n > ncols)
			i40_err_set(&e, I40_ERR_DATA, "%zu fields, the header has %zu", row.n, ncols);
		else if (tcol >= row.n)
			i40_err_set(&e, I40_ERR_DATA, "no time in the row");
		if (row.n > ncols || tcol >= row.n ||
		    i40_tparse(&in->tp, row.f[tcol], row.len[tcol], &ts, &digits, &e) != 0) {
			raw = i40_dsv_row_text(dsv, &row, &rawlen);
			if ((rc = reject_raw(in, row.line, raw, rawlen, &e)) != 0)
				break;
			continue;
		}
		for (size_t i = 0; i < row.n && rc == 0; i++) {
			const struct wide_col *c = &cols[i];
			const char *val = row.f[i];
			size_t vlen = row.len[i];
			if (c->skip)
				continue;
			trim(&val, &vlen);
			if (vlen == 0) {
				in->st.empty++;
				continue;
			}
			struct value_in v = {
				.ts = ts, .digits = digits, .asset = c->asset, .alen = c->alen,
				.signal = c->signal, .slen = c->slen, .val = val, .vlen = vlen, .m = c->m,
				.dsv = dsv, .row = &row, .line = row.line,
			};
			if (c->slen == 0 && (c->m == NULL || c->m->signal == NULL)) {
				in->st.in++;
				rc = reject_value(in, &v, "column %zu has no name", i + 1);
				continue;
			}
			rc = emit(in, &v);
		}
		if (rc != 0)
			break;
	}
	if (r < 0 && rc == 0)
		rc = -1;
	for (size_t i = 0; cols && i < ncols; i++)
		free(cols[i].name);
	free(cols);
	i40_dsv_close(dsv);
	return rc;
}

/* ---- line formats: regex, influx, mqtt ---- */

struct line_fmt {
	struct i40_re *re;
	int g_ts, g_asset, g_signal, g_value, g_unit;
	int64_t unit_ns;           /* influx timestamp unit */
	struct i40_influx_line *il;   /* influx: the parsed line (large) */
	char *scratch;             /* influx: the line before unescaping */
	size_t scap;
};

static const char *
group(struct i40_re *re, int g, size_t *len)
{
	const char *s = g >= 0 ? i40_re_group(re, g, len) : NULL;
	if (s == NULL)
		*len = 0;
	return s ? s : "";
}

/* Asset and signal from the pattern's groups, else the source's fixed ones. */
static void
names_from_groups(struct line_fmt *lf, const struct i40_source *src, struct value_in *v)
{
	v->asset = group(lf->re, lf->g_asset, &v->alen);
	if (v->alen == 0 && src->asset)
		v->asset = src->asset, v->alen = strlen(src->asset);
	v->signal = group(lf->re, lf->g_signal, &v->slen);
	if (v->slen == 0 && src->signal)
		v->signal = src->signal, v->slen = strlen(src->signal);
}

static int
line_regex(struct i40_ingest *in, struct line_fmt *lf, char *s, size_t len, long line, struct i40_err *err)
{
	const struct i40_source *src = in->src;
	struct i40_err e;
	int r = i40_re_match(lf->re, s, len, &e);

	if (r <= 0) {
		if (r == 0)
			i40_err_set(&e, I40_ERR_DATA, "line does not match the pattern");
		return reject_raw(in, line, s, len, &e);
	}
	struct value_in v = {.raw = s, .rawlen = len, .line = line};
	size_t tl;
	const char *t = group(lf->re, lf->g_ts, &tl);
	if (lf->g_ts < 0) {
		v.ts = arrival_time(in);
		v.digits = i40_int_ts_digits(v.ts);
	} else if (i40_tparse(&in->tp, t, tl, &v.ts, &v.digits, &e) != 0) {
		return reject_raw(in, line, s, len, &e);
	}
	names_from_groups(lf, src, &v);
	v.val = group(lf->re, lf->g_value, &v.vlen);
	v.unit = group(lf->re, lf->g_unit, &v.ulen);
	v.m = find_mapping(src, v.signal, v.slen);
	(void)err;
	return emit(in, &v);
}

static int
line_mqtt(struct i40_ingest *in, struct line_fmt *lf, char *s, size_t len, long line, struct i40_err *err)
{
	const struct i40_source *src = in->src;
	struct value_in v = {.raw = s, .rawlen = len, .line = line};
	struct i40_err e;
	char *p = s, *end = s + len;

	(void)err;
	/* "[time ]topic payload": a first word that reads as a time is one */
	char *sp = memchr(p, ' ', len);
	char *sp2 = sp ? memchr(sp + 1, ' ', (size_t)(end - sp - 1)) : NULL;
	struct i40_tparse auto_tp;
	i40_tparse_init(&auto_tp, NULL, in->tp.tz, NULL);
	if (sp && sp2 && isdigit((unsigned char)*p) &&
	    i40_tparse(&auto_tp, p, (size_t)(sp - p), &v.ts, &v.digits, &e) == 0) {
		p = sp + 1;
		sp = sp2;
	} else {
		v.ts = arrival_time(in);
		v.digits = i40_int_ts_digits(v.ts);
	}
	const char *topic = p;
	size_t tlen = sp ? (size_t)(sp - p) : (size_t)(end - p);
	v.val = sp ? sp + 1 : end;
	v.vlen = (size_t)(end - v.val);
	int r = i40_re_match(lf->re, topic, tlen, &e);
	if (r <= 0) {
		if (r == 0)
			i40_err_set(&e, I40_ERR_DATA, "topic \"%.*s\" does not match the topic pattern",
				    (int)(tlen > 100 ? 100 : tlen), topic);
		return reject_raw(in, line, s, len, &e);
	}
	names_from_groups(lf, src, &v);
	const char *pl = v.val;
	size_t pll = v.vlen;
	trim(&pl, &pll);
	if (pll == 6 && memcmp(pl, "(null)", 6) == 0)
		v.vlen = 0;   /* how mosquitto_sub prints an empty message: no value */
	if (pll && (*pl == '{' || *pl == '[')) {
		in->st.in++;
		return reject_value(in, &v, "payload is not a single value (JSON payloads are not read; "
				    "publish one value per topic)");
	}
	v.m = find_mapping(src, v.signal, v.slen);
	return emit(in, &v);
}

static int
line_influx(struct i40_ingest *in, struct line_fmt *lf, char *s, size_t len, long line, struct i40_err *err)
{
	const struct i40_source *src = in->src;
	struct i40_influx_line *p = lf->il;
	struct i40_err e;
	char sig[512];

	(void)err;
	if (len + 1 > lf->scap) {
		char *b = realloc(lf->scratch, len + 1);
		if (b == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		lf->scratch = b;
		lf->scap = len + 1;
	}
	memcpy(lf->scratch, s, len + 1);   /* the raw line, for rejects */
	int r = i40_influx_parse(s, len, p, &e);
	if (r == 0)
		return 0;
	if (r < 0)
		return reject_raw(in, line, lf->scratch, len, &e);
	struct value_in v = {.raw = lf->scratch, .rawlen = len, .line = line};
	if (p->has_ts) {
		if (p->ts > INT64_MAX / lf->unit_ns || p->ts < INT64_MIN / lf->unit_ns) {
			i40_err_set(&e, I40_ERR_DATA, "timestamp out of range (is precision right?)");
			return reject_raw(in, line, lf->scratch, len, &e);
		}
		v.ts = p->ts * lf->unit_ns;
	} else {
		v.ts = arrival_time(in);
	}
	v.digits = i40_int_ts_digits(v.ts);
	const char *tag = src->asset_tag ? src->asset_tag : "host";
	for (size_t i = 0; i < p->ntag; i++)
		if (p->tag[i].klen == strlen(tag) && memcmp(p->tag[i].key, tag, p->tag[i].klen) == 0) {
			v.asset = p->tag[i].val;
			v.alen = p->tag[i].vlen;
		}
	if (v.alen == 0 && src->asset)
		v.asset = src->asset, v.alen = strlen(src->asset);
	if (v.alen == 0) {
		i40_err_set(&e, I40_ERR_DATA, "no tag \"%s\" to name the asset (set asset_tag or asset)", tag);
		return reject_raw(in, line, lf->scratch, len, &e);
	}
	for (size_t i = 0; i < p->nfield; i++) {
		const struct i40_influx_kv *f = &p->field[i];
		int n = f->klen == 5 && memcmp(f->key, "value", 5) == 0 ?
			snprintf(sig, sizeof sig, "%.*s", (int)p->mlen, p->meas) :
			snprintf(sig, sizeof sig, "%.*s.%.*s", (int)p->mlen, p->meas, (int)f->klen, f->key);
		v.signal = sig;
		v.val = f->val;
		if (n < 0 || (size_t)n >= sizeof sig) {   /* never cut a name silently */
			in->st.in++;
			v.slen = 0;
			int rc = reject_value(in, &v, "signal name longer than %zu bytes", sizeof sig - 1);
			if (rc != 0)
				return rc;
			continue;
		}
		v.slen = (size_t)n;
		v.vlen = f->vlen;
		v.textual = f->type == 's';
		v.m = find_mapping(src, v.signal, v.slen);
		int rc = emit(in, &v);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
group_of(const struct i40_re *re, const char *name)
{
	return i40_re_group_number(re, name);
}

static int
run_lines(struct i40_ingest *in, FILE *fp, struct i40_err *err)
{
	const struct i40_source *src = in->src;
	struct line_fmt lf = {.g_ts = -1, .g_asset = -1, .g_signal = -1, .g_value = -1, .g_unit = -1};
	int rc = 0;

	if (src->format != I40_FMT_INFLUX) {
		const char *pat = src->pattern ? src->pattern : I40_MQTT_TOPIC;
		struct i40_err e;
		if ((lf.re = i40_re_compile(pat, &e)) == NULL) {
			if (src->node)
				return i40_cfg_error(i40_cfg_get(src->node, src->format == I40_FMT_MQTT ? "topic" : "pattern"),
						     err, "%s", e.msg);
			return i40_err_set(err, I40_ERR_CONFIG, "%s", e.msg);
		}
		lf.g_ts = group_of(lf.re, "ts");
		lf.g_asset = group_of(lf.re, "asset");
		lf.g_signal = group_of(lf.re, "signal");
		lf.g_value = group_of(lf.re, "value");
		lf.g_unit = group_of(lf.re, "unit");
		const char *missing = src->format == I40_FMT_REGEX && lf.g_value < 0 ? "value" :
				      lf.g_asset < 0 && !src->asset ? "asset" :
				      lf.g_signal < 0 && !src->signal ? "signal" : NULL;
		if (missing) {
			i40_re_free(lf.re);
			return i40_err_set(err, I40_ERR_CONFIG, "the %s pattern has no (?<%s>...) group and no fixed %s "
					   "is given", src->format == I40_FMT_MQTT ? "topic" : "line", missing, missing);
		}
	} else {
		const char *pr = src->precision ? src->precision : "ns";
		lf.unit_ns = strcmp(pr, "s") == 0 ? I40_NS_PER_SEC : strcmp(pr, "ms") == 0 ? 1000000 :
			     strcmp(pr, "us") == 0 ? 1000 : 1;
		if ((lf.il = malloc(sizeof *lf.il)) == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	struct i40_lines *l = i40_lines_open(fp, in->name, err);
	if (l == NULL) {
		i40_re_free(lf.re);
		free(lf.il);
		return -1;
	}
	i40_lines_on_wait(l, flush_writer, in->w);
	write_header(in);
	char *s;
	size_t len;
	long line;
	int r;
	while (rc == 0 && (r = i40_lines_next(l, &s, &len, &line, err)) == 1) {
		if (len == 0 || (src->format != I40_FMT_INFLUX && strspn(s, " \t") == len))
			continue;   /* blank lines carry nothing */
		if (src->format == I40_FMT_REGEX)
			rc = line_regex(in, &lf, s, len, line, err);
		else if (src->format == I40_FMT_MQTT)
			rc = line_mqtt(in, &lf, s, len, line, err);
		else
			rc = line_influx(in, &lf, s, len, line, err);
	}
	if (rc == 0 && r < 0)
		rc = -1;
	in->st.gaps += in->tp.gaps;
	in->st.repeats += in->tp.repeats;
	i40_lines_close(l);
	i40_re_free(lf.re);
	free(lf.il);
	free(lf.scratch);
	return rc;
}

int
i40_ingest_run(struct i40_ingest *in, const struct i40_source *src, const char *path, struct i40_err *err)
{
	const struct i40_tz *tz = in->tz_override ? in->tz_override : in->plant->tz;
	int rc;

	in->src = src;
	in->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	i40_tz_free(in->src_tz);
	in->src_tz = NULL;
	if (!in->tz_override && src->timezone) {
		struct i40_err e;
		if ((in->src_tz = i40_tz_load(src->timezone, &e)) == NULL) {
			if (src->node)
				return i40_cfg_error(i40_cfg_get(src->node, "timezone"), err, "%s", e.msg);
			*err = e;
			return -1;
		}
		tz = in->src_tz;
	}
	if (i40_tparse_init(&in->tp, src->time_format, tz, err) != 0)
		return -1;
	for (size_t i = 0; i < src->nmap; i++)
		in->unit_col |= src->map[i].unit != NULL && !in->header_done;
	if (src->format == I40_FMT_LONG)
		return run_long(in, path, err);

	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (fp == NULL)
		return i40_err_at(err, I40_ERR_IO, in->name, 0, 0, "cannot open: %s", strerror(errno));
	rc = src->format == I40_FMT_WIDE ? run_wide(in, fp, err) : run_lines(in, fp, err);
	if (fp != stdin)
		fclose(fp);
	return rc;
}
