/*
 * import.c — bulk import of members; see import.h.
 */
#include "domain/import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "crypto/stream.h"
#include "domain/unit.h"
#include "text/csv.h"
#include "text/date.h"
#include "text/xlsx.h"
#include "util/clock.h"
#include "util/log.h"

#include <sodium.h>

#define FIELD_MAX  2048
#define FIELDS_MAX 64

enum col {
	COL_TITLE_TH, COL_GIVEN_TH, COL_FAMILY_TH, COL_TITLE_EN, COL_GIVEN_EN,
	COL_FAMILY_EN, COL_KIND, COL_ORG, COL_PHONE, COL_EMAIL, COL_LINE,
	COL_PROVINCE, COL_DISTRICT, COL_CID, COL_ROLE, COL_JOINED, COL_CONSENT,
	COL__MAX
};

/* Accepted header names per column, English first. */
static const char *const col_names[COL__MAX][4] = {
	[COL_TITLE_TH] = {"title_th", "คำนำหน้า", "คำนำหน้าชื่อ", NULL},
	[COL_GIVEN_TH] = {"given_th", "ชื่อ", "first_name_th", NULL},
	[COL_FAMILY_TH] = {"family_th", "นามสกุล", "last_name_th", NULL},
	[COL_TITLE_EN] = {"title_en", NULL},
	[COL_GIVEN_EN] = {"given_en", "first_name", NULL},
	[COL_FAMILY_EN] = {"family_en", "last_name", NULL},
	[COL_KIND] = {"kind", "ประเภท", NULL},
	[COL_ORG] = {"organisation", "organization", "หน่วยงาน", "สังกัด"},
	[COL_PHONE] = {"phone", "โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์"},
	[COL_EMAIL] = {"email", "อีเมล", "e-mail", NULL},
	[COL_LINE] = {"line_id", "line", "ไลน์", NULL},
	[COL_PROVINCE] = {"province", "จังหวัด", "รหัสจังหวัด", NULL},
	[COL_DISTRICT] = {"district", "อำเภอ", "รหัสอำเภอ", NULL},
	[COL_CID] = {"citizen_id", "เลขประจำตัวประชาชน", "เลขบัตรประชาชน", NULL},
	[COL_ROLE] = {"role", "บทบาท", NULL},
	[COL_JOINED] = {"joined_on", "วันที่เข้าร่วม", NULL},
	[COL_CONSENT] = {"consent", "ยินยอม", NULL},
};

/* Thai words for kinds and roles, as people write them in spreadsheets. */
static const char *const thai_values[][2] = {
	{"ผู้บริหาร", "executive"}, {"ข้าราชการ", "official"}, {"เจ้าหน้าที่", "staff"},
	{"บุคคลภายนอก", "outsider"}, {"อาสาสมัคร", "volunteer"},
	{"ผู้นำชุมชน", "community_leader"}, {"นักศึกษา", "student"},
	{"สมาชิก", "member"}, {"หัวหน้า", "leader"}, {"หัวหน้าทีม", "leader"},
	{"กรรมการ", "committee"}, {"ผู้ประสานงาน", "coordinator"}, {"วิทยากร", "trainer"},
};

struct reader {
	struct sys *sys;
	struct arena *a;
	const struct session *ses;  /* NULL: the command line */
	struct import_batch *b;
	size_t cap, max_rows;
	int col[COL__MAX];      /* column index of each field, or -1 */
	bool header_done;
	import_progress_fn progress;
	void *ctx;
};

static const char *
english_value(const char *v)
{
	for (size_t i = 0; i < sizeof(thai_values) / sizeof(thai_values[0]); i++)
		if (strcmp(v, thai_values[i][0]) == 0)
			return thai_values[i][1];
	return v;
}

static char *
field(struct reader *r, const struct csv_row *row, enum col c)
{
	struct slice s;

	if (r->col[c] < 0 || (size_t)r->col[c] >= row->n)
		return "";
	s = slice_trim(row->fields[r->col[c]]);
	return arena_strndup(r->a, s.p, s.len);
}

static enum sod_err
read_header(struct reader *r, const struct csv_row *row)
{
	for (int c = 0; c < COL__MAX; c++)
		r->col[c] = -1;
	for (size_t i = 0; i < row->n; i++) {
		struct slice h = slice_trim(row->fields[i]);

		for (int c = 0; c < COL__MAX; c++)
			for (int k = 0; k < 4 && col_names[c][k] != NULL; k++)
				if (r->col[c] < 0 && slice_case_eq_str(h, col_names[c][k]))
					r->col[c] = (int)i;
	}
	if (r->col[COL_GIVEN_TH] < 0 || r->col[COL_FAMILY_TH] < 0) {
		r->b->missing_column = r->col[COL_GIVEN_TH] < 0 ? "given_th" : "family_th";
		return SOD_EINVAL;
	}
	r->header_done = true;
	return SOD_OK;
}

static bool
yes(const char *v)
{
	return strcasecmp(v, "yes") == 0 || strcasecmp(v, "y") == 0 || strcmp(v, "1") == 0 ||
	       strcasecmp(v, "true") == 0 || strcmp(v, "ใช่") == 0 || strcmp(v, "ยินยอม") == 0;
}

static enum sod_err
on_row(const struct csv_row *row, void *ctx)
{
	struct reader *r = ctx;
	struct import_row *ir;
	struct person_input in;
	struct verr ve = {0};
	const char *kind, *role;
	enum sod_err err;

	if (!r->header_done)
		return read_header(r, row);
	if (r->b->n == r->max_rows)
		return SOD_ETOOBIG;
	if (r->b->n == r->cap) {
		struct import_row *bigger;

		r->cap = r->cap ? r->cap * 2 : 256;
		if ((bigger = arena_alloc(r->a, r->cap * sizeof(*bigger))) == NULL)
			return SOD_ENOMEM;
		if (r->b->n)
			memcpy(bigger, r->b->rows, r->b->n * sizeof(*bigger));
		r->b->rows = bigger;
	}
	ir = &r->b->rows[r->b->n++];
	memset(ir, 0, sizeof(*ir));
	ir->line = row->line;
	kind = english_value(field(r, row, COL_KIND));
	role = english_value(field(r, row, COL_ROLE));
	in = (struct person_input){
		.title_th = field(r, row, COL_TITLE_TH),
		.given_th = field(r, row, COL_GIVEN_TH),
		.family_th = field(r, row, COL_FAMILY_TH),
		.title_en = field(r, row, COL_TITLE_EN),
		.given_en = field(r, row, COL_GIVEN_EN),
		.family_en = field(r, row, COL_FAMILY_EN),
		.kind = kind[0] ? kind : "volunteer",
		.organisation = field(r, row, COL_ORG),
		.phone = field(r, row, COL_PHONE),
		.email = field(r, row, COL_EMAIL),
		.line_id = field(r, row, COL_LINE),
		.province = field(r, row, COL_PROVINCE),
		.district = field(r, row, COL_DISTRICT),
		.citizen_id = field(r, row, COL_CID),
		.consent = yes(field(r, row, COL_CONSENT)),
	};
	ir->role = role[0] ? role : "member";
	ir->joined_on = field(r, row, COL_JOINED);
	ir->name = arena_printf(r->a, "%s %s", in.given_th, in.family_th);
	if (ir->name == NULL)
		return SOD_ENOMEM;
	err = person_prepare(r->sys, r->a, &in, &ir->rec, &ve);
	if (err == SOD_OK && !member_role_valid(ir->role))
		ve = (struct verr){"role", "error.field.member_role"}, err = SOD_EINVAL;
	if (err == SOD_OK && ir->joined_on[0] != '\0') {
		struct cdate d;

		if (!date_parse_iso(ir->joined_on, strlen(ir->joined_on), &d))
			ve = (struct verr){"joined_on", "error.field.date"}, err = SOD_EINVAL;
	}
	if (err == SOD_EINVAL) {
		ir->field = ve.field;
		ir->key = ve.key;
		r->b->bad++;
	} else if (err) {
		return err;
	}
	if (r->progress != NULL && r->b->n % 1000 == 0)
		r->progress(r->b->n, r->ctx);
	return SOD_OK;
}

/* Duplicates inside the file: sort (key, row) pairs, mark later rows. */
struct dupkey {
	const char *key;
	size_t row;
};

static int
dupkey_cmp(const void *x, const void *y)
{
	const struct dupkey *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : (a->row > b->row) - (a->row < b->row);
}

static enum sod_err
mark_duplicates(struct reader *r)
{
	struct import_batch *b = r->b;
	struct dupkey *k = arena_alloc(r->a, (b->n * 2 + 1) * sizeof(*k));
	size_t n = 0;

	if (k == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < b->n; i++) {
		if (b->rows[i].key != NULL)
			continue;
		if (b->rows[i].rec.cid_hash)
			k[n++] = (struct dupkey){b->rows[i].rec.cid_hash, i};
		if (b->rows[i].rec.phone)
			k[n++] = (struct dupkey){b->rows[i].rec.phone, i};
	}
	qsort(k, n, sizeof(*k), dupkey_cmp);
	for (size_t i = 1; i < n; i++) {
		struct import_row *later = &b->rows[k[i].row];

		if (strcmp(k[i - 1].key, k[i].key) != 0 || later->key != NULL)
			continue;
		later->field = later->rec.cid_hash && strcmp(later->rec.cid_hash, k[i].key) == 0
		                   ? "citizen_id" : "phone";
		later->key = "error.field.row_duplicate";
		later->dup_line = b->rows[k[i - 1].row].line;
		b->bad++;
	}
	return SOD_OK;
}

/* True if the importer may link a row to person (scope-import). */
static enum sod_err
in_reach(struct reader *r, int64_t person, bool *out)
{
	bool view = false;

	*out = r->ses == NULL;
	if (r->ses == NULL)
		return SOD_OK;
	return person_access(r->sys, r->a, r->ses, person, &view, out);
}

static enum sod_err
find_existing(struct reader *r)
{
	for (size_t i = 0; i < r->b->n; i++) {
		struct import_row *ir = &r->b->rows[i];
		int64_t *ids;
		size_t n;
		enum sod_err err;

		if (ir->key != NULL || (ir->rec.cid_hash == NULL && ir->rec.phone == NULL))
			continue;
		if ((err = store_person_find_dups(r->sys->store, r->a, ir->rec.cid_hash,
		                                  ir->rec.phone, &ids, &n)) != SOD_OK)
			return err;
		for (size_t k = 0; k < n && ir->existing == 0; k++) {
			bool ok = false;

			if ((err = in_reach(r, ids[k], &ok)) != SOD_OK)
				return err;
			if (ok)
				ir->existing = ids[k];
		}
		if (ir->existing != 0)
			r->b->existing++;
		else
			ir->separate = n > 0;
	}
	return SOD_OK;
}

static bool
is_zip(const char *path)
{
	unsigned char magic[4] = {0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool zip;

	if (fd < 0)
		return false;
	zip = read(fd, magic, 4) == 4 && memcmp(magic, "PK\x03\x04", 4) == 0;
	close(fd);
	return zip;
}

static enum sod_err
read_csv(const char *path, csv_row_fn fn, void *r, size_t *line_out)
{
	struct csv *c = csv_new(FIELD_MAX, FIELDS_MAX);
	char buf[65536];
	enum sod_err err = SOD_OK;
	ssize_t got;
	int fd;

	if (c == NULL)
		return SOD_ENOMEM;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		csv_free(&c);
		return SOD_EIO;
	}
	while (!err && (got = read(fd, buf, sizeof(buf))) > 0)
		err = csv_feed(c, buf, (size_t)got, fn, r);
	if (!err && got < 0)
		err = SOD_EIO;
	if (!err)
		err = csv_finish(c, fn, r);
	if (err)
		*line_out = csv_error_line(c);
	close(fd);
	csv_free(&c);
	return err;
}

enum sod_err
import_rows(const char *path, size_t max_rows, csv_row_fn fn, void *ctx, size_t *line_out)
{
	*line_out = 0;
	return is_zip(path) ? xlsx_read(path, max_rows + 1, FIELD_MAX, fn, ctx)
	                    : read_csv(path, fn, ctx, line_out);
}

enum sod_err
import_read(struct sys *sys, struct arena *a, const struct session *ses, const char *path,
            size_t max_rows, struct import_batch *out, size_t *line_out,
            import_progress_fn progress, void *ctx)
{
	struct reader r = {.sys = sys, .a = a, .ses = ses, .b = out, .max_rows = max_rows,
	                   .progress = progress, .ctx = ctx};
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	err = import_rows(path, max_rows, on_row, &r, line_out);
	if (err)
		return err;
	if (!r.header_done) {
		out->missing_column = "given_th";
		return SOD_EINVAL;
	}
	if ((err = mark_duplicates(&r)) != SOD_OK)
		return err;
	return find_existing(&r);
}

enum sod_err
import_commit(struct sys *sys, struct arena *a, const struct import_batch *b,
              const char *unit_code, size_t *created_out, size_t *linked_out)
{
	struct unit_rec unit;
	enum sod_err err;

	*created_out = *linked_out = 0;
	if (b->bad > 0)
		return SOD_EINVAL;
	if ((err = unit_get(sys, a, unit_code, &unit, NULL)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	for (size_t i = 0; i < b->n && !err; i++) {
		const struct import_row *ir = &b->rows[i];
		int64_t id;

		if (ir->existing) {
			err = store_membership_add(sys->store, ir->existing, unit.id, ir->role,
			                           ir->joined_on);
			(*linked_out)++;
		} else if (ir->separate && ir->rec.cid_hash != NULL) {
			/* The plain hash is someone else's, out of reach. */
			struct person_rec rec = ir->rec;

			rec.cid_hash = arena_printf(a, "%s@%lld", ir->rec.cid_hash,
			                            (long long)unit.id);
			err = rec.cid_hash == NULL ? SOD_ENOMEM
			                           : person_create_in_tx(sys, a, &rec, unit.id,
			                                                 ir->role, ir->joined_on, &id);
			(*created_out)++;
		} else {
			err = person_create_in_tx(sys, a, &ir->rec, unit.id, ir->role,
			                          ir->joined_on, &id);
			(*created_out)++;
		}
	}
	if (err) {
		/* All or nothing: one bad write undoes the rest. */
		LOG_WARN("import into %s failed: %s", unit_code, sod_strerror(err));
		store_tx_rollback(sys->store);
		*created_out = *linked_out = 0;
		return err;
	}
	return store_tx_commit(sys->store);
}

/* ---- staging ------------------------------------------------------------------- */

#define STAGE_TTL 3600

/* The staged file's path for a key: its name is a hash of the key. */
static bool
stage_path(struct sys *sys, const unsigned char key[STREAM_KEY_LEN], char *path,
           size_t size)
{
	unsigned char h[16];
	char hex[33];

	crypto_generichash(h, sizeof(h), key, STREAM_KEY_LEN, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return snprintf(path, size, "%s/staging/%s", sys->dir, hex) < (int)size;
}

static bool
token_key(const char *token, unsigned char key[STREAM_KEY_LEN])
{
	size_t len;

	return token != NULL &&
	       sodium_base642bin(key, STREAM_KEY_LEN, token, strlen(token), NULL, &len, NULL,
	                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	       len == STREAM_KEY_LEN;
}

/* Remove staged files older than STAGE_TTL (abandoned previews). */
static void
stage_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int64_t now = sod_now();

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, 0) == 0 && now - st.st_mtime > STAGE_TTL)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

enum sod_err
import_stage(struct sys *sys, struct arena *a, int plain_fd, char **token_out)
{
	unsigned char key[STREAM_KEY_LEN];
	char path[4096], dir[4096], token[64];
	enum sod_err err;
	int fd;

	snprintf(dir, sizeof(dir), "%s/staging", sys->dir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return SOD_EIO;
	stage_sweep(dir);
	crypto_secretstream_xchacha20poly1305_keygen(key);
	if (!stage_path(sys, key, path, sizeof(path)) ||
	    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		sodium_memzero(key, sizeof(key));
		return SOD_EIO;
	}
	if (lseek(plain_fd, 0, SEEK_SET) != 0)
		err = SOD_EIO;
	else
		err = stream_encrypt(plain_fd, fd, key);
	if (close(fd) != 0 && !err)
		err = SOD_EIO;
	if (err) {
		unlink(path);
	} else {
		sodium_bin2base64(token, sizeof(token), key, sizeof(key),
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		if ((*token_out = arena_strdup(a, token)) == NULL)
			err = SOD_ENOMEM;
	}
	sodium_memzero(key, sizeof(key));
	return err;
}

enum sod_err
import_unstage(struct sys *sys, const char *token, int *fd_out)
{
	unsigned char key[STREAM_KEY_LEN];
	char path[4096];
	enum sod_err err;
	int in, out;

	if (!token_key(token, key) || !stage_path(sys, key, path, sizeof(path)))
		return SOD_ENOTFOUND;
	if ((in = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		sodium_memzero(key, sizeof(key));
		return SOD_ENOTFOUND;
	}
	/* Plaintext lives only in memory, never on disk. */
	if ((out = memfd_create("sodsong-import", MFD_CLOEXEC)) < 0) {
		close(in);
		sodium_memzero(key, sizeof(key));
		return SOD_EIO;
	}
	err = stream_decrypt(in, out, key);
	close(in);
	sodium_memzero(key, sizeof(key));
	if (err) {
		close(out);
		return err == SOD_ECRYPTO ? SOD_ENOTFOUND : err;
	}
	*fd_out = out;
	return SOD_OK;
}

void
import_discard(struct sys *sys, const char *token)
{
	unsigned char key[STREAM_KEY_LEN];
	char path[4096];

	if (token_key(token, key) && stage_path(sys, key, path, sizeof(path)))
		unlink(path);
	sodium_memzero(key, sizeof(key));
}
