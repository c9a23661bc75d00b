/* sync.c -- what a profile pushes, and where its sync stands.
 *
 * Reviews are pushed until the server acknowledges them (revlog.synced);
 * content (decks, notes, card flags) is pushed by a cursor over the clock:
 * everything this collection stamped after (hlc, table, id) of the last
 * acknowledged item.  The cursor is a triple because one import stamps
 * all its notes alike, and a batch may end in the middle of them.  Only
 * stamps of this collection's own node are pushed: content that came from
 * the server is already there.  Both markers move only in
 * rc_sync_push_done, so a push lost on the way is simply sent again, and
 * the server, keeping reviews by id and content by hlc, ignores repeats.
 *
 * Not here: applying pulled changes (sync_apply.c), JSON and HTTP
 * (src/sync). */
#include "recall/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection_int.h"
#include "recall/buf.h"
#include "recall/hlc.h"

#include "banned.h"

void rc_sync_change_release(struct rc_sync_change *ch)
{
    char **strs[] = {&ch->id,
                     &ch->card,
                     &ch->deck,
                     &ch->note,
                     &ch->hlc,
                     &ch->kind,
                     &ch->title,
                     &ch->source_file,
                     &ch->source_text,
                     &ch->scheduler,
                     &ch->learning_steps,
                     &ch->relearning_steps,
                     &ch->front,
                     &ch->back,
                     &ch->pool,
                     &ch->tags,
                     &ch->source,
                     &ch->hint,
                     &ch->explain};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        free(*strs[i]);
    for (size_t i = 0; i < ch->n_items; i++)
        free(ch->items[i]);
    free(ch->items);
    memset(ch, 0, sizeof(*ch));
}

struct rc_sync_change *rc_sync_batch_add(struct rc_sync_batch *b)
{
    /* Grow by doubling: the capacity is the next power of two >= n. */
    if ((b->n & (b->n - 1)) == 0)
        b->v = rc_xreallocarray(b->v, b->n ? b->n * 2 : 16, sizeof(*b->v));
    struct rc_sync_change *ch = &b->v[b->n++];
    memset(ch, 0, sizeof(*ch));
    return ch;
}

void rc_sync_batch_release(struct rc_sync_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        rc_sync_change_release(&b->v[i]);
    free(b->v);
    memset(b, 0, sizeof(*b));
}

int rc_sync_card_name_split(const char *name, char *deck, char *note,
                            int64_t *ord)
{
    const char *slash = strchr(name, '/');
    const char *hash = strrchr(name, '#');
    if (!slash || !hash || hash < slash)
        return -1;
    size_t dl = (size_t)(slash - name), nl = (size_t)(hash - slash - 1);
    if (dl == 0 || nl == 0 || dl > RC_DECK_MAX_ID || nl > RC_DECK_MAX_ID)
        return -1;
    char *end = NULL;
    long long v = strtoll(hash + 1, &end, 10);
    if (end == hash + 1 || *end || v < 1 || v > 1000000 || hash[1] == '+')
        return -1;
    memcpy(deck, name, dl);
    deck[dl] = '\0';
    memcpy(note, slash + 1, nl);
    note[nl] = '\0';
    *ord = v;
    return 0;
}

int rc_sync_bind(struct rc_collection *c, int64_t profile_id,
                 const char *server_url, struct rc_err *err)
{
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_STATE_BIND, err);
    if (!st) {
        rc_tx_rollback(c);
        return RC_EDB;
    }
    sqlite3_bind_int64(st, 1, profile_id);
    rc_bind_text(st, 2, server_url);
    rc = rc_stmt_exec(c, st, "remember server", err);
    /* A changed row is a new server (or the first): it knows nothing. */
    if (rc == RC_OK && sqlite3_changes(c->db) > 0) {
        st = rc_stmt(c, RC_SQL_SYNC_UNMARK_ALL, err);
        if (!st) {
            rc = RC_EDB;
        } else {
            sqlite3_bind_int64(st, 1, profile_id);
            rc = rc_stmt_exec(c, st, "reset sync marks", err);
        }
    }
    if (rc == RC_OK)
        return rc_tx_commit(c, err);
    rc_tx_rollback(c);
    return rc;
}

/* The profile's sync_state row into the out parameters (any may be
 * NULL); zeros when there is none. */
static int state_get(struct rc_collection *c, int64_t profile_id,
                     int64_t *last_seq, struct rc_sync_batch *cursor,
                     struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_STATE_GET, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && last_seq)
        *last_seq = sqlite3_column_int64(st, 1);
    if (step == SQLITE_ROW && cursor) {
        const char *h = (const char *)sqlite3_column_text(st, 2);
        snprintf(cursor->cursor_hlc, sizeof(cursor->cursor_hlc), "%s",
                 h ? h : "");
        cursor->cursor_tbl = sqlite3_column_int(st, 3);
        cursor->cursor_id = sqlite3_column_int64(st, 4);
    }
    rc_stmt_done(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return rc_err_db(err, c->db, "read sync state");
    return RC_OK;
}

int rc_sync_last_seq(struct rc_collection *c, int64_t profile_id, int64_t *out,
                     struct rc_err *err)
{
    *out = 0;
    return state_get(c, profile_id, out, NULL, err);
}

static char *col_dup(sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    return rc_xstrdup(s ? s : "");
}

/* Stamp content that predates sync, so the cursor can see it. */
static int stamp_unstamped(struct rc_collection *c, struct rc_err *err)
{
    char hlc[RC_HLC_LEN + 1];
    int rc = rc_hlc_tick(c, 0, hlc, err);
    for (int i = 0; rc == RC_OK && i < 2; i++) {
        sqlite3_stmt *st = rc_stmt(
            c, i ? RC_SQL_SYNC_STAMP_ALL_NOTES : RC_SQL_SYNC_STAMP_ALL_DECKS,
            err);
        if (!st)
            return RC_EDB;
        rc_bind_text(st, 1, hlc);
        rc = rc_stmt_exec(c, st, "stamp content", err);
    }
    return rc;
}

static int read_deck(struct rc_collection *c, int64_t id,
                     struct rc_sync_change *ch, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_DECK_BY_ID, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc_stmt_done(st);
        return rc_err_db(err, c->db, "read deck");
    }
    ch->type = RC_SYNC_DECK;
    ch->deck = col_dup(st, 0);
    ch->hlc = col_dup(st, 1);
    ch->title = col_dup(st, 2);
    ch->source_file = col_dup(st, 3);
    ch->source_text = col_dup(st, 12);
    ch->scheduler = col_dup(st, 4);
    ch->retention = sqlite3_column_double(st, 5);
    ch->new_per_day = sqlite3_column_int(st, 6);
    ch->reviews_per_day = sqlite3_column_int(st, 7);
    ch->learning_steps = col_dup(st, 8);
    ch->relearning_steps = col_dup(st, 9);
    ch->maximum_interval = sqlite3_column_int(st, 10);
    ch->leech_threshold = sqlite3_column_int(st, 11);
    rc_stmt_done(st);
    return RC_OK;
}

/* Split the stored newline-joined items into ch->items. */
static void items_split(struct rc_sync_change *ch, const char *s)
{
    if (!s || !*s)
        return;
    size_t n = 1;
    for (const char *p = s; *p; p++)
        n += *p == '\n';
    ch->items = rc_xcalloc(n, sizeof(*ch->items));
    for (const char *p = s;; ch->n_items++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        ch->items[ch->n_items] = rc_xstrndup(p, len);
        if (!nl) {
            ch->n_items++;
            break;
        }
        p = nl + 1;
    }
}

static int read_note(struct rc_collection *c, int64_t id,
                     struct rc_sync_change *ch, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_NOTE_BY_ID, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc_stmt_done(st);
        return rc_err_db(err, c->db, "read note");
    }
    ch->type = RC_SYNC_NOTE;
    ch->deck = col_dup(st, 0);
    ch->note = col_dup(st, 1);
    ch->hlc = col_dup(st, 2);
    ch->retired = sqlite3_column_int(st, 3) != 0;
    ch->kind = col_dup(st, 4);
    ch->position = sqlite3_column_int64(st, 5);
    ch->front = col_dup(st, 6);
    ch->back = col_dup(st, 7);
    items_split(ch, (const char *)sqlite3_column_text(st, 8));
    if (sqlite3_column_type(st, 9) != SQLITE_NULL)
        ch->pool = col_dup(st, 9);
    ch->tags = col_dup(st, 10);
    ch->source = col_dup(st, 11);
    ch->hint = col_dup(st, 12);
    ch->explain = col_dup(st, 13);
    ch->ignore_accents = sqlite3_column_int(st, 14) != 0;
    rc_stmt_done(st);
    return RC_OK;
}

/* "DECK/NOTE#ORD" from three columns of 'st'. */
static char *card_name(sqlite3_stmt *st, int first)
{
    struct rc_buf b = {0};
    rc_buf_addf(&b, "%s/%s#%lld", sqlite3_column_text(st, first),
                sqlite3_column_text(st, first + 1),
                (long long)sqlite3_column_int64(st, first + 2));
    return rc_buf_detach(&b, NULL);
}

static int read_flag(struct rc_collection *c, int64_t profile_id,
                     int64_t card_id, struct rc_sync_change *ch,
                     struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_FLAG_BY_CARD, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc_stmt_done(st);
        return rc_err_db(err, c->db, "read card flags");
    }
    ch->type = RC_SYNC_FLAG;
    ch->card = card_name(st, 0);
    ch->hlc = col_dup(st, 3);
    ch->suspended = sqlite3_column_int(st, 4) != 0;
    ch->buried_until_ms = sqlite3_column_int64(st, 5);
    rc_stmt_done(st);
    return RC_OK;
}

/* One content item found by the cursor query. */
struct item {
    int tbl;
    int64_t id;
    char hlc[40];
};

/* Items of one table (0 decks, 1 notes, 2 flags) after the cursor in
 * 'out', at most 'max', appended to items[*n]. */
static int table_after(struct rc_collection *c, int64_t profile_id, int tbl,
                       const char *node, size_t max,
                       const struct rc_sync_batch *out, struct item *items,
                       size_t *n, struct rc_err *err)
{
    static const enum rc_sql sql[] = {RC_SQL_SYNC_CONTENT_DECKS,
                                      RC_SQL_SYNC_CONTENT_NOTES,
                                      RC_SQL_SYNC_CONTENT_FLAGS};
    /* (hlc, tbl, id) > (H, T, I) is, for this table, (hlc, id) > (H, J). */
    int64_t j = out->cursor_tbl > tbl    ? INT64_MAX
                : out->cursor_tbl == tbl ? out->cursor_id
                                         : -1;
    sqlite3_stmt *st = rc_stmt(c, sql[tbl], err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, out->cursor_hlc);
    sqlite3_bind_int64(st, 2, j);
    rc_bind_text(st, 3, node);
    sqlite3_bind_int64(st, 4, (int64_t)max);
    if (tbl == 2)
        sqlite3_bind_int64(st, 5, profile_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct item *it = &items[(*n)++];
        it->tbl = tbl;
        it->id = sqlite3_column_int64(st, 0);
        snprintf(it->hlc, sizeof(it->hlc), "%s", sqlite3_column_text(st, 1));
    }
    rc_stmt_done(st);
    return step == SQLITE_DONE ? RC_OK
                               : rc_err_db(err, c->db, "read content to push");
}

/* The push order: clock, then decks before notes before flags. */
static int item_cmp(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    int d = strcmp(x->hlc, y->hlc);
    if (d == 0)
        d = (x->tbl > y->tbl) - (x->tbl < y->tbl);
    if (d == 0)
        d = (x->id > y->id) - (x->id < y->id);
    return d;
}

/* Up to 'max' content items after the cursor in 'out', in push order. */
static int content_after(struct rc_collection *c, int64_t profile_id,
                         size_t max, struct rc_sync_batch *out,
                         struct item **items, size_t *n, struct rc_err *err)
{
    char node[RC_HLC_NODE_LEN + 1];
    int rc = rc_hlc_node(c, node, err);
    *items = rc_xcalloc(3 * max + 1, sizeof(**items));
    for (int tbl = 0; rc == RC_OK && tbl < 3; tbl++)
        rc = table_after(c, profile_id, tbl, node, max, out, *items, n, err);
    qsort(*items, *n, sizeof(**items), item_cmp);
    if (*n > max)
        *n = max;
    return rc;
}

static int push_content(struct rc_collection *c, int64_t profile_id, size_t max,
                        struct rc_sync_batch *out, struct rc_err *err)
{
    struct item *items = NULL;
    size_t n = 0;
    int rc = content_after(c, profile_id, max, out, &items, &n, err);
    for (size_t i = 0; rc == RC_OK && i < n; i++) {
        struct rc_sync_change *ch = rc_sync_batch_add(out);
        if (items[i].tbl == 0)
            rc = read_deck(c, items[i].id, ch, err);
        else if (items[i].tbl == 1)
            rc = read_note(c, items[i].id, ch, err);
        else
            rc = read_flag(c, profile_id, items[i].id, ch, err);
    }
    if (rc == RC_OK && n > 0) {
        out->has_cursor = true;
        memcpy(out->cursor_hlc, items[n - 1].hlc, sizeof(out->cursor_hlc));
        out->cursor_tbl = items[n - 1].tbl;
        out->cursor_id = items[n - 1].id;
    }
    free(items);
    return rc;
}

static int push_reviews(struct rc_collection *c, int64_t profile_id, size_t max,
                        struct rc_sync_batch *out, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_REVIEWS_UNSYNCED, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, (int64_t)max);
    sqlite3_bind_int64(st, 3, out->review_rowid);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct rc_sync_change *ch = rc_sync_batch_add(out);
        out->review_rowid = sqlite3_column_int64(st, 8);
        ch->type = RC_SYNC_REVIEW;
        ch->id = col_dup(st, 0);
        ch->card = card_name(st, 1);
        ch->time_ms = sqlite3_column_int64(st, 4);
        ch->rating = sqlite3_column_int(st, 5);
        ch->duration_ms = sqlite3_column_int64(st, 6);
        ch->kind = col_dup(st, 7);
        out->n_reviews++;
    }
    rc_stmt_done(st);
    return step == SQLITE_DONE ? RC_OK
                               : rc_err_db(err, c->db, "read reviews to push");
}

int rc_sync_push_next(struct rc_collection *c, int64_t profile_id, size_t max,
                      struct rc_sync_batch *out, struct rc_err *err)
{
    return rc_sync_push_after(c, profile_id, NULL, max, out, err);
}

int rc_sync_push_after(struct rc_collection *c, int64_t profile_id,
                       const struct rc_sync_batch *prev, size_t max,
                       struct rc_sync_batch *out, struct rc_err *err)
{
    if (max == 0 || max > RC_SYNC_MAX_BATCH)
        max = RC_SYNC_MAX_BATCH;
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    rc = stamp_unstamped(c, err);
    /* Start where the stored marks are, or where 'prev' ends. */
    if (rc == RC_OK && !prev)
        rc = state_get(c, profile_id, NULL, out, err);
    if (rc == RC_OK && prev) {
        memcpy(out->cursor_hlc, prev->cursor_hlc, sizeof(out->cursor_hlc));
        out->cursor_tbl = prev->cursor_tbl;
        out->cursor_id = prev->cursor_id;
        out->review_rowid = prev->review_rowid;
    }
    /* Content first: a review pushed before its card's note would wait
     * on the other side until the note came. */
    if (rc == RC_OK)
        rc = push_content(c, profile_id, max, out, err);
    if (rc == RC_OK && out->n < max)
        rc = push_reviews(c, profile_id, max - out->n, out, err);
    if (rc == RC_OK)
        rc = rc_tx_commit(c, err);
    else
        rc_tx_rollback(c);
    if (rc < 0)
        rc_sync_batch_release(out);
    return rc;
}

int rc_sync_push_count(struct rc_collection *c, int64_t profile_id, size_t *n,
                       struct rc_err *err)
{
    *n = 0;
    struct rc_sync_batch cursor = {0};
    char node[RC_HLC_NODE_LEN + 1];
    int rc = state_get(c, profile_id, NULL, &cursor, err);
    if (rc == RC_OK)
        rc = rc_hlc_node(c, node, err);
    sqlite3_stmt *st =
        rc == RC_OK ? rc_stmt(c, RC_SQL_SYNC_PUSH_COUNT, err) : NULL;
    if (rc < 0 || !st)
        return rc < 0 ? rc : RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    rc_bind_text(st, 2, cursor.cursor_hlc);
    sqlite3_bind_int(st, 3, cursor.cursor_tbl);
    sqlite3_bind_int64(st, 4, cursor.cursor_id);
    rc_bind_text(st, 5, node);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(st, 0);
    rc_stmt_done(st);
    return step == SQLITE_ROW ? RC_OK
                              : rc_err_db(err, c->db, "count changes to push");
}

/* The server's word that (after, seen_to] holds only what was pushed. */
static int skip_own_echo(struct rc_collection *c, int64_t profile_id,
                         int64_t after, int64_t seen_to, struct rc_err *err)
{
    if (seen_to <= after)
        return RC_OK;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_SKIP_SEQ, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, after);
    sqlite3_bind_int64(st, 3, seen_to);
    return rc_stmt_exec(c, st, "move pull cursor", err);
}

int rc_sync_push_done(struct rc_collection *c, int64_t profile_id,
                      const struct rc_sync_batch *b, int64_t after,
                      int64_t seen_to, struct rc_err *err)
{
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; rc == RC_OK && i < b->n; i++) {
        if (b->v[i].type != RC_SYNC_REVIEW)
            continue;
        sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_REVIEW_MARK, err);
        if (!st) {
            rc = RC_EDB;
            break;
        }
        rc_bind_text(st, 1, b->v[i].id);
        rc = rc_stmt_exec(c, st, "mark review synced", err);
    }
    if (rc == RC_OK && b->has_cursor) {
        sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_SET_CURSOR, err);
        if (!st) {
            rc = RC_EDB;
        } else {
            sqlite3_bind_int64(st, 1, profile_id);
            rc_bind_text(st, 2, b->cursor_hlc);
            sqlite3_bind_int(st, 3, b->cursor_tbl);
            sqlite3_bind_int64(st, 4, b->cursor_id);
            rc = rc_stmt_exec(c, st, "move push cursor", err);
        }
    }
    if (rc == RC_OK)
        rc = skip_own_echo(c, profile_id, after, seen_to, err);
    if (rc == RC_OK)
        return rc_tx_commit(c, err);
    rc_tx_rollback(c);
    return rc;
}
