/*
 * demo_procurement.c — invented procurement data for `sodsong demo`: 320
 * procurements of Samut Sakhon agencies (PACC Region 7's pilot province)
 * in fiscal year 2568, with a realistic mix of red flags: most clean, some
 * near the reference price, single bids, short tender periods, a firm on
 * the abandonment list, two firms sharing a telephone, a split purchase, a
 * buyer whose work mostly goes to one firm, direct buying in September.
 * Deterministic: a fixed-seed generator, the same data every run. Every
 * name is invented; tax ids carry a valid check digit but belong to nobody
 * we know of.
 */
#include "domain/demo.h"
#include "domain/procurement.h"

#include <stdio.h>
#include <string.h>

#define DEMO_PROCUREMENTS 320

static const char *const buyers[] = {
	"องค์การบริหารส่วนจังหวัดสมุทรสาคร", "เทศบาลนครสมุทรสาคร", "เทศบาลนครอ้อมน้อย",
	"เทศบาลเมืองกระทุ่มแบน", "องค์การบริหารส่วนตำบลท่าจีน", "องค์การบริหารส่วนตำบลนาดี",
	"องค์การบริหารส่วนตำบลบางหญ้าแพรก", "องค์การบริหารส่วนตำบลคอกกระบือ",
	"องค์การบริหารส่วนตำบลหลักสาม", "โรงพยาบาลสมุทรสาคร",
	"สำนักงานสาธารณสุขจังหวัดสมุทรสาคร", "แขวงทางหลวงชนบทสมุทรสาคร",
};
#define NBUYERS (sizeof(buyers) / sizeof(buyers[0]))

static const char *const firms[] = {
	"หจก. ท่าจีนก่อสร้าง", "บริษัท มหาชัยวิศวกรรม จำกัด", "หจก. บ้านแพ้วโยธา",
	"บริษัท สาครรุ่งเรืองการค้า จำกัด", "ร้าน ทรัพย์เจริญวัสดุ", "หจก. กระทุ่มแบนพัฒนา",
	"บริษัท ริมน้ำคอนสตรัคชั่น จำกัด", "ร้าน สมใจเครื่องเขียน", "บริษัท เมดิคอลซัพพลาย สาคร จำกัด",
	"หจก. นาดีการโยธา", "บริษัท ชายทะเลเทรดดิ้ง จำกัด", "หจก. โคกขามรับเหมา",
	"บริษัท สยามถนนทอง จำกัด", "ร้าน ดีดีไอที", "หจก. บางหญ้าแพรกบริการ",
	"บริษัท อ่าวไทยเอ็นจิเนียริ่ง จำกัด", "หจก. หลักสามก่อสร้าง", "ร้าน พรประเสริฐพาณิชย์",
	"บริษัท เกลือทองการไฟฟ้า จำกัด", "หจก. เอกชัยวัสดุภัณฑ์",
};
#define NFIRMS (sizeof(firms) / sizeof(firms[0]))

static const char *const works[] = {
	"ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่", "ซ่อมแซมท่อระบายน้ำ หมู่ที่",
	"จัดซื้อวัสดุสำนักงาน ชุดที่", "ก่อสร้างรางระบายน้ำ คสล. สายที่",
	"จัดซื้อครุภัณฑ์คอมพิวเตอร์ ชุดที่", "ปรับปรุงอาคารเรียน หลังที่",
	"จัดซื้อวัสดุการแพทย์ ชุดที่", "ติดตั้งไฟฟ้าส่องสว่าง สายที่",
	"ขุดลอกคลอง สายที่", "จัดซื้ออาหารเสริม (นม) ภาคเรียนที่",
};
#define NWORKS (sizeof(works) / sizeof(works[0]))

struct rng {
	uint64_t s;
};

static uint32_t
next(struct rng *r)
{
	r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(r->s >> 33);
}

static int
pick(struct rng *r, int n)
{
	return (int)(next(r) % (uint32_t)n);
}

/* A 13-digit juristic-person tax id (prefix 0745) with its check digit. */
static void
tax_id(int i, char out[14])
{
	int sum = 0;
	unsigned v = (unsigned)(1000 + i * 37) % 1000000u;

	snprintf(out, 14, "074555%06u", v);
	for (int k = 0; k < 12; k++)
		sum += (out[k] - '0') * (13 - k);
	out[12] = (char)('0' + (11 - sum % 11) % 10);
	out[13] = '\0';
}

static void
day_text(char *out, size_t n, int day_of_fy, int hour)
{
	/* day 0 = 1 October 2024 (FY2568) */
	static const int mdays[] = {31, 30, 31, 31, 28, 31, 30, 31, 30, 31, 31, 30};
	static const int months[] = {10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	int m = 0, d = day_of_fy;

	while (m < 11 && d >= mdays[m])
		d -= mdays[m++];
	if (d >= mdays[m])
		d = mdays[m] - 1;
	snprintf(out, n, "%04d-%02d-%02dT%02d:00:00+07:00", months[m] >= 10 ? 2024 : 2025,
	         months[m], d + 1, hour);
}

static json_t *
party(int f, const char *role)
{
	char tin[14], phone[16], street[128];

	tax_id(f, tin);
	/* firms 3 and 11 share a telephone (a red flag when both bid) */
	snprintf(phone, sizeof(phone), "034-%06d", f == 11 ? 3 * 1117 : f * 1117);
	snprintf(street, sizeof(street), "%d/%d ถนนเศรษฐกิจ 1", 10 + f * 7, f % 5 + 1);
	return json_pack("{s:s, s:s, s:[s], s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s}}",
	    "id", tin, "name", firms[f], "roles", role, "identifier", "scheme", "TH-TIN", "id", tin,
	    "address", "streetAddress", street, "region", "สมุทรสาคร", "contactPoint", "telephone",
	    phone);
}

struct spec {
	int buyer, winner, method;   /* 0 open, 1 selective, 2 limited */
	int start, days, award_day;  /* days of the fiscal year */
	int64_t ref;                 /* baht */
	int64_t won;                 /* baht */
	int nbids, rivals[4];
	int64_t rival_amt[4];
	bool late, contract_up;
};

static json_t *
releases(const struct spec *sp, int n, json_t **award_out)
{
	static const char *const methods[] = {"open", "selective", "limited"};
	static const char *const details[] = {"ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", "คัดเลือก",
	                                      "เฉพาะเจาะจง"};
	char ocid[64], title[256], a[40], b[40], aw[40], tin[14], buyer_id[32];
	json_t *tender, *parties, *bids, *award;

	snprintf(ocid, sizeof(ocid), "ocds-sks-68-%04d", n);
	snprintf(title, sizeof(title), "%s %d", works[n % NWORKS], n % 9 + 1);
	snprintf(buyer_id, sizeof(buyer_id), "TH-SKS-%02d", sp->buyer + 1);
	day_text(a, sizeof(a), sp->start, 9);
	day_text(b, sizeof(b), sp->start + sp->days, 9);
	day_text(aw, sizeof(aw), sp->award_day, 10);
	tender = json_pack("{s:s, s:s, s:[{s:s, s:s, s:[s], s:{s:s}}], s:{s:s, s:s, s:s, s:s,"
	                   " s:{s:I, s:s}, s:{s:s, s:s}}}",
	    "ocid", ocid, "id", "tender", "parties", "id", buyer_id, "name", buyers[sp->buyer],
	    "roles", "buyer", "address", "region", "สมุทรสาคร", "tender", "id", ocid, "title", title,
	    "procurementMethod", methods[sp->method], "procurementMethodDetails",
	    details[sp->method], "value", "amount", (json_int_t)sp->ref, "currency", "THB",
	    "tenderPeriod", "startDate", a, "endDate", b);
	json_object_set_new(tender, "date", json_string(a));
	json_object_set_new(tender, "buyer", json_pack("{s:s, s:s}", "id", buyer_id, "name",
	                                               buyers[sp->buyer]));
	parties = json_array();
	bids = json_array();
	tax_id(sp->winner, tin);
	json_array_append_new(parties, party(sp->winner, "tenderer"));
	day_text(b, sizeof(b), sp->late ? sp->start + sp->days + 1 : sp->start + 1, 11);
	json_array_append_new(bids, json_pack("{s:s, s:s, s:[{s:s, s:s}], s:{s:I}}", "id", "b0",
	    "date", b, "tenderers", "id", tin, "name", firms[sp->winner], "value", "amount",
	    (json_int_t)sp->won));
	for (int i = 1; i < sp->nbids; i++) {
		char rt[14], bid_id[16];

		tax_id(sp->rivals[i - 1], rt);
		snprintf(bid_id, sizeof(bid_id), "b%d", i);
		json_array_append_new(parties, party(sp->rivals[i - 1], "tenderer"));
		json_array_append_new(bids, json_pack("{s:s, s:[{s:s, s:s}], s:{s:I}}", "id", bid_id,
		    "tenderers", "id", rt, "name", firms[sp->rivals[i - 1]], "value", "amount",
		    (json_int_t)sp->rival_amt[i - 1]));
	}
	award = json_pack("{s:s, s:s, s:s, s:o, s:o, s:[{s:s, s:s, s:s, s:[{s:s, s:s}],"
	                  " s:{s:I}, s:s}], s:[{s:s, s:s, s:{s:I}, s:s}]}",
	    "ocid", ocid, "id", "award", "date", aw, "parties", parties, "bids", json_pack("{s:o}",
	    "details", bids), "awards", "id", "a1", "status", "active", "date", aw, "suppliers",
	    "id", tin, "name", firms[sp->winner], "value", "amount", (json_int_t)sp->won,
	    "currency", "THB", "contracts", "id", "c1", "awardID", "a1", "value", "amount",
	    (json_int_t)(sp->contract_up ? sp->won + sp->won / 20 : sp->won), "dateSigned", aw);
	*award_out = award;
	return tender;
}

/* One procurement's spec, drawn from r; n picks the planted patterns. */
static void
draw(struct rng *r, int n, struct spec *sp)
{
	int roll = pick(r, 100);

	memset(sp, 0, sizeof(*sp));
	sp->buyer = pick(r, (int)NBUYERS);
	sp->method = roll < 35 ? 0 : roll < 45 ? 1 : 2;
	sp->start = pick(r, 330);
	sp->days = sp->method == 0 ? (pick(r, 100) < 10 ? 7 + pick(r, 5) : 15 + pick(r, 20)) : 7;
	sp->award_day = sp->start + sp->days + 5 + pick(r, 20);
	if (sp->award_day > 364)
		sp->award_day = 364;
	sp->ref = sp->method == 2 ? 20000 + pick(r, 480) * 1000 : 600000 + pick(r, 9000) * 1000;
	/* most awards 85–97 % of the reference; some within 1 %; a few far below */
	roll = pick(r, 100);
	sp->won = roll < 12   ? sp->ref - sp->ref * pick(r, 10) / 1000
	          : roll < 15 ? sp->ref * (55 + pick(r, 14)) / 100
	                      : sp->ref * (85 + pick(r, 13)) / 100;
	sp->winner = pick(r, (int)NFIRMS);
	sp->nbids = sp->method == 2 ? 1 : (pick(r, 100) < 15 ? 1 : 2 + pick(r, 3));
	for (int i = 0; i + 1 < sp->nbids; i++) {
		sp->rivals[i] = (sp->winner + 1 + i * 3 + pick(r, 3)) % (int)NFIRMS;
		sp->rival_amt[i] = sp->won + sp->ref * (1 + pick(r, 8)) / 100 + (i + 1) * 1000;
	}
	if (sp->nbids >= 2 && pick(r, 100) < 4)
		sp->rival_amt[0] = sp->won;             /* identical bids */
	sp->late = sp->method == 0 && pick(r, 100) < 3;
	sp->contract_up = pick(r, 100) < 3;
	/* planted: firm 4 (abandonment list) wins now and then */
	if (n % 53 == 7)
		sp->winner = 4;
	/* planted: firms 3 and 11 (one telephone) bid together */
	if (n % 41 == 5 && sp->method != 2) {
		sp->winner = 3;
		sp->nbids = 2;
		sp->rivals[0] = 11;
		sp->rival_amt[0] = sp->won + sp->ref / 50;
	}
	/* planted: the hospital buys mostly from one supplier */
	if (sp->buyer == 9 && pick(r, 100) < 70)
		sp->winner = 8;
	/* planted: a split purchase, four small direct contracts in 20 days */
	if (n >= 300 && n < 304) {
		sp->buyer = 5;
		sp->method = 2;
		sp->winner = 9;
		sp->nbids = 1;
		sp->ref = 180000;
		sp->won = 175000;
		sp->start = 200 + (n - 300) * 6;
		sp->award_day = sp->start + 2;
		sp->contract_up = false;
	}
}

enum sod_err
demo_procurement(struct store *s, const struct flag_params *p)
{
	struct proc_import_stats st = {0};
	struct proc_import im = {.s = s, .st = &st};
	struct ocds_error e = {0};
	struct rng r = {20250117};
	enum sod_err err;
	char tin[14];

	if ((err = store_tx_begin(s, true)) != SOD_OK)
		return err;
	tax_id(4, tin);
	err = store_proc_blacklist_put(s, tin, firms[4], "2024-03-15");
	for (int n = 0; n < DEMO_PROCUREMENTS && !err; n++) {
		struct spec sp;
		json_t *tender, *award = NULL;

		draw(&r, n, &sp);
		tender = releases(&sp, n, &award);
		if (tender == NULL || award == NULL)
			err = SOD_ENOMEM;
		if (!err)
			err = proc_ingest(&im, tender, NULL, &e);
		if (!err)
			err = proc_ingest(&im, award, NULL, &e);
		json_decref(tender);
		json_decref(award);
	}
	if (!err)
		err = flags_score(s, p, NULL);
	if (!err)
		err = store_tx_commit(s);
	else
		store_tx_rollback(s);
	return err;
}
