/*
 * tmpl.c — the template engine; see tmpl.h for the syntax.
 *
 * Written by hand: the Mustache libraries for C either allow unescaped
 * output or do not take jansson values, and the whole point here is that no
 * template can print a value without escaping it. There is no triple
 * mustache, no {{&x}} and no delimiter change: such a tag is a template
 * error, so the only path from a value to the page goes through
 * html_escape().
 *
 * A template is parsed once into a flat array of nodes; a section node
 * records where its body ends, so rendering is a loop with recursion only
 * into sections and partials. Text nodes point into the compiled-in asset,
 * which lives as long as the program. Parsed templates are kept in a
 * process-wide table behind a mutex and never change once published, so
 * any number of threads may render them at once.
 *
 * Rendering is one pass over the template: a value that itself contains
 * "{{x}}" is printed as those characters, never parsed.
 */
#include "web/tmpl.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/asset.h"
#include "util/log.h"
#include "web/i18n.h"

#define TMPL_MAX_PARTIALS 8    /* partials within partials */
#define TMPL_MAX_STACK    32   /* nested sections / contexts */
#define TMPL_NAME_MAX     128  /* a template's name */

enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_MSG };

struct node {
	enum node_kind kind;
	const char *s;   /* N_TEXT: into the asset; else the tag's name, NUL-ended */
	size_t len;
	size_t end;      /* sections: index of the first node after the body */
	int line;        /* where the tag starts, for messages */
};

struct tmpl {
	char *name;
	struct node *nodes;
	size_t n, cap;
	char *names;     /* storage of the tags' names */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tmpl **cache;
static size_t ncache, capcache;

/* ---- escaping ---------------------------------------------------------- */

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
		/* A NUL would end the page for C consumers; browsers show U+FFFD. */
		case '\0': rep = "\xef\xbf\xbd"; break;
		default: continue;
		}
		buf_append(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_append(out, s + start, n - start);
}

/* ---- parsing ------------------------------------------------------------- */

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
count_lines(const char *p, size_t n)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		k += p[i] == '\n';
	return k;
}

/*
 * A name is "." or dot-separated non-empty segments of letters, digits and
 * _ - / (partials name files such as "admin/units").
 */
static bool
is_valid_name(const char *s, size_t n)
{
	bool seg_empty = true;

	if (n == 1 && s[0] == '.')
		return true;
	if (n == 0 || n >= TMPL_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.') {
			if (seg_empty)
				return false;
			seg_empty = true;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '/') {
			seg_empty = false;
		} else {
			return false;
		}
	}
	return !seg_empty;
}

static enum sod_err
push_node(struct tmpl *t, struct node nd)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct node *bigger = realloc(t->nodes, cap * sizeof(*bigger));

		if (bigger == NULL)
			return SOD_ENOMEM;
		t->nodes = bigger;
		t->cap = cap;
	}
	t->nodes[t->n++] = nd;
	return SOD_OK;
}

/* {{/name}} at nd: end the innermost open section, which must be name. */
static enum sod_err
close_section(struct tmpl *t, const size_t *open_at, size_t *depth,
              const struct node *nd)
{
	const struct node *o;

	if (*depth == 0) {
		LOG_ERR("template %s: line %d: {{/%s}} closes no section",
		        t->name, nd->line, nd->s);
		return SOD_EINVAL;
	}
	o = &t->nodes[open_at[*depth - 1]];
	if (strcmp(o->s, nd->s) != 0) {
		LOG_ERR("template %s: line %d: {{/%s}} does not close {{%c%s}} "
		        "of line %d", t->name, nd->line, nd->s,
		        o->kind == N_SECTION ? '#' : '^', o->s, o->line);
		return SOD_EINVAL;
	}
	t->nodes[open_at[--*depth]].end = t->n;
	return SOD_OK;
}

/*
 * Parse src[0..len) into t. A malformed template is logged with its name
 * and the line of the offending tag and gives SOD_EINVAL.
 */
static enum sod_err
parse(struct tmpl *t, const char *src, size_t len)
{
	size_t open_at[TMPL_MAX_STACK], depth = 0;
	const char *p = src, *end = src + len;
	char *w;
	int line = 1;
	enum sod_err err;

	/* Names are shorter than the tags that hold them: len + 1 suffices. */
	if ((t->names = malloc(len + 1)) == NULL)
		return SOD_ENOMEM;
	w = t->names;
	while (p < end) {
		const char *open = memmem(p, (size_t)(end - p), "{{", 2);
		const char *close, *name;
		struct node nd = {.line = line};
		size_t nlen;
		char sigil;

		if (open != p) {
			const char *stop = open ? open : end;

			nd.kind = N_TEXT;
			nd.s = p;
			nd.len = (size_t)(stop - p);
			if ((err = push_node(t, nd)) != SOD_OK)
				return err;
			line += count_lines(p, nd.len);
			p = stop;
			continue;
		}
		close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
		if (close == NULL) {
			LOG_ERR("template %s: line %d: {{ is never closed", t->name, line);
			return SOD_EINVAL;
		}
		p = close + 2;
		name = open + 2;
		while (name < close && *name == ' ')
			name++;
		sigil = name < close ? *name : '\0';
		if (sigil == '!') {             /* comment */
			line += count_lines(open, (size_t)(p - open));
			continue;
		}
		/* tmpl-no-raw: no {{{x}}}, no {{&x}}, no {{=<% %>=}}. */
		if (sigil == '{' || sigil == '&' || sigil == '=') {
			LOG_ERR("template %s: line %d: {{%c is not allowed: every "
			        "value is printed escaped", t->name, line, sigil);
			return SOD_EINVAL;
		}
		if (strchr("#^/>_", sigil) != NULL && sigil != '\0')
			name++;
		else
			sigil = ' ';
		while (name < close && *name == ' ')
			name++;
		nlen = (size_t)(close - name);
		while (nlen > 0 && name[nlen - 1] == ' ')
			nlen--;
		if (!is_valid_name(name, nlen)) {
			LOG_ERR("template %s: line %d: malformed tag {{%.*s}}", t->name,
			        line, (int)((size_t)(close - open - 2) > 40 ? 40 :
			                    (size_t)(close - open - 2)), open + 2);
			return SOD_EINVAL;
		}
		line += count_lines(open, (size_t)(p - open));
		memcpy(w, name, nlen);
		w[nlen] = '\0';
		nd.s = w;
		nd.len = nlen;
		w += nlen + 1;
		switch (sigil) {
		case '#':
		case '^':
			if (depth == TMPL_MAX_STACK) {
				LOG_ERR("template %s: line %d: sections nested deeper "
				        "than %d", t->name, nd.line, TMPL_MAX_STACK);
				return SOD_EINVAL;
			}
			nd.kind = sigil == '#' ? N_SECTION : N_INVERTED;
			open_at[depth++] = t->n;
			break;
		case '/':
			if ((err = close_section(t, open_at, &depth, &nd)) != SOD_OK)
				return err;
			continue;
		case '>':
			nd.kind = N_PARTIAL;
			break;
		case '_':
			nd.kind = N_MSG;
			break;
		default:
			nd.kind = N_VAR;
			break;
		}
		if ((err = push_node(t, nd)) != SOD_OK)
			return err;
	}
	if (depth != 0) {
		const struct node *o = &t->nodes[open_at[depth - 1]];

		LOG_ERR("template %s: line %d: section {{%c%s}} is never closed",
		        t->name, o->line, o->kind == N_SECTION ? '#' : '^', o->s);
		return SOD_EINVAL;
	}
	return SOD_OK;
}

/*
 * The parsed template of that name, from the cache or parsed now (under
 * the lock, so that each template is parsed once). Published templates
 * are never modified, so *out may be read without the lock.
 */
static enum sod_err
load(const char *name, const struct tmpl **out)
{
	char path[TMPL_NAME_MAX + 32];
	const struct asset *a = NULL;
	struct tmpl *t = NULL;
	enum sod_err err = SOD_OK;

	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++) {
		if (strcmp(cache[i]->name, name) == 0) {
			*out = cache[i];
			goto out;
		}
	}
	if (strlen(name) < TMPL_NAME_MAX) {
		snprintf(path, sizeof(path), "templates/%s.html", name);
		a = asset_find(path);
	}
	if (a == NULL) {
		LOG_ERR("no template %.*s", TMPL_NAME_MAX, name);
		err = SOD_ENOTFOUND;
		goto out;
	}
	if (ncache == capcache) {
		size_t cap = capcache ? capcache * 2 : 32;
		struct tmpl **bigger = realloc(cache, cap * sizeof(*bigger));

		if (bigger == NULL) {
			err = SOD_ENOMEM;
			goto out;
		}
		cache = bigger;
		capcache = cap;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->name = strdup(name)) == NULL) {
		err = SOD_ENOMEM;
		goto out;
	}
	if ((err = parse(t, (const char *)a->data, a->len)) != SOD_OK)
		goto out;
	cache[ncache++] = t;
	*out = t;
	t = NULL;
out:
	pthread_mutex_unlock(&cache_lock);
	tmpl_free(t);
	return err;
}

void
tmpl_shutdown(void)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++)
		tmpl_free(cache[i]);
	free(cache);
	cache = NULL;
	ncache = capcache = 0;
	pthread_mutex_unlock(&cache_lock);
}

/* ---- rendering ----------------------------------------------------------- */

struct render {
	struct buf *out;
	enum lang lang;
	json_t *stack[TMPL_MAX_STACK];  /* contexts, innermost last */
	size_t depth;
	int partials;                   /* partials entered so far */
};

/* One path segment: a member of an object, or an element of an array by index. */
static json_t *
child(json_t *v, const char *seg, size_t n)
{
	size_t idx = 0;

	if (json_is_object(v))
		return json_object_getn(v, seg, n);
	if (!json_is_array(v) || n == 0 || n > 9)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (seg[i] < '0' || seg[i] > '9')
			return NULL;
		idx = idx * 10 + (size_t)(seg[i] - '0');
	}
	return json_array_get(v, idx);
}

/*
 * The value at a path: the first segment is looked for in each context
 * from the innermost outward, the rest only inside what it found.
 */
static json_t *
lookup(const struct render *r, const char *name)
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
is_truthy(const json_t *v)
{
	if (v == NULL)
		return false;
	switch (json_typeof(v)) {
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
print_value(struct buf *out, const json_t *v)
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
	/* false, null, absent, arrays and objects print nothing */
}

static enum sod_err render_nodes(struct render *r, const struct tmpl *t,
                                 size_t from, size_t to);

/* Render the body of section node i once with v as the innermost context. */
static enum sod_err
render_with(struct render *r, const struct tmpl *t, size_t i, json_t *v)
{
	enum sod_err err;

	if (r->depth == TMPL_MAX_STACK) {
		LOG_ERR("template %s: line %d: contexts nested deeper than %d",
		        t->name, t->nodes[i].line, TMPL_MAX_STACK);
		return SOD_EINVAL;
	}
	r->stack[r->depth++] = v;
	err = render_nodes(r, t, i + 1, t->nodes[i].end);
	r->depth--;
	return err;
}

static enum sod_err
render_section(struct render *r, const struct tmpl *t, size_t i)
{
	const struct node *nd = &t->nodes[i];
	json_t *v = lookup(r, nd->s);
	enum sod_err err = SOD_OK;

	if (nd->kind == N_INVERTED)
		return is_truthy(v) ? SOD_OK : render_nodes(r, t, i + 1, nd->end);
	if (!is_truthy(v))
		return SOD_OK;
	if (!json_is_array(v))
		return render_with(r, t, i, v);
	for (size_t k = 0; k < json_array_size(v) && err == SOD_OK; k++)
		err = render_with(r, t, i, json_array_get(v, k));
	return err;
}

static enum sod_err
render_partial(struct render *r, const struct tmpl *t, size_t i)
{
	const struct tmpl *part;
	enum sod_err err;

	/* tmpl-partial-depth: a template that includes itself ends here. */
	if (r->partials == TMPL_MAX_PARTIALS) {
		LOG_ERR("template %s: line %d: {{>%s}} nests partials deeper than "
		        "%d (does it include itself?)", t->name, t->nodes[i].line,
		        t->nodes[i].s, TMPL_MAX_PARTIALS);
		return SOD_EINVAL;
	}
	if ((err = load(t->nodes[i].s, &part)) != SOD_OK)
		return err;
	r->partials++;
	err = render_nodes(r, part, 0, part->n);
	r->partials--;
	return err;
}

static enum sod_err
render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to)
{
	enum sod_err err = SOD_OK;
	const char *msg;

	for (size_t i = from; i < to && err == SOD_OK; i++) {
		const struct node *nd = &t->nodes[i];

		if (buf_failed(r->out))
			return SOD_ETOOBIG;
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
			err = render_section(r, t, i);
			i = nd->end - 1;
			break;
		case N_PARTIAL:
			err = render_partial(r, t, i);
			break;
		}
	}
	return err;
}

enum sod_err
tmpl_render(struct buf *out, const char *name, json_t *ctx, enum lang lang)
{
	struct render r = {.out = out, .lang = lang};
	const struct tmpl *t;
	enum sod_err err;

	assert(out != NULL && name != NULL);
	if ((err = load(name, &t)) != SOD_OK)
		return err;
	r.stack[r.depth++] = ctx;
	err = render_nodes(&r, t, 0, t->n);
	if (err == SOD_OK && buf_failed(out))
		err = SOD_ETOOBIG;
	return err;
}
