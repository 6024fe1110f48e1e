/* fcast.c - one entry point for every forecasting method, and the
 * default.
 *
 * i40-forecast hands each series here; this file cleans it (gaps,
 * all-zero, constant, short), picks the method, and says in the method
 * name what was done, so that the program stays a loop over series.
 *
 * The default is the combination of ETS (chosen by AICc), Theta and
 * damped trend, each fitted once, averaged with equal weights.  On the
 * classic series of R's datasets it beats both ets() and thetaf() by
 * sMAPE and MASE (bench/RESULTS.md); combinations of exponential
 * smoothing and Theta did the same in the M3 and M4 competitions.
 * Intermittent or lumpy demand (ADI >= 1.32) goes to the intermittent
 * methods instead.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "croston.h"
#include "ets.h"
#include "fcast.h"
#include "season.h"
#include "theta.h"

static const double z80 = 1.2815515655446004, z95 = 1.959963984540054;

static const char *const names[I40_FC_NMETHODS] = {
	"auto", "naive", "snaive", "drift", "ses", "holt", "damped", "hw", "hw-mul",
	"ets", "theta", "comb", "croston", "sba", "tsb", "adida", "intermittent"
};

int
i40_fcast_alloc(struct i40_fc *fc, int h, struct i40_err *err)
{
	memset(fc, 0, sizeof *fc);
	if (h < 1)
		return i40_err_set(err, I40_ERR_CONFIG, "horizon must be at least 1, not %d", h);
	fc->mean = calloc((size_t)h * 5, sizeof *fc->mean);
	if (fc->mean == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory for %d forecasts", h);
	fc->h = h;
	fc->lo80 = fc->mean + h;
	fc->hi80 = fc->mean + 2 * h;
	fc->lo95 = fc->mean + 3 * h;
	fc->hi95 = fc->mean + 4 * h;
	return 0;
}

void
i40_fcast_free(struct i40_fc *fc)
{
	if (fc == NULL)
		return;
	free(fc->mean);
	memset(fc, 0, sizeof *fc);
}

int
i40_fcast_method_parse(const char *name)
{
	int i;

	for (i = 0; i < I40_FC_NMETHODS; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *
i40_fcast_method_str(enum i40_fcast_method method)
{
	if ((int)method < 0 || method >= I40_FC_NMETHODS)
		return "?";
	return names[method];
}

static void
flat(struct i40_fc *fc, double v, double sd)
{
	int j;

	for (j = 0; j < fc->h; j++) {
		fc->mean[j] = v;
		fc->lo80[j] = v - z80 * sd;
		fc->hi80[j] = v + z80 * sd;
		fc->lo95[j] = v - z95 * sd;
		fc->hi95[j] = v + z95 * sd;
	}
}

static void
set_bounds(struct i40_fc *fc, int j, double mu, double se)
{
	fc->mean[j] = mu;
	fc->lo80[j] = mu - z80 * se;
	fc->hi80[j] = mu + z80 * se;
	fc->lo95[j] = mu - z95 * se;
	fc->hi95[j] = mu + z95 * se;
}

/* Naive (lag 1), seasonal naive (lag m), drift: R's rwf()/snaive()
 * point forecasts and intervals (lagwalk: residual MSE times the number
 * of lags walked, plus the drift's standard error). */
static int
lagwalk(const double *y, int n, int lag, int drift, struct i40_fc *fc, struct i40_err *err)
{
	double b = 0, bse = 0, mse = 0, s = 0, ss = 0;
	int k = n - lag, i, j;

	if (k < 1)
		return i40_err_set(err, I40_ERR_DATA, "need more than %d values, got %d", lag, n);
	for (i = lag; i < n; i++)
		s += y[i] - y[i - lag];
	if (drift) {
		b = s / k;
		for (i = lag; i < n; i++)
			ss += (y[i] - y[i - lag] - b) * (y[i] - y[i - lag] - b);
		mse = k > 1 ? ss / (k - 1) : NAN;
		bse = sqrt(mse / k);
	} else {
		for (i = lag; i < n; i++)
			ss += (y[i] - y[i - lag]) * (y[i] - y[i - lag]);
		mse = ss / k;
	}
	for (j = 0; j < fc->h; j++) {
		int steps = j / lag + 1;
		double mu = y[n - lag + j % lag] + steps * b;

		set_bounds(fc, j, mu, sqrt(mse * steps + (steps * bse) * (steps * bse)));
	}
	if (drift)
		snprintf(fc->method, sizeof fc->method, "drift");
	else
		snprintf(fc->method, sizeof fc->method, lag > 1 ? "seasonal naive" : "naive");
	return 0;
}

/* Seasonal adjustment for the methods that cannot model a season (damped
 * trend in the combination; ETS when m > 24): thetaf's test, then
 * classical decomposition, multiplicative for positive data.  Returns 0
 * (no season), 1 (multiplicative) or 2 (additive); x gets the adjusted
 * series. */
static int
deseason(const double *y, int n, int m, double *figure, double *x)
{
	int kind = 0, i;

	if (i40_season_test(y, n, m)) {
		kind = 1;
		for (i = 0; i < n; i++)
			if (!(y[i] > 0))
				kind = 2;
		if (i40_season_decompose(y, n, m, kind == 1, figure) != 0)
			kind = 0;
		for (i = 0; kind == 1 && i < m; i++)
			if (fabs(figure[i]) < 1e-4)
				kind = 0;
	}
	for (i = 0; i < n; i++)
		x[i] = kind == 1 ? y[i] / figure[i % m] : kind == 2 ? y[i] - figure[i % m] : y[i];
	return kind;
}

static void
reseason(struct i40_fc *fc, int n, int m, int kind, const double *figure)
{
	int j;

	for (j = 0; kind && j < fc->h; j++) {
		double s = figure[(n + j) % m];
		double *v[5] = { fc->mean, fc->lo80, fc->hi80, fc->lo95, fc->hi95 };
		int k;

		for (k = 0; k < 5; k++)
			v[k][j] = kind == 1 ? v[k][j] * s : v[k][j] + s;
	}
}

static void
adjusted_note(struct i40_fc *fc, int kind)
{
	size_t l = strlen(fc->method);

	snprintf(fc->method + l, sizeof fc->method - l, " on %s-adjusted data",
		 kind == 1 ? "seasonally" : "additively seasonally");
}

/* ETS of a spec, through seasonal adjustment when the season is too long
 * for ETS (m > 24) or the spec is non-seasonal and adjust is set. */
static int
ets_method(const double *y, int n, int m, const char *spec, int adjust,
	   struct i40_fc *fc, struct i40_fc *dfc, struct i40_err *err)
{
	struct i40_ets md, dmd;
	double *figure = NULL, *x = NULL;
	int kind = 0, rc = -1;

	if (m > 1 && (m > I40_ETS_MAXM || adjust)) {
		char s2[8];

		figure = malloc((size_t)m * sizeof *figure);
		x = malloc((size_t)n * sizeof *x);
		if (figure == NULL || x == NULL) {
			rc = i40_err_set(err, I40_ERR_NOMEM, "out of memory");
			goto out;
		}
		kind = deseason(y, n, m, figure, x);
		snprintf(s2, sizeof s2, "%.*sN", (int)strlen(spec) - 1, spec);
		if (i40_ets_select(x, n, 1, s2, &md, dfc ? &dmd : NULL, err) != 0)
			goto out;
		if (i40_ets_forecast(&md, fc->h, fc, err) != 0)
			goto out;
		reseason(fc, n, m, kind, figure);
		if (kind)
			adjusted_note(fc, kind);
		if (dfc && isfinite(dmd.aicc)) {
			if (i40_ets_forecast(&dmd, dfc->h, dfc, err) != 0)
				goto out;
			reseason(dfc, n, m, kind, figure);
			if (kind)
				adjusted_note(dfc, kind);
		} else if (dfc) {
			dfc->h = 0;
		}
		rc = 0;
	} else {
		if (i40_ets_select(y, n, m, spec, &md, dfc ? &dmd : NULL, err) != 0)
			goto out;
		rc = i40_ets_forecast(&md, fc->h, fc, err);
		if (rc == 0 && dfc && isfinite(dmd.aicc))
			rc = i40_ets_forecast(&dmd, dfc->h, dfc, err);
		else if (dfc)
			dfc->h = 0;
	}
out:
	free(figure);
	free(x);
	return rc;
}

/* Mean of ETS, Theta and damped trend.  The damped member is the ETS
 * model with damped trend that AICc prefers (error and season chosen as
 * for ETS): on the benchmark it beat damped trend on seasonally adjusted
 * data, the M4 "Comb" form, on both scores. */
static int
comb(const double *y, int n, int m, struct i40_fc *fc, struct i40_err *err)
{
	struct i40_fc part[3];
	int k, j, ok = 0, rc = -1;
	char buf[3][192];

	memset(part, 0, sizeof part);
	for (k = 0; k < 3; k++)
		if (i40_fcast_alloc(&part[k], fc->h, err) != 0)
			goto out;
	/* One ETS search gives the AICc choice and the best damped model. */
	if (ets_method(y, n, m, "ZZZ", 0, &part[0], &part[2], NULL) != 0)
		part[0].h = part[2].h = 0;
	if (i40_theta_forecast(y, n, m, &part[1], NULL) != 0)
		part[1].h = 0;
	for (k = 0; k < 3; k++) {
		if (part[k].h == 0)
			continue;           /* too short for this member: left out */
		snprintf(buf[ok], sizeof buf[ok], "%.100s", part[k].method);
		ok++;
	}
	if (ok == 0) {
		rc = i40_err_set(err, I40_ERR_DATA, "no method of the combination could be fitted "
				 "to %d values", n);
		goto out;
	}
	for (j = 0; j < fc->h; j++) {
		double s[5] = { 0 };

		for (k = 0; k < 3; k++) {
			if (part[k].h == 0)
				continue;
			s[0] += part[k].mean[j];
			s[1] += part[k].lo80[j];
			s[2] += part[k].hi80[j];
			s[3] += part[k].lo95[j];
			s[4] += part[k].hi95[j];
		}
		fc->mean[j] = s[0] / ok;
		fc->lo80[j] = s[1] / ok;
		fc->hi80[j] = s[2] / ok;
		fc->lo95[j] = s[3] / ok;
		fc->hi95[j] = s[4] / ok;
	}
	if (ok == 3)
		snprintf(fc->method, sizeof fc->method, "comb(%.60s; %.40s; %.60s)", buf[0], buf[1], buf[2]);
	else if (ok == 2)
		snprintf(fc->method, sizeof fc->method, "comb(%.60s; %.40s)", buf[0], buf[1]);
	else
		snprintf(fc->method, sizeof fc->method, "%s", buf[0]);
	rc = 0;
out:
	for (k = 0; k < 3; k++) {
		part[k].h = part[k].h ? part[k].h : 1;
		i40_fcast_free(&part[k]);
	}
	return rc;
}

/* Intermittent demand: the mean of SBA (alpha 0.05), TSB and ADIDA
 * (smoothing chosen in-sample): one member with a long memory, one that
 * follows the probability of demand period by period, one on aggregated
 * buckets.  Each beats Croston on the benchmark; their mean beat each of
 * them, and R's ets() too, by RMSSE and absolute bias (bench/RESULTS.md;
 * SBA's alpha 0.05 rather than R's 0.1 lowered the bias of every subset
 * there).  Bounds are the means of the members'. */
static int
intermittent(const double *y, int n, struct i40_fc *fc, struct i40_err *err)
{
	static const enum i40_croston_variant member[3] = {
		I40_CROSTON_SBA, I40_CROSTON_TSB, I40_CROSTON_ADIDA
	};
	struct i40_fc p;
	double adi, cv2;
	int k, j;

	if (i40_fcast_alloc(&p, fc->h, err) != 0)
		return -1;
	flat(fc, 0, 0);
	for (k = 0; k < 3; k++) {
		if (i40_croston_forecast(y, n, member[k], k == 0 ? 0.05 : 0, &p, err) != 0) {
			i40_fcast_free(&p);
			return -1;
		}
		for (j = 0; j < fc->h; j++) {
			fc->mean[j] += p.mean[j] / 3;
			fc->lo80[j] += p.lo80[j] / 3;
			fc->hi80[j] += p.hi80[j] / 3;
			fc->lo95[j] += p.lo95[j] / 3;
			fc->hi95[j] += p.hi95[j] / 3;
		}
	}
	i40_fcast_free(&p);
	/* classify first: the order in which arguments are evaluated is unspecified */
	enum i40_demand_class c = i40_croston_classify(y, n, &adi, &cv2);
	snprintf(fc->method, sizeof fc->method, "mean(SBA; TSB; ADIDA) (%s: ADI %.2f, CV2 %.2f)",
		 i40_croston_class_str(c), adi, cv2);
	return 0;
}

/* Gaps: drop leading and trailing ones, interpolate inside linearly.
 * Returns the cleaned length; *gaps counts interpolated values. */
static int
clean(const double *y, int n, double *x, int *gaps)
{
	int a = 0, b = n - 1, i;

	*gaps = 0;
	while (a < n && !isfinite(y[a]))
		a++;
	while (b >= a && !isfinite(y[b]))
		b--;
	for (i = a; i <= b; i++) {
		if (isfinite(y[i])) {
			x[i - a] = y[i];
		} else {
			int l = i - 1, r = i;

			while (!isfinite(y[r]))
				r++;
			x[i - a] = y[l] + (y[r] - y[l]) * (double)(i - l) / (r - l);
			(*gaps)++;
		}
	}
	return b - a + 1;
}

static void
append(struct i40_fc *fc, const char *what)
{
	size_t l = strlen(fc->method);

	snprintf(fc->method + l, sizeof fc->method - l, " (%s)", what);
}

int
i40_fcast_run(const double *y, int n, int m, const struct i40_fcast_opt *opt,
	      struct i40_fc *fc, struct i40_err *err)
{
	static const struct i40_fcast_opt dflt = { I40_FC_AUTO, 0, 0 };
	enum i40_fcast_method meth;
	double *x;
	int len, gaps, i, j, rc = -1, nonneg = 1, zero = 1, ms;
	char note[96] = "";

	if (opt == NULL)
		opt = &dflt;
	meth = opt->method;
	if (m < 1)
		m = 1;
	x = malloc((size_t)(n > 0 ? n : 1) * sizeof *x);
	if (x == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	len = clean(y, n, x, &gaps);
	if (len == 0) {
		free(x);
		return i40_err_set(err, I40_ERR_DATA, "the series has no values");
	}
	for (i = 0; i < len; i++) {
		if (x[i] < 0)
			nonneg = 0;
		if (x[i] != 0)
			zero = 0;
	}
	if (gaps)
		snprintf(note, sizeof note, "%d gap%s interpolated", gaps, gaps > 1 ? "s" : "");
	if (zero) {
		flat(fc, 0, 0);
		snprintf(fc->method, sizeof fc->method, "zero (all zeros)");
		rc = 0;
		goto done;
	}
	if (i40_season_constant(x, len)) {
		flat(fc, x[len - 1], 0);
		snprintf(fc->method, sizeof fc->method, len > 1 ? "constant" : "naive (one value)");
		rc = 0;
		goto done;
	}
	if (len <= 3) {
		rc = lagwalk(x, len, 1, 0, fc, err);
		snprintf(fc->method, sizeof fc->method, "naive (too short for anything else: %d values)", len);
		goto done;
	}
	if (meth == I40_FC_AUTO) {
		enum i40_demand_class c = nonneg ? i40_croston_classify(x, len, NULL, NULL)
			: I40_DEMAND_SMOOTH;

		meth = (c == I40_DEMAND_INTERMITTENT || c == I40_DEMAND_LUMPY)
			? I40_FC_INTERMITTENT : I40_FC_COMB;
	}
	/* A season needs two full cycles to be told from noise. */
	ms = m;
	if (m > 1 && len < 2 * m) {
		ms = 1;
		if (meth != I40_FC_NAIVE && meth != I40_FC_DRIFT && meth < I40_FC_CROSTON)
			snprintf(note + strlen(note), sizeof note - strlen(note), "%stoo short for seasonality",
				 note[0] ? ", " : "");
	}
	switch (meth) {
	case I40_FC_NAIVE:
		rc = lagwalk(x, len, 1, 0, fc, err);
		break;
	case I40_FC_SNAIVE:
		rc = lagwalk(x, len, len > ms ? ms : 1, 0, fc, err);
		break;
	case I40_FC_DRIFT:
		rc = lagwalk(x, len, 1, 1, fc, err);
		break;
	case I40_FC_SES:
		rc = ets_method(x, len, 1, "ANN", 0, fc, NULL, err);
		break;
	case I40_FC_HOLT:
		rc = ets_method(x, len, 1, "AAN", 0, fc, NULL, err);
		break;
	case I40_FC_DAMPED:
		rc = ets_method(x, len, 1, "AAdN", 0, fc, NULL, err);
		break;
	case I40_FC_HW_ADD:
		rc = ms > 1 ? ets_method(x, len, ms, "AAA", 0, fc, NULL, err)
			: ets_method(x, len, 1, "AAN", 0, fc, NULL, err);
		break;
	case I40_FC_HW_MUL:
		rc = ms > 1 ? ets_method(x, len, ms, "MAM", 0, fc, NULL, err)
			: ets_method(x, len, 1, "MAN", 0, fc, NULL, err);
		break;
	case I40_FC_ETS:
		rc = ets_method(x, len, ms, "ZZZ", 0, fc, NULL, err);
		break;
	case I40_FC_THETA:
		rc = i40_theta_forecast(x, len, ms, fc, err);
		break;
	case I40_FC_CROSTON:
	case I40_FC_SBA:
	case I40_FC_TSB:
	case I40_FC_ADIDA:
		/* Croston and SBA with R's alpha 0.1 (choosing it in-sample
		 * did worse on the benchmark); TSB and ADIDA choose theirs. */
		rc = i40_croston_forecast(x, len, (enum i40_croston_variant)(meth - I40_FC_CROSTON),
					  meth <= I40_FC_SBA ? 0.1 : 0, fc, err);
		break;
	case I40_FC_INTERMITTENT:
		rc = intermittent(x, len, fc, err);
		break;
	case I40_FC_COMB:
	default:
		rc = comb(x, len, ms, fc, err);
		break;
	}
	if (rc != 0 && meth != I40_FC_NAIVE) {
		/* The asked method cannot handle this series: say so and fall
		 * back on the naive forecast rather than give nothing. */
		char why[160];

		snprintf(why, sizeof why, "%.150s", err ? err->msg : "");
		rc = lagwalk(x, len, 1, 0, fc, err);
		snprintf(fc->method, sizeof fc->method, "naive (%s failed: %.80s)",
			 names[meth], why);
		i40_err_clear(err);
	}
done:
	if (rc == 0 && note[0])
		append(fc, note);
	if (rc == 0 && opt->nonneg) {
		for (j = 0; j < fc->h; j++) {
			fc->mean[j] = fmax(fc->mean[j], 0);
			fc->lo80[j] = fmax(fc->lo80[j], 0);
			fc->hi80[j] = fmax(fc->hi80[j], 0);
			fc->lo95[j] = fmax(fc->lo95[j], 0);
			fc->hi95[j] = fmax(fc->hi95[j], 0);
		}
	}
	free(x);
	return rc;
}

int
i40_fcast_methods(const char *list, enum i40_fcast_method *out, int max, struct i40_err *err)
{
	const char *p = list;
	int n = 0;

	while (1) {
		p += strspn(p, " \t");
		size_t len = strcspn(p, ",");
		char name[32];
		int m = -1;

		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;   /* "auto, ets" as people write it */

		if (len < sizeof name) {
			memcpy(name, p, len);
			name[len] = '\0';
			m = i40_fcast_method_parse(name);
		}
		if (m < 0)
			return i40_err_set(err, I40_ERR_CONFIG, "unknown method \"%.*s\": expected auto, naive, "
					   "snaive, drift, ses, holt, damped, hw, hw-mul, ets, theta, comb, croston, "
					   "sba, tsb, adida or intermittent", (int)(len < 64 ? len : 64), p);
		for (int k = 0; k < n; k++)
			if (out[k] == (enum i40_fcast_method)m)
				return i40_err_set(err, I40_ERR_CONFIG, "method %s is listed twice", names[m]);
		if (n == max)
			return i40_err_set(err, I40_ERR_CONFIG, "at most %d methods", max);
		out[n++] = (enum i40_fcast_method)m;
		p += len + strspn(p + len, " \t");
		if (*p == '\0')
			return n;
		p++;
	}
}

int
i40_fcast_config(const struct i40_node *sec, struct i40_fcast_cfg *cfg, struct i40_err *err)
{
	static const char *const keys[] = {"period", "horizon", "season", "method", "origins", "aggregate", NULL};
	const struct i40_node *n;
	enum i40_fcast_method m[I40_FC_NMETHODS];
	const char *s;

	memset(cfg, 0, sizeof *cfg);
	if (sec == NULL || sec->is_null)
		return 0;
	if (i40_cfg_check_keys(sec, keys, "the forecast section", err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "period")) != NULL) {
		if (i40_cfg_str(n, &s, err) != 0)
			return -1;
		if (i40_period_unit_parse(s, &cfg->period) != 0)
			return i40_cfg_error(n, err, "period \"%s\": expected hour, day, week, month, quarter or year", s);
		cfg->has_period = 1;
	}
	if ((n = i40_cfg_get(sec, "horizon")) && i40_cfg_long(n, 1, 10000, &cfg->horizon, err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "season")) && i40_cfg_long(n, 1, 10000, &cfg->season, err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "origins")) && i40_cfg_long(n, 1, 1000, &cfg->origins, err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "method")) != NULL) {
		struct i40_err e;

		if (i40_cfg_str(n, &cfg->method, err) != 0)
			return -1;
		if (i40_fcast_methods(cfg->method, m, I40_FC_NMETHODS, &e) < 0)
			return i40_cfg_error(n, err, "%s", e.msg);
	}
	if ((n = i40_cfg_get(sec, "aggregate")) != NULL && !n->is_null) {
		if (i40_cfg_expect(n, I40_NODE_MAP, "aggregate", err) != 0)
			return -1;
		for (size_t i = 0; i < n->n; i++) {
			enum i40_agg a;

			if (i40_cfg_str(n->val[i], &s, err) != 0)
				return -1;
			if (i40_agg_parse(s, &a) != 0)
				return i40_cfg_error(n->val[i], err, "aggregate \"%s\" of signal %s: expected sum, "
						     "mean or delta", s, n->key[i]->str);
		}
		cfg->aggregate = n;
	}
	return 0;
}

int
i40_fcast_check_config(const struct i40_node *sec, struct i40_err *err)
{
	struct i40_fcast_cfg cfg;

	return i40_fcast_config(sec, &cfg, err);
}

int
i40_fcast_config_agg(const struct i40_fcast_cfg *cfg, const char *signal, size_t len, enum i40_agg *agg)
{
	char name[256];
	const struct i40_node *n;

	if (cfg->aggregate == NULL || len >= sizeof name)
		return 0;
	memcpy(name, signal, len);
	name[len] = '\0';
	n = i40_cfg_get(cfg->aggregate, name);
	return n != NULL && i40_agg_parse(n->str, agg) == 0;
}
