/* page.h -- the browser page of the classroom quiz.
 *
 * The host serves this one document (text/html; charset=utf-8) at
 * GET /class; it needs nothing else from the network.  The endpoints it
 * calls are those of docs/class-protocol.md. */
#ifndef RECALL_CLASS_PAGE_H
#define RECALL_CLASS_PAGE_H

#include "recall/buf.h"

/* Append the whole page (HTML with its CSS and JavaScript inline, UTF-8)
 * to 'out'.  The same bytes every time: build it once and serve it from
 * memory. */
void class_page_build(struct rc_buf *out);

#endif /* RECALL_CLASS_PAGE_H */
