/* deck_int.h -- privates shared by the deck parser, checker, writer,
 * stamper and card renderer (deck_parse.c, deck_check.c, deck_link.c, deck.c,
 * deck_write.c, deck_stamp.c, card.c).
 *
 * deck_parse.c cuts a file into blocks of fields; deck_check.c turns each
 * finished block into a note or the header; deck_link.c then checks the
 * deck as a whole (ids, pools, source quotes).  Both append to one struct
 * deck_parser, which collects the diagnostics and sorts them by line at
 * the end.  Nothing here is part of librecall's API. */
#ifndef RECALL_DECK_INT_H
#define RECALL_DECK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/buf.h"
#include "recall/deck.h"
#include "recall/err.h"

/* Every field any block may hold; the table in deck_check.c names them. */
enum deck_field {
    F_Q,
    F_A,
    F_TEXT,
    F_OPTIONS,
    F_ITEMS,
    F_ACCEPT,
    F_POOL,
    F_TAGS,
    F_SOURCE,
    F_HINT,
    F_EXPLAIN,
    F_IGNORE_ACCENTS,
    F_TITLE,
    F_SOURCE_FILE,
    F_SCHEDULER,
    F_RETENTION,
    F_NEW_PER_DAY,
    F_REVIEWS_PER_DAY,
    F_LEARNING_STEPS,
    F_RELEARNING_STEPS,
    F_MAXIMUM_INTERVAL,
    F_LEECH_THRESHOLD,
    DECK_N_FIELDS
};

/* The header is a block kind of its own, after the note kinds. */
#define DECK_HEADER ((int)RC_KIND_POOL + 1)

/* Longest field name as written that deck_check.c recognises. */
#define DECK_FIELD_NAME_MAX 24

/* One field of the block being read.  Text fields collect into 'text';
 * list fields into 'items', with each item's line beside it.  The items'
 * strings are already the deck's (its arena); the arrays are the
 * reader's, kept from block to block ('items_alloc' entries each), so
 * never rc_strlist_add() to 'items' or release it. */
struct deck_value {
    int line;                           /* 0 while absent */
    char name[DECK_FIELD_NAME_MAX + 1]; /* as written, for messages */
    struct rc_buf text;
    struct rc_strlist items;
    int *item_lines;
    size_t items_alloc;
};

struct deck_block {
    int kind; /* enum rc_kind or DECK_HEADER */
    int line;
    unsigned used; /* bit f set when f[f] was written: what to reset */
    struct rc_buf id;
    struct deck_value f[DECK_N_FIELDS];
};

/* What the deck-level checks need of a note beside the note itself:
 * lines of fields they point at, and its written id's hash, taken while
 * the id was in cache (a small array walks faster than the notes). */
struct deck_note_lines {
    int answer;
    int pool;
    int source;
    bool has_id;     /* the file gave the id */
    uint32_t id_tag; /* deck_id_tag(id) when has_id */
};

struct deck_parser {
    const char *path;
    struct rc_deck *deck;
    size_t notes_alloc;
    struct deck_note_lines *lines; /* parallel to deck->notes */
    bool have_header;
    int header_line;        /* 0 when there is none */
    int source_file_line;   /* 0 when there is none */
    struct rc_diags diags;  /* this parse's, unsorted */
    struct rc_buf quote[2]; /* deck_quote()'s */
    struct rc_buf tags;     /* normalising one note's tags (deck_check.c) */
    char **words;           /* the words of 'tags', 'words_alloc' of them */
    size_t words_alloc;
    /* Kept as notes are finished, so the deck-wide checks visit only the
     * notes that concern them. */
    size_t n_derived;    /* notes without an id */
    size_t n_pool_refs;  /* choice notes that name a pool */
    size_t n_card_notes; /* notes other than pools */
    size_t first_source; /* index + 1 of the first source quote, or 0 */
};

/* Make the heap block 'block' (from rc_xmalloc()) the deck's: freed by
 * rc_deck_free() with the arena (deck.c). */
void deck_arena_adopt(struct rc_deck *deck, void *block);

/* Append "FILE:LINE: [warning: ]MSG" to p->diags. */
void deck_diag(struct deck_parser *p, int line, bool is_error, const char *fmt,
               ...) __attribute__((format(printf, 4, 5)));

/* 's' made fit for quoting in a message: at most 60 bytes, cut at a
 * character boundary and marked with "...".  Borrowed from p->quote[slot]
 * (slot 0 or 1), valid until the next call with that slot. */
const char *deck_quote(struct deck_parser *p, int slot, const char *s);

/* s[0..len) equals the NUL-terminated field or kind name 'name',
 * ignoring ASCII case.  Names are ASCII, and a deck reads the same under
 * every locale, which strncasecmp() does not promise; inline, as every
 * line asks. */
static inline bool deck_name_eq(const char *s, size_t len, const char *name)
{
    for (size_t i = 0; i < len; i++) {
        char a = s[i], b = name[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (b == '\0' || a != b)
            return false;
    }
    return name[len] == '\0';
}

/* Field table (deck_check.c). */
int deck_field_lookup(const char *name, size_t len); /* -1 when unknown */
bool deck_field_is_list(int field);
/* The known name closest to 'name' within a small edit distance, or NULL. */
const char *deck_field_suggest(const char *name, size_t len);
/* "to a basic card", "to the header"... and "basic card", "header"... */
bool deck_field_allowed(int kind, int field);
const char *deck_kind_phrase(int kind, bool with_article);

/* Turn the finished block into a note or the header, reporting what is
 * wrong with it alone (deck_check.c). */
void deck_finish_block(struct deck_parser *p, struct deck_block *b);
/* The hash deck_link.c files a note's id under. */
uint32_t deck_id_tag(const char *id);
/* Checks across notes, after the last block (deck_link.c). */
void deck_check_deck(struct deck_parser *p);

/* A copy of 's' with each run of ASCII white space made one space and
 * none at either end (deck.c); caller frees with free(). */
char *deck_fold_space(const char *s);
/* The same for s[0..len), written to 'out' (len + 1 bytes, NUL added);
 * returns the folded length. */
size_t deck_fold_into(char *out, const char *s, size_t len);

/* The content hash of 'note' with 'id' in place of note->id (deck.c). */
uint64_t deck_note_hash(const struct rc_note *note, const char *id);

/* Read the whole file at 'path' into *text (NUL-terminated; caller frees
 * with free()), refusing files over RC_DECK_MAX_BYTES with RC_ELIMIT and
 * unreadable ones with RC_EIO; 'err' reads "PATH: reason" (deck.c). */
int deck_read_file(const char *path, char **text, size_t *len,
                   struct rc_err *err);

/* deck_read_file() in pieces, for reading as you go.  Open 'path', set
 * *fd (the caller close()s it; -1 on failure) and *size (a regular file's
 * size, else 0), refusing a regular file over the limit.  Then read up to
 * 'cap' bytes into 'buf', setting *got (0 at the end of the file), where
 * 'total' bytes were read before: RC_ELIMIT once the total passes
 * RC_DECK_MAX_BYTES.  Errors as deck_read_file()'s. */
int deck_open_file(const char *path, int *fd, size_t *size, struct rc_err *err);
int deck_read_chunk(int fd, const char *path, char *buf, size_t cap,
                    size_t total, size_t *got, struct rc_err *err);

/* Cloze deletions (card.c). */
enum deck_cloze {
    DECK_CLOZE_OK,
    DECK_CLOZE_UNBALANCED,
    DECK_CLOZE_EMPTY,
};

struct deck_cloze_span {
    size_t start, end;           /* the whole {{...}}, end exclusive */
    size_t ans_start, ans_end;   /* the answer inside */
    size_t hint_start, hint_end; /* the hint after "::", empty if none */
};

/* Scan 'text' and count its deletions into *n; on error *n is the count
 * before the bad mark. */
enum deck_cloze deck_cloze_scan(const char *text, size_t *n);

#endif /* RECALL_DECK_INT_H */
