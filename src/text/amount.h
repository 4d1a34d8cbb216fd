/*
 * amount.h — amounts of money in baht as people type them, read into
 * satang (1/100 baht) exactly, without floating point.
 *
 * Accepted: ASCII or Thai digits (๐–๙), thousands grouped by commas
 * ("12,500.50", "๑๒,๕๐๐"; a group after the first must have exactly three
 * digits), at most two decimals after a '.', spaces (ASCII, U+00A0) around
 * the number or between groups, and a trailing "บาท" or "baht". Refused: an
 * empty string, a sign, misplaced commas, a third decimal, letters, invalid
 * UTF-8, and anything above the caller's maximum. Nothing here allocates.
 */
#ifndef SOD_TEXT_AMOUNT_H
#define SOD_TEXT_AMOUNT_H

#include <stddef.h>
#include <stdint.h>

enum amount_err {
	AMOUNT_OK,
	AMOUNT_EMPTY,      /* nothing but spaces */
	AMOUNT_MALFORMED,  /* not a number as people write one */
	AMOUNT_DECIMALS,   /* more than two decimals (satang) */
	AMOUNT_RANGE,      /* negative, or above the maximum */
};

/* The largest amount any caller may allow: 10^12 baht. */
#define AMOUNT_MAX_SATANG 100000000000000LL

/*
 * Read s[0..n) into *satang_out (set only on AMOUNT_OK). max_satang bounds
 * the value (at most AMOUNT_MAX_SATANG).
 */
enum amount_err amount_parse(const char *s, size_t n, int64_t max_satang,
                             int64_t *satang_out);

/* The catalog key of an error: "error.field.amount", "…amount_decimals",
 * "…amount_range", "error.field.required"; NULL for AMOUNT_OK. */
const char *amount_err_key(enum amount_err e);

/*
 * Write satang as baht with thousands separators and two decimals
 * ("12,500.50") into out (at least 32 bytes). Returns out.
 */
char *amount_format(int64_t satang, char *out, size_t size);

#endif
