/* fuzz_long.c - i40-ingest --format long on arbitrary input.
 *
 * First byte, bits: 0-1 plant (none, loose, strict, loose), 2-3 time
 * format (auto, iso, epoch_ms, %d/%m/%Y %H:%M:%S), 4 decimal comma with
 * '.' thousands and ';' delimiter (else sniffed), 5 column names
 * time/machine/tag/reading and mappings, 6 --tz Europe/Rome and output
 * precision 3, 7 read twice (two files) and stop at the first reject.
 * The rest is the file.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const tfmt[] = {NULL, "iso", "epoch_ms", "%d/%m/%Y %H:%M:%S"};
	unsigned o = size ? data[0] : 0;
	struct i40_source src = {.format = I40_FMT_LONG, .decimal = '.'};

	if (size)
		data++, size--;
	src.time_format = tfmt[o >> 2 & 3];
	if (o & 16) {
		src.decimal = ',';
		src.thousands = '.';
		src.delimiter = ';';
	}
	if (o & 32) {
		src.time_column = "time";
		src.asset_column = "machine";
		src.signal_column = "tag";
		src.value_column = "reading";
		src.map = fuzz_maps;
		src.nmap = fuzz_nmaps;
	}
	struct fuzz_run r = {
		.plant = fuzz_plant((o & 3) == 3 ? 1 : (int)(o & 3)),
		.tz = o & 64 ? fuzz_rome() : NULL,
		.src = &src,
		.precision = o & 64 ? 3 : -1,
		.strict = !!(o & 128),
		.twice = !!(o & 128),
	};
	fuzz_ingest(&r, data, size);
	return 0;
}
