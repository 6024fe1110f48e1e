/* fuzz_plant.c - the plant file: YAML through i40_cfg_parse, the plant
 * checks through i40_plant_load, then every ingest source the file
 * defines is run on a small sample of its format, so that patterns, time
 * formats, zones and mappings from a (bad) file meet the engine too.
 * The input is the whole plant.yaml.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "fuzz.h"

static const char *const samples[] = {
	[I40_FMT_LONG] = "ts,asset,signal,value,unit\n"
			 "2024-03-31T02:30:00,press1,temp,21.5,C\n"
			 "2024-10-27 02:30:00,oven,state,RUN,\n"
			 "1700000000,press1,count,\"1.234,5\",\n",
	[I40_FMT_WIDE] = "Time;press1.temp;Temp [C];P;note\n"
			 "31/03/2024 02:30;1,5;2;1.000,5;x\n"
			 "2024-10-27T02:30:00;;nan;3;\n",
	[I40_FMT_REGEX] = "2024-03-31 02:30:00 press1 temp=21.5 C\n"
			  "Mar  1 12:00:00 oven plc: state=RUN\n"
			  "garbage\n",
	[I40_FMT_INFLUX] = "machine,host=press1,line=a temp=1.5,s=\"RUN\",n=3i 1700000000000000000\n"
			   "oven temp=2\n",
	[I40_FMT_MQTT] = "plant/press1/temp 21.5\n"
			 "1700000000.5 plant/oven/state RUN\n"
			 "plant/x {\"v\":1}\n",
};

#define MAX_WALK 300

/* Every node (aliases make the tree a DAG, deeper than the parser's
 * nesting limit: stop at a node budget and a depth), checking that no
 * node is its own ancestor: a loop would send every reader round forever. */
static void
walk(const struct i40_node *n, long *budget, int depth, const struct i40_node **up)
{
	struct i40_err err;
	static const char *const allowed[] = {"assets", "signals", "unit", NULL};

	if (n == NULL || --*budget < 0 || depth >= MAX_WALK)
		return;
	for (int i = 0; i < depth; i++)
		FUZZ_CHECK(up[i] != n, "node at %ld:%ld contains itself", n->line, n->col);
	up[depth] = n;
	FUZZ_CHECK(n->line >= 1 && n->col >= 1 && n->file != NULL && n->str != NULL, "node position");
	if (n->kind == I40_NODE_SCALAR) {
		const char *s;
		double x;
		long l;
		int b;
		int64_t ns;
		char c;
		FUZZ_CHECK(i40_cfg_str(n, &s, &err) == 0, "a scalar is a string");
		if (i40_cfg_num(n, &x, &err) == 0)
			FUZZ_CHECK(!isnan(x), "number %s is NaN", n->str);
		if (i40_cfg_long(n, -1000, 1000, &l, &err) == 0)
			FUZZ_CHECK(l >= -1000 && l <= 1000, "long out of range");
		(void)i40_cfg_bool(n, &b, &err);
		if (i40_cfg_duration(n, &ns, &err) == 0)
			FUZZ_CHECK(ns >= 0, "negative duration from \"%s\"", n->str);
		(void)i40_cfg_char(n, &c, &err);
		return;
	}
	if (n->kind == I40_NODE_MAP) {
		(void)i40_cfg_check_keys(n, allowed, "a fuzz map", &err);
		for (size_t i = 0; i < n->n; i++) {
			FUZZ_CHECK(n->key[i] != NULL && n->key[i]->kind == I40_NODE_SCALAR, "map key is not a scalar");
			FUZZ_CHECK(i40_cfg_get(n, n->key[i]->str) != NULL, "key %s not found", n->key[i]->str);
			walk(n->val[i], budget, depth + 1, up);
		}
	} else {
		for (size_t i = 0; i < n->n; i++)
			walk(n->val[i], budget, depth + 1, up);
	}
	(void)i40_cfg_error(n, &err, "at %s", "node");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct i40_err err;
	char msg[1024];

	memset(&err, 0, sizeof err);
	struct i40_doc *doc = i40_cfg_parse((const char *)data, size, "fuzz.yaml", &err);
	if (doc == NULL) {
		FUZZ_CHECK(err.kind == I40_ERR_CONFIG || err.kind == I40_ERR_NOMEM, "kind %d", (int)err.kind);
		i40_err_format(&err, msg, sizeof msg);
	} else {
		static const struct i40_node *up[MAX_WALK];
		long budget = 100000;
		walk(doc->root, &budget, 0, up);
		i40_cfg_free(doc);
	}

	memset(&err, 0, sizeof err);
	struct i40_plant *p = i40_plant_load(fuzz_path(data, size), &err);
	if (p == NULL) {
		FUZZ_CHECK(err.kind == I40_ERR_CONFIG || err.kind == I40_ERR_NOMEM, "kind %d: %s", (int)err.kind, err.msg);
		FUZZ_CHECK(err.msg[0] != '\0', "no message");
		i40_err_format(&err, msg, sizeof msg);
		return 0;
	}
	for (size_t i = 0; i < p->nsignals; i++) {
		const struct i40_signal_def *s = &p->signals[i];
		FUZZ_CHECK(i40_plant_signal(p, s->asset, strlen(s->asset), s->name, strlen(s->name)) == s,
			   "signal %s/%s not found", s->asset, s->name);
		FUZZ_CHECK(i40_plant_has_asset(p, s->asset, strlen(s->asset)), "asset %s not found", s->asset);
		FUZZ_CHECK(isnan(s->min) || isnan(s->max) || s->min <= s->max, "min > max");
		FUZZ_CHECK(s->kind == I40_GAUGE || s->kind == I40_COUNTER || s->kind == I40_STATE, "kind");
	}
	(void)i40_plant_section(p, "oee");
	for (size_t i = 0; i < p->nsources && i < 8; i++) {
		const struct i40_source *src = &p->sources[i];
		const char *s = samples[src->format];
		struct fuzz_run r = {.plant = p, .src = src, .precision = -1};
		fuzz_ingest(&r, (const uint8_t *)s, strlen(s));
	}
	i40_plant_free(p);
	return 0;
}
