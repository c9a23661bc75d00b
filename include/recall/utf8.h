/* utf8.h -- checking that bytes are well-formed UTF-8.
 *
 * recall validates text where it enters (deck files, sync bodies) and
 * trusts it everywhere after.  "Well-formed" is RFC 3629: no overlong
 * forms, no UTF-16 surrogates, nothing above U+10FFFF.  U+0000 is a
 * well-formed character here; callers that keep C strings reject NUL
 * themselves.
 *
 * Not here: display width (term.c), case folding or accents (answer.h). */
#ifndef RECALL_UTF8_H
#define RECALL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes in the well-formed sequence starting at s[0] (1 to 4), or 0 when
 * s[0..len) does not start with one (len 0 gives 0). */
size_t rc_utf8_seq_len(const char *s, size_t len);

/* Length of the longest well-formed prefix of s[0..len); 'len' when all
 * of it is well-formed. */
size_t rc_utf8_valid_prefix(const char *s, size_t len);

/* True when s[0..len) is well-formed UTF-8. */
bool rc_utf8_valid(const char *s, size_t len);

/* Length of the longest prefix of s[0..len) that is at most 'max' bytes
 * and does not end inside a sequence: where to cut a valid string. */
size_t rc_utf8_cut(const char *s, size_t len, size_t max);

#endif /* RECALL_UTF8_H */
