/* sync_load.c -- the load generator of scripts/bench/sync.
 *
 * usage: sync_load URL CLIENTS BATCH SECONDS
 *
 * Registers and logs in CLIENTS accounts (bench0, bench1, ...) on the
 * `recall serve` at URL (which must run with --open-registration and a
 * rate limit high enough), then runs CLIENTS simulated clients at once,
 * each on its own keep-alive connection, for SECONDS: every client
 * pushes a batch of BATCH new reviews (unique ids) and then pulls after
 * the last sequence number it pulled, and again, until the time is up (a
 * round under way is finished).  One thread, libcurl multi.
 *
 * Checked for each request: the transfer worked, the status is 200, the
 * body is the JSON the protocol gives, a push accepted all BATCH reviews
 * as new, and the pulls return exactly the reviews the client pushed
 * since its last pull.  Anything else is an error (the first few are
 * printed on stderr).
 *
 * Prints on stdout, one figure a line ("name value ..."):
 *   errors N
 *   seconds S                  from the first request to the last answer
 *   reviews N                  reviews pushed and accepted
 *   all N RPS P50_MS P99_MS    every push and pull
 *   push N RPS P50_MS P99_MS
 *   pull N RPS P50_MS P99_MS
 * Latency is from handing the request to libcurl to having the whole
 * answer, as a client sees it.  Exit 0 when there were no errors.
 *
 * Built by scripts/bench/sync: cc -O2 sync_load.c -lcurl -ljansson */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <jansson.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum step { REGISTER, LOGIN, PUSH, PULL, IDLE };

struct buf {
    char *p;
    size_t len, cap;
};

struct lat {
    double *v; /* milliseconds */
    size_t n, cap;
};

struct client {
    int index;
    CURL *easy;
    enum step step;
    struct buf body;      /* the request body */
    struct buf resp;      /* the response body */
    struct curl_slist *hdrs;
    char token[80];
    char user[32];
    long long cursor;     /* last seq pulled */
    long long unpulled;   /* reviews pushed and not seen in a pull yet */
    uint64_t next_review; /* this client's review counter */
    double started;       /* when the current request was handed over */
};

static const char *base;
static int batch;
static unsigned run_id;
static long errors;
static struct lat lat_push, lat_pull;
static long long reviews_ok;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "sync_load: %s\n", what);
    exit(2);
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            die("out of memory");
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_printf(struct buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        die("formatting");
    buf_add(b, tmp, (size_t)n);
}

static void lat_add(struct lat *l, double ms)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 65536;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v)
            die("out of memory");
    }
    l->v[l->n++] = ms;
}

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
    buf_add(arg, p, size * n);
    return size * n;
}

static void error(struct client *c, const char *fmt, ...)
{
    static const char *names[] = {"register", "login", "push", "pull", "-"};
    if (errors++ < 10) {
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "sync_load: client %d %s: ", c->index, names[c->step]);
        vfprintf(stderr, fmt, ap);
        fprintf(stderr, "\n");
        va_end(ap);
    }
}

/* Hand the client's next request to libcurl. */
static void start(CURLM *multi, struct client *c)
{
    char url[512];
    CURL *e = c->easy;
    c->resp.len = 0;
    c->body.len = 0;
    curl_slist_free_all(c->hdrs);
    c->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    if (c->step == PUSH || c->step == PULL) {
        char auth[128];
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->token);
        c->hdrs = curl_slist_append(c->hdrs, auth);
    }
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    switch (c->step) {
    case REGISTER:
    case LOGIN:
        buf_printf(&c->body, "{\"user\": \"%s\", \"password\": \"secret-%s\"}",
                   c->user, c->user);
        snprintf(url, sizeof url, "%s/v1/%s", base,
                 c->step == REGISTER ? "register" : "login");
        break;
    case PUSH:
        buf_add(&c->body, "{\"changes\": [", 13);
        for (int i = 0; i < batch; i++) {
            uint64_t k = c->next_review++;
            buf_printf(&c->body,
                       "%s{\"type\": \"review\", \"id\": \"%08x%08x%016" PRIx64
                       "\", \"card\": \"bench/n%" PRIu64 "#1\", "
                       "\"time_ms\": %" PRIu64 ", \"rating\": %d, "
                       "\"duration_ms\": %d, \"kind\": \"study\"}",
                       i ? ", " : "", run_id, (unsigned)c->index, k,
                       k % 1000 + 1, 1767607200000ULL + k * 60000ULL,
                       (int)(k % 4) + 1, 3000 + (int)(k % 7000));
        }
        buf_add(&c->body, "]}", 2);
        snprintf(url, sizeof url, "%s/v1/push", base);
        break;
    case PULL:
        snprintf(url, sizeof url, "%s/v1/pull?after=%lld&limit=1000", base,
                 c->cursor);
        break;
    case IDLE:
        return;
    }
    if (c->step != PULL) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, c->body.p);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)c->body.len);
    }
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, c->hdrs);
    c->started = now_s();
    if (curl_multi_add_handle(multi, e) != CURLM_OK)
        die("curl_multi_add_handle");
}

/* A request of client C finished with RES; check it and choose the next
 * step (IDLE: none).  LOAD: the deadline has not passed. */
static void finish(struct client *c, CURLcode res, bool load)
{
    double ms = (now_s() - c->started) * 1000.0;
    long status = 0;
    enum step was = c->step;
    if (was == PUSH)
        lat_add(&lat_push, ms);
    else if (was == PULL)
        lat_add(&lat_pull, ms);
    curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &status);
    if (res != CURLE_OK) {
        error(c, "%s", curl_easy_strerror(res));
        c->step = IDLE;
        return;
    }
    long want = was == REGISTER ? 201 : 200;
    json_error_t jerr;
    json_t *j = json_loadb(c->resp.p ? c->resp.p : "", c->resp.len, 0, &jerr);
    if (status != want) {
        error(c, "status %ld: %.200s", status, c->resp.p ? c->resp.p : "");
        goto out;
    }
    if (!j) {
        error(c, "not JSON: %s", jerr.text);
        goto out;
    }
    if (was == REGISTER) {
        c->step = LOGIN;
    } else if (was == LOGIN) {
        const char *t = json_string_value(json_object_get(j, "token"));
        if (!t || strlen(t) >= sizeof c->token) {
            error(c, "no token");
            goto out;
        }
        strcpy(c->token, t);
        c->step = IDLE; /* logged in; the load phase starts it */
    } else if (was == PUSH) {
        json_int_t acc = json_integer_value(json_object_get(j, "accepted"));
        json_int_t dup = json_integer_value(json_object_get(j, "duplicates"));
        if (acc != batch || dup != 0) {
            error(c, "accepted %lld, duplicates %lld of %d", (long long)acc,
                  (long long)dup, batch);
            goto out;
        }
        reviews_ok += acc;
        c->unpulled += acc;
        c->step = PULL;
    } else if (was == PULL) {
        json_t *ch = json_object_get(j, "changes");
        json_t *last = json_object_get(j, "last_seq");
        json_t *more = json_object_get(j, "more");
        if (!json_is_array(ch) || !json_is_integer(last) || !json_is_boolean(more)) {
            error(c, "not a pull answer: %.200s", c->resp.p);
            goto out;
        }
        c->unpulled -= (long long)json_array_size(ch);
        if (json_array_size(ch) > 0)
            c->cursor = json_integer_value(last);
        if (json_is_true(more)) {
            c->step = PULL; /* the rest of this round's changes */
        } else if (c->unpulled != 0) {
            error(c, "pulls returned %lld reviews too few", c->unpulled);
            goto out;
        } else {
            c->step = load ? PUSH : IDLE;
        }
    }
    json_decref(j);
    return;
out:
    json_decref(j);
    c->step = IDLE;
}

/* Run the multi loop until every client is IDLE; LOAD_UNTIL (0: none) is
 * when no new round starts any more. */
static void run(CURLM *multi, struct client *cl, int n, double load_until)
{
    int active = 0;
    for (int i = 0; i < n; i++)
        if (cl[i].step != IDLE) {
            start(multi, &cl[i]);
            active++;
        }
    while (active > 0) {
        int running = 0;
        if (curl_multi_perform(multi, &running) != CURLM_OK)
            die("curl_multi_perform");
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            struct client *c = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&c);
            CURLcode res = m->data.result;
            curl_multi_remove_handle(multi, m->easy_handle);
            bool load = load_until > 0 && now_s() < load_until;
            finish(c, res, load);
            if (c->step != IDLE)
                start(multi, c);
            else
                active--;
        }
        if (active > 0 && curl_multi_poll(multi, NULL, 0, 100, NULL) != CURLM_OK)
            die("curl_multi_poll");
    }
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The nearest-rank percentile P of sorted V. */
static double pct(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t r = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (r < 1)
        r = 1;
    if (r > n)
        r = n;
    return v[r - 1];
}

static void report(const char *name, struct lat *l, double secs)
{
    qsort(l->v, l->n, sizeof *l->v, cmp);
    printf("%s %zu %.1f %.2f %.2f\n", name, l->n, (double)l->n / secs,
           pct(l->v, l->n, 50), pct(l->v, l->n, 99));
}

int main(int argc, char **argv)
{
    if (argc != 5)
        die("usage: sync_load URL CLIENTS BATCH SECONDS");
    base = argv[1];
    int n = atoi(argv[2]);
    batch = atoi(argv[3]);
    double secs = atof(argv[4]);
    if (n < 1 || n > 10000 || batch < 1 || batch > 500 || secs <= 0 ||
        secs > 3600)
        die("bad arguments");
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    run_id = (unsigned)(ts.tv_sec ^ ts.tv_nsec);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)n + 10);
    struct client *cl = calloc((size_t)n, sizeof *cl);
    if (!multi || !cl)
        die("out of memory");
    for (int i = 0; i < n; i++) {
        struct client *c = &cl[i];
        c->index = i;
        snprintf(c->user, sizeof c->user, "bench%d", i);
        c->easy = curl_easy_init();
        if (!c->easy)
            die("curl_easy_init");
        curl_easy_setopt(c->easy, CURLOPT_PRIVATE, (char *)c);
        curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, &c->resp);
        curl_easy_setopt(c->easy, CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c->easy, CURLOPT_TCP_NODELAY, 1L);
        c->step = REGISTER;
    }

    /* Accounts, all at once (the server hashes on its thread pool). */
    run(multi, cl, n, 0);
    if (errors) {
        printf("errors %ld\n", errors);
        return 1;
    }

    double t0 = now_s();
    for (int i = 0; i < n; i++)
        cl[i].step = PUSH;
    run(multi, cl, n, t0 + secs);
    double took = now_s() - t0;

    printf("errors %ld\nseconds %.2f\nreviews %lld\n", errors, took,
           reviews_ok);
    struct lat all = {0};
    for (size_t i = 0; i < lat_push.n; i++)
        lat_add(&all, lat_push.v[i]);
    for (size_t i = 0; i < lat_pull.n; i++)
        lat_add(&all, lat_pull.v[i]);
    report("all", &all, took);
    report("push", &lat_push, took);
    report("pull", &lat_pull, took);

    for (int i = 0; i < n; i++) {
        curl_easy_cleanup(cl[i].easy);
        curl_slist_free_all(cl[i].hdrs);
        free(cl[i].body.p);
        free(cl[i].resp.p);
    }
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return errors ? 1 : 0;
}
