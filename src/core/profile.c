/* profile.c -- adding, listing, renaming and removing profiles.
 *
 * A profile is a row that card states, reviews and quiz results point at
 * with ON DELETE CASCADE, so removing one is a single DELETE and cannot
 * leave another profile's data half gone.  Names are what learners type
 * after --profile, so they are checked to be short printable text. */
#include "recall/profile.h"

#include <string.h>

#include "collection_int.h"

#include "banned.h"

int rc_profile_check_name(const char *name, struct rc_err *err)
{
    size_t len = strlen(name);
    if (len == 0)
        return rc_err_set(err, RC_EINVAL, "a profile name cannot be empty");
    if (len > RC_PROFILE_MAX_NAME)
        return rc_err_set(err, RC_EINVAL,
                          "profile name is longer than %d bytes",
                          RC_PROFILE_MAX_NAME);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return rc_err_set(err, RC_EINVAL,
                              "profile name has a control character");
    return RC_OK;
}

/* Run a one-statement write with up to two text parameters. */
static int write2(struct rc_collection *c, enum rc_sql id, const char *a,
                  const char *b, int64_t n, const char *what,
                  struct rc_err *err)
{
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = rc_stmt(c, id, err);
    if (!st) {
        rc_tx_rollback(c);
        return RC_EDB;
    }
    rc_bind_text(st, 1, a);
    if (b)
        rc_bind_text(st, 2, b);
    else if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int64(st, 2, n);
    int step = sqlite3_step(st);
    int changes = sqlite3_changes(c->db);
    rc_stmt_done(st);
    if (step == SQLITE_CONSTRAINT_UNIQUE || (step & 0xff) == SQLITE_CONSTRAINT)
        rc = rc_err_set(err, RC_ECONFLICT, "profile '%s' exists already",
                        b ? b : a);
    else if (step != SQLITE_DONE)
        rc = rc_err_db(err, c->db, what);
    else if (changes == 0)
        rc = rc_err_set(err, RC_ENOTFOUND, "no profile '%s'", a);
    if (rc == RC_OK)
        return rc_tx_commit(c, err);
    rc_tx_rollback(c);
    return rc;
}

int rc_profile_add(struct rc_collection *c, const char *name, int64_t now_ms,
                   struct rc_err *err)
{
    int rc = rc_profile_check_name(name, err);
    if (rc < 0)
        return rc;
    return write2(c, RC_SQL_PROFILE_INSERT, name, NULL, now_ms, "add profile",
                  err);
}

int rc_profile_rename(struct rc_collection *c, const char *from, const char *to,
                      struct rc_err *err)
{
    int rc = rc_profile_check_name(to, err);
    if (rc < 0)
        return rc;
    return write2(c, RC_SQL_PROFILE_RENAME, from, to, 0, "rename profile", err);
}

int rc_profile_remove(struct rc_collection *c, const char *name,
                      struct rc_err *err)
{
    return write2(c, RC_SQL_PROFILE_DELETE, name, NULL, 0, "remove profile",
                  err);
}

int rc_profiles_each(struct rc_collection *c, rc_profile_visit_fn *fn,
                     void *arg, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_PROFILES_LIST, err);
    if (!st)
        return RC_EDB;
    int step, out = RC_OK;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct rc_profile_info p = {
            .name = (const char *)sqlite3_column_text(st, 0),
            .created_ms = sqlite3_column_int64(st, 1),
            .n_reviews = sqlite3_column_int64(st, 2),
            .n_cards = sqlite3_column_int64(st, 3),
        };
        out = fn(&p, arg);
        if (out != 0)
            break;
    }
    if (out == RC_OK && step != SQLITE_DONE)
        out = rc_err_db(err, c->db, "list profiles");
    rc_stmt_done(st);
    return out;
}
