/* cmd_import.c -- `recall import`: deck files into the collection.
 *
 * Each file is parsed whole first: every diagnostic is printed, and a
 * file with any error is skipped entirely (the others still import, and
 * the exit status is 1).  A folder stands for the *.deck files in it, in
 * name order.  The per-file summary line always gives the three counts,
 * so "0 added, 0 changed, 0 retired" is how an unchanged file reads. */
#include "cli.h"

#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "importer.h"
#include "paths.h"
#include "recall/buf.h"
#include "recall/deck.h"
#include "recall/import.h"

static void print_diags(const struct rc_diags *diags)
{
    for (size_t i = 0; i < diags->n; i++)
        fprintf(stderr, "recall: %s\n", diags->v[i].msg);
}

/* Has an earlier file of this run already imported deck 'id'? */
static const char *seen_deck(struct rc_strlist *ids, struct rc_strlist *files,
                             const char *id)
{
    for (size_t i = 0; i < ids->n; i++)
        if (strcmp(ids->v[i], id) == 0)
            return files->v[i];
    return NULL;
}

struct run {
    struct cli *cli;
    bool dry_run;
    bool quiet;
    struct rc_strlist ids, files;
    int failed;
};

static void import_file(struct run *run, const char *path)
{
    struct rc_diags diags = {0};
    struct rc_err err = {0};
    struct rc_deck *deck = NULL;
    int rc = rc_deck_parse_file(path, &deck, &diags, &err);
    print_diags(&diags);
    if (rc < 0 && diags.n_errors == 0)
        cli_report(run->cli, &err);
    if (rc == RC_OK) {
        const char *other = seen_deck(&run->ids, &run->files, deck->id);
        if (other) {
            cli_error("%s: deck id '%s' is already used by '%s'", path,
                      deck->id, other);
            rc = RC_ECONFLICT;
        }
    }
    if (rc == RC_OK && !run->dry_run) {
        struct rc_buf abs = {0};
        struct rc_import_stats st = {0};
        cli_absolute_path(path, &abs);
        rc = rc_import_deck(run->cli->coll, deck, rc_buf_str(&abs),
                            run->cli->now_ms, &st, &err);
        if (rc < 0)
            cli_report(run->cli, &err);
        else if (!run->quiet)
            printf("%s: deck '%s': %zu added, %zu changed, %zu retired%s\n",
                   path, deck->id, st.added, st.changed, st.retired,
                   st.added + st.changed + st.retired + st.deck_changed == 0
                       ? " (unchanged)"
                       : "");
        rc_buf_release(&abs);
    } else if (rc == RC_OK) {
        printf("%s: deck '%s': ok (dry run, nothing imported)\n", path,
               deck->id);
    }
    if (rc == RC_OK) {
        rc_strlist_add(&run->ids, deck->id);
        rc_strlist_add(&run->files, path);
    } else {
        run->failed++;
    }
    rc_deck_free(deck);
    rc_diags_release(&diags);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.deck files directly in 'dir', sorted, into 'out'. */
static int list_decks(const char *dir, struct rc_strlist *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".deck") == 0) {
            struct rc_buf p = {0};
            rc_buf_addf(&p, "%s%s%s", dir,
                        dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
            rc_strlist_add(out, rc_buf_str(&p));
            rc_buf_release(&p);
        }
    }
    closedir(d);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof(*out->v), cmp_str);
    return 0;
}

int cli_import_paths(struct cli *cli, char **paths, int n, bool dry_run,
                     bool quiet)
{
    struct run run = {.cli = cli, .dry_run = dry_run, .quiet = quiet};
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            struct rc_strlist files = {0};
            if (list_decks(paths[i], &files) < 0 || files.n == 0) {
                cli_error("%s: no .deck files in this folder", paths[i]);
                run.failed++;
            }
            for (size_t k = 0; k < files.n; k++)
                import_file(&run, files.v[k]);
            rc_strlist_release(&files);
        } else {
            import_file(&run, paths[i]);
        }
    }
    rc_strlist_release(&run.ids);
    rc_strlist_release(&run.files);
    return run.failed ? CLI_ERROR : CLI_OK;
}

static int import_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_import = {
    .name = "import",
    .summary = "add or update cards from deck files",
    .usage =
        "usage: recall import [--dry-run] <file-or-folder>...\n"
        "\n"
        "Import deck files (see decks/FORMAT.md); a folder stands for the\n"
        "*.deck files in it. Importing is idempotent: an unchanged file\n"
        "changes nothing, an edited card keeps its id, history and\n"
        "schedule, and a card removed from the file is retired (kept with\n"
        "its reviews, no longer studied). A file with any error imports\n"
        "nothing; every error is reported as FILE:LINE: message.\n"
        "\n"
        "  --dry-run   check the files, import nothing\n",
    .run = import_run,
    .flags = CLI_NEEDS_COLLECTION,
};

static int import_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    bool dry_run = false;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c != 'n')
            return cli_usage_error(&cmd_import, "unknown option '%s'",
                                   argv[optind - 1]);
        dry_run = true;
    }
    if (optind >= argc)
        return cli_usage_error(&cmd_import, "no deck file given");
    return cli_import_paths(cli, argv + optind, argc - optind, dry_run, false);
}
