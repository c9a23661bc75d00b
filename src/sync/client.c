/* client.c -- the sync client: HTTP with libcurl, and the sync loop.
 *
 * A request is retried with exponential backoff (4 tries) when the
 * server cannot be reached or answers 5xx, and after Retry-After when it
 * answers 429; anything else is final.  Every reply must carry
 * X-Recall-Protocol: 1, or the server is of another version and we stop
 * before reading its body.
 *
 * The loop keeps the collection's promise (recall/sync.h): reviews are
 * marked synced only after the server acknowledged their batch, and the
 * pull mark moves only with the batch it ends, in one transaction.  A
 * push re-sent after a lost reply is harmless (the server keeps reviews
 * by id and content by hlc), so a sync killed anywhere is finished by
 * the next one.
 *
 * Not here: JSON (protocol.c), credentials (creds.c). */
#include "client.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "protocol.h"
#include "recall/buf.h"
#include "recall/sync.h"

#define TRIES       4
#define BACKOFF_MS  250
#define RETRY_MAX_S 60

struct sync_client {
    CURL *curl;
    char *url; /* without a trailing slash */
    char *token;
};

/* What one request gave back. */
struct reply {
    long status;
    struct rc_buf body;
    bool over;     /* the body passed SYNC_MAX_REPLY */
    long protocol; /* X-Recall-Protocol's value; 0: missing or not a number */
    long retry_after_s;
};

static bool private_host(const char *host)
{
    unsigned char a[16];
    if (strcasecmp(host, "localhost") == 0)
        return true;
    if (inet_pton(AF_INET, host, a) == 1)
        return a[0] == 127 || a[0] == 10 || (a[0] == 192 && a[1] == 168) ||
               (a[0] == 172 && a[1] >= 16 && a[1] < 32) ||
               (a[0] == 169 && a[1] == 254);
    char inner[64];
    size_t n = strlen(host);
    if (host[0] == '[' && n > 2 && n < sizeof(inner) + 2) {
        memcpy(inner, host + 1, n - 2);
        inner[n - 2] = '\0';
        host = inner;
    }
    if (inet_pton(AF_INET6, host, a) != 1)
        return false;
    static const unsigned char loop[16] = {[15] = 1};
    return memcmp(a, loop, 16) == 0 || (a[0] & 0xfe) == 0xfc ||
           (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
}

int sync_client_url_check(const char *url, bool insecure_http,
                          struct rc_err *err)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    int rc = RC_OK;
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
        rc = rc_err_set(err, RC_EINVAL, "invalid server URL '%s'", url);
    else if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0)
        rc = rc_err_set(err, RC_EINVAL,
                        "server URL '%s': only https (or http) is supported",
                        url);
    else if (strcmp(scheme, "http") == 0 && !insecure_http &&
             !private_host(host))
        rc = rc_err_set(err, RC_EINVAL,
                        "server URL '%s': plain http would send the password "
                        "in the clear; use https (or --insecure-http)",
                        url);
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

struct sync_client *sync_client_new(const char *url, const char *token)
{
    struct sync_client *cl = rc_xcalloc(1, sizeof(*cl));
    curl_global_init(CURL_GLOBAL_DEFAULT);
    cl->curl = curl_easy_init();
    if (!cl->curl)
        abort(); /* only out of memory */
    cl->url = rc_xstrdup(url);
    size_t n = strlen(cl->url);
    while (n > 0 && cl->url[n - 1] == '/')
        cl->url[--n] = '\0';
    cl->token = token ? rc_xstrdup(token) : NULL;
    return cl;
}

void sync_client_free(struct sync_client *cl)
{
    if (!cl)
        return;
    curl_easy_cleanup(cl->curl);
    free(cl->url);
    free(cl->token);
    free(cl);
    curl_global_cleanup();
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
    struct reply *r = arg;
    size_t len = size * n;
    if (r->body.len + len > SYNC_MAX_REPLY) {
        r->over = true;
        return 0; /* makes curl fail the transfer */
    }
    rc_buf_add(&r->body, p, len);
    return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
    struct reply *r = arg;
    size_t len = size * n;
    static const char proto[] = "x-recall-protocol:";
    static const char retry[] = "retry-after:";
    if (len > sizeof(proto) && strncasecmp(p, proto, sizeof(proto) - 1) == 0) {
        long v = strtol(p + sizeof(proto) - 1, NULL, 10);
        r->protocol = v > 0 ? v : 0;
    } else if (len > sizeof(retry) &&
               strncasecmp(p, retry, sizeof(retry) - 1) == 0) {
        r->retry_after_s = strtol(p + sizeof(retry) - 1, NULL, 10);
    }
    return len;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000,
                          .tv_nsec = (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* One try: method, path, body (may be NULL) -> 'r'.  CURLE_* code. */
static CURLcode try_once(struct sync_client *cl, const char *method,
                         const char *path, const char *body, struct reply *r)
{
    struct curl_slist *h = NULL;
    struct rc_buf url = {0}, auth = {0};
    rc_buf_addf(&url, "%s%s", cl->url, path);
    CURL *e = cl->curl;
    curl_easy_reset(e);
    rc_buf_reset(&r->body);
    r->over = false;
    r->protocol = 0;
    r->retry_after_s = 0;
    r->status = 0;
    curl_easy_setopt(e, CURLOPT_URL, rc_buf_str(&url));
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    h = curl_slist_append(h, "Accept: application/json");
    if (cl->token) {
        rc_buf_addf(&auth, "Authorization: Bearer %s", cl->token);
        h = curl_slist_append(h, rc_buf_str(&auth));
    }
    if (body) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)strlen(body));
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    CURLcode cc = curl_easy_perform(e);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    rc_buf_release(&url);
    rc_buf_release(&auth);
    return cc;
}

/* The error for a final non-2xx reply. */
static int status_error(const struct sync_client *cl, const char *path,
                        const struct reply *r, struct rc_err *err)
{
    char *msg = sync_proto_error_message(r->body.buf, r->body.len);
    const char *m = msg ? msg : "no message";
    int rc;
    if (r->status == 401 && strcmp(path, "/v1/login") == 0)
        rc = rc_err_set(err, RC_EAUTH, "login to %s: wrong user or password",
                        cl->url);
    else if (r->status == 401)
        rc = rc_err_set(err, RC_EAUTH,
                        "%s: session expired or revoked (%s): run 'recall "
                        "login %s' again",
                        cl->url, m, cl->url);
    else
        rc = rc_err_set(err, r->status == 429 ? RC_ELIMIT : RC_ENET,
                        "%s%s: server said %ld: %s", cl->url, path, r->status,
                        m);
    free(msg);
    return rc;
}

/* The error for a transfer that failed in curl: the server could not be
 * reached at all, or the connection broke (or stalled) once it was. */
static int transfer_error(const struct sync_client *cl, const char *path,
                          CURLcode cc, struct rc_err *err)
{
    switch (cc) {
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_OPERATION_TIMEDOUT:
        return rc_err_set(err, RC_ENET,
                          "%s%s: the connection broke during the transfer "
                          "(%s); nothing was lost: run 'recall sync' again",
                          cl->url, path, curl_easy_strerror(cc));
    default:
        return rc_err_set(err, RC_ENET, "server unreachable: %s: %s", cl->url,
                          curl_easy_strerror(cc));
    }
}

/* A request with retries; on RC_OK the reply is 2xx and speaks our
 * protocol. */
static int request(struct sync_client *cl, const char *method, const char *path,
                   const char *body, struct reply *r, struct rc_err *err)
{
    long wait_ms = BACKOFF_MS;
    for (int t = 1;; t++) {
        CURLcode cc = try_once(cl, method, path, body, r);
        bool last = t >= TRIES;
        if (cc == CURLE_OK && r->protocol == 0)
            return rc_err_set(err, RC_ECONFLICT,
                              "%s is not a recall sync server (its reply has "
                              "no valid X-Recall-Protocol header)",
                              cl->url);
        if (cc == CURLE_OK && r->protocol != SYNC_PROTOCOL_VERSION)
            return rc_err_set(err, RC_ECONFLICT,
                              "%s: incompatible server version (it speaks "
                              "sync protocol %ld, this recall speaks %d): "
                              "upgrade the older of the two",
                              cl->url, r->protocol, SYNC_PROTOCOL_VERSION);
        if (cc == CURLE_OK && r->status >= 200 && r->status < 300)
            return RC_OK;
        if (r->over)
            return rc_err_set(err, RC_ELIMIT, "%s%s: reply over %zu bytes",
                              cl->url, path, SYNC_MAX_REPLY);
        bool retry = cc != CURLE_OK || r->status >= 500 || r->status == 429;
        if (!retry || last) {
            if (cc != CURLE_OK)
                return transfer_error(cl, path, cc, err);
            return status_error(cl, path, r, err);
        }
        long ms = wait_ms;
        if (r->status == 429 && r->retry_after_s > 0)
            ms = (r->retry_after_s > RETRY_MAX_S ? RETRY_MAX_S
                                                 : r->retry_after_s) *
                 1000;
        sleep_ms(ms);
        wait_ms *= 2;
    }
}

int sync_client_login(struct sync_client *cl, const char *user,
                      const char *password, char token[65], int64_t *expires_ms,
                      struct rc_err *err)
{
    struct reply r = {0};
    struct rc_buf body = {0};
    char *u = sync_proto_login_body(user, password);
    rc_buf_adds(&body, u);
    free(u);
    int rc = request(cl, "POST", "/v1/login", rc_buf_str(&body), &r, err);
    if (rc == RC_OK)
        rc = sync_proto_login_parse(r.body.buf, r.body.len, token, expires_ms,
                                    err);
    rc_buf_release(&body);
    rc_buf_release(&r.body);
    return rc;
}

int sync_client_call(struct sync_client *cl, const char *method,
                     const char *path, const char *body, long *status,
                     char **out, struct rc_err *err)
{
    struct reply r = {0};
    *out = NULL;
    int rc = request(cl, method, path, body, &r, err);
    *status = r.status;
    if (rc == RC_OK)
        *out = rc_buf_detach(&r.body, NULL);
    rc_buf_release(&r.body);
    return rc;
}

static int too_large(const struct rc_sync_change *ch, size_t bytes,
                     struct rc_err *err)
{
    if (ch->type == RC_SYNC_DECK)
        return rc_err_set(err, RC_ELIMIT,
                          "deck '%s' is too large to sync (%zu bytes of JSON, "
                          "the server takes %zu): shorten its source text",
                          ch->deck, bytes, SYNC_MAX_REQUEST);
    return rc_err_set(err, RC_ELIMIT,
                      "a change of deck '%s' is too large to sync (%zu bytes "
                      "of JSON, the server takes %zu)",
                      ch->deck ? ch->deck : "?", bytes, SYNC_MAX_REQUEST);
}

/* A batch read from the collection, with its changes' JSON. */
struct staged {
    struct rc_sync_batch b;
    char *changes;
};

static void staged_release(struct staged *s)
{
    rc_sync_batch_release(&s->b);
    free(s->changes);
    s->changes = NULL;
}

/* The batch after 'prev' (NULL: after what the server acknowledged),
 * halved until its JSON fits the server's cap.  An empty batch: done. */
static int stage(struct rc_collection *c, int64_t profile_id,
                 const struct rc_sync_batch *prev, struct staged *out,
                 struct rc_err *err)
{
    /* The body's wrapper around the changes, with room to spare. */
    static const size_t wrapper = 64;
    for (size_t max = RC_SYNC_MAX_BATCH;;) {
        int rc = rc_sync_push_after(c, profile_id, prev, max, &out->b, err);
        if (rc < 0 || out->b.n == 0)
            return rc;
        out->changes = sync_proto_push_changes(&out->b);
        size_t len = strlen(out->changes) + wrapper;
        if (len <= SYNC_MAX_REQUEST)
            return RC_OK;
        /* Deck texts can make a batch's JSON larger than the server
         * takes: send fewer changes, down to one. */
        rc = out->b.n == 1 ? too_large(&out->b.v[0], len, err) : RC_OK;
        max = out->b.n / 2;
        staged_release(out);
        if (rc < 0)
            return rc;
    }
}

/* One push on its way, sent by a thread of its own while the caller
 * reads the next batch from the collection (the client's work and the
 * server's then overlap on two cores). */
struct flight {
    pthread_t thread;
    bool threaded; /* else it was sent by the caller, already done */
    struct sync_client *cl;
    char *body;
    struct reply r;
    int rc;
    struct rc_err err;
};

static void *fly(void *arg)
{
    struct flight *f = arg;
    f->rc = request(f->cl, "POST", "/v1/push", f->body, &f->r, &f->err);
    return NULL;
}

static void take_off(struct flight *f, struct sync_client *cl,
                     const char *changes, int64_t after)
{
    f->cl = cl;
    f->body = sync_proto_push_body(changes, after);
    f->rc = RC_OK;
    f->threaded = pthread_create(&f->thread, NULL, fly, f) == 0;
    if (!f->threaded)
        fly(f); /* no thread to be had: send it now, without overlap */
}

/* Wait for 'f' and read its reply: the server's seen_to. */
static int land(struct flight *f, int64_t after, int64_t *seen_to,
                struct rc_err *err)
{
    if (f->threaded)
        pthread_join(f->thread, NULL);
    f->threaded = false;
    free(f->body);
    f->body = NULL;
    int rc = f->rc;
    if (rc < 0 && err)
        *err = f->err;
    if (rc == RC_OK)
        rc = sync_proto_push_parse(f->r.body.buf, f->r.body.len, after, seen_to,
                                   err);
    rc_buf_release(&f->r.body);
    return rc;
}

/* Push every change the server has not acknowledged.  Batch k+1 is read
 * while batch k is on its way; k is marked done (rc_sync_push_done) only
 * once the server acknowledged it, and always before k+1, so a push cut
 * anywhere leaves marks the next sync simply goes on from. */
static int push_all(struct sync_client *cl, struct rc_collection *c,
                    int64_t profile_id, sync_progress_fn *progress, void *arg,
                    struct sync_result *out, struct rc_err *err)
{
    size_t total = 0;
    int64_t after = 0;
    struct staged cur = {0}, next = {0};
    int rc = rc_sync_push_count(c, profile_id, &total, err);
    if (rc == RC_OK)
        rc = rc_sync_last_seq(c, profile_id, &after, err);
    if (rc == RC_OK)
        rc = stage(c, profile_id, NULL, &cur, err);
    if (rc == RC_OK && progress && total > 0)
        progress(arg, "push", 0, 0.0);
    struct flight f = {0};
    if (rc == RC_OK && cur.b.n > 0)
        take_off(&f, cl, cur.changes, after);
    while (rc == RC_OK && cur.b.n > 0) {
        struct rc_err stage_err = {0};
        int staged = stage(c, profile_id, &cur.b, &next, &stage_err);
        int64_t seen_to = after;
        rc = land(&f, after, &seen_to, err);
        if (rc < 0)
            break;
        /* The cursor the next body carries is where this batch's
         * rc_sync_push_done() is about to move it. */
        int64_t next_after = seen_to > after ? seen_to : after;
        if (staged == RC_OK && next.b.n > 0)
            take_off(&f, cl, next.changes, next_after);
        /* Only an acknowledged batch is marked: a lost reply means the
         * same batch again next time, which the server ignores.  What the
         * server numbered for this batch alone need not be pulled back. */
        rc = rc_sync_push_done(c, profile_id, &cur.b, after, seen_to, err);
        if (rc == RC_OK) {
            out->pushed += cur.b.n;
            out->batches++;
        }
        if (rc == RC_OK && staged < 0) {
            rc = staged;
            if (err)
                *err = stage_err;
        }
        if (rc < 0 && staged == RC_OK && next.b.n > 0) {
            int64_t ignored;
            land(&f, next_after, &ignored, NULL); /* sent: let it finish */
        }
        staged_release(&cur);
        cur = next;
        memset(&next, 0, sizeof(next));
        after = next_after;
        /* Content stamped on the way may make it more than counted. */
        if (rc == RC_OK && progress)
            progress(arg, "push", out->pushed,
                     out->pushed >= total ? 1.0 : (double)out->pushed / total);
    }
    staged_release(&cur);
    staged_release(&next);
    return rc;
}

/* How far a pull from 'start' has come at 'last' of 'head'. */
static double pull_fraction(int64_t start, int64_t last, int64_t head,
                            bool more)
{
    if (!more)
        return 1.0;
    if (head <= start || last < start)
        return -1.0;
    double f = (double)(last - start) / (double)(head - start);
    return f > 1.0 ? 1.0 : f;
}

static int pull_all(struct sync_client *cl, struct rc_collection *c,
                    int64_t profile_id, sync_progress_fn *progress, void *arg,
                    struct sync_result *out, struct rc_err *err)
{
    struct reply r = {0};
    bool more = true;
    int64_t start = -1;
    int rc = RC_OK;
    while (rc == RC_OK && more) {
        int64_t after = 0;
        struct sync_pull_meta meta = {0};
        rc = rc_sync_last_seq(c, profile_id, &after, err);
        start = start < 0 ? after : start;
        if (rc < 0)
            break;
        char path[96];
        snprintf(path, sizeof(path), "/v1/pull?after=%lld&limit=%d",
                 (long long)after, RC_SYNC_MAX_BATCH);
        rc = request(cl, "GET", path, NULL, &r, err);
        struct rc_sync_batch b = {0};
        if (rc == RC_OK)
            rc = sync_proto_pull_parse(r.body.buf, r.body.len, &b, &meta, err);
        if (rc == RC_OK && meta.last_seq < after)
            rc = rc_err_set(err, RC_EPARSE, "pull reply: last_seq went back");
        struct rc_sync_apply_stats st = {0};
        if (rc == RC_OK)
            rc =
                rc_sync_apply(c, profile_id, b.v, b.n, meta.last_seq, &st, err);
        if (rc == RC_OK) {
            out->pulled += b.n;
            out->reviews += st.reviews;
            out->pending += st.pending;
            out->duplicates += st.duplicates;
            out->last_seq = meta.last_seq;
            out->batches++;
            more = meta.more && b.n > 0; /* no progress: stop, not spin */
        }
        size_t got = b.n;
        rc_sync_batch_release(&b);
        if (rc == RC_OK && progress && got > 0)
            progress(
                arg, "pull", out->pulled,
                pull_fraction(start, meta.last_seq, meta.head_seq, meta.more));
    }
    rc_buf_release(&r.body);
    return rc;
}

int sync_client_sync(struct sync_client *cl, struct rc_collection *c,
                     int64_t profile_id, sync_progress_fn *progress, void *arg,
                     struct sync_result *out, struct rc_err *err)
{
    memset(out, 0, sizeof(*out));
    int rc = rc_sync_bind(c, profile_id, cl->url, err);
    if (rc == RC_OK)
        rc = push_all(cl, c, profile_id, progress, arg, out, err);
    if (rc == RC_OK)
        rc = pull_all(cl, c, profile_id, progress, arg, out, err);
    return rc;
}
