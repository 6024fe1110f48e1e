/* inventory.c - from a demand forecast to an order.
 *
 * The textbook policies (Silver, Pyke and Thomas, "Inventory and
 * Production Management in Supply Chains", 4th ed. 2017, ch. 6-7; Chopra
 * and Meindl, "Supply Chain Management", ch. 11-12) with the forecast
 * error in place of the demand's standard deviation, which is what a
 * forecast-driven plant actually faces over the lead time.
 */
#include <math.h>
#include <string.h>

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
	if (!(it->pack >= 0))
		return i40_err_set(err, I40_ERR_CONFIG, "pack size must be positive, not %g", it->pack);
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
	if (it->pack > 0 && pol->order_qty > 0)
		pol->order_qty = it->pack * ceil(pol->order_qty / it->pack - 1e-9);
	return 0;
}

/* ---- the plant file's inventory: section ---- */

static const char *const fact_keys[] = {
	"lead_time", "review", "service", "holding_cost", "order_cost", "stock", "on_order", "pack",
	"description", NULL
};

/* A duration in periods; a bare number other than 0 is refused, since
 * "3" could be days, weeks or periods. */
static int
periods(const struct i40_node *n, double period_sec, int zero_ok, double *out, struct i40_err *err)
{
	int64_t ns;

	if (n->kind == I40_NODE_SCALAR && n->str[strspn(n->str, "0123456789.")] == '\0' &&
	    !(zero_ok && strspn(n->str, "0.") == strlen(n->str)))
		return i40_cfg_error(n, err, "%s needs a unit: %sd or %sw", n->str, n->str, n->str);
	if (i40_cfg_duration(n, &ns, err) != 0)
		return -1;
	if (ns == 0 && !zero_ok)
		return i40_cfg_error(n, err, "the lead time must be longer than 0");
	*out = (double)ns / 1e9 / period_sec;
	return 0;
}

static int
number(const struct i40_node *n, double lo, double hi, int open, double *out, struct i40_err *err)
{
	if (i40_cfg_num(n, out, err) != 0)
		return -1;
	if (open ? (*out > lo && *out < hi) : (*out >= lo && *out <= hi))
		return 0;
	if (isinf(hi))
		return i40_cfg_error(n, err, "%s is out of range: expected %s %g", n->str,
				     open ? "more than" : "at least", lo);
	return i40_cfg_error(n, err, "%s is out of range: expected %s %g and %g", n->str,
			     open ? "strictly between" : "between", lo, hi);
}

/* Apply one map of facts (an entry of items:, or defaults:). */
static int
apply_facts(const struct i40_node *m, double period_sec, struct i40_inventory_facts *f, int *has_lead,
	    struct i40_err *err)
{
	const struct i40_node *n;
	double year = 365.2425 * 86400;

	if (m == NULL || m->is_null)
		return 0;
	if (i40_cfg_check_keys(m, fact_keys, "an inventory item", err) != 0)
		return -1;
	if ((n = i40_cfg_get(m, "lead_time")) != NULL) {
		if (periods(n, period_sec, 0, &f->item.lead_time, err) != 0)
			return -1;
		*has_lead = 1;
	}
	if ((n = i40_cfg_get(m, "review")) && periods(n, period_sec, 1, &f->item.review, err) != 0)
		return -1;
	if ((n = i40_cfg_get(m, "service")) && number(n, 0, 1, 1, &f->item.service, err) != 0)
		return -1;
	if ((n = i40_cfg_get(m, "holding_cost")) != NULL) {
		if (number(n, 0, HUGE_VAL, 0, &f->item.hold_cost, err) != 0)
			return -1;
		f->item.hold_cost *= period_sec / year;   /* per unit and year -> per period */
	}
	if ((n = i40_cfg_get(m, "order_cost")) && number(n, 0, HUGE_VAL, 0, &f->item.order_cost, err) != 0)
		return -1;
	if ((n = i40_cfg_get(m, "stock")) && i40_cfg_num(n, &f->stock, err) != 0)
		return -1;
	if ((n = i40_cfg_get(m, "on_order")) && number(n, 0, HUGE_VAL, 0, &f->on_order, err) != 0)
		return -1;
	if ((n = i40_cfg_get(m, "pack")) && number(n, 0, HUGE_VAL, 1, &f->item.pack, err) != 0)
		return -1;
	if ((n = i40_cfg_get(m, "description")) && i40_cfg_str(n, &f->description, err) != 0)
		return -1;
	return 0;
}

static void
facts_init(struct i40_inventory_facts *f)
{
	memset(f, 0, sizeof *f);
	f->item.service = 0.95;
	f->stock = NAN;
	f->description = "";
}

int
i40_inventory_config(const struct i40_node *sec, struct i40_inventory_cfg *cfg, struct i40_err *err)
{
	static const char *const keys[] = {"signal", "stock_signal", "defaults", "items", NULL};
	const struct i40_node *n;
	struct i40_inventory_facts f;
	int lead;

	memset(cfg, 0, sizeof *cfg);
	if (sec == NULL || sec->is_null)
		return 0;
	if (i40_cfg_check_keys(sec, keys, "the inventory section", err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "signal")) && i40_cfg_str(n, &cfg->signal, err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "stock_signal")) && i40_cfg_str(n, &cfg->stock_signal, err) != 0)
		return -1;
	if (cfg->signal && cfg->stock_signal && strcmp(cfg->signal, cfg->stock_signal) == 0)
		return i40_cfg_error(n, err, "the stock signal cannot be the demand signal too");
	/* Check every entry now, so a typo is found whatever the stream holds. */
	cfg->defaults = i40_cfg_get(sec, "defaults");
	facts_init(&f);
	if (cfg->defaults && apply_facts(cfg->defaults, 86400, &f, &lead, err) != 0)
		return -1;
	if ((n = i40_cfg_get(sec, "items")) != NULL && !n->is_null) {
		if (i40_cfg_expect(n, I40_NODE_MAP, "items", err) != 0)
			return -1;
		for (size_t i = 0; i < n->n; i++) {
			facts_init(&f);
			if (apply_facts(n->val[i], 86400, &f, &lead, err) != 0)
				return -1;
		}
		cfg->items = n;
	}
	return 0;
}

int
i40_inventory_check_config(const struct i40_node *sec, struct i40_err *err)
{
	struct i40_inventory_cfg cfg;

	return i40_inventory_config(sec, &cfg, err);
}

int
i40_inventory_facts(const struct i40_inventory_cfg *cfg, const char *item, double period_sec,
		    struct i40_inventory_facts *f, struct i40_err *err)
{
	const struct i40_node *mine = cfg->items ? i40_cfg_get(cfg->items, item) : NULL;
	int lead = 0;

	facts_init(f);
	if (apply_facts(cfg->defaults, period_sec, f, &lead, err) != 0 ||
	    apply_facts(mine, period_sec, f, &lead, err) != 0)
		return -1;
	return lead;
}
