/*
 * mail.c — see mail.h. The message is built in a buffer and handed to
 * libcurl's SMTP client through a read callback.
 */
#include "util/mail.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "util/buf.h"
#include "util/log.h"

#define MAIL_MAX (4u << 20)

struct reader {
	const char *p;
	size_t left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *ctx)
{
	struct reader *r = ctx;
	size_t n = size * nmemb;

	if (n > r->left)
		n = r->left;
	memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

enum sod_err
mail_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? SOD_OK : SOD_ENOMEM;
}

void
mail_shutdown(void)
{
	curl_global_cleanup();
}

int
mail_enabled(const struct mail_config *c)
{
	return c != NULL && c->url != NULL && c->url[0] != '\0';
}

static int
address_ok(const char *a)
{
	return a != NULL && strchr(a, '@') != NULL && strpbrk(a, "\r\n<>") == NULL &&
	       strlen(a) <= 254;
}

/* Append s as base64, in lines of 76. */
static void
put_base64(struct buf *b, const char *s, size_t n, int lines)
{
	size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *enc = malloc(len);

	if (enc == NULL) {
		b->failed = true;
		return;
	}
	sodium_bin2base64(enc, len, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
	for (size_t i = 0, m = strlen(enc); i < m; i += 76) {
		buf_append(b, enc + i, m - i < 76 ? m - i : 76);
		if (lines)
			buf_puts(b, "\r\n");
	}
	free(enc);
}

enum sod_err
mail_send(const struct mail_config *c, const char *const *to, size_t n,
          const char *subject, const char *body)
{
	return mail_send_alt(c, to, n, subject, body, NULL);
}

/* The body: plain text alone, or text and HTML as multipart/alternative
 * (RFC 2046; the boundary is random, so no part can contain it). */
static void
put_body(struct buf *msg, const char *text, const char *html)
{
	unsigned char r[12];
	char boundary[2 * sizeof(r) + 1];

	if (html == NULL) {
		buf_puts(msg, "Content-Type: text/plain; charset=UTF-8\r\n"
		         "Content-Transfer-Encoding: base64\r\n\r\n");
		put_base64(msg, text, strlen(text), 1);
		return;
	}
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(boundary, sizeof(boundary), r, sizeof(r));
	buf_printf(msg, "Content-Type: multipart/alternative; boundary=\"=_%s\"\r\n\r\n"
	           "--=_%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	           "Content-Transfer-Encoding: base64\r\n\r\n", boundary, boundary);
	put_base64(msg, text, strlen(text), 1);
	buf_printf(msg, "--=_%s\r\nContent-Type: text/html; charset=UTF-8\r\n"
	           "Content-Transfer-Encoding: base64\r\n\r\n", boundary);
	put_base64(msg, html, strlen(html), 1);
	buf_printf(msg, "--=_%s--\r\n", boundary);
}

enum sod_err
mail_send_alt(const struct mail_config *c, const char *const *to, size_t n,
              const char *subject, const char *body, const char *html)
{
	struct curl_slist *rcpt = NULL;
	struct reader rd;
	struct buf msg;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	CURL *curl;
	CURLcode rc;
	enum sod_err err = SOD_OK;

	if (!mail_enabled(c) || !address_ok(c->from))
		return SOD_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!address_ok(to[i]))
			return SOD_EINVAL;
	if (n == 0)
		return SOD_OK;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_init(&msg, MAIL_MAX);
	buf_printf(&msg, "Date: %s\r\nFrom: <%s>\r\nTo: undisclosed-recipients:;\r\n"
	           "Subject: =?UTF-8?B?", date, c->from);
	put_base64(&msg, subject, strlen(subject), 0);
	buf_puts(&msg, "?=\r\nMIME-Version: 1.0\r\n");
	put_body(&msg, body, html);
	if (buf_failed(&msg)) {
		buf_free(&msg);
		return SOD_ETOOBIG;
	}
	if ((curl = curl_easy_init()) == NULL) {
		buf_free(&msg);
		return SOD_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct curl_slist *next = curl_slist_append(rcpt, to[i]);

		if (next == NULL) {
			err = SOD_ENOMEM;
			goto out;
		}
		rcpt = next;
	}
	rd = (struct reader){msg.data, msg.len};
	curl_easy_setopt(curl, CURLOPT_URL, c->url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, c->from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(curl, CURLOPT_READDATA, &rd);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	/* With a password, TLS or nothing: a server (or a man in the middle)
	 * that does not offer STARTTLS must not get the password in the clear
	 * [smtp-tls-required]. */
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)(c->user != NULL && c->user[0] != '\0'
	                 ? CURLUSESSL_ALL : CURLUSESSL_TRY));
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)(c->timeout > 0 ? c->timeout : 30));
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (c->user != NULL && c->user[0] != '\0') {
		curl_easy_setopt(curl, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	if ((rc = curl_easy_perform(curl)) != CURLE_OK) {
		LOG_ERR("sending mail to %zu recipients: %s", n, curl_easy_strerror(rc));
		err = SOD_EIO;
	}
out:
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	buf_free(&msg);
	return err;
}
