/* rng.c -- splitmix64 and FNV-1a.
 *
 * splitmix64 passes BigCrush, needs eight bytes of state and no setup, and
 * any seed (zero included) gives a good stream, which is all recall asks
 * of a shuffle or an id.  rc_rng_below() rejects the biased tail instead
 * of taking a plain modulo, so a shuffle of n items is uniform. */
#include "recall/rng.h"

#include "banned.h"

void rc_rng_seed(struct rc_rng *rng, uint64_t seed)
{
    rng->state = seed;
}

uint64_t rc_rng_next(struct rc_rng *rng)
{
    uint64_t z = (rng->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t rc_rng_below(struct rc_rng *rng, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
        x = rc_rng_next(rng);
    } while (x >= limit);
    return x % n;
}

void rc_rng_hex128(struct rc_rng *rng, char out[33])
{
    static const char hex[] = "0123456789abcdef";
    for (int half = 0; half < 2; half++) {
        uint64_t x = rc_rng_next(rng);
        for (int i = 0; i < 16; i++)
            out[half * 16 + i] = hex[(x >> (60 - 4 * i)) & 0xf];
    }
    out[32] = '\0';
}

uint64_t rc_hash64(uint64_t h, const void *p, size_t len)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
