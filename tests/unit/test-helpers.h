/* Helpers shared by the unit tests: reading files under tests/data, parsing configs with
 * assertions, comparing strings and string vectors, and scratch directories under /tmp. */
#ifndef TURF_TESTS_UNIT_TEST_HELPERS_H
#define TURF_TESTS_UNIT_TEST_HELPERS_H

#include <errno.h>
#include <ftw.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "../../oci/config.h"
#include "../../oci/state.h"
#include "../../turf/base/error.h"
#include "../../turf/base/fileio.h"

#ifndef TURF_TEST_DATA
#error "TURF_TEST_DATA must name the tests/data directory"
#endif

/* Reads TURF_TEST_DATA/<rel> whole; fails the test when it cannot. */
static inline char *test_read_data(const char *rel, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", TURF_TEST_DATA, rel);
    struct turf_error *err = NULL;
    char *text = NULL;
    size_t n = 0;
    int r = turf_read_file(path, OCI_CONFIG_MAX_SIZE, &text, &n, &err);
    cr_assert_eq(r, 0, "cannot read test data %s: %s", path, err ? err->msg : "?");
    if (len)
        *len = n;
    return text;
}

/* Parses a config text that must be valid; the caller frees the result. */
static inline struct oci_config *test_parse_text(const char *what, const char *text, size_t len)
{
    struct oci_config *config = NULL;
    struct turf_error *err = NULL;
    int r = oci_config_parse_string(text, len, "config.json", &config, &err);
    cr_assert_eq(r, 0, "%s was rejected: %s", what, err ? err->msg : "(no error message)");
    cr_assert_null(err, "%s: a successful parse left an error behind", what);
    cr_assert_not_null(config, "%s: a successful parse returned no config", what);
    return config;
}

/* Parses tests/data/oci/good/<name>, which must be valid. */
static inline struct oci_config *test_parse_good(const char *name)
{
    char rel[512];
    size_t len;
    snprintf(rel, sizeof(rel), "oci/good/%s", name);
    char *text = test_read_data(rel, &len);
    struct oci_config *config = test_parse_text(rel, text, len);
    free(text);
    return config;
}

/* Parses a config text that must be rejected; returns the error message (caller frees). */
static inline char *test_rejection_message(const char *what, const char *text, size_t len)
{
    struct oci_config *config = (struct oci_config *)&config; /* must come back NULL */
    struct turf_error *err = NULL;
    int r = oci_config_parse_string(text, len, "config.json", &config, &err);
    cr_assert_lt(r, 0, "%s was accepted", what);
    cr_assert_null(config, "%s: a failed parse must leave *out NULL", what);
    cr_assert_not_null(err, "%s: a failed parse must explain itself", what);
    cr_assert_eq(err->code, r, "%s: the error code %d differs from the return value %d", what,
                 err->code, r);
    cr_assert_eq(r, -EINVAL, "%s: expected -EINVAL for bad input, got %d", what, r);
    cr_assert_not_null(err->msg, "%s: error without a message", what);
    char *msg = strdup(err->msg);
    turf_error_free(&err);
    cr_assert_not_null(msg);
    return msg;
}

/* Asserts that a text is rejected with exactly the given message. The message check does not
 * abort the test, so the message is freed (and valgrind stays quiet) when it differs. */
static inline void test_expect_text_rejected(const char *text, const char *expected)
{
    char *msg = test_rejection_message(text, text, strlen(text));
    cr_expect_str_eq(msg, expected, "for input %s\n  actual:   %s\n  expected: %s", text, msg,
                     expected);
    free(msg);
}

/* Asserts that tests/data/oci/bad/<name> is rejected with exactly the given message. */
static inline void test_expect_bad_file(const char *name, const char *expected)
{
    char rel[512];
    size_t len;
    snprintf(rel, sizeof(rel), "oci/bad/%s", name);
    char *text = test_read_data(rel, &len);
    char *msg = test_rejection_message(rel, text, len);
    free(text);
    cr_expect_str_eq(msg, expected, "wrong message for %s\n  actual:   %s\n  expected: %s", rel,
                     msg, expected);
    free(msg);
}

/* String checks that fail cleanly (not by crashing) when the actual string is NULL. */
#define assert_str(actual, expected)                                                               \
    do {                                                                                           \
        const char *actual_ = (actual);                                                            \
        cr_assert_not_null(actual_, "%s is NULL, expected \"%s\"", #actual, (expected));           \
        cr_assert_str_eq(actual_, (expected), "%s is \"%s\", expected \"%s\"", #actual, actual_,   \
                         (expected));                                                              \
    } while (0)

/* A present scalar (struct oci_u32 etc.) with the given value. */
#define assert_set(field, expected)                                                                \
    do {                                                                                           \
        cr_assert((field).set, "%s is not set", #field);                                           \
        cr_assert((field).value == (expected), "%s has the wrong value", #field);                  \
    } while (0)

#define assert_unset(field) cr_assert(!(field).set, "%s is set, expected it absent", #field)

static inline void test_assert_strv(const char *what, char *const *actual,
                                    const char *const *expected)
{
    cr_assert_not_null(actual, "%s is NULL", what);
    size_t i = 0;
    for (; expected[i]; i++) {
        cr_assert_not_null(actual[i], "%s has %zu entries, expected more", what, i);
        cr_assert_str_eq(actual[i], expected[i], "%s[%zu] is \"%s\", expected \"%s\"", what, i,
                         actual[i], expected[i]);
    }
    cr_assert_null(actual[i], "%s has more than %zu entries", what, i);
}

/* assert_strv(vector, "a", "b") checks a NULL-terminated vector entry by entry. */
#define assert_strv(actual, ...)                                                                   \
    test_assert_strv(#actual, (actual), (const char *const[]){__VA_ARGS__, NULL})
#define assert_strv_empty(actual)                                                                  \
    do {                                                                                           \
        cr_assert_not_null((actual), "%s is NULL, expected an empty list", #actual);               \
        cr_assert_null((actual)[0], "%s is not empty", #actual);                                   \
    } while (0)

/* Scratch directories: created with mkdtemp, removed with everything in them. */
static inline int test_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void test_rm_rf(const char *path)
{
    if (path && *path)
        nftw(path, test_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void test_make_tmpdir(char *buf, size_t size)
{
    snprintf(buf, size, "/tmp/turf-unit.XXXXXX");
    cr_assert_not_null(mkdtemp(buf), "mkdtemp: %s", strerror(errno));
}

/* Writes a whole file with stdio (not with the code under test). */
static inline void test_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "we");
    cr_assert_not_null(f, "fopen %s: %s", path, strerror(errno));
    size_t n = len ? fwrite(data, 1, len, f) : 0;
    int closed = fclose(f);
    cr_assert_eq(n, len, "short write to %s", path);
    cr_assert_eq(closed, 0, "fclose %s: %s", path, strerror(errno));
}

#endif
