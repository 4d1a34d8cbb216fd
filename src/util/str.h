/*
 * str.h — byte slices and small bounded string helpers.
 *
 * Parsing works on slices (ptr, len) that point into a buffer someone else
 * owns; a slice is valid as long as that buffer is.
 */
#ifndef SOD_UTIL_STR_H
#define SOD_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct slice {
	const char *p;
	size_t len;
};

#define SLICE_LIT(s) ((struct slice){(s), sizeof(s) - 1})

struct slice slice_from(const char *s);
bool slice_eq(struct slice a, struct slice b);
bool slice_eq_str(struct slice a, const char *s);
bool slice_case_eq_str(struct slice a, const char *s);
struct slice slice_trim(struct slice s);

/* Split s at the first c: head before it, s after it. False if no c. */
bool slice_cut(struct slice *s, char c, struct slice *head_out);

/*
 * Parse a whole slice as a decimal integer within [min, max]; no sign for
 * non-negative ranges, no spaces, no leading '+'. False on anything else.
 */
bool str_to_i64(struct slice s, int64_t min, int64_t max, int64_t *out);

/* strlcpy: copy at most size-1 bytes, always terminate; returns strlen(src). */
size_t str_lcpy(char *dst, const char *src, size_t size);

/* Constant-time comparison of two NUL-terminated strings. */
bool str_ct_eq(const char *a, const char *b);

#endif
