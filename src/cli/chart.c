/* chart.c -- column charts and calendar heatmaps, as text.
 *
 * A chart is built a line at a time in an rc_buf and printed with its
 * trailing blanks cut, so the same numbers always give the same bytes:
 * the e2e tests compare the ASCII form exactly.  Scaling is integer
 * arithmetic on counts (no floating point to round differently), and a
 * value above zero never disappears: it gets at least the smallest mark.
 *
 * Which form to draw (Unicode blocks or ASCII) is the caller's choice;
 * colour is not drawn here at all, since a chart's shape must read the
 * same without it (NO_COLOR). */
#include "chart.h"

#include <string.h>

#include "recall/buf.h"
#include "recall/clock.h"

static const char *const eighths[9] = {" ", "▁", "▂", "▃", "▄",
                                       "▅", "▆", "▇", "█"};
static const char *const shades[2][5] = {
    {".", "-", "+", "*", "#"},
    {"·", "░", "▒", "▓", "█"},
};
static const char *const weekdays[7] = {"Mon", "Tue", "Wed", "Thu",
                                        "Fri", "Sat", "Sun"};
static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr",
                                       "May", "Jun", "Jul", "Aug",
                                       "Sep", "Oct", "Nov", "Dec"};

/* Print 'b' without its trailing blanks, then a newline; reset it. */
static void put_line(FILE *out, struct rc_buf *b)
{
    size_t len = b->len;
    while (len > 0 && b->buf[len - 1] == ' ')
        len--;
    fwrite(rc_buf_str(b), 1, len, out);
    fputc('\n', out);
    rc_buf_reset(b);
}

static int64_t largest(const int64_t *v, size_t n)
{
    int64_t max = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] > max)
            max = v[i];
    return max;
}

/* One cell of a column chart: 'units' eighths of a row in all, 'row'
 * counted from the bottom. */
static const char *column_cell(int64_t units, int row, bool unicode)
{
    int64_t here = units - (int64_t)row * 8;
    if (unicode)
        return eighths[here <= 0 ? 0 : here >= 8 ? 8 : here];
    if (here >= 4)
        return "#";
    return row == 0 && units > 0 ? "." : " ";
}

void chart_columns(FILE *out, const int64_t *v, size_t n, int height,
                   const char *const *label, bool unicode, const char *indent)
{
    int64_t max = largest(v, n);
    char top[32];
    snprintf(top, sizeof(top), "%lld", (long long)max);
    int w = (int)strlen(top);
    struct rc_buf b = {0};
    for (int row = height - 1; row >= 0; row--) {
        const char *axis = row == height - 1 ? top : row == 0 ? "0" : "";
        rc_buf_addf(&b, "%s%*s |", indent, w, axis);
        for (size_t i = 0; i < n; i++) {
            int64_t val = v[i] > 0 ? v[i] : 0;
            int64_t units = max > 0 ? val * height * 8 / max : 0;
            if (val > 0 && units == 0)
                units = 1;
            rc_buf_adds(&b, column_cell(units, row, unicode));
        }
        put_line(out, &b);
    }
    if (label) {
        rc_buf_addf(&b, "%s%*s  ", indent, w, "");
        size_t start = b.len, pos = 0;
        for (size_t i = 0; i < n; i++) {
            if (!label[i] || i < pos)
                continue;
            while (b.len - start < i)
                rc_buf_addc(&b, ' ');
            rc_buf_adds(&b, label[i]);
            pos = i + strlen(label[i]) + 1;
        }
        put_line(out, &b);
    }
    rc_buf_release(&b);
}

/* Monday 0 .. Sunday 6 of study day 'day'; 1970-01-01 was a Thursday. */
static int weekday(int64_t day)
{
    return (int)(((day + 3) % 7 + 7) % 7);
}

/* Month (0-11) and day of the month of study day 'day'. */
static void month_day(int64_t day, int *month, int *mday)
{
    char iso[32]; /* the study day is the calendar date it starts on */
    rc_time_format_utc(day * RC_DAY_MS, iso, sizeof(iso));
    *month = (iso[5] - '0') * 10 + (iso[6] - '0') - 1;
    *mday = (iso[8] - '0') * 10 + (iso[9] - '0');
}

/* The line of month names: each over the week its first day falls in. */
static void month_line(FILE *out, struct rc_buf *b, size_t n, int64_t first,
                       size_t cols, const char *indent)
{
    int lead = weekday(first);
    rc_buf_addf(b, "%s    ", indent);
    size_t start = b->len, pos = 0;
    for (size_t c = 0; c < cols; c++) {
        int name = -1;
        for (int d = 0; d < 7; d++) {
            int64_t i = (int64_t)c * 7 + d - lead;
            int month = 0, mday = 0;
            if (i < 0 || i >= (int64_t)n)
                continue;
            month_day(first + i, &month, &mday);
            if (mday == 1 || (c == 0 && name < 0 && mday <= 14))
                name = month;
        }
        if (name < 0 || 2 * c < pos)
            continue;
        while (b->len - start < 2 * c)
            rc_buf_addc(b, ' ');
        rc_buf_adds(b, months[name]);
        pos = 2 * c + 4;
    }
    put_line(out, b);
}

void chart_heatmap(FILE *out, const int64_t *v, size_t n, int64_t first_day,
                   bool unicode, const char *indent)
{
    const char *const *shade = shades[unicode ? 1 : 0];
    int64_t max = largest(v, n);
    int lead = weekday(first_day);
    size_t cols = ((size_t)lead + n + 6) / 7;
    struct rc_buf b = {0};
    month_line(out, &b, n, first_day, cols, indent);
    for (int row = 0; row < 7; row++) {
        rc_buf_addf(&b, "%s%s ", indent, weekdays[row]);
        for (size_t c = 0; c < cols; c++) {
            int64_t i = (int64_t)c * 7 + row - lead;
            if (i < 0 || i >= (int64_t)n) {
                rc_buf_adds(&b, "  ");
                continue;
            }
            int level = v[i] <= 0 ? 0 : (int)(1 + (v[i] * 4 - 1) / max);
            rc_buf_adds(&b, shade[level]);
            rc_buf_addc(&b, ' ');
        }
        put_line(out, &b);
    }
    rc_buf_addf(&b, "%s    less", indent);
    for (int level = 0; level < 5; level++)
        rc_buf_addf(&b, " %s", shade[level]);
    rc_buf_addf(&b, " more (the most: %lld a day)", (long long)max);
    put_line(out, &b);
    rc_buf_release(&b);
}
