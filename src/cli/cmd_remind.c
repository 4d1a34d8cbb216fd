/*
 * cmd_remind.c — `sodsong remind DIR [--day YYYY-MM-DD]`: send the day's
 * reminder digests (domain/remind.h) and queue the day's tip.overdue
 * webhook events. Idempotent per person per day: run it twice, one mail.
 * Without an SMTP server configured it says so plainly and exits 0.
 * `--day` (default: today in Asia/Bangkok) lets tests and operators run a
 * given day. `serve` runs the same once a day (remind_hour).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "domain/remind.h"
#include "util/clock.h"
#include "web/i18n.h"
#include "web/web.h"

/* Print what a run did, in plain words, on standard error. */
static void
say(const char *dir, const char *day, const struct remind_stats *st)
{
	if (!st->smtp) {
		fprintf(stderr, "sodsong: no mail server is configured (smtp_url in %s/sodsong.conf), "
		        "so no reminder e-mails were sent for %s\n", dir, day);
	} else {
		fprintf(stderr, "sodsong: reminders for %s: %zu sent, %zu already sent that day, "
		        "%zu with nothing due, %zu turned off, %zu without an e-mail address, "
		        "%zu failed\n", day, st->sent, st->already, st->nothing_due, st->off,
		        st->no_address, st->failed);
	}
	if (st->hook_events > 0)
		fprintf(stderr, "sodsong: %zu tip.overdue webhook events queued (serve delivers them)\n",
		        st->hook_events);
}

int
cmd_remind(int argc, char **argv)
{
	static const struct option opts[] = {
		{"day", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	struct config cfg;
	struct sys sys;
	struct remind_stats st;
	char day[11], check[11];
	const char *dir;
	int c, rc;
	enum sod_err err;

	if (argc < 2 || argv[1][0] == '-') {
		cli_err("usage: sodsong remind DIR [--day YYYY-MM-DD]");
		return EXIT_USAGE;
	}
	dir = argv[1];
	remind_day_of(sod_now(), day);
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd' || strlen(optarg) != 10 || !remind_day_add(optarg, 0, check) ||
		    strcmp(check, optarg) != 0) {
			cli_err("--day: a date written YYYY-MM-DD (common era), e.g. 2026-12-07");
			return EXIT_USAGE;
		}
		memcpy(day, optarg, sizeof(day));
	}
	if (optind != argc) {
		cli_err("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if ((rc = config_load(dir, &cfg)) != EXIT_OK || (rc = cli_open(dir, &sys, &cfg)) != EXIT_OK)
		return rc;
	if ((err = i18n_init()) != SOD_OK) {
		cli_err("cannot load the message catalogs: %s", sod_strerror(err));
		cli_close(&sys);
		return EXIT_FAIL;
	}
	err = remind_run(&sys, day, web_remind_render, &st);
	i18n_shutdown();
	cli_close(&sys);
	if (err) {
		cli_err("reminders stopped: %s", sod_strerror(err));
		return EXIT_FAIL;
	}
	say(dir, day, &st);
	return st.failed > 0 ? EXIT_FAIL : EXIT_OK;
}
