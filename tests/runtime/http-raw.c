/* http-raw: a raw HTTP client for tests/runtime/http.sh. Sends stdin (split at "@PAUSE@" marks,
 * with a pause between parts) over TCP or a UNIX socket, prints what comes back until EOF. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int connect_to(const char *unix_path, int port)
{
    if (unix_path) {
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", unix_path);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
            return fd;
        return -1;
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
        return fd;
    return -1;
}

int main(int argc, char **argv)
{
    const char *unix_path = NULL;
    int port = 0, timeout_ms = 5000, pause_ms = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--unix"))
            unix_path = argv[i + 1];
        else if (!strcmp(argv[i], "--port"))
            port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--timeout-ms"))
            timeout_ms = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--pause-ms"))
            pause_ms = atoi(argv[i + 1]);
    }
    static char input[1 << 20];
    size_t len = fread(input, 1, sizeof(input) - 1, stdin);
    input[len] = '\0';
    int fd = connect_to(unix_path, port);
    if (fd < 0) {
        fprintf(stderr, "http-raw: connect: %s\n", strerror(errno));
        return 2;
    }
    char *part = input, *end = input + len;
    while (part < end) {
        char *mark = strstr(part, "@PAUSE@");
        size_t n = mark ? (size_t)(mark - part) : (size_t)(end - part);
        if (n && write(fd, part, n) != (ssize_t)n) {
            /* The server may close early (an error answer): read what it said. */
            break;
        }
        if (!mark)
            break;
        usleep((useconds_t)pause_ms * 1000);
        part = mark + 7;
    }
    long long sent = now_ms();
    char buf[65536];
    for (;;) {
        int left = (int)(sent + timeout_ms - now_ms());
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, left) == 0) {
            fprintf(stderr, "http-raw: timeout after %d ms\n", timeout_ms);
            return 3;
        }
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n <= 0)
            break;
        fwrite(buf, 1, (size_t)n, stdout);
        fflush(stdout);
    }
    fprintf(stderr, "http-raw: closed after %lld ms\n", now_ms() - sent);
    return 0;
}
