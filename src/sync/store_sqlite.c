/* store_sqlite.c -- the sync store (store.h) on an embedded SQLite file.
 *
 * DIR/server.db holds accounts, token hashes, groups and the change log;
 * DIR/rate.db the per-minute request counters (a write on every request,
 * kept out of server.db's write lock).  This is the only file of the server
 * that holds SQL: a PostgreSQL store would replace it and nothing else.
 *
 * The change log is one table.  Each row is the newest change the server
 * keeps for one (account, type, key): a review once per id, a deck, note
 * or flag only while no greater hlc has arrived for its key.  A row's seq
 * comes from a counter row (not AUTOINCREMENT) so that a kept newer
 * change, or content re-sequenced for a new group member, can take a
 * fresh number by an UPDATE; pull then walks seq in order, and a client
 * whose cursor is past a row's old number still sees its new one.
 *
 * Connections: SQLite wants one per thread, and the server runs a pool of
 * worker threads, so the store keeps a small free list of open
 * connections (each with its prepared statements) behind a mutex.  A call
 * takes one, uses it alone and puts it back.  Writes run in BEGIN
 * IMMEDIATE (a deferred transaction that later writes fails at once with
 * SQLITE_BUSY instead of waiting), and WAL lets readers go on meanwhile.
 *
 * This file holds the pool, the schema and migrations, every statement's
 * text, and accounts, tokens and rate counters; store_sqlite_log.c holds
 * groups and the change log, over the helpers in store_sqlite_int.h.
 *
 * Not here: JSON (the handlers pass each change's text through untouched)
 * and hashing (auth.c: the store only ever sees hashes). */
#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recall/buf.h"
#include "store_sqlite_int.h"

#define POOL_MAX    8
#define BUSY_MS     5000
#define WINDOW_MS   60000LL
#define SCHEMA_VERS 3

static const char schema_v1[] =
    "CREATE TABLE accounts(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " pwhash TEXT NOT NULL, created_ms INTEGER NOT NULL) STRICT;"
    "CREATE TABLE tokens(hash TEXT PRIMARY KEY, account_id INTEGER NOT NULL"
    " REFERENCES accounts(id) ON DELETE CASCADE,"
    " expires_ms INTEGER NOT NULL) STRICT, WITHOUT ROWID;"
    "CREATE TABLE rate(key TEXT NOT NULL, window INTEGER NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY(key, window)) STRICT, WITHOUT ROWID;"
    "CREATE TABLE groups(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " owner_id INTEGER NOT NULL REFERENCES accounts(id),"
    " created_ms INTEGER NOT NULL) STRICT;"
    "CREATE TABLE members(group_id INTEGER NOT NULL REFERENCES groups(id),"
    " account_id INTEGER NOT NULL REFERENCES accounts(id),"
    " joined_ms INTEGER NOT NULL, PRIMARY KEY(group_id, account_id)) STRICT;"
    "CREATE INDEX members_account ON members(account_id);"
    "CREATE TABLE invites(code TEXT PRIMARY KEY, group_id INTEGER NOT NULL"
    " REFERENCES groups(id), expires_ms INTEGER NOT NULL) STRICT;"
    "CREATE TABLE group_decks(group_id INTEGER NOT NULL REFERENCES groups(id),"
    " deck TEXT NOT NULL, PRIMARY KEY(group_id, deck)) STRICT;"
    "CREATE TABLE seqs(id INTEGER PRIMARY KEY CHECK (id = 1),"
    " last INTEGER NOT NULL) STRICT;"
    "INSERT INTO seqs VALUES(1, 0);"
    "CREATE TABLE changes(seq INTEGER PRIMARY KEY,"
    " account_id INTEGER NOT NULL REFERENCES accounts(id),"
    " type INTEGER NOT NULL, key TEXT NOT NULL, deck TEXT NOT NULL,"
    " hlc TEXT, card TEXT, time_ms INTEGER NOT NULL, rating INTEGER NOT NULL,"
    " body TEXT NOT NULL) STRICT;"
    "CREATE UNIQUE INDEX changes_key ON changes(account_id, type, key);"
    "CREATE INDEX changes_account ON changes(account_id, seq);"
    "CREATE INDEX changes_deck ON changes(account_id, deck, seq);";

/* Version 1 -> 2: the rate counters move to a file of their own. */
static const char schema_v2[] = "DROP TABLE rate;";

/* Version 2 -> 3: a review's fields are columns; its body, no longer
 * kept as JSON text, is '' (turning every review of a first sync into
 * text and back was a sixth of the server's work). */
static const char schema_v3[] =
    "ALTER TABLE changes ADD COLUMN duration_ms INTEGER;"
    "ALTER TABLE changes ADD COLUMN kind TEXT;";

/* The request counters live in DIR/rate.db, not server.db: every request
 * counts itself, and in server.db that write waited behind every push
 * holding the write lock, pulls and pings included.  Counters are
 * throwaway (a minute's worth), so the file has no versions. */
static const char rate_schema[] =
    "CREATE TABLE IF NOT EXISTS rate(key TEXT NOT NULL,"
    " window INTEGER NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY(key, window)) STRICT, WITHOUT ROWID;";

static const char *const sql_text[N_STMT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_ACCOUNT_ADD] =
        "INSERT INTO accounts(name, pwhash, created_ms) VALUES(?1, ?2, ?3)",
    [S_ACCOUNT_GET] = "SELECT id, pwhash FROM accounts WHERE name = ?1",
    [S_TOKEN_ADD] =
        "INSERT INTO tokens(hash, account_id, expires_ms) VALUES(?1, ?2, ?3)",
    [S_TOKEN_CHECK] = "SELECT a.id, a.name FROM tokens t JOIN accounts a"
                      " ON a.id = t.account_id"
                      " WHERE t.hash = ?1 AND t.expires_ms > ?2",
    [S_TOKEN_REVOKE] = "DELETE FROM tokens WHERE hash = ?1",
    [S_RATE_HIT] = "INSERT INTO rate(key, window, n) VALUES(?1, ?2, 1)"
                   " ON CONFLICT(key, window) DO UPDATE SET n = n + 1"
                   " RETURNING n",
    [S_RATE_PRUNE] = "DELETE FROM rate WHERE key = ?1 AND window < ?2",
    [S_GROUP_CREATE] =
        "INSERT INTO groups(name, owner_id, created_ms) VALUES(?1, ?2, ?3)",
    [S_GROUP_FIND] = "SELECT id FROM groups g WHERE name = ?1"
                     " AND (owner_id = ?2 OR (?3 = 0 AND EXISTS (SELECT 1"
                     " FROM members m WHERE m.group_id = g.id"
                     " AND m.account_id = ?2)))",
    [S_INVITE_ADD] =
        "INSERT INTO invites(code, group_id, expires_ms) VALUES(?1, ?2, ?3)",
    [S_INVITE_FIND] = "SELECT g.id, g.name, g.owner_id FROM invites i"
                      " JOIN groups g ON g.id = i.group_id"
                      " WHERE i.code = ?1 AND i.expires_ms > ?2",
    [S_MEMBER_ADD] = "INSERT OR IGNORE INTO members(group_id, account_id,"
                     " joined_ms) VALUES(?1, ?2, ?3)",
    [S_PUBLISH] =
        "INSERT OR IGNORE INTO group_decks(group_id, deck) VALUES(?1, ?2)",
    [S_GROUP_DECKS] = "SELECT g.owner_id, d.deck FROM group_decks d"
                      " JOIN groups g ON g.id = d.group_id"
                      " WHERE d.group_id = ?1",
    [S_RESEQ_LIST] = "SELECT seq FROM changes WHERE account_id = ?1"
                     " AND deck = ?2 AND type IN (1, 2) ORDER BY seq",
    [S_SEQ_GET] = "SELECT last FROM seqs",
    [S_SEQ_SET] = "UPDATE seqs SET last = ?1",
    [S_CHANGE_GET] = "SELECT seq, hlc FROM changes"
                     " WHERE account_id = ?1 AND type = ?2 AND key = ?3",
    [S_CHANGE_INSERT] =
        "INSERT INTO changes(seq, account_id, type, key, deck, hlc, card,"
        " time_ms, rating, body, duration_ms, kind) VALUES(?1, ?2, ?3, ?4,"
        " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    /* A review is kept once per id: a repeat changes nothing. */
    [S_REVIEW_INSERT] =
        "INSERT INTO changes(seq, account_id, type, key, deck, hlc, card,"
        " time_ms, rating, body, duration_ms, kind) VALUES(?1, ?2, ?3, ?4,"
        " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        " ON CONFLICT(account_id, type, key) DO NOTHING",
    [S_CHANGE_UPDATE] = "UPDATE changes SET seq = ?2, hlc = coalesce(?3, hlc),"
                        " body = coalesce(?4, body) WHERE seq = ?1",
    [S_ACCOUNT_LAST] =
        "SELECT coalesce(max(seq), 0) FROM changes WHERE account_id = ?1",
    [S_CHANGES_AFTER] =
        "SELECT seq, body, type, key, card, time_ms, rating, duration_ms,"
        " kind FROM changes WHERE account_id = ?1 AND seq > ?2"
        " UNION ALL"
        " SELECT c.seq, c.body, c.type, c.key, c.card, c.time_ms, c.rating,"
        " c.duration_ms, c.kind FROM changes c JOIN (SELECT DISTINCT"
        " g.owner_id AS owner_id, d.deck AS deck FROM members m"
        " JOIN groups g ON g.id = m.group_id"
        " JOIN group_decks d ON d.group_id = g.id"
        " WHERE m.account_id = ?1 AND g.owner_id <> ?1) p"
        " ON c.account_id = p.owner_id AND c.deck = p.deck"
        " WHERE c.type IN (1, 2) AND c.seq > ?2"
        " ORDER BY 1 LIMIT ?3",
    /* Both halves are index ranges (changes_account, changes_deck). */
    [S_VISIBLE_BETWEEN] =
        "SELECT EXISTS(SELECT 1 FROM changes WHERE account_id = ?1"
        " AND seq > ?2 AND seq < ?3) OR EXISTS(SELECT 1 FROM changes c"
        " JOIN (SELECT DISTINCT g.owner_id AS owner_id, d.deck AS deck"
        " FROM members m JOIN groups g ON g.id = m.group_id"
        " JOIN group_decks d ON d.group_id = g.id"
        " WHERE m.account_id = ?1 AND g.owner_id <> ?1) p"
        " ON c.account_id = p.owner_id AND c.deck = p.deck"
        " WHERE c.type IN (1, 2) AND c.seq > ?2 AND c.seq < ?3)",
    [S_REPORT_MEMBERS] =
        "SELECT a.name FROM members m JOIN accounts a ON a.id = m.account_id"
        " JOIN groups g ON g.id = m.group_id"
        " WHERE m.group_id = ?1 AND a.id <> g.owner_id ORDER BY a.name",
    [S_REPORT_REVIEWS] =
        "SELECT a.name, c.card, c.time_ms, c.rating FROM members m"
        " JOIN groups g ON g.id = m.group_id"
        " JOIN accounts a ON a.id = m.account_id"
        " JOIN changes c ON c.account_id = m.account_id AND c.type = 0"
        " WHERE m.group_id = ?1 AND a.id <> g.owner_id AND c.deck IN"
        " (SELECT deck FROM group_decks WHERE group_id = ?1)"
        " ORDER BY a.name, c.card, c.time_ms",
};

struct sync_store {
    char *path;               /* DIR/server.db */
    char *rate_path;          /* DIR/rate.db */
    pthread_mutex_t mu;       /* guards idle and n_idle */
    pthread_mutex_t write_mu; /* one writer of server.db at a time */
    pthread_mutex_t rate_mu;  /* one writer of rate.db at a time */
    struct conn *idle;
    int n_idle;
};

int store_db_err(struct rc_err *err, sqlite3 *db, const char *what)
{
    return rc_err_set(err, RC_EDB, "%s: %s", what,
                      db ? sqlite3_errmsg(db) : "out of memory");
}

static void conn_close(struct conn *c)
{
    if (!c)
        return;
    for (int i = 0; i < N_STMT; i++)
        sqlite3_finalize(c->st[i]);
    sqlite3_close(c->db);
    sqlite3_close(c->rate_db);
    free(c);
}

/* Run the pragmas every connection needs; check that WAL took. */
static int conn_setup(sqlite3 *db, struct rc_err *err)
{
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, BUSY_MS);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
    bool wal = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
               strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    if (!wal)
        return rc_err_set(err, RC_EDB, "server database: cannot use WAL");
    if (sqlite3_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL",
                     NULL, NULL, NULL) != SQLITE_OK)
        return store_db_err(err, db, "server database pragmas");
    return RC_OK;
}

static int db_open(const char *path, sqlite3 **db, struct rc_err *err)
{
    if (sqlite3_open_v2(path, db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                            SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        return store_db_err(err, *db, "open server database");
    return conn_setup(*db, err);
}

static int conn_open(const struct sync_store *s, struct conn **out,
                     struct rc_err *err)
{
    struct conn *c = rc_xcalloc(1, sizeof(*c));
    int rc = db_open(s->path, &c->db, err);
    if (rc == RC_OK)
        rc = db_open(s->rate_path, &c->rate_db, err);
    if (rc == RC_OK &&
        sqlite3_exec(c->rate_db, rate_schema, NULL, NULL, NULL) != SQLITE_OK)
        rc = store_db_err(err, c->rate_db, "create rate counters");
    if (rc < 0) {
        conn_close(c);
        return rc;
    }
    *out = c;
    return RC_OK;
}

struct conn *store_acquire(struct sync_store *s, struct rc_err *err)
{
    pthread_mutex_lock(&s->mu);
    struct conn *c = s->idle;
    if (c) {
        s->idle = c->next;
        s->n_idle--;
    }
    pthread_mutex_unlock(&s->mu);
    if (!c && conn_open(s, &c, err) < 0)
        return NULL;
    return c;
}

struct conn *store_acquire_write(struct sync_store *s, struct rc_err *err)
{
    struct conn *c = store_acquire(s, err);
    if (c) {
        pthread_mutex_lock(&s->write_mu);
        c->write_lock = &s->write_mu;
    }
    return c;
}

void store_release(struct sync_store *s, struct conn *c)
{
    if (!c)
        return;
    if (c->write_lock) {
        pthread_mutex_unlock(c->write_lock);
        c->write_lock = NULL;
    }
    pthread_mutex_lock(&s->mu);
    if (s->n_idle < POOL_MAX) {
        c->next = s->idle;
        s->idle = c;
        s->n_idle++;
        c = NULL;
    }
    pthread_mutex_unlock(&s->mu);
    conn_close(c);
}

/* The statement 'id' on 'c', reset and cleared for new bindings. */
sqlite3_stmt *store_stmt(struct conn *c, enum store_stmt id, struct rc_err *err)
{
    sqlite3 *db = id == S_RATE_HIT || id == S_RATE_PRUNE ? c->rate_db : c->db;
    if (!c->st[id] &&
        sqlite3_prepare_v3(db, sql_text[id], -1, SQLITE_PREPARE_PERSISTENT,
                           &c->st[id], NULL) != SQLITE_OK) {
        store_db_err(err, db, "prepare");
        return NULL;
    }
    sqlite3_reset(c->st[id]);
    sqlite3_clear_bindings(c->st[id]);
    return c->st[id];
}

/* Step a statement that returns no row we need. */
int store_exec(sqlite3_stmt *st, const char *what, struct rc_err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(st);
        return RC_OK;
    }
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        sqlite3_reset(st);
        return rc_err_set(err, RC_ECONFLICT, "%s: exists", what);
    }
    store_db_err(err, sqlite3_db_handle(st), what);
    sqlite3_reset(st);
    return RC_EDB;
}

int store_tx(struct conn *c, enum store_stmt id, struct rc_err *err)
{
    sqlite3_stmt *st = store_stmt(c, id, err);
    return st ? store_exec(st, "transaction", err) : RC_EDB;
}

void store_rollback(struct conn *c)
{
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

static int migrate(struct conn *c, struct rc_err *err)
{
    int rc = store_tx(c, S_BEGIN, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version < 0)
        rc = store_db_err(err, c->db, "read schema version");
    else if (version > SCHEMA_VERS)
        rc = rc_err_set(err, RC_ECONFLICT,
                        "server database: schema %d is newer than this "
                        "recall (%d)",
                        version, SCHEMA_VERS);
    else if (version == 0 &&
             sqlite3_exec(c->db, schema_v1, NULL, NULL, NULL) != SQLITE_OK)
        rc = store_db_err(err, c->db, "create server schema");
    else if (version < 2 &&
             (sqlite3_exec(c->db, schema_v2, NULL, NULL, NULL) != SQLITE_OK ||
              sqlite3_exec(c->db, "PRAGMA user_version = 2", NULL, NULL,
                           NULL) != SQLITE_OK))
        rc = store_db_err(err, c->db, "migrate server schema");
    else if (version < 3 &&
             (sqlite3_exec(c->db, schema_v3, NULL, NULL, NULL) != SQLITE_OK ||
              sqlite3_exec(c->db, "PRAGMA user_version = 3", NULL, NULL,
                           NULL) != SQLITE_OK))
        rc = store_db_err(err, c->db, "migrate server schema");
    if (rc == RC_OK)
        rc = store_tx(c, S_COMMIT, err);
    if (rc < 0)
        store_rollback(c);
    return rc;
}

int sync_store_open(const char *dir, struct sync_store **out,
                    struct rc_err *err)
{
    struct rc_buf path = {0};
    rc_buf_addf(&path, "%s/server.db", dir);
    struct sync_store *s = rc_xcalloc(1, sizeof(*s));
    s->path = rc_buf_detach(&path, NULL);
    rc_buf_addf(&path, "%s/rate.db", dir);
    s->rate_path = rc_buf_detach(&path, NULL);
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->write_mu, NULL);
    pthread_mutex_init(&s->rate_mu, NULL);
    struct conn *c = NULL;
    int rc = conn_open(s, &c, err);
    if (rc == RC_OK)
        rc = migrate(c, err);
    if (rc < 0) {
        conn_close(c);
        sync_store_close(s);
        return rc;
    }
    store_release(s, c);
    *out = s;
    return RC_OK;
}

void sync_store_close(struct sync_store *s)
{
    if (!s)
        return;
    while (s->idle) {
        struct conn *c = s->idle;
        s->idle = c->next;
        conn_close(c);
    }
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->write_mu);
    pthread_mutex_destroy(&s->rate_mu);
    free(s->path);
    free(s->rate_path);
    free(s);
}

/* ---- Accounts and tokens ---------------------------------------------- */

void store_copy_col(sqlite3_stmt *st, int col, char *dst, size_t size)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    snprintf(dst, size, "%s", v ? v : "");
}

int sync_store_account_add(struct sync_store *s, const char *user,
                           const char *pwhash, int64_t now_ms,
                           struct rc_err *err)
{
    struct conn *c = store_acquire_write(s, err);
    if (!c)
        return RC_EDB;
    sqlite3_stmt *st = store_stmt(c, S_ACCOUNT_ADD, err);
    int rc = RC_EDB;
    if (st) {
        sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, pwhash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, now_ms);
        rc = store_exec(st, "add account", err);
    }
    if (rc == RC_ECONFLICT) {
        rc_err_clear(err);
        rc = rc_err_set(err, RC_ECONFLICT, "user '%s' exists", user);
    }
    store_release(s, c);
    return rc;
}

/* Step a one-row query: RC_OK with a row, RC_ENOTFOUND without. */
int store_step_row(sqlite3_stmt *st, const char *what, struct rc_err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return RC_OK;
    if (rc == SQLITE_DONE)
        return RC_ENOTFOUND;
    return store_db_err(err, sqlite3_db_handle(st), what);
}

int sync_store_account_get(struct sync_store *s, const char *user,
                           int64_t *account_id, char *hash, struct rc_err *err)
{
    struct conn *c = store_acquire(s, err);
    if (!c)
        return RC_EDB;
    sqlite3_stmt *st = store_stmt(c, S_ACCOUNT_GET, err);
    int rc = RC_EDB;
    if (st) {
        sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
        rc = store_step_row(st, "find account", err);
    }
    if (rc == RC_OK) {
        *account_id = sqlite3_column_int64(st, 0);
        store_copy_col(st, 1, hash, SYNC_STORE_HASH_MAX);
    } else if (rc == RC_ENOTFOUND) {
        rc = rc_err_set(err, RC_ENOTFOUND, "no user '%s'", user);
    }
    if (st)
        sqlite3_reset(st);
    store_release(s, c);
    return rc;
}

int sync_store_token_add(struct sync_store *s, int64_t account_id,
                         const char *token_hash, int64_t expires_ms,
                         struct rc_err *err)
{
    struct conn *c = store_acquire_write(s, err);
    if (!c)
        return RC_EDB;
    sqlite3_stmt *st = store_stmt(c, S_TOKEN_ADD, err);
    int rc = RC_EDB;
    if (st) {
        sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, account_id);
        sqlite3_bind_int64(st, 3, expires_ms);
        rc = store_exec(st, "add token", err);
    }
    store_release(s, c);
    return rc;
}

int sync_store_token_check(struct sync_store *s, const char *token_hash,
                           int64_t now_ms, int64_t *account_id, char *user,
                           struct rc_err *err)
{
    struct conn *c = store_acquire(s, err);
    if (!c)
        return RC_EDB;
    sqlite3_stmt *st = store_stmt(c, S_TOKEN_CHECK, err);
    int rc = RC_EDB;
    if (st) {
        sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, now_ms);
        rc = store_step_row(st, "check token", err);
    }
    if (rc == RC_OK) {
        *account_id = sqlite3_column_int64(st, 0);
        store_copy_col(st, 1, user, NAME_BYTES);
    } else if (rc == RC_ENOTFOUND) {
        rc = rc_err_set(err, RC_EAUTH, "unknown, revoked or expired token");
    }
    if (st)
        sqlite3_reset(st);
    store_release(s, c);
    return rc;
}

int sync_store_token_revoke(struct sync_store *s, const char *token_hash,
                            struct rc_err *err)
{
    struct conn *c = store_acquire_write(s, err);
    if (!c)
        return RC_EDB;
    sqlite3_stmt *st = store_stmt(c, S_TOKEN_REVOKE, err);
    int rc = RC_EDB;
    if (st) {
        sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
        rc = store_exec(st, "revoke token", err);
    }
    store_release(s, c);
    return rc;
}

int sync_store_rate_hit(struct sync_store *s, const char *key, int64_t now_ms,
                        int64_t *count, struct rc_err *err)
{
    struct conn *c = store_acquire(s, err);
    if (!c)
        return RC_EDB;
    int64_t window = now_ms / WINDOW_MS;
    pthread_mutex_lock(&s->rate_mu);
    sqlite3_stmt *st = store_stmt(c, S_RATE_HIT, err);
    int rc = RC_EDB;
    if (st) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, window);
        rc = store_step_row(st, "count request", err);
    }
    if (rc == RC_OK)
        *count = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    /* The first hit of a window is the moment to forget old ones. */
    if (rc == RC_OK && *count == 1) {
        st = store_stmt(c, S_RATE_PRUNE, err);
        rc = RC_EDB;
        if (st) {
            sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 2, window - 1);
            rc = store_exec(st, "prune rate counters", err);
        }
    }
    pthread_mutex_unlock(&s->rate_mu);
    store_release(s, c);
    return rc;
}
