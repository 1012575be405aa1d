/* The seed side of WarmFork, for runtimes to link: a runtime that has loaded its code calls
 * turf_seed_wait, which parks the process as a seed of turfd and returns in each forked child,
 * set up and confined as that sandbox's config says, with what the child needs to serve. */
#ifndef TURF_SEED_H
#define TURF_SEED_H

#include <stdbool.h>

#include "../base/error.h"

/* The environment variable through which turfd gives a seed its channel (a descriptor). */
#define TURF_SEED_FD_ENV "TURF_SEED_FD"

/* What a forked child gets: its sandbox id and the listening socket turfd bound for it. */
struct turf_seed_child {
    char *id;
    int listen_fd; /* -1 when the sandbox has no listen address */
};

/* A runtime's own fix-ups after fork (e.g. uv_loop_fork), run once in each child, as early as
 * possible but only once it is in its own cgroup: for a pooled child while it waits for a
 * create, else on the create's path, before its config is applied. It runs none of the user's
 * code; a non-zero return fails the child. Set it before turf_seed_wait. */
void turf_seed_set_prepare(int (*prepare)(void *data), void *data);

/* A runtime's rehearsal of a sandbox's start (e.g. its deserialize event and one request),
 * run once, after the prepare function, in a throwaway fork of the seed before it reports
 * ready. The pages that fork writes and the code it runs are then copied and mapped ahead of
 * time in each pooled child while turfd is idle, instead of faulting in one by one on the
 * sandbox's first request. A non-zero return (or 10 s without an end) skips the learning; the
 * seed works as without it. Set it before turf_seed_wait. */
void turf_seed_set_rehearse(int (*rehearse)(void *data), void *data);

/* True when turfd started this process as a seed (TURF_SEED_FD is set). */
bool turf_seed_requested(void);

/* In the seed: tells turfd it is ready, then serves fork requests; returns only
 *  - in a forked child (0): it is in its new namespaces and cgroup, confined (ids,
 *    capabilities, no_new_privs, seccomp), has been started (`turf start`), its environment
 *    is the sandbox's process.env, and the prepare function (if any) has run; the caller
 *    serves on child->listen_fd;
 *  - in the seed, with a negative errno, when turfd closed the channel or the channel failed:
 *    the runtime should then exit.
 * The process must have exactly one thread. Setup failures in a child are reported to turfd
 * and end the child; they never return here. */
int turf_seed_wait(struct turf_seed_child *child, struct turf_error **err);

void turf_seed_child_release(struct turf_seed_child *child);

#endif
