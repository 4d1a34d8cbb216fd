/*
 * phone.h — Thai telephone numbers.
 *
 * Numbering of the NBTC (กสทช.): the national form is digits only with a
 * leading 0 — mobiles 10 digits (06, 08, 09), landlines 9 digits (02
 * Bangkok, 03–07 an area code). From abroad the 0 is replaced by +66.
 * Short codes (1205, 1669) are not numbers a person can be reached at and
 * are refused. Numbers are personal data; this module only checks and
 * formats them.
 */
#ifndef SOD_TEXT_PHONE_H
#define SOD_TEXT_PHONE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Normalise s[0..n) to the national form: digits only, leading 0
 * (0812345678, 021234567). Accepts spaces, dashes, dots, parentheses, a
 * leading +66 or 66 (which replaces the 0), and Thai digits ๐–๙. Mobile
 * numbers are 10 digits starting 06, 08 or 09; landlines 9 digits starting
 * 02–07 (0 followed by an area code). Anything else is false.
 *
 * out receives the NUL-terminated national form, or "" when false. A "(0)"
 * after +66 ("+66 (0)81 234 5678", a common habit) is dropped.
 */
bool phone_normalise(const char *s, size_t n, char out[16]);

/*
 * "081-234-5678" / "02-123-4567" style for display, from the national form
 * (provincial landlines as "053-123-456"). A string that is not a national
 * form from phone_normalise() is copied as it is, truncated to fit.
 */
void phone_format(const char national[16], char out[20]);

#endif
