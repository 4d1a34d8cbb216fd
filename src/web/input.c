/*
 * input.c — see input.h.
 */
#include "web/input.h"

#include <string.h>

#include "util/str.h"

bool
input_open(struct wreq *w, struct input *in)
{
	in->w = w;
	in->json = NULL;
	if (!w->route->api || w->route->body != BODY_JSON)
		return true;
	in->json = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(in->json)) {
		json_decref(in->json);
		in->json = NULL;
		web_error(w, SOD_EINVAL, "invalid_json", NULL, "error.invalid_json");
		return false;
	}
	return true;
}

void
input_close(struct input *in)
{
	json_decref(in->json);
	in->json = NULL;
}

const char *
input_str(struct input *in, const char *name)
{
	json_t *v;

	if (in->json == NULL)
		return form_str(in->w, name);
	v = json_object_get(in->json, name);
	if (v == NULL || json_is_null(v))
		return "";
	return json_is_string(v) ? json_string_value(v) : NULL;
}

bool
input_int(struct input *in, const char *name, int64_t lo, int64_t hi, int64_t def,
          int64_t *out)
{
	const char *s;
	json_t *v;

	*out = def;
	if (in->json != NULL) {
		v = json_object_get(in->json, name);
		if (v == NULL || json_is_null(v))
			return true;
		if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
			return false;
		*out = json_integer_value(v);
		return true;
	}
	s = form_str(in->w, name);
	return s[0] == '\0' || str_to_i64(slice_from(s), lo, hi, out);
}

void
input_wrong(struct wreq *w, const char *field)
{
	web_error(w, SOD_EINVAL, "wrong_type", field, "error.field.wrong_type");
}
