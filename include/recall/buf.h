/* buf.h -- rc_buf, the one growable byte string, and the allocators.
 *
 * Invariants (as git's strbuf): a zeroed struct is a valid empty buffer;
 * after the first add, buf[len] == '\0'; rc_buf_str() is never NULL.
 * Allocation failure aborts (rc_xmalloc and friends print one line and
 * call abort()), so nobody checks for NULL. */
#ifndef RECALL_BUF_H
#define RECALL_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* A zeroed struct is a valid empty buffer: struct rc_buf b = {0}; */
struct rc_buf {
    char *buf;    /* NULL until the first add; after it buf[len] == '\0' */
    size_t len;   /* bytes in use, not counting the NUL */
    size_t alloc; /* private: bytes allocated */
};

/* Allocation: never return NULL; abort on failure or size overflow. */
void *rc_xmalloc(size_t size);
void *rc_xcalloc(size_t n, size_t size);
void *rc_xrealloc(void *p, size_t size);
void *rc_xreallocarray(void *p, size_t n, size_t size);
char *rc_xstrdup(const char *s);
char *rc_xstrndup(const char *s, size_t len);

/* Appending. */
void rc_buf_add(struct rc_buf *b, const void *p, size_t len);
void rc_buf_adds(struct rc_buf *b, const char *s);
void rc_buf_addc(struct rc_buf *b, char c);
void rc_buf_addf(struct rc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rc_buf_vaddf(struct rc_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Make room for 'extra' more bytes without changing len. */
void rc_buf_grow(struct rc_buf *b, size_t extra);

/* Access and lifecycle. */
const char *rc_buf_str(const struct rc_buf *b); /* never NULL; "" if empty */
void rc_buf_reset(struct rc_buf *b);            /* len = 0, keeps the memory */
void rc_buf_release(struct rc_buf *b);          /* frees; b is zeroed again */
/* Hand the string to the caller, who free()s it; b is zeroed again.
 * Never NULL (an empty buffer gives a fresh ""); *len may be NULL. */
char *rc_buf_detach(struct rc_buf *b, size_t *len);

#endif /* RECALL_BUF_H */
