/* test_card.c -- what each card of a note shows (card.h).
 *
 * Case groups:
 *   render-*  prompt and answer for every kind, by ordinal
 *   range-*   ordinals a note does not have
 *   cloze-*   counting deletions, and the marks that are errors
 *
 * Notes are built on the stack: struct rc_note is a plain value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "recall/card.h"

static struct rc_note note(enum rc_kind kind, const char *front,
                           const char *back)
{
    struct rc_note n = {0};
    n.kind = kind;
    n.id = (char *)"id";
    n.front = (char *)front;
    n.back = (char *)back;
    return n;
}

/* Render card 'ord' and compare both sides. */
static void expect_card(const struct rc_note *n, size_t ord, const char *q,
                        const char *a)
{
    char *question = NULL, *answer = NULL;
    assert_int_equal(rc_card_render(n, ord, &question, &answer), RC_OK);
    assert_string_equal(question, q);
    assert_string_equal(answer, a);
    free(question);
    free(answer);
}

static void expect_no_card(const struct rc_note *n, size_t ord)
{
    char *question = (char *)"x", *answer = (char *)"x";
    assert_int_equal(rc_card_render(n, ord, &question, &answer), RC_ENOTFOUND);
    assert_null(question);
    assert_null(answer);
}

static void render_basic_typed_and_choice_show_q_and_a(void **state)
{
    (void)state;
    struct rc_note b = note(RC_KIND_BASIC, "When?", "1936");
    struct rc_note t = note(RC_KIND_TYPED, "Year?", "1936");
    struct rc_note c = note(RC_KIND_CHOICE, "Who?", "Radek");
    expect_card(&b, 1, "When?", "1936");
    expect_card(&t, 1, "Year?", "1936");
    expect_card(&c, 1, "Who?", "Radek");
}

static void render_reversed_second_card_swaps_sides(void **state)
{
    (void)state;
    struct rc_note r = note(RC_KIND_REVERSED, "Thesis (i)", "the road");
    expect_card(&r, 1, "Thesis (i)", "the road");
    expect_card(&r, 2, "the road", "Thesis (i)");
}

static void render_cloze_hides_one_deletion_and_fills_the_rest(void **state)
{
    (void)state;
    struct rc_note c = note(RC_KIND_CLOZE,
                            "An {{uncontrolled caste}} alien to "
                            "{{socialism::an economic order}}.",
                            "");
    expect_card(&c, 1, "An [...] alien to socialism.", "uncontrolled caste");
    expect_card(&c, 2, "An uncontrolled caste alien to [an economic order].",
                "socialism");
}

static void render_cloze_with_single_braces_keeps_them(void **state)
{
    (void)state;
    struct rc_note c = note(RC_KIND_CLOZE, "{a} {{b}} }", "");
    expect_card(&c, 1, "{a} [...] }", "b");
}

static void render_order_answer_is_the_items_in_order(void **state)
{
    (void)state;
    char *items[] = {(char *)"first", (char *)"second", (char *)"third"};
    struct rc_note o = note(RC_KIND_ORDER, "Put in order.", "");
    o.list.v = items;
    o.list.n = 3;
    expect_card(&o, 1, "Put in order.", "first\nsecond\nthird");
}

static void range_ordinals_outside_the_note_are_not_found(void **state)
{
    (void)state;
    struct rc_note b = note(RC_KIND_BASIC, "q", "a");
    struct rc_note r = note(RC_KIND_REVERSED, "q", "a");
    struct rc_note c = note(RC_KIND_CLOZE, "{{a}} {{b}}", "");
    struct rc_note bad = note(RC_KIND_CLOZE, "{{a", "");
    struct rc_note p = note(RC_KIND_POOL, "", "");
    expect_no_card(&b, 0);
    expect_no_card(&b, 2);
    expect_no_card(&r, 3);
    expect_no_card(&c, 3);
    expect_no_card(&bad, 1);
    expect_no_card(&p, 1);
}

static void cloze_count_counts_deletions(void **state)
{
    (void)state;
    assert_int_equal(rc_cloze_count("no marks"), 0);
    assert_int_equal(rc_cloze_count("{{a}}"), 1);
    assert_int_equal(rc_cloze_count("{{a::h}} and {{b}} and {{c}}"), 3);
    assert_int_equal(rc_cloze_count("{single} braces"), 0);
}

static void cloze_count_rejects_bad_marks(void **state)
{
    (void)state;
    assert_int_equal(rc_cloze_count("{{open"), -1);
    assert_int_equal(rc_cloze_count("close}}"), -1);
    assert_int_equal(rc_cloze_count("{{a {{b}} }}"), -1);
    assert_int_equal(rc_cloze_count("{{}}"), -1);
    assert_int_equal(rc_cloze_count("{{ ::hint}}"), -1);
}

static void cloze_card_count_follows_the_kind(void **state)
{
    (void)state;
    struct rc_note c = note(RC_KIND_CLOZE, "{{a}} {{b}} {{c}}", "");
    struct rc_note bad = note(RC_KIND_CLOZE, "{{a", "");
    struct rc_note r = note(RC_KIND_REVERSED, "q", "a");
    struct rc_note o = note(RC_KIND_ORDER, "q", "");
    struct rc_note p = note(RC_KIND_POOL, "", "");
    assert_int_equal(rc_note_card_count(&c), 3);
    assert_int_equal(rc_note_card_count(&bad), 0);
    assert_int_equal(rc_note_card_count(&r), 2);
    assert_int_equal(rc_note_card_count(&o), 1);
    assert_int_equal(rc_note_card_count(&p), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(render_basic_typed_and_choice_show_q_and_a),
        cmocka_unit_test(render_reversed_second_card_swaps_sides),
        cmocka_unit_test(render_cloze_hides_one_deletion_and_fills_the_rest),
        cmocka_unit_test(render_cloze_with_single_braces_keeps_them),
        cmocka_unit_test(render_order_answer_is_the_items_in_order),
        cmocka_unit_test(range_ordinals_outside_the_note_are_not_found),
        cmocka_unit_test(cloze_count_counts_deletions),
        cmocka_unit_test(cloze_count_rejects_bad_marks),
        cmocka_unit_test(cloze_card_count_follows_the_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
