/* test_http.c -- what the two HTTP servers share (src/http/http.h).
 *
 * Case groups:
 *   listen-*  addresses: port 0 gives the real port, malformed ones are
 *             refused naming the text, a port in use is RC_EIO
 *   body-*    the cap: up to it is kept, past it all is dropped
 *   log-*     one line a call, newline cut, no callback no call */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"

static void listen_port_zero_gives_the_real_port(void **state)
{
    (void)state;
    int fd = -1;
    char url[96];
    struct rc_err err = {0};
    assert_int_equal(
        http_listen("127.0.0.1:0", "x", 8, &fd, url, sizeof(url), &err), RC_OK);
    assert_true(fd >= 0);
    assert_int_equal(strncmp(url, "http://127.0.0.1:", 17), 0);
    long port = strtol(url + 17, NULL, 10);
    assert_true(port > 0 && port <= 65535);
    /* The same port again is taken: RC_EIO, naming the address. */
    char again[32];
    snprintf(again, sizeof(again), "127.0.0.1:%ld", port);
    int fd2 = -1;
    assert_int_equal(http_listen(again, "x", 8, &fd2, url, sizeof(url), &err),
                     RC_EIO);
    assert_int_equal(fd2, -1);
    assert_non_null(strstr(err.msg, again));
    close(fd);
}

static void listen_refuses_malformed_addresses(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",        "127.0.0.1",    "127.0.0.1:",      "127.0.0.1:x",
        ":80",     "127.0.0.1:-1", "127.0.0.1:65536", "localhost:80",
        "[::1:80", "1.2.3.4.5:80", "[nope]:80",       "127.0.0.1:80 ",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int fd = -1;
        char url[96] = "untouched";
        struct rc_err err = {0};
        int rc = http_listen(bad[i], "127.0.0.1:8427", 8, &fd, url, sizeof(url),
                             &err);
        char want[160];
        snprintf(want, sizeof(want),
                 "invalid listen address '%s': expected ADDR:PORT such as "
                 "127.0.0.1:8427",
                 bad[i]);
        if (rc != RC_EINVAL || strcmp(err.msg, want) != 0)
            fail_msg("'%s': got %d '%s'", bad[i], rc, err.msg);
        assert_int_equal(fd, -1);
        assert_string_equal(url, "untouched");
    }
}

static void body_keeps_up_to_the_cap_then_drops_all(void **state)
{
    (void)state;
    struct rc_buf b = {0};
    bool over = false;
    http_body_take(&b, &over, 10, "abcdef", 6);
    http_body_take(&b, &over, 10, "ghij", 4);
    assert_false(over);
    assert_int_equal(b.len, 10);
    assert_memory_equal(b.buf, "abcdefghij", 10);
    http_body_take(&b, &over, 10, "k", 1);
    assert_true(over);
    assert_int_equal(b.len, 0); /* freed, not held */
    http_body_take(&b, &over, 10, "l", 1);
    assert_true(over);
    assert_int_equal(b.len, 0);
    rc_buf_release(&b);
}

struct lines {
    int n;
    char last[64];
};

static void collect(void *arg, const char *line)
{
    struct lines *l = arg;
    l->n++;
    snprintf(l->last, sizeof(l->last), "%s", line);
}

static void logf_to(const struct http_log *log, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    http_vlogf(log, fmt, ap);
    va_end(ap);
}

static void log_one_line_a_call(void **state)
{
    (void)state;
    struct lines l = {0};
    struct http_log log = {collect, &l};
    logf_to(&log, "GET %s: %d\n", "/v1/x", 500);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.last, "GET /v1/x: 500");
    struct http_log none = {0};
    logf_to(&none, "nobody hears %d", 1);
    assert_int_equal(l.n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(listen_port_zero_gives_the_real_port),
        cmocka_unit_test(listen_refuses_malformed_addresses),
        cmocka_unit_test(body_keeps_up_to_the_cap_then_drops_all),
        cmocka_unit_test(log_one_line_a_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
