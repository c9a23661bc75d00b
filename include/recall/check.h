/* check.h -- is a typed answer right?
 *
 * Learners type answers on phones and laptops with different keyboards,
 * so a fair check forgives what does not matter -- letter case, space and
 * punctuation around the answer, repeated spaces, curly versus straight
 * quotes and apostrophes, and accents where the card allows it -- and
 * reports a near miss (one edit, Damerau-Levenshtein, for answers of five
 * characters or more) as "almost" rather than wrong.  Text is UTF-8;
 * invalid bytes never match anything and never crash.
 *
 * Not here: scheduling (sched.h), deciding the grade (the front end
 * suggests Again for wrong and Good for right). */
#ifndef RECALL_CHECK_H
#define RECALL_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "recall/buf.h"
#include "recall/deck.h"

#define RC_CHECK_MAX_BYTES 4096 /* longer answers are compared cut here */

enum rc_check_result {
    RC_CHECK_WRONG,
    RC_CHECK_ALMOST, /* one edit away from an accepted answer */
    RC_CHECK_RIGHT,
};

/* Append the normalised form of 's' to 'out': case folded, quotes and
 * apostrophes made straight, white space runs folded to one space,
 * leading and trailing space and punctuation removed, and, when
 * 'ignore_accents', accents removed (é -> e). */
void rc_check_normalize(const char *s, bool ignore_accents,
                        struct rc_buf *out);

/* Check 'given' against 'expected' and each of 'accept' (may be NULL).
 * When 'closest' is not NULL it is set to the accepted answer that
 * matched or came nearest (borrowed from the arguments). */
enum rc_check_result rc_check_answer(const char *given, const char *expected,
                                     const struct rc_strlist *accept,
                                     bool ignore_accents,
                                     const char **closest);

/* One piece of a character diff between what was typed and what was
 * expected. */
enum rc_diff_op {
    RC_DIFF_SAME,    /* in both */
    RC_DIFF_MISSING, /* expected, not typed */
    RC_DIFF_EXTRA,   /* typed, not expected */
};

struct rc_diff_span {
    enum rc_diff_op op;
    size_t start; /* byte offset into the typed text (EXTRA, SAME) or
                     the expected text (MISSING) */
    size_t len;   /* bytes; always whole UTF-8 characters */
};

struct rc_diff {
    struct rc_diff_span *v;
    size_t n;
};

/* A character-level diff (whole UTF-8 characters) turning 'given' into
 * 'expected', for display.  The caller frees it with rc_diff_release(). */
void rc_diff_compute(const char *given, const char *expected,
                     struct rc_diff *out);
void rc_diff_release(struct rc_diff *d);

#endif /* RECALL_CHECK_H */
