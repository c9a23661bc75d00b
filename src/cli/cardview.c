/* cardview.c -- presenting one card, as text or as JSON.
 *
 * `recall cards --json` and `recall show` must let a reader judge a card
 * without opening its deck file, so both carry the same fields: the
 * rendered question and answer of this card, the note's choices, items or
 * cloze text, its tags, hint, explanation and source quote, and the
 * profile's state.  The JSON field names are documented in README.md and
 * are stable. */
#include "cardview.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "recall/card.h"
#include "recall/clock.h"

static const char *const state_names[] = {"new", "learning", "review",
                                          "relearning"};

const char *cardview_state_name(const struct rc_card_info *card)
{
    if (card->suspended)
        return "suspended";
    if (card->state < 0 || card->state > 3)
        return "new";
    return state_names[card->state];
}

void cardview_name(const struct rc_card_info *card, char *buf, size_t size)
{
    if (card->ord == 1)
        snprintf(buf, size, "%s/%s", card->deck_key, card->note->id);
    else
        snprintf(buf, size, "%s/%s#%zu", card->deck_key, card->note->id,
                 card->ord);
}

static json_t *strlist_json(const struct rc_strlist *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, json_string(l->v[i]));
    return a;
}

static json_t *tags_json(const char *tags)
{
    json_t *a = json_array();
    const char *p = tags;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (len)
            json_array_append_new(a, json_stringn(p, len));
        p += len + (sp != NULL);
    }
    return a;
}

/* The list field under its kind's name: choices, items or accept. */
static const char *list_name(enum rc_kind kind)
{
    switch (kind) {
    case RC_KIND_CHOICE:
        return "choices";
    case RC_KIND_ORDER:
        return "items";
    case RC_KIND_TYPED:
        return "accept";
    default:
        return NULL;
    }
}

void *cardview_json(const struct rc_card_info *card)
{
    const struct rc_note *n = card->note;
    char name[256];
    cardview_name(card, name, sizeof(name));
    char *q = NULL, *a = NULL;
    rc_card_render(n, card->ord, &q, &a);
    json_t *o = json_object();
    json_object_set_new(o, "card", json_string(name));
    json_object_set_new(o, "deck", json_string(card->deck_key));
    json_object_set_new(o, "note", json_string(n->id));
    json_object_set_new(o, "ord", json_integer((json_int_t)card->ord));
    json_object_set_new(o, "kind", json_string(rc_kind_name(n->kind)));
    json_object_set_new(o, "question", json_string(q ? q : ""));
    json_object_set_new(o, "answer", json_string(a ? a : ""));
    const char *ln = list_name(n->kind);
    if (ln)
        json_object_set_new(o, ln, strlist_json(&n->list));
    if (n->kind == RC_KIND_CHOICE && n->pool)
        json_object_set_new(o, "pool", json_string(n->pool));
    if (n->kind == RC_KIND_CLOZE)
        json_object_set_new(o, "cloze", json_string(n->front));
    json_object_set_new(o, "tags", tags_json(n->tags));
    json_object_set_new(o, "source", json_string(n->source));
    json_object_set_new(o, "hint", json_string(n->hint));
    json_object_set_new(o, "explain", json_string(n->explain));
    json_object_set_new(o, "line", json_integer(n->line));
    json_object_set_new(o, "state", json_string(cardview_state_name(card)));
    json_object_set_new(
        o, "due_ms", card->studied ? json_integer(card->due_ms) : json_null());
    json_object_set_new(o, "reps", json_integer(card->reps));
    json_object_set_new(o, "lapses", json_integer(card->lapses));
    json_object_set_new(o, "retired", json_boolean(card->retired));
    free(q);
    free(a);
    return o;
}

static void print_field(FILE *out, const char *label, const char *value)
{
    if (value && *value)
        fprintf(out, "%-9s %s\n", label, value);
}

void cardview_print(const struct rc_card_info *card, FILE *out)
{
    const struct rc_note *n = card->note;
    char name[256];
    cardview_name(card, name, sizeof(name));
    char *q = NULL, *a = NULL;
    rc_card_render(n, card->ord, &q, &a);
    fprintf(out, "%s (%s%s)\n", name, rc_kind_name(n->kind),
            card->retired ? ", retired" : "");
    print_field(out, "question", q);
    print_field(out, "answer", a);
    if (n->kind == RC_KIND_CLOZE)
        print_field(out, "cloze", n->front);
    const char *ln = list_name(n->kind);
    for (size_t i = 0; ln && i < n->list.n; i++)
        fprintf(out, "%-9s %zu. %s\n", i == 0 ? ln : "", i + 1, n->list.v[i]);
    if (n->kind == RC_KIND_CHOICE && n->pool)
        print_field(out, "pool", n->pool);
    print_field(out, "hint", n->hint);
    print_field(out, "explain", n->explain);
    print_field(out, "tags", n->tags);
    print_field(out, "source", n->source);
    fprintf(out, "%-9s %s:%d\n", "file", card->deck_file, n->line);
    fprintf(out, "%-9s %s", "state", cardview_state_name(card));
    if (card->studied) {
        char due[32];
        rc_time_format_local(card->due_ms, due, sizeof(due));
        fprintf(out, ", due %s, %d reviews, %d lapses", due, card->reps,
                card->lapses);
    }
    fputc('\n', out);
    free(q);
    free(a);
}
