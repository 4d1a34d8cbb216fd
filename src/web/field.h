/*
 * field.h — one form field (label, hint, control, error) as the context
 * of the "field" template partial, so that every form lays out, labels
 * and announces its fields the same way (docs/ui.md).
 *
 * A page builds each field with field_new(), sets what it needs (a hint,
 * a value, an error, choices) and puts it in its context; the template
 * says {{#f.subject}}{{>field}}{{/f.subject}}. Every key the partial reads
 * is set on the object (null when unused), so that a missing key never
 * falls through to a value of the page around it.
 */
#ifndef SOD_WEB_FIELD_H
#define SOD_WEB_FIELD_H

#include <jansson.h>
#include <stdbool.h>

#include "text/date.h"
#include "web/web.h"

/* Kinds of control. */
enum field_kind {
	FIELD_TEXT,      /* <input>; type from field_set_type(), default text */
	FIELD_TEXTAREA,
	FIELD_SELECT,    /* choices from field_option() / field_group() */
	FIELD_DATE,      /* a text input for d/m/YYYY (BE) or ISO, with the hint */
};

/*
 * A new field named name (also its id) labelled with the message of
 * label_key. New reference; NULL only when out of memory.
 */
json_t *field_new(struct wreq *w, enum field_kind kind, const char *name,
                  const char *label_key);

/* The element id, when two forms of one page share a field name. */
void field_set_id(json_t *f, const char *id);

/* The hint shown under the label (message of key), tied by aria-describedby. */
void field_hint(struct wreq *w, json_t *f, const char *key);

/* The current value (as typed, shown back escaped). */
void field_value(json_t *f, const char *value);

/* A date field's value shown back in the reader's form (8/12/2569). */
void field_date(struct wreq *w, json_t *f, struct cdate d);

/*
 * The field's error: message of key, shown under the control, tied by
 * aria-describedby, and the control marked aria-invalid.
 */
void field_error(struct wreq *w, json_t *f, const char *key);

/* Attributes: required, maxlength (0: none), input type, inputmode,
 * autocomplete (NULL: leave out). */
void field_set(json_t *f, bool required, int maxlength, const char *type,
               const char *inputmode, const char *autocomplete);

/* No automatic capital letter on phones (user names, codes, e-mail). */
void field_no_caps(json_t *f);

/* A select's first choice with the empty value, labelled with key's message. */
void field_blank(struct wreq *w, json_t *f, const char *key);

/*
 * Append a choice to a select, or to group (from field_group) when not
 * NULL. Selected when value equals the field's current value. Its "lang"
 * is null (set it to "th" on a Thai label in an English page).
 */
void field_option(json_t *f, json_t *group, const char *value, const char *label);

/* A new <optgroup> of a select labelled label; borrowed reference. */
json_t *field_group(json_t *f, const char *label);

/*
 * The error summary of a form: for each field of fields (an object of
 * fields, in the order they were added) that has an error, {id, label,
 * message}. New reference. The "errors" partial shows it at the top of
 * the form as an alert whose items link to their fields.
 */
json_t *field_errors(json_t *fields);

#endif
