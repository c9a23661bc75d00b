/* class_join.c -- `recall class join URL --name NAME`: a terminal student.
 *
 * The client speaks docs/class-protocol.md with libcurl: it joins (or
 * rejoins with --token), then long-polls GET /class/state with the last
 * version it saw, so it wakes when the game moves and costs nothing in
 * between.  Each question it has not answered is shown once, numbered,
 * and one line of stdin is its answer -- on a terminal with a prompt,
 * from a pipe without one (an empty line gives no answer, the end of
 * input gives no more) -- so a script can play a whole game.  The
 * verdict, the score and the place follow each question; the podium
 * ends the run.
 *
 * With --record each answered question whose card ("deck/note#n", sent
 * in the state) is in the student's own collection becomes a review of
 * kind 'quiz' (right: Good, else Again), as `recall quiz --record`
 * does; a question whose card the student lacks is skipped silently.
 *
 * Every reply is read against MAX_REPLY and every error reply's message
 * is shown as the host wrote it. */
#include "class_cli.h"

#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall/answer.h"
#include "recall/buf.h"
#include "recall/catalog.h"
#include "recall/clock.h"
#include "recall/rng.h"

#define MAX_REPLY   (4u << 20)
#define POLL_WAIT_S 30 /* the host holds a poll 25 s at most */

struct join {
    struct cli *cli;
    const char *url;
    const char *name;
    const char *code;
    char code_buf[16]; /* the code when it came in the URL */
    const char *token_given;
    bool record;
    bool tty;
    bool input_done;
    CURL *curl;
    char token[CLASS_TOKEN_LEN + 1];
    json_int_t version;
    json_int_t handled; /* questions shown, 1-based number; 0 none */
    json_int_t reported;
    bool lobby_shown;
    struct rc_rng rng;
};

/* ---- HTTP ------------------------------------------------------------- */

static size_t take(char *p, size_t size, size_t n, void *arg)
{
    struct rc_buf *b = arg;
    if (size * n > MAX_REPLY - b->len)
        return 0;
    rc_buf_add(b, p, size * n);
    return size * n;
}

/* One request; sets *out to the parsed reply and returns its status, or
 * -1 after printing why when the host cannot be reached. */
static long http(struct join *j, const char *path, json_t *body, json_t **out)
{
    struct rc_buf url = {0}, reply = {0};
    rc_buf_addf(&url, "%s%s", j->url, path);
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    struct curl_slist *h = NULL;
    CURL *e = j->curl;
    curl_easy_reset(e);
    curl_easy_setopt(e, CURLOPT_URL, rc_buf_str(&url));
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, take);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)POLL_WAIT_S);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    if (text) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, text);
    }
    long status = -1;
    CURLcode cc = curl_easy_perform(e);
    if (cc == CURLE_OK)
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    else
        cli_error("%s: %s", rc_buf_str(&url), curl_easy_strerror(cc));
    *out = status > 0
               ? json_loadb(reply.buf ? reply.buf : "", reply.len, 0, NULL)
               : NULL;
    curl_slist_free_all(h);
    free(text);
    rc_buf_release(&url);
    rc_buf_release(&reply);
    return status;
}

static const char *error_message(const json_t *r)
{
    const char *m = json_string_value(
        json_object_get(json_object_get(r, "error"), "message"));
    return m ? m : "the host refused";
}

/* ---- Joining ---------------------------------------------------------- */

static int join_game(struct join *j)
{
    json_t *body = json_pack("{s:s,s:s}", "code", j->code, "name", j->name);
    if (j->token_given)
        json_object_set_new(body, "token", json_string(j->token_given));
    json_t *r = NULL;
    long status = http(j, "/class/join", body, &r);
    json_decref(body);
    int rc = CLI_OK;
    const char *tok = json_string_value(json_object_get(r, "token"));
    if (status < 0)
        rc = CLI_ERROR;
    else if (status != 200 || !tok || strlen(tok) != CLASS_TOKEN_LEN)
        rc = cli_error("join: %s", error_message(r));
    if (rc == CLI_OK) {
        memcpy(j->token, tok, CLASS_TOKEN_LEN + 1);
        printf("%s as %s\ntoken %s\n", j->token_given ? "rejoined" : "joined",
               json_string_value(json_object_get(r, "name")), j->token);
        fflush(stdout);
    }
    json_decref(r);
    return rc;
}

/* ---- Answering -------------------------------------------------------- */

/* Read one line of stdin into 'line' (newline dropped); false at the end
 * of input, after which no more is read. */
static bool read_line(struct join *j, struct rc_buf *line)
{
    rc_buf_reset(line);
    if (j->input_done)
        return false;
    if (j->tty) {
        printf("answer> ");
        fflush(stdout);
    }
    char *s = NULL;
    size_t cap = 0;
    ssize_t n = getline(&s, &cap, stdin);
    if (n < 0) {
        free(s);
        j->input_done = true;
        return false;
    }
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    rc_buf_add(line, s, (size_t)n);
    free(s);
    return true;
}

/* Turn the line into the protocol's answer for 'q' and say it in words;
 * NULL (and a message) for a line that does not fit. */
static json_t *make_answer(const json_t *q, const char *line,
                           struct rc_buf *words)
{
    const char *kind = json_string_value(json_object_get(q, "kind"));
    const json_t *opts = json_object_get(q, "options");
    size_t n = json_array_size(opts);
    if (strcmp(kind, "typed") == 0) {
        rc_buf_adds(words, line);
        return json_string(line);
    }
    json_t *order = json_array();
    const char *p = line;
    char *end;
    for (;;) {
        errno = 0;
        long k = strtol(p, &end, 10);
        if (end == p)
            break;
        if (errno || k < 1 || (size_t)k > n) {
            json_decref(order);
            printf("answer with numbers from 1 to %zu\n", n);
            return NULL;
        }
        rc_buf_addf(words, "%s%s", json_array_size(order) ? " > " : "",
                    json_string_value(json_array_get(opts, (size_t)k - 1)));
        json_array_append_new(order, json_integer(k - 1));
        p = end;
    }
    while (*p == ' ' || *p == ',')
        p++;
    bool choice = strcmp(kind, "choice") == 0;
    size_t got = json_array_size(order);
    if (*p || got == 0 || (choice && got != 1) || (!choice && got != n)) {
        json_decref(order);
        printf(choice ? "answer with one number from 1 to %zu\n"
                      : "answer with the %zu numbers in order\n",
               n);
        return NULL;
    }
    if (!choice)
        return order;
    json_t *one = json_incref(json_array_get(order, 0));
    json_decref(order);
    return one;
}

static void send_answer(struct join *j, const json_t *q, json_t *answer,
                        const char *words)
{
    json_t *body = json_pack("{s:s,s:O,s:o}", "token", j->token, "question",
                             json_object_get(q, "index"), "answer", answer);
    json_t *r = NULL;
    long status = http(j, "/class/answer", body, &r);
    json_decref(body);
    if (status == 200)
        printf("sent: %s\n", words);
    else if (status > 0)
        printf("refused: %s\n", error_message(r));
    json_decref(r);
}

static void show_question(const json_t *q)
{
    printf("\n[question %lld of %lld] %s\n",
           (long long)json_integer_value(json_object_get(q, "number")),
           (long long)json_integer_value(json_object_get(q, "count")),
           json_string_value(json_object_get(q, "text")));
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(q, "options"), i, o)
        printf("  %zu) %s\n", i + 1, json_string_value(o));
    const char *kind = json_string_value(json_object_get(q, "kind"));
    if (strcmp(kind, "order") == 0)
        printf("  (the numbers in order, such as '2 3 1')\n");
    else if (strcmp(kind, "typed") == 0)
        printf("  (type the answer)\n");
    fflush(stdout);
}

/* Ask question 'q' on the terminal and send the answer. */
static void ask(struct join *j, const json_t *q)
{
    show_question(q);
    struct rc_buf line = {0}, words = {0};
    for (;;) {
        if (!read_line(j, &line) || line.len == 0)
            break;
        rc_buf_reset(&words);
        json_t *a = make_answer(q, rc_buf_str(&line), &words);
        if (a) {
            send_answer(j, q, a, rc_buf_str(&words));
            break;
        }
        if (!j->tty)
            break; /* a script's line is its answer, good or not */
    }
    fflush(stdout);
    rc_buf_release(&line);
    rc_buf_release(&words);
}

/* ---- Following the game ----------------------------------------------- */

struct found {
    int64_t card_id;
};

static int take_card(const struct rc_card_info *card, void *arg)
{
    struct found *f = arg;
    f->card_id = card->card_id;
    return 1;
}

/* Log the closed question as a quiz review when the student has its
 * card; skip it silently otherwise. */
static void record(struct join *j, const char *card, const json_t *res)
{
    struct found f = {0};
    if (!card || !*card ||
        rc_card_find(j->cli->coll, j->cli->profile_id, card, take_card, &f,
                     NULL) < 0 ||
        !f.card_id)
        return;
    struct rc_answer a = {
        .profile_id = j->cli->profile_id,
        .card_id = f.card_id,
        .time_ms = j->cli->now_pinned ? j->cli->now_ms : rc_clock_system_ms(),
        .rating = json_is_true(json_object_get(res, "right")) ? 3 : 1,
        .duration_ms = json_integer_value(json_object_get(res, "time_ms")),
        .kind = RC_REVIEW_QUIZ,
    };
    struct rc_err err = {0};
    if (rc_answer_record(j->cli->coll, &a, &j->rng, NULL, NULL, &err) < 0)
        cli_report(j->cli, &err);
    else
        printf("recorded: %s\n", card);
}

static void show_you(const json_t *s)
{
    const json_t *you = json_object_get(s, "you");
    printf("score %lld, place %lld of %lld\n",
           (long long)json_integer_value(json_object_get(you, "score")),
           (long long)json_integer_value(json_object_get(you, "place")),
           (long long)json_integer_value(json_object_get(s, "players")));
}

static void show_result(struct join *j, const json_t *s)
{
    const json_t *res = json_object_get(s, "result");
    const json_t *q = json_object_get(s, "question");
    json_int_t number = json_integer_value(json_object_get(q, "number"));
    if (number <= j->reported)
        return;
    j->reported = number;
    if (json_is_object(res)) {
        bool answered = json_is_true(json_object_get(res, "answered"));
        bool right = json_is_true(json_object_get(res, "right"));
        bool almost = json_is_true(json_object_get(res, "almost"));
        printf("result %lld: %s, %lld points\nthe answer: %s\n",
               (long long)number,
               !answered ? "no answer"
               : right   ? "right"
               : almost  ? "almost (wrong)"
                         : "wrong",
               (long long)json_integer_value(json_object_get(res, "points")),
               json_string_value(json_object_get(res, "right_answer")));
        if (j->record && answered)
            record(j, json_string_value(json_object_get(q, "card")), res);
    }
    show_you(s);
    fflush(stdout);
}

static void show_podium(const json_t *s)
{
    printf("\nthe end\npodium:\n");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(s, "podium"), i, r)
        printf("  %lld. %s %lld\n",
               (long long)json_integer_value(json_object_get(r, "place")),
               json_string_value(json_object_get(r, "name")),
               (long long)json_integer_value(json_object_get(r, "score")));
    printf("final: ");
    show_you(s);
    fflush(stdout);
}

/* React to a state; true once the game is over. */
static bool follow(struct join *j, const json_t *s)
{
    const char *phase = json_string_value(json_object_get(s, "phase"));
    const json_t *q = json_object_get(s, "question");
    json_int_t number = json_integer_value(json_object_get(q, "number"));
    if (!phase)
        return false;
    if (strcmp(phase, "lobby") == 0 && !j->lobby_shown) {
        printf("waiting for the teacher to start\n");
        fflush(stdout);
        j->lobby_shown = true;
    }
    if (strcmp(phase, "open") == 0 && number > j->handled &&
        !json_is_true(json_object_get(q, "paused"))) {
        j->handled = number;
        if (!json_is_true(json_object_get(q, "answered")))
            ask(j, q);
    }
    if (strcmp(phase, "closed") == 0 || strcmp(phase, "over") == 0)
        show_result(j, s);
    if (strcmp(phase, "over") != 0)
        return false;
    show_podium(s);
    return true;
}

static int play(struct join *j)
{
    for (;;) {
        struct rc_buf path = {0};
        rc_buf_addf(&path, "/class/state?token=%s&since=%lld", j->token,
                    (long long)j->version);
        json_t *s = NULL;
        long status = http(j, rc_buf_str(&path), NULL, &s);
        rc_buf_release(&path);
        if (status < 0)
            return CLI_ERROR;
        if (status != 200) {
            int rc = cli_error("state: %s", error_message(s));
            json_decref(s);
            return rc;
        }
        j->version = json_integer_value(json_object_get(s, "version"));
        bool over = follow(j, s);
        json_decref(s);
        if (over)
            return CLI_OK;
    }
}

/* ---- Arguments -------------------------------------------------------- */

static int parse_join_args(int argc, char **argv, struct join *j)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},
        {"code", required_argument, NULL, 'c'},
        {"token", required_argument, NULL, 't'},
        {"record", no_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == ':')
            return cli_usage_error(&cmd_class, "option '%s' needs a value",
                                   argv[optind - 1]);
        if (c == '?')
            return cli_usage_error(&cmd_class, "unknown option '%s'",
                                   argv[optind - 1]);
        if (c == 'n')
            j->name = optarg;
        else if (c == 'c')
            j->code = optarg;
        else if (c == 't')
            j->token_given = optarg;
        else
            j->record = true;
    }
    if (optind >= argc)
        return cli_usage_error(&cmd_class, "no URL given");
    if (argc - optind > 1)
        return cli_usage_error(&cmd_class, "unexpected argument '%s'",
                               argv[optind + 1]);
    j->url = argv[optind];
    if (!j->name)
        return cli_usage_error(&cmd_class, "--name is required");
    if (strncmp(j->url, "http://", 7) != 0 &&
        strncmp(j->url, "https://", 8) != 0)
        return cli_usage_error(&cmd_class, "'%s' is not an http:// URL",
                               j->url);
    return CLI_OK;
}

int class_join_run(struct cli *cli, int argc, char **argv)
{
    struct join j = {.cli = cli, .tty = isatty(STDIN_FILENO)};
    int rc = parse_join_args(argc, argv, &j);
    if (rc != CLI_OK)
        return rc;
    /* The URL as printed by the host, with or without /class after it,
     * and with or without the code as ?code=NNNNNN. */
    char *url = rc_xstrdup(j.url);
    char *query = strchr(url, '?');
    if (query) {
        *query++ = '\0';
        const char *at = strstr(query, "code=");
        if (!j.code && at && (at == query || at[-1] == '&')) {
            size_t len = strcspn(at + 5, "&");
            if (len >= sizeof(j.code_buf))
                len = sizeof(j.code_buf) - 1;
            memcpy(j.code_buf, at + 5, len);
            j.code_buf[len] = '\0';
            j.code = j.code_buf;
        }
    }
    if (!j.code) {
        free(url);
        return cli_usage_error(&cmd_class, "no code: give --code NNNNNN or "
                                           "a URL ending in ?code=NNNNNN");
    }
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        url[--n] = '\0';
    if (n > 6 && strcmp(url + n - 6, "/class") == 0)
        url[n - 6] = '\0';
    j.url = url;
    rc_rng_seed(&j.rng, cli_random_seed());
    curl_global_init(CURL_GLOBAL_DEFAULT);
    j.curl = curl_easy_init();
    rc = j.curl ? join_game(&j) : cli_error("cannot start libcurl");
    if (rc == CLI_OK)
        rc = play(&j);
    curl_easy_cleanup(j.curl);
    curl_global_cleanup();
    free(url);
    return rc;
}
