/* buf.c -- the growable byte string and the aborting allocators.
 *
 * Out of memory is not an error recall can recover from in any useful
 * way, so the allocators print one line and abort; this is the single
 * place where core writes to stderr.  Growth is geometric so that
 * appending byte by byte stays linear. */
#include "recall/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static void die_oom(size_t size)
{
    fprintf(stderr, "recall: out of memory (%zu bytes)\n", size);
    abort();
}

void *rc_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        die_oom(size);
    return p;
}

void *rc_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die_oom(n * size);
    return p;
}

void *rc_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        die_oom(size);
    return q;
}

void *rc_xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        die_oom(SIZE_MAX);
    return rc_xrealloc(p, n * size);
}

char *rc_xstrdup(const char *s)
{
    return rc_xstrndup(s, strlen(s));
}

char *rc_xstrndup(const char *s, size_t len)
{
    char *p = rc_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void rc_buf_grow(struct rc_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        die_oom(SIZE_MAX);
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return;
    size_t alloc = b->alloc ? b->alloc : 64;
    while (alloc < need)
        alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
    b->buf = rc_xrealloc(b->buf, alloc);
    b->alloc = alloc;
}

void rc_buf_add(struct rc_buf *b, const void *p, size_t len)
{
    rc_buf_grow(b, len);
    if (len)
        memcpy(b->buf + b->len, p, len);
    b->len += len;
    b->buf[b->len] = '\0';
}

void rc_buf_adds(struct rc_buf *b, const char *s)
{
    rc_buf_add(b, s, strlen(s));
}

void rc_buf_addc(struct rc_buf *b, char c)
{
    rc_buf_add(b, &c, 1);
}

void rc_buf_vaddf(struct rc_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    rc_buf_grow(b, 64);
    int n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
    if (n < 0) {
        va_end(ap2);
        return;
    }
    if ((size_t)n >= b->alloc - b->len) {
        rc_buf_grow(b, (size_t)n);
        vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap2);
    }
    va_end(ap2);
    b->len += (size_t)n;
}

void rc_buf_addf(struct rc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rc_buf_vaddf(b, fmt, ap);
    va_end(ap);
}

const char *rc_buf_str(const struct rc_buf *b)
{
    return b->buf ? b->buf : "";
}

void rc_buf_reset(struct rc_buf *b)
{
    b->len = 0;
    if (b->buf)
        b->buf[0] = '\0';
}

void rc_buf_release(struct rc_buf *b)
{
    free(b->buf);
    b->buf = NULL;
    b->len = 0;
    b->alloc = 0;
}

char *rc_buf_detach(struct rc_buf *b, size_t *len)
{
    char *s = b->buf ? b->buf : rc_xstrdup("");
    if (len)
        *len = b->len;
    b->buf = NULL;
    b->len = 0;
    b->alloc = 0;
    return s;
}
