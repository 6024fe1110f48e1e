/* cross.h - correlation and covariance of two signals of one asset.
 *
 * "Vibration up, energy up": two signals of one machine that move
 * together, window by window.  Readings are paired by timestamp: a
 * reading of signal A pairs with the reading of signal B whose ts is
 * equal, or within tol ns when the two sensors are not sampled at the
 * same instant (tol should be under half the sampling interval so that
 * pairs are unambiguous; unmatched readings are counted, not used).
 * Pairs are formed within each window over the same time windows as
 * stream.h (tumbling, hopping, sampling, calendar; not count windows,
 * which have no common position in two series).
 *
 * Each signal must be in time order, but the two may be interleaved in
 * any way: a window is written once both signals have passed its end
 * (or at i40_cross_advance()/finish()), so memory holds the readings of
 * the windows still open, which grows with the lag between the two
 * signals in the input (a file sorted by signal holds all of A until B
 * arrives).
 *
 * Results: Pearson r in [-1, 1] and the sample covariance (n - 1) of the
 * pairs, NAN with fewer than 2 pairs, r NAN when either signal is
 * constant over the pairs.
 */
#ifndef I40_CROSS_H
#define I40_CROSS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "win.h"

/* A closed window of a pair of signals. */
struct i40_cross_window {
	int64_t ts;         /* the ts to write: the window's end */
	int64_t start;      /* window start, ns */
	int64_t end;        /* window end (exclusive), ns */
	int64_t n_a, n_b;   /* readings of each signal in the window */
	int64_t npairs;     /* pairs formed */
	double mean_a;      /* mean of A over the pairs */
	double mean_b;      /* mean of B over the pairs */
	double cov;         /* sample covariance of the pairs */
	double r;           /* Pearson correlation of the pairs */
};

/* One reading waiting for its window to close. */
struct i40_cross_pt {
	int64_t ts;         /* ns */
	double v;           /* value (never NAN) */
};

/* The readings of one of the two signals. */
struct i40_cross_side {
	struct i40_cross_pt *p;  /* buffer; live part p[head .. n-1] */
	size_t head;             /* first live reading */
	size_t n;                /* end of the live readings */
	size_t cap;              /* allocated length */
	int seen;                /* a reading (or advance) has been seen */
	int64_t last;            /* ts of the latest reading */
};

struct i40_cross {
	const struct i40_win *win;    /* time window spec */
	int64_t tol;                  /* pairing tolerance, ns */
	struct i40_cross_side side[2];/* A = 0, B = 1 */
	int have_next;                /* next_e is set */
	int64_t next_e;               /* pane ending the next window to write */
	int64_t open_from;            /* readings before this ts are late */
	int finished;                 /* i40_cross_finish() was called */
	int (*emit)(void *ctx, const struct i40_cross_window *w, struct i40_err *err);
	void *ctx;                    /* passed to emit */
};

/* Set up over time windows w (outliving c); tol >= 0 ns.  -1 with
 * I40_ERR_CONFIG for count windows or a negative tolerance. */
int i40_cross_init(struct i40_cross *c, const struct i40_win *w, int64_t tol,
		   int (*emit)(void *ctx, const struct i40_cross_window *w,
			       struct i40_err *err),
		   void *ctx, struct i40_err *err);
void i40_cross_free(struct i40_cross *c);
/* A reading of signal which (0 = A, 1 = B).  NAN is missing: ignored.
 * -1 with I40_ERR_DATA when out of order or late (not used), or the
 * error of emit. */
int i40_cross_add(struct i40_cross *c, int which, int64_t ts, double v,
		  struct i40_err *err);
/* Both signals are known to have reached ts: write windows ending <= ts. */
int i40_cross_advance(struct i40_cross *c, int64_t ts, struct i40_err *err);
/* End of input: write every window holding readings. */
int i40_cross_finish(struct i40_cross *c, struct i40_err *err);

#endif
