/* fuzz_wide.c - i40-ingest --format wide on arbitrary input.
 *
 * First byte, bits: 0-1 plant (none, loose, strict, loose), 2-3 delimiter
 * (sniffed, ';', ',', tab), 4 decimal comma with '.' thousands (else '.'
 * with ',' thousands when the delimiter is not ','), 5 fixed asset
 * press1 (else columns name asset.signal), 6 time column "Time", the
 * mappings and an ignore list, 7 time format d/m/y, read twice and stop
 * at the first reject.  The rest is the file.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = {0, ';', ',', '\t'};
	static const char *ignore[] = {"note", "Batch"};
	unsigned o = size ? data[0] : 0;
	struct i40_source src = {.format = I40_FMT_WIDE, .decimal = '.'};

	if (size)
		data++, size--;
	src.delimiter = delims[o >> 2 & 3];
	if (o & 16) {
		src.decimal = ',';
		src.thousands = '.';
		if (src.delimiter == ',')
			src.delimiter = ';';
	} else if (src.delimiter != ',' && src.delimiter != 0) {
		src.thousands = ',';
	}
	if (o & 32)
		src.asset = "press1";
	if (o & 64) {
		src.time_column = "Time";
		src.map = fuzz_maps;
		src.nmap = fuzz_nmaps;
		src.ignore = ignore;
		src.nignore = 2;
	}
	if (o & 128)
		src.time_format = "dmy";
	struct fuzz_run r = {
		.plant = fuzz_plant((o & 3) == 3 ? 1 : (int)(o & 3)),
		.src = &src,
		.precision = -1,
		.strict = !!(o & 128),
		.twice = !!(o & 128),
	};
	fuzz_ingest(&r, data, size);
	return 0;
}
