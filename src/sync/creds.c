/* creds.c -- the session kept beside the collection, "<db>.sync.json".
 *
 * One JSON object per profile (server URL, user, token, expiry), so
 * profiles that share a collection sync to their own accounts.  The token
 * is a password for as long as it lives: the file is created with mode
 * 0600, written to a temporary file beside it and renamed over, so a
 * crash leaves the old file or the new one, never half of either. */
#include "client.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recall/buf.h"

void sync_creds_release(struct sync_creds *cr)
{
    free(cr->url);
    free(cr->user);
    free(cr->token);
    memset(cr, 0, sizeof(*cr));
}

int sync_creds_load(const char *path, const char *profile,
                    struct sync_creds *out, struct rc_err *err)
{
    memset(out, 0, sizeof(*out));
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root && access(path, F_OK) != 0)
        return rc_err_set(err, RC_ENOTFOUND,
                          "not logged in: run 'recall login URL' first");
    if (!root)
        return rc_err_set(err, RC_EPARSE, "%s: %s", path, je.text);
    json_t *p = json_object_get(json_object_get(root, "profiles"), profile);
    const char *url = json_string_value(json_object_get(p, "url"));
    const char *user = json_string_value(json_object_get(p, "user"));
    const char *token = json_string_value(json_object_get(p, "token"));
    int rc = RC_OK;
    if (!url || !token)
        rc = rc_err_set(err, RC_ENOTFOUND,
                        "profile '%s' is not logged in: run 'recall login "
                        "URL' first",
                        profile);
    else {
        out->url = rc_xstrdup(url);
        out->user = rc_xstrdup(user ? user : "");
        out->token = rc_xstrdup(token);
        out->expires_ms = json_integer_value(json_object_get(p, "expires_ms"));
    }
    json_decref(root);
    return rc;
}

static int write_file(const char *path, const char *text, struct rc_err *err)
{
    struct rc_buf tmp = {0};
    rc_buf_addf(&tmp, "%s.tmp%ld", path, (long)getpid());
    int fd = open(rc_buf_str(&tmp), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = RC_OK;
    size_t len = strlen(text);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) < 0)
        rc = rc_err_set(err, RC_EIO, "%s: %s", rc_buf_str(&tmp),
                        strerror(errno));
    if (fd >= 0 && close(fd) < 0 && rc == RC_OK)
        rc = rc_err_set(err, RC_EIO, "%s: %s", rc_buf_str(&tmp),
                        strerror(errno));
    if (rc == RC_OK && rename(rc_buf_str(&tmp), path) < 0)
        rc = rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
    if (rc < 0)
        unlink(rc_buf_str(&tmp));
    rc_buf_release(&tmp);
    return rc;
}

int sync_creds_forget(const char *path, const char *profile, struct rc_err *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root && access(path, F_OK) != 0)
        return rc_err_set(err, RC_ENOTFOUND, "not logged in");
    if (!root)
        return rc_err_set(err, RC_EPARSE, "%s: %s", path, je.text);
    json_t *profiles = json_object_get(root, "profiles");
    int rc = RC_OK;
    if (json_object_del(profiles, profile) != 0)
        rc = rc_err_set(err, RC_ENOTFOUND, "profile '%s' is not logged in",
                        profile);
    else if (json_object_size(profiles) == 0 && unlink(path) < 0)
        rc = rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
    else if (json_object_size(profiles) > 0) {
        char *text = json_dumps(root, JSON_INDENT(2));
        rc = text ? write_file(path, text, err)
                  : rc_err_set(err, RC_EINVAL, "%s: not valid UTF-8", path);
        free(text);
    }
    json_decref(root);
    return rc;
}

int sync_creds_save(const char *path, const char *profile,
                    const struct sync_creds *cr, struct rc_err *err)
{
    json_t *root = json_load_file(path, 0, NULL);
    if (!json_is_object(root)) {
        json_decref(root);
        root = json_object();
    }
    json_t *profiles = json_object_get(root, "profiles");
    if (!json_is_object(profiles)) {
        profiles = json_object();
        json_object_set_new(root, "profiles", profiles);
    }
    json_object_set_new(profiles, profile,
                        json_pack("{s:s, s:s, s:s, s:I}", "url", cr->url,
                                  "user", cr->user, "token", cr->token,
                                  "expires_ms", (json_int_t)cr->expires_ms));
    char *text = json_dumps(root, JSON_INDENT(2));
    json_decref(root);
    if (!text)
        return rc_err_set(err, RC_EINVAL, "credentials are not valid UTF-8");
    int rc = write_file(path, text, err);
    free(text);
    return rc;
}
