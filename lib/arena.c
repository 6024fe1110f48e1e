/* arena.c - allocations freed together (see arena.h). */
#include <stdlib.h>

#include "arena.h"

void *
i40_arena_alloc(struct i40_arena *a, size_t n, size_t size)
{
	void **b = realloc(a->blocks, (a->n + 1) * sizeof *b);
	if (b == NULL)
		return NULL;
	a->blocks = b;
	void *m = calloc(n ? n : 1, size ? size : 1);
	if (m)
		a->blocks[a->n++] = m;
	return m;
}

void
i40_arena_free(struct i40_arena *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->blocks[i]);
	free(a->blocks);
	a->blocks = NULL;
	a->n = 0;
}

int
i40_arena_names(struct i40_arena *a, const struct i40_node *node, const char ***out, size_t *n,
		struct i40_err *err)
{
	if (node->kind == I40_NODE_MAP)
		return i40_cfg_error(node, err, "expected a list of names");
	size_t k = node->kind == I40_NODE_SEQ ? node->n : 1;
	const char **v = i40_arena_alloc(a, k, sizeof *v);
	if (v == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < k; i++)
		if (i40_cfg_str(node->kind == I40_NODE_SEQ ? node->val[i] : node, &v[i], err) != 0)
			return -1;
	*out = v;
	*n = k;
	return 0;
}
