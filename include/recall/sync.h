/* sync.h -- the collection's side of sync: what to push, and applying
 * what was pulled.
 *
 * The review log is the truth (DESIGN.md), so sync exchanges reviews
 * (kept once per id), deck and note content (last writer wins per deck
 * and per note, by hlc.h's clock; a retired note is a tombstone) and card
 * flags (last writer wins per card).  A card's schedule is never sent:
 * after a pull every card that got reviews is replayed, so its state is
 * what the merged log gives, whatever order the reviews arrived in.
 *
 * Changes are plain C structs here; turning them into the JSON of
 * docs/sync-protocol.md, and talking to a server, is src/sync's job.
 * State per profile (sync_state): the server it syncs with, the last
 * server sequence number applied, and how far content has been pushed.
 * Everything moves only when a batch is done: a push acknowledged by the
 * server (rc_sync_push_done) or a pulled batch applied (rc_sync_apply),
 * each in one transaction, so an interrupted sync is finished by the
 * next one with nothing lost or applied twice.
 *
 * Not here: HTTP, JSON, tokens (src/sync). */
#ifndef RECALL_SYNC_H
#define RECALL_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/err.h"

struct rc_collection;

#define RC_SYNC_MAX_BATCH 500 /* changes in one push, as the protocol caps */

enum rc_sync_type {
    RC_SYNC_REVIEW,
    RC_SYNC_DECK,
    RC_SYNC_NOTE,
    RC_SYNC_FLAG,
};

/* One change.  Every string is owned by the change (malloc'd; released by
 * rc_sync_change_release) and only those of its type are set; the others
 * are NULL.  A zeroed struct is a valid empty change. */
struct rc_sync_change {
    enum rc_sync_type type;
    int64_t seq; /* pulled: the server's sequence number; else 0 */
    char *id;    /* review: 32 lowercase hex digits */
    char *card;  /* review, flag: "DECK/NOTE#ORD" */
    char *deck;  /* deck, note: the deck's key */
    char *note;  /* note: its key */
    char *hlc;   /* deck, note, flag */
    /* review */
    int64_t time_ms;
    int rating; /* 1-4 */
    int64_t duration_ms;
    char *kind; /* review: study|quiz|manual; note: basic, reversed... */
    /* deck */
    char *title;
    char *source_file;
    char *source_text; /* at most RC_DECK_MAX_SOURCE_BYTES; pulled: may be
                          NULL for "" */
    char *scheduler;   /* "fsrs" or "sm2" */
    double retention;
    int new_per_day;
    int reviews_per_day;
    char *learning_steps; /* deck-file text: "1m 10m" */
    char *relearning_steps;
    int maximum_interval;
    int leech_threshold;
    /* note */
    bool retired;
    int64_t position;
    char *front;
    char *back;
    char **items; /* n_items strings, none holding a newline */
    size_t n_items;
    char *pool; /* NULL unless a choice note names one */
    char *tags;
    char *source;
    char *hint;
    char *explain;
    bool ignore_accents;
    /* flag */
    bool suspended;
    int64_t buried_until_ms;
};

/* Free what 'ch' owns and zero it; a zeroed change is a no-op. */
void rc_sync_change_release(struct rc_sync_change *ch);

/* A list of changes.  A zeroed struct is empty. */
struct rc_sync_batch {
    struct rc_sync_change *v;
    size_t n;
    size_t n_reviews; /* of which reviews */
    /* push: where the content cursor goes once the server acknowledged
     * this batch, and the revlog rowid of its last review (private to
     * sync.c; a batch after this one starts there) */
    bool has_cursor;
    char cursor_hlc[40];
    int cursor_tbl;
    int64_t cursor_id;
    int64_t review_rowid;
};

/* A new zeroed change at the end of 'b' (pointer valid until the next
 * append). */
struct rc_sync_change *rc_sync_batch_add(struct rc_sync_batch *b);

/* Release every change and the array; 'b' is zeroed. */
void rc_sync_batch_release(struct rc_sync_batch *b);

/* ---- Where a profile stands ---------------------------------------- */

/* Remember that the profile syncs with 'server_url' (borrowed).  A
 * different server than the one before starts over: nothing pulled yet,
 * every review and all content to push again. */
int rc_sync_bind(struct rc_collection *c, int64_t profile_id,
                 const char *server_url, struct rc_err *err);

/* The last server sequence number applied for the profile (0: none, or
 * never bound). */
int rc_sync_last_seq(struct rc_collection *c, int64_t profile_id, int64_t *out,
                     struct rc_err *err);

/* ---- Push ------------------------------------------------------------ */

/* Fill 'out' (empty on entry) with at most 'max' (<= RC_SYNC_MAX_BATCH)
 * changes the server has not acknowledged: this collection's deck, note
 * and flag changes after the push cursor (in clock order, decks before
 * their notes), then unsynced reviews of the profile.  Content never
 * stamped (from before sync existed) is stamped first.  An empty batch
 * means nothing is left.  Calling it again before rc_sync_push_done()
 * gives the same changes. */
int rc_sync_push_next(struct rc_collection *c, int64_t profile_id, size_t max,
                      struct rc_sync_batch *out, struct rc_err *err);

/* As rc_sync_push_next(), but the changes that follow 'prev', a batch
 * from either function that is on its way and not acknowledged yet: so
 * a client can read the next batch while the server stores this one.
 * The batches must then be acknowledged in order. */
int rc_sync_push_after(struct rc_collection *c, int64_t profile_id,
                       const struct rc_sync_batch *prev, size_t max,
                       struct rc_sync_batch *out, struct rc_err *err);

/* How many changes rc_sync_push_next() has left to give (content never
 * stamped is not counted until it is): the total of a progress bar. */
int rc_sync_push_count(struct rc_collection *c, int64_t profile_id, size_t *n,
                       struct rc_err *err);

/* The server acknowledged 'b' (from rc_sync_push_next): mark its reviews
 * synced and move the content cursor past it, in one transaction.  The
 * server also said that every change the profile may see with a seq in
 * (after, seen_to] came from 'b' (the changes it just pushed), so if the
 * pull cursor still is 'after' it moves to 'seen_to' -- the first sync
 * of a big collection does not pull its own reviews back.  Pass
 * seen_to <= after when the server said nothing. */
int rc_sync_push_done(struct rc_collection *c, int64_t profile_id,
                      const struct rc_sync_batch *b, int64_t after,
                      int64_t seen_to, struct rc_err *err);

/* ---- Pull ------------------------------------------------------------ */

struct rc_sync_apply_stats {
    size_t reviews;    /* new reviews in the log */
    size_t pending;    /* reviews parked until their card arrives */
    size_t content;    /* deck, note and flag changes taken */
    size_t duplicates; /* changes already known, or older than ours */
    size_t replayed;   /* cards whose state was rebuilt */
};

/* Apply the pulled changes 'v' (n of them, borrowed) for the profile and
 * record 'last_seq' as applied, in one transaction: reviews with a new id
 * go into the log (reviews and flag changes of unknown cards wait, and
 * are retried after content arrives), deck/note/flag changes are taken when
 * their hlc is greater than the local one, and then every card that got
 * reviews is replayed.  Adds to *stats (may be NULL).  RC_EPARSE for a
 * malformed change; nothing is written on failure.  Applying the same
 * batch again changes nothing.  The profile must be bound. */
int rc_sync_apply(struct rc_collection *c, int64_t profile_id,
                  const struct rc_sync_change *v, size_t n, int64_t last_seq,
                  struct rc_sync_apply_stats *stats, struct rc_err *err);

/* Split a card name "DECK/NOTE#ORD" into its parts (deck and note into
 * buffers of at least 65 bytes).  Returns 0, or -1 when malformed. */
int rc_sync_card_name_split(const char *name, char *deck, char *note,
                            int64_t *ord);

#endif /* RECALL_SYNC_H */
