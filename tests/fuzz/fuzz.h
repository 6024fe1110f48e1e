/* fuzz.h - what the fuzz targets of tests/fuzz share.
 *
 * Each target is one LLVMFuzzerTestOneInput in fuzz_<target>.c.  The same
 * file links either with libFuzzer (clang -fsanitize=fuzzer) or with
 * replay.c, a plain main() that feeds it files, so regression inputs run
 * in `make check` without clang's fuzzer runtime.
 *
 * The ingest targets take their settings from the first byte of the input
 * (bits, documented per target) and the rest as the file, so one corpus
 * explores the options too.  Inputs of odd length (after that byte) are
 * read through a pipe, as a live feed is; even ones from a memfd, as a
 * file is.  fuzz_ingest() checks what i40-ingest
 * promises: in = out + rejected, every reject reported through the
 * callback, and an output that is valid CSV with one row per record.
 */
#ifndef I40_FUZZ_H
#define I40_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "ingest.h"
#include "plant.h"
#include "tm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() with a message when cond is false: a finding for the fuzzer. */
#define FUZZ_CHECK(cond, ...) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__))
void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

/* A path that reads as data[0..size) ("/dev/fd/N" of a memfd, rewritten
 * on each call; the engine opens it itself, as it would a user's file). */
const char *fuzz_path(const uint8_t *data, size_t size);

/* Plants every ingest target uses: 0 none, 1 loose (Europe/Rome, signals
 * with kinds and valid ranges), 2 strict (UTC, the same assets). */
const struct i40_plant *fuzz_plant(int which);
/* Europe/Rome, loaded once. */
const struct i40_tz *fuzz_rome(void);

/* Mappings a source may use (rename, scale, offset, a huge scale). */
extern struct i40_mapping fuzz_maps[];
extern const size_t fuzz_nmaps;

struct fuzz_run {
	const struct i40_plant *plant;
	const struct i40_tz *tz;       /* zone override (--tz) or NULL */
	const struct i40_source *src;
	int precision;                 /* writer precision: -1, 0, 3, 6, 9 */
	int strict;                    /* reject callback says stop (--strict) */
	int twice;                     /* read the input as two files */
};

/* Run the engine on data and check its promises. */
void fuzz_ingest(const struct fuzz_run *r, const uint8_t *data, size_t size);

#endif
