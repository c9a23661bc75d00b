-- A collection as schema version 4 wrote it (frozen: never edit).
-- tests/unit/test_collection.c opens a copy and checks the migration.
PRAGMA user_version = 4;
CREATE TABLE decks (  id INTEGER PRIMARY KEY,  key TEXT NOT NULL UNIQUE,  title TEXT NOT NULL,  file_path TEXT NOT NULL,  source_file TEXT NOT NULL,  source_path TEXT NOT NULL,  scheduler TEXT NOT NULL,  retention REAL NOT NULL,  new_per_day INTEGER NOT NULL,  reviews_per_day INTEGER NOT NULL,  learning_steps TEXT NOT NULL,  relearning_steps TEXT NOT NULL,  maximum_interval INTEGER NOT NULL,  leech_threshold INTEGER NOT NULL,  created_ms INTEGER NOT NULL,  modified_ms INTEGER NOT NULL) STRICT;
CREATE TABLE notes (  id INTEGER PRIMARY KEY,  deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,  key TEXT NOT NULL,  kind TEXT NOT NULL,  position INTEGER NOT NULL,  line INTEGER NOT NULL,  front TEXT NOT NULL,  back TEXT NOT NULL,  items TEXT NOT NULL,  pool TEXT,  tags TEXT NOT NULL,  source TEXT NOT NULL,  hint TEXT NOT NULL,  explain TEXT NOT NULL,  ignore_accents INTEGER NOT NULL,  id_derived INTEGER NOT NULL,  hash INTEGER NOT NULL,  created_ms INTEGER NOT NULL,  modified_ms INTEGER NOT NULL,  retired INTEGER NOT NULL DEFAULT 0,  UNIQUE (deck_id, key)) STRICT;
CREATE TABLE cards (  id INTEGER PRIMARY KEY,  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,  ord INTEGER NOT NULL,  created_ms INTEGER NOT NULL,  modified_ms INTEGER NOT NULL,  retired INTEGER NOT NULL DEFAULT 0,  UNIQUE (note_id, ord)) STRICT;
CREATE TABLE profiles (  id INTEGER PRIMARY KEY,  name TEXT NOT NULL UNIQUE,  created_ms INTEGER NOT NULL) STRICT;
CREATE TABLE card_state (  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,  state INTEGER NOT NULL,  step INTEGER NOT NULL,  stability REAL NOT NULL,  difficulty REAL NOT NULL,  ease REAL NOT NULL,  due_ms INTEGER NOT NULL,  last_review_ms INTEGER NOT NULL,  scheduled_days INTEGER NOT NULL,  reps INTEGER NOT NULL,  lapses INTEGER NOT NULL,  suspended INTEGER NOT NULL DEFAULT 0,  buried_until_ms INTEGER NOT NULL DEFAULT 0, interval_days INTEGER NOT NULL   DEFAULT 0, elapsed_days INTEGER NOT NULL   DEFAULT 0, leech INTEGER NOT NULL DEFAULT 0, deck_id INTEGER NOT NULL DEFAULT 0,  PRIMARY KEY (profile_id, card_id)) STRICT, WITHOUT ROWID;
CREATE INDEX card_state_due ON card_state (profile_id, due_ms);
CREATE TABLE revlog (  id TEXT PRIMARY KEY,  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,  time_ms INTEGER NOT NULL,  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),  duration_ms INTEGER NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('study', 'quiz', 'manual'))) STRICT;
CREATE INDEX revlog_card ON revlog (profile_id, card_id, time_ms);
CREATE TABLE meta (  key TEXT PRIMARY KEY,  value TEXT NOT NULL) STRICT;
CREATE INDEX notes_position ON notes (deck_id, position);
CREATE INDEX card_state_deck_due ON card_state   (profile_id, deck_id, state, due_ms);
CREATE TRIGGER card_state_deck AFTER INSERT ON card_state   WHEN NEW.deck_id = 0 BEGIN   UPDATE card_state SET deck_id = (SELECT n.deck_id FROM cards c     JOIN notes n ON n.id = c.note_id WHERE c.id = NEW.card_id)   WHERE profile_id = NEW.profile_id AND card_id = NEW.card_id; END;
CREATE TABLE new_hint (  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,  deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,  position INTEGER NOT NULL,  PRIMARY KEY (profile_id, deck_id)) STRICT, WITHOUT ROWID;
CREATE TABLE quiz_runs (  id INTEGER PRIMARY KEY,  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,  deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,  started_ms INTEGER NOT NULL,  finished_ms INTEGER NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('choice', 'typed', 'mixed')),  count INTEGER NOT NULL,  score INTEGER NOT NULL,  seed INTEGER NOT NULL) STRICT;
CREATE INDEX quiz_runs_profile ON quiz_runs (profile_id, started_ms);
CREATE TABLE quiz_answers (  run_id INTEGER NOT NULL REFERENCES quiz_runs(id) ON DELETE CASCADE,  position INTEGER NOT NULL,  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,  question TEXT NOT NULL,  given TEXT NOT NULL,  right INTEGER NOT NULL,  almost INTEGER NOT NULL,  time_ms INTEGER NOT NULL,  points INTEGER NOT NULL,  PRIMARY KEY (run_id, position)) STRICT;
CREATE INDEX quiz_answers_card ON quiz_answers (card_id);
CREATE INDEX revlog_time ON revlog   (profile_id, time_ms, card_id, rating, duration_ms);

INSERT INTO decks VALUES(1,'old','Old deck','/tmp/old.deck','','','fsrs',0.9000000000000000222,20,200,'1m 10m','10m',36500,8,1700000000000,1700000000000);
INSERT INTO notes VALUES(1,1,'n1','basic',0,5,'Question?','Answer','',NULL,'tag','','','',0,0,42,1700000000000,1700000000000,0);
INSERT INTO notes VALUES(2,1,'n2','typed',1,9,'When?','1936','',NULL,'tag years','','','',0,0,43,1700000000000,1700000000000,0);
INSERT INTO cards VALUES(1,1,1,1700000000000,1700000000000,0);
INSERT INTO cards VALUES(2,2,1,1700000000000,1700000000000,0);
INSERT INTO profiles VALUES(1,'default',1700000000000);
INSERT INTO card_state VALUES(1,1,2,0,3.25,5.5,0.0,1700300000000,1700000000000,3,1,0,0,0,3,0,0,1);
INSERT INTO revlog VALUES('0123456789abcdef0123456789abcdef',1,1,1700000000000,3,4000,'study');
INSERT INTO revlog VALUES('fedcba9876543210fedcba9876543210',2,1,1700000100000,1,6000,'quiz');
INSERT INTO meta VALUES('rollover_hour','4');
INSERT INTO meta VALUES('fuzz','0');
INSERT INTO quiz_runs VALUES(1,1,1,1700000200000,1700000260000,'typed',2,1,42);
INSERT INTO quiz_answers VALUES(1,1,2,'When?','1936',1,0,800,1);
