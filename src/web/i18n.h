/*
 * i18n.h — message catalogs.
 *
 * One file per language under assets/i18n/ (th.txt, en.txt), compiled in:
 * lines of `key = message`, `#` comments, UTF-8. A translator edits these
 * files only. A key missing from a catalog falls back to Thai, then to the
 * key itself (and a unit test makes sure both catalogs hold the same keys).
 */
#ifndef SOD_WEB_I18N_H
#define SOD_WEB_I18N_H

#include <stdbool.h>

#include "text/date.h"
#include "util/err.h"

/* Parse the catalogs; once per process, before serving. */
enum sod_err i18n_init(void);
void i18n_shutdown(void);

/* The message of key in lang; never NULL; valid until i18n_shutdown(). */
const char *i18n_get(enum lang lang, const char *key);

/* The keys of a catalog, sorted (for the test that both hold the same). */
size_t i18n_keys(enum lang lang, const char ***keys_out);

/* "th" or "en". */
const char *lang_code(enum lang lang);

/* Parse "th"/"en" (also "th-TH", "en-US", any case); false otherwise. */
bool lang_parse(const char *s, enum lang *out);

#endif
