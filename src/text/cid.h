/*
 * cid.h — the Thai citizen identification number (เลขประจำตัวประชาชน).
 *
 * 13 digits; the last is a check digit: sum = Σ_{i=1..12} d_i × (14 − i),
 * check = (11 − sum mod 11) mod 10. People type it with dashes or spaces
 * (1-1120-34563-56-2) and sometimes in Thai digits; both are accepted.
 */
#ifndef SOD_TEXT_CID_H
#define SOD_TEXT_CID_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Normalise s[0..n) to 13 ASCII digits in out (14 bytes with NUL), ignoring
 * spaces and dashes and accepting Thai digits, then check the check digit.
 * False if anything else is present, the count is not 13, or the check fails.
 */
bool cid_normalise(const char *s, size_t n, char out[14]);

/* Masked for logs and exports: "1-1120-xxxxx-xx-2" style, from 13 digits. */
void cid_mask(const char digits[14], char out[18]);

#endif
