/*
 * evidence.c — see evidence.h.
 */
#include "domain/evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <magic.h>
#include <sodium.h>

#include "crypto/stream.h"
#include "text/utf8.h"
#include "util/log.h"

#define CHUNK 65536
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES

struct evidence {
	int fd;
	char dir[4096];
	char stored[33];
	char name[256];
	char type[128];
	unsigned char key[ENV_KEY_LEN];
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char buf[CHUNK];
	size_t buffered;
	size_t size;
	bool typed, finished;
};

static size_t limit = 20u << 20;
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic;

void
evidence_set_limit(size_t max_bytes)
{
	limit = max_bytes;
}

/* libmagic handles are not thread-safe: one, under a lock. */
static void
detect_type(struct evidence *e, const void *p, size_t n)
{
	const char *t = NULL;

	pthread_mutex_lock(&magic_lock);
	if (magic == NULL && (magic = magic_open(MAGIC_MIME_TYPE)) != NULL &&
	    magic_load(magic, NULL) != 0) {
		LOG_ERR("libmagic: %s", magic_error(magic));
		magic_close(magic);
		magic = NULL;
	}
	if (magic != NULL)
		t = magic_buffer(magic, p, n);
	snprintf(e->type, sizeof(e->type), "%s", t ? t : "application/octet-stream");
	pthread_mutex_unlock(&magic_lock);
	e->typed = true;
}

static enum sod_err
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return SOD_EIO;
		p += w;
		n -= (size_t)w;
	}
	return SOD_OK;
}

static enum sod_err
push(struct evidence *e, unsigned char tag)
{
	unsigned char out[CHUNK + ABYTES];
	unsigned long long clen;

	if (!e->typed)
		detect_type(e, e->buf, e->buffered);
	crypto_secretstream_xchacha20poly1305_push(&e->st, out, &clen, e->buf, e->buffered,
	                                           NULL, 0, tag);
	sodium_memzero(e->buf, e->buffered);
	e->buffered = 0;
	return write_all(e->fd, out, (size_t)clen);
}

enum sod_err
evidence_begin(struct sys *sys, struct arena *a, const char *name, struct evidence **out)
{
	struct evidence *e = arena_zalloc(a, sizeof(*e));
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES], rnd[16];
	char path[4400];
	size_t n;

	if (e == NULL)
		return SOD_ENOMEM;
	snprintf(e->dir, sizeof(e->dir), "%s/files", sys->dir);
	if (mkdir(e->dir, 0700) != 0 && errno != EEXIST)
		return SOD_EIO;
	/* A name is shown to officers: valid text only, else a plain one. */
	n = strnlen(name ? name : "", 255);
	if (n == 0 || text_check(name, n, 255, 0, false) != SOD_OK)
		snprintf(e->name, sizeof(e->name), "file");
	else
		snprintf(e->name, sizeof(e->name), "%.*s", (int)n, name);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(e->stored, sizeof(e->stored), rnd, sizeof(rnd));
	snprintf(path, sizeof(path), "%s/%s.part", e->dir, e->stored);
	if ((e->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return SOD_EIO;
	crypto_secretstream_xchacha20poly1305_keygen(e->key);
	crypto_secretstream_xchacha20poly1305_init_push(&e->st, header, e->key);
	if (write_all(e->fd, header, sizeof(header)) != SOD_OK) {
		evidence_discard(e);
		return SOD_EIO;
	}
	*out = e;
	return SOD_OK;
}

enum sod_err
evidence_write(struct evidence *e, const char *data, size_t len)
{
	enum sod_err err;

	if (len > limit - e->size)
		return SOD_ETOOBIG;
	e->size += len;
	while (len > 0) {
		size_t n = CHUNK - e->buffered < len ? CHUNK - e->buffered : len;

		memcpy(e->buf + e->buffered, data, n);
		e->buffered += n;
		data += n;
		len -= n;
		if (e->buffered == CHUNK && (err = push(e, 0)) != SOD_OK)
			return err;
	}
	return SOD_OK;
}

static enum sod_err
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	enum sod_err err = SOD_OK;

	if (fd < 0)
		return SOD_EIO;
	if (fsync(fd) != 0)
		err = SOD_EIO;
	close(fd);
	return err;
}

enum sod_err
evidence_finish(struct evidence *e)
{
	char from[4400], to[4400];
	enum sod_err err;

	/* The last chunk (maybe empty) carries the FINAL tag, as stream.c expects. */
	if ((err = push(e, crypto_secretstream_xchacha20poly1305_TAG_FINAL)) != SOD_OK)
		return err;
	if (fsync(e->fd) != 0 || close(e->fd) != 0) {
		e->fd = -1;
		return SOD_EIO;
	}
	e->fd = -1;
	snprintf(from, sizeof(from), "%s/%s.part", e->dir, e->stored);
	snprintf(to, sizeof(to), "%s/%s", e->dir, e->stored);
	if (rename(from, to) != 0)
		return SOD_EIO;
	e->finished = true;
	/* The new name must outlive a power cut as the row naming it will
	 * (synchronous=FULL): sync the folder too (docs/backup.md). */
	return sync_dir(e->dir);
}

void
evidence_discard(struct evidence *e)
{
	char path[4400];

	if (e == NULL)
		return;
	if (e->fd >= 0)
		close(e->fd);
	e->fd = -1;
	snprintf(path, sizeof(path), "%s/%s%s", e->dir, e->stored, e->finished ? "" : ".part");
	unlink(path);
	sodium_memzero(e->key, sizeof(e->key));
}

const char *
evidence_stored_name(const struct evidence *e)
{
	return e->stored;
}

size_t
evidence_size(const struct evidence *e)
{
	return e->size;
}

char *
evidence_meta_json(struct arena *a, const struct evidence *e)
{
	char *key, *text, *copy;
	json_t *o;

	if (env_key_text(a, e->key, &key) != SOD_OK)
		return NULL;
	o = json_pack("{s:s, s:s, s:I, s:s}", "name", e->name, "type", e->type, "size",
	              (json_int_t)e->size, "key", key);
	text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	copy = text ? arena_strdup(a, text) : NULL;
	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
	return copy;
}

/* A write end that appends to a buf (for stream_decrypt's out_fd). */
enum sod_err
evidence_read(struct sys *sys, const char *stored, const unsigned char key[ENV_KEY_LEN],
              struct buf *out)
{
	char path[4400];
	int in, pipe_fd;
	enum sod_err err;

	if (strspn(stored, "0123456789abcdef") != strlen(stored) || strlen(stored) != 32)
		return SOD_ENOTFOUND;
	snprintf(path, sizeof(path), "%s/files/%s", sys->dir, stored);
	if ((in = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return SOD_ENOTFOUND;
	if ((pipe_fd = memfd_create("sodsong-evidence", MFD_CLOEXEC)) < 0) {
		close(in);
		return SOD_EIO;
	}
	err = stream_decrypt(in, pipe_fd, key);
	close(in);
	if (!err) {
		char chunk[CHUNK];
		ssize_t r;

		lseek(pipe_fd, 0, SEEK_SET);
		while ((r = read(pipe_fd, chunk, sizeof(chunk))) > 0)
			buf_append(out, chunk, (size_t)r);
		sodium_memzero(chunk, sizeof(chunk));
		if (r < 0)
			err = SOD_EIO;
		else if (buf_failed(out))
			err = SOD_ETOOBIG;
	}
	close(pipe_fd);
	return err;
}
