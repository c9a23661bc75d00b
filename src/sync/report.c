/* report.c -- a group's progress, per member and per card, for its owner.
 *
 * The store walks the members, then their reviews of the group's
 * published decks ordered by member, card and time; this file folds that
 * walk into the report's JSON.  The server keeps no card states (the log
 * is the truth, DESIGN.md), so "due" is what replaying the card's reviews
 * with the FSRS defaults gives, without fuzz's dependence on anything but
 * the card name -- the same rule every client uses for a deck with
 * default options.  Retention is the share of reviews not rated Again.
 *
 * Not here: who may see the report (handlers.c checks ownership). */
#include "server_int.h"

#include <stdlib.h>
#include <string.h>

#include "recall/deck.h"
#include "recall/sched.h"

struct fold {
    json_t *members; /* the array being built */
    json_t *member;  /* the current member's object */
    json_t *cards;   /* its cards */
    char *card;      /* the card being folded, or NULL */
    struct rc_sched_event *events;
    size_t n, alloc;
    struct rc_sched sched;
    int64_t now_ms;
};

/* Close the card being folded: one object in the member's cards. */
static void flush_card(struct fold *f)
{
    if (!f->card)
        return;
    int64_t good = 0;
    for (size_t i = 0; i < f->n; i++)
        good += f->events[i].rating > 1;
    struct rc_sched_state st;
    struct rc_err err = {0};
    bool due = true;
    if (rc_sched_replay(&f->sched, rc_sched_card_seed(f->card), f->events, f->n,
                        &st, &err) == RC_OK)
        due = st.due_ms <= f->now_ms;
    json_array_append_new(f->cards,
                          json_pack("{s:s,s:I,s:f,s:b,s:I}", "card", f->card,
                                    "reviews", (json_int_t)f->n, "retention",
                                    (double)good / (double)f->n, "due", due,
                                    "last_review_ms",
                                    (json_int_t)f->events[f->n - 1].time_ms));
    free(f->card);
    f->card = NULL;
    f->n = 0;
}

static json_t *find_member(json_t *members, const char *user)
{
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m)
    {
        if (strcmp(json_string_value(json_object_get(m, "user")), user) == 0)
            return m;
    }
    return NULL;
}

static int visit(const struct sync_report_row *row, void *arg)
{
    struct fold *f = arg;
    if (!row->card) {
        json_array_append_new(f->members,
                              json_pack("{s:s,s:[],s:n}", "user", row->user,
                                        "cards", "last_study_ms"));
        return 0;
    }
    json_t *m = find_member(f->members, row->user);
    if (!m)
        return 0;
    if (m != f->member || !f->card || strcmp(f->card, row->card) != 0) {
        flush_card(f);
        f->member = m;
        f->cards = json_object_get(m, "cards");
        f->card = rc_xstrdup(row->card);
    }
    if (f->n == f->alloc) {
        f->alloc = f->alloc ? 2 * f->alloc : 16;
        f->events = rc_xreallocarray(f->events, f->alloc, sizeof(*f->events));
    }
    f->events[f->n++] = (struct rc_sched_event){row->time_ms, row->rating};
    json_t *last = json_object_get(m, "last_study_ms");
    if (!json_is_integer(last) || json_integer_value(last) < row->time_ms)
        json_object_set_new(m, "last_study_ms", json_integer(row->time_ms));
    return 0;
}

int sync_group_report(struct sync_store *store, int64_t group_id,
                      int64_t now_ms, json_t **members, struct rc_err *err)
{
    struct fold f = {.members = json_array(), .now_ms = now_ms};
    struct rc_deck_options opts;
    rc_deck_options_default(&opts);
    int rc = rc_sched_init(&f.sched, &opts, 0, true, err);
    if (rc == RC_OK)
        rc = sync_store_group_report(store, group_id, visit, &f, err);
    if (rc == RC_OK)
        flush_card(&f);
    free(f.card);
    free(f.events);
    if (rc < 0) {
        json_decref(f.members);
        return rc;
    }
    *members = f.members;
    return RC_OK;
}
