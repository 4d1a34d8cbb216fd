/*
 * export.c — the case list as CSV (with a BOM, so Excel reads Thai) and
 * XLSX (libxlsxwriter). No identity and no tip text ever; a case's title
 * only when the reader asks for it (text=1) and can open the case.
 */
#include "web/web.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "domain/case.h"
#include "web/i18n.h"

enum { COL_ID, COL_UNIT, COL_STATUS, COL_OPENED, COL_DUE, COL_OVERDUE, COL_TITLE, COL__MAX };

static const char *const heads[COL__MAX] = {
	"export.id", "export.unit", "export.status", "export.opened", "export.due",
	"export.overdue", "export.title",
};

/* The cells of one case (title "" unless asked for and readable). */
static void
cells(struct wreq *w, const struct case_view *v, bool text, const char *out[COL__MAX])
{
	char key[64];

	snprintf(key, sizeof(key), "case_status.%s", v->rec.status);
	out[COL_ID] = arena_printf(w->r->arena, "%lld", (long long)v->rec.id);
	out[COL_UNIT] = v->rec.unit_code;
	out[COL_STATUS] = i18n_get(w->lang, key);
	out[COL_OPENED] = v->rec.opened_on;
	out[COL_DUE] = v->rec.due_on;
	out[COL_OVERDUE] = v->overdue ? i18n_get(w->lang, "tips.late") : "";
	out[COL_TITLE] = text && v->readable ? v->title : "";
}

/* A CSV field, quoted when it holds a separator, a quote or a line end;
 * a leading = + - @ is prefixed with ' so a spreadsheet never runs it. */
static void
csv_field(struct buf *b, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_putc(b, '"');
	if (strchr("=+-@", s[0]) != NULL && s[0] != '\0')
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	if (quote)
		buf_putc(b, '"');
}

static bool
load(struct wreq *w, struct case_view **items, size_t *n, bool *text)
{
	struct tip_reader r;
	const char *t = req_query(w->r, "text");
	int64_t total, next;
	enum sod_err err;

	*text = t != NULL && strcmp(t, "1") == 0;
	/* The export is every case (no page). */
	if ((err = tip_reader_open(w->sys, w->r->arena, &w->ses, w->token, &r)) ||
	    (err = case_list(w->sys, w->r->arena, &r, NULL, 0, INT64_MAX, items, n, &total,
	                     &next))) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

void
h_cases_csv(struct wreq *w)
{
	struct case_view *items;
	size_t n;
	bool text;

	if (!load(w, &items, &n, &text))
		return;
	buf_puts(&w->r->resp, "\xEF\xBB\xBF");
	for (int c = 0; c < COL__MAX; c++) {
		if (c)
			buf_putc(&w->r->resp, ',');
		csv_field(&w->r->resp, i18n_get(w->lang, heads[c]));
	}
	buf_puts(&w->r->resp, "\r\n");
	for (size_t i = 0; i < n; i++) {
		const char *row[COL__MAX];

		cells(w, &items[i], text, row);
		for (int c = 0; c < COL__MAX; c++) {
			if (c)
				buf_putc(&w->r->resp, ',');
			csv_field(&w->r->resp, row[c] ? row[c] : "");
		}
		buf_puts(&w->r->resp, "\r\n");
	}
	req_add_header(w->r, "Content-Disposition", "attachment; filename=\"cases.csv\"");
	req_reply(w->r, 200, "text/csv; charset=utf-8");
}

/*
 * A workbook written by libxlsxwriter into an anonymous in-memory file (it
 * writes to a file name: /proc/self/fd/N). Its temporary files (unlinked
 * at once) go to the data folder, the only place the sandbox lets it write
 * (docs/sandbox.md). NULL on failure, nothing left open.
 */
static lxw_workbook *
workbook_begin(struct wreq *w, int *fd_out)
{
	char path[64], *tmpdir;
	lxw_workbook *wb;
	int fd;

	if ((fd = memfd_create("sodsong-export", MFD_CLOEXEC)) < 0)
		return NULL;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	tmpdir = arena_printf(w->r->arena, "%s/tmp", w->sys->dir);
	if (tmpdir == NULL || (mkdir(tmpdir, 0700) != 0 && errno != EEXIST) ||
	    (wb = workbook_new_opt(path, &(lxw_workbook_options){.tmpdir = tmpdir})) == NULL) {
		close(fd);
		return NULL;
	}
	*fd_out = fd;
	return wb;
}

/* Close the workbook and move its bytes into the response; false on failure. */
static bool
workbook_end(struct wreq *w, lxw_workbook *wb, int fd)
{
	char chunk[65536];
	ssize_t got;

	if (workbook_close(wb) != LXW_NO_ERROR || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return false;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(&w->r->resp, chunk, (size_t)got);
	close(fd);
	return got == 0;
}

void
h_cases_xlsx(struct wreq *w)
{
	struct case_view *items;
	size_t n;
	bool text;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	int fd = -1;

	if (!load(w, &items, &n, &text))
		return;
	if ((wb = workbook_begin(w, &fd)) == NULL) {
		web_error(w, SOD_EIO, NULL, NULL, NULL);
		return;
	}
	if ((ws = workbook_add_worksheet(wb, NULL)) == NULL) {
		workbook_close(wb);
		close(fd);
		web_error(w, SOD_EIO, NULL, NULL, NULL);
		return;
	}
	for (int c = 0; c < COL__MAX; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, i18n_get(w->lang, heads[c]), NULL);
	for (size_t i = 0; i < n; i++) {
		const char *row[COL__MAX];

		cells(w, &items[i], text, row);
		worksheet_write_number(ws, (lxw_row_t)(i + 1), COL_ID, (double)items[i].rec.id, NULL);
		for (int c = 1; c < COL__MAX; c++)
			worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)c,
			                       row[c] ? row[c] : "", NULL);
	}
	if (!workbook_end(w, wb, fd)) {
		web_error(w, SOD_EIO, NULL, NULL, NULL);
		return;
	}
	req_add_header(w->r, "Content-Disposition", "attachment; filename=\"cases.xlsx\"");
	req_reply(w->r, 200,
	          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

/* ---- any table (the procurement lists) ------------------------------------------- */

static void
table_csv(struct wreq *w, size_t ncols, const char *const *head, const char **cells,
          size_t nrows)
{
	buf_puts(&w->r->resp, "\xEF\xBB\xBF");
	for (size_t r = 0; r <= nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *v = r == 0 ? head[c] : cells[(r - 1) * ncols + c];

			if (c)
				buf_putc(&w->r->resp, ',');
			csv_field(&w->r->resp, v ? v : "");
		}
		buf_puts(&w->r->resp, "\r\n");
	}
}

static bool
table_xlsx(struct wreq *w, size_t ncols, const char *const *head, const char **cells,
           size_t nrows)
{
	lxw_workbook *wb;
	lxw_worksheet *ws;
	int fd = -1;

	if ((wb = workbook_begin(w, &fd)) == NULL)
		return false;
	if ((ws = workbook_add_worksheet(wb, NULL)) == NULL) {
		workbook_close(wb);
		close(fd);
		return false;
	}
	for (size_t r = 0; r <= nrows; r++)
		for (size_t c = 0; c < ncols; c++) {
			const char *v = r == 0 ? head[c] : cells[(r - 1) * ncols + c];

			worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, v ? v : "", NULL);
		}
	return workbook_end(w, wb, fd);
}

void
export_table(struct wreq *w, bool xlsx, const char *filename, size_t ncols,
             const char *const *head, const char **cells, size_t nrows)
{
	char disp[128];

	if (xlsx && !table_xlsx(w, ncols, head, cells, nrows)) {
		web_error(w, SOD_EIO, NULL, NULL, NULL);
		return;
	}
	if (!xlsx)
		table_csv(w, ncols, head, cells, nrows);
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	req_add_header(w->r, "Content-Disposition", disp);
	req_reply(w->r, 200, xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	                          : "text/csv; charset=utf-8");
}

char *
web_disposition(struct wreq *w, const char *fallback, const char *name)
{
	struct buf enc;
	char *out;

	buf_init(&enc, 4096);
	for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '.' || *c == '-' || *c == '_')
			buf_putc(&enc, (char)*c);
		else
			buf_printf(&enc, "%%%02X", *c);
	}
	out = arena_printf(w->r->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
	                   fallback, enc.data ? enc.data : "");
	buf_free(&enc);
	return out;
}
