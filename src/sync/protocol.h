/* protocol.h -- the client's JSON for docs/sync-protocol.md.
 *
 * Changes cross the wire as JSON and live in the collection's code as
 * struct rc_sync_change (recall/sync.h); this module converts between
 * the two.  Whatever comes from the server is checked field by field
 * (type, range, UTF-8 is jansson's) before it reaches the collection:
 * a reply that is not what the protocol says is RC_EPARSE, and nothing
 * of it is applied.
 *
 * Not here: HTTP (client.c), merging (recall/sync.h). */
#ifndef RECALL_SYNC_PROTOCOL_H
#define RECALL_SYNC_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/err.h"
#include "recall/sync.h"

#define SYNC_PROTOCOL_VERSION 1
#define SYNC_MAX_REPLY        ((size_t)64 << 20) /* a reply's ceiling */
#define SYNC_MAX_REQUEST      ((size_t)8 << 20)  /* the server's body cap */

/* The changes of 'b' as the JSON array a push sends: a new string the
 * caller frees with free().  Made apart from the body, so a client can
 * make the next batch's while the pull cursor that goes with it is not
 * known yet. */
char *sync_proto_push_changes(const struct rc_sync_batch *b);

/* The body of POST /v1/push: '{"after": N, "changes": [...]}' around
 * 'changes' from sync_proto_push_changes(), with the pull cursor
 * 'after'; a new string the caller frees. */
char *sync_proto_push_body(const char *changes, int64_t after);

/* Parse a push reply's "seen_to" (how far the pull cursor may move; see
 * docs/sync-protocol.md) into *seen_to.  A reply without it (an older
 * server) gives 'after'; one that is not a JSON object, or holds a
 * seen_to that is not an integer >= 0, is RC_EPARSE. */
int sync_proto_push_parse(const char *body, size_t len, int64_t after,
                          int64_t *seen_to, struct rc_err *err);

/* What a pull reply says besides its changes. */
struct sync_pull_meta {
    int64_t last_seq; /* the cursor after this batch */
    int64_t head_seq; /* the server's highest seq (for progress); -1 when
                         the server did not say */
    bool more;        /* further changes wait */
};

/* Parse a pull reply into 'out' (empty on entry) and 'meta'.  Every
 * change is checked; RC_EPARSE with the first problem otherwise (and
 * 'out' released). */
int sync_proto_pull_parse(const char *body, size_t len,
                          struct rc_sync_batch *out,
                          struct sync_pull_meta *meta, struct rc_err *err);

/* The body of POST /v1/login (a new string; free()). */
char *sync_proto_login_body(const char *user, const char *password);

/* Parse a login reply: the token (64 lowercase hex digits, copied into
 * 'token') and its expiry. */
int sync_proto_login_parse(const char *body, size_t len, char token[65],
                           int64_t *expires_ms, struct rc_err *err);

/* The "message" of an error body, or NULL (new string; free()). */
char *sync_proto_error_message(const char *body, size_t len);

#endif /* RECALL_SYNC_PROTOCOL_H */
