/*
 * throttle.c — a fixed open-addressing table of (key, window start, count);
 * see throttle.h.
 */
#include "util/throttle.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define THROTTLE_SLOTS 4096
#define THROTTLE_KEY   48
#define THROTTLE_PROBE 8

struct slot {
	char key[THROTTLE_KEY];
	int64_t start;
	int count;
};

struct throttle {
	pthread_mutex_t lock;
	int max, window;
	struct slot slots[THROTTLE_SLOTS];
};

struct throttle *
throttle_new(int max, int window)
{
	struct throttle *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	pthread_mutex_init(&t->lock, NULL);
	t->max = max;
	t->window = window;
	return t;
}

void
throttle_free(struct throttle **t)
{
	if (t == NULL || *t == NULL)
		return;
	pthread_mutex_destroy(&(*t)->lock);
	free(*t);
	*t = NULL;
}

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of key, or the best slot to take for it (empty or oldest). */
static struct slot *
find(struct throttle *t, const char *key, int64_t now)
{
	uint32_t h = hash(key);
	struct slot *victim = NULL;

	for (int i = 0; i < THROTTLE_PROBE; i++) {
		struct slot *s = &t->slots[(h + (uint32_t)i) % THROTTLE_SLOTS];

		if (strncmp(s->key, key, THROTTLE_KEY - 1) == 0 && s->key[0] != '\0')
			return s;
		if (s->key[0] == '\0' || now - s->start >= t->window) {
			if (victim == NULL || victim->key[0] != '\0')
				victim = s;
		} else if (victim == NULL || (victim->key[0] != '\0' && s->start < victim->start)) {
			victim = s;
		}
	}
	memset(victim, 0, sizeof(*victim));
	strncpy(victim->key, key, THROTTLE_KEY - 1);
	victim->start = now;
	return victim;
}

bool
throttle_hit(struct throttle *t, const char *key, int64_t now, int64_t *retry_out)
{
	struct slot *s;
	bool ok = true;

	pthread_mutex_lock(&t->lock);
	s = find(t, key, now);
	if (now - s->start >= t->window) {
		s->start = now;
		s->count = 0;
	}
	if (s->count >= t->max) {
		ok = false;
		if (retry_out != NULL)
			*retry_out = s->start + t->window - now;
	} else {
		s->count++;
	}
	pthread_mutex_unlock(&t->lock);
	return ok;
}

bool
throttle_check(struct throttle *t, const char *key, int64_t now, int64_t *retry_out)
{
	uint32_t h = hash(key);
	bool ok = true;

	pthread_mutex_lock(&t->lock);
	for (int i = 0; i < THROTTLE_PROBE; i++) {
		struct slot *s = &t->slots[(h + (uint32_t)i) % THROTTLE_SLOTS];

		if (s->key[0] != '\0' && strncmp(s->key, key, THROTTLE_KEY - 1) == 0) {
			if (now - s->start < t->window && s->count >= t->max) {
				ok = false;
				if (retry_out != NULL)
					*retry_out = s->start + t->window - now;
			}
			break;
		}
	}
	pthread_mutex_unlock(&t->lock);
	return ok;
}

void
throttle_reset(struct throttle *t, const char *key)
{
	uint32_t h = hash(key);

	pthread_mutex_lock(&t->lock);
	for (int i = 0; i < THROTTLE_PROBE; i++) {
		struct slot *s = &t->slots[(h + (uint32_t)i) % THROTTLE_SLOTS];

		if (strncmp(s->key, key, THROTTLE_KEY - 1) == 0)
			memset(s, 0, sizeof(*s));
	}
	pthread_mutex_unlock(&t->lock);
}
