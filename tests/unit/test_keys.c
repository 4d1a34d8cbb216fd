/*
 * test_keys.c — key custody on a real SQLite file (docs/crypto.md):
 * nobody gets a unit key by signing in (keys-no-propagation); a supervisor
 * who holds it approves readers, never those they created
 * (keys-creator-never-approves); `keys grant --username` gives one account
 * only; the identity opens only through a custodian
 * (identity-sealed-to-custodians), not with the unit's secret key; the
 * receipt opens no officers' note or identity-request reason (finding 5);
 * revocation, rotation and a password reset. Each test makes its own
 * data folder, so they do not depend on their order.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "crypto/receipt.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/keys.h"
#include "domain/readers.h"
#include "domain/tip_internal.h"
#include "domain/unit.h"
#include "text/thai.h"

#define PW "long enough pw"

static struct sys sys;
static struct arena *A;
static char *recovery;
static int64_t adm, sup, off, cus, cus2;

static void
teardown(void)
{
	arena_free(&A);
	store_close(&sys.store);
	box_free(&sys.box);
}

static int64_t
account(const char *user, enum role role, const char *unit, int64_t by)
{
	struct verr ve;
	int64_t id = 0;

	CHECK(auth_account_create(&sys, A, user, NULL, PW, role, unit, by, &ve, &id) == SOD_OK);
	return id;
}

/* A fresh folder: units mol > mol-eyes and moj; admin adm (command line)
 * creates sup (supervisor of mol), off (officer of mol), cus (custodian of
 * mol) and cus2 (custodian of the root). */
static void
setup(void)
{
	static int n;
	char path[512];
	struct verr ve;
	int64_t id;
	int v;
	struct unit_input units[] = {
		{"mol", "ministry_acoc", "แรงงาน", "Labour", "root", NULL, NULL},
		{"mol-eyes", "network", "ดวงตาแรงงาน", "Labour Eyes", "mol", NULL, NULL},
		{"moj", "ministry_acoc", "ยุติธรรม", "Justice", "root", NULL, NULL},
	};

	if (sys.store != NULL)
		teardown();
	memset(&sys, 0, sizeof(sys));
	n++;
	sec_slow_configure(2, 10000);
	snprintf(path, sizeof(path), "%s/keys-%d.db", harness_tmpdir(), n);
	CHECK(store_open(path, &sys.store) == SOD_OK);
	CHECK(store_migrate(sys.store, &v) == SOD_OK);
	snprintf(path, sizeof(path), "%s/keys-%d.key", harness_tmpdir(), n);
	CHECK(box_keyfile_create(path) == SOD_OK);
	CHECK(box_open(path, &sys.box) == SOD_OK);
	sys.dir = (char *)harness_tmpdir();
	sys.session_idle = 3600;
	sys.session_max = 3600;
	A = arena_new(64 << 20);
	CHECK(keys_init_recovery(&sys, A, &recovery) == SOD_OK);
	CHECK(unit_ensure_root(&sys, A) == SOD_OK);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		CHECK(unit_create(&sys, A, &units[i], &ve, &id) == SOD_OK);
	adm = account("adm", ROLE_ADMIN, NULL, 0);
	sup = account("sup", ROLE_SUPERVISOR, "mol", adm);
	off = account("off", ROLE_OFFICER, "mol", adm);
	cus = account("cus", ROLE_CUSTODIAN, "mol", adm);
	cus2 = account("cus2", ROLE_CUSTODIAN, NULL, adm);
}

/* Sign in and open the session's tip reader. */
static void
reader_of(const char *user, struct session *ses, struct tip_reader *r)
{
	char *token;
	bool full;
	int64_t retry;

	CHECK(auth_login(&sys, A, user, PW, &token, &full, &retry) == SOD_OK);
	CHECK(auth_session(&sys, A, token, ses) == SOD_OK);
	CHECK(tip_reader_open(&sys, A, ses, token, r) == SOD_OK);
}

static int64_t
file(const char *unit, bool identity, char receipt[17])
{
	struct tip_input in = {
		.unit = unit, .category = TIP_BRIBERY, .subject = "ค่าหัวคิวแรงงาน",
		.description = "มีการเรียกเงินใต้โต๊ะ", .channel = "api",
		.has_identity = identity, .identity_name = "สมศรี ใจดี",
		.identity_phone = "0812345678", .identity_email = "somsri@example.org",
	};
	int64_t id = 0;

	CHECK(tip_submit(&sys, A, &in, NULL, 0, receipt, &id) == SOD_OK);
	return id;
}

static bool
readable(const char *user, int64_t tip)
{
	struct session ses;
	struct tip_reader r;
	struct tip_view v;

	reader_of(user, &ses, &r);
	return tip_open(&sys, A, &r, tip, &v) == SOD_OK && v.readable;
}

/* How many audit entries of action on object. */
static int
audited(const char *object, const char *action)
{
	struct audit_entry *e;
	size_t n;
	int64_t total;
	int k = 0;

	CHECK(audit_list(&sys, A, object, 100, 0, &e, &n, &total) == SOD_OK);
	for (size_t i = 0; i < n; i++)
		k += strcmp(e[i].action, action) == 0;
	return k;
}

static int64_t
unit_id(const char *code)
{
	struct unit_rec u;

	CHECK(unit_get(&sys, A, code, &u, NULL) == SOD_OK);
	return u.id;
}

/* The attack of finding 1: an admin creates an officer, the officer and
 * a key holder sign in; before, the holder's sign-in sealed the key to the
 * officer. Now nothing does (keys-no-propagation). */
static void
test_sign_in_passes_no_key(void)
{
	char receipt[17], object[32];
	int granted = 0;
	int64_t tip;

	setup();
	tip = file("mol", false, receipt);
	(void)readable("off", tip);                 /* off has an account key now */
	(void)readable("sup", tip);
	CHECK(keys_grant_all(&sys, A, recovery, sup, &granted) == SOD_OK && granted == 1);
	CHECK(readable("sup", tip));
	CHECK(!readable("off", tip));               /* sup signed in: nothing passed on */
	CHECK(!readable("off", tip));
	snprintf(object, sizeof(object), "unit:%lld", (long long)unit_id("mol"));
	CHECK(audited(object, "unit_key.grant") == 1);  /* sup's, and no one else's */
	CHECK(keys_grant_all(&sys, A, "not a key", 0, &granted) == SOD_ECRYPTO);
	teardown();
}

static void
test_supervisor_approves_not_creator(void)
{
	struct session ses;
	struct tip_reader r;
	char receipt[17], object[32];
	const char *why;
	int granted = 0;
	int64_t tip, sup2, off2;

	setup();
	sup2 = account("sup2", ROLE_SUPERVISOR, "mol", adm);
	off2 = account("off2", ROLE_OFFICER, "mol", sup2);   /* sup2 created off2 */
	(void)off2;
	tip = file("mol-eyes", false, receipt);
	(void)readable("sup", tip);
	(void)readable("sup2", tip);
	CHECK(keys_grant_all(&sys, A, recovery, sup, &granted) == SOD_OK);
	CHECK(keys_grant_all(&sys, A, recovery, sup2, &granted) == SOD_OK);
	reader_of("sup2", &ses, &r);
	/* off2 has not signed in: nothing to seal to yet. */
	CHECK(readers_approve(&sys, A, &r, "mol", "off", &why) == SOD_ECONFLICT);
	CHECK_STR(why, "not_signed_in");
	(void)readable("off2", tip);
	(void)readable("off", tip);
	reader_of("sup2", &ses, &r);
	CHECK(readers_approve(&sys, A, &r, "mol", "off2", &why) == SOD_EPERM);  /* its creator */
	CHECK(!readable("off2", tip));
	/* Wrong caller, unknown names, a reader of another unit. */
	reader_of("off", &ses, &r);
	CHECK(readers_approve(&sys, A, &r, "mol", "off2", &why) == SOD_EPERM);
	reader_of("adm", &ses, &r);
	CHECK(r.nkeys == 0);                        /* admins hold no key */
	CHECK(readers_approve(&sys, A, &r, "mol", "off2", &why) == SOD_EPERM);
	reader_of("sup", &ses, &r);
	CHECK(readers_approve(&sys, A, &r, "nowhere", "off2", &why) == SOD_ENOTFOUND);
	CHECK(readers_approve(&sys, A, &r, "mol", "nobody", &why) == SOD_ENOTFOUND);
	CHECK(readers_approve(&sys, A, &r, "moj", "off2", &why) == SOD_ENOTFOUND);
	CHECK(readers_approve(&sys, A, &r, "mol", "ไม่มี\xff", &why) == SOD_ENOTFOUND);
	/* sup did not create off2 and holds mol's key: approves. */
	CHECK(readers_approve(&sys, A, &r, "mol", "off2", &why) == SOD_OK);
	CHECK(readers_approve(&sys, A, &r, "mol", "off2", &why) == SOD_ECONFLICT);
	CHECK_STR(why, "already");
	CHECK(readable("off2", tip));
	CHECK(!readable("off", tip));
	snprintf(object, sizeof(object), "unit:%lld", (long long)unit_id("mol"));
	CHECK(audited(object, "unit_key.approve") == 1);
	teardown();
}

/* What a copy of the database and one unit's secret key give. */
static void
test_unit_key_cannot_open_identity(void)
{
	unsigned char rsk[ENV_KEY_LEN], rpk[ENV_KEY_LEN], tkey[ENV_KEY_LEN];
	struct tip_reader stolen = {0};
	struct session ses;
	struct tip_reader r;
	struct identity idn;
	struct identity_request *q;
	char receipt[17], *sealed, *text;
	size_t n;
	int granted;
	int64_t tip, req;

	setup();
	(void)readable("cus", 0);                   /* custodians have keys before filing */
	(void)readable("off", 0);
	tip = file("mol", true, receipt);
	/* The attacker holds mol's secret key (here, through the recovery key). */
	CHECK(keys_recovery_check(&sys, A, recovery, rsk, rpk) == SOD_OK);
	CHECK(keys_recovery_unit(&sys, A, rpk, rsk, unit_id("mol"), &stolen.keys,
	                         &stolen.nkeys) == SOD_OK);
	CHECK(tip_reader_key(&sys, A, &stolen, tip, tkey) == SOD_OK);  /* the tip opens */
	CHECK(store_tip_identity(sys.store, A, tip, &sealed) == SOD_OK && sealed != NULL);
	CHECK(tip_open_text(A, tkey, CTX_IDENTITY, sealed, &text) == SOD_ECRYPTO);
	CHECK(tip_open_text(A, tkey, CTX_IDENTITY_SEALED, sealed, &text) == SOD_ECRYPTO);
	for (size_t i = 0; i < stolen.nkeys; i++)
		CHECK(tip_open_text(A, stolen.keys[i].sk, CTX_IDENTITY_SEALED, sealed, &text) ==
		      SOD_ECRYPTO);
	/* The officer holds the unit key too, and still cannot read it. */
	CHECK(keys_grant_all(&sys, A, recovery, off, &granted) == SOD_OK);
	reader_of("off", &ses, &r);
	CHECK(tip_identity_read(&sys, A, &r, tip, &idn) == SOD_EPERM);
	CHECK(tip_identity_ask(&sys, A, &r, tip, "ต้องติดต่อเพื่อขอหลักฐานเพิ่มเติม", &req) == SOD_OK);
	CHECK(tip_identity_read(&sys, A, &r, tip, &idn) == SOD_EPERM);  /* pending */
	/* The custodian who was there at filing approves: it opens for off. */
	reader_of("cus", &ses, &r);
	CHECK(tip_identity_pending(&sys, A, &r, &q, &n) == SOD_OK && n == 1);
	CHECK(tip_identity_decide(&sys, A, &r, req, true) == SOD_OK);
	reader_of("off", &ses, &r);
	CHECK(tip_identity_read(&sys, A, &r, tip, &idn) == SOD_OK);
	CHECK_STR(idn.name, "สมศรี ใจดี");
	CHECK_STR(idn.phone, "0812345678");
	teardown();
}

/* An account can never approve an identity request it asked for, nor one
 * asked by an account it created; a custodian added after filing gets the
 * identity key with the recovery key. */
static void
test_custodian_rules(void)
{
	struct session ses;
	struct tip_reader r;
	char receipt[17], object[32];
	int granted;
	int64_t tip, off3, req1, req2, req3;

	setup();
	CHECK(auth_grant(&sys, A, cus, ROLE_OFFICER, "mol", &(struct verr){0}) == SOD_OK);
	off3 = account("off3", ROLE_OFFICER, "mol", cus);     /* cus created off3 */
	(void)readable("cus", 0);
	(void)readable("off", 0);
	(void)readable("off3", 0);
	tip = file("mol", true, receipt);
	CHECK(keys_grant_all(&sys, A, recovery, 0, &granted) == SOD_OK && granted == 3);
	reader_of("off3", &ses, &r);
	CHECK(tip_identity_ask(&sys, A, &r, tip, "ขอข้อมูลติดต่อเพื่อสอบถามเพิ่ม", &req3) == SOD_OK);
	reader_of("cus", &ses, &r);
	CHECK(tip_identity_ask(&sys, A, &r, tip, "ขอข้อมูลติดต่อของผู้แจ้งด้วย", &req1) == SOD_OK);
	CHECK(tip_identity_decide(&sys, A, &r, req1, true) == SOD_EPERM);   /* own request */
	CHECK(tip_identity_decide(&sys, A, &r, req3, true) == SOD_EPERM);   /* its creation's */
	reader_of("off", &ses, &r);
	CHECK(tip_identity_ask(&sys, A, &r, tip, "เหตุผลที่ยาวพอสมควร", &req2) == SOD_OK);
	CHECK(tip_identity_decide(&sys, A, &r, req2, true) == SOD_EPERM);   /* not a custodian */
	/* cus2 (root) signed in only after filing: no identity key yet. */
	reader_of("cus2", &ses, &r);
	CHECK(tip_identity_decide(&sys, A, &r, req3, true) == SOD_ECONFLICT);
	CHECK(tip_identity_grant(&sys, A, recovery, cus2, &granted) == SOD_OK && granted == 1);
	snprintf(object, sizeof(object), "tip:%lld", (long long)tip);
	CHECK(audited(object, "identity_key.grant") == 1);
	reader_of("cus2", &ses, &r);
	CHECK(tip_identity_decide(&sys, A, &r, req3, true) == SOD_OK);
	CHECK(tip_identity_decide(&sys, A, &r, req1, false) == SOD_OK);
	(void)off3;
	teardown();
}

/* The tip key as someone with the database and the receipt gets it. */
static void
tip_key_of_receipt(const char receipt[17], unsigned char key[ENV_KEY_LEN])
{
	unsigned char bkey[32], rkey[ENV_KEY_LEN], salt[RECEIPT_SALT + 8];
	struct tip_receipt_rec *c;
	char check[65];
	size_t n, slen;

	box_subkey(sys.box, "sodsong/receipt-bucket/v1", bkey);
	CHECK(store_tip_bucket(sys.store, A, receipt_bucket(bkey, receipt), &c, &n) == SOD_OK);
	CHECK(n >= 1);
	CHECK(sodium_base642bin(salt, sizeof(salt), c[0].salt, strlen(c[0].salt), NULL, &slen,
	                        NULL, sodium_base64_VARIANT_ORIGINAL) == 0);
	CHECK(receipt_derive(receipt, salt, check, rkey) == SOD_OK);
	CHECK(env_unwrap(rkey, CTX_RECEIPT, c[0].wrapped, key) == SOD_OK);
}

static void
test_receipt_opens_no_note(void)
{
	unsigned char tkey[ENV_KEY_LEN];
	struct tip_message_rec *m;
	struct idreq_rec *q;
	struct session ses;
	struct tip_reader r;
	struct tip_view v;
	char receipt[17], *text, *token;
	size_t n, nq, notes = 0;
	int granted;
	int64_t tip, req;

	setup();
	(void)readable("off", 0);
	CHECK(keys_grant_all(&sys, A, recovery, off, &granted) == SOD_OK);
	tip = file("mol", true, receipt);
	reader_of("off", &ses, &r);
	CHECK(tip_note(&sys, A, &r, tip, "สงสัยผู้อำนวยการกอง") == SOD_OK);
	CHECK(tip_identity_ask(&sys, A, &r, tip, "ต้องสอบถามพยานเพิ่มเติม", &req) == SOD_OK);
	CHECK(tip_open(&sys, A, &r, tip, &v) == SOD_OK && v.nmessages == 1);
	CHECK_STR(v.messages[0].body, "สงสัยผู้อำนวยการกอง");        /* officers read it */
	tip_key_of_receipt(receipt, tkey);
	CHECK(store_tip_messages(sys.store, A, tip, true, &m, &n) == SOD_OK);
	for (size_t i = 0; i < n; i++) {
		if (!m[i].internal)
			continue;
		notes++;
		CHECK(tip_open_text(A, tkey, CTX_MESSAGE, m[i].body, &text) == SOD_ECRYPTO);
		CHECK(tip_open_text(A, tkey, CTX_NOTE, m[i].body, &text) == SOD_ECRYPTO);
	}
	CHECK(notes == 1);
	CHECK(store_idreq_list(sys.store, A, tip, &q, &nq) == SOD_OK && nq == 1);
	CHECK(tip_open_text(A, tkey, CTX_REASON, q[0].reason, &text) == SOD_ECRYPTO);
	CHECK(tip_open_text(A, tkey, CTX_REASON_OFFICER, q[0].reason, &text) == SOD_ECRYPTO);
	/* And the reporter's own view shows no note. */
	CHECK(tip_receipt_login(&sys, A, receipt, &token) == SOD_OK);
	CHECK(tip_reporter_open(&sys, A, token, &v) == SOD_OK && v.nmessages == 0);
	teardown();
}

static void
test_revoke_rotate_reset(void)
{
	unsigned char rsk[ENV_KEY_LEN], rpk[ENV_KEY_LEN];
	struct tip_reader old = {0};
	struct session ses;
	struct tip_reader r;
	struct tip_view v;
	struct verr ve;
	char receipt[17], object[32];
	const char *why;
	int granted;
	int64_t t1, t2;

	setup();
	(void)readable("sup", 0);
	(void)readable("off", 0);
	CHECK(keys_grant_all(&sys, A, recovery, sup, &granted) == SOD_OK);
	t1 = file("mol", false, receipt);
	reader_of("sup", &ses, &r);
	CHECK(readers_approve(&sys, A, &r, "mol", "off", &why) == SOD_OK);
	CHECK(readable("off", t1));
	/* Revoke: the officer's copy is gone (a supervisor, or the operator). */
	reader_of("off", &ses, &r);
	CHECK(readers_revoke(&sys, A, &ses, "mol", "off") == SOD_EPERM);
	reader_of("sup", &ses, &r);
	CHECK(readers_revoke(&sys, A, &ses, "mol", "off") == SOD_OK);
	CHECK(readers_revoke(&sys, A, &ses, "mol", "off") == SOD_ECONFLICT);
	CHECK(readers_revoke(&sys, A, &ses, "mol", "nobody") == SOD_ENOTFOUND);
	CHECK(!readable("off", t1));
	snprintf(object, sizeof(object), "unit:%lld", (long long)unit_id("mol"));
	CHECK(audited(object, "unit_key.revoke") == 1);
	/* Rotate: a copy of the old key reads old tips only. */
	CHECK(keys_recovery_check(&sys, A, recovery, rsk, rpk) == SOD_OK);
	CHECK(keys_recovery_unit(&sys, A, rpk, rsk, unit_id("mol"), &old.keys, &old.nkeys) ==
	      SOD_OK && old.nkeys == 1);
	CHECK(keys_rotate(&sys, A, "not a key", unit_id("mol"), &granted) == SOD_ECRYPTO);
	CHECK(keys_rotate(&sys, A, recovery, unit_id("mol"), &granted) == SOD_OK && granted == 1);
	CHECK(audited(object, "unit_key.rotate") == 1);
	t2 = file("mol", false, receipt);
	reader_of("sup", &ses, &r);
	old.ses = &ses;
	CHECK(tip_open(&sys, A, &old, t1, &v) == SOD_OK && v.readable);
	CHECK(tip_open(&sys, A, &old, t2, &v) == SOD_OK && !v.readable);
	CHECK(readable("sup", t1) && readable("sup", t2));  /* the holder got the new key */
	CHECK(keys_rotate(&sys, A, recovery, unit_id("mol"), &granted) == SOD_OK);
	CHECK(readable("sup", t1) && readable("sup", t2));  /* twice: still every tip */
	/* A supervisor who holds the key rotates it from their session. */
	reader_of("off", &ses, &r);
	CHECK(readers_rotate(&sys, A, &r, "mol", &granted) == SOD_EPERM);
	reader_of("sup", &ses, &r);
	CHECK(readers_rotate(&sys, A, &r, "nowhere", &granted) == SOD_ENOTFOUND);
	CHECK(readers_rotate(&sys, A, &r, "moj", &granted) == SOD_EPERM);
	CHECK(readers_rotate(&sys, A, &r, "mol", &granted) == SOD_OK && granted == 1);
	CHECK(readers_rotate(&sys, A, &r, "mol", &granted) == SOD_ECONFLICT);  /* stale key */
	CHECK(audited(object, "unit_key.rotate") == 3);
	{
		char receipt3[17];
		int64_t t3 = file("mol", false, receipt3);

		CHECK(readable("sup", t1) && readable("sup", t2) && readable("sup", t3));
		CHECK(tip_open(&sys, A, &old, t3, &v) == SOD_OK && !v.readable);
	}
	/* Password reset by an operator: the account key is lost with it,
	 * and so is the unit key; approval is needed again. */
	CHECK(auth_set_password(&sys, sup, "another long pw", &ve) == SOD_OK);
	{
		char *token;
		bool full;
		int64_t retry;

		CHECK(auth_login(&sys, A, "sup", "another long pw", &token, &full, &retry) ==
		      SOD_OK);
		CHECK(auth_session(&sys, A, token, &ses) == SOD_OK);
		CHECK(tip_reader_open(&sys, A, &ses, token, &r) == SOD_OK);
		CHECK(r.nkeys == 0);
		CHECK(tip_open(&sys, A, &r, t1, &v) == SOD_OK && !v.readable);
	}
	teardown();
}

/* The re-wrapped copy of tip's key for unit; NULL if none. Also the
 * sealed copy in *sealed. */
static char *
wrapped_of(int64_t tip, int64_t unit, char **sealed)
{
	struct tip_key_rec *k;
	size_t n;

	CHECK(store_tip_keys(sys.store, A, tip, &k, &n) == SOD_OK);
	for (size_t i = 0; i < n; i++)
		if (k[i].unit_id == unit) {
			*sealed = k[i].sealed_key;
			return k[i].wrapped_key;
		}
	CHECK(!"no seal for that unit");
	return NULL;
}

/* The tip key through r with its public-key halves blanked: only the
 * re-wrapped copies can open anything. */
static enum sod_err
key_by_wrap_only(struct tip_reader *r, int64_t tip, unsigned char key[ENV_KEY_LEN])
{
	for (size_t j = 0; j < r->nkeys; j++)
		sodium_memzero(r->keys[j].sk, ENV_KEY_LEN);
	return tip_reader_key(&sys, A, r, tip, key);
}

/* Re-wrapped tip keys (docs/crypto.md): a holder's first read leaves a
 * symmetric copy under its unit key, the sealed copy untouched for new
 * holders; revoked readers open neither; rotation keeps both working. */
static void
test_rewrap(void)
{
	unsigned char rsk[ENV_KEY_LEN], rpk[ENV_KEY_LEN], k1[ENV_KEY_LEN], k2[ENV_KEY_LEN];
	struct tip_reader r, rec = {0};
	struct session ses;
	struct tip_view v;
	char receipt[17], *sealed = NULL, *sealed_after = NULL, *w1;
	const char *why;
	int granted;
	int64_t mol, root, t1, t2, t3;

	setup();
	mol = unit_id("mol");
	root = unit_id("root");
	(void)readable("sup", 0);
	(void)readable("off", 0);
	CHECK(keys_grant_all(&sys, A, recovery, sup, &granted) == SOD_OK);
	t1 = file("mol", false, receipt);
	t3 = file("mol", false, receipt);
	CHECK(wrapped_of(t1, mol, &sealed) == NULL);
	/* Before any read only the sealed copy exists: wraps alone open nothing. */
	reader_of("sup", &ses, &r);
	CHECK(key_by_wrap_only(&r, t1, k1) == SOD_ECRYPTO);
	/* The holder reads: the unit's row gets a wrapped copy, the sealed one
	 * stays as it was, the root's row (a key sup does not hold) gets none. */
	CHECK(readable("sup", t1));
	CHECK((w1 = wrapped_of(t1, mol, &sealed_after)) != NULL);
	CHECK_STR(sealed_after, sealed);
	CHECK(wrapped_of(t1, root, &sealed) == NULL);
	/* The wrapped copy alone now gives the same tip key. */
	reader_of("sup", &ses, &r);
	CHECK(tip_reader_key(&sys, A, &r, t1, k2) == SOD_OK);
	reader_of("sup", &ses, &r);
	CHECK(key_by_wrap_only(&r, t1, k1) == SOD_OK);
	CHECK(sodium_memcmp(k1, k2, ENV_KEY_LEN) == 0);
	/* Listing wraps what it shows too. */
	reader_of("sup", &ses, &r);
	{
		struct tip_filter f = {0};
		struct tip_view *items;
		size_t n;
		int64_t total, next;

		CHECK(tip_list(&sys, A, &r, &f, NULL, 50, 0, 0, &items, &n, &total, &next) == SOD_OK);
		CHECK(n == 2 && total == 2 && items[0].readable && items[1].readable);
	}
	CHECK(wrapped_of(t3, mol, &sealed) != NULL);
	/* A wrapped copy is bound to its tip and unit: t1's copy put on t3
	 * (unread) does not open with wraps alone; the sealed copy still does. */
	CHECK(wrapped_of(t1, mol, &sealed) != NULL);
	t2 = file("mol", false, receipt);
	CHECK(store_tip_key_wrap(sys.store, t2, mol, w1) == SOD_OK);
	reader_of("sup", &ses, &r);
	CHECK(key_by_wrap_only(&r, t2, k1) == SOD_ECRYPTO);
	CHECK(readable("sup", t2));
	/* A new holder opens what was wrapped before they came, and a reader
	 * with the sealed copies only (the recovery key's, no wrap keys) too. */
	reader_of("sup", &ses, &r);
	CHECK(readers_approve(&sys, A, &r, "mol", "off", &why) == SOD_OK);
	CHECK(readable("off", t1) && readable("off", t3));
	CHECK(keys_recovery_check(&sys, A, recovery, rsk, rpk) == SOD_OK);
	CHECK(keys_recovery_unit(&sys, A, rpk, rsk, mol, &rec.keys, &rec.nkeys) == SOD_OK);
	rec.ses = &ses;
	CHECK(rec.wrap_keys == NULL);
	CHECK(tip_open(&sys, A, &rec, t1, &v) == SOD_OK && v.readable);
	/* Revoked: neither copy opens for them, wrapped or sealed. */
	CHECK(readers_revoke(&sys, A, &ses, "mol", "off") == SOD_OK);
	CHECK(!readable("off", t1) && !readable("off", t3));
	reader_of("off", &ses, &r);
	CHECK(r.nkeys == 0 && tip_reader_key(&sys, A, &r, t1, k1) == SOD_ECRYPTO);
	/* Rotate: old tips open through their wraps (under the retired key),
	 * a new tip is sealed to the new key and wrapped on its first read. */
	CHECK(keys_rotate(&sys, A, recovery, mol, &granted) == SOD_OK && granted == 1);
	t2 = file("mol", false, receipt);
	CHECK(readable("sup", t1) && readable("sup", t2));
	CHECK(wrapped_of(t2, mol, &sealed) != NULL);
	reader_of("sup", &ses, &r);
	CHECK(r.nkeys == 2);
	CHECK(key_by_wrap_only(&r, t1, k1) == SOD_OK && key_by_wrap_only(&r, t2, k2) == SOD_OK);
	/* The pre-rotation key alone (a copy someone kept) opens no new tip. */
	CHECK(tip_open(&sys, A, &rec, t2, &v) == SOD_OK && !v.readable);
	CHECK(!readable("off", t2));
	teardown();
}

/* A tip filed before identity keys (identity under the tip key, sealed to
 * nobody): `keys grant` moves it to the custodians (docs/crypto.md). */
static void
test_older_identity_moves_to_custodians(void)
{
	unsigned char rsk[ENV_KEY_LEN], rpk[ENV_KEY_LEN], tkey[ENV_KEY_LEN];
	struct tip_reader stolen = {0};
	struct session ses;
	struct tip_reader r;
	struct identity idn;
	char receipt[17], object[32], *sealed, *text;
	int granted;
	int64_t tip, req;

	setup();
	(void)readable("cus", 0);
	(void)readable("off", 0);
	tip = file("mol", true, receipt);
	CHECK(keys_recovery_check(&sys, A, recovery, rsk, rpk) == SOD_OK);
	CHECK(keys_recovery_unit(&sys, A, rpk, rsk, unit_id("mol"), &stolen.keys,
	                         &stolen.nkeys) == SOD_OK);
	CHECK(tip_reader_key(&sys, A, &stolen, tip, tkey) == SOD_OK);
	CHECK(tip_seal_json(A, tkey, CTX_IDENTITY,
	                    json_pack("{s:s, s:s, s:s}", "name", "คนเก่า", "phone", "021234567",
	                              "email", ""), &sealed) == SOD_OK);
	CHECK(store_tip_set_identity(sys.store, tip, sealed) == SOD_OK);
	CHECK(store_account_seals_drop(sys.store, 0) == SOD_OK);
	CHECK(store_account_seals_drop(sys.store, cus) == SOD_OK);
	CHECK(tip_open_text(A, tkey, CTX_IDENTITY, sealed, &text) == SOD_OK);  /* the old hole */
	CHECK(tip_identity_grant(&sys, A, recovery, 0, &granted) == SOD_OK);
	snprintf(object, sizeof(object), "tip:%lld", (long long)tip);
	CHECK(audited(object, "identity_key.migrate") == 1);
	CHECK(store_tip_identity(sys.store, A, tip, &sealed) == SOD_OK);
	CHECK(tip_open_text(A, tkey, CTX_IDENTITY, sealed, &text) == SOD_ECRYPTO);
	CHECK(keys_grant_all(&sys, A, recovery, off, &granted) == SOD_OK);
	reader_of("off", &ses, &r);
	CHECK(tip_identity_ask(&sys, A, &r, tip, "ติดต่อผู้แจ้งเรื่องเก่า", &req) == SOD_OK);
	reader_of("cus", &ses, &r);
	CHECK(tip_identity_decide(&sys, A, &r, req, true) == SOD_OK);
	reader_of("off", &ses, &r);
	CHECK(tip_identity_read(&sys, A, &r, tip, &idn) == SOD_OK);
	CHECK_STR(idn.name, "คนเก่า");
	teardown();
}

static void
test_init(void)
{
	CHECK(thai_init() == SOD_OK);
}

static void
test_done(void)
{
	thai_shutdown();
}

const struct test tests[] = {
	TEST(test_init),
	TEST(test_sign_in_passes_no_key),
	TEST(test_supervisor_approves_not_creator),
	TEST(test_unit_key_cannot_open_identity),
	TEST(test_custodian_rules),
	TEST(test_receipt_opens_no_note),
	TEST(test_revoke_rotate_reset),
	TEST(test_rewrap),
	TEST(test_older_identity_moves_to_custodians),
	TEST(test_done),
	{0},
};
