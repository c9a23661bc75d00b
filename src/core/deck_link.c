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

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recall/rng.h"

#include "deck_int.h"

#include "banned.h"

#define SLUG_WORDS 4
#define SLUG_MAX   48 /* leaves room for "-abcd" and "-NN" under 64 */

/* Sized to at most half full, so probes stay short.  A slot keeps a
 * 32-bit hash of its id beside the note, taken as the note was read: a
 * probe past another id rarely has to fetch that note and its id from
 * memory to strcmp() them. */
struct id_slot {
    uint32_t note; /* the note's index plus one; 0 is empty */
    uint32_t tag;  /* deck_id_tag(id) */
};

struct id_table {
    struct id_slot *slot;
    size_t mask;
};

uint32_t deck_id_tag(const char *id)
{
    uint64_t h = rc_hash64(RC_HASH64_INIT, id, strlen(id));
    return (uint32_t)(h ^ h >> 32);
}

static void table_init(struct id_table *t, size_t n)
{
    size_t cap = 16;
    assert(n < UINT32_MAX / 2); /* RC_DECK_MAX_BYTES allows a few million */
    while (cap < n * 2)
        cap *= 2;
    t->slot = rc_xcalloc(cap, sizeof(*t->slot));
    t->mask = cap - 1;
}

/* The slot holding 'id', whose deck_id_tag() is 'tag', or the empty slot
 * where it would go, with its tag set: to fill it, set 'note'. */
static struct id_slot *table_find(struct id_table *t,
                                  const struct rc_note *notes, const char *id,
                                  uint32_t tag)
{
    size_t i = tag & t->mask;
    struct id_slot *s = &t->slot[i];
    while (s->note &&
           (s->tag != tag || strcmp(notes[s->note - 1].id, id) != 0)) {
        i = (i + 1) & t->mask;
        s = &t->slot[i];
    }
    s->tag = tag;
    return s;
}

static struct id_slot *table_lookup(struct id_table *t,
                                    const struct rc_note *notes, const char *id)
{
    return table_find(t, notes, id, deck_id_tag(id));
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

/* Derive note i's id, working in 'id' (reset here, kept by the caller
 * for the next note). */
static void derive_id(struct deck_parser *p, struct id_table *t, size_t i,
                      struct rc_buf *id)
{
    struct rc_note *notes = p->deck->notes;
    rc_buf_reset(id);
    derive_base(&notes[i], id);
    size_t base_len = id->len;
    struct id_slot *slot = table_lookup(t, notes, rc_buf_str(id));
    for (int k = 2; slot->note; k++) {
        id->len = base_len;
        rc_buf_addf(id, "-%d", k);
        slot = table_lookup(t, notes, rc_buf_str(id));
    }
    notes[i].id = rc_deck_strndup(p->deck, id->buf, id->len);
    notes[i].hash = deck_note_hash(&notes[i], notes[i].id);
    slot->note = (uint32_t)i + 1;
    deck_diag(p, notes[i].line, false,
              "card has no id; using '%s' (write it with 'recall deck stamp "
              "%s')",
              notes[i].id, p->path);
}

/* File the written ids (their notes were hashed as they were read, in
 * deck_check.c), then derive the rest. */
static void assign_ids(struct deck_parser *p, struct id_table *t)
{
    struct rc_note *notes = p->deck->notes;
    size_t n = p->deck->n_notes;
    for (size_t i = 0; i < n; i++) {
        const struct deck_note_lines *l = &p->lines[i];
        if (!l->has_id)
            continue;
        struct id_slot *slot = table_find(t, notes, notes[i].id, l->id_tag);
        if (slot->note)
            deck_diag(
                p, notes[i].line, true, "duplicate id '%s' (first at line %d)",
                deck_quote(p, 0, notes[i].id), notes[slot->note - 1].line);
        else
            slot->note = (uint32_t)i + 1;
    }
    struct rc_buf id = {0};
    for (size_t i = 0; i < n && p->n_derived > 0; i++) {
        if (notes[i].id_derived)
            derive_id(p, t, i, &id);
    }
    rc_buf_release(&id);
}

static bool list_has(const struct rc_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i], s) == 0)
            return true;
    }
    return false;
}

static void check_pools(struct deck_parser *p, struct id_table *t)
{
    const struct rc_note *notes = p->deck->notes;
    for (size_t i = 0; i < p->deck->n_notes && p->n_pool_refs > 0; i++) {
        const struct rc_note *n = &notes[i];
        if (n->kind != RC_KIND_CHOICE || !n->pool || !n->pool[0])
            continue;
        size_t slot = table_lookup(t, notes, n->pool)->note;
        const char *pool = deck_quote(p, 1, n->pool);
        if (!slot || notes[slot - 1].kind != RC_KIND_POOL)
            deck_diag(p, p->lines[i].pool, true, "unknown pool '%s'", pool);
        else if (n->back[0] && !list_has(&notes[slot - 1].list, n->back))
            deck_diag(p, p->lines[i].answer, true,
                      "answer '%s' is not in pool '%s'",
                      deck_quote(p, 0, n->back), pool);
    }
}

/* The source file named in the header, relative to the deck's folder;
 * owned by 'deck'. */
static char *resolve(struct rc_deck *deck, const char *deck_path,
                     const char *file)
{
    const char *slash = strrchr(deck_path, '/');
    size_t dir = file[0] != '/' && slash ? (size_t)(slash - deck_path) + 1 : 0;
    size_t len = strlen(file);
    char *out = rc_deck_alloc(deck, dir + len + 1, 1);
    memcpy(out, deck_path, dir);
    memcpy(out + dir, file, len + 1);
    return out;
}

/* Read the source text; false (and one error) when it cannot be read. */
static bool load_source(struct deck_parser *p)
{
    struct rc_deck *d = p->deck;
    struct rc_err err = {0};
    size_t len = 0;
    char *text = NULL;
    d->source_path = resolve(d, p->path, d->source_file);
    if (deck_read_file(d->source_path, &text, &len, &err) != RC_OK) {
        /* err reads "PATH: reason"; the diagnostic wants the reason. */
        const char *reason = err.msg + strlen(d->source_path) + 2;
        if (strlen(err.msg) < strlen(d->source_path) + 2)
            reason = err.msg;
        deck_diag(p, p->source_file_line, true,
                  "cannot read source file '%s': %s", d->source_file, reason);
        return false;
    }
    deck_arena_adopt(d, text);
    if (len > RC_DECK_MAX_SOURCE_BYTES) {
        /* The collection keeps a copy and sync sends it in one change. */
        deck_diag(p, p->source_file_line, true,
                  "source file '%s' is over %zu MiB", d->source_file,
                  RC_DECK_MAX_SOURCE_BYTES >> 20);
        return false;
    }
    d->source_text = text;
    return true;
}

static void check_sources(struct deck_parser *p)
{
    struct rc_deck *d = p->deck;
    size_t first = p->first_source ? p->first_source - 1 : d->n_notes;
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

static void fill_empty(struct rc_deck *d, char **s)
{
    if (!*s)
        *s = rc_deck_strndup(d, "", 0);
}

void deck_check_deck(struct deck_parser *p)
{
    struct rc_deck *d = p->deck;
    struct id_table t;
    table_init(&t, d->n_notes);
    assign_ids(p, &t);
    check_pools(p, &t);
    free(t.slot);
    check_sources(p);
    fill_empty(d, &d->id);
    fill_empty(d, &d->title);
    fill_empty(d, &d->source_file);
    fill_empty(d, &d->source_path);
    fill_empty(d, &d->source_text);
    /* A cloze with bad marks gives no card yet, but was meant to: its
     * error says enough. */
    if (p->n_card_notes == 0 && p->have_header)
        deck_diag(p, p->header_line, false, "deck has no cards");
}
