/* Test tool: a seccomp agent. Takes the containerProcessState and the notify fd of every
 * connection to SOCKET, then fails mkdir with EDQUOT and lets any other notified call continue.
 * Usage: seccomp-listener SOCKET STATES LOG [CONNECTIONS] (see main). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4 */
#endif
#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FDS 16

/* Whether buf holds one whole JSON object (braces balanced outside strings). */
static int json_complete(const char *buf, size_t len)
{
    int depth = 0, in_string = 0, escaped = 0, seen = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (in_string) {
            if (escaped)
                escaped = 0;
            else if (c == '\\')
                escaped = 1;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{') {
            depth++;
            seen = 1;
        } else if (c == '}') {
            depth--;
        }
    }
    return seen && depth == 0;
}

/* Reads the state and the fd from a new connection; returns the fd or -1. */
static int take_connection(int conn, FILE *states)
{
    static char buf[1 << 16];
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
    struct msghdr msg = {.msg_iov = &iov,
                         .msg_iovlen = 1,
                         .msg_control = control,
                         .msg_controllen = sizeof(control)};
    ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
    if (n <= 0)
        return -1;
    int fd = -1;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
        memcpy(&fd, CMSG_DATA(c), sizeof(int));
    size_t len = (size_t)n;
    while (!json_complete(buf, len) && len < sizeof(buf) - 1) {
        n = recv(conn, buf + len, sizeof(buf) - 1 - len, 0);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    fprintf(states, "%s\n", buf);
    fflush(states);
    return fd;
}

static void answer(int fd, FILE *log)
{
    struct seccomp_notif req;
    struct seccomp_notif_resp resp;
    memset(&req, 0, sizeof(req));
    if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
        return; /* the caller went away (ENOENT) or was interrupted */
    memset(&resp, 0, sizeof(resp));
    resp.id = req.id;
    if (req.data.nr == SYS_mkdir) {
        resp.error = -EDQUOT;
        fprintf(log, "%d %u errno %d\n", req.data.nr, req.pid, EDQUOT);
    } else {
        resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
        fprintf(log, "%d %u continue\n", req.data.nr, req.pid);
    }
    fflush(log);
    ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

/* STATES gets the JSON of each connection, a line each; LOG a line per notification,
 * "SYSCALL-NR PID continue|errno N". Exits once CONNECTIONS (default 1) have come and all their
 * filters are gone. */
int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: seccomp-listener SOCKET STATES LOG [CONNECTIONS]\n");
        return 2;
    }
    int wanted = argc == 5 ? atoi(argv[4]) : 1, connections = 0;
    FILE *states = fopen(argv[2], "a"), *log = fopen(argv[3], "a");
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (!states || !log || strlen(argv[1]) >= sizeof(addr.sun_path)) {
        fprintf(stderr, "seccomp-listener: bad arguments\n");
        return 2;
    }
    strcpy(addr.sun_path, argv[1]);
    unlink(argv[1]);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(sock, 8) < 0) {
        perror("seccomp-listener: listen");
        return 1;
    }
    /* fds[0] listens; the others are connections that have not sent yet (a runtime may connect
     * long before it loads the filter) and notify fds. */
    struct pollfd fds[MAX_FDS + 1];
    int is_notify[MAX_FDS + 1] = {0};
    int n_fds = 0;
    fds[0] = (struct pollfd){.fd = sock, .events = POLLIN};
    while (connections < wanted || n_fds > 0) {
        if (poll(fds, (nfds_t)n_fds + 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            perror("seccomp-listener: poll");
            return 1;
        }
        if ((fds[0].revents & POLLIN) && n_fds < MAX_FDS) {
            int conn = accept4(sock, NULL, NULL, SOCK_CLOEXEC);
            if (conn >= 0) {
                connections++;
                fds[++n_fds] = (struct pollfd){.fd = conn, .events = POLLIN};
                is_notify[n_fds] = 0;
                fds[n_fds].revents = 0;
            }
        }
        for (int i = 1; i <= n_fds; i++) {
            short ev = fds[i].revents;
            if (!ev)
                continue;
            if (is_notify[i] && (ev & POLLIN)) {
                answer(fds[i].fd, log);
                continue;
            }
            int fd = !is_notify[i] && (ev & POLLIN) ? take_connection(fds[i].fd, states) : -1;
            close(fds[i].fd);
            if (fd >= 0) {
                fds[i] = (struct pollfd){.fd = fd, .events = POLLIN};
                is_notify[i] = 1;
            } else {
                fds[i] = fds[n_fds];
                is_notify[i] = is_notify[n_fds];
                n_fds--;
                i--;
            }
        }
    }
    close(sock);
    unlink(argv[1]);
    return 0;
}
