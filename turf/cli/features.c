/* turf features: what this build supports, in the JSON shape of `runc features`. It states
 * only what works today; fields grow true as the features land. */
#include <ctype.h>
#include <stdio.h>

#include <seccomp.h>

#include "../../oci/config.h"
#include "../../oci/names.h"
#include "../sandbox/mount-options.h"
#include "cli.h"

/* linux.seccomp as runc reports it, limited to what this libseccomp and kernel can do (the
 * API level says which actions and filter flags work). */
static json_t *seccomp_features(void)
{
    static const char *const actions[] = {
        "SCMP_ACT_ALLOW",        "SCMP_ACT_ERRNO",       "SCMP_ACT_KILL",
        "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG",
        "SCMP_ACT_NOTIFY",       "SCMP_ACT_TRACE",       "SCMP_ACT_TRAP",
    };
    static const unsigned int action_api[] = {0, 0, 0, 3, 0, 3, 5, 0, 0};
    static const char *const operators[] = {
        "SCMP_CMP_EQ", "SCMP_CMP_GE",        "SCMP_CMP_GT", "SCMP_CMP_LE",
        "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE",
    };
    static const char *const archs[] = {
        "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM",      "SCMP_ARCH_LOONGARCH64",
        "SCMP_ARCH_MIPS",    "SCMP_ARCH_MIPS64",   "SCMP_ARCH_MIPS64N32",
        "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32",
        "SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_PPC",
        "SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_RISCV64",
        "SCMP_ARCH_S390",    "SCMP_ARCH_S390X",    "SCMP_ARCH_X32",
        "SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",
    };
    static const char *const flags[] = {
        "SECCOMP_FILTER_FLAG_LOG",
        "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
        "SECCOMP_FILTER_FLAG_TSYNC",
        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
    };
    /* The API level each flag needs; WAIT_KILLABLE_RECV needs libseccomp 2.6. */
    static const unsigned int flag_api[] = {
        3,
        4,
        2,
#if SCMP_VER_MAJOR > 2 || (SCMP_VER_MAJOR == 2 && SCMP_VER_MINOR >= 6)
        7,
#else
        ~0u,
#endif
    };
    unsigned int api = seccomp_api_get();
    json_t *j = json_pack("{s:b, s:[], s:[], s:[], s:[], s:[]}", "enabled", 1, "actions",
                          "operators", "archs", "knownFlags", "supportedFlags");
    if (!j)
        return NULL;
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
        if (api >= action_api[i])
            json_array_append_new(json_object_get(j, "actions"), json_string(actions[i]));
    for (size_t i = 0; i < sizeof(operators) / sizeof(operators[0]); i++)
        json_array_append_new(json_object_get(j, "operators"), json_string(operators[i]));
    for (size_t i = 0; i < sizeof(archs) / sizeof(archs[0]); i++) {
        char lower[32];
        size_t n = 0;
        for (const char *p = archs[i] + 10; *p && n < sizeof(lower) - 1; p++)
            lower[n++] = (char)tolower((unsigned char)*p);
        lower[n] = '\0';
        if (seccomp_arch_resolve_name(lower))
            json_array_append_new(json_object_get(j, "archs"), json_string(archs[i]));
    }
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        json_array_append_new(json_object_get(j, "knownFlags"), json_string(flags[i]));
        if (api >= flag_api[i])
            json_array_append_new(json_object_get(j, "supportedFlags"), json_string(flags[i]));
    }
    return j;
}

int turf_cmd_features(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    (void)g;
    (void)err;
    if (argc > 1) {
        printf("Usage: turf features\n\nPrint what this runtime supports, as JSON.\n");
        return argv[1][0] == '-' && argv[1][1] == 'h' ? TURF_EXIT_OK : TURF_EXIT_USAGE;
    }
    json_t *caps = json_array();
    for (int cap = 0; cap <= oci_capability_last(); cap++)
        json_array_append_new(caps, json_string(oci_capability_name(cap)));
    json_t *namespaces = json_array();
    for (const char *const *t = oci_namespace_types; *t; t++)
        json_array_append_new(namespaces, json_string(*t));
    const char *names[128];
    size_t n = turf_mount_options_known(names, 128);
    json_t *mount_options = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(mount_options, json_string(names[i]));
    const struct scmp_version *v = seccomp_version();
    char libseccomp[32];
    snprintf(libseccomp, sizeof(libseccomp), "%u.%u.%u", v ? v->major : SCMP_VER_MAJOR,
             v ? v->minor : SCMP_VER_MINOR, v ? v->micro : SCMP_VER_MICRO);
    json_t *j = json_pack(
        "{s:s, s:s, s:[ssssss], s:o, s:{s:o, s:o, s:{s:b, s:b, s:b, s:b, s:b}, "
        "s:o*, s:{s:b}, s:{s:b}, s:{s:b}}, s:{s:s}}",
        "ociVersionMin", "1.0.0", "ociVersionMax", OCI_SPEC_VERSION, "hooks", "prestart",
        "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
        "mountOptions", mount_options, "linux", "namespaces", namespaces, "capabilities", caps,
        "cgroup", "v1", 1, "v2", 1, "systemd", 0, "systemdUser", 0, "rdma", 0, "seccomp",
        seccomp_features(), "apparmor", "enabled", 0, "selinux", "enabled", 0, "intelRdt",
        "enabled", 0, "annotations", "io.github.seccomp.libseccomp.version", libseccomp);
    if (!j)
        return TURF_EXIT_FAILURE;
    json_dumpf(j, stdout, JSON_INDENT(4) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(j);
    return TURF_EXIT_OK;
}
