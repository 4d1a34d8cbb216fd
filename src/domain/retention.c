/*
 * retention.c — destroying what has outlived its retention; see case.h.
 * Run daily (`sodsong purge DIR`, and once when `serve` starts).
 */
#include "domain/case.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"

/* Remove the encrypted files after the rows are gone (a crash between
 * leaves unreadable files without keys: harmless, removed next time). */
static void
unlink_files(struct sys *sys, char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char path[4400];

		snprintf(path, sizeof(path), "%s/files/%s", sys->dir, names[i]);
		if (unlink(path) != 0)
			LOG_WARN("purge: could not remove an evidence file");
	}
}

/* Files to remove once the transaction that forgot them is committed. */
struct doomed {
	char **names;
	size_t n, cap;
};

static enum sod_err
purge_tip(struct sys *sys, struct arena *a, int64_t tip, const char *today,
          struct doomed *d)
{
	char **names;
	size_t n;
	enum sod_err err;

	if ((err = store_tip_purge(sys->store, a, tip, today, &names, &n)) != SOD_OK)
		return err;
	for (size_t i = 0; i < n; i++) {
		if (d->n == d->cap) {
			char **bigger;

			d->cap = d->cap ? d->cap * 2 : 16;
			if ((bigger = arena_alloc(a, d->cap * sizeof(*bigger))) == NULL)
				return SOD_ENOMEM;
			if (d->n)
				memcpy(bigger, d->names, d->n * sizeof(*bigger));
			d->names = bigger;
		}
		d->names[d->n++] = names[i];
	}
	return SOD_OK;
}

enum sod_err
retention_purge(struct sys *sys, struct arena *a, const char *today, size_t *tips_out,
                size_t *cases_out)
{
	int64_t *ids;
	size_t n;
	enum sod_err err;

	*tips_out = *cases_out = 0;
	if ((err = store_expired(sys->store, a, false, today, &ids, &n)) != SOD_OK)
		return err;
	for (size_t i = 0; i < n; i++) {
		struct doomed d = {0};

		if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
			return err;
		if ((err = purge_tip(sys, a, ids[i], today, &d)) != SOD_OK) {
			store_tx_rollback(sys->store);
			return err;
		}
		if ((err = store_tx_commit(sys->store)) != SOD_OK)
			return err;
		unlink_files(sys, d.names, d.n);
		(*tips_out)++;
	}
	if ((err = store_expired(sys->store, a, true, today, &ids, &n)) != SOD_OK)
		return err;
	for (size_t i = 0; i < n; i++) {
		struct doomed d = {0};
		int64_t *tips;
		size_t nt;

		if ((err = store_case_tips(sys->store, a, ids[i], &tips, &nt)) ||
		    (err = store_tx_begin(sys->store, true)) != SOD_OK)
			return err;
		for (size_t k = 0; k < nt && !err; k++) {
			err = purge_tip(sys, a, tips[k], today, &d);
			if (!err)
				(*tips_out)++;
		}
		if (!err)
			err = store_case_purge(sys->store, ids[i], today);
		if (err) {
			store_tx_rollback(sys->store);
			return err;
		}
		if ((err = store_tx_commit(sys->store)) != SOD_OK)
			return err;
		unlink_files(sys, d.names, d.n);
		(*cases_out)++;
	}
	/* PostgreSQL keeps what was purged in dead row versions until a
	 * VACUUM (docs/storage.md, "Purge"); SQLite overwrote it already. */
	if (*tips_out + *cases_out > 0)
		return store_after_purge(sys->store);
	return SOD_OK;
}
