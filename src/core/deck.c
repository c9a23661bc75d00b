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
 * A deck's strings live in its arena: a list of blocks that grow from
 * 16 KiB to 1 MiB, carved by bumping a pointer.  A 100,000-note deck
 * holds about a million strings; one malloc() and one free() each was
 * most of the parser's time, and they all die together anyway.  A request
 * too big to share a block gets a block of its own, so a large source
 * text wastes nothing.
 *
 * Not here: reading blocks (deck_parse.c), checking them (deck_check.c),
 * writing (deck_write.c). */
#include "recall/deck.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recall/rng.h"
#include "recall/utf8.h"

#include "deck_int.h"

#include "banned.h"

#define QUOTE_MAX 60 /* bytes of user text quoted in one message */

#define ARENA_FIRST ((size_t)16 << 10) /* the first block's size */
#define ARENA_LAST  ((size_t)1 << 20)  /* blocks double up to this */
#define ARENA_ALIGN _Alignof(max_align_t)

struct rc_deck_arena {
    char *next;        /* free space in the current block */
    size_t left;       /* bytes free at 'next' */
    size_t block_size; /* the next shared block's size */
    void **blocks;     /* every block, for rc_deck_free() */
    size_t n_blocks;   /* blocks grows at powers of two, as rc_strlist */
};

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

static void strlist_take(struct rc_strlist *l, char *s)
{
    /* Grow at powers of two: n itself says when the array is full. */
    if ((l->n & (l->n - 1)) == 0)
        l->v = rc_xreallocarray(l->v, l->n ? l->n * 2 : 1, sizeof(*l->v));
    l->v[l->n++] = s;
}

void rc_strlist_add(struct rc_strlist *l, const char *s)
{
    strlist_take(l, rc_xstrdup(s));
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

static void arena_keep(struct rc_deck_arena *a, void *block)
{
    size_t n = a->n_blocks;
    if ((n & (n - 1)) == 0)
        a->blocks = rc_xreallocarray(a->blocks, n ? n * 2 : 1, sizeof(void *));
    a->blocks[a->n_blocks++] = block;
}

void deck_arena_adopt(struct rc_deck *deck, void *block)
{
    if (!deck->arena)
        deck->arena = rc_xcalloc(1, sizeof(*deck->arena));
    arena_keep(deck->arena, block);
}

/* The slow path of arena_take(): a new block, shared or 'size' alone. */
static void *arena_grow(struct rc_deck *deck, size_t size)
{
    struct rc_deck_arena *a = deck->arena;
    if (!a) {
        a = deck->arena = rc_xcalloc(1, sizeof(*a));
        a->block_size = ARENA_FIRST;
    }
    if (size > a->block_size / 4) {
        void *own = rc_xmalloc(size); /* malloc() aligns for any type */
        arena_keep(a, own);
        return own;
    }
    char *block = rc_xmalloc(a->block_size);
    arena_keep(a, block);
    a->next = block + size;
    a->left = a->block_size - size;
    if (a->block_size < ARENA_LAST)
        a->block_size *= 2;
    return block;
}

/* 'size' bytes at a multiple of 'align' (a power of two). */
static void *arena_take(struct rc_deck *deck, size_t size, size_t align)
{
    struct rc_deck_arena *a = deck->arena;
    if (a && a->next) {
        size_t off = (uintptr_t)a->next & (align - 1);
        size_t pad = off ? align - off : 0;
        if (a->left >= pad && a->left - pad >= size) {
            char *p = a->next + pad;
            a->next = p + size;
            a->left -= pad + size;
            return p;
        }
    }
    return arena_grow(deck, size);
}

void *rc_deck_alloc(struct rc_deck *deck, size_t n, size_t size)
{
    /* A type's alignment divides its size, so the lowest set bit of
     * 'size' is enough: strings are packed, pointers 8-aligned. */
    size_t align = size & -size;
    if (align == 0 || align > ARENA_ALIGN)
        align = ARENA_ALIGN;
    /* The allocators own the one out-of-memory message: let them die. */
    if (size && n > SIZE_MAX / size)
        return rc_xreallocarray(NULL, n, size);
    return arena_take(deck, n * size, align);
}

char *rc_deck_strndup(struct rc_deck *deck, const char *s, size_t len)
{
    char *p = arena_take(deck, len + 1, 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *rc_deck_strdup(struct rc_deck *deck, const char *s)
{
    return rc_deck_strndup(deck, s, strlen(s));
}

void rc_deck_free(struct rc_deck *deck)
{
    if (!deck)
        return;
    if (deck->arena) {
        for (size_t i = 0; i < deck->arena->n_blocks; i++)
            free(deck->arena->blocks[i]);
        free(deck->arena->blocks);
        free(deck->arena);
    }
    free(deck->notes);
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

size_t deck_fold_into(char *out, const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (!is_space(s[i])) {
            out[n++] = s[i];
            continue;
        }
        if (n > 0 && i + 1 < len && !is_space(s[i + 1]))
            out[n++] = ' ';
    }
    out[n] = '\0';
    return n;
}

char *deck_fold_space(const char *s)
{
    size_t len = strlen(s);
    char *out = rc_xmalloc(len + 1);
    deck_fold_into(out, s, len);
    return out;
}

static uint64_t fnv_field(uint64_t h, const char *s, unsigned char sep)
{
    if (s)
        h = rc_hash64(h, s, strlen(s));
    return rc_hash64(h, &sep, 1);
}

uint64_t deck_note_hash(const struct rc_note *note, const char *id)
{
    static const unsigned char list_end = 0xFE;
    uint64_t h = RC_HASH64_INIT;
    h = fnv_field(h, rc_kind_name(note->kind), 0xFF);
    h = fnv_field(h, id, 0xFF);
    h = fnv_field(h, note->front, 0xFF);
    h = fnv_field(h, note->back, 0xFF);
    for (size_t i = 0; i < note->list.n; i++)
        h = fnv_field(h, note->list.v[i], 0xFF);
    h = rc_hash64(h, &list_end, 1);
    h = fnv_field(h, note->pool, 0xFF);
    h = fnv_field(h, note->tags, 0xFF);
    h = fnv_field(h, note->source, 0xFF);
    h = fnv_field(h, note->hint, 0xFF);
    h = fnv_field(h, note->explain, 0xFF);
    return fnv_field(h, note->ignore_accents ? "1" : "0", 0xFF);
}

int deck_open_file(const char *path, int *fd, size_t *size, struct rc_err *err)
{
    struct stat st;
    *size = 0;
    *fd = open(path, O_RDONLY);
    if (*fd < 0)
        return rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
    int rc = RC_OK;
    if (fstat(*fd, &st) < 0)
        rc = rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
    else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > RC_DECK_MAX_BYTES)
        rc = rc_err_set(err, RC_ELIMIT, "%s: file is larger than 64 MiB", path);
    else if (S_ISREG(st.st_mode))
        *size = (size_t)st.st_size;
    if (rc != RC_OK) {
        close(*fd);
        *fd = -1;
    }
    return rc;
}

/* The size check in deck_open_file() is only a first line of defence:
 * the file may grow while it is read, so the total is checked here. */
int deck_read_chunk(int fd, const char *path, char *buf, size_t cap,
                    size_t total, size_t *got, struct rc_err *err)
{
    ssize_t n;
    *got = 0;
    do {
        n = read(fd, buf, cap);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
    if (total + (size_t)n > RC_DECK_MAX_BYTES)
        return rc_err_set(err, RC_ELIMIT, "%s: file is larger than 64 MiB",
                          path);
    *got = (size_t)n;
    return RC_OK;
}

int deck_read_file(const char *path, char **text, size_t *len,
                   struct rc_err *err)
{
    struct rc_buf b = {0};
    size_t size = 0, got = 0;
    int fd = -1;
    int rc = deck_open_file(path, &fd, &size, err);
    if (rc == RC_OK)
        rc_buf_grow(&b, size + 1);
    while (rc == RC_OK) {
        if (b.alloc - b.len < 2)
            rc_buf_grow(&b, 65536);
        rc = deck_read_chunk(fd, path, b.buf + b.len, b.alloc - b.len - 1,
                             b.len, &got, err);
        if (rc != RC_OK || got == 0)
            break;
        b.len += got;
        b.buf[b.len] = '\0';
    }
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
