/* Test tool: listens on a console socket, receives one pty master over SCM_RIGHTS, writes
 * what the container prints on its terminal to stdout, and feeds our stdin to it.
 * Usage: recvtty SOCKET_PATH (removes the socket when done). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int receive_fd(int conn, char *name, size_t size)
{
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {.iov_base = name, .iov_len = size - 1};
    struct msghdr msg = {.msg_iov = &iov,
                         .msg_iovlen = 1,
                         .msg_control = control,
                         .msg_controllen = sizeof(control)};
    ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
    struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
    if (!c || c->cmsg_type != SCM_RIGHTS)
        return -1;
    name[n] = '\0';
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof(int));
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: recvtty SOCKET_PATH\n");
        return 2;
    }
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", argv[1]);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    unlink(argv[1]);
    if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(s, 1) < 0) {
        perror("recvtty: listen");
        return 1;
    }
    int conn = accept4(s, NULL, NULL, SOCK_CLOEXEC);
    char name[256];
    int master = conn >= 0 ? receive_fd(conn, name, sizeof(name)) : -1;
    unlink(argv[1]);
    if (master < 0) {
        fprintf(stderr, "recvtty: no terminal received\n");
        return 1;
    }
    fprintf(stderr, "recvtty: got %s\n", name);
    struct pollfd fds[2] = {{.fd = master, .events = POLLIN}, {.fd = 0, .events = POLLIN}};
    char buf[4096];
    for (;;) {
        if (poll(fds, 2, -1) < 0 && errno != EINTR)
            return 1;
        if (fds[0].revents) {
            ssize_t n = read(master, buf, sizeof(buf));
            if (n <= 0)
                return 0; /* EIO: the last slave user is gone */
            if (write(1, buf, (size_t)n) < 0)
                return 1;
        }
        if (fds[1].revents) {
            ssize_t n = read(0, buf, sizeof(buf));
            if (n <= 0)
                fds[1].fd = -1;
            else if (write(master, buf, (size_t)n) < 0)
                return 1;
        }
    }
}
