/* test_inventory.c - safety stock, reorder point, order-up-to level and
 * EOQ on the textbook examples of Chopra and Meindl, "Supply Chain
 * Management: Strategy, Planning, and Operation" (Pearson), chapters on
 * cycle inventory (EOQ) and safety inventory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include <string.h>

#include "inventory.h"

/* Safety inventory for a given cycle service level (continuous review):
 * weekly demand for Lego at a Walmart store N(2,500, 500), lead time 2
 * weeks, CSL 90%.  sigma_L = sqrt(2) 500 = 707.1; ss = NORMSINV(0.9)
 * sigma_L = 1.2816 x 707.1 = 906 boxes (the book's answer); ROP = 5,906. */
static void
continuous_review(void **state)
{
	double mean[10];
	struct i40_inventory_item it = { 2, 0, 0.90, 0, 0, 7000, 0 };
	struct i40_inventory_policy p;
	int j;

	(void)state;
	for (j = 0; j < 10; j++)
		mean[j] = 2500;
	assert_int_equal(i40_inventory_plan(mean, 10, 500, &it, &p, NULL), 0);
	assert_true(fabs(p.demand_lt - 5000) < 1e-9);
	assert_true(fabs(p.sigma_lt - 500 * sqrt(2)) < 1e-9);
	assert_true(fabs(p.safety - 906) < 0.5);
	assert_true(fabs(p.safety - 1.2815515655446004 * 500 * sqrt(2)) < 1e-6);
	assert_true(fabs(p.reorder_point - 5906) < 0.5);
	assert_true(p.order_qty == 0);          /* position 7,000 above the ROP */
	assert_true(p.eoq == 0);                /* no costs given */
}

/* Periodic review, same store: review every 4 weeks, lead time 2 weeks,
 * CSL 90%: D over T+L = 6 x 2,500 = 15,000, sigma = sqrt(6) 500 = 1,225,
 * ss = 1.2816 x 1,225 = 1,570, order-up-to level 16,570 (the book's
 * numbers).  With 10,000 in position, order 6,570. */
static void
periodic_review(void **state)
{
	double mean[10];
	struct i40_inventory_item it = { 2, 4, 0.90, 0, 0, 10000, 0 };
	struct i40_inventory_policy p;
	int j;

	(void)state;
	for (j = 0; j < 10; j++)
		mean[j] = 2500;
	assert_int_equal(i40_inventory_plan(mean, 10, 500, &it, &p, NULL), 0);
	assert_true(fabs(p.demand_lt - 15000) < 1e-9);
	assert_true(fabs(p.safety - 1570) < 1);
	assert_true(fabs(p.order_up_to - 16570) < 1);
	assert_true(fabs(p.order_qty - (p.order_up_to - 10000)) < 1e-9);
}

/* EOQ (Best Buy computers): demand 1,000 units a month, order cost
 * $4,000, unit cost $500, holding 20% a year = $100 a year = $8.33 a
 * month: Q* = sqrt(2 x 12,000 x 4,000 / 100) = 980 units. */
static void
eoq(void **state)
{
	double mean[12];
	struct i40_inventory_item it = { 1, 0, 0.95, 100.0 / 12, 4000, 1e9, 0 };
	struct i40_inventory_policy p;
	int j;

	(void)state;
	for (j = 0; j < 12; j++)
		mean[j] = 1000;
	assert_int_equal(i40_inventory_plan(mean, 12, 100, &it, &p, NULL), 0);
	assert_true(fabs(p.eoq - sqrt(960000.0)) < 1e-9);
	assert_true(fabs(p.eoq - 980) < 0.5);
}

/* Continuous review orders whole EOQs until the position clears the
 * reorder point: mean 10 a period, no error, lead time 25: ROP 250;
 * EOQ sqrt(2 x 10 x 50 / 0.1) = 100.  Position 120: gap 130, 2 x 100.
 * Fractional lead time 2.5 with forecasts 10, 20, 30: 10 + 20 + 15. */
static void
order_quantity(void **state)
{
	double mean[3] = { 10, 10, 10 }, up[3] = { 10, 20, 30 };
	struct i40_inventory_item it = { 25, 0, 0.5, 0.1, 50, 120, 0 };
	struct i40_inventory_policy p;
	struct i40_err err;

	(void)state;
	assert_int_equal(i40_inventory_plan(mean, 3, 0, &it, &p, NULL), 0);
	assert_true(fabs(p.reorder_point - 250) < 1e-9);
	assert_true(fabs(p.eoq - 100) < 1e-9);
	assert_true(fabs(p.order_qty - 200) < 1e-9);
	it.lead_time = 2.5;
	assert_int_equal(i40_inventory_plan(up, 3, 0, &it, &p, NULL), 0);
	assert_true(fabs(p.demand_lt - 45) < 1e-12);
	it.service = 1.5;
	assert_int_equal(i40_inventory_plan(up, 3, 0, &it, &p, &err), -1);
	assert_int_equal(err.kind, I40_ERR_CONFIG);
	it.service = 0.9;
	it.lead_time = 0;
	assert_int_equal(i40_inventory_plan(up, 3, 0, &it, &p, &err), -1);
}

/* Pack sizes round an order up to whole packs: the 200 above in packs
 * of 30 is 210. */
static void
packs(void **state)
{
	double mean[3] = { 10, 10, 10 };
	struct i40_inventory_item it = { 25, 0, 0.5, 0.1, 50, 120, 30 };
	struct i40_inventory_policy p;

	(void)state;
	assert_int_equal(i40_inventory_plan(mean, 3, 0, &it, &p, NULL), 0);
	assert_true(fabs(p.order_qty - 210) < 1e-9);
	it.pack = 25;                            /* 200 is whole packs already */
	assert_int_equal(i40_inventory_plan(mean, 3, 0, &it, &p, NULL), 0);
	assert_true(fabs(p.order_qty - 200) < 1e-9);
}

static struct i40_doc *
yaml(const char *text)
{
	struct i40_err err;
	struct i40_doc *d = i40_cfg_parse(text, strlen(text), "plant.yaml", &err);

	if (d == NULL)
		fail_msg("%s", err.msg);
	return d;
}

/* The plant file's facts in weekly periods: 3w is 3 periods, 10d is
 * 10/7; a holding cost of 52 a year is 1 a week; the item's entry
 * overrides the defaults key by key. */
static void
facts_from_yaml(void **state)
{
	struct i40_doc *d = yaml("signal: sales\nstock_signal: stock\n"
				 "defaults: {lead_time: 3w, service: 0.9, holding_cost: 52, order_cost: 40}\n"
				 "items:\n  A: {lead_time: 10d, review: 1w, stock: 12, on_order: 5, pack: 6}\n"
				 "  B:\n");
	struct i40_inventory_cfg cfg;
	struct i40_inventory_facts f;
	struct i40_err err;

	(void)state;
	assert_int_equal(i40_inventory_config(d->root, &cfg, &err), 0);
	assert_string_equal(cfg.signal, "sales");
	assert_string_equal(cfg.stock_signal, "stock");
	assert_int_equal(i40_inventory_facts(&cfg, "A", 7 * 86400, &f, &err), 1);
	assert_true(fabs(f.item.lead_time - 10.0 / 7) < 1e-12);
	assert_true(fabs(f.item.review - 1) < 1e-12);
	assert_true(f.item.service == 0.9);
	assert_true(fabs(f.item.hold_cost - 52 * 7 / 365.2425) < 1e-12);
	assert_true(f.item.order_cost == 40 && f.item.pack == 6);
	assert_true(f.stock == 12 && f.on_order == 5);
	assert_int_equal(i40_inventory_facts(&cfg, "B", 7 * 86400, &f, &err), 1);
	assert_true(fabs(f.item.lead_time - 3) < 1e-12 && f.item.review == 0);
	assert_true(isnan(f.stock) && f.on_order == 0);
	/* An item not listed gets the defaults. */
	assert_int_equal(i40_inventory_facts(&cfg, "Z", 7 * 86400, &f, &err), 1);
	i40_cfg_free(d);
	/* Without defaults, an unlisted item has no facts. */
	d = yaml("items: {A: {lead_time: 2d}}\n");
	assert_int_equal(i40_inventory_config(d->root, &cfg, &err), 0);
	assert_int_equal(i40_inventory_facts(&cfg, "Z", 86400, &f, &err), 0);
	assert_int_equal(i40_inventory_facts(&cfg, "A", 86400, &f, &err), 1);
	assert_true(f.item.service == 0.95);    /* the default service level */
	i40_cfg_free(d);
}

/* Mistakes are found when the file is loaded, with their position. */
static void
bad_facts(void **state)
{
	static const struct { const char *text; const char *msg; } bad[] = {
		{ "items: {A: {lead_time: 3}}\n", "plant.yaml:1:24: 3 needs a unit: 3d or 3w" },
		{ "items: {A: {lead_time: 0d}}\n", "plant.yaml:1:24: the lead time must be longer than 0" },
		{ "defaults: {service: 95}\n", "plant.yaml:1:21: 95 is out of range: expected strictly between 0 and 1" },
		{ "defaults: {order_cost: -1}\n", "plant.yaml:1:24: -1 is out of range: expected at least 0" },
		{ "items: {A: {leadtime: 3d}}\n", NULL },
		{ "signal: s\nstock_signal: s\n", "plant.yaml:2:15: the stock signal cannot be the demand signal too" },
	};
	struct i40_err err;
	char buf[600];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct i40_doc *d = yaml(bad[i].text);

		assert_int_equal(i40_inventory_check_config(d->root, &err), -1);
		assert_int_equal(err.kind, I40_ERR_CONFIG);
		i40_err_format(&err, buf, sizeof buf);
		if (bad[i].msg && strcmp(buf, bad[i].msg) != 0)
			fail_msg("got \"%s\"", buf);
		i40_cfg_free(d);
	}
	/* review 0 is continuous review, not a missing unit. */
	struct i40_doc *d = yaml("defaults: {lead_time: 1w, review: 0}\n");
	assert_int_equal(i40_inventory_check_config(d->root, &err), 0);
	i40_cfg_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(continuous_review),
		cmocka_unit_test(periodic_review),
		cmocka_unit_test(eoq),
		cmocka_unit_test(order_quantity),
		cmocka_unit_test(packs),
		cmocka_unit_test(facts_from_yaml),
		cmocka_unit_test(bad_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
