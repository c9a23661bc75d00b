/* test_clock.c -- times as text, and study days.
 *
 * Case groups:
 *   parse-*   ISO-8601 in, milliseconds out; malformed input refused
 *   format-*  milliseconds back to text
 *   day-*     study days: UTC midnight, a 4:00 rollover, a zone with DST */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recall/clock.h"

static void set_tz(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

static void parse_accepts_iso_forms(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t ms;
    } cases[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"2021-11-24T10:06:55.759Z", 1637748415759},
        {"2026-01-05", 1767571200000},
        {"2026-01-05T10:00", 1767607200000},
        {"2026-01-05 10:00:00", 1767607200000},
        {"2026-01-05T10:00:00+02:00", 1767600000000},
        {"2026-01-05T10:00:00-0130", 1767612600000},
        {"@1637749615759", 1637749615759},
        {"@-5", -5},
        {"1969-12-31T23:59:59Z", -1000},
        {"2400-02-29T00:00:00Z", 13574563200000},
    };
    set_tz("UTC0");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct rc_err err = {0};
        int64_t ms = 0;
        assert_int_equal(rc_time_parse(cases[i].text, &ms, &err), RC_OK);
        assert_int_equal(ms, cases[i].ms);
    }
}

static void parse_local_time_uses_tz(void **state)
{
    (void)state;
    set_tz("EST5EDT,M3.2.0,M11.1.0");
    int64_t ms = 0;
    assert_int_equal(rc_time_parse("2026-01-05T10:00:00", &ms, NULL), RC_OK);
    assert_int_equal(ms, 1767607200000 + 5 * 3600000LL);
    assert_int_equal(rc_time_parse("2026-07-05T10:00:00", &ms, NULL), RC_OK);
    assert_int_equal(ms, 1783245600000 + 4 * 3600000LL);
    set_tz("UTC0");
}

static void parse_refuses_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "yesterday",
        "2026-1-05",
        "2026-13-01",
        "2026-00-10",
        "2026-01-32",
        "2026-01-05T25:00",
        "2026-01-05T10",
        "2026-01-05T10:61",
        "2026-01-05T10:00:00Q",
        "2026-01-05T10:00:00+2",
        "@",
        "@12x",
        "2026-01-05T10:00:00.5Z",
        "2026-01-05T10:00:00Z junk",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct rc_err err = {0};
        int64_t ms = 42;
        assert_int_equal(rc_time_parse(bad[i], &ms, &err), RC_EINVAL);
        char want[512];
        snprintf(want, sizeof(want),
                 "invalid time '%s': expected ISO-8601 such as "
                 "2026-11-25T09:30:00Z",
                 bad[i]);
        assert_string_equal(err.msg, want);
    }
}

static void format_utc_round_trips(void **state)
{
    (void)state;
    char buf[32];
    rc_time_format_utc(1637748415759, buf, sizeof(buf));
    assert_string_equal(buf, "2021-11-24T10:06:55Z");
    rc_time_format_utc(-1000, buf, sizeof(buf));
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
    rc_time_format_utc(66361680000000, buf, sizeof(buf));
    assert_string_equal(buf, "4072-12-01T00:00:00Z");
}

static void day_utc_midnight_matches_reference(void **state)
{
    (void)state;
    set_tz("UTC0");
    /* 23:59:59.999 and 00:00:00.000 are different days at rollover 0. */
    assert_int_equal(rc_study_day(1767657599999, 0), 20458);
    assert_int_equal(rc_study_day(1767657600000, 0), 20459);
    assert_int_equal(rc_study_day(-1, 0), -1);
    assert_int_equal(rc_study_day_start_ms(20459, 0), 1767657600000);
}

static void day_rollover_at_four(void **state)
{
    (void)state;
    set_tz("UTC0");
    /* 2026-01-06 03:59 still belongs to the 5th; 04:00 starts the 6th. */
    assert_int_equal(rc_study_day(1767671940000, 4), 20458);
    assert_int_equal(rc_study_day(1767672000000, 4), 20459);
    assert_int_equal(rc_study_day_start_ms(20459, 4), 1767672000000);
}

static void day_follows_local_zone_and_dst(void **state)
{
    (void)state;
    set_tz("EST5EDT,M3.2.0,M11.1.0");
    /* 2026-01-06 04:00 EST = 09:00 UTC. */
    assert_int_equal(rc_study_day(1767689999999, 4), 20458);
    assert_int_equal(rc_study_day(1767690000000, 4), 20459);
    /* 2026-07-06 04:00 EDT = 08:00 UTC. */
    int64_t july = rc_days_from_civil(2026, 7, 6);
    int64_t start = july * 86400000LL + 8 * 3600000LL;
    assert_int_equal(rc_study_day(start - 1, 4), july - 1);
    assert_int_equal(rc_study_day(start, 4), july);
    assert_int_equal(rc_study_day_start_ms(july, 4), start);
    set_tz("UTC0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_accepts_iso_forms),
        cmocka_unit_test(parse_local_time_uses_tz),
        cmocka_unit_test(parse_refuses_malformed),
        cmocka_unit_test(format_utc_round_trips),
        cmocka_unit_test(day_utc_midnight_matches_reference),
        cmocka_unit_test(day_rollover_at_four),
        cmocka_unit_test(day_follows_local_zone_and_dst),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
