/*
 * names.c — invented Thai people for the demo data (see names.h).
 *
 * Three lists — male given names, female given names, family names — each
 * with the romanisation people put in their passports. Person i is chosen
 * without any state:
 *
 *   - i is split into a pair number m = i / 2 and a slot; a hash of m
 *     decides which of the pair is the man, so sexes balance exactly over
 *     every pair without strictly alternating;
 *   - within a sex, m is sent through an affine bijection of
 *     [0, given × family) (a step coprime with the product, near a fixed
 *     irrational fraction of it, so neighbours land far apart) and the
 *     result is split into a given and a family index.
 *
 * Distinct i < 2 · min(given × family) therefore give distinct (sex, m),
 * hence distinct names; the given lists are disjoint, in Thai and in
 * English, which the tests check through the names and e-mails they see.
 * All arithmetic is fixed-width unsigned, so every machine agrees.
 */
#include "domain/names.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct romanised {
	const char *th;
	const char *en;
};

static const struct romanised male[] = {
	{"สมชาย", "Somchai"},      {"สมศักดิ์", "Somsak"},
	{"วิชัย", "Wichai"},        {"ประเสริฐ", "Prasert"},
	{"สุรชัย", "Surachai"},     {"สมพงษ์", "Sompong"},
	{"ประยุทธ์", "Prayut"},     {"สมบัติ", "Sombat"},
	{"ชัยวัฒน์", "Chaiwat"},     {"ธนากร", "Thanakorn"},
	{"ณัฐพล", "Nattaphon"},     {"อนุชา", "Anucha"},
	{"วีระ", "Weera"},          {"กิตติพงษ์", "Kittipong"},
	{"สุทธิพงษ์", "Sutthipong"},  {"ธีรวัฒน์", "Teerawat"},
	{"พงศกร", "Pongsakorn"},    {"อภิชาติ", "Apichat"},
	{"เกรียงไกร", "Kriangkrai"},  {"ชาญวิทย์", "Chanwit"},
	{"บุญเลิศ", "Boonlert"},     {"สมหมาย", "Sommai"},
	{"ประสิทธิ์", "Prasit"},      {"วิโรจน์", "Wiroj"},
	{"สุวิทย์", "Suwit"},        {"อำนาจ", "Amnat"},
	{"ศักดิ์ชัย", "Sakchai"},     {"มานพ", "Manop"},
	{"ยุทธนา", "Yutthana"},     {"ปรีชา", "Preecha"},
	{"สุรพล", "Suraphon"},      {"ไพโรจน์", "Pairoj"},
	{"นิพนธ์", "Niphon"},        {"ธวัชชัย", "Thawatchai"},
	{"เอกชัย", "Ekkachai"},     {"ศุภชัย", "Supachai"},
	{"อดิศักดิ์", "Adisak"},      {"จักรพันธ์", "Jakkaphan"},
	{"ภานุวัฒน์", "Panuwat"},     {"วรวุฒิ", "Worawut"},
	{"สิทธิชัย", "Sitthichai"},   {"ทวีศักดิ์", "Taweesak"},
	{"บุญชัย", "Boonchai"},     {"ชัยณรงค์", "Chainarong"},
	{"สมเกียรติ", "Somkiat"},    {"ณรงค์", "Narong"},
	{"สุรศักดิ์", "Surasak"},     {"พิชิต", "Pichit"},
	{"วัชระ", "Watchara"},      {"กฤษดา", "Kritsada"},
	{"ชูชาติ", "Chuchat"},       {"ธนพล", "Thanaphon"},
	{"เฉลิมชัย", "Chalermchai"}, {"สุเมธ", "Sumet"},
	{"ปิยะ", "Piya"},           {"อนันต์", "Anan"},
	{"วิทยา", "Witthaya"},      {"ประพันธ์", "Praphan"},
	{"สมาน", "Saman"},          {"ทองใบ", "Thongbai"},
	{"บรรจง", "Banjong"},       {"ชนินทร์", "Chanin"},
	{"ธีระ", "Theera"},         {"วสันต์", "Wasan"},
	{"สุนทร", "Sunthorn"},      {"พีระพงษ์", "Peerapong"},
};

static const struct romanised female[] = {
	{"สมศรี", "Somsri"},        {"มาลี", "Malee"},
	{"กาญจนา", "Kanchana"},     {"วิไลวรรณ", "Wilaiwan"},
	{"สุภาพร", "Supaporn"},     {"สุนีย์", "Sunee"},
	{"นภาพร", "Napaporn"},      {"อรทัย", "Orathai"},
	{"จันทร์เพ็ญ", "Chanpen"},    {"พรทิพย์", "Pornthip"},
	{"รัตนา", "Rattana"},       {"วันเพ็ญ", "Wanpen"},
	{"ศิริพร", "Siriporn"},      {"ประภาพร", "Praphaporn"},
	{"สุกัญญา", "Sukanya"},      {"อัญชลี", "Anchalee"},
	{"เพ็ญศรี", "Pensri"},       {"บุษบา", "Busaba"},
	{"ดวงใจ", "Duangjai"},      {"ลำดวน", "Lamduan"},
	{"นงลักษณ์", "Nongluk"},     {"ปราณี", "Pranee"},
	{"สมใจ", "Somjai"},         {"วรรณา", "Wanna"},
	{"จิราพร", "Jiraporn"},      {"ชุติมา", "Chutima"},
	{"ปิยะนุช", "Piyanuch"},     {"กนกวรรณ", "Kanokwan"},
	{"ธิดารัตน์", "Thidarat"},    {"พัชรี", "Patcharee"},
	{"ศศิธร", "Sasithorn"},     {"อรุณี", "Arunee"},
	{"สายสุนีย์", "Saisunee"},    {"เยาวลักษณ์", "Yaowalak"},
	{"ณัฐธิดา", "Natthida"},     {"ปวีณา", "Paweena"},
	{"วิภาวดี", "Wipawadee"},    {"สุดารัตน์", "Sudarat"},
	{"อารีย์", "Aree"},          {"มยุรี", "Mayuree"},
	{"จินตนา", "Jintana"},      {"นันทนา", "Nantana"},
	{"พิมพ์ใจ", "Pimjai"},       {"สุวรรณี", "Suwannee"},
	{"ลัดดา", "Ladda"},         {"อำไพ", "Ampai"},
	{"ทัศนีย์", "Tasanee"},      {"รุ่งนภา", "Rungnapa"},
	{"วาสนา", "Wassana"},       {"เบญจวรรณ", "Benjawan"},
	{"กัลยา", "Kanlaya"},       {"ผ่องศรี", "Phongsri"},
	{"สมพร", "Somporn"},        {"อุไรวรรณ", "Uraiwan"},
	{"ยุพิน", "Yupin"},         {"ปัทมา", "Pattama"},
	{"ศิริรัตน์", "Sirirat"},     {"นิตยา", "Nittaya"},
	{"จารุวรรณ", "Jaruwan"},    {"ดารุณี", "Darunee"},
	{"พรรณี", "Phannee"},       {"สุพัตรา", "Supattra"},
	{"อัมพร", "Amporn"},        {"ณัฐกานต์", "Nattakan"},
	{"ธัญญารัตน์", "Thanyarat"},
};

static const struct romanised family[] = {
	{"ใจดี", "Jaidee"},           {"ศรีสุข", "Srisuk"},
	{"แก้วมณี", "Kaewmanee"},     {"บุญมา", "Boonma"},
	{"ทองดี", "Thongdee"},        {"สุขสวัสดิ์", "Suksawat"},
	{"วงศ์ใหญ่", "Wongyai"},       {"สายสุวรรณ", "Saisuwan"},
	{"แสงทอง", "Saengthong"},     {"ศรีวงศ์", "Sriwong"},
	{"บุญเรือง", "Boonruang"},     {"ทองคำ", "Thongkham"},
	{"แก้วประเสริฐ", "Kaewprasert"}, {"สมบูรณ์", "Somboon"},
	{"พรหมมา", "Promma"},         {"ศรีสวัสดิ์", "Srisawat"},
	{"บุญยืน", "Boonyuen"},       {"สุวรรณรัตน์", "Suwannarat"},
	{"ประเสริฐสุข", "Prasertsuk"}, {"มีสุข", "Meesuk"},
	{"ทองมา", "Thongma"},         {"ชัยมงคล", "Chaimongkol"},
	{"วงศ์สวัสดิ์", "Wongsawat"},   {"รุ่งเรือง", "Rungruang"},
	{"แสงจันทร์", "Saengchan"},    {"ศรีทอง", "Srithong"},
	{"จันทร์แก้ว", "Chankaew"},    {"บุญประเสริฐ", "Boonprasert"},
	{"สุขเจริญ", "Sukcharoen"},    {"เจริญสุข", "Charoensuk"},
	{"พึ่งบุญ", "Phuengboon"},     {"ทองอินทร์", "Thong-in"},
	{"อินทร์แก้ว", "Inkaew"},      {"ศรีสมบูรณ์", "Srisomboon"},
	{"บุญศรี", "Boonsri"},         {"คำแก้ว", "Khamkaew"},
	{"คำมา", "Khamma"},           {"ทองสุข", "Thongsuk"},
	{"สุขใจ", "Sukjai"},          {"มั่นคง", "Mankong"},
	{"พรหมวงศ์", "Promwong"},      {"ชัยประเสริฐ", "Chaiprasert"},
	{"วงศ์ทอง", "Wongthong"},      {"ศรีประเสริฐ", "Sriprasert"},
	{"นาคสวัสดิ์", "Naksawat"},     {"นาคประเสริฐ", "Nakprasert"},
	{"ปัญญาดี", "Panyadee"},       {"ปัญญาวงศ์", "Panyawong"},
	{"เพชรรัตน์", "Phetcharat"},    {"เพชรสุวรรณ", "Phetsuwan"},
	{"มณีวงศ์", "Maneewong"},      {"รัตนพันธ์", "Rattanaphan"},
	{"รัตนวงศ์", "Rattanawong"},    {"สุวรรณศรี", "Suwannasri"},
	{"ศรีอ่อน", "Sri-on"},         {"บุญทอง", "Boonthong"},
	{"บุญช่วย", "Boonchuay"},      {"อ่อนศรี", "Onsri"},
	{"จันทร์หอม", "Chanhom"},      {"จันทร์ดี", "Chandee"},
	{"สิทธิโชค", "Sitthichok"},    {"ชัยสิทธิ์", "Chaisit"},
	{"พลอยงาม", "Ploy-ngam"},     {"ทองประเสริฐ", "Thongprasert"},
	{"ทองเจริญ", "Thongcharoen"},  {"เจริญผล", "Charoenphon"},
	{"เจริญรัตน์", "Charoenrat"},   {"วงศ์สุวรรณ", "Wongsuwan"},
	{"อินทร์สุวรรณ", "Insuwan"},   {"สุขประเสริฐ", "Sukprasert"},
	{"พูลสวัสดิ์", "Poonsawat"},    {"พูลผล", "Poonphon"},
	{"ศักดิ์สิทธิ์", "Saksit"},      {"กิตติวงศ์", "Kittiwong"},
	{"สมบัติทอง", "Sombatthong"},  {"ทรัพย์สมบูรณ์", "Sapsomboon"},
	{"ทรัพย์มาก", "Sapmak"},       {"มีทรัพย์", "Meesap"},
	{"ดวงดี", "Duangdee"},        {"ดวงแก้ว", "Duangkaew"},
	{"แสงสว่าง", "Saengsawang"},   {"แสงอรุณ", "Saeng-arun"},
	{"ศรีเมือง", "Srimuang"},      {"บุญเกิด", "Boonkerd"},
	{"สายทอง", "Saithong"},       {"สายบุญ", "Saiboon"},
	{"ชูศรี", "Chusri"},           {"ชูแก้ว", "Chukaew"},
	{"มากมี", "Makmee"},          {"นิลสุวรรณ", "Ninsuwan"},
	{"นิลแก้ว", "Ninkaew"},        {"เรืองศรี", "Ruangsri"},
	{"เรืองชัย", "Ruangchai"},     {"สุริยวงศ์", "Suriyawong"},
	{"จันทวงศ์", "Chantawong"},    {"อุดมสุข", "Udomsuk"},
	{"อุดมศักดิ์", "Udomsak"},      {"ศรีอุดม", "Sri-udom"},
	{"พงษ์พันธ์", "Pongphan"},     {"พงษ์ศรี", "Pongsri"},
	{"วิเศษสุข", "Wisetsuk"},      {"คงเจริญ", "Kongcharoen"},
	{"คงสมบูรณ์", "Kongsomboon"},  {"คงทอง", "Kongthong"},
	{"ยิ่งยง", "Yingyong"},        {"สว่างวงศ์", "Sawangwong"},
	{"นาคทอง", "Nakthong"},       {"สุขสมบูรณ์", "Suksomboon"},
	{"สมบูรณ์ชัย", "Somboonchai"},  {"มหาวงศ์", "Mahawong"},
	{"บัวทอง", "Buathong"},       {"บัวแก้ว", "Buakaew"},
	{"บัวศรี", "Buasri"},          {"หอมจันทร์", "Homchan"},
	{"ทองจันทร์", "Thongchan"},    {"แก้วสว่าง", "Kaewsawang"},
	{"ทองใส", "Thongsai"},        {"ศรีสุวรรณ", "Srisuwan"},
	{"ผลดี", "Phondee"},          {"รอดสุข", "Rodsuk"},
	{"เกษมสุข", "Kasemsuk"},      {"เกษมศรี", "Kasemsri"},
	{"วัฒนา", "Wattana"},         {"วัฒนากุล", "Wattanakul"},
	{"สุวรรณโณ", "Suwanno"},      {"ธรรมวงศ์", "Thammawong"},
	{"พรหมสุวรรณ", "Promsuwan"},   {"ทองเพชร", "Thongphet"},
	{"ภักดี", "Phakdee"},          {"สิงห์ทอง", "Singthong"},
	{"สิงห์คำ", "Singkham"},       {"แก้วใส", "Kaewsai"},
	{"ชัยศรี", "Chaisri"},         {"ศรีชัย", "Srichai"},
	{"ใจงาม", "Jai-ngam"},        {"ใจบุญ", "Jaiboon"},
};

static_assert(NELEM(male) >= 60 && NELEM(female) >= 60, "given-name lists");
static_assert(NELEM(family) >= 120, "family-name list");
/* Uniqueness for i < 10000 needs 5000 people of each sex. */
static_assert(NELEM(male) * NELEM(family) >= 5000 &&
              NELEM(female) * NELEM(family) >= 5000, "too few combinations");

/* Mobile prefixes in use (NBTC numbering plan); 7 digits follow. */
static const char *const mobile_prefix[] = {
	"061", "062", "063", "064", "065", "080", "081", "082", "083",
	"084", "085", "086", "087", "088", "089", "090", "091", "092",
	"093", "094", "095", "096", "097", "098", "099",
};

#define PHONE_SPACE 10000000u  /* 10^7: the digits after the prefix */
#define PHONE_STEP  7654321u   /* coprime with 10^7: odd, not a multiple of 5 */
#define PHONE_SHIFT 3141592u

/* A 32-bit integer hash with good avalanche (Wellons' lowbias32). */
static uint32_t
mix32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

static uint32_t
gcd32(uint32_t a, uint32_t b)
{
	while (b != 0) {
		uint32_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * A step for the bijection k ↦ (k·step + shift) mod p: near p times frac
 * (a 16-bit fraction, irrational-looking, so consecutive k land far apart),
 * moved up until it is coprime with p (so the map is a permutation of
 * [0, p)).
 */
static uint32_t
coprime_step(uint32_t p, uint32_t frac)
{
	uint32_t c = (uint32_t)(((uint64_t)p * frac) >> 16);

	if (c == 0)
		c = 1;
	while (gcd32(c, p) != 1)
		c++;
	return c;
}

void
demo_name(unsigned i, bool senior, struct demo_name *out)
{
	uint32_t m = (uint32_t)i >> 1, p, j, h;
	const struct romanised *given;
	size_t ngiven;
	bool is_female;

	assert(out != NULL);
	/* One man and one woman in every pair; which comes first varies. */
	is_female = ((i & 1u) ^ (mix32(m) & 1u)) != 0;
	given = is_female ? female : male;
	ngiven = is_female ? NELEM(female) : NELEM(male);

	/*
	 * The two of a pair share m; different steps (golden section for men,
	 * √2 − 1 for women) keep them from looking like a married couple.
	 */
	p = (uint32_t)(ngiven * NELEM(family));
	j = (uint32_t)(((uint64_t)(m % p) *
	                coprime_step(p, is_female ? 27146u : 40503u) +
	                (is_female ? p / 5 : p / 3)) % p);

	out->sex = is_female ? NAME_FEMALE : NAME_MALE;
	out->given_th = given[j % ngiven].th;
	out->given_en = given[j % ngiven].en;
	out->family_th = family[j / ngiven].th;
	out->family_en = family[j / ngiven].en;

	if (is_female && mix32(m ^ 0x5bd1e995u) % 3 == 0) {
		out->title_th = "นาง";
		out->title_en = "Mrs.";
	} else if (is_female) {
		out->title_th = "นางสาว";
		out->title_en = "Ms.";
	} else {
		out->title_th = "นาย";
		out->title_en = "Mr.";
	}
	if (!senior)
		return;
	/* A quarter of executives are doctors, one in eight police captains. */
	h = mix32((uint32_t)i ^ 0x27d4eb2fu) % 8;
	if (h < 2) {
		out->title_th = "ดร.";
		out->title_en = "Dr.";
	} else if (h == 2) {
		out->title_th = is_female ? "ร.ต.อ.หญิง" : "ร.ต.อ.";
		out->title_en = "Pol. Capt.";
	}
}

/*
 * Append the ASCII letters of s, lower-cased, to dst[*len..cap) (at most
 * max of them); returns how many were appended.
 */
static size_t
append_letters(char *dst, size_t *len, size_t cap, const char *s, size_t max)
{
	size_t n = 0;

	for (; s != NULL && *s != '\0' && n < max && *len + 1 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			continue;
		dst[(*len)++] = (char)c;
		n++;
	}
	dst[*len] = '\0';
	return n;
}

#define LOCAL_MAX 64    /* RFC 5321, 4.5.3.1.1 */
#define PART_MAX  30    /* each name part; 30 + 1 + 30 + 2 digits < 64 */

void
demo_contact(unsigned i, const struct demo_name *n, char phone_out[11],
             char email_out[96])
{
	char local[LOCAL_MAX + 1];
	size_t len = 0;
	uint32_t d, h;
	int w;

	assert(n != NULL && phone_out != NULL && email_out != NULL);

	d = (uint32_t)(((uint64_t)i * PHONE_STEP + PHONE_SHIFT) % PHONE_SPACE);
	w = snprintf(phone_out, 11, "%s%07u",
	             mobile_prefix[mix32((uint32_t)i ^ 0x165667b1u) % NELEM(mobile_prefix)],
	             (unsigned)d);
	assert(w == 10);

	local[0] = '\0';
	if (append_letters(local, &len, sizeof(local), n->given_en, PART_MAX) == 0)
		append_letters(local, &len, sizeof(local), "person", PART_MAX);
	local[len++] = '.';
	if (append_letters(local, &len, sizeof(local), n->family_en, PART_MAX) == 0)
		local[--len] = '\0';  /* no family name: no dot either */

	/* Two people in three add a number, as people do. */
	h = mix32((uint32_t)i ^ 0x9e3779b9u);
	if (h % 3 != 0) {
		w = snprintf(local + len, sizeof(local) - len, "%u",
		             (unsigned)((h / 3) % 99 + 1));
		assert(w > 0 && (size_t)w < sizeof(local) - len);
	}
	w = snprintf(email_out, 96, "%s@example.org", local);
	assert(w > 0 && w < 96);
	(void)w;
}
