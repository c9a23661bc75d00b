/* chart.h -- small charts for terminal reports: a column chart and a
 * calendar heatmap.
 *
 * Both draw with Unicode blocks when 'unicode' is true (a terminal) and
 * with plain ASCII otherwise, so that a pipe or a log file gets text any
 * tool can read.  They never write escape sequences (those are term.c's)
 * and print nothing but the chart: titles are the caller's. */
#ifndef RECALL_CHART_H
#define RECALL_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A column chart of the 'n' values v[] (negative counts as 0), one
 * column each, 'height' rows tall, scaled to the largest value, with the
 * largest value and 0 on the left axis and each label[i] (may be NULL)
 * under column i.  Unicode draws eighths (▁▂▃▄▅▆▇█); ASCII draws '#' by
 * whole rows and '.' for a value too small for one.  Every line starts
 * with 'indent'. */
void chart_columns(FILE *out, const int64_t *v, size_t n, int height,
                   const char *const *label, bool unicode, const char *indent);

/* A calendar heatmap of the 'n' daily values v[], v[0] being study day
 * 'first_day' (days since 1970-01-01): one column per week (Monday to
 * Sunday, top to bottom), month names above, and a legend.  A day's
 * shade is its value in quarters of the largest: ·░▒▓█ on a terminal,
 * .-+*# otherwise. */
void chart_heatmap(FILE *out, const int64_t *v, size_t n, int64_t first_day,
                   bool unicode, const char *indent);

#endif /* RECALL_CHART_H */
