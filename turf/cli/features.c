/* turf features: what this build supports, in the JSON shape of `runc features`. It states
 * only what works today; fields grow true as the features land. */
#include <stdio.h>

#include "../../oci/config.h"
#include "../../oci/names.h"
#include "../sandbox/mount-options.h"
#include "cli.h"

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
    json_t *j = json_pack(
        "{s:s, s:s, s:[ssssss], s:o, s:{s:o, s:o, s:{s:b, s:b, s:b, s:b, s:b}, "
        "s:{s:b}, s:{s:b}, s:{s:b}, s:{s:b}}}",
        "ociVersionMin", "1.0.0", "ociVersionMax", OCI_SPEC_VERSION, "hooks", "prestart",
        "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
        "mountOptions", mount_options, "linux", "namespaces", namespaces, "capabilities", caps,
        "cgroup", "v1", 1, "v2", 1, "systemd", 0, "systemdUser", 0, "rdma", 0, "seccomp", "enabled",
        0, "apparmor", "enabled", 0, "selinux", "enabled", 0, "intelRdt", "enabled", 0);
    if (!j)
        return TURF_EXIT_FAILURE;
    json_dumpf(j, stdout, JSON_INDENT(4) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(j);
    return TURF_EXIT_OK;
}
