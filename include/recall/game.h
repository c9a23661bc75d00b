/* game.h -- the live classroom quiz as a pure state machine.
 *
 * A teacher hosts a game (issue 7): students join with a six-digit code
 * and a name, every question is open for a time limit, answers score by
 * speed and streak, a leaderboard follows each question and a podium
 * ends the game.  This module is the game's rules and nothing else: it
 * does no I/O, reads no clock (every call that can move time takes
 * 'now_ms') and draws randomness only from a source the caller gives, so
 * a whole game can be played in a unit test, and replayed exactly.
 *
 * Not here: HTTP (src/sync's server pieces, wired in by the host
 * command), JSON (docs/class-protocol.md describes it), the browser page
 * (src/class/page.h), the host's terminal, writing the report to
 * CSV/JSON (the CLI), making the questions (quiz.h does that).
 *
 * Threads: a game is not thread-safe.  Call it from one thread at a time
 * (the server holds one mutex around every call).
 *
 * ---- Phases ---------------------------------------------------------
 *
 *   LOBBY --start--> OPEN --(time up | next | everyone answered)--> CLOSED
 *   CLOSED --next--> OPEN (the next question) or OVER (after the last)
 *   OPEN --skip--> OPEN (the next question) or OVER; the skipped
 *                  question scores nobody and leaves every streak alone
 *   OPEN --pause--> OPEN, paused: the clock stops and answers are refused
 *                  until resume; the time paused is not counted
 *   any --end--> OVER (an open question is closed and scored first)
 *
 * ---- Scoring --------------------------------------------------------
 *
 * Each question has the limit T = limit_ms.  An answer given t ms after
 * the question opened (time paused not counted) is accepted only while
 * t < T, once per player and question.  When the question closes:
 *
 *   right:  points = round(1000 * (1 - t / (2T)))      (1000 down to 500)
 *                  + min(100 * (streak - 1), 500)      (streak bonus)
 *           where streak counts this answer and the right answers just
 *           before it without a break (first right answer: no bonus,
 *           second in a row: 100, ..., sixth and later: 500);
 *   wrong, almost (a near miss, as quiz.h counts it), or no answer:
 *           0 points, and the streak is reset to 0.
 *
 * Rounding is half up, in integers: T = 20 s, t = 5 s gives 875.
 *
 * Ranking: by score, higher first; then by total time, lower first: the
 * sum over the questions the player took part in (joined before the
 * question closed, not skipped) of the answer time, or T when they gave
 * no answer; then by name (the folded key of class_game_join()).  Places
 * are 1..n with no ties, recomputed when a question closes and when a
 * player joins. */
#ifndef RECALL_GAME_H
#define RECALL_GAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/deck.h"
#include "recall/err.h"
#include "recall/quiz.h"

#define CLASS_MAX_PLAYERS      500
#define CLASS_MAX_QUESTIONS    1000
#define CLASS_MAX_OPTIONS      64   /* choice options, order items */
#define CLASS_MAX_TEXT_BYTES   8192 /* a question, option or answer text */
#define CLASS_NAME_MAX_CHARS   24   /* characters, after trimming */
#define CLASS_NAME_MAX_BYTES   256  /* a name as sent, before trimming */
#define CLASS_ANSWER_MAX_BYTES 1024 /* a typed answer as sent */
#define CLASS_MIN_LIMIT_MS     1000
#define CLASS_MAX_LIMIT_MS     3600000
#define CLASS_CODE_LEN         6  /* digits of the join code */
#define CLASS_TOKEN_LEN        32 /* hex digits of a rejoin token */

struct class_game; /* opaque */

/* Fill buf[0..len) with random bytes.  The server passes a
 * cryptographic source (tokens are secrets); tests a fixed stream. */
typedef void class_random_fn(void *arg, unsigned char *buf, size_t len);

/* A question to put: every pointer is borrowed for class_game_new()
 * only (the game copies what it keeps). */
struct class_question {
    enum rc_quiz_ask ask;
    const char *text;   /* the question as shown */
    const char *card;   /* the card's stable name, passed through for the
                           student's --record; NULL: "" */
    const char *answer; /* typed: the expected answer */
    const struct rc_strlist *accept;  /* typed: other right answers, or NULL */
    bool ignore_accents;              /* typed */
    const struct rc_strlist *options; /* choice: the options in the order
                                         shown; order: the items in the
                                         RIGHT order (the game shuffles
                                         them for showing) */
    size_t answer_option;             /* choice: options->v[answer_option]
                                         is right */
};

/* An answer as a player sends it; only the member of the question's
 * kind is read. */
struct class_answer {
    size_t option;       /* choice: 0-based index into the shown options */
    const char *text;    /* typed: UTF-8, at most CLASS_ANSWER_MAX_BYTES */
    const size_t *order; /* order: the shown items' indexes (0-based), in
                            the order the player put them */
    size_t n_order;      /* order: must be the number of items */
};

enum class_phase {
    CLASS_LOBBY,  /* waiting for the host to start */
    CLASS_OPEN,   /* a question takes answers (unless paused) */
    CLASS_CLOSED, /* its answers and the leaderboard are shown */
    CLASS_OVER,   /* the podium */
};

/* "lobby", "open", "closed", "over". */
const char *class_phase_name(enum class_phase phase);

/* ---- Lifecycle ------------------------------------------------------ */

/* Make a game of the 'n' questions 'q' (borrowed for the call), each
 * open for 'limit_ms', with a join code drawn from 'rnd'.  'rnd' and
 * 'rnd_arg' are kept: they must outlive the game (tokens and order
 * shuffles draw from them).  The game starts in the lobby.
 *
 * On success return RC_OK and set *out, which the caller frees with
 * class_game_free().  On failure return RC_EINVAL (no question, more
 * than CLASS_MAX_QUESTIONS, a limit outside CLASS_MIN_LIMIT_MS..
 * CLASS_MAX_LIMIT_MS, a choice without options or with answer_option
 * out of range, an order question of fewer than 2 items, more than
 * CLASS_MAX_OPTIONS options, a NULL or over-long or invalid UTF-8 text),
 * leave *out NULL and fill 'err' ("question 3: no options"). */
int class_game_new(const struct class_question *q, size_t n, int64_t limit_ms,
                   class_random_fn *rnd, void *rnd_arg, struct class_game **out,
                   struct rc_err *err);

/* Free the game; NULL is a harmless no-op. */
void class_game_free(struct class_game *g);

/* The join code: CLASS_CODE_LEN digits, the first not 0; borrowed, valid
 * until class_game_free(). */
const char *class_game_code(const struct class_game *g);

/* Bumped by every change a player or the host could see (a join, an
 * answer count, a phase, a pause): the server's long-poll and
 * server-sent events wait for it to move. */
uint64_t class_game_version(const struct class_game *g);

/* ---- Players -------------------------------------------------------- */

/* Join 'name' (borrowed) to the game whose code is 'code'.
 *
 * The name is trimmed of white space; what is left must be 1 to
 * CLASS_NAME_MAX_CHARS characters of well-formed UTF-8 with no control
 * character (C0, DEL, C1) and no bidirectional override.  Two names are
 * the same when rc_check_normalize() makes them equal (case and inner
 * white space folded, punctuation around the name dropped, accents
 * kept), so "Ann", " ann " and "Ann!" are one name: a classmate cannot
 * pass for another by a dot or a capital.
 *
 * On success return RC_OK, set *player (an index, stable for the game)
 * and write a new random rejoin token (CLASS_TOKEN_LEN lowercase hex
 * digits and a NUL) to 'token'.  A player who joins after the start
 * plays from the question open now (or the next one).  On failure the
 * game is unchanged and 'err' says why: RC_ENOTFOUND a wrong code,
 * RC_EINVAL a bad name, RC_ELIMIT a name over CLASS_NAME_MAX_BYTES or
 * CLASS_MAX_PLAYERS players already, RC_ECONFLICT a name taken or a game
 * over. */
int class_game_join(struct class_game *g, const char *code, const char *name,
                    int64_t now_ms, size_t *player,
                    char token[CLASS_TOKEN_LEN + 1], struct rc_err *err);

/* Come back as 'name' with the 'token' given at join (both borrowed):
 * RC_OK and *player, score and streak kept; RC_ENOTFOUND a wrong code,
 * RC_EAUTH an unknown name or a wrong token (the same message for
 * both).  The token is compared in constant time. */
int class_game_rejoin(struct class_game *g, const char *code, const char *name,
                      const char *token, size_t *player, struct rc_err *err);

/* The player whose token is 'token' (borrowed): RC_OK and *player, or
 * RC_EAUTH.  Every player's token is compared, in constant time. */
int class_game_find(const struct class_game *g, const char *token,
                    size_t *player, struct rc_err *err);

size_t class_game_players(const struct class_game *g);

/* ---- The host ------------------------------------------------------- */
/* Each returns RC_OK, or RC_ECONFLICT with 'err' saying why when the
 * action does not fit the phase (the game is then unchanged). */

int class_game_start(struct class_game *g, int64_t now_ms,
                     struct rc_err *err); /* LOBBY -> question 1 open */
/* OPEN: close the question now.  CLOSED: open the next, or end after
 * the last. */
int class_game_next(struct class_game *g, int64_t now_ms, struct rc_err *err);
int class_game_pause(struct class_game *g, int64_t now_ms,
                     struct rc_err *err); /* OPEN, not paused */
int class_game_resume(struct class_game *g, int64_t now_ms,
                      struct rc_err *err); /* OPEN, paused */
/* OPEN: drop this question (its answers are discarded) and open the
 * next, or end after the last. */
int class_game_skip(struct class_game *g, int64_t now_ms, struct rc_err *err);
/* Any phase but OVER. */
int class_game_end(struct class_game *g, int64_t now_ms, struct rc_err *err);

/* Let time pass: close the open question when its time is up.  Every
 * call taking now_ms does this first; the server calls it at the
 * deadline so that clients waiting for a change see the question close.
 * Returns true when it closed a question. */
bool class_game_tick(struct class_game *g, int64_t now_ms);

/* ---- Answering ------------------------------------------------------ */

/* Record 'player''s answer 'a' (borrowed) to question 'question'
 * (0-based).  It is checked at once (typed by rc_check_answer(), choice
 * by option index, order by comparing the items put in order with the
 * right order) and scored when the question closes.  When the last
 * player to answer does, the question closes.
 *
 * Returns RC_OK; RC_EINVAL for a malformed answer (an option out of
 * range, an order that is not a permutation of the items, text NULL or
 * not UTF-8) or an unknown player, and RC_ELIMIT for a text over
 * CLASS_ANSWER_MAX_BYTES, both changing nothing (the player may still
 * answer); RC_ECONFLICT when the question is not the one open, is
 * paused, its time is up (at t >= T; the answer counts as none), or the
 * player answered it already (the first answer stands). */
int class_game_answer(struct class_game *g, size_t player, size_t question,
                      const struct class_answer *a, int64_t now_ms,
                      struct rc_err *err);

/* ---- Reading the game ----------------------------------------------- */

/* Where the game is at 'now_ms' (after class_game_tick()). */
struct class_status {
    enum class_phase phase;
    size_t question;    /* 0-based: the open or last closed question; 0
                           in the lobby */
    size_t n_questions; /* in the game, skipped ones included */
    bool paused;
    int64_t limit_ms;
    int64_t remaining_ms; /* OPEN: time left (frozen while paused); else 0 */
    int64_t deadline_ms;  /* OPEN and running: when time is up; else 0 */
    size_t n_players;
    size_t n_answered; /* answers to the current question */
    uint64_t version;  /* class_game_version() */
};

void class_game_status(struct class_game *g, int64_t now_ms,
                       struct class_status *out);

/* Question 'i' as shown; strings borrowed until class_game_free(). */
struct class_shown {
    enum rc_quiz_ask ask;
    const char *text;
    const char *card;
    const struct rc_strlist *shown; /* choice: options; order: the items,
                                       shuffled; typed: empty */
    const char *right;    /* the right answer in words (order: the items
                             in order, joined by " > ") */
    size_t answer_option; /* choice: index of the right option */
    bool skipped;
};

/* RC_OK, or RC_ENOTFOUND when i is out of range. */
int class_game_question(const struct class_game *g, size_t i,
                        struct class_shown *out);

/* One player's outcome on one question: a row of the report.  Strings
 * are borrowed until class_game_free(). */
struct class_result {
    size_t player;
    const char *name;
    size_t question; /* 0-based */
    bool answered;   /* an answer was accepted */
    bool right;
    bool almost;       /* typed: a near miss (scores 0) */
    const char *given; /* in words (a choice's option text, order items
                          joined by " > "); "" for none */
    int64_t time_ms;   /* answer time; -1 for none */
    int points;        /* speed plus bonus; 0 until the question closes */
    int bonus;         /* the streak part of points */
};

/* 'player''s result on question 'q'.  RC_OK; RC_ENOTFOUND when either
 * is out of range or the player was not in the game at that question
 * (joined later, or the question was skipped or never asked). */
int class_game_result(const struct class_game *g, size_t player, size_t q,
                      struct class_result *out);

/* One row of the leaderboard. */
struct class_rank {
    size_t place; /* 1-based */
    size_t player;
    const char *name; /* borrowed until class_game_free() */
    int64_t score;
    int64_t total_ms; /* the tie-break time (see Ranking) */
    size_t streak;
};

/* Write the first min(max, players) rows of the leaderboard to out[]
 * and return how many.  The podium is the first 3 once OVER. */
size_t class_game_leaderboard(const struct class_game *g,
                              struct class_rank *out, size_t max);

/* 'player''s row: RC_OK or RC_ENOTFOUND. */
int class_game_rank(const struct class_game *g, size_t player,
                    struct class_rank *out);

/* The answers to question 'q'.  A zeroed struct is empty. */
struct class_distribution {
    size_t *counts;  /* choice: answers per shown option; NULL otherwise */
    size_t n_counts; /* choice: the number of options */
    size_t right;
    size_t wrong; /* near misses included */
    size_t almost;
    size_t none; /* players in the game who gave no answer */
};

/* Count the answers to question 'q' (so far, while it is open) into
 * 'out' (previous contents are not freed); the caller frees it with
 * class_distribution_release().  RC_OK or RC_ENOTFOUND. */
int class_game_distribution(const struct class_game *g, size_t q,
                            struct class_distribution *out);
void class_distribution_release(struct class_distribution *d);

/* The report: one row per player (in join order) per question they
 * took part in (in question order), skipped questions left out.  A
 * zeroed struct is empty. */
struct class_report {
    struct class_result *v; /* strings borrowed from the game */
    size_t n;
};

/* Fill 'out' (previous contents are not freed); the caller frees it with
 * class_report_release(), before class_game_free(). */
void class_game_report(const struct class_game *g, struct class_report *out);
void class_report_release(struct class_report *r);

/* ---- Scoring, alone ------------------------------------------------- */

/* round(1000 * (1 - t/(2T))), half up; t is clamped to 0..T. */
int class_speed_points(int64_t t_ms, int64_t limit_ms);
/* min(100 * (streak - 1), 500); 0 for a streak of 0 or 1. */
int class_streak_bonus(size_t streak);

#endif /* RECALL_GAME_H */
