/*
 * background.c — see background.h.
 */
#include "cli/background.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/remind.h"
#include "domain/webhook.h"
#include "util/clock.h"
#include "util/log.h"
#include "web/web.h"

struct background {
	struct sys *sys;
	int hour;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	char last_day[11];     /* the last day whose reminders ran */
};

/* Wait up to one second, or until asked to stop; true to go on. */
static bool
pause_a_second(struct background *b)
{
	struct timespec until;
	bool go;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 1;
	pthread_mutex_lock(&b->mu);
	if (!b->stop)
		pthread_cond_timedwait(&b->cv, &b->mu, &until);
	go = !b->stop;
	pthread_mutex_unlock(&b->mu);
	return go;
}

static void
daily(struct background *b)
{
	int64_t now = sod_now();
	int hour = (int)(((now + 7 * 3600) % 86400) / 3600);   /* Bangkok: UTC+7 */
	struct remind_stats st;
	char day[11];
	enum sod_err err;

	remind_day_of(now, day);
	if (hour < b->hour || strcmp(day, b->last_day) == 0)
		return;
	memcpy(b->last_day, day, sizeof(day));
	if ((err = webhook_prune(b->sys, (int64_t)time(NULL))) != SOD_OK)
		LOG_WARN("webhook log: pruning: %s", sod_strerror(err));
	if ((err = remind_run(b->sys, day, web_remind_render, &st)) != SOD_OK) {
		LOG_WARN("reminders for %s stopped: %s", day, sod_strerror(err));
		return;
	}
	if (!st.smtp)
		LOG_INFO("reminders for %s: no mail server configured (smtp_url): none sent", day);
	else
		LOG_INFO("reminders for %s: %zu sent, %zu already sent, %zu failed", day, st.sent,
		         st.already, st.failed);
}

static void *
run(void *arg)
{
	struct background *b = arg;

	do {
		size_t tried;
		enum sod_err err;

		daily(b);
		/* Deliveries are timed by the real clock: a retry waits real time. */
		if ((err = webhook_work(b->sys, (int64_t)time(NULL), 20, &tried)) != SOD_OK)
			LOG_WARN("webhook deliveries: %s", sod_strerror(err));
	} while (pause_a_second(b));
	return NULL;
}

enum sod_err
background_start(struct sys *sys, int remind_hour, struct background **out)
{
	struct background *b = calloc(1, sizeof(*b));

	*out = NULL;
	if (b == NULL)
		return SOD_ENOMEM;
	b->sys = sys;
	b->hour = remind_hour;
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	if (pthread_create(&b->thread, NULL, run, b) != 0) {
		pthread_cond_destroy(&b->cv);
		pthread_mutex_destroy(&b->mu);
		free(b);
		return SOD_ENOMEM;
	}
	*out = b;
	return SOD_OK;
}

void
background_stop(struct background **bp)
{
	struct background *b = *bp;

	if (b == NULL)
		return;
	pthread_mutex_lock(&b->mu);
	b->stop = true;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->thread, NULL);
	pthread_cond_destroy(&b->cv);
	pthread_mutex_destroy(&b->mu);
	free(b);
	*bp = NULL;
}
