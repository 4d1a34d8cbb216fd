/*
 * evidence.c — see evidence.h.
 */
#include "domain/evidence.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <magic.h>
#include <sodium.h>

#include "crypto/stream.h"
#include "media/image.h"
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
	size_t reserved;           /* bytes counted against the quota */
	bool typed, finished;
	/* A JPEG, PNG or WebP is held whole (up to the limit) until its end,
	 * then stripped of metadata (media/image.h) and only then encrypted:
	 * its metadata never reaches the disk, not even encrypted. */
	enum image_type image;
	unsigned char *held;
	size_t held_len;
	const char *refused;   /* catalog key when the image was refused */
	bool has_gps;          /* the photo's EXIF position, read before stripping */
	double lat, lon;
};

static size_t limit = 20u << 20;

/* The quota: bytes in DIR/files, measured at start and kept up to date as
 * files come and go; measured again (at most once a minute) before a
 * refusal, since `sodsong purge` removes files from another process. */
static pthread_mutex_t quota_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t quota, used;
static char quota_dir[4096];
static time_t measured;
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic;

void
evidence_set_limit(size_t max_bytes)
{
	limit = max_bytes;
}

/* Open libmagic's database once (called with magic_lock held). */
static void
magic_ready(void)
{
	if (magic == NULL && (magic = magic_open(MAGIC_MIME_TYPE)) != NULL &&
	    magic_load(magic, NULL) != 0) {
		LOG_ERR("libmagic: %s", magic_error(magic));
		magic_close(magic);
		magic = NULL;
	}
}

void
evidence_prepare(void)
{
	pthread_mutex_lock(&magic_lock);
	magic_ready();
	pthread_mutex_unlock(&magic_lock);
}

/* Bytes of the files in dir; the caller holds quota_lock. */
static uint64_t
measure(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	uint64_t sum = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && fstatat(dirfd(d), e->d_name, &st, 0) == 0 &&
		    S_ISREG(st.st_mode))
			sum += (uint64_t)st.st_size;
	closedir(d);
	measured = time(NULL);
	return sum;
}

enum sod_err
evidence_setup(struct sys *sys, uint64_t q)
{
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/files", sys->dir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return SOD_EIO;
	pthread_mutex_lock(&quota_lock);
	snprintf(quota_dir, sizeof(quota_dir), "%s", dir);
	quota = q;
	used = measure(dir);
	pthread_mutex_unlock(&quota_lock);
	return SOD_OK;
}

/* Count n more bytes against the quota; false when it is used up. */
static bool
quota_take(struct evidence *e, size_t n)
{
	bool ok;

	pthread_mutex_lock(&quota_lock);
	if (quota > 0 && used + n > quota && quota_dir[0] && time(NULL) - measured >= 60)
		used = measure(quota_dir);
	ok = quota == 0 || used + n <= quota;
	if (ok) {
		used += n;
		e->reserved += n;
	}
	pthread_mutex_unlock(&quota_lock);
	return ok;
}

static void
quota_give_back(struct evidence *e)
{
	pthread_mutex_lock(&quota_lock);
	used = used > e->reserved ? used - e->reserved : 0;
	e->reserved = 0;
	pthread_mutex_unlock(&quota_lock);
}

static void
detect_type(struct evidence *e, const void *p, size_t n)
{
	evidence_sniff(p, n, e->type, sizeof(e->type));
	e->typed = true;
}

/* libmagic handles are not thread-safe: one, under a lock. */
void
evidence_sniff(const void *p, size_t n, char *out, size_t size)
{
	const char *t = NULL;

	pthread_mutex_lock(&magic_lock);
	magic_ready();
	if (magic != NULL)
		t = magic_buffer(magic, p, n);
	snprintf(out, size, "%s", t ? t : "application/octet-stream");
	pthread_mutex_unlock(&magic_lock);
}

/*
 * Evidence keeps no time of its filing [evidence-no-mtime]: the files and
 * the folder that holds them carry a constant time (the epoch) for their
 * access and modification times. (The inode's change time is the
 * kernel's to set; docs/security.md says what that leaves.)
 */
static const struct timespec no_time[2] = {{0, 0}, {0, 0}};

static void
forget_dir_time(const char *dir)
{
	if (utimensat(AT_FDCWD, dir, no_time, 0) != 0)
		LOG_WARN("utimensat: %s", strerror(errno));
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

static void
drop_held(struct evidence *e)
{
	if (e->held != NULL) {
		sodium_memzero(e->held, e->held_len);
		free(e->held);
	}
	e->held = NULL;
	e->held_len = 0;
}

/* The first chunk decides: an image of ours is held, HEIF is refused. */
static enum sod_err
classify(struct evidence *e)
{
	detect_type(e, e->buf, e->buffered);
	e->image = image_detect(e->buf, e->buffered);
	if (e->image == IMAGE_HEIF) {
		e->refused = "error.image_heif";
		return SOD_EINVAL;
	}
	/* malloc of the whole bound maps pages lazily; realloc would leave
	 * unwiped copies behind. */
	if (e->image != IMAGE_NONE && (e->held = malloc(limit)) == NULL)
		return SOD_ENOMEM;
	return SOD_OK;
}

static enum sod_err
push(struct evidence *e, unsigned char tag)
{
	unsigned char out[CHUNK + ABYTES];
	unsigned long long clen;
	enum sod_err err;

	if (!e->typed && (err = classify(e)) != SOD_OK)
		return err;
	if (e->held != NULL) {
		memcpy(e->held + e->held_len, e->buf, e->buffered);
		e->held_len += e->buffered;
		sodium_memzero(e->buf, e->buffered);
		e->buffered = 0;
		return SOD_OK;
	}
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
	if (!quota_take(e, len))
		return SOD_ENOSPC;
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

/* A held image: strip it, then encrypt what is left as any file. */
static enum sod_err
seal_held(struct evidence *e)
{
	unsigned char *clean = NULL;
	size_t n = 0, off = 0;
	enum sod_err err;

	if ((err = push(e, 0)) != SOD_OK)   /* the last bytes join the rest */
		return err;
	e->has_gps = image_gps(e->held, e->held_len, &e->lat, &e->lon);
	err = image_strip(e->held, e->held_len, &clean, &n);
	drop_held(e);
	if (err == SOD_EINVAL)
		e->refused = "error.image_malformed";
	if (err != SOD_OK)
		return err;
	e->size = n;
	while (err == SOD_OK && off < n) {
		size_t k = n - off < CHUNK ? n - off : CHUNK;

		memcpy(e->buf, clean + off, k);
		e->buffered = k;
		off += k;
		if (off < n)
			err = push(e, 0);
	}
	sodium_memzero(clean, n);
	free(clean);
	return err;
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

	if (!e->typed && e->buffered > 0 && (err = classify(e)) != SOD_OK)
		return err;
	if (e->held != NULL && (err = seal_held(e)) != SOD_OK)
		return err;
	/* The last chunk (maybe empty) carries the FINAL tag, as stream.c expects. */
	if ((err = push(e, crypto_secretstream_xchacha20poly1305_TAG_FINAL)) != SOD_OK)
		return err;
	if (futimens(e->fd, no_time) != 0 || fsync(e->fd) != 0 || close(e->fd) != 0) {
		e->fd = -1;
		return SOD_EIO;
	}
	e->fd = -1;
	snprintf(from, sizeof(from), "%s/%s.part", e->dir, e->stored);
	snprintf(to, sizeof(to), "%s/%s", e->dir, e->stored);
	if (rename(from, to) != 0)
		return SOD_EIO;
	forget_dir_time(e->dir);
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
	if (unlink(path) == 0)
		forget_dir_time(e->dir);
	quota_give_back(e);
	sodium_memzero(e->key, sizeof(e->key));
	drop_held(e);
}

bool
evidence_gps(const struct evidence *e, double *lat_out, double *lon_out)
{
	if (!e->finished || !e->has_gps)
		return false;
	*lat_out = e->lat;
	*lon_out = e->lon;
	return true;
}

bool
evidence_as_sent(const struct evidence *e)
{
	return e->image == IMAGE_NONE;
}

const char *
evidence_refused(const struct evidence *e, const char **name_out)
{
	if (e == NULL || e->refused == NULL)
		return NULL;
	*name_out = e->name;
	return e->refused;
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

enum sod_err
evidence_open(struct sys *sys, const char *stored, const unsigned char key[ENV_KEY_LEN],
              struct stream_reader **out)
{
	char path[4400];
	int in;

	*out = NULL;
	if (strspn(stored, "0123456789abcdef") != strlen(stored) || strlen(stored) != 32)
		return SOD_ENOTFOUND;
	snprintf(path, sizeof(path), "%s/files/%s", sys->dir, stored);
	/* O_NOATIME: reading evidence leaves no time on it either. */
	if ((in = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME)) < 0 &&
	    (errno != EPERM || (in = open(path, O_RDONLY | O_CLOEXEC)) < 0))
		return SOD_ENOTFOUND;
	return stream_reader_open(in, key, out);
}
