/* rng.h -- recall's one source of non-cryptographic randomness.
 *
 * A splitmix64 generator (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", 2014) in a caller-owned struct: the
 * CLI seeds it from the system once, tests seed it with a constant, and
 * nothing in core reaches for a global random state.  Review ids, quiz
 * shuffles and the like come from here; scheduler fuzz is seeded from
 * (card, reps) with rc_hash64, never from this stream.  Not for secrets:
 * tokens and salts use libsodium in src/sync. */
#ifndef RECALL_RNG_H
#define RECALL_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rc_rng {
    uint64_t state;
};

void rc_rng_seed(struct rc_rng *rng, uint64_t seed);

/* The next 64 random bits. */
uint64_t rc_rng_next(struct rc_rng *rng);

/* A uniform integer in [0, n); n > 0. */
uint64_t rc_rng_below(struct rc_rng *rng, uint64_t n);

/* 128 random bits as 32 lowercase hex digits and a NUL: a review id. */
void rc_rng_hex128(struct rc_rng *rng, char out[33]);

/* FNV-1a, 64 bits, of 'len' bytes, continuing from 'h' (start with
 * RC_HASH64_INIT).  Stable across machines and versions: ids derived
 * from it are stored and synced. */
#define RC_HASH64_INIT 0xcbf29ce484222325ULL
uint64_t rc_hash64(uint64_t h, const void *p, size_t len);

#endif /* RECALL_RNG_H */
