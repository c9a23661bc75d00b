/* sync_apply.c -- merging a pulled batch into the collection.
 *
 * A batch is applied in one transaction, together with the server
 * sequence number it ends at, so a pull cut short is repeated from the
 * last batch that made it, and applying a batch twice changes nothing:
 * reviews are kept once per id, and content is taken only when its hlc is
 * greater than the local one (last writer wins; the clock is then moved
 * past it, so a later local edit wins in turn).
 *
 * Reviews of a card the collection does not know yet (its note is in a
 * later batch, or another deck) wait in sync_pending, and flag changes of
 * such a card in sync_pending_flags (the newest per card); both are
 * retried at the end of every batch.  Finally every card that got reviews is
 * replayed (rc_card_replay): its state is what the merged log gives, not
 * what either side had computed.  Flags (suspended, buried) are not
 * replayed but merged by their own clock; a card that becomes a leech by
 * the merged log is suspended unless a flag change came after.
 *
 * Not here: choosing what to push (sync.c), JSON and HTTP (src/sync). */
#include "recall/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection_int.h"
#include "deck_int.h"
#include "recall/answer.h"
#include "recall/buf.h"
#include "recall/clock.h"
#include "recall/hlc.h"
#include "recall/import.h"

#include "banned.h"

/* Card ids whose log changed in this batch. */
struct touched {
    int64_t *v;
    size_t n, alloc;
};

static void touched_add(struct touched *t, int64_t id)
{
    if (t->n == t->alloc) {
        t->alloc = t->alloc ? t->alloc * 2 : 64;
        t->v = rc_xreallocarray(t->v, t->alloc, sizeof(*t->v));
    }
    t->v[t->n++] = id;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int card_id_of(struct rc_collection *c, const char *name, int64_t *id,
                      struct rc_err *err)
{
    char deck[RC_DECK_MAX_ID + 1], note[RC_DECK_MAX_ID + 1];
    int64_t ord = 0;
    *id = 0;
    if (rc_sync_card_name_split(name, deck, note, &ord) < 0)
        return rc_err_set(err, RC_EPARSE, "invalid card name '%s'", name);
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_CARD_ID, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, deck);
    rc_bind_text(st, 2, note);
    sqlite3_bind_int64(st, 3, ord);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    rc_stmt_done(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return rc_err_db(err, c->db, "find card");
    return RC_OK;
}

static bool review_valid(const struct rc_sync_change *ch)
{
    if (!ch->id || strlen(ch->id) != 32 || !ch->card || !ch->kind)
        return false;
    for (size_t i = 0; i < 32; i++)
        if (!strchr("0123456789abcdef", ch->id[i]))
            return false;
    return ch->rating >= 1 && ch->rating <= 4 && ch->time_ms >= 0 &&
           ch->duration_ms >= 0 &&
           (strcmp(ch->kind, "study") == 0 || strcmp(ch->kind, "quiz") == 0 ||
            strcmp(ch->kind, "manual") == 0);
}

/* Bind ?1..?7 of REVIEW_PUT and PENDING_PUT (?2: card id or name). */
static void bind_review(sqlite3_stmt *st, const struct rc_sync_change *ch,
                        int64_t profile_id, int64_t card_id)
{
    rc_bind_text(st, 1, ch->id);
    if (card_id) {
        sqlite3_bind_int64(st, 2, card_id);
        sqlite3_bind_int64(st, 3, profile_id);
    } else {
        sqlite3_bind_int64(st, 2, profile_id);
        rc_bind_text(st, 3, ch->card);
    }
    sqlite3_bind_int64(st, 4, ch->time_ms);
    sqlite3_bind_int(st, 5, ch->rating);
    sqlite3_bind_int64(st, 6, ch->duration_ms);
    rc_bind_text(st, 7, ch->kind);
}

/* Put review 'ch' in the log (or mark ours acknowledged), or park it. */
static int apply_review(struct rc_collection *c, int64_t profile_id,
                        const struct rc_sync_change *ch, struct touched *t,
                        struct rc_sync_apply_stats *stats, struct rc_err *err)
{
    if (!review_valid(ch))
        return rc_err_set(err, RC_EPARSE, "invalid review '%s'",
                          ch->id ? ch->id : "");
    int64_t card_id = 0;
    int rc = card_id_of(c, ch->card, &card_id, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = rc_stmt(
        c, card_id ? RC_SQL_SYNC_REVIEW_PUT : RC_SQL_SYNC_PENDING_PUT, err);
    if (!st)
        return RC_EDB;
    bind_review(st, ch, profile_id, card_id);
    rc = rc_stmt_exec(c, st, "add pulled review", err);
    bool added = rc == RC_OK && sqlite3_changes(c->db) > 0;
    if (rc < 0)
        return rc;
    if (!card_id) {
        stats->pending += added;
        return RC_OK;
    }
    if (added) {
        stats->reviews++;
        touched_add(t, card_id);
        return RC_OK;
    }
    /* Known already: ours, which the server evidently has. */
    stats->duplicates++;
    st = rc_stmt(c, RC_SQL_SYNC_REVIEW_MARK, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, ch->id);
    return rc_stmt_exec(c, st, "mark review synced", err);
}

/* Step 'st' (bound, returning [id,] hlc): is the local stamp older than
 * 'hlc'?  *row is the local row's id, 0 when there is none. */
static int older(struct rc_collection *c, sqlite3_stmt *st, const char *hlc,
                 bool *is_older, int64_t *row, struct rc_err *err)
{
    int step = sqlite3_step(st);
    *row = 0;
    *is_older = true;
    if (step == SQLITE_ROW) {
        int last = sqlite3_column_count(st) - 1;
        const char *local = (const char *)sqlite3_column_text(st, last);
        *row = last > 0 ? sqlite3_column_int64(st, 0) : 1;
        *is_older = strcmp(local ? local : "", hlc) < 0;
    }
    rc_stmt_done(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return rc_err_db(err, c->db, "read local stamp");
    return RC_OK;
}

static bool steps_ok(const char *s)
{
    int steps[RC_DECK_MAX_STEPS];
    size_t n = 0;
    return s && rc_steps_parse(s, steps, &n) == 0;
}

static bool deck_valid(const struct rc_sync_change *d)
{
    return d->deck && *d->deck && strlen(d->deck) <= RC_DECK_MAX_ID &&
           !strchr(d->deck, '/') && rc_hlc_valid(d->hlc) && d->title &&
           d->source_file && d->scheduler &&
           (strcmp(d->scheduler, "fsrs") == 0 ||
            strcmp(d->scheduler, "sm2") == 0) &&
           d->retention > 0 && d->retention < 1 && d->new_per_day >= 0 &&
           d->reviews_per_day >= 0 && d->maximum_interval >= 1 &&
           d->leech_threshold >= 0 && steps_ok(d->learning_steps) &&
           steps_ok(d->relearning_steps);
}

/* Whether deck 'deck_id''s stored scheduling options differ from those
 * of change 'd' (then its cards are replayed). */
static int sched_changed(struct rc_collection *c, int64_t deck_id,
                         const struct rc_sync_change *d, bool *changed,
                         struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_DECK_BY_ID, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, deck_id);
    int step = sqlite3_step(st);
    *changed =
        step == SQLITE_ROW &&
        (strcmp((const char *)sqlite3_column_text(st, 4), d->scheduler) != 0 ||
         sqlite3_column_double(st, 5) != d->retention ||
         strcmp((const char *)sqlite3_column_text(st, 8), d->learning_steps) !=
             0 ||
         strcmp((const char *)sqlite3_column_text(st, 9),
                d->relearning_steps) != 0 ||
         sqlite3_column_int(st, 10) != d->maximum_interval ||
         sqlite3_column_int(st, 11) != d->leech_threshold);
    rc_stmt_done(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return rc_err_db(err, c->db, "read deck options");
    return RC_OK;
}

static int apply_deck(struct rc_collection *c, const struct rc_sync_change *d,
                      int64_t now_ms, struct rc_sync_apply_stats *stats,
                      struct rc_err *err)
{
    if (!deck_valid(d))
        return rc_err_set(err, RC_EPARSE, "invalid deck change '%s'",
                          d->deck ? d->deck : "");
    if (d->source_text && strlen(d->source_text) > RC_DECK_MAX_SOURCE_BYTES)
        return rc_err_set(err, RC_ELIMIT, "deck '%s': source text over %zu MiB",
                          d->deck, RC_DECK_MAX_SOURCE_BYTES >> 20);
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_DECK_HLC, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, d->deck);
    bool take;
    int64_t row;
    int rc = older(c, st, d->hlc, &take, &row, err);
    if (rc < 0 || !take) {
        stats->duplicates += rc == RC_OK;
        return rc;
    }
    bool resched = false;
    if (row)
        rc = sched_changed(c, row, d, &resched, err);
    if (rc < 0)
        return rc;
    st = rc_stmt(c, RC_SQL_SYNC_DECK_PUT, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, d->deck);
    rc_bind_text(st, 2, d->title);
    rc_bind_text(st, 3, d->source_file);
    rc_bind_text(st, 4, d->scheduler);
    sqlite3_bind_double(st, 5, d->retention);
    sqlite3_bind_int(st, 6, d->new_per_day);
    sqlite3_bind_int(st, 7, d->reviews_per_day);
    rc_bind_text(st, 8, d->learning_steps);
    rc_bind_text(st, 9, d->relearning_steps);
    sqlite3_bind_int(st, 10, d->maximum_interval);
    sqlite3_bind_int(st, 11, d->leech_threshold);
    sqlite3_bind_int64(st, 12, now_ms);
    rc_bind_text(st, 13, d->hlc);
    rc_bind_text(st, 14, d->source_text ? d->source_text : "");
    rc = rc_stmt_exec(c, st, "apply deck change", err);
    /* States are what the log gives under the deck's options, on every
     * machine alike (import does the same on an edit). */
    if (rc == RC_OK && resched)
        rc = rc_deck_rebuild(c, row, err);
    stats->content += rc == RC_OK;
    return rc == RC_OK ? rc_hlc_observe(c, d->hlc, err) : rc;
}

/* The id of deck 'key', creating a stand-in (default options, a stamp
 * below any real one) when its notes arrive first. */
static int deck_id_for(struct rc_collection *c, const char *key, int64_t now_ms,
                       int64_t *id, struct rc_err *err)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_DECK_HLC, err);
        if (!st)
            return RC_EDB;
        rc_bind_text(st, 1, key);
        int step = sqlite3_step(st);
        *id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        rc_stmt_done(st);
        if (step == SQLITE_ROW)
            return RC_OK;
        if (step != SQLITE_DONE)
            return rc_err_db(err, c->db, "find deck");
        st = rc_stmt(c, RC_SQL_SYNC_DECK_STUB, err);
        if (!st)
            return RC_EDB;
        rc_bind_text(st, 1, key);
        sqlite3_bind_int64(st, 2, now_ms);
        int rc = rc_stmt_exec(c, st, "add deck", err);
        if (rc < 0)
            return rc;
    }
    return rc_err_set(err, RC_EDB, "add deck '%s'", key);
}

static bool key_ok(const char *k)
{
    return k && *k && strlen(k) <= RC_DECK_MAX_ID && !strchr(k, '/') &&
           !strchr(k, '#');
}

static bool note_valid(const struct rc_sync_change *n, enum rc_kind *kind)
{
    if (!key_ok(n->deck) || !key_ok(n->note) || !rc_hlc_valid(n->hlc) ||
        !n->kind || rc_kind_parse(n->kind, kind) < 0 || !n->front || !n->back ||
        !n->tags || !n->source || !n->hint || !n->explain || n->position < 0 ||
        (n->n_items && !n->items))
        return false;
    for (size_t i = 0; i < n->n_items; i++)
        if (!n->items[i] || strchr(n->items[i], '\n'))
            return false;
    return true;
}

/* Make the note's live cards exactly 1..n (as import does): revive or
 * add those within range, retire those past it. */
static int note_cards(struct rc_collection *c, int64_t note_id, size_t n,
                      int64_t now_ms, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NOTE_CARDS, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, note_id);
    struct touched ids = {0}, flip = {0};
    size_t have = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        size_t ord = (size_t)sqlite3_column_int64(st, 1);
        bool retired = sqlite3_column_int(st, 2) != 0;
        have = ord > have ? ord : have;
        if ((ord <= n) == retired)
            touched_add(ord <= n ? &ids : &flip, sqlite3_column_int64(st, 0));
    }
    rc_stmt_done(st);
    int rc = step == SQLITE_DONE ? RC_OK : rc_err_db(err, c->db, "read cards");
    for (size_t i = 0; rc == RC_OK && i < ids.n + flip.n; i++) {
        bool revive = i < ids.n;
        st = rc_stmt(c, RC_SQL_CARD_SET_RETIRED, err);
        if (!st) {
            rc = RC_EDB;
            break;
        }
        sqlite3_bind_int64(st, 1, revive ? ids.v[i] : flip.v[i - ids.n]);
        sqlite3_bind_int(st, 2, !revive);
        sqlite3_bind_int64(st, 3, now_ms);
        rc = rc_stmt_exec(c, st, "update card", err);
    }
    for (size_t ord = have + 1; rc == RC_OK && ord <= n; ord++) {
        st = rc_stmt(c, RC_SQL_CARD_INSERT, err);
        if (!st) {
            rc = RC_EDB;
            break;
        }
        sqlite3_bind_int64(st, 1, note_id);
        sqlite3_bind_int64(st, 2, (int64_t)ord);
        sqlite3_bind_int64(st, 3, now_ms);
        rc = rc_stmt_exec(c, st, "add card", err);
    }
    free(ids.v);
    free(flip.v);
    return rc;
}

/* Bind NOTE_PUT's ?3..?17 from 'ch'; 'items' holds the joined list. */
static void bind_note_put(sqlite3_stmt *st, const struct rc_sync_change *ch,
                          const struct rc_note *n, int64_t now_ms,
                          struct rc_buf *items)
{
    for (size_t i = 0; i < ch->n_items; i++) {
        if (i)
            rc_buf_addc(items, '\n');
        rc_buf_adds(items, ch->items[i]);
    }
    rc_bind_text(st, 3, ch->kind);
    sqlite3_bind_int64(st, 4, ch->position);
    rc_bind_text(st, 5, ch->front);
    rc_bind_text(st, 6, ch->back);
    rc_bind_text(st, 7, rc_buf_str(items));
    if (ch->pool)
        rc_bind_text(st, 8, ch->pool);
    else
        sqlite3_bind_null(st, 8);
    rc_bind_text(st, 9, ch->tags);
    rc_bind_text(st, 10, ch->source);
    rc_bind_text(st, 11, ch->hint);
    rc_bind_text(st, 12, ch->explain);
    sqlite3_bind_int(st, 13, ch->ignore_accents);
    /* The hash the parser would give, so re-importing a file with the
     * same text is no change. */
    sqlite3_bind_int64(st, 14, (int64_t)deck_note_hash(n, ch->note));
    sqlite3_bind_int64(st, 15, now_ms);
    sqlite3_bind_int(st, 16, ch->retired);
    rc_bind_text(st, 17, ch->hlc);
}

static int note_row(struct rc_collection *c, int64_t deck_id, const char *key,
                    const char *hlc, bool *take, int64_t *row,
                    struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_NOTE_HLC, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, deck_id);
    rc_bind_text(st, 2, key);
    return older(c, st, hlc, take, row, err);
}

static int put_note(struct rc_collection *c, int64_t deck_id,
                    const struct rc_sync_change *ch, enum rc_kind kind,
                    int64_t now_ms, int64_t *note_id, struct rc_err *err)
{
    struct rc_note n = {
        .kind = kind,
        .id = ch->note,
        .front = ch->front,
        .back = ch->back,
        .list = {.v = ch->items, .n = ch->n_items},
        .pool = ch->pool,
        .tags = ch->tags,
        .source = ch->source,
        .hint = ch->hint,
        .explain = ch->explain,
        .ignore_accents = ch->ignore_accents,
    };
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_NOTE_PUT, err);
    if (!st)
        return RC_EDB;
    struct rc_buf items = {0};
    sqlite3_bind_int64(st, 1, deck_id);
    rc_bind_text(st, 2, ch->note);
    bind_note_put(st, ch, &n, now_ms, &items);
    int rc = rc_stmt_exec(c, st, "apply note change", err);
    rc_buf_release(&items);
    bool take;
    if (rc == RC_OK)
        rc = note_row(c, deck_id, ch->note, "", &take, note_id, err);
    if (rc == RC_OK)
        rc = note_cards(c, *note_id, ch->retired ? 0 : rc_note_card_count(&n),
                        now_ms, err);
    return rc;
}

static int apply_note(struct rc_collection *c, const struct rc_sync_change *ch,
                      int64_t now_ms, struct rc_sync_apply_stats *stats,
                      struct rc_err *err)
{
    enum rc_kind kind;
    if (!note_valid(ch, &kind))
        return rc_err_set(err, RC_EPARSE, "invalid note change '%s/%s'",
                          ch->deck ? ch->deck : "", ch->note ? ch->note : "");
    int64_t deck_id = 0, note_id = 0;
    bool take = false;
    int rc = deck_id_for(c, ch->deck, now_ms, &deck_id, err);
    if (rc == RC_OK)
        rc = note_row(c, deck_id, ch->note, ch->hlc, &take, &note_id, err);
    if (rc < 0 || !take) {
        stats->duplicates += rc == RC_OK;
        return rc;
    }
    rc = put_note(c, deck_id, ch, kind, now_ms, &note_id, err);
    /* Notes and cards moved: the queue's new-card hints no longer hold. */
    sqlite3_stmt *st =
        rc == RC_OK ? rc_stmt(c, RC_SQL_NEW_HINT_CLEAR_DECK, err) : NULL;
    if (rc == RC_OK && !st)
        rc = RC_EDB;
    if (rc == RC_OK) {
        sqlite3_bind_int64(st, 1, deck_id);
        rc = rc_stmt_exec(c, st, "reset new-card hints", err);
    }
    stats->content += rc == RC_OK;
    return rc == RC_OK ? rc_hlc_observe(c, ch->hlc, err) : rc;
}

static int flag_park(struct rc_collection *c, int64_t profile_id,
                     const struct rc_sync_change *ch, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_FLAG_PARK, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    rc_bind_text(st, 2, ch->card);
    rc_bind_text(st, 3, ch->hlc);
    sqlite3_bind_int(st, 4, ch->suspended);
    sqlite3_bind_int64(st, 5, ch->buried_until_ms);
    return rc_stmt_exec(c, st, "park flag change", err);
}

static int apply_flag(struct rc_collection *c, int64_t profile_id,
                      const struct rc_sync_change *ch,
                      struct rc_sync_apply_stats *stats, struct rc_err *err)
{
    if (!ch->card || !rc_hlc_valid(ch->hlc) || ch->buried_until_ms < 0)
        return rc_err_set(err, RC_EPARSE, "invalid flag change '%s'",
                          ch->card ? ch->card : "");
    int64_t card_id = 0, row = 0;
    bool take = false;
    int rc = card_id_of(c, ch->card, &card_id, err);
    /* A card not known here yet (a group's deck re-numbered after the
     * flag was pushed, say): the flag waits for its note. */
    if (rc < 0 || !card_id)
        return rc < 0 ? rc : flag_park(c, profile_id, ch, err);
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_FLAG_HLC, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    rc = older(c, st, ch->hlc, &take, &row, err);
    if (rc < 0 || !take) {
        stats->duplicates += rc == RC_OK;
        return rc;
    }
    st = rc_stmt(c, RC_SQL_SYNC_FLAG_PUT, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    sqlite3_bind_int(st, 3, ch->suspended);
    sqlite3_bind_int64(st, 4, ch->buried_until_ms);
    rc_bind_text(st, 5, ch->hlc);
    rc = rc_stmt_exec(c, st, "apply flag change", err);
    stats->content += rc == RC_OK;
    return rc == RC_OK ? rc_hlc_observe(c, ch->hlc, err) : rc;
}

/* Apply the parked flag changes whose card is known now. */
static int flags_retry(struct rc_collection *c, int64_t profile_id,
                       struct rc_sync_apply_stats *stats, struct rc_err *err)
{
    struct rc_sync_batch parked = {0};
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_FLAG_PARKED, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct rc_sync_change *ch = rc_sync_batch_add(&parked);
        ch->type = RC_SYNC_FLAG;
        ch->card = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
        ch->hlc = rc_xstrdup((const char *)sqlite3_column_text(st, 1));
        ch->suspended = sqlite3_column_int(st, 2) != 0;
        ch->buried_until_ms = sqlite3_column_int64(st, 3);
    }
    rc_stmt_done(st);
    int rc = step == SQLITE_DONE ? RC_OK
                                 : rc_err_db(err, c->db, "read parked flags");
    for (size_t i = 0; rc == RC_OK && i < parked.n; i++) {
        int64_t card_id = 0;
        rc = card_id_of(c, parked.v[i].card, &card_id, err);
        if (rc < 0 || !card_id)
            continue;
        st = rc_stmt(c, RC_SQL_SYNC_FLAG_UNPARK, err);
        if (!st) {
            rc = RC_EDB;
            break;
        }
        sqlite3_bind_int64(st, 1, profile_id);
        rc_bind_text(st, 2, parked.v[i].card);
        rc = rc_stmt_exec(c, st, "unpark flag change", err);
        if (rc == RC_OK)
            rc = apply_flag(c, profile_id, &parked.v[i], stats, err);
    }
    rc_sync_batch_release(&parked);
    return rc;
}

/* Read the parked reviews of the profile into 'out'. */
static int pending_read(struct rc_collection *c, int64_t profile_id,
                        struct rc_sync_batch *out, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_PENDING_LIST, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct rc_sync_change *ch = rc_sync_batch_add(out);
        ch->type = RC_SYNC_REVIEW;
        ch->id = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
        ch->card = rc_xstrdup((const char *)sqlite3_column_text(st, 1));
        ch->time_ms = sqlite3_column_int64(st, 2);
        ch->rating = sqlite3_column_int(st, 3);
        ch->duration_ms = sqlite3_column_int64(st, 4);
        ch->kind = rc_xstrdup((const char *)sqlite3_column_text(st, 5));
    }
    rc_stmt_done(st);
    return step == SQLITE_DONE ? RC_OK
                               : rc_err_db(err, c->db, "read parked reviews");
}

/* Move parked reviews whose card is known now into the log. */
static int pending_retry(struct rc_collection *c, int64_t profile_id,
                         struct touched *t, struct rc_sync_apply_stats *stats,
                         struct rc_err *err)
{
    struct rc_sync_batch parked = {0};
    int rc = pending_read(c, profile_id, &parked, err);
    for (size_t i = 0; rc == RC_OK && i < parked.n; i++) {
        int64_t card_id = 0;
        rc = card_id_of(c, parked.v[i].card, &card_id, err);
        if (rc < 0 || !card_id)
            continue;
        sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_PENDING_DELETE, err);
        if (!st) {
            rc = RC_EDB;
            break;
        }
        rc_bind_text(st, 1, parked.v[i].id);
        rc = rc_stmt_exec(c, st, "unpark review", err);
        if (rc == RC_OK && stats->pending > 0)
            stats->pending--;
        if (rc == RC_OK)
            rc = apply_review(c, profile_id, &parked.v[i], t, stats, err);
    }
    rc_sync_batch_release(&parked);
    return rc;
}

static int replay_touched(struct rc_collection *c, int64_t profile_id,
                          struct touched *t, struct rc_sync_apply_stats *stats,
                          struct rc_err *err)
{
    if (t->n > 1)
        qsort(t->v, t->n, sizeof(*t->v), cmp_id);
    int rc = RC_OK;
    for (size_t i = 0; rc == RC_OK && i < t->n; i++) {
        if (i > 0 && t->v[i] == t->v[i - 1])
            continue;
        rc = rc_card_rebuild(c, profile_id, t->v[i], err);
        stats->replayed += rc == RC_OK;
    }
    return rc;
}

static int apply_one(struct rc_collection *c, int64_t profile_id,
                     const struct rc_sync_change *ch, int64_t now_ms,
                     struct touched *t, struct rc_sync_apply_stats *stats,
                     struct rc_err *err)
{
    switch (ch->type) {
    case RC_SYNC_REVIEW:
        return apply_review(c, profile_id, ch, t, stats, err);
    case RC_SYNC_DECK:
        return apply_deck(c, ch, now_ms, stats, err);
    case RC_SYNC_NOTE:
        return apply_note(c, ch, now_ms, stats, err);
    case RC_SYNC_FLAG:
        return apply_flag(c, profile_id, ch, stats, err);
    }
    return rc_err_set(err, RC_EPARSE, "unknown change type");
}

static int set_seq(struct rc_collection *c, int64_t profile_id,
                   int64_t last_seq, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_SET_SEQ, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, last_seq);
    int rc = rc_stmt_exec(c, st, "record pulled sequence", err);
    if (rc == RC_OK && sqlite3_changes(c->db) != 1)
        return rc_err_set(err, RC_ENOTFOUND,
                          "profile is not bound to a "
                          "server: sync it first");
    return rc;
}

int rc_sync_apply(struct rc_collection *c, int64_t profile_id,
                  const struct rc_sync_change *v, size_t n, int64_t last_seq,
                  struct rc_sync_apply_stats *stats, struct rc_err *err)
{
    struct rc_sync_apply_stats local = {0};
    struct touched t = {0};
    int64_t now_ms = rc_clock_system_ms();
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; rc == RC_OK && i < n; i++)
        rc = apply_one(c, profile_id, &v[i], now_ms, &t, &local, err);
    if (rc == RC_OK)
        rc = pending_retry(c, profile_id, &t, &local, err);
    if (rc == RC_OK)
        rc = flags_retry(c, profile_id, &local, err);
    if (rc == RC_OK)
        rc = replay_touched(c, profile_id, &t, &local, err);
    if (rc == RC_OK)
        rc = set_seq(c, profile_id, last_seq, err);
    if (rc == RC_OK)
        rc = rc_tx_commit(c, err);
    else
        rc_tx_rollback(c);
    free(t.v);
    if (rc == RC_OK && stats) {
        stats->reviews += local.reviews;
        stats->pending += local.pending;
        stats->content += local.content;
        stats->duplicates += local.duplicates;
        stats->replayed += local.replayed;
    }
    return rc;
}
