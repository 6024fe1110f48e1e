/* cal.c - shift calendar and report periods in the plant's time zone.
 *
 * A shift is a local start and end time on some weekdays; one that ends
 * at or before its start crosses midnight and belongs to the date it
 * starts on (so a holiday on the 25th removes the night shift starting on
 * the 25th, not the one ending that morning).  Every local time becomes an
 * instant through i40_tz_from_local: a shift that spans a daylight-saving
 * change is an hour shorter or longer, and a time the change skips is read
 * with the offset before it, as everywhere in i40 (i40(7)).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cal.h"

struct shift {
	const char *name;
	int start, end;            /* seconds of the local day; end <= start: next day */
	unsigned days;             /* bit per weekday, 1 << 0 = Sunday */
	const char **assets;       /* NULL: every asset no shift names */
	size_t nassets;
	const struct i40_node *node;
};

struct brk {
	int start, end;            /* seconds of the local day; end <= start: next day */
	uint64_t shifts;           /* bit per shift it applies to */
};

struct pstop {
	int64_t from, to;          /* UTC ns */
	const char **assets;       /* NULL: every asset */
	size_t nassets;
};

struct i40_cal {
	const struct i40_tz *tz;
	struct shift *shifts;
	size_t nshifts;
	struct brk *breaks;
	size_t nbreaks;
	int64_t (*holidays)[2];    /* local date ranges, inclusive */
	size_t nholidays;
	struct pstop *stops;
	size_t nstops;
	const char **named;        /* assets some shift names */
	size_t nnamed;
	struct i40_arena arena;
};

#define MAX_SHIFTS 64

static const char *const day_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

void
i40_cal_free(struct i40_cal *cal)
{
	if (cal == NULL)
		return;
	i40_arena_free(&cal->arena);
	free(cal);
}

/* "06:00", "6:00", "22:30:15", and "24:00" as an end. */
static int
parse_clock(const struct i40_node *n, int allow_24, int *secs, struct i40_err *err)
{
	const char *s;
	int h, m, sec = 0, len = 0;

	if (i40_cfg_str(n, &s, err) != 0)
		return -1;
	if ((sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec, &len) == 3 && s[len] == '\0') ||
	    (sec = 0, len = 0, sscanf(s, "%2d:%2d%n", &h, &m, &len) == 2 && s[len] == '\0')) {
		if (isdigit((unsigned char)s[0]) && h >= 0 && m >= 0 && m < 60 && sec >= 0 && sec < 60 &&
		    (h < 24 || (allow_24 && h == 24 && m == 0 && sec == 0))) {
			*secs = (h * 3600 + m * 60 + sec) % 86400;
			return 0;
		}
	}
	return i40_cfg_error(n, err, "time of day \"%s\": expected HH:MM (00:00 to 23:59, or 24:00 as an end)", s);
}

static int
parse_weekday(const struct i40_node *n, const char *s, size_t len, int *wd, struct i40_err *err)
{
	char low[4];
	if (len >= 3) {
		for (int i = 0; i < 3; i++)
			low[i] = (char)tolower((unsigned char)s[i]);
		low[3] = '\0';
		for (int i = 0; i < 7; i++)
			if (strcmp(low, day_names[i]) == 0) {
				*wd = i;
				return 0;
			}
	}
	return i40_cfg_error(n, err, "day \"%.*s\": expected mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri",
			     (int)len, s);
}

/* One item of days: "mon", "mon-fri", "fri-mon" (wrapping), "daily". */
static int
parse_days_item(const struct i40_node *n, unsigned *mask, struct i40_err *err)
{
	const char *s;
	int a, b;

	if (i40_cfg_str(n, &s, err) != 0)
		return -1;
	if (strcmp(s, "daily") == 0 || strcmp(s, "all") == 0) {
		*mask |= 0x7f;
		return 0;
	}
	const char *dash = strchr(s, '-');
	if (parse_weekday(n, s, dash ? (size_t)(dash - s) : strlen(s), &a, err) != 0)
		return -1;
	if (dash == NULL) {
		*mask |= 1u << a;
		return 0;
	}
	if (parse_weekday(n, dash + 1, strlen(dash + 1), &b, err) != 0)
		return -1;
	for (int d = a;; d = (d + 1) % 7) {
		*mask |= 1u << d;
		if (d == b)
			break;
	}
	return 0;
}

static int
parse_days(const struct i40_node *n, unsigned *mask, struct i40_err *err)
{
	*mask = 0;
	if (n->kind == I40_NODE_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			if (parse_days_item(n->val[i], mask, err) != 0)
				return -1;
	} else if (parse_days_item(n, mask, err) != 0) {
		return -1;
	}
	if (*mask == 0)
		return i40_cfg_error(n, err, "a shift needs at least one day");
	return 0;
}

/* A list of names, or one name; not an empty list. */
static int
parse_names(struct i40_cal *cal, const struct i40_node *n, const char ***out, size_t *nout, struct i40_err *err)
{
	if (i40_arena_names(&cal->arena, n, out, nout, err) != 0)
		return -1;
	return *nout ? 0 : i40_cfg_error(n, err, "an empty list");
}

static int
has_name(const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return 1;
	return 0;
}

static int
parse_shift(struct i40_cal *cal, const struct i40_node *n, struct shift *sh, struct i40_err *err)
{
	static const char *const keys[] = {"name", "start", "end", "days", "assets", NULL};
	const struct i40_node *v;

	if (i40_cfg_check_keys(n, keys, "a shift", err) != 0)
		return -1;
	sh->node = n;
	sh->days = 0x7f;
	if ((v = i40_cfg_get(n, "name")) == NULL)
		return i40_cfg_error(n, err, "a shift needs a name (it labels --by shift periods)");
	if (i40_cfg_str(v, &sh->name, err) != 0)
		return -1;
	if (sh->name[0] == '\0' || strpbrk(sh->name, ",/\"\n"))
		return i40_cfg_error(v, err, "shift name \"%s\": use letters and digits", sh->name);
	if ((v = i40_cfg_get(n, "start")) == NULL)
		return i40_cfg_error(n, err, "shift %s needs a start (HH:MM)", sh->name);
	if (parse_clock(v, 0, &sh->start, err) != 0)
		return -1;
	if ((v = i40_cfg_get(n, "end")) == NULL)
		return i40_cfg_error(n, err, "shift %s needs an end (HH:MM)", sh->name);
	if (parse_clock(v, 1, &sh->end, err) != 0)
		return -1;
	if ((v = i40_cfg_get(n, "days")) && parse_days(v, &sh->days, err) != 0)
		return -1;
	if ((v = i40_cfg_get(n, "assets")) && parse_names(cal, v, &sh->assets, &sh->nassets, err) != 0)
		return -1;
	return 0;
}

/* Seconds from the start of the shift's first weekday, over two weeks. */
static int
shift_len(const struct shift *s)
{
	return s->end > s->start ? s->end - s->start : s->end - s->start + 86400;
}

static int
shifts_share_assets(const struct i40_cal *cal, const struct shift *a, const struct shift *b)
{
	if (a->assets == NULL && b->assets == NULL)
		return 1;
	if (a->assets == NULL || b->assets == NULL) {
		/* the listed assets of one are never under the other */
		(void)cal;
		return 0;
	}
	for (size_t i = 0; i < a->nassets; i++)
		if (has_name(b->assets, b->nassets, a->assets[i]))
			return 1;
	return 0;
}

/* Two shifts of one asset must not overlap in any week (local time). */
static int
check_overlaps(const struct i40_cal *cal, struct i40_err *err)
{
	const int week = 7 * 86400;
	for (size_t i = 0; i < cal->nshifts; i++)
		for (size_t j = i + 1; j < cal->nshifts; j++) {
			const struct shift *a = &cal->shifts[i], *b = &cal->shifts[j];
			if (!shifts_share_assets(cal, a, b))
				continue;
			for (int da = 0; da < 7; da++) {
				if (!(a->days & (1u << da)))
					continue;
				for (int db = 0; db < 7; db++) {
					if (!(b->days & (1u << db)))
						continue;
					int a0 = da * 86400 + a->start, a1 = a0 + shift_len(a);
					for (int wrap = -1; wrap <= 1; wrap++) {
						int b0 = db * 86400 + b->start + wrap * week, b1 = b0 + shift_len(b);
						if (a0 < b1 && b0 < a1)
							return i40_cfg_error(b->node, err,
									     "shift %s overlaps shift %s on %s: "
									     "an asset works one shift at a time",
									     b->name, a->name, day_names[db]);
					}
				}
			}
		}
	return 0;
}

static int
parse_break(struct i40_cal *cal, const struct i40_node *n, struct brk *b, struct i40_err *err)
{
	static const char *const keys[] = {"start", "end", "shifts", NULL};
	const struct i40_node *v;

	if (i40_cfg_check_keys(n, keys, "a break", err) != 0)
		return -1;
	if ((v = i40_cfg_get(n, "start")) == NULL || parse_clock(v, 0, &b->start, err) != 0)
		return v ? -1 : i40_cfg_error(n, err, "a break needs a start (HH:MM)");
	if ((v = i40_cfg_get(n, "end")) == NULL || parse_clock(v, 1, &b->end, err) != 0)
		return v ? -1 : i40_cfg_error(n, err, "a break needs an end (HH:MM)");
	if (b->end == b->start)
		return i40_cfg_error(n, err, "a break of no length (start = end)");
	b->shifts = 0;
	if ((v = i40_cfg_get(n, "shifts")) == NULL) {
		b->shifts = ~(uint64_t)0;
		return 0;
	}
	const char **names;
	size_t nnames;
	if (parse_names(cal, v, &names, &nnames, err) != 0)
		return -1;
	for (size_t i = 0; i < nnames; i++) {
		size_t k;
		for (k = 0; k < cal->nshifts && strcmp(cal->shifts[k].name, names[i]) != 0; k++)
			;
		if (k == cal->nshifts)
			return i40_cfg_error(v, err, "break names shift \"%s\", which is not under shifts", names[i]);
		b->shifts |= (uint64_t)1 << k;
	}
	return 0;
}

/* "2024-12-25" or "2024-12-24..2024-12-26" (inclusive). */
static int
parse_holiday(const struct i40_node *n, int64_t range[2], struct i40_err *err)
{
	const char *s;
	int y[2], m[2], d[2], len = 0;

	if (i40_cfg_str(n, &s, err) != 0)
		return -1;
	int k = sscanf(s, "%4d-%2d-%2d%n", &y[0], &m[0], &d[0], &len);
	if (k == 3 && s[len] == '\0') {
		y[1] = y[0], m[1] = m[0], d[1] = d[0];
	} else if (!(k == 3 && strncmp(s + len, "..", 2) == 0 &&
		     sscanf(s + len + 2, "%4d-%2d-%2d%n", &y[1], &m[1], &d[1], &k) == 3 && s[len + 2 + k] == '\0')) {
		return i40_cfg_error(n, err, "holiday \"%s\": expected a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD", s);
	}
	for (int i = 0; i < 2; i++) {
		range[i] = i40_days_from_civil(y[i], m[i], d[i]);
		int yy, mm, dd;
		i40_civil_from_days(range[i], &yy, &mm, &dd);
		if (yy != y[i] || mm != m[i] || dd != d[i])
			return i40_cfg_error(n, err, "holiday \"%s\": no such date", s);
	}
	if (range[1] < range[0])
		return i40_cfg_error(n, err, "holiday range \"%s\" ends before it starts", s);
	return 0;
}

static int
parse_instant(const struct i40_cal *cal, const struct i40_node *n, int64_t *ns, struct i40_err *err)
{
	struct i40_tparse tp;
	struct i40_err e;
	const char *s;

	if (i40_cfg_str(n, &s, err) != 0)
		return -1;
	if (i40_tparse_init(&tp, "iso", cal->tz, &e) != 0 || i40_tparse(&tp, s, strlen(s), ns, NULL, &e) != 0)
		return i40_cfg_error(n, err, "\"%s\": expected a local date and time such as 2024-08-05 06:00", s);
	return 0;
}

static int
parse_stop(struct i40_cal *cal, const struct i40_node *n, struct pstop *p, struct i40_err *err)
{
	static const char *const keys[] = {"from", "to", "assets", "reason", NULL};
	const struct i40_node *v;

	if (i40_cfg_check_keys(n, keys, "a planned stop", err) != 0)
		return -1;
	if ((v = i40_cfg_get(n, "from")) == NULL || parse_instant(cal, v, &p->from, err) != 0)
		return v ? -1 : i40_cfg_error(n, err, "a planned stop needs from (a local time)");
	if ((v = i40_cfg_get(n, "to")) == NULL || parse_instant(cal, v, &p->to, err) != 0)
		return v ? -1 : i40_cfg_error(n, err, "a planned stop needs to (a local time)");
	if (p->to <= p->from)
		return i40_cfg_error(v, err, "a planned stop must end after it starts");
	if ((v = i40_cfg_get(n, "assets")) && parse_names(cal, v, &p->assets, &p->nassets, err) != 0)
		return -1;
	const char *reason;
	if ((v = i40_cfg_get(n, "reason")) && i40_cfg_str(v, &reason, err) != 0)
		return -1;
	return 0;
}

/* Parse the list under key with fn into an array of size elements. */
static int
parse_list(struct i40_cal *cal, const struct i40_node *node, const char *key, size_t size, void **out, size_t *n,
	   struct i40_err *err)
{
	const struct i40_node *list = i40_cfg_get(node, key);
	*n = 0;
	if (list == NULL || list->is_null)
		return 0;
	if (i40_cfg_expect(list, I40_NODE_SEQ, key, err) != 0)
		return -1;
	if ((*out = i40_arena_alloc(&cal->arena, list->n, size)) == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < list->n; i++) {
		const struct i40_node *item = list->val[i];
		char *elem = (char *)*out + i * size;
		int rc = strcmp(key, "shifts") == 0 ? parse_shift(cal, item, (struct shift *)(void *)elem, err) :
			 strcmp(key, "breaks") == 0 ? parse_break(cal, item, (struct brk *)(void *)elem, err) :
			 strcmp(key, "holidays") == 0 ? parse_holiday(item, (int64_t *)(void *)elem, err) :
			 parse_stop(cal, item, (struct pstop *)(void *)elem, err);
		if (rc != 0)
			return -1;
		(*n)++;
	}
	return 0;
}

struct i40_cal *
i40_cal_new(const struct i40_node *node, const struct i40_tz *tz, struct i40_err *err)
{
	static const char *const keys[] = {"shifts", "breaks", "holidays", "planned_stops", NULL};
	struct i40_cal *cal = calloc(1, sizeof *cal);
	void *v;

	if (cal == NULL) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	cal->tz = tz;
	if (node && !node->is_null && i40_cfg_check_keys(node, keys, "the calendar", err) != 0)
		goto fail;
	if (node && node->is_null)
		node = NULL;
	if (parse_list(cal, node, "shifts", sizeof(struct shift), &v, &cal->nshifts, err) != 0)
		goto fail;
	cal->shifts = v;
	if (cal->nshifts > MAX_SHIFTS) {
		i40_cfg_error(i40_cfg_get(node, "shifts"), err, "at most %d shifts", MAX_SHIFTS);
		goto fail;
	}
	if (cal->nshifts == 0) {
		/* no shifts: every hour of every day is planned */
		if ((cal->shifts = i40_arena_alloc(&cal->arena, 1, sizeof *cal->shifts)) == NULL)
			goto nomem;
		cal->shifts[0] = (struct shift){.name = "day", .start = 0, .end = 0, .days = 0x7f};
		cal->nshifts = 1;
	}
	for (size_t i = 0; i < cal->nshifts; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(cal->shifts[i].name, cal->shifts[j].name) == 0) {
				i40_cfg_error(cal->shifts[i].node, err, "two shifts named %s", cal->shifts[i].name);
				goto fail;
			}
	if (check_overlaps(cal, err) != 0)
		goto fail;
	for (size_t i = 0; i < cal->nshifts; i++)
		for (size_t k = 0; k < cal->shifts[i].nassets; k++) {
			if (has_name(cal->named, cal->nnamed, cal->shifts[i].assets[k]))
				continue;
			const char **nv = i40_arena_alloc(&cal->arena, cal->nnamed + 1, sizeof *nv);
			if (nv == NULL)
				goto nomem;
			if (cal->nnamed)
				memcpy(nv, cal->named, cal->nnamed * sizeof *nv);
			nv[cal->nnamed++] = cal->shifts[i].assets[k];
			cal->named = nv;
		}
	if (parse_list(cal, node, "breaks", sizeof(struct brk), &v, &cal->nbreaks, err) != 0)
		goto fail;
	cal->breaks = v;
	if (parse_list(cal, node, "holidays", sizeof(int64_t[2]), &v, &cal->nholidays, err) != 0)
		goto fail;
	cal->holidays = v;
	if (parse_list(cal, node, "planned_stops", sizeof(struct pstop), &v, &cal->nstops, err) != 0)
		goto fail;
	cal->stops = v;
	return cal;
nomem:
	i40_err_set(err, I40_ERR_NOMEM, "out of memory");
fail:
	i40_cal_free(cal);
	return NULL;
}

size_t
i40_cal_nshifts(const struct i40_cal *cal)
{
	return cal->nshifts;
}

const char *
i40_cal_shift_name(const struct i40_cal *cal, int shift)
{
	return shift >= 0 && (size_t)shift < cal->nshifts ? cal->shifts[shift].name : "";
}

int64_t
i40_cal_local_day(const struct i40_tz *tz, int64_t t)
{
	int64_t sec = t / I40_NS_PER_SEC - (t % I40_NS_PER_SEC < 0);
	int64_t local = sec + i40_tz_offset(tz, sec);
	return local / 86400 - (local % 86400 < 0);
}

/* UTC ns of local time secs (seconds of the day, may exceed a day) on date day. */
static int64_t
local_instant(const struct i40_tz *tz, int64_t day, int64_t secs)
{
	enum i40_local_kind kind;
	return i40_tz_from_local(tz, day * 86400 + secs, INT64_MIN, &kind) * I40_NS_PER_SEC;
}

int64_t
i40_cal_midnight(const struct i40_tz *tz, int64_t day)
{
	return local_instant(tz, day, 0);
}

static int
is_holiday(const struct i40_cal *cal, int64_t day)
{
	for (size_t i = 0; i < cal->nholidays; i++)
		if (day >= cal->holidays[i][0] && day <= cal->holidays[i][1])
			return 1;
	return 0;
}

static int
shift_applies(const struct i40_cal *cal, const struct shift *s, const char *asset)
{
	if (s->assets)
		return has_name(s->assets, s->nassets, asset);
	return !has_name(cal->named, cal->nnamed, asset);
}

static void
min_after(int64_t *end, int64_t x, int64_t t)
{
	if (x > t && x < *end)
		*end = x;
}

void
i40_cal_at(const struct i40_cal *cal, const char *asset, int64_t t, struct i40_cal_seg *seg)
{
	int64_t day = i40_cal_local_day(cal->tz, t);
	int64_t end = i40_cal_midnight(cal->tz, day + 2);

	memset(seg, 0, sizeof *seg);
	seg->kind = I40_CAL_OFF;
	seg->shift = -1;
	/* A shift is at most a day long, so those starting the day before,
	 * the day itself and the day after hold t or the next change. */
	for (int64_t d = day - 1; d <= day + 1; d++) {
		if (is_holiday(cal, d))
			continue;
		unsigned wd = 1u << i40_weekday(d);
		for (size_t i = 0; i < cal->nshifts; i++) {
			const struct shift *s = &cal->shifts[i];
			if (!(s->days & wd) || !shift_applies(cal, s, asset))
				continue;
			int64_t S = local_instant(cal->tz, d, s->start);
			int64_t E = local_instant(cal->tz, d + (s->end <= s->start), s->end);
			if (S <= t && t < E && seg->shift < 0) {
				seg->kind = I40_CAL_WORK;
				seg->shift = (int)i;
				seg->shift_start = S;
				seg->shift_end = E;
				seg->shift_day = d;
			}
			min_after(&end, S, t);
			min_after(&end, E, t);
		}
	}
	if (seg->shift >= 0) {
		const struct shift *s = &cal->shifts[seg->shift];
		int crosses = s->end <= s->start;
		for (size_t i = 0; i < cal->nbreaks; i++) {
			const struct brk *b = &cal->breaks[i];
			if (!(b->shifts & ((uint64_t)1 << seg->shift)))
				continue;
			int64_t bd = seg->shift_day + (crosses && b->start < s->start);
			int64_t B0 = local_instant(cal->tz, bd, b->start);
			int64_t B1 = local_instant(cal->tz, bd + (b->end <= b->start), b->end);
			if (B0 < seg->shift_start)
				B0 = seg->shift_start;
			if (B1 > seg->shift_end)
				B1 = seg->shift_end;
			if (B0 >= B1)
				continue;
			if (B0 <= t && t < B1)
				seg->kind = I40_CAL_BREAK;
			min_after(&end, B0, t);
			min_after(&end, B1, t);
		}
		for (size_t i = 0; i < cal->nstops; i++) {
			const struct pstop *p = &cal->stops[i];
			if (p->assets && !has_name(p->assets, p->nassets, asset))
				continue;
			if (p->from <= t && t < p->to)
				seg->kind = I40_CAL_BREAK;
			min_after(&end, p->from, t);
			min_after(&end, p->to, t);
		}
	}
	seg->end = end;
}

/* ---- periods ---- */

static const char *const by_names[] = {"shift", "day", "week", "month"};

int
i40_by_parse(const char *s, enum i40_by *by)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, by_names[i]) == 0) {
			*by = (enum i40_by)i;
			return 0;
		}
	return -1;
}

const char *
i40_by_name(enum i40_by by)
{
	return by_names[by];
}

void
i40_cal_period(const struct i40_tz *tz, enum i40_by by, int64_t t, int64_t *start, int64_t *end, char *label)
{
	int64_t day = i40_cal_local_day(tz, t), first, next;
	int y, m, d;

	i40_civil_from_days(day, &y, &m, &d);
	if (by == I40_BY_MONTH) {
		first = i40_days_from_civil(y, m, 1);
		next = i40_days_from_civil(m == 12 ? y + 1 : y, m % 12 + 1, 1);
		snprintf(label, I40_CAL_LABEL_MAX, "%04d-%02d", y, m);
	} else if (by == I40_BY_WEEK) {
		first = day - (i40_weekday(day) + 6) % 7;   /* Monday */
		next = first + 7;
		/* ISO 8601: the week belongs to the year of its Thursday */
		int ty, tm, td;
		i40_civil_from_days(first + 3, &ty, &tm, &td);
		long week = (long)((first + 3 - i40_days_from_civil(ty, 1, 1)) / 7 + 1);
		snprintf(label, I40_CAL_LABEL_MAX, "%04d-W%02ld", ty, week);
	} else {
		first = day;
		next = day + 1;
		snprintf(label, I40_CAL_LABEL_MAX, "%04d-%02d-%02d", y, m, d);
	}
	*start = i40_cal_midnight(tz, first);
	*end = i40_cal_midnight(tz, next);
}

int
i40_cal_when(const char *s, const struct i40_tz *tz, int64_t now, int64_t *ns, struct i40_err *err)
{
	struct i40_tparse tp;
	if (strcmp(s, "today") == 0 || strcmp(s, "yesterday") == 0) {
		*ns = i40_cal_midnight(tz, i40_cal_local_day(tz, now) - (s[0] == 'y'));
		return 0;
	}
	if (i40_tparse_init(&tp, "iso", tz, err) != 0 || i40_tparse(&tp, s, strlen(s), ns, NULL, err) != 0)
		return i40_err_set(err, I40_ERR_CONFIG, "\"%s\": expected a date or time such as 2024-10-27 or "
				   "2024-10-27T06:00, or yesterday, today", s);
	return 0;
}

void
i40_cal_shift_label(const struct i40_cal *cal, const struct i40_cal_seg *seg, char *label)
{
	int y, m, d;
	i40_civil_from_days(seg->shift_day, &y, &m, &d);
	snprintf(label, I40_CAL_LABEL_MAX, "%04d-%02d-%02d/%s", y, m, d, i40_cal_shift_name(cal, seg->shift));
}
