/*
 * tip_route.h — where a public tip goes. A reporter on /report (or a
 * client of POST /api/v1/tips) names the unit that should receive the
 * tip, or nobody (the root unit). Two rules then apply:
 *
 *  - Only units that receive public tips may be chosen. By default the
 *    centres and offices do (national_agency, ministry_acoc,
 *    department_acoc, province_acoc, regional_office, provincial_office)
 *    and networks, clubs, zones and teams do not; an admin of a unit may
 *    say otherwise for that unit. A closed unit receives nothing.
 *  - A tip about province X for unit Y goes to Y's ACOC of province X (a
 *    direct child of Y of kind province_acoc with province code X that
 *    receives public tips; the first by code if several) where one
 *    exists; otherwise to Y itself. So "Ministry of Interior" and
 *    "Khon Kaen" reach moi-p40 [route-province].
 *
 * Staff intake (an officer entering a tip for a reporter) and findings of
 * monitoring visits name their unit directly and are not routed here.
 */
#ifndef SOD_DOMAIN_TIP_ROUTE_H
#define SOD_DOMAIN_TIP_ROUTE_H

#include <stdbool.h>

#include "domain/auth.h"
#include "domain/sys.h"

/* The kinds that receive public tips unless their admins say otherwise
 * (NULL-terminated). */
extern const char *const tip_route_default_kinds[];

/*
 * Whether a unit of kind receives public tips, given what its admins said
 * (1 yes, 0 no, -1 nothing: the kind decides). Pure.
 */
bool tip_route_receives(const char *kind, int said);

/*
 * What the unit's admins said (1, 0, or -1 for nothing) and whether it
 * receives public tips now (closed units never do).
 */
enum sod_err tip_route_unit(struct sys *sys, struct arena *a, const struct unit_rec *u,
                            int *said_out, bool *receives_out);

/*
 * Every open unit that receives public tips, by code (the root first),
 * in a's memory. For the reporter's choice of unit.
 */
enum sod_err tip_route_receivers(struct sys *sys, struct arena *a, struct unit_rec **items_out,
                                 size_t *n_out);

/*
 * Where a public tip for chosen (a unit code; NULL or "": the root) about
 * province (two digits, or NULL/"" for none) goes, following the rules
 * above; *dest_out in a's memory. SOD_ENOTFOUND: no unit of that code
 * (or malformed, or closed); SOD_EPERM: the unit does not receive public
 * tips. Never falls back to another unit on either error.
 */
enum sod_err tip_route(struct sys *sys, struct arena *a, const char *chosen,
                       const char *province, struct unit_rec *dest_out);

/*
 * An admin of the unit (code) says whether it receives public tips: 1
 * yes, 0 no, -1 back to its kind's default. SOD_EPERM unless ses holds
 * admin on the unit's line; SOD_ENOTFOUND for no such unit; SOD_EINVAL
 * for another value of said. Audited as unit.public_tips.
 */
enum sod_err tip_route_set(struct sys *sys, struct arena *a, const struct session *ses,
                           const char *code, int said);

#endif
