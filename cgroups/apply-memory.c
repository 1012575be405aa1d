/* linux.resources.memory on v1 (memory.limit_in_bytes, memory.memsw.*, oom_control...) and on
 * v2 (memory.max, memory.low, memory.swap.max = swap - limit), with runc's ordering rules. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../turf/base/cleanup.h"
#include "../turf/base/log.h"
#include "internal.h"

#define F_LIMIT "linux.resources.memory.limit"
#define F_SWAP  "linux.resources.memory.swap"

/* -1 (or any negative) is unlimited. */
static void format_limit(int64_t v, bool v2, char *out, size_t size)
{
    if (v < 0)
        snprintf(out, size, v2 ? "max" : "-1");
    else
        snprintf(out, size, "%" PRId64, v);
}

/* checkBeforeUpdate: refuse a limit below what the cgroup already uses. */
static int check_before_update(const struct cg_node *node, const struct oci_memory *m,
                               const char *usage_file, struct turf_error **err)
{
    if (!m->check_before_update.set || !m->check_before_update.value || !m->limit.set ||
        m->limit.value < 0)
        return 0;
    uint64_t usage = 0;
    int r = cg_read_u64(node->path, usage_file, &usage, err);
    if (r < 0)
        return turf_error_wrap(err, "linux.resources.memory.checkBeforeUpdate");
    if ((uint64_t)m->limit.value < usage)
        return turf_error_set(err, -EBUSY,
                              F_LIMIT ": %" PRId64 " is below the current usage %" PRIu64
                                      " (%s/%s) and checkBeforeUpdate is set",
                              m->limit.value, usage, node->path, usage_file);
    return 0;
}

static int apply_v1(const struct cg_node *node, const struct oci_memory *m, struct turf_error **err)
{
    int r = check_before_update(node, m, "memory.usage_in_bytes", err);
    if (r < 0)
        return r;
    char limit[32], swap[32];
    format_limit(m->limit.value, false, limit, sizeof(limit));
    format_limit(m->swap.value, false, swap, sizeof(swap));
    if (m->swap.set) {
        if (m->limit.set && m->limit.value >= 0 && m->swap.value >= 0 &&
            m->swap.value < m->limit.value)
            return turf_error_set(err, -EINVAL,
                                  F_SWAP ": %" PRId64 " is below the memory limit %" PRId64
                                         " (swap is memory plus swap)",
                                  m->swap.value, m->limit.value);
        if (!cg_file_exists(node->path, "memory.memsw.limit_in_bytes"))
            return turf_error_set(err, -EOPNOTSUPP,
                                  F_SWAP ": swap accounting is off on this host (no "
                                         "memory.memsw.limit_in_bytes in %s)",
                                  node->path);
        /* memsw must stay >= the memory limit at every step: raise memsw first when it grows,
         * lower the memory limit first when memsw shrinks. */
        uint64_t current = 0;
        r = cg_read_u64(node->path, "memory.memsw.limit_in_bytes", &current, err);
        if (r < 0)
            return turf_error_wrap(err, F_SWAP);
        bool grows = m->swap.value < 0 || (uint64_t)m->swap.value > current;
        if (grows) {
            r = cg_node_write(node, "memory.memsw.limit_in_bytes", swap, F_SWAP, err);
            if (r == 0 && m->limit.set)
                r = cg_node_write(node, "memory.limit_in_bytes", limit, F_LIMIT, err);
        } else {
            if (m->limit.set)
                r = cg_node_write(node, "memory.limit_in_bytes", limit, F_LIMIT, err);
            if (r == 0)
                r = cg_node_write(node, "memory.memsw.limit_in_bytes", swap, F_SWAP, err);
        }
    } else if (m->limit.set) {
        r = cg_node_write(node, "memory.limit_in_bytes", limit, F_LIMIT, err);
        /* A lower limit with memsw still unlimited is fine; a higher one than memsw is not,
         * and the kernel's EINVAL then needs the swap field. */
        if (r == -EINVAL && err && *err) {
            _cleanup_free_ char *msg = strdup((*err)->msg);
            if (msg)
                turf_error_set(err, r,
                               "%s (a limit above memory.memsw.limit_in_bytes needs "
                               "linux.resources.memory.swap too)",
                               msg);
        }
    }
    if (r < 0)
        return r;
    if (m->reservation.set) {
        char v[32];
        format_limit(m->reservation.value, false, v, sizeof(v));
        r = cg_node_write(node, "memory.soft_limit_in_bytes", v,
                          "linux.resources.memory.reservation", err);
        if (r < 0)
            return r;
    }
    if (m->kernel_tcp.set) {
        char v[32];
        format_limit(m->kernel_tcp.value, false, v, sizeof(v));
        r = cg_node_write(node, "memory.kmem.tcp.limit_in_bytes", v,
                          "linux.resources.memory.kernelTCP", err);
        if (r < 0)
            return r;
    }
    if (m->swappiness.set) {
        if (m->swappiness.value > 100)
            return turf_error_set(err, -EINVAL,
                                  "linux.resources.memory.swappiness: %" PRIu64 " is above 100",
                                  m->swappiness.value);
        r = cg_node_writef(node, "memory.swappiness", "linux.resources.memory.swappiness", err,
                           "%" PRIu64, m->swappiness.value);
        if (r < 0)
            return r;
    }
    if (m->disable_oom_killer.set) {
        r = cg_node_write(node, "memory.oom_control", m->disable_oom_killer.value ? "1" : "0",
                          "linux.resources.memory.disableOOMKiller", err);
        if (r < 0)
            return r;
    }
    if (m->use_hierarchy.set) {
        r = cg_node_write(node, "memory.use_hierarchy", m->use_hierarchy.value ? "1" : "0",
                          "linux.resources.memory.useHierarchy", err);
        if (r < 0)
            return r;
    }
    return 0;
}

static int apply_v2(const struct cg_node *node, const struct oci_memory *m, struct turf_error **err)
{
    if (!cg_file_exists(node->path, "memory.max"))
        return turf_error_set(err, -EOPNOTSUPP,
                              "linux.resources.memory: the memory controller is not enabled in "
                              "%s (no memory.max)",
                              node->path);
    int r = check_before_update(node, m, "memory.current", err);
    if (r < 0)
        return r;
    if (m->limit.set) {
        char v[32];
        format_limit(m->limit.value, true, v, sizeof(v));
        r = cg_node_write(node, "memory.max", v, F_LIMIT, err);
        if (r < 0)
            return r;
    }
    if (m->swap.set) {
        /* OCI swap is memory+swap (v1's memsw); v2's memory.swap.max is swap alone. */
        char v[32] = "max";
        if (m->swap.value >= 0) {
            uint64_t limit;
            if (m->limit.set) {
                limit = m->limit.value < 0 ? UINT64_MAX : (uint64_t)m->limit.value;
            } else {
                r = cg_read_u64(node->path, "memory.max", &limit, err);
                if (r < 0)
                    return turf_error_wrap(err, F_SWAP);
            }
            if (limit == UINT64_MAX)
                return turf_error_set(err, -EINVAL,
                                      F_SWAP ": %" PRId64 " needs a memory limit on cgroup v2 "
                                             "(memory.swap.max = swap - limit)",
                                      m->swap.value);
            if ((uint64_t)m->swap.value < limit)
                return turf_error_set(err, -EINVAL,
                                      F_SWAP ": %" PRId64 " is below the memory limit %" PRIu64
                                             " (swap is memory plus swap)",
                                      m->swap.value, limit);
            snprintf(v, sizeof(v), "%" PRIu64, (uint64_t)m->swap.value - limit);
        }
        if (!cg_file_exists(node->path, "memory.swap.max"))
            return turf_error_set(err, -EOPNOTSUPP,
                                  F_SWAP ": swap accounting is off on this host (no "
                                         "memory.swap.max in %s)",
                                  node->path);
        r = cg_node_write(node, "memory.swap.max", v, F_SWAP, err);
        if (r < 0)
            return r;
    }
    if (m->reservation.set) {
        char v[32];
        format_limit(m->reservation.value, true, v, sizeof(v));
        r = cg_node_write(node, "memory.low", v, "linux.resources.memory.reservation", err);
        if (r < 0)
            return r;
    }
    if (m->kernel_tcp.set)
        return turf_error_set(err, -EOPNOTSUPP,
                              "linux.resources.memory.kernelTCP: cgroup v2 has no kernel TCP "
                              "memory limit");
    if (m->swappiness.set)
        return turf_error_set(err, -EOPNOTSUPP,
                              "linux.resources.memory.swappiness: cgroup v2 has no per-cgroup "
                              "swappiness");
    if (m->disable_oom_killer.set && m->disable_oom_killer.value)
        return turf_error_set(err, -EOPNOTSUPP,
                              "linux.resources.memory.disableOOMKiller: cgroup v2 cannot turn "
                              "the OOM killer off");
    if (m->use_hierarchy.set && !m->use_hierarchy.value)
        return turf_error_set(err, -EOPNOTSUPP,
                              "linux.resources.memory.useHierarchy: cgroup v2 is always "
                              "hierarchical");
    return 0;
}

int cg_apply_memory(const struct cg_manager *mgr, const struct oci_memory *m,
                    struct turf_error **err)
{
    if (!m)
        return 0;
    bool any = m->limit.set || m->reservation.set || m->swap.set || m->kernel_tcp.set ||
               m->swappiness.set || m->disable_oom_killer.set || m->use_hierarchy.set;
    if (m->kernel.set)
        /* Deprecated in the runtime-spec; kernels since 6.1 ignore or refuse it. runc too
         * ignores it with a warning. */
        turf_log_warn("linux.resources.memory.kernel is deprecated and ignored");
    if (!any)
        return 0;
    const struct cg_node *node = cg_node_for(mgr, "memory");
    if (!node)
        return cg_error_no_controller("linux.resources.memory", "memory", err);
    return node->version == 1 ? apply_v1(node, m, err) : apply_v2(node, m, err);
}
