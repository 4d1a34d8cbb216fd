/*
 * test_remind.c — the reminder day rules (domain/remind.h): day 5 of 7 for
 * tips, 14 days before the 3-month feedback date, 30 days for referrals,
 * 15 days after a fiscal quarter (Buddhist Era), Bangkok day boundaries;
 * the kinds list; the webhook signature and the address guard
 * (util/hookpost.h).
 */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "domain/remind.h"
#include "domain/webhook.h"
#include "util/hookpost.h"

static void
test_bangkok_day_boundary(void)
{
	char d[11];

	/* 2026-12-07 23:59:59 in Bangkok is 16:59:59 UTC; a second later it
	 * is the 8th there while it is still the 7th in UTC. */
	remind_day_of(1796662799, d);
	CHECK_STR(d, "2026-12-07");
	remind_day_of(1796662800, d);
	CHECK_STR(d, "2026-12-08");
}

static void
test_day_add(void)
{
	char d[11];

	CHECK(remind_day_add("2024-02-28", 1, d));
	CHECK_STR(d, "2024-02-29");           /* a leap year */
	CHECK(remind_day_add("2025-03-01", -1, d));
	CHECK_STR(d, "2025-02-28");
	CHECK(remind_day_add("2026-12-31", 1, d));
	CHECK_STR(d, "2027-01-01");
	CHECK(!remind_day_add("2026-02-30", 0, d));
	CHECK(!remind_day_add("2026-12-7", 0, d));
	CHECK(!remind_day_add("", 0, d));
	CHECK(!remind_day_add(NULL, 0, d));
	CHECK(!remind_day_add("๒๕๖๙-๑๒-๐๗", 0, d));
}

/* A tip received on the 1st: days 5–7 (the 5th to the 7th) it is due
 * soon, from the 8th overdue, before the 5th nothing. */
static void
test_tip_day_5_of_7(void)
{
	char sf[11], st[11], ot[11];

	CHECK(remind_tip_ranges("2026-12-05", sf, st, ot));
	CHECK_STR(sf, "2026-11-29");
	CHECK_STR(st, "2026-12-01");          /* received the 1st: day 5 */
	CHECK_STR(ot, "2026-11-28");
	CHECK(remind_tip_ranges("2026-12-04", sf, st, ot));
	CHECK(strcmp("2026-12-01", st) > 0);  /* day 4: not yet */
	CHECK(remind_tip_ranges("2026-12-07", sf, st, ot));
	CHECK(strcmp("2026-12-01", sf) >= 0 && strcmp("2026-12-01", st) <= 0);  /* day 7 */
	CHECK(strcmp("2026-12-01", ot) > 0);  /* … still not overdue */
	CHECK(remind_tip_ranges("2026-12-08", sf, st, ot));
	CHECK_STR(ot, "2026-12-01");          /* day 8: overdue */
	CHECK(strcmp("2026-12-01", sf) < 0);
	CHECK(!remind_tip_ranges("bad", sf, st, ot));
}

/* A case opened 2026-09-01 owes feedback by 2026-11-30 (90 days). */
static void
test_case_14_days_before_3_months(void)
{
	char sf[11], st[11], ot[11];

	CHECK(remind_case_ranges("2026-11-16", sf, st, ot));
	CHECK_STR(sf, "2026-11-16");
	CHECK_STR(st, "2026-11-30");          /* 14 days before: due soon */
	CHECK_STR(ot, "2026-11-15");
	CHECK(remind_case_ranges("2026-11-15", sf, st, ot));
	CHECK(strcmp("2026-11-30", st) > 0);  /* 15 days before: not yet */
	CHECK(remind_case_ranges("2026-12-01", sf, st, ot));
	CHECK_STR(ot, "2026-11-30");          /* the day after: overdue */
}

static void
test_referral_30_days(void)
{
	char b[11];

	CHECK(remind_referral_before("2026-12-31", b));
	CHECK_STR(b, "2026-12-01");
	CHECK(remind_referral_before("2027-03-01", b));
	CHECK_STR(b, "2027-01-30");
}

/* FY 2570 Q1 is October–December 2026; its report is overdue from
 * 15 January 2027, and the quarter before is never asked for again. */
static void
test_quarter_15_days_after(void)
{
	char from[11], to[11];
	int y = 0, q = 0;

	CHECK(!remind_quarter_due("2027-01-14", &y, &q, from, to));
	CHECK(remind_quarter_due("2027-01-15", &y, &q, from, to));
	CHECK(y == 2570 && q == 1);
	CHECK_STR(from, "2026-10-01");
	CHECK_STR(to, "2026-12-31");
	CHECK(remind_quarter_due("2027-03-31", &y, &q, from, to));
	CHECK(y == 2570 && q == 1);
	/* October 2026 is FY 2570 Q1; the last ended quarter is FY 2569 Q4. */
	CHECK(remind_quarter_due("2026-10-15", &y, &q, from, to));
	CHECK(y == 2569 && q == 4);
	CHECK_STR(from, "2026-07-01");
	CHECK_STR(to, "2026-09-30");
	CHECK(!remind_quarter_due("2026-10-14", &y, &q, from, to));
	CHECK(!remind_quarter_due("not a day", &y, &q, from, to));
}

static void
test_kinds(void)
{
	CHECK(remind_kinds_has("", "tips"));
	CHECK(remind_kinds_has(NULL, "cases"));
	CHECK(remind_kinds_has("tips,cases", "cases"));
	CHECK(!remind_kinds_has("tips,cases", "case"));
	CHECK(!remind_kinds_has("tipsx", "tips"));
	CHECK(!remind_kinds_has("referrals", "quarters"));
	CHECK(remind_source_find("referrals") != NULL);
	CHECK(remind_source_find("gossip") == NULL);
	CHECK(remind_nsources <= REMIND_SOURCES_MAX);
}

static void
test_webhook_signature(void)
{
	char sig[7 + 64 + 1];

	/* Python: hmac.new(b"whsec_test", b'1700000000.{"a":1}', sha256) */
	webhook_sign("whsec_test", "1700000000", "{\"a\":1}", 7, sig);
	CHECK_STR(sig, "sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
	webhook_sign("whsec_test", "1700000001", "{\"a\":1}", 7, sig);
	CHECK(strcmp(sig, "sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"));
}

static bool
private4(const char *a)
{
	struct sockaddr_in in = {.sin_family = AF_INET};

	inet_pton(AF_INET, a, &in.sin_addr);
	return hookpost_addr_is_private((struct sockaddr *)&in);
}

static bool
private6(const char *a)
{
	struct sockaddr_in6 in = {.sin6_family = AF_INET6};

	inet_pton(AF_INET6, a, &in.sin6_addr);
	return hookpost_addr_is_private((struct sockaddr *)&in);
}

/* webhook-ssrf */
static void
test_private_addresses(void)
{
	static const char *const priv4[] = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
		"192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1",
		"255.255.255.255", "198.18.0.1"};
	static const char *const pub4[] = {"8.8.8.8", "172.32.0.1", "172.15.255.255",
		"203.150.1.1", "100.128.0.1", "1.1.1.1"};

	for (size_t i = 0; i < sizeof(priv4) / sizeof(priv4[0]); i++)
		CHECK(private4(priv4[i]));
	for (size_t i = 0; i < sizeof(pub4) / sizeof(pub4[0]); i++)
		CHECK(!private4(pub4[i]));
	CHECK(private6("::1"));
	CHECK(private6("::"));
	CHECK(private6("fe80::1"));
	CHECK(private6("fd00::1"));
	CHECK(private6("ff02::1"));
	CHECK(private6("::ffff:127.0.0.1"));
	CHECK(private6("::ffff:10.0.0.1"));
	CHECK(!private6("2001:4860:4860::8888"));
	CHECK(!private6("::ffff:8.8.8.8"));
}

static void
test_url_check(void)
{
	static const struct { const char *url; const char *why; } bad[] = {
		{"", "syntax"}, {"javascript:alert(1)", "scheme"}, {"file:///etc/passwd", "scheme"},
		{"ftp://1.1.1.1/", "scheme"}, {"1.1.1.1/hook", "scheme"},
		{"http://user:pw@1.1.1.1/", "credentials"}, {"http://1.1.1.1/a b", "syntax"},
		{"http://1.1.1.1/\r\nX: y", "syntax"}, {"http://127.0.0.1/", "private"},
		{"http://[::1]:8080/", "private"}, {"http://2130706433/", "private"},
		{"http://10.0.0.1/", "private"},
	};
	const char *why;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(hookpost_url_check(bad[i].url, false, &why) == SOD_EINVAL);
		CHECK_STR(why, bad[i].why);
	}
	CHECK(hookpost_url_check(NULL, false, &why) == SOD_EINVAL);
	CHECK(hookpost_url_check("http://1.1.1.1/hook", false, &why) == SOD_OK);
	CHECK(hookpost_url_check("https://[2001:4860:4860::8888]/x", false, &why) == SOD_OK);
	CHECK(hookpost_url_check("http://127.0.0.1:9/", true, &why) == SOD_OK);
}

const struct test tests[] = {
	TEST(test_bangkok_day_boundary),
	TEST(test_day_add),
	TEST(test_tip_day_5_of_7),
	TEST(test_case_14_days_before_3_months),
	TEST(test_referral_30_days),
	TEST(test_quarter_15_days_after),
	TEST(test_kinds),
	TEST(test_webhook_signature),
	TEST(test_private_addresses),
	TEST(test_url_check),
	{0},
};
