/* cfg.c - libyaml events into a tree of positioned nodes. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cfg.h"
#include "i40_int.h"
#include "num.h"
#include "tm.h"

#define MAX_DEPTH 64
#define MAX_ALIASES 10000
#define MAX_FILE (16 << 20)

struct anchor {
	char *name;
	struct i40_node *node;
	int open;                  /* its children are being read: an alias to it is a loop */
};

struct priv {
	struct i40_node **nodes;   /* every node, for freeing */
	size_t nnodes, cap;
	char **strs;
	size_t nstrs, scap;
	struct anchor *anchors;
	size_t nanchors, acap;
	long aliases;
	char *file;
};

struct builder {
	yaml_parser_t parser;
	struct priv *pv;
	const char *file;
	struct i40_err *err;
};

static int
push(void **arr, size_t *n, size_t *cap, size_t elem, const void *item)
{
	if (i40_int_grow(arr, cap, *n + 1, elem) != 0)
		return -1;
	memcpy((char *)*arr + *n * elem, item, elem);
	(*n)++;
	return 0;
}

static struct i40_node *
new_node(struct builder *b, enum i40_node_kind kind, const yaml_mark_t *m)
{
	struct i40_node *n = calloc(1, sizeof *n);
	if (n == NULL || push((void **)&b->pv->nodes, &b->pv->nnodes, &b->pv->cap, sizeof n, &n) != 0) {
		free(n);
		return NULL;
	}
	n->kind = kind;
	n->str = "";
	n->line = (long)m->line + 1;
	n->col = (long)m->column + 1;
	n->file = b->file;
	return n;
}

static char *
keep_str(struct builder *b, const char *s, size_t len)
{
	char *p = malloc(len + 1);
	if (p == NULL || push((void **)&b->pv->strs, &b->pv->nstrs, &b->pv->scap, sizeof p, &p) != 0) {
		free(p);
		return NULL;
	}
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static int
parser_error(struct builder *b)
{
	const yaml_parser_t *p = &b->parser;
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;
	return i40_err_at(b->err, I40_ERR_CONFIG, b->file, (long)m->line + 1, (long)m->column + 1,
			  "YAML: %s%s%s", p->problem ? p->problem : "syntax error",
			  p->context ? " " : "", p->context ? p->context : "");
}

static int
remember_anchor(struct builder *b, const yaml_char_t *anchor, struct i40_node *n)
{
	if (anchor == NULL)
		return 0;
	struct anchor a = {keep_str(b, (const char *)anchor, strlen((const char *)anchor)), n, 0};
	if (a.name == NULL || push((void **)&b->pv->anchors, &b->pv->nanchors, &b->pv->acap, sizeof a, &a) != 0)
		return i40_err_set(b->err, I40_ERR_NOMEM, "out of memory");
	return 0;
}

static int next_event(struct builder *b, yaml_event_t *ev);
static struct i40_node *build(struct builder *b, yaml_event_t *ev, int depth);

/* Children of a mapping or sequence, up to its end event. */
static int
build_children(struct builder *b, struct i40_node *n, int depth)
{
	size_t cap = 0;
	struct i40_node **keys = NULL, **vals = NULL;
	size_t kcap = 0;

	for (;;) {
		yaml_event_t ev;
		if (next_event(b, &ev) != 0)
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		struct i40_node *child = build(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (child == NULL)
			return -1;
		if (n->kind == I40_NODE_SEQ) {
			if (push((void **)&vals, &n->n, &cap, sizeof child, &child) != 0)
				return i40_err_set(b->err, I40_ERR_NOMEM, "out of memory");
			n->val = vals;
			continue;
		}
		/* a map: child is the key, the value follows */
		if (child->kind != I40_NODE_SCALAR)
			return i40_cfg_error(child, b->err, "a key must be a plain name, not a map or list");
		for (size_t i = 0; i < n->n; i++)
			if (strcmp(n->key[i]->str, child->str) == 0)
				return i40_cfg_error(child, b->err, "key \"%s\" appears twice (first on line %ld)",
						     child->str, n->key[i]->line);
		if (next_event(b, &ev) != 0)
			return -1;
		struct i40_node *value = build(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (value == NULL)
			return -1;
		size_t nk = n->n;
		if (push((void **)&keys, &nk, &kcap, sizeof child, &child) != 0)
			return i40_err_set(b->err, I40_ERR_NOMEM, "out of memory");
		n->key = keys;
		if (push((void **)&vals, &n->n, &cap, sizeof value, &value) != 0)
			return i40_err_set(b->err, I40_ERR_NOMEM, "out of memory");
		n->val = vals;
	}
}

static struct i40_node *
build(struct builder *b, yaml_event_t *ev, int depth)
{
	struct i40_node *n;

	if (depth > MAX_DEPTH) {
		i40_err_at(b->err, I40_ERR_CONFIG, b->file, (long)ev->start_mark.line + 1,
			   (long)ev->start_mark.column + 1, "nesting deeper than %d levels", MAX_DEPTH);
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if ((n = new_node(b, I40_NODE_SCALAR, &ev->start_mark)) == NULL ||
		    (n->str = keep_str(b, (const char *)ev->data.scalar.value, ev->data.scalar.length)) == NULL)
			goto nomem;
		n->is_null = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			     (strcmp(n->str, "") == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0);
		if (remember_anchor(b, ev->data.scalar.anchor, n) != 0)
			return NULL;
		return n;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT: {
		int map = ev->type == YAML_MAPPING_START_EVENT;
		const yaml_char_t *anchor = map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
		if ((n = new_node(b, map ? I40_NODE_MAP : I40_NODE_SEQ, &ev->start_mark)) == NULL)
			goto nomem;
		size_t at = b->pv->nanchors;
		if (remember_anchor(b, anchor, n) != 0)
			return NULL;
		if (anchor)
			b->pv->anchors[at].open = 1;
		if (build_children(b, n, depth) != 0)
			return NULL;
		if (anchor)
			b->pv->anchors[at].open = 0;
		return n;
	}
	case YAML_ALIAS_EVENT:
		if (++b->pv->aliases > MAX_ALIASES) {
			i40_err_at(b->err, I40_ERR_CONFIG, b->file, (long)ev->start_mark.line + 1,
				   (long)ev->start_mark.column + 1, "more than %d aliases", MAX_ALIASES);
			return NULL;
		}
		for (size_t i = b->pv->nanchors; i-- > 0;)
			if (strcmp(b->pv->anchors[i].name, (const char *)ev->data.alias.anchor) == 0) {
				if (!b->pv->anchors[i].open)
					return b->pv->anchors[i].node;
				i40_err_at(b->err, I40_ERR_CONFIG, b->file, (long)ev->start_mark.line + 1,
					   (long)ev->start_mark.column + 1,
					   "alias *%s is inside the node it names (a loop)", ev->data.alias.anchor);
				return NULL;
			}
		i40_err_at(b->err, I40_ERR_CONFIG, b->file, (long)ev->start_mark.line + 1,
			   (long)ev->start_mark.column + 1, "unknown alias *%s", ev->data.alias.anchor);
		return NULL;
	default:
		i40_err_at(b->err, I40_ERR_CONFIG, b->file, (long)ev->start_mark.line + 1,
			   (long)ev->start_mark.column + 1, "unexpected YAML event");
		return NULL;
	}
nomem:
	i40_err_set(b->err, I40_ERR_NOMEM, "out of memory");
	return NULL;
}

static int
next_event(struct builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev))
		return parser_error(b);
	return 0;
}

struct i40_doc *
i40_cfg_parse(const char *text, size_t len, const char *name, struct i40_err *err)
{
	struct i40_doc *doc = calloc(1, sizeof *doc);
	struct priv *pv = calloc(1, sizeof *pv);
	struct builder b = {.pv = pv, .err = err};
	yaml_event_t ev;
	int rc = -1, docs = 0;

	if (doc == NULL || pv == NULL || (pv->file = strdup(name)) == NULL) {
		free(doc);
		if (pv)
			free(pv->file);
		free(pv);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	doc->priv = pv;
	doc->file = b.file = pv->file;
	yaml_parser_initialize(&b.parser);
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	for (;;) {
		if (next_event(&b, &ev) != 0)
			break;
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			rc = 0;
			break;
		}
		if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			i40_err_at(err, I40_ERR_CONFIG, b.file, (long)ev.start_mark.line + 1, 0,
				   "more than one YAML document ('---'); put everything in one");
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_SCALAR_EVENT || t == YAML_MAPPING_START_EVENT ||
		    t == YAML_SEQUENCE_START_EVENT || t == YAML_ALIAS_EVENT) {
			doc->root = build(&b, &ev, 0);
			if (doc->root == NULL) {
				yaml_event_delete(&ev);
				break;
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&b.parser);
	if (rc != 0) {
		i40_cfg_free(doc);
		return NULL;
	}
	return doc;
}

struct i40_doc *
i40_cfg_load(const char *path, struct i40_err *err)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		i40_err_at(err, I40_ERR_CONFIG, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	char *buf = malloc(MAX_FILE);
	size_t len = buf ? fread(buf, 1, MAX_FILE, fp) : 0;
	int bad = buf == NULL || ferror(fp) || len == MAX_FILE;
	fclose(fp);
	if (bad) {
		free(buf);
		i40_err_at(err, I40_ERR_CONFIG, path, 0, 0, "cannot read (or larger than 16 MiB)");
		return NULL;
	}
	struct i40_doc *doc = i40_cfg_parse(buf, len, path, err);
	free(buf);
	return doc;
}

void
i40_cfg_free(struct i40_doc *doc)
{
	if (doc == NULL)
		return;
	struct priv *pv = doc->priv;
	for (size_t i = 0; i < pv->nnodes; i++) {
		free(pv->nodes[i]->key);
		free(pv->nodes[i]->val);
		free(pv->nodes[i]);
	}
	for (size_t i = 0; i < pv->nstrs; i++)
		free(pv->strs[i]);
	free(pv->nodes);
	free(pv->strs);
	free(pv->anchors);
	free(pv->file);
	free(pv);
	free(doc);
}

const struct i40_node *
i40_cfg_get(const struct i40_node *map, const char *key)
{
	if (map == NULL || map->kind != I40_NODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->key[i]->str, key) == 0)
			return map->val[i];
	return NULL;
}

int
i40_cfg_error(const struct i40_node *node, struct i40_err *err, const char *fmt, ...)
{
	char msg[sizeof err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return i40_err_at(err, I40_ERR_CONFIG, node ? node->file : "", node ? node->line : 0,
			  node ? node->col : 0, "%s", msg);
}

static const char *
kind_name(enum i40_node_kind k)
{
	return k == I40_NODE_MAP ? "a map (key: value lines)" : k == I40_NODE_SEQ ? "a list" : "a single value";
}

int
i40_cfg_expect(const struct i40_node *node, enum i40_node_kind kind, const char *what, struct i40_err *err)
{
	if (node->kind != kind)
		return i40_cfg_error(node, err, "%s must be %s, not %s", what, kind_name(kind), kind_name(node->kind));
	return 0;
}

/* Edit distance, for "did you mean" on unknown keys. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

int
i40_cfg_check_keys(const struct i40_node *map, const char *const *allowed, const char *what,
		   struct i40_err *err)
{
	if (i40_cfg_expect(map, I40_NODE_MAP, what, err) != 0)
		return -1;
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->key[i]->str;
		const char *best = NULL;
		size_t bestd = 3, j;
		for (j = 0; allowed[j]; j++) {
			if (strcmp(k, allowed[j]) == 0)
				break;
			size_t d = distance(k, allowed[j]);
			if (d < bestd) {
				bestd = d;
				best = allowed[j];
			}
		}
		if (allowed[j])
			continue;
		char list[300] = "";
		for (j = 0; allowed[j] && strlen(list) + strlen(allowed[j]) + 3 < sizeof list; j++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "", allowed[j]);
		if (best)
			return i40_cfg_error(map->key[i], err, "unknown key \"%s\" in %s (did you mean \"%s\"?)",
					     k, what, best);
		return i40_cfg_error(map->key[i], err, "unknown key \"%s\" in %s (known: %s)", k, what, list);
	}
	return 0;
}

int
i40_cfg_str(const struct i40_node *node, const char **out, struct i40_err *err)
{
	if (node->kind != I40_NODE_SCALAR)
		return i40_cfg_error(node, err, "expected a single value, not %s", kind_name(node->kind));
	*out = node->str;
	return 0;
}

int
i40_cfg_num(const struct i40_node *node, double *out, struct i40_err *err)
{
	if (node->kind != I40_NODE_SCALAR || node->is_null ||
	    i40_num_parse(node->str, strlen(node->str), '.', 0, out) != 0)
		return i40_cfg_error(node, err, "expected a number, found \"%s\"",
				     node->kind == I40_NODE_SCALAR ? node->str : kind_name(node->kind));
	return 0;
}

int
i40_cfg_long(const struct i40_node *node, long min, long max, long *out, struct i40_err *err)
{
	double x;
	if (i40_cfg_num(node, &x, err) != 0)
		return -1;
	/* range first: converting a double beyond long (1e308) is undefined */
	if (!(x >= (double)min && x <= (double)max && fabs(x) < 9.2e18) || x != floor(x))
		return i40_cfg_error(node, err, "expected a whole number from %ld to %ld, found \"%s\"", min, max,
				     node->str);
	*out = (long)x;
	return 0;
}

int
i40_cfg_bool(const struct i40_node *node, int *out, struct i40_err *err)
{
	static const char *const yes[] = {"true", "yes", "on", NULL}, *const no[] = {"false", "no", "off", NULL};
	if (node->kind == I40_NODE_SCALAR) {
		for (int i = 0; yes[i]; i++)
			if (strcmp(node->str, yes[i]) == 0) {
				*out = 1;
				return 0;
			}
		for (int i = 0; no[i]; i++)
			if (strcmp(node->str, no[i]) == 0) {
				*out = 0;
				return 0;
			}
	}
	return i40_cfg_error(node, err, "expected true or false, found \"%s\"", node->str);
}

int
i40_cfg_duration(const struct i40_node *node, int64_t *ns, struct i40_err *err)
{
	struct i40_err e;
	if (node->kind != I40_NODE_SCALAR || node->is_null)
		return i40_cfg_error(node, err, "expected a duration such as 30s, 5m, 2h, 1d");
	if (i40_duration_parse(node->str, ns, &e) != 0)
		return i40_cfg_error(node, err, "%s", e.msg);
	return 0;
}

int
i40_cfg_char(const struct i40_node *node, char *out, struct i40_err *err)
{
	if (node->kind != I40_NODE_SCALAR)
		return i40_cfg_error(node, err, "expected one character");
	if (strcmp(node->str, "\\t") == 0 || strcmp(node->str, "tab") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(node->str) != 1)
		return i40_cfg_error(node, err, "expected one character (quote it: \";\"), found \"%s\"", node->str);
	*out = node->str[0];
	return 0;
}
