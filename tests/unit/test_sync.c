/* test_sync.c -- the collection's side of sync (sync.h, hlc.h).
 *
 * Case groups:
 *   hlc-*      stamps are well formed and only ever grow
 *   push-*     what to push: content before reviews, card names, batches
 *              bounded, nothing again once acknowledged; a batch read
 *              after one not yet acknowledged goes on where it ends
 *   apply-*    pulled reviews give the states a replay gives; applying a
 *              batch twice changes nothing; last writer wins by hlc;
 *              tombstones retire cards; reviews of unknown cards wait */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall/answer.h"
#include "recall/buf.h"
#include "recall/collection.h"
#include "recall/deck.h"
#include "recall/hlc.h"
#include "recall/import.h"
#include "recall/rng.h"
#include "recall/sync.h"

static char tmpdir[] = "/tmp/recall-sync-XXXXXX";

static const char deck_text[] = "deck: t\n"
                                "title: T\n"
                                "\n"
                                "basic: a\n"
                                "Q: qa\n"
                                "A: aa\n"
                                "\n"
                                "reversed: b\n"
                                "Q: qb\n"
                                "A: ab\n";

#define T0  1767607200000LL /* 2026-01-05T10:00:00Z */
#define DAY 86400000LL

struct side {
    struct rc_collection *c;
    int64_t profile;
    char path[256];
};

static void side_open(struct side *s, const char *name)
{
    struct rc_err err = {0};
    snprintf(s->path, sizeof(s->path), "%s/%s", tmpdir, name);
    unlink(s->path);
    assert_int_equal(rc_collection_open(s->path, 0, &s->c, &err), RC_OK);
    assert_int_equal(rc_profile_ensure(s->c, "p", T0, &s->profile, &err),
                     RC_OK);
    struct rc_deck *deck = NULL;
    struct rc_import_stats st;
    assert_int_equal(rc_deck_parse_buf("t.deck", deck_text, strlen(deck_text),
                                       &deck, NULL, &err),
                     RC_OK);
    assert_int_equal(rc_import_deck(s->c, deck, "/x/t.deck", T0, &st, &err),
                     RC_OK);
    rc_deck_free(deck);
    assert_int_equal(rc_sync_bind(s->c, s->profile, "https://s", &err), RC_OK);
}

static int64_t side_int(struct side *s, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(s->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static int64_t card_id(struct side *s, const char *note, int ord)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
             "WHERE n.key = '%s' AND c.ord = %d",
             note, ord);
    return side_int(s, sql);
}

static void answer(struct side *s, struct rc_rng *rng, const char *note,
                   int ord, int64_t time_ms, int rating)
{
    struct rc_err err = {0};
    struct rc_answer a = {.profile_id = s->profile,
                          .card_id = card_id(s, note, ord),
                          .time_ms = time_ms,
                          .rating = rating,
                          .duration_ms = 3000,
                          .kind = RC_REVIEW_STUDY};
    assert_int_equal(rc_answer_record(s->c, &a, rng, NULL, NULL, &err), RC_OK);
}

/* Push everything of 'from' and apply it, as pulled, to 'to'. */
static void transfer(struct side *from, struct side *to, int64_t seq,
                     struct rc_sync_apply_stats *stats)
{
    struct rc_err err = {0};
    for (;;) {
        struct rc_sync_batch b = {0};
        assert_int_equal(rc_sync_push_next(from->c, from->profile, 3, &b, &err),
                         RC_OK);
        if (b.n == 0)
            break;
        assert_true(b.n <= 3);
        assert_int_equal(
            rc_sync_apply(to->c, to->profile, b.v, b.n, seq, stats, &err),
            RC_OK);
        assert_int_equal(
            rc_sync_push_done(from->c, from->profile, &b, 0, 0, &err), RC_OK);
        rc_sync_batch_release(&b);
    }
}

static void assert_same_state(struct side *a, struct side *b, int64_t ca,
                              int64_t cb)
{
    struct rc_err err = {0};
    struct rc_sched_state x, y;
    bool sx, sy;
    assert_int_equal(
        rc_card_state_load(a->c, a->profile, ca, &x, &sx, NULL, &err), RC_OK);
    assert_int_equal(
        rc_card_state_load(b->c, b->profile, cb, &y, &sy, NULL, &err), RC_OK);
    assert_int_equal(x.state, y.state);
    assert_int_equal(x.reps, y.reps);
    assert_int_equal(x.lapses, y.lapses);
    assert_int_equal(x.due_ms, y.due_ms);
    assert_int_equal(x.last_review_ms, y.last_review_ms);
    assert_true(x.stability == y.stability);
    assert_true(x.difficulty == y.difficulty);
    assert_int_equal(sx, sy);
}

static void hlc_stamps_grow_with_a_pinned_clock(void **state)
{
    (void)state;
    struct side s;
    struct rc_err err = {0};
    side_open(&s, "hlc.db");
    char a[RC_HLC_LEN + 1], b[RC_HLC_LEN + 1];
    assert_int_equal(rc_tx_begin(s.c, &err), RC_OK);
    assert_int_equal(rc_hlc_tick(s.c, T0, a, &err), RC_OK);
    assert_int_equal(rc_hlc_tick(s.c, T0, b, &err), RC_OK);
    assert_int_equal(rc_tx_commit(s.c, &err), RC_OK);
    assert_true(rc_hlc_valid(a));
    assert_true(strcmp(a, b) < 0);
    assert_int_equal(
        strncmp(b, "1767607200000-", 14) == 0 || strtoll(b, NULL, 10) > T0, 1);
    /* Seeing a stamp from the future moves the clock past it. */
    assert_int_equal(rc_tx_begin(s.c, &err), RC_OK);
    assert_int_equal(
        rc_hlc_observe(s.c, "9999999999999-0007-0123456789abcdef", &err),
        RC_OK);
    assert_int_equal(rc_hlc_tick(s.c, T0, a, &err), RC_OK);
    assert_int_equal(rc_tx_commit(s.c, &err), RC_OK);
    assert_int_equal(strncmp(a, "9999999999999-0008-", 19), 0);
    assert_false(rc_hlc_valid("9999999999999-0008-0123456789ABCDEF"));
    assert_false(rc_hlc_valid("999999999999-0008-0123456789abcdef"));
    rc_collection_close(s.c);
}

static void push_sends_content_then_reviews_once(void **state)
{
    (void)state;
    struct side s;
    struct rc_rng rng;
    struct rc_err err = {0};
    rc_rng_seed(&rng, 1);
    side_open(&s, "push.db");
    answer(&s, &rng, "b", 2, T0, 3);

    struct rc_sync_batch b = {0};
    assert_int_equal(rc_sync_push_next(s.c, s.profile, 0, &b, &err), RC_OK);
    assert_int_equal(b.n, 4);
    assert_int_equal(b.v[0].type, RC_SYNC_DECK);
    assert_string_equal(b.v[0].deck, "t");
    assert_string_equal(b.v[0].learning_steps, "1m 10m");
    assert_int_equal(b.v[1].type, RC_SYNC_NOTE);
    assert_string_equal(b.v[1].note, "a");
    assert_string_equal(b.v[2].kind, "reversed");
    assert_int_equal(b.v[3].type, RC_SYNC_REVIEW);
    assert_string_equal(b.v[3].card, "t/b#2");
    assert_int_equal(b.v[3].time_ms, T0);
    assert_int_equal(b.v[3].rating, 3);
    /* Not acknowledged: the same again. */
    struct rc_sync_batch again = {0};
    assert_int_equal(rc_sync_push_next(s.c, s.profile, 0, &again, &err), RC_OK);
    assert_int_equal(again.n, 4);
    assert_string_equal(again.v[3].id, b.v[3].id);
    rc_sync_batch_release(&again);
    /* The server numbered this batch 1..4 with nothing before it: the
     * pull cursor skips it. */
    assert_int_equal(rc_sync_push_done(s.c, s.profile, &b, 0, 4, &err), RC_OK);
    int64_t seq = -1;
    assert_int_equal(rc_sync_last_seq(s.c, s.profile, &seq, &err), RC_OK);
    assert_int_equal(seq, 4);
    rc_sync_batch_release(&b);
    assert_int_equal(rc_sync_push_next(s.c, s.profile, 0, &b, &err), RC_OK);
    assert_int_equal(b.n, 0);
    /* A suspend is a flag change to push. */
    assert_int_equal(
        rc_card_set_suspended(s.c, s.profile, card_id(&s, "a", 1), true, &err),
        RC_OK);
    assert_int_equal(rc_sync_push_next(s.c, s.profile, 0, &b, &err), RC_OK);
    assert_int_equal(b.n, 1);
    assert_int_equal(b.v[0].type, RC_SYNC_FLAG);
    assert_string_equal(b.v[0].card, "t/a#1");
    assert_true(b.v[0].suspended);
    /* A skip from a cursor that has moved meanwhile is not taken. */
    assert_int_equal(rc_sync_push_done(s.c, s.profile, &b, 2, 9, &err), RC_OK);
    assert_int_equal(rc_sync_last_seq(s.c, s.profile, &seq, &err), RC_OK);
    assert_int_equal(seq, 4);
    rc_sync_batch_release(&b);
    rc_collection_close(s.c);
}

/* "TYPE:KEY" of every change of 'b', appended to 'out'. */
static void batch_keys(const struct rc_sync_batch *b, struct rc_buf *out)
{
    for (size_t i = 0; i < b->n; i++) {
        const struct rc_sync_change *ch = &b->v[i];
        rc_buf_addf(out, "%d:%s%s%s%s\n", (int)ch->type, ch->id ? ch->id : "",
                    ch->card ? ch->card : "", ch->note ? ch->note : "",
                    ch->deck ? ch->deck : "");
    }
}

static void push_after_reads_on_before_the_ack(void **state)
{
    (void)state;
    struct side s;
    struct rc_rng rng;
    struct rc_err err = {0};
    rc_rng_seed(&rng, 2);
    side_open(&s, "after.db");
    for (int i = 0; i < 4; i++) {
        answer(&s, &rng, "a", 1, T0 + i * DAY, 3);
        answer(&s, &rng, "b", 2, T0 + i * DAY, 1);
    }
    assert_int_equal(
        rc_card_set_suspended(s.c, s.profile, card_id(&s, "b", 1), true, &err),
        RC_OK);
    /* All at once: deck, 2 notes, 1 flag, 8 reviews. */
    struct rc_sync_batch all = {0};
    struct rc_buf want = {0}, got = {0};
    assert_int_equal(rc_sync_push_next(s.c, s.profile, 0, &all, &err), RC_OK);
    assert_int_equal(all.n, 12);
    batch_keys(&all, &want);
    rc_sync_batch_release(&all);
    /* Three at a time, each read after the one before is sent but not
     * acknowledged: the same changes in the same order, none twice. */
    struct rc_sync_batch chain[8] = {0};
    size_t n = 0;
    assert_int_equal(rc_sync_push_next(s.c, s.profile, 3, &chain[0], &err),
                     RC_OK);
    while (chain[n].n > 0) {
        batch_keys(&chain[n], &got);
        assert_true(n + 1 < 8);
        assert_int_equal(rc_sync_push_after(s.c, s.profile, &chain[n], 3,
                                            &chain[n + 1], &err),
                         RC_OK);
        n++;
    }
    assert_int_equal(n, 4);
    assert_string_equal(rc_buf_str(&got), rc_buf_str(&want));
    /* Acknowledged in order: nothing is left. */
    for (size_t i = 0; i <= n; i++) {
        assert_int_equal(
            rc_sync_push_done(s.c, s.profile, &chain[i], 0, 0, &err), RC_OK);
        rc_sync_batch_release(&chain[i]);
    }
    assert_int_equal(rc_sync_push_next(s.c, s.profile, 0, &all, &err), RC_OK);
    assert_int_equal(all.n, 0);
    rc_buf_release(&want);
    rc_buf_release(&got);
    rc_collection_close(s.c);
}

static void apply_reviews_gives_replayed_states(void **state)
{
    (void)state;
    struct side a, b;
    struct rc_rng rng;
    rc_rng_seed(&rng, 7);
    side_open(&a, "a.db");
    side_open(&b, "b.db");
    /* Both study card a: a on days 0 and 3, b on days 1 and 5. */
    answer(&a, &rng, "a", 1, T0, 3);
    answer(&b, &rng, "a", 1, T0 + DAY, 1);
    answer(&a, &rng, "a", 1, T0 + 3 * DAY, 3);
    answer(&b, &rng, "a", 1, T0 + 5 * DAY, 4);
    answer(&b, &rng, "b", 2, T0 + 2 * DAY, 2);

    struct rc_sync_apply_stats sa = {0}, sb = {0};
    transfer(&a, &b, 10, &sb);
    transfer(&b, &a, 20, &sa);
    assert_int_equal(sb.reviews, 2);
    assert_int_equal(sa.reviews, 3);
    /* Both logs hold the same five reviews, and the same states. */
    assert_int_equal(side_int(&a, "SELECT count(*) FROM revlog"), 5);
    assert_int_equal(side_int(&b, "SELECT count(*) FROM revlog"), 5);
    assert_same_state(&a, &b, card_id(&a, "a", 1), card_id(&b, "a", 1));
    assert_same_state(&a, &b, card_id(&a, "b", 2), card_id(&b, "b", 2));
    assert_int_equal(side_int(&a, "SELECT reps FROM card_state cs JOIN cards c"
                                  " ON c.id = cs.card_id JOIN notes n ON "
                                  "n.id = c.note_id WHERE n.key = 'a'"),
                     4);

    /* The same state a replay from scratch gives. */
    struct rc_err err = {0};
    struct rc_sched_state replayed, stored;
    int64_t ca = card_id(&a, "a", 1);
    assert_int_equal(
        rc_card_replay(a.c, a.profile, ca, NULL, NULL, &replayed, &err), RC_OK);
    assert_int_equal(
        rc_card_state_load(a.c, a.profile, ca, &stored, NULL, NULL, &err),
        RC_OK);
    assert_int_equal(replayed.due_ms, stored.due_ms);
    assert_true(replayed.stability == stored.stability);

    /* Nothing left to push on either side; the pull mark moved. */
    struct rc_sync_batch left = {0};
    assert_int_equal(rc_sync_push_next(a.c, a.profile, 0, &left, &err), RC_OK);
    assert_int_equal(left.n, 0);
    int64_t seq = 0;
    assert_int_equal(rc_sync_last_seq(a.c, a.profile, &seq, &err), RC_OK);
    assert_int_equal(seq, 20);
    rc_collection_close(a.c);
    rc_collection_close(b.c);
}

static struct rc_sync_change review_change(const char *id, const char *card,
                                           int64_t time_ms, int rating)
{
    struct rc_sync_change ch = {.type = RC_SYNC_REVIEW,
                                .id = (char *)id,
                                .card = (char *)card,
                                .time_ms = time_ms,
                                .rating = rating,
                                .duration_ms = 1000,
                                .kind = (char *)"study"};
    return ch;
}

static void apply_twice_changes_nothing(void **state)
{
    (void)state;
    struct side s;
    struct rc_err err = {0};
    side_open(&s, "twice.db");
    struct rc_sync_change v[2] = {
        review_change("0123456789abcdef0123456789abcdef", "t/a#1", T0, 3),
        review_change("1123456789abcdef0123456789abcdef", "t/a#1", T0 + DAY,
                      3)};
    struct rc_sync_apply_stats st = {0};
    assert_int_equal(rc_sync_apply(s.c, s.profile, v, 2, 5, &st, &err), RC_OK);
    assert_int_equal(st.reviews, 2);
    int64_t due = side_int(&s, "SELECT due_ms FROM card_state");
    memset(&st, 0, sizeof(st));
    assert_int_equal(rc_sync_apply(s.c, s.profile, v, 2, 5, &st, &err), RC_OK);
    assert_int_equal(st.reviews, 0);
    assert_int_equal(st.duplicates, 2);
    assert_int_equal(side_int(&s, "SELECT count(*) FROM revlog"), 2);
    assert_int_equal(side_int(&s, "SELECT due_ms FROM card_state"), due);
    /* Pulled reviews are the server's: nothing to push back. */
    assert_int_equal(side_int(&s, "SELECT count(*) FROM revlog "
                                  "WHERE synced = 0"),
                     0);
    /* A malformed change is refused and writes nothing. */
    struct rc_sync_change bad = review_change(
        "2123456789abcdef0123456789abcdef", "t/a#1", T0 + 2 * DAY, 5);
    assert_int_equal(rc_sync_apply(s.c, s.profile, &bad, 1, 6, &st, &err),
                     RC_EPARSE);
    int64_t seq = 0;
    assert_int_equal(rc_sync_last_seq(s.c, s.profile, &seq, &err), RC_OK);
    assert_int_equal(seq, 5);
    rc_collection_close(s.c);
}

static struct rc_sync_change note_change(const char *note, const char *hlc,
                                         const char *front, bool retired)
{
    struct rc_sync_change ch = {.type = RC_SYNC_NOTE,
                                .deck = (char *)"t",
                                .note = (char *)note,
                                .hlc = (char *)hlc,
                                .retired = retired,
                                .kind = (char *)"basic",
                                .position = 5,
                                .front = (char *)front,
                                .back = (char *)"back",
                                .tags = (char *)"",
                                .source = (char *)"",
                                .hint = (char *)"",
                                .explain = (char *)""};
    return ch;
}

static void apply_note_last_writer_wins(void **state)
{
    (void)state;
    struct side s;
    struct rc_err err = {0};
    side_open(&s, "lww.db");
    /* Older than the local import: ignored. */
    struct rc_sync_change old =
        note_change("a", "0000000000001-0000-0000000000000001", "old", false);
    struct rc_sync_apply_stats st = {0};
    assert_int_equal(rc_sync_apply(s.c, s.profile, &old, 1, 1, &st, &err),
                     RC_OK);
    assert_int_equal(st.duplicates, 1);
    assert_int_equal(side_int(&s, "SELECT front = 'qa' FROM notes "
                                  "WHERE key = 'a'"),
                     1);
    /* Newer: taken, and the note keeps its card and id. */
    int64_t before = card_id(&s, "a", 1);
    struct rc_sync_change new =
        note_change("a", "9000000000000-0000-0000000000000001", "new", false);
    assert_int_equal(rc_sync_apply(s.c, s.profile, &new, 1, 2, &st, &err),
                     RC_OK);
    assert_int_equal(side_int(&s, "SELECT front = 'new' FROM notes "
                                  "WHERE key = 'a'"),
                     1);
    assert_int_equal(card_id(&s, "a", 1), before);
    /* The other note is untouched. */
    assert_int_equal(side_int(&s, "SELECT front = 'qb' FROM notes "
                                  "WHERE key = 'b'"),
                     1);
    /* A tombstone retires the note and its card. */
    struct rc_sync_change gone =
        note_change("a", "9000000000001-0000-0000000000000001", "new", true);
    assert_int_equal(rc_sync_apply(s.c, s.profile, &gone, 1, 3, &st, &err),
                     RC_OK);
    assert_int_equal(side_int(&s, "SELECT c.retired + n.retired FROM cards c "
                                  "JOIN notes n ON n.id = c.note_id "
                                  "WHERE n.key = 'a'"),
                     2);
    /* The clock moved past what it saw: a local edit wins next. */
    char next[RC_HLC_LEN + 1];
    assert_int_equal(rc_tx_begin(s.c, &err), RC_OK);
    assert_int_equal(rc_hlc_tick(s.c, T0, next, &err), RC_OK);
    rc_tx_rollback(s.c);
    assert_true(strcmp(next, "9000000000001-0000-ffffffffffffffff") > 0);
    rc_collection_close(s.c);
}

static void apply_parks_reviews_of_unknown_cards(void **state)
{
    (void)state;
    struct side s;
    struct rc_err err = {0};
    side_open(&s, "pending.db");
    struct rc_sync_change r =
        review_change("3123456789abcdef0123456789abcdef", "u/x#1", T0, 3);
    struct rc_sync_apply_stats st = {0};
    assert_int_equal(rc_sync_apply(s.c, s.profile, &r, 1, 1, &st, &err), RC_OK);
    assert_int_equal(st.pending, 1);
    assert_int_equal(side_int(&s, "SELECT count(*) FROM sync_pending"), 1);
    /* Its note arrives (before its deck): the review joins the log. */
    struct rc_sync_change n =
        note_change("x", "1767607200000-0000-00000000000000aa", "qx", false);
    n.deck = (char *)"u";
    memset(&st, 0, sizeof(st));
    assert_int_equal(rc_sync_apply(s.c, s.profile, &n, 1, 2, &st, &err), RC_OK);
    assert_int_equal(st.reviews, 1);
    assert_int_equal(side_int(&s, "SELECT count(*) FROM sync_pending"), 0);
    assert_int_equal(side_int(&s, "SELECT count(*) FROM revlog"), 1);
    assert_int_equal(side_int(&s, "SELECT reps FROM card_state"), 1);
    /* The stand-in deck gives way to the real one. */
    assert_int_equal(side_int(&s, "SELECT hlc = '0' FROM decks "
                                  "WHERE key = 'u'"),
                     1);
    rc_collection_close(s.c);
}

static struct rc_sync_change flag_change(const char *card, const char *hlc,
                                         bool suspended)
{
    return (struct rc_sync_change){.type = RC_SYNC_FLAG,
                                   .card = (char *)card,
                                   .hlc = (char *)hlc,
                                   .suspended = suspended};
}

static void apply_parks_flags_of_unknown_cards(void **state)
{
    (void)state;
    struct side s;
    struct rc_err err = {0};
    side_open(&s, "flags.db");
    /* Two flag changes of a card not here yet: the newer waits, and a
     * third, older one does not replace it. */
    struct rc_sync_change f[] = {
        flag_change("u/x#1", "1767607200000-0000-00000000000000bb", false),
        flag_change("u/x#1", "1767607300000-0000-00000000000000bb", true),
        flag_change("u/x#1", "1767607250000-0000-00000000000000bb", false),
    };
    assert_int_equal(rc_sync_apply(s.c, s.profile, f, 3, 1, NULL, &err), RC_OK);
    assert_int_equal(side_int(&s, "SELECT count(*) FROM sync_pending_flags"),
                     1);
    assert_int_equal(side_int(&s, "SELECT suspended FROM sync_pending_flags"),
                     1);
    /* Its note arrives: the card is suspended, nothing waits any more. */
    struct rc_sync_change n =
        note_change("x", "1767607200000-0000-00000000000000aa", "qx", false);
    n.deck = (char *)"u";
    assert_int_equal(rc_sync_apply(s.c, s.profile, &n, 1, 2, NULL, &err),
                     RC_OK);
    assert_int_equal(side_int(&s, "SELECT count(*) FROM sync_pending_flags"),
                     0);
    assert_int_equal(side_int(&s, "SELECT suspended FROM card_state"), 1);
    assert_int_equal(side_int(&s, "SELECT flags_hlc = "
                                  "'1767607300000-0000-00000000000000bb' "
                                  "FROM card_state"),
                     1);
    rc_collection_close(s.c);
}

static void undo_refuses_a_synced_review(void **state)
{
    (void)state;
    struct side s;
    struct rc_rng rng;
    struct rc_err err = {0};
    rc_rng_seed(&rng, 3);
    side_open(&s, "undo.db");
    int64_t card = card_id(&s, "a", 1);
    struct rc_card_snapshot before;
    assert_int_equal(rc_card_snapshot_take(s.c, s.profile, card, &before, &err),
                     RC_OK);
    struct rc_answer a = {.profile_id = s.profile,
                          .card_id = card,
                          .time_ms = T0,
                          .rating = 3,
                          .kind = RC_REVIEW_STUDY};
    char id[33];
    assert_int_equal(rc_answer_record(s.c, &a, &rng, NULL, id, &err), RC_OK);
    /* A sync runs (in another terminal) before the undo. */
    struct rc_sync_batch b = {0};
    assert_int_equal(rc_sync_push_next(s.c, s.profile, 0, &b, &err), RC_OK);
    assert_int_equal(rc_sync_push_done(s.c, s.profile, &b, 0, 0, &err), RC_OK);
    rc_sync_batch_release(&b);
    assert_int_equal(rc_answer_undo(s.c, s.profile, card, id, &before, &err),
                     RC_ECONFLICT);
    assert_non_null(strstr(err.msg, "synced already"));
    assert_int_equal(side_int(&s, "SELECT count(*) FROM revlog"), 1);
    assert_int_equal(side_int(&s, "SELECT reps FROM card_state"), 1);
    rc_collection_close(s.c);
}

static int teardown_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hlc_stamps_grow_with_a_pinned_clock),
        cmocka_unit_test(push_sends_content_then_reviews_once),
        cmocka_unit_test(push_after_reads_on_before_the_ack),
        cmocka_unit_test(apply_reviews_gives_replayed_states),
        cmocka_unit_test(apply_twice_changes_nothing),
        cmocka_unit_test(apply_note_last_writer_wins),
        cmocka_unit_test(apply_parks_reviews_of_unknown_cards),
        cmocka_unit_test(apply_parks_flags_of_unknown_cards),
        cmocka_unit_test(undo_refuses_a_synced_review),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_dir);
}
