/*
 * picker.c — unit, place and person pickers; see picker.h.
 *
 * A grouped <select> needs no script and reads well with a screen
 * reader (each option is announced with its group). It suits the
 * hundred-odd centres a tip can go to; for people, who are thousands, the
 * page searches first (a GET form) and lists at most a screenful to pick
 * from, each with its own small form. With script on, static/picker.js
 * offers the same search as the person types (GET /api/v1/people).
 */
#include "web/picker.h"

#include <ctype.h>
#include <string.h>

#include "domain/geo.h"
#include "domain/network.h"
#include "domain/unit.h"
#include "text/utf8.h"
#include "web/i18n.h"

const char *const picker_tip_unit_kinds[] = {
	"national_agency", "ministry_acoc", "department_acoc", "province_acoc",
	"regional_office", "provincial_office", NULL,
};

#define PICKER_UNITS_MAX 5000

static bool
kind_in(const char *kind, const char *const *kinds)
{
	if (kinds == NULL)
		return true;
	for (; *kinds; kinds++)
		if (strcmp(*kinds, kind) == 0)
			return true;
	return false;
}

static const char *
unit_name(struct wreq *w, const struct unit_rec *u)
{
	return w->lang == LANG_EN && u->name_en && u->name_en[0] ? u->name_en : u->name_th;
}

/* The session's first unit where it holds role, or NULL. */
static const char *
own_unit(struct wreq *w, enum role role)
{
	for (size_t i = 0; i < w->ses.ngrants; i++)
		if (strcmp(w->ses.grants[i].role, role_name(role)) == 0)
			return w->ses.grants[i].unit_code;
	return NULL;
}

size_t
picker_units(struct wreq *w, json_t *f, enum role role, const char *const *kinds)
{
	struct unit_rec *u;
	size_t n = 0, chosen = 0;
	int64_t total;
	json_t *groups = json_object();   /* parent code → optgroup */
	const char *cur = json_string_value(json_object_get(f, "value"));

	if (unit_list(w->sys, w->r->arena, NULL, NULL, PICKER_UNITS_MAX, 0, &u, &n, &total) !=
	    SOD_OK) {
		json_decref(groups);
		return 0;
	}
	if (cur == NULL || cur[0] == '\0') {
		const char *own = own_unit(w, role);

		if (own != NULL)
			field_value(f, own);
	}
	for (size_t i = 0; i < n; i++) {
		const char *pcode = u[i].parent_code ? u[i].parent_code : u[i].code;
		json_t *g;
		bool allowed = false;

		if (u[i].closed_at != 0 || !kind_in(u[i].kind, kinds) ||
		    auth_can(w->sys, &w->ses, role, u[i].id, &allowed) != SOD_OK || !allowed)
			continue;
		if ((g = json_object_get(groups, pcode)) == NULL) {
			const char *label = unit_name(w, &u[i]);

			for (size_t k = 0; k < n; k++)
				if (strcmp(u[k].code, pcode) == 0)
					label = unit_name(w, &u[k]);
			g = field_group(f, label);
			json_object_set(groups, pcode, g);
		}
		field_option(f, g, u[i].code, unit_name(w, &u[i]));
		chosen++;
	}
	json_decref(groups);
	return chosen;
}

json_t *
picker_people(struct wreq *w, const char *q, size_t max)
{
	json_t *list = json_array();
	struct person_rec *items;
	size_t n = 0;
	int64_t total;
	char *needle;

	if (q == NULL || utf8_count(q, strlen(q)) < 2 || max == 0)
		return list;
	needle = arena_strdup(w->r->arena, q);
	for (char *c = needle; c && *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (needle == NULL || network_person_search(w->sys, w->r->arena, needle, (int64_t)max * 2,
	                                            0, &items, &n, &total) != SOD_OK)
		return list;
	for (size_t i = 0; i < n && json_array_size(list) < max; i++) {
		bool view = false, contacts = false;
		const struct person_rec *p = &items[i];
		const char *name;

		if (person_access(w->sys, w->r->arena, &w->ses, p->id, &view, &contacts) != SOD_OK ||
		    !view || p->erased_at != 0)
			continue;
		name = arena_printf(w->r->arena, "%s%s %s", p->title_th ? p->title_th : "",
		                    p->given_th ? p->given_th : "", p->family_th ? p->family_th : "");
		json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p->id,
		    "name", name ? name : "", "detail", p->organisation ? p->organisation : ""));
	}
	return list;
}

void
picker_provinces(struct wreq *w, json_t *f)
{
	const char *prov;

	for (size_t i = 0; (prov = geo_province_at(i)) != NULL; i++)
		field_option(f, NULL, prov, geo_province(prov, w->lang));
}

void
picker_districts(struct wreq *w, json_t *f)
{
	const char *prov, *code, *last = "";
	json_t *g = NULL;

	for (size_t i = 0; (code = geo_district_at(i, &prov)) != NULL; i++) {
		const char *name = geo_district(code, w->lang);

		if (strcmp(prov, last) != 0) {
			g = field_group(f, geo_province(prov, w->lang));
			last = prov;
		}
		field_option(f, g, code, name);
		/* No English name yet: the Thai one, marked as Thai. */
		if (w->lang != LANG_TH && name == geo_district(code, LANG_TH)) {
			json_t *opts = json_object_get(g, "options");

			json_object_set_new(json_array_get(opts, json_array_size(opts) - 1), "lang",
			                    json_string("th"));
		}
	}
}
