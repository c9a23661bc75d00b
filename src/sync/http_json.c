/* http_json.c -- the server's JSON edge: error bodies and body checks.
 *
 * Every body a client sends passes through here before a handler looks
 * at it.  jansson already refuses invalid UTF-8, NUL in strings, integers
 * beyond 64 bits and duplicate keys; check_fields() adds the protocol's
 * rules: an object, only the fields a spec names (an unknown field is an
 * error, so a typo never passes silently), each of its type and range.
 * Every refusal becomes a 400 whose message names the field, and never
 * echoes more than the field's name back.
 *
 * Not here: what the fields mean (handlers.c). */
#include "server_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int reply_error(struct sync_reply *out, unsigned status, const char *code,
                const char *fmt, ...)
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

int reply_json(struct sync_reply *out, unsigned status, json_t *body)
{
    json_decref(out->body);
    out->status = status;
    out->body = body;
    return 0;
}

static const struct field *find_field(const struct field *spec, size_t n,
                                      const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(spec[i].name, name) == 0)
            return &spec[i];
    return NULL;
}

static bool all_strings(const json_t *a)
{
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!json_is_string(v))
            return false;
    }
    return true;
}

/* Does 'v' fit field 'f'?  Sets *why to what was expected. */
static bool fits(const json_t *v, const struct field *f, const char **why)
{
    switch (f->type) {
    case FIELD_STRING:
        *why = "a string";
        return json_is_string(v) &&
               (f->max == 0 || (json_string_length(v) >= (size_t)f->min &&
                                json_string_length(v) <= (size_t)f->max));
    case FIELD_INT:
        *why = "an integer in range";
        return json_is_integer(v) && json_integer_value(v) >= f->min &&
               json_integer_value(v) <= f->max;
    case FIELD_REAL:
        *why = "a number";
        return json_is_number(v);
    case FIELD_BOOL:
        *why = "true or false";
        return json_is_boolean(v);
    case FIELD_OBJECT:
        *why = "an object";
        return json_is_object(v);
    case FIELD_LIST:
        *why = "a list";
        return json_is_array(v);
    case FIELD_STRINGS:
        *why = "a list of strings";
        return json_is_array(v) && all_strings(v);
    case FIELD_STRING_OR_NULL:
        *why = "a string or null";
        return json_is_string(v) || json_is_null(v);
    case FIELD_ANY_NULLABLE:
        *why = "null, a string or a list of strings";
        return json_is_null(v) || json_is_string(v) ||
               (json_is_array(v) && all_strings(v));
    }
    return false;
}

int check_fields(const json_t *obj, const struct field *spec, size_t n,
                 const char *where, struct sync_reply *out)
{
    if (!json_is_object(obj))
        return reply_error(out, 400, "bad_request", "%s: expected an object",
                           where);
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        const struct field *f = find_field(spec, n, key);
        const char *why = "";
        if (!f)
            return reply_error(out, 400, "bad_request",
                               "%s: unknown field '%.64s'", where, key);
        if (!fits(v, f, &why))
            return reply_error(out, 400, "bad_request", "%s: '%s' must be %s",
                               where, f->name, why);
    }
    for (size_t i = 0; i < n; i++)
        if (spec[i].required && !json_object_get(obj, spec[i].name))
            return reply_error(out, 400, "bad_request",
                               "%s: missing field '%s'", where, spec[i].name);
    return 0;
}

static bool is_json_type(const char *ct)
{
    static const char want[] = "application/json";
    size_t n = sizeof(want) - 1;
    if (!ct || strncasecmp(ct, want, n) != 0)
        return false;
    return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

int parse_body(const struct sync_request *rq, json_t **obj,
               struct sync_reply *out)
{
    *obj = NULL;
    if (rq->body.len == 0)
        return reply_error(out, 400, "bad_request",
                           "body: expected a JSON object");
    const char *ct =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Content-Type");
    if (!is_json_type(ct))
        return reply_error(out, 415, "bad_media_type",
                           "body: Content-Type must be application/json");
    json_error_t jerr;
    json_t *v =
        json_loadb(rq->body.buf, rq->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!v)
        return reply_error(out, 400, "bad_request",
                           "body: invalid JSON at line %d column %d: %s",
                           jerr.line, jerr.column, jerr.text);
    if (!json_is_object(v)) {
        json_decref(v);
        return reply_error(out, 400, "bad_request",
                           "body: expected a JSON object");
    }
    *obj = v;
    return 0;
}

bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SYNC_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool valid_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_hex(s[i]))
            return false;
    return s[n] == '\0';
}

bool valid_hlc(const char *s)
{
    if (strlen(s) != 13 + 1 + 4 + 1 + 16 || s[13] != '-' || s[18] != '-')
        return false;
    for (int i = 0; i < 13; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    for (int i = 14; i < 18; i++)
        if (!is_hex(s[i]))
            return false;
    return valid_hex(s + 19, 16);
}
