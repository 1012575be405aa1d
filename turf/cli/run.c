/* turf run: create and start a container; in the foreground, forward signals to it, wait,
 * delete it (unless --keep) and exit with its status, as runc run does. With --seed, turfd
 * makes and starts a warm sandbox in one request, and the foreground waits on turfd's events
 * instead of a child. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../oci/config.h"
#include "../base/cleanup.h"

#include "../container/container.h"
#include "cli.h"

extern const struct option turf_create_options[];
extern const struct option turf_warm_options[2];
extern const char turf_create_options_help[];
bool turf_create_option(int c, const char *arg, struct turf_create_options *o);
int turf_create_warm(const struct turf_globals *g, const struct turf_create_options *o,
                     const char *seed, const char *listen, const char *op, struct turf_error **err);

static const int forwarded[] = TURF_FORWARDED_SIGNALS;

/* Lines from turfd on a connection that is also polled: what came after a line waits in buf. */
struct line_reader {
    int fd;
    size_t len;
    char buf[65536];
};

/* The next line (*out, to json_decref; NULL when it is not JSON): 1, or 0 when more must be
 * read first, or -1 when the connection ended. */
static int next_line(struct line_reader *r, json_t **out)
{
    char *nl = memchr(r->buf, '\n', r->len);
    if (!nl) {
        ssize_t n = r->len < sizeof(r->buf)
                        ? recv(r->fd, r->buf + r->len, sizeof(r->buf) - r->len, MSG_DONTWAIT)
                        : 0;
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return 0;
        if (n <= 0)
            return -1;
        r->len += (size_t)n;
        if (!(nl = memchr(r->buf, '\n', r->len)))
            return 0;
    }
    size_t used = (size_t)(nl - r->buf) + 1;
    *out = json_loadb(r->buf, used - 1, 0, NULL);
    memmove(r->buf, r->buf + used, r->len - used);
    r->len -= used;
    return 1;
}

/* Waits for the sandbox's exit event on events (a subscription to its events), sending it
 * the signals that come on sfd; returns its exit status (255 when turfd does not know it). */
static int wait_warm(const struct turf_globals *g, const char *id, struct line_reader *events,
                     int sfd)
{
    for (;;) {
        json_t *line = NULL;
        int r = next_line(events, &line);
        if (r < 0) {
            fprintf(stderr, "turf: run %s: turfd closed the event stream\n", id);
            return 255;
        }
        if (r > 0) {
            json_t *ev = json_object_get(line, "event");
            const char *type = json_string_value(json_object_get(ev, "type"));
            json_t *status = json_object_get(ev, "status");
            int code = json_is_integer(status) ? (int)json_integer_value(status) : 255;
            bool exited = type && strcmp(type, "exit") == 0;
            json_decref(line);
            if (exited)
                return code;
            continue;
        }
        struct pollfd p[2] = {{events->fd, POLLIN, 0}, {sfd, POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            return 255;
        struct signalfd_siginfo si;
        if ((p[1].revents & POLLIN) && read(sfd, &si, sizeof(si)) == sizeof(si)) {
            struct turf_error *e = NULL;
            if (turf_backend_kill(g, id, (int)si.ssi_signo, false, &e) < 0)
                turf_error_free(&e); /* it may be exiting: its exit event says */
        }
    }
}

/* Subscribes to the events of id on a new connection: its reader, or NULL. */
static struct line_reader *subscribe(const struct turf_globals *g, const char *id,
                                     struct turf_error **err)
{
    _cleanup_close_ int fd = turf_daemon_connect(g, err);
    if (fd < 0 || turf_daemon_send(fd, json_pack("{s:s, s:s}", "op", "events", "id", id), err) < 0)
        return NULL;
    struct line_reader *r = calloc(1, sizeof(*r));
    if (!r) {
        turf_error_errno(err, -ENOMEM, "subscribe to the events of %s", id);
        return NULL;
    }
    r->fd = TURF_STEAL_FD(fd);
    json_t *ack = NULL;
    int got;
    while ((got = next_line(r, &ack)) == 0)
        poll(&(struct pollfd){r->fd, POLLIN, 0}, 1, -1);
    if (got < 0 || !json_is_true(json_object_get(ack, "ok"))) {
        turf_error_set(err, -EPROTO, "turfd refused to stream the events of %s", id);
        close(r->fd);
        free(r);
        r = NULL;
    }
    json_decref(ack);
    return r;
}

/* turf run --seed: subscribed to the sandbox's events before it exists, so that its exit
 * cannot be missed; then one "run" request. */
static int run_warm(const struct turf_globals *g, const struct turf_create_options *o,
                    const char *seed, const char *listen, bool detach, bool keep,
                    struct turf_error **err)
{
    if (detach)
        return turf_create_warm(g, o, seed, listen, "run", err);
    struct turf_globals daemon = *g;
    if (!daemon.daemon_socket)
        daemon.daemon_socket = TURF_DEFAULT_DAEMON_SOCKET;
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
        sigaddset(&set, forwarded[i]);
    sigprocmask(SIG_BLOCK, &set, NULL);
    _cleanup_close_ int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    if (sfd < 0) {
        turf_error_errno(err, -errno, "signalfd");
        return TURF_EXIT_FAILURE;
    }
    _cleanup_free_ struct line_reader *events = subscribe(&daemon, o->id, err);
    if (!events)
        return TURF_EXIT_FAILURE;
    int status = turf_create_warm(&daemon, o, seed, listen, "run", err);
    if (status == TURF_EXIT_OK) {
        status = wait_warm(&daemon, o->id, events, sfd);
        if (!keep && turf_backend_delete(&daemon, o->id, true, err) < 0)
            status = TURF_EXIT_FAILURE;
    }
    close(events->fd);
    return status;
}

int turf_cmd_run(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    struct option options[16];
    size_t n = 0;
    for (; turf_create_options[n].name; n++)
        options[n] = turf_create_options[n];
    options[n++] = turf_warm_options[0];
    options[n++] = turf_warm_options[1];
    options[n++] = (struct option){"detach", no_argument, NULL, 'd'};
    options[n++] = (struct option){"keep", no_argument, NULL, 'k'};
    options[n] = (struct option){0};

    struct turf_create_options o = {.root = g->root, .systemd_cgroup = g->systemd_cgroup};
    bool detach = false, keep = false;
    const char *seed = NULL, *listen = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "b:dh", options, NULL)) != -1) {
        if (turf_create_option(c, optarg, &o))
            continue;
        if (c == 'S')
            seed = optarg;
        else if (c == 'L')
            listen = optarg;
        else if (c == 'd')
            detach = true;
        else if (c == 'k')
            keep = true;
        else if (c == 'h') {
            printf("Usage: turf run [OPTIONS] ID\n\nCreate and start a container, wait for it "
                   "and exit with its status.\n\n%s"
                   "  -d, --detach              return once the container has started\n"
                   "      --keep                do not delete the container after it exits\n"
                   "      --seed NAME           ask turfd to make and start a warm sandbox from\n"
                   "                            seed NAME in one request (the bundle defaults\n"
                   "                            to the seed's; its output goes to turfd's log)\n"
                   "      --listen ADDR         with --seed: HOST:PORT or unix:PATH that turfd\n"
                   "                            binds and hands to the sandbox\n",
                   turf_create_options_help);
            return TURF_EXIT_OK;
        } else
            return turf_usage_error("run", "unknown option \"%s\"", argv[optind - 1]);
    }
    if (optind != argc - 1)
        return turf_usage_error("run", "expected exactly one container id");
    o.id = argv[optind];
    if (listen && !seed)
        return turf_usage_error("run", "--listen needs --seed");
    if (seed)
        return run_warm(g, &o, seed, listen, detach, keep, err);

    /* In the foreground, a terminal with nowhere to go comes to us: runc does the same. */
    _cleanup_oci_config_ struct oci_config *config = NULL;
    int sv[2] = {-1, -1};
    if (!detach && !o.console_socket &&
        oci_config_load_bundle(o.bundle ? o.bundle : ".", &config, err) == 0 && config->process &&
        config->process->terminal.value) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
            turf_error_errno(err, -errno, "socketpair");
            return TURF_EXIT_FAILURE;
        }
        o.console_fd = sv[1];
    }
    turf_error_free(err); /* create reports config problems itself */

    pid_t pid;
    int r = turf_container_create(&o, &pid, err);
    if (sv[1] >= 0)
        close(sv[1]);
    _cleanup_close_ int master = r == 0 && sv[0] >= 0 ? turf_receive_terminal(sv[0]) : -1;
    if (sv[0] >= 0)
        close(sv[0]);
    if (r < 0)
        return TURF_EXIT_FAILURE;
    if (turf_container_start(g->root, o.id, err) < 0) {
        struct turf_error *ignored = NULL;
        turf_container_delete(g->root, o.id, true, &ignored);
        turf_error_free(&ignored);
        return TURF_EXIT_FAILURE;
    }
    if (detach)
        return TURF_EXIT_OK;
    int status = master >= 0 ? turf_proxy_terminal(pid, master) : turf_wait_forwarding_signals(pid);
    if (!keep && turf_container_delete(g->root, o.id, true, err) < 0)
        return TURF_EXIT_FAILURE;
    return status;
}
