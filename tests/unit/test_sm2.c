/* test_sm2.c -- Anki's SM-2 scheduler, by hand-worked example.
 *
 * Case groups:
 *   walk_*      one card through every path with Anki's defaults, fuzz
 *               off: new -> learning 1m 10m -> graduate 1d -> Good ->
 *               Hard -> Easy -> lapse -> relearning -> review
 *   learn_*     new and learning cards: Easy, Hard on one step or two,
 *               Again from a later step, no steps at all
 *   review_*    days late, early reviews, f32 rounding as Anki's, the
 *               maximum interval, the modifier, Hard multiplier <= 1
 *   lapse_*     new-interval share, minimum interval, no relearning
 *               steps, relearning Again/Hard/Easy, the ease floor
 *   fuzz_*      Anki's bands, the seeded draw, determinism, off means off
 *   preview_*   all four buttons at once
 *   error_*     a table of bad cards, times and params: code, message,
 *               and the output left untouched
 *   property_*  200 000 random histories: Again <= Hard <= Good <= Easy,
 *               ease >= 1.3, nothing NaN
 *
 * Every expected number is worked out by hand in the comment beside it
 * from Anki's rules (ankitects/anki:rslib/src/scheduler/states/), or is
 * one of Anki's own test vectors (states/fuzz.rs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "recall/sm2.h"

#define T0  1700000000000LL /* 2023-11-14 22:13:20 UTC */
#define MIN 60000LL
#define DAY 86400000LL

static struct rc_sm2_params defaults(void)
{
    struct rc_sm2_params p;

    rc_sm2_params_default(&p);
    p.fuzz = false;
    return p;
}

/* Answer and insist it worked; the card is updated in place. */
static void answer(const struct rc_sm2_params *p, struct rc_sm2_card *c,
                   int64_t now, int rating, int days)
{
    struct rc_err err = {0};
    int rc = rc_sm2_next(p, c, now, rating, days, 0, c, &err);

    if (rc != RC_OK)
        fail_msg("rc_sm2_next: %s", err.msg);
}

/* A review card with the given interval and ease, last seen at T0. */
static struct rc_sm2_card review_card(int ivl, double ease)
{
    struct rc_sm2_card c = {.state = RC_SM2_REVIEW,
                            .ease = ease,
                            .interval_days = ivl,
                            .reps = 5,
                            .last_review_ms = T0,
                            .due_ms = T0 + ivl * DAY};
    return c;
}

/* The interval each of Hard, Good, Easy gives a review card. */
static void passing(const struct rc_sm2_params *p, const struct rc_sm2_card *c,
                    int days, uint64_t seed, int out[3])
{
    struct rc_sm2_card o[4];
    struct rc_err err = {0};

    if (rc_sm2_preview(p, c, T0 + days * DAY, days, seed, o, &err) != RC_OK)
        fail_msg("rc_sm2_preview: %s", err.msg);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(o[i + 1].state, RC_SM2_REVIEW);
        out[i] = o[i + 1].interval_days;
    }
}

/* passing(), then insist on the three intervals. */
static void expect_ivls(const struct rc_sm2_params *p,
                        const struct rc_sm2_card *c, int days, uint64_t seed,
                        int hard, int good, int easy)
{
    int got[3];

    passing(p, c, days, seed, got);
    assert_int_equal(got[0], hard);
    assert_int_equal(got[1], good);
    assert_int_equal(got[2], easy);
}

/* The whole visible state of a card after an answer. */
static void expect(const struct rc_sm2_card *c, int state, int step, int ivl,
                   double ease, int64_t due_ms)
{
    assert_int_equal(c->state, state);
    assert_int_equal(c->step, step);
    assert_int_equal(c->interval_days, ivl);
    assert_true(c->ease == ease);
    assert_true(c->due_ms == due_ms);
}

/* ---- walk ------------------------------------------------------------ */

static void walk_every_path_with_anki_defaults(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c;
    int64_t t = T0;

    rc_sm2_card_init(&c, &p, t);
    expect(&c, RC_SM2_NEW, 0, 0, 2.5, t);

    /* New, Again: first learning step, 1 minute. */
    answer(&p, &c, t, RC_SM2_AGAIN, 0);
    expect(&c, RC_SM2_LEARNING, 0, 0, 2.5, t + 1 * MIN);

    /* Good on step 0: step 1, 10 minutes. */
    answer(&p, &c, t += 1 * MIN, RC_SM2_GOOD, 0);
    expect(&c, RC_SM2_LEARNING, 1, 0, 2.5, t + 10 * MIN);

    /* Good on the last step: graduate with 1 day, ease 2.50. */
    answer(&p, &c, t += 10 * MIN, RC_SM2_GOOD, 0);
    expect(&c, RC_SM2_REVIEW, 0, 1, 2.5, t + 1 * DAY);

    /* Review Good after 1 day: Hard would be 1 * 1.2 = 1.2 -> 1, raised
     * to ivl + 1 = 2; Good is 1 * 2.5 = 2.5 -> 3 (halves round up), at
     * least Hard + 1 = 3.  Ease unchanged. */
    answer(&p, &c, t += 1 * DAY, RC_SM2_GOOD, 1);
    expect(&c, RC_SM2_REVIEW, 0, 3, 2.5, t + 3 * DAY);

    /* Hard after 3 days: 3 * 1.2 = 3.6 -> 4, at least 3 + 1 = 4.
     * Ease 2.50 - 0.15 = 2.35. */
    answer(&p, &c, t += 3 * DAY, RC_SM2_HARD, 3);
    expect(&c, RC_SM2_REVIEW, 0, 4, 2.35, t + 4 * DAY);

    /* Easy after 4 days: Hard 4.8 -> 5; Good 4 * 2.35 = 9.4 -> 9;
     * Easy 9.4 * 1.3 = 12.22 -> 12, at least Good + 1 = 10.
     * Ease 2.35 + 0.15 = 2.50. */
    answer(&p, &c, t += 4 * DAY, RC_SM2_EASY, 4);
    expect(&c, RC_SM2_REVIEW, 0, 12, 2.5, t + 12 * DAY);

    /* Again after 12 days: a lapse.  Ease 2.50 - 0.20 = 2.30, relearning
     * step 10 minutes, and the interval it will return with is
     * max(1, 12 * 0.00) = 1 day. */
    answer(&p, &c, t += 12 * DAY, RC_SM2_AGAIN, 12);
    expect(&c, RC_SM2_RELEARNING, 0, 1, 2.3, t + 10 * MIN);
    assert_int_equal(c.lapses, 1);

    /* Relearning Good on the only step: back to review, 1 day. */
    answer(&p, &c, t += 10 * MIN, RC_SM2_GOOD, 0);
    expect(&c, RC_SM2_REVIEW, 0, 1, 2.3, t + 1 * DAY);

    /* Review Good after 1 day: Hard 1.2 -> 1, raised to 2; Good
     * 1 * 2.3 = 2.3 -> 2, raised to Hard + 1 = 3. */
    answer(&p, &c, t += 1 * DAY, RC_SM2_GOOD, 1);
    expect(&c, RC_SM2_REVIEW, 0, 3, 2.3, t + 3 * DAY);
    assert_int_equal(c.reps, 9);
    assert_int_equal(c.lapses, 1);
    assert_true(c.last_review_ms == t);
}

/* ---- learn ----------------------------------------------------------- */

static void learn_easy_graduates_in_4_days_hard_is_mean_of_steps(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c;

    rc_sm2_card_init(&c, &p, T0);
    answer(&p, &c, T0, RC_SM2_EASY, 0);
    expect(&c, RC_SM2_REVIEW, 0, 4, 2.5, T0 + 4 * DAY);
    assert_int_equal(c.reps, 1);

    /* Hard on a new card: (60 s + 600 s) / 2 = 330 s, and the card stays on
     * step 0. */
    rc_sm2_card_init(&c, &p, T0);
    answer(&p, &c, T0, RC_SM2_HARD, 0);
    expect(&c, RC_SM2_LEARNING, 0, 0, 2.5, T0 + 330000);

    /* On step 1 Hard repeats step 1: 10 minutes. */
    answer(&p, &c, T0, RC_SM2_GOOD, 0);
    answer(&p, &c, T0, RC_SM2_HARD, 0);
    expect(&c, RC_SM2_LEARNING, 1, 0, 2.5, T0 + 10 * MIN);
}

static void learn_hard_on_single_step_is_one_and_a_half(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    /* The step, then Hard's delay: 1.5 * 10 m = 15 m; 1.5 * 3 d = 4.5 d
     * but at most 3 d + 1 d = 4 d (Anki's steps.rs test); 1.5 * 20 h =
     * 30 h, past a day so in whole days, 1.25 -> 1 d. */
    static const int64_t rows[][2] = {
        {10, 15 * MIN}, {3 * 1440, 4 * DAY}, {20 * 60, 1 * DAY}};

    p.n_learning_steps = 1;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct rc_sm2_card c;

        p.learning_steps_min[0] = (int)rows[i][0];
        rc_sm2_card_init(&c, &p, T0);
        answer(&p, &c, T0, RC_SM2_HARD, 0);
        expect(&c, RC_SM2_LEARNING, 0, 0, 2.5, T0 + rows[i][1]);
    }
}

static void learn_again_restarts_and_old_steps_clamp(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c;

    /* Again on step 1 goes back to step 0, 1 minute. */
    rc_sm2_card_init(&c, &p, T0);
    answer(&p, &c, T0, RC_SM2_GOOD, 0);
    answer(&p, &c, T0 + 10 * MIN, RC_SM2_AGAIN, 0);
    expect(&c, RC_SM2_LEARNING, 0, 0, 2.5, T0 + 11 * MIN);

    /* Step 5 of a 2-step list counts as step 1: Good graduates. */
    c.step = 5;
    answer(&p, &c, T0 + 11 * MIN, RC_SM2_GOOD, 0);
    expect(&c, RC_SM2_REVIEW, 0, 1, 2.5, T0 + 11 * MIN + DAY);
}

static void learn_without_steps_every_button_graduates(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c, o[4];
    struct rc_err err = {0};

    p.n_learning_steps = 0;
    rc_sm2_card_init(&c, &p, T0);
    assert_int_equal(rc_sm2_preview(&p, &c, T0, 0, 0, o, &err), RC_OK);
    /* Again, Hard and Good: the graduating interval; Easy: 4 days. */
    for (int i = 0; i < 3; i++)
        expect(&o[i], RC_SM2_REVIEW, 0, 1, 2.5, T0 + DAY);
    expect(&o[3], RC_SM2_REVIEW, 0, 4, 2.5, T0 + 4 * DAY);
}

/* ---- review ---------------------------------------------------------- */

static void review_late_days_count_and_f32_rounds_as_anki(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(10, 2.5);

    /* 14 days after a 10-day interval: 4 days late.
     * Hard: 10 * 1.2 = 12 (at least 11).
     * Good: (10 + 4/2) * 2.5 = 30.
     * Easy: (10 + 4) * 2.5 * 1.3 = 45.5 -> 46. */
    expect_ivls(&p, &c, 14, 0, 12, 30, 46);

    /* On time: Good 25, Easy 10 * 2.5 * 1.3 = 32.5 -> 33. */
    expect_ivls(&p, &c, 10, 0, 12, 25, 33);

    /* Ease 2.1 is read as 2100f / 1000f = 2.0999999 (f32), so Good is
     * 15 * 2.0999999 = 31.499998 -> 31, where doubles give 31.5 -> 32.
     * Hard: 15 * 1.2 = 18.  Easy: 31.499998 * 1.3 = 40.95 -> 41. */
    c = review_card(15, 2.1);
    expect_ivls(&p, &c, 15, 0, 18, 31, 41);
}

static void review_early_uses_the_days_waited(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(10, 2.5), o[4];
    struct rc_err err = {0};

    /* 4 days into a 10-day interval (Anki's early-review rules):
     * Hard: max(4 * 1.2, 10 * 1.2 / 2) = max(4.8, 6) = 6.
     * Good: max(4 * 2.5, 10) = 10.
     * Easy: 10 * (1.3 - 0.3 / 2) = 10 * 1.15 = 11.5 -> 12. */
    expect_ivls(&p, &c, 4, 0, 6, 10, 12);

    /* The same day: Hard max(0, 6) = 6, Good max(0, 10) = 10, Easy 12. */
    expect_ivls(&p, &c, 0, 0, 6, 10, 12);

    /* Ease still moves: Hard 2.35, Easy 2.65. */
    assert_int_equal(rc_sm2_preview(&p, &c, T0, 0, 0, o, &err), RC_OK);
    assert_true(o[1].ease == 2.35);
    assert_true(o[2].ease == 2.5);
    assert_true(o[3].ease == 2.65);
}

static void review_never_passes_the_maximum_interval(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(30000, 2.5);

    /* Hard 36000; Good 75000 and Easy 97500, both capped at 36500. */
    expect_ivls(&p, &c, 30000, 0, 36000, 36500, 36500);

    /* A deck maximum of 100 days caps even Hard's "one more day". */
    p.maximum_interval_days = 100;
    c = review_card(100, 2.5);
    expect_ivls(&p, &c, 100, 0, 100, 100, 100);
}

static void review_modifier_and_hard_multiplier(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(10, 2.5);

    /* Modifier 0.8: Hard 12 * 0.8 = 9.6 -> 10, raised to 11; Good
     * 25 * 0.8 = 20; Easy 32.5 * 0.8 = 26. */
    p.interval_modifier = 0.8;
    expect_ivls(&p, &c, 10, 0, 11, 20, 26);

    /* Modifier 1, hard multiplier 1.0: Hard is 10 (no "+1 day"), Good at
     * least 11. */
    p.interval_modifier = 1.0;
    p.hard_multiplier = 1.0;
    expect_ivls(&p, &c, 10, 0, 10, 25, 33);

    /* 0.5: Hard 5; Good still 25. */
    p.hard_multiplier = 0.5;
    expect_ivls(&p, &c, 10, 0, 5, 25, 33);
}

/* ---- lapse ----------------------------------------------------------- */

static void lapse_keeps_a_share_the_minimum_or_skips_steps(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(100, 2.5);

    /* New interval 0.5: 100 * 0.5 = 50 days after relearning. */
    p.lapse_multiplier = 0.5;
    p.minimum_interval_days = 3;
    answer(&p, &c, T0 + 100 * DAY, RC_SM2_AGAIN, 100);
    expect(&c, RC_SM2_RELEARNING, 0, 50, 2.3, T0 + 100 * DAY + 10 * MIN);

    /* Again while relearning cuts it again (25) but is no new lapse. */
    answer(&p, &c, T0 + 100 * DAY + 10 * MIN, RC_SM2_AGAIN, 0);
    expect(&c, RC_SM2_RELEARNING, 0, 25, 2.3, T0 + 100 * DAY + 20 * MIN);
    assert_int_equal(c.lapses, 1);

    /* 5 * 0.5 = 2.5, truncated to 2, raised to the minimum 3. */
    c = review_card(5, 2.5);
    answer(&p, &c, T0 + 5 * DAY, RC_SM2_AGAIN, 5);
    assert_int_equal(c.interval_days, 3);

    /* No relearning steps: straight back to review, max(1, 0) = 1 day. */
    p = defaults();
    c = review_card(20, 2.5);
    p.n_relearning_steps = 0;
    answer(&p, &c, T0 + 20 * DAY, RC_SM2_AGAIN, 20);
    expect(&c, RC_SM2_REVIEW, 0, 1, 2.3, T0 + 21 * DAY);
    assert_int_equal(c.lapses, 1);
}

static void lapse_relearning_hard_and_easy(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(20, 2.5), o[4];
    struct rc_err err = {0};
    int64_t t = T0 + 20 * DAY;

    answer(&p, &c, t, RC_SM2_AGAIN, 20);
    t += 10 * MIN;
    assert_int_equal(rc_sm2_preview(&p, &c, t, 0, 0, o, &err), RC_OK);
    /* Again: the 10-minute step again.  Hard on the only step: 15 min.
     * Good: review, 1 day.  Easy: the lapse interval + 1 = 2 days. */
    expect(&o[0], RC_SM2_RELEARNING, 0, 1, 2.3, t + 10 * MIN);
    expect(&o[1], RC_SM2_RELEARNING, 0, 1, 2.3, t + 15 * MIN);
    expect(&o[2], RC_SM2_REVIEW, 0, 1, 2.3, t + 1 * DAY);
    expect(&o[3], RC_SM2_REVIEW, 0, 2, 2.3, t + 2 * DAY);

    /* Two relearning steps, 10m 1h: Good on step 0 goes to step 1. */
    p.relearning_steps_min[1] = 60;
    p.n_relearning_steps = 2;
    answer(&p, &c, t, RC_SM2_GOOD, 0);
    expect(&c, RC_SM2_RELEARNING, 1, 1, 2.3, t + 60 * MIN);
}

static void lapse_ease_stops_at_the_floor(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(10, 2.5);
    /* 2.50 - 0.20 each lapse, never below 1.30. */
    static const double want[] = {2.3, 2.1, 1.9, 1.7, 1.5, 1.3, 1.3, 1.3};
    int64_t t = T0;

    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        t += c.interval_days * DAY;
        answer(&p, &c, t, RC_SM2_AGAIN, c.interval_days);
        assert_int_equal(c.lapses, (int)i + 1);
        assert_true(fabs(c.ease - want[i]) < 1e-9);
        t += 10 * MIN;
        answer(&p, &c, t, RC_SM2_GOOD, 0);
    }
    /* Hard at 1.40 would make 1.25: floored to 1.30. */
    c = review_card(10, 1.4);
    answer(&p, &c, T0 + 10 * DAY, RC_SM2_HARD, 10);
    assert_true(c.ease == 1.3);
}

/* ---- fuzz ------------------------------------------------------------ */

static void fuzz_bounds_match_ankis_table(void **state)
{
    (void)state;
    /* states/fuzz.rs with_review_fuzz test: interval, minimum, maximum,
     * then the lower and upper ends (factor 0 and 0.99). */
    static const double rows[][5] = {{1.0, 1, 1000, 1, 1},
                                     {2.49, 1, 1000, 2, 2},
                                     {2.5, 1, 1000, 2, 4},
                                     {7.0, 1, 1000, 5, 9},
                                     {17.0, 1, 1000, 14, 20},
                                     {37.0, 1, 1000, 33, 41},
                                     {2.0, 2, 1000, 2, 2},
                                     {2.0, 3, 1000, 3, 4},
                                     {2.0, 3, 3, 3, 3},
                                     {6.9, 3, 1000, 5, 9},
                                     {7.1, 3, 1000, 5, 9},
                                     {19.9, 3, 1000, 17, 23},
                                     {20.0, 3, 1000, 17, 23},
                                     {20.1, 3, 1000, 17, 23},
                                     {100.0, 101, 1000, 101, 108},
                                     {100.0, 1, 99, 92, 99},
                                     {100.0, 97, 103, 97, 103}};

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int lo = -1, hi = -1;

        rc_sm2_fuzz_bounds(rows[i][0], (int)rows[i][1], (int)rows[i][2], &lo,
                           &hi);
        assert_int_equal(lo, (int)rows[i][3]);
        assert_int_equal(hi, (int)rows[i][4]);
    }
}

static void fuzz_seed_zero_gives_the_splitmix_draw(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(20, 2.5);

    /* splitmix64(0) is 0xe220a8397b1dcdaf (Vigna's reference); its top
     * 32 bits make the factor 0xe220a839 / 2^32 = 0.88331.
     * Hard 24: delta 1 + 0.15*4.5 + 0.1*13 + 0.05*4 = 3.175, band
     *   [21, 27]; 21 + floor(0.88331 * 7) = 27.
     * Good 50: delta 4.475, band [46, 54]; 46 + floor(0.88331 * 9) = 53.
     * Easy 65: delta 5.225, band [60, 70]; 60 + floor(0.88331 * 11) = 69.
     */
    p.fuzz = true;
    expect_ivls(&p, &c, 20, 0, 27, 53, 69);

    /* Graduating Easy, 4 days: delta 1 + 0.15 * 1.5 = 1.225, band [3, 5];
     * 3 + floor(0.88331 * 3) = 5. */
    rc_sm2_card_init(&c, &p, T0);
    answer(&p, &c, T0, RC_SM2_EASY, 0);
    assert_int_equal(c.interval_days, 5);
}

static void fuzz_is_deterministic_and_stays_in_band(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(20, 2.5), n;
    int first[3], again[3], ivl[3];
    bool seen_lo = false, seen_hi = false;

    p.fuzz = true;
    passing(&p, &c, 20, 12345, first);
    passing(&p, &c, 20, 12345, again);
    assert_memory_equal(first, again, sizeof(first));

    /* Good's band for 50 days is [46, 54] (see above); every seed lands
     * in it, both ends get hit, and Hard < Good < Easy always.  The 1-day
     * graduating interval is under 2.5 days: never fuzzed. */
    for (uint64_t seed = 0; seed < 5000; seed++) {
        passing(&p, &c, 20, seed * 0x100000001ULL, ivl);
        assert_in_range(ivl[1], 46, 54);
        assert_true(ivl[0] < ivl[1] && ivl[1] < ivl[2]);
        seen_lo |= ivl[1] == 46;
        seen_hi |= ivl[1] == 54;
        n = (struct rc_sm2_card){.state = RC_SM2_LEARNING, .step = 1};
        assert_int_equal(
            rc_sm2_next(&p, &n, T0, RC_SM2_GOOD, 0, seed, &n, NULL), RC_OK);
        assert_int_equal(n.interval_days, 1);
    }
    assert_true(seen_lo && seen_hi);
}

static void fuzz_off_and_early_reviews_are_not_fuzzed(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c = review_card(10, 2.5);

    /* Fuzz off: the plain 12 / 25 / 33 whatever the seed. */
    expect_ivls(&p, &c, 10, 987654321, 12, 25, 33);
    /* Fuzz on, early review: the plain 6 / 10 / 12 (see above). */
    p.fuzz = true;
    expect_ivls(&p, &c, 4, 987654321, 6, 10, 12);
}

/* ---- preview --------------------------------------------------------- */

static void preview_gives_all_four_buttons(void **state)
{
    (void)state;
    struct rc_sm2_params p = defaults();
    struct rc_sm2_card c, o[4];
    struct rc_err err = {0};

    /* A new card: 1m, 5m30s, 10m, 4d. */
    rc_sm2_card_init(&c, &p, T0);
    assert_int_equal(rc_sm2_preview(&p, &c, T0, 0, 0, o, &err), RC_OK);
    expect(&o[0], RC_SM2_LEARNING, 0, 0, 2.5, T0 + 1 * MIN);
    expect(&o[1], RC_SM2_LEARNING, 0, 0, 2.5, T0 + 330000);
    expect(&o[2], RC_SM2_LEARNING, 1, 0, 2.5, T0 + 10 * MIN);
    expect(&o[3], RC_SM2_REVIEW, 0, 4, 2.5, T0 + 4 * DAY);
    assert_int_equal(c.state, RC_SM2_NEW); /* the card is not touched */

    /* A 1-day review card on time: <10m, 2d, 3d, and Easy
     * 1 * 2.5 * 1.3 = 3.25 -> 3, raised to Good + 1 = 4d. */
    c = review_card(1, 2.5);
    assert_int_equal(rc_sm2_preview(&p, &c, T0 + DAY, 1, 0, o, &err), RC_OK);
    assert_true(o[0].due_ms - (T0 + DAY) == 10 * MIN);
    assert_true(o[1].due_ms - (T0 + DAY) == 2 * DAY);
    assert_true(o[2].due_ms - (T0 + DAY) == 3 * DAY);
    assert_true(o[3].due_ms - (T0 + DAY) == 4 * DAY);
}

/* ---- error ----------------------------------------------------------- */

/* What a row spoils in an otherwise good answer: an argument, a field of
 * the card, or a field of the params (by offset). */
enum spoil {
    ARG_RATING,
    ARG_NOW,
    ARG_DAYS,
    CARD_INT,
    CARD_DBL,
    PARAM_INT,
    PARAM_DBL,
    PARAM_N_STEPS,
};

#define CARD(f)  CARD_INT, offsetof(struct rc_sm2_card, f)
#define CARDD(f) CARD_DBL, offsetof(struct rc_sm2_card, f)
#define PAR(f)   PARAM_INT, offsetof(struct rc_sm2_params, f)
#define PARD(f)  PARAM_DBL, offsetof(struct rc_sm2_params, f)

static const struct {
    enum spoil what;
    size_t off;
    double v;
    const char *msg;
} error_rows[] = {
    {ARG_RATING, 0, 0, "rating must be 1-4, got 0"},
    {ARG_RATING, 0, 5, "rating must be 1-4, got 5"},
    {ARG_NOW, 0, T0 - 1,
     "review at 1699999999999 is before the last one at 1700000000000"},
    {ARG_NOW, 0, 9e15, "time 9000000000000000 ms is out of range"},
    {ARG_DAYS, 0, -1, "days elapsed must be >= 0, got -1"},
    {CARD(state), 4, "card: unknown state 4"},
    {CARD(step), -1, "card: negative step, reps or lapses (-1, 5, 0)"},
    {CARD(lapses), -2, "card: negative step, reps or lapses (0, 5, -2)"},
    {CARD(interval_days), -3,
     "card: interval -3 days is out of range [0, 36500]"},
    {CARDD(ease), 1.2, "card: ease 1.2 is below 1.3"},
    {CARDD(ease), NAN, "card: ease nan is not a number"},
    {CARDD(ease), 70, "card: ease 70 is above 65.535"},
    {PARAM_N_STEPS, 0, 17, "n_learning_steps: 17 is more than 16"},
    {PAR(relearning_steps_min), -5,
     "relearning_steps_min[0]: -5 is out of range [0, 52560000]"},
    {PARD(hard_multiplier), NAN, "hard_multiplier: nan is not a finite number"},
    {PARD(hard_multiplier), 1.5,
     "hard_multiplier: 1.5 is out of range [0.5, 1.3]"},
    {PARD(starting_ease), -2.5,
     "starting_ease: -2.5 is out of range [1.31, 5]"},
    {PARD(easy_bonus), INFINITY, "easy_bonus: inf is not a finite number"},
    {PARD(lapse_multiplier), -0.1,
     "lapse_multiplier: -0.1 is out of range [0, 1]"},
    {PARD(minimum_ease), 2.6, "minimum_ease: 2.6 is above starting_ease 2.5"},
    {PAR(maximum_interval_days), 0,
     "maximum_interval_days: 0 is out of range [1, 36500]"},
    /* The rows start from a 30-day maximum, so 50 is above it. */
    {PAR(minimum_interval_days), 50,
     "minimum_interval_days: 50 is above maximum_interval_days 30"},
    {PAR(graduating_interval_days), -1,
     "graduating_interval_days: -1 is out of range [1, 36500]"},
};

struct call {
    struct rc_sm2_params p;
    struct rc_sm2_card c;
    int64_t now;
    int rating, days;
};

static void spoil(struct call *k, enum spoil what, size_t off, double v)
{
    if (what == ARG_RATING)
        k->rating = (int)v;
    else if (what == ARG_NOW)
        k->now = (int64_t)v;
    else if (what == ARG_DAYS)
        k->days = (int)v;
    else if (what == CARD_INT)
        *(int *)((char *)&k->c + off) = (int)v;
    else if (what == CARD_DBL)
        *(double *)((char *)&k->c + off) = v;
    else if (what == PARAM_INT)
        *(int *)((char *)&k->p + off) = (int)v;
    else if (what == PARAM_DBL)
        *(double *)((char *)&k->p + off) = v;
    else
        k->p.n_learning_steps = (size_t)v;
}

static void error_table_of_bad_inputs(void **state)
{
    (void)state;

    for (size_t i = 0; i < sizeof(error_rows) / sizeof(error_rows[0]); i++) {
        struct call k = {.now = T0 + 10 * DAY, .rating = 3, .days = 10};
        struct rc_sm2_card out, o[4], o0[4];
        struct rc_err err = {0};

        k.p = defaults();
        k.p.maximum_interval_days = 30;
        k.c = review_card(10, 2.5);
        spoil(&k, error_rows[i].what, error_rows[i].off, error_rows[i].v);
        memset(&out, 0xab, sizeof(out));
        memcpy(o0, &out, sizeof(out)); /* o0[0]: what 'out' must stay */
        assert_int_equal(
            rc_sm2_next(&k.p, &k.c, k.now, k.rating, k.days, 0, &out, &err),
            RC_EINVAL);
        assert_int_equal(err.code, RC_EINVAL);
        assert_string_equal(err.msg, error_rows[i].msg);
        assert_memory_equal(&out, &o0[0], sizeof(out));
        if (error_rows[i].what == ARG_RATING)
            continue; /* preview has no rating */
        memset(o, 0xcd, sizeof(o));
        memset(o0, 0xcd, sizeof(o0));
        rc_err_clear(&err);
        assert_int_equal(rc_sm2_preview(&k.p, &k.c, k.now, k.days, 0, o, &err),
                         RC_EINVAL);
        assert_string_equal(err.msg, error_rows[i].msg);
        assert_memory_equal(o, o0, sizeof(o));
    }
}

/* ---- property -------------------------------------------------------- */

static uint64_t prng(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int pick(uint64_t *s, int lo, int hi)
{
    return lo + (int)(prng(s) % (uint64_t)(hi - lo + 1));
}

/* 0..3 growing steps, each under a day. */
static size_t random_steps(uint64_t *s, int *steps, int min_n)
{
    size_t n = (size_t)pick(s, min_n, 3);
    int at = 0;

    for (size_t i = 0; i < n; i++) {
        at = pick(s, at, at + 480);
        steps[i] = at < 1439 ? at : 1439;
    }
    return n;
}

/* Random options inside the range where the ordering is promised. */
static void random_params(uint64_t *s, struct rc_sm2_params *p)
{
    static const int maxima[] = {1, 2, 10, 100, 36500};

    rc_sm2_params_default(p);
    p->fuzz = pick(s, 0, 1);
    if (pick(s, 0, 1))
        return;
    p->n_learning_steps = random_steps(s, p->learning_steps_min, 0);
    p->n_relearning_steps = random_steps(s, p->relearning_steps_min, 1);
    p->graduating_interval_days = pick(s, 1, 10);
    p->easy_interval_days = pick(s, p->graduating_interval_days, 20);
    p->starting_ease = pick(s, 1310, 5000) / 1000.0;
    p->easy_bonus = pick(s, 100, 500) / 100.0;
    p->hard_multiplier = pick(s, 50, 130) / 100.0;
    p->interval_modifier = pick(s, 50, 200) / 100.0;
    p->lapse_multiplier = pick(s, 0, 100) / 100.0;
    p->maximum_interval_days = maxima[pick(s, 0, 4)];
    p->minimum_interval_days =
        pick(s, 1, p->maximum_interval_days < 5 ? p->maximum_interval_days : 5);
}

static void check_outcome(const struct rc_sm2_params *p,
                          const struct rc_sm2_card *o, int64_t now)
{
    assert_false(isnan(o->ease));
    assert_true(o->ease >= 1.3 - 1e-9);
    assert_true(o->due_ms >= now);
    assert_in_range(o->interval_days, 0, p->maximum_interval_days);
    if (o->state == RC_SM2_REVIEW)
        assert_true(o->interval_days >= 1);
}

/* One random history; returns the number of answers given. */
static int random_history(uint64_t *s)
{
    struct rc_sm2_params p;
    struct rc_sm2_card c, o[4];
    int64_t now = T0;
    int n = pick(s, 1, 12);

    random_params(s, &p);
    rc_sm2_card_init(&c, &p, now);
    for (int i = 0; i < n; i++) {
        int days = 0;

        if (c.state == RC_SM2_REVIEW)
            days = pick(s, 0, 2 * c.interval_days + 3);
        now = c.state == RC_SM2_REVIEW ? c.last_review_ms + days * DAY
                                       : (c.due_ms > now ? c.due_ms : now);
        if (rc_sm2_preview(&p, &c, now, days, prng(s), o, NULL) != RC_OK)
            fail_msg("preview failed at answer %d", i);
        for (int g = 0; g < 4; g++)
            check_outcome(&p, &o[g], now);
        for (int g = 0; g < 3; g++)
            assert_true(o[g].due_ms <= o[g + 1].due_ms);
        c = o[pick(s, 0, 3)];
    }
    return n;
}

static void property_buttons_ordered_and_ease_floored(void **state)
{
    (void)state;
    uint64_t s = 20240601;
    long answers = 0;

    for (int h = 0; h < 200000; h++)
        answers += random_history(&s);
    assert_true(answers > 200000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(walk_every_path_with_anki_defaults),
        cmocka_unit_test(learn_easy_graduates_in_4_days_hard_is_mean_of_steps),
        cmocka_unit_test(learn_hard_on_single_step_is_one_and_a_half),
        cmocka_unit_test(learn_again_restarts_and_old_steps_clamp),
        cmocka_unit_test(learn_without_steps_every_button_graduates),
        cmocka_unit_test(review_late_days_count_and_f32_rounds_as_anki),
        cmocka_unit_test(review_early_uses_the_days_waited),
        cmocka_unit_test(review_never_passes_the_maximum_interval),
        cmocka_unit_test(review_modifier_and_hard_multiplier),
        cmocka_unit_test(lapse_keeps_a_share_the_minimum_or_skips_steps),
        cmocka_unit_test(lapse_relearning_hard_and_easy),
        cmocka_unit_test(lapse_ease_stops_at_the_floor),
        cmocka_unit_test(fuzz_bounds_match_ankis_table),
        cmocka_unit_test(fuzz_seed_zero_gives_the_splitmix_draw),
        cmocka_unit_test(fuzz_is_deterministic_and_stays_in_band),
        cmocka_unit_test(fuzz_off_and_early_reviews_are_not_fuzzed),
        cmocka_unit_test(preview_gives_all_four_buttons),
        cmocka_unit_test(error_table_of_bad_inputs),
        cmocka_unit_test(property_buttons_ordered_and_ease_floored),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
