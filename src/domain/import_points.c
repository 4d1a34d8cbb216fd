/*
 * import_points.c — monitoring points from CSV or XLSX (monitor_import.h),
 * the way members are imported (import.h): every row read and checked
 * first, each bad row named with its line and column; then all rows in one
 * transaction, or none. Columns (first row, Thai or English; other columns
 * ignored; docs/monitoring.md "Import"):
 *
 *   code/รหัส, name/ชื่อ (needed), name_en, kind/ประเภท (English or Thai
 *   words), lat/ละติจูด, lon/ลองจิจูด, province/จังหวัด, district/อำเภอ,
 *   subdistrict/ตำบล, agency/หน่วยงาน, budget_baht/งบประมาณ,
 *   project_ref/เลขที่โครงการ, ocid
 */
#include "domain/monitor_import.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/audit.h"
#include "domain/import.h"
#include "util/str.h"

enum pcol {
	PC_CODE, PC_NAME, PC_NAME_EN, PC_KIND, PC_LAT, PC_LON, PC_PROVINCE, PC_DISTRICT,
	PC_SUBDISTRICT, PC_AGENCY, PC_BUDGET, PC_REF, PC_OCID, PC__MAX
};

static const char *const pcol_names[PC__MAX][3] = {
	[PC_CODE] = {"code", "รหัส", "รหัสจุด"},
	[PC_NAME] = {"name", "ชื่อ", "ชื่อจุด"},
	[PC_NAME_EN] = {"name_en", NULL, NULL},
	[PC_KIND] = {"kind", "ประเภท", NULL},
	[PC_LAT] = {"lat", "ละติจูด", "latitude"},
	[PC_LON] = {"lon", "ลองจิจูด", "longitude"},
	[PC_PROVINCE] = {"province", "จังหวัด", NULL},
	[PC_DISTRICT] = {"district", "อำเภอ", NULL},
	[PC_SUBDISTRICT] = {"subdistrict", "ตำบล", NULL},
	[PC_AGENCY] = {"agency", "หน่วยงาน", NULL},
	[PC_BUDGET] = {"budget_baht", "งบประมาณ", NULL},
	[PC_REF] = {"project_ref", "เลขที่โครงการ", "เลขที่สัญญา"},
	[PC_OCID] = {"ocid", NULL, NULL},
};

static const char *const thai_kinds[][2] = {
	{"งานก่อสร้าง", "construction"}, {"ก่อสร้าง", "construction"},
	{"จัดซื้อจัดจ้าง", "procurement"}, {"การจัดซื้อจัดจ้าง", "procurement"},
	{"จุดให้บริการ", "service"}, {"บริการ", "service"},
	{"โครงการ", "budget_project"}, {"โครงการใช้งบประมาณ", "budget_project"},
	{"อื่น ๆ", "other"}, {"อื่นๆ", "other"},
};

struct preader {
	struct sys *sys;
	struct arena *a;
	struct point_batch *b;
	int col[PC__MAX];
	bool header_done;
	size_t cap, max_rows;
};

static const char *
cell(struct preader *r, const struct csv_row *row, enum pcol c)
{
	struct slice s;

	if (r->col[c] < 0 || (size_t)r->col[c] >= row->n)
		return "";
	s = slice_trim(row->fields[r->col[c]]);
	return arena_strndup(r->a, s.p, s.len);
}

static enum sod_err
header(struct preader *r, const struct csv_row *row)
{
	for (int c = 0; c < PC__MAX; c++)
		r->col[c] = -1;
	for (size_t i = 0; i < row->n; i++) {
		struct slice h = slice_trim(row->fields[i]);

		for (int c = 0; c < PC__MAX; c++)
			for (int k = 0; k < 3 && pcol_names[c][k] != NULL; k++)
				if (r->col[c] < 0 && slice_case_eq_str(h, pcol_names[c][k]))
					r->col[c] = (int)i;
	}
	if (r->col[PC_CODE] < 0 || r->col[PC_NAME] < 0) {
		r->b->missing_column = r->col[PC_CODE] < 0 ? "code" : "name";
		return SOD_EINVAL;
	}
	r->header_done = true;
	return SOD_OK;
}

static const char *
kind_of(const char *v)
{
	for (size_t i = 0; i < sizeof(thai_kinds) / sizeof(thai_kinds[0]); i++)
		if (strcmp(v, thai_kinds[i][0]) == 0)
			return thai_kinds[i][1];
	return v[0] ? v : "other";
}

static bool
number(const char *v, double *out)
{
	char *end;

	if (v[0] == '\0')
		return false;
	*out = strtod(v, &end);
	return *end == '\0';
}

/* Parse one row into pr (the first bad field named). */
static void
row_parse(struct preader *r, const struct csv_row *row, struct point_row *pr)
{
	struct point_input *in = &pr->in;
	const char *lat = cell(r, row, PC_LAT), *lon = cell(r, row, PC_LON);
	const char *budget = cell(r, row, PC_BUDGET);
	struct verr ve = {0};

	in->code = cell(r, row, PC_CODE);
	in->name = cell(r, row, PC_NAME);
	in->name_en = cell(r, row, PC_NAME_EN);
	in->kind = kind_of(cell(r, row, PC_KIND));
	in->province = cell(r, row, PC_PROVINCE);
	in->district = cell(r, row, PC_DISTRICT);
	in->subdistrict = cell(r, row, PC_SUBDISTRICT);
	in->agency = cell(r, row, PC_AGENCY);
	in->project_ref = cell(r, row, PC_REF);
	in->ocid = cell(r, row, PC_OCID);
	if (!in->province[0] && strlen(in->district) == 4)
		in->province = arena_strndup(r->a, in->district, 2);
	if (lat[0] || lon[0]) {
		if (!number(lat, &in->lat)) {
			pr->field = "lat";
			pr->key = "error.field.wrong_type";
			return;
		}
		if (!number(lon, &in->lon)) {
			pr->field = "lon";
			pr->key = "error.field.wrong_type";
			return;
		}
		in->has_loc = true;
	}
	if (budget[0] && !str_to_i64(slice_from(budget), 0, 1000000000000LL, &in->budget_baht)) {
		pr->field = "budget_baht";
		pr->key = "error.point.budget";
		return;
	}
	if (monitor_point_check(in, true, &ve) != SOD_OK) {
		pr->field = ve.field;
		pr->key = ve.key;
	}
}

static enum sod_err
on_prow(const struct csv_row *row, void *ctx)
{
	struct preader *r = ctx;
	struct point_row *pr;

	if (!r->header_done)
		return header(r, row);
	if (r->b->n == r->max_rows)
		return SOD_ETOOBIG;
	if (r->b->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct point_row *rows = arena_alloc(r->a, cap * sizeof(*rows));

		if (rows == NULL)
			return SOD_ENOMEM;
		if (r->b->n)
			memcpy(rows, r->b->rows, r->b->n * sizeof(*rows));
		r->b->rows = rows;
		r->cap = cap;
	}
	pr = &r->b->rows[r->b->n++];
	memset(pr, 0, sizeof(*pr));
	pr->line = row->line;
	row_parse(r, row, pr);
	return SOD_OK;
}

/* Codes twice in the file, or taken already. */
static enum sod_err
mark_taken(struct preader *r)
{
	for (size_t i = 0; i < r->b->n; i++) {
		struct point_row *pr = &r->b->rows[i];
		struct point_rec p;
		enum sod_err err;

		if (pr->key)
			continue;
		for (size_t k = 0; k < i && !pr->key; k++)
			if (strcmp(r->b->rows[k].in.code, pr->in.code) == 0) {
				pr->field = "code";
				pr->key = "error.point.code_taken";
				pr->dup_line = r->b->rows[k].line;
			}
		if (pr->key)
			continue;
		err = store_point_get_by_code(r->sys->store, r->a, pr->in.code, &p);
		if (err == SOD_OK) {
			pr->field = "code";
			pr->key = "error.point.code_taken";
		} else if (err != SOD_ENOTFOUND) {
			return err;
		}
	}
	for (size_t i = 0; i < r->b->n; i++)
		r->b->bad += r->b->rows[i].key != NULL;
	return SOD_OK;
}

enum sod_err
point_import_read(struct sys *sys, struct arena *a, const char *path, size_t max_rows,
                  struct point_batch *out, size_t *line_out)
{
	struct preader r = {.sys = sys, .a = a, .b = out, .max_rows = max_rows};
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	if ((err = import_rows(path, max_rows, on_prow, &r, line_out)))
		return err;
	if (!r.header_done) {
		out->missing_column = "code";
		return SOD_EINVAL;
	}
	return mark_taken(&r);
}

enum sod_err
point_import_commit(struct sys *sys, struct arena *a, const struct point_batch *b,
                    const char *unit_code, size_t *created_out)
{
	struct unit_rec u;
	enum sod_err err;

	*created_out = 0;
	if (b->bad > 0)
		return SOD_EINVAL;
	if ((err = store_unit_get_by_code(sys->store, a, unit_code, &u)))
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	for (size_t i = 0; i < b->n; i++) {
		const struct point_input *in = &b->rows[i].in;
		struct point_rec p = {
			.unit_id = u.id, .code = in->code, .name_th = in->name, .name_en = in->name_en,
			.kind = in->kind, .agency = in->agency, .budget_baht = in->budget_baht,
			.project_ref = in->project_ref, .ocid = in->ocid, .province = in->province,
			.district = in->district, .subdistrict = in->subdistrict, .status = "active",
			.has_loc = in->has_loc,
			.lat_e6 = in->has_loc ? (int64_t)(in->lat * 1e6 + (in->lat < 0 ? -0.5 : 0.5)) : 0,
			.lon_e6 = in->has_loc ? (int64_t)(in->lon * 1e6 + (in->lon < 0 ? -0.5 : 0.5)) : 0,
		};
		int64_t id;

		if ((err = store_point_insert_full(sys->store, &p, &id))) {
			store_tx_rollback(sys->store);
			return err;
		}
	}
	if ((err = audit_append(sys, 0, "", "point.import",
	                        arena_printf(a, "unit:%.58s", unit_code) ?: "unit:",
	                        arena_printf(a, "%zu points", b->n) ?: ""))) {
		store_tx_rollback(sys->store);
		return err;
	}
	if ((err = store_tx_commit(sys->store)) == SOD_OK)
		*created_out = b->n;
	return err;
}
