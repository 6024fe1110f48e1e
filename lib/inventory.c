/* inventory.c - from a demand forecast to an order.
 *
 * The textbook policies (Silver, Pyke and Thomas, "Inventory and
 * Production Management in Supply Chains", 4th ed. 2017, ch. 6-7; Chopra
 * and Meindl, "Supply Chain Management", ch. 11-12) with the forecast
 * error in place of the demand's standard deviation, which is what a
 * forecast-driven plant actually faces over the lead time.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "inventory.h"

/* Sum of the forecasts over p periods (p may be fractional). */
static double
demand_over(const double *mean, int h, double p)
{
	double s = 0;
	int j, whole = (int)floor(p);

	for (j = 0; j < whole; j++)
		s += mean[j < h ? j : h - 1];
	if (p > whole)
		s += (p - whole) * mean[whole < h ? whole : h - 1];
	return s;
}

int
i40_inventory_plan(const double *mean, int h, double sigma1,
		   const struct i40_inventory_item *it,
		   struct i40_inventory_policy *pol, struct i40_err *err)
{
	double p, z, d = 0;
	int j;

	if (h < 1)
		return i40_err_set(err, I40_ERR_CONFIG, "inventory needs at least one forecast");
	if (!(it->lead_time > 0))
		return i40_err_set(err, I40_ERR_CONFIG, "lead time must be positive, not %g",
				   it->lead_time);
	if (!(it->review >= 0))
		return i40_err_set(err, I40_ERR_CONFIG, "review period must be 0 (continuous) "
				   "or positive, not %g", it->review);
	if (!(it->service > 0 && it->service < 1))
		return i40_err_set(err, I40_ERR_CONFIG, "service level must be between 0 and 1 "
				   "(e.g. 0.95), not %g", it->service);
	if (!(sigma1 >= 0))
		return i40_err_set(err, I40_ERR_DATA, "forecast error standard deviation "
				   "is unknown");
	if (it->hold_cost < 0 || it->order_cost < 0)
		return i40_err_set(err, I40_ERR_CONFIG, "costs must not be negative");
	p = it->lead_time + it->review;
	z = gsl_cdf_ugaussian_Pinv(it->service);
	pol->demand_lt = demand_over(mean, h, p);
	pol->sigma_lt = sigma1 * sqrt(p);
	pol->safety = z * pol->sigma_lt;
	pol->reorder_point = pol->demand_lt + pol->safety;
	pol->order_up_to = pol->reorder_point;
	for (j = 0; j < h; j++)
		d += mean[j];
	d /= h;
	pol->eoq = it->hold_cost > 0 && it->order_cost > 0 && d > 0
		? sqrt(2 * d * it->order_cost / it->hold_cost) : 0;
	pol->order_qty = 0;
	if (it->review > 0) {
		pol->order_qty = fmax(pol->order_up_to - it->position, 0);
	} else if (it->position <= pol->reorder_point) {
		double gap = pol->reorder_point - it->position;

		if (pol->eoq > 0)
			pol->order_qty = pol->eoq * (floor(gap / pol->eoq) + 1);
		else
			pol->order_qty = gap + mean[0];
	}
	return 0;
}
