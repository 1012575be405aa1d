/* A WarmFork child between clone and serving: it receives its sandbox's config from turfd
 * (which has placed it in its cgroup by then), applies the same setup code as a cold init
 * (host settings, process settings, capabilities, no_new_privs, seccomp), reports, and parks
 * on the exec fifo of its state directory until `turf start` (unless it is started at once). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "../../oci/config.h"
#include "../base/cleanup.h"
#include "../base/fdpass.h"
#include "../sandbox/sandbox.h"
#include "prefault.h"
#include "protocol.h"
#include "seed.h"

struct child_fds {
    int dir, stdio, listen, seccomp;
};

static int fd_at(json_t *fds_map, const char *name, const int *fds, size_t n_fds)
{
    json_t *v = json_object_get(fds_map, name);
    if (!json_is_integer(v))
        return -1;
    json_int_t i = json_integer_value(v);
    return i >= 0 && (size_t)i < n_fds ? fds[i] : -1;
}

static _Noreturn void child_fail(int channel, struct turf_error *e)
{
    json_t *j = json_pack("{s:s, s:s}", "type", "error", "message", e ? e->msg : "unknown error");
    turf_seed_send(channel, j, NULL, 0, NULL);
    _exit(1);
}

/* The sandbox's environment replaces the seed's. */
static int set_environment(char *const *env, struct turf_error **err)
{
    if (clearenv() != 0)
        return turf_error_set(err, -ENOMEM, "clear the environment");
    for (size_t i = 0; env && env[i]; i++) {
        char *copy = strdup(env[i]);
        if (!copy || putenv(copy) != 0)
            return turf_error_errno(err, -ENOMEM, "process.env[%zu]", i);
    }
    return 0;
}

static int (*prepare_fn)(void *data);
static void *prepare_data;

void turf_seed_set_prepare(int (*prepare)(void *data), void *data)
{
    prepare_fn = prepare;
    prepare_data = data;
}

static int (*rehearse_fn)(void *data);
static void *rehearse_data;

void turf_seed_set_rehearse(int (*rehearse)(void *data), void *data)
{
    rehearse_fn = rehearse;
    rehearse_data = data;
}

int turf_seed_rehearse(struct turf_error **err)
{
    return rehearse_fn
               ? turf_seed_learn_pages(prepare_fn, prepare_data, rehearse_fn, rehearse_data, err)
               : 0;
}

/* What a child did before its config, and with which lists. */
struct prepared {
    bool proc; /* mounted its /proc */
    char **masked, **readonly;
    bool runtime; /* ran the runtime's prepare function */
};

static bool same_strv(char *const *a, char *const *b)
{
    size_t i = 0;
    for (; a && b && a[i] && b[i]; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return (!a || !a[i]) && (!b || !b[i]);
}

static char **strv_from_json(json_t *array)
{
    size_t n = json_array_size(array), i;
    char **v = calloc(n + 1, sizeof(char *));
    json_t *e;
    json_array_foreach(array, i, e)
    {
        if (v && !(v[i] = strdup(json_string_value(e) ? json_string_value(e) : "")))
            return NULL;
    }
    return v;
}

/* A /proc of our own pid namespace, masked as given: the seed's shows the seed's view.
 * Mounted over it (in our mount namespace only), because a user namespace may mount proc only
 * where a full proc is already visible. */
static int mount_proc(unsigned long namespaces, char *const *masked, char *const *readonly,
                      struct turf_error **err)
{
    if (!(namespaces & CLONE_NEWPID) || !(namespaces & CLONE_NEWNS))
        return 0;
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        return turf_error_errno(err, -errno, "mount /proc for the sandbox's pid namespace");
    return turf_sandbox_mask_paths(masked, readonly, "/proc", err);
}

static int run_prepare(struct prepared *p, struct turf_error **err)
{
    if (p->runtime || !prepare_fn)
        return 0;
    p->runtime = true;
    return prepare_fn(prepare_data) == 0
               ? 0
               : turf_error_set(err, -EIO, "the runtime's preparation of the sandbox failed");
}

/* "prepare": what a pooled child can do before it knows its sandbox, and the pages it will
 * need (see prefault.c). */
static int prepare(json_t *msg, struct prepared *p, struct turf_error **err)
{
    if (p->proc || p->runtime)
        return turf_error_set(err, -EPROTO, "prepared twice");
    p->masked = strv_from_json(json_object_get(msg, "maskedPaths"));
    p->readonly = strv_from_json(json_object_get(msg, "readonlyPaths"));
    if (!p->masked || !p->readonly)
        return turf_error_errno(err, -ENOMEM, "prepare");
    unsigned long namespaces =
        (unsigned long)json_integer_value(json_object_get(msg, "namespaces"));
    int r = mount_proc(namespaces, p->masked, p->readonly, err);
    if (r < 0)
        return r;
    p->proc = true;
    if ((r = run_prepare(p, err)) < 0)
        return r;
    /* Idle time: copy now what the sandbox's first request would copy fault by fault. */
    turf_seed_prefault();
    return 0;
}

/* A "config" message's config: everything a sandbox of it needs but its name and descriptors
 * (and the seccomp filter, loaded once started). */
static int configure(json_t *msg, struct prepared *p, struct oci_config **out,
                     struct turf_error **err)
{
    int r = oci_config_parse_json(json_object_get(msg, "config"), "config.json", out, err);
    if (r < 0)
        return r;
    const struct oci_config *c = *out;
    const struct oci_linux *l = c->linux_;
    if (!c->process)
        return turf_error_set(err, -EINVAL, "config.json: process: required");
    unsigned long namespaces =
        (unsigned long)json_integer_value(json_object_get(msg, "namespaces"));
    if (setsid() < 0)
        return turf_error_errno(err, -errno, "setsid");
    char *const *masked = l ? l->masked_paths : NULL, *const *readonly =
                                                          l ? l->readonly_paths : NULL;
    if (!p->proc)
        r = mount_proc(namespaces, masked, readonly, err);
    else if (!same_strv(masked, p->masked) || !same_strv(readonly, p->readonly))
        r = turf_sandbox_mask_paths(masked, readonly, "/proc", err); /* on top of the seed's */
    if (r < 0 || (r = run_prepare(p, err)) < 0)
        return r;
    if ((namespaces & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
        return turf_error_errno(err, -errno, "create the cgroup namespace");
    if ((r = turf_sandbox_setup_host(c, err)) < 0 ||
        (r = set_environment(c->process->env, err)) < 0)
        return r;
    return turf_sandbox_setup_process(c->process, err);
}

int turf_seed_child_main(int channel, struct turf_seed_child *child)
{
    struct turf_error *err = NULL;
    json_t *msg = NULL;
    int fds[TURF_MAX_PASSED_FDS];
    size_t n_fds = 0;
    struct prepared prepared = {0};
    struct oci_config *c = NULL;
    struct child_fds cf = {.dir = -1, .stdio = -1, .listen = -1, .seccomp = -1};
    unsigned seccomp_flags = 0;
    const char *id = NULL;
    /* A pooled child waits here, prepared and perhaps configured, until a create names it;
     * turfd going away ends it. */
    while (!id) {
        json_decref(msg);
        if (turf_seed_receive(channel, &msg, fds, TURF_MAX_PASSED_FDS, &n_fds, &err) < 0)
            _exit(err && err->code == -ECONNRESET ? 0 : 1);
        const char *type = turf_seed_type(msg);
        if (strcmp(type, "prepare") == 0) {
            if (prepare(msg, &prepared, &err) < 0)
                child_fail(channel, err);
            continue;
        }
        if (strcmp(type, "config") != 0) {
            turf_error_set(&err, -EPROTO, "expected a config, got \"%s\"", type);
            child_fail(channel, err);
        }
        json_t *fds_map = json_object_get(msg, "fds");
        if (json_object_get(msg, "config")) {
            if (c)
                child_fail(channel, (turf_error_set(&err, -EPROTO, "configured twice"), err));
            cf.seccomp = fd_at(fds_map, "seccomp", fds, n_fds);
            seccomp_flags = (unsigned)json_integer_value(json_object_get(msg, "seccompFlags"));
            if (configure(msg, &prepared, &c, &err) < 0)
                child_fail(channel, err);
            /* Its filter now, when it lets the rest of this function through. */
            if (cf.seccomp >= 0 && json_is_true(json_object_get(msg, "seccompEarly"))) {
                if (turf_sandbox_load_seccomp_bpf(cf.seccomp, seccomp_flags, &err) < 0)
                    child_fail(channel, err);
                close(cf.seccomp);
                cf.seccomp = -1;
            }
        }
        if ((id = json_string_value(json_object_get(msg, "id")))) {
            cf.dir = fd_at(fds_map, "dir", fds, n_fds);
            cf.stdio = fd_at(fds_map, "stdio", fds, n_fds);
            cf.listen = fd_at(fds_map, "listen", fds, n_fds);
        }
    }
    if (!c || cf.dir < 0)
        child_fail(channel,
                   (turf_error_set(&err, -EPROTO, "a sandbox without config or directory"), err));
    if (!(child->id = strdup(id)))
        _exit(1);
    if (cf.stdio >= 0 && (dup2(cf.stdio, 1) < 0 || dup2(cf.stdio, 2) < 0)) {
        turf_error_errno(&err, -errno, "redirect stdout and stderr");
        child_fail(channel, err);
    }
    /* Started at once ("run"): no exec fifo to park on. */
    bool started = json_is_true(json_object_get(msg, "start"));
    if (!started && faccessat(cf.dir, "exec.fifo", W_OK, AT_EACCESS) < 0) {
        turf_error_errno(&err, -errno, "open the exec fifo as uid %d", (int)geteuid());
        child_fail(channel, err);
    }
    json_t *ready = json_pack("{s:s}", "type", "ready");
    if (turf_seed_send(channel, ready, NULL, 0, &err) < 0)
        _exit(1);
    json_decref(ready);
    if (started) {
        /* turfd closes the channel once it has recorded the sandbox running (turfd: once
         * its reply is out): no user code runs for a create that can still fail, nor on the
         * CPU turfd needs for its reply. */
        json_t *more = NULL;
        int r = turf_seed_receive(channel, &more, NULL, 0, NULL, NULL);
        json_decref(more);
        if (r != -ECONNRESET)
            _exit(1);
    }
    close(channel);

    /* Park, as a cold init does: the open blocks until `turf start` opens the fifo. */
    if (!started) {
        int fifo = openat(cf.dir, "exec.fifo", O_WRONLY | O_CLOEXEC);
        if (fifo < 0 || write(fifo, "0", 1) != 1)
            _exit(1);
        /* Started: on until the starter closes its end (POLLERR), which turfd does once its
         * reply is out (a `turf start` without turfd at once), as after a run. */
        struct pollfd p = {fifo, 0, 0};
        while (poll(&p, 1, -1) < 0 && errno == EINTR)
            ;
        close(fifo);
    }
    close(cf.dir);
    if (cf.stdio >= 0)
        close(cf.stdio);
    /* The filter last: only the runtime's own code runs under it from here on. */
    if (cf.seccomp >= 0) {
        if (turf_sandbox_load_seccomp_bpf(cf.seccomp, seccomp_flags, &err) < 0) {
            fprintf(stderr, "turf: %s\n", err->msg);
            _exit(1);
        }
        close(cf.seccomp);
    }
    child->listen_fd = cf.listen;
    oci_config_free(c);
    json_decref(msg);
    return 0;
}
