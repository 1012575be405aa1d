/* Unit tests of unsigned 64-bit fields over their whole range: jansson stops at INT64_MAX, so
 * the codec carries larger integers itself (oci/codec.c); values must come back exactly. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "../../oci/codec.h"
#include "test-helpers.h"

/* The start of a config with the required fields. */
#define HEAD "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, "

/* A config text with one rlimit whose hard limit is the given JSON number text. */
static char *config_with_hard_rlimit(const char *number)
{
    char *text = NULL;
    cr_assert_geq(asprintf(&text,
                           "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, "
                           "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": "
                           "[{\"type\": \"RLIMIT_CORE\", \"hard\": %s, \"soft\": 0}]}}",
                           number),
                  0);
    return text;
}

Test(oci_uint64, accepts_rlim_infinity_and_the_whole_uint64_range_exactly)
{
    struct oci_config *c = test_parse_good("../uint64/unlimited-rlimits.json");
    cr_assert_eq(c->process->n_rlimits, 3);
    assert_set(c->process->rlimits[0].hard, UINT64_MAX);
    assert_set(c->process->rlimits[0].soft, UINT64_MAX);
    assert_set(c->process->rlimits[2].hard, (uint64_t)INT64_MAX + 1);
    assert_set(c->process->rlimits[2].soft, (uint64_t)INT64_MAX);
    assert_set(c->linux_->resources->hugepage_limits[0].limit, UINT64_MAX);
    assert_set(c->linux_->seccomp->syscalls[0].args[0].value, UINT64_MAX);
    assert_set(c->linux_->seccomp->syscalls[0].args[0].value_two, 18446744071562067968u);
    oci_config_free(c);
}

Test(oci_uint64, dumps_large_values_as_plain_integers_that_parse_back_equal)
{
    struct oci_config *a = test_parse_good("../uint64/unlimited-rlimits.json");
    char *dump = oci_config_dump(a);
    cr_assert_not_null(dump);
    cr_expect_not_null(strstr(dump, "\"hard\": 18446744073709551615,"), "%s", dump);
    cr_expect_not_null(strstr(dump, "\"hard\": 9223372036854775808,"), "%s", dump);
    cr_expect_not_null(strstr(dump, "\"valueTwo\": 18446744071562067968,"), "%s", dump);
    cr_expect_null(strstr(dump, "\\u0000"), "a tag leaked into the dump:\n%s", dump);
    struct oci_config *b = test_parse_text("the dump", dump, strlen(dump));
    cr_expect(oci_config_equal(a, b), "the dump parses to a different config:\n%s", dump);
    char *again = oci_config_dump(b);
    cr_expect_str_eq(again, dump);
    free(again);
    free(dump);
    oci_config_free(a);
    oci_config_free(b);
}

Test(oci_uint64, keeps_large_values_through_a_process_copy)
{
    struct oci_config *c = test_parse_good("../uint64/unlimited-rlimits.json");
    struct oci_process *copy = NULL;
    struct turf_error *err = NULL;
    cr_assert_eq(oci_process_copy(c->process, &copy, &err), 0, "%s", err ? err->msg : "");
    assert_set(copy->rlimits[0].hard, UINT64_MAX);
    assert_set(copy->rlimits[2].hard, (uint64_t)INT64_MAX + 1);
    oci_process_free(copy);
    oci_config_free(c);
}

Test(oci_uint64, rejects_one_past_uint64_max_with_the_path_and_the_value)
{
    char *text = config_with_hard_rlimit("18446744073709551616");
    test_expect_text_rejected(text, "config.json: process.rlimits[0].hard: expected an integer "
                                    "between 0 and 18446744073709551615, got "
                                    "18446744073709551616");
    free(text);
}

Test(oci_uint64, rejects_integers_with_many_more_digits)
{
    char *text = config_with_hard_rlimit("123456789012345678901234567890");
    test_expect_text_rejected(text, "config.json: process.rlimits[0].hard: expected an integer "
                                    "between 0 and 18446744073709551615, got "
                                    "123456789012345678901234567890");
    free(text);
}

Test(oci_uint64, rejects_negative_values_in_unsigned_fields)
{
    char *text = config_with_hard_rlimit("-1");
    test_expect_text_rejected(text, "config.json: process.rlimits[0].hard: expected an integer "
                                    "between 0 and 18446744073709551615, got -1");
    free(text);
    text = config_with_hard_rlimit("-9223372036854775809");
    test_expect_text_rejected(text, "config.json: process.rlimits[0].hard: expected an integer "
                                    "between 0 and 18446744073709551615, got "
                                    "-9223372036854775809");
    free(text);
}

Test(oci_uint64, still_rejects_reals_in_unsigned_fields)
{
    char *text = config_with_hard_rlimit("1.8446744073709551615e19");
    test_expect_text_rejected(text, "config.json: process.rlimits[0].hard: expected an integer, "
                                    "got real 1.84467e+19");
    free(text);
}

Test(oci_uint64, keeps_the_range_of_a_ranged_unsigned_field)
{
    test_expect_text_rejected(
        HEAD "\"linux\": {\"resources\": {\"memory\": "
             "{\"swappiness\": 18446744073709551615}}}}",
        "config.json: linux.resources.memory.swappiness: expected an integer between 0 and 100, "
        "got 18446744073709551615");
}

Test(oci_uint64, rejects_values_beyond_int64_in_signed_fields)
{
    test_expect_text_rejected(HEAD "\"linux\": {\"resources\": {\"cpu\": "
                                   "{\"quota\": 9223372036854775808}}}}",
                              "config.json: linux.resources.cpu.quota: expected an integer "
                              "between -1 and 9223372036854775807, got 9223372036854775808");
    test_expect_text_rejected(HEAD "\"process\": {\"args\": [\"sh\"], "
                                   "\"cwd\": \"/\", \"oomScoreAdj\": -99999999999999999999}}",
                              "config.json: process.oomScoreAdj: expected an integer between "
                              "-1000 and 1000, got -99999999999999999999");
}

Test(oci_uint64, names_a_large_integer_as_an_integer_where_a_string_belongs)
{
    test_expect_text_rejected(HEAD "\"hostname\": 18446744073709551615}",
                              "config.json: hostname: expected a string, got integer "
                              "18446744073709551615");
    test_expect_text_rejected(HEAD "\"annotations\": {\"a\": "
                                   "18446744073709551615}}",
                              "config.json: annotations[\"a\"]: expected a string, got integer "
                              "18446744073709551615");
}

Test(oci_uint64, ignores_large_integers_under_unknown_keys)
{
    const char *text = HEAD "\"x-vendor\": [18446744073709551615, "
                            "-18446744073709551615]}";
    struct oci_config *c = test_parse_text("unknown keys", text, strlen(text));
    oci_config_free(c);
}

Test(oci_uint64, refuses_nul_escapes_in_strings_as_before)
{
    test_expect_text_rejected(HEAD "\"hostname\": \"\\u0000123\"}",
                              "config.json: line 1, column 66: \\u0000 is not allowed in a "
                              "string");
    /* An escaped backslash followed by "u0000" is an ordinary string. */
    const char *text = HEAD "\"hostname\": \"a\\\\u0000\", "
                            "\"linux\": {\"namespaces\": [{\"type\": \"uts\"}]}}";
    struct oci_config *c = test_parse_text("escaped backslash", text, strlen(text));
    assert_str(c->hostname, "a\\u0000");
    oci_config_free(c);
}

Test(oci_uint64, reports_syntax_errors_at_the_column_of_the_text_as_written)
{
    /* The same error with a 20-character real in place of the large integer. */
    char *expected = test_rejection_message("real", "{\"a\": 1.000000000000000000, \"b\": }",
                                            strlen("{\"a\": 1.000000000000000000, \"b\": }"));
    test_expect_text_rejected("{\"a\": 18446744073709551615, \"b\": }", expected);
    free(expected);
}

Test(oci_uint64, leaves_invalid_number_syntax_to_the_json_decoder)
{
    char *msg = test_rejection_message("leading zero", "{\"a\": 018446744073709551615}",
                                       strlen("{\"a\": 018446744073709551615}"));
    cr_expect(strstr(msg, "line 1") != NULL, "%s", msg);
    free(msg);
}

Test(oci_uint64, codec_dumps_writes_tagged_integers_bare_and_leaves_strings_alone)
{
    json_t *root = NULL;
    struct turf_error *err = NULL;
    const char *text = "[18446744073709551615, \"\\\\u0000\", -9223372036854775809, 7]";
    cr_assert_eq(codec_loadb(text, strlen(text), 0, "t", &root, &err), 0, "%s",
                 err ? err->msg : "");
    char *out = codec_dumps(root, JSON_COMPACT);
    cr_expect_str_eq(out, "[18446744073709551615,\"\\\\u0000\",-9223372036854775809,7]");
    free(out);
    json_decref(root);
}
