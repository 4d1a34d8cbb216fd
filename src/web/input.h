/*
 * input.h — one way for a handler that serves both a page form and the
 * JSON API to read its fields: from the urlencoded or multipart form, or
 * from the JSON object of the body. Used by the ethics and guides pages.
 */
#ifndef SOD_WEB_INPUT_H
#define SOD_WEB_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "web/web.h"

struct input {
	struct wreq *w;
	json_t *json;      /* API routes with a JSON body; NULL for forms */
};

/* Start reading: on an API route with a JSON body, parse it (an object);
 * else the form. False (answered 400 invalid_json) when the JSON is not an
 * object. input_close releases it. */
bool input_open(struct wreq *w, struct input *in);
void input_close(struct input *in);

/* A text field: "" when absent (or JSON null); NULL for a JSON value that
 * is not a string (the caller answers wrong_type). */
const char *input_str(struct input *in, const char *name);

/* An integer field in lo..hi (a JSON integer, or digits in a form):
 * false when present and not such a number; *out def when absent. */
bool input_int(struct input *in, const char *name, int64_t lo, int64_t hi, int64_t def,
               int64_t *out);

/* Answer 400 wrong_type for field. */
void input_wrong(struct wreq *w, const char *field);

#endif
