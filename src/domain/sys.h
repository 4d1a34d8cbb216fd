/*
 * sys.h — the long-lived handles every domain call needs: the store and
 * the server key. Built by cli/ when a command opens a data folder; shared
 * read-only by all threads.
 */
#ifndef SOD_DOMAIN_SYS_H
#define SOD_DOMAIN_SYS_H

struct flag_params;

#include "crypto/box.h"
#include "store/store.h"
#include "util/mail.h"

struct sys {
	struct store *store;
	struct box *box;
	char *dir;            /* the data folder */
	int session_idle;     /* seconds a session lives unused */
	int session_max;      /* seconds a session lives at most */
	struct mail_config mail;  /* announcements by e-mail; url NULL: off */
	const struct flag_params *flags;  /* procurement red flags (sodsong.conf) */
	const char *base_url;     /* absolute address of the site, for links in
	                             e-mails and webhook payloads (no trailing /) */
	bool hooks_allow_private; /* webhooks may reach private/loopback addresses */
	int hooks_max_attempts;   /* a delivery is given up after this many tries */
	int hooks_retry_seconds;  /* first retry delay; doubles each try */
	int hooks_timeout;        /* seconds a webhook POST may take */
};

/*
 * Validation failures name the field at fault and a message key of the
 * catalogs ("error.field.…"), so that web/ can say which field and why in
 * the user's language.
 */
struct verr {
	const char *field;
	const char *key;
};

#endif
