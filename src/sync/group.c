/* group.c -- study groups, the client's side: one request per command.
 *
 * The server answers 404 both for a group that does not exist and for
 * one the account may not see (another owner's), so "no group 'x'" is
 * all a client can honestly say; the caller may add that only the owner
 * can invite, publish or read the report.  Replies are checked before
 * they are used: a report is printed field by field, so a reply of the
 * wrong shape is RC_EPARSE here, not a crash or a blank line later.
 *
 * Group names go into the URL path unescaped, which is safe only because
 * they are checked first against the protocol's alphabet (A-Z a-z 0-9
 * . _ -), the same check the server makes.
 *
 * Not here: HTTP and retries (client.c), printing (cmd_group.c). */
#include "group.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "recall/buf.h"

bool sync_group_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > SYNC_GROUP_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
                  ch == '-';
        if (!ok)
            return false;
    }
    return true;
}

static int check_name(const char *name, struct rc_err *err)
{
    if (sync_group_name_ok(name))
        return RC_OK;
    return rc_err_set(err, RC_EINVAL,
                      "invalid group name '%s': use 1-64 of A-Z a-z 0-9 . _ -",
                      name);
}

/* One call; a 404 becomes RC_ENOTFOUND ("no group 'name'" when a name is
 * given: the caller words it otherwise), a 409 RC_ECONFLICT. */
static int call(struct sync_client *cl, const char *method, const char *path,
                json_t *body, const char *name, char **out, struct rc_err *err)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    long status = 0;
    struct rc_err e = {0};
    int rc = sync_client_call(cl, method, path, text ? text : "{}", &status,
                              out, &e);
    free(text);
    if (rc == RC_OK)
        return RC_OK;
    if (status == 404)
        return rc_err_set(err, RC_ENOTFOUND,
                          "no group '%s' (or you are not its owner)",
                          name ? name : "?");
    if (status == 409 && name)
        return rc_err_set(err, RC_ECONFLICT, "group '%s' exists", name);
    if (err)
        *err = e;
    return rc;
}

/* Parse 'text' as a JSON object; RC_EPARSE naming 'what' otherwise. */
static int parse_object(const char *text, size_t len, const char *what,
                        json_t **out, struct rc_err *err)
{
    json_error_t je;
    *out = json_loadb(text, len, 0, &je);
    if (json_is_object(*out))
        return RC_OK;
    json_decref(*out);
    *out = NULL;
    return rc_err_set(err, RC_EPARSE, "%s reply: not a JSON object", what);
}

int sync_group_create(struct sync_client *cl, const char *name,
                      struct rc_err *err)
{
    int rc = check_name(name, err);
    char *reply = NULL;
    json_t *body = json_pack("{s:s}", "name", name);
    if (rc == RC_OK)
        rc = call(cl, "POST", "/v1/groups", body, name, &reply, err);
    json_decref(body);
    free(reply);
    return rc;
}

int sync_group_invite(struct sync_client *cl, const char *name, char code[16],
                      int64_t *expires_ms, struct rc_err *err)
{
    int rc = check_name(name, err);
    char *reply = NULL;
    json_t *o = NULL;
    struct rc_buf path = {0};
    rc_buf_addf(&path, "/v1/groups/%s/invites", name);
    if (rc == RC_OK)
        rc = call(cl, "POST", rc_buf_str(&path), NULL, name, &reply, err);
    if (rc == RC_OK)
        rc = parse_object(reply, strlen(reply), "invite", &o, err);
    const char *c = json_string_value(json_object_get(o, "code"));
    json_t *exp = json_object_get(o, "expires_ms");
    if (rc == RC_OK && (!c || strlen(c) != 9 || !json_is_integer(exp)))
        rc = rc_err_set(err, RC_EPARSE,
                        "invite reply: no 'code' of 9 characters or no "
                        "'expires_ms'");
    if (rc == RC_OK) {
        memcpy(code, c, 10);
        *expires_ms = json_integer_value(exp);
    }
    json_decref(o);
    free(reply);
    rc_buf_release(&path);
    return rc;
}

int sync_group_join(struct sync_client *cl, const char *code,
                    char group[SYNC_GROUP_NAME_MAX + 1], struct rc_err *err)
{
    char *reply = NULL;
    json_t *o = NULL;
    json_t *body = json_pack("{s:s}", "code", code);
    int rc = call(cl, "POST", "/v1/groups/join", body, NULL, &reply, err);
    json_decref(body);
    if (rc == RC_ENOTFOUND) {
        rc_err_clear(err); /* the server's 404 said no more than this */
        rc = rc_err_set(err, RC_ENOTFOUND, "unknown or expired invite '%s'",
                        code);
    }
    if (rc == RC_OK)
        rc = parse_object(reply, strlen(reply), "join", &o, err);
    const char *g = json_string_value(json_object_get(o, "group"));
    if (rc == RC_OK && (!g || !sync_group_name_ok(g)))
        rc = rc_err_set(err, RC_EPARSE, "join reply: no valid 'group'");
    if (rc == RC_OK)
        snprintf(group, SYNC_GROUP_NAME_MAX + 1, "%s", g);
    json_decref(o);
    free(reply);
    return rc;
}

int sync_group_publish(struct sync_client *cl, const char *name,
                       const char *deck, struct rc_err *err)
{
    int rc = check_name(name, err);
    char *reply = NULL;
    struct rc_buf path = {0};
    rc_buf_addf(&path, "/v1/groups/%s/decks", name);
    json_t *body = json_pack("{s:s}", "deck", deck);
    if (rc == RC_OK)
        rc = call(cl, "POST", rc_buf_str(&path), body, name, &reply, err);
    json_decref(body);
    free(reply);
    rc_buf_release(&path);
    return rc;
}

/* One card of a member, as the protocol says it is. */
static bool card_ok(json_t *c)
{
    json_t *ret = json_object_get(c, "retention");
    double r = json_number_value(ret);
    return json_is_object(c) && json_is_string(json_object_get(c, "card")) &&
           json_is_integer(json_object_get(c, "reviews")) &&
           json_integer_value(json_object_get(c, "reviews")) > 0 &&
           json_is_number(ret) && r >= 0 && r <= 1 &&
           json_is_boolean(json_object_get(c, "due")) &&
           json_is_integer(json_object_get(c, "last_review_ms"));
}

static bool member_ok(json_t *m)
{
    json_t *cards = json_object_get(m, "cards");
    json_t *last = json_object_get(m, "last_study_ms");
    if (!json_is_object(m) || !json_is_string(json_object_get(m, "user")) ||
        !json_is_array(cards) || !(json_is_null(last) || json_is_integer(last)))
        return false;
    size_t i;
    json_t *c;
    json_array_foreach(cards, i, c)
    {
        if (!card_ok(c))
            return false;
    }
    return true;
}

int sync_group_report_parse(const char *body, size_t len, json_t **out,
                            struct rc_err *err)
{
    json_t *o = NULL;
    *out = NULL;
    int rc = parse_object(body, len, "report", &o, err);
    json_t *members = json_object_get(o, "members");
    if (rc == RC_OK && (!json_is_string(json_object_get(o, "group")) ||
                        !json_is_array(members)))
        rc = rc_err_set(err, RC_EPARSE,
                        "report reply: no 'group' or no 'members' list");
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m)
    {
        if (rc == RC_OK && !member_ok(m))
            rc = rc_err_set(err, RC_EPARSE,
                            "report reply: member %zu is malformed", i + 1);
    }
    if (rc == RC_OK)
        *out = o;
    else
        json_decref(o);
    return rc;
}

int sync_group_fetch_report(struct sync_client *cl, const char *name,
                            json_t **out, struct rc_err *err)
{
    *out = NULL;
    int rc = check_name(name, err);
    char *reply = NULL;
    struct rc_buf path = {0};
    rc_buf_addf(&path, "/v1/groups/%s/report", name);
    if (rc == RC_OK)
        rc = call(cl, "GET", rc_buf_str(&path), NULL, name, &reply, err);
    if (rc == RC_OK)
        rc = sync_group_report_parse(reply, strlen(reply), out, err);
    free(reply);
    rc_buf_release(&path);
    return rc;
}

/* ---- Groups created here ------------------------------------------- */

int sync_group_remembered(const char *path, const char *profile, json_t **out,
                          struct rc_err *err)
{
    (void)err;
    json_t *root = json_load_file(path, 0, NULL);
    json_t *list = json_object_get(json_object_get(root, "profiles"), profile);
    *out = json_is_array(list) ? json_deep_copy(list) : json_array();
    json_decref(root);
    return RC_OK;
}

int sync_group_remember(const char *path, const char *profile, const char *name,
                        struct rc_err *err)
{
    json_t *root = json_load_file(path, 0, NULL);
    if (!json_is_object(root)) {
        json_decref(root);
        root = json_object();
    }
    json_t *profiles = json_object_get(root, "profiles");
    if (!json_is_object(profiles)) {
        profiles = json_object();
        json_object_set_new(root, "profiles", profiles);
    }
    json_t *list = json_object_get(profiles, profile);
    if (!json_is_array(list)) {
        list = json_array();
        json_object_set_new(profiles, profile, list);
    }
    size_t i;
    json_t *g;
    bool known = false;
    json_array_foreach(list, i, g)
    {
        known =
            known ||
            strcmp(json_string_value(g) ? json_string_value(g) : "", name) == 0;
    }
    if (!known)
        json_array_append_new(list, json_string(name));
    struct rc_buf tmp = {0};
    rc_buf_addf(&tmp, "%s.tmp%ld", path, (long)getpid());
    int rc = RC_OK;
    if (json_dump_file(root, rc_buf_str(&tmp), JSON_INDENT(2)) < 0 ||
        rename(rc_buf_str(&tmp), path) < 0) {
        rc = rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
        unlink(rc_buf_str(&tmp));
    }
    rc_buf_release(&tmp);
    json_decref(root);
    return rc;
}
