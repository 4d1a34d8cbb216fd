/*
 * sandbox.c — see sandbox.h; docs/sandbox.md says why each call is allowed.
 *
 * Landlock is called through syscall(2) (glibc has no wrappers); the
 * access rights handled are those of the ABI the kernel reports, so a
 * newer kernel confines more and an older one still confines what it
 * knows. seccomp goes through libseccomp, which resolves names for the
 * running architecture. The default action kills the whole process
 * (SCMP_ACT_KILL_PROCESS): an exploited request that tries something new
 * ends the server, and the kernel's audit log names the call; clone3
 * answers ENOSYS so that glibc falls back to clone, whose flags a filter
 * can see (no new namespaces).
 */
#include "util/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <linux/landlock.h>
#include <seccomp.h>

#include "util/log.h"

#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif

/* Rights that apply to a file (not a folder) in a rule. */
#define FILE_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
                     LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | \
                     LANDLOCK_ACCESS_FS_IOCTL_DEV)
#define RO_RIGHTS (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

/* The rights each Landlock ABI version handles (index: version). */
static uint64_t
fs_rights_of_abi(int abi)
{
	uint64_t r = (1ULL << 13) - 1;   /* ABI 1: EXECUTE … MAKE_SYM */

	if (abi >= 2)
		r |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		r |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return r;
}

static bool
add_rule(int ruleset, const char *path, uint64_t rights, uint64_t handled)
{
	struct landlock_path_beneath_attr pb = {0};
	struct stat st;
	bool ok;

	if ((pb.parent_fd = open(path, O_PATH | O_CLOEXEC)) < 0)
		return errno == ENOENT;   /* nothing there: nothing to allow */
	if (fstat(pb.parent_fd, &st) == 0 && !S_ISDIR(st.st_mode))
		rights &= FILE_RIGHTS;
	pb.allowed_access = rights & handled;
	ok = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) == 0;
	if (!ok)
		LOG_ERR("sandbox: landlock rule for %s: %s", path, strerror(errno));
	close(pb.parent_fd);
	return ok;
}

/* Landlock: -1 failed, 0 not available, 1 in force. */
static int
enter_landlock(const struct sandbox_paths *p)
{
	struct landlock_ruleset_attr attr = {0};
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
	                       LANDLOCK_CREATE_RULESET_VERSION);
	int rs, rc = -1;

	if (abi < 1) {
		LOG_WARN("sandbox: this kernel has no Landlock (%s): the file system is not "
		         "confined; seccomp and the process's user still are (docs/sandbox.md)",
		         strerror(errno));
		return 0;
	}
	attr.handled_access_fs = fs_rights_of_abi(abi);
	if ((rs = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0)) < 0) {
		LOG_ERR("sandbox: landlock_create_ruleset: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < SANDBOX_MAX_PATHS && p->rw[i] != NULL; i++)
		if (!add_rule(rs, p->rw[i], attr.handled_access_fs & ~LANDLOCK_ACCESS_FS_EXECUTE,
		              attr.handled_access_fs))
			goto out;
	for (size_t i = 0; i < SANDBOX_MAX_PATHS && p->ro[i] != NULL; i++)
		if (!add_rule(rs, p->ro[i], RO_RIGHTS, attr.handled_access_fs))
			goto out;
	if (syscall(SYS_landlock_restrict_self, rs, 0) != 0) {
		LOG_ERR("sandbox: landlock_restrict_self: %s", strerror(errno));
		goto out;
	}
	rc = 1;
	LOG_INFO("sandbox: landlock ABI %d in force", abi);
out:
	close(rs);
	return rc;
}

/* The calls the server makes after start-up (found by running every
 * end-to-end and browser test under strace; docs/sandbox.md). */
static const char *const allowed[] = {
	/* memory */
	"brk", "mmap", "munmap", "mprotect", "madvise", "mremap", "mlock", "munlock",
	"mlock2", "membarrier",
	/* threads, time, signals */
	"futex", "set_robust_list", "rseq", "sched_yield", "sched_getaffinity", "gettid",
	"getpid", "nanosleep", "clock_nanosleep", "clock_gettime", "clock_getres",
	"gettimeofday", "time", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
	"rt_sigtimedwait", "sigaltstack", "tgkill", "restart_syscall", "exit", "exit_group",
	"getrandom", "getrlimit", "prlimit64", "getrusage", "uname", "sysinfo", "getuid",
	"geteuid", "getgid", "getegid",
	/* files: SQLite (-wal, -shm, journal), evidence, staging, fonts */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev",
	"openat", "close", "fstat", "newfstatat", "statx", "lseek", "fcntl", "fsync",
	"fdatasync", "ftruncate", "fallocate", "unlink", "unlinkat", "rename", "renameat",
	"renameat2", "mkdir", "mkdirat", "rmdir", "getdents64", "faccessat", "faccessat2",
	"access", "readlink", "readlinkat", "getcwd", "fchmod", "fchown", "umask",
	"fadvise64", "memfd_create", "dup", "dup2", "dup3", "pipe2", "eventfd2", "flock",
	"fstatfs", "statfs", "stat", "lstat",
	/* network: MHD, and SMTP through libcurl */
	"socket", "connect", "accept", "accept4", "bind", "listen", "setsockopt",
	"getsockopt", "getsockname", "getpeername", "sendto", "recvfrom", "sendmsg",
	"recvmsg", "sendmmsg", "recvmmsg", "shutdown", "sendfile", "socketpair",
	"epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "poll",
	"ppoll", "select", "pselect6",
#ifdef SOD_TEST_HOOKS
	/* AddressSanitizer and LeakSanitizer (sanitizer builds only). */
	"ptrace", "wait4", "waitid", "getppid", "kill", "tkill", "sched_getparam",
	"sched_getscheduler", "process_vm_readv", "open", "getdents",
#endif
};

static int
add_allowed(scmp_filter_ctx ctx)
{
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		int nr = seccomp_syscall_resolve_name(allowed[i]);

		if (nr == __NR_SCMP_ERROR)
			continue;   /* not on this architecture */
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0) != 0)
			return -1;
	}
	return 0;
}

static int
add_conditional(scmp_filter_ctx ctx)
{
	const uint64_t ns = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
	                    CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP;
	int rc = 0;

	/* Threads (libmicrohttpd, libcurl's resolver), never new namespaces. */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
	                       SCMP_A0(SCMP_CMP_MASKED_EQ, ns, 0));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	/* Thread names (pthread_setname_np on itself). */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	                       SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	                       SCMP_A0(SCMP_CMP_EQ, PR_GET_NAME));
#ifdef SOD_TEST_HOOKS
	/* LeakSanitizer lets its tracer thread attach. */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	                       SCMP_A0(SCMP_CMP_EQ, PR_SET_PTRACER));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	                       SCMP_A0(SCMP_CMP_EQ, PR_SET_PDEATHSIG));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	                       SCMP_A0(SCMP_CMP_EQ, PR_GET_DUMPABLE));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	                       SCMP_A0(SCMP_CMP_EQ, PR_SET_DUMPABLE));
#endif
	/* isatty() for the log, and the byte counts of sockets. */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	                       SCMP_A1(SCMP_CMP_EQ, TCGETS));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	                       SCMP_A1(SCMP_CMP_EQ, FIONREAD));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	                       SCMP_A1(SCMP_CMP_EQ, FIONBIO));
	return rc == 0 ? 0 : -1;
}

static bool
enter_seccomp(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	bool ok = false;

	if (ctx == NULL)
		return false;
	/* Threads started later inherit the filter; TSYNC also covers any
	 * thread a library may have started already. */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1) != 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1) != 0 ||
	    add_allowed(ctx) != 0 || add_conditional(ctx) != 0) {
		LOG_ERR("sandbox: building the seccomp filter failed");
		goto out;
	}
	if (seccomp_load(ctx) != 0) {
		LOG_ERR("sandbox: seccomp_load failed");
		goto out;
	}
	ok = true;
out:
	seccomp_release(ctx);
	return ok;
}

enum sod_err
sandbox_enter(const struct sandbox_paths *paths, bool *landlock_out)
{
	struct rlimit none = {0, 0};
	int ll;

	*landlock_out = false;
	/* sandbox-core: no core file can carry keys or tip text. */
	if (setrlimit(RLIMIT_CORE, &none) != 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		LOG_ERR("sandbox: core dumps or no_new_privs: %s", strerror(errno));
		return SOD_EPERM;
	}
	if ((ll = enter_landlock(paths)) < 0)
		return SOD_EPERM;
	*landlock_out = ll == 1;
	if (!enter_seccomp())
		return SOD_EPERM;
	return SOD_OK;
}
