/*
 * tmpl.c — the template engine; see tmpl.h for the syntax.
 *
 * Written by hand: the Mustache libraries in Debian for C either allow
 * unescaped output or do not take jansson values, and the whole point here
 * is that no template can print a value without escaping it. A template is
 * parsed once into a flat array of nodes; a section node records where its
 * body ends, so rendering is a loop with recursion only into sections and
 * partials.
 */
#include "web/tmpl.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/asset.h"
#include "util/log.h"
#include "web/i18n.h"

#define TMPL_MAX_DEPTH   8     /* partials within partials */
#define TMPL_MAX_STACK   32    /* nested contexts */
#define TMPL_MAX_CACHED  128

enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_MSG };

struct node {
	enum node_kind kind;
	const char *s;       /* text, or the tag's name (NUL-terminated copy) */
	size_t len;
	size_t end;          /* sections: index just past the body */
};

struct tmpl {
	char *name;
	struct node *nodes;
	size_t n;
	char *names;         /* storage for the names of tags */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tmpl *cache[TMPL_MAX_CACHED];
static size_t ncache;

static const char tag_chars[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/";

void
html_escape(struct buf *out, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '`': rep = "&#96;"; break;
		case '{': rep = "&#123;"; break;
		default: continue;
		}
		buf_append(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_append(out, s + start, n - start);
}

static void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->nodes);
	free(t->names);
	free(t);
}

static int
line_of(const char *src, const char *at)
{
	int line = 1;

	for (const char *p = src; p < at; p++)
		line += *p == '\n';
	return line;
}

/* Parse src into t; on error log it with the line and return SOD_EINVAL. */
static enum sod_err
parse(struct tmpl *t, const char *src, size_t len)
{
	size_t stack[TMPL_MAX_STACK], depth = 0, cap = 64;
	const char *p = src, *end = src + len;
	char *w;

	t->nodes = malloc(cap * sizeof(*t->nodes));
	t->names = malloc(len + 1);
	if (t->nodes == NULL || t->names == NULL)
		return SOD_ENOMEM;
	w = t->names;
	while (p < end) {
		const char *open = memmem(p, (size_t)(end - p), "{{", 2), *close, *name;
		struct node nd = {0};
		size_t nlen;
		char sigil;

		if (t->n + 2 > cap) {
			struct node *bigger = realloc(t->nodes, (cap *= 2) * sizeof(*bigger));

			if (bigger == NULL)
				return SOD_ENOMEM;
			t->nodes = bigger;
		}
		if (open == NULL || open > p) {
			const char *stop = open ? open : end;

			t->nodes[t->n++] = (struct node){N_TEXT, p, (size_t)(stop - p), 0};
			p = stop;
			continue;
		}
		close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
		if (close == NULL)
			goto bad;
		sigil = open[2];
		name = open + 2;
		if (strchr("#^/>_!", sigil) != NULL && sigil != '\0')
			name++;
		else
			sigil = ' ';
		p = close + 2;
		if (sigil == '!')
			continue;
		while (name < close && *name == ' ')
			name++;
		nlen = (size_t)(close - name);
		while (nlen > 0 && name[nlen - 1] == ' ')
			nlen--;
		/* No raw forms ({{{x}}}, {{&x}}), no delimiter changes: every tag
		 * is a plain name, so nothing can print unescaped. */
		if (nlen == 0 || strspn(name, tag_chars) < nlen)
			goto bad;
		memcpy(w, name, nlen);
		w[nlen] = '\0';
		nd.s = w;
		nd.len = nlen;
		w += nlen + 1;
		switch (sigil) {
		case '#':
		case '^':
			if (depth == TMPL_MAX_STACK)
				goto bad;
			nd.kind = sigil == '#' ? N_SECTION : N_INVERTED;
			stack[depth++] = t->n;
			t->nodes[t->n++] = nd;
			break;
		case '/':
			if (depth == 0 || strcmp(t->nodes[stack[depth - 1]].s, nd.s) != 0)
				goto bad;
			t->nodes[stack[--depth]].end = t->n;
			break;
		case '>':
			nd.kind = N_PARTIAL;
			t->nodes[t->n++] = nd;
			break;
		case '_':
			nd.kind = N_MSG;
			t->nodes[t->n++] = nd;
			break;
		default:
			nd.kind = N_VAR;
			t->nodes[t->n++] = nd;
			break;
		}
	}
	if (depth != 0) {
		p = t->nodes[stack[depth - 1]].s;
		LOG_ERR("template %s: section %s is not closed", t->name, p);
		return SOD_EINVAL;
	}
	return SOD_OK;
bad:
	LOG_ERR("template %s: line %d: malformed tag", t->name, line_of(src, p));
	return SOD_EINVAL;
}

static enum sod_err
load(const char *name, const struct tmpl **out)
{
	char path[256];
	const struct asset *a;
	struct tmpl *t;
	enum sod_err err;

	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++) {
		if (strcmp(cache[i]->name, name) == 0) {
			*out = cache[i];
			pthread_mutex_unlock(&cache_lock);
			return SOD_OK;
		}
	}
	snprintf(path, sizeof(path), "templates/%s.html", name);
	if ((a = asset_find(path)) == NULL) {
		pthread_mutex_unlock(&cache_lock);
		LOG_ERR("no template %s", name);
		return SOD_ENOTFOUND;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL || (t->name = strdup(name)) == NULL) {
		tmpl_free(t);
		pthread_mutex_unlock(&cache_lock);
		return SOD_ENOMEM;
	}
	err = parse(t, (const char *)a->data, a->len);
	if (err == SOD_OK && ncache == TMPL_MAX_CACHED)
		err = SOD_ENOMEM;
	if (err) {
		tmpl_free(t);
		pthread_mutex_unlock(&cache_lock);
		return err;
	}
	cache[ncache++] = t;
	*out = t;
	pthread_mutex_unlock(&cache_lock);
	return SOD_OK;
}

void
tmpl_shutdown(void)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++)
		tmpl_free(cache[i]);
	ncache = 0;
	pthread_mutex_unlock(&cache_lock);
}

/* ---- rendering ------------------------------------------------------------- */

struct render {
	struct buf *out;
	enum lang lang;
	json_t *stack[TMPL_MAX_STACK];
	size_t depth;
};

/* One path segment of an object or (by number) of an array. */
static json_t *
child(json_t *v, const char *seg, size_t n)
{
	char key[128];

	if (n >= sizeof(key))
		return NULL;
	memcpy(key, seg, n);
	key[n] = '\0';
	if (json_is_object(v))
		return json_object_get(v, key);
	if (json_is_array(v) && n > 0 && strspn(key, "0123456789") == n)
		return json_array_get(v, strtoul(key, NULL, 10));
	return NULL;
}

static json_t *
lookup(struct render *r, const char *name)
{
	size_t first = strcspn(name, ".");
	json_t *v = NULL;

	if (strcmp(name, ".") == 0)
		return r->stack[r->depth - 1];
	for (size_t i = r->depth; i-- > 0;) {
		if ((v = child(r->stack[i], name, first)) != NULL)
			break;
	}
	for (const char *p = name + first; v != NULL && *p == '.';) {
		size_t n = strcspn(p + 1, ".");

		v = child(v, p + 1, n);
		p += n + 1;
	}
	return v;
}

static bool
truthy(json_t *v)
{
	switch (json_typeof(v ? v : json_null())) {
	case JSON_TRUE: return true;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0;
	case JSON_ARRAY: return json_array_size(v) > 0;
	case JSON_OBJECT: return true;
	default: return false;
	}
}

static void
print_value(struct buf *out, json_t *v)
{
	char num[64];

	if (json_is_string(v)) {
		html_escape(out, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		buf_puts(out, num);
	} else if (json_is_real(v)) {
		snprintf(num, sizeof(num), "%.2f", json_real_value(v));
		buf_puts(out, num);
	} else if (json_is_true(v)) {
		buf_puts(out, "true");
	}
}

static enum sod_err render_nodes(struct render *r, const struct tmpl *t, size_t from,
                                 size_t to, int depth);

static enum sod_err
render_section(struct render *r, const struct tmpl *t, size_t i, int depth)
{
	const struct node *nd = &t->nodes[i];
	json_t *v = lookup(r, nd->s);
	enum sod_err err = SOD_OK;

	if (nd->kind == N_INVERTED)
		return truthy(v) ? SOD_OK : render_nodes(r, t, i + 1, nd->end, depth);
	if (!truthy(v))
		return SOD_OK;
	if (r->depth == TMPL_MAX_STACK)
		return SOD_EINVAL;
	if (json_is_array(v)) {
		for (size_t k = 0; k < json_array_size(v) && !err; k++) {
			r->stack[r->depth++] = json_array_get(v, k);
			err = render_nodes(r, t, i + 1, nd->end, depth);
			r->depth--;
		}
		return err;
	}
	if (json_is_object(v)) {
		r->stack[r->depth++] = v;
		err = render_nodes(r, t, i + 1, nd->end, depth);
		r->depth--;
		return err;
	}
	return render_nodes(r, t, i + 1, nd->end, depth);
}

static enum sod_err
render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to, int depth)
{
	enum sod_err err;

	for (size_t i = from; i < to; i++) {
		const struct node *nd = &t->nodes[i];
		const struct tmpl *part;
		const char *msg;

		switch (nd->kind) {
		case N_TEXT:
			buf_append(r->out, nd->s, nd->len);
			break;
		case N_VAR:
			print_value(r->out, lookup(r, nd->s));
			break;
		case N_MSG:
			msg = i18n_get(r->lang, nd->s);
			html_escape(r->out, msg, strlen(msg));
			break;
		case N_SECTION:
		case N_INVERTED:
			if ((err = render_section(r, t, i, depth)) != SOD_OK)
				return err;
			i = nd->end - 1;
			break;
		case N_PARTIAL:
			if (depth + 1 >= TMPL_MAX_DEPTH) {
				LOG_ERR("template %s: partials nested too deep at %s", t->name, nd->s);
				return SOD_EINVAL;
			}
			if ((err = load(nd->s, &part)) != SOD_OK)
				return err;
			if ((err = render_nodes(r, part, 0, part->n, depth + 1)) != SOD_OK)
				return err;
			break;
		}
	}
	return SOD_OK;
}

enum sod_err
tmpl_render(struct buf *out, const char *name, json_t *ctx, enum lang lang)
{
	struct render r = {.out = out, .lang = lang};
	const struct tmpl *t;
	enum sod_err err;

	if ((err = load(name, &t)) != SOD_OK)
		return err;
	r.stack[r.depth++] = ctx;
	err = render_nodes(&r, t, 0, t->n, 0);
	if (err == SOD_OK && buf_failed(out))
		err = SOD_ETOOBIG;
	return err;
}
