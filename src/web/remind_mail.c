/*
 * remind_mail.c — the reminder digest as an e-mail: a subject, plain text
 * and an HTML alternative, in the person's language (Thai by default),
 * from the catalogs' remind.* keys. Only what remind_digest_for counted
 * goes in — per kind of item a count due soon, a count overdue and a link —
 * and a link to the settings page. Every dynamic byte of the HTML is
 * escaped, though nothing in it comes from users (counts, catalog text,
 * the configured base_url).
 */
#include "web/web.h"

#include <string.h>

#include "domain/remind.h"
#include "text/date.h"
#include "util/buf.h"
#include "web/i18n.h"
#include "web/tmpl.h"

static void
esc(struct buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
}

static const char *
kind_label(enum lang l, const char *name)
{
	char key[64];

	snprintf(key, sizeof(key), "remind.kind.%s", name);
	return i18n_get(l, key);
}

static void
put_text(struct buf *t, enum lang l, const struct remind_digest *d, const char *day,
         const char *base)
{
	buf_printf(t, "%s %s\n\n", i18n_get(l, "remind.intro"), day);
	for (size_t i = 0; i < d->nlines; i++) {
		const struct remind_line *ln = &d->lines[i];

		buf_printf(t, "- %s: %s %lld, %s %lld\n  %s%s\n\n", kind_label(l, ln->src->name),
		           i18n_get(l, "remind.soon"), (long long)ln->c.soon,
		           i18n_get(l, "remind.overdue"), (long long)ln->c.overdue, base,
		           ln->src->link);
	}
	buf_printf(t, "%s\n\n%s:\n%s/account#reminders\n", i18n_get(l, "remind.no_content"),
	           i18n_get(l, "remind.settings_link"), base);
}

static void
put_html(struct buf *h, enum lang l, const struct remind_digest *d, const char *day,
         const char *base)
{
	buf_printf(h, "<!doctype html><html lang=\"%s\"><meta charset=\"utf-8\"><body><p>",
	           lang_code(l));
	esc(h, i18n_get(l, "remind.intro"));
	buf_puts(h, " ");
	esc(h, day);
	buf_puts(h, "</p><table><thead><tr><th></th><th>");
	esc(h, i18n_get(l, "remind.soon"));
	buf_puts(h, "</th><th>");
	esc(h, i18n_get(l, "remind.overdue"));
	buf_puts(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < d->nlines; i++) {
		const struct remind_line *ln = &d->lines[i];

		buf_puts(h, "<tr><th><a href=\"");
		esc(h, base);
		esc(h, ln->src->link);
		buf_puts(h, "\">");
		esc(h, kind_label(l, ln->src->name));
		buf_printf(h, "</a></th><td>%lld</td><td>%lld</td></tr>", (long long)ln->c.soon,
		           (long long)ln->c.overdue);
	}
	buf_puts(h, "</tbody></table><p>");
	esc(h, i18n_get(l, "remind.no_content"));
	buf_puts(h, "</p><p><a href=\"");
	esc(h, base);
	buf_puts(h, "/account#reminders\">");
	esc(h, i18n_get(l, "remind.settings_link"));
	buf_puts(h, "</a></p></body></html>\n");
}

enum sod_err
web_remind_render(const struct remind_digest *d, struct arena *a, const char *base_url,
                  char **subject_out, char **text_out, char **html_out)
{
	struct buf t, h;
	struct cdate cd;
	enum lang l = LANG_TH;
	char day[64];
	const char *base = base_url ? base_url : "";
	enum sod_err err = SOD_OK;

	if (!lang_parse(d->lang, &l))
		l = LANG_TH;
	if (!date_parse_iso(d->day, strlen(d->day), &cd))
		return SOD_EINVAL;
	date_format_cdate(day, sizeof(day), cd, DATE_LONG, l, false);
	buf_init(&t, 1u << 20);
	buf_init(&h, 1u << 20);
	put_text(&t, l, d, day, base);
	put_html(&h, l, d, day, base);
	if (buf_failed(&t) || buf_failed(&h)) {
		err = SOD_ETOOBIG;
		goto out;
	}
	*subject_out = arena_printf(a, "%s %s", i18n_get(l, "remind.subject"), day);
	*text_out = arena_printf(a, "%.*s", (int)t.len, t.data);
	*html_out = arena_printf(a, "%.*s", (int)h.len, h.data);
	if (*subject_out == NULL || *text_out == NULL || *html_out == NULL)
		err = SOD_ENOMEM;
out:
	buf_free(&t);
	buf_free(&h);
	return err;
}
