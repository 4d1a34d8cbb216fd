/*
 * test_flags.c — the fourteen red flags of CONTRACT.md on small hand-made
 * procurements in a real SQLite file: each positive, negative and at the
 * boundary of its parameter (exactly 15 days, exactly 99 % and 100 %,
 * 70 %, 30 September vs 1 October, 2 vs 3 contracts, 30 vs 31 days, the
 * interquartile fence), the facts in Thai, and the parameters of
 * sodsong.conf.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "domain/flags.h"
#include "domain/procurement.h"

static struct store *
fresh(const char *name)
{
	char path[512];
	struct store *s = NULL;
	int v;

	snprintf(path, sizeof(path), "%s/%s.db", harness_tmpdir(), name);
	CHECK(store_open(path, &s) == SOD_OK);
	CHECK(store_migrate(s, &v) == SOD_OK);
	return s;
}

/* Store one compiled release written with ' for " (test shorthand). */
static void
put(struct store *s, const char *text)
{
	char *js = strdup(text);
	struct arena *a = arena_new(1 << 20);
	struct ocds_error e = {0};
	struct proc_rec p;
	json_t *j;

	for (char *c = js; *c; c++)
		if (*c == '\'')
			*c = '"';
	j = json_loads(js, 0, NULL);
	CHECK(j != NULL);
	if (j == NULL) {
		fprintf(stderr, "bad test JSON: %s\n", js);
	} else {
		CHECK(proc_derive(j, a, &p, &e) == SOD_OK);
		p.compiled = js;
		p.last_date = "2025-01-01T00:00:00Z";
		CHECK(store_proc_put(s, &p, NULL) == SOD_OK);
	}
	json_decref(j);
	arena_free(&a);
	free(js);
}

static void
score(struct store *s, const struct flag_params *p)
{
	struct flag_params d;

	if (p == NULL) {
		flag_params_default(&d);
		p = &d;
	}
	CHECK(proc_rescore(s, p, NULL) == SOD_OK);
}

/* The facts of flag id on ocid, or NULL if it is not raised. */
static const char *
facts(struct store *s, struct arena *a, const char *ocid, const char *id)
{
	struct proc_rec p;

	if (store_proc_get(s, a, ocid, &p) != SOD_OK)
		return NULL;
	for (size_t i = 0; i < p.n_flags; i++)
		if (strcmp(p.flag_recs[i].indicator, id) == 0)
			return p.flag_recs[i].facts;
	return NULL;
}

static bool
has(struct store *s, const char *ocid, const char *id)
{
	struct arena *a = arena_new(1 << 20);
	bool r = facts(s, a, ocid, id) != NULL;

	arena_free(&a);
	return r;
}

static int64_t
score_of(struct store *s, const char *ocid)
{
	struct arena *a = arena_new(1 << 20);
	struct proc_rec p = {0};
	int64_t sc = -1;

	if (store_proc_get(s, a, ocid, &p) == SOD_OK)
		sc = p.score;
	arena_free(&a);
	return sc;
}

#define BID(id, who, amt) \
	"{'id':'" id "','tenderers':[{'id':'" who "','name':'" who "'}],'value':{'amount':" amt "}}"

static void
test_single_and_few_bids(void)
{
	struct store *s = fresh("bids");

	put(s, "{'ocid':'one','tender':{'procurementMethod':'open'},"
	       "'bids':{'details':[" BID("b1", "A", "10") "]}}");
	put(s, "{'ocid':'two','tender':{'procurementMethod':'selective'},"
	       "'bids':{'details':[" BID("b1", "A", "10") "," BID("b2", "B", "11") "]}}");
	put(s, "{'ocid':'three','tender':{'procurementMethod':'open'},"
	       "'bids':{'details':[" BID("b1", "A", "10") "," BID("b2", "B", "11") ","
	       BID("b3", "C", "12") "]}}");
	put(s, "{'ocid':'direct','tender':{'procurementMethod':'limited'},"
	       "'bids':{'details':[" BID("b1", "A", "10") "]}}");
	score(s, NULL);
	CHECK(has(s, "one", "single_bid") && !has(s, "one", "few_bids"));
	CHECK(has(s, "two", "few_bids") && !has(s, "two", "single_bid"));
	CHECK(!has(s, "three", "few_bids") && !has(s, "three", "single_bid"));
	CHECK(!has(s, "direct", "single_bid"));
	CHECK(score_of(s, "one") == 1 && score_of(s, "three") == 0);
	store_close(&s);
}

#define PERIOD(m, a, b) \
	"'tender':{'procurementMethod':'" m "','tenderPeriod':{'startDate':'" a \
	"','endDate':'" b "'}}"

static void
test_short_tender_period(void)
{
	struct store *s = fresh("period");
	struct arena *a = arena_new(1 << 20);

	put(s, "{'ocid':'exact15'," PERIOD("open", "2025-01-01T09:00:00+07:00",
	                                   "2025-01-16T09:00:00+07:00") "}");
	put(s, "{'ocid':'under'," PERIOD("open", "2025-01-01T09:00:00+07:00",
	                                 "2025-01-16T08:59:59+07:00") "}");
	put(s, "{'ocid':'zones'," PERIOD("open", "2025-01-01T02:00:00Z",
	                                 "2025-01-16T09:00:00+07:00") "}");
	put(s, "{'ocid':'sel'," PERIOD("selective", "2025-01-01", "2025-01-03") "}");
	score(s, NULL);
	CHECK(!has(s, "exact15", "short_tender_period"));
	CHECK(has(s, "under", "short_tender_period"));
	CHECK(!has(s, "zones", "short_tender_period"));   /* 02:00Z is 09:00 Bangkok */
	CHECK(!has(s, "sel", "short_tender_period"));
	CHECK(strstr(facts(s, a, "under", "short_tender_period"), "น้อยกว่า 15 วัน") != NULL);
	arena_free(&a);
	store_close(&s);
}

#define PRICED(ocid, ref, won) \
	"{'ocid':'" ocid "','tender':{'procurementMethod':'open','value':{'amount':" ref "}}," \
	"'awards':[{'id':'a','status':'active','value':{'amount':" won "}}]}"

static void
test_reference_price_bounds(void)
{
	struct store *s = fresh("price");
	struct arena *a = arena_new(1 << 20);

	put(s, PRICED("p99", "5000000", "4950000"));
	put(s, PRICED("p9899", "5000000", "4949999.99"));
	put(s, PRICED("p998", "5000000", "4990000"));
	put(s, PRICED("p100", "5000000", "5000000"));
	put(s, PRICED("over", "5000000", "5000000.01"));
	put(s, PRICED("p70", "5000000", "3500000"));
	put(s, PRICED("under70", "5000000", "3499999.99"));
	put(s, "{'ocid':'signed_over','tender':{'value':{'amount':100}},"
	       "'awards':[{'id':'a','value':{'amount':90}}],"
	       "'contracts':[{'id':'c','awardID':'a','value':{'amount':101}}]}");
	put(s, "{'ocid':'cancelled','tender':{'value':{'amount':100}},"
	       "'awards':[{'id':'a','status':'cancelled','value':{'amount':99.5}}]}");
	score(s, NULL);
	CHECK(has(s, "p99", "near_reference_price"));
	CHECK(!has(s, "p9899", "near_reference_price"));
	CHECK(has(s, "p100", "near_reference_price"));
	CHECK(!has(s, "p100", "above_reference_price"));
	CHECK(!has(s, "over", "near_reference_price") && has(s, "over", "above_reference_price"));
	CHECK(!has(s, "p70", "abnormally_low"));
	CHECK(has(s, "under70", "abnormally_low"));
	CHECK(has(s, "signed_over", "above_reference_price"));
	CHECK(has(s, "signed_over", "contract_above_award"));
	CHECK(!has(s, "cancelled", "near_reference_price"));
	CHECK_STR(facts(s, a, "p998", "near_reference_price"),
	          "ราคาที่ชนะ 4,990,000 บาท = 99.8 % ของราคากลาง 5,000,000 บาท");
	arena_free(&a);
	store_close(&s);
}

static void
test_contract_above_award(void)
{
	struct store *s = fresh("contract");

	put(s, "{'ocid':'up','awards':[{'id':'a1','value':{'amount':100}}],"
	       "'contracts':[{'id':'c1','awardID':'a1','value':{'amount':100.01}}]}");
	put(s, "{'ocid':'equal','awards':[{'id':'a1','value':{'amount':100}}],"
	       "'contracts':[{'id':'c1','awardID':'a1','value':{'amount':100}}]}");
	score(s, NULL);
	CHECK(has(s, "up", "contract_above_award"));
	CHECK(!has(s, "equal", "contract_above_award"));
	store_close(&s);
}

static void
test_identical_bids(void)
{
	struct store *s = fresh("identical");

	put(s, "{'ocid':'same','bids':{'details':[" BID("b1", "A", "10") "," BID("b2", "B", "10")
	       "]}}");
	put(s, "{'ocid':'self','bids':{'details':[" BID("b1", "A", "10") "," BID("b2", "A", "10")
	       "]}}");
	put(s, "{'ocid':'diff','bids':{'details':[" BID("b1", "A", "10") "," BID("b2", "B", "10.01")
	       "]}}");
	score(s, NULL);
	CHECK(has(s, "same", "identical_bids"));
	CHECK(!has(s, "self", "identical_bids"));
	CHECK(!has(s, "diff", "identical_bids"));
	store_close(&s);
}

#define LATE(ocid, winner_at, loser_at) \
	"{'ocid':'" ocid "','tender':{'tenderPeriod':{'startDate':'2025-01-01'," \
	"'endDate':'2025-01-20T12:00:00+07:00'}},'bids':{'details':[" \
	"{'id':'b1','date':'" winner_at "','tenderers':[{'id':'W'}],'value':{'amount':5}}," \
	"{'id':'b2','date':'" loser_at "','tenderers':[{'id':'L'}],'value':{'amount':6}}]}," \
	"'awards':[{'id':'a','status':'active','suppliers':[{'id':'W'}]}]}"

static void
test_late_bid_won(void)
{
	struct store *s = fresh("late");

	put(s, LATE("late", "2025-01-20T12:00:01+07:00", "2025-01-19"));
	put(s, LATE("ontime", "2025-01-20T12:00:00+07:00", "2025-01-19"));
	put(s, LATE("loserlate", "2025-01-19", "2025-01-25"));
	score(s, NULL);
	CHECK(has(s, "late", "late_bid_won"));
	CHECK(!has(s, "ontime", "late_bid_won"));
	CHECK(!has(s, "loserlate", "late_bid_won"));
	store_close(&s);
}

static void
test_shared_contact(void)
{
	struct store *s = fresh("shared");

	put(s, "{'ocid':'phone','parties':["
	       "{'id':'A','name':'A','roles':['tenderer'],'contactPoint':{'telephone':'081-234-5678'}},"
	       "{'id':'B','name':'B','roles':['tenderer'],'contactPoint':{'telephone':'+66 81 234 5678'}}]}");
	put(s, "{'ocid':'mail','parties':["
	       "{'id':'A','roles':['tenderer'],'contactPoint':{'email':'Sales@Example.co.th'}},"
	       "{'id':'B','roles':['tenderer'],'contactPoint':{'email':'sales@example.co.th '}}]}");
	put(s, "{'ocid':'apart','parties':["
	       "{'id':'A','roles':['tenderer'],'contactPoint':{'telephone':'0812345678'}},"
	       "{'id':'B','roles':['tenderer'],'contactPoint':{'telephone':'0812345679'}}]}");
	/* the buyer shares the address with a tenderer: not two tenderers */
	put(s, "{'ocid':'buyer','parties':["
	       "{'id':'A','roles':['tenderer'],'address':{'streetAddress':'99 ถนนเศรษฐกิจ 1'}},"
	       "{'id':'G','roles':['buyer'],'address':{'streetAddress':'99 ถนนเศรษฐกิจ 1'}}]}");
	score(s, NULL);
	CHECK(has(s, "phone", "shared_contact"));
	CHECK(has(s, "mail", "shared_contact"));
	CHECK(!has(s, "apart", "shared_contact"));
	CHECK(!has(s, "buyer", "shared_contact"));
	store_close(&s);
}

#define SIGNED(ocid, method, at) \
	"{'ocid':'" ocid "','tender':{'procurementMethod':'" method "'}," \
	"'contracts':[{'id':'c','dateSigned':'" at "','value':{'amount':1000}}]}"

static void
test_year_end_direct(void)
{
	struct store *s = fresh("yearend");

	put(s, SIGNED("sep30", "limited", "2025-09-30T23:59:00+07:00"));
	put(s, SIGNED("oct1", "limited", "2025-10-01T00:00:00+07:00"));
	put(s, SIGNED("oct1z", "direct", "2025-09-30T17:30:00Z"));   /* 1 Oct 00:30 Bangkok */
	put(s, SIGNED("sep1", "direct", "2025-09-01"));
	put(s, SIGNED("open", "open", "2025-09-15"));
	score(s, NULL);
	CHECK(has(s, "sep30", "year_end_direct"));
	CHECK(!has(s, "oct1", "year_end_direct"));
	CHECK(!has(s, "oct1z", "year_end_direct"));
	CHECK(has(s, "sep1", "year_end_direct"));
	CHECK(!has(s, "open", "year_end_direct"));
	store_close(&s);
}

#define DIRECT(ocid, buyer, supplier, day, amt) \
	"{'ocid':'" ocid "','buyer':{'id':'" buyer "','name':'" buyer "'}," \
	"'tender':{'procurementMethod':'limited'}," \
	"'awards':[{'id':'a','suppliers':[{'id':'" supplier "','name':'" supplier "'}]," \
	"'value':{'amount':" amt "}}]," \
	"'contracts':[{'id':'c','awardID':'a','dateSigned':'" day "','value':{'amount':" amt "}}]}"

static void
test_split_purchase(void)
{
	struct store *s = fresh("split");
	struct arena *a = arena_new(1 << 20);

	/* three within 30 days counted inclusively (1 to 30 January) */
	put(s, DIRECT("in1", "G1", "S1", "2025-01-01", "200000"));
	put(s, DIRECT("in2", "G1", "S1", "2025-01-15", "200000"));
	put(s, DIRECT("in3", "G1", "S1", "2025-01-30", "200000"));
	/* the same spread over 31 days */
	put(s, DIRECT("out1", "G2", "S1", "2025-01-01", "200000"));
	put(s, DIRECT("out2", "G2", "S1", "2025-01-15", "200000"));
	put(s, DIRECT("out3", "G2", "S1", "2025-01-31", "200000"));
	/* two contracts only */
	put(s, DIRECT("two1", "G3", "S1", "2025-01-01", "300000"));
	put(s, DIRECT("two2", "G3", "S1", "2025-01-02", "300000"));
	/* three, but together exactly 500,000 */
	put(s, DIRECT("eq1", "G4", "S1", "2025-01-01", "100000"));
	put(s, DIRECT("eq2", "G4", "S1", "2025-01-02", "200000"));
	put(s, DIRECT("eq3", "G4", "S1", "2025-01-03", "200000"));
	/* one of them above 500,000 is not a small contract */
	put(s, DIRECT("big1", "G5", "S1", "2025-01-01", "500000.01"));
	put(s, DIRECT("big2", "G5", "S1", "2025-01-02", "200000"));
	put(s, DIRECT("big3", "G5", "S1", "2025-01-03", "200000"));
	/* different suppliers */
	put(s, DIRECT("mix1", "G6", "S1", "2025-01-01", "300000"));
	put(s, DIRECT("mix2", "G6", "S2", "2025-01-02", "300000"));
	put(s, DIRECT("mix3", "G6", "S3", "2025-01-03", "300000"));
	score(s, NULL);
	CHECK(has(s, "in1", "split_purchase") && has(s, "in2", "split_purchase") &&
	      has(s, "in3", "split_purchase"));
	CHECK(!has(s, "out1", "split_purchase") && !has(s, "out2", "split_purchase") &&
	      !has(s, "out3", "split_purchase"));
	CHECK(!has(s, "two1", "split_purchase") && !has(s, "two2", "split_purchase"));
	CHECK(!has(s, "eq1", "split_purchase"));
	CHECK(!has(s, "big2", "split_purchase"));
	CHECK(!has(s, "mix1", "split_purchase"));
	CHECK(strstr(facts(s, a, "in2", "split_purchase"), "รวมกัน 600,000 บาท") != NULL);
	arena_free(&a);
	store_close(&s);
}

static void
test_blacklisted_supplier(void)
{
	struct store *s = fresh("blacklist");

	put(s, "{'ocid':'bad','parties':[{'id':'S','identifier':{'id':'0745550000011'}}],"
	       "'awards':[{'id':'a','status':'active','suppliers':[{'id':'S','name':'S'}]}]}");
	put(s, "{'ocid':'lost','parties':[{'id':'S','identifier':{'id':'0745550000011'}}],"
	       "'awards':[{'id':'a','status':'unsuccessful','suppliers':[{'id':'S'}]}]}");
	put(s, "{'ocid':'good','parties':[{'id':'T','identifier':{'id':'0745550000029'}}],"
	       "'awards':[{'id':'a','suppliers':[{'id':'T'}]}]}");
	CHECK(store_proc_blacklist_put(s, "0745550000011", "หจก. ทิ้งงาน", "2024-05-01") == SOD_OK);
	score(s, NULL);
	CHECK(has(s, "bad", "blacklisted_supplier"));
	CHECK(!has(s, "lost", "blacklisted_supplier"));
	CHECK(!has(s, "good", "blacklisted_supplier"));
	store_close(&s);
}

#define WON(ocid, buyer, supplier, amt) \
	"{'ocid':'" ocid "','buyer':{'id':'" buyer "'},'awards':[{'id':'a','status':'active'," \
	"'suppliers':[{'id':'" supplier "'}],'value':{'amount':" amt "}}]}"

static void
test_winner_share_outlier(void)
{
	struct store *s = fresh("share");

	/* shares 1,1,1,1,2 of 6: Q1 = Q3 = 1/6, the fence is 1/6; 2/6 is above */
	put(s, WON("x1", "G1", "A", "100"));
	put(s, WON("x2", "G1", "B", "100"));
	put(s, WON("x3", "G1", "C", "100"));
	put(s, WON("x4", "G1", "D", "100"));
	put(s, WON("x5", "G1", "E", "100"));
	put(s, WON("x6", "G1", "E", "100"));
	/* all equal: on the fence, not above it */
	put(s, WON("y1", "G2", "A", "100"));
	put(s, WON("y2", "G2", "B", "100"));
	put(s, WON("y3", "G2", "C", "100"));
	put(s, WON("y4", "G2", "D", "100"));
	score(s, NULL);
	CHECK(has(s, "x5", "winner_share_outlier") && has(s, "x6", "winner_share_outlier"));
	CHECK(!has(s, "x1", "winner_share_outlier"));
	CHECK(!has(s, "y1", "winner_share_outlier") && !has(s, "y4", "winner_share_outlier"));
	store_close(&s);
}

static void
test_quartiles(void)
{
	double v[] = {1, 2, 3, 4}, one[] = {5}, q1, q3;

	flags_quartiles(v, 4, &q1, &q3);
	CHECK(q1 == 1.75 && q3 == 3.25);
	flags_quartiles(one, 1, &q1, &q3);
	CHECK(q1 == 5 && q3 == 5);
}

static void
test_params_from_conf(void)
{
	struct flag_params p;
	struct store *s = fresh("params");

	flag_params_default(&p);
	CHECK(p.near_min_bp == 9900 && p.split_max == 50000000);
	CHECK(flag_params_set(&p, slice_from("flag_short_tender_days"), slice_from("20")));
	CHECK(p.short_tender_days == 20);
	CHECK(flag_params_set(&p, slice_from("flag_near_reference_min_percent"),
	                      slice_from("99.5")));
	CHECK(p.near_min_bp == 9950);
	CHECK(flag_params_set(&p, slice_from("flag_outlier_iqr_factor"), slice_from("3")));
	CHECK(p.outlier_factor_pct == 300);
	CHECK(flag_param_value(&p, "flag_near_reference_min_percent") == 99.5);
	/* unknown keys and bad values are refused */
	CHECK(!flag_params_set(&p, slice_from("flag_nonsense"), slice_from("1")));
	CHECK(!flag_params_set(&p, slice_from("flag_year_end_month"), slice_from("13")));
	CHECK(!flag_params_set(&p, slice_from("flag_short_tender_days"), slice_from("1.5")));
	CHECK(!flag_params_set(&p, slice_from("flag_short_tender_days"), slice_from("")));
	CHECK(!flag_params_set(&p, slice_from("flag_short_tender_days"), slice_from("-3")));
	CHECK(!flag_params_set(&p, slice_from("flag_near_reference_min_percent"),
	                       slice_from("99.")));
	CHECK(!flag_params_set(&p, slice_from("flag_split_max_baht"),
	                       slice_from("99999999999999999999999")));
	/* a parameter changes the outcome: 20 days makes 15 days short */
	put(s, "{'ocid':'p'," PERIOD("open", "2025-01-01", "2025-01-16") "}");
	score(s, NULL);
	CHECK(!has(s, "p", "short_tender_period"));
	score(s, &p);
	CHECK(has(s, "p", "short_tender_period"));
	store_close(&s);
}

static void
test_rescoring_replaces_flags(void)
{
	struct store *s = fresh("rescore");
	struct flag_params p;

	put(s, PRICED("r", "100", "99.5"));
	score(s, NULL);
	CHECK(has(s, "r", "near_reference_price") && score_of(s, "r") == 1);
	flag_params_default(&p);
	p.near_min_bp = 9960;
	score(s, &p);
	CHECK(!has(s, "r", "near_reference_price") && score_of(s, "r") == 0);
	store_close(&s);
}

static void
test_baht(void)
{
	char b[64];

	flags_baht(b, sizeof(b), 499000000);
	CHECK_STR(b, "4,990,000 บาท");
	flags_baht(b, sizeof(b), 12345);
	CHECK_STR(b, "123.45 บาท");
	flags_baht(b, sizeof(b), 0);
	CHECK_STR(b, "0 บาท");
	flags_baht(b, sizeof(b), 100000);
	CHECK_STR(b, "1,000 บาท");
}

const struct test tests[] = {
	TEST(test_single_and_few_bids),
	TEST(test_short_tender_period),
	TEST(test_reference_price_bounds),
	TEST(test_contract_above_award),
	TEST(test_identical_bids),
	TEST(test_late_bid_won),
	TEST(test_shared_contact),
	TEST(test_year_end_direct),
	TEST(test_split_purchase),
	TEST(test_blacklisted_supplier),
	TEST(test_winner_share_outlier),
	TEST(test_quartiles),
	TEST(test_params_from_conf),
	TEST(test_rescoring_replaces_flags),
	TEST(test_baht),
	{0},
};
