/* server.h -- `recall serve`: the sync server (protocol in
 * docs/sync-protocol.md).
 *
 * A struct sync_server is a running libmicrohttpd daemon (a pool of four
 * worker threads) over a store (store.h) in a data directory.  Starting
 * returns once the socket listens; stopping stops accepting, lets the
 * requests in flight finish, and frees everything.  The server never
 * prints: it reports through the log callback the caller hands in, one
 * line per call, from any worker thread.
 *
 * Not here: signals or the command line (src/cli/cmd_serve.c). */
#ifndef RECALL_SYNC_SERVER_H
#define RECALL_SYNC_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "recall/err.h"

struct sync_server; /* opaque: the daemon, its store and settings */

/* One log line (no newline), from any thread; must be thread-safe. */
typedef void sync_log_fn(void *arg, const char *line);

/* The server's clock: ms since the epoch, UTC. */
typedef int64_t sync_clock_fn(void *arg);

#define SYNC_DEFAULT_LISTEN     "127.0.0.1:8427"
#define SYNC_DEFAULT_RATE_LIMIT 600 /* requests a minute per token */

struct sync_server_config {
    const char *listen;     /* "ADDR:PORT", "[ADDR6]:PORT"; port 0 = any */
    const char *data_dir;   /* holds the store; must exist */
    bool open_registration; /* allow POST /v1/register */
    int rate_limit;         /* per token and minute; 0 = the default */
    sync_log_fn *log;       /* may be NULL: no log */
    void *log_arg;
    sync_clock_fn *clock; /* NULL = the system clock */
    void *clock_arg;
};

/* Open the store and start listening per 'cfg' (borrowed for the call).
 * On success *out is a running server the caller ends with
 * sync_server_stop().  RC_EINVAL for a bad listen address, RC_EIO when
 * the address cannot be bound, a store error otherwise. */
int sync_server_start(const struct sync_server_config *cfg,
                      struct sync_server **out, struct rc_err *err);

/* "http://127.0.0.1:41234": the address actually bound (the chosen port
 * when the config asked for port 0).  Borrowed until sync_server_stop. */
const char *sync_server_url(const struct sync_server *srv);

/* Stop accepting connections, wait (up to 30 s) for the requests in
 * flight to be answered, stop the daemon and free 'srv'.  NULL is a
 * no-op. */
void sync_server_stop(struct sync_server *srv);

/* Add account 'user' with 'password' to the store in 'data_dir' (what
 * `recall serve --add-user` does).  RC_EINVAL for a name or password
 * outside the protocol's rules, RC_ECONFLICT when the name is taken. */
int sync_server_add_user(const char *data_dir, const char *user,
                         const char *password, int64_t now_ms,
                         struct rc_err *err);

#endif /* RECALL_SYNC_SERVER_H */
