/*
 * tip_input.h — a tip as the reporter gave it (the JSON of the API, or the
 * HTML form), checked field by field into one typed struct. No database, no
 * HTTP: every bad field is named, in field order, with a message key of the
 * catalogs, so that the reporter can correct everything at once. Whether
 * the unit exists is not checked here (that needs the store): tip_submit()
 * answers SOD_ENOTFOUND for an unknown unit.
 *
 * Field names in errors are those the reporter used: "identity.phone" on
 * the JSON path, "identity_phone" on the form path. Hostile text (markup,
 * SQL, template syntax, path names) is ordinary text here and is kept as
 * typed; escaping is the writers' job.
 */
#ifndef SOD_DOMAIN_TIP_INPUT_H
#define SOD_DOMAIN_TIP_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/sys.h"
#include "util/arena.h"
#include "util/fields.h"
#include "text/date.h"

enum tip_category {
	TIP_BRIBERY, TIP_PROCUREMENT, TIP_ABUSE_OF_POWER, TIP_PUBLIC_PROPERTY,
	TIP_CONFLICT_OF_INTEREST, TIP_OTHER, TIP_CATEGORY__MAX
};

/* "bribery", "procurement", …; "" for a value out of range. Static. */
const char *tip_category_name(enum tip_category c);

/* The category named exactly s (as tip_category_name() spells it); false if none. */
bool tip_category_parse(const char *s, enum tip_category *out);

#define TIP_SUBJECT_MAX      200     /* characters (code points) */
#define TIP_DESCRIPTION_MAX  20000
#define TIP_ACCUSED_MAX      500
#define TIP_NAME_MAX         200
#define TIP_AMOUNT_MAX_SATANG 100000000000000LL   /* 10^12 baht */

struct session;

struct tip_input {
	const char *unit;             /* unit code; NULL: the root */
	enum tip_category category;
	const char *subject;          /* 1–200 characters, one line, trimmed */
	const char *description;      /* 1–20,000 characters, several lines, trimmed */
	const char *province;         /* 2-digit DOPA code or NULL */
	const char *district;         /* 4-digit code of that province or NULL */
	bool has_incident_date;
	struct cdate incident_date;   /* 1900-01-01 … today in Bangkok */
	bool has_amount;
	int64_t amount_satang;        /* baht × 100, 0 … 10^14, exact */
	const char *accused;          /* ≤ 500 characters or NULL */
	bool has_identity;            /* any of the three below given */
	const char *identity_name;    /* ≤ 200 characters or NULL */
	const char *identity_phone;   /* national form (phone_normalise) or NULL */
	const char *identity_email;   /* or NULL */
	const char *channel;          /* web, api, phone, letter, in_person:
	                                 "api" from JSON, "web" from the form;
	                                 the caller may overwrite it */
	/* The officer who entered it for a reporter (phone, letter, in
	 * person); NULL when the reporter filed it. Only then is the filing
	 * in the audit log: its timestamps would date a reporter's visit. */
	const struct session *entered_by;
};

#define TIP_MAX_ERRORS 16

/* Every bad field, in field order (unknown JSON fields last); at most 16 kept. */
struct tip_errors {
	size_t n;
	struct verr e[TIP_MAX_ERRORS];
};

/*
 * Parse the JSON object json[0..len) into in. Strings (and unknown field
 * names in errs) live in the arena a. Returns SOD_OK, or SOD_EINVAL with
 * errs filled when any field is wrong: unknown fields are errors
 * ("error.field.unknown"), a wrong JSON type is "error.field.wrong_type", a
 * missing required field (category, subject, description) is
 * "error.field.required"; null is the same as an absent field. Malformed
 * JSON (duplicate keys included) or a value that is not an object is
 * SOD_EINVAL with one error whose field is NULL and key
 * "error.invalid_json". SOD_ENOMEM when the arena is full. in is only
 * meaningful after SOD_OK.
 *
 * amount_baht is a JSON number, read from its text (not through a double),
 * so 1500.5 is 150050 satang exactly and 0.1 + many zeros is fine; at most
 * two significant decimals.
 */
enum sod_err tip_input_from_json(struct arena *a, const char *json, size_t len,
                                 struct tip_input *in, struct tip_errors *errs);

/*
 * The same from the HTML form: category, subject, description, province,
 * district, incident_date (YYYY-MM-DD), amount_baht (text: "1500",
 * "1,500.50", Thai digits "๑,๕๐๐"), accused, identity_name,
 * identity_phone, identity_email (identity given when any is not empty
 * after trimming), unit (a hidden field; empty is the root). The first
 * value of a repeated name counts. Every other field (csrf, files, buttons)
 * is ignored: CSRF is http/'s business. Empty fields are absent.
 */
enum sod_err tip_input_from_form(struct arena *a, const struct form *f,
                                 struct tip_input *in, struct tip_errors *errs);

#endif
