/* series.c - open-addressing hash of (asset, signal) -> dense id. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i40_int.h"
#include "series.h"

struct entry {
	char *asset, *signal;    /* one allocation: "asset\0signal\0" */
	size_t alen, slen;
	uint64_t hash;
};

struct i40_series {
	struct entry *e;         /* by id */
	size_t n, cap;
	long *slot;              /* hash table of ids, -1 empty */
	size_t nslot;
	long last;               /* id found last */
};

static uint64_t
hash2(const char *a, size_t alen, const char *s, size_t slen)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (size_t i = 0; i < alen; i++)
		h = (h ^ (unsigned char)a[i]) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (size_t i = 0; i < slen; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

struct i40_series *
i40_series_new(void)
{
	struct i40_series *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->nslot = 64;
	s->slot = malloc(s->nslot * sizeof *s->slot);
	if (s->slot == NULL) {
		free(s);
		return NULL;
	}
	memset(s->slot, 0xff, s->nslot * sizeof *s->slot);
	s->last = -1;
	return s;
}

void
i40_series_free(struct i40_series *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->e[i].asset);
	free(s->e);
	free(s->slot);
	free(s);
}

static int
same(const struct entry *e, const char *a, size_t alen, const char *sg, size_t slen)
{
	return e->alen == alen && e->slen == slen && memcmp(e->asset, a, alen) == 0 &&
	       memcmp(e->signal, sg, slen) == 0;
}

static size_t
probe(const struct i40_series *s, uint64_t h, const char *a, size_t alen, const char *sg, size_t slen)
{
	size_t i = h & (s->nslot - 1);
	while (s->slot[i] >= 0 && !(s->e[s->slot[i]].hash == h && same(&s->e[s->slot[i]], a, alen, sg, slen)))
		i = (i + 1) & (s->nslot - 1);
	return i;
}

long
i40_series_find(const struct i40_series *s, const char *a, size_t alen, const char *sg, size_t slen)
{
	if (s->last >= 0 && same(&s->e[s->last], a, alen, sg, slen))
		return s->last;
	return s->slot[probe(s, hash2(a, alen, sg, slen), a, alen, sg, slen)];
}

static int
rehash(struct i40_series *s)
{
	size_t n = s->nslot * 2;
	long *slot = malloc(n * sizeof *slot);
	if (slot == NULL)
		return -1;
	memset(slot, 0xff, n * sizeof *slot);
	free(s->slot);
	s->slot = slot;
	s->nslot = n;
	for (size_t id = 0; id < s->n; id++) {
		size_t i = s->e[id].hash & (n - 1);
		while (slot[i] >= 0)
			i = (i + 1) & (n - 1);
		slot[i] = (long)id;
	}
	return 0;
}

long
i40_series_id(struct i40_series *s, const char *a, size_t alen, const char *sg, size_t slen, int *created)
{
	if (created)
		*created = 0;
	/* the hash first: interleaved series miss the last one, and a miss
	 * must not cost a comparison of the names */
	uint64_t h = hash2(a, alen, sg, slen);
	if (s->last >= 0 && s->e[s->last].hash == h && same(&s->e[s->last], a, alen, sg, slen))
		return s->last;
	size_t i = probe(s, h, a, alen, sg, slen);
	if (s->slot[i] >= 0)
		return s->last = s->slot[i];
	if (i40_int_grow((void **)&s->e, &s->cap, s->n + 1, sizeof *s->e) != 0)
		return -1;
	struct entry *e = &s->e[s->n];
	if ((e->asset = malloc(alen + slen + 2)) == NULL)
		return -1;
	memcpy(e->asset, a, alen);
	e->asset[alen] = '\0';
	e->signal = e->asset + alen + 1;
	memcpy(e->signal, sg, slen);
	e->signal[slen] = '\0';
	e->alen = alen;
	e->slen = slen;
	e->hash = h;
	s->slot[i] = (long)s->n++;
	if (created)
		*created = 1;
	long id = (long)s->n - 1;
	if (s->n * 2 > s->nslot && rehash(s) != 0)
		return -1;
	return s->last = id;
}

size_t
i40_series_count(const struct i40_series *s)
{
	return s->n;
}

const char *
i40_series_asset(const struct i40_series *s, long id)
{
	return s->e[id].asset;
}

const char *
i40_series_signal(const struct i40_series *s, long id)
{
	return s->e[id].signal;
}

static int
cmp_entries(const void *x, const void *y)
{
	const struct entry *a = *(const struct entry *const *)x, *b = *(const struct entry *const *)y;
	int c = strcmp(a->asset, b->asset);
	return c ? c : strcmp(a->signal, b->signal);
}

int
i40_series_sorted(const struct i40_series *s, long *ids)
{
	/* sort pointers to the entries: the comparison needs no context */
	const struct entry **p = malloc((s->n + 1) * sizeof *p);
	if (p == NULL)
		return -1;
	for (size_t i = 0; i < s->n; i++)
		p[i] = &s->e[i];
	qsort(p, s->n, sizeof *p, cmp_entries);
	for (size_t i = 0; i < s->n; i++)
		ids[i] = (long)(p[i] - s->e);
	free(p);
	return 0;
}
