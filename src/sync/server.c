/* server.c -- the sync server's daemon: sockets, threads, bodies, replies.
 *
 * libmicrohttpd runs a pool of four threads, each polling its share of
 * connections.  A request arrives here in pieces: the first call makes a
 * struct sync_request, the next ones append the body -- counting against
 * SYNC_MAX_BODY as it arrives, so a 10 MB body never sits in memory: past
 * the cap the rest is read and dropped, and the answer is 413 -- and the
 * last call hands the whole request to handlers.c and sends its reply
 * with the headers every response carries (X-Recall-Protocol: 1).
 *
 * The listening socket, the capped body and the log are the parts both
 * of recall's servers share (src/http/http.h).
 * Stopping quiesces the daemon (no new connections), waits until the
 * in-flight counter (begun minus completed requests) reaches zero, then
 * stops it: a SIGTERM mid-push still answers that push.
 *
 * No globals: everything hangs off struct sync_server.  No printing:
 * sync_log() goes to the callback the CLI handed in. */
#include "server.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "recall/clock.h"
#include "server_int.h"

#define THREADS       4
#define CONN_TIMEOUT  30 /* seconds a connection may stay silent */
#define DRAIN_WAIT_MS 30000

void sync_log(const struct sync_server *srv, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    http_vlogf(&srv->log, fmt, ap);
    va_end(ap);
}

static int64_t system_clock(void *arg)
{
    (void)arg;
    return rc_clock_system_ms();
}

static enum MHD_Result send_reply(struct MHD_Connection *conn,
                                  struct sync_reply *r)
{
    struct MHD_Response *resp;
    if (r->body) {
        char *text = json_dumps(r->body, JSON_COMPACT);
        resp = MHD_create_response_from_buffer(strlen(text), text,
                                               MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(resp, "Content-Type", "application/json");
    } else {
        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    }
    MHD_add_response_header(resp, "X-Recall-Protocol", "1");
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    struct sync_server *srv = cls;
    struct sync_request *rq = *con_cls;
    if (!rq) {
        rq = rc_xcalloc(1, sizeof(*rq));
        rq->srv = srv;
        rq->conn = conn;
        rq->method = method;
        rq->path = url;
        atomic_fetch_add(&srv->in_flight, 1);
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size) {
        http_body_take(&rq->body, &rq->too_large, SYNC_MAX_BODY, upload,
                       *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    struct sync_reply reply = {0};
    rq->now_ms = srv->clock(srv->clock_arg);
    sync_handle(rq, &reply);
    if (reply.status >= 500)
        sync_log(srv, "%s %s: %u", method, url, reply.status);
    return send_reply(conn, &reply);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    struct sync_server *srv = cls;
    struct sync_request *rq = *con_cls;
    if (!rq)
        return;
    rc_buf_release(&rq->body);
    free(rq);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

static void server_free(struct sync_server *srv)
{
    if (!srv)
        return;
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    if (srv->listen_fd >= 0)
        close(srv->listen_fd);
    sync_store_close(srv->store);
    free(srv);
}

static int start_daemon(struct sync_server *srv, struct rc_err *err)
{
    srv->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_AUTO |
            MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER,
        http_mhd_log, &srv->log, MHD_OPTION_LISTEN_SOCKET, srv->listen_fd,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)THREADS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    if (!srv->daemon)
        return rc_err_set(err, RC_EIO, "cannot start the HTTP daemon");
    return RC_OK;
}

int sync_server_start(const struct sync_server_config *cfg,
                      struct sync_server **out, struct rc_err *err)
{
    struct sync_server *srv = rc_xcalloc(1, sizeof(*srv));
    srv->listen_fd = -1;
    srv->open_registration = cfg->open_registration;
    srv->rate_limit =
        cfg->rate_limit > 0 ? cfg->rate_limit : SYNC_DEFAULT_RATE_LIMIT;
    srv->log = (struct http_log){cfg->log, cfg->log_arg};
    srv->clock = cfg->clock ? cfg->clock : system_clock;
    srv->clock_arg = cfg->clock_arg;
    atomic_init(&srv->in_flight, 0);
    int rc = sync_auth_init(err);
    if (rc == RC_OK)
        rc = sync_auth_hash_password("not a password of anyone",
                                     srv->dummy_hash, err);
    if (rc == RC_OK)
        rc = sync_store_open(cfg->data_dir, &srv->store, err);
    if (rc == RC_OK)
        rc = http_listen(cfg->listen ? cfg->listen : SYNC_DEFAULT_LISTEN,
                         "127.0.0.1:8427", 128, &srv->listen_fd, srv->url,
                         sizeof(srv->url), err);
    if (rc == RC_OK)
        rc = start_daemon(srv, err);
    if (rc < 0) {
        server_free(srv);
        return rc;
    }
    *out = srv;
    return RC_OK;
}

const char *sync_server_url(const struct sync_server *srv)
{
    return srv->url;
}

void sync_server_stop(struct sync_server *srv)
{
    if (!srv)
        return;
    MHD_socket fd = MHD_quiesce_daemon(srv->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    srv->listen_fd = -1;
    struct timespec tick = {.tv_sec = 0, .tv_nsec = 10000000L};
    for (int waited = 0;
         atomic_load(&srv->in_flight) > 0 && waited < DRAIN_WAIT_MS;
         waited += 10)
        nanosleep(&tick, NULL);
    server_free(srv);
}

int sync_server_add_user(const char *data_dir, const char *user,
                         const char *password, int64_t now_ms,
                         struct rc_err *err)
{
    size_t pl = strlen(password);
    if (!valid_name(user))
        return rc_err_set(err, RC_EINVAL,
                          "invalid user name '%s': 1-64 of A-Z a-z 0-9 . _ -",
                          user);
    if (pl < 8 || pl > 1024)
        return rc_err_set(err, RC_EINVAL, "a password has 8-1024 bytes");
    char hash[SYNC_PWHASH_SIZE];
    struct sync_store *store = NULL;
    int rc = sync_auth_init(err);
    if (rc == RC_OK)
        rc = sync_auth_hash_password(password, hash, err);
    if (rc == RC_OK)
        rc = sync_store_open(data_dir, &store, err);
    if (rc == RC_OK)
        rc = sync_store_account_add(store, user, hash, now_ms, err);
    sync_store_close(store);
    return rc;
}
