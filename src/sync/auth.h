/* auth.h -- passwords, session tokens and their hashes (libsodium).
 *
 * Passwords are hashed with argon2id (crypto_pwhash_str) at libsodium's
 * "interactive" limits: about 64 MiB and a fraction of a second, enough
 * to make a stolen database expensive to attack while a 2-core machine
 * still serves logins.  Tokens are 32 random bytes in lowercase hex; the
 * server keeps only their BLAKE2b hash (crypto_generichash), so a copy of
 * the database opens no session.
 *
 * Not here: where hashes are kept (store.h) or HTTP (handlers.c). */
#ifndef RECALL_SYNC_AUTH_H
#define RECALL_SYNC_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "recall/err.h"

#define SYNC_TOKEN_HEX   65  /* 64 hex digits and the NUL */
#define SYNC_PWHASH_SIZE 128 /* >= crypto_pwhash_STRBYTES */

/* Start libsodium; call once before any other function here (more calls
 * are harmless).  RC_EIO when it cannot start. */
int sync_auth_init(struct rc_err *err);

/* Hash 'password' into 'out' (SYNC_PWHASH_SIZE bytes), NUL-terminated.
 * RC_ELIMIT when the memory for argon2id cannot be had. */
int sync_auth_hash_password(const char *password, char *out,
                            struct rc_err *err);

/* Does 'password' match 'hash' (a string from sync_auth_hash_password)?
 * Takes the hash's full cost either way. */
bool sync_auth_verify(const char *hash, const char *password);

/* A new random token: 64 lowercase hex digits into 'out'. */
void sync_auth_new_token(char out[SYNC_TOKEN_HEX]);

/* The hash the store keeps for 'token' (any bytes, 'len' long): 64 hex
 * digits into 'out'. */
void sync_auth_token_hash(const char *token, size_t len,
                          char out[SYNC_TOKEN_HEX]);

/* A random invite code "XXXX-XXXX" from an alphabet without look-alikes
 * (no 0/O, 1/I); 'out' holds 10 bytes. */
void sync_auth_invite_code(char out[10]);

/* Sleep 'ms' milliseconds: the floor under a failed login, so guessing
 * passwords costs the guesser time whatever the hash's cost. */
void sync_auth_penalty(int ms);

#endif /* RECALL_SYNC_AUTH_H */
