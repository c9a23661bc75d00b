/* game.c -- a live classroom game: its questions, players and phases.
 *
 * The game is a state machine driven from outside: the host's actions
 * (start, next, pause, resume, skip, end), the players' joins and
 * answers, and the passing of time, which only ever arrives as an
 * argument.  Nothing here reads a clock, a socket or a global, so the
 * server can call it under one mutex and a unit test can play a whole
 * game in microseconds, with a deadline passing exactly when it says.
 *
 * The invariant that keeps scoring simple: an answer is checked when it
 * arrives but scored only when its question closes.  Closing walks the
 * players once, in join order, and settles points, streaks and the
 * tie-break time together, then ranks everyone.  So skipping a question
 * needs no undo (its answers are dropped before they count), and a
 * player's score never moves while the question is open, which is what
 * the leaderboard shows.
 *
 * A question's time is kept as 'opened_ms', moved later by the length of
 * each pause, so the answer time is always now - opened_ms and a pause
 * costs nobody anything.
 *
 * Tokens: 16 random bytes from the caller's source, kept as hex and
 * compared in constant time; whoever holds one is that player.
 *
 * Not here: answering and reading the game (game_play.c), the page
 * (page.c), HTTP and JSON (the host command, over src/sync's server). */
#include "game_int.h"

#include <stdlib.h>
#include <string.h>

#include "recall/buf.h"
#include "recall/check.h"
#include "recall/utf8.h"

static const char *const phase_names[] = {
    [CLASS_LOBBY] = "lobby",
    [CLASS_OPEN] = "open",
    [CLASS_CLOSED] = "closed",
    [CLASS_OVER] = "over",
};

const char *class_phase_name(enum class_phase phase)
{
    return (size_t)phase < sizeof(phase_names) / sizeof(phase_names[0])
               ? phase_names[phase]
               : NULL;
}

/* ---- Randomness ------------------------------------------------------ */

/* A uniform integer in [0, n), n > 0, by rejection. */
static uint32_t draw_below(struct class_game *g, uint32_t n)
{
    uint32_t limit = UINT32_MAX - UINT32_MAX % n;
    for (;;) {
        unsigned char b[4];
        g->rnd(g->rnd_arg, b, sizeof(b));
        uint32_t v = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
                     (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        if (v < limit)
            return v % n;
    }
}

static void make_token(struct class_game *g, char out[CLASS_TOKEN_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[CLASS_TOKEN_LEN / 2];
    g->rnd(g->rnd_arg, b, sizeof(b));
    for (size_t i = 0; i < sizeof(b); i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[CLASS_TOKEN_LEN] = '\0';
}

/* ---- Questions ------------------------------------------------------- */

static bool text_ok(const char *s)
{
    if (!s)
        return false;
    size_t len = strlen(s);
    return len <= CLASS_MAX_TEXT_BYTES && rc_utf8_valid(s, len);
}

static bool list_ok(const struct rc_strlist *l)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (!text_ok(l->v[i]))
            return false;
    return true;
}

static int question_check(const struct class_question *q, size_t i,
                          struct rc_err *err)
{
    size_t n_opt = q->options ? q->options->n : 0;
    if (!text_ok(q->text) || (q->card && !text_ok(q->card)))
        return rc_err_set(err, RC_EINVAL, "question %zu: no text, or bad text",
                          i + 1);
    if (!list_ok(q->options) || !list_ok(q->accept))
        return rc_err_set(err, RC_EINVAL, "question %zu: bad option text",
                          i + 1);
    if (n_opt > CLASS_MAX_OPTIONS)
        return rc_err_set(err, RC_EINVAL,
                          "question %zu: %zu options, more than %d", i + 1,
                          n_opt, CLASS_MAX_OPTIONS);
    switch (q->ask) {
    case RC_QUIZ_ASK_CHOICE:
        if (n_opt == 0 || q->answer_option >= n_opt)
            return rc_err_set(err, RC_EINVAL,
                              "question %zu: no options, or the answer is "
                              "not one of them",
                              i + 1);
        return RC_OK;
    case RC_QUIZ_ASK_ORDER:
        if (n_opt < 2)
            return rc_err_set(err, RC_EINVAL,
                              "question %zu: fewer than 2 items to order",
                              i + 1);
        return RC_OK;
    case RC_QUIZ_ASK_TYPED:
        if (!text_ok(q->answer))
            return rc_err_set(err, RC_EINVAL, "question %zu: no answer", i + 1);
        return RC_OK;
    }
    return rc_err_set(err, RC_EINVAL, "question %zu: unknown kind", i + 1);
}

static void copy_list(struct rc_strlist *dst, const struct rc_strlist *src)
{
    for (size_t i = 0; src && i < src->n; i++)
        rc_strlist_add(dst, src->v[i]);
}

/* Items joined by " > ": how an order reads in words. */
static char *join_items(const struct rc_strlist *l, const size_t *idx)
{
    struct rc_buf b = {0};
    for (size_t k = 0; k < l->n; k++) {
        if (k)
            rc_buf_adds(&b, " > ");
        rc_buf_adds(&b, l->v[idx ? idx[k] : k]);
    }
    return rc_buf_detach(&b, NULL);
}

/* Fisher-Yates over the items for showing; a shuffle that happens to
 * leave them in the right order is rotated by one, or the question
 * would answer itself. */
static void shuffle_items(struct class_game *g, struct question *q)
{
    size_t n = q->items.n;
    size_t *idx = rc_xcalloc(n, sizeof(*idx));
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = draw_below(g, (uint32_t)i + 1);
        size_t t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
    bool same = true;
    for (size_t i = 0; i < n; i++)
        same = same && strcmp(q->items.v[idx[i]], q->items.v[i]) == 0;
    for (size_t i = 0; i < n; i++)
        rc_strlist_add(&q->shown, q->items.v[idx[same ? (i + 1) % n : i]]);
    free(idx);
}

static void question_copy(struct class_game *g, struct question *dst,
                          const struct class_question *src)
{
    dst->ask = src->ask;
    dst->text = rc_xstrdup(src->text);
    dst->card = rc_xstrdup(src->card ? src->card : "");
    dst->ignore_accents = src->ignore_accents;
    switch (src->ask) {
    case RC_QUIZ_ASK_CHOICE:
        copy_list(&dst->shown, src->options);
        dst->answer_option = src->answer_option;
        dst->right = rc_xstrdup(dst->shown.v[dst->answer_option]);
        break;
    case RC_QUIZ_ASK_ORDER:
        copy_list(&dst->items, src->options);
        shuffle_items(g, dst);
        dst->right = join_items(&dst->items, NULL);
        break;
    case RC_QUIZ_ASK_TYPED:
        dst->answer = rc_xstrdup(src->answer);
        copy_list(&dst->accept, src->accept);
        dst->right = rc_xstrdup(src->answer);
        break;
    }
}

static void question_release(struct question *q)
{
    free(q->text);
    free(q->card);
    free(q->answer);
    free(q->right);
    rc_strlist_release(&q->accept);
    rc_strlist_release(&q->shown);
    rc_strlist_release(&q->items);
}

/* ---- Lifecycle ------------------------------------------------------- */

int class_game_new(const struct class_question *q, size_t n, int64_t limit_ms,
                   class_random_fn *rnd, void *rnd_arg, struct class_game **out,
                   struct rc_err *err)
{
    *out = NULL;
    if (n == 0 || n > CLASS_MAX_QUESTIONS)
        return rc_err_set(err, RC_EINVAL,
                          "a game needs 1 to %d questions, not %zu",
                          CLASS_MAX_QUESTIONS, n);
    if (limit_ms < CLASS_MIN_LIMIT_MS || limit_ms > CLASS_MAX_LIMIT_MS)
        return rc_err_set(
            err, RC_EINVAL, "time limit %lld ms: expected %d to %d ms",
            (long long)limit_ms, CLASS_MIN_LIMIT_MS, CLASS_MAX_LIMIT_MS);
    for (size_t i = 0; i < n; i++) {
        int rc = question_check(&q[i], i, err);
        if (rc < 0)
            return rc;
    }
    struct class_game *g = rc_xcalloc(1, sizeof(*g));
    g->rnd = rnd;
    g->rnd_arg = rnd_arg;
    g->limit_ms = limit_ms;
    g->q = rc_xcalloc(n, sizeof(*g->q));
    g->n_q = n;
    for (size_t i = 0; i < n; i++)
        question_copy(g, &g->q[i], &q[i]);
    /* The first digit is never 0: a code read aloud or typed into a
     * number field keeps its six digits. */
    uint32_t code = 100000 + draw_below(g, 900000);
    for (int i = CLASS_CODE_LEN - 1; i >= 0; i--, code /= 10)
        g->code[i] = (char)('0' + code % 10);
    g->phase = CLASS_LOBBY;
    *out = g;
    return RC_OK;
}

void class_game_free(struct class_game *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_q; i++)
        question_release(&g->q[i]);
    for (size_t i = 0; i < g->n_p; i++) {
        for (size_t k = 0; k < g->n_q; k++)
            free(g->p[i].rec[k].given);
        free(g->p[i].rec);
        free(g->p[i].name);
        free(g->p[i].key);
    }
    free(g->q);
    free(g->p);
    free(g->rank);
    free(g);
}

const char *class_game_code(const struct class_game *g)
{
    return g->code;
}

uint64_t class_game_version(const struct class_game *g)
{
    return g->version;
}

size_t class_game_players(const struct class_game *g)
{
    return g->n_p;
}

/* ---- Ranking --------------------------------------------------------- */

struct rank_key {
    int64_t score;
    int64_t total_ms;
    const char *key;
    size_t player;
};

static int by_place(const void *pa, const void *pb)
{
    const struct rank_key *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->total_ms != b->total_ms)
        return a->total_ms < b->total_ms ? -1 : 1;
    return strcmp(a->key, b->key);
}

static void rerank(struct class_game *g)
{
    struct rank_key *k = rc_xcalloc(g->n_p ? g->n_p : 1, sizeof(*k));
    for (size_t i = 0; i < g->n_p; i++)
        k[i] =
            (struct rank_key){g->p[i].score, g->p[i].total_ms, g->p[i].key, i};
    qsort(k, g->n_p, sizeof(*k), by_place);
    for (size_t i = 0; i < g->n_p; i++) {
        g->rank[i] = k[i].player;
        g->p[k[i].player].place = i + 1;
    }
    free(k);
}

/* ---- Players --------------------------------------------------------- */

/* The code point of the well-formed sequence s[0..n). */
static uint32_t code_point(const unsigned char *s, size_t n)
{
    static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    uint32_t c = s[0] & lead_mask[n];
    for (size_t i = 1; i < n; i++)
        c = c << 6 | (s[i] & 0x3F);
    return c;
}

/* Controls, and the invisible marks that can reverse or hide a name on
 * the host's screen. */
static bool unprintable(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF;
}

static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Check 'raw' and set *name (trimmed) and *key (folded), both for the
 * caller to free; on failure set neither. */
static int name_parse(const char *raw, char **name, char **key,
                      struct rc_err *err)
{
    if (!raw)
        raw = "";
    size_t len = strnlen(raw, CLASS_NAME_MAX_BYTES + 1);
    if (len > CLASS_NAME_MAX_BYTES)
        return rc_err_set(err, RC_ELIMIT, "name: longer than %d bytes",
                          CLASS_NAME_MAX_BYTES);
    while (len && is_space(raw[len - 1]))
        len--;
    while (len && is_space(*raw)) {
        raw++;
        len--;
    }
    if (!rc_utf8_valid(raw, len) || memchr(raw, '\0', len))
        return rc_err_set(err, RC_EINVAL, "name: not valid UTF-8");
    size_t chars = 0;
    for (size_t i = 0; i < len; chars++) {
        size_t n = rc_utf8_seq_len(raw + i, len - i);
        if (unprintable(code_point((const unsigned char *)raw + i, n)))
            return rc_err_set(err, RC_EINVAL,
                              "name: holds a control character");
        i += n;
    }
    if (chars > CLASS_NAME_MAX_CHARS)
        return rc_err_set(err, RC_EINVAL, "name: longer than %d characters",
                          CLASS_NAME_MAX_CHARS);
    char *trimmed = rc_xstrndup(raw, len);
    struct rc_buf folded = {0};
    rc_check_normalize(trimmed, false, &folded);
    if (folded.len == 0) {
        free(trimmed);
        rc_buf_release(&folded);
        return rc_err_set(err, RC_EINVAL, "name: empty");
    }
    *name = trimmed;
    *key = rc_buf_detach(&folded, NULL);
    return RC_OK;
}

static int check_code(const struct class_game *g, const char *code,
                      struct rc_err *err)
{
    if (!code || strcmp(code, g->code) != 0)
        return rc_err_set(err, RC_ENOTFOUND, "no game with this code");
    return RC_OK;
}

static size_t find_key(const struct class_game *g, const char *key)
{
    for (size_t i = 0; i < g->n_p; i++)
        if (strcmp(g->p[i].key, key) == 0)
            return i;
    return SIZE_MAX;
}

int class_game_join(struct class_game *g, const char *code, const char *name,
                    int64_t now_ms, size_t *player,
                    char token[CLASS_TOKEN_LEN + 1], struct rc_err *err)
{
    char *trimmed = NULL, *key = NULL;
    class_game_tick(g, now_ms);
    int rc = check_code(g, code, err);
    if (rc == RC_OK)
        rc = name_parse(name, &trimmed, &key, err);
    if (rc == RC_OK && g->phase == CLASS_OVER)
        rc = rc_err_set(err, RC_ECONFLICT, "the game is over");
    else if (rc == RC_OK && find_key(g, key) != SIZE_MAX)
        rc = rc_err_set(err, RC_ECONFLICT, "name '%s' is taken", trimmed);
    else if (rc == RC_OK && g->n_p >= CLASS_MAX_PLAYERS)
        rc = rc_err_set(err, RC_ELIMIT, "the game is full (%d players)",
                        CLASS_MAX_PLAYERS);
    if (rc < 0) {
        free(trimmed);
        free(key);
        return rc;
    }
    g->p = rc_xreallocarray(g->p, g->n_p + 1, sizeof(*g->p));
    g->rank = rc_xreallocarray(g->rank, g->n_p + 1, sizeof(*g->rank));
    struct player *p = memset(&g->p[g->n_p], 0, sizeof(*p));
    p->name = trimmed;
    p->key = key;
    p->rec = rc_xcalloc(g->n_q, sizeof(*p->rec));
    make_token(g, p->token);
    /* A late joiner plays the question open now; in the closed phase
     * they start with the next one. */
    if (g->phase == CLASS_OPEN)
        p->rec[g->cur].present = true;
    *player = g->n_p++;
    memcpy(token, p->token, CLASS_TOKEN_LEN + 1);
    rerank(g);
    g->version++;
    return RC_OK;
}

/* Equal in time independent of where they differ; a given token of
 * another length differs, but its length is no secret. */
static bool token_equal(const char *mine, const char *given)
{
    size_t len = strnlen(given, CLASS_TOKEN_LEN + 1);
    unsigned d = len != CLASS_TOKEN_LEN;
    for (size_t i = 0; i < CLASS_TOKEN_LEN; i++)
        d |= (unsigned char)mine[i] ^ (unsigned char)(i < len ? given[i] : 0);
    return d == 0;
}

int class_game_rejoin(struct class_game *g, const char *code, const char *name,
                      const char *token, size_t *player, struct rc_err *err)
{
    char *trimmed = NULL, *key = NULL;
    int rc = check_code(g, code, err);
    if (rc < 0)
        return rc;
    struct rc_err ignored = {0};
    size_t i = SIZE_MAX;
    if (name_parse(name, &trimmed, &key, &ignored) == RC_OK)
        i = find_key(g, key);
    free(trimmed);
    free(key);
    /* Compare even for an unknown name, against the first player's
     * token, so timing tells nothing about which names exist. */
    const char *mine = i != SIZE_MAX ? g->p[i].token
                       : g->n_p      ? g->p[0].token
                                     : "";
    bool ok = token && *mine && token_equal(mine, token);
    if (i == SIZE_MAX || !ok)
        return rc_err_set(err, RC_EAUTH, "unknown name or wrong token");
    *player = i;
    return RC_OK;
}

int class_game_find(const struct class_game *g, const char *token,
                    size_t *player, struct rc_err *err)
{
    size_t found = SIZE_MAX;
    for (size_t i = 0; token && i < g->n_p; i++)
        if (token_equal(g->p[i].token, token))
            found = i;
    if (found == SIZE_MAX)
        return rc_err_set(err, RC_EAUTH, "unknown token");
    *player = found;
    return RC_OK;
}

/* ---- Phases ---------------------------------------------------------- */

static void open_question(struct class_game *g, size_t i, int64_t now_ms)
{
    g->phase = CLASS_OPEN;
    g->cur = i;
    g->paused = false;
    g->opened_ms = now_ms;
    g->n_answered = 0;
    g->q[i].asked = true;
    for (size_t k = 0; k < g->n_p; k++)
        g->p[k].rec[i].present = true;
    g->version++;
}

/* Open the question after the current one, or end the game. */
static void advance(struct class_game *g, int64_t now_ms)
{
    if (g->cur + 1 < g->n_q) {
        open_question(g, g->cur + 1, now_ms);
    } else {
        g->phase = CLASS_OVER;
        g->version++;
    }
}

void class_close_question(struct class_game *g)
{
    for (size_t i = 0; i < g->n_p; i++) {
        struct player *p = &g->p[i];
        struct record *r = &p->rec[g->cur];
        if (!r->present)
            continue;
        p->total_ms += r->answered ? r->time_ms : g->limit_ms;
        if (!r->right) {
            p->streak = 0;
            continue;
        }
        p->streak++;
        r->bonus = class_streak_bonus(p->streak);
        r->points = class_speed_points(r->time_ms, g->limit_ms) + r->bonus;
        p->score += r->points;
    }
    g->phase = CLASS_CLOSED;
    g->paused = false;
    rerank(g);
    g->version++;
}

bool class_game_tick(struct class_game *g, int64_t now_ms)
{
    if (g->phase != CLASS_OPEN || g->paused ||
        now_ms - g->opened_ms < g->limit_ms)
        return false;
    class_close_question(g);
    return true;
}

static int wrong_phase(struct class_game *g, const char *action,
                       struct rc_err *err)
{
    const char *why = g->phase == CLASS_OPEN && g->paused
                          ? "the question is paused"
                          : class_phase_name(g->phase);
    return rc_err_set(err, RC_ECONFLICT, "%s: not now (%s)", action, why);
}

int class_game_start(struct class_game *g, int64_t now_ms, struct rc_err *err)
{
    if (g->phase != CLASS_LOBBY)
        return wrong_phase(g, "start", err);
    open_question(g, 0, now_ms);
    return RC_OK;
}

int class_game_next(struct class_game *g, int64_t now_ms, struct rc_err *err)
{
    class_game_tick(g, now_ms);
    if (g->phase == CLASS_OPEN)
        class_close_question(g);
    else if (g->phase == CLASS_CLOSED)
        advance(g, now_ms);
    else
        return wrong_phase(g, "next", err);
    return RC_OK;
}

int class_game_pause(struct class_game *g, int64_t now_ms, struct rc_err *err)
{
    class_game_tick(g, now_ms);
    if (g->phase != CLASS_OPEN || g->paused)
        return wrong_phase(g, "pause", err);
    g->paused = true;
    g->paused_at_ms = now_ms;
    g->version++;
    return RC_OK;
}

int class_game_resume(struct class_game *g, int64_t now_ms, struct rc_err *err)
{
    if (g->phase != CLASS_OPEN || !g->paused)
        return rc_err_set(err, RC_ECONFLICT, "resume: nothing is paused");
    if (now_ms > g->paused_at_ms)
        g->opened_ms += now_ms - g->paused_at_ms;
    g->paused = false;
    g->version++;
    return RC_OK;
}

int class_game_skip(struct class_game *g, int64_t now_ms, struct rc_err *err)
{
    class_game_tick(g, now_ms);
    if (g->phase != CLASS_OPEN)
        return wrong_phase(g, "skip", err);
    g->q[g->cur].skipped = true;
    for (size_t i = 0; i < g->n_p; i++) {
        struct record *r = &g->p[i].rec[g->cur];
        free(r->given);
        memset(r, 0, sizeof(*r));
    }
    advance(g, now_ms);
    return RC_OK;
}

int class_game_end(struct class_game *g, int64_t now_ms, struct rc_err *err)
{
    class_game_tick(g, now_ms);
    if (g->phase == CLASS_OVER)
        return wrong_phase(g, "end", err);
    if (g->phase == CLASS_OPEN)
        class_close_question(g);
    g->phase = CLASS_OVER;
    g->version++;
    return RC_OK;
}

/* ---- Scoring --------------------------------------------------------- */

int class_speed_points(int64_t t_ms, int64_t limit_ms)
{
    if (limit_ms <= 0)
        return 0;
    if (t_ms < 0)
        t_ms = 0;
    if (t_ms > limit_ms)
        t_ms = limit_ms;
    /* 1000 * (2T - t) / 2T, half up: the + T is half the divisor. */
    return (int)((1000 * (2 * limit_ms - t_ms) + limit_ms) / (2 * limit_ms));
}

int class_streak_bonus(size_t streak)
{
    if (streak <= 1)
        return 0;
    return streak >= 6 ? 500 : (int)(100 * (streak - 1));
}
