/* sched.c -- one interface over FSRS-6 and SM-2.
 *
 * Both algorithms take "now" and a rating and return the next state; they
 * differ in what they remember (stability and difficulty, or an ease and
 * an interval) and in who counts days (fsrs.c counts them itself from a
 * day-start offset; sm2.c is handed the count).  This file converts
 * between their cards and the one rc_sched_state the collection stores,
 * and supplies the two things they must agree on:
 *
 *   - study days: a day starts at the rollover hour in the local zone.
 *     The zone's offset is taken at the moment of the answer, so with
 *     TZ=UTC and rollover 0 the count is exactly the UTC-date difference
 *     of the FSRS reference;
 *   - fuzz: seeded by hash(card's stable name, reps), so replaying a log
 *     on any machine lands on the same intervals.
 *
 * Not here: storing states or reviews (answer.c), the maths (fsrs.c,
 * sm2.c). */
#include "recall/sched.h"

#include <stdio.h>
#include <string.h>

#include "recall/clock.h"
#include "recall/rng.h"

#include "banned.h"

int rc_sched_init(struct rc_sched *s, const struct rc_deck_options *o,
                  int rollover_hour, bool fuzz, struct rc_err *err)
{
    memset(s, 0, sizeof(*s));
    if (rollover_hour < 0 || rollover_hour > 23)
        return rc_err_set(err, RC_EINVAL, "rollover hour %d: expected 0 to 23",
                          rollover_hour);
    s->algo = o->scheduler;
    s->rollover_hour = rollover_hour;
    s->leech_threshold = o->leech_threshold;
    if (s->algo == RC_SCHED_SM2) {
        rc_sm2_params_default(&s->sm2);
        memcpy(s->sm2.learning_steps_min, o->learning_steps_min,
               sizeof(o->learning_steps_min));
        s->sm2.n_learning_steps = o->n_learning_steps;
        memcpy(s->sm2.relearning_steps_min, o->relearning_steps_min,
               sizeof(o->relearning_steps_min));
        s->sm2.n_relearning_steps = o->n_relearning_steps;
        s->sm2.maximum_interval_days = o->maximum_interval_days;
        s->sm2.fuzz = fuzz;
        return rc_sm2_params_check(&s->sm2, err);
    }
    struct rc_fsrs_params p;
    rc_fsrs_params_default(&p);
    p.request_retention = o->retention;
    p.maximum_interval = o->maximum_interval_days;
    memcpy(p.learning_steps_min, o->learning_steps_min,
           sizeof(p.learning_steps_min));
    p.n_learning_steps = o->n_learning_steps;
    memcpy(p.relearning_steps_min, o->relearning_steps_min,
           sizeof(p.relearning_steps_min));
    p.n_relearning_steps = o->n_relearning_steps;
    p.enable_fuzz = fuzz;
    return rc_fsrs_init(&s->fsrs, &p, err);
}

void rc_sched_state_new(struct rc_sched_state *st)
{
    memset(st, 0, sizeof(*st));
}

uint64_t rc_sched_card_seed(const char *card_name)
{
    return rc_hash64(RC_HASH64_INIT, card_name, strlen(card_name));
}

/* Fuzz for the review that takes the card past 'reps' answers. */
static uint64_t fuzz_seed(uint64_t card_seed, int reps)
{
    unsigned char le[4] = {(unsigned char)reps, (unsigned char)(reps >> 8),
                           (unsigned char)(reps >> 16),
                           (unsigned char)(reps >> 24)};
    return rc_hash64(card_seed, le, sizeof(le));
}

/* ---- FSRS ---------------------------------------------------------- */

/* The FSRS engine with its day start moved to this answer's local
 * rollover: 'rollover' hours after local midnight, in UTC terms. */
static void fsrs_at(const struct rc_sched *s, int64_t now_ms, struct rc_fsrs *f)
{
    *f = s->fsrs;
    int64_t off =
        (int64_t)s->rollover_hour * 3600000 - rc_local_offset_ms(now_ms);
    off %= RC_DAY_MS;
    f->p.day_start_offset_ms = off;
}

static void to_fsrs(const struct rc_sched_state *st, int64_t now_ms,
                    struct rc_fsrs_card *c)
{
    if (st->state == 0 && st->reps == 0) {
        rc_fsrs_card_init(c, now_ms);
        return;
    }
    c->state = st->state;
    c->step = st->step;
    c->stability = st->stability;
    c->difficulty = st->difficulty;
    c->due_ms = st->due_ms;
    c->last_review_ms = st->last_review_ms;
    c->elapsed_days = st->elapsed_days;
    c->scheduled_days = st->scheduled_days;
    c->reps = st->reps;
    c->lapses = st->lapses;
}

static void from_fsrs(const struct rc_fsrs_card *c, struct rc_sched_state *st)
{
    rc_sched_state_new(st);
    st->state = c->state;
    st->step = c->step;
    st->stability = c->stability;
    st->difficulty = c->difficulty;
    st->due_ms = c->due_ms;
    st->last_review_ms = c->last_review_ms;
    st->elapsed_days = c->elapsed_days;
    st->scheduled_days = c->scheduled_days;
    st->interval_days = c->scheduled_days;
    st->reps = c->reps;
    st->lapses = c->lapses;
}

/* ---- SM-2 ---------------------------------------------------------- */

static void to_sm2(const struct rc_sched *s, const struct rc_sched_state *st,
                   int64_t now_ms, struct rc_sm2_card *c)
{
    if (st->state == 0 && st->reps == 0) {
        rc_sm2_card_init(c, &s->sm2, now_ms);
        return;
    }
    c->state = st->state;
    c->step = st->step;
    c->ease = st->ease;
    c->interval_days = st->interval_days;
    c->due_ms = st->due_ms;
    c->reps = st->reps;
    c->lapses = st->lapses;
    c->last_review_ms = st->last_review_ms;
}

static void from_sm2(const struct rc_sm2_card *c, int elapsed,
                     struct rc_sched_state *st)
{
    rc_sched_state_new(st);
    st->state = c->state;
    st->step = c->step;
    st->ease = c->ease;
    st->interval_days = c->interval_days;
    st->due_ms = c->due_ms;
    st->last_review_ms = c->last_review_ms;
    st->elapsed_days = elapsed;
    st->scheduled_days =
        (c->state == 2) ? c->interval_days
                        : (int)((c->due_ms - c->last_review_ms) / RC_DAY_MS);
    st->reps = c->reps;
    st->lapses = c->lapses;
}

static int sm2_elapsed(const struct rc_sched *s,
                       const struct rc_sched_state *in, int64_t now_ms)
{
    if (in->state == 0 && in->reps == 0)
        return 0;
    return (int)(rc_study_day(now_ms, s->rollover_hour) -
                 rc_study_day(in->last_review_ms, s->rollover_hour));
}

/* ---- The interface ------------------------------------------------- */

int rc_sched_answer(const struct rc_sched *s, uint64_t card_seed,
                    const struct rc_sched_state *in, int64_t now_ms, int rating,
                    struct rc_sched_state *out, struct rc_err *err)
{
    uint64_t seed = fuzz_seed(card_seed, in->reps);
    if (s->algo == RC_SCHED_SM2) {
        struct rc_sm2_card c, next;
        int elapsed = sm2_elapsed(s, in, now_ms);
        to_sm2(s, in, now_ms, &c);
        int rc =
            rc_sm2_next(&s->sm2, &c, now_ms, rating, elapsed, seed, &next, err);
        if (rc == RC_OK)
            from_sm2(&next, elapsed, out);
        return rc;
    }
    struct rc_fsrs f;
    struct rc_fsrs_card c, next;
    fsrs_at(s, now_ms, &f);
    to_fsrs(in, now_ms, &c);
    int rc = rc_fsrs_next(&f, &c, now_ms, rating, seed, &next, err);
    if (rc == RC_OK)
        from_fsrs(&next, out);
    return rc;
}

int rc_sched_preview(const struct rc_sched *s, uint64_t card_seed,
                     const struct rc_sched_state *in, int64_t now_ms,
                     struct rc_sched_state out[4], struct rc_err *err)
{
    for (int g = 1; g <= 4; g++) {
        int rc = rc_sched_answer(s, card_seed, in, now_ms, g, &out[g - 1], err);
        if (rc < 0)
            return rc;
    }
    return RC_OK;
}

double rc_sched_retrievability(const struct rc_sched *s,
                               const struct rc_sched_state *st, int64_t now_ms)
{
    if (s->algo == RC_SCHED_SM2)
        return -1;
    struct rc_fsrs f;
    struct rc_fsrs_card c;
    fsrs_at(s, now_ms, &f);
    to_fsrs(st, now_ms, &c);
    return rc_fsrs_retrievability(&f, &c, now_ms);
}

bool rc_sched_is_leech(const struct rc_sched *s,
                       const struct rc_sched_state *st)
{
    return s->leech_threshold > 0 && st->lapses >= s->leech_threshold;
}

int rc_sched_replay(const struct rc_sched *s, uint64_t card_seed,
                    const struct rc_sched_event *events, size_t n,
                    struct rc_sched_state *out, struct rc_err *err)
{
    struct rc_sched_state st;
    rc_sched_state_new(&st);
    for (size_t i = 0; i < n; i++) {
        struct rc_sched_state next;
        int rc = rc_sched_answer(s, card_seed, &st, events[i].time_ms,
                                 events[i].rating, &next, err);
        if (rc < 0) {
            rc_err_prefix(err, "review %zu", i + 1);
            return rc;
        }
        st = next;
    }
    *out = st;
    return RC_OK;
}

void rc_sched_format_interval(int64_t now_ms, int64_t due_ms, char *buf,
                              size_t size)
{
    double min = (double)(due_ms - now_ms) / 60000.0;
    double days = min / 1440.0;
    if (min < 1)
        snprintf(buf, size, "<1m");
    else if (min < 60)
        snprintf(buf, size, "%.0fm", min);
    else if (days < 1)
        snprintf(buf, size, "%.0fh", min / 60);
    else if (days < 30)
        snprintf(buf, size, "%.0fd", days);
    else if (days < 365)
        snprintf(buf, size, "%.1fmo", days / 30.4375);
    else
        snprintf(buf, size, "%.1fy", days / 365.25);
}
