/*
 * thai.c — words of Thai and English text through libthai; see thai.h.
 *
 * Runs. Text is cut into runs of one class: Thai letters, ASCII letters,
 * digits (ASCII or Thai). Everything else — spaces, punctuation, ฯ ๆ ฿,
 * emoji, accented Latin, CJK, NBSP, zero-width spaces — ends a run, so it
 * can never glue two Thai words together (libthai's TIS-620 cannot
 * represent it, and would). Latin runs become lower-case words; digit runs
 * become ASCII numbers.
 *
 * Thai runs. A '.' right after a Thai letter stays with the run, cutting
 * it into segments. Each segment is converted per code point to TIS-620
 * (one byte each, so libthai's break positions are code-point indices) and
 * broken by the dictionary. Dotted acronyms are recognised here rather
 * than by libthai, which glues them to the next word (ป.ป.ช.ภาค): a chain
 * of two or more groups of 1–3 code points, each followed by a dot, the
 * first group being the last dictionary piece of its segment, is one token
 * without its dots (สำนักงานป.ป.ช. → สำนักงาน, ปปช). The last group may
 * lack its dot if it is a single letter (ป.ป.ช → ปปช). A lone group with a
 * dot (อบต.) is a token of its own; any other dot is a separator.
 * A segment longer than RUN_MAX code points is broken in chunks, carrying
 * the last (maybe unfinished) word of a chunk over to the next.
 *
 * Inner words (thai_terms). libthai returns a word of its dictionary whole
 * (งบประมาณ, สำนักงาน, เจ้าหน้าที่), so a word inside it would not be found.
 * For a Thai token T of INNER_MIN..INNER_MAX code points (not a dotted
 * acronym) every proper substring of T that starts and ends on a
 * character boundary is broken on its own, and each piece of PIECE_MIN or
 * more code points is emitted once. A boundary is not before a combining
 * mark or a following vowel (ะ า ำ ๅ), not after a leading vowel
 * (เ แ โ ใ ไ), and not after ั or ็, which always take a final consonant.
 *
 * Why this is sound: a query Q that lies inside a document token T and
 * starts and ends on boundaries is itself such a substring, so the pieces
 * of breaking Q alone — exactly Q's top-level tokens — are among T's
 * terms; and Q's own inner terms are pieces of substrings of Q, hence of
 * T. So every term of the query is a term of the document
 * (test_thai_query_in_document, test_thai_every_substring_query_found).
 * Lone letters are left out of thai_terms for the same reason: no inner
 * piece is that short. Breaking one suffix or prefix only would miss
 * words in the middle (หน้า in เจ้าหน้าที่). The price is fragments in the
 * index (ซื้ from ซื้อ, มา from งบประมาณ); they only ever match queries
 * made of them. A query spanning two document tokens matches only where
 * both are broken alike, as with any dictionary breaker. The work is cubic
 * in the token's length, hence INNER_MAX; dictionary words are far
 * shorter (about 6.7 terms per dictionary word on average).
 *
 * No project word list is loaded: libthai's stock dictionary is used as
 * is, so compounds like จัดซื้อจัดจ้าง come out in parts, in queries and
 * documents alike.
 */
#include "text/thai.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <thai/thbrk.h>
#include <thai/thwchar.h>

#include "text/utf8.h"

#define RUN_MAX    512  /* code points broken at once */
#define WORD_MAX   (RUN_MAX * 4 + 1)
#define GROUP_MAX  3    /* code points in one group of a dotted acronym */
#define ACRO_MAX   32   /* code points in a dotted acronym */
#define INNER_MIN  4    /* shortest token whose inner words are emitted */
#define INNER_MAX  32   /* longest one */
#define PIECE_MIN  2    /* shortest inner word */

static pthread_mutex_t brk_lock = PTHREAD_MUTEX_INITIALIZER;
static ThBrk *brk;

enum sod_err
thai_init(void)
{
	enum sod_err err = SOD_OK;

	pthread_mutex_lock(&brk_lock);
	if (brk == NULL && (brk = th_brk_new(NULL)) == NULL)
		err = SOD_EIO;
	pthread_mutex_unlock(&brk_lock);
	return err;
}

void
thai_shutdown(void)
{
	pthread_mutex_lock(&brk_lock);
	if (brk != NULL)
		th_brk_delete(brk);
	brk = NULL;
	pthread_mutex_unlock(&brk_lock);
}

/* The breaker, loaded on first use if thai_init was not called. */
static ThBrk *
breaker(void)
{
	ThBrk *b;

	pthread_mutex_lock(&brk_lock);
	if (brk == NULL)
		brk = th_brk_new(NULL);
	b = brk;
	pthread_mutex_unlock(&brk_lock);
	return b;
}

enum cls { C_SEP, C_THAI, C_LATIN, C_DIGIT };

static enum cls
classify(uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return C_LATIN;
	if ((cp >= '0' && cp <= '9') || (cp >= 0x0E50 && cp <= 0x0E59))
		return C_DIGIT;
	/* Thai consonants, vowels, tone marks and signs that TIS-620 has;
	 * not ฯ (0E2F), ฿ (0E3F), ๆ (0E46), ๏ (0E4F) nor unassigned points. */
	if ((cp >= 0x0E01 && cp <= 0x0E2E) || (cp >= 0x0E30 && cp <= 0x0E3A) ||
	    (cp >= 0x0E40 && cp <= 0x0E45) || (cp >= 0x0E47 && cp <= 0x0E4E))
		return C_THAI;
	return C_SEP;
}

/* A combining mark (above or below) or a following vowel: never starts a
 * word. */
static bool
is_trailing(uint32_t cp)
{
	return cp == 0x0E30 || cp == 0x0E31 || (cp >= 0x0E32 && cp <= 0x0E3A) ||
	       cp == 0x0E45 || (cp >= 0x0E47 && cp <= 0x0E4E);
}

/* เ แ โ ใ ไ: written before the consonant they follow in speech. */
static bool
is_leading(uint32_t cp)
{
	return cp >= 0x0E40 && cp <= 0x0E44;
}

/* ั and ็ always have a final consonant after them. */
static bool
needs_final(uint32_t cp)
{
	return cp == 0x0E31 || cp == 0x0E47;
}

/* Whether a word may start (or end) at index p of t[0..n). */
static bool
is_boundary(const uint32_t *t, size_t n, size_t p)
{
	if (p == 0 || p == n)
		return true;
	return !is_trailing(t[p]) && !is_leading(t[p - 1]) && !needs_final(t[p - 1]);
}

struct scan {
	ThBrk *brk;
	bool inner;
	thai_word_fn fn;
	void *ctx;
	enum cls cls;              /* class of the run in buf */
	size_t len;
	uint32_t buf[RUN_MAX];
	size_t alen;               /* dotted acronym being collected */
	int agroups;
	uint32_t acro[ACRO_MAX];
};

/* Call fn with cps[0..n) as UTF-8: Latin lower-cased, Thai digits as
 * ASCII. */
static enum sod_err
emit(struct scan *sc, const uint32_t *cps, size_t n)
{
	char word[WORD_MAX];
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t cp = cps[i];

		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		else if (cp >= 0x0E50 && cp <= 0x0E59)
			cp = '0' + (cp - 0x0E50);
		w += utf8_encode(cp, word + w);
	}
	if (w == 0)
		return SOD_OK;
	word[w] = '\0';
	return sc->fn(word, w, sc->ctx);
}

/*
 * Break Thai t[0..n) (1 ≤ n ≤ RUN_MAX, no dots) into pieces; ends_out[k]
 * is the end of piece k, the last is n. Returns the number of pieces.
 */
static size_t
pieces(ThBrk *b, const uint32_t *t, size_t n, size_t ends_out[RUN_MAX])
{
	thchar_t tis[RUN_MAX + 1];
	int pos[RUN_MAX];
	int np;
	size_t k = 0, prev = 0;

	for (size_t i = 0; i < n; i++)
		tis[i] = th_uni2tis((thwchar_t)t[i]);
	tis[n] = 0;
	np = th_brk_find_breaks(b, tis, pos, RUN_MAX);
	for (int j = 0; j < np; j++) {
		if (pos[j] > 0 && (size_t)pos[j] > prev && (size_t)pos[j] < n) {
			prev = (size_t)pos[j];
			ends_out[k++] = prev;
		}
	}
	ends_out[k++] = n;
	return k;
}

/* The inner words of token t[0..n); see the top of the file. */
static enum sod_err
inner_words(struct scan *sc, const uint32_t *t, size_t n)
{
	uint64_t seen[INNER_MAX] = {0};  /* bit e of seen[s]: t[s..e) emitted */
	size_t ends[RUN_MAX];
	enum sod_err err;

	for (size_t a = 0; a < n; a++) {
		if (!is_boundary(t, n, a))
			continue;
		for (size_t b = a + PIECE_MIN; b <= n; b++) {
			size_t k, p = a;

			if (!is_boundary(t, n, b) || (a == 0 && b == n))
				continue;
			k = pieces(sc->brk, t + a, b - a, ends);
			for (size_t j = 0; j < k; j++) {
				size_t q = a + ends[j];

				if (q - p >= PIECE_MIN && !(seen[p] >> q & 1)) {
					seen[p] |= UINT64_C(1) << q;
					if ((err = emit(sc, t + p, q - p)) != SOD_OK)
						return err;
				}
				p = q;
			}
		}
	}
	return SOD_OK;
}

/* One Thai token: itself, then for thai_terms its inner words. A lone
 * letter is no search term: inner words never yield one, so a query's
 * lone letter could not be found inside a longer word. */
static enum sod_err
thai_token(struct scan *sc, const uint32_t *t, size_t n)
{
	enum sod_err err;

	if (sc->inner && n < PIECE_MIN)
		return SOD_OK;
	if ((err = emit(sc, t, n)) != SOD_OK)
		return err;
	if (sc->inner && n >= INNER_MIN && n <= INNER_MAX)
		return inner_words(sc, t, n);
	return SOD_OK;
}

/* Emit the acronym being collected: one token if it has 2+ groups. */
static enum sod_err
acro_flush(struct scan *sc)
{
	enum sod_err err = SOD_OK;

	if (sc->agroups >= 2)
		err = emit(sc, sc->acro, sc->alen);
	else if (sc->agroups == 1)
		err = thai_token(sc, sc->acro, sc->alen);
	sc->alen = 0;
	sc->agroups = 0;
	return err;
}

static void
acro_add(struct scan *sc, const uint32_t *t, size_t n)
{
	memcpy(sc->acro + sc->alen, t, n * sizeof(*t));
	sc->alen += n;
	sc->agroups++;
}

/*
 * The Thai segment in buf ends: with a dot (dot), at the end of its run,
 * or (full) because buf is full, when the last piece is carried over.
 */
static enum sod_err
thai_segment(struct scan *sc, bool dot, bool full)
{
	size_t ends[RUN_MAX], k, start = 0, n = sc->len;
	enum sod_err err;

	if (n == 0)
		return acro_flush(sc);
	/* A group continuing an acronym: dotted, or a last lone letter. */
	if (sc->agroups > 0 && !full && (dot ? n <= GROUP_MAX : n == 1) &&
	    sc->alen + n <= ACRO_MAX) {
		acro_add(sc, sc->buf, n);
		sc->len = 0;
		return dot ? SOD_OK : acro_flush(sc);
	}
	if ((err = acro_flush(sc)) != SOD_OK)
		return err;
	if (dot && n <= GROUP_MAX) {
		acro_add(sc, sc->buf, n);
		sc->len = 0;
		return SOD_OK;
	}
	k = pieces(sc->brk, sc->buf, n, ends);
	for (size_t j = 0; j < k; j++) {
		size_t plen = ends[j] - start;

		if (j == k - 1 && k > 1 && full) {
			memmove(sc->buf, sc->buf + start, plen * sizeof(*sc->buf));
			sc->len = plen;
			return SOD_OK;
		}
		if (j == k - 1 && dot && plen <= GROUP_MAX) {
			acro_add(sc, sc->buf + start, plen);
		} else if ((err = thai_token(sc, sc->buf + start, plen)) != SOD_OK) {
			return err;
		}
		start = ends[j];
	}
	sc->len = 0;
	return SOD_OK;
}

/* The run in buf ends (or buf is full). */
static enum sod_err
run_end(struct scan *sc, bool full)
{
	enum sod_err err;

	if (sc->cls == C_THAI)
		return thai_segment(sc, false, full);
	err = emit(sc, sc->buf, sc->len);
	sc->len = 0;
	return err;
}

static enum sod_err
scan_cp(struct scan *sc, uint32_t cp)
{
	enum cls c = classify(cp);
	enum sod_err err;

	if (cp == '.' && sc->cls == C_THAI && sc->len > 0)
		return thai_segment(sc, true, false);
	if (sc->len > 0 && c != sc->cls && (err = run_end(sc, false)) != SOD_OK)
		return err;
	/* Only a Thai letter right after its dot continues an acronym. */
	if (c != C_THAI && (err = acro_flush(sc)) != SOD_OK)
		return err;
	if (c == C_SEP)
		return SOD_OK;
	if (sc->len == RUN_MAX && (err = run_end(sc, true)) != SOD_OK)
		return err;
	sc->cls = c;
	sc->buf[sc->len++] = cp;
	return SOD_OK;
}

static enum sod_err
words(const char *s, size_t n, bool inner, thai_word_fn fn, void *ctx)
{
	struct scan sc = {.inner = inner, .fn = fn, .ctx = ctx};
	size_t i = 0;
	enum sod_err err;

	if (!utf8_valid(s, n))
		return SOD_EUTF8;
	if ((sc.brk = breaker()) == NULL)
		return SOD_EIO;
	while (i < n) {
		uint32_t cp = 0;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if ((err = scan_cp(&sc, cp)) != SOD_OK)
			return err;
		i += len;
	}
	return scan_cp(&sc, ' ');  /* end the last run */
}

enum sod_err
thai_words(const char *s, size_t n, thai_word_fn fn, void *ctx)
{
	return words(s, n, false, fn, ctx);
}

enum sod_err
thai_terms(const char *s, size_t n, thai_word_fn fn, void *ctx)
{
	return words(s, n, true, fn, ctx);
}
