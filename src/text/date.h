/*
 * date.h — dates as Thai readers expect them.
 *
 * Times are Unix seconds (UTC); a calendar date is always taken in
 * Asia/Bangkok (UTC+7, no daylight saving). The Buddhist Era year is the
 * common-era year + 543. The government fiscal year runs 1 October –
 * 30 September and is named by the year it ends in (FY2567 = 1 Oct 2023 –
 * 30 Sep 2024): Q1 Oct–Dec, Q2 Jan–Mar, Q3 Apr–Jun, Q4 Jul–Sep.
 * Month names are shipped here, not taken from the C library's locale.
 */
#ifndef SOD_TEXT_DATE_H
#define SOD_TEXT_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cdate {
	int year;   /* common era, e.g. 2018 */
	int month;  /* 1–12 */
	int day;    /* 1–31 */
};

enum date_style {
	DATE_SHORT,  /* 27 ก.พ. 2561      | 27 Feb 2018 */
	DATE_LONG,   /* 27 กุมภาพันธ์ 2561  | 27 February 2018 */
	DATE_TIME,   /* 27 ก.พ. 2561 14:05 | 27 Feb 2018 14:05 (Bangkok time) */
};

enum lang { LANG_TH, LANG_EN, LANG__MAX };

/* The calendar date in Bangkok of a Unix time. */
struct cdate date_of_unix(int64_t t);

/* Unix time of 00:00 Bangkok time on d. d must be valid. */
int64_t date_to_unix(struct cdate d);

/* True if d names a real day of the Gregorian calendar (years 1–9999). */
bool date_is_valid(struct cdate d);

/* Parse exactly "YYYY-MM-DD" (common era); false if malformed or no such day. */
bool date_parse_iso(const char *s, size_t n, struct cdate *out);

/*
 * Parse a date as a person types it: "d/m/YYYY" (also with '.' or '-'
 * between the parts) or ISO "YYYY-MM-DD". A year of 2400 or more is read
 * as Buddhist Era (2400 BE = 1857 CE), a smaller one as common era, so
 * "8/12/2569", "8/12/2026" and "2026-12-08" are the same day. The year
 * must have four digits; day and month one or two. Thai digits ๐–๙ count
 * as digits, and spaces (ASCII, tab, U+00A0) anywhere are ignored. False
 * if anything else is there, if the day does not exist (31/4, 29/2 in a
 * common year) or if s is longer than 64 bytes. out is in common era.
 */
bool date_parse_input(const char *s, size_t n, struct cdate *out);

/*
 * Write d as it is typed back into a date field: "8/12/2569" (Buddhist
 * Era) for Thai, "8/12/2026" for English; both read back the same day
 * through date_parse_input. Empty if d is not valid. Returns bytes written.
 */
size_t date_format_input(char *out, size_t size, struct cdate d, enum lang lang);

/*
 * Write t as a date for a reader of lang into out (NUL-terminated,
 * truncated to size). Thai uses the Buddhist Era; English the common era.
 * thai_digits turns 0–9 into ๐–๙ (Thai only). Returns bytes written.
 */
size_t date_format(char *out, size_t size, int64_t t, enum date_style style,
                   enum lang lang, bool thai_digits);

/* Same for a calendar date (no time part; DATE_TIME acts as DATE_SHORT). */
size_t date_format_cdate(char *out, size_t size, struct cdate d,
                         enum date_style style, enum lang lang, bool thai_digits);

/* Fiscal year (Buddhist Era, e.g. 2567) and quarter (1–4) of a date. */
int fiscal_year_be(struct cdate d);
int fiscal_quarter(struct cdate d);

/* First and last day of a fiscal year given in BE. */
void fiscal_year_bounds(int fy_be, struct cdate *first_out, struct cdate *last_out);

/*
 * Copy s to out turning ASCII digits into Thai digits (U+0E50–U+0E59), or
 * back (to_thai false). NUL-terminated, truncated to size on a character
 * boundary. Returns bytes written.
 */
size_t digits_convert(char *out, size_t size, const char *s, bool to_thai);

#endif
