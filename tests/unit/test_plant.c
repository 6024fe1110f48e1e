/* test_plant.c - YAML tree, plant file checks and their error positions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cfg.h"
#include "cli.h"
#include "plant.h"
#include "re.h"
#include "testutil.h"

/* Load text as a plant file; return the error message ("" when fine). */
static const char *
plant_error(const char *text)
{
	static char msg[1200];
	struct i40_err e;
	char *path = temp_file(text);
	struct i40_plant *p = i40_plant_load(path, &e);
	if (p) {
		msg[0] = '\0';
		i40_plant_free(p);
	} else {
		char buf[1100];
		i40_err_format(&e, buf, sizeof buf);
		/* drop the temporary file name */
		snprintf(msg, sizeof msg, "%s", strchr(buf, ':') ? strchr(buf, ':') + 1 : buf);
		assert_int_equal(e.kind, I40_ERR_CONFIG);
	}
	unlink(path);
	free(path);
	return msg;
}

static const char plant_text[] =
	"plant: Example works\n"
	"timezone: Europe/Rome\n"
	"strict: true\n"
	"assets:\n"
	"  press1:\n"
	"    description: 250 t press\n"
	"    signals: &press\n"
	"      temp: {unit: degC, kind: gauge, min: -20, max: 250, hi: 90, interval: 1s}\n"
	"      parts: {kind: counter}\n"
	"      state: {kind: state}\n"
	"  press2:\n"
	"    signals: *press\n"
	"  spare:\n"
	"ingest:\n"
	"  sources:\n"
	"    - name: scada\n"
	"      format: wide\n"
	"      files: \"scada_*.csv\"\n"
	"      delimiter: \";\"\n"
	"      decimal: \",\"\n"
	"      thousands: \".\"\n"
	"      time_format: \"%d.%m.%Y %H:%M:%S\"\n"
	"      asset: press1\n"
	"      map:\n"
	"        \"Temp [F]\": {signal: temp, scale: 0.5555555556, offset: -17.7777777778}\n"
	"        Stueck: parts\n"
	"      ignore: [Kommentar]\n"
	"    - name: broker\n"
	"      format: mqtt\n"
	"      topic: '^plant/(?<asset>[^/]+)/(?<signal>[^/]+)$'\n"
	"oee:\n"
	"  targets: {oee: 0.85}\n";

static void
loads_a_full_plant(void **state)
{
	struct i40_err e;
	char *path = temp_file(plant_text);
	(void)state;
	struct i40_plant *p = i40_plant_load(path, &e);
	if (p == NULL)
		fail_msg("%s:%ld:%ld: %s", e.file, e.line, e.col, e.msg);
	assert_string_equal(p->name, "Example works");
	assert_string_equal(i40_tz_name(p->tz), "Europe/Rome");
	assert_true(p->strict);
	assert_int_equal(p->nsignals, 6);   /* press2 shares press1's signals by alias */
	const struct i40_signal_def *s = i40_plant_signal(p, "press2", 6, "temp", 4);
	assert_non_null(s);
	assert_string_equal(s->unit, "degC");
	assert_true(s->min == -20 && s->max == 250 && s->hi == 90 && isnan(s->lo));
	assert_true(s->interval == I40_NS_PER_SEC);
	assert_int_equal(i40_plant_signal(p, "press1", 6, "parts", 5)->kind, I40_COUNTER);
	assert_null(i40_plant_signal(p, "press1", 6, "nope", 4));
	assert_true(i40_plant_has_asset(p, "spare", 5));
	assert_false(i40_plant_has_asset(p, "press3", 6));
	assert_int_equal(p->nsources, 2);
	const struct i40_source *src = &p->sources[0];
	assert_int_equal(src->format, I40_FMT_WIDE);
	assert_int_equal(src->delimiter, ';');
	assert_int_equal(src->decimal, ',');
	assert_int_equal(src->thousands, '.');
	assert_int_equal(src->nmap, 2);
	assert_string_equal(src->map[0].from, "Temp [F]");
	assert_true(fabs(src->map[0].scale - 0.5555555556) < 1e-12);
	assert_string_equal(src->map[1].signal, "parts");
	assert_true(src->map[1].scale == 1);
	assert_int_equal(src->nignore, 1);
	assert_int_equal(p->sources[1].format, I40_FMT_MQTT);
	assert_non_null(p->sources[1].pattern);
	assert_non_null(i40_plant_section(p, "oee"));
	assert_null(i40_plant_section(p, "report"));
	i40_plant_free(p);
	unlink(path);
	free(path);
}

static void
errors_name_line_and_column(void **state)
{
	(void)state;
	assert_string_equal(plant_error("timezon: Europe/Rome\n"),
			    "1:1: unknown key \"timezon\" in the plant file (did you mean \"timezone\"?)");
	assert_string_equal(plant_error("timezone: Europe/Roma\n"),
			    "1:11: unknown time zone \"Europe/Roma\" (no /usr/share/zoneinfo/Europe/Roma; is tzdata installed?)");
	assert_string_equal(plant_error("assets:\n  m1:\n    signals:\n      t: {kind: gaueg}\n"),
			    "4:17: kind \"gaueg\": expected gauge, counter or state");
	assert_string_equal(plant_error("assets:\n  m1:\n    signals:\n      t: {min: 5, max: 1}\n"),
			    "4:16: min 5 is above max 1");
	assert_string_equal(plant_error("assets:\n  m1:\n    signals:\n      t: {max: ten}\n"),
			    "4:16: expected a number, found \"ten\"");
	assert_string_equal(plant_error("assets:\n  m1: {}\n  m1: {}\n"),
			    "3:3: key \"m1\" appears twice (first on line 2)");
	assert_string_equal(plant_error("assets: [a, b\n"),
			    "2:1: YAML: did not find expected ',' or ']' while parsing a flow sequence");
	assert_string_equal(plant_error("ingest:\n  sources:\n    - format: csv\n"),
			    "3:15: format \"csv\": expected long, wide, regex, influx or mqtt");
	assert_string_equal(plant_error("ingest:\n  sources:\n    - format: regex\n"),
			    "3:7: a regex source needs a pattern with named groups (?<ts>...) (?<value>...)");
	assert_string_equal(plant_error("ingest:\n  sources:\n    - {format: wide, delimiter: \",\", decimal: \",\"}\n"),
			    "3:33: the delimiter cannot be the decimal mark too (European exports use \";\")");
	assert_string_equal(plant_error("strict: maybe\n"), "1:9: expected true or false, found \"maybe\"");
	assert_string_equal(plant_error("oee: 5\n"), "1:6: oee must be a map (key: value lines), not a single value");
	assert_string_equal(plant_error("a: 1\n---\nb: 2\n"),
			    "2: more than one YAML document ('---'); put everything in one");
	assert_string_equal(plant_error(""), "");            /* empty file: an empty plant */
	assert_string_equal(plant_error("x: *nope\n"), "1:4: unknown alias *nope");
}

static void
no_config_is_an_empty_utc_plant(void **state)
{
	(void)state;
	struct i40_plant *p = i40_plant_load(NULL, NULL);
	assert_non_null(p);
	assert_string_equal(i40_tz_name(p->tz), "UTC");
	assert_int_equal(p->nsignals, 0);
	assert_null(i40_plant_signal(p, "a", 1, "b", 1));
	i40_plant_free(p);
}

static void
deep_nesting_is_refused(void **state)
{
	char text[1000] = "";
	struct i40_err e;
	(void)state;
	for (int i = 0; i < 100; i++)
		strcat(text, "[");
	assert_null(i40_cfg_parse(text, strlen(text), "deep.yaml", &e));
	assert_non_null(strstr(e.msg, "nesting"));
}

/* An alias inside the node its anchor names would make the tree a loop
 * that every reader of it follows forever (fuzz_plant: stack overflow). */
static void
alias_loop_is_refused(void **state)
{
	static const char text[] = "a: &x\n  b: *x\n";
	struct i40_err e;
	(void)state;
	assert_null(i40_cfg_parse(text, strlen(text), "loop.yaml", &e));
	assert_non_null(strstr(e.msg, "loop"));
	assert_int_equal(e.line, 2);
	assert_int_equal(e.col, 6);
	/* the same alias after the node is closed is a plain reuse */
	static const char ok[] = "a: &x\n  b: 1\nc: *x\n";
	struct i40_doc *doc = i40_cfg_parse(ok, strlen(ok), "ok.yaml", &e);
	assert_non_null(doc);
	assert_ptr_equal(i40_cfg_get(doc->root, "a"), i40_cfg_get(doc->root, "c"));
	i40_cfg_free(doc);
}

static void
patterns(void **state)
{
	struct i40_err e;
	size_t len;
	(void)state;
	struct i40_re *re = i40_re_compile("^plant/(?<asset>[^/]+)/(?<signal>[^/]+)$", &e);
	assert_non_null(re);
	assert_int_equal(i40_re_match(re, "plant/press1/temp", 17, &e), 1);
	const char *g = i40_re_group(re, i40_re_group_number(re, "signal"), &len);
	assert_int_equal(len, 4);
	assert_memory_equal(g, "temp", 4);
	assert_int_equal(i40_re_group_number(re, "value"), -1);
	assert_int_equal(i40_re_match(re, "other/x", 7, &e), 0);
	/* invalid UTF-8 cannot be matched by [^/]: no match, and no error */
	assert_int_equal(i40_re_match(re, "plant/\xff/t", 9, &e), 0);
	i40_re_free(re);
	assert_null(i40_re_compile("(?<ts>[0-9+", &e));
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	assert_non_null(strstr(e.msg, "at character"));
}

static int
on_opt(void *ctx, int id, const char *arg, struct i40_err *err)
{
	(void)err;
	if (id == 'w')
		*(const char **)ctx = arg;
	return 0;
}

static void
shared_options(void **state)
{
	static const struct i40_opt opts[] = {{'w', "window", "DUR", "window length"}, {0}};
	static const struct i40_cli cli = {"i40-test", "[OPTION]... [FILE]...", "Test.", opts, NULL, I40_CLI_ALL};
	char *argv[] = {"i40-test", "--tsv", "-w", "1m", "in.csv", "--rejects=bad.csv", "--precision", "ms", NULL};
	struct i40_common c;
	struct i40_err e;
	const char *win = NULL;
	(void)state;
	int first = i40_cli_parse(&cli, 8, argv, &c, on_opt, &win, &e);
	assert_int_equal(first, 7);   /* getopt moved the operand to the end */
	assert_string_equal(argv[first], "in.csv");
	assert_true(c.tsv);
	assert_string_equal(win, "1m");
	assert_string_equal(c.rejects, "bad.csv");
	assert_int_equal(c.precision, 3);
	char *bad[] = {"i40-test", "--windw", "1m", NULL};
	assert_int_equal(i40_cli_parse(&cli, 3, bad, &c, on_opt, &win, &e), -1);
	assert_string_equal(e.msg, "unknown option --windw");
	char *missing[] = {"i40-test", "-w", NULL};
	assert_int_equal(i40_cli_parse(&cli, 2, missing, &c, on_opt, &win, &e), -1);
	assert_string_equal(e.msg, "option -w needs an argument");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_a_full_plant),
		cmocka_unit_test(errors_name_line_and_column),
		cmocka_unit_test(no_config_is_an_empty_utc_plant),
		cmocka_unit_test(deep_nesting_is_refused),
		cmocka_unit_test(alias_loop_is_refused),
		cmocka_unit_test(patterns),
		cmocka_unit_test(shared_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
