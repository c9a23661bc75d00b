/* catalog.c -- reading decks and cards back for listings and export.
 *
 * Every listing is one prepared statement walked row by row, with each
 * row turned into a borrowed struct (rc_deck_summary, rc_card_info) for a
 * visitor.  Nothing is accumulated, so `recall cards` over a large
 * collection streams.  rc_deck_load() is the exception: export needs the
 * whole deck, and builds the same struct rc_deck the parser returns, so
 * that one writer serves both.
 *
 * Not here: SQL text (sql.c), what a card shows (card.c). */
#include "recall/catalog.h"

#include <stdlib.h>
#include <string.h>

#include "collection_int.h"
#include "recall/buf.h"
#include "recall/import.h"

#include "banned.h"

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

int rc_decks_each(struct rc_collection *c, int64_t profile_id, int64_t now_ms,
                  rc_deck_visit_fn *fn, void *arg, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_DECKS_SUMMARY, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, now_ms);
    int rc, out = RC_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct rc_deck_summary d = {
            .id = sqlite3_column_int64(st, 0),
            .key = col_text(st, 1),
            .title = col_text(st, 2),
            .file_path = col_text(st, 3),
            .scheduler = col_text(st, 4),
            .n_cards = sqlite3_column_int64(st, 5),
            .n_new = sqlite3_column_int64(st, 6),
            .n_learning = sqlite3_column_int64(st, 7),
            .n_review = sqlite3_column_int64(st, 8),
            .n_due = sqlite3_column_int64(st, 9),
            .n_suspended = sqlite3_column_int64(st, 10),
        };
        out = fn(&d, arg);
        if (out != 0)
            break;
    }
    if (out == RC_OK && rc != SQLITE_DONE)
        out = rc_err_db(err, c->db, "list decks");
    rc_stmt_done(st);
    return out;
}

/* Split a '\n'-joined list column into 'l'. */
static void split_items(const char *s, struct rc_strlist *l)
{
    if (!*s)
        return;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        char *item = rc_xstrndup(s, len);
        rc_strlist_add(l, item);
        free(item);
        if (!nl)
            break;
        s = nl + 1;
    }
}

/* Fill the borrowed note 'n' from columns first.. of a NOTES_EXPORT-shaped
 * row: key, kind, front, back, items, pool, tags, source, hint, explain,
 * ignore_accents, id_derived, line, hash.  The list is owned by 'n'. */
static void read_note(sqlite3_stmt *st, int first, struct rc_note *n)
{
    enum rc_kind kind = RC_KIND_BASIC;
    rc_kind_parse(col_text(st, first + 1), &kind);
    n->kind = kind;
    n->id = (char *)col_text(st, first);
    n->front = (char *)col_text(st, first + 2);
    n->back = (char *)col_text(st, first + 3);
    split_items(col_text(st, first + 4), &n->list);
    n->pool = (char *)sqlite3_column_text(st, first + 5);
    n->tags = (char *)col_text(st, first + 6);
    n->source = (char *)col_text(st, first + 7);
    n->hint = (char *)col_text(st, first + 8);
    n->explain = (char *)col_text(st, first + 9);
    n->ignore_accents = sqlite3_column_int(st, first + 10) != 0;
    n->id_derived = sqlite3_column_int(st, first + 11) != 0;
    n->line = sqlite3_column_int(st, first + 12);
    n->hash = (uint64_t)sqlite3_column_int64(st, first + 13);
}

/* Columns of CARD_COLUMNS in sql.c: 0 card id, 1 ord, 2 retired, 3 deck
 * key, 4 deck file, 5..18 the note (read_note), 19 state, 20 due, 21 reps,
 * 22 lapses, 23 suspended, 24 stability, 25 difficulty. */
static int visit_cards(struct rc_collection *c, sqlite3_stmt *st,
                       rc_card_visit_fn *fn, void *arg, size_t *n_seen,
                       struct rc_err *err)
{
    int rc, out = RC_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct rc_note note = {0};
        read_note(st, 5, &note);
        struct rc_card_info info = {
            .card_id = sqlite3_column_int64(st, 0),
            .ord = (size_t)sqlite3_column_int64(st, 1),
            .retired = sqlite3_column_int(st, 2) != 0,
            .deck_key = col_text(st, 3),
            .deck_file = col_text(st, 4),
            .note = &note,
            .studied = sqlite3_column_type(st, 19) != SQLITE_NULL,
            .state = sqlite3_column_int(st, 19),
            .due_ms = sqlite3_column_int64(st, 20),
            .reps = sqlite3_column_int(st, 21),
            .lapses = sqlite3_column_int(st, 22),
            .suspended = sqlite3_column_int(st, 23) != 0,
            .stability = sqlite3_column_double(st, 24),
            .difficulty = sqlite3_column_double(st, 25),
        };
        (*n_seen)++;
        out = fn(&info, arg);
        rc_strlist_release(&note.list);
        if (out != 0)
            break;
    }
    if (out == RC_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        out = rc_err_db(err, c->db, "list cards");
    rc_stmt_done(st);
    return out;
}

int rc_cards_each(struct rc_collection *c, int64_t profile_id,
                  const char *deck_key, unsigned flags, rc_card_visit_fn *fn,
                  void *arg, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_CARDS_LIST, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    rc_bind_text(st, 2, deck_key);
    sqlite3_bind_int(st, 3, (flags & RC_CARDS_RETIRED) != 0);
    size_t n = 0;
    return visit_cards(c, st, fn, arg, &n, err);
}

int rc_card_find(struct rc_collection *c, int64_t profile_id, const char *name,
                 rc_card_visit_fn *fn, void *arg, struct rc_err *err)
{
    const char *slash = strchr(name, '/');
    if (!slash || slash == name || !slash[1])
        return rc_err_set(err, RC_EINVAL,
                          "card '%s': expected DECK/NOTE or DECK/NOTE#N", name);
    const char *hash = strchr(slash + 1, '#');
    long ord = 1;
    if (hash) {
        char *end = NULL;
        ord = strtol(hash + 1, &end, 10);
        if (end == hash + 1 || *end || ord < 1)
            return rc_err_set(err, RC_EINVAL,
                              "card '%s': '#' must be followed by a card "
                              "number from 1",
                              name);
    }
    char *deck = rc_xstrndup(name, (size_t)(slash - name));
    size_t note_len = hash ? (size_t)(hash - slash - 1) : strlen(slash + 1);
    char *note = rc_xstrndup(slash + 1, note_len);
    int rc = RC_EDB;
    size_t n = 0;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_CARD_BY_NAME, err);
    if (st) {
        sqlite3_bind_int64(st, 1, profile_id);
        rc_bind_text(st, 2, deck);
        rc_bind_text(st, 3, note);
        sqlite3_bind_int64(st, 4, ord);
        rc = visit_cards(c, st, fn, arg, &n, err);
    }
    if (rc == RC_OK && n == 0)
        rc = rc_err_set(err, RC_ENOTFOUND, "no card '%s'", name);
    free(deck);
    free(note);
    return rc;
}

static char *dup_col(struct rc_deck *d, sqlite3_stmt *st, int i)
{
    return rc_deck_strdup(d, col_text(st, i));
}

/* Deep-copy the borrowed note 'src' into 'dst', owned by the deck 'd'
 * (its arena); src's list stays the caller's. */
static void copy_note(struct rc_deck *d, struct rc_note *dst,
                      const struct rc_note *src)
{
    *dst = *src;
    dst->id = rc_deck_strdup(d, src->id);
    dst->front = rc_deck_strdup(d, src->front);
    dst->back = rc_deck_strdup(d, src->back);
    dst->list.v = NULL;
    if (src->list.n > 0)
        dst->list.v = rc_deck_alloc(d, src->list.n, sizeof(*dst->list.v));
    for (size_t i = 0; i < src->list.n; i++)
        dst->list.v[i] = rc_deck_strdup(d, src->list.v[i]);
    dst->pool = src->pool ? rc_deck_strdup(d, src->pool) : NULL;
    dst->tags = rc_deck_strdup(d, src->tags);
    dst->source = rc_deck_strdup(d, src->source);
    dst->hint = rc_deck_strdup(d, src->hint);
    dst->explain = rc_deck_strdup(d, src->explain);
}

/* Fill the header of 'd' from a DECK_GET row. */
static int read_header(sqlite3_stmt *st, struct rc_deck *d, struct rc_err *err)
{
    struct rc_deck_options *o = &d->options;
    rc_deck_options_default(o);
    d->id = dup_col(d, st, 1);
    d->title = dup_col(d, st, 2);
    d->path = dup_col(d, st, 3);
    d->source_file = dup_col(d, st, 4);
    d->source_path = dup_col(d, st, 5);
    d->source_text = dup_col(d, st, 14);
    o->scheduler =
        strcmp(col_text(st, 6), "sm2") == 0 ? RC_SCHED_SM2 : RC_SCHED_FSRS;
    o->retention = sqlite3_column_double(st, 7);
    o->new_per_day = sqlite3_column_int(st, 8);
    o->reviews_per_day = sqlite3_column_int(st, 9);
    o->maximum_interval_days = sqlite3_column_int(st, 12);
    o->leech_threshold = sqlite3_column_int(st, 13);
    if (rc_steps_parse(col_text(st, 10), o->learning_steps_min,
                       &o->n_learning_steps) < 0 ||
        rc_steps_parse(col_text(st, 11), o->relearning_steps_min,
                       &o->n_relearning_steps) < 0)
        return rc_err_set(err, RC_EDB, "deck '%s': stored steps are corrupt",
                          d->id);
    return RC_OK;
}

static int read_notes(struct rc_collection *c, int64_t deck_id,
                      struct rc_deck *d, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NOTES_EXPORT, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, deck_id);
    size_t alloc = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (d->n_notes == alloc) {
            alloc = alloc ? alloc * 2 : 64;
            d->notes = rc_xreallocarray(d->notes, alloc, sizeof(*d->notes));
        }
        struct rc_note borrowed = {0};
        read_note(st, 0, &borrowed);
        copy_note(d, &d->notes[d->n_notes++], &borrowed);
        rc_strlist_release(&borrowed.list);
    }
    rc_stmt_done(st);
    if (rc != SQLITE_DONE)
        return rc_err_db(err, c->db, "read notes");
    return RC_OK;
}

int rc_deck_load(struct rc_collection *c, const char *key, struct rc_deck **out,
                 struct rc_err *err)
{
    *out = NULL;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_DECK_GET, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, key);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        rc_stmt_done(st);
        if (step == SQLITE_DONE)
            return rc_err_set(err, RC_ENOTFOUND, "no deck '%s'", key);
        return rc_err_db(err, c->db, "read deck");
    }
    struct rc_deck *d = rc_xcalloc(1, sizeof(*d));
    int64_t deck_id = sqlite3_column_int64(st, 0);
    int rc = read_header(st, d, err);
    rc_stmt_done(st);
    if (rc == RC_OK)
        rc = read_notes(c, deck_id, d, err);
    if (rc < 0) {
        rc_deck_free(d);
        return rc;
    }
    *out = d;
    return RC_OK;
}

int rc_card_get(struct rc_collection *c, int64_t profile_id, int64_t card_id,
                rc_card_visit_fn *fn, void *arg, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_CARD_BY_ID, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    size_t n = 0;
    int rc = visit_cards(c, st, fn, arg, &n, err);
    if (rc == RC_OK && n == 0)
        rc = rc_err_set(err, RC_ENOTFOUND, "no card with id %lld",
                        (long long)card_id);
    return rc;
}

int rc_pool_items(struct rc_collection *c, const char *deck_key,
                  const char *pool, struct rc_strlist *out, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_POOL_ITEMS, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, deck_key);
    rc_bind_text(st, 2, pool);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        split_items(col_text(st, 0), out);
    rc_stmt_done(st);
    if (step == SQLITE_DONE)
        return rc_err_set(err, RC_ENOTFOUND, "deck '%s' has no pool '%s'",
                          deck_key, pool);
    return step == SQLITE_ROW ? RC_OK : rc_err_db(err, c->db, "read pool");
}
