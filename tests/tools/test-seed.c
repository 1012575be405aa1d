/* A minimal seed for turfd's tests, without JavaScript: it links the seed library, parks in
 * turf_seed_wait, and each child answers every HTTP request on its listening socket with
 * "hello from ID" plus what it sees of itself (pid, hostname, uid), one connection at a time.
 * "GET /crash" makes the child abort; "GET /alloc?MB" touches MB MiB of memory. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../turf/seed/seed.h"

static void answer(int conn, const char *id)
{
    char req[4096];
    ssize_t n = recv(conn, req, sizeof(req) - 1, 0);
    if (n <= 0)
        return;
    req[n] = '\0';
    if (strncmp(req, "GET /crash", 10) == 0)
        abort();
    if (strncmp(req, "GET /alloc?", 11) == 0) {
        size_t mb = strtoul(req + 11, NULL, 10);
        char *p = malloc(mb << 20);
        for (size_t i = 0; p && i < mb << 20; i += 4096)
            p[i] = 1;
    }
    char host[256] = "";
    gethostname(host, sizeof(host));
    char body[512], head[256];
    int blen = snprintf(body, sizeof(body), "hello from %s pid %d host %s uid %d\n", id,
                        (int)getpid(), host, (int)getuid());
    int hlen = snprintf(head, sizeof(head),
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                        "Connection: close\r\n\r\n",
                        blen);
    if (send(conn, head, (size_t)hlen, MSG_NOSIGNAL) < 0 ||
        send(conn, body, (size_t)blen, MSG_NOSIGNAL) < 0)
        return;
}

int main(void)
{
    if (!turf_seed_requested()) {
        fprintf(stderr, "test-seed: run me as a turfd seed (TURF_SEED_FD is not set)\n");
        return 2;
    }
    struct turf_seed_child child;
    struct turf_error *err = NULL;
    if (turf_seed_wait(&child, &err) < 0) {
        fprintf(stderr, "test-seed: %s\n", err->msg);
        return 1;
    }
    /* In a sandbox now. */
    printf("sandbox %s: pid %d, listening on fd %d\n", child.id, (int)getpid(), child.listen_fd);
    fflush(stdout);
    if (child.listen_fd < 0) {
        pause();
        return 0;
    }
    for (;;) {
        int conn = accept(child.listen_fd, NULL, NULL);
        if (conn < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        answer(conn, child.id);
        close(conn);
    }
}
