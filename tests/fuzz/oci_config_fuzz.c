/* libFuzzer target for the config.json and state parsers. Beyond "no crash, no leak, no hang"
 * it checks two properties on every input the parser accepts: the dump of a parsed config
 * parses again to an equal config, and that second dump is byte-identical to the first. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../oci/config.h"
#include "../../oci/state.h"

static void check_config(const char *data, size_t size)
{
    struct turf_error *err = NULL;
    struct oci_config *a = NULL, *b = NULL;
    if (oci_config_parse_string(data, size, "config.json", &a, &err) < 0) {
        if (!err || !err->msg || strncmp(err->msg, "config.json", 11) != 0)
            __builtin_trap(); /* every failure must explain itself */
        turf_error_free(&err);
        return;
    }
    char *first = oci_config_dump(a);
    if (!first || oci_config_parse_string(first, strlen(first), "dump", &b, &err) < 0)
        __builtin_trap();
    if (!oci_config_equal(a, b))
        __builtin_trap();
    char *second = oci_config_dump(b);
    if (!second || strcmp(first, second) != 0)
        __builtin_trap();
    free(first);
    free(second);
    oci_config_free(a);
    oci_config_free(b);
}

static void check_state(const char *data, size_t size)
{
    struct turf_error *err = NULL;
    struct oci_state *s = NULL, *t = NULL;
    if (oci_state_parse_string(data, size, "state.json", &s, &err) < 0) {
        turf_error_free(&err);
        return;
    }
    char *text = oci_state_dump(s);
    if (!text || oci_state_parse_string(text, strlen(text), "dump", &t, &err) < 0 ||
        !oci_state_equal(s, t))
        __builtin_trap();
    free(text);
    oci_state_free(s);
    oci_state_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_config((const char *)data, size);
    check_state((const char *)data, size);
    return 0;
}
