/*
 * import.h — bulk import of members from CSV or XLSX, in two steps:
 * import_read() reads and checks every row and writes nothing, so that a
 * person can see every bad row and why; import_commit() then writes all
 * rows in one transaction, or none (it refuses while any row is bad).
 *
 * The first row names the columns, in Thai or English (docs/import.md):
 * given_th/ชื่อ and family_th/นามสกุล are needed; title_th, title_en,
 * given_en, family_en, kind/ประเภท, organisation/หน่วยงาน,
 * phone/โทรศัพท์, email/อีเมล, line_id/ไลน์, province/จังหวัด,
 * district/อำเภอ, citizen_id/เลขประจำตัวประชาชน, role/บทบาท,
 * joined_on/วันที่เข้าร่วม, consent/ยินยอม are optional; other columns are
 * ignored. Kinds and roles may be written in Thai.
 *
 * Duplicates: a row with the citizen ID or phone of an earlier row is bad;
 * a row whose person is already in the database, and whom the importer
 * may manage (network.h person_access), is linked to that person (a new
 * membership), not created again. A match outside the importer's reach
 * is never linked and never shown ("scope-import"): the row becomes a
 * separate person, and the preview reads exactly as if the phone or
 * citizen ID were unknown, so that it cannot be used to ask whether a
 * phone is in the system.
 */
#ifndef SOD_DOMAIN_IMPORT_H
#define SOD_DOMAIN_IMPORT_H

#include "domain/network.h"
#include "text/csv.h"

struct import_row {
	size_t line;                 /* in the file, 1-based (header is 1) */
	struct person_rec rec;       /* prepared, when the row is good */
	const char *role;
	const char *joined_on;
	const char *name;            /* given and family name as typed */
	const char *field;           /* the first problem: column … */
	const char *key;             /* … and message key; NULL if good */
	size_t dup_line;             /* duplicate of this earlier line */
	int64_t existing;            /* person already there (linked) */
	bool separate;               /* matches only people out of reach: a new
	                              * record; never shown (scope-import) */
};

struct import_batch {
	struct import_row *rows;
	size_t n;
	size_t bad;
	size_t existing;
	const char *missing_column;  /* set when a needed column is absent */
};

typedef void (*import_progress_fn)(size_t rows, void *ctx);

/*
 * Call fn for every row (the header included) of the CSV or XLSX file at
 * path (XLSX if it is a zip), at most max_rows + 1 rows. The file's own
 * errors as csv/xlsx report them, with the CSV line in *line_out.
 */
enum sod_err import_rows(const char *path, size_t max_rows, csv_row_fn fn, void *ctx,
                         size_t *line_out);

/*
 * Read and check the file at path (XLSX if it is a zip, CSV otherwise) of
 * at most max_rows rows into out, everything in the arena. ses is the
 * importer whose reach limits linking to existing people (NULL: the
 * command line, which reaches everyone). SOD_EINVAL
 * with out->missing_column when a needed column is missing; the file's
 * own errors as csv/xlsx report them (with the line in *line_out).
 * progress (may be NULL) is called every 1,000 rows.
 */
enum sod_err import_read(struct sys *sys, struct arena *a,
                         const struct session *ses, const char *path,
                         size_t max_rows, struct import_batch *out, size_t *line_out,
                         import_progress_fn progress, void *ctx);

/*
 * Write a checked batch into unit_code: all rows or none. SOD_EINVAL if
 * any row is bad; SOD_ENOTFOUND for an unknown unit. A separate row's
 * citizen ID hash is stored in its scoped form "HASH@UNIT-ID" (the plain
 * hash is unique and taken by the person out of reach); later imports
 * find it by either form.
 */
enum sod_err import_commit(struct sys *sys, struct arena *a,
                           const struct import_batch *b, const char *unit_code,
                           size_t *created_out, size_t *linked_out);

/*
 * Between the preview and the confirmation the uploaded file is kept in
 * DIR/staging, encrypted (crypto/stream.h) under a random key that only
 * the browser holds (the token, in the preview form): a copy of the data
 * folder does not reveal it. Staged files older than an hour are removed.
 */
enum sod_err import_stage(struct sys *sys, struct arena *a, int plain_fd,
                          char **token_out);

/* The staged file of token, decrypted into an anonymous in-memory file
 * (*fd_out, the caller closes it). SOD_ENOTFOUND if gone or not ours. */
enum sod_err import_unstage(struct sys *sys, const char *token, int *fd_out);

/* Remove the staged file of token. */
void import_discard(struct sys *sys, const char *token);

#endif
