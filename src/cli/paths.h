/* paths.h -- where recall keeps and finds its files. */
#ifndef RECALL_PATHS_H
#define RECALL_PATHS_H

#include "recall/buf.h"
#include "recall/err.h"

/* $XDG_DATA_HOME/recall/collection.db, else
 * $HOME/.local/share/recall/collection.db, appended to 'out'. */
void cli_default_db_path(struct rc_buf *out);

/* Create the directories above the file 'path' (mkdir -p of its dirname). */
int cli_ensure_parent_dir(const char *path, struct rc_err *err);

/* The directory of the bundled decks: $RECALL_DECKS_DIR, else
 * <bindir>/../share/recall/decks next to the running binary, else the
 * install prefix's, else the source tree's.  Appended to 'out'; returns
 * RC_OK or RC_ENOTFOUND. */
int cli_bundled_decks_dir(struct rc_buf *out, struct rc_err *err);

/* Make 'path' absolute against the current directory, into 'out'. */
void cli_absolute_path(const char *path, struct rc_buf *out);

/* The path of 'target' relative to the directory 'from_dir', into 'out'
 * ("../source/text.txt").  Both are made canonical with realpath() when
 * they exist; 'target' is copied as is when it cannot be resolved. */
void cli_relative_path(const char *from_dir, const char *target,
                       struct rc_buf *out);

/* Write 'len' bytes to 'path' atomically: a temporary file beside it,
 * fsync, then rename over. */
int cli_write_file_atomic(const char *path, const char *data, size_t len,
                          struct rc_err *err);

#endif /* RECALL_PATHS_H */
