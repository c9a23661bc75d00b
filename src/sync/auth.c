/* auth.c -- argon2id passwords and hashed bearer tokens (libsodium).
 *
 * The costs are libsodium's INTERACTIVE limits: a login is a few hundred
 * milliseconds of one core and 64 MiB, which a thread pool of four can
 * afford and an offline attacker with the database cannot multiply away.
 * A failed login additionally sleeps a fixed floor (the handler's
 * SYNC_LOGIN_PENALTY_MS), and an unknown user is verified against a dummy
 * hash, so timing tells no one whether a name exists.
 *
 * Tokens are random (randombytes_buf) and hashed with unkeyed BLAKE2b:
 * they carry 256 bits of entropy, so a fast hash is as safe as a slow
 * one and keeps the per-request check cheap. */
#include "auth.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

int sync_auth_init(struct rc_err *err)
{
    if (sodium_init() < 0)
        return rc_err_set(err, RC_EIO, "libsodium: cannot initialise");
    return RC_OK;
}

int sync_auth_hash_password(const char *password, char *out, struct rc_err *err)
{
    _Static_assert(SYNC_PWHASH_SIZE >= crypto_pwhash_STRBYTES,
                   "hash buffer too small");
    if (crypto_pwhash_str(out, password, strlen(password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return rc_err_set(err, RC_ELIMIT, "hash password: out of memory");
    return RC_OK;
}

bool sync_auth_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void sync_auth_new_token(char out[SYNC_TOKEN_HEX])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(out, SYNC_TOKEN_HEX, raw, sizeof(raw));
    sodium_memzero(raw, sizeof(raw));
}

void sync_auth_token_hash(const char *token, size_t len,
                          char out[SYNC_TOKEN_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), (const unsigned char *)token, len, NULL,
                       0);
    sodium_bin2hex(out, SYNC_TOKEN_HEX, h, sizeof(h));
}

void sync_auth_invite_code(char out[10])
{
    static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    for (int i = 0; i < 9; i++)
        out[i] = i == 4 ? '-' : alphabet[randombytes_uniform(32)];
    out[9] = '\0';
}

void sync_auth_penalty(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000,
                          .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        continue;
}
