/*
 * hookpost.c — see hookpost.h. URLs are parsed by libcurl's own parser
 * (CURLU), so that what is checked is what libcurl will connect to.
 */
#include "util/hookpost.h"

#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "util/log.h"

#define ANSWER_MAX (64u << 10)

static bool
v4_private(uint32_t a)
{
	uint8_t b0 = (uint8_t)(a >> 24), b1 = (uint8_t)(a >> 16), b2 = (uint8_t)(a >> 8);

	return b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224 ||
	       (b0 == 100 && (b1 & 0xc0) == 64) || (b0 == 169 && b1 == 254) ||
	       (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168) ||
	       (b0 == 192 && b1 == 0 && b2 == 0) || (b0 == 198 && (b1 & 0xfe) == 18);
}

bool
hookpost_addr_is_private(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		return v4_private(ntohl(in->sin_addr.s_addr));
	}
	if (sa->sa_family == AF_INET6) {
		const unsigned char *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const unsigned char zero[10];

		/* IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d). */
		if (memcmp(b, zero, 10) == 0 && ((b[10] == 0xff && b[11] == 0xff) ||
		                                 (b[10] == 0 && b[11] == 0)))
			return v4_private((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
			                  (uint32_t)b[14] << 8 | b[15]);
		return (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||
		       b[0] == 0xff;
	}
	return true;   /* anything else is not for webhooks */
}

static bool
printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* Parse url into its scheme and host (curl-allocated; free with curl_free). */
static const char *
parse(const char *url, char **scheme, char **host)
{
	CURLU *u = curl_url();
	char *user = NULL, *pw = NULL;
	const char *why = NULL;

	*scheme = *host = NULL;
	if (u == NULL)
		return "syntax";
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, host, 0) != CURLUE_OK || (*host)[0] == '\0')
		why = "syntax";
	else if (strcasecmp(*scheme, "http") != 0 && strcasecmp(*scheme, "https") != 0)
		why = "scheme";
	else if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	         curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_OK)
		why = "credentials";
	curl_free(user);
	curl_free(pw);
	curl_url_cleanup(u);
	return why;
}

enum sod_err
hookpost_url_check(const char *url, bool allow_private, const char **why_out)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
	char *scheme = NULL, *host = NULL;
	const char *why = NULL;
	size_t n = url ? strlen(url) : 0;

	if (n == 0 || n > HOOKPOST_URL_MAX || !printable_ascii(url))
		why = "syntax";
	else if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
		why = "scheme";   /* before curl guesses a scheme for "example.org" */
	else
		why = parse(url, &scheme, &host);
	if (why == NULL) {
		/* IPv6 literals come back in brackets. */
		char h[256];
		size_t hl = strlen(host);

		if (hl >= 2 && host[0] == '[' && hl - 2 < sizeof(h)) {
			memcpy(h, host + 1, hl - 2);
			h[hl - 2] = '\0';
		} else if (hl < sizeof(h)) {
			memcpy(h, host, hl + 1);
		} else {
			h[0] = '\0';
		}
		if (h[0] == '\0' || getaddrinfo(h, NULL, &hints, &res) != 0 || res == NULL)
			why = "resolve";
		for (struct addrinfo *ai = res; why == NULL && ai != NULL; ai = ai->ai_next)
			if (!allow_private && hookpost_addr_is_private(ai->ai_addr))
				why = "private";
	}
	if (res != NULL)
		freeaddrinfo(res);
	curl_free(scheme);
	curl_free(host);
	*why_out = why;
	return why ? SOD_EINVAL : SOD_OK;
}

struct guard {
	bool allow_private;
	bool refused;
};

/* Every connection libcurl opens passes here with its resolved address
 * [webhook-ssrf]: a private one is refused unless allowed. */
static curl_socket_t
open_socket(void *ctx, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct guard *g = ctx;

	if (purpose != CURLSOCKTYPE_IPCXN ||
	    (!g->allow_private && hookpost_addr_is_private(&addr->addr))) {
		g->refused = true;
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

static size_t
drop_answer(char *p, size_t size, size_t nmemb, void *ctx)
{
	size_t *seen = ctx, n = size * nmemb;

	(void)p;
	*seen += n;
	return *seen > ANSWER_MAX ? 0 : n;
}

enum sod_err
hookpost_send(const char *url, const char *const *headers, size_t nheaders, const char *body,
              size_t len, bool allow_private, int timeout, struct hookpost_result *out)
{
	struct guard g = {.allow_private = allow_private};
	struct curl_slist *hl = NULL;
	size_t seen = 0;
	const char *why;
	CURL *curl = NULL;
	CURLcode rc;
	enum sod_err err = SOD_EIO;

	*out = (struct hookpost_result){0};
	/* Syntax and scheme again: the stored URL was checked when kept, but
	 * the rules may have tightened since. Resolution is left to libcurl
	 * and judged in open_socket. */
	if (url == NULL || strlen(url) > HOOKPOST_URL_MAX || !printable_ascii(url) ||
	    (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)) {
		snprintf(out->error, sizeof(out->error), "refused: not an http(s) URL");
		return SOD_EINVAL;
	}
	if ((curl = curl_easy_init()) == NULL)
		return SOD_ENOMEM;
	hl = curl_slist_append(hl, "Content-Type: application/json");
	for (size_t i = 0; i < nheaders && hl != NULL; i++) {
		struct curl_slist *next = curl_slist_append(hl, headers[i]);

		if (next == NULL) {
			curl_slist_free_all(hl);
			hl = NULL;
		} else {
			hl = next;
		}
	}
	if (hl == NULL) {
		err = SOD_ENOMEM;
		goto out;
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	/* Straight to the receiver: a proxy from the environment would be
	 * the address open_socket judges, not the receiver's. */
	curl_easy_setopt(curl, CURLOPT_PROXY, "");
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &g);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "Sodsong-Webhook/1");
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)(timeout > 0 ? timeout : 10));
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)(timeout > 0 ? timeout : 10));
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, drop_answer);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &seen);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	if (g.refused) {
		why = "refused: a private or loopback address (webhook_allow_private is off)";
		snprintf(out->error, sizeof(out->error), "%s", why);
		err = SOD_EPERM;
	} else if (rc != CURLE_OK && rc != CURLE_WRITE_ERROR) {
		snprintf(out->error, sizeof(out->error), "%s", curl_easy_strerror(rc));
	} else if (out->status >= 200 && out->status < 300) {
		err = SOD_OK;
	} else {
		snprintf(out->error, sizeof(out->error), "HTTP %ld", out->status);
	}
out:
	curl_slist_free_all(hl);
	curl_easy_cleanup(curl);
	return err;
}
