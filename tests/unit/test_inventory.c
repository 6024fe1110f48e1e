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

#include "inventory.h"

/* Safety inventory for a given cycle service level (continuous review):
 * weekly demand for Lego at a Walmart store N(2,500, 500), lead time 2
 * weeks, CSL 90%.  sigma_L = sqrt(2) 500 = 707.1; ss = NORMSINV(0.9)
 * sigma_L = 1.2816 x 707.1 = 906 boxes (the book's answer); ROP = 5,906. */
static void
continuous_review(void **state)
{
	double mean[10];
	struct i40_inventory_item it = { 2, 0, 0.90, 0, 0, 7000 };
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
	struct i40_inventory_item it = { 2, 4, 0.90, 0, 0, 10000 };
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
	struct i40_inventory_item it = { 1, 0, 0.95, 100.0 / 12, 4000, 1e9 };
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
	struct i40_inventory_item it = { 25, 0, 0.5, 0.1, 50, 120 };
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(continuous_review),
		cmocka_unit_test(periodic_review),
		cmocka_unit_test(eoq),
		cmocka_unit_test(order_quantity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
