/* import.c -- merging a parsed deck into the collection.
 *
 * The file is the truth for content and the collection for history.  A
 * note is matched by (deck, note id): when its content hash differs it is
 * updated in place, so its cards keep their ids and with them their
 * reviews and schedules; when it is gone from the file it is retired, not
 * deleted.  The existing notes of the deck are read once and sorted by
 * id, so an import costs one pass over the file plus a binary search per
 * note, and an unchanged file writes nothing at all.
 *
 * Not here: parsing and validation (deck_parse.c); both are done before
 * the transaction starts, so a bad file never reaches this code. */
#include "recall/import.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "collection_int.h"
#include "recall/buf.h"
#include "recall/hlc.h"

#include "banned.h"

/* A note already in the collection. */
struct old_note {
    int64_t id;
    char *key;
    int64_t hash;
    bool retired;
    int64_t position;
    int64_t line;
    bool seen; /* found in the file being imported */
};

struct old_notes {
    struct old_note *v;
    size_t n;
};

static void old_notes_release(struct old_notes *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->v[i].key);
    free(o->v);
}

static int cmp_old(const void *a, const void *b)
{
    return strcmp(((const struct old_note *)a)->key,
                  ((const struct old_note *)b)->key);
}

static struct old_note *old_find(struct old_notes *o, const char *key)
{
    struct old_note probe = {.key = (char *)key};
    if (o->n == 0)
        return NULL; /* bsearch's base must not be NULL, even for 0 items */
    return bsearch(&probe, o->v, o->n, sizeof(*o->v), cmp_old);
}

static int load_old_notes(struct rc_collection *c, int64_t deck_id,
                          struct old_notes *o, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_DECK_NOTES, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, deck_id);
    size_t alloc = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (o->n == alloc) {
            alloc = alloc ? alloc * 2 : 256;
            o->v = rc_xreallocarray(o->v, alloc, sizeof(*o->v));
        }
        struct old_note *n = &o->v[o->n++];
        n->id = sqlite3_column_int64(st, 0);
        n->key = rc_xstrdup((const char *)sqlite3_column_text(st, 1));
        n->hash = sqlite3_column_int64(st, 2);
        n->retired = sqlite3_column_int(st, 3) != 0;
        n->position = sqlite3_column_int64(st, 4);
        n->line = sqlite3_column_int64(st, 5);
        n->seen = false;
    }
    rc_stmt_done(st);
    if (rc != SQLITE_DONE)
        return rc_err_db(err, c->db, "read notes");
    if (o->n > 1)
        qsort(o->v, o->n, sizeof(*o->v), cmp_old);
    return RC_OK;
}

void rc_steps_format(const int *steps_min, size_t n, struct rc_buf *out)
{
    if (n == 0) {
        rc_buf_adds(out, "none");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int m = steps_min[i];
        if (i)
            rc_buf_addc(out, ' ');
        if (m % 1440 == 0)
            rc_buf_addf(out, "%dd", m / 1440);
        else if (m % 60 == 0)
            rc_buf_addf(out, "%dh", m / 60);
        else
            rc_buf_addf(out, "%dm", m);
    }
}

int rc_steps_parse(const char *text, int out_min[RC_DECK_MAX_STEPS], size_t *n)
{
    *n = 0;
    if (strcmp(text, "none") == 0)
        return 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *end = NULL;
        long v = strtol(p, &end, 10);
        if (end == p || v <= 0 || v > 100000 || *n >= RC_DECK_MAX_STEPS)
            return -1;
        long unit = *end == 'm' ? 1 : *end == 'h' ? 60 : *end == 'd' ? 1440 : 0;
        if (!unit || (end[1] && end[1] != ' '))
            return -1;
        out_min[(*n)++] = (int)(v * unit);
        p = end + 1;
    }
    return 0;
}

int rc_deck_options_from_row(sqlite3_stmt *st, int first,
                             struct rc_deck_options *o, struct rc_err *err)
{
    rc_deck_options_default(o);
    const char *sched = (const char *)sqlite3_column_text(st, first);
    const char *steps = (const char *)sqlite3_column_text(st, first + 4);
    const char *relearn = (const char *)sqlite3_column_text(st, first + 5);
    o->scheduler =
        sched && strcmp(sched, "sm2") == 0 ? RC_SCHED_SM2 : RC_SCHED_FSRS;
    o->retention = sqlite3_column_double(st, first + 1);
    o->new_per_day = sqlite3_column_int(st, first + 2);
    o->reviews_per_day = sqlite3_column_int(st, first + 3);
    o->maximum_interval_days = sqlite3_column_int(st, first + 6);
    o->leech_threshold = sqlite3_column_int(st, first + 7);
    if (!steps || !relearn ||
        rc_steps_parse(steps, o->learning_steps_min, &o->n_learning_steps) <
            0 ||
        rc_steps_parse(relearn, o->relearning_steps_min,
                       &o->n_relearning_steps) < 0)
        return rc_err_set(err, RC_EDB, "stored deck steps are corrupt");
    return RC_OK;
}

/* Bind the header columns ?2..?15 shared by DECK_INSERT and DECK_UPDATE
 * (DECK_INSERT numbers them one lower: see bind_deck_insert). */
static void bind_deck(sqlite3_stmt *st, int first, const struct rc_deck *d,
                      const char *file_path, int64_t now_ms)
{
    const struct rc_deck_options *o = &d->options;
    struct rc_buf steps = {0}, relearn = {0};
    rc_steps_format(o->learning_steps_min, o->n_learning_steps, &steps);
    rc_steps_format(o->relearning_steps_min, o->n_relearning_steps, &relearn);
    rc_bind_text(st, first, d->title);
    rc_bind_text(st, first + 1, file_path);
    rc_bind_text(st, first + 2, d->source_file);
    rc_bind_text(st, first + 3, d->source_path);
    rc_bind_text(st, first + 4, o->scheduler == RC_SCHED_SM2 ? "sm2" : "fsrs");
    sqlite3_bind_double(st, first + 5, o->retention);
    sqlite3_bind_int(st, first + 6, o->new_per_day);
    sqlite3_bind_int(st, first + 7, o->reviews_per_day);
    rc_bind_text(st, first + 8, rc_buf_str(&steps));
    rc_bind_text(st, first + 9, rc_buf_str(&relearn));
    sqlite3_bind_int(st, first + 10, o->maximum_interval_days);
    sqlite3_bind_int(st, first + 11, o->leech_threshold);
    sqlite3_bind_int64(st, first + 12, now_ms);
    rc_bind_text(st, first + 13, d->source_text);
    rc_buf_release(&steps);
    rc_buf_release(&relearn);
}

enum header_diff {
    HEADER_SAME,
    HEADER_MOVED,   /* only the file's or the source's location changed */
    HEADER_CHANGED, /* title, source file name or an option changed */
};

static bool col_differs(sqlite3_stmt *row, int col, const char *want)
{
    const char *got = (const char *)sqlite3_column_text(row, col);
    return !got || strcmp(got, want) != 0;
}

/* Whether the options that shape a card's schedule (a DECK_GET row)
 * differ from 'd''s: then the deck's cards are replayed. */
static bool sched_differs(sqlite3_stmt *row, const struct rc_deck *d)
{
    const struct rc_deck_options *o = &d->options;
    struct rc_buf steps = {0}, relearn = {0};
    rc_steps_format(o->learning_steps_min, o->n_learning_steps, &steps);
    rc_steps_format(o->relearning_steps_min, o->n_relearning_steps, &relearn);
    bool differs =
        sqlite3_column_double(row, 7) != o->retention ||
        sqlite3_column_int(row, 12) != o->maximum_interval_days ||
        sqlite3_column_int(row, 13) != o->leech_threshold ||
        col_differs(row, 6, o->scheduler == RC_SCHED_SM2 ? "sm2" : "fsrs") ||
        col_differs(row, 10, rc_buf_str(&steps)) ||
        col_differs(row, 11, rc_buf_str(&relearn));
    rc_buf_release(&steps);
    rc_buf_release(&relearn);
    return differs;
}

/* How the stored header of the deck (a DECK_GET row) differs from 'd'. */
static enum header_diff header_differs(sqlite3_stmt *row,
                                       const struct rc_deck *d,
                                       const char *file_path)
{
    const struct rc_deck_options *o = &d->options;
    bool changed =
        sched_differs(row, d) || sqlite3_column_int(row, 8) != o->new_per_day ||
        sqlite3_column_int(row, 9) != o->reviews_per_day ||
        col_differs(row, 2, d->title) || col_differs(row, 14, d->source_text);
    /* source-file is written relative to the deck file, so it moves with
     * it; where it points is checked by the parser, not here. */
    bool moved = col_differs(row, 3, file_path) ||
                 col_differs(row, 4, d->source_file) ||
                 col_differs(row, 5, d->source_path);
    return changed ? HEADER_CHANGED : moved ? HEADER_MOVED : HEADER_SAME;
}

/* Find or create the deck row; set *deck_id. */
static int upsert_deck(struct rc_collection *c, const struct rc_deck *d,
                       const char *file_path, int64_t now_ms, int64_t *deck_id,
                       struct rc_import_stats *stats, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_DECK_GET, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, d->id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *deck_id = sqlite3_column_int64(st, 0);
        enum header_diff diff = header_differs(st, d, file_path);
        bool resched = sched_differs(st, d);
        rc_stmt_done(st);
        if (diff == HEADER_SAME)
            return RC_OK;
        /* A deck read from another place (an exported copy) is the same
         * deck: remember the new place without calling it a change. */
        stats->deck_changed = diff == HEADER_CHANGED;
        st = rc_stmt(c, RC_SQL_DECK_UPDATE, err);
        if (!st)
            return RC_EDB;
        rc_bind_text(st, 1, d->id);
        bind_deck(st, 2, d, file_path, now_ms);
        rc = rc_stmt_exec(c, st, "update deck", err);
        /* States are what the log gives under the deck's options (as on
         * every machine the deck change reaches by sync). */
        if (rc == RC_OK && resched)
            rc = rc_deck_rebuild(c, *deck_id, err);
        return rc;
    }
    rc_stmt_done(st);
    if (rc != SQLITE_DONE)
        return rc_err_db(err, c->db, "read deck");
    stats->deck_changed = 1;
    st = rc_stmt(c, RC_SQL_DECK_INSERT, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, d->id);
    bind_deck(st, 2, d, file_path, now_ms);
    rc = rc_stmt_exec(c, st, "add deck", err);
    *deck_id = sqlite3_last_insert_rowid(c->db);
    return rc;
}

/* Bind the content columns ?3..?17 shared by NOTE_INSERT/NOTE_UPDATE. */
static void bind_note(sqlite3_stmt *st, const struct rc_note *n,
                      size_t position, int64_t now_ms, struct rc_buf *items)
{
    rc_buf_reset(items);
    for (size_t i = 0; i < n->list.n; i++) {
        if (i)
            rc_buf_addc(items, '\n');
        rc_buf_adds(items, n->list.v[i]);
    }
    rc_bind_text(st, 3, rc_kind_name(n->kind));
    sqlite3_bind_int64(st, 4, (int64_t)position);
    sqlite3_bind_int(st, 5, n->line);
    sqlite3_bind_text(st, 6, n->front, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, n->back, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, rc_buf_str(items), (int)items->len, SQLITE_STATIC);
    if (n->pool)
        sqlite3_bind_text(st, 9, n->pool, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 9);
    sqlite3_bind_text(st, 10, n->tags, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, n->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, n->hint, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, n->explain, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 14, n->ignore_accents);
    sqlite3_bind_int(st, 15, n->id_derived);
    sqlite3_bind_int64(st, 16, (int64_t)n->hash);
    sqlite3_bind_int64(st, 17, now_ms);
}

static int insert_cards(struct rc_collection *c, int64_t note_id, size_t from,
                        size_t to, int64_t now_ms, struct rc_err *err)
{
    for (size_t ord = from; ord <= to; ord++) {
        sqlite3_stmt *st = rc_stmt(c, RC_SQL_CARD_INSERT, err);
        if (!st)
            return RC_EDB;
        sqlite3_bind_int64(st, 1, note_id);
        sqlite3_bind_int64(st, 2, (int64_t)ord);
        sqlite3_bind_int64(st, 3, now_ms);
        int rc = rc_stmt_exec(c, st, "add card", err);
        if (rc < 0)
            return rc;
    }
    return RC_OK;
}

static int add_note(struct rc_collection *c, int64_t deck_id,
                    const struct rc_note *n, size_t position, int64_t now_ms,
                    struct rc_buf *items, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NOTE_INSERT, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, deck_id);
    sqlite3_bind_text(st, 2, n->id, -1, SQLITE_STATIC);
    bind_note(st, n, position, now_ms, items);
    int rc = rc_stmt_exec(c, st, "add note", err);
    if (rc < 0)
        return rc;
    int64_t note_id = sqlite3_last_insert_rowid(c->db);
    return insert_cards(c, note_id, 1, rc_note_card_count(n), now_ms, err);
}

/* A card of a note already in the collection. */
struct old_card {
    int64_t id;
    int64_t ord;
    bool retired;
};

static int read_cards(struct rc_collection *c, int64_t note_id,
                      struct old_card **out, size_t *n, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NOTE_CARDS, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, note_id);
    size_t alloc = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == alloc) {
            alloc = alloc ? alloc * 2 : 8;
            *out = rc_xreallocarray(*out, alloc, sizeof(**out));
        }
        struct old_card *card = &(*out)[(*n)++];
        card->id = sqlite3_column_int64(st, 0);
        card->ord = sqlite3_column_int64(st, 1);
        card->retired = sqlite3_column_int(st, 2) != 0;
    }
    rc_stmt_done(st);
    return rc == SQLITE_DONE ? RC_OK : rc_err_db(err, c->db, "read cards");
}

static int set_card_retired(struct rc_collection *c, int64_t card_id,
                            bool retired, int64_t now_ms, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_CARD_SET_RETIRED, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, card_id);
    sqlite3_bind_int(st, 2, retired);
    sqlite3_bind_int64(st, 3, now_ms);
    return rc_stmt_exec(c, st, "update card", err);
}

/* Make the note's live cards exactly 1..n: revive or add the ones within
 * range, retire the ones past it (a cloze that lost a deletion).  Cards
 * that were live and stay live count as changed. */
static int sync_cards(struct rc_collection *c, int64_t note_id, size_t n,
                      int64_t now_ms, struct rc_import_stats *stats,
                      struct rc_err *err)
{
    struct old_card *cards = NULL;
    size_t k = 0, have = 0;
    int rc = read_cards(c, note_id, &cards, &k, err);
    for (size_t i = 0; rc == RC_OK && i < k; i++) {
        bool keep = (size_t)cards[i].ord <= n;
        if (cards[i].ord > (int64_t)have)
            have = (size_t)cards[i].ord;
        if (keep && !cards[i].retired)
            stats->changed++;
        else if (keep)
            stats->added++;
        else if (!cards[i].retired)
            stats->retired++;
        if (keep == cards[i].retired)
            rc = set_card_retired(c, cards[i].id, !keep, now_ms, err);
    }
    free(cards);
    if (rc == RC_OK && have < n) {
        stats->added += n - have;
        rc = insert_cards(c, note_id, have + 1, n, now_ms, err);
    }
    return rc;
}

static int update_note(struct rc_collection *c, int64_t deck_id,
                       const struct old_note *old, const struct rc_note *n,
                       size_t position, int64_t now_ms, struct rc_buf *items,
                       struct rc_import_stats *stats, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NOTE_UPDATE, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, deck_id);
    sqlite3_bind_text(st, 2, n->id, -1, SQLITE_STATIC);
    bind_note(st, n, position, now_ms, items);
    int rc = rc_stmt_exec(c, st, "update note", err);
    if (rc < 0)
        return rc;
    return sync_cards(c, old->id, rc_note_card_count(n), now_ms, stats, err);
}

static int move_note(struct rc_collection *c, const struct old_note *old,
                     size_t position, int line, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NOTE_MOVE, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, old->id);
    sqlite3_bind_int64(st, 2, (int64_t)position);
    sqlite3_bind_int(st, 3, line);
    return rc_stmt_exec(c, st, "move note", err);
}

static int retire_note(struct rc_collection *c, const struct old_note *old,
                       int64_t now_ms, size_t *n_cards, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NOTE_RETIRE, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, old->id);
    sqlite3_bind_int64(st, 2, now_ms);
    int rc = rc_stmt_exec(c, st, "retire note", err);
    if (rc < 0)
        return rc;
    st = rc_stmt(c, RC_SQL_CARDS_RETIRE_NOTE, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, old->id);
    sqlite3_bind_int64(st, 2, now_ms);
    rc = rc_stmt_exec(c, st, "retire cards", err);
    *n_cards = (size_t)sqlite3_changes(c->db);
    return rc;
}

/* Apply one note of the file against what the collection holds. */
static int merge_note(struct rc_collection *c, int64_t deck_id,
                      struct old_notes *olds, const struct rc_note *n,
                      size_t position, int64_t now_ms, struct rc_buf *items,
                      struct rc_import_stats *stats, struct rc_err *err)
{
    size_t n_cards = rc_note_card_count(n);
    struct old_note *old = old_find(olds, n->id);
    if (!old) {
        stats->added += n_cards;
        return add_note(c, deck_id, n, position, now_ms, items, err);
    }
    old->seen = true;
    if (old->retired || old->hash != (int64_t)n->hash)
        return update_note(c, deck_id, old, n, position, now_ms, items, stats,
                           err);
    stats->unchanged += n_cards;
    if (old->position != (int64_t)position || old->line != n->line)
        return move_note(c, old, position, n->line, err);
    return RC_OK;
}

static int clear_hints(struct rc_collection *c, int64_t deck_id,
                       struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NEW_HINT_CLEAR_DECK, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, deck_id);
    return rc_stmt_exec(c, st, "reset new-card hints", err);
}

int rc_import_deck(struct rc_collection *c, const struct rc_deck *deck,
                   const char *file_path, int64_t now_ms,
                   struct rc_import_stats *stats, struct rc_err *err)
{
    memset(stats, 0, sizeof(*stats));
    struct old_notes olds = {0};
    struct rc_buf items = {0};
    int64_t deck_id = 0;
    /* Foreign-key checks cost a fifth of a large import and cannot fail
     * here: every row written points at the deck or a note this same
     * transaction has just read or written, and import deletes nothing,
     * so no cascade is skipped.  The pragma is a no-op inside a
     * transaction, hence before BEGIN; it is back on before we return. */
    sqlite3_exec(c->db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
    int rc = rc_tx_begin(c, err);
    if (rc < 0) {
        sqlite3_exec(c->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
        return rc;
    }
    int changes_before = sqlite3_total_changes(c->db);
    rc = upsert_deck(c, deck, file_path, now_ms, &deck_id, stats, err);
    if (rc == RC_OK)
        rc = load_old_notes(c, deck_id, &olds, err);
    for (size_t i = 0; rc == RC_OK && i < deck->n_notes; i++)
        rc = merge_note(c, deck_id, &olds, &deck->notes[i], i, now_ms, &items,
                        stats, err);
    for (size_t i = 0; rc == RC_OK && i < olds.n; i++) {
        size_t n_cards = 0;
        if (olds.v[i].seen || olds.v[i].retired)
            continue;
        rc = retire_note(c, &olds.v[i], now_ms, &n_cards, err);
        stats->retired += n_cards;
    }
    /* Positions and cards may have moved: the queue's new-card hints for
     * this deck no longer hold. */
    if (rc == RC_OK && sqlite3_total_changes(c->db) != changes_before)
        rc = clear_hints(c, deck_id, err);
    /* What changed was left unstamped: one tick stamps it for sync. */
    if (rc == RC_OK && sqlite3_total_changes(c->db) != changes_before)
        rc = rc_hlc_stamp_deck(c, deck_id, now_ms, err);
    if (rc == RC_OK)
        rc = rc_tx_commit(c, err);
    else
        rc_tx_rollback(c);
    sqlite3_exec(c->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
    old_notes_release(&olds);
    rc_buf_release(&items);
    if (rc < 0)
        memset(stats, 0, sizeof(*stats));
    return rc;
}
