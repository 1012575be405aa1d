/* turf_warm_create (see warm.h). The child is a clone of a seed, already in its namespaces;
 * from here it is treated as a cold init is: recorded with its pid and start time in its
 * first record, placed in its cgroup before it runs a line of the sandbox's setup, and
 * released into the same exec fifo protocol (or, started at once, into none). */
#include "warm.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../cgroups/cgroups.h"
#include "../../oci/config.h"
#include "../base/cleanup.h"
#include "../base/fdpass.h"
#include "../base/fileio.h"
#include "../sandbox/sandbox.h"
#include "../seed/protocol.h"
#include "../state/store.h"
#include "container.h"
#include "internal.h"

/* How long a child may take between its config and "ready". */
#define SETUP_TIMEOUT_MS 10000

int turf_warm_namespaces(const struct oci_config *c, unsigned long *flags, struct turf_error **err)
{
    if (!c->process)
        return turf_error_set(err, -EINVAL, "config.json: process: required to create a sandbox");
    if (c->process->terminal.value)
        return turf_error_set(err, -EINVAL,
                              "config.json: process.terminal: warm sandboxes have no terminal");
    if (turf_sandbox_joins_namespaces(c))
        return turf_error_set(err, -EINVAL,
                              "config.json: linux.namespaces: a warm sandbox cannot join "
                              "namespaces by path");
    if (turf_sandbox_new_time_namespace(c))
        return turf_error_set(err, -EINVAL,
                              "config.json: linux.namespaces: a warm sandbox cannot have a time "
                              "namespace");
    if (c->hooks)
        return turf_error_set(err, -EINVAL,
                              "config.json: hooks: not run for warm sandboxes; remove them or "
                              "use a cold container");
    int r = turf_sandbox_namespace_flags(c, flags, err);
    if (r < 0)
        return r;
    /* A warm sandbox lives in its seed's user namespace (the seed's mappings apply). */
    *flags &= ~(unsigned long)CLONE_NEWUSER;
    return 0;
}

/* The config the child applies: everything but the seccomp rules, which come compiled. */
static char *child_config(const struct oci_config *c)
{
    json_t *j = oci_config_to_json(c);
    json_t *l = j ? json_object_get(j, "linux") : NULL;
    if (l)
        json_object_del(l, "seccomp");
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return text;
}

static int wait_ready(int channel, struct turf_error **err)
{
    int r = turf_seed_expect(channel, "ready", SETUP_TIMEOUT_MS, "the sandbox", NULL, err);
    return r == -ECONNRESET ? turf_error_set(err, -ECHILD, "the sandbox exited during setup") : r;
}

static void add_fd(json_t *map, const char *name, int fd, int *fds, size_t *n)
{
    if (fd < 0)
        return;
    json_object_set_new(map, name, json_integer((json_int_t)*n));
    fds[(*n)++] = fd;
}

/* Sends a "config" message (turf/seed/protocol.h) with its descriptors ("fds" says which is
 * which): the bundle's config when b is not NULL, the sandbox's name and descriptors when o
 * is not NULL (dir_fd: its state directory). */
static int send_config(int channel, const struct turf_warm_bundle *b,
                       const struct turf_warm_create_options *o, int dir_fd,
                       struct turf_error **err)
{
    int fds[4];
    size_t n = 0;
    json_t *map = json_object();
    json_t *msg = json_pack("{s:s}", "type", "config");
    if (o) {
        json_object_set_new(msg, "id", json_string(o->id));
        if (o->start)
            json_object_set_new(msg, "start", json_true());
        add_fd(map, "dir", dir_fd, fds, &n);
        add_fd(map, "stdio", o->stdio_fd, fds, &n);
        add_fd(map, "listen", o->listen_fd, fds, &n);
    }
    if (b) {
        json_object_set_new(msg, "namespaces", json_integer((json_int_t)b->namespaces));
        json_object_set_new(msg, "seccompFlags", json_integer((json_int_t)b->seccomp_flags));
        add_fd(map, "seccomp", b->seccomp_fd, fds, &n);
        if (!o && b->seccomp_early) /* ahead of a create: the child loads it now */
            json_object_set_new(msg, "seccompEarly", json_true());
    }
    json_object_set_new(msg, "fds", map);
    _cleanup_free_ char *head = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    /* The config goes in as the bundle's cached text: "{...head...,"config":TEXT}". */
    _cleanup_free_ char *text = NULL;
    if (!head || (b && asprintf(&text, "%.*s,\"config\":%s}", (int)strlen(head) - 1, head,
                                b->child_text) < 0))
        return turf_error_errno(err, -ENOMEM, "encode the sandbox's config");
    if (!b)
        text = TURF_STEAL(head);
    if (strlen(text) > TURF_SEED_MAX_MESSAGE)
        return turf_error_set(err, -EMSGSIZE, "the sandbox's config is too large to send");
    int r = turf_send_fds(channel, text, strlen(text), fds, n);
    return r < 0 ? turf_error_errno(err, r, "send the sandbox's config") : 0;
}

int turf_warm_bundle_load(const char *path, struct turf_warm_bundle **out, struct turf_error **err)
{
    *out = NULL;
    struct turf_warm_bundle *b = calloc(1, sizeof(*b));
    if (!b)
        return turf_error_errno(err, -ENOMEM, "bundle %s", path);
    b->seccomp_fd = -1;
    int r;
    if (!(b->path = realpath(path, NULL)))
        r = turf_error_errno(err, -errno, "bundle %s", path);
    else if ((r = oci_config_load_bundle(b->path, &b->config, err)) == 0)
        r = turf_warm_namespaces(b->config, &b->namespaces, err);
    /* The filter is compiled here, once, and shipped to each sandbox as a program. */
    const struct oci_config *c = b->config;
    if (r == 0 && c->linux_ && c->linux_->seccomp) {
        struct turf_seccomp *f = NULL;
        r = turf_sandbox_build_seccomp(c->linux_->seccomp, &f, err);
        if (r == 0)
            r = turf_sandbox_export_seccomp(f, &b->seccomp_fd, &b->seccomp_flags, err);
        turf_sandbox_free_seccomp(f);
        static const int claim[] = TURF_SEED_CLAIM_SYSCALLS;
        b->seccomp_early =
            r == 0 && turf_sandbox_seccomp_allows(b->seccomp_fd, claim, TURF_ARRAY_SIZE(claim));
    }
    if (r == 0 && (!(b->config_text = oci_config_dump(c)) || !(b->child_text = child_config(c))))
        r = turf_error_errno(err, -ENOMEM, "bundle %s", path);
    if (r < 0) {
        turf_warm_bundle_free(b);
        return r;
    }
    *out = b;
    return 0;
}

void turf_warm_bundle_free(struct turf_warm_bundle *b)
{
    if (!b)
        return;
    free(b->path);
    free(b->config_text);
    free(b->child_text);
    oci_config_free(b->config);
    if (b->seccomp_fd >= 0)
        close(b->seccomp_fd);
    free(b);
}

int turf_warm_configure(const struct turf_warm_bundle *b, int channel, struct cg_manager *cg,
                        struct turf_error **err)
{
    int r = turf_container_apply_resources(cg, b->config, err);
    return r < 0 ? r : send_config(channel, b, NULL, -1, err);
}

/* Sends a sandbox's name and descriptors (and its bundle's config, for a child not yet
 * configured with it). */
static int send_claim(int channel, const struct turf_warm_create_options *o, bool configured,
                      struct turf_container_dir *dir, struct turf_error **err)
{
    _cleanup_close_ int child_dir = openat(dir->fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (child_dir < 0)
        return turf_error_errno(err, -errno, "open %s", dir->path);
    return send_config(channel, configured ? NULL : o->bundle, o, child_dir, err);
}

/* A pooled cgroup that a failed create did not make the sandbox's goes with it. */
static void destroy_unadopted(struct cg_manager **cg)
{
    if (*cg)
        cg_manager_destroy(*cg, NULL);
}

static int do_create(const struct turf_warm_create_options *o, struct turf_container_dir *dir,
                     pid_t *pid_out, struct turf_error **err)
{
    const struct oci_config *c = o->bundle->config;
    const char *bundle = o->bundle->path;
    int r;
    struct turf_warm_child child = {.channel = -1};
    if ((r = o->get_child(o->data, o->bundle, &child, err)) < 0)
        return r;
    pid_t pid = child.pid;
    _cleanup_close_ int channel = child.channel;
    /* A pooled child comes in a cgroup of its own already (made, with the child placed in
     * it, while turfd was idle): renamed after the sandbox, it becomes the sandbox's. */
    _cleanup_cg_manager_ struct cg_manager *pooled = child.cgroup;
    __attribute__((cleanup(destroy_unadopted))) struct cg_manager *unadopted = pooled;
    *pid_out = pid;
    if (!child.start_time && (r = turf_container_start_time(pid, &child.start_time, err)) < 0)
        return r;

    /* Recorded with its pid from the start: delete --force finds it from here on. */
    __attribute__((cleanup(turf_new_container_release))) struct turf_new_container nc = {0};
    struct turf_begin begin = {
        .root = o->root,
        .id = o->id,
        .config = c,
        .config_text = o->bundle->config_text,
        .bundle = bundle,
        .rootfs = o->rootfs,
        .seed = o->seed,
        .pid = pid,
        .pid_start_time = child.start_time,
    };
    if ((r = turf_container_begin(&begin, dir, &nc, err)) < 0 ||
        (!o->start && (r = turf_container_make_exec_fifo(dir, err)) < 0))
        return r;
    struct turf_record rec = nc.rec;
    /* A configured child needs only its name and descriptors: sent first, its last steps
     * overlap the cgroup work below (it runs no user code before start either way). Any
     * other child reads its config once it is in its cgroup. */
    if (child.configured && (r = send_claim(channel, o, true, dir, err)) < 0)
        return r;
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    if (pooled && !(c->linux_ && c->linux_->cgroups_path)) {
        /* Recorded or not, delete finds it: from cgroup.json, or by the pool's name. */
        if ((r = cg_manager_rename(pooled, o->id, err)) < 0 ||
            (r = turf_container_adopt_cgroup(pooled, c, dir, !child.configured, err)) < 0)
            return r;
        unadopted = NULL;
    } else {
        if ((r = turf_container_make_cgroup(o->id, false, c, dir, &cg, err)) < 0 ||
            (r = cg_manager_add_pid(cg, pid, err)) < 0)
            return r;
        /* A cgroupsPath of its own: the pool's cgroup, now empty, goes at return. */
    }
    if ((!child.configured && (r = send_claim(channel, o, false, dir, err)) < 0) ||
        (r = wait_ready(channel, err)) < 0)
        return r;
    rec.status = "created"; /* "running" without an exec fifo */
    if ((r = turf_record_write(dir, &rec, err)) < 0)
        return r;
    if (o->cgroup)
        *o->cgroup = cg ? TURF_STEAL(cg) : TURF_STEAL(pooled);
    if (o->start && o->release)
        *o->release = TURF_STEAL_FD(channel);
    return 0;
}

int turf_warm_create(const struct turf_warm_create_options *o, pid_t *pid, struct turf_error **err)
{
    struct turf_container_dir dir = {.fd = -1};
    *pid = 0;
    int r = do_create(o, &dir, pid, err);
    if (r < 0) {
        if (*pid > 0)
            kill(*pid, SIGKILL); /* turfd's child: its reaper collects it */
        turf_container_undo_create(&dir);
        return turf_error_wrap(err, "create %s", o->id);
    }
    turf_store_close(&dir);
    return 0;
}
