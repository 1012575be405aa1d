/* The warm path's privileged side, used by turfd: a sandbox made from a seed's child instead
 * of a freshly cloned init, recorded in the same store as a cold container, so that start,
 * state, kill, delete, list, ps, pause and resume work on it unchanged. */
#ifndef TURF_CONTAINER_WARM_H
#define TURF_CONTAINER_WARM_H

#include <stdbool.h>
#include <sys/types.h>

#include "../base/error.h"

/* Gets a child of the seed in the namespaces asked for (CLONE_NEW* flags): from the seed's
 * pool or by a fork request. *channel is the WarmFork channel to it (see turf/seed/protocol.h);
 * *cgroup, for a pooled child, the cgroup (default path) it waits in, or NULL. */
struct cg_manager;
typedef int (*turf_warm_child_fn)(void *data, unsigned long namespaces, pid_t *pid, int *channel,
                                  struct cg_manager **cgroup, struct turf_error **err);

/* A sandbox bundle made ready once and reused by every create from it: its config parsed and
 * checked, its seccomp filter compiled (a BPF program in a memfd), its namespaces. */
struct oci_config;
struct turf_warm_bundle {
    char *path; /* absolute */
    struct oci_config *config;
    unsigned long namespaces;
    int seccomp_fd; /* -1 without a filter */
    unsigned seccomp_flags;
    char *config_text; /* the config as the state directory keeps it */
    char *child_text;  /* the config as the child gets it: without the seccomp rules */
};
int turf_warm_bundle_load(const char *path, struct turf_warm_bundle **out, struct turf_error **err);
void turf_warm_bundle_free(struct turf_warm_bundle *b);

struct turf_warm_create_options {
    const char *root; /* the store (turfd's root) */
    const char *id;
    const struct turf_warm_bundle *bundle; /* the sandbox's config */
    const char *seed;                      /* the seed's name, recorded */
    const char *rootfs; /* the seed's root filesystem, which the sandbox shares */
    int stdio_fd;       /* the sandbox's stdout and stderr, or -1 to keep the seed's */
    int listen_fd;      /* a listening socket for the sandbox to serve on, or -1 */
    turf_warm_child_fn get_child;
    void *data;
    struct cg_manager **cgroup; /* if not NULL, gets the sandbox's cgroup (free it) */
};

/* Checks the config for what the warm path supports, then: state directory, cgroup with the
 * resources, a child placed in it, the config sent, the child confined and parked on its
 * exec fifo ("created"). On failure nothing is left behind. *pid is the child's host pid. */
int turf_warm_create(const struct turf_warm_create_options *o, pid_t *pid, struct turf_error **err);

/* The CLONE_NEW* flags a warm sandbox of this bundle's config needs, after the checks
 * turf_warm_create makes (for pools: a pooled child must match). */
int turf_warm_namespaces(const struct oci_config *c, unsigned long *flags, struct turf_error **err);

#endif
