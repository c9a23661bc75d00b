/* collection.h -- the SQLite file that holds a learner's collection.
 *
 * One file holds the decks, notes and cards, the profiles, each profile's
 * card states and the review log.  rc_collection_open() always applies the
 * same settings (WAL, foreign keys, a busy timeout) and runs the forward
 * migrations keyed by PRAGMA user_version, so every other module can rely
 * on the current schema.  A collection is one connection: use it from one
 * thread only.
 *
 * Not here: what the tables mean to a learner (import.h, catalog.h), SQL
 * text (sql.c, migrate.c). */
#ifndef RECALL_COLLECTION_H
#define RECALL_COLLECTION_H

#include <stdint.h>

#include "recall/err.h"

struct rc_collection; /* opaque: the connection and its statement cache */

/* The schema version this build reads and writes. */
#define RC_SCHEMA_VERSION 7

enum rc_open_flags {
    RC_OPEN_READONLY = 1 << 0,  /* never write, never migrate */
    RC_OPEN_NO_CREATE = 1 << 1, /* fail with RC_ENOTFOUND when missing */
};

/* Open (creating unless RC_OPEN_NO_CREATE) the collection at 'path'
 * (borrowed) and migrate it to RC_SCHEMA_VERSION.
 *
 * On success return RC_OK and set *out; the caller closes it with
 * rc_collection_close().  On failure return a negative code, leave *out
 * NULL and fill 'err': RC_EDB for a file that is not a database, is
 * read-only or is locked past the busy timeout, RC_ECONFLICT for a file
 * of a newer schema than this build knows.  A failed open changes
 * nothing in the file. */
int rc_collection_open(const char *path, unsigned flags,
                       struct rc_collection **out, struct rc_err *err);

/* Close 'c'; NULL is a harmless no-op. */
void rc_collection_close(struct rc_collection *c);

/* The schema version of the open file (after migration). */
int rc_collection_schema_version(struct rc_collection *c);

/* Transactions.  One write transaction per user action, always
 * BEGIN IMMEDIATE (a deferred one that later writes gets SQLITE_BUSY at
 * once, ignoring the busy timeout).  rc_tx_rollback() never touches err:
 * the first cause wins. */
int rc_tx_begin(struct rc_collection *c, struct rc_err *err);
int rc_tx_commit(struct rc_collection *c, struct rc_err *err);
void rc_tx_rollback(struct rc_collection *c);

/* A read transaction (deferred BEGIN), for reads that must agree with
 * each other; end it with rc_tx_rollback() or rc_tx_commit(). */
int rc_tx_begin_read(struct rc_collection *c, struct rc_err *err);

/* Collection-wide settings (the meta table): 'rollover_hour' (study days
 * start at this local hour, default 4) and 'fuzz' (1: spread intervals,
 * default 1).  Sets *value when the setting exists and is an integer, and
 * returns RC_OK; leaves *value alone otherwise. */
int rc_collection_setting_int(struct rc_collection *c, const char *key,
                              int *value);

/* Look up the profile called 'name', creating it when missing; set *id. */
int rc_profile_ensure(struct rc_collection *c, const char *name, int64_t now_ms,
                      int64_t *id, struct rc_err *err);

#endif /* RECALL_COLLECTION_H */
