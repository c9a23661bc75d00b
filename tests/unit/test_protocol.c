/* test_protocol.c -- the sync client's parsers of server replies.
 *
 * A server that breaks the protocol (by bug, version skew or malice) must
 * get a clear error out of the client and change nothing in the
 * collection.  Each row of a table is one malformed reply, parsed as the
 * client parses it (protocol.c) and, when the envelope passes, applied as
 * the client applies it (rc_sync_apply): the code and message are exact,
 * and the collection -- reviews, parked reviews, decks, notes, card
 * states and the pull mark -- is unchanged afterwards.
 *
 * Case groups:
 *   pull-envelope-*  truncated, empty, not an object, wrong types, huge
 *                    numbers, invalid UTF-8, duplicate keys
 *   pull-change-*    per change: not an object, unknown or missing type,
 *                    bad seq; reviews with bad ids, ratings, times, kinds
 *                    and cards; decks, notes and flags with bad fields; a
 *                    good change before a bad one applies nothing
 *   pull-good        a well-formed reply is applied (the control)
 *   login-*          token and expiry checked
 *   report-*         the group report's shape (group.c) */
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

#include "group.h"
#include "protocol.h"
#include "recall/collection.h"
#include "recall/deck.h"
#include "recall/import.h"
#include "recall/sync.h"

static char tmpdir[] = "/tmp/recall-proto-XXXXXX";

#define T0 1767607200000LL /* 2026-01-05T10:00:00Z */

static const char deck_text[] = "deck: t\n"
                                "title: T\n"
                                "\n"
                                "basic: n1\n"
                                "Q: q1\n"
                                "A: a1\n";

struct fixture {
    struct rc_collection *c;
    int64_t profile;
    char path[256];
};

static int setup(void **state)
{
    static struct fixture f;
    struct rc_err err = {0};
    snprintf(f.path, sizeof(f.path), "%s/p.db", tmpdir);
    unlink(f.path);
    assert_int_equal(rc_collection_open(f.path, 0, &f.c, &err), RC_OK);
    assert_int_equal(rc_profile_ensure(f.c, "p", T0, &f.profile, &err), RC_OK);
    struct rc_deck *deck = NULL;
    struct rc_import_stats st;
    assert_int_equal(rc_deck_parse_buf("t.deck", deck_text, strlen(deck_text),
                                       &deck, NULL, &err),
                     RC_OK);
    assert_int_equal(rc_import_deck(f.c, deck, "/x/t.deck", T0, &st, &err),
                     RC_OK);
    rc_deck_free(deck);
    assert_int_equal(rc_sync_bind(f.c, f.profile, "https://s", &err), RC_OK);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    rc_collection_close(f->c);
    unlink(f->path);
    return 0;
}

/* Everything a pull could change, as one line. */
static void snapshot(const struct fixture *f, char *out, size_t size)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(
            db,
            "SELECT (SELECT count(*) FROM revlog) || ' ' ||"
            " (SELECT count(*) FROM sync_pending) || ' ' ||"
            " (SELECT group_concat(key || title || hlc || source_text) "
            "  FROM decks) || ' ' ||"
            " (SELECT group_concat(key || front || hlc || retired) FROM notes)"
            " || ' ' || (SELECT count(*) FROM card_state) || ' ' ||"
            " (SELECT last_seq FROM sync_state)",
            -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Parse 'body' as a pull reply and apply it, as client.c's pull does. */
static int pull_apply(struct fixture *f, const char *body, size_t len,
                      struct rc_err *err)
{
    struct rc_sync_batch b = {0};
    struct sync_pull_meta meta;
    int rc = sync_proto_pull_parse(body, len, &b, &meta, err);
    if (rc < 0)
        assert_int_equal(b.n, 0); /* released: nothing half-parsed kept */
    if (rc == RC_OK)
        rc =
            rc_sync_apply(f->c, f->profile, b.v, b.n, meta.last_seq, NULL, err);
    rc_sync_batch_release(&b);
    return rc;
}

#define ID  "0123456789abcdef0123456789abcdef"
#define HLC "1767607200000-0000-00000000000000aa"
#define REVIEW(extra)                                                          \
    "{\"changes\": [{\"seq\": 1, \"type\": \"review\", " extra                 \
    "}], \"last_seq\": 1, \"more\": false}"
#define GOOD_REVIEW                                                            \
    "\"id\": \"" ID "\", \"card\": \"t/n1#1\", \"time_ms\": 1767607200000, "   \
    "\"rating\": 3"
#define ONE(change)                                                            \
    "{\"changes\": [" change "], \"last_seq\": 1, \"more\": false}"

struct row {
    const char *name;
    const char *body; /* NUL-terminated unless len is given */
    size_t len;
    int code;
    const char *msg;
};

static const char not_object[] = "server reply is not a JSON object";
static const char envelope[] = "pull reply: 'changes', 'last_seq' or 'more' "
                               "is missing or of the wrong type";

static const struct row pull_rows[] = {
    /* pull-envelope-* */
    {"empty", "", 0, RC_EPARSE, not_object},
    {"truncated", "{\"changes\": [{\"seq\": 1, \"type\": \"rev", 0, RC_EPARSE,
     not_object},
    {"truncated after a change",
     "{\"changes\": [{\"seq\": 1, \"type\": \"flag\"}], \"last_s", 0, RC_EPARSE,
     not_object},
    {"a list", "[]", 0, RC_EPARSE, not_object},
    {"a string", "\"ok\"", 0, RC_EPARSE, not_object},
    {"html", "<html>502 Bad Gateway</html>", 0, RC_EPARSE, not_object},
    {"no changes", "{\"last_seq\": 1, \"more\": false}", 0, RC_EPARSE,
     envelope},
    {"changes an object", "{\"changes\": {}, \"last_seq\": 1, \"more\": false}",
     0, RC_EPARSE, envelope},
    {"no last_seq", "{\"changes\": [], \"more\": false}", 0, RC_EPARSE,
     envelope},
    {"head_seq a string",
     "{\"changes\": [], \"last_seq\": 1, \"more\": false, \"head_seq\": "
     "\"9\"}",
     0, RC_EPARSE, "pull reply: 'head_seq' is not an integer >= 0"},
    {"head_seq negative",
     "{\"changes\": [], \"last_seq\": 1, \"more\": false, \"head_seq\": "
     "-9}",
     0, RC_EPARSE, "pull reply: 'head_seq' is not an integer >= 0"},
    {"last_seq a string",
     "{\"changes\": [], \"last_seq\": \"1\", "
     "\"more\": false}",
     0, RC_EPARSE, envelope},
    {"last_seq negative",
     "{\"changes\": [], \"last_seq\": -1, "
     "\"more\": false}",
     0, RC_EPARSE, envelope},
    {"last_seq a real",
     "{\"changes\": [], \"last_seq\": 1e300, "
     "\"more\": false}",
     0, RC_EPARSE, envelope},
    {"last_seq over 64 bits",
     "{\"changes\": [], \"last_seq\": 99999999999999999999, \"more\": false}",
     0, RC_EPARSE, not_object},
    {"more a number", "{\"changes\": [], \"last_seq\": 1, \"more\": 0}", 0,
     RC_EPARSE, envelope},
    {"invalid UTF-8",
     "{\"changes\": [], \"last_seq\": 1, \"more\": false, "
     "\"x\": \"\xff\xfe\"}",
     0, RC_EPARSE, not_object},
    {"overlong UTF-8",
     ONE("{\"seq\": 1, \"type\": \"flag\", \"card\": "
         "\"t/n1#1\", \"hlc\": \"\xc0\xaf\"}"),
     0, RC_EPARSE, not_object},
    {"duplicate key",
     "{\"changes\": [], \"last_seq\": 1, \"last_seq\": 2, "
     "\"more\": false}",
     0, RC_EPARSE, not_object},
    {"NUL inside the body",
     "{\"changes\": [], \"last_seq\": 1, \"more\": "
     "false}\0garbage",
     54, RC_EPARSE, not_object},
    /* pull-change-* */
    {"change a number", ONE("1"), 0, RC_EPARSE,
     "pull reply: change 0: is not an object"},
    {"change without type", ONE("{\"seq\": 1}"), 0, RC_EPARSE,
     "pull reply: change 0: 'type' is missing"},
    {"unknown change type", ONE("{\"seq\": 1, \"type\": \"vote\"}"), 0,
     RC_EPARSE, "pull reply: change 0: 'type' is not a known change type"},
    {"type a number", ONE("{\"seq\": 1, \"type\": 3}"), 0, RC_EPARSE,
     "pull reply: change 0: 'type' is missing"},
    {"no seq", ONE("{\"type\": \"review\", " GOOD_REVIEW "}"), 0, RC_EPARSE,
     "pull reply: change 0: 'seq' is missing"},
    {"seq zero", ONE("{\"seq\": 0, \"type\": \"review\", " GOOD_REVIEW "}"), 0,
     RC_EPARSE, "pull reply: change 0: 'seq' is not an integer in range"},
    {"review without id",
     REVIEW("\"card\": \"t/n1#1\", \"time_ms\": 1, \"rating\": 3"), 0,
     RC_EPARSE, "pull reply: change 0: 'id' is missing"},
    {"review id short",
     REVIEW("\"id\": \"0123\", \"card\": \"t/n1#1\", \"time_ms\": 1, "
            "\"rating\": 3"),
     0, RC_EPARSE, "invalid review '0123'"},
    {"review id upper case",
     REVIEW("\"id\": \"0123456789ABCDEF0123456789ABCDEF\", \"card\": "
            "\"t/n1#1\", \"time_ms\": 1, \"rating\": 3"),
     0, RC_EPARSE, "invalid review '0123456789ABCDEF0123456789ABCDEF'"},
    {"review id a number",
     REVIEW("\"id\": 12, \"card\": \"t/n1#1\", \"time_ms\": 1, \"rating\": 3"),
     0, RC_EPARSE, "pull reply: change 0: 'id' is not a string"},
    /* jansson refuses \u0000 unless asked to allow it */
    {"review id with NUL",
     REVIEW("\"id\": \"0123456789abcdef\\u00000123456789abcde\", \"card\": "
            "\"t/n1#1\", \"time_ms\": 1, \"rating\": 3"),
     0, RC_EPARSE, not_object},
    {"rating 0",
     REVIEW("\"id\": \"" ID "\", \"card\": \"t/n1#1\", "
            "\"time_ms\": 1, \"rating\": 0"),
     0, RC_EPARSE, "pull reply: change 0: 'rating' is not an integer in range"},
    {"rating 5",
     REVIEW("\"id\": \"" ID "\", \"card\": \"t/n1#1\", "
            "\"time_ms\": 1, \"rating\": 5"),
     0, RC_EPARSE, "pull reply: change 0: 'rating' is not an integer in range"},
    {"rating a string",
     REVIEW("\"id\": \"" ID "\", \"card\": \"t/n1#1\", "
            "\"time_ms\": 1, \"rating\": \"3\""),
     0, RC_EPARSE, "pull reply: change 0: 'rating' is not an integer in range"},
    {"rating a real",
     REVIEW("\"id\": \"" ID "\", \"card\": \"t/n1#1\", "
            "\"time_ms\": 1, \"rating\": 3.0"),
     0, RC_EPARSE, "pull reply: change 0: 'rating' is not an integer in range"},
    {"time negative",
     REVIEW("\"id\": \"" ID "\", \"card\": \"t/n1#1\", "
            "\"time_ms\": -1, \"rating\": 3"),
     0, RC_EPARSE,
     "pull reply: change 0: 'time_ms' is not an integer in range"},
    {"time past 2^53",
     REVIEW("\"id\": \"" ID "\", \"card\": \"t/n1#1\", "
            "\"time_ms\": 9007199254740993, \"rating\": 3"),
     0, RC_EPARSE,
     "pull reply: change 0: 'time_ms' is not an integer in range"},
    {"duration huge",
     REVIEW(GOOD_REVIEW ", \"duration_ms\": "
                        "9223372036854775807"),
     0, RC_EPARSE,
     "pull reply: change 0: 'duration_ms' is not an integer in range"},
    {"unknown kind", REVIEW(GOOD_REVIEW ", \"kind\": \"cram\""), 0, RC_EPARSE,
     "invalid review '" ID "'"},
    {"card without ord",
     REVIEW("\"id\": \"" ID "\", \"card\": \"t/n1\", "
            "\"time_ms\": 1, \"rating\": 3"),
     0, RC_EPARSE, "invalid card name 't/n1'"},
    {"card ord zero",
     REVIEW("\"id\": \"" ID "\", \"card\": \"t/n1#0\", "
            "\"time_ms\": 1, \"rating\": 3"),
     0, RC_EPARSE, "invalid card name 't/n1#0'"},
    {"card ord not a number",
     REVIEW("\"id\": \"" ID "\", \"card\": \"t/n1#x\", \"time_ms\": 1, "
            "\"rating\": 3"),
     0, RC_EPARSE, "invalid card name 't/n1#x'"},
    {"card without deck",
     REVIEW("\"id\": \"" ID "\", \"card\": \"n1#1\", "
            "\"time_ms\": 1, \"rating\": 3"),
     0, RC_EPARSE, "invalid card name 'n1#1'"},
    {"card a list",
     REVIEW("\"id\": \"" ID "\", \"card\": [], "
            "\"time_ms\": 1, \"rating\": 3"),
     0, RC_EPARSE, "pull reply: change 0: 'card' is not a string"},
    {"deck without hlc",
     ONE("{\"seq\": 1, \"type\": \"deck\", \"deck\": "
         "\"t\"}"),
     0, RC_EPARSE, "pull reply: change 0: 'hlc' is missing"},
    {"deck bad hlc",
     ONE("{\"seq\": 1, \"type\": \"deck\", \"deck\": \"t\", "
         "\"hlc\": \"yesterday\"}"),
     0, RC_EPARSE, "invalid deck change 't'"},
    {"deck name with slash",
     ONE("{\"seq\": 1, \"type\": \"deck\", \"deck\": \"a/b\", \"hlc\": "
         "\"" HLC "\"}"),
     0, RC_EPARSE, "invalid deck change 'a/b'"},
    {"deck options a list",
     ONE("{\"seq\": 1, \"type\": \"deck\", \"deck\": \"t\", \"hlc\": \"" HLC
         "\", \"options\": []}"),
     0, RC_EPARSE, "pull reply: change 0: 'options' is not an object"},
    {"deck retention 2",
     ONE("{\"seq\": 1, \"type\": \"deck\", \"deck\": \"t\", \"hlc\": \"" HLC
         "\", \"options\": {\"retention\": 2}}"),
     0, RC_EPARSE, "invalid deck change 't'"},
    {"deck scheduler unknown",
     ONE("{\"seq\": 1, \"type\": \"deck\", \"deck\": \"t\", \"hlc\": \"" HLC
         "\", \"options\": {\"scheduler\": \"anki\"}}"),
     0, RC_EPARSE, "invalid deck change 't'"},
    {"deck source_text a number",
     ONE("{\"seq\": 1, \"type\": \"deck\", \"deck\": \"t\", \"hlc\": \"" HLC
         "\", \"source_text\": 4}"),
     0, RC_EPARSE, "pull reply: change 0: 'source_text' is not a string"},
    {"note without retired",
     ONE("{\"seq\": 1, \"type\": \"note\", \"deck\": \"t\", \"note\": \"n1\", "
         "\"hlc\": \"" HLC "\"}"),
     0, RC_EPARSE, "pull reply: change 0: 'retired' is missing"},
    {"note items not a list",
     ONE("{\"seq\": 1, \"type\": \"note\", \"deck\": \"t\", \"note\": \"n1\", "
         "\"hlc\": \"" HLC "\", \"retired\": false, \"items\": \"a\"}"),
     0, RC_EPARSE, "pull reply: change 0: 'items' is not a list of strings"},
    {"note item with newline",
     ONE("{\"seq\": 1, \"type\": \"note\", \"deck\": \"t\", \"note\": \"n1\", "
         "\"hlc\": \"" HLC "\", \"retired\": false, \"items\": [\"a\\nb\"]}"),
     0, RC_EPARSE,
     "pull reply: change 0: 'items' is not a list of one-line strings"},
    {"note unknown kind",
     ONE("{\"seq\": 1, \"type\": \"note\", \"deck\": \"t\", \"note\": \"n1\", "
         "\"hlc\": \"" HLC "\", \"retired\": false, \"kind\": \"riddle\", "
         "\"front\": \"f\", \"back\": \"b\"}"),
     0, RC_EPARSE, "invalid note change 't/n1'"},
    {"note retired a string",
     ONE("{\"seq\": 1, \"type\": \"note\", \"deck\": \"t\", \"note\": \"n1\", "
         "\"hlc\": \"" HLC "\", \"retired\": \"no\"}"),
     0, RC_EPARSE, "pull reply: change 0: 'retired' is not a boolean"},
    {"flag without card",
     ONE("{\"seq\": 1, \"type\": \"flag\", \"hlc\": \"" HLC "\"}"), 0,
     RC_EPARSE, "pull reply: change 0: 'card' is missing"},
    {"flag bad hlc",
     ONE("{\"seq\": 1, \"type\": \"flag\", \"card\": "
         "\"t/n1#1\", \"hlc\": \"1-2-3\"}"),
     0, RC_EPARSE, "invalid flag change 't/n1#1'"},
    {"flag buried negative",
     ONE("{\"seq\": 1, \"type\": \"flag\", \"card\": \"t/n1#1\", \"hlc\": "
         "\"" HLC "\", \"buried_until_ms\": -5}"),
     0, RC_EPARSE,
     "pull reply: change 0: 'buried_until_ms' is not an integer in range"},
    /* A good review, then a bad one: the batch is all or nothing. */
    {"good then unknown type",
     "{\"changes\": [{\"seq\": 1, \"type\": \"review\", " GOOD_REVIEW
     "}, {\"seq\": 2, \"type\": \"vote\"}], \"last_seq\": 2, \"more\": false}",
     0, RC_EPARSE, "pull reply: change 1: 'type' is not a known change type"},
    {"good then bad card",
     "{\"changes\": [{\"seq\": 1, \"type\": \"review\", " GOOD_REVIEW
     "}, {\"seq\": 2, \"type\": \"review\", \"id\": "
     "\"fedcba9876543210fedcba9876543210\", \"card\": \"t\", \"time_ms\": 1, "
     "\"rating\": 3}], \"last_seq\": 2, \"more\": false}",
     0, RC_EPARSE, "invalid card name 't'"},
};

static void pull_rejects_malformed_replies(void **state)
{
    struct fixture *f = *state;
    char before[4096], after[4096];
    snapshot(f, before, sizeof(before));
    for (size_t i = 0; i < sizeof(pull_rows) / sizeof(pull_rows[0]); i++) {
        const struct row *r = &pull_rows[i];
        struct rc_err err = {0};
        size_t len = r->len ? r->len : strlen(r->body);
        int rc = pull_apply(f, r->body, len, &err);
        if (rc != r->code || strcmp(err.msg, r->msg) != 0)
            fail_msg("row '%s': got %d '%s', want %d '%s'", r->name, rc,
                     err.msg, r->code, r->msg);
        snapshot(f, after, sizeof(after));
        if (strcmp(before, after) != 0)
            fail_msg("row '%s' changed the collection: '%s' -> '%s'", r->name,
                     before, after);
    }
}

/* The control: the same shapes, well formed, are applied. */
static void pull_applies_a_good_reply(void **state)
{
    struct fixture *f = *state;
    struct rc_err err = {0};
    static const char body[] =
        "{\"changes\": [{\"seq\": 1, \"type\": \"review\", " GOOD_REVIEW
        "}, {\"seq\": 2, \"type\": \"flag\", \"card\": \"t/n1#1\", \"hlc\": "
        "\"" HLC "\", \"suspended\": true}], \"last_seq\": 2, \"more\": false}";
    char before[4096], after[4096];
    snapshot(f, before, sizeof(before));
    assert_int_equal(pull_apply(f, body, strlen(body), &err), RC_OK);
    snapshot(f, after, sizeof(after));
    assert_string_not_equal(before, after);
    int64_t seq = 0;
    assert_int_equal(rc_sync_last_seq(f->c, f->profile, &seq, &err), RC_OK);
    assert_int_equal(seq, 2);
    /* The same batch again changes nothing. */
    assert_int_equal(pull_apply(f, body, strlen(body), &err), RC_OK);
    snapshot(f, before, sizeof(before));
    assert_string_equal(before, after);
}

static const char login_bad[] = "login reply: no valid 'token' or 'expires_ms'";
#define TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const struct row login_rows[] = {
    {"empty", "", 0, RC_EPARSE, not_object},
    {"truncated", "{\"token\": \"0123", 0, RC_EPARSE, not_object},
    {"a list", "[\"" TOKEN "\"]", 0, RC_EPARSE, not_object},
    {"no token", "{\"expires_ms\": 1}", 0, RC_EPARSE, login_bad},
    {"token a number", "{\"token\": 5, \"expires_ms\": 1}", 0, RC_EPARSE,
     login_bad},
    {"token short", "{\"token\": \"0123\", \"expires_ms\": 1}", 0, RC_EPARSE,
     login_bad},
    {"token upper case",
     "{\"token\": \"0123456789ABCDEF0123456789abcdef0123456789abcdef01234567"
     "89abcdef\", \"expires_ms\": 1}",
     0, RC_EPARSE, login_bad},
    {"token too long", "{\"token\": \"" TOKEN "0\", \"expires_ms\": 1}", 0,
     RC_EPARSE, login_bad},
    {"no expiry", "{\"token\": \"" TOKEN "\"}", 0, RC_EPARSE, login_bad},
    {"expiry a string", "{\"token\": \"" TOKEN "\", \"expires_ms\": \"1\"}", 0,
     RC_EPARSE, login_bad},
    {"expiry over 64 bits",
     "{\"token\": \"" TOKEN "\", \"expires_ms\": 1e999999}", 0, RC_EPARSE,
     not_object},
    {"invalid UTF-8", "{\"token\": \"\xff\", \"expires_ms\": 1}", 0, RC_EPARSE,
     not_object},
};

static void login_rejects_malformed_replies(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(login_rows) / sizeof(login_rows[0]); i++) {
        const struct row *r = &login_rows[i];
        struct rc_err err = {0};
        char token[65] = "untouched";
        int64_t expires = -7;
        int rc = sync_proto_login_parse(r->body, strlen(r->body), token,
                                        &expires, &err);
        if (rc != r->code || strcmp(err.msg, r->msg) != 0)
            fail_msg("row '%s': got %d '%s', want %d '%s'", r->name, rc,
                     err.msg, r->code, r->msg);
        assert_string_equal(token, "untouched");
        assert_int_equal(expires, -7);
    }
}

static void login_takes_a_good_reply(void **state)
{
    (void)state;
    static const char body[] = "{\"token\": \"" TOKEN "\", \"expires_ms\": "
                               "1770000000000, \"user\": \"ann\", "
                               "\"protocol\": 1}";
    struct rc_err err = {0};
    char token[65];
    int64_t expires = 0;
    assert_int_equal(
        sync_proto_login_parse(body, strlen(body), token, &expires, &err),
        RC_OK);
    assert_string_equal(token, TOKEN);
    assert_int_equal(expires, 1770000000000LL);
}

static void push_reply_gives_seen_to(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        int code;
        int64_t seen_to;
    } rows[] = {
        {"{\"accepted\": 1, \"duplicates\": 0, \"last_seq\": 9, "
         "\"seen_to\": 9}",
         RC_OK, 9},
        /* An older server says nothing: the cursor stays. */
        {"{\"accepted\": 1, \"duplicates\": 0, \"last_seq\": 9}", RC_OK, 5},
        {"{\"seen_to\": \"9\"}", RC_EPARSE, 5},
        {"{\"seen_to\": -1}", RC_EPARSE, 5},
        {"{\"seen_to\": 9.5}", RC_EPARSE, 5},
        {"{\"seen_to\": 99999999999999999999}", RC_EPARSE, 5},
        {"[9]", RC_EPARSE, 5},
        {"{\"seen_to\": 9", RC_EPARSE, 5},
        {"", RC_EPARSE, 5},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct rc_err err = {0};
        int64_t seen_to = -7;
        int rc = sync_proto_push_parse(rows[i].body, strlen(rows[i].body), 5,
                                       &seen_to, &err);
        if (rc != rows[i].code || (rc == RC_OK && seen_to != rows[i].seen_to))
            fail_msg("row %zu '%s': got %d seen_to %lld '%s'", i, rows[i].body,
                     rc, (long long)seen_to, err.msg);
        if (rc != RC_OK && strstr(err.msg, "reply") == NULL)
            fail_msg("row %zu: message '%s' does not name the reply", i,
                     err.msg);
    }
}

static const char report_shape[] = "report reply: no 'group' or no 'members' "
                                   "list";
static const char member1[] = "report reply: member 1 is malformed";

#define MEMBER(cards, last)                                                    \
    "{\"group\": \"g\", \"members\": [{\"user\": \"ann\", \"cards\": " cards   \
    ", \"last_study_ms\": " last "}]}"
#define CARD(reviews, retention, due)                                          \
    "[{\"card\": \"t/n1#1\", \"reviews\": " reviews                            \
    ", \"retention\": " retention ", \"due\": " due                            \
    ", \"last_review_ms\": 1}]"

static const struct row report_rows[] = {
    {"empty", "", 0, RC_EPARSE, "report reply: not a JSON object"},
    {"truncated", "{\"group\": \"g\", \"members\": [", 0, RC_EPARSE,
     "report reply: not a JSON object"},
    {"no members", "{\"group\": \"g\"}", 0, RC_EPARSE, report_shape},
    {"group a number", "{\"group\": 1, \"members\": []}", 0, RC_EPARSE,
     report_shape},
    {"member a string", "{\"group\": \"g\", \"members\": [\"ann\"]}", 0,
     RC_EPARSE, member1},
    {"last study a string", MEMBER("[]", "\"today\""), 0, RC_EPARSE, member1},
    {"cards an object", MEMBER("{}", "null"), 0, RC_EPARSE, member1},
    {"reviews zero", MEMBER(CARD("0", "1", "true"), "1"), 0, RC_EPARSE,
     member1},
    {"retention over 1", MEMBER(CARD("2", "1.5", "true"), "1"), 0, RC_EPARSE,
     member1},
    {"due a number", MEMBER(CARD("2", "0.5", "1"), "1"), 0, RC_EPARSE, member1},
};

static void report_rejects_malformed_replies(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(report_rows) / sizeof(report_rows[0]); i++) {
        const struct row *r = &report_rows[i];
        struct rc_err err = {0};
        json_t *out = NULL;
        int rc = sync_group_report_parse(r->body, strlen(r->body), &out, &err);
        if (rc != r->code || strcmp(err.msg, r->msg) != 0)
            fail_msg("row '%s': got %d '%s', want %d '%s'", r->name, rc,
                     err.msg, r->code, r->msg);
        assert_null(out);
    }
    static const char good[] = MEMBER(CARD("2", "0.5", "true"), "1");
    struct rc_err err = {0};
    json_t *out = NULL;
    assert_int_equal(sync_group_report_parse(good, strlen(good), &out, &err),
                     RC_OK);
    assert_int_equal(json_array_size(json_object_get(out, "members")), 1);
    json_decref(out);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(pull_rejects_malformed_replies, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(pull_applies_a_good_reply, setup,
                                        teardown),
        cmocka_unit_test(login_rejects_malformed_replies),
        cmocka_unit_test(login_takes_a_good_reply),
        cmocka_unit_test(push_reply_gives_seen_to),
        cmocka_unit_test(report_rejects_malformed_replies),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(tmpdir);
    return failed;
}
