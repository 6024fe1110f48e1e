/* oee.h - OEE as ISO 22400-2 defines it, the six big losses, MTBF, MTTR.
 *
 * Two layers.  The figures (struct i40_oee_figures) hold the time and
 * quantity elements of ISO 22400-2 for one asset or line and one period;
 * i40_oee_kpis() computes the KPIs and the loss breakdown from them, and is
 * all a test needs to check a worked example.  The engine (struct
 * i40_oee) builds the figures from the record stream: state records become
 * intervals that hold until the next record (across shift and period
 * boundaries), counters become quantities (with resets), the product
 * switches the ideal cycle time, and the shift calendar (cal.h) says which
 * time was planned.  It keeps state per asset and per open period only.
 */
#ifndef I40_OEE_H
#define I40_OEE_H

#include <stddef.h>
#include <stdint.h>

#include "cal.h"
#include "cfg.h"
#include "err.h"
#include "rec.h"
#include "tm.h"

/* The six big losses, in time (s). */
enum {
	I40_LOSS_BREAKDOWNS = 0,    /* unplanned stops at least the small-stop threshold long */
	I40_LOSS_SETUPS,            /* setup and adjustment states */
	I40_LOSS_SMALL_STOPS,       /* unplanned stops shorter than the threshold */
	I40_LOSS_REDUCED_SPEED,     /* run time - ideal time of the parts made */
	I40_LOSS_STARTUP_REJECTS,   /* ideal time of scrap made in start-up windows */
	I40_LOSS_PRODUCTION_REJECTS,/* ideal time of the other scrap */
	I40_NLOSSES
};

/* One asset (or line) over one period.  Times in seconds; NAN where
 * undefined.  The first block is input (i40_oee_kpis reads it), the
 * second is filled by i40_oee_kpis. */
struct i40_oee_figures {
	double calendar;        /* calendar time of the period */
	double pdot;            /* planned down time: breaks, planned stops, planned states */
	double pbt;             /* planned busy time = planned operation time - pdot */
	double apt;             /* actual production time: running states in pbt */
	double setup;           /* actual unit setup time in pbt */
	double breakdowns;      /* unplanned stops >= threshold, in pbt */
	double small_stops;     /* unplanned stops < threshold, in pbt */
	double failure_time;    /* pbt time of the failures (breakdowns begun in a failure state) */
	double stops;           /* unplanned stops begun in the period */
	double failures;        /* failures begun in the period */
	double pq, gq, sq;      /* produced, good and scrap quantity counted in pbt */
	double sq_startup;      /* scrap counted in start-up windows */
	double outside;         /* parts counted outside planned busy time */
	double ideal;           /* planned run time per item x produced quantity; NAN if a PRI is missing */
	double energy;          /* energy counted in the period; NAN without an energy signal */

	double availability;    /* apt / pbt */
	double performance;     /* ideal / apt (ISO: effectiveness) */
	double quality;         /* gq / pq (ISO: quality ratio) */
	double oee;             /* availability x performance x quality = fpt / pbt */
	double teep;            /* fpt / calendar */
	double fpt;             /* fully productive time = ideal x gq / pq */
	double down;            /* breakdowns + small_stops */
	double scrap_rate;      /* sq / pq */
	double mtbf;            /* apt / failures */
	double mttr;            /* failure_time / failures */
	double energy_per_good; /* energy / gq */
	double loss[I40_NLOSSES];
};

/* Compute the KPIs and losses of f from its elements.  The losses and
 * fpt add up to pbt; availability x performance x quality = oee whenever
 * the three are defined.  With pbt = 0 (nothing planned) oee is NAN; when
 * nothing good was made in planned time oee is 0 even where performance
 * or quality is undefined (0/0). */
void i40_oee_kpis(struct i40_oee_figures *f);

/* Pool the elements of f into sum (a line of several assets). */
void i40_oee_add(struct i40_oee_figures *sum, const struct i40_oee_figures *f);

/* ---- the engine ---- */

/* What a record's signal means to i40-oee (the oee.signals section). */
enum i40_oee_role {
	I40_ROLE_TOTAL = 0, I40_ROLE_GOOD, I40_ROLE_SCRAP, I40_ROLE_ENERGY,
	I40_ROLE_STATE, I40_ROLE_PRODUCT, I40_ROLE_NONE
};

enum { I40_OEE_ASSETS = 1, I40_OEE_LINES = 2 };

struct i40_oee_opts {
	enum i40_by by;
	int64_t from, to;        /* report [from, to); INT64_MIN / INT64_MAX when open */
	unsigned per;            /* I40_OEE_ASSETS and/or I40_OEE_LINES */
};

/* Downtime by reason (the Pareto). */
struct i40_oee_cause {
	const char *reason;      /* text after the state's first ':', or the state */
	double seconds;
};

/* One row of output: an asset or line over one period. */
struct i40_oee_period {
	const char *name;
	int is_line;
	int64_t start, end;      /* UTC ns, clipped to [from, to) */
	const char *label;       /* "2024-10-27", "2024-W43", "2024-10", "2024-10-27/A" */
	struct i40_oee_figures f;
	const struct i40_oee_cause *pareto;   /* longest first */
	size_t npareto;
};

struct i40_oee_hooks {
	/* Rows in output order: by start, then name. */
	void (*emit)(void *ctx, const struct i40_oee_period *p);
	/* After the rows of one period start: a good moment to flush. */
	void (*flush)(void *ctx);
	/* A finding about the data: problem (exit 1) or warning. */
	void (*note)(void *ctx, int problem, const struct i40_err *err);
	void *ctx;
};

struct i40_oee;

/* Check the plant file's oee section (registered in plant.c). */
int i40_oee_check_config(const struct i40_node *node, struct i40_err *err);

/* An engine for the oee section (NULL: defaults) in zone tz (the zone
 * must outlive the engine).  Returns NULL with err filled. */
struct i40_oee *i40_oee_new(const struct i40_node *section, const struct i40_tz *tz, const struct i40_oee_opts *opts,
			    const struct i40_oee_hooks *hooks, struct i40_err *err);
void i40_oee_free(struct i40_oee *o);

/* The role of a signal name, and the signal name of a role. */
enum i40_oee_role i40_oee_role(const struct i40_oee *o, const char *signal, size_t len);
const char *i40_oee_signal(const struct i40_oee *o, enum i40_oee_role role);

/* Take one record of the given role.  Returns 0, or -1 for a bad record
 * (err: out of time order for its asset, a counter that is not a
 * number): report and reject it, then go on; -2 when out of memory. */
int i40_oee_push(struct i40_oee *o, const struct i40_rec *rec, enum i40_oee_role role, struct i40_err *err);

/* End of input: every asset's last state holds to --to, or else to the
 * end of the period of its last record; the remaining rows are emitted.
 * Returns 0 or -1 when out of memory. */
int i40_oee_finish(struct i40_oee *o, struct i40_err *err);

/* A target of the oee section ("oee", "availability", "performance",
 * "quality", "teep"), or NAN. */
double i40_oee_target(const struct i40_oee *o, const char *kpi);

struct i40_oee_stats {
	long used;               /* records taken */
	long late;               /* records at or after --to, not used */
	long empty;              /* empty state or product values */
	long excluded;           /* records of assets not under oee.assets */
	long unplanned;          /* rows with no production planned (oee empty) */
};
void i40_oee_stats(const struct i40_oee *o, struct i40_oee_stats *st);

#endif
