/*
 * i18n.c — the compiled-in message catalogs; see i18n.h.
 *
 * Each catalog (assets/i18n/<code>.txt) is parsed once into an array of
 * (key, message) sorted by key; lookups are binary searches. The format is
 * meant for translators, not programmers:
 *
 *     # a comment line
 *     key = message, which may contain = signs\nand line breaks
 *
 * Spaces around the key and the message are dropped; a blank line or one
 * starting with # is skipped; "\n" in a message is a line break. Keys are
 * letters, digits and . _ - (so that templates can name them as {{_key}}).
 * A line without "=", a malformed key, a key given twice or bytes that are
 * not UTF-8 make the catalog invalid, reported with file and line: the
 * program refuses to start rather than show half a language.
 *
 * Keys and messages point into one allocation per catalog. Nothing here
 * changes after i18n_init(), so lookups need no lock.
 */
#include "web/i18n.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/utf8.h"
#include "util/asset.h"
#include "util/log.h"
#include "util/str.h"

#define I18N_KEY_MAX 128

struct entry {
	const char *key;
	const char *msg;
};

struct catalog {
	struct entry *e;     /* sorted by key */
	const char **keys;   /* the same keys, for i18n_keys() */
	size_t n, cap;
	char *text;          /* keys and messages, NUL-separated */
};

static struct catalog catalogs[LANG__MAX];
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static bool loaded;

static const char *const codes[LANG__MAX] = {[LANG_TH] = "th", [LANG_EN] = "en"};

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

static bool
is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static bool
is_valid_key(struct slice k)
{
	if (k.len == 0 || k.len > I18N_KEY_MAX)
		return false;
	for (size_t i = 0; i < k.len; i++)
		if (!is_key_char(k.p[i]))
			return false;
	return true;
}

/* Copy s to *w, NUL-terminated, "\n" turned into a newline if asked. */
static const char *
put(char **w, struct slice s, bool unescape)
{
	char *start = *w;

	for (size_t i = 0; i < s.len; i++) {
		if (unescape && s.p[i] == '\\' && i + 1 < s.len && s.p[i + 1] == 'n') {
			*(*w)++ = '\n';
			i++;
		} else {
			*(*w)++ = s.p[i];
		}
	}
	*(*w)++ = '\0';
	return start;
}

static enum sod_err
add_entry(struct catalog *c, const char *key, const char *msg)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct entry *bigger = realloc(c->e, cap * sizeof(*bigger));

		if (bigger == NULL)
			return SOD_ENOMEM;
		c->e = bigger;
		c->cap = cap;
	}
	c->e[c->n++] = (struct entry){key, msg};
	return SOD_OK;
}

static void
catalog_free(struct catalog *c)
{
	free(c->e);
	free(c->keys);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

/*
 * Parse src[0..len) into the empty catalog c; name is for messages. On
 * failure c may hold a partial result: the caller frees it.
 */
static enum sod_err
catalog_parse(struct catalog *c, const char *name, const char *src, size_t len)
{
	struct slice rest = {src, len}, line;
	enum sod_err err;
	char *w;
	int lineno = 0;

	if (!utf8_valid(src, len) || memchr(src, '\0', len) != NULL) {
		LOG_ERR("%s: not UTF-8 text", name);
		return SOD_EINVAL;
	}
	/* Every line's key and message, with a NUL each, fit in its bytes
	 * (the "=" and the newline pay for the two NULs), plus one for a
	 * last line without a newline. */
	if ((c->text = malloc(len + 1)) == NULL)
		return SOD_ENOMEM;
	w = c->text;
	while (rest.len > 0) {
		struct slice k, v;
		const char *key;

		if (!slice_cut(&rest, '\n', &line)) {
			line = rest;
			rest.len = 0;
		}
		lineno++;
		line = slice_trim(line);
		if (line.len == 0 || line.p[0] == '#')
			continue;
		v = line;
		if (!slice_cut(&v, '=', &k) || !is_valid_key(slice_trim(k))) {
			LOG_ERR("%s:%d: not `key = message` (a key is letters, "
			        "digits and . _ -)", name, lineno);
			return SOD_EINVAL;
		}
		key = put(&w, slice_trim(k), false);
		if ((err = add_entry(c, key, put(&w, slice_trim(v), true))) != SOD_OK)
			return err;
	}
	if (c->n > 0)
		qsort(c->e, c->n, sizeof(*c->e), entry_cmp);
	for (size_t i = 1; i < c->n; i++) {
		if (strcmp(c->e[i - 1].key, c->e[i].key) == 0) {
			LOG_ERR("%s: key %s is given twice", name, c->e[i].key);
			return SOD_EINVAL;
		}
	}
	if ((c->keys = calloc(c->n + 1, sizeof(*c->keys))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < c->n; i++)
		c->keys[i] = c->e[i].key;
	return SOD_OK;
}

static enum sod_err
catalog_load(struct catalog *c, enum lang lang)
{
	char name[32];
	const struct asset *a;

	snprintf(name, sizeof(name), "i18n/%s.txt", codes[lang]);
	if ((a = asset_find(name)) == NULL) {
		LOG_ERR("message catalog %s is missing", name);
		return SOD_ENOTFOUND;
	}
	return catalog_parse(c, name, (const char *)a->data, a->len);
}

enum sod_err
i18n_init(void)
{
	enum sod_err err = SOD_OK;

	pthread_mutex_lock(&init_lock);
	if (loaded)
		goto out;
	for (int l = 0; l < LANG__MAX && err == SOD_OK; l++)
		err = catalog_load(&catalogs[l], (enum lang)l);
	if (err != SOD_OK) {
		for (int l = 0; l < LANG__MAX; l++)
			catalog_free(&catalogs[l]);
		goto out;
	}
	loaded = true;
out:
	pthread_mutex_unlock(&init_lock);
	return err;
}

void
i18n_shutdown(void)
{
	pthread_mutex_lock(&init_lock);
	for (int l = 0; l < LANG__MAX; l++)
		catalog_free(&catalogs[l]);
	loaded = false;
	pthread_mutex_unlock(&init_lock);
}

static const char *
catalog_get(const struct catalog *c, const char *key)
{
	struct entry probe = {key, NULL};
	const struct entry *e;

	if (c->n == 0)
		return NULL;
	e = bsearch(&probe, c->e, c->n, sizeof(probe), entry_cmp);
	return e ? e->msg : NULL;
}

const char *
i18n_get(enum lang lang, const char *key)
{
	const char *m = NULL;

	assert(key != NULL);
	if ((unsigned)lang < LANG__MAX)
		m = catalog_get(&catalogs[lang], key);
	if (m == NULL)
		m = catalog_get(&catalogs[LANG_TH], key);
	return m ? m : key;
}

size_t
i18n_keys(enum lang lang, const char ***keys_out)
{
	if ((unsigned)lang >= LANG__MAX || catalogs[lang].keys == NULL) {
		*keys_out = NULL;
		return 0;
	}
	*keys_out = catalogs[lang].keys;
	return catalogs[lang].n;
}

const char *
lang_code(enum lang lang)
{
	return (unsigned)lang < LANG__MAX ? codes[lang] : codes[LANG_TH];
}

/*
 * A language tag's primary subtag decides: "th", "EN", "th-TH", "en_US",
 * "en-Latn-GB". The rest must look like subtags (letters, digits, "-"),
 * so that a cookie or header cannot smuggle anything else through.
 */
bool
lang_parse(const char *s, enum lang *out)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) < 2 || n > 35)
		return false;
	if (n > 2) {
		if ((s[2] != '-' && s[2] != '_') || n == 3)
			return false;
		for (size_t i = 3; i < n; i++)
			if (!is_key_char(s[i]) || s[i] == '.')
				return false;
	}
	for (int l = 0; l < LANG__MAX; l++) {
		if (strncasecmp(s, codes[l], 2) == 0) {
			*out = (enum lang)l;
			return true;
		}
	}
	return false;
}

#ifdef SOD_TEST_HOOKS
/*
 * Test builds only: parse text as a catalog and copy the message of key
 * into msg_out (empty if absent). SOD_OK, the parse error, or
 * SOD_ENOTFOUND if the catalog is valid but lacks key.
 */
enum sod_err i18n_test_parse(const char *text, size_t len, const char *key,
                             char *msg_out, size_t size);

enum sod_err
i18n_test_parse(const char *text, size_t len, const char *key, char *msg_out,
                size_t size)
{
	struct catalog c = {0};
	const char *m;
	enum sod_err err;

	msg_out[0] = '\0';
	if ((err = catalog_parse(&c, "test", text, len)) == SOD_OK) {
		if ((m = catalog_get(&c, key)) != NULL)
			str_lcpy(msg_out, m, size);
		else
			err = SOD_ENOTFOUND;
	}
	catalog_free(&c);
	return err;
}
#endif
