/* The seed's loop (see seed.h): report ready, then clone a child for each fork request from
 * turfd. Children are cloned with CLONE_PARENT, so they are turfd's children, not ours: turfd
 * reaps them and learns their exit status, and they outlive a seed that dies. */
#include "seed.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../base/cleanup.h"
#include "../base/fdpass.h"
#include "../base/log.h"
#include "prefault.h"
#include "protocol.h"

/* The namespaces a fork request may ask for: the rest are the seed's. */
#define ALLOWED_FLAGS                                                                              \
    (CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP)

int turf_seed_send(int sock, json_t *j, const int *fds, size_t n_fds, struct turf_error **err)
{
    _cleanup_free_ char *text = json_dumps(j, JSON_COMPACT);
    if (!text)
        return turf_error_errno(err, -ENOMEM, "encode a WarmFork message");
    size_t len = strlen(text);
    if (len > TURF_SEED_MAX_MESSAGE)
        return turf_error_set(err, -EMSGSIZE, "a WarmFork message of %zu bytes is too large", len);
    int r = turf_send_fds(sock, text, len, fds, n_fds);
    return r < 0 ? turf_error_errno(err, r, "send a WarmFork message") : 0;
}

int turf_seed_receive(int sock, json_t **out, int *fds, size_t max_fds, size_t *n_fds,
                      struct turf_error **err)
{
    *out = NULL;
    _cleanup_free_ char *buf = malloc(TURF_SEED_MAX_MESSAGE + 1);
    if (!buf)
        return turf_error_errno(err, -ENOMEM, "receive a WarmFork message");
    size_t got_fds = 0;
    ssize_t n = turf_receive_fds(sock, buf, TURF_SEED_MAX_MESSAGE, fds, max_fds, &got_fds);
    if (n_fds)
        *n_fds = got_fds;
    if (n == 0)
        return turf_error_set(err, -ECONNRESET, "the WarmFork channel was closed");
    if (n < 0)
        return turf_error_errno(err, (int)n, "receive a WarmFork message");
    json_error_t jerr;
    json_t *j = json_loadb(buf, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(j) || !json_is_string(json_object_get(j, "type"))) {
        json_decref(j);
        for (size_t i = 0; i < got_fds; i++)
            close(fds[i]);
        if (n_fds)
            *n_fds = 0;
        return turf_error_set(err, -EBADMSG, "a malformed WarmFork message (%s)",
                              j ? "no \"type\"" : jerr.text);
    }
    *out = j;
    return 0;
}

const char *turf_seed_type(json_t *j)
{
    const char *t = json_string_value(json_object_get(j, "type"));
    return t ? t : "";
}

bool turf_seed_requested(void)
{
    return getenv(TURF_SEED_FD_ENV) != NULL;
}

void turf_seed_child_release(struct turf_seed_child *child)
{
    free(child->id);
    child->id = NULL;
    if (child->listen_fd >= 0)
        close(child->listen_fd);
    child->listen_fd = -1;
}

static int reply_error(int sock, struct turf_error *e, struct turf_error **err)
{
    json_t *j = json_pack("{s:s, s:s}", "type", "error", "message", e ? e->msg : "unknown");
    int r = turf_seed_send(sock, j, NULL, 0, err);
    json_decref(j);
    return r;
}

/* One fork request: clone the child (which never returns here) and report its pid. */
static int fork_child(int sock, json_t *req, const int *fds, size_t n_fds,
                      struct turf_seed_child *child, bool *in_child, struct turf_error **err)
{
    _cleanup_error_ struct turf_error *e = NULL;
    json_int_t flags = json_integer_value(json_object_get(req, "flags"));
    if (n_fds != 1 || flags < 0 || (flags & ~(json_int_t)ALLOWED_FLAGS)) {
        turf_error_set(&e, -EINVAL, "a fork request needs one channel and namespace flags only");
        return reply_error(sock, e, err);
    }
    /* No stack argument: the child runs on a copy of ours, as after fork(). */
    pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | CLONE_PARENT | SIGCHLD, NULL, NULL,
                               NULL, NULL);
    if (pid == 0) {
        close(sock);
        *in_child = true;
        return turf_seed_child_main(fds[0], child);
    }
    if (pid < 0) {
        turf_error_errno(&e, -errno, "clone a sandbox");
        return reply_error(sock, e, err);
    }
    json_t *j = json_pack("{s:s, s:i}", "type", "forked", "pid", (json_int_t)pid);
    int r = turf_seed_send(sock, j, NULL, 0, err);
    json_decref(j);
    return r;
}

int turf_seed_wait(struct turf_seed_child *child, struct turf_error **err)
{
    child->id = NULL;
    child->listen_fd = -1;
    const char *env = getenv(TURF_SEED_FD_ENV);
    char *end;
    long fd = env ? strtol(env, &end, 10) : -1;
    if (!env || *end || fd < 3 || fd > 1 << 20)
        return turf_error_set(err, -EINVAL, "%s: expected a descriptor number, got \"%s\"",
                              TURF_SEED_FD_ENV, env ? env : "");
    int sock = (int)fd;
    unsetenv(TURF_SEED_FD_ENV); /* children must not take themselves for seeds */
    /* A seed's memory is shared copy-on-write with every sandbox: a transparent huge page
     * would make a sandbox's first write to it (or to fresh memory next to it) copy or zero
     * 2 MiB instead of 4 KiB. Children inherit the setting. */
    if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) < 0)
        return turf_error_errno(err, -errno, "disable transparent huge pages");

    _cleanup_error_ struct turf_error *e = NULL;
    if (turf_seed_rehearse(&e) < 0) {
        turf_log_warn("seed: %s; pooled sandboxes fault their pages in as they go", e->msg);
    } else {
        size_t written, mapped;
        turf_seed_prefault_stats(&written, &mapped);
        if (written || mapped)
            turf_log_info("seed: rehearsed a sandbox: it writes %zu pages and maps %zu pages of "
                          "code; pooled children copy and map them ahead",
                          written, mapped);
    }

    json_t *ready = json_pack("{s:s, s:i}", "type", "ready", "pid", (json_int_t)getpid());
    int r = turf_seed_send(sock, ready, NULL, 0, err);
    json_decref(ready);
    if (r < 0)
        return r;
    for (;;) {
        json_t *req;
        int fds[TURF_MAX_PASSED_FDS];
        size_t n_fds = 0;
        if ((r = turf_seed_receive(sock, &req, fds, TURF_MAX_PASSED_FDS, &n_fds, err)) < 0) {
            if (r == -EBADMSG) { /* one bad message: say so and go on */
                reply_error(sock, *err, NULL);
                turf_error_free(err);
                continue;
            }
            close(sock);
            return r;
        }
        bool in_child = false;
        if (strcmp(turf_seed_type(req), "fork") == 0) {
            r = fork_child(sock, req, fds, n_fds, child, &in_child, err);
        } else {
            _cleanup_error_ struct turf_error *e = NULL;
            turf_error_set(&e, -EINVAL, "unknown request \"%s\"", turf_seed_type(req));
            r = reply_error(sock, e, err);
        }
        json_decref(req);
        if (in_child)
            return r;
        for (size_t i = 0; i < n_fds; i++)
            close(fds[i]);
        if (r < 0) {
            close(sock);
            return r;
        }
    }
}
