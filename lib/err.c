/* err.c - filling and formatting struct i40_err. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static void
set_va(struct i40_err *err, enum i40_err_kind kind, const char *file, long line,
       long col, const char *fmt, va_list ap)
{
	err->kind = kind;
	err->line = line;
	err->col = col;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

int
i40_err_set(struct i40_err *err, enum i40_err_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	set_va(err, kind, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int
i40_err_at(struct i40_err *err, enum i40_err_kind kind, const char *file,
	   long line, long col, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	set_va(err, kind, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void
i40_err_clear(struct i40_err *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof *err);
}

void
i40_err_format(const struct i40_err *err, char *buf, unsigned long size)
{
	if (err->file[0] && err->line > 0 && err->col > 0)
		snprintf(buf, size, "%s:%ld:%ld: %s", err->file, err->line, err->col, err->msg);
	else if (err->file[0] && err->line > 0)
		snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		snprintf(buf, size, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, size, "%s", err->msg);
}
