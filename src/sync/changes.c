/* changes.c -- what a pushed change may hold, and pull's query.
 *
 * The server stores a change's JSON text as the client sent it (made
 * compact; a review as its fields) and hands it back on pull, so this is
 * the one place that decides what may enter the log: every field of every
 * change type is named here with its type and range, anything else is
 * refused, and the keys the store needs (review id, deck, "deck/note",
 * card) are pulled out.  A batch is checked whole before the store sees
 * any of it.
 *
 * Not here: merging (store.h: reviews once per id, the rest by hlc). */
#include "server_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIME_MAX    (1LL << 53) /* ms: what a JSON double holds exactly */
#define TEXT_MAX    (4 << 20)
#define DECK_MAX    128
#define POSITION_MX 100000000

static const struct field review_spec[] = {
    {"type", FIELD_STRING, true, 0, 0},
    {"id", FIELD_STRING, true, 0, 0},
    {"card", FIELD_STRING, true, 0, 0},
    {"time_ms", FIELD_INT, true, 0, TIME_MAX},
    {"rating", FIELD_INT, true, 1, 4},
    {"duration_ms", FIELD_INT, false, 0, 86400000LL},
    {"kind", FIELD_STRING, false, 0, 0},
};

static const struct field deck_spec[] = {
    {"type", FIELD_STRING, true, 0, 0},
    {"deck", FIELD_STRING, true, 0, 0},
    {"hlc", FIELD_STRING, true, 0, 0},
    {"title", FIELD_STRING, false, 0, TEXT_MAX},
    {"source_file", FIELD_STRING_OR_NULL, false, 0, 0},
    {"source_text", FIELD_STRING_OR_NULL, false, 0, 0},
    {"options", FIELD_OBJECT, false, 0, 0},
};

static const struct field options_spec[] = {
    {"scheduler", FIELD_STRING, false, 0, 16},
    {"retention", FIELD_REAL, false, 0, 0},
    {"new_per_day", FIELD_INT, false, 0, 1000000},
    {"reviews_per_day", FIELD_INT, false, 0, 1000000},
    {"learning_steps", FIELD_STRING, false, 0, 256},
    {"relearning_steps", FIELD_STRING, false, 0, 256},
    {"maximum_interval", FIELD_INT, false, 1, 1000000},
    {"leech_threshold", FIELD_INT, false, 0, 1000000},
};

static const struct field note_spec[] = {
    {"type", FIELD_STRING, true, 0, 0},
    {"deck", FIELD_STRING, true, 0, 0},
    {"note", FIELD_STRING, true, 0, 0},
    {"hlc", FIELD_STRING, true, 0, 0},
    {"retired", FIELD_BOOL, true, 0, 0},
    {"kind", FIELD_STRING, false, 0, 64},
    {"position", FIELD_INT, false, 0, POSITION_MX},
    {"front", FIELD_STRING, false, 0, TEXT_MAX},
    {"back", FIELD_STRING, false, 0, TEXT_MAX},
    {"items", FIELD_STRINGS, false, 0, 0},
    {"pool", FIELD_ANY_NULLABLE, false, 0, 0},
    {"tags", FIELD_STRING, false, 0, TEXT_MAX},
    {"source", FIELD_STRING_OR_NULL, false, 0, 0},
    {"hint", FIELD_STRING, false, 0, TEXT_MAX},
    {"explain", FIELD_STRING, false, 0, TEXT_MAX},
    {"ignore_accents", FIELD_BOOL, false, 0, 0},
};

static const struct field flag_spec[] = {
    {"type", FIELD_STRING, true, 0, 0},
    {"card", FIELD_STRING, true, 0, 0},
    {"hlc", FIELD_STRING, true, 0, 0},
    {"suspended", FIELD_BOOL, false, 0, 0},
    {"buried_until_ms", FIELD_INT, false, 0, TIME_MAX},
};

#define N_OF(a) (sizeof(a) / sizeof(a[0]))

/* A name part: 1..DECK_MAX bytes, no '/', '#' or control character. */
static bool valid_part(const char *s, size_t n)
{
    if (n == 0 || n > DECK_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '/' || c == '#')
            return false;
    }
    return true;
}

bool sync_valid_deck(const char *s)
{
    return valid_part(s, strlen(s));
}

/* "DECK/NOTE#ORD" with ORD 1-9999: sets *deck_len. */
static bool valid_card(const char *s, size_t *deck_len)
{
    const char *slash = strchr(s, '/');
    const char *hash = strrchr(s, '#');
    if (!slash || !hash || hash < slash)
        return false;
    const char *ord = hash + 1;
    size_t digits = strspn(ord, "0123456789");
    if (digits == 0 || digits > 4 || ord[digits] || ord[0] == '0')
        return false;
    *deck_len = (size_t)(slash - s);
    return valid_part(s, *deck_len) &&
           valid_part(slash + 1, (size_t)(hash - slash - 1));
}

static const char *own(struct sync_batch *b, char *s)
{
    b->owned = rc_xreallocarray(b->owned, b->n_owned + 1, sizeof(char *));
    b->owned[b->n_owned++] = s;
    return s;
}

static const char *str(const json_t *c, const char *key)
{
    return json_string_value(json_object_get(c, key));
}

static int bad(struct sync_reply *out, size_t i, const char *what)
{
    return reply_error(out, 400, "bad_request", "changes[%zu]: %s", i, what);
}

static int parse_review(const json_t *c, size_t i, struct sync_change *ch,
                        struct sync_batch *b, struct sync_reply *out)
{
    size_t dl = 0;
    const char *kind = str(c, "kind");
    ch->type = SYNC_CHANGE_REVIEW;
    ch->key = str(c, "id");
    ch->card = str(c, "card");
    if (!valid_hex(ch->key, 32))
        return bad(out, i, "'id' must be 32 lowercase hex digits");
    if (!valid_card(ch->card, &dl))
        return bad(out, i, "'card' must be DECK/NOTE#ORD");
    if (kind && strcmp(kind, "study") && strcmp(kind, "quiz") &&
        strcmp(kind, "manual"))
        return bad(out, i, "'kind' must be study, quiz or manual");
    ch->deck = own(b, rc_xstrndup(ch->card, dl));
    ch->time_ms = json_integer_value(json_object_get(c, "time_ms"));
    ch->rating = (int)json_integer_value(json_object_get(c, "rating"));
    const json_t *duration = json_object_get(c, "duration_ms");
    ch->duration_ms = duration ? json_integer_value(duration) : -1;
    ch->kind = kind;
    return 0;
}

static int parse_content(const json_t *c, size_t i, struct sync_change *ch,
                         struct sync_batch *b, struct sync_reply *out)
{
    size_t dl = 0;
    ch->hlc = str(c, "hlc");
    if (!valid_hlc(ch->hlc))
        return bad(out, i, "'hlc' must be <13 digits>-<4 hex>-<16 hex>");
    if (ch->type == SYNC_CHANGE_FLAG) {
        ch->key = str(c, "card");
        if (!valid_card(ch->key, &dl))
            return bad(out, i, "'card' must be DECK/NOTE#ORD");
        ch->deck = own(b, rc_xstrndup(ch->key, dl));
        return 0;
    }
    ch->deck = str(c, "deck");
    if (!sync_valid_deck(ch->deck))
        return bad(out, i, "'deck' is not a deck name");
    if (ch->type == SYNC_CHANGE_DECK) {
        const json_t *opts = json_object_get(c, "options");
        ch->key = ch->deck;
        if (opts && check_fields(opts, options_spec, N_OF(options_spec),
                                 "options", out) < 0)
            return -1;
        return 0;
    }
    const char *note = str(c, "note");
    if (!sync_valid_deck(note))
        return bad(out, i, "'note' is not a note name");
    struct rc_buf key = {0};
    rc_buf_addf(&key, "%s/%s", ch->deck, note);
    ch->key = own(b, rc_buf_detach(&key, NULL));
    return 0;
}

static int parse_one(const json_t *c, size_t i, struct sync_change *ch,
                     struct sync_batch *b, struct sync_reply *out)
{
    static const struct {
        const char *name;
        enum sync_change_type type;
        const struct field *spec;
        size_t n;
    } types[] = {
        {"review", SYNC_CHANGE_REVIEW, review_spec, N_OF(review_spec)},
        {"deck", SYNC_CHANGE_DECK, deck_spec, N_OF(deck_spec)},
        {"note", SYNC_CHANGE_NOTE, note_spec, N_OF(note_spec)},
        {"flag", SYNC_CHANGE_FLAG, flag_spec, N_OF(flag_spec)},
    };
    const char *type = str(c, "type");
    if (!json_is_object(c) || !type)
        return bad(out, i, "expected an object with a 'type'");
    char where[32];
    snprintf(where, sizeof(where), "changes[%zu]", i);
    for (size_t t = 0; t < N_OF(types); t++) {
        if (strcmp(type, types[t].name) != 0)
            continue;
        if (check_fields(c, types[t].spec, types[t].n, where, out) < 0)
            return -1;
        ch->type = types[t].type;
        int rc = ch->type == SYNC_CHANGE_REVIEW
                     ? parse_review(c, i, ch, b, out)
                     : parse_content(c, i, ch, b, out);
        /* A review is stored as its fields (store.h). */
        if (rc == 0 && ch->type != SYNC_CHANGE_REVIEW)
            ch->body = own(b, json_dumps(c, JSON_COMPACT));
        return rc;
    }
    return bad(out, i, "'type' must be review, deck, note or flag");
}

int sync_batch_parse(const json_t *list, struct sync_batch *batch,
                     struct sync_reply *out)
{
    size_t n = json_array_size(list);
    batch->changes = rc_xcalloc(n ? n : 1, sizeof(*batch->changes));
    for (size_t i = 0; i < n; i++) {
        if (parse_one(json_array_get(list, i), i, &batch->changes[i], batch,
                      out) < 0)
            return -1;
        batch->n++;
    }
    return 0;
}

void sync_batch_release(struct sync_batch *batch)
{
    for (size_t i = 0; i < batch->n_owned; i++)
        free(batch->owned[i]);
    free(batch->owned);
    free(batch->changes);
    memset(batch, 0, sizeof(*batch));
}

/* A query value: decimal digits only, within [min, max]. */
static bool query_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (!s || strspn(s, "0123456789") != strlen(s) || !*s || strlen(s) > 18)
        return false;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno || v < min || v > max)
        return false;
    *out = v;
    return true;
}

struct pull_args {
    int64_t *after, *limit;
    bool bad;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *value)
{
    (void)kind;
    struct pull_args *a = cls;
    if (strcmp(key, "after") == 0)
        a->bad |= !query_int(value, 0, INT64_MAX, a->after);
    else if (strcmp(key, "limit") == 0)
        a->bad |= !query_int(value, 1, SYNC_MAX_PULL, a->limit);
    else
        a->bad = true;
    return MHD_YES;
}

int sync_pull_args(struct MHD_Connection *conn, int64_t *after, int64_t *limit,
                   struct sync_reply *out)
{
    struct pull_args a = {after, limit, false};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, each_arg, &a);
    if (a.bad)
        return reply_error(out, 400, "bad_request",
                           "query: expected after=SEQ (>= 0) and limit=N "
                           "(1-%d)",
                           SYNC_MAX_PULL);
    return 0;
}
