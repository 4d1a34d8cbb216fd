/*
 * tip_route.c — the routing of public tips (tip_route.h): which units
 * receive them, and the province rule that sends a ministry's tip to its
 * ACOC of the tip's province.
 */
#include "domain/tip_route.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/unit.h"
#include "store/store.h"

const char *const tip_route_default_kinds[] = {
	"national_agency", "ministry_acoc", "department_acoc", "province_acoc",
	"regional_office", "provincial_office", NULL,
};

#define RECEIVERS_MAX 5000

bool
tip_route_receives(const char *kind, int said)
{
	if (said >= 0)
		return said != 0;
	for (const char *const *k = tip_route_default_kinds; kind && *k; k++)
		if (strcmp(*k, kind) == 0)
			return true;
	return false;
}

/* What admins said about unit id, among the n said ones; -1 if nothing. */
static int
said_of(int64_t id, const int64_t *ids, const int *said, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return said[i];
	return -1;
}

enum sod_err
tip_route_unit(struct sys *sys, struct arena *a, const struct unit_rec *u, int *said_out,
               bool *receives_out)
{
	int64_t *ids;
	int *said;
	size_t n;
	enum sod_err err;

	*said_out = -1;
	*receives_out = false;
	if ((err = store_unit_public_tips_said(sys->store, a, &ids, &said, &n)) != SOD_OK)
		return err;
	*said_out = said_of(u->id, ids, said, n);
	*receives_out = u->closed_at == 0 && tip_route_receives(u->kind, *said_out);
	return SOD_OK;
}

enum sod_err
tip_route_receivers(struct sys *sys, struct arena *a, struct unit_rec **items_out,
                    size_t *n_out)
{
	struct unit_rec *u;
	int64_t *ids, total;
	int *said;
	size_t n, nsaid, kept = 0;
	enum sod_err err;

	*n_out = 0;
	if ((err = unit_list(sys, a, NULL, NULL, RECEIVERS_MAX, 0, &u, &n, &total)) ||
	    (err = store_unit_public_tips_said(sys->store, a, &ids, &said, &nsaid)))
		return err;
	for (size_t i = 0; i < n; i++) {
		if (u[i].closed_at != 0 ||
		    !tip_route_receives(u[i].kind, said_of(u[i].id, ids, said, nsaid)))
			continue;
		/* The root first: "nobody in particular" is where most begin. */
		if (u[i].parent_id == 0 && kept > 0) {
			struct unit_rec root = u[i];

			memmove(&u[1], &u[0], kept * sizeof(*u));
			u[0] = root;
		} else {
			u[kept] = u[i];
		}
		kept++;
	}
	*items_out = u;
	*n_out = kept;
	return SOD_OK;
}

enum sod_err
tip_route(struct sys *sys, struct arena *a, const char *chosen, const char *province,
          struct unit_rec *dest_out)
{
	struct unit_rec u;
	char **codes;
	size_t n;
	int said;
	bool receives;
	enum sod_err err;

	if ((err = unit_get(sys, a, chosen, &u, NULL)) != SOD_OK)
		return err;
	if (u.closed_at != 0)
		return SOD_ENOTFOUND;
	if ((err = tip_route_unit(sys, a, &u, &said, &receives)) != SOD_OK)
		return err;
	if (!receives)
		return SOD_EPERM;
	*dest_out = u;
	if (province == NULL || province[0] == '\0')
		return SOD_OK;
	if ((err = store_unit_province_children(sys->store, a, u.id, province, &codes, &n)))
		return err;
	for (size_t i = 0; i < n; i++) {
		struct unit_rec c;

		if ((err = unit_get(sys, a, codes[i], &c, NULL)) != SOD_OK ||
		    (err = tip_route_unit(sys, a, &c, &said, &receives)) != SOD_OK)
			return err;
		if (receives) {
			*dest_out = c;
			break;
		}
	}
	return SOD_OK;
}

enum sod_err
tip_route_set(struct sys *sys, struct arena *a, const struct session *ses, const char *code,
              int said)
{
	struct unit_rec u;
	bool admin = false;
	char *object;
	enum sod_err err;

	if (said < -1 || said > 1)
		return SOD_EINVAL;
	if (code == NULL || code[0] == '\0')
		return SOD_ENOTFOUND;
	if ((err = unit_get(sys, a, code, &u, NULL)) != SOD_OK)
		return err;
	if ((err = auth_can(sys, ses, ROLE_ADMIN, u.id, &admin)) != SOD_OK)
		return err;
	if (!admin)
		return SOD_EPERM;
	if ((object = arena_printf(a, "unit:%lld", (long long)u.id)) == NULL)
		return SOD_ENOMEM;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_unit_public_tips_set(sys->store, u.id, said)) ||
	    (err = audit_append(sys, ses->account_id, ses->username ? ses->username : "",
	                        "unit.public_tips", object,
	                        said < 0 ? "default" : said ? "yes" : "no"))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}
