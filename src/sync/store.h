/* store.h -- the sync server's storage, behind one narrow interface.
 *
 * Everything the server remembers lives behind these functions: accounts,
 * session tokens (as hashes), per-token rate-limit counters, groups with
 * their invites, members and published decks, and the change log that
 * push appends to and pull reads.  The HTTP handlers hold no state of
 * their own between requests, and they hold no SQL: store_sqlite.c is the
 * only file that knows the storage is SQLite, so a PostgreSQL backend is
 * one new file implementing this header, with the handlers untouched.
 *
 * The store never sees a password or a token: only their hashes (auth.h).
 * It does not parse JSON either: a change arrives as struct sync_change,
 * its keys already extracted and validated, with its JSON text to keep
 * and hand back to pull verbatim.
 *
 * Threads: one struct sync_store is shared by all the server's worker
 * threads; every function may be called from any thread at once.  Each
 * call borrows a database connection from a small pool inside the store
 * (one connection per thread at a time, as SQLite wants).
 *
 * Errors: every function returns RC_OK or a negative RC_E* code and fills
 * 'err'.  RC_ENOTFOUND, RC_ECONFLICT and RC_EAUTH are answers the caller
 * acts on; RC_EDB (or RC_EIO) is the store's fault and its message may
 * hold SQL detail, so it goes to the log, never to a client. */
#ifndef RECALL_SYNC_STORE_H
#define RECALL_SYNC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/err.h"

struct sync_store; /* opaque: the database and its connection pool */

/* ---- Opening ---------------------------------------------------------- */

/* Open (creating it and the directory's database as needed) the store in
 * directory 'dir' (borrowed; the directory must exist).  The SQLite
 * backend keeps DIR/server.db.  A database with a newer schema than this
 * build knows is refused with RC_ECONFLICT.  On success *out is a new
 * store the caller frees with sync_store_close(). */
int sync_store_open(const char *dir, struct sync_store **out,
                    struct rc_err *err);

/* Close every pooled connection and free 's'.  NULL is a no-op.  No call
 * on 's' may be running. */
void sync_store_close(struct sync_store *s);

/* ---- Accounts and tokens ---------------------------------------------- */

/* Maximum bytes of a password hash string (crypto_pwhash_STRBYTES). */
#define SYNC_STORE_HASH_MAX 128

/* Add account 'user' with password hash 'pwhash'.  RC_ECONFLICT
 * ("user 'ann' exists") when the name is taken. */
int sync_store_account_add(struct sync_store *s, const char *user,
                           const char *pwhash, int64_t now_ms,
                           struct rc_err *err);

/* The id and password hash of account 'user': copies the hash into
 * 'hash' (>= SYNC_STORE_HASH_MAX bytes).  RC_ENOTFOUND when there is no
 * such account. */
int sync_store_account_get(struct sync_store *s, const char *user,
                           int64_t *account_id, char *hash, struct rc_err *err);

/* Remember session token hash 'token_hash' for 'account_id' until
 * 'expires_ms'. */
int sync_store_token_add(struct sync_store *s, int64_t account_id,
                         const char *token_hash, int64_t expires_ms,
                         struct rc_err *err);

/* The account of a live token: sets *account_id and copies its name into
 * 'user' (>= 65 bytes).  RC_EAUTH for an unknown, revoked or expired
 * (expires_ms <= now_ms) token. */
int sync_store_token_check(struct sync_store *s, const char *token_hash,
                           int64_t now_ms, int64_t *account_id, char *user,
                           struct rc_err *err);

/* Revoke a token (a no-op for an unknown one). */
int sync_store_token_revoke(struct sync_store *s, const char *token_hash,
                            struct rc_err *err);

/* Count one request of 'key' (a token hash) in the minute window holding
 * 'now_ms' and set *count to the requests so far in that window, this one
 * included.  Windows older than the previous one are forgotten. */
int sync_store_rate_hit(struct sync_store *s, const char *key, int64_t now_ms,
                        int64_t *count, struct rc_err *err);

/* ---- Groups ----------------------------------------------------------- */

/* Create group 'name' owned by 'owner_id'.  RC_ECONFLICT when the name is
 * taken (group names are global, as user names are). */
int sync_store_group_create(struct sync_store *s, int64_t owner_id,
                            const char *name, int64_t now_ms,
                            struct rc_err *err);

/* The id of group 'name' as 'account_id' may see it: its owner always;
 * a member too unless 'owner_only'.  RC_ENOTFOUND for a group that does
 * not exist and for one the account may not see, alike. */
int sync_store_group_find(struct sync_store *s, int64_t account_id,
                          const char *name, bool owner_only, int64_t *group_id,
                          struct rc_err *err);

/* Add invite code 'code' to 'group_id', valid until 'expires_ms'.
 * RC_ECONFLICT when the code exists (the caller draws another). */
int sync_store_invite_add(struct sync_store *s, int64_t group_id,
                          const char *code, int64_t expires_ms,
                          struct rc_err *err);

/* Join 'account_id' to the group of invite 'code' (joining twice is
 * fine); copy the group's name into 'group' (>= 65 bytes).  RC_ENOTFOUND
 * for an unknown or expired code.  The group's published content is
 * given new sequence numbers, so the new member's next pull brings it
 * whatever its cursor. */
int sync_store_invite_join(struct sync_store *s, int64_t account_id,
                           const char *code, int64_t now_ms, char *group,
                           struct rc_err *err);

/* Publish the owner's deck 'deck' to 'group_id' (again is fine): members
 * see its deck and note changes, present and future.  Its present
 * content is re-sequenced as on join. */
int sync_store_group_publish(struct sync_store *s, int64_t group_id,
                             const char *deck, struct rc_err *err);

/* One review of a group member on a published deck, for the report. */
struct sync_report_row {
    const char *user; /* borrowed for the visit */
    const char *card; /* "deck/note#1"; borrowed for the visit */
    int64_t time_ms;
    int rating;
};
typedef int sync_report_visit_fn(const struct sync_report_row *row, void *arg);

/* Visit the members of 'group_id' other than its owner, each once with
 * card NULL (so a member who never studied is still listed), then their
 * reviews of cards of decks published to the group, ordered by user, card
 * and time.  A visit returning non-zero stops the walk and is returned. */
int sync_store_group_report(struct sync_store *s, int64_t group_id,
                            sync_report_visit_fn *visit, void *arg,
                            struct rc_err *err);

/* ---- Changes ---------------------------------------------------------- */

enum sync_change_type {
    SYNC_CHANGE_REVIEW,
    SYNC_CHANGE_DECK,
    SYNC_CHANGE_NOTE,
    SYNC_CHANGE_FLAG,
};

/* One validated change of a push; every pointer is borrowed. */
struct sync_change {
    enum sync_change_type type;
    const char *key;     /* review id; deck name; "deck/note"; card name */
    const char *deck;    /* the deck it belongs to */
    const char *hlc;     /* deck, note, flag: the clock; NULL for a review */
    const char *card;    /* review: the card name; else NULL */
    int64_t time_ms;     /* review: when; else 0 */
    int rating;          /* review: 1-4; else 0 */
    int64_t duration_ms; /* review: how long, -1 when not given */
    const char *kind;    /* review: study|quiz|manual; NULL when not given */
    /* Deck, note, flag: the change as compact JSON, returned by pull as
     * it came.  A review is kept as the fields above instead (NULL here),
     * which pull turns back into JSON; reviews stored before server
     * schema 3 come back with the body they were kept with. */
    const char *body;
};

struct sync_append_result {
    int64_t accepted;   /* changes kept */
    int64_t duplicates; /* reviews seen before, or not newer by hlc */
    int64_t last_seq;   /* the account's highest sequence number after */
    /* Every change the account may see with a seq in (after, seen_to] came
     * from this batch, so a client whose pull cursor is at 'after' already
     * holds them and may move the cursor to seen_to; 'after' itself when
     * that is not so (something else came in between, or nothing was
     * kept). */
    int64_t seen_to;
};

/* Append a batch for 'account_id' in one transaction (all or nothing):
 * reviews are kept once per (account, id); deck, note and flag changes
 * replace the account's previous one for the same key only when their
 * hlc compares greater (strcmp), else they count as duplicates.  Every
 * kept change gets the next global sequence number, so a batch's kept
 * changes hold consecutive numbers.  'after' is the client's pull cursor
 * (for seen_to). */
int sync_store_append(struct sync_store *s, int64_t account_id, int64_t after,
                      const struct sync_change *changes, size_t n,
                      struct sync_append_result *out, struct rc_err *err);

/* The highest sequence number given out so far, to anyone: how far a
 * pull has to go, for a client's progress bar. */
int sync_store_head(struct sync_store *s, int64_t *seq, struct rc_err *err);

/* A visit returns 0 to go on, SYNC_VISIT_FULL to leave this change for
 * the next pull (the reply is big enough), anything else to stop with
 * that error. */
#define SYNC_VISIT_FULL 1
typedef int sync_change_visit_fn(int64_t seq, const struct sync_change *ch,
                                 void *arg);

/* Visit, in sequence order, up to 'limit' changes after 'after' that
 * 'account_id' may see: its own, and the deck and note changes of decks
 * published to groups it belongs to.  Sets *last_seq to the last change
 * taken ('after' when none) and *more when further changes wait (also
 * when a visit said SYNC_VISIT_FULL).  Another non-zero visit result
 * stops the walk and is returned. */
int sync_store_changes_after(struct sync_store *s, int64_t account_id,
                             int64_t after, size_t limit,
                             sync_change_visit_fn *visit, void *arg,
                             int64_t *last_seq, bool *more, struct rc_err *err);

#endif /* RECALL_SYNC_STORE_H */
