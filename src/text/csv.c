/*
 * csv.c — streaming RFC 4180 CSV reader; see csv.h.
 *
 * Two phases. Until the first non-blank line is complete the bytes are only
 * kept (in `head`, bounded) and scanned to choose the delimiter; then they
 * are replayed through the byte-at-a-time state machine that every later
 * byte goes through directly. The machine appends unquoted field bytes to
 * one buffer (`data`, never more than max_field × max_fields bytes, since
 * each field is checked against max_field as it grows and the count of
 * fields against max_fields) and records where each field ends; a row is
 * handed out as slices into that buffer and the buffer is reused.
 *
 * Line numbers count CRLF, LF and lone CR as one line end each, inside
 * quoted fields too, so a row's number is the line an editor shows. The
 * files are member lists (names, phones, citizen IDs): buffers are wiped
 * before they are freed or moved.
 */
#include "text/csv.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "text/utf8.h"

enum csv_state {
	ST_FIELD_START,  /* nothing of the current field seen yet */
	ST_UNQUOTED,     /* inside an unquoted field */
	ST_QUOTED,       /* inside quotes */
	ST_QUOTE_QUOTE,  /* a '"' inside quotes: an escape or the closing one */
};

/* The delimiter scan of the first line (quotes as the parser sees them). */
struct sniff {
	size_t comma, semi, tab;
	bool in_quotes, quote_seen, at_start, content;
};

struct csv {
	size_t max_field, max_fields;
	enum sod_err err;
	size_t err_line;
	bool finished;

	/* Phase one: bytes held until the delimiter is known. */
	bool sniffing;
	struct sniff sn;
	char *head;
	size_t head_len, head_cap, head_max;

	/* Phase two: the state machine. */
	char delim;
	enum csv_state st;
	size_t line;         /* current line, 1-based */
	bool prev_cr;        /* the last byte was a CR (for CRLF) */
	bool row_open;       /* some byte of the current row was seen */
	size_t row_line;
	char *data;          /* the fields of the current row, back to back */
	size_t data_len, data_cap, data_max;
	size_t field_len;    /* bytes of the current field */
	size_t *ends;        /* ends[i]: offset in data after field i */
	struct slice *slices;
	size_t nfields;      /* completed fields of the current row */
};

static const char BOM[3] = {'\xEF', '\xBB', '\xBF'};

/* Grow *p (capacity *cap, *len used) to hold want bytes, at most max. */
static bool
grow(char **p, size_t *cap, size_t len, size_t want, size_t max)
{
	size_t ncap = *cap ? *cap : 4096;
	char *np;

	if (want <= *cap)
		return true;
	if (want > max)
		return false;
	while (ncap < want)
		ncap = ncap > max / 2 ? max : ncap * 2;
	if (ncap > max)
		ncap = max;
	if ((np = malloc(ncap)) == NULL)
		return false;
	if (*p != NULL) {
		/* Not realloc: the old block holds personal data to wipe. */
		memcpy(np, *p, len);
		sodium_memzero(*p, *cap);
		free(*p);
	}
	*p = np;
	*cap = ncap;
	return true;
}

struct csv *
csv_new(size_t max_field, size_t max_fields)
{
	struct csv *c;

	if (max_field == 0 || max_fields == 0 ||
	    max_field > SIZE_MAX / max_fields ||
	    max_fields > SIZE_MAX / sizeof(struct slice))
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->max_field = max_field;
	c->max_fields = max_fields;
	c->data_max = max_field * max_fields;
	/* The first line may be longer than its fields (quotes doubled). */
	c->head_max = c->data_max > (SIZE_MAX - 64) / 3 ?
	    SIZE_MAX : c->data_max * 3 + 64;
	c->sniffing = true;
	c->sn.at_start = true;
	c->delim = ',';
	c->line = 1;
	c->ends = calloc(max_fields, sizeof(*c->ends));
	c->slices = calloc(max_fields, sizeof(*c->slices));
	if (c->ends == NULL || c->slices == NULL)
		csv_free(&c);
	return c;
}

void
csv_free(struct csv **cp)
{
	struct csv *c;

	if (cp == NULL || (c = *cp) == NULL)
		return;
	if (c->head != NULL)
		sodium_memzero(c->head, c->head_cap);
	if (c->data != NULL)
		sodium_memzero(c->data, c->data_cap);
	free(c->head);
	free(c->data);
	free(c->ends);
	free(c->slices);
	free(c);
	*cp = NULL;
}

size_t
csv_error_line(const struct csv *c)
{
	return c->err ? c->err_line : 0;
}

static enum sod_err
fail(struct csv *c, enum sod_err err)
{
	c->err = err;
	c->err_line = c->row_open ? c->row_line : c->line;
	return err;
}

/* Count line ends: CRLF is one, a lone CR or LF is one. */
static void
count_line(struct csv *c, char ch)
{
	if (ch == '\r')
		c->line++;
	else if (ch == '\n' && !c->prev_cr)
		c->line++;
	c->prev_cr = ch == '\r';
}

static enum sod_err
field_byte(struct csv *c, char ch)
{
	if (c->field_len == c->max_field)
		return fail(c, SOD_ETOOBIG);
	if (!grow(&c->data, &c->data_cap, c->data_len, c->data_len + 1,
	    c->data_max))
		return fail(c, SOD_ENOMEM);
	c->data[c->data_len++] = ch;
	c->field_len++;
	return SOD_OK;
}

static enum sod_err
field_end(struct csv *c)
{
	/* data is NULL until the first non-empty field: no pointer arithmetic on it. */
	const char *f = c->data ? c->data + c->data_len - c->field_len : "";

	if (c->nfields == c->max_fields)
		return fail(c, SOD_ETOOBIG);
	if (!utf8_valid(f, c->field_len))
		return fail(c, SOD_EUTF8);
	c->ends[c->nfields++] = c->data_len;
	c->field_len = 0;
	c->st = ST_FIELD_START;
	return SOD_OK;
}

static enum sod_err
row_end(struct csv *c, csv_row_fn fn, void *ctx)
{
	struct csv_row row;
	enum sod_err err;
	size_t start = 0;

	if ((err = field_end(c)) != SOD_OK)
		return err;
	for (size_t i = 0; i < c->nfields; i++) {
		c->slices[i].p = c->data ? c->data + start : "";
		c->slices[i].len = c->ends[i] - start;
		start = c->ends[i];
	}
	row.line = c->row_line;
	row.n = c->nfields;
	row.fields = c->slices;
	if ((err = fn(&row, ctx)) != SOD_OK)
		return fail(c, err);
	c->row_open = false;
	c->nfields = 0;
	c->data_len = 0;
	return SOD_OK;
}

static bool
is_eol(char ch)
{
	return ch == '\r' || ch == '\n';
}

/* One byte through the state machine. */
static enum sod_err
step(struct csv *c, char ch, csv_row_fn fn, void *ctx)
{
	enum sod_err err = SOD_OK;

	if (!c->row_open) {
		if (is_eol(ch)) {  /* a blank line, or the LF of a CRLF */
			count_line(c, ch);
			return SOD_OK;
		}
		c->row_open = true;
		c->row_line = c->line;
	}
	if (c->st == ST_QUOTED) {
		count_line(c, ch);
		if (ch == '"')
			c->st = ST_QUOTE_QUOTE;
		else
			err = field_byte(c, ch);
		return err;
	}
	if (c->st == ST_QUOTE_QUOTE && ch == '"') {  /* "" inside quotes */
		c->st = ST_QUOTED;
		err = field_byte(c, ch);
	} else if (ch == c->delim) {
		err = field_end(c);
	} else if (is_eol(ch)) {
		err = row_end(c, fn, ctx);
	} else if (ch == '"' && c->st == ST_FIELD_START) {
		c->st = ST_QUOTED;
	} else {
		/* A '"' inside an unquoted field, or text after a closing
		 * quote: kept as it is, as Excel does. */
		c->st = ST_UNQUOTED;
		err = field_byte(c, ch);
	}
	count_line(c, ch);
	return err;
}

static enum sod_err
run(struct csv *c, const char *p, size_t n, csv_row_fn fn, void *ctx)
{
	enum sod_err err;

	for (size_t i = 0; i < n; i++)
		if ((err = step(c, p[i], fn, ctx)) != SOD_OK)
			return err;
	return SOD_OK;
}

/*
 * Scan one byte of the first line. Returns true when the line is complete
 * (a line end outside quotes after some content).
 */
static bool
sniff_byte(struct sniff *s, char ch)
{
	if (s->in_quotes) {
		if (ch == '"')
			s->in_quotes = false, s->quote_seen = true;
		return false;
	}
	if (ch == '"' && s->quote_seen) {  /* "" escape */
		s->in_quotes = true;
		s->quote_seen = false;
		return false;
	}
	s->quote_seen = false;
	if (is_eol(ch))
		return s->content;
	s->content = true;
	if (ch == '"' && s->at_start) {
		s->in_quotes = true;
		return false;
	}
	s->at_start = ch == ',' || ch == ';' || ch == '\t';
	s->comma += ch == ',';
	s->semi += ch == ';';
	s->tab += ch == '\t';
	return false;
}

/* Choose the delimiter and replay the held bytes through the parser. */
static enum sod_err
sniff_done(struct csv *c, csv_row_fn fn, void *ctx)
{
	const struct sniff *s = &c->sn;
	size_t skip = 0;
	enum sod_err err;

	if (s->semi > s->comma && s->semi >= s->tab)
		c->delim = ';';
	else if (s->tab > s->comma)
		c->delim = '\t';
	c->sniffing = false;
	if (c->head_len >= sizeof(BOM) && memcmp(c->head, BOM, sizeof(BOM)) == 0)
		skip = sizeof(BOM);
	err = c->head_len > skip ? run(c, c->head + skip, c->head_len - skip, fn, ctx) : SOD_OK;
	if (c->head != NULL)
		sodium_memzero(c->head, c->head_cap);
	free(c->head);
	c->head = NULL;
	c->head_len = c->head_cap = 0;
	return err;
}

enum sod_err
csv_feed(struct csv *c, const char *data, size_t len, csv_row_fn fn,
         void *ctx)
{
	size_t i = 0;

	if (c->err)
		return c->err;
	if (c->finished)
		return fail(c, SOD_EINVAL);
	if (c->sniffing) {
		bool done = false;

		while (i < len && !done && c->head_len < c->head_max) {
			if (!grow(&c->head, &c->head_cap, c->head_len,
			    c->head_len + 1, c->head_max))
				return fail(c, SOD_ENOMEM);
			c->head[c->head_len++] = data[i];
			/* The bytes of a byte order mark are not the line's. */
			if (c->head_len > sizeof(BOM) ||
			    memcmp(c->head, BOM, c->head_len) != 0)
				done = sniff_byte(&c->sn, data[i]);
			i++;
		}
		if (!done && c->head_len < c->head_max)
			return SOD_OK;
		/* A first line longer than head_max is decided on what we saw;
		 * the parser will then find its over-long field. */
		if (sniff_done(c, fn, ctx) != SOD_OK)
			return c->err;
	}
	return run(c, data + i, len - i, fn, ctx);
}

enum sod_err
csv_finish(struct csv *c, csv_row_fn fn, void *ctx)
{
	enum sod_err err;

	if (c->err)
		return c->err;
	if (c->finished)
		return fail(c, SOD_EINVAL);
	c->finished = true;
	if (c->sniffing && (err = sniff_done(c, fn, ctx)) != SOD_OK)
		return err;
	if (c->st == ST_QUOTED)
		return fail(c, SOD_EINVAL);
	if (c->row_open)
		return row_end(c, fn, ctx);
	return SOD_OK;
}
