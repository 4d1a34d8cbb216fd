/*
 * web_input.h — one way for a handler that serves both a page form and
 * the JSON API to read its input: the JSON object of an API body, or the
 * urlencoded or multipart form. Strings are copied into the request's
 * arena; a member of the wrong type is remembered (bad) so that the
 * handler answers one 400 naming it.
 */
#ifndef SOD_WEB_WEB_INPUT_H
#define SOD_WEB_WEB_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "web/web.h"

struct web_input {
	struct wreq *w;
	json_t *json;        /* the API body (owned), or NULL for a form */
	const char *bad;     /* the first member of a wrong type, or NULL */
};

/*
 * Start reading. For an API route the body must be a JSON object: else
 * answers 400 (invalid_json) and returns false. json_part names a form
 * part that holds the JSON of a multipart API call (NULL: none).
 */
bool web_input_begin(struct wreq *w, struct web_input *in, const char *json_part);
void web_input_end(struct web_input *in);

/* A string member or form field, trimmed (forms); NULL when absent or
 * null; a non-string member sets in->bad and gives NULL. */
const char *web_in_str(struct web_input *in, const char *name);

/* An integer member or form field (decimal text); false when absent;
 * a wrong type or text that is not an integer in [min, max] sets bad. */
bool web_in_int(struct web_input *in, const char *name, int64_t min, int64_t max,
                int64_t *out);

/*
 * An amount in baht (text/amount.h): a JSON number (at most two
 * decimals) or a string as people type it ("12,500.50", "๑๒,๕๐๐"), or
 * the form field. false when absent; *key_out then NULL. On a value that
 * is not an amount: false with *key_out the message key (and bad unset
 * unless the type was wrong).
 */
bool web_in_amount(struct web_input *in, const char *name, int64_t max_satang,
                   int64_t *satang_out, const char **key_out);

/* If in->bad: answer 400 wrong_type naming it, and return true. */
bool web_in_refuse_bad(struct web_input *in);

#endif
