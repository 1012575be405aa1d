/* http-probe: spawns a server command and measures the time from fork to the first "200" answer
 * on 127.0.0.1:PORT, polling connect every 0.2 ms. Prints the milliseconds; kills the server. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

static int try_get(int port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return probe_get_200((struct sockaddr *)&sa, sizeof(sa));
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: http-probe PORT COMMAND...\n");
        return 2;
    }
    int port = atoi(argv[1]);
    double start = probe_now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    int ok = 0;
    while (probe_now_ms() - start < 10000 && !(ok = try_get(port)))
        usleep(200);
    double ms = probe_now_ms() - start;
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    if (!ok) {
        fprintf(stderr, "http-probe: no 200 within 10 s\n");
        return 1;
    }
    printf("%.2f\n", ms);
    return 0;
}
