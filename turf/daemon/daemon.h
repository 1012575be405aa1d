/* turfd's state: its root, the seeds it keeps, the warm sandboxes it watches and the clients
 * of its socket, all served by one epoll loop on one thread. On disk under --root:
 * sandboxes/ (a turf store: one directory per sandbox, as for cold containers), seeds/ (the
 * seeds, each a cold container), seeds.json (what to restart) and logs/. */
#ifndef TURF_DAEMON_H
#define TURF_DAEMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../base/error.h"

/* What an epoll event is about: each watched object starts with one of these. */
enum watch_kind { WATCH_LISTEN, WATCH_SIGNAL, WATCH_CLIENT, WATCH_SEED, WATCH_PIDFD, WATCH_OOM };
struct watch {
    enum watch_kind kind;
    int fd;
};

struct cg_manager;
struct pooled_child {
    pid_t pid;
    int channel;
    struct cg_manager *cgroup;     /* its own, made when it was forked (see seeds.c) */
    char *record;                  /* DIR/pool/NAME.json: where that cgroup is, for a later turfd */
    unsigned long bundle;          /* the serial of the bundle it was configured with, or 0 */
    unsigned long long start_time; /* of its pid (turf_container_start_time) */
};

struct seed {
    struct watch w; /* WATCH_SEED: the channel; fd -1 while the seed is down */
    char *name;
    char *cgroup_name; /* "INSTANCE:NAME": in its cgroup's name and its pooled children's */
    char *bundle;
    char *rootfs;
    unsigned pool_size;
    unsigned long pool_namespaces; /* what the bundle's own config asks for */
    json_t *prepare;               /* the "prepare" message pooled children get */
    unsigned pool_serial;
    pid_t pid; /* the seed's process, 0 while down */
    unsigned restarts;
    unsigned backoff_ms;
    uint64_t started_ms, restart_at_ms; /* restart_at_ms 0: none scheduled */
    struct pooled_child *pool;
    size_t n_pool;
    /* Pooled children that die before a create takes them slow refilling down. */
    unsigned pool_backoff_ms;
    uint64_t pool_retry_at_ms;
    struct seed *next;
};

struct sandbox {
    char *id;
    pid_t pid;
    bool child;         /* ours to reap (made by this turfd) or watched by pidfd (adopted) */
    struct watch pidfd; /* WATCH_PIDFD, fd -1 for our children */
    struct watch oom;   /* WATCH_OOM, fd -1 without a memory cgroup */
    uint64_t oom_kills;
    struct cg_manager *cgroup; /* its cgroup (NULL if unknown): OOM counts are read there */
    bool oom_later;            /* the OOM watch waits for the replies */
    int release_fd;            /* just started: closing it lets it go on (after the reply) */
    char *listen_path;         /* a unix: listen address to unlink on delete */
    struct sandbox *next;
};

struct client {
    struct watch w; /* WATCH_CLIENT */
    char *in;
    size_t in_len, in_cap;
    bool events;     /* subscribed: gets event lines */
    char *events_id; /* only this sandbox's (NULL: all) */
    bool closing;
    char *out; /* reply and event bytes the socket has not taken yet */
    size_t out_len, out_cap;
    bool writing; /* EPOLLOUT is watched: out is not empty */
    bool eof;     /* the client closed its end: it goes once out is sent */
    struct client *next;
};

struct turfd {
    char *root, *sandboxes_root, *seeds_root, *logs_dir, *registry, *pool_dir;
    /* A tag of the root (hex): names this turfd's seed and pool cgroups apart from those of
     * another turfd on the host, which may have seeds of the same names. */
    char instance[9];
    struct watch listen, signals;
    int epoll_fd;
    struct seed *seeds;
    struct sandbox *sandboxes;
    bool after_replies; /* a sandbox has work that waits for the replies (oom_later, release_fd) */
    struct client *clients;
    bool stopping;
    bool systemd_socket; /* the socket came from systemd (LISTEN_FDS): not ours to unlink */
};

uint64_t turfd_now_ms(void);
int turfd_watch(struct turfd *d, struct watch *w, uint32_t events);
void turfd_unwatch(struct turfd *d, struct watch *w);

/* server.c: the socket and its clients. */
int turfd_server_handle(struct turfd *d, struct client *c, uint32_t events);
void turfd_server_accept(struct turfd *d);
void turfd_server_close_all(struct turfd *d);
/* Sends an event line to every subscribed client (those watching its "id", or all). */
void turfd_broadcast_event(struct turfd *d, json_t *event);

/* seeds.c */
struct seed *turfd_seed_find(struct turfd *d, const char *name);
int turfd_seed_create(struct turfd *d, const char *name, const char *bundle, unsigned pool,
                      struct turf_error **err);
int turfd_seed_delete(struct turfd *d, const char *name, struct turf_error **err);
json_t *turfd_seed_list(struct turfd *d);
/* Restores the seeds of seeds.json (at startup). */
void turfd_seeds_restore(struct turfd *d);
/* A child of ours exited: true when it was a seed or a pooled child (handled here). */
bool turfd_seeds_reaped(struct turfd *d, pid_t pid, int status);
void turfd_seed_channel_event(struct turfd *d, struct seed *s);
/* Restarts due seeds and, when turfd has been idle (no event for IDLE_MS), tops up one pool;
 * returns the ms until more work is due (-1: none). */
int turfd_seeds_tick(struct turfd *d, bool idle);
void turfd_seeds_stop(struct turfd *d);
/* For the warm create (a turf_warm_child_fn): a child of the seed for this bundle, pooled
 * (configured with it already when it is the seed's own) or forked now. */
struct turf_warm_bundle;
struct turf_warm_child;
int turfd_seed_child(void *seed, const struct turf_warm_bundle *b, struct turf_warm_child *out,
                     struct turf_error **err);
/* Removes the cgroups of pooled children that an earlier turfd left (at startup). */
void turfd_pool_cleanup(struct turfd *d);

/* sandboxes.c */
/* "create" and "run" (start: the sandbox starts as soon as it is ready). */
int turfd_sandbox_create(struct turfd *d, json_t *req, bool start, json_t **reply,
                         struct turf_error **err);
int turfd_sandbox_delete(struct turfd *d, const char *id, bool force, struct turf_error **err);
/* fd holds the sandbox id back (the channel of a run, the exec fifo of a start): closed once
 * the replies are out (turfd_sandboxes_after_replies), or now when turfd does not track id. */
void turfd_sandbox_release_later(struct turfd *d, const char *id, int fd);
/* Adopts the live warm sandboxes of the store (at startup). */
void turfd_sandboxes_restore(struct turfd *d);
bool turfd_sandboxes_reaped(struct turfd *d, pid_t pid, int status);
void turfd_sandbox_watch_event(struct turfd *d, struct watch *w);
/* Work a reply need not wait for, done once the replies are out: the OOM watches that
 * track() left (a sandbox created runs no user code before its start, so no OOM can come
 * before; a started one is let go only here), and the release of sandboxes just started
 * (run or start), which run their user's code only now, so that they do not take turfd's
 * CPU before the reply is out. */
void turfd_sandboxes_after_replies(struct turfd *d);
void turfd_sandboxes_release(struct turfd *d);
/* The bundle at path, made ready (see turf_warm_bundle_load) or found ready in a cache; its
 * serial changes when its config.json does. NULL on error. */
const struct turf_warm_bundle *turfd_bundle_get(const char *path, struct turf_error **err);
void turfd_bundles_release(void);

#endif
