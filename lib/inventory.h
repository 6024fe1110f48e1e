/* inventory.h - reorder point, safety stock, EOQ and order quantity from
 * a demand forecast.
 */
#ifndef I40_INVENTORY_H
#define I40_INVENTORY_H

#include <stddef.h>

#include "cfg.h"
#include "err.h"

/* Facts about one item (from the plant file); periods are the
 * forecast's periods. */
struct i40_inventory_item {
	double lead_time;       /* periods from order to receipt (> 0) */
	double review;          /* periods between reviews; 0: continuous review */
	double service;         /* cycle service level, e.g. 0.95 (0 < s < 1) */
	double hold_cost;       /* holding cost per unit per period (0: unknown) */
	double order_cost;      /* fixed cost per order (0: unknown) */
	double position;        /* inventory position: on hand + on order - backorders */
	double pack;            /* orders are whole multiples of this; 0: any amount */
};

/* The policy and today's suggestion. */
struct i40_inventory_policy {
	double demand_lt;       /* expected demand over lead time + review */
	double sigma_lt;        /* its standard deviation */
	double safety;          /* safety stock: z(service) sigma_lt */
	double reorder_point;   /* continuous review: order when position <= this */
	double order_up_to;     /* periodic review: order up to this level */
	double eoq;             /* economic order quantity; 0 when costs are unknown */
	double order_qty;       /* suggested order now (0: none) */
};

/* Policy from the point forecasts mean[0..h-1] and sigma1, the standard
 * deviation of the one-step forecast error (a backtest's RMSE, or the
 * model's).  Forecast errors are taken as independent from period to
 * period, so over the protection interval P = lead time + review the
 * standard deviation is sigma1 sqrt(P) and the expected demand the sum
 * of the forecasts over P (a fractional last period counted pro rata;
 * beyond h the last forecast is repeated).
 *   safety = z sigma_lt, z the standard normal quantile of the service
 *   level; reorder point (and order-up-to level) = demand_lt + safety;
 *   EOQ = sqrt(2 D K / H), D mean demand per period over the horizon,
 *   K the order cost, H the holding cost per unit and period.
 * Suggested order: with periodic review, order-up-to minus position;
 * with continuous review, when position <= reorder point, the smallest
 * multiple of the EOQ that lifts the position above the reorder point
 * (without costs: the shortfall plus one period's demand).  With a pack
 * size the order is rounded up to whole packs.  Returns 0, or -1 for
 * bad facts. */
int i40_inventory_plan(const double *mean, int h, double sigma1,
		       const struct i40_inventory_item *item,
		       struct i40_inventory_policy *pol, struct i40_err *err);

/* The plant file's inventory: section (i40-forecast(1), i40-plant(5)). */
struct i40_inventory_cfg {
	const char *signal;        /* the demand signal; NULL: every signal but the stock's */
	const char *stock_signal;  /* records of it carry the stock on hand; NULL: none */
	const struct i40_node *defaults;   /* facts of every item, or NULL */
	const struct i40_node *items;      /* item -> its facts, or NULL */
};

/* Read and check the section (NULL: empty).  Returns 0, or -1 with the
 * position of the bad key or value. */
int i40_inventory_config(const struct i40_node *sec, struct i40_inventory_cfg *cfg,
			 struct i40_err *err);

/* The check that lib/plant.c runs on every load. */
int i40_inventory_check_config(const struct i40_node *sec, struct i40_err *err);

/* What the plant file says about one item. */
struct i40_inventory_facts {
	struct i40_inventory_item item;   /* in periods; position 0 (see below) */
	double stock;              /* stock: on hand; NAN when not given */
	double on_order;           /* on_order: ordered, not yet received */
	const char *description;   /* "" when not given */
};

/* The item's entry under items: over defaults:, durations and the
 * yearly holding cost turned into periods of period_sec seconds.
 * Returns 1, or 0 when the item has no lead time (not listed and no
 * default), or -1 on a bad value. */
int i40_inventory_facts(const struct i40_inventory_cfg *cfg, const char *item, double period_sec,
			struct i40_inventory_facts *f, struct i40_err *err);

#endif
