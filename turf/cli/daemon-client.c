/* The CLI as a client of turfd: with --daemon-socket (or TURF_DAEMON_SOCKET) the lifecycle
 * commands go to turfd as JSON lines, else to the local store under --root. The turf_backend_*
 * functions are that switch; the commands print what either side returns the same way. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../base/cleanup.h"
#include "../container/container.h"
#include "cli.h"

int turf_daemon_connect(const struct turf_globals *g, struct turf_error **err)
{
    const char *path = g->daemon_socket ? g->daemon_socket : TURF_DEFAULT_DAEMON_SOCKET;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(addr.sun_path))
        return turf_error_set(err, -ENAMETOOLONG, "daemon socket %s: path too long", path);
    strcpy(addr.sun_path, path);
    _cleanup_close_ int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return turf_error_errno(err, -errno, "socket");
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
        return turf_error_errno(err, -errno, "connect to turfd at %s", path);
    return TURF_STEAL_FD(fd);
}

int turf_daemon_send(int fd, json_t *req, struct turf_error **err)
{
    _cleanup_free_ char *text = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    if (!text)
        return turf_error_errno(err, -ENOMEM, "encode the request");
    size_t len = strlen(text);
    text[len] = '\n';
    for (size_t off = 0; off <= len;) {
        ssize_t n = send(fd, text + off, len + 1 - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return turf_error_errno(err, -errno, "send to turfd");
        off += (size_t)n;
    }
    return 0;
}

int turf_daemon_read_line(FILE *in, json_t **out, struct turf_error **err)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, in);
    if (n <= 0) {
        free(line);
        return turf_error_set(err, -ECONNRESET, "turfd closed the connection");
    }
    json_error_t jerr;
    *out = json_loadb(line, (size_t)n, 0, &jerr);
    free(line);
    if (!json_is_object(*out)) {
        json_decref(*out);
        return turf_error_set(err, -EBADMSG, "a malformed reply from turfd: %s", jerr.text);
    }
    return 0;
}

/* Turns a reply into the caller's result: {"ok":false,"error":...} becomes *err. */
static int check_reply(json_t *reply, struct turf_error **err)
{
    if (json_is_true(json_object_get(reply, "ok")))
        return 0;
    const char *msg = json_string_value(json_object_get(reply, "error"));
    return turf_error_set(err, -EIO, "%s", msg ? msg : "turfd failed without saying why");
}

int turf_daemon_call(const struct turf_globals *g, json_t *req, json_t **reply,
                     struct turf_error **err)
{
    *reply = NULL;
    _cleanup_close_ int fd = turf_daemon_connect(g, err);
    if (fd < 0) {
        json_decref(req);
        return fd;
    }
    int r = turf_daemon_send(fd, req, err);
    if (r < 0)
        return r;
    FILE *in = fdopen(TURF_STEAL_FD(fd), "r");
    if (!in)
        return turf_error_errno(err, -errno, "fdopen");
    r = turf_daemon_read_line(in, reply, err);
    fclose(in);
    if (r < 0)
        return r;
    if ((r = check_reply(*reply, err)) < 0) {
        json_decref(*reply);
        *reply = NULL;
    }
    return r;
}

static int call_id(const struct turf_globals *g, const char *op, const char *id,
                   struct turf_error **err)
{
    json_t *reply;
    int r = turf_daemon_call(g, json_pack("{s:s, s:s}", "op", op, "id", id), &reply, err);
    json_decref(reply);
    return r;
}

bool turf_daemon_enabled(const struct turf_globals *g)
{
    return g->daemon_socket != NULL;
}

int turf_backend_start(const struct turf_globals *g, const char *id, struct turf_error **err)
{
    return turf_daemon_enabled(g) ? call_id(g, "start", id, err)
                                  : turf_container_start(g->root, id, err);
}

int turf_backend_pause(const struct turf_globals *g, const char *id, struct turf_error **err)
{
    return turf_daemon_enabled(g) ? call_id(g, "pause", id, err)
                                  : turf_container_pause(g->root, id, err);
}

int turf_backend_resume(const struct turf_globals *g, const char *id, struct turf_error **err)
{
    return turf_daemon_enabled(g) ? call_id(g, "resume", id, err)
                                  : turf_container_resume(g->root, id, err);
}

int turf_backend_state(const struct turf_globals *g, const char *id, json_t **out,
                       struct turf_error **err)
{
    if (!turf_daemon_enabled(g))
        return turf_container_state(g->root, id, out, err);
    json_t *reply;
    int r = turf_daemon_call(g, json_pack("{s:s, s:s}", "op", "state", "id", id), &reply, err);
    if (r < 0)
        return r;
    *out = json_incref(json_object_get(reply, "state"));
    json_decref(reply);
    return *out ? 0 : turf_error_set(err, -EBADMSG, "turfd's state reply has no state");
}

int turf_backend_kill(const struct turf_globals *g, const char *id, int sig, bool all,
                      struct turf_error **err)
{
    if (!turf_daemon_enabled(g))
        return turf_container_kill(g->root, id, sig, all, err);
    json_t *reply;
    int r = turf_daemon_call(g,
                             json_pack("{s:s, s:s, s:i, s:b}", "op", "kill", "id", id, "signal",
                                       (json_int_t)sig, "all", all),
                             &reply, err);
    json_decref(reply);
    return r;
}

int turf_backend_delete(const struct turf_globals *g, const char *id, bool force,
                        struct turf_error **err)
{
    if (!turf_daemon_enabled(g))
        return turf_container_delete(g->root, id, force, err);
    json_t *reply;
    int r = turf_daemon_call(
        g, json_pack("{s:s, s:s, s:b}", "op", "delete", "id", id, "force", force), &reply, err);
    json_decref(reply);
    return r;
}

int turf_backend_list(const struct turf_globals *g, json_t **out, struct turf_error **err)
{
    if (!turf_daemon_enabled(g))
        return turf_container_list(g->root, out, err);
    json_t *reply;
    int r = turf_daemon_call(g, json_pack("{s:s}", "op", "list"), &reply, err);
    if (r < 0)
        return r;
    *out = json_incref(json_object_get(reply, "containers"));
    json_decref(reply);
    return json_is_array(*out) ? 0 : turf_error_set(err, -EBADMSG, "turfd's list has no array");
}

int turf_backend_pids(const struct turf_globals *g, const char *id, pid_t **pids, size_t *n,
                      struct turf_error **err)
{
    if (!turf_daemon_enabled(g))
        return turf_container_pids(g->root, id, pids, n, err);
    json_t *reply;
    int r = turf_daemon_call(g, json_pack("{s:s, s:s}", "op", "ps", "id", id), &reply, err);
    if (r < 0)
        return r;
    json_t *list = json_object_get(reply, "pids");
    *n = json_array_size(list);
    *pids = calloc(*n ? *n : 1, sizeof(pid_t));
    for (size_t i = 0; *pids && i < *n; i++)
        (*pids)[i] = (pid_t)json_integer_value(json_array_get(list, i));
    json_decref(reply);
    return *pids ? 0 : turf_error_errno(err, -ENOMEM, "ps");
}

bool turf_backend_stopped(const struct turf_globals *g, const char *id)
{
    if (!turf_daemon_enabled(g))
        return turf_container_stopped(g->root, id);
    json_t *state = NULL;
    struct turf_error *err = NULL;
    bool stopped =
        turf_backend_state(g, id, &state, &err) < 0 ||
        strcmp(json_string_value(json_object_get(state, "status")) ?: "", "stopped") == 0;
    json_decref(state);
    turf_error_free(&err);
    return stopped;
}
