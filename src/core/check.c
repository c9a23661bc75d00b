/* check.c -- judging a typed answer, and showing where it went wrong.
 *
 * Both sides of a comparison go through one normaliser that works on code
 * points: UTF-8 is decoded here (rc_utf8_seq_len() says where a character
 * ends; a byte it rejects becomes BAD, a value no code point has, which
 * compares unequal to everything, itself included).  Comparing code point
 * arrays rather than bytes is what lets a near miss be counted in
 * characters: "Zürich" for "Zurich" is one substitution, not two.
 *
 * Case folding uses compact tables, not towlower().  towlower() follows
 * LC_CTYPE, which core must not set and which is "C" in many services and
 * cron jobs: there it folds only ASCII, so "ЖУК" would be right for "жук"
 * on a laptop and wrong on the class server.  The tables cover ASCII,
 * Latin-1, Latin Extended-A, the pinyin and Romanian letters of Latin
 * Extended-B, Greek (final sigma folds to sigma, as CaseFolding.txt has
 * it) and Cyrillic: the scripts recall's decks are written in.  Other
 * scripts compare case-sensitively, the same everywhere.  ß folds to
 * "ss", the one full folding kept: it is how Swiss German and every
 * keyboard without ß spell it.  Accent removal is a table too, run after
 * folding so that it only needs lower case.
 *
 * Near misses are checked directly (one common prefix scan, then the
 * three shapes an edit can take) instead of by a distance table, so a
 * 4 kB answer costs a linear scan.  The diff is a real LCS, on raw text,
 * with the common start and end set aside first and one bit of table per
 * cell, so its memory has a fixed ceiling (RC_DIFF_MAX_CELLS).
 *
 * Not here: Unicode normal forms (a decomposed "e" + U+0301 equals "é"
 * only when accents are ignored), scheduling, grading. */
#include "recall/check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recall/utf8.h"

#include "banned.h"

#define BAD         UINT32_C(0xFFFFFFFF) /* an invalid byte: equals nothing */
#define REPLACEMENT UINT32_C(0xFFFD)
#define NEAR_MAX    32 /* closest: edits are counted up to this */
#define ALMOST_MIN  5  /* characters an answer needs before "almost" */

/* Code points, growable; a zeroed struct is empty. */
struct cps {
    uint32_t *v;
    size_t n;
    size_t alloc;
};

static bool same(uint32_t a, uint32_t b)
{
    return a == b && a != BAD;
}

/* Bytes of 's' that may be compared: up to RC_CHECK_MAX_BYTES plus room
 * to finish the character that crosses it. */
static size_t input_len(const char *s)
{
    return strnlen(s, RC_CHECK_MAX_BYTES + 4);
}

/* Decode the character at s[*i] (len bytes in all) and advance *i past
 * it: one byte for an invalid sequence, which gives BAD. */
static uint32_t decode(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    size_t n = rc_utf8_seq_len(s + *i, len - *i);
    if (n == 0) {
        *i += 1;
        return BAD;
    }
    *i += n;
    if (n == 1)
        return u[0];
    uint32_t cp = u[0] & (0xFF >> (n + 1)); /* payload bits of the lead */
    for (size_t k = 1; k < n; k++)
        cp = (cp << 6) | (u[k] & 0x3F);
    return cp;
}

/* Bytes of the character at s[i]: 1 for an invalid byte. */
static size_t char_len(const char *s, size_t len, size_t i)
{
    size_t n = rc_utf8_seq_len(s + i, len - i);
    return n ? n : 1;
}

static void encode(uint32_t cp, struct rc_buf *out)
{
    static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
    char b[4];
    if (cp == BAD)
        cp = REPLACEMENT;
    if (cp < 0x80) {
        rc_buf_addc(out, (char)cp);
        return;
    }
    size_t n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (size_t k = n - 1; k > 0; k--) {
        b[k] = (char)(0x80 | (cp & 0x3F));
        cp >>= 6;
    }
    b[0] = (char)(lead[n] | cp);
    rc_buf_add(out, b, n);
}

/* ---- case folding (simple case folding, CaseFolding.txt status C) ---- */

/* Latin Extended-A: pairs, upper case first, whose parity flips at the
 * two places the block has an unpaired letter (U+0138 and U+0149). */
static uint32_t fold_latin_ext_a(uint32_t c)
{
    if (c == 0x130)
        return 'i'; /* İ: full folding adds U+0307, simple folding not */
    if (c == 0x178)
        return 0xFF; /* Ÿ's lower case lives in Latin-1 */
    if (c == 0x17F)
        return 's'; /* long s */
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c + 1 : c;
    if (c <= 0x137 || (c >= 0x14A && c <= 0x177))
        return (c & 1) ? c : c + 1;
    return c;
}

static uint32_t fold_latin(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c == 0xB5)
        return 0x3BC; /* micro sign folds to mu */
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F)
        return fold_latin_ext_a(c);
    if (c >= 0x1CD && c <= 0x1DC && (c & 1))
        return c + 1; /* pinyin: Ǎ ǎ ... Ǜ ǜ */
    if (c >= 0x218 && c <= 0x21B && !(c & 1))
        return c + 1; /* Romanian Ș ș Ț ț */
    return c;
}

/* Greek letter variants that CaseFolding.txt folds onto a plain letter. */
static const uint32_t greek_variants[][2] = {
    {0x3C2, 0x3C3}, /* ς -> σ */
    {0x3D0, 0x3B2}, /* ϐ -> β */
    {0x3D1, 0x3B8}, /* ϑ -> θ */
    {0x3D5, 0x3C6}, /* ϕ -> φ */
    {0x3D6, 0x3C0}, /* ϖ -> π */
    {0x3F0, 0x3BA}, /* ϰ -> κ */
    {0x3F1, 0x3C1}, /* ϱ -> ρ */
    {0x3F5, 0x3B5}, /* ϵ -> ε */
};

static uint32_t fold_greek(uint32_t c)
{
    if (c == 0x386)
        return 0x3AC; /* Ά */
    if (c >= 0x388 && c <= 0x38A)
        return c + 37; /* Έ Ή Ί */
    if (c == 0x38C)
        return 0x3CC; /* Ό */
    if (c == 0x38E || c == 0x38F)
        return c + 63; /* Ύ Ώ */
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
        return c + 32;
    for (size_t i = 0; i < sizeof(greek_variants) / sizeof(*greek_variants);
         i++) {
        if (greek_variants[i][0] == c)
            return greek_variants[i][1];
    }
    return c;
}

static uint32_t fold_cyrillic(uint32_t c)
{
    if (c <= 0x40F)
        return c + 0x50; /* Ѐ..Џ */
    if (c <= 0x42F)
        return c + 0x20; /* А..Я */
    if (c == 0x4C0)
        return 0x4CF; /* palochka */
    if (c >= 0x4C1 && c <= 0x4CE)
        return (c & 1) ? c + 1 : c;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || c >= 0x4D0)
        return (c & 1) ? c : c + 1;
    return c;
}

static uint32_t fold_case(uint32_t c)
{
    if (c < 0x250)
        return fold_latin(c);
    if (c >= 0x370 && c <= 0x3FF)
        return fold_greek(c);
    if (c >= 0x400 && c <= 0x52F)
        return fold_cyrillic(c);
    return c;
}

/* ---- accents (after folding, so lower case only) ---- */

/* Base letters, '.' where the letter is a letter in its own right (æ ð
 * þ ĳ ĸ ŉ ŋ œ) or not a letter (÷). */
static const char latin1_base[] = "aaaaaa.ceeeeiiii.nooooo.ouuuuy.y"; /* E0 */
static const char ext_a_base[] =                                      /* 100 */
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi..JjKk."
    "LlLlLlLlLlNnNnNn...OoOoOo..RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyY"
    "ZzZzZzs";
static const char pinyin_base[] = "AaIiOoUuUuUuUuUu"; /* 1CD */

_Static_assert(sizeof(latin1_base) == 0x20 + 1, "one per U+00E0..U+00FF");
_Static_assert(sizeof(ext_a_base) == 0x80 + 1, "one per U+0100..U+017F");
_Static_assert(sizeof(pinyin_base) == 0x10 + 1, "one per U+01CD..U+01DC");

static uint32_t table_base(const char *table, uint32_t first, uint32_t c)
{
    char b = table[c - first];
    return b == '.' ? c : (uint32_t)(b | 0x20); /* lower case */
}

static const uint32_t greek_cyrillic_base[][2] = {
    {0x390, 0x3B9}, {0x3AC, 0x3B1}, {0x3AD, 0x3B5}, {0x3AE, 0x3B7},
    {0x3AF, 0x3B9}, {0x3B0, 0x3C5}, {0x3CA, 0x3B9}, {0x3CB, 0x3C5},
    {0x3CC, 0x3BF}, {0x3CD, 0x3C5}, {0x3CE, 0x3C9}, /* tonos, dialytika */
    {0x450, 0x435}, {0x451, 0x435}, {0x45D, 0x438}, /* ѐ ё ѝ */
};

static uint32_t strip_accent(uint32_t c)
{
    if (c >= 0xE0 && c <= 0xFF)
        return table_base(latin1_base, 0xE0, c);
    if (c >= 0x100 && c <= 0x17F)
        return table_base(ext_a_base, 0x100, c);
    if (c >= 0x1CD && c <= 0x1DC)
        return table_base(pinyin_base, 0x1CD, c);
    if (c >= 0x218 && c <= 0x21B)
        return c < 0x21A ? 's' : 't';
    for (size_t i = 0;
         i < sizeof(greek_cyrillic_base) / sizeof(*greek_cyrillic_base); i++) {
        if (greek_cyrillic_base[i][0] == c)
            return greek_cyrillic_base[i][1];
    }
    return c;
}

static bool is_combining(uint32_t c)
{
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE20 && c <= 0xFE2F);
}

/* ---- quotes, spaces, punctuation ---- */

static uint32_t straighten(uint32_t c)
{
    switch (c) {
    case '`':
    case 0xB4:   /* ´, typed for an apostrophe on German keyboards */
    case 0x2BC:  /* ʼ, the Ukrainian apostrophe */
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
    case 0x201A: /* ‚ */
    case 0x201B: /* ‛ */
    case 0x2032: /* ′ */
    case 0x2035: /* ‵ */
    case 0x2039: /* ‹ */
    case 0x203A: /* › */
    case 0xFF07: /* full-width ' */
        return '\'';
    case 0xAB:   /* « */
    case 0xBB:   /* » */
    case 0x201C: /* “ */
    case 0x201D: /* ” */
    case 0x201E: /* „ */
    case 0x201F: /* ‟ */
    case 0x2033: /* ″ */
    case 0x2036: /* ‶ */
    case 0xFF02: /* full-width " */
        return '"';
    case 0x37E:
        return ';'; /* the Greek question mark is a semicolon */
    default:
        return c;
    }
}

static bool is_space(uint32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Characters nobody sees (asked after is_space): the other controls,
 * soft hyphen, zero widths. */
static bool is_invisible(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x200B ||
           c == 0x2060 || c == 0xFEFF;
}

/* Punctuation that frames an answer rather than being part of it; '-'
 * is left out because it is also a minus sign. */
static bool is_frame_punct(uint32_t c)
{
    if (c < 0x80)
        return c != 0 && strchr(".,;:!?'\"()[]{}", (int)c) != NULL;
    switch (c) {
    case 0xA1:   /* ¡ */
    case 0xB7:   /* · */
    case 0xBF:   /* ¿ */
    case 0x2013: /* – */
    case 0x2014: /* — */
    case 0x2026: /* … */
    case 0x3001: /* 、 */
    case 0x3002: /* 。 */
    case 0xFF01: /* ！ */
    case 0xFF08: /* （ */
    case 0xFF09: /* ） */
    case 0xFF0C: /* ， */
    case 0xFF0E: /* ． */
    case 0xFF1A: /* ： */
    case 0xFF1B: /* ； */
    case 0xFF1F: /* ？ */
        return true;
    default:
        return false;
    }
}

/* ---- the normaliser ---- */

static void cps_push(struct cps *a, uint32_t c)
{
    if (a->n == a->alloc) {
        a->alloc = a->alloc ? 2 * a->alloc : 64;
        a->v = rc_xreallocarray(a->v, a->alloc, sizeof(*a->v));
    }
    a->v[a->n++] = c;
}

static void cps_release(struct cps *a)
{
    free(a->v);
    memset(a, 0, sizeof(*a));
}

/* Keep a->v[lo..hi), where lo and hi skip what 'strip' says. */
static bool cps_trim(struct cps *a, bool (*strip)(uint32_t))
{
    size_t lo = 0, hi = a->n;
    while (lo < hi && strip(a->v[lo]))
        lo++;
    while (hi > lo && strip(a->v[hi - 1]))
        hi--;
    if (lo == hi)
        return false;
    memmove(a->v, a->v + lo, (hi - lo) * sizeof(*a->v));
    a->n = hi - lo;
    return true;
}

static bool is_frame(uint32_t c)
{
    return c == ' ' || is_frame_punct(c);
}

static bool is_blank(uint32_t c)
{
    return c == ' ';
}

/* One character through folding, accents and quotes; false to drop it. */
static bool map_char(uint32_t *c, bool ignore_accents)
{
    if (*c == BAD)
        return true;
    if (is_space(*c)) {
        *c = ' ';
        return true;
    }
    if (is_invisible(*c))
        return false;
    *c = fold_case(*c);
    if (ignore_accents) {
        if (is_combining(*c))
            return false;
        *c = strip_accent(*c);
    }
    *c = straighten(*c);
    return true;
}

/* Set 'out' to the normalised code points of 's' (NULL is ""). */
static void normalize_cps(const char *s, bool ignore_accents, struct cps *out)
{
    out->n = 0;
    if (!s)
        return;
    size_t len = input_len(s);
    size_t i = 0;
    while (i < len && i + char_len(s, len, i) <= RC_CHECK_MAX_BYTES) {
        uint32_t c = decode(s, len, &i);
        if (c == 0xDF || c == 0x1E9E) {
            cps_push(out, 's'); /* ß and ẞ fold to "ss" (full folding) */
            c = 's';
        } else if (!map_char(&c, ignore_accents)) {
            continue;
        }
        if (c == ' ' && out->n > 0 && out->v[out->n - 1] == ' ')
            continue;
        cps_push(out, c);
    }
    /* Trim spaces and frame punctuation; a text of nothing else keeps
     * its punctuation, so that "?" can still be an answer. */
    if (!cps_trim(out, is_frame) && !cps_trim(out, is_blank))
        out->n = 0;
}

void rc_check_normalize(const char *s, bool ignore_accents, struct rc_buf *out)
{
    struct cps a = {0};
    normalize_cps(s, ignore_accents, &a);
    for (size_t i = 0; i < a.n; i++)
        encode(a.v[i], out);
    cps_release(&a);
}

/* ---- comparing ---- */

static bool range_same(const uint32_t *a, const uint32_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!same(a[i], b[i]))
            return false;
    }
    return true;
}

static bool cps_equal(const struct cps *a, const struct cps *b)
{
    return a->n == b->n && range_same(a->v, b->v, a->n);
}

/* True when 'a' and 'b' are exactly one Damerau-Levenshtein edit apart.
 * After the common prefix, an insertion must leave the tails aligned by
 * one, and a substitution or a swap must leave them aligned at once. */
static bool one_edit(const struct cps *a, const struct cps *b)
{
    const struct cps *s = a->n <= b->n ? a : b; /* shorter */
    const struct cps *l = a->n <= b->n ? b : a;
    if (l->n - s->n > 1)
        return false;
    size_t i = 0;
    while (i < s->n && same(s->v[i], l->v[i]))
        i++;
    if (l->n != s->n)
        return range_same(s->v + i, l->v + i + 1, s->n - i);
    if (i == s->n)
        return false; /* equal */
    if (range_same(s->v + i + 1, l->v + i + 1, s->n - i - 1))
        return true;
    return i + 1 < s->n && same(s->v[i], l->v[i + 1]) &&
           same(s->v[i + 1], l->v[i]) &&
           range_same(s->v + i + 2, l->v + i + 2, s->n - i - 2);
}

/* Levenshtein distance capped at NEAR_MAX + 1, from a band of cells
 * around the diagonal: O(n * NEAR_MAX) however long the texts. */
static size_t near_distance(const struct cps *a, const struct cps *b)
{
    const size_t w = NEAR_MAX, inf = SIZE_MAX / 2;
    size_t m = b->n;
    if ((a->n > m ? a->n - m : m - a->n) > w)
        return w + 1;
    size_t *prev = rc_xcalloc(m + 1, sizeof(*prev));
    size_t *cur = rc_xcalloc(m + 1, sizeof(*cur));
    for (size_t j = 0; j <= m; j++)
        prev[j] = cur[j] = j <= w ? j : inf;
    for (size_t i = 1; i <= a->n; i++) {
        size_t lo = i > w ? i - w : 1, hi = i + w < m ? i + w : m;
        cur[lo - 1] = lo == 1 && i <= w ? i : inf;
        for (size_t j = lo; j <= hi; j++) {
            size_t d = prev[j - 1] + !same(a->v[i - 1], b->v[j - 1]);
            size_t up = prev[j] + 1, left = cur[j - 1] + 1;
            d = up < d ? up : d;
            cur[j] = left < d ? left : d;
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    size_t d = prev[m] < w + 1 ? prev[m] : w + 1;
    free(prev);
    free(cur);
    return d;
}

/* The best candidate so far: right beats almost beats fewest edits. */
struct verdict {
    enum rc_check_result result;
    const char *answer;
    size_t distance;
};

static void consider(struct verdict *best, const struct cps *given,
                     const struct cps *cand, const char *answer)
{
    if (best->result == RC_CHECK_RIGHT || cand->n == 0)
        return;
    if (cps_equal(given, cand)) {
        *best = (struct verdict){RC_CHECK_RIGHT, answer, 0};
        return;
    }
    if (best->result == RC_CHECK_ALMOST)
        return;
    if (cand->n >= ALMOST_MIN && one_edit(given, cand)) {
        *best = (struct verdict){RC_CHECK_ALMOST, answer, 1};
        return;
    }
    size_t d = near_distance(given, cand);
    if (d < best->distance)
        *best = (struct verdict){RC_CHECK_WRONG, answer, d};
}

enum rc_check_result rc_check_answer(const char *given, const char *expected,
                                     const struct rc_strlist *accept,
                                     bool ignore_accents, const char **closest)
{
    struct cps g = {0}, c = {0};
    struct verdict best = {RC_CHECK_WRONG, expected ? expected : "",
                           NEAR_MAX + 2};
    normalize_cps(given, ignore_accents, &g);
    if (g.n == 0)
        goto out; /* empty input is wrong, never almost */
    normalize_cps(expected, ignore_accents, &c);
    consider(&best, &g, &c, best.answer);
    for (size_t i = 0; accept && i < accept->n; i++) {
        if (best.result == RC_CHECK_RIGHT)
            break;
        normalize_cps(accept->v[i], ignore_accents, &c);
        consider(&best, &g, &c, accept->v[i]);
    }
out:
    if (closest)
        *closest = best.answer;
    cps_release(&g);
    cps_release(&c);
    return best.result;
}

/* ---- the diff ---- */

/* The characters of one text: character k is bytes off[k]..off[k+1]. */
struct chars {
    const char *s;
    size_t *off; /* n + 1 entries */
    size_t n;    /* characters compared */
    size_t cut;  /* bytes compared, off[n] */
    size_t len;  /* bytes in all */
};

static void chars_init(struct chars *t, const char *s)
{
    t->s = s ? s : "";
    t->len = strlen(t->s);
    size_t avail = input_len(t->s);
    size_t most = avail < RC_CHECK_MAX_BYTES ? avail : RC_CHECK_MAX_BYTES;
    t->off = rc_xcalloc(most + 1, sizeof(*t->off));
    t->n = 0;
    size_t i = 0;
    while (i < avail && i + char_len(t->s, avail, i) <= RC_CHECK_MAX_BYTES) {
        t->off[t->n++] = i;
        i += char_len(t->s, avail, i);
    }
    t->off[t->n] = i;
    t->cut = i;
}

static size_t chars_bytes(const struct chars *t, size_t from, size_t to)
{
    return t->off[to] - t->off[from];
}

/* Character i of 'a' equals character j of 'b'; an invalid byte (a
 * one-byte "character" at or above 0x80) equals nothing. */
static bool char_eq(const struct chars *a, size_t i, const struct chars *b,
                    size_t j)
{
    size_t n = chars_bytes(a, i, i + 1);
    const char *p = a->s + a->off[i];
    if (n != chars_bytes(b, j, j + 1) || (n == 1 && (unsigned char)*p >= 0x80))
        return false;
    return memcmp(p, b->s + b->off[j], n) == 0;
}

struct spans {
    struct rc_diff_span *v;
    size_t n;
    size_t alloc;
};

/* Append a span, merging it into the last one when it continues it. */
static void span_add(struct spans *sp, enum rc_diff_op op, size_t start,
                     size_t len)
{
    if (len == 0)
        return;
    struct rc_diff_span *last = sp->n ? &sp->v[sp->n - 1] : NULL;
    if (last && last->op == op && last->start + last->len == start) {
        last->len += len;
        return;
    }
    if (sp->n == sp->alloc) {
        sp->alloc = sp->alloc ? 2 * sp->alloc : 8;
        sp->v = rc_xreallocarray(sp->v, sp->alloc, sizeof(*sp->v));
    }
    sp->v[sp->n++] = (struct rc_diff_span){op, start, len};
}

/* Character ranges a[a0..a1) and b[b0..b1) of the two texts. */
struct window {
    const struct chars *a, *b;
    size_t a0, a1, b0, b1;
};

static void add_char(struct spans *sp, enum rc_diff_op op,
                     const struct chars *t, size_t k)
{
    span_add(sp, op, t->off[k], chars_bytes(t, k, k + 1));
}

static void set_bit(unsigned char *bits, size_t k)
{
    bits[k / 8] |= (unsigned char)(1u << (k % 8));
}

static bool get_bit(const unsigned char *bits, size_t k)
{
    return (bits[k / 8] >> (k % 8)) & 1;
}

/* Fill bit (i, j) of 'down' when dropping a's character i keeps the LCS
 * of the suffixes a[i..) and b[j..) as long as dropping b's character j:
 * the walk then prefers EXTRA, so a changed stretch shows what was typed
 * before what was expected.  Rows are LCS lengths, two at a time. */
static void lcs_table(const struct window *w, unsigned char *down)
{
    size_t ma = w->a1 - w->a0, mb = w->b1 - w->b0;
    uint16_t *next = rc_xcalloc(mb + 1, sizeof(*next));
    uint16_t *cur = rc_xcalloc(mb + 1, sizeof(*cur));
    for (size_t i = ma; i-- > 0;) {
        cur[mb] = 0;
        for (size_t j = mb; j-- > 0;) {
            if (char_eq(w->a, w->a0 + i, w->b, w->b0 + j)) {
                cur[j] = (uint16_t)(next[j + 1] + 1);
            } else if (next[j] >= cur[j + 1]) {
                cur[j] = next[j];
                set_bit(down, i * mb + j);
            } else {
                cur[j] = cur[j + 1];
            }
        }
        uint16_t *t = next;
        next = cur;
        cur = t;
    }
    free(next);
    free(cur);
}

/* Diff the window: an LCS walk, or, when either side is empty or the
 * table would pass RC_DIFF_MAX_CELLS, one EXTRA and one MISSING span. */
static void diff_window(const struct window *w, struct spans *sp)
{
    size_t ma = w->a1 - w->a0, mb = w->b1 - w->b0;
    if (ma == 0 || mb == 0 || ma > RC_DIFF_MAX_CELLS / mb) {
        span_add(sp, RC_DIFF_EXTRA, w->a->off[w->a0],
                 chars_bytes(w->a, w->a0, w->a1));
        span_add(sp, RC_DIFF_MISSING, w->b->off[w->b0],
                 chars_bytes(w->b, w->b0, w->b1));
        return;
    }
    unsigned char *down = rc_xcalloc((ma * mb + 7) / 8, 1);
    lcs_table(w, down);
    size_t i = 0, j = 0;
    while (i < ma && j < mb) {
        if (char_eq(w->a, w->a0 + i, w->b, w->b0 + j)) {
            add_char(sp, RC_DIFF_SAME, w->a, w->a0 + i);
            i++;
            j++;
        } else if (get_bit(down, i * mb + j)) {
            add_char(sp, RC_DIFF_EXTRA, w->a, w->a0 + i++);
        } else {
            add_char(sp, RC_DIFF_MISSING, w->b, w->b0 + j++);
        }
    }
    span_add(sp, RC_DIFF_EXTRA, w->a->off[w->a0 + i],
             chars_bytes(w->a, w->a0 + i, w->a1));
    span_add(sp, RC_DIFF_MISSING, w->b->off[w->b0 + j],
             chars_bytes(w->b, w->b0 + j, w->b1));
    free(down);
}

void rc_diff_compute(const char *given, const char *expected,
                     struct rc_diff *out)
{
    struct chars a, b;
    struct spans sp = {0};
    chars_init(&a, given);
    chars_init(&b, expected);

    /* Set the common start and end aside: most typos leave a small
     * window, and the window is all the table has to cover. */
    size_t pre = 0, post = 0;
    while (pre < a.n && pre < b.n && char_eq(&a, pre, &b, pre))
        pre++;
    while (post < a.n - pre && post < b.n - pre &&
           char_eq(&a, a.n - 1 - post, &b, b.n - 1 - post))
        post++;
    struct window w = {&a, &b, pre, a.n - post, pre, b.n - post};

    span_add(&sp, RC_DIFF_SAME, 0, chars_bytes(&a, 0, pre));
    diff_window(&w, &sp);
    span_add(&sp, RC_DIFF_SAME, a.off[w.a1], chars_bytes(&a, w.a1, a.n));
    span_add(&sp, RC_DIFF_EXTRA, a.cut, a.len - a.cut);
    span_add(&sp, RC_DIFF_MISSING, b.cut, b.len - b.cut);

    out->v = sp.v;
    out->n = sp.n;
    free(a.off);
    free(b.off);
}

void rc_diff_release(struct rc_diff *d)
{
    if (!d)
        return;
    free(d->v);
    d->v = NULL;
    d->n = 0;
}
