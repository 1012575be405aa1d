/* The OCI runtime-spec 1.2 config.json (Linux part), described for the codec: one table per
 * struct in config.h, then the checks a strict runtime makes beyond types (absolute paths,
 * known names, ranges, duplicates, overlapping mappings, namespace requirements). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "config.h"
#include "config-schema.h"
#include "names.h"

/* ---- field checks ---- */

static int check_absolute_path(struct codec_ctx *ctx, const void *value)
{
    const char *s = value;
    if (s[0] != '/')
        return codec_error(ctx, NULL, "must be an absolute path, got \"%s\"", s);
    return 0;
}

static int check_non_empty(struct codec_ctx *ctx, const void *value)
{
    if (!*(const char *)value)
        return codec_error(ctx, NULL, "must not be empty");
    return 0;
}

/* MAJOR.MINOR.PATCH with an optional -prerelease and +build, and a major Turf implements. */
static int check_oci_version(struct codec_ctx *ctx, const void *value)
{
    const char *s = value, *p = s;
    unsigned long part[3];
    for (int i = 0; i < 3; i++) {
        char *end;
        /* Semantic versioning: digits, and no leading zero. */
        if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
            goto bad;
        part[i] = strtoul(p, &end, 10);
        p = end;
        if (i < 2 && *p++ != '.')
            goto bad;
    }
    /* An optional -prerelease and +build, neither of them empty. */
    if (*p && ((*p != '-' && *p != '+') || !p[1] || p[1] == '+' || p[1] == '.'))
        goto bad;
    if (part[0] != 1)
        return codec_error(ctx, NULL, "unsupported version \"%s\": Turf implements 1.x (up to %s)",
                           s, OCI_SPEC_VERSION);
    return 0;
bad:
    return codec_error(ctx, NULL, "\"%s\" is not a version of the form MAJOR.MINOR.PATCH", s);
}

static int check_capability(struct codec_ctx *ctx, const void *value)
{
    if (oci_capability_from_name(value) < 0)
        return codec_error(ctx, NULL, "unknown capability \"%s\"", (const char *)value);
    return 0;
}

static int check_rlimit_type(struct codec_ctx *ctx, const void *value)
{
    if (oci_rlimit_from_name(value) < 0)
        return codec_error(ctx, NULL, "unknown rlimit \"%s\"", (const char *)value);
    return 0;
}

static int check_env(struct codec_ctx *ctx, const void *value)
{
    const char *s = value, *eq = strchr(s, '=');
    if (!eq || eq == s)
        return codec_error(ctx, NULL, "expected NAME=VALUE, got \"%s\"", s);
    return 0;
}

/* A cpuset list: "0-3,5,7-8". */
static int check_cpu_list(struct codec_ctx *ctx, const void *value)
{
    const char *s = value, *p = s;
    while (*p) {
        char *end;
        if (*p < '0' || *p > '9')
            goto bad;
        unsigned long lo = strtoul(p, &end, 10), hi = lo;
        p = end;
        if (*p == '-') {
            p++;
            if (*p < '0' || *p > '9')
                goto bad;
            hi = strtoul(p, &end, 10);
            p = end;
        }
        if (hi < lo)
            goto bad;
        if (*p == ',' && p[1])
            p++;
        else if (*p)
            goto bad;
    }
    return 0;
bad:
    return codec_error(ctx, NULL, "\"%s\" is not a CPU or memory-node list like \"0-3,5\"", s);
}

static int check_page_size(struct codec_ctx *ctx, const void *value)
{
    const char *s = value, *p = s;
    if (*p < '1' || *p > '9')
        goto bad;
    while (*p >= '0' && *p <= '9')
        p++;
    if ((p[0] == 'K' || p[0] == 'M' || p[0] == 'G') && p[1] == 'B' && !p[2])
        return 0;
bad:
    return codec_error(ctx, NULL, "\"%s\" is not a page size like \"2MB\" or \"1GB\"", s);
}

static int check_mem_bw_schema(struct codec_ctx *ctx, const void *value)
{
    const char *s = value;
    if (strncmp(s, "MB:", 3) != 0 || strchr(s, '\n'))
        return codec_error(ctx, NULL, "must start with \"MB:\" and be one line");
    return 0;
}

static bool has_dotdot_component(const char *path)
{
    for (const char *p = path; (p = strstr(p, "..")); p += 2)
        if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return true;
    return false;
}

static int check_cgroups_path(struct codec_ctx *ctx, const void *value)
{
    if (has_dotdot_component(value))
        return codec_error(ctx, NULL, "must not contain \"..\" components, got \"%s\"",
                           (const char *)value);
    return 0;
}

static int check_mem_limit(struct codec_ctx *ctx, const void *value)
{
    const struct oci_i64 *v = value;
    if (v->value < -1)
        return codec_error(ctx, NULL, "expected -1 (unlimited) or a size in bytes, got %lld",
                           (long long)v->value);
    return 0;
}

/* ---- value lists ---- */

static const char *const rootfs_propagations[] = {
    "private", "shared", "slave",       "unbindable", "rprivate",
    "rshared", "rslave", "runbindable", NULL,
};
static const char *const device_types[] = {"c", "b", "u", "p", NULL};
static const char *const device_cgroup_types[] = {"a", "c", "b", NULL};
static const char *const io_priority_classes[] = {
    "IOPRIO_CLASS_RT",
    "IOPRIO_CLASS_BE",
    "IOPRIO_CLASS_IDLE",
    NULL,
};
static const char *const scheduler_policies[] = {
    "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",       "SCHED_BATCH",
    "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE", NULL,
};
static const char *const scheduler_flags[] = {
    "SCHED_FLAG_RESET_ON_FORK",  "SCHED_FLAG_RECLAIM",
    "SCHED_FLAG_DL_OVERRUN",     "SCHED_FLAG_KEEP_POLICY",
    "SCHED_FLAG_KEEP_PARAMS",    "SCHED_FLAG_UTIL_CLAMP_MIN",
    "SCHED_FLAG_UTIL_CLAMP_MAX", NULL,
};
static const char *const seccomp_actions[] = {
    "SCMP_ACT_KILL",        "SCMP_ACT_KILL_PROCESS",
    "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
    "SCMP_ACT_ERRNO",       "SCMP_ACT_TRACE",
    "SCMP_ACT_ALLOW",       "SCMP_ACT_LOG",
    "SCMP_ACT_NOTIFY",      NULL,
};
static const char *const seccomp_ops[] = {
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",        "SCMP_CMP_EQ",
    "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ", NULL,
};
static const char *const seccomp_archs[] = {
    "SCMP_ARCH_X86",      "SCMP_ARCH_X86_64",      "SCMP_ARCH_X32",
    "SCMP_ARCH_ARM",      "SCMP_ARCH_AARCH64",     "SCMP_ARCH_MIPS",
    "SCMP_ARCH_MIPS64",   "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL",
    "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",    "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_S390",
    "SCMP_ARCH_S390X",    "SCMP_ARCH_PARISC",      "SCMP_ARCH_PARISC64",
    "SCMP_ARCH_RISCV64",  "SCMP_ARCH_LOONGARCH64", NULL,
};
static const char *const seccomp_flags[] = {
    "SECCOMP_FILTER_FLAG_TSYNC",
    "SECCOMP_FILTER_FLAG_LOG",
    "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
    NULL,
};
static const char *const personality_domains[] = {"LINUX", "LINUX32", NULL};
static const char *const time_offset_clocks[] = {"boottime", "monotonic", NULL};

/* ---- object checks ---- */

static int check_id_mappings(struct codec_ctx *ctx, const char *field,
                             const struct oci_id_mapping *m, size_t n)
{
    char sub[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(sub, sizeof(sub), "%s[%zu].size", field, i);
        if (m[i].size.value == 0)
            return codec_error(ctx, sub, "must be at least 1");
        if ((uint64_t)m[i].container_id.value + m[i].size.value > 1ull << 32 ||
            (uint64_t)m[i].host_id.value + m[i].size.value > 1ull << 32)
            return codec_error(ctx, sub, "the range goes past the largest id 4294967295");
        for (size_t j = 0; j < i; j++) {
            const char *side = NULL;
            uint64_t a = m[i].container_id.value, b = m[j].container_id.value;
            if (a < b + m[j].size.value && b < a + m[i].size.value)
                side = "containerID";
            a = m[i].host_id.value, b = m[j].host_id.value;
            if (!side && a < b + m[j].size.value && b < a + m[i].size.value)
                side = "hostID";
            if (side) {
                snprintf(sub, sizeof(sub), "%s[%zu]", field, i);
                return codec_error(ctx, sub, "%s range overlaps %s[%zu]", side, field, j);
            }
        }
    }
    return 0;
}

static int check_mount(struct codec_ctx *ctx, const void *object)
{
    const struct oci_mount *m = object;
    if (!m->uid_mappings != !m->gid_mappings)
        return codec_error(ctx, m->uid_mappings ? "gidMappings" : "uidMappings",
                           "required together with %s",
                           m->uid_mappings ? "uidMappings" : "gidMappings");
    int r = check_id_mappings(ctx, "uidMappings", m->uid_mappings, m->n_uid_mappings);
    return r < 0 ? r : check_id_mappings(ctx, "gidMappings", m->gid_mappings, m->n_gid_mappings);
}

static int check_process(struct codec_ctx *ctx, const void *object)
{
    const struct oci_process *p = object;
    if (!p->args && !p->command_line)
        return codec_error(ctx, "args", "required field is missing");
    if (p->args && !p->args[0])
        return codec_error(ctx, "args", "must contain at least one entry");
    char sub[64];
    for (size_t i = 0; i < p->n_rlimits; i++) {
        const struct oci_rlimit *rl = &p->rlimits[i];
        if (rl->soft.value > rl->hard.value) {
            snprintf(sub, sizeof(sub), "rlimits[%zu].soft", i);
            return codec_error(ctx, sub, "soft limit %llu is above the hard limit %llu",
                               (unsigned long long)rl->soft.value,
                               (unsigned long long)rl->hard.value);
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(rl->type, p->rlimits[j].type) == 0) {
                snprintf(sub, sizeof(sub), "rlimits[%zu].type", i);
                return codec_error(ctx, sub, "%s is already set by rlimits[%zu]", rl->type, j);
            }
    }
    return 0;
}

static int check_device(struct codec_ctx *ctx, const void *object)
{
    const struct oci_device *d = object;
    bool fifo = strcmp(d->type, "p") == 0;
    if (!fifo && !d->major.set)
        return codec_error(ctx, "major", "required for a device of type \"%s\"", d->type);
    if (!fifo && !d->minor.set)
        return codec_error(ctx, "minor", "required for a device of type \"%s\"", d->type);
    if (fifo && (d->major.set || d->minor.set))
        return codec_error(ctx, d->major.set ? "major" : "minor",
                           "must not be set for a fifo (type \"p\")");
    return 0;
}

static int check_device_cgroup(struct codec_ctx *ctx, const void *object)
{
    const struct oci_device_cgroup *d = object;
    if (!d->access)
        return 0;
    for (const char *c = d->access; *c; c++)
        if ((*c != 'r' && *c != 'w' && *c != 'm') || strchr(c + 1, *c))
            return codec_error(ctx, "access", "\"%s\" is not a combination of r, w and m",
                               d->access);
    return 0;
}

static int check_memory(struct codec_ctx *ctx, const void *object)
{
    const struct oci_memory *m = object;
    if (m->limit.set && m->swap.set && m->limit.value > 0 && m->swap.value > 0 &&
        m->swap.value < m->limit.value)
        return codec_error(ctx, "swap", "memory+swap limit %lld is below the memory limit %lld",
                           (long long)m->swap.value, (long long)m->limit.value);
    return 0;
}

static int check_resources(struct codec_ctx *ctx, const void *object)
{
    const struct oci_resources *r = object;
    for (size_t i = 0; i < r->unified.n_entries; i++) {
        const char *key = r->unified.entries[i].key;
        if (!*key || strchr(key, '/') || strcmp(key, ".") == 0 || strcmp(key, "..") == 0) {
            char sub[300];
            snprintf(sub, sizeof(sub), "unified[\"%.256s\"]", key);
            return codec_error(ctx, sub, "must be a cgroup file name, not a path");
        }
    }
    return 0;
}

static int check_seccomp(struct codec_ctx *ctx, const void *object)
{
    const struct oci_seccomp *s = object;
    bool notify = false;
    char sub[64];

    if (strcmp(s->default_action, "SCMP_ACT_NOTIFY") == 0)
        return codec_error(ctx, "defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
    if (s->default_errno_ret.set && strcmp(s->default_action, "SCMP_ACT_ERRNO") != 0 &&
        strcmp(s->default_action, "SCMP_ACT_TRACE") != 0)
        return codec_error(ctx, "defaultErrnoRet",
                           "only allowed with SCMP_ACT_ERRNO or "
                           "SCMP_ACT_TRACE, not %s",
                           s->default_action);
    for (size_t i = 0; i < s->n_syscalls; i++) {
        const struct oci_syscall *sc = &s->syscalls[i];
        if (!sc->names[0]) {
            snprintf(sub, sizeof(sub), "syscalls[%zu].names", i);
            return codec_error(ctx, sub, "must contain at least one name");
        }
        if (sc->errno_ret.set && strcmp(sc->action, "SCMP_ACT_ERRNO") != 0 &&
            strcmp(sc->action, "SCMP_ACT_TRACE") != 0) {
            snprintf(sub, sizeof(sub), "syscalls[%zu].errnoRet", i);
            return codec_error(ctx, sub,
                               "only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, "
                               "not %s",
                               sc->action);
        }
        notify |= strcmp(sc->action, "SCMP_ACT_NOTIFY") == 0;
    }
    if (notify && !s->listener_path)
        return codec_error(ctx, "listenerPath", "required when a rule uses SCMP_ACT_NOTIFY");
    return 0;
}

static const struct oci_namespace *find_namespace(const struct oci_linux *l, const char *type)
{
    for (size_t i = 0; i < l->n_namespaces; i++)
        if (strcmp(l->namespaces[i].type, type) == 0)
            return &l->namespaces[i];
    return NULL;
}

/* Which namespace a sysctl belongs to; NULL when it is not namespaced (it would change the
 * host), as the kernel defines them. */
static const char *sysctl_namespace(const char *key)
{
    static const struct {
        const char *prefix;
        bool exact;
        const char *ns;
    } table[] = {
        {"net.", false, "network"},
        {"kernel.hostname", true, "uts"},
        {"kernel.domainname", true, "uts"},
        {"kernel.msgmax", true, "ipc"},
        {"kernel.msgmnb", true, "ipc"},
        {"kernel.msgmni", true, "ipc"},
        {"kernel.sem", true, "ipc"},
        {"kernel.shmall", true, "ipc"},
        {"kernel.shmmax", true, "ipc"},
        {"kernel.shmmni", true, "ipc"},
        {"kernel.shm_rmid_forced", true, "ipc"},
        {"fs.mqueue.", false, "ipc"},
    };
    char dotted[256];
    snprintf(dotted, sizeof(dotted), "%s", key);
    for (char *c = dotted; *c; c++)
        if (*c == '/')
            *c = '.';
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        size_t n = strlen(table[i].prefix);
        if (table[i].exact ? strcmp(dotted, table[i].prefix) == 0
                           : strncmp(dotted, table[i].prefix, n) == 0)
            return table[i].ns;
    }
    return NULL;
}

static int check_linux(struct codec_ctx *ctx, const void *object)
{
    const struct oci_linux *l = object;
    char sub[320];
    int r;

    for (size_t i = 0; i < l->n_namespaces; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(l->namespaces[i].type, l->namespaces[j].type) == 0) {
                snprintf(sub, sizeof(sub), "namespaces[%zu].type", i);
                return codec_error(ctx, sub,
                                   "namespace \"%s\" is already listed at "
                                   "namespaces[%zu]",
                                   l->namespaces[i].type, j);
            }

    const struct oci_namespace *userns = find_namespace(l, "user");
    if ((l->uid_mappings || l->gid_mappings) && !userns)
        return codec_error(ctx, l->uid_mappings ? "uidMappings" : "gidMappings",
                           "mappings need a user namespace in linux.namespaces");
    if (userns && !userns->path && (!l->n_uid_mappings || !l->n_gid_mappings))
        return codec_error(ctx, !l->n_uid_mappings ? "uidMappings" : "gidMappings",
                           "a new user namespace needs at least one mapping");
    if ((r = check_id_mappings(ctx, "uidMappings", l->uid_mappings, l->n_uid_mappings)) < 0 ||
        (r = check_id_mappings(ctx, "gidMappings", l->gid_mappings, l->n_gid_mappings)) < 0)
        return r;

    for (size_t i = 0; i < l->n_time_offsets; i++) {
        const struct oci_time_offset *t = &l->time_offsets[i];
        snprintf(sub, sizeof(sub), "timeOffsets[\"%s\"]", t->key);
        if (!find_namespace(l, "time"))
            return codec_error(ctx, sub,
                               "time offsets need a time namespace in "
                               "linux.namespaces");
        bool known = false;
        for (const char *const *c = time_offset_clocks; *c; c++)
            known |= strcmp(*c, t->key) == 0;
        if (!known)
            return codec_error(ctx, sub, "unknown clock (expected boottime or monotonic)");
        if (t->nanosecs.set && t->nanosecs.value >= 1000000000u) {
            snprintf(sub, sizeof(sub), "timeOffsets[\"%s\"].nanosecs", t->key);
            return codec_error(ctx, sub, "must be below 1000000000");
        }
    }

    for (size_t i = 0; i < l->sysctl.n_entries; i++) {
        const char *key = l->sysctl.entries[i].key;
        snprintf(sub, sizeof(sub), "sysctl[\"%.256s\"]", key);
        if (!*key || key[0] == '/' || has_dotdot_component(key))
            return codec_error(ctx, sub, "is not a sysctl name");
        const char *ns = sysctl_namespace(key);
        if (!ns)
            return codec_error(ctx, sub, "is not namespaced: setting it would change the host");
        if (!find_namespace(l, ns))
            return codec_error(ctx, sub, "needs a %s namespace in linux.namespaces", ns);
    }
    return 0;
}

static int check_config(struct codec_ctx *ctx, const void *object)
{
    const struct oci_config *c = object;
    bool uts = c->linux_ && find_namespace(c->linux_, "uts");
    /* An empty name changes nothing, and runc accepts it without a uts namespace. */
    if (c->hostname && *c->hostname && !uts)
        return codec_error(ctx, "hostname",
                           "setting the hostname needs a uts namespace in "
                           "linux.namespaces");
    if (c->domainname && *c->domainname && !uts)
        return codec_error(ctx, "domainname",
                           "setting the domainname needs a uts namespace in "
                           "linux.namespaces");
    return 0;
}

/* ---- tables ---- */

#define F CODEC_FIELD
#define A CODEC_ARRAY

static const struct codec_field id_mapping_fields[] = {
    F("containerID", CODEC_U32, struct oci_id_mapping, container_id, .required = true),
    F("hostID", CODEC_U32, struct oci_id_mapping, host_id, .required = true),
    F("size", CODEC_U32, struct oci_id_mapping, size, .required = true),
};
static const struct codec_type id_mapping_type =
    CODEC_TYPE(struct oci_id_mapping, id_mapping_fields);

static const struct codec_field root_fields[] = {
    F("path", CODEC_STRING, struct oci_root, path, .required = true, .check = check_non_empty),
    F("readonly", CODEC_BOOL, struct oci_root, readonly),
};
static const struct codec_type root_type = CODEC_TYPE(struct oci_root, root_fields);

static const struct codec_field mount_fields[] = {
    F("destination", CODEC_STRING, struct oci_mount, destination, .required = true,
      .check = check_non_empty),
    F("type", CODEC_STRING, struct oci_mount, type),
    F("source", CODEC_STRING, struct oci_mount, source),
    F("options", CODEC_STRV, struct oci_mount, options),
    A("uidMappings", CODEC_OBJECT_ARRAY, struct oci_mount, uid_mappings, n_uid_mappings,
      &id_mapping_type),
    A("gidMappings", CODEC_OBJECT_ARRAY, struct oci_mount, gid_mappings, n_gid_mappings,
      &id_mapping_type),
};
static const struct codec_type mount_type =
    CODEC_TYPE(struct oci_mount, mount_fields, .check = check_mount);

static const struct codec_field console_size_fields[] = {
    F("height", CODEC_U64, struct oci_console_size, height, .required = true),
    F("width", CODEC_U64, struct oci_console_size, width, .required = true),
};
static const struct codec_type console_size_type =
    CODEC_TYPE(struct oci_console_size, console_size_fields);

static const struct codec_field user_fields[] = {
    F("uid", CODEC_U32, struct oci_user, uid, .required = true),
    F("gid", CODEC_U32, struct oci_user, gid, .required = true),
    F("umask", CODEC_U32, struct oci_user, umask, CODEC_RANGE(0, 0777)),
    A("additionalGids", CODEC_U32_ARRAY, struct oci_user, additional_gids, n_additional_gids, NULL),
    F("username", CODEC_STRING, struct oci_user, username),
};
static const struct codec_type user_type = CODEC_TYPE(struct oci_user, user_fields);

static const struct codec_field capabilities_fields[] = {
    F("bounding", CODEC_STRV, struct oci_capabilities, bounding, .check = check_capability),
    F("effective", CODEC_STRV, struct oci_capabilities, effective, .check = check_capability),
    F("inheritable", CODEC_STRV, struct oci_capabilities, inheritable, .check = check_capability),
    F("permitted", CODEC_STRV, struct oci_capabilities, permitted, .check = check_capability),
    F("ambient", CODEC_STRV, struct oci_capabilities, ambient, .check = check_capability),
};
static const struct codec_type capabilities_type =
    CODEC_TYPE(struct oci_capabilities, capabilities_fields);

static const struct codec_field rlimit_fields[] = {
    F("type", CODEC_STRING, struct oci_rlimit, type, .required = true, .check = check_rlimit_type),
    F("hard", CODEC_U64, struct oci_rlimit, hard, .required = true),
    F("soft", CODEC_U64, struct oci_rlimit, soft, .required = true),
};
static const struct codec_type rlimit_type = CODEC_TYPE(struct oci_rlimit, rlimit_fields);

static const struct codec_field io_priority_fields[] = {
    F("class", CODEC_STRING, struct oci_io_priority, class_, .required = true,
      .one_of = io_priority_classes),
    F("priority", CODEC_I32, struct oci_io_priority, priority, .required = true, CODEC_RANGE(0, 7)),
};
static const struct codec_type io_priority_type =
    CODEC_TYPE(struct oci_io_priority, io_priority_fields);

static const struct codec_field scheduler_fields[] = {
    F("policy", CODEC_STRING, struct oci_scheduler, policy, .required = true,
      .one_of = scheduler_policies),
    F("nice", CODEC_I32, struct oci_scheduler, nice, CODEC_RANGE(-20, 19)),
    F("priority", CODEC_I32, struct oci_scheduler, priority),
    F("flags", CODEC_STRV, struct oci_scheduler, flags, .one_of = scheduler_flags),
    F("runtime", CODEC_U64, struct oci_scheduler, runtime),
    F("deadline", CODEC_U64, struct oci_scheduler, deadline),
    F("period", CODEC_U64, struct oci_scheduler, period),
};
static const struct codec_type scheduler_type = CODEC_TYPE(struct oci_scheduler, scheduler_fields);

static const struct codec_field process_fields[] = {
    F("terminal", CODEC_BOOL, struct oci_process, terminal),
    F("consoleSize", CODEC_OBJECT, struct oci_process, console_size, .type = &console_size_type),
    F("user", CODEC_OBJECT, struct oci_process, user, .type = &user_type),
    F("args", CODEC_STRV, struct oci_process, args),
    F("commandLine", CODEC_STRING, struct oci_process, command_line),
    F("env", CODEC_STRV, struct oci_process, env, .check = check_env),
    F("cwd", CODEC_STRING, struct oci_process, cwd, .required = true, .check = check_absolute_path),
    F("capabilities", CODEC_OBJECT, struct oci_process, capabilities, .type = &capabilities_type),
    A("rlimits", CODEC_OBJECT_ARRAY, struct oci_process, rlimits, n_rlimits, &rlimit_type),
    F("noNewPrivileges", CODEC_BOOL, struct oci_process, no_new_privileges),
    F("apparmorProfile", CODEC_STRING, struct oci_process, apparmor_profile),
    F("selinuxLabel", CODEC_STRING, struct oci_process, selinux_label),
    F("oomScoreAdj", CODEC_I32, struct oci_process, oom_score_adj, CODEC_RANGE(-1000, 1000)),
    F("ioPriority", CODEC_OBJECT, struct oci_process, io_priority, .type = &io_priority_type),
    F("scheduler", CODEC_OBJECT, struct oci_process, scheduler, .type = &scheduler_type),
};
const struct codec_type oci_process_type =
    CODEC_TYPE(struct oci_process, process_fields, .check = check_process);

static const struct codec_field hook_fields[] = {
    F("path", CODEC_STRING, struct oci_hook, path, .required = true, .check = check_absolute_path),
    F("args", CODEC_STRV, struct oci_hook, args),
    F("env", CODEC_STRV, struct oci_hook, env, .check = check_env),
    F("timeout", CODEC_I32, struct oci_hook, timeout, CODEC_RANGE(1, INT32_MAX)),
};
static const struct codec_type hook_type = CODEC_TYPE(struct oci_hook, hook_fields);

#define HOOK_LIST(json, which)                                                                     \
    A(json, CODEC_OBJECT_ARRAY, struct oci_hooks, kind[which].hooks, kind[which].n_hooks,          \
      &hook_type)
static const struct codec_field hooks_fields[] = {
    HOOK_LIST("prestart", OCI_HOOK_PRESTART),
    HOOK_LIST("createRuntime", OCI_HOOK_CREATE_RUNTIME),
    HOOK_LIST("createContainer", OCI_HOOK_CREATE_CONTAINER),
    HOOK_LIST("startContainer", OCI_HOOK_START_CONTAINER),
    HOOK_LIST("poststart", OCI_HOOK_POSTSTART),
    HOOK_LIST("poststop", OCI_HOOK_POSTSTOP),
};
static const struct codec_type hooks_type = CODEC_TYPE(struct oci_hooks, hooks_fields);

static const struct codec_field namespace_fields[] = {
    F("type", CODEC_STRING, struct oci_namespace, type, .required = true,
      .one_of = oci_namespace_types),
    F("path", CODEC_STRING, struct oci_namespace, path, .check = check_absolute_path),
};
static const struct codec_type namespace_type = CODEC_TYPE(struct oci_namespace, namespace_fields);

static const struct codec_field time_offset_fields[] = {
    F("secs", CODEC_I64, struct oci_time_offset, secs),
    F("nanosecs", CODEC_U32, struct oci_time_offset, nanosecs),
};
static const struct codec_type time_offset_type =
    CODEC_TYPE(struct oci_time_offset, time_offset_fields);

static const struct codec_field device_fields[] = {
    F("type", CODEC_STRING, struct oci_device, type, .required = true, .one_of = device_types),
    F("path", CODEC_STRING, struct oci_device, path, .required = true,
      .check = check_absolute_path),
    F("major", CODEC_I64, struct oci_device, major, CODEC_RANGE(0, UINT32_MAX)),
    F("minor", CODEC_I64, struct oci_device, minor, CODEC_RANGE(0, UINT32_MAX)),
    F("fileMode", CODEC_U32, struct oci_device, file_mode, CODEC_RANGE(0, 0777)),
    F("uid", CODEC_U32, struct oci_device, uid),
    F("gid", CODEC_U32, struct oci_device, gid),
};
static const struct codec_type device_type =
    CODEC_TYPE(struct oci_device, device_fields, .check = check_device);

static const struct codec_field device_cgroup_fields[] = {
    F("allow", CODEC_BOOL, struct oci_device_cgroup, allow, .required = true),
    F("type", CODEC_STRING, struct oci_device_cgroup, type, .one_of = device_cgroup_types),
    /* -1 is the wildcard, as runc writes it. */
    F("major", CODEC_I64, struct oci_device_cgroup, major, CODEC_RANGE(-1, UINT32_MAX)),
    F("minor", CODEC_I64, struct oci_device_cgroup, minor, CODEC_RANGE(-1, UINT32_MAX)),
    F("access", CODEC_STRING, struct oci_device_cgroup, access),
};
static const struct codec_type device_cgroup_type =
    CODEC_TYPE(struct oci_device_cgroup, device_cgroup_fields, .check = check_device_cgroup);

static const struct codec_field memory_fields[] = {
    F("limit", CODEC_I64, struct oci_memory, limit, .check = check_mem_limit),
    F("reservation", CODEC_I64, struct oci_memory, reservation, .check = check_mem_limit),
    F("swap", CODEC_I64, struct oci_memory, swap, .check = check_mem_limit),
    F("kernel", CODEC_I64, struct oci_memory, kernel, .check = check_mem_limit),
    F("kernelTCP", CODEC_I64, struct oci_memory, kernel_tcp, .check = check_mem_limit),
    F("swappiness", CODEC_U64, struct oci_memory, swappiness, CODEC_RANGE(0, 100)),
    F("disableOOMKiller", CODEC_BOOL, struct oci_memory, disable_oom_killer),
    F("useHierarchy", CODEC_BOOL, struct oci_memory, use_hierarchy),
    F("checkBeforeUpdate", CODEC_BOOL, struct oci_memory, check_before_update),
};
static const struct codec_type memory_type =
    CODEC_TYPE(struct oci_memory, memory_fields, .check = check_memory);

static const struct codec_field cpu_fields[] = {
    F("shares", CODEC_U64, struct oci_cpu, shares),
    F("quota", CODEC_I64, struct oci_cpu, quota, CODEC_RANGE(-1, INT64_MAX)),
    F("burst", CODEC_U64, struct oci_cpu, burst),
    F("period", CODEC_U64, struct oci_cpu, period),
    F("realtimeRuntime", CODEC_I64, struct oci_cpu, realtime_runtime),
    F("realtimePeriod", CODEC_U64, struct oci_cpu, realtime_period),
    F("cpus", CODEC_STRING, struct oci_cpu, cpus, .check = check_cpu_list),
    F("mems", CODEC_STRING, struct oci_cpu, mems, .check = check_cpu_list),
    F("idle", CODEC_I64, struct oci_cpu, idle, CODEC_RANGE(0, 1)),
};
static const struct codec_type cpu_type = CODEC_TYPE(struct oci_cpu, cpu_fields);

static const struct codec_field pids_fields[] = {
    F("limit", CODEC_I64, struct oci_pids, limit, .required = true, CODEC_RANGE(-1, INT64_MAX)),
};
static const struct codec_type pids_type = CODEC_TYPE(struct oci_pids, pids_fields);

static const struct codec_field weight_device_fields[] = {
    F("major", CODEC_I64, struct oci_weight_device, major, .required = true),
    F("minor", CODEC_I64, struct oci_weight_device, minor, .required = true),
    F("weight", CODEC_U32, struct oci_weight_device, weight, CODEC_RANGE(10, 1000)),
    F("leafWeight", CODEC_U32, struct oci_weight_device, leaf_weight, CODEC_RANGE(10, 1000)),
};
static const struct codec_type weight_device_type =
    CODEC_TYPE(struct oci_weight_device, weight_device_fields);

static const struct codec_field throttle_device_fields[] = {
    F("major", CODEC_I64, struct oci_throttle_device, major, .required = true),
    F("minor", CODEC_I64, struct oci_throttle_device, minor, .required = true),
    F("rate", CODEC_U64, struct oci_throttle_device, rate),
};
static const struct codec_type throttle_device_type =
    CODEC_TYPE(struct oci_throttle_device, throttle_device_fields);

#define THROTTLE(json, member)                                                                     \
    A(json, CODEC_OBJECT_ARRAY, struct oci_block_io, member, n_##member, &throttle_device_type)
static const struct codec_field block_io_fields[] = {
    F("weight", CODEC_U32, struct oci_block_io, weight, CODEC_RANGE(10, 1000)),
    F("leafWeight", CODEC_U32, struct oci_block_io, leaf_weight, CODEC_RANGE(10, 1000)),
    A("weightDevice", CODEC_OBJECT_ARRAY, struct oci_block_io, weight_device, n_weight_device,
      &weight_device_type),
    THROTTLE("throttleReadBpsDevice", throttle_read_bps_device),
    THROTTLE("throttleWriteBpsDevice", throttle_write_bps_device),
    THROTTLE("throttleReadIOPSDevice", throttle_read_iops_device),
    THROTTLE("throttleWriteIOPSDevice", throttle_write_iops_device),
};
static const struct codec_type block_io_type = CODEC_TYPE(struct oci_block_io, block_io_fields);

static const struct codec_field hugepage_limit_fields[] = {
    F("pageSize", CODEC_STRING, struct oci_hugepage_limit, page_size, .required = true,
      .check = check_page_size),
    F("limit", CODEC_U64, struct oci_hugepage_limit, limit, .required = true),
};
static const struct codec_type hugepage_limit_type =
    CODEC_TYPE(struct oci_hugepage_limit, hugepage_limit_fields);

static const struct codec_field net_priority_fields[] = {
    F("name", CODEC_STRING, struct oci_net_priority, name, .required = true),
    F("priority", CODEC_U32, struct oci_net_priority, priority, .required = true),
};
static const struct codec_type net_priority_type =
    CODEC_TYPE(struct oci_net_priority, net_priority_fields);

static const struct codec_field network_fields[] = {
    F("classID", CODEC_U32, struct oci_network, class_id),
    A("priorities", CODEC_OBJECT_ARRAY, struct oci_network, priorities, n_priorities,
      &net_priority_type),
};
static const struct codec_type network_type = CODEC_TYPE(struct oci_network, network_fields);

static const struct codec_field rdma_fields[] = {
    F("hcaHandles", CODEC_U32, struct oci_rdma, hca_handles),
    F("hcaObjects", CODEC_U32, struct oci_rdma, hca_objects),
};
static const struct codec_type rdma_type = CODEC_TYPE(struct oci_rdma, rdma_fields);

static const struct codec_field resources_fields[] = {
    A("devices", CODEC_OBJECT_ARRAY, struct oci_resources, devices, n_devices, &device_cgroup_type),
    F("memory", CODEC_OBJECT, struct oci_resources, memory, .type = &memory_type),
    F("cpu", CODEC_OBJECT, struct oci_resources, cpu, .type = &cpu_type),
    F("pids", CODEC_OBJECT, struct oci_resources, pids, .type = &pids_type),
    F("blockIO", CODEC_OBJECT, struct oci_resources, block_io, .type = &block_io_type),
    A("hugepageLimits", CODEC_OBJECT_ARRAY, struct oci_resources, hugepage_limits,
      n_hugepage_limits, &hugepage_limit_type),
    F("network", CODEC_OBJECT, struct oci_resources, network, .type = &network_type),
    A("rdma", CODEC_OBJECT_MAP, struct oci_resources, rdma, n_rdma, &rdma_type),
    F("unified", CODEC_STRING_MAP, struct oci_resources, unified),
};
const struct codec_type oci_resources_type =
    CODEC_TYPE(struct oci_resources, resources_fields, .check = check_resources);

static const struct codec_field syscall_arg_fields[] = {
    F("index", CODEC_U32, struct oci_syscall_arg, index, .required = true, CODEC_RANGE(0, 5)),
    F("value", CODEC_U64, struct oci_syscall_arg, value, .required = true),
    F("valueTwo", CODEC_U64, struct oci_syscall_arg, value_two),
    F("op", CODEC_STRING, struct oci_syscall_arg, op, .required = true, .one_of = seccomp_ops),
};
static const struct codec_type syscall_arg_type =
    CODEC_TYPE(struct oci_syscall_arg, syscall_arg_fields);

static const struct codec_field syscall_fields[] = {
    F("names", CODEC_STRV, struct oci_syscall, names, .required = true, .check = check_non_empty),
    F("action", CODEC_STRING, struct oci_syscall, action, .required = true,
      .one_of = seccomp_actions),
    F("errnoRet", CODEC_U32, struct oci_syscall, errno_ret),
    A("args", CODEC_OBJECT_ARRAY, struct oci_syscall, args, n_args, &syscall_arg_type),
};
static const struct codec_type syscall_type = CODEC_TYPE(struct oci_syscall, syscall_fields);

static const struct codec_field seccomp_fields[] = {
    F("defaultAction", CODEC_STRING, struct oci_seccomp, default_action, .required = true,
      .one_of = seccomp_actions),
    F("defaultErrnoRet", CODEC_U32, struct oci_seccomp, default_errno_ret),
    F("architectures", CODEC_STRV, struct oci_seccomp, architectures, .one_of = seccomp_archs),
    F("flags", CODEC_STRV, struct oci_seccomp, flags, .one_of = seccomp_flags),
    F("listenerPath", CODEC_STRING, struct oci_seccomp, listener_path,
      .check = check_absolute_path),
    F("listenerMetadata", CODEC_STRING, struct oci_seccomp, listener_metadata),
    A("syscalls", CODEC_OBJECT_ARRAY, struct oci_seccomp, syscalls, n_syscalls, &syscall_type),
};
static const struct codec_type seccomp_type =
    CODEC_TYPE(struct oci_seccomp, seccomp_fields, .check = check_seccomp);

static const struct codec_field intel_rdt_fields[] = {
    F("closID", CODEC_STRING, struct oci_intel_rdt, clos_id),
    F("l3CacheSchema", CODEC_STRING, struct oci_intel_rdt, l3_cache_schema),
    F("memBwSchema", CODEC_STRING, struct oci_intel_rdt, mem_bw_schema,
      .check = check_mem_bw_schema),
    F("enableCMT", CODEC_BOOL, struct oci_intel_rdt, enable_cmt),
    F("enableMBM", CODEC_BOOL, struct oci_intel_rdt, enable_mbm),
};
static const struct codec_type intel_rdt_type = CODEC_TYPE(struct oci_intel_rdt, intel_rdt_fields);

static const struct codec_field personality_fields[] = {
    F("domain", CODEC_STRING, struct oci_personality, domain, .required = true,
      .one_of = personality_domains),
    F("flags", CODEC_STRV, struct oci_personality, flags),
};
static const struct codec_type personality_type =
    CODEC_TYPE(struct oci_personality, personality_fields);

static const struct codec_field linux_fields[] = {
    A("namespaces", CODEC_OBJECT_ARRAY, struct oci_linux, namespaces, n_namespaces,
      &namespace_type),
    A("uidMappings", CODEC_OBJECT_ARRAY, struct oci_linux, uid_mappings, n_uid_mappings,
      &id_mapping_type),
    A("gidMappings", CODEC_OBJECT_ARRAY, struct oci_linux, gid_mappings, n_gid_mappings,
      &id_mapping_type),
    A("timeOffsets", CODEC_OBJECT_MAP, struct oci_linux, time_offsets, n_time_offsets,
      &time_offset_type),
    A("devices", CODEC_OBJECT_ARRAY, struct oci_linux, devices, n_devices, &device_type),
    F("cgroupsPath", CODEC_STRING, struct oci_linux, cgroups_path, .check = check_cgroups_path),
    F("resources", CODEC_OBJECT, struct oci_linux, resources, .type = &oci_resources_type),
    F("sysctl", CODEC_STRING_MAP, struct oci_linux, sysctl),
    F("seccomp", CODEC_OBJECT, struct oci_linux, seccomp, .type = &seccomp_type),
    F("rootfsPropagation", CODEC_STRING, struct oci_linux, rootfs_propagation,
      .one_of = rootfs_propagations),
    F("maskedPaths", CODEC_STRV, struct oci_linux, masked_paths, .check = check_absolute_path),
    F("readonlyPaths", CODEC_STRV, struct oci_linux, readonly_paths, .check = check_absolute_path),
    F("mountLabel", CODEC_STRING, struct oci_linux, mount_label),
    F("intelRdt", CODEC_OBJECT, struct oci_linux, intel_rdt, .type = &intel_rdt_type),
    F("personality", CODEC_OBJECT, struct oci_linux, personality, .type = &personality_type),
};
static const struct codec_type linux_type =
    CODEC_TYPE(struct oci_linux, linux_fields, .check = check_linux);

static const struct codec_field config_fields[] = {
    F("ociVersion", CODEC_STRING, struct oci_config, oci_version, .required = true,
      .check = check_oci_version),
    F("root", CODEC_OBJECT, struct oci_config, root, .required = true, .type = &root_type),
    A("mounts", CODEC_OBJECT_ARRAY, struct oci_config, mounts, n_mounts, &mount_type),
    F("process", CODEC_OBJECT, struct oci_config, process, .type = &oci_process_type),
    F("hostname", CODEC_STRING, struct oci_config, hostname),
    F("domainname", CODEC_STRING, struct oci_config, domainname),
    F("hooks", CODEC_OBJECT, struct oci_config, hooks, .type = &hooks_type),
    F("annotations", CODEC_STRING_MAP, struct oci_config, annotations),
    F("linux", CODEC_OBJECT, struct oci_config, linux_, .type = &linux_type),
};
const struct codec_type oci_config_type =
    CODEC_TYPE(struct oci_config, config_fields, .check = check_config);
