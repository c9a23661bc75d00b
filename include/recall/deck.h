/* deck.h -- the deck-file parser and writer (decks/FORMAT.md).
 *
 * Plain text in, a struct rc_deck out: the header options and the notes,
 * each of which gives one or more cards.  The parser reports every problem
 * in a file as a diagnostic "FILE:LINE: message", not only the first, and
 * a deck with any error is not returned.  The writer turns a deck back
 * into canonical text that parses to the same notes (same content hashes).
 *
 * Not here: the database (import.h), showing a card (card.h). */
#ifndef RECALL_DECK_H
#define RECALL_DECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/buf.h"
#include "recall/err.h"

#define RC_DECK_MAX_BYTES ((size_t)64 << 20) /* a deck file's ceiling */
#define RC_DECK_MAX_STEPS 16                 /* learning or relearning */
#define RC_DECK_MAX_ID    64                 /* bytes in a deck or note id */
/* A source file's ceiling: the collection keeps a copy and sync sends it
 * inside one change, under the server's 8 MiB body. */
#define RC_DECK_MAX_SOURCE_BYTES ((size_t)4 << 20)

enum rc_kind {
    RC_KIND_BASIC,
    RC_KIND_REVERSED,
    RC_KIND_CLOZE,
    RC_KIND_TYPED,
    RC_KIND_CHOICE,
    RC_KIND_ORDER,
    RC_KIND_POOL, /* a named answer list for choice notes; gives no card */
};

/* "basic", "reversed"...; NULL for a value out of range. */
const char *rc_kind_name(enum rc_kind kind);
/* Parse a kind name; return 0 and set *out, or -1 when unknown. */
int rc_kind_parse(const char *name, enum rc_kind *out);

enum rc_scheduler {
    RC_SCHED_FSRS,
    RC_SCHED_SM2,
};

struct rc_deck_options {
    enum rc_scheduler scheduler;               /* default RC_SCHED_FSRS */
    double retention;                          /* default 0.9 */
    int new_per_day;                           /* default 20 */
    int reviews_per_day;                       /* default 200 */
    int maximum_interval_days;                 /* default 36500 */
    int leech_threshold;                       /* default 8; 0 = off */
    int learning_steps_min[RC_DECK_MAX_STEPS]; /* default 1, 10 */
    size_t n_learning_steps;
    int relearning_steps_min[RC_DECK_MAX_STEPS]; /* default 10 */
    size_t n_relearning_steps;
};

/* Set 'o' to the documented defaults. */
void rc_deck_options_default(struct rc_deck_options *o);

/* A list of owned strings.  A zeroed struct is empty.  Grow it only with
 * rc_strlist_add(): the capacity is implied by n (the next power of two),
 * so an array allocated by hand must not be appended to. */
struct rc_strlist {
    char **v;
    size_t n;
};

void rc_strlist_add(struct rc_strlist *l, const char *s);
void rc_strlist_release(struct rc_strlist *l);

/* One note: a block of the file.  Every string, and the list's array, is
 * owned by the deck's arena (see struct rc_deck): never free() one, and
 * never grow the list with rc_strlist_add() or release it.  No string is
 * NULL after a successful parse ("" when absent), except 'pool', which is
 * NULL unless a choice note names one. */
struct rc_note {
    enum rc_kind kind;
    char *id;               /* as written, or derived when id_derived */
    bool id_derived;        /* the file gave no id */
    int line;               /* line of the block start, 1-based */
    char *front;            /* Q, or the cloze text with its {{...}} marks */
    char *back;             /* A; "" for cloze, order and pool */
    struct rc_strlist list; /* options (choice), items (order, pool),
                               accept (typed) */
    char *pool;             /* choice: the pool's name, or NULL */
    char *tags;   /* lowercase words, sorted, each once, one space apart */
    char *source; /* the quote, white space runs folded to one space */
    char *hint;
    char *explain;
    bool ignore_accents; /* typed: "e" matches "é" */
    uint64_t hash;       /* content hash of every field above but line */
};

/* Cards a note gives: 2 for reversed, one per deletion for cloze, 0 for
 * a pool, 1 otherwise. */
size_t rc_note_card_count(const struct rc_note *note);

/* A parsed (or loaded) deck.  Every string below, the notes' strings and
 * their lists' arrays live in one arena owned by the deck, a few large
 * blocks that rc_deck_free() releases at once; only 'notes' itself is a
 * separate heap array (rc_xrealloc), also freed by rc_deck_free().  A
 * zeroed struct from rc_xcalloc() is an empty deck: code that builds a
 * deck by hand (catalog.c) takes its strings from rc_deck_strdup() and
 * rc_deck_alloc(), never from malloc(). */
struct rc_deck {
    char *path; /* the file as given to the parser */
    char *id;   /* deck: */
    char *title;
    char *source_file; /* as written in the header, or "" */
    char *source_path; /* resolved against the deck file's directory, or "" */
    char *source_text; /* the source file's contents, or "" */
    struct rc_deck_options options;
    struct rc_note *notes; /* in file order, pools included */
    size_t n_notes;
    struct rc_deck_arena *arena; /* private: owns the strings; NULL until
                                    the first rc_deck_alloc() */
};

/* One diagnostic, already formatted: "FILE:LINE: message" for errors,
 * "FILE:LINE: warning: message" for warnings. */
struct rc_diag {
    int line;
    bool is_error;
    char *msg;
};

/* A zeroed struct is an empty list. */
struct rc_diags {
    struct rc_diag *v;
    size_t n;
    size_t n_errors;
};

void rc_diags_release(struct rc_diags *d);

/* Parse the deck file at 'path' (borrowed for the call).
 *
 * Every error and warning is appended to 'diags' (may be NULL).  On
 * success (no errors; warnings allowed) return RC_OK and set *out to a new
 * deck, which the caller frees with rc_deck_free().  On failure return
 * RC_EIO (unreadable file), RC_ELIMIT (over RC_DECK_MAX_BYTES) or
 * RC_EPARSE, leave *out NULL, and put the first error's text in 'err'. */
int rc_deck_parse_file(const char *path, struct rc_deck **out,
                       struct rc_diags *diags, struct rc_err *err);

/* As rc_deck_parse_file(), on 'len' bytes of 'text' (borrowed) that were
 * read from 'path'; 'path' names the file in diagnostics and is the base
 * for resolving 'source-file'. */
int rc_deck_parse_buf(const char *path, const char *text, size_t len,
                      struct rc_deck **out, struct rc_diags *diags,
                      struct rc_err *err);

/* Free 'deck' (may be NULL): its arena, so every string it holds, and
 * its notes array. */
void rc_deck_free(struct rc_deck *deck);

/* Room for 'n' objects of 'size' bytes owned by 'deck', aligned for any
 * type of that size, uninitialised.  It lives until rc_deck_free(deck)
 * and is never passed to free().  Aborts on overflow or when memory runs
 * out, as rc_xcalloc() does. */
void *rc_deck_alloc(struct rc_deck *deck, size_t n, size_t size);

/* A copy of the NUL-terminated 's' (borrowed), or of its first 'len'
 * bytes plus a NUL, owned by 'deck' as with rc_deck_alloc(). */
char *rc_deck_strdup(struct rc_deck *deck, const char *s);
char *rc_deck_strndup(struct rc_deck *deck, const char *s, size_t len);

/* Append the canonical text of 'deck' to 'out': the header (options only
 * where they differ from the defaults), then every note in order.
 * 'source_file' (borrowed) is written as the header's source-file; pass
 * deck->source_file to keep it.  Parsing the result gives notes with the
 * same ids and hashes. */
void rc_deck_write(const struct rc_deck *deck, const char *source_file,
                   struct rc_buf *out);

/* Rewrite the deck file at 'path' in place, writing each derived id after
 * its kind ("basic:" becomes "basic: between-which-years-3f2a") and
 * changing nothing else.  Sets *n_stamped to the number of ids written.
 * The file must parse without errors; it is replaced atomically (written
 * to a temporary file beside it, then renamed). */
int rc_deck_stamp(const char *path, size_t *n_stamped, struct rc_diags *diags,
                  struct rc_err *err);

#endif /* RECALL_DECK_H */
