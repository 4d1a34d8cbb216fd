/*
 * demo.c — the five seed networks as units (see CONTRACT.md, "Demo data"):
 *
 *   moj ─ moj-amjl                 Ministry of Justice ACOC and its club
 *   pacc-r7                        PACC Region 7 (pilot: Samut Sakhon)
 *   nacc-kkn ─ kkn-net ─ 8 zones ─ 30 teams   Khon Kaen civil society
 *   mol ─ mol-eyes                 Ministry of Labour, "Labour Eyes"
 *   moi ─ 77 province ACOCs        Ministry of Interior
 *
 * Province names come from the official code list compiled in
 * (data/geo/provinces.tsv), districts of Khon Kaen from districts.tsv.
 */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "domain/unit.h"
#include "util/asset.h"
#include "util/log.h"
#include "util/str.h"

#define KKN_ZONES 8
#define KKN_TEAMS 30

static const struct unit_input fixed[] = {
	{"moj", "ministry_acoc", "ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงยุติธรรม",
	 "Ministry of Justice Anti-Corruption Operation Center", "root", NULL, NULL},
	{"moj-amjl", "club", "ชมรมต่อต้านการทุจริต กระทรวงยุติธรรม (AMJL)",
	 "Anti-Corruption Club of the Ministry of Justice (AMJL)", "moj", NULL, NULL},
	{"pacc-r7", "regional_office", "สำนักงาน ป.ป.ท. เขต 7",
	 "PACC Region 7", "root", "74", NULL},
	{"nacc-kkn", "provincial_office", "สำนักงาน ป.ป.ช. ประจำจังหวัดขอนแก่น",
	 "NACC Khon Kaen Provincial Office", "root", "40", NULL},
	{"kkn-net", "network", "เครือข่ายภาคประชาสังคมเฝ้าระวังทรัพยากรสาธารณะ จังหวัดขอนแก่น",
	 "Khon Kaen Civil-Society Network for Public Resources", "nacc-kkn", "40", NULL},
	{"mol", "ministry_acoc", "ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงแรงงาน",
	 "Ministry of Labour Anti-Corruption Operation Center", "root", NULL, NULL},
	{"mol-eyes", "network", "อาสาสมัครดวงตาแรงงาน",
	 "Labour Eyes Volunteers", "mol", NULL, NULL},
	{"moi", "ministry_acoc", "ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงมหาดไทย",
	 "Ministry of Interior Anti-Corruption Operation Center", "root", NULL, NULL},
};

/*
 * Call fn for each data row of a compiled-in TSV (header skipped), with its
 * tab-separated fields. Stops at fn's first error.
 */
static enum sod_err
tsv_each(const char *name, enum sod_err (*fn)(struct slice *f, size_t n, void *ctx),
         void *ctx)
{
	const struct asset *as = asset_find(name);
	struct slice rest, line;
	bool header = true;

	if (as == NULL) {
		LOG_ERR("%s is not compiled in", name);
		return SOD_ENOTFOUND;
	}
	rest = (struct slice){(const char *)as->data, as->len};
	while (rest.len > 0) {
		struct slice f[8], l;
		size_t n = 0;
		enum sod_err err;

		slice_cut(&rest, '\n', &line);
		if (header || line.len == 0) {
			header = false;
			continue;
		}
		while (n < 8) {
			bool more = slice_cut(&line, '\t', &l);

			f[n++] = slice_trim(l);
			if (!more)
				break;
		}
		if ((err = fn(f, n, ctx)) != SOD_OK)
			return err;
	}
	return SOD_OK;
}

struct load {
	struct sys *sys;
	struct arena *a;
	int count;
	char district[32][5];   /* Khon Kaen district codes, in order */
	int ndistrict;
};

static enum sod_err
add(struct load *l, const struct unit_input *in)
{
	struct verr ve = {0};
	int64_t id;
	enum sod_err err = unit_create_in_tx(l->sys, l->a, in, &ve, &id);

	if (err)
		LOG_ERR("demo unit %s: %s (%s)", in->code, sod_strerror(err),
		        ve.key ? ve.key : "");
	return err;
}

static enum sod_err
add_province(struct slice *f, size_t n, void *ctx)
{
	struct load *l = ctx;
	struct unit_input in;
	char *code, *th, *en, *prov;

	if (n < 3 || f[0].len != 2)
		return SOD_EINVAL;
	prov = arena_strndup(l->a, f[0].p, 2);
	code = arena_printf(l->a, "moi-p%.*s", 2, f[0].p);
	if (slice_eq_str(f[0], "10"))
		th = arena_printf(l->a, "ศูนย์ปฏิบัติการต่อต้านการทุจริต %.*s",
		                  (int)f[1].len, f[1].p);
	else
		th = arena_printf(l->a, "ศูนย์ปฏิบัติการต่อต้านการทุจริต จังหวัด%.*s",
		                  (int)f[1].len, f[1].p);
	en = arena_printf(l->a, "%.*s Provincial Anti-Corruption Operation Center",
	                  (int)f[2].len, f[2].p);
	if (!prov || !code || !th || !en)
		return SOD_ENOMEM;
	in = (struct unit_input){code, "province_acoc", th, en, "moi", prov, NULL};
	l->count++;
	return add(l, &in);
}

static enum sod_err
note_district(struct slice *f, size_t n, void *ctx)
{
	struct load *l = ctx;

	if (n >= 2 && slice_eq_str(f[1], "40") && f[0].len == 4 && l->ndistrict < 32) {
		memcpy(l->district[l->ndistrict], f[0].p, 4);
		l->district[l->ndistrict][4] = '\0';
		l->ndistrict++;
	}
	return SOD_OK;
}

static enum sod_err
add_kkn(struct load *l)
{
	enum sod_err err;

	for (int z = 1; z <= KKN_ZONES; z++) {
		struct unit_input in = {
			arena_printf(l->a, "kkn-zone-%d", z), "zone",
			arena_printf(l->a, "เครือข่ายขอนแก่น โซน %d", z),
			arena_printf(l->a, "Khon Kaen network, zone %d", z),
			"kkn-net", "40", NULL,
		};

		if (!in.code || !in.name_th || !in.name_en)
			return SOD_ENOMEM;
		if ((err = add(l, &in)) != SOD_OK)
			return err;
	}
	/* 30 teams over 8 zones (4 each in zones 1–6, 3 in zones 7–8), each
	 * watching one district; 26 districts, so four districts have two. */
	for (int t = 1; t <= KKN_TEAMS; t++) {
		int zone = t <= 24 ? (t - 1) / 4 + 1 : (t - 25) / 3 + 7;
		struct unit_input in = {
			arena_printf(l->a, "kkn-team-%02d", t), "team",
			arena_printf(l->a, "ทีมเฝ้าระวังที่ %d", t),
			arena_printf(l->a, "Monitoring team %d", t),
			arena_printf(l->a, "kkn-zone-%d", zone), "40",
			l->ndistrict ? l->district[(t - 1) % l->ndistrict] : NULL,
		};

		if (!in.code || !in.name_th || !in.name_en || !in.parent_code)
			return SOD_ENOMEM;
		if ((err = add(l, &in)) != SOD_OK)
			return err;
	}
	return SOD_OK;
}

enum sod_err
demo_load(struct sys *sys, struct arena *a)
{
	struct load l = {.sys = sys, .a = a};
	struct unit_rec probe;
	enum sod_err err;

	if ((err = tsv_each("geo/districts.tsv", note_district, &l)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	err = store_unit_get_by_code(sys->store, a, "moj", &probe);
	if (err == SOD_OK) {
		err = SOD_ECONFLICT;
		goto fail;
	}
	if (err != SOD_ENOTFOUND)
		goto fail;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if ((err = add(&l, &fixed[i])) != SOD_OK)
			goto fail;
	if ((err = add_kkn(&l)) != SOD_OK ||
	    (err = tsv_each("geo/provinces.tsv", add_province, &l)) != SOD_OK)
		goto fail;
	if (l.count != 77) {
		LOG_ERR("the province list has %d rows, not 77", l.count);
		err = SOD_EINVAL;
		goto fail;
	}
	return store_tx_commit(sys->store);
fail:
	store_tx_rollback(sys->store);
	return err;
}
