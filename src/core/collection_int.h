/* collection_int.h -- what core modules share about the connection.
 *
 * Only src/core includes this.  Statements come from the table in sql.c,
 * prepared once per collection and cached; rc_stmt() hands one out
 * reset, with the previous use's bindings still in place, so a user binds
 * every parameter (NULLs included) every time. */
#ifndef RECALL_COLLECTION_INT_H
#define RECALL_COLLECTION_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "recall/collection.h"
#include "recall/deck.h"
#include "sql.h"

struct rc_collection {
    sqlite3 *db;
    sqlite3_stmt *stmts[RC_SQL_COUNT];
    int tx_depth; /* 1 while a transaction from rc_tx_begin() is open */
};

/* The cached statement 'id', ready to bind, or NULL with 'err' filled. */
sqlite3_stmt *rc_stmt(struct rc_collection *c, enum rc_sql id,
                      struct rc_err *err);

/* Reset a statement from rc_stmt() after use (safe on NULL). */
void rc_stmt_done(sqlite3_stmt *st);

/* Fill 'err' with "WHAT: sqlite's message" and return RC_EDB.  Call it
 * right after the failing call: the next call overwrites the message. */
int rc_err_db(struct rc_err *err, sqlite3 *db, const char *what);

/* Step a statement that returns no row; RC_OK or RC_EDB. */
int rc_stmt_exec(struct rc_collection *c, sqlite3_stmt *st, const char *what,
                 struct rc_err *err);

/* Run the migrations (migrate.c) up to RC_SCHEMA_VERSION. */
int rc_migrate(struct rc_collection *c, struct rc_err *err);

/* Bind helpers: text by SQLITE_TRANSIENT unless the caller keeps it. */
int rc_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Read a deck's options from 8 columns starting at 'first', in the order
 * scheduler, retention, new_per_day, reviews_per_day, learning_steps,
 * relearning_steps, maximum_interval, leech_threshold (import.c). */
int rc_deck_options_from_row(sqlite3_stmt *st, int first,
                             struct rc_deck_options *o, struct rc_err *err);

struct rc_sched_state;

/* Store a card's state and flags for a profile (STATE_PUT), inside the
 * caller's transaction (answer.c; used by sync_apply.c too). */
int rc_card_state_store(struct rc_collection *c, int64_t profile_id,
                        int64_t card_id, const struct rc_sched_state *s,
                        bool suspended, bool leech, struct rc_err *err);

/* Rebuild card 'card_id''s state for the profile from its log under its
 * deck's current options (rc_card_replay) and store it, keeping its
 * flags.  A card that becomes a leech by the log is marked, and
 * suspended unless a flag change (an unsuspend) came after that.  Inside
 * the caller's transaction (answer.c; used by sync and import). */
int rc_card_rebuild(struct rc_collection *c, int64_t profile_id,
                    int64_t card_id, struct rc_err *err);

/* rc_card_rebuild every card of deck 'deck_id' that has reviews, in
 * every profile: after its scheduling options changed, so that every
 * collection holding the same log holds the same states. */
int rc_deck_rebuild(struct rc_collection *c, int64_t deck_id,
                    struct rc_err *err);

#endif /* RECALL_COLLECTION_INT_H */
