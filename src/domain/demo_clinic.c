/*
 * demo_clinic.c — the demo's governance clinic and budget request
 * (CONTRACT.md "Demo data", docs/clinic.md): PACC Region 7's clinic with
 * five requests from Samut Sakhon agencies — answered, scheduled in the
 * office and by phone, two grouped on a mobile clinic day in Krathum
 * Baen, one still new — and two published questions; and the Justice
 * club's request to the Justice ACOC for International Anti-Corruption
 * Day, approved and reported with two receipt files. The same every run:
 * fixed references (SKSA-0000-0001 …), fixed dates, fixed amounts.
 */
#include "domain/demo.h"

#include <string.h>

#include "domain/budget.h"
#include "domain/clinic.h"
#include "domain/evidence.h"
#include "domain/unit.h"

static const struct {
	const char *ref, *agency, *contact, *topic, *question, *way, *district, *received;
	const char *status, *on, *venue, *advice, *documents, *follow_up;
	bool mobile;
} requests[] = {
	{"SKSA00000001", "องค์การบริหารส่วนตำบลท่าทราย", "นางสาวพิมพ์ชนก ใจดี (เจ้าหน้าที่พัสดุ) 034-000-101",
	 "procurement", "จะจ้างซ่อมถนนวงเงิน 480,000 บาท ใช้วิธีเฉพาะเจาะจงได้หรือไม่ และต้องแบ่งงวดงานอย่างไรจึงไม่เป็นการแบ่งซื้อแบ่งจ้าง",
	 "on_site", "7401", "2026-11-02", "answered", "2026-11-05", "office",
	 "วงเงินเกิน 500,000 บาทไม่ได้ แต่ถ้าเป็นงานเดียวกันในปีงบประมาณเดียวกันต้องรวมวงเงิน ให้ใช้วิธี e-bidding ถ้ารวมแล้วเกินวงเงิน และจัดทำราคากลางตามหลักเกณฑ์ของคณะกรรมการราคากลาง",
	 "พ.ร.บ.การจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 มาตรา 56; ระเบียบกระทรวงการคลังฯ พ.ศ. 2560 ข้อ 79",
	 "โทรติดตามเมื่อ 20 พ.ย. 2569: อบต. ปรับแผนเป็น e-bidding แล้ว", false},
	{"SKSA00000002", "เทศบาลตำบลอ้อมน้อย", "นายสมชาย แสงทอง (ปลัดเทศบาล) 034-000-202",
	 "conflict_of_interest", "ญาติของนายกเทศมนตรีเป็นผู้ถือหุ้นบริษัทที่จะเสนอราคางานก่อสร้าง ต้องปฏิบัติอย่างไร",
	 "mobile_clinic", "7402", "2026-11-09", "scheduled", "2026-11-20", "mobile", "", "", "", true},
	{"SKSA00000003", "องค์การบริหารส่วนตำบลสวนหลวง", "นางวันเพ็ญ ทองดี (ผู้อำนวยการกองคลัง) 034-000-303",
	 "budget_use", "เงินสะสมใช้จ่ายซ่อมแซมศูนย์พัฒนาเด็กเล็กได้หรือไม่ และต้องขออนุมัติสภาท้องถิ่นอย่างไร",
	 "mobile_clinic", "7402", "2026-11-10", "scheduled", "2026-11-20", "mobile", "", "", "", true},
	{"SKSA00000004", "โรงพยาบาลบ้านแพ้ว", "ฝ่ายบริหารทั่วไป 034-000-404",
	 "regulations", "การรับของขวัญจากผู้ค้าเวชภัณฑ์ในช่วงปีใหม่ ทำได้ในมูลค่าเท่าใด",
	 "phone", "7403", "2026-11-11", "scheduled", "2026-11-16", "phone", "", "", "", false},
	{"SKSA00000005", "เทศบาลนครสมุทรสาคร", "งานการเจ้าหน้าที่ 034-000-505",
	 "ethics", "ขอคำแนะนำการจัดทำประมวลจริยธรรมของพนักงานเทศบาลฉบับใหม่",
	 "online", "7401", "2026-11-28", "new", NULL, NULL, "", "", "", false},
};

static const struct { const char *topic, *q, *a; } faqs[] = {
	{"procurement", "งานเดียวกันในปีงบประมาณเดียวกัน แบ่งจ้างเป็นหลายสัญญาเพื่อใช้วิธีเฉพาะเจาะจงได้หรือไม่",
	 "ไม่ได้ การแบ่งซื้อแบ่งจ้างเพื่อให้วงเงินต่ำลงขัดต่อมาตรา 56 ของ พ.ร.บ.การจัดซื้อจัดจ้างฯ พ.ศ. 2560 ให้รวมวงเงินทั้งปีแล้วเลือกวิธีตามวงเงินรวม"},
	{"conflict_of_interest", "ญาติของผู้บริหารเป็นผู้เสนอราคา ต้องทำอย่างไร",
	 "ผู้บริหารที่มีส่วนได้เสียต้องเปิดเผยและไม่ร่วมพิจารณาในทุกขั้นตอน และคณะกรรมการต้องบันทึกการมีส่วนได้เสียไว้ในรายงานผลการพิจารณา"},
};

static enum sod_err
add_consultations(struct sys *sys, struct arena *a, int64_t unit, int64_t day_id)
{
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		struct clinic_request in = {
			.unit_code = "pacc-r7", .agency = requests[i].agency,
			.contact = requests[i].contact, .topic = requests[i].topic,
			.question = requests[i].question, .way = requests[i].way,
			.district = requests[i].district,
		};
		struct verr ve[CLINIC_MAX_ERRORS];
		struct consultation_rec c;
		size_t nve;
		int64_t id;
		enum sod_err err;

		(void)unit;
		if ((err = clinic_submit_with_ref(sys, a, &in, requests[i].received, requests[i].ref,
		                                  ve, &nve, &id)) ||
		    (err = store_consult_get(sys->store, a, id, &c)))
			return err;
		c.status = (char *)requests[i].status;
		c.scheduled_on = (char *)requests[i].on;
		c.venue = (char *)requests[i].venue;
		c.day_id = requests[i].mobile ? day_id : 0;
		c.advice = (char *)requests[i].advice;
		c.documents = (char *)requests[i].documents;
		c.answered_on = requests[i].advice[0] ? (char *)requests[i].on : NULL;
		c.follow_up = (char *)requests[i].follow_up;
		if ((err = store_consult_update(sys->store, &c)))
			return err;
	}
	return SOD_OK;
}

static enum sod_err
add_clinic(struct sys *sys, struct arena *a)
{
	struct unit_rec u;
	struct clinic_day_rec d = {.day = "2026-11-20", .district_code = "7402",
	                           .place = "หอประชุมอำเภอกระทุ่มแบน"};
	int64_t day_id, id;
	enum sod_err err;

	if ((err = store_unit_get_by_code(sys->store, a, "pacc-r7", &u)) ||
	    (err = store_clinic_open(sys->store, u.id, 1762128000)))
		return err;
	d.unit_id = u.id;
	if ((err = store_clinic_day_insert(sys->store, &d, &day_id)) ||
	    (err = add_consultations(sys, a, u.id, day_id)))
		return err;
	for (size_t i = 0; i < sizeof(faqs) / sizeof(faqs[0]); i++) {
		struct faq_rec f = {.unit_id = u.id, .topic = (char *)faqs[i].topic,
		                    .question = (char *)faqs[i].q, .answer = (char *)faqs[i].a,
		                    .published_on = "2026-11-25"};

		if ((err = store_faq_insert(sys->store, &f, 0, &id)))
			return err;
	}
	return SOD_OK;
}

/* A small receipt as a PDF (typed by its bytes, like any upload). */
static enum sod_err
receipt_file(struct sys *sys, struct arena *a, const char *name, const char *text,
             struct evidence **out)
{
	char *pdf = arena_printf(a, "%%PDF-1.4\n%% %s\n1 0 obj << /Type /Catalog >> endobj\n"
	                         "trailer << /Root 1 0 R >>\n%%%%EOF\n", text);
	enum sod_err err;

	if (pdf == NULL)
		return SOD_ENOMEM;
	if ((err = evidence_begin(sys, a, name, out)))
		return err;
	if ((err = evidence_write(*out, pdf, strlen(pdf))) || (err = evidence_finish(*out)))
		evidence_discard(*out);
	return err;
}

static enum sod_err
add_budget(struct sys *sys, struct arena *a)
{
	static const struct budget_line_rec lines[] = {
		{"ป้ายไวนิลวันต่อต้านคอร์รัปชันสากล", 2, 150000},
		{"อาหารว่างและเครื่องดื่มผู้เข้าร่วม", 150, 15000},
		{"ค่าตอบแทนวิทยากร", 1, 600000},
		{"เอกสารประกอบการบรรยาย", 140, 2500},
	};
	struct unit_rec club, moj;
	struct budget_rec b = {0};
	struct activity_rec *acts;
	struct evidence *files[2];
	size_t n;
	int64_t id;
	enum sod_err err;

	if ((err = store_unit_get_by_code(sys->store, a, "moj-amjl", &club)) ||
	    (err = store_unit_get_by_code(sys->store, a, "moj", &moj)) ||
	    (err = store_activity_list(sys->store, a, club.id, "2025-12-09", "2025-12-09", 10,
	                               &acts, &n)))
		return err;
	b = (struct budget_rec){.unit_id = club.id, .parent_id = moj.id,
	    .title = "โครงการวันต่อต้านคอร์รัปชันสากล 9 ธันวาคม 2568",
	    .purpose = "จัดกิจกรรมรณรงค์วันต่อต้านคอร์รัปชันสากลของชมรม ร่วมกับ ศปท. กระทรวงยุติธรรม "
	               "เพื่อสร้างความตระหนักแก่บุคลากรและประชาชน",
	    .activity_kind = "anti_corruption_day", .fiscal_year = 2569,
	    .planned_on = "2025-12-09", .amount_satang = 3500000};
	if ((err = store_budget_insert(sys->store, &b, lines, 4, &id)))
		return err;
	b.id = id;
	b.status = "approved";
	b.approved_satang = 3500000;
	b.decision_note = "อนุมัติตามที่ขอ จากงบประมาณ ศปท. กระทรวงยุติธรรม ปี 2569";
	b.decided_on = "2025-11-20";
	b.spent_satang = 3387000;
	b.report_note = "ใช้จ่ายจริงน้อยกว่าที่ขอ ผู้เข้าร่วม 200 คน เงินเหลือคืน 1,130 บาท";
	b.reported_on = "2025-12-20";
	b.activity_id = n > 0 ? acts[0].id : 0;
	if ((err = store_budget_update(sys->store, &b)))
		return err;
	if ((err = receipt_file(sys, a, "ใบเสร็จ-ป้ายไวนิล.pdf", "receipt 1: 3,000 baht", &files[0])))
		return err;
	if ((err = receipt_file(sys, a, "ใบเสร็จ-อาหารว่าง.pdf", "receipt 2: 21,870 baht",
	                        &files[1]))) {
		evidence_discard(files[0]);
		return err;
	}
	for (int i = 0; i < 2 && !err; i++) {
		struct budget_receipt_rec r;
		char *meta = evidence_meta_json(a, files[i]), *sealed = NULL;

		if (meta == NULL)
			err = SOD_ENOMEM;
		if (!err)
			err = box_seal(sys->box, a, "budget.receipt", meta, strlen(meta), &sealed);
		r = (struct budget_receipt_rec){.n = i + 1, .size = (int64_t)evidence_size(files[i]),
		    .stored = (char *)evidence_stored_name(files[i]), .meta = sealed};
		if (!err)
			err = store_budget_receipt_insert(sys->store, id, &r);
	}
	if (err) {
		evidence_discard(files[0]);
		evidence_discard(files[1]);
	}
	return err;
}

enum sod_err
demo_clinic(struct sys *sys, struct arena *a)
{
	enum sod_err err;

	if ((err = evidence_setup(sys, 0)) || (err = add_clinic(sys, a)))
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = add_budget(sys, a))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}
