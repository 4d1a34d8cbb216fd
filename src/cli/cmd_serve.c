/*
 * cmd_serve.c — `sodsong serve DIR [--listen ADDR:PORT] [--behind-tls]
 * [--trust-proxy] [--threads N]`: serve until SIGINT or SIGTERM, then
 * stop accepting, let open requests finish (up to 10 s) and exit 0.
 *
 * The signals are blocked before any thread starts, so every thread
 * inherits the mask and only the main thread, in sigwait(), receives them.
 *
 * Once the database, keys, libthai's dictionary and libmagic's database
 * are open and before the first thread starts, the process enters its
 * sandbox (util/sandbox.h, docs/sandbox.md) unless `sandbox = false`.
 */
#include "cli/cli.h"
#include "cli/background.h"
#include "domain/report.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto/sec.h"
#include "domain/case.h"
#include "domain/evidence.h"
#include "text/thai.h"
#include "util/log.h"
#include "util/sandbox.h"
#include "util/str.h"
#include "web/web.h"

static bool
parse_listen(const char *s, char *addr, size_t addr_size, uint16_t *port)
{
	struct slice rest = slice_from(s), host;
	int64_t p;

	if (!slice_cut(&rest, ':', &host) || host.len == 0 || host.len >= addr_size ||
	    !str_to_i64(rest, 0, 65535, &p))
		return false;
	memcpy(addr, host.p, host.len);
	addr[host.len] = '\0';
	*port = (uint16_t)p;
	return true;
}

/*
 * What the server may still touch once started: the data folder (read and
 * write), the fonts it serves, and what libcurl needs for SMTP (CA
 * certificates, resolver files, OpenSSL's configuration); time zones.
 */
static enum sod_err
enter_sandbox(const char *dir, const struct config *cfg)
{
	struct sandbox_paths p = {
		.rw = {dir},
		.ro = {cfg->font_dir, "/etc/ssl", "/usr/share/ca-certificates", "/usr/lib/ssl",
		       "/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/gai.conf",
		       "/etc/host.conf", "/etc/localtime", "/usr/share/zoneinfo",
		       /* PDF reports: fontconfig's configuration and cache, and the
		       * fonts pango and cairo open as they lay out (docs/results.md). */
		       "/usr/share/fonts", "/etc/fonts", "/var/cache/fontconfig",
		       "/usr/share/fontconfig",
#ifdef SOD_TEST_HOOKS
		       /* Sanitizers read /proc/self/maps and /proc/self/task. */
		       "/proc",
#endif
		},
	};
	bool landlock;
	enum sod_err err;
#ifdef SOD_TEST_HOOKS
	/* sandbox-open-refused: a path to try opening once confined. */
	const char *probe = getenv("SOD_TEST_OPEN_AFTER_START");
#endif

	if (!cfg->sandbox) {
		LOG_WARN("sandbox: off (sandbox = false in sodsong.conf)");
		return SOD_OK;
	}
	tzset();   /* read the time zone before the file system closes */
	evidence_prepare();
	if ((err = sandbox_enter(&p, &landlock)) != SOD_OK)
		return err;
	LOG_INFO("sandbox: on (core dumps off, seccomp%s)", landlock ? ", landlock" : "");
#ifdef SOD_TEST_HOOKS
	if (probe != NULL) {
		int fd = open(probe, O_RDONLY | O_CLOEXEC);

		LOG_INFO("test hook: open %s after start: %s", probe,
		         fd >= 0 ? "allowed" : strerror(errno));
		if (fd >= 0)
			close(fd);
	}
#endif
	return SOD_OK;
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"behind-tls", no_argument, NULL, 't'},
		{"trust-proxy", no_argument, NULL, 'p'},
		{"threads", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	struct config cfg;
	struct sys sys;
	struct web web;
	struct http_server *srv = NULL;
	struct background *bg = NULL;
	struct http_config hc = {0};
	struct web_config wc = {0};
	struct http_handlers h;
	char addr[64];
	const char *dir;
	sigset_t set;
	int c, sig, rc;
	int64_t n;
	enum sod_err err;

	if (argc < 2 || argv[1][0] == '-') {
		cli_err("usage: sodsong serve DIR [--listen ADDR:PORT] [--behind-tls] [--trust-proxy]");
		return EXIT_USAGE;
	}
	dir = argv[1];
	if ((rc = config_load(dir, &cfg)) != EXIT_OK)
		return rc;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (strlen(optarg) >= sizeof(cfg.listen)) {
				cli_err("--listen: too long");
				return EXIT_USAGE;
			}
			str_lcpy(cfg.listen, optarg, sizeof(cfg.listen));
			break;
		case 't': cfg.behind_tls = true; break;
		case 'p': cfg.trust_proxy = true; break;
		case 'n':
			if (!str_to_i64(slice_from(optarg), 0, 256, &n)) {
				cli_err("--threads: a number from 0 to 256");
				return EXIT_USAGE;
			}
			cfg.threads = (int)n;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		cli_err("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (!parse_listen(cfg.listen, addr, sizeof(addr), &hc.port)) {
		cli_err("listen address must be ADDR:PORT, e.g. 127.0.0.1:8080");
		return EXIT_USAGE;
	}
	hc.address = addr;
	hc.threads = cfg.threads;
	hc.behind_tls = cfg.behind_tls;
	hc.trust_proxy = cfg.trust_proxy;
	hc.arena_cap = 32u << 20;
	hc.timeout = 30;
	hc.font_dir = cfg.font_dir;
	wc.json_limit = cfg.json_limit;
	wc.form_limit = cfg.form_limit;
	wc.behind_tls = cfg.behind_tls;
	wc.tips_per_hour = cfg.tips_per_hour;
	wc.public_url = cfg.public_url[0] ? cfg.public_url : NULL;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((rc = cli_open(dir, &sys, &cfg)) != EXIT_OK)
		return rc;
	if ((err = evidence_setup(&sys, cfg.evidence_quota)) != SOD_OK) {
		cli_err("%s/files: cannot make or read the evidence folder", dir);
		cli_close(&sys);
		return EXIT_FAIL;
	}
	{
		long cores = sysconf(_SC_NPROCESSORS_ONLN);

		sec_slow_configure(cores > 0 ? (int)cores : 2, cfg.slow_hash_wait_ms);
	}
	{
		/* What has outlived its retention goes before anyone can read it;
		 * `sodsong purge` does the same daily. */
		struct arena *pa = arena_new(256u << 20);
		char today[11];
		size_t pt = 0, pc = 0;

		tip_today(today);
		if (pa == NULL || retention_purge(&sys, pa, today, &pt, &pc) != SOD_OK)
			LOG_WARN("retention purge at start did not finish");
		else if (pt + pc > 0)
			LOG_INFO("destroyed %zu tips and %zu cases past their retention", pt, pc);
		arena_free(&pa);
	}
	if ((err = thai_init()) != SOD_OK || (err = web_init(&web, &sys, &wc)) != SOD_OK) {
		cli_err("cannot start: %s", sod_strerror(err));
		cli_close(&sys);
		return EXIT_FAIL;
	}
	/* Fonts for PDF reports are found and loaded now, while the file
	 * system is still open (a sandbox may close it after start-up). */
	report_warm_up();
	if ((err = enter_sandbox(dir, &cfg)) != SOD_OK) {
		cli_err("cannot enter the sandbox (set sandbox = false to run without it): %s",
		        sod_strerror(err));
		web_fini(&web);
		thai_shutdown();
		cli_close(&sys);
		return EXIT_FAIL;
	}
	h = web_handlers(&web);
	if ((err = http_start(&hc, &h, &srv)) != SOD_OK) {
		cli_err("cannot listen on %s (in use, or not an address of this machine)",
		        cfg.listen);
		web_fini(&web);
		thai_shutdown();
		cli_close(&sys);
		return EXIT_FAIL;
	}
	if ((err = background_start(&sys, cfg.remind_hour, &bg)) != SOD_OK)
		LOG_WARN("reminders and webhooks will not run: %s", sod_strerror(err));
	LOG_INFO("listening on http://%s:%u/", addr, (unsigned)http_port(srv));
	while (sigwait(&set, &sig) != 0)
		;
	LOG_INFO("signal %d: finishing open requests", sig);
	http_stop(&srv, 10000);
	background_stop(&bg);
	web_fini(&web);
	thai_shutdown();
	cli_close(&sys);
	LOG_INFO("stopped");
	report_shutdown();
	return EXIT_OK;
}
