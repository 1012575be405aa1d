/* What the cold path (container.c) shares with the warm path (warm.c) inside turf/container:
 * the names in a container's state directory, process identity, cgroups and timestamps. */
#ifndef TURF_CONTAINER_INTERNAL_H
#define TURF_CONTAINER_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "../../oci/config.h"
#include "../base/error.h"
#include "../state/store.h"

#define EXEC_FIFO   "exec.fifo"
#define CONFIG_COPY "config.json"

#define TURF_MAX_PASS_FDS 4

struct cg_manager;

/* Field 22 of /proc/PID/stat (start time in clock ticks), and the process state letter. */
int turf_proc_stat(pid_t pid, unsigned long long *start, char *state);

/* Makes the container's cgroup, records where it is in the state directory (so that any later
 * turf, even after a kill -9 of this one, can remove it) and applies the config's resources. */
int turf_container_make_cgroup(const char *id, bool systemd, const struct oci_config *c,
                               const struct turf_container_dir *dir, struct cg_manager **out,
                               struct turf_error **err);
/* The second half of turf_container_make_cgroup, for a cgroup made earlier (a pooled warm
 * child's): records it in the state directory and, unless resources is false (they were
 * applied when it was made), applies the config's resources. */
int turf_container_adopt_cgroup(struct cg_manager *cg, const struct oci_config *c,
                                const struct turf_container_dir *dir, bool resources,
                                struct turf_error **err);
/* linux.resources, with the device rules runc adds (the config's first, then the defaults and
 * one allow rule per device in linux.devices). */
int turf_container_apply_resources(struct cg_manager *cg, const struct oci_config *c,
                                   struct turf_error **err);
/* Kills whatever is left in the container's cgroup and removes it. */
int turf_container_destroy_cgroup(const struct turf_container_dir *dir, struct turf_error **err);

/* The start of every create, cold or warm: the state directory (created and locked), the copy
 * of the config and the record with status "creating" (with the process's pid when it exists
 * already, as a warm child does). out->rec is the record written; the strings it owns go with
 * turf_new_container_release. */
struct turf_begin {
    const char *root, *id;
    const struct oci_config *config;
    const char *config_text; /* the config as dumped already, or NULL to dump config */
    const char *bundle, *rootfs;
    const char *seed; /* a warm sandbox's seed, or NULL */
    pid_t pid;        /* its process, or 0 when it has none yet */
    unsigned long long pid_start_time;
};
struct turf_new_container {
    struct turf_record rec;
    char *created, *owner;
};
int turf_container_begin(const struct turf_begin *b, struct turf_container_dir *dir,
                         struct turf_new_container *out, struct turf_error **err);
void turf_new_container_release(struct turf_new_container *n);
/* The exec fifo a created process parks on until start (its presence makes the status
 * "created"); a sandbox started as soon as it is made has none. */
int turf_container_make_exec_fifo(const struct turf_container_dir *dir, struct turf_error **err);
/* A create that failed: removes its cgroup and state directory, if it got that far, and
 * closes dir. */
void turf_container_undo_create(struct turf_container_dir *dir);

/* The current time in RFC 3339 with nanoseconds, UTC (free it). */
char *turf_now_rfc3339(void);

#endif
