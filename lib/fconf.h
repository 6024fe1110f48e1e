/* fconf.h - what i40-features computes, from the command line and plant.
 *
 * The windows (by time or by sample count), which features each series
 * gets, and the settings of spectra (sampling rate, shaft speed, bearing
 * geometry, fault frequencies, envelope band, bands, taper) come in
 * layers, the later winning: built-in defaults, the plant file's
 * `features:` section (per signal kind, section-wide, per signal name,
 * per asset/signal), then the command line.  This module parses both
 * sources into one struct i40_fconf and answers "what applies to this
 * series" (i40_fconf_resolve); i40_fconf_check_config() is the plant
 * file's check of the section (lib/plant.c), so every program rejects a
 * typo there.  See i40-features(1) and i40-plant(5).
 */
#ifndef I40_FCONF_H
#define I40_FCONF_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "err.h"
#include "feat.h"
#include "spec.h"
#include "stream.h"

#define I40_FCONF_MAXFEAT 32
#define I40_FCONF_MAXBAND 16
#define I40_FCONF_MAXCORR 16

/* Bearing defect frequencies, in the order of the env_* features. */
enum { I40_FAULT_BPFI, I40_FAULT_BPFO, I40_FAULT_BSF, I40_FAULT_FTF, I40_NFAULT };

struct i40_fband {
	char name[32];      /* as written in signal.band[name] */
	double lo, hi;      /* Hz, or orders of the shaft speed */
	int orders;         /* 1: lo and hi are multiples of the shaft speed */
};

/* Which groups of settings a layer gives (struct i40_fsig.set). */
enum {
	I40_FS_FEATURES = 1, I40_FS_FS = 2, I40_FS_SHAFT = 4, I40_FS_BEARING = 8,
	I40_FS_FAULTS = 16, I40_FS_ENVELOPE = 32, I40_FS_TAPER = 64, I40_FS_BANDS = 128
};

/* The settings of one signal, or one layer of them. */
struct i40_fsig {
	unsigned set;                         /* I40_FS_* given by this layer */
	struct i40_feat feat[I40_FCONF_MAXFEAT];
	int nfeat;
	double fs;                            /* sampling rate, Hz */
	double shaft_hz;                      /* shaft speed, Hz */
	struct i40_bearing bearing;           /* geometry for the defect frequencies */
	double fault[I40_NFAULT];             /* given defect frequencies, Hz; NAN: none */
	double env_lo, env_hi;                /* envelope band, Hz */
	enum i40_taper taper;                 /* taper of spectra */
	struct i40_fband band[I40_FCONF_MAXBAND];
	int nband;
};

/* A layer for the signals of one name (asset NULL: of every asset). */
struct i40_fsig_named {
	const char *asset;                    /* NULL: any asset */
	const char *signal;
	struct i40_fsig s;
};

/* Window and output settings given (struct i40_fconf.set). */
enum {
	I40_FC_WINDOW = 1, I40_FC_STEP = 2, I40_FC_ALIGN = 4, I40_FC_SAMPLES = 8,
	I40_FC_HOP = 16, I40_FC_MINCOUNT = 32, I40_FC_MINCOV = 64, I40_FC_SKIP = 128,
	I40_FC_LATENESS = 256, I40_FC_CORR = 512, I40_FC_CORRTOL = 1024
};

struct i40_fconf {
	unsigned set;                         /* I40_FC_* given on the command line */
	int64_t window, step;                 /* time windows, ns (default 1m, = window) */
	int align_local;                      /* windows on the local clock */
	int64_t samples, hop;                 /* count windows when samples > 0 */
	int64_t min_count;                    /* fewer readings: partial (default 1) */
	double min_coverage;                  /* less coverage: partial (default 0.9) */
	int skip_partial;                     /* drop partial windows instead of marking */
	int64_t lateness;                     /* allowed lag behind the stream's clock, ns */
	int wide;                             /* one row per window and asset */
	struct { const char *a, *b; } corr[I40_FCONF_MAXCORR];  /* signal pairs */
	int ncorr;
	int64_t corr_tol;                     /* pairing tolerance, ns */
	struct i40_fsig cmdline;              /* --features, --fs, ... for every series */
	struct i40_fsig kind[3];              /* features per kind (enum i40_stream_kind) */
	struct i40_fsig section;              /* the plant section's own settings */
	struct i40_fsig_named *named;         /* the plant's signals: entries */
	size_t nnamed;
	char *owned[2 * I40_FCONF_MAXCORR];   /* corr names cut from option text */
	int nowned;
};

/* Built-in defaults (gauges mean,std,min,max,rms; counters delta,rate;
 * states time,transitions; 1m tumbling windows; Hann taper). */
int i40_fconf_init(struct i40_fconf *c, struct i40_err *err);
void i40_fconf_free(struct i40_fconf *c);

/* One command-line option by its long name ("window", "band", ...) and
 * argument (NULL for flags).  -1 with I40_ERR_CONFIG saying what is
 * wrong with the value; names this module does not know are errors. */
int i40_fconf_option(struct i40_fconf *c, const char *name, const char *arg, struct i40_err *err);

/* The plant's features: section (may be NULL): settings the command line
 * did not give.  Keeps pointers into the section's nodes. */
int i40_fconf_plant(struct i40_fconf *c, const struct i40_node *section, struct i40_err *err);
/* Check a features: section (registered in lib/plant.c). */
int i40_fconf_check_config(const struct i40_node *section, struct i40_err *err);

/* After the options and the plant: combinations that cannot work
 * (--samples with --window, --align local with --step, --corr on count
 * windows).  -1 with I40_ERR_CONFIG. */
int i40_fconf_validate(const struct i40_fconf *c, struct i40_err *err);

/* The settings of series (asset, signal) of kind k, every layer applied,
 * with the features that do not apply to k left out. */
void i40_fconf_resolve(const struct i40_fconf *c, const char *asset, size_t alen,
		       const char *signal, size_t slen, enum i40_stream_kind k,
		       struct i40_fsig *out);

/* Parsers of single values, shared by options and plant file:
 * "NAME=LO-HI" or "LO-HI" (Hz; orders with an x: "0.8x-1.2x"). */
int i40_fconf_band(const char *spec, struct i40_fband *b, struct i40_err *err);
/* Shaft speed: Hz ("29.95", "29.95hz") or revolutions per minute ("1797rpm"). */
int i40_fconf_shaft(const char *spec, double *hz, struct i40_err *err);

#endif
