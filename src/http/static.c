/*
 * static.c — CSS, icons and script from the embedded assets
 * (assets/static/), and the Thai web fonts of Debian's fonts-thai-tlwg-web
 * from the font folder. Everything is served from this origin: no page
 * loads anything from anywhere else. Each answer carries a strong ETag
 * (BLAKE2b of the bytes) and a day of caching; If-None-Match gives 304.
 */
#include "http/http.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "util/asset.h"

#define FONT_MAX (2u << 20)

const char *http_font_dir(const struct req *r);

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".woff", "font/woff"},
	{".woff2", "font/woff2"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *
type_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* A name is safe if it is plain: letters, digits, '-', '_', '.', '/' with
 * no "..", no leading '/', no empty segment. */
static bool
is_safe_name(const char *s)
{
	if (s[0] == '\0' || s[0] == '/' || s[0] == '.' || strstr(s, "..") || strstr(s, "//"))
		return false;
	for (; *s; s++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '/'))
			return false;
	}
	return true;
}

static void
serve_bytes(struct req *r, const void *p, size_t n, const char *type)
{
	unsigned char h[16];
	char hex[33];
	const char *inm = req_header(r, "If-None-Match");
	char *etag;

	crypto_generichash(h, sizeof(h), p, n, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	etag = arena_printf(r->arena, "\"%s\"", hex);
	if (etag == NULL)
		return;
	r->cacheable = true;
	req_add_header(r, "ETag", etag);
	req_add_header(r, "Cache-Control", "public, max-age=86400");
	if (inm != NULL && strcmp(inm, etag) == 0) {
		req_reply(r, 304, type);
		return;
	}
	buf_append(&r->resp, p, n);
	req_reply(r, 200, type);
}

static bool
serve_font(struct req *r, const char *name)
{
	char *path = arena_printf(r->arena, "%s/%s", http_font_dir(r), name);
	struct stat st;
	char *data;
	ssize_t got;
	int fd;

	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > FONT_MAX ||
	    (data = arena_alloc(r->arena, (size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return false;
	}
	got = read(fd, data, (size_t)st.st_size);
	close(fd);
	if (got != st.st_size)
		return false;
	serve_bytes(r, data, (size_t)got, type_of(name));
	return true;
}

void
http_static(struct req *r, const char *rel)
{
	const struct asset *a;
	const char *type;
	char *name;

	if (!is_safe_name(rel) || (type = type_of(rel)) == NULL)
		goto notfound;
	if (strncmp(rel, "fonts/", 6) == 0 && strchr(rel + 6, '/') == NULL) {
		if (serve_font(r, rel + 6))
			return;
		goto notfound;
	}
	name = arena_printf(r->arena, "static/%s", rel);
	if (name == NULL || (a = asset_find(name)) == NULL)
		goto notfound;
	serve_bytes(r, a->data, a->len, type);
	return;
notfound:
	buf_puts(&r->resp, "404 Not Found\n");
	req_reply(r, 404, "text/plain; charset=utf-8");
}
