/* store_sqlite_log.c -- the SQLite store's groups and change log.
 *
 * The change log is one table with a row per (account, type, key): a
 * review once per id; a deck, note or flag replaced in place only by a
 * greater hlc, taking the next number from the seqs counter row.  Group
 * visibility is a query, not a copy: members read the owner's rows of
 * published decks.  Because a member's cursor may already be past those
 * rows when it joins (or when a deck is published), both re-number the
 * deck's rows, so the next pull brings them; for everyone else that is a
 * repeat with an equal hlc, which a client ignores.
 *
 * The SQL text itself is in store_sqlite.c's table, with the rest. */
#include "store_sqlite_int.h"

#include <stdlib.h>
#include <string.h>

#include "recall/buf.h"

/* ---- Groups ----------------------------------------------------------- */

int sync_store_group_create(struct sync_store *s, int64_t owner_id,
                            const char *name, int64_t now_ms,
                            struct rc_err *err)
{
    struct conn *c = store_acquire_write(s, err);
    if (!c)
        return RC_EDB;
    sqlite3_stmt *st = store_stmt(c, S_GROUP_CREATE, err);
    int rc = RC_EDB;
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, owner_id);
        sqlite3_bind_int64(st, 3, now_ms);
        rc = store_exec(st, "create group", err);
    }
    if (rc == RC_ECONFLICT) {
        rc_err_clear(err);
        rc = rc_err_set(err, RC_ECONFLICT, "group '%s' exists", name);
    }
    store_release(s, c);
    return rc;
}

int sync_store_group_find(struct sync_store *s, int64_t account_id,
                          const char *name, bool owner_only, int64_t *group_id,
                          struct rc_err *err)
{
    struct conn *c = store_acquire(s, err);
    if (!c)
        return RC_EDB;
    sqlite3_stmt *st = store_stmt(c, S_GROUP_FIND, err);
    int rc = RC_EDB;
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, account_id);
        sqlite3_bind_int(st, 3, owner_only);
        rc = store_step_row(st, "find group", err);
    }
    if (rc == RC_OK)
        *group_id = sqlite3_column_int64(st, 0);
    else if (rc == RC_ENOTFOUND)
        rc = rc_err_set(err, RC_ENOTFOUND, "no group '%s'", name);
    if (st)
        sqlite3_reset(st);
    store_release(s, c);
    return rc;
}

int sync_store_invite_add(struct sync_store *s, int64_t group_id,
                          const char *code, int64_t expires_ms,
                          struct rc_err *err)
{
    struct conn *c = store_acquire_write(s, err);
    if (!c)
        return RC_EDB;
    sqlite3_stmt *st = store_stmt(c, S_INVITE_ADD, err);
    int rc = RC_EDB;
    if (st) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, group_id);
        sqlite3_bind_int64(st, 3, expires_ms);
        rc = store_exec(st, "add invite", err);
    }
    store_release(s, c);
    return rc;
}

/* The global sequence counter, read once at the start of a write
 * transaction and written back once at its end (an UPDATE ... RETURNING
 * per change cost a quarter of a push). */
struct seqs {
    int64_t last;  /* the last number given out */
    int64_t first; /* the first given out in this transaction (0: none) */
};

static int seqs_begin(struct conn *c, struct seqs *q, struct rc_err *err)
{
    q->first = 0;
    sqlite3_stmt *st = store_stmt(c, S_SEQ_GET, err);
    if (!st)
        return RC_EDB;
    int rc = store_step_row(st, "sequence number", err);
    if (rc == RC_OK)
        q->last = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == RC_ENOTFOUND ? store_db_err(err, c->db, "no sequence row")
                              : rc;
}

/* The number the next kept change gets; seqs_take() once it is kept. */
static int64_t seqs_peek(const struct seqs *q)
{
    return q->last + 1;
}

static void seqs_take(struct seqs *q)
{
    q->last++;
    q->first = q->first ? q->first : q->last;
}

static int seqs_end(struct conn *c, const struct seqs *q, struct rc_err *err)
{
    if (!q->first)
        return RC_OK;
    sqlite3_stmt *st = store_stmt(c, S_SEQ_SET, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, q->last);
    return store_exec(st, "sequence number", err);
}

/* Give the owner's current content of 'deck' fresh sequence numbers. */
static int resequence(struct conn *c, int64_t owner_id, const char *deck,
                      struct rc_err *err)
{
    int64_t *seqs = NULL;
    size_t n = 0;
    int rc = RC_OK;
    sqlite3_stmt *st = store_stmt(c, S_RESEQ_LIST, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, owner_id);
    sqlite3_bind_text(st, 2, deck, -1, SQLITE_TRANSIENT);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        seqs = rc_xreallocarray(seqs, n + 1, sizeof(*seqs));
        seqs[n++] = sqlite3_column_int64(st, 0);
    }
    if (step != SQLITE_DONE)
        rc = store_db_err(err, c->db, "list deck content");
    sqlite3_reset(st);
    struct seqs q;
    if (rc == RC_OK)
        rc = seqs_begin(c, &q, err);
    for (size_t i = 0; rc == RC_OK && i < n; i++) {
        st = store_stmt(c, S_CHANGE_UPDATE, err);
        if (!st)
            rc = RC_EDB;
        if (rc == RC_OK) {
            sqlite3_bind_int64(st, 1, seqs[i]);
            sqlite3_bind_int64(st, 2, seqs_peek(&q));
            sqlite3_bind_null(st, 3);
            sqlite3_bind_null(st, 4);
            rc = store_exec(st, "resequence", err);
            seqs_take(&q);
        }
    }
    if (rc == RC_OK)
        rc = seqs_end(c, &q, err);
    free(seqs);
    return rc;
}

/* Resequence every deck published to 'group_id' (or only 'deck'). */
static int resequence_group(struct conn *c, int64_t group_id, const char *deck,
                            struct rc_err *err)
{
    struct pair {
        int64_t owner;
        char *deck;
    } *list = NULL;
    size_t n = 0;
    int rc = RC_OK;
    sqlite3_stmt *st = store_stmt(c, S_GROUP_DECKS, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, group_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(st, 1);
        if (deck && strcmp(d, deck) != 0)
            continue;
        list = rc_xreallocarray(list, n + 1, sizeof(*list));
        list[n].owner = sqlite3_column_int64(st, 0);
        list[n++].deck = rc_xstrdup(d);
    }
    if (step != SQLITE_DONE)
        rc = store_db_err(err, c->db, "list group decks");
    sqlite3_reset(st);
    for (size_t i = 0; i < n; i++) {
        if (rc == RC_OK)
            rc = resequence(c, list[i].owner, list[i].deck, err);
        free(list[i].deck);
    }
    free(list);
    return rc;
}

static int join_tx(struct conn *c, int64_t account_id, const char *code,
                   int64_t now_ms, char *group, struct rc_err *err)
{
    sqlite3_stmt *st = store_stmt(c, S_INVITE_FIND, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now_ms);
    int rc = store_step_row(st, "find invite", err);
    int64_t group_id = 0, owner_id = 0;
    if (rc == RC_OK) {
        group_id = sqlite3_column_int64(st, 0);
        store_copy_col(st, 1, group, NAME_BYTES);
        owner_id = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (rc == RC_ENOTFOUND)
        return rc_err_set(err, RC_ENOTFOUND, "unknown or expired invite");
    if (rc < 0 || owner_id == account_id)
        return rc;
    st = store_stmt(c, S_MEMBER_ADD, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, group_id);
    sqlite3_bind_int64(st, 2, account_id);
    sqlite3_bind_int64(st, 3, now_ms);
    rc = store_exec(st, "join group", err);
    if (rc == RC_OK)
        rc = resequence_group(c, group_id, NULL, err);
    return rc;
}

int sync_store_invite_join(struct sync_store *s, int64_t account_id,
                           const char *code, int64_t now_ms, char *group,
                           struct rc_err *err)
{
    struct conn *c = store_acquire_write(s, err);
    if (!c)
        return RC_EDB;
    int rc = store_tx(c, S_BEGIN, err);
    if (rc == RC_OK)
        rc = join_tx(c, account_id, code, now_ms, group, err);
    if (rc == RC_OK)
        rc = store_tx(c, S_COMMIT, err);
    if (rc < 0)
        store_rollback(c);
    store_release(s, c);
    return rc;
}

int sync_store_group_publish(struct sync_store *s, int64_t group_id,
                             const char *deck, struct rc_err *err)
{
    struct conn *c = store_acquire_write(s, err);
    if (!c)
        return RC_EDB;
    int rc = store_tx(c, S_BEGIN, err);
    sqlite3_stmt *st = rc == RC_OK ? store_stmt(c, S_PUBLISH, err) : NULL;
    if (rc == RC_OK && !st)
        rc = RC_EDB;
    if (rc == RC_OK) {
        sqlite3_bind_int64(st, 1, group_id);
        sqlite3_bind_text(st, 2, deck, -1, SQLITE_TRANSIENT);
        rc = store_exec(st, "publish deck", err);
    }
    if (rc == RC_OK)
        rc = resequence_group(c, group_id, deck, err);
    if (rc == RC_OK)
        rc = store_tx(c, S_COMMIT, err);
    if (rc < 0)
        store_rollback(c);
    store_release(s, c);
    return rc;
}

static int report_walk(struct conn *c, int64_t group_id,
                       sync_report_visit_fn *visit, void *arg,
                       struct rc_err *err)
{
    int rc = RC_OK;
    for (int pass = 0; rc == RC_OK && pass < 2; pass++) {
        sqlite3_stmt *st =
            store_stmt(c, pass == 0 ? S_REPORT_MEMBERS : S_REPORT_REVIEWS, err);
        if (!st)
            return RC_EDB;
        sqlite3_bind_int64(st, 1, group_id);
        int step;
        while (rc == RC_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
            struct sync_report_row row = {
                .user = (const char *)sqlite3_column_text(st, 0),
            };
            if (pass == 1) {
                row.card = (const char *)sqlite3_column_text(st, 1);
                row.time_ms = sqlite3_column_int64(st, 2);
                row.rating = sqlite3_column_int(st, 3);
            }
            rc = visit(&row, arg);
        }
        if (rc == RC_OK && step != SQLITE_DONE)
            rc = store_db_err(err, c->db, "group report");
        sqlite3_reset(st);
    }
    return rc;
}

int sync_store_group_report(struct sync_store *s, int64_t group_id,
                            sync_report_visit_fn *visit, void *arg,
                            struct rc_err *err)
{
    struct conn *c = store_acquire(s, err);
    if (!c)
        return RC_EDB;
    /* One read transaction: members and reviews agree. */
    int rc = sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                 ? RC_OK
                 : store_db_err(err, c->db, "begin report");
    if (rc == RC_OK)
        rc = report_walk(c, group_id, visit, arg, err);
    store_rollback(c);
    store_release(s, c);
    return rc;
}

/* ---- Changes ---------------------------------------------------------- */

/* Bind a new row's columns (1-10 of S_CHANGE_INSERT, S_REVIEW_INSERT). */
static void bind_row(sqlite3_stmt *st, int64_t seq, int64_t account_id,
                     const struct sync_change *ch)
{
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_int64(st, 2, account_id);
    sqlite3_bind_int(st, 3, (int)ch->type);
    sqlite3_bind_text(st, 4, ch->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, ch->deck, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, ch->hlc, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, ch->card, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, ch->time_ms);
    sqlite3_bind_int(st, 9, ch->rating);
    sqlite3_bind_text(st, 10, ch->body ? ch->body : "", -1, SQLITE_STATIC);
    if (ch->type == SYNC_CHANGE_REVIEW && ch->duration_ms >= 0)
        sqlite3_bind_int64(st, 11, ch->duration_ms);
    else
        sqlite3_bind_null(st, 11);
    sqlite3_bind_text(st, 12, ch->kind, -1, SQLITE_STATIC);
}

/* A review: inserted unless its id is known (one statement, no lookup). */
static int append_review(struct conn *c, int64_t account_id,
                         const struct sync_change *ch, struct seqs *q,
                         bool *kept, struct rc_err *err)
{
    sqlite3_stmt *st = store_stmt(c, S_REVIEW_INSERT, err);
    if (!st)
        return RC_EDB;
    bind_row(st, seqs_peek(q), account_id, ch);
    int rc = store_exec(st, "store review", err);
    *kept = rc == RC_OK && sqlite3_changes(c->db) == 1;
    return rc;
}

/* Deck, note or flag content: kept only when its hlc is greater than
 * the one stored for its key. */
static int append_content(struct conn *c, int64_t account_id,
                          const struct sync_change *ch, struct seqs *q,
                          bool *kept, struct rc_err *err)
{
    sqlite3_stmt *st = store_stmt(c, S_CHANGE_GET, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, account_id);
    sqlite3_bind_int(st, 2, (int)ch->type);
    sqlite3_bind_text(st, 3, ch->key, -1, SQLITE_STATIC);
    int rc = store_step_row(st, "find change", err);
    int64_t old_seq = 0;
    bool newer = true;
    if (rc == RC_OK) {
        old_seq = sqlite3_column_int64(st, 0);
        const char *old_hlc = (const char *)sqlite3_column_text(st, 1);
        newer = ch->hlc && old_hlc && strcmp(ch->hlc, old_hlc) > 0;
    }
    sqlite3_reset(st);
    *kept = false;
    if (rc == RC_ENOTFOUND)
        rc = RC_OK;
    if (rc < 0 || !newer)
        return rc;
    st = store_stmt(c, old_seq ? S_CHANGE_UPDATE : S_CHANGE_INSERT, err);
    if (!st)
        return RC_EDB;
    if (old_seq) {
        sqlite3_bind_int64(st, 1, old_seq);
        sqlite3_bind_int64(st, 2, seqs_peek(q));
        sqlite3_bind_text(st, 3, ch->hlc, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, ch->body, -1, SQLITE_STATIC);
    } else {
        bind_row(st, seqs_peek(q), account_id, ch);
    }
    rc = store_exec(st, "store change", err);
    *kept = rc == RC_OK;
    return rc;
}

/* Whether 'account_id' may see a change with a seq in (lo, hi). */
static int visible_between(struct conn *c, int64_t account_id, int64_t lo,
                           int64_t hi, bool *any, struct rc_err *err)
{
    sqlite3_stmt *st = store_stmt(c, S_VISIBLE_BETWEEN, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, account_id);
    sqlite3_bind_int64(st, 2, lo);
    sqlite3_bind_int64(st, 3, hi);
    int rc = store_step_row(st, "read changes", err);
    *any = rc != RC_OK || sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return rc;
}

static int append_tx(struct conn *c, int64_t account_id, int64_t after,
                     const struct sync_change *changes, size_t n,
                     struct sync_append_result *out, struct rc_err *err)
{
    struct seqs q;
    int rc = seqs_begin(c, &q, err);
    for (size_t i = 0; rc == RC_OK && i < n; i++) {
        const struct sync_change *ch = &changes[i];
        bool kept = false;
        rc = ch->type == SYNC_CHANGE_REVIEW
                 ? append_review(c, account_id, ch, &q, &kept, err)
                 : append_content(c, account_id, ch, &q, &kept, err);
        if (kept) {
            seqs_take(&q);
            out->accepted++;
        } else {
            out->duplicates++;
        }
    }
    if (rc == RC_OK)
        rc = seqs_end(c, &q, err);
    /* Inside this write transaction the kept changes hold q.first..q.last
     * with nothing between; if nothing visible precedes them after the
     * client's cursor, the client holds everything up to q.last. */
    out->seen_to = after;
    bool between = true;
    if (rc == RC_OK && q.first > after)
        rc = visible_between(c, account_id, after, q.first, &between, err);
    if (rc == RC_OK && !between)
        out->seen_to = q.last;
    sqlite3_stmt *st = rc == RC_OK ? store_stmt(c, S_ACCOUNT_LAST, err) : NULL;
    if (rc == RC_OK && !st)
        rc = RC_EDB;
    if (rc == RC_OK) {
        sqlite3_bind_int64(st, 1, account_id);
        rc = store_step_row(st, "last sequence number", err);
        if (rc == RC_OK)
            out->last_seq = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    return rc;
}

int sync_store_append(struct sync_store *s, int64_t account_id, int64_t after,
                      const struct sync_change *changes, size_t n,
                      struct sync_append_result *out, struct rc_err *err)
{
    memset(out, 0, sizeof(*out));
    struct conn *c = store_acquire_write(s, err);
    if (!c)
        return RC_EDB;
    int rc = store_tx(c, S_BEGIN, err);
    if (rc == RC_OK)
        rc = append_tx(c, account_id, after, changes, n, out, err);
    if (rc == RC_OK)
        rc = store_tx(c, S_COMMIT, err);
    if (rc < 0) {
        store_rollback(c);
        memset(out, 0, sizeof(*out));
    }
    store_release(s, c);
    return rc;
}

int sync_store_head(struct sync_store *s, int64_t *seq, struct rc_err *err)
{
    struct conn *c = store_acquire(s, err);
    if (!c)
        return RC_EDB;
    struct seqs q;
    int rc = seqs_begin(c, &q, err);
    *seq = rc == RC_OK ? q.last : 0;
    store_release(s, c);
    return rc;
}

/* A row of S_CHANGES_AFTER (seq, body, type, key, card, time_ms, rating,
 * duration_ms, kind), its strings borrowed from the statement. */
static struct sync_change row_change(sqlite3_stmt *st)
{
    const char *body = (const char *)sqlite3_column_text(st, 1);
    struct sync_change ch = {
        .type = (enum sync_change_type)sqlite3_column_int(st, 2),
        .key = (const char *)sqlite3_column_text(st, 3),
        .card = (const char *)sqlite3_column_text(st, 4),
        .time_ms = sqlite3_column_int64(st, 5),
        .rating = sqlite3_column_int(st, 6),
        .duration_ms = sqlite3_column_type(st, 7) == SQLITE_NULL
                           ? -1
                           : sqlite3_column_int64(st, 7),
        .kind = (const char *)sqlite3_column_text(st, 8),
        .body = body && *body ? body : NULL,
    };
    return ch;
}

int sync_store_changes_after(struct sync_store *s, int64_t account_id,
                             int64_t after, size_t limit,
                             sync_change_visit_fn *visit, void *arg,
                             int64_t *last_seq, bool *more, struct rc_err *err)
{
    *last_seq = after;
    *more = false;
    struct conn *c = store_acquire(s, err);
    if (!c)
        return RC_EDB;
    sqlite3_stmt *st = store_stmt(c, S_CHANGES_AFTER, err);
    int rc = st ? RC_OK : RC_EDB;
    size_t n = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, account_id);
        sqlite3_bind_int64(st, 2, after);
        /* One row past the limit tells whether more are waiting. */
        sqlite3_bind_int64(st, 3, (sqlite3_int64)limit + 1);
        int step;
        while (rc == RC_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
            if (n++ == limit) {
                *more = true;
                break;
            }
            int64_t seq = sqlite3_column_int64(st, 0);
            struct sync_change ch = row_change(st);
            rc = visit(seq, &ch, arg);
            if (rc == SYNC_VISIT_FULL) {
                *more = true;
                rc = RC_OK;
                break;
            }
            if (rc == RC_OK)
                *last_seq = seq;
        }
        if (rc == RC_OK && !*more && step != SQLITE_DONE)
            rc = store_db_err(err, c->db, "read changes");
        sqlite3_reset(st);
    }
    store_release(s, c);
    return rc;
}
