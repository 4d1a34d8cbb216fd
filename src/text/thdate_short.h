/*
 * thdate_short.h — dates and amounts as Thai open data writes them.
 *
 * The Comptroller General's procurement data (data.go.th) writes dates in
 * the Thai short form "20 พ.ย. 68": day, abbreviated month (with or
 * without its dots, or the full month name), and the Buddhist Era year in
 * two or four digits; Thai digits are accepted anywhere. Amounts are
 * written with thousands separators ("4,990,000.00"). ISO dates
 * (YYYY-MM-DD) are accepted too, as spreadsheets rewrite dates that way.
 */
#ifndef SOD_TEXT_THDATE_SHORT_H
#define SOD_TEXT_THDATE_SHORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/date.h"

/*
 * Parse s[0..n) as "D MMM YY" (BE; two-digit years are 25xx), "D MMM YYYY"
 * (BE, 2400–2800) or "YYYY-MM-DD" (CE). false if malformed or no such day.
 */
bool thdate_short_parse(const char *s, size_t n, struct cdate *out);

/*
 * Parse an amount in baht ("4,990,000", "1,234.5", "๑,๐๐๐.๐๐", "1234")
 * into satang; at most two decimals, at most 10^12 baht. false if
 * malformed (misplaced separators included).
 */
bool thamount_parse(const char *s, size_t n, int64_t *satang_out);

#endif
