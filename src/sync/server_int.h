/* server_int.h -- what server.c, handlers.c and http_json.c share.
 *
 * server.c owns the daemon and turns each HTTP request into a struct
 * sync_request (method, path, a capped body); handlers.c routes it and
 * fills a struct sync_reply; http_json.c holds the JSON checks both use.
 * A reply is a status and a JSON body (NULL for 204), nothing else. */
#ifndef RECALL_SYNC_SERVER_INT_H
#define RECALL_SYNC_SERVER_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "../http/http.h"
#include "auth.h"
#include "recall/buf.h"
#include "server.h"
#include "store.h"

#define SYNC_MAX_BODY  (8u << 20) /* bytes of a request body */
#define SYNC_MAX_BATCH 500        /* changes in one push */
#define SYNC_MAX_PULL  1000       /* changes in one pull */
#define SYNC_PULL_BYTES                                                        \
    (8u << 20) /* change text in one pull reply                                \
                  (one change always goes) */
#define SYNC_TOKEN_LIFE_MS    (30LL * 86400000LL)
#define SYNC_INVITE_LIFE_MS   (7LL * 86400000LL)
#define SYNC_LOGIN_PENALTY_MS 250
#define SYNC_NAME_MAX         64

struct sync_server {
    struct MHD_Daemon *daemon;
    struct sync_store *store;
    bool open_registration;
    int rate_limit;
    struct http_log log;
    sync_clock_fn *clock;
    void *clock_arg;
    atomic_int in_flight; /* requests begun and not yet answered */
    int listen_fd;
    char url[96];
    char dummy_hash[SYNC_PWHASH_SIZE]; /* verified for unknown users */
};

struct sync_request {
    struct sync_server *srv;
    struct MHD_Connection *conn;
    const char *method; /* borrowed from MHD for the request */
    const char *path;
    struct rc_buf body;
    bool too_large;
    int64_t now_ms;
    int64_t account_id; /* set once the token checked out */
    char user[SYNC_NAME_MAX + 1];
    char token_hash[SYNC_TOKEN_HEX];
};

struct sync_reply {
    unsigned status;
    json_t *body;      /* owned; NULL: no body (204) */
    int retry_after_s; /* > 0: send Retry-After */
    const char *allow; /* 405: the Allow header */
};

/* Answer 'rq' into 'out' (handlers.c). */
void sync_handle(struct sync_request *rq, struct sync_reply *out);

/* Log a line through the server's callback (server.c). */
void sync_log(const struct sync_server *srv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- http_json.c ------------------------------------------------------ */

/* Fill 'out' with status and {"error": {"code", "message"}}; returns -1
 * so handlers can write `return reply_error(...)`. */
int reply_error(struct sync_reply *out, unsigned status, const char *code,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Fill 'out' with status and 'body' (takes ownership); returns 0. */
int reply_json(struct sync_reply *out, unsigned status, json_t *body);

/* The field types a body may hold; FIELD_INT carries a range. */
enum field_type {
    FIELD_STRING,
    FIELD_INT,
    FIELD_REAL, /* an integer or a real */
    FIELD_BOOL,
    FIELD_OBJECT,
    FIELD_LIST,           /* an array of anything */
    FIELD_STRINGS,        /* an array of strings */
    FIELD_STRING_OR_NULL, /* a string, or null */
    FIELD_ANY_NULLABLE,   /* null, a string or an array of strings */
};

struct field {
    const char *name;
    enum field_type type;
    bool required;
    int64_t min, max; /* FIELD_INT: inclusive; FIELD_STRING: bytes */
};

/* Check that 'obj' is an object holding only the fields of 'spec' (n
 * entries), each of its type and range, and every required one.  On a
 * mismatch fill 'out' with a 400 naming 'where' and the field, return -1. */
int check_fields(const json_t *obj, const struct field *spec, size_t n,
                 const char *where, struct sync_reply *out);

/* Parse the request body as a JSON object (400 when it is not). */
int parse_body(const struct sync_request *rq, json_t **obj,
               struct sync_reply *out);

/* Is 's' a valid user or group name (1-64 of A-Z a-z 0-9 . _ -)? */
bool valid_name(const char *s);

/* Is 's' 'n' lowercase hex digits exactly? */
bool valid_hex(const char *s, size_t n);

/* Is 's' an HLC "<13 digits>-<4 hex>-<16 hex>"? */
bool valid_hlc(const char *s);

/* ---- handlers.c ------------------------------------------------------- */

/* Log 'err' (with the request's method and path) and fill 'out' with a
 * bare 500: store details never reach a client.  Returns -1. */
int sync_internal(const struct sync_request *rq, struct sync_reply *out,
                  const struct rc_err *err);

/* ---- changes.c -------------------------------------------------------- */

/* A push's changes, checked, with the strings they point into. */
struct sync_batch {
    struct sync_change *changes;
    size_t n;
    char **owned; /* keys and bodies to free */
    size_t n_owned;
};

/* Check every change of 'list' (a JSON array) and fill 'batch'; on the
 * first bad one fill 'out' with a 400 naming its index, return -1.  The
 * caller releases 'batch' with sync_batch_release() either way. */
int sync_batch_parse(const json_t *list, struct sync_batch *batch,
                     struct sync_reply *out);
void sync_batch_release(struct sync_batch *batch);

/* Read pull's query: after (>= 0, default 0) and limit (1-SYNC_MAX_PULL,
 * default 500); any other argument is a 400. */
int sync_pull_args(struct MHD_Connection *conn, int64_t *after, int64_t *limit,
                   struct sync_reply *out);

/* Is 's' a deck name (1-128 bytes, no '/', '#' or control character)? */
bool sync_valid_deck(const char *s);

/* ---- report.c --------------------------------------------------------- */

/* The members array of a group report (protocol: GET .../report), as of
 * 'now_ms'.  *members is a new reference the caller owns. */
int sync_group_report(struct sync_store *store, int64_t group_id,
                      int64_t now_ms, json_t **members, struct rc_err *err);

#endif /* RECALL_SYNC_SERVER_INT_H */
