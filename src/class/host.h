/* host.h -- the classroom quiz's HTTP host (issue 7).
 *
 * The host serves one struct class_game on the network: the browser
 * page at GET / and GET /class, and the endpoints of
 * docs/class-protocol.md (join and rejoin, answer, the state by long
 * poll, the state as server-sent events).  It owns the one mutex around
 * the game: every HTTP handler, the deadline timer and the host's own
 * terminal (through class_host_lock()) touch the game only while they
 * hold it, and every change seen on unlock wakes the clients waiting.
 *
 * Not here: the game's rules (game.h), the page (page.h), the
 * teacher's terminal or the report (src/cli/cmd_class.c).  The host
 * never prints: it logs through the callback given at start. */
#ifndef RECALL_CLASS_HOST_H
#define RECALL_CLASS_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "recall/err.h"
#include "recall/game.h"

#define CLASS_DEFAULT_LISTEN "0.0.0.0:8428"
#define CLASS_MAX_BODY       (16u << 10) /* bytes of a request body */
#define CLASS_POLL_MAX_MS    25000       /* longest long poll */
#define CLASS_PING_MS        15000       /* SSE keep-alive comment */
#define CLASS_BATCH_MS       200 /* counts-only changes, at most this often */
#define CLASS_RATE_LIMIT     20  /* requests a second per token or address */

struct class_host; /* opaque */

/* A line for the host's log (a refused request, a 500); borrowed. */
typedef void class_log_fn(void *arg, const char *line);
/* Now, in ms since the epoch. */
typedef int64_t class_clock_fn(void *arg);

struct class_host_config {
    const char *listen; /* "ADDR:PORT" or "[ADDR6]:PORT"; NULL: default */
    class_log_fn *log;  /* NULL: silent */
    void *log_arg;
    class_clock_fn *clock; /* NULL: the system clock */
    void *clock_arg;
};

/* Bind 'cfg->listen' and serve 'game' (borrowed: it must outlive the
 * host) from a thread per connection plus a deadline timer thread.
 * RC_OK and *out, which the caller stops with class_host_stop(); or
 * RC_EINVAL (a malformed address) / RC_EIO (bind, threads) with 'err'
 * filled and *out left NULL. */
int class_host_start(const struct class_host_config *cfg,
                     struct class_game *game, struct class_host **out,
                     struct rc_err *err);

/* "http://ADDR:PORT" as bound (the real port when 0 was asked);
 * borrowed until class_host_stop(). */
const char *class_host_url(const struct class_host *h);

/* Now, by the host's clock. */
int64_t class_host_now(const struct class_host *h);

/* Take the game's mutex and return the game; the caller then calls
 * class_game_* and gives it back with class_host_unlock(), which wakes
 * every waiting client when the game's version moved. */
struct class_game *class_host_lock(struct class_host *h);
void class_host_unlock(struct class_host *h);

/* Wait (without holding the lock) until the game's version is above
 * 'since' or 'timeout_ms' pass; return the version then. */
uint64_t class_host_wait(struct class_host *h, uint64_t since,
                         int64_t timeout_ms);

/* Stop serving: waiting clients are answered, event streams end, the
 * threads are joined, the socket closed.  NULL is a harmless no-op. */
void class_host_stop(struct class_host *h);

#endif /* RECALL_CLASS_HOST_H */
