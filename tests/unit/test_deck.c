/* test_deck.c -- the deck parser, writer and stamper (deck.h).
 *
 * Case groups:
 *   bad-*     every tests/data/bad-decks/NN-*.deck gives exactly the
 *             diagnostics in its .expect and no deck; limits and I/O
 *   kind-*    each kind of note parses into the right fields
 *   value-*   multi-line text, lists, tags, case-insensitive names
 *   id-*      derived ids: form, stability, uniqueness, warning
 *   hash-*    the content hash: its bytes, what changes it and what not
 *   file-*    source quotes, CRLF and BOM, header options, reading a
 *             large file in pieces (which also fills many arena blocks)
 *   write-*   canonical text, and the round trip through the parser
 *   stamp-*   ids written in place, nothing else changed
 *
 * Expected hashes come from a second FNV-1a written here from the
 * description in deck.c, not from the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recall/buf.h"
#include "recall/deck.h"

#define HEADER "deck: t\ntitle: T\n\n"

/* ---- helpers ---------------------------------------------------------- */

static struct rc_deck *parse_ok(const char *text, struct rc_diags *diags)
{
    struct rc_err err = {0};
    struct rc_deck *deck = NULL;
    int rc =
        rc_deck_parse_buf("t.deck", text, strlen(text), &deck, diags, &err);
    if (rc != RC_OK)
        fail_msg("parse failed: %s", err.msg);
    assert_non_null(deck);
    return deck;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct rc_buf b = {0};
    char chunk[4096];
    size_t n;
    assert_non_null(f);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc_buf_add(&b, chunk, n);
    fclose(f);
    return rc_buf_detach(&b, len);
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static uint64_t fnv(uint64_t h, const char *s, unsigned char end)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return (h ^ end) * 0x100000001b3ULL;
}

/* The documented hash of a note with no list, pool or ignore-accents. */
static uint64_t hash_of(const char *kind, const char *id, const char *front,
                        const char *back, const char *tags, const char *source,
                        const char *hint, const char *explain)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv(h, kind, 0xFF);
    h = fnv(h, id, 0xFF);
    h = fnv(h, front, 0xFF);
    h = fnv(h, back, 0xFF);
    h = (h ^ 0xFE) * 0x100000001b3ULL; /* the empty list */
    h = fnv(h, "", 0xFF);              /* no pool */
    h = fnv(h, tags, 0xFF);
    h = fnv(h, source, 0xFF);
    h = fnv(h, hint, 0xFF);
    h = fnv(h, explain, 0xFF);
    return fnv(h, "0", 0xFF);
}

/* ---- bad decks -------------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_bad_deck(const char *name)
{
    struct rc_buf path = {0}, got = {0};
    struct rc_diags diags = {0};
    struct rc_err err = {0};
    struct rc_deck *deck = NULL;
    rc_buf_addf(&path, "bad-decks/%s", name);
    int rc = rc_deck_parse_file(path.buf, &deck, &diags, &err);
    for (size_t i = 0; i < diags.n; i++)
        rc_buf_addf(&got, "%s\n", diags.v[i].msg);
    path.len -= strlen(".deck");
    rc_buf_adds(&path, ".expect");
    char *want = slurp(path.buf, NULL);
    if (strcmp(want, rc_buf_str(&got)) != 0)
        print_error("%s: diagnostics differ\n", name);
    assert_string_equal(rc_buf_str(&got), want);
    assert_int_equal(rc, RC_EPARSE);
    assert_null(deck);
    /* err holds the first error, which the .expect lists first of all the
     * errors (a warning may come before it). */
    const char *first = want;
    while (strstr(first, ": warning: ") &&
           strstr(first, ": warning: ") < strchr(first, '\n'))
        first = strchr(first, '\n') + 1;
    assert_memory_equal(err.msg, first, strlen(err.msg));
    assert_int_equal(first[strlen(err.msg)], '\n');
    free(want);
    rc_buf_release(&path);
    rc_buf_release(&got);
    rc_diags_release(&diags);
}

static void bad_decks_give_exact_diagnostics_and_no_deck(void **state)
{
    (void)state;
    char *names[256];
    size_t n = 0;
    assert_int_equal(chdir(TEST_DATA_DIR), 0);
    DIR *dir = opendir("bad-decks");
    assert_non_null(dir);
    for (struct dirent *e = readdir(dir); e; e = readdir(dir)) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".deck") == 0 && n < 256)
            names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof(names[0]), name_cmp);
    assert_true(n >= 35);
    for (size_t i = 0; i < n; i++) {
        check_bad_deck(names[i]);
        free(names[i]);
    }
}

static void bad_file_over_64_mib_is_refused_before_reading(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_deck.XXXXXX";
    char path[64];
    struct rc_diags diags = {0};
    struct rc_err err = {0};
    struct rc_deck *deck = NULL;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/huge.deck", dir);
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)RC_DECK_MAX_BYTES + 1), 0);
    close(fd);

    int rc = rc_deck_parse_file(path, &deck, &diags, &err);

    assert_int_equal(rc, RC_ELIMIT);
    assert_null(deck);
    char want[128];
    snprintf(want, sizeof(want), "%s: file is larger than 64 MiB", path);
    assert_string_equal(err.msg, want);
    assert_int_equal(diags.n, 1);
    assert_string_equal(diags.v[0].msg, want);
    rc_diags_release(&diags);
    unlink(path);
    rmdir(dir);
}

static void bad_missing_file_is_eio(void **state)
{
    (void)state;
    struct rc_err err = {0};
    struct rc_deck *deck = NULL;
    int rc = rc_deck_parse_file("/nonexistent/x.deck", &deck, NULL, &err);
    assert_int_equal(rc, RC_EIO);
    assert_null(deck);
    assert_string_equal(err.msg,
                        "/nonexistent/x.deck: No such file or directory");
}

static void bad_without_diags_still_fills_err(void **state)
{
    (void)state;
    struct rc_err err = {0};
    struct rc_deck *deck = NULL;
    const char *text = HEADER "basic: a\nQ: q\nanwser: a\n";
    int rc = rc_deck_parse_buf("x.deck", text, strlen(text), &deck, NULL, &err);
    assert_int_equal(rc, RC_EPARSE);
    assert_null(deck);
    assert_string_equal(err.msg, "x.deck:4: basic card has no 'A'");
}

/* ---- kinds ------------------------------------------------------------ */

static const char every_kind[] =
    HEADER "basic: b\nQ: bq\nA: ba\nhint: bh\nexplain: be\n\n"
           "reversed: r\nQ: rq\nA: ra\n\n"
           "cloze: c\ntext: {{one}} and {{two::hint}}\n\n"
           "typed: t\nQ: tq\nA: ta\naccept: x\n  y\nignore-accents: yes\n\n"
           "choice: ch\nQ: cq\nA: b\noptions:\n  a\n  b\n\n"
           "choice: cp\nQ: pq\nA: k\npool: names\n\n"
           "order: o\nQ: oq\nitems:\n  1\n  2\n  3\n\n"
           "pool: names\nitems:\n  k\n  z\n";

static void kind_every_kind_fills_its_fields(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(every_kind, NULL);
    const struct rc_note *n = d->notes;
    assert_int_equal(d->n_notes, 8);
    assert_string_equal(d->id, "t");
    assert_string_equal(d->title, "T");
    assert_int_equal(n[0].kind, RC_KIND_BASIC);
    assert_string_equal(n[0].id, "b");
    assert_false(n[0].id_derived);
    assert_int_equal(n[0].line, 4);
    assert_string_equal(n[0].front, "bq");
    assert_string_equal(n[0].back, "ba");
    assert_string_equal(n[0].hint, "bh");
    assert_string_equal(n[0].explain, "be");
    assert_string_equal(n[0].tags, "");
    assert_string_equal(n[0].source, "");
    assert_null(n[0].pool);
    assert_int_equal(n[1].kind, RC_KIND_REVERSED);
    assert_string_equal(n[1].back, "ra");
    assert_int_equal(n[2].kind, RC_KIND_CLOZE);
    assert_string_equal(n[2].front, "{{one}} and {{two::hint}}");
    assert_string_equal(n[2].back, "");
    assert_int_equal(n[3].kind, RC_KIND_TYPED);
    assert_int_equal(n[3].list.n, 2);
    assert_string_equal(n[3].list.v[0], "x");
    assert_string_equal(n[3].list.v[1], "y");
    assert_true(n[3].ignore_accents);
    assert_int_equal(n[4].kind, RC_KIND_CHOICE);
    assert_int_equal(n[4].list.n, 2);
    assert_null(n[4].pool);
    assert_string_equal(n[5].pool, "names");
    assert_int_equal(n[5].list.n, 0);
    assert_int_equal(n[6].kind, RC_KIND_ORDER);
    assert_int_equal(n[6].list.n, 3);
    assert_string_equal(n[6].list.v[2], "3");
    assert_string_equal(n[6].back, "");
    assert_int_equal(n[7].kind, RC_KIND_POOL);
    assert_string_equal(n[7].front, "");
    assert_int_equal(n[7].list.n, 2);
    size_t want_cards[] = {1, 2, 2, 1, 1, 1, 1, 0};
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(rc_note_card_count(&n[i]), want_cards[i]);
    rc_deck_free(d);
}

static void kind_names_round_trip(void **state)
{
    (void)state;
    enum rc_kind k;
    assert_string_equal(rc_kind_name(RC_KIND_ORDER), "order");
    assert_null(rc_kind_name((enum rc_kind)42));
    assert_int_equal(rc_kind_parse("Cloze", &k), 0);
    assert_int_equal(k, RC_KIND_CLOZE);
    assert_int_equal(rc_kind_parse("deck", &k), -1);
}

/* ---- values ----------------------------------------------------------- */

static void value_text_joins_lines_and_dot_breaks(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(HEADER "basic: a\n"
                                        "Q: one\n  two\t\n\tthree\n"
                                        "A:\n  first\n  .\n  second\n  .\n"
                                        "  .\n  third\n",
                                 NULL);
    assert_string_equal(d->notes[0].front, "one two three");
    assert_string_equal(d->notes[0].back, "first\nsecond\n\nthird");
    rc_deck_free(d);
}

static void value_lists_take_one_item_per_line(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(HEADER "choice: a\nQ: q\nA: a b\n"
                                        "options: a b\n  c  d\n  .\n",
                                 NULL);
    const struct rc_strlist *l = &d->notes[0].list;
    assert_int_equal(l->n, 3);
    assert_string_equal(l->v[0], "a b");
    assert_string_equal(l->v[1], "c  d");
    assert_string_equal(l->v[2], ".");
    rc_deck_free(d);
}

static void value_tags_are_lowercased_sorted_and_unique(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(
        HEADER "basic: a\nQ: q\nA: a\ntags: Theses  years\tbeta\n  THESES\n",
        NULL);
    assert_string_equal(d->notes[0].tags, "beta theses years");
    rc_deck_free(d);
}

static void value_names_ignore_case_and_take_long_forms(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(
        "DECK: t\nTitle: T\n\nBasic: a\nQUESTION: q\nAnswer: a\nTAGS: x\n",
        NULL);
    assert_int_equal(d->notes[0].kind, RC_KIND_BASIC);
    assert_string_equal(d->notes[0].front, "q");
    assert_string_equal(d->notes[0].back, "a");
    rc_deck_free(d);
}

static void value_comments_do_not_end_a_field(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(HEADER "basic: a\n# a note to self\nQ: one\n"
                                        "# between lines\n  two\nA: a\n",
                                 NULL);
    assert_string_equal(d->notes[0].front, "one two");
    rc_deck_free(d);
}

/* ---- ids -------------------------------------------------------------- */

static void id_derived_from_words_and_hash_with_warning(void **state)
{
    (void)state;
    struct rc_diags diags = {0};
    struct rc_deck *d = parse_ok(
        HEADER "basic:\nQ: Between which YEARS -- were the (show) trials?\n"
               "A: 1936 and 1938\n",
        &diags);
    uint64_t h = hash_of("basic", "",
                         "Between which YEARS -- were the (show) "
                         "trials?",
                         "1936 and 1938", "", "", "", "");
    char want[64], warn[200];
    snprintf(want, sizeof(want), "between-which-years-were-%04x",
             (unsigned)(h >> 48));
    assert_true(d->notes[0].id_derived);
    assert_string_equal(d->notes[0].id, want);
    snprintf(warn, sizeof(warn),
             "t.deck:4: warning: card has no id; using '%s' (write it with "
             "'recall deck stamp t.deck')",
             want);
    assert_int_equal(diags.n, 1);
    assert_int_equal(diags.n_errors, 0);
    assert_false(diags.v[0].is_error);
    assert_int_equal(diags.v[0].line, 4);
    assert_string_equal(diags.v[0].msg, warn);
    rc_diags_release(&diags);
    rc_deck_free(d);
}

static void id_derived_is_stable_across_position_and_wrapping(void **state)
{
    (void)state;
    struct rc_deck *a = parse_ok(HEADER "basic:\nQ: What is it?\nA: x\n", NULL);
    struct rc_deck *b = parse_ok(HEADER "basic: other\nQ: o\nA: o\n\n"
                                        "# moved down\nbasic:\nQ: What\n"
                                        "  is it?\nA: x\n",
                                 NULL);
    assert_string_equal(a->notes[0].id, b->notes[1].id);
    assert_int_equal(a->notes[0].hash, b->notes[1].hash);
    rc_deck_free(a);
    rc_deck_free(b);
}

static void id_derived_never_clashes(void **state)
{
    (void)state;
    uint64_t h = hash_of("basic", "", "Same", "x", "", "", "", "");
    char taken[64], text[512];
    snprintf(taken, sizeof(taken), "same-%04x", (unsigned)(h >> 48));
    /* The first note's id would be 'taken', written further down. */
    snprintf(text, sizeof(text),
             HEADER "basic:\nQ: Same\nA: x\n\nbasic:\nQ: Same\nA: x\n\n"
                    "basic: %s\nQ: other\nA: y\n",
             taken);
    struct rc_deck *d = parse_ok(text, NULL);
    char want[80];
    snprintf(want, sizeof(want), "%s-2", taken);
    assert_string_equal(d->notes[0].id, want);
    snprintf(want, sizeof(want), "%s-3", taken);
    assert_string_equal(d->notes[1].id, want);
    assert_string_equal(d->notes[2].id, taken);
    rc_deck_free(d);
}

static void id_slug_falls_back_to_the_kind(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(HEADER "pool:\nitems:\n  a\n  b\n\n"
                                        "basic: x\nQ: q\nA: a\n",
                                 NULL);
    assert_memory_equal(d->notes[0].id, "pool-", 5);
    assert_int_equal(strlen(d->notes[0].id), 9);
    rc_deck_free(d);
}

/* ---- hash ------------------------------------------------------------- */

static void hash_is_fnv1a_over_the_fields(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(HEADER "basic: a\nQ: q\nA: r\ntags: B a\n"
                                        "hint: h\nexplain: e\n",
                                 NULL);
    assert_int_equal(d->notes[0].hash,
                     hash_of("basic", "a", "q", "r", "a b", "", "h", "e"));
    rc_deck_free(d);
}

static void hash_changes_with_content_only(void **state)
{
    (void)state;
    struct rc_deck *a = parse_ok(HEADER "basic: a\nQ: one two\nA: r\n", NULL);
    struct rc_deck *b = parse_ok("# c\n" HEADER "\nbasic: a\nQ: one\n  two\n"
                                 "A:   r  \n",
                                 NULL);
    struct rc_deck *c = parse_ok(HEADER "basic: a\nQ: one two\nA: R\n", NULL);
    struct rc_deck *e =
        parse_ok(HEADER "reversed: a\nQ: one two\nA: r\n", NULL);
    assert_int_equal(a->notes[0].hash, b->notes[0].hash);
    assert_int_not_equal(a->notes[0].hash, c->notes[0].hash);
    assert_int_not_equal(a->notes[0].hash, e->notes[0].hash);
    rc_deck_free(a);
    rc_deck_free(b);
    rc_deck_free(c);
    rc_deck_free(e);
}

/* ---- file ------------------------------------------------------------- */

static void file_source_quote_matches_any_white_space(void **state)
{
    (void)state;
    const char *text = "deck: t\ntitle: T\nsource-file: source.txt\n\n"
                       "basic: a\nQ: q\nA: a\n"
                       "source: on the road to socialism the workers would "
                       "have to overthrow\n  the    bureaucracy\n";
    struct rc_deck *d = NULL;
    struct rc_err err = {0};
    assert_int_equal(chdir(TEST_DATA_DIR), 0);
    int rc = rc_deck_parse_buf("bad-decks/good.deck", text, strlen(text), &d,
                               NULL, &err);
    assert_int_equal(rc, RC_OK);
    assert_string_equal(d->notes[0].source,
                        "on the road to socialism the workers would have to "
                        "overthrow the bureaucracy");
    assert_string_equal(d->source_file, "source.txt");
    assert_string_equal(d->source_path, "bad-decks/source.txt");
    char *src = slurp("bad-decks/source.txt", NULL);
    assert_string_equal(d->source_text, src);
    free(src);
    rc_deck_free(d);
}

static void file_crlf_and_bom_read_like_lf(void **state)
{
    (void)state;
    struct rc_diags diags = {0};
    struct rc_deck *a = parse_ok(HEADER "basic: a\nQ: one\n  two\nA: b\n"
                                        "  .\n  c\n",
                                 NULL);
    struct rc_deck *b = parse_ok("\xEF\xBB\xBF"
                                 "deck: t\r\ntitle: T\r\n\r\nbasic: a\r\n"
                                 "Q: one\r\n  two\r\nA: b\r\n  .\r\n  c",
                                 &diags);
    assert_int_equal(diags.n, 0);
    assert_string_equal(b->id, "t");
    assert_string_equal(b->notes[0].back, "b\nc");
    assert_int_equal(a->notes[0].hash, b->notes[0].hash);
    rc_deck_free(a);
    rc_deck_free(b);
}

/* A deck over 64 KiB (the parser's read size): a "\r\n" split across
 * the first read, a line longer than two reads, no newline at the end,
 * and if 'bad' a bad byte on line 7508 (a comment follows note 500). */
static char *big_deck_text(bool bad, size_t *len)
{
    struct rc_buf b = {0};
    rc_buf_adds(&b, "\xEF\xBB\xBF"
                    "deck: big\r\ntitle: T\r\n\r\n");
    for (int i = 0; i < 3000; i++) {
        rc_buf_addf(&b,
                    "basic: n%d\r\nQ: question %d\r\nA: a%d\r\n"
                    "tags: Two one%s\r\n\r\n",
                    i, i, i, bad && i == 1500 ? "\xFF" : "");
        while (i == 500 && b.len < 65535)
            rc_buf_addc(&b, b.buf[b.len - 1] == '\n' ? '#' : 'p');
        if (i == 500)
            rc_buf_adds(&b, "\r\n");
    }
    rc_buf_adds(&b, "basic: long\nQ: ");
    for (int i = 0; i < 150000; i++) /* over two reads */
        rc_buf_addc(&b, 'x');
    rc_buf_adds(&b, "\nA: y");
    assert_int_equal(b.buf[65535], '\r');
    return rc_buf_detach(&b, len);
}

static void file_read_in_pieces_reads_like_one_buffer(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_deck.XXXXXX", path[64], want[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/big.deck", dir);
    snprintf(want, sizeof(want), "%s:7508: invalid UTF-8", path);
    for (int bad = 0; bad < 2; bad++) {
        struct rc_err err = {0};
        struct rc_diags da = {0}, db = {0};
        struct rc_deck *a = NULL, *b = NULL;
        size_t len = 0;
        char *text = big_deck_text(bad, &len);
        spit(path, text);
        int rc = rc_deck_parse_file(path, &a, &da, &err);
        assert_int_equal(rc_deck_parse_buf(path, text, len, &b, &db, &err), rc);
        assert_int_equal(rc, bad ? RC_EPARSE : RC_OK);
        assert_int_equal(da.n + db.n, 2 * bad);
        if (bad) {
            assert_string_equal(da.v[0].msg, want);
            assert_string_equal(db.v[0].msg, want);
        } else {
            assert_int_equal(a->n_notes, 3001);
            assert_int_equal(b->n_notes, 3001);
            assert_int_equal(a->notes[2999].line, 4 + 5 * 2999 + 1);
            assert_int_equal(a->notes[0].hash,
                             hash_of("basic", "n0", "question 0", "a0",
                                     "one two", "", "", ""));
            assert_int_equal(strlen(a->notes[3000].front), 150000);
            assert_string_equal(a->notes[3000].back, "y");
        }
        for (size_t i = 0; !bad && i < 3001; i++) {
            assert_string_equal(a->notes[i].id, b->notes[i].id);
            assert_int_equal(a->notes[i].line, b->notes[i].line);
            assert_int_equal(a->notes[i].hash, b->notes[i].hash);
        }
        rc_deck_free(a);
        rc_deck_free(b);
        rc_diags_release(&da);
        rc_diags_release(&db);
        free(text);
    }
    unlink(path);
    rmdir(dir);
}

static void file_header_options_are_read(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(
        "deck: t\ntitle: T\nscheduler: SM2\nretention: 0.85\n"
        "new-per-day: 0\nreviews-per-day: 99999\nlearning-steps: 30m 2h 1d\n"
        "relearning-steps: none\nmaximum-interval: 365\nleech-threshold: 0\n"
        "\nbasic: a\nQ: q\nA: a\n",
        NULL);
    const struct rc_deck_options *o = &d->options;
    assert_int_equal(o->scheduler, RC_SCHED_SM2);
    assert_true(o->retention == 0.85);
    assert_int_equal(o->new_per_day, 0);
    assert_int_equal(o->reviews_per_day, 99999);
    assert_int_equal(o->n_learning_steps, 3);
    assert_int_equal(o->learning_steps_min[0], 30);
    assert_int_equal(o->learning_steps_min[1], 120);
    assert_int_equal(o->learning_steps_min[2], 1440);
    assert_int_equal(o->n_relearning_steps, 0);
    assert_int_equal(o->maximum_interval_days, 365);
    assert_int_equal(o->leech_threshold, 0);
    rc_deck_free(d);
}

static void file_options_default_when_absent(void **state)
{
    (void)state;
    struct rc_deck *d = parse_ok(HEADER "basic: a\nQ: q\nA: a\n", NULL);
    const struct rc_deck_options *o = &d->options;
    assert_int_equal(o->scheduler, RC_SCHED_FSRS);
    assert_true(o->retention == 0.9);
    assert_int_equal(o->new_per_day, 20);
    assert_int_equal(o->reviews_per_day, 200);
    assert_int_equal(o->n_learning_steps, 2);
    assert_int_equal(o->learning_steps_min[0], 1);
    assert_int_equal(o->learning_steps_min[1], 10);
    assert_int_equal(o->n_relearning_steps, 1);
    assert_int_equal(o->relearning_steps_min[0], 10);
    assert_int_equal(o->maximum_interval_days, 36500);
    assert_int_equal(o->leech_threshold, 8);
    assert_string_equal(d->source_file, "");
    assert_string_equal(d->source_text, "");
    rc_deck_free(d);
}

static void file_diags_append_to_the_callers_list(void **state)
{
    (void)state;
    struct rc_diags diags = {0};
    struct rc_deck *d = parse_ok(HEADER "basic:\nQ: q\nA: a\n", &diags);
    rc_deck_free(d);
    d = parse_ok("deck: t\ntitle: T\n", &diags);
    assert_int_equal(diags.n, 2);
    assert_string_equal(diags.v[1].msg, "t.deck:1: warning: deck has no cards");
    rc_deck_free(d);
    rc_diags_release(&diags);
}

/* ---- write ------------------------------------------------------------ */

static const char rich[] =
    "deck: rich\ntitle: A rich deck\nscheduler: sm2\nretention: 0.875\n"
    "learning-steps: 5m 1h 2d\nrelearning-steps: none\n\n"
    "basic:\nQ: A question long enough that the writer has to wrap it over "
    "more than one line of text, with a lone . in it\n"
    "A: x\n  .\n  . y\n  .\n  a  b\ntags: B a\nhint: h\nexplain: e\n\n"
    "reversed: r\nQ: q\nA: a\n\n"
    "cloze: c\ntext: {{one}} and {{two::hint}}\n\n"
    "typed: t\nQ: tq\nA: é\naccept: e\n  E\nignore-accents: yes\n\n"
    "choice: ch\nQ: cq\nA: b\noptions: a\n  b\n\n"
    "choice: cp\nQ: pq\nA: k\npool: names\n\n"
    "order: o\nQ: oq\nitems:\n  1\n  2\n\n"
    "pool: names\nitems:\n  k\n  z\n";

static void write_round_trip_keeps_ids_hashes_and_bytes(void **state)
{
    (void)state;
    struct rc_buf one = {0}, two = {0};
    struct rc_deck *a = parse_ok(rich, NULL);
    rc_deck_write(a, a->source_file, &one);
    struct rc_deck *b = parse_ok(one.buf, NULL);
    assert_int_equal(a->n_notes, b->n_notes);
    for (size_t i = 0; i < a->n_notes; i++) {
        assert_string_equal(a->notes[i].id, b->notes[i].id);
        assert_int_equal(a->notes[i].hash, b->notes[i].hash);
        assert_false(b->notes[i].id_derived);
    }
    assert_memory_equal(&a->options, &b->options, sizeof(a->options));
    rc_deck_write(b, b->source_file, &two);
    assert_string_equal(one.buf, two.buf);
    rc_buf_release(&one);
    rc_buf_release(&two);
    rc_deck_free(a);
    rc_deck_free(b);
}

static void write_gives_canonical_text(void **state)
{
    (void)state;
    struct rc_buf out = {0};
    struct rc_deck *d =
        parse_ok("deck: t\ntitle: T\nretention: 0.80\n\n"
                 "basic: a\nhint: h\nA: the answer\nQ: first\n  .\n  second\n"
                 "tags: z y\n\n"
                 "choice: b\nQ: q\nA: 2\noptions: 1\n  2\nexplain: s\n",
                 NULL);
    rc_deck_write(d, "src.txt", &out);
    assert_string_equal(out.buf, "deck: t\ntitle: T\nsource-file: src.txt\n"
                                 "retention: 0.8\n\n"
                                 "basic: a\nQ: first\n  .\n  second\n"
                                 "A: the answer\ntags: y z\nhint: h\n\n"
                                 "choice: b\nQ: q\nA: 2\noptions:\n  1\n"
                                 "  2\nexplain: s\n");
    rc_buf_release(&out);
    rc_deck_free(d);
}

/* ---- stamp ------------------------------------------------------------ */

static const char unstamped[] =
    "deck: t\r\ntitle: T\r\n\r\n# keep me\r\nbasic:  \r\n"
    "Q: Between which years\r\n  were the trials?\r\nA: 1936\r\n\r\n"
    "basic: kept\r\nQ: q\r\nA: a\r\n\r\ncloze:\r\ntext: {{x}} y\r\n";

static void stamp_writes_derived_ids_and_nothing_else(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_deck.XXXXXX", path[64];
    struct rc_err err = {0};
    struct rc_deck *before = parse_ok(unstamped, NULL);
    size_t n = 99;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/s.deck", dir);
    spit(path, unstamped);
    chmod(path, 0640);

    assert_int_equal(rc_deck_stamp(path, &n, NULL, &err), RC_OK);

    assert_int_equal(n, 2);
    struct rc_buf want = {0};
    rc_buf_addf(&want,
                "deck: t\r\ntitle: T\r\n\r\n# keep me\r\nbasic: %s\r\n"
                "Q: Between which years\r\n  were the trials?\r\nA: 1936\r\n"
                "\r\nbasic: kept\r\nQ: q\r\nA: a\r\n\r\ncloze: %s\r\n"
                "text: {{x}} y\r\n",
                before->notes[0].id, before->notes[2].id);
    char *got = slurp(path, NULL);
    assert_string_equal(got, want.buf);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    struct rc_deck *after = parse_ok(got, NULL);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(after->notes[i].id, before->notes[i].id);
        assert_int_equal(after->notes[i].hash, before->notes[i].hash);
    }

    assert_int_equal(rc_deck_stamp(path, &n, NULL, &err), RC_OK);
    assert_int_equal(n, 0);
    char *again = slurp(path, NULL);
    assert_string_equal(again, want.buf);

    free(got);
    free(again);
    rc_buf_release(&want);
    rc_deck_free(before);
    rc_deck_free(after);
    unlink(path);
    rmdir(dir);
}

static void stamp_refuses_a_deck_with_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_deck.XXXXXX", path[64];
    const char *text = HEADER "basic:\nQ: q\n";
    struct rc_err err = {0};
    struct rc_diags diags = {0};
    size_t n = 99;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/bad.deck", dir);
    spit(path, text);
    assert_int_equal(rc_deck_stamp(path, &n, &diags, &err), RC_EPARSE);
    assert_int_equal(n, 0);
    assert_int_equal(diags.n_errors, 1);
    char *got = slurp(path, NULL);
    assert_string_equal(got, text);
    free(got);
    rc_diags_release(&diags);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_decks_give_exact_diagnostics_and_no_deck),
        cmocka_unit_test(bad_file_over_64_mib_is_refused_before_reading),
        cmocka_unit_test(bad_missing_file_is_eio),
        cmocka_unit_test(bad_without_diags_still_fills_err),
        cmocka_unit_test(kind_every_kind_fills_its_fields),
        cmocka_unit_test(kind_names_round_trip),
        cmocka_unit_test(value_text_joins_lines_and_dot_breaks),
        cmocka_unit_test(value_lists_take_one_item_per_line),
        cmocka_unit_test(value_tags_are_lowercased_sorted_and_unique),
        cmocka_unit_test(value_names_ignore_case_and_take_long_forms),
        cmocka_unit_test(value_comments_do_not_end_a_field),
        cmocka_unit_test(id_derived_from_words_and_hash_with_warning),
        cmocka_unit_test(id_derived_is_stable_across_position_and_wrapping),
        cmocka_unit_test(id_derived_never_clashes),
        cmocka_unit_test(id_slug_falls_back_to_the_kind),
        cmocka_unit_test(hash_is_fnv1a_over_the_fields),
        cmocka_unit_test(hash_changes_with_content_only),
        cmocka_unit_test(file_source_quote_matches_any_white_space),
        cmocka_unit_test(file_crlf_and_bom_read_like_lf),
        cmocka_unit_test(file_read_in_pieces_reads_like_one_buffer),
        cmocka_unit_test(file_header_options_are_read),
        cmocka_unit_test(file_options_default_when_absent),
        cmocka_unit_test(file_diags_append_to_the_callers_list),
        cmocka_unit_test(write_round_trip_keeps_ids_hashes_and_bytes),
        cmocka_unit_test(write_gives_canonical_text),
        cmocka_unit_test(stamp_writes_derived_ids_and_nothing_else),
        cmocka_unit_test(stamp_refuses_a_deck_with_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
