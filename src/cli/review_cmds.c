/* review_cmds.c -- what the ':' commands of a review session do.
 *
 * Each command acts on the card on screen or on the last answer, through
 * the same core calls as the rest of recall: :undo deletes the last
 * review and restores the card's stored state exactly (answer.c), :bury
 * and :suspend set flags on the card for this profile, :edit opens the
 * deck file at the card's line and re-imports it.  None of them records
 * an answer, so the card on screen comes back unless it was set aside. */
#include "review_cmds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "importer.h"
#include "recall/buf.h"
#include "recall/catalog.h"
#include "term.h"

const char *const review_command_names[] = {
    ":undo", ":bury", ":suspend", ":source", ":explain",
    ":edit", ":help", ":quit",    NULL,
};

static const char help_text[] =
    ":undo     take back the last answer; its card comes back\n"
    ":bury     set this card aside until tomorrow\n"
    ":suspend  stop studying this card (until unsuspended)\n"
    ":source   the passage of the text around the card's quote\n"
    ":explain  why this card has its interval\n"
    ":edit     open the deck file at this card in $EDITOR, then re-import\n"
    ":help     this list\n"
    ":quit     end the session (answers are already saved)\n";

static int undo(struct session *s)
{
    if (!s->undo.valid) {
        printf("nothing to undo\n");
        return CLI_OK;
    }
    struct rc_err err = {0};
    int rc =
        rc_answer_undo(s->cli->coll, s->cli->profile_id, s->undo.card.card_id,
                       s->undo.review_id, &s->undo.before, &err);
    if (rc == RC_ECONFLICT) {
        printf("cannot undo: %s\n", err.msg);
        s->undo.valid = false;
        return CLI_OK;
    }
    if (rc < 0)
        return cli_report(s->cli, &err);
    rc_queue_push_front(s->queue, &s->undo.card);
    s->answered--;
    s->right -= s->undo.was_right;
    s->undo.valid = false;
    printf("undone: the last card comes back\n");
    return CLI_OK;
}

static int set_aside(struct session *s, const struct rc_queue_card *qc,
                     bool suspend)
{
    struct rc_err err = {0};
    int rc = suspend
                 ? rc_card_set_suspended(s->cli->coll, s->cli->profile_id,
                                         qc->card_id, true, &err)
                 : rc_card_bury(s->cli->coll, s->cli->profile_id, qc->card_id,
                                rc_queue_day_end_ms(s->queue), &err);
    if (rc < 0)
        return cli_report(s->cli, &err);
    rc_queue_done(s->queue, qc->card_id, 0);
    printf(suspend ? "suspended\n" : "buried until tomorrow\n");
    return CLI_OK;
}

/* Print the paragraph of the source text holding the card's quote. */
static int source(struct session *s, const struct card_view *v)
{
    if (!*v->source) {
        printf("this card quotes no source\n");
        return CLI_OK;
    }
    struct rc_deck *deck = NULL;
    struct rc_err err = {0};
    if (rc_deck_load(s->cli->coll, v->deck_key, &deck, &err) < 0)
        return cli_report(s->cli, &err);
    FILE *f = fopen(deck->source_path, "rb");
    struct rc_buf text = {0};
    char chunk[4096];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc_buf_add(&text, chunk, n);
    if (f)
        fclose(f);
    else /* moved, or never here (a group's deck): the copy kept at import */
        rc_buf_adds(&text, deck->source_text);
    /* Quotes fold white space, so look for their first words only. */
    size_t probe = strcspn(v->source, "\n");
    if (probe > 40)
        probe = 40;
    char *key = rc_xstrndup(v->source, probe);
    const char *hit = text.buf ? strstr(text.buf, key) : NULL;
    if (!hit) {
        printf("source: %s\n", v->source);
    } else {
        const char *start = hit, *end = hit;
        while (start > text.buf && !(start[-1] == '\n' &&
                                     start - 1 > text.buf && start[-2] == '\n'))
            start--;
        while (*end && !(end[0] == '\n' && end[1] == '\n'))
            end++;
        printf("%s (%s):\n%.*s\n", deck->source_file, deck->title,
               (int)(end - start), start);
    }
    free(key);
    rc_buf_release(&text);
    rc_deck_free(deck);
    return CLI_OK;
}

/* Open $EDITOR at the card's line, then import the file again. */
static int edit(struct session *s, const struct card_view *v)
{
    const char *editor = getenv("VISUAL");
    if (!editor || !*editor)
        editor = getenv("EDITOR");
    if (!editor || !*editor)
        editor = "vi";
    char line[32];
    snprintf(line, sizeof(line), "+%d", v->line);
    pid_t pid = fork();
    if (pid == 0) {
        execlp(editor, editor, line, v->deck_file, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return cli_error("edit: '%s' did not finish cleanly; nothing "
                         "re-imported",
                         editor);
    char *paths[] = {v->deck_file};
    cli_import_paths(s->cli, paths, 1, false, false);
    return CLI_OK;
}

int review_command(struct session *s, const struct rc_queue_card *qc,
                   const struct card_view *v, const char *command)
{
    if (strcmp(command, ":quit") == 0 || strcmp(command, ":q") == 0)
        return TURN_QUIT;
    if (strcmp(command, ":undo") == 0)
        return undo(s);
    if (strcmp(command, ":bury") == 0)
        return set_aside(s, qc, false);
    if (strcmp(command, ":suspend") == 0)
        return set_aside(s, qc, true);
    if (strcmp(command, ":source") == 0)
        return source(s, v);
    if (strcmp(command, ":explain") == 0) {
        cli_card_explain(s->cli, qc->card_id, v->name);
        return CLI_OK;
    }
    if (strcmp(command, ":edit") == 0)
        return edit(s, v);
    if (strcmp(command, ":help") == 0) {
        fputs(help_text, stdout);
        return CLI_OK;
    }
    printf("unknown command '%s' (try :help)\n", command);
    return CLI_OK;
}
