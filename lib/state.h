/* state.h - time in each state and transitions of a state signal.
 *
 * A state signal (RUN, IDLE, DOWN:jam) is a step function: a reading at
 * ts says "from ts on, the machine is in this state", until the next
 * reading.  Windows get the overlap of each held interval with their
 * span (the series engine in stream.h cuts intervals at window and pane
 * boundaries), and count a transition where a reading's state differs
 * from the state in force before it.  A repeated reading of the same
 * state is not a transition.  State names are interned per series in a
 * struct i40_labels so windows count in small integer ids.
 */
#ifndef I40_STATE_H
#define I40_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct i40_labels {
	char **name;        /* state names by id */
	size_t n;           /* names in use */
	size_t cap;         /* allocated length of name */
};

struct i40_state {
	int64_t n;           /* readings in the window */
	int64_t transitions; /* readings that changed the state */
	int64_t *dur;        /* ns spent in each state, indexed by label id */
	size_t nlab;         /* length of dur */
	int64_t covered;     /* ns of the window with a known state */
};

void i40_labels_init(struct i40_labels *l);
void i40_labels_free(struct i40_labels *l);
/* The id of name, adding it when new; -1 (I40_ERR_NOMEM) on failure. */
int i40_labels_id(struct i40_labels *l, const char *name, struct i40_err *err);
/* The name of id, or NULL when id is not in use. */
const char *i40_labels_name(const struct i40_labels *l, int id);

void i40_state_init(struct i40_state *s);
/* Empty again for the next window, keeping the duration array. */
void i40_state_reset(struct i40_state *s);
void i40_state_free(struct i40_state *s);
/* Count ns nanoseconds in state id.  Returns 0 or -1 on NOMEM. */
int i40_state_time(struct i40_state *s, int id, int64_t ns, struct i40_err *err);
/* Count one reading; changed != 0 when it is a transition. */
void i40_state_reading(struct i40_state *s, int changed);
/* Fold src into dst.  Returns 0 or -1 on NOMEM. */
int i40_state_merge(struct i40_state *dst, const struct i40_state *src,
		    struct i40_err *err);
/* ns spent in state id in this window (0 for unknown ids). */
int64_t i40_state_dur(const struct i40_state *s, int id);

#endif
