/* Namespaces of a sandbox: which to create, joining existing ones by path, the user
 * namespace's id maps and the time namespace's clock offsets. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../oci/names.h"
#include "../base/cleanup.h"
#include "../base/fileio.h"
#include "sandbox.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

int turf_sandbox_namespace_flags(const struct oci_config *c, unsigned long *clone_flags,
                                 struct turf_error **err)
{
    *clone_flags = 0;
    for (size_t i = 0; c->linux_ && i < c->linux_->n_namespaces; i++) {
        const struct oci_namespace *ns = &c->linux_->namespaces[i];
        unsigned long flag = oci_namespace_clone_flag(ns->type);
        if (!flag)
            return turf_error_set(err, -EINVAL, "unknown namespace \"%s\"", ns->type);
        if (!ns->path && flag != CLONE_NEWTIME)
            *clone_flags |= flag;
    }
    return 0;
}

bool turf_sandbox_joins_namespaces(const struct oci_config *c)
{
    for (size_t i = 0; c->linux_ && i < c->linux_->n_namespaces; i++)
        if (c->linux_->namespaces[i].path)
            return true;
    return false;
}

bool turf_sandbox_new_time_namespace(const struct oci_config *c)
{
    const struct oci_namespace *ns = oci_config_find_namespace(c, "time");
    return ns && !ns->path;
}

int turf_sandbox_join_namespaces(const struct oci_config *c, struct turf_error **err)
{
    const struct oci_linux *l = c->linux_;
    size_t n = l ? l->n_namespaces : 0;
    int fds[16];
    size_t n_fds = 0;
    int r = 0;

    /* Open every path first: joining a mount namespace changes what later paths mean. The
     * user namespace goes first so that the others are joined with its rights. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n && n_fds < TURF_ARRAY_SIZE(fds); i++) {
            const struct oci_namespace *ns = &l->namespaces[i];
            if (!ns->path || (strcmp(ns->type, "user") == 0) != (pass == 0))
                continue;
            int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                r = turf_error_errno(err, -errno, "open %s namespace %s", ns->type, ns->path);
                goto out;
            }
            fds[n_fds++] = fd;
        }
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            const struct oci_namespace *ns = &l->namespaces[i];
            if (!ns->path || (strcmp(ns->type, "user") == 0) != (pass == 0))
                continue;
            if (setns(fds[k++], (int)oci_namespace_clone_flag(ns->type)) < 0) {
                r = turf_error_errno(err, -errno, "join %s namespace %s", ns->type, ns->path);
                goto out;
            }
        }
out:
    for (size_t i = 0; i < n_fds; i++)
        close(fds[i]);
    return r;
}

int turf_sandbox_unshare_time(const struct oci_config *c, struct turf_error **err)
{
    if (unshare(CLONE_NEWTIME) < 0)
        return turf_error_errno(err, -errno, "create time namespace");
    const struct oci_linux *l = c->linux_;
    char buf[256];
    size_t len = 0;
    for (size_t i = 0; l && i < l->n_time_offsets; i++) {
        const struct oci_time_offset *t = &l->time_offsets[i];
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s %lld %u\n", t->key,
                                (long long)t->secs.value, t->nanosecs.value);
    }
    if (len == 0)
        return 0;
    _cleanup_close_ int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
        return turf_error_errno(err, -errno, "write time namespace offsets");
    return 0;
}

static int write_map(pid_t pid, const char *file, const struct oci_id_mapping *m, size_t n,
                     struct turf_error **err)
{
    char buf[4096], path[64];
    size_t len = 0;
    for (size_t i = 0; i < n && len < sizeof(buf); i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%u %u %u\n", m[i].container_id.value,
                                m[i].host_id.value, m[i].size.value);
    if (len >= sizeof(buf))
        return turf_error_set(err, -E2BIG, "too many %s entries", file);
    snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
    _cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
        return turf_error_errno(err, -errno, "write %s", path);
    return 0;
}

int turf_sandbox_write_id_maps(pid_t pid, const struct oci_linux *l, struct turf_error **err)
{
    int r = write_map(pid, "uid_map", l->uid_mappings, l->n_uid_mappings, err);
    return r < 0 ? r : write_map(pid, "gid_map", l->gid_mappings, l->n_gid_mappings, err);
}
