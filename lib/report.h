/* report.h - the page a manager reads: a digest of record streams laid
 * out as plain text, Markdown or one self-contained HTML file.
 *
 * The content follows the input: a headline summary (period, assets,
 * alerts, OEE against target, the top loss, what to reorder), then per
 * asset trend charts with alert episodes shaded and limits drawn, tables
 * of signals and alerts; OEE bars, the six-big-losses waterfall and the
 * downtime Pareto; forecast fan charts and the reorder list.  What is not
 * in the input is left out, and a period without data gives a short
 * report that says so.  The plant file's `report:` section sets the
 * title, the OEE target, which signals to chart and the order of the
 * sections (i40-report(1)).  The same digest gives the same bytes.
 */
#ifndef I40_REPORT_H
#define I40_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "cfg.h"
#include "digest.h"
#include "err.h"
#include "plant.h"

enum i40_report_format { I40_REPORT_TEXT = 0, I40_REPORT_MD, I40_REPORT_HTML };

enum i40_report_section {
	I40_SEC_SUMMARY = 0, I40_SEC_OEE, I40_SEC_ASSETS, I40_SEC_FORECAST,
	I40_SEC_N
};

/* Signals to chart for one asset, in order (a signal's features are
 * drawn with it). */
struct i40_report_asset {
	const char *name;
	const char **signals;
	size_t nsignals;
};

struct i40_report_layout {
	const char *title;          /* NULL: from the plant's name */
	double target;              /* OEE target as a fraction; NAN: none */
	int target_given;           /* by the plant file (report: or oee: targets);
	                               else i40-oee's target.oee rows, else 85% */
	struct i40_report_asset *assets;   /* listed first, in this order */
	size_t nassets;
	int charts;                 /* charts per asset not listed (default 4) */
	int alerts;                 /* rows of an alert table (default 20) */
	int forecasts;              /* forecast fan charts (default 6) */
	int rows;                   /* rows of a signal table (default 40) */
	enum i40_report_section sections[I40_SEC_N];
	int nsections;
};

/* Does the layout list (asset, signal) for a chart?  A signal listed also
 * brings its features (signal.feature).  For i40_digest_opts.wanted. */
int i40_report_wants(const void *layout, const char *asset, const char *signal);

/* The `report:` section of a plant file, checked (for plant.c). */
int i40_report_check_config(const struct i40_node *node, struct i40_err *err);

/* The layout from the plant (NULL or no section: the defaults; OEE
 * target from report.target_oee, else oee.targets.oee, else 85% with
 * target_given 0: the report then takes target.oee of the input). */
int i40_report_layout(const struct i40_plant *p, struct i40_report_layout *l, struct i40_err *err);
void i40_report_layout_free(struct i40_report_layout *l);

struct i40_report_opts {
	enum i40_report_format format;
	const struct i40_report_layout *layout;
	const struct i40_plant *plant;     /* may be NULL */
	const struct i40_tz *tz;           /* local time of the report (NULL: UTC) */
	const char *title;                 /* overrides the layout's */
	int64_t from, to;                  /* the period asked; from >= to: the data's */
	int64_t now;                       /* said in the footer; INT64_MIN: not said */
	size_t width;                      /* text: columns (0: 80) */
	long rejected;                     /* bad records, said in the summary */
	const char *generator;             /* "i40-report 0.1.0" */
};

/* "text", "md" (or "markdown"), "html"; -1 when unknown. */
int i40_report_format_parse(const char *s, enum i40_report_format *f);

/* Write the report of d.  Returns 0, or -1 (I40_ERR_IO on a write
 * error, I40_ERR_NOMEM). */
int i40_report_write(FILE *f, const struct i40_digest *d, const struct i40_report_opts *o,
		     struct i40_err *err);

#endif
