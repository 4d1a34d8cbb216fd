/*
 * tip_web.h — helpers shared by the tip pages of web/ (page_report.c,
 * page_tips.c, page_identity.c): not for other layers.
 */
#ifndef SOD_WEB_TIP_WEB_H
#define SOD_WEB_TIP_WEB_H

#include <stdbool.h>

#include <jansson.h>

#include "domain/tip.h"
#include "domain/tip_input.h"
#include "web/web.h"

/* Re-renders a tip form with a status and its field errors. */
typedef void (*tipw_render_fn)(struct wreq *w, int status, const struct tip_errors *errs);

/* The categories as [{"value","label","selected"}]; sel may be NULL. A new reference. */
json_t *tipw_categories(struct wreq *w, const char *sel);

/* The provinces as [{"value","label","selected"}]; sel may be NULL. A new reference. */
json_t *tipw_provinces(struct wreq *w, const char *sel);

/*
 * A tip as JSON (a new reference): the record always; subject when
 * readable; with full, the text, messages, tags and files too.
 */
json_t *tipw_json(struct wreq *w, const struct tip_view *v, bool full);

/*
 * The fields of a tip form (field.h), in order, with what was typed and
 * each field's error from errs (may be NULL): category, subject,
 * description, province, district (a grouped select by province),
 * incident_date (a date as people write it), amount_baht, accused and the
 * three identity fields; with intake also channel and unit (the unit
 * picker) first. *summary_out gets the error summary, including errors of
 * fields not on the form. New references.
 */
json_t *tipw_form_fields(struct wreq *w, const struct tip_errors *errs, bool intake,
                         const char *const *channels, json_t **summary_out);

/*
 * File the tip with this request's evidence; receipt gets the 16 digits.
 * On failure answers itself (an unknown unit re-renders the form through
 * render on pages) and returns false; the evidence is discarded.
 */
bool tipw_file(struct wreq *w, struct tip_input *in, char receipt[17], tipw_render_fn render);

/* The signed-in officer as a tip reader; on failure answers and returns false. */
bool tipw_reader(struct wreq *w, struct tip_reader *r);

/*
 * Open the tip named by the path's first capture for an officer. Another
 * unit's tip answers 404, as if it did not exist; returns false when it
 * has answered.
 */
bool tipw_open(struct wreq *w, struct tip_reader *r, struct tip_view *v);

#endif
