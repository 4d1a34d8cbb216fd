/*
 * arena.h — bump allocator with a hard cap, wiped when freed.
 *
 * One arena lives for one request (or one command). Everything allocated
 * from it is released together by arena_free(), which first overwrites the
 * memory with zeros: requests carry tip text and passwords. An arena never
 * grows past its cap; an allocation that would returns NULL and the caller
 * reports SOD_ENOMEM. Not thread-safe: one arena, one thread.
 */
#ifndef SOD_UTIL_ARENA_H
#define SOD_UTIL_ARENA_H

#include <stddef.h>

struct arena;

/* A new arena that may hold at most cap bytes; NULL on failure. */
struct arena *arena_new(size_t cap);

/* Wipe and release everything; sets *a to NULL. Accepts NULL and *a NULL. */
void arena_free(struct arena **a);

/* n bytes aligned for any type, or NULL past the cap. Not zeroed. */
void *arena_alloc(struct arena *a, size_t n);

/* n zeroed bytes, or NULL. */
void *arena_zalloc(struct arena *a, size_t n);

/* A NUL-terminated copy of s[0..n), or NULL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* A NUL-terminated copy of s, or NULL. */
char *arena_strdup(struct arena *a, const char *s);

/* printf into the arena; NULL on failure. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (for tests and limits). */
size_t arena_used(const struct arena *a);

#endif
