/* store_sqlite_int.h -- what the two files of the SQLite store share.
 *
 * store_sqlite.c holds the connection pool, the schema, every SQL
 * statement and the accounts and tokens; store_sqlite_log.c the groups
 * and the change log.  Both speak to SQLite through these helpers, and
 * nothing outside store_sqlite*.c includes this header. */
#ifndef RECALL_SYNC_STORE_SQLITE_INT_H
#define RECALL_SYNC_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>

#include "store.h"

#define NAME_BYTES 65

enum store_stmt {
    S_BEGIN,
    S_COMMIT,
    S_ROLLBACK,
    S_ACCOUNT_ADD,
    S_ACCOUNT_GET,
    S_TOKEN_ADD,
    S_TOKEN_CHECK,
    S_TOKEN_REVOKE,
    S_RATE_HIT,
    S_RATE_PRUNE,
    S_GROUP_CREATE,
    S_GROUP_FIND,
    S_INVITE_ADD,
    S_INVITE_FIND,
    S_MEMBER_ADD,
    S_PUBLISH,
    S_GROUP_DECKS,
    S_RESEQ_LIST,
    S_SEQ_GET,
    S_SEQ_SET,
    S_CHANGE_GET,
    S_CHANGE_INSERT,
    S_REVIEW_INSERT,
    S_CHANGE_UPDATE,
    S_ACCOUNT_LAST,
    S_CHANGES_AFTER,
    S_VISIBLE_BETWEEN,
    S_REPORT_MEMBERS,
    S_REPORT_REVIEWS,
    N_STMT
};

/* One connection and its statements; statements are prepared on first
 * use and kept until the connection closes. */
struct conn {
    sqlite3 *db;
    sqlite3 *rate_db; /* DIR/rate.db: the request counters (see store.h) */
    sqlite3_stmt *st[N_STMT];
    struct conn *next;           /* in the store's free list */
    pthread_mutex_t *write_lock; /* held while a writer (store_acquire_write) */
};

/* "what: sqlite's message" into err; returns RC_EDB. */
int store_db_err(struct rc_err *err, sqlite3 *db, const char *what);

/* Borrow a connection from the pool (opening one if none is idle); NULL
 * with err set on failure.  Give it back with store_release(). */
struct conn *store_acquire(struct sync_store *s, struct rc_err *err);

/* The same for a connection that will write server.db: it also holds the
 * store's write mutex until released.  Writers of this process queue on
 * the mutex and are woken the moment it is free, where SQLite's busy
 * handler would have them sleep and poll (up to 100 ms a try: most of the
 * p99 under load).  Another process writing still meets busy_timeout. */
struct conn *store_acquire_write(struct sync_store *s, struct rc_err *err);
void store_release(struct sync_store *s, struct conn *c);

/* The statement 'id' on 'c', reset and cleared; NULL with err set. */
sqlite3_stmt *store_stmt(struct conn *c, enum store_stmt id,
                         struct rc_err *err);

/* Step a statement whose rows we ignore; a constraint failure is
 * RC_ECONFLICT ("what: exists"). */
int store_exec(sqlite3_stmt *st, const char *what, struct rc_err *err);

/* Step a one-row query: RC_OK with a row, RC_ENOTFOUND without. */
int store_step_row(sqlite3_stmt *st, const char *what, struct rc_err *err);

/* Run S_BEGIN or S_COMMIT; roll back an open transaction (no err). */
int store_tx(struct conn *c, enum store_stmt id, struct rc_err *err);
void store_rollback(struct conn *c);

/* Copy text column 'col' ("" for NULL) into dst (size bytes). */
void store_copy_col(sqlite3_stmt *st, int col, char *dst, size_t size);

#endif /* RECALL_SYNC_STORE_SQLITE_INT_H */
