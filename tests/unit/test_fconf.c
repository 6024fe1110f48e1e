/* test_fconf.c - options and the plant's features: section give the
 * settings fconf.h documents, in the documented order of precedence, and
 * every bad value is refused with a message (and a position in the
 * plant file). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "fconf.h"

#define S 1000000000LL

static struct i40_doc *
doc(const char *yaml)
{
	struct i40_doc *d = i40_cfg_parse(yaml, strlen(yaml), "plant.yaml", NULL);

	assert_non_null(d);
	return d;
}

static const struct i40_node *
section(const struct i40_doc *d)
{
	return i40_cfg_get(d->root, "features");
}

static void
defaults(void **state)
{
	struct i40_fconf c;
	struct i40_fsig s;

	(void)state;
	assert_int_equal(i40_fconf_init(&c, NULL), 0);
	assert_true(c.window == 60 * S);
	assert_true(c.step == 0 && c.samples == 0 && c.lateness == 0);
	assert_int_equal(c.min_count, 1);
	assert_true(fabs(c.min_coverage - 0.9) < 1e-15);
	i40_fconf_resolve(&c, "m1", 2, "temp", 4, I40_STREAM_GAUGE, &s);
	assert_int_equal(s.nfeat, 5);
	assert_string_equal(s.feat[0].name, "mean");
	assert_string_equal(s.feat[4].name, "rms");
	assert_int_equal(s.taper, I40_TAPER_HANN);
	assert_true(isnan(s.fault[I40_FAULT_BPFI]));
	i40_fconf_resolve(&c, "m1", 2, "parts", 5, I40_STREAM_COUNTER, &s);
	assert_int_equal(s.nfeat, 2);
	assert_string_equal(s.feat[1].name, "rate");
	i40_fconf_resolve(&c, "m1", 2, "state", 5, I40_STREAM_STATE, &s);
	assert_string_equal(s.feat[0].name, "time");
	assert_int_equal(i40_fconf_validate(&c, NULL), 0);
	i40_fconf_free(&c);
}

static void
options(void **state)
{
	struct i40_fconf c;
	struct i40_fsig s;
	struct i40_err e;

	(void)state;
	assert_int_equal(i40_fconf_init(&c, NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "window", "1h", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "step", "10m", NULL), 0);
	assert_true(c.window == 3600 * S && c.step == 600 * S);
	assert_int_equal(i40_fconf_option(&c, "features", "mean,p95,delta,time", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "shaft", "1797rpm", NULL), 0);
	/* 1797 / 60 */
	assert_true(fabs(c.cmdline.shaft_hz - 29.95) < 1e-12);
	assert_int_equal(i40_fconf_option(&c, "bearing", "9,0.3126,1.537", NULL), 0);
	assert_int_equal(c.cmdline.bearing.balls, 9);
	assert_int_equal(i40_fconf_option(&c, "faults", "bpfo=107.36,ftf=11.9", NULL), 0);
	assert_true(c.cmdline.fault[I40_FAULT_BPFO] == 107.36 && c.cmdline.fault[I40_FAULT_FTF] == 11.9);
	assert_true(isnan(c.cmdline.fault[I40_FAULT_BPFI]));
	assert_int_equal(i40_fconf_option(&c, "band", "hf=2000-5000", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "band", "0.5x-1.5x", NULL), 0);
	assert_int_equal(c.cmdline.nband, 2);
	assert_string_equal(c.cmdline.band[1].name, "0.5x-1.5x");
	assert_true(c.cmdline.band[1].orders && c.cmdline.band[1].lo == 0.5 && c.cmdline.band[1].hi == 1.5);
	assert_int_equal(i40_fconf_option(&c, "envelope", "2000-5000", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "taper", "flattop", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "corr", "temp,power", NULL), 0);
	assert_string_equal(c.corr[0].a, "temp");
	assert_string_equal(c.corr[0].b, "power");
	/* the command line's features apply to every kind, filtered by kind */
	i40_fconf_resolve(&c, "m1", 2, "x", 1, I40_STREAM_GAUGE, &s);
	assert_int_equal(s.nfeat, 2);
	assert_string_equal(s.feat[1].name, "p95");
	i40_fconf_resolve(&c, "m1", 2, "x", 1, I40_STREAM_COUNTER, &s);
	assert_int_equal(s.nfeat, 2);
	assert_string_equal(s.feat[1].name, "delta");
	assert_int_equal(i40_fconf_validate(&c, NULL), 0);

	/* errors name the option and what was expected */
	assert_int_equal(i40_fconf_option(&c, "window", "1 parsec", &e), -1);
	assert_non_null(strstr(e.msg, "--window"));
	assert_int_equal(i40_fconf_option(&c, "window", "0s", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "samples", "1", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "samples", "12.5", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "min-coverage", "1.5", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "align", "mars", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "features", "mean,kurtosis", &e), -1);
	assert_non_null(strstr(e.msg, "unknown feature \"kurtosis\""));
	assert_int_equal(i40_fconf_option(&c, "shaft", "fast", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "bearing", "9,0.3", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "bearing", "9,2,1", &e), -1);
	assert_non_null(strstr(e.msg, "smaller than"));
	assert_int_equal(i40_fconf_option(&c, "faults", "bpfx=3", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "band", "hf=5000-2000", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "band", "hf=1x-500", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "band", "hf=1-2", &e), -1);
	assert_non_null(strstr(e.msg, "twice"));
	assert_int_equal(i40_fconf_option(&c, "envelope", "1x-2x", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "taper", "kaiser", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "corr", "temp", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "corr", "temp,temp", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "lateness", "-1s", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "fs", "0", &e), -1);
	assert_int_equal(i40_fconf_option(&c, "colour", "red", &e), -1);
	i40_fconf_free(&c);
}

static void
combinations(void **state)
{
	struct i40_fconf c;
	struct i40_err e;

	(void)state;
	assert_int_equal(i40_fconf_init(&c, NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "samples", "1024", NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "hop", "2048", NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, &e), -1);
	assert_int_equal(i40_fconf_option(&c, "hop", "512", NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "window", "1m", NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, &e), -1);
	assert_non_null(strstr(e.msg, "--samples"));
	i40_fconf_free(&c);

	assert_int_equal(i40_fconf_init(&c, NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "hop", "5", NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, &e), -1);
	i40_fconf_free(&c);

	assert_int_equal(i40_fconf_init(&c, NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "align", "local", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "window", "1d", NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "step", "1h", NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, &e), -1);
	assert_non_null(strstr(e.msg, "tumbling"));
	i40_fconf_free(&c);

	assert_int_equal(i40_fconf_init(&c, NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "samples", "100", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "corr", "a,b", NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, &e), -1);
	assert_non_null(strstr(e.msg, "correlation"));
	i40_fconf_free(&c);
}

static const char plant_yaml[] =
	"features:\n"
	"  window: 10m\n"
	"  min_coverage: 0.5\n"
	"  gauge: [mean, max]\n"
	"  counter: delta\n"
	"  taper: hamming\n"
	"  shaft: 25\n"
	"  correlate: [[temp, power], \"vib,power\"]\n"
	"  signals:\n"
	"    vib:\n"
	"      features: [rms, env_bpfo]\n"
	"      fs: 12000\n"
	"      bearing: {balls: 9, ball_diameter: 0.3126, pitch_diameter: 1.537}\n"
	"      bands: {low: [10, 500], order1: [0.8x, 1.2x]}\n"
	"    press2/vib:\n"
	"      shaft: 1500rpm\n"
	"      faults: {bpfo: 90}\n"
	"      envelope: [1000, 3000]\n";

static void
plant_layers(void **state)
{
	struct i40_doc *d = doc(plant_yaml);
	struct i40_fconf c;
	struct i40_fsig s;

	(void)state;
	assert_int_equal(i40_fconf_init(&c, NULL), 0);
	assert_int_equal(i40_fconf_plant(&c, section(d), NULL), 0);
	assert_int_equal(i40_fconf_validate(&c, NULL), 0);
	assert_true(c.window == 600 * S);
	assert_true(c.min_coverage == 0.5);
	assert_int_equal(c.ncorr, 2);
	assert_string_equal(c.corr[1].a, "vib");
	/* a gauge with no entry: the kind's list, the section's settings */
	i40_fconf_resolve(&c, "press1", 6, "temp", 4, I40_STREAM_GAUGE, &s);
	assert_int_equal(s.nfeat, 2);
	assert_string_equal(s.feat[1].name, "max");
	assert_int_equal(s.taper, I40_TAPER_HAMMING);
	assert_true(s.shaft_hz == 25);
	/* vib of any asset */
	i40_fconf_resolve(&c, "press1", 6, "vib", 3, I40_STREAM_GAUGE, &s);
	assert_int_equal(s.nfeat, 2);
	assert_string_equal(s.feat[1].name, "env_bpfo");
	assert_true(s.fs == 12000 && s.shaft_hz == 25 && s.bearing.balls == 9);
	assert_int_equal(s.nband, 2);
	assert_true(s.band[1].orders);
	assert_true(isnan(s.fault[I40_FAULT_BPFO]));
	/* press2/vib narrows vib */
	i40_fconf_resolve(&c, "press2", 6, "vib", 3, I40_STREAM_GAUGE, &s);
	assert_true(s.fs == 12000 && s.shaft_hz == 25.0 && s.fault[I40_FAULT_BPFO] == 90);
	assert_true(s.env_lo == 1000 && s.env_hi == 3000);
	assert_string_equal(s.feat[0].name, "rms");
	/* the asset part must match whole: "press" is not "press2" */
	i40_fconf_resolve(&c, "press", 5, "vib", 3, I40_STREAM_GAUGE, &s);
	assert_true(isnan(s.fault[I40_FAULT_BPFO]));
	i40_fconf_resolve(&c, "press1", 6, "parts", 5, I40_STREAM_COUNTER, &s);
	assert_int_equal(s.nfeat, 1);
	assert_string_equal(s.feat[0].name, "delta");
	i40_fconf_free(&c);

	/* the command line wins over every plant layer */
	assert_int_equal(i40_fconf_init(&c, NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "features", "kurt", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "shaft", "10", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "samples", "4096", NULL), 0);
	assert_int_equal(i40_fconf_option(&c, "min-coverage", "0.2", NULL), 0);
	assert_int_equal(i40_fconf_plant(&c, section(d), NULL), 0);
	assert_true(c.samples == 4096 && c.window == 60 * S);   /* plant's window not taken */
	assert_true(c.min_coverage == 0.2);
	i40_fconf_resolve(&c, "press2", 6, "vib", 3, I40_STREAM_GAUGE, &s);
	assert_int_equal(s.nfeat, 1);
	assert_string_equal(s.feat[0].name, "kurt");
	assert_true(s.shaft_hz == 10 && s.fault[I40_FAULT_BPFO] == 90);
	i40_fconf_free(&c);
	i40_cfg_free(d);
}

/* Each bad section is refused at the right line and column. */
static void
plant_errors(void **state)
{
	static const struct {
		const char *yaml, *where, *what;
	} bad[] = {
		{"features:\n  windw: 1m\n", "plant.yaml:2:3", "did you mean \"window\""},
		{"features:\n  window: soon\n", "plant.yaml:2:11", ""},
		{"features:\n  gauge: [mean, kurtosis]\n", "plant.yaml:2:10", "unknown feature"},
		{"features:\n  features: [mean]\n", "plant.yaml:2:13", "per kind"},
		{"features:\n  signals:\n    vib: {fs: -3}\n", "plant.yaml:3:15", "fs must be"},
		{"features:\n  signals:\n    vib: {bearing: {balls: 9}}\n", "plant.yaml:3:20", "needs balls"},
		{"features:\n  signals:\n    vib: {bands: {a: [3, 1]}}\n", "plant.yaml:3:22", "low below high"},
		{"features:\n  signals:\n    vib: {faults: {bpfi: 0}}\n", "plant.yaml:3:26", "above 0"},
		{"features:\n  signals:\n    vib: {envelope: [1, 2, 3]}\n", "plant.yaml:3:21", "[LO, HI]"},
		{"features:\n  signals:\n    /vib: {fs: 1}\n", "plant.yaml:3:5", "ASSET/SIGNAL"},
		{"features:\n  signals:\n    vib: {kind: gauge}\n", "plant.yaml:3:11", "unknown key"},
		{"features:\n  correlate: [[a]]\n", "plant.yaml:2:15", "pair"},
		{"features:\n  samples: 100\n  window: 1m\n", "plant.yaml:2:12", "not both"},
		{"features:\n  align: local\n  step: 10m\n", "", "tumbling"},
		{"features:\n  min_coverage: 2\n", "plant.yaml:2:17", "fraction"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct i40_doc *d = doc(bad[i].yaml);
		struct i40_err e;
		char msg[1024];

		assert_int_equal(i40_fconf_check_config(section(d), &e), -1);
		assert_int_equal(e.kind, I40_ERR_CONFIG);
		i40_err_format(&e, msg, sizeof msg);
		if (strstr(msg, bad[i].where) == NULL || strstr(msg, bad[i].what) == NULL)
			fail_msg("case %zu: got \"%s\", want %s and %s", i, msg, bad[i].where, bad[i].what);
		i40_cfg_free(d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(options),
		cmocka_unit_test(combinations),
		cmocka_unit_test(plant_layers),
		cmocka_unit_test(plant_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
