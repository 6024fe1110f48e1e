/* xmlcheck.h - a small XML well-formedness check for the rendering tests.
 *
 * The unit tests cannot link libxml2 (the Makefile links the toolkit's
 * libraries only), so this checks what the renderers could get wrong:
 * tags nest and close, names are names, attribute values are quoted and
 * hold no '<', '&' starts a known entity or a character reference, no
 * text holds a bare '<', attributes are not repeated.  It also counts
 * elements by name.  tests/scripts/report-render.sh runs xmllint as well.
 */
#ifndef XMLCHECK_H
#define XMLCHECK_H

#include <string.h>

struct xmlcheck {
	const char *err;            /* NULL when well-formed */
	long pos;                   /* byte offset of the problem */
	int elements;               /* elements seen */
};

static int
xc_namech(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
		|| (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static const char *
xc_entity(const char *p)
{
	static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };

	for (size_t i = 0; i < 5; i++)
		if (strncmp(p, ent[i], strlen(ent[i])) == 0)
			return p + strlen(ent[i]);
	if (p[1] == '#') {
		const char *q = p + 2;
		int hex = *q == 'x';

		if (hex)
			q++;
		if (!((*q >= '0' && *q <= '9') || (hex && ((*q >= 'a' && *q <= 'f') || (*q >= 'A' && *q <= 'F')))))
			return NULL;
		while ((*q >= '0' && *q <= '9') || (hex && ((*q >= 'a' && *q <= 'f') || (*q >= 'A' && *q <= 'F'))))
			q++;
		return *q == ';' ? q + 1 : NULL;
	}
	return NULL;
}

/* Check doc; count elements named `count_name` (may be NULL) into
 * *count.  Returns 0 when well-formed. */
static int
xmlcheck(const char *doc, struct xmlcheck *xc, const char *count_name, int *count)
{
	char stack[64][64];
	int depth = 0, roots = 0;
	const char *p = doc;

	memset(xc, 0, sizeof *xc);
	if (count)
		*count = 0;
#define XC_FAIL(msg) do { xc->err = (msg); xc->pos = (long)(p - doc); return -1; } while (0)
	while (*p) {
		if (*p == '&') {
			const char *q = xc_entity(p);

			if (!q)
				XC_FAIL("bad entity");
			p = q;
			continue;
		}
		if (*p != '<') {
			if (*p == '>' && p - doc >= 2 && p[-1] == ']' && p[-2] == ']')
				XC_FAIL("]]> in text");
			if (depth == 0 && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
				XC_FAIL("text outside the root element");
			p++;
			continue;
		}
		if (strncmp(p, "<!--", 4) == 0) {
			const char *q = strstr(p + 4, "-->");

			if (!q)
				XC_FAIL("unclosed comment");
			p = q + 3;
			continue;
		}
		if (strncmp(p, "<?", 2) == 0) {
			const char *q = strstr(p + 2, "?>");

			if (!q)
				XC_FAIL("unclosed processing instruction");
			p = q + 2;
			continue;
		}
		if (strncmp(p, "<!DOCTYPE", 9) == 0) {
			const char *q = strchr(p, '>');

			if (!q || depth > 0 || roots > 0)
				XC_FAIL("misplaced DOCTYPE");
			p = q + 1;
			continue;
		}
		if (p[1] == '/') {
			const char *n = p + 2;
			size_t len = 0;

			while (xc_namech(n[len], len == 0))
				len++;
			if (depth == 0 || len == 0 || strlen(stack[depth - 1]) != len
			    || strncmp(stack[depth - 1], n, len) != 0)
				XC_FAIL("end tag does not match");
			depth--;
			p = n + len;
			while (*p == ' ' || *p == '\n')
				p++;
			if (*p != '>')
				XC_FAIL("bad end tag");
			p++;
			continue;
		}
		/* start tag */
		{
			const char *n = p + 1;
			size_t len = 0;
			char attrs[64][64];
			int nattr = 0;

			while (xc_namech(n[len], len == 0))
				len++;
			if (len == 0 || len >= 64)
				XC_FAIL("bad element name");
			if (depth == 0 && roots++ > 0)
				XC_FAIL("second root element");
			xc->elements++;
			if (count && count_name && strlen(count_name) == len && strncmp(n, count_name, len) == 0)
				(*count)++;
			p = n + len;
			for (;;) {
				const char *an;
				size_t al = 0;
				char q;

				while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
					p++;
				if (*p == '>' || (p[0] == '/' && p[1] == '>'))
					break;
				an = p;
				while (xc_namech(an[al], al == 0))
					al++;
				if (al == 0 || al >= 64)
					XC_FAIL("bad attribute name");
				for (int i = 0; i < nattr; i++)
					if (strlen(attrs[i]) == al && strncmp(attrs[i], an, al) == 0)
						XC_FAIL("repeated attribute");
				if (nattr < 64) {
					memcpy(attrs[nattr], an, al);
					attrs[nattr++][al] = 0;
				}
				p = an + al;
				if (*p != '=')
					XC_FAIL("attribute without value");
				p++;
				q = *p;
				if (q != '"' && q != '\'')
					XC_FAIL("unquoted attribute value");
				p++;
				while (*p && *p != q) {
					if (*p == '<')
						XC_FAIL("< in attribute value");
					if (*p == '&') {
						const char *e = xc_entity(p);

						if (!e)
							XC_FAIL("bad entity in attribute");
						p = e;
						continue;
					}
					p++;
				}
				if (*p != q)
					XC_FAIL("unclosed attribute value");
				p++;
				if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '>' && *p != '/')
					XC_FAIL("no space between attributes");
			}
			if (*p == '/') {
				p += 2;
				continue;
			}
			if (depth >= 64)
				XC_FAIL("too deep");
			memcpy(stack[depth], n, len);
			stack[depth++][len] = 0;
			p++;
			/* raw text of <style> still may not hold '<' or '&' in XML */
		}
	}
	if (depth != 0)
		XC_FAIL("unclosed element");
	if (roots != 1)
		XC_FAIL("no root element");
#undef XC_FAIL
	return 0;
}

#endif
