/* client.h -- recall's sync client: login and sync over HTTP(S).
 *
 * Talks docs/sync-protocol.md to a `recall serve` with libcurl.  One
 * struct sync_client is one server and one session token; sync_client_sync
 * runs a whole sync of a profile (push until nothing is left, then pull
 * until the server has no more), each batch committed on its own, so an
 * interrupted sync is finished by the next.
 *
 * Errors come back as RC_E* codes with a message meant for the user:
 * RC_ENET "server unreachable", RC_EAUTH for a wrong password or an
 * expired token (the message says to run `recall login`), RC_ECONFLICT
 * for an incompatible server version, RC_EPARSE for a reply that breaks
 * the protocol.
 *
 * Not here: JSON (protocol.c), merging (recall/sync.h). */
#ifndef RECALL_SYNC_CLIENT_H
#define RECALL_SYNC_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/err.h"

struct rc_collection;
struct sync_client; /* opaque: a curl handle, the URL and the token */

/* Check that 'url' may carry a password: https, or http to a loopback or
 * private-network address (or anything when 'insecure_http').  RC_EINVAL
 * with the reason otherwise. */
int sync_client_url_check(const char *url, bool insecure_http,
                          struct rc_err *err);

/* A new client for 'url' (borrowed; copied) with token 'token' (may be
 * NULL before login).  Free with sync_client_free(). */
struct sync_client *sync_client_new(const char *url, const char *token);
void sync_client_free(struct sync_client *cl);

/* POST /v1/login; on success copy the token into 'token' and set
 * *expires_ms. */
int sync_client_login(struct sync_client *cl, const char *user,
                      const char *password, char token[65], int64_t *expires_ms,
                      struct rc_err *err);

/* One request with the session's token, for the endpoints that are not
 * login, push or pull (groups): 'method' on 'path' (from "/v1/..."),
 * with the JSON 'body' (NULL: none).  Sets *status to the final HTTP
 * status (0 when none came).  On a 2xx reply return RC_OK and set *out
 * to its body, a new string the caller frees with free(); otherwise the
 * error of any other request (retries included) and *out stays NULL. */
int sync_client_call(struct sync_client *cl, const char *method,
                     const char *path, const char *body, long *status,
                     char **out, struct rc_err *err);

/* Progress: called before the first and after each batch of 'phase'
 * ("push" or "pull") with the changes done so far and the fraction of the
 * phase behind us (0-1; negative when unknown).  A push's fraction counts
 * changes; a pull's the server's sequence numbers, which the server says
 * how far they go (changes of others it skips count as done). */
typedef void sync_progress_fn(void *arg, const char *phase, size_t done,
                              double fraction);

struct sync_result {
    size_t pushed;     /* changes the server acknowledged */
    size_t pulled;     /* changes received */
    size_t reviews;    /* new reviews in the log */
    size_t pending;    /* reviews waiting for their card */
    size_t duplicates; /* pulled changes already known */
    size_t batches;
    int64_t last_seq;
};

/* Sync profile 'profile_id' of 'c' with the server. */
int sync_client_sync(struct sync_client *cl, struct rc_collection *c,
                     int64_t profile_id, sync_progress_fn *progress, void *arg,
                     struct sync_result *out, struct rc_err *err);

/* ---- Credentials beside the collection ----------------------------- */

/* The file "<db>.sync.json": per profile its url, user and token. */
struct sync_creds {
    char *url;
    char *user;
    char *token;
    int64_t expires_ms;
};

void sync_creds_release(struct sync_creds *cr);

/* Read the credentials of 'profile' from 'path'.  RC_ENOTFOUND when there
 * are none ("not logged in"). */
int sync_creds_load(const char *path, const char *profile,
                    struct sync_creds *out, struct rc_err *err);

/* Store 'cr' for 'profile' in 'path' (keeping other profiles), written
 * with mode 0600 to a temporary file and renamed over. */
int sync_creds_save(const char *path, const char *profile,
                    const struct sync_creds *cr, struct rc_err *err);

/* Remove the credentials of 'profile' from 'path' (the file goes when no
 * profile is left in it).  RC_ENOTFOUND when it had none. */
int sync_creds_forget(const char *path, const char *profile,
                      struct rc_err *err);

#endif /* RECALL_SYNC_CLIENT_H */
