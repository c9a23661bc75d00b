/* handlers.c -- the endpoints of protocol v1 (docs/sync-protocol.md).
 *
 * A request goes through the same gates in the same order, so that an
 * answer never depends on which check a handler happened to make first:
 * the path (404), the method (405), the body size (413), the token (401),
 * the token's rate (429), then the body itself (415, 400), and only then
 * the handler, which may still say 404 for a group the account may not
 * see -- exactly as for a group that does not exist.
 *
 * Handlers hold no state: what they know of a client comes from its
 * token, looked up in the store on every request, and everything they
 * keep goes through store.h.  Store failures become a bare 500 "internal"
 * for the client; the details (which may name SQL) go to the log only.
 *
 * The change checks (what a review, deck, note or flag may hold) live in
 * changes.c; this file is the routing and the accounts and groups. */
#include "server_int.h"

#include <stdio.h>
#include <string.h>

typedef int handler_fn(struct sync_request *rq, json_t *body, const char *name,
                       struct sync_reply *out);

struct route {
    const char *method;
    const char *pattern; /* '*' stands for one path segment: a name */
    bool needs_token;
    int body; /* 1: a JSON object is required; 0: none (or "{}") */
    handler_fn *fn;
};

static handler_fn do_ping, do_register, do_login, do_logout, do_push, do_pull,
    do_group_create, do_invite, do_join, do_publish, do_report;

static const struct route routes[] = {
    {"GET", "/v1/ping", false, 0, do_ping},
    {"POST", "/v1/register", false, 1, do_register},
    {"POST", "/v1/login", false, 1, do_login},
    {"POST", "/v1/logout", true, 0, do_logout},
    {"POST", "/v1/push", true, 1, do_push},
    {"GET", "/v1/pull", true, 0, do_pull},
    {"POST", "/v1/groups", true, 1, do_group_create},
    {"POST", "/v1/groups/join", true, 1, do_join},
    {"POST", "/v1/groups/*/invites", true, 0, do_invite},
    {"POST", "/v1/groups/*/decks", true, 1, do_publish},
    {"GET", "/v1/groups/*/report", true, 0, do_report},
};
#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

/* Does 'path' match 'pattern'?  Copies the '*' segment into 'name'. */
static bool match(const char *pattern, const char *path, char *name,
                  size_t size)
{
    while (*pattern && *path) {
        if (*pattern == '*') {
            size_t n = strcspn(path, "/");
            if (n == 0 || n >= size)
                return false;
            memcpy(name, path, n);
            name[n] = '\0';
            path += n;
            pattern++;
        } else if (*pattern++ != *path++) {
            return false;
        }
    }
    return *pattern == '\0' && *path == '\0';
}

int sync_internal(const struct sync_request *rq, struct sync_reply *out,
                  const struct rc_err *err)
{
    sync_log(rq->srv, "%s %s: %s", rq->method, rq->path, err->msg);
    return reply_error(out, 500, "internal", "the server failed; try again");
}

/* 401 unless the request carries "Bearer <64 hex>" of a live token. */
static int check_token(struct sync_request *rq, struct sync_reply *out)
{
    const char *h =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Authorization");
    static const char bearer[] = "Bearer ";
    if (!h || strncmp(h, bearer, sizeof(bearer) - 1) != 0 ||
        !valid_hex(h + sizeof(bearer) - 1, 64))
        return reply_error(out, 401, "unauthorized",
                           "missing or invalid token");
    sync_auth_token_hash(h + sizeof(bearer) - 1, 64, rq->token_hash);
    struct rc_err err = {0};
    int rc = sync_store_token_check(rq->srv->store, rq->token_hash, rq->now_ms,
                                    &rq->account_id, rq->user, &err);
    if (rc == RC_EAUTH)
        return reply_error(out, 401, "unauthorized",
                           "missing or invalid token");
    if (rc < 0)
        return sync_internal(rq, out, &err);
    int64_t count = 0;
    rc = sync_store_rate_hit(rq->srv->store, rq->token_hash, rq->now_ms, &count,
                             &err);
    if (rc < 0)
        return sync_internal(rq, out, &err);
    if (count > rq->srv->rate_limit) {
        out->retry_after_s = (int)(60 - (rq->now_ms / 1000) % 60);
        return reply_error(out, 429, "rate_limited",
                           "more than %d requests a minute",
                           rq->srv->rate_limit);
    }
    return 0;
}

/* Routes with this path: the method list for Allow, and the match. */
static const struct route *find_route(struct sync_request *rq, char *name,
                                      size_t size, struct sync_reply *out)
{
    bool path_known = false;
    for (size_t i = 0; i < N_ROUTES; i++) {
        if (!match(routes[i].pattern, rq->path, name, size))
            continue;
        if (strcmp(routes[i].method, rq->method) == 0)
            return &routes[i];
        path_known = true;
        out->allow = routes[i].method;
    }
    if (path_known)
        reply_error(out, 405, "method_not_allowed", "use %s on this path",
                    out->allow);
    else
        reply_error(out, 404, "not_found", "no such endpoint");
    return NULL;
}

void sync_handle(struct sync_request *rq, struct sync_reply *out)
{
    char name[SYNC_NAME_MAX + 2] = "";
    const struct route *r = find_route(rq, name, sizeof(name), out);
    if (!r)
        return;
    if (rq->too_large) {
        reply_error(out, 413, "too_large", "body: over %u bytes",
                    SYNC_MAX_BODY);
        return;
    }
    if (r->needs_token && check_token(rq, out) < 0)
        return;
    json_t *body = NULL;
    if ((r->body || rq->body.len > 0) && parse_body(rq, &body, out) < 0)
        return;
    if (!r->body && body && check_fields(body, NULL, 0, "body", out) < 0) {
        json_decref(body);
        return;
    }
    r->fn(rq, body, name, out);
    json_decref(body);
}

/* ---- Accounts --------------------------------------------------------- */

static const struct field credentials[] = {
    {"user", FIELD_STRING, true, 0, 0},
    {"password", FIELD_STRING, true, 0, 0},
};

static int do_ping(struct sync_request *rq, json_t *body, const char *name,
                   struct sync_reply *out)
{
    (void)rq, (void)body, (void)name;
    return reply_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static int do_register(struct sync_request *rq, json_t *body, const char *name,
                       struct sync_reply *out)
{
    (void)name;
    if (!rq->srv->open_registration)
        return reply_error(out, 403, "registration_closed",
                           "this server does not take registrations");
    if (check_fields(body, credentials, 2, "body", out) < 0)
        return -1;
    const char *user = json_string_value(json_object_get(body, "user"));
    const char *pw = json_string_value(json_object_get(body, "password"));
    size_t pl = strlen(pw);
    if (!valid_name(user))
        return reply_error(out, 400, "bad_request",
                           "body: 'user' must be 1-64 of A-Z a-z 0-9 . _ -");
    if (pl < 8 || pl > 1024)
        return reply_error(out, 400, "bad_request",
                           "body: 'password' must have 8-1024 bytes");
    char hash[SYNC_PWHASH_SIZE];
    struct rc_err err = {0};
    int rc = sync_auth_hash_password(pw, hash, &err);
    if (rc == RC_OK)
        rc = sync_store_account_add(rq->srv->store, user, hash, rq->now_ms,
                                    &err);
    if (rc == RC_ECONFLICT)
        return reply_error(out, 409, "conflict", "user '%s' exists", user);
    if (rc < 0)
        return sync_internal(rq, out, &err);
    return reply_json(out, 201, json_pack("{s:s}", "user", user));
}

static int login_refused(struct sync_reply *out)
{
    sync_auth_penalty(SYNC_LOGIN_PENALTY_MS);
    return reply_error(out, 401, "unauthorized", "wrong user or password");
}

static int do_login(struct sync_request *rq, json_t *body, const char *name,
                    struct sync_reply *out)
{
    (void)name;
    if (check_fields(body, credentials, 2, "body", out) < 0)
        return -1;
    const char *user = json_string_value(json_object_get(body, "user"));
    const char *pw = json_string_value(json_object_get(body, "password"));
    char hash[SYNC_STORE_HASH_MAX] = "";
    int64_t id = 0;
    struct rc_err err = {0};
    int rc = valid_name(user)
                 ? sync_store_account_get(rq->srv->store, user, &id, hash, &err)
                 : RC_ENOTFOUND;
    if (rc < 0 && rc != RC_ENOTFOUND)
        return sync_internal(rq, out, &err);
    /* An unknown user costs a verification too: timing tells nothing. */
    bool ok = sync_auth_verify(rc == RC_OK ? hash : rq->srv->dummy_hash, pw);
    if (rc != RC_OK || !ok)
        return login_refused(out);
    char token[SYNC_TOKEN_HEX], token_hash[SYNC_TOKEN_HEX];
    sync_auth_new_token(token);
    sync_auth_token_hash(token, 64, token_hash);
    int64_t expires = rq->now_ms + SYNC_TOKEN_LIFE_MS;
    rc = sync_store_token_add(rq->srv->store, id, token_hash, expires, &err);
    if (rc < 0)
        return sync_internal(rq, out, &err);
    return reply_json(out, 200,
                      json_pack("{s:s,s:I,s:s,s:i}", "token", token,
                                "expires_ms", (json_int_t)expires, "user", user,
                                "protocol", 1));
}

static int do_logout(struct sync_request *rq, json_t *body, const char *name,
                     struct sync_reply *out)
{
    (void)body, (void)name;
    struct rc_err err = {0};
    if (sync_store_token_revoke(rq->srv->store, rq->token_hash, &err) < 0)
        return sync_internal(rq, out, &err);
    out->status = 204;
    return 0;
}

/* ---- Changes ---------------------------------------------------------- */

static int do_push(struct sync_request *rq, json_t *body, const char *name,
                   struct sync_reply *out)
{
    (void)name;
    static const struct field spec[] = {
        {"changes", FIELD_LIST, true, 0, 0},
        {"after", FIELD_INT, false, 0, INT64_MAX},
    };
    if (check_fields(body, spec, 2, "body", out) < 0)
        return -1;
    json_t *list = json_object_get(body, "changes");
    json_int_t after = json_integer_value(json_object_get(body, "after"));
    size_t n = json_array_size(list);
    if (n > SYNC_MAX_BATCH)
        return reply_error(out, 400, "bad_request",
                           "body: %zu changes, at most %d in one push", n,
                           SYNC_MAX_BATCH);
    struct sync_batch batch = {0};
    int rc = sync_batch_parse(list, &batch, out);
    struct sync_append_result res = {0};
    struct rc_err err = {0};
    if (rc == 0 && sync_store_append(rq->srv->store, rq->account_id, after,
                                     batch.changes, batch.n, &res, &err) < 0)
        rc = sync_internal(rq, out, &err);
    sync_batch_release(&batch);
    if (rc < 0)
        return rc;
    return reply_json(out, 200,
                      json_pack("{s:I,s:I,s:I,s:I}", "accepted",
                                (json_int_t)res.accepted, "duplicates",
                                (json_int_t)res.duplicates, "last_seq",
                                (json_int_t)res.last_seq, "seen_to",
                                (json_int_t)res.seen_to));
}

/* A pull reply being filled. */
struct pull_reply {
    json_t *list;
    size_t bytes; /* of change text so far */
};

/* A review kept as its fields (store.h), as the JSON it came as. */
static json_t *review_json(int64_t seq, const struct sync_change *ch)
{
    json_t *c =
        json_pack("{s:I,s:s,s:s,s:s,s:I,s:i}", "seq", (json_int_t)seq, "type",
                  "review", "id", ch->key, "card", ch->card, "time_ms",
                  (json_int_t)ch->time_ms, "rating", ch->rating);
    if (c && ch->duration_ms >= 0)
        json_object_set_new(c, "duration_ms", json_integer(ch->duration_ms));
    if (c && ch->kind)
        json_object_set_new(c, "kind", json_string(ch->kind));
    return c;
}

static int add_change(int64_t seq, const struct sync_change *ch, void *arg)
{
    struct pull_reply *p = arg;
    /* A review's JSON is short; its length here is a generous guess. */
    size_t len = ch->body ? strlen(ch->body) : 160 + strlen(ch->card);
    /* Big deck texts must not make a reply the client cannot take. */
    if (json_array_size(p->list) > 0 && p->bytes + len > SYNC_PULL_BYTES)
        return SYNC_VISIT_FULL;
    p->bytes += len;
    json_t *c = NULL;
    if (ch->body) {
        c = json_object();
        json_object_set_new(c, "seq", json_integer(seq));
        json_t *body = json_loads(ch->body, 0, NULL);
        json_object_update(c, body);
        json_decref(body);
    } else {
        c = review_json(seq, ch);
    }
    if (!c)
        return RC_EDB; /* only a corrupt store */
    json_array_append_new(p->list, c);
    return 0;
}

static int do_pull(struct sync_request *rq, json_t *body, const char *name,
                   struct sync_reply *out)
{
    (void)body, (void)name;
    int64_t after = 0, limit = 500;
    if (sync_pull_args(rq->conn, &after, &limit, out) < 0)
        return -1;
    struct pull_reply p = {json_array(), 0};
    json_t *list = p.list;
    int64_t last = after, head = 0;
    bool more = false;
    struct rc_err err = {0};
    if (sync_store_changes_after(rq->srv->store, rq->account_id, after,
                                 (size_t)limit, add_change, &p, &last, &more,
                                 &err) < 0 ||
        sync_store_head(rq->srv->store, &head, &err) < 0) {
        json_decref(list);
        return sync_internal(rq, out, &err);
    }
    return reply_json(out, 200,
                      json_pack("{s:o,s:I,s:b,s:I}", "changes", list,
                                "last_seq", (json_int_t)last, "more", more,
                                "head_seq", (json_int_t)head));
}

/* ---- Groups ----------------------------------------------------------- */

static int do_group_create(struct sync_request *rq, json_t *body,
                           const char *name, struct sync_reply *out)
{
    (void)name;
    static const struct field spec[] = {{"name", FIELD_STRING, true, 0, 0}};
    if (check_fields(body, spec, 1, "body", out) < 0)
        return -1;
    const char *group = json_string_value(json_object_get(body, "name"));
    if (!valid_name(group))
        return reply_error(out, 400, "bad_request",
                           "body: 'name' must be 1-64 of A-Z a-z 0-9 . _ -");
    struct rc_err err = {0};
    int rc = sync_store_group_create(rq->srv->store, rq->account_id, group,
                                     rq->now_ms, &err);
    if (rc == RC_ECONFLICT)
        return reply_error(out, 409, "conflict", "group '%s' exists", group);
    if (rc < 0)
        return sync_internal(rq, out, &err);
    return reply_json(out, 201, json_pack("{s:s}", "group", group));
}

/* The group 'name' as the account may see it; 404 (or 500) otherwise. */
static int find_group(struct sync_request *rq, const char *name,
                      bool owner_only, int64_t *id, struct sync_reply *out)
{
    struct rc_err err = {0};
    int rc = valid_name(name)
                 ? sync_store_group_find(rq->srv->store, rq->account_id, name,
                                         owner_only, id, &err)
                 : RC_ENOTFOUND;
    if (rc == RC_ENOTFOUND)
        return reply_error(out, 404, "not_found", "no such group");
    if (rc < 0)
        return sync_internal(rq, out, &err);
    return 0;
}

static int do_invite(struct sync_request *rq, json_t *body, const char *name,
                     struct sync_reply *out)
{
    (void)body;
    int64_t id = 0;
    if (find_group(rq, name, true, &id, out) < 0)
        return -1;
    char code[10];
    int64_t expires = rq->now_ms + SYNC_INVITE_LIFE_MS;
    struct rc_err err = {0};
    int rc = RC_ECONFLICT;
    /* 32^8 codes: a clash is rare, and another draw settles it. */
    for (int i = 0; i < 5 && rc == RC_ECONFLICT; i++) {
        rc_err_clear(&err);
        sync_auth_invite_code(code);
        rc = sync_store_invite_add(rq->srv->store, id, code, expires, &err);
    }
    if (rc < 0)
        return sync_internal(rq, out, &err);
    return reply_json(out, 201,
                      json_pack("{s:s,s:I}", "code", code, "expires_ms",
                                (json_int_t)expires));
}

static int do_join(struct sync_request *rq, json_t *body, const char *name,
                   struct sync_reply *out)
{
    (void)name;
    static const struct field spec[] = {{"code", FIELD_STRING, true, 0, 0}};
    if (check_fields(body, spec, 1, "body", out) < 0)
        return -1;
    const char *code = json_string_value(json_object_get(body, "code"));
    char group[SYNC_NAME_MAX + 1] = "";
    struct rc_err err = {0};
    int rc = strlen(code) == 9
                 ? sync_store_invite_join(rq->srv->store, rq->account_id, code,
                                          rq->now_ms, group, &err)
                 : RC_ENOTFOUND;
    if (rc == RC_ENOTFOUND)
        return reply_error(out, 404, "not_found", "unknown or expired invite");
    if (rc < 0)
        return sync_internal(rq, out, &err);
    return reply_json(out, 200, json_pack("{s:s}", "group", group));
}

static int do_publish(struct sync_request *rq, json_t *body, const char *name,
                      struct sync_reply *out)
{
    static const struct field spec[] = {{"deck", FIELD_STRING, true, 0, 0}};
    int64_t id = 0;
    if (find_group(rq, name, true, &id, out) < 0 ||
        check_fields(body, spec, 1, "body", out) < 0)
        return -1;
    const char *deck = json_string_value(json_object_get(body, "deck"));
    if (!sync_valid_deck(deck))
        return reply_error(out, 400, "bad_request",
                           "body: 'deck' is not a deck name");
    struct rc_err err = {0};
    if (sync_store_group_publish(rq->srv->store, id, deck, &err) < 0)
        return sync_internal(rq, out, &err);
    return reply_json(out, 200, json_object());
}

static int do_report(struct sync_request *rq, json_t *body, const char *name,
                     struct sync_reply *out)
{
    (void)body;
    int64_t id = 0;
    if (find_group(rq, name, true, &id, out) < 0)
        return -1;
    json_t *members = NULL;
    struct rc_err err = {0};
    if (sync_group_report(rq->srv->store, id, rq->now_ms, &members, &err) < 0)
        return sync_internal(rq, out, &err);
    return reply_json(
        out, 200, json_pack("{s:s,s:o}", "group", name, "members", members));
}
