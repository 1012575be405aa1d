/* Mount option parsing (see mount-options.h). The tables follow mount(8)'s option names. */
#include "mount-options.h"

#include <errno.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "../base/cleanup.h"

static const struct {
    const char *name;
    bool clear;
    unsigned long flag;
} flag_options[] = {
    {"ro", false, MS_RDONLY},
    {"rw", true, MS_RDONLY},
    {"nosuid", false, MS_NOSUID},
    {"suid", true, MS_NOSUID},
    {"nodev", false, MS_NODEV},
    {"dev", true, MS_NODEV},
    {"noexec", false, MS_NOEXEC},
    {"exec", true, MS_NOEXEC},
    {"sync", false, MS_SYNCHRONOUS},
    {"async", true, MS_SYNCHRONOUS},
    {"dirsync", false, MS_DIRSYNC},
    {"remount", false, MS_REMOUNT},
    {"mand", false, MS_MANDLOCK},
    {"nomand", true, MS_MANDLOCK},
    {"noatime", false, MS_NOATIME},
    {"atime", true, MS_NOATIME},
    {"nodiratime", false, MS_NODIRATIME},
    {"diratime", true, MS_NODIRATIME},
    {"relatime", false, MS_RELATIME},
    {"norelatime", true, MS_RELATIME},
    {"strictatime", false, MS_STRICTATIME},
    {"nostrictatime", true, MS_STRICTATIME},
    {"lazytime", false, MS_LAZYTIME},
    {"nolazytime", true, MS_LAZYTIME},
    {"silent", false, MS_SILENT},
    {"loud", true, MS_SILENT},
    {"bind", false, MS_BIND},
    {"rbind", false, MS_BIND | MS_REC},
    {"defaults", true, 0},
};

static const struct {
    const char *name;
    unsigned long flags;
} propagation_options[] = {
    {"private", MS_PRIVATE},       {"rprivate", MS_PRIVATE | MS_REC},
    {"shared", MS_SHARED},         {"rshared", MS_SHARED | MS_REC},
    {"slave", MS_SLAVE},           {"rslave", MS_SLAVE | MS_REC},
    {"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
};

static const struct {
    const char *name;
    bool clear;
    uint64_t attr;
} recursive_options[] = {
    {"rro", false, MOUNT_ATTR_RDONLY},
    {"rrw", true, MOUNT_ATTR_RDONLY},
    {"rnosuid", false, MOUNT_ATTR_NOSUID},
    {"rsuid", true, MOUNT_ATTR_NOSUID},
    {"rnodev", false, MOUNT_ATTR_NODEV},
    {"rdev", true, MOUNT_ATTR_NODEV},
    {"rnoexec", false, MOUNT_ATTR_NOEXEC},
    {"rexec", true, MOUNT_ATTR_NOEXEC},
    {"rnodiratime", false, MOUNT_ATTR_NODIRATIME},
    {"rdiratime", true, MOUNT_ATTR_NODIRATIME},
    {"rnoatime", false, MOUNT_ATTR_NOATIME},
    {"rrelatime", false, MOUNT_ATTR_RELATIME},
    {"rstrictatime", false, MOUNT_ATTR_STRICTATIME},
    {"rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW},
    {"rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW},
};

unsigned long turf_mount_propagation_flags(const char *name)
{
    for (size_t i = 0; name && i < TURF_ARRAY_SIZE(propagation_options); i++)
        if (strcmp(name, propagation_options[i].name) == 0)
            return propagation_options[i].flags;
    return 0;
}

static bool parse_flag(const char *o, struct turf_mount_options *out)
{
    for (size_t i = 0; i < TURF_ARRAY_SIZE(flag_options); i++) {
        if (strcmp(o, flag_options[i].name) != 0)
            continue;
        if (flag_options[i].clear)
            out->flags &= ~flag_options[i].flag;
        else
            out->flags |= flag_options[i].flag;
        return true;
    }
    for (size_t i = 0; i < TURF_ARRAY_SIZE(propagation_options); i++)
        if (strcmp(o, propagation_options[i].name) == 0) {
            out->propagation = propagation_options[i].flags;
            return true;
        }
    for (size_t i = 0; i < TURF_ARRAY_SIZE(recursive_options); i++) {
        if (strcmp(o, recursive_options[i].name) != 0)
            continue;
        if (recursive_options[i].clear)
            out->attr_clr |= recursive_options[i].attr;
        else
            out->attr_set |= recursive_options[i].attr;
        return true;
    }
    return false;
}

int turf_mount_options_parse(char *const *options, struct turf_mount_options *out,
                             struct turf_error **err)
{
    *out = (struct turf_mount_options){0};
    size_t len = 0;
    for (size_t i = 0; options && options[i]; i++)
        len += strlen(options[i]) + 1;
    out->data = calloc(1, len + 1);
    if (!out->data)
        return turf_error_errno(err, -ENOMEM, "parse mount options");
    for (size_t i = 0; options && options[i]; i++) {
        const char *o = options[i];
        if (parse_flag(o, out))
            continue;
        if (strcmp(o, "idmap") == 0 || strcmp(o, "ridmap") == 0 || strcmp(o, "tmpcopyup") == 0) {
            turf_mount_options_free(out);
            return turf_error_set(err, -EOPNOTSUPP, "mount option \"%s\" is not supported yet", o);
        }
        if (*out->data)
            strcat(out->data, ",");
        strcat(out->data, o);
    }
    return 0;
}

void turf_mount_options_free(struct turf_mount_options *opts)
{
    free(opts->data);
    opts->data = NULL;
}

size_t turf_mount_options_known(const char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < TURF_ARRAY_SIZE(flag_options) && n < max; i++)
        names[n++] = flag_options[i].name;
    for (size_t i = 0; i < TURF_ARRAY_SIZE(propagation_options) && n < max; i++)
        names[n++] = propagation_options[i].name;
    for (size_t i = 0; i < TURF_ARRAY_SIZE(recursive_options) && n < max; i++)
        names[n++] = recursive_options[i].name;
    return n;
}
