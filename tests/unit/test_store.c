/* test_store.c -- the sync server's store (src/sync/store.h) on a temp dir.
 *
 * Case groups:
 *   account-*  add, conflict, get
 *   token-*    live, expired, revoked tokens; rate counters per window
 *   open-*     schema versions: v1's rate table moves out, v2's review
 *              bodies stay readable, newer refused
 *   append-*   idempotent reviews, last writer wins by hlc, all or nothing
 *   after-*    changes after a sequence number, limit and more
 *   seen-*     a push's seen_to: how far the pusher's cursor may skip
 *   group-*    visibility of published decks, re-sequencing on join,
 *              owner-only lookups, the report walk */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"

struct fixture {
    char dir[64];
    struct sync_store *s;
    int64_t ann, bob;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/recall-store.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    struct rc_err err = {0};
    assert_int_equal(sync_store_open(f->dir, &f->s, &err), RC_OK);
    char hash[SYNC_STORE_HASH_MAX];
    assert_int_equal(sync_store_account_add(f->s, "ann", "H1", 1, &err), RC_OK);
    assert_int_equal(sync_store_account_add(f->s, "bob", "H2", 1, &err), RC_OK);
    assert_int_equal(sync_store_account_get(f->s, "ann", &f->ann, hash, &err),
                     RC_OK);
    assert_int_equal(sync_store_account_get(f->s, "bob", &f->bob, hash, &err),
                     RC_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];
    sync_store_close(f->s);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void account_add_conflict_and_get(void **state)
{
    struct fixture *f = *state;
    struct rc_err err = {0};
    char hash[SYNC_STORE_HASH_MAX];
    int64_t id = 0;
    assert_int_equal(sync_store_account_add(f->s, "ann", "X", 2, &err),
                     RC_ECONFLICT);
    assert_string_equal(err.msg, "user 'ann' exists");
    assert_int_equal(sync_store_account_get(f->s, "ann", &id, hash, NULL),
                     RC_OK);
    assert_string_equal(hash, "H1");
    assert_int_equal(id, f->ann);
    assert_int_equal(sync_store_account_get(f->s, "zed", &id, hash, NULL),
                     RC_ENOTFOUND);
}

static void token_expires_and_revokes(void **state)
{
    struct fixture *f = *state;
    char user[65];
    int64_t id = 0;
    assert_int_equal(sync_store_token_add(f->s, f->ann, "t1", 1000, NULL),
                     RC_OK);
    assert_int_equal(sync_store_token_check(f->s, "t1", 999, &id, user, NULL),
                     RC_OK);
    assert_int_equal(id, f->ann);
    assert_string_equal(user, "ann");
    assert_int_equal(sync_store_token_check(f->s, "t1", 1000, &id, user, NULL),
                     RC_EAUTH);
    assert_int_equal(sync_store_token_check(f->s, "nope", 1, &id, user, NULL),
                     RC_EAUTH);
    assert_int_equal(sync_store_token_revoke(f->s, "t1", NULL), RC_OK);
    assert_int_equal(sync_store_token_check(f->s, "t1", 1, &id, user, NULL),
                     RC_EAUTH);
}

static void token_rate_counts_per_minute(void **state)
{
    struct fixture *f = *state;
    int64_t n = 0;
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(sync_store_rate_hit(f->s, "k", 60000 + i, &n, NULL),
                         RC_OK);
        assert_int_equal(n, i);
    }
    assert_int_equal(sync_store_rate_hit(f->s, "k", 120000, &n, NULL), RC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sync_store_rate_hit(f->s, "other", 120001, &n, NULL),
                     RC_OK);
    assert_int_equal(n, 1);
}

/* Run 'sql' on DIR/server.db; the first column of its last row, or -1. */
static int64_t raw(const struct fixture *f, const char *sql)
{
    char path[96];
    snprintf(path, sizeof(path), "%s/server.db", f->dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    const char *tail = sql;
    while (*tail) {
        assert_int_equal(sqlite3_prepare_v2(db, tail, -1, &st, &tail),
                         SQLITE_OK);
        if (!st)
            break;
        while (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

/* The changes table as server schemas 1 and 2 had it. */
#define V2_CHANGES                                                             \
    "ALTER TABLE changes DROP COLUMN duration_ms;"                             \
    "ALTER TABLE changes DROP COLUMN kind;"

static void open_moves_v1_rate_counters_out(void **state)
{
    struct fixture *f = *state;
    sync_store_close(f->s);
    f->s = NULL;
    /* A version 1 server database kept the counters in a table (and
     * reviews as JSON text only). */
    raw(f, "CREATE TABLE rate(key TEXT NOT NULL, window INTEGER NOT NULL,"
           " n INTEGER NOT NULL, PRIMARY KEY(key, window)) STRICT,"
           " WITHOUT ROWID; " V2_CHANGES " PRAGMA user_version = 1");
    assert_int_equal(sync_store_open(f->dir, &f->s, NULL), RC_OK);
    assert_int_equal(raw(f, "PRAGMA user_version"), 3);
    assert_int_equal(raw(f, "SELECT count(*) FROM sqlite_schema"
                            " WHERE name = 'rate'"),
                     0);
    char path[96];
    snprintf(path, sizeof(path), "%s/rate.db", f->dir);
    assert_int_equal(access(path, F_OK), 0);
    int64_t n = 0;
    assert_int_equal(sync_store_rate_hit(f->s, "k", 60000, &n, NULL), RC_OK);
    assert_int_equal(n, 1);
    /* Accounts are where they were. */
    int64_t id = 0;
    char hash[SYNC_STORE_HASH_MAX];
    assert_int_equal(sync_store_account_get(f->s, "ann", &id, hash, NULL),
                     RC_OK);
    assert_int_equal(id, f->ann);
    /* A newer server's database is refused, and left alone. */
    sync_store_close(f->s);
    f->s = NULL;
    raw(f, "PRAGMA user_version = 4");
    struct rc_err err = {0};
    assert_int_equal(sync_store_open(f->dir, &f->s, &err), RC_ECONFLICT);
    assert_non_null(strstr(err.msg, "schema 4 is newer"));
    assert_int_equal(raw(f, "PRAGMA user_version"), 4);
}

static struct sync_change review(const char *id, const char *card)
{
    return (struct sync_change){.type = SYNC_CHANGE_REVIEW,
                                .key = id,
                                .deck = "d",
                                .card = card,
                                .time_ms = 5,
                                .rating = 3,
                                .duration_ms = 8000,
                                .kind = "study"};
}

static struct sync_change note(const char *key, const char *hlc,
                               const char *body)
{
    return (struct sync_change){.type = SYNC_CHANGE_NOTE,
                                .key = key,
                                .deck = "d",
                                .hlc = hlc,
                                .body = body};
}

struct seen {
    int n;
    int64_t seq[16];
    char body[16][32];
};

/* Records a change's body, or for a review kept as fields its id. */
static int collect(int64_t seq, const struct sync_change *ch, void *arg)
{
    struct seen *s = arg;
    s->seq[s->n] = seq;
    if (ch->type == SYNC_CHANGE_REVIEW && !ch->body) {
        assert_int_equal(ch->time_ms, 5);
        assert_int_equal(ch->rating, 3);
    }
    snprintf(s->body[s->n++], 32, "%s", ch->body ? ch->body : ch->key);
    return 0;
}

/* A pull's view of one change, in full. */
static int collect_one(int64_t seq, const struct sync_change *ch, void *arg)
{
    (void)seq;
    char *out = arg;
    snprintf(out, 256, "%d|%s|%s|%lld|%d|%lld|%s|%s", (int)ch->type, ch->key,
             ch->card ? ch->card : "-", (long long)ch->time_ms, ch->rating,
             (long long)ch->duration_ms, ch->kind ? ch->kind : "-",
             ch->body ? ch->body : "-");
    return SYNC_VISIT_FULL; /* one at a time */
}

static void open_v2_keeps_review_bodies(void **state)
{
    struct fixture *f = *state;
    sync_store_close(f->s);
    f->s = NULL;
    /* Version 2 kept a review as JSON text. */
    raw(f, V2_CHANGES "INSERT INTO changes(seq, account_id, type, key, deck,"
                      " card, time_ms, rating, body) VALUES(1, 1, 0, 'r0',"
                      " 'd', 'd/a#1', 5, 3, '{\"type\":\"review\"}');"
                      "UPDATE seqs SET last = 1; PRAGMA user_version = 2");
    assert_int_equal(sync_store_open(f->dir, &f->s, NULL), RC_OK);
    assert_int_equal(raw(f, "PRAGMA user_version"), 3);
    /* Version 3 keeps a review's fields, with or without the optional
     * ones. */
    struct sync_change b[] = {review("r1", "d/a#1"), review("r2", "d/b#1")};
    b[1].duration_ms = -1;
    b[1].kind = NULL;
    struct sync_append_result res;
    assert_int_equal(sync_store_append(f->s, f->ann, 1, b, 2, &res, NULL),
                     RC_OK);
    static const char *const want[] = {
        "0|r0|d/a#1|5|3|-1|-|{\"type\":\"review\"}",
        "0|r1|d/a#1|5|3|8000|study|-",
        "0|r2|d/b#1|5|3|-1|-|-",
    };
    int64_t last = 0;
    for (size_t i = 0; i < 3; i++) {
        char got[256] = "";
        bool more = false;
        assert_int_equal(sync_store_changes_after(f->s, f->ann, last, 10,
                                                  collect_one, got, &last,
                                                  &more, NULL),
                         RC_OK);
        assert_string_equal(got, want[i]);
        /* The visit said full before taking it: take it by hand. */
        last++;
    }
}

static void append_reviews_once_by_id(void **state)
{
    struct fixture *f = *state;
    struct sync_change b[] = {review("r1", "d/a#1"), review("r2", "d/a#1")};
    struct sync_append_result res;
    assert_int_equal(sync_store_append(f->s, f->ann, 0, b, 2, &res, NULL),
                     RC_OK);
    assert_int_equal(res.accepted, 2);
    assert_int_equal(res.duplicates, 0);
    assert_int_equal(res.last_seq, 2);
    assert_int_equal(sync_store_append(f->s, f->ann, 0, b, 2, &res, NULL),
                     RC_OK);
    assert_int_equal(res.accepted, 0);
    assert_int_equal(res.duplicates, 2);
    assert_int_equal(res.last_seq, 2);
    /* The same id from another account is another review. */
    assert_int_equal(sync_store_append(f->s, f->bob, 0, b, 1, &res, NULL),
                     RC_OK);
    assert_int_equal(res.accepted, 1);
    assert_int_equal(res.last_seq, 3);
}

static void append_keeps_greater_hlc_only(void **state)
{
    struct fixture *f = *state;
    struct sync_change b1[] = {note("d/n", "0002", "v2")};
    struct sync_change b2[] = {note("d/n", "0001", "v1"),
                               note("d/n", "0002", "v2again")};
    struct sync_change b3[] = {note("d/n", "0003", "v3")};
    struct sync_append_result res;
    assert_int_equal(sync_store_append(f->s, f->ann, 0, b1, 1, &res, NULL),
                     RC_OK);
    assert_int_equal(sync_store_append(f->s, f->ann, 0, b2, 2, &res, NULL),
                     RC_OK);
    assert_int_equal(res.accepted, 0);
    assert_int_equal(res.duplicates, 2);
    assert_int_equal(sync_store_append(f->s, f->ann, 0, b3, 1, &res, NULL),
                     RC_OK);
    assert_int_equal(res.accepted, 1);
    assert_int_equal(res.last_seq, 2);
    struct seen seen = {0};
    int64_t last = 0;
    bool more = true;
    assert_int_equal(sync_store_changes_after(f->s, f->ann, 0, 10, collect,
                                              &seen, &last, &more, NULL),
                     RC_OK);
    /* Only the newest version is left, under a fresh number. */
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.body[0], "v3");
    assert_int_equal(seen.seq[0], 2);
    assert_int_equal(last, 2);
    assert_false(more);
}

static void after_walks_in_order_with_limit(void **state)
{
    struct fixture *f = *state;
    struct sync_change b[] = {review("r1", "d/a#1"), review("r2", "d/a#1"),
                              review("r3", "d/b#1")};
    struct sync_append_result res;
    assert_int_equal(sync_store_append(f->s, f->ann, 0, b, 3, &res, NULL),
                     RC_OK);
    struct seen seen = {0};
    int64_t last = 0;
    bool more = false;
    assert_int_equal(sync_store_changes_after(f->s, f->ann, 0, 2, collect,
                                              &seen, &last, &more, NULL),
                     RC_OK);
    assert_int_equal(seen.n, 2);
    assert_string_equal(seen.body[1], "r2");
    assert_int_equal(last, 2);
    assert_true(more);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(sync_store_changes_after(f->s, f->ann, 2, 2, collect,
                                              &seen, &last, &more, NULL),
                     RC_OK);
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.body[0], "r3");
    assert_false(more);
    /* Bob sees none of Ann's. */
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(sync_store_changes_after(f->s, f->bob, 0, 10, collect,
                                              &seen, &last, &more, NULL),
                     RC_OK);
    assert_int_equal(seen.n, 0);
    assert_int_equal(last, 0);
    /* The head is the last number given out, whoever got it. */
    struct sync_change bobs[] = {review("b1", "d/a#1")};
    assert_int_equal(sync_store_append(f->s, f->bob, 0, bobs, 1, &res, NULL),
                     RC_OK);
    int64_t head = 0;
    assert_int_equal(sync_store_head(f->s, &head, NULL), RC_OK);
    assert_int_equal(head, 4);
}

static int count_rows(const struct sync_report_row *row, void *arg)
{
    int *n = arg;
    n[row->card ? 1 : 0]++;
    return 0;
}

static void group_publish_join_and_visibility(void **state)
{
    struct fixture *f = *state;
    struct rc_err err = {0};
    int64_t gid = 0, g2 = 0;
    char group[65];
    struct sync_change own[] = {note("d/n", "0001", "note"),
                                review("r1", "d/n#1")};
    struct sync_change bobs[] = {review("r9", "d/n#1")};
    struct sync_append_result res;
    assert_int_equal(sync_store_append(f->s, f->ann, 0, own, 2, &res, NULL),
                     RC_OK);
    assert_int_equal(sync_store_append(f->s, f->bob, 0, bobs, 1, &res, NULL),
                     RC_OK);
    assert_int_equal(sync_store_group_create(f->s, f->ann, "g", 1, &err),
                     RC_OK);
    assert_int_equal(sync_store_group_create(f->s, f->bob, "g", 1, &err),
                     RC_ECONFLICT);
    assert_int_equal(sync_store_group_find(f->s, f->ann, "g", true, &gid, NULL),
                     RC_OK);
    assert_int_equal(sync_store_group_find(f->s, f->bob, "g", false, &g2, NULL),
                     RC_ENOTFOUND);
    assert_int_equal(sync_store_group_publish(f->s, gid, "d", NULL), RC_OK);
    assert_int_equal(sync_store_invite_add(f->s, gid, "ABCD-EFGH", 100, NULL),
                     RC_OK);
    assert_int_equal(
        sync_store_invite_join(f->s, f->bob, "ABCD-EFGH", 100, group, NULL),
        RC_ENOTFOUND); /* expired */
    assert_int_equal(
        sync_store_invite_join(f->s, f->bob, "ABCD-EFGH", 99, group, NULL),
        RC_OK);
    assert_string_equal(group, "g");
    assert_int_equal(sync_store_group_find(f->s, f->bob, "g", false, &g2, NULL),
                     RC_OK);
    assert_int_equal(sync_store_group_find(f->s, f->bob, "g", true, &g2, NULL),
                     RC_ENOTFOUND);
    /* Bob, whose cursor is past Ann's note, still gets it: re-sequenced;
     * he never gets Ann's review. */
    struct seen seen = {0};
    int64_t last = 0;
    bool more = false;
    assert_int_equal(sync_store_changes_after(f->s, f->bob, 3, 10, collect,
                                              &seen, &last, &more, NULL),
                     RC_OK);
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.body[0], "note");
    assert_true(seen.seq[0] > 3);
    int rows[2] = {0, 0};
    assert_int_equal(sync_store_group_report(f->s, gid, count_rows, rows, NULL),
                     RC_OK);
    assert_int_equal(rows[0], 1); /* bob, not the owner */
    assert_int_equal(rows[1], 1); /* bob's one review of deck d */
}

/* One push of 'b' (n changes) by 'who' with cursor 'after'; its seen_to. */
static int64_t push_seen_to(struct fixture *f, int64_t who, int64_t after,
                            struct sync_change *b, size_t n)
{
    struct sync_append_result res;
    assert_int_equal(sync_store_append(f->s, who, after, b, n, &res, NULL),
                     RC_OK);
    return res.seen_to;
}

static void seen_to_skips_only_the_batch_itself(void **state)
{
    struct fixture *f = *state;
    struct sync_change a1[] = {review("r1", "d/a#1"), review("r2", "d/a#1")};
    struct sync_change b1[] = {review("b1", "d/a#1")};
    struct sync_change a2[] = {review("r3", "d/a#1")};
    struct sync_change other[] = {review("r4", "d/a#1")};
    struct sync_change a3[] = {review("r5", "d/a#1")};
    /* A fresh account: its batch is all it may see. */
    assert_int_equal(push_seen_to(f, f->ann, 0, a1, 2), 2);
    /* Bob's seq 3 lies between, but Ann may not see it. */
    assert_int_equal(push_seen_to(f, f->bob, 0, b1, 1), 3);
    assert_int_equal(push_seen_to(f, f->ann, 2, a2, 1), 4);
    /* Ann's other machine pushes seq 5; this one, still at 4, must pull
     * it, so its own seq 6 does not move its cursor. */
    assert_int_equal(push_seen_to(f, f->ann, 4, other, 1), 5);
    assert_int_equal(push_seen_to(f, f->ann, 4, a3, 1), 4);
    /* Nothing kept (all seen before): the cursor stays. */
    assert_int_equal(push_seen_to(f, f->ann, 6, a3, 1), 6);
    /* A cursor already past the batch (a client that pulled meanwhile). */
    struct sync_change a4[] = {review("r6", "d/a#1")};
    assert_int_equal(push_seen_to(f, f->ann, 99, a4, 1), 99);
}

static void seen_to_counts_group_content(void **state)
{
    struct fixture *f = *state;
    int64_t gid = 0;
    char group[65];
    struct sync_change deck[] = {note("d/n", "0001", "note")};
    struct sync_change edit[] = {note("d/n", "0002", "edited")};
    struct sync_change bobs[] = {review("b1", "d/n#1")};
    struct sync_change bobs2[] = {review("b2", "d/n#1")};
    assert_int_equal(push_seen_to(f, f->ann, 0, deck, 1), 1);
    assert_int_equal(sync_store_group_create(f->s, f->ann, "g", 1, NULL),
                     RC_OK);
    assert_int_equal(sync_store_group_find(f->s, f->ann, "g", true, &gid, NULL),
                     RC_OK);
    assert_int_equal(sync_store_group_publish(f->s, gid, "d", NULL), RC_OK);
    assert_int_equal(sync_store_invite_add(f->s, gid, "ABCD-EFGH", 100, NULL),
                     RC_OK);
    assert_int_equal(
        sync_store_invite_join(f->s, f->bob, "ABCD-EFGH", 1, group, NULL),
        RC_OK);
    /* Bob has not pulled the group's note (re-sequenced as 3 on join): his
     * push from 0 must not skip it. */
    assert_int_equal(push_seen_to(f, f->bob, 0, bobs, 1), 0);
    /* From past it, his own batch is all there is. */
    assert_int_equal(push_seen_to(f, f->bob, 4, bobs2, 1), 5);
    /* Ann's edit (seq 6) is between Bob's cursor and his next batch. */
    assert_int_equal(push_seen_to(f, f->ann, 5, edit, 1), 6);
    struct sync_change bobs3[] = {review("b3", "d/n#1")};
    assert_int_equal(push_seen_to(f, f->bob, 5, bobs3, 1), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(account_add_conflict_and_get, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(token_expires_and_revokes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(token_rate_counts_per_minute, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(open_moves_v1_rate_counters_out, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(open_v2_keeps_review_bodies, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(append_reviews_once_by_id, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(append_keeps_greater_hlc_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(after_walks_in_order_with_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(seen_to_skips_only_the_batch_itself,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(seen_to_counts_group_content, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(group_publish_join_and_visibility,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
