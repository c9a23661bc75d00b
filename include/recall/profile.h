/* profile.h -- the people who share a collection.
 *
 * Several learners can study from one collection (a classroom computer):
 * the decks are shared, and each profile has its own card states, review
 * log and quiz results.  Removing a profile removes all of those.
 *
 * Not here: choosing the current profile (the front end's --profile). */
#ifndef RECALL_PROFILE_H
#define RECALL_PROFILE_H

#include <stdint.h>

#include "recall/err.h"

struct rc_collection;

#define RC_PROFILE_MAX_NAME 64 /* bytes */

/* RC_OK when 'name' is a usable profile name, else RC_EINVAL with why. */
int rc_profile_check_name(const char *name, struct rc_err *err);

/* Add profile 'name'; RC_ECONFLICT when it exists. */
int rc_profile_add(struct rc_collection *c, const char *name, int64_t now_ms,
                   struct rc_err *err);

struct rc_profile_info {
    const char *name; /* borrowed until the visitor returns */
    int64_t created_ms;
    int64_t n_reviews;
    int64_t n_cards; /* cards studied */
};

typedef int rc_profile_visit_fn(const struct rc_profile_info *p, void *arg);

/* Visit every profile, by name. */
int rc_profiles_each(struct rc_collection *c, rc_profile_visit_fn *fn,
                     void *arg, struct rc_err *err);

/* Rename 'from' to 'to'; RC_ENOTFOUND, RC_ECONFLICT. */
int rc_profile_rename(struct rc_collection *c, const char *from, const char *to,
                      struct rc_err *err);

/* Remove 'name' with its states, reviews and results; RC_ENOTFOUND. */
int rc_profile_remove(struct rc_collection *c, const char *name,
                      struct rc_err *err);

#endif /* RECALL_PROFILE_H */
