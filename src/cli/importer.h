/* importer.h -- importing deck files and folders, shared by `recall
 * import` and `recall init`. */
#ifndef RECALL_IMPORTER_H
#define RECALL_IMPORTER_H

#include <stdbool.h>

#include "cli.h"

/* Import every path (a .deck file or a folder of them) into cli->coll,
 * printing diagnostics and one summary line per file (none when 'quiet').
 * Returns CLI_OK, or CLI_ERROR when any file failed. */
int cli_import_paths(struct cli *cli, char **paths, int n, bool dry_run,
                     bool quiet);

#endif /* RECALL_IMPORTER_H */
