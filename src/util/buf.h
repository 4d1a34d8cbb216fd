/*
 * buf.h — a growable byte buffer with a maximum size.
 *
 * Output (pages, JSON) is written into a buf. Once an append would pass the
 * maximum, the buffer is marked failed and further appends do nothing; the
 * writer checks buf_failed() once at the end instead of after every call.
 * The bytes are always NUL-terminated so that data can be passed to C APIs.
 */
#ifndef SOD_UTIL_BUF_H
#define SOD_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;   /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
	size_t max;   /* hard limit on len */
	bool failed;  /* an append failed (limit or memory) */
};

/* An empty buffer that may grow to max bytes. */
void buf_init(struct buf *b, size_t max);

/* Wipe and free the bytes; the buffer is empty afterwards. */
void buf_free(struct buf *b);

void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Hand the bytes to the caller (free() them); the buffer is empty after. */
char *buf_steal(struct buf *b, size_t *len_out);

static inline bool
buf_failed(const struct buf *b)
{
	return b->failed;
}

#endif
