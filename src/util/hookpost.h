/*
 * hookpost.h — outgoing HTTP POSTs for webhooks (libcurl), with the
 * guards that a server posting to addresses its users typed needs
 * (server-side request forgery): only http and https, no credentials in
 * the URL, no redirects followed, and by default no private, loopback,
 * link-local, multicast or unspecified address — checked on the address
 * actually connected to, so a name that resolves elsewhere at send time
 * (DNS rebinding) is refused too. Proxies named in the environment
 * (http_proxy, …) are not used, for the same reason.
 */
#ifndef SOD_UTIL_HOOKPOST_H
#define SOD_UTIL_HOOKPOST_H

#include <stdbool.h>
#include <stddef.h>

#include <sys/socket.h>

#include "util/err.h"

#define HOOKPOST_URL_MAX 2000

/* True for addresses a webhook may not reach unless allowed: 0/8, 10/8,
 * 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.168/16,
 * 198.18/15, 224/4 and above; ::, ::1, fc00::/7, fe80::/10, ff00::/8 and
 * IPv4-mapped forms of the above. */
bool hookpost_addr_is_private(const struct sockaddr *sa);

/*
 * Check a webhook URL before it is kept: at most HOOKPOST_URL_MAX bytes of
 * printable ASCII, http or https, a host, no user or password; the host
 * must resolve, and (unless allow_private) to public addresses only.
 * SOD_EINVAL with *why_out a short reason key ("scheme", "syntax",
 * "credentials", "resolve", "private").
 */
enum sod_err hookpost_url_check(const char *url, bool allow_private, const char **why_out);

struct hookpost_result {
	long status;          /* HTTP status; 0 if no answer came */
	char error[160];      /* why it failed, for the delivery log ("" if it did not) */
};

/*
 * POST body (len bytes, application/json) to url with extra header lines
 * ("Name: value"). SOD_OK when a 2xx came back; SOD_EIO otherwise, with
 * out->status and out->error saying why. The answer's body is read and
 * dropped (at most 64 KiB).
 */
enum sod_err hookpost_send(const char *url, const char *const *headers, size_t nheaders,
                           const char *body, size_t len, bool allow_private, int timeout,
                           struct hookpost_result *out);

#endif
