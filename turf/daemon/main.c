/* turfd: the daemon that keeps seeds and creates sandboxes by WarmFork. Parses its options,
 * takes its socket (its own or systemd's), adopts what a previous turfd left under its root,
 * and runs one epoll loop: clients, signals, seed channels, sandbox exits and OOM events. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "../base/cleanup.h"
#include "../base/fileio.h"
#include "../base/log.h"
#include "daemon.h"

#define VERSION        "0.1.0"
#define DEFAULT_ROOT   "/run/turfd"
#define DEFAULT_SOCKET "/run/turf/turfd.sock"

uint64_t turfd_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int turfd_watch(struct turfd *d, struct watch *w, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};
    return epoll_ctl(d->epoll_fd, EPOLL_CTL_ADD, w->fd, &ev) < 0 ? -errno : 0;
}

void turfd_unwatch(struct turfd *d, struct watch *w)
{
    if (w->fd >= 0) {
        epoll_ctl(d->epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
        close(w->fd);
        w->fd = -1;
    }
}

static void print_help(FILE *f)
{
    fprintf(f,
            "Usage: turfd [OPTIONS]\n\n"
            "The Turf daemon: keeps seed processes (runtimes with their code loaded) and creates\n"
            "sandboxes by WarmFork. Clients (turf --daemon-socket PATH ...) speak JSON lines\n"
            "over its UNIX socket; see turfd(8) for the protocol.\n\n"
            "Options:\n"
            "  --root DIR          state directory (default " DEFAULT_ROOT ")\n"
            "  --socket PATH       listening socket, mode 0600 (default " DEFAULT_SOCKET ");\n"
            "                      a socket passed by systemd (LISTEN_FDS) is used instead\n"
            "  --log FILE          write log lines to FILE instead of stderr\n"
            "  --log-format FMT    text (default) or json\n"
            "  --debug             log debug detail\n"
            "  -h, --help          show this help\n"
            "  -v, --version       show the version\n\n"
            "Signals: SIGTERM or SIGINT stop turfd and its seeds; warm sandboxes keep running\n"
            "and a later turfd on the same root adopts them.\n");
}

static int open_socket(struct turfd *d, const char *path, struct turf_error **err)
{
    int n = sd_listen_fds(1);
    if (n > 1)
        return turf_error_set(err, -EINVAL, "LISTEN_FDS: expected one socket, got %d", n);
    if (n == 1) {
        if (sd_is_socket_unix(SD_LISTEN_FDS_START, SOCK_STREAM, 1, NULL, 0) <= 0)
            return turf_error_set(err, -EINVAL,
                                  "LISTEN_FDS: fd 3 is not a listening UNIX "
                                  "stream socket");
        /* systemd hands it over blocking; the accept loop needs it non-blocking (a blocking
         * accept after the last pending client would stall every other watch). */
        int flags = fcntl(SD_LISTEN_FDS_START, F_GETFL);
        if (flags < 0 || fcntl(SD_LISTEN_FDS_START, F_SETFL, flags | O_NONBLOCK) < 0 ||
            fcntl(SD_LISTEN_FDS_START, F_SETFD, FD_CLOEXEC) < 0)
            return turf_error_errno(err, -errno, "LISTEN_FDS: make fd 3 non-blocking");
        turf_log_info("using the socket passed by systemd");
        d->systemd_socket = true;
        return SD_LISTEN_FDS_START;
    }
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(addr.sun_path))
        return turf_error_set(err, -ENAMETOOLONG, "--socket %s: path too long", path);
    strcpy(addr.sun_path, path);
    _cleanup_free_ char *dir = strdup(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash && slash != dir) {
        *slash = '\0';
        int r = turf_mkdir_p(dir, 0755, 0755);
        if (r < 0)
            return turf_error_errno(err, r, "create %s", dir);
    }
    _cleanup_close_ int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return turf_error_errno(err, -errno, "socket");
    /* A socket file nobody listens on is what a killed turfd leaves: replace it. One that
     * answers belongs to a running turfd: refuse. */
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
        return turf_error_set(err, -EADDRINUSE, "%s: another turfd is listening there", path);
    close(fd);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    unlink(path);
    mode_t old = umask(0177); /* 0600 from the start: no window in which others connect */
    int r = bind(fd, (struct sockaddr *)&addr, sizeof(addr));
    umask(old);
    if (r < 0 || chmod(path, 0600) < 0 || listen(fd, 128) < 0)
        return turf_error_errno(err, -errno, "listen on %s", path);
    return TURF_STEAL_FD(fd);
}

static int setup(struct turfd *d, const char *root, const char *socket_path,
                 struct turf_error **err)
{
    int r;
    if (asprintf(&d->root, "%s", root) < 0 ||
        asprintf(&d->sandboxes_root, "%s/sandboxes", root) < 0 ||
        asprintf(&d->seeds_root, "%s/seeds", root) < 0 ||
        asprintf(&d->logs_dir, "%s/logs", root) < 0 ||
        asprintf(&d->registry, "%s/seeds.json", root) < 0 ||
        asprintf(&d->pool_dir, "%s/pool", root) < 0)
        return turf_error_errno(err, -ENOMEM, "setup");
    if ((r = turf_mkdir_p(d->root, 0755, 0711)) < 0 ||
        (r = turf_mkdir_p(d->sandboxes_root, 0755, 0711)) < 0 ||
        (r = turf_mkdir_p(d->seeds_root, 0755, 0711)) < 0 ||
        (r = turf_mkdir_p(d->logs_dir, 0755, 0700)) < 0 ||
        (r = turf_mkdir_p(d->pool_dir, 0755, 0700)) < 0)
        return turf_error_errno(err, r, "create the state directories under %s", d->root);
    _cleanup_free_ char *real_root = realpath(d->root, NULL);
    if (!real_root)
        return turf_error_errno(err, -errno, "%s", d->root);
    uint32_t hash = 2166136261u; /* FNV-1a */
    for (const char *p = real_root; *p; p++)
        hash = (hash ^ (unsigned char)*p) * 16777619u;
    snprintf(d->instance, sizeof(d->instance), "%08x", hash);
    /* A few descriptors per watched sandbox (its OOM event, an adopted one's pidfd): take
     * what the hard limit allows rather than stop at a thousand sandboxes. */
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    /* Every sandbox is our child (seeds clone them with CLONE_PARENT); what a seed or sandbox
     * leaves orphaned comes to us too. */
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
        return turf_error_errno(err, -errno, "become a child subreaper");
    if ((d->epoll_fd = epoll_create1(EPOLL_CLOEXEC)) < 0)
        return turf_error_errno(err, -errno, "epoll");
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);
    d->signals = (struct watch){WATCH_SIGNAL, signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK)};
    if (d->signals.fd < 0 || turfd_watch(d, &d->signals, EPOLLIN) < 0)
        return turf_error_errno(err, -errno, "signalfd");
    d->listen = (struct watch){WATCH_LISTEN, -1};
    if ((d->listen.fd = open_socket(d, socket_path, err)) < 0)
        return d->listen.fd;
    if ((r = turfd_watch(d, &d->listen, EPOLLIN)) < 0)
        return turf_error_errno(err, r, "watch the socket");
    return 0;
}

static void reap(struct turfd *d)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (turfd_sandboxes_reaped(d, pid, status) || turfd_seeds_reaped(d, pid, status))
            continue;
        turf_log_debug("reaped pid %d", (int)pid);
    }
}

static void handle_signals(struct turfd *d)
{
    struct signalfd_siginfo si;
    while (read(d->signals.fd, &si, sizeof(si)) == sizeof(si)) {
        if (si.ssi_signo == SIGCHLD) {
            reap(d);
        } else {
            turf_log_info("got %s: stopping", strsignal((int)si.ssi_signo));
            d->stopping = true;
        }
    }
}

static void status_line(struct turfd *d)
{
    unsigned seeds = 0, sandboxes = 0;
    for (struct seed *s = d->seeds; s; s = s->next)
        seeds += s->pid > 0;
    for (struct sandbox *b = d->sandboxes; b; b = b->next)
        sandboxes++;
    sd_notifyf(0, "STATUS=%u seed%s running, %u warm sandbox%s watched", seeds,
               seeds == 1 ? "" : "s", sandboxes, sandboxes == 1 ? "" : "es");
}

static void run(struct turfd *d)
{
    struct epoll_event events[64];
    bool idle = false;
    while (!d->stopping) {
        int timeout = turfd_seeds_tick(d, idle);
        int n = epoll_wait(d->epoll_fd, events, 64, timeout);
        idle = n == 0;
        if (n < 0 && errno != EINTR) {
            turf_log_error("epoll_wait: %s", strerror(errno));
            return;
        }
        for (int i = 0; i < n; i++) {
            struct watch *w = events[i].data.ptr;
            switch (w->kind) {
            case WATCH_LISTEN:
                turfd_server_accept(d);
                break;
            case WATCH_SIGNAL:
                handle_signals(d);
                break;
            case WATCH_CLIENT:
                /* May free the client: nothing after it may touch w. */
                turfd_server_handle(d, (struct client *)w, events[i].events);
                break;
            case WATCH_SEED:
                turfd_seed_channel_event(d, (struct seed *)w);
                break;
            case WATCH_PIDFD:
            case WATCH_OOM:
                turfd_sandbox_watch_event(d, w);
                break;
            }
        }
        /* After the replies: work a reply need not wait for. */
        turfd_sandboxes_after_replies(d);
        if (n > 0)
            status_line(d);
    }
}

int main(int argc, char **argv)
{
    enum { OPT_ROOT = 256, OPT_SOCKET, OPT_LOG, OPT_LOG_FORMAT, OPT_DEBUG };
    static const struct option options[] = {
        {"root", required_argument, NULL, OPT_ROOT},
        {"socket", required_argument, NULL, OPT_SOCKET},
        {"log", required_argument, NULL, OPT_LOG},
        {"log-format", required_argument, NULL, OPT_LOG_FORMAT},
        {"debug", no_argument, NULL, OPT_DEBUG},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},
        {0},
    };
    const char *root = DEFAULT_ROOT, *socket_path = DEFAULT_SOCKET, *log_path = NULL;
    bool json = false, debug = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "hv", options, NULL)) != -1) {
        switch (c) {
        case OPT_ROOT:
            root = optarg;
            break;
        case OPT_SOCKET:
            socket_path = optarg;
            break;
        case OPT_LOG:
            log_path = optarg;
            break;
        case OPT_LOG_FORMAT:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0) {
                fprintf(stderr, "turfd: --log-format: expected text or json, got \"%s\"\n", optarg);
                return 2;
            }
            json = strcmp(optarg, "json") == 0;
            break;
        case OPT_DEBUG:
            debug = true;
            break;
        case 'h':
            print_help(stdout);
            return 0;
        case 'v':
            printf("turfd version " VERSION "\n");
            return 0;
        default:
            fprintf(stderr, "turfd: unrecognized option '%s'\nRun 'turfd --help' for usage.\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "turfd: unexpected argument '%s'\nRun 'turfd --help' for usage.\n",
                argv[optind]);
        return 2;
    }
    if (root[0] != '/') {
        fprintf(stderr, "turfd: --root must be an absolute path, got \"%s\"\n", root);
        return 2;
    }
    if (turf_log_setup("turfd", log_path, json, debug) < 0) {
        fprintf(stderr, "turfd: cannot open log file %s\n", log_path);
        return 1;
    }
    struct turfd d = {.epoll_fd = -1};
    _cleanup_error_ struct turf_error *err = NULL;
    if (setup(&d, root, socket_path, &err) < 0) {
        turf_log_error("%s", err->msg);
        return 1;
    }
    turfd_pool_cleanup(&d);
    turfd_sandboxes_restore(&d);
    turfd_seeds_restore(&d);
    turf_log_info("serving on %s, root %s", socket_path, d.root);
    sd_notify(0, "READY=1");
    status_line(&d);
    run(&d);
    sd_notify(0, "STOPPING=1");
    turfd_server_close_all(&d);
    turfd_seeds_stop(&d);
    turfd_sandboxes_release(&d);
    turfd_bundles_release();
    /* The socket file goes with us (one passed by systemd stays systemd's). */
    if (!d.systemd_socket)
        unlink(socket_path);
    turf_log_info("stopped; warm sandboxes keep running");
    free(d.root);
    free(d.sandboxes_root);
    free(d.seeds_root);
    free(d.logs_dir);
    free(d.registry);
    free(d.pool_dir);
    return 0;
}
