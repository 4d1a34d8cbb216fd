/*
 * log.h — one-line logs on standard error.
 *
 * Never log secrets, tip text, client addresses or user agents. Errors from
 * the database or the system are logged with the function name (LOG_ERR
 * adds it); users see a plain message instead.
 */
#ifndef SOD_UTIL_LOG_H
#define SOD_UTIL_LOG_H

#include <stdbool.h>

enum log_level { LOG_LEVEL_DEBUG, LOG_LEVEL_INFO, LOG_LEVEL_WARN, LOG_LEVEL_ERROR };

void log_set_level(enum log_level level);

/*
 * While on, lines written by this thread carry only the day (UTC), no
 * time: http/ turns it on while it serves a public route (a tip, the
 * reporter's pages), whose timing could identify a reporter.
 */
void log_day_only(bool on);
void log_msg(enum log_level level, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define LOG_DEBUG(...) log_msg(LOG_LEVEL_DEBUG, __func__, __VA_ARGS__)
#define LOG_INFO(...)  log_msg(LOG_LEVEL_INFO, __func__, __VA_ARGS__)
#define LOG_WARN(...)  log_msg(LOG_LEVEL_WARN, __func__, __VA_ARGS__)
#define LOG_ERR(...)   log_msg(LOG_LEVEL_ERROR, __func__, __VA_ARGS__)

#endif
