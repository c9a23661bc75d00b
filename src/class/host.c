/* host.c -- the classroom host's daemon: sockets, threads, the mutex.
 *
 * libmicrohttpd runs a thread per connection.  That shape is chosen for
 * the long poll and the event stream: a request waiting for the game to
 * change simply blocks its own thread on a condition variable, and an
 * event stream's content callback blocks the same way between events,
 * so no connection needs suspending and resuming.  A classroom is at
 * most CLASS_MAX_PLAYERS clients, a few hundred threads.
 *
 * One mutex guards the game.  Whoever changes it -- a handler, the
 * deadline timer, the teacher's terminal -- does so between
 * class_host_lock() and class_host_unlock(), and unlock broadcasts when
 * the game's version moved, which is how every waiting client hears of
 * an answer count, a closed question or the podium.  The timer thread
 * sleeps on the same condition variable until the open question's
 * deadline and calls class_game_tick() there, so a question closes on
 * time even when nobody sends a request.
 *
 * Bodies are read against CLASS_MAX_BODY as they arrive: past it the
 * rest is dropped and the answer is 413.  That, the socket (port 0 tells
 * its real port) and the log are shared with the sync server
 * (src/http/http.h).
 *
 * No globals, no printing: everything hangs off struct class_host and
 * logs go to the callback the CLI handed in. */
#include "host.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host_int.h"
#include "page.h"
#include "recall/clock.h"

#define CONN_TIMEOUT_S 60 /* a silent connection is dropped */
#define TIMER_IDLE_MS  1000

void class_host_log(const struct class_host *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    http_vlogf(&h->log, fmt, ap);
    va_end(ap);
}

static int64_t system_clock(void *arg)
{
    (void)arg;
    return rc_clock_system_ms();
}

int64_t class_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t class_host_now(const struct class_host *h)
{
    return h->clock(h->clock_arg);
}

/* ---- The lock and the wake-ups ---------------------------------------- */

struct class_game *class_host_lock(struct class_host *h)
{
    pthread_mutex_lock(&h->mu);
    return h->game;
}

void class_host_unlock(struct class_host *h)
{
    uint64_t v = class_game_version(h->game);
    if (v != h->version) {
        h->version = v;
        pthread_cond_broadcast(&h->changed);
    }
    pthread_mutex_unlock(&h->mu);
}

bool class_host_wait_locked(struct class_host *h, uint64_t since,
                            int64_t until_mono_ms)
{
    while (h->version <= since && !h->stopping) {
        int64_t left = until_mono_ms - class_mono_ms();
        if (left <= 0)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t ns = ts.tv_nsec + (left % 1000) * 1000000;
        ts.tv_sec += (time_t)(left / 1000 + ns / 1000000000);
        ts.tv_nsec = (long)(ns % 1000000000);
        pthread_cond_timedwait(&h->changed, &h->mu, &ts);
    }
    return h->version > since;
}

uint64_t class_host_wait(struct class_host *h, uint64_t since,
                         int64_t timeout_ms)
{
    pthread_mutex_lock(&h->mu);
    class_host_wait_locked(h, since, class_mono_ms() + timeout_ms);
    uint64_t v = h->version;
    pthread_mutex_unlock(&h->mu);
    return v;
}

/* The deadline timer: sleep until the open question's time is up (or
 * anything changes), then let the game close it. */
static void *timer_main(void *arg)
{
    struct class_host *h = arg;
    pthread_mutex_lock(&h->mu);
    while (!h->stopping) {
        int64_t now = h->clock(h->clock_arg);
        class_game_tick(h->game, now);
        uint64_t v = class_game_version(h->game);
        if (v != h->version) {
            h->version = v;
            pthread_cond_broadcast(&h->changed);
        }
        struct class_status st;
        class_game_status(h->game, now, &st);
        int64_t wait = TIMER_IDLE_MS;
        if (st.deadline_ms > 0 && st.deadline_ms - now < wait)
            wait = st.deadline_ms - now + 1;
        class_host_wait_locked(h, h->version, class_mono_ms() + wait);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

/* ---- Replies --------------------------------------------------------------
 */

struct stream {
    struct class_host *host;
    size_t player;
    uint64_t sent; /* the version last sent; 0: none yet */
    uint64_t key;  /* its state key */
    int64_t sent_mono;
    struct rc_buf out; /* bytes not yet handed to MHD */
    size_t off;
};

/* Wait for the next change worth an event; fill s->out with it, or with
 * a ping after CLASS_PING_MS of silence.  False when the host stops. */
static bool stream_next(struct stream *s)
{
    struct class_host *h = s->host;
    int64_t ping_at = class_mono_ms() + CLASS_PING_MS;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        if (h->stopping) {
            pthread_mutex_unlock(&h->mu);
            return false;
        }
        int64_t now = h->clock(h->clock_arg);
        if (s->sent == 0 || h->version > s->sent) {
            uint64_t key = class_state_key(h->game, now);
            int64_t due = s->sent_mono + CLASS_BATCH_MS;
            if (s->sent == 0 || key != s->key || class_mono_ms() >= due) {
                json_t *j = class_state_json(h->game, s->player, now);
                s->sent = class_game_version(h->game);
                s->key = key;
                s->sent_mono = class_mono_ms();
                class_host_unlock(h); /* the state may have ticked */
                char *text = json_dumps(j, JSON_COMPACT);
                rc_buf_addf(&s->out, "event: state\ndata: %s\n\n", text);
                free(text);
                json_decref(j);
                return true;
            }
            /* Only counts moved: batch them, but wake for a phase. */
            class_host_wait_locked(h, h->version, due);
            continue;
        }
        if (class_mono_ms() >= ping_at) {
            pthread_mutex_unlock(&h->mu);
            rc_buf_adds(&s->out, ": ping\n\n");
            return true;
        }
        class_host_wait_locked(h, s->sent, ping_at);
    }
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct stream *s = cls;
    if (s->off == s->out.len) {
        rc_buf_reset(&s->out);
        s->off = 0;
        if (!stream_next(s))
            return MHD_CONTENT_READER_END_OF_STREAM;
    }
    size_t n = s->out.len - s->off;
    if (n > max)
        n = max;
    memcpy(buf, s->out.buf + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    struct stream *s = cls;
    rc_buf_release(&s->out);
    free(s);
}

static struct MHD_Response *make_response(struct class_host *h,
                                          struct class_reply *r)
{
    struct MHD_Response *resp;
    if (r->page) {
        resp = MHD_create_response_from_buffer(h->page.len, h->page.buf,
                                               MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(resp, "Content-Type",
                                "text/html; charset=utf-8");
    } else if (r->events) {
        struct stream *s = rc_xcalloc(1, sizeof(*s));
        s->host = h;
        s->player = r->player;
        resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
                                                 stream_read, s, stream_free);
        MHD_add_response_header(resp, "Content-Type", "text/event-stream");
    } else {
        char *text = json_dumps(r->body, JSON_COMPACT);
        resp = MHD_create_response_from_buffer(strlen(text), text,
                                               MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(resp, "Content-Type", "application/json");
    }
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Recall-Class", "1");
    return resp;
}

static enum MHD_Result send_reply(struct class_host *h,
                                  struct MHD_Connection *conn,
                                  struct class_reply *r)
{
    struct MHD_Response *resp = make_response(h, r);
    if (r->retry_after_s > 0) {
        char s[16];
        snprintf(s, sizeof(s), "%d", r->retry_after_s);
        MHD_add_response_header(resp, "Retry-After", s);
    }
    if (r->allow)
        MHD_add_response_header(resp, "Allow", r->allow);
    enum MHD_Result ret = MHD_queue_response(conn, r->status, resp);
    MHD_destroy_response(resp);
    json_decref(r->body);
    return ret;
}

/* ---- Requests -------------------------------------------------------------
 */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    struct class_host *h = cls;
    struct class_request *rq = *con_cls;
    if (!rq) {
        rq = rc_xcalloc(1, sizeof(*rq));
        rq->host = h;
        rq->conn = conn;
        rq->method = method;
        rq->path = url;
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size) {
        http_body_take(&rq->body, &rq->too_large, CLASS_MAX_BODY, upload,
                       *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    struct class_reply reply = {0};
    class_handle(rq, &reply);
    if (reply.status >= 500)
        class_host_log(h, "%s %s: %u", method, url, reply.status);
    return send_reply(h, conn, &reply);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct class_request *rq = *con_cls;
    if (!rq)
        return;
    rc_buf_release(&rq->body);
    free(rq);
    *con_cls = NULL;
}

/* ---- The socket -----------------------------------------------------------
 */

/* ---- Lifecycle ------------------------------------------------------------
 */

static int start_daemon(struct class_host *h, struct rc_err *err)
{
    h->daemon = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
            MHD_USE_AUTO | MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, h, MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log,
        &h->log, MHD_OPTION_LISTEN_SOCKET, h->listen_fd,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT_S,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(2 * CLASS_MAX_PLAYERS + 100),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
    if (!h->daemon)
        return rc_err_set(err, RC_EIO, "cannot start the HTTP daemon");
    return RC_OK;
}

static void host_init(struct class_host *h, const struct class_host_config *c,
                      struct class_game *game)
{
    h->game = game;
    h->listen_fd = -1;
    h->log = (struct http_log){c->log, c->log_arg};
    h->clock = c->clock ? c->clock : system_clock;
    h->clock_arg = c->clock_arg;
    h->version = class_game_version(game);
    h->rates = rc_xcalloc(RATE_SLOTS, sizeof(*h->rates));
    pthread_mutex_init(&h->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&h->changed, &ca);
    pthread_condattr_destroy(&ca);
    class_page_build(&h->page);
}

int class_host_start(const struct class_host_config *cfg,
                     struct class_game *game, struct class_host **out,
                     struct rc_err *err)
{
    *out = NULL;
    struct class_host *h = rc_xcalloc(1, sizeof(*h));
    host_init(h, cfg, game);
    int rc = http_listen(cfg->listen ? cfg->listen : CLASS_DEFAULT_LISTEN,
                         "0.0.0.0:8428", 512, &h->listen_fd, h->url,
                         sizeof(h->url), err);
    if (rc == RC_OK && pthread_create(&h->timer, NULL, timer_main, h) != 0)
        rc = rc_err_set(err, RC_EIO, "cannot start the timer thread");
    h->timer_started = rc == RC_OK;
    if (rc == RC_OK)
        rc = start_daemon(h, err);
    if (rc < 0) {
        class_host_stop(h);
        return rc;
    }
    *out = h;
    return RC_OK;
}

const char *class_host_url(const struct class_host *h)
{
    return h->url;
}

void class_host_stop(struct class_host *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->stopping = true;
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->mu);
    if (h->timer_started)
        pthread_join(h->timer, NULL);
    if (h->daemon)
        MHD_stop_daemon(h->daemon); /* joins the connection threads */
    if (h->listen_fd >= 0)
        close(h->listen_fd);
    pthread_cond_destroy(&h->changed);
    pthread_mutex_destroy(&h->mu);
    rc_buf_release(&h->page);
    free(h->rates);
    free(h);
}
