/* deck_link.c -- the checks that need the whole deck: ids, pools, source
 * quotes, and the card count.
 *
 * Ids are what keep a card's history, so they get the most care.  Every
 * written id goes into one open-addressing hash table first (a second one
 * is an error naming the first's line); only then are missing ids
 * derived, so a derived id can never take an id written further down the
 * file.  A derived id is a slug of the note's first words plus four hex
 * digits of its content hash taken without the id, so it depends on the
 * note's text and not on its position: it survives reordering, not edits,
 * which is why the warning tells the teacher to stamp it.
 *
 * Source quotes are searched with strstr() in one copy of the source text
 * whose white space has been folded, made once per deck: quotes are
 * folded the same way by deck_check.c, so a wrapped quote still matches,
 * and the work stays linear in the number of notes.
 *
 * Not here: per-block checks (deck_check.c). */
#include "recall/deck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck_int.h"

#include "banned.h"

#define SLUG_WORDS 4
#define SLUG_MAX   48 /* leaves room for "-abcd" and "-NN" under 64 */

/* Slots hold a note index plus one; 0 is empty.  Sized to at most half
 * full, so probes stay short. */
struct id_table {
    size_t *slot;
    size_t mask;
};

static uint64_t str_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

static void table_init(struct id_table *t, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    t->slot = rc_xcalloc(cap, sizeof(*t->slot));
    t->mask = cap - 1;
}

/* The slot holding 'id', or the empty slot where it would go. */
static size_t *table_find(const struct id_table *t, const struct rc_note *notes,
                          const char *id)
{
    size_t i = (size_t)str_hash(id) & t->mask;
    while (t->slot[i] && strcmp(notes[t->slot[i] - 1].id, id) != 0)
        i = (i + 1) & t->mask;
    return &t->slot[i];
}

/* "between-which-years-were-3f2a": the first words of the question,
 * lowercase ASCII letters and digits only, then the hash. */
static void derive_base(const struct rc_note *n, struct rc_buf *out)
{
    int words = 0;
    const char *s = n->front;
    while (*s && words < SLUG_WORDS) {
        size_t start = out->len;
        if (words > 0)
            rc_buf_addc(out, '-');
        size_t mark = out->len;
        for (; *s && *s != ' ' && *s != '\t' && *s != '\n'; s++) {
            char c = *s;
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                rc_buf_addc(out, c);
        }
        while (*s == ' ' || *s == '\t' || *s == '\n')
            s++;
        if (out->len == mark)
            out->len = start; /* a word of punctuation adds nothing */
        else
            words++;
    }
    if (out->len > SLUG_MAX)
        out->len = SLUG_MAX;
    while (out->len > 0 && out->buf[out->len - 1] == '-')
        out->len--;
    if (out->len == 0)
        rc_buf_adds(out, rc_kind_name(n->kind));
    out->buf[out->len] = '\0';
    rc_buf_addf(out, "-%04x", (unsigned)(deck_note_hash(n, "") >> 48));
}

static void derive_id(struct deck_parser *p, struct id_table *t, size_t i)
{
    struct rc_note *notes = p->deck->notes;
    struct rc_buf id = {0};
    derive_base(&notes[i], &id);
    size_t base_len = id.len;
    for (int k = 2; *table_find(t, notes, rc_buf_str(&id)); k++) {
        id.len = base_len;
        rc_buf_addf(&id, "-%d", k);
    }
    notes[i].id = rc_buf_detach(&id, NULL);
    *table_find(t, notes, notes[i].id) = i + 1;
    deck_diag(p, notes[i].line, false,
              "card has no id; using '%s' (write it with 'recall deck stamp "
              "%s')",
              notes[i].id, p->path);
}

static void assign_ids(struct deck_parser *p, struct id_table *t)
{
    struct rc_note *notes = p->deck->notes;
    size_t n = p->deck->n_notes;
    for (size_t i = 0; i < n; i++) {
        if (notes[i].id_derived)
            continue;
        size_t *slot = table_find(t, notes, notes[i].id);
        if (*slot) {
            deck_diag(p, notes[i].line, true,
                      "duplicate id '%s' (first at line %d)",
                      deck_quote(p, 0, notes[i].id), notes[*slot - 1].line);
        } else {
            *slot = i + 1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (notes[i].id_derived)
            derive_id(p, t, i);
    }
    for (size_t i = 0; i < n; i++)
        notes[i].hash = deck_note_hash(&notes[i], notes[i].id);
}

static bool list_has(const struct rc_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i], s) == 0)
            return true;
    }
    return false;
}

static void check_pools(struct deck_parser *p, const struct id_table *t)
{
    const struct rc_note *notes = p->deck->notes;
    for (size_t i = 0; i < p->deck->n_notes; i++) {
        const struct rc_note *n = &notes[i];
        if (n->kind != RC_KIND_CHOICE || !n->pool || !n->pool[0])
            continue;
        size_t slot = *table_find(t, notes, n->pool);
        const char *pool = deck_quote(p, 1, n->pool);
        if (!slot || notes[slot - 1].kind != RC_KIND_POOL)
            deck_diag(p, p->lines[i].pool, true, "unknown pool '%s'", pool);
        else if (n->back[0] && !list_has(&notes[slot - 1].list, n->back))
            deck_diag(p, p->lines[i].answer, true,
                      "answer '%s' is not in pool '%s'",
                      deck_quote(p, 0, n->back), pool);
    }
}

/* The source file named in the header, relative to the deck's folder. */
static char *resolve(const char *deck_path, const char *file)
{
    const char *slash = strrchr(deck_path, '/');
    struct rc_buf b = {0};
    if (file[0] != '/' && slash)
        rc_buf_add(&b, deck_path, (size_t)(slash - deck_path) + 1);
    rc_buf_adds(&b, file);
    return rc_buf_detach(&b, NULL);
}

/* Read the source text; false (and one error) when it cannot be read. */
static bool load_source(struct deck_parser *p)
{
    struct rc_deck *d = p->deck;
    struct rc_err err = {0};
    size_t len = 0;
    char *text = NULL;
    d->source_path = resolve(p->path, d->source_file);
    if (deck_read_file(d->source_path, &text, &len, &err) != RC_OK) {
        /* err reads "PATH: reason"; the diagnostic wants the reason. */
        const char *reason = err.msg + strlen(d->source_path) + 2;
        if (strlen(err.msg) < strlen(d->source_path) + 2)
            reason = err.msg;
        deck_diag(p, p->source_file_line, true,
                  "cannot read source file '%s': %s", d->source_file, reason);
        return false;
    }
    d->source_text = text;
    return true;
}

static void check_sources(struct deck_parser *p)
{
    struct rc_deck *d = p->deck;
    size_t first = d->n_notes;
    for (size_t i = 0; i < d->n_notes && first == d->n_notes; i++) {
        if (d->notes[i].source[0])
            first = i;
    }
    if (!d->source_file) {
        if (first < d->n_notes)
            deck_diag(p, p->lines[first].source, true,
                      "card has a source quote but the deck has no "
                      "'source-file'");
        return;
    }
    if (!load_source(p))
        return;
    char *folded = deck_fold_space(d->source_text);
    for (size_t i = first; i < d->n_notes; i++) {
        const char *quote = d->notes[i].source;
        if (quote[0] && !strstr(folded, quote))
            deck_diag(p, p->lines[i].source, true,
                      "source quote not found in '%s'", d->source_file);
    }
    free(folded);
}

static void fill_empty(char **s)
{
    if (!*s)
        *s = rc_xstrdup("");
}

void deck_check_deck(struct deck_parser *p)
{
    struct rc_deck *d = p->deck;
    struct id_table t;
    size_t notes = 0; /* that give cards, or meant to */
    table_init(&t, d->n_notes);
    assign_ids(p, &t);
    check_pools(p, &t);
    free(t.slot);
    check_sources(p);
    fill_empty(&d->id);
    fill_empty(&d->title);
    fill_empty(&d->source_file);
    fill_empty(&d->source_path);
    fill_empty(&d->source_text);
    /* A cloze with bad marks gives no card yet, but was meant to: its
     * error says enough. */
    for (size_t i = 0; i < d->n_notes; i++)
        notes += d->notes[i].kind != RC_KIND_POOL;
    if (notes == 0 && p->have_header)
        deck_diag(p, p->header_line, false, "deck has no cards");
}
