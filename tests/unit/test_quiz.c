/* test_quiz.c -- making quiz questions, and keeping quiz runs.
 *
 * Case groups:
 *   distractors-*  the wrong options of a made-up choice: share a tag,
 *                  never the answer (nor a case, space or accent variant,
 *                  nor an accepted answer), never repeated, never a
 *                  sibling, ranked by shape, kind and length, the same
 *                  for a seed, falling back to untagged cards
 *   build-*        which cards, asked how, with which options
 *   points-*       scoring: right 1, almost and late 0
 *   mode-*         --kind names
 *   runs-*         a run stored and listed back, per profile */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall/catalog.h"
#include "recall/collection.h"
#include "recall/deck.h"
#include "recall/import.h"
#include "recall/quiz.h"

/* A card for the tests: an answer, tags, a kind and its own note. */
static struct rc_quiz_card card(int64_t id, enum rc_kind kind,
                                const char *answer, const char *tags)
{
    return (struct rc_quiz_card){
        .card_id = id,
        .note_id = id,
        .kind = kind,
        .question = "Q?",
        .answer = answer,
        .tags = tags,
    };
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Whether out[0..n) holds index i. */
static bool holds(const size_t *out, size_t n, size_t i)
{
    for (size_t k = 0; k < n; k++)
        if (out[k] == i)
            return true;
    return false;
}

static void distractors_share_a_tag(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_TYPED, "1936", "book years"),
        card(2, RC_KIND_TYPED, "1917", "years"),
        card(3, RC_KIND_TYPED, "1905", "other"),
        card(4, RC_KIND_TYPED, "1921", "war years"),
        card(5, RC_KIND_TYPED, "1924", "book"),
        card(6, RC_KIND_TYPED, "1940", ""),
    };
    size_t out[3];

    size_t n = rc_quiz_distractors(cards, N(cards), 0, 3, 7, out);

    assert_int_equal(n, 3);
    assert_true(holds(out, n, 1));
    assert_true(holds(out, n, 3));
    assert_true(holds(out, n, 4));
}

static void distractors_never_the_answer_in_any_spelling(void **state)
{
    (void)state;
    struct rc_strlist accept = {0};
    rc_strlist_add(&accept, "Leon Trotsky");
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_TYPED, "Trotsky", "names"),
        card(2, RC_KIND_TYPED, "  TROTSKY. ", "names"),
        card(3, RC_KIND_TYPED, "trotsky", "names"),
        card(4, RC_KIND_TYPED, "Trótsky", "names"),
        card(5, RC_KIND_TYPED, "leon   trotsky", "names"),
        card(6, RC_KIND_TYPED, "Lenin", "names"),
        card(7, RC_KIND_TYPED, "", "names"),
        card(8, RC_KIND_TYPED, "?!", "names"),
    };
    cards[0].accept = &accept;
    size_t out[3];

    size_t n = rc_quiz_distractors(cards, N(cards), 0, 3, 1, out);

    /* "?!" normalises to itself (punctuation only), so it stays. */
    assert_int_equal(n, 2);
    assert_true(holds(out, n, 5));
    assert_true(holds(out, n, 7));
    rc_strlist_release(&accept);
}

static void
distractors_never_hold_the_answer_nor_show_in_the_question(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_TYPED, "1917", "y"),
        card(2, RC_KIND_TYPED, "the October Revolution of 1917", "y"),
        card(3, RC_KIND_BASIC, "October", "y"),
        card(4, RC_KIND_TYPED, "1905", "y"),
        card(5, RC_KIND_TYPED, "19170", "y"),
    };
    cards[0].question = "In which year did the October Revolution happen?";
    size_t out[3];

    size_t n = rc_quiz_distractors(cards, N(cards), 0, 3, 4, out);

    assert_int_equal(n, 2);
    assert_true(holds(out, n, 3));
    assert_true(holds(out, n, 4)); /* not the word 1917 */

    /* The other way round: an answer inside the option's words. */
    n = rc_quiz_distractors(cards, N(cards), 1, 3, 4, out);
    assert_false(holds(out, n, 0));
}

static void distractors_never_repeat(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_TYPED, "1936", "y"),
        card(2, RC_KIND_TYPED, "1917", "y"),
        card(3, RC_KIND_TYPED, "1917.", "y"),
        card(4, RC_KIND_TYPED, " 1917", "y"),
        card(5, RC_KIND_TYPED, "1918", "y"),
    };
    size_t out[3];

    size_t n = rc_quiz_distractors(cards, N(cards), 0, 3, 99, out);

    assert_int_equal(n, 2);
    assert_true(holds(out, n, 4));
    size_t n1917 = holds(out, n, 1) + holds(out, n, 2) + holds(out, n, 3);
    assert_int_equal(n1917, 1);
}

static void distractors_skip_siblings_of_the_note(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_REVERSED, "Paris", "geo"),
        card(2, RC_KIND_REVERSED, "Capital of France", "geo"),
        card(3, RC_KIND_BASIC, "Rome", "geo"),
    };
    cards[1].note_id = cards[0].note_id;
    size_t out[3];

    size_t n = rc_quiz_distractors(cards, N(cards), 0, 3, 5, out);

    assert_int_equal(n, 1);
    assert_int_equal(out[0], 2);
}

static void distractors_rank_shape_kind_length(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_TYPED, "1936", "t"),
        card(2, RC_KIND_TYPED, "the year after the civil war", "t"),
        card(3, RC_KIND_TYPED, "Stalin", "t"),
        card(4, RC_KIND_BASIC, "1917-1921", "t"),
        card(5, RC_KIND_TYPED, "1905", "t"),
        card(6, RC_KIND_TYPED, "12", "t"),
    };
    size_t out[5];

    size_t n = rc_quiz_distractors(cards, N(cards), 0, 5, 3, out);

    /* Numbers first: same kind and length (1905), same kind (12), then
     * another kind (1917-1921); then the other shapes by length: a word
     * of 6 characters before a sentence of 28. */
    assert_int_equal(n, 5);
    assert_int_equal(out[0], 4);
    assert_int_equal(out[1], 5);
    assert_int_equal(out[2], 3);
    assert_int_equal(out[3], 2);
    assert_int_equal(out[4], 1);
}

static void distractors_prefer_a_similar_length(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_BASIC, "a new ruling class", "c"),
        card(2, RC_KIND_BASIC, "internationalist proletarian vanguard party",
             "c"),
        card(3, RC_KIND_BASIC, "a privileged caste", "c"),
        card(4, RC_KIND_BASIC, "the working class", "c"),
    };
    size_t out[3];

    size_t n = rc_quiz_distractors(cards, N(cards), 0, 3, 11, out);

    assert_int_equal(n, 3);
    assert_int_equal(out[2], 1); /* 4 words too, but 43 characters */
}

static void distractors_same_for_a_seed_vary_across_seeds(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_TYPED, "red", "c"),
        card(2, RC_KIND_TYPED, "blue", "c"),
        card(3, RC_KIND_TYPED, "green", "c"),
        card(4, RC_KIND_TYPED, "black", "c"),
        card(5, RC_KIND_TYPED, "white", "c"),
        card(6, RC_KIND_TYPED, "pink", "c"),
        card(7, RC_KIND_TYPED, "grey", "c"),
    };
    size_t a[3], b[3];
    size_t na = rc_quiz_distractors(cards, N(cards), 0, 3, 42, a);
    size_t nb = rc_quiz_distractors(cards, N(cards), 0, 3, 42, b);
    assert_int_equal(na, 3);
    assert_int_equal(nb, 3);
    assert_memory_equal(a, b, sizeof(a));

    bool varied = false;
    for (uint64_t seed = 1; seed < 40 && !varied; seed++) {
        size_t c[3];
        rc_quiz_distractors(cards, N(cards), 0, 3, seed, c);
        varied = memcmp(a, c, sizeof(a)) != 0;
    }
    assert_true(varied);
}

static void distractors_fall_back_to_untagged_cards(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_TYPED, "Kamenev", "trials"),
        card(2, RC_KIND_TYPED, "Zinoviev", "trials"),
        card(3, RC_KIND_TYPED, "Bukharin", "other"),
        card(4, RC_KIND_TYPED, "Radek", ""),
        card(5, RC_KIND_TYPED, "Rykov", NULL),
    };
    size_t out[3];

    size_t n = rc_quiz_distractors(cards, N(cards), 0, 3, 8, out);

    assert_int_equal(n, 3);
    assert_int_equal(out[0], 1); /* the only one sharing a tag comes first */
    assert_false(holds(out, n, 0));
}

static void distractors_fewer_when_the_deck_is_small(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_BASIC, "yes", "a"),
        card(2, RC_KIND_BASIC, "no", "b"),
    };
    size_t out[3];

    assert_int_equal(rc_quiz_distractors(cards, N(cards), 0, 3, 1, out), 1);
    assert_int_equal(out[0], 1);
    assert_int_equal(rc_quiz_distractors(cards, 1, 0, 3, 1, out), 0);
}

/* The options of question 'q' hold the answer at answer_option and
 * never twice. */
static void assert_options_fair(const struct rc_quiz_question *q,
                                const char *answer)
{
    assert_string_equal(q->options.v[q->answer_option], answer);
    for (size_t i = 0; i < q->options.n; i++)
        for (size_t k = i + 1; k < q->options.n; k++)
            assert_string_not_equal(q->options.v[i], q->options.v[k]);
}

static void build_asks_each_kind_its_way(void **state)
{
    (void)state;
    struct rc_strlist opts = {0};
    rc_strlist_add(&opts, "Mars");
    rc_strlist_add(&opts, "Moon");
    rc_strlist_add(&opts, "Sun");
    struct rc_quiz_card cards[] = {
        card(1, RC_KIND_BASIC, "blue", "t"),
        card(2, RC_KIND_TYPED, "1917", "t"),
        card(3, RC_KIND_CLOZE, "Zinoviev", "t"),
        card(4, RC_KIND_CHOICE, "Mars", "t"),
        card(5, RC_KIND_ORDER, "one, two, three", "t"),
    };
    cards[3].options = &opts;
    static const enum rc_quiz_ask want[3][5] = {
        /* mixed */ {RC_QUIZ_ASK_CHOICE, RC_QUIZ_ASK_TYPED, RC_QUIZ_ASK_TYPED,
                     RC_QUIZ_ASK_CHOICE, RC_QUIZ_ASK_ORDER},
        /* choice */
        {RC_QUIZ_ASK_CHOICE, RC_QUIZ_ASK_CHOICE, RC_QUIZ_ASK_CHOICE,
         RC_QUIZ_ASK_CHOICE, RC_QUIZ_ASK_ORDER},
        /* typed */
        {RC_QUIZ_ASK_TYPED, RC_QUIZ_ASK_TYPED, RC_QUIZ_ASK_TYPED,
         RC_QUIZ_ASK_TYPED, RC_QUIZ_ASK_ORDER},
    };
    for (int mode = 0; mode < 3; mode++) {
        struct rc_quiz q = {0};
        struct rc_err err = {0};
        assert_int_equal(rc_quiz_build(cards, N(cards), 100,
                                       (enum rc_quiz_mode)mode, 9, &q, &err),
                         RC_OK);
        assert_int_equal(q.n, N(cards));
        for (size_t i = 0; i < q.n; i++) {
            const struct rc_quiz_question *qq = &q.v[i];
            assert_int_equal(qq->ask, want[mode][qq->card]);
            if (qq->ask == RC_QUIZ_ASK_CHOICE)
                assert_options_fair(qq, cards[qq->card].answer);
            else
                assert_int_equal(qq->options.n, 0);
            if (qq->card == 3 && qq->ask == RC_QUIZ_ASK_CHOICE) {
                assert_int_equal(qq->options.n, 3); /* its own options */
                assert_int_equal(qq->n_distractors, 0);
            }
        }
        rc_quiz_release(&q);
    }
    rc_strlist_release(&opts);
}

static void build_takes_count_cards_once_each_by_seed(void **state)
{
    (void)state;
    struct rc_quiz_card cards[8];
    static const char *const answers[] = {"a1", "b2", "c3", "d4",
                                          "e5", "f6", "g7", "h8"};
    for (size_t i = 0; i < 8; i++)
        cards[i] = card((int64_t)i + 1, RC_KIND_TYPED, answers[i], "t");
    struct rc_quiz a = {0}, b = {0};
    struct rc_err err = {0};
    assert_int_equal(rc_quiz_build(cards, 8, 5, RC_QUIZ_CHOICE, 1234, &a, &err),
                     RC_OK);
    assert_int_equal(rc_quiz_build(cards, 8, 5, RC_QUIZ_CHOICE, 1234, &b, &err),
                     RC_OK);
    assert_int_equal(a.n, 5);
    bool seen[8] = {false};
    for (size_t i = 0; i < a.n; i++) {
        assert_false(seen[a.v[i].card]);
        seen[a.v[i].card] = true;
        assert_int_equal(a.v[i].card, b.v[i].card);
        assert_int_equal(a.v[i].answer_option, b.v[i].answer_option);
        assert_int_equal(a.v[i].options.n, 4);
        assert_int_equal(a.v[i].n_distractors, 3);
        assert_int_equal(a.v[i].n_shared_tag, 3);
        for (size_t k = 0; k < 4; k++)
            assert_string_equal(a.v[i].options.v[k], b.v[i].options.v[k]);
        assert_options_fair(&a.v[i], cards[a.v[i].card].answer);
    }
    rc_quiz_release(&a);
    rc_quiz_release(&b);
}

static void build_asks_typed_when_no_distractor_exists(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {card(1, RC_KIND_BASIC, "alone", "t")};
    struct rc_quiz q = {0};
    struct rc_err err = {0};
    assert_int_equal(rc_quiz_build(cards, 1, 3, RC_QUIZ_CHOICE, 1, &q, &err),
                     RC_OK);
    assert_int_equal(q.n, 1);
    assert_int_equal(q.v[0].ask, RC_QUIZ_ASK_TYPED);
    assert_int_equal(q.v[0].options.n, 0);
    rc_quiz_release(&q);
}

static void build_refuses_zero_questions(void **state)
{
    (void)state;
    struct rc_quiz_card cards[] = {card(1, RC_KIND_BASIC, "x", "")};
    struct rc_quiz q = {0};
    struct rc_err err = {0};
    assert_int_equal(rc_quiz_build(cards, 1, 0, RC_QUIZ_MIXED, 1, &q, &err),
                     RC_EINVAL);
    assert_string_equal(err.msg, "a quiz has 1 to 10000 questions, not 0");
    assert_null(q.v);
    assert_int_equal(q.n, 0);
    rc_quiz_release(&q);
}

static void points_right_only_in_time(void **state)
{
    (void)state;
    assert_int_equal(rc_quiz_points(RC_CHECK_RIGHT, false), 1);
    assert_int_equal(rc_quiz_points(RC_CHECK_RIGHT, true), 0);
    assert_int_equal(rc_quiz_points(RC_CHECK_ALMOST, false), 0);
    assert_int_equal(rc_quiz_points(RC_CHECK_WRONG, false), 0);
}

static void mode_names_parse_and_refuse(void **state)
{
    (void)state;
    enum rc_quiz_mode m = RC_QUIZ_MIXED;
    struct rc_err err = {0};
    assert_int_equal(rc_quiz_mode_parse("typed", &m, &err), RC_OK);
    assert_int_equal(m, RC_QUIZ_TYPED);
    assert_string_equal(rc_quiz_mode_name(RC_QUIZ_CHOICE), "choice");
    assert_null(rc_quiz_mode_name((enum rc_quiz_mode)7));
    assert_int_equal(rc_quiz_mode_parse("bogus", &m, &err), RC_EINVAL);
    assert_string_equal(err.msg, "unknown quiz kind 'bogus': expected "
                                 "choice, typed or mixed");
    assert_int_equal(m, RC_QUIZ_TYPED);
}

/* ---- runs-* ------------------------------------------------------------ */

static char tmpdir[] = "/tmp/recall-quiz-XXXXXX";

static int setup_dir(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char deck_text[] = "deck: q\ntitle: Q\n\n"
                                "typed: year\nQ: When?\nA: 1936\n\n"
                                "basic: who\nQ: Who?\nA: Trotsky\n";

struct ids {
    int64_t deck;
    int64_t cards[2];
    size_t n;
};

static int find_deck(const struct rc_deck_summary *d, void *arg)
{
    ((struct ids *)arg)->deck = d->id;
    return 0;
}

static int find_card(const struct rc_card_info *c, void *arg)
{
    struct ids *ids = arg;
    ids->cards[ids->n++] = c->card_id;
    return 0;
}

static struct rc_collection *open_with_deck(const char *name, struct ids *ids)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    struct rc_deck *deck = NULL;
    struct rc_import_stats st;
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);
    assert_int_equal(rc_deck_parse_buf("q.deck", deck_text, strlen(deck_text),
                                       &deck, NULL, &err),
                     RC_OK);
    assert_int_equal(rc_import_deck(c, deck, "/x/q.deck", 1000, &st, &err),
                     RC_OK);
    rc_deck_free(deck);
    memset(ids, 0, sizeof(*ids));
    assert_int_equal(rc_decks_each(c, 1, 0, find_deck, ids, &err), RC_OK);
    assert_int_equal(rc_cards_each(c, 1, "q", 0, find_card, ids, &err), RC_OK);
    assert_int_equal(ids->n, 2);
    return c;
}

struct seen {
    struct rc_quiz_run runs[4];
    char keys[4][16];
    char kinds[4][16];
    size_t n;
};

static int keep_run(const struct rc_quiz_run *run, void *arg)
{
    struct seen *s = arg;
    s->runs[s->n] = *run;
    snprintf(s->keys[s->n], sizeof(s->keys[0]), "%s", run->deck_key);
    snprintf(s->kinds[s->n], sizeof(s->kinds[0]), "%s", run->kind);
    s->n++;
    return 0;
}

static void runs_saved_and_listed_per_profile(void **state)
{
    (void)state;
    struct ids ids;
    struct rc_collection *c = open_with_deck("runs.db", &ids);
    struct rc_err err = {0};
    int64_t ann = 0, bob = 0;
    assert_int_equal(rc_profile_ensure(c, "ann", 5, &ann, &err), RC_OK);
    assert_int_equal(rc_profile_ensure(c, "bob", 5, &bob, &err), RC_OK);
    struct rc_quiz_answer answers[] = {
        {1, ids.cards[0], "When?", "1936", true, false, 900, 1},
        {2, ids.cards[1], "Who?", "Trotski", false, true, 1500, 0},
    };
    struct rc_quiz_run run = {
        .profile_id = ann,
        .deck_id = ids.deck,
        .started_ms = 2000,
        .finished_ms = 9000,
        .kind = "typed",
        .count = 2,
        .score = 1,
        .seed = UINT64_MAX - 1,
    };
    assert_int_equal(rc_quiz_run_save(c, &run, answers, 2, &err), RC_OK);
    assert_true(run.id > 0);

    struct seen s = {0};
    assert_int_equal(rc_quiz_runs_each(c, ann, NULL, keep_run, &s, &err),
                     RC_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.runs[0].id, run.id);
    assert_string_equal(s.keys[0], "q");
    assert_string_equal(s.kinds[0], "typed");
    assert_int_equal(s.runs[0].started_ms, 2000);
    assert_int_equal(s.runs[0].finished_ms, 9000);
    assert_int_equal(s.runs[0].count, 2);
    assert_int_equal(s.runs[0].score, 1);
    assert_true(s.runs[0].seed == UINT64_MAX - 1);

    struct seen none = {0};
    assert_int_equal(rc_quiz_runs_each(c, bob, NULL, keep_run, &none, &err),
                     RC_OK);
    assert_int_equal(none.n, 0);
    assert_int_equal(rc_quiz_runs_each(c, ann, "nope", keep_run, &none, &err),
                     RC_OK);
    assert_int_equal(none.n, 0);
    rc_collection_close(c);
}

static void runs_save_nothing_when_an_answer_fails(void **state)
{
    (void)state;
    struct ids ids;
    struct rc_collection *c = open_with_deck("fail.db", &ids);
    struct rc_err err = {0};
    int64_t ann = 0;
    assert_int_equal(rc_profile_ensure(c, "ann", 5, &ann, &err), RC_OK);
    struct seen before = {0};
    assert_int_equal(rc_quiz_runs_each(c, ann, NULL, keep_run, &before, &err),
                     RC_OK);
    /* Position 1 twice breaks the primary key on the second answer. */
    struct rc_quiz_answer answers[] = {
        {1, ids.cards[0], "When?", "1936", true, false, 900, 1},
        {1, ids.cards[1], "Who?", "x", false, false, 100, 0},
    };
    struct rc_quiz_run run = {
        .profile_id = ann, .deck_id = ids.deck, .kind = "mixed", .count = 2};
    assert_int_equal(rc_quiz_run_save(c, &run, answers, 2, &err), RC_EDB);
    assert_non_null(strstr(err.msg, "store quiz answer: UNIQUE constraint"));
    struct seen after = {0};
    assert_int_equal(rc_quiz_runs_each(c, ann, NULL, keep_run, &after, &err),
                     RC_OK);
    assert_int_equal(before.n, 0);
    assert_int_equal(after.n, 0);
    rc_collection_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(distractors_share_a_tag),
        cmocka_unit_test(distractors_never_the_answer_in_any_spelling),
        cmocka_unit_test(
            distractors_never_hold_the_answer_nor_show_in_the_question),
        cmocka_unit_test(distractors_never_repeat),
        cmocka_unit_test(distractors_skip_siblings_of_the_note),
        cmocka_unit_test(distractors_rank_shape_kind_length),
        cmocka_unit_test(distractors_prefer_a_similar_length),
        cmocka_unit_test(distractors_same_for_a_seed_vary_across_seeds),
        cmocka_unit_test(distractors_fall_back_to_untagged_cards),
        cmocka_unit_test(distractors_fewer_when_the_deck_is_small),
        cmocka_unit_test(build_asks_each_kind_its_way),
        cmocka_unit_test(build_takes_count_cards_once_each_by_seed),
        cmocka_unit_test(build_asks_typed_when_no_distractor_exists),
        cmocka_unit_test(build_refuses_zero_questions),
        cmocka_unit_test(points_right_only_in_time),
        cmocka_unit_test(mode_names_parse_and_refuse),
        cmocka_unit_test(runs_saved_and_listed_per_profile),
        cmocka_unit_test(runs_save_nothing_when_an_answer_fails),
    };
    return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
