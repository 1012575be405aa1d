/* Runs OCI hooks: each gets the container's state JSON on stdin, its own args and env, and is
 * killed when it outlives its timeout. Used by turf (prestart, createRuntime, poststart,
 * poststop) and by the container init (createContainer, startContainer). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../base/cleanup.h"
#include "sandbox.h"

static const char *const hook_names[OCI_HOOK_KIND_COUNT] = {
    "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
};

static int wait_hook(pid_t pid, int timeout_s, int *status)
{
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd >= 0) {
        struct pollfd p = {.fd = pidfd, .events = POLLIN};
        int n;
        do
            n = poll(&p, 1, timeout_s > 0 ? timeout_s * 1000 : -1);
        while (n < 0 && errno == EINTR);
        close(pidfd);
        if (n == 0) {
            kill(pid, SIGKILL);
            waitpid(pid, status, 0);
            return -ETIME;
        }
    }
    return waitpid(pid, status, 0) < 0 ? -errno : 0;
}

static int run_hook(const struct oci_hook *h, const char *kind, const char *state,
                    struct turf_error **err)
{
    int in[2];
    if (pipe2(in, O_CLOEXEC) < 0)
        return turf_error_errno(err, -errno, "%s hook %s: pipe", kind, h->path);
    pid_t pid = fork();
    if (pid < 0) {
        close(in[0]);
        close(in[1]);
        return turf_error_errno(err, -errno, "%s hook %s: fork", kind, h->path);
    }
    if (pid == 0) {
        char *const empty[] = {NULL};
        char *const fallback_args[] = {(char *)h->path, NULL};
        dup2(in[0], STDIN_FILENO);
        execve(h->path, h->args && h->args[0] ? h->args : fallback_args, h->env ? h->env : empty);
        fprintf(stderr, "turf: %s hook %s: exec: %s\n", kind, h->path, strerror(errno));
        _exit(127);
    }
    close(in[0]);
    /* A hook that does not read its stdin must not make us fail: ignore EPIPE. */
    signal(SIGPIPE, SIG_IGN);
    size_t len = strlen(state);
    if (write(in[1], state, len) < 0) {
    }
    close(in[1]);
    int status = 0, r = wait_hook(pid, h->timeout.set ? h->timeout.value : 0, &status);
    if (r == -ETIME)
        return turf_error_set(err, r, "%s hook %s: timed out after %d s", kind, h->path,
                              h->timeout.value);
    if (r < 0)
        return turf_error_errno(err, r, "%s hook %s: wait", kind, h->path);
    if (WIFSIGNALED(status))
        return turf_error_set(err, -ECHILD, "%s hook %s: killed by signal %d", kind, h->path,
                              WTERMSIG(status));
    if (WEXITSTATUS(status) != 0)
        return turf_error_set(err, -ECHILD, "%s hook %s: exited with status %d", kind, h->path,
                              WEXITSTATUS(status));
    return 0;
}

int turf_hooks_run(const struct oci_config *c, enum oci_hook_kind kind, const char *state,
                   struct turf_error **err)
{
    if (!c->hooks)
        return 0;
    const struct oci_hook_list *list = &c->hooks->kind[kind];
    for (size_t i = 0; i < list->n_hooks; i++) {
        int r = run_hook(&list->hooks[i], hook_names[kind], state, err);
        if (r < 0)
            return r;
    }
    return 0;
}
