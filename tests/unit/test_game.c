/* test_game.c -- the live classroom game (src/class/game*.c).
 *
 * Case groups:
 *   new-*       making a game: bad questions and limits refused, a code
 *   join-*      names (trimmed, case-insensitive, 1-24 printable
 *               characters), a wrong code, the 501st player, a late
 *               joiner, rejoining with the right and a wrong token
 *   answer-*    refused before the start, after the deadline, twice, to
 *               another question, while paused; malformed answers change
 *               nothing; order answers as permutations
 *   pause-*     the timer stops while paused
 *   score-*     the speed rule and streak bonus by hand-computed values,
 *               skipped questions, ties (total time, then name)
 *   read-*      distribution, report, leaderboard
 *   game-*      five questions, four players, start to podium
 *
 * Every expected number below is worked out by hand from the rule in
 * game.h: points = round(1000 * (1 - t/2T)) + min(100 * (streak-1), 500). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recall/game.h"
#include "recall/rng.h"

#define T 10000 /* the limit of most games here, in ms */

/* A fixed random stream: the same game every run. */
static void fixed_random(void *arg, unsigned char *buf, size_t len)
{
    struct rc_rng *rng = arg;
    for (size_t i = 0; i < len; i++)
        buf[i] = (unsigned char)(rc_rng_next(rng) >> 24);
}

/* Questions of every kind, and the lists they borrow. */
struct fixture {
    struct rc_rng rng;
    struct rc_strlist abcd;  /* choice options; "B" is right */
    struct rc_strlist items; /* order, in the right order */
    struct rc_strlist accept;
    struct class_question choice, typed, order, typed2;
    struct class_game *g;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    rc_rng_seed(&f->rng, 42);
    rc_strlist_add(&f->abcd, "A");
    rc_strlist_add(&f->abcd, "B");
    rc_strlist_add(&f->abcd, "C");
    rc_strlist_add(&f->abcd, "D");
    rc_strlist_add(&f->items, "one");
    rc_strlist_add(&f->items, "two");
    rc_strlist_add(&f->items, "three");
    rc_strlist_add(&f->accept, "Paname");
    f->choice = (struct class_question){.ask = RC_QUIZ_ASK_CHOICE,
                                        .text = "Which letter?",
                                        .options = &f->abcd,
                                        .answer_option = 1};
    f->typed = (struct class_question){.ask = RC_QUIZ_ASK_TYPED,
                                       .text = "Capital of France?",
                                       .card = "geo/france",
                                       .answer = "Paris",
                                       .accept = &f->accept};
    f->order = (struct class_question){
        .ask = RC_QUIZ_ASK_ORDER, .text = "Count up", .options = &f->items};
    f->typed2 = (struct class_question){.ask = RC_QUIZ_ASK_TYPED,
                                        .text = "Third city of France?",
                                        .answer = "Lyon"};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    class_game_free(f->g);
    rc_strlist_release(&f->abcd);
    rc_strlist_release(&f->items);
    rc_strlist_release(&f->accept);
    free(f);
    return 0;
}

/* A game of 'n' copies of question 'q' with limit 'limit_ms'. */
static struct class_game *game_of(struct fixture *f,
                                  const struct class_question *q, size_t n,
                                  int64_t limit_ms)
{
    struct class_question qs[8];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++)
        qs[i] = *q;
    struct rc_err err = {0};
    class_game_free(f->g);
    f->g = NULL;
    assert_int_equal(
        class_game_new(qs, n, limit_ms, fixed_random, &f->rng, &f->g, &err),
        RC_OK);
    return f->g;
}

static size_t join(struct class_game *g, const char *name, int64_t now_ms)
{
    struct rc_err err = {0};
    size_t p = SIZE_MAX;
    char token[CLASS_TOKEN_LEN + 1];
    int rc =
        class_game_join(g, class_game_code(g), name, now_ms, &p, token, &err);
    if (rc != RC_OK)
        fail_msg("join '%s': %s", name, err.msg);
    return p;
}

static int pick(struct class_game *g, size_t p, size_t q, size_t option,
                int64_t now_ms)
{
    struct class_answer a = {.option = option};
    return class_game_answer(g, p, q, &a, now_ms, NULL);
}

static int type(struct class_game *g, size_t p, size_t q, const char *text,
                int64_t now_ms)
{
    struct class_answer a = {.text = text};
    return class_game_answer(g, p, q, &a, now_ms, NULL);
}

/* Answer order question 'q' by item texts: find each in the shown
 * (shuffled) list. */
static int put_in_order(struct class_game *g, size_t p, size_t q,
                        const char *const *texts, int64_t now_ms)
{
    struct class_shown s;
    size_t idx[3];
    assert_int_equal(class_game_question(g, q, &s), RC_OK);
    assert_int_equal(s.shown->n, 3);
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < 3; i++)
            if (strcmp(s.shown->v[i], texts[k]) == 0)
                idx[k] = i;
    struct class_answer a = {.order = idx, .n_order = 3};
    return class_game_answer(g, p, q, &a, now_ms, NULL);
}

static int64_t score_of(struct class_game *g, size_t p)
{
    struct class_rank r;
    assert_int_equal(class_game_rank(g, p, &r), RC_OK);
    return r.score;
}

static int points_of(struct class_game *g, size_t p, size_t q)
{
    struct class_result r;
    assert_int_equal(class_game_result(g, p, q, &r), RC_OK);
    return r.points;
}

/* ---- new-* ----------------------------------------------------------- */

static void new_refuses_bad_questions_and_limits(void **state)
{
    struct fixture *f = *state;
    struct rc_strlist one = {0};
    rc_strlist_add(&one, "only");
    struct class_question bad_choice = f->choice;
    bad_choice.answer_option = 4;
    struct class_question short_order = f->order;
    short_order.options = &one;
    struct class_question no_text = f->typed;
    no_text.text = NULL;
    struct class_question bad_utf8 = f->typed;
    bad_utf8.answer = "\xff";
    struct {
        const struct class_question *q;
        size_t n;
        int64_t limit_ms;
        const char *msg;
    } rows[] = {
        {&f->choice, 0, T, "a game needs 1 to 1000 questions, not 0"},
        {&f->choice, 1, 999, "time limit 999 ms: expected 1000 to 3600000 ms"},
        {&f->choice, 1, 3600001,
         "time limit 3600001 ms: expected 1000 to 3600000 ms"},
        {&bad_choice, 1, T,
         "question 1: no options, or the answer is not one of them"},
        {&short_order, 1, T, "question 1: fewer than 2 items to order"},
        {&no_text, 1, T, "question 1: no text, or bad text"},
        {&bad_utf8, 1, T, "question 1: no answer"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct rc_err err = {0};
        struct class_game *g = (struct class_game *)&err; /* not NULL */
        int rc = class_game_new(rows[i].q, rows[i].n, rows[i].limit_ms,
                                fixed_random, &f->rng, &g, &err);
        assert_int_equal(rc, RC_EINVAL);
        assert_null(g);
        assert_string_equal(err.msg, rows[i].msg);
    }
    rc_strlist_release(&one);
}

static void new_draws_a_six_digit_code(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 1, T);
    const char *code = class_game_code(g);
    assert_int_equal(strlen(code), 6);
    assert_true(code[0] >= '1' && code[0] <= '9');
    for (size_t i = 1; i < 6; i++)
        assert_true(code[i] >= '0' && code[i] <= '9');
    struct class_status s;
    class_game_status(g, 0, &s);
    assert_int_equal(s.phase, CLASS_LOBBY);
    assert_string_equal(class_phase_name(s.phase), "lobby");
}

/* ---- join-* ---------------------------------------------------------- */

static void join_refuses_duplicate_and_bad_names(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 1, T);
    join(g, "Ann", 0);
    join(g, "Zoë Ünal", 0);
    join(g, "abcdefghijklmnopqrstuvwx", 0); /* 24 */
    char long_name[300];
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    struct {
        const char *code;
        const char *name;
        int rc;
        const char *msg;
    } rows[] = {
        {NULL, " ann\t", RC_ECONFLICT, "name 'ann' is taken"},
        {NULL, "ZOË ÜNAL", RC_ECONFLICT, "name 'ZOË ÜNAL' is taken"},
        {NULL, "", RC_EINVAL, "name: empty"},
        {NULL, "   ", RC_EINVAL, "name: empty"},
        {NULL, "abcdefghijklmnopqrstuvwxy", RC_EINVAL,
         "name: longer than 24 characters"},
        {NULL, long_name, RC_ELIMIT, "name: longer than 256 bytes"},
        {NULL, "a\x01z", RC_EINVAL, "name: holds a control character"},
        {NULL, "evil\xe2\x80\xae", RC_EINVAL,
         "name: holds a control character"},
        {NULL, "bad\xff", RC_EINVAL, "name: not valid UTF-8"},
        {NULL, NULL, RC_EINVAL, "name: empty"},
        {"000000", "Bob", RC_ENOTFOUND, "no game with this code"},
        {"", "Bob", RC_ENOTFOUND, "no game with this code"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct rc_err err = {0};
        size_t p = 77;
        char token[CLASS_TOKEN_LEN + 1] = "";
        const char *code = rows[i].code ? rows[i].code : class_game_code(g);
        int rc = class_game_join(g, code, rows[i].name, 0, &p, token, &err);
        assert_int_equal(rc, rows[i].rc);
        assert_string_equal(err.msg, rows[i].msg);
        assert_int_equal(p, 77);
        assert_int_equal(class_game_players(g), 3);
    }
}

static void join_refuses_the_501st_player(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 1, T);
    char name[32];
    for (int i = 0; i < CLASS_MAX_PLAYERS; i++) {
        snprintf(name, sizeof(name), "player %d", i);
        assert_int_equal(join(g, name, 0), (size_t)i);
    }
    struct rc_err err = {0};
    size_t p;
    char token[CLASS_TOKEN_LEN + 1];
    int rc = class_game_join(g, class_game_code(g), "one too many", 0, &p,
                             token, &err);
    assert_int_equal(rc, RC_ELIMIT);
    assert_string_equal(err.msg, "the game is full (500 players)");
    assert_int_equal(class_game_players(g), 500);
}

static void join_gives_tokens_and_rejoin_keeps_the_score(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 2, T);
    struct rc_err err = {0};
    size_t ann, bob, p = 99;
    char tok_ann[CLASS_TOKEN_LEN + 1], tok_bob[CLASS_TOKEN_LEN + 1];
    const char *code = class_game_code(g);
    assert_int_equal(class_game_join(g, code, "Ann", 0, &ann, tok_ann, &err),
                     RC_OK);
    assert_int_equal(class_game_join(g, code, "Bob", 0, &bob, tok_bob, &err),
                     RC_OK);
    assert_int_equal(strlen(tok_ann), CLASS_TOKEN_LEN);
    assert_int_equal(strspn(tok_ann, "0123456789abcdef"), CLASS_TOKEN_LEN);
    assert_string_not_equal(tok_ann, tok_bob);

    assert_int_equal(class_game_start(g, 0, &err), RC_OK);
    assert_int_equal(pick(g, ann, 0, 1, 0), RC_OK); /* t = 0: 1000 */
    assert_int_equal(pick(g, bob, 0, 0, 0), RC_OK);
    assert_int_equal(score_of(g, ann), 1000);

    /* Ann's phone reloads: same name (any case), same token. */
    assert_int_equal(class_game_rejoin(g, code, " ANN ", tok_ann, &p, &err),
                     RC_OK);
    assert_int_equal(p, ann);
    assert_int_equal(score_of(g, p), 1000);
    assert_int_equal(class_game_find(g, tok_bob, &p, &err), RC_OK);
    assert_int_equal(p, bob);

    /* Bob's token does not make anyone Ann; nor does a made-up name. */
    struct {
        const char *name, *token;
    } bad[] = {{"Ann", tok_bob}, {"Ann", ""}, {"Ann", NULL}, {"Cid", tok_ann}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct rc_err e = {0};
        p = 99;
        assert_int_equal(
            class_game_rejoin(g, code, bad[i].name, bad[i].token, &p, &e),
            RC_EAUTH);
        assert_string_equal(e.msg, "unknown name or wrong token");
        assert_int_equal(p, 99);
    }
    struct rc_err e = {0};
    char forged[CLASS_TOKEN_LEN + 1];
    memcpy(forged, tok_ann, sizeof(forged));
    forged[CLASS_TOKEN_LEN - 1] ^= 1;
    assert_int_equal(class_game_find(g, forged, &p, &e), RC_EAUTH);
    assert_string_equal(e.msg, "unknown token");
}

static void join_late_plays_the_remaining_questions(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 5, T);
    struct rc_err err = {0};
    size_t ann = join(g, "Ann", 0);
    assert_int_equal(class_game_start(g, 0, &err), RC_OK);
    assert_int_equal(pick(g, ann, 0, 1, 1000), RC_OK);        /* q1 closes */
    assert_int_equal(class_game_next(g, 20000, &err), RC_OK); /* q2 */
    assert_int_equal(pick(g, ann, 1, 1, 20000), RC_OK);
    assert_int_equal(class_game_next(g, 40000, &err), RC_OK); /* q3 open */

    size_t cid = join(g, "Cid", 41000); /* joins while q3 is open */
    struct class_result r;
    assert_int_equal(class_game_result(g, cid, 0, &r), RC_ENOTFOUND);
    assert_int_equal(class_game_result(g, cid, 1, &r), RC_ENOTFOUND);
    assert_int_equal(pick(g, cid, 0, 1, 42000), RC_ECONFLICT);
    assert_int_equal(pick(g, cid, 2, 1, 42000), RC_OK); /* t = 2 s: 900 */
    assert_int_equal(pick(g, ann, 2, 0, 42000), RC_OK); /* all: closes */
    assert_int_equal(points_of(g, cid, 2), 900);

    /* One who joins between questions starts with the next. */
    size_t dee = join(g, "Dee", 43000);
    assert_int_equal(class_game_result(g, dee, 2, &r), RC_ENOTFOUND);
    assert_int_equal(class_game_next(g, 50000, &err), RC_OK); /* q4 */
    assert_int_equal(class_game_result(g, dee, 3, &r), RC_OK);
    assert_false(r.answered);

    /* Nobody joins a game that is over. */
    assert_int_equal(class_game_end(g, 51000, &err), RC_OK);
    size_t p;
    char token[CLASS_TOKEN_LEN + 1];
    struct rc_err e = {0};
    assert_int_equal(
        class_game_join(g, class_game_code(g), "Eve", 52000, &p, token, &e),
        RC_ECONFLICT);
    assert_string_equal(e.msg, "the game is over");
}

/* ---- answer-* -------------------------------------------------------- */

static void answer_refused_before_start_after_deadline_and_twice(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 3, T);
    struct rc_err err = {0};
    size_t ann = join(g, "Ann", 0);
    size_t bob = join(g, "Bob", 0);

    struct class_answer a = {.option = 1};
    assert_int_equal(class_game_answer(g, ann, 0, &a, 0, &err), RC_ECONFLICT);
    assert_string_equal(err.msg, "question 1: not open");

    assert_int_equal(class_game_start(g, 1000, &err), RC_OK);
    rc_err_clear(&err);
    assert_int_equal(class_game_answer(g, ann, 1, &a, 1000, &err),
                     RC_ECONFLICT);
    assert_string_equal(err.msg, "question 2: not open");
    rc_err_clear(&err);
    assert_int_equal(class_game_answer(g, ann, 7, &a, 1000, &err), RC_EINVAL);
    assert_string_equal(err.msg, "no question 8");

    assert_int_equal(pick(g, ann, 0, 0, 2000), RC_OK); /* wrong, stands */
    rc_err_clear(&err);
    assert_int_equal(class_game_answer(g, ann, 0, &a, 3000, &err),
                     RC_ECONFLICT);
    assert_string_equal(err.msg, "question 1: answered already");

    /* Bob at t = T exactly: too late, and counted as none. */
    rc_err_clear(&err);
    assert_int_equal(class_game_answer(g, bob, 0, &a, 1000 + T, &err),
                     RC_ECONFLICT);
    assert_string_equal(err.msg, "question 1: time is up");
    struct class_result r;
    assert_int_equal(class_game_result(g, bob, 0, &r), RC_OK);
    assert_false(r.answered);
    assert_int_equal(r.time_ms, -1);
    assert_int_equal(class_game_result(g, ann, 0, &r), RC_OK);
    assert_true(r.answered);
    assert_false(r.right);
    assert_string_equal(r.given, "A");
    assert_int_equal(r.time_ms, 1000);

    /* One ms before the deadline still counts: 500 points. */
    assert_int_equal(class_game_next(g, 20000, &err), RC_OK);
    assert_int_equal(pick(g, bob, 1, 1, 20000 + T - 1), RC_OK);
    assert_int_equal(class_game_next(g, 29999, &err), RC_OK); /* close */
    assert_int_equal(points_of(g, bob, 1), 500);
}

static void answer_malformed_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct class_question qs[] = {f->choice, f->typed, f->order};
    struct rc_err err = {0};
    assert_int_equal(
        class_game_new(qs, 3, T, fixed_random, &f->rng, &f->g, &err), RC_OK);
    struct class_game *g = f->g;
    size_t ann = join(g, "Ann", 0);
    join(g, "Bob", 0); /* keeps questions open after Ann answers */
    assert_int_equal(class_game_start(g, 0, &err), RC_OK);

    struct class_answer bad = {.option = 4};
    rc_err_clear(&err);
    assert_int_equal(class_game_answer(g, ann, 0, &bad, 100, &err), RC_EINVAL);
    assert_string_equal(err.msg, "answer: no option 5");
    rc_err_clear(&err);
    assert_int_equal(class_game_answer(g, 9, 0, &bad, 100, &err), RC_EINVAL);
    assert_string_equal(err.msg, "no player 9");
    struct class_status s;
    class_game_status(g, 100, &s);
    assert_int_equal(s.n_answered, 0);
    assert_int_equal(pick(g, ann, 0, 1, 200), RC_OK); /* still may answer */

    assert_int_equal(class_game_next(g, 1000, &err), RC_OK);
    assert_int_equal(class_game_next(g, 1000, &err), RC_OK); /* typed */
    char huge[CLASS_ANSWER_MAX_BYTES + 2];
    memset(huge, 'x', sizeof(huge) - 1);
    huge[sizeof(huge) - 1] = '\0';
    rc_err_clear(&err);
    struct class_answer text = {.text = huge};
    assert_int_equal(class_game_answer(g, ann, 1, &text, 1100, &err),
                     RC_ELIMIT);
    assert_string_equal(err.msg, "answer: longer than 1024 bytes");
    text.text = "Par\xff";
    rc_err_clear(&err);
    assert_int_equal(class_game_answer(g, ann, 1, &text, 1100, &err),
                     RC_EINVAL);
    assert_string_equal(err.msg, "answer: not valid UTF-8");
    assert_int_equal(type(g, ann, 1, "paname", 1200), RC_OK); /* accepted */

    assert_int_equal(class_game_next(g, 2000, &err), RC_OK);
    assert_int_equal(class_game_next(g, 2000, &err), RC_OK); /* order */
    size_t dup[] = {0, 0, 1}, big[] = {0, 1, 3}, two[] = {0, 1};
    struct class_answer o[] = {{.order = dup, .n_order = 3},
                               {.order = big, .n_order = 3},
                               {.order = two, .n_order = 2}};
    const char *msg[] = {"answer: not an order of the items",
                         "answer: not an order of the items",
                         "answer: expected an order of 3 items"};
    for (size_t i = 0; i < 3; i++) {
        rc_err_clear(&err);
        assert_int_equal(class_game_answer(g, ann, 2, &o[i], 2100, &err),
                         RC_EINVAL);
        assert_string_equal(err.msg, msg[i]);
    }
    const char *wrong[] = {"two", "one", "three"};
    assert_int_equal(put_in_order(g, ann, 2, wrong, 2200), RC_OK);
    struct class_result r;
    assert_int_equal(class_game_result(g, ann, 2, &r), RC_OK);
    assert_false(r.right);
    assert_string_equal(r.given, "two > one > three");
    struct class_shown shown;
    assert_int_equal(class_game_question(g, 2, &shown), RC_OK);
    assert_string_equal(shown.right, "one > two > three");
    /* Shown shuffled, never in the right order. */
    assert_false(strcmp(shown.shown->v[0], "one") == 0 &&
                 strcmp(shown.shown->v[1], "two") == 0);
}

/* ---- pause-* --------------------------------------------------------- */

static void pause_stops_the_timer(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 2, 20000);
    struct rc_err err = {0};
    size_t ann = join(g, "Ann", 0);
    join(g, "Bob", 0);
    assert_int_equal(class_game_start(g, 0, &err), RC_OK);
    assert_int_equal(class_game_pause(g, 5000, &err), RC_OK);
    rc_err_clear(&err);
    assert_int_equal(class_game_pause(g, 5000, &err), RC_ECONFLICT);
    assert_string_equal(err.msg, "pause: not now (the question is paused)");

    /* A minute paused: the deadline (20 s) passes, nothing closes. */
    assert_false(class_game_tick(g, 65000));
    struct class_status s;
    class_game_status(g, 65000, &s);
    assert_int_equal(s.phase, CLASS_OPEN);
    assert_true(s.paused);
    assert_int_equal(s.remaining_ms, 15000);
    assert_int_equal(s.deadline_ms, 0);
    rc_err_clear(&err);
    struct class_answer a = {.option = 1};
    assert_int_equal(class_game_answer(g, ann, 0, &a, 65000, &err),
                     RC_ECONFLICT);
    assert_string_equal(err.msg, "question 1: paused");

    assert_int_equal(class_game_resume(g, 65000, &err), RC_OK);
    class_game_status(g, 65000, &s);
    assert_int_equal(s.deadline_ms, 80000);
    /* 5 s before the pause and 5 s after: t = 10 s, T = 20 s: 750. */
    assert_int_equal(pick(g, ann, 0, 1, 70000), RC_OK);
    assert_true(class_game_tick(g, 80000));
    assert_int_equal(points_of(g, ann, 0), 750);
    rc_err_clear(&err);
    assert_int_equal(class_game_resume(g, 80000, &err), RC_ECONFLICT);
    assert_string_equal(err.msg, "resume: nothing is paused");
}

/* ---- score-* --------------------------------------------------------- */

static void score_speed_rule_by_hand(void **state)
{
    (void)state;
    assert_int_equal(class_speed_points(5000, 20000), 875);
    assert_int_equal(class_speed_points(0, 20000), 1000);
    assert_int_equal(class_speed_points(3000, 20000), 925);
    assert_int_equal(class_speed_points(10000, 20000), 750);
    assert_int_equal(class_speed_points(19999, 20000), 500); /* 500.025 */
    assert_int_equal(class_speed_points(1, 1000), 1000);     /* 999.5 up */
    assert_int_equal(class_speed_points(3, 1000), 999);      /* 998.5 up */
    assert_int_equal(class_speed_points(1000, 1000), 500);
    int bonus[] = {0, 0, 100, 200, 300, 400, 500, 500, 500};
    for (size_t s = 0; s < sizeof(bonus) / sizeof(bonus[0]); s++)
        assert_int_equal(class_streak_bonus(s), bonus[s]);
}

static void score_streak_grows_and_a_miss_resets_it(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 8, T);
    struct rc_err err = {0};
    size_t ann = join(g, "Ann", 0);
    assert_int_equal(class_game_start(g, 0, &err), RC_OK);
    /* Right at t = 2 s (900) seven times, wrong once, right again. */
    int want[] = {900, 1000, 1100, 1200, 1300, 1400, 1400, 0};
    int64_t total = 0;
    for (size_t q = 0; q < 8; q++) {
        int64_t open = (int64_t)q * 100000;
        assert_int_equal(pick(g, ann, q, q == 7 ? 0 : 1, open + 2000), RC_OK);
        assert_int_equal(points_of(g, ann, q), want[q]); /* closed: all in */
        total += want[q];
        struct class_rank r;
        assert_int_equal(class_game_rank(g, ann, &r), RC_OK);
        assert_int_equal(r.score, total);
        assert_int_equal(r.streak, q == 7 ? 0 : q + 1);
        if (q < 7)
            assert_int_equal(class_game_next(g, open + 100000, &err), RC_OK);
    }
    assert_int_equal(score_of(g, ann), 8300);
    struct class_result r;
    assert_int_equal(class_game_result(g, ann, 6, &r), RC_OK);
    assert_int_equal(r.bonus, 500);
}

static void score_skip_discards_answers_and_keeps_streaks(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 3, T);
    struct rc_err err = {0};
    size_t ann = join(g, "Ann", 0);
    join(g, "Bob", 0);
    assert_int_equal(class_game_start(g, 0, &err), RC_OK);
    assert_int_equal(pick(g, ann, 0, 1, 0), RC_OK);           /* 1000 */
    assert_int_equal(class_game_next(g, 5000, &err), RC_OK);  /* close */
    assert_int_equal(class_game_next(g, 10000, &err), RC_OK); /* q2 */
    assert_int_equal(pick(g, ann, 1, 0, 10000), RC_OK);       /* wrong */
    assert_int_equal(class_game_skip(g, 11000, &err), RC_OK); /* q3 */
    struct class_status s;
    class_game_status(g, 11000, &s);
    assert_int_equal(s.phase, CLASS_OPEN);
    assert_int_equal(s.question, 2);
    assert_int_equal(pick(g, ann, 2, 1, 11000), RC_OK); /* streak 2: 1100 */
    assert_int_equal(class_game_next(g, 12000, &err), RC_OK);
    assert_int_equal(points_of(g, ann, 2), 1100);
    assert_int_equal(score_of(g, ann), 2100);
    struct class_result r;
    assert_int_equal(class_game_result(g, ann, 1, &r), RC_ENOTFOUND);
    struct class_shown shown;
    assert_int_equal(class_game_question(g, 1, &shown), RC_OK);
    assert_true(shown.skipped);
    /* After the last question, skip and next end the game. */
    assert_int_equal(class_game_next(g, 13000, &err), RC_OK);
    class_game_status(g, 13000, &s);
    assert_int_equal(s.phase, CLASS_OVER);
    rc_err_clear(&err);
    assert_int_equal(class_game_skip(g, 13000, &err), RC_ECONFLICT);
    assert_string_equal(err.msg, "skip: not now (over)");
}

static void score_ties_go_to_less_time_then_name(void **state)
{
    struct fixture *f = *state;
    struct class_game *g = game_of(f, &f->choice, 2, T);
    struct rc_err err = {0};
    size_t zed = join(g, "zed", 0), bob = join(g, "Bob", 0);
    size_t amy = join(g, "amy", 0), dan = join(g, "dan", 0);
    size_t cal = join(g, "Cal", 0);
    assert_int_equal(class_game_start(g, 0, &err), RC_OK);
    /* q1: zed, bob, amy right at 1 s (950); dan right at 0 s (1000);
     * cal gives no answer (10 s counted). */
    assert_int_equal(pick(g, zed, 0, 1, 1000), RC_OK);
    assert_int_equal(pick(g, bob, 0, 1, 1000), RC_OK);
    assert_int_equal(pick(g, amy, 0, 1, 1000), RC_OK);
    assert_int_equal(pick(g, dan, 0, 1, 0), RC_OK);
    assert_true(class_game_tick(g, T));
    /* q2: zed, bob right at 2 s (900 + 100); amy and dan wrong at 0 s;
     * cal right at 0 s (1000). */
    assert_int_equal(class_game_next(g, 20000, &err), RC_OK);
    assert_int_equal(pick(g, amy, 1, 2, 20000), RC_OK);
    assert_int_equal(pick(g, dan, 1, 2, 20000), RC_OK);
    assert_int_equal(pick(g, cal, 1, 1, 20000), RC_OK);
    assert_int_equal(pick(g, zed, 1, 1, 22000), RC_OK);
    assert_int_equal(pick(g, bob, 1, 1, 22000), RC_OK);
    /* Bob and zed: 1950 in 3 s each, so by name (folded: bob < zed).
     * dan and Cal: 1000 each, dan in 0 s, Cal in 10 s: dan first,
     * though "cal" < "dan".  amy: 950. */
    struct class_rank r[5];
    assert_int_equal(class_game_leaderboard(g, r, 5), 5);
    const char *names[] = {"Bob", "zed", "dan", "Cal", "amy"};
    int64_t scores[] = {1950, 1950, 1000, 1000, 950};
    int64_t total[] = {3000, 3000, 0, T, 1000};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(r[i].name, names[i]);
        assert_int_equal(r[i].score, scores[i]);
        assert_int_equal(r[i].total_ms, total[i]);
        assert_int_equal(r[i].place, i + 1);
    }
    assert_int_equal(class_game_leaderboard(g, r, 2), 2);
    assert_string_equal(r[1].name, "zed");
}

/* ---- read-* ---------------------------------------------------------- */

static void read_distribution_counts_options_and_verdicts(void **state)
{
    struct fixture *f = *state;
    struct class_question qs[] = {f->choice, f->typed};
    struct rc_err err = {0};
    assert_int_equal(
        class_game_new(qs, 2, T, fixed_random, &f->rng, &f->g, &err), RC_OK);
    struct class_game *g = f->g;
    size_t p[5];
    const char *names[] = {"a1", "a2", "a3", "a4", "a5"};
    for (size_t i = 0; i < 5; i++)
        p[i] = join(g, names[i], 0);
    assert_int_equal(class_game_start(g, 0, &err), RC_OK);
    assert_int_equal(pick(g, p[0], 0, 0, 100), RC_OK);
    assert_int_equal(pick(g, p[1], 0, 0, 100), RC_OK);
    assert_int_equal(pick(g, p[2], 0, 1, 100), RC_OK);
    assert_int_equal(pick(g, p[3], 0, 3, 100), RC_OK);
    struct class_distribution d = {0};
    assert_int_equal(class_game_distribution(g, 0, &d), RC_OK);
    assert_int_equal(d.n_counts, 4);
    size_t want[] = {2, 1, 0, 1};
    for (size_t k = 0; k < 4; k++)
        assert_int_equal(d.counts[k], want[k]);
    assert_int_equal(d.right, 1);
    assert_int_equal(d.wrong, 3);
    assert_int_equal(d.none, 1);
    class_distribution_release(&d);
    assert_null(d.counts);

    assert_int_equal(class_game_next(g, 1000, &err), RC_OK);
    assert_int_equal(class_game_next(g, 1000, &err), RC_OK);
    assert_int_equal(type(g, p[0], 1, "  PARIS ", 1100), RC_OK);
    assert_int_equal(type(g, p[1], 1, "Paname", 1100), RC_OK);
    assert_int_equal(type(g, p[2], 1, "Pariss", 1100), RC_OK); /* almost */
    assert_int_equal(type(g, p[3], 1, "Rome", 1100), RC_OK);
    assert_int_equal(class_game_distribution(g, 1, &d), RC_OK);
    assert_null(d.counts);
    assert_int_equal(d.right, 2);
    assert_int_equal(d.wrong, 2);
    assert_int_equal(d.almost, 1);
    assert_int_equal(d.none, 1);
    class_distribution_release(&d);
    assert_int_equal(class_game_distribution(g, 2, &d), RC_ENOTFOUND);
}

/* ---- game-* ---------------------------------------------------------- */

/* Five questions, four players, T = 10 s, so points = 1000 - t/20:
 *
 *   q  kind    ann          bob          cid          dee
 *   1  choice  R 1s  950    R 2s  900    W 0.5s  0    R 4s   800
 *   2  typed   R 2s  1000*  A 1s  0      R 3s  850    none   0
 *   3  order   R 5s  950**  R 1s  950    W 2s    0    R 3s   850
 *   4  choice  (skipped after ann answered)
 *   5  typed   W 1s  0      R .5s 1075*  R 1s  950    R 2s   1000*
 *   total            2900         2925         1800          2650
 *   time (s)         9            4.5          6.5           19
 *
 *   * streak 2: +100   ** streak 3: +200   A: almost, scores 0 */
static void game_five_questions_four_players_to_podium(void **state)
{
    struct fixture *f = *state;
    struct class_question qs[] = {f->choice, f->typed, f->order, f->choice,
                                  f->typed2};
    struct rc_err err = {0};
    assert_int_equal(
        class_game_new(qs, 5, T, fixed_random, &f->rng, &f->g, &err), RC_OK);
    struct class_game *g = f->g;
    size_t ann = join(g, "ann", 0), bob = join(g, "bob", 0);
    size_t cid = join(g, "cid", 0), dee = join(g, "dee", 0);
    uint64_t v = class_game_version(g);
    assert_int_equal(class_game_start(g, 0, &err), RC_OK);
    assert_true(class_game_version(g) > v);

    assert_int_equal(pick(g, ann, 0, 1, 1000), RC_OK);
    assert_int_equal(pick(g, bob, 0, 1, 2000), RC_OK);
    assert_int_equal(pick(g, cid, 0, 2, 500), RC_OK);
    struct class_status s;
    class_game_status(g, 3000, &s);
    assert_int_equal(s.n_answered, 3);
    assert_int_equal(s.remaining_ms, 7000);
    assert_int_equal(pick(g, dee, 0, 1, 4000), RC_OK); /* all: closes */
    class_game_status(g, 4000, &s);
    assert_int_equal(s.phase, CLASS_CLOSED);

    assert_int_equal(class_game_next(g, 100000, &err), RC_OK);
    assert_int_equal(type(g, bob, 1, "Pari", 101000), RC_OK);
    assert_int_equal(type(g, ann, 1, "paris", 102000), RC_OK);
    assert_int_equal(type(g, cid, 1, "Paris", 103000), RC_OK);
    assert_true(class_game_tick(g, 110000)); /* dee never answers */

    assert_int_equal(class_game_next(g, 120000, &err), RC_OK);
    const char *right[] = {"one", "two", "three"};
    const char *wrong[] = {"three", "two", "one"};
    assert_int_equal(put_in_order(g, bob, 2, right, 121000), RC_OK);
    assert_int_equal(put_in_order(g, cid, 2, wrong, 122000), RC_OK);
    assert_int_equal(put_in_order(g, dee, 2, right, 123000), RC_OK);
    assert_int_equal(put_in_order(g, ann, 2, right, 125000), RC_OK);

    assert_int_equal(class_game_next(g, 140000, &err), RC_OK);
    assert_int_equal(pick(g, ann, 3, 1, 141000), RC_OK);
    assert_int_equal(class_game_skip(g, 142000, &err), RC_OK);

    assert_int_equal(type(g, bob, 4, "lyon", 142500), RC_OK);
    assert_int_equal(type(g, ann, 4, "Paris", 143000), RC_OK);
    assert_int_equal(type(g, cid, 4, "Lyon", 143000), RC_OK);
    assert_int_equal(type(g, dee, 4, "LYON", 144000), RC_OK);
    assert_int_equal(class_game_next(g, 150000, &err), RC_OK);
    class_game_status(g, 150000, &s);
    assert_int_equal(s.phase, CLASS_OVER);

    struct class_rank podium[3];
    assert_int_equal(class_game_leaderboard(g, podium, 3), 3);
    assert_string_equal(podium[0].name, "bob");
    assert_int_equal(podium[0].score, 2925);
    assert_int_equal(podium[0].total_ms, 4500);
    assert_string_equal(podium[1].name, "ann");
    assert_int_equal(podium[1].score, 2900);
    assert_int_equal(podium[1].total_ms, 9000);
    assert_string_equal(podium[2].name, "dee");
    assert_int_equal(podium[2].score, 2650);
    assert_int_equal(podium[2].total_ms, 19000);
    struct class_rank last;
    assert_int_equal(class_game_rank(g, cid, &last), RC_OK);
    assert_int_equal(last.place, 4);
    assert_int_equal(last.score, 1800);

    /* The report: 4 players x 4 questions (q4 skipped), join order. */
    struct class_report rep = {0};
    class_game_report(g, &rep);
    assert_int_equal(rep.n, 16);
    int points[16] = {950, 1000, 950, 0,   900, 0, 950, 1075,
                      0,   850,  0,   950, 800, 0, 850, 1000};
    size_t qn[4] = {0, 1, 2, 4};
    for (size_t i = 0; i < 16; i++) {
        assert_int_equal(rep.v[i].player, i / 4);
        assert_int_equal(rep.v[i].question, qn[i % 4]);
        assert_int_equal(rep.v[i].points, points[i]);
    }
    const struct class_result *b2 = &rep.v[5]; /* bob, question 2 */
    assert_string_equal(b2->name, "bob");
    assert_string_equal(b2->given, "Pari");
    assert_true(b2->answered);
    assert_false(b2->right);
    assert_true(b2->almost);
    assert_int_equal(b2->time_ms, 1000);
    const struct class_result *d2 = &rep.v[13]; /* dee, question 2 */
    assert_false(d2->answered);
    assert_string_equal(d2->given, "");
    assert_int_equal(d2->time_ms, -1);
    const struct class_result *a3 = &rep.v[2]; /* ann, question 3 */
    assert_string_equal(a3->given, "one > two > three");
    assert_int_equal(a3->bonus, 200);
    assert_int_equal(a3->time_ms, 5000);
    class_report_release(&rep);
    assert_null(rep.v);

    rc_err_clear(&err);
    assert_int_equal(class_game_end(g, 160000, &err), RC_ECONFLICT);
    assert_string_equal(err.msg, "end: not now (over)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(new_refuses_bad_questions_and_limits,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(new_draws_a_six_digit_code, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(join_refuses_duplicate_and_bad_names,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(join_refuses_the_501st_player, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            join_gives_tokens_and_rejoin_keeps_the_score, setup, teardown),
        cmocka_unit_test_setup_teardown(join_late_plays_the_remaining_questions,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            answer_refused_before_start_after_deadline_and_twice, setup,
            teardown),
        cmocka_unit_test_setup_teardown(answer_malformed_changes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(pause_stops_the_timer, setup, teardown),
        cmocka_unit_test_setup_teardown(score_speed_rule_by_hand, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(score_streak_grows_and_a_miss_resets_it,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            score_skip_discards_answers_and_keeps_streaks, setup, teardown),
        cmocka_unit_test_setup_teardown(score_ties_go_to_less_time_then_name,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            read_distribution_counts_options_and_verdicts, setup, teardown),
        cmocka_unit_test_setup_teardown(
            game_five_questions_four_players_to_podium, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
