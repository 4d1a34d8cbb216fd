/*
 * unit.h — the unit tree: ACOCs, the networks and clubs under them, their
 * zones and teams. Every unit has a code (lower-case letters, digits and
 * dashes, 1–40 characters, unique), a kind, Thai and English names, a
 * parent (except the root), and optionally province and district codes
 * (2 and 4 digits, DOPA). A role given on a unit holds in its subtree.
 */
#ifndef SOD_DOMAIN_UNIT_H
#define SOD_DOMAIN_UNIT_H

#include <stdbool.h>

#include "domain/sys.h"

struct unit_input {
	const char *code;
	const char *kind;
	const char *name_th;
	const char *name_en;
	const char *parent_code;    /* NULL or "": the root unit */
	const char *province_code;  /* NULL or "" when none */
	const char *district_code;
};

/* True if kind is one of the known unit kinds. */
bool unit_kind_valid(const char *kind);

/* The known kinds, NULL-terminated, for forms. */
extern const char *const unit_kinds[];

/*
 * Validate and create a unit. SOD_EINVAL with *ve set on a bad field;
 * SOD_ECONFLICT (ve->field "code") if the code is taken; SOD_ENOTFOUND
 * (ve->field "parent") if the parent does not exist. A root unit can only
 * be created while none exists.
 */
enum sod_err unit_create(struct sys *sys, struct arena *a,
                         const struct unit_input *in, struct verr *ve,
                         int64_t *id_out);

/*
 * One unit by code (NULL or "": the root), with the number of units in its subtree (itself
 * included). SOD_ENOTFOUND if none.
 */
enum sod_err unit_get(struct sys *sys, struct arena *a, const char *code,
                      struct unit_rec *out, int64_t *subtree_out);

/*
 * Units under parent_code (NULL: every unit; "" is the same as NULL) of a
 * kind (NULL: any), ordered by code, paged. SOD_ENOTFOUND if the parent
 * does not exist.
 */
enum sod_err unit_list(struct sys *sys, struct arena *a, const char *parent_code,
                       const char *kind, int64_t limit, int64_t offset,
                       struct unit_rec **items_out, size_t *n_out, int64_t *total_out);

/*
 * Rename a unit, move it under another parent, close or reopen it. The
 * root cannot move; a unit cannot move into its own subtree
 * (SOD_EINVAL, ve->field "parent"). NULL or "" leaves a field as it is.
 */
enum sod_err unit_update(struct sys *sys, struct arena *a, const char *code,
                         const char *name_th, const char *name_en,
                         const char *parent_code, int closed, struct verr *ve);

/* How many days a unit keeps closed cases and rejected tips (30–36500). */
enum sod_err unit_set_retention(struct sys *sys, struct arena *a, const char *code,
                                int64_t days, struct verr *ve);

/* unit_create inside a write transaction the caller holds (bulk loads). */
enum sod_err unit_create_in_tx(struct sys *sys, struct arena *a,
                               const struct unit_input *in, struct verr *ve,
                               int64_t *id_out);

/* Ensure the root unit exists (init): code "root", kind national_agency. */
enum sod_err unit_ensure_root(struct sys *sys, struct arena *a);

#endif
