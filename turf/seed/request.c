/* turfd's side of the seed channel: wait for a seed to report ready, ask it to fork. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../base/cleanup.h"
#include "protocol.h"

static int receive_within(int sock, int timeout_ms, json_t **out, int *fds, size_t max_fds,
                          size_t *n_fds, struct turf_error **err)
{
    struct pollfd p = {.fd = sock, .events = POLLIN};
    int n;
    do
        n = poll(&p, 1, timeout_ms);
    while (n < 0 && errno == EINTR);
    if (n == 0)
        return turf_error_set(err, -ETIMEDOUT, "no answer from the seed within %d ms", timeout_ms);
    if (n < 0)
        return turf_error_errno(err, -errno, "wait for the seed");
    return turf_seed_receive(sock, out, fds, max_fds, n_fds, err);
}

static int error_reply(json_t *reply, const char *what, struct turf_error **err)
{
    const char *type = turf_seed_type(reply);
    const char *msg = json_string_value(json_object_get(reply, "message"));
    if (strcmp(type, "error") == 0)
        return turf_error_set(err, -EINVAL, "%s", msg ? msg : "the seed failed");
    return turf_error_set(err, -EPROTO, "expected %s from the seed, got \"%s\"", what, type);
}

int turf_seed_wait_ready(int sock, int timeout_ms, pid_t *pid, struct turf_error **err)
{
    json_t *reply;
    int r = receive_within(sock, timeout_ms, &reply, NULL, 0, NULL, err);
    if (r < 0)
        return r == -ECONNRESET ? turf_error_set(err, -ECHILD,
                                                 "the seed exited before it was "
                                                 "ready")
                                : r;
    if (strcmp(turf_seed_type(reply), "ready") == 0)
        *pid = (pid_t)json_integer_value(json_object_get(reply, "pid"));
    else
        r = error_reply(reply, "\"ready\"", err);
    json_decref(reply);
    return r;
}

int turf_seed_request_fork(int sock, unsigned long namespaces, int timeout_ms, pid_t *pid,
                           int *channel, struct turf_error **err)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return turf_error_errno(err, -errno, "socketpair");
    _cleanup_close_ int ours = sv[0];
    _cleanup_close_ int theirs = sv[1];
    json_t *req = json_pack("{s:s, s:I}", "type", "fork", "flags", (json_int_t)namespaces);
    int r = turf_seed_send(sock, req, &theirs, 1, err);
    json_decref(req);
    if (r < 0)
        return r;
    close(TURF_STEAL_FD(theirs));
    json_t *reply;
    if ((r = receive_within(sock, timeout_ms, &reply, NULL, 0, NULL, err)) < 0)
        return r;
    json_int_t got = json_integer_value(json_object_get(reply, "pid"));
    if (strcmp(turf_seed_type(reply), "forked") != 0 || got <= 0)
        r = error_reply(reply, "\"forked\"", err);
    json_decref(reply);
    if (r < 0)
        return r;
    *pid = (pid_t)got;
    *channel = TURF_STEAL_FD(ours);
    return 0;
}
