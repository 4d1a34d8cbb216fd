/*
 * picker.h — choices instead of codes (docs/ui.md): a unit picker (a
 * grouped select of the units a session may act for) and a person
 * picker (search, then pick from a short list), both working without
 * JavaScript. For every page that asks for a unit or a person.
 */
#ifndef SOD_WEB_PICKER_H
#define SOD_WEB_PICKER_H

#include <jansson.h>

#include "domain/auth.h"
#include "web/field.h"

/* The unit kinds that receive tips (centres and offices, not networks). */
extern const char *const picker_tip_unit_kinds[];

/*
 * Fill the select field f with the units on which the session holds
 * role, of the given kinds (NULL-terminated; NULL: any), each under its
 * parent's name (an <optgroup>), in code order. When f has no value yet,
 * the session's own unit for role is chosen. Returns the number of
 * choices; 0 also when the units cannot be read.
 */
size_t picker_units(struct wreq *w, json_t *f, enum role role, const char *const *kinds);

/*
 * The people whose name matches q (at least 2 characters) and whom the
 * session may see, at most max, as [{"id","name","detail"}] (detail: their
 * first unit). New reference; [] for a short or empty q.
 */
json_t *picker_people(struct wreq *w, const char *q, size_t max);

/* Append the 77 provinces to the select f, by name, in code order. */
void picker_provinces(struct wreq *w, json_t *f);

/*
 * Append every district of the shipped lists to the select f, grouped
 * under its province's name (an <optgroup> each); a district without an
 * English name shows its Thai one marked lang="th".
 */
void picker_districts(struct wreq *w, json_t *f);

#endif
