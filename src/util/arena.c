/*
 * arena.c — a chain of blocks; each allocation bumps a pointer in the last
 * block, a new block is chained when it does not fit. The cap counts the
 * bytes of all blocks, so a hostile request cannot make the server allocate
 * more than the cap through its arena.
 *
 * Each thread keeps one freed block (wiped) for its next arena: a server
 * makes and frees an arena per request, and reusing the block spares the
 * mallocs, the frees and the heap consolidation a large free triggers
 * (about a tenth of a rendered page's time, measured with perf).
 */
#include "util/arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <sodium.h>

#define ARENA_BLOCK_MIN 8192
#define ARENA_ALIGN     16
#define ARENA_SPARE_MAX (1u << 20)   /* the largest block a thread keeps */

struct block {
	struct block *prev;
	size_t size;  /* usable bytes after the header */
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct block *last;
	size_t cap;
	size_t total;  /* bytes of all blocks */
	size_t handed; /* bytes handed out */
};

static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static bool spare_ok;

static void
spare_drop(void *b)
{
	free(b);
}

static void
spare_init(void)
{
	spare_ok = pthread_key_create(&spare_key, spare_drop) == 0;
}

/* This thread's kept block, taken if it can hold n bytes within the cap. */
static struct block *
spare_take(size_t n, size_t room)
{
	struct block *b;

	pthread_once(&spare_once, spare_init);
	if (!spare_ok || (b = pthread_getspecific(spare_key)) == NULL || b->size < n ||
	    b->size > room)
		return NULL;
	pthread_setspecific(spare_key, NULL);
	return b;
}

/* Keep b (already wiped) as this thread's block if it is the largest
 * so far; else free it. */
static void
spare_put(struct block *b)
{
	struct block *old;

	pthread_once(&spare_once, spare_init);
	if (!spare_ok || b->size > ARENA_SPARE_MAX) {
		free(b);
		return;
	}
	old = pthread_getspecific(spare_key);
	if (old != NULL && old->size >= b->size) {
		free(b);
		return;
	}
	if (pthread_setspecific(spare_key, b) != 0) {
		free(b);
		return;
	}
	free(old);
}

struct arena *
arena_new(size_t cap)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->cap = cap;
	return a;
}

void
arena_free(struct arena **ap)
{
	struct arena *a;
	struct block *b, *prev;

	if (ap == NULL || *ap == NULL)
		return;
	a = *ap;
	for (b = a->last; b != NULL; b = prev) {
		prev = b->prev;
		sodium_memzero(b->data, b->used);
		spare_put(b);
	}
	free(a);
	*ap = NULL;
}

static struct block *
arena_grow(struct arena *a, size_t n)
{
	struct block *b;
	size_t size = ARENA_BLOCK_MIN;

	if (a->last != NULL && a->last->size * 2 > size)
		size = a->last->size * 2;
	if (size < n)
		size = n;
	if (size > a->cap - a->total)
		size = a->cap - a->total;
	if (size < n)
		return NULL;
	if ((b = spare_take(n, a->cap - a->total)) != NULL)
		size = b->size;
	else if ((b = malloc(sizeof(*b) + size)) == NULL)
		return NULL;
	b->prev = a->last;
	b->size = size;
	b->used = 0;
	a->last = b;
	a->total += size;
	return b;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block *b = a->last;
	size_t off;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	off = b ? b->used : 0;
	if (b == NULL || b->size - off < n) {
		if (n > a->cap - a->total)
			return NULL;
		b = arena_grow(a, n);
		if (b == NULL)
			return NULL;
		off = 0;
	}
	p = b->data + off;
	b->used = off + n;
	a->handed += n;
	return p;
}

void *
arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	if (p != NULL)
		memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->handed;
}
