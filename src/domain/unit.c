/*
 * unit.c — rules of the unit tree; see unit.h.
 */
#include "domain/unit.h"

#include <string.h>

#include "domain/keys.h"
#include "text/utf8.h"
#include "util/clock.h"

const char *const unit_kinds[] = {
	"national_agency", "ministry_acoc", "department_acoc", "province_acoc",
	"regional_office", "provincial_office", "network", "club", "zone", "team",
	NULL,
};

bool
unit_kind_valid(const char *kind)
{
	for (const char *const *k = unit_kinds; *k != NULL; k++)
		if (strcmp(*k, kind) == 0)
			return true;
	return false;
}

static bool
is_code(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 40 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

static bool
is_digits(const char *s, size_t want)
{
	if (strlen(s) != want)
		return false;
	for (size_t i = 0; i < want; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static enum sod_err
check_name(const char *s, const char *field, struct verr *ve)
{
	if (empty(s)) {
		ve->field = field;
		ve->key = "error.field.required";
		return SOD_EINVAL;
	}
	if (text_check(s, strlen(s), 600, 200, false) != SOD_OK) {
		ve->field = field;
		ve->key = "error.field.text";
		return SOD_EINVAL;
	}
	return SOD_OK;
}

enum sod_err
unit_create_in_tx(struct sys *sys, struct arena *a, const struct unit_input *in,
                  struct verr *ve, int64_t *id_out)
{
	struct unit_rec rec = {0}, parent, root;
	enum sod_err err;

	if (empty(in->code) || !is_code(in->code)) {
		*ve = (struct verr){"code", "error.field.unit_code"};
		return SOD_EINVAL;
	}
	if (empty(in->kind) || !unit_kind_valid(in->kind)) {
		*ve = (struct verr){"kind", "error.field.unit_kind"};
		return SOD_EINVAL;
	}
	if ((err = check_name(in->name_th, "name_th", ve)) != SOD_OK ||
	    (err = check_name(in->name_en, "name_en", ve)) != SOD_OK)
		return err;
	if (!empty(in->province_code) && !is_digits(in->province_code, 2)) {
		*ve = (struct verr){"province", "error.field.province"};
		return SOD_EINVAL;
	}
	if (!empty(in->district_code) &&
	    (!is_digits(in->district_code, 4) || empty(in->province_code) ||
	     strncmp(in->district_code, in->province_code, 2) != 0)) {
		*ve = (struct verr){"district", "error.field.district"};
		return SOD_EINVAL;
	}
	rec.code = (char *)in->code;
	rec.kind = (char *)in->kind;
	rec.name_th = (char *)in->name_th;
	rec.name_en = (char *)in->name_en;
	rec.province_code = empty(in->province_code) ? NULL : (char *)in->province_code;
	rec.district_code = empty(in->district_code) ? NULL : (char *)in->district_code;

	if (empty(in->parent_code)) {
		err = store_unit_root(sys->store, a, &root);
		if (err == SOD_OK) {
			*ve = (struct verr){"parent", "error.field.parent_required"};
			return SOD_EINVAL;
		}
		if (err != SOD_ENOTFOUND)
			return err;
	} else {
		err = store_unit_get_by_code(sys->store, a, in->parent_code, &parent);
		if (err == SOD_ENOTFOUND)
			*ve = (struct verr){"parent", "error.field.parent_unknown"};
		if (err)
			return err;
		rec.parent_id = parent.id;
	}
	err = store_unit_insert(sys->store, &rec, id_out);
	if (err == SOD_ECONFLICT)
		*ve = (struct verr){"code", "error.field.unit_code_taken"};
	if (err)
		return err;
	/* Every unit can receive tips from the day it exists. */
	return keys_ensure_unit(sys, a, *id_out);
}

enum sod_err
unit_create(struct sys *sys, struct arena *a, const struct unit_input *in,
            struct verr *ve, int64_t *id_out)
{
	enum sod_err err;

	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = unit_create_in_tx(sys, a, in, ve, id_out)) != SOD_OK) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
unit_ensure_root(struct sys *sys, struct arena *a)
{
	struct unit_rec root;
	struct unit_input in = {
		.code = "root",
		.kind = "national_agency",
		.name_th = "หน่วยงานหลัก",
		.name_en = "Head office",
	};
	struct verr ve;
	int64_t id;
	enum sod_err err = store_unit_root(sys->store, a, &root);

	if (err != SOD_ENOTFOUND)
		return err;
	return unit_create(sys, a, &in, &ve, &id);
}

enum sod_err
unit_get(struct sys *sys, struct arena *a, const char *code, struct unit_rec *out,
         int64_t *subtree_out)
{
	enum sod_err err = empty(code) ? store_unit_root(sys->store, a, out)
	                               : store_unit_get_by_code(sys->store, a, code, out);

	if (err == SOD_OK && subtree_out != NULL)
		err = store_unit_subtree_count(sys->store, out->id, subtree_out);
	return err;
}

enum sod_err
unit_list(struct sys *sys, struct arena *a, const char *parent_code, const char *kind,
          int64_t limit, int64_t offset, struct unit_rec **items_out, size_t *n_out,
          int64_t *total_out)
{
	struct unit_filter f = {.kind = empty(kind) ? NULL : kind, .limit = limit,
	                        .offset = offset};
	struct unit_rec parent;
	enum sod_err err;

	if (!empty(parent_code)) {
		if ((err = store_unit_get_by_code(sys->store, a, parent_code, &parent)))
			return err;
		f.parent_id = parent.id;
	}
	return store_unit_list(sys->store, a, &f, items_out, n_out, total_out);
}

enum sod_err
unit_update(struct sys *sys, struct arena *a, const char *code, const char *name_th,
            const char *name_en, const char *parent_code, int closed, struct verr *ve)
{
	struct unit_rec u, parent;
	enum sod_err err;
	bool inside;

	if (!empty(name_th) && (err = check_name(name_th, "name_th", ve)) != SOD_OK)
		return err;
	if (!empty(name_en) && (err = check_name(name_en, "name_en", ve)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_unit_get_by_code(sys->store, a, code, &u)) != SOD_OK)
		goto fail;
	if (!empty(name_th))
		u.name_th = (char *)name_th;
	if (!empty(name_en))
		u.name_en = (char *)name_en;
	if (!empty(parent_code) && (u.parent_code == NULL || strcmp(parent_code, u.parent_code))) {
		err = store_unit_get_by_code(sys->store, a, parent_code, &parent);
		if (err == SOD_ENOTFOUND)
			*ve = (struct verr){"parent", "error.field.parent_unknown"};
		if (err)
			goto fail;
		if (u.parent_id == 0 ||
		    (err = store_unit_is_within(sys->store, parent.id, u.id, &inside)))
			goto cycle;
		if (inside)
			goto cycle;
		u.parent_id = parent.id;
	}
	if (closed >= 0)
		u.closed_at = closed ? (u.closed_at ? u.closed_at : sod_now()) : 0;
	if ((err = store_unit_update(sys->store, &u)) != SOD_OK)
		goto fail;
	return store_tx_commit(sys->store);
cycle:
	if (!err) {
		*ve = (struct verr){"parent", "error.field.parent_cycle"};
		err = SOD_EINVAL;
	}
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
unit_set_retention(struct sys *sys, struct arena *a, const char *code, int64_t days,
                   struct verr *ve)
{
	struct unit_rec u;
	enum sod_err err;

	if (days < 30 || days > 36500) {
		*ve = (struct verr){"retention_days", "error.field.retention"};
		return SOD_EINVAL;
	}
	if ((err = store_unit_get_by_code(sys->store, a, code, &u)) != SOD_OK)
		return err;
	return store_unit_set_retention(sys->store, u.id, days);
}
