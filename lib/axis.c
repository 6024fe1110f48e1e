/* axis.c - nice value ticks and calendar-aware time ticks.
 *
 * A chart is read through its ticks: 0, 20, 40 and 06:00, 12:00 let a
 * manager read values without effort, 0, 17.3, 34.6 do not.  Value steps
 * are 1, 2 or 5 times a power of ten (2.5 only where labels stay whole
 * numbers: 25, 250).  Time steps follow the clock and the calendar of the
 * plant: hours from local midnight, weeks from Monday, months from the
 * first, so a shift report's axis says 06:00 where the shift starts,
 * including across daylight-saving changes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axis.h"
#include "i40_int.h"
#include "tm.h"

#define NS_SEC 1000000000LL
#define NS_DAY (86400LL * NS_SEC)

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};
static const char *const wday_abbr[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};

static int64_t
ceil_div(int64_t a, int64_t b)
{
	return -i40_int_floor_div(-a, b);
}

/* ---- value axes ---- */

/* Ticks of step s over [lo, hi]: first index k0 and count. */
static void
span_ticks(double lo, double hi, double s, int expand, double *k0, int *count)
{
	/* The fuzz keeps 0.3/0.1 = 2.9999999999999996 from losing a tick. */
	const double fz = 1e-9;
	double a, b;

	if (expand) {
		a = floor(lo / s + fz);
		b = ceil(hi / s - fz);
	} else {
		a = ceil(lo / s - fz);
		b = floor(hi / s + fz);
	}
	*k0 = a;
	*count = (int)(b - a + 1.5);
	if (*count < 0)
		*count = 0;
}

int
i40_axis_nice(double lo, double hi, int target, int expand, struct i40_ticks *t)
{
	static const double mant[] = { 1, 2, 2.5, 5 };
	double raw, p0, step = 1, k0 = 0, big, top;
	int count = 0, found = 0, bestd = 0, rc = 0;

	memset(t, 0, sizeof *t);
	t->scale = 1;
	t->suffix = "";
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
		rc = -1;
	}
	if (hi < lo) {
		double x = lo;

		lo = hi;
		hi = x;
	}
	if (hi - lo <= fabs(hi) * 1e-12) {
		/* A flat series: show it mid-axis with some room. */
		double d = lo == 0 ? 1 : fabs(lo) * 0.1;

		lo -= d;
		hi += d;
	}
	if (target < 2)
		target = 2;
	if (target > I40_TICKS_MAX - 2)
		target = I40_TICKS_MAX - 2;

	if (!isfinite(hi - lo)) {
		/* beyond what a chart can show: keep the arithmetic finite */
		lo = fmax(lo, -1e300);
		hi = fmin(hi, 1e300);
	}
	raw = (hi - lo) / (target - 1);
	p0 = pow(10, floor(log10(raw)) - 1);
	/* The step whose tick count is closest to target; between two as
	 * close, the one with fewer ticks, and for the same count the smaller
	 * step (the tighter range).  Candidates span three decades around
	 * the raw step. */
	for (int dec = 0; dec < 4; dec++) {
		double p = p0 * pow(10, dec);

		for (size_t i = 0; i < sizeof mant / sizeof mant[0]; i++) {
			double s = mant[i] * p, k;
			int c, d;

			if (mant[i] == 2.5 && p < 10)
				continue;
			span_ticks(lo, hi, s, expand, &k, &c);
			if (c < 2 || c > I40_TICKS_MAX)
				continue;
			d = abs(c - target);
			if (!found || d < bestd || (d == bestd && c < count)) {
				found = 1;
				bestd = d;
				step = s;
				k0 = k;
				count = c;
			}
		}
	}
	if (count > I40_TICKS_MAX)
		count = I40_TICKS_MAX;
	t->step = step;
	t->n = count;
	for (int i = 0; i < count; i++) {
		double v = (k0 + i) * step;

		if (fabs(v) < step * 1e-9)
			v = 0;          /* no "-0" */
		t->v[i] = v;
	}
	if (expand && count > 0) {
		t->lo = t->v[0];
		t->hi = t->v[count - 1];
	} else {
		t->lo = lo;
		t->hi = hi;
	}

	big = fmax(fabs(t->lo), fabs(t->hi));
	if (big >= 1e9) {
		t->scale = 1e9;
		t->suffix = "G";
	} else if (big >= 1e6) {
		t->scale = 1e6;
		t->suffix = "M";
	} else if (big >= 1e4) {
		t->scale = 1e3;
		t->suffix = "k";
	}
	top = step / t->scale;
	{
		int k = (int)floor(log10(top) + 1e-9);

		t->decimals = k < 0 ? -k : 0;
		/* 0.25 needs a digit more than 0.1; 25 needs none */
		if (k <= 0 && fabs(top / pow(10, k) - 2.5) < 1e-9)
			t->decimals++;
	}
	if (t->decimals > 9)
		t->decimals = 9;
	return rc;
}

size_t
i40_axis_label(const struct i40_ticks *t, double v, char *buf, size_t size)
{
	int len;

	if (size == 0)
		return 0;
	/* zero is "0" on any axis, never "0.0M" */
	if (fabs(v) < t->step * 1e-9) {
		snprintf(buf, size, "0");
		return size > 1 ? 1 : 0;
	}
	v /= t->scale;
	len = snprintf(buf, size, "%.*f%s", t->decimals, v, t->suffix);
	if (len < 0) {
		buf[0] = 0;
		return 0;
	}
	/* Rounding can leave "-0" or "-0.0": a reader sees a sign that
	 * means nothing. */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1) - strlen(t->suffix)) {
		memmove(buf, buf + 1, strlen(buf));
		len--;
	}
	return (size_t)len < size ? (size_t)len : size - 1;
}

/* ---- time axes ---- */

long
i40_axis_fixed_offset(const void *ctx, int64_t utc_sec)
{
	(void)utc_sec;
	return ctx ? *(const long *)ctx : 0;
}

long
i40_axis_tz_offset(const void *ctx, int64_t utc_sec)
{
	return i40_tz_offset(ctx, utc_sec);
}

struct i40_tzfn
i40_axis_zone(const struct i40_tz *tz)
{
	struct i40_tzfn f = { NULL, NULL };

	if (tz != NULL) {
		f.offset = i40_axis_tz_offset;
		f.ctx = tz;
	}
	return f;
}

static long
offset_at(const struct i40_tzfn *tz, int64_t utc_ns)
{
	if (tz == NULL || tz->offset == NULL)
		return 0;
	return tz->offset(tz->ctx, i40_int_floor_div(utc_ns, NS_SEC));
}

int64_t
i40_axis_local(const struct i40_tzfn *tz, int64_t utc_ns)
{
	return utc_ns + (int64_t)offset_at(tz, utc_ns) * NS_SEC;
}

/* UTC instant of a local wall-clock time.  Two rounds find the offset in
 * force at the result, right except inside a daylight-saving gap or
 * repeat, where an instant an hour off is as good a tick as any. */
static int64_t
to_utc(const struct i40_tzfn *tz, int64_t local_ns)
{
	int64_t guess = local_ns - (int64_t)offset_at(tz, local_ns) * NS_SEC;

	return local_ns - (int64_t)offset_at(tz, guess) * NS_SEC;
}

struct tstep {
	enum i40_tunit unit;
	int mult;
	double ns;              /* approximate length */
};

static const struct tstep ladder[] = {
	{ I40_TU_MS, 1, 1e6 }, { I40_TU_MS, 2, 2e6 }, { I40_TU_MS, 5, 5e6 },
	{ I40_TU_MS, 10, 1e7 }, { I40_TU_MS, 20, 2e7 }, { I40_TU_MS, 50, 5e7 },
	{ I40_TU_MS, 100, 1e8 }, { I40_TU_MS, 200, 2e8 }, { I40_TU_MS, 500, 5e8 },
	{ I40_TU_SEC, 1, 1e9 }, { I40_TU_SEC, 2, 2e9 }, { I40_TU_SEC, 5, 5e9 },
	{ I40_TU_SEC, 10, 1e10 }, { I40_TU_SEC, 15, 1.5e10 }, { I40_TU_SEC, 30, 3e10 },
	{ I40_TU_MIN, 1, 6e10 }, { I40_TU_MIN, 2, 1.2e11 }, { I40_TU_MIN, 5, 3e11 },
	{ I40_TU_MIN, 10, 6e11 }, { I40_TU_MIN, 15, 9e11 }, { I40_TU_MIN, 30, 1.8e12 },
	{ I40_TU_HOUR, 1, 3.6e12 }, { I40_TU_HOUR, 2, 7.2e12 }, { I40_TU_HOUR, 3, 1.08e13 },
	{ I40_TU_HOUR, 6, 2.16e13 }, { I40_TU_HOUR, 12, 4.32e13 },
	{ I40_TU_DAY, 1, 8.64e13 }, { I40_TU_DAY, 2, 1.728e14 },
	{ I40_TU_WEEK, 1, 6.048e14 }, { I40_TU_WEEK, 2, 1.2096e15 },
	{ I40_TU_MONTH, 1, 2.6298e15 }, { I40_TU_MONTH, 3, 7.8894e15 },
	{ I40_TU_MONTH, 6, 1.57788e16 },
	{ I40_TU_YEAR, 1, 3.15576e16 }, { I40_TU_YEAR, 2, 6.31152e16 },
	{ I40_TU_YEAR, 5, 1.57788e17 }, { I40_TU_YEAR, 10, 3.15576e17 },
	{ I40_TU_YEAR, 20, 6.31152e17 }, { I40_TU_YEAR, 50, 1.57788e18 },
	{ I40_TU_YEAR, 100, 3.15576e18 },
};

static int64_t
unit_ns(enum i40_tunit u)
{
	switch (u) {
	case I40_TU_MS: return NS_SEC / 1000;
	case I40_TU_SEC: return NS_SEC;
	case I40_TU_MIN: return 60 * NS_SEC;
	case I40_TU_HOUR: return 3600 * NS_SEC;
	default: return NS_DAY;
	}
}

/* Add a tick if it is inside the range and later than the last one (a
 * daylight-saving repeat can map two local ticks to one instant). */
static int
push(struct i40_tticks *t, int64_t utc)
{
	if (utc < t->t0 || utc > t->t1)
		return 0;
	if (t->n > 0 && utc <= t->t[t->n - 1])
		return 0;
	if (t->n >= I40_TICKS_MAX)
		return -1;
	t->t[t->n++] = utc;
	return 0;
}

static void
gen_fixed(struct i40_tticks *t, const struct i40_tzfn *tz, int64_t step)
{
	int64_t l0 = i40_axis_local(tz, t->t0);
	int64_t k = ceil_div(l0, step);

	/* Weeks start on Monday; 1970-01-05 was one. */
	if (t->unit == I40_TU_WEEK) {
		int64_t mon = 4 * NS_DAY;

		k = ceil_div(l0 - mon, step);
		for (int64_t l = mon + k * step; ; l += step) {
			int64_t u = to_utc(tz, l);

			if (u > t->t1 || push(t, u) < 0)
				break;
		}
		return;
	}
	for (int64_t l = k * step; ; l += step) {
		int64_t u = to_utc(tz, l);

		if (u > t->t1 || push(t, u) < 0)
			break;
	}
}

static void
gen_months(struct i40_tticks *t, const struct i40_tzfn *tz)
{
	int64_t l0 = i40_axis_local(tz, t->t0);
	int y, m, d, mult = t->unit == I40_TU_YEAR ? 12 * t->mult : t->mult;
	int64_t idx;

	i40_civil_from_days(i40_int_floor_div(l0, NS_DAY), &y, &m, &d);
	idx = (int64_t)y * 12 + (m - 1);
	if (i40_days_from_civil(y, m, 1) * NS_DAY < l0)
		idx++;
	idx = ceil_div(idx, mult) * mult;
	for (;; idx += mult) {
		int64_t yy = i40_int_floor_div(idx, 12);
		int mm = (int)(idx - yy * 12) + 1;
		int64_t u = to_utc(tz, i40_days_from_civil(yy, mm, 1) * NS_DAY);

		if (u > t->t1 || push(t, u) < 0)
			break;
	}
}

static void
label_tick(struct i40_tticks *t, int i, const struct i40_tzfn *tz, int64_t *prev_day)
{
	int64_t l = i40_axis_local(tz, t->t[i]);
	int64_t day = i40_int_floor_div(l, NS_DAY), tod = l - day * NS_DAY;
	int y, m, d, py = 0, pm = 0, pd;
	int hh = (int)(tod / (3600 * NS_SEC)), mi = (int)(tod / (60 * NS_SEC) % 60);
	int ss = (int)(tod / NS_SEC % 60), ms = (int)(tod / 1000000 % 1000);
	const char *wd = wday_abbr[(int)(((day + 3) % 7 + 7) % 7)];
	char *a = t->label[i], *b = t->label2[i];
	const size_t n = I40_TICK_LABEL;

	i40_civil_from_days(day, &y, &m, &d);
	if (i > 0)
		i40_civil_from_days(*prev_day, &py, &pm, &pd);
	b[0] = 0;
	switch (t->unit) {
	case I40_TU_MS:
		snprintf(a, n, "%02d:%02d:%02d.%03d", hh, mi, ss, ms);
		break;
	case I40_TU_SEC:
		snprintf(a, n, "%02d:%02d:%02d", hh, mi, ss);
		break;
	case I40_TU_MIN:
	case I40_TU_HOUR:
		snprintf(a, n, "%02d:%02d", hh, mi);
		break;
	case I40_TU_DAY:
		snprintf(a, n, "%s %d", wd, d);
		if (i == 0 || m != pm || y != py)
			snprintf(b, n, "%s %d", month_abbr[m - 1], y);
		break;
	case I40_TU_WEEK:
		snprintf(a, n, "%d %s", d, month_abbr[m - 1]);
		if (i == 0 || y != py)
			snprintf(b, n, "%d", y);
		break;
	case I40_TU_MONTH:
		snprintf(a, n, "%s", month_abbr[m - 1]);
		if (i == 0 || y != py)
			snprintf(b, n, "%d", y);
		break;
	case I40_TU_YEAR:
		snprintf(a, n, "%d", y);
		break;
	}
	if (t->unit <= I40_TU_HOUR && (i == 0 || day != *prev_day))
		snprintf(b, n, "%s %d %s", wd, d, month_abbr[m - 1]);
	*prev_day = day;
}

int
i40_axis_time(int64_t t0, int64_t t1, int target, const struct i40_tzfn *tz,
	      struct i40_tticks *t)
{
	const size_t nsteps = sizeof ladder / sizeof ladder[0];
	double span = (double)t1 - (double)t0;
	size_t i;
	int64_t prev_day = 0;

	memset(t, 0, sizeof *t);
	t->t0 = t0;
	t->t1 = t1;
	if (t1 <= t0)
		return -1;
	if (target < 2)
		target = 2;
	if (target > I40_TICKS_MAX)
		target = I40_TICKS_MAX;
	for (i = 0; i + 1 < nsteps; i++)
		if (floor(span / ladder[i].ns) + 1 <= target)
			break;
	t->unit = ladder[i].unit;
	t->mult = ladder[i].mult;
	switch (t->unit) {
	case I40_TU_MONTH:
	case I40_TU_YEAR:
		gen_months(t, tz);
		break;
	case I40_TU_WEEK:
		gen_fixed(t, tz, 7 * NS_DAY * t->mult);
		break;
	default:
		gen_fixed(t, tz, unit_ns(t->unit) * t->mult);
		break;
	}
	for (int k = 0; k < t->n; k++)
		label_tick(t, k, tz, &prev_day);
	return 0;
}
