/*
 * tip_input.c — see tip_input.h. Both paths (JSON and form) first gather
 * the raw values into one struct raw (a slice per field, or the type error
 * already found), then one checker walks the fields in contract order, so
 * errors come out in field order whichever path the tip came by.
 *
 * Amounts are exact. jansson turns every number into a double (we ask for
 * JSON_DECODE_INT_AS_REAL, so big integers are not a parse error) and we
 * use that only to know the member is a number: the satang are computed
 * from the number's own text, found by a small scanner over the top level
 * of the (already validated) object. 1500.505 is refused for its third
 * decimal, 1500.500 is 1500.50, 1e3 is 1000 baht, 1e13 is out of range,
 * and no value ever passes through binary floating point. A number so
 * large that strtod overflows (1e400) is refused by jansson as malformed
 * JSON.
 *
 * Trimming removes surrounding spaces, tabs and line breaks (slice_trim);
 * a value that is empty after trimming is absent.
 */
#include "domain/tip_input.h"

#include <string.h>

#include <jansson.h>

#include "domain/geo.h"
#include "text/phone.h"
#include "text/utf8.h"
#include "util/clock.h"
#include "util/str.h"

static const char *const categories[TIP_CATEGORY__MAX] = {
	"bribery",               /* TIP_BRIBERY */
	"procurement",           /* TIP_PROCUREMENT */
	"abuse_of_power",        /* TIP_ABUSE_OF_POWER */
	"public_property",       /* TIP_PUBLIC_PROPERTY */
	"conflict_of_interest",  /* TIP_CONFLICT_OF_INTEREST */
	"other",                 /* TIP_OTHER */
};

static bool
category_of(struct slice s, enum tip_category *out)
{
	for (int c = 0; c < TIP_CATEGORY__MAX; c++) {
		if (slice_eq_str(s, categories[c])) {
			*out = (enum tip_category)c;
			return true;
		}
	}
	return false;
}

const char *
tip_category_name(enum tip_category c)
{
	return (unsigned)c < TIP_CATEGORY__MAX ? categories[c] : "";
}

bool
tip_category_parse(const char *s, enum tip_category *out)
{
	return s != NULL && category_of(slice_from(s), out);
}

/* ---- the fields ------------------------------------------------------------------- */

enum fld {
	F_UNIT, F_CATEGORY, F_SUBJECT, F_DESCRIPTION, F_PROVINCE, F_DISTRICT,
	F_DATE, F_AMOUNT, F_ACCUSED, F_IDENTITY, F_ID_NAME, F_ID_PHONE, F_ID_EMAIL,
	F__MAX
};

static const struct {
	const char *key;   /* JSON member (of identity for F_ID_*) */
	const char *json;  /* its name in JSON errors */
	const char *form;  /* form field, and its name in form errors */
} names[F__MAX] = {
	{"unit", "unit", "unit"},                                /* F_UNIT */
	{"category", "category", "category"},                    /* F_CATEGORY */
	{"subject", "subject", "subject"},                       /* F_SUBJECT */
	{"description", "description", "description"},           /* F_DESCRIPTION */
	{"province", "province", "province"},                    /* F_PROVINCE */
	{"district", "district", "district"},                    /* F_DISTRICT */
	{"incident_date", "incident_date", "incident_date"},     /* F_DATE */
	{"amount_baht", "amount_baht", "amount_baht"},           /* F_AMOUNT */
	{"accused", "accused", "accused"},                       /* F_ACCUSED */
	{"identity", "identity", "identity"},                    /* F_IDENTITY */
	{"name", "identity.name", "identity_name"},              /* F_ID_NAME */
	{"phone", "identity.phone", "identity_phone"},           /* F_ID_PHONE */
	{"email", "identity.email", "identity_email"},           /* F_ID_EMAIL */
};

/* A raw value: p NULL when absent; err set when already wrong (a JSON type). */
struct val {
	const char *p;
	size_t len;
	const char *err;
};

struct raw {
	struct val v[F__MAX];
	bool identity;                          /* identity given at all */
	const char *unknown[TIP_MAX_ERRORS];    /* unknown JSON members, in order */
	size_t nunknown;
};

struct ctx {
	struct arena *a;
	struct tip_errors *errs;
	bool json;   /* names for errors: JSON or form */
	bool oom;
};

#define UNIT_CODE_MAX  40
#define PHONE_MAX      32    /* characters as typed, before normalising */
#define EMAIL_MAX      254   /* RFC 5321 path limit */

static void
fail(struct ctx *c, enum fld f, const char *key)
{
	if (c->errs->n < TIP_MAX_ERRORS)
		c->errs->e[c->errs->n++] =
		    (struct verr){c->json ? names[f].json : names[f].form, key};
}

static const char *
keep(struct ctx *c, struct slice s)
{
	char *p = arena_strndup(c->a, s.p, s.len);

	if (p == NULL)
		c->oom = true;
	return p;
}

/*
 * The trimmed value of f into *s. False when absent or empty (an error if
 * required) or already found wrong (reported here).
 */
static bool
value(struct ctx *c, const struct raw *r, enum fld f, bool required, struct slice *s)
{
	const struct val *v = &r->v[f];

	if (v->err != NULL) {
		fail(c, f, v->err);
		return false;
	}
	*s = slice_trim((struct slice){v->p, v->p != NULL ? v->len : 0});
	if (s->len == 0) {
		if (required)
			fail(c, f, "error.field.required");
		return false;
	}
	return true;
}

/* A checked text field in the arena, or NULL (absent or wrong). */
static const char *
text(struct ctx *c, const struct raw *r, enum fld f, size_t max_chars, bool multiline,
     bool required)
{
	struct slice s;
	enum sod_err err;

	if (!value(c, r, f, required, &s))
		return NULL;
	err = text_check(s.p, s.len, max_chars * 4, max_chars, multiline);
	if (err != SOD_OK) {
		fail(c, f, err == SOD_ETOOBIG ? "error.field.too_long" : "error.field.text");
		return NULL;
	}
	return keep(c, s);
}

static bool
is_digits(struct slice s, size_t n)
{
	if (s.len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
	return true;
}

/*
 * s with Thai digits made ASCII into out (NUL-terminated); false if it has
 * any other non-ASCII or control character, or does not fit.
 */
static bool
ascii_digits(struct slice s, char *out, size_t size, size_t *n_out)
{
	size_t n = 0;

	for (size_t i = 0; i < s.len;) {
		uint32_t cp;
		size_t l = utf8_decode(s.p + i, s.len - i, &cp);

		if (l == 0 || n + 1 >= size)
			return false;
		i += l;
		if (cp >= 0x0E50 && cp <= 0x0E59)
			cp = '0' + (cp - 0x0E50);
		if (cp < 0x20 || cp >= 0x7f)
			return false;
		out[n++] = (char)cp;
	}
	out[n] = '\0';
	*n_out = n;
	return true;
}

/* ---- unit, category, place -------------------------------------------------------- */

static void
check_unit(struct ctx *c, const struct raw *r, struct tip_input *in)
{
	struct slice s;
	bool ok;

	if (!value(c, r, F_UNIT, false, &s))
		return;
	ok = s.len <= UNIT_CODE_MAX;
	for (size_t i = 0; ok && i < s.len; i++) {
		char ch = s.p[i];

		ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
	}
	if (!ok) {
		fail(c, F_UNIT, "error.field.unit_code");
		return;
	}
	in->unit = keep(c, s);
}

static void
check_category(struct ctx *c, const struct raw *r, struct tip_input *in)
{
	struct slice s;

	if (value(c, r, F_CATEGORY, true, &s) && !category_of(s, &in->category))
		fail(c, F_CATEGORY, "error.field.tip_category");
}

/*
 * Province, then district. A district must lie in the province given; with
 * no province, the district's own first two digits name it (DOPA codes
 * nest) and the province is filled in. Against a wrong province a district
 * is not judged: the province is the field to correct first.
 */
static void
check_place(struct ctx *c, const struct raw *r, struct tip_input *in)
{
	struct slice p, d;
	char prov[3] = "", dist[5];
	bool has_p, p_bad = r->v[F_PROVINCE].err != NULL;

	has_p = value(c, r, F_PROVINCE, false, &p);
	if (has_p) {
		if (!is_digits(p, 2)) {
			fail(c, F_PROVINCE, "error.field.province");
			p_bad = true;
		} else {
			memcpy(prov, p.p, 2);
			if (geo_province(prov, LANG_TH) == NULL) {
				fail(c, F_PROVINCE, "error.field.province_unknown");
				p_bad = true;
			}
		}
	}
	if (value(c, r, F_DISTRICT, false, &d)) {
		if (!is_digits(d, 4)) {
			fail(c, F_DISTRICT, "error.field.district");
		} else if (!p_bad) {
			memcpy(dist, d.p, 4);
			dist[4] = '\0';
			if (!has_p)
				memcpy(prov, dist, 2);
			if (geo_province(prov, LANG_TH) == NULL || !geo_district_in(dist, prov)) {
				fail(c, F_DISTRICT, "error.field.district_unknown");
			} else {
				in->district = keep(c, d);
				has_p = true;
			}
		}
	}
	if (has_p && !p_bad)
		in->province = keep(c, (struct slice){prov, 2});
}

/* ---- date and amount -------------------------------------------------------------- */

static int
date_cmp(struct cdate x, struct cdate y)
{
	if (x.year != y.year)
		return x.year < y.year ? -1 : 1;
	if (x.month != y.month)
		return x.month < y.month ? -1 : 1;
	return x.day < y.day ? -1 : x.day > y.day;
}

static void
check_date(struct ctx *c, const struct raw *r, struct tip_input *in)
{
	struct slice s;
	struct cdate d, today;
	char buf[16];
	size_t n;
	bool ok;

	if (!value(c, r, F_DATE, false, &s))
		return;
	/* The API takes the ISO date it documents; the form, a date as people
	 * write it (8/12/2569 in the Buddhist Era, 8/12/2026, ISO). */
	if (c->json)
		ok = ascii_digits(s, buf, sizeof(buf), &n) && date_parse_iso(buf, n, &d);
	else
		ok = date_parse_input(s.p, s.len, &d);
	if (!ok) {
		fail(c, F_DATE, "error.field.date");
		return;
	}
	today = date_of_unix(sod_now());
	if (d.year < 1900) {
		fail(c, F_DATE, "error.field.date_too_early");
	} else if (date_cmp(d, today) > 0) {
		fail(c, F_DATE, "error.field.date_future");
	} else {
		in->has_incident_date = true;
		in->incident_date = d;
	}
}

/*
 * The decimal number (neg ? -1 : 1) × m × 10^exp10 in satang, where m is
 * ASCII digits with at most one '.'. NULL when fine, else the message key.
 * Leading and trailing zeros are not significant: 1.500 has two decimals.
 */
static const char *
satang_of(bool neg, const char *m, size_t n, int64_t exp10, int64_t *out)
{
	size_t first = n, last = 0, sig = 0;
	int64_t scale = exp10 + 2, v = 0;
	bool point = false;

	for (size_t i = 0; i < n; i++) {
		if (m[i] == '.') {
			point = true;
			continue;
		}
		if (point)
			scale--;
		if (m[i] != '0') {
			if (first == n)
				first = i;
			last = i;
		}
	}
	if (first == n) {  /* zero, however written */
		*out = 0;
		return NULL;
	}
	if (neg)
		return "error.field.amount_range";
	/* Digits after the last significant one only shifted the scale. */
	for (size_t i = last + 1; i < n; i++)
		scale += m[i] != '.';
	if (scale < 0)
		return "error.field.amount_decimals";
	for (size_t i = first; i <= last; i++)
		sig += m[i] != '.';
	if ((int64_t)sig + scale > 15)  /* 10^14 satang has 15 digits */
		return "error.field.amount_range";
	for (size_t i = first; i <= last; i++)
		if (m[i] != '.')
			v = v * 10 + (m[i] - '0');
	for (int64_t k = 0; k < scale; k++)
		v *= 10;
	if (v > TIP_AMOUNT_MAX_SATANG)
		return "error.field.amount_range";
	*out = v;
	return NULL;
}

/* A JSON number's text: -?digits(.digits)?([eE][+-]?digits)? */
static const char *
json_amount(struct slice s, int64_t *out)
{
	size_t i = 0, m, mend;
	bool neg = false, eneg = false;
	int64_t e = 0;

	if (i < s.len && s.p[i] == '-')
		neg = true, i++;
	m = i;
	while (i < s.len && ((s.p[i] >= '0' && s.p[i] <= '9') || s.p[i] == '.'))
		i++;
	if (i == m)
		return "error.field.amount";
	mend = i;
	if (i < s.len && (s.p[i] == 'e' || s.p[i] == 'E')) {
		size_t j;

		i++;
		if (i < s.len && (s.p[i] == '+' || s.p[i] == '-'))
			eneg = s.p[i++] == '-';
		for (j = i; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++)
			if (e < 1000000000)  /* saturate: far out of range either way */
				e = e * 10 + (s.p[i] - '0');
		if (i == j)
			return "error.field.amount";
	}
	if (i != s.len)
		return "error.field.amount";
	return satang_of(neg, s.p + m, mend - m, eneg ? -e : e, out);
}

/*
 * What a person types: "1500", "1,500.50", "๑,๕๐๐", "-5" (refused as out of
 * range rather than as malformed). Commas group thousands, properly.
 */
static const char *
form_amount(struct slice s, int64_t *out)
{
	char buf[64], plain[64];
	size_t n, i = 0, k = 0, group = 0;
	bool neg = false, commas = false;

	if (!ascii_digits(s, buf, sizeof(buf), &n))
		return "error.field.amount";
	if (i < n && buf[i] == '-')
		neg = true, i++;
	for (; i < n && ((buf[i] >= '0' && buf[i] <= '9') || buf[i] == ','); i++) {
		if (buf[i] == ',') {
			if (group == 0 || (commas ? group != 3 : group > 3))
				return "error.field.amount";
			commas = true;
			group = 0;
		} else {
			group++;
			plain[k++] = buf[i];
		}
	}
	if (commas && group != 3)
		return "error.field.amount";
	if (i < n && buf[i] == '.')
		for (plain[k++] = buf[i++]; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
			plain[k++] = buf[i];
	if (i != n || k == 0 || (k == 1 && plain[0] == '.'))
		return "error.field.amount";
	return satang_of(neg, plain, k, 0, out);
}

static void
check_amount(struct ctx *c, const struct raw *r, struct tip_input *in)
{
	struct slice s;
	const char *key;

	if (!value(c, r, F_AMOUNT, false, &s))
		return;
	key = c->json ? json_amount(s, &in->amount_satang) : form_amount(s, &in->amount_satang);
	if (key != NULL)
		fail(c, F_AMOUNT, key);
	else
		in->has_amount = true;
}

/* ---- identity ----------------------------------------------------------------------- */

/*
 * A practical address check (RFC 5321/6531 shapes, no quoted local parts,
 * no address literals): local@domain, local 1–64 bytes of atext and dots,
 * domain of two or more labels of letters, digits, hyphens or non-ASCII
 * (internationalised names such as .ไทย), each 1–63 bytes.
 */
static bool
email_ok(struct slice s)
{
	size_t at = s.len, label = 0, labels = 1;

	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == '@') {
			if (at != s.len)
				return false;
			at = i;
		}
	}
	if (at == s.len || at == 0 || at > 64 || at + 1 == s.len)
		return false;
	for (size_t i = 0; i < at; i++) {
		unsigned char ch = (unsigned char)s.p[i];

		if (ch == '.' && (i == 0 || i + 1 == at || s.p[i - 1] == '.'))
			return false;
		if (ch < 0x80 && !(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z') &&
		    !(ch >= '0' && ch <= '9') && strchr("!#$%&'*+/=?^_`{|}~.-", ch) == NULL)
			return false;
	}
	for (size_t i = at + 1; i <= s.len; i++) {
		unsigned char ch = i < s.len ? (unsigned char)s.p[i] : '.';

		if (ch == '.') {
			if (label == 0 || label > 63 || s.p[i - 1] == '-')
				return false;
			labels += i < s.len;
			label = 0;
			continue;
		}
		if (label == 0 && ch == '-')
			return false;
		if (ch < 0x80 && !(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z') &&
		    !(ch >= '0' && ch <= '9') && ch != '-')
			return false;
		label++;
	}
	return labels >= 2;
}

static void
check_identity(struct ctx *c, const struct raw *r, struct tip_input *in)
{
	struct slice s;
	char national[16];

	if (r->v[F_IDENTITY].err != NULL)
		fail(c, F_IDENTITY, r->v[F_IDENTITY].err);
	if (!r->identity)
		return;
	in->identity_name = text(c, r, F_ID_NAME, TIP_NAME_MAX, false, false);
	if (value(c, r, F_ID_PHONE, false, &s)) {
		if (text_check(s.p, s.len, PHONE_MAX * 4, PHONE_MAX, false) != SOD_OK ||
		    !phone_normalise(s.p, s.len, national))
			fail(c, F_ID_PHONE, "error.field.phone");
		else
			in->identity_phone = keep(c, slice_from(national));
	}
	if (value(c, r, F_ID_EMAIL, false, &s)) {
		if (text_check(s.p, s.len, EMAIL_MAX, EMAIL_MAX, false) != SOD_OK ||
		    !email_ok(s))
			fail(c, F_ID_EMAIL, "error.field.email");
		else
			in->identity_email = keep(c, s);
	}
	/* {} or all empty: anonymous after all. */
	in->has_identity = in->identity_name || in->identity_phone || in->identity_email;
}

/* Every field in contract order, then the unknown ones. */
static enum sod_err
check(struct ctx *c, const struct raw *r, struct tip_input *in)
{
	check_unit(c, r, in);
	check_category(c, r, in);
	in->subject = text(c, r, F_SUBJECT, TIP_SUBJECT_MAX, false, true);
	in->description = text(c, r, F_DESCRIPTION, TIP_DESCRIPTION_MAX, true, true);
	check_place(c, r, in);
	check_date(c, r, in);
	check_amount(c, r, in);
	in->accused = text(c, r, F_ACCUSED, TIP_ACCUSED_MAX, false, false);
	check_identity(c, r, in);
	for (size_t i = 0; i < r->nunknown && c->errs->n < TIP_MAX_ERRORS; i++)
		c->errs->e[c->errs->n++] = (struct verr){r->unknown[i], "error.field.unknown"};
	if (c->oom)
		return SOD_ENOMEM;
	return c->errs->n > 0 ? SOD_EINVAL : SOD_OK;
}

/* ---- JSON --------------------------------------------------------------------------- */

static size_t
skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* The index after the JSON string that opens at s[i]. */
static size_t
skip_string(const char *s, size_t n, size_t i)
{
	for (i++; i < n && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < n ? i + 1 : n;
}

/* The index after the JSON value that starts at s[i]. */
static size_t
skip_value(const char *s, size_t n, size_t i)
{
	size_t depth = 0;

	if (i < n && s[i] == '"')
		return skip_string(s, n, i);
	if (i < n && s[i] != '{' && s[i] != '[') {
		while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' &&
		       s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			i++;
		return i;
	}
	for (; i < n; i++) {
		if (s[i] == '"')
			i = skip_string(s, n, i) - 1;
		else if (s[i] == '{' || s[i] == '[')
			depth++;
		else if ((s[i] == '}' || s[i] == ']') && --depth == 0)
			return i + 1;
	}
	return n;
}

/* True if the JSON string lexeme s[0..n) (quotes included) decodes to want. */
static bool
key_is(const char *s, size_t n, const char *want)
{
	size_t wn = strlen(want);
	json_t *k;
	bool eq;

	if (n < 2)
		return false;
	if (memchr(s, '\\', n) == NULL)
		return n - 2 == wn && memcmp(s + 1, want, wn) == 0;
	k = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	eq = json_is_string(k) && json_string_length(k) == wn &&
	     memcmp(json_string_value(k), want, wn) == 0;
	json_decref(k);
	return eq;
}

/*
 * The text of the top-level member want of the JSON object s[0..n), which
 * jansson has already accepted (so the scan can be simple). False if absent.
 */
static bool
member_text(const char *s, size_t n, const char *want, struct slice *out)
{
	size_t i = skip_ws(s, n, 0);

	if (i >= n || s[i] != '{')
		return false;
	for (i = skip_ws(s, n, i + 1); i < n && s[i] == '"';) {
		size_t k = i, v, e;
		bool match;

		i = skip_string(s, n, i);
		match = key_is(s + k, i - k, want);
		i = skip_ws(s, n, i);
		if (i >= n || s[i] != ':')
			return false;
		v = skip_ws(s, n, i + 1);
		e = skip_value(s, n, v);
		if (match) {
			*out = (struct slice){s + v, e - v};
			return true;
		}
		i = skip_ws(s, n, e);
		if (i >= n || s[i] != ',')
			return false;
		i = skip_ws(s, n, i + 1);
	}
	return false;
}

static bool
find_field(const char *key, size_t klen, enum fld from, enum fld to, enum fld *out)
{
	for (int f = from; f <= (int)to; f++) {
		if (strlen(names[f].key) == klen && memcmp(names[f].key, key, klen) == 0) {
			*out = (enum fld)f;
			return true;
		}
	}
	return false;
}

/* "prefix" + key, at most 64 bytes of the key (cut on a character boundary). */
static void
unknown(struct ctx *c, struct raw *r, const char *prefix, const char *key, size_t klen)
{
	const char *name;

	if (r->nunknown == TIP_MAX_ERRORS)
		return;
	if (klen > 64)
		for (klen = 64; klen > 0 && ((unsigned char)key[klen] & 0xC0) == 0x80;)
			klen--;
	name = arena_printf(c->a, "%s%.*s", prefix, (int)klen, key);
	if (name == NULL)
		c->oom = true;
	else
		r->unknown[r->nunknown++] = name;
}

/* A member's value into v: strings (or, for amount_baht, numbers) only. */
static void
take(json_t *j, enum fld f, struct val *v)
{
	if (json_is_null(j))
		return;
	if (f == F_AMOUNT ? !json_is_number(j) : !json_is_string(j)) {
		v->err = "error.field.wrong_type";
		return;
	}
	if (f != F_AMOUNT) {
		v->p = json_string_value(j);
		v->len = json_string_length(j);
	}
}

/* Walk the members of o (the tip, or its identity) into r. */
static void
collect(struct ctx *c, json_t *o, bool inner, struct raw *r)
{
	for (void *it = json_object_iter(o); it != NULL; it = json_object_iter_next(o, it)) {
		const char *key = json_object_iter_key(it);
		size_t klen = json_object_iter_key_len(it);
		json_t *j = json_object_iter_value(it);
		enum fld f;

		if (!(inner ? find_field(key, klen, F_ID_NAME, F_ID_EMAIL, &f)
		            : find_field(key, klen, F_UNIT, F_IDENTITY, &f))) {
			unknown(c, r, inner ? "identity." : "", key, klen);
		} else if (f != F_IDENTITY) {
			take(j, f, &r->v[f]);
		} else if (json_is_object(j)) {
			r->identity = true;
			collect(c, j, true, r);
		} else if (!json_is_null(j)) {
			r->v[F_IDENTITY].err = "error.field.wrong_type";
		}
	}
}

enum sod_err
tip_input_from_json(struct arena *a, const char *json, size_t len, struct tip_input *in,
                    struct tip_errors *errs)
{
	struct ctx c = {.a = a, .errs = errs, .json = true};
	struct raw r;
	json_t *o;
	enum sod_err err = SOD_EINVAL;

	memset(errs, 0, sizeof(*errs));
	memset(in, 0, sizeof(*in));
	memset(&r, 0, sizeof(r));
	if (json == NULL)
		json = "", len = 0;
	o = json_loadb(json, len,
	               JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, NULL);
	if (!json_is_object(o)) {
		errs->e[errs->n++] = (struct verr){NULL, "error.invalid_json"};
		goto out;
	}
	collect(&c, o, false, &r);
	if (r.v[F_AMOUNT].err == NULL && json_is_number(json_object_get(o, "amount_baht"))) {
		struct slice t;

		if (member_text(json, len, "amount_baht", &t))
			r.v[F_AMOUNT].p = t.p, r.v[F_AMOUNT].len = t.len;
		else  /* cannot happen for text jansson accepted */
			r.v[F_AMOUNT].err = "error.field.amount";
	}
	err = check(&c, &r, in);
	in->channel = "api";
out:
	json_decref(o);  /* everything kept was copied into the arena */
	return err;
}

/* ---- form --------------------------------------------------------------------------- */

enum sod_err
tip_input_from_form(struct arena *a, const struct form *f, struct tip_input *in,
                    struct tip_errors *errs)
{
	struct ctx c = {.a = a, .errs = errs, .json = false};
	struct raw r;
	enum sod_err err;

	memset(errs, 0, sizeof(*errs));
	memset(in, 0, sizeof(*in));
	memset(&r, 0, sizeof(r));
	for (int i = 0; i < F__MAX; i++) {
		const struct form_field *ff = i == F_IDENTITY ? NULL : form_get(f, names[i].form);

		if (ff != NULL)
			r.v[i] = (struct val){ff->value, ff->len, NULL};
		if (i >= F_ID_NAME && ff != NULL &&
		    slice_trim((struct slice){ff->value, ff->len}).len > 0)
			r.identity = true;
	}
	err = check(&c, &r, in);
	in->channel = "web";
	return err;
}
