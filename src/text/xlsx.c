/*
 * xlsx.c — the first worksheet of an .xlsx file as rows of text; see xlsx.h.
 *
 * Written by hand because Debian has no library for C that reads XLSX
 * (libxlsxwriter only writes; the readers that exist are C++ or bundled
 * inside LibreOffice and Gnumeric). The format is a zip (libzip) of XML
 * parts (expat), and one sheet's values are a small part of it:
 *
 *   xl/workbook.xml             the first <sheet r:id="rIdN"> is the first tab
 *   xl/_rels/workbook.xml.rels  rIdN → the sheet's part, and the part of the
 *                               shared strings (fallbacks: sheet1.xml and
 *                               sharedStrings.xml)
 *   xl/sharedStrings.xml        <si> per string; its text is every <t> in
 *                               it, rich-text runs <r><t> included, phonetic
 *                               guides <rPh> excluded
 *   the sheet                   <row r="7"><c r="C7" t="…"><v>…</v></c>…
 *
 * The sheet is streamed through expat in chunks and rows go to the caller
 * as their </row> arrives, so the sheet is never held decompressed; the
 * shared strings are (cells point into them at random). Every part is
 * limited to 256 MiB decompressed, counted as it is read, whatever the zip
 * claims; a row to XLSX_ROW_BYTES and XFD (16,384) columns; the shared
 * strings to XLSX_MAX_STRINGS. A DOCTYPE is refused outright: no part of a
 * workbook has one, and without it no entity can be declared (no
 * "billion laughs"). Every byte of every part must be UTF-8 (the encoding
 * Excel, LibreOffice and Google write), checked as the bytes stream.
 *
 * Cell text is as stored: numbers as written (an exponent form is rewritten
 * as plain decimal digits, exactly, by moving the point: the citizen ID
 * 1.112034563562E+12 comes back as 1112034563562), booleans TRUE/FALSE,
 * errors (#N/A) and ISO dates (t="d") as written, strings with their
 * _xHHHH_ escapes (ECMA-376 ST_Xstring, how Excel stores control
 * characters) decoded. No formula is evaluated: the cached value is used.
 */
#include "text/xlsx.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <sodium.h>
#include <zip.h>

#include "text/utf8.h"
#include "util/str.h"

#define XLSX_MAX_PART    ((zip_uint64_t)256 << 20)  /* decompressed bytes */
#define XLSX_MAX_COLS    16384                      /* XFD */
#define XLSX_MAX_ROWNUM  1048576
#define XLSX_ROW_BYTES   ((size_t)16 << 20)
#define XLSX_MAX_STRINGS ((size_t)1 << 22)
#define XLSX_CHUNK       65536
#define XLSX_PATH_MAX    512
#define NUM_MAX          64  /* longest number rewritten from exponent form */

/* A growable byte string with a ceiling; past it, over is set and bytes
 * are dropped. Wiped when it moves or is freed: the text is personal. */
struct text {
	char *p;
	size_t len, cap, max;
	bool over;
};

/* Shared strings: offsets into one byte array; len UINT32_MAX = too long. */
struct sst_ent {
	uint32_t off, len;
};

enum cell_type { CT_NUM, CT_SST, CT_STR, CT_INLINE, CT_BOOL, CT_ASIS };

struct reader {
	zip_t *zip;
	XML_Parser xp;
	enum sod_err err;
	char *chunk;
	size_t max_rows, max_field;
	csv_row_fn fn;
	void *ctx;

	/* workbook.xml and its rels */
	char *sheet_rid;
	char sheet_part[XLSX_PATH_MAX], sst_part[XLSX_PATH_MAX];

	/* shared strings */
	struct text sst_bytes;
	struct sst_ent *sst;
	size_t nsst, sst_cap;

	/* parsing state (shared strings and sheet) */
	int in_si, in_is, in_t, in_v, in_rph;
	struct text txt;

	/* the row being assembled */
	bool in_row, in_c;
	size_t row_num, rows_out;
	long last_col;            /* -1 at the start of a row */
	long cell_col;
	enum cell_type cell_type;
	struct text row;          /* the cells' bytes, back to back */
	size_t *ends;             /* ends[i]: offset in row after cell i */
	struct slice *slices;
	size_t ncells, nonempty, cells_cap;
	char num[NUM_MAX + 1];    /* a number rewritten by num_plain() */
};

/* --- small helpers ---------------------------------------------------------- */

static bool
text_add(struct text *t, const char *s, size_t n)
{
	size_t ncap;
	char *np;

	if (n == 0)
		return true;
	if (t->over || n > t->max - t->len) {
		t->over = true;
		return true;
	}
	if (t->len + n <= t->cap) {
		memcpy(t->p + t->len, s, n);
		t->len += n;
		return true;
	}
	ncap = t->cap ? t->cap : 256;
	while (ncap < t->len + n)
		ncap = ncap > t->max / 2 ? t->max : ncap * 2;
	if ((np = malloc(ncap)) == NULL)
		return false;
	if (t->p != NULL) {
		memcpy(np, t->p, t->len);
		sodium_memzero(t->p, t->cap);
		free(t->p);
	}
	t->p = np;
	t->cap = ncap;
	memcpy(t->p + t->len, s, n);
	t->len += n;
	return true;
}

static void
text_free(struct text *t)
{
	if (t->p != NULL) {
		sodium_memzero(t->p, t->cap);
		free(t->p);
	}
	t->p = NULL;
	t->len = t->cap = 0;
	t->over = false;
}

/* The local part of an expat namespace name "uri|local". */
static const char *
local(const XML_Char *name)
{
	const char *bar = strrchr(name, '|');

	return bar != NULL ? bar + 1 : name;
}

static bool
is(const XML_Char *name, const char *want)
{
	return strcmp(local(name), want) == 0;
}

/* The value of the un-namespaced attribute want, or NULL. */
static const char *
attr(const XML_Char **atts, const char *want)
{
	for (size_t i = 0; atts[i] != NULL; i += 2)
		if (strcmp(atts[i], want) == 0)
			return atts[i + 1];
	return NULL;
}

static void
stop(struct reader *r, enum sod_err err)
{
	if (r->err == SOD_OK)
		r->err = err;
	XML_StopParser(r->xp, XML_FALSE);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode _xHHHH_ escapes in place (the text only shrinks). */
static void
unescape_x(struct text *t)
{
	size_t i = 0, o = 0;

	while (i < t->len) {
		if (t->p[i] == '_' && t->len - i >= 7 && t->p[i + 1] == 'x' &&
		    t->p[i + 6] == '_') {
			uint32_t cp = 0;
			bool ok = true;
			char enc[4];
			size_t n;

			for (int k = 2; k < 6; k++) {
				int h = hexval(t->p[i + k]);

				ok = ok && h >= 0;
				cp = cp << 4 | (uint32_t)(h < 0 ? 0 : h);
			}
			if (ok && (n = utf8_encode(cp, enc)) > 0) {
				memcpy(t->p + o, enc, n);
				o += n;
				i += 7;
				continue;
			}
		}
		t->p[o++] = t->p[i++];
	}
	t->len = o;
}

/*
 * "1.112034563562E+12" → "1112034563562", "-2.5E-2" → "-0.025": move the
 * point, exactly, in decimal. False to keep s as written (no exponent, not
 * a number, or longer than NUM_MAX).
 */
static bool
num_plain(const char *s, size_t n, char out[NUM_MAX + 1], size_t *len_out)
{
	char dig[NUM_MAX];
	size_t i = 0, nd = 0, o = 0, first = 0;
	int64_t ipart = 0, e, point;
	bool neg = false, dot = false;
	struct slice es;

	if (i < n && s[i] == '-')
		neg = true, i++;
	for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
		if (s[i] == '.' && !dot) {
			dot = true;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || nd == sizeof(dig))
			return false;
		dig[nd++] = s[i];
		ipart += !dot;
	}
	if (i == n || nd == 0)
		return false;
	es = (struct slice){s + i + 1, n - i - 1};
	if (es.len > 0 && es.p[0] == '+')
		es.p++, es.len--;
	if (!str_to_i64(es, -NUM_MAX, NUM_MAX, &e))
		return false;
	point = ipart + e;  /* digits before the point */
	while (first < nd && dig[first] == '0')
		first++, point--;
	while (nd > first && dig[nd - 1] == '0')
		nd--;
	if (first == nd) {
		out[0] = '0', out[1] = '\0';
		*len_out = 1;
		return true;
	}
#define PUT(c) do { if (o == NUM_MAX) return false; out[o++] = (c); } while (0)
	if (neg)
		PUT('-');
	if (point <= 0) {
		PUT('0');
		PUT('.');
		for (int64_t z = point; z < 0; z++)
			PUT('0');
	}
	for (size_t k = first; k < nd; k++) {
		if (point > 0 && (int64_t)(k - first) == point)
			PUT('.');
		PUT(dig[k]);
	}
	for (int64_t z = (int64_t)(nd - first); z < point; z++)
		PUT('0');
#undef PUT
	out[o] = '\0';
	*len_out = o;
	return true;
}

/* Column of a cell reference "C7" (0-based), or -1. */
static long
ref_col(const char *ref)
{
	long col = 0;
	size_t i = 0;

	for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
		if (i == 3)
			return -1;
		col = col * 26 + (ref[i] - 'A' + 1);
	}
	if (i == 0 || col > XLSX_MAX_COLS)
		return -1;
	for (; ref[i] != '\0'; i++)
		if (ref[i] < '0' || ref[i] > '9')
			return -1;
	return col - 1;
}

/*
 * An absolute part name from a relationship target, relative to xl/:
 * "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml", "/xl/x.xml" →
 * "xl/x.xml", with "." and ".." segments resolved. False if unusable.
 */
static bool
resolve(const char *target, char out[XLSX_PATH_MAX])
{
	char tmp[XLSX_PATH_MAX];
	size_t o = 0;
	int w;
	const char *seg;

	if (target[0] == '/')
		w = snprintf(tmp, sizeof(tmp), "%s", target + 1);
	else
		w = snprintf(tmp, sizeof(tmp), "xl/%s", target);
	if (w < 0 || (size_t)w >= sizeof(tmp))
		return false;
	seg = tmp;
	while (*seg != '\0') {
		size_t len = strcspn(seg, "/");

		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (o == 0)
				return false;
			while (o > 0 && out[--o] != '/')
				;
		} else if (len > 0 && !(len == 1 && seg[0] == '.')) {
			if (o > 0)
				out[o++] = '/';
			memcpy(out + o, seg, len);
			o += len;
		}
		seg += len;
		if (*seg == '/')
			seg++;
	}
	out[o] = '\0';
	return o > 0;
}

/* --- UTF-8 across chunk boundaries ------------------------------------------- */

struct u8stream {
	char carry[4];
	size_t ncarry, need;
};

static size_t
u8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* Check p[0..n), holding back a sequence cut at the end for the next call. */
static bool
u8_feed(struct u8stream *u, const char *p, size_t n)
{
	size_t i = 0, cut = n;

	while (u->ncarry > 0 && u->ncarry < sizeof(u->carry) && i < n) {
		u->carry[u->ncarry++] = p[i++];
		if (u->ncarry == u->need) {
			if (!utf8_valid(u->carry, u->ncarry))
				return false;
			u->ncarry = 0;
		}
	}
	if (u->ncarry > 0)
		return true;
	/* A lead byte in the last three whose sequence runs past the end. */
	for (size_t k = 1; k <= 3 && k <= n - i; k++) {
		unsigned char c = (unsigned char)p[n - k];
		size_t len;

		if ((c & 0xC0) == 0x80)
			continue;
		len = u8_seq_len(c);
		if (len > k) {
			cut = n - k;
			u->need = len;
		}
		break;
	}
	if (!utf8_valid(p + i, cut - i))
		return false;
	memcpy(u->carry, p + cut, n - cut);
	u->ncarry = n - cut;
	return true;
}

/* --- parts ---------------------------------------------------------------------- */

static void XMLCALL
refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
               const XML_Char *pubid, int has_internal_subset)
{
	stop(ud, SOD_EINVAL);
}

static enum sod_err
zip_err(int code)
{
	switch (code) {
	case ZIP_ER_MEMORY:
		return SOD_ENOMEM;
	case ZIP_ER_NOENT:
	case ZIP_ER_OPEN:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return SOD_EIO;
	default:
		return SOD_EINVAL;  /* not a zip, corrupt, encrypted, … */
	}
}

static zip_int64_t
find_part(struct reader *r, const char *name)
{
	return zip_name_locate(r->zip, name, ZIP_FL_NOCASE);
}

/*
 * Stream the part at index idx through a fresh expat parser with these
 * handlers (r is their user data). Enforces XLSX_MAX_PART and UTF-8.
 */
static enum sod_err
parse_part(struct reader *r, zip_int64_t idx, XML_StartElementHandler start,
           XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
	struct u8stream u8 = {0};
	zip_uint64_t total = 0;
	zip_stat_t st;
	zip_file_t *zf = NULL;
	bool last = false;

	r->err = SOD_OK;
	if (zip_stat_index(r->zip, (zip_uint64_t)idx, 0, &st) != 0)
		return zip_err(zip_error_code_zip(zip_get_error(r->zip)));
	if ((st.valid & ZIP_STAT_SIZE) && st.size > XLSX_MAX_PART)
		return SOD_ETOOBIG;
	if ((r->xp = XML_ParserCreateNS("UTF-8", '|')) == NULL)
		return SOD_ENOMEM;
	XML_SetUserData(r->xp, r);
	XML_SetElementHandler(r->xp, start, end);
	XML_SetCharacterDataHandler(r->xp, chars);
	XML_SetStartDoctypeDeclHandler(r->xp, refuse_doctype);
	if ((zf = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0)) == NULL) {
		r->err = zip_err(zip_error_code_zip(zip_get_error(r->zip)));
		goto out;
	}
	while (!last && r->err == SOD_OK) {
		zip_int64_t n = zip_fread(zf, r->chunk, XLSX_CHUNK);

		if (n < 0) {
			r->err = zip_err(zip_error_code_zip(zip_file_get_error(zf)));
			break;
		}
		/* Counted here: the sizes in a zip are only claims. */
		total += (zip_uint64_t)n;
		if (total > XLSX_MAX_PART) {
			r->err = SOD_ETOOBIG;
			break;
		}
		last = n == 0;
		if (!u8_feed(&u8, r->chunk, (size_t)n) ||
		    (last && u8.ncarry > 0)) {
			r->err = SOD_EUTF8;
			break;
		}
		if (XML_Parse(r->xp, r->chunk, (int)n, last) != XML_STATUS_OK &&
		    r->err == SOD_OK)
			r->err = XML_GetErrorCode(r->xp) == XML_ERROR_NO_MEMORY ?
			    SOD_ENOMEM : SOD_EINVAL;
	}
out:
	if (zf != NULL)
		zip_fclose(zf);
	XML_ParserFree(r->xp);
	r->xp = NULL;
	return r->err;
}

/* workbook.xml: the relationship id of the first <sheet>. */
static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;

	if (r->err || r->sheet_rid != NULL || !is(name, "sheet"))
		return;
	/* r:id, in the relationships namespace (whatever its prefix). */
	for (size_t i = 0; atts[i] != NULL; i += 2)
		if (strchr(atts[i], '|') != NULL && is(atts[i], "id")) {
			if ((r->sheet_rid = strdup(atts[i + 1])) == NULL)
				stop(r, SOD_ENOMEM);
			return;
		}
}

/* workbook.xml.rels: the parts of that sheet and of the shared strings. */
static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;
	const char *id, *target, *type, *mode;
	size_t tlen;

	if (r->err || !is(name, "Relationship"))
		return;
	id = attr(atts, "Id");
	target = attr(atts, "Target");
	type = attr(atts, "Type");
	mode = attr(atts, "TargetMode");
	if (id == NULL || target == NULL || (mode && strcmp(mode, "External") == 0))
		return;
	tlen = type ? strlen(type) : 0;
	if (r->sheet_rid != NULL && strcmp(id, r->sheet_rid) == 0 &&
	    !resolve(target, r->sheet_part))
		r->sheet_part[0] = '\0';
	if (tlen >= 14 && strcmp(type + tlen - 14, "/sharedStrings") == 0 &&
	    !resolve(target, r->sst_part))
		r->sst_part[0] = '\0';
}

static void XMLCALL
no_end(void *ud, const XML_Char *name)
{
}

static void XMLCALL
no_chars(void *ud, const XML_Char *s, int len)
{
}

/* Text of <t> (not in a phonetic guide) and <v>, into r->txt. */
static void XMLCALL
collect(void *ud, const XML_Char *s, int len)
{
	struct reader *r = ud;

	if (r->err || r->in_rph)
		return;
	if ((r->in_t && (r->in_si || r->in_is)) || r->in_v)
		if (!text_add(&r->txt, s, (size_t)len))
			stop(r, SOD_ENOMEM);
}

/* sharedStrings.xml */
static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;

	if (r->err)
		return;
	if (is(name, "si")) {
		r->in_si = 1;
		r->txt.len = 0;
		r->txt.over = false;
	} else if (is(name, "t")) {
		r->in_t++;
	} else if (is(name, "rPh")) {
		r->in_rph++;
	}
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
	struct reader *r = ud;
	struct sst_ent *e;

	if (r->err)
		return;
	if (is(name, "t")) {
		r->in_t -= r->in_t > 0;
	} else if (is(name, "rPh")) {
		r->in_rph -= r->in_rph > 0;
	} else if (is(name, "si") && r->in_si) {
		r->in_si = 0;
		if (r->nsst == XLSX_MAX_STRINGS) {
			stop(r, SOD_ETOOBIG);
			return;
		}
		if (r->nsst == r->sst_cap) {
			size_t ncap = r->sst_cap ? r->sst_cap * 2 : 256;
			struct sst_ent *n = reallocarray(r->sst, ncap, sizeof(*n));

			if (n == NULL) {
				stop(r, SOD_ENOMEM);
				return;
			}
			r->sst = n;
			r->sst_cap = ncap;
		}
		e = &r->sst[r->nsst++];
		unescape_x(&r->txt);
		e->off = (uint32_t)r->sst_bytes.len;
		/* Too long is an error only if a cell of the sheet uses it. */
		if (r->txt.over || r->txt.len > r->max_field) {
			e->len = UINT32_MAX;
			return;
		}
		e->len = (uint32_t)r->txt.len;
		if (!text_add(&r->sst_bytes, r->txt.p, r->txt.len))
			stop(r, SOD_ENOMEM);
		else if (r->sst_bytes.over)
			stop(r, SOD_ETOOBIG);
	}
}

/* --- the sheet ------------------------------------------------------------------ */

static bool
cells_reserve(struct reader *r, size_t n)
{
	size_t ncap;
	size_t *ne;
	struct slice *ns;

	if (n <= r->cells_cap)
		return true;
	ncap = r->cells_cap ? r->cells_cap * 2 : 32;
	while (ncap < n)
		ncap *= 2;
	if ((ne = reallocarray(r->ends, ncap, sizeof(*ne))) == NULL)
		return false;
	r->ends = ne;
	if ((ns = reallocarray(r->slices, ncap, sizeof(*ns))) == NULL)
		return false;
	r->slices = ns;
	r->cells_cap = ncap;
	return true;
}

static void XMLCALL
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;
	const char *v;

	if (r->err)
		return;
	if (is(name, "row")) {
		int64_t num;

		if (r->in_row) {  /* well-formed XML, but not a sheet */
			stop(r, SOD_EINVAL);
			return;
		}
		if ((v = attr(atts, "r")) == NULL)
			num = (int64_t)r->row_num + 1;
		else if (!str_to_i64(slice_from(v), 1, XLSX_MAX_ROWNUM, &num)) {
			stop(r, SOD_EINVAL);
			return;
		}
		r->in_row = true;
		r->row_num = (size_t)num;
		r->last_col = -1;
		r->ncells = r->nonempty = 0;
		r->row.len = 0;
		r->row.over = false;
	} else if (is(name, "c") && r->in_row) {
		if (r->in_c) {
			stop(r, SOD_EINVAL);
			return;
		}
		r->in_c = true;
		r->cell_col = (v = attr(atts, "r")) ? ref_col(v) : r->last_col + 1;
		/* Cells come left to right (ECMA-376 §18.3.1.4). */
		if (r->cell_col < 0 || r->cell_col <= r->last_col ||
		    r->cell_col >= XLSX_MAX_COLS) {
			stop(r, SOD_EINVAL);
			return;
		}
		v = attr(atts, "t");
		if (v == NULL || strcmp(v, "n") == 0)
			r->cell_type = CT_NUM;
		else if (strcmp(v, "s") == 0)
			r->cell_type = CT_SST;
		else if (strcmp(v, "str") == 0)
			r->cell_type = CT_STR;
		else if (strcmp(v, "inlineStr") == 0)
			r->cell_type = CT_INLINE;
		else if (strcmp(v, "b") == 0)
			r->cell_type = CT_BOOL;
		else if (strcmp(v, "e") == 0 || strcmp(v, "d") == 0)
			r->cell_type = CT_ASIS;
		else {
			stop(r, SOD_EINVAL);
			return;
		}
		r->txt.len = 0;
		r->txt.over = false;
	} else if (is(name, "v")) {
		r->in_v++;
	} else if (is(name, "is")) {
		r->in_is++;
	} else if (is(name, "t")) {
		r->in_t++;
	} else if (is(name, "rPh")) {
		r->in_rph++;
	}
}

/* The text of the finished cell, as the caller sees it, into *out. */
static enum sod_err
cell_value(struct reader *r, struct slice *out)
{
	struct text *t = &r->txt;
	int64_t i;
	size_t len;

	*out = (struct slice){t->p ? t->p : "", t->len};
	if (t->over)
		return SOD_ETOOBIG;
	switch (r->cell_type) {
	case CT_NUM:
		if (num_plain(out->p, out->len, r->num, &len))
			*out = (struct slice){r->num, len};
		break;
	case CT_SST:
		if (t->len == 0)
			break;
		if (!str_to_i64(*out, 0, (int64_t)r->nsst - 1, &i))
			return SOD_EINVAL;
		if (r->sst[i].len == UINT32_MAX)
			return SOD_ETOOBIG;
		*out = r->sst[i].len == 0 ? SLICE_LIT("") : (struct slice){
		    r->sst_bytes.p + r->sst[i].off, r->sst[i].len};
		break;
	case CT_STR:
	case CT_INLINE:
		unescape_x(t);
		out->len = t->len;
		break;
	case CT_BOOL:
		if (slice_eq_str(*out, "1"))
			*out = SLICE_LIT("TRUE");
		else if (slice_eq_str(*out, "0"))
			*out = SLICE_LIT("FALSE");
		else if (t->len != 0)
			return SOD_EINVAL;
		break;
	case CT_ASIS:
		break;
	}
	return out->len > r->max_field ? SOD_ETOOBIG : SOD_OK;
}

static void
cell_end(struct reader *r)
{
	struct slice val;
	enum sod_err err;
	size_t col = (size_t)r->cell_col;

	if ((err = cell_value(r, &val)) != SOD_OK) {
		stop(r, err);
		return;
	}
	if (!cells_reserve(r, col + 1)) {
		stop(r, SOD_ENOMEM);
		return;
	}
	assert(r->ncells <= col);  /* col > last_col, one cell at a time */
	while (r->ncells < col)  /* the empty cells before this one */
		r->ends[r->ncells++] = r->row.len;
	if (!text_add(&r->row, val.p, val.len)) {
		stop(r, SOD_ENOMEM);
		return;
	}
	if (r->row.over) {
		stop(r, SOD_ETOOBIG);
		return;
	}
	r->ends[r->ncells++] = r->row.len;
	if (val.len > 0)
		r->nonempty = r->ncells;
	r->last_col = r->cell_col;
}

static void
row_end(struct reader *r)
{
	struct csv_row row;
	size_t start = 0;
	enum sod_err err;

	r->in_row = false;
	if (r->nonempty == 0)  /* only empty (formatted) cells, or none */
		return;
	if (r->rows_out == r->max_rows) {
		stop(r, SOD_ETOOBIG);
		return;
	}
	r->rows_out++;
	/* Trailing empty cells are dropped. */
	for (size_t i = 0; i < r->nonempty; i++) {
		r->slices[i].p = r->row.p + start;
		r->slices[i].len = r->ends[i] - start;
		start = r->ends[i];
	}
	row.line = r->row_num;
	row.n = r->nonempty;
	row.fields = r->slices;
	if ((err = r->fn(&row, r->ctx)) != SOD_OK)
		stop(r, err);
}

static void XMLCALL
sheet_end(void *ud, const XML_Char *name)
{
	struct reader *r = ud;

	if (r->err)
		return;
	if (is(name, "row") && r->in_row && !r->in_c) {
		row_end(r);
	} else if (is(name, "c") && r->in_c) {
		r->in_c = false;
		cell_end(r);
	}
	else if (is(name, "v"))
		r->in_v -= r->in_v > 0;
	else if (is(name, "is"))
		r->in_is -= r->in_is > 0;
	else if (is(name, "t"))
		r->in_t -= r->in_t > 0;
	else if (is(name, "rPh"))
		r->in_rph -= r->in_rph > 0;
}

/* --- the whole file --------------------------------------------------------------- */

static enum sod_err
read_parts(struct reader *r)
{
	zip_int64_t wb, rels, sst, sheet = -1;
	enum sod_err err;

	if ((wb = find_part(r, "xl/workbook.xml")) < 0)
		return SOD_EINVAL;
	if ((err = parse_part(r, wb, wb_start, no_end, no_chars)) != SOD_OK)
		return err;
	if ((rels = find_part(r, "xl/_rels/workbook.xml.rels")) >= 0 &&
	    (err = parse_part(r, rels, rels_start, no_end, no_chars)) != SOD_OK)
		return err;
	if (r->sheet_part[0] != '\0')
		sheet = find_part(r, r->sheet_part);
	if (sheet < 0 && (sheet = find_part(r, "xl/worksheets/sheet1.xml")) < 0)
		return SOD_EINVAL;
	sst = r->sst_part[0] != '\0' ? find_part(r, r->sst_part) : -1;
	if (sst < 0)
		sst = find_part(r, "xl/sharedStrings.xml");
	r->txt.max = r->max_field > SIZE_MAX / 8 ? SIZE_MAX : r->max_field * 7 + 8;
	if (sst >= 0 &&
	    (err = parse_part(r, sst, sst_start, sst_end, collect)) != SOD_OK)
		return err;
	r->in_si = r->in_t = r->in_rph = 0;
	return parse_part(r, sheet, sheet_start, sheet_end, collect);
}

enum sod_err
xlsx_read(const char *path, size_t max_rows, size_t max_field,
          csv_row_fn fn, void *ctx)
{
	struct reader r = {0};
	enum sod_err err;
	int zerr = 0;

	r.max_rows = max_rows;
	r.max_field = max_field;
	r.fn = fn;
	r.ctx = ctx;
	r.sst_bytes.max = XLSX_MAX_PART;
	r.row.max = XLSX_ROW_BYTES;
	if ((r.chunk = malloc(XLSX_CHUNK)) == NULL)
		return SOD_ENOMEM;
	if ((r.zip = zip_open(path, ZIP_RDONLY, &zerr)) == NULL) {
		err = zip_err(zerr);
		goto out;
	}
	err = read_parts(&r);
out:
	if (r.zip != NULL)
		zip_discard(r.zip);
	free(r.chunk);
	free(r.sheet_rid);
	free(r.sst);
	free(r.ends);
	free(r.slices);
	text_free(&r.sst_bytes);
	text_free(&r.txt);
	text_free(&r.row);
	return err;
}
