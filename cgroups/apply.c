/* Applying OCI linux.resources: the dispatcher, and the small controllers (pids, hugetlb,
 * network, rdma, devices, unified). Memory, cpu and block I/O have files of their own. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../turf/base/cleanup.h"
#include "internal.h"

static int apply_pids(const struct cg_manager *mgr, const struct oci_pids *p,
                      struct turf_error **err)
{
    if (!p || !p->limit.set)
        return 0;
    const char *field = "linux.resources.pids.limit";
    const struct cg_node *node = cg_node_for(mgr, "pids");
    if (!node)
        return cg_error_no_controller(field, "pids", err);
    /* runc: zero or negative means unlimited. */
    if (p->limit.value <= 0)
        return cg_node_write(node, "pids.max", "max", field, err);
    return cg_node_writef(node, "pids.max", field, err, "%" PRId64, p->limit.value);
}

/* "2MB", "1GB", "64KB": the names the kernel gives hugetlb files. */
static bool valid_page_size(const char *s)
{
    size_t digits = strspn(s, "0123456789");
    return digits > 0 && digits < 8 && strchr("KMG", s[digits]) && s[digits] != '\0' &&
           s[digits + 1] == 'B' && s[digits + 2] == '\0';
}

static int apply_hugetlb(const struct cg_manager *mgr, const struct oci_resources *res,
                         struct turf_error **err)
{
    if (res->n_hugepage_limits == 0)
        return 0;
    const struct cg_node *node = cg_node_for(mgr, "hugetlb");
    if (!node)
        return cg_error_no_controller("linux.resources.hugepageLimits", "hugetlb", err);
    for (size_t i = 0; i < res->n_hugepage_limits; i++) {
        const struct oci_hugepage_limit *h = &res->hugepage_limits[i];
        char field[96];
        snprintf(field, sizeof(field), "linux.resources.hugepageLimits[%zu]", i);
        if (!h->page_size || !valid_page_size(h->page_size))
            return turf_error_set(err, -EINVAL,
                                  "%s.pageSize: \"%s\" is not a page size like \"2MB\" or \"1GB\"",
                                  field, h->page_size ? h->page_size : "");
        if (!h->limit.set)
            continue;
        char limit_file[64], rsvd_file[64];
        snprintf(limit_file, sizeof(limit_file),
                 node->version == 2 ? "hugetlb.%s.max" : "hugetlb.%s.limit_in_bytes", h->page_size);
        snprintf(rsvd_file, sizeof(rsvd_file),
                 node->version == 2 ? "hugetlb.%s.rsvd.max" : "hugetlb.%s.rsvd.limit_in_bytes",
                 h->page_size);
        if (!cg_file_exists(node->path, limit_file)) {
            if (!cg_file_exists(node->path, node->version == 2 ? "cgroup.controllers" : "tasks"))
                return turf_error_set(err, -ENOENT, "%s: cgroup %s does not exist", field,
                                      node->path);
            return turf_error_set(err, -EINVAL,
                                  "%s.pageSize: \"%s\" is not a huge page size this host offers "
                                  "(no %s in %s%s)",
                                  field, h->page_size, limit_file, node->path,
                                  node->version == 2 &&
                                          !cg_file_exists(node->path, "hugetlb.2MB.max") &&
                                          !cg_file_exists(node->path, "hugetlb.1GB.max")
                                      ? "; is the hugetlb controller enabled in the parent's "
                                        "cgroup.subtree_control?"
                                      : "");
        }
        int r = cg_node_writef(node, limit_file, field, err, "%" PRIu64, h->limit.value);
        /* Reservation limits (kernel 5.7+) follow the plain limit, as in runc. */
        if (r == 0 && cg_file_exists(node->path, rsvd_file))
            r = cg_node_writef(node, rsvd_file, field, err, "%" PRIu64, h->limit.value);
        if (r < 0)
            return r;
    }
    return 0;
}

static int apply_network(const struct cg_manager *mgr, const struct oci_network *net,
                         struct turf_error **err)
{
    if (!net)
        return 0;
    if (net->class_id.set) {
        const char *field = "linux.resources.network.classID";
        const struct cg_node *node = cg_node_for(mgr, "net_cls");
        if (!node || node->version != 1)
            return cg_error_no_controller(field, "net_cls", err);
        int r =
            cg_node_writef(node, "net_cls.classid", field, err, "%" PRIu32, net->class_id.value);
        if (r < 0)
            return r;
    }
    if (net->n_priorities > 0) {
        const struct cg_node *node = cg_node_for(mgr, "net_prio");
        if (!node || node->version != 1)
            return cg_error_no_controller("linux.resources.network.priorities", "net_prio", err);
        for (size_t i = 0; i < net->n_priorities; i++) {
            const struct oci_net_priority *p = &net->priorities[i];
            char field[96];
            snprintf(field, sizeof(field), "linux.resources.network.priorities[%zu]", i);
            if (!p->name || !*p->name || strpbrk(p->name, " \n/"))
                return turf_error_set(err, -EINVAL, "%s.name: \"%s\" is not an interface name",
                                      field, p->name ? p->name : "");
            int r = cg_node_writef(node, "net_prio.ifpriomap", field, err, "%s %" PRIu32, p->name,
                                   p->priority.value);
            if (r < 0)
                return r;
        }
    }
    return 0;
}

static int apply_rdma(const struct cg_manager *mgr, const struct oci_resources *res,
                      struct turf_error **err)
{
    if (res->n_rdma == 0)
        return 0;
    const struct cg_node *node = cg_node_for(mgr, "rdma");
    if (!node)
        return cg_error_no_controller("linux.resources.rdma", "rdma", err);
    for (size_t i = 0; i < res->n_rdma; i++) {
        const struct oci_rdma *d = &res->rdma[i];
        char field[96], value[160] = "";
        snprintf(field, sizeof(field), "linux.resources.rdma.%s", d->key ? d->key : "");
        if (!d->key || !*d->key || strpbrk(d->key, " \n/"))
            return turf_error_set(err, -EINVAL, "%s: not a device name", field);
        size_t n = (size_t)snprintf(value, sizeof(value), "%s", d->key);
        if (d->hca_handles.set)
            n += (size_t)snprintf(value + n, sizeof(value) - n, " hca_handle=%" PRIu32,
                                  d->hca_handles.value);
        if (d->hca_objects.set)
            snprintf(value + n, sizeof(value) - n, " hca_object=%" PRIu32, d->hca_objects.value);
        if (!d->hca_handles.set && !d->hca_objects.set)
            continue;
        int r = cg_node_write(node, "rdma.max", value, field, err);
        if (r < 0)
            return r;
    }
    return 0;
}

/* One v1 device rule: "<type> <major|*>:<minor|*> <access>". */
static int format_device_rule(const struct oci_device_cgroup *d, const char *field, char *out,
                              size_t size, struct turf_error **err)
{
    const char *type = d->type ? d->type : "a";
    if (strcmp(type, "a") != 0 && strcmp(type, "b") != 0 && strcmp(type, "c") != 0)
        return turf_error_set(err, -EINVAL, "%s.type: \"%s\" is not a, b or c", field, type);
    const char *access = d->access && *d->access ? d->access : "rwm";
    if (access[strspn(access, "rwm")] != '\0')
        return turf_error_set(err, -EINVAL, "%s.access: \"%s\" is not a subset of \"rwm\"", field,
                              access);
    char major[24] = "*", minor[24] = "*";
    if (d->major.set && d->major.value >= 0)
        snprintf(major, sizeof(major), "%" PRId64, d->major.value);
    if (d->minor.set && d->minor.value >= 0)
        snprintf(minor, sizeof(minor), "%" PRId64, d->minor.value);
    if (strcmp(type, "a") == 0)
        snprintf(out, size, "a");
    else
        snprintf(out, size, "%s %s:%s %s", type, major, minor, access);
    return 0;
}

static int apply_devices(const struct cg_manager *mgr, const struct oci_resources *res,
                         struct turf_error **err)
{
    if (res->n_devices == 0)
        return 0;
    const struct cg_node *node = cg_node_for(mgr, "devices");
    if (!node || node->version != 1)
        return turf_error_set(err, -EOPNOTSUPP,
                              "linux.resources.devices: device rules need the v1 devices "
                              "controller; on cgroup v2 they need an eBPF device program, which "
                              "is not supported on this host yet");
    /* Rules go in the order given; the kernel evaluates the resulting list. The usual config
     * starts with a deny-all, which v1 writes as "a" to devices.deny. */
    for (size_t i = 0; i < res->n_devices; i++) {
        const struct oci_device_cgroup *d = &res->devices[i];
        char field[64], rule[96];
        snprintf(field, sizeof(field), "linux.resources.devices[%zu]", i);
        int r = format_device_rule(d, field, rule, sizeof(rule), err);
        if (r < 0)
            return r;
        bool allow = d->allow.set && d->allow.value;
        r = cg_node_write(node, allow ? "devices.allow" : "devices.deny", rule, field, err);
        if (r < 0)
            return r;
    }
    return 0;
}

/* A unified key names one file of the v2 cgroup: "<controller>.<name>", no path. */
static bool valid_unified_key(const char *key)
{
    const char *dot = strchr(key, '.');
    return *key && dot && dot != key && dot[1] && !strchr(key, '/') &&
           key[strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")] ==
               '\0';
}

static int apply_unified(const struct cg_manager *mgr, const struct oci_map *unified,
                         struct turf_error **err)
{
    if (unified->n_entries == 0)
        return 0;
    const struct cg_node *node = cg_node_v2(mgr);
    if (!node)
        return turf_error_set(err, -EOPNOTSUPP,
                              "linux.resources.unified: this host has no cgroup v2 hierarchy");
    for (size_t i = 0; i < unified->n_entries; i++) {
        const char *key = unified->entries[i].key, *value = unified->entries[i].value;
        char field[160];
        snprintf(field, sizeof(field), "linux.resources.unified.%.100s", key);
        if (!valid_unified_key(key))
            return turf_error_set(err, -EINVAL,
                                  "%s: not a cgroup v2 file name (\"<controller>.<name>\")", field);
        char controller[64];
        snprintf(controller, sizeof(controller), "%.*s", (int)(strchr(key, '.') - key), key);
        if (strcmp(controller, "cgroup") != 0 && !cg_strv_contains(node->controllers, controller))
            return turf_error_set(err, -EOPNOTSUPP,
                                  "%s: the %s controller is not on this host's cgroup v2 "
                                  "hierarchy (%s)%s",
                                  field, controller, node->mount,
                                  mgr->mode == CG_MODE_HYBRID
                                      ? "; on this hybrid host it is managed through cgroup v1"
                                      : "");
        if (!cg_file_exists(node->path, key))
            return turf_error_set(err, -ENOENT, "%s: %s/%s does not exist", field, node->path, key);
        int r = cg_node_write(node, key, value ? value : "", field, err);
        if (r < 0)
            return r;
    }
    return 0;
}

int cg_manager_apply(struct cg_manager *mgr, const struct oci_resources *res,
                     struct turf_error **err)
{
    if (!res)
        return 0;
    int r = cg_apply_memory(mgr, res->memory, err);
    if (r == 0)
        r = cg_apply_cpu(mgr, res->cpu, err);
    if (r == 0)
        r = apply_pids(mgr, res->pids, err);
    if (r == 0)
        r = cg_apply_blkio(mgr, res->block_io, err);
    if (r == 0)
        r = apply_hugetlb(mgr, res, err);
    if (r == 0)
        r = apply_network(mgr, res->network, err);
    if (r == 0)
        r = apply_rdma(mgr, res, err);
    if (r == 0)
        r = apply_devices(mgr, res, err);
    /* unified last: its values override what the fields above wrote, as in runc. */
    if (r == 0)
        r = apply_unified(mgr, &res->unified, err);
    return r;
}
