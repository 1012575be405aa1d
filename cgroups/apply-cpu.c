/* linux.resources.cpu: shares (v1) or weight (v2, runc's conversion), CFS quota/period/burst,
 * realtime runtime/period where the kernel has them, idle, and cpuset cpus/mems. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../turf/base/cleanup.h"
#include "internal.h"

#define F_SHARES "linux.resources.cpu.shares"
#define F_QUOTA  "linux.resources.cpu.quota"
#define F_PERIOD "linux.resources.cpu.period"

/* The conversion runc and crun use between v1 cpu.shares [2, 262144] and v2 cpu.weight
 * [1, 10000]: linear, 2 -> 1 and 262144 -> 10000 (1024 -> 39). */
static uint64_t shares_to_weight(uint64_t shares)
{
    if (shares < 2)
        shares = 2;
    if (shares > 262144)
        shares = 262144;
    return 1 + ((shares - 2) * 9999) / 262142;
}

/* A file the kernel may lack (burst, rt, idle): a clear error only when the config sets it. */
static int require_file(const struct cg_node *node, const char *file, const char *field,
                        struct turf_error **err)
{
    if (cg_file_exists(node->path, file))
        return 0;
    return turf_error_set(err, -EOPNOTSUPP, "%s: this kernel has no %s (not in %s)", field, file,
                          node->path);
}

static int apply_shares(const struct cg_node *node, uint64_t shares, struct turf_error **err)
{
    if (node->version == 2) {
        if (shares == 0)
            return 0;
        int r = require_file(node, "cpu.weight", F_SHARES, err);
        return r < 0 ? r
                     : cg_node_writef(node, "cpu.weight", F_SHARES, err, "%" PRIu64,
                                      shares_to_weight(shares));
    }
    int r = cg_node_writef(node, "cpu.shares", F_SHARES, err, "%" PRIu64, shares);
    if (r < 0)
        return r;
    /* The kernel clamps out-of-range shares silently; say so instead. */
    uint64_t got = 0;
    r = cg_read_u64(node->path, "cpu.shares", &got, err);
    if (r < 0)
        return turf_error_wrap(err, F_SHARES);
    if (got != shares)
        return turf_error_set(err, -EINVAL,
                              F_SHARES ": %" PRIu64
                                       " is out of range; the kernel set %s/cpu.shares "
                                       "to %" PRIu64,
                              shares, node->path, got);
    return 0;
}

static int apply_quota_period_v1(const struct cg_node *node, const struct oci_cpu *c,
                                 struct turf_error **err)
{
    bool quota = c->quota.set && c->quota.value != 0; /* 0 means unset, as in runc */
    bool period = c->period.set && c->period.value != 0;
    bool period_later = false;
    int r = 0;
    if (period) {
        r = cg_node_writef(node, "cpu.cfs_period_us", F_PERIOD, err, "%" PRIu64, c->period.value);
        /* A shorter period can be refused while the old quota is larger: retry after quota. */
        if (r == -EINVAL && quota) {
            turf_error_free(err);
            period_later = true;
            r = 0;
        }
    }
    if (r == 0 && quota)
        r = cg_node_writef(node, "cpu.cfs_quota_us", F_QUOTA, err, "%" PRId64,
                           c->quota.value < 0 ? (int64_t)-1 : c->quota.value);
    if (r == 0 && period_later)
        r = cg_node_writef(node, "cpu.cfs_period_us", F_PERIOD, err, "%" PRIu64, c->period.value);
    return r;
}

static int apply_quota_period_v2(const struct cg_node *node, const struct oci_cpu *c,
                                 struct turf_error **err)
{
    bool quota = c->quota.set && c->quota.value != 0;
    bool period = c->period.set && c->period.value != 0;
    if (!quota && !period)
        return 0;
    int r = require_file(node, "cpu.max", quota ? F_QUOTA : F_PERIOD, err);
    if (r < 0)
        return r;
    /* cpu.max holds both: keep the half the config does not set. */
    _cleanup_free_ char *current = NULL;
    r = cg_read(node->path, "cpu.max", &current, err);
    if (r < 0)
        return turf_error_wrap(err, quota ? F_QUOTA : F_PERIOD);
    char cur_quota[32] = "max";
    unsigned long long cur_period = 100000;
    sscanf(current, "%31s %llu", cur_quota, &cur_period);
    char q[32];
    if (quota && c->quota.value > 0)
        snprintf(q, sizeof(q), "%" PRId64, c->quota.value);
    else
        snprintf(q, sizeof(q), "%s", quota ? "max" : cur_quota);
    return cg_node_writef(node, "cpu.max", quota ? F_QUOTA : F_PERIOD, err, "%s %llu", q,
                          period ? (unsigned long long)c->period.value : cur_period);
}

static int apply_cpuset(const struct cg_manager *mgr, const struct oci_cpu *c,
                        struct turf_error **err)
{
    if (!c->cpus && !c->mems)
        return 0;
    const struct cg_node *node = cg_node_for(mgr, "cpuset");
    const char *field = c->cpus ? "linux.resources.cpu.cpus" : "linux.resources.cpu.mems";
    if (!node)
        return cg_error_no_controller(field, "cpuset", err);
    if (c->cpus) {
        int r = require_file(node, "cpuset.cpus", "linux.resources.cpu.cpus", err);
        if (r == 0)
            r = cg_node_write(node, "cpuset.cpus", c->cpus, "linux.resources.cpu.cpus", err);
        if (r < 0)
            return r;
    }
    if (c->mems) {
        int r = require_file(node, "cpuset.mems", "linux.resources.cpu.mems", err);
        if (r == 0)
            r = cg_node_write(node, "cpuset.mems", c->mems, "linux.resources.cpu.mems", err);
        if (r < 0)
            return r;
    }
    return 0;
}

int cg_apply_cpu(const struct cg_manager *mgr, const struct oci_cpu *c, struct turf_error **err)
{
    if (!c)
        return 0;
    bool any = c->shares.set || c->quota.set || c->period.set || c->burst.set ||
               c->realtime_runtime.set || c->realtime_period.set || c->idle.set;
    if (any) {
        const struct cg_node *node = cg_node_for(mgr, "cpu");
        if (!node)
            return cg_error_no_controller("linux.resources.cpu", "cpu", err);
        int r = 0;
        if (c->shares.set)
            r = apply_shares(node, c->shares.value, err);
        if (r == 0)
            r = node->version == 1 ? apply_quota_period_v1(node, c, err)
                                   : apply_quota_period_v2(node, c, err);
        if (r == 0 && c->burst.set) {
            const char *file = node->version == 1 ? "cpu.cfs_burst_us" : "cpu.max.burst";
            r = require_file(node, file, "linux.resources.cpu.burst", err);
            if (r == 0)
                r = cg_node_writef(node, file, "linux.resources.cpu.burst", err, "%" PRIu64,
                                   c->burst.value);
        }
        if (r == 0 && (c->realtime_period.set || c->realtime_runtime.set) && node->version == 2)
            r = turf_error_set(err, -EOPNOTSUPP,
                               "linux.resources.cpu.realtime%s: cgroup v2 has no realtime "
                               "budget files",
                               c->realtime_period.set ? "Period" : "Runtime");
        if (r == 0 && c->realtime_period.set) {
            r = require_file(node, "cpu.rt_period_us", "linux.resources.cpu.realtimePeriod", err);
            if (r == 0)
                r = cg_node_writef(node, "cpu.rt_period_us", "linux.resources.cpu.realtimePeriod",
                                   err, "%" PRIu64, c->realtime_period.value);
        }
        if (r == 0 && c->realtime_runtime.set) {
            r = require_file(node, "cpu.rt_runtime_us", "linux.resources.cpu.realtimeRuntime", err);
            if (r == 0)
                r = cg_node_writef(node, "cpu.rt_runtime_us", "linux.resources.cpu.realtimeRuntime",
                                   err, "%" PRId64, c->realtime_runtime.value);
        }
        if (r == 0 && c->idle.set) {
            r = require_file(node, "cpu.idle", "linux.resources.cpu.idle", err);
            if (r == 0)
                r = cg_node_writef(node, "cpu.idle", "linux.resources.cpu.idle", err, "%" PRId64,
                                   c->idle.value);
        }
        if (r < 0)
            return r;
    }
    return apply_cpuset(mgr, c, err);
}
