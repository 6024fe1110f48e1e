/* i40-features - windowed condition-monitoring features of the record stream.
 *
 * Reads ts,asset,signal,value records and writes, per (asset, signal) and
 * window, the features asked for as signals <signal>.<feature>
 * (temp.mean, vib.env_bpfi), or --wide one row per window and asset.
 * Settings come from the options and the plant file's features: section
 * (lib/fconf.c); the work is lib/extract.c.  This file is options and
 * wiring.
 */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli.h"
#include "diag.h"
#include "extract.h"
#include "fconf.h"
#include "feat.h"
#include "plant.h"
#include "rec.h"

enum {
	OPT_ALIGN = 256, OPT_HOP, OPT_MIN_COUNT, OPT_MIN_COVERAGE, OPT_SKIP, OPT_LATENESS, OPT_WIDE,
	OPT_CORR, OPT_CORR_TOL, OPT_FS, OPT_SHAFT, OPT_BEARING, OPT_FAULTS, OPT_ENVELOPE, OPT_BAND,
	OPT_TAPER
};

static const struct i40_opt opts[] = {
	{'w', "window", "DUR", "window length (default 1m)"},
	{'s', "step", "DUR", "time between window starts (default: the length, tumbling)"},
	{OPT_ALIGN, "align", "WHERE", "window edges on the utc clock (default) or the local one"},
	{'n', "samples", "N", "windows of N readings instead of time (waveforms)"},
	{OPT_HOP, "hop", "N", "readings between starts of sample windows (default N)"},
	{'f', "features", "LIST", "features to compute (see the list below)"},
	{OPT_MIN_COUNT, "min-count", "N", "fewer readings mark a window partial (default 1)"},
	{OPT_MIN_COVERAGE, "min-coverage", "F", "less coverage marks a window partial (default 0.9)"},
	{OPT_SKIP, "skip-partial", NULL, "leave partial windows out instead of marking them"},
	{OPT_LATENESS, "lateness", "DUR", "how far a record may lag the latest time read (default 0)"},
	{OPT_WIDE, "wide", NULL, "one row per window and asset, a column per signal.feature"},
	{OPT_CORR, "corr", "A,B", "correlation and covariance of signals A and B of each asset"},
	{OPT_CORR_TOL, "corr-tol", "DUR", "pair readings of A and B this far apart (default 0)"},
	{OPT_FS, "fs", "HZ", "sampling rate of waveforms (default: from the timestamps)"},
	{OPT_SHAFT, "shaft", "SPEED", "shaft speed in Hz, or rpm (1797rpm)"},
	{OPT_BEARING, "bearing", "N,D,PD[,A]", "bearing: balls, ball and pitch diameter, contact angle"},
	{OPT_FAULTS, "faults", "LIST", "defect frequencies, Hz: bpfi=F,bpfo=F,bsf=F,ftf=F"},
	{OPT_ENVELOPE, "envelope", "LO-HI", "band demodulated for env_* in Hz (default fs/6-5fs/12)"},
	{OPT_BAND, "band", "NAME=LO-HI", "a band of the band feature, Hz or shaft orders (1x-3x)"},
	{OPT_TAPER, "taper", "NAME", "taper of spectra: hann (default), rect, hamming, blackman, flattop"},
	{0},
};

static struct i40_cli cli = {
	"i40-features", "[OPTION]... [FILE]...",
	"Windowed features per asset and signal: ts,asset,signal.feature,value.",
	opts, NULL, I40_CLI_ALL,
};

static int
on_opt(void *ctx, int id, const char *arg, struct i40_err *err)
{
	for (const struct i40_opt *o = opts; o->name; o++)
		if (o->id == id)
			return i40_fconf_option(ctx, o->name, arg, err);
	return i40_err_set(err, I40_ERR_CONFIG, "unhandled option");
}

/* The text after the options: the feature table, then examples. */
static void
help_text(char *buf, size_t size)
{
	const char *name, *help;
	unsigned kinds;
	size_t len = (size_t)snprintf(buf, size, "Features (g gauge, c counter, s state):\n");

	for (int i = 0; i40_feat_info(i, &name, &help, &kinds) == 0 && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "  %-12s %c%c%c  %s\n", name,
					kinds & I40_FEAT_GAUGE ? 'g' : '-', kinds & I40_FEAT_COUNTER ? 'c' : '-',
					kinds & I40_FEAT_STATE ? 's' : '-', help);
	if (len < size)
		snprintf(buf + len, size - len,
			 "Defaults: gauges mean,std,min,max,rms; counters delta,rate; states time,transitions.\n"
			 "\nExamples:\n"
			 "  i40-ingest -c plant.yaml scada.csv | i40-features -c plant.yaml --window 1m\n"
			 "  i40-features --window 1h --step 10m -f mean,p95,slope records.csv\n"
			 "  i40-features -n 12000 --fs 12000 --shaft 1797rpm --bearing 9,0.3126,1.537 \\\n"
			 "      -f rms,kurt,env_bpfi,env_bpfo vibration.csv\n"
			 "Each row's ts is the end of its window (sample windows: their last reading).\n");
}

static void
flush(void *w)
{
	i40_rec_flush(w);
}

static void
on_warn(void *ctx, const char *msg)
{
	i40_diag_warn(ctx, "%s", msg);
}

int
main(int argc, char **argv)
{
	static char more[4096];
	struct i40_fconf conf;
	struct i40_start s;
	struct i40_diag d;
	struct i40_err err;
	struct i40_rec rec;
	long read = 0;

	gsl_set_error_handler_off();   /* GSL failures come back as errors */
	help_text(more, sizeof more);
	cli.more = more;
	if (i40_fconf_init(&conf, &err) != 0)
		i40_die_err(cli.prog, &err);
	i40_diag_start(&s, &cli, argc, argv, on_opt, &conf);
	if (i40_fconf_plant(&conf, i40_plant_section(s.plant, "features"), &err) != 0 ||
	    i40_fconf_validate(&conf, &err) != 0)
		i40_die_err(cli.prog, &err);

	i40_diag_init(&d, cli.prog, &s.common);
	struct i40_rec_opts ro = {.delim = s.common.tsv ? '\t' : ',', .tz = s.zone};
	struct i40_rec_reader *rd = i40_rec_open(argv + s.first, (size_t)(argc - s.first), &ro, &err);
	struct i40_rec_writer *w = rd ? i40_rec_writer_new(stdout, ro.delim, s.common.precision) : NULL;
	struct i40_extract *x = w ? i40_extract_new(&conf, s.plant, ro.tz, rd, w, on_warn, &d, &err) : NULL;
	if (x == NULL)
		i40_die_err(cli.prog, &err);
	i40_rec_on_wait(rd, flush, w);

	for (;;) {
		int rc = i40_rec_next(rd, &rec, &err);
		if (rc == 0)
			break;
		if (rc == -2)
			i40_die(cli.prog, I40_EXIT_DATA, "out of memory");
		if (rc < 0 && rec.row == NULL) {
			i40_diag_problem(&d, &err);   /* a file that cannot be read */
			continue;
		}
		read++;
		if (rc > 0 && i40_extract_add(x, &rec, &err) == 0)
			continue;
		if (err.kind != I40_ERR_DATA) {
			if (err.kind != I40_ERR_IO)   /* a write error: said at the end */
				i40_diag_problem(&d, &err);
			break;
		}
		size_t len;
		const char *raw = i40_rec_raw(rd, &rec, &len);
		if (i40_diag_reject(&d, &err, raw, len) < 0)
			break;   /* --strict */
	}
	if (i40_extract_finish(x, &err) != 0 && err.kind != I40_ERR_IO)
		i40_diag_problem(&d, &err);

	struct i40_extract_counts n;
	i40_extract_counts(x, &n);
	d.in = read;
	d.out = n.rows;
	if (n.no_column)
		i40_diag_warn(&d, "%ld values had no column in the --wide header (signals or states first "
			      "seen after the first window); the long form has them all", n.no_column);
	if (i40_rec_truncated(w))
		i40_diag_warn(&d, "%ld timestamps were cut to the stream's precision (use --precision)",
			      i40_rec_truncated(w));
	if (s.common.stats)
		fprintf(stderr, "%s: %ld windows, %ld partial%s, %ld sample windows left incomplete at the end\n",
			cli.prog, n.windows, n.partial, n.skipped ? " (left out)" : "", n.incomplete);
	i40_extract_free(x);
	i40_rec_close(rd);
	i40_fconf_free(&conf);
	return i40_diag_finish(&d, &s, w);
}
