/* csv_replay.c -- a review log in, the FSRS (or SM-2) schedule out, fast.
 *
 * `recall sched replay` exists to prove recall's FSRS equals ts-fsrs, on
 * the shared vectors and on a million synthetic events, and to show it
 * is much faster.  The FSRS maths takes a few transcendental calls per
 * event; everything around it must cost less than that, so this file
 * avoids stdio's per-character and per-number machinery:
 *
 * - input is read in 1 MiB blocks with fread and split in place; a line
 *   never needs copying unless it straddles two blocks;
 * - integers are parsed and printed by hand;
 * - S, D and R are always rounded to 8 decimals by FSRS, so they print as
 *   an integer part and at most 8 decimals, which strtod reads back to
 *   the same double (checked per value; anything else is printed as the
 *   shortest "%.*g" that round-trips);
 * - cards are independent, so each block's events are cut at card
 *   boundaries into one lane per CPU (at most MAX_LANES), replayed and
 *   formatted in parallel, and the lanes' rows written in input order.
 *   The FSRS maths is one long chain of dependent pow/exp/divisions per
 *   event, which no single core overlaps; two cores nearly halve it;
 * - a writer thread writes block N's rows while block N + 1 is replayed
 *   (into a second set of buffers), hiding the kernel's copy.
 *
 * Parsing stays sequential (it is cheap, and it alone knows line
 * numbers).  Errors stop the replay at the first bad line, with its
 * number, as the header promises; the rows before it are written.
 *
 * Not here: the maths (fsrs.c, sm2.c), config files (the CLI reads them). */
#include "recall/csv_replay.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall/buf.h"
#include "recall/rng.h"
#include "recall/sm2.h"

#include "banned.h"

#define IN_CAP     (1 << 20)
#define MAX_EVENTS (IN_CAP / 6 + 1) /* "a,0,1\n" is the shortest event */
#define ROW_EXTRA  200 /* a row's bytes beyond its card_id, bound */
#define MAX_LANES  4
#define LANE_MIN   4096               /* events worth a thread */
#define TIME_MAX   8640000000000000LL /* a JavaScript Date's range */
#define QUOTE_MAX  40 /* bytes of user text quoted in a message */

static const char header_fsrs[] =
    "card_id,review_time_ms,rating,state,stability,difficulty,elapsed_days,"
    "scheduled_days,due_ms,reps,lapses,retrievability\n";
static const char header_sm2[] = "card_id,review_time_ms,rating,state,step,"
                                 "ease,interval_days,elapsed_days,due_ms,"
                                 "reps,lapses\n";

/* What replays: FSRS, or SM-2 with the study days counted here. */
struct engine {
    const struct rc_fsrs *fsrs; /* FSRS when set, else SM-2 */
    const struct rc_sm2_params *sm2;
    int64_t day_start_offset_ms; /* SM-2's study day, as in fsrs.h */
};

/* One parsed line; id points into the input block. */
struct event {
    const char *id;
    size_t id_len;
    int64_t t_ms;
    long long lineno;
    int rating;
    bool new_card; /* its card_id differs from the line before */
};

/* One thread's share of a block: events ev[0..n), all of whole cards
 * except that ev[0] may continue 'card' from the block before. */
struct lane {
    const struct engine *eng;
    const char *name;
    const struct event *ev;
    size_t n;
    struct rc_fsrs_card card;    /* in: carried; out: after the last event */
    struct rc_sm2_card sm2_card; /* the same, with SM-2 */
    uint64_t id_hash;            /* of the card in 'card' */
    char *out;                   /* the rows, 'len' bytes of 'cap' */
    size_t len, cap;
    int rc;
    struct rc_err err;
    pthread_t thread;
    bool threaded;
};

/* Rows of one block, in lane order. */
struct rows {
    char *buf[MAX_LANES];
    size_t len[MAX_LANES], cap[MAX_LANES];
    int n;
};

/* The thread that writes block N's rows while block N + 1 is replayed:
 * writing to a file costs a third of the time, all of it in the kernel. */
struct writer {
    FILE *out;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool running; /* the thread exists */
    bool pending; /* 'rows' holds a block not yet written */
    bool done;    /* no more blocks: the thread may end */
    int err_no;   /* errno of the first failed write, else 0 */
    struct rows rows;
};

struct replay {
    struct engine eng;
    const char *name;
    FILE *out;
    struct rc_err *err;
    struct event *ev; /* MAX_EVENTS, refilled per block */
    size_t n_ev;
    struct lane lanes[MAX_LANES];
    int n_lanes;
    char *id; /* the last card's id, RC_CSV_REPLAY_MAX_LINE + 1 bytes */
    size_t id_len;
    bool have_card;
    int64_t prev_ms;
    long long lineno;
    int max_lanes;
    struct rc_fsrs_card card; /* carried from block to block */
    struct rc_sm2_card sm2_card;
    uint64_t id_hash;
    struct rc_err perr; /* a parse error, reported after the rows before */
    struct writer w;
};

/* "NAME:LINE: WHAT 'TEXT' WHY", TEXT quoted from the input, cut short. */
static int line_error(struct replay *rp, enum rc_code code, const char *what,
                      const char *text, size_t len, const char *why)
{
    const char *name = rp->name ? rp->name : "";
    const char *sep = rp->name ? ":" : "";
    int n = len > QUOTE_MAX ? QUOTE_MAX : (int)len;

    if (!text)
        return rc_err_set(&rp->perr, code, "%s%s%lld: %s", name, sep,
                          rp->lineno, what);
    return rc_err_set(&rp->perr, code, "%s%s%lld: %s '%.*s%s'%s%s", name, sep,
                      rp->lineno, what, n, text, len > QUOTE_MAX ? "..." : "",
                      *why ? " " : "", why);
}

/* ---- Parsing ---------------------------------------------------------- */

/* A decimal integer: an optional '-', then 1 to 16 digits.  Returns 0,
 * -1 when it is not an integer, -2 when outside a JavaScript Date's range
 * (which keeps adding 100 years of days far from overflow). */
static int parse_time(const char *s, size_t len, int64_t *out)
{
    bool neg = len > 0 && s[0] == '-';
    size_t i = neg ? 1 : 0;
    int64_t v = 0;

    if (i == len)
        return -1;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (v > TIME_MAX)
            return -2;
        v = v * 10 + (s[i] - '0');
    }
    if (v > TIME_MAX)
        return -2;
    *out = neg ? -v : v;
    return 0;
}

static int field_count(const char *s, size_t len)
{
    int n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == ',';
    return n;
}

static int parse_line(struct replay *rp, const char *s, size_t len,
                      struct event *ev)
{
    const char *end = s + len;
    const char *c1 = memchr(s, ',', len);
    const char *c2 = c1 ? memchr(c1 + 1, ',', (size_t)(end - c1 - 1)) : NULL;
    int trc;

    if (!c2 || memchr(c2 + 1, ',', (size_t)(end - c2 - 1)))
        return rc_err_set(&rp->perr, RC_EPARSE,
                          "%s%s%lld: expected 3 fields "
                          "card_id,review_time_ms,rating, got %d",
                          rp->name ? rp->name : "", rp->name ? ":" : "",
                          rp->lineno, field_count(s, len));
    ev->id = s;
    ev->id_len = (size_t)(c1 - s);
    ev->lineno = rp->lineno;
    if (ev->id_len == 0)
        return line_error(rp, RC_EPARSE, "empty card_id", NULL, 0, NULL);
    trc = parse_time(c1 + 1, (size_t)(c2 - c1 - 1), &ev->t_ms);
    if (trc < 0)
        return line_error(rp, RC_EPARSE, "review_time_ms", c1 + 1,
                          (size_t)(c2 - c1 - 1),
                          trc == -1 ? "is not an integer" : "is out of range");
    if (end - c2 != 2 || c2[1] < '1' || c2[1] > '4')
        return line_error(rp, RC_EPARSE, "rating", c2 + 1,
                          (size_t)(end - c2 - 1), "is not 1, 2, 3 or 4");
    ev->rating = c2[1] - '0';
    return RC_OK;
}

/* ---- Formatting -------------------------------------------------------- */

static const char digit_pairs[] = "00010203040506070809101112131415161718192021"
                                  "22232425262728293031323334353637383940414243"
                                  "44454647484950515253545556575859606162636465"
                                  "66676869707172737475767778798081828384858687"
                                  "888990919293949596979899";

/* 'v' (< 10^8) as exactly 8 digits. */
static void put_8digits(char *p, uint32_t v)
{
    for (int i = 3; i >= 0; i--, v /= 100)
        memcpy(p + 2 * i, digit_pairs + (v % 100) * 2, 2);
}

/* v in decimal, two digits per division; a 13-digit time splits into two
 * independent halves first. */
static char *put_u64(char *p, uint64_t v)
{
    char tmp[20];
    char *t = tmp + 12;
    size_t n;

    if (v >= 100000000 && v < 10000000000000000ULL) {
        p = put_u64(p, v / 100000000);
        put_8digits(p, (uint32_t)(v % 100000000));
        return p + 8;
    }
    while (v >= 100) {
        t -= 2;
        memcpy(t, digit_pairs + (v % 100) * 2, 2);
        v /= 100;
    }
    if (v >= 10) {
        t -= 2;
        memcpy(t, digit_pairs + v * 2, 2);
    } else {
        *--t = (char)('0' + v);
    }
    n = (size_t)(tmp + 12 - t);
    memcpy(p, t, n);
    return p + n;
}

static char *put_i64(char *p, int64_t v)
{
    if (v < 0) {
        *p++ = '-';
        return put_u64(p, (uint64_t)0 - (uint64_t)v);
    }
    return put_u64(p, (uint64_t)v);
}

/* The 8 decimals of 'frac' (< 10^8) without trailing zeros, after a '.';
 * nothing at all when frac is 0. */
static char *put_frac8(char *p, uint32_t frac)
{
    char *end;

    if (frac == 0)
        return p;
    *p = '.';
    put_8digits(p + 1, frac);
    end = p + 9;
    while (end[-1] == '0')
        end--;
    return end;
}

/* The shortest "%.*g" that strtod reads back as 'v', as JavaScript prints
 * numbers; only for values FSRS did not round (a weight with more than 8
 * decimals as a first stability), so speed does not matter. */
static char *put_shortest(char *p, double v)
{
    int n = 0;

    for (int prec = 1; prec <= 17; prec++) {
        n = snprintf(p, 32, "%.*g", prec, v);
        if (strtod(p, NULL) == v)
            break;
    }
    return p + n;
}

/* 'v' as "I" or "I.FFFFFFFF" without trailing zeros when that reads back
 * exactly (every value FSRS rounded to 8 places), else the shortest text that
 * does.  The test: k / 1e8 is the double nearest the decimal k * 10^-8, which
 * is what strtod gives for the text. */
static char *put_double(char *p, double v)
{
    double a = fabs(v);

    if (a < 1e7) {
        double k = floor(a * 1e8 + 0.5);
        if (k / 1e8 == a) {
            uint64_t ki = (uint64_t)k;
            if (v < 0 && ki)
                *p++ = '-';
            p = put_u64(p, ki / 100000000);
            return put_frac8(p, (uint32_t)(ki % 100000000));
        }
    }
    return put_shortest(p, v);
}

static char *put_row(char *p, const struct event *ev,
                     const struct rc_fsrs_card *c, double r)
{
    memcpy(p, ev->id, ev->id_len);
    p += ev->id_len;
    *p++ = ',';
    p = put_i64(p, ev->t_ms);
    *p++ = ',';
    *p++ = (char)('0' + ev->rating);
    *p++ = ',';
    *p++ = (char)('0' + c->state);
    *p++ = ',';
    p = put_double(p, c->stability);
    *p++ = ',';
    p = put_double(p, c->difficulty);
    *p++ = ',';
    p = put_i64(p, c->elapsed_days);
    *p++ = ',';
    p = put_i64(p, c->scheduled_days);
    *p++ = ',';
    p = put_i64(p, c->due_ms);
    *p++ = ',';
    p = put_i64(p, c->reps);
    *p++ = ',';
    p = put_i64(p, c->lapses);
    *p++ = ',';
    p = put_double(p, r);
    *p++ = '\n';
    return p;
}

static char *put_row_sm2(char *p, const struct event *ev,
                         const struct rc_sm2_card *c, int elapsed_days)
{
    const int64_t n[] = {c->state,     c->step,   0,       c->interval_days,
                         elapsed_days, c->due_ms, c->reps, c->lapses};

    memcpy(p, ev->id, ev->id_len);
    p += ev->id_len;
    *p++ = ',';
    p = put_i64(p, ev->t_ms);
    *p++ = ',';
    *p++ = (char)('0' + ev->rating);
    for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
        *p++ = ',';
        p = i == 2 ? put_double(p, c->ease) : put_i64(p, n[i]);
    }
    *p++ = '\n';
    return p;
}

/* ---- Lanes: replay and format, one thread each ---------------------- */

/* FNV-1a 64 over the card id: with reps, the fuzz seed (STYLE 28). */
static uint64_t hash_id(const char *s, size_t len)
{
    return rc_hash64(RC_HASH64_INIT, s, len);
}

/* Room for one more row of 'ev' in the lane's buffer. */
static void lane_reserve(struct lane *ln, const struct event *ev)
{
    size_t need = ev->id_len + ROW_EXTRA;

    if (ln->cap - ln->len >= need)
        return;
    ln->cap = ln->cap * 2 > ln->len + need ? ln->cap * 2 : ln->len + need;
    ln->out = rc_xrealloc(ln->out, ln->cap);
}

static uint64_t seed_of(const struct lane *ln, int reps)
{
    return ln->id_hash + (uint64_t)reps * 0x9e3779b97f4a7c15ULL;
}

/* One event through FSRS, its row appended. */
static int step_fsrs(struct lane *ln, const struct event *ev)
{
    double r;
    int rc;

    if (ev->new_card)
        rc_fsrs_card_init(&ln->card, ev->t_ms);
    rc = rc_fsrs_review(ln->eng->fsrs, &ln->card, ev->t_ms, ev->rating,
                        seed_of(ln, ln->card.reps), &ln->card, &r, &ln->err);
    if (rc == RC_OK)
        ln->len =
            (size_t)(put_row(ln->out + ln->len, ev, &ln->card, r) - ln->out);
    return rc;
}

static int64_t study_day(int64_t t_ms, int64_t offset_ms)
{
    int64_t a = t_ms - offset_ms, q = a / RC_SM2_DAY_MS;
    return q - (a % RC_SM2_DAY_MS < 0);
}

/* One event through SM-2, which is handed the study days elapsed. */
static int step_sm2(struct lane *ln, const struct event *ev)
{
    const struct engine *e = ln->eng;
    struct rc_sm2_card *c = &ln->sm2_card;
    int days = 0;
    int rc;

    if (ev->new_card)
        rc_sm2_card_init(c, e->sm2, ev->t_ms);
    if (c->state != RC_SM2_NEW)
        days = (int)(study_day(ev->t_ms, e->day_start_offset_ms) -
                     study_day(c->last_review_ms, e->day_start_offset_ms));
    rc = rc_sm2_next(e->sm2, c, ev->t_ms, ev->rating, days,
                     seed_of(ln, c->reps), c, &ln->err);
    if (rc == RC_OK)
        ln->len =
            (size_t)(put_row_sm2(ln->out + ln->len, ev, c, days) - ln->out);
    return rc;
}

/* Replay ln->ev[0..n) and append their rows to ln->out; stop at the first
 * error (none is expected: parsing checked every input). */
static void *lane_run(void *arg)
{
    struct lane *ln = arg;

    ln->rc = RC_OK;
    for (size_t i = 0; i < ln->n; i++) {
        const struct event *ev = &ln->ev[i];

        if (ev->new_card)
            ln->id_hash = hash_id(ev->id, ev->id_len);
        lane_reserve(ln, ev);
        ln->rc = ln->eng->fsrs ? step_fsrs(ln, ev) : step_sm2(ln, ev);
        if (ln->rc < 0) {
            rc_err_prefix(&ln->err, "%s%s%lld", ln->name ? ln->name : "",
                          ln->name ? ":" : "", ev->lineno);
            break;
        }
    }
    return NULL;
}

/* Cut the block's events into up to max_lanes lanes of about equal size,
 * each starting at a new card except the first, which carries on the
 * card of the block before. */
static void plan_lanes(struct replay *rp)
{
    size_t n = rp->n_ev, start = 0;
    int want = n >= 2 * LANE_MIN ? rp->max_lanes : 1;

    rp->n_lanes = 0;
    for (int l = 0; l < want && start < n; l++) {
        struct lane *ln = &rp->lanes[rp->n_lanes++];
        size_t end = l == want - 1 ? n : n * (size_t)(l + 1) / (size_t)want;

        end = end > start ? end : start + 1;
        while (end < n && !rp->ev[end].new_card)
            end++;
        ln->eng = &rp->eng;
        ln->name = rp->name;
        ln->ev = rp->ev + start;
        ln->n = end - start;
        ln->card = rp->card;
        ln->sm2_card = rp->sm2_card;
        ln->id_hash = rp->id_hash;
        ln->len = 0;
        start = end;
    }
}

/* ---- Writing ---------------------------------------------------------- */

static int write_rows(FILE *out, const struct rows *r)
{
    for (int l = 0; l < r->n; l++)
        if (r->len[l] && fwrite(r->buf[l], 1, r->len[l], out) != r->len[l])
            return errno ? errno : EIO;
    return 0;
}

static void *writer_run(void *arg)
{
    struct writer *w = arg;

    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->pending && !w->done)
            pthread_cond_wait(&w->cv, &w->mu);
        if (!w->pending)
            break;
        pthread_mutex_unlock(&w->mu); /* write without holding the lock */
        int e = w->err_no ? 0 : write_rows(w->out, &w->rows);
        pthread_mutex_lock(&w->mu);
        w->err_no = w->err_no ? w->err_no : e;
        w->pending = false;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Wait until the writer has written what it was given; its errno. */
static int writer_idle(struct writer *w)
{
    int e;

    pthread_mutex_lock(&w->mu);
    while (w->pending)
        pthread_cond_wait(&w->cv, &w->mu);
    e = w->err_no;
    pthread_mutex_unlock(&w->mu);
    return e;
}

/* Give the lanes' rows to the writer, taking its spent buffers for the
 * lanes to fill next; without a writer thread, write them here. */
static int emit_rows(struct replay *rp)
{
    struct writer *w = &rp->w;
    int e;

    if (!w->running) {
        for (int l = 0; l < rp->n_lanes; l++) {
            struct lane *ln = &rp->lanes[l];
            if (ln->len && fwrite(ln->out, 1, ln->len, rp->out) != ln->len)
                return errno ? errno : EIO;
        }
        return 0;
    }
    e = writer_idle(w);
    for (int l = 0; l < rp->n_lanes; l++) {
        struct lane *ln = &rp->lanes[l];
        char *b = w->rows.buf[l];
        size_t cap = w->rows.cap[l];
        w->rows.buf[l] = ln->out;
        w->rows.len[l] = ln->len;
        w->rows.cap[l] = ln->cap;
        ln->out = b;
        ln->cap = cap;
        ln->len = 0;
    }
    w->rows.n = rp->n_lanes;
    pthread_mutex_lock(&w->mu);
    w->pending = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return e;
}

static void writer_start(struct replay *rp)
{
    struct writer *w = &rp->w;

    w->out = rp->out;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    w->running = pthread_create(&w->thread, NULL, writer_run, w) == 0;
    if (!w->running) { /* then emit_rows writes on this thread */
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
    }
}

/* Let the writer finish and end; its errno. */
static int writer_stop(struct writer *w)
{
    int e;

    if (!w->running)
        return 0;
    e = writer_idle(w);
    pthread_mutex_lock(&w->mu);
    w->done = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    w->running = false;
    for (int l = 0; l < MAX_LANES; l++)
        free(w->rows.buf[l]);
    return e;
}

/* Replay the parsed block on all lanes, hand their rows (in input order)
 * to the writer, and carry the last card into the next block. */
static int replay_events(struct replay *rp)
{
    int rc = RC_OK, e;

    plan_lanes(rp);
    if (rp->n_lanes > 1 && !rp->w.running && rp->max_lanes > 1)
        writer_start(rp); /* a big input: worth a writer thread */
    for (int l = 1; l < rp->n_lanes; l++)
        rp->lanes[l].threaded = pthread_create(&rp->lanes[l].thread, NULL,
                                               lane_run, &rp->lanes[l]) == 0;
    if (rp->n_lanes > 0)
        lane_run(&rp->lanes[0]);
    for (int l = 1; l < rp->n_lanes; l++) {
        if (rp->lanes[l].threaded)
            pthread_join(rp->lanes[l].thread, NULL);
        else
            lane_run(&rp->lanes[l]); /* no thread to be had: do it here */
    }
    /* A failed lane holds the rows before its error; none after it. */
    for (int l = 0; l < rp->n_lanes && rc == RC_OK; l++) {
        struct lane *ln = &rp->lanes[l];
        if (ln->rc < 0 && rp->err && rp->err->code == RC_OK)
            *rp->err = ln->err;
        rc = ln->rc;
        rp->n_lanes = rc < 0 ? l + 1 : rp->n_lanes;
        rp->card = ln->card;
        rp->sm2_card = ln->sm2_card;
        rp->id_hash = ln->id_hash;
    }
    e = emit_rows(rp);
    if (e)
        return rc_err_set(rp->err, RC_EIO, "write: %s", strerror(e));
    return rc;
}

/* ---- Reading ----------------------------------------------------------- */

/* Parse line rp->lineno, s[0..len), into the next event, if it is one. */
static int parse_event(struct replay *rp, const char *s, size_t len,
                       const struct event *prev)
{
    struct event *ev = &rp->ev[rp->n_ev];
    const char *prev_id = prev ? prev->id : rp->id;
    size_t prev_len = prev ? prev->id_len : rp->id_len;
    int rc;

    if (len && s[len - 1] == '\r')
        len--;
    if (len == 0 || (rp->lineno == 1 && len >= 7 && !memcmp(s, "card_id", 7)))
        return RC_OK; /* a blank line or the header */
    rc = parse_line(rp, s, len, ev);
    if (rc < 0)
        return rc;
    ev->new_card = !(prev || rp->have_card) || ev->id_len != prev_len ||
                   memcmp(ev->id, prev_id, prev_len) != 0;
    if (!ev->new_card && ev->t_ms < rp->prev_ms)
        return line_error(rp, RC_EPARSE,
                          "review_time_ms goes backwards within card", ev->id,
                          ev->id_len, "");
    rp->prev_ms = ev->t_ms;
    rp->n_ev++;
    return RC_OK;
}

/* Parse the complete lines of buf[0..len) (and a last one without LF at
 * EOF) into rp->ev, stopping at the first bad one.  Returns the bytes
 * parsed; *prc is RC_OK or the error, whose message is in rp->perr. */
static size_t parse_block(struct replay *rp, const char *buf, size_t len,
                          bool at_eof, int *prc)
{
    size_t pos = 0;

    rp->n_ev = 0;
    *prc = RC_OK;
    while (pos < len && rp->n_ev < MAX_EVENTS && *prc == RC_OK) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
        size_t max = RC_CSV_REPLAY_MAX_LINE + (n && buf[pos + n - 1] == '\r');

        if (n <= max && !nl && !at_eof)
            break; /* the rest of this line is in the next read */
        rp->lineno++;
        if (n > max)
            *prc = rc_err_set(&rp->perr, RC_ELIMIT,
                              "%s%s%lld: line is longer than %d bytes",
                              rp->name ? rp->name : "", rp->name ? ":" : "",
                              rp->lineno, RC_CSV_REPLAY_MAX_LINE);
        else
            *prc = parse_event(rp, buf + pos, n,
                               rp->n_ev ? &rp->ev[rp->n_ev - 1] : NULL);
        pos += n + (nl ? 1 : 0);
    }
    if (rp->n_ev > 0) { /* the ids point into buf: keep the last one */
        const struct event *last = &rp->ev[rp->n_ev - 1];
        memcpy(rp->id, last->id, last->id_len);
        rp->id_len = last->id_len;
        rp->have_card = true;
    }
    return pos;
}

static int replay_stream(struct replay *rp, FILE *in, char *ibuf)
{
    size_t have = 0;

    for (;;) {
        size_t got = fread(ibuf + have, 1, IN_CAP - have, in);
        bool eof = got < IN_CAP - have;
        size_t used;
        int prc, rc;

        if (eof && ferror(in))
            return rc_err_set(rp->err, RC_EIO, "%s: read: %s",
                              rp->name ? rp->name : "input", strerror(errno));
        have += got;
        used = parse_block(rp, ibuf, have, eof, &prc);
        rc = replay_events(rp); /* the rows before a bad line stand */
        if (rc == RC_OK && prc < 0 && rp->err && rp->err->code == RC_OK)
            *rp->err = rp->perr;
        if (rc < 0 || prc < 0)
            return rc < 0 ? rc : prc;
        have -= used;
        memmove(ibuf, ibuf + used, have);
        if (eof && have == 0)
            return RC_OK;
    }
}

static int online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_LANES ? MAX_LANES : (int)n;
}

/* Both entry points: 'rp' names the engine; everything else is here. */
static int replay_file(struct replay *rp, FILE *in, const char *head)
{
    char *ibuf = rc_xmalloc(IN_CAP);
    size_t head_len = strlen(head);
    int rc = RC_OK, e;

    rp->ev = rc_xcalloc(MAX_EVENTS, sizeof(*rp->ev));
    rp->id = rc_xmalloc(RC_CSV_REPLAY_MAX_LINE + 1);
    rp->max_lanes = online_cpus();
    if (fwrite(head, 1, head_len, rp->out) != head_len)
        rc = rc_err_set(rp->err, RC_EIO, "write: %s", strerror(errno));
    if (rc == RC_OK)
        rc = replay_stream(rp, in, ibuf);
    e = writer_stop(&rp->w); /* the rows before an error are written too */
    if (e && rc == RC_OK)
        rc = rc_err_set(rp->err, RC_EIO, "write: %s", strerror(e));
    if (fflush(rp->out) != 0 && rc == RC_OK)
        rc = rc_err_set(rp->err, RC_EIO, "write: %s", strerror(errno));
    for (int l = 0; l < MAX_LANES; l++)
        free(rp->lanes[l].out);
    free(rp->id);
    free(rp->ev);
    free(ibuf);
    return rc;
}

int rc_csv_replay(const struct rc_fsrs *f, FILE *in, const char *in_name,
                  FILE *out, struct rc_err *err)
{
    struct replay rp = {.name = in_name, .out = out, .err = err};

    rp.eng.fsrs = f;
    return replay_file(&rp, in, header_fsrs);
}

int rc_csv_replay_sm2(const struct rc_sm2_params *p,
                      int64_t day_start_offset_ms, FILE *in,
                      const char *in_name, FILE *out, struct rc_err *err)
{
    struct replay rp = {.name = in_name, .out = out, .err = err};
    int rc = rc_sm2_params_check(p, err);

    if (rc < 0)
        return rc;
    rp.eng.sm2 = p;
    rp.eng.day_start_offset_ms = day_start_offset_ms;
    return replay_file(&rp, in, header_sm2);
}
