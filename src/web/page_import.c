/*
 * page_import.c — importing members from a CSV or XLSX file through the
 * browser: upload → preview (every bad row named, nothing written) →
 * confirm (all rows or none). The upload is held in memory (memfd) while
 * the request runs, and between preview and confirmation staged encrypted
 * under a key only the browser holds (domain/import.h).
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "domain/import.h"
#include "domain/unit.h"
#include "web/i18n.h"

/* Rows a browser upload may carry (the command line has no such bound). */
#define WEB_IMPORT_ROWS 20000
/* Bad rows listed on the preview page. */
#define PREVIEW_BAD_MAX 200

enum sod_err
upload_to_memory(struct req *r, const struct multipart_file *f, const char *data,
                 size_t len, bool last)
{
	struct wreq *w = r->user;

	(void)last;
	if (w == NULL || strcmp(f->field, "file") != 0)
		return SOD_EINVAL;
	if (w->upload_fd < 0 && (w->upload_fd = memfd_create("sodsong-upload", MFD_CLOEXEC)) < 0)
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
manageable_unit(struct wreq *w, struct unit_rec *u)
{
	bool ok = false;
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], u, NULL);

	if (!err)
		err = network_can_manage(w->sys, &w->ses, u->id, &ok);
	if (err || !ok) {
		web_error(w, err ? err : SOD_EPERM, NULL, NULL, NULL);
		return false;
	}
	return true;
}

static json_t *
unit_ctx(struct wreq *w, const struct unit_rec *u, const char *title_key)
{
	json_t *ctx = page_ctx(w, title_key);

	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u->code, "name",
	                    w->lang == LANG_TH ? u->name_th : u->name_en));
	return ctx;
}

void
h_import_form(struct wreq *w)
{
	struct unit_rec u;

	if (!manageable_unit(w, &u))
		return;
	page_render(w, 200, "import", unit_ctx(w, &u, "import.title"));
}

static void
import_failed(struct wreq *w, const struct unit_rec *u, enum sod_err err,
              const struct import_batch *b, size_t line)
{
	json_t *ctx = unit_ctx(w, u, "import.title");
	const char *msg;

	if (b->missing_column != NULL)
		msg = arena_printf(w->r->arena, "%s: %s", i18n_get(w->lang, "import.missing_column"),
		                   b->missing_column);
	else if (line > 0)
		msg = arena_printf(w->r->arena, "%s %zu: %s", i18n_get(w->lang, "import.line"), line,
		                   i18n_get(w->lang, err == SOD_EUTF8 ? "error.invalid_utf8"
		                                                      : "import.unreadable"));
	else
		msg = i18n_get(w->lang, err == SOD_ETOOBIG ? "import.too_many" : "import.unreadable");
	json_object_set_new(ctx, "error", json_string(msg ? msg : ""));
	page_render(w, err == SOD_ENOMEM || err == SOD_EIO ? 500 : 400, "import", ctx);
}

/* Read the file behind fd; renders the error page itself when it fails. */
static bool
read_batch(struct wreq *w, const struct unit_rec *u, int fd, struct import_batch *b)
{
	char path[64];
	size_t line = 0;
	enum sod_err err;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err = import_read(w->sys, w->r->arena, &w->ses, path, WEB_IMPORT_ROWS, b, &line, NULL, NULL);
	if (err) {
		import_failed(w, u, err, b, line);
		return false;
	}
	return true;
}

void
h_import_upload(struct wreq *w)
{
	struct unit_rec u;
	struct import_batch b;
	char *token = NULL;
	json_t *ctx, *bad;
	enum sod_err err;

	if (!manageable_unit(w, &u))
		return;
	if (w->upload_fd < 0 || w->upload_bytes == 0) {
		json_t *c = unit_ctx(w, &u, "import.title");

		json_object_set_new(c, "error", json_string(i18n_get(w->lang, "import.no_file")));
		page_render(w, 400, "import", c);
		return;
	}
	if (!read_batch(w, &u, w->upload_fd, &b))
		return;
	if (b.bad == 0 && (err = import_stage(w->sys, w->r->arena, w->upload_fd, &token))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	ctx = unit_ctx(w, &u, "import.preview_title");
	bad = json_array();
	for (size_t i = 0; i < b.n && json_array_size(bad) < PREVIEW_BAD_MAX; i++) {
		const struct import_row *ir = &b.rows[i];
		char key[80];
		const char *why;

		if (ir->key == NULL)
			continue;
		why = i18n_get(w->lang, ir->key);
		if (ir->dup_line)
			why = arena_printf(w->r->arena, "%s %zu", why, ir->dup_line);
		snprintf(key, sizeof(key), "field.%s", ir->field ? ir->field : "row");
		json_array_append_new(bad, json_pack("{s:I, s:s, s:s, s:s}", "line",
		    (json_int_t)ir->line, "name", ir->name, "field", i18n_get(w->lang, key),
		    "why", why ? why : ""));
	}
	json_object_set_new(ctx, "rows", json_integer((json_int_t)b.n));
	json_object_set_new(ctx, "bad_count", json_integer((json_int_t)b.bad));
	json_object_set_new(ctx, "good", json_integer((json_int_t)(b.n - b.bad)));
	json_object_set_new(ctx, "existing", json_integer((json_int_t)b.existing));
	json_object_set_new(ctx, "has_bad", json_boolean(b.bad > 0));
	json_object_set_new(ctx, "bad", bad);
	if (token != NULL)
		json_object_set_new(ctx, "batch", json_string(token));
	page_render(w, b.bad ? 422 : 200, "import_preview", ctx);
}

void
h_import_confirm(struct wreq *w)
{
	struct unit_rec u;
	struct import_batch b;
	const char *token = form_str(w, "batch");
	size_t created, linked;
	char *to;
	int fd = -1;
	enum sod_err err;

	if (!manageable_unit(w, &u))
		return;
	if ((err = import_unstage(w->sys, token, &fd)) != SOD_OK) {
		web_error(w, err, NULL, "batch", "import.expired");
		return;
	}
	w->upload_fd = fd;  /* closed when the request ends */
	/* Read again: the database may have changed since the preview. */
	if (!read_batch(w, &u, fd, &b))
		return;
	err = import_commit(w->sys, w->r->arena, &b, u.code, &created, &linked);
	if (err == SOD_EINVAL) {
		web_error(w, err, NULL, NULL, "import.now_bad");
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	import_discard(w->sys, token);
	to = arena_printf(w->r->arena, "/units/%s?done=1&created=%zu&linked=%zu", u.code,
	                  created, linked);
	req_redirect(w->r, to ? to : "/");
}
