/* influx.c - InfluxDB line protocol parser (see influx.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "influx.h"

/* Read up to an unescaped stop character, dropping the backslash before a
 * character of esc.  Returns the end position in the input; out and olen
 * get the text. */
static size_t
scan_name(char *s, size_t len, size_t i, const char *stops, const char *esc, char **out, size_t *olen)
{
	size_t w = i;
	*out = s + i;
	while (i < len && !strchr(stops, s[i])) {
		if (s[i] == '\\' && i + 1 < len && strchr(esc, s[i + 1]))
			i++;
		s[w++] = s[i++];
	}
	*olen = w - (size_t)(*out - s);
	return i;
}

static int
bad(struct i40_err *err, size_t col, const char *what)
{
	return i40_err_at(err, I40_ERR_DATA, NULL, 0, (long)col + 1, "line protocol: %s", what);
}

static int
field_type(struct i40_influx_kv *f, size_t col, struct i40_err *err)
{
	static const char *const yes[] = {"t", "T", "true", "True", "TRUE"};
	static const char *const no[] = {"f", "F", "false", "False", "FALSE"};
	char *v = f->val, *end;
	size_t n = f->vlen;

	for (int i = 0; i < 5; i++) {
		if (n == strlen(yes[i]) && memcmp(v, yes[i], n) == 0) {
			f->type = 'b';
			f->val = "1";
			f->vlen = 1;
			return 0;
		}
		if (n == strlen(no[i]) && memcmp(v, no[i], n) == 0) {
			f->type = 'b';
			f->val = "0";
			f->vlen = 1;
			return 0;
		}
	}
	if (n == 0)
		return bad(err, col, "field without a value");
	char last = v[n - 1];
	if (last == 'i' || last == 'u') {
		f->type = last;
		f->vlen--;
		if (f->vlen == (size_t)(v[0] == '-') || (last == 'u' && v[0] == '-'))
			return bad(err, col, "bad integer field");
		for (size_t i = v[0] == '-'; i < f->vlen; i++)
			if (v[i] < '0' || v[i] > '9')
				return bad(err, col, "bad integer field");
		return 0;
	}
	/* a float: strtod on a terminated copy, rejecting nan/inf/hex */
	char buf[64];
	if (n >= sizeof buf)
		return bad(err, col, "number too long");
	memcpy(buf, v, n);
	buf[n] = '\0';
	if (strpbrk(buf, "nNxX") || (buf[0] != '-' && buf[0] != '+' && buf[0] != '.' && (buf[0] < '0' || buf[0] > '9')))
		return bad(err, col, "field value is not a number, string or boolean");
	errno = 0;
	strtod(buf, &end);
	if (*end || errno == ERANGE)
		return bad(err, col, "field value is not a number, string or boolean");
	f->type = 'f';
	return 0;
}

int
i40_influx_parse(char *s, size_t len, struct i40_influx_line *out, struct i40_err *err)
{
	size_t i = 0;

	memset(out, 0, offsetof(struct i40_influx_line, tag));
	out->ntag = out->nfield = 0;
	out->has_ts = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len || s[i] == '#')
		return 0;
	i = scan_name(s, len, i, ", ", ", ", &out->meas, &out->mlen);
	if (out->mlen == 0)
		return bad(err, i, "no measurement name");
	while (i < len && s[i] == ',') {   /* tags */
		struct i40_influx_kv *t;
		if (out->ntag == I40_INFLUX_MAX)
			return bad(err, i, "too many tags");
		t = &out->tag[out->ntag++];
		i = scan_name(s, len, i + 1, "=, ", ",= ", &t->key, &t->klen);
		if (i >= len || s[i] != '=' || t->klen == 0)
			return bad(err, i, "tag without '=value'");
		i = scan_name(s, len, i + 1, ", ", ",= ", &t->val, &t->vlen);
		if (t->vlen == 0)
			return bad(err, i, "tag with an empty value");
	}
	if (i >= len || s[i] != ' ')
		return bad(err, i, "expected a space before the fields");
	while (i < len && s[i] == ' ')
		i++;
	for (;;) {   /* fields */
		struct i40_influx_kv *f;
		if (out->nfield == I40_INFLUX_MAX)
			return bad(err, i, "too many fields");
		f = &out->field[out->nfield++];
		i = scan_name(s, len, i, "=, ", ",= ", &f->key, &f->klen);
		if (i >= len || s[i] != '=' || f->klen == 0)
			return bad(err, i, "field without '=value'");
		size_t col = ++i;
		if (i < len && s[i] == '"') {   /* string: unescape \" and \\ */
			size_t w = ++i;
			f->val = s + i;
			while (i < len && s[i] != '"') {
				if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\'))
					i++;
				s[w++] = s[i++];
			}
			if (i >= len)
				return bad(err, col, "string field without a closing quote");
			f->vlen = w - (size_t)(f->val - s);
			f->type = 's';
			i++;
		} else {
			f->val = s + i;
			while (i < len && s[i] != ',' && s[i] != ' ')
				i++;
			f->vlen = (size_t)(s + i - f->val);
			if (field_type(f, col - 1, err) != 0)
				return -1;
		}
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		break;
	}
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < len) {   /* timestamp */
		size_t col = i;
		int neg = s[i] == '-';
		int64_t ts = 0;
		i += neg;
		if (i == len || s[i] < '0' || s[i] > '9')
			return bad(err, col, "bad timestamp (expected an integer)");
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (ts > (INT64_MAX - 9) / 10)
				return bad(err, col, "timestamp out of range");
			ts = ts * 10 + (s[i] - '0');
		}
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i != len)
			return bad(err, col, "bad timestamp (expected an integer)");
		out->has_ts = 1;
		out->ts = neg ? -ts : ts;
	}
	return 1;
}
