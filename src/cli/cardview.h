/* cardview.h -- one card as `recall cards` and `recall show` present it. */
#ifndef RECALL_CARDVIEW_H
#define RECALL_CARDVIEW_H

#include <stdio.h>

#include "recall/catalog.h"

/* "new", "learning", "review", "relearning" or "suspended". */
const char *cardview_state_name(const struct rc_card_info *card);

/* The card's name, "DECK/NOTE" or "DECK/NOTE#N", into buf. */
void cardview_name(const struct rc_card_info *card, char *buf, size_t size);

/* A JSON object (json_t *, declared void * to keep jansson out of this
 * header) with every field a reader needs to judge the card; the caller
 * owns the reference. */
void *cardview_json(const struct rc_card_info *card);

/* The card in full, as readable text. */
void cardview_print(const struct rc_card_info *card, FILE *out);

#endif /* RECALL_CARDVIEW_H */
