/* deck_parse.c -- reading a deck file into blocks of fields.
 *
 * The format (decks/FORMAT.md) is line-oriented, so this is a single pass
 * over the lines with a little state: the block being read and the field
 * that continuation lines extend.  Every line is classified on its first
 * byte alone -- '#' comment, space or tab continuation, blank, otherwise
 * "name: value" -- which keeps the grammar easy to explain and the pass
 * linear.  A finished block goes to deck_check.c, which turns it into a
 * note and reports what is wrong with it.
 *
 * The parser never stops at the first error: a teacher fixing a deck
 * wants every problem at once.  After an error on a line it swallows the
 * continuation lines that belonged to it, and a block that cannot be
 * understood at all (no kind) is skipped to its end, so one mistake gives
 * one message rather than a cascade.  Bytes that are not UTF-8 (or NUL)
 * are reported per line and replaced by '?' in a scratch copy, so later
 * messages that quote the line stay printable; a file that is all good
 * text, nearly every file, is checked in one pass up front instead.
 *
 * Diagnostics are collected unsorted (deck-level checks run last) and
 * sorted by line, stably, before they are handed back.
 *
 * Not here: what each field means and the checks on notes (deck_check.c),
 * writing decks (deck_write.c). */
#include "recall/deck.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall/utf8.h"

#include "deck_int.h"

#include "banned.h"

#define READ_CHUNK ((size_t)64 << 10) /* bytes read() asks for at a time */

struct reader {
    struct deck_parser *p;
    struct deck_block block;
    bool in_block;          /* a block is open (perhaps dead) */
    bool dead;              /* skip the rest of this block silently */
    struct deck_value *cur; /* the field continuation lines extend */
    bool swallow;           /* drop continuation lines without a word */
    bool header_reported;   /* "must start with a header" was said */
    struct rc_buf scratch;  /* a line with its bad bytes replaced */
    int line;               /* the next line's number, from 1 */
};

static bool is_blank_char(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Trim spaces and tabs from both ends of s[0..*len); return the start. */
static const char *trim(const char *s, size_t *len)
{
    while (*len > 0 && is_blank_char(s[0])) {
        s++;
        (*len)--;
    }
    while (*len > 0 && is_blank_char(s[*len - 1]))
        (*len)--;
    return s;
}

/* The block kind a name starts, or -1: kinds and "deck" only.  Every
 * field line asks, so the first letter is compared first. */
static int block_kind(const char *name, size_t len, int cur_kind)
{
    static const char *const names[] = {"basic",  "reversed", "cloze", "typed",
                                        "choice", "order",    "pool",  "deck"};
    size_t n = sizeof(names) / sizeof(names[0]);
    char first = (char)(name[0] | 0x20); /* ASCII lowercase for letters */
    for (size_t i = 0; i < n; i++) {
        if (names[i][0] != first || !deck_name_eq(name, len, names[i]))
            continue;
        /* In a choice note "pool:" names the pool; it starts no block. */
        if (i == RC_KIND_POOL && cur_kind == RC_KIND_CHOICE)
            return -1;
        return i == n - 1 ? DECK_HEADER : (int)i;
    }
    return -1;
}

static void value_add_item(struct reader *r, struct deck_value *v,
                           const char *s, size_t len, int line)
{
    if (v->items.n >= v->items_alloc) {
        v->items_alloc = v->items_alloc ? v->items_alloc * 2 : 8;
        v->items.v =
            rc_xreallocarray(v->items.v, v->items_alloc, sizeof(*v->items.v));
        v->item_lines = rc_xreallocarray(v->item_lines, v->items_alloc,
                                         sizeof(*v->item_lines));
    }
    v->item_lines[v->items.n] = line;
    v->items.v[v->items.n++] = rc_deck_strndup(r->p->deck, s, len);
}

/* A continuation line's text: "." alone breaks the line, anything else
 * joins with one space (FORMAT.md, "Lines"). */
static void value_add_text(struct deck_value *v, const char *s, size_t len)
{
    struct rc_buf *t = &v->text;
    if (len == 1 && s[0] == '.') {
        rc_buf_addc(t, '\n');
        return;
    }
    if (t->len > 0 && t->buf[t->len - 1] != '\n')
        rc_buf_addc(t, ' ');
    rc_buf_add(t, s, len);
}

/* Empty the fields written since the last reset, keeping their memory
 * (the item strings are the deck's). */
static void block_reset(struct deck_block *b)
{
    for (int i = 0; b->used >> i; i++) {
        struct deck_value *v = &b->f[i];
        if (!(b->used >> i & 1))
            continue;
        v->line = 0;
        rc_buf_reset(&v->text);
        v->items.n = 0;
    }
    b->used = 0;
    rc_buf_reset(&b->id);
}

static void block_release(struct deck_block *b)
{
    for (int i = 0; i < DECK_N_FIELDS; i++) {
        rc_buf_release(&b->f[i].text);
        free(b->f[i].items.v);
        free(b->f[i].item_lines);
    }
    rc_buf_release(&b->id);
}

static void end_block(struct reader *r)
{
    if (r->in_block && !r->dead)
        deck_finish_block(r->p, &r->block);
    block_reset(&r->block);
    r->in_block = false;
    r->dead = false;
    r->cur = NULL;
    r->swallow = false;
}

/* Say once that the file lacks its header; true if this was the once. */
static bool report_no_header(struct reader *r, int line)
{
    if (r->p->have_header || r->header_reported)
        return false;
    r->header_reported = true;
    deck_diag(r->p, line, true, "the file must start with a 'deck:' header");
    return true;
}

static void start_block(struct reader *r, int line, int kind, const char *id,
                        size_t id_len)
{
    end_block(r);
    r->in_block = true;
    if (kind == DECK_HEADER && r->p->have_header) {
        deck_diag(r->p, line, true, "'deck:' header may appear only once");
        r->dead = true;
        r->swallow = true;
        return;
    }
    if (kind == DECK_HEADER) {
        r->p->have_header = true;
        r->p->header_line = line;
    } else {
        report_no_header(r, line);
    }
    r->block.kind = kind;
    r->block.line = line;
    rc_buf_add(&r->block.id, id, id_len);
}

static void unknown_field(struct reader *r, int line, const char *name,
                          size_t len)
{
    char *s = rc_xstrndup(name, len);
    const char *q = deck_quote(r->p, 0, s);
    const char *hint = deck_field_suggest(name, len);
    if (hint)
        deck_diag(r->p, line, true, "unknown field '%s' (did you mean '%s'?)",
                  q, hint);
    else
        deck_diag(r->p, line, true, "unknown field '%s'", q);
    free(s);
}

/* A field line where no block is open: the note lost its start line, or
 * a blank line split it.  Report once and skip to the block's end. */
static void orphan_field(struct reader *r, int line, int field,
                         const char *name, size_t len)
{
    r->in_block = true;
    r->dead = true;
    if (report_no_header(r, line))
        return;
    if (field < 0) {
        unknown_field(r, line, name, len);
        return;
    }
    deck_diag(r->p, line, true,
              "field '%.*s' is outside a note (a note starts with "
              "'KIND: ID' and ends at a blank line)",
              (int)len, name);
}

/* A "name: value" line that is not a block start. */
static void add_field(struct reader *r, int line, const char *name,
                      size_t name_len, const char *val, size_t val_len)
{
    struct deck_block *b = &r->block;
    int field = deck_field_lookup(name, name_len);
    if (!r->in_block || r->dead) {
        if (!r->in_block)
            orphan_field(r, line, field, name, name_len);
        return;
    }
    if (field < 0) {
        unknown_field(r, line, name, name_len);
        return;
    }
    if (!deck_field_allowed(b->kind, field)) {
        deck_diag(r->p, line, true, "field '%.*s' does not belong to %s",
                  (int)name_len, name, deck_kind_phrase(b->kind, true));
        return;
    }
    struct deck_value *v = &b->f[field];
    if (v->line) {
        deck_diag(r->p, line, true, "duplicate field '%.*s'", (int)name_len,
                  name);
        return;
    }
    v->line = line;
    b->used |= 1u << field;
    memcpy(v->name, name, name_len); /* known, so short enough */
    v->name[name_len] = '\0';
    if (deck_field_is_list(field) && val_len > 0)
        value_add_item(r, v, val, val_len, line);
    else if (!deck_field_is_list(field))
        rc_buf_add(&v->text, val, val_len);
    r->cur = v;
    r->swallow = false;
}

static void field_line(struct reader *r, int line, const char *s, size_t len)
{
    size_t n = 0;
    while (n < len && is_name_char(s[n]))
        n++;
    r->cur = NULL;
    r->swallow = true; /* the error paths below own the lines after */
    if (n == 0 || n == len || s[n] != ':') {
        deck_diag(r->p, line, true,
                  "expected 'field: value' or a continuation line");
        return;
    }
    size_t val_len = len - n - 1;
    const char *val = trim(s + n + 1, &val_len);
    int kind = block_kind(s, n, r->in_block && !r->dead ? r->block.kind : -1);
    if (kind >= 0) {
        start_block(r, line, kind, val, val_len);
        r->swallow = false;
        return;
    }
    add_field(r, line, s, n, val, val_len);
}

static void continuation_line(struct reader *r, int line, const char *s,
                              size_t len)
{
    s = trim(s, &len);
    if (r->cur && deck_field_is_list((int)(r->cur - r->block.f)))
        value_add_item(r, r->cur, s, len, line);
    else if (r->cur)
        value_add_text(r->cur, s, len);
    else if (!r->swallow && !r->dead)
        deck_diag(r->p, line, true, "continuation line outside a field");
    r->swallow = r->cur == NULL;
}

/* Report bad bytes in a line and return it with each replaced by '?'. */
static const char *clean_line(struct reader *r, int line, const char *s,
                              size_t len)
{
    size_t ok = rc_utf8_valid_prefix(s, len);
    if (ok == len && !memchr(s, '\0', len))
        return s;
    bool bad_utf8 = false, nul = false;
    rc_buf_reset(&r->scratch);
    for (size_t i = 0; i < len;) {
        size_t n = rc_utf8_seq_len(s + i, len - i);
        if (n == 0 || s[i] == '\0') {
            bad_utf8 |= n == 0;
            nul |= n == 1;
            rc_buf_addc(&r->scratch, '?');
            i++;
            continue;
        }
        rc_buf_add(&r->scratch, s + i, n);
        i += n;
    }
    if (bad_utf8)
        deck_diag(r->p, line, true, "invalid UTF-8");
    if (nul)
        deck_diag(r->p, line, true, "unexpected NUL byte");
    return r->scratch.buf;
}

static void read_line(struct reader *r, int line, const char *s, size_t len,
                      bool clean)
{
    if (!clean)
        s = clean_line(r, line, s, len);
    size_t rest = len;
    trim(s, &rest);
    if (rest == 0) {
        end_block(r);
        return;
    }
    if (s[0] == '#')
        return;
    if (is_blank_char(s[0]))
        continuation_line(r, line, s, len);
    else
        field_line(r, line, s, len);
}

/* Bytes of the UTF-8 byte order mark at the start of text[0..len). */
static size_t bom_len(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Read the lines of text[0..len), the last perhaps without its '\n'.
 * The range is checked for bad bytes once: only when it has some is each
 * line checked on its own. */
static void feed(struct reader *r, const char *text, size_t len)
{
    const char *end = text + len;
    bool clean = rc_utf8_valid(text, len) && !memchr(text, '\0', len);
    while (text < end) {
        const char *nl = memchr(text, '\n', (size_t)(end - text));
        const char *eol = nl ? nl : end;
        size_t n = (size_t)(eol - text);
        if (n > 0 && text[n - 1] == '\r')
            n--;
        read_line(r, r->line++, text, n, clean);
        text = nl ? nl + 1 : end;
    }
}

/* Bytes of text[0..len) up to its last '\n', or 0 when it has none.
 * Only the last 'fresh' bytes are searched: the caller knows the rest
 * has none, so a long line is not scanned again at every read. */
static size_t complete_lines(const char *text, size_t len, size_t fresh)
{
    size_t n = len;
    while (n > len - fresh && text[n - 1] != '\n')
        n--;
    return n > len - fresh ? n : 0;
}

/* After the last line: close the open block, insist on a header. */
static void reader_end(struct reader *r)
{
    end_block(r);
    report_no_header(r, 1);
}

static void reader_release(struct reader *r)
{
    block_release(&r->block);
    rc_buf_release(&r->scratch);
}

/* Read the open file 'fd' a chunk at a time, feeding whole lines as they
 * arrive: a large deck never sits in memory whole, and the buffer stays
 * in cache.  A line longer than the buffer grows it. */
static int read_stream(struct reader *r, int fd, const char *path,
                       struct rc_err *err)
{
    char *buf = NULL;
    size_t cap = 0, len = 0, total = 0, got = 0;
    bool started = false; /* the byte order mark has been looked for */
    int rc = RC_OK;
    do {
        if (cap - len < READ_CHUNK) {
            cap = cap ? cap * 2 : READ_CHUNK;
            buf = rc_xrealloc(buf, cap);
        }
        rc = deck_read_chunk(fd, path, buf + len, cap - len, total, &got, err);
        len += got;
        total += got;
        size_t used = 0, fresh = got; /* what is held holds no '\n' */
        if (rc == RC_OK && !started && (len >= 3 || got == 0)) {
            used = bom_len(buf, len);
            fresh = len - used;
            started = true;
        }
        if (rc == RC_OK && started) {
            size_t n = got == 0 ? len - used
                                : complete_lines(buf + used, len - used, fresh);
            feed(r, buf + used, n);
            used += n;
        }
        memmove(buf, buf + used, len - used);
        len -= used;
    } while (rc == RC_OK && got > 0);
    free(buf);
    return rc;
}

static int diag_cmp(const void *a, const void *b)
{
    const struct rc_diag *x = *(const struct rc_diag *const *)a;
    const struct rc_diag *y = *(const struct rc_diag *const *)b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x < y ? -1 : x > y; /* same line: keep the order of discovery */
}

/* Append 'msg' (taking ownership) to the caller's list. */
static void diags_push(struct rc_diags *d, int line, bool is_error, char *msg)
{
    if ((d->n & (d->n - 1)) == 0)
        d->v = rc_xreallocarray(d->v, d->n ? d->n * 2 : 1, sizeof(*d->v));
    d->v[d->n].line = line;
    d->v[d->n].is_error = is_error;
    d->v[d->n].msg = msg;
    d->n++;
    d->n_errors += is_error;
}

/* Sort this parse's diagnostics by line into 'out' (may be NULL), and
 * copy the first error into 'err'. */
static void hand_over(struct rc_diags *mine, struct rc_diags *out,
                      struct rc_err *err)
{
    struct rc_diag **order = rc_xcalloc(mine->n, sizeof(*order));
    for (size_t i = 0; i < mine->n; i++)
        order[i] = &mine->v[i];
    qsort(order, mine->n, sizeof(*order), diag_cmp);
    bool have_err = false;
    for (size_t i = 0; i < mine->n; i++) {
        if (order[i]->is_error && !have_err) {
            rc_err_set(err, RC_EPARSE, "%s", order[i]->msg);
            have_err = true;
        }
        if (out)
            diags_push(out, order[i]->line, order[i]->is_error, order[i]->msg);
        else
            free(order[i]->msg);
    }
    free(order);
    free(mine->v);
    memset(mine, 0, sizeof(*mine));
}

static void parser_begin(struct deck_parser *p, const char *path)
{
    memset(p, 0, sizeof(*p));
    p->path = path;
    p->deck = rc_xcalloc(1, sizeof(*p->deck));
    p->deck->path = rc_deck_strdup(p->deck, path);
    rc_deck_options_default(&p->deck->options);
}

/* Free the parser's scratch space; the deck and diagnostics stay. */
static void parser_release(struct deck_parser *p)
{
    free(p->lines);
    rc_buf_release(&p->quote[0]);
    rc_buf_release(&p->quote[1]);
    rc_buf_release(&p->tags);
    free(p->words);
}

/* Every line is read: check the deck as a whole, hand the diagnostics
 * over, and give the deck to the caller or free it. */
static int parser_end(struct deck_parser *p, struct rc_deck **out,
                      struct rc_diags *diags, struct rc_err *err)
{
    deck_check_deck(p);
    bool failed = p->diags.n_errors > 0;
    hand_over(&p->diags, diags, err);
    parser_release(p);
    if (failed) {
        rc_deck_free(p->deck);
        return RC_EPARSE;
    }
    *out = p->deck;
    return RC_OK;
}

/* The file could not be read: all but the I/O error is forgotten. */
static int io_failed(const struct rc_err *mine, struct rc_diags *diags,
                     struct rc_err *err)
{
    if (diags)
        diags_push(diags, 0, true, rc_xstrdup(mine->msg));
    return rc_err_set(err, mine->code, "%s", mine->msg);
}

int rc_deck_parse_buf(const char *path, const char *text, size_t len,
                      struct rc_deck **out, struct rc_diags *diags,
                      struct rc_err *err)
{
    struct deck_parser p;
    *out = NULL;
    if (len > RC_DECK_MAX_BYTES) {
        struct rc_err mine = {0};
        rc_err_set(&mine, RC_ELIMIT, "%s: file is larger than 64 MiB", path);
        return io_failed(&mine, diags, err);
    }
    parser_begin(&p, path);
    struct reader r = {.p = &p, .line = 1};
    size_t bom = bom_len(text, len);
    feed(&r, text + bom, len - bom);
    reader_end(&r);
    reader_release(&r);
    return parser_end(&p, out, diags, err);
}

int rc_deck_parse_file(const char *path, struct rc_deck **out,
                       struct rc_diags *diags, struct rc_err *err)
{
    struct deck_parser p;
    struct rc_err mine = {0};
    size_t size = 0;
    int fd = -1;
    *out = NULL;
    int rc = deck_open_file(path, &fd, &size, &mine);
    if (rc != RC_OK)
        return io_failed(&mine, diags, err);
    parser_begin(&p, path);
    struct reader r = {.p = &p, .line = 1};
    rc = read_stream(&r, fd, path, &mine);
    close(fd);
    if (rc == RC_OK)
        reader_end(&r);
    reader_release(&r);
    if (rc == RC_OK)
        return parser_end(&p, out, diags, err);
    rc_diags_release(&p.diags);
    parser_release(&p);
    rc_deck_free(p.deck);
    return io_failed(&mine, diags, err);
}
