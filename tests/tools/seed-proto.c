/* seed-proto: talks to a seed the way turfd does, and badly: starts SEED (a program linking the
 * seed library, e.g. build/test-seed) with its channel at fd 3, then sends it malformed,
 * truncated, unknown and out-of-range requests and checks that each gets an error reply and
 * that the seed still forks afterwards; a forked child that gets a malformed config reports an
 * error and exits; a closed channel ends the seed. Prints "ok"/"FAIL" lines; exit 1 on a FAIL.
 * Usage: seed-proto SEED */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

/* One reply within 5 s, NUL-terminated in buf; "" on timeout or close. */
static const char *reply(int sock, char *buf, size_t size)
{
    struct pollfd p = {.fd = sock, .events = POLLIN};
    buf[0] = '\0';
    if (poll(&p, 1, 5000) != 1)
        return buf;
    ssize_t n = recv(sock, buf, size - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

static int send_with_fd(int sock, const char *text, int fd)
{
    char control[CMSG_SPACE(sizeof(int))] = {0};
    struct iovec iov = {.iov_base = (void *)text, .iov_len = strlen(text)};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (fd >= 0) {
        msg.msg_control = control;
        msg.msg_controllen = sizeof(control);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof(int));
    }
    return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: seed-proto SEED\n");
        return 2;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return 1;
    pid_t seed = fork();
    if (seed == 0) {
        if (dup2(sv[1], 3) < 0)
            _exit(127);
        setenv("TURF_SEED_FD", "3", 1);
        execl(argv[1], argv[1], (char *)NULL);
        _exit(127);
    }
    close(sv[1]);
    int s = sv[0];
    char buf[4096];
    check(strstr(reply(s, buf, sizeof(buf)), "\"ready\"") != NULL, "the seed reports ready");

    static const struct {
        const char *text, *what;
    } bad[] = {
        {"not json at all", "a message that is not JSON gets an error reply"},
        {"{\"type\":\"fork\",\"fla", "a truncated message gets an error reply"},
        {"[1,2,3]", "a message that is not an object gets an error reply"},
        {"{\"flags\":0}", "a message without a type gets an error reply"},
        {"{\"type\":\"frob\"}", "an unknown request gets an error reply"},
        {"{\"type\":\"fork\",\"flags\":0}", "a fork request without a channel gets an error reply"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        send_with_fd(s, bad[i].text, -1);
        check(strstr(reply(s, buf, sizeof(buf)), "\"error\"") != NULL, bad[i].what);
    }
    int ch[2];
    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ch);
    send_with_fd(s, "{\"type\":\"fork\",\"flags\":268435456}", ch[1]); /* CLONE_NEWUSER */
    check(strstr(reply(s, buf, sizeof(buf)), "\"error\"") != NULL,
          "a fork into namespaces a seed may not make (user) is refused");

    /* Still serving: a proper fork, whose child then gets a malformed config. */
    send_with_fd(s, "{\"type\":\"fork\",\"flags\":0}", ch[1]);
    close(ch[1]);
    const char *r = reply(s, buf, sizeof(buf));
    const char *p = strstr(r, "\"pid\":");
    pid_t child = p ? (pid_t)atoi(p + 6) : 0;
    check(child > 0, "after all that, a fork request still forks a child");
    send_with_fd(ch[0], "{\"type\":\"config\",\"id\":\"x\"}", -1);
    check(strstr(reply(ch[0], buf, sizeof(buf)), "\"error\"") != NULL,
          "a child sent a config without its state directory reports an error");
    int status = 0;
    /* The child is the seed's sibling (CLONE_PARENT): ours to reap. */
    check(child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
              WEXITSTATUS(status) != 0,
          "... and exits");
    close(ch[0]);

    close(s);
    int seed_status = 0;
    alarm(10);
    check(waitpid(seed, &seed_status, 0) == seed, "a seed whose channel closes exits");
    return failures ? 1 : 0;
}
