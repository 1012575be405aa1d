/* The default config.json that `turf spec` writes. The document itself is
 * oci/default-config.json, embedded at build time, so the default is ordinary JSON a reader
 * can review; --rootless then adapts it the way `runc spec --rootless` does. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

/* The Makefile compiles from the repository root, which .incbin's path is relative to. */
__asm__(".section .rodata\n"
        ".global oci_default_config_json\n"
        ".type oci_default_config_json, @object\n"
        "oci_default_config_json:\n"
        ".incbin \"oci/default-config.json\"\n"
        ".byte 0\n"
        ".previous\n");
extern const char oci_default_config_json[];

static json_t *strv_without_id_options(json_t *options)
{
    json_t *kept = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(options, i, o)
    {
        const char *s = json_string_value(o);
        if (s && (strncmp(s, "uid=", 4) == 0 || strncmp(s, "gid=", 4) == 0))
            continue;
        json_array_append(kept, o);
    }
    return kept;
}

static json_t *id_mapping(unsigned host_id)
{
    return json_pack("[{s:i, s:I, s:i}]", "containerID", 0, "hostID", (json_int_t)host_id, "size",
                     1);
}

/* As runc: a user namespace mapping the caller to root, no network namespace (an
 * unprivileged user cannot configure one), /sys bind-mounted (sysfs cannot be mounted without
 * a network namespace of one's own), no uid=/gid= mount options, and no resources. */
static int make_rootless(json_t *config)
{
    json_t *lnx = json_object_get(config, "linux");
    json_t *namespaces = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(lnx, "namespaces"), i, v)
    {
        if (strcmp(json_string_value(json_object_get(v, "type")), "network") != 0)
            json_array_append(namespaces, v);
    }
    json_array_append_new(namespaces, json_pack("{s:s}", "type", "user"));
    json_object_set_new(lnx, "namespaces", namespaces);
    json_object_set_new(lnx, "uidMappings", id_mapping(geteuid()));
    json_object_set_new(lnx, "gidMappings", id_mapping(getegid()));
    json_object_del(lnx, "resources");

    json_t *mounts = json_array();
    json_array_foreach(json_object_get(config, "mounts"), i, v)
    {
        const char *dest = json_string_value(json_object_get(v, "destination"));
        if (strncmp(dest, "/sys", 4) == 0)
            continue;
        json_t *m = json_deep_copy(v);
        json_t *options = json_object_get(m, "options");
        if (options)
            json_object_set_new(m, "options", strv_without_id_options(options));
        json_array_append_new(mounts, m);
    }
    json_array_append_new(mounts, json_pack("{s:s, s:s, s:s, s:[sssss]}", "destination", "/sys",
                                            "type", "none", "source", "/sys", "options", "rbind",
                                            "nosuid", "noexec", "nodev", "ro"));
    json_object_set_new(config, "mounts", mounts);
    return 0;
}

int oci_config_new_default(bool rootless, struct oci_config **out, struct turf_error **err)
{
    json_error_t jerr;
    *out = NULL;
    json_t *config = json_loads(oci_default_config_json, 0, &jerr);
    if (!config)
        return turf_error_set(err, -EINVAL, "built-in default config: line %d: %s", jerr.line,
                              jerr.text);
    if (rootless)
        make_rootless(config);
    int r = oci_config_parse_json(config, "built-in default config", out, err);
    json_decref(config);
    return r;
}
