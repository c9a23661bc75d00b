/* stats.c -- a profile's statistics, counted in a few passes.
 *
 * Everything is read inside one read transaction, so the numbers agree
 * with each other while another process studies.  The work is three
 * scans, each visiting its rows once in the order an index holds them,
 * with the counting done here in C:
 *
 *   1. the cards in scope (all, or one deck's), marking retired cards;
 *   2. the profile's card_state rows: counts by state, the forecast, the
 *      hardest cards and the leeches;
 *   3. the last 365 study days of the review log in time order (an index
 *      on (profile_id, time_ms)): reviews and time per day, the streak
 *      and true retention.
 *
 * GROUP BY in SQL was the obvious shape and the slow one: grouping three
 * million reviews by study day builds a temporary b-tree, and true
 * retention needs each review's predecessor, which as a window function
 * sorts the year.  Here each card has a byte of flags in an array indexed
 * by card id.  Reviews arrive in time order, so a review is "true" when
 * its card was seen before but not yet on the current study day, and the
 * cards seen today are unflagged when the scan crosses into the next day.
 * Study days are exact: every day's start comes from
 * rc_study_day_start_ms(), so a day that crosses a DST change counts as
 * the scheduler counts it, rather than by the offset of one moment.
 *
 * Rows reach C through an aggregate SQL function, recall_stats_visit(),
 * whose first argument is a pointer bound to the statement
 * (sqlite3_bind_pointer): SQLite calls it for each row without stepping
 * back out to the caller, about a third faster than sqlite3_step() per
 * row.  SQLite feeds an aggregate in the order of its scan; the review
 * pass checks that order, and should a plan ever deliver reviews out of
 * order it starts again with an explicit ORDER BY.
 *
 * Speed is SQLite's: on 1M cards and 3M reviews the review scan is most
 * of the time.  revlog_time holds only the time, so each review costs a
 * table lookup; an index on (profile_id, time_ms, card_id, rating,
 * duration_ms) would make it an index-only scan (0.47 s -> 0.30 s).
 *
 * A large collection's scans read more pages than its page cache holds
 * (up to 64 MiB); each page is read once, so the cache is emptied every
 * TRIM_ROWS rows, which keeps memory flat (about 10 MB in all).
 *
 * Not here: drawing (the cli), what is due now (queue), SQL text (sql.c). */
#include "recall/stats.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "collection_int.h"
#include "recall/buf.h"
#include "recall/clock.h"

#include "banned.h"

#define WINDOW_DAYS 365   /* the longest period */
#define TRIM_ROWS   65536 /* rows between emptying the page cache */
#define VISIT_FN    "recall_stats_visit"
#define VISIT_TYPE  "recall_stats_visit" /* type tag of the bound pointer */

/* A card's flags, one byte per card id. */
#define SEEN         0x01 /* reviewed before the scan's current row */
#define TODAY        0x02 /* reviewed on the scan's current study day */
#define OUT_OF_SCOPE 0x04 /* not in the deck asked for */
#define RETIRED      0x08

static const int period_days[RC_STATS_PERIODS] = {7, 30, 365};

/* A ranking kept sorted, best first, while rows stream past. */
struct top {
    size_t n;
    struct rc_stats_card card[RC_STATS_TOP];
};

typedef bool rank_before_fn(const struct rc_stats_card *a,
                            const struct rc_stats_card *b);

struct pass;
typedef void visit_row_fn(struct pass *p, sqlite3_value **col);

/* The working state of one rc_stats_collect() call. */
struct pass {
    struct rc_collection *c;
    struct rc_stats *out;
    int64_t profile_id;
    int64_t deck_id; /* 0: every deck */
    int64_t max_id;  /* largest card id; card[] has max_id + 1 bytes */
    uint8_t *card;
    uint32_t *today; /* ids flagged TODAY, to unflag when the day ends */
    size_t n_today, alloc_today;
    visit_row_fn *visit; /* what recall_stats_visit() does with a row */
    int64_t rows;        /* rows visited, for trimming the cache */
    /* Window day i is study day out->today - (WINDOW_DAYS - 1) + i. */
    int64_t day_start[WINDOW_DAYS + 1];      /* [WINDOW_DAYS]: end of today */
    int64_t due_end[RC_STATS_FORECAST_DAYS]; /* end of forecast day i */
    int day;           /* the review scan's current window day */
    int64_t last_ms;   /* the review scan's previous time */
    bool out_of_order; /* a review came before the previous one */
    int64_t reviews[WINDOW_DAYS];
    int64_t time_ms[WINDOW_DAYS];
    int64_t true_reviews[WINDOW_DAYS];
    int64_t true_passed[WINDOW_DAYS];
    int64_t n_fsrs; /* studied FSRS cards in scope */
    struct top fsrs, sm2, leeches;
};

static void trim(struct pass *p)
{
    if (++p->rows % TRIM_ROWS == 0)
        sqlite3_db_release_memory(p->c->db);
}

/* recall_stats_visit(PASS, ...): hand the row's other arguments to
 * p->visit.  The pointer is looked up once and kept in the aggregate's
 * context: its type check is a strcmp() that would otherwise run for
 * every row.  Calling back into SQLite from here is allowed as long as
 * the running statement is neither reset nor finalized. */
static void visit_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct pass **slot = sqlite3_aggregate_context(ctx, sizeof(*slot));
    if (slot && !*slot && argc > 0)
        *slot = sqlite3_value_pointer(argv[0], VISIT_TYPE);
    struct pass *p = slot ? *slot : NULL;
    if (!p) {
        sqlite3_result_error(ctx, VISIT_FN ": no pass bound", -1);
        return;
    }
    p->visit(p, argv + 1);
    trim(p);
}

static void visit_final(sqlite3_context *ctx)
{
    sqlite3_result_null(ctx);
}

/* Run visitor statement 'id' (parameter 1 is the pass, 2 and up are
 * 'arg'), giving each row to 'fn'. */
static int visit(struct pass *p, enum rc_sql id, visit_row_fn *fn,
                 const int64_t *arg, int n_arg, const char *what,
                 struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(p->c, id, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_pointer(st, 1, p, VISIT_TYPE, NULL);
    for (int i = 0; i < n_arg; i++)
        sqlite3_bind_int64(st, 2 + i, arg[i]);
    p->visit = fn;
    int step = sqlite3_step(st);
    int rc = step == SQLITE_ROW ? RC_OK : rc_err_db(err, p->c->db, what);
    rc_stmt_done(st);
    sqlite3_bind_null(st, 1); /* the pass is about to go */
    return rc;
}

/* Run a statement that answers one integer. */
static int one_int(struct rc_collection *c, sqlite3_stmt *st, int64_t *out,
                   const char *what, struct rc_err *err)
{
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    rc_stmt_done(st);
    if (step != SQLITE_ROW)
        return rc_err_db(err, c->db, what);
    return RC_OK;
}

/* The card's flags, or NULL for an id no card has (the foreign keys make
 * that impossible, but the array must not be overrun regardless). */
static uint8_t *card_flags(struct pass *p, sqlite3_value *id_value)
{
    int64_t id = sqlite3_value_int64(id_value);
    return id >= 1 && id <= p->max_id ? &p->card[id] : NULL;
}

static int deck_id(struct pass *p, const char *key, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(p->c, RC_SQL_DECK_GET, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, key);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        p->deck_id = sqlite3_column_int64(st, 0);
    rc_stmt_done(st);
    if (step == SQLITE_DONE)
        return rc_err_set(err, RC_ENOTFOUND, "no deck '%s'", key);
    if (step != SQLITE_ROW)
        return rc_err_db(err, p->c->db, "read deck");
    return RC_OK;
}

/* The study days to count in, the deck, and the per-card flags. */
static int setup(struct pass *p, const char *deck_key, struct rc_err *err)
{
    struct rc_stats *s = p->out;
    int hour = 4;
    if (rc_collection_setting_int(p->c, "rollover_hour", &hour) < 0)
        return rc_err_db(err, p->c->db, "read rollover hour");
    if (hour < 0 || hour > 23)
        return rc_err_set(err, RC_EINVAL, "rollover hour %d: expected 0 to 23",
                          hour);
    s->rollover_hour = hour;
    s->today = rc_study_day(s->now_ms, hour);
    int64_t first = s->today - (WINDOW_DAYS - 1);
    for (int i = 0; i <= WINDOW_DAYS; i++)
        p->day_start[i] = rc_study_day_start_ms(first + i, hour);
    for (int i = 0; i < RC_STATS_FORECAST_DAYS; i++)
        p->due_end[i] = rc_study_day_start_ms(s->today + 1 + i, hour);
    int rc = deck_key ? deck_id(p, deck_key, err) : RC_OK;
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = rc_stmt(p->c, RC_SQL_STATS_CARD_MAX, err);
    if (!st)
        return RC_EDB;
    rc = one_int(p->c, st, &p->max_id, "read cards", err);
    if (rc < 0)
        return rc;
    if (p->max_id > RC_STATS_MAX_CARD_ID)
        return rc_err_set(err, RC_ELIMIT,
                          "stats: card id %lld is above %d, the most "
                          "stats can count",
                          (long long)p->max_id, RC_STATS_MAX_CARD_ID);
    if (p->max_id < 0)
        p->max_id = 0;
    p->card = rc_xcalloc((size_t)p->max_id + 1, 1);
    if (p->deck_id)
        memset(p->card, OUT_OF_SCOPE, (size_t)p->max_id + 1);
    return RC_OK;
}

/* Pass 1, per card in scope: (id, retired). */
static void scope_row(struct pass *p, sqlite3_value **col)
{
    uint8_t *w = card_flags(p, col[0]);
    if (!w)
        return;
    bool retired = sqlite3_value_int(col[1]) != 0;
    *w = retired ? RETIRED : 0;
    p->out->n_cards += !retired;
}

static bool harder_fsrs(const struct rc_stats_card *a,
                        const struct rc_stats_card *b)
{
    if (a->difficulty != b->difficulty)
        return a->difficulty > b->difficulty;
    if (a->lapses != b->lapses)
        return a->lapses > b->lapses;
    return a->card_id < b->card_id;
}

static bool more_lapses(const struct rc_stats_card *a,
                        const struct rc_stats_card *b)
{
    if (a->lapses != b->lapses)
        return a->lapses > b->lapses;
    return a->card_id < b->card_id;
}

/* Offer 'c' to the ranking 't', which keeps the RC_STATS_TOP best. */
static void top_offer(struct top *t, const struct rc_stats_card *c,
                      rank_before_fn *before)
{
    size_t i = t->n;
    if (i == RC_STATS_TOP) {
        if (!before(c, &t->card[i - 1]))
            return;
        i--;
    } else {
        t->n++;
    }
    for (; i > 0 && before(c, &t->card[i - 1]); i--)
        t->card[i] = t->card[i - 1];
    t->card[i] = *c;
}

/* Count one studied card's due date into the forecast. */
static void forecast_add(struct pass *p, int64_t due_ms)
{
    const int64_t *end = p->due_end;
    if (due_ms >= end[RC_STATS_FORECAST_DAYS - 1])
        return;
    size_t lo = 0, hi = RC_STATS_FORECAST_DAYS - 1; /* first end > due */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (due_ms < end[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    p->out->forecast[lo]++;
}

/* Pass 2, per card state: (card_id, state, due_ms, suspended, leech,
 * difficulty, lapses). */
static void state_row(struct pass *p, sqlite3_value **col)
{
    struct rc_stats *s = p->out;
    uint8_t *w = card_flags(p, col[0]);
    if (!w || (*w & (OUT_OF_SCOPE | RETIRED)))
        return;
    struct rc_stats_card card = {
        .card_id = sqlite3_value_int64(col[0]),
        .suspended = sqlite3_value_int(col[3]) != 0,
        .difficulty = sqlite3_value_double(col[5]),
        .lapses = sqlite3_value_int(col[6]),
    };
    int state = sqlite3_value_int(col[1]);
    s->n_suspended += card.suspended;
    if (sqlite3_value_int(col[4]) != 0) {
        s->n_leeches++;
        top_offer(&p->leeches, &card, more_lapses);
    }
    if (state < 1 || state > 3)
        return; /* new, though perhaps suspended or buried by hand */
    s->n_learning += state == 1;
    s->n_review += state == 2;
    s->n_relearning += state == 3;
    if (!card.suspended)
        forecast_add(p, sqlite3_value_int64(col[2]));
    if (card.difficulty > 0) { /* FSRS; SM-2 keeps no difficulty */
        p->n_fsrs++;
        top_offer(&p->fsrs, &card, harder_fsrs);
    } else if (card.lapses > 0) {
        top_offer(&p->sm2, &card, more_lapses);
    }
}

/* Per review before the window: (card_id). */
static void earlier_row(struct pass *p, sqlite3_value **col)
{
    uint8_t *w = card_flags(p, col[0]);
    if (w)
        *w |= SEEN;
}

/* The scan has reached the next study day: no card is "seen today". */
static void day_ends(struct pass *p)
{
    for (size_t i = 0; i < p->n_today; i++)
        p->card[p->today[i]] &= (uint8_t)~TODAY;
    p->n_today = 0;
}

/* Pass 3, per review in the window, in time order: (card_id, time_ms,
 * rating, duration_ms). */
static void review_row(struct pass *p, sqlite3_value **col)
{
    int64_t t = sqlite3_value_int64(col[1]);
    if (t < p->last_ms)
        p->out_of_order = true;
    if (p->out_of_order)
        return; /* review_pass() starts again */
    p->last_ms = t;
    if (p->day < WINDOW_DAYS - 1 && t >= p->day_start[p->day + 1]) {
        while (p->day < WINDOW_DAYS - 1 && t >= p->day_start[p->day + 1])
            p->day++;
        day_ends(p);
    }
    uint8_t *w = card_flags(p, col[0]);
    if (!w || (*w & OUT_OF_SCOPE))
        return;
    p->reviews[p->day]++;
    p->time_ms[p->day] += sqlite3_value_int64(col[3]);
    if (*w & TODAY)
        return;
    if (*w & SEEN) {
        p->true_reviews[p->day]++;
        p->true_passed[p->day] += sqlite3_value_int(col[2]) > 1;
    }
    *w |= SEEN | TODAY;
    if (p->n_today == p->alloc_today) {
        p->alloc_today = p->alloc_today ? 2 * p->alloc_today : 1024;
        p->today =
            rc_xreallocarray(p->today, p->alloc_today, sizeof(*p->today));
    }
    p->today[p->n_today++] = (uint32_t)(w - p->card);
}

/* Forget what a review scan counted, to run it again. */
static void reviews_reset(struct pass *p)
{
    for (int64_t id = 0; id <= p->max_id; id++)
        p->card[id] &= (uint8_t) ~(SEEN | TODAY);
    p->n_today = 0;
    p->day = 0;
    p->last_ms = INT64_MIN;
    p->out_of_order = false;
    memset(p->reviews, 0, sizeof(p->reviews));
    memset(p->time_ms, 0, sizeof(p->time_ms));
    memset(p->true_reviews, 0, sizeof(p->true_reviews));
    memset(p->true_passed, 0, sizeof(p->true_passed));
}

/* The same scan one row at a time, with ORDER BY: for a plan that does
 * not read the log in time order. */
static int reviews_ordered(struct pass *p, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(p->c, RC_SQL_STATS_REVIEWS_ORDERED, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, p->profile_id);
    sqlite3_bind_int64(st, 2, p->day_start[0]);
    sqlite3_bind_int64(st, 3, p->day_start[WINDOW_DAYS]);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_value *col[4];
        for (int i = 0; i < 4; i++)
            col[i] = sqlite3_column_value(st, i);
        review_row(p, col);
        trim(p);
    }
    int rc = RC_OK;
    if (step != SQLITE_DONE)
        rc = rc_err_db(err, p->c->db, "read review log");
    rc_stmt_done(st);
    return rc;
}

/* Passes 2b and 3: flag the cards reviewed before the window (their
 * first review inside it is not their first), then count the window. */
static int review_pass(struct pass *p, struct rc_err *err)
{
    const int64_t window[3] = {p->profile_id, p->day_start[0],
                               p->day_start[WINDOW_DAYS]};
    for (int attempt = 0;; attempt++) {
        reviews_reset(p);
        int rc = visit(p, RC_SQL_STATS_CARDS_BEFORE, earlier_row, window, 2,
                       "read review log", err);
        if (rc < 0)
            return rc;
        if (attempt > 0)
            return reviews_ordered(p, err);
        rc = visit(p, RC_SQL_STATS_REVIEWS, review_row, window, 3,
                   "read review log", err);
        if (rc < 0 || !p->out_of_order)
            return rc;
    }
}

/* Does study day 'day' hold a review of a card in scope?  Only asked of
 * days before the window, by a streak longer than it. */
static int day_has_review(struct pass *p, int64_t day, bool *yes,
                          struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(p->c, RC_SQL_STATS_DAY_CARDS, err);
    if (!st)
        return RC_EDB;
    int hour = p->out->rollover_hour;
    sqlite3_bind_int64(st, 1, p->profile_id);
    sqlite3_bind_int64(st, 2, rc_study_day_start_ms(day, hour));
    sqlite3_bind_int64(st, 3, rc_study_day_start_ms(day + 1, hour));
    *yes = false;
    int step = SQLITE_DONE;
    while (!*yes && (step = sqlite3_step(st)) == SQLITE_ROW) {
        uint8_t *w = card_flags(p, sqlite3_column_value(st, 0));
        *yes = w && !(*w & OUT_OF_SCOPE);
    }
    int rc = RC_OK;
    if (!*yes && step != SQLITE_DONE)
        rc = rc_err_db(err, p->c->db, "read review log");
    rc_stmt_done(st);
    return rc;
}

/* The per-day counts into the periods, the history and the streak. */
static int summarise(struct pass *p, struct rc_err *err)
{
    struct rc_stats *s = p->out;
    for (int k = 0; k < RC_STATS_PERIODS; k++) {
        struct rc_stats_period *per = &s->periods[k];
        for (int d = WINDOW_DAYS - per->days; d < WINDOW_DAYS; d++) {
            per->reviews += p->reviews[d];
            per->time_ms += p->time_ms[d];
            per->true_reviews += p->true_reviews[d];
            per->true_passed += p->true_passed[d];
        }
    }
    int first = WINDOW_DAYS - RC_STATS_HISTORY_DAYS;
    for (int i = 0; i < RC_STATS_HISTORY_DAYS; i++) {
        s->day_reviews[i] = p->reviews[first + i];
        s->day_time_ms[i] = p->time_ms[first + i];
    }
    int d = WINDOW_DAYS - 1;
    if (p->reviews[d] == 0)
        d--; /* nothing yet today: the streak may end yesterday */
    for (; d >= 0 && p->reviews[d] > 0; d--)
        s->streak_days++;
    if (d >= 0)
        return RC_OK;
    /* The streak fills the window: follow it back a day at a time. */
    for (int64_t day = s->today - WINDOW_DAYS;; day--) {
        bool yes = false;
        int rc = day_has_review(p, day, &yes, err);
        if (rc < 0 || !yes)
            return rc;
        s->streak_days++;
    }
}

/* Copy a ranking out, naming each card as `recall cards` does. */
static int name_cards(struct pass *p, const struct top *t,
                      struct rc_stats_card *out, size_t *n, struct rc_err *err)
{
    for (size_t i = 0; i < t->n; i++) {
        sqlite3_stmt *st = rc_stmt(p->c, RC_SQL_STATS_CARD, err);
        if (!st)
            return RC_EDB;
        sqlite3_bind_int64(st, 1, t->card[i].card_id);
        sqlite3_bind_int64(st, 2, p->profile_id);
        int step = sqlite3_step(st);
        if (step != SQLITE_ROW) {
            rc_stmt_done(st);
            return rc_err_db(err, p->c->db, "read card name");
        }
        struct rc_buf name = {0};
        rc_buf_addf(&name, "%s/%s", sqlite3_column_text(st, 0),
                    sqlite3_column_text(st, 1));
        long long ord = sqlite3_column_int64(st, 2);
        if (ord != 1)
            rc_buf_addf(&name, "#%lld", ord);
        out[i] = t->card[i];
        out[i].reps = sqlite3_column_int(st, 3);
        out[i].name = rc_buf_detach(&name, NULL);
        *n = i + 1;
        rc_stmt_done(st);
    }
    return RC_OK;
}

static int rankings(struct pass *p, struct rc_err *err)
{
    struct rc_stats *s = p->out;
    s->hardest_by = p->n_fsrs > 0 ? RC_STATS_BY_DIFFICULTY : RC_STATS_BY_LAPSES;
    const struct top *hard = p->n_fsrs > 0 ? &p->fsrs : &p->sm2;
    int rc = name_cards(p, hard, s->hardest, &s->n_hardest, err);
    if (rc == RC_OK)
        rc = name_cards(p, &p->leeches, s->leech_list, &s->n_leech_list, err);
    return rc;
}

static int run(struct pass *p, const char *deck_key, struct rc_err *err)
{
    int rc = setup(p, deck_key, err);
    if (rc == RC_OK && p->deck_id)
        rc = visit(p, RC_SQL_STATS_DECK_CARDS, scope_row, &p->deck_id, 1,
                   "read cards", err);
    else if (rc == RC_OK)
        rc =
            visit(p, RC_SQL_STATS_CARDS, scope_row, NULL, 0, "read cards", err);
    if (rc == RC_OK)
        rc = visit(p, RC_SQL_STATS_STATES, state_row, &p->profile_id, 1,
                   "read card states", err);
    if (rc == RC_OK)
        rc = review_pass(p, err);
    if (rc == RC_OK)
        rc = summarise(p, err);
    if (rc == RC_OK)
        rc = rankings(p, err);
    return rc;
}

int rc_stats_collect(struct rc_collection *c, int64_t profile_id,
                     const char *deck_key, int64_t now_ms, struct rc_stats *out,
                     struct rc_err *err)
{
    memset(out, 0, sizeof(*out));
    out->now_ms = now_ms;
    for (int k = 0; k < RC_STATS_PERIODS; k++)
        out->periods[k].days = period_days[k];
    assert(sqlite3_get_autocommit(c->db)); /* no transaction open */
    /* Once per connection: a cached statement using the function proves
     * it is there, and registering again would expire every statement in
     * the cache.  DIRECTONLY keeps it out of views and triggers. */
    if (!c->stmts[RC_SQL_STATS_STATES] &&
        sqlite3_create_function_v2(c->db, VISIT_FN, -1,
                                   SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
                                   visit_step, visit_final, NULL) != SQLITE_OK)
        return rc_err_db(err, c->db, "stats: register " VISIT_FN);
    struct pass *p = rc_xcalloc(1, sizeof(*p));
    p->c = c;
    p->out = out;
    p->profile_id = profile_id;
    int rc = rc_tx_begin_read(c, err);
    if (rc == RC_OK)
        rc = run(p, deck_key, err);
    if (rc == RC_OK)
        rc = rc_tx_commit(c, err);
    if (rc < 0)
        rc_tx_rollback(c); /* leaves err alone: the first cause wins */
    out->n_new =
        out->n_cards - out->n_learning - out->n_review - out->n_relearning;
    free(p->card);
    free(p->today);
    free(p);
    sqlite3_db_release_memory(c->db);
    return rc;
}

void rc_stats_release(struct rc_stats *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_hardest; i++)
        free(s->hardest[i].name);
    for (size_t i = 0; i < s->n_leech_list; i++)
        free(s->leech_list[i].name);
    memset(s, 0, sizeof(*s));
}

double rc_stats_retention(const struct rc_stats_period *p)
{
    if (p->true_reviews <= 0)
        return -1;
    return (double)p->true_passed / (double)p->true_reviews;
}
