/* clock.c -- the system clock and ISO-8601 times.
 *
 * Only rc_clock_system_ms() reads the real clock; everything else turns
 * text into milliseconds and back.  Calendar maths for UTC is done with
 * the days-from-civil formula (Howard Hinnant's, "chrono-Compatible
 * Low-Level Date Algorithms") rather than timegm(), which POSIX lacks;
 * local times go through mktime()/localtime_r() because only the C
 * library knows the zone rules. */
#include "recall/clock.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

int64_t rc_clock_system_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t rc_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Read exactly 'n' digits at *p into *out; advance *p. */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static int bad_time(const char *text, struct rc_err *err)
{
    return rc_err_set(err, RC_EINVAL,
                      "invalid time '%s': expected ISO-8601 such as "
                      "2026-11-25T09:30:00Z",
                      text);
}

static int parse_epoch_ms(const char *text, int64_t *ms, struct rc_err *err)
{
    char *end = NULL;
    long long v = strtoll(text + 1, &end, 10);
    if (end == text + 1 || *end)
        return bad_time(text, err);
    *ms = v;
    return RC_OK;
}

/* Parse the zone suffix at p: "" (local), "Z", "+hh:mm", "-hh:mm". */
static bool parse_zone(const char *p, bool *local, int *offset_min)
{
    *local = *p == '\0';
    *offset_min = 0;
    if (*local || (p[0] == 'Z' && !p[1]))
        return true;
    if (p[0] != '+' && p[0] != '-')
        return false;
    int sign = p[0] == '-' ? -1 : 1, hh = 0, mm = 0;
    p++;
    if (!digits(&p, 2, &hh))
        return false;
    if (*p == ':')
        p++;
    if (!digits(&p, 2, &mm) || *p || hh > 23 || mm > 59)
        return false;
    *offset_min = sign * (hh * 60 + mm);
    return true;
}

int rc_time_parse(const char *text, int64_t *ms, struct rc_err *err)
{
    if (text[0] == '@')
        return parse_epoch_ms(text, ms, err);
    const char *p = text;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, frac = 0;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
        *p++ != '-' || !digits(&p, 2, &d))
        return bad_time(text, err);
    if (*p == 'T' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return bad_time(text, err);
        if (*p == ':' && !(p++ && digits(&p, 2, &s)))
            return bad_time(text, err);
        if (*p == '.' && !(p++ && digits(&p, 3, &frac)))
            return bad_time(text, err);
    }
    bool local = false;
    int offset_min = 0;
    if (!parse_zone(p, &local, &offset_min) || mo < 1 || mo > 12 || d < 1 ||
        d > 31 || h > 23 || mi > 59 || s > 60)
        return bad_time(text, err);
    if (local) {
        struct tm tm = {.tm_year = y - 1900,
                        .tm_mon = mo - 1,
                        .tm_mday = d,
                        .tm_hour = h,
                        .tm_min = mi,
                        .tm_sec = s,
                        .tm_isdst = -1};
        time_t t = mktime(&tm);
        if (t == (time_t)-1 && !(y == 1969 && mo == 12 && d == 31))
            return bad_time(text, err);
        *ms = (int64_t)t * 1000 + frac;
        return RC_OK;
    }
    int64_t days = rc_days_from_civil(y, mo, d);
    *ms =
        ((days * 24 + h) * 60 + mi - offset_min) * 60000LL + s * 1000LL + frac;
    return RC_OK;
}

void rc_time_format_utc(int64_t ms, char *buf, size_t size)
{
    int64_t days =
        ms >= 0 ? ms / RC_DAY_MS : -((-ms + RC_DAY_MS - 1) / RC_DAY_MS);
    int64_t rem = ms - days * RC_DAY_MS;
    int64_t y = 0;
    int m = 0, d = 0;
    civil_from_days(days, &y, &m, &d);
    int sec = (int)(rem / 1000);
    snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
             sec / 3600, sec / 60 % 60, sec % 60);
}

void rc_time_format_local(int64_t ms, char *buf, size_t size)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        rc_time_format_utc(ms, buf, size);
        return;
    }
    strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

/* Seconds east of UTC of the local zone at 'ms'. */
static int64_t local_offset_s(int64_t ms)
{
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 0;
    /* tm_gmtoff is not POSIX: read the offset off the broken-down time. */
    int64_t local =
        rc_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) *
            86400 +
        tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    return local - (int64_t)t;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t rc_study_day(int64_t ms, int rollover_hour)
{
    int64_t local = ms + local_offset_s(ms) * 1000;
    return floor_div(local - (int64_t)rollover_hour * 3600000, RC_DAY_MS);
}

int64_t rc_study_day_start_ms(int64_t day, int rollover_hour)
{
    int64_t local = day * RC_DAY_MS + (int64_t)rollover_hour * 3600000;
    /* The offset at the start itself; one correction settles a DST edge. */
    int64_t guess = local - local_offset_s(local) * 1000;
    return local - local_offset_s(guess) * 1000;
}

int64_t rc_local_offset_ms(int64_t ms)
{
    return local_offset_s(ms) * 1000;
}
