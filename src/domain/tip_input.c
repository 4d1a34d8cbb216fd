/*
 * tip_input.c — see tip_input.h. Both paths (JSON and form) collect raw
 * strings into one struct of fields and share one checker.
 *
 * Amounts: JSON numbers are read by jansson as integers or doubles; a
 * double is turned into satang by its shortest decimal text (%.15g), so
 * 1500.5 is 150050 exactly and 1.005 (three decimals) is refused.
 */
#include "domain/tip_input.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "domain/geo.h"
#include "text/phone.h"
#include "text/utf8.h"
#include "util/clock.h"
#include "util/str.h"

static const char *const categories[TIP_CATEGORY__MAX] = {
	"bribery", "procurement", "abuse_of_power", "public_property",
	"conflict_of_interest", "other",
};

const char *
tip_category_name(enum tip_category c)
{
	return (unsigned)c < TIP_CATEGORY__MAX ? categories[c] : "";
}

bool
tip_category_parse(const char *s, enum tip_category *out)
{
	for (int c = 0; s != NULL && c < TIP_CATEGORY__MAX; c++) {
		if (strcmp(s, categories[c]) == 0) {
			*out = (enum tip_category)c;
			return true;
		}
	}
	return false;
}

/* The raw strings, as typed (NULL: absent). */
struct raw {
	const char *unit, *category, *subject, *description, *province, *district;
	const char *incident_date, *amount, *accused;
	const char *id_name, *id_phone, *id_email;
	bool has_identity;
};

static void
fail(struct tip_errors *e, const char *field, const char *key)
{
	if (e->n < TIP_MAX_ERRORS)
		e->e[e->n++] = (struct verr){field, key};
}

static bool
blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* Trim and check a text; NULL (absent) when empty and not required. */
static const char *
text(struct arena *a, const char *s, size_t max_chars, bool multiline, bool required,
     const char *field, struct tip_errors *e)
{
	struct slice t;
	enum sod_err err;

	if (s == NULL)
		s = "";
	t = slice_trim(slice_from(s));
	if (t.len == 0) {
		if (required)
			fail(e, field, "error.field.required");
		return NULL;
	}
	err = text_check(t.p, t.len, max_chars * 4, max_chars, multiline);
	if (err) {
		fail(e, field, err == SOD_ETOOBIG ? "error.field.too_long" : "error.field.text");
		return NULL;
	}
	return arena_strndup(a, t.p, t.len);
}

/* "1,500.50" or "๑๕๐๐" into satang; false if not a plain amount. */
static bool
parse_amount(const char *s, int64_t *out)
{
	char digits[64];
	size_t n = 0, i = 0, len = strlen(s);
	int64_t whole = 0, frac = 0, fdigits = -1;

	while (i < len) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, len - i, &cp);

		if (l == 0 || n + 1 >= sizeof(digits))
			return false;
		i += l;
		if (cp == ',' || cp == ' ')
			continue;
		if (cp >= 0x0E50 && cp <= 0x0E59)
			cp = '0' + (cp - 0x0E50);
		if (!(cp == '.' || (cp >= '0' && cp <= '9')))
			return false;
		digits[n++] = (char)cp;
	}
	digits[n] = '\0';
	if (n == 0)
		return false;
	for (size_t k = 0; k < n; k++) {
		if (digits[k] == '.') {
			if (fdigits >= 0)
				return false;
			fdigits = 0;
		} else if (fdigits >= 0) {
			if (++fdigits > 2)
				return false;
			frac = frac * 10 + (digits[k] - '0');
		} else {
			if (whole > 100000000000000LL)
				return false;
			whole = whole * 10 + (digits[k] - '0');
		}
	}
	if (fdigits == 1)
		frac *= 10;
	if (whole > 1000000000000LL)
		return false;
	*out = whole * 100 + frac;
	return true;
}

static void
check(struct arena *a, const struct raw *r, struct tip_input *in, struct tip_errors *e)
{
	memset(in, 0, sizeof(*in));
	in->unit = blank(r->unit) ? NULL : text(a, r->unit, 40, false, false, "unit", e);
	if (blank(r->category))
		fail(e, "category", "error.field.required");
	else if (!tip_category_parse(r->category, &in->category))
		fail(e, "category", "error.field.tip_category");
	in->subject = text(a, r->subject, 200, false, true, "subject", e);
	in->description = text(a, r->description, 20000, true, true, "description", e);
	if (!blank(r->province)) {
		if (geo_province(r->province, LANG_TH) == NULL)
			fail(e, "province", "error.field.province_unknown");
		else
			in->province = arena_strdup(a, r->province);
	}
	if (!blank(r->district)) {
		if (in->province == NULL || !geo_district_in(r->district, in->province))
			fail(e, "district", "error.field.district_unknown");
		else
			in->district = arena_strdup(a, r->district);
	}
	if (!blank(r->incident_date)) {
		struct cdate today = date_of_unix(sod_now()), d;

		if (!date_parse_iso(r->incident_date, strlen(r->incident_date), &d) ||
		    d.year < 1900 || date_to_unix(d) > date_to_unix(today))
			fail(e, "incident_date", "error.field.incident_date");
		else
			in->has_incident_date = true, in->incident_date = d;
	}
	if (!blank(r->amount)) {
		if (!parse_amount(r->amount, &in->amount_satang))
			fail(e, "amount_baht", "error.field.amount");
		else
			in->has_amount = true;
	}
	in->accused = text(a, r->accused, 500, false, false, "accused", e);
	if (r->has_identity) {
		in->identity_name = text(a, r->id_name, 200, false, false, "identity.name", e);
		if (!blank(r->id_phone)) {
			char national[16];

			if (!phone_normalise(r->id_phone, strlen(r->id_phone), national))
				fail(e, "identity.phone", "error.field.phone");
			else
				in->identity_phone = arena_strdup(a, national);
		}
		if (!blank(r->id_email)) {
			const char *at = strchr(r->id_email, '@');

			if (at == NULL || at == r->id_email || strchr(at, '.') == NULL ||
			    strlen(r->id_email) > 254 || strpbrk(r->id_email, " \r\n<>"))
				fail(e, "identity.email", "error.field.email");
			else
				in->identity_email = arena_strdup(a, r->id_email);
		}
		in->has_identity = in->identity_name || in->identity_phone || in->identity_email;
	}
}

/* ---- JSON --------------------------------------------------------------------- */

static const char *
json_field(json_t *o, const char *key, bool numeric, const char *field,
           struct tip_errors *e, struct arena *a)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return numeric ? (fail(e, field, "error.field.wrong_type"), NULL)
		               : json_string_value(v);
	if (numeric && json_is_integer(v))
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (numeric && json_is_real(v))
		return arena_printf(a, "%.15g", json_real_value(v));
	fail(e, field, "error.field.wrong_type");
	return NULL;
}

enum sod_err
tip_input_from_json(struct arena *a, const char *json, size_t len, struct tip_input *in,
                    struct tip_errors *errs)
{
	static const char *const known[] = {
		"unit", "category", "subject", "description", "province", "district",
		"incident_date", "amount_baht", "accused", "identity", NULL,
	};
	struct raw r = {0};
	json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL), *id;
	const char *key;
	json_t *v;

	memset(errs, 0, sizeof(*errs));
	if (o == NULL || !json_is_object(o)) {
		json_decref(o);
		fail(errs, NULL, "error.invalid_json");
		return SOD_EINVAL;
	}
	json_object_foreach(o, key, v) {
		bool ok = false;

		for (const char *const *k = known; *k != NULL; k++)
			ok = ok || strcmp(*k, key) == 0;
		if (!ok)
			fail(errs, arena_strdup(a, key), "error.field.unknown");
	}
	r.unit = json_field(o, "unit", false, "unit", errs, a);
	r.category = json_field(o, "category", false, "category", errs, a);
	r.subject = json_field(o, "subject", false, "subject", errs, a);
	r.description = json_field(o, "description", false, "description", errs, a);
	r.province = json_field(o, "province", false, "province", errs, a);
	r.district = json_field(o, "district", false, "district", errs, a);
	r.incident_date = json_field(o, "incident_date", false, "incident_date", errs, a);
	r.amount = json_field(o, "amount_baht", true, "amount_baht", errs, a);
	r.accused = json_field(o, "accused", false, "accused", errs, a);
	id = json_object_get(o, "identity");
	if (id != NULL && !json_is_null(id)) {
		if (!json_is_object(id)) {
			fail(errs, "identity", "error.field.wrong_type");
		} else {
			r.has_identity = true;
			r.id_name = json_field(id, "name", false, "identity.name", errs, a);
			r.id_phone = json_field(id, "phone", false, "identity.phone", errs, a);
			r.id_email = json_field(id, "email", false, "identity.email", errs, a);
		}
	}
	check(a, &r, in, errs);
	json_decref(o);  /* every string kept was copied into the arena by check() */
	return errs->n ? SOD_EINVAL : SOD_OK;
}

/* ---- form --------------------------------------------------------------------- */

static const char *
form_value(const struct form *f, const char *name)
{
	const struct form_field *ff = form_get(f, name);

	return ff ? ff->value : NULL;
}

enum sod_err
tip_input_from_form(struct arena *a, const struct form *f, struct tip_input *in,
                    struct tip_errors *errs)
{
	struct raw r = {
		.unit = form_value(f, "unit"),
		.category = form_value(f, "category"),
		.subject = form_value(f, "subject"),
		.description = form_value(f, "description"),
		.province = form_value(f, "province"),
		.district = form_value(f, "district"),
		.incident_date = form_value(f, "incident_date"),
		.amount = form_value(f, "amount_baht"),
		.accused = form_value(f, "accused"),
		.id_name = form_value(f, "identity_name"),
		.id_phone = form_value(f, "identity_phone"),
		.id_email = form_value(f, "identity_email"),
	};

	memset(errs, 0, sizeof(*errs));
	r.has_identity = !blank(r.id_name) || !blank(r.id_phone) || !blank(r.id_email);
	check(a, &r, in, errs);
	return errs->n ? SOD_EINVAL : SOD_OK;
}
