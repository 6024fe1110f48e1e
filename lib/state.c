/* state.c - durations per state and transition counts (see state.h).
 *
 * Durations are integer nanoseconds, so the times of the states of a
 * window add up exactly to the time covered: an OEE availability
 * computed from them has no rounding to explain.
 */
#include <stdlib.h>
#include <string.h>

#include "i40_int.h"
#include "state.h"

void
i40_labels_init(struct i40_labels *l)
{
	l->name = NULL;
	l->n = l->cap = 0;
}

void
i40_labels_free(struct i40_labels *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->name[i]);
	free(l->name);
	i40_labels_init(l);
}

int
i40_labels_id(struct i40_labels *l, const char *name, struct i40_err *err)
{
	size_t i, len;
	char *copy;

	/* A machine has a handful of states: a linear scan beats hashing. */
	for (i = 0; i < l->n; i++)
		if (strcmp(l->name[i], name) == 0)
			return (int)i;
	if (i40_int_grow((void **)&l->name, &l->cap, l->n + 1, sizeof *l->name) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for state names");
	len = strlen(name);
	copy = malloc(len + 1);
	if (copy == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for state names");
	memcpy(copy, name, len + 1);
	l->name[l->n] = copy;
	return (int)l->n++;
}

const char *
i40_labels_name(const struct i40_labels *l, int id)
{
	if (id < 0 || (size_t)id >= l->n)
		return NULL;
	return l->name[id];
}

void
i40_state_init(struct i40_state *s)
{
	memset(s, 0, sizeof *s);
}

void
i40_state_reset(struct i40_state *s)
{
	if (s->dur)
		memset(s->dur, 0, s->nlab * sizeof *s->dur);
	s->n = s->transitions = s->covered = 0;
}

void
i40_state_free(struct i40_state *s)
{
	free(s->dur);
	i40_state_init(s);
}

static int
grow(struct i40_state *s, size_t need, struct i40_err *err)
{
	size_t nlab = s->nlab ? s->nlab : 8;
	int64_t *p;

	if (need <= s->nlab)
		return 0;
	while (nlab < need)
		nlab *= 2;
	p = realloc(s->dur, nlab * sizeof *p);
	if (p == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for state durations");
	memset(p + s->nlab, 0, (nlab - s->nlab) * sizeof *p);
	s->dur = p;
	s->nlab = nlab;
	return 0;
}

int
i40_state_time(struct i40_state *s, int id, int64_t ns, struct i40_err *err)
{
	if (id < 0)
		return i40_err_set(err, I40_ERR_DATA, "state id %d is not valid", id);
	if (grow(s, (size_t)id + 1, err) < 0)
		return -1;
	s->dur[id] += ns;
	s->covered += ns;
	return 0;
}

void
i40_state_reading(struct i40_state *s, int changed)
{
	s->n++;
	if (changed)
		s->transitions++;
}

int
i40_state_merge(struct i40_state *dst, const struct i40_state *src, struct i40_err *err)
{
	size_t i;

	if (grow(dst, src->nlab, err) < 0)
		return -1;
	for (i = 0; i < src->nlab; i++)
		dst->dur[i] += src->dur[i];
	dst->n += src->n;
	dst->transitions += src->transitions;
	dst->covered += src->covered;
	return 0;
}

int64_t
i40_state_dur(const struct i40_state *s, int id)
{
	if (id < 0 || (size_t)id >= s->nlab)
		return 0;
	return s->dur[id];
}
