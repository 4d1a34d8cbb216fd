/*
 * form.c — request bodies: application/x-www-form-urlencoded (WHATWG URL,
 * "application/x-www-form-urlencoded parsing") and multipart/form-data
 * (RFC 7578 over the syntax of RFC 2046 §5.1.1); see form.h.
 *
 * The urlencoded parser works on a whole body that http/ has already
 * bounded. The multipart parser is a byte-driven state machine that may be
 * fed the body in chunks of any size and gives the same result for every
 * chunking. It finds the delimiter "\r\n--" boundary with a Knuth–Morris–
 * Pratt matcher: bytes that might begin a delimiter are held back simply by
 * counting them (they equal the start of the delimiter, so they need no
 * copy), and every other byte of a file part goes to the callback straight
 * from the caller's chunk. A body of any size therefore costs a fixed amount
 * of memory — the parser state, one part's header block (8 KiB), and the
 * text fields themselves — never the files. The body may begin with the
 * first delimiter without the CRLF before it; the matcher starts as if that
 * CRLF had been seen.
 *
 * Details the header leaves open: FORM_MAX_FIELDS bounds the parts, files
 * and fields together; a part's name, filename and content type live in
 * the arena until it is freed; the call with last=true has data "" and
 * len 0; after an error no further call is made, so a callback that opened
 * something must be able to clean up from its ctx. Header lines other than
 * Content-Disposition and Content-Type are ignored, but every line must
 * have a colon, and a repeated name, filename or header is refused as
 * ambiguous.
 *
 * Not done here: UTF-8 and NUL checks of values (http/ runs text_check on
 * every field), the _charset_ field, filename* (RFC 5987) parameters, and
 * Content-Transfer-Encoding (RFC 7578 §4.7: not used by browsers).
 */
#include "http/form.h"

#include <stdint.h>
#include <string.h>

#include "util/str.h"

#define PART_HEADER_MAX 8192   /* bytes of one part's header block */
#define PART_FILENAME_MAX 1024 /* bytes of a filename parameter */
#define PART_TYPE_MAX 255      /* bytes of a part's Content-Type */
#define BOUNDARY_MAX 70        /* RFC 2046 §5.1.1 */
#define DELIM_MAX (BOUNDARY_MAX + 4)
#define VALUE_FIRST_CAP 256

/* ---- urlencoded ------------------------------------------------------------ */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The length of s once decoded, or SOD_EINVAL for a malformed escape. */
static enum sod_err
url_measure(struct slice s, size_t *len_out)
{
	size_t len = 0;

	for (size_t i = 0; i < s.len; i++, len++) {
		if (s.p[i] != '%')
			continue;
		if (s.len - i < 3 || hexval(s.p[i + 1]) < 0 || hexval(s.p[i + 2]) < 0)
			return SOD_EINVAL;
		i += 2;
	}
	*len_out = len;
	return SOD_OK;
}

/* s decoded into the arena (len bytes, from url_measure), NUL-terminated. */
static char *
url_decode(struct arena *a, struct slice s, size_t len)
{
	char *d = arena_alloc(a, len + 1), *w = d;

	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == '+') {
			*w++ = ' ';
		} else if (s.p[i] == '%') {
			*w++ = (char)(hexval(s.p[i + 1]) << 4 | hexval(s.p[i + 2]));
			i += 2;
		} else {
			*w++ = s.p[i];
		}
	}
	*w = '\0';
	return d;
}

/* One name=value pair into f; the limits are checked before decoding. */
static enum sod_err
url_field(struct arena *a, struct slice pair, size_t max_value, struct form_field *f)
{
	struct slice name, value = pair;
	size_t nlen, vlen;
	enum sod_err err;
	char *n, *v;

	if (!slice_cut(&value, '=', &name))
		value = (struct slice){"", 0}; /* "a" is a=, an empty value */
	if ((err = url_measure(name, &nlen)) || (err = url_measure(value, &vlen)))
		return err;
	if (nlen > FORM_MAX_NAME || vlen > max_value)
		return SOD_ETOOBIG;
	if ((n = url_decode(a, name, nlen)) == NULL ||
	    (v = url_decode(a, value, vlen)) == NULL)
		return SOD_ENOMEM;
	/* A name is a C string: a NUL would cut it short. */
	if (memchr(n, '\0', nlen) != NULL)
		return SOD_EINVAL;
	*f = (struct form_field){n, v, vlen};
	return SOD_OK;
}

enum sod_err
form_parse_urlencoded(struct arena *a, const char *body, size_t len, size_t max_value,
                      struct form *out)
{
	struct slice rest = {body, len}, pair;
	struct form_field *fields;
	size_t n = 0, i = 0;
	enum sod_err err;
	bool more;

	out->fields = NULL;
	out->n = 0;
	/* Count first, so too many fields cost no decoding. */
	for (more = len > 0; more;) {
		more = slice_cut(&rest, '&', &pair);
		if (pair.len > 0 && ++n > FORM_MAX_FIELDS)
			return SOD_ETOOBIG;
	}
	if (n == 0)
		return SOD_OK;
	if ((fields = arena_alloc(a, n * sizeof(*fields))) == NULL)
		return SOD_ENOMEM;
	rest = (struct slice){body, len};
	for (more = true; more;) {
		more = slice_cut(&rest, '&', &pair);
		if (pair.len == 0)
			continue;
		if ((err = url_field(a, pair, max_value, &fields[i++])) != SOD_OK)
			return err;
	}
	out->fields = fields;
	out->n = n;
	return SOD_OK;
}

/* ---- header syntax (RFC 9110 §5.6) ------------------------------------------- */

static bool
is_tchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 2046 bchars: the characters a boundary may hold. */
static bool
is_bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

/* Bytes allowed in a quoted string: no controls but HTAB; UTF-8 passes. */
static bool
is_qtext(char c)
{
	unsigned char u = (unsigned char)c;

	return u == '\t' || (u >= 0x20 && u != 0x7f);
}

static void
skip_ows(struct slice *s)
{
	while (s->len > 0 && (s->p[0] == ' ' || s->p[0] == '\t')) {
		s->p++;
		s->len--;
	}
}

static struct slice
take_token(struct slice *s)
{
	struct slice t = {s->p, 0};

	while (t.len < s->len && is_tchar(s->p[t.len]))
		t.len++;
	s->p += t.len;
	s->len -= t.len;
	return t;
}

/*
 * A parameter value, token or quoted-string, taken from the front of s:
 * raw_out is its text as sent, len_out its length once unquoted. False if
 * it is empty-and-unquoted or the quotes do not close.
 */
static bool
take_value(struct slice *s, struct slice *raw_out, size_t *len_out)
{
	size_t i, len = 0;

	if (s->len == 0 || s->p[0] != '"') {
		*raw_out = take_token(s);
		*len_out = raw_out->len;
		return raw_out->len > 0;
	}
	for (i = 1; i < s->len && s->p[i] != '"'; i++, len++) {
		if (s->p[i] == '\\' && ++i == s->len)
			return false;
		if (!is_qtext(s->p[i]))
			return false;
	}
	if (i == s->len)
		return false;
	*raw_out = (struct slice){s->p, i + 1};
	*len_out = len;
	s->p += i + 1;
	s->len -= i + 1;
	return true;
}

/* The value of take_value() unquoted into the arena, or NULL. */
static char *
unquote(struct arena *a, struct slice raw, size_t len)
{
	char *d, *w;

	if (raw.len == 0 || raw.p[0] != '"')
		return arena_strndup(a, raw.p, raw.len);
	if ((d = w = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	for (size_t i = 1; i + 1 < raw.len; i++) {
		if (raw.p[i] == '\\')
			i++;
		*w++ = raw.p[i];
	}
	*w = '\0';
	return d;
}

/* ---- multipart_boundary ------------------------------------------------------ */

const char *
multipart_boundary(struct arena *a, const char *content_type)
{
	struct slice s = slice_from(content_type), type, pname, raw, found = {NULL, 0};
	size_t len, flen = 0;

	if (content_type == NULL)
		return NULL;
	skip_ows(&s);
	type = take_token(&s);
	if (s.len > 0 && s.p[0] == '/') {
		s.p++;
		s.len--;
		type.len += 1 + take_token(&s).len;
	}
	if (!slice_case_eq_str(type, "multipart/form-data"))
		return NULL;
	for (;;) {
		skip_ows(&s);
		if (s.len == 0)
			break;
		if (s.p[0] != ';')
			return NULL;
		s.p++;
		s.len--;
		skip_ows(&s);
		if (s.len == 0)
			break;
		if (s.p[0] == ';')
			continue;
		pname = take_token(&s);
		if (pname.len == 0 || s.len == 0 || s.p[0] != '=')
			return NULL;
		s.p++;
		s.len--;
		if (!take_value(&s, &raw, &len))
			return NULL;
		if (!slice_case_eq_str(pname, "boundary"))
			continue;
		if (found.p != NULL)
			return NULL; /* two boundaries: which would a proxy pick? */
		found = raw;
		flen = len;
	}
	if (found.p == NULL || flen == 0 || flen > BOUNDARY_MAX) {
		return NULL;
	} else {
		char *b = unquote(a, found, flen);

		if (b == NULL)
			return NULL;
		for (size_t i = 0; i < flen; i++)
			if (!is_bchar(b[i]))
				return NULL;
		return b[flen - 1] == ' ' ? NULL : b;
	}
}

/* ---- multipart ---------------------------------------------------------------- */

enum mp_state {
	MP_PREAMBLE, /* before the first delimiter: discarded */
	MP_DELIM,    /* just after a delimiter: "--", padding or CRLF next */
	MP_PAD,      /* transport padding after a delimiter */
	MP_DELIM_LF, /* the CR ending a delimiter line seen */
	MP_CLOSE,    /* the first '-' of "--" seen */
	MP_HEADERS,  /* a part's header block */
	MP_BODY,     /* a part's content */
	MP_END,      /* after the close delimiter: the epilogue, discarded */
};

struct multipart {
	struct arena *a;
	enum mp_state state;
	enum sod_err err; /* sticky */
	multipart_file_fn on_file;
	void *ctx;
	size_t max_value;

	char delim[DELIM_MAX];             /* "\r\n--" boundary */
	unsigned char fail[DELIM_MAX + 1]; /* KMP: longest border of delim[0..k) */
	size_t dlen;
	size_t k; /* delim[0..k) matched and held back */

	char *hdr; /* the current part's header block */
	size_t hlen;

	struct multipart_file file; /* the current part */
	bool is_file;
	char *val; /* scratch for a text part, reused */
	size_t vlen, vcap;

	struct form_field *fields; /* FORM_MAX_FIELDS, on the first field */
	size_t nfields;
	size_t nparts;
};

struct multipart *
multipart_new(struct arena *a, const char *boundary, size_t max_value,
              multipart_file_fn on_file, void *ctx)
{
	size_t blen = boundary ? strnlen(boundary, BOUNDARY_MAX + 1) : 0;
	struct multipart *m;

	if (blen == 0 || blen > BOUNDARY_MAX)
		return NULL;
	if ((m = arena_zalloc(a, sizeof(*m))) == NULL ||
	    (m->hdr = arena_alloc(a, PART_HEADER_MAX)) == NULL)
		return NULL;
	m->a = a;
	m->on_file = on_file;
	m->ctx = ctx;
	m->max_value = max_value;
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, boundary, blen);
	m->dlen = blen + 4;
	for (size_t i = 1, k = 0; i < m->dlen; i++) {
		while (k > 0 && m->delim[i] != m->delim[k])
			k = m->fail[k];
		if (m->delim[i] == m->delim[k])
			k++;
		m->fail[i + 1] = (unsigned char)k;
	}
	m->state = MP_PREAMBLE;
	m->k = 2; /* as if the body began with CRLF: see the top of the file */
	return m;
}

/* Append to the text part being read, within max_value. */
static enum sod_err
value_append(struct multipart *m, const char *d, size_t n)
{
	if (n > m->max_value - m->vlen)
		return SOD_ETOOBIG;
	if (n > m->vcap - m->vlen) {
		size_t cap = m->vcap ? m->vcap : VALUE_FIRST_CAP;
		char *p;

		while (cap - m->vlen < n) {
			if (cap > SIZE_MAX / 2)
				return SOD_ENOMEM;
			cap *= 2;
		}
		if (cap > m->max_value)
			cap = m->max_value;
		if ((p = arena_alloc(m->a, cap)) == NULL)
			return SOD_ENOMEM;
		if (m->vlen > 0)
			memcpy(p, m->val, m->vlen);
		m->val = p;
		m->vcap = cap;
	}
	memcpy(m->val + m->vlen, d, n);
	m->vlen += n;
	return SOD_OK;
}

/* Content bytes of the current part (none before the first part). */
static enum sod_err
emit(struct multipart *m, const char *d, size_t n)
{
	if (n == 0 || m->state != MP_BODY)
		return SOD_OK;
	if (m->is_file)
		return m->on_file(&m->file, d, n, false, m->ctx);
	return value_append(m, d, n);
}

static enum sod_err
part_end(struct multipart *m)
{
	char *v;

	if (m->is_file)
		return m->on_file(&m->file, "", 0, true, m->ctx);
	if (m->fields == NULL &&
	    (m->fields = arena_alloc(m->a, FORM_MAX_FIELDS * sizeof(*m->fields))) == NULL)
		return SOD_ENOMEM;
	if ((v = arena_alloc(m->a, m->vlen + 1)) == NULL)
		return SOD_ENOMEM;
	if (m->vlen > 0)
		memcpy(v, m->val, m->vlen);
	v[m->vlen] = '\0';
	m->fields[m->nfields++] = (struct form_field){m->file.field, v, m->vlen};
	return SOD_OK;
}

/*
 * Search d[0..n) for the delimiter. Content before it is emitted; the
 * bytes that may begin a delimiter are held back as the count m->k, and
 * released from m->delim when they turn out not to (carry counts the held
 * bytes that came before d, which are no longer in the caller's buffer).
 */
static enum sod_err
scan(struct multipart *m, const char *d, size_t n, size_t *used)
{
	size_t i = 0, carry = m->k;
	enum sod_err err;

	while (i < n) {
		if (m->k == 0) {
			const char *c = memchr(d + i, m->delim[0], n - i);

			if (c == NULL) {
				i = n;
				break;
			}
			i = (size_t)(c - d);
		}
		while (m->k > 0 && m->delim[m->k] != d[i]) {
			size_t k = m->fail[m->k], r = m->k - k;

			if (carry > 0) {
				if (r > carry)
					r = carry;
				if ((err = emit(m, m->delim, r)) != SOD_OK)
					return err;
				carry -= r;
			}
			m->k = k;
		}
		if (m->delim[m->k] == d[i])
			m->k++;
		i++;
		if (m->k == m->dlen) {
			/* Delimiter bytes in d: dlen - carry; content before them. */
			if ((err = emit(m, d, i - (m->dlen - carry))) != SOD_OK)
				return err;
			if (m->state == MP_BODY && (err = part_end(m)) != SOD_OK)
				return err;
			m->k = 0;
			m->state = MP_DELIM;
			*used = i;
			return SOD_OK;
		}
	}
	*used = n;
	return emit(m, d, n - (m->k - carry));
}

/* One line of a part's header block, kept if it is one we read. */
static enum sod_err
header_line(struct slice line, struct slice *cd_out, struct slice *ct_out)
{
	struct slice name, *dst;

	if (!slice_cut(&line, ':', &name))
		return SOD_EINVAL;
	if (slice_case_eq_str(name, "Content-Disposition"))
		dst = cd_out;
	else if (slice_case_eq_str(name, "Content-Type"))
		dst = ct_out;
	else
		return SOD_OK;
	if (dst->p != NULL)
		return SOD_EINVAL; /* twice: ambiguous */
	*dst = slice_trim(line);
	return SOD_OK;
}

/* A name or filename parameter, unquoted into *out (once only). */
static enum sod_err
disposition_param(struct arena *a, struct slice raw, size_t len, size_t max, char **out)
{
	if (*out != NULL)
		return SOD_EINVAL;
	if (len > max)
		return SOD_ETOOBIG;
	if ((*out = unquote(a, raw, len)) == NULL)
		return SOD_ENOMEM;
	if (memchr(*out, '\0', len) != NULL)
		return SOD_EINVAL;
	return SOD_OK;
}

/* Content-Disposition: form-data; name="…"; filename="…" (RFC 7578 §4.2). */
static enum sod_err
disposition(struct arena *a, struct slice v, char **name_out, char **filename_out)
{
	struct slice pname, raw;
	enum sod_err err;
	size_t len;

	if (!slice_case_eq_str(take_token(&v), "form-data"))
		return SOD_EINVAL;
	for (;;) {
		skip_ows(&v);
		if (v.len == 0)
			return SOD_OK;
		if (v.p[0] != ';')
			return SOD_EINVAL;
		v.p++;
		v.len--;
		skip_ows(&v);
		if (v.len == 0)
			return SOD_OK;
		if (v.p[0] == ';')
			continue; /* an empty parameter (RFC 9110 §5.6.6) */
		pname = take_token(&v);
		if (pname.len == 0 || v.len == 0 || v.p[0] != '=')
			return SOD_EINVAL;
		v.p++;
		v.len--;
		if (!take_value(&v, &raw, &len))
			return SOD_EINVAL;
		err = SOD_OK;
		if (slice_case_eq_str(pname, "name"))
			err = disposition_param(a, raw, len, FORM_MAX_NAME, name_out);
		else if (slice_case_eq_str(pname, "filename"))
			err = disposition_param(a, raw, len, PART_FILENAME_MAX,
			                        filename_out);
		if (err)
			return err;
	}
}

/* The header block h[0..n), each line ending in CRLF, starts a part. */
static enum sod_err
part_begin(struct multipart *m, const char *h, size_t n)
{
	struct slice rest = {h, n}, line, cd = {NULL, 0}, ct = {NULL, 0};
	char *name = NULL, *filename = NULL, *type = "";
	enum sod_err err;

	while (rest.len > 0) {
		const char *eol = memmem(rest.p, rest.len, "\r\n", 2);

		line = (struct slice){rest.p, (size_t)(eol - rest.p)};
		rest.p = eol + 2;
		rest.len -= line.len + 2;
		if ((err = header_line(line, &cd, &ct)) != SOD_OK)
			return err;
	}
	if (cd.p == NULL)
		return SOD_EINVAL;
	if ((err = disposition(m->a, cd, &name, &filename)) != SOD_OK)
		return err;
	if (name == NULL || name[0] == '\0')
		return SOD_EINVAL;
	if (ct.p != NULL) {
		if (ct.len > PART_TYPE_MAX)
			return SOD_ETOOBIG;
		for (size_t i = 0; i < ct.len; i++)
			if (!is_qtext(ct.p[i]))
				return SOD_EINVAL;
		if ((type = arena_strndup(m->a, ct.p, ct.len)) == NULL)
			return SOD_ENOMEM;
	}
	if (++m->nparts > FORM_MAX_FIELDS)
		return SOD_ETOOBIG;
	m->is_file = filename != NULL;
	if (m->is_file && m->on_file == NULL)
		return SOD_EINVAL;
	m->file = (struct multipart_file){name, filename ? filename : "", type};
	m->vlen = 0;
	return SOD_OK;
}

/* Collect a part's header block up to the empty line. */
static enum sod_err
headers(struct multipart *m, const char *d, size_t n, size_t *used)
{
	for (size_t i = 0; i < n; i++) {
		if (m->hlen == PART_HEADER_MAX)
			return SOD_ETOOBIG;
		m->hdr[m->hlen++] = d[i];
		if (d[i] != '\n' || m->hlen < 2 || m->hdr[m->hlen - 2] != '\r')
			continue;
		/* An empty line ends the block (which may itself be empty). */
		if (m->hlen == 2 ||
		    (m->hlen >= 4 && memcmp(m->hdr + m->hlen - 4, "\r\n", 2) == 0)) {
			*used = i + 1;
			m->state = MP_BODY;
			return part_begin(m, m->hdr, m->hlen - 2);
		}
	}
	*used = n;
	return SOD_OK;
}

/* Advance over some of d[0..n), at least one byte. */
static enum sod_err
step(struct multipart *m, const char *d, size_t n, size_t *used)
{
	*used = 1;
	switch (m->state) {
	case MP_PREAMBLE:
	case MP_BODY:
		return scan(m, d, n, used);
	case MP_DELIM:
	case MP_PAD:
		if (d[0] == '-' && m->state == MP_DELIM)
			m->state = MP_CLOSE;
		else if (d[0] == ' ' || d[0] == '\t')
			m->state = MP_PAD;
		else if (d[0] == '\r')
			m->state = MP_DELIM_LF;
		else
			return SOD_EINVAL; /* "--boundaryX": not a delimiter */
		return SOD_OK;
	case MP_DELIM_LF:
		if (d[0] != '\n')
			return SOD_EINVAL;
		m->state = MP_HEADERS;
		m->hlen = 0;
		return SOD_OK;
	case MP_CLOSE:
		if (d[0] != '-')
			return SOD_EINVAL;
		m->state = MP_END;
		return SOD_OK;
	case MP_HEADERS:
		return headers(m, d, n, used);
	case MP_END:
		*used = n;
		return SOD_OK;
	}
	return SOD_EINVAL;
}

enum sod_err
multipart_feed(struct multipart *m, const char *data, size_t len)
{
	size_t used;

	while (m->err == SOD_OK && len > 0) {
		m->err = step(m, data, len, &used);
		data += used;
		len -= used;
	}
	return m->err;
}

enum sod_err
multipart_finish(struct multipart *m, struct form *out)
{
	out->fields = NULL;
	out->n = 0;
	if (m->err == SOD_OK && m->state != MP_END)
		m->err = SOD_EINVAL;
	if (m->err != SOD_OK)
		return m->err;
	out->fields = m->fields;
	out->n = m->nfields;
	return SOD_OK;
}
