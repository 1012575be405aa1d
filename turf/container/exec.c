/* turf exec: run another process in a container's namespaces. A stage process joins the
 * namespaces through a pidfd of the container's init, then clones the new process as the
 * caller's child (CLONE_PARENT) so a foreground exec can wait for it. The sync socket is
 * close-on-exec: EOF without an error message means the exec succeeded. */
#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../cgroups/cgroups.h"
#include "../../oci/names.h"
#include "../base/cleanup.h"
#include "../base/fileio.h"
#include "../sandbox/sandbox.h"
#include "container.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* The namespaces of pid that differ from ours, as CLONE_NEW* flags for setns(pidfd). */
static unsigned long namespaces_to_join(pid_t pid)
{
    unsigned long flags = 0;
    for (const char *const *type = oci_namespace_types; *type; type++) {
        const char *name = oci_namespace_proc_name(*type);
        char theirs_path[64], ours_path[64], theirs[64], ours[64];
        snprintf(theirs_path, sizeof(theirs_path), "/proc/%d/ns/%s", (int)pid, name);
        snprintf(ours_path, sizeof(ours_path), "/proc/self/ns/%s", name);
        ssize_t a = readlink(theirs_path, theirs, sizeof(theirs) - 1);
        ssize_t b = readlink(ours_path, ours, sizeof(ours) - 1);
        if (a > 0 && (b != a || memcmp(theirs, ours, (size_t)a) != 0))
            flags |= oci_namespace_clone_flag(*type);
    }
    return flags;
}

static _Noreturn void fail(int sync_fd, struct turf_error *e)
{
    turf_sync_fail(sync_fd, e, 127);
}

/* The pid message the parent sends a process that has a seccomp listener. */
static int receive_pid(int sync_fd, pid_t *pid, struct turf_error **err)
{
    char msg[32];
    ssize_t n = recv(sync_fd, msg, sizeof(msg) - 1, 0);
    if (n <= 4 || strncmp(msg, "pid:", 4) != 0)
        return turf_error_set(err, -EPROTO, "receive the pid for the seccomp listener");
    msg[n] = '\0';
    *pid = (pid_t)atoi(msg + 4);
    return 0;
}

/* Sets env entries "NAME=VALUE" on p, replacing entries with the same name. */
static int set_env(struct oci_process *p, char *const *extra, struct turf_error **err)
{
    for (size_t i = 0; extra && extra[i]; i++) {
        const char *eq = strchr(extra[i], '=');
        if (!eq || eq == extra[i])
            return turf_error_set(err, -EINVAL, "--env: expected NAME=VALUE, got \"%s\"", extra[i]);
        size_t name_len = (size_t)(eq - extra[i]) + 1, n = oci_strv_len(p->env), k;
        for (k = 0; k < n; k++)
            if (strncmp(p->env[k], extra[i], name_len) == 0)
                break;
        if (k == n) {
            char **env = realloc(p->env, (n + 2) * sizeof(char *));
            if (!env)
                return turf_error_errno(err, -ENOMEM, "--env");
            p->env = env;
            env[n + 1] = NULL;
        } else {
            free(p->env[k]);
        }
        if (!(p->env[k] = strdup(extra[i])))
            return turf_error_errno(err, -ENOMEM, "--env");
    }
    return 0;
}

static int parse_user(const char *spec, struct oci_process *p, struct turf_error **err)
{
    char *end;
    unsigned long uid = strtoul(spec, &end, 10), gid = 0;
    if (end == spec || (*end && *end != ':'))
        return turf_error_set(err, -EINVAL, "--user: expected UID[:GID], got \"%s\"", spec);
    if (*end == ':') {
        const char *g = end + 1;
        gid = strtoul(g, &end, 10);
        if (end == g || *end)
            return turf_error_set(err, -EINVAL, "--user: expected UID[:GID], got \"%s\"", spec);
    }
    if (!p->user && !(p->user = calloc(1, sizeof(*p->user))))
        return turf_error_errno(err, -ENOMEM, "--user");
    p->user->uid = (struct oci_u32){true, (uint32_t)uid};
    p->user->gid = (struct oci_u32){true, (uint32_t)gid};
    p->user->n_additional_gids = 0;
    free(p->user->additional_gids);
    p->user->additional_gids = NULL;
    return 0;
}

/* The process to run: --process FILE, or the container's own process with the command line's
 * changes (as runc builds it). */
static int build_process(const struct turf_exec_options *o, const struct oci_config *c,
                         struct oci_process **out, struct turf_error **err)
{
    int r;
    if (o->process_file) {
        _cleanup_free_ char *text = NULL;
        size_t len;
        if ((r = turf_read_file(o->process_file, OCI_CONFIG_MAX_SIZE, &text, &len, err)) < 0)
            return r;
        return oci_process_parse_string(text, len, o->process_file, out, err);
    }
    if (!o->args || !o->args[0])
        return turf_error_set(err, -EINVAL, "exec: no command given");
    if ((r = oci_process_copy(c->process, out, err)) < 0)
        return r;
    struct oci_process *p = *out;
    for (size_t i = 0; p->args[i]; i++)
        free(p->args[i]);
    free(p->args);
    size_t n = oci_strv_len(o->args);
    if (!(p->args = calloc(n + 1, sizeof(char *))))
        return turf_error_errno(err, -ENOMEM, "exec");
    for (size_t i = 0; i < n; i++)
        if (!(p->args[i] = strdup(o->args[i])))
            return turf_error_errno(err, -ENOMEM, "exec");
    p->terminal = (struct oci_bool){true, o->tty};
    if (o->cwd) {
        free(p->cwd);
        if (!(p->cwd = strdup(o->cwd)))
            return turf_error_errno(err, -ENOMEM, "exec");
    }
    if (o->no_new_privs)
        p->no_new_privileges = (struct oci_bool){true, true};
    if (o->user && (r = parse_user(o->user, p, err)) < 0)
        return r;
    return set_env(p, o->env, err);
}

int turf_container_exec(const struct turf_exec_options *o, int *exit_status,
                        struct turf_error **err)
{
    *exit_status = 0;
    pid_t init;
    _cleanup_oci_config_ struct oci_config *c = NULL;
    int r = turf_container_running_init(o->root, o->id, &init, &c, err);
    if (r < 0)
        return r;
    struct oci_process *p = NULL;
    if ((r = build_process(o, c, &p, err)) < 0) {
        oci_process_free(p);
        return r;
    }
    /* The config's own process goes; the one to exec takes its place for the sandbox code. */
    oci_process_free(c->process);
    c->process = p;
    if (p->terminal.value && !o->console_socket)
        return turf_error_set(err, -EINVAL,
                              "--tty needs --console-socket to receive the "
                              "terminal");

    _cleanup_close_ int console_fd = -1;
    if (o->console_socket && (console_fd = turf_console_socket_connect(o->console_socket, err)) < 0)
        return console_fd;
    /* A seccomp listener is connected from here (its path is the host's); the process sends
     * it the notify fd with the container's state and, from us, its own pid. */
    const struct oci_seccomp *seccomp = c->linux_ ? c->linux_->seccomp : NULL;
    _cleanup_close_ int listener_fd = -1;
    _cleanup_free_ char *state = NULL;
    if ((r = turf_sandbox_seccomp_listener_connect(seccomp, &listener_fd, err)) < 0)
        return r;
    if (listener_fd >= 0) {
        json_t *j = NULL;
        if ((r = turf_container_state(o->root, o->id, &j, err)) < 0)
            return r;
        state = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        if (!state)
            return turf_error_errno(err, -ENOMEM, "exec: container state");
    }
    /* The new process belongs to the container's cgroup like the rest of it. */
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    if ((r = turf_container_cgroup(o->root, o->id, &cg, err)) < 0 && r != -ENOENT)
        return r;
    turf_error_free(err);
    int pidfd = (int)syscall(SYS_pidfd_open, init, 0);
    if (pidfd < 0)
        return turf_error_errno(err, -errno, "open the init of %s", o->id);
    _cleanup_close_ int pidfd_owned = pidfd;
    unsigned long flags = namespaces_to_join(init);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return turf_error_errno(err, -errno, "socketpair");
    _cleanup_close_ int parent_end = sv[0];
    _cleanup_close_ int child_end = sv[1];

    pid_t stage = fork();
    if (stage < 0)
        return turf_error_errno(err, -errno, "fork");
    if (stage == 0) {
        struct turf_error *e = NULL;
        close(parent_end);
        if (cg && cg_manager_add_pid(cg, getpid(), &e) < 0)
            fail(child_end, e);
        if (flags && setns(pidfd, (int)flags) < 0) {
            turf_error_errno(&e, -errno, "join the namespaces of %s", o->id);
            fail(child_end, e);
        }
        pid_t pid = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, NULL);
        if (pid < 0) {
            turf_error_errno(&e, -errno, "clone");
            fail(child_end, e);
        }
        if (pid > 0) {
            char msg[32];
            int len = snprintf(msg, sizeof(msg), "pid:%d", (int)pid);
            _exit(send(child_end, msg, (size_t)len, 0) == len ? 0 : 1);
        }
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (setsid() < 0) {
            turf_error_errno(&e, -errno, "setsid");
            fail(child_end, e);
        }
        if (console_fd >= 0 && turf_sandbox_setup_terminal(console_fd, p, &e) < 0)
            fail(child_end, e);
        struct turf_seccomp_listener listener = {.fd = listener_fd, .state = state};
        if (listener_fd >= 0 && receive_pid(child_end, &listener.pid, &e) < 0)
            fail(child_end, e);
        struct turf_seccomp *filter = NULL;
        if (turf_sandbox_build_seccomp(seccomp, &filter, &e) < 0)
            fail(child_end, e);
        /* Without no_new_privs the filter needs CAP_SYS_ADMIN: before the ids change (runc). */
        if (!p->no_new_privileges.value &&
            turf_sandbox_load_seccomp(TURF_STEAL(filter), &listener, &e) < 0)
            fail(child_end, e);
        if (turf_sandbox_setup_process(p, &e) < 0)
            fail(child_end, e);
        if (turf_sandbox_load_seccomp(TURF_STEAL(filter), &listener, &e) < 0)
            fail(child_end, e);
        turf_sandbox_exec(p, o->preserve_fds, &e);
        fail(child_end, e);
    }
    close(TURF_STEAL_FD(child_end));

    char msg[4096];
    ssize_t n = recv(parent_end, msg, sizeof(msg) - 1, 0);
    waitpid(stage, NULL, 0);
    if (n <= 0)
        return turf_error_set(err, -ECHILD, "exec in %s: the joining process died", o->id);
    msg[n] = '\0';
    if (strncmp(msg, "error:", 6) == 0)
        return turf_error_set(err, -EINVAL, "exec in %s: %s", o->id, msg + 6);
    pid_t pid = (pid_t)atoi(msg + 4);
    /* Its pid, which it cannot see from inside the container's pid namespace. */
    if (listener_fd >= 0) {
        int len = snprintf(msg, sizeof(msg), "pid:%d", (int)pid);
        if (send(parent_end, msg, (size_t)len, 0) < 0) {
            waitpid(pid, NULL, 0);
            return turf_error_errno(err, -errno, "exec in %s: send the process its pid", o->id);
        }
    }
    /* The process reports only a failure; EOF means it exec'd. */
    n = recv(parent_end, msg, sizeof(msg) - 1, 0);
    if (n > 0) {
        msg[n] = '\0';
        waitpid(pid, NULL, 0);
        return turf_error_set(err, -EINVAL, "exec in %s: %s", o->id,
                              strncmp(msg, "error:", 6) == 0 ? msg + 6 : msg);
    }
    if (o->pid_file) {
        char buf[32];
        int len = snprintf(buf, sizeof(buf), "%d", (int)pid);
        if ((r = turf_write_file_atomic(o->pid_file, buf, (size_t)len, 0644, err)) < 0)
            return r;
    }
    if (!o->detach)
        *exit_status = turf_wait_forwarding_signals(pid);
    return 0;
}
