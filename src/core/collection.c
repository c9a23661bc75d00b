/* collection.c -- opening, configuring and closing the collection file.
 *
 * Every open runs the same steps in the same order (STYLE.md §6): open,
 * extended result codes, busy timeout, WAL (checked: the reply must be
 * "wal"), foreign keys, synchronous=NORMAL, then the migrations.  Each
 * step that fails closes the connection again, so a failed open leaves no
 * half-configured handle behind and writes nothing to a file that is not
 * ours.  The statement cache lives here too: statements are prepared on
 * first use with SQLITE_PREPARE_PERSISTENT and finalized on close. */
#include "recall/collection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection_int.h"
#include "recall/buf.h"

#include "banned.h"

#define BUSY_TIMEOUT_MS 5000

int rc_err_db(struct rc_err *err, sqlite3 *db, const char *what)
{
    return rc_err_set(err, RC_EDB, "%s: %s", what,
                      db ? sqlite3_errmsg(db) : "out of memory");
}

int rc_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (!s)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

sqlite3_stmt *rc_stmt(struct rc_collection *c, enum rc_sql id,
                      struct rc_err *err)
{
    if (!c->stmts[id]) {
        const char *sql = rc_sql_text(id);
        if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                               &c->stmts[id], NULL) != SQLITE_OK) {
            rc_err_db(err, c->db, "prepare statement");
            return NULL;
        }
    }
    return c->stmts[id];
}

void rc_stmt_done(sqlite3_stmt *st)
{
    if (!st)
        return;
    /* Bindings are not cleared: every user binds all its parameters, and
     * clearing costs a pass over them on every row of an import. */
    sqlite3_reset(st);
}

int rc_stmt_exec(struct rc_collection *c, sqlite3_stmt *st, const char *what,
                 struct rc_err *err)
{
    int rc = sqlite3_step(st);
    int out = RC_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        out = rc_err_db(err, c->db, what);
    rc_stmt_done(st);
    return out;
}

/* Run one pragma and, when 'want' is given, check its one-row reply. */
static int pragma(sqlite3 *db, const char *sql, const char *want,
                  struct rc_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return rc_err_db(err, db, "configure collection");
    int rc = sqlite3_step(st);
    int out = RC_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        out = rc_err_db(err, db, "configure collection");
    } else if (want) {
        const char *got =
            rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        if (!got || strcmp(got, want) != 0)
            out = rc_err_set(err, RC_EDB,
                             "configure collection: '%s' answered '%s', "
                             "expected '%s'",
                             sql, got ? got : "", want);
    }
    sqlite3_finalize(st);
    return out;
}

static int configure(struct rc_collection *c, const char *path, unsigned flags,
                     struct rc_err *err)
{
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    if (!(flags & RC_OPEN_READONLY) && sqlite3_db_readonly(c->db, "main") == 1)
        return rc_err_set(err, RC_EDB,
                          "open collection '%s': file is read-only", path);
    /* Reading the schema first tells "not a database" apart from the
     * rest before anything is written. */
    int rc = pragma(c->db, "SELECT count(*) FROM sqlite_schema", NULL, err);
    if (rc == RC_OK && !(flags & RC_OPEN_READONLY))
        rc = pragma(c->db, "PRAGMA journal_mode=WAL", "wal", err);
    if (rc == RC_OK)
        rc = pragma(c->db, "PRAGMA foreign_keys=ON", NULL, err);
    if (rc == RC_OK)
        rc = pragma(c->db, "PRAGMA synchronous=NORMAL", NULL, err);
    /* Up to 64 MiB of page cache, allocated only as used: a large import
     * then stays in memory until its commit instead of spilling pages to
     * the WAL mid-transaction. */
    if (rc == RC_OK)
        rc = pragma(c->db, "PRAGMA cache_size=-65536", NULL, err);
    if (rc == RC_OK && !(flags & RC_OPEN_READONLY))
        rc = rc_migrate(c, err);
    if (rc < 0)
        rc_err_prefix(err, "open collection '%s'", path);
    return rc;
}

int rc_collection_open(const char *path, unsigned flags,
                       struct rc_collection **out, struct rc_err *err)
{
    *out = NULL;
    struct rc_collection *c = rc_xcalloc(1, sizeof(*c));
    int oflags = SQLITE_OPEN_NOMUTEX;
    if (flags & RC_OPEN_READONLY)
        oflags |= SQLITE_OPEN_READONLY;
    else
        oflags |= SQLITE_OPEN_READWRITE;
    if (!(flags & (RC_OPEN_NO_CREATE | RC_OPEN_READONLY)))
        oflags |= SQLITE_OPEN_CREATE;
    /* Process-wide and only honoured before SQLite initialises: memory
     * statistics cost a mutex on every allocation, and recall never reads
     * them.  Later calls fail harmlessly with SQLITE_MISUSE. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    int rc = sqlite3_open_v2(path, &c->db, oflags, NULL);
    if (rc != SQLITE_OK) {
        int code = (rc & 0xff) == SQLITE_CANTOPEN ? RC_ENOTFOUND : RC_EDB;
        rc_err_set(err, code, "open collection '%s': %s", path,
                   c->db ? sqlite3_errmsg(c->db) : "out of memory");
        rc_collection_close(c);
        return code;
    }
    rc = configure(c, path, flags, err);
    if (rc < 0) {
        rc_collection_close(c);
        return rc;
    }
    *out = c;
    return RC_OK;
}

void rc_collection_close(struct rc_collection *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < RC_SQL_COUNT; i++)
        sqlite3_finalize(c->stmts[i]);
    sqlite3_close(c->db);
    free(c);
}

int rc_collection_schema_version(struct rc_collection *c)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_USER_VERSION, NULL);
    int v = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    rc_stmt_done(st);
    return v;
}

int rc_tx_begin(struct rc_collection *c, struct rc_err *err)
{
    /* IMMEDIATE: a deferred upgrade returns BUSY without waiting. */
    if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return rc_err_db(err, c->db, "begin transaction");
    c->tx_depth = 1;
    return RC_OK;
}

int rc_tx_commit(struct rc_collection *c, struct rc_err *err)
{
    if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc_err_db(err, c->db, "commit");
        rc_tx_rollback(c);
        return RC_EDB;
    }
    c->tx_depth = 0;
    return RC_OK;
}

int rc_tx_begin_read(struct rc_collection *c, struct rc_err *err)
{
    if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return rc_err_db(err, c->db, "begin read transaction");
    c->tx_depth = 1;
    return RC_OK;
}

int rc_collection_setting_int(struct rc_collection *c, const char *key,
                              int *value)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_META_GET, NULL);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, key);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        char *end = NULL;
        long n = s ? strtol(s, &end, 10) : 0;
        if (s && end != s && *end == '\0')
            *value = (int)n;
    }
    rc_stmt_done(st);
    return RC_OK;
}

void rc_tx_rollback(struct rc_collection *c)
{
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    c->tx_depth = 0;
}

int rc_profile_ensure(struct rc_collection *c, const char *name, int64_t now_ms,
                      int64_t *id, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_PROFILE_BY_NAME, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        rc_stmt_done(st);
        return RC_OK;
    }
    rc_stmt_done(st);
    if (rc != SQLITE_DONE)
        return rc_err_db(err, c->db, "find profile");
    st = rc_stmt(c, RC_SQL_PROFILE_INSERT, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, now_ms);
    rc = rc_stmt_exec(c, st, "add profile", err);
    if (rc == RC_OK)
        *id = sqlite3_last_insert_rowid(c->db);
    return rc;
}
