/* migrate.c -- the collection's schema and its forward migrations.
 *
 * Entry i of the table takes a file from user_version i to i + 1, inside
 * one BEGIN IMMEDIATE transaction that also bumps user_version, so a
 * migration either happens whole or not at all.  Shipped entries are
 * never edited: a change to the schema is a new entry, tested from the
 * previous version's file (tests/data/schema-v<i>.sql).
 *
 * Shape of the data (DESIGN.md): decks hold notes, notes give cards; the
 * review log is the source of truth and card_state is a per-profile cache
 * that replaying the log rebuilds.  Tables are STRICT so that a wrong
 * type is an error rather than a silent conversion. */
#include "collection_int.h"

#include <stdio.h>

#include "banned.h"

/* Version 0 -> 1: the first schema. */
static const char schema_v1[] =
    "CREATE TABLE decks ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  file_path TEXT NOT NULL,"
    "  source_file TEXT NOT NULL,"
    "  source_path TEXT NOT NULL,"
    "  scheduler TEXT NOT NULL,"
    "  retention REAL NOT NULL,"
    "  new_per_day INTEGER NOT NULL,"
    "  reviews_per_day INTEGER NOT NULL,"
    "  learning_steps TEXT NOT NULL,"
    "  relearning_steps TEXT NOT NULL,"
    "  maximum_interval INTEGER NOT NULL,"
    "  leech_threshold INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  modified_ms INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TABLE notes ("
    "  id INTEGER PRIMARY KEY,"
    "  deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,"
    "  key TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  line INTEGER NOT NULL,"
    "  front TEXT NOT NULL,"
    "  back TEXT NOT NULL,"
    "  items TEXT NOT NULL,"
    "  pool TEXT,"
    "  tags TEXT NOT NULL,"
    "  source TEXT NOT NULL,"
    "  hint TEXT NOT NULL,"
    "  explain TEXT NOT NULL,"
    "  ignore_accents INTEGER NOT NULL,"
    "  id_derived INTEGER NOT NULL,"
    "  hash INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  modified_ms INTEGER NOT NULL,"
    "  retired INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (deck_id, key)"
    ") STRICT;"
    "CREATE TABLE cards ("
    "  id INTEGER PRIMARY KEY,"
    "  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
    "  ord INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  modified_ms INTEGER NOT NULL,"
    "  retired INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (note_id, ord)"
    ") STRICT;"
    "CREATE TABLE profiles ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  created_ms INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TABLE card_state ("
    "  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
    "  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,"
    "  state INTEGER NOT NULL,"
    "  step INTEGER NOT NULL,"
    "  stability REAL NOT NULL,"
    "  difficulty REAL NOT NULL,"
    "  ease REAL NOT NULL,"
    "  due_ms INTEGER NOT NULL,"
    "  last_review_ms INTEGER NOT NULL,"
    "  scheduled_days INTEGER NOT NULL,"
    "  reps INTEGER NOT NULL,"
    "  lapses INTEGER NOT NULL,"
    "  suspended INTEGER NOT NULL DEFAULT 0,"
    "  buried_until_ms INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (profile_id, card_id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX card_state_due ON card_state (profile_id, due_ms);"
    "CREATE TABLE revlog ("
    "  id TEXT PRIMARY KEY,"
    "  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,"
    "  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
    "  time_ms INTEGER NOT NULL,"
    "  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),"
    "  duration_ms INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('study', 'quiz', 'manual'))"
    ") STRICT;"
    "CREATE INDEX revlog_card ON revlog (profile_id, card_id, time_ms);";

/* Version 1 -> 2: collection-wide settings; reviews by time for stats and
 * daily limits; SM-2's interval (kept while relearning) and the leech
 * mark in a card's state; notes in file order, learning cards, and where
 * new cards start, for the study queue. */
static const char schema_v2[] =
    "CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ") STRICT;"
    "INSERT INTO meta (key, value) VALUES ('rollover_hour', '4');"
    "CREATE INDEX revlog_time ON revlog (profile_id, time_ms);"
    "ALTER TABLE card_state ADD COLUMN interval_days INTEGER NOT NULL "
    "  DEFAULT 0;"
    "ALTER TABLE card_state ADD COLUMN elapsed_days INTEGER NOT NULL "
    "  DEFAULT 0;"
    "ALTER TABLE card_state ADD COLUMN leech INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX notes_position ON notes (deck_id, position);"
    /* A card's deck beside its state, so the queue walks one deck's due
     * cards in due order by index instead of every deck's; filled in by
     * the trigger, since a card never changes deck. */
    "ALTER TABLE card_state ADD COLUMN deck_id INTEGER NOT NULL DEFAULT 0;"
    "UPDATE card_state SET deck_id = (SELECT n.deck_id FROM cards c "
    "  JOIN notes n ON n.id = c.note_id WHERE c.id = card_state.card_id);"
    "CREATE INDEX card_state_deck_due ON card_state "
    "  (profile_id, deck_id, state, due_ms);"
    "CREATE TRIGGER card_state_deck AFTER INSERT ON card_state "
    "  WHEN NEW.deck_id = 0 BEGIN "
    "  UPDATE card_state SET deck_id = (SELECT n.deck_id FROM cards c "
    "    JOIN notes n ON n.id = c.note_id WHERE c.id = NEW.card_id) "
    "  WHERE profile_id = NEW.profile_id AND card_id = NEW.card_id; END;"
    /* Where a deck's new cards start for a profile: every note before
     * 'position' has all its cards studied (queue.c keeps it, import and
     * undo drop it), so a session need not walk a year's studied notes. */
    "CREATE TABLE new_hint ("
    "  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
    "  deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (profile_id, deck_id)"
    ") STRICT, WITHOUT ROWID;";

/* Version 2 -> 3: quiz runs and their answers, kept per profile.  A quiz
 * leaves the schedule alone, so these tables are a record of scores, not
 * of study: nothing replays them. */
static const char schema_v3[] =
    "CREATE TABLE quiz_runs ("
    "  id INTEGER PRIMARY KEY,"
    "  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
    "  deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,"
    "  started_ms INTEGER NOT NULL,"
    "  finished_ms INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('choice', 'typed', 'mixed')),"
    "  count INTEGER NOT NULL,"
    "  score INTEGER NOT NULL,"
    "  seed INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX quiz_runs_profile ON quiz_runs (profile_id, started_ms);"
    "CREATE TABLE quiz_answers ("
    "  run_id INTEGER NOT NULL REFERENCES quiz_runs(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,"
    "  question TEXT NOT NULL,"
    "  given TEXT NOT NULL,"
    "  right INTEGER NOT NULL,"
    "  almost INTEGER NOT NULL,"
    "  time_ms INTEGER NOT NULL,"
    "  points INTEGER NOT NULL,"
    "  PRIMARY KEY (run_id, position)"
    ") STRICT;"
    "CREATE INDEX quiz_answers_card ON quiz_answers (card_id);";

/* Version 3 -> 4: the review log by time carries what stats read of each
 * review, so `recall stats` reads a year of reviews from the index alone
 * instead of looking up every row (0.65 s -> 0.48 s on 3M reviews).  The
 * name stays: queue.c asks for it INDEXED BY. */
static const char schema_v4[] =
    "DROP INDEX revlog_time;"
    "CREATE INDEX revlog_time ON revlog "
    "  (profile_id, time_ms, card_id, rating, duration_ms);";

/* Version 4 -> 5: sync.  Each review remembers whether the server has
 * acknowledged it; decks, notes and card flags carry the hybrid logical
 * clock of their last change (hlc.c), so that merging is last writer wins
 * per note; sync_state keeps per profile where pulling and pushing stand,
 * and sync_pending holds pulled reviews of cards whose note has not
 * arrived yet.  The node id of the clock is drawn once per collection. */
static const char schema_v5[] =
    "ALTER TABLE revlog ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX revlog_unsynced ON revlog (profile_id) WHERE synced = 0;"
    "ALTER TABLE decks ADD COLUMN hlc TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE notes ADD COLUMN hlc TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX notes_hlc ON notes (hlc);"
    "ALTER TABLE card_state ADD COLUMN flags_hlc TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE sync_state ("
    "  profile_id INTEGER PRIMARY KEY REFERENCES profiles(id) "
    "    ON DELETE CASCADE,"
    "  server_url TEXT NOT NULL DEFAULT '',"
    "  last_seq INTEGER NOT NULL DEFAULT 0,"
    "  push_hlc TEXT NOT NULL DEFAULT '',"
    "  push_tbl INTEGER NOT NULL DEFAULT 0,"
    "  push_id INTEGER NOT NULL DEFAULT 0"
    ") STRICT;"
    "CREATE TABLE sync_pending ("
    "  id TEXT PRIMARY KEY,"
    "  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
    "  card TEXT NOT NULL,"
    "  time_ms INTEGER NOT NULL,"
    "  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),"
    "  duration_ms INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('study', 'quiz', 'manual'))"
    ") STRICT;"
    "INSERT INTO meta (key, value) VALUES "
    "  ('hlc_node', lower(hex(randomblob(8)))), ('hlc_last', '');";

/* Version 5 -> 6: the deck keeps a copy of its source text, so that the
 * members of a study group, who have no source file, can check quotes and
 * read the passage (:source), and so that it survives the file moving.
 * Old decks get it on their next import. */
static const char schema_v6[] =
    "ALTER TABLE decks ADD COLUMN source_text TEXT NOT NULL DEFAULT '';";

/* Version 6 -> 7: the push's content query finds changed card flags by
 * this index instead of reading every card state of the profile on each
 * batch (a tenth of a first sync of 100,000 reviews went there); and a
 * pulled flag change (suspend, bury) of a card whose note has not arrived
 * yet waits in sync_pending_flags, the newest per card, as reviews wait
 * in sync_pending. */
static const char schema_v7[] =
    "CREATE INDEX card_state_flags ON card_state (profile_id, flags_hlc) "
    "WHERE flags_hlc <> '';"
    "CREATE TABLE sync_pending_flags ("
    "  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
    "  card TEXT NOT NULL,"
    "  hlc TEXT NOT NULL,"
    "  suspended INTEGER NOT NULL CHECK (suspended IN (0, 1)),"
    "  buried_until_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (profile_id, card)"
    ") STRICT;";

static const char *const migrations[] = {schema_v1, schema_v2, schema_v3,
                                         schema_v4, schema_v5, schema_v6,
                                         schema_v7};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == RC_SCHEMA_VERSION,
               "one migration per schema version");

static int user_version(sqlite3 *db, int *out, struct rc_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
        SQLITE_OK)
        return rc_err_db(err, db, "read schema version");
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc_err_db(err, db, "read schema version");
        sqlite3_finalize(st);
        return RC_EDB;
    }
    *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return RC_OK;
}

static int apply(struct rc_collection *c, int from, struct rc_err *err)
{
    char bump[64];
    snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", from + 1);
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    /* Another process may have migrated while we waited for the lock. */
    int now = 0;
    rc = user_version(c->db, &now, err);
    if (rc == RC_OK && now == from) {
        if (sqlite3_exec(c->db, migrations[from], NULL, NULL, NULL) !=
                SQLITE_OK ||
            sqlite3_exec(c->db, bump, NULL, NULL, NULL) != SQLITE_OK) {
            rc_err_db(err, c->db, "migrate schema");
            rc = RC_EDB;
        }
    }
    if (rc == RC_OK)
        return rc_tx_commit(c, err);
    rc_tx_rollback(c);
    return rc;
}

int rc_migrate(struct rc_collection *c, struct rc_err *err)
{
    int version = 0;
    int rc = user_version(c->db, &version, err);
    if (rc < 0)
        return rc;
    if (version > RC_SCHEMA_VERSION)
        return rc_err_set(err, RC_ECONFLICT,
                          "collection has schema version %d, newer than "
                          "this recall (%d): upgrade recall",
                          version, RC_SCHEMA_VERSION);
    for (int v = version; v < RC_SCHEMA_VERSION; v++) {
        rc = apply(c, v, err);
        if (rc < 0)
            return rc;
    }
    return RC_OK;
}
