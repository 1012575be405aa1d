/* The cgroup manager: one container's (or warm-forked sandbox's) cgroup in every hierarchy of a
 * cgroup v1, unified v2 or hybrid host — create, apply OCI resources, place, freeze, kill, stats. */
#ifndef TURF_CGROUPS_H
#define TURF_CGROUPS_H

/* Conventions: functions return 0 (or a count/fd) on success and a negative errno on failure,
 * filling *err with a message that names the file and value involved. A manager holds only
 * paths; it can be saved with cg_manager_to_json and restored in another process (turf delete
 * after turf create, or after a kill -9 of turf) with cg_manager_from_json.
 *
 * Controller names are the kernel's ("memory", "cpu", "hugetlb", ...). Named v1 hierarchies
 * are "name=<name>" (e.g. "name=systemd") and "" names the cgroup v2 tree, as in
 * /proc/self/cgroup.
 *
 * Process-wide state: libcgroup's mount table, read once on first use (pthread_once); its log
 * goes to turf_log at debug level, never to stdout. Link with -lcgroup and jansson. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "../oci/config.h"
#include "../turf/base/error.h"

/* ---- host layout ---- */

enum cg_mode {
    CG_MODE_V1,     /* only v1 hierarchies with controllers */
    CG_MODE_V2,     /* the unified hierarchy holds every controller */
    CG_MODE_HYBRID, /* v1 controllers plus a cgroup2 mount (possibly with a few controllers) */
};

struct cg_layout;

/* Reads /proc/self/mountinfo and /proc/self/cgroup. */
int cg_layout_detect(struct cg_layout **out, struct turf_error **err);
/* The same from other files: for tests (a cgroupfs-shaped temp tree) and for diagnostics. */
int cg_layout_detect_from(const char *mountinfo_path, const char *proc_cgroup_path,
                          struct cg_layout **out, struct turf_error **err);
void cg_layout_free(struct cg_layout *layout);

enum cg_mode cg_layout_mode(const struct cg_layout *layout);
const char *cg_mode_name(enum cg_mode mode); /* "v1", "v2", "hybrid" */
/* Where controller is mounted, or NULL. *version (may be NULL) is set to 1 or 2. "" gives the
 * cgroup2 mount point whatever controllers it holds. */
const char *cg_layout_controller_mount(const struct cg_layout *layout, const char *controller,
                                       int *version);
/* The caller's own cgroup in the hierarchy of controller, as /proc/self/cgroup shows it. */
const char *cg_layout_own_cgroup(const struct cg_layout *layout, const char *controller);

/* ---- a container's cgroup ---- */

struct cg_manager;

/* cgroupsPath is the systemd driver's "slice:prefix:name" (runc's --systemd-cgroup). */
#define CG_MANAGER_SYSTEMD 0x1u

/* Resolves cgroups_path like runc and creates the cgroup in every hierarchy of the layout:
 *  - absolute ("/a/b"): relative to the root of each hierarchy;
 *  - relative ("a/b"): relative to the caller's own cgroup in each hierarchy;
 *  - NULL or "": "turf/<id>" under the caller's own cgroup;
 *  - "slice:prefix:name" (or CG_MANAGER_SYSTEMD): the systemd driver, which fails with a clear
 *    error (it needs a running systemd, and is not implemented yet).
 * On v1, cpuset.cpus and cpuset.mems of new directories are copied from the parent so that tasks
 * can join; on v2 every available controller is enabled down the path. A cgroup that exists
 * already is taken only if no process is in it (-EBUSY otherwise); on failure the directories
 * this call made are removed, and no other. */
int cg_manager_create(const struct cg_layout *layout, const char *cgroups_path, const char *id,
                      unsigned flags, struct cg_manager **out, struct turf_error **err);
/* Renames the cgroup to new_id where it was made under a default path ("turf/<id>") and the
 * hierarchy allows it (cgroup v1 renames a directory within its parent; cgroup v2 does not,
 * so there the cgroup keeps its name and path). The processes inside stay: this is how a
 * pre-made cgroup with its process already placed becomes a sandbox's. */
int cg_manager_rename(struct cg_manager *mgr, const char *new_id, struct turf_error **err);
/* Frees the object only; the cgroups stay (see cg_manager_destroy). */
void cg_manager_free(struct cg_manager *mgr);

const char *cg_manager_id(const struct cg_manager *mgr);
enum cg_mode cg_manager_mode(const struct cg_manager *mgr);
/* The directory for controller (see the naming above), or NULL if it is not mounted. */
const char *cg_manager_path(const struct cg_manager *mgr, const char *controller);

/* Writes the fields that res sets (an absent field leaves the cgroup as it is, so the same call
 * serves `turf update`). Errors name the OCI field, the value and the file. */
int cg_manager_apply(struct cg_manager *mgr, const struct oci_resources *res,
                     struct turf_error **err);

/* Moves every thread of pid into the cgroup, in every hierarchy (0 means the caller). */
int cg_manager_add_pid(const struct cg_manager *mgr, pid_t pid, struct turf_error **err);

enum cg_freezer_state { CG_FREEZER_THAWED, CG_FREEZER_FREEZING, CG_FREEZER_FROZEN };
/* v1 freezer.state (waiting for FROZEN) where a freezer hierarchy is mounted, else v2
 * cgroup.freeze (waiting for "frozen 1" in cgroup.events). */
int cg_manager_freeze(const struct cg_manager *mgr, struct turf_error **err);
int cg_manager_thaw(const struct cg_manager *mgr, struct turf_error **err);
int cg_manager_freezer_state(const struct cg_manager *mgr, enum cg_freezer_state *state,
                             struct turf_error **err);

/* The processes in the cgroup and its sub-cgroups, sorted; *pids is freed by the caller. */
int cg_manager_pids(const struct cg_manager *mgr, pid_t **pids, size_t *n_pids,
                    struct turf_error **err);
/* Sends sig to every process. For SIGKILL: v2 cgroup.kill where the kernel has it (else a v1
 * freeze, signal, thaw), then signals again until the cgroup is empty. */
int cg_manager_kill(const struct cg_manager *mgr, int sig, struct turf_error **err);
/* Kills what is left (a frozen cgroup gets SIGKILL while still frozen and is then thawed, so
 * its processes never run again), removes sub-cgroups depth-first and the cgroup in every
 * hierarchy (retrying EBUSY briefly), and the empty parents this manager created. A missing
 * directory is fine, so it can be called again after a failure or from another process. */
int cg_manager_destroy(const struct cg_manager *mgr, struct turf_error **err);

/* ---- statistics (runc's `events --stats` data) ---- */

struct cg_memory_entry {
    uint64_t usage, max_usage, limit, failcnt; /* bytes; limit UINT64_MAX when unlimited */
};

struct cg_blkio_entry {
    uint64_t major, minor;
    char op[16]; /* "Read", "Write", "Sync", "Async", "Discard", "Total" */
    uint64_t value;
};

struct cg_stat_pair {
    char *key;
    uint64_t value;
};

struct cg_hugetlb_stats {
    char page_size[16]; /* "2MB" */
    uint64_t usage, max_usage, failcnt;
};

struct cg_stats {
    struct {
        uint64_t total, user, kernel; /* nanoseconds */
        uint64_t *percpu, *percpu_user, *percpu_kernel;
        size_t n_percpu, n_percpu_user, n_percpu_kernel;
        uint64_t periods, throttled_periods, throttled_time; /* throttled_time in ns */
    } cpu;
    struct {
        uint64_t *cpus, *mems;
        size_t n_cpus, n_mems;
        /* v1 only, as runc reports them (zeros on v2) */
        uint64_t cpu_exclusive, mem_exclusive, mem_hardwall, memory_migrate, memory_pressure,
            memory_spread_page, memory_spread_slab, sched_load_balance;
        int64_t sched_relax_domain_level;
    } cpuset;
    struct {
        uint64_t cache;
        struct cg_memory_entry usage, swap, kernel, kernel_tcp; /* swap is memory+swap, as v1 */
        uint64_t oom_kill;
        struct cg_stat_pair *raw; /* memory.stat */
        size_t n_raw;
    } memory;
    struct {
        uint64_t current, limit; /* limit 0 when unlimited */
    } pids;
    struct {
        struct cg_blkio_entry *service_bytes, *serviced;
        size_t n_service_bytes, n_serviced;
    } blkio;
    struct cg_hugetlb_stats *hugetlb;
    size_t n_hugetlb;
};

/* Fills what the mounted controllers provide; a controller that is not mounted leaves zeros. */
int cg_manager_stats(const struct cg_manager *mgr, struct cg_stats **out, struct turf_error **err);
void cg_stats_free(struct cg_stats *stats);
/* The "data" object of runc's `events --stats` event (cpu, cpuset, memory, pids, blkio,
 * hugetlb, intel_rdt, network_interfaces). NULL only when out of memory. */
json_t *cg_stats_to_json(const struct cg_stats *stats);

/* ---- OOM ---- */

/* A non-blocking fd that becomes readable when the cgroup hits its memory limit and the OOM
 * killer acts (v1: an eventfd registered on memory.oom_control; v2: inotify on memory.events,
 * which also fires on other memory events). It also fires once when a v1 cgroup is removed.
 * Read it with cg_oom_fd_drain, then compare cg_manager_oom_kill_count with the last value. */
int cg_manager_oom_fd(const struct cg_manager *mgr, struct turf_error **err);
void cg_oom_fd_drain(int fd);
/* oom_kill from memory.oom_control (v1) or memory.events (v2). */
int cg_manager_oom_kill_count(const struct cg_manager *mgr, uint64_t *count,
                              struct turf_error **err);

/* ---- persistence ---- */

/* {"version":1,"id":..,"mode":..,"hierarchies":[{"version","mount","controllers","path",
 * "removableParents"}]}. NULL only when out of memory. */
json_t *cg_manager_to_json(const struct cg_manager *mgr);
int cg_manager_from_json(const json_t *json, struct cg_manager **out, struct turf_error **err);

static inline void cg_manager_freep(struct cg_manager **m)
{
    cg_manager_free(*m);
}
static inline void cg_layout_freep(struct cg_layout **l)
{
    cg_layout_free(*l);
}
static inline void cg_stats_freep(struct cg_stats **s)
{
    cg_stats_free(*s);
}
#define _cleanup_cg_manager_ __attribute__((cleanup(cg_manager_freep)))
#define _cleanup_cg_layout_  __attribute__((cleanup(cg_layout_freep)))
#define _cleanup_cg_stats_   __attribute__((cleanup(cg_stats_freep)))

#endif
