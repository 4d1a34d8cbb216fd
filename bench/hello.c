/*
 * hello.c — the benchmark's baseline: the smallest libmicrohttpd server
 * that answers "ok", with the same threading model as sodsong (epoll,
 * a pool of threads) and keep-alive, so that the ratio measures what
 * Sodsong adds (routing, sessions, templates, headers), not the library.
 *
 *     hello PORT THREADS
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
       const char *version, const char *data, size_t *size, void **state)
{
	static int first;
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls; (void)url; (void)method; (void)version; (void)data; (void)size;
	if (*state == NULL) {       /* answer on the second call: keep-alive */
		*state = &first;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(2, "ok", MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "text/plain");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	sigset_t set;
	int sig;

	if (argc != 3)
		return 2;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD, (unsigned short)atoi(argv[1]),
	                     NULL, NULL, answer, NULL,
	                     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)atoi(argv[2]),
	                     MHD_OPTION_END);
	if (d == NULL)
		return 1;
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
