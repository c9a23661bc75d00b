/* hlc.c -- the collection's hybrid logical clock (see hlc.h).
 *
 * The state is two meta rows: 'hlc_node', drawn by the migration that
 * introduced sync, and 'hlc_last', the greatest stamp handed out or seen.
 * A tick takes the greater of the wall clock and that stamp's time; when
 * the wall clock is not ahead, the counter goes up instead, so stamps
 * grow even when the clock stands still (tests pin it) or goes back.
 * Stamps are compared as strings, which is why every field is fixed-width
 * and lowercase.
 *
 * Stamping is split from writing: import and flag changes set hlc to ''
 * on the rows they touch, and one tick then stamps all of them alike, so
 * the statements that write content need not know about clocks. */
#include "recall/hlc.h"

#include <stdio.h>
#include <string.h>

#include "collection_int.h"
#include "recall/clock.h"

#include "banned.h"

static bool all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

bool rc_hlc_valid(const char *s)
{
    if (!s || strlen(s) != RC_HLC_LEN || s[13] != '-' || s[18] != '-')
        return false;
    for (int i = 0; i < 13; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return all_hex(s + 14, 4) && all_hex(s + 19, RC_HLC_NODE_LEN);
}

void rc_hlc_format(int64_t ms, unsigned counter, const char *node,
                   char out[RC_HLC_LEN + 1])
{
    snprintf(out, RC_HLC_LEN + 1, "%013lld-%04x-%.16s", (long long)ms,
             counter & 0xffffu, node);
}

/* Meta value 'key' into out (size n); "" when missing. */
static int meta_get(struct rc_collection *c, const char *key, char *out,
                    size_t n, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_META_GET, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, key);
    int step = sqlite3_step(st);
    const char *v =
        step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "";
    snprintf(out, n, "%s", v ? v : "");
    rc_stmt_done(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return rc_err_db(err, c->db, "read clock");
    return RC_OK;
}

static int meta_put(struct rc_collection *c, const char *key, const char *v,
                    struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_META_PUT, err);
    if (!st)
        return RC_EDB;
    rc_bind_text(st, 1, key);
    rc_bind_text(st, 2, v);
    return rc_stmt_exec(c, st, "write clock", err);
}

int rc_hlc_node(struct rc_collection *c, char out[RC_HLC_NODE_LEN + 1],
                struct rc_err *err)
{
    int rc = meta_get(c, "hlc_node", out, RC_HLC_NODE_LEN + 1, err);
    if (rc == RC_OK &&
        (strlen(out) != RC_HLC_NODE_LEN || !all_hex(out, RC_HLC_NODE_LEN)))
        return rc_err_set(err, RC_EDB, "collection has no valid clock node");
    return rc;
}

/* Split a valid stamp into its time and counter. */
static void hlc_split(const char *s, int64_t *ms, unsigned *counter)
{
    long long m = 0;
    unsigned k = 0;
    if (sscanf(s, "%13lld-%4x", &m, &k) != 2)
        m = 0, k = 0;
    *ms = m;
    *counter = k;
}

int rc_hlc_tick(struct rc_collection *c, int64_t now_ms,
                char out[RC_HLC_LEN + 1], struct rc_err *err)
{
    char node[RC_HLC_NODE_LEN + 1], last[RC_HLC_LEN + 1];
    int rc = rc_hlc_node(c, node, err);
    if (rc == RC_OK)
        rc = meta_get(c, "hlc_last", last, sizeof(last), err);
    if (rc < 0)
        return rc;
    if (now_ms <= 0)
        now_ms = rc_clock_system_ms();
    int64_t ms = 0;
    unsigned counter = 0;
    if (rc_hlc_valid(last))
        hlc_split(last, &ms, &counter);
    if (now_ms > ms) {
        ms = now_ms;
        counter = 0;
    } else if (++counter > 0xffffu) {
        ms++; /* a counter that runs out borrows the next ms */
        counter = 0;
    }
    rc_hlc_format(ms, counter, node, out);
    return meta_put(c, "hlc_last", out, err);
}

int rc_hlc_observe(struct rc_collection *c, const char *remote,
                   struct rc_err *err)
{
    char last[RC_HLC_LEN + 1];
    int rc = meta_get(c, "hlc_last", last, sizeof(last), err);
    if (rc < 0 || !rc_hlc_valid(remote))
        return rc;
    /* Only time and counter matter: the node never makes ours smaller. */
    if (rc_hlc_valid(last) && strncmp(remote, last, 18) <= 0)
        return RC_OK;
    char node[RC_HLC_NODE_LEN + 1], next[RC_HLC_LEN + 1];
    rc = rc_hlc_node(c, node, err);
    if (rc < 0)
        return rc;
    int64_t ms;
    unsigned counter;
    hlc_split(remote, &ms, &counter);
    rc_hlc_format(ms, counter, node, next);
    return meta_put(c, "hlc_last", next, err);
}

int rc_hlc_stamp_deck(struct rc_collection *c, int64_t deck_id, int64_t now_ms,
                      struct rc_err *err)
{
    char hlc[RC_HLC_LEN + 1];
    int rc = rc_hlc_tick(c, now_ms, hlc, err);
    for (int i = 0; rc == RC_OK && i < 2; i++) {
        sqlite3_stmt *st = rc_stmt(
            c, i == 0 ? RC_SQL_HLC_STAMP_DECK : RC_SQL_HLC_STAMP_NOTES, err);
        if (!st)
            return RC_EDB;
        sqlite3_bind_int64(st, 1, deck_id);
        rc_bind_text(st, 2, hlc);
        rc = rc_stmt_exec(c, st, "stamp deck", err);
    }
    return rc;
}

int rc_hlc_stamp_flags(struct rc_collection *c, int64_t profile_id,
                       int64_t card_id, int64_t now_ms, struct rc_err *err)
{
    char hlc[RC_HLC_LEN + 1];
    int rc = rc_hlc_tick(c, now_ms, hlc, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_HLC_STAMP_FLAGS, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, card_id);
    rc_bind_text(st, 3, hlc);
    return rc_stmt_exec(c, st, "stamp card flags", err);
}
