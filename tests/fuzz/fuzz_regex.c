/* fuzz_regex.c - i40-ingest --format regex on arbitrary log lines.
 *
 * First byte, bits: 0-1 plant (none, loose, strict, loose), 2-3 pattern:
 *   0 "ts asset signal=value [unit]" lines,
 *   1 syslog-like "Mar  1 12:00:00 host prog: signal=value" (asset from
 *     the host, time format %b %e %H:%M:%S),
 *   2 "ts;signal;value" with the fixed asset plc1 and the mappings,
 *   3 the pattern is the first line of the input (at most 200 bytes),
 *     with fixed asset and signal as fallbacks;
 * 4 Europe/Rome for zone-less times, 5 output precision 6, 6 read twice,
 * 7 stop at the first reject.  The rest is the file.
 */
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const pats[] = {
		"^(?<ts>\\S+[ T]\\S+) (?<asset>\\w+) (?<signal>[\\w.]+)=(?<value>\\S*)(?: (?<unit>\\S+))?$",
		"^(?<ts>\\w{3} +\\d+ [\\d:]+) (?<asset>\\S+) [^:]*: (?<signal>[\\w.]+)[=:] *(?<value>.*)$",
		"^(?<ts>[^;]*);(?<signal>[^;]*);(?<value>[^;]*)$",
	};
	unsigned o = size ? data[0] : 0;
	struct i40_source src = {.format = I40_FMT_REGEX, .decimal = '.'};
	char pat[201];

	if (size)
		data++, size--;
	unsigned which = o >> 2 & 3;
	if (which < 3) {
		src.pattern = pats[which];
	} else {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) : size;
		if (n >= sizeof pat || memchr(data, '\0', n))
			return 0;
		memcpy(pat, data, n);
		pat[n] = '\0';
		src.pattern = pat;
		src.asset = "press1";
		src.signal = "temp";
		n += nl != NULL;
		data += n;
		size -= n;
	}
	if (which == 1)
		src.time_format = "%b %e %H:%M:%S";
	if (which == 2) {
		src.asset = "plc1";
		src.map = fuzz_maps;
		src.nmap = fuzz_nmaps;
	}
	if (o & 16)
		src.timezone = "Europe/Rome";
	struct fuzz_run r = {
		.plant = fuzz_plant((o & 3) == 3 ? 1 : (int)(o & 3)),
		.src = &src,
		.precision = o & 32 ? 6 : -1,
		.twice = !!(o & 64),
		.strict = !!(o & 128),
	};
	fuzz_ingest(&r, data, size);
	return 0;
}
