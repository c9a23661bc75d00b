/* cmd_stats.c -- `recall stats`: how the studying is going.
 *
 * The numbers all come from rc_stats_collect() (stats.h), in one read
 * transaction; this file only lays them out.  The text report is a set
 * of short sections -- cards, the due forecast as a column chart, the
 * last 26 weeks as a calendar heatmap, retention and time by period, the
 * streak, the hardest cards and the leeches.  Charts use Unicode blocks
 * when stdout is a terminal and ASCII otherwise, so that a pipe gets
 * plain text; colour (headings only) follows cli->color, and a chart
 * reads the same without it.  --json prints the same numbers, times as
 * *_ms integers and every day labelled with the moment it starts. */
#include "cli.h"

#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "recall/clock.h"
#include "recall/stats.h"
#include "term.h"

static int stats_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_stats = {
    .name = "stats",
    .summary = "show reviews, retention, the due forecast and streaks",
    .usage =
        "usage: recall stats [--json] [<deck>]\n"
        "\n"
        "Statistics for the current profile, over every deck or one:\n"
        "cards by state; cards due on each of the next 30 days; reviews\n"
        "per day over the last 26 weeks; reviews, true retention and time\n"
        "spent over the last 7, 30 and 365 days; the current streak of\n"
        "study days; the hardest cards and the leeches.\n"
        "\n"
        "True retention counts only reviews of a card last seen on an\n"
        "earlier study day, and the share of them not answered Again.\n"
        "Charts use Unicode blocks on a terminal and ASCII otherwise.\n"
        "\n"
        "  --json   one object: cards {total, new, learning, review,\n"
        "           relearning, suspended, leeches}, forecast [{day_start_ms,\n"
        "           due}], history [{day_start_ms, reviews, time_ms}],\n"
        "           periods [{days, reviews, time_ms, true_reviews,\n"
        "           true_passed, retention}], streak_days, hardest_by,\n"
        "           hardest and leeches [{card, difficulty, lapses, reps,\n"
        "           suspended}]\n"
        "\n"
        "Exit status: 0 success, 1 error (such as an unknown deck), 2 usage "
        "error.\n",
    .run = stats_run,
    .flags = CLI_NEEDS_COLLECTION,
};

/* "0s", "45s", "12m", "3h 05m": time spent, for people. */
static void format_duration(int64_t ms, char *buf, size_t size)
{
    int64_t s = ms > 0 ? ms / 1000 : 0;
    if (s < 60)
        snprintf(buf, size, "%llds", (long long)s);
    else if (s < 3600)
        snprintf(buf, size, "%lldm", (long long)(s / 60));
    else
        snprintf(buf, size, "%lldh %02lldm", (long long)(s / 3600),
                 (long long)(s / 60 % 60));
}

static void heading(const struct cli *cli, const char *text)
{
    printf("\n%s%s%s\n", term_bold(cli), text, term_reset(cli));
}

static void print_cards(const struct cli *cli, const struct rc_stats *s)
{
    heading(cli, "Cards");
    printf("  %-11s %9lld\n", "total", (long long)s->n_cards);
    printf("  %-11s %9lld    %-11s %9lld\n", "new", (long long)s->n_new,
           "learning", (long long)s->n_learning);
    printf("  %-11s %9lld    %-11s %9lld\n", "review", (long long)s->n_review,
           "relearning", (long long)s->n_relearning);
    printf("  %-11s %9lld    %-11s %9lld\n", "suspended",
           (long long)s->n_suspended, "leeches", (long long)s->n_leeches);
}

static void print_forecast(const struct cli *cli, const struct rc_stats *s,
                           bool unicode)
{
    int64_t total = 0;
    for (int i = 0; i < RC_STATS_FORECAST_DAYS; i++)
        total += s->forecast[i];
    char title[128];
    snprintf(title, sizeof(title),
             "Due in the next 30 days: %lld (today, with overdue: %lld)",
             (long long)total, (long long)s->forecast[0]);
    heading(cli, title);
    const char *label[RC_STATS_FORECAST_DAYS] = {[0] = "today",
                                                 [7] = "+7d",
                                                 [14] = "+14d",
                                                 [21] = "+21d",
                                                 [28] = "+28d"};
    chart_columns(stdout, s->forecast, RC_STATS_FORECAST_DAYS, 6, label,
                  unicode, "  ");
}

static void print_history(const struct cli *cli, const struct rc_stats *s,
                          bool unicode)
{
    int64_t total = 0, ms = 0;
    for (int i = 0; i < RC_STATS_HISTORY_DAYS; i++) {
        total += s->day_reviews[i];
        ms += s->day_time_ms[i];
    }
    char spent[32], title[128];
    format_duration(ms, spent, sizeof(spent));
    snprintf(title, sizeof(title), "Reviews in the last 26 weeks: %lld in %s",
             (long long)total, spent);
    heading(cli, title);
    chart_heatmap(stdout, s->day_reviews, RC_STATS_HISTORY_DAYS,
                  s->today - (RC_STATS_HISTORY_DAYS - 1), unicode, "  ");
}

static void print_periods(const struct cli *cli, const struct rc_stats *s)
{
    heading(cli, "Retention and time");
    printf("  %-15s", "");
    for (int k = 0; k < RC_STATS_PERIODS; k++)
        printf(" %9d days", s->periods[k].days);
    printf("\n  %-15s", "reviews");
    for (int k = 0; k < RC_STATS_PERIODS; k++)
        printf(" %14lld", (long long)s->periods[k].reviews);
    printf("\n  %-15s", "true reviews");
    for (int k = 0; k < RC_STATS_PERIODS; k++)
        printf(" %14lld", (long long)s->periods[k].true_reviews);
    printf("\n  %-15s", "true retention");
    for (int k = 0; k < RC_STATS_PERIODS; k++) {
        double r = rc_stats_retention(&s->periods[k]);
        if (r < 0)
            printf(" %14s", "-");
        else
            printf(" %13.1f%%", r * 100);
    }
    printf("\n  %-15s", "time spent");
    for (int k = 0; k < RC_STATS_PERIODS; k++) {
        char spent[32];
        format_duration(s->periods[k].time_ms, spent, sizeof(spent));
        printf(" %14s", spent);
    }
    printf("\n\n%sStreak:%s %lld day%s\n", term_bold(cli), term_reset(cli),
           (long long)s->streak_days, s->streak_days == 1 ? "" : "s");
}

static void print_ranking(const struct cli *cli,
                          const struct rc_stats_card *card, size_t n)
{
    if (n == 0) {
        printf("  (none)\n");
        return;
    }
    printf("  %s%-30s %10s %7s %8s%s\n", term_dim(cli), "CARD", "DIFFICULTY",
           "LAPSES", "REVIEWS", term_reset(cli));
    for (size_t i = 0; i < n; i++) {
        const struct rc_stats_card *c = &card[i];
        char difficulty[16] = "-";
        if (c->difficulty > 0)
            snprintf(difficulty, sizeof(difficulty), "%.2f", c->difficulty);
        printf("  %-30s %10s %7d %8d%s\n", c->name, difficulty, c->lapses,
               c->reps, c->suspended ? "  suspended" : "");
    }
}

static void print_cards_ranked(const struct cli *cli, const struct rc_stats *s)
{
    heading(cli, s->hardest_by == RC_STATS_BY_DIFFICULTY
                     ? "Hardest cards (highest difficulty)"
                     : "Hardest cards (most lapses)");
    print_ranking(cli, s->hardest, s->n_hardest);
    char title[64];
    snprintf(title, sizeof(title), "Leeches: %lld", (long long)s->n_leeches);
    heading(cli, title);
    print_ranking(cli, s->leech_list, s->n_leech_list);
    if ((int64_t)s->n_leech_list < s->n_leeches)
        printf("  ... and %lld more (recall cards shows them all)\n",
               (long long)(s->n_leeches - (int64_t)s->n_leech_list));
}

static int print_text(const struct cli *cli, const char *deck,
                      const struct rc_stats *s)
{
    bool unicode = isatty(STDOUT_FILENO);
    char now[32];
    rc_time_format_local(s->now_ms, now, sizeof(now));
    printf("%sStatistics for profile '%s', %s%s%s, at %s%s\n", term_bold(cli),
           cli->profile, deck ? "deck '" : "all decks", deck ? deck : "",
           deck ? "'" : "", now, term_reset(cli));
    print_cards(cli, s);
    print_forecast(cli, s, unicode);
    print_history(cli, s, unicode);
    print_periods(cli, s);
    print_cards_ranked(cli, s);
    return CLI_OK;
}

static json_t *ranking_json(const struct rc_stats_card *card, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "card", json_string(card[i].name));
        json_object_set_new(o, "difficulty", json_real(card[i].difficulty));
        json_object_set_new(o, "lapses", json_integer(card[i].lapses));
        json_object_set_new(o, "reps", json_integer(card[i].reps));
        json_object_set_new(o, "suspended", json_boolean(card[i].suspended));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *cards_json(const struct rc_stats *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "total", json_integer(s->n_cards));
    json_object_set_new(o, "new", json_integer(s->n_new));
    json_object_set_new(o, "learning", json_integer(s->n_learning));
    json_object_set_new(o, "review", json_integer(s->n_review));
    json_object_set_new(o, "relearning", json_integer(s->n_relearning));
    json_object_set_new(o, "suspended", json_integer(s->n_suspended));
    json_object_set_new(o, "leeches", json_integer(s->n_leeches));
    return o;
}

static json_t *forecast_json(const struct rc_stats *s)
{
    json_t *a = json_array();
    for (int i = 0; i < RC_STATS_FORECAST_DAYS; i++) {
        json_t *o = json_object();
        int64_t start = rc_study_day_start_ms(s->today + i, s->rollover_hour);
        json_object_set_new(o, "day_start_ms", json_integer(start));
        json_object_set_new(o, "due", json_integer(s->forecast[i]));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *history_json(const struct rc_stats *s)
{
    json_t *a = json_array();
    int64_t first = s->today - (RC_STATS_HISTORY_DAYS - 1);
    for (int i = 0; i < RC_STATS_HISTORY_DAYS; i++) {
        json_t *o = json_object();
        int64_t start = rc_study_day_start_ms(first + i, s->rollover_hour);
        json_object_set_new(o, "day_start_ms", json_integer(start));
        json_object_set_new(o, "reviews", json_integer(s->day_reviews[i]));
        json_object_set_new(o, "time_ms", json_integer(s->day_time_ms[i]));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *periods_json(const struct rc_stats *s)
{
    json_t *a = json_array();
    for (int k = 0; k < RC_STATS_PERIODS; k++) {
        const struct rc_stats_period *p = &s->periods[k];
        double r = rc_stats_retention(p);
        json_t *o = json_object();
        json_object_set_new(o, "days", json_integer(p->days));
        json_object_set_new(o, "reviews", json_integer(p->reviews));
        json_object_set_new(o, "time_ms", json_integer(p->time_ms));
        json_object_set_new(o, "true_reviews", json_integer(p->true_reviews));
        json_object_set_new(o, "true_passed", json_integer(p->true_passed));
        json_object_set_new(o, "retention", r < 0 ? json_null() : json_real(r));
        json_array_append_new(a, o);
    }
    return a;
}

static int print_json(const struct cli *cli, const char *deck,
                      const struct rc_stats *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "profile", json_string(cli->profile));
    json_object_set_new(o, "deck", deck ? json_string(deck) : json_null());
    json_object_set_new(o, "now_ms", json_integer(s->now_ms));
    json_object_set_new(o, "rollover_hour", json_integer(s->rollover_hour));
    json_object_set_new(o, "cards", cards_json(s));
    json_object_set_new(o, "forecast", forecast_json(s));
    json_object_set_new(o, "history", history_json(s));
    json_object_set_new(o, "periods", periods_json(s));
    json_object_set_new(o, "streak_days", json_integer(s->streak_days));
    json_object_set_new(o, "hardest_by",
                        json_string(s->hardest_by == RC_STATS_BY_DIFFICULTY
                                        ? "difficulty"
                                        : "lapses"));
    json_object_set_new(o, "hardest", ranking_json(s->hardest, s->n_hardest));
    json_object_set_new(o, "leeches",
                        ranking_json(s->leech_list, s->n_leech_list));
    return cli_print_json(o);
}

static int stats_run(struct cli *cli, int argc, char **argv)
{
    int rc = cli_parse_json_option(&cmd_stats, cli, argc, argv);
    if (rc >= 0)
        return rc;
    const char *deck = optind < argc ? argv[optind++] : NULL;
    if (optind < argc)
        return cli_usage_error(&cmd_stats, "unexpected argument '%s'",
                               argv[optind]);
    struct rc_stats s;
    struct rc_err err = {0};
    if (rc_stats_collect(cli->coll, cli->profile_id, deck, cli->now_ms, &s,
                         &err) < 0) {
        rc_stats_release(&s);
        return cli_report(cli, &err);
    }
    rc = cli->json ? print_json(cli, deck, &s) : print_text(cli, deck, &s);
    rc_stats_release(&s);
    return rc;
}
