/* cli.c - option tables to getopt_long, help text and completion lists. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rec.h"

enum {
	OPT_TSV = 1000, OPT_REJECTS, OPT_STRICT, OPT_TZ, OPT_STATS, OPT_PRECISION, OPT_LIST
};

static const struct { unsigned bit; struct i40_opt opt; } shared_opts[] = {
	{I40_CLI_CONFIG, {'c', "config", "FILE", "plant file (see i40-plant(5))"}},
	{I40_CLI_TSV, {OPT_TSV, "tsv", NULL, "tab-separated input and output instead of CSV"}},
	{I40_CLI_REJECTS, {OPT_REJECTS, "rejects", "FILE", "write bad records there, with file, line and reason"}},
	{I40_CLI_REJECTS, {OPT_STRICT, "strict", NULL, "stop at the first bad record"}},
	{I40_CLI_TZ, {OPT_TZ, "tz", "ZONE", "time zone of times written without one (default: plant's, else UTC)"}},
	{I40_CLI_STATS, {OPT_STATS, "stats", NULL, "print record counts to stderr at the end"}},
	{I40_CLI_PRECISION, {OPT_PRECISION, "precision", "P", "time precision of output: s, ms, us, ns, auto (default)"}},
	{~0u, {'h', "help", NULL, "show this help and exit"}},
	{~0u, {'V', "version", NULL, "show the version and exit"}},
};
#define NSHARED (sizeof shared_opts / sizeof shared_opts[0])

static size_t
count_opts(const struct i40_opt *o)
{
	size_t n = 0;
	while (o && o[n].name)
		n++;
	return n;
}

static void
print_opt(FILE *fp, const struct i40_opt *o)
{
	char left[64];
	if (o->id < 256)
		snprintf(left, sizeof left, "-%c, --%s%s%s", o->id, o->name, o->arg ? "=" : "", o->arg ? o->arg : "");
	else
		snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? "=" : "", o->arg ? o->arg : "");
	if (strlen(left) <= 24)
		fprintf(fp, "  %-24s  %s\n", left, o->help);
	else
		fprintf(fp, "  %s\n  %-24s  %s\n", left, "", o->help);
}

void
i40_cli_help(const struct i40_cli *cli, FILE *fp)
{
	fprintf(fp, "Usage: %s %s\n%s\n", cli->prog, cli->synopsis, cli->purpose);
	if (count_opts(cli->opts)) {
		fprintf(fp, "\nOptions:\n");
		for (size_t i = 0; cli->opts[i].name; i++)
			print_opt(fp, &cli->opts[i]);
	}
	fprintf(fp, "\nShared options:\n");
	for (size_t i = 0; i < NSHARED; i++)
		if (shared_opts[i].bit & cli->shared)
			print_opt(fp, &shared_opts[i].opt);
	if (cli->more)
		fprintf(fp, "\n%s", cli->more);
	fprintf(fp, "\nExit status: 0 ok, 1 data problems, 2 usage or configuration error.\n"
		    "See %s(1), i40(7) and i40-plant(5).\n", cli->prog);
}

static void
list_options(const struct i40_cli *cli, FILE *fp)
{
	/* one option a line, "-x --name ARG": read by the completion scripts */
	for (size_t i = 0; cli->opts && cli->opts[i].name; i++) {
		const struct i40_opt *o = &cli->opts[i];
		if (o->id < 256)
			fprintf(fp, "-%c ", o->id);
		fprintf(fp, "--%s%s%s\n", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	}
	for (size_t i = 0; i < NSHARED; i++)
		if (shared_opts[i].bit & cli->shared) {
			const struct i40_opt *o = &shared_opts[i].opt;
			if (o->id < 256)
				fprintf(fp, "-%c ", o->id);
			fprintf(fp, "--%s%s%s\n", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		}
}

int
i40_cli_parse(const struct i40_cli *cli, int argc, char **argv, struct i40_common *common,
	      i40_opt_fn *on_opt, void *ctx, struct i40_err *err)
{
	size_t nown = count_opts(cli->opts), n = 0;
	struct option *lo = calloc(nown + NSHARED + 2, sizeof *lo);
	char *so = calloc(3 * (nown + NSHARED) + 2, 1);
	int rc = -1, c;

	memset(common, 0, sizeof *common);
	common->precision = -1;
	if (lo == NULL || so == NULL) {
		free(lo);
		free(so);
		return i40_err_set(err, I40_ERR_NOMEM, "out of memory");
	}
	strcat(so, ":");   /* report a missing argument as ':' */
	for (size_t i = 0; i < nown + NSHARED; i++) {
		const struct i40_opt *o = i < nown ? &cli->opts[i] : &shared_opts[i - nown].opt;
		if (i >= nown && !(shared_opts[i - nown].bit & cli->shared))
			continue;
		lo[n].name = o->name;
		lo[n].has_arg = o->arg ? required_argument : no_argument;
		lo[n].val = o->id;
		n++;
		if (o->id < 256) {
			size_t k = strlen(so);
			so[k] = (char)o->id;
			if (o->arg)
				so[k + 1] = ':';
		}
	}
	lo[n].name = "list-options";
	lo[n].val = OPT_LIST;

	optind = 0;   /* glibc: full re-initialisation, so tests may parse twice */
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		switch (c) {
		case 'h':
			i40_cli_help(cli, stdout);
			rc = -2;
			goto out;
		case 'V':
			printf("%s (i40) %s\n", cli->prog, I40_VERSION);
			rc = -2;
			goto out;
		case OPT_LIST:
			list_options(cli, stdout);
			rc = -2;
			goto out;
		case 'c':
			if (cli->shared & I40_CLI_CONFIG) {
				common->config = optarg;
				continue;
			}
			break;
		case OPT_TSV: common->tsv = 1; continue;
		case OPT_REJECTS: common->rejects = optarg; continue;
		case OPT_STRICT: common->strict = 1; continue;
		case OPT_TZ: common->tz = optarg; continue;
		case OPT_STATS: common->stats = 1; continue;
		case OPT_PRECISION:
			if (i40_rec_parse_precision(optarg, &common->precision, err) != 0)
				goto out;
			continue;
		case ':':
			i40_err_set(err, I40_ERR_CONFIG, "option %s needs an argument", argv[optind - 1]);
			goto out;
		case '?':
			if (optopt && optopt < 256)
				i40_err_set(err, I40_ERR_CONFIG, "unknown option -%c", optopt);
			else
				i40_err_set(err, I40_ERR_CONFIG, "unknown option %s", argv[optind - 1]);
			goto out;
		default:
			break;
		}
		if (on_opt == NULL || on_opt(ctx, c, optarg, err) != 0) {
			if (on_opt == NULL)
				i40_err_set(err, I40_ERR_CONFIG, "unhandled option");
			goto out;
		}
	}
	rc = optind;
out:
	free(lo);
	free(so);
	return rc;
}
