/* turfd's socket: one JSON object per line each way. A request names an "op"; the reply is
 * {"ok":true,...} or {"ok":false,"error":"..."}. A bad line gets an error reply and the
 * connection goes on; a line over MAX_LINE bytes gets one and the connection is closed (it
 * cannot be resynchronised). Only root and turfd's own user may connect (SO_PEERCRED). */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../../cgroups/cgroups.h"
#include "../base/cleanup.h"
#include "../base/log.h"
#include "../container/container.h"
#include "daemon.h"

#define MAX_LINE (1024 * 1024)
#define MAX_OUT  (8 * 1024 * 1024)

static bool grow_out(struct client *c, size_t more)
{
    size_t cap = c->out_cap ? c->out_cap : 4096;
    while (cap - c->out_len < more)
        cap *= 2;
    char *out = realloc(c->out, cap);
    if (!out)
        return false;
    c->out = out;
    c->out_cap = cap;
    return true;
}

static void client_free(struct turfd *d, struct client *c)
{
    for (struct client **p = &d->clients; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            break;
        }
    turfd_unwatch(d, &c->w);
    free(c->in);
    free(c->out);
    free(c->events_id);
    free(c);
}

static void watch_events(struct turfd *d, struct client *c)
{
    uint32_t events = (c->eof ? 0 : EPOLLIN | EPOLLRDHUP) | (c->writing ? EPOLLOUT : 0);
    struct epoll_event ev = {.events = events, .data.ptr = &c->w};
    epoll_ctl(d->epoll_fd, EPOLL_CTL_MOD, c->w.fd, &ev);
}

/* Sends what the socket takes now; the rest waits for EPOLLOUT. A client that lets more than
 * MAX_OUT pile up (an events subscriber that never reads) is dropped: it must not hold turfd. */
static void flush(struct turfd *d, struct client *c)
{
    size_t off = 0;
    while (off < c->out_len) {
        ssize_t n = send(c->w.fd, c->out + off, c->out_len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n <= 0) {
            c->closing = true;
            return;
        }
        off += (size_t)n;
    }
    memmove(c->out, c->out + off, c->out_len - off);
    c->out_len -= off;
    if (c->out_len > MAX_OUT) {
        turf_log_warn("dropped a client that read none of %zu bytes", c->out_len);
        c->closing = true;
        return;
    }
    bool writing = c->out_len > 0;
    if (writing != c->writing && d) {
        c->writing = writing;
        watch_events(d, c);
    }
}

static void send_line(struct turfd *d, struct client *c, json_t *j)
{
    _cleanup_free_ char *text = json_dumps(j, JSON_COMPACT);
    size_t len = text ? strlen(text) + 1 : 0;
    if (!text || (c->out_cap - c->out_len < len && !grow_out(c, len))) {
        c->closing = true;
        return;
    }
    text[len - 1] = '\n'; /* json_dumps's NUL becomes the line end */
    memcpy(c->out + c->out_len, text, len);
    c->out_len += len;
    flush(d, c);
}

static void reply_error(struct turfd *d, struct client *c, const char *msg)
{
    json_t *j = json_pack("{s:b, s:s}", "ok", 0, "error", msg);
    send_line(d, c, j);
    json_decref(j);
}

void turfd_server_accept(struct turfd *d)
{
    for (;;) {
        int fd = accept4(d->listen.fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
            return;
        struct client *c = calloc(1, sizeof(*c));
        if (!c) {
            close(fd);
            continue;
        }
        c->w = (struct watch){WATCH_CLIENT, fd};
        struct ucred cred;
        socklen_t len = sizeof(cred);
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
            (cred.uid != 0 && cred.uid != geteuid())) {
            turf_log_warn("refused a client with uid %d", (int)cred.uid);
            reply_error(NULL, c, "permission denied: turfd serves root and its own user only");
            close(fd);
            free(c->out);
            free(c);
            continue;
        }
        if (turfd_watch(d, &c->w, EPOLLIN | EPOLLRDHUP) < 0) {
            close(fd);
            free(c);
            continue;
        }
        c->next = d->clients;
        d->clients = c;
    }
}

void turfd_broadcast_event(struct turfd *d, json_t *event)
{
    const char *id = json_string_value(json_object_get(event, "id"));
    json_t *line = json_pack("{s:O}", "event", event);
    for (struct client *c = d->clients, *next; c; c = next) {
        next = c->next;
        if (!c->events || (c->events_id && (!id || strcmp(c->events_id, id) != 0)))
            continue;
        send_line(d, c, line);
        if (c->closing)
            client_free(d, c);
    }
    json_decref(line);
}

void turfd_server_close_all(struct turfd *d)
{
    while (d->clients)
        client_free(d, d->clients);
    turfd_unwatch(d, &d->listen);
}

/* ---- requests ---- */

static const char *str(json_t *req, const char *key)
{
    return json_string_value(json_object_get(req, key));
}

/* The id every sandbox request needs, checked like a container id. */
static const char *need_id(json_t *req, struct turf_error **err)
{
    const char *id = str(req, "id");
    if (!id) {
        turf_error_set(err, -EINVAL, "\"id\": a string is required");
        return NULL;
    }
    return id;
}

static json_t *ok(void)
{
    return json_pack("{s:b}", "ok", 1);
}

static int op_state(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *id = need_id(req, err);
    json_t *state;
    if (!id || turf_container_state(d->sandboxes_root, id, &state, err) < 0)
        return -1;
    *reply = json_pack("{s:b, s:o}", "ok", 1, "state", state);
    return 0;
}

static int op_list(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    (void)req;
    json_t *list;
    if (turf_container_list(d->sandboxes_root, &list, err) < 0)
        return -1;
    *reply = json_pack("{s:b, s:o}", "ok", 1, "containers", list);
    return 0;
}

static int op_start(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *id = need_id(req, err);
    int fifo = -1;
    if (!id || turf_container_start_holding(d->sandboxes_root, id, &fifo, err) < 0)
        return -1;
    turfd_sandbox_release_later(d, id, fifo);
    *reply = ok();
    return 0;
}

static int op_kill(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *id = need_id(req, err);
    json_t *sig = json_object_get(req, "signal");
    int signo = json_is_integer(sig) ? (int)json_integer_value(sig) : SIGTERM;
    if (json_is_string(sig) && (signo = turf_signal_parse(json_string_value(sig))) < 0) {
        turf_error_set(err, -EINVAL, "unknown signal \"%s\"", json_string_value(sig));
        return -1;
    }
    if (signo <= 0 || signo >= 65) {
        turf_error_set(err, -EINVAL, "\"signal\": %d is not a signal", signo);
        return -1;
    }
    if (!id || turf_container_kill(d->sandboxes_root, id, signo,
                                   json_is_true(json_object_get(req, "all")), err) < 0)
        return -1;
    *reply = ok();
    return 0;
}

static int op_delete(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *id = need_id(req, err);
    if (!id || turfd_sandbox_delete(d, id, json_is_true(json_object_get(req, "force")), err) < 0)
        return -1;
    *reply = ok();
    return 0;
}

static int op_ps(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *id = need_id(req, err);
    pid_t *pids = NULL;
    size_t n = 0;
    if (!id || turf_container_pids(d->sandboxes_root, id, &pids, &n, err) < 0)
        return -1;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_integer(pids[i]));
    free(pids);
    *reply = json_pack("{s:b, s:o}", "ok", 1, "pids", list);
    return 0;
}

static int op_pause(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *id = need_id(req, err);
    if (!id || turf_container_pause(d->sandboxes_root, id, err) < 0)
        return -1;
    *reply = ok();
    return 0;
}

static int op_resume(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *id = need_id(req, err);
    if (!id || turf_container_resume(d->sandboxes_root, id, err) < 0)
        return -1;
    *reply = ok();
    return 0;
}

/* runc's `events --stats` data of one sandbox ("data": cg_stats_to_json). */
static int op_stats(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *id = need_id(req, err);
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    struct cg_stats *stats = NULL;
    if (!id || turf_container_cgroup(d->sandboxes_root, id, &cg, err) < 0 ||
        cg_manager_stats(cg, &stats, err) < 0)
        return -1;
    *reply = json_pack("{s:b, s:o}", "ok", 1, "data", cg_stats_to_json(stats));
    cg_stats_free(stats);
    return 0;
}

static int op_seed_create(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *name = str(req, "name"), *bundle = str(req, "bundle");
    json_t *pool = json_object_get(req, "pool");
    if (!name || !bundle) {
        turf_error_set(err, -EINVAL, "\"name\" and \"bundle\": strings are required");
        return -1;
    }
    if (pool && (!json_is_integer(pool) || json_integer_value(pool) < 0 ||
                 json_integer_value(pool) > 1024)) {
        turf_error_set(err, -EINVAL, "\"pool\": expected an integer from 0 to 1024");
        return -1;
    }
    int size = pool ? (int)json_integer_value(pool) : -1;
    if (turfd_seed_create(d, name, bundle, size < 0 ? (unsigned)-1 : (unsigned)size, err) < 0)
        return -1;
    *reply = ok();
    return 0;
}

static int op_seed_delete(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    const char *name = str(req, "name");
    if (!name) {
        turf_error_set(err, -EINVAL, "\"name\": a string is required");
        return -1;
    }
    if (turfd_seed_delete(d, name, err) < 0)
        return -1;
    *reply = ok();
    return 0;
}

static int op_seed_list(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    (void)req;
    (void)err;
    *reply = json_pack("{s:b, s:o}", "ok", 1, "seeds", turfd_seed_list(d));
    return 0;
}

static int op_create(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    return turfd_sandbox_create(d, req, false, reply, err);
}

static int op_run(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    return turfd_sandbox_create(d, req, true, reply, err);
}

static int op_ping(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err)
{
    (void)d;
    (void)req;
    (void)err;
    *reply = json_pack("{s:b, s:i}", "ok", 1, "pid", (json_int_t)getpid());
    return 0;
}

static const struct {
    const char *op;
    int (*fn)(struct turfd *d, json_t *req, json_t **reply, struct turf_error **err);
} ops[] = {
    {"ping", op_ping},
    {"create", op_create},
    {"run", op_run},
    {"start", op_start},
    {"state", op_state},
    {"kill", op_kill},
    {"delete", op_delete},
    {"list", op_list},
    {"ps", op_ps},
    {"pause", op_pause},
    {"resume", op_resume},
    {"stats", op_stats},
    {"seed-create", op_seed_create},
    {"seed-list", op_seed_list},
    {"seed-delete", op_seed_delete},
};

static void handle_line(struct turfd *d, struct client *c, const char *line, size_t len)
{
    json_error_t jerr;
    json_t *req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(req)) {
        char msg[256];
        snprintf(msg, sizeof(msg), "malformed request: %s",
                 req ? "expected a JSON object" : jerr.text);
        json_decref(req);
        reply_error(d, c, msg);
        return;
    }
    const char *op = str(req, "op");
    if (op && strcmp(op, "events") == 0) {
        /* From now on this connection gets event lines (of one sandbox, or all). */
        const char *id = str(req, "id");
        c->events = true;
        free(c->events_id);
        c->events_id = id ? strdup(id) : NULL;
        json_t *r = ok();
        send_line(d, c, r);
        json_decref(r);
        json_decref(req);
        return;
    }
    for (size_t i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++) {
        if (strcmp(ops[i].op, op) != 0)
            continue;
        json_t *reply = NULL;
        _cleanup_error_ struct turf_error *err = NULL;
        if (ops[i].fn(d, req, &reply, &err) < 0 || !reply) {
            turf_log_debug("%s: %s", op, err ? err->msg : "failed");
            reply_error(d, c, err ? err->msg : "failed");
        } else {
            send_line(d, c, reply);
        }
        json_decref(reply);
        json_decref(req);
        return;
    }
    char msg[256];
    snprintf(msg, sizeof(msg), op ? "unknown op \"%.64s\"" : "\"op\": a string is required", op);
    reply_error(d, c, msg);
    json_decref(req);
}

int turfd_server_handle(struct turfd *d, struct client *c, uint32_t events)
{
    if (events & EPOLLOUT) {
        flush(d, c);
        if (c->closing || (c->eof && !c->out_len)) {
            client_free(d, c);
            return 0;
        }
    }
    if (events & EPOLLIN) {
        for (;;) {
            if (c->in_cap - c->in_len < 4096) {
                size_t cap = c->in_cap ? c->in_cap * 2 : 8192;
                char *in = realloc(c->in, cap);
                if (!in) {
                    client_free(d, c);
                    return 0;
                }
                c->in = in;
                c->in_cap = cap;
            }
            ssize_t n = recv(c->w.fd, c->in + c->in_len, c->in_cap - c->in_len, MSG_DONTWAIT);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (n == 0 && c->out_len && !(events & (EPOLLHUP | EPOLLERR))) {
                /* The client is done sending; it still gets what is owed to it. */
                c->eof = true;
                watch_events(d, c);
                return 0;
            }
            if (n <= 0) {
                client_free(d, c);
                return 0;
            }
            c->in_len += (size_t)n;
            char *nl;
            size_t used = 0;
            while ((nl = memchr(c->in + used, '\n', c->in_len - used))) {
                handle_line(d, c, c->in + used, (size_t)(nl - (c->in + used)));
                used = (size_t)(nl - c->in) + 1;
                if (c->closing) {
                    client_free(d, c);
                    return 0;
                }
            }
            memmove(c->in, c->in + used, c->in_len - used);
            c->in_len -= used;
            if (c->in_len > MAX_LINE) {
                reply_error(d, c, "request too large: a line may hold at most 1 MiB");
                client_free(d, c);
                return 0;
            }
        }
    }
    if ((events & (EPOLLHUP | EPOLLERR)) || ((events & EPOLLRDHUP) && !c->out_len)) {
        client_free(d, c);
        return 0;
    }
    if ((events & EPOLLRDHUP) && !c->eof) {
        c->eof = true;
        watch_events(d, c);
    }
    return 0;
}
