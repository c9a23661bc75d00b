/* test_page.c -- the classroom quiz's browser page (src/class/page.c).
 *
 * Case groups:
 *   page-*   the page stands alone (no external URL), fits a phone
 *            (viewport meta), never parses data as markup (no
 *            innerHTML), and speaks the endpoints of
 *            docs/class-protocol.md
 *
 * Also the e2e driver: `test_page --write FILE` writes the page to FILE
 * for tests/e2e/t6001-class-page.sh, until the host serves it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../src/class/page.h"
#include "recall/utf8.h"

static void page_stands_alone_and_fits_a_phone(void **state)
{
    (void)state;
    struct rc_buf b = {0};
    class_page_build(&b);
    const char *p = rc_buf_str(&b);
    assert_true(strncmp(p, "<!DOCTYPE html>\n", 16) == 0);
    assert_non_null(strstr(p, "</html>\n"));
    assert_true(rc_utf8_valid(b.buf, b.len));
    assert_null(strstr(p, "http://"));
    assert_null(strstr(p, "https://"));
    assert_null(strstr(p, "//cdn"));
    assert_null(strstr(p, "<script src"));
    assert_null(strstr(p, "innerHTML"));
    assert_null(strstr(p, "outerHTML"));
    assert_null(strstr(p, "insertAdjacentHTML"));
    assert_null(strstr(p, "document.write"));
    assert_non_null(strstr(p, "<meta name=\"viewport\" "
                              "content=\"width=device-width, "
                              "initial-scale=1\">"));
    assert_non_null(strstr(p, "textContent"));
    size_t before = b.len;
    class_page_build(&b); /* the same bytes every time */
    assert_int_equal(b.len, 2 * before);
    assert_memory_equal(b.buf, b.buf + before, before);
    rc_buf_release(&b);
}

static void page_speaks_the_protocol(void **state)
{
    (void)state;
    struct rc_buf b = {0};
    class_page_build(&b);
    const char *endpoints[] = {"\"/class/join\"", "\"/class/answer\"",
                               "\"/class/events?token=\"",
                               "\"/class/state?token=\""};
    for (size_t i = 0; i < sizeof(endpoints) / sizeof(endpoints[0]); i++)
        assert_non_null(strstr(rc_buf_str(&b), endpoints[i]));
    rc_buf_release(&b);
}

static int write_page(const char *path)
{
    struct rc_buf b = {0};
    class_page_build(&b);
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(b.buf, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0)
        ok = 0;
    rc_buf_release(&b);
    if (!ok)
        fprintf(stderr, "test_page: cannot write '%s'\n", path);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--write") == 0)
        return write_page(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_stands_alone_and_fits_a_phone),
        cmocka_unit_test(page_speaks_the_protocol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
