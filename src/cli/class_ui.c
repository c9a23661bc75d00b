/* class_ui.c -- the teacher's terminal during `recall class host`.
 *
 * The host serves the game from its own threads; this loop is the
 * teacher's side of it.  Every 100 ms (or at once on a key) it takes the
 * game's lock, applies the key, and compares the game with what it has
 * shown: a new player, a question opened, the answer count, a question
 * closed (its distribution and the leaderboard), the podium.  What to
 * print is gathered in a buffer under the lock and written after it, so
 * a slow terminal never holds up the students.
 *
 * Keys come from a terminal in raw mode (Enter, p, s, q: no Enter
 * needed after a letter), or one command a line from a pipe, which is
 * how tests and scripts drive a game; the end of input ends it.  On a
 * terminal the countdown and the answer count share one line redrawn
 * in place; on a pipe each change of the count is a line of its own.
 *
 * Not here: serving (src/class/host.c), the report's format
 * (class_report.c). */
#include "class_cli.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../class/host.h"
#include "recall/buf.h"

#define TICK_MS    100
#define BOARD_ROWS 5
#define MAX_LINE   256

enum ui_cmd {
    CMD_NONE,
    CMD_NEXT,
    CMD_PAUSE,
    CMD_SKIP,
    CMD_END,
    CMD_EOF,
};

struct ui {
    struct cli *cli;
    const struct class_host_opts *o;
    bool tty;
    struct termios saved;
    char line[MAX_LINE]; /* a pipe's partial line */
    size_t line_len;
    size_t players;  /* shown as joined */
    size_t opened;   /* questions shown open, 1-based; 0 none */
    size_t closed;   /* questions shown closed, 1-based */
    size_t answered; /* the count last shown */
    int64_t left_s;  /* the countdown last shown */
    bool paused;
    bool over; /* the podium is shown */
    bool reported;
    bool live_line; /* a tty line waits to be redrawn */
};

/* ---- Input ------------------------------------------------------------ */

static enum ui_cmd parse_cmd(const char *s)
{
    if (!*s || strcmp(s, "next") == 0 || strcmp(s, "n") == 0)
        return CMD_NEXT;
    if (strcmp(s, "p") == 0 || strcmp(s, "pause") == 0)
        return CMD_PAUSE;
    if (strcmp(s, "s") == 0 || strcmp(s, "skip") == 0)
        return CMD_SKIP;
    if (strcmp(s, "q") == 0 || strcmp(s, "quit") == 0 || strcmp(s, "end") == 0)
        return CMD_END;
    return CMD_NONE;
}

/* Take one complete line from the pipe's buffer, if there is one. */
static enum ui_cmd take_line(struct ui *u, bool *got)
{
    char *nl = memchr(u->line, '\n', u->line_len);
    *got = nl != NULL;
    if (!nl)
        return CMD_NONE;
    *nl = '\0';
    if (nl > u->line && nl[-1] == '\r')
        nl[-1] = '\0';
    enum ui_cmd c = parse_cmd(u->line);
    size_t used = (size_t)(nl - u->line) + 1;
    memmove(u->line, nl + 1, u->line_len - used);
    u->line_len -= used;
    return c;
}

static enum ui_cmd read_key(void)
{
    char c;
    ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n <= 0)
        return n == 0 ? CMD_EOF : CMD_NONE;
    if (c == '\n' || c == '\r')
        return CMD_NEXT;
    char s[2] = {c, '\0'};
    return c == 4 ? CMD_END : parse_cmd(s);
}

static enum ui_cmd read_cmd(struct ui *u)
{
    bool got;
    enum ui_cmd c = take_line(u, &got);
    if (got)
        return c;
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, TICK_MS) <= 0)
        return CMD_NONE;
    if (u->tty)
        return read_key();
    if (u->line_len == sizeof(u->line) - 1)
        u->line_len = 0; /* an over-long line is no command */
    ssize_t n = read(STDIN_FILENO, u->line + u->line_len,
                     sizeof(u->line) - 1 - u->line_len);
    if (n == 0)
        return CMD_EOF;
    if (n < 0)
        return errno == EINTR ? CMD_NONE : CMD_EOF;
    u->line_len += (size_t)n;
    c = take_line(u, &got);
    return c;
}

static void raw_on(struct ui *u)
{
    u->tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &u->saved) == 0;
    if (!u->tty)
        return;
    struct termios t = u->saved;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

static void raw_off(struct ui *u)
{
    if (u->tty)
        tcsetattr(STDIN_FILENO, TCSANOW, &u->saved);
}

/* ---- Acting ----------------------------------------------------------- */

/* Apply 'c' to the game; report a refusal to 'out'. */
static void act(struct class_game *g, enum ui_cmd c, int64_t now,
                struct rc_buf *out)
{
    struct class_status st;
    class_game_status(g, now, &st);
    struct rc_err err = {0};
    int rc = RC_OK;
    if (c == CMD_NEXT && st.phase == CLASS_LOBBY)
        rc = class_game_start(g, now, &err);
    else if (c == CMD_NEXT && st.phase != CLASS_OVER)
        rc = class_game_next(g, now, &err);
    else if (c == CMD_PAUSE && st.paused)
        rc = class_game_resume(g, now, &err);
    else if (c == CMD_PAUSE)
        rc = class_game_pause(g, now, &err);
    else if (c == CMD_SKIP)
        rc = class_game_skip(g, now, &err);
    else if ((c == CMD_END || c == CMD_EOF) && st.phase != CLASS_OVER)
        rc = class_game_end(g, now, &err);
    if (rc < 0)
        rc_buf_addf(out, "%s\n", err.msg);
}

/* ---- Showing ---------------------------------------------------------- */

static void end_live(struct ui *u, struct rc_buf *out)
{
    if (u->live_line)
        rc_buf_adds(out, "\n");
    u->live_line = false;
}

static void show_joins(struct ui *u, const struct class_game *g,
                       struct rc_buf *out)
{
    size_t n = class_game_players(g);
    for (; u->players < n; u->players++) {
        struct class_rank r;
        if (class_game_rank(g, u->players, &r) < 0)
            continue;
        end_live(u, out);
        rc_buf_addf(out, "joined: %s (%zu player%s)\n", r.name, u->players + 1,
                    u->players ? "s" : "");
    }
}

static void show_question(struct ui *u, const struct class_game *g,
                          const struct class_status *st, struct rc_buf *out)
{
    struct class_shown q;
    if (class_game_question(g, st->question, &q) < 0)
        return;
    end_live(u, out);
    rc_buf_addf(out, "\n[question %zu of %zu] %s\n", st->question + 1,
                st->n_questions, q.text);
    for (size_t i = 0; q.shown && i < q.shown->n; i++)
        rc_buf_addf(out, "  %zu) %s\n", i + 1, q.shown->v[i]);
    if (q.ask == RC_QUIZ_ASK_ORDER)
        rc_buf_adds(out, "  (put in order)\n");
    u->opened = st->question + 1;
    u->answered = (size_t)-1;
    u->left_s = -1;
}

static void show_progress(struct ui *u, const struct class_status *st,
                          struct rc_buf *out)
{
    int64_t left_s = (st->remaining_ms + 999) / 1000;
    bool moved = st->n_answered != u->answered || st->paused != u->paused;
    if (u->tty && (moved || left_s != u->left_s)) {
        rc_buf_addf(out, "\r  %s%3lld s left, %zu of %zu answered  ",
                    st->paused ? "paused: " : "", (long long)left_s,
                    st->n_answered, st->n_players);
        u->live_line = true;
    } else if (!u->tty && moved) {
        rc_buf_addf(out, "answered: %zu of %zu%s\n", st->n_answered,
                    st->n_players, st->paused ? " (paused)" : "");
    }
    u->answered = st->n_answered;
    u->left_s = left_s;
    u->paused = st->paused;
}

static void show_board(const struct class_game *g, const char *title,
                       size_t rows, struct rc_buf *out)
{
    struct class_rank r[BOARD_ROWS];
    size_t n = class_game_leaderboard(g, r, rows);
    rc_buf_addf(out, "%s\n", title);
    for (size_t i = 0; i < n; i++)
        rc_buf_addf(out, "  %zu. %s %lld\n", r[i].place, r[i].name,
                    (long long)r[i].score);
}

static void show_closed(struct ui *u, const struct class_game *g, size_t i,
                        struct rc_buf *out)
{
    struct class_shown q;
    struct class_distribution d = {0};
    u->closed = i + 1;
    if (class_game_question(g, i, &q) < 0 || q.skipped ||
        class_game_distribution(g, i, &d) < 0)
        return;
    end_live(u, out);
    rc_buf_addf(out, "closed: question %zu\n  answer: %s\n", i + 1, q.right);
    for (size_t k = 0; k < d.n_counts; k++)
        rc_buf_addf(out, "  %zu) %s: %zu%s\n", k + 1, q.shown->v[k],
                    d.counts[k], k == q.answer_option ? " (right)" : "");
    rc_buf_addf(out, "  right %zu, wrong %zu, almost %zu, no answer %zu\n",
                d.right, d.wrong, d.almost, d.none);
    class_distribution_release(&d);
    show_board(g, "leaderboard:", BOARD_ROWS, out);
}

/* Show what changed since the last call. */
static void show(struct ui *u, struct class_game *g, int64_t now,
                 struct rc_buf *out)
{
    struct class_status st;
    class_game_status(g, now, &st);
    show_joins(u, g, out);
    if (st.phase == CLASS_LOBBY)
        return;
    if (st.phase == CLASS_OPEN && u->opened != st.question + 1) {
        if (u->opened && u->closed != u->opened)
            show_closed(u, g, u->opened - 1, out);
        show_question(u, g, &st, out);
    }
    if (st.phase == CLASS_OPEN)
        show_progress(u, &st, out);
    bool done = st.phase == CLASS_CLOSED || st.phase == CLASS_OVER;
    if (done && u->opened == st.question + 1 && u->closed != u->opened)
        show_closed(u, g, st.question, out);
    if (st.phase == CLASS_OVER && !u->over) {
        end_live(u, out);
        show_board(g, "over\npodium:", 3, out);
        rc_buf_adds(out, u->tty ? "Enter or q closes the host.\n" : "");
        u->over = true;
    }
}

/* ---- The loop --------------------------------------------------------- */

static int report(struct ui *u, struct class_host *host)
{
    if (u->reported)
        return CLI_OK;
    u->reported = true;
    int rc = CLI_OK;
    for (size_t i = 0; i < u->o->n_report && rc == CLI_OK; i++) {
        struct class_game *g = class_host_lock(host);
        rc = class_report_write(g, u->o->report[i]);
        class_host_unlock(host);
        if (rc == CLI_OK)
            printf("report: %s\n", u->o->report[i]);
    }
    fflush(stdout);
    return rc;
}

int class_ui_run(struct cli *cli, struct class_host *host,
                 const struct class_host_opts *o)
{
    struct ui u = {.cli = cli, .o = o, .left_s = -1};
    struct rc_buf out = {0};
    int rc = CLI_OK;
    raw_on(&u);
    printf("%s\n", u.tty ? "Enter starts the game; p pause, s skip, q end."
                         : "waiting: 'next' starts the game");
    fflush(stdout);
    for (;;) {
        bool was_over = u.over;
        enum ui_cmd c = read_cmd(&u);
        struct class_game *g = class_host_lock(host);
        int64_t now = class_host_now(host);
        if (c != CMD_NONE)
            act(g, c, now, &out);
        show(&u, g, now, &out);
        class_host_unlock(host);
        fputs(rc_buf_str(&out), stdout);
        fflush(stdout);
        rc_buf_reset(&out);
        if (u.over && rc == CLI_OK)
            rc = report(&u, host);
        if (c == CMD_EOF || (was_over && (c == CMD_NEXT || c == CMD_END)))
            break;
    }
    raw_off(&u);
    rc_buf_release(&out);
    return rc;
}
