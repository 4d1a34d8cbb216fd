/*
 * field.c — form fields as contexts of the "field" partial; see field.h.
 *
 * The partial (assets/templates/field.html) prints the label, the hint,
 * the control and the error in one order for every form, ties the hint
 * and the error to the control with aria-describedby and marks a field
 * in error with aria-invalid. Date fields are text inputs, not
 * type=date: the browser's date picker shows Gregorian mm/dd/yyyy in
 * many locales, and Thai readers write 8/12/2569 (date_parse_input).
 */
#include "web/field.h"

#include <stdio.h>
#include <string.h>

#include "web/i18n.h"

static void
set_str(json_t *f, const char *key, const char *s)
{
	json_object_set_new(f, key, s ? json_string(s) : json_null());
}

static void
update_describedby(json_t *f)
{
	const char *id = json_string_value(json_object_get(f, "id"));
	bool hint = json_is_string(json_object_get(f, "hint"));
	bool err = json_is_string(json_object_get(f, "error"));
	char v[200];

	if (id == NULL || strlen(id) > 80)
		return;
	v[0] = '\0';
	if (hint)
		snprintf(v, sizeof(v), "%s-hint", id);
	if (err)
		snprintf(v + strlen(v), sizeof(v) - strlen(v), "%s%s-error", hint ? " " : "", id);
	set_str(f, "describedby", v[0] ? v : NULL);
}

json_t *
field_new(struct wreq *w, enum field_kind kind, const char *name, const char *label_key)
{
	json_t *f = json_object();

	if (f == NULL)
		return NULL;
	set_str(f, "id", name);
	set_str(f, "name", name);
	set_str(f, "label", i18n_get(w->lang, label_key));
	set_str(f, "hint", NULL);
	set_str(f, "error", NULL);
	set_str(f, "describedby", NULL);
	set_str(f, "value", "");
	set_str(f, "type", "text");
	set_str(f, "inputmode", NULL);
	set_str(f, "autocomplete", NULL);
	set_str(f, "blank", NULL);
	json_object_set_new(f, "no_caps", json_false());
	json_object_set_new(f, "maxlength", json_null());
	json_object_set_new(f, "required", json_false());
	json_object_set_new(f, "is_input", json_boolean(kind == FIELD_TEXT || kind == FIELD_DATE));
	json_object_set_new(f, "is_textarea", json_boolean(kind == FIELD_TEXTAREA));
	json_object_set_new(f, "is_select", json_boolean(kind == FIELD_SELECT));
	json_object_set_new(f, "options", json_array());
	json_object_set_new(f, "groups", json_array());
	if (kind == FIELD_DATE) {
		json_object_set_new(f, "maxlength", json_integer(40));
		field_hint(w, f, "form.date_hint");
	}
	return f;
}

void
field_set_id(json_t *f, const char *id)
{
	set_str(f, "id", id);
	update_describedby(f);
}

void
field_hint(struct wreq *w, json_t *f, const char *key)
{
	set_str(f, "hint", key ? i18n_get(w->lang, key) : NULL);
	update_describedby(f);
}

void
field_value(json_t *f, const char *value)
{
	json_t *opts = json_object_get(f, "options"), *groups = json_object_get(f, "groups");
	size_t i, j;
	json_t *o, *g;

	set_str(f, "value", value ? value : "");
	/* Choices added before the value learn it now. */
	json_array_foreach(opts, i, o)
		json_object_set_new(o, "selected", json_boolean(value && strcmp(value,
		    json_string_value(json_object_get(o, "value"))) == 0));
	json_array_foreach(groups, j, g) {
		json_array_foreach(json_object_get(g, "options"), i, o)
			json_object_set_new(o, "selected", json_boolean(value && strcmp(value,
			    json_string_value(json_object_get(o, "value"))) == 0));
	}
}

void
field_date(struct wreq *w, json_t *f, struct cdate d)
{
	char s[32];

	date_format_input(s, sizeof(s), d, w->lang);
	field_value(f, s);
}

void
field_error(struct wreq *w, json_t *f, const char *key)
{
	set_str(f, "error", key ? i18n_get(w->lang, key) : NULL);
	update_describedby(f);
}

void
field_set(json_t *f, bool required, int maxlength, const char *type, const char *inputmode,
          const char *autocomplete)
{
	json_object_set_new(f, "required", json_boolean(required));
	json_object_set_new(f, "maxlength", maxlength > 0 ? json_integer(maxlength) : json_null());
	if (type)
		set_str(f, "type", type);
	set_str(f, "inputmode", inputmode);
	set_str(f, "autocomplete", autocomplete);
}

void
field_no_caps(json_t *f)
{
	json_object_set_new(f, "no_caps", json_true());
}

void
field_blank(struct wreq *w, json_t *f, const char *key)
{
	set_str(f, "blank", i18n_get(w->lang, key));
}

void
field_option(json_t *f, json_t *group, const char *value, const char *label)
{
	const char *cur = json_string_value(json_object_get(f, "value"));
	json_t *o = json_object();

	if (o == NULL)
		return;
	set_str(o, "value", value);
	set_str(o, "label", label);
	json_object_set_new(o, "selected", json_boolean(cur && value && strcmp(cur, value) == 0));
	json_object_set_new(o, "lang", json_null());
	json_array_append_new(json_object_get(group ? group : f, "options"), o);
}

json_t *
field_group(json_t *f, const char *label)
{
	json_t *g = json_object();

	if (g == NULL)
		return NULL;
	set_str(g, "label", label);
	json_object_set_new(g, "options", json_array());
	json_array_append_new(json_object_get(f, "groups"), g);
	return g;
}

json_t *
field_errors(json_t *fields)
{
	json_t *errs = json_array(), *f;
	const char *k;

	json_object_foreach(fields, k, f) {
		json_t *e;

		if (!json_is_string(json_object_get(f, "error")))
			continue;
		e = json_object();
		json_object_set(e, "id", json_object_get(f, "id"));
		json_object_set(e, "label", json_object_get(f, "label"));
		json_object_set(e, "message", json_object_get(f, "error"));
		json_array_append_new(errs, e);
	}
	return errs;
}
