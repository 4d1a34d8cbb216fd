/*
 * tmpl.h — HTML templates that escape by construction.
 *
 * Templates are files under assets/templates/, compiled in. The syntax is a
 * small subset of Mustache, with no way to print unescaped text:
 *
 *   {{a.b}}          the value at path a.b of the context, HTML-escaped
 *                    (& < > " ' and `); numbers printed as numbers,
 *                    true as "true", null/absent as nothing
 *   {{#a}}…{{/a}}    if a is an array: once per element, with the element
 *                    as the innermost context; if an object: once, with it
 *                    as context; if true/non-empty string/non-zero: once;
 *                    otherwise not at all
 *   {{^a}}…{{/a}}    once if a is absent, false, null, "", 0 or []
 *   {{>name}}        include assets/templates/name.html (depth ≤ 8)
 *   {{_key}}         the message of key in the request's language
 *                    (i18n.h), HTML-escaped
 *   {{!…}}           comment
 *   {{.}}            the current element itself (in an array section)
 *
 * Lookup of a name walks the context stack outward, as Mustache does.
 * Templates are parsed once per process and cached (thread-safe).
 */
#ifndef SOD_WEB_TMPL_H
#define SOD_WEB_TMPL_H

#include <jansson.h>

#include "text/date.h"
#include "util/buf.h"
#include "util/err.h"

/*
 * Render template name (e.g. "home" for assets/templates/home.html) with
 * ctx into out, messages in lang. SOD_ENOTFOUND if no such template,
 * SOD_EINVAL if it is malformed (logged with its name and line),
 * SOD_ETOOBIG if out overflowed.
 */
enum sod_err tmpl_render(struct buf *out, const char *name, json_t *ctx,
                         enum lang lang);

/* Append s[0..n) to out with HTML escaping. */
void html_escape(struct buf *out, const char *s, size_t n);

/* Drop the parsed-template cache (at shutdown; for leak checkers). */
void tmpl_shutdown(void);

#endif
