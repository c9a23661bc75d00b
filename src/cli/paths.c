/* paths.c -- the collection's default place and the bundled decks.
 *
 * The collection follows the XDG base-directory rules; its directories
 * are created on first use.  The bundled decks are looked for next to the
 * running binary first, so an installed recall and one run from its build
 * directory both find theirs without configuration. */
#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_default_db_path(struct rc_buf *out)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg == '/')
        rc_buf_addf(out, "%s/recall/collection.db", xdg);
    else
        rc_buf_addf(out, "%s/.local/share/recall/collection.db",
                    home && *home ? home : ".");
}

int cli_ensure_parent_dir(const char *path, struct rc_err *err)
{
    struct rc_buf dir = {0};
    rc_buf_adds(&dir, path);
    char *slash = strrchr(dir.buf, '/');
    int rc = RC_OK;
    if (slash && slash != dir.buf) {
        *slash = '\0';
        /* mkdir -p: create each component in turn, ignoring EEXIST. */
        for (char *p = dir.buf + 1; rc == RC_OK; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char saved = *p;
            *p = '\0';
            if (mkdir(dir.buf, 0700) < 0 && errno != EEXIST)
                rc = rc_err_set(err, RC_EIO, "create directory '%s': %s",
                                dir.buf, strerror(errno));
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    rc_buf_release(&dir);
    return rc;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int cli_bundled_decks_dir(struct rc_buf *out, struct rc_err *err)
{
    const char *env = getenv("RECALL_DECKS_DIR");
    if (env && *env) {
        rc_buf_adds(out, env);
        return RC_OK;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char want[PATH_MAX + 32], real[PATH_MAX];
            snprintf(want, sizeof(want), "%s/../share/recall/decks", exe);
            if (is_dir(want) && realpath(want, real)) {
                rc_buf_adds(out, real);
                return RC_OK;
            }
        }
    }
    const char *candidates[] = {RECALL_DATADIR "/decks", RECALL_SOURCE_DECKS};
    for (size_t i = 0; i < 2; i++) {
        if (is_dir(candidates[i])) {
            rc_buf_adds(out, candidates[i]);
            return RC_OK;
        }
    }
    return rc_err_set(err, RC_ENOTFOUND,
                      "cannot find the bundled decks (set RECALL_DECKS_DIR)");
}

void cli_absolute_path(const char *path, struct rc_buf *out)
{
    if (path[0] == '/') {
        rc_buf_adds(out, path);
        return;
    }
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd))) {
        rc_buf_adds(out, path);
        return;
    }
    rc_buf_addf(out, "%s/%s", cwd, path);
}

void cli_relative_path(const char *from_dir, const char *target,
                       struct rc_buf *out)
{
    char from[PATH_MAX], to[PATH_MAX];
    if (!realpath(from_dir, from) || !realpath(target, to)) {
        rc_buf_adds(out, target);
        return;
    }
    /* Longest common prefix that ends at a path component. */
    size_t common = 0;
    for (size_t i = 0; from[i] && from[i] == to[i]; i++)
        if (from[i] == '/')
            common = i;
    size_t flen = strlen(from);
    if (strncmp(from, to, flen) == 0 && (to[flen] == '/' || !to[flen]))
        common = flen;
    for (const char *p = from + common; *p; p++)
        if (*p == '/')
            rc_buf_adds(out, "../");
    const char *rest = to + common;
    rc_buf_adds(out, *rest == '/' ? rest + 1 : rest);
}

int cli_write_file_atomic(const char *path, const char *data, size_t len,
                          struct rc_err *err)
{
    struct rc_buf tmp = {0};
    rc_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp.buf, "wb");
    int rc = RC_OK;
    if (!f) {
        rc = rc_err_set(err, RC_EIO, "write '%s': %s", path, strerror(errno));
    } else {
        bool ok = fwrite(data, 1, len, f) == len && fflush(f) == 0 &&
                  fsync(fileno(f)) == 0;
        ok = fclose(f) == 0 && ok;
        if (!ok || rename(tmp.buf, path) < 0) {
            rc = rc_err_set(err, RC_EIO, "write '%s': %s", path,
                            strerror(errno));
            unlink(tmp.buf);
        }
    }
    rc_buf_release(&tmp);
    return rc;
}
