/* card.c -- the cards a note gives, and what each one shows.
 *
 * A note is what the teacher writes; a card is what the learner sees.
 * Most kinds give one card.  A reversed note gives two, the second asking
 * the other way round.  A cloze gives one per {{deletion}}: card N shows
 * the text with deletion N hidden (as "[...]", or "[hint]" when written
 * {{answer::hint}}) and the other deletions filled in.
 *
 * The cloze marks are scanned here and nowhere else, so that the parser's
 * checks (deck_check.c) and the cards shown can never disagree about what
 * a deletion is: "{{" opens, "}}" closes, nothing nests, and a deletion
 * whose answer is only white space is empty.
 *
 * Not here: choosing distractors or shuffling (the front ends), checking
 * a typed answer (answer.h). */
#include "recall/card.h"

#include <stdlib.h>
#include <string.h>

#include "deck_int.h"

#include "banned.h"

static bool only_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
            return false;
    }
    return true;
}

/* Fill 'sp' for the deletion whose marks are at text[start] and
 * text[close]; false when its answer is empty. */
static bool make_span(const char *text, size_t start, size_t close,
                      struct deck_cloze_span *sp)
{
    sp->start = start;
    sp->end = close + 2;
    sp->ans_start = start + 2;
    sp->ans_end = close;
    sp->hint_start = sp->hint_end = close;
    for (size_t i = sp->ans_start; i + 1 < close; i++) {
        if (text[i] == ':' && text[i + 1] == ':') {
            sp->ans_end = i;
            sp->hint_start = i + 2;
            break;
        }
    }
    return !only_space(text + sp->ans_start, sp->ans_end - sp->ans_start);
}

/* Walk the deletions of 'text', counting them into *n and copying the
 * one numbered 'want' (1-based; 0 for none) into *out. */
static enum deck_cloze scan(const char *text, size_t want,
                            struct deck_cloze_span *out, size_t *n)
{
    size_t count = 0, start = 0;
    bool open = false;
    enum deck_cloze rc = DECK_CLOZE_OK;
    for (size_t i = 0; text[i] && rc == DECK_CLOZE_OK; i++) {
        if (text[i] == '{' && text[i + 1] == '{') {
            rc = open ? DECK_CLOZE_UNBALANCED : DECK_CLOZE_OK;
            open = true;
            start = i++;
        } else if (text[i] == '}' && text[i + 1] == '}') {
            struct deck_cloze_span sp;
            if (!open) {
                rc = DECK_CLOZE_UNBALANCED;
                break;
            }
            if (!make_span(text, start, i, &sp))
                rc = DECK_CLOZE_EMPTY;
            else if (++count == want && out)
                *out = sp;
            open = false;
            i++;
        }
    }
    if (open && rc == DECK_CLOZE_OK)
        rc = DECK_CLOZE_UNBALANCED;
    *n = count;
    return rc;
}

enum deck_cloze deck_cloze_scan(const char *text, size_t *n)
{
    return scan(text, 0, NULL, n);
}

int rc_cloze_count(const char *text)
{
    size_t n = 0;
    if (scan(text, 0, NULL, &n) != DECK_CLOZE_OK)
        return -1;
    return (int)n;
}

size_t rc_note_card_count(const struct rc_note *note)
{
    int n;
    switch (note->kind) {
    case RC_KIND_REVERSED:
        return 2;
    case RC_KIND_CLOZE:
        n = rc_cloze_count(note->front);
        return n > 0 ? (size_t)n : 0;
    case RC_KIND_POOL:
        return 0;
    default:
        return 1;
    }
}

/* Card 'ord' of a cloze: that deletion hidden, the others filled in. */
static void render_cloze(const char *text, size_t ord, char **question,
                         char **answer)
{
    struct rc_buf q = {0};
    struct deck_cloze_span sp, hidden = {0};
    size_t n = 0, pos = 0;
    scan(text, ord, &hidden, &n);
    for (size_t k = 1; k <= n; k++) {
        scan(text, k, &sp, &n);
        rc_buf_add(&q, text + pos, sp.start - pos);
        if (k == ord && sp.hint_end > sp.hint_start) {
            rc_buf_addc(&q, '[');
            rc_buf_add(&q, text + sp.hint_start, sp.hint_end - sp.hint_start);
            rc_buf_addc(&q, ']');
        } else if (k == ord) {
            rc_buf_adds(&q, "[...]");
        } else {
            rc_buf_add(&q, text + sp.ans_start, sp.ans_end - sp.ans_start);
        }
        pos = sp.end;
    }
    rc_buf_adds(&q, text + pos);
    *question = rc_buf_detach(&q, NULL);
    *answer =
        rc_xstrndup(text + hidden.ans_start, hidden.ans_end - hidden.ans_start);
}

static char *join_lines(const struct rc_strlist *l)
{
    struct rc_buf b = {0};
    for (size_t i = 0; i < l->n; i++) {
        if (i > 0)
            rc_buf_addc(&b, '\n');
        rc_buf_adds(&b, l->v[i]);
    }
    return rc_buf_detach(&b, NULL);
}

int rc_card_render(const struct rc_note *note, size_t ord, char **question,
                   char **answer)
{
    *question = NULL;
    *answer = NULL;
    if (ord < 1 || ord > rc_note_card_count(note))
        return RC_ENOTFOUND;
    switch (note->kind) {
    case RC_KIND_CLOZE:
        render_cloze(note->front, ord, question, answer);
        break;
    case RC_KIND_REVERSED:
        *question = rc_xstrdup(ord == 2 ? note->back : note->front);
        *answer = rc_xstrdup(ord == 2 ? note->front : note->back);
        break;
    case RC_KIND_ORDER:
        *question = rc_xstrdup(note->front);
        *answer = join_lines(&note->list);
        break;
    default:
        *question = rc_xstrdup(note->front);
        *answer = rc_xstrdup(note->back);
        break;
    }
    return RC_OK;
}
