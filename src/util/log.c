/*
 * log.c — timestamped lines on stderr, one write(2) per line so lines from
 * several threads do not interleave.
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static enum log_level log_level = LOG_LEVEL_INFO;
static _Thread_local bool day_only;

void
log_day_only(bool on)
{
	day_only = on;
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

void
log_msg(enum log_level level, const char *func, const char *fmt, ...)
{
	static const char *names[] = {"debug", "info", "warn", "error"};
	char line[1024];
	struct timespec ts;
	struct tm tm;
	va_list ap;
	int n, m;

	if (level < log_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	if (day_only)
		n = snprintf(line, sizeof(line), "%04d-%02d-%02d %s %s: ", tm.tm_year + 1900,
		             tm.tm_mon + 1, tm.tm_mday, names[level],
		             level == LOG_LEVEL_INFO ? "sodsong" : func);
	else
		n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02dZ %s %s: ",
		             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		             tm.tm_min, tm.tm_sec, names[level],
		             level == LOG_LEVEL_INFO ? "sodsong" : func);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}
