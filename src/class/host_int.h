/* host_int.h -- what host.c, host_api.c and host_state.c share.
 *
 * host.c owns the daemon, the mutex and the timer; it turns each HTTP
 * request into a struct class_request (method, path, a capped body) and
 * sends the struct class_reply that host_api.c fills.  host_state.c
 * turns the game into one player's JSON view.  Nothing outside
 * src/class/host*.c includes this. */
#ifndef RECALL_CLASS_HOST_INT_H
#define RECALL_CLASS_HOST_INT_H

#include "../http/http.h"
#include "host.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "recall/buf.h"

/* Requests counted in the current second, per token or address. */
struct rate_slot {
    char key[48]; /* a token, or an address in text; "" unused */
    int64_t second;
    int n;
};

#define RATE_SLOTS 1024

struct class_host {
    struct MHD_Daemon *daemon;
    struct class_game *game;
    pthread_mutex_t mu;
    pthread_cond_t changed; /* on CLOCK_MONOTONIC */
    pthread_t timer;
    bool timer_started;
    bool stopping;    /* under mu */
    uint64_t version; /* the game's version last broadcast, under mu */
    struct http_log log;
    class_clock_fn *clock;
    void *clock_arg;
    int listen_fd;
    char url[96];
    struct rc_buf page;      /* built once, served from memory */
    struct rate_slot *rates; /* RATE_SLOTS, under mu */
};

struct class_request {
    struct class_host *host;
    struct MHD_Connection *conn;
    const char *method; /* borrowed from MHD for the request */
    const char *path;
    struct rc_buf body;
    bool too_large;
};

/* A JSON reply, or (events) a stream to start for 'player'. */
struct class_reply {
    unsigned status;
    json_t *body; /* owned; NULL with 'page' or 'events' */
    bool page;    /* send the HTML page */
    bool events;  /* start an event stream for 'player' */
    size_t player;
    int retry_after_s; /* > 0: send Retry-After */
    const char *allow; /* 405: the Allow header */
};

/* ---- host.c ------------------------------------------------------------ */

void class_host_log(const struct class_host *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Wait with h->mu held until the version is above 'since', the host
 * stops or 'until_mono_ms' (CLOCK_MONOTONIC) comes.  True when the
 * version moved. */
bool class_host_wait_locked(struct class_host *h, uint64_t since,
                            int64_t until_mono_ms);
int64_t class_mono_ms(void);

/* ---- host_api.c -------------------------------------------------------- */

/* Route and answer 'rq' into 'out'. */
void class_handle(struct class_request *rq, struct class_reply *out);

/* Fill 'out' with status and {"error": {"code", "message"}}; -1. */
int class_reply_error(struct class_reply *out, unsigned status,
                      const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- host_state.c ------------------------------------------------------ */

/* Player 'player''s view of the game at 'now_ms' (docs/class-protocol.md,
 * "The state"); the caller holds the lock and owns the result. */
json_t *class_state_json(struct class_game *g, size_t player, int64_t now_ms);

/* What a counts-only change leaves alone: the phase, the question and
 * the pause.  Two states with the same key differ only in counts. */
uint64_t class_state_key(struct class_game *g, int64_t now_ms);

#endif /* RECALL_CLASS_HOST_INT_H */
