/*
 * names.h — invented Thai people for the demo data.
 *
 * Person i is a fixed function of i alone: a given name (from lists of
 * common male and female Thai names), a family name, a title, and a
 * contact. No clock, no randomness, no locale: the same i gives the same
 * person on every machine. The people are invented; any likeness to a
 * real person is the chance of common names. Romanisations are the ones
 * people write on passports (Royal Institute style, with the common
 * "ee", "oo", "ph" spellings). E-mail addresses use example.org
 * (RFC 2606); Thailand has no reserved range of fictional mobile numbers,
 * so the numbers are only well-formed — never dial or text them.
 */
#ifndef SOD_DOMAIN_NAMES_H
#define SOD_DOMAIN_NAMES_H

#include <stdbool.h>

enum name_sex { NAME_MALE, NAME_FEMALE };

struct demo_name {
	enum name_sex sex;
	const char *title_th;    /* นาย / นาง / นางสาว (some: ดร., ร.ต.อ. for a few executives only when senior is true) */
	const char *title_en;    /* Mr. / Mrs. / Ms. / Dr. … */
	const char *given_th, *given_en;
	const char *family_th, *family_en;
};

/*
 * The i-th invented person (i from 0): deterministic (same i, same name,
 * on every machine and run), plausible, and no two equal (given+family)
 * for i < 10000. senior asks for the titles executives carry. Strings are
 * static; never NULL.
 *
 * senior changes only the title, never the person. Names repeat only after
 * i passes twice the smaller (given × family) product (more than 15,000).
 */
void demo_name(unsigned i, bool senior, struct demo_name *out);

/*
 * An invented but well-formed contact for person i: a mobile number in the
 * national form (10 digits, 06/08/09…, deterministic, unique for i < 10000)
 * and an e-mail address at the reserved domain example.org (RFC 2606),
 * romanised from the English name (lower case, e.g. somchai.jaidee7@example.org).
 *
 * With n from demo_name(i, …) the address is unique for i < 10000 too. Any
 * n is accepted: only ASCII letters of its English names are kept, the
 * local part is at most 64 bytes (RFC 5321) and "person" stands in for a
 * name with no letters. Both outputs are always NUL-terminated.
 */
void demo_contact(unsigned i, const struct demo_name *n, char phone_out[11], char email_out[96]);

#endif
