/* cmd_login.c -- `recall login URL [--user NAME]`: start a sync session.
 *
 * Asks for the password (without echo on a terminal, one line from stdin
 * otherwise), trades it for a session token, and keeps URL, user and
 * token for the profile in "<db>.sync.json" (mode 0600).  The password is
 * never stored.  Plain http is refused unless the server is on this
 * machine or a private network, or --insecure-http is given. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../sync/client.h"
#include "recall/buf.h"

static int login_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_login = {
    .name = "login",
    .summary = "log in to a sync server",
    .usage = "usage: recall login [--user NAME] [--insecure-http] URL\n"
             "\n"
             "Log in to the sync server at URL (e.g. https://recall.example)\n"
             "as NAME (default: the profile's name). The password is read\n"
             "from the terminal without echo, or as one line from stdin.\n"
             "The session is kept for this profile beside the collection,\n"
             "in <db>.sync.json, readable only by you; then 'recall sync'.\n"
             "\n"
             "  --user NAME       the account name\n"
             "  --insecure-http   allow plain http to a public address\n",
    .run = login_run,
    .flags = 0,
};

/* One line from stdin, without echo when it is a terminal. */
static int read_password(struct rc_buf *out)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fputs("password: ", stderr);
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
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (n > 0)
        rc_buf_add(out, line, (size_t)n);
    free(line);
    return n > 0 ? 0 : -1;
}

static int login_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"user", required_argument, NULL, 'u'},
        {"insecure-http", no_argument, NULL, 'i'},
        {NULL, 0, NULL, 0},
    };
    const char *user = cli->profile;
    bool insecure = false;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'u')
            user = optarg;
        else if (c == 'i')
            insecure = true;
        else
            return cli_usage_error(&cmd_login, "unknown option '%s'",
                                   argv[optind - 1]);
    }
    if (argc - optind != 1)
        return cli_usage_error(&cmd_login, "give the server's URL");
    const char *url = argv[optind];
    struct rc_err err = {0};
    if (sync_client_url_check(url, insecure, &err) < 0)
        return cli_report(cli, &err);
    struct rc_buf pw = {0}, path = {0};
    if (read_password(&pw) < 0)
        return cli_error("no password given");
    char token[65];
    int64_t expires_ms = 0;
    struct sync_client *cl = sync_client_new(url, NULL);
    int rc =
        sync_client_login(cl, user, rc_buf_str(&pw), token, &expires_ms, &err);
    sync_client_free(cl);
    memset(pw.buf, 0, pw.len);
    rc_buf_release(&pw);
    struct sync_creds cr = {.url = (char *)url,
                            .user = (char *)user,
                            .token = token,
                            .expires_ms = expires_ms};
    rc_buf_addf(&path, "%s.sync.json", cli->db_path);
    if (rc == RC_OK)
        rc = sync_creds_save(rc_buf_str(&path), cli->profile, &cr, &err);
    rc_buf_release(&path);
    if (rc < 0)
        return cli_report(cli, &err);
    fprintf(stderr, "logged in to %s as %s\n", url, user);
    return CLI_OK;
}
