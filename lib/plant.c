/* plant.c - reading and checking plant.yaml (see plant.h, i40-plant(5)). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "fcast.h"
#include "fconf.h"
#include "i40_int.h"
#include "inventory.h"
#include "oee.h"
#include "plant.h"
#include "report.h"
#include "series.h"

/* Sections owned by other modules: each is checked by its owner's
 * function, so a typo is reported by every program that reads the file.
 * A NULL check accepts any map (the owner has not claimed it yet). */
struct section {
	const char *key;
	int (*check)(const struct i40_node *node, struct i40_err *err);
};

static const struct section sections[] = {
	{"features", i40_fconf_check_config},
	{"detect", i40_detect_check_config},
	{"oee", i40_oee_check_config},
	{"inventory", i40_inventory_check_config},
	{"forecast", i40_fcast_check_config},
	{"report", i40_report_check_config},
};

struct plant_priv {
	struct i40_series *index;     /* (asset, signal) -> signals[] */
	struct i40_series *assets;    /* (asset, "") -> asset */
	void **allocs;
	size_t nallocs, cap;
};

static void *
plant_alloc(struct i40_plant *p, size_t size)
{
	struct plant_priv *pv = p->priv;
	void *m = calloc(1, size ? size : 1);
	if (m == NULL)
		return NULL;
	if (i40_int_grow((void **)&pv->allocs, &pv->cap, pv->nallocs + 1, sizeof *pv->allocs) != 0) {
		free(m);
		return NULL;
	}
	pv->allocs[pv->nallocs++] = m;
	return m;
}

const char *
i40_format_name(enum i40_format f)
{
	static const char *const names[] = {"long", "wide", "regex", "influx", "mqtt"};
	return names[f];
}

int
i40_format_parse(const char *s, enum i40_format *f)
{
	for (int i = I40_FMT_LONG; i <= I40_FMT_MQTT; i++)
		if (strcmp(s, i40_format_name((enum i40_format)i)) == 0) {
			*f = (enum i40_format)i;
			return 0;
		}
	return -1;
}

const char *
i40_sigkind_name(enum i40_sigkind k)
{
	return k == I40_COUNTER ? "counter" : k == I40_STATE ? "state" : "gauge";
}

static int
opt_str(const struct i40_node *map, const char *key, const char **out, struct i40_err *err)
{
	const struct i40_node *n = i40_cfg_get(map, key);
	if (n == NULL || n->is_null)
		return 0;
	return i40_cfg_str(n, out, err);
}

static int
opt_num(const struct i40_node *map, const char *key, double *out, struct i40_err *err)
{
	const struct i40_node *n = i40_cfg_get(map, key);
	if (n == NULL || n->is_null)
		return 0;
	return i40_cfg_num(n, out, err);
}

static int
parse_signal(struct i40_plant *p, const char *asset, const struct i40_node *key,
	     const struct i40_node *val, struct i40_signal_def *s, struct i40_err *err)
{
	static const char *const keys[] = {"unit", "kind", "min", "max", "lo", "hi", "interval",
					   "description", NULL};
	const char *kind = "gauge";

	(void)p;
	memset(s, 0, sizeof *s);
	s->asset = asset;
	s->name = key->str;
	s->unit = "";
	s->description = "";
	s->min = s->max = s->lo = s->hi = NAN;
	s->node = val;
	if (val->is_null)
		return 0;
	if (i40_cfg_check_keys(val, keys, "a signal", err) != 0 ||
	    opt_str(val, "unit", &s->unit, err) != 0 || opt_str(val, "kind", &kind, err) != 0 ||
	    opt_str(val, "description", &s->description, err) != 0 ||
	    opt_num(val, "min", &s->min, err) != 0 || opt_num(val, "max", &s->max, err) != 0 ||
	    opt_num(val, "lo", &s->lo, err) != 0 || opt_num(val, "hi", &s->hi, err) != 0)
		return -1;
	if (strcmp(kind, "gauge") == 0)
		s->kind = I40_GAUGE;
	else if (strcmp(kind, "counter") == 0)
		s->kind = I40_COUNTER;
	else if (strcmp(kind, "state") == 0)
		s->kind = I40_STATE;
	else
		return i40_cfg_error(i40_cfg_get(val, "kind"), err,
				     "kind \"%s\": expected gauge, counter or state", kind);
	if (!isnan(s->min) && !isnan(s->max) && s->min > s->max)
		return i40_cfg_error(i40_cfg_get(val, "min"), err, "min %g is above max %g", s->min, s->max);
	if (!isnan(s->lo) && !isnan(s->hi) && s->lo > s->hi)
		return i40_cfg_error(i40_cfg_get(val, "lo"), err, "alarm limit lo %g is above hi %g", s->lo, s->hi);
	const struct i40_node *iv = i40_cfg_get(val, "interval");
	if (iv && i40_cfg_duration(iv, &s->interval, err) != 0)
		return -1;
	return 0;
}

static int
parse_assets(struct i40_plant *p, const struct i40_node *assets, struct i40_err *err)
{
	static const char *const keys[] = {"description", "signals", NULL};
	struct plant_priv *pv = p->priv;
	size_t total = 0;

	if (i40_cfg_expect(assets, I40_NODE_MAP, "assets", err) != 0)
		return -1;
	for (size_t i = 0; i < assets->n; i++) {
		const struct i40_node *a = assets->val[i];
		if (a->is_null)
			continue;
		if (i40_cfg_check_keys(a, keys, "an asset", err) != 0)
			return -1;
		const struct i40_node *sig = i40_cfg_get(a, "signals");
		if (sig && !sig->is_null) {
			if (i40_cfg_expect(sig, I40_NODE_MAP, "signals", err) != 0)
				return -1;
			total += sig->n;
		}
	}
	p->signals = plant_alloc(p, total * sizeof *p->signals);
	if (p->signals == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < assets->n; i++) {
		const char *asset = assets->key[i]->str;
		if (i40_series_id(pv->assets, asset, strlen(asset), "", 0, NULL) < 0)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		const struct i40_node *sig = i40_cfg_get(assets->val[i], "signals");
		for (size_t j = 0; sig && !sig->is_null && j < sig->n; j++) {
			struct i40_signal_def *s = &p->signals[p->nsignals];
			if (parse_signal(p, asset, sig->key[j], sig->val[j], s, err) != 0)
				return -1;
			long id = i40_series_id(pv->index, asset, strlen(asset), s->name, strlen(s->name), NULL);
			if (id != (long)p->nsignals)
				return id < 0 ? i40_err_set(err, I40_ERR_NOMEM, "out of memory") :
				       i40_cfg_error(sig->key[j], err, "signal \"%s\" of \"%s\" is defined twice",
						     s->name, asset);
			p->nsignals++;
		}
	}
	return 0;
}

static int
parse_mapping(struct i40_plant *p, struct i40_source *src, const struct i40_node *map, struct i40_err *err)
{
	static const char *const keys[] = {"asset", "signal", "unit", "scale", "offset", NULL};

	if (i40_cfg_expect(map, I40_NODE_MAP, "map", err) != 0)
		return -1;
	src->map = plant_alloc(p, map->n * sizeof *src->map);
	if (src->map == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	src->nmap = map->n;
	for (size_t i = 0; i < map->n; i++) {
		struct i40_mapping *m = &src->map[i];
		const struct i40_node *v = map->val[i];
		m->from = map->key[i]->str;
		m->scale = 1;
		m->offset = 0;
		if (v->kind == I40_NODE_SCALAR) {   /* "Temp [C]": temp */
			if (!v->is_null)
				m->signal = v->str;
			continue;
		}
		if (i40_cfg_check_keys(v, keys, "a mapping", err) != 0 ||
		    opt_str(v, "asset", &m->asset, err) != 0 || opt_str(v, "signal", &m->signal, err) != 0 ||
		    opt_str(v, "unit", &m->unit, err) != 0 || opt_num(v, "scale", &m->scale, err) != 0 ||
		    opt_num(v, "offset", &m->offset, err) != 0)
			return -1;
	}
	return 0;
}

static int
parse_source_in(struct i40_plant *p, const struct i40_node *node, struct i40_source *src, struct i40_err *err)
{
	static const char *const keys[] = {
		"name", "format", "files", "delimiter", "decimal", "thousands", "time_column",
		"asset_column", "signal_column", "value_column", "time_format", "timezone", "asset",
		"signal", "pattern", "topic", "asset_tag", "precision", "map", "ignore", NULL
	};
	const char *fmt = "long";
	const struct i40_node *n;

	memset(src, 0, sizeof *src);
	src->decimal = '.';
	src->node = node;
	if (i40_cfg_check_keys(node, keys, "an ingest source", err) != 0 ||
	    opt_str(node, "name", &src->name, err) != 0 || opt_str(node, "format", &fmt, err) != 0 ||
	    opt_str(node, "files", &src->files, err) != 0 ||
	    opt_str(node, "time_column", &src->time_column, err) != 0 ||
	    opt_str(node, "asset_column", &src->asset_column, err) != 0 ||
	    opt_str(node, "signal_column", &src->signal_column, err) != 0 ||
	    opt_str(node, "value_column", &src->value_column, err) != 0 ||
	    opt_str(node, "time_format", &src->time_format, err) != 0 ||
	    opt_str(node, "timezone", &src->timezone, err) != 0 ||
	    opt_str(node, "asset", &src->asset, err) != 0 || opt_str(node, "signal", &src->signal, err) != 0 ||
	    opt_str(node, "asset_tag", &src->asset_tag, err) != 0 ||
	    opt_str(node, "precision", &src->precision, err) != 0)
		return -1;
	if (i40_format_parse(fmt, &src->format) != 0)
		return i40_cfg_error(i40_cfg_get(node, "format"), err,
				     "format \"%s\": expected long, wide, regex, influx or mqtt", fmt);
	if ((n = i40_cfg_get(node, "delimiter")) && i40_cfg_char(n, &src->delimiter, err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "decimal")) && i40_cfg_char(n, &src->decimal, err) != 0)
		return -1;
	if (src->decimal != '.' && src->decimal != ',')
		return i40_cfg_error(n, err, "decimal must be \".\" or \",\"");
	if ((n = i40_cfg_get(node, "thousands")) && i40_cfg_char(n, &src->thousands, err) != 0)
		return -1;
	if (src->thousands && (src->thousands == src->decimal || !strchr(".,' ", src->thousands)))
		return i40_cfg_error(n, err, "thousands must be one of . , ' or a space, and not the decimal mark");
	if (src->delimiter && src->delimiter == src->decimal)
		return i40_cfg_error(i40_cfg_get(node, "delimiter"), err,
				     "the delimiter cannot be the decimal mark too (European exports use \";\")");
	const struct i40_node *pat = i40_cfg_get(node, "pattern"), *topic = i40_cfg_get(node, "topic");
	if (pat && src->format != I40_FMT_REGEX)
		return i40_cfg_error(pat, err, "pattern is for format regex (MQTT topics use topic)");
	if (topic && src->format != I40_FMT_MQTT)
		return i40_cfg_error(topic, err, "topic is for format mqtt");
	if ((pat && i40_cfg_str(pat, &src->pattern, err) != 0) || (topic && i40_cfg_str(topic, &src->pattern, err) != 0))
		return -1;
	if (src->format == I40_FMT_REGEX && src->pattern == NULL)
		return i40_cfg_error(node, err, "a regex source needs a pattern with named groups (?<ts>...) (?<value>...)");
	if ((n = i40_cfg_get(node, "map")) && !n->is_null && parse_mapping(p, src, n, err) != 0)
		return -1;
	if ((n = i40_cfg_get(node, "ignore")) && !n->is_null) {
		if (i40_cfg_expect(n, I40_NODE_SEQ, "ignore", err) != 0)
			return -1;
		src->ignore = plant_alloc(p, n->n * sizeof *src->ignore);
		if (src->ignore == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		for (size_t i = 0; i < n->n; i++)
			if (i40_cfg_str(n->val[i], &src->ignore[i], err) != 0)
				return -1;
		src->nignore = n->n;
	}
	if (src->precision && strcmp(src->precision, "ns") && strcmp(src->precision, "us") &&
	    strcmp(src->precision, "ms") && strcmp(src->precision, "s"))
		return i40_cfg_error(i40_cfg_get(node, "precision"), err, "precision must be ns, us, ms or s");
	return 0;
}

static int
parse_ingest(struct i40_plant *p, const struct i40_node *ingest, struct i40_err *err)
{
	static const char *const keys[] = {"sources", NULL};
	if (i40_cfg_check_keys(ingest, keys, "ingest", err) != 0)
		return -1;
	const struct i40_node *s = i40_cfg_get(ingest, "sources");
	if (s == NULL || s->is_null)
		return 0;
	if (i40_cfg_expect(s, I40_NODE_SEQ, "ingest sources", err) != 0)
		return -1;
	if ((p->sources = plant_alloc(p, s->n * sizeof *p->sources)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < s->n; i++) {
		if (parse_source_in(p, s->val[i], &p->sources[i], err) != 0)
			return -1;
		for (size_t j = 0; j < i && p->sources[i].name; j++)
			if (p->sources[j].name && strcmp(p->sources[j].name, p->sources[i].name) == 0)
				return i40_cfg_error(s->val[i], err, "two sources are named \"%s\"", p->sources[i].name);
		p->nsources++;
	}
	return 0;
}

static int
parse_plant(struct i40_plant *p, struct i40_err *err)
{
	static const char *const keys[] = {"plant", "timezone", "strict", "assets", "ingest", "features",
					   "detect", "oee", "inventory", "forecast", "report", NULL};
	const struct i40_node *root = p->doc->root, *n;

	if (root == NULL || root->is_null)
		return 0;
	if (i40_cfg_check_keys(root, keys, "the plant file", err) != 0 ||
	    opt_str(root, "plant", &p->name, err) != 0 || opt_str(root, "timezone", &p->timezone, err) != 0)
		return -1;
	if ((n = i40_cfg_get(root, "strict")) && i40_cfg_bool(n, &p->strict, err) != 0)
		return -1;
	if (p->timezone) {
		struct i40_err e;
		i40_tz_free(p->tz);
		if ((p->tz = i40_tz_load(p->timezone, &e)) == NULL)
			return i40_cfg_error(i40_cfg_get(root, "timezone"), err, "%s", e.msg);
	}
	if ((n = i40_cfg_get(root, "assets")) && !n->is_null && parse_assets(p, n, err) != 0)
		return -1;
	if ((n = i40_cfg_get(root, "ingest")) && !n->is_null && parse_ingest(p, n, err) != 0)
		return -1;
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		n = i40_cfg_get(root, sections[i].key);
		if (n == NULL || n->is_null)
			continue;
		if (i40_cfg_expect(n, I40_NODE_MAP, sections[i].key, err) != 0)
			return -1;
		if (sections[i].check && sections[i].check(n, err) != 0)
			return -1;
	}
	return 0;
}

struct i40_plant *
i40_plant_load(const char *path, struct i40_err *err)
{
	struct i40_plant *p = calloc(1, sizeof *p);
	struct plant_priv *pv = calloc(1, sizeof *pv);

	if (p == NULL || pv == NULL || (pv->index = i40_series_new()) == NULL ||
	    (pv->assets = i40_series_new()) == NULL || (p->tz = i40_tz_load("UTC", err)) == NULL) {
		if (pv) {
			i40_series_free(pv->index);
			i40_series_free(pv->assets);
		}
		free(pv);
		free(p);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	p->priv = pv;
	p->path = path ? path : "";
	if (path == NULL)
		return p;
	if ((p->doc = i40_cfg_load(path, err)) == NULL || parse_plant(p, err) != 0) {
		i40_plant_free(p);
		return NULL;
	}
	p->path = p->doc->file;
	return p;
}

void
i40_plant_free(struct i40_plant *p)
{
	if (p == NULL)
		return;
	struct plant_priv *pv = p->priv;
	for (size_t i = 0; i < pv->nallocs; i++)
		free(pv->allocs[i]);
	free(pv->allocs);
	i40_series_free(pv->index);
	i40_series_free(pv->assets);
	free(pv);
	i40_tz_free(p->tz);
	i40_cfg_free(p->doc);
	free(p);
}

const struct i40_signal_def *
i40_plant_signal(const struct i40_plant *p, const char *asset, size_t alen, const char *signal, size_t slen)
{
	const struct plant_priv *pv = p->priv;
	if (p->nsignals == 0)
		return NULL;
	long id = i40_series_find(pv->index, asset, alen, signal, slen);
	return id < 0 ? NULL : &p->signals[id];
}

int
i40_plant_has_asset(const struct i40_plant *p, const char *asset, size_t alen)
{
	const struct plant_priv *pv = p->priv;
	return i40_series_find(pv->assets, asset, alen, "", 0) >= 0;
}

const struct i40_node *
i40_plant_section(const struct i40_plant *p, const char *name)
{
	return p->doc ? i40_cfg_get(p->doc->root, name) : NULL;
}
