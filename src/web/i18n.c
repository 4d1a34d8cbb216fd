/*
 * i18n.c — the compiled-in message catalogs; see i18n.h.
 *
 * Each catalog is parsed once into an array of (key, message) sorted by
 * key; lookups are binary searches. Messages point into one allocation per
 * catalog, which holds the unescaped text.
 */
#include "web/i18n.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/asset.h"
#include "util/log.h"
#include "util/str.h"

struct entry {
	const char *key;
	const char *msg;
};

struct catalog {
	struct entry *e;
	size_t n;
	char *text;   /* keys and messages, NUL-separated */
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

/* Copy s into *w with "\n" turned into a newline; returns the start. */
static char *
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
catalog_load(struct catalog *c, const char *name)
{
	const struct asset *a = asset_find(name);
	struct slice rest, line;
	size_t cap = 0;
	char *w;
	int lineno = 0;

	if (a == NULL) {
		LOG_ERR("message catalog %s is missing", name);
		return SOD_ENOTFOUND;
	}
	c->text = malloc(a->len + 1);
	if (c->text == NULL)
		return SOD_ENOMEM;
	w = c->text;
	rest = (struct slice){(const char *)a->data, a->len};
	while (rest.len > 0) {
		struct slice k, v;

		slice_cut(&rest, '\n', &line);
		lineno++;
		line = slice_trim(line);
		if (line.len == 0 || line.p[0] == '#')
			continue;
		v = line;
		if (!slice_cut(&v, '=', &k) || slice_trim(k).len == 0) {
			LOG_ERR("%s:%d: not `key = message`", name, lineno);
			return SOD_EINVAL;
		}
		if (c->n == cap) {
			struct entry *bigger;

			cap = cap ? cap * 2 : 256;
			bigger = realloc(c->e, cap * sizeof(*bigger));
			if (bigger == NULL)
				return SOD_ENOMEM;
			c->e = bigger;
		}
		c->e[c->n].key = put(&w, slice_trim(k), false);
		c->e[c->n].msg = put(&w, slice_trim(v), true);
		c->n++;
	}
	qsort(c->e, c->n, sizeof(*c->e), entry_cmp);
	for (size_t i = 1; i < c->n; i++) {
		if (strcmp(c->e[i - 1].key, c->e[i].key) == 0) {
			LOG_ERR("%s: key %s appears twice", name, c->e[i].key);
			return SOD_EINVAL;
		}
	}
	return SOD_OK;
}

static void
catalog_free(struct catalog *c)
{
	free(c->e);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

enum sod_err
i18n_init(void)
{
	enum sod_err err = SOD_OK;

	pthread_mutex_lock(&init_lock);
	if (!loaded) {
		for (int l = 0; l < LANG__MAX && !err; l++) {
			char name[32];

			snprintf(name, sizeof(name), "i18n/%s.txt", codes[l]);
			err = catalog_load(&catalogs[l], name);
		}
		if (err)
			for (int l = 0; l < LANG__MAX; l++)
				catalog_free(&catalogs[l]);
		else
			loaded = true;
	}
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
lookup(enum lang lang, const char *key)
{
	struct entry probe = {key, NULL}, *e;

	if ((unsigned)lang >= LANG__MAX || catalogs[lang].n == 0)
		return NULL;
	e = bsearch(&probe, catalogs[lang].e, catalogs[lang].n, sizeof(probe), entry_cmp);
	return e ? e->msg : NULL;
}

const char *
i18n_get(enum lang lang, const char *key)
{
	const char *m = lookup(lang, key);

	if (m == NULL)
		m = lookup(LANG_TH, key);
	return m ? m : key;
}

const char *
lang_code(enum lang lang)
{
	return (unsigned)lang < LANG__MAX ? codes[lang] : "th";
}

bool
lang_parse(const char *s, enum lang *out)
{
	size_t n = strcspn(s, "-_");

	for (int l = 0; l < LANG__MAX; l++) {
		if (n == 2 && strncasecmp(s, codes[l], 2) == 0) {
			*out = (enum lang)l;
			return true;
		}
	}
	return false;
}

size_t
i18n_keys(enum lang lang, const char ***keys_out)
{
	static const char *keys[LANG__MAX][2048];
	size_t n = 0;

	for (size_t i = 0; i < catalogs[lang].n && n < 2048; i++)
		keys[lang][n++] = catalogs[lang].e[i].key;
	*keys_out = keys[lang];
	return n;
}
