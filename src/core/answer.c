/* answer.c -- appending to the review log and caching the state.
 *
 * rc_answer_record() is the one way an answer enters the collection: the
 * review row and the card's new state commit together, so after a kill
 * both or neither are there.  The state written is what rc_sched_answer()
 * makes of the state before; rc_card_replay() makes the same from the log
 * alone, which is what lets sync merge logs and rebuild states.
 *
 * Fuzz and study days depend on collection settings (meta table), read
 * here so that recording and replaying always agree.
 *
 * Not here: the scheduling maths (sched.c), SQL text (sql.c). */
#include "recall/answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection_int.h"
#include "recall/buf.h"
#include "recall/hlc.h"

#include "banned.h"

static const char *const kind_names[] = {"study", "quiz", "manual"};

int rc_card_sched_load(struct rc_collection *c, int64_t card_id,
                       struct rc_card_sched *out, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_CARD_SCHED, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, card_id);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        rc_stmt_done(st);
        return step == SQLITE_DONE
                   ? rc_err_set(err, RC_ENOTFOUND, "no card with id %lld",
                                (long long)card_id)
                   : rc_err_db(err, c->db, "read card");
    }
    struct rc_deck_options o;
    int rc = rc_deck_options_from_row(st, 0, &o, err);
    long long ord = sqlite3_column_int64(st, 10);
    if (ord == 1)
        snprintf(out->name, sizeof(out->name), "%s/%s",
                 sqlite3_column_text(st, 8), sqlite3_column_text(st, 9));
    else
        snprintf(out->name, sizeof(out->name), "%s/%s#%lld",
                 sqlite3_column_text(st, 8), sqlite3_column_text(st, 9), ord);
    rc_stmt_done(st);
    if (rc < 0)
        return rc;
    out->seed = rc_sched_card_seed(out->name);
    int rollover = 4, fuzz = 1;
    rc_collection_setting_int(c, "rollover_hour", &rollover);
    rc_collection_setting_int(c, "fuzz", &fuzz);
    return rc_sched_init(&out->sched, &o, rollover, fuzz != 0, err);
}

int rc_card_state_load(struct rc_collection *c, int64_t profile_id,
                       int64_t card_id, struct rc_sched_state *out,
                       bool *suspended, bool *leech, struct rc_err *err)
{
    rc_sched_state_new(out);
    bool susp = false, lch = false;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_STATE_GET, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        out->state = sqlite3_column_int(st, 0);
        out->step = sqlite3_column_int(st, 1);
        out->stability = sqlite3_column_double(st, 2);
        out->difficulty = sqlite3_column_double(st, 3);
        out->ease = sqlite3_column_double(st, 4);
        out->due_ms = sqlite3_column_int64(st, 5);
        out->last_review_ms = sqlite3_column_int64(st, 6);
        out->elapsed_days = sqlite3_column_int(st, 7);
        out->scheduled_days = sqlite3_column_int(st, 8);
        out->reps = sqlite3_column_int(st, 9);
        out->lapses = sqlite3_column_int(st, 10);
        out->interval_days = sqlite3_column_int(st, 11);
        susp = sqlite3_column_int(st, 12) != 0;
        lch = sqlite3_column_int(st, 13) != 0;
    }
    rc_stmt_done(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return rc_err_db(err, c->db, "read card state");
    if (suspended)
        *suspended = susp;
    if (leech)
        *leech = lch;
    return RC_OK;
}

/* Bind ?1..?16 of STATE_PUT and STATE_RESTORE: the key, the state, the
 * flags, in the card_state column order of sql.c. */
static void bind_state(sqlite3_stmt *st, int64_t profile_id, int64_t card_id,
                       const struct rc_sched_state *s, bool suspended,
                       bool leech)
{
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    sqlite3_bind_int(st, 3, s->state);
    sqlite3_bind_int(st, 4, s->step);
    sqlite3_bind_double(st, 5, s->stability);
    sqlite3_bind_double(st, 6, s->difficulty);
    sqlite3_bind_double(st, 7, s->ease);
    sqlite3_bind_int64(st, 8, s->due_ms);
    sqlite3_bind_int64(st, 9, s->last_review_ms);
    sqlite3_bind_int(st, 10, s->elapsed_days);
    sqlite3_bind_int(st, 11, s->scheduled_days);
    sqlite3_bind_int(st, 12, s->reps);
    sqlite3_bind_int(st, 13, s->lapses);
    sqlite3_bind_int(st, 14, s->interval_days);
    sqlite3_bind_int(st, 15, suspended);
    sqlite3_bind_int(st, 16, leech);
}

int rc_card_state_store(struct rc_collection *c, int64_t profile_id,
                        int64_t card_id, const struct rc_sched_state *s,
                        bool suspended, bool leech, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_STATE_PUT, err);
    if (!st)
        return RC_EDB;
    bind_state(st, profile_id, card_id, s, suspended, leech);
    return rc_stmt_exec(c, st, "store card state", err);
}

static int revlog_insert(struct rc_collection *c, const struct rc_answer *a,
                         const char *id, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_REVLOG_INSERT, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, id);
    sqlite3_bind_int64(st, 2, a->card_id);
    sqlite3_bind_int64(st, 3, a->profile_id);
    sqlite3_bind_int64(st, 4, a->time_ms);
    sqlite3_bind_int(st, 5, a->rating);
    sqlite3_bind_int64(st, 6, a->duration_ms);
    rc_bind_text(st, 7, kind_names[a->kind]);
    return rc_stmt_exec(c, st, "append review", err);
}

/* The new state of the card, and its flags, from the state before. */
static int next_state(struct rc_collection *c, const struct rc_answer *a,
                      struct rc_sched_state *next, bool *suspended, bool *leech,
                      struct rc_err *err)
{
    struct rc_card_sched cs;
    struct rc_sched_state before;
    int rc = rc_card_sched_load(c, a->card_id, &cs, err);
    if (rc == RC_OK)
        rc = rc_card_state_load(c, a->profile_id, a->card_id, &before,
                                suspended, leech, err);
    if (rc == RC_OK)
        rc = rc_sched_answer(&cs.sched, cs.seed, &before, a->time_ms, a->rating,
                             next, err);
    if (rc < 0) {
        rc_err_prefix(err, "answer card '%s'", cs.name);
        return rc;
    }
    /* A leech is marked once, on the answer that reaches the threshold. */
    if (!*leech && rc_sched_is_leech(&cs.sched, next)) {
        *leech = true;
        *suspended = true;
    }
    return RC_OK;
}

int rc_answer_record(struct rc_collection *c, const struct rc_answer *a,
                     struct rc_rng *rng, struct rc_sched_state *out,
                     char review_id[33], struct rc_err *err)
{
    char id[33];
    rc_rng_hex128(rng, id);
    struct rc_sched_state next;
    bool suspended = false, leech = false;
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    rc = next_state(c, a, &next, &suspended, &leech, err);
    if (rc == RC_OK)
        rc = revlog_insert(c, a, id, err);
    if (rc == RC_OK)
        rc = rc_card_state_store(c, a->profile_id, a->card_id, &next, suspended,
                                 leech, err);
    if (rc == RC_OK)
        rc = rc_tx_commit(c, err);
    else
        rc_tx_rollback(c);
    if (rc == RC_OK && out)
        *out = next;
    if (rc == RC_OK && review_id)
        memcpy(review_id, id, sizeof(id));
    return rc;
}

int rc_card_replay(struct rc_collection *c, int64_t profile_id, int64_t card_id,
                   rc_review_visit_fn *fn, void *arg,
                   struct rc_sched_state *out, struct rc_err *err)
{
    struct rc_card_sched cs;
    int rc = rc_card_sched_load(c, card_id, &cs, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_REVLOG_CARD, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    struct rc_sched_state state;
    rc_sched_state_new(&state);
    int step = SQLITE_DONE;
    while (rc == RC_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct rc_review r = {
            .id = (const char *)sqlite3_column_text(st, 0),
            .time_ms = sqlite3_column_int64(st, 1),
            .rating = sqlite3_column_int(st, 2),
            .duration_ms = sqlite3_column_int64(st, 3),
            .kind = (const char *)sqlite3_column_text(st, 4),
        };
        struct rc_sched_state next;
        rc = rc_sched_answer(&cs.sched, cs.seed, &state, r.time_ms, r.rating,
                             &next, err);
        if (rc == RC_OK) {
            state = next;
            if (fn)
                rc = fn(&r, &state, arg);
        }
    }
    if (rc == RC_OK && step != SQLITE_DONE)
        rc = rc_err_db(err, c->db, "read reviews");
    rc_stmt_done(st);
    if (rc == RC_OK)
        *out = state;
    return rc;
}

int rc_card_snapshot_take(struct rc_collection *c, int64_t profile_id,
                          int64_t card_id, struct rc_card_snapshot *out,
                          struct rc_err *err)
{
    memset(out, 0, sizeof(*out));
    int rc = rc_card_state_load(c, profile_id, card_id, &out->state,
                                &out->suspended, &out->leech, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_STATE_GET, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    out->existed = sqlite3_step(st) == SQLITE_ROW;
    rc_stmt_done(st);
    st = rc_stmt(c, RC_SQL_STATE_BURIED, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        out->buried_until_ms = sqlite3_column_int64(st, 0);
    rc_stmt_done(st);
    return RC_OK;
}

static int state_restore(struct rc_collection *c, int64_t profile_id,
                         int64_t card_id, const struct rc_card_snapshot *b,
                         struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(
        c, b->existed ? RC_SQL_STATE_RESTORE : RC_SQL_STATE_DELETE, err);
    if (!st)
        return RC_EDB;
    if (b->existed) {
        bind_state(st, profile_id, card_id, &b->state, b->suspended, b->leech);
        sqlite3_bind_int64(st, 17, b->buried_until_ms);
    } else {
        sqlite3_bind_int64(st, 1, profile_id);
        sqlite3_bind_int64(st, 2, card_id);
    }
    return rc_stmt_exec(c, st, "restore card state", err);
}

int rc_answer_undo(struct rc_collection *c, int64_t profile_id, int64_t card_id,
                   const char *review_id, const struct rc_card_snapshot *before,
                   struct rc_err *err)
{
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_REVLOG_DELETE, err);
    if (!st) {
        rc = RC_EDB;
    } else {
        rc_bind_text(st, 1, review_id);
        rc = rc_stmt_exec(c, st, "undo review", err);
        /* The server has it (a sync ran meanwhile): deleting it here
         * would part this collection from every other. */
        if (rc == RC_OK && sqlite3_changes(c->db) != 1)
            rc = rc_err_set(err, RC_ECONFLICT,
                            "that answer has been synced already and can no "
                            "longer be undone; grade the card again instead");
    }
    if (rc == RC_OK)
        rc = state_restore(c, profile_id, card_id, before, err);
    /* The card may be new again: the queue must look for it afresh. */
    if (rc == RC_OK && !(before->existed && before->state.state != 0)) {
        st = rc_stmt(c, RC_SQL_NEW_HINT_CLEAR_CARD, err);
        if (!st) {
            rc = RC_EDB;
        } else {
            sqlite3_bind_int64(st, 1, profile_id);
            sqlite3_bind_int64(st, 2, card_id);
            rc = rc_stmt_exec(c, st, "reset new-card hint", err);
        }
    }
    if (rc == RC_OK)
        return rc_tx_commit(c, err);
    rc_tx_rollback(c);
    return rc;
}

/* Run a flag statement (STATE_SUSPEND, STATE_BURY) as one transaction. */
static int set_flag(struct rc_collection *c, enum rc_sql id, int64_t profile_id,
                    int64_t card_id, int64_t value, struct rc_err *err)
{
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = rc_stmt(c, id, err);
    if (!st) {
        rc_tx_rollback(c);
        return RC_EDB;
    }
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    sqlite3_bind_int64(st, 3, value);
    rc = rc_stmt_exec(c, st, "update card", err);
    if (rc == RC_OK) /* sync merges flags by this stamp */
        rc = rc_hlc_stamp_flags(c, profile_id, card_id, 0, err);
    if (rc == RC_OK)
        return rc_tx_commit(c, err);
    rc_tx_rollback(c);
    return rc;
}

int rc_card_set_suspended(struct rc_collection *c, int64_t profile_id,
                          int64_t card_id, bool suspended, struct rc_err *err)
{
    return set_flag(c, RC_SQL_STATE_SUSPEND, profile_id, card_id, suspended,
                    err);
}

int rc_card_bury(struct rc_collection *c, int64_t profile_id, int64_t card_id,
                 int64_t until_ms, struct rc_err *err)
{
    return set_flag(c, RC_SQL_STATE_BURY, profile_id, card_id, until_ms, err);
}

int rc_next_due_ms(struct rc_collection *c, int64_t profile_id, int64_t now_ms,
                   int64_t *out, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NEXT_DUE, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, now_ms);
    int step = sqlite3_step(st);
    *out = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    rc_stmt_done(st);
    return step == SQLITE_ROW || step == SQLITE_DONE
               ? RC_OK
               : rc_err_db(err, c->db, "read next due");
}

/* When, replaying, a card first reached its deck's leech threshold. */
struct leech_watch {
    const struct rc_sched *sched;
    int64_t leech_ms;
};

static int watch_leech(const struct rc_review *r,
                       const struct rc_sched_state *after, void *arg)
{
    struct leech_watch *w = arg;
    if (!w->leech_ms && rc_sched_is_leech(w->sched, after))
        w->leech_ms = r->time_ms;
    return 0;
}

static int flags_get(struct rc_collection *c, int64_t profile_id,
                     int64_t card_id, bool *suspended, bool *leech,
                     char hlc[RC_HLC_LEN + 1], struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_SYNC_STATE_FLAGS, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    int step = sqlite3_step(st);
    *suspended = step == SQLITE_ROW && sqlite3_column_int(st, 0);
    *leech = step == SQLITE_ROW && sqlite3_column_int(st, 1);
    const char *h =
        step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 2) : "";
    snprintf(hlc, RC_HLC_LEN + 1, "%s", h ? h : "");
    rc_stmt_done(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return rc_err_db(err, c->db, "read card flags");
    return RC_OK;
}

int rc_card_rebuild(struct rc_collection *c, int64_t profile_id,
                    int64_t card_id, struct rc_err *err)
{
    struct rc_card_sched cs;
    struct rc_sched_state state;
    struct leech_watch w = {.sched = &cs.sched};
    bool suspended, leech;
    char hlc[RC_HLC_LEN + 1];
    int rc = rc_card_sched_load(c, card_id, &cs, err);
    if (rc == RC_OK)
        rc = rc_card_replay(c, profile_id, card_id, watch_leech, &w, &state,
                            err);
    if (rc == RC_OK)
        rc = flags_get(c, profile_id, card_id, &suspended, &leech, hlc, err);
    if (rc < 0)
        return rc;
    /* A leech is suspended when it becomes one, unless a flag change
     * (unsuspending it) was made after that. */
    if (!leech && w.leech_ms) {
        leech = true;
        if (!rc_hlc_valid(hlc) || strtoll(hlc, NULL, 10) < w.leech_ms)
            suspended = true;
    }
    return rc_card_state_store(c, profile_id, card_id, &state, suspended, leech,
                               err);
}

int rc_deck_rebuild(struct rc_collection *c, int64_t deck_id,
                    struct rc_err *err)
{
    struct pair {
        int64_t profile, card;
    } *v = NULL;
    size_t n = 0;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_DECK_REVIEWED_CARDS, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, deck_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xreallocarray(v, n + 1, sizeof(*v));
        v[n].profile = sqlite3_column_int64(st, 0);
        v[n++].card = sqlite3_column_int64(st, 1);
    }
    rc_stmt_done(st);
    int rc = step == SQLITE_DONE ? RC_OK
                                 : rc_err_db(err, c->db, "list reviewed cards");
    for (size_t i = 0; rc == RC_OK && i < n; i++)
        rc = rc_card_rebuild(c, v[i].profile, v[i].card, err);
    free(v);
    return rc;
}
