/*
 * tip_route.c — typed wrappers for routing public tips: what a unit's
 * admins said about receiving them (units.public_tips, NULL when they
 * said nothing) and the province ACOCs under a unit. The rule that uses
 * them is in domain/tip_route.c. Also whom a case may be given to (the
 * assignee picker of the case page).
 */
#include <string.h>

#include "store/internal.h"

/* Lists here are short (a unit's children, the units whose admins chose);
 * more than this is a broken tree, not a list to page through. */
#define ROUTE_ROWS_MAX 4096

enum sod_err
store_unit_public_tips_set(struct store *s, int64_t unit, int said)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_PUBLIC_TIPS_SET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	if (said < 0)
		sq_bind_text(q, 2, NULL);
	else
		sq_bind_int(q, 2, said ? 1 : 0);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_public_tips_said(struct store *s, struct arena *a, int64_t **ids_out,
                            int **said_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;
	int64_t *ids = arena_alloc(a, ROUTE_ROWS_MAX * sizeof(*ids));
	int *said = arena_alloc(a, ROUTE_ROWS_MAX * sizeof(*said));
	size_t n = 0;
	int rc = STEP_DONE;

	*n_out = 0;
	if (ids == NULL || said == NULL)
		return SOD_ENOMEM;
	if ((err = sq_open(s, STMT_UNIT_PUBLIC_TIPS_SAID, &q)) != SOD_OK)
		return err;
	while (n < ROUTE_ROWS_MAX && (rc = sq_step(q)) == STEP_ROW) {
		ids[n] = sq_int(q, 0);
		said[n] = sq_int(q, 1) != 0;
		n++;
	}
	if (rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*ids_out = ids;
	*said_out = said;
	*n_out = err ? 0 : n;
	return err;
}

enum sod_err
store_unit_province_children(struct store *s, struct arena *a, int64_t parent,
                             const char *province, char ***codes_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;
	char **codes = arena_alloc(a, ROUTE_ROWS_MAX * sizeof(*codes));
	size_t n = 0;
	int rc = STEP_DONE;

	*n_out = 0;
	if (codes == NULL)
		return SOD_ENOMEM;
	if ((err = sq_open(s, STMT_UNIT_PROVINCE_CHILDREN, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, parent);
	sq_bind_text(q, 2, province);
	while (n < ROUTE_ROWS_MAX && (rc = sq_step(q)) == STEP_ROW) {
		if ((codes[n] = sq_text(q, a, 0)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*codes_out = codes;
	*n_out = err ? 0 : n;
	return err;
}

enum sod_err
store_case_assignable(struct store *s, struct arena *a, int64_t unit, int64_t max,
                      struct account_rec **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;
	struct account_rec *items;
	size_t n = 0;
	int rc = STEP_DONE;

	*n_out = 0;
	if (max < 1 || max > ROUTE_ROWS_MAX)
		return SOD_EINVAL;
	if ((items = arena_alloc(a, (size_t)max * sizeof(*items))) == NULL)
		return SOD_ENOMEM;
	if ((err = sq_open(s, STMT_CASE_ASSIGNABLE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, max);
	while ((int64_t)n < max && (rc = sq_step(q)) == STEP_ROW) {
		memset(&items[n], 0, sizeof(items[n]));
		items[n].username = sq_text(q, a, 0);
		items[n].display_name = sq_text(q, a, 1);
		if (items[n].username == NULL || items[n].display_name == NULL) {
			err = SOD_ENOMEM;
			break;
		}
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = err ? 0 : n;
	return err;
}
