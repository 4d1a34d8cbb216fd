/*
 * test_tmpl.c — the template engine: escaping, values, sections, context
 * lookup, partials, malformed templates, messages and the output limit.
 *
 * The templates rendered here are the files of assets/templates/test/.
 */
#include "harness.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/asset.h"
#include "web/i18n.h"
#include "web/tmpl.h"

/*
 * Render name with the JSON text ctx (NULL for none) into *out (max bytes);
 * returns the error. The caller frees out.
 */
static enum sod_err
render_max(struct buf *out, size_t max, const char *name, const char *ctx,
           enum lang lang)
{
	json_t *j = NULL;
	enum sod_err err;

	buf_init(out, max);
	if (ctx != NULL) {
		json_error_t je;

		j = json_loads(ctx, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
		if (j == NULL) {
			fprintf(stderr, "  bad test JSON %s: %s\n", ctx, je.text);
			return SOD_EINVAL;
		}
	}
	err = tmpl_render(out, name, j, lang);
	json_decref(j);
	return err;
}

/* Render and compare the whole output; "" stands for an empty page. */
static void
check_render(const char *name, const char *ctx, const char *want)
{
	struct buf b;
	enum sod_err err = render_max(&b, 1u << 20, name, ctx, LANG_TH);

	CHECK(err == SOD_OK);
	if (err != SOD_OK)
		fprintf(stderr, "    rendering %s with %s: %s\n", name,
		        ctx ? ctx : "(null)", sod_strerror(err));
	CHECK_STR(b.data ? b.data : "", want);
	buf_free(&b);
}

/* ---- escaping ------------------------------------------------------------ */

static const struct {
	const char *in;
	const char *want;
} escapes[] = {
	{"plain text", "plain text"},
	{"", ""},
	{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
	{"\"><img src=x onerror=1>", "&quot;&gt;&lt;img src=x onerror=1&gt;"},
	{"' onmouseover='x", "&#39; onmouseover=&#39;x"},
	{"`${x}`", "&#96;${x}&#96;"},
	{"a & b", "a &amp; b"},
	{"&amp; already", "&amp;amp; already"},
	{"&#60;", "&amp;#60;"},
	/* tmpl-one-pass: data that looks like a tag stays data */
	{"{{x}}", "{{x}}"},
	{"{{{x}}}", "{{{x}}}"},
	{"{{>test/loop}}", "{{&gt;test/loop}}"},
	{"{{_app.name}}", "{{_app.name}}"},
	{"สอดส่อง การทุจริต ๒๕๖๗", "สอดส่อง การทุจริต ๒๕๖๗"},
	{"ศปท.<b>", "ศปท.&lt;b&gt;"},
	{"line1\nline2\ttab", "line1\nline2\ttab"},
	{"</textarea><svg/onload=1>", "&lt;/textarea&gt;&lt;svg/onload=1&gt;"},
};

static void
test_html_escape_table(void)
{
	for (size_t i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
		struct buf b;

		buf_init(&b, 4096);
		html_escape(&b, escapes[i].in, strlen(escapes[i].in));
		CHECK_STR(b.data ? b.data : "", escapes[i].want);
		buf_free(&b);
	}
}

/* tmpl-escape: every value printed through a template is escaped. */
static void
test_var_escaped_in_template(void)
{
	for (size_t i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
		json_t *ctx = json_pack("{s:s, s:s}", "v", escapes[i].in, "x", "BOOM");
		struct buf b;
		char want[256];

		buf_init(&b, 4096);
		CHECK(tmpl_render(&b, "test/var", ctx, LANG_TH) == SOD_OK);
		snprintf(want, sizeof(want), "[%s]", escapes[i].want);
		CHECK_STR(b.data, want);
		CHECK(strstr(b.data, "BOOM") == NULL);
		buf_free(&b);
		json_decref(ctx);
	}
}

static void
test_escape_nul(void)
{
	struct buf b;

	buf_init(&b, 64);
	html_escape(&b, "a\0<", 3);
	CHECK(b.len == 1 + 3 + 4);
	CHECK(memcmp(b.data, "a\xef\xbf\xbd&lt;", b.len) == 0);
	buf_free(&b);
	/* A JSON string with an embedded NUL does not cut the page short. */
	check_render("test/var", "{\"v\": \"x\\u0000y\"}", "[x\xef\xbf\xbdy]");
}

/* ---- values -------------------------------------------------------------- */

static void
test_values(void)
{
	static const struct {
		const char *ctx, *want;
	} t[] = {
		{"{\"v\": \"text\"}", "[text]"},
		{"{\"v\": 42}", "[42]"},
		{"{\"v\": -7}", "[-7]"},
		{"{\"v\": 0}", "[0]"},
		{"{\"v\": 9007199254740993}", "[9007199254740993]"},
		{"{\"v\": 3.14159}", "[3.14]"},
		{"{\"v\": 2.0}", "[2.00]"},
		{"{\"v\": -0.005}", "[-0.01]"},
		{"{\"v\": true}", "[true]"},
		{"{\"v\": false}", "[]"},
		{"{\"v\": null}", "[]"},
		{"{}", "[]"},
		{"{\"v\": [1, 2]}", "[]"},
		{"{\"v\": {\"a\": 1}}", "[]"},
		{"[1, 2]", "[]"},
		{NULL, "[]"},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		check_render("test/var", t[i].ctx, t[i].want);
}

static void
test_basic_text_verbatim(void)
{
	check_render("test/basic",
	             "{\"title\": \"หน้าแรก\", \"user\": {\"name\": \"สมชาย & co\", \"age\": 41}}",
	             "<h1>หน้าแรก</h1>\n  <p class=\"who\">สมชาย &amp; co (41)</p>\n");
}

static void
test_dotted_paths(void)
{
	check_render("test/path",
	             "{\"a\": {\"b\": {\"c\": \"deep\"}}, \"list\": [\"zero\", \"one\"], \"c\": \"top\"}",
	             "deep||one||top");
	/* Only the first segment walks outward: a.b.c does not find the outer c. */
	check_render("test/path", "{\"a\": {\"b\": {}}, \"c\": \"top\"}", "||||top");
	check_render("test/path", "{\"a\": \"not an object\", \"list\": {}}", "||||");
}

/* ---- sections ------------------------------------------------------------ */

static void
test_section_truthiness(void)
{
	static const struct {
		const char *ctx, *want;
	} t[] = {
		{"{}", "N"},
		{"{\"v\": null}", "N"},
		{"{\"v\": false}", "N"},
		{"{\"v\": true}", "Y"},
		{"{\"v\": \"\"}", "N"},
		{"{\"v\": \"x\"}", "Y"},
		{"{\"v\": \"0\"}", "Y"},
		{"{\"v\": 0}", "N"},
		{"{\"v\": 5}", "Y"},
		{"{\"v\": -1}", "Y"},
		{"{\"v\": 0.0}", "N"},
		{"{\"v\": 0.5}", "Y"},
		{"{\"v\": []}", "N"},
		{"{\"v\": [false]}", "Y"},
		{"{\"v\": [1, 2, 3]}", "YYY"},
		{"{\"v\": {}}", "Y"},
		{"{\"v\": {\"a\": 1}}", "Y"},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		check_render("test/cond", t[i].ctx, t[i].want);
}

static void
test_section_over_array(void)
{
	check_render("test/section",
	             "{\"items\": [{\"name\": \"หนึ่ง\"}, {\"name\": \"<two>\"}, {}]}",
	             "<ul><li>หนึ่ง</li><li>&lt;two&gt;</li><li></li></ul>");
	check_render("test/section", "{\"items\": []}", "<ul></ul><p>none</p>");
	check_render("test/section", "{}", "<ul></ul><p>none</p>");
	/* An object section renders once, with the object as context. */
	check_render("test/section", "{\"items\": {\"name\": \"solo\"}}",
	             "<ul><li>solo</li></ul>");
}

static void
test_section_dot(void)
{
	check_render("test/dot", "{\"xs\": [\"a\", \"<b>\", 3, 1.5, true, null]}",
	             "[a][&lt;b&gt;][3][1.50][true][]");
	check_render("test/dot", "{\"xs\": \"hi & bye\"}", "[hi &amp; bye]");
	check_render("test/dot", "{\"xs\": 7}", "[7]");
	check_render("test/dot", "{\"xs\": false}", "");
}

/* tmpl-lookup-outward: a name missing in the element is found further out. */
static void
test_nested_context_lookup(void)
{
	check_render("test/nested",
	             "{\"org\": \"ACOC\", \"units\": ["
	             "{\"name\": \"U1\", \"unit_code\": \"u1\", \"members\": ["
	             "{\"name\": \"M1\"}, {\"name\": \"M2\", \"org\": \"own\"}]},"
	             "{\"name\": \"U2\", \"unit_code\": \"u2\", \"members\": []}]}",
	             "U1:M1@u1/ACOC;M2@u1/own;|U2:|");
	/* A value found as false/null stops the walk: no outer value leaks in. */
	check_render("test/nested",
	             "{\"org\": \"ACOC\", \"units\": [{\"name\": \"U\", \"unit_code\": \"u\", "
	             "\"members\": [{\"name\": \"M\", \"org\": null}]}]}",
	             "U:M@u/;|");
}

/* ---- partials ------------------------------------------------------------ */

static void
test_partial(void)
{
	check_render("test/partial", "{\"items\": [{\"name\": \"a<b\"}, {\"name\": \"c\"}]}",
	             "<ul><li>a&lt;b</li><li>c</li></ul>");
	check_render("test/partial", "{}", "<ul></ul>");
}

/* A context nesting {"next": …} depth times, the innermost next false. */
static json_t *
chain(int depth)
{
	json_t *j = json_pack("{s:b}", "next", 0);

	for (int i = 0; i < depth; i++)
		j = json_pack("{s:o}", "next", j);
	return j;
}

/* tmpl-partial-depth: eight partials deep render, the ninth is refused. */
static void
test_partial_depth_limit(void)
{
	for (int depth = 0; depth <= 10; depth++) {
		json_t *ctx = chain(depth);
		struct buf b;
		enum sod_err err;

		buf_init(&b, 4096);
		err = tmpl_render(&b, "test/recurse", ctx, LANG_TH);
		if (depth <= 8) {
			char want[64] = "";

			CHECK(err == SOD_OK);
			for (int i = 0; i <= depth; i++)
				want[i] = '(';
			for (int i = 0; i <= depth; i++)
				want[depth + 1 + i] = ')';
			CHECK_STR(b.data, want);
		} else {
			CHECK(err == SOD_EINVAL);
		}
		buf_free(&b);
		json_decref(ctx);
	}
}

static void
test_partial_self_recursion(void)
{
	struct buf b;

	CHECK(render_max(&b, 1u << 20, "test/loop", "{}", LANG_TH) == SOD_EINVAL);
	buf_free(&b);
}

/* ---- malformed templates ------------------------------------------------- */

/* Capture what is written to stderr while rendering. */
static enum sod_err
render_logged(const char *name, char *log_out, size_t size)
{
	char path[512];
	struct buf b;
	enum sod_err err;
	int fd, saved;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/stderr.txt", harness_tmpdir());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	err = render_max(&b, 4096, name, "{\"v\": 1, \"a\": true, \"b\": true}", LANG_TH);
	dup2(saved, STDERR_FILENO);
	close(saved);
	buf_free(&b);
	n = pread(fd, log_out, size - 1, 0);
	log_out[n > 0 ? n : 0] = '\0';
	close(fd);
	return err;
}

static void
test_malformed_templates(void)
{
	static const struct {
		const char *name;
		enum sod_err err;
		const char *log;   /* must appear in the log line */
	} t[] = {
		{"test/bad_unclosed", SOD_EINVAL, "test/bad_unclosed: line 2"},
		{"test/bad_mismatch", SOD_EINVAL, "test/bad_mismatch: line 3"},
		{"test/bad_close", SOD_EINVAL, "test/bad_close: line 1"},
		{"test/bad_raw3", SOD_EINVAL, "test/bad_raw3: line 2"},
		{"test/bad_amp", SOD_EINVAL, "test/bad_amp: line 1"},
		{"test/bad_delim", SOD_EINVAL, "test/bad_delim: line 1"},
		{"test/bad_tag", SOD_EINVAL, "test/bad_tag: line 2"},
		{"test/bad_name", SOD_EINVAL, "test/bad_name: line 1"},
		{"test/bad_empty", SOD_EINVAL, "test/bad_empty: line 1"},
		{"test/bad_dots", SOD_EINVAL, "test/bad_dots: line 1"},
		{"test/bad_in_partial", SOD_EINVAL, "test/bad_raw3: line 2"},
		{"test/loop", SOD_EINVAL, "test/loop: line 1"},
		{"test/missing_partial", SOD_ENOTFOUND, "test/no_such"},
		{"test/no_such_template", SOD_ENOTFOUND, "test/no_such_template"},
		{"../i18n/th", SOD_ENOTFOUND, "../i18n/th"},
		{"", SOD_ENOTFOUND, "no template"},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char log[2048];

		/* Twice: a broken template must not be cached as a good one. */
		for (int round = 0; round < 2; round++) {
			enum sod_err err = render_logged(t[i].name, log, sizeof(log));

			CHECK(err == t[i].err);
			if (strstr(log, t[i].log) == NULL)
				CHECK_STR(log, t[i].log);
		}
	}
}

/* Every real page template parses (rendered with an empty context). */
static void
test_all_templates_parse(void)
{
	size_t n = 0;

	for (const struct asset *a = assets; a->name != NULL; a++) {
		char name[256];
		size_t len = strlen(a->name);
		struct buf b;
		json_t *ctx;
		enum sod_err err;

		if (strncmp(a->name, "templates/", 10) != 0 ||
		    strncmp(a->name, "templates/test/", 15) == 0 || len < 16 ||
		    strcmp(a->name + len - 5, ".html") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 15), a->name + 10);
		ctx = json_object();
		buf_init(&b, 1u << 20);
		err = tmpl_render(&b, name, ctx, LANG_EN);
		if (err != SOD_OK)
			CHECK_STR(sod_strerror(err), name);
		buf_free(&b);
		json_decref(ctx);
		n++;
	}
	CHECK(n >= 5);
}

/* ---- messages ------------------------------------------------------------ */

static void
test_messages(void)
{
	struct buf b;
	const char *msg;

	CHECK(i18n_init() == SOD_OK);
	CHECK(render_max(&b, 4096, "test/msg", "{}", LANG_TH) == SOD_OK);
	CHECK_STR(b.data, "สอดส่อง|English|test.no_such_key");
	buf_free(&b);
	CHECK(render_max(&b, 4096, "test/msg", "{}", LANG_EN) == SOD_OK);
	CHECK_STR(b.data, "Sodsong|ภาษาไทย|test.no_such_key");
	buf_free(&b);

	/* A message is escaped like any value (this one has an apostrophe). */
	for (int l = 0; l < LANG__MAX; l++) {
		struct buf want;

		msg = i18n_get((enum lang)l, "home.staff_text");
		CHECK(strcmp(msg, "home.staff_text") != 0);
		buf_init(&want, 4096);
		html_escape(&want, msg, strlen(msg));
		CHECK(render_max(&b, 4096, "test/msg_escape", "{}", (enum lang)l) == SOD_OK);
		CHECK_STR(b.data, want.data);
		CHECK(strchr(b.data ? b.data : "", '\'') == NULL);
		buf_free(&b);
		buf_free(&want);
	}
}

/* ---- output limit -------------------------------------------------------- */

static void
test_output_limit(void)
{
	static const char *ctx = "{\"v\": \"0123456789\"}";   /* renders 12 bytes */
	struct buf b;

	CHECK(render_max(&b, 12, "test/var", ctx, LANG_TH) == SOD_OK);
	CHECK_STR(b.data, "[0123456789]");
	buf_free(&b);
	CHECK(render_max(&b, 11, "test/var", ctx, LANG_TH) == SOD_ETOOBIG);
	buf_free(&b);
	/* Escaping counts: "<" becomes four bytes, "[&lt;&lt;&lt;]" is 14. */
	CHECK(render_max(&b, 14, "test/var", "{\"v\": \"<<<\"}", LANG_TH) == SOD_OK);
	buf_free(&b);
	CHECK(render_max(&b, 13, "test/var", "{\"v\": \"<<<\"}", LANG_TH) == SOD_ETOOBIG);
	buf_free(&b);
}

static void
test_output_limit_in_loop(void)
{
	json_t *items = json_array(), *ctx;
	struct buf b;

	for (int i = 0; i < 100000; i++)
		json_array_append_new(items, json_pack("{s:s}", "name", "xxxxxxxx"));
	ctx = json_pack("{s:o}", "items", items);
	buf_init(&b, 1024);
	CHECK(tmpl_render(&b, "test/section", ctx, LANG_TH) == SOD_ETOOBIG);
	CHECK(b.len <= 1024);
	buf_free(&b);
	json_decref(ctx);
}

/* ---- threads ------------------------------------------------------------- */

static void *
render_many(void *arg)
{
	long bad = 0;

	for (int i = 0; i < 200; i++) {
		struct buf b;

		if (render_max(&b, 4096, "test/partial", "{\"items\": [{\"name\": \"x\"}]}",
		               LANG_TH) != SOD_OK ||
		    b.data == NULL || strcmp(b.data, "<ul><li>x</li></ul>") != 0)
			bad++;
		buf_free(&b);
	}
	return (void *)bad;
}

/* The cache is filled by many threads at once without harm. */
static void
test_threads(void)
{
	pthread_t th[8];

	tmpl_shutdown();
	for (int i = 0; i < 8; i++)
		CHECK(pthread_create(&th[i], NULL, render_many, NULL) == 0);
	for (int i = 0; i < 8; i++) {
		void *bad;

		CHECK(pthread_join(th[i], &bad) == 0);
		CHECK(bad == NULL);
	}
}

static void
test_shutdown(void)
{
	tmpl_shutdown();
	tmpl_shutdown();      /* twice is harmless */
	check_render("test/var", "{\"v\": 1}", "[1]");   /* and it reloads */
	tmpl_shutdown();
	i18n_shutdown();
}

const struct test tests[] = {
	TEST(test_html_escape_table),
	TEST(test_var_escaped_in_template),
	TEST(test_escape_nul),
	TEST(test_values),
	TEST(test_basic_text_verbatim),
	TEST(test_dotted_paths),
	TEST(test_section_truthiness),
	TEST(test_section_over_array),
	TEST(test_section_dot),
	TEST(test_nested_context_lookup),
	TEST(test_partial),
	TEST(test_partial_depth_limit),
	TEST(test_partial_self_recursion),
	TEST(test_malformed_templates),
	TEST(test_all_templates_parse),
	TEST(test_messages),
	TEST(test_output_limit),
	TEST(test_output_limit_in_loop),
	TEST(test_threads),
	TEST(test_shutdown),
	{0},
};
