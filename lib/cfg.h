/* cfg.h - YAML documents as a tree with positions, through libyaml.
 *
 * The plant file is read once into a tree of maps, sequences and scalars,
 * each node knowing its file, line and column, so that every check made
 * later (by plant.c or by the module that owns a section) can say
 * "plant.yaml:12:5: ...".  Unknown keys are errors: a typo must not be
 * ignored silently (i40_cfg_check_keys suggests the key meant).
 */
#ifndef I40_CFG_H
#define I40_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum i40_node_kind { I40_NODE_SCALAR, I40_NODE_MAP, I40_NODE_SEQ };

struct i40_node {
	enum i40_node_kind kind;
	const char *str;          /* scalar text ("" for maps and sequences) */
	int is_null;              /* plain "", "~" or "null" */
	size_t n;                 /* map pairs or sequence items */
	struct i40_node **key;    /* map keys (scalars) */
	struct i40_node **val;    /* map values, or sequence items */
	long line, col;           /* 1-based */
	const char *file;
};

struct i40_doc {
	const char *file;
	struct i40_node *root;    /* NULL for an empty document */
	void *priv;
};

/* Read and parse a YAML file, or text already in memory. */
struct i40_doc *i40_cfg_load(const char *path, struct i40_err *err);
struct i40_doc *i40_cfg_parse(const char *text, size_t len, const char *name, struct i40_err *err);
void i40_cfg_free(struct i40_doc *doc);

/* Value of key in a map, or NULL (also when node is not a map). */
const struct i40_node *i40_cfg_get(const struct i40_node *map, const char *key);

/* Fill err with "FILE:LINE:COL: message" at node; returns -1. */
int i40_cfg_error(const struct i40_node *node, struct i40_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* node must be a map whose keys are all in allowed (NULL-terminated). */
int i40_cfg_check_keys(const struct i40_node *map, const char *const *allowed,
		       const char *what, struct i40_err *err);
int i40_cfg_expect(const struct i40_node *node, enum i40_node_kind kind,
		   const char *what, struct i40_err *err);

/* Typed scalars; each returns 0 or -1 with a positioned error. */
int i40_cfg_str(const struct i40_node *node, const char **out, struct i40_err *err);
int i40_cfg_num(const struct i40_node *node, double *out, struct i40_err *err);
int i40_cfg_long(const struct i40_node *node, long min, long max, long *out, struct i40_err *err);
int i40_cfg_bool(const struct i40_node *node, int *out, struct i40_err *err);
int i40_cfg_duration(const struct i40_node *node, int64_t *ns, struct i40_err *err);
/* A one-character string (delimiters, decimal marks). */
int i40_cfg_char(const struct i40_node *node, char *out, struct i40_err *err);

#endif
