/* alert.h - from a score per record to alert episodes people can live with.
 *
 * A detector gives every record a score in [0,1]; maintenance wants one
 * alert per fault.  The state machine here turns scores into episodes:
 *
 *   idle --score>=on--> pending --held min_points and min_ns--> active
 *   active --score<off--> cooling --cooldown passed--> idle (episode final)
 *   cooling --score>=on--> active again: the same episode goes on
 *
 * The alert flag of a record is 1 while the episode is active.  An
 * episode is reported (closed) only once its cooldown has passed without
 * a new crossing, so a fault that flickers is one episode, not many.
 *
 * The deadman watches arrivals instead of values: a series that stays
 * silent for longer than its expected interval times a factor raises a
 * "no data" alert, which ends when data comes back.
 */
#ifndef I40_ALERT_H
#define I40_ALERT_H

#include <stdint.h>

struct i40_alert_settings {
	double on;            /* a record with score >= on starts (or holds) an alert */
	double off;           /* an active alert ends at a record with score < off (off <= on) */
	long min_points;      /* consecutive records >= on before the alert is raised (>= 1) */
	int64_t min_ns;       /* and at least this long from the first of them (0: none) */
	long cooldown_points; /* after the end, records that must pass before the episode is final */
	int64_t cooldown_ns;  /* and time that must pass (both must pass; 0: none) */
};

/* One alert episode: one fault. */
struct i40_episode {
	int64_t start;        /* ts of the first record >= on of the episode */
	int64_t raised;       /* ts at which the alert was raised (after debounce) */
	int64_t end;          /* ts of the last record of the episode still >= off */
	int64_t peak_ts;      /* ts of the highest score */
	double peak;          /* highest score in the episode */
	long points;          /* records from start to end, inclusive */
};

enum i40_alert_state {
	I40_ALERT_IDLE = 0,
	I40_ALERT_PENDING,    /* above on, debounce not yet satisfied */
	I40_ALERT_ACTIVE,
	I40_ALERT_COOLING     /* ended, waiting for the cooldown */
};

/* What a push reports, as bits of the return value. */
enum {
	I40_ALERT_FLAG = 1,   /* the alert flag of this record */
	I40_ALERT_RAISED = 2, /* a new episode was raised at this record */
	I40_ALERT_CLOSED = 4  /* an episode became final: *done is filled */
};

struct i40_alert {
	struct i40_alert_settings set;
	enum i40_alert_state state;
	struct i40_episode cur;    /* the episode being built */
	long run;                  /* consecutive records >= on while pending */
	long cool_points;          /* records seen while cooling */
	int64_t cool_start;        /* ts at which cooling began */
	long since_start;          /* records since cur.start */
};

/* Defaults: on 0.5, off 0.4, raise at the first record, cooldown 10
 * records and no time limit. */
void i40_alert_defaults(struct i40_alert_settings *s);

/* Start a state machine; settings are copied (off is clamped to <= on,
 * min_points to >= 1). */
void i40_alert_init(struct i40_alert *a, const struct i40_alert_settings *s);

/* Feed one record; a NaN score counts as below off.  Returns I40_ALERT_*
 * bits; when I40_ALERT_CLOSED is set, *done holds the finished episode
 * (the episode that became final, which may end before this record). */
int i40_alert_push(struct i40_alert *a, int64_t ts, double score, struct i40_episode *done);

/* End of stream: if an episode is active or cooling, close it into *done
 * and return 1; else 0. */
int i40_alert_finish(struct i40_alert *a, struct i40_episode *done);

/* The "no data" watchdog of one series. */
struct i40_deadman {
	int64_t expected_ns;  /* expected interval; 0 = learn it (median of recent gaps) */
	double factor;        /* alert when silent for more than factor * expected */
	int64_t last_ts;      /* last arrival (INT64_MIN before the first) */
	int firing;           /* 1 while the "no data" alert is up */
	int64_t gaps[31];     /* recent gaps, to learn the expected interval */
	int ngaps, gpos;
};

/* expected_ns 0 learns the interval from the data (needs 3 gaps first). */
void i40_deadman_init(struct i40_deadman *d, int64_t expected_ns, double factor);

/* The expected interval in use (given or learned); 0 when not yet known. */
int64_t i40_deadman_expected(const struct i40_deadman *d);

/* Time now (a clock, or the ts of any other series of the stream): returns
 * 1 when the series has just gone silent too long (the alert rises). */
int i40_deadman_check(struct i40_deadman *d, int64_t now);

/* A record of the series arrived at ts: returns 1 when this ends a "no
 * data" alert (the alert falls). */
int i40_deadman_seen(struct i40_deadman *d, int64_t ts);

#endif
