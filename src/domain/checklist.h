/*
 * checklist.h — what a monitor is asked at a point, and whether their
 * answers fit. Pure functions over JSON text (no store, no HTTP).
 *
 * A checklist is a JSON array of questions, kept per unit and point kind
 * in versions (store/monitor.c): a visit keeps the id of the version it
 * answered, so changing a checklist never changes old visits.
 *
 *   [{"id":"q1","type":"yes_no","label":"…","required":true},
 *    {"id":"q2","type":"number","label":"…","min":0,"max":100},
 *    {"id":"q3","type":"choice","label":"…","choices":["a","b"]},
 *    {"id":"q4","type":"text","label":"…"},
 *    {"id":"q5","type":"photo","label":"…","required":true}]
 *
 * id: 1–32 of a-z 0-9 _, unique; label: 1–300 characters; choices: 2–20,
 * each 1–100 characters; at most 50 questions. Answers are a JSON object
 * keyed by id: yes_no → true/false, number → a number within min/max,
 * choice → one of the choices, text → a string of at most 2,000
 * characters; a photo question is answered by the visit's photos (a
 * required one needs at least one photo).
 */
#ifndef SOD_DOMAIN_CHECKLIST_H
#define SOD_DOMAIN_CHECKLIST_H

#include <stddef.h>

#include <jansson.h>

#include "domain/sys.h"
#include "util/arena.h"

#define CHECKLIST_MAX_QUESTIONS 50
#define CHECKLIST_TEXT_MAX 2000

/* Check a checklist's JSON text. SOD_OK, or SOD_EINVAL with ve->field
 * "questions" (or "questions[i]", in a) and a message key. */
enum sod_err checklist_check(struct arena *a, const char *questions, struct verr *ve);

/*
 * Check answers (a JSON object, or NULL for none) against the checklist's
 * questions text (already checked), with nphotos photos sent along.
 * SOD_OK, or SOD_EINVAL with ve->field "answers.ID" (in a) and a message
 * key: an unknown id, a wrong type, a number out of range, a choice not
 * offered, a text too long, a required question unanswered.
 */
enum sod_err checklist_check_answers(struct arena *a, const char *questions,
                                     json_t *answers, size_t nphotos, struct verr *ve);

#endif
