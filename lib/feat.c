/* feat.c - the feature table and readouts (see feat.h).
 *
 * Adding a feature is one row here plus its case in i40_feat_value():
 * the parser, --help and completions all read the same rows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feat.h"

#define G I40_FEAT_GAUGE
#define C I40_FEAT_COUNTER
#define ST I40_FEAT_STATE
#define VALS I40_FEAT_NEEDS_VALUES
#define SPEC (I40_FEAT_NEEDS_VALUES | I40_FEAT_NEEDS_SPEC)
#define ENV (I40_FEAT_NEEDS_VALUES | I40_FEAT_NEEDS_ENV)

static const struct {
	const char *name;
	enum i40_feat_id id;
	unsigned kinds;
	unsigned needs;
	const char *help;
} table[] = {
	{"count", I40_FEAT_COUNT, G | C | ST, 0, "readings in the window (missing ones excluded)"},
	{"missing", I40_FEAT_MISSING, G | C, 0, "readings with an empty value"},
	{"mean", I40_FEAT_MEAN, G | C, 0, "arithmetic mean"},
	{"min", I40_FEAT_MIN, G | C, 0, "smallest value"},
	{"max", I40_FEAT_MAX, G | C, 0, "largest value"},
	{"std", I40_FEAT_STD, G, 0, "sample standard deviation (n-1)"},
	{"var", I40_FEAT_VAR, G, 0, "sample variance (n-1)"},
	{"rms", I40_FEAT_RMS, G, 0, "root mean square"},
	{"ptp", I40_FEAT_PTP, G, 0, "peak to peak, max - min"},
	{"crest", I40_FEAT_CREST, G, 0, "crest factor, max |x| / rms"},
	{"skew", I40_FEAT_SKEW, G, 0, "skewness g1 (moment estimator)"},
	{"kurt", I40_FEAT_KURT, G, 0, "excess kurtosis g2 (moment estimator)"},
	{"median", I40_FEAT_MEDIAN, G, VALS, "median"},
	{"pNN", I40_FEAT_QUANTILE, G, VALS, "NN-th percentile (p95, p99.9), linear interpolation"},
	{"slope", I40_FEAT_SLOPE, G | C, 0, "least-squares trend, units per hour"},
	{"first", I40_FEAT_FIRST, G | C, 0, "first value"},
	{"last", I40_FEAT_LAST, G | C, 0, "last value"},
	{"sum", I40_FEAT_SUM, G, 0, "sum of values"},
	{"delta", I40_FEAT_DELTA, C, 0, "counter increase, resets handled"},
	{"rate", I40_FEAT_RATE, C, 0, "counter increase per hour"},
	{"resets", I40_FEAT_RESETS, C, 0, "counter resets (decreases)"},
	{"transitions", I40_FEAT_TRANSITIONS, ST, 0, "changes of state"},
	{"time", I40_FEAT_TIME, ST, 0, "seconds in each state (one output per state)"},
	{"domfreq", I40_FEAT_DOMFREQ, G, SPEC, "dominant frequency, Hz"},
	{"centroid", I40_FEAT_CENTROID, G, SPEC, "spectral centroid (power weighted), Hz"},
	{"entropy", I40_FEAT_ENTROPY, G, SPEC, "spectral entropy, 0 (tone) to 1 (white noise)"},
	{"band", I40_FEAT_BAND, G, SPEC, "power (mean square) in each configured band"},
	{"env_bpfi", I40_FEAT_ENV_BPFI, G, ENV, "envelope amplitude at BPFI (inner race defect)"},
	{"env_bpfo", I40_FEAT_ENV_BPFO, G, ENV, "envelope amplitude at BPFO (outer race defect)"},
	{"env_bsf", I40_FEAT_ENV_BSF, G, ENV, "envelope amplitude at BSF (ball spin)"},
	{"env_ftf", I40_FEAT_ENV_FTF, G, ENV, "envelope amplitude at FTF (cage)"},
};
#define NTABLE ((int)(sizeof table / sizeof table[0]))

static void
known(char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < NTABLE && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
					table[i].name);
}

/* "p95" -> 0.95; -1 when name is not a percentile. */
static double
percentile(const char *name)
{
	char *end;
	double v;

	if (name[0] != 'p' || !(name[1] >= '0' && name[1] <= '9'))
		return -1;
	v = strtod(name + 1, &end);
	if (*end != '\0' || !(v >= 0 && v <= 100))
		return -1;
	return v / 100;
}

int
i40_feat_parse(const char *list, struct i40_feat *out, int max, struct i40_err *err)
{
	char tok[64], names[600];
	const char *p = list;
	int n = 0, i, k;

	while (*p) {
		size_t len = strcspn(p, ",");
		const char *a = p, *b = p + len;
		double q = -1;

		p = *b ? b + 1 : b;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (a == b)
			return i40_err_set(err, I40_ERR_CONFIG, "empty feature name in \"%s\"", list);
		if ((size_t)(b - a) >= sizeof tok || (size_t)(b - a) >= sizeof out->name)
			return i40_err_set(err, I40_ERR_CONFIG, "feature name \"%.*s\" is too long",
					   (int)(b - a), a);
		memcpy(tok, a, (size_t)(b - a));
		tok[b - a] = '\0';
		for (i = 0; i < NTABLE; i++)
			if (table[i].id != I40_FEAT_QUANTILE && strcmp(tok, table[i].name) == 0)
				break;
		if (i == NTABLE) {
			q = percentile(tok);
			if (q < 0) {
				known(names, sizeof names);
				return i40_err_set(err, I40_ERR_CONFIG,
						   "unknown feature \"%s\" (known: %s)", tok, names);
			}
			for (i = 0; table[i].id != I40_FEAT_QUANTILE; i++)
				;
		}
		for (k = 0; k < n; k++)
			if (strcmp(out[k].name, tok) == 0)
				return i40_err_set(err, I40_ERR_CONFIG,
						   "feature \"%s\" is listed twice", tok);
		if (n == max)
			return i40_err_set(err, I40_ERR_CONFIG, "more than %d features", max);
		out[n].id = table[i].id;
		out[n].arg = q;
		out[n].kinds = table[i].kinds;
		out[n].needs = table[i].needs;
		memcpy(out[n].name, tok, strlen(tok) + 1);
		n++;
	}
	if (n == 0)
		return i40_err_set(err, I40_ERR_CONFIG, "no feature given");
	return n;
}

unsigned
i40_feat_needs(const struct i40_feat *f, int n)
{
	unsigned needs = 0;
	int i;

	for (i = 0; i < n; i++)
		needs |= f[i].needs;
	return needs;
}

int
i40_feat_applies(const struct i40_feat *f, enum i40_stream_kind k)
{
	return (f->kinds & (1u << k)) != 0;
}

double
i40_feat_state_time(const struct i40_acc *a, int id)
{
	return (double)i40_state_dur(&a->ss, id) * 1e-9;
}

double
i40_feat_value(const struct i40_feat *f, struct i40_acc *a, const struct i40_spec *sp)
{
	struct i40_stats *s = &a->st;

	switch (f->id) {
	case I40_FEAT_COUNT:
		return (double)(a->ss.n > 0 ? a->ss.n : s->n);
	case I40_FEAT_MISSING:
		return (double)s->nmiss;
	case I40_FEAT_MEAN:
		return i40_stats_mean(s);
	case I40_FEAT_MIN:
		return i40_stats_min(s);
	case I40_FEAT_MAX:
		return i40_stats_max(s);
	case I40_FEAT_STD:
		return i40_stats_std(s);
	case I40_FEAT_VAR:
		return i40_stats_var(s);
	case I40_FEAT_RMS:
		return i40_stats_rms(s);
	case I40_FEAT_PTP:
		return i40_stats_ptp(s);
	case I40_FEAT_CREST:
		return i40_stats_crest(s);
	case I40_FEAT_SKEW:
		return i40_stats_skew(s);
	case I40_FEAT_KURT:
		return i40_stats_kurt(s);
	case I40_FEAT_MEDIAN:
		return i40_stats_quantile(s, 0.5);
	case I40_FEAT_QUANTILE:
		return i40_stats_quantile(s, f->arg);
	case I40_FEAT_SLOPE:
		return i40_stats_slope(s);
	case I40_FEAT_FIRST:
		return i40_stats_first(s);
	case I40_FEAT_LAST:
		return i40_stats_last(s);
	case I40_FEAT_SUM:
		return i40_stats_sum(s);
	case I40_FEAT_DELTA:
		return i40_counter_delta(&a->ct);
	case I40_FEAT_RATE:
		return i40_counter_rate(&a->ct);
	case I40_FEAT_RESETS:
		return (double)a->ct.resets;
	case I40_FEAT_TRANSITIONS:
		return (double)a->ss.transitions;
	case I40_FEAT_TIME:
		return NAN;
	case I40_FEAT_DOMFREQ:
		return sp ? i40_spec_dominant(sp) : NAN;
	case I40_FEAT_CENTROID:
		return sp ? i40_spec_centroid(sp) : NAN;
	case I40_FEAT_ENTROPY:
		return sp ? i40_spec_entropy(sp) : NAN;
	case I40_FEAT_BAND:
	case I40_FEAT_ENV_BPFI:
	case I40_FEAT_ENV_BPFO:
	case I40_FEAT_ENV_BSF:
	case I40_FEAT_ENV_FTF:
		return NAN;
	}
	return NAN;
}

void
i40_feat_unit(const struct i40_feat *f, const char *unit, size_t len, char *buf, size_t size)
{
	/* "(m/s^2)^2", not "m/s^2^2": a compound unit is bracketed. */
	int compound = len > 0 && strcspn(unit, "/*^ ") < len;
	int n = (int)len;

	switch (f->id) {
	case I40_FEAT_COUNT: case I40_FEAT_MISSING: case I40_FEAT_CREST:
	case I40_FEAT_SKEW: case I40_FEAT_KURT: case I40_FEAT_RESETS:
	case I40_FEAT_TRANSITIONS: case I40_FEAT_ENTROPY:
		snprintf(buf, size, "%s", "");
		return;
	case I40_FEAT_TIME:
		snprintf(buf, size, "s");
		return;
	case I40_FEAT_DOMFREQ: case I40_FEAT_CENTROID:
		snprintf(buf, size, "Hz");
		return;
	default:
		break;
	}
	if (len == 0) {
		buf[0] = '\0';
	} else if (f->id == I40_FEAT_VAR || f->id == I40_FEAT_BAND) {
		snprintf(buf, size, compound ? "(%.*s)^2" : "%.*s^2", n, unit);
	} else if (f->id == I40_FEAT_SLOPE || f->id == I40_FEAT_RATE) {
		snprintf(buf, size, compound ? "(%.*s)/h" : "%.*s/h", n, unit);
	} else {
		snprintf(buf, size, "%.*s", n, unit);
	}
}

int
i40_feat_info(int i, const char **name, const char **help, unsigned *kinds)
{
	if (i < 0 || i >= NTABLE)
		return -1;
	*name = table[i].name;
	*help = table[i].help;
	*kinds = table[i].kinds;
	return 0;
}
