/* utf8.c -- UTF-8 well-formedness, after RFC 3629's table.
 *
 * The deck parser runs every byte of a file through here, so ASCII is
 * skipped eight bytes at a time and a multi-byte sequence is checked by a table
 * lookup on its first byte plus range checks on the second (the ranges
 * are what exclude overlong forms, surrogates and code points above
 * U+10FFFF; RFC 3629 section 4).  Nothing here allocates or decodes:
 * callers only ever need "is this text" and "where may I cut it".
 *
 * Not here: code points, display width, normalisation. */
#include "recall/utf8.h"

#include <stdint.h>
#include <string.h>

#include "banned.h"

/* The allowed range of the second byte after a lead byte (RFC 3629 §4);
 * later bytes are always 0x80..0xBF. */
static bool second_ok(unsigned char lead, unsigned char b)
{
    switch (lead) {
    case 0xE0:
        return b >= 0xA0 && b <= 0xBF; /* no overlong 3-byte forms */
    case 0xED:
        return b >= 0x80 && b <= 0x9F; /* no surrogates */
    case 0xF0:
        return b >= 0x90 && b <= 0xBF; /* no overlong 4-byte forms */
    case 0xF4:
        return b >= 0x80 && b <= 0x8F; /* nothing above U+10FFFF */
    default:
        return b >= 0x80 && b <= 0xBF;
    }
}

size_t rc_utf8_seq_len(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0)
        return 0;
    if (u[0] < 0x80)
        return 1;
    size_t n;
    if (u[0] >= 0xC2 && u[0] <= 0xDF)
        n = 2;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF)
        n = 3;
    else if (u[0] >= 0xF0 && u[0] <= 0xF4)
        n = 4;
    else
        return 0; /* continuation byte, C0/C1 (overlong) or F5..FF */
    if (len < n || !second_ok(u[0], u[1]))
        return 0;
    for (size_t i = 2; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
    }
    return n;
}

/* True when the 8 bytes at 's' are all ASCII (no high bit set). */
static bool ascii8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof(w)); /* unaligned-safe; compiles to one load */
    return (w & 0x8080808080808080ULL) == 0;
}

size_t rc_utf8_valid_prefix(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (len - i >= 8 && ascii8(s + i)) {
            i += 8;
            continue;
        }
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = rc_utf8_seq_len(s + i, len - i);
        if (n == 0)
            break;
        i += n;
    }
    return i;
}

bool rc_utf8_valid(const char *s, size_t len)
{
    return rc_utf8_valid_prefix(s, len) == len;
}

size_t rc_utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t i = max;
    /* Back up over continuation bytes to the start of the cut sequence. */
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}
