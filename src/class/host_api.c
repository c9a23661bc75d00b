/* host_api.c -- the classroom protocol's endpoints.
 *
 * Every request comes here whole (host.c has read its body against
 * CLASS_MAX_BODY) and leaves as a struct class_reply: a status with a
 * JSON body, the page, or the start of an event stream.  The contract is
 * docs/class-protocol.md; each refusal is {"error": {"code", "message"}}
 * and changes nothing, because the body is checked in full -- an object,
 * only known fields, each of its type -- before the game is touched, and
 * the game itself refuses a bad name or answer without changing.
 *
 * The game's mutex is held only around class_game_* calls; a long poll
 * waits on the host's condition variable, which releases it.  Requests
 * are counted per token (or per address before a join) against
 * CLASS_RATE_LIMIT a second, so one runaway client cannot starve a
 * class.  Not here: sockets and threads (host.c), the state's shape
 * (host_state.c). */
#include "host_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "recall/rng.h"

int class_reply_error(struct class_reply *out, unsigned status,
                      const char *code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    json_decref(out->body);
    out->status = status;
    out->body =
        json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg);
    return -1;
}

static int reply_json(struct class_reply *out, json_t *body)
{
    json_decref(out->body);
    out->status = 200;
    out->body = body;
    return 0;
}

/* ---- Checking a body ----------------------------------------------------- */

static bool is_json_type(const char *ct)
{
    static const char want[] = "application/json";
    size_t n = sizeof(want) - 1;
    if (!ct || strncasecmp(ct, want, n) != 0)
        return false;
    return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* Parse the body as a JSON object holding only the fields 'names' (a
 * NULL-terminated list); 400/413/415 otherwise. */
static int parse_body(const struct class_request *rq, const char *const *names,
                      json_t **obj, struct class_reply *out)
{
    *obj = NULL;
    if (rq->too_large)
        return class_reply_error(out, 413, "too_large",
                                 "body: larger than %u bytes", CLASS_MAX_BODY);
    const char *ct =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Content-Type");
    if (!is_json_type(ct))
        return class_reply_error(out, 415, "bad_media_type",
                                 "body: Content-Type must be "
                                 "application/json");
    json_error_t jerr;
    json_t *v = json_loadb(rq->body.buf ? rq->body.buf : "", rq->body.len,
                           JSON_REJECT_DUPLICATES, &jerr);
    if (!v)
        return class_reply_error(out, 400, "bad_request",
                                 "body: invalid JSON at line %d column %d: %s",
                                 jerr.line, jerr.column, jerr.text);
    const char *key;
    json_t *val;
    int rc = json_is_object(v) ? 0
                               : class_reply_error(out, 400, "bad_request",
                                                   "body: expected a JSON "
                                                   "object");
    json_object_foreach(v, key, val)
    {
        size_t i = 0;
        while (rc == 0 && names[i] && strcmp(names[i], key) != 0)
            i++;
        if (rc == 0 && !names[i])
            rc = class_reply_error(out, 400, "bad_request",
                                   "body: unknown field '%.64s'", key);
    }
    if (rc < 0) {
        json_decref(v);
        return rc;
    }
    *obj = v;
    return 0;
}

/* The string field 'name' of 'obj': required unless 'optional'. */
static int get_string(const json_t *obj, const char *name, bool optional,
                      const char **s, struct class_reply *out)
{
    const json_t *v = json_object_get(obj, name);
    *s = NULL;
    if (!v && optional)
        return 0;
    if (!v)
        return class_reply_error(out, 400, "bad_request",
                                 "body: missing field '%s'", name);
    if (!json_is_string(v))
        return class_reply_error(out, 400, "bad_request",
                                 "body: '%s' must be a string", name);
    *s = json_string_value(v);
    if (strlen(*s) != json_string_length(v))
        return class_reply_error(out, 400, "bad_request",
                                 "body: '%s' holds a NUL", name);
    return 0;
}

/* ---- Rate limit -----------------------------------------------------------
 */

static bool rate_ok(struct class_host *h, const char *key, int64_t now_ms)
{
    uint64_t hash = rc_hash64(RC_HASH64_INIT, key, strlen(key));
    struct rate_slot *s = &h->rates[hash % RATE_SLOTS];
    int64_t second = now_ms / 1000;
    if (strcmp(s->key, key) != 0 || s->second != second) {
        snprintf(s->key, sizeof(s->key), "%s", key);
        s->second = second;
        s->n = 0;
    }
    return ++s->n <= CLASS_RATE_LIMIT;
}

/* Count the request against 'token' or, when NULL, the peer address. */
static int rate_check(struct class_request *rq, const char *token,
                      struct class_reply *out)
{
    char addr[INET6_ADDRSTRLEN] = "?";
    if (!token) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
            rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        const struct sockaddr *sa = ci ? ci->client_addr : NULL;
        if (sa && sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
                      addr, sizeof(addr));
        else if (sa && sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                      addr, sizeof(addr));
        token = addr;
    }
    struct class_host *h = rq->host;
    pthread_mutex_lock(&h->mu);
    bool ok = rate_ok(h, token, class_host_now(h));
    pthread_mutex_unlock(&h->mu);
    if (ok)
        return 0;
    out->retry_after_s = 1;
    return class_reply_error(out, 429, "rate_limited",
                             "more than %d requests a second",
                             CLASS_RATE_LIMIT);
}

/* ---- Join -----------------------------------------------------------------
 */

static int join_error(struct class_game *g, int rc, const struct rc_err *err,
                      struct class_reply *out)
{
    struct class_status st;
    switch (rc) {
    case RC_ENOTFOUND:
        return class_reply_error(out, 404, "not_found",
                                 "no game with this code");
    case RC_EINVAL:
        return class_reply_error(out, 400, "bad_request", "%s", err->msg);
    case RC_EAUTH:
        return class_reply_error(out, 401, "unauthorized", "%s", err->msg);
    case RC_ELIMIT:
        if (class_game_players(g) >= CLASS_MAX_PLAYERS)
            return class_reply_error(out, 503, "game_full", "%s", err->msg);
        return class_reply_error(out, 413, "too_large", "%s", err->msg);
    case RC_ECONFLICT:
        class_game_status(g, 0, &st);
        if (st.phase == CLASS_OVER)
            return class_reply_error(out, 409, "game_over", "%s", err->msg);
        return class_reply_error(out, 409, "name_taken", "%s", err->msg);
    default:
        return class_reply_error(out, 500, "internal", "internal error");
    }
}

static int do_join(struct class_host *h, const char *code, const char *name,
                   const char *token, struct class_reply *out)
{
    struct rc_err err = {0};
    size_t player = 0;
    char fresh[CLASS_TOKEN_LEN + 1] = "";
    struct class_game *g = class_host_lock(h);
    int rc = token ? class_game_rejoin(g, code, name, token, &player, &err)
                   : class_game_join(g, code, name, class_host_now(h), &player,
                                     fresh, &err);
    struct class_rank me = {0};
    if (rc == RC_OK)
        class_game_rank(g, player, &me);
    if (rc < 0)
        join_error(g, rc, &err, out);
    else
        reply_json(out, json_pack("{s:s,s:s,s:I,s:i}", "token",
                                  token ? token : fresh, "name", me.name,
                                  "player", (json_int_t)player, "protocol", 1));
    class_host_unlock(h);
    return rc < 0 ? -1 : 0;
}

static int handle_join(struct class_request *rq, struct class_reply *out)
{
    static const char *const names[] = {"code", "name", "token", NULL};
    if (rate_check(rq, NULL, out) < 0)
        return -1;
    json_t *body = NULL;
    const char *code, *name, *token;
    int rc = parse_body(rq, names, &body, out);
    if (rc == 0)
        rc = get_string(body, "code", false, &code, out);
    if (rc == 0)
        rc = get_string(body, "name", false, &name, out);
    if (rc == 0)
        rc = get_string(body, "token", true, &token, out);
    if (rc == 0)
        rc = do_join(rq->host, code, name, token, out);
    json_decref(body);
    return rc;
}

/* ---- Answer ---------------------------------------------------------------
 */

/* Read the answer 'v' as question kind 'ask' wants into 'a'; 'order'
 * has room for CLASS_MAX_OPTIONS indexes. */
static int read_answer(const json_t *v, enum rc_quiz_ask ask,
                       struct class_answer *a, size_t *order,
                       struct class_reply *out)
{
    if (ask == RC_QUIZ_ASK_CHOICE) {
        if (!json_is_integer(v) || json_integer_value(v) < 0)
            return class_reply_error(out, 400, "bad_request",
                                     "answer: a choice takes an option's "
                                     "0-based index");
        a->option = (size_t)json_integer_value(v);
        return 0;
    }
    if (ask == RC_QUIZ_ASK_TYPED) {
        if (!json_is_string(v))
            return class_reply_error(out, 400, "bad_request",
                                     "answer: a typed question takes text");
        a->text = json_string_value(v);
        return 0;
    }
    if (!json_is_array(v) || json_array_size(v) > CLASS_MAX_OPTIONS)
        return class_reply_error(out, 400, "bad_request",
                                 "answer: an order question takes a list of "
                                 "the items' 0-based indexes");
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (!json_is_integer(e) || json_integer_value(e) < 0)
            return class_reply_error(out, 400, "bad_request",
                                     "answer: item %zu is not an index", i);
        order[i] = (size_t)json_integer_value(e);
    }
    a->order = order;
    a->n_order = json_array_size(v);
    return 0;
}

static int answer_error(int rc, const struct rc_err *err,
                        struct class_reply *out)
{
    switch (rc) {
    case RC_EINVAL:
        return class_reply_error(out, 400, "bad_request", "%s", err->msg);
    case RC_ELIMIT:
        return class_reply_error(out, 413, "too_large", "%s", err->msg);
    case RC_ECONFLICT:
        return class_reply_error(out, 409, "closed", "%s", err->msg);
    default:
        return class_reply_error(out, 500, "internal", "internal error");
    }
}

static int do_answer(struct class_host *h, const char *token,
                     json_int_t question, const json_t *value,
                     struct class_reply *out)
{
    struct rc_err err = {0};
    size_t player, order[CLASS_MAX_OPTIONS];
    struct class_answer a = {0};
    struct class_shown shown;
    struct class_game *g = class_host_lock(h);
    int rc = class_game_find(g, token, &player, &err);
    if (rc < 0)
        class_reply_error(out, 401, "unauthorized", "unknown token");
    else if (question < 0 ||
             class_game_question(g, (size_t)question, &shown) < 0)
        rc = class_reply_error(out, 409, "closed",
                               "question %lld: not in this game",
                               (long long)question + 1);
    else
        rc = read_answer(value, shown.ask, &a, order, out);
    if (rc == 0)
        rc = class_game_answer(g, player, (size_t)question, &a,
                               class_host_now(h), &err);
    if (rc < 0 && !out->body)
        answer_error(rc, &err, out);
    else if (rc == 0)
        reply_json(out, json_pack("{s:b}", "accepted", 1));
    class_host_unlock(h);
    return rc < 0 ? -1 : 0;
}

static int handle_answer(struct class_request *rq, struct class_reply *out)
{
    static const char *const names[] = {"token", "question", "answer", NULL};
    json_t *body = NULL;
    const char *token;
    int rc = parse_body(rq, names, &body, out);
    if (rc == 0)
        rc = get_string(body, "token", false, &token, out);
    /* Answers have a bucket of their own: a page that long-polls a busy
     * game often must never find its answer refused for it. */
    char bucket[80];
    if (rc == 0) {
        snprintf(bucket, sizeof(bucket), "answer:%s", token);
        rc = rate_check(rq, bucket, out);
    }
    json_t *q = body ? json_object_get(body, "question") : NULL;
    json_t *a = body ? json_object_get(body, "answer") : NULL;
    if (rc == 0 && !json_is_integer(q))
        rc = class_reply_error(out, 400, "bad_request",
                               q ? "body: 'question' must be an integer"
                                 : "body: missing field 'question'");
    if (rc == 0 && !a)
        rc = class_reply_error(out, 400, "bad_request",
                               "body: missing field 'answer'");
    if (rc == 0)
        rc = do_answer(rq->host, token, json_integer_value(q), a, out);
    json_decref(body);
    return rc;
}

/* ---- State and events ------------------------------------------------------
 */

/* The player named by the query's token; 401 without one. */
static int query_player(struct class_request *rq, size_t *player,
                        struct class_reply *out)
{
    const char *token =
        MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "token");
    if (!token || !*token)
        return class_reply_error(out, 401, "unauthorized",
                                 "no token: join first");
    if (rate_check(rq, token, out) < 0)
        return -1;
    struct class_host *h = rq->host;
    struct class_game *g = class_host_lock(h);
    int rc = class_game_find(g, token, player, NULL);
    class_host_unlock(h);
    if (rc < 0)
        return class_reply_error(out, 401, "unauthorized", "unknown token");
    return 0;
}

static int parse_since(const char *s, uint64_t *since, struct class_reply *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno)
        return class_reply_error(out, 400, "bad_request",
                                 "since: expected a version number");
    *since = v < 0 ? 0 : (uint64_t)v;
    return 0;
}

/* The long poll: answer at once when the client is behind; else wait
 * for a change of phase, question or pause, and let changes of counts
 * alone gather for CLASS_BATCH_MS, so two hundred answers do not wake
 * two hundred clients two hundred times each. */
static void poll_wait(struct class_host *h, uint64_t since)
{
    if (h->version > since)
        return;
    int64_t start = class_mono_ms();
    uint64_t key = class_state_key(h->game, class_host_now(h));
    if (!class_host_wait_locked(h, since, start + CLASS_POLL_MAX_MS))
        return; /* 25 s of quiet, or the host stops */
    /* The window opens at the first change, not when the poll began: a
     * client that waited a while would otherwise be woken by every
     * answer, and poll as fast as answers come. */
    int64_t woke = class_mono_ms();
    while (!h->stopping && class_state_key(h->game, class_host_now(h)) == key &&
           class_mono_ms() < woke + CLASS_BATCH_MS)
        class_host_wait_locked(h, h->version, woke + CLASS_BATCH_MS);
}

static int handle_state(struct class_request *rq, struct class_reply *out)
{
    size_t player;
    if (query_player(rq, &player, out) < 0)
        return -1;
    const char *s =
        MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "since");
    uint64_t since = 0;
    if (s && parse_since(s, &since, out) < 0)
        return -1;
    struct class_host *h = rq->host;
    struct class_game *g = class_host_lock(h);
    if (s)
        poll_wait(h, since);
    reply_json(out, class_state_json(g, player, class_host_now(h)));
    class_host_unlock(h);
    return 0;
}

static int handle_events(struct class_request *rq, struct class_reply *out)
{
    size_t player;
    if (query_player(rq, &player, out) < 0)
        return -1;
    out->status = 200;
    out->events = true;
    out->player = player;
    return 0;
}

/* ---- Routing ---------------------------------------------------------------
 */

struct route {
    const char *path;
    const char *method;
    int (*fn)(struct class_request *rq, struct class_reply *out);
};

static int handle_page(struct class_request *rq, struct class_reply *out)
{
    (void)rq;
    out->status = 200;
    out->page = true;
    return 0;
}

static const struct route routes[] = {
    {"/", "GET", handle_page},
    {"/class", "GET", handle_page},
    {"/class/join", "POST", handle_join},
    {"/class/answer", "POST", handle_answer},
    {"/class/state", "GET", handle_state},
    {"/class/events", "GET", handle_events},
};

void class_handle(struct class_request *rq, struct class_reply *out)
{
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        if (strcmp(routes[i].path, rq->path) != 0)
            continue;
        bool head = strcmp(rq->method, "HEAD") == 0 &&
                    strcmp(routes[i].method, "GET") == 0;
        if (!head && strcmp(routes[i].method, rq->method) != 0) {
            out->allow = routes[i].method;
            class_reply_error(out, 405, "method_not_allowed",
                              "%s takes %s, not %.16s", rq->path,
                              routes[i].method, rq->method);
            return;
        }
        routes[i].fn(rq, out);
        return;
    }
    class_reply_error(out, 404, "not_found", "no such path: %.128s", rq->path);
}
