/*
 * err.h — the one error type of Sodsong.
 *
 * Every function that can fail returns an enum sod_err; SOD_OK is zero so
 * that `if (err)` reads naturally. The mapping from an error to an HTTP
 * status lives in http/status.c, in one table; the words a user sees live
 * in the message catalogs, keyed by sod_err_code().
 */
#ifndef SOD_UTIL_ERR_H
#define SOD_UTIL_ERR_H

enum sod_err {
	SOD_OK = 0,
	SOD_ENOMEM,     /* an allocation or an arena cap failed */
	SOD_EINVAL,     /* input was malformed or out of range */
	SOD_EUTF8,      /* input was not valid UTF-8 */
	SOD_ETOOBIG,    /* input exceeded a size limit */
	SOD_ENOTFOUND,  /* no such object (or not visible to the caller) */
	SOD_ECONFLICT,  /* a uniqueness or state constraint was violated */
	SOD_EAUTH,      /* not signed in, or credentials wrong */
	SOD_EPERM,      /* signed in, but without the right */
	SOD_ECSRF,      /* missing or wrong CSRF token */
	SOD_ETHROTTLE,  /* too many attempts; try later */
	SOD_EBUSY,      /* a bounded resource is full; try later */
	SOD_EDB,        /* the database failed */
	SOD_EIO,        /* the file system failed */
	SOD_ECRYPTO,    /* a cryptographic operation failed */
	SOD_EUSAGE,     /* a command line was wrong */
	SOD_ENOSPC,     /* a storage quota is used up */
	SOD_ERR__MAX
};

/* A short English description for logs; never NULL. */
const char *sod_strerror(enum sod_err err);

/* A stable snake_case code for JSON errors and catalog keys; never NULL. */
const char *sod_err_code(enum sod_err err);

#endif
