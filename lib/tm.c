/* tm.c - time parsing, formatting and IANA time zones.
 *
 * Plants write time in every way a spreadsheet or a PLC allows; the record
 * stream carries one: UTC, ISO 8601, fixed width.  Zones are read from the
 * system's compiled tzdata (TZif, RFC 8536) and its POSIX rule footer, not
 * through setenv("TZ") + mktime(), because that is process-global state,
 * slow per record, and hides whether a local time fell in a daylight-saving
 * gap or a repeated hour; here the caller is told and decides.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i40_int.h"
#include "tm.h"

/* ---- civil calendar (proleptic Gregorian; after H. Hinnant's
 * days_from_civil / civil_from_days derivation) ---- */

int64_t
i40_days_from_civil(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
i40_civil_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);

	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

int
i40_weekday(int64_t days)
{
	int64_t w = (days + 4) % 7;   /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

int64_t
i40_civil_to_ns(const struct i40_civil *c)
{
	int64_t days = i40_days_from_civil(c->year, c->month, c->day);
	return ((days * 86400 + c->hour * 3600 + c->min * 60 + c->sec) * I40_NS_PER_SEC) + c->nsec;
}

void
i40_ns_to_civil(int64_t ns, struct i40_civil *c)
{
	int64_t sec = i40_int_floor_div(ns, I40_NS_PER_SEC);
	int64_t days = i40_int_floor_div(sec, 86400);
	int64_t sod = sec - days * 86400;

	int64_t frac = ns % I40_NS_PER_SEC;   /* not ns - sec * 1e9: overflows near INT64_MIN */

	c->nsec = (long)(frac < 0 ? frac + I40_NS_PER_SEC : frac);
	i40_civil_from_days(days, &c->year, &c->month, &c->day);
	c->hour = (int)(sod / 3600);
	c->min = (int)(sod / 60 % 60);
	c->sec = (int)(sod % 60);
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* ---- time zones ---- */

/* A POSIX TZ rule date: Jn (1-365, no Feb 29), n (0-365), Mm.w.d. */
struct rule_date {
	char kind;          /* 'J', 'N' or 'M' */
	int n, m, w, d;
	long time;          /* seconds after local midnight; may be <0 or >24h */
};

struct posix_rule {
	long std_off, dst_off;     /* east-positive seconds */
	int has_dst;
	struct rule_date start, end;
};

struct i40_tz {
	char name[64];
	int64_t *trans;            /* transition instants, UTC seconds */
	unsigned char *type_of;    /* local time type after each transition */
	size_t ntrans;
	long *utoff;               /* per local time type */
	size_t ntypes;
	int has_rule;              /* footer rule for instants after the table */
	struct posix_rule rule;
};

static const char *
parse_rule_name(const char *p)
{
	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		return *p ? p + 1 : NULL;
	}
	const char *s = p;
	while (isalpha((unsigned char)*p))
		p++;
	return p - s >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] -> seconds; returns end or NULL. */
static const char *
parse_rule_hms(const char *p, long *out)
{
	int sign = 1;
	long h = 0, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p))
		h = h * 10 + (*p++ - '0');
	if (*p == ':') {
		p++;
		while (isdigit((unsigned char)*p))
			m = m * 10 + (*p++ - '0');
		if (*p == ':') {
			p++;
			while (isdigit((unsigned char)*p))
				s = s * 10 + (*p++ - '0');
		}
	}
	if (h > 167 || m > 59 || s > 59)
		return NULL;
	*out = sign * (h * 3600 + m * 60 + s);
	return p;
}

static const char *
parse_rule_date(const char *p, struct rule_date *d)
{
	memset(d, 0, sizeof *d);
	d->time = 7200;
	if (*p == 'J') {
		d->kind = 'J';
		d->n = (int)strtol(p + 1, (char **)&p, 10);
		if (d->n < 1 || d->n > 365)
			return NULL;
	} else if (*p == 'M') {
		d->kind = 'M';
		d->m = (int)strtol(p + 1, (char **)&p, 10);
		if (*p++ != '.')
			return NULL;
		d->w = (int)strtol(p, (char **)&p, 10);
		if (*p++ != '.')
			return NULL;
		d->d = (int)strtol(p, (char **)&p, 10);
		if (d->m < 1 || d->m > 12 || d->w < 1 || d->w > 5 || d->d < 0 || d->d > 6)
			return NULL;
	} else if (isdigit((unsigned char)*p)) {
		d->kind = 'N';
		d->n = (int)strtol(p, (char **)&p, 10);
		if (d->n > 365)
			return NULL;
	} else {
		return NULL;
	}
	if (*p == '/')
		return parse_rule_hms(p + 1, &d->time);
	return p;
}

/* "CET-1CEST,M3.5.0,M10.5.0/3" and friends. */
static int
parse_posix_rule(const char *p, struct posix_rule *r)
{
	long off;

	memset(r, 0, sizeof *r);
	if (!(p = parse_rule_name(p)) || !(p = parse_rule_hms(p, &off)))
		return -1;
	r->std_off = -off;
	if (*p == '\0')
		return 0;
	if (!(p = parse_rule_name(p)))
		return -1;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if (!(p = parse_rule_hms(p, &off)))
			return -1;
		r->dst_off = -off;
	}
	if (*p == '\0') {   /* POSIX default: US rules */
		parse_rule_date("M3.2.0", &r->start);
		parse_rule_date("M11.1.0", &r->end);
		return 0;
	}
	if (*p++ != ',' || !(p = parse_rule_date(p, &r->start)) || *p++ != ',' ||
	    !(p = parse_rule_date(p, &r->end)) || *p != '\0')
		return -1;
	return 0;
}

/* Local seconds (as if UTC) of a rule date in a year. */
static int64_t
rule_local(const struct rule_date *d, int year)
{
	int64_t days;

	if (d->kind == 'J') {
		days = i40_days_from_civil(year, 1, 1) + d->n - 1;
		if (is_leap(year) && d->n >= 60)
			days++;
	} else if (d->kind == 'N') {
		days = i40_days_from_civil(year, 1, 1) + d->n;
	} else {
		int64_t first = i40_days_from_civil(year, d->m, 1);
		int delta = (d->d - i40_weekday(first) + 7) % 7;
		int64_t day = first + delta + 7 * (d->w - 1);
		while (d->w == 5 && day >= first + days_in_month(year, d->m))
			day -= 7;
		days = day;
	}
	return days * 86400 + d->time;
}

static long
rule_offset(const struct posix_rule *r, int64_t utc)
{
	int y, m, d;

	if (!r->has_dst)
		return r->std_off;
	i40_civil_from_days(i40_int_floor_div(utc + r->std_off, 86400), &y, &m, &d);
	int64_t start = rule_local(&r->start, y) - r->std_off;
	int64_t end = rule_local(&r->end, y) - r->dst_off;
	if (start < end)
		return (utc >= start && utc < end) ? r->dst_off : r->std_off;
	return (utc >= end && utc < start) ? r->std_off : r->dst_off;
}

static uint64_t
be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static int
valid_zone_name(const char *name)
{
	if (!*name || *name == '/' || strstr(name, "..") || strlen(name) >= 64)
		return 0;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return 0;
	return 1;
}

/* Parse a TZif file image (version 2 or later: 64-bit section + footer). */
static int
load_tzif(struct i40_tz *tz, const unsigned char *buf, size_t len)
{
	if (len < 44 || memcmp(buf, "TZif", 4) != 0)
		return -1;
	const unsigned char *p = buf;
	int pass64 = buf[4] >= '2';
	for (int pass = 0; pass < 2; pass++) {
		if ((size_t)(p - buf) + 44 > len || memcmp(p, "TZif", 4) != 0)
			return -1;
		size_t isut = be(p + 20, 4), isstd = be(p + 24, 4), leap = be(p + 28, 4);
		size_t timecnt = be(p + 32, 4), typecnt = be(p + 36, 4), charcnt = be(p + 40, 4);
		int tsz = pass == 0 ? 4 : 8;
		size_t need = timecnt * tsz + timecnt + typecnt * 6 + charcnt +
			      leap * (tsz + 4) + isstd + isut;
		p += 44;
		if (typecnt == 0 || (size_t)(p - buf) + need > len || timecnt > 100000 || typecnt > 256)
			return -1;
		if (pass == 0 && pass64) {
			p += need;
			continue;
		}
		tz->trans = malloc((timecnt + 1) * sizeof *tz->trans);
		tz->type_of = malloc(timecnt + 1);
		tz->utoff = malloc(typecnt * sizeof *tz->utoff);
		if (!tz->trans || !tz->type_of || !tz->utoff)
			return -1;
		for (size_t i = 0; i < timecnt; i++)
			tz->trans[i] = tsz == 4 ? (int32_t)be(p + 4 * i, 4) : (int64_t)be(p + 8 * i, 8);
		p += timecnt * tsz;
		for (size_t i = 0; i < timecnt; i++) {
			tz->type_of[i] = p[i];
			if (p[i] >= typecnt)
				return -1;
		}
		p += timecnt;
		for (size_t i = 0; i < typecnt; i++)
			tz->utoff[i] = (int32_t)be(p + 6 * i, 4);
		p += typecnt * 6 + charcnt + leap * (tsz + 4) + isstd + isut;
		tz->ntrans = timecnt;
		tz->ntypes = typecnt;
		break;
	}
	if (pass64 && (size_t)(p - buf) < len && *p == '\n') {
		char footer[128];
		size_t n = 0;
		p++;
		while ((size_t)(p - buf) < len && *p != '\n' && n + 1 < sizeof footer)
			footer[n++] = (char)*p++;
		footer[n] = '\0';
		if (n > 0 && parse_posix_rule(footer, &tz->rule) == 0)
			tz->has_rule = 1;
	}
	return 0;
}

struct i40_tz *
i40_tz_load(const char *name, struct i40_err *err)
{
	struct i40_tz *tz = calloc(1, sizeof *tz);

	if (tz == NULL) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	snprintf(tz->name, sizeof tz->name, "%s", name);
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Z") == 0 || strcmp(name, "Etc/UTC") == 0)
		return tz;
	if (!valid_zone_name(name)) {
		i40_err_set(err, I40_ERR_CONFIG, "time zone \"%s\" is not an IANA zone name like Europe/Rome", name);
		free(tz);
		return NULL;
	}
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0;
	if (fp) {
		buf = malloc(1 << 20);
		if (buf)
			len = fread(buf, 1, 1 << 20, fp);
		fclose(fp);
	}
	if (!buf || len == 0 || load_tzif(tz, buf, len) != 0) {
		if (fp)
			i40_err_set(err, I40_ERR_CONFIG, "time zone \"%s\": %s is not a valid tzdata file", name, path);
		else
			i40_err_set(err, I40_ERR_CONFIG, "unknown time zone \"%s\" (no %s; is tzdata installed?)", name, path);
		free(buf);
		i40_tz_free(tz);
		return NULL;
	}
	free(buf);
	return tz;
}

void
i40_tz_free(struct i40_tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->trans);
	free(tz->type_of);
	free(tz->utoff);
	free(tz);
}

const char *
i40_tz_name(const struct i40_tz *tz)
{
	return tz ? tz->name : "UTC";
}

long
i40_tz_offset(const struct i40_tz *tz, int64_t utc)
{
	if (tz == NULL || tz->ntypes == 0)
		return 0;
	if (tz->ntrans == 0 || utc < tz->trans[0])
		return tz->ntrans == 0 && tz->has_rule ? rule_offset(&tz->rule, utc) : tz->utoff[0];
	if (utc >= tz->trans[tz->ntrans - 1] && tz->has_rule)
		return rule_offset(&tz->rule, utc);
	size_t lo = 0, hi = tz->ntrans;   /* last transition <= utc */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tz->trans[mid] <= utc)
			lo = mid;
		else
			hi = mid;
	}
	return tz->utoff[tz->type_of[lo]];
}

int64_t
i40_tz_from_local(const struct i40_tz *tz, int64_t local, int64_t after_utc,
		  enum i40_local_kind *kind)
{
	/* The offsets a day either side cover any single transition. */
	long before = i40_tz_offset(tz, local - 86400);
	long after = i40_tz_offset(tz, local + 86400);
	int64_t u1 = local - before, u2 = local - after;
	int ok1 = i40_tz_offset(tz, u1) == before;
	int ok2 = i40_tz_offset(tz, u2) == after;

	*kind = I40_LOCAL_OK;
	if (ok1 && ok2 && u1 != u2) {
		int64_t early = u1 < u2 ? u1 : u2, late = u1 < u2 ? u2 : u1;
		*kind = I40_LOCAL_REPEATED;
		return (after_utc != INT64_MIN && early < after_utc && late >= after_utc) ? late : early;
	}
	if (ok1)
		return u1;
	if (ok2)
		return u2;
	*kind = I40_LOCAL_GAP;
	return u1;   /* the offset before the change: 02:30 reads as 03:30 DST */
}

/* ---- parsing ---- */

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

int
i40_tparse_init(struct i40_tparse *tp, const char *spec, const struct i40_tz *tz,
		struct i40_err *err)
{
	static const struct { const char *name; enum i40_tfmt fmt; } named[] = {
		{"auto", I40_TFMT_AUTO}, {"iso", I40_TFMT_ISO}, {"iso8601", I40_TFMT_ISO},
		{"epoch", I40_TFMT_EPOCH_S}, {"epoch_s", I40_TFMT_EPOCH_S},
		{"epoch_ms", I40_TFMT_EPOCH_MS}, {"epoch_us", I40_TFMT_EPOCH_US},
		{"epoch_ns", I40_TFMT_EPOCH_NS}, {"excel", I40_TFMT_EXCEL},
		{"dmy", I40_TFMT_DMY}, {"mdy", I40_TFMT_MDY},
	};

	memset(tp, 0, sizeof *tp);
	tp->tz = tz;
	tp->last_utc = INT64_MIN;
	if (spec == NULL || *spec == '\0')
		return 0;
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(spec, named[i].name) == 0) {
			tp->fmt = named[i].fmt;
			return 0;
		}
	if (strchr(spec, '%') == NULL)
		return i40_err_set(err, I40_ERR_CONFIG,
				   "time format \"%s\": expected auto, iso, epoch, epoch_ms, epoch_us, "
				   "epoch_ns, excel, dmy, mdy or a pattern such as \"%%d/%%m/%%Y %%H:%%M:%%S\"", spec);
	if (strlen(spec) >= sizeof tp->pattern)
		return i40_err_set(err, I40_ERR_CONFIG, "time format \"%s\" is too long", spec);
	for (const char *p = spec; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (!*p || !strchr("YmdeHIMSfpybBjzZsTF%", *p))
			return i40_err_set(err, I40_ERR_CONFIG, "time format \"%s\": unknown directive %%%c",
					   spec, *p ? *p : ' ');
	}
	tp->fmt = I40_TFMT_PATTERN;
	strcpy(tp->pattern, spec);
	return 0;
}

/* Fields gathered by the parsers before they become an instant. */
struct tfields {
	struct i40_civil c;
	int digits;         /* fractional digits seen */
	int has_zone;
	long zone_off;      /* seconds east, when has_zone */
	int pm;             /* -1 none, 0 AM, 1 PM */
	int yday;           /* day of year from %j, 0 = not given */
};

/* Read 1..max digits; returns the count read. */
static int
digits_at(const char **pp, const char *end, int max, int *out)
{
	const char *p = *pp;
	int v = 0, n = 0;
	while (p < end && n < max && isdigit((unsigned char)*p)) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	*out = v;
	*pp = p;
	return n;
}

static int
fraction_at(const char **pp, const char *end, struct tfields *f)
{
	const char *p = *pp;
	long ns = 0;
	int n = 0;
	while (p < end && isdigit((unsigned char)*p)) {
		if (n < 9) {
			ns = ns * 10 + (*p - '0');
		}
		n++;
		p++;
	}
	if (n == 0)
		return -1;
	for (int i = n; i < 9; i++)
		ns *= 10;
	f->c.nsec = ns;
	f->digits = n > 9 ? 9 : n;
	*pp = p;
	return 0;
}

/* Zone: Z, UTC, GMT, +hh, +hhmm, +hh:mm. */
static int
zone_at(const char **pp, const char *end, struct tfields *f)
{
	const char *p = *pp;
	int h, m = 0;

	if (p < end && (*p == 'Z' || *p == 'z')) {
		f->has_zone = 1;
		f->zone_off = 0;
		*pp = p + 1;
		return 0;
	}
	if (end - p >= 3 && (strncmp(p, "UTC", 3) == 0 || strncmp(p, "GMT", 3) == 0)) {
		f->has_zone = 1;
		f->zone_off = 0;
		*pp = p + 3;
		return 0;
	}
	if (p >= end || (*p != '+' && *p != '-'))
		return -1;
	int sign = *p++ == '-' ? -1 : 1;
	if (digits_at(&p, end, 2, &h) != 2)
		return -1;
	if (p < end && *p == ':')
		p++;
	if (p < end && isdigit((unsigned char)*p) && digits_at(&p, end, 2, &m) != 2)
		return -1;
	if (h > 23 || m > 59)
		return -1;
	f->has_zone = 1;
	f->zone_off = sign * (h * 3600L + m * 60L);
	*pp = p;
	return 0;
}

static int
check_fields(const struct tfields *f)
{
	const struct i40_civil *c = &f->c;
	if (c->year < 1 || c->year > 9999 || c->month < 1 || c->month > 12 ||
	    c->day < 1 || c->day > days_in_month(c->year, c->month) ||
	    c->hour > 23 || c->min > 59 || c->sec > 60)
		return -1;
	return 0;
}

/* Seconds and nanoseconds to ns; -1 beyond what int64 ns hold
 * (1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z). */
static int
sec_to_ns(int64_t sec, long nsec, int64_t *ns)
{
	const int64_t lo = i40_int_floor_div(INT64_MIN, I40_NS_PER_SEC), hi = INT64_MAX / I40_NS_PER_SEC;
	if (sec < lo || sec > hi || (sec == lo && nsec < INT64_MIN % I40_NS_PER_SEC + I40_NS_PER_SEC) ||
	    (sec == hi && nsec > INT64_MAX % I40_NS_PER_SEC))
		return -1;
	*ns = sec < 0 ? (sec + 1) * I40_NS_PER_SEC + (nsec - I40_NS_PER_SEC) : sec * I40_NS_PER_SEC + nsec;
	return 0;
}

/* Fields to an instant: zone given, or local time in tp->tz, or UTC. */
static int
fields_to_ns(struct i40_tparse *tp, struct tfields *f, int64_t *ns)
{
	if (f->pm >= 0) {
		if (f->c.hour < 1 || f->c.hour > 12)
			return -1;
		f->c.hour = f->c.hour % 12 + (f->pm ? 12 : 0);
	}
	if (f->yday > 0) {
		if (f->yday > (is_leap(f->c.year) ? 366 : 365))
			return -1;
		i40_civil_from_days(i40_days_from_civil(f->c.year, 1, 1) + f->yday - 1,
				    &f->c.year, &f->c.month, &f->c.day);
	}
	if (check_fields(f) != 0)
		return -1;
	int64_t local = i40_days_from_civil(f->c.year, f->c.month, f->c.day) * 86400 +
			f->c.hour * 3600 + f->c.min * 60 + f->c.sec;
	int64_t utc;
	if (f->has_zone) {
		utc = local - f->zone_off;
	} else if (tp->tz) {
		enum i40_local_kind kind;
		int64_t after = tp->last_utc == INT64_MIN ? INT64_MIN : i40_int_floor_div(tp->last_utc, I40_NS_PER_SEC);
		utc = i40_tz_from_local(tp->tz, local, after, &kind);
		tp->gaps += kind == I40_LOCAL_GAP;
		tp->repeats += kind == I40_LOCAL_REPEATED;
	} else {
		utc = local;
	}
	return sec_to_ns(utc, f->c.nsec, ns);
}

static void
fields_init(struct tfields *f)
{
	memset(f, 0, sizeof *f);
	f->c.year = 1970;
	f->c.month = 1;
	f->c.day = 1;
	f->pm = -1;
}

/* HH:MM[:SS[.fraction]] and the blanks after it; the hour has at least
 * min_hour_digits digits (ISO 8601: 2; spreadsheets write 6:05). */
static int
clock_at(const char **pp, const char *end, int min_hour_digits, struct tfields *f)
{
	const char *p = *pp;
	if (digits_at(&p, end, 2, &f->c.hour) < min_hour_digits || p >= end || *p++ != ':' ||
	    digits_at(&p, end, 2, &f->c.min) != 2)
		return -1;
	if (p < end && *p == ':') {
		p++;
		if (digits_at(&p, end, 2, &f->c.sec) != 2)
			return -1;
		if (p < end && (*p == '.' || *p == ',')) {
			p++;
			if (fraction_at(&p, end, f) != 0)
				return -1;
		}
	}
	while (p < end && *p == ' ')
		p++;
	*pp = p;
	return 0;
}

static int
parse_iso(const char *p, const char *end, struct tfields *f)
{
	if (digits_at(&p, end, 4, &f->c.year) != 4 || p >= end || *p++ != '-' ||
	    digits_at(&p, end, 2, &f->c.month) != 2 || p >= end || *p++ != '-' ||
	    digits_at(&p, end, 2, &f->c.day) != 2)
		return -1;
	if (p == end)
		return 0;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (clock_at(&p, end, 2, f) != 0)
		return -1;
	if (p < end && zone_at(&p, end, f) != 0)
		return -1;
	return p == end ? 0 : -1;
}

/* Day/month/year (or month/day/year) with an optional time and AM/PM. */
static int
parse_dmy(const char *p, const char *end, struct tfields *f, int month_first)
{
	int a, b;
	char sep;

	if (digits_at(&p, end, 2, &a) < 1 || p >= end || !strchr("/.-", *p))
		return -1;
	sep = *p++;
	if (digits_at(&p, end, 2, &b) < 1 || p >= end || *p++ != sep)
		return -1;
	int n = digits_at(&p, end, 4, &f->c.year);
	if (n == 2)
		f->c.year += f->c.year < 69 ? 2000 : 1900;
	else if (n != 4)
		return -1;
	f->c.day = month_first ? b : a;
	f->c.month = month_first ? a : b;
	if (p < end && (*p == ' ' || *p == 'T')) {
		while (p < end && (*p == ' ' || *p == 'T'))
			p++;
		if (clock_at(&p, end, 1, f) != 0)
			return -1;
		if (end - p >= 2 && (p[1] == 'M' || p[1] == 'm') && strchr("AaPp", p[0])) {
			f->pm = p[0] == 'P' || p[0] == 'p';
			p += 2;
		}
	}
	return p == end ? 0 : -1;
}

/* Epoch seconds/ms/us/ns with an optional fraction; unit by magnitude when
 * not given (integer digits: <=11 s, <=14 ms, <=17 us, else ns). */
static int
parse_epoch(const char *p, const char *end, enum i40_tfmt fmt, int64_t *ns, int *digits)
{
	int neg = 0, ndig = 0, nfrac = 0;
	int64_t ip = 0, fp = 0;   /* integer part, fraction scaled to 1e-9 */

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && isdigit((unsigned char)*p); p++, ndig++) {
		if (ip > (INT64_MAX - 9) / 10)
			return -1;
		ip = ip * 10 + (*p - '0');
	}
	if (p < end && *p == '.') {
		for (p++; p < end && isdigit((unsigned char)*p); p++, nfrac++)
			if (nfrac < 9)
				fp = fp * 10 + (*p - '0');
		if (nfrac == 0)
			return -1;
		for (int i = nfrac; i < 9; i++)
			fp *= 10;
	}
	if (ndig == 0 || p != end)
		return -1;
	if (fmt == I40_TFMT_AUTO) {
		if (ndig < 9)
			return -2;
		fmt = ndig <= 11 ? I40_TFMT_EPOCH_S : ndig <= 14 ? I40_TFMT_EPOCH_MS :
		      ndig <= 17 ? I40_TFMT_EPOCH_US : I40_TFMT_EPOCH_NS;
	}
	int64_t unit = fmt == I40_TFMT_EPOCH_S ? I40_NS_PER_SEC : fmt == I40_TFMT_EPOCH_MS ? 1000000 :
		       fmt == I40_TFMT_EPOCH_US ? 1000 : 1;
	int64_t frac = fp / (I40_NS_PER_SEC / unit);
	if (ip > (INT64_MAX - frac) / unit)
		return -1;
	int64_t v = ip * unit + frac;
	*ns = neg ? -v : v;
	/* digits of the second's fraction this value carries */
	int base = fmt == I40_TFMT_EPOCH_S ? 0 : fmt == I40_TFMT_EPOCH_MS ? 3 :
		   fmt == I40_TFMT_EPOCH_US ? 6 : 9;
	*digits = base + nfrac > 9 ? 9 : base + nfrac;
	if (base > 0 && nfrac == 0) {   /* 1700000000000 ms is whole seconds */
		int64_t sub = v % I40_NS_PER_SEC;
		*digits = sub == 0 ? 0 : sub % 1000000 == 0 ? 3 : sub % 1000 == 0 ? 6 : 9;
	}
	return 0;
}

static int
parse_pattern(const char *pat, const char *p, const char *end, struct tfields *f, int64_t *epoch_ns, int *has_epoch)
{
	int v;
	for (; *pat; pat++) {
		if (*pat == ' ') {
			while (p < end && isspace((unsigned char)*p))
				p++;
			continue;
		}
		if (*pat != '%') {
			if (p >= end || *p != *pat)
				return -1;
			p++;
			continue;
		}
		switch (*++pat) {
		case 'Y': if (digits_at(&p, end, 4, &f->c.year) != 4) return -1; break;
		case 'y':
			if (digits_at(&p, end, 2, &v) != 2) return -1;
			f->c.year = v + (v < 69 ? 2000 : 1900);
			break;
		case 'm': if (digits_at(&p, end, 2, &f->c.month) < 1) return -1; break;
		case 'e': while (p < end && *p == ' ') p++; /* fall through */
		case 'd': if (digits_at(&p, end, 2, &f->c.day) < 1) return -1; break;
		case 'I': /* fall through */
		case 'H': if (digits_at(&p, end, 2, &f->c.hour) < 1) return -1; break;
		case 'M': if (digits_at(&p, end, 2, &f->c.min) < 1) return -1; break;
		case 'S': if (digits_at(&p, end, 2, &f->c.sec) < 1) return -1; break;
		case 'j': if (digits_at(&p, end, 3, &f->yday) < 1 || f->yday < 1) return -1; break;
		case 'f': if (fraction_at(&p, end, f) != 0) return -1; break;
		case 'T':
			if (digits_at(&p, end, 2, &f->c.hour) < 1 || p >= end || *p++ != ':' ||
			    digits_at(&p, end, 2, &f->c.min) < 1 || p >= end || *p++ != ':' ||
			    digits_at(&p, end, 2, &f->c.sec) < 1)
				return -1;
			break;
		case 'F':
			if (digits_at(&p, end, 4, &f->c.year) != 4 || p >= end || *p++ != '-' ||
			    digits_at(&p, end, 2, &f->c.month) < 1 || p >= end || *p++ != '-' ||
			    digits_at(&p, end, 2, &f->c.day) < 1)
				return -1;
			break;
		case 'p':
			if (end - p < 2 || !strchr("AaPp", p[0]) || (p[1] != 'M' && p[1] != 'm'))
				return -1;
			f->pm = p[0] == 'P' || p[0] == 'p';
			p += 2;
			break;
		case 'b': case 'B': {
			int found = 0;
			for (int i = 0; i < 12 && !found; i++) {
				size_t full = strlen(month_names[i]);
				size_t n = (size_t)(end - p) >= full && strncasecmp(p, month_names[i], full) == 0 ? full :
					   (end - p >= 3 && strncasecmp(p, month_names[i], 3) == 0) ? 3 : 0;
				if (n) {
					f->c.month = i + 1;
					p += n;
					if (n == 3 && p < end && *p == '.')
						p++;
					found = 1;
				}
			}
			if (!found)
				return -1;
			break;
		}
		case 'z': if (zone_at(&p, end, f) != 0) return -1; break;
		case 'Z':
			if (zone_at(&p, end, f) != 0 || f->zone_off != 0)
				return -1;
			break;
		case 's': {
			const char *s = p;
			int d;
			while (p < end && (isdigit((unsigned char)*p) || (p == s && *p == '-')))
				p++;
			if (parse_epoch(s, p, I40_TFMT_EPOCH_S, epoch_ns, &d) != 0)
				return -1;
			*has_epoch = 1;
			break;
		}
		case '%': if (p >= end || *p++ != '%') return -1; break;
		default: return -1;
		}
	}
	return p == end ? 0 : -1;
}

#define D(c) ((unsigned)((c) - '0'))

/* The form i40 itself writes, YYYY-MM-DDTHH:MM:SS[.f...]Z, read without
 * the general parser; the day number of the last date is kept, as a
 * stream repeats its date for many records.  Anything else: -1. */
static int
iso_fast(struct i40_tparse *tp, const char *s, size_t len, int64_t *ns, int *digits)
{
	if (len < 20 || s[len - 1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	static const int pos[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
	for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++)
		if (D(s[pos[i]]) > 9)
			return -1;
	long nsec = 0;
	int nd = 0;
	if (len > 20) {
		if (s[19] != '.' || len - 21 > 9 || len == 21)
			return -1;
		for (size_t i = 20; i < len - 1; i++, nd++) {
			if (D(s[i]) > 9)
				return -1;
			nsec = nsec * 10 + (long)D(s[i]);
		}
		for (int i = nd; i < 9; i++)
			nsec *= 10;
	}
	int hour = (int)(D(s[11]) * 10 + D(s[12])), min = (int)(D(s[14]) * 10 + D(s[15]));
	int sec = (int)(D(s[17]) * 10 + D(s[18]));
	if (hour > 23 || min > 59 || sec > 60)
		return -1;
	if (memcmp(s, tp->date_text, 10) != 0) {
		int y = (int)(D(s[0]) * 1000 + D(s[1]) * 100 + D(s[2]) * 10 + D(s[3]));
		int m = (int)(D(s[5]) * 10 + D(s[6])), d = (int)(D(s[8]) * 10 + D(s[9]));
		if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
			return -1;
		tp->date_days = i40_days_from_civil(y, m, d);
		memcpy(tp->date_text, s, 10);
	}
	/* out of int64 ns: let the general parser reject it */
	if (sec_to_ns(tp->date_days * 86400 + hour * 3600 + min * 60 + sec, nsec, ns) != 0)
		return -1;
	if (digits)
		*digits = nd;
	return 0;
}

static int
time_error(struct i40_err *err, const char *s, size_t len, const char *expect)
{
	return i40_err_set(err, I40_ERR_DATA, "time \"%.*s\" is not %s", (int)(len > 60 ? 60 : len), s, expect);
}

int
i40_tparse(struct i40_tparse *tp, const char *s, size_t len, int64_t *ns, int *digits,
	   struct i40_err *err)
{
	struct tfields f;
	int d = 0, rc = -1;
	const char *end = s + len;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	len = (size_t)(end - s);
	if (len == 0)
		return i40_err_set(err, I40_ERR_DATA, "time is empty");
	if ((tp->fmt == I40_TFMT_AUTO || tp->fmt == I40_TFMT_ISO) && iso_fast(tp, s, len, ns, digits) == 0) {
		tp->last_utc = *ns;
		return 0;
	}
	fields_init(&f);
	enum i40_tfmt fmt = tp->fmt;
	if (fmt == I40_TFMT_AUTO) {
		if (len >= 10 && isdigit((unsigned char)s[0]) && s[4] == '-')
			fmt = I40_TFMT_ISO;
		else if (len >= 6 && (s[1] == '/' || s[2] == '/' || s[1] == '.' || s[2] == '.') &&
			 memchr(s, ':', len) != NULL)
			fmt = I40_TFMT_DMY;
		else if (len >= 6 && (s[1] == '/' || s[2] == '/'))
			fmt = I40_TFMT_DMY;
	}
	switch (fmt) {
	case I40_TFMT_AUTO:
		rc = parse_epoch(s, end, I40_TFMT_AUTO, ns, &d);
		if (rc == -2)
			return i40_err_set(err, I40_ERR_DATA,
					   "time \"%.*s\" is too small for epoch seconds (a spreadsheet serial date? "
					   "set the time format to excel)", (int)len, s);
		if (rc != 0)
			return time_error(err, s, len,
					  "ISO 8601 (2024-03-31T02:30:00Z), epoch seconds or d/m/y; set the time format");
		break;
	case I40_TFMT_ISO:
		if (parse_iso(s, end, &f) != 0 || fields_to_ns(tp, &f, ns) != 0)
			return time_error(err, s, len, "a valid ISO 8601 time (2024-03-31T02:30:00Z)");
		d = f.digits;
		break;
	case I40_TFMT_DMY:
	case I40_TFMT_MDY:
		if (parse_dmy(s, end, &f, fmt == I40_TFMT_MDY) != 0 || fields_to_ns(tp, &f, ns) != 0)
			return time_error(err, s, len, fmt == I40_TFMT_MDY ? "a valid m/d/y time" :
					  "a valid d/m/y time (for m/d/y set the time format to mdy)");
		d = f.digits;
		break;
	case I40_TFMT_EPOCH_S: case I40_TFMT_EPOCH_MS: case I40_TFMT_EPOCH_US: case I40_TFMT_EPOCH_NS:
		if (parse_epoch(s, end, fmt, ns, &d) != 0)
			return time_error(err, s, len, "an epoch number");
		break;
	case I40_TFMT_EXCEL: {
		char buf[64], *e;
		if (len >= sizeof buf)
			return time_error(err, s, len, "a spreadsheet serial date");
		memcpy(buf, s, len);
		buf[len] = '\0';
		errno = 0;
		double serial = strtod(buf, &e);
		if (*e || errno || !(serial >= 1 && serial < 2958466))
			return time_error(err, s, len, "a spreadsheet serial date (days since 1899-12-30)");
		/* to the millisecond, as spreadsheets store it */
		int64_t ms = (int64_t)llround((serial - 25569.0) * 86400000.0);
		int64_t sec = i40_int_floor_div(ms, 1000);
		if (sec > INT64_MAX / I40_NS_PER_SEC)
			return time_error(err, s, len, "a spreadsheet serial date before 2262-04-11");
		f.c.nsec = (long)(ms - sec * 1000) * 1000000;
		i40_ns_to_civil(sec * I40_NS_PER_SEC, &f.c);
		f.c.nsec = (long)(ms - sec * 1000) * 1000000;
		if (fields_to_ns(tp, &f, ns) != 0)
			return time_error(err, s, len, "a spreadsheet serial date");
		d = f.c.nsec ? 3 : 0;
		break;
	}
	case I40_TFMT_PATTERN: {
		int64_t epoch_ns = 0;
		int has_epoch = 0;
		if (parse_pattern(tp->pattern, s, end, &f, &epoch_ns, &has_epoch) != 0)
			return i40_err_set(err, I40_ERR_DATA, "time \"%.*s\" does not match the format \"%s\"",
					   (int)len, s, tp->pattern);
		if (has_epoch) {
			if (epoch_ns > INT64_MAX - f.c.nsec)
				return time_error(err, s, len, "an epoch time before 2262-04-11");
			*ns = epoch_ns + f.c.nsec;
		} else if (fields_to_ns(tp, &f, ns) != 0) {
			return time_error(err, s, len, "a valid date and time");
		}
		d = f.digits;
		break;
	}
	}
	tp->last_utc = *ns;
	if (digits)
		*digits = d;
	return 0;
}

/* ---- formatting ---- */

static char *
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

size_t
i40_tfmt(int64_t ns, int digits, char *buf)
{
	int64_t sec = i40_int_floor_div(ns, I40_NS_PER_SEC);
	long frac = (long)(ns % I40_NS_PER_SEC + (ns % I40_NS_PER_SEC < 0 ? I40_NS_PER_SEC : 0));
	int64_t days = i40_int_floor_div(sec, 86400);
	int sod = (int)(sec - days * 86400);
	int y, m, d;
	char *p = buf;

	i40_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return (size_t)snprintf(buf, I40_TS_MAXLEN, "%s", y < 0 ? "0000-01-01T00:00:00Z" : "9999-12-31T23:59:59Z");
	p = put2(put2(p, y / 100), y % 100);
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	p = put2(p, d);
	*p++ = 'T';
	p = put2(p, sod / 3600);
	*p++ = ':';
	p = put2(p, sod / 60 % 60);
	*p++ = ':';
	p = put2(p, sod % 60);
	if (digits > 0) {
		long div = 1;
		for (int i = digits; i < 9; i++)
			div *= 10;
		long v = frac / div;
		*p++ = '.';
		for (int i = digits - 1; i >= 0; i--) {
			p[i] = (char)('0' + v % 10);
			v /= 10;
		}
		p += digits;
	}
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - buf);
}

int
i40_tprec_for_digits(int digits)
{
	return digits <= 0 ? 0 : digits <= 3 ? 3 : digits <= 6 ? 6 : 9;
}

int
i40_duration_parse(const char *s, int64_t *ns, struct i40_err *err)
{
	static const struct { const char *unit; int64_t ns; } units[] = {
		{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"min", I40_NS_PER_MIN},
		{"s", I40_NS_PER_SEC}, {"m", I40_NS_PER_MIN}, {"h", I40_NS_PER_HOUR},
		{"d", I40_NS_PER_DAY}, {"w", 7 * I40_NS_PER_DAY},
	};
	const char *p = s;
	double total = 0;

	if (s == NULL || *s == '\0')
		return i40_err_set(err, I40_ERR_CONFIG, "empty duration");
	while (*p) {
		char *e;
		if (!isdigit((unsigned char)*p) && *p != '.')
			goto bad;
		double v = strtod(p, &e);
		if (e == p || !(v >= 0))
			goto bad;
		p = e;
		if (*p == '\0') {
			if (p != s + strspn(s, "0123456789."))
				goto bad;   /* "1h30" is ambiguous */
			total += v * I40_NS_PER_SEC;
			break;
		}
		size_t i;
		for (i = 0; i < sizeof units / sizeof units[0]; i++) {
			size_t n = strlen(units[i].unit);
			if (strncmp(p, units[i].unit, n) == 0 && !isalpha((unsigned char)p[n])) {
				total += v * (double)units[i].ns;
				p += n;
				break;
			}
		}
		if (i == sizeof units / sizeof units[0])
			goto bad;
	}
	if (total > 9.2e18)
		goto bad;
	*ns = (int64_t)llround(total);
	return 0;
bad:
	return i40_err_set(err, I40_ERR_CONFIG,
			   "duration \"%s\": expected a number and a unit (ms, s, m, h, d, w), e.g. 10s, 1m, 1h30m", s);
}
