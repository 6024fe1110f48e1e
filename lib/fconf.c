/* fconf.c - settings of feature extraction: options, plant section,
 * and the layering that gives each series its own (see fconf.h).
 *
 * Both sources go through the same value parsers, so "--band hf=2000-5000"
 * and "bands: {hf: [2000, 5000]}" cannot drift apart; plant values get
 * the node's file:line:col in their errors, options the option's name.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fconf.h"
#include "num.h"
#include "tm.h"

static const char *const kind_key[3] = {"gauge", "counter", "state"};
static const char *const kind_default[3] = {"mean,std,min,max,rms", "delta,rate",
					    "time,transitions"};

static void
fsig_clear(struct i40_fsig *s)
{
	memset(s, 0, sizeof *s);
	s->taper = I40_TAPER_HANN;
	for (int k = 0; k < I40_NFAULT; k++)
		s->fault[k] = NAN;
}

int
i40_fconf_init(struct i40_fconf *c, struct i40_err *err)
{
	memset(c, 0, sizeof *c);
	c->window = I40_NS_PER_MIN;
	c->min_count = 1;
	c->min_coverage = 0.9;
	fsig_clear(&c->cmdline);
	fsig_clear(&c->section);
	for (int k = 0; k < 3; k++) {
		fsig_clear(&c->kind[k]);
		c->kind[k].nfeat = i40_feat_parse(kind_default[k], c->kind[k].feat, I40_FCONF_MAXFEAT, err);
		if (c->kind[k].nfeat < 0)
			return -1;
		c->kind[k].set = I40_FS_FEATURES;
	}
	return 0;
}

void
i40_fconf_free(struct i40_fconf *c)
{
	for (int i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	c->nowned = 0;
	free(c->named);
	c->named = NULL;
	c->nnamed = 0;
}

/* ---- values ---- */

static int
positive(const char *s, double *out)
{
	return i40_num_parse(s, strlen(s), '.', 0, out) == 0 && *out > 0 ? 0 : -1;
}

/* "12", "12.5x": a band edge; *orders set when it ends in x. */
static int
edge(const char *s, size_t len, double *v, int *orders)
{
	*orders = len > 0 && (s[len - 1] == 'x' || s[len - 1] == 'X');
	if (*orders)
		len--;
	return i40_num_parse(s, len, '.', 0, v) == 0 && *v >= 0 ? 0 : -1;
}

static int
range(const char *s, double *lo, double *hi, int *orders)
{
	/* the dash after the first character: "0.8x-1.2x", "2000-5000" */
	const char *dash = strchr(s + (*s != '\0'), '-');
	int o1, o2;

	if (dash == NULL || edge(s, (size_t)(dash - s), lo, &o1) != 0 ||
	    edge(dash + 1, strlen(dash + 1), hi, &o2) != 0 || o1 != o2 || !(*lo < *hi))
		return -1;
	*orders = o1;
	return 0;
}

int
i40_fconf_band(const char *spec, struct i40_fband *b, struct i40_err *err)
{
	const char *eq = strchr(spec, '='), *r = eq ? eq + 1 : spec;
	size_t nlen = eq ? (size_t)(eq - spec) : strlen(spec);

	if (nlen == 0 || nlen >= sizeof b->name || memchr(spec, ',', nlen) || memchr(spec, ']', nlen))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "band \"%s\": the name must be 1-%zu characters without , or ]",
				   spec, sizeof b->name - 1);
	if (range(r, &b->lo, &b->hi, &b->orders) != 0)
		return i40_err_set(err, I40_ERR_CONFIG,
				   "band \"%s\": expected [NAME=]LO-HI in Hz (2000-5000) or in orders of "
				   "the shaft speed (0.8x-1.2x), low below high", spec);
	memcpy(b->name, spec, nlen);
	b->name[nlen] = '\0';
	return 0;
}

int
i40_fconf_shaft(const char *spec, double *hz, struct i40_err *err)
{
	size_t len = strlen(spec);
	double scale = 1;

	if (len > 3 && strcmp(spec + len - 3, "rpm") == 0) {
		len -= 3;
		scale = 1.0 / 60;
	} else if (len > 2 && (strcmp(spec + len - 2, "hz") == 0 || strcmp(spec + len - 2, "Hz") == 0)) {
		len -= 2;
	}
	if (i40_num_parse(spec, len, '.', 0, hz) != 0 || !(*hz > 0))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "shaft speed \"%s\": expected Hz (29.95) or rpm (1797rpm)", spec);
	*hz *= scale;
	return 0;
}

static int
bearing_check(const struct i40_bearing *b, struct i40_err *err)
{
	struct i40_bearing_freq f;

	return i40_bearing_freqs(b, 1.0, &f, err);
}

/* "9,0.3126,1.537[,0]": balls, ball and pitch diameter, contact angle. */
static int
bearing(const char *spec, struct i40_bearing *b, struct i40_err *err)
{
	double v[4] = {0, 0, 0, 0};
	int n = 0;
	const char *p = spec;

	while (n < 4) {
		size_t len = strcspn(p, ",");
		if (i40_num_parse(p, len, '.', 0, &v[n]) != 0)
			break;
		n++;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	if (!(n == 3 || n == 4) || p[strcspn(p, ",")] != '\0' || v[0] != floor(v[0]))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "bearing \"%s\": expected BALLS,BALL_DIAMETER,PITCH_DIAMETER[,CONTACT_ANGLE]",
				   spec);
	b->balls = (int)v[0];
	b->ball_d = v[1];
	b->pitch_d = v[2];
	b->contact_deg = v[3];
	return bearing_check(b, err);
}

static const char *const fault_names[I40_NFAULT] = {"bpfi", "bpfo", "bsf", "ftf"};

/* "bpfi=162.2,bpfo=107.4" */
static int
faults(const char *spec, double *f, struct i40_err *err)
{
	const char *p = spec;

	for (int k = 0; k < I40_NFAULT; k++)
		f[k] = NAN;
	while (*p) {
		size_t len = strcspn(p, ","), nl = strcspn(p, "=");
		int k;
		double v;

		for (k = 0; k < I40_NFAULT; k++)
			if (nl < len && strlen(fault_names[k]) == nl && strncmp(p, fault_names[k], nl) == 0)
				break;
		if (k == I40_NFAULT || i40_num_parse(p + nl + 1, len - nl - 1, '.', 0, &v) != 0 || !(v > 0))
			return i40_err_set(err, I40_ERR_CONFIG,
					   "faults \"%s\": expected NAME=HZ,... with names bpfi, bpfo, bsf, ftf",
					   spec);
		f[k] = v;
		p += len + (p[len] == ',');
	}
	return 0;
}

static int
envelope(const char *spec, double *lo, double *hi, struct i40_err *err)
{
	int orders;

	if (range(spec, lo, hi, &orders) != 0 || orders)
		return i40_err_set(err, I40_ERR_CONFIG,
				   "envelope band \"%s\": expected LO-HI in Hz (2000-5000), low below high", spec);
	return 0;
}

static int
add_band(struct i40_fsig *s, const struct i40_fband *b, struct i40_err *err)
{
	for (int i = 0; i < s->nband; i++)
		if (strcmp(s->band[i].name, b->name) == 0)
			return i40_err_set(err, I40_ERR_CONFIG, "band \"%s\" is given twice", b->name);
	if (s->nband == I40_FCONF_MAXBAND)
		return i40_err_set(err, I40_ERR_CONFIG, "more than %d bands", I40_FCONF_MAXBAND);
	s->band[s->nband++] = *b;
	s->set |= I40_FS_BANDS;
	return 0;
}

static int
corr_pair(struct i40_fconf *c, const char *a, size_t alen, const char *b, size_t blen,
	  struct i40_err *err)
{
	if (alen == 0 || blen == 0 || memchr(b, ',', blen) || (alen == blen && memcmp(a, b, alen) == 0))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "correlation \"%.*s,%.*s\": expected two different signals A,B",
				   (int)alen, a, (int)blen, b);
	if (c->ncorr == I40_FCONF_MAXCORR)
		return i40_err_set(err, I40_ERR_CONFIG, "more than %d correlations", I40_FCONF_MAXCORR);
	char *pa = malloc(alen + 1), *pb = malloc(blen + 1);
	if (pa == NULL || pb == NULL) {
		free(pa);
		free(pb);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	memcpy(pa, a, alen);
	pa[alen] = '\0';
	memcpy(pb, b, blen);
	pb[blen] = '\0';
	c->owned[c->nowned++] = pa;
	c->owned[c->nowned++] = pb;
	c->corr[c->ncorr].a = pa;
	c->corr[c->ncorr].b = pb;
	c->ncorr++;
	return 0;
}

/* ---- options ---- */

static int
duration(const char *name, const char *arg, int64_t *out, int zero_ok, struct i40_err *err)
{
	struct i40_err e;

	if (i40_duration_parse(arg, out, &e) != 0)
		return i40_err_set(err, I40_ERR_CONFIG, "--%s \"%s\": %s", name, arg, e.msg);
	if (*out < 0 || (*out == 0 && !zero_ok))
		return i40_err_set(err, I40_ERR_CONFIG, "--%s must be a %s duration, not \"%s\"", name,
				   zero_ok ? "non-negative" : "positive", arg);
	return 0;
}

static int
count_arg(const char *name, const char *arg, int64_t min, int64_t *out, struct i40_err *err)
{
	double v;

	if (i40_num_parse(arg, strlen(arg), '.', 0, &v) != 0 || v != floor(v) || v < (double)min ||
	    v > 1e12)
		return i40_err_set(err, I40_ERR_CONFIG, "--%s needs a whole number of at least %lld, not \"%s\"",
				   name, (long long)min, arg);
	*out = (int64_t)v;
	return 0;
}

int
i40_fconf_option(struct i40_fconf *c, const char *name, const char *arg, struct i40_err *err)
{
	struct i40_fsig *s = &c->cmdline;
	struct i40_fband b;

#define IS(n) (strcmp(name, n) == 0)
	if (IS("window")) {
		c->set |= I40_FC_WINDOW;
		return duration(name, arg, &c->window, 0, err);
	}
	if (IS("step")) {
		c->set |= I40_FC_STEP;
		return duration(name, arg, &c->step, 0, err);
	}
	if (IS("align")) {
		c->set |= I40_FC_ALIGN;
		if (strcmp(arg, "utc") && strcmp(arg, "local"))
			return i40_err_set(err, I40_ERR_CONFIG, "--align \"%s\": expected utc or local", arg);
		c->align_local = strcmp(arg, "local") == 0;
		return 0;
	}
	if (IS("samples")) {
		c->set |= I40_FC_SAMPLES;
		return count_arg(name, arg, 2, &c->samples, err);
	}
	if (IS("hop")) {
		c->set |= I40_FC_HOP;
		return count_arg(name, arg, 1, &c->hop, err);
	}
	if (IS("features")) {
		s->nfeat = i40_feat_parse(arg, s->feat, I40_FCONF_MAXFEAT, err);
		s->set |= I40_FS_FEATURES;
		return s->nfeat < 0 ? -1 : 0;
	}
	if (IS("min-count")) {
		c->set |= I40_FC_MINCOUNT;
		return count_arg(name, arg, 0, &c->min_count, err);
	}
	if (IS("min-coverage")) {
		c->set |= I40_FC_MINCOV;
		if (i40_num_parse(arg, strlen(arg), '.', 0, &c->min_coverage) != 0 ||
		    !(c->min_coverage >= 0 && c->min_coverage <= 1))
			return i40_err_set(err, I40_ERR_CONFIG, "--min-coverage needs a fraction from 0 to 1, not \"%s\"",
					   arg);
		return 0;
	}
	if (IS("skip-partial")) {
		c->set |= I40_FC_SKIP;
		c->skip_partial = 1;
		return 0;
	}
	if (IS("lateness")) {
		c->set |= I40_FC_LATENESS;
		return duration(name, arg, &c->lateness, 1, err);
	}
	if (IS("wide")) {
		c->wide = 1;
		return 0;
	}
	if (IS("corr")) {
		const char *comma = strchr(arg, ',');
		c->set |= I40_FC_CORR;
		if (comma == NULL)
			return i40_err_set(err, I40_ERR_CONFIG, "--corr \"%s\": expected two signals A,B", arg);
		return corr_pair(c, arg, (size_t)(comma - arg), comma + 1, strlen(comma + 1), err);
	}
	if (IS("corr-tol")) {
		c->set |= I40_FC_CORRTOL;
		return duration(name, arg, &c->corr_tol, 1, err);
	}
	if (IS("fs")) {
		s->set |= I40_FS_FS;
		if (positive(arg, &s->fs) != 0)
			return i40_err_set(err, I40_ERR_CONFIG, "--fs needs a sampling rate in Hz, not \"%s\"", arg);
		return 0;
	}
	if (IS("shaft")) {
		s->set |= I40_FS_SHAFT;
		return i40_fconf_shaft(arg, &s->shaft_hz, err);
	}
	if (IS("bearing")) {
		s->set |= I40_FS_BEARING;
		return bearing(arg, &s->bearing, err);
	}
	if (IS("faults")) {
		s->set |= I40_FS_FAULTS;
		return faults(arg, s->fault, err);
	}
	if (IS("envelope")) {
		s->set |= I40_FS_ENVELOPE;
		return envelope(arg, &s->env_lo, &s->env_hi, err);
	}
	if (IS("band"))
		return i40_fconf_band(arg, &b, err) != 0 ? -1 : add_band(s, &b, err);
	if (IS("taper")) {
		s->set |= I40_FS_TAPER;
		return i40_taper_parse(arg, &s->taper, err);
	}
#undef IS
	return i40_err_set(err, I40_ERR_CONFIG, "option --%s is not a feature setting", name);
}

/* ---- the plant section ---- */

/* Re-position an error of a value parser at node. */
static int
at(const struct i40_node *node, struct i40_err *err)
{
	if (err == NULL)
		return -1;
	char msg[sizeof err->msg];
	memcpy(msg, err->msg, sizeof msg);
	return i40_cfg_error(node, err, "%s", msg);
}

/* A list as a YAML sequence or one comma-separated string, joined. */
static int
list_text(const struct i40_node *n, char *buf, size_t size, const char *what, struct i40_err *err)
{
	size_t len = 0;

	if (n->kind == I40_NODE_SCALAR) {
		snprintf(buf, size, "%s", n->str);
		return 0;
	}
	if (n->kind != I40_NODE_SEQ)
		return i40_cfg_error(n, err, "%s must be a list such as [mean, std]", what);
	buf[0] = '\0';
	for (size_t i = 0; i < n->n; i++) {
		if (n->val[i]->kind != I40_NODE_SCALAR)
			return i40_cfg_error(n->val[i], err, "%s: expected a name", what);
		int w = snprintf(buf + len, size - len, "%s%s", i ? "," : "", n->val[i]->str);
		if (w < 0 || (size_t)w >= size - len)
			return i40_cfg_error(n, err, "%s: list too long", what);
		len += (size_t)w;
	}
	return 0;
}

static int
plant_features(const struct i40_node *n, struct i40_fsig *s, struct i40_err *err)
{
	char buf[1024];

	if (list_text(n, buf, sizeof buf, "features", err) != 0)
		return -1;
	s->nfeat = i40_feat_parse(buf, s->feat, I40_FCONF_MAXFEAT, err);
	if (s->nfeat < 0)
		return at(n, err);
	s->set |= I40_FS_FEATURES;
	return 0;
}

/* A number, or a string such as "1.2x" / "1797rpm" handled by fn. */
static int
scalar_text(const struct i40_node *n, const char **out, const char *what, struct i40_err *err)
{
	if (n->kind != I40_NODE_SCALAR || n->is_null)
		return i40_cfg_error(n, err, "%s: expected a single value", what);
	*out = n->str;
	return 0;
}

static int
plant_range(const struct i40_node *n, char *buf, size_t size, const char *what, struct i40_err *err)
{
	const char *a = "", *b = "";

	if (n->kind == I40_NODE_SCALAR) {
		snprintf(buf, size, "%s", n->str);
		return 0;
	}
	if (n->kind != I40_NODE_SEQ || n->n != 2)
		return i40_cfg_error(n, err, "%s must be [LO, HI]", what);
	if (scalar_text(n->val[0], &a, what, err) != 0 || scalar_text(n->val[1], &b, what, err) != 0)
		return -1;
	snprintf(buf, size, "%s-%s", a, b);
	return 0;
}

static int
plant_bearing(const struct i40_node *n, struct i40_bearing *b, struct i40_err *err)
{
	static const char *const keys[] = {"balls", "ball_diameter", "pitch_diameter", "contact_angle", NULL};
	const struct i40_node *v;
	long balls;

	memset(b, 0, sizeof *b);
	if (i40_cfg_check_keys(n, keys, "a bearing", err) != 0)
		return -1;
	for (int i = 0; i < 3; i++)
		if (i40_cfg_get(n, keys[i]) == NULL)
			return i40_cfg_error(n, err, "a bearing needs balls, ball_diameter and pitch_diameter");
	if (i40_cfg_long(i40_cfg_get(n, "balls"), 1, 1000, &balls, err) != 0 ||
	    i40_cfg_num(i40_cfg_get(n, "ball_diameter"), &b->ball_d, err) != 0 ||
	    i40_cfg_num(i40_cfg_get(n, "pitch_diameter"), &b->pitch_d, err) != 0 ||
	    ((v = i40_cfg_get(n, "contact_angle")) && i40_cfg_num(v, &b->contact_deg, err) != 0))
		return -1;
	b->balls = (int)balls;
	return bearing_check(b, err) != 0 ? at(n, err) : 0;
}

static int
plant_faults(const struct i40_node *n, double *f, struct i40_err *err)
{
	static const char *const keys[] = {"bpfi", "bpfo", "bsf", "ftf", NULL};

	if (i40_cfg_check_keys(n, keys, "faults", err) != 0)
		return -1;
	for (int k = 0; k < I40_NFAULT; k++) {
		const struct i40_node *v = i40_cfg_get(n, keys[k]);
		f[k] = NAN;
		if (v && (i40_cfg_num(v, &f[k], err) != 0 || !(f[k] > 0)))
			return i40_cfg_error(v, err, "%s must be a frequency in Hz above 0", keys[k]);
	}
	return 0;
}

static int
plant_bands(const struct i40_node *n, struct i40_fsig *s, struct i40_err *err)
{
	if (i40_cfg_expect(n, I40_NODE_MAP, "bands", err) != 0)
		return -1;
	s->nband = 0;
	for (size_t i = 0; i < n->n; i++) {
		char buf[128], spec[200];
		struct i40_fband b;

		if (plant_range(n->val[i], buf, sizeof buf, "a band", err) != 0)
			return -1;
		snprintf(spec, sizeof spec, "%s=%s", n->key[i]->str, buf);
		if (i40_fconf_band(spec, &b, err) != 0 || add_band(s, &b, err) != 0)
			return at(n->val[i], err);
	}
	s->set |= I40_FS_BANDS;
	return 0;
}

/* The spectral settings a layer may give (section, or one signal). */
static int
plant_fsig(const struct i40_node *map, struct i40_fsig *s, struct i40_err *err)
{
	const struct i40_node *v;
	const char *t = "";
	char buf[128];

	if ((v = i40_cfg_get(map, "features")) && plant_features(v, s, err) != 0)
		return -1;
	if ((v = i40_cfg_get(map, "fs"))) {
		if (i40_cfg_num(v, &s->fs, err) != 0 || !(s->fs > 0))
			return i40_cfg_error(v, err, "fs must be a sampling rate in Hz above 0");
		s->set |= I40_FS_FS;
	}
	if ((v = i40_cfg_get(map, "shaft"))) {
		if (scalar_text(v, &t, "shaft", err) != 0 || i40_fconf_shaft(t, &s->shaft_hz, err) != 0)
			return at(v, err);
		s->set |= I40_FS_SHAFT;
	}
	if ((v = i40_cfg_get(map, "bearing"))) {
		if (plant_bearing(v, &s->bearing, err) != 0)
			return -1;
		s->set |= I40_FS_BEARING;
	}
	if ((v = i40_cfg_get(map, "faults"))) {
		if (plant_faults(v, s->fault, err) != 0)
			return -1;
		s->set |= I40_FS_FAULTS;
	}
	if ((v = i40_cfg_get(map, "envelope"))) {
		if (plant_range(v, buf, sizeof buf, "envelope", err) != 0 ||
		    envelope(buf, &s->env_lo, &s->env_hi, err) != 0)
			return at(v, err);
		s->set |= I40_FS_ENVELOPE;
	}
	if ((v = i40_cfg_get(map, "bands")) && plant_bands(v, s, err) != 0)
		return -1;
	if ((v = i40_cfg_get(map, "taper"))) {
		if (scalar_text(v, &t, "taper", err) != 0 || i40_taper_parse(t, &s->taper, err) != 0)
			return at(v, err);
		s->set |= I40_FS_TAPER;
	}
	return 0;
}

static int
plant_signals(struct i40_fconf *c, const struct i40_node *n, struct i40_err *err)
{
	static const char *const keys[] = {"features", "fs", "shaft", "bearing", "faults",
					   "envelope", "bands", "taper", NULL};

	if (i40_cfg_expect(n, I40_NODE_MAP, "signals", err) != 0)
		return -1;
	free(c->named);
	c->nnamed = 0;
	c->named = calloc(n->n ? n->n : 1, sizeof *c->named);
	if (c->named == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n->n; i++) {
		struct i40_fsig_named *e = &c->named[c->nnamed];
		const char *key = n->key[i]->str, *slash = strchr(key, '/');

		fsig_clear(&e->s);
		e->asset = NULL;
		e->signal = key;
		if (slash) {
			/* "press1/vib": the asset part is kept as its own string
			 * in the node text, cut by length at lookup */
			e->asset = key;
			e->signal = slash + 1;
		}
		if (*key == '\0' || *e->signal == '\0' || (slash && slash == key))
			return i40_cfg_error(n->key[i], err, "a signal entry is SIGNAL or ASSET/SIGNAL, not \"%s\"",
					     key);
		if (n->val[i]->is_null)
			continue;
		if (i40_cfg_check_keys(n->val[i], keys, "a features signal entry", err) != 0 ||
		    plant_fsig(n->val[i], &e->s, err) != 0)
			return -1;
		c->nnamed++;
	}
	return 0;
}

static int
plant_corr(struct i40_fconf *c, const struct i40_node *n, struct i40_err *err)
{
	if (n->kind != I40_NODE_SEQ)
		return i40_cfg_error(n, err, "correlate must be a list of pairs such as [[temp, power]]");
	for (size_t i = 0; i < n->n; i++) {
		char buf[256];
		const char *comma;

		if (list_text(n->val[i], buf, sizeof buf, "a correlation", err) != 0)
			return -1;
		comma = strchr(buf, ',');
		if (comma == NULL)
			return i40_cfg_error(n->val[i], err, "a correlation is a pair [A, B]");
		if (corr_pair(c, buf, (size_t)(comma - buf), comma + 1, strlen(comma + 1), err) != 0)
			return at(n->val[i], err);
	}
	return 0;
}

static int
plant_duration(const struct i40_node *n, int64_t *out, int zero_ok, struct i40_err *err)
{
	if (i40_cfg_duration(n, out, err) != 0)
		return -1;
	if (*out < 0 || (*out == 0 && !zero_ok))
		return i40_cfg_error(n, err, "expected a %s duration", zero_ok ? "non-negative" : "positive");
	return 0;
}

int
i40_fconf_plant(struct i40_fconf *c, const struct i40_node *sec, struct i40_err *err)
{
	static const char *const keys[] = {
		"window", "step", "align", "samples", "hop", "min_count", "min_coverage",
		"skip_partial", "lateness", "correlate", "correlate_tolerance", "gauge", "counter",
		"state", "features", "fs", "shaft", "bearing", "faults", "envelope", "bands", "taper",
		"signals", NULL
	};
	const struct i40_node *v;
	/* the command line's window choice replaces the plant's whole */
	int win_cmd = (c->set & (I40_FC_WINDOW | I40_FC_STEP | I40_FC_SAMPLES | I40_FC_HOP | I40_FC_ALIGN)) != 0;
	long l;

	if (sec == NULL || sec->is_null)
		return 0;
	if (i40_cfg_check_keys(sec, keys, "the features section", err) != 0)
		return -1;
	if (!win_cmd) {
		if ((v = i40_cfg_get(sec, "window")) && plant_duration(v, &c->window, 0, err) != 0)
			return -1;
		if ((v = i40_cfg_get(sec, "step")) && plant_duration(v, &c->step, 0, err) != 0)
			return -1;
		if ((v = i40_cfg_get(sec, "align"))) {
			if (v->kind != I40_NODE_SCALAR || (strcmp(v->str, "utc") && strcmp(v->str, "local")))
				return i40_cfg_error(v, err, "align must be utc or local");
			c->align_local = strcmp(v->str, "local") == 0;
		}
		if ((v = i40_cfg_get(sec, "samples"))) {
			if (i40_cfg_long(v, 2, 1000000000L, &l, err) != 0)
				return -1;
			c->samples = l;
			if (i40_cfg_get(sec, "window") || i40_cfg_get(sec, "step"))
				return i40_cfg_error(v, err, "give samples or window, not both");
		}
		if ((v = i40_cfg_get(sec, "hop"))) {
			if (i40_cfg_long(v, 1, 1000000000L, &l, err) != 0)
				return -1;
			c->hop = l;
		}
	}
	if (!(c->set & I40_FC_MINCOUNT) && (v = i40_cfg_get(sec, "min_count"))) {
		if (i40_cfg_long(v, 0, 1000000000L, &l, err) != 0)
			return -1;
		c->min_count = l;
	}
	if (!(c->set & I40_FC_MINCOV) && (v = i40_cfg_get(sec, "min_coverage")) &&
	    (i40_cfg_num(v, &c->min_coverage, err) != 0 || !(c->min_coverage >= 0 && c->min_coverage <= 1)))
		return i40_cfg_error(v, err, "min_coverage must be a fraction from 0 to 1");
	if (!(c->set & I40_FC_SKIP) && (v = i40_cfg_get(sec, "skip_partial")) &&
	    i40_cfg_bool(v, &c->skip_partial, err) != 0)
		return -1;
	if (!(c->set & I40_FC_LATENESS) && (v = i40_cfg_get(sec, "lateness")) &&
	    plant_duration(v, &c->lateness, 1, err) != 0)
		return -1;
	if (!(c->set & I40_FC_CORR) && (v = i40_cfg_get(sec, "correlate")) && plant_corr(c, v, err) != 0)
		return -1;
	if (!(c->set & I40_FC_CORRTOL) && (v = i40_cfg_get(sec, "correlate_tolerance")) &&
	    plant_duration(v, &c->corr_tol, 1, err) != 0)
		return -1;
	for (int k = 0; k < 3; k++)
		if ((v = i40_cfg_get(sec, kind_key[k])) && plant_features(v, &c->kind[k], err) != 0)
			return -1;
	if (i40_cfg_get(sec, "features"))
		return i40_cfg_error(i40_cfg_get(sec, "features"), err,
				     "features of every signal are set per kind: gauge, counter, state");
	if (plant_fsig(sec, &c->section, err) != 0)
		return -1;
	if ((v = i40_cfg_get(sec, "signals")) && !v->is_null && plant_signals(c, v, err) != 0)
		return -1;
	return 0;
}

int
i40_fconf_check_config(const struct i40_node *section, struct i40_err *err)
{
	struct i40_fconf *c = malloc(sizeof *c);
	int rc;

	if (c == NULL)
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	rc = i40_fconf_init(c, err);
	if (rc == 0)
		rc = i40_fconf_plant(c, section, err);
	if (rc == 0)
		rc = i40_fconf_validate(c, err);
	i40_fconf_free(c);
	free(c);
	return rc;
}

int
i40_fconf_validate(const struct i40_fconf *c, struct i40_err *err)
{
	if (c->samples > 0) {
		if (c->set & (I40_FC_WINDOW | I40_FC_STEP | I40_FC_ALIGN))
			return i40_err_set(err, I40_ERR_CONFIG,
					   "--samples makes windows of a number of readings: --window, --step "
					   "and --align are for windows of time");
		if (c->ncorr > 0)
			return i40_err_set(err, I40_ERR_CONFIG,
					   "correlation needs windows of time: two signals have no common "
					   "reading count (use --window)");
		if (c->hop > c->samples)
			return i40_err_set(err, I40_ERR_CONFIG, "--hop %lld is longer than the window of %lld samples",
					   (long long)c->hop, (long long)c->samples);
	} else if (c->set & I40_FC_HOP) {
		return i40_err_set(err, I40_ERR_CONFIG, "--hop is for windows of --samples; use --step with --window");
	}
	if (c->samples == 0 && c->align_local && c->step && c->step != c->window)
		return i40_err_set(err, I40_ERR_CONFIG,
				   "windows on the local clock are tumbling: --step must equal --window");
	return 0;
}

/* ---- resolving one series ---- */

static void
overlay(struct i40_fsig *dst, const struct i40_fsig *src)
{
	if (src->set & I40_FS_FEATURES) {
		memcpy(dst->feat, src->feat, (size_t)src->nfeat * sizeof *src->feat);
		dst->nfeat = src->nfeat;
	}
	if (src->set & I40_FS_FS)
		dst->fs = src->fs;
	if (src->set & I40_FS_SHAFT)
		dst->shaft_hz = src->shaft_hz;
	if (src->set & I40_FS_BEARING)
		dst->bearing = src->bearing;
	if (src->set & I40_FS_FAULTS)
		memcpy(dst->fault, src->fault, sizeof dst->fault);
	if (src->set & I40_FS_ENVELOPE) {
		dst->env_lo = src->env_lo;
		dst->env_hi = src->env_hi;
	}
	if (src->set & I40_FS_TAPER)
		dst->taper = src->taper;
	if (src->set & I40_FS_BANDS) {
		memcpy(dst->band, src->band, (size_t)src->nband * sizeof *src->band);
		dst->nband = src->nband;
	}
	dst->set |= src->set;
}

void
i40_fconf_resolve(const struct i40_fconf *c, const char *asset, size_t alen, const char *signal,
		  size_t slen, enum i40_stream_kind k, struct i40_fsig *out)
{
	int i, n = 0;

	fsig_clear(out);
	overlay(out, &c->kind[k]);
	overlay(out, &c->section);
	/* by signal name, then by asset/signal: the narrower wins */
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < c->nnamed; j++) {
			const struct i40_fsig_named *e = &c->named[j];
			size_t el = strlen(e->signal);

			if ((pass == 0) != (e->asset == NULL) || el != slen || memcmp(e->signal, signal, slen) != 0)
				continue;
			if (e->asset && !((size_t)(e->signal - 1 - e->asset) == alen &&
					  memcmp(e->asset, asset, alen) == 0))
				continue;
			overlay(out, &e->s);
		}
	overlay(out, &c->cmdline);
	for (i = 0; i < out->nfeat; i++)
		if (i40_feat_applies(&out->feat[i], k))
			out->feat[n++] = out->feat[i];
	out->nfeat = n;
}
