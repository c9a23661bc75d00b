/* cmd_logout.c -- `recall logout`: end this profile's sync session.
 *
 * The server revokes the token (POST /v1/logout), and the session is
 * removed from "<db>.sync.json" either way: when the server cannot be
 * told, the token is forgotten here and says so, as it then lives on
 * there until it expires (nobody holds it any more).  Reviews are not
 * touched: what was not synced yet waits for the next login. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "../sync/client.h"
#include "recall/buf.h"
#include "recall/clock.h"

static int logout_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_logout = {
    .name = "logout",
    .summary = "end the sync session of 'recall login'",
    .usage = "usage: recall logout\n"
             "\n"
             "Revoke this profile's session on its sync server and remove it\n"
             "from <db>.sync.json. Nothing in the collection changes; what is\n"
             "not synced yet goes with the next sync after 'recall login'.\n",
    .run = logout_run,
    .flags = 0,
};

static int logout_run(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage_error(&cmd_logout, "unexpected argument '%s'",
                               argv[1]);
    struct rc_buf path = {0};
    rc_buf_addf(&path, "%s.sync.json", cli->db_path);
    struct sync_creds cr;
    struct rc_err err = {0}, server_err = {0};
    int rc = sync_creds_load(rc_buf_str(&path), cli->profile, &cr, &err);
    if (rc < 0) {
        rc_buf_release(&path);
        return cli_report(cli, &err);
    }
    struct sync_client *cl = sync_client_new(cr.url, cr.token);
    long status = 0;
    char *reply = NULL;
    int told = sync_client_call(cl, "POST", "/v1/logout", NULL, &status, &reply,
                                &server_err);
    free(reply);
    sync_client_free(cl);
    /* A 401: the session had ended there already (expired or revoked). */
    bool ended = told == RC_OK || status == 401;
    rc = sync_creds_forget(rc_buf_str(&path), cli->profile, &err);
    rc_buf_release(&path);
    if (rc < 0) {
        sync_creds_release(&cr);
        return cli_report(cli, &err);
    }
    char until[32];
    rc_time_format_utc(cr.expires_ms, until, sizeof(until));
    if (ended)
        fprintf(stderr, "logged out of %s\n", cr.url);
    else
        cli_warn("%s", server_err.msg);
    sync_creds_release(&cr);
    if (!ended)
        return cli_error("logged out here, but the server was not told: the "
                         "session ends there on its own at %s",
                         until);
    return CLI_OK;
}
