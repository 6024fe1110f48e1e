/* i40-ingest - from plant exports, logs and feeds to the record stream.
 *
 * Reads files (or stdin) in one of five formats and writes the long stream
 * ts,asset,signal,value[,unit].  Which format and settings apply to a file:
 * --source NAME, else the plant file's first source whose `files` glob
 * matches the file name, else the command line (--format, default long).
 * The work is done by lib/ingest.c; this file is options and wiring.
 */
#include <fnmatch.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "ingest.h"
#include "plant.h"
#include "rec.h"

enum { OPT_SIGNAL = 256, OPT_DECIMAL, OPT_THOUSANDS, OPT_TIME_COLUMN, OPT_ASSET_TAG, OPT_INFLUX_PRECISION };

static const struct i40_opt opts[] = {
	{'f', "format", "FMT", "input format: long, wide, regex, influx, mqtt"},
	{'s', "source", "NAME", "use the plant file's ingest source NAME"},
	{'a', "asset", "NAME", "asset of every value (wide: the columns are its signals)"},
	{OPT_SIGNAL, "signal", "NAME", "signal of every value (regex, mqtt)"},
	{'p', "pattern", "RE", "regex: line pattern; mqtt: topic pattern (PCRE2, named groups)"},
	{'d', "delimiter", "C", "field delimiter of CSV input (default: guessed from the header)"},
	{OPT_DECIMAL, "decimal", "C", "decimal mark of numbers: . (default) or ,"},
	{OPT_THOUSANDS, "thousands", "C", "thousands separator of numbers (. , ' or space)"},
	{'t', "time-format", "FMT", "auto, iso, epoch, epoch_ms, epoch_us, epoch_ns, excel, dmy, mdy, or %-pattern"},
	{OPT_TIME_COLUMN, "time-column", "NAME", "column holding the time (wide: default the first)"},
	{OPT_ASSET_TAG, "asset-tag", "TAG", "influx: tag whose value is the asset (default host)"},
	{OPT_INFLUX_PRECISION, "influx-precision", "P", "influx: unit of timestamps, ns (default), us, ms, s"},
	{0},
};

static const struct i40_cli cli = {
	"i40-ingest", "[OPTION]... [FILE]...",
	"Read plant exports, logs and feeds; write records ts,asset,signal,value[,unit].",
	opts,
	"Examples:\n"
	"  i40-ingest -c plant.yaml scada_*.csv > records.csv\n"
	"  i40-ingest -f wide -a press1 -d ';' --decimal , export.csv\n"
	"  i40-ingest -f regex -p '^(?<ts>\\S+ \\S+) (?<asset>\\w+) (?<signal>\\w+)=(?<value>\\S+)' plc.log\n"
	"  mosquitto_sub -v -t 'plant/#' | i40-ingest -f mqtt -p '^plant/(?<asset>[^/]+)/(?<signal>[^/]+)$'\n"
	"Times without a zone are local time of the plant (timezone:) or UTC.\n"
	"MQTT lines without a time, and Influx lines without a timestamp, get the\n"
	"arrival time.\n",
	I40_CLI_ALL,
};

/* Command-line settings; each set one overrides the matched source. */
struct cmdline {
	struct i40_source src;
	unsigned set;              /* bit per field given */
	const char *source_name;
};

enum { SET_FORMAT = 1, SET_ASSET = 2, SET_SIGNAL = 4, SET_PATTERN = 8, SET_DELIM = 16, SET_DECIMAL = 32,
       SET_THOUSANDS = 64, SET_TIMEFMT = 128, SET_TIMECOL = 256, SET_TAG = 512, SET_PREC = 1024 };

static int
one_char(const char *arg, char *out, const char *what, struct i40_err *err)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(arg) != 1)
		return i40_err_set(err, I40_ERR_CONFIG, "%s must be one character, not \"%s\"", what, arg);
	*out = arg[0];
	return 0;
}

static int
on_opt(void *ctx, int id, const char *arg, struct i40_err *err)
{
	struct cmdline *c = ctx;
	struct i40_source *s = &c->src;

	switch (id) {
	case 'f':
		if (i40_format_parse(arg, &s->format) != 0)
			return i40_err_set(err, I40_ERR_CONFIG, "format \"%s\": expected long, wide, regex, influx or mqtt", arg);
		c->set |= SET_FORMAT;
		return 0;
	case 's': c->source_name = arg; return 0;
	case 'a': s->asset = arg; c->set |= SET_ASSET; return 0;
	case OPT_SIGNAL: s->signal = arg; c->set |= SET_SIGNAL; return 0;
	case 'p': s->pattern = arg; c->set |= SET_PATTERN; return 0;
	case 'd': c->set |= SET_DELIM; return one_char(arg, &s->delimiter, "the delimiter", err);
	case OPT_DECIMAL:
		c->set |= SET_DECIMAL;
		if (one_char(arg, &s->decimal, "the decimal mark", err) != 0)
			return -1;
		if (s->decimal != '.' && s->decimal != ',')
			return i40_err_set(err, I40_ERR_CONFIG, "the decimal mark must be . or ,");
		return 0;
	case OPT_THOUSANDS: c->set |= SET_THOUSANDS; return one_char(arg, &s->thousands, "the thousands separator", err);
	case 't': s->time_format = arg; c->set |= SET_TIMEFMT; return 0;
	case OPT_TIME_COLUMN: s->time_column = arg; c->set |= SET_TIMECOL; return 0;
	case OPT_ASSET_TAG: s->asset_tag = arg; c->set |= SET_TAG; return 0;
	case OPT_INFLUX_PRECISION:
		if (strcmp(arg, "ns") && strcmp(arg, "us") && strcmp(arg, "ms") && strcmp(arg, "s"))
			return i40_err_set(err, I40_ERR_CONFIG, "influx precision \"%s\": expected ns, us, ms or s", arg);
		s->precision = arg;
		c->set |= SET_PREC;
		return 0;
	}
	return i40_err_set(err, I40_ERR_CONFIG, "unhandled option");
}

/* The source for one input: named, matched by file name, or none. */
static const struct i40_source *
match_source(const struct i40_plant *p, const struct cmdline *c, const char *path)
{
	if (c->source_name) {
		for (size_t i = 0; i < p->nsources; i++)
			if (p->sources[i].name && strcmp(p->sources[i].name, c->source_name) == 0)
				return &p->sources[i];
		return NULL;
	}
	if (c->set & SET_FORMAT)
		return NULL;   /* an explicit format means: the command line describes the input */
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path);
	const char *base = strcmp(path, "-") == 0 ? NULL : basename(buf);
	for (size_t i = 0; i < p->nsources; i++) {
		const char *glob = p->sources[i].files;
		if (glob == NULL || (base && fnmatch(glob, base, 0) == 0))
			return &p->sources[i];
	}
	return NULL;
}

/* The matched source with the command line's settings on top. */
static void
effective_source(const struct i40_source *base, const struct cmdline *c, char tsv, struct i40_source *out)
{
	const struct i40_source *s = &c->src;
	if (base)
		*out = *base;
	else {
		memset(out, 0, sizeof *out);
		out->decimal = '.';
	}
	if (tsv)
		out->delimiter = '\t';
#define TAKE(bit, field) if (c->set & (bit)) out->field = s->field
	TAKE(SET_FORMAT, format);
	TAKE(SET_ASSET, asset);
	TAKE(SET_SIGNAL, signal);
	TAKE(SET_PATTERN, pattern);
	TAKE(SET_DELIM, delimiter);
	TAKE(SET_DECIMAL, decimal);
	TAKE(SET_THOUSANDS, thousands);
	TAKE(SET_TIMEFMT, time_format);
	TAKE(SET_TIMECOL, time_column);
	TAKE(SET_TAG, asset_tag);
	TAKE(SET_PREC, precision);
#undef TAKE
}

static int
on_reject(void *ctx, const struct i40_err *err, const char *raw, size_t rawlen)
{
	return i40_diag_reject(ctx, err, raw, rawlen);
}

static void
on_warn(void *ctx, const struct i40_err *err)
{
	char buf[1024];
	i40_err_format(err, buf, sizeof buf);
	i40_diag_warn(ctx, "%s", buf);
}

int
main(int argc, char **argv)
{
	struct cmdline c = {.src = {.decimal = '.'}};
	struct i40_start s;
	struct i40_diag d;
	struct i40_err err;

	i40_diag_start(&s, &cli, argc, argv, on_opt, &c);
	if (c.src.delimiter && c.src.delimiter == c.src.decimal)
		i40_die(cli.prog, I40_EXIT_USAGE, "the delimiter cannot be the decimal mark too");
	if (c.source_name && match_source(s.plant, &c, "-") == NULL)
		i40_die(cli.prog, I40_EXIT_USAGE, "no ingest source named \"%s\" in %s", c.source_name,
			s.common.config ? s.common.config : "the plant file (give -c FILE)");

	i40_diag_init(&d, cli.prog, &s.common);
	struct i40_rec_writer *w = i40_rec_writer_new(stdout, s.common.tsv ? '\t' : ',', s.common.precision);
	struct i40_ingest *in = w ? i40_ingest_new(s.plant, s.tz, w, on_reject, on_warn, &d, &err) : NULL;
	if (in == NULL)
		i40_die_err(cli.prog, &err);

	char *stdin_only[] = {"-"};
	char **paths = s.first < argc ? argv + s.first : stdin_only;
	int npaths = s.first < argc ? argc - s.first : 1;
	for (int i = 0; i < npaths; i++) {
		struct i40_source src;
		effective_source(match_source(s.plant, &c, paths[i]), &c, s.common.tsv, &src);
		int rc = i40_ingest_run(in, &src, paths[i], &err);
		if (rc == -2)
			break;   /* --strict */
		if (rc == -1) {
			i40_diag_problem(&d, &err);
			if (err.kind == I40_ERR_CONFIG)
				break;
		}
	}
	i40_ingest_finish(in);

	struct i40_ingest_stats st;
	i40_ingest_stats(in, &st);
	d.in = st.in;
	d.out = st.out;
	d.rejected = st.rejected;
	if (i40_rec_truncated(w))
		i40_diag_warn(&d, "%ld timestamps were cut to the stream's precision (use --precision)",
			      i40_rec_truncated(w));
	if (st.gaps)
		i40_diag_warn(&d, "%ld local times fell in a daylight-saving gap and were read with the offset "
			      "before the change", st.gaps);
	if (s.common.stats && (st.empty || st.repeats))
		fprintf(stderr, "%s: %ld empty cells (missing values), %ld local times in a repeated hour\n",
			cli.prog, st.empty, st.repeats);
	i40_ingest_free(in);
	return i40_diag_finish(&d, &s, w);
}
