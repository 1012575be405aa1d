/* What the benchmark probes share: a monotonic clock in milliseconds, and one HTTP GET / that
 * says whether the server answered 200 (a fresh connection each time, closed after). */
#ifndef TURF_BENCH_PROBE_H
#define TURF_BENCH_PROBE_H

#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static inline double probe_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 1 once the server at sa answered GET / with 200; 0 if it cannot be reached or did not. */
static inline int probe_get_200(const struct sockaddr *sa, socklen_t len)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, sa, len) < 0) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    static const char req[] = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    char buf[512];
    ssize_t n = write(fd, req, sizeof(req) - 1) > 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return strstr(buf, " 200 ") != NULL;
}

#endif
