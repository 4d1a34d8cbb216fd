/*
 * fuzz_tip_input.c — libFuzzer harness for the tip as a reporter sends it:
 * the JSON body of POST /api/v1/tips (tip_input_from_json) and the HTML
 * form (form_parse_urlencoded, then tip_input_from_form).
 *
 * The first byte chooses: even, the rest is a JSON body; odd, an
 * urlencoded form. A small arena exercises running out of memory. On
 * SOD_OK every text the parser accepted must be valid UTF-8 within its
 * limits, and the category, date and amount within their ranges; on
 * SOD_EINVAL at least one error is reported, each with a message key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/tip_input.h"
#include "http/form.h"
#include "text/utf8.h"

#define ARENA_CAP (256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s, size_t max_chars, bool multiline)
{
	if (s != NULL && text_check(s, strlen(s), 0, max_chars, multiline) != SOD_OK)
		abort();
}

static void
check_ok(const struct tip_input *in)
{
	if (in->subject == NULL || in->subject[0] == '\0' || in->description == NULL ||
	    in->description[0] == '\0')
		abort();
	check_text(in->subject, TIP_SUBJECT_MAX, false);
	check_text(in->description, TIP_DESCRIPTION_MAX, true);
	check_text(in->accused, TIP_ACCUSED_MAX, true);
	check_text(in->identity_name, TIP_NAME_MAX, false);
	check_text(in->identity_email, 0, false);
	check_text(in->unit, 0, false);
	if (tip_category_name(in->category) == NULL)
		abort();
	if (in->has_amount && (in->amount_satang < 0 || in->amount_satang > TIP_AMOUNT_MAX_SATANG))
		abort();
	if (in->has_incident_date && !date_is_valid(in->incident_date))
		abort();
	if (in->identity_phone != NULL && strspn(in->identity_phone, "0123456789") !=
	    strlen(in->identity_phone))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a;
	struct tip_input in;
	struct tip_errors errs;
	struct form f;
	enum sod_err err;

	if (size < 1 || size > 64 * 1024)
		return 0;
	if ((a = arena_new(ARENA_CAP)) == NULL)
		return 0;
	memset(&errs, 0, sizeof(errs));
	if (data[0] % 2 == 0) {
		err = tip_input_from_json(a, (const char *)data + 1, size - 1, &in, &errs);
	} else {
		err = form_parse_urlencoded(a, (const char *)data + 1, size - 1, 32 * 1024, &f);
		if (err == SOD_OK)
			err = tip_input_from_form(a, &f, &in, &errs);
		else
			err = SOD_ENOMEM;  /* not the tip parser's answer: skip checks */
	}
	if (err == SOD_OK)
		check_ok(&in);
	else if (err == SOD_EINVAL && (errs.n == 0 || errs.n > TIP_MAX_ERRORS))
		abort();
	for (size_t i = 0; err == SOD_EINVAL && i < errs.n; i++)
		if (errs.e[i].key == NULL)
			abort();
	arena_free(&a);
	return 0;
}
