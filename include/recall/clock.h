/* clock.h -- time as recall sees it: int64 milliseconds since the epoch.
 *
 * Every command reads "now" once, from --now / RECALL_NOW or else from
 * rc_clock_system_ms(); pure modules take now_ms as an argument.  This
 * header also holds the ISO-8601 reader and writer used for --now and for
 * human output. */
#ifndef RECALL_CLOCK_H
#define RECALL_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "recall/err.h"

#define RC_DAY_MS 86400000LL

/* The system clock, in ms since the epoch, UTC. */
int64_t rc_clock_system_ms(void);

/* Parse 'text' as a point in time: "2026-11-25", "2026-11-25T09:30",
 * "2026-11-25T09:30:00", with optional ".sss" and a zone "Z" or "+hh:mm"
 * ("-hh:mm"); without a zone the time is local (TZ).  "@MS" gives MS
 * milliseconds since the epoch.  Returns RC_OK and sets *ms, or RC_EINVAL
 * with "invalid time 'TEXT': expected ISO-8601 such as
 * 2026-11-25T09:30:00Z". */
int rc_time_parse(const char *text, int64_t *ms, struct rc_err *err);

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
int64_t rc_days_from_civil(int64_t y, int m, int d);

/* Format 'ms' as UTC ISO-8601 "2026-11-25T09:30:00Z" into buf (>= 32). */
void rc_time_format_utc(int64_t ms, char *buf, size_t size);

/* Format 'ms' as local "2026-11-25 09:30" into buf (>= 32). */
void rc_time_format_local(int64_t ms, char *buf, size_t size);

/* The study day of 'ms': days since the epoch, where a day starts at
 * 'rollover_hour' (0-23) local time (TZ).  With TZ=UTC and rollover 0 it
 * is floor(ms / RC_DAY_MS), the UTC date FSRS's reference counts in.
 * The zone's offset is taken at 'ms' itself, so replaying a log gives the
 * same days whatever the season of the replay. */
int64_t rc_study_day(int64_t ms, int rollover_hour);

/* The offset from UTC of the local zone (TZ) at 'ms', in ms east. */
int64_t rc_local_offset_ms(int64_t ms);

/* The local time at which study day 'day' starts, in ms. */
int64_t rc_study_day_start_ms(int64_t day, int rollover_hour);

#endif /* RECALL_CLOCK_H */
