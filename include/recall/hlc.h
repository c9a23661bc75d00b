/* hlc.h -- the collection's hybrid logical clock.
 *
 * Deck content and card flags merge by last writer wins, and "last" must
 * mean the same on every machine even when their clocks disagree.  An HLC
 * (Kulkarni et al., "Logical Physical Clocks", 2014) is a wall-clock time
 * in ms, a counter for changes within the same ms or behind a clock that
 * went back, and the node (random per collection, drawn by the migration)
 * that breaks ties.  Written as docs/sync-protocol.md says,
 * "1767607200000-0000-9f3c2a7b11d04e52", it sorts in time order as a
 * plain string, so SQL compares stamps with < and >.
 *
 * The clock's last stamp is kept in the meta table: stamps handed out by
 * one collection only ever grow, and a stamp seen from another machine
 * (rc_hlc_observe) pushes the clock past it, so an edit made after a sync
 * always wins over what that sync brought.
 *
 * Not here: what is stamped when (import.c, answer.c, sync.c). */
#ifndef RECALL_HLC_H
#define RECALL_HLC_H

#include <stdbool.h>
#include <stdint.h>

#include "recall/err.h"

struct rc_collection;

#define RC_HLC_LEN      35 /* 13 + 1 + 4 + 1 + 16 */
#define RC_HLC_NODE_LEN 16

/* True when 's' is a well-formed HLC (lowercase hex, 13-digit ms). */
bool rc_hlc_valid(const char *s);

/* Write the HLC of (ms, counter, node) into 'out'.  'node' is 16 hex
 * digits; ms must fit in 13 digits and counter in 16 bits. */
void rc_hlc_format(int64_t ms, unsigned counter, const char *node,
                   char out[RC_HLC_LEN + 1]);

/* The collection's node id (16 hex digits) into 'out'. */
int rc_hlc_node(struct rc_collection *c, char out[RC_HLC_NODE_LEN + 1],
                struct rc_err *err);

/* A new stamp, greater than every stamp this collection handed out or
 * observed, from wall time 'now_ms' (0: the system clock).  The caller
 * holds a write transaction: the clock's state is written with it. */
int rc_hlc_tick(struct rc_collection *c, int64_t now_ms,
                char out[RC_HLC_LEN + 1], struct rc_err *err);

/* Move the clock past 'remote' (a valid HLC), so that the next tick is
 * greater.  The caller holds a write transaction. */
int rc_hlc_observe(struct rc_collection *c, const char *remote,
                   struct rc_err *err);

/* Stamp the rows of deck 'deck_id' (the deck and its notes) that a change
 * left unstamped (hlc '') with one new tick at 'now_ms'.  Called by
 * import inside its transaction. */
int rc_hlc_stamp_deck(struct rc_collection *c, int64_t deck_id, int64_t now_ms,
                      struct rc_err *err);

/* Stamp the flags (suspended, buried) of card 'card_id' for the profile
 * with a new tick at 'now_ms' (0: the system clock).  The caller holds a
 * write transaction. */
int rc_hlc_stamp_flags(struct rc_collection *c, int64_t profile_id,
                       int64_t card_id, int64_t now_ms, struct rc_err *err);

#endif /* RECALL_HLC_H */
