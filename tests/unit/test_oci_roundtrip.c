/* Unit tests of serialising configs and states (oci_config_dump, oci_state_dump) and of
 * comparing them: every valid document survives parse -> dump -> parse unchanged, the dump is
 * stable, it keeps every field the parser read, and equality notices any single change.
 *
 * Convention for tests/data/oci/good: unknown keys are spelt "x-..." (or are the sections of
 * other platforms), so that the test below can remove them and compare what remains with the
 * dump field for field. */
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "test-helpers.h"

/* ---- helpers ---- */

/* Removes what the parser is meant to drop: nulls, "x-" keys and other platforms' sections. */
static void strip_ignored(json_t *v, bool top)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *value;
        void *tmp;
        json_object_foreach_safe(v, tmp, key, value)
        {
            bool platform = top && (strcmp(key, "windows") == 0 || strcmp(key, "solaris") == 0 ||
                                    strcmp(key, "vm") == 0 || strcmp(key, "zos") == 0);
            if (json_is_null(value) || strncmp(key, "x-", 2) == 0 || platform)
                json_object_del(v, key);
            else
                strip_ignored(value, false);
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            strip_ignored(item, false);
        }
    }
}

/* Parses, dumps, parses the dump and dumps again; checks equality and stable text.
 * Returns false (with non-fatal failures recorded) when a step fails. */
static bool check_config_roundtrip(const char *path)
{
    struct turf_error *err = NULL;
    char *text = NULL;
    size_t len = 0;
    if (turf_read_file(path, OCI_CONFIG_MAX_SIZE, &text, &len, &err) < 0) {
        cr_expect_fail("%s: %s", path, err->msg);
        turf_error_free(&err);
        return false;
    }
    struct oci_config *a = NULL, *b = NULL;
    int r = oci_config_parse_string(text, len, "config.json", &a, &err);
    free(text);
    if (r < 0) {
        cr_expect_fail("%s is rejected: %s", path, err->msg);
        turf_error_free(&err);
        return false;
    }
    bool ok = false;
    char *first = oci_config_dump(a), *second = NULL;
    if (!first) {
        cr_expect_fail("%s: oci_config_dump returned NULL", path);
        goto out;
    }
    if (oci_config_parse_string(first, strlen(first), "dump", &b, &err) < 0) {
        cr_expect_fail("%s: its dump is rejected: %s\n%s", path, err->msg, first);
        turf_error_free(&err);
        goto out;
    }
    cr_expect(oci_config_equal(a, b), "%s: the reparsed dump differs from the original", path);
    cr_expect(oci_config_equal(b, a), "%s: equality is not symmetric", path);
    second = oci_config_dump(b);
    cr_expect_not_null(second, "%s: second dump returned NULL", path);
    if (second)
        cr_expect_str_eq(first, second, "%s: the second dump differs from the first", path);
    ok = oci_config_equal(a, b) && second && strcmp(first, second) == 0;
out:
    free(first);
    free(second);
    oci_config_free(a);
    oci_config_free(b);
    return ok;
}

static size_t for_each_file(const char *pattern, bool (*check)(const char *path), size_t *passed)
{
    glob_t g;
    int r = glob(pattern, 0, NULL, &g);
    if (r == GLOB_NOMATCH)
        return 0;
    cr_assert_eq(r, 0, "glob %s failed", pattern);
    size_t n = g.gl_pathc;
    for (size_t i = 0; i < n; i++)
        if (check(g.gl_pathv[i]))
            (*passed)++;
    globfree(&g);
    return n;
}

/* ---- configs ---- */

Test(oci_roundtrip, reparses_the_dump_of_every_good_config_and_example_to_an_equal_config)
{
    size_t passed = 0;
    size_t good = for_each_file(TURF_TEST_DATA "/oci/good/*.json", check_config_roundtrip, &passed);
    cr_assert_geq(good, 8, "expected at least 8 configs in %s/oci/good, found %zu", TURF_TEST_DATA,
                  good);
    /* The examples are optional: there may be none yet. */
    size_t examples = for_each_file(TURF_TEST_DATA "/../../examples/*/config.json",
                                    check_config_roundtrip, &passed);
    cr_assert_eq(passed, good + examples, "%zu of %zu files failed the round trip",
                 good + examples - passed, good + examples);
}

static bool check_dump_keeps_every_field(const char *path)
{
    json_error_t jerr;
    json_t *input = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    cr_assert_not_null(input, "%s: %s", path, jerr.text);
    struct oci_config *c = NULL;
    struct turf_error *err = NULL;
    int r = oci_config_parse_json(input, "config.json", &c, &err);
    cr_assert_eq(r, 0, "%s: %s", path, err ? err->msg : "");
    json_t *output = oci_config_to_json(c);
    cr_assert_not_null(output);
    strip_ignored(input, true);
    bool same = json_equal(input, output);
    if (!same) {
        char *want = json_dumps(input, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        char *got = json_dumps(output, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        cr_expect_fail("%s: the dump does not hold exactly the fields of the input\n"
                       "input without ignored keys:\n%s\ndump:\n%s",
                       path, want, got);
        free(want);
        free(got);
    }
    json_decref(input);
    json_decref(output);
    oci_config_free(c);
    return same;
}

Test(oci_roundtrip, dumps_exactly_the_fields_of_every_good_config)
{
    size_t passed = 0;
    size_t n =
        for_each_file(TURF_TEST_DATA "/oci/good/*.json", check_dump_keeps_every_field, &passed);
    cr_assert_geq(n, 8);
    cr_assert_eq(passed, n);
}

Test(oci_roundtrip, dumps_fields_in_the_runtime_spec_order_with_two_space_indent)
{
    const char *text = "{\"linux\": {\"namespaces\": [{\"type\": \"uts\"}]}, \"hostname\": \"h\","
                       " \"root\": {\"readonly\": true, \"path\": \"r\"}, \"ociVersion\": "
                       "\"1.2.0\"}";
    struct oci_config *c = test_parse_text("unordered", text, strlen(text));
    char *dump = oci_config_dump(c);
    cr_assert_not_null(dump);
    cr_assert_str_eq(dump,
                     "{\n"
                     "  \"ociVersion\": \"1.2.0\",\n"
                     "  \"root\": {\n"
                     "    \"path\": \"r\",\n"
                     "    \"readonly\": true\n"
                     "  },\n"
                     "  \"hostname\": \"h\",\n"
                     "  \"linux\": {\n"
                     "    \"namespaces\": [\n"
                     "      {\n"
                     "        \"type\": \"uts\"\n"
                     "      }\n"
                     "    ]\n"
                     "  }\n"
                     "}",
                     "unexpected dump:\n%s", dump);
    free(dump);
    oci_config_free(c);
}

Test(oci_roundtrip, keeps_empty_lists_and_maps_in_the_dump)
{
    struct oci_config *c = test_parse_good("empty-collections.json");
    char *dump = oci_config_dump(c);
    cr_assert_not_null(dump);
    cr_assert_not_null(strstr(dump, "\"mounts\": []"), "%s", dump);
    cr_assert_not_null(strstr(dump, "\"env\": []"), "%s", dump);
    cr_assert_not_null(strstr(dump, "\"additionalGids\": []"), "%s", dump);
    cr_assert_not_null(strstr(dump, "\"annotations\": {}"), "%s", dump);
    cr_assert_not_null(strstr(dump, "\"rdma\": {}"), "%s", dump);
    free(dump);
    oci_config_free(c);
}

/* ---- equality ---- */

/* Applies a change to b, checks that a and b now differ both ways, undoes it and checks that
 * they are equal again (which also proves the undo, so the config frees cleanly). */
#define expect_detected(what, change, undo)                                                        \
    do {                                                                                           \
        cr_assert(oci_config_equal(a, b), "not equal before: %s", what);                           \
        change;                                                                                    \
        cr_expect(!oci_config_equal(a, b), "oci_config_equal missed: %s", what);                   \
        cr_expect(!oci_config_equal(b, a), "oci_config_equal missed (reversed): %s", what);        \
        undo;                                                                                      \
        cr_assert(oci_config_equal(a, b), "not equal after undoing: %s", what);                    \
    } while (0)

Test(oci_equal, finds_two_parses_of_the_same_file_equal)
{
    struct oci_config *a = test_parse_good("kitchen-sink.json");
    struct oci_config *b = test_parse_good("kitchen-sink.json");
    cr_assert(oci_config_equal(a, b));
    cr_assert(oci_config_equal(a, a));
    oci_config_free(a);
    oci_config_free(b);
}

Test(oci_equal, detects_a_flipped_presence_bit)
{
    struct oci_config *a = test_parse_good("kitchen-sink.json");
    struct oci_config *b = test_parse_good("kitchen-sink.json");
    expect_detected("process.terminal absent", b->process->terminal.set = false,
                    b->process->terminal.set = true);
    expect_detected("process.oomScoreAdj absent", b->process->oom_score_adj.set = false,
                    b->process->oom_score_adj.set = true);
    /* 0 present versus absent: the value is the same, only the bit differs. */
    expect_detected("seccomp errnoRet 0 absent",
                    b->linux_->seccomp->syscalls[3].errno_ret.set = false,
                    b->linux_->seccomp->syscalls[3].errno_ret.set = true);
    expect_detected("memory.kernelTCP absent", b->linux_->resources->memory->kernel_tcp.set = false,
                    b->linux_->resources->memory->kernel_tcp.set = true);
    oci_config_free(a);
    oci_config_free(b);
}

Test(oci_equal, detects_a_changed_scalar_value)
{
    struct oci_config *a = test_parse_good("kitchen-sink.json");
    struct oci_config *b = test_parse_good("kitchen-sink.json");
    expect_detected("root.readonly", b->root->readonly.value = false,
                    b->root->readonly.value = true);
    expect_detected("memory.limit", b->linux_->resources->memory->limit.value++,
                    b->linux_->resources->memory->limit.value--);
    expect_detected("user.uid", b->process->user->uid.value = 0,
                    b->process->user->uid.value = 1001);
    expect_detected("seccomp valueTwo", b->linux_->seccomp->syscalls[1].args[1].value_two.value = 9,
                    b->linux_->seccomp->syscalls[1].args[1].value_two.value = 8);
    expect_detected("additionalGids[1]", b->process->user->additional_gids[1] = 11,
                    b->process->user->additional_gids[1] = 10);
    expect_detected("timeOffsets monotonic secs", b->linux_->time_offsets[0].secs.value = 0,
                    b->linux_->time_offsets[0].secs.value = -86400);
    expect_detected("rdma hcaObjects", b->linux_->resources->rdma[0].hca_objects.value = 1,
                    b->linux_->resources->rdma[0].hca_objects.value = 10000);
    oci_config_free(a);
    oci_config_free(b);
}

Test(oci_equal, detects_a_changed_string)
{
    struct oci_config *a = test_parse_good("kitchen-sink.json");
    struct oci_config *b = test_parse_good("kitchen-sink.json");
    expect_detected("hostname", b->hostname[0] = 'K', b->hostname[0] = 'k');
    expect_detected("seccomp op", b->linux_->seccomp->syscalls[1].args[1].op[9] = 'X',
                    b->linux_->seccomp->syscalls[1].args[1].op[9] = 'M');
    expect_detected("env entry", b->process->env[1][0] = 'h', b->process->env[1][0] = 'H');
    expect_detected("annotation value", b->annotations.entries[1].value[0] = 'O',
                    b->annotations.entries[1].value[0] = 'o');
    expect_detected("annotation key", b->annotations.entries[1].key[0] = 'O',
                    b->annotations.entries[1].key[0] = 'o');
    expect_detected("rdma device name", b->linux_->resources->rdma[1].key[0] = 'M',
                    b->linux_->resources->rdma[1].key[0] = 'm');
    expect_detected("hook path", b->hooks->kind[OCI_HOOK_POSTSTOP].hooks[0].path[1] = 'U',
                    b->hooks->kind[OCI_HOOK_POSTSTOP].hooks[0].path[1] = 'u');
    oci_config_free(a);
    oci_config_free(b);
}

Test(oci_equal, detects_a_dropped_list_item)
{
    struct oci_config *a = test_parse_good("kitchen-sink.json");
    struct oci_config *b = test_parse_good("kitchen-sink.json");
    expect_detected("last mount", b->n_mounts--, b->n_mounts++);
    expect_detected("last syscall rule", b->linux_->seccomp->n_syscalls--,
                    b->linux_->seccomp->n_syscalls++);
    expect_detected("last additional gid", b->process->user->n_additional_gids--,
                    b->process->user->n_additional_gids++);
    expect_detected("last annotation", b->annotations.n_entries--, b->annotations.n_entries++);
    expect_detected("last rdma device", b->linux_->resources->n_rdma--,
                    b->linux_->resources->n_rdma++);
    expect_detected("last createRuntime hook", b->hooks->kind[OCI_HOOK_CREATE_RUNTIME].n_hooks--,
                    b->hooks->kind[OCI_HOOK_CREATE_RUNTIME].n_hooks++);

    char **env = b->process->env;
    char *last_env = env[2];
    expect_detected("last env entry", env[2] = NULL, env[2] = last_env);
    char **caps = b->process->capabilities->ambient;
    char *cap = caps[0];
    expect_detected("only ambient capability", caps[0] = NULL, caps[0] = cap);
    oci_config_free(a);
    oci_config_free(b);
}

Test(oci_equal, detects_an_absent_object_or_list_against_a_present_one)
{
    struct oci_config *a = test_parse_good("kitchen-sink.json");
    struct oci_config *b = test_parse_good("kitchen-sink.json");
    struct oci_intel_rdt *rdt = b->linux_->intel_rdt;
    expect_detected("intelRdt absent", b->linux_->intel_rdt = NULL, b->linux_->intel_rdt = rdt);
    char **env = b->process->env;
    expect_detected("env absent", b->process->env = NULL, b->process->env = env);
    char *label = b->linux_->mount_label;
    expect_detected("mountLabel absent", b->linux_->mount_label = NULL,
                    b->linux_->mount_label = label);
    oci_config_free(a);
    oci_config_free(b);

    /* An empty list is not an absent one. */
    a = test_parse_good("empty-collections.json");
    b = test_parse_good("empty-collections.json");
    struct oci_mount *mounts = b->mounts;
    expect_detected("mounts [] versus absent", b->mounts = NULL, b->mounts = mounts);
    char **empty_env = b->process->env;
    expect_detected("env [] versus absent", b->process->env = NULL, b->process->env = empty_env);
    struct oci_map_entry *entries = b->annotations.entries;
    expect_detected("annotations {} versus absent", b->annotations.entries = NULL,
                    b->annotations.entries = entries);
    oci_config_free(a);
    oci_config_free(b);
}

Test(oci_equal, compares_null_configs)
{
    struct oci_config *a = test_parse_good("minimal.json");
    cr_assert(oci_config_equal(NULL, NULL));
    cr_assert(!oci_config_equal(a, NULL));
    cr_assert(!oci_config_equal(NULL, a));
    oci_config_free(a);
}

/* An absent field has no value; two configs that differ only in the meaningless value of an
 * absent boolean dump to the same text and must compare equal, as absent integers do. */
Test(oci_equal, ignores_the_value_behind_an_absent_boolean)
{
    struct oci_config *a = test_parse_good("minimal.json");
    struct oci_config *b = test_parse_good("minimal.json");
    b->root->readonly.value = true; /* .set stays false */
    char *da = oci_config_dump(a), *db = oci_config_dump(b);
    cr_assert_str_eq(da, db, "the dumps differ, so this test no longer shows what it means to");
    free(da);
    free(db);
    cr_expect(oci_config_equal(a, b), "an absent boolean with value true differs from one with "
                                      "value false");
    b->root->readonly.value = false;
    oci_config_free(a);
    oci_config_free(b);
}

Test(oci_equal, ignores_the_value_behind_an_absent_integer)
{
    struct oci_config *a = test_parse_good("nulls.json");
    struct oci_config *b = test_parse_good("nulls.json");
    b->process->oom_score_adj.value = 500; /* .set stays false */
    cr_expect(oci_config_equal(a, b));
    oci_config_free(a);
    oci_config_free(b);
}

/* ---- states ---- */

static bool check_state_roundtrip(const char *path)
{
    struct turf_error *err = NULL;
    char *text = NULL;
    size_t len = 0;
    cr_assert_eq(turf_read_file(path, 1 << 20, &text, &len, &err), 0, "%s", path);
    struct oci_state *a = NULL, *b = NULL;
    if (oci_state_parse_string(text, len, "state.json", &a, &err) < 0) {
        cr_expect_fail("%s is rejected: %s", path, err->msg);
        turf_error_free(&err);
        free(text);
        return false;
    }
    free(text);
    char *first = oci_state_dump(a);
    cr_assert_not_null(first, "%s", path);
    int r = oci_state_parse_string(first, strlen(first), "dump", &b, &err);
    cr_assert_eq(r, 0, "%s: its dump is rejected: %s", path, err ? err->msg : "");
    char *second = oci_state_dump(b);
    cr_assert_not_null(second);
    bool ok = oci_state_equal(a, b) && strcmp(first, second) == 0;
    cr_expect(oci_state_equal(a, b), "%s: the reparsed state differs", path);
    cr_expect_str_eq(first, second, "%s: the second dump differs from the first", path);
    free(first);
    free(second);
    oci_state_free(a);
    oci_state_free(b);
    return ok;
}

Test(oci_state_roundtrip, reparses_the_dump_of_every_good_state_to_an_equal_state)
{
    size_t passed = 0;
    size_t n =
        for_each_file(TURF_TEST_DATA "/oci/state/good/*.json", check_state_roundtrip, &passed);
    cr_assert_geq(n, 3, "expected the states in %s/oci/state/good", TURF_TEST_DATA);
    cr_assert_eq(passed, n);
}

static struct oci_state *parse_state(const char *rel)
{
    size_t len;
    char *text = test_read_data(rel, &len);
    struct oci_state *s = NULL;
    struct turf_error *err = NULL;
    int r = oci_state_parse_string(text, len, "state.json", &s, &err);
    free(text);
    cr_assert_eq(r, 0, "%s: %s", rel, err ? err->msg : "");
    return s;
}

Test(oci_state_roundtrip, dumps_a_state_in_the_runtime_spec_order)
{
    struct oci_state *s = parse_state("oci/state/good/creating.json");
    char *dump = oci_state_dump(s);
    cr_assert_not_null(dump);
    cr_assert_str_eq(dump,
                     "{\n"
                     "  \"ociVersion\": \"1.0.2\",\n"
                     "  \"id\": \"c\",\n"
                     "  \"status\": \"creating\",\n"
                     "  \"pid\": 0,\n"
                     "  \"bundle\": \"/b\",\n"
                     "  \"annotations\": {}\n"
                     "}",
                     "unexpected dump:\n%s", dump);
    free(dump);
    oci_state_free(s);
}

Test(oci_state_equal, detects_any_single_change)
{
    struct oci_state *a = parse_state("oci/state/good/running.json");
    struct oci_state *b = parse_state("oci/state/good/running.json");
    cr_assert(oci_state_equal(a, b));

    b->pid.value = 1;
    cr_expect(!oci_state_equal(a, b), "pid value");
    b->pid.value = 4422;
    b->pid.set = false;
    cr_expect(!oci_state_equal(a, b), "pid presence");
    b->pid.set = true;
    b->status[0] = 'R';
    cr_expect(!oci_state_equal(a, b), "status");
    b->status[0] = 'r';
    b->annotations.n_entries--;
    cr_expect(!oci_state_equal(a, b), "dropped annotation");
    b->annotations.n_entries++;
    b->annotations.entries[0].value[0] = 'W';
    cr_expect(!oci_state_equal(a, b), "annotation value");
    b->annotations.entries[0].value[0] = 'w';
    b->bundle[1] = 'R';
    cr_expect(!oci_state_equal(a, b), "bundle");
    b->bundle[1] = 'r';

    cr_assert(oci_state_equal(a, b), "not equal after undoing every change");
    oci_state_free(a);
    oci_state_free(b);
}
