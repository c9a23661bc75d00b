/* cmd_sched.c -- `recall sched replay`: a review log through the
 * scheduler, one resulting card state per review.
 *
 * This is how recall proves its FSRS is ts-fsrs's: the same events CSV
 * and the same JSON config go to both (shared/fsrs/replay-bench.mjs is
 * ts-fsrs behind this interface), and the outputs must agree.  The
 * replay itself is rc_csv_replay() in core; this file reads the config
 * with jansson (core links no JSON library) and turns it into a
 * struct rc_fsrs.  The config's field names are ts-fsrs's own, so one file
 * configures both; recall adds rollover_hour and timezone, which move the
 * start of the study day away from UTC midnight.  --algo sm2 replays the
 * same events through Anki's SM-2 (rc_csv_replay_sm2), taking from the
 * config only what the two schedulers share. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "recall/buf.h"
#include "recall/csv_replay.h"
#include "recall/fsrs.h"
#include "recall/sm2.h"

#define CONFIG_MAX_BYTES (1 << 20)
#define HOUR_MS          3600000LL

static int sched_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_sched = {
    .name = "sched",
    .summary = "replay a review log through the scheduler",
    .usage =
        "usage: recall sched replay [--algo fsrs | sm2] [--config <file>]\n"
        "\n"
        "Read review events on stdin and write, for each, the card the\n"
        "scheduler makes of it on stdout.  FSRS is FSRS-6 exactly as\n"
        "ts-fsrs 5.4.2 computes it; SM-2 is Anki's, with its default\n"
        "options except the config's steps, maximum_interval, fuzz and\n"
        "study day.\n"
        "\n"
        "  --algo NAME      fsrs (default) or sm2\n"
        "  --config FILE    parameters as JSON (default: ts-fsrs's)\n"
        "\n"
        "Input CSV (a first line starting 'card_id' is a header):\n"
        "  card_id,review_time_ms,rating\n"
        "  review_time_ms: ms since 1970-01-01 UTC; rating: 1 Again,\n"
        "  2 Hard, 3 Good, 4 Easy.  Events are grouped per card, in time\n"
        "  order; a new card_id starts a new card.\n"
        "\n"
        "Output CSV, after a header line, one row per event:\n"
        "  card_id,review_time_ms,rating,state,stability,difficulty,\n"
        "  elapsed_days,scheduled_days,due_ms,reps,lapses,retrievability\n"
        "  state: 0 New, 1 Learning, 2 Review, 3 Relearning; stability in\n"
        "  days; retrievability just before the review.  With sm2:\n"
        "  card_id,review_time_ms,rating,state,step,ease,interval_days,\n"
        "  elapsed_days,due_ms,reps,lapses\n"
        "\n"
        "Config fields (all optional; ts-fsrs's names):\n"
        "  w                  17, 19 or 21 weights (FSRS-4.5, 5, 6)\n"
        "  request_retention  in (0, 1], default 0.9\n"
        "  maximum_interval   days, default 36500\n"
        "  enable_short_term  true (default) or false\n"
        "  learning_steps     e.g. [\"1m\", \"10m\"] (units m, h, d)\n"
        "  relearning_steps   e.g. [\"10m\"]\n"
        "  enable_fuzz        false (default) or true\n"
        "  rollover_hour      0-23: study days start then (default 0)\n"
        "  timezone           \"UTC\" (default) or an offset like "
        "\"+02:00\"\n",
    .run = sched_run,
    .flags = 0,
};

/* ---- Reading the config ------------------------------------------------ */

/* The whole file into 'out', refusing more than CONFIG_MAX_BYTES.  The
 * caller prefixes the path to messages. */
static int read_file(const char *path, struct rc_buf *out, struct rc_err *err)
{
    char chunk[8192];
    FILE *fp = fopen(path, "rb");
    int rc = RC_OK;

    if (!fp)
        return rc_err_set(err, RC_EIO, "%s", strerror(errno));
    for (;;) {
        size_t n = fread(chunk, 1, sizeof(chunk), fp);
        if (n == 0)
            break;
        if (out->len + n > CONFIG_MAX_BYTES) {
            rc = rc_err_set(err, RC_ELIMIT, "larger than %d bytes",
                            CONFIG_MAX_BYTES);
            break;
        }
        rc_buf_add(out, chunk, n);
    }
    if (rc == RC_OK && ferror(fp))
        rc = rc_err_set(err, RC_EIO, "%s", strerror(errno));
    fclose(fp);
    return rc;
}

static int get_weights(json_t *v, struct rc_fsrs_params *p, size_t *n,
                       struct rc_err *err)
{
    size_t i;
    json_t *x;

    if (!json_is_array(v))
        return rc_err_set(err, RC_EINVAL, "w: expected an array of numbers");
    *n = json_array_size(v);
    json_array_foreach(v, i, x)
    {
        if (!json_is_number(x))
            return rc_err_set(err, RC_EINVAL, "w[%zu]: not a number", i);
        if (i < RC_FSRS_N_WEIGHTS)
            p->w[i] = json_number_value(x);
    }
    return RC_OK; /* the length is rc_fsrs_params_check()'s to judge */
}

static int get_steps(json_t *v, const char *name, int *steps, size_t *n,
                     struct rc_err *err)
{
    size_t i;
    json_t *x;

    if (!json_is_array(v))
        return rc_err_set(err, RC_EINVAL, "%s: expected an array of strings",
                          name);
    if (json_array_size(v) > RC_FSRS_MAX_STEPS)
        return rc_err_set(err, RC_EINVAL, "%s: at most %d steps, got %zu", name,
                          RC_FSRS_MAX_STEPS, json_array_size(v));
    *n = json_array_size(v);
    json_array_foreach(v, i, x)
    {
        if (!json_is_string(x))
            return rc_err_set(err, RC_EINVAL,
                              "%s[%zu]: expected a string like \"10m\"", name,
                              i);
        if (rc_fsrs_parse_step(json_string_value(x), &steps[i], err) < 0) {
            rc_err_prefix(err, "%s[%zu]", name, i);
            return RC_EINVAL;
        }
    }
    return RC_OK;
}

static int get_bool(json_t *v, const char *name, bool *out, struct rc_err *err)
{
    if (!json_is_boolean(v))
        return rc_err_set(err, RC_EINVAL, "%s: expected true or false", name);
    *out = json_is_true(v);
    return RC_OK;
}

/* A whole number in [lo, hi]. */
static int get_int(json_t *v, const char *name, long lo, long hi, int *out,
                   struct rc_err *err)
{
    double x = json_is_number(v) ? json_number_value(v) : NAN;

    if (!(x >= lo && x <= hi) || x != floor(x))
        return rc_err_set(err, RC_EINVAL,
                          "%s: expected a whole number in [%ld, %ld]", name, lo,
                          hi);
    *out = (int)x;
    return RC_OK;
}

static int two_digits(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "UTC", "Z", or +HH:MM / -HH:MM: the offset of local time from UTC.
 * Named zones change offset with the seasons, and a study-day boundary
 * that moves would need the zone database in core; not supported yet. */
static int get_timezone(json_t *v, int64_t *offset_ms, struct rc_err *err)
{
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    int h = -1, m = -1;

    if (strcmp(s, "UTC") == 0 || strcmp(s, "Z") == 0) {
        *offset_ms = 0;
        return RC_OK;
    }
    if ((s[0] == '+' || s[0] == '-') && strlen(s) == 6 && s[3] == ':') {
        h = two_digits(s + 1);
        m = two_digits(s + 4);
    }
    if (h < 0 || h > 14 || m < 0 || m > 59)
        return rc_err_set(err, RC_EINVAL,
                          "timezone: expected \"UTC\" or an offset like "
                          "\"+02:00\"");
    *offset_ms = (s[0] == '-' ? -1 : 1) * (h * 60 + m) * 60000LL;
    return RC_OK;
}

struct config {
    struct rc_fsrs_params p;
    size_t n_weights;
    int rollover_hour;
    int64_t tz_offset_ms;
};

static int apply_field(struct config *c, const char *key, json_t *v,
                       struct rc_err *err)
{
    struct rc_fsrs_params *p = &c->p;

    if (strcmp(key, "w") == 0)
        return get_weights(v, p, &c->n_weights, err);
    if (strcmp(key, "request_retention") == 0) {
        if (!json_is_number(v))
            return rc_err_set(err, RC_EINVAL,
                              "request_retention: expected a number");
        p->request_retention = json_number_value(v);
        return RC_OK;
    }
    if (strcmp(key, "maximum_interval") == 0)
        return get_int(v, key, 0, 1000000, &p->maximum_interval, err);
    if (strcmp(key, "enable_short_term") == 0)
        return get_bool(v, key, &p->enable_short_term, err);
    if (strcmp(key, "enable_fuzz") == 0)
        return get_bool(v, key, &p->enable_fuzz, err);
    if (strcmp(key, "learning_steps") == 0)
        return get_steps(v, key, p->learning_steps_min, &p->n_learning_steps,
                         err);
    if (strcmp(key, "relearning_steps") == 0)
        return get_steps(v, key, p->relearning_steps_min,
                         &p->n_relearning_steps, err);
    if (strcmp(key, "rollover_hour") == 0)
        return get_int(v, key, 0, 23, &c->rollover_hour, err);
    if (strcmp(key, "timezone") == 0)
        return get_timezone(v, &c->tz_offset_ms, err);
    return rc_err_set(err, RC_EINVAL, "unknown field '%s'", key);
}

static int parse_config(const char *text, size_t len, struct config *c,
                        struct rc_err *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    const char *key;
    json_t *v;
    int rc = RC_OK;

    if (!root)
        return rc_err_set(err, RC_EPARSE, "%d:%d: %s", jerr.line, jerr.column,
                          jerr.text);
    if (!json_is_object(root))
        rc = rc_err_set(err, RC_EINVAL, "expected a JSON object");
    json_object_foreach(root, key, v)
    {
        if (rc == RC_OK)
            rc = apply_field(c, key, v, err);
    }
    json_decref(root);
    return rc;
}

/* The config file at 'path' (NULL: the defaults), read and checked into
 * 'c', weights migrated to 21.  Messages start with the path. */
static int load_config(const char *path, struct config *c, struct rc_err *err)
{
    struct rc_buf text = {0};
    int64_t off;
    int rc;

    rc_fsrs_params_default(&c->p);
    c->n_weights = RC_FSRS_N_WEIGHTS;
    rc = path ? read_file(path, &text, err) : RC_OK;
    if (rc == RC_OK && path)
        rc = parse_config(rc_buf_str(&text), text.len, c, err);
    if (rc == RC_OK)
        rc = rc_fsrs_params_check(&c->p, c->n_weights, err);
    if (rc == RC_OK)
        rc = rc_fsrs_params_migrate(c->p.w, c->n_weights, c->p.w);
    /* Study days start at rollover_hour local time; only the boundary
     * matters, so reduce it into one day. */
    off = (c->rollover_hour * HOUR_MS - c->tz_offset_ms) % RC_FSRS_DAY_MS;
    c->p.day_start_offset_ms = off < 0 ? off + RC_FSRS_DAY_MS : off;
    if (rc < 0 && path)
        rc_err_prefix(err, "%s", path);
    rc_buf_release(&text);
    return rc;
}

static int replay_fsrs(struct cli *cli, const struct config *c,
                       const char *path)
{
    struct rc_err err = {0};
    struct rc_fsrs f;

    if (rc_fsrs_init(&f, &c->p, &err) < 0) {
        if (path)
            rc_err_prefix(&err, "%s", path);
        return cli_report(cli, &err);
    }
    if (rc_csv_replay(&f, stdin, "<stdin>", stdout, &err) < 0)
        return cli_report(cli, &err);
    return CLI_OK;
}

/* SM-2 with Anki's default options, but the config's steps, maximum
 * interval, fuzz and study day. */
static int replay_sm2(struct cli *cli, const struct config *c, const char *path)
{
    struct rc_err err = {0};
    struct rc_sm2_params p;

    rc_sm2_params_default(&p);
    memcpy(p.learning_steps_min, c->p.learning_steps_min,
           sizeof(p.learning_steps_min));
    p.n_learning_steps = c->p.n_learning_steps;
    memcpy(p.relearning_steps_min, c->p.relearning_steps_min,
           sizeof(p.relearning_steps_min));
    p.n_relearning_steps = c->p.n_relearning_steps;
    if (c->p.maximum_interval)
        p.maximum_interval_days = c->p.maximum_interval;
    p.fuzz = c->p.enable_fuzz;
    if (rc_sm2_params_check(&p, &err) < 0) {
        rc_err_prefix(&err, "%s: sm2", path ? path : "defaults");
        return cli_report(cli, &err);
    }
    if (rc_csv_replay_sm2(&p, c->p.day_start_offset_ms, stdin, "<stdin>",
                          stdout, &err) < 0)
        return cli_report(cli, &err);
    return CLI_OK;
}

/* ---- The command --------------------------------------------------------- */

static int replay_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"algo", required_argument, NULL, 'a'},
        {"config", required_argument, NULL, 'c'},
        {NULL, 0, NULL, 0},
    };
    const char *algo = "fsrs", *path = NULL;
    struct rc_err err = {0};
    struct config conf = {0};
    int c;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
        if (c == 'a')
            algo = optarg;
        else if (c == 'c')
            path = optarg;
        else if (c == ':')
            return cli_usage_error(&cmd_sched, "option '%s' needs a value",
                                   argv[optind - 1]);
        else
            return cli_usage_error(&cmd_sched, "unknown option '%s'",
                                   argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage_error(&cmd_sched, "unexpected argument '%s'",
                               argv[optind]);
    if (strcmp(algo, "fsrs") != 0 && strcmp(algo, "sm2") != 0)
        return cli_usage_error(&cmd_sched,
                               "unknown algorithm '%s' (fsrs or sm2)", algo);
    if (load_config(path, &conf, &err) < 0)
        return cli_report(cli, &err);
    if (strcmp(algo, "sm2") == 0)
        return replay_sm2(cli, &conf, path);
    return replay_fsrs(cli, &conf, path);
}

static int sched_run(struct cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_sched, "missing subcommand (replay)");
    if (strcmp(argv[1], "replay") != 0)
        return cli_usage_error(&cmd_sched, "unknown subcommand '%s'", argv[1]);
    return replay_run(cli, argc - 1, argv + 1);
}
