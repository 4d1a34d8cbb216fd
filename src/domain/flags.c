/*
 * flags.c — the fourteen red flags of CONTRACT.md "Procurement risk".
 *
 * Scoring is a handful of passes, each one SQL statement over all
 * procurements (store_proc_pass) whose rows already satisfy the rule, or a
 * tight loop in C over sorted rows where SQL would be awkward (splitting,
 * the interquartile fence). Nothing here queries per procurement. Each
 * flag keeps its facts in Thai, the way a citizen would check them:
 * "ราคาที่ชนะ 4,990,000 บาท = 99.8 % ของราคากลาง 5,000,000 บาท".
 * Boundaries are those of the contract, documented in docs/procurement.md.
 */
#include "domain/flags.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"

#define DAY 86400

const struct flag_def flag_defs[FLAG__MAX] = {
	[FLAG_SINGLE_BID] = {"single_bid", "มีผู้ยื่นข้อเสนอรายเดียว", "Single bid",
		"การจัดซื้อจัดจ้างแบบแข่งขันแต่มีผู้ยื่นข้อเสนอเพียงรายเดียว จึงไม่มีการแข่งขันด้านราคาจริง",
		"A competitive procedure received exactly one bid: there was no real price competition.",
		"tender", "OCP Cardinal; ACT Ai (fewer than 3 bidders)", {NULL}},
	[FLAG_FEW_BIDS] = {"few_bids", "มีผู้ยื่นข้อเสนอน้อยราย", "Few bids",
		"การจัดซื้อจัดจ้างแบบแข่งขันมีผู้ยื่นข้อเสนอเพียงสองราย (น้อยกว่าสามราย)",
		"A competitive procedure received two bids (fewer than three).",
		"tender", "ACT Ai (fewer than 3 bidders); selection needs at least 3 invited firms",
		{"flag_few_bids_below", NULL}},
	[FLAG_SHORT_TENDER_PERIOD] = {"short_tender_period", "ระยะเวลายื่นข้อเสนอสั้น",
		"Short tender period",
		"ประกาศเชิญชวนแบบเปิดให้เวลายื่นข้อเสนอสั้นกว่าที่กำหนด ผู้ประกอบการรายอื่นอาจเตรียมตัวไม่ทัน",
		"An open procedure gave bidders less time than the threshold to submit.",
		"tender", "OCP Cardinal (submission period under 15 days)",
		{"flag_short_tender_days", NULL}},
	[FLAG_NEAR_REFERENCE_PRICE] = {"near_reference_price", "ราคาที่ชนะใกล้ราคากลาง",
		"Award close to the reference price",
		"ราคาที่ชนะอยู่ระหว่างร้อยละ 99 ถึง 100 ของราคากลาง ซึ่งอาจบ่งชี้ว่าไม่มีการแข่งขันด้านราคา",
		"The awarded amount is between 99 % and 100 % of the reference price.",
		"award", "ACT Ai (bid close to the reference price)",
		{"flag_near_reference_min_percent", "flag_near_reference_max_percent", NULL}},
	[FLAG_ABOVE_REFERENCE_PRICE] = {"above_reference_price", "ราคาสูงกว่าราคากลาง",
		"Above the reference price",
		"ราคาที่ชนะหรือราคาตามสัญญาสูงกว่าราคากลางที่หน่วยงานประกาศไว้",
		"The awarded or contracted amount exceeds the reference price.",
		"award", "ACT Ai (bid above the reference price)", {NULL}},
	[FLAG_ABNORMALLY_LOW] = {"abnormally_low", "ราคาต่ำผิดปกติ", "Abnormally low price",
		"ราคาที่ชนะต่ำกว่าร้อยละ 70 ของราคากลาง อาจทำงานไม่ได้ตามสัญญาหรือราคากลางตั้งไว้สูงเกินจริง",
		"The awarded amount is below 70 % of the reference price.",
		"award", "ACT Ai (abnormally below the reference price)",
		{"flag_abnormally_low_percent", NULL}},
	[FLAG_CONTRACT_ABOVE_AWARD] = {"contract_above_award", "สัญญาสูงกว่าราคาที่ชนะ",
		"Contract above the award",
		"มูลค่าสัญญาสูงกว่าราคาที่ผู้ชนะเสนอและได้รับการคัดเลือก",
		"A contract's amount exceeds the amount of its award.",
		"contract", "ACT Ai (contract value above the winning bid)", {NULL}},
	[FLAG_IDENTICAL_BIDS] = {"identical_bids", "ราคาเสนอเท่ากัน", "Identical bids",
		"ผู้ยื่นข้อเสนอสองรายเสนอราคาเท่ากันทุกบาท ซึ่งเกิดขึ้นได้ยากหากต่างคนต่างคิดราคา",
		"Two different tenderers bid exactly the same amount.",
		"tender", "OCP Cardinal; ACT Ai (identical bids)", {NULL}},
	[FLAG_LATE_BID_WON] = {"late_bid_won", "ผู้ชนะยื่นข้อเสนอหลังปิดรับ", "Late bid won",
		"ข้อเสนอของผู้ชนะลงวันที่หลังวันปิดรับข้อเสนอ",
		"The winning bid is dated after the tender period ended.",
		"award", "OCP Cardinal (late bid won)", {NULL}},
	[FLAG_SHARED_CONTACT] = {"shared_contact", "ผู้ยื่นข้อเสนอใช้ที่อยู่หรือช่องทางติดต่อเดียวกัน",
		"Tenderers share a contact",
		"ผู้ยื่นข้อเสนอต่างรายในโครงการเดียวกันใช้ที่อยู่ โทรศัพท์ หรืออีเมลเดียวกัน อาจเป็นกลุ่มเดียวกันที่สมยอมราคา",
		"Two different tenderers share a street address, telephone or e-mail.",
		"tender", "OCP Cardinal; ACT Ai (bidders sharing an address)", {NULL}},
	[FLAG_YEAR_END_DIRECT] = {"year_end_direct", "ซื้อเฉพาะเจาะจงช่วงปลายปีงบประมาณ",
		"Direct purchase at fiscal-year end",
		"สัญญาแบบเฉพาะเจาะจงลงนามในเดือนกันยายน เดือนสุดท้ายของปีงบประมาณ ซึ่งมักมีการเร่งใช้งบประมาณ",
		"A direct contract signed in September, the fiscal year's last month.",
		"contract", "ACT Ai (specific-method buying at fiscal-year end)",
		{"flag_year_end_month", NULL}},
	[FLAG_SPLIT_PURCHASE] = {"split_purchase", "อาจแบ่งซื้อแบ่งจ้าง", "Possible split purchase",
		"หน่วยงานเดียวทำสัญญาเฉพาะเจาะจงกับผู้ขายรายเดียวหลายสัญญาในเวลาใกล้กัน แต่ละสัญญาไม่เกินวงเงิน แต่รวมกันเกิน",
		"One buyer gave one supplier 3 or more small direct contracts within 30 days, "
		"together above the threshold.",
		"contract", "Procurement Act B.E. 2560 s. 56 (specific method up to 500,000 baht); ACT Ai",
		{"flag_split_max_baht", "flag_split_total_baht", "flag_split_min_contracts",
		 NULL}},
	[FLAG_BLACKLISTED_SUPPLIER] = {"blacklisted_supplier", "ผู้ชนะอยู่ในบัญชีผู้ทิ้งงาน",
		"Blacklisted supplier",
		"ผู้ชนะมีชื่ออยู่ในบัญชีรายชื่อผู้ทิ้งงานของทางราชการ",
		"The winner is on the abandonment list (ผู้ทิ้งงาน).",
		"supplier", "Procurement Act B.E. 2560 s. 109 (abandonment list); ACT Ai", {NULL}},
	[FLAG_WINNER_SHARE_OUTLIER] = {"winner_share_outlier", "ผู้ขายได้งานจากหน่วยงานมากผิดปกติ",
		"Winner share outlier",
		"ส่วนแบ่งมูลค่างานที่ผู้ขายรายนี้ได้จากหน่วยงานสูงกว่าผู้ขายรายอื่นของหน่วยงานเดียวกันอย่างผิดปกติ",
		"The supplier's share of the buyer's awards is a high outlier (above Q3 + 1.5 × IQR).",
		"supplier", "OCP Cardinal (interquartile fences)", {"flag_outlier_iqr_factor", NULL}},
};

const struct flag_def *
flag_find(const char *id)
{
	for (int i = 0; i < FLAG__MAX; i++)
		if (strcmp(flag_defs[i].id, id) == 0)
			return &flag_defs[i];
	return NULL;
}

/* ---- parameters ------------------------------------------------------------- */

void
flag_params_default(struct flag_params *p)
{
	*p = (struct flag_params){
		.few_bids_below = 3, .short_tender_days = 15, .near_min_bp = 9900,
		.near_max_bp = 10000, .low_below_bp = 7000, .year_end_month = 9,
		.split_max = 500000 * 100LL, .split_total = 500000 * 100LL,
		.split_min_contracts = 3, .split_days = 30, .outlier_factor_pct = 150,
	};
}

/* "99", "99.5", "1.25" → value × 10^dec; false if malformed or more decimals. */
static bool
parse_fixed(struct slice v, int dec, int64_t max, int64_t *out)
{
	int64_t n = 0;
	int seen = -1;
	size_t digits = 0;

	for (size_t i = 0; i < v.len; i++) {
		char c = v.p[i];

		if (c == '.' && seen < 0 && digits > 0) {
			seen = 0;
			continue;
		}
		if (c < '0' || c > '9' || (seen >= 0 && seen == dec) || n > max)
			return false;
		n = n * 10 + (c - '0');
		digits++;
		if (seen >= 0)
			seen++;
	}
	if (digits == 0 || (seen == 0))
		return false;
	for (int i = seen < 0 ? 0 : seen; i < dec; i++)
		n *= 10;
	if (n > max)
		return false;
	*out = n;
	return true;
}

static const struct {
	const char *key;
	size_t off;
	int dec;          /* decimals accepted */
	int64_t scale;    /* stored = parsed × scale */
	int64_t min, max; /* of the stored value */
} param_keys[] = {
	{"flag_few_bids_below", offsetof(struct flag_params, few_bids_below), 0, 1, 2, 100},
	{"flag_short_tender_days", offsetof(struct flag_params, short_tender_days), 0, 1, 1, 365},
	{"flag_near_reference_min_percent", offsetof(struct flag_params, near_min_bp), 2, 1,
	 1, 10000},
	{"flag_near_reference_max_percent", offsetof(struct flag_params, near_max_bp), 2, 1,
	 1, 100000},
	{"flag_abnormally_low_percent", offsetof(struct flag_params, low_below_bp), 2, 1, 1,
	 10000},
	{"flag_year_end_month", offsetof(struct flag_params, year_end_month), 0, 1, 1, 12},
	{"flag_split_max_baht", offsetof(struct flag_params, split_max), 0, 100, 100,
	 100000000000000LL},
	{"flag_split_total_baht", offsetof(struct flag_params, split_total), 0, 100, 100,
	 100000000000000LL},
	{"flag_split_min_contracts", offsetof(struct flag_params, split_min_contracts), 0, 1, 2,
	 1000},
	{"flag_split_days", offsetof(struct flag_params, split_days), 0, 1, 1, 366},
	{"flag_outlier_iqr_factor", offsetof(struct flag_params, outlier_factor_pct), 2, 1, 0,
	 10000},
};

bool
flag_params_set(struct flag_params *p, struct slice key, struct slice value)
{
	for (size_t i = 0; i < sizeof(param_keys) / sizeof(param_keys[0]); i++) {
		int64_t n;

		if (!slice_eq_str(key, param_keys[i].key))
			continue;
		if (!parse_fixed(value, param_keys[i].dec, INT64_MAX / 1000, &n))
			return false;
		n *= param_keys[i].scale;
		if (n < param_keys[i].min || n > param_keys[i].max)
			return false;
		*(int64_t *)((char *)p + param_keys[i].off) = n;
		return true;
	}
	return false;
}

double
flag_param_value(const struct flag_params *p, const char *key)
{
	for (size_t i = 0; i < sizeof(param_keys) / sizeof(param_keys[0]); i++) {
		if (strcmp(key, param_keys[i].key) == 0) {
			double v = (double)*(const int64_t *)((const char *)p + param_keys[i].off);

			for (int d = 0; d < param_keys[i].dec; d++)
				v /= 10;
			return v / (double)param_keys[i].scale;
		}
	}
	return 0;
}

/* ---- formatting facts --------------------------------------------------------- */

void
flags_baht(char *out, size_t size, int64_t satang)
{
	char digits[32], grouped[48];
	int64_t baht = satang / 100, sat = satang % 100;
	size_t n, k = 0;

	snprintf(digits, sizeof(digits), "%" PRId64, baht);
	n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[k++] = ',';
		grouped[k++] = digits[i];
	}
	grouped[k] = '\0';
	if (sat)
		snprintf(out, size, "%s.%02" PRId64 " บาท", grouped, sat);
	else
		snprintf(out, size, "%s บาท", grouped);
}

/* "99.8" — a/b as a percentage with one decimal (b > 0). */
static void
percent(char *out, size_t size, int64_t a, int64_t b)
{
	int64_t permille = (a * 1000 + b / 2) / b;

	snprintf(out, size, "%" PRId64 ".%" PRId64, permille / 10, permille % 10);
}

static void
day_text(char *out, size_t size, int64_t day)
{
	date_format(out, size, day * DAY, DATE_SHORT, LANG_TH, false);
}

static void
time_text(char *out, size_t size, int64_t t)
{
	date_format(out, size, t, DATE_TIME, LANG_TH, false);
}

/* ---- the passes ---------------------------------------------------------------- */

struct ctx {
	struct store *s;
	const struct flag_params *p;
	size_t flagged;
	char buf[1024];
};

static enum sod_err
raise_flag(struct ctx *c, int64_t id, enum flag_id f, const char *facts)
{
	c->flagged++;
	return store_proc_flag_add(c->s, id, flag_defs[f].id, facts);
}

/* The OCDS method as a Thai reader knows it. */
static const char *
method_th(const char *m)
{
	if (m && strcmp(m, "open") == 0)
		return "แบบเปิด (ประกาศเชิญชวนทั่วไป)";
	if (m && strcmp(m, "selective") == 0)
		return "คัดเลือก";
	return m ? m : "";
}

static enum sod_err
on_bids(void *ctx, const int64_t *v, const char *const *t)
{
	struct ctx *c = ctx;

	if (v[1] == 1) {
		snprintf(c->buf, sizeof(c->buf),
		         "วิธี%s ซึ่งเป็นการแข่งขัน แต่มีผู้ยื่นข้อเสนอเพียง 1 ราย",
		         method_th(t[0]));
		return raise_flag(c, v[0], FLAG_SINGLE_BID, c->buf);
	}
	snprintf(c->buf, sizeof(c->buf),
	         "วิธี%s ซึ่งเป็นการแข่งขัน แต่มีผู้ยื่นข้อเสนอเพียง %" PRId64 " ราย (น้อยกว่า %" PRId64
	         " ราย)", method_th(t[0]), v[1], c->p->few_bids_below);
	return raise_flag(c, v[0], FLAG_FEW_BIDS, c->buf);
}

static enum sod_err
on_period(void *ctx, const int64_t *v, const char *const *t)
{
	struct ctx *c = ctx;
	char a[64], b[64];
	int64_t tenths = (v[2] - v[1]) * 10 / DAY;

	(void)t;
	time_text(a, sizeof(a), v[1]);
	time_text(b, sizeof(b), v[2]);
	snprintf(c->buf, sizeof(c->buf),
	         "เปิดรับข้อเสนอ %s ถึง %s รวม %" PRId64 ".%" PRId64 " วัน น้อยกว่า %" PRId64 " วัน",
	         a, b, tenths / 10, tenths % 10, c->p->short_tender_days);
	return raise_flag(c, v[0], FLAG_SHORT_TENDER_PERIOD, c->buf);
}

static enum sod_err
on_price(void *ctx, const int64_t *v, const char *const *t)
{
	struct ctx *c = ctx;
	int64_t ref = v[1], won = v[2], signed_amt = v[3];
	char r[64], w[64], pc[32];
	enum sod_err err = SOD_OK;

	(void)t;
	flags_baht(r, sizeof(r), ref);
	if (won >= 0) {
		flags_baht(w, sizeof(w), won);
		percent(pc, sizeof(pc), won, ref);
		if (won * 10000 >= ref * c->p->near_min_bp && won * 10000 <= ref * c->p->near_max_bp) {
			snprintf(c->buf, sizeof(c->buf), "ราคาที่ชนะ %s = %s %% ของราคากลาง %s", w, pc, r);
			if ((err = raise_flag(c, v[0], FLAG_NEAR_REFERENCE_PRICE, c->buf)))
				return err;
		}
		if (won * 10000 < ref * c->p->low_below_bp) {
			snprintf(c->buf, sizeof(c->buf),
			         "ราคาที่ชนะ %s = %s %% ของราคากลาง %s ต่ำกว่า %" PRId64 " %%", w, pc, r,
			         c->p->low_below_bp / 100);
			if ((err = raise_flag(c, v[0], FLAG_ABNORMALLY_LOW, c->buf)))
				return err;
		}
	}
	if (won > ref || signed_amt > ref) {
		int64_t x = won > ref ? won : signed_amt;

		flags_baht(w, sizeof(w), x);
		percent(pc, sizeof(pc), x, ref);
		snprintf(c->buf, sizeof(c->buf), "%s %s = %s %% ของราคากลาง %s",
		         won > ref ? "ราคาที่ชนะ" : "ราคาตามสัญญา", w, pc, r);
		err = raise_flag(c, v[0], FLAG_ABOVE_REFERENCE_PRICE, c->buf);
	}
	return err;
}

static enum sod_err
on_contract_award(void *ctx, const int64_t *v, const char *const *t)
{
	struct ctx *c = ctx;
	char a[64], b[64];

	flags_baht(a, sizeof(a), v[1]);
	flags_baht(b, sizeof(b), v[2]);
	snprintf(c->buf, sizeof(c->buf), "สัญญา %s มูลค่า %s สูงกว่าราคาที่ชนะ (%s) %s",
	         t[0] ? t[0] : "", a, t[1] ? t[1] : "", b);
	return raise_flag(c, v[0], FLAG_CONTRACT_ABOVE_AWARD, c->buf);
}

static enum sod_err
on_identical(void *ctx, const int64_t *v, const char *const *t)
{
	struct ctx *c = ctx;
	char a[64];

	flags_baht(a, sizeof(a), v[1]);
	snprintf(c->buf, sizeof(c->buf), "%s และ %s เสนอราคาเท่ากัน %s", t[0] ? t[0] : "?",
	         t[1] ? t[1] : "?", a);
	return raise_flag(c, v[0], FLAG_IDENTICAL_BIDS, c->buf);
}

static enum sod_err
on_late(void *ctx, const int64_t *v, const char *const *t)
{
	struct ctx *c = ctx;
	char a[64], b[64];

	time_text(a, sizeof(a), v[1]);
	time_text(b, sizeof(b), v[2]);
	snprintf(c->buf, sizeof(c->buf), "ข้อเสนอของผู้ชนะ %s ลงวันที่ %s หลังปิดรับข้อเสนอ %s",
	         t[0] ? t[0] : "", a, b);
	return raise_flag(c, v[0], FLAG_LATE_BID_WON, c->buf);
}

static enum sod_err
on_shared(void *ctx, const int64_t *v, const char *const *t)
{
	struct ctx *c = ctx;
	const char *what = strcmp(t[0], "phone") == 0   ? "โทรศัพท์"
	                   : strcmp(t[0], "email") == 0 ? "อีเมล"
	                                                : "ที่อยู่";

	snprintf(c->buf, sizeof(c->buf), "%s และ %s ใช้%sเดียวกัน: %s", t[2] ? t[2] : "?",
	         t[3] ? t[3] : "?", what, t[1]);
	return raise_flag(c, v[0], FLAG_SHARED_CONTACT, c->buf);
}

static enum sod_err
on_year_end(void *ctx, const int64_t *v, const char *const *t)
{
	struct ctx *c = ctx;
	char d[64], a[64] = "";

	(void)t;
	day_text(d, sizeof(d), v[1]);
	if (v[2] >= 0)
		flags_baht(a, sizeof(a), v[2]);
	snprintf(c->buf, sizeof(c->buf),
	         "สัญญาแบบเฉพาะเจาะจง%s%s ลงนามวันที่ %s ในเดือนสุดท้ายของปีงบประมาณ",
	         a[0] ? " มูลค่า " : "", a, d);
	return raise_flag(c, v[0], FLAG_YEAR_END_DIRECT, c->buf);
}

static enum sod_err
on_blacklist(void *ctx, const int64_t *v, const char *const *t)
{
	struct ctx *c = ctx;

	snprintf(c->buf, sizeof(c->buf),
	         "ผู้ชนะ %s (เลขประจำตัวผู้เสียภาษี %s) อยู่ในบัญชีผู้ทิ้งงานในชื่อ %s%s%s",
	         t[0] ? t[0] : "", t[1] ? t[1] : "", t[2] ? t[2] : "",
	         t[3] ? " ตั้งแต่ " : "", t[3] ? t[3] : "");
	return raise_flag(c, v[0], FLAG_BLACKLISTED_SUPPLIER, c->buf);
}

/* ---- split purchases: windows over one buyer's contracts with one supplier ---- */

struct split_row {
	int64_t id, day, amount;
};

struct split {
	struct ctx *c;
	char *buyer_key, *supplier_key, *buyer, *supplier;
	struct split_row *rows;
	size_t n, cap;
	enum sod_err err;
};

static void
split_group(struct split *sp)
{
	const struct flag_params *p = sp->c->p;
	size_t j = 0;
	int64_t sum = 0;

	/* Two pointers: [i, j) is the longest run starting at i whose first and
	 * last signing days span at most split_days calendar days, inclusive. */
	for (size_t i = 0; i < sp->n && !sp->err; i++) {
		if (j < i) {
			j = i;
			sum = 0;
		}
		while (j < sp->n && sp->rows[j].day - sp->rows[i].day + 1 <= p->split_days)
			sum += sp->rows[j++].amount;
		if ((int64_t)(j - i) >= p->split_min_contracts && sum > p->split_total) {
			char a[64], b[64], tot[64], lim[64];

			day_text(a, sizeof(a), sp->rows[i].day);
			day_text(b, sizeof(b), sp->rows[j - 1].day);
			flags_baht(tot, sizeof(tot), sum);
			flags_baht(lim, sizeof(lim), p->split_max);
			snprintf(sp->c->buf, sizeof(sp->c->buf),
			         "%s ทำสัญญาเฉพาะเจาะจงกับ %s %zu สัญญา ระหว่าง %s ถึง %s (ไม่เกิน %" PRId64
			         " วัน) สัญญาละไม่เกิน %s แต่รวมกัน %s",
			         sp->buyer ? sp->buyer : sp->buyer_key,
			         sp->supplier ? sp->supplier : sp->supplier_key, j - i, a, b,
			         p->split_days, lim, tot);
			for (size_t k = i; k < j && !sp->err; k++)
				sp->err = raise_flag(sp->c, sp->rows[k].id, FLAG_SPLIT_PURCHASE,
				                     sp->c->buf);
		}
		sum -= sp->rows[i].amount;
	}
	sp->n = 0;
}

static bool
same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void
set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? strdup(src) : NULL;
}

static enum sod_err
on_split(void *ctx, const int64_t *v, const char *const *t)
{
	struct split *sp = ctx;

	if (!same(sp->buyer_key, t[0]) || !same(sp->supplier_key, t[1])) {
		split_group(sp);
		if (sp->err)
			return sp->err;
		set_str(&sp->buyer_key, t[0]);
		set_str(&sp->supplier_key, t[1]);
		set_str(&sp->buyer, t[2]);
		set_str(&sp->supplier, t[3]);
		if (!sp->buyer_key || !sp->supplier_key)
			return SOD_ENOMEM;
	}
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 64;
		struct split_row *r = realloc(sp->rows, cap * sizeof(*r));

		if (r == NULL)
			return SOD_ENOMEM;
		sp->rows = r;
		sp->cap = cap;
	}
	sp->rows[sp->n++] = (struct split_row){v[0], v[1], v[2]};
	return SOD_OK;
}

static enum sod_err
pass_split(struct ctx *c)
{
	struct split sp = {.c = c};
	enum sod_err err;

	err = store_proc_pass(c->s, PROC_PASS_SPLIT, c->p->split_max, on_split, &sp);
	if (!err) {
		split_group(&sp);
		err = sp.err;
	}
	free(sp.rows);
	free(sp.buyer_key);
	free(sp.supplier_key);
	free(sp.buyer);
	free(sp.supplier);
	return err;
}

/* ---- winner share outliers: the interquartile fence per buyer ---------------- */

void
flags_quartiles(const double *v, size_t n, double *q1_out, double *q3_out)
{
	double pos[2] = {0.25 * (double)(n - 1), 0.75 * (double)(n - 1)}, out[2];

	for (int k = 0; k < 2; k++) {
		size_t lo = (size_t)floor(pos[k]);
		double frac = pos[k] - (double)lo;

		out[k] = lo + 1 < n ? v[lo] + frac * (v[lo + 1] - v[lo]) : v[lo];
	}
	*q1_out = out[0];
	*q3_out = out[1];
}

struct share_row {
	int64_t sum;
	char *supplier_key, *supplier;
};

struct shares {
	struct ctx *c;
	char *buyer_key, *buyer;
	struct share_row *rows;
	size_t n, cap;
	enum sod_err err;
};

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
shares_group(struct shares *sh)
{
	double *v = NULL, q1, q3, fence;
	int64_t total = 0;

	if (sh->n == 0)
		return;
	for (size_t i = 0; i < sh->n; i++)
		total += sh->rows[i].sum;
	if (total <= 0 || (v = malloc(sh->n * sizeof(*v))) == NULL) {
		if (total > 0)
			sh->err = SOD_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < sh->n; i++)
		v[i] = (double)sh->rows[i].sum / (double)total;
	qsort(v, sh->n, sizeof(*v), cmp_double);
	flags_quartiles(v, sh->n, &q1, &q3);
	fence = q3 + (double)sh->c->p->outlier_factor_pct / 100.0 * (q3 - q1);
	for (size_t i = 0; i < sh->n && !sh->err; i++) {
		double share = (double)sh->rows[i].sum / (double)total;
		char a[64], b[64];

		if (!(share > fence))
			continue;
		flags_baht(a, sizeof(a), sh->rows[i].sum);
		flags_baht(b, sizeof(b), total);
		snprintf(sh->c->buf, sizeof(sh->c->buf),
		         "%s ได้งานจาก %s รวม %s = %.1f %% ของมูลค่างานทั้งหมดของหน่วยงาน %s "
		         "(เกณฑ์ผิดปกติ %.1f %% จากผู้ขาย %zu ราย)",
		         sh->rows[i].supplier ? sh->rows[i].supplier : sh->rows[i].supplier_key,
		         sh->buyer ? sh->buyer : sh->buyer_key, a, share * 100, b, fence * 100,
		         sh->n);
		sh->c->flagged++;
		sh->err = store_proc_flag_pair(sh->c->s, sh->buyer_key, sh->rows[i].supplier_key,
		                               flag_defs[FLAG_WINNER_SHARE_OUTLIER].id, sh->c->buf);
	}
out:
	free(v);
	for (size_t i = 0; i < sh->n; i++) {
		free(sh->rows[i].supplier_key);
		free(sh->rows[i].supplier);
	}
	sh->n = 0;
}

static enum sod_err
on_share(void *ctx, const int64_t *v, const char *const *t)
{
	struct shares *sh = ctx;
	struct share_row *r;

	if (!same(sh->buyer_key, t[0])) {
		shares_group(sh);
		if (sh->err)
			return sh->err;
		set_str(&sh->buyer_key, t[0]);
		set_str(&sh->buyer, t[2]);
		if (!sh->buyer_key)
			return SOD_ENOMEM;
	}
	if (sh->n == sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 64;

		if ((r = realloc(sh->rows, cap * sizeof(*r))) == NULL)
			return SOD_ENOMEM;
		sh->rows = r;
		sh->cap = cap;
	}
	r = &sh->rows[sh->n];
	r->sum = v[0];
	r->supplier_key = strdup(t[1]);
	r->supplier = t[3] ? strdup(t[3]) : NULL;
	if (r->supplier_key == NULL)
		return SOD_ENOMEM;
	sh->n++;
	return SOD_OK;
}

static enum sod_err
pass_shares(struct ctx *c)
{
	struct shares sh = {.c = c};
	enum sod_err err;

	err = store_proc_pass(c->s, PROC_PASS_SHARES, 0, on_share, &sh);
	if (!err) {
		shares_group(&sh);
		err = sh.err;
	} else {
		sh.err = SOD_OK;
		shares_group(&sh);  /* frees the rows; flags are rolled back by the caller */
	}
	free(sh.rows);
	free(sh.buyer_key);
	free(sh.buyer);
	return err;
}

enum sod_err
flags_score(struct store *s, const struct flag_params *p, size_t *flagged_out)
{
	struct ctx c = {.s = s, .p = p};
	enum sod_err err;

	if ((err = store_proc_flags_clear(s)) ||
	    (err = store_proc_pass(s, PROC_PASS_BIDS, p->few_bids_below, on_bids, &c)) ||
	    (err = store_proc_pass(s, PROC_PASS_PERIOD, p->short_tender_days * DAY, on_period,
	                           &c)) ||
	    (err = store_proc_pass(s, PROC_PASS_PRICE, 0, on_price, &c)) ||
	    (err = store_proc_pass(s, PROC_PASS_CONTRACT_AWARD, 0, on_contract_award, &c)) ||
	    (err = store_proc_pass(s, PROC_PASS_IDENTICAL, 0, on_identical, &c)) ||
	    (err = store_proc_pass(s, PROC_PASS_LATE, 0, on_late, &c)) ||
	    (err = store_proc_pass(s, PROC_PASS_SHARED, 0, on_shared, &c)) ||
	    (err = store_proc_pass(s, PROC_PASS_YEAR_END, p->year_end_month, on_year_end, &c)) ||
	    (err = pass_split(&c)) ||
	    (err = store_proc_pass(s, PROC_PASS_BLACKLIST, 0, on_blacklist, &c)) ||
	    (err = pass_shares(&c)) ||
	    (err = store_proc_scores_update(s)))
		return err;
	if (flagged_out)
		*flagged_out = c.flagged;
	return SOD_OK;
}
