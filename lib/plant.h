/* plant.h - the plant file (plant.yaml): one description of the plant.
 *
 * Time zone, assets and their signals (unit, kind, valid range, alarm
 * limits, expected interval) and the ingest sources are read here.  The
 * sections other programs own (features, detect, oee, inventory,
 * forecast, report) are kept as YAML nodes and checked by the module that
 * owns each, through the table in plant.c, so that every program rejects
 * a typo anywhere in the file.  See i40-plant(5).
 */
#ifndef I40_PLANT_H
#define I40_PLANT_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "err.h"
#include "tm.h"

enum i40_sigkind { I40_GAUGE = 0, I40_COUNTER, I40_STATE };

struct i40_signal_def {
	const char *asset, *name;
	const char *unit;          /* "" when not given */
	const char *description;
	enum i40_sigkind kind;
	double min, max;           /* valid range; NAN when open */
	double lo, hi;             /* alarm limits; NAN when none */
	int64_t interval;          /* expected sample interval (ns), 0 unknown */
	const struct i40_node *node;
};

enum i40_format { I40_FMT_LONG = 0, I40_FMT_WIDE, I40_FMT_REGEX, I40_FMT_INFLUX, I40_FMT_MQTT };

/* How one incoming column (wide) or signal name (other formats) maps. */
struct i40_mapping {
	const char *from;          /* column header or incoming signal name */
	const char *asset;         /* NULL: keep */
	const char *signal;        /* NULL: keep (wide: the column name) */
	const char *unit;          /* NULL: from the plant's signal */
	double scale, offset;      /* value * scale + offset */
};

struct i40_source {
	const char *name;
	enum i40_format format;
	const char *files;         /* glob against the input file name; NULL: any */
	char delimiter;            /* 0: guess from the header line */
	char decimal;              /* '.' or ',' */
	char thousands;            /* 0: none */
	const char *time_column;   /* wide: NULL = first column; long: "ts" */
	const char *asset_column, *signal_column, *value_column;   /* long */
	const char *time_format;   /* NULL: auto */
	const char *timezone;      /* NULL: the plant's */
	const char *asset;         /* fixed asset (wide, regex, mqtt, influx) */
	const char *signal;        /* fixed signal (regex, mqtt) */
	const char *pattern;       /* regex: line pattern; mqtt: topic pattern */
	const char *asset_tag;     /* influx: tag naming the asset (default host) */
	const char *precision;     /* influx: ns, us, ms, s */
	struct i40_mapping *map;
	size_t nmap;
	const char **ignore;       /* wide: columns deliberately not read */
	size_t nignore;
	const struct i40_node *node;
};

struct i40_plant {
	const char *path;
	const char *name;
	const char *timezone;      /* NULL: UTC */
	struct i40_tz *tz;         /* loaded zone (UTC when not given) */
	int strict;                /* unknown asset/signal is an error */
	struct i40_signal_def *signals;
	size_t nsignals;
	struct i40_source *sources;
	size_t nsources;
	struct i40_doc *doc;
	void *priv;
};

/* Load and check a plant file.  NULL path: an empty plant (UTC, no
 * assets), so every program works without a config. */
struct i40_plant *i40_plant_load(const char *path, struct i40_err *err);
void i40_plant_free(struct i40_plant *p);

/* The definition of (asset, signal), or NULL. */
const struct i40_signal_def *i40_plant_signal(const struct i40_plant *p, const char *asset, size_t alen,
					      const char *signal, size_t slen);
/* Is the asset known? */
int i40_plant_has_asset(const struct i40_plant *p, const char *asset, size_t alen);

/* The YAML node of a top-level section ("oee", "detect", ...), or NULL. */
const struct i40_node *i40_plant_section(const struct i40_plant *p, const char *name);

const char *i40_format_name(enum i40_format f);
int i40_format_parse(const char *s, enum i40_format *f);
const char *i40_sigkind_name(enum i40_sigkind k);

#endif
