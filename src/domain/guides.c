/*
 * guides.c — see guides.h: adding documents and versions (type by
 * content, photos cleaned, bytes chunked into the store in one
 * transaction), who may read them, and reading them back.
 */
#include "domain/guides.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "domain/audit.h"
#include "domain/ethics.h"
#include "domain/evidence.h"
#include "media/image.h"
#include "text/utf8.h"

const char *const guide_kinds[] = {"manual", "knowledge_kit", "law", "form", "other", NULL};

/* The types taken, by what libmagic reads. */
static const char *const taken[] = {
	"application/pdf",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"image/jpeg", "image/png", "image/webp", NULL,
};

struct guide_stream {
	struct sys *sys;
	int64_t guide, version, seq;
	unsigned char buf[GUIDE_CHUNK];
	size_t len, pos;
	bool done;
};

static bool
in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

enum sod_err
guide_can_manage(struct sys *sys, const struct session *ses, int64_t unit, bool *out)
{
	return ethics_can_manage(sys, ses, unit, out);
}

static bool
text_ok(const char *s, size_t max, bool required)
{
	if (s == NULL || s[0] == '\0')
		return !required;
	return text_check(s, strlen(s), max * 4, max, true) == SOD_OK &&
	       (max > 200 || strchr(s, '\n') == NULL);
}

/* The last path component of a sent name, checked; NULL if unusable. */
static const char *
clean_name(struct arena *a, const char *name)
{
	const char *base = name;

	if (name == NULL)
		return NULL;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (base[0] == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    text_check(base, strlen(base), GUIDE_NAME_MAX * 4, GUIDE_NAME_MAX, false) != SOD_OK)
		return NULL;
	return arena_strdup(a, base);
}

static enum sod_err
read_at(int fd, unsigned char *buf, size_t n, off_t off)
{
	while (n > 0) {
		ssize_t r = pread(fd, buf, n, off);

		if (r <= 0)
			return SOD_EIO;
		buf += r;
		n -= (size_t)r;
		off += r;
	}
	return SOD_OK;
}

/* Store the bytes (from mem, or else from fd) as chunks 0, 1, … */
static enum sod_err
put_chunks(struct sys *sys, int64_t guide, int64_t version, const unsigned char *mem,
           int fd, size_t size)
{
	unsigned char *buf = mem ? NULL : malloc(GUIDE_CHUNK);
	enum sod_err err = SOD_OK;

	if (mem == NULL && buf == NULL)
		return SOD_ENOMEM;
	for (size_t off = 0, seq = 0; off < size && !err; off += GUIDE_CHUNK, seq++) {
		size_t n = size - off < GUIDE_CHUNK ? size - off : GUIDE_CHUNK;

		if (mem == NULL && (err = read_at(fd, buf, n, (off_t)off)))
			break;
		err = store_guide_chunk_insert(sys->store, guide, version, (int64_t)seq,
		                               mem ? mem + off : buf, n);
	}
	free(buf);
	return err;
}

static enum sod_err
check_input(struct sys *sys, struct arena *a, int64_t unit, int64_t guide,
            const struct guide_input *in, struct verr *ve)
{
	struct guide_rec g;
	enum sod_err err;

	if (guide > 0) {
		err = store_guide_get(sys->store, a, guide, &g);
		return err ? err : g.unit_id == unit ? SOD_OK : SOD_ENOTFOUND;
	}
	if (!in_list(guide_kinds, in->kind))
		*ve = (struct verr){"kind", "guide.kind_unknown"};
	else if (!text_ok(in->title, 200, true))
		*ve = (struct verr){"title", in->title && in->title[0] ? "error.field.text"
		                                                       : "error.field.required"};
	else if (!text_ok(in->description, 2000, false))
		*ve = (struct verr){"description", "error.field.text"};
	return ve->field ? SOD_EINVAL : SOD_OK;
}

/* The file's type; for a photo, *clean_out its copy without metadata. */
static enum sod_err
check_file(int fd, size_t size, char type[128], unsigned char **clean_out,
           size_t *clean_len, struct verr *ve)
{
	unsigned char head[4096], *whole = NULL;
	size_t n = size < sizeof(head) ? size : sizeof(head);
	enum sod_err err;

	*clean_out = NULL;
	if (size == 0) {
		*ve = (struct verr){"file", "guide.file_empty"};
		return SOD_EINVAL;
	}
	if (size > GUIDE_MAX_BYTES)
		return SOD_ETOOBIG;
	if ((err = read_at(fd, head, n, 0)) != SOD_OK)
		return err;
	evidence_sniff(head, n, type, 128);
	if (!in_list(taken, type)) {
		*ve = (struct verr){"file", "guide.type_refused"};
		return SOD_EINVAL;
	}
	if (strncmp(type, "image/", 6) != 0)
		return SOD_OK;
	if ((whole = malloc(size)) == NULL)
		return SOD_ENOMEM;
	if ((err = read_at(fd, whole, size, 0)) == SOD_OK &&
	    image_strip(whole, size, clean_out, clean_len) != SOD_OK) {
		*ve = (struct verr){"file", "error.image_malformed"};
		err = SOD_EINVAL;
	}
	free(whole);
	return err;
}

enum sod_err
guide_add(struct sys *sys, struct arena *a, const struct session *ses, int64_t unit,
          int64_t guide, const struct guide_input *in, const char *filename, int fd,
          size_t size, struct verr *ve, int64_t *id_out, int64_t *version_out)
{
	struct guide_rec g = {0};
	unsigned char *clean = NULL;
	size_t clean_len = 0;
	char type[128], object[40];
	const char *name;
	bool ok = false;
	enum sod_err err;

	if ((err = guide_can_manage(sys, ses, unit, &ok)) != SOD_OK)
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = check_input(sys, a, unit, guide, in, ve)) != SOD_OK)
		return err;
	if ((name = clean_name(a, filename)) == NULL) {
		*ve = (struct verr){"file", "guide.file_name"};
		return SOD_EINVAL;
	}
	if ((err = check_file(fd, size, type, &clean, &clean_len, ve)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		goto out;
	if (guide == 0) {
		g = (struct guide_rec){.unit_id = unit, .kind = (char *)in->kind,
		                       .title = (char *)in->title,
		                       .description = (char *)in->description,
		                       .is_public = in->is_public};
		if ((err = store_guide_insert(sys->store, &g, &guide)))
			goto fail;
	}
	snprintf(object, sizeof(object), "guide:%lld", (long long)guide);
	if ((err = store_guide_version_insert(sys->store, guide, name, type,
	                                      (int64_t)(clean ? clean_len : size),
	                                      ses->account_id, version_out)) ||
	    (err = put_chunks(sys, guide, *version_out, clean, fd, clean ? clean_len : size)) ||
	    (err = audit_append(sys, ses->account_id, ses->username, "guide.upload", object,
	                        "")) ||
	    (err = store_tx_commit(sys->store)))
		goto fail;
	*id_out = guide;
	goto out;
fail:
	store_tx_rollback(sys->store);
out:
	if (clean != NULL) {
		sodium_memzero(clean, clean_len);
		free(clean);
	}
	return err;
}

enum sod_err
guide_get(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
          struct guide_rec *out)
{
	bool ok = false;
	enum sod_err err = store_guide_get(sys->store, a, id, out);

	if (err || out->is_public)
		return err;
	/* Not public: only accounts with a role on its unit's line or below
	 * it; to anyone else it does not exist [guide-other-subtree-404]. */
	if (ses == NULL || (err = store_guide_viewer(sys->store, out->unit_id, ses->account_id,
	                                             &ok)))
		return err ? err : SOD_ENOTFOUND;
	return ok ? SOD_OK : SOD_ENOTFOUND;
}

enum sod_err
guide_stream_open(struct sys *sys, struct arena *a, const struct guide_rec *g,
                  int64_t version, struct guide_version_rec *vout, struct guide_stream **out)
{
	struct guide_version_rec *v;
	size_t n, i = 0;
	enum sod_err err;

	*out = NULL;
	if ((err = store_guide_versions(sys->store, a, g->id, &v, &n)) != SOD_OK)
		return err;
	while (i < n && version != 0 && v[i].version != version)
		i++;
	if (i == n)
		return SOD_ENOTFOUND;
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return SOD_ENOMEM;
	(*out)->sys = sys;
	(*out)->guide = g->id;
	(*out)->version = v[i].version;
	*vout = v[i];
	return SOD_OK;
}

enum sod_err
guide_stream_read(struct guide_stream *s, char *buf, size_t max, size_t *n_out)
{
	size_t n;
	enum sod_err err;

	*n_out = 0;
	if (s->pos == s->len && !s->done) {
		err = store_guide_chunk(s->sys->store, s->guide, s->version, s->seq, s->buf,
		                        sizeof(s->buf), &s->len);
		if (err == SOD_ENOTFOUND || (err == SOD_OK && s->len == 0)) {
			s->done = true;
			s->len = 0;
		} else if (err) {
			return err;
		}
		s->pos = 0;
		s->seq++;
	}
	n = s->len - s->pos < max ? s->len - s->pos : max;
	memcpy(buf, s->buf + s->pos, n);
	s->pos += n;
	*n_out = n;
	return SOD_OK;
}

void
guide_stream_free(struct guide_stream **s)
{
	free(*s);
	*s = NULL;
}

enum sod_err
guide_reading_add(struct sys *sys, struct arena *a, const struct session *ses,
                  int64_t training, int64_t guide)
{
	struct training_rec t;
	struct guide_rec *g;
	size_t n, i = 0;
	bool ok = false;
	char object[40];
	enum sod_err err;

	if ((err = store_training_get(sys->store, a, training, &t)) ||
	    (err = guide_can_manage(sys, ses, t.unit_id, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = store_guide_list(sys->store, a, t.unit_id, false, &g, &n)))
		return err;
	while (i < n && g[i].id != guide)
		i++;
	if (i == n)
		return SOD_ENOTFOUND;
	snprintf(object, sizeof(object), "training:%lld", (long long)training);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_reading_add(sys->store, training, guide)) ||
	    (err = audit_append(sys, ses->account_id, ses->username, "training.reading", object,
	                        "")) ||
	    (err = store_tx_commit(sys->store)))
		store_tx_rollback(sys->store);
	return err;
}

enum sod_err
guide_list(struct sys *sys, struct arena *a, int64_t unit, bool public_only,
           struct guide_rec **items_out, size_t *n_out)
{
	return store_guide_list(sys->store, a, unit, public_only, items_out, n_out);
}

enum sod_err
guide_versions(struct sys *sys, struct arena *a, int64_t guide,
               struct guide_version_rec **items_out, size_t *n_out)
{
	return store_guide_versions(sys->store, a, guide, items_out, n_out);
}

enum sod_err
guide_readings(struct sys *sys, struct arena *a, int64_t training,
               struct guide_rec **items_out, size_t *n_out)
{
	return store_readings(sys->store, a, training, items_out, n_out);
}
