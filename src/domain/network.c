/*
 * network.c — people and memberships; see network.h.
 */
#include "domain/network.h"

#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "domain/geo.h"
#include "domain/unit.h"
#include "text/cid.h"
#include "text/date.h"
#include "text/phone.h"
#include "text/utf8.h"
#include "util/clock.h"

#define CID_CTX     "sodsong/citizen-id/v1"
#define CID_INDEX   "sodsong/citizen-id-index/v1"
#define NAME_CHARS  100

const char *const person_kinds[] = {
	"executive", "official", "staff", "outsider", "volunteer",
	"community_leader", "student", NULL,
};

const char *const member_roles[] = {
	"member", "leader", "committee", "coordinator", "trainer", NULL,
};

static bool
in_list(const char *const *list, const char *s)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

bool
person_kind_valid(const char *kind)
{
	return in_list(person_kinds, kind);
}

bool
member_role_valid(const char *role)
{
	return in_list(member_roles, role);
}

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* A single-line text field of at most max characters; "" when absent. */
static enum sod_err
text_field(struct arena *a, const char *s, size_t max, bool required,
           const char *field, struct verr *ve, char **out)
{
	if (empty(s)) {
		if (required) {
			*ve = (struct verr){field, "error.field.required"};
			return SOD_EINVAL;
		}
		*out = arena_strdup(a, "");
		return *out ? SOD_OK : SOD_ENOMEM;
	}
	if (text_check(s, strlen(s), max * 4, max, false) != SOD_OK) {
		*ve = (struct verr){field, "error.field.text"};
		return SOD_EINVAL;
	}
	*out = arena_strdup(a, s);
	return *out ? SOD_OK : SOD_ENOMEM;
}

/* A plain e-mail check: one @, a dot after it, no spaces, ASCII. */
static bool
email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	if (n < 5 || n > 254 || at == NULL || at == s || strchr(at + 1, '@') ||
	    strchr(at, '.') == NULL || s[n - 1] == '.')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f ||
		    strchr("<>()[]\\,;:\"", *s))
			return false;
	return true;
}

char *
person_search_text(struct arena *a, const struct person_rec *p)
{
	char *s = arena_printf(a, "%s %s %s %s", p->given_th, p->family_th,
	                       p->given_en ? p->given_en : "", p->family_en ? p->family_en : "");

	for (char *c = s; c != NULL && *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return s;
}

enum sod_err
person_prepare(struct sys *sys, struct arena *a, const struct person_input *in,
               struct person_rec *out, struct verr *ve)
{
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	if ((err = text_field(a, in->given_th, NAME_CHARS, true, "given_th", ve, &out->given_th)) ||
	    (err = text_field(a, in->family_th, NAME_CHARS, true, "family_th", ve, &out->family_th)) ||
	    (err = text_field(a, in->title_th, 40, false, "title_th", ve, &out->title_th)) ||
	    (err = text_field(a, in->title_en, 40, false, "title_en", ve, &out->title_en)) ||
	    (err = text_field(a, in->given_en, NAME_CHARS, false, "given_en", ve, &out->given_en)) ||
	    (err = text_field(a, in->family_en, NAME_CHARS, false, "family_en", ve, &out->family_en)) ||
	    (err = text_field(a, in->organisation, 200, false, "organisation", ve,
	                      &out->organisation)))
		return err;
	if (!person_kind_valid(in->kind)) {
		*ve = (struct verr){"kind", "error.field.person_kind"};
		return SOD_EINVAL;
	}
	out->kind = arena_strdup(a, in->kind);
	if (!empty(in->phone)) {
		char national[16];

		if (!phone_normalise(in->phone, strlen(in->phone), national)) {
			*ve = (struct verr){"phone", "error.field.phone"};
			return SOD_EINVAL;
		}
		out->phone = arena_strdup(a, national);
	}
	if (!empty(in->email)) {
		if (!email_ok(in->email)) {
			*ve = (struct verr){"email", "error.field.email"};
			return SOD_EINVAL;
		}
		out->email = arena_strdup(a, in->email);
	}
	if (!empty(in->line_id) &&
	    (err = text_field(a, in->line_id, 50, false, "line_id", ve, &out->line_id)))
		return err;
	if (!empty(in->province)) {
		if (geo_province(in->province, LANG_TH) == NULL) {
			*ve = (struct verr){"province", "error.field.province_unknown"};
			return SOD_EINVAL;
		}
		out->province_code = arena_strdup(a, in->province);
	}
	if (!empty(in->district)) {
		if (empty(in->province) || !geo_district_in(in->district, in->province)) {
			*ve = (struct verr){"district", "error.field.district_unknown"};
			return SOD_EINVAL;
		}
		out->district_code = arena_strdup(a, in->district);
	}
	if (!empty(in->citizen_id)) {
		char digits[14];
		unsigned char key[32], h[32];
		char hex[65];

		if (!cid_normalise(in->citizen_id, strlen(in->citizen_id), digits)) {
			*ve = (struct verr){"citizen_id", "error.field.citizen_id"};
			return SOD_EINVAL;
		}
		if ((err = box_seal(sys->box, a, CID_CTX, digits, 13, &out->cid_sealed)))
			return err;
		box_subkey(sys->box, CID_INDEX, key);
		crypto_generichash(h, sizeof(h), (unsigned char *)digits, 13, key, sizeof(key));
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		sodium_memzero(digits, sizeof(digits));
		sodium_memzero(key, sizeof(key));
		out->cid_hash = arena_strdup(a, hex);
	}
	if (in->consent) {
		out->consent_at = sod_now();
		out->consent_version = arena_strdup(a, CONSENT_VERSION);
	} else {
		out->consent_version = arena_strdup(a, "");
	}
	out->search = person_search_text(a, out);
	if (!out->kind || !out->consent_version || !out->search ||
	    (in->phone && !empty(in->phone) && !out->phone) ||
	    (!empty(in->citizen_id) && !out->cid_hash))
		return SOD_ENOMEM;
	return SOD_OK;
}

enum sod_err
person_create_in_tx(struct sys *sys, struct arena *a, const struct person_rec *rec,
                    int64_t unit_id, const char *role, const char *joined_on,
                    int64_t *id_out)
{
	enum sod_err err;

	(void)a;
	if ((err = store_person_insert(sys->store, rec, id_out)) != SOD_OK)
		return err;
	return store_membership_add(sys->store, *id_out, unit_id, role, joined_on);
}

static enum sod_err
check_membership(const char *role, const char *joined_on, struct verr *ve)
{
	struct cdate d;

	if (!member_role_valid(role)) {
		*ve = (struct verr){"role", "error.field.member_role"};
		return SOD_EINVAL;
	}
	if (!empty(joined_on) && !date_parse_iso(joined_on, strlen(joined_on), &d)) {
		*ve = (struct verr){"joined_on", "error.field.date"};
		return SOD_EINVAL;
	}
	return SOD_OK;
}

/*
 * The duplicate of rec that ses may manage (*id_out), SOD_ENOTFOUND if none;
 * *elsewhere_out says a duplicate exists out of reach (ses NULL: reaches all).
 */
static enum sod_err
find_dup_in_reach(struct sys *sys, struct arena *a, const struct session *ses,
                  const struct person_rec *rec, int64_t *id_out, bool *elsewhere_out)
{
	int64_t *ids;
	size_t n;
	enum sod_err err;

	*elsewhere_out = false;
	if ((err = store_person_find_dups(sys->store, a, rec->cid_hash, rec->phone, &ids, &n)))
		return err;
	for (size_t i = 0; i < n; i++) {
		bool view = false, manage = ses == NULL;

		if (ses != NULL &&
		    (err = person_access(sys, a, ses, ids[i], &view, &manage)) != SOD_OK)
			return err;
		if (manage) {
			*id_out = ids[i];
			return SOD_OK;
		}
	}
	*elsewhere_out = n > 0;
	return SOD_ENOTFOUND;
}

static enum sod_err
create_checked(struct sys *sys, struct arena *a, const struct session *ses,
               const struct person_input *in, const char *unit_code, const char *role,
               const char *joined_on, struct verr *ve, int64_t *id_out)
{
	struct person_rec rec;
	struct unit_rec unit;
	bool elsewhere = false;
	enum sod_err err;

	if ((err = check_membership(role, joined_on, ve)) ||
	    (err = person_prepare(sys, a, in, &rec, ve)))
		return err;
	if ((err = unit_get(sys, a, unit_code, &unit, NULL)) != SOD_OK) {
		if (err == SOD_ENOTFOUND)
			*ve = (struct verr){"unit", "error.field.unit_unknown"};
		return err;
	}
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	err = find_dup_in_reach(sys, a, ses, &rec, id_out, &elsewhere);
	if (err == SOD_OK) {
		*ve = (struct verr){rec.cid_hash ? "citizen_id" : "phone",
		                    "error.field.person_duplicate"};
		err = SOD_ECONFLICT;
		goto fail;
	}
	if (err != SOD_ENOTFOUND)
		goto fail;
	/* Someone out of reach has this phone or ID: a separate record, and
	 * nothing said about it (scope-import); the plain hash is theirs. */
	if (elsewhere && rec.cid_hash != NULL &&
	    (rec.cid_hash = arena_printf(a, "%s@%lld", rec.cid_hash, (long long)unit.id)) == NULL)
		err = SOD_ENOMEM;
	if (err != SOD_ENOTFOUND ||
	    (err = person_create_in_tx(sys, a, &rec, unit.id, role, joined_on, id_out)))
		goto fail;
	return store_tx_commit(sys->store);
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
person_create(struct sys *sys, struct arena *a, const struct person_input *in,
              const char *unit_code, const char *role, const char *joined_on,
              struct verr *ve, int64_t *id_out)
{
	return create_checked(sys, a, NULL, in, unit_code, role, joined_on, ve, id_out);
}

enum sod_err
person_create_by(struct sys *sys, struct arena *a, const struct session *ses,
                 const struct person_input *in, const char *unit_code, const char *role,
                 const char *joined_on, struct verr *ve, int64_t *id_out)
{
	return create_checked(sys, a, ses, in, unit_code, role, joined_on, ve, id_out);
}

enum sod_err
member_add(struct sys *sys, struct arena *a, int64_t person, const char *unit_code,
           const char *role, const char *joined_on, struct verr *ve)
{
	struct unit_rec unit;
	enum sod_err err;

	if ((err = check_membership(role, joined_on, ve)) != SOD_OK)
		return err;
	if ((err = unit_get(sys, a, unit_code, &unit, NULL)) != SOD_OK) {
		if (err == SOD_ENOTFOUND)
			*ve = (struct verr){"unit", "error.field.unit_unknown"};
		return err;
	}
	return store_membership_add(sys->store, person, unit.id, role, joined_on);
}

static enum sod_err
can_any(struct sys *sys, const struct session *ses, const enum role *roles, size_t n,
        int64_t unit_id, bool *out)
{
	enum sod_err err;

	*out = false;
	for (size_t i = 0; i < n && !*out; i++)
		if ((err = auth_can(sys, ses, roles[i], unit_id, out)) != SOD_OK)
			return err;
	return SOD_OK;
}

enum sod_err
network_can_view(struct sys *sys, const struct session *ses, int64_t unit_id, bool *out)
{
	static const enum role any[] = {ROLE_ADMIN, ROLE_SUPERVISOR, ROLE_OFFICER,
	                                ROLE_CUSTODIAN, ROLE_COORDINATOR, ROLE_MONITOR};

	return can_any(sys, ses, any, sizeof(any) / sizeof(any[0]), unit_id, out);
}

enum sod_err
network_can_manage(struct sys *sys, const struct session *ses, int64_t unit_id,
                   bool *out)
{
	static const enum role managers[] = {ROLE_COORDINATOR, ROLE_SUPERVISOR, ROLE_ADMIN};

	return can_any(sys, ses, managers, sizeof(managers) / sizeof(managers[0]), unit_id,
	               out);
}

enum sod_err
person_access(struct sys *sys, struct arena *a, const struct session *ses,
              int64_t person, bool *view_out, bool *contacts_out)
{
	struct person_rec p;
	struct membership_rec *m;
	size_t n;
	enum sod_err err;

	*view_out = *contacts_out = false;
	if ((err = store_person_get(sys->store, a, person, &p)) != SOD_OK)
		return err;
	if (p.erased_at != 0)
		return SOD_ENOTFOUND;
	if ((err = store_membership_list(sys->store, a, person, &m, &n)) != SOD_OK)
		return err;
	for (size_t i = 0; i < n && !*contacts_out; i++) {
		bool v = false, c = false;

		if ((err = network_can_view(sys, ses, m[i].unit_id, &v)) ||
		    (err = network_can_manage(sys, ses, m[i].unit_id, &c)))
			return err;
		*view_out = *view_out || v;
		*contacts_out = c;
	}
	if (n == 0) {
		struct unit_rec root;

		if ((err = unit_get(sys, a, NULL, &root, NULL)) ||
		    (err = auth_can(sys, ses, ROLE_ADMIN, root.id, contacts_out)))
			return err;
		*view_out = *contacts_out;
	}
	/* One's own record is always one's own to see. */
	if (p.account_id != 0 && p.account_id == ses->account_id)
		*view_out = *contacts_out = true;
	return SOD_OK;
}

enum sod_err
person_citizen_id(struct sys *sys, struct arena *a, const struct person_rec *p,
                  char **digits_out)
{
	*digits_out = NULL;
	if (p->cid_sealed == NULL)
		return SOD_OK;
	return box_open_sealed(sys->box, a, CID_CTX, p->cid_sealed, digits_out, NULL);
}

enum sod_err
person_set_contact(struct sys *sys, struct arena *a, int64_t person,
                   const struct person_input *in, struct verr *ve)
{
	struct person_rec cur, next;
	struct person_input check = *in;
	enum sod_err err;

	if ((err = store_person_get(sys->store, a, person, &cur)) != SOD_OK)
		return err;
	if (cur.erased_at != 0)
		return SOD_ENOTFOUND;
	/* Only contact fields change; names and kind come from the record. */
	check.given_th = cur.given_th;
	check.family_th = cur.family_th;
	check.kind = cur.kind;
	check.citizen_id = NULL;
	if ((err = person_prepare(sys, a, &check, &next, ve)) != SOD_OK)
		return err;
	next.id = person;
	return store_person_set_contact(sys->store, &next);
}

enum sod_err
person_link_account(struct sys *sys, int64_t person, int64_t account)
{
	return store_person_set_account(sys->store, person, account);
}

enum sod_err
person_erase(struct sys *sys, int64_t person)
{
	return store_person_erase(sys->store, person, sod_now());
}

enum sod_err
unit_member_counts(struct sys *sys, int64_t unit, int64_t *direct_out,
                   int64_t *subtree_out)
{
	enum sod_err err = store_unit_member_count(sys->store, unit, false, direct_out);

	if (!err)
		err = store_unit_member_count(sys->store, unit, true, subtree_out);
	return err;
}

enum sod_err
network_announce(struct sys *sys, struct arena *a, int64_t unit, int64_t author,
                 const char *title, const char *body, bool email, size_t *mailed_out,
                 enum sod_err *mail_err)
{
	struct announcement_rec r = {.unit_id = unit, .title = (char *)title,
	                             .body = (char *)body};
	char **to;
	size_t n;
	int64_t id;
	enum sod_err err;

	*mailed_out = 0;
	*mail_err = SOD_OK;
	if ((err = store_announcement_insert(sys->store, &r, author, &id)) != SOD_OK)
		return err;
	if (!email || !mail_enabled(&sys->mail))
		return SOD_OK;
	if ((err = store_unit_member_emails(sys->store, a, unit, &to, &n)) != SOD_OK) {
		*mail_err = err;
		return SOD_OK;
	}
	*mail_err = mail_send(&sys->mail, (const char *const *)to, n, title, body);
	if (*mail_err == SOD_OK)
		*mailed_out = n;
	return SOD_OK;
}

enum sod_err
network_news_for_account(struct sys *sys, struct arena *a, int64_t account,
                         int64_t limit, struct announcement_rec **items_out,
                         size_t *n_out)
{
	struct person_rec p;
	enum sod_err err = store_person_by_account(sys->store, a, account, &p);

	if (err)
		return err;
	return store_announcements_for_person(sys->store, a, p.id, limit, items_out, n_out);
}

enum sod_err
unit_point_count(struct sys *sys, int64_t unit, int64_t *out)
{
	return store_point_count(sys->store, unit, out);
}

enum sod_err
meeting_attend(struct sys *sys, int64_t unit, int64_t meeting, int64_t person)
{
	int64_t owner;
	enum sod_err err = store_meeting_unit(sys->store, meeting, &owner);

	if (err)
		return err;
	if (owner != unit)
		return SOD_ENOTFOUND;
	return store_meeting_attend(sys->store, meeting, person);
}

/* ---- pass-through reads and writes (see network.h) ---------------------- */

enum sod_err
network_members(struct sys *sys, struct arena *a, int64_t unit, int64_t after, int64_t limit, int64_t offset, struct member_row **items_out, size_t *n_out, int64_t *total_out)
{
	return store_unit_members(sys->store, a, unit, after, limit, offset, items_out, n_out,
	                          total_out);
}

enum sod_err
network_unit_news(struct sys *sys, struct arena *a, int64_t unit, int64_t limit, struct announcement_rec **items_out, size_t *n_out)
{
	return store_announcements_for_unit(sys->store, a, unit, limit, items_out, n_out);
}

enum sod_err
network_person_news(struct sys *sys, struct arena *a, int64_t person, int64_t limit, struct announcement_rec **items_out, size_t *n_out)
{
	return store_announcements_for_person(sys->store, a, person, limit, items_out, n_out);
}

enum sod_err
network_trainings(struct sys *sys, struct arena *a, int64_t unit, struct training_rec **items_out, size_t *n_out)
{
	return store_training_list(sys->store, a, unit, items_out, n_out);
}

enum sod_err
network_meetings(struct sys *sys, struct arena *a, int64_t unit, struct meeting_rec **items_out, size_t *n_out)
{
	return store_meeting_list(sys->store, a, unit, items_out, n_out);
}

enum sod_err
network_training_get(struct sys *sys, struct arena *a, int64_t id, struct training_rec *out)
{
	return store_training_get(sys->store, a, id, out);
}

enum sod_err
network_training_add(struct sys *sys, const struct training_rec *t, int64_t *id_out)
{
	return store_training_insert(sys->store, t, id_out);
}

enum sod_err
network_meeting_add(struct sys *sys, const struct meeting_rec *m, int64_t *id_out)
{
	return store_meeting_insert(sys->store, m, id_out);
}

enum sod_err
network_attend_training(struct sys *sys, int64_t training, int64_t person, bool multiplier)
{
	return store_attendance_add(sys->store, training, person, multiplier);
}

enum sod_err
network_person_search(struct sys *sys, struct arena *a, const char *text, int64_t limit, int64_t offset, struct person_rec **items_out, size_t *n_out, int64_t *total_out)
{
	return store_person_search(sys->store, a, text, limit, offset, items_out, n_out, total_out);
}

enum sod_err
network_person_get(struct sys *sys, struct arena *a, int64_t id, struct person_rec *out)
{
	return store_person_get(sys->store, a, id, out);
}

enum sod_err
network_person_of_account(struct sys *sys, struct arena *a, int64_t account, struct person_rec *out)
{
	return store_person_by_account(sys->store, a, account, out);
}

enum sod_err
network_memberships(struct sys *sys, struct arena *a, int64_t person, struct membership_rec **items_out, size_t *n_out)
{
	return store_membership_list(sys->store, a, person, items_out, n_out);
}

enum sod_err
network_training_history(struct sys *sys, struct arena *a, int64_t person, struct training_rec **items_out, size_t *n_out)
{
	return store_training_history(sys->store, a, person, items_out, n_out);
}
