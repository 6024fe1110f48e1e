/* arena.h - allocations that are freed together.
 *
 * A parsed configuration (a shift calendar, the oee section) is many small
 * arrays that live exactly as long as the thing parsed: they go into one
 * arena and are freed with it, so parsers need no cleanup on each error
 * path.
 */
#ifndef I40_ARENA_H
#define I40_ARENA_H

#include <stddef.h>

#include "cfg.h"
#include "err.h"

struct i40_arena {
	void **blocks;
	size_t n;
};

/* n zeroed elements of size bytes (at least one byte), or NULL. */
void *i40_arena_alloc(struct i40_arena *a, size_t n, size_t size);
/* Free every block; the arena is empty and usable again. */
void i40_arena_free(struct i40_arena *a);

/* A YAML list of names, or a single name, as an array in the arena
 * (pointing into the YAML tree; an empty list gives *n = 0).  Returns 0
 * or -1 with err filled. */
int i40_arena_names(struct i40_arena *a, const struct i40_node *node, const char ***out, size_t *n,
		    struct i40_err *err);

#endif
