/* test_fsrs.c -- FSRS-6 against numbers from ts-fsrs 5.4.2 and by hand.
 *
 * Case groups:
 *   rounding-*   round8 is JavaScript's Math.round (halves up, also < 0)
 *   first-*      first-review S = w[g-1] and D = clamp(D0(g)), intervals
 *   steps-*      learning and relearning steps, day-long steps
 *   params-*     validation messages, 17/19-weight migration, clamping,
 *                the w17/w18 cap for several relearning steps
 *   fuzz-*       ranges by hand, determinism, staying inside the range
 *   errors-*     bad rating, time before the last review
 *   property-*   random histories: ordered intervals, D in [1, 10],
 *                S after Good >= S after Hard, everything finite
 *
 * Expected values come from shared/fsrs/vectors.json (ts-fsrs output),
 * from ts-fsrs run on the inputs noted, or from the hand calculation
 * beside them.  The full vectors are replayed by the e2e test
 * t1500-sched-replay-vectors.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "recall/fsrs.h"

/* Histories in the property test (1 to 8 reviews each, so about 4.5M
 * reviews, each previewed at all four grades); RECALL_FSRS_PROPERTY_N
 * overrides it. */
#define PROPERTY_HISTORIES 1000000

#define DAY RC_FSRS_DAY_MS
#define MIN 60000LL
#define T0  1637749615759LL /* default-r001's first review */

static struct rc_fsrs make(const struct rc_fsrs_params *p)
{
    struct rc_fsrs f;
    struct rc_err err = {0};
    assert_int_equal(rc_fsrs_init(&f, p, &err), RC_OK);
    return f;
}

static struct rc_fsrs make_default(void)
{
    struct rc_fsrs_params p;
    rc_fsrs_params_default(&p);
    return make(&p);
}

static struct rc_fsrs_card review(const struct rc_fsrs *f,
                                  const struct rc_fsrs_card *c, int64_t t,
                                  int rating)
{
    struct rc_fsrs_card out;
    struct rc_err err = {0};
    assert_int_equal(rc_fsrs_next(f, c, t, rating, 0, &out, &err), RC_OK);
    return out;
}

/* ---- rounding ----------------------------------------------------------- */

static void rounding_halves_go_up_also_below_zero(void **state)
{
    (void)state;
    /* -2.5e-8 * 1e8 is exactly -2.5: Math.round gives -2, not -3. */
    assert_true(-2.5e-8 * 1e8 == -2.5);
    assert_true(rc_fsrs_round8(-2.5e-8) == -2 / 1e8);
    assert_true(rc_fsrs_round8(2.5e-8) == 3 / 1e8);
    assert_true(rc_fsrs_round8(0.123456784) == 0.12345678);
    assert_true(rc_fsrs_round8(0.123456786) == 0.12345679);
    assert_true(rc_fsrs_round8(-1.000000006) == -1.00000001);
}

/* ---- first review ------------------------------------------------------- */

static void first_review_takes_s_from_w_and_d_from_d0(void **state)
{
    (void)state;
    struct rc_fsrs f = make_default();
    struct rc_fsrs_card c;
    /* D0(g) = w4 - e^((g-1) w5) + 1, clamped: D0(1) = w4 = 6.4133;
     * D0(3), D0(2) from the vectors (default-r*); D0(4) < 1 -> 1. */
    const double s0[] = {0.212, 1.2931, 2.3065, 8.2956};
    const double d0[] = {6.4133, 5.11217071, 2.11810397, 1};

    rc_fsrs_card_init(&c, T0);
    for (int g = 1; g <= 4; g++) {
        struct rc_fsrs_card n = review(&f, &c, T0, g);
        assert_true(n.stability == s0[g - 1]);
        assert_true(n.difficulty == d0[g - 1]);
        assert_int_equal(n.reps, 1);
        assert_int_equal(n.elapsed_days, 0);
    }
}

static void first_review_easy_graduates_for_round_s_days(void **state)
{
    (void)state;
    struct rc_fsrs f = make_default();
    struct rc_fsrs_card c, n;

    /* Retention 0.9 makes the interval modifier exactly 1, so Easy's
     * interval is round(8.2956) = 8 days from the review (default-r001). */
    rc_fsrs_card_init(&c, T0);
    n = review(&f, &c, T0, RC_FSRS_EASY);
    assert_true(f.interval_modifier == 1);
    assert_int_equal(n.state, RC_FSRS_REVIEW);
    assert_int_equal(n.scheduled_days, 8);
    assert_int_equal(n.due_ms, 1638440815759LL);
    /* default-r001's second event: Hard at due, 8 days later. */
    n = review(&f, &n, 1638440815759LL, RC_FSRS_HARD);
    assert_true(n.stability == 26.70418346);
    assert_true(n.difficulty == 4.01060897);
    assert_int_equal(n.scheduled_days, 27);
    assert_int_equal(n.elapsed_days, 8);
}

static void first_review_retention_80_scales_intervals(void **state)
{
    (void)state;
    struct rc_fsrs_params p;
    struct rc_fsrs f;

    rc_fsrs_params_default(&p);
    p.request_retention = 0.8;
    f = make(&p);
    assert_true(f.interval_modifier == 3.3159598); /* ts-fsrs, same w */
}

static void first_review_retrievability_counts_24h_periods(void **state)
{
    (void)state;
    struct rc_fsrs f = make_default();
    struct rc_fsrs_card c, n;
    int64_t t = 1700006400000LL - 10 * MIN; /* 23:50 UTC */

    rc_fsrs_card_init(&c, t);
    assert_true(rc_fsrs_retrievability(&f, &c, t) == 0); /* New */
    n = review(&f, &c, t, RC_FSRS_EASY);
    /* 20 minutes later is a new calendar day but no whole 24 h: R = 1. */
    assert_true(rc_fsrs_retrievability(&f, &n, t + 20 * MIN) == 1);
    assert_int_equal(review(&f, &n, t + 20 * MIN, 3).elapsed_days, 1);
    /* R(8 days, S=8.2956) = round8((1 + factor 8/S)^decay) < 0.9. */
    assert_true(rc_fsrs_retrievability(&f, &n, t + 8 * DAY) > 0.89);
    assert_true(rc_fsrs_retrievability(&f, &n, t + 8 * DAY) < 0.91);
}

/* ---- steps ----------------------------------------------------------------
 */

static void steps_default_learning_again_hard_good(void **state)
{
    (void)state;
    struct rc_fsrs f = make_default(); /* 1m 10m / 10m */
    struct rc_fsrs_card c, n;

    rc_fsrs_card_init(&c, T0);
    n = review(&f, &c, T0, RC_FSRS_AGAIN);
    assert_int_equal(n.state, RC_FSRS_LEARNING);
    assert_int_equal(n.due_ms, T0 + 1 * MIN);
    n = review(&f, &c, T0, RC_FSRS_HARD); /* round((1 + 10) / 2) = 6 */
    assert_int_equal(n.due_ms, T0 + 6 * MIN);
    assert_int_equal(n.step, 0);
    n = review(&f, &c, T0, RC_FSRS_GOOD);
    assert_int_equal(n.due_ms, T0 + 10 * MIN);
    assert_int_equal(n.step, 1);
    /* On step 1 Hard is still 6 minutes; Good graduates. */
    assert_int_equal(review(&f, &n, T0 + 10 * MIN, 2).due_ms, T0 + 16 * MIN);
    assert_int_equal(review(&f, &n, T0 + 10 * MIN, 3).state, RC_FSRS_REVIEW);
    assert_int_equal(review(&f, &n, T0 + 10 * MIN, 3).step, 0);
}

static void steps_of_a_day_put_the_card_in_review_keeping_the_step(void **s)
{
    (void)s;
    struct rc_fsrs_params p;
    struct rc_fsrs f;
    struct rc_fsrs_card c, n;

    rc_fsrs_params_default(&p); /* day-steps: 10m 1d / 30m 1d */
    p.learning_steps_min[0] = 10;
    p.learning_steps_min[1] = 1440;
    p.relearning_steps_min[0] = 30;
    p.relearning_steps_min[1] = 1440;
    p.n_relearning_steps = 2;
    f = make(&p);
    rc_fsrs_card_init(&c, T0);
    c = review(&f, &c, T0, RC_FSRS_GOOD); /* step 0 -> step 1, 1d */
    assert_int_equal(c.step, 1);
    assert_int_equal(c.state, RC_FSRS_REVIEW);
    assert_int_equal(c.scheduled_days, 1);
    assert_int_equal(c.due_ms, T0 + 1440 * MIN);
    /* Hard: round((10 + 1440) / 2) = 725 minutes, under a day. */
    n = review(&f, &(struct rc_fsrs_card){.state = RC_FSRS_NEW}, T0, 2);
    assert_int_equal(n.due_ms, T0 + 725 * MIN);
    /* The lapse goes to relearning step 1 (1d): Review again. */
    n = review(&f, &c, c.due_ms, RC_FSRS_AGAIN);
    assert_int_equal(n.state, RC_FSRS_REVIEW);
    assert_int_equal(n.lapses, 1);
    assert_int_equal(n.scheduled_days, 1);
}

static void steps_none_graduate_at_once(void **state)
{
    (void)state;
    struct rc_fsrs_params p;
    struct rc_fsrs f;
    struct rc_fsrs_card c, n;

    rc_fsrs_params_default(&p);
    p.n_learning_steps = 0;
    p.n_relearning_steps = 0;
    f = make(&p);
    rc_fsrs_card_init(&c, T0);
    n = review(&f, &c, T0, RC_FSRS_AGAIN);
    assert_int_equal(n.state, RC_FSRS_REVIEW);
    assert_int_equal(n.scheduled_days, 1); /* max(1, round(0.212)) */
}

/* ---- params ---------------------------------------------------------------
 */

struct bad_param {
    size_t n;     /* weights given */
    int index;    /* weight to spoil, or -1 */
    double value; /* its value */
    const char *msg;
};

static void params_check_names_the_bad_weight(void **state)
{
    (void)state;
    static const struct bad_param table[] = {
        {20, -1, 0, "w: expected 17, 19 or 21 weights, got 20"},
        {0, -1, 0, "w: expected 17, 19 or 21 weights, got 0"},
        {22, -1, 0, "w: expected 17, 19 or 21 weights, got 22"},
        {21, 5, NAN, "w[5]: not a finite number"},
        {21, 0, INFINITY, "w[0]: not a finite number"},
        {21, 7, 0.9, "w[7]: 0.9 is out of range [0.001, 0.75]"},
        {21, 7, 0.75000001,
         "w[7]: 0.75000001 is out of range "
         "[0.001, 0.75]"},
        {21, 4, 0.5, "w[4]: 0.5 is out of range [1, 10]"},
        {21, 20, 0.05, "w[20]: 0.05 is out of range [0.1, 0.8]"},
        {19, 16, -1, "w[16]: -1 is out of range [1, 6]"},
    };

    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        struct rc_fsrs_params p;
        struct rc_err err = {0};
        rc_fsrs_params_default(&p);
        if (table[i].index >= 0)
            p.w[table[i].index] = table[i].value;
        assert_int_equal(rc_fsrs_params_check(&p, table[i].n, &err), RC_EINVAL);
        assert_string_equal(err.msg, table[i].msg);
    }
}

static void params_check_other_fields(void **state)
{
    (void)state;
    struct rc_fsrs_params p;
    struct rc_err err = {0};

    rc_fsrs_params_default(&p);
    assert_int_equal(rc_fsrs_params_check(&p, 21, &err), RC_OK);
    p.request_retention = 1.5;
    assert_int_equal(rc_fsrs_params_check(&p, 21, &err), RC_EINVAL);
    assert_string_equal(err.msg,
                        "request_retention: 1.5 is out of range (0, 1]");
    rc_err_clear(&err);
    rc_fsrs_params_default(&p);
    p.maximum_interval = -1;
    assert_int_equal(rc_fsrs_init(&(struct rc_fsrs){0}, &p, &err), RC_EINVAL);
    assert_string_equal(err.msg, "maximum_interval: -1 is negative");
    rc_err_clear(&err);
    rc_fsrs_params_default(&p);
    p.n_relearning_steps = 17;
    assert_int_equal(rc_fsrs_params_check(&p, 21, &err), RC_EINVAL);
    assert_string_equal(err.msg, "relearning_steps: at most 16 steps, got 17");
}

static void params_parse_step_like_parse_int(void **state)
{
    (void)state;
    struct rc_err err = {0};
    int m = -1;

    assert_int_equal(rc_fsrs_parse_step("10m", &m, &err), RC_OK);
    assert_int_equal(m, 10);
    assert_int_equal(rc_fsrs_parse_step("2h", &m, &err), RC_OK);
    assert_int_equal(m, 120);
    assert_int_equal(rc_fsrs_parse_step("1d", &m, &err), RC_OK);
    assert_int_equal(m, 1440);
    assert_int_equal(rc_fsrs_parse_step("1.5m", &m, &err), RC_OK);
    assert_int_equal(m, 1); /* parseInt("1.5") */
    assert_int_equal(rc_fsrs_parse_step("30s", &m, &err), RC_EINVAL);
    assert_string_equal(err.msg, "step '30s': unit must be m, h or d");
    rc_err_clear(&err);
    assert_int_equal(rc_fsrs_parse_step("m", &m, &err), RC_EINVAL);
    assert_string_equal(err.msg, "step 'm': not a number");
    rc_err_clear(&err);
    assert_int_equal(rc_fsrs_parse_step("-5m", &m, &err), RC_EINVAL);
    assert_string_equal(err.msg, "step '-5m': negative");
}

static void params_migrate_17_and_19_as_ts_fsrs(void **state)
{
    (void)state;
    /* FSRS-4.5 and FSRS-5 defaults; expected: ts-fsrs 5.4.2's
     * fsrs({w}).parameters.w for the same input. */
    static const double w17[17] = {
        0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298, 0.8975, 0.031, 1.6474,
        0.1367, 1.0461, 2.1072, 0.0793,  0.3246, 1.587,  0.2272, 2.8755};
    static const double want17[21] = {
        0.4872, 1.4003, 3.7145, 13.8206, 7.6214, 0.51510155, 1.3975,
        0.031,  1.6474, 0.1367, 1.0461,  2.1072, 0.0793,     0.3246,
        1.587,  0.2272, 2.8755, 0,       0,      0.01,       0.5};
    static const double w19[19] = {0.40255, 1.18385, 3.173,   15.69105, 7.1949,
                                   0.5345,  1.4604,  0.0046,  1.54575,  0.1192,
                                   1.01925, 1.9395,  0.11,    0.29605,  2.2698,
                                   0.2315,  2.9898,  0.51655, 0.6621};
    struct rc_fsrs_params p;
    struct rc_fsrs f;

    rc_fsrs_params_default(&p);
    assert_int_equal(rc_fsrs_params_migrate(w17, 17, p.w), RC_OK);
    f = make(&p);
    for (int i = 0; i < 21; i++)
        assert_true(f.p.w[i] == want17[i]);
    assert_int_equal(rc_fsrs_params_migrate(w19, 19, p.w), RC_OK);
    f = make(&p);
    for (int i = 0; i < 19; i++)
        assert_true(f.p.w[i] == w19[i]);
    assert_true(f.p.w[19] == 0.01); /* 0 clamped up with short-term on */
    assert_true(f.p.w[20] == 0.5);
    p.enable_short_term = false;
    assert_true(make(&p).p.w[19] == 0);
    assert_int_equal(rc_fsrs_params_migrate(w19, 18, p.w), RC_EINVAL);
}

static void params_cap_w17_w18_with_several_relearning_steps(void **state)
{
    (void)state;
    struct rc_fsrs_params p;

    /* ts-fsrs with relearning_steps of length n, default w:
     * n = 2 -> 0.5425 kept (cap 0.6005); n = 3 -> 0.49027301;
     * n = 4 -> 0.42458888.  w18 = 0.0912 is under every cap. */
    rc_fsrs_params_default(&p);
    p.n_relearning_steps = 2;
    assert_true(make(&p).p.w[17] == 0.5425);
    p.n_relearning_steps = 3;
    assert_true(make(&p).p.w[17] == 0.49027301);
    assert_true(make(&p).p.w[18] == 0.0912);
    p.n_relearning_steps = 4;
    assert_true(make(&p).p.w[17] == 0.42458888);
}

/* ---- fuzz -----------------------------------------------------------------
 */

static void fuzz_range_by_hand(void **state)
{
    (void)state;
    int lo, hi;

    /* 10 days: delta = 1 + 0.15 (7 - 2.5) + 0.1 (10 - 7) = 1.975. */
    rc_fsrs_fuzz_range(10, 0, 36500, &lo, &hi);
    assert_int_equal(lo, 8);
    assert_int_equal(hi, 12);
    rc_fsrs_fuzz_range(10, 9, 36500, &lo, &hi); /* not before elapsed + 1 */
    assert_int_equal(lo, 10);
    /* 100 days: delta = 1 + 0.675 + 1.3 + 0.05 (100 - 20) = 6.975. */
    rc_fsrs_fuzz_range(100, 0, 100, &lo, &hi);
    assert_int_equal(lo, 93);
    assert_int_equal(hi, 100);
    rc_fsrs_fuzz_range(3, 0, 36500, &lo, &hi); /* delta 1.075 */
    assert_int_equal(lo, 2);
    assert_int_equal(hi, 4);
}

static void fuzz_is_deterministic_and_stays_in_range(void **state)
{
    (void)state;
    struct rc_fsrs_params p;
    struct rc_fsrs plain, fuzzy;
    struct rc_fsrs_card c = {.state = RC_FSRS_REVIEW,
                             .stability = 40,
                             .difficulty = 5,
                             .last_review_ms = T0};
    struct rc_err err = {0};
    int lo, hi, seen_lo = 1 << 30, seen_hi = 0;
    int64_t t = T0 + 40 * DAY;

    rc_fsrs_params_default(&p);
    plain = make(&p);
    p.enable_fuzz = true;
    fuzzy = make(&p);
    struct rc_fsrs_card base = review(&plain, &c, t, RC_FSRS_GOOD);
    rc_fsrs_fuzz_range(base.scheduled_days, 40, 36500, &lo, &hi);
    for (uint64_t seed = 0; seed < 200; seed++) {
        struct rc_fsrs_card a, b;
        assert_int_equal(rc_fsrs_next(&fuzzy, &c, t, 3, seed, &a, &err), 0);
        assert_int_equal(rc_fsrs_next(&fuzzy, &c, t, 3, seed, &b, &err), 0);
        assert_int_equal(a.scheduled_days, b.scheduled_days);
        assert_true(a.stability == base.stability); /* only dates move */
        assert_in_range(a.scheduled_days, lo, hi);
        seen_lo = a.scheduled_days < seen_lo ? a.scheduled_days : seen_lo;
        seen_hi = a.scheduled_days > seen_hi ? a.scheduled_days : seen_hi;
    }
    assert_int_equal(seen_lo, lo); /* 200 seeds reach both ends */
    assert_int_equal(seen_hi, hi);
}

/* ---- errors ---------------------------------------------------------------
 */

static void errors_bad_rating_and_time_going_back(void **state)
{
    (void)state;
    struct rc_fsrs f = make_default();
    struct rc_fsrs_card c, n, out = {.reps = 77};
    struct rc_err err = {0};

    rc_fsrs_card_init(&c, T0);
    assert_int_equal(rc_fsrs_next(&f, &c, T0, 0, 0, &out, &err), RC_EINVAL);
    assert_string_equal(err.msg, "rating must be 1-4, got 0");
    rc_err_clear(&err);
    assert_int_equal(rc_fsrs_next(&f, &c, T0, 5, 0, &out, &err), RC_EINVAL);
    assert_string_equal(err.msg, "rating must be 1-4, got 5");
    assert_int_equal(out.reps, 77); /* untouched */
    rc_err_clear(&err);
    n = review(&f, &c, T0, RC_FSRS_GOOD);
    assert_int_equal(rc_fsrs_next(&f, &n, T0 - 1, 3, 0, &out, &err), RC_EINVAL);
    assert_string_equal(err.msg, "review at 1637749615758 is before the "
                                 "last one at 1637749615759");
}

/* ---- property -------------------------------------------------------------
 */

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A gap between reviews: from a second to thirty years. */
static int64_t random_gap(uint64_t *s)
{
    static const int64_t lo[] = {1000, 30 * MIN, DAY, 120 * DAY, 1000 * DAY};
    static const int64_t span[] = {1800 * 1000, 2 * DAY, 120 * DAY, 1000 * DAY,
                                   10000 * DAY};
    uint64_t k = rng_next(s) % 5;
    return lo[k] + (int64_t)(rng_next(s) % (uint64_t)span[k]);
}

static void check_outcomes(const struct rc_fsrs_card out[4], bool long_term)
{
    for (int g = 0; g < 4; g++) {
        assert_true(isfinite(out[g].stability) && out[g].stability > 0);
        assert_true(out[g].difficulty >= 1 && out[g].difficulty <= 10);
        if (g > 0)
            assert_true(out[g - 1].due_ms <= out[g].due_ms);
        if (long_term && g > 0)
            assert_true(out[g - 1].scheduled_days < out[g].scheduled_days);
    }
    assert_true(out[2].stability >= out[1].stability);
}

static void run_property(const struct rc_fsrs *f, long histories, uint64_t seed)
{
    struct rc_fsrs_card c, out[4];
    struct rc_err err = {0};

    for (long h = 0; h < histories; h++) {
        int64_t t = T0;
        rc_fsrs_card_init(&c, t);
        long reviews = 1 + (long)(rng_next(&seed) % 8);
        for (long i = 0; i < reviews; i++) {
            t += random_gap(&seed);
            if (rc_fsrs_preview(f, &c, t, seed, out, &err) != RC_OK)
                fail_msg("history %ld, review %ld: %s", h, i, err.msg);
            check_outcomes(out, !f->p.enable_short_term);
            c = out[rng_next(&seed) % 4];
        }
    }
}

static void property_random_histories_keep_invariants(void **state)
{
    (void)state;
    const char *env = getenv("RECALL_FSRS_PROPERTY_N");
    long n = env ? strtol(env, NULL, 10) : PROPERTY_HISTORIES;
    struct rc_fsrs_params p;

    struct rc_fsrs f;

    /* Half with the defaults, half long-term with fuzz on. */
    rc_fsrs_params_default(&p);
    f = make(&p);
    run_property(&f, n / 2, 1);
    p.enable_short_term = false;
    p.enable_fuzz = true;
    f = make(&p);
    run_property(&f, n - n / 2, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rounding_halves_go_up_also_below_zero),
        cmocka_unit_test(first_review_takes_s_from_w_and_d_from_d0),
        cmocka_unit_test(first_review_easy_graduates_for_round_s_days),
        cmocka_unit_test(first_review_retention_80_scales_intervals),
        cmocka_unit_test(first_review_retrievability_counts_24h_periods),
        cmocka_unit_test(steps_default_learning_again_hard_good),
        cmocka_unit_test(
            steps_of_a_day_put_the_card_in_review_keeping_the_step),
        cmocka_unit_test(steps_none_graduate_at_once),
        cmocka_unit_test(params_check_names_the_bad_weight),
        cmocka_unit_test(params_check_other_fields),
        cmocka_unit_test(params_parse_step_like_parse_int),
        cmocka_unit_test(params_migrate_17_and_19_as_ts_fsrs),
        cmocka_unit_test(params_cap_w17_w18_with_several_relearning_steps),
        cmocka_unit_test(fuzz_range_by_hand),
        cmocka_unit_test(fuzz_is_deterministic_and_stays_in_range),
        cmocka_unit_test(errors_bad_rating_and_time_going_back),
        cmocka_unit_test(property_random_histories_keep_invariants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
