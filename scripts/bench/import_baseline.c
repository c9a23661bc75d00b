/* import_baseline.c -- the bare-SQLite yardstick for scripts/bench/import.
 *
 * Reads the same notes the generated deck holds, as tab-separated lines
 * (key, front, back, tags), and inserts them into a table of the same
 * shape as recall's notes through one prepared statement in one
 * transaction: the fastest a straightforward importer could be.  The
 * table has every column and constraint of recall's notes table, so the
 * rows are the same rows recall stores for the deck's content (recall
 * also writes one cards row per card, and parses and checks the file).
 * Prints the number of rows inserted. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: import_baseline DB ROWS.tsv\n");
        return 2;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK)
        return 1;
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                 "CREATE TABLE notes (id INTEGER PRIMARY KEY,"
                 " deck_id INTEGER NOT NULL, key TEXT NOT NULL,"
                 " kind TEXT NOT NULL, position INTEGER NOT NULL,"
                 " line INTEGER NOT NULL, front TEXT NOT NULL,"
                 " back TEXT NOT NULL, items TEXT NOT NULL, pool TEXT,"
                 " tags TEXT NOT NULL, source TEXT NOT NULL,"
                 " hint TEXT NOT NULL, explain TEXT NOT NULL,"
                 " ignore_accents INTEGER NOT NULL,"
                 " id_derived INTEGER NOT NULL, hash INTEGER NOT NULL,"
                 " created_ms INTEGER NOT NULL, modified_ms INTEGER NOT NULL,"
                 " retired INTEGER NOT NULL DEFAULT 0,"
                 " UNIQUE (deck_id, key)) STRICT;",
                 NULL, NULL, NULL);
    FILE *in = fopen(argv[2], "r");
    if (!in)
        return 1;
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db,
                       "INSERT INTO notes (deck_id, key, kind, position, "
                       "line, front, back, items, pool, tags, source, hint, "
                       "explain, ignore_accents, id_derived, hash, "
                       "created_ms, modified_ms) VALUES (1, ?1, 'basic', "
                       "?5, ?5, ?2, ?3, '', NULL, ?4, '', '', '', 0, 0, ?5, "
                       "0, 0)",
                       -1, &st, NULL);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    char *line = NULL;
    size_t cap = 0;
    long n = 0;
    while (getline(&line, &cap, in) != -1) {
        char *f[4] = {line, NULL, NULL, NULL};
        for (int i = 1; i < 4; i++) {
            f[i] = strchr(f[i - 1], '\t');
            if (!f[i])
                return 1;
            *f[i]++ = '\0';
        }
        f[3][strcspn(f[3], "\n")] = '\0';
        for (int i = 0; i < 4; i++)
            sqlite3_bind_text(st, i + 1, f[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, n);
        if (sqlite3_step(st) != SQLITE_DONE)
            return 1;
        sqlite3_reset(st);
        n++;
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(line);
    fclose(in);
    printf("%ld\n", n);
    return 0;
}
