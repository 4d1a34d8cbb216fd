/*
 * mail.h — sending plain-text e-mail through an SMTP server (libcurl).
 *
 * One message to many recipients in one SMTP transaction; the recipients
 * go in the envelope only (the To: header says "undisclosed-recipients"),
 * so members do not see each other's addresses. Thai subjects are encoded
 * as RFC 2047 words, bodies as UTF-8 in base64. STARTTLS is used when the
 * server offers it; smtps:// URLs use TLS from the start. With a user and
 * password, TLS is required: a server that does not offer it gets no
 * password and no message (SOD_EIO).
 */
#ifndef SOD_UTIL_MAIL_H
#define SOD_UTIL_MAIL_H

#include <stddef.h>

#include "util/err.h"

struct mail_config {
	const char *url;       /* smtp://host:port or smtps://…; NULL or "": off */
	const char *from;      /* envelope and From: address */
	const char *user;      /* optional login */
	const char *password;
	int timeout;           /* seconds for the whole exchange */
};

/* Set up and release libcurl (once per process, before threads start). */
enum sod_err mail_init(void);
void mail_shutdown(void);

/* True if mail is configured. */
int mail_enabled(const struct mail_config *c);

/*
 * Send subject and body (UTF-8) to the n addresses. SOD_EINVAL if an
 * address has CR, LF, '<' or '>' (header injection) or no '@';
 * SOD_EIO if the server refused or could not be reached (logged).
 */
enum sod_err mail_send(const struct mail_config *c, const char *const *to, size_t n,
                       const char *subject, const char *body);

/*
 * The same with an HTML alternative (multipart/alternative: the text part
 * first, as RFC 2046 orders them); html NULL sends text alone.
 */
enum sod_err mail_send_alt(const struct mail_config *c, const char *const *to, size_t n,
                           const char *subject, const char *body, const char *html);

#endif
