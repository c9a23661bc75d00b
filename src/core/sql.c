/* sql.c -- the text of every statement, in one table.
 *
 * Statements are prepared once per collection (rc_stmt) and every value
 * is bound, never formatted in.  Keeping them together makes a schema
 * change a one-file search, and lets a reviewer see every query the
 * program can run.  Column lists of SELECTs are positional: the readers
 * in import.c and catalog.c name each position. */
#include "sql.h"

#include <stddef.h>

#include "banned.h"

/* Columns shared by the card listings: see catalog.c's read_card(). */
#define NOTE_COLUMNS                                                           \
    "n.key, n.kind, n.front, n.back, n.items, n.pool, n.tags, n.source, "      \
    "n.hint, n.explain, n.ignore_accents, n.id_derived, n.line, n.hash "

/* Columns shared by the card listings: see catalog.c's visit_cards(). */
#define CARD_COLUMNS                                                           \
    "c.id, c.ord, c.retired, d.key, d.file_path, " NOTE_COLUMNS                \
    ", cs.state, cs.due_ms, cs.reps, cs.lapses, cs.suspended, "                \
    "cs.stability, cs.difficulty "

#define CARD_FROM                                                              \
    "FROM cards c JOIN notes n ON n.id = c.note_id "                           \
    "JOIN decks d ON d.id = n.deck_id "                                        \
    "LEFT JOIN card_state cs ON cs.card_id = c.id AND cs.profile_id = ?1 "

/* Decks, notes and card flags changed after the push cursor (?2, ?3, ?4)
 * by this collection's clock node ?5, for profile ?1: counted once a
 * sync, for its progress bar. */
#define SYNC_CONTENT_AFTER                                                     \
    "(SELECT 0 AS t, id, hlc FROM decks"                                       \
    "  UNION ALL SELECT 1, id, hlc FROM notes"                                 \
    "  UNION ALL SELECT 2, card_id, flags_hlc FROM card_state"                 \
    "    WHERE profile_id = ?1 AND flags_hlc <> '') "                          \
    "WHERE (hlc, t, id) > (?2, ?3, ?4) AND substr(hlc, 20) = ?5 "

static const char *const sql_text[RC_SQL_COUNT] = {
    [RC_SQL_USER_VERSION] = "PRAGMA user_version",
    [RC_SQL_PROFILE_BY_NAME] = "SELECT id FROM profiles WHERE name = ?1",
    [RC_SQL_PROFILE_INSERT] =
        "INSERT INTO profiles (name, created_ms) VALUES (?1, ?2)",
    [RC_SQL_DECK_GET] =
        "SELECT id, key, title, file_path, source_file, source_path, "
        "scheduler, retention, new_per_day, reviews_per_day, "
        "learning_steps, relearning_steps, maximum_interval, "
        "leech_threshold, source_text FROM decks WHERE key = ?1",
    [RC_SQL_DECK_INSERT] =
        "INSERT INTO decks (key, title, file_path, source_file, source_path, "
        "scheduler, retention, new_per_day, reviews_per_day, learning_steps, "
        "relearning_steps, maximum_interval, leech_threshold, created_ms, "
        "modified_ms, source_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
    [RC_SQL_DECK_UPDATE] =
        "UPDATE decks SET title = ?2, file_path = ?3, source_file = ?4, "
        "source_path = ?5, scheduler = ?6, retention = ?7, new_per_day = ?8, "
        "reviews_per_day = ?9, learning_steps = ?10, relearning_steps = ?11, "
        "maximum_interval = ?12, leech_threshold = ?13, modified_ms = ?14, "
        "source_text = ?15, hlc = '' "
        "WHERE key = ?1",
    [RC_SQL_DECK_NOTES] = "SELECT id, key, hash, retired, position, line "
                          "FROM notes WHERE deck_id = ?1",
    [RC_SQL_NOTE_INSERT] =
        "INSERT INTO notes (deck_id, key, kind, position, line, front, back, "
        "items, pool, tags, source, hint, explain, ignore_accents, "
        "id_derived, hash, created_ms, modified_ms) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
    [RC_SQL_NOTE_UPDATE] =
        "UPDATE notes SET kind = ?3, position = ?4, line = ?5, front = ?6, "
        "back = ?7, items = ?8, pool = ?9, tags = ?10, source = ?11, "
        "hint = ?12, explain = ?13, ignore_accents = ?14, id_derived = ?15, "
        "hash = ?16, modified_ms = ?17, retired = 0, hlc = '' "
        "WHERE deck_id = ?1 AND key = ?2",
    [RC_SQL_NOTE_MOVE] =
        "UPDATE notes SET position = ?2, line = ?3, hlc = '' WHERE id = ?1",
    [RC_SQL_NOTE_RETIRE] =
        "UPDATE notes SET retired = 1, modified_ms = ?2, hlc = '' "
        "WHERE id = ?1",
    [RC_SQL_NOTE_CARDS] =
        "SELECT id, ord, retired FROM cards WHERE note_id = ?1 ORDER BY ord",
    [RC_SQL_CARD_INSERT] = "INSERT INTO cards (note_id, ord, created_ms, "
                           "modified_ms) VALUES (?1, ?2, ?3, ?3)",
    [RC_SQL_CARD_SET_RETIRED] =
        "UPDATE cards SET retired = ?2, modified_ms = ?3 WHERE id = ?1",
    [RC_SQL_CARDS_RETIRE_NOTE] =
        "UPDATE cards SET retired = 1, modified_ms = ?2 "
        "WHERE note_id = ?1 AND retired = 0",
    [RC_SQL_DECKS_SUMMARY] =
        "SELECT d.id, d.key, d.title, d.file_path, d.scheduler, "
        "count(c.id), "
        "coalesce(sum(c.id IS NOT NULL AND coalesce(cs.state, 0) = 0), 0), "
        "coalesce(sum(cs.state IN (1, 3)), 0), "
        "coalesce(sum(cs.state = 2), 0), "
        "coalesce(sum(cs.state > 0 AND cs.due_ms <= ?2 "
        "             AND cs.suspended = 0), 0), "
        "coalesce(sum(cs.suspended), 0) "
        "FROM decks d "
        "LEFT JOIN notes n ON n.deck_id = d.id AND n.retired = 0 "
        "LEFT JOIN cards c ON c.note_id = n.id AND c.retired = 0 "
        "LEFT JOIN card_state cs ON cs.card_id = c.id AND cs.profile_id = ?1 "
        "GROUP BY d.id ORDER BY d.key",
    [RC_SQL_CARDS_LIST] =
        "SELECT " CARD_COLUMNS CARD_FROM
        "WHERE (?2 IS NULL OR d.key = ?2) AND (?3 OR c.retired = 0) "
        "ORDER BY d.key, n.position, c.ord",
    [RC_SQL_CARD_BY_NAME] = "SELECT " CARD_COLUMNS CARD_FROM
                            "WHERE d.key = ?2 AND n.key = ?3 AND c.ord = ?4",
    [RC_SQL_NOTES_EXPORT] =
        "SELECT " NOTE_COLUMNS "FROM notes n "
        "WHERE n.deck_id = ?1 AND n.retired = 0 ORDER BY n.position",
    [RC_SQL_META_GET] = "SELECT value FROM meta WHERE key = ?1",
    [RC_SQL_CARD_SCHED] =
        "SELECT d.scheduler, d.retention, d.new_per_day, d.reviews_per_day, "
        "d.learning_steps, d.relearning_steps, d.maximum_interval, "
        "d.leech_threshold, d.key, n.key, c.ord "
        "FROM cards c JOIN notes n ON n.id = c.note_id "
        "JOIN decks d ON d.id = n.deck_id WHERE c.id = ?1",
    [RC_SQL_STATE_GET] =
        "SELECT state, step, stability, difficulty, ease, due_ms, "
        "last_review_ms, elapsed_days, scheduled_days, reps, lapses, "
        "interval_days, suspended, leech FROM card_state "
        "WHERE profile_id = ?1 AND card_id = ?2",
    [RC_SQL_STATE_PUT] =
        "INSERT INTO card_state (profile_id, card_id, state, step, "
        "stability, difficulty, ease, due_ms, last_review_ms, elapsed_days, "
        "scheduled_days, reps, lapses, interval_days, suspended, leech) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "?14, ?15, ?16) "
        "ON CONFLICT (profile_id, card_id) DO UPDATE SET state = ?3, "
        "step = ?4, stability = ?5, difficulty = ?6, ease = ?7, "
        "due_ms = ?8, last_review_ms = ?9, elapsed_days = ?10, "
        "scheduled_days = ?11, reps = ?12, lapses = ?13, "
        "interval_days = ?14, suspended = ?15, leech = ?16",
    [RC_SQL_REVLOG_INSERT] =
        "INSERT INTO revlog (id, card_id, profile_id, time_ms, rating, "
        "duration_ms, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [RC_SQL_REVLOG_CARD] =
        "SELECT id, time_ms, rating, duration_ms, kind FROM revlog "
        "WHERE profile_id = ?1 AND card_id = ?2 ORDER BY time_ms, id",
    [RC_SQL_DECK_REVIEWED_CARDS] =
        "SELECT DISTINCT r.profile_id, r.card_id FROM revlog r "
        "JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id "
        "WHERE n.deck_id = ?1",
    [RC_SQL_QUEUE_DECKS] =
        "SELECT id, key, new_per_day, reviews_per_day FROM decks ORDER BY key",
    [RC_SQL_QUEUE_DECK_BY_KEY] =
        "SELECT id, key, new_per_day, reviews_per_day FROM decks "
        "WHERE key = ?1",
    /* Cards answered since the day began, whether they had been studied
     * before it (a review) or not (a new card), and their notes.  INDEXED
     * BY: for DISTINCT card_id the planner prefers walking revlog_card,
     * every review the profile ever made, over today's few by time. */
    [RC_SQL_QUEUE_TODAY] =
        "SELECT n.deck_id, c.note_id, r.card_id, "
        "  EXISTS (SELECT 1 FROM revlog p WHERE p.profile_id = ?1 "
        "          AND p.card_id = r.card_id AND p.time_ms < ?2) "
        "FROM (SELECT DISTINCT card_id FROM revlog INDEXED BY revlog_time "
        "      WHERE profile_id = ?1 AND time_ms >= ?2) r "
        "JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id",
    [RC_SQL_QUEUE_LEARNING] =
        "SELECT cs.card_id, c.note_id, cs.due_ms "
        "FROM card_state cs INDEXED BY card_state_deck_due "
        "JOIN cards c ON c.id = cs.card_id "
        "WHERE cs.profile_id = ?1 AND cs.deck_id = ?2 AND cs.state IN (1, 3) "
        "AND cs.suspended = 0 AND cs.buried_until_ms <= ?3 "
        "AND c.retired = 0 AND cs.due_ms < ?4 ORDER BY cs.due_ms",
    [RC_SQL_QUEUE_REVIEW] =
        "SELECT cs.card_id, c.note_id, cs.due_ms "
        "FROM card_state cs INDEXED BY card_state_deck_due "
        "JOIN cards c ON c.id = cs.card_id "
        "WHERE cs.profile_id = ?1 AND cs.deck_id = ?2 AND cs.state = 2 "
        "AND cs.suspended = 0 AND cs.buried_until_ms <= ?3 "
        "AND c.retired = 0 AND cs.due_ms < ?4 ORDER BY cs.due_ms LIMIT ?5",
    [RC_SQL_QUEUE_NEW] =
        "SELECT c.id, c.note_id FROM notes n JOIN cards c ON c.note_id = n.id "
        "WHERE n.deck_id = ?2 AND n.position >= ?5 AND n.retired = 0 "
        "AND c.retired = 0 "
        "AND NOT EXISTS (SELECT 1 FROM card_state cs "
        "  WHERE cs.profile_id = ?1 AND cs.card_id = c.id "
        "  AND (cs.state <> 0 OR cs.suspended <> 0 "
        "       OR cs.buried_until_ms > ?3)) "
        "ORDER BY n.position, c.ord LIMIT ?4",
    [RC_SQL_NEW_HINT_GET] = "SELECT position FROM new_hint "
                            "WHERE profile_id = ?1 AND deck_id = ?2",
    /* The first note from ?3 on with a card the profile never studied
     * (buried or suspended new cards count: they come back). */
    [RC_SQL_NEW_HINT_SCAN] =
        "SELECT n.position FROM notes n JOIN cards c ON c.note_id = n.id "
        "WHERE n.deck_id = ?2 AND n.position >= ?3 AND n.retired = 0 "
        "AND c.retired = 0 AND NOT EXISTS (SELECT 1 FROM card_state cs "
        "  WHERE cs.profile_id = ?1 AND cs.card_id = c.id AND cs.state <> 0) "
        "ORDER BY n.position LIMIT 1",
    [RC_SQL_NEW_HINT_PUT] =
        "INSERT INTO new_hint (profile_id, deck_id, position) "
        "VALUES (?1, ?2, ?3) ON CONFLICT (profile_id, deck_id) "
        "DO UPDATE SET position = ?3",
    [RC_SQL_NEW_HINT_CLEAR_DECK] = "DELETE FROM new_hint WHERE deck_id = ?1",
    [RC_SQL_NEW_HINT_CLEAR_CARD] =
        "DELETE FROM new_hint WHERE profile_id = ?1 AND deck_id = "
        "(SELECT n.deck_id FROM cards c JOIN notes n ON n.id = c.note_id "
        " WHERE c.id = ?2)",
    [RC_SQL_CARD_BY_ID] = "SELECT " CARD_COLUMNS CARD_FROM "WHERE c.id = ?2",
    [RC_SQL_POOL_ITEMS] =
        "SELECT n.items FROM notes n JOIN decks d ON d.id = n.deck_id "
        "WHERE d.key = ?1 AND n.key = ?2 AND n.kind = 'pool' "
        "AND n.retired = 0",
    [RC_SQL_REVLOG_DELETE] = "DELETE FROM revlog WHERE id = ?1 AND synced = 0",
    [RC_SQL_STATE_DELETE] =
        "DELETE FROM card_state WHERE profile_id = ?1 AND card_id = ?2",
    [RC_SQL_STATE_RESTORE] =
        "INSERT OR REPLACE INTO card_state (profile_id, card_id, state, "
        "step, stability, difficulty, ease, due_ms, last_review_ms, "
        "elapsed_days, scheduled_days, reps, lapses, interval_days, "
        "suspended, leech, buried_until_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    /* A card never studied gets a state row of a new card to hold the
     * flag; the queue still counts it as new. */
    [RC_SQL_STATE_SUSPEND] =
        "INSERT INTO card_state (profile_id, card_id, state, step, "
        "stability, difficulty, ease, due_ms, last_review_ms, "
        "scheduled_days, reps, lapses, suspended) "
        "VALUES (?1, ?2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?3) "
        "ON CONFLICT (profile_id, card_id) DO UPDATE SET suspended = ?3",
    [RC_SQL_STATE_BURY] =
        "INSERT INTO card_state (profile_id, card_id, state, step, "
        "stability, difficulty, ease, due_ms, last_review_ms, "
        "scheduled_days, reps, lapses, buried_until_ms) "
        "VALUES (?1, ?2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?3) "
        "ON CONFLICT (profile_id, card_id) DO UPDATE SET buried_until_ms = ?3",
    [RC_SQL_STATE_BURIED] = "SELECT buried_until_ms FROM card_state "
                            "WHERE profile_id = ?1 AND card_id = ?2",
    [RC_SQL_NEXT_DUE] =
        "SELECT min(cs.due_ms) FROM card_state cs "
        "JOIN cards c ON c.id = cs.card_id "
        "WHERE cs.profile_id = ?1 AND cs.state > 0 AND cs.suspended = 0 "
        "AND c.retired = 0 AND cs.due_ms > ?2",
    [RC_SQL_PROFILE_RENAME] = "UPDATE profiles SET name = ?2 WHERE name = ?1",
    [RC_SQL_PROFILE_DELETE] = "DELETE FROM profiles WHERE name = ?1",
    [RC_SQL_PROFILES_LIST] =
        "SELECT p.name, p.created_ms, "
        "(SELECT count(*) FROM revlog r WHERE r.profile_id = p.id), "
        "(SELECT count(*) FROM card_state s WHERE s.profile_id = p.id "
        " AND s.reps > 0) "
        "FROM profiles p ORDER BY p.name",
    /* stats.c.  recall_stats_visit(?1, ...) is its aggregate that hands
     * each row to C (?1 is bound to a pointer); see stats.c. */
    [RC_SQL_STATS_CARD_MAX] = "SELECT coalesce(max(id), 0) FROM cards",
    [RC_SQL_STATS_CARDS] = "SELECT recall_stats_visit(?1, id, retired) "
                           "FROM cards",
    [RC_SQL_STATS_DECK_CARDS] =
        "SELECT recall_stats_visit(?1, c.id, c.retired) FROM notes n "
        "JOIN cards c ON c.note_id = n.id WHERE n.deck_id = ?2",
    [RC_SQL_STATS_STATES] =
        "SELECT recall_stats_visit(?1, card_id, state, due_ms, suspended, "
        "leech, difficulty, lapses) FROM card_state WHERE profile_id = ?2",
    [RC_SQL_STATS_CARDS_BEFORE] =
        "SELECT recall_stats_visit(?1, card_id) FROM revlog "
        "WHERE profile_id = ?2 AND time_ms < ?3",
    [RC_SQL_STATS_REVIEWS] =
        "SELECT recall_stats_visit(?1, card_id, time_ms, rating, duration_ms) "
        "FROM revlog WHERE profile_id = ?2 AND time_ms >= ?3 AND time_ms < ?4",
    [RC_SQL_STATS_REVIEWS_ORDERED] =
        "SELECT card_id, time_ms, rating, duration_ms FROM revlog "
        "WHERE profile_id = ?1 AND time_ms >= ?2 AND time_ms < ?3 "
        "ORDER BY time_ms",
    [RC_SQL_STATS_DAY_CARDS] =
        "SELECT card_id FROM revlog "
        "WHERE profile_id = ?1 AND time_ms >= ?2 AND time_ms < ?3",
    [RC_SQL_STATS_CARD] =
        "SELECT d.key, n.key, c.ord, cs.reps FROM cards c "
        "JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = n.deck_id "
        "LEFT JOIN card_state cs ON cs.card_id = c.id AND cs.profile_id = ?2 "
        "WHERE c.id = ?1",
    /* quiz.c: runs kept per profile. */
    [RC_SQL_QUIZ_RUN_INSERT] =
        "INSERT INTO quiz_runs (profile_id, deck_id, started_ms, finished_ms, "
        "kind, count, score, seed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [RC_SQL_QUIZ_ANSWER_INSERT] =
        "INSERT INTO quiz_answers (run_id, position, card_id, question, given, "
        "right, almost, time_ms, points) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    /* Columns: see quiz.c's rc_quiz_runs_each(). */
    [RC_SQL_QUIZ_RUNS_LIST] =
        "SELECT q.id, q.deck_id, d.key, q.started_ms, q.finished_ms, q.kind, "
        "q.count, q.score, q.seed FROM quiz_runs q "
        "JOIN decks d ON d.id = q.deck_id "
        "WHERE q.profile_id = ?1 AND (?2 IS NULL OR d.key = ?2) "
        "ORDER BY q.started_ms, q.id",
    /* hlc.c: the clock lives in meta; import and flag changes leave
     * hlc '' on what they change and these stamp it. */
    [RC_SQL_META_PUT] = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                        "ON CONFLICT (key) DO UPDATE SET value = ?2",
    [RC_SQL_HLC_STAMP_DECK] =
        "UPDATE decks SET hlc = ?2 WHERE id = ?1 AND hlc = ''",
    [RC_SQL_HLC_STAMP_NOTES] =
        "UPDATE notes SET hlc = ?2 WHERE deck_id = ?1 AND hlc = ''",
    [RC_SQL_HLC_STAMP_FLAGS] = "UPDATE card_state SET flags_hlc = ?3 "
                               "WHERE profile_id = ?1 AND card_id = ?2",
    /* sync.c.  The push cursor (push_hlc, push_tbl, push_id) orders all
     * content by (hlc, table, id): one import stamps many notes alike. */
    [RC_SQL_SYNC_STATE_GET] =
        "SELECT server_url, last_seq, push_hlc, push_tbl, push_id "
        "FROM sync_state WHERE profile_id = ?1",
    [RC_SQL_SYNC_STATE_BIND] =
        "INSERT INTO sync_state (profile_id, server_url) VALUES (?1, ?2) "
        "ON CONFLICT (profile_id) DO UPDATE SET server_url = ?2, "
        "last_seq = 0, push_hlc = '', push_tbl = 0, push_id = 0 "
        "WHERE server_url <> ?2",
    [RC_SQL_SYNC_UNMARK_ALL] =
        "UPDATE revlog SET synced = 0 WHERE profile_id = ?1 AND synced = 1",
    [RC_SQL_SYNC_SET_SEQ] =
        "UPDATE sync_state SET last_seq = ?2 WHERE profile_id = ?1",
    [RC_SQL_SYNC_SKIP_SEQ] = "UPDATE sync_state SET last_seq = ?3"
                             " WHERE profile_id = ?1 AND last_seq = ?2",
    [RC_SQL_SYNC_SET_CURSOR] =
        "UPDATE sync_state SET push_hlc = ?2, push_tbl = ?3, push_id = ?4 "
        "WHERE profile_id = ?1",
    [RC_SQL_SYNC_STAMP_ALL_DECKS] = "UPDATE decks SET hlc = ?1 WHERE hlc = ''",
    [RC_SQL_SYNC_STAMP_ALL_NOTES] = "UPDATE notes SET hlc = ?1 WHERE hlc = ''",
    [RC_SQL_SYNC_REVIEWS_UNSYNCED] =
        "SELECT r.id, d.key, n.key, c.ord, r.time_ms, r.rating, "
        "r.duration_ms, r.kind, r.rowid FROM revlog r "
        "INDEXED BY revlog_unsynced "
        "JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id "
        "JOIN decks d ON d.id = n.deck_id "
        "WHERE r.profile_id = ?1 AND r.synced = 0 AND r.rowid > ?3 "
        "ORDER BY r.rowid LIMIT ?2",
    [RC_SQL_SYNC_REVIEW_MARK] =
        "UPDATE revlog SET synced = 1 WHERE id = ?1 AND synced = 0",
    /* Content this collection wrote (its node ?3) after (hlc ?1, id ?2),
     * one table at a time, each walked in its index's order: over the
     * three tables at once, SQLite sorted every note of an import (one
     * hlc) again for each batch.  Notes take two ranges because the
     * planner seeks (hlc = ? AND rowid > ?) but not the row value. */
    [RC_SQL_SYNC_CONTENT_DECKS] =
        "SELECT id, hlc FROM decks WHERE (hlc, id) > (?1, ?2) "
        "AND substr(hlc, 20) = ?3 ORDER BY hlc, id LIMIT ?4",
    [RC_SQL_SYNC_CONTENT_NOTES] =
        "SELECT * FROM (SELECT id, hlc FROM notes WHERE hlc = ?1 AND id > ?2 "
        "AND substr(hlc, 20) = ?3 ORDER BY id LIMIT ?4) UNION ALL "
        "SELECT * FROM (SELECT id, hlc FROM notes WHERE hlc > ?1 "
        "AND substr(hlc, 20) = ?3 ORDER BY hlc, id LIMIT ?4) LIMIT ?4",
    [RC_SQL_SYNC_CONTENT_FLAGS] =
        "SELECT card_id, flags_hlc FROM card_state WHERE profile_id = ?5 "
        "AND flags_hlc <> '' AND (flags_hlc, card_id) > (?1, ?2) "
        "AND substr(flags_hlc, 20) = ?3 ORDER BY flags_hlc, card_id LIMIT ?4",
    /* What a push has left: that content, and the unsynced reviews. */
    [RC_SQL_SYNC_PUSH_COUNT] =
        "SELECT (SELECT count(*) FROM " SYNC_CONTENT_AFTER ") + "
        "(SELECT count(*) FROM revlog INDEXED BY revlog_unsynced "
        "WHERE profile_id = ?1 AND synced = 0)",
    [RC_SQL_SYNC_DECK_BY_ID] =
        "SELECT key, hlc, title, source_file, scheduler, retention, "
        "new_per_day, reviews_per_day, learning_steps, relearning_steps, "
        "maximum_interval, leech_threshold, source_text FROM decks "
        "WHERE id = ?1",
    [RC_SQL_SYNC_NOTE_BY_ID] =
        "SELECT d.key, n.key, n.hlc, n.retired, n.kind, n.position, n.front, "
        "n.back, n.items, n.pool, n.tags, n.source, n.hint, n.explain, "
        "n.ignore_accents FROM notes n JOIN decks d ON d.id = n.deck_id "
        "WHERE n.id = ?1",
    [RC_SQL_SYNC_FLAG_BY_CARD] =
        "SELECT d.key, n.key, c.ord, cs.flags_hlc, cs.suspended, "
        "cs.buried_until_ms FROM card_state cs "
        "JOIN cards c ON c.id = cs.card_id JOIN notes n ON n.id = c.note_id "
        "JOIN decks d ON d.id = n.deck_id "
        "WHERE cs.profile_id = ?1 AND cs.card_id = ?2",
    [RC_SQL_SYNC_CARD_ID] =
        "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
        "JOIN decks d ON d.id = n.deck_id "
        "WHERE d.key = ?1 AND n.key = ?2 AND c.ord = ?3",
    [RC_SQL_SYNC_REVIEW_PUT] =
        "INSERT INTO revlog (id, card_id, profile_id, time_ms, rating, "
        "duration_ms, kind, synced) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1) "
        "ON CONFLICT (id) DO NOTHING",
    [RC_SQL_SYNC_PENDING_PUT] =
        "INSERT INTO sync_pending (id, profile_id, card, time_ms, rating, "
        "duration_ms, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (id) DO NOTHING",
    [RC_SQL_SYNC_PENDING_LIST] =
        "SELECT id, card, time_ms, rating, duration_ms, kind "
        "FROM sync_pending WHERE profile_id = ?1",
    [RC_SQL_SYNC_PENDING_DELETE] = "DELETE FROM sync_pending WHERE id = ?1",
    /* The newest flag change per card waits; an older one is dropped. */
    [RC_SQL_SYNC_FLAG_PARK] =
        "INSERT INTO sync_pending_flags (profile_id, card, hlc, suspended, "
        "buried_until_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (profile_id, card) DO UPDATE SET hlc = excluded.hlc, "
        "suspended = excluded.suspended, "
        "buried_until_ms = excluded.buried_until_ms "
        "WHERE excluded.hlc > sync_pending_flags.hlc",
    [RC_SQL_SYNC_FLAG_PARKED] = "SELECT card, hlc, suspended, buried_until_ms "
                                "FROM sync_pending_flags WHERE profile_id = ?1",
    [RC_SQL_SYNC_FLAG_UNPARK] =
        "DELETE FROM sync_pending_flags WHERE profile_id = ?1 AND card = ?2",
    [RC_SQL_SYNC_DECK_HLC] = "SELECT id, hlc FROM decks WHERE key = ?1",
    [RC_SQL_SYNC_DECK_PUT] =
        "INSERT INTO decks (key, title, file_path, source_file, source_path, "
        "scheduler, retention, new_per_day, reviews_per_day, learning_steps, "
        "relearning_steps, maximum_interval, leech_threshold, created_ms, "
        "modified_ms, hlc, source_text) VALUES (?1, ?2, '', ?3, '', ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14) "
        "ON CONFLICT (key) DO UPDATE SET "
        "title = ?2, source_file = ?3, scheduler = ?4, retention = ?5, "
        "new_per_day = ?6, reviews_per_day = ?7, learning_steps = ?8, "
        "relearning_steps = ?9, maximum_interval = ?10, "
        "leech_threshold = ?11, modified_ms = ?12, hlc = ?13, "
        "source_text = ?14",
    /* A deck whose notes came first: defaults, and an hlc below any. */
    [RC_SQL_SYNC_DECK_STUB] =
        "INSERT INTO decks (key, title, file_path, source_file, source_path, "
        "scheduler, retention, new_per_day, reviews_per_day, learning_steps, "
        "relearning_steps, maximum_interval, leech_threshold, created_ms, "
        "modified_ms, hlc) VALUES (?1, ?1, '', '', '', 'fsrs', 0.9, 20, 200, "
        "'1m 10m', '10m', 36500, 8, ?2, ?2, '0')",
    [RC_SQL_SYNC_NOTE_HLC] =
        "SELECT id, hlc FROM notes WHERE deck_id = ?1 AND key = ?2",
    [RC_SQL_SYNC_NOTE_PUT] =
        "INSERT INTO notes (deck_id, key, kind, position, line, front, back, "
        "items, pool, tags, source, hint, explain, ignore_accents, "
        "id_derived, hash, created_ms, modified_ms, retired, hlc) VALUES "
        "(?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, ?14, "
        "?15, ?15, ?16, ?17) ON CONFLICT (deck_id, key) DO UPDATE SET "
        "kind = ?3, position = ?4, front = ?5, back = ?6, items = ?7, "
        "pool = ?8, tags = ?9, source = ?10, hint = ?11, explain = ?12, "
        "ignore_accents = ?13, hash = ?14, modified_ms = ?15, retired = ?16, "
        "hlc = ?17",
    [RC_SQL_SYNC_FLAG_HLC] = "SELECT flags_hlc FROM card_state "
                             "WHERE profile_id = ?1 AND card_id = ?2",
    [RC_SQL_SYNC_FLAG_PUT] =
        "INSERT INTO card_state (profile_id, card_id, state, step, "
        "stability, difficulty, ease, due_ms, last_review_ms, "
        "scheduled_days, reps, lapses, suspended, buried_until_ms, "
        "flags_hlc) VALUES (?1, ?2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?3, ?4, ?5) "
        "ON CONFLICT (profile_id, card_id) DO UPDATE SET suspended = ?3, "
        "buried_until_ms = ?4, flags_hlc = ?5",
    [RC_SQL_SYNC_STATE_FLAGS] =
        "SELECT suspended, leech, flags_hlc FROM card_state "
        "WHERE profile_id = ?1 AND card_id = ?2",
};

const char *rc_sql_text(enum rc_sql id)
{
    return sql_text[id];
}
