/* deck_cards.c -- a deck's cards, copied out of the catalog for quiz.h.
 *
 * The catalog lends a card only for the length of its visit; a quiz or a
 * game holds its questions for minutes, so each card is copied: its
 * rendered question and answer, its tags, and the lists its kind needs
 * (a choice's options come from its own list or from its pool).  quiz.h's
 * rc_quiz_card points into these copies, which is why the pointers are
 * set only once loading has stopped moving the array. */
#include "deck_cards.h"

#include <stdlib.h>
#include <string.h>

#include "recall/buf.h"
#include "recall/card.h"
#include "recall/catalog.h"
#include "recall/rng.h"

static void copy_list(struct rc_strlist *dst, const struct rc_strlist *src)
{
    for (size_t i = 0; i < src->n; i++)
        rc_strlist_add(dst, src->v[i]);
}

static void copy_lists(struct deck_cards *d, const struct rc_card_info *card,
                       struct card_copy *own)
{
    const struct rc_note *n = card->note;
    struct rc_err err = {0};
    if (n->kind == RC_KIND_TYPED)
        copy_list(&own->accept, &n->list);
    if (n->kind == RC_KIND_ORDER)
        copy_list(&own->items, &n->list);
    if (n->kind != RC_KIND_CHOICE)
        return;
    if (!n->pool)
        copy_list(&own->options, &n->list);
    else if (rc_pool_items(d->cli->coll, card->deck_key, n->pool, &own->options,
                           &err) < 0)
        d->rc = cli_report(d->cli, &err);
}

static int copy_card(const struct rc_card_info *card, void *arg)
{
    struct deck_cards *d = arg;
    const struct rc_note *n = card->note;
    d->v = rc_xreallocarray(d->v, d->n + 1, sizeof(*d->v));
    d->own = rc_xreallocarray(d->own, d->n + 1, sizeof(*d->own));
    struct card_copy *own = memset(&d->own[d->n], 0, sizeof(*own));
    struct rc_buf name = {0};
    rc_buf_addf(&name, "%s/%s", card->deck_key, n->id);
    if (card->ord != 1)
        rc_buf_addf(&name, "#%zu", card->ord);
    own->name = rc_buf_detach(&name, NULL);
    rc_card_render(n, card->ord, &own->question, &own->answer);
    if (!own->question)
        own->question = rc_xstrdup(n->front);
    if (!own->answer)
        own->answer = rc_xstrdup(n->back);
    own->tags = rc_xstrdup(n->tags);
    own->ignore_accents = n->ignore_accents;
    copy_lists(d, card, own);
    /* Note keys are unique in a deck, so their hash tells siblings. */
    uint64_t note = rc_hash64(RC_HASH64_INIT, n->id, strlen(n->id));
    d->v[d->n++] = (struct rc_quiz_card){
        .card_id = card->card_id,
        .note_id = (int64_t)(note | 1),
        .kind = n->kind,
        .question = own->question,
        .answer = own->answer,
        .tags = own->tags,
    };
    return d->rc == CLI_OK ? 0 : 1;
}

void deck_cards_release(struct deck_cards *d)
{
    for (size_t i = 0; i < d->n; i++) {
        struct card_copy *own = &d->own[i];
        free(own->name);
        free(own->question);
        free(own->answer);
        free(own->tags);
        rc_strlist_release(&own->accept);
        rc_strlist_release(&own->options);
        rc_strlist_release(&own->items);
    }
    free(d->own);
    free(d->v);
    memset(d, 0, sizeof(*d));
}

int deck_cards_load(struct cli *cli, const char *deck, struct deck_cards *d)
{
    struct rc_err err = {0};
    d->cli = cli;
    int rc =
        rc_cards_each(cli->coll, cli->profile_id, deck, 0, copy_card, d, &err);
    if (d->rc != CLI_OK)
        return d->rc;
    if (rc < 0)
        return cli_report(cli, &err);
    if (d->n == 0)
        return cli_error("deck '%s' has no cards to quiz", deck);
    for (size_t i = 0; i < d->n; i++) {
        d->v[i].accept = &d->own[i].accept;
        d->v[i].options = &d->own[i].options;
    }
    return CLI_OK;
}
