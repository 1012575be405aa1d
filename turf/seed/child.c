/* A WarmFork child between clone and serving: it receives its sandbox's config from turfd
 * (which has placed it in its cgroup by then), applies the same setup code as a cold init
 * (host settings, process settings, capabilities, no_new_privs, seccomp), reports, and parks
 * on the exec fifo of its state directory until `turf start`. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "../../oci/config.h"
#include "../base/cleanup.h"
#include "../base/fdpass.h"
#include "../sandbox/sandbox.h"
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

/* Everything between "config" and "ready". */
static int setup(const struct oci_config *c, unsigned long namespaces, const struct child_fds *fds,
                 struct turf_error **err)
{
    const struct oci_linux *l = c->linux_;
    int r;
    if (setsid() < 0)
        return turf_error_errno(err, -errno, "setsid");
    /* A /proc of our own pid namespace, masked as the config says: the seed's shows the
     * seed's view. Mounted over it (in our mount namespace only), because a user namespace may
     * mount proc only where a full proc is already visible. */
    if ((namespaces & CLONE_NEWPID) && (namespaces & CLONE_NEWNS)) {
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
            return turf_error_errno(err, -errno, "mount /proc for the sandbox's pid namespace");
        if (l &&
            (r = turf_sandbox_mask_paths(l->masked_paths, l->readonly_paths, "/proc", err)) < 0)
            return r;
    }
    if ((namespaces & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
        return turf_error_errno(err, -errno, "create the cgroup namespace");
    if ((r = turf_sandbox_setup_host(c, err)) < 0)
        return r;
    if (fds->stdio >= 0 && (dup2(fds->stdio, 1) < 0 || dup2(fds->stdio, 2) < 0))
        return turf_error_errno(err, -errno, "redirect stdout and stderr");
    if ((r = set_environment(c->process->env, err)) < 0)
        return r;
    return turf_sandbox_setup_process(c->process, err);
}

int turf_seed_child_main(int channel, struct turf_seed_child *child)
{
    struct turf_error *err = NULL;
    json_t *msg;
    int fds[TURF_MAX_PASSED_FDS];
    size_t n_fds = 0;
    /* A pooled child waits here until a create takes it; turfd going away ends it. */
    if (turf_seed_receive(channel, &msg, fds, TURF_MAX_PASSED_FDS, &n_fds, &err) < 0)
        _exit(err && err->code == -ECONNRESET ? 0 : 1);
    if (strcmp(turf_seed_type(msg), "config") != 0) {
        turf_error_set(&err, -EPROTO, "expected a config, got \"%s\"", turf_seed_type(msg));
        child_fail(channel, err);
    }
    json_t *fds_map = json_object_get(msg, "fds");
    struct child_fds cf = {
        .dir = fd_at(fds_map, "dir", fds, n_fds),
        .stdio = fd_at(fds_map, "stdio", fds, n_fds),
        .listen = fd_at(fds_map, "listen", fds, n_fds),
        .seccomp = fd_at(fds_map, "seccomp", fds, n_fds),
    };
    const char *id = json_string_value(json_object_get(msg, "id"));
    struct oci_config *c = NULL;
    if (!id || cf.dir < 0)
        child_fail(channel,
                   (turf_error_set(&err, -EPROTO, "a config without id or directory"), err));
    if (oci_config_parse_json(json_object_get(msg, "config"), "config.json", &c, &err) < 0)
        child_fail(channel, err);
    if (!c->process)
        child_fail(channel, (turf_error_set(&err, -EINVAL, "config.json: process: required"), err));
    unsigned long namespaces =
        (unsigned long)json_integer_value(json_object_get(msg, "namespaces"));
    unsigned seccomp_flags = (unsigned)json_integer_value(json_object_get(msg, "seccompFlags"));
    if (!(child->id = strdup(id)))
        _exit(1);
    if (setup(c, namespaces, &cf, &err) < 0)
        child_fail(channel, err);
    if (faccessat(cf.dir, "exec.fifo", W_OK, AT_EACCESS) < 0) {
        turf_error_errno(&err, -errno, "open the exec fifo as uid %d", (int)geteuid());
        child_fail(channel, err);
    }
    json_t *ready = json_pack("{s:s}", "type", "ready");
    if (turf_seed_send(channel, ready, NULL, 0, &err) < 0)
        _exit(1);
    json_decref(ready);
    close(channel);

    /* Park, as a cold init does: the open blocks until `turf start` opens the fifo. */
    int fifo = openat(cf.dir, "exec.fifo", O_WRONLY | O_CLOEXEC);
    if (fifo < 0 || write(fifo, "0", 1) != 1)
        _exit(1);
    close(fifo);
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
