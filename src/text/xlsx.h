/*
 * xlsx.h — the first worksheet of an .xlsx file, as rows of text.
 *
 * For bulk import of member lists saved from Excel, LibreOffice or Google
 * Sheets (Office Open XML, ECMA-376 / ISO/IEC 29500). Only cell values are
 * read: no formulas are evaluated (their cached value is taken), no
 * formats applied, no other sheet looked at. Rows reach the caller through
 * the same callback as CSV rows, so one importer serves both.
 */
#ifndef SOD_TEXT_XLSX_H
#define SOD_TEXT_XLSX_H

#include <stddef.h>

#include "text/csv.h"
#include "util/err.h"

/*
 * Read the first worksheet of the XLSX file at path and call fn once per
 * non-empty row, cells as text (shared strings and inline strings as their
 * text, numbers as written in the file, e.g. "1112034563562" — an integer
 * stored as 1.112034563562E+12 must come back as the 13 digits, booleans as
 * "TRUE"/"FALSE", empty cells as "" in their column position: a row with
 * cells A and C has n == 3 with fields[1] empty). Row numbers in
 * row->line. SOD_EINVAL if it is not an xlsx (zip without
 * xl/workbook.xml…), SOD_ETOOBIG past max_rows rows or max_field bytes in a
 * cell or a decompressed part over 256 MiB (zip bombs), SOD_EUTF8 for bad
 * text.
 *
 * Also: SOD_EIO if the file cannot be opened or read, SOD_ENOMEM, or what
 * fn returned (which stops the reading). Trailing empty cells are not
 * delivered; a date is its serial number ("45292" for 2024-01-01), since
 * the format that makes it a date is not read. Fields are valid only during
 * the callback.
 */
enum sod_err xlsx_read(const char *path, size_t max_rows, size_t max_field,
                       csv_row_fn fn, void *ctx);

#endif
