/* csv_replay.c -- a review log in, the FSRS schedule out, at disk speed.
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
 *   the same double (checked per value; anything else falls back to
 *   "%.17g", which also round-trips);
 * - rows collect in a 1 MiB output buffer written with fwrite.
 *
 * Errors stop the replay at the first bad line, with its number, as the
 * header promises; rows already written stay written.
 *
 * Not here: the maths (fsrs.c), config files (the CLI reads them). */
#include "recall/csv_replay.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recall/buf.h"

#include "banned.h"

#define IN_CAP    (1 << 20)
#define OUT_CAP   (1 << 20)
#define ROW_MAX   (RC_CSV_REPLAY_MAX_LINE + 320) /* one output row, bound */
#define TIME_MAX  8640000000000000LL             /* a JavaScript Date's range */
#define QUOTE_MAX 40 /* bytes of user text quoted in a message */

static const char header[] =
    "card_id,review_time_ms,rating,state,stability,difficulty,elapsed_days,"
    "scheduled_days,due_ms,reps,lapses,retrievability\n";

struct replay {
    const struct rc_fsrs *f;
    const char *name;
    FILE *out;
    struct rc_err *err;
    char *obuf;
    size_t olen;
    char *id; /* the current card's id, RC_CSV_REPLAY_MAX_LINE + 1 bytes */
    size_t id_len;
    bool have_card;
    uint64_t id_hash;
    int64_t prev_ms;
    struct rc_fsrs_card card;
    long long lineno;
};

/* One parsed line. */
struct event {
    const char *id;
    size_t id_len;
    int64_t t_ms;
    int rating;
};

/* "NAME:LINE: WHAT 'TEXT' WHY", TEXT quoted from the input, cut short. */
static int line_error(struct replay *rp, enum rc_code code, const char *what,
                      const char *text, size_t len, const char *why)
{
    const char *name = rp->name ? rp->name : "";
    const char *sep = rp->name ? ":" : "";
    int n = len > QUOTE_MAX ? QUOTE_MAX : (int)len;

    if (!text)
        return rc_err_set(rp->err, code, "%s%s%lld: %s", name, sep, rp->lineno,
                          what);
    return rc_err_set(rp->err, code, "%s%s%lld: %s '%.*s%s'%s%s", name, sep,
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
        return rc_err_set(rp->err, RC_EPARSE,
                          "%s%s%lld: expected 3 fields "
                          "card_id,review_time_ms,rating, got %d",
                          rp->name ? rp->name : "", rp->name ? ":" : "",
                          rp->lineno, field_count(s, len));
    ev->id = s;
    ev->id_len = (size_t)(c1 - s);
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

/* 'v' as "I" or "I.FFFFFFFF" without trailing zeros when that reads back
 * exactly (every value FSRS rounded to 8 places), else "%.17g".  The
 * test: k / 1e8 is the double nearest the decimal k * 10^-8, which is
 * what strtod gives for the text. */
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
    return p + snprintf(p, 32, "%.17g", v);
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

static int flush_out(struct replay *rp)
{
    if (rp->olen && fwrite(rp->obuf, 1, rp->olen, rp->out) != rp->olen)
        return rc_err_set(rp->err, RC_EIO, "write: %s", strerror(errno));
    rp->olen = 0;
    return RC_OK;
}

/* ---- Replay ------------------------------------------------------------ */

/* FNV-1a 64 over the card id: with reps, the fuzz seed (STYLE 28). */
static uint64_t hash_id(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h;
}

static int start_card_or_check(struct replay *rp, const struct event *ev)
{
    if (rp->have_card && ev->id_len == rp->id_len &&
        memcmp(ev->id, rp->id, ev->id_len) == 0) {
        if (ev->t_ms < rp->prev_ms)
            return line_error(rp, RC_EPARSE,
                              "review_time_ms goes "
                              "backwards within card",
                              ev->id, ev->id_len, "");
        return RC_OK;
    }
    memcpy(rp->id, ev->id, ev->id_len);
    rp->id_len = ev->id_len;
    rp->have_card = true;
    rp->id_hash = hash_id(ev->id, ev->id_len);
    rc_fsrs_card_init(&rp->card, ev->t_ms);
    return RC_OK;
}

static int replay_line(struct replay *rp, const char *s, size_t len)
{
    struct event ev = {0};
    double r;
    uint64_t seed;
    int rc;

    if (len && s[len - 1] == '\r')
        len--;
    if (len == 0 || (rp->lineno == 1 && len >= 7 && !memcmp(s, "card_id", 7)))
        return RC_OK;
    rc = parse_line(rp, s, len, &ev);
    if (rc == RC_OK)
        rc = start_card_or_check(rp, &ev);
    if (rc < 0)
        return rc;
    rp->prev_ms = ev.t_ms;
    seed = rp->id_hash + (uint64_t)rp->card.reps * 0x9e3779b97f4a7c15ULL;
    rc = rc_fsrs_review(rp->f, &rp->card, ev.t_ms, ev.rating, seed, &rp->card,
                        &r, rp->err);
    if (rc < 0) {
        rc_err_prefix(rp->err, "%s%s%lld", rp->name ? rp->name : "",
                      rp->name ? ":" : "", rp->lineno);
        return rc;
    }
    if (rp->olen > OUT_CAP - ROW_MAX) {
        rc = flush_out(rp);
        if (rc < 0)
            return rc;
    }
    rp->olen =
        (size_t)(put_row(rp->obuf + rp->olen, &ev, &rp->card, r) - rp->obuf);
    return RC_OK;
}

/* Replay the complete lines in buf[0..len); return how many bytes were
 * used (the rest is a partial line) or a negative code. */
static long long replay_block(struct replay *rp, const char *buf, size_t len,
                              bool at_eof)
{
    size_t pos = 0;

    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
        int rc;

        size_t max = RC_CSV_REPLAY_MAX_LINE + (n && buf[pos + n - 1] == '\r');
        if (n > max) {
            rp->lineno++;
            return rc_err_set(rp->err, RC_ELIMIT,
                              "%s%s%lld: line is longer than %d bytes",
                              rp->name ? rp->name : "", rp->name ? ":" : "",
                              rp->lineno, RC_CSV_REPLAY_MAX_LINE);
        }
        if (!nl && !at_eof)
            break;
        rp->lineno++;
        rc = replay_line(rp, buf + pos, n);
        if (rc < 0)
            return rc;
        pos += n + (nl ? 1 : 0);
    }
    return (long long)pos;
}

static int replay_stream(struct replay *rp, FILE *in, char *ibuf)
{
    size_t have = 0;

    for (;;) {
        size_t got = fread(ibuf + have, 1, IN_CAP - have, in);
        bool eof = got < IN_CAP - have;
        long long used;

        if (eof && ferror(in))
            return rc_err_set(rp->err, RC_EIO, "%s: read: %s",
                              rp->name ? rp->name : "input", strerror(errno));
        have += got;
        used = replay_block(rp, ibuf, have, eof);
        if (used < 0)
            return (int)used;
        have -= (size_t)used;
        memmove(ibuf, ibuf + used, have);
        if (eof)
            return RC_OK;
    }
}

int rc_csv_replay(const struct rc_fsrs *f, FILE *in, const char *in_name,
                  FILE *out, struct rc_err *err)
{
    struct replay rp = {.f = f, .name = in_name, .out = out, .err = err};
    char *ibuf = rc_xmalloc(IN_CAP);
    int rc;

    rp.obuf = rc_xmalloc(OUT_CAP);
    rp.id = rc_xmalloc(RC_CSV_REPLAY_MAX_LINE + 1);
    memcpy(rp.obuf, header, sizeof(header) - 1);
    rp.olen = sizeof(header) - 1;
    rc = replay_stream(&rp, in, ibuf);
    if (rc == RC_OK || rc == RC_EPARSE || rc == RC_ELIMIT) {
        int frc = flush_out(&rp); /* the rows before a bad line stand */
        rc = rc < 0 ? rc : frc;
    }
    if (rc == RC_OK && fflush(out) != 0)
        rc = rc_err_set(err, RC_EIO, "write: %s", strerror(errno));
    free(rp.id);
    free(rp.obuf);
    free(ibuf);
    return rc;
}
