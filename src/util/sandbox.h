/*
 * sandbox.h — confine the server once it has opened what it needs.
 *
 * sandbox_enter() turns off core dumps (RLIMIT_CORE 0, PR_SET_DUMPABLE 0),
 * sets no-new-privileges, limits the file system with Landlock to the
 * folders given (when the kernel has Landlock; otherwise it says so once in
 * the log and goes on), and installs a seccomp filter (libseccomp) that
 * allows only the system calls the server makes and kills the process on
 * any other. All of it is irreversible and inherited by threads created
 * afterwards: call it from the main thread before any other thread starts
 * (Landlock confines only the calling thread and its future children).
 * docs/sandbox.md lists what is allowed and why, and how to debug a kill.
 */
#ifndef SOD_UTIL_SANDBOX_H
#define SOD_UTIL_SANDBOX_H

#include <stdbool.h>

#include "util/err.h"

#define SANDBOX_MAX_PATHS 24

struct sandbox_paths {
	const char *rw[SANDBOX_MAX_PATHS];   /* read, write, create, remove; NULL-ended */
	const char *ro[SANDBOX_MAX_PATHS];   /* read only (files or folders); NULL-ended */
};

/*
 * Enter the sandbox. Paths that do not exist are skipped (a missing font
 * folder is no reason not to start). Returns SOD_OK, or SOD_EPERM when a
 * step the kernel supports failed (the caller should not serve then).
 * *landlock_out tells whether Landlock is in force.
 */
enum sod_err sandbox_enter(const struct sandbox_paths *paths, bool *landlock_out);

#endif
