/*
 * page_guides.c — the guides library (domain/guides.h): the staff page of
 * a unit's documents (/units/{code}/guides, with the upload form for a new
 * document or a new version), the upload's target (multipart, page or
 * API), the download of a document's newest or any version (streamed, a
 * download with an RFC 5987 name, never shown inline), the public library
 * page of a unit (/public/{code}/guides, no sign-in), the JSON views, and
 * a training's reading list. A document the reader may not see is 404.
 */
#include "web/web.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "domain/guides.h"
#include "domain/network.h"
#include "domain/unit.h"
#include "util/log.h"
#include "util/str.h"
#include "web/field.h"
#include "web/i18n.h"

enum sod_err
guide_upload(struct req *r, const struct multipart_file *f, const char *data, size_t len,
             bool last)
{
	struct wreq *w = r->user;

	/* One file part, named "file". */
	if (w == NULL || strcmp(f->field, "file") != 0 || w->upload_done)
		return SOD_EINVAL;
	w->upload_done = last;
	if (w->upload_name == NULL &&
	    (w->upload_name = arena_strdup(r->arena, f->filename)) == NULL)
		return SOD_ENOMEM;
	if (len > GUIDE_MAX_BYTES - w->upload_bytes)
		return SOD_ETOOBIG;   /* 413 [guide-size-413] */
	if (w->upload_fd < 0 && (w->upload_fd = memfd_create("sodsong-guide", MFD_CLOEXEC)) < 0)
		return SOD_EIO;
	while (len > 0) {
		ssize_t n = write(w->upload_fd, data, len);

		if (n <= 0)
			return SOD_EIO;
		data += n;
		len -= (size_t)n;
		w->upload_bytes += (size_t)n;
	}
	return SOD_OK;
}

static bool
unit_of_path(struct wreq *w, struct unit_rec *u)
{
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], u, NULL);
	bool ok = false;

	if (!err)
		err = network_can_view(w->sys, &w->ses, u->id, &ok);
	if (err || !ok) {
		web_error(w, err ? err : SOD_EPERM, NULL, NULL, NULL);
		return false;
	}
	return true;
}

bool
guide_upload_allowed(struct wreq *w)
{
	struct unit_rec u;
	bool ok = false;
	enum sod_err err;

	if (!unit_of_path(w, &u))
		return false;
	if ((err = guide_can_manage(w->sys, &w->ses, u.id, &ok)) || !ok) {
		web_error(w, err ? err : SOD_EPERM, NULL, NULL, NULL);
		return false;
	}
	return true;
}

static const char *
kind_label(struct wreq *w, const char *kind)
{
	char key[48];

	snprintf(key, sizeof(key), "guide.kind.%s", kind);
	return i18n_get(w->lang, key);
}

static json_t *
guide_json(struct wreq *w, const struct guide_rec *g)
{
	char when[64];

	date_format(when, sizeof(when), g->uploaded_at, DATE_SHORT, w->lang, false);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:s, s:s, s:I, s:s, s:s}",
	                 "id", (json_int_t)g->id, "unit", g->unit_code, "kind", g->kind,
	                 "kind_label", kind_label(w, g->kind), "title", g->title, "description",
	                 g->description, "public", g->is_public, "version", (json_int_t)g->version,
	                 "filename", g->filename, "content_type", g->content_type, "size",
	                 (json_int_t)g->size, "updated", when, "url",
	                 arena_printf(w->r->arena, "/guides/%lld", (long long)g->id) ?: "");
}

static json_t *
guides_json(struct wreq *w, int64_t unit, bool public_only)
{
	struct guide_rec *g;
	size_t n;
	json_t *list = json_array();

	if (guide_list(w->sys, w->r->arena, unit, public_only, &g, &n) == SOD_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, guide_json(w, &g[i]));
	return list;
}

/* GET /api/v1/units/{code}/guides: the unit's documents and those above it. */
void
h_api_unit_guides(struct wreq *w)
{
	struct unit_rec u;

	if (!unit_of_path(w, &u))
		return;
	json_reply(w, 200, json_pack("{s:o}", "items", guides_json(w, u.id, false)));
}

/* The upload form's fields (kinds, visibility, which document). */
static json_t *
upload_fields(struct wreq *w, const char *code, json_t *docs)
{
	json_t *f = json_object(), *x;
	size_t i;
	json_t *d;

	x = field_new(w, FIELD_SELECT, "kind", "guide.field.kind");
	for (i = 0; guide_kinds[i]; i++)
		field_option(x, NULL, guide_kinds[i], kind_label(w, guide_kinds[i]));
	json_object_set_new(f, "kind", x);
	x = field_new(w, FIELD_TEXT, "title", "guide.field.title");
	field_set(x, false, 200, NULL, NULL, "off");
	field_hint(w, x, "guide.hint.title");
	json_object_set_new(f, "title", x);
	x = field_new(w, FIELD_TEXTAREA, "description", "guide.field.description");
	field_set(x, false, 2000, NULL, NULL, "off");
	json_object_set_new(f, "description", x);
	x = field_new(w, FIELD_SELECT, "visibility", "guide.field.visibility");
	field_option(x, NULL, "members", i18n_get(w->lang, "guide.visibility.members"));
	field_option(x, NULL, "public", i18n_get(w->lang, "guide.visibility.public"));
	json_object_set_new(f, "visibility", x);
	x = field_new(w, FIELD_SELECT, "guide", "guide.field.guide");
	field_blank(w, x, "guide.new_document");
	/* A new version of one of the unit's own documents. */
	json_array_foreach(docs, i, d) {
		char id[24];

		if (strcmp(json_string_value(json_object_get(d, "unit")), code) != 0)
			continue;
		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(
		         json_object_get(d, "id")));
		field_option(x, NULL, id, json_string_value(json_object_get(d, "title")));
	}
	json_object_set_new(f, "guide", x);
	return f;
}

void
h_unit_guides(struct wreq *w)
{
	struct unit_rec u;
	bool manage = false;
	json_t *ctx, *docs;
	enum sod_err err;

	if (!unit_of_path(w, &u))
		return;
	if ((err = guide_can_manage(w->sys, &w->ses, u.id, &manage))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	docs = guides_json(w, u.id, false);
	ctx = page_ctx(w, "guide.title");
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u.code, "name",
	                    w->lang == LANG_EN && u.name_en[0] ? u.name_en : u.name_th));
	json_object_set_new(ctx, "manage", json_boolean(manage));
	if (manage)
		json_object_set_new(ctx, "f", upload_fields(w, u.code, docs));
	json_object_set_new(ctx, "docs", docs);
	json_object_set_new(ctx, "max_mb", json_integer(GUIDE_MAX_BYTES >> 20));
	page_render(w, 200, "guides", ctx);
}

/* POST /units/{code}/guides, /api/v1/units/{code}/guides (multipart:
 * kind, title, description, visibility, guide, file). */
void
h_guide_upload(struct wreq *w)
{
	struct unit_rec u;
	struct guide_input in;
	struct verr ve = {0};
	const char *vis = form_str(w, "visibility"), *g = form_str(w, "guide");
	int64_t guide = 0, id, version;
	enum sod_err err;

	if (!unit_of_path(w, &u))
		return;
	if (g[0] && !str_to_i64(slice_from(g), 1, INT64_MAX, &guide)) {
		web_error(w, SOD_EINVAL, "wrong_type", "guide", "error.field.wrong_type");
		return;
	}
	if (vis[0] && strcmp(vis, "public") != 0 && strcmp(vis, "members") != 0) {
		web_error(w, SOD_EINVAL, "wrong_type", "visibility", "error.field.wrong_type");
		return;
	}
	if (w->upload_fd < 0 || w->upload_bytes == 0) {
		web_error(w, SOD_EINVAL, "file_missing", "file", "guide.file_empty");
		return;
	}
	in = (struct guide_input){form_str(w, "kind"), form_str(w, "title"),
	                          form_str(w, "description"), strcmp(vis, "public") == 0};
	err = guide_add(w->sys, w->r->arena, &w->ses, u.id, guide, &in, w->upload_name,
	                w->upload_fd, w->upload_bytes, &ve, &id, &version);
	if (err == SOD_EINVAL && ve.field) {
		web_error(w, err, strcmp(ve.key, "guide.type_refused") == 0 ? "type_refused" : NULL,
		          ve.field, ve.key);
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if (w->route->api)
		json_reply(w, 201, json_pack("{s:I, s:I}", "id", (json_int_t)id, "version",
		                             (json_int_t)version));
	else
		web_done(w, arena_printf(w->r->arena, "/units/%s/guides", u.code) ?: "/",
		         "guide_uploaded");
}

/* The document of the path, if this reader may see it; else answered 404. */
static bool
guide_of_path(struct wreq *w, struct guide_rec *g)
{
	int64_t id;
	enum sod_err err;

	web_session_optional(w);
	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return false;
	}
	err = guide_get(w->sys, w->r->arena, w->has_session && w->ses.full ? &w->ses : NULL, id,
	                g);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

static long
guide_chunk(void *ctx, uint64_t pos, char *buf, size_t max)
{
	size_t n;
	enum sod_err err = guide_stream_read(ctx, buf, max, &n);

	(void)pos;
	if (err) {
		LOG_ERR("guide download: %s", sod_strerror(err));
		return HTTP_READ_ERROR;
	}
	return n == 0 ? HTTP_READ_END : (long)n;
}

static void
guide_close(void *ctx)
{
	struct guide_stream *s = ctx;

	guide_stream_free(&s);
}

/* GET /guides/{id}, /guides/{id}/versions/{n} */
void
h_guide_file(struct wreq *w)
{
	struct guide_rec g;
	struct guide_version_rec v;
	struct guide_stream *s;
	int64_t version = 0;
	enum sod_err err;

	if (!guide_of_path(w, &g))
		return;
	if (strstr(w->route->pattern, "/versions/") != NULL &&
	    !str_to_i64(slice_from(w->r->captures[1]), 1, INT64_MAX, &version)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	if ((err = guide_stream_open(w->sys, w->r->arena, &g, version, &v, &s))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	/* Always a download under a safe type (one libmagic gave and we take)
	 * [guide-download-headers]; nosniff is on every answer (http/). */
	req_add_header(w->r, "Content-Disposition", web_disposition(w, arena_printf(
	    w->r->arena, "guide-%lld-v%lld", (long long)g.id, (long long)v.version) ?: "guide",
	    v.filename) ?: "attachment");
	req_add_header(w->r, "Cache-Control", g.is_public ? "public, max-age=300" : "private, no-store");
	req_reply_stream(w->r, 200, v.content_type, guide_chunk, guide_close, s);
}

/* GET /api/v1/guides/{id}: the document and its versions. */
void
h_api_guide(struct wreq *w)
{
	struct guide_rec g;
	struct guide_version_rec *v;
	size_t n;
	json_t *out, *list;
	enum sod_err err;

	if (!guide_of_path(w, &g))
		return;
	if ((err = guide_versions(w->sys, w->r->arena, g.id, &v, &n))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:I, s:s}", "version",
		    (json_int_t)v[i].version, "filename", v[i].filename, "content_type",
		    v[i].content_type, "size", (json_int_t)v[i].size, "url", arena_printf(
		    w->r->arena, "/guides/%lld/versions/%lld", (long long)g.id,
		    (long long)v[i].version) ?: ""));
	out = guide_json(w, &g);
	json_object_set_new(out, "versions", list);
	json_reply(w, 200, out);
}

/* GET /public/{code}/guides: the unit's public library, no sign-in. */
void
h_public_guides(struct wreq *w)
{
	struct unit_rec u;
	json_t *ctx;
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], &u, NULL);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	ctx = page_ctx(w, "guide.public_title");
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u.code, "name",
	                    w->lang == LANG_EN && u.name_en[0] ? u.name_en : u.name_th));
	json_object_set_new(ctx, "docs", guides_json(w, u.id, true));
	page_render(w, 200, "public_guides", ctx);
}

/* POST /trainings/{id}/readings (guide=ID) */
void
h_training_reading(struct wreq *w)
{
	int64_t training, guide;
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &training)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	if (!str_to_i64(slice_from(form_str(w, "guide")), 1, INT64_MAX, &guide)) {
		web_error(w, SOD_EINVAL, "wrong_type", "guide", "error.field.wrong_type");
		return;
	}
	if ((err = guide_reading_add(w->sys, w->r->arena, &w->ses, training, guide))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/trainings/%lld#readings", (long long)training)
	         ?: "/", "reading_added");
}
