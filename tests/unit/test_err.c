/* test_err.c - error records are filled and formatted as FILE:LINE:COL: msg. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "err.h"

static void
format_with_position(void **state)
{
	struct i40_err e;
	char buf[600];

	(void)state;
	assert_int_equal(i40_err_at(&e, I40_ERR_CONFIG, "plant.yaml", 12, 5, "unknown key \"%s\"", "tz"), -1);
	i40_err_format(&e, buf, sizeof buf);
	assert_string_equal(buf, "plant.yaml:12:5: unknown key \"tz\"");
	assert_int_equal(e.kind, I40_ERR_CONFIG);
}

static void
format_without_position(void **state)
{
	struct i40_err e;
	char buf[600];

	(void)state;
	i40_err_set(&e, I40_ERR_DATA, "no %s", "column");
	i40_err_format(&e, buf, sizeof buf);
	assert_string_equal(buf, "no column");
	i40_err_at(&e, I40_ERR_DATA, "in.csv", 42, 0, "bad");
	i40_err_format(&e, buf, sizeof buf);
	assert_string_equal(buf, "in.csv:42: bad");
	assert_int_equal(i40_err_set(NULL, I40_ERR_DATA, "x"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_with_position),
		cmocka_unit_test(format_without_position),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
