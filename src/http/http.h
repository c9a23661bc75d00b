/* http.h -- what recall's two HTTP servers share around libmicrohttpd.
 *
 * The sync server (src/sync/server.c) and the classroom host
 * (src/class/host.c) differ in threads, routes and replies, but both bind
 * their own listening socket (so port 0 tells its real port), read
 * request bodies against a cap as they arrive (past it the rest is
 * dropped, never held, and the answer is 413), and send their log lines,
 * libmicrohttpd's included, to a callback of the caller's.  Those three
 * live here, once; the class host must not depend on the sync server,
 * so neither includes the other.
 *
 * Nothing here includes microhttpd.h: http_mhd_log has the shape of its
 * MHD_OPTION_EXTERNAL_LOGGER callback. */
#ifndef RECALL_HTTP_H
#define RECALL_HTTP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "recall/buf.h"
#include "recall/err.h"

/* One log line (no newline), from any thread; must be thread-safe. */
typedef void http_log_fn(void *arg, const char *line);

struct http_log {
    http_log_fn *fn; /* NULL: no log */
    void *arg;
};

/* Format one line to 'log' (nothing when it has no callback). */
void http_vlogf(const struct http_log *log, const char *fmt, va_list ap);

/* libmicrohttpd's error logger; 'cls' is a const struct http_log *.  Its
 * trailing newline is cut. */
void http_mhd_log(void *cls, const char *fmt, va_list ap);

/* Append 'len' bytes of a request body to 'body' unless that would pass
 * 'cap': then set *too_large and free what was held; once set, every
 * later piece is dropped. */
void http_body_take(struct rc_buf *body, bool *too_large, size_t cap,
                    const char *data, size_t len);

/* Bind and listen on "ADDR:PORT" or "[ADDR6]:PORT" ('example' shows the
 * form in the error), with 'backlog'; set *fd and 'url' ("http://ADDR:
 * PORT" with the real port, at most url_size bytes).  RC_EINVAL for a
 * malformed address, RC_EIO when the socket cannot be had. */
int http_listen(const char *text, const char *example, int backlog, int *fd,
                char *url, size_t url_size, struct rc_err *err);

#endif /* RECALL_HTTP_H */
