/* stream.h - one (asset, signal) series cut into windows, streaming.
 *
 * The program keeps one struct i40_stream per (asset, signal), feeds it
 * the readings in time order and gets a callback for each window as it
 * closes, with the window's accumulated statistics; it then reads the
 * features it wants (feat.h) and writes them.  Memory per series is one
 * accumulator per pane (win.h) plus, when values are kept for
 * percentiles or spectra, the values of one window.
 *
 * The contract, for the man page:
 *  - A window is written with ts = its end (exclusive: the 10:00-10:01
 *    window is written as 10:01:00Z).  Count windows have no clock; they
 *    are written with the ts of their last reading, and start/end are
 *    the ts of their first and last readings.
 *  - A time window closes when a reading at or after its end arrives,
 *    when i40_stream_advance() moves the clock past its end, or at
 *    i40_stream_finish().  A count window closes on its last reading.
 *  - Windows in which the series has no reading are not written (a gap
 *    in the data is a gap in the output), except for state signals: a
 *    state holds until the next reading, so every window it spans is
 *    written.  At the end of input the last state is taken to end at
 *    its own reading (nothing is known after it) unless advance() said
 *    the clock went further.
 *  - Windows at the start and end of a series, and across gaps, are
 *    usually partial.  They are written like the others with their
 *    count and coverage (i40_window_coverage()), so the program can mark
 *    or drop them (--min-count, --min-coverage) rather than mix them
 *    silently with full ones.
 *  - Readings must be in time order per series; an earlier one is a
 *    data error (I40_ERR_DATA) and is not used.  Equal timestamps are
 *    allowed.  A NAN reading is missing: counted (nmiss), not used.
 *  - Counters: the increment from one reading to the next (reset rule in
 *    counter.h) belongs to the window of the later reading, so deltas of
 *    tumbling windows add up exactly to the total.
 */
#ifndef I40_STREAM_H
#define I40_STREAM_H

#include <stdint.h>

#include "counter.h"
#include "err.h"
#include "state.h"
#include "stats.h"
#include "win.h"

enum i40_stream_kind {
	I40_STREAM_GAUGE,   /* a measured value: temperature, vibration */
	I40_STREAM_COUNTER, /* a cumulative count: parts, kWh */
	I40_STREAM_STATE    /* a text state: RUN, DOWN:jam (time windows only) */
};

/* What one pane or window accumulated. */
struct i40_acc {
	int64_t nread;          /* readings, missing ones included */
	int64_t t_first;        /* ts of the first reading, ns */
	int64_t t_last;         /* ts of the last reading, ns */
	struct i40_stats st;    /* numeric readings (gauges and counters) */
	struct i40_counter ct;  /* counter increments */
	struct i40_state ss;    /* state durations and transitions */
};

/* A closed window, handed to the emit callback. */
struct i40_window {
	int64_t ts;             /* the ts to write: end, or last reading */
	int64_t start;          /* time: start; count: ts of first reading */
	int64_t end;            /* time: end (exclusive); count: ts of last reading */
	int64_t nominal;        /* full length: ns, or readings for count windows */
	int by_count;           /* 1 for count windows */
	enum i40_stream_kind kind; /* of the series it belongs to */
	struct i40_acc *acc;    /* what the window holds (quantiles cache in it) */
	const struct i40_labels *labels; /* state names, for state series */
};

/* One slot of the pane ring. */
struct i40_pane {
	int64_t idx;            /* pane index held, valid when used */
	int used;               /* 0: empty */
	struct i40_acc acc;     /* what the pane accumulated */
};

struct i40_stream {
	const struct i40_win *win;  /* window spec, shared by many series */
	enum i40_stream_kind kind;  /* gauge, counter or state */
	int keep;                   /* keep values (percentiles, FFT) */
	struct i40_pane *ring;      /* npanes slots, pane p in slot p mod npanes */
	int64_t nslots;             /* length of ring */
	struct i40_acc out;         /* the window being emitted */
	struct i40_pane *curp;      /* slot of pane cur */
	int started;                /* a reading has been seen */
	int finished;               /* i40_stream_finish() was called */
	int64_t cur;                /* pane of the latest reading */
	int64_t cur_end;            /* first position after pane cur */
	int64_t done;               /* windows ending in panes < done are written */
	int64_t seq;                /* readings seen (position of count windows) */
	int64_t last_ts;            /* ts of the latest reading */
	int have_prev;              /* counter: a previous numeric reading exists */
	double prev;                /* counter: that reading */
	int64_t prev_ts;            /* counter: its ts */
	struct i40_labels labels;   /* state names of this series */
	int state;                  /* state in force, -1 before the first */
	int64_t state_ts;           /* since when it is known to hold */
	/* Called for each closed window in time order; a negative return
	 * stops and is passed back by the add/advance/finish call. */
	int (*emit)(void *ctx, struct i40_window *w, struct i40_err *err);
	void *ctx;                  /* passed to emit */
};

/* Set up a series over window spec w (which must outlive it).  keep
 * stores values for quantiles and spectra.  -1 on NOMEM, or
 * I40_ERR_CONFIG for a state series on count windows. */
int i40_stream_init(struct i40_stream *s, const struct i40_win *w,
		    enum i40_stream_kind kind, int keep,
		    int (*emit)(void *ctx, struct i40_window *w, struct i40_err *err),
		    void *ctx, struct i40_err *err);
/* Release what init allocated (also after a failed init). */
void i40_stream_free(struct i40_stream *s);
/* A numeric reading (gauge or counter).  Closes (emits) the windows it
 * proves complete.  -1 on error: I40_ERR_DATA for a reading out of
 * order (not used; the series goes on), or whatever emit returned. */
int i40_stream_add(struct i40_stream *s, int64_t ts, double x, struct i40_err *err);
/* A state reading: from ts on, the state is name. */
int i40_stream_add_state(struct i40_stream *s, int64_t ts, const char *name,
			 struct i40_err *err);
/* The clock reached ts (e.g. other series are there): close the time
 * windows that end at or before ts.  A state series holds its state up
 * to ts, and later readings before ts are out of order. */
int i40_stream_advance(struct i40_stream *s, int64_t ts, struct i40_err *err);
/* End of input: close every window that holds data. */
int i40_stream_finish(struct i40_stream *s, struct i40_err *err);

/* How complete window w is, in [0, 1]: for time windows the readings
 * over the len/period_ns expected (period_ns > 0; 0 gives NAN), for
 * count windows the readings over the count asked, for state series
 * the time with a known state over the window's length. */
double i40_window_coverage(const struct i40_window *w, int64_t period_ns);

#endif
