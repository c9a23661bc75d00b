/* fsrs.c -- FSRS-6, the memory model recall schedules with.
 *
 * FSRS models a memory by its stability S (days until recall probability
 * falls to 90 %) and difficulty D (1..10).  Each review updates both from
 * the rating and from the retrievability R at that moment, and the next
 * interval is the time R takes to fall to the requested retention.
 *
 * This file follows the reference implementation, ts-fsrs 5.4.2, to the
 * last bit, because a schedule replayed from the review log must equal the
 * one computed when the reviews happened, on any machine and in any
 * front end.  Three habits of ts-fsrs matter for that and are copied on
 * purpose: it rounds S, D, R and two constants to 8 decimals with
 * JavaScript's Math.round (halves toward +infinity); it evaluates each
 * formula in one fixed order (kept below, left to right as written); and
 * it counts days in two ways (calendar-day difference for the update,
 * whole 24-hour periods for get_retrievability).  The rules are written
 * out in shared/fsrs/README.md; each formula below cites the ts-fsrs
 * function it mirrors (src/algorithm.ts, the basic and long-term schedulers,
 * src/strategies/learning_steps.ts, src/default.ts, src/help.ts).
 *
 * Everything is pure and allocation-free: a struct rc_fsrs holds the
 * clamped parameters and derived constants, and each call reads it.  The
 * fuzz, off by default, is the one random input, and it is seeded by the
 * caller (STYLE 28), so replays are reproducible.
 *
 * Not here: storing or choosing cards, SM-2, or parsing a config file. */
#include "recall/fsrs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define MINUTE_MS 60000LL
#define S_MIN     0.001 /* ts-fsrs S_MIN */
#define S_MAX     36500.0
#define TIME_MAX  8640000000000000LL /* the range of a JavaScript Date */

/* ts-fsrs 5.4.2 default_w (FSRS-6). */
static const double default_w[RC_FSRS_N_WEIGHTS] = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
    0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
    1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

/* ts-fsrs CLAMP_PARAMETERS.  w19's floor is 0.01 with short-term on and
 * 0 with it off; w17 and w18 may get a lower ceiling (clip_weights). */
static const double w_lo[RC_FSRS_N_WEIGHTS] = {
    0.001, 0.001, 0.001, 0.001, 1, 0.001, 0.001, 0.001, 0, 0,   0.001,
    0.001, 0.001, 0.001, 0,     0, 1,     0,     0,     0, 0.1,
};
static const double w_hi[RC_FSRS_N_WEIGHTS] = {
    100, 100,  100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5,
    5,   0.25, 0.9, 4,   1,  6, 2, 2,    0.8, 0.8,
};

/* ---- JavaScript arithmetic ------------------------------------------- */

/* Math.round: the nearest integer, halves toward +infinity.  x - floor(x)
 * is exact for every double, so the test is too. */
static double js_round(double x)
{
    double r = floor(x);
    if (x - r >= 0.5)
        r += 1;
    return r;
}

double rc_fsrs_round8(double x)
{
    return js_round(x * 1e8) / 1e8; /* ts-fsrs roundTo(x, 8) */
}

/* +x.toFixed(8): unlike roundTo, toFixed rounds the exact binary value,
 * halves away from zero.  hi = a * 1e8 is within half an ulp of the exact
 * product and frac = hi - n is exact, so frac above (below) 0.5 means the
 * exact fraction is too; only at 0.5 does the sign of the rounding error,
 * exact from fma, decide. */
static double js_to_fixed8(double x)
{
    double a = fabs(x);
    double hi = a * 1e8;
    double n = floor(hi);
    double frac = hi - n;

    if (frac > 0.5 || (frac == 0.5 && fma(a, 1e8, -hi) >= 0))
        n += 1;
    return copysign(n / 1e8, x);
}

static double clampd(double x, double lo, double hi)
{
    x = x < lo ? lo : x; /* Math.min(Math.max(x, lo), hi) */
    return x > hi ? hi : x;
}

static int imin(int a, int b)
{
    return a < b ? a : b;
}

static int imax(int a, int b)
{
    return a > b ? a : b;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/* splitmix64 (Steele, Lea, Flood 2014): one well-mixed 64-bit value
 * per seed, turned into a double in [0, 1) from its top 53 bits.  ts-fsrs
 * seeds alea from time, reps and D*S instead; recall's caller chooses. */
static double fuzz_factor(uint64_t seed)
{
    uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1p-53;
}

/* ---- Parameters ------------------------------------------------------ */

void rc_fsrs_params_default(struct rc_fsrs_params *out)
{
    memset(out, 0, sizeof(*out));
    memcpy(out->w, default_w, sizeof(out->w));
    out->request_retention = 0.9;
    out->maximum_interval = 36500;
    out->enable_short_term = true;
    out->learning_steps_min[0] = 1;
    out->learning_steps_min[1] = 10;
    out->n_learning_steps = 2;
    out->relearning_steps_min[0] = 10;
    out->n_relearning_steps = 1;
    out->enable_fuzz = false;
}

static double weight_lo(size_t i, bool short_term)
{
    if (i == 19 && !short_term)
        return 0;
    return i == 19 ? 0.01 : w_lo[i];
}

/* The shortest "%.*g" that reads back as 'v', for messages: 0.9, not
 * 0.90000000000000002. */
static const char *fmt_shortest(char buf[32], double v)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

static int check_weights(const double *w, size_t n, bool short_term,
                         struct rc_err *err)
{
    char num[32];

    if (n != 17 && n != 19 && n != 21)
        return rc_err_set(err, RC_EINVAL,
                          "w: expected 17, 19 or 21 weights, got %zu", n);
    for (size_t i = 0; i < n; i++) {
        double lo = weight_lo(i, short_term);
        if (!isfinite(w[i]))
            return rc_err_set(err, RC_EINVAL, "w[%zu]: not a finite number", i);
        if (w[i] < lo || w[i] > w_hi[i])
            return rc_err_set(err, RC_EINVAL,
                              "w[%zu]: %s is out of range [%g, %g]", i,
                              fmt_shortest(num, w[i]), lo, w_hi[i]);
    }
    return RC_OK;
}

static int check_steps(const char *name, const int *steps, size_t n,
                       struct rc_err *err)
{
    if (n > RC_FSRS_MAX_STEPS)
        return rc_err_set(err, RC_EINVAL, "%s: at most %d steps, got %zu", name,
                          RC_FSRS_MAX_STEPS, n);
    for (size_t i = 0; i < n; i++)
        if (steps[i] < 0 || steps[i] > RC_FSRS_MAX_STEP_MIN)
            return rc_err_set(err, RC_EINVAL,
                              "%s[%zu]: %d minutes is out of range [0, %d]",
                              name, i, steps[i], RC_FSRS_MAX_STEP_MIN);
    return RC_OK;
}

/* Everything but the weights: what rc_fsrs_init() also insists on. */
static int check_schedule(const struct rc_fsrs_params *p, struct rc_err *err)
{
    double rr = p->request_retention;
    char num[32];
    int rc;

    /* ts-fsrs throws for retention outside (0, 1] (0 means default). */
    if (rr != 0 && !(rr > 0 && rr <= 1))
        return rc_err_set(err, RC_EINVAL,
                          "request_retention: %s is out of range (0, 1]",
                          fmt_shortest(num, rr));
    if (p->maximum_interval < 0)
        return rc_err_set(err, RC_EINVAL, "maximum_interval: %d is negative",
                          p->maximum_interval);
    if (p->day_start_offset_ms <= -RC_FSRS_DAY_MS ||
        p->day_start_offset_ms >= RC_FSRS_DAY_MS)
        return rc_err_set(err, RC_EINVAL,
                          "day start offset: %lld ms is not within a day",
                          (long long)p->day_start_offset_ms);
    rc = check_steps("learning_steps", p->learning_steps_min,
                     p->n_learning_steps, err);
    if (rc == RC_OK)
        rc = check_steps("relearning_steps", p->relearning_steps_min,
                         p->n_relearning_steps, err);
    return rc;
}

int rc_fsrs_params_check(const struct rc_fsrs_params *p, size_t n_weights_given,
                         struct rc_err *err)
{
    int rc = check_weights(p->w, n_weights_given, p->enable_short_term, err);
    if (rc == RC_OK)
        rc = check_schedule(p, err);
    return rc;
}

/* clamp(parameters[i] || 0, lo, hi): NaN and -0 count as 0 first. */
static double clip_one(double x, double lo, double hi)
{
    if (isnan(x) || x == 0)
        x = 0;
    return clampd(x, lo, hi);
}

/* ts-fsrs clipParameters over all 21 weights.  With more than one
 * relearning step a lapse can pass through several short-term boosts, so
 * w17 and w18 are capped to keep S after relearning below S before it
 * (ts-fsrs src/default.ts; the derivation is in its comment there):
 * cap = clamp(round8(sqrt(max(0, -(ln w11 + ln(2^w13 - 1) + 0.3 w14) / n))),
 *             0.01, 2), from w11, w13, w14 already clamped. */
static void clip_weights(double *w, size_t n_relearning, bool short_term)
{
    double cap = w_hi[17];

    if (n_relearning > 1) {
        double w11 = clip_one(w[11], w_lo[11], w_hi[11]);
        double w13 = clip_one(w[13], w_lo[13], w_hi[13]);
        double w14 = clip_one(w[14], w_lo[14], w_hi[14]);
        double v = -(log(w11) + log(pow(2, w13) - 1) + w14 * 0.3) /
                   (double)n_relearning;
        cap = clampd(rc_fsrs_round8(sqrt(v > 0 ? v : 0)), 0.01, w_hi[17]);
    }
    for (size_t i = 0; i < RC_FSRS_N_WEIGHTS; i++) {
        double hi = (i == 17 || i == 18) ? cap : w_hi[i];
        w[i] = clip_one(w[i], weight_lo(i, short_term), hi);
    }
}

int rc_fsrs_params_migrate(const double *w, size_t n,
                           double out[RC_FSRS_N_WEIGHTS])
{
    double v[RC_FSRS_N_WEIGHTS] = {0};

    if (n != 17 && n != 19 && n != 21)
        return RC_EINVAL;
    /* ts-fsrs clips the given prefix before migrating.  The loosest w19
     * floor and w17/w18 ceiling are used here; rc_fsrs_init() applies
     * the tighter ones, and clamping twice is the same as once. */
    for (size_t i = 0; i < n; i++)
        v[i] = clip_one(w[i], i == 19 ? 0 : w_lo[i], w_hi[i]);
    if (n == 17) {
        /* FSRS-4.5 -> 5 (ts-fsrs migrateParameters): the new D0 uses
         * exp((g - 1) w5) where 4.5 had a linear w5. */
        v[4] = js_to_fixed8(v[5] * 2 + v[4]);
        v[5] = js_to_fixed8(log(v[5] * 3 + 1) / 3);
        v[6] = js_to_fixed8(v[6] + 0.5);
    }
    if (n < 21)
        v[20] = 0.5; /* FSRS5_DEFAULT_DECAY; w17..w19 stay 0 */
    memcpy(out, v, sizeof(v));
    return RC_OK;
}

int rc_fsrs_parse_step(const char *text, int *minutes, struct rc_err *err)
{
    static const int unit_min[] = {['m'] = 1, ['h'] = 60, ['d'] = 1440};
    size_t len = strlen(text);
    const char *s = text;
    const char *end = text + (len ? len - 1 : 0);
    unsigned char unit = len ? (unsigned char)*end : 0;
    int sign = 1;
    long long v = 0;

    /* parseInt(step.slice(0, -1), 10): blanks, a sign, then digits up to
     * the first non-digit. */
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s < end && (*s == '+' || *s == '-'))
        sign = *s++ == '-' ? -1 : 1;
    if (!(s < end && *s >= '0' && *s <= '9'))
        return rc_err_set(err, RC_EINVAL, "step '%s': not a number", text);
    while (s < end && *s >= '0' && *s <= '9' && v <= RC_FSRS_MAX_STEP_MIN)
        v = v * 10 + (*s++ - '0');
    if (unit != 'm' && unit != 'h' && unit != 'd')
        return rc_err_set(err, RC_EINVAL, "step '%s': unit must be m, h or d",
                          text);
    if (sign < 0 && v != 0)
        return rc_err_set(err, RC_EINVAL, "step '%s': negative", text);
    v *= unit_min[unit];
    if (v > RC_FSRS_MAX_STEP_MIN)
        return rc_err_set(err, RC_EINVAL, "step '%s': longer than %d days",
                          text, RC_FSRS_MAX_STEP_MIN / 1440);
    *minutes = (int)v;
    return RC_OK;
}

/* The constants ts-fsrs derives once per parameter set (FSRSAlgorithm's
 * constructor, computeDecayFactor, init_difficulty). */
static void derive(struct rc_fsrs *f)
{
    const double *w = f->p.w;

    f->decay = -w[20];
    f->factor = rc_fsrs_round8(exp(pow(f->decay, -1) * log(0.9)) - 1);
    /* I(r, S) = S (r^(1/decay) - 1) / factor: the days until R = r. */
    f->interval_modifier = rc_fsrs_round8(
        (pow(f->p.request_retention, 1 / f->decay) - 1) / f->factor);
    /* D0(4) = w4 - e^(3 w5) + 1, unclamped (it is < 1 by default). */
    f->d0_easy = rc_fsrs_round8(w[4] - exp((4 - 1) * w[5]) + 1);
    f->exp_w8 = exp(w[8]);
    for (int g = 1; g <= 4; g++) {
        double d0 = rc_fsrs_round8(w[4] - exp((g - 1) * w[5]) + 1);
        f->init_d[g] = clampd(d0, 1, 10);
        f->st_exp[g] = exp(w[17] * (g - 3 + w[18]));
    }
    /* Short-term off: next_forget_stability's w17 = w18 = 0. */
    f->forget_div = f->p.enable_short_term ? exp(w[17] * w[18]) : exp(0.0);
}

int rc_fsrs_init(struct rc_fsrs *f, const struct rc_fsrs_params *p,
                 struct rc_err *err)
{
    int rc = check_schedule(p, err);
    if (rc < 0)
        return rc;
    memset(f, 0, sizeof(*f));
    f->p = *p;
    /* generatorParameters uses ||: 0 means the default. */
    if (f->p.request_retention == 0)
        f->p.request_retention = 0.9;
    if (f->p.maximum_interval == 0)
        f->p.maximum_interval = 36500;
    clip_weights(f->p.w, p->n_relearning_steps, p->enable_short_term);
    derive(f);
    return RC_OK;
}

/* ---- The memory model (ts-fsrs FSRSAlgorithm) ------------------------- */

/* One review in progress: the inputs every helper needs. */
struct review {
    const struct rc_fsrs *f;
    const struct rc_fsrs_card *card;
    int64_t now_ms;
    int elapsed; /* study days since the last review; 0 for New */
    double fuzz; /* in [0, 1), used only with enable_fuzz */
    bool have_r, have_p;
    double r; /* R(elapsed, S) */
    double p; /* the rating-independent part of the recall formula */
};

/* forgetting_curve: R(t, S) = (1 + factor t / S)^decay, rounded. */
static double forgetting_curve(const struct rc_fsrs *f, double t, double s)
{
    if (t == 0)
        return 1; /* pow(1, y) is exactly 1 (C17 F.10.4.4) */
    return rc_fsrs_round8(pow(1 + f->factor * t / s, f->decay));
}

static double review_r(struct review *rv)
{
    if (!rv->have_r) {
        rv->r = forgetting_curve(rv->f, rv->elapsed, rv->card->stability);
        rv->have_r = true;
    }
    return rv->r;
}

/* next_recall_stability: S' = S (1 + e^w8 (11 - D) S^-w9 (e^((1-R) w10)
 * - 1) hard easy).  The product up to (e^.. - 1) is shared by Hard, Good
 * and Easy; multiplying it by 1 leaves it bit-identical. */
static double recall_s(struct review *rv, int g)
{
    const double *w = rv->f->p.w;
    double d = rv->card->difficulty, s = rv->card->stability;
    double hard = g == RC_FSRS_HARD ? w[15] : 1;
    double easy = g == RC_FSRS_EASY ? w[16] : 1;

    if (!rv->have_p) {
        double r = review_r(rv);
        rv->p = rv->f->exp_w8 * (11 - d) * pow(s, -w[9]) *
                (exp((1 - r) * w[10]) - 1);
        rv->have_p = true;
    }
    return rc_fsrs_round8(clampd(s * (1 + rv->p * hard * easy), S_MIN, S_MAX));
}

/* next_forget_stability, then next_state's floor: S' = min(max(
 * round8(S / e^(w17 w18)), S_MIN), Sf) with
 * Sf = w11 D^-w12 ((S + 1)^w13 - 1) e^((1 - R) w14). */
static double forget_s(struct review *rv)
{
    const double *w = rv->f->p.w;
    double d = rv->card->difficulty, s = rv->card->stability;
    double r = review_r(rv);
    double sf =
        w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * exp((1 - r) * w[14]);

    sf = rc_fsrs_round8(clampd(sf, S_MIN, S_MAX));
    return clampd(rc_fsrs_round8(s / rv->f->forget_div), S_MIN, sf);
}

/* next_short_term_stability: S' = S * S^-w19 e^(w17 (g - 3 + w18)), the
 * factor at least 1 unless Again. */
static double short_term_s(const struct review *rv, int g)
{
    double s = rv->card->stability;
    double sinc = pow(s, -rv->f->p.w[19]) * rv->f->st_exp[g];

    if (g >= RC_FSRS_HARD && sinc < 1)
        sinc = 1;
    return rc_fsrs_round8(clampd(s * sinc, S_MIN, S_MAX));
}

static bool is_first(const struct rc_fsrs_card *card)
{
    return card->difficulty == 0 && card->stability == 0;
}

/* next_state's stability for rating g. */
static double next_s(struct review *rv, int g)
{
    if (is_first(rv->card)) {
        double s0 = rv->f->p.w[g - 1]; /* init_stability */
        return s0 > 0.1 ? s0 : 0.1;
    }
    if (rv->elapsed == 0 && rv->f->p.enable_short_term)
        return short_term_s(rv, g);
    if (g == RC_FSRS_AGAIN)
        return forget_s(rv);
    return recall_s(rv, g);
}

/* next_difficulty: D' = w7 D0(4) + (1 - w7) (D + damp), with the linear
 * damping damp = round8(-w6 (g - 3) (10 - D) / 9) (fsrs4anki#697). */
static double next_d(const struct review *rv, int g)
{
    const double *w = rv->f->p.w;
    double d = rv->card->difficulty;
    double next = d;

    if (is_first(rv->card))
        return rv->f->init_d[g];
    /* For Good the damping is round8(-0 * ...) = -0 and d + -0 is d, bit
     * for bit, so skip the divisions. */
    if (g != RC_FSRS_GOOD) {
        double delta = -w[6] * (g - 3);
        next = d + rc_fsrs_round8(delta * (10 - d) / 9);
    }
    next = rc_fsrs_round8(w[7] * rv->f->d0_easy + (1 - w[7]) * next);
    return clampd(next, 1, 10);
}

/* ---- Intervals -------------------------------------------------------- */

void rc_fsrs_fuzz_range(int interval_days, int elapsed_days,
                        int maximum_interval, int *min_days, int *max_days)
{
    /* ts-fsrs FUZZ_RANGES: +-15 % of the part in [2.5, 7) days, 10 % of
     * [7, 20), 5 % beyond, plus one day. */
    static const double start[] = {2.5, 7.0, 20.0};
    static const double end[] = {7.0, 20.0, INFINITY};
    static const double factor[] = {0.15, 0.1, 0.05};
    double ivl = interval_days, delta = 1.0;
    int lo, hi;

    for (int i = 0; i < 3; i++) {
        double part = (ivl < end[i] ? ivl : end[i]) - start[i];
        delta += factor[i] * (part > 0 ? part : 0.0);
    }
    ivl = ivl < maximum_interval ? ivl : maximum_interval;
    lo = imax(2, (int)js_round(ivl - delta));
    hi = imin((int)js_round(ivl + delta), maximum_interval);
    if (ivl > elapsed_days)
        lo = imax(lo, elapsed_days + 1);
    *min_days = imin(lo, hi);
    *max_days = hi;
}

/* next_interval then apply_fuzz: round(S * IM) days, at least 1 and at
 * most maximum_interval; then, with fuzz on and 3 days or more, a day in
 * the fuzz range picked by the review's factor. */
static int interval_days(const struct review *rv, double s)
{
    const struct rc_fsrs_params *p = &rv->f->p;
    double ivl = js_round(s * rv->f->interval_modifier);
    int lo, hi;

    ivl = ivl < 1 ? 1 : ivl;
    ivl = ivl > p->maximum_interval ? p->maximum_interval : ivl;
    if (!p->enable_fuzz || ivl < 2.5)
        return (int)ivl;
    rc_fsrs_fuzz_range((int)ivl, rv->elapsed, p->maximum_interval, &lo, &hi);
    return (int)floor(rv->fuzz * (hi - lo + 1) + lo);
}

static void set_days(struct rc_fsrs_card *out, int64_t now_ms, int days)
{
    out->scheduled_days = days;
    out->due_ms = now_ms + days * RC_FSRS_DAY_MS;
}

/* BasicLearningStepsStrategy: the minutes of the step rating g leads to
 * from the card's state and step (0 when there is none: graduate), and
 * the step index the card will be on. */
static int step_minutes(const struct rc_fsrs *f,
                        const struct rc_fsrs_card *card, int g, int *next)
{
    bool re =
        card->state == RC_FSRS_REVIEW || card->state == RC_FSRS_RELEARNING;
    const int *list = re ? f->p.relearning_steps_min : f->p.learning_steps_min;
    size_t n = re ? f->p.n_relearning_steps : f->p.n_learning_steps;
    size_t cur = (size_t)card->step;

    *next = 0;
    if (n == 0 || cur >= n)
        return 0;
    if (card->state == RC_FSRS_REVIEW) /* a lapse: relearning step 'cur' */
        return g == RC_FSRS_AGAIN ? list[cur] : 0;
    switch (g) {
    case RC_FSRS_AGAIN:
        return list[0];
    case RC_FSRS_HARD: /* whatever cur is: between the first two steps */
        *next = card->step;
        if (n == 1)
            return (int)js_round(list[0] * 1.5);
        return (int)js_round((list[0] + list[1]) / 2.0);
    case RC_FSRS_GOOD:
        if (cur + 1 < n && list[cur + 1] != 0) {
            *next = card->step + 1;
            return list[cur + 1];
        }
        return 0;
    default:
        return 0;
    }
}

/* BasicScheduler.applyLearningSteps: a step under a day keeps the card in
 * (re)learning; a step of a day or more puts it in Review with its step
 * index kept; no step graduates it with the FSRS interval. */
static void apply_steps(const struct review *rv, int g, int to_state,
                        struct rc_fsrs_card *out)
{
    int next;
    int minutes = step_minutes(rv->f, rv->card, g, &next);

    out->state = RC_FSRS_REVIEW;
    if (minutes > 0 && minutes < 1440) {
        out->state = to_state;
        out->step = next;
        out->scheduled_days = 0;
        out->due_ms = rv->now_ms + minutes * MINUTE_MS;
    } else if (minutes >= 1440) {
        out->step = next;
        out->scheduled_days = minutes / 1440;
        out->due_ms = rv->now_ms + minutes * MINUTE_MS;
    } else {
        out->step = 0;
        set_days(out, rv->now_ms, interval_days(rv, out->stability));
    }
}

/* BasicScheduler.reviewState for Hard, Good, Easy: each interval is
 * ordered against the others, so compute the ones the rating needs. */
static void basic_review(struct review *rv, int g, struct rc_fsrs_card *out)
{
    double s_hard = next_s(rv, RC_FSRS_HARD);
    double s_good = next_s(rv, RC_FSRS_GOOD);
    int hard = interval_days(rv, s_hard);
    int good = interval_days(rv, s_good);

    hard = imin(hard, good);
    good = imax(good, hard + 1);
    out->stability = g == RC_FSRS_HARD ? s_hard : s_good;
    set_days(out, rv->now_ms, g == RC_FSRS_HARD ? hard : good);
    if (g == RC_FSRS_EASY) {
        out->stability = next_s(rv, RC_FSRS_EASY);
        set_days(out, rv->now_ms,
                 imax(interval_days(rv, out->stability), good + 1));
    }
    out->state = RC_FSRS_REVIEW;
    out->step = 0;
}

/* BasicScheduler: short-term on, with (re)learning steps. */
static void basic_next(struct review *rv, int g, struct rc_fsrs_card *out)
{
    int state = rv->card->state;

    out->difficulty = next_d(rv, g);
    if (state == RC_FSRS_REVIEW && g != RC_FSRS_AGAIN) {
        basic_review(rv, g, out);
        return;
    }
    out->stability = next_s(rv, g);
    if (state == RC_FSRS_REVIEW) {
        apply_steps(rv, g, RC_FSRS_RELEARNING, out);
        out->lapses++;
    } else {
        apply_steps(rv, g, state == RC_FSRS_NEW ? RC_FSRS_LEARNING : state,
                    out);
    }
}

/* LongTermScheduler: short-term off, every card in Review; all four
 * intervals are ordered Again < Hard < Good < Easy. */
static void long_term_next(struct review *rv, int g, struct rc_fsrs_card *out)
{
    double s[5];
    int ivl[5];
    int last = g > RC_FSRS_HARD ? g : RC_FSRS_HARD;

    for (int i = RC_FSRS_AGAIN; i <= last; i++) {
        s[i] = next_s(rv, i);
        ivl[i] = interval_days(rv, s[i]);
    }
    ivl[1] = imin(ivl[1], ivl[2]);
    ivl[2] = imax(ivl[2], ivl[1] + 1);
    for (int i = RC_FSRS_GOOD; i <= last; i++)
        ivl[i] = imax(ivl[i], ivl[i - 1] + 1);
    out->stability = s[g];
    out->difficulty = next_d(rv, g);
    out->state = RC_FSRS_REVIEW;
    out->step = 0;
    set_days(out, rv->now_ms, ivl[g]);
    if (g == RC_FSRS_AGAIN && rv->card->state != RC_FSRS_NEW)
        out->lapses++;
}

/* ---- Public entry points ---------------------------------------------- */

void rc_fsrs_card_init(struct rc_fsrs_card *card, int64_t now_ms)
{
    memset(card, 0, sizeof(*card));
    card->state = RC_FSRS_NEW;
    card->due_ms = now_ms;
}

static int64_t study_day(const struct rc_fsrs *f, int64_t t_ms)
{
    return floor_div(t_ms - f->p.day_start_offset_ms, RC_FSRS_DAY_MS);
}

double rc_fsrs_retrievability(const struct rc_fsrs *f,
                              const struct rc_fsrs_card *card, int64_t now_ms)
{
    int64_t t;

    if (card->state == RC_FSRS_NEW)
        return 0;
    /* get_retrievability: whole 24-hour periods, not calendar days, and
     * S as +S.toFixed(8). */
    t = floor_div(now_ms - card->last_review_ms, RC_FSRS_DAY_MS);
    return forgetting_curve(f, (double)(t > 0 ? t : 0),
                            js_to_fixed8(card->stability));
}

static int check_card(const struct rc_fsrs_card *card, int64_t now_ms,
                      struct rc_err *err)
{
    double d = card->difficulty, s = card->stability;

    if (now_ms < -TIME_MAX || now_ms > TIME_MAX)
        return rc_err_set(err, RC_EINVAL, "time %lld is out of range",
                          (long long)now_ms);
    if (card->state < RC_FSRS_NEW || card->state > RC_FSRS_RELEARNING ||
        card->step < 0)
        return rc_err_set(err, RC_EINVAL, "card: invalid state %d step %d",
                          card->state, card->step);
    if (card->state == RC_FSRS_NEW)
        return RC_OK;
    if (now_ms < card->last_review_ms)
        return rc_err_set(err, RC_EINVAL,
                          "review at %lld is before the last one at %lld",
                          (long long)now_ms, (long long)card->last_review_ms);
    /* next_state refuses D < 1 or S < S_MIN, except the 0/0 of a card
     * never reviewed; NaN is refused too. */
    if (!(d == 0 && s == 0) && !(d >= 1 && d <= 10 && s >= S_MIN && s <= S_MAX))
        return rc_err_set(err, RC_EINVAL,
                          "card: invalid memory state (difficulty %g, "
                          "stability %g)",
                          d, s);
    return RC_OK;
}

/* get_retrievability for the card under review, from review_r() when
 * both count the same days and S needs no rounding (most reviews). */
static double retrievability_before(struct review *rv)
{
    const struct rc_fsrs_card *card = rv->card;
    int64_t t;
    double s8;

    if (card->state == RC_FSRS_NEW)
        return 0;
    t = floor_div(rv->now_ms - card->last_review_ms, RC_FSRS_DAY_MS);
    s8 = js_to_fixed8(card->stability);
    if (t == rv->elapsed && s8 == card->stability)
        return review_r(rv);
    return forgetting_curve(rv->f, (double)t, s8);
}

int rc_fsrs_review(const struct rc_fsrs *f, const struct rc_fsrs_card *card,
                   int64_t now_ms, int rating, uint64_t fuzz_seed,
                   struct rc_fsrs_card *out, double *r_before,
                   struct rc_err *err)
{
    /* A snapshot, as 'out' may be 'card'.  The result is then written
     * field by field into *out: building it in a local and copying it
     * whole costs a store-forwarding stall per 16 bytes. */
    struct rc_fsrs_card prev = *card;
    struct review rv = {.f = f, .card = &prev, .now_ms = now_ms};
    int rc;

    if (rating < RC_FSRS_AGAIN || rating > RC_FSRS_EASY)
        return rc_err_set(err, RC_EINVAL, "rating must be 1-4, got %d", rating);
    rc = check_card(&prev, now_ms, err);
    if (rc < 0)
        return rc;
    /* AbstractScheduler.init: calendar-day difference, reps + 1. */
    if (prev.state != RC_FSRS_NEW)
        rv.elapsed =
            (int)(study_day(f, now_ms) - study_day(f, prev.last_review_ms));
    if (r_before)
        *r_before = retrievability_before(&rv);
    if (f->p.enable_fuzz)
        rv.fuzz = fuzz_factor(fuzz_seed);
    *out = prev;
    out->elapsed_days = rv.elapsed;
    out->last_review_ms = now_ms;
    out->reps++;
    if (f->p.enable_short_term)
        basic_next(&rv, rating, out);
    else
        long_term_next(&rv, rating, out);
    return RC_OK;
}

int rc_fsrs_next(const struct rc_fsrs *f, const struct rc_fsrs_card *card,
                 int64_t now_ms, int rating, uint64_t fuzz_seed,
                 struct rc_fsrs_card *out, struct rc_err *err)
{
    return rc_fsrs_review(f, card, now_ms, rating, fuzz_seed, out, NULL, err);
}

int rc_fsrs_preview(const struct rc_fsrs *f, const struct rc_fsrs_card *card,
                    int64_t now_ms, uint64_t fuzz_seed,
                    struct rc_fsrs_card out[4], struct rc_err *err)
{
    struct rc_fsrs_card tmp[4];

    for (int g = RC_FSRS_AGAIN; g <= RC_FSRS_EASY; g++) {
        int rc = rc_fsrs_next(f, card, now_ms, g, fuzz_seed, &tmp[g - 1], err);
        if (rc < 0)
            return rc;
    }
    memcpy(out, tmp, sizeof(tmp));
    return RC_OK;
}
