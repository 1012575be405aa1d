/* turfd's side of the WarmFork channels: wait for a message of a given type (a seed's "ready",
 * "forked", a child's "ready"), ask a seed to fork. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../base/cleanup.h"
#include "protocol.h"

static int receive_within(int sock, int timeout_ms, const char *peer, json_t **out,
                          struct turf_error **err)
{
    struct pollfd p = {.fd = sock, .events = POLLIN};
    int n;
    do
        n = poll(&p, 1, timeout_ms);
    while (n < 0 && errno == EINTR);
    if (n == 0)
        return turf_error_set(err, -ETIMEDOUT, "no answer from %s within %d ms", peer, timeout_ms);
    if (n < 0)
        return turf_error_errno(err, -errno, "wait for %s", peer);
    return turf_seed_receive(sock, out, NULL, 0, NULL, err);
}

int turf_seed_expect(int sock, const char *type, int timeout_ms, const char *peer, json_t **out,
                     struct turf_error **err)
{
    json_t *reply;
    int r = receive_within(sock, timeout_ms, peer, &reply, err);
    if (r < 0)
        return r;
    const char *got = turf_seed_type(reply);
    if (strcmp(got, type) == 0) {
        if (out)
            *out = reply;
        else
            json_decref(reply);
        return 0;
    }
    const char *msg = json_string_value(json_object_get(reply, "message"));
    if (strcmp(got, "error") == 0)
        r = turf_error_set(err, -EINVAL, "%s", msg ? msg : "failed without saying why");
    else
        r = turf_error_set(err, -EPROTO, "expected \"%s\" from %s, got \"%s\"", type, peer, got);
    json_decref(reply);
    return r;
}

int turf_seed_wait_ready(int sock, int timeout_ms, pid_t *pid, struct turf_error **err)
{
    json_t *reply;
    int r = turf_seed_expect(sock, "ready", timeout_ms, "the seed", &reply, err);
    if (r == -ECONNRESET)
        return turf_error_set(err, -ECHILD, "the seed exited before it was ready");
    if (r < 0)
        return r;
    *pid = (pid_t)json_integer_value(json_object_get(reply, "pid"));
    json_decref(reply);
    return 0;
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
    if ((r = turf_seed_expect(sock, "forked", timeout_ms, "the seed", &reply, err)) < 0)
        return r;
    json_int_t got = json_integer_value(json_object_get(reply, "pid"));
    json_decref(reply);
    if (got <= 0)
        return turf_error_set(err, -EPROTO, "the seed reported no pid for its child");
    *pid = (pid_t)got;
    *channel = TURF_STEAL_FD(ours);
    return 0;
}
