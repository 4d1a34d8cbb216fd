/*
 * fuzz_ocds.c — libFuzzer harness for the streamed OCDS reader, the merge
 * and the flattening (domain/ocds.c, proc_derive).
 *
 * The input is parsed twice — whole, and in chunks whose sizes come from
 * the first byte — and both runs must hand over the same items (compared
 * as canonical JSON) and end with the same error on the same line. Each
 * release is flattened with proc_derive (which must either succeed or name
 * a field) and merged into the previous one; a merge must leave an object.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/ocds.h"
#include "domain/procurement.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct run {
	char *out;
	size_t len;
	size_t items;
	json_t *merged;
};

static enum sod_err
on_item(void *ctx, enum ocds_kind kind, json_t *obj, struct ocds_error *e)
{
	struct run *r = ctx;
	char *s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	size_t n = s ? strlen(s) : 0;
	struct arena *a = arena_new(16 << 20);
	struct proc_rec p;
	struct ocds_error de = {0};

	(void)e;
	if (s == NULL || a == NULL || !json_is_object(obj))
		abort();
	if ((r->out = realloc(r->out, r->len + n + 2)) == NULL)
		abort();
	r->out[r->len++] = kind == OCDS_RECORD ? 'R' : 'E';
	memcpy(r->out + r->len, s, n);
	r->len += n;
	free(s);
	r->items++;
	if (proc_derive(obj, a, &p, &de) != SOD_OK && de.message[0] == '\0')
		abort();
	if (r->merged == NULL)
		r->merged = json_deep_copy(obj);
	else
		ocds_merge(r->merged, obj);
	if (!json_is_object(r->merged))
		abort();
	arena_free(&a);
	json_decref(obj);
	return SOD_OK;
}

static enum sod_err
parse(struct run *r, const char *d, size_t n, size_t chunk, struct ocds_error *e)
{
	struct ocds_reader *rd = ocds_reader_new(on_item, r);
	enum sod_err err = SOD_OK;

	if (rd == NULL)
		abort();
	for (size_t pos = 0; pos < n && !err; pos += chunk)
		err = ocds_reader_feed(rd, d + pos, n - pos < chunk ? n - pos : chunk, e);
	if (!err)
		err = ocds_reader_finish(rd, e);
	ocds_reader_free(&rd);
	return err;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t chunk = size > 0 ? (size_t)data[0] % 17 + 1 : 1;
	const char *d = (const char *)data + (size > 0);
	size_t n = size > 0 ? size - 1 : 0;
	struct run r[2] = {{0}};
	struct ocds_error e[2] = {{0}};
	enum sod_err err[2];

	err[0] = parse(&r[0], d, n, n ? n : 1, &e[0]);
	err[1] = parse(&r[1], d, n, chunk, &e[1]);
	if (err[0] != err[1] || r[0].items != r[1].items || r[0].len != r[1].len ||
	    (r[0].len && memcmp(r[0].out, r[1].out, r[0].len) != 0))
		abort();
	if (err[0] && (e[0].line != e[1].line || e[0].message[0] == '\0'))
		abort();
	for (int i = 0; i < 2; i++) {
		free(r[i].out);
		json_decref(r[i].merged);
	}
	return 0;
}
