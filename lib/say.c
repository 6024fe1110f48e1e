/* say.c - alert sentences (see say.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "say.h"
#include "tm.h"

size_t
i40_say_value(double x, char *buf, size_t size)
{
	double a = fabs(x);
	int n;

	if (isnan(x))
		n = snprintf(buf, size, "?");
	else if (isinf(x))
		n = snprintf(buf, size, "%s", x > 0 ? "infinity" : "-infinity");
	else if (a >= 1e6 || (a < 1e-3 && a > 0))
		n = snprintf(buf, size, "%.3g", x);
	else if (a >= 100)
		n = snprintf(buf, size, "%.0f", x);
	else {
		/* three significant digits, then drop trailing zeros */
		int dec = a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : a >= 0.01 ? 4 : 5;
		n = snprintf(buf, size, "%.*f", dec, x);
		if (n > 0 && strchr(buf, '.')) {
			while (n > 0 && buf[n - 1] == '0')
				buf[--n] = '\0';
			if (n > 0 && buf[n - 1] == '.')
				buf[--n] = '\0';
		}
		if (strcmp(buf, "-0") == 0)
			n = snprintf(buf, size, "0");
	}
	return n < 0 ? 0 : (size_t)n;
}

size_t
i40_say_duration(int64_t ns, char *buf, size_t size)
{
	int64_t s = (ns + I40_NS_PER_SEC / 2) / I40_NS_PER_SEC;
	int n;

	if (ns < I40_NS_PER_SEC)
		n = snprintf(buf, size, "%lld ms", (long long)(ns / 1000000));
	else if (s < 60)
		n = snprintf(buf, size, "%lld s", (long long)s);
	else if (s < 3600)
		n = snprintf(buf, size, "%lld min", (long long)((s + 30) / 60));
	else if (s < 86400) {
		int64_t m = (s + 30) / 60;
		n = m % 60 ? snprintf(buf, size, "%lld h %lld min", (long long)(m / 60), (long long)(m % 60))
			   : snprintf(buf, size, "%lld h", (long long)(m / 60));
	} else {
		int64_t h = (s + 1800) / 3600;
		n = h % 24 ? snprintf(buf, size, "%lld d %lld h", (long long)(h / 24), (long long)(h % 24))
			   : snprintf(buf, size, "%lld d", (long long)(h / 24));
	}
	return n < 0 ? 0 : (size_t)n;
}

/* Appending with snprintf, clamped at the end of the buffer. */
struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len + 1 >= o->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len = o->len + (size_t)n < o->size ? o->len + (size_t)n : o->size - 1;
}

/* "9.2 mm/s" or "9.2" */
static const char *
val(double x, const char *unit, char *b, size_t size)
{
	size_t n = i40_say_value(x, b, size);
	if (unit && *unit)
		snprintf(b + n, size - n, " %s", unit);
	return b;
}

static void
how_long(struct out *o, const struct i40_say *s)
{
	char d[48];

	if (s->end > s->start) {
		i40_say_duration(s->end - s->start, d, sizeof d);
		put(o, ", for %s", d);
	} else {
		put(o, ", one reading");
	}
	if (s->open)
		put(o, " (still going at the end of the input)");
}

size_t
i40_say(const struct i40_say *s, char *buf, size_t size)
{
	struct out o = {buf, size, 0};
	char v[48], u[48], l[48], d[48], e[48];
	const char *unit = s->unit ? s->unit : "";
	const char *up = s->dir >= 0 ? "rose" : "fell";

	if (size == 0)
		return 0;
	buf[0] = '\0';
	switch (s->kind) {
	case I40_SAY_LEVEL:
		put(&o, "%s %s %s to %s, %sx its usual variation from %s", s->asset, s->signal, up,
		    val(s->value, unit, v, sizeof v), (i40_say_value(fabs(s->z), d, sizeof d), d),
		    val(s->usual, unit, u, sizeof u));
		break;
	case I40_SAY_CHANGE:
		/* the step against the largest remembered the same way */
		put(&o, "%s %s jumped %s to %s, ", s->asset, s->signal, s->dir >= 0 ? "up" : "down",
		    val(s->value, unit, v, sizeof v));
		if (s->limit * s->stat > 0)
			put(&o, "a step %sx the largest in its recent history",
			    (i40_say_value(s->stat / s->limit, d, sizeof d), d));
		else
			put(&o, "a step larger than any in its recent history");
		break;
	case I40_SAY_MEAN:
		put(&o, "%s %s shifted %s: its recent average is %s anything in its recent history, now %s",
		    s->asset, s->signal, s->dir >= 0 ? "up" : "down", s->dir >= 0 ? "above" : "below",
		    val(s->value, unit, v, sizeof v));
		break;
	case I40_SAY_SPREAD:
		if (s->stat == 0)
			put(&o, "%s %s stopped changing at %s", s->asset, s->signal, val(s->value, unit, v, sizeof v));
		else if (s->limit > 0)
			put(&o, "%s %s became %s: its variation is %sx the %s in its recent history, now %s", s->asset,
			    s->signal, s->dir >= 0 ? "erratic" : "unusually steady",
			    (i40_say_value(s->stat / s->limit, d, sizeof d), d), s->dir >= 0 ? "largest" : "smallest",
			    val(s->value, unit, v, sizeof v));
		else
			put(&o, "%s %s became erratic, now %s", s->asset, s->signal, val(s->value, unit, v, sizeof v));
		break;
	case I40_SAY_DRIFT:
		put(&o, "%s %s drifted %s to %s, %s anything in its recent history (usual %s)", s->asset, s->signal,
		    s->dir >= 0 ? "up" : "down", val(s->value, unit, v, sizeof v), s->dir >= 0 ? "above" : "below",
		    val(s->usual, unit, u, sizeof u));
		break;
	case I40_SAY_EXTREME:
		put(&o, "%s %s %s to %s, %s anything in its recent history", s->asset, s->signal, up,
		    val(s->value, unit, v, sizeof v), s->dir >= 0 ? "above" : "below");
		break;
	case I40_SAY_LIMIT:
		put(&o, "%s %s %s to %s, %s its %s alarm limit %s", s->asset, s->signal, up,
		    val(s->value, unit, v, sizeof v), s->dir >= 0 ? "above" : "below", s->dir >= 0 ? "high" : "low",
		    val(s->usual, unit, u, sizeof u));
		break;
	case I40_SAY_RATE: {
		/* per minute reads best for plant signals */
		char ru[64];
		snprintf(ru, sizeof ru, "%s/min", *unit ? unit : "");
		put(&o, "%s %s %s at %s, faster than its limit %s", s->asset, s->signal, up,
		    val(fabs(s->stat) * 60, ru, v, sizeof v), val(s->limit * 60, ru, l, sizeof l));
		break;
	}
	case I40_SAY_CHART:
		put(&o, "%s %s %s to %s (%s: %s sigma %s the learned mean %s)", s->asset, s->signal,
		    s->dir >= 0 ? "drifted up" : "drifted down", val(s->value, unit, v, sizeof v),
		    s->method ? s->method : "control chart", (i40_say_value(fabs(s->z), d, sizeof d), d),
		    s->dir >= 0 ? "above" : "below", val(s->usual, unit, u, sizeof u));
		break;
	case I40_SAY_T2:
		put(&o, "%s moved away from its usual operating point (%s %sx its limit)%s%s", s->asset, s->signal,
		    (i40_say_value(s->limit > 0 ? s->stat / s->limit : NAN, d, sizeof d), d),
		    s->detail && *s->detail ? ", mostly " : "", s->detail ? s->detail : "");
		break;
	case I40_SAY_RUL:
		i40_say_duration((int64_t)(s->stat * 3.6e12), d, sizeof d);
		i40_say_duration((int64_t)(s->lo * 3.6e12), l, sizeof l);
		i40_say_duration(s->lead, u, sizeof u);
		if (isinf(s->hi) || s->hi > 1e7)
			put(&o, "%s %s is heading for its failure limit %s: about %s left (at least %s), within the lead "
			    "time %s", s->asset, s->signal, val(s->limit, unit, v, sizeof v), d, l, u);
		else
			put(&o, "%s %s is heading for its failure limit %s: about %s left (%s to %s), within the lead "
			    "time %s", s->asset, s->signal, val(s->limit, unit, v, sizeof v), d, l,
			    (i40_say_duration((int64_t)(s->hi * 3.6e12), e, sizeof e), e), u);
		break;
	case I40_SAY_PFAIL:
		i40_say_duration(s->lead, d, sizeof d);
		put(&o, "%s: the risk of a failure within %s rose to %.0f%%, above the %.0f%% threshold", s->asset, d,
		    100 * s->stat, 100 * s->limit);
		break;
	case I40_SAY_NODATA: {
		char t[I40_TS_MAXLEN];
		i40_say_duration(s->end - s->start, d, sizeof d);
		i40_say_duration(s->expected, e, sizeof e);
		i40_tfmt(s->start, 0, t);
		put(&o, "%s %s sent no data for %s after %s (expected every %s)%s", s->asset, s->signal, d, t, e,
		    s->open ? ", still silent at the end of the input" : "");
		return o.len;
	}
	}
	how_long(&o, s);
	return o.len;
}
