/*
 * cmd_procurement.c — `sodsong procurement import DIR FILE [--format
 * ocds|blacklist]` and `sodsong flags DIR [--json]` (CONTRACT.md
 * "Procurement risk"; formats in docs/procurement.md).
 *
 * An import is one transaction: a bad line stops it with the line and
 * the field named, exit 1, and nothing of the file stored. Scoring runs
 * after every import; `flags` scores again (with the parameters of
 * sodsong.conf as they are now) and prints every flagged procurement.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/str.h"
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "domain/procurement.h"

static void
progress(size_t releases, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\r  reading… %zu releases", releases);
	fflush(stderr);
}

static void
report_error(const char *file, enum sod_err err, const struct ocds_error *e)
{
	if (err != SOD_EINVAL) {
		cli_err("%s: %s; nothing imported", file, sod_strerror(err));
		return;
	}
	if (e->line && e->field[0])
		cli_err("%s: line %zu: %s: %s; nothing imported", file, e->line, e->field, e->message);
	else if (e->line)
		cli_err("%s: line %zu: %s; nothing imported", file, e->line, e->message);
	else
		cli_err("%s: %s; nothing imported", file, e->message);
}

int
cmd_procurement(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "ocds";
	struct config cfg;
	struct sys sys;
	struct ocds_error e;
	FILE *f;
	int c, rc;
	enum sod_err err;

	if (argc < 4 || strcmp(argv[1], "import") != 0) {
		cli_err("usage: sodsong procurement import DIR FILE [--format ocds|csv|blacklist]");
		return EXIT_USAGE;
	}
	optind = 4;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return EXIT_USAGE;
		format = optarg;
	}
	if (optind != argc || (strcmp(format, "ocds") != 0 && strcmp(format, "csv") != 0 &&
	                        strcmp(format, "blacklist") != 0)) {
		cli_err("usage: sodsong procurement import DIR FILE [--format ocds|csv|blacklist]");
		return EXIT_USAGE;
	}
	if ((f = fopen(argv[3], "rb")) == NULL) {
		cli_err("cannot read %s", argv[3]);
		return EXIT_FAIL;
	}
	if ((rc = config_load(argv[2], &cfg)) != EXIT_OK ||
	    (rc = cli_open(argv[2], &sys, &cfg)) != EXIT_OK) {
		fclose(f);
		return rc;
	}
	if (strcmp(format, "blacklist") == 0) {
		size_t rows = 0, flagged = 0;

		err = proc_import_blacklist(sys.store, f, &cfg.flags, &rows, &flagged, &e);
		if (!err)
			fprintf(stderr, "%zu entries of the abandonment list; %zu flags raised\n", rows,
			        flagged);
	} else {
		struct proc_import_stats st;
		bool tty = isatty(STDERR_FILENO);

		if (strcmp(format, "csv") == 0)
			err = proc_import_csv(sys.store, f, &cfg.flags, &st, &e);
		else
			err = proc_import_ocds(sys.store, f, &cfg.flags, &st, &e,
			                       tty ? progress : NULL, NULL);
		if (tty)
			fputc('\n', stderr);
		if (!err)
			fprintf(stderr,
			        "%zu releases read (%zu already stored), %zu procurements updated; "
			        "%zu flags raised\n",
			        st.releases, st.duplicates, st.procurements, st.flagged);
	}
	if (err)
		report_error(argv[3], err, &e);
	fclose(f);
	cli_close(&sys);
	return err ? EXIT_FAIL : EXIT_OK;
}

/* ---- sodsong flags ----------------------------------------------------------------- */

struct printer {
	bool json;
	char ocid[256];
	int64_t score;
	json_t *ids;        /* --json: the current procurement's indicators */
	size_t printed;
	bool open;
};

static void
flush_line(struct printer *p)
{
	if (!p->open)
		return;
	if (p->json) {
		json_t *o = json_pack("{s:s, s:O, s:I}", "ocid", p->ocid, "flags", p->ids, "score",
		                      (json_int_t)p->score);
		char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

		if (s)
			puts(s);
		free(s);
		json_decref(o);
		json_array_clear(p->ids);
	} else {
		putchar('\n');
	}
	p->printed++;
	p->open = false;
}

static enum sod_err
on_flag(void *ctx, const char *ocid, int64_t score, const char *indicator)
{
	struct printer *p = ctx;

	if (!p->open || strcmp(p->ocid, ocid) != 0) {
		flush_line(p);
		str_lcpy(p->ocid, ocid, sizeof(p->ocid));
		p->score = score;
		p->open = true;
		if (!p->json)
			printf("%s\t%" PRId64 "\t%s", ocid, score, indicator);
	} else if (!p->json) {
		printf(",%s", indicator);
	}
	if (p->json)
		json_array_append_new(p->ids, json_string(indicator));
	return SOD_OK;
}

int
cmd_flags(int argc, char **argv)
{
	struct printer p = {0};
	struct timespec t0, t1;
	struct config cfg;
	struct sys sys;
	size_t flagged = 0;
	int rc;
	enum sod_err err;

	if (argc == 3 && strcmp(argv[2], "--json") == 0)
		p.json = true;
	else if (argc != 2 || argv[1][0] == '-') {
		cli_err("usage: sodsong flags DIR [--json]");
		return EXIT_USAGE;
	}
	if ((rc = config_load(argv[1], &cfg)) != EXIT_OK ||
	    (rc = cli_open(argv[1], &sys, &cfg)) != EXIT_OK)
		return rc;
	if ((p.ids = json_array()) == NULL) {
		cli_close(&sys);
		return EXIT_FAIL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = proc_rescore(sys.store, &cfg.flags, &flagged);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!err)
		err = store_proc_flagged_each(sys.store, on_flag, &p);
	flush_line(&p);
	json_decref(p.ids);
	cli_close(&sys);
	if (err) {
		cli_err("cannot score the procurements: %s", sod_strerror(err));
		return EXIT_FAIL;
	}
	fprintf(stderr, "%zu procurements flagged (scoring took %.3f s)\n", p.printed,
	        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return EXIT_OK;
}
