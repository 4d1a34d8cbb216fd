/*
 * report.c — quarterly reports as PDF and XLSX; see report.h. The layout:
 * a heading with the unit and the period in BE, the quarter's figures, the
 * KPIs with targets and a traffic-light status, a bar chart of each KPI's
 * quarter against its quarter target, and the quarter's activities.
 */
#include "domain/report.h"

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <xlsxwriter.h>

#include "domain/results.h"
#include "text/date.h"
#include "util/clock.h"

#define PAGE_W 595.28   /* A4 in points */
#define PAGE_H 841.89
#define MARGIN 56.0
#define FACE   "Laksaman"
#define MAX_ACTS 40

struct data {
	struct unit_rec u;
	struct quarter_figures f;
	struct kpi_progress *k;
	size_t nk;
	struct activity_rec *acts;
	size_t nacts;
	int64_t total_acts;
	char from[64], to[64];         /* BE dates */
	char end_iso[11];
};

static enum sod_err
gather(struct sys *sys, struct arena *a, int64_t unit, int year, int quarter,
       struct data *d)
{
	char from[11], to[11];
	struct cdate c;
	bool only[4] = {false};
	enum sod_err err;

	memset(d, 0, sizeof(*d));
	only[quarter - 1] = true;
	period_bounds(year, quarter, from, to);
	memcpy(d->end_iso, to, sizeof(d->end_iso));
	date_parse_iso(from, 10, &c);
	date_format_cdate(d->from, sizeof(d->from), c, DATE_LONG, LANG_TH, false);
	date_parse_iso(to, 10, &c);
	date_format_cdate(d->to, sizeof(d->to), c, DATE_LONG, LANG_TH, false);
	if ((err = store_unit_get(sys->store, a, unit, &d->u)) ||
	    (err = results_quarter(sys, a, unit, year, quarter, &d->f)) ||
	    (err = kpi_progress(sys, a, unit, year, only, date_to_unix(c) + 86400, &d->k,
	                        &d->nk)) ||
	    (err = results_activities(sys, a, unit, year, quarter, MAX_ACTS, &d->acts,
	                              &d->nacts)))
		return err;
	d->total_acts = d->f.activities;
	return SOD_OK;
}

/* ---- PDF -------------------------------------------------------------------- */

struct pdf {
	cairo_t *cr;
	double y;
	double cell;       /* the size of table cells; 0: 13 points */
};

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *b = closure;

	buf_append(b, data, len);
	return buf_failed(b) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void
next_page_if(struct pdf *p, double need)
{
	if (p->y + need > PAGE_H - MARGIN) {
		cairo_show_page(p->cr);
		p->y = MARGIN;
	}
}

/* Text at x, wrapped to width, in size points; advances y. */
static void
text_at(struct pdf *p, double x, double width, const char *s, double size, bool bold,
        bool advance)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_new();
	int w, h;

	pango_font_description_set_family(fd, FACE);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, s, -1);
	pango_layout_get_size(l, &w, &h);
	next_page_if(p, (double)h / PANGO_SCALE);
	cairo_move_to(p->cr, x, p->y);
	pango_cairo_show_layout(p->cr, l);
	if (advance)
		p->y += (double)h / PANGO_SCALE + size * 0.3;
	pango_font_description_free(fd);
	g_object_unref(l);
}

/* A row of cells at the given x positions. */
static void
row(struct pdf *p, const double *xs, int n, const char *const *cells, bool bold)
{
	double y0 = p->y, ymax = p->y;

	next_page_if(p, 22);
	y0 = p->y;
	for (int i = 0; i < n; i++) {
		double right = i + 1 < n ? xs[i + 1] : PAGE_W - MARGIN;

		p->y = y0;
		text_at(p, xs[i], right - xs[i] - 6, cells[i], p->cell > 0 ? p->cell : 13, bold, true);
		if (p->y > ymax)
			ymax = p->y;
	}
	p->y = ymax;
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, PAGE_W - MARGIN, p->y);
	cairo_stroke(p->cr);
	p->y += 3;
}

static const char *
num(struct arena *a, int64_t n)
{
	return arena_printf(a, "%lld", (long long)n);
}

static void
figures(struct pdf *p, struct arena *a, const struct data *d)
{
	static const double xs[] = {MARGIN, 380};
	const char *names[] = {"เรื่องแจ้งเบาะแสที่รับ", "ตอบรับภายใน 7 วัน",
	                       "เรื่องที่ส่งต่อหน่วยงาน", "เรื่องที่ยุติ",
	                       "กิจกรรม", "จำนวนผู้ได้รับการเผยแพร่ (คน)"};
	int64_t v[] = {d->f.tips_received, d->f.tips_acknowledged_in_time, d->f.tips_referred,
	               d->f.cases_closed, d->f.activities, d->f.people_reached};

	text_at(p, MARGIN, PAGE_W - 2 * MARGIN, "1. ผลการดำเนินงานในไตรมาส", 16, true, true);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		const char *cells[] = {names[i], num(a, v[i])};

		row(p, xs, 2, cells, false);
	}
	p->y += 10;
}

static void
kpi_table(struct pdf *p, struct arena *a, const struct data *d, int q)
{
	static const double xs[] = {MARGIN, 250, 310, 370, 430};
	static const char *const light_th[] = {"-", "ตามเป้าหมาย", "ต้องเร่งรัด", "ต่ำกว่าเป้าหมาย"};
	const char *head[] = {"ตัวชี้วัด", "เป้าหมาย", "ไตรมาสนี้", "เป้าไตรมาส", "สถานะ"};

	text_at(p, MARGIN, PAGE_W - 2 * MARGIN, "2. ตัวชี้วัดและเป้าหมาย", 16, true, true);
	row(p, xs, 5, head, true);
	for (size_t i = 0; i < d->nk; i++) {
		const struct kpi_progress *k = &d->k[i];
		int64_t tq = k->k.target_q[q - 1] ? k->k.target_q[q - 1] : k->k.target / 4;
		const char *cells[] = {k->k.name_th, num(a, k->k.target),
		                       num(a, k->by_quarter[q - 1]), num(a, tq),
		                       light_th[k->light[q - 1]]};

		row(p, xs, 5, cells, false);
	}
	p->y += 10;
}

/* Bars: each KPI's quarter figure (filled) against its quarter target (outline). */
static void
chart(struct pdf *p, struct arena *a, const struct data *d, int q)
{
	double x0 = MARGIN + 150, width = PAGE_W - MARGIN - x0 - 40, max = 1;

	if (d->nk == 0)
		return;
	text_at(p, MARGIN, PAGE_W - 2 * MARGIN, "3. แผนภูมิผลเทียบเป้าหมายรายไตรมาส", 16, true,
	        true);
	for (size_t i = 0; i < d->nk; i++) {
		int64_t tq = d->k[i].k.target_q[q - 1] ? d->k[i].k.target_q[q - 1]
		                                       : d->k[i].k.target / 4;

		if ((double)tq > max)
			max = (double)tq;
		if ((double)d->k[i].by_quarter[q - 1] > max)
			max = (double)d->k[i].by_quarter[q - 1];
	}
	for (size_t i = 0; i < d->nk; i++) {
		int64_t tq = d->k[i].k.target_q[q - 1] ? d->k[i].k.target_q[q - 1]
		                                       : d->k[i].k.target / 4;
		double y;

		next_page_if(p, 26);
		y = p->y;
		text_at(p, MARGIN, 145, d->k[i].k.name_th, 11, false, false);
		cairo_set_source_rgb(p->cr, 0.18, 0.42, 0.65);
		cairo_rectangle(p->cr, x0, y + 2, width * (double)d->k[i].by_quarter[q - 1] / max, 10);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
		cairo_set_line_width(p->cr, 0.8);
		cairo_rectangle(p->cr, x0, y + 13, width * (double)tq / max, 6);
		cairo_stroke(p->cr);
		p->y = y;
		text_at(p, x0 + width + 4, 40, num(a, d->k[i].by_quarter[q - 1]), 11, false, false);
		p->y = y + 26;
	}
	p->y += 8;
}

static void
activities(struct pdf *p, struct arena *a, const struct data *d, const char *title)
{
	static const double xs[] = {MARGIN, 140, 420};
	const char *head[] = {"วันที่", "กิจกรรม", "ผู้เข้าร่วม (คน)"};

	text_at(p, MARGIN, PAGE_W - 2 * MARGIN,
	        arena_printf(a, "%s (%lld กิจกรรม)", title, (long long)d->total_acts),
	        16, true, true);
	row(p, xs, 3, head, true);
	for (size_t i = 0; i < d->nacts; i++) {
		struct cdate c;
		char day[64];
		const char *cells[3];

		date_parse_iso(d->acts[i].held_on, 10, &c);
		date_format_cdate(day, sizeof(day), c, DATE_SHORT, LANG_TH, false);
		cells[0] = day;
		cells[1] = d->acts[i].title;
		cells[2] = num(a, d->acts[i].audience);
		row(p, xs, 3, cells, false);
	}
	if (d->total_acts > (int64_t)d->nacts)
		text_at(p, MARGIN, PAGE_W - 2 * MARGIN,
		        arena_printf(a, "และอีก %lld กิจกรรม (ดูไฟล์ XLSX)",
		                     (long long)(d->total_acts - (int64_t)d->nacts)), 12, false, true);
}

/* A PDF surface writing into out, dated stamp (ISO 8601) and titled. */
static cairo_surface_t *
pdf_begin(struct pdf *p, struct buf *out, const char *stamp, const char *title)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, stamp);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, stamp);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Sodsong");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	*p = (struct pdf){.cr = cairo_create(s), .y = MARGIN};
	return s;
}

static enum sod_err
pdf_end(struct pdf *p, cairo_surface_t *s, struct buf *out)
{
	cairo_status_t st;

	cairo_destroy(p->cr);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	return st == CAIRO_STATUS_SUCCESS && !buf_failed(out) ? SOD_OK : SOD_EIO;
}

static enum sod_err
render_pdf(struct arena *a, const struct data *d, int year, int q, struct buf *out)
{
	struct pdf p;
	cairo_surface_t *s = pdf_begin(&p, out, arena_printf(a, "%sT00:00:00+07:00", d->end_iso),
	                               arena_printf(a, "%s %d-q%d", d->u.code, year, q));

	text_at(&p, MARGIN, PAGE_W - 2 * MARGIN,
	        arena_printf(a, "รายงานผลการดำเนินงาน ไตรมาสที่ %d ปีงบประมาณ พ.ศ. %d", q, year),
	        20, true, true);
	text_at(&p, MARGIN, PAGE_W - 2 * MARGIN, d->u.name_th, 16, false, true);
	text_at(&p, MARGIN, PAGE_W - 2 * MARGIN,
	        arena_printf(a, "ระหว่างวันที่ %s ถึงวันที่ %s", d->from, d->to), 14, false, true);
	p.y += 10;
	figures(&p, a, d);
	kpi_table(&p, a, d, q);
	chart(&p, a, d, q);
	activities(&p, a, d, "4. กิจกรรมในไตรมาส");
	return pdf_end(&p, s, out);
}

enum sod_err
report_text_pdf(struct arena *a, const char *title, const char *const *paras, size_t n,
                const char *date_iso, struct buf *out)
{
	struct pdf p;
	cairo_surface_t *s = pdf_begin(&p, out, arena_printf(a, "%sT00:00:00+07:00", date_iso),
	                               title);

	text_at(&p, MARGIN, PAGE_W - 2 * MARGIN, title, 20, true, true);
	p.y += 6;
	for (size_t i = 0; i < n; i++)
		text_at(&p, MARGIN, PAGE_W - 2 * MARGIN, paras[i], 14, false, true);
	return pdf_end(&p, s, out);
}

/* ---- XLSX ------------------------------------------------------------------- */

static void
xlsx_activities(lxw_workbook *wb, const struct activity_rec *acts, size_t n)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "activities");
	const char *h[] = {"held_on", "kind", "title", "audience"};

	for (int c = 0; c < 4; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, h[c], NULL);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t r = (lxw_row_t)(i + 1);

		worksheet_write_string(ws, r, 0, acts[i].held_on, NULL);
		worksheet_write_string(ws, r, 1, acts[i].kind, NULL);
		worksheet_write_string(ws, r, 2, acts[i].title, NULL);
		worksheet_write_number(ws, r, 3, (double)acts[i].audience, NULL);
	}
}

struct ydata;
static void xlsx_year_sheets(lxw_workbook *wb, const struct ydata *d);

static void
xlsx_sheets(lxw_workbook *wb, const struct data *d, int q)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "figures");
	const char *names[] = {"tips_received", "tips_acknowledged_in_time", "tips_referred",
	                       "cases_closed", "activities", "people_reached"};
	int64_t v[] = {d->f.tips_received, d->f.tips_acknowledged_in_time, d->f.tips_referred,
	               d->f.cases_closed, d->f.activities, d->f.people_reached};

	worksheet_write_string(ws, 0, 0, "figure", NULL);
	worksheet_write_string(ws, 0, 1, "value", NULL);
	for (int i = 0; i < 6; i++) {
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, names[i], NULL);
		worksheet_write_number(ws, (lxw_row_t)(i + 1), 1, (double)v[i], NULL);
	}
	ws = workbook_add_worksheet(wb, "kpis");
	{
		const char *h[] = {"id", "name", "target", "quarter", "quarter_target", "status"};

		for (int c = 0; c < 6; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c, h[c], NULL);
	}
	for (size_t i = 0; i < d->nk; i++) {
		const struct kpi_progress *k = &d->k[i];
		lxw_row_t r = (lxw_row_t)(i + 1);

		worksheet_write_string(ws, r, 0, k->k.code, NULL);
		worksheet_write_string(ws, r, 1, k->k.name_th, NULL);
		worksheet_write_number(ws, r, 2, (double)k->k.target, NULL);
		worksheet_write_number(ws, r, 3, (double)k->by_quarter[q - 1], NULL);
		worksheet_write_number(ws, r, 4, (double)(k->k.target_q[q - 1] ? k->k.target_q[q - 1]
		                                                               : k->k.target / 4), NULL);
		worksheet_write_string(ws, r, 5, light_name(k->light[q - 1]), NULL);
	}
	xlsx_activities(wb, d->acts, d->nacts);
}

/* A workbook dated end_iso: the quarter's sheets of d, or the year's of y. */
static enum sod_err
render_xlsx(struct sys *sys, struct arena *a, const char *end_iso, const char *title,
            struct buf *out, const struct data *d, int q, const struct ydata *y)
{
	/* libxlsxwriter's temporary files go in the data folder, the one place
	 * the sandbox lets serve write (docs/sandbox.md). */
	char *tmpdir = arena_printf(a, "%s/tmp", sys->dir);
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = tmpdir};
	lxw_doc_properties props = {.title = (char *)title};   /* libxlsxwriter only reads it */
	char path[64], chunk[65536];
	lxw_workbook *wb;
	struct cdate c;
	ssize_t got;
	int fd = memfd_create("sodsong-report", MFD_CLOEXEC);

	if (fd < 0)
		return SOD_EIO;
	if (tmpdir == NULL || (mkdir(tmpdir, 0700) != 0 && errno != EEXIST)) {
		close(fd);
		return SOD_EIO;
	}
	date_parse_iso(end_iso, 10, &c);
	props.created = (time_t)date_to_unix(c);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if ((wb = workbook_new_opt(path, &opt)) == NULL) {
		close(fd);
		return SOD_EIO;
	}
	workbook_set_properties(wb, &props);
	if (y != NULL)
		xlsx_year_sheets(wb, y);
	else
		xlsx_sheets(wb, d, q);
	if (workbook_close(wb) != LXW_NO_ERROR || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return SOD_EIO;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(out, chunk, (size_t)got);
	close(fd);
	return buf_failed(out) ? SOD_ETOOBIG : SOD_OK;
}

/* ---- the annual report --------------------------------------------------------- */

struct ydata {
	struct unit_rec u;
	struct quarter_figures f[5];   /* the four quarters, then the year */
	struct kpi_progress *k;
	size_t nk;
	struct activity_rec *acts;
	size_t nacts;
	char from[64], to[64];
	char end_iso[11];
};

static enum sod_err
gather_year(struct sys *sys, struct arena *a, int64_t unit, int year, struct ydata *d)
{
	char from[11], to[11];
	struct cdate c;
	enum sod_err err;

	memset(d, 0, sizeof(*d));
	period_bounds(year, 0, from, to);
	memcpy(d->end_iso, to, sizeof(d->end_iso));
	date_parse_iso(from, 10, &c);
	date_format_cdate(d->from, sizeof(d->from), c, DATE_LONG, LANG_TH, false);
	date_parse_iso(to, 10, &c);
	date_format_cdate(d->to, sizeof(d->to), c, DATE_LONG, LANG_TH, false);
	if ((err = store_unit_get(sys->store, a, unit, &d->u)))
		return err;
	d->f[4].year = year;
	for (int q = 1; q <= 4; q++) {
		const struct quarter_figures *f = &d->f[q - 1];

		if ((err = results_quarter(sys, a, unit, year, q, &d->f[q - 1])))
			return err;
		d->f[4].tips_received += f->tips_received;
		d->f[4].tips_acknowledged_in_time += f->tips_acknowledged_in_time;
		d->f[4].tips_referred += f->tips_referred;
		d->f[4].cases_closed += f->cases_closed;
		d->f[4].activities += f->activities;
		d->f[4].people_reached += f->people_reached;
	}
	/* Every quarter counts as begun: the year's last day, never the clock. */
	if ((err = kpi_progress(sys, a, unit, year, NULL, date_to_unix(c) + 86400, &d->k, &d->nk)) ||
	    (err = results_activities(sys, a, unit, year, 0, MAX_ACTS, &d->acts, &d->nacts)))
		return err;
	return SOD_OK;
}

static const char *const figure_th[] = {"เรื่องแจ้งเบาะแสที่รับ", "ตอบรับภายใน 7 วัน",
                                        "เรื่องที่ส่งต่อหน่วยงาน", "เรื่องที่ยุติ", "กิจกรรม",
                                        "จำนวนผู้ได้รับการเผยแพร่ (คน)"};
static const char *const figure_id[] = {"tips_received", "tips_acknowledged_in_time",
                                        "tips_referred", "cases_closed", "activities",
                                        "people_reached"};

static int64_t
figure(const struct quarter_figures *f, int i)
{
	const int64_t v[] = {f->tips_received, f->tips_acknowledged_in_time, f->tips_referred,
	                     f->cases_closed, f->activities, f->people_reached};

	return v[i];
}

/* The year's figure as a share of the target, in whole percent (0: no target). */
static int64_t
percent_of(int64_t actual, int64_t target)
{
	return target > 0 ? actual * 100 / target : 0;
}

static void
year_figures(struct pdf *p, struct arena *a, const struct ydata *d)
{
	static const double xs[] = {MARGIN, 230, 285, 340, 395, 450};
	const char *head[] = {"ผลการดำเนินงาน", "ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4",
	                      "รวมทั้งปี"};

	text_at(p, MARGIN, PAGE_W - 2 * MARGIN, "1. ผลการดำเนินงานรายไตรมาส", 16, true, true);
	row(p, xs, 6, head, true);
	for (int i = 0; i < 6; i++) {
		const char *cells[6] = {figure_th[i]};

		for (int q = 0; q < 5; q++)
			cells[q + 1] = num(a, figure(&d->f[q], i));
		row(p, xs, 6, cells, false);
	}
	p->y += 10;
}

static void
year_kpis(struct pdf *p, struct arena *a, const struct ydata *d)
{
	static const double xs[] = {MARGIN, 190, 240, 285, 330, 375, 420, 460, 495};
	static const char *const light_th[] = {"-", "ตามเป้าหมาย", "ต้องเร่งรัด", "ต่ำกว่าเป้าหมาย"};
	const char *head[] = {"ตัวชี้วัด", "เป้าหมายทั้งปี", "ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3",
	                      "ไตรมาส 4", "ผลรวม", "ร้อยละ", "สถานะ"};

	text_at(p, MARGIN, PAGE_W - 2 * MARGIN, "2. ตัวชี้วัดเทียบเป้าหมายประจำปี", 16, true, true);
	p->cell = 10;
	row(p, xs, 9, head, true);
	for (size_t i = 0; i < d->nk; i++) {
		const struct kpi_progress *k = &d->k[i];
		const char *cells[] = {k->k.name_th, num(a, k->k.target), num(a, k->by_quarter[0]),
		                       num(a, k->by_quarter[1]), num(a, k->by_quarter[2]),
		                       num(a, k->by_quarter[3]), num(a, k->actual),
		                       num(a, percent_of(k->actual, k->k.target)),
		                       light_th[k->light[3]]};

		row(p, xs, 9, cells, false);
	}
	p->cell = 0;
	p->y += 10;
}

/* Bars: each KPI's year (filled) against its yearly target (outline). */
static void
year_chart(struct pdf *p, struct arena *a, const struct ydata *d)
{
	double x0 = MARGIN + 150, width = PAGE_W - MARGIN - x0 - 40, max = 1;

	if (d->nk == 0)
		return;
	text_at(p, MARGIN, PAGE_W - 2 * MARGIN, "3. แผนภูมิผลทั้งปีเทียบเป้าหมาย", 16, true, true);
	for (size_t i = 0; i < d->nk; i++) {
		if ((double)d->k[i].k.target > max)
			max = (double)d->k[i].k.target;
		if ((double)d->k[i].actual > max)
			max = (double)d->k[i].actual;
	}
	for (size_t i = 0; i < d->nk; i++) {
		double y;

		next_page_if(p, 26);
		y = p->y;
		text_at(p, MARGIN, 145, d->k[i].k.name_th, 11, false, false);
		cairo_set_source_rgb(p->cr, 0.18, 0.42, 0.65);
		cairo_rectangle(p->cr, x0, y + 2, width * (double)d->k[i].actual / max, 10);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
		cairo_set_line_width(p->cr, 0.8);
		cairo_rectangle(p->cr, x0, y + 13, width * (double)d->k[i].k.target / max, 6);
		cairo_stroke(p->cr);
		p->y = y;
		text_at(p, x0 + width + 4, 40, num(a, d->k[i].actual), 11, false, false);
		p->y = y + 26;
	}
	p->y += 8;
}

static enum sod_err
render_year_pdf(struct arena *a, const struct ydata *d, int year, struct buf *out)
{
	struct pdf p;
	struct data acts = {.acts = d->acts, .nacts = d->nacts, .total_acts = d->f[4].activities};
	cairo_surface_t *s = pdf_begin(&p, out, arena_printf(a, "%sT00:00:00+07:00", d->end_iso),
	                               arena_printf(a, "%s %d", d->u.code, year));

	text_at(&p, MARGIN, PAGE_W - 2 * MARGIN,
	        arena_printf(a, "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. %d", year), 20, true,
	        true);
	text_at(&p, MARGIN, PAGE_W - 2 * MARGIN, d->u.name_th, 16, false, true);
	text_at(&p, MARGIN, PAGE_W - 2 * MARGIN,
	        arena_printf(a, "ระหว่างวันที่ %s ถึงวันที่ %s", d->from, d->to), 14, false, true);
	p.y += 10;
	year_figures(&p, a, d);
	year_kpis(&p, a, d);
	year_chart(&p, a, d);
	activities(&p, a, &acts, "4. กิจกรรมในปีงบประมาณ");
	return pdf_end(&p, s, out);
}

static void
xlsx_year_sheets(lxw_workbook *wb, const struct ydata *d)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "figures");
	const char *fh[] = {"figure", "q1", "q2", "q3", "q4", "year"};
	const char *kh[] = {"id", "name", "target", "q1", "q2", "q3", "q4", "actual", "percent",
	                    "status"};

	for (int c = 0; c < 6; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, fh[c], NULL);
	for (int i = 0; i < 6; i++) {
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, figure_id[i], NULL);
		for (int q = 0; q < 5; q++)
			worksheet_write_number(ws, (lxw_row_t)(i + 1), (lxw_col_t)(q + 1),
			                       (double)figure(&d->f[q], i), NULL);
	}
	ws = workbook_add_worksheet(wb, "kpis");
	for (int c = 0; c < 10; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, kh[c], NULL);
	for (size_t i = 0; i < d->nk; i++) {
		const struct kpi_progress *k = &d->k[i];
		lxw_row_t r = (lxw_row_t)(i + 1);

		worksheet_write_string(ws, r, 0, k->k.code, NULL);
		worksheet_write_string(ws, r, 1, k->k.name_th, NULL);
		worksheet_write_number(ws, r, 2, (double)k->k.target, NULL);
		for (int q = 0; q < 4; q++)
			worksheet_write_number(ws, r, (lxw_col_t)(3 + q), (double)k->by_quarter[q], NULL);
		worksheet_write_number(ws, r, 7, (double)k->actual, NULL);
		worksheet_write_number(ws, r, 8, (double)percent_of(k->actual, k->k.target), NULL);
		worksheet_write_string(ws, r, 9, light_name(k->light[3]), NULL);
	}
	xlsx_activities(wb, d->acts, d->nacts);
}

enum sod_err
report_render(struct sys *sys, struct arena *a, int64_t unit, int year, int quarter,
              enum report_format fmt, struct buf *out)
{
	struct data d;
	struct ydata y;
	enum sod_err err;

	if (quarter < 0 || quarter > 4)
		return SOD_EINVAL;
	if (quarter == 0) {
		if ((err = gather_year(sys, a, unit, year, &y)) != SOD_OK)
			return err;
		if (fmt == REPORT_PDF)
			return render_year_pdf(a, &y, year, out);
		return render_xlsx(sys, a, y.end_iso, "Sodsong annual report", out, NULL, 0, &y);
	}
	if ((err = gather(sys, a, unit, year, quarter, &d)) != SOD_OK)
		return err;
	return fmt == REPORT_PDF ? render_pdf(a, &d, year, quarter, out)
	                         : render_xlsx(sys, a, d.end_iso, "Sodsong quarterly report", out,
	                                       &d, quarter, NULL);
}

void
report_warm_up(void)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(NULL, NULL, 10, 10);
	struct pdf p = {.cr = cairo_create(s)};

	text_at(&p, 0, 100, "สอดส่อง Sodsong 0123", 12, false, true);
	text_at(&p, 0, 100, "สอดส่อง", 12, true, true);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

void
report_shutdown(void)
{
	/* Not cairo_debug_reset_static_data(): it asserts when any cairo object
	 * is still alive, and pango keeps a font map per thread, so a serve
	 * whose workers rendered PDFs would abort at exit. */
	pango_cairo_font_map_set_default(NULL);
	FcFini();
}
