/* The warm path's privileged side, used by turfd: a sandbox made from a seed's child instead
 * of a freshly cloned init, recorded in the same store as a cold container, so that start,
 * state, kill, delete, list, ps, pause and resume work on it unchanged. */
#ifndef TURF_CONTAINER_WARM_H
#define TURF_CONTAINER_WARM_H

#include <stdbool.h>
#include <sys/types.h>

#include "../base/error.h"

/* A sandbox bundle made ready once and reused by every create from it: its config parsed and
 * checked, its seccomp filter compiled (a BPF program in a memfd), its namespaces. */
struct oci_config;
struct turf_warm_bundle {
    unsigned long serial; /* the caller's: tells one load of a bundle from another */
    char *path;           /* absolute */
    struct oci_config *config;
    unsigned long namespaces;
    int seccomp_fd; /* -1 without a filter */
    unsigned seccomp_flags;
    bool seccomp_early; /* a configured pooled child may load it before its create */
    char *config_text;  /* the config as the state directory keeps it */
    char *child_text;   /* the config as the child gets it: without the seccomp rules */
};
int turf_warm_bundle_load(const char *path, struct turf_warm_bundle **out, struct turf_error **err);
void turf_warm_bundle_free(struct turf_warm_bundle *b);

/* A child of the seed for a create: from the seed's pool or forked now, in the bundle's
 * namespaces (CLONE_NEW* flags). */
struct cg_manager;
struct turf_warm_child {
    pid_t pid;
    int channel;               /* the WarmFork channel to it (see turf/seed/protocol.h) */
    struct cg_manager *cgroup; /* a pooled child's own cgroup (default path), or NULL */
    bool configured;           /* a pooled child given this bundle ahead (turf_warm_configure) */
    unsigned long long start_time; /* its pid's (turf_container_start_time), or 0: a pool reads
                                    * it when it forks the child, not on the create's path */
};
typedef int (*turf_warm_child_fn)(void *data, const struct turf_warm_bundle *b,
                                  struct turf_warm_child *out, struct turf_error **err);

/* For a pool, while nothing else waits: a child in its own cgroup gets the bundle's
 * resources on that cgroup and the bundle's config, which it applies at once (all of its
 * setup and confinement but the seccomp filter, which it keeps until it is started). A create
 * of the same bundle then only names it: id, state directory, stdout and listener. */
int turf_warm_configure(const struct turf_warm_bundle *b, int channel, struct cg_manager *cg,
                        struct turf_error **err);

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
    bool start;                 /* started as soon as it is ready: no exec fifo, no park */
    int *release; /* with start, if not NULL: gets the channel to the sandbox, which runs no
                   * user code until it is closed (e.g. once the reply is out); else the
                   * channel is closed at return */
};

/* Checks the config for what the warm path supports, then: state directory, cgroup with the
 * resources, a child placed in it, the config sent, the child confined and parked on its
 * exec fifo ("created"), or with o->start running ("running": its start is a create that
 * nothing can come between). On failure nothing is left behind. *pid is the child's host
 * pid. */
int turf_warm_create(const struct turf_warm_create_options *o, pid_t *pid, struct turf_error **err);

/* The CLONE_NEW* flags a warm sandbox of this bundle's config needs, after the checks
 * turf_warm_create makes (for pools: a pooled child must match). */
int turf_warm_namespaces(const struct oci_config *c, unsigned long *flags, struct turf_error **err);

#endif
