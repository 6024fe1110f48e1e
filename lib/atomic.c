/* atomic.c - temporary file + rename (see atomic.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"

static void
clear(struct i40_atomic *a)
{
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	a->f = NULL;
}

FILE *
i40_atomic_open(struct i40_atomic *a, const char *path, struct i40_err *err)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	int fd;

	memset(a, 0, sizeof *a);
	a->path = strdup(path);
	a->tmp = malloc(strlen(path) + 16);
	if (a->path == NULL || a->tmp == NULL) {
		clear(a);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	/* dir/.name.XXXXXX: hidden, so a glob over the directory skips it */
	sprintf(a->tmp, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	if ((fd = mkstemp(a->tmp)) < 0) {
		i40_err_at(err, I40_ERR_IO, path, 0, 0, "cannot write to its directory: %s",
			   strerror(errno));
		clear(a);
		return NULL;
	}
	if ((a->f = fdopen(fd, "w")) == NULL) {
		i40_err_at(err, I40_ERR_IO, path, 0, 0, "%s", strerror(errno));
		close(fd);
		unlink(a->tmp);
		clear(a);
		return NULL;
	}
	return a->f;
}

void
i40_atomic_abort(struct i40_atomic *a)
{
	if (a->f)
		fclose(a->f);
	if (a->tmp)
		unlink(a->tmp);
	clear(a);
}

int
i40_atomic_commit(struct i40_atomic *a, struct i40_err *err)
{
	mode_t mask = umask(0);
	int bad = 0, e = 0;

	umask(mask);
	if (a->f == NULL)
		return i40_err_set(err, I40_ERR_IO, "no file open");
	if (fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) != 0) {
		bad = 1;
		e = errno;
	}
	/* mkstemp made it 0600; a report is as readable as any new file */
	if (!bad && fchmod(fileno(a->f), 0666 & ~mask) != 0) {
		bad = 1;
		e = errno;
	}
	if (fclose(a->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	a->f = NULL;
	if (!bad && rename(a->tmp, a->path) != 0) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		i40_err_at(err, I40_ERR_IO, a->path, 0, 0, "write error: %s", strerror(e ? e : EIO));
		unlink(a->tmp);
		clear(a);
		return -1;
	}
	clear(a);
	return 0;
}
