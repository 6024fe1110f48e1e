/* fuzz.c - the harness the fuzz targets share (see fuzz.h).
 *
 * The engine is driven as i40-ingest drives it: a path to open, a plant,
 * a source, a writer; its output goes to a memory stream that is read
 * back with the library's own CSV reader, so a row that breaks the CSV
 * (an unquoted CR, a lost quote) is a finding, not just a crash.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dsv.h"
#include "fuzz.h"
#include "rec.h"

void
fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: check failed: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static const char *
memfd_path(int *fd, const char *name, const void *data, size_t size)
{
	static char paths[2][32];
	int slot = strcmp(name, "fuzz-input") == 0;

	if (*fd < 0 && (*fd = memfd_create(name, 0)) < 0) {
		perror("memfd_create");
		abort();
	}
	if (ftruncate(*fd, 0) != 0 || (size && pwrite(*fd, data, size, 0) != (ssize_t)size)) {
		perror("memfd write");
		abort();
	}
	snprintf(paths[slot], sizeof paths[slot], "/dev/fd/%d", *fd);
	return paths[slot];
}

const char *
fuzz_path(const uint8_t *data, size_t size)
{
	static int fd = -1;
	return memfd_path(&fd, "fuzz-input", data, size);
}

/* Odd-length inputs are read through a pipe, as a live feed is
 * (mosquitto_sub | i40-ingest): the readers then flush the output before
 * each read that may wait.  The pipe holds 64 KiB; longer inputs (only
 * from replay) go through the memfd. */
static const char *
input_path(const uint8_t *data, size_t size, int *pipe_rd)
{
	static char path[32];
	int p[2];

	*pipe_rd = -1;
	if (size % 2 == 0 || size > 60000)
		return fuzz_path(data, size);
	if (pipe(p) != 0) {
		perror("pipe");
		abort();
	}
	if (write(p[1], data, size) != (ssize_t)size) {
		perror("pipe write");
		abort();
	}
	close(p[1]);
	*pipe_rd = p[0];
	snprintf(path, sizeof path, "/dev/fd/%d", p[0]);
	return path;
}

/* ---- plants ---- */

static const char plant_loose[] =
	"plant: fuzz\n"
	"timezone: Europe/Rome\n"
	"assets:\n"
	"  press1:\n"
	"    signals:\n"
	"      temp: {unit: C, kind: gauge, min: -50, max: 300}\n"
	"      count: {kind: counter, min: 0}\n"
	"      state: {kind: state}\n"
	"      vib: {unit: mm/s, lo: 0, hi: 10}\n"
	"  oven:\n"
	"    signals:\n"
	"      temp: {unit: C, min: 0, max: 1200}\n"
	"      pressure: {unit: bar}\n";

static const char plant_strict[] =
	"plant: fuzz-strict\n"
	"strict: true\n"
	"assets:\n"
	"  press1:\n"
	"    signals:\n"
	"      temp: {unit: C, min: -50, max: 300}\n"
	"      state: {kind: state}\n"
	"  oven:\n"
	"    signals:\n"
	"      temp: {unit: C}\n"
	"  plc1:\n"
	"    signals:\n"
	"      speed: {kind: gauge, min: 0}\n";

static struct i40_plant *
load_plant(const char *text)
{
	static int fd = -1;
	struct i40_err err;
	struct i40_plant *p = i40_plant_load(text ? memfd_path(&fd, "fuzz-plant", text, strlen(text)) : NULL, &err);
	if (p == NULL)
		fuzz_fail(__FILE__, __LINE__, "plant", "%s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
	return p;
}

const struct i40_plant *
fuzz_plant(int which)
{
	static struct i40_plant *plants[3];
	which = which < 0 || which > 2 ? 0 : which;
	if (plants[which] == NULL)
		plants[which] = load_plant(which == 0 ? NULL : which == 1 ? plant_loose : plant_strict);
	return plants[which];
}

const struct i40_tz *
fuzz_rome(void)
{
	static struct i40_tz *rome;
	struct i40_err err;
	if (rome == NULL && (rome = i40_tz_load("Europe/Rome", &err)) == NULL)
		fuzz_fail(__FILE__, __LINE__, "rome", "%s", err.msg);
	return rome;
}

struct i40_mapping fuzz_maps[] = {
	{"Temp [C]", NULL, "temp", "C", 1, 0},
	{"temp_f", NULL, "temp", "C", 5.0 / 9.0, -160.0 / 9.0},
	{"P", "oven", "pressure", "bar", 0.001, 0},
	{"huge", NULL, NULL, NULL, 1e300, 0},
	{"st", "press1", "state", NULL, 1, 0},
};
const size_t fuzz_nmaps = sizeof fuzz_maps / sizeof fuzz_maps[0];

/* ---- the engine and its promises ---- */

struct ctx {
	long rejects, warns;
	int strict;
	unsigned sum;                  /* touches every raw byte (ASan sees bad ranges) */
};

static void
check_err(const struct i40_err *e)
{
	FUZZ_CHECK(memchr(e->msg, '\0', sizeof e->msg) != NULL, "message not terminated");
	FUZZ_CHECK(memchr(e->file, '\0', sizeof e->file) != NULL, "file not terminated");
	FUZZ_CHECK(e->msg[0] != '\0', "empty message");
}

static int
on_reject(void *vctx, const struct i40_err *e, const char *raw, size_t rawlen)
{
	struct ctx *c = vctx;
	check_err(e);
	FUZZ_CHECK(e->kind == I40_ERR_DATA, "reject of kind %d: %s", (int)e->kind, e->msg);
	FUZZ_CHECK(raw != NULL, "reject without its text: %s", e->msg);
	for (size_t i = 0; i < rawlen; i++)
		c->sum += (unsigned char)raw[i];
	c->rejects++;
	return c->strict ? -1 : 0;
}

static void
on_warn(void *vctx, const struct i40_err *e)
{
	struct ctx *c = vctx;
	check_err(e);
	c->warns++;
}

/* The output: valid CSV, a header, one row per record written, every row
 * as wide as the header, a UTC ISO time, an asset and a signal. */
static void
check_output(const char *buf, size_t len, long out)
{
	FILE *fp = fmemopen((void *)buf, len, "r");
	struct i40_err err;
	struct i40_tparse tp;
	struct i40_row row;
	size_t ncols = 0;
	long rows = 0;
	int r;

	FUZZ_CHECK(fp != NULL, "fmemopen");
	struct i40_dsv *d = i40_dsv_open(fp, "output", ',', &err);
	FUZZ_CHECK(d != NULL, "dsv open");
	i40_tparse_init(&tp, "iso", NULL, &err);
	while ((r = i40_dsv_next(d, &row, &err)) == 1) {
		if (rows++ == 0) {
			ncols = row.n;
			FUZZ_CHECK(ncols >= 4 && strcmp(row.f[0], "ts") == 0 && strcmp(row.f[1], "asset") == 0 &&
				   strcmp(row.f[2], "signal") == 0 && strcmp(row.f[3], "value") == 0,
				   "bad header (%zu columns)", ncols);
			continue;
		}
		FUZZ_CHECK(row.n == ncols, "output row %ld has %zu fields, the header %zu", rows, row.n, ncols);
		int64_t ns;
		FUZZ_CHECK(row.len[0] >= 20 && row.f[0][row.len[0] - 1] == 'Z' &&
			   i40_tparse(&tp, row.f[0], row.len[0], &ns, NULL, &err) == 0,
			   "output row %ld: time \"%s\"", rows, row.f[0]);
		FUZZ_CHECK(row.len[1] > 0 && row.len[2] > 0, "output row %ld: empty asset or signal", rows);
	}
	FUZZ_CHECK(r == 0, "output does not read back: %s", err.msg);
	FUZZ_CHECK(rows == out + 1, "output has %ld rows, stats say %ld records + header", rows, out);
	i40_dsv_close(d);
	fclose(fp);
}

void
fuzz_ingest(const struct fuzz_run *r, const uint8_t *data, size_t size)
{
	struct ctx c = {.strict = r->strict};
	struct i40_ingest_stats st;
	struct i40_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	FUZZ_CHECK(out != NULL, "open_memstream");
	struct i40_rec_writer *w = i40_rec_writer_new(out, ',', r->precision);
	FUZZ_CHECK(w != NULL, "writer");
	struct i40_ingest *in = i40_ingest_new(r->plant, r->tz, w, on_reject, on_warn, &c, &err);
	FUZZ_CHECK(in != NULL, "%s", err.msg);
	for (int i = 0; i < 1 + !!r->twice; i++) {
		int pipe_rd;
		const char *path = input_path(data, size, &pipe_rd);
		memset(&err, 0, sizeof err);
		int rc = i40_ingest_run(in, r->src, path, &err);
		if (pipe_rd >= 0)
			close(pipe_rd);
		FUZZ_CHECK(rc == 0 || rc == -1 || rc == -2, "run returned %d", rc);
		if (rc == -1) {
			check_err(&err);
			FUZZ_CHECK(err.kind != I40_ERR_NONE, "failure without a kind: %s", err.msg);
		}
		if (rc == -2) {
			FUZZ_CHECK(r->strict && c.rejects > 0, "stopped without a reject saying so");
			break;
		}
	}
	i40_ingest_finish(in);
	i40_ingest_stats(in, &st);
	FUZZ_CHECK(st.in == st.out + st.rejected, "in %ld != out %ld + rejected %ld", st.in, st.out, st.rejected);
	FUZZ_CHECK(st.rejected == c.rejects, "%ld rejected, %ld reported", st.rejected, c.rejects);
	FUZZ_CHECK(st.in >= 0 && st.empty >= 0 && st.gaps >= 0 && st.repeats >= 0, "negative count");
	FUZZ_CHECK(i40_rec_writer_free(w) == 0, "write error");
	fclose(out);
	check_output(buf, len, st.out);
	free(buf);
	i40_ingest_free(in);
}
