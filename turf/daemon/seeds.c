/* Seeds: each is a cold container made from its bundle (adjusted: see seed_config) whose
 * process links the seed library and parks in turf_seed_wait. turfd keeps a channel to it,
 * restarts it with backoff when it dies (its sandboxes keep running: they are our children),
 * and keeps its pool of pre-forked children topped up. seeds.json lists what to restore. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../cgroups/cgroups.h"
#include "../../oci/config.h"
#include "../../oci/names.h"
#include "../base/cleanup.h"
#include "../base/fileio.h"
#include "../base/log.h"
#include "../container/container.h"
#include "../container/warm.h"
#include "../seed/protocol.h"
#include "../seed/seed.h"
#include "../state/store.h"
#include "daemon.h"

#define READY_TIMEOUT_MS 30000 /* loading a seed's code */
#define FORK_TIMEOUT_MS  5000
#define BACKOFF_MIN_MS   100
#define BACKOFF_MAX_MS   30000
#define HEALTHY_MS       60000 /* a seed up this long restarts from the minimum backoff */
#define POOL_ANNOTATION  "run.turf.pool"
#define POOL_IDLE_MS     2 /* refill a pool after this long without a request */

/* The next wait of a doubling backoff (0: none yet). */
static unsigned backoff_after(unsigned ms)
{
    return !ms ? BACKOFF_MIN_MS : ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : ms * 2;
}

struct seed *turfd_seed_find(struct turfd *d, const char *name)
{
    for (struct seed *s = d->seeds; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

static void event(struct turfd *d, const char *type, const struct seed *s, const char *extra_key,
                  json_int_t extra)
{
    json_t *e = json_pack("{s:s, s:s}", "type", type, "seed", s->name);
    if (extra_key)
        json_object_set_new(e, extra_key, json_integer(extra));
    turfd_broadcast_event(d, e);
    json_decref(e);
}

/* ---- the registry (seeds.json) ---- */

static void save_registry(struct turfd *d)
{
    json_t *list = json_array();
    for (struct seed *s = d->seeds; s; s = s->next)
        json_array_append_new(list, json_pack("{s:s, s:s, s:i}", "name", s->name, "bundle",
                                              s->bundle, "pool", (json_int_t)s->pool_size));
    _cleanup_free_ char *text = json_dumps(list, JSON_COMPACT);
    json_decref(list);
    struct turf_error *err = NULL;
    if (!text || turf_write_file_atomic(d->registry, text, strlen(text), 0600, &err) < 0)
        turf_log_warn("save %s: %s", d->registry, err ? err->msg : "out of memory");
    turf_error_free(&err);
}

/* ---- the seed's own config ---- */

/* What a seed needs beyond its bundle's config: to stay in our pid namespace (its sandboxes
 * then are our children and outlive it), to be in a user namespace (the rights to make
 * namespaces for children stay inside it), all capabilities there, root there, its channel at
 * fd 3, and no seccomp filter of its own: a filter cannot be lifted, and the bundle's applies
 * to every child instead. Its /proc is a bind of ours (what a process in our pid namespace
 * sees anyway): a user namespace may mount a new proc only where a full one is visible, which
 * its children need for their own. */
static int seed_config(struct oci_config **config, void *data, struct turf_error **err)
{
    const char *cgroup_name = data;
    const struct oci_config *c = *config;
    const struct oci_linux *l = c->linux_;
    if (!l || !oci_config_find_namespace(c, "user") || !l->n_uid_mappings || !l->n_gid_mappings)
        return turf_error_set(err, -EINVAL,
                              "config.json: linux.namespaces: a seed needs a user namespace with "
                              "uidMappings and gidMappings (its rights to make namespaces stay "
                              "inside it)");
    json_t *j = oci_config_to_json(c);
    if (!j)
        return turf_error_errno(err, -ENOMEM, "seed config");
    json_t *linux_ = json_object_get(j, "linux"), *ns = json_object_get(linux_, "namespaces");
    for (size_t i = json_array_size(ns); i-- > 0;)
        if (strcmp(json_string_value(json_object_get(json_array_get(ns, i), "type")), "pid") == 0)
            json_array_remove(ns, i);
    json_object_del(linux_, "seccomp");
    /* Forking a sandbox charges the seed's memory cgroup with the kernel memory of the child
     * (its page tables, copied at fork: 0.2 to 0.5 MiB each) for as long as the child lives,
     * wherever it is placed afterwards. A memory limit on the seed would therefore cap the
     * number of live sandboxes, and reaching it would OOM-kill the seed: seeds get none. */
    json_object_del(json_object_get(linux_, "resources"), "memory");
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(j, "mounts"), i, m)
    {
        const char *type = json_string_value(json_object_get(m, "type"));
        if (!type || strcmp(type, "proc") != 0)
            continue;
        json_object_set_new(m, "type", json_string("bind"));
        json_object_set_new(m, "source", json_string("/proc"));
        json_object_set_new(m, "options",
                            json_pack("[s, s, s, s]", "rbind", "nosuid", "nodev", "noexec"));
    }
    json_t *p = json_object_get(j, "process"), *user = json_object_get(p, "user");
    if (user) {
        json_object_set_new(user, "uid", json_integer(0));
        json_object_set_new(user, "gid", json_integer(0));
    }
    json_t *all = json_array();
    for (int cap = 0; cap <= oci_capability_last(); cap++)
        if (oci_capability_name(cap))
            json_array_append_new(all, json_string(oci_capability_name(cap)));
    json_object_set_new(
        p, "capabilities",
        json_pack("{s:O, s:O, s:O}", "bounding", all, "effective", all, "permitted", all));
    json_decref(all);
    json_t *env = json_object_get(p, "env");
    if (!env)
        json_object_set_new(p, "env", env = json_array());
    json_array_append_new(env, json_string(TURF_SEED_FD_ENV "=3"));
    /* Its cgroup apart from the sandboxes' (turf/ID, and no sandbox id has a ':'): a sandbox
     * named like the seed must not share it, nor a seed of another turfd, or deleting one
     * would kill the other. */
    if (!json_object_get(linux_, "cgroupsPath")) {
        _cleanup_free_ char *cgroup = NULL;
        if (asprintf(&cgroup, "turf/seed:%s", cgroup_name) < 0) {
            json_decref(j);
            return turf_error_errno(err, -ENOMEM, "seed config");
        }
        json_object_set_new(linux_, "cgroupsPath", json_string(cgroup));
    }
    struct oci_config *adjusted = NULL;
    int r = oci_config_parse_json(j, "config.json (as a seed)", &adjusted, err);
    json_decref(j);
    if (r < 0)
        return r;
    oci_config_free(*config);
    *config = adjusted;
    return 0;
}

/* ---- start and stop ---- */

/* ---- pools ---- */

/* A pooled child goes: killed (it may be gone already), its cgroup and its record removed. */
static void pooled_free(struct pooled_child *c)
{
    kill(c->pid, SIGKILL);
    close(c->channel);
    if (c->cgroup) {
        struct turf_error *err = NULL;
        if (cg_manager_destroy(c->cgroup, &err) < 0)
            turf_log_warn("pool: %s", err->msg);
        turf_error_free(&err);
        cg_manager_free(c->cgroup);
    }
    if (c->record)
        unlink(c->record);
    free(c->record);
}

static void drop_pool(struct seed *s)
{
    for (size_t i = 0; i < s->n_pool; i++)
        pooled_free(&s->pool[i]);
    s->n_pool = 0;
}

void turfd_pool_cleanup(struct turfd *d)
{
    DIR *dir = opendir(d->pool_dir);
    struct dirent *e;
    while (dir && (e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        _cleanup_free_ char *path = NULL;
        if (asprintf(&path, "%s/%s", d->pool_dir, e->d_name) < 0)
            break;
        json_t *j = json_load_file(path, 0, NULL);
        struct cg_manager *cg = NULL;
        struct turf_error *err = NULL;
        if (j && cg_manager_from_json(j, &cg, &err) == 0 && cg_manager_destroy(cg, &err) < 0)
            turf_log_warn("pool: %s", err->msg);
        turf_error_free(&err);
        cg_manager_free(cg);
        json_decref(j);
        unlink(path);
    }
    if (dir)
        closedir(dir);
}

/* Forks a child for the pool, in a cgroup of its own (named pool:INSTANCE:SEED:N, which no
 * sandbox id can be: a create renames it after the sandbox), recorded under DIR/pool until a
 * create takes it; then tells it to prepare ahead of its config (its /proc, the runtime's
 * fork fix-ups). All of this happens while turfd is idle, and none of it on a create's
 * path. */
static int pool_child(struct turfd *d, struct seed *s, struct pooled_child *out,
                      struct turf_error **err)
{
    *out = (struct pooled_child){.channel = -1};
    char id[300];
    snprintf(id, sizeof(id), "pool:%s:%u", s->cgroup_name, ++s->pool_serial);
    _cleanup_cg_layout_ struct cg_layout *layout = NULL;
    int r = turf_seed_request_fork(s->w.fd, s->pool_namespaces, FORK_TIMEOUT_MS, &out->pid,
                                   &out->channel, err);
    if (r < 0)
        return r;
    json_t *j = NULL;
    _cleanup_free_ char *text = NULL;
    if ((r = turf_container_start_time(out->pid, &out->start_time, err)) < 0 ||
        (r = cg_layout_detect(&layout, err)) < 0 ||
        (r = cg_manager_create(layout, NULL, id, 0, &out->cgroup, err)) < 0)
        goto fail;
    if (!(j = cg_manager_to_json(out->cgroup)) || !(text = json_dumps(j, JSON_COMPACT)) ||
        asprintf(&out->record, "%s/%s.json", d->pool_dir, id) < 0) {
        r = turf_error_errno(err, -ENOMEM, "pool");
        goto fail;
    }
    if ((r = turf_write_file_atomic(out->record, text, strlen(text), 0600, err)) < 0 ||
        (r = cg_manager_add_pid(out->cgroup, out->pid, err)) < 0 ||
        (r = turf_seed_send(out->channel, s->prepare, NULL, 0, err)) < 0)
        goto fail;
    /* And the seed's own bundle, ahead of a create of it (unless it names its cgroup, which
     * the pool's cannot become). */
    struct turf_error *e = NULL;
    const struct turf_warm_bundle *b = turfd_bundle_get(s->bundle, &e);
    if (!b) {
        turf_log_warn("seed %s: pool: %s", s->name, e->msg);
        turf_error_free(&e);
    } else if (b->namespaces == s->pool_namespaces &&
               !(b->config->linux_ && b->config->linux_->cgroups_path)) {
        if ((r = turf_warm_configure(b, out->channel, out->cgroup, err)) < 0)
            goto fail;
        out->bundle = b->serial;
    }
    json_decref(j);
    return 0;
fail:
    json_decref(j);
    pooled_free(out);
    *out = (struct pooled_child){.channel = -1};
    return r;
}

static void seed_down(struct turfd *d, struct seed *s)
{
    turfd_unwatch(d, &s->w);
    drop_pool(s);
    if (s->pid > 0)
        kill(s->pid, SIGKILL);
    s->pid = 0;
    struct turf_error *err = NULL;
    if (turf_container_delete(d->seeds_root, s->name, true, &err) < 0 && err &&
        err->code != -ENOENT)
        turf_log_debug("seed %s: %s", s->name, err->msg);
    turf_error_free(&err);
}

static int seed_start(struct turfd *d, struct seed *s, struct turf_error **err)
{
    /* Whatever an earlier turfd or run left under this name goes first. */
    struct turf_error *ignored = NULL;
    turf_container_delete(d->seeds_root, s->name, true, &ignored);
    turf_error_free(&ignored);

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return turf_error_errno(err, -errno, "socketpair");
    _cleanup_close_ int ours = sv[0];
    _cleanup_close_ int theirs = sv[1];
    _cleanup_free_ char *log_path = NULL;
    if (asprintf(&log_path, "%s/seed-%s.log", d->logs_dir, s->name) < 0)
        return turf_error_errno(err, -ENOMEM, "seed %s", s->name);
    _cleanup_close_ int log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log_fd < 0)
        return turf_error_errno(err, -errno, "open %s", log_path);
    struct turf_create_options o = {
        .root = d->seeds_root,
        .id = s->name,
        .bundle = s->bundle,
        .no_new_keyring = true,
        .pass_fds = &theirs,
        .n_pass_fds = 1,
        .stdout_fd = log_fd,
        .adjust_config = seed_config,
        .adjust_data = s->cgroup_name,
    };
    pid_t pid;
    int r = turf_container_create(&o, &pid, err);
    if (r < 0)
        return r;
    close(TURF_STEAL_FD(theirs));
    pid_t reported;
    if ((r = turf_container_start(d->seeds_root, s->name, err)) < 0 ||
        (r = turf_seed_wait_ready(ours, READY_TIMEOUT_MS, &reported, err)) < 0) {
        struct turf_error *e = NULL;
        turf_container_delete(d->seeds_root, s->name, true, &e);
        turf_error_free(&e);
        return turf_error_wrap(err, "seed %s (log: %s)", s->name, log_path);
    }
    s->pid = pid;
    s->w = (struct watch){WATCH_SEED, TURF_STEAL_FD(ours)};
    if ((r = turfd_watch(d, &s->w, EPOLLIN | EPOLLRDHUP)) < 0) {
        seed_down(d, s);
        return turf_error_errno(err, r, "watch seed %s", s->name);
    }
    s->started_ms = turfd_now_ms();
    s->restart_at_ms = 0;
    turf_log_info("seed %s ready (pid %d)", s->name, (int)pid);
    return 0;
}

/* The seed's defaults read from its bundle: the pool size (annotation) and the namespaces
 * its own sandboxes get, which pooled children are made in. */
static int read_bundle(struct seed *s, unsigned pool, struct turf_error **err)
{
    _cleanup_oci_config_ struct oci_config *c = NULL;
    int r = oci_config_load_bundle(s->bundle, &c, err);
    if (r < 0 || (r = turf_warm_namespaces(c, &s->pool_namespaces, err)) < 0)
        return r;
    if (pool == (unsigned)-1) {
        const char *a = oci_map_get(&c->annotations, POOL_ANNOTATION);
        char *end;
        long v = a ? strtol(a, &end, 10) : 0;
        if (a && (*end || v < 0 || v > 1024))
            return turf_error_set(err, -EINVAL,
                                  "config.json: annotations[\"" POOL_ANNOTATION
                                  "\"]: expected a number from 0 to 1024, got \"%s\"",
                                  a);
        pool = (unsigned)v;
    }
    s->pool_size = pool;
    json_decref(s->prepare);
    s->prepare =
        json_pack("{s:s, s:I}", "type", "prepare", "namespaces", (json_int_t)s->pool_namespaces);
    const struct oci_linux *l = c->linux_;
    json_t *masked = json_array(), *readonly = json_array();
    for (size_t i = 0; l && l->masked_paths && l->masked_paths[i]; i++)
        json_array_append_new(masked, json_string(l->masked_paths[i]));
    for (size_t i = 0; l && l->readonly_paths && l->readonly_paths[i]; i++)
        json_array_append_new(readonly, json_string(l->readonly_paths[i]));
    json_object_set_new(s->prepare, "maskedPaths", masked);
    json_object_set_new(s->prepare, "readonlyPaths", readonly);
    char *rootfs = NULL;
    if (c->root->path[0] == '/')
        rootfs = realpath(c->root->path, NULL);
    else {
        _cleanup_free_ char *p = NULL;
        if (asprintf(&p, "%s/%s", s->bundle, c->root->path) >= 0)
            rootfs = realpath(p, NULL);
    }
    free(s->rootfs);
    s->rootfs = rootfs;
    return 0;
}

static void seed_free(struct seed *s)
{
    json_decref(s->prepare);
    free(s->name);
    free(s->cgroup_name);
    free(s->bundle);
    free(s->rootfs);
    free(s->pool);
    free(s);
}

/* keep: a seed restored from seeds.json that cannot start now (its bundle missing for a
 * while, say) stays, restarting with backoff, rather than being forgotten. */
static int seed_create(struct turfd *d, const char *name, const char *bundle, unsigned pool,
                       bool keep, struct turf_error **err)
{
    int r = turf_store_check_id(name, err);
    if (r < 0)
        return r;
    if (turfd_seed_find(d, name))
        return turf_error_set(err, -EEXIST, "seed %s already exists", name);
    struct seed *s = calloc(1, sizeof(*s));
    char *path = keep ? strdup(bundle) : realpath(bundle, NULL);
    if (!s || !(s->name = strdup(name)) || !(s->bundle = path)) {
        r = s && s->name ? turf_error_errno(err, -errno, "bundle %s", bundle)
                         : turf_error_errno(err, -ENOMEM, "seed %s", name);
        if (s)
            seed_free(s);
        return r;
    }
    if (asprintf(&s->cgroup_name, "%s:%s", d->instance, name) < 0) {
        s->cgroup_name = NULL;
        seed_free(s);
        return turf_error_errno(err, -ENOMEM, "seed %s", name);
    }
    s->w = (struct watch){WATCH_SEED, -1};
    s->backoff_ms = BACKOFF_MIN_MS;
    s->pool_size = pool;
    if ((r = read_bundle(s, pool, err)) < 0 || (r = seed_start(d, s, err)) < 0) {
        if (!keep) {
            seed_free(s);
            return r;
        }
        s->restart_at_ms = turfd_now_ms() + s->backoff_ms;
    }
    s->next = d->seeds;
    d->seeds = s;
    save_registry(d);
    return r;
}

int turfd_seed_create(struct turfd *d, const char *name, const char *bundle, unsigned pool,
                      struct turf_error **err)
{
    return seed_create(d, name, bundle, pool, false, err);
}

int turfd_seed_delete(struct turfd *d, const char *name, struct turf_error **err)
{
    for (struct seed **p = &d->seeds; *p; p = &(*p)->next) {
        struct seed *s = *p;
        if (strcmp(s->name, name) != 0)
            continue;
        *p = s->next;
        seed_down(d, s);
        seed_free(s);
        save_registry(d);
        return 0;
    }
    return turf_error_set(err, -ENOENT, "seed %s does not exist", name);
}

json_t *turfd_seed_list(struct turfd *d)
{
    json_t *list = json_array();
    for (struct seed *s = d->seeds; s; s = s->next)
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i}", "name", s->name, "bundle",
                            s->bundle, "status", s->pid > 0 ? "ready" : "restarting", "pid",
                            (json_int_t)s->pid, "pool", (json_int_t)s->pool_size, "pooled",
                            (json_int_t)s->n_pool, "restarts", (json_int_t)s->restarts));
    return list;
}

void turfd_seeds_restore(struct turfd *d)
{
    json_error_t jerr;
    json_t *list = json_load_file(d->registry, 0, &jerr);
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *name = json_string_value(json_object_get(e, "name"));
        const char *bundle = json_string_value(json_object_get(e, "bundle"));
        json_int_t pool = json_integer_value(json_object_get(e, "pool"));
        struct turf_error *err = NULL;
        if (name && bundle && seed_create(d, name, bundle, (unsigned)pool, true, &err) < 0)
            turf_log_error("restore seed %s: %s; retrying", name, err->msg);
        turf_error_free(&err);
    }
    json_decref(list);
    save_registry(d);
}

/* A dead seed: its pool goes with it, a restart is scheduled, and its sandboxes, being our
 * children in cgroups of their own, carry on. */
static void seed_died(struct turfd *d, struct seed *s, int status)
{
    int code = turf_exit_code(status);
    turf_log_warn("seed %s (pid %d) exited with status %d; restarting in %u ms", s->name,
                  (int)s->pid, code, s->backoff_ms);
    s->pid = 0;
    seed_down(d, s);
    if (turfd_now_ms() - s->started_ms > HEALTHY_MS)
        s->backoff_ms = BACKOFF_MIN_MS;
    s->restart_at_ms = turfd_now_ms() + s->backoff_ms;
    s->backoff_ms = backoff_after(s->backoff_ms);
    event(d, "seed-exit", s, "status", code);
}

bool turfd_seeds_reaped(struct turfd *d, pid_t pid, int status)
{
    for (struct seed *s = d->seeds; s; s = s->next) {
        if (s->pid == pid) {
            seed_died(d, s, status);
            return true;
        }
        for (size_t i = 0; i < s->n_pool; i++)
            if (s->pool[i].pid == pid) {
                /* A child that cannot even wait (its setup failed, say) is not forked again
                 * at once: refills back off as restarts do. */
                s->pool_backoff_ms = backoff_after(s->pool_backoff_ms);
                s->pool_retry_at_ms = turfd_now_ms() + s->pool_backoff_ms;
                turf_log_warn("seed %s: pooled child %d exited before a create took it "
                              "(status %d); refilling in %u ms (log: seed-%s.log)",
                              s->name, (int)pid, turf_exit_code(status), s->pool_backoff_ms,
                              s->name);
                pooled_free(&s->pool[i]);
                s->pool[i] = s->pool[--s->n_pool];
                return true;
            }
    }
    return false;
}

/* The seed's channel is readable only when it closed (it speaks when asked): the seed is
 * going; its exit comes through SIGCHLD. */
void turfd_seed_channel_event(struct turfd *d, struct seed *s)
{
    turf_log_debug("seed %s closed its channel", s->name);
    turfd_unwatch(d, &s->w);
}

static int fork_child(struct seed *s, unsigned long namespaces, pid_t *pid, int *channel,
                      struct turf_error **err)
{
    if (s->w.fd < 0)
        return turf_error_set(err, -EAGAIN, "seed %s is restarting", s->name);
    return turf_seed_request_fork(s->w.fd, namespaces, FORK_TIMEOUT_MS, pid, channel, err);
}

int turfd_seed_child(void *seed, const struct turf_warm_bundle *b, struct turf_warm_child *out,
                     struct turf_error **err)
{
    struct seed *s = seed;
    *out = (struct turf_warm_child){.channel = -1};
    struct pooled_child *c = s->n_pool ? &s->pool[s->n_pool - 1] : NULL;
    if (c && b->namespaces == s->pool_namespaces && (!c->bundle || c->bundle == b->serial)) {
        /* The sandbox's now: its record, when it lands, says where its cgroup is. */
        *out =
            (struct turf_warm_child){c->pid, c->channel, c->cgroup, c->bundle != 0, c->start_time};
        unlink(c->record);
        free(c->record);
        s->n_pool--;
        s->pool_backoff_ms = 0;
        return 0;
    }
    /* Children configured with the seed's bundle as it was: its config.json has changed since.
     * They go, and the pool refills with the new one. */
    if (c && c->bundle && strcmp(b->path, s->bundle) == 0)
        drop_pool(s);
    return fork_child(s, b->namespaces, &out->pid, &out->channel, err);
}

int turfd_seeds_tick(struct turfd *d, bool idle)
{
    uint64_t now = turfd_now_ms();
    int timeout = -1;
    bool refilled = false;
    for (struct seed *s = d->seeds; s; s = s->next) {
        if (s->restart_at_ms && s->restart_at_ms <= now) {
            struct turf_error *err = NULL;
            s->restarts++;
            /* A seed restored without its bundle reads it again first. */
            if ((!s->prepare && read_bundle(s, s->pool_size, &err) < 0) ||
                seed_start(d, s, &err) < 0) {
                turf_log_error("restart seed %s: %s", s->name, err->msg);
                s->restart_at_ms = now + s->backoff_ms;
                s->backoff_ms = backoff_after(s->backoff_ms);
            } else {
                event(d, "seed-restart", s, "restarts", s->restarts);
            }
            turf_error_free(&err);
        }
        if (s->restart_at_ms) {
            int left = (int)(s->restart_at_ms - now);
            timeout = timeout < 0 || left < timeout ? left : timeout;
        }
        /* One pooled child per quiet loop turn: requests always go first. */
        bool due = s->pool_retry_at_ms <= now;
        if (idle && !refilled && due && s->pid > 0 && s->w.fd >= 0 && s->n_pool < s->pool_size) {
            struct pooled_child c;
            struct turf_error *err = NULL;
            struct pooled_child *grown = realloc(s->pool, s->pool_size * sizeof(*grown));
            if (grown && pool_child(d, s, &c, &err) == 0) {
                s->pool = grown;
                s->pool[s->n_pool++] = c;
            } else {
                if (grown)
                    s->pool = grown;
                turf_log_warn("seed %s: pool: %s", s->name, err ? err->msg : "out of memory");
                s->pool_size = s->n_pool; /* stop trying until the seed restarts */
            }
            turf_error_free(&err);
            refilled = true;
        }
        if (s->pid > 0 && s->n_pool < s->pool_size) {
            int wait = !due ? (int)(s->pool_retry_at_ms - now) : refilled ? 0 : POOL_IDLE_MS;
            timeout = timeout < 0 || wait < timeout ? wait : timeout;
        }
    }
    return timeout;
}

void turfd_seeds_stop(struct turfd *d)
{
    while (d->seeds) {
        struct seed *s = d->seeds;
        d->seeds = s->next;
        seed_down(d, s);
        seed_free(s);
    }
}
