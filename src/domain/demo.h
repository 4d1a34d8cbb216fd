/*
 * demo.h — the demo data of CONTRACT.md: the five seed networks.
 *
 * Deterministic: the same folder content every run (no randomness, no
 * clock in what is created). Refuses a folder that already holds them.
 */
#ifndef SOD_DOMAIN_DEMO_H
#define SOD_DOMAIN_DEMO_H

#include "domain/sys.h"

/* Build the demo units in one transaction; SOD_ECONFLICT if present. */
enum sod_err demo_load(struct sys *sys, struct arena *a);

/*
 * Inside demo_load's transaction: Interior's code of conduct acknowledged
 * by a province ACOC's staff, a pledge ceremony, and the Khon Kaen
 * network's guides (domain/demo_ethics.c).
 */
enum sod_err demo_ethics(struct sys *sys, struct arena *a);

struct flag_params;

/*
 * Add the invented procurements of Samut Sakhon agencies (fiscal year
 * 2568) with their red flags, in one transaction (domain/demo_procurement.c).
 */
enum sod_err demo_procurement(struct store *s, const struct flag_params *p);

/*
 * The governance clinic of pacc-r7 and the Justice club's budget request
 * (domain/demo_clinic.c); after demo_load, in transactions of its own.
 */
enum sod_err demo_clinic(struct sys *sys, struct arena *a);

#endif
