/* fuzz_time.c - time parsing: i40_tparse with every named format and a
 * few %-patterns, in UTC and in Europe/Rome, and i40_duration_parse.
 *
 * Checks beyond "no crash": a parsed instant written with i40_tfmt reads
 * back to the same instant; local time in Rome maps back to itself
 * through the zone's offset (outside a daylight-saving gap).  An input
 * with a TAB is "spec<TAB>time": the spec goes to i40_tparse_init too.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

static const char *const specs[] = {
	"auto", "iso", "iso8601", "epoch", "epoch_s", "epoch_ms", "epoch_us", "epoch_ns",
	"excel", "dmy", "mdy",
	"%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f%z", "%b %e %H:%M:%S", "%s.%f",
	"%I:%M:%S %p %y%j", "%F %T %Z", "%d %B %Y %%", "%Y%m%d%H%M%S",
};

static void
roundtrip(int64_t ns, int digits, const char *spec, const char *s, size_t len)
{
	char buf[I40_TS_MAXLEN], back[I40_TS_MAXLEN];
	struct i40_tparse iso;
	struct i40_err err;
	int64_t again;

	FUZZ_CHECK(digits >= 0 && digits <= 9, "digits %d", digits);
	size_t n = i40_tfmt(ns, 9, buf);
	FUZZ_CHECK(n == 30 && buf[29] == 'Z', "tfmt length %zu: %s", n, buf);
	i40_tparse_init(&iso, "iso", NULL, &err);
	FUZZ_CHECK(i40_tparse(&iso, buf, n, &again, NULL, &err) == 0, "%s: %s", buf, err.msg);
	FUZZ_CHECK(again == ns, "\"%.*s\" (%s) -> %lld -> %s -> %lld", (int)len, s, spec, (long long)ns, buf,
		   (long long)again);
	for (int d = 0; d <= 9; d += 3) {
		size_t m = i40_tfmt(ns, d, back);
		FUZZ_CHECK(m == (size_t)(20 + (d ? d + 1 : 0)), "tfmt(%d) length %zu", d, m);
		FUZZ_CHECK(memcmp(back, buf, 19) == 0, "tfmt(%d) changes the second: %s vs %s", d, back, buf);
	}
}

static void
parse_all(const char *spec, const char *s, size_t len)
{
	struct i40_tparse tp;
	struct i40_err err;
	const struct i40_tz *zones[2] = {NULL, fuzz_rome()};

	for (int z = 0; z < 2; z++) {
		if (i40_tparse_init(&tp, spec, zones[z], &err) != 0)
			return;
		int64_t ns;
		int digits = -1;
		memset(&err, 0, sizeof err);
		if (i40_tparse(&tp, s, len, &ns, &digits, &err) == 0)
			roundtrip(ns, digits, spec, s, len);
		else
			FUZZ_CHECK(err.msg[0] != '\0' && err.kind == I40_ERR_DATA, "failure without a message");
		/* twice: the repeated-hour rule depends on the previous instant */
		(void)i40_tparse(&tp, s, len, &ns, &digits, &err);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char buf[128];

	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
		parse_all(specs[i], s, size);
	const char *tab = memchr(s, '\t', size);
	if (tab && (size_t)(tab - s) < sizeof buf && !memchr(s, '\0', (size_t)(tab - s))) {
		memcpy(buf, s, (size_t)(tab - s));
		buf[tab - s] = '\0';
		parse_all(buf, tab + 1, size - (size_t)(tab - s) - 1);
	}

	/* durations: a C string */
	if (size < sizeof buf) {
		int64_t ns;
		struct i40_err err;
		memcpy(buf, s, size);
		buf[size] = '\0';
		if (i40_duration_parse(buf, &ns, &err) == 0)
			FUZZ_CHECK(ns >= 0, "duration \"%s\" is %lld", buf, (long long)ns);
	}

	/* Rome: local -> UTC -> local, for local times in years 1..9999 */
	if (size >= 8) {
		uint64_t u = 0;
		for (int i = 0; i < 8; i++)
			u = u << 8 | data[i];
		const int64_t lo = -62135596800LL, span = 253402300799LL - lo;
		int64_t local = lo + (int64_t)(u % (uint64_t)span);
		enum i40_local_kind kind;
		int64_t utc = i40_tz_from_local(fuzz_rome(), local, INT64_MIN, &kind);
		if (kind != I40_LOCAL_GAP)
			FUZZ_CHECK(utc + i40_tz_offset(fuzz_rome(), utc) == local, "local %lld -> utc %lld (kind %d)",
				   (long long)local, (long long)utc, (int)kind);
	}
	return 0;
}
