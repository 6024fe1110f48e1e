/* i40 - run an i40 program: `i40 CMD ARGS...` is `i40-CMD ARGS...`.
 *
 * The program is looked for next to this one first (an uninstalled build
 * tree works as is), then on PATH.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *name, *purpose;
} progs[] = {
	{"ingest", "read plant exports, logs and feeds; write the record stream"},
	{"features", "windowed condition-monitoring features per asset and signal"},
	{"detect", "anomaly scores, alerts, remaining useful life, failure risk"},
	{"forecast", "demand and signal forecasts, backtests, reorder points"},
	{"oee", "OEE, the six big losses, MTBF and MTTR per asset and shift"},
	{"report", "the report a manager reads: text, Markdown or HTML"},
};

static void
usage(FILE *fp)
{
	fprintf(fp, "Usage: i40 COMMAND [ARG]...\n"
		    "Industry 4.0 for the rest of us: Unix filters from sensor data to decisions.\n\nCommands:\n");
	for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++)
		fprintf(fp, "  %-10s %s\n", progs[i].name, progs[i].purpose);
	fprintf(fp, "\n'i40 COMMAND --help' describes a command; see also i40(7), i40-plant(5).\n");
}

int
main(int argc, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 80], prog[64];

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("i40 %s\n", I40_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--list-commands") == 0) {   /* for shell completion */
		for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++)
			puts(progs[i].name);
		return 0;
	}
	if (argv[1][0] == '-' || strchr(argv[1], '/') || strlen(argv[1]) > 40) {
		fprintf(stderr, "i40: unknown command \"%s\"\n", argv[1]);
		usage(stderr);
		return 2;
	}
	snprintf(prog, sizeof prog, "i40-%s", argv[1]);
	argv[1] = prog;
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(path, sizeof path, "%s/%s", self, prog);
			if (access(path, X_OK) == 0)
				execv(path, argv + 1);
		}
	}
	execvp(prog, argv + 1);
	if (errno == ENOENT) {
		fprintf(stderr, "i40: unknown command \"%s\" (no %s)\n", prog + 4, prog);
		usage(stderr);
		return 2;
	}
	fprintf(stderr, "i40: %s: %s\n", prog, strerror(errno));
	return 1;
}
