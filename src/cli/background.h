/*
 * background.h — the work `serve` does besides answering requests, on one
 * thread of its own started after the sandbox: every second it tries the
 * webhook deliveries that are due (domain/webhook.h), and once a Bangkok
 * day, from remind_hour on, it runs the day's reminders (domain/remind.h),
 * as `sodsong remind` would. The sent-log keeps a restart (or a cron job
 * running `sodsong remind` too) from mailing anyone twice.
 */
#ifndef SOD_CLI_BACKGROUND_H
#define SOD_CLI_BACKGROUND_H

#include "domain/sys.h"
#include "util/err.h"

struct background;

/* Start the thread; hour 0–23 (Asia/Bangkok). */
enum sod_err background_start(struct sys *sys, int remind_hour, struct background **out);

/* Ask it to stop, wait for it (a delivery in progress finishes), free;
 * sets *b to NULL. Accepts NULL. */
void background_stop(struct background **b);

#endif
