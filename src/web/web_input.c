/*
 * web_input.c — reading a handler's input from a JSON body or a form
 * alike (web_input.h).
 */
#include "web/web_input.h"

#include <math.h>
#include <string.h>

#include "text/amount.h"
#include "util/str.h"

bool
web_input_begin(struct wreq *w, struct web_input *in, const char *json_part)
{
	const char *body = w->r->body;
	size_t len = w->r->body_len;

	*in = (struct web_input){.w = w};
	if (!w->route->api)
		return true;
	if (body == NULL && json_part != NULL) {
		const struct form_field *part = form_get(&w->r->form, json_part);

		body = part ? part->value : NULL;
		len = part ? part->len : 0;
	}
	in->json = body ? json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (!json_is_object(in->json)) {
		json_decref(in->json);
		in->json = NULL;
		web_error(w, SOD_EINVAL, "invalid_json", NULL, "error.invalid_json");
		return false;
	}
	return true;
}

void
web_input_end(struct web_input *in)
{
	json_decref(in->json);
	in->json = NULL;
}

const char *
web_in_str(struct web_input *in, const char *name)
{
	json_t *v;

	if (in->json == NULL) {
		const struct form_field *f = form_get(&in->w->r->form, name);

		return f ? form_str(in->w, name) : NULL;
	}
	v = json_object_get(in->json, name);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		if (in->bad == NULL)
			in->bad = name;
		return NULL;
	}
	return arena_strndup(in->w->r->arena, json_string_value(v), json_string_length(v));
}

bool
web_in_int(struct web_input *in, const char *name, int64_t min, int64_t max, int64_t *out)
{
	json_t *v;

	if (in->json == NULL) {
		const char *s = web_in_str(in, name);

		if (s == NULL || s[0] == '\0')
			return false;
		if (!str_to_i64(slice_from(s), min, max, out)) {
			if (in->bad == NULL)
				in->bad = name;
			return false;
		}
		return true;
	}
	v = json_object_get(in->json, name);
	if (v == NULL || json_is_null(v))
		return false;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		if (in->bad == NULL)
			in->bad = name;
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

bool
web_in_amount(struct web_input *in, const char *name, int64_t max_satang, int64_t *satang_out,
              const char **key_out)
{
	json_t *v = in->json ? json_object_get(in->json, name) : NULL;
	const char *s;
	enum amount_err e;

	*key_out = NULL;
	if (v != NULL && json_is_number(v)) {
		double d = json_number_value(v) * 100.0;
		double r = round(d);

		if (d < 0 || r > (double)max_satang) {
			*key_out = "error.field.amount_range";
			return false;
		}
		if (fabs(d - r) > 1e-6 * (fabs(d) > 1 ? fabs(d) : 1)) {
			*key_out = "error.field.amount_decimals";
			return false;
		}
		*satang_out = (int64_t)r;
		return true;
	}
	if (v != NULL && !json_is_string(v) && !json_is_null(v)) {
		if (in->bad == NULL)
			in->bad = name;
		return false;
	}
	s = web_in_str(in, name);
	if (s == NULL || s[0] == '\0')
		return false;
	e = amount_parse(s, strlen(s), max_satang, satang_out);
	*key_out = amount_err_key(e);
	return e == AMOUNT_OK;
}

bool
web_in_refuse_bad(struct web_input *in)
{
	if (in->bad == NULL)
		return false;
	web_error(in->w, SOD_EINVAL, "wrong_type", in->bad, "error.field.wrong_type");
	return true;
}
