/* group.h -- the client's side of study groups (docs/sync-protocol.md,
 * "Groups").
 *
 * A group has an owner, who invites members with join codes, publishes
 * decks to it and reads its report; members receive the published decks'
 * content on their next sync (the server sends it with their pull) and
 * keep their own reviews.  Each function here is one request with the
 * session of a struct sync_client, and turns the server's statuses into
 * messages for the user: RC_ENOTFOUND "no group 'x'" (also for a group
 * the account may not see: the server does not say which), RC_ECONFLICT
 * "group 'x' exists", RC_EINVAL for a name the server would refuse,
 * RC_EPARSE for a reply that breaks the protocol; the rest as
 * sync_client_call() reports it (unreachable, expired session...).
 *
 * Not here: HTTP (client.c), the server's side (handlers.c, report.c),
 * printing (src/cli/cmd_group.c). */
#ifndef RECALL_SYNC_GROUP_H
#define RECALL_SYNC_GROUP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "recall/err.h"

struct sync_client;

#define SYNC_GROUP_NAME_MAX 64 /* bytes of A-Z a-z 0-9 . _ - */

/* True when 'name' is a name the server accepts for a group. */
bool sync_group_name_ok(const char *name);

/* Create group 'name', owned by the session's account. */
int sync_group_create(struct sync_client *cl, const char *name,
                      struct rc_err *err);

/* A new join code for group 'name' (owner only), copied into 'code'
 * ("XXXX-XXXX"), and when it expires. */
int sync_group_invite(struct sync_client *cl, const char *name, char code[16],
                      int64_t *expires_ms, struct rc_err *err);

/* Join the group of invite 'code'; its name is copied into 'group'. */
int sync_group_join(struct sync_client *cl, const char *code,
                    char group[SYNC_GROUP_NAME_MAX + 1], struct rc_err *err);

/* Publish deck 'deck' (its key) to group 'name' (owner only). */
int sync_group_publish(struct sync_client *cl, const char *name,
                       const char *deck, struct rc_err *err);

/* The report of group 'name' (owner only), checked against the protocol:
 * {"group", "members": [{"user", "cards": [{"card", "reviews",
 * "retention", "due", "last_review_ms"}], "last_study_ms"}]}.  On success
 * *out is the reply, which the caller releases with json_decref(). */
int sync_group_fetch_report(struct sync_client *cl, const char *name,
                            json_t **out, struct rc_err *err);

/* The report 'body' (len bytes) checked as sync_group_fetch_report()
 * does; exposed for tests. */
int sync_group_report_parse(const char *body, size_t len, json_t **out,
                            struct rc_err *err);

/* ---- Groups created here ------------------------------------------- */

/* Groups a profile created from this collection are remembered in the
 * file "<db>.groups.json", so that `recall group publish` can do without
 * --group when there is one.  Add 'name' to the list of 'profile'. */
int sync_group_remember(const char *path, const char *profile, const char *name,
                        struct rc_err *err);

/* The groups remembered for 'profile', as a new JSON array of strings
 * (empty when there is no file); the caller releases it with
 * json_decref(). */
int sync_group_remembered(const char *path, const char *profile, json_t **out,
                          struct rc_err *err);

#endif /* RECALL_SYNC_GROUP_H */
