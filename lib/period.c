/* period.c - report periods on the plant's calendar (see period.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "period.h"

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t
i40_period_day(int64_t t, const struct i40_tz *tz)
{
	int64_t s = floor_div(t, I40_NS_PER_SEC);

	return floor_div(s + i40_tz_offset(tz, s), 86400);
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
	return i40_days_from_civil((int)floor_div(idx, 12), (int)(idx - floor_div(idx, 12) * 12) + 1, 1);
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
