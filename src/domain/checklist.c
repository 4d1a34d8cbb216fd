/*
 * checklist.c — checking checklists and their answers (checklist.h).
 * jansson has already checked the JSON's UTF-8; lengths are counted in
 * characters (code points).
 */
#include "domain/checklist.h"

#include <string.h>

#include "text/utf8.h"

static const char *const types[] = {"yes_no", "number", "choice", "text", "photo", NULL};

static bool
type_known(const char *t)
{
	for (size_t i = 0; types[i]; i++)
		if (strcmp(types[i], t) == 0)
			return true;
	return false;
}

static bool
id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static bool
text_within(json_t *v, size_t min, size_t max)
{
	size_t n;

	if (!json_is_string(v))
		return false;
	n = utf8_count(json_string_value(v), json_string_length(v));
	return n >= min && n <= max && strlen(json_string_value(v)) == json_string_length(v);
}

static enum sod_err
bad(struct arena *a, struct verr *ve, const char *field, size_t i, const char *key)
{
	ve->field = arena_printf(a, "%s[%zu]", field, i);
	if (ve->field == NULL)
		ve->field = field;
	ve->key = key;
	return SOD_EINVAL;
}

static enum sod_err
question_check(struct arena *a, json_t *qs, size_t i, struct verr *ve)
{
	json_t *q = json_array_get(qs, i), *id, *type, *choices;

	if (!json_is_object(q))
		return bad(a, ve, "questions", i, "error.field.wrong_type");
	id = json_object_get(q, "id");
	type = json_object_get(q, "type");
	if (!json_is_string(id) || !id_valid(json_string_value(id)))
		return bad(a, ve, "questions", i, "error.checklist.id");
	for (size_t j = 0; j < i; j++)
		if (json_equal(json_object_get(json_array_get(qs, j), "id"), id))
			return bad(a, ve, "questions", i, "error.checklist.id");
	if (!json_is_string(type) || !type_known(json_string_value(type)))
		return bad(a, ve, "questions", i, "error.checklist.type");
	if (!text_within(json_object_get(q, "label"), 1, 300))
		return bad(a, ve, "questions", i, "error.checklist.label");
	if (json_object_get(q, "required") && !json_is_boolean(json_object_get(q, "required")))
		return bad(a, ve, "questions", i, "error.field.wrong_type");
	choices = json_object_get(q, "choices");
	if (strcmp(json_string_value(type), "choice") == 0) {
		if (!json_is_array(choices) || json_array_size(choices) < 2 ||
		    json_array_size(choices) > 20)
			return bad(a, ve, "questions", i, "error.checklist.choices");
		for (size_t j = 0; j < json_array_size(choices); j++)
			if (!text_within(json_array_get(choices, j), 1, 100))
				return bad(a, ve, "questions", i, "error.checklist.choices");
	}
	for (size_t k = 0; k < 2; k++) {
		json_t *m = json_object_get(q, k ? "max" : "min");

		if (m && !json_is_number(m))
			return bad(a, ve, "questions", i, "error.field.wrong_type");
	}
	return SOD_OK;
}

enum sod_err
checklist_check(struct arena *a, const char *questions, struct verr *ve)
{
	json_t *qs = json_loads(questions ? questions : "", JSON_REJECT_DUPLICATES, NULL);
	enum sod_err err = SOD_OK;

	if (!json_is_array(qs) || json_array_size(qs) == 0 ||
	    json_array_size(qs) > CHECKLIST_MAX_QUESTIONS) {
		ve->field = "questions";
		ve->key = "error.checklist.questions";
		json_decref(qs);
		return SOD_EINVAL;
	}
	for (size_t i = 0; i < json_array_size(qs) && !err; i++)
		err = question_check(a, qs, i, ve);
	json_decref(qs);
	return err;
}

static json_t *
question_of(json_t *qs, const char *id)
{
	for (size_t i = 0; i < json_array_size(qs); i++) {
		json_t *q = json_array_get(qs, i);

		if (strcmp(json_string_value(json_object_get(q, "id")) ?: "", id) == 0)
			return q;
	}
	return NULL;
}

static enum sod_err
answer_bad(struct arena *a, struct verr *ve, const char *id, const char *key)
{
	ve->field = arena_printf(a, "answers.%s", id);
	if (ve->field == NULL)
		ve->field = "answers";
	ve->key = key;
	return SOD_EINVAL;
}

static enum sod_err
answer_check(struct arena *a, json_t *q, const char *id, json_t *v, struct verr *ve)
{
	const char *type = json_string_value(json_object_get(q, "type"));

	if (strcmp(type, "yes_no") == 0 && !json_is_boolean(v))
		return answer_bad(a, ve, id, "error.field.wrong_type");
	if (strcmp(type, "number") == 0) {
		json_t *min = json_object_get(q, "min"), *max = json_object_get(q, "max");

		if (!json_is_number(v))
			return answer_bad(a, ve, id, "error.field.wrong_type");
		if ((min && json_number_value(v) < json_number_value(min)) ||
		    (max && json_number_value(v) > json_number_value(max)))
			return answer_bad(a, ve, id, "error.checklist.range");
	}
	if (strcmp(type, "choice") == 0) {
		json_t *choices = json_object_get(q, "choices");
		bool found = false;

		if (!json_is_string(v))
			return answer_bad(a, ve, id, "error.field.wrong_type");
		for (size_t i = 0; i < json_array_size(choices) && !found; i++)
			found = json_equal(json_array_get(choices, i), v);
		if (!found)
			return answer_bad(a, ve, id, "error.checklist.choice");
	}
	if (strcmp(type, "text") == 0 && !text_within(v, 0, CHECKLIST_TEXT_MAX))
		return answer_bad(a, ve, id, json_is_string(v) ? "error.field.too_long"
		                                               : "error.field.wrong_type");
	if (strcmp(type, "photo") == 0 && !json_is_boolean(v) && !json_is_null(v))
		return answer_bad(a, ve, id, "error.field.wrong_type");
	return SOD_OK;
}

enum sod_err
checklist_check_answers(struct arena *a, const char *questions, json_t *answers,
                        size_t nphotos, struct verr *ve)
{
	json_t *qs = json_loads(questions ? questions : "[]", 0, NULL), *v;
	const char *id;
	enum sod_err err = SOD_OK;

	if (!json_is_array(qs)) {
		json_decref(qs);
		return SOD_EINVAL;
	}
	if (answers != NULL && !json_is_object(answers)) {
		ve->field = "answers";
		ve->key = "error.field.wrong_type";
		json_decref(qs);
		return SOD_EINVAL;
	}
	if (answers != NULL)
		json_object_foreach(answers, id, v) {
			json_t *q = question_of(qs, id);

			err = q ? answer_check(a, q, id, v, ve)
			        : answer_bad(a, ve, id, "error.checklist.unknown");
			if (err)
				goto out;
		}
	for (size_t i = 0; i < json_array_size(qs); i++) {
		json_t *q = json_array_get(qs, i);
		const char *qid = json_string_value(json_object_get(q, "id"));
		bool photo = strcmp(json_string_value(json_object_get(q, "type")), "photo") == 0;
		json_t *given = answers ? json_object_get(answers, qid) : NULL;

		if (!json_is_true(json_object_get(q, "required")))
			continue;
		if (photo ? nphotos == 0 : (given == NULL || json_is_null(given))) {
			err = answer_bad(a, ve, qid, "error.checklist.required");
			goto out;
		}
	}
out:
	json_decref(qs);
	return err;
}
