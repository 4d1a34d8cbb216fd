/*
 * proc_case.c — from a procurement to a case in one action. Cases are
 * built from tips (domain/case.c), so the procurement first becomes a tip
 * of the officer's chosen unit, entered by that officer (channel
 * "proactive": found by risk surveillance, not reported), holding the
 * procurement's id, buyer, amounts and every flag with its facts; then a
 * case is opened on that tip. Both are sealed and audited like any other.
 */
#include "domain/procurement.h"

#include <stdio.h>
#include <string.h>

#include "domain/case.h"
#include "domain/tip.h"
#include "domain/unit.h"
#include "util/buf.h"

/* At most max bytes of s, cut on a UTF-8 character boundary. */
static char *
cut(struct arena *a, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return arena_strndup(a, s, n);
}

static char *
describe(struct arena *a, const struct proc_rec *p)
{
	struct buf b;
	char money[64];
	char *out;

	buf_init(&b, 16000);
	buf_printf(&b, "โครงการจัดซื้อจัดจ้าง %s\n%s\n", p->ocid, p->title);
	buf_printf(&b, "หน่วยงาน: %s\n", p->buyer_name ? p->buyer_name : "-");
	if (p->tender_amount >= 0) {
		flags_baht(money, sizeof(money), p->tender_amount);
		buf_printf(&b, "ราคากลาง: %s\n", money);
	}
	if (p->amount >= 0) {
		flags_baht(money, sizeof(money), p->amount);
		buf_printf(&b, "มูลค่า: %s\n", money);
	}
	buf_printf(&b, "\nสัญญาณความเสี่ยง %zu รายการ (สัญญาณความเสี่ยงไม่ใช่หลักฐานการทุจริต):\n",
	           p->n_flags);
	for (size_t i = 0; i < p->n_flags; i++) {
		const struct flag_def *d = flag_find(p->flag_recs[i].indicator);

		buf_printf(&b, "- %s: %s\n", d ? d->name_th : p->flag_recs[i].indicator,
		           p->flag_recs[i].facts);
	}
	out = b.failed ? NULL : arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out;
}

enum sod_err
proc_open_case(struct sys *sys, struct arena *a, const struct session *ses, const char *token,
               const char *ocid, const char *unit_code, int64_t *tip_out, int64_t *case_out)
{
	struct proc_rec p;
	struct unit_rec u;
	struct tip_input in = {0};
	struct tip_reader r;
	char receipt[17];
	bool allowed = false;
	enum sod_err err;

	if (unit_code == NULL || unit_code[0] == '\0' ||
	    unit_get(sys, a, unit_code, &u, NULL) != SOD_OK)
		return SOD_EINVAL;
	if ((err = auth_can(sys, ses, ROLE_OFFICER, u.id, &allowed)) != SOD_OK)
		return err;
	if (!allowed)
		return SOD_EPERM;
	if ((err = proc_get(sys->store, a, ocid, &p)) != SOD_OK)
		return err;
	in.unit = unit_code;
	in.category = TIP_PROCUREMENT;
	in.subject = cut(a, p.title[0] ? p.title : p.ocid, 180);
	in.description = describe(a, &p);
	in.channel = "proactive";
	in.entered_by = ses;
	if (p.amount >= 0 && p.amount <= TIP_AMOUNT_MAX_SATANG) {
		in.has_amount = true;
		in.amount_satang = p.amount;
	}
	if (in.subject == NULL || in.description == NULL)
		return SOD_ENOMEM;
	if ((err = tip_submit(sys, a, &in, NULL, 0, receipt, tip_out)) != SOD_OK)
		return err;
	if ((err = tip_reader_open(sys, a, ses, token, &r)) != SOD_OK)
		return err;
	return case_create(sys, a, &r, tip_out, 1, in.subject, case_out);
}
