/*
 * demo_ethics.c — the demo's ethics mission and guides library
 * (CONTRACT.md "Demo data", issue 10): Interior's (`moi`) code of conduct,
 * acknowledged by ten of the twelve staff of the Khon Kaen province ACOC
 * (`moi-p40`); a pledge ceremony of `moi` with its signatories; and in the
 * Khon Kaen network (`kkn-net`) a manual (for members) and a knowledge kit
 * (public), small PDFs drawn with cairo, both on the reading list of the
 * network's training. Deterministic: fixed dates, fixed
 * names, no clock.
 */
#include "domain/demo.h"

#include <string.h>

#include "domain/guides.h"
#include "domain/names.h"
#include "domain/network.h"
#include "domain/report.h"
#include "util/buf.h"
#include "util/log.h"

#define STAFF       12
#define STAFF_ACKED 10
#define FIRST_NAME  9000   /* the index of the first invented name used here */

static const char code_th[] =
	"1. ยึดมั่นในสถาบันหลักของประเทศ และปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต\n"
	"2. ไม่ใช้ตำแหน่งหน้าที่แสวงหาประโยชน์เพื่อตนเองหรือผู้อื่น\n"
	"3. แยกเรื่องส่วนตัวออกจากตำแหน่งหน้าที่ และยึดถือประโยชน์ส่วนรวม\n"
	"4. ไม่รับของขวัญหรือประโยชน์อื่นใดเกินกว่าที่กฎหมายกำหนด\n"
	"5. ให้บริการประชาชนอย่างเท่าเทียม โปร่งใส และตรวจสอบได้";
static const char code_en[] =
	"1. Uphold the nation's institutions and serve with integrity.\n"
	"2. Never use one's position for one's own gain or another's.\n"
	"3. Keep private interests apart from public duty.\n"
	"4. Accept no gift or benefit beyond what the law allows.\n"
	"5. Serve the public equally, openly and accountably.";

static enum sod_err
staff(struct sys *sys, struct arena *a, int64_t unit, int64_t code)
{
	for (unsigned k = 0; k < STAFF; k++) {
		struct demo_name n;
		struct person_input in;
		struct person_rec rec;
		struct verr ve = {0};
		char phone[11], email[96];
		int64_t id;
		enum sod_err err;

		demo_name(FIRST_NAME + k, k == 0, &n);
		demo_contact(FIRST_NAME + k, &n, phone, email);
		in = (struct person_input){
			.title_th = n.title_th, .given_th = n.given_th, .family_th = n.family_th,
			.title_en = n.title_en, .given_en = n.given_en, .family_en = n.family_en,
			.kind = "official", .organisation = "ศูนย์ปฏิบัติการต่อต้านการทุจริต จังหวัดขอนแก่น",
			.phone = phone, .email = email, .province = "40", .consent = true,
		};
		if ((err = person_prepare(sys, a, &in, &rec, &ve)) ||
		    (err = person_create_in_tx(sys, a, &rec, unit, k == 0 ? "leader" : "member",
		                               "2024-10-01", &id)))
			return err;
		if (k < STAFF_ACKED &&
		    (err = store_conduct_ack(sys->store, code, "person", id, "2025-10-15", 0)))
			return err;
	}
	return SOD_OK;
}

static enum sod_err
pledge(struct store *s, int64_t moi)
{
	static const char *const signers[][3] = {
		{"ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงมหาดไทย", "นายสมชาย ใจตรง", "ผู้อำนวยการศูนย์"},
		{"กรมการปกครอง", "นางสาวพรทิพย์ ซื่อธรรม", "รองอธิบดี"},
		{"กรมการพัฒนาชุมชน", "นายวีระ มั่นคง", "ผู้อำนวยการกอง"},
		{"กรมโยธาธิการและผังเมือง", "นางมาลี ศรีสุข", "ผู้อำนวยการกอง"},
		{"กรมส่งเสริมการปกครองท้องถิ่น", "นายประเสริฐ ทองดี", "รองอธิบดี"},
	};
	struct activity_rec r = {0};
	int64_t id, sid;
	enum sod_err err;

	r.unit_id = moi;
	r.kind = "pledge";
	r.title = "พิธีประกาศเจตนารมณ์ต่อต้านการทุจริต กระทรวงมหาดไทย ประจำปี 2569";
	r.held_on = "2025-12-09";
	r.province_code = "10";
	r.audience = 150;
	r.outputs = "";
	r.note = "";
	if ((err = store_activity_insert(s, &r, &id)))
		return err;
	for (size_t i = 0; i < sizeof(signers) / sizeof(signers[0]); i++)
		if ((err = store_pledge_signer_add(s, id, signers[i][0], signers[i][1],
		                                   signers[i][2], &sid)))
			return err;
	return SOD_OK;
}

static enum sod_err
guide(struct sys *sys, struct arena *a, int64_t unit, const char *kind, const char *title,
      const char *const *paras, size_t n, bool is_public, const char *filename,
      int64_t training)
{
	struct guide_rec g = {.unit_id = unit, .kind = (char *)kind, .title = (char *)title,
	                      .description = "", .is_public = is_public};
	struct buf pdf;
	int64_t id, version;
	enum sod_err err;

	buf_init(&pdf, GUIDE_MAX_BYTES);
	if ((err = report_text_pdf(a, title, paras, n, "2025-11-01", &pdf)))
		goto out;
	if ((err = store_guide_insert(sys->store, &g, &id)) ||
	    (err = store_guide_version_insert(sys->store, id, filename, "application/pdf",
	                                      (int64_t)pdf.len, 0, &version)))
		goto out;
	for (size_t off = 0, seq = 0; off < pdf.len && !err; off += GUIDE_CHUNK, seq++)
		err = store_guide_chunk_insert(sys->store, id, version, (int64_t)seq,
		                               pdf.data + off, pdf.len - off < GUIDE_CHUNK
		                               ? pdf.len - off : GUIDE_CHUNK);
	if (!err && training > 0)
		err = store_reading_add(sys->store, training, id);
out:
	buf_free(&pdf);
	return err;
}

static enum sod_err
guides(struct sys *sys, struct arena *a, int64_t kkn)
{
	static const char *const manual[] = {
		"คู่มือนี้สำหรับสมาชิกเครือข่ายภาคประชาสังคมเฝ้าระวังทรัพยากรสาธารณะ จังหวัดขอนแก่น",
		"1. ก่อนลงพื้นที่ ตรวจรายการจุดเฝ้าระวังที่ทีมได้รับมอบหมายและนัดหมายสมาชิกในทีม",
		"2. ที่จุดเฝ้าระวัง ถ่ายภาพป้ายโครงการ สภาพงาน และบันทึกสิ่งที่พบตามแบบฟอร์ม",
		"3. หากพบข้อสงสัย แจ้งผู้ประสานงานโซนภายในวันเดียวกัน และแจ้งเบาะแสผ่านระบบสอดส่อง",
		"4. ไม่เผชิญหน้ากับผู้รับเหมาหรือเจ้าหน้าที่ ความปลอดภัยของสมาชิกสำคัญที่สุด",
	};
	static const char *const kit[] = {
		"ชุดความรู้: ทรัพยากรสาธารณะคืออะไร และประชาชนมีส่วนร่วมเฝ้าระวังได้อย่างไร",
		"ทรัพยากรสาธารณะ ได้แก่ ที่ดินสาธารณประโยชน์ แหล่งน้ำ ป่าชุมชน และสิ่งก่อสร้างที่ใช้งบประมาณของรัฐ",
		"ประชาชนมีสิทธิขอดูข้อมูลโครงการตามพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540",
		"สัญญาณเตือน: งานล่าช้ากว่าสัญญา วัสดุไม่ตรงแบบ ป้ายโครงการไม่ครบถ้วน ผู้เสนอราคารายเดียว",
	};
	struct training_rec *t;
	size_t nt;
	int64_t training;
	enum sod_err err;

	/* Both are on the reading list of the network's training. */
	if ((err = network_trainings(sys, a, kkn, &t, &nt)))
		return err;
	training = nt > 0 ? t[0].id : 0;
	if ((err = guide(sys, a, kkn, "manual", "คู่มือการลงพื้นที่เฝ้าระวังสำหรับสมาชิกเครือข่าย",
	                 manual, sizeof(manual) / sizeof(manual[0]), false,
	                 "คู่มือการลงพื้นที่.pdf", training)))
		return err;
	return guide(sys, a, kkn, "knowledge_kit", "ชุดความรู้การเฝ้าระวังทรัพยากรสาธารณะ", kit,
	             sizeof(kit) / sizeof(kit[0]), true, "ชุดความรู้-ทรัพยากรสาธารณะ.pdf", training);
}

enum sod_err
demo_ethics(struct sys *sys, struct arena *a)
{
	struct unit_rec moi, p40, kkn;
	int64_t code;
	enum sod_err err;

	if ((err = store_unit_get_by_code(sys->store, a, "moi", &moi)) ||
	    (err = store_unit_get_by_code(sys->store, a, "moi-p40", &p40)) ||
	    (err = store_unit_get_by_code(sys->store, a, "kkn-net", &kkn)))
		return err;
	if ((err = store_conduct_insert(sys->store, moi.id,
	                                "ประมวลจริยธรรมข้าราชการกระทรวงมหาดไทย", code_th, code_en,
	                                "2025-10-01", 0, &code)) ||
	    (err = staff(sys, a, p40.id, code)) || (err = pledge(sys->store, moi.id)) ||
	    (err = guides(sys, a, kkn.id))) {
		LOG_ERR("demo ethics and guides: %s", sod_strerror(err));
		return err;
	}
	return SOD_OK;
}
