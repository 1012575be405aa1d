/* turf-worker: the JavaScript worker runtime's command line. Runs one script on one thread
 * (JavaScriptCore + libuv), or checks it, or proves fork safety with --fork-stress. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../turf/base/log.h"
#include "../turf/seed/seed.h"
#include "engine.h"
#include "fork-stress.h"
#include "http-server.h"
#include "worker.h"

#define EXIT_USAGE 2
#define VERSION    "0.1.0"

static void print_help(FILE *f)
{
    fprintf(
        f,
        "Usage: turf-worker [OPTIONS] SCRIPT.js\n\n"
        "The Turf JavaScript worker runtime: runs SCRIPT.js on JavaScriptCore with a libuv\n"
        "event loop, on one thread, and exits when the loop has nothing left to do.\n\n"
        "Options:\n"
        "  --check              compile SCRIPT.js without running it; report syntax errors\n"
        "  --debug              log engine, thread and timing detail on stderr\n"
        "  --listen ADDR        serve HTTP on HOST:PORT, unix:PATH or fd:N (without it:\n"
        "                       systemd's LISTEN_FDS sockets, if any)\n"
        "  --seed               run as a seed of turfd (started by 'turf seed create'): load\n"
        "                       SCRIPT.js, fire 'install', park; each warm sandbox forked from\n"
        "                       it fires 'deserialize' and serves the socket turfd gives it\n\n"
        "HTTP limits and timeouts:\n"
        "  --max-header-size N  request line and headers, bytes (16384); more: 431\n"
        "  --max-body-size N    request body, bytes (10485760); more: 413\n"
        "  --read-timeout-ms M  a request must arrive within M ms of its first byte (10000)\n"
        "  --idle-timeout-ms M  close keep-alive connections idle for M ms (5000)\n"
        "  --handler-timeout-ms M\n"
        "                       answer 504 if the fetch handler has not answered (30000)\n"
        "  --shutdown-timeout-ms M\n"
        "                       on SIGTERM/SIGINT, wait M ms for work in flight (10000)\n\n"
        "Other options:\n"
        "  -h, --help           show this help\n"
        "  -v, --version        show the version\n\n"
        "Testing:\n"
        "  --fork-stress N      after loading, fork N children one after another; each fires\n"
        "                       'deserialize', answers forkStressTask() and must match the parent\n"
        "  --watchdog-ms M      kill and count as hung a child not done after M ms (5000)\n\n"
        "Exit status: 0 success, 1 script or runtime error, 2 usage error. "
        "See turf-worker(1).\n");
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "turf-worker: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nRun 'turf-worker --help' for usage.\n");
    return EXIT_USAGE;
}

static bool parse_count(const char *s, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v == 0 || v > max)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Startup proof of fork safety: after the engine, context and glue exist, one thread. */
static int check_threads(void)
{
    char names[512];
    int threads = turf_engine_count_threads(names, sizeof(names));
    if (threads < 0) {
        turf_log_warn("cannot count threads (/proc/self/task): %s", strerror(-threads));
        return 0;
    }
    if (threads == 1) {
        turf_log_debug("threads: 1 after engine setup (fork-safe)");
        return 0;
    }
    if (!TURF_ENGINE_STRICT_THREADS) {
        turf_log_warn("threads: %d after engine setup (%s); diagnostic build, not fork-safe",
                      threads, names);
        return 0;
    }
    turf_log_error("%d threads are running after engine setup (%s); turf-worker must have "
                   "exactly one to be fork-safe",
                   threads, names);
    return -1;
}

/* --seed: park as a seed of turfd (turf/seed/seed.h). turf_seed_wait returns in each forked
 * child, confined and started; the child mends what fork broke (the loop), fires
 * deserialize, and serves the listening socket turfd bound for its sandbox. */
/* Exported by JavaScriptCore but declared only in its private headers. */
extern void JSSynchronousGarbageCollectForDebugging(JSContextRef ctx);

/* Run by the seed library in each child once it is in its own cgroup (for a pooled child,
 * before a create takes it): the loop's kernel objects are the seed's until uv_loop_fork
 * replaces them, and a first call into the engine pays for the pages it writes (about 140
 * copy-on-write faults) here rather than on the first request. No user code runs. */
static int prepare_child(void *data)
{
    struct turf_worker *w = data;
    int r = uv_loop_fork(&w->loop);
    if (r < 0) {
        turf_log_error("sandbox: uv_loop_fork: %s", uv_strerror(r));
        return -1;
    }
    return turf_worker_dispatch_event(w, "turf-prepare") < 0 ? -1 : 0;
}

/* A sandbox's start, rehearsed once in a throwaway fork of the seed (the seed library learns
 * from it which pages sandboxes write): its deserialize event and one warm-up request. */
static int rehearse_child(void *data)
{
    struct turf_worker *w = data;
    struct turf_error *err = NULL;
    int r = turf_worker_dispatch_event(w, "deserialize") < 0 || turf_http_warmup(w, &err) < 0;
    turf_error_free(&err);
    return r;
}

static int serve_as_seed(struct turf_worker *w, const struct turf_http_options *opt)
{
    _cleanup_error_ struct turf_error *err = NULL;
    struct turf_seed_child child;
    if (turf_http_warmup(w, &err) < 0) {
        turf_log_warn("seed: %s; sandboxes will compile their first request themselves", err->msg);
        turf_error_free(&err);
    }
    /* Then collect, once, in the seed: the garbage of the warm-up would otherwise be collected
     * by each sandbox, writing mark bits and free lists over the heap it shares. */
    JSSynchronousGarbageCollectForDebugging(w->ctx);
    /* And serve the warm-up once more: the collection emptied the allocators, and the blocks a
     * request allocates from are now swept here, once, rather than in every sandbox. */
    if (turf_http_warmup(w, &err) < 0)
        turf_error_free(&err);
    turf_seed_set_prepare(prepare_child, w);
    turf_seed_set_rehearse(rehearse_child, w);
    if (turf_seed_wait(&child, &err) < 0) {
        /* turfd went away (or never spoke): a seed has nothing left to do. */
        turf_log_info("seed: %s", err->msg);
        return err->code == -ECONNRESET ? 0 : 1;
    }
    int failed = turf_worker_dispatch_event(w, "deserialize");
    if (failed != 0)
        turf_log_error("sandbox %s: %s", child.id,
                       failed > 0 ? "a deserialize event listener threw"
                                  : "the deserialize event could not be dispatched");
    int fd = child.listen_fd;
    child.listen_fd = -1;
    turf_log_debug("sandbox %s: serving on fd %d", child.id, fd);
    turf_seed_child_release(&child);
    if (fd < 0) {
        turf_log_error("this sandbox has no listen address (turf create --listen, or the "
                       "run.turf.listen annotation)");
        return 1;
    }
    if (turf_http_serve_fd(w, fd, opt, &err) < 0) {
        turf_log_error("%s", err->msg);
        return 1;
    }
    turf_worker_run(w);
    return 0;
}

/* Everything after the command line; returns the exit status. The caller releases w. */
/* Serves HTTP on the listener a --listen spec names (or on LISTEN_FDS sockets with listen NULL)
 * until a graceful shutdown; returns the exit status. */
static int serve(struct turf_worker *w, const char *listen, const struct turf_http_options *opt)
{
    _cleanup_error_ struct turf_error *err = NULL;
    if (turf_http_serve_spec(w, listen, opt, &err) < 0) {
        turf_log_error("%s", err->msg);
        return 1;
    }
    turf_worker_run(w);
    /* A server exits 0 after a graceful shutdown: errors in handlers were answered 500 and
     * reported as they happened. */
    return 0;
}

static int run(struct turf_worker *w, const char *script, bool check, bool seed,
               unsigned fork_stress, unsigned watchdog_ms, const char *listen,
               const struct turf_http_options *opt)
{
    _cleanup_error_ struct turf_error *err = NULL;
    if (turf_worker_init(w, script, &err) < 0) {
        turf_log_error("%s", err->msg);
        return 1;
    }
    turf_log_debug("engine: %s", turf_engine_summary());
    if (check_threads() < 0)
        return 1;
    if (check) {
        if (turf_worker_check_script(w, &err) < 0) {
            turf_log_error("%s", err->msg);
            return 1;
        }
        return 0;
    }
    if (turf_worker_load_script(w, &err) < 0) {
        turf_log_error("%s", err->msg);
        return 1;
    }
    int failed = turf_worker_dispatch_event(w, "install");
    if (failed != 0) {
        turf_log_error("%s: %s", script,
                       failed > 0 ? "an install event listener threw"
                                  : "the install event could not be dispatched");
        return 1;
    }
    if (fork_stress)
        return turf_fork_stress_run(w, fork_stress, watchdog_ms);
    /* A seed parks here, with no socket open yet. */
    if (seed)
        return serve_as_seed(w, opt);
    if (listen || (getenv("LISTEN_PID") && getenv("LISTEN_FDS")))
        return serve(w, listen, opt);
    turf_worker_run(w);
    turf_log_debug("loop: nothing left to do; %u uncaught error%s", w->uncaught_errors,
                   w->uncaught_errors == 1 ? "" : "s");
    char names[512];
    int threads = turf_engine_count_threads(names, sizeof(names));
    if (threads >= 0)
        turf_log_debug("threads: %d at exit (%s)", threads, names);
    return w->uncaught_errors ? 1 : 0;
}

int main(int argc, char **argv)
{
    enum {
        OPT_CHECK = 256,
        OPT_DEBUG,
        OPT_LISTEN,
        OPT_FORK_STRESS,
        OPT_WATCHDOG_MS,
        OPT_SEED,
        OPT_MAX_HEADER,
        OPT_MAX_BODY,
        OPT_READ_TIMEOUT,
        OPT_IDLE_TIMEOUT,
        OPT_HANDLER_TIMEOUT,
        OPT_SHUTDOWN_TIMEOUT,
    };
    static const struct option options[] = {
        {"check", no_argument, NULL, OPT_CHECK},
        {"debug", no_argument, NULL, OPT_DEBUG},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"max-header-size", required_argument, NULL, OPT_MAX_HEADER},
        {"max-body-size", required_argument, NULL, OPT_MAX_BODY},
        {"read-timeout-ms", required_argument, NULL, OPT_READ_TIMEOUT},
        {"idle-timeout-ms", required_argument, NULL, OPT_IDLE_TIMEOUT},
        {"handler-timeout-ms", required_argument, NULL, OPT_HANDLER_TIMEOUT},
        {"shutdown-timeout-ms", required_argument, NULL, OPT_SHUTDOWN_TIMEOUT},
        {"fork-stress", required_argument, NULL, OPT_FORK_STRESS},
        {"watchdog-ms", required_argument, NULL, OPT_WATCHDOG_MS},
        {"seed", no_argument, NULL, OPT_SEED},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    bool check = false, debug = false, seed = false;
    const char *listen = NULL;
    struct turf_http_options http;
    turf_http_options_default(&http);
    unsigned fork_stress = 0, watchdog_ms = TURF_FORK_STRESS_DEFAULT_WATCHDOG_MS;
    int c;
    /* "+": options end at SCRIPT.js; what follows would be the script's own arguments.
     * ":" and opterr = 0: errors are reported here, under the program's short name. */
    opterr = 0;
    int longindex = 0;
    while ((c = getopt_long(argc, argv, "+:hv", options, &longindex)) != -1) {
        switch (c) {
        case OPT_CHECK:
            check = true;
            break;
        case OPT_DEBUG:
            debug = true;
            break;
        case OPT_LISTEN:
            listen = optarg;
            break;
        case OPT_MAX_HEADER:
        case OPT_MAX_BODY:
        case OPT_READ_TIMEOUT:
        case OPT_IDLE_TIMEOUT:
        case OPT_HANDLER_TIMEOUT:
        case OPT_SHUTDOWN_TIMEOUT: {
            unsigned v;
            if (!parse_count(optarg, 2147483647u, &v))
                return usage_error("--%s: expected a positive number, got '%s'",
                                   options[longindex].name, optarg);
            if (c == OPT_MAX_HEADER)
                http.max_header_bytes = v;
            else if (c == OPT_MAX_BODY)
                http.max_body_bytes = v;
            else if (c == OPT_READ_TIMEOUT)
                http.read_timeout_ms = v;
            else if (c == OPT_IDLE_TIMEOUT)
                http.idle_timeout_ms = v;
            else if (c == OPT_HANDLER_TIMEOUT)
                http.handler_timeout_ms = v;
            else
                http.shutdown_timeout_ms = v;
            break;
        }
        case OPT_FORK_STRESS:
            if (!parse_count(optarg, 1000000, &fork_stress))
                return usage_error("--fork-stress: expected a count of children, got '%s'", optarg);
            break;
        case OPT_SEED:
            seed = true;
            break;
        case OPT_WATCHDOG_MS:
            if (!parse_count(optarg, 3600000, &watchdog_ms))
                return usage_error("--watchdog-ms: expected milliseconds (1 to 3600000), got "
                                   "'%s'",
                                   optarg);
            break;
        case 'h':
            print_help(stdout);
            return 0;
        case 'v':
            printf("turf-worker version " VERSION "\n");
            return 0;
        case ':':
            return usage_error("option '%s' needs an argument", argv[optind - 1]);
        default:
            return usage_error("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return usage_error("missing SCRIPT.js");
    if (argc - optind > 1)
        return usage_error("unexpected argument '%s' after SCRIPT.js", argv[optind + 1]);
    if (check && fork_stress)
        return usage_error("--check and --fork-stress cannot be combined");
    if (seed && (check || fork_stress || listen))
        return usage_error("--seed cannot be combined with --check, --fork-stress or --listen "
                           "(turfd hands each sandbox its listener)");
    if (seed && !turf_seed_requested())
        return usage_error("--seed: this process was not started by turfd (%s is not set); "
                           "see 'turf seed create'",
                           TURF_SEED_FD_ENV);
    turf_log_setup("turf-worker", NULL, false, debug);

    struct turf_worker w = {0};
    int status = run(&w, argv[optind], check, seed, fork_stress, watchdog_ms, listen, &http);
    turf_worker_done(&w);
    return status;
}
