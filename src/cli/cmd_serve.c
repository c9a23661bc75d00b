/* cmd_serve.c -- `recall serve`: run the sync server, or add an account.
 *
 * The server itself is src/sync (server.h); this file is its command
 * line: options, the password prompt for --add-user, the log callback
 * (stderr, one line each, stamped) and signals.  SIGINT and SIGTERM are
 * blocked before the server's threads start, so they inherit the mask
 * and the main thread alone takes them in sigwait(); it then stops the
 * server, which finishes the requests in flight, and exits 0.
 *
 * The first line on stdout is "listening on URL", flushed, so a script
 * (and the e2e tests, which ask for port 0) learns the chosen port. */
#include "cli.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../sync/server.h"
#include "paths.h"
#include "recall/buf.h"
#include "recall/clock.h"

static int serve_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_serve = {
    .name = "serve",
    .summary = "run the sync server",
    .usage =
        "usage: recall serve [--listen <addr:port>] [--data <dir>]\n"
        "                    [--open-registration] [--rate-limit <n>]\n"
        "       recall serve --add-user <name> [--data <dir>]\n"
        "\n"
        "Serve the sync protocol (docs/sync-protocol.md) on --listen\n"
        "(default 127.0.0.1:8427; port 0 picks a free port) with its\n"
        "database in --data (default ./recall-server, created). The first\n"
        "line on stdout is 'listening on http://ADDR:PORT'; the log goes to\n"
        "stderr. SIGINT or SIGTERM finish the requests in flight and exit.\n"
        "With --now the server's clock starts at that time and runs on.\n"
        "\n"
        "  --open-registration  let anyone create an account (POST\n"
        "                       /v1/register)\n"
        "  --rate-limit N       requests a minute per token (default 600)\n"
        "  --add-user NAME      add an account and exit; the password is\n"
        "                       asked on the terminal, or read as one line\n"
        "                       from stdin when it is not a terminal\n",
    .run = serve_run,
    .flags = 0,
};

static void log_line(void *arg, const char *line)
{
    (void)arg;
    char when[32];
    rc_time_format_utc(rc_clock_system_ms(), when, sizeof(when));
    fprintf(stderr, "%s %s\n", when, line);
}

/* One line from stdin, without echo when it is a terminal. */
static int read_password(struct rc_buf *pw)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fputs("Password: ", stderr);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (n < 0) {
        free(line);
        return cli_error("serve: no password given");
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    rc_buf_add(pw, line, (size_t)n);
    free(line);
    return CLI_OK;
}

static int add_user(struct cli *cli, const char *data, const char *user)
{
    struct rc_buf pw = {0};
    struct rc_err err = {0};
    int rc = read_password(&pw);
    if (rc == CLI_OK && sync_server_add_user(data, user, rc_buf_str(&pw),
                                             cli->now_ms, &err) < 0)
        rc = cli_report(cli, &err);
    else if (rc == CLI_OK)
        printf("user added: %s\n", user);
    rc_buf_release(&pw);
    return rc;
}

/* With --now the server's clock starts at that time and runs on from
 * there (a frozen clock would stall rate windows), so tests can put the
 * server days ahead to expire sessions and invites. */
static int64_t shifted_clock(void *arg)
{
    return rc_clock_system_ms() + *(const int64_t *)arg;
}

static int serve(struct cli *cli, struct sync_server_config *cfg)
{
    int64_t shift = cli->now_ms - rc_clock_system_ms();
    if (cli->now_pinned) {
        cfg->clock = shifted_clock;
        cfg->clock_arg = &shift;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct sync_server *srv = NULL;
    struct rc_err err = {0};
    if (sync_server_start(cfg, &srv, &err) < 0)
        return cli_report(cli, &err);
    printf("listening on %s\n", sync_server_url(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    log_line(NULL, sig == SIGINT ? "SIGINT: stopping" : "SIGTERM: stopping");
    sync_server_stop(srv);
    return CLI_OK;
}

/* A whole positive decimal number. */
static bool positive(const char *s, int *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v <= 0 || v > 1000000000L)
        return false;
    *out = (int)v;
    return true;
}

static int serve_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"data", required_argument, NULL, 'd'},
        {"open-registration", no_argument, NULL, 'o'},
        {"rate-limit", required_argument, NULL, 'r'},
        {"add-user", required_argument, NULL, 'a'},
        {NULL, 0, NULL, 0},
    };
    struct sync_server_config cfg = {.log = log_line};
    const char *data = "recall-server", *user = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'l')
            cfg.listen = optarg;
        else if (c == 'd')
            data = optarg;
        else if (c == 'o')
            cfg.open_registration = true;
        else if (c == 'a')
            user = optarg;
        else if (c == 'r' && positive(optarg, &cfg.rate_limit))
            continue;
        else
            return cli_usage_error(&cmd_serve, "bad option '%s'",
                                   argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage_error(&cmd_serve, "unexpected argument '%s'",
                               argv[optind]);
    /* The store wants its directory: make it, as mkdir -p. */
    struct rc_err err = {0};
    struct rc_buf db = {0};
    rc_buf_addf(&db, "%s/server.db", data);
    int rc = cli_ensure_parent_dir(rc_buf_str(&db), &err);
    rc_buf_release(&db);
    if (rc < 0)
        return cli_report(cli, &err);
    cfg.data_dir = data;
    return user ? add_user(cli, data, user) : serve(cli, &cfg);
}
