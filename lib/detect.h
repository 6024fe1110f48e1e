/* detect.h - what to watch and how: the plant's detect: section.
 *
 * The section sets the alert rules (threshold, hysteresis, debounce,
 * cooldown), the warm-up, the lead time of remaining-life alerts and the
 * failure-probability threshold, a list of per-signal rules (methods and
 * their parameters, a failure limit, the no-data watch), and the
 * multivariate groups.  A rule is keyed by a glob "asset/signal" (or just
 * "signal" for every asset); every rule that matches a series applies,
 * in the order written, a later one overriding what an earlier one set.
 * The command line adds one more rule that matches everything.  See
 * i40-detect(1) for the keys.
 */
#ifndef I40_DETECT_H
#define I40_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "alert.h"
#include "cfg.h"
#include "det.h"
#include "err.h"
#include "plant.h"

/* Seasonal slot of a record in the plant's local time. */
enum { I40_SEASON_HOUR = 0, I40_SEASON_WEEKDAY, I40_SEASON_WEEKHOUR };

/* One rule; a field not given is NaN (doubles), -1 (counts, times), 0
 * (bit sets). */
struct i40_detect_rule {
	const char *pattern;       /* "asset/signal" glob (fnmatch); NULL: every series */
	unsigned methods;          /* 1u << I40_DET_* */
	double lo, hi;             /* static limits (instead of the plant's) */
	double roc_max;            /* largest rate of change, per second */
	long rz_window;
	double rz_limit, ewma_lambda, ewma_L, cusum_k, cusum_h;
	unsigned shewhart_rules;
	int season;                /* I40_SEASON_*, -1 */
	double seasonal_limit;
	double alpha;              /* adaptive */
	long window;               /* adaptive history */
	double mu0, sigma;         /* charts: given instead of learned */
	long learn_points;         /* warm-up of this series */
	int64_t learn_ns;
	double fail_limit;         /* remaining life: the failure limit */
	int trend;                 /* I40_RUL_LINEAR / I40_RUL_EXP, -1 */
	long rul_window;           /* records in the trend fit */
	int64_t lead_time;         /* alert when the lower bound is below it */
	double deadman;            /* no-data factor; 0 off */
	int64_t interval;          /* expected interval (instead of the plant's) */
};

/* A multivariate group: Hotelling T^2 over signals of one asset. */
struct i40_detect_group {
	const char *name;          /* signal name of its records */
	const char *asset;         /* asset glob; NULL: every asset with the signals */
	const char **signals;
	size_t nsignals;
	double alpha;              /* false-alarm rate of the limit */
	long learn;                /* complete vectors learned on (-1: the section's learn, or 600) */
};

struct i40_detect_config {
	struct i40_alert_settings alert;
	long learn_points;         /* -1: the detector's default */
	int64_t learn_ns;
	int64_t lead_time;         /* remaining-life alert (0: none) */
	double p_fail;             /* failure-probability alert threshold */
	int p_fail_set;            /* given (else the model's own threshold) */
	int64_t horizon;           /* failure model: "fails within" (train) */
	struct i40_detect_rule *rules;
	size_t nrules;
	struct i40_detect_group *groups;
	size_t ngroups;
	struct i40_doc **docs;     /* --set texts, kept for their strings */
	size_t ndocs;
	char **owned;              /* --group strings */
	size_t nowned;
};

/* What one series gets. */
struct i40_detect_spec {
	struct i40_det_settings det;
	int season;                /* I40_SEASON_* */
	double fail_limit;         /* NaN: no remaining life */
	int trend;
	long rul_window;
	int64_t lead_time;
	double deadman;            /* 0: no watch */
	int64_t interval;          /* expected interval, 0: learn it */
	int limits_dropped;        /* methods asked for limits but none are known */
};

/* The check of the section registered in plant.c (every program runs it). */
int i40_detect_check_config(const struct i40_node *section, struct i40_err *err);

/* Defaults (no section), then the plant's section on top (NULL: none). */
int i40_detect_config_load(struct i40_detect_config *c, const struct i40_node *section,
			   struct i40_err *err);
void i40_detect_config_free(struct i40_detect_config *c);

/* One command-line setting "key=value" with the keys of a rule, into
 * the rule that matches everything (added last). */
int i40_detect_config_set(struct i40_detect_config *c, const char *kv, struct i40_err *err);
/* Methods for every series ("adaptive,limits"). */
int i40_detect_config_methods(struct i40_detect_config *c, const char *list, struct i40_err *err);

/* A group from the command line: "name=signal,signal,..." for every
 * asset that has those signals. */
int i40_detect_config_group(struct i40_detect_config *c, const char *spec, struct i40_err *err);

/* What a command line sets on top of the section (NULL, 0: not given). */
struct i40_detect_cmdline {
	const char *methods;           /* -m LIST */
	const char **sets, **groups;   /* --set KEY=VALUE, --group NAME=SIG,SIG */
	size_t nsets, ngroups;
	double threshold, off, p_fail;
	const char *min_duration, *cooldown, *learn;   /* records or times */
	int64_t lead, horizon;
};
int i40_detect_config_cmdline(struct i40_detect_config *c, const struct i40_detect_cmdline *cl,
			      struct i40_err *err);

/* A number of records ("600") or a time ("7d"). */
int i40_detect_count_or_time(const char *s, long *count, int64_t *ns, struct i40_err *err);

/* The settings of one series: defaults, the plant's signal (lo/hi as
 * limits, interval for the no-data watch), the matching rules. */
void i40_detect_resolve(const struct i40_detect_config *c, const struct i40_plant *p,
			const char *asset, size_t alen, const char *signal, size_t slen,
			struct i40_detect_spec *out);

/* Slots per season, and the slot of a local time (seconds since the
 * epoch, counted as if UTC). */
int i40_detect_slots(int season);
int i40_detect_slot(int season, int64_t local_sec);

#endif
