/* test_cal.c - the shift calendar and report periods.
 * Expected instants are worked out by hand from the EU rules (summer time
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October; Europe/Rome is UTC+1 in winter, UTC+2 in summer), as
 * written beside each check. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cal.h"
#include "cfg.h"
#include "testutil.h"

struct fixture {
	struct i40_doc *doc;
	struct i40_tz *tz;
	struct i40_cal *cal;
};

static void
load(struct fixture *f, const char *zone, const char *yaml)
{
	struct i40_err e;
	memset(f, 0, sizeof *f);
	f->tz = i40_tz_load(zone, &e);
	assert_non_null(f->tz);
	f->doc = i40_cfg_parse(yaml, strlen(yaml), "cal.yaml", &e);
	if (f->doc == NULL)
		fail_msg("%s", e.msg);
	f->cal = i40_cal_new(f->doc->root, f->tz, &e);
	if (f->cal == NULL)
		fail_msg("%s", e.msg);
}

static void
unload(struct fixture *f)
{
	i40_cal_free(f->cal);
	i40_cfg_free(f->doc);
	i40_tz_free(f->tz);
}

/* Seconds of WORK and BREAK for asset between two instants, walking
 * the calendar segment by segment as the OEE engine does. */
static void
walk(const struct fixture *f, const char *asset, const char *from, const char *to, double *work, double *brk)
{
	int64_t t = iso(from), end = iso(to);
	*work = *brk = 0;
	while (t < end) {
		struct i40_cal_seg seg;
		i40_cal_at(f->cal, asset, t, &seg);
		assert_true(seg.end > t);
		int64_t next = seg.end < end ? seg.end : end;
		if (seg.kind == I40_CAL_WORK)
			*work += (double)(next - t) / 1e9;
		else if (seg.kind == I40_CAL_BREAK)
			*brk += (double)(next - t) / 1e9;
		t = next;
	}
}

static void
seg_is(const struct fixture *f, const char *asset, const char *at, enum i40_cal_kind kind, const char *until)
{
	struct i40_cal_seg seg;
	i40_cal_at(f->cal, asset, iso(at), &seg);
	assert_int_equal(seg.kind, kind);
	assert_true(seg.end == iso(until));
}

static void
day_shift_with_break(void **state)
{
	struct fixture f;
	(void)state;
	load(&f, "UTC",
	     "shifts:\n"
	     "  - {name: A, start: \"06:00\", end: \"14:00\", days: mon-fri}\n"
	     "breaks:\n"
	     "  - {start: \"10:00\", end: \"10:30\"}\n");
	/* 2024-03-05 is a Tuesday */
	seg_is(&f, "m1", "2024-03-05T05:00:00Z", I40_CAL_OFF, "2024-03-05T06:00:00Z");
	seg_is(&f, "m1", "2024-03-05T06:00:00Z", I40_CAL_WORK, "2024-03-05T10:00:00Z");
	seg_is(&f, "m1", "2024-03-05T10:00:00Z", I40_CAL_BREAK, "2024-03-05T10:30:00Z");
	seg_is(&f, "m1", "2024-03-05T10:30:00Z", I40_CAL_WORK, "2024-03-05T14:00:00Z");
	seg_is(&f, "m1", "2024-03-05T14:00:00Z", I40_CAL_OFF, "2024-03-06T06:00:00Z");
	struct i40_cal_seg seg;
	i40_cal_at(f.cal, "m1", iso("2024-03-05T12:00:00Z"), &seg);
	assert_string_equal(i40_cal_shift_name(f.cal, seg.shift), "A");
	assert_true(seg.shift_start == iso("2024-03-05T06:00:00Z"));
	assert_true(seg.shift_end == iso("2024-03-05T14:00:00Z"));
	char label[I40_CAL_LABEL_MAX];
	i40_cal_shift_label(f.cal, &seg, label);
	assert_string_equal(label, "2024-03-05/A");
	/* Monday 2024-03-04 to Monday 2024-03-11: five shifts of 8 h, each
	 * with 30 min of break: 5 x 7.5 h = 135000 s work, 9000 s break;
	 * the weekend is off. */
	double work, brk;
	walk(&f, "m1", "2024-03-04T00:00:00Z", "2024-03-11T00:00:00Z", &work, &brk);
	assert_true(work == 135000 && brk == 9000);
	unload(&f);
}

static void
night_shift_dst(void **state)
{
	struct fixture f;
	double work, brk;
	(void)state;
	load(&f, "Europe/Rome",
	     "shifts:\n"
	     "  - {name: N, start: \"22:00\", end: \"06:00\", days: [sat]}\n"
	     "breaks:\n"
	     "  - {start: \"02:00\", end: \"02:30\"}\n");
	/* Autumn: Sat 2024-10-26 22:00 CEST = 20:00Z to Sun 06:00 CET = 05:00Z,
	 * 9 h.  The break's 02:00 happens twice; the earlier (CEST) instant
	 * is taken: 00:00Z-00:30Z. */
	struct i40_cal_seg seg;
	i40_cal_at(f.cal, "m1", iso("2024-10-26T23:00:00Z"), &seg);
	assert_int_equal(seg.kind, I40_CAL_WORK);
	assert_true(seg.shift_start == iso("2024-10-26T20:00:00Z"));
	assert_true(seg.shift_end == iso("2024-10-27T05:00:00Z"));
	assert_true(seg.end == iso("2024-10-27T00:00:00Z"));
	seg_is(&f, "m1", "2024-10-27T00:00:00Z", I40_CAL_BREAK, "2024-10-27T00:30:00Z");
	walk(&f, "m1", "2024-10-26T00:00:00Z", "2024-10-28T00:00:00Z", &work, &brk);
	assert_true(work == 8.5 * 3600 && brk == 1800);
	/* Spring: Sat 2024-03-30 22:00 CET = 21:00Z to Sun 06:00 CEST = 04:00Z,
	 * 7 h.  02:00 local does not exist that night; it is read with the
	 * offset before the change (+01:00): the break is 01:00Z-01:30Z. */
	i40_cal_at(f.cal, "m1", iso("2024-03-30T22:00:00Z"), &seg);
	assert_true(seg.shift_start == iso("2024-03-30T21:00:00Z"));
	assert_true(seg.shift_end == iso("2024-03-31T04:00:00Z"));
	seg_is(&f, "m1", "2024-03-31T01:00:00Z", I40_CAL_BREAK, "2024-03-31T01:30:00Z");
	walk(&f, "m1", "2024-03-30T00:00:00Z", "2024-04-01T00:00:00Z", &work, &brk);
	assert_true(work == 6.5 * 3600 && brk == 1800);
	unload(&f);
}

static void
holidays_weekends_assets(void **state)
{
	struct fixture f;
	double work, brk;
	(void)state;
	load(&f, "UTC",
	     "shifts:\n"
	     "  - {name: A, start: \"06:00\", end: \"14:00\", days: [mon, tue, wed, thu, fri]}\n"
	     "  - {name: C, start: \"00:00\", end: \"00:00\", assets: [comp]}\n"
	     "holidays: [\"2024-12-25\", \"2024-12-31..2025-01-01\"]\n"
	     "planned_stops:\n"
	     "  - {from: \"2024-12-23 06:00\", to: \"2024-12-23 10:00\", assets: [m1], reason: service}\n");
	/* Week of Mon 2024-12-23: Christmas (Wed) is a holiday; m1's Monday
	 * shift has 4 h of planned stop: work 3 x 8 h + 4 h = 100800 s. */
	walk(&f, "m1", "2024-12-23T00:00:00Z", "2024-12-30T00:00:00Z", &work, &brk);
	assert_true(work == 100800 && brk == 14400);
	/* m2 is not under the planned stop: 4 x 8 h */
	walk(&f, "m2", "2024-12-23T00:00:00Z", "2024-12-30T00:00:00Z", &work, &brk);
	assert_true(work == 115200 && brk == 0);
	/* comp works only shift C, 24 h a day except the holiday */
	walk(&f, "comp", "2024-12-23T00:00:00Z", "2024-12-30T00:00:00Z", &work, &brk);
	assert_true(work == 6 * 86400.0 && brk == 0);
	/* Tue 2024-12-31 and Wed 2025-01-01 are off, Thu is not */
	walk(&f, "m2", "2024-12-30T00:00:00Z", "2025-01-03T00:00:00Z", &work, &brk);
	assert_true(work == 2 * 28800.0);
	unload(&f);
}

static void
no_calendar_is_all_day(void **state)
{
	struct fixture f;
	double work, brk;
	(void)state;
	load(&f, "Europe/Rome", "{}\n");
	/* 2024-10-27 is 25 h long in Rome: 2024-10-26T22:00Z to 2024-10-27T23:00Z */
	walk(&f, "x", "2024-10-26T22:00:00Z", "2024-10-27T23:00:00Z", &work, &brk);
	assert_true(work == 90000 && brk == 0);
	assert_string_equal(i40_cal_shift_name(f.cal, 0), "day");
	unload(&f);
}

static void
period_is(const struct i40_tz *tz, enum i40_by by, const char *at, const char *start, const char *end,
	  const char *label)
{
	int64_t s, e;
	char buf[I40_CAL_LABEL_MAX];
	i40_cal_period(tz, by, iso(at), &s, &e, buf);
	assert_string_equal(buf, label);
	assert_true(s == iso(start));
	assert_true(e == iso(end));
}

static void
periods(void **state)
{
	struct i40_err e;
	struct i40_tz *rome = i40_tz_load("Europe/Rome", &e);
	(void)state;
	/* 2024-03-31 in Rome has 23 h, 2024-10-27 has 25 h */
	period_is(rome, I40_BY_DAY, "2024-03-31T12:00:00Z", "2024-03-30T23:00:00Z", "2024-03-31T22:00:00Z",
		  "2024-03-31");
	period_is(rome, I40_BY_DAY, "2024-10-27T12:00:00Z", "2024-10-26T22:00:00Z", "2024-10-27T23:00:00Z",
		  "2024-10-27");
	/* 23:30Z on 2024-10-27 is already Monday 00:30 in Rome */
	period_is(rome, I40_BY_DAY, "2024-10-27T23:30:00Z", "2024-10-27T23:00:00Z", "2024-10-28T23:00:00Z",
		  "2024-10-28");
	/* ISO weeks: Mon 2024-12-30 starts 2025-W01; Sun 2021-01-03 is in 2020-W53 */
	period_is(NULL, I40_BY_WEEK, "2025-01-01T00:00:00Z", "2024-12-30T00:00:00Z", "2025-01-06T00:00:00Z",
		  "2025-W01");
	period_is(NULL, I40_BY_WEEK, "2021-01-03T12:00:00Z", "2020-12-28T00:00:00Z", "2021-01-04T00:00:00Z",
		  "2020-W53");
	period_is(rome, I40_BY_WEEK, "2024-10-23T12:00:00Z", "2024-10-20T22:00:00Z", "2024-10-27T23:00:00Z",
		  "2024-W43");
	/* months: February 2024 has 29 days; Rome's March starts at 23:00Z */
	period_is(NULL, I40_BY_MONTH, "2024-02-15T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z",
		  "2024-02");
	period_is(rome, I40_BY_MONTH, "2024-12-31T23:30:00Z", "2024-12-31T23:00:00Z", "2025-01-31T23:00:00Z",
		  "2025-01");
	/* yesterday and today: local midnights in Rome, 00:15 on 2024-10-27
	 * (CEST, 2024-10-26T22:15Z) being "now" */
	int64_t t;
	struct i40_err err;
	assert_int_equal(i40_cal_when("today", rome, iso("2024-10-26T22:15:00Z"), &t, &err), 0);
	assert_true(t == iso("2024-10-26T22:00:00Z"));
	assert_int_equal(i40_cal_when("yesterday", rome, iso("2024-10-26T22:15:00Z"), &t, &err), 0);
	assert_true(t == iso("2024-10-25T22:00:00Z"));
	assert_int_equal(i40_cal_when("2024-10-28", rome, 0, &t, &err), 0);   /* CET again */
	assert_true(t == iso("2024-10-27T23:00:00Z"));
	assert_int_equal(i40_cal_when("27/10/2024", rome, 0, &t, &err), -1);
	assert_int_equal(err.kind, I40_ERR_CONFIG);
	enum i40_by by;
	assert_int_equal(i40_by_parse("week", &by), 0);
	assert_int_equal(by, I40_BY_WEEK);
	assert_int_equal(i40_by_parse("year", &by), -1);
	i40_tz_free(rome);
}

/* The error of a calendar text, without the file name. */
static void
error_is(const char *yaml, const char *want)
{
	struct i40_err e;
	char buf[1200];
	struct i40_doc *doc = i40_cfg_parse(yaml, strlen(yaml), "cal.yaml", &e);
	assert_non_null(doc);
	struct i40_cal *cal = i40_cal_new(doc->root, NULL, &e);
	assert_null(cal);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	i40_err_format(&e, buf, sizeof buf);
	if (strstr(buf, want) == NULL)
		fail_msg("got \"%s\", want \"%s\"", buf, want);
	i40_cfg_free(doc);
}

static void
config_errors(void **state)
{
	(void)state;
	error_is("shifts:\n  - {name: A, start: \"06:00\", end: \"14:00\"}\n"
		 "  - {name: B, start: \"13:00\", end: \"22:00\", days: [fri]}\n",
		 "cal.yaml:3:5: shift B overlaps shift A on fri");
	/* a Sunday night shift runs into Monday's morning shift */
	error_is("shifts:\n  - {name: A, start: \"06:00\", end: \"14:00\", days: mon}\n"
		 "  - {name: N, start: \"22:00\", end: \"07:00\", days: sun}\n",
		 "overlaps shift A on sun");
	error_is("shifts:\n  - {name: A, start: \"25:00\", end: \"14:00\"}\n",
		 "cal.yaml:2:22: time of day \"25:00\": expected HH:MM");
	error_is("shifts:\n  - {name: A, start: \"06:00\", end: \"14:00\", days: fry}\n",
		 "day \"fry\": expected mon");
	error_is("shifts:\n  - {name: A, strat: \"06:00\", end: \"14:00\"}\n",
		 "unknown key \"strat\" in a shift (did you mean \"start\"?)");
	error_is("shifts:\n  - {name: A, start: \"06:00\", end: \"14:00\"}\n"
		 "breaks:\n  - {start: \"10:00\", end: \"10:15\", shifts: [B]}\n",
		 "break names shift \"B\", which is not under shifts");
	error_is("holidays: [\"2024-02-30\"]\n", "holiday \"2024-02-30\": no such date");
	error_is("shifts:\n  - {name: A, start: \"06:00\", end: \"14:00\"}\n"
		 "  - {name: A, start: \"14:00\", end: \"22:00\"}\n", "two shifts named A");
	error_is("planned_stops:\n  - {from: \"2024-08-10\", to: \"2024-08-01\"}\n",
		 "a planned stop must end after it starts");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(day_shift_with_break),
		cmocka_unit_test(night_shift_dst),
		cmocka_unit_test(holidays_weekends_assets),
		cmocka_unit_test(no_calendar_is_all_day),
		cmocka_unit_test(periods),
		cmocka_unit_test(config_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
