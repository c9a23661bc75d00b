/* test_check.c -- typed-answer checking and the answer diff.
 *
 * Case groups:
 *   answer_table      one table of (given, expected, accept, ignore
 *                     accents, result) rows: exact, case (ASCII, Latin,
 *                     Greek, Cyrillic), surrounding space and punctuation,
 *                     inner spaces, quotes and apostrophes, accents strict
 *                     and ignored, accepted alternatives, typos at 4 and
 *                     5+ characters, two edits, empty input, invalid
 *                     UTF-8, control characters, numbers, "(e)"
 *   closest_*         which accepted answer is reported
 *   long_*            10 kB inputs are cut at RC_CHECK_MAX_BYTES
 *   normalize_*       the exact normalised strings
 *   diff_*            spans of hand-worked diffs, the cap, the 10 kB tail,
 *                     and the tiling invariant over every table row
 *
 * Every expected value is worked out by hand in the row or beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "recall/check.h"

#define W RC_CHECK_WRONG
#define A RC_CHECK_ALMOST
#define R RC_CHECK_RIGHT

struct check_case {
    const char *given;
    const char *expected;
    const char *accept[3]; /* NULL-terminated unless full */
    bool ignore_accents;
    enum rc_check_result want;
};

static const struct check_case cases[] = {
    /* exact */
    {"Paris", "Paris", {0}, false, R},
    {"cat", "cat", {0}, false, R},
    {"x", "x", {0}, false, R},
    {"New York", "New York", {0}, false, R},
    {"café", "café", {0}, false, R},
    {"東京", "東京", {0}, false, R},
    /* case, ASCII */
    {"paris", "Paris", {0}, false, R},
    {"PARIS", "Paris", {0}, false, R},
    {"pArIs", "Paris", {0}, false, R},
    {"dna", "DNA", {0}, false, R},
    /* case, Latin beyond ASCII */
    {"ÉCOLE", "école", {0}, false, R},
    {"école", "ÉCOLE", {0}, false, R},
    {"ÇA", "ça", {0}, false, R},
    {"ŁÓDŹ", "łódź", {0}, false, R},
    {"ŽLUŤOUČKÝ", "žluťoučký", {0}, false, R},
    {"ĞÜNEŞ", "ğüneş", {0}, false, R},
    {"ĞÜNEŞ", "güneş", {0}, false, A}, /* ğ is not g */
    {"İstanbul", "istanbul", {0}, false, R},
    {"Ÿ", "ÿ", {0}, false, R},
    {"ŒUVRE", "œuvre", {0}, false, R},
    {"LǙ", "lǚ", {0}, false, R},
    {"ȘTIINȚĂ", "știință", {0}, false, R},
    {"STRASSE", "straße", {0}, false, R}, /* ß folds to ss */
    {"Strasse", "STRAẞE", {0}, false, R},
    /* case, Cyrillic and Greek */
    {"ЖУК", "жук", {0}, false, R},
    {"Москва", "МОСКВА", {0}, false, R},
    {"ЁЛКА", "ёлка", {0}, false, R},
    {"ЇЖАК", "їжак", {0}, false, R},
    {"ҐАНОК", "ґанок", {0}, false, R},
    {"ΣΟΦΙΑ", "σοφια", {0}, false, R},
    {"ΟΔΟΣ", "οδος", {0}, false, R}, /* Σ, σ and ς alike */
    {"οδοσ", "οδος", {0}, false, R},
    {"ΆΘΗΝΑ", "άθηνα", {0}, false, R},
    {"ΏΡΑ", "ώρα", {0}, false, R},
    {"жук", "жуй", {0}, false, W},
    {"θαλασσα", "θάλασσα", {0}, false, A},
    {"θαλασσα", "θάλασσα", {0}, true, R},
    {"αθηνα", "Αθήνα", {0}, false, A},
    {"αθηνα", "Αθήνα", {0}, true, R},
    {"елка", "ёлка", {0}, false, W},
    {"елка", "ёлка", {0}, true, R},
    {"чаиник", "чайник", {0}, true, A}, /* й is a letter, not и + accent */
    {"Масква", "Москва", {0}, false, A},
    {"Санкт-Петребург", "Санкт-Петербург", {0}, false, A},
    /* surrounding space and punctuation */
    {"  Paris  ", "Paris", {0}, false, R},
    {"\tParis\n", "Paris", {0}, false, R},
    {"Paris.", "Paris", {0}, false, R},
    {"Paris!", "Paris", {0}, false, R},
    {"Paris?!", "Paris", {0}, false, R},
    {"\"Paris\"", "Paris", {0}, false, R},
    {"(Paris)", "Paris", {0}, false, R},
    {"[Paris]", "Paris", {0}, false, R},
    {"Paris,", "Paris", {0}, false, R},
    {"¿Qué?", "qué", {0}, false, R},
    {"¡Hola!", "hola", {0}, false, R},
    {"... Paris ...", "Paris", {0}, false, R},
    {"Paris…", "Paris", {0}, false, R},
    {"— Paris", "Paris", {0}, false, R},
    {"Paris。", "Paris", {0}, false, R},
    {"\u00a0Paris\u00a0", "Paris", {0}, false, R},
    {"\u3000Paris", "Paris", {0}, false, R},
    {"Paris.", "Paris.", {0}, false, R},
    {"e.g", "e.g.", {0}, false, R},
    /* letters in parentheses: the parentheses are stripped */
    {"(e)", "e", {0}, false, R},
    {"e", "(e)", {0}, false, R},
    {" ( e ) ", "e", {0}, false, R},
    {"(f)", "(e)", {0}, false, W},
    /* symbols that can be the answer are kept */
    {"-5", "5", {0}, false, W},
    {"5", "-5", {0}, false, W},
    {"C", "C++", {0}, false, W},
    {"C++", "C++", {0}, false, R},
    {"50%", "50", {0}, false, W},
    {"?", "?", {0}, false, R}, /* all punctuation: kept */
    {"!", "?", {0}, false, W},
    /* inner spaces */
    {"New  York", "New York", {0}, false, R},
    {"New \t York", "New York", {0}, false, R},
    {"New\nYork", "New York", {0}, false, R},
    {"New\u00a0York", "New York", {0}, false, R},
    {"New York", "New   York", {0}, false, R},
    {"a  b", "a b", {0}, false, R},
    {"NewYork", "New York", {0}, false, A},
    {"New\u200bYork", "NewYork", {0}, false, R}, /* zero width dropped */
    {"soft\u00adware", "software", {0}, false, R},
    /* quotes and apostrophes */
    {"l’eau", "l'eau", {0}, false, R},
    {"l'eau", "l’eau", {0}, false, R},
    {"l‘eau", "l'eau", {0}, false, R},
    {"l‛eau", "l'eau", {0}, false, R},
    {"l′eau", "l'eau", {0}, false, R},
    {"l`eau", "l'eau", {0}, false, R},
    {"don´t", "don't", {0}, false, R},
    {"rock ’n’ roll", "rock 'n' roll", {0}, false, R},
    {"say “hi” now", "say \"hi\" now", {0}, false, R},
    {"say „hi“ now", "say \"hi\" now", {0}, false, R},
    {"say «hi» now", "say \"hi\" now", {0}, false, R},
    {"«chat»", "chat", {0}, false, R},
    {"“Paris”", "Paris", {0}, false, R},
    {"l\"eau", "l'eau", {0}, false, A}, /* single and double differ */
    /* accents, strict and ignored */
    {"cafe", "café", {0}, false, W},
    {"cafe", "café", {0}, true, R},
    {"café", "cafe", {0}, true, R},
    {"resume", "résumé", {0}, false, W},
    {"resume", "résumé", {0}, true, R},
    {"résume", "résumé", {0}, false, A},
    {"CAFÉ", "café", {0}, false, R},
    {"CAFE", "café", {0}, true, R},
    {"cafe\u0301", "café", {0}, true, R},
    {"cafe\u0301", "café", {0}, false, W}, /* no normal forms */
    {"Lodz", "Łódź", {0}, true, R},
    {"Lodz", "Łódź", {0}, false, W},
    {"nino", "niño", {0}, true, R},
    {"Dvorak", "Dvořák", {0}, true, R},
    {"Dvořak", "Dvořák", {0}, false, A},
    {"lu", "lǚ", {0}, true, R},
    {"stiinta", "știință", {0}, true, R},
    {"ae", "æ", {0}, true, W},
    {"Zurich", "Zürich", {0}, false, A},
    {"Zurich", "Zürich", {0}, true, R},
    {"Zürich", "Zurich", {0}, true, R},
    /* accepted alternatives, numbers */
    {"55", "fifty-five", {0}, false, W},
    {"55", "fifty-five", {"55"}, false, R},
    {"fifty-five", "55", {0}, false, W},
    {"fifty five", "fifty-five", {0}, false, A},
    {"56", "fifty-five", {"55"}, false, W},
    {"55", "55", {0}, false, R},
    {"3.14.", "3.14", {0}, false, R},
    {"1,000", "1000", {0}, false, W},
    {"NYC", "New York City", {"NYC", "New York"}, false, R},
    {"new york", "New York City", {"NYC", "New York"}, false, R},
    {"New Yrok", "New York City", {"NYC", "New York"}, false, A},
    {"L.A", "Los Angeles", {"L.A."}, false, R},
    {"colour", "color", {"colour"}, false, R},
    {"colr", "color", {"colour"}, false, A},
    {"Tokio", "Tokyo", {"東京"}, false, A},
    {"東京", "Tokyo", {"東京"}, false, R},
    {"x", "y", {""}, false, W},
    {"colour", "colr", {"colour!"}, false, R}, /* right beats almost */
    /* typos at 5+ characters: almost */
    {"Lndon", "London", {0}, false, A},
    {"Londoon", "London", {0}, false, A},
    {"Lomdon", "London", {0}, false, A},
    {"Lnodon", "London", {0}, false, A},
    {"oLndon", "London", {0}, false, A},
    {"Londno", "London", {0}, false, A},
    {"Pari", "Paris", {0}, false, A},
    {"Parisx", "Paris", {0}, false, A},
    {"Xparis", "Paris", {0}, false, A},
    {"Pushkn", "Pushkin", {0}, false, A},
    {"Пушкн", "Пушкин", {0}, false, A},
    {"Zürih", "Zürich", {0}, false, A},
    {"éééé", "ééééé", {0}, false, A}, /* 5 characters, 10 bytes */
    /* typos at 4 characters: wrong */
    {"Rome", "Roma", {0}, false, W},
    {"Lyn", "Lyon", {0}, false, W},
    {"Lyno", "Lyon", {0}, false, W},
    {"Lyonn", "Lyon", {0}, false, W},
    {"Lyom", "Lyon", {0}, false, W},
    {"ééé", "éééé", {0}, false, W}, /* 4 characters, 8 bytes */
    {"жукк", "жук", {0}, false, W},
    /* two edits: wrong */
    {"Lndn", "London", {0}, false, W},
    {"Lnodno", "London", {0}, false, W},
    {"Londonxx", "London", {0}, false, W},
    {"Lomdom", "London", {0}, false, W},
    {"Nondol", "London", {0}, false, W}, /* a swap, but not adjacent */
    {"Parsi!x", "Paris", {0}, false, W},
    /* empty input: wrong, never almost */
    {"", "Paris", {0}, false, W},
    {"   ", "Paris", {0}, false, W},
    {"\t\n", "a", {0}, false, W},
    {"", "", {0}, false, W},
    {"", "x", {""}, false, W},
    {"\u200b", "a", {0}, false, W},
    {"...", "Paris", {0}, false, W},
    {NULL, "Paris", {0}, false, W},
    /* invalid UTF-8: each bad byte matches nothing */
    {"\xff", "\xff", {0}, false, W},
    {"Paris\xff", "Paris", {0}, false, A},
    {"Lond\xffn", "London", {0}, false, A},
    {"caf\xe9", "café", {0}, false, W},
    {"caf\xe9", "café", {0}, true, W},
    {"\xc3", "Ã", {0}, false, W},
    {"Paris\xc3", "Paris", {0}, false, A},
    {"\xed\xa0\x80", "x", {0}, false, W},
    {"\xc0\xaf", "/", {0}, false, W},
    {"Par\xff\xfeis", "Paris", {0}, false, W},
    {"Paris", "Par\xffis", {0}, false, A},
    {"Par\xffis", "Par\xffis", {0}, false, A},
    {"\xf4\x90\x80\x80", "x", {0}, false, W},
    /* other odd input, NUL-free */
    {"\x01Paris\x02", "Paris", {0}, false, R},
    {"Pa\x7fris", "Paris", {0}, false, R},
    {"\x1b[A", "Paris", {0}, false, W},
    {"\xef\xbb\xbfParis", "Paris", {0}, false, R},
    {"😀", "😀", {0}, false, R},
    {"😀", "😃", {0}, false, W},
    {"Paris😀", "Paris", {0}, false, A},
    {"\xef\xbf\xbd", "\xef\xbf\xbd", {0}, false, R}, /* a real U+FFFD */
};

#define N_CASES (sizeof(cases) / sizeof(*cases))

static const char *result_name(enum rc_check_result r)
{
    return r == R ? "RIGHT" : r == A ? "ALMOST" : "WRONG";
}

static void accept_list(const struct check_case *c, struct rc_strlist *l)
{
    for (size_t k = 0; k < 3 && c->accept[k]; k++)
        rc_strlist_add(l, c->accept[k]);
}

static void answer_table(void **state)
{
    (void)state;
    size_t failed = 0;
    assert_true(N_CASES >= 120);
    for (size_t i = 0; i < N_CASES; i++) {
        const struct check_case *c = &cases[i];
        struct rc_strlist accept = {0};
        accept_list(c, &accept);
        enum rc_check_result got = rc_check_answer(
            c->given, c->expected, &accept, c->ignore_accents, NULL);
        if (got != c->want) {
            print_error("row %zu: '%s' for '%s'%s: %s, want %s\n", i,
                        c->given ? c->given : "(null)", c->expected,
                        c->ignore_accents ? " (accents ignored)" : "",
                        result_name(got), result_name(c->want));
            failed++;
        }
        rc_strlist_release(&accept);
    }
    assert_int_equal(failed, 0);
}

/* ---- closest ---- */

static void closest_is_the_accepted_answer_that_matched(void **state)
{
    (void)state;
    struct rc_strlist accept = {0};
    rc_strlist_add(&accept, "NYC");
    rc_strlist_add(&accept, "New York");
    const char *closest = NULL;

    assert_int_equal(
        rc_check_answer("new york", "New York City", &accept, false, &closest),
        R);
    assert_ptr_equal(closest, accept.v[1]);
    assert_int_equal(
        rc_check_answer("New Yrok", "New York City", &accept, false, &closest),
        A);
    assert_ptr_equal(closest, accept.v[1]);
    rc_strlist_release(&accept);
}

static void closest_of_wrong_answers_has_fewest_edits(void **state)
{
    (void)state;
    struct rc_strlist accept = {0};
    rc_strlist_add(&accept, "NYC");
    rc_strlist_add(&accept, "New York");
    const char *closest = NULL;

    /* "newark" -> "new york": keep "new", then "ark" -> " york" needs
     * two insertions (length) and a->o (no 'a' in " york"): 3 edits.
     * "newark" -> "nyc": 3 deletions, then "yc" shares nothing: 5.
     * "newark" -> "new york city": 7 insertions at least. */
    assert_int_equal(
        rc_check_answer("Newark", "New York City", &accept, false, &closest),
        W);
    assert_ptr_equal(closest, accept.v[1]);
    rc_strlist_release(&accept);
}

static void closest_ties_go_to_expected(void **state)
{
    (void)state;
    struct rc_strlist accept = {0};
    rc_strlist_add(&accept, "c");
    const char *expected = "a";
    const char *closest = NULL;

    assert_int_equal(rc_check_answer("b", expected, &accept, false, &closest),
                     W);
    assert_ptr_equal(closest, expected);
    assert_int_equal(rc_check_answer("", expected, &accept, false, &closest),
                     W);
    assert_ptr_equal(closest, expected);
    rc_strlist_release(&accept);
}

/* ---- long input ---- */

static char *repeat(const char *unit, size_t times)
{
    size_t n = strlen(unit);
    char *s = malloc(n * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * n, unit, n);
    s[n * times] = '\0';
    return s;
}

static void long_line_is_wrong_and_cut(void **state)
{
    (void)state;
    char *line = repeat("a", 10000);
    struct rc_buf out = {0};

    assert_int_equal(rc_check_answer(line, "aaaaa", NULL, false, NULL), W);
    rc_check_normalize(line, false, &out);
    assert_int_equal(out.len, RC_CHECK_MAX_BYTES);
    rc_buf_release(&out);
    free(line);
}

static void long_lines_compare_only_their_first_4096_bytes(void **state)
{
    (void)state;
    char *given = repeat("ab", 5000);
    char *expected = repeat("ab", 5000);
    expected[RC_CHECK_MAX_BYTES] = 'z'; /* past the cut: not compared */
    expected[RC_CHECK_MAX_BYTES + 1] = 'z';

    assert_int_equal(rc_check_answer(given, expected, NULL, false, NULL), R);
    expected[RC_CHECK_MAX_BYTES - 1] = 'z'; /* inside: one substitution */
    assert_int_equal(rc_check_answer(given, expected, NULL, false, NULL), A);
    free(given);
    free(expected);
}

static void long_line_is_cut_at_a_character_boundary(void **state)
{
    (void)state;
    char *e = repeat("é", 5000); /* 10000 bytes */
    struct rc_buf line = {0}, out = {0};
    rc_buf_adds(&line, "x");
    rc_buf_adds(&line, e);

    /* 1 + 2k <= 4096 gives k = 2047: 4095 bytes, no half character. */
    rc_check_normalize(rc_buf_str(&line), false, &out);
    assert_int_equal(out.len, 4095);
    assert_memory_equal(out.buf + 4093, "é", 2);
    rc_buf_release(&line);
    rc_buf_release(&out);
    free(e);
}

/* ---- normalize ---- */

struct norm_case {
    const char *in;
    bool ignore_accents;
    const char *out;
};

static const struct norm_case norm_cases[] = {
    {"  Hello,   World!  ", false, "hello, world"},
    {"(e)", false, "e"},
    {"?", false, "?"},
    {"  ...  ", false, "..."},
    {"-5.", false, "-5"},
    {"l’eau", false, "l'eau"},
    {"„Haus“ und «chat»", false, "haus\" und \"chat"},
    {"ÉCOLE", false, "école"},
    {"ÉCOLE", true, "ecole"},
    {"Straße", false, "strasse"},
    {"ΟΔΟΣ", false, "οδοσ"},
    {"ὈΔΌΣ", false, "Ὀδόσ"}, /* Greek Extended is not folded */
    {"Łódź", true, "lodz"},
    {"e\u0301", true, "e"},
    {"e\u0301", false, "e\u0301"},
    {"a\xff"
     "b",
     false,
     "a\xef\xbf\xbd"
     "b"},
    {"", false, ""},
    {"\t \n", false, ""},
    {"Ǖ", true, "u"},
    {"Ά", true, "α"},
    {"Ё", true, "е"},
    {"Ё", false, "ё"},
    {"A\tB\r\nC", false, "a b c"},
};

static void normalize_table(void **state)
{
    (void)state;
    size_t n = sizeof(norm_cases) / sizeof(*norm_cases);
    for (size_t i = 0; i < n; i++) {
        struct rc_buf out = {0};
        rc_check_normalize(norm_cases[i].in, norm_cases[i].ignore_accents,
                           &out);
        if (strcmp(rc_buf_str(&out), norm_cases[i].out) != 0)
            print_error("row %zu: '%s' gave '%s'\n", i, norm_cases[i].in,
                        rc_buf_str(&out));
        assert_string_equal(rc_buf_str(&out), norm_cases[i].out);
        rc_buf_release(&out);
    }
}

static void normalize_appends_and_takes_null(void **state)
{
    (void)state;
    struct rc_buf out = {0};
    rc_buf_adds(&out, "[");

    rc_check_normalize(" Ab ", false, &out);
    rc_check_normalize(NULL, false, &out);
    rc_buf_adds(&out, "]");
    assert_string_equal(rc_buf_str(&out), "[ab]");
    rc_buf_release(&out);
}

/* ---- diff ---- */

struct want_span {
    enum rc_diff_op op;
    size_t start, len;
};

static void check_spans(const char *given, const char *expected,
                        const struct want_span *want, size_t n)
{
    struct rc_diff d = {0};
    rc_diff_compute(given, expected, &d);
    for (size_t i = 0; i < d.n && i < n; i++) {
        if (d.v[i].op != want[i].op || d.v[i].start != want[i].start ||
            d.v[i].len != want[i].len)
            print_error("span %zu: op %d start %zu len %zu\n", i,
                        (int)d.v[i].op, d.v[i].start, d.v[i].len);
        assert_int_equal(d.v[i].op, want[i].op);
        assert_int_equal(d.v[i].start, want[i].start);
        assert_int_equal(d.v[i].len, want[i].len);
    }
    assert_int_equal(d.n, n);
    rc_diff_release(&d);
}

#define SAME    RC_DIFF_SAME
#define MISSING RC_DIFF_MISSING
#define EXTRA   RC_DIFF_EXTRA
#define SPANS(given, expected, ...)                                            \
    do {                                                                       \
        const struct want_span w_[] = {__VA_ARGS__};                           \
        check_spans((given), (expected), w_, sizeof(w_) / sizeof(*w_));        \
    } while (0)

static void diff_missing_letter(void **state)
{
    (void)state;
    /* "ca" and "t" are shared; the 'r' of "cart" was not typed. */
    SPANS("cat", "cart", {SAME, 0, 2}, {MISSING, 2, 1}, {SAME, 2, 1});
}

static void diff_kitten_sitting(void **state)
{
    (void)state;
    /* LCS "ittn".  At (k, s) both drops keep 4, so EXTRA 'k' first; at
     * (i, s) dropping 'i' keeps only 3, so MISSING 's'; "itt" same; at
     * (e, i) a tie, EXTRA 'e'; at (n, i) MISSING 'i'; 'n' same; 'g' is
     * left over in "sitting". */
    SPANS("kitten", "sitting", {EXTRA, 0, 1}, {MISSING, 0, 1}, {SAME, 1, 3},
          {EXTRA, 4, 1}, {MISSING, 4, 1}, {SAME, 5, 1}, {MISSING, 6, 1});
}

static void diff_whole_utf8_characters(void **state)
{
    (void)state;
    /* "Z" and "rich" shared; 'u' (1 byte) typed for 'ü' (2 bytes). */
    SPANS("Zurich", "Zürich", {SAME, 0, 1}, {EXTRA, 1, 1}, {MISSING, 1, 2},
          {SAME, 2, 4});
    /* Same lead byte 0xD0, different characters: never half of one. */
    SPANS("жук", "жак", {SAME, 0, 2}, {EXTRA, 2, 2}, {MISSING, 2, 2},
          {SAME, 4, 2});
}

static void diff_swapped_letters(void **state)
{
    (void)state;
    /* "ab" vs "ba": LCS one letter.  At (a, b) both drops keep 1, so
     * EXTRA 'a'; then 'b' same; "ba"'s 'a' is left over. */
    SPANS("ab", "ba", {EXTRA, 0, 1}, {SAME, 1, 1}, {MISSING, 1, 1});
}

static void diff_equal_and_empty(void **state)
{
    (void)state;
    struct rc_diff d = {0};
    SPANS("Paris", "Paris", {SAME, 0, 5});
    SPANS("", "ab", {MISSING, 0, 2});
    SPANS("ab", "", {EXTRA, 0, 2});
    SPANS("ab", NULL, {EXTRA, 0, 2});
    rc_diff_compute("", "", &d);
    assert_int_equal(d.n, 0);
    rc_diff_release(&d);
    rc_diff_release(&d); /* twice is harmless */
    rc_diff_release(NULL);
}

static void diff_case_and_accents_show(void **state)
{
    (void)state;
    /* The diff is of raw text: 'P' and 'p' differ. */
    SPANS("paris", "Paris", {EXTRA, 0, 1}, {MISSING, 0, 1}, {SAME, 1, 4});
}

static void diff_invalid_byte_matches_nothing(void **state)
{
    (void)state;
    SPANS("a\xff"
          "b",
          "a\xff"
          "b",
          {SAME, 0, 1}, {EXTRA, 1, 1}, {MISSING, 1, 1}, {SAME, 2, 1});
    /* A truncated sequence is one bad byte, then 'x' matches. */
    SPANS("\xc3x", "x", {EXTRA, 0, 1}, {SAME, 1, 1});
}

static void diff_over_the_cap_is_one_pair(void **state)
{
    (void)state;
    /* 2100 * 2100 cells > RC_DIFF_MAX_CELLS (4194304), nothing shared. */
    char *a = repeat("a", 2100);
    char *b = repeat("b", 2100);
    SPANS(a, b, {EXTRA, 0, 2100}, {MISSING, 0, 2100});
    /* 2000 * 2000 fits: still a real diff ("a" shared at the end). */
    a[1999] = 'b';
    a[2000] = '\0';
    b[2000] = '\0';
    SPANS(a, b, {EXTRA, 0, 1999}, {MISSING, 0, 1999}, {SAME, 1999, 1});
    free(a);
    free(b);
}

static void diff_long_line_tail_is_extra(void **state)
{
    (void)state;
    /* 'x' shared, the rest of the first 4096 bytes extra, and the 5904
     * bytes past the cut extra too: one merged span. */
    char *line = repeat("x", 10000);
    SPANS(line, "x", {SAME, 0, 1}, {EXTRA, 1, 9999});
    SPANS("x", line, {SAME, 0, 1}, {MISSING, 1, 9999});
    free(line);
}

/* SAME and EXTRA spans rebuild 'given'; SAME and MISSING rebuild
 * 'expected'; every span is whole characters. */
static void check_tiling(const char *given, const char *expected)
{
    struct rc_diff d = {0};
    struct rc_buf g = {0}, e = {0};
    rc_diff_compute(given, expected, &d);
    for (size_t i = 0; i < d.n; i++) {
        const struct rc_diff_span *s = &d.v[i];
        const char *src = s->op == RC_DIFF_MISSING ? expected : given;
        assert_true(s->len > 0);
        if (s->op != RC_DIFF_MISSING)
            rc_buf_add(&g, src + s->start, s->len);
        if (s->op != RC_DIFF_EXTRA)
            rc_buf_add(&e, src + s->start, s->len);
        /* never starts on a continuation byte of a valid character */
        if (((unsigned char)src[s->start] & 0xC0) == 0x80)
            assert_true(s->start == 0 ||
                        (unsigned char)src[s->start - 1] < 0xC0);
    }
    assert_string_equal(rc_buf_str(&g), given);
    assert_string_equal(rc_buf_str(&e), expected);
    rc_buf_release(&g);
    rc_buf_release(&e);
    rc_diff_release(&d);
}

static void diff_tiles_both_texts_for_every_table_row(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_CASES; i++) {
        const char *g = cases[i].given ? cases[i].given : "";
        check_tiling(g, cases[i].expected);
        check_tiling(cases[i].expected, g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answer_table),
        cmocka_unit_test(closest_is_the_accepted_answer_that_matched),
        cmocka_unit_test(closest_of_wrong_answers_has_fewest_edits),
        cmocka_unit_test(closest_ties_go_to_expected),
        cmocka_unit_test(long_line_is_wrong_and_cut),
        cmocka_unit_test(long_lines_compare_only_their_first_4096_bytes),
        cmocka_unit_test(long_line_is_cut_at_a_character_boundary),
        cmocka_unit_test(normalize_table),
        cmocka_unit_test(normalize_appends_and_takes_null),
        cmocka_unit_test(diff_missing_letter),
        cmocka_unit_test(diff_kitten_sitting),
        cmocka_unit_test(diff_whole_utf8_characters),
        cmocka_unit_test(diff_swapped_letters),
        cmocka_unit_test(diff_equal_and_empty),
        cmocka_unit_test(diff_case_and_accents_show),
        cmocka_unit_test(diff_invalid_byte_matches_nothing),
        cmocka_unit_test(diff_over_the_cap_is_one_pair),
        cmocka_unit_test(diff_long_line_tail_is_extra),
        cmocka_unit_test(diff_tiles_both_texts_for_every_table_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
