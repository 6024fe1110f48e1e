/* period.c - the plant's calendar: report periods, and forecast periods
 * with series summed into them (see period.h).
 *
 * Sales come as one row per order at any time of day; a forecaster needs
 * one number per week.  The calendar is the plant's: a week of a shop in
 * Rome starts on Monday at 00:00 Rome time, which is 23:00 UTC in winter
 * and 22:00 UTC in summer, and a day in March may last 23 hours.  So
 * periods are counted on local civil dates (lib/tm), never as fixed
 * lengths of UTC time, except hours, which are local hours (a whole
 * number of UTC hours away in almost every zone).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "i40_int.h"
#include "period.h"

int64_t
i40_period_day(int64_t t, const struct i40_tz *tz)
{
	int64_t s = i40_int_floor_div(t, I40_NS_PER_SEC);

	return i40_int_floor_div(s + i40_tz_offset(tz, s), 86400);
}

/* The first instant of local day `day`: its midnight, or the end of the
 * daylight-saving gap when the clock skips midnight. */
static int64_t
day_start(int64_t day, const struct i40_tz *tz)
{
	enum i40_local_kind kind;

	return i40_tz_from_local(tz, day * 86400, INT64_MIN, &kind) * I40_NS_PER_SEC;
}

int64_t
i40_period_midnight(int64_t t, int days, const struct i40_tz *tz)
{
	return day_start(i40_period_day(t, tz) + days, tz);
}

/* Day number of the 1st of the month `months` after the month of day. */
static int64_t
month_start(int64_t day, int months)
{
	int y, m, d;
	int64_t idx;

	i40_civil_from_days(day, &y, &m, &d);
	idx = (int64_t)y * 12 + (m - 1) + months;
	return i40_days_from_civil((int)i40_int_floor_div(idx, 12), (int)(idx - i40_int_floor_div(idx, 12) * 12) + 1, 1);
}

/* "2024-10-27": a bare date. */
static int
bare_date(const char *s, size_t len, int64_t *day)
{
	int y, m, d;
	char buf[16];

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (sscanf(buf, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	*day = i40_days_from_civil(y, m, d);
	return 1;
}

/* One end of FROM..TO; empty is open.  is_to: a bare date includes its day. */
static int
end_point(const char *s, size_t len, int is_to, const struct i40_tz *tz, int64_t *t,
	  struct i40_err *err)
{
	struct i40_tparse tp;
	int64_t day;

	if (len == 0) {
		*t = is_to ? INT64_MAX : INT64_MIN;
		return 0;
	}
	if (bare_date(s, len, &day)) {
		*t = day_start(day + is_to, tz);
		return 0;
	}
	if (i40_tparse_init(&tp, "iso", tz, err) != 0 || i40_tparse(&tp, s, len, t, NULL, err) != 0)
		return i40_err_set(err, I40_ERR_CONFIG, "period: \"%.*s\" is not a date or time "
				   "(2024-10-27, 2024-10-27T06:00, 2024-10-27 06:00+01:00)", (int)len, s);
	return 0;
}

int
i40_period_parse(const char *spec, int64_t now, const struct i40_tz *tz,
		 int64_t *from, int64_t *to, struct i40_err *err)
{
	const char *dots = strstr(spec, "..");
	int64_t today = i40_period_day(now, tz), dur;

	if (dots) {
		if (end_point(spec, (size_t)(dots - spec), 0, tz, from, err) != 0
		    || end_point(dots + 2, strlen(dots + 2), 1, tz, to, err) != 0)
			return -1;
		if (*from >= *to)
			return i40_err_set(err, I40_ERR_CONFIG, "period \"%s\" ends before it starts", spec);
		return 0;
	}
	if (strcmp(spec, "today") == 0 || strcmp(spec, "yesterday") == 0) {
		int64_t d = today - (spec[0] == 'y');

		*from = day_start(d, tz);
		*to = day_start(d + 1, tz);
		return 0;
	}
	if (strcmp(spec, "this-week") == 0 || strcmp(spec, "last-week") == 0) {
		int64_t monday = today - (i40_weekday(today) + 6) % 7 - (spec[0] == 'l' ? 7 : 0);

		*from = day_start(monday, tz);
		*to = day_start(monday + 7, tz);
		return 0;
	}
	if (strcmp(spec, "this-month") == 0 || strcmp(spec, "last-month") == 0) {
		int back = spec[0] == 'l';

		*from = day_start(month_start(today, -back), tz);
		*to = day_start(month_start(today, 1 - back), tz);
		return 0;
	}
	if (strncmp(spec, "last-", 5) == 0 && spec[5] && i40_duration_parse(spec + 5, &dur, NULL) == 0
	    && dur > 0) {
		*from = now - dur;
		*to = now;
		return 0;
	}
	return i40_err_set(err, I40_ERR_CONFIG, "period \"%s\": expected today, yesterday, this-week, "
			   "last-week, this-month, last-month, last-DUR (last-24h) or FROM..TO", spec);
}

/* ---- calendar periods of a forecast ---- */

static const char *const period_names[] = {"hour", "day", "week", "month", "quarter", "year"};
static const char *const agg_names[] = {"sum", "mean", "delta"};

/* Index of s in names[0..n), or -1. */
static int
lookup(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int
i40_period_unit_parse(const char *s, enum i40_period_unit *p)
{
	int i = lookup(period_names, I40_PERIOD_YEAR + 1, s);
	if (i >= 0)
		*p = (enum i40_period_unit)i;
	return i < 0 ? -1 : 0;
}

const char *
i40_period_unit_name(enum i40_period_unit p)
{
	return period_names[p];
}

int
i40_period_season(enum i40_period_unit p)
{
	static const int m[] = {24, 7, 52, 12, 4, 1};
	return m[p];
}

double
i40_period_seconds(enum i40_period_unit p)
{
	static const double year = 365.2425 * 86400;
	static const double len[] = {3600, 86400, 7 * 86400, year / 12, year / 4, year};
	return len[p];
}

/* The zone's offset within the hour, 0..3599 (1800 for India). */
static int64_t
sub_hour(const struct i40_tz *tz, int64_t utc_sec)
{
	int64_t off = i40_tz_offset(tz, utc_sec) % 3600;
	return off < 0 ? off + 3600 : off;
}

int64_t
i40_period_index(enum i40_period_unit p, const struct i40_tz *tz, int64_t ns)
{
	int64_t sec = i40_int_floor_div(ns, I40_NS_PER_SEC);
	int64_t days;
	int y, m, d;

	if (p == I40_PERIOD_HOUR)
		return i40_int_floor_div(sec + sub_hour(tz, sec), 3600);
	days = i40_period_day(ns, tz);
	switch (p) {
	case I40_PERIOD_DAY:
		return days;
	case I40_PERIOD_WEEK:
		return i40_int_floor_div(days + 3, 7);   /* 1969-12-29 was a Monday: day -3 */
	default:
		break;
	}
	i40_civil_from_days(days, &y, &m, &d);
	if (p == I40_PERIOD_MONTH)
		return (int64_t)y * 12 + (m - 1);
	if (p == I40_PERIOD_QUARTER)
		return (int64_t)y * 4 + (m - 1) / 3;
	return y;
}

int64_t
i40_period_start(enum i40_period_unit p, const struct i40_tz *tz, int64_t index)
{
	int64_t days;

	switch (p) {
	case I40_PERIOD_HOUR: {
		int64_t s = index * 3600;
		return (s - sub_hour(tz, s)) * I40_NS_PER_SEC;
	}
	case I40_PERIOD_DAY:
		days = index;
		break;
	case I40_PERIOD_WEEK:
		days = index * 7 - 3;
		break;
	case I40_PERIOD_MONTH:
		days = month_start(i40_days_from_civil(1970, 1, 1), (int)(index - 1970 * 12));
		break;
	case I40_PERIOD_QUARTER:
		days = month_start(i40_days_from_civil(1970, 1, 1), (int)(3 * index - 1970 * 12));
		break;
	default:
		days = i40_days_from_civil((int)index, 1, 1);
		break;
	}
	return day_start(days, tz);
}

int
i40_agg_parse(const char *s, enum i40_agg *a)
{
	int i = lookup(agg_names, I40_AGG_DELTA + 1, s);
	if (i >= 0)
		*a = (enum i40_agg)i;
	return i < 0 ? -1 : 0;
}

const char *
i40_agg_name(enum i40_agg a)
{
	return agg_names[a];
}

/* Make room for period index `period` (>= first). */
static int
reach(struct i40_period_series *s, int64_t period, struct i40_err *err)
{
	int64_t need = period - s->first + 1;

	if (need > I40_PERIOD_MAXLEN)
		return i40_err_set(err, I40_ERR_DATA, "the series would span %lld periods, more than %d "
				   "(a record far from the others? else choose a longer --period)",
				   (long long)need, I40_PERIOD_MAXLEN);
	if (need > s->cap) {
		int cap = s->cap ? s->cap : 64;
		while (cap < need)
			cap = cap > I40_PERIOD_MAXLEN / 2 ? I40_PERIOD_MAXLEN : 2 * cap;
		double *sum = realloc(s->sum, (size_t)cap * sizeof *sum);
		if (sum == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		s->sum = sum;
		int *count = realloc(s->count, (size_t)cap * sizeof *count);
		if (count == NULL)
			return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		s->count = count;
		memset(s->sum + s->cap, 0, (size_t)(cap - s->cap) * sizeof *sum);
		memset(s->count + s->cap, 0, (size_t)(cap - s->cap) * sizeof *count);
		s->cap = cap;
	}
	if (need > s->n)
		s->n = (int)need;
	return 0;
}

int
i40_period_add(struct i40_period_series *s, int64_t ts, int64_t period, double v, struct i40_err *err)
{
	double x = v;

	if (s->records > 0 && ts < s->last_ts) {
		char a[I40_TS_MAXLEN], b[I40_TS_MAXLEN];

		i40_tfmt(ts, 0, a);
		i40_tfmt(s->last_ts, 0, b);
		return i40_err_set(err, I40_ERR_DATA, "time %s is before the series' previous record (%s): "
				   "each series must be in time order", a, b);
	}
	if (s->agg == I40_AGG_SUM && v < 0)
		return i40_err_set(err, I40_ERR_DATA, "negative demand %g (a return? net it out of the "
				   "sales, or use --aggregate mean for a measurement)", v);
	if (s->records == 0)
		s->first = period;
	if (reach(s, period, err) != 0)
		return -1;
	if (s->agg == I40_AGG_DELTA)
		x = s->records > 0 ? i40_counter_increment(s->last, v, NULL) : 0;
	s->sum[period - s->first] += x;
	s->count[period - s->first]++;
	s->last = v;
	s->last_ts = ts;
	s->records++;
	return 0;
}

void
i40_period_values(const struct i40_period_series *s, int len, double *y)
{
	for (int k = 0; k < len; k++) {
		int c = k < s->n ? s->count[k] : 0;

		if (s->agg == I40_AGG_MEAN)
			y[k] = c ? s->sum[k] / c : NAN;
		else
			y[k] = c ? s->sum[k] : 0;
	}
}

void
i40_period_series_free(struct i40_period_series *s)
{
	free(s->sum);
	free(s->count);
	s->sum = NULL;
	s->count = NULL;
	s->n = s->cap = 0;
}
