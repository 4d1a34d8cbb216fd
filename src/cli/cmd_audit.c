/*
 * cmd_audit.c — `sodsong audit verify DIR [--expect ID:HASH]`: walk the
 * audit log's hash chain (domain/audit.h, docs/audit.md).
 *
 * Intact: prints how many entries were checked and the newest entry's id
 * and hash — to be noted down or sent elsewhere, since only such a copy
 * reveals a chain rewritten from some entry to its end — and exits 0.
 * With --expect, the entry ID noted earlier must still have HASH. Not
 * intact: prints the first bad entry's id and what is wrong, exits 1.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "util/str.h"

struct expect {
	bool given;
	int64_t id;
	char hash[AUDIT_HASH_HEX_LEN + 1];
};

/* "ID:HASH" as printed by an earlier verify. */
static bool
parse_expect(const char *arg, struct expect *x)
{
	struct slice s = slice_from(arg), id;

	if (!slice_cut(&s, ':', &id) || !str_to_i64(id, 1, INT64_MAX, &x->id) ||
	    s.len != AUDIT_HASH_HEX_LEN)
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!((s.p[i] >= '0' && s.p[i] <= '9') || (s.p[i] >= 'a' && s.p[i] <= 'f')))
			return false;
	memcpy(x->hash, s.p, s.len);
	x->hash[s.len] = '\0';
	x->given = true;
	return true;
}

static const char *
why_words(const char *why)
{
	if (strcmp(why, "altered") == 0)
		return "altered: its fields or its stored hash were changed";
	if (strcmp(why, "missing") == 0)
		return "missing: it was removed from the log";
	return "broken_link: it does not follow the entry before it";
}

/* The noted entry must still be there with the noted hash. */
static int
check_expect(struct sys *sys, struct arena *a, const struct expect *x, int64_t head)
{
	struct audit_entry e;
	enum sod_err err = audit_get(sys, a, x->id, &e);

	if (err == SOD_ENOTFOUND) {
		printf("audit log NOT intact: entry %lld missing: the log ends at entry "
		       "%lld, it was cut short\n", (long long)x->id, (long long)head);
		return EXIT_FAIL;
	}
	if (err) {
		cli_err("cannot read audit entry %lld: %s", (long long)x->id, sod_strerror(err));
		return EXIT_FAIL;
	}
	if (strcmp(e.hash, x->hash) != 0) {
		printf("audit log NOT intact: entry %lld does not have the expected hash: "
		       "the log was rewritten from there on (or this is another folder)\n",
		       (long long)x->id);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
verify(const char *dir, const struct expect *x)
{
	struct config cfg;
	struct sys sys;
	struct arena *a;
	char head_hash[AUDIT_HASH_HEX_LEN + 1];
	const char *why = NULL;
	int64_t checked = 0, bad = 0, head = 0;
	int rc;
	enum sod_err err;

	if ((rc = config_load(dir, &cfg)) != EXIT_OK || (rc = cli_open(dir, &sys, &cfg)) != EXIT_OK)
		return rc;
	if ((a = arena_new(1u << 20)) == NULL) {
		cli_close(&sys);
		cli_err("out of memory");
		return EXIT_FAIL;
	}
	err = audit_verify_head(&sys, a, &checked, &bad, &why, &head, head_hash);
	if (err == SOD_ECONFLICT) {
		printf("audit log NOT intact: entry %lld %s (%lld entries read)\n",
		       (long long)bad, why_words(why), (long long)checked);
		rc = EXIT_FAIL;
	} else if (err) {
		cli_err("cannot walk the audit log: %s", sod_strerror(err));
		rc = EXIT_FAIL;
	} else if (x->given && (rc = check_expect(&sys, a, x, head)) != EXIT_OK) {
		/* check_expect said why */
	} else {
		printf("audit log intact: %lld entries checked\n", (long long)checked);
		printf("last entry: %lld\nlast hash: %s\n", (long long)head, head_hash);
		if (head > 0)
			printf("note \"%lld:%s\" elsewhere; later: sodsong audit verify DIR "
			       "--expect %lld:%s\n", (long long)head, head_hash, (long long)head,
			       head_hash);
		if (x->given)
			printf("entry %lld has the hash noted earlier\n", (long long)x->id);
		rc = EXIT_OK;
	}
	arena_free(&a);
	cli_close(&sys);
	return rc;
}

int
cmd_audit(int argc, char **argv)
{
	struct expect x = {0};

	if (argc == 5 && strcmp(argv[3], "--expect") == 0) {
		if (!parse_expect(argv[4], &x)) {
			cli_err("--expect takes ID:HASH as an earlier verify printed it");
			return EXIT_USAGE;
		}
	} else if (argc != 3) {
		goto usage;
	}
	if (strcmp(argv[1], "verify") != 0)
		goto usage;
	return verify(argv[2], &x);
usage:
	cli_err("usage: sodsong audit verify DIR [--expect ID:HASH]");
	return EXIT_USAGE;
}
