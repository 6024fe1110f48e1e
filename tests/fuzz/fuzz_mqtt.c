/* fuzz_mqtt.c - i40-ingest --format mqtt on arbitrary mosquitto_sub output
 * ("topic payload" lines of -v, or "time topic payload" of -F '%I %t %p').
 *
 * First byte, bits: 0-1 plant (none, loose, strict, loose), 2-3 topic
 * pattern (the default: last two levels; ^plant/(?<asset>..)/(?<signal>..)$;
 * (?<asset>[^/]+)$ with the fixed signal temp; the default with the
 * mappings and decimal comma), 4 --tz Europe/Rome, 5 output precision 3,
 * 6 read twice, 7 stop at the first reject.  The rest is the file.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const pats[] = {
		NULL,
		"^plant/(?<asset>[^/]+)/(?<signal>[^/]+)$",
		"(?<asset>[^/]+)$",
		NULL,
	};
	unsigned o = size ? data[0] : 0;
	struct i40_source src = {.format = I40_FMT_MQTT, .decimal = '.'};

	if (size)
		data++, size--;
	unsigned which = o >> 2 & 3;
	src.pattern = pats[which];
	if (which == 2)
		src.signal = "temp";
	if (which == 3) {
		src.map = fuzz_maps;
		src.nmap = fuzz_nmaps;
		src.decimal = ',';
	}
	struct fuzz_run r = {
		.plant = fuzz_plant((o & 3) == 3 ? 1 : (int)(o & 3)),
		.tz = o & 16 ? fuzz_rome() : NULL,
		.src = &src,
		.precision = o & 32 ? 3 : -1,
		.twice = !!(o & 64),
		.strict = !!(o & 128),
	};
	fuzz_ingest(&r, data, size);
	return 0;
}
