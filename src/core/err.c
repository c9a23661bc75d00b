/* err.c -- filling struct rc_err.
 *
 * The message is formatted once, where the facts are known, into a fixed
 * buffer that truncates instead of overflowing.  An error already set is
 * never overwritten: the first cause wins, so cleanup paths may call into
 * code that fails again without hiding what went wrong first. */
#include "recall/err.h"

#include <stdio.h>
#include <string.h>

#include "banned.h"

int rc_err_set_at(struct rc_err *err, const char *file, int line,
                  enum rc_code code, const char *fmt, ...)
{
    if (!err || err->code != RC_OK)
        return code;
    err->code = code;
    err->src_file = file;
    err->src_line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return code;
}

/* Append 's' at *pos in dst[cap], truncating; dst stays NUL-terminated. */
static void append_bounded(char *dst, size_t cap, size_t *pos, const char *s)
{
    size_t n = strlen(s);
    if (n > cap - 1 - *pos)
        n = cap - 1 - *pos;
    memcpy(dst + *pos, s, n);
    *pos += n;
    dst[*pos] = '\0';
}

void rc_err_prefix(struct rc_err *err, const char *fmt, ...)
{
    if (!err || err->code == RC_OK)
        return;
    char prefix[sizeof(err->msg)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    char old[sizeof(err->msg)];
    memcpy(old, err->msg, sizeof(old));
    size_t pos = 0;
    append_bounded(err->msg, sizeof(err->msg), &pos, prefix);
    append_bounded(err->msg, sizeof(err->msg), &pos, ": ");
    append_bounded(err->msg, sizeof(err->msg), &pos, old);
}

void rc_err_clear(struct rc_err *err)
{
    if (!err)
        return;
    err->code = RC_OK;
    err->src_file = NULL;
    err->src_line = 0;
    err->msg[0] = '\0';
}

const char *rc_code_name(int code)
{
    switch (code) {
    case RC_OK:
        return "ok";
    case RC_EIO:
        return "i/o error";
    case RC_EPARSE:
        return "parse error";
    case RC_EDB:
        return "database error";
    case RC_ENOTFOUND:
        return "not found";
    case RC_ECONFLICT:
        return "conflict";
    case RC_ELIMIT:
        return "limit exceeded";
    case RC_ENET:
        return "network error";
    case RC_EAUTH:
        return "authentication failed";
    case RC_EINVAL:
        return "invalid argument";
    default:
        return "unknown error";
    }
}
