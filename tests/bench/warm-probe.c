/* warm-probe: drives turfd through its socket the way a serverless platform would and times
 * it. Modes (each cleans up the sandboxes it made):
 *   first SOCKET SEED N PORT   N times: create --listen 127.0.0.1:PORT, start, GET until 200,
 *                              delete; prints the median of each step and of the whole
 *                              (WARM_PROBE_GAP_MS: a pause between the rounds)
 *   one   SOCKET SEED ID PORT  once, keeping the sandbox ID: prints the times of each step and
 *                              the body of the answer (for the demo)
 *   rate  SOCKET SEED N DIR    N creates+starts (listening on unix:DIR/ID.sock), one after
 *                              another; prints creates per second
 *   pss   SOCKET SEED N DIR    N sandboxes alive, each having answered one request; prints the
 *                              mean PSS and private (unique) memory per sandbox from smaps_rollup
 * first-run, one-run, rate-run: the same with one "run" request instead of create and start
 * (the start step is then 0). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

static const char *sock_path, *seed;
static bool use_run; /* one "run" request instead of "create" then "start" */

/* One request line to turfd, one reply line back, on one connection kept for the whole run
 * (as a platform keeps its connection to turfd); returns the reply's "pid" (0 if none), or
 * exits on a failed reply. */
static long call(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long call(const char *fmt, ...)
{
    static int fd = -1;
    char req[1024], reply[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(req, sizeof(req) - 1, fmt, ap);
    va_end(ap);
    req[n++] = '\n';
    if (fd < 0) {
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
            perror("warm-probe: turfd");
            exit(1);
        }
    }
    if (write(fd, req, (size_t)n) != n) {
        perror("warm-probe: turfd");
        exit(1);
    }
    /* turfd sends nothing but replies here, one per request: a line ends a read. */
    size_t got = 0;
    ssize_t r;
    while (got < sizeof(reply) - 1 && (r = read(fd, reply + got, sizeof(reply) - 1 - got)) > 0) {
        got += (size_t)r;
        if (reply[got - 1] == '\n')
            break;
    }
    reply[got] = '\0';
    if (!strstr(reply, "\"ok\":true")) {
        fprintf(stderr, "warm-probe: %.*s -> %s", n - 1, req, reply);
        exit(1);
    }
    const char *pid = strstr(reply, "\"pid\":");
    return pid ? atol(pid + 6) : 0;
}

/* GET / on the sandbox's socket; 1 once it answered 200. */
static int get_until_200(const struct sockaddr *sa, socklen_t len)
{
    double until = probe_now_ms() + 10000;
    while (probe_now_ms() < until) {
        if (probe_get_200(sa, len))
            return 1;
        usleep(100);
    }
    fprintf(stderr, "warm-probe: no 200 within 10 s\n");
    return 0;
}

/* A started sandbox listening on listen: create then start, or run. times[0] and times[1] get
 * the milliseconds each took (times[1] is 0 for run). */
static void make_sandbox(const char *id, const char *listen, double *times)
{
    double t0 = probe_now_ms();
    call("{\"op\":\"%s\",\"id\":\"%s\",\"seed\":\"%s\",\"listen\":\"%s\"}",
         use_run ? "run" : "create", id, seed, listen);
    double t1 = probe_now_ms();
    if (!use_run)
        call("{\"op\":\"start\",\"id\":\"%s\"}", id);
    times[0] = t1 - t0;
    times[1] = probe_now_ms() - t1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One sandbox listening on 127.0.0.1:port, made and started, then GET until 200: t[0] the
 * create (or run), t[1] the start, t[2] until the first 200, t[3] the whole. */
static int time_first_200(const char *id, int port, double t[4])
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char listen[64];
    snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
    double t0 = probe_now_ms();
    make_sandbox(id, listen, t);
    double t2 = probe_now_ms();
    if (!get_until_200((struct sockaddr *)&sa, sizeof(sa)))
        return -1;
    double t3 = probe_now_ms();
    t[2] = t3 - t2;
    t[3] = t3 - t0;
    return 0;
}

static int first(int n, int port)
{
    double *create = calloc((size_t)n, sizeof(double)), *start = calloc((size_t)n, sizeof(double)),
           *serve = calloc((size_t)n, sizeof(double)), *total = calloc((size_t)n, sizeof(double));
    char id[64];
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof(id), "probe-%d-%d", (int)getpid(), i);
        double t[4];
        if (time_first_200(id, port, t) < 0)
            return 1;
        call("{\"op\":\"delete\",\"id\":\"%s\",\"force\":true}", id);
        create[i] = t[0], start[i] = t[1], serve[i] = t[2], total[i] = t[3];
        /* Creates that arrive back to back leave turfd no idle moment to refill a pool. */
        const char *gap = getenv("WARM_PROBE_GAP_MS");
        if (gap)
            usleep((useconds_t)atoi(gap) * 1000);
    }
    printf("create %.3f start %.3f first-200 %.3f total %.3f\n", median(create, n),
           median(start, n), median(serve, n), median(total, n));
    return 0;
}

static int one(const char *id, int port)
{
    double t[4];
    if (time_first_200(id, port, t) < 0)
        return 1;
    printf("create %.3f start %.3f first-200 %.3f total %.3f\n", t[0], t[1], t[2], t[3]);
    return 0;
}

static void unix_addr(struct sockaddr_un *sa, const char *dir, int i)
{
    *sa = (struct sockaddr_un){.sun_family = AF_UNIX};
    snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/s%d.sock", dir, i);
}

static void create_many(int n, const char *dir)
{
    for (int i = 0; i < n; i++) {
        struct sockaddr_un sa;
        unix_addr(&sa, dir, i);
        char id[64], listen[sizeof(sa.sun_path) + 8];
        snprintf(id, sizeof(id), "probe-%d-%d", (int)getpid(), i);
        snprintf(listen, sizeof(listen), "unix:%s", sa.sun_path);
        double times[2];
        make_sandbox(id, listen, times);
    }
}

static void delete_many(int n)
{
    for (int i = 0; i < n; i++)
        call("{\"op\":\"delete\",\"id\":\"probe-%d-%d\",\"force\":true}", (int)getpid(), i);
}

static int rate(int n, const char *dir)
{
    double t0 = probe_now_ms();
    create_many(n, dir);
    double t1 = probe_now_ms();
    delete_many(n);
    double t2 = probe_now_ms();
    printf("creates/s %.1f deletes/s %.1f\n", n / ((t1 - t0) / 1e3), n / ((t2 - t1) / 1e3));
    return 0;
}

/* Sums a field of /proc/PID/smaps_rollup, in kB. */
static long rollup(long pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%ld/smaps_rollup", pid);
    FILE *f = fopen(path, "re");
    long sum = 0;
    size_t len = strlen(field);
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, field, len) == 0 && line[len] == ':')
            sum += atol(line + len + 1);
    if (f)
        fclose(f);
    return sum;
}

static int pss(int n, const char *dir)
{
    create_many(n, dir);
    long total_pss = 0, total_private = 0;
    for (int i = 0; i < n; i++) {
        struct sockaddr_un sa;
        unix_addr(&sa, dir, i);
        if (!get_until_200((struct sockaddr *)&sa, sizeof(sa)))
            return 1;
    }
    for (int i = 0; i < n; i++) {
        char id[64];
        snprintf(id, sizeof(id), "probe-%d-%d", (int)getpid(), i);
        long pid = call("{\"op\":\"state\",\"id\":\"%s\"}", id);
        /* the state reply's "pid" is the sandbox's */
        total_pss += rollup(pid, "Pss");
        total_private += rollup(pid, "Private_Clean") + rollup(pid, "Private_Dirty");
    }
    printf("sandboxes %d pss-kB %.0f private-kB %.0f\n", n, (double)total_pss / n,
           (double)total_private / n);
    delete_many(n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: warm-probe first|one|rate|pss[-run] SOCKET SEED N|ID PORT|DIR\n");
        return 2;
    }
    sock_path = argv[2];
    seed = argv[3];
    size_t len = strlen(argv[1]);
    if (len > 4 && strcmp(argv[1] + len - 4, "-run") == 0) {
        use_run = true;
        argv[1][len - 4] = '\0';
    }
    int n = strcmp(argv[1], "one") == 0 ? 0 : atoi(argv[4]);
    if (strcmp(argv[1], "one") == 0)
        return one(argv[4], atoi(argv[5]));
    if (strcmp(argv[1], "first") == 0)
        return first(n, atoi(argv[5]));
    if (strcmp(argv[1], "rate") == 0)
        return rate(n, argv[5]);
    if (strcmp(argv[1], "pss") == 0)
        return pss(n, argv[5]);
    fprintf(stderr, "warm-probe: unknown mode %s\n", argv[1]);
    return 2;
}
