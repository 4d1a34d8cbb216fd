/*
 * report.h — the quarterly and annual reports of a unit as PDF (A4, Thai, laid out
 * like a government report: cairo + pango with the Laksaman face of
 * fonts-tlwg-laksaman, Thai line breaks by pango's libthai, BE dates, a
 * vector bar chart) and as XLSX with the same figures (libxlsxwriter).
 *
 * Deterministic: the same data gives the same bytes. The PDF's creation
 * and modification dates and the workbook's are the quarter's last day,
 * never the clock.
 */
#ifndef SOD_DOMAIN_REPORT_H
#define SOD_DOMAIN_REPORT_H

#include "domain/sys.h"
#include "util/buf.h"

enum report_format { REPORT_PDF, REPORT_XLSX };

/*
 * Render the report of unit (its subtree's figures) for fiscal quarter
 * (year BE, quarter 1–4) into out; quarter 0: the annual report of the
 * fiscal year (its four quarters, the year's total, each KPI against the
 * year's target; dated the year's last day). The caller checks who may
 * read it. SOD_EIO if cairo or libxlsxwriter fail.
 */
enum sod_err report_render(struct sys *sys, struct arena *a, int64_t unit, int year,
                           int quarter, enum report_format fmt, struct buf *out);

/*
 * A plain document as PDF (A4, the report's Thai face): a title, then
 * paragraphs, wrapped where Thai breaks. Dated date_iso (YYYY-MM-DD) in
 * its metadata, never the clock, so the same input gives the same bytes
 * (the demo's guides). SOD_EIO if cairo fails.
 */
enum sod_err report_text_pdf(struct arena *a, const char *title, const char *const *paras,
                             size_t n, const char *date_iso, struct buf *out);

/* Load the fonts once, before a sandbox closes the file system (serve). */
void report_warm_up(void);

/* Release the font caches (fontconfig, pango, cairo) at exit, so that leak
 * checkers see none; no report may be rendered afterwards. */
void report_shutdown(void);

#endif
