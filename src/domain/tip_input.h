/*
 * tip_input.h — a tip as the reporter gave it (JSON of the API, or the HTML
 * form), checked field by field into one typed struct. No database, no
 * HTTP: every bad field is named, in field order, with a message key of the
 * catalogs, so that the reporter can correct everything at once.
 */
#ifndef SOD_DOMAIN_TIP_INPUT_H
#define SOD_DOMAIN_TIP_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/sys.h"
#include "http/form.h"
#include "text/date.h"

enum tip_category {
	TIP_BRIBERY, TIP_PROCUREMENT, TIP_ABUSE_OF_POWER, TIP_PUBLIC_PROPERTY,
	TIP_CONFLICT_OF_INTEREST, TIP_OTHER, TIP_CATEGORY__MAX
};

/* "bribery", …; "" for an unknown value. */
const char *tip_category_name(enum tip_category c);
bool tip_category_parse(const char *s, enum tip_category *out);

struct tip_input {
	const char *unit;             /* unit code; NULL: the root */
	enum tip_category category;
	const char *subject;          /* 1–200 characters */
	const char *description;      /* 1–20,000 characters, several lines */
	const char *province;         /* 2-digit DOPA code or NULL */
	const char *district;         /* 4-digit code of that province or NULL */
	bool has_incident_date;
	struct cdate incident_date;   /* not after today (Bangkok), not before 1900 */
	bool has_amount;
	int64_t amount_satang;        /* baht × 100, 0 … 10^14 */
	const char *accused;          /* ≤ 500 characters or NULL */
	bool has_identity;
	const char *identity_name;    /* ≤ 200 characters or NULL */
	const char *identity_phone;   /* national form or NULL */
	const char *identity_email;   /* or NULL */
	const char *channel;          /* set by the caller: web, api, phone, letter, in_person */
};

#define TIP_MAX_ERRORS 16

struct tip_errors {
	size_t n;
	struct verr e[TIP_MAX_ERRORS];
};

/*
 * A JSON object (valid UTF-8) into in, strings in the arena. SOD_EINVAL
 * with errs filled when any field is wrong — unknown fields and wrong JSON
 * types included; malformed JSON or a non-object is one error with field
 * NULL and key "error.invalid_json".
 */
enum sod_err tip_input_from_json(struct arena *a, const char *json, size_t len,
                                 struct tip_input *in, struct tip_errors *errs);

/*
 * The same from the HTML form: category, subject, description, province,
 * district, incident_date (YYYY-MM-DD), amount_baht ("1,500.50", Thai
 * digits accepted), accused, identity_name, identity_phone, identity_email
 * (identity given when any is not empty), unit. Other fields are ignored.
 */
enum sod_err tip_input_from_form(struct arena *a, const struct form *f,
                                 struct tip_input *in, struct tip_errors *errs);

#endif
