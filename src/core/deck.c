/* deck.c -- the small shared pieces of the deck module: kind names, string
 * lists, option defaults, freeing, the content hash, reading a file, and
 * formatting one diagnostic.
 *
 * The content hash is what tells an import that a note's text changed.
 * It is FNV-1a 64 (Fowler, Noll and Vo; the offset basis and prime are
 * the published 64-bit ones) over every content field in a fixed order,
 * each followed by the byte 0xFF, which never occurs in UTF-8, so no two
 * different notes can concatenate to the same bytes.  A list ends with
 * 0xFE for the same reason.  Line numbers, comments and wrapping are not
 * content, so reflowing a file changes no hash.
 *
 * Not here: reading blocks (deck_parse.c), checking them (deck_check.c),
 * writing (deck_write.c). */
#include "recall/deck.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recall/utf8.h"

#include "deck_int.h"

#include "banned.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME  0x100000001b3ULL
#define QUOTE_MAX  60 /* bytes of user text quoted in one message */

static const char *const kind_names[] = {
    [RC_KIND_BASIC] = "basic",   [RC_KIND_REVERSED] = "reversed",
    [RC_KIND_CLOZE] = "cloze",   [RC_KIND_TYPED] = "typed",
    [RC_KIND_CHOICE] = "choice", [RC_KIND_ORDER] = "order",
    [RC_KIND_POOL] = "pool",
};

const char *rc_kind_name(enum rc_kind kind)
{
    if ((unsigned)kind >= sizeof(kind_names) / sizeof(kind_names[0]))
        return NULL;
    return kind_names[kind];
}

int rc_kind_parse(const char *name, enum rc_kind *out)
{
    for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
        if (strcasecmp(name, kind_names[i]) == 0) {
            *out = (enum rc_kind)i;
            return 0;
        }
    }
    return -1;
}

void deck_strlist_take(struct rc_strlist *l, char *s)
{
    /* Grow at powers of two: n itself says when the array is full. */
    if ((l->n & (l->n - 1)) == 0)
        l->v = rc_xreallocarray(l->v, l->n ? l->n * 2 : 1, sizeof(*l->v));
    l->v[l->n++] = s;
}

void rc_strlist_add(struct rc_strlist *l, const char *s)
{
    deck_strlist_take(l, rc_xstrdup(s));
}

void rc_strlist_release(struct rc_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

void rc_deck_options_default(struct rc_deck_options *o)
{
    memset(o, 0, sizeof(*o));
    o->scheduler = RC_SCHED_FSRS;
    o->retention = 0.9;
    o->new_per_day = 20;
    o->reviews_per_day = 200;
    o->maximum_interval_days = 36500;
    o->leech_threshold = 8;
    o->learning_steps_min[0] = 1;
    o->learning_steps_min[1] = 10;
    o->n_learning_steps = 2;
    o->relearning_steps_min[0] = 10;
    o->n_relearning_steps = 1;
}

static void note_release(struct rc_note *n)
{
    free(n->id);
    free(n->front);
    free(n->back);
    rc_strlist_release(&n->list);
    free(n->pool);
    free(n->tags);
    free(n->source);
    free(n->hint);
    free(n->explain);
}

void rc_deck_free(struct rc_deck *deck)
{
    if (!deck)
        return;
    for (size_t i = 0; i < deck->n_notes; i++)
        note_release(&deck->notes[i]);
    free(deck->notes);
    free(deck->path);
    free(deck->id);
    free(deck->title);
    free(deck->source_file);
    free(deck->source_path);
    free(deck->source_text);
    free(deck);
}

void rc_diags_release(struct rc_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].msg);
    free(d->v);
    d->v = NULL;
    d->n = 0;
    d->n_errors = 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

char *deck_fold_space(const char *s)
{
    size_t len = strlen(s);
    char *out = rc_xmalloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (!is_space(s[i])) {
            out[n++] = s[i];
            continue;
        }
        if (n > 0 && !is_space(s[i + 1]) && s[i + 1] != '\0')
            out[n++] = ' ';
    }
    out[n] = '\0';
    return out;
}

static uint64_t fnv_add(uint64_t h, const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        h = (h ^ *u) * FNV_PRIME;
    return h;
}

static uint64_t fnv_field(uint64_t h, const char *s, unsigned char sep)
{
    h = fnv_add(h, s ? s : "");
    return (h ^ sep) * FNV_PRIME;
}

uint64_t deck_note_hash(const struct rc_note *note, const char *id)
{
    uint64_t h = FNV_OFFSET;
    h = fnv_field(h, rc_kind_name(note->kind), 0xFF);
    h = fnv_field(h, id, 0xFF);
    h = fnv_field(h, note->front, 0xFF);
    h = fnv_field(h, note->back, 0xFF);
    for (size_t i = 0; i < note->list.n; i++)
        h = fnv_field(h, note->list.v[i], 0xFF);
    h = (h ^ 0xFE) * FNV_PRIME;
    h = fnv_field(h, note->pool, 0xFF);
    h = fnv_field(h, note->tags, 0xFF);
    h = fnv_field(h, note->source, 0xFF);
    h = fnv_field(h, note->hint, 0xFF);
    h = fnv_field(h, note->explain, 0xFF);
    return fnv_field(h, note->ignore_accents ? "1" : "0", 0xFF);
}

/* Read all of 'fd'; the size check before it is only a first line of
 * defence, as the file may grow while it is read. */
static int read_all(int fd, const char *path, size_t hint, struct rc_buf *b,
                    struct rc_err *err)
{
    rc_buf_grow(b, hint + 1);
    for (;;) {
        if (b->alloc - b->len < 2)
            rc_buf_grow(b, 65536);
        ssize_t n = read(fd, b->buf + b->len, b->alloc - b->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
        if (n == 0)
            break;
        b->len += (size_t)n;
        b->buf[b->len] = '\0';
        if (b->len > RC_DECK_MAX_BYTES)
            return rc_err_set(err, RC_ELIMIT, "%s: file is larger than 64 MiB",
                              path);
    }
    return RC_OK;
}

int deck_read_file(const char *path, char **text, size_t *len,
                   struct rc_err *err)
{
    struct rc_buf b = {0};
    struct stat st;
    int rc = RC_OK;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        rc = rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (fstat(fd, &st) < 0) {
        rc = rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > RC_DECK_MAX_BYTES) {
        rc = rc_err_set(err, RC_ELIMIT, "%s: file is larger than 64 MiB", path);
        goto out;
    }
    rc = read_all(fd, path, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, &b,
                  err);
out:
    if (fd >= 0)
        close(fd);
    if (rc != RC_OK) {
        rc_buf_release(&b);
        return rc;
    }
    *text = rc_buf_detach(&b, len);
    return RC_OK;
}

void deck_diag(struct deck_parser *p, int line, bool is_error, const char *fmt,
               ...)
{
    struct rc_buf b = {0};
    struct rc_diags *d = &p->diags;
    rc_buf_addf(&b, "%s:%d: %s", p->path, line, is_error ? "" : "warning: ");
    va_list ap;
    va_start(ap, fmt);
    rc_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    if ((d->n & (d->n - 1)) == 0)
        d->v = rc_xreallocarray(d->v, d->n ? d->n * 2 : 1, sizeof(*d->v));
    d->v[d->n].line = line;
    d->v[d->n].is_error = is_error;
    d->v[d->n].msg = rc_buf_detach(&b, NULL);
    d->n++;
    if (is_error)
        d->n_errors++;
}

const char *deck_quote(struct deck_parser *p, int slot, const char *s)
{
    struct rc_buf *b = &p->quote[slot];
    size_t len = strlen(s);
    size_t cut = rc_utf8_cut(s, len, QUOTE_MAX);
    rc_buf_reset(b);
    rc_buf_add(b, s, cut);
    if (cut < len)
        rc_buf_adds(b, "...");
    return rc_buf_str(b);
}
