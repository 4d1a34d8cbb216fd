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

#endif
