/* fuzz_influx.c - i40-ingest --format influx on arbitrary line protocol.
 *
 * First byte, bits: 0-1 plant (none, loose, strict, loose), 2-3 timestamp
 * precision (ns, us, ms, s), 4 asset tag "machine" (else host), 5 fixed
 * asset press1 as a fallback and the mappings, 6 read twice, 7 stop at
 * the first reject.  The rest is the file.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prec[] = {"ns", "us", "ms", "s"};
	unsigned o = size ? data[0] : 0;
	struct i40_source src = {.format = I40_FMT_INFLUX, .decimal = '.'};

	if (size)
		data++, size--;
	src.precision = prec[o >> 2 & 3];
	if (o & 16)
		src.asset_tag = "machine";
	if (o & 32) {
		src.asset = "press1";
		src.map = fuzz_maps;
		src.nmap = fuzz_nmaps;
	}
	struct fuzz_run r = {
		.plant = fuzz_plant((o & 3) == 3 ? 1 : (int)(o & 3)),
		.src = &src,
		.precision = -1,
		.twice = !!(o & 64),
		.strict = !!(o & 128),
	};
	fuzz_ingest(&r, data, size);
	return 0;
}
