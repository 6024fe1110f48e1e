/* inventory.h - reorder point, safety stock, EOQ and order quantity from
 * a demand forecast.
 */
#ifndef I40_INVENTORY_H
#define I40_INVENTORY_H

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
 * multiple of the EOQ (or, without costs, the amount) that lifts the
 * position above the reorder point.  Returns 0, or -1 for bad facts. */
int i40_inventory_plan(const double *mean, int h, double sigma1,
		       const struct i40_inventory_item *item,
		       struct i40_inventory_policy *pol, struct i40_err *err);

#endif
