/* deck_write.c -- a deck back into canonical text.
 *
 * The writer is the parser's inverse: whatever it writes parses back to
 * notes with the same ids and content hashes, and writing that again
 * gives the same bytes.  It is used to export decks built elsewhere
 * (imports from other formats) and by the tests, which check exactly
 * that round trip.
 *
 * Canonical means: the header first, with only the options that differ
 * from the defaults; then each note in order after one blank line, with
 * its fields in a fixed order and short names ("Q", "A"); list items one
 * per indented line; text wrapped at 72 columns.  Wrapping has two traps
 * that the parser's rules set: a continuation line holding only "." is a
 * line break, and runs of white space do not survive a join.  So a word
 * "." never starts a continuation line alone, and a paragraph with
 * anything but single spaces between its words is written unwrapped.
 *
 * Numbers are formatted with integer arithmetic, never "%g", which would
 * follow LC_NUMERIC and write "0,85" under some locales.
 *
 * Not here: parsing (deck_parse.c), writing ids into a file in place
 * (deck_stamp.c). */
#include "recall/deck.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "deck_int.h"

#include "banned.h"

#define WRAP 72 /* columns of a wrapped text field */

/* True when rejoining the words of s[0..len) with single spaces gives it
 * back: no tabs, no runs of spaces, none at either end. */
static bool wrappable(const char *s, size_t len)
{
    if (len == 0 || s[0] == ' ' || s[len - 1] == ' ')
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\t' || s[i] == '\r' || (s[i] == ' ' && s[i + 1] == ' '))
            return false;
    }
    return true;
}

/* One paragraph of a text field: after "NAME:" when 'first', else on a
 * continuation line of its own. */
static void write_paragraph(struct rc_buf *out, const char *s, size_t len,
                            bool first, size_t name_len)
{
    if (len == 0)
        return;
    rc_buf_adds(out, first ? " " : "\n  ");
    if (!wrappable(s, len)) {
        rc_buf_add(out, s, len);
        return;
    }
    size_t col = first ? name_len + 2 : 2;
    size_t line_start = out->len; /* of the current output line's text */
    bool cont = !first;           /* the current line is a continuation */
    for (size_t i = 0; i < len;) {
        const char *sp = memchr(s + i, ' ', len - i);
        size_t wlen = sp ? (size_t)(sp - s - i) : len - i;
        bool dot_word = wlen == 1 && s[i] == '.';
        bool dot_line =
            cont && out->len - line_start == 1 && out->buf[line_start] == '.';
        if (i > 0 && col + 1 + wlen > WRAP && !dot_word && !dot_line) {
            rc_buf_adds(out, "\n  ");
            col = 2;
            line_start = out->len;
            cont = true;
        } else if (i > 0) {
            rc_buf_addc(out, ' ');
            col++;
        }
        rc_buf_add(out, s + i, wlen);
        col += wlen;
        i += wlen + 1;
    }
}

/* "NAME: text", its paragraphs separated by "." lines. */
static void write_text(struct rc_buf *out, const char *name, const char *v,
                       bool wrap)
{
    bool first = true;
    rc_buf_adds(out, name);
    rc_buf_addc(out, ':');
    for (;;) {
        const char *nl = strchr(v, '\n');
        size_t len = nl ? (size_t)(nl - v) : strlen(v);
        if (!first)
            rc_buf_adds(out, "\n  .");
        if (wrap)
            write_paragraph(out, v, len, first, strlen(name));
        else if (len > 0)
            rc_buf_addf(out, "%s%.*s", first ? " " : "\n  ", (int)len, v);
        if (!nl)
            break;
        v = nl + 1;
        first = false;
    }
    rc_buf_addc(out, '\n');
}

static void write_opt_text(struct rc_buf *out, const char *name, const char *v)
{
    if (v && v[0])
        write_text(out, name, v, true);
}

static void write_list(struct rc_buf *out, const char *name,
                       const struct rc_strlist *l)
{
    if (l->n == 0)
        return;
    rc_buf_addf(out, "%s:\n", name);
    for (size_t i = 0; i < l->n; i++)
        rc_buf_addf(out, "  %s\n", l->v[i]);
}

static void write_note(struct rc_buf *out, const struct rc_note *n)
{
    rc_buf_addf(out, "\n%s: %s\n", rc_kind_name(n->kind), n->id);
    if (n->kind == RC_KIND_CLOZE)
        write_text(out, "text", n->front, true);
    else if (n->kind != RC_KIND_POOL)
        write_text(out, "Q", n->front, true);
    if (n->kind != RC_KIND_CLOZE && n->kind != RC_KIND_ORDER &&
        n->kind != RC_KIND_POOL)
        write_text(out, "A", n->back, true);
    if (n->kind == RC_KIND_TYPED)
        write_list(out, "accept", &n->list);
    if (n->kind == RC_KIND_TYPED && n->ignore_accents)
        rc_buf_adds(out, "ignore-accents: yes\n");
    if (n->kind == RC_KIND_CHOICE && n->pool)
        write_text(out, "pool", n->pool, false);
    else if (n->kind == RC_KIND_CHOICE)
        write_list(out, "options", &n->list);
    if (n->kind == RC_KIND_ORDER || n->kind == RC_KIND_POOL)
        write_list(out, "items", &n->list);
    if (n->tags && n->tags[0])
        write_text(out, "tags", n->tags, false); /* a "." tag must stay */
    write_opt_text(out, "source", n->source);
    write_opt_text(out, "hint", n->hint);
    write_opt_text(out, "explain", n->explain);
}

/* "0.85": up to six decimals, trailing zeros dropped. */
static void write_decimal(struct rc_buf *out, double v)
{
    long long m = llround(v * 1e6);
    char frac[8];
    snprintf(frac, sizeof(frac), "%06lld", m % 1000000);
    size_t n = strlen(frac);
    while (n > 0 && frac[n - 1] == '0')
        n--;
    rc_buf_addf(out, "%lld", m / 1000000);
    if (n > 0)
        rc_buf_addf(out, ".%.*s", (int)n, frac);
}

static void write_steps(struct rc_buf *out, const char *name, const int *v,
                        size_t n, const int *def, size_t n_def)
{
    if (n == n_def && memcmp(v, def, n * sizeof(*v)) == 0)
        return;
    rc_buf_addf(out, "%s:", name);
    if (n == 0)
        rc_buf_adds(out, " none");
    for (size_t i = 0; i < n; i++) {
        if (v[i] % 1440 == 0)
            rc_buf_addf(out, " %dd", v[i] / 1440);
        else if (v[i] % 60 == 0)
            rc_buf_addf(out, " %dh", v[i] / 60);
        else
            rc_buf_addf(out, " %dm", v[i]);
    }
    rc_buf_addc(out, '\n');
}

static void write_options(struct rc_buf *out, const struct rc_deck_options *o)
{
    struct rc_deck_options d;
    rc_deck_options_default(&d);
    if (o->scheduler != d.scheduler)
        rc_buf_adds(out, "scheduler: sm2\n");
    if (llround(o->retention * 1e6) != llround(d.retention * 1e6)) {
        rc_buf_adds(out, "retention: ");
        write_decimal(out, o->retention);
        rc_buf_addc(out, '\n');
    }
    if (o->new_per_day != d.new_per_day)
        rc_buf_addf(out, "new-per-day: %d\n", o->new_per_day);
    if (o->reviews_per_day != d.reviews_per_day)
        rc_buf_addf(out, "reviews-per-day: %d\n", o->reviews_per_day);
    write_steps(out, "learning-steps", o->learning_steps_min,
                o->n_learning_steps, d.learning_steps_min, d.n_learning_steps);
    write_steps(out, "relearning-steps", o->relearning_steps_min,
                o->n_relearning_steps, d.relearning_steps_min,
                d.n_relearning_steps);
    if (o->maximum_interval_days != d.maximum_interval_days)
        rc_buf_addf(out, "maximum-interval: %d\n", o->maximum_interval_days);
    if (o->leech_threshold != d.leech_threshold)
        rc_buf_addf(out, "leech-threshold: %d\n", o->leech_threshold);
}

void rc_deck_write(const struct rc_deck *deck, const char *source_file,
                   struct rc_buf *out)
{
    rc_buf_addf(out, "deck: %s\n", deck->id);
    write_text(out, "title", deck->title, true);
    if (source_file && source_file[0])
        rc_buf_addf(out, "source-file: %s\n", source_file);
    write_options(out, &deck->options);
    for (size_t i = 0; i < deck->n_notes; i++)
        write_note(out, &deck->notes[i]);
}
