/* game_int.h -- the inside of struct class_game, shared by game.c (the
 * lifecycle, players and host actions) and game_play.c (answering and
 * reading the game).  Nothing outside src/class/game*.c includes it. */
#ifndef RECALL_CLASS_GAME_INT_H
#define RECALL_CLASS_GAME_INT_H

#include "recall/game.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/deck.h"

struct question {
    enum rc_quiz_ask ask;
    char *text;
    char *card;
    char *answer; /* typed: expected */
    char *right;  /* the right answer in words */
    struct rc_strlist accept;
    bool ignore_accents;
    struct rc_strlist shown; /* choice: options; order: items shuffled */
    struct rc_strlist items; /* order: items in the right order */
    size_t answer_option;
    bool asked; /* opened once */
    bool skipped;
};

/* One player on one question. */
struct record {
    bool present; /* in the game while the question was open */
    bool answered;
    bool right;
    bool almost;
    size_t option; /* choice: the option picked */
    char *given;   /* NULL for none */
    int64_t time_ms;
    int points;
    int bonus;
};

struct player {
    char *name; /* trimmed, as given */
    char *key;  /* folded: what makes two names the same */
    char token[CLASS_TOKEN_LEN + 1];
    int64_t score;
    int64_t total_ms;
    size_t streak;
    size_t place;
    struct record *rec; /* one per question */
};

struct class_game {
    struct question *q;
    size_t n_q;
    int64_t limit_ms;
    class_random_fn *rnd;
    void *rnd_arg;
    char code[CLASS_CODE_LEN + 1];

    enum class_phase phase;
    size_t cur; /* the open or last closed question */
    bool paused;
    int64_t opened_ms; /* moved later by each pause, so now - opened_ms is
                          the time the question has been running */
    int64_t paused_at_ms;
    size_t n_answered;

    struct player *p;
    size_t n_p;
    size_t *rank; /* player indexes, first place first */
    uint64_t version;
};

/* Close the open question and score it (game.c). */
void class_close_question(struct class_game *g);

#endif /* RECALL_CLASS_GAME_INT_H */
