/* sql.h -- every statement recall runs on a collection, by name.
 *
 * The text lives in sql.c's table, indexed by this enum, so one file
 * holds every query; the schema itself is migrate.c's. */
#ifndef RECALL_SQL_H
#define RECALL_SQL_H

enum rc_sql {
    RC_SQL_USER_VERSION,
    RC_SQL_PROFILE_BY_NAME,
    RC_SQL_PROFILE_INSERT,
    RC_SQL_DECK_GET,
    RC_SQL_DECK_INSERT,
    RC_SQL_DECK_UPDATE,
    RC_SQL_DECK_NOTES,
    RC_SQL_NOTE_INSERT,
    RC_SQL_NOTE_UPDATE,
    RC_SQL_NOTE_MOVE,
    RC_SQL_NOTE_RETIRE,
    RC_SQL_NOTE_CARDS,
    RC_SQL_CARD_INSERT,
    RC_SQL_CARD_SET_RETIRED,
    RC_SQL_CARDS_RETIRE_NOTE,
    RC_SQL_DECKS_SUMMARY,
    RC_SQL_CARDS_LIST,
    RC_SQL_CARD_BY_NAME,
    RC_SQL_NOTES_EXPORT,
    RC_SQL_META_GET,
    RC_SQL_CARD_SCHED,
    RC_SQL_STATE_GET,
    RC_SQL_STATE_PUT,
    RC_SQL_REVLOG_INSERT,
    RC_SQL_REVLOG_CARD,
    RC_SQL_QUEUE_DECKS,
    RC_SQL_QUEUE_DECK_BY_KEY,
    RC_SQL_QUEUE_TODAY,
    RC_SQL_QUEUE_LEARNING,
    RC_SQL_QUEUE_REVIEW,
    RC_SQL_QUEUE_NEW,
    RC_SQL_CARD_BY_ID,
    RC_SQL_POOL_ITEMS,
    RC_SQL_REVLOG_DELETE,
    RC_SQL_STATE_DELETE,
    RC_SQL_STATE_RESTORE,
    RC_SQL_STATE_SUSPEND,
    RC_SQL_STATE_BURY,
    RC_SQL_NEXT_DUE,
    RC_SQL_STATE_BURIED,
    RC_SQL_PROFILE_RENAME,
    RC_SQL_PROFILE_DELETE,
    RC_SQL_PROFILES_LIST,
    RC_SQL_COUNT
};

/* The SQL text of statement 'id'. */
const char *rc_sql_text(enum rc_sql id);

#endif /* RECALL_SQL_H */
