/* test_collection.c -- the collection file, migrations and import.
 *
 * Case groups:
 *   open-*     opening: a new file, a non-database, a newer schema
 *   migrate-*  files of schema versions 1 to 5 migrated to the current one
 *   import-*   idempotent import, edits keep history, removal retires;
 *              the source text is kept, capped at 4 MiB */
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

#include "recall/buf.h"
#include "recall/catalog.h"
#include "recall/collection.h"
#include "recall/deck.h"
#include "recall/import.h"

static char tmpdir[] = "/tmp/recall-unit-XXXXXX";

static void path_in_tmp(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* Run SQL on a file through SQLite directly, not through recall. */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("sql failed: %s", msg);
    sqlite3_close(db);
}

static int64_t raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct rc_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc_buf_add(&b, chunk, n);
    fclose(f);
    return rc_buf_detach(&b, NULL);
}

static void open_creates_current_schema(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp("new.db", path, sizeof(path));
    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);
    assert_int_equal(rc_collection_schema_version(c), RC_SCHEMA_VERSION);
    rc_collection_close(c);
    assert_int_equal(raw_int(path, "PRAGMA user_version"), RC_SCHEMA_VERSION);
}

static void open_refuses_non_database(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp("text.db", path, sizeof(path));
    FILE *f = fopen(path, "w");
    fputs("not a database at all, just some text\n", f);
    fclose(f);
    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_EDB);
    assert_null(c);
    assert_non_null(strstr(err.msg, "file is not a database"));
    char *after = read_all(path);
    assert_string_equal(after, "not a database at all, just some text\n");
    free(after);
}

static void open_refuses_newer_schema(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp("newer.db", path, sizeof(path));
    raw_exec(path, "CREATE TABLE x (a); PRAGMA user_version = 99;");
    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_ECONFLICT);
    assert_null(c);
    char want[512];
    snprintf(want, sizeof(want),
             "open collection '%s': collection has schema version 99, newer "
             "than this recall (%d): upgrade recall",
             path, RC_SCHEMA_VERSION);
    assert_string_equal(err.msg, want);
    assert_int_equal(raw_int(path, "PRAGMA user_version"), 99);
}

static void migrate_from_v1_keeps_data(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp("v1.db", path, sizeof(path));
    char *sql = read_all(TEST_DATA_DIR "/schema-v1.sql");
    raw_exec(path, sql);
    free(sql);
    assert_int_equal(raw_int(path, "PRAGMA user_version"), 1);

    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);
    rc_collection_close(c);

    assert_int_equal(raw_int(path, "PRAGMA user_version"), RC_SCHEMA_VERSION);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM revlog"), 1);
    assert_int_equal(raw_int(path, "SELECT reps FROM card_state"), 1);
    /* v2 put each state's deck beside it, for the study queue. */
    assert_int_equal(raw_int(path, "SELECT deck_id FROM card_state"), 1);
    assert_int_equal(
        raw_int(path, "SELECT value FROM meta WHERE key = 'rollover_hour'"), 4);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema "
                                   "WHERE name = 'revlog_time'"),
                     1);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM pragma_integrity_check"
                                   " WHERE integrity_check = 'ok'"),
                     1);
}

static void migrate_from_v2_adds_quiz_tables(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp("v2.db", path, sizeof(path));
    char *sql = read_all(TEST_DATA_DIR "/schema-v2.sql");
    raw_exec(path, sql);
    free(sql);
    assert_int_equal(raw_int(path, "PRAGMA user_version"), 2);

    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);
    assert_int_equal(rc_collection_schema_version(c), RC_SCHEMA_VERSION);
    rc_collection_close(c);

    assert_int_equal(raw_int(path, "PRAGMA user_version"), RC_SCHEMA_VERSION);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM revlog"), 2);
    assert_int_equal(raw_int(path, "SELECT interval_days FROM card_state"), 3);
    assert_int_equal(raw_int(path, "SELECT value FROM meta WHERE key = 'fuzz'"),
                     0);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE "
                                   "name IN ('quiz_runs', 'quiz_answers')"),
                     2);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM quiz_runs"), 0);
    /* The new tables are STRICT and keyed to profiles, decks and cards. */
    raw_exec(path, "PRAGMA foreign_keys = ON;"
                   "INSERT INTO quiz_runs VALUES (1, 1, 1, 5, 6, 'typed', 2, "
                   "1, 42);"
                   "INSERT INTO quiz_answers VALUES (1, 1, 2, 'When?', "
                   "'1936', 1, 0, 800, 1);");
    assert_int_equal(raw_int(path, "SELECT points FROM quiz_answers"), 1);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM pragma_integrity_check"
                                   " WHERE integrity_check = 'ok'"),
                     1);
}

static void migrate_from_v3_widens_revlog_time(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp("v3.db", path, sizeof(path));
    char *sql = read_all(TEST_DATA_DIR "/schema-v3.sql");
    raw_exec(path, sql);
    free(sql);
    assert_int_equal(raw_int(path, "PRAGMA user_version"), 3);

    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);
    rc_collection_close(c);

    assert_int_equal(raw_int(path, "PRAGMA user_version"), RC_SCHEMA_VERSION);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM "
                                   "pragma_index_info('revlog_time')"),
                     5);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM revlog"), 2);
    assert_int_equal(raw_int(path, "SELECT points FROM quiz_answers"), 1);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM pragma_integrity_check"
                                   " WHERE integrity_check = 'ok'"),
                     1);
}

static void migrate_from_v4_adds_sync_state(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp("v4.db", path, sizeof(path));
    char *sql = read_all(TEST_DATA_DIR "/schema-v4.sql");
    raw_exec(path, sql);
    free(sql);
    assert_int_equal(raw_int(path, "PRAGMA user_version"), 4);

    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);
    rc_collection_close(c);

    assert_int_equal(raw_int(path, "PRAGMA user_version"), RC_SCHEMA_VERSION);
    /* Old reviews are unsynced, old content unstamped: all to push. */
    assert_int_equal(raw_int(path, "SELECT count(*) FROM revlog "
                                   "WHERE synced = 0"),
                     2);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM notes "
                                   "WHERE hlc = ''"),
                     2);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM decks "
                                   "WHERE hlc = ''"),
                     1);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM card_state "
                                   "WHERE flags_hlc = ''"),
                     1);
    /* A 16-hex-digit node for the clock, and empty sync tables. */
    assert_int_equal(raw_int(path, "SELECT length(value) FROM meta "
                                   "WHERE key = 'hlc_node' AND value "
                                   "NOT GLOB '*[^0-9a-f]*'"),
                     16);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM sync_state"), 0);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM sync_pending"), 0);
    assert_int_equal(raw_int(path, "SELECT points FROM quiz_answers"), 1);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM pragma_integrity_check"
                                   " WHERE integrity_check = 'ok'"),
                     1);
}

static void migrate_from_v5_adds_source_text_and_flags_index(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp("v5.db", path, sizeof(path));
    char *sql = read_all(TEST_DATA_DIR "/schema-v5.sql");
    raw_exec(path, sql);
    free(sql);
    assert_int_equal(raw_int(path, "PRAGMA user_version"), 5);

    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);
    rc_collection_close(c);

    assert_int_equal(raw_int(path, "PRAGMA user_version"), RC_SCHEMA_VERSION);
    /* v7: the index the push's content query uses for card flags, and
     * where pulled flags of unknown cards wait. */
    assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema "
                                   "WHERE (type = 'index' AND name = "
                                   "'card_state_flags') OR (type = 'table' "
                                   "AND name = 'sync_pending_flags')"),
                     2);
    /* Old decks have no copy until their next import. */
    assert_int_equal(raw_int(path, "SELECT count(*) FROM decks "
                                   "WHERE source_text = ''"),
                     1);
    /* Sync state and stamps are untouched: nothing to push again. */
    assert_int_equal(raw_int(path, "SELECT count(*) FROM revlog "
                                   "WHERE synced = 1"),
                     1);
    assert_int_equal(raw_int(path, "SELECT last_seq FROM sync_state"), 7);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM notes WHERE hlc = "
                                   "'1767607200000-0000-00000000000000aa'"),
                     2);
    assert_int_equal(raw_int(path, "SELECT points FROM quiz_answers"), 1);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM pragma_integrity_check"
                                   " WHERE integrity_check = 'ok'"),
                     1);
}

static const char deck_v1[] = "deck: t\n"
                              "title: T\n"
                              "\n"
                              "basic: a\n"
                              "Q: qa\n"
                              "A: aa\n"
                              "\n"
                              "basic: b\n"
                              "Q: qb\n"
                              "A: ab\n";

static void import_text(struct rc_collection *c, const char *text,
                        struct rc_import_stats *st)
{
    struct rc_deck *deck = NULL;
    struct rc_diags diags = {0};
    struct rc_err err = {0};
    int rc =
        rc_deck_parse_buf("t.deck", text, strlen(text), &deck, &diags, &err);
    if (rc != RC_OK)
        fail_msg("parse: %s", err.msg);
    assert_int_equal(rc_import_deck(c, deck, "/x/t.deck", 1000, st, &err),
                     RC_OK);
    rc_deck_free(deck);
    rc_diags_release(&diags);
}

static void import_is_idempotent_and_keeps_history(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp("imp.db", path, sizeof(path));
    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    struct rc_import_stats st;
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);

    import_text(c, deck_v1, &st);
    assert_int_equal(st.added, 2);
    rc_collection_close(c);
    /* Import runs without foreign-key checks; what it wrote must pass. */
    assert_int_equal(raw_int(path, "SELECT count(*) FROM "
                                   "pragma_foreign_key_check"),
                     0);
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);
    import_text(c, deck_v1, &st);
    assert_int_equal(st.added + st.changed + st.retired, 0);
    assert_int_equal(st.unchanged, 2);
    assert_int_equal(st.deck_changed, 0);

    int64_t profile = 0;
    assert_int_equal(rc_profile_ensure(c, "p", 1000, &profile, &err), RC_OK);
    rc_collection_close(c);
    raw_exec(path,
             "INSERT INTO revlog (id, card_id, profile_id, time_ms, rating, "
             "duration_ms, kind) SELECT 'r1', c.id, 1, 5, 3, 1, 'study' "
             "FROM cards c JOIN notes n ON n.id = c.note_id "
             "WHERE n.key = 'a'");
    int64_t card_a = raw_int(path, "SELECT card_id FROM revlog");
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);

    /* Edit a, remove b. */
    const char *edited = "deck: t\ntitle: T\n\nbasic: a\nQ: qa2\nA: aa\n";
    import_text(c, edited, &st);
    assert_int_equal(st.changed, 1);
    assert_int_equal(st.retired, 1);
    assert_int_equal(st.added, 0);
    rc_collection_close(c);

    assert_int_equal(raw_int(path, "SELECT c.id FROM cards c JOIN notes n ON "
                                   "n.id = c.note_id WHERE n.key = 'a'"),
                     card_a);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM revlog"), 1);
    assert_int_equal(raw_int(path, "SELECT retired FROM notes WHERE key = 'b'"),
                     1);
    assert_int_equal(raw_int(path, "SELECT c.retired FROM cards c JOIN notes "
                                   "n ON n.id = c.note_id WHERE n.key = 'b'"),
                     1);
}

static int setup_dir(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_text(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static const char deck_src[] = "deck: s\n"
                               "title: S\n"
                               "source-file: src.txt\n"
                               "\n"
                               "basic: a\n"
                               "Q: qa\n"
                               "A: aa\n"
                               "source: the quoted words\n";

static int64_t parse_import(struct rc_collection *c, const char *deck_path,
                            struct rc_import_stats *st, struct rc_err *err)
{
    struct rc_deck *deck = NULL;
    struct rc_diags diags = {0};
    int rc = rc_deck_parse_file(deck_path, &deck, &diags, err);
    if (rc == RC_OK)
        rc = rc_import_deck(c, deck, deck_path, 1000, st, err);
    rc_deck_free(deck);
    rc_diags_release(&diags);
    return rc;
}

static void import_keeps_source_text(void **state)
{
    (void)state;
    char path[256], deck_path[256], src_path[256];
    path_in_tmp("src.db", path, sizeof(path));
    path_in_tmp("s.deck", deck_path, sizeof(deck_path));
    path_in_tmp("src.txt", src_path, sizeof(src_path));
    write_text(deck_path, deck_src, strlen(deck_src));
    static const char v1[] = "Before.\n\nHere are the quoted words.\n";
    write_text(src_path, v1, strlen(v1));
    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    struct rc_import_stats st;
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);

    assert_int_equal(parse_import(c, deck_path, &st, &err), RC_OK);
    rc_collection_close(c);
    assert_int_equal(raw_int(path, "SELECT source_text = 'Before.' || "
                                   "char(10, 10) || 'Here are the quoted "
                                   "words.' || char(10) FROM decks"),
                     1);

    /* A changed source alone is a change of the deck (sync sends it). */
    static const char v2[] = "Now the quoted words, and more.\n";
    write_text(src_path, v2, strlen(v2));
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);
    assert_int_equal(parse_import(c, deck_path, &st, &err), RC_OK);
    assert_true(st.deck_changed);
    struct rc_deck *loaded = NULL;
    assert_int_equal(rc_deck_load(c, "s", &loaded, &err), RC_OK);
    assert_string_equal(loaded->source_text, v2);
    rc_deck_free(loaded);
    rc_collection_close(c);
}

static void import_refuses_source_over_cap(void **state)
{
    (void)state;
    char path[256], deck_path[256], src_path[256];
    path_in_tmp("big.db", path, sizeof(path));
    path_in_tmp("s.deck", deck_path, sizeof(deck_path));
    path_in_tmp("src.txt", src_path, sizeof(src_path));
    write_text(deck_path, deck_src, strlen(deck_src));
    size_t len = RC_DECK_MAX_SOURCE_BYTES + 1;
    char *big = rc_xmalloc(len);
    memset(big, 'x', len);
    memcpy(big, "the quoted words", 16);
    write_text(src_path, big, len);
    free(big);
    struct rc_collection *c = NULL;
    struct rc_err err = {0};
    struct rc_import_stats st;
    assert_int_equal(rc_collection_open(path, 0, &c, &err), RC_OK);

    assert_int_equal(parse_import(c, deck_path, &st, &err), RC_EPARSE);
    assert_non_null(strstr(err.msg, "source file 'src.txt' is over 4 MiB"));
    rc_collection_close(c);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM decks"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_creates_current_schema),
        cmocka_unit_test(open_refuses_non_database),
        cmocka_unit_test(open_refuses_newer_schema),
        cmocka_unit_test(migrate_from_v1_keeps_data),
        cmocka_unit_test(migrate_from_v2_adds_quiz_tables),
        cmocka_unit_test(migrate_from_v3_widens_revlog_time),
        cmocka_unit_test(migrate_from_v4_adds_sync_state),
        cmocka_unit_test(migrate_from_v5_adds_source_text_and_flags_index),
        cmocka_unit_test(import_keeps_source_text),
        cmocka_unit_test(import_refuses_source_over_cap),
        cmocka_unit_test(import_is_idempotent_and_keeps_history),
    };
    return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
