/* SCM_RIGHTS descriptor passing (see fdpass.h). */
#include "fdpass.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int turf_send_fds(int sock, const void *buf, size_t len, const int *fds, size_t n_fds)
{
    if (n_fds > TURF_MAX_PASSED_FDS)
        return -E2BIG;
    char control[CMSG_SPACE(sizeof(int) * TURF_MAX_PASSED_FDS)] = {0};
    char empty = 0;
    struct iovec iov = {.iov_base = len ? (void *)buf : &empty, .iov_len = len ? len : 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (n_fds) {
        msg.msg_control = control;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * n_fds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * n_fds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * n_fds);
    }
    ssize_t n;
    do
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : 0;
}

static ssize_t receive(int sock, void *buf, size_t size, int *fds, size_t max_fds, size_t *n_fds,
                       bool whole)
{
    char control[CMSG_SPACE(sizeof(int) * TURF_MAX_PASSED_FDS)];
    struct iovec iov = {.iov_base = buf, .iov_len = size};
    struct msghdr msg = {.msg_iov = &iov,
                         .msg_iovlen = 1,
                         .msg_control = control,
                         .msg_controllen = sizeof(control)};
    *n_fds = 0;
    ssize_t n;
    do
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -errno;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        size_t got = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < got; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            if (*n_fds < max_fds)
                fds[(*n_fds)++] = fd;
            else
                close(fd); /* more than the caller takes: never leak them */
        }
    }
    if ((msg.msg_flags & MSG_CTRUNC) || (whole && (msg.msg_flags & MSG_TRUNC))) {
        for (size_t i = 0; i < *n_fds; i++)
            close(fds[i]);
        *n_fds = 0;
        return -EMSGSIZE;
    }
    return n;
}

ssize_t turf_receive_fds(int sock, void *buf, size_t size, int *fds, size_t max_fds, size_t *n_fds)
{
    return receive(sock, buf, size, fds, max_fds, n_fds, true);
}

int turf_send_fd(int sock, int fd, const char *text)
{
    return turf_send_fds(sock, text, strlen(text), &fd, 1);
}

int turf_receive_fd(int sock, char *text, size_t size)
{
    char scratch[1];
    int fd;
    size_t n_fds;
    /* The text is a courtesy: a longer one is cut, the descriptor still counts. */
    ssize_t n = receive(sock, text && size > 1 ? text : scratch,
                        text && size > 1 ? size - 1 : sizeof(scratch), &fd, 1, &n_fds, false);
    if (n < 0)
        return (int)n;
    if (n == 0 || n_fds == 0)
        return -EBADMSG;
    if (text && size > 1)
        text[n] = '\0';
    return fd;
}
