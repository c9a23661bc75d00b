/* host_state.c -- one player's view of the game, as JSON.
 *
 * Every state the host sends (the long poll's answer, each event of the
 * stream) comes from class_state_json(), so the two can never disagree.
 * The shape is docs/class-protocol.md's "The state": every key present
 * in every phase, null where it does not apply, so a client never tests
 * for a key's presence.  What it leaves out on purpose: whether an
 * answer to the open question was right (told only once it closes, so a
 * neighbour's screen gives nothing away) and other players' answers.
 *
 * The caller holds the host's lock; nothing here blocks. */
#include "host_int.h"

#include <string.h>

#define BOARD_ROWS  5
#define PODIUM_ROWS 3

static const char *kind_name(enum rc_quiz_ask ask)
{
    switch (ask) {
    case RC_QUIZ_ASK_CHOICE:
        return "choice";
    case RC_QUIZ_ASK_TYPED:
        return "typed";
    case RC_QUIZ_ASK_ORDER:
        return "order";
    }
    return "typed";
}

static json_t *strings(const struct rc_strlist *l)
{
    json_t *a = json_array();
    for (size_t i = 0; l && i < l->n; i++)
        json_array_append_new(a, json_string(l->v[i]));
    return a;
}

static json_t *question_json(const struct class_game *g,
                             const struct class_status *st, size_t player)
{
    if (st->phase == CLASS_LOBBY)
        return json_null();
    struct class_shown q;
    if (class_game_question(g, st->question, &q) < 0)
        return json_null();
    struct class_result r;
    bool answered =
        class_game_result(g, player, st->question, &r) == RC_OK && r.answered;
    return json_pack(
        "{s:I,s:I,s:I,s:s,s:s,s:s,s:o,s:I,s:I,s:b,s:b}", "index",
        (json_int_t)st->question, "number", (json_int_t)st->question + 1,
        "count", (json_int_t)st->n_questions, "kind", kind_name(q.ask), "text",
        q.text, "card", q.card ? q.card : "", "options",
        q.ask == RC_QUIZ_ASK_TYPED ? json_array() : strings(q.shown),
        "limit_ms", (json_int_t)st->limit_ms, "remaining_ms",
        (json_int_t)st->remaining_ms, "paused", st->paused, "answered",
        answered);
}

static json_t *result_json(const struct class_game *g,
                           const struct class_status *st, size_t player)
{
    if (st->phase != CLASS_CLOSED && st->phase != CLASS_OVER)
        return json_null();
    struct class_result r;
    struct class_shown q;
    if (class_game_result(g, player, st->question, &r) < 0 ||
        class_game_question(g, st->question, &q) < 0)
        return json_null();
    return json_pack("{s:I,s:b,s:b,s:b,s:s,s:s,s:o,s:i,s:i}", "number",
                     (json_int_t)st->question + 1, "answered", r.answered,
                     "right", r.right, "almost", r.almost, "given", r.given,
                     "right_answer", q.right, "time_ms",
                     r.answered ? json_integer(r.time_ms) : json_null(),
                     "points", r.points, "bonus", r.bonus);
}

static json_t *board_json(const struct class_game *g, size_t rows)
{
    struct class_rank rank[BOARD_ROWS];
    size_t n = class_game_leaderboard(g, rank, rows);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I,s:s,s:I}", "place",
                                           (json_int_t)rank[i].place, "name",
                                           rank[i].name, "score",
                                           (json_int_t)rank[i].score));
    return a;
}

static json_t *you_json(const struct class_game *g, size_t player)
{
    struct class_rank me;
    if (class_game_rank(g, player, &me) < 0)
        return json_null();
    return json_pack("{s:s,s:I,s:I,s:I}", "name", me.name, "score",
                     (json_int_t)me.score, "place", (json_int_t)me.place,
                     "streak", (json_int_t)me.streak);
}

json_t *class_state_json(struct class_game *g, size_t player, int64_t now_ms)
{
    struct class_status st;
    class_game_status(g, now_ms, &st);
    bool shown = st.phase == CLASS_CLOSED || st.phase == CLASS_OVER;
    return json_pack(
        "{s:i,s:I,s:s,s:I,s:o,s:o,s:o,s:o,s:o}", "protocol", 1, "version",
        (json_int_t)st.version, "phase", class_phase_name(st.phase), "players",
        (json_int_t)st.n_players, "question", question_json(g, &st, player),
        "result", result_json(g, &st, player), "you", you_json(g, player),
        "leaderboard", shown ? board_json(g, BOARD_ROWS) : json_null(),
        "podium",
        st.phase == CLASS_OVER ? board_json(g, PODIUM_ROWS) : json_null());
}

uint64_t class_state_key(struct class_game *g, int64_t now_ms)
{
    struct class_status st;
    class_game_status(g, now_ms, &st);
    return ((uint64_t)st.question << 8) | ((uint64_t)st.phase << 1) |
           (st.paused ? 1u : 0u);
}
