/* deck_check.c -- what each field means, and the checks on one block.
 *
 * deck_parse.c hands over each finished block as raw field values with
 * their lines; this file knows the fields: which kinds allow which, which
 * are required, which are lists, and how the header's options are
 * written.  It turns the block into a struct rc_note (or fills the deck's
 * header) and reports every problem that the block shows on its own:
 * missing or empty fields, bad ids, cloze marks, choice options, option
 * values.  Checks that need the whole deck (duplicate ids, pools, source
 * quotes) wait for deck_link.c.
 *
 * Values are normalised here, once, so that the content hash and the
 * writer see one form: tags lowercased, sorted and deduplicated, source
 * quotes with their white space folded.
 *
 * Numbers are parsed by hand rather than with strtod(), which follows
 * LC_NUMERIC: a deck reads the same under every locale.
 *
 * Not here: splitting lines (deck_parse.c), deck-wide checks
 * (deck_link.c). */
#include "recall/deck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deck_int.h"

#include "banned.h"

#define BIT(f)      (1u << (f))
#define COMMON      (BIT(F_TAGS) | BIT(F_SOURCE) | BIT(F_HINT) | BIT(F_EXPLAIN))
#define QA          (BIT(F_Q) | BIT(F_A))
#define LIST        (BIT(F_OPTIONS) | BIT(F_ITEMS) | BIT(F_ACCEPT))
#define MAX_SUGGEST 2 /* edit distance of a "did you mean" */

struct field_name {
    const char *name; /* the first for a field is its canonical name */
    int field;
};

static const struct field_name field_names[] = {
    {"Q", F_Q},
    {"question", F_Q},
    {"A", F_A},
    {"answer", F_A},
    {"text", F_TEXT},
    {"options", F_OPTIONS},
    {"items", F_ITEMS},
    {"accept", F_ACCEPT},
    {"pool", F_POOL},
    {"tags", F_TAGS},
    {"source", F_SOURCE},
    {"hint", F_HINT},
    {"explain", F_EXPLAIN},
    {"ignore-accents", F_IGNORE_ACCENTS},
    {"title", F_TITLE},
    {"source-file", F_SOURCE_FILE},
    {"scheduler", F_SCHEDULER},
    {"retention", F_RETENTION},
    {"new-per-day", F_NEW_PER_DAY},
    {"reviews-per-day", F_REVIEWS_PER_DAY},
    {"learning-steps", F_LEARNING_STEPS},
    {"relearning-steps", F_RELEARNING_STEPS},
    {"maximum-interval", F_MAXIMUM_INTERVAL},
    {"leech-threshold", F_LEECH_THRESHOLD},
};
#define N_FIELD_NAMES (sizeof(field_names) / sizeof(field_names[0]))

/* Block starts, offered as suggestions for a misspelt kind. */
static const char *const kind_words[] = {
    "basic", "reversed", "cloze", "typed", "choice", "order", "pool", "deck",
};

static const unsigned allowed[] = {
    [RC_KIND_BASIC] = QA | COMMON,
    [RC_KIND_REVERSED] = QA | COMMON,
    [RC_KIND_CLOZE] = BIT(F_TEXT) | COMMON,
    [RC_KIND_TYPED] = QA | BIT(F_ACCEPT) | BIT(F_IGNORE_ACCENTS) | COMMON,
    [RC_KIND_CHOICE] = QA | BIT(F_OPTIONS) | BIT(F_POOL) | COMMON,
    [RC_KIND_ORDER] = BIT(F_Q) | BIT(F_ITEMS) | COMMON,
    [RC_KIND_POOL] = BIT(F_ITEMS) | COMMON,
    [DECK_HEADER] = BIT(F_TITLE) | BIT(F_SOURCE_FILE) | BIT(F_SCHEDULER) |
                    BIT(F_RETENTION) | BIT(F_NEW_PER_DAY) |
                    BIT(F_REVIEWS_PER_DAY) | BIT(F_LEARNING_STEPS) |
                    BIT(F_RELEARNING_STEPS) | BIT(F_MAXIMUM_INTERVAL) |
                    BIT(F_LEECH_THRESHOLD),
};

static const unsigned required[] = {
    [RC_KIND_BASIC] = QA,          [RC_KIND_REVERSED] = QA,
    [RC_KIND_CLOZE] = BIT(F_TEXT), [RC_KIND_TYPED] = QA,
    [RC_KIND_CHOICE] = QA,         [RC_KIND_ORDER] = BIT(F_Q) | BIT(F_ITEMS),
    [RC_KIND_POOL] = BIT(F_ITEMS), [DECK_HEADER] = BIT(F_TITLE),
};

/* Text fields that may be present and empty. */
#define MAY_BE_EMPTY COMMON

static const char *const phrases[][2] = {
    [RC_KIND_BASIC] = {"basic card", "a basic card"},
    [RC_KIND_REVERSED] = {"reversed card", "a reversed card"},
    [RC_KIND_CLOZE] = {"cloze card", "a cloze card"},
    [RC_KIND_TYPED] = {"typed card", "a typed card"},
    [RC_KIND_CHOICE] = {"choice card", "a choice card"},
    [RC_KIND_ORDER] = {"order card", "an order card"},
    [RC_KIND_POOL] = {"pool", "a pool"},
    [DECK_HEADER] = {"header", "the header"},
};

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int deck_field_lookup(const char *name, size_t len)
{
    char first = len > 0 ? lower(name[0]) : '\0';
    for (size_t i = 0; i < N_FIELD_NAMES; i++) {
        const struct field_name *f = &field_names[i];
        if (lower(f->name[0]) == first && deck_name_eq(name, len, f->name))
            return f->field;
    }
    return -1;
}

static const char *canonical(int field)
{
    for (size_t i = 0; i < N_FIELD_NAMES; i++) {
        if (field_names[i].field == field)
            return field_names[i].name;
    }
    return "?";
}

bool deck_field_is_list(int field)
{
    return field >= 0 && (LIST & BIT(field)) != 0;
}

bool deck_field_allowed(int kind, int field)
{
    return (allowed[kind] & BIT(field)) != 0;
}

const char *deck_kind_phrase(int kind, bool with_article)
{
    return phrases[kind][with_article];
}

/* Optimal string alignment distance, case-insensitive: Levenshtein plus
 * swapping two neighbours, the typo "anwser" is.  Both strings are
 * short: callers skip pairs whose lengths differ by more than the limit. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t d[DECK_FIELD_NAME_MAX + 4][DECK_FIELD_NAME_MAX + 4];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = lower(a[i - 1]) != lower(b[j - 1]);
            size_t best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]) &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* Keep 'cand' in *best when it is closer than what is there. */
static void consider(const char *name, size_t len, const char *cand,
                     const char **best, size_t *best_d)
{
    size_t lc = strlen(cand);
    if (len > lc + MAX_SUGGEST || lc > len + MAX_SUGGEST)
        return;
    size_t d = edit_distance(name, len, cand, lc);
    /* A third of the word wrong is no longer a typo: "x" is not "A",
     * "kind" is not "hint". */
    if (d <= MAX_SUGGEST && d * 3 <= len && d < *best_d) {
        *best = cand;
        *best_d = d;
    }
}

const char *deck_field_suggest(const char *name, size_t len)
{
    const char *best = NULL;
    size_t best_d = MAX_SUGGEST + 1;
    if (len > DECK_FIELD_NAME_MAX)
        return NULL;
    for (size_t i = 0; i < N_FIELD_NAMES; i++)
        consider(name, len, field_names[i].name, &best, &best_d);
    for (size_t i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++)
        consider(name, len, kind_words[i], &best, &best_d);
    return best;
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

static void check_id(struct deck_parser *p, int line, const char *id,
                     size_t len)
{
    if (len > RC_DECK_MAX_ID) {
        deck_diag(p, line, true, "id '%s' is longer than 64 bytes",
                  deck_quote(p, 0, id));
        return;
    }
    for (size_t i = 0; i < len; i++) {
        if (!id_char(id[i])) {
            deck_diag(p, line, true,
                      "invalid id '%s': use letters, digits, '-', '_' and "
                      "'.'",
                      deck_quote(p, 0, id));
            return;
        }
    }
}

static bool present(const struct deck_block *b, int field)
{
    return b->f[field].line != 0;
}

static const char *text_of(const struct deck_block *b, int field)
{
    return rc_buf_str(&b->f[field].text);
}

/* Missing required fields, and text fields left empty. */
static void check_fields(struct deck_parser *p, const struct deck_block *b)
{
    for (int f = 0; f < DECK_N_FIELDS; f++) {
        const struct deck_value *v = &b->f[f];
        if (!v->line && (required[b->kind] & BIT(f)))
            deck_diag(p, b->line, true, "%s has no '%s'",
                      deck_kind_phrase(b->kind, false), canonical(f));
        else if (v->line && !deck_field_is_list(f) && v->text.len == 0 &&
                 !(MAY_BE_EMPTY & BIT(f)))
            deck_diag(p, v->line, true, "empty value for '%s'", v->name);
    }
}

/* The field's text as the deck's string. */
static char *take_text(struct deck_parser *p, const struct deck_block *b,
                       int field)
{
    const struct rc_buf *t = &b->f[field].text;
    return rc_deck_strndup(p->deck, rc_buf_str(t), t->len);
}

struct dup_entry {
    const char *s;
    size_t i;
};

static int dup_cmp(const void *a, const void *b)
{
    const struct dup_entry *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    if (c != 0)
        return c;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Report every repeat of an item (not its first appearance), by sorting
 * rather than comparing all pairs: a pool may be long. */
static void check_dups(struct deck_parser *p, const struct deck_value *v,
                       bool options)
{
    size_t n = v->items.n;
    if (n < 2)
        return;
    struct dup_entry *e = rc_xcalloc(n, sizeof(*e));
    for (size_t i = 0; i < n; i++) {
        e[i].s = v->items.v[i];
        e[i].i = i;
    }
    qsort(e, n, sizeof(*e), dup_cmp);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(e[i].s, e[i - 1].s) != 0)
            continue;
        deck_diag(p, v->item_lines[e[i].i], true,
                  options ? "duplicate option '%s'" : "duplicate item '%s'",
                  deck_quote(p, 0, e[i].s));
    }
    free(e);
}

static bool list_has(const struct rc_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i], s) == 0)
            return true;
    }
    return false;
}

static void check_cloze(struct deck_parser *p, const struct deck_block *b)
{
    const struct deck_value *v = &b->f[F_TEXT];
    size_t n = 0;
    if (!v->line || v->text.len == 0)
        return;
    switch (deck_cloze_scan(rc_buf_str(&v->text), &n)) {
    case DECK_CLOZE_UNBALANCED:
        deck_diag(p, v->line, true, "unbalanced '{{' in cloze");
        return;
    case DECK_CLOZE_EMPTY:
        deck_diag(p, v->line, true, "empty cloze deletion");
        return;
    case DECK_CLOZE_OK:
        break;
    }
    if (n == 0)
        deck_diag(p, v->line, true,
                  "cloze has no deletion: mark one with {{...}}");
}

static void check_choice(struct deck_parser *p, const struct deck_block *b)
{
    const struct deck_value *opt = &b->f[F_OPTIONS];
    const struct deck_value *ans = &b->f[F_A];
    if (opt->line && present(b, F_POOL)) {
        deck_diag(p, b->line, true, "choice has both 'options' and 'pool'");
        return;
    }
    if (!opt->line && !present(b, F_POOL)) {
        deck_diag(p, b->line, true, "choice needs 'options' or 'pool'");
        return;
    }
    if (!opt->line)
        return; /* the pool is checked when every block is read */
    if (opt->items.n < 2)
        deck_diag(p, opt->line, true, "choice needs at least 2 options");
    check_dups(p, opt, true);
    if (opt->items.n > 0 && ans->text.len > 0 &&
        !list_has(&opt->items, rc_buf_str(&ans->text)))
        deck_diag(p, ans->line, true, "answer '%s' is not among the options",
                  deck_quote(p, 0, rc_buf_str(&ans->text)));
}

static void check_items(struct deck_parser *p, const struct deck_block *b)
{
    const struct deck_value *v = &b->f[F_ITEMS];
    if (!v->line)
        return; /* check_fields() said so */
    if (v->items.n < 2)
        deck_diag(p, v->line, true, "%s needs at least 2 items",
                  b->kind == RC_KIND_ORDER ? "order" : "pool");
    check_dups(p, v, false);
}

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Cut p->tags (folded, so one space between words) into lowercase,
 * NUL-terminated words listed in p->words; return how many. */
static size_t split_words(struct deck_parser *p)
{
    size_t n = 0;
    for (char *w = p->tags.buf; w && *w;) {
        if (n == p->words_alloc) {
            p->words_alloc = p->words_alloc ? p->words_alloc * 2 : 16;
            p->words =
                rc_xreallocarray(p->words, p->words_alloc, sizeof(*p->words));
        }
        p->words[n++] = w;
        for (; *w && *w != ' '; w++)
            *w = lower(*w);
        if (*w)
            *w++ = '\0';
    }
    return n;
}

/* Tags are a set: lowercase ASCII, sorted, each once, one space apart.
 * Worked in p's scratch space; only the result goes to the deck. */
static char *normalise_tags(struct deck_parser *p, const struct rc_buf *in)
{
    rc_buf_reset(&p->tags);
    rc_buf_grow(&p->tags, in->len);
    p->tags.len = deck_fold_into(p->tags.buf, rc_buf_str(in), in->len);
    size_t n = split_words(p);
    bool sorted = true;
    for (size_t i = 1; i < n && sorted; i++)
        sorted = strcmp(p->words[i - 1], p->words[i]) < 0;
    if (!sorted)
        qsort(p->words, n, sizeof(*p->words), compare_str);
    char *out = rc_deck_alloc(p->deck, p->tags.len + 1, 1);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(p->words[i], p->words[i - 1]) == 0)
            continue;
        if (len > 0)
            out[len++] = ' ';
        size_t wl = strlen(p->words[i]);
        memcpy(out + len, p->words[i], wl);
        len += wl;
    }
    out[len] = '\0';
    return out;
}

static struct rc_note *new_note(struct deck_parser *p)
{
    struct rc_deck *d = p->deck;
    if (d->n_notes == p->notes_alloc) {
        p->notes_alloc = p->notes_alloc ? p->notes_alloc * 2 : 64;
        d->notes =
            rc_xreallocarray(d->notes, p->notes_alloc, sizeof(*d->notes));
        p->lines =
            rc_xreallocarray(p->lines, p->notes_alloc, sizeof(*p->lines));
    }
    memset(&p->lines[d->n_notes], 0, sizeof(*p->lines));
    struct rc_note *n = &d->notes[d->n_notes++];
    memset(n, 0, sizeof(*n));
    return n;
}

static bool parse_yes_no(struct deck_parser *p, const struct deck_value *v)
{
    const char *s = rc_buf_str(&v->text);
    if (!v->line || v->text.len == 0 || strcasecmp(s, "no") == 0)
        return false;
    if (strcasecmp(s, "yes") == 0)
        return true;
    deck_diag(p, v->line, true,
              "bad value '%s' for 'ignore-accents': expected yes or no",
              deck_quote(p, 0, s));
    return false;
}

/* Move the block's values into 'n', normalised. */
static void fill_note(struct deck_parser *p, struct deck_block *b,
                      struct rc_note *n)
{
    static const int list_of[] = {
        [RC_KIND_TYPED] = F_ACCEPT,
        [RC_KIND_CHOICE] = F_OPTIONS,
        [RC_KIND_ORDER] = F_ITEMS,
        [RC_KIND_POOL] = F_ITEMS,
    };
    const struct rc_buf *source = &b->f[F_SOURCE].text;
    n->front = take_text(p, b, b->kind == RC_KIND_CLOZE ? F_TEXT : F_Q);
    n->back = take_text(p, b, F_A);
    int lf = list_of[b->kind];
    if (lf && b->f[lf].items.n > 0) {
        /* The strings are the deck's already; the array is the block's. */
        const struct rc_strlist *items = &b->f[lf].items;
        n->list.v = rc_deck_alloc(p->deck, items->n, sizeof(*items->v));
        memcpy(n->list.v, items->v, items->n * sizeof(*items->v));
        n->list.n = items->n;
    }
    if (b->kind == RC_KIND_CHOICE && present(b, F_POOL))
        n->pool = take_text(p, b, F_POOL);
    n->tags = normalise_tags(p, &b->f[F_TAGS].text);
    n->source = rc_deck_alloc(p->deck, source->len + 1, 1);
    deck_fold_into(n->source, rc_buf_str(source), source->len);
    n->hint = take_text(p, b, F_HINT);
    n->explain = take_text(p, b, F_EXPLAIN);
    n->ignore_accents = parse_yes_no(p, &b->f[F_IGNORE_ACCENTS]);
}

/* Count what the deck-wide checks will look for. */
static void note_counts(struct deck_parser *p, const struct rc_note *n)
{
    if (n->kind != RC_KIND_POOL)
        p->n_card_notes++;
    if (n->kind == RC_KIND_CHOICE && n->pool && n->pool[0])
        p->n_pool_refs++;
    if (n->source[0] && !p->first_source)
        p->first_source = p->deck->n_notes; /* this note's index + 1 */
}

static void finish_note(struct deck_parser *p, struct deck_block *b)
{
    struct rc_note *n = new_note(p);
    struct deck_note_lines *lines = &p->lines[p->deck->n_notes - 1];
    n->kind = (enum rc_kind)b->kind;
    n->line = b->line;
    if (b->id.len == 0) {
        n->id_derived = true; /* deck_link.c derives it */
        p->n_derived++;
    } else {
        n->id = rc_deck_strndup(p->deck, b->id.buf, b->id.len);
        check_id(p, b->line, n->id, b->id.len);
    }
    check_fields(p, b);
    if (b->kind == RC_KIND_CLOZE)
        check_cloze(p, b);
    else if (b->kind == RC_KIND_CHOICE)
        check_choice(p, b);
    else if (b->kind == RC_KIND_ORDER || b->kind == RC_KIND_POOL)
        check_items(p, b);
    lines->answer = b->f[F_A].line;
    lines->pool = b->f[F_POOL].line;
    fill_note(p, b, n);
    lines->source = n->source[0] ? b->f[F_SOURCE].line : 0;
    note_counts(p, n);
    /* Hash now, while the strings are in cache; a derived id's note is
     * hashed once deck_link.c has its id. */
    if (!n->id_derived) {
        n->hash = deck_note_hash(n, n->id);
        lines->has_id = true;
        lines->id_tag = deck_id_tag(n->id);
    }
}

/* Digits, optionally a point and more digits; no sign, no exponent.  At
 * most 15 digits, so the mantissa and the power of ten are exact doubles
 * and one division rounds correctly, as strtod() would. */
static bool parse_decimal(const char *s, double *out)
{
    double mant = 0, scale = 1;
    int digits = 0;
    bool point = false;
    for (; *s; s++) {
        if (*s == '.' && !point && digits > 0) {
            point = true;
            continue;
        }
        if (*s < '0' || *s > '9' || ++digits > 15)
            return false;
        mant = mant * 10 + (*s - '0');
        if (point)
            scale *= 10;
    }
    if (digits == 0 || s[-1] == '.')
        return false;
    *out = mant / scale;
    return true;
}

/* A whole number in [lo, hi] with no sign; 'len' digits at most 9. */
static bool parse_int(const char *s, size_t len, int lo, int hi, int *out)
{
    int v = 0;
    if (len == 0 || len > 9)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static void bad_value(struct deck_parser *p, const struct deck_value *v,
                      int field, const char *expected)
{
    deck_diag(p, v->line, true, "bad value '%s' for '%s': %s",
              deck_quote(p, 0, rc_buf_str(&v->text)), canonical(field),
              expected);
}

/* One step: a whole number and a unit, at most the longest interval. */
static bool parse_step(const char *s, size_t len, int *minutes)
{
    int mult, n;
    if (len < 2)
        return false;
    switch (lower(s[len - 1])) {
    case 'm':
        mult = 1;
        break;
    case 'h':
        mult = 60;
        break;
    case 'd':
        mult = 1440;
        break;
    default:
        return false;
    }
    if (!parse_int(s, len - 1, 1, 36500 * 1440 / mult, &n))
        return false;
    *minutes = n * mult;
    return true;
}

/* "1m 10m 1h", or "none": the options are left alone on any error. */
static void parse_steps(struct deck_parser *p, const struct deck_value *v,
                        int field, int *steps, size_t *n_steps)
{
    int got[RC_DECK_MAX_STEPS];
    size_t n = 0;
    bool ok = true;
    char *s = deck_fold_space(rc_buf_str(&v->text));
    if (strcasecmp(s, "none") == 0) {
        *n_steps = 0;
        goto out;
    }
    for (char *w = s; *w;) {
        char *end = strchr(w, ' ');
        size_t len = end ? (size_t)(end - w) : strlen(w);
        int m = 0;
        if (!parse_step(w, len, &m)) {
            char *tok = rc_xstrndup(w, len);
            deck_diag(p, v->line, true,
                      "bad step '%s' in '%s': expected a number and m, h "
                      "or d",
                      deck_quote(p, 0, tok), canonical(field));
            free(tok);
            ok = false;
        } else if (n < RC_DECK_MAX_STEPS) {
            got[n] = m;
        }
        n++;
        w += len + (end != NULL);
    }
    if (n > RC_DECK_MAX_STEPS) {
        deck_diag(p, v->line, true, "too many steps in '%s': at most %d",
                  canonical(field), RC_DECK_MAX_STEPS);
        ok = false;
    }
    if (ok) {
        memcpy(steps, got, n * sizeof(*steps));
        *n_steps = n;
    }
out:
    free(s);
}

static void parse_options(struct deck_parser *p, const struct deck_block *b)
{
    struct rc_deck_options *o = &p->deck->options;
    const struct {
        int field, lo, hi;
        int *out;
    } ints[] = {
        {F_NEW_PER_DAY, 0, 9999, &o->new_per_day},
        {F_REVIEWS_PER_DAY, 0, 99999, &o->reviews_per_day},
        {F_MAXIMUM_INTERVAL, 1, 36500, &o->maximum_interval_days},
        {F_LEECH_THRESHOLD, 0, 99, &o->leech_threshold},
    };
    const struct deck_value *v = &b->f[F_SCHEDULER];
    if (v->text.len > 0 && strcasecmp(text_of(b, F_SCHEDULER), "sm2") == 0)
        o->scheduler = RC_SCHED_SM2;
    else if (v->text.len > 0 && strcasecmp(text_of(b, F_SCHEDULER), "fsrs"))
        bad_value(p, v, F_SCHEDULER, "expected fsrs or sm2");
    v = &b->f[F_RETENTION];
    double r = 0;
    if (v->text.len > 0 &&
        (!parse_decimal(text_of(b, F_RETENTION), &r) || r < 0.70 || r > 0.99))
        bad_value(p, v, F_RETENTION, "expected a number from 0.70 to 0.99");
    else if (v->text.len > 0)
        o->retention = r;
    for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        char expected[64];
        v = &b->f[ints[i].field];
        if (v->text.len == 0 || parse_int(v->text.buf, v->text.len, ints[i].lo,
                                          ints[i].hi, ints[i].out))
            continue;
        snprintf(expected, sizeof(expected),
                 "expected a whole number from %d to %d", ints[i].lo,
                 ints[i].hi);
        bad_value(p, v, ints[i].field, expected);
    }
    if (b->f[F_LEARNING_STEPS].text.len > 0)
        parse_steps(p, &b->f[F_LEARNING_STEPS], F_LEARNING_STEPS,
                    o->learning_steps_min, &o->n_learning_steps);
    if (b->f[F_RELEARNING_STEPS].text.len > 0)
        parse_steps(p, &b->f[F_RELEARNING_STEPS], F_RELEARNING_STEPS,
                    o->relearning_steps_min, &o->n_relearning_steps);
}

static void finish_header(struct deck_parser *p, struct deck_block *b)
{
    struct rc_deck *d = p->deck;
    d->id = rc_deck_strndup(d, rc_buf_str(&b->id), b->id.len);
    if (b->id.len == 0)
        deck_diag(p, b->line, true, "empty value for 'deck'");
    else
        check_id(p, b->line, d->id, b->id.len);
    check_fields(p, b);
    d->title = take_text(p, b, F_TITLE);
    if (b->f[F_SOURCE_FILE].text.len > 0) {
        d->source_file = take_text(p, b, F_SOURCE_FILE);
        p->source_file_line = b->f[F_SOURCE_FILE].line;
    }
    parse_options(p, b);
}

void deck_finish_block(struct deck_parser *p, struct deck_block *b)
{
    if (b->kind == DECK_HEADER)
        finish_header(p, b);
    else
        finish_note(p, b);
}
