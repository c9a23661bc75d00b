/* test_stats.c -- statistics over a small collection, checked by hand.
 *
 * The collection is built through import (decks 'f', FSRS, and 's',
 * SM-2) and then by writing card_state and revlog rows directly with
 * SQLite, so every expected number below is worked out from the rows in
 * this file, not from recall.  Times are UTC (ctest sets TZ=UTC) with the
 * default rollover hour, 4: study day D runs from D 04:00 to D+1 04:00.
 *
 * Case groups:
 *   cards-*     counts by state, forecast, hardest cards, leeches
 *   reviews-*   per-day history, periods, true retention, streak
 *   deck-*      one deck only; again on one connection; an unknown deck
 *   order-*     a log that no index reads in time order
 *   limit-*     a card id over RC_STATS_MAX_CARD_ID */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall/collection.h"
#include "recall/deck.h"
#include "recall/import.h"
#include "recall/stats.h"

#define DAY  86400000LL
#define HOUR 3600000LL
#define D    20458LL /* 2026-01-05 as days since 1970-01-01 */

static const int64_t now_ms = D * DAY + 10 * HOUR; /* 2026-01-05T10:00Z */

static char tmpdir[] = "/tmp/recall-stats-XXXXXX";
static char db_path[256];

/* The moment 'hour' hours after midnight UTC, 'ago' days before D. */
static int64_t at(int64_t ago, int64_t hour)
{
    return (D - ago) * DAY + hour * HOUR;
}

static void raw_exec(const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("sql failed: %s: %s", sql, msg);
    sqlite3_close(db);
}

static void raw_execf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void raw_execf(const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    raw_exec(sql);
}

static int64_t raw_int(const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static int64_t card_id(const char *note_key, int ord)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
             "WHERE n.key = '%s' AND c.ord = %d",
             note_key, ord);
    return raw_int(sql);
}

static void import_text(struct rc_collection *c, const char *text)
{
    struct rc_deck *deck = NULL;
    struct rc_diags diags = {0};
    struct rc_err err = {0};
    if (rc_deck_parse_buf("t.deck", text, strlen(text), &deck, &diags, &err) !=
        RC_OK)
        fail_msg("parse: %s", err.msg);
    struct rc_import_stats st;
    assert_int_equal(rc_import_deck(c, deck, "/x/t.deck", 1000, &st, &err),
                     RC_OK);
    rc_deck_free(deck);
    rc_diags_release(&diags);
}

/* A card's state for profile 1. */
static void state(const char *note, int ord, int st, int64_t due_ms,
                  double difficulty, int reps, int lapses, int suspended,
                  int leech)
{
    raw_execf("INSERT INTO card_state (profile_id, card_id, state, step, "
              "stability, difficulty, ease, due_ms, last_review_ms, "
              "scheduled_days, reps, lapses, suspended, leech) VALUES "
              "(1, %lld, %d, 0, 1.0, %.17g, %g, %lld, 0, 0, %d, %d, %d, %d)",
              (long long)card_id(note, ord), st, difficulty,
              difficulty > 0 ? 0.0 : 2.5, (long long)due_ms, reps, lapses,
              suspended, leech);
}

/* Review 'n' (its id and, in seconds, its duration) of a card. */
static void review(int n, const char *note, int profile, int64_t t, int rating)
{
    raw_execf("INSERT INTO revlog (id, card_id, profile_id, time_ms, rating, "
              "duration_ms, kind) VALUES ('r%02d', %lld, %d, %lld, %d, %d, "
              "'study')",
              n, (long long)card_id(note, 1), profile, (long long)t, rating,
              n * 1000);
}

static const char deck_f[] = "deck: f\ntitle: F\n\n"
                             "basic: f1\nQ: q1\nA: a1\n\n"
                             "basic: f2\nQ: q2\nA: a2\n\n"
                             "basic: f3\nQ: q3\nA: a3\n\n"
                             "basic: f4\nQ: q4\nA: a4\n\n"
                             "basic: f5\nQ: q5\nA: a5\n\n"
                             "basic: f6\nQ: q6\nA: a6\n";

static const char deck_s[] = "deck: s\ntitle: S\nscheduler: sm2\n\n"
                             "basic: s1\nQ: q1\nA: a1\n\n"
                             "basic: s2\nQ: q2\nA: a2\n\n"
                             "basic: s3\nQ: q3\nA: a3\n";

/* The collection every test starts from (see the tables in each test). */
static int setup(void **state_)
{
    (void)state_;
    static int n;
    snprintf(db_path, sizeof(db_path), "%s/c%d.db", tmpdir, ++n);
    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(db_path, 0, &c, &err), RC_OK);
    import_text(c, deck_f);
    import_text(c, deck_s);
    int64_t p = 0;
    assert_int_equal(rc_profile_ensure(c, "p", 0, &p, &err), RC_OK);
    assert_int_equal(p, 1);
    assert_int_equal(rc_profile_ensure(c, "q", 0, &p, &err), RC_OK);
    rc_collection_close(c);
    /* f6 is retired; f1 gets a second card, "f/f1#2". */
    raw_exec("UPDATE cards SET retired = 1 WHERE note_id = "
             "(SELECT id FROM notes WHERE key = 'f6')");
    raw_exec("INSERT INTO cards (note_id, ord, created_ms, modified_ms) "
             "SELECT id, 2, 0, 0 FROM notes WHERE key = 'f1'");
    /* card    state       due           D     reps lapses susp leech */
    state("f1", 1, 2, at(1, 12), 7.5, 5, 1, 0, 0); /* overdue */
    state("f2", 1, 2, at(-3, 5), 9.0, 3, 0, 0, 0); /* day 3 */
    state("f3", 1, 1, now_ms + 600000, 5.0, 1, 0, 0, 0);
    state("f4", 1, 3, at(0, 12), 8.0, 20, 8, 1, 1);  /* suspended */
    state("f6", 1, 2, at(0, 12), 10.0, 9, 9, 0, 1);  /* retired */
    state("f1", 2, 2, at(-40, 12), 9.5, 4, 2, 0, 0); /* f/f1#2 */
    state("s1", 1, 2, at(-29, 6), 0.0, 10, 3, 0, 0); /* day 29 */
    state("s2", 1, 2, at(-30, 4), 0.0, 2, 0, 0, 0);  /* day 30: out */
    state("s3", 1, 0, 0, 0.0, 0, 0, 1, 0);           /* new, suspended */
    /* The log.  n, card, profile, time, rating; durations n seconds. */
    review(1, "f1", 1, at(400, 12), 3); /* before the 365-day window */
    review(2, "f1", 1, at(200, 12), 1); /* true, failed */
    review(3, "f1", 1, at(200, 13), 3); /* same day: not true */
    review(4, "f1", 1, at(10, 12), 3);  /* true */
    review(5, "f1", 1, at(0, 5), 3);    /* true, today */
    review(6, "f2", 1, at(20, 12), 3);  /* first ever */
    review(7, "f2", 1, at(19, 3), 4);   /* 03:00: still day D-20 */
    review(8, "f2", 1, at(6, 12), 2);   /* true, Hard passes */
    review(9, "s1", 1, at(7, 12), 1);   /* first ever */
    review(10, "s1", 1, at(1, 23), 1);  /* true, failed */
    review(11, "s1", 1, at(0, 4), 3);   /* 04:00 sharp: today; true */
    review(12, "f6", 1, at(2, 12), 3);  /* retired card: still history */
    review(13, "f1", 2, at(0, 6), 1);   /* another profile */
    return 0;
}

static struct rc_collection *open_db(void)
{
    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(db_path, 0, &c, &err), RC_OK);
    return c;
}

static void collect(const char *deck, int64_t now, struct rc_stats *s)
{
    struct rc_collection *c = open_db();
    struct rc_err err = {0};
    int rc = rc_stats_collect(c, 1, deck, now, s, &err);
    if (rc != RC_OK)
        fail_msg("rc_stats_collect: %s", err.msg);
    rc_collection_close(c);
}

static void check_card(const struct rc_stats_card *c, const char *name,
                       double difficulty, int lapses, int reps, bool susp)
{
    assert_string_equal(c->name, name);
    assert_true(c->difficulty == difficulty);
    assert_int_equal(c->lapses, lapses);
    assert_int_equal(c->reps, reps);
    assert_int_equal(c->suspended, susp);
}

static void check_forecast(const struct rc_stats *s, const int64_t *want)
{
    for (int i = 0; i < RC_STATS_FORECAST_DAYS; i++)
        if (s->forecast[i] != want[i])
            fail_msg("forecast[%d] = %lld, expected %lld", i,
                     (long long)s->forecast[i], (long long)want[i]);
}

static void check_period(const struct rc_stats_period *p, int days,
                         int64_t reviews, int64_t time_ms, int64_t true_n,
                         int64_t passed)
{
    assert_int_equal(p->days, days);
    assert_int_equal(p->reviews, reviews);
    assert_int_equal(p->time_ms, time_ms);
    assert_int_equal(p->true_reviews, true_n);
    assert_int_equal(p->true_passed, passed);
}

/* Live cards f1-f5, f1#2, s1-s3; f6 is retired.  Due in the forecast:
 * f1 (overdue) and f3 (in 10 minutes) today, f2 on day 3, s1 on day 29;
 * f4 is suspended, s2 due on day 30, f1#2 on day 40. */
static void cards_counts_forecast_rankings(void **state_)
{
    (void)state_;
    struct rc_stats s;
    collect(NULL, now_ms, &s);
    assert_int_equal(s.today, D);
    assert_int_equal(s.rollover_hour, 4);
    assert_int_equal(s.n_cards, 9);
    assert_int_equal(s.n_new, 2); /* f5 (no state), s3 (state 0) */
    assert_int_equal(s.n_learning, 1);
    assert_int_equal(s.n_review, 5);
    assert_int_equal(s.n_relearning, 1);
    assert_int_equal(s.n_suspended, 2);
    assert_int_equal(s.n_leeches, 1);
    int64_t want[RC_STATS_FORECAST_DAYS] = {[0] = 2, [3] = 1, [29] = 1};
    check_forecast(&s, want);
    assert_int_equal(s.hardest_by, RC_STATS_BY_DIFFICULTY);
    assert_int_equal(s.n_hardest, 5);
    check_card(&s.hardest[0], "f/f1#2", 9.5, 2, 4, false);
    check_card(&s.hardest[1], "f/f2", 9.0, 0, 3, false);
    check_card(&s.hardest[2], "f/f4", 8.0, 8, 20, true);
    check_card(&s.hardest[3], "f/f1", 7.5, 1, 5, false);
    check_card(&s.hardest[4], "f/f3", 5.0, 0, 1, false);
    assert_int_equal(s.n_leech_list, 1);
    check_card(&s.leech_list[0], "f/f4", 8.0, 8, 20, true);
    rc_stats_release(&s);
    assert_null(s.hardest[0].name);
    assert_int_equal(s.n_hardest, 0);
}

/* Reviews r2-r12 of profile 1 fall in the 365-day window (r1 is older,
 * r13 is profile 2's).  True reviews: r2 (F), r4, r5, r8, r10 (F), r11. */
static void reviews_periods_history_streak(void **state_)
{
    (void)state_;
    struct rc_stats s;
    collect(NULL, now_ms, &s);
    check_period(&s.periods[0], 7, 5, (5 + 8 + 10 + 11 + 12) * 1000, 4, 3);
    check_period(&s.periods[1], 30, 9, 72000, 5, 4);
    check_period(&s.periods[2], 365, 11, 77000, 6, 4);
    assert_true(rc_stats_retention(&s.periods[2]) == 4.0 / 6.0);
    int64_t reviews[RC_STATS_HISTORY_DAYS] = {0},
            ms[RC_STATS_HISTORY_DAYS] = {0};
    const int last = RC_STATS_HISTORY_DAYS - 1;
    reviews[last] = 2, ms[last] = 16000;           /* r5, r11 */
    reviews[last - 1] = 1, ms[last - 1] = 10000;   /* r10 */
    reviews[last - 2] = 1, ms[last - 2] = 12000;   /* r12 */
    reviews[last - 6] = 1, ms[last - 6] = 8000;    /* r8 */
    reviews[last - 7] = 1, ms[last - 7] = 9000;    /* r9 */
    reviews[last - 10] = 1, ms[last - 10] = 4000;  /* r4 */
    reviews[last - 20] = 2, ms[last - 20] = 13000; /* r6, r7 */
    for (int i = 0; i < RC_STATS_HISTORY_DAYS; i++) {
        if (s.day_reviews[i] != reviews[i] || s.day_time_ms[i] != ms[i])
            fail_msg("day %d: %lld reviews, %lld ms; expected %lld, %lld", i,
                     (long long)s.day_reviews[i], (long long)s.day_time_ms[i],
                     (long long)reviews[i], (long long)ms[i]);
    }
    assert_int_equal(s.streak_days, 3); /* D, D-1, D-2 */
    rc_stats_release(&s);
}

/* At 05:00 on D+1 nothing has been reviewed that day: the streak ends
 * yesterday; at 05:00 on D+2 it is over.  The forecast moves a day on,
 * which brings s2 (due D+30) into it. */
static void reviews_streak_ends_yesterday(void **state_)
{
    (void)state_;
    struct rc_stats s;
    collect(NULL, at(-1, 5), &s);
    assert_int_equal(s.today, D + 1);
    assert_int_equal(s.streak_days, 3);
    assert_int_equal(s.day_reviews[RC_STATS_HISTORY_DAYS - 1], 0);
    assert_int_equal(s.day_reviews[RC_STATS_HISTORY_DAYS - 2], 2);
    int64_t want[RC_STATS_FORECAST_DAYS] = {
        [0] = 2, [2] = 1, [28] = 1, [29] = 1};
    check_forecast(&s, want);
    rc_stats_release(&s);
    collect(NULL, at(-2, 5), &s);
    assert_int_equal(s.streak_days, 0);
    rc_stats_release(&s);
}

/* One review a day of s2 for 400 days: a streak longer than the window,
 * and every review in it true (the first in the window follows older
 * ones). */
static void reviews_streak_longer_than_window(void **state_)
{
    (void)state_;
    raw_execf("DELETE FROM revlog;"
              "INSERT INTO revlog (id, card_id, profile_id, time_ms, rating, "
              "duration_ms, kind) "
              "WITH RECURSIVE n(ago) AS (SELECT 0 UNION ALL SELECT ago + 1 "
              "FROM n WHERE ago < 399) "
              "SELECT printf('x%%03d', ago), %lld, 1, (%lld - ago) * %lld + "
              "12 * %lld, CASE WHEN ago %% 10 = 0 THEN 1 ELSE 3 END, 1, "
              "'study' FROM n",
              (long long)card_id("s2", 1), D, DAY, HOUR);
    struct rc_stats s;
    collect(NULL, now_ms, &s);
    assert_int_equal(s.streak_days, 400);
    /* Again on days D, D-10, ...: 1 of 7 days, 3 of 30, 37 of 365. */
    check_period(&s.periods[0], 7, 7, 7, 7, 6);
    check_period(&s.periods[1], 30, 30, 30, 30, 27);
    check_period(&s.periods[2], 365, 365, 365, 365, 328);
    rc_stats_release(&s);
}

static void deck_only_its_cards(void **state_)
{
    (void)state_;
    struct rc_stats s;
    collect("s", now_ms, &s);
    assert_int_equal(s.n_cards, 3);
    assert_int_equal(s.n_new, 1);
    assert_int_equal(s.n_learning, 0);
    assert_int_equal(s.n_review, 2);
    assert_int_equal(s.n_relearning, 0);
    assert_int_equal(s.n_suspended, 1);
    assert_int_equal(s.n_leeches, 0);
    int64_t want[RC_STATS_FORECAST_DAYS] = {[29] = 1};
    check_forecast(&s, want);
    assert_int_equal(s.hardest_by, RC_STATS_BY_LAPSES);
    assert_int_equal(s.n_hardest, 1); /* s2 has no lapse */
    check_card(&s.hardest[0], "s/s1", 0.0, 3, 10, false);
    assert_int_equal(s.n_leech_list, 0);
    check_period(&s.periods[0], 7, 2, 21000, 2, 1);   /* r10, r11 */
    check_period(&s.periods[2], 365, 3, 30000, 2, 1); /* + r9 */
    assert_int_equal(s.streak_days, 2);
    rc_stats_release(&s);

    collect("f", now_ms, &s); /* r12 is of retired f6: history counts it */
    assert_int_equal(s.n_cards, 6);
    assert_int_equal(s.n_new, 1);
    assert_int_equal(s.n_review, 3);
    check_period(&s.periods[0], 7, 3, 25000, 2, 2);   /* r5, r8, r12 */
    check_period(&s.periods[2], 365, 8, 47000, 4, 3); /* r2-r8, r12 */
    assert_int_equal(s.streak_days, 1);
    rc_stats_release(&s);
}

/* A long-lived connection (the REPL) asks twice, once for a deck. */
static void deck_twice_on_one_connection(void **state_)
{
    (void)state_;
    struct rc_collection *c = open_db();
    struct rc_err err = {0};
    struct rc_stats s;
    for (int i = 0; i < 3; i++) {
        const char *deck = i == 1 ? "s" : NULL;
        assert_int_equal(rc_stats_collect(c, 1, deck, now_ms, &s, &err), RC_OK);
        assert_int_equal(s.n_cards, deck ? 3 : 9);
        assert_int_equal(s.periods[2].true_reviews, deck ? 2 : 6);
        rc_stats_release(&s);
    }
    rc_collection_close(c);
}

static void deck_unknown(void **state_)
{
    (void)state_;
    struct rc_collection *c = open_db();
    struct rc_stats s;
    struct rc_err err = {0};
    assert_int_equal(rc_stats_collect(c, 1, "zz", now_ms, &s, &err),
                     RC_ENOTFOUND);
    assert_string_equal(err.msg, "no deck 'zz'");
    rc_stats_release(&s);
    /* The read transaction is over: a write can start. */
    assert_int_equal(rc_tx_begin(c, &err), RC_OK);
    rc_tx_rollback(c);
    rc_collection_close(c);
}

/* Drop every index on revlog but its primary key's. */
static void drop_revlog_indexes(void)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM sqlite_schema "
                                        "WHERE type = 'index' AND "
                                        "tbl_name = 'revlog' AND sql NOT NULL",
                                        -1, &st, NULL),
                     SQLITE_OK);
    char names[8][64];
    int n = 0;
    while (n < 8 && sqlite3_step(st) == SQLITE_ROW)
        snprintf(names[n++], sizeof(names[0]), "%s",
                 sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_true(n > 0);
    for (int i = 0; i < n; i++)
        raw_execf("DROP INDEX \"%s\"", names[i]);
}

/* With no index on revlog and rows stored newest first, the log is read
 * out of time order: the same numbers come from the ordered scan. */
static void order_log_stored_out_of_order(void **state_)
{
    (void)state_;
    raw_exec("CREATE TABLE tmp AS SELECT * FROM revlog;"
             "DELETE FROM revlog;"
             "INSERT INTO revlog SELECT * FROM tmp ORDER BY time_ms DESC;"
             "DROP TABLE tmp;");
    drop_revlog_indexes();
    struct rc_stats s;
    collect(NULL, now_ms, &s);
    check_period(&s.periods[0], 7, 5, 46000, 4, 3);
    check_period(&s.periods[1], 30, 9, 72000, 5, 4);
    check_period(&s.periods[2], 365, 11, 77000, 6, 4);
    assert_int_equal(s.day_reviews[RC_STATS_HISTORY_DAYS - 21], 2);
    assert_int_equal(s.streak_days, 3);
    rc_stats_release(&s);
}

static void limit_card_id(void **state_)
{
    (void)state_;
    raw_execf("INSERT INTO cards (id, note_id, ord, created_ms, modified_ms) "
              "SELECT %d, id, 3, 0, 0 FROM notes WHERE key = 'f2'",
              RC_STATS_MAX_CARD_ID + 1);
    struct rc_collection *c = open_db();
    struct rc_stats s;
    struct rc_err err = {0};
    assert_int_equal(rc_stats_collect(c, 1, NULL, now_ms, &s, &err), RC_ELIMIT);
    assert_string_equal(err.msg, "stats: card id 16777217 is above 16777216, "
                                 "the most stats can count");
    rc_stats_release(&s);
    rc_collection_close(c);
}

static void retention_without_true_reviews(void **state_)
{
    (void)state_;
    struct rc_stats_period p = {.days = 7, .reviews = 3};
    assert_true(rc_stats_retention(&p) == -1);
    rc_stats_release(NULL);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(cards_counts_forecast_rankings, setup),
        cmocka_unit_test_setup(reviews_periods_history_streak, setup),
        cmocka_unit_test_setup(reviews_streak_ends_yesterday, setup),
        cmocka_unit_test_setup(reviews_streak_longer_than_window, setup),
        cmocka_unit_test_setup(deck_only_its_cards, setup),
        cmocka_unit_test_setup(deck_twice_on_one_connection, setup),
        cmocka_unit_test_setup(deck_unknown, setup),
        cmocka_unit_test_setup(order_log_stored_out_of_order, setup),
        cmocka_unit_test_setup(limit_card_id, setup),
        cmocka_unit_test(retention_without_true_reviews),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
