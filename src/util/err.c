/*
 * err.c — descriptions and stable codes of enum sod_err.
 */
#include "util/err.h"

static const struct {
	const char *code;
	const char *text;
} err_table[SOD_ERR__MAX] = {
	[SOD_OK]        = {"ok", "success"},
	[SOD_ENOMEM]    = {"out_of_memory", "out of memory"},
	[SOD_EINVAL]    = {"invalid", "invalid input"},
	[SOD_EUTF8]     = {"invalid_utf8", "input is not valid UTF-8"},
	[SOD_ETOOBIG]   = {"too_large", "input too large"},
	[SOD_ENOTFOUND] = {"not_found", "not found"},
	[SOD_ECONFLICT] = {"conflict", "conflict with existing data"},
	[SOD_EAUTH]     = {"unauthorized", "authentication required or failed"},
	[SOD_EPERM]     = {"forbidden", "permission denied"},
	[SOD_ECSRF]     = {"csrf", "missing or invalid CSRF token"},
	[SOD_ETHROTTLE] = {"too_many_attempts", "too many attempts"},
	[SOD_EBUSY]     = {"busy", "server busy"},
	[SOD_EDB]       = {"database", "database error"},
	[SOD_EIO]       = {"io", "input/output error"},
	[SOD_ECRYPTO]   = {"crypto", "cryptographic failure"},
	[SOD_EUSAGE]    = {"usage", "usage error"},
	[SOD_ENOSPC]    = {"storage_full", "storage quota used up"},
};

const char *
sod_strerror(enum sod_err err)
{
	if ((unsigned)err >= SOD_ERR__MAX)
		return "unknown error";
	return err_table[err].text;
}

const char *
sod_err_code(enum sod_err err)
{
	if ((unsigned)err >= SOD_ERR__MAX)
		return "internal";
	return err_table[err].code;
}
