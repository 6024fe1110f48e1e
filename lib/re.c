/* re.c - a small wrapper over PCRE2's 8-bit API. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdlib.h>

#include <pcre2.h>

#include "re.h"

struct i40_re {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	const char *subject;
	int rc;
};

struct i40_re *
i40_re_compile(const char *pattern, struct i40_err *err)
{
	int ec;
	PCRE2_SIZE off;
	struct i40_re *re = calloc(1, sizeof *re);

	if (re == NULL) {
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
	if (re->code == NULL) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof msg);
		i40_err_set(err, I40_ERR_CONFIG, "pattern \"%s\": %s at character %zu", pattern, (char *)msg,
			    (size_t)off + 1);
		free(re);
		return NULL;
	}
	pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);   /* optional: falls back to the interpreter */
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mc = pcre2_match_context_create(NULL);
	if (re->md == NULL || re->mc == NULL) {
		i40_re_free(re);
		i40_err_set(err, I40_ERR_NOMEM, "out of memory");
		return NULL;
	}
	pcre2_set_match_limit(re->mc, 1000000);
	pcre2_set_depth_limit(re->mc, 10000);
	return re;
}

void
i40_re_free(struct i40_re *re)
{
	if (re == NULL)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mc);
	pcre2_code_free(re->code);
	free(re);
}

int
i40_re_match(struct i40_re *re, const char *s, size_t len, struct i40_err *err)
{
	re->subject = s;
	re->rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md, re->mc);
	if (re->rc >= 0)
		return 1;
	if (re->rc == PCRE2_ERROR_NOMATCH)
		return 0;
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(re->rc, msg, sizeof msg);
	return i40_err_set(err, I40_ERR_DATA, "pattern matching failed: %s", (char *)msg);
}

int
i40_re_group_number(const struct i40_re *re, const char *name)
{
	int n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
	return n < 0 ? -1 : n;
}

const char *
i40_re_group(const struct i40_re *re, int n, size_t *len)
{
	if (re->rc < 0 || n < 0)
		return NULL;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
	if ((uint32_t)n >= pcre2_get_ovector_count(re->md) || ov[2 * n] == PCRE2_UNSET)
		return NULL;
	*len = ov[2 * n + 1] - ov[2 * n];
	return re->subject + ov[2 * n];
}
