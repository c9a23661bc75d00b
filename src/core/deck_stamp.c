/* deck_stamp.c -- writing derived ids into a deck file in place.
 *
 * A note without an id gets one derived from its text, which changes as
 * soon as the text does, and with it the card's history would go.
 * Stamping makes the derived id permanent by writing it after the kind on
 * the note's first line ("basic:" becomes "basic: between-which-3f2a").
 * Nothing else in the file changes, byte for byte: not comments, not
 * wrapping, not CRLF line ends, which is why this edits the original text
 * rather than going through rc_deck_write().
 *
 * The new text goes to a temporary file beside the deck, is synced, and
 * renamed over it, so a crash leaves either the old file or the new one.
 * A file with nothing to stamp is not rewritten at all.
 *
 * Not here: deriving the ids (deck_link.c). */
#include "recall/deck.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deck_int.h"

#include "banned.h"

/* Copy 'text' to 'out' with each derived id written after its kind. */
static size_t stamp_text(const struct rc_deck *deck, const char *text,
                         size_t len, struct rc_buf *out)
{
    const char *end = text + len;
    size_t next = 0, n = 0;
    for (int line = 1; text < end; line++) {
        const char *nl = memchr(text, '\n', (size_t)(end - text));
        const char *eol = nl ? nl + 1 : end;
        while (next < deck->n_notes && !deck->notes[next].id_derived)
            next++;
        if (next < deck->n_notes && deck->notes[next].line == line) {
            /* "KIND:" then only white space: keep the line end as it was */
            const char *colon = memchr(text, ':', (size_t)(eol - text));
            const char *rest = colon + 1;
            while (rest < eol && (*rest == ' ' || *rest == '\t'))
                rest++;
            rc_buf_add(out, text, (size_t)(colon + 1 - text));
            rc_buf_addf(out, " %s", deck->notes[next].id);
            rc_buf_add(out, rest, (size_t)(eol - rest));
            next++;
            n++;
        } else {
            rc_buf_add(out, text, (size_t)(eol - text));
        }
        text = eol;
    }
    return n;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Replace 'path' by 'data' atomically, keeping its permission bits. */
static int replace_file(const char *path, const struct rc_buf *data,
                        struct rc_err *err)
{
    struct rc_buf tmp = {0};
    struct stat st;
    int rc = RC_OK, fd = -1;
    rc_buf_addf(&tmp, "%s.XXXXXX", path);
    if (stat(path, &st) < 0) {
        rc = rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
        goto out;
    }
    fd = mkstemp(tmp.buf);
    if (fd < 0) {
        rc = rc_err_set(err, RC_EIO, "%s: %s", tmp.buf, strerror(errno));
        goto out;
    }
    if (fchmod(fd, st.st_mode & 07777) < 0 ||
        write_all(fd, data->buf, data->len) < 0 || fsync(fd) < 0) {
        rc = rc_err_set(err, RC_EIO, "%s: %s", tmp.buf, strerror(errno));
        goto out;
    }
    if (close(fd) < 0) {
        fd = -1;
        rc = rc_err_set(err, RC_EIO, "%s: %s", tmp.buf, strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(tmp.buf, path) < 0)
        rc = rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
out:
    if (fd >= 0)
        close(fd);
    if (rc != RC_OK && tmp.buf)
        unlink(tmp.buf);
    rc_buf_release(&tmp);
    return rc;
}

int rc_deck_stamp(const char *path, size_t *n_stamped, struct rc_diags *diags,
                  struct rc_err *err)
{
    char *text = NULL;
    size_t len = 0;
    struct rc_deck *deck = NULL;
    struct rc_buf out = {0};
    *n_stamped = 0;
    int rc = deck_read_file(path, &text, &len, err);
    if (rc != RC_OK)
        goto out;
    rc = rc_deck_parse_buf(path, text, len, &deck, diags, err);
    if (rc != RC_OK)
        goto out;
    rc_buf_grow(&out, len + 64);
    size_t n = stamp_text(deck, text, len, &out);
    if (n > 0)
        rc = replace_file(path, &out, err);
    if (rc == RC_OK)
        *n_stamped = n;
out:
    rc_buf_release(&out);
    rc_deck_free(deck);
    free(text);
    return rc;
}
