/* repl.c -- one line of input at a time, with readline on a terminal.
 *
 * readline gives the learner what a shell gives: editing, history (up
 * arrow brings back an earlier answer) and completion of the ':' commands
 * with Tab.  Without a terminal we must not emit readline's escape
 * sequences, so the prompt is printed as a plain line and the answer read
 * with getline: that is the line protocol scripts and tests speak. */
#include "repl.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* readline's completion callbacks take no context argument, so the
 * command list has to live here for the session; it is set once, by
 * repl_init, and only read afterwards. */
static const char *const *completion_words;

static char *complete_next(const char *text, int state)
{
    static size_t index;
    if (state == 0)
        index = 0;
    size_t len = strlen(text);
    while (completion_words && completion_words[index]) {
        const char *w = completion_words[index++];
        if (strncmp(w, text, len) == 0)
            return strdup(w);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1; /* never fall back to file names */
    if (start != 0 || text[0] != ':')
        return NULL;
    return rl_completion_matches(text, complete_next);
}

void repl_init(struct repl *r, const char *const *commands)
{
    r->tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    r->line = NULL;
    if (r->tty) {
        completion_words = commands;
        rl_readline_name = "recall";
        rl_attempted_completion_function = complete;
        rl_basic_word_break_characters = " \t";
    }
}

const char *repl_read(struct repl *r, const char *prompt)
{
    free(r->line);
    r->line = NULL;
    if (r->tty) {
        r->line = readline(prompt);
        if (r->line && r->line[0])
            add_history(r->line);
        return r->line;
    }
    printf("%s\n", prompt);
    fflush(stdout);
    size_t cap = 0;
    ssize_t n = getline(&r->line, &cap, stdin);
    if (n < 0) {
        free(r->line);
        r->line = NULL;
        return NULL;
    }
    while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r'))
        r->line[--n] = '\0';
    return r->line;
}

void repl_release(struct repl *r)
{
    free(r->line);
    r->line = NULL;
}
