/*
 * status.c — the one table from enum sod_err to an HTTP status.
 */
#include "http/http.h"

static const int status_table[SOD_ERR__MAX] = {
	[SOD_OK] = 200,
	[SOD_ENOMEM] = 500,
	[SOD_EINVAL] = 400,
	[SOD_EUTF8] = 400,
	[SOD_ETOOBIG] = 413,
	[SOD_ENOTFOUND] = 404,
	[SOD_ECONFLICT] = 409,
	[SOD_EAUTH] = 401,
	[SOD_EPERM] = 403,
	[SOD_ECSRF] = 403,
	[SOD_ETHROTTLE] = 429,
	[SOD_EBUSY] = 503,
	[SOD_EDB] = 500,
	[SOD_EIO] = 500,
	[SOD_ECRYPTO] = 500,
	[SOD_EUSAGE] = 400,
	[SOD_ENOSPC] = 507,
};

int
http_status_of(enum sod_err err)
{
	if ((unsigned)err >= SOD_ERR__MAX)
		return 500;
	return status_table[err];
}
