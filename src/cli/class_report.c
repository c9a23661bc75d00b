/* class_report.c -- `recall class host --report FILE.csv|FILE.json`.
 *
 * One row per student per question they took part in (skipped questions
 * left out), straight from class_game_report(): the answer given in
 * words, right, almost, the time and the points.  The columns are those
 * of docs/class-protocol.md ("The report"); CSV quotes a field only when
 * it holds a comma, a quote or a line break (RFC 4180), and JSON says
 * null for the time of an unanswered question where CSV leaves it empty.
 * The file is written whole to FILE.tmp and renamed, so a reader never
 * sees half a report. */
#include "class_cli.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recall/buf.h"

static void csv_field(struct rc_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        rc_buf_adds(b, s);
        return;
    }
    rc_buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            rc_buf_addc(b, '"');
        rc_buf_addc(b, *s);
    }
    rc_buf_addc(b, '"');
}

static void csv_row(struct rc_buf *b, const struct class_result *r,
                    const char *text)
{
    csv_field(b, r->name);
    rc_buf_addf(b, ",%zu,", r->question + 1);
    csv_field(b, text);
    rc_buf_addc(b, ',');
    csv_field(b, r->given);
    rc_buf_addf(b, ",%s,%s,%s,", r->answered ? "yes" : "no",
                r->right ? "yes" : "no", r->almost ? "yes" : "no");
    if (r->time_ms >= 0)
        rc_buf_addf(b, "%lld", (long long)r->time_ms);
    rc_buf_addf(b, ",%d,%d\n", r->points, r->bonus);
}

static json_t *json_row(const struct class_result *r, const char *text)
{
    return json_pack("{s:s,s:I,s:s,s:s,s:b,s:b,s:b,s:o,s:i,s:i}", "name",
                     r->name, "question", (json_int_t)r->question + 1, "text",
                     text, "given", r->given, "answered", r->answered, "right",
                     r->right, "almost", r->almost, "time_ms",
                     r->time_ms >= 0 ? json_integer(r->time_ms) : json_null(),
                     "points", r->points, "bonus", r->bonus);
}

static void build(const struct class_game *g, bool csv, struct rc_buf *b)
{
    struct class_report rep = {0};
    class_game_report(g, &rep);
    json_t *rows = json_array();
    if (csv)
        rc_buf_adds(b, "name,question,text,given,answered,right,almost,"
                       "time_ms,points,bonus\n");
    for (size_t i = 0; i < rep.n; i++) {
        struct class_shown q;
        const char *text = "";
        if (class_game_question(g, rep.v[i].question, &q) == RC_OK)
            text = q.text;
        if (csv)
            csv_row(b, &rep.v[i], text);
        else
            json_array_append_new(rows, json_row(&rep.v[i], text));
    }
    if (!csv) {
        json_t *doc =
            json_pack("{s:s,s:o}", "code", class_game_code(g), "rows", rows);
        char *s = json_dumps(doc, JSON_INDENT(2));
        rc_buf_adds(b, s);
        rc_buf_addc(b, '\n');
        free(s);
        json_decref(doc);
    } else {
        json_decref(rows);
    }
    class_report_release(&rep);
}

int class_report_write(const struct class_game *g, const char *path)
{
    size_t n = strlen(path);
    bool csv = n > 4 && strcmp(path + n - 4, ".csv") == 0;
    struct rc_buf b = {0}, tmp = {0};
    build(g, csv, &b);
    rc_buf_addf(&tmp, "%s.tmp", path);
    FILE *f = fopen(rc_buf_str(&tmp), "wb");
    bool ok = f && fwrite(b.buf, 1, b.len, f) == b.len;
    ok = f && fclose(f) == 0 && ok;
    ok = ok && rename(rc_buf_str(&tmp), path) == 0;
    int rc = ok ? CLI_OK
                : cli_error("cannot write the report '%s': %s", path,
                            strerror(errno));
    rc_buf_release(&b);
    rc_buf_release(&tmp);
    return rc;
}
