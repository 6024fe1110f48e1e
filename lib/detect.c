/* detect.c - the plant's detect: section, checked with positions, and
 * resolved to the settings of each series (see detect.h, i40-detect(1)).
 *
 * One parser serves the plant file and the command line: --set key=value
 * is read as the one-line YAML map "key: value", so a rule key means the
 * same, and is checked the same, in both places.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "num.h"
#include "rul.h"

static const char *const rule_keys[] = {
	"methods", "lo", "hi", "max_rate", "rz_window", "rz_limit", "lambda", "L", "k", "h", "rules",
	"season", "seasonal_limit", "alpha", "window", "mean", "sigma", "learn", "fail_limit", "trend",
	"rul_window", "lead_time", "deadman", "interval", NULL
};

static const char *const top_keys[] = {
	"threshold", "off", "min_duration", "cooldown", "learn", "lead_time", "p_fail", "horizon",
	"signals", "groups", NULL
};

static const char *const group_keys[] = {"asset", "signals", "alpha", "learn", NULL};

static const char *const season_names[] = {"hour-of-day", "day-of-week", "hour-of-week"};

static void
rule_init(struct i40_detect_rule *r)
{
	memset(r, 0, sizeof *r);
	r->lo = r->hi = r->roc_max = NAN;
	r->rz_window = -1;
	r->rz_limit = r->ewma_lambda = r->ewma_L = r->cusum_k = r->cusum_h = NAN;
	r->season = -1;
	r->seasonal_limit = r->alpha = NAN;
	r->window = -1;
	r->mu0 = r->sigma = NAN;
	r->learn_points = -1;
	r->learn_ns = -1;
	r->fail_limit = NAN;
	r->trend = -1;
	r->rul_window = -1;
	r->lead_time = -1;
	r->deadman = NAN;
	r->interval = -1;
}

int
i40_detect_count_or_time(const char *s, long *count, int64_t *ns, struct i40_err *err)
{
	size_t n = strspn(s, "0123456789");

	*count = -1;
	*ns = -1;
	if (n > 0 && s[n] == '\0') {
		if (n > 9)
			return i40_err_set(err, I40_ERR_CONFIG, "\"%s\": too many records", s);
		*count = atol(s);
		return 0;
	}
	if (i40_duration_parse(s, ns, err) != 0)
		return i40_err_set(err, I40_ERR_CONFIG, "\"%s\": expected a number of records (600) or a time (7d, 12h)",
				   s);
	return 0;
}

/* A positive number, or a positive number "/" a duration: a rate per second. */
static int
parse_rate(const struct i40_node *n, double *out, struct i40_err *err)
{
	char unit[64];
	const char *slash;
	double v;
	int64_t ns;
	struct i40_err e;

	if (n->kind != I40_NODE_SCALAR)
		return i40_cfg_error(n, err, "expected a rate such as 2/min or 0.5/s");
	slash = strchr(n->str, '/');
	if (i40_num_parse(n->str, slash ? (size_t)(slash - n->str) : strlen(n->str), '.', 0, &v) != 0 || !(v > 0))
		return i40_cfg_error(n, err, "expected a positive rate such as 2/min or 0.5/s, found \"%s\"", n->str);
	if (slash == NULL) {
		*out = v;
		return 0;
	}
	snprintf(unit, sizeof unit, "%s%s", (slash[1] >= '0' && slash[1] <= '9') || slash[1] == '.' ? "" : "1",
		 slash + 1);
	if (i40_duration_parse(unit, &ns, &e) != 0 || ns <= 0)
		return i40_cfg_error(n, err, "rate \"%s\": the part after / must be a time (s, min, h)", n->str);
	*out = v / ((double)ns * 1e-9);
	return 0;
}

static int
parse_methods(const struct i40_node *n, unsigned *out, struct i40_err *err)
{
	char buf[256], *tok, *save = NULL;

	*out = 0;
	if (n->kind == I40_NODE_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			unsigned one;
			if (parse_methods(n->val[i], &one, err) != 0)
				return -1;
			*out |= one;
		}
		if (*out == 0)
			return i40_cfg_error(n, err, "no method listed");
		return 0;
	}
	if (n->kind != I40_NODE_SCALAR || strlen(n->str) >= sizeof buf)
		return i40_cfg_error(n, err, "expected a list of methods");
	snprintf(buf, sizeof buf, "%s", n->str);
	for (tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		int m = i40_det_method_parse(tok);
		if (m < 0)
			return i40_cfg_error(n, err, "unknown method \"%s\" (known: adaptive, limits, roc, rz, ewma, "
					     "cusum, shewhart, seasonal)", tok);
		*out |= 1u << m;
	}
	if (*out == 0)
		return i40_cfg_error(n, err, "no method listed");
	return 0;
}

/* A number in (lo, hi] (or [lo, hi] when closed). */
static int
num_in(const struct i40_node *n, const char *what, double lo, double hi, int closed, double *out,
       struct i40_err *err)
{
	if (i40_cfg_num(n, out, err) != 0)
		return -1;
	if (!((closed ? *out >= lo : *out > lo) && *out <= hi))
		return i40_cfg_error(n, err, "%s must be %s %g and at most %g, found %s", what,
				     closed ? "at least" : "above", lo, hi, n->str);
	return 0;
}

static int
parse_rule(const struct i40_node *map, struct i40_detect_rule *r, struct i40_err *err)
{
	if (i40_cfg_check_keys(map, rule_keys, "a detect rule", err) != 0)
		return -1;
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->key[i]->str;
		const struct i40_node *v = map->val[i];
		int rc = 0;
		if (strcmp(k, "methods") == 0)
			rc = parse_methods(v, &r->methods, err);
		else if (strcmp(k, "lo") == 0)
			rc = i40_cfg_num(v, &r->lo, err);
		else if (strcmp(k, "hi") == 0)
			rc = i40_cfg_num(v, &r->hi, err);
		else if (strcmp(k, "max_rate") == 0)
			rc = parse_rate(v, &r->roc_max, err);
		else if (strcmp(k, "rz_window") == 0)
			rc = i40_cfg_long(v, 3, 1000000, &r->rz_window, err);
		else if (strcmp(k, "rz_limit") == 0)
			rc = num_in(v, k, 0, 1e6, 0, &r->rz_limit, err);
		else if (strcmp(k, "lambda") == 0)
			rc = num_in(v, k, 0, 1, 0, &r->ewma_lambda, err);
		else if (strcmp(k, "L") == 0)
			rc = num_in(v, k, 0, 1e6, 0, &r->ewma_L, err);
		else if (strcmp(k, "k") == 0)
			rc = num_in(v, k, 0, 1e6, 1, &r->cusum_k, err);
		else if (strcmp(k, "h") == 0)
			rc = num_in(v, k, 0, 1e6, 0, &r->cusum_h, err);
		else if (strcmp(k, "rules") == 0) {
			const char *s = "";
			if ((rc = i40_cfg_str(v, &s, err)) == 0) {
				if (strcmp(s, "western-electric") == 0 || strcmp(s, "we") == 0)
					r->shewhart_rules = I40_RULES_WE;
				else if (strcmp(s, "nelson") == 0)
					r->shewhart_rules = I40_RULES_NELSON;
				else
					rc = i40_cfg_error(v, err, "rules \"%s\": expected western-electric or nelson", s);
			}
		} else if (strcmp(k, "season") == 0) {
			const char *s = "";
			if ((rc = i40_cfg_str(v, &s, err)) == 0) {
				for (int j = 0; j < 3; j++)
					if (strcmp(s, season_names[j]) == 0)
						r->season = j;
				if (r->season < 0)
					rc = i40_cfg_error(v, err, "season \"%s\": expected hour-of-day, day-of-week or "
							   "hour-of-week", s);
			}
		} else if (strcmp(k, "seasonal_limit") == 0)
			rc = num_in(v, k, 0, 1e6, 0, &r->seasonal_limit, err);
		else if (strcmp(k, "alpha") == 0) {
			rc = num_in(v, k, 0, 1, 0, &r->alpha, err);
			if (rc == 0 && r->alpha >= 1)
				rc = i40_cfg_error(v, err, "alpha must be below 1");
		} else if (strcmp(k, "window") == 0)
			rc = i40_cfg_long(v, I40_ADAPT_MINMEMORY, I40_ADAPT_MAXMEMORY, &r->window, err);
		else if (strcmp(k, "mean") == 0)
			rc = i40_cfg_num(v, &r->mu0, err);
		else if (strcmp(k, "sigma") == 0)
			rc = num_in(v, k, 0, INFINITY, 0, &r->sigma, err);
		else if (strcmp(k, "learn") == 0) {
			struct i40_err e;
			if (v->kind != I40_NODE_SCALAR ||
			    i40_detect_count_or_time(v->str, &r->learn_points, &r->learn_ns, &e) != 0)
				rc = i40_cfg_error(v, err, "learn: expected a number of records (600) or a time (7d)");
			else if (r->learn_points == 0 || r->learn_points > I40_DET_MAXLEARN)
				rc = i40_cfg_error(v, err, "learn: 1 to %d records", I40_DET_MAXLEARN);
		} else if (strcmp(k, "fail_limit") == 0)
			rc = i40_cfg_num(v, &r->fail_limit, err);
		else if (strcmp(k, "trend") == 0) {
			const char *s = "";
			if ((rc = i40_cfg_str(v, &s, err)) == 0) {
				if (strcmp(s, "linear") == 0)
					r->trend = I40_RUL_LINEAR;
				else if (strcmp(s, "exponential") == 0)
					r->trend = I40_RUL_EXP;
				else
					rc = i40_cfg_error(v, err, "trend \"%s\": expected linear or exponential", s);
			}
		} else if (strcmp(k, "rul_window") == 0)
			rc = i40_cfg_long(v, 3, 1000000, &r->rul_window, err);
		else if (strcmp(k, "lead_time") == 0)
			rc = i40_cfg_duration(v, &r->lead_time, err);
		else if (strcmp(k, "deadman") == 0) {
			int on;
			struct i40_err ignored;
			if (v->kind == I40_NODE_SCALAR && i40_cfg_bool(v, &on, &ignored) == 0)
				r->deadman = on ? 3 : 0;
			else
				rc = num_in(v, k, 1, 1e6, 1, &r->deadman, err);
		} else if (strcmp(k, "interval") == 0) {
			rc = i40_cfg_duration(v, &r->interval, err);
			if (rc == 0 && r->interval <= 0)
				rc = i40_cfg_error(v, err, "the interval must be above 0");
		}
		if (rc != 0)
			return -1;
	}
	if (!isnan(r->lo) && !isnan(r->hi) && !(r->lo < r->hi))
		return i40_cfg_error(i40_cfg_get(map, "lo"), err, "lo %g is not below hi %g", r->lo, r->hi);
	if (r->trend == I40_RUL_EXP && !isnan(r->fail_limit) && !(r->fail_limit > 0))
		return i40_cfg_error(i40_cfg_get(map, "fail_limit"), err,
				     "an exponential trend needs a positive fail_limit");
	return 0;
}

/* Copy the fields b gives onto a. */
static void
rule_merge(struct i40_detect_rule *a, const struct i40_detect_rule *b)
{
#define TAKE_D(f) if (!isnan(b->f)) a->f = b->f
#define TAKE_L(f) if (b->f >= 0) a->f = b->f
	if (b->methods)
		a->methods = b->methods;
	TAKE_D(lo);
	TAKE_D(hi);
	TAKE_D(roc_max);
	TAKE_L(rz_window);
	TAKE_D(rz_limit);
	TAKE_D(ewma_lambda);
	TAKE_D(ewma_L);
	TAKE_D(cusum_k);
	TAKE_D(cusum_h);
	if (b->shewhart_rules)
		a->shewhart_rules = b->shewhart_rules;
	TAKE_L(season);
	TAKE_D(seasonal_limit);
	TAKE_D(alpha);
	TAKE_L(window);
	TAKE_D(mu0);
	TAKE_D(sigma);
	if (b->learn_points >= 0 || b->learn_ns >= 0) {
		a->learn_points = b->learn_points;
		a->learn_ns = b->learn_ns;
	}
	TAKE_D(fail_limit);
	TAKE_L(trend);
	TAKE_L(rul_window);
	TAKE_L(lead_time);
	TAKE_D(deadman);
	TAKE_L(interval);
#undef TAKE_D
#undef TAKE_L
}

static int
parse_count_or_time(const struct i40_node *n, long *count, int64_t *ns, struct i40_err *err)
{
	struct i40_err e;
	if (n->kind != I40_NODE_SCALAR || i40_detect_count_or_time(n->str, count, ns, &e) != 0)
		return i40_cfg_error(n, err, "expected a number of records (10) or a time (5m)");
	return 0;
}

static int
parse_groups(struct i40_detect_config *c, const struct i40_node *g, struct i40_err *err)
{
	if (i40_cfg_expect(g, I40_NODE_MAP, "groups", err) != 0)
		return -1;
	if ((c->groups = calloc(g->n ? g->n : 1, sizeof *c->groups)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < g->n; i++) {
		struct i40_detect_group *gr = &c->groups[c->ngroups];
		const struct i40_node *v = g->val[i], *n;
		gr->name = g->key[i]->str;
		gr->alpha = 1e-4;
		gr->learn = -1;
		if (i40_cfg_check_keys(v, group_keys, "a detect group", err) != 0)
			return -1;
		if ((n = i40_cfg_get(v, "asset")) && i40_cfg_str(n, &gr->asset, err) != 0)
			return -1;
		if ((n = i40_cfg_get(v, "alpha")) && num_in(n, "alpha", 0, 0.5, 0, &gr->alpha, err) != 0)
			return -1;
		if ((n = i40_cfg_get(v, "learn")) && i40_cfg_long(n, 10, I40_DET_MAXLEARN, &gr->learn, err) != 0)
			return -1;
		n = i40_cfg_get(v, "signals");
		if (n == NULL || n->kind != I40_NODE_SEQ || n->n < 2)
			return i40_cfg_error(n ? n : v, err, "a group needs signals: a list of at least two signals");
		if ((gr->signals = calloc(n->n, sizeof *gr->signals)) == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		for (size_t j = 0; j < n->n; j++) {
			if (i40_cfg_str(n->val[j], &gr->signals[j], err) != 0)
				return -1;
			for (size_t k = 0; k < j; k++)
				if (strcmp(gr->signals[k], gr->signals[j]) == 0)
					return i40_cfg_error(n->val[j], err, "signal \"%s\" is twice in the group",
							     gr->signals[j]);
		}
		gr->nsignals = n->n;
		c->ngroups++;
	}
	return 0;
}

static int
parse_section(struct i40_detect_config *c, const struct i40_node *sec, struct i40_err *err)
{
	const struct i40_node *n;

	if (i40_cfg_check_keys(sec, top_keys, "detect", err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "threshold")) && num_in(n, "threshold", 0, 0.999, 0, &c->alert.on, err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "off"))) {
		if (num_in(n, "off", 0, 0.999, 0, &c->alert.off, err) != 0)
			return -1;
		if (c->alert.off > c->alert.on)
			return i40_cfg_error(n, err, "off %g is above the threshold %g", c->alert.off, c->alert.on);
	} else if (i40_cfg_get(sec, "threshold")) {
		c->alert.off = c->alert.on - 0.1 > 0 ? c->alert.on - 0.1 : c->alert.on;
	}
	if ((n = i40_cfg_get(sec, "min_duration"))) {
		long cnt;
		int64_t ns;
		if (parse_count_or_time(n, &cnt, &ns, err) != 0)
			return -1;
		c->alert.min_points = cnt > 0 ? cnt : 1;
		c->alert.min_ns = ns > 0 ? ns : 0;
	}
	if ((n = i40_cfg_get(sec, "cooldown"))) {
		long cnt;
		int64_t ns;
		if (parse_count_or_time(n, &cnt, &ns, err) != 0)
			return -1;
		c->alert.cooldown_points = cnt >= 0 ? cnt : 1;
		c->alert.cooldown_ns = ns > 0 ? ns : 0;
	}
	if ((n = i40_cfg_get(sec, "learn"))) {
		if (parse_count_or_time(n, &c->learn_points, &c->learn_ns, err) != 0)
			return -1;
		if (c->learn_points == 0 || c->learn_points > I40_DET_MAXLEARN)
			return i40_cfg_error(n, err, "learn: 1 to %d records", I40_DET_MAXLEARN);
	}
	if ((n = i40_cfg_get(sec, "lead_time")) && i40_cfg_duration(n, &c->lead_time, err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "p_fail"))) {
		if (num_in(n, "p_fail", 0, 0.999, 0, &c->p_fail, err) != 0)
			return -1;
		c->p_fail_set = 1;
	}
	if ((n = i40_cfg_get(sec, "horizon"))) {
		if (i40_cfg_duration(n, &c->horizon, err) != 0)
			return -1;
		if (c->horizon <= 0)
			return i40_cfg_error(n, err, "the horizon must be above 0");
	}
	if ((n = i40_cfg_get(sec, "signals")) && !n->is_null) {
		if (i40_cfg_expect(n, I40_NODE_MAP, "detect signals", err) != 0)
			return -1;
		struct i40_detect_rule *r = realloc(c->rules, (c->nrules + n->n + 1) * sizeof *r);
		if (r == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		c->rules = r;
		for (size_t i = 0; i < n->n; i++) {
			struct i40_detect_rule *ru = &c->rules[c->nrules];
			rule_init(ru);
			ru->pattern = n->key[i]->str;
			if (parse_rule(n->val[i], ru, err) != 0)
				return -1;
			c->nrules++;
		}
	}
	if ((n = i40_cfg_get(sec, "groups")) && !n->is_null && parse_groups(c, n, err) != 0)
		return -1;
	return 0;
}

int
i40_detect_config_load(struct i40_detect_config *c, const struct i40_node *section, struct i40_err *err)
{
	memset(c, 0, sizeof *c);
	i40_alert_defaults(&c->alert);
	c->learn_points = -1;
	c->learn_ns = -1;
	c->p_fail = 0.5;
	c->horizon = 24 * I40_NS_PER_HOUR;
	if (section == NULL || section->is_null)
		return 0;
	if (parse_section(c, section, err) != 0) {
		i40_detect_config_free(c);
		return -1;
	}
	return 0;
}

void
i40_detect_config_free(struct i40_detect_config *c)
{
	for (size_t i = 0; i < c->ngroups; i++)
		free(c->groups[i].signals);
	free(c->groups);
	free(c->rules);
	for (size_t i = 0; i < c->ndocs; i++)
		i40_cfg_free(c->docs[i]);
	free(c->docs);
	for (size_t i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	free(c->owned);
	memset(c, 0, sizeof *c);
}

int
i40_detect_check_config(const struct i40_node *section, struct i40_err *err)
{
	struct i40_detect_config c;
	if (i40_detect_config_load(&c, section, err) != 0)
		return -1;
	i40_detect_config_free(&c);
	return 0;
}

/* The command line's rule: the last one, matching every series. */
static struct i40_detect_rule *
cmdline_rule(struct i40_detect_config *c)
{
	if (c->nrules == 0 || c->rules[c->nrules - 1].pattern != NULL) {
		struct i40_detect_rule *r = realloc(c->rules, (c->nrules + 1) * sizeof *r);
		if (r == NULL)
			return NULL;
		c->rules = r;
		rule_init(&c->rules[c->nrules++]);
	}
	return &c->rules[c->nrules - 1];
}

int
i40_detect_config_set(struct i40_detect_config *c, const char *kv, struct i40_err *err)
{
	const char *eq = strchr(kv, '=');
	struct i40_detect_rule one, *cr;
	struct i40_doc *doc, **docs;
	char *text;
	size_t klen;

	if (eq == NULL || eq == kv)
		return i40_err_set(err, I40_ERR_CONFIG, "--set %s: expected KEY=VALUE", kv);
	klen = (size_t)(eq - kv);
	if ((text = malloc(strlen(kv) + 8)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	/* the value as one YAML scalar: quoted, so that "2/min" or "a: b" stay text */
	snprintf(text, strlen(kv) + 8, "%.*s: '", (int)klen, kv);
	size_t k = strlen(text);
	for (const char *p = eq + 1; *p; p++) {
		if (*p == '\'') {
			free(text);
			return i40_err_set(err, I40_ERR_CONFIG, "--set %s: a value cannot hold a quote", kv);
		}
		text[k++] = *p;
	}
	text[k++] = '\'';
	text[k] = '\0';
	doc = i40_cfg_parse(text, k, "--set", err);
	free(text);
	if (doc == NULL)
		return -1;
	docs = realloc(c->docs, (c->ndocs + 1) * sizeof *docs);
	if (docs == NULL) {
		i40_cfg_free(doc);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	c->docs = docs;
	c->docs[c->ndocs++] = doc;
	rule_init(&one);
	if (parse_rule(doc->root, &one, err) != 0) {
		/* "--set:1:1: msg" says nothing: name the setting instead */
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		return i40_err_set(err, I40_ERR_CONFIG, "--set %s: %s", kv, msg);
	}
	if ((cr = cmdline_rule(c)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	rule_merge(cr, &one);
	return 0;
}

int
i40_detect_config_methods(struct i40_detect_config *c, const char *list, struct i40_err *err)
{
	char kv[300];
	if (strlen(list) > 256)
		return i40_err_set(err, I40_ERR_CONFIG, "too many methods");
	snprintf(kv, sizeof kv, "methods=%s", list);
	if (i40_detect_config_set(c, kv, err) == 0)
		return 0;
	/* say it as the user wrote it: -m LIST, not --set methods=LIST */
	char msg[sizeof err->msg];
	const char *colon = strstr(err->msg, ": ");
	snprintf(msg, sizeof msg, "%s", colon ? colon + 2 : err->msg);
	return i40_err_set(err, err->kind, "method %s: %s", list, msg);
}

int
i40_detect_config_cmdline(struct i40_detect_config *c, const struct i40_detect_cmdline *cl, struct i40_err *err)
{
	long cnt;
	int64_t ns;

	if (cl->methods && i40_detect_config_methods(c, cl->methods, err) != 0)
		return -1;
	for (size_t i = 0; i < cl->nsets; i++)
		if (i40_detect_config_set(c, cl->sets[i], err) != 0)
			return -1;
	for (size_t i = 0; i < cl->ngroups; i++)
		if (i40_detect_config_group(c, cl->groups[i], err) != 0)
			return -1;
	if (cl->threshold > 0) {
		c->alert.on = cl->threshold;
		c->alert.off = cl->threshold - 0.1 > 0 ? cl->threshold - 0.1 : cl->threshold;
	}
	if (cl->off > 0)
		c->alert.off = cl->off;
	if (c->alert.off > c->alert.on)
		return i40_err_set(err, I40_ERR_CONFIG, "off %g is above the threshold %g", c->alert.off, c->alert.on);
	if (cl->min_duration) {
		if (i40_detect_count_or_time(cl->min_duration, &cnt, &ns, err) != 0)
			return -1;
		c->alert.min_points = cnt > 0 ? cnt : 1;
		c->alert.min_ns = ns > 0 ? ns : 0;
	}
	if (cl->cooldown) {
		if (i40_detect_count_or_time(cl->cooldown, &cnt, &ns, err) != 0)
			return -1;
		c->alert.cooldown_points = cnt > 0 ? cnt : 1;
		c->alert.cooldown_ns = ns > 0 ? ns : 0;
	}
	if (cl->learn) {
		if (i40_detect_count_or_time(cl->learn, &c->learn_points, &c->learn_ns, err) != 0)
			return -1;
		if (c->learn_points > I40_DET_MAXLEARN)
			return i40_err_set(err, I40_ERR_CONFIG, "learn: at most %d records", I40_DET_MAXLEARN);
	}
	if (cl->lead > 0)
		c->lead_time = cl->lead;
	if (cl->p_fail > 0) {
		c->p_fail = cl->p_fail;
		c->p_fail_set = 1;
	}
	if (cl->horizon > 0)
		c->horizon = cl->horizon;
	return 0;
}

static char *
own(struct i40_detect_config *c, const char *s, size_t n)
{
	char **o = realloc(c->owned, (c->nowned + 1) * sizeof *o), *p;
	if (o == NULL)
		return NULL;
	c->owned = o;
	if ((p = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	c->owned[c->nowned++] = p;
	return p;
}

int
i40_detect_config_group(struct i40_detect_config *c, const char *spec, struct i40_err *err)
{
	const char *eq = strchr(spec, '='), *p;
	struct i40_detect_group *g;
	size_t n = 1;

	if (eq == NULL || eq == spec || eq[1] == '\0')
		return i40_err_set(err, I40_ERR_CONFIG, "--group %s: expected NAME=SIGNAL,SIGNAL,...", spec);
	for (p = eq + 1; *p; p++)
		n += *p == ',';
	if (n < 2)
		return i40_err_set(err, I40_ERR_CONFIG, "--group %s: a group needs at least two signals", spec);
	if ((g = realloc(c->groups, (c->ngroups + 1) * sizeof *g)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	c->groups = g;
	g = &c->groups[c->ngroups];
	memset(g, 0, sizeof *g);
	g->alpha = 1e-4;
	g->learn = -1;
	if ((g->name = own(c, spec, (size_t)(eq - spec))) == NULL || (g->signals = calloc(n, sizeof *g->signals)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	c->ngroups++;
	for (p = eq + 1; g->nsignals < n; ) {
		size_t len = strcspn(p, ",");
		if (len == 0)
			return i40_err_set(err, I40_ERR_CONFIG, "--group %s: an empty signal name", spec);
		if ((g->signals[g->nsignals] = own(c, p, len)) == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		for (size_t k = 0; k < g->nsignals; k++)
			if (strcmp(g->signals[k], g->signals[g->nsignals]) == 0)
				return i40_err_set(err, I40_ERR_CONFIG, "--group %s: signal \"%s\" is there twice", spec,
						   g->signals[k]);
		g->nsignals++;
		p += len + (p[len] == ',');
	}
	return 0;
}

static int
matches(const char *pattern, const char *key, const char *signal)
{
	return fnmatch(pattern, strchr(pattern, '/') ? key : signal, 0) == 0;
}

void
i40_detect_resolve(const struct i40_detect_config *c, const struct i40_plant *p, const char *asset,
		   size_t alen, const char *signal, size_t slen, struct i40_detect_spec *out)
{
	struct i40_detect_rule r;
	struct i40_det_settings *d = &out->det;
	const struct i40_signal_def *def = p ? i40_plant_signal(p, asset, alen, signal, slen) : NULL;
	char small[256], *key = small;

	memset(out, 0, sizeof *out);
	i40_det_defaults(d);
	rule_init(&r);
	r.learn_points = c->learn_points;
	r.learn_ns = c->learn_ns;
	r.lead_time = c->lead_time;
	if (def) {
		r.lo = def->lo;
		r.hi = def->hi;
		if (def->interval > 0) {
			r.interval = def->interval;
			r.deadman = 3;
		}
	}
	if (alen + slen + 2 > sizeof small && (key = malloc(alen + slen + 2)) == NULL)
		key = NULL;
	if (key) {
		char *sig;
		memcpy(key, asset, alen);
		key[alen] = '/';
		memcpy(key + alen + 1, signal, slen);
		key[alen + 1 + slen] = '\0';
		sig = key + alen + 1;
		for (size_t i = 0; i < c->nrules; i++)
			if (c->rules[i].pattern == NULL || matches(c->rules[i].pattern, key, sig))
				rule_merge(&r, &c->rules[i]);
		if (key != small)
			free(key);
	}
	d->methods = r.methods ? r.methods : 1u << I40_DET_ADAPTIVE;
	d->lo = r.lo;
	d->hi = r.hi;
	d->roc_max = r.roc_max;
	/* known limits and rates are always watched; asked-for ones that
	 * are not known for this series are left out (and said) */
	if (!isnan(r.lo) || !isnan(r.hi))
		d->methods |= 1u << I40_DET_LIMITS;
	else if (d->methods >> I40_DET_LIMITS & 1) {
		d->methods &= ~(1u << I40_DET_LIMITS);
		out->limits_dropped = 1;
	}
	if (!isnan(r.roc_max))
		d->methods |= 1u << I40_DET_ROC;
	else if (d->methods >> I40_DET_ROC & 1) {
		d->methods &= ~(1u << I40_DET_ROC);
		out->limits_dropped = 1;
	}
	if (d->methods == 0)
		d->methods = 1u << I40_DET_ADAPTIVE;
#define SET_IF(dst, src, ok) if (ok) dst = src
	SET_IF(d->rz_window, r.rz_window, r.rz_window > 0);
	SET_IF(d->rz_limit, r.rz_limit, !isnan(r.rz_limit));
	SET_IF(d->ewma_lambda, r.ewma_lambda, !isnan(r.ewma_lambda));
	SET_IF(d->ewma_L, r.ewma_L, !isnan(r.ewma_L));
	SET_IF(d->cusum_k, r.cusum_k, !isnan(r.cusum_k));
	SET_IF(d->cusum_h, r.cusum_h, !isnan(r.cusum_h));
	SET_IF(d->shewhart_rules, r.shewhart_rules, r.shewhart_rules != 0);
	SET_IF(d->seasonal_limit, r.seasonal_limit, !isnan(r.seasonal_limit));
	SET_IF(d->adapt.alpha, r.alpha, !isnan(r.alpha));
	SET_IF(d->adapt.memory, r.window, r.window > 0);
	SET_IF(d->learn_points, r.learn_points, r.learn_points > 0);
	SET_IF(d->learn_ns, r.learn_ns, r.learn_ns > 0);
#undef SET_IF
	d->mu0 = r.mu0;
	d->sigma = r.sigma;
	out->season = r.season >= 0 ? r.season : I40_SEASON_HOUR;
	d->nslots = i40_detect_slots(out->season);
	out->fail_limit = r.fail_limit;
	out->trend = r.trend >= 0 ? r.trend : I40_RUL_LINEAR;
	out->rul_window = r.rul_window > 0 ? r.rul_window : 200;
	out->lead_time = r.lead_time > 0 ? r.lead_time : 0;
	/* an expected interval, the plant's or a rule's, arms the no-data
	 * watch at 3 intervals unless deadman says otherwise (i40-detect(1)) */
	out->deadman = !isnan(r.deadman) ? r.deadman : r.interval > 0 ? 3 : 0;
	out->interval = r.interval > 0 ? r.interval : 0;
}

int
i40_detect_slots(int season)
{
	return season == I40_SEASON_WEEKDAY ? 7 : season == I40_SEASON_WEEKHOUR ? 168 : 24;
}

int
i40_detect_slot(int season, int64_t local_sec)
{
	int64_t days = local_sec >= 0 ? local_sec / 86400 : -((-local_sec + 86399) / 86400);
	int hour = (int)((local_sec - days * 86400) / 3600);
	int wd = i40_weekday(days);   /* 0 = Sunday */

	wd = (wd + 6) % 7;            /* 0 = Monday: a working week reads in order */
	if (season == I40_SEASON_WEEKDAY)
		return wd;
	if (season == I40_SEASON_WEEKHOUR)
		return wd * 24 + hour;
	return hour;
}
