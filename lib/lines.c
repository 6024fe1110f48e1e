/* lines.c - a line reader over read(2) (see lines.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lines.h"

#define CHUNK (64 * 1024)

struct i40_lines {
	FILE *fp;
	int fd;
	int regular;
	char name[256];
	char *buf;
	size_t len, cap, pos;   /* data buf[pos..len) not yet returned */
	long line;
	int eof, started;
	void (*on_wait)(void *);
	void *ctx;
};

int
i40_fd_is_regular(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

long
i40_read_some(int fd, char *buf, size_t n, int regular, void (*fn)(void *), void *ctx)
{
	if (!regular && fn)
		fn(ctx);
	for (;;) {
		ssize_t r = read(fd, buf, n);
		if (r >= 0 || errno != EINTR)
			return (long)r;
	}
}

struct i40_lines *
i40_lines_open(FILE *fp, const char *name, struct i40_err *err)
{
	struct i40_lines *l = calloc(1, sizeof *l);
	if (l == NULL || (l->buf = malloc(CHUNK)) == NULL) {
		free(l);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	l->cap = CHUNK;
	l->fp = fp;
	l->fd = fileno(fp);
	l->regular = i40_fd_is_regular(l->fd);
	snprintf(l->name, sizeof l->name, "%s", name);
	return l;
}

void
i40_lines_close(struct i40_lines *l)
{
	if (l == NULL)
		return;
	free(l->buf);
	free(l);
}

void
i40_lines_on_wait(struct i40_lines *l, void (*fn)(void *), void *ctx)
{
	l->on_wait = fn;
	l->ctx = ctx;
}

int
i40_lines_next(struct i40_lines *l, char **s, size_t *len, long *lineno, struct i40_err *err)
{
	for (;;) {
		char *nl = l->pos < l->len ? memchr(l->buf + l->pos, '\n', l->len - l->pos) : NULL;
		if (nl || (l->eof && l->pos < l->len)) {
			char *start = l->buf + l->pos;
			char *end = nl ? nl : l->buf + l->len;
			l->pos = (size_t)(end - l->buf) + (nl != NULL);
			if (end > start && end[-1] == '\r')
				end--;
			*end = '\0';   /* the '\n' (or the spare byte kept at the end) */
			*s = start;
			*len = (size_t)(end - start);
			*lineno = ++l->line;
			return 1;
		}
		if (l->eof)
			return 0;
		/* keep the partial line, make room, read more */
		if (l->pos > 0) {
			memmove(l->buf, l->buf + l->pos, l->len - l->pos);
			l->len -= l->pos;
			l->pos = 0;
		}
		if (l->cap - l->len < CHUNK / 2 + 1) {
			char *b = realloc(l->buf, l->cap * 2);
			if (b == NULL)
				return i40_err_set(err, I40_ERR_NOMEM, "out of memory (a line longer than %zu bytes?)", l->cap);
			l->buf = b;
			l->cap *= 2;
		}
		size_t room = l->cap - l->len - 1;
		long r = l->fd >= 0 ? i40_read_some(l->fd, l->buf + l->len, room, l->regular, l->on_wait, l->ctx) :
			 (long)fread(l->buf + l->len, 1, room, l->fp);
		if (r < 0)
			return i40_err_at(err, I40_ERR_IO, l->name, l->line + 1, 0, "read error: %s", strerror(errno));
		if (r == 0)
			l->eof = 1;
		if (!l->started && l->len + (size_t)r >= 3) {
			l->started = 1;
			if (memcmp(l->buf, "\xEF\xBB\xBF", 3) == 0) {
				memmove(l->buf, l->buf + 3, l->len + (size_t)r - 3);
				r -= 3;
			}
		}
		l->len += (size_t)r;
	}
}
