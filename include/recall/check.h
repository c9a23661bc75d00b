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

/* Append the normalised form of 's' (borrowed; NULL is "") to 'out':
 *
 *  - only the first RC_CHECK_MAX_BYTES bytes are read (cut at a character
 *    boundary), so a pasted 10 kB line costs no more than a 4 kB one;
 *  - case folded by recall's own tables (ASCII, Latin-1, Latin Extended-A,
 *    the pinyin and Romanian letters of Latin Extended-B, Greek with
 *    final sigma, Cyrillic; ß and ẞ become "ss"), the same in every
 *    locale;
 *  - curly quotes, primes, guillemets and backticks made straight: the
 *    single ones (' ` ‘ ’ ‚ ‛ ′ ‹ › ´ ʼ) become ', the double ones
 *    (“ ” „ ‟ ″ « ») become ";
 *  - white space runs (any Unicode space, tab, newline) folded to one
 *    space; control characters, soft hyphens and zero-width spaces dropped;
 *  - leading and trailing space and punctuation removed: . , ; : ! ? ' "
 *    ( ) [ ] { } ¡ ¿ … – — · and their CJK full-width forms, but not the
 *    symbols that can be the answer itself (- + # % $ * / = < > & @ ...),
 *    so "-5" stays "-5" and "(e)" becomes "e".  A text made only of such
 *    punctuation keeps it ("?" stays "?");
 *  - when 'ignore_accents', combining marks dropped and precomposed
 *    letters reduced to their base (é -> e, ł -> l, ǚ -> u, ά -> α,
 *    ё -> е); letters in their own right (æ ß ð þ ŋ œ й) stay.
 *
 * An invalid UTF-8 byte becomes U+FFFD here; inside rc_check_answer() it
 * matches nothing, not even another invalid byte. */
void rc_check_normalize(const char *s, bool ignore_accents, struct rc_buf *out);

/* Check 'given' against 'expected' and each of 'accept' (may be NULL),
 * all normalised as rc_check_normalize() does.  NULL strings count as "".
 *
 * RC_CHECK_RIGHT when the normalised 'given' equals an accepted answer.
 * RC_CHECK_ALMOST when it is exactly one edit (insert, delete, substitute
 * or swap two adjacent characters; counted in characters, not bytes) from
 * an accepted answer whose normalised form is 5 characters or more.
 * RC_CHECK_WRONG otherwise, and always when 'given' normalises to ""
 * (empty or only spaces).  An accepted answer that normalises to "" is
 * skipped.
 *
 * When 'closest' is not NULL it is set to the accepted answer that
 * matched or came nearest (borrowed from the arguments): the first one
 * that is right, else the first that is almost, else the one with the
 * fewest edits (counted up to 32; ties go to the earlier, 'expected'
 * first). */
enum rc_check_result rc_check_answer(const char *given, const char *expected,
                                     const struct rc_strlist *accept,
                                     bool ignore_accents, const char **closest);

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

/* Above this many cells (characters of 'given' times characters of
 * 'expected', once their common start and end are set aside) the diff
 * gives up on the middle and shows it as one EXTRA and one MISSING span:
 * the table costs one bit a cell, so at most 512 kB. */
#define RC_DIFF_MAX_CELLS ((size_t)1 << 22)

/* A character-level diff (whole UTF-8 characters) turning 'given' into
 * 'expected' (both borrowed; NULL is ""), for display.  It is a longest
 * common subsequence of the raw texts, not of their normalised forms, so
 * case and accents show.  An invalid byte is one character that matches
 * nothing.
 *
 * Spans come in text order: the SAME and EXTRA spans, in order, tile
 * 'given' exactly, and the SAME and MISSING spans tile 'expected'.  Where
 * the two differ, the EXTRA span comes before the MISSING one.  Adjacent
 * spans of one kind are merged; empty texts give no spans.  Only the
 * first RC_CHECK_MAX_BYTES of each text are compared: the rest of 'given'
 * ends the diff as one EXTRA span and the rest of 'expected' as one
 * MISSING span.  Sets 'out' (previous contents are not freed); the caller
 * frees it with rc_diff_release(). */
void rc_diff_compute(const char *given, const char *expected,
                     struct rc_diff *out);
/* Free the spans; 'd' may be NULL, zeroed or released already. */
void rc_diff_release(struct rc_diff *d);

#endif /* RECALL_CHECK_H */
