/* protocol.c -- JSON <-> struct rc_sync_change for the client.
 *
 * Building JSON is mechanical.  Reading it is where care goes: the server
 * is another program, maybe another version, maybe broken, so every key
 * of a change is looked up with its expected JSON type and range, and a
 * change missing a required key or holding a wrong type is refused with
 * the reason and the change's index.  Keys this version does not know
 * are ignored (a newer server may add some); keys it knows must be
 * right.  What the collection checks again (hlc syntax, card names,
 * steps) it checks in core, so both layers refuse the same input.
 *
 * Not here: HTTP (client.c). */
#include "protocol.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "recall/buf.h"

#define TIME_MAX (1LL << 53)

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *deck_json(const struct rc_sync_change *ch)
{
    json_t *o = json_pack(
        "{s:s, s:i, s:i, s:s, s:s, s:i, s:i}", "scheduler", ch->scheduler,
        "new_per_day", ch->new_per_day, "reviews_per_day", ch->reviews_per_day,
        "learning_steps", ch->learning_steps, "relearning_steps",
        ch->relearning_steps, "maximum_interval", ch->maximum_interval,
        "leech_threshold", ch->leech_threshold);
    json_object_set_new(o, "retention", json_real(ch->retention));
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "type", "deck",
                     "deck", ch->deck, "hlc", ch->hlc, "title", ch->title,
                     "source_file", str_or_null(ch->source_file), "source_text",
                     str_or_null(ch->source_text), "options", o);
}

static json_t *note_json(const struct rc_sync_change *ch)
{
    json_t *items = json_array();
    for (size_t i = 0; i < ch->n_items; i++)
        json_array_append_new(items, json_string(ch->items[i]));
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:I, s:s, s:s}",
                          "type", "note", "deck", ch->deck, "note", ch->note,
                          "hlc", ch->hlc, "retired", ch->retired, "kind",
                          ch->kind, "position", (json_int_t)ch->position,
                          "front", ch->front, "back", ch->back);
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "pool", str_or_null(ch->pool));
    json_object_set_new(o, "tags", json_string(ch->tags));
    json_object_set_new(o, "source", json_string(ch->source));
    json_object_set_new(o, "hint", json_string(ch->hint));
    json_object_set_new(o, "explain", json_string(ch->explain));
    json_object_set_new(o, "ignore_accents", json_boolean(ch->ignore_accents));
    return o;
}

static json_t *change_json(const struct rc_sync_change *ch)
{
    switch (ch->type) {
    case RC_SYNC_REVIEW:
        return json_pack("{s:s, s:s, s:s, s:I, s:i, s:I, s:s}", "type",
                         "review", "id", ch->id, "card", ch->card, "time_ms",
                         (json_int_t)ch->time_ms, "rating", ch->rating,
                         "duration_ms", (json_int_t)ch->duration_ms, "kind",
                         ch->kind);
    case RC_SYNC_DECK:
        return deck_json(ch);
    case RC_SYNC_NOTE:
        return note_json(ch);
    case RC_SYNC_FLAG:
        return json_pack("{s:s, s:s, s:s, s:b, s:I}", "type", "flag", "card",
                         ch->card, "hlc", ch->hlc, "suspended", ch->suspended,
                         "buried_until_ms", (json_int_t)ch->buried_until_ms);
    }
    return NULL;
}

char *sync_proto_push_changes(const struct rc_sync_batch *b)
{
    json_t *list = json_array();
    for (size_t i = 0; i < b->n; i++)
        json_array_append_new(list, change_json(&b->v[i]));
    char *s = json_dumps(list, JSON_COMPACT);
    json_decref(list);
    if (!s)
        abort(); /* only out of memory: every string is valid UTF-8 */
    return s;
}

char *sync_proto_push_body(const char *changes, int64_t after)
{
    struct rc_buf b = {0};
    rc_buf_addf(&b, "{\"after\":%lld,\"changes\":", (long long)after);
    rc_buf_add(&b, changes, strlen(changes));
    rc_buf_add(&b, "}", 1);
    return rc_buf_detach(&b, NULL);
}

char *sync_proto_login_body(const char *user, const char *password)
{
    json_t *root = json_pack("{s:s, s:s}", "user", user, "password", password);
    char *s = root ? json_dumps(root, JSON_COMPACT) : NULL;
    json_decref(root);
    return s ? s : rc_xstrdup("{}"); /* invalid UTF-8: the server says 400 */
}

/* ---- Reading ------------------------------------------------------------ */

/* A reader over one change object: the first problem wins. */
struct reader {
    const json_t *o;
    const char *problem;
    char what[64];
};

static void bad(struct reader *r, const char *key, const char *why)
{
    if (!r->problem) {
        snprintf(r->what, sizeof(r->what), "'%s' %s", key, why);
        r->problem = r->what;
    }
}

static char *get_str(struct reader *r, const char *key, bool required,
                     bool nullable)
{
    const json_t *v = json_object_get(r->o, key);
    if (!v || (nullable && json_is_null(v))) {
        if (!v && required)
            bad(r, key, "is missing");
        return NULL;
    }
    if (!json_is_string(v)) {
        bad(r, key, "is not a string");
        return NULL;
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        bad(r, key, "holds a NUL");
        return NULL;
    }
    return rc_xstrdup(json_string_value(v));
}

/* A required string, "" when absent and optional. */
static char *get_text(struct reader *r, const char *key)
{
    char *s = get_str(r, key, false, true);
    return s ? s : rc_xstrdup("");
}

static int64_t get_int(struct reader *r, const char *key, bool required,
                       int64_t lo, int64_t hi)
{
    const json_t *v = json_object_get(r->o, key);
    if (!v) {
        if (required)
            bad(r, key, "is missing");
        return lo;
    }
    if (!json_is_integer(v) || json_integer_value(v) < lo ||
        json_integer_value(v) > hi) {
        bad(r, key, "is not an integer in range");
        return lo;
    }
    return json_integer_value(v);
}

static bool get_bool(struct reader *r, const char *key)
{
    const json_t *v = json_object_get(r->o, key);
    if (v && !json_is_boolean(v))
        bad(r, key, "is not a boolean");
    return v && json_is_true(v);
}

static void read_review(struct reader *r, struct rc_sync_change *ch)
{
    ch->id = get_str(r, "id", true, false);
    ch->card = get_str(r, "card", true, false);
    ch->time_ms = get_int(r, "time_ms", true, 0, TIME_MAX);
    ch->rating = (int)get_int(r, "rating", true, 1, 4);
    ch->duration_ms = get_int(r, "duration_ms", false, 0, TIME_MAX);
    ch->kind = get_str(r, "kind", false, false);
    if (!ch->kind)
        ch->kind = rc_xstrdup("study");
}

static void read_options(struct reader *r, struct rc_sync_change *ch)
{
    const json_t *opts = json_object_get(r->o, "options");
    if (opts && !json_is_object(opts)) {
        bad(r, "options", "is not an object");
        return;
    }
    json_t *empty = json_object(); /* absent: every option's default */
    struct reader o = {.o = opts ? opts : empty};
    ch->scheduler = get_str(&o, "scheduler", false, false);
    if (!ch->scheduler)
        ch->scheduler = rc_xstrdup("fsrs");
    const json_t *ret = json_object_get(o.o, "retention");
    ch->retention = ret ? json_number_value(ret) : 0.9;
    if (ret && !json_is_number(ret))
        bad(&o, "retention", "is not a number");
    ch->new_per_day = (int)get_int(&o, "new_per_day", false, 0, 1000000);
    if (!json_object_get(o.o, "new_per_day"))
        ch->new_per_day = 20;
    ch->reviews_per_day =
        (int)get_int(&o, "reviews_per_day", false, 0, 1000000);
    if (!json_object_get(o.o, "reviews_per_day"))
        ch->reviews_per_day = 200;
    ch->learning_steps = get_str(&o, "learning_steps", false, false);
    if (!ch->learning_steps)
        ch->learning_steps = rc_xstrdup("1m 10m");
    ch->relearning_steps = get_str(&o, "relearning_steps", false, false);
    if (!ch->relearning_steps)
        ch->relearning_steps = rc_xstrdup("10m");
    ch->maximum_interval =
        (int)get_int(&o, "maximum_interval", false, 1, 1000000);
    if (!json_object_get(o.o, "maximum_interval"))
        ch->maximum_interval = 36500;
    ch->leech_threshold = (int)get_int(&o, "leech_threshold", false, 0, 1000);
    if (!json_object_get(o.o, "leech_threshold"))
        ch->leech_threshold = 8;
    json_decref(empty);
    if (o.problem)
        bad(r, "options", o.problem);
}

static void read_deck(struct reader *r, struct rc_sync_change *ch)
{
    ch->deck = get_str(r, "deck", true, false);
    ch->hlc = get_str(r, "hlc", true, false);
    ch->title = get_text(r, "title");
    ch->source_file = get_text(r, "source_file");
    ch->source_text = get_text(r, "source_text");
    read_options(r, ch);
}

static void read_items(struct reader *r, struct rc_sync_change *ch)
{
    const json_t *v = json_object_get(r->o, "items");
    if (!v)
        return;
    if (!json_is_array(v) || json_array_size(v) > 100000) {
        bad(r, "items", "is not a list of strings");
        return;
    }
    ch->items = rc_xcalloc(json_array_size(v) + 1, sizeof(char *));
    for (size_t i = 0; i < json_array_size(v); i++) {
        const json_t *s = json_array_get(v, i);
        if (!json_is_string(s) || strchr(json_string_value(s), '\n') ||
            strlen(json_string_value(s)) != json_string_length(s)) {
            bad(r, "items", "is not a list of one-line strings");
            return;
        }
        ch->items[ch->n_items++] = rc_xstrdup(json_string_value(s));
    }
}

static void read_note(struct reader *r, struct rc_sync_change *ch)
{
    ch->deck = get_str(r, "deck", true, false);
    ch->note = get_str(r, "note", true, false);
    ch->hlc = get_str(r, "hlc", true, false);
    if (!json_object_get(r->o, "retired"))
        bad(r, "retired", "is missing");
    ch->retired = get_bool(r, "retired");
    ch->kind = get_str(r, "kind", false, false);
    if (!ch->kind)
        ch->kind = rc_xstrdup("basic");
    ch->position = get_int(r, "position", false, 0, 100000000);
    ch->front = get_text(r, "front");
    ch->back = get_text(r, "back");
    read_items(r, ch);
    ch->pool = get_str(r, "pool", false, true);
    ch->tags = get_text(r, "tags");
    ch->source = get_text(r, "source");
    ch->hint = get_text(r, "hint");
    ch->explain = get_text(r, "explain");
    ch->ignore_accents = get_bool(r, "ignore_accents");
}

static void read_flag(struct reader *r, struct rc_sync_change *ch)
{
    ch->card = get_str(r, "card", true, false);
    ch->hlc = get_str(r, "hlc", true, false);
    ch->suspended = get_bool(r, "suspended");
    ch->buried_until_ms = get_int(r, "buried_until_ms", false, 0, TIME_MAX);
}

static const char *read_change(const json_t *o, struct rc_sync_change *ch,
                               struct reader *r)
{
    r->o = o;
    if (!json_is_object(o))
        return "is not an object";
    const char *type = json_string_value(json_object_get(o, "type"));
    ch->seq = get_int(r, "seq", true, 1, INT64_MAX);
    if (!type)
        bad(r, "type", "is missing");
    else if (strcmp(type, "review") == 0)
        ch->type = RC_SYNC_REVIEW, read_review(r, ch);
    else if (strcmp(type, "deck") == 0)
        ch->type = RC_SYNC_DECK, read_deck(r, ch);
    else if (strcmp(type, "note") == 0)
        ch->type = RC_SYNC_NOTE, read_note(r, ch);
    else if (strcmp(type, "flag") == 0)
        ch->type = RC_SYNC_FLAG, read_flag(r, ch);
    else
        bad(r, "type", "is not a known change type");
    return r->problem;
}

static json_t *load(const char *body, size_t len, struct rc_err *err)
{
    json_error_t je;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        rc_err_set(err, RC_EPARSE, "server reply is not a JSON object");
        return NULL;
    }
    return root;
}

int sync_proto_pull_parse(const char *body, size_t len,
                          struct rc_sync_batch *out,
                          struct sync_pull_meta *meta, struct rc_err *err)
{
    json_t *root = load(body, len, err);
    if (!root)
        return RC_EPARSE;
    const json_t *list = json_object_get(root, "changes");
    const json_t *seq = json_object_get(root, "last_seq");
    const json_t *m = json_object_get(root, "more");
    const json_t *head = json_object_get(root, "head_seq");
    int rc = RC_OK;
    if (!json_is_array(list) || !json_is_integer(seq) ||
        json_integer_value(seq) < 0 || !json_is_boolean(m))
        rc = rc_err_set(err, RC_EPARSE,
                        "pull reply: 'changes', 'last_seq' or 'more' is "
                        "missing or of the wrong type");
    else if (head && (!json_is_integer(head) || json_integer_value(head) < 0))
        rc = rc_err_set(err, RC_EPARSE,
                        "pull reply: 'head_seq' is not an integer >= 0");
    for (size_t i = 0; rc == RC_OK && i < json_array_size(list); i++) {
        struct reader r = {0};
        const char *why =
            read_change(json_array_get(list, i), rc_sync_batch_add(out), &r);
        if (why)
            rc = rc_err_set(err, RC_EPARSE, "pull reply: change %zu: %s", i,
                            why);
    }
    if (rc == RC_OK) {
        meta->last_seq = json_integer_value(seq);
        meta->head_seq = head ? json_integer_value(head) : -1;
        meta->more = json_is_true(m);
    } else {
        rc_sync_batch_release(out);
    }
    json_decref(root);
    return rc;
}

int sync_proto_push_parse(const char *body, size_t len, int64_t after,
                          int64_t *seen_to, struct rc_err *err)
{
    json_t *root = load(body, len, err);
    if (!root)
        return RC_EPARSE;
    const json_t *v = json_object_get(root, "seen_to");
    int rc = RC_OK;
    *seen_to = after;
    if (v && (!json_is_integer(v) || json_integer_value(v) < 0))
        rc = rc_err_set(err, RC_EPARSE,
                        "push reply: 'seen_to' is not an integer >= 0");
    else if (v)
        *seen_to = json_integer_value(v);
    json_decref(root);
    return rc;
}

int sync_proto_login_parse(const char *body, size_t len, char token[65],
                           int64_t *expires_ms, struct rc_err *err)
{
    json_t *root = load(body, len, err);
    if (!root)
        return RC_EPARSE;
    const char *t = json_string_value(json_object_get(root, "token"));
    const json_t *e = json_object_get(root, "expires_ms");
    bool ok = t && strlen(t) == 64 && strspn(t, "0123456789abcdef") == 64 &&
              json_is_integer(e);
    if (ok) {
        memcpy(token, t, 65);
        *expires_ms = json_integer_value(e);
    }
    json_decref(root);
    return ok ? RC_OK
              : rc_err_set(err, RC_EPARSE,
                           "login reply: no valid 'token' or 'expires_ms'");
}

char *sync_proto_error_message(const char *body, size_t len)
{
    json_t *root = json_loadb(body, len, 0, NULL);
    const char *m = json_string_value(
        json_object_get(json_object_get(root, "error"), "message"));
    char *s = m ? rc_xstrdup(m) : NULL;
    json_decref(root);
    return s;
}
