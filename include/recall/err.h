/* err.h -- status codes and the one error struct every layer shares.
 *
 * Core functions return RC_OK (0) or a negative enum rc_code and, on
 * failure, fill a caller-owned struct rc_err with a bounded message in the
 * form "context: reason".  Core never prints or exits; the front ends
 * decide how to report.  The first cause wins: cleanup code never
 * overwrites an error that is already set. */
#ifndef RECALL_ERR_H
#define RECALL_ERR_H

#include <stdarg.h>

enum rc_code {
    RC_OK = 0,
    RC_EIO = -1,       /* a file could not be read or written */
    RC_EPARSE = -2,    /* input is malformed; msg says where */
    RC_EDB = -3,       /* SQLite failed */
    RC_ENOTFOUND = -4, /* no such deck, card, profile... */
    RC_ECONFLICT = -5, /* exists already, or a newer schema */
    RC_ELIMIT = -6,    /* input over a documented ceiling */
    RC_ENET = -7,      /* network failure */
    RC_EAUTH = -8,     /* authentication failure */
    RC_EINVAL = -9,    /* a bad argument or value from the user */
};

struct rc_err {
    enum rc_code code;    /* RC_OK (0) or a negative RC_E* */
    const char *src_file; /* where recall raised it (__FILE__), shown by -v */
    int src_line;
    char msg[512]; /* "context: reason"; truncated, never overflowed */
};

/* Fill 'err' (may be NULL) and return 'code', so callers write
 * `return rc_err_set(err, RC_EIO, "open '%s': %s", path, strerror(e));`.
 * When err already holds an error it is left alone (the first cause wins)
 * and 'code' is still returned. */
int rc_err_set_at(struct rc_err *err, const char *file, int line,
                  enum rc_code code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define rc_err_set(err, code, ...)                                             \
    rc_err_set_at((err), __FILE__, __LINE__, (code), __VA_ARGS__)

/* Prepend "prefix: " to the message already in 'err' (no-op when err is
 * NULL or holds no error).  For context the callee could not know. */
void rc_err_prefix(struct rc_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clear 'err' back to RC_OK with an empty message. */
void rc_err_clear(struct rc_err *err);

/* A short English name for 'code' ("parse error"), never NULL. */
const char *rc_code_name(int code);

#endif /* RECALL_ERR_H */
