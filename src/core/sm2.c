/* sm2.c -- Anki's SM-2 scheduler, the one before FSRS.
 *
 * SM-2 keeps two numbers per card: an interval and an ease factor.  A
 * passing answer multiplies the interval by the ease (by less for Hard,
 * more for Easy) and nudges the ease; a lapse cuts the interval and the
 * ease and sends the card through relearning steps.  New cards first
 * climb a ladder of minute-long learning steps before they "graduate".
 *
 * The rules are Anki's v2/v3 scheduler as its Rust code has them
 * (ankitects/anki:rslib/src/scheduler/states/, files cited beside each
 * rule), not Wozniak's 1987 SM-2, which Anki changed beyond recognition.
 * Two habits of Anki's are copied on purpose, so that with fuzz off an
 * interval computed here equals Anki's: the interval maths is done in
 * single precision (Anki's f32; 15 days at ease 2.10 is 31.499998, so
 * Good gives 31 days where doubles give 32), and the ease is kept as a
 * whole number of permille (Anki's u16 "factor"), read back as
 * permille / 1000 in f32 on every review.  Rust's `x.round() as u32`
 * becomes roundf() with saturation (f32_days).
 *
 * The fuzz is Anki's band (fuzz.rs) with one difference: the point in the
 * band comes from splitmix64 of the caller's seed instead of Anki's
 * per-card RNG, and it is picked in integers so it can never round past
 * the top of the band.
 *
 * Everything is pure and allocation-free; the clock and the seed come in
 * as arguments (STYLE 27, 28).
 *
 * Not here: day boundaries, queues, the load balancer, leeches, FSRS. */
#include "recall/sm2.h"

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "banned.h"

#define DAY_S    86400
#define TIME_MAX 8640000000000000LL /* +-275 000 years: due never overflows */
#define INT_SAT  2147483647

/* What one answer needs besides the card: the options, the time, the
 * study days since the last review and the fuzz draw. */
struct answer {
    const struct rc_sm2_params *p;
    int64_t now_ms;
    int days_elapsed;
    bool fuzz;
    uint32_t fuzz_u32; /* the fuzz factor, as a 32-bit fraction of 1 */
};

/* ---- Small arithmetic ------------------------------------------------ */

static int imin(int a, int b)
{
    return a < b ? a : b;
}

static int imax(int a, int b)
{
    return a > b ? a : b;
}

static int iclamp(int x, int lo, int hi)
{
    return imax(lo, imin(x, hi));
}

static int sat_inc(int x)
{
    return x < INT_SAT ? x + 1 : x;
}

/* Rust's `x.round() as u32`: halves away from zero (roundf does the
 * same), NaN and negatives saturate to 0.  The top is cut at 10^7 days,
 * far past any maximum interval, so the int never overflows. */
static int f32_days(float x)
{
    float r = roundf(x);

    if (!(r > 0.0f))
        return 0;
    return r > 1e7f ? 10000000 : (int)r;
}

/* Anki reads the ease as `factor as f32 / 1000.0` (states/mod.rs
 * callers), factor being the u16 permille stored on the card. */
static long ease_permille(double ease)
{
    return lround(ease * 1000.0);
}

static float ease_read(double ease)
{
    return (float)ease_permille(ease) / 1000.0f;
}

/* Anki stores `(ease_factor * 1000.0).round() as u16`
 * (answering/review.rs); u16 saturates at 65535. */
static double ease_store(float ease)
{
    float r = roundf(ease * 1000.0f);

    if (!(r > 0.0f))
        return 0.0;
    if (r > 65535.0f)
        r = 65535.0f;
    return (double)r / 1000.0;
}

/* splitmix64 (Steele, Lea, Flood 2014): one well-mixed 64-bit value per
 * seed, so neighbouring seeds (card id, reps) give unrelated draws. */
static uint64_t splitmix64(uint64_t seed)
{
    uint64_t z = seed + 0x9e3779b97f4a7c15ULL;

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ---- Parameters ------------------------------------------------------ */

void rc_sm2_params_default(struct rc_sm2_params *out)
{
    memset(out, 0, sizeof(*out));
    out->learning_steps_min[0] = 1;
    out->learning_steps_min[1] = 10;
    out->n_learning_steps = 2;
    out->relearning_steps_min[0] = 10;
    out->n_relearning_steps = 1;
    out->graduating_interval_days = 1;
    out->easy_interval_days = 4;
    out->starting_ease = 2.5;
    out->easy_bonus = 1.3;
    out->hard_multiplier = 1.2;
    out->interval_modifier = 1.0;
    out->lapse_multiplier = 0.0;
    out->minimum_interval_days = 1;
    out->maximum_interval_days = RC_SM2_MAX_INTERVAL;
    out->lapse_ease_delta = -0.2;
    out->hard_ease_delta = -0.15;
    out->easy_ease_delta = 0.15;
    out->minimum_ease = 1.3;
    out->fuzz = true;
}

struct double_field {
    const char *name;
    size_t off;
    double lo, hi;
};

struct int_field {
    const char *name;
    size_t off;
    int lo, hi;
};

/* Ranges of Anki's deck options screen (ts/routes/deck-options) where it
 * has a control; the ease deltas and floor are constants in Anki
 * (states/review.rs), so any sane sign is accepted for them. */
#define PF(f) #f, offsetof(struct rc_sm2_params, f)
static const struct double_field double_fields[] = {
    {PF(starting_ease), 1.31, 5},    {PF(easy_bonus), 1, 5},
    {PF(hard_multiplier), 0.5, 1.3}, {PF(interval_modifier), 0.5, 2},
    {PF(lapse_multiplier), 0, 1},    {PF(lapse_ease_delta), -1, 0},
    {PF(hard_ease_delta), -1, 0},    {PF(easy_ease_delta), 0, 1},
    {PF(minimum_ease), 1.3, 5},
};
static const struct int_field int_fields[] = {
    {PF(graduating_interval_days), 1, RC_SM2_MAX_INTERVAL},
    {PF(easy_interval_days), 1, RC_SM2_MAX_INTERVAL},
    {PF(maximum_interval_days), 1, RC_SM2_MAX_INTERVAL},
    {PF(minimum_interval_days), 1, RC_SM2_MAX_INTERVAL},
};
#undef PF

/* 'name' is "learning_steps" or "relearning_steps". */
static int check_steps(const char *name, const int *steps, size_t n,
                       struct rc_err *err)
{
    if (n > RC_SM2_MAX_STEPS)
        return rc_err_set(err, RC_EINVAL, "n_%s: %zu is more than %d", name, n,
                          RC_SM2_MAX_STEPS);
    for (size_t i = 0; i < n; i++) {
        if (steps[i] < 0 || steps[i] > RC_SM2_MAX_STEP_MIN)
            return rc_err_set(err, RC_EINVAL,
                              "%s_min[%zu]: %d is out of range [0, %d]", name,
                              i, steps[i], RC_SM2_MAX_STEP_MIN);
    }
    return RC_OK;
}

static int check_doubles(const struct rc_sm2_params *p, struct rc_err *err)
{
    size_t n = sizeof(double_fields) / sizeof(double_fields[0]);

    for (size_t i = 0; i < n; i++) {
        const struct double_field *f = &double_fields[i];
        double v = *(const double *)((const char *)p + f->off);

        if (!isfinite(v))
            return rc_err_set(err, RC_EINVAL, "%s: %g is not a finite number",
                              f->name, v);
        if (v < f->lo || v > f->hi)
            return rc_err_set(err, RC_EINVAL, "%s: %g is out of range [%g, %g]",
                              f->name, v, f->lo, f->hi);
    }
    return RC_OK;
}

static int check_ints(const struct rc_sm2_params *p, struct rc_err *err)
{
    size_t n = sizeof(int_fields) / sizeof(int_fields[0]);

    for (size_t i = 0; i < n; i++) {
        const struct int_field *f = &int_fields[i];
        int v = *(const int *)((const char *)p + f->off);

        if (v < f->lo || v > f->hi)
            return rc_err_set(err, RC_EINVAL, "%s: %d is out of range [%d, %d]",
                              f->name, v, f->lo, f->hi);
    }
    return RC_OK;
}

int rc_sm2_params_check(const struct rc_sm2_params *p, struct rc_err *err)
{
    int rc = check_steps("learning_steps", p->learning_steps_min,
                         p->n_learning_steps, err);

    if (rc == RC_OK)
        rc = check_steps("relearning_steps", p->relearning_steps_min,
                         p->n_relearning_steps, err);
    if (rc == RC_OK)
        rc = check_doubles(p, err);
    if (rc == RC_OK)
        rc = check_ints(p, err);
    if (rc < 0)
        return rc;
    if (p->minimum_ease > p->starting_ease)
        return rc_err_set(err, RC_EINVAL,
                          "minimum_ease: %g is above starting_ease %g",
                          p->minimum_ease, p->starting_ease);
    if (p->minimum_interval_days > p->maximum_interval_days)
        return rc_err_set(err, RC_EINVAL,
                          "minimum_interval_days: %d is above "
                          "maximum_interval_days %d",
                          p->minimum_interval_days, p->maximum_interval_days);
    return RC_OK;
}

/* ---- Learning steps (states/steps.rs) -------------------------------- */

/* get_index: a step past the end (the list was shortened) is the last. */
static size_t step_index(int step, size_t n)
{
    size_t i = (size_t)step;

    return n == 0 ? 0 : (i < n ? i : n - 1);
}

static int64_t step_secs(const int *steps, size_t i)
{
    return (int64_t)steps[i] * 60;
}

/* maybe_round_in_days: past a day, whole days, so the answer does not
 * depend on the hour of the review. */
static int64_t maybe_round_in_days(int64_t secs)
{
    if (secs <= DAY_S)
        return secs;
    return (int64_t)roundf((float)secs / (float)DAY_S) * DAY_S;
}

/* hard_delay_secs: the current step again, except on the first step,
 * where it must differ from Again: the mean of the first two steps, or
 * with one step 1.5 times it but at most a day more (else a 3-day step
 * could outrun a 4-day graduating interval).  Needs n > 0. */
static int64_t hard_delay_secs(const int *steps, size_t n, size_t idx)
{
    int64_t first = step_secs(steps, 0);

    if (idx > 0)
        return step_secs(steps, idx);
    if (n > 1)
        return maybe_round_in_days((first + step_secs(steps, 1)) / 2);
    if (first * 3 / 2 < first + DAY_S)
        return maybe_round_in_days(first * 3 / 2);
    return maybe_round_in_days(first + DAY_S);
}

/* ---- Intervals (states/fuzz.rs, states/review.rs) -------------------- */

/* fuzz_delta: 1 day plus a share of the days in each band, none under
 * 2.5 days. */
static float fuzz_delta(float ivl)
{
    static const float start[] = {2.5f, 7.0f, 20.0f};
    static const float end[] = {7.0f, 20.0f, FLT_MAX};
    static const float factor[] = {0.15f, 0.1f, 0.05f};
    float delta = 1.0f;

    if (ivl < 2.5f)
        return 0.0f;
    for (int i = 0; i < 3; i++) {
        float part = (ivl < end[i] ? ivl : end[i]) - start[i];
        delta += factor[i] * (part > 0.0f ? part : 0.0f);
    }
    return delta;
}

/* constrained_fuzz_bounds; 'minimum' <= 'maximum' and both >= 1. */
static void fuzz_bounds(float ivl, int minimum, int maximum, int *lo, int *hi)
{
    float delta;

    ivl = fmaxf((float)minimum, fminf(ivl, (float)maximum));
    delta = fuzz_delta(ivl);
    *lo = iclamp(f32_days(ivl - delta), minimum, maximum);
    *hi = iclamp(f32_days(ivl + delta), minimum, maximum);
    /* A band of one day is no fuzz; widen it when the limits allow. */
    if (*hi == *lo && *hi > 2 && *hi < maximum)
        *hi = *lo + 1;
}

void rc_sm2_fuzz_bounds(double interval_days, int minimum, int maximum,
                        int *lo_days, int *hi_days)
{
    maximum = imax(maximum, 1);
    minimum = iclamp(minimum, 1, maximum);
    fuzz_bounds((float)interval_days, minimum, maximum, lo_days, hi_days);
}

/* with_review_fuzz: Anki's floor(lower + factor * (1 + upper - lower)),
 * with the factor a 32-bit fraction so the product is exact. */
static int with_review_fuzz(const struct answer *a, float ivl, int minimum,
                            int maximum)
{
    int lo, hi;
    uint64_t span;

    if (!a->fuzz)
        return iclamp(f32_days(ivl), minimum, maximum);
    fuzz_bounds(ivl, minimum, maximum, &lo, &hi);
    span = (uint64_t)(hi - lo + 1);
    return lo + (int)(((uint64_t)a->fuzz_u32 * span) >> 32);
}

/* constrain_passing_interval: the interval modifier, then [minimum,
 * maximum] (min_and_max_review_intervals: the maximum wins), then fuzz
 * unless the caller says none. */
static int constrain_passing(const struct answer *a, float ivl, int minimum,
                             bool fuzz)
{
    int maximum = imax(a->p->maximum_interval_days, 1);

    ivl = ivl * (float)a->p->interval_modifier;
    minimum = iclamp(minimum, 1, maximum);
    if (!fuzz)
        return iclamp(f32_days(ivl), minimum, maximum);
    return with_review_fuzz(a, ivl, minimum, maximum);
}

/* passing_nonearly_review_intervals: Hard is the interval times the hard
 * multiplier, at least a day more (unless that multiplier is 1 or less);
 * Good adds half the days late, times the ease, at least a day past Hard
 * (or the interval); Easy adds all the days late, times ease and easy
 * bonus, at least a day past Good.  Each bound keeps the buttons in
 * order whatever the fuzz draws. */
static void ontime_intervals(const struct answer *a, int ivl, float ease,
                             int out[3])
{
    const struct rc_sm2_params *p = a->p;
    float cur = (float)ivl, hard_f = (float)p->hard_multiplier;
    float late = (float)imax(a->days_elapsed - ivl, 0);
    float good_f = (cur + late / 2.0f) * ease;
    float easy_f = (cur + late) * ease * (float)p->easy_bonus;
    int hard_min = hard_f <= 1.0f ? 0 : ivl + 1;

    out[0] = constrain_passing(a, cur * hard_f, hard_min, true);
    out[1] = constrain_passing(a, good_f, hard_f <= 1.0f ? ivl + 1 : out[0] + 1,
                               true);
    out[2] = constrain_passing(a, easy_f, out[1] + 1, true);
}

/* passing_early_review_intervals, Anki's port of the v2 Python rules:
 * the days actually waited, times the hard factor or the ease, count
 * instead of the interval; Good never falls below the interval and Hard
 * never below half its usual share of it; Easy gets half the bonus.  No
 * fuzz and no +1 minimums, so an early Good can repeat the interval. */
static void early_intervals(const struct answer *a, int ivl, float ease,
                            int out[3])
{
    const struct rc_sm2_params *p = a->p;
    float sched = (float)ivl, elapsed = (float)a->days_elapsed;
    float hard_f = (float)p->hard_multiplier, bonus = (float)p->easy_bonus;
    float hard = fmaxf(elapsed * hard_f, sched * (hard_f / 2.0f));
    float good = fmaxf(elapsed * ease, sched);
    float reduced = bonus - (bonus - 1.0f) / 2.0f;

    out[0] = constrain_passing(a, hard, 0, false);
    out[1] = constrain_passing(a, good, 0, false);
    out[2] = constrain_passing(a, good * reduced, 0, false);
}

/* failing_review_interval: the old interval times the "new interval"
 * share, truncated as Anki's `as u32`, at least the minimum interval.
 * Anki leaves it uncapped; here the maximum interval caps it too. */
static int lapse_interval(const struct rc_sm2_params *p, int ivl)
{
    float cut = (float)ivl * (float)p->lapse_multiplier;
    int days = cut >= 1.0f ? (int)cut : 0;

    days = imax(imax(days, p->minimum_interval_days), 1);
    return imin(days, imax(p->maximum_interval_days, 1));
}

/* ---- Outcomes -------------------------------------------------------- */

static void set_learning(const struct answer *a, struct rc_sm2_card *out,
                         int state, size_t step, int64_t secs)
{
    out->state = state;
    out->step = (int)step;
    out->due_ms = a->now_ms + secs * 1000;
}

static void set_review(const struct answer *a, struct rc_sm2_card *out,
                       int days)
{
    out->state = RC_SM2_REVIEW;
    out->step = 0;
    out->interval_days = days;
    out->due_ms = a->now_ms + days * RC_SM2_DAY_MS;
}

/* The learning card graduates (learning.rs): the graduating or easy
 * interval, fuzzed but not scaled by the modifier, and a fresh ease. */
static void graduate(const struct answer *a, struct rc_sm2_card *out, int days)
{
    int maximum = imax(a->p->maximum_interval_days, 1);

    set_review(a, out, with_review_fuzz(a, (float)days, 1, maximum));
    out->ease = ease_store((float)a->p->starting_ease);
}

/* states/learning.rs, with a New card as one on its first step. */
static void learning_next(const struct answer *a,
                          const struct rc_sm2_card *card, int rating,
                          struct rc_sm2_card *out)
{
    const struct rc_sm2_params *p = a->p;
    const int *steps = p->learning_steps_min;
    size_t n = p->n_learning_steps;
    size_t idx = card->state == RC_SM2_NEW ? 0 : step_index(card->step, n);
    int good_days = p->graduating_interval_days;

    out->interval_days = 0;
    if (rating == RC_SM2_EASY || n == 0)
        graduate(a, out,
                 rating == RC_SM2_EASY ? p->easy_interval_days : good_days);
    else if (rating == RC_SM2_AGAIN)
        set_learning(a, out, RC_SM2_LEARNING, 0, step_secs(steps, 0));
    else if (rating == RC_SM2_HARD)
        set_learning(a, out, RC_SM2_LEARNING, idx,
                     hard_delay_secs(steps, n, idx));
    else if (idx + 1 < n)
        set_learning(a, out, RC_SM2_LEARNING, idx + 1,
                     step_secs(steps, idx + 1));
    else
        graduate(a, out, good_days);
}

/* states/review.rs answer_again: a lapse, into relearning if there are
 * steps, else straight back to review with the cut interval. */
static void lapse(const struct answer *a, const struct rc_sm2_card *card,
                  float ease, struct rc_sm2_card *out)
{
    const struct rc_sm2_params *p = a->p;
    int days = lapse_interval(p, card->interval_days);

    out->lapses = sat_inc(card->lapses);
    out->ease = ease_store(
        fmaxf(ease + (float)p->lapse_ease_delta, (float)p->minimum_ease));
    if (p->n_relearning_steps == 0) {
        set_review(a, out, days);
        return;
    }
    out->interval_days = days;
    set_learning(a, out, RC_SM2_RELEARNING, 0,
                 step_secs(p->relearning_steps_min, 0));
}

/* states/review.rs next_states: early or on time, then the button. */
static void review_next(const struct answer *a, const struct rc_sm2_card *card,
                        int rating, struct rc_sm2_card *out)
{
    const struct rc_sm2_params *p = a->p;
    float ease = ease_read(card->ease);
    int ivl[3];

    if (rating == RC_SM2_AGAIN) {
        lapse(a, card, ease, out);
        return;
    }
    if (a->days_elapsed < card->interval_days)
        early_intervals(a, card->interval_days, ease, ivl);
    else
        ontime_intervals(a, card->interval_days, ease, ivl);
    set_review(a, out, ivl[rating - RC_SM2_HARD]);
    if (rating == RC_SM2_HARD)
        out->ease = ease_store(
            fmaxf(ease + (float)p->hard_ease_delta, (float)p->minimum_ease));
    else if (rating == RC_SM2_EASY)
        out->ease = ease_store(ease + (float)p->easy_ease_delta);
    else
        out->ease = ease_store(ease);
}

/* states/relearning.rs: the steps again, then back to review with the
 * interval the lapse set; Easy skips the steps and adds a day. */
static void relearning_next(const struct answer *a,
                            const struct rc_sm2_card *card, int rating,
                            struct rc_sm2_card *out)
{
    const struct rc_sm2_params *p = a->p;
    const int *steps = p->relearning_steps_min;
    size_t n = p->n_relearning_steps, idx = step_index(card->step, n);
    int maximum = imax(p->maximum_interval_days, 1);
    int days = iclamp(card->interval_days, 1, maximum);

    out->ease = ease_store(ease_read(card->ease));
    if (rating == RC_SM2_EASY)
        set_review(a, out, imin(days + 1, maximum));
    else if (n == 0)
        set_review(a, out, days);
    else if (rating == RC_SM2_AGAIN) {
        /* Anki cuts the interval again, but takes no second lapse. */
        out->interval_days = lapse_interval(p, card->interval_days);
        set_learning(a, out, RC_SM2_RELEARNING, 0, step_secs(steps, 0));
    } else if (rating == RC_SM2_HARD)
        set_learning(a, out, RC_SM2_RELEARNING, idx,
                     hard_delay_secs(steps, n, idx));
    else if (idx + 1 < n)
        set_learning(a, out, RC_SM2_RELEARNING, idx + 1,
                     step_secs(steps, idx + 1));
    else
        set_review(a, out, days);
}

/* ---- Entry points ---------------------------------------------------- */

void rc_sm2_card_init(struct rc_sm2_card *card, const struct rc_sm2_params *p,
                      int64_t now_ms)
{
    memset(card, 0, sizeof(*card));
    card->state = RC_SM2_NEW;
    card->ease = p->starting_ease;
    card->due_ms = now_ms;
}

static int check_ease(const struct rc_sm2_params *p,
                      const struct rc_sm2_card *card, struct rc_err *err)
{
    bool reviewed = card->state >= RC_SM2_REVIEW;
    double lo = reviewed ? p->minimum_ease : 0.0;

    if (!isfinite(card->ease))
        return rc_err_set(err, RC_EINVAL, "card: ease %g is not a number",
                          card->ease);
    /* Compared in permille, as stored, so 1.2999999 is 1.3. */
    if (card->ease > RC_SM2_MAX_EASE + 0.0005)
        return rc_err_set(err, RC_EINVAL, "card: ease %g is above %g",
                          card->ease, RC_SM2_MAX_EASE);
    if (ease_permille(card->ease) < ease_permille(lo))
        return rc_err_set(err, RC_EINVAL, "card: ease %g is below %g",
                          card->ease, lo);
    return RC_OK;
}

static int check_card(const struct rc_sm2_params *p,
                      const struct rc_sm2_card *card, struct rc_err *err)
{
    if (card->state < RC_SM2_NEW || card->state > RC_SM2_RELEARNING)
        return rc_err_set(err, RC_EINVAL, "card: unknown state %d",
                          card->state);
    if (card->step < 0 || card->reps < 0 || card->lapses < 0)
        return rc_err_set(err, RC_EINVAL,
                          "card: negative step, reps or lapses (%d, %d, %d)",
                          card->step, card->reps, card->lapses);
    if (card->interval_days < 0 || card->interval_days > RC_SM2_MAX_INTERVAL)
        return rc_err_set(err, RC_EINVAL,
                          "card: interval %d days is out of range [0, %d]",
                          card->interval_days, RC_SM2_MAX_INTERVAL);
    return check_ease(p, card, err);
}

static int check_time(const struct rc_sm2_card *card, int64_t now_ms,
                      int days_elapsed, struct rc_err *err)
{
    if (now_ms < -TIME_MAX || now_ms > TIME_MAX)
        return rc_err_set(err, RC_EINVAL, "time %lld ms is out of range",
                          (long long)now_ms);
    if (card->state != RC_SM2_NEW && now_ms < card->last_review_ms)
        return rc_err_set(err, RC_EINVAL,
                          "review at %lld is before the last one at %lld",
                          (long long)now_ms, (long long)card->last_review_ms);
    if (days_elapsed < 0)
        return rc_err_set(err, RC_EINVAL, "days elapsed must be >= 0, got %d",
                          days_elapsed);
    return RC_OK;
}

int rc_sm2_next(const struct rc_sm2_params *p, const struct rc_sm2_card *card,
                int64_t now_ms, int rating, int days_elapsed,
                uint64_t fuzz_seed, struct rc_sm2_card *out, struct rc_err *err)
{
    /* A snapshot, as 'out' may be 'card'. */
    struct rc_sm2_card prev = *card, next;
    struct answer a = {.p = p, .now_ms = now_ms, .days_elapsed = days_elapsed};
    int rc;

    if (rating < RC_SM2_AGAIN || rating > RC_SM2_EASY)
        return rc_err_set(err, RC_EINVAL, "rating must be 1-4, got %d", rating);
    rc = rc_sm2_params_check(p, err);
    if (rc == RC_OK)
        rc = check_card(p, &prev, err);
    if (rc == RC_OK)
        rc = check_time(&prev, now_ms, days_elapsed, err);
    if (rc < 0)
        return rc;
    a.fuzz = p->fuzz;
    a.fuzz_u32 = (uint32_t)(splitmix64(fuzz_seed) >> 32);
    next = prev;
    next.reps = sat_inc(prev.reps);
    next.last_review_ms = now_ms;
    if (prev.state == RC_SM2_REVIEW)
        review_next(&a, &prev, rating, &next);
    else if (prev.state == RC_SM2_RELEARNING)
        relearning_next(&a, &prev, rating, &next);
    else
        learning_next(&a, &prev, rating, &next);
    *out = next;
    return RC_OK;
}

int rc_sm2_preview(const struct rc_sm2_params *p,
                   const struct rc_sm2_card *card, int64_t now_ms,
                   int days_elapsed, uint64_t fuzz_seed,
                   struct rc_sm2_card out[4], struct rc_err *err)
{
    struct rc_sm2_card tmp[4];

    for (int g = RC_SM2_AGAIN; g <= RC_SM2_EASY; g++) {
        int rc = rc_sm2_next(p, card, now_ms, g, days_elapsed, fuzz_seed,
                             &tmp[g - 1], err);
        if (rc < 0)
            return rc;
    }
    memcpy(out, tmp, sizeof(tmp));
    return RC_OK;
}
