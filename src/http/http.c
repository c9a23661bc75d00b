/* http.c -- the listening socket, capped bodies and the log (http.h). */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void http_vlogf(const struct http_log *log, const char *fmt, va_list ap)
{
    if (!log->fn)
        return;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log->fn(log->arg, line);
}

void http_mhd_log(void *cls, const char *fmt, va_list ap)
{
    http_vlogf(cls, fmt, ap);
}

void http_body_take(struct rc_buf *body, bool *too_large, size_t cap,
                    const char *data, size_t len)
{
    if (*too_large)
        return;
    if (len > cap - body->len) {
        *too_large = true;
        rc_buf_release(body);
        return;
    }
    rc_buf_add(body, data, len);
}

/* Split "ADDR:PORT" or "[ADDR6]:PORT" into a socket address. */
static bool parse_listen(const char *text, struct sockaddr_storage *sa,
                         socklen_t *len)
{
    const char *colon = strrchr(text, ':');
    char host[64];
    if (!colon || (size_t)(colon - text) >= sizeof(host))
        return false;
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    char *end;
    errno = 0;
    long port = strtol(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end || errno || port < 0 || port > 65535)
        return false;
    memset(sa, 0, sizeof(*sa));
    struct sockaddr_in *in4 = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
    size_t hl = strlen(host);
    if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &in6->sin6_addr) != 1)
            return false;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        *len = sizeof(*in6);
        return true;
    }
    if (inet_pton(AF_INET, host, &in4->sin_addr) != 1)
        return false;
    in4->sin_family = AF_INET;
    in4->sin_port = htons((uint16_t)port);
    *len = sizeof(*in4);
    return true;
}

static void format_url(const struct sockaddr_storage *sa, char *url,
                       size_t size)
{
    char host[INET6_ADDRSTRLEN];
    if (sa->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
        snprintf(url, size, "http://[%s]:%u", host, ntohs(in6->sin6_port));
    } else {
        const struct sockaddr_in *in4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in4->sin_addr, host, sizeof(host));
        snprintf(url, size, "http://%s:%u", host, ntohs(in4->sin_port));
    }
}

int http_listen(const char *text, const char *example, int backlog, int *fd,
                char *url, size_t url_size, struct rc_err *err)
{
    struct sockaddr_storage sa;
    socklen_t len = 0;
    if (!parse_listen(text, &sa, &len))
        return rc_err_set(err, RC_EINVAL,
                          "invalid listen address '%s': expected ADDR:PORT "
                          "such as %s",
                          text, example);
    int s = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (s < 0 ||
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
        bind(s, (struct sockaddr *)&sa, len) < 0 || listen(s, backlog) < 0 ||
        getsockname(s, (struct sockaddr *)&sa, &len) < 0) {
        int rc = rc_err_set(err, RC_EIO, "listen on '%s': %s", text,
                            strerror(errno));
        if (s >= 0)
            close(s);
        return rc;
    }
    format_url(&sa, url, url_size);
    *fd = s;
    return RC_OK;
}
