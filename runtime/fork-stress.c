/* --fork-stress (see fork-stress.h): fork one child at a time from the loaded worker, watch it
 * with a pidfd and a deadline, and count hung, crashed and wrong children. */
#include "fork-stress.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../turf/base/cleanup.h"
#include "../turf/base/log.h"
#include "engine.h"
#include "jsutil.h"

#define ANSWER_MAX   4096
#define DETAILS_MAX  10 /* failure lines printed per run; the summary counts them all */
#define TASK_GLOBAL  "forkStressTask"
#define CHURN_GLOBAL "forkStressParentTask"
#define NS_PER_MS    1000000.0

enum outcome { CHILD_OK, CHILD_HUNG, CHILD_CRASHED, CHILD_WRONG };

struct sample {
    double fork_ms;   /* the fork() call, in the parent */
    double first_ms;  /* fork() to the end of the child's deserialize dispatch: first JS run */
    double answer_ms; /* fork() to the child's forkStressTask() answer */
    int threads;      /* threads in the child after its answer and a full GC */
};

/* ---- the child ---- */

struct child {
    struct turf_worker *w;
    JSObjectRef task;
    int fd;
    uint64_t first_at;
    bool answered;
    uv_timer_t timer;
};

/* The value as JSON (ToString if JSON has no text for it), malloc'd. */
static char *answer_text(JSContextRef ctx, JSValueRef value)
{
    _cleanup_jsstring_ JSStringRef json = JSValueCreateJSONString(ctx, value, 0, NULL);
    if (json)
        return turf_js_string_to_utf8(json, NULL);
    char *s = turf_js_value_to_utf8(ctx, value, NULL, NULL);
    return s ? s : strdup("?");
}

/* Runs from the child's loop, so an answer also proves the loop works after uv_loop_fork. */
static void child_answer(uv_timer_t *timer)
{
    struct child *c = timer->data;
    JSContextRef ctx = c->w->ctx;
    JSValueRef exception = NULL;
    JSValueRef result = JSObjectCallAsFunction(ctx, c->task, NULL, 0, NULL, &exception);
    uint64_t answered_at = uv_hrtime();
    if (exception) {
        turf_worker_report_exception(c->w, exception, "Uncaught");
    } else {
        _cleanup_free_ char *answer = answer_text(ctx, result);
        JSGarbageCollect(ctx);
        int threads = turf_engine_count_threads(NULL, 0);
        /* The pipe stays open until exit: the parent reads to EOF. */
        if (dprintf(c->fd, "%" PRIu64 " %" PRIu64 " %d %s\n", c->first_at, answered_at, threads,
                    answer ? answer : "?") > 0)
            c->answered = true;
    }
    uv_close((uv_handle_t *)timer, NULL);
}

static void __attribute__((noreturn)) child_main(struct turf_worker *w, JSObjectRef task, int fd)
{
    unsigned errors_before = w->uncaught_errors;
    int r = uv_loop_fork(&w->loop);
    if (r < 0) {
        turf_log_error("fork-stress child: uv_loop_fork: %s", uv_strerror(r));
        _exit(3);
    }
    int failed_listeners = turf_worker_dispatch_event(w, "deserialize");
    struct child c = {.w = w, .task = task, .fd = fd, .first_at = uv_hrtime()};
    uv_timer_init(&w->loop, &c.timer);
    c.timer.data = &c;
    uv_timer_start(&c.timer, child_answer, 0, 0);
    uv_run(&w->loop, UV_RUN_DEFAULT);
    bool ok = c.answered && failed_listeners == 0 && w->uncaught_errors == errors_before;
    _exit(ok ? 0 : 1);
}

/* ---- the parent ---- */

/* A hung child's user-space stack, on stderr, before it is killed: a hang is rare (once in
 * thousands of forks under load, if at all) and the stack is what tells which lock it waits
 * on. Uses gdb when the machine has it; bounded, so a stuck gdb cannot stall the run. */
static void print_stack(pid_t pid)
{
    if (access("/usr/bin/gdb", X_OK) != 0)
        return;
    char cmd[256];
    snprintf(cmd, sizeof(cmd),
             "timeout 20 gdb -q -batch -p %d -ex 'thread apply all bt 30' 2>/dev/null "
             "| grep -E '^(#|Thread)' >&2",
             (int)pid);
    fflush(stderr);
    if (system(cmd) < 0) {
        /* Diagnostics only. */
    }
}

/* "state R, wchan do_sched_yield, 1 thread": where a hung child is, read before it is killed. */
static void describe_process(pid_t pid, char *out, size_t size)
{
    char path[64], stat[512] = "", wchan[64] = "?";
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    _cleanup_fclose_ FILE *f = fopen(path, "re");
    if (f && !fgets(stat, sizeof(stat), f))
        stat[0] = '\0';
    const char *paren = strrchr(stat, ')');
    char state = paren && paren[1] == ' ' ? paren[2] : '?';
    snprintf(path, sizeof(path), "/proc/%d/wchan", (int)pid);
    _cleanup_fclose_ FILE *w = fopen(path, "re");
    if (w && !fgets(wchan, sizeof(wchan), w))
        snprintf(wchan, sizeof(wchan), "?");
    snprintf(out, size, "state %c, wchan %s", state, wchan[0] ? wchan : "0");
}

/* Reads the child's answer until EOF and waits for its exit, both before the deadline. Returns
 * 1 when both happened, 0 on timeout, or a negative errno. */
static int supervise(pid_t pid, int rd, uint64_t deadline, char *answer, size_t size)
{
    _cleanup_close_ int pidfd = pidfd_open(pid, 0);
    if (pidfd < 0)
        return -errno;
    size_t len = 0;
    bool eof = false, exited = false;
    while (!eof || !exited) {
        uint64_t now = uv_hrtime();
        if (now >= deadline)
            return 0;
        int timeout_ms = (int)((deadline - now + 999999) / 1000000);
        struct pollfd fds[2] = {{.fd = eof ? -1 : rd, .events = POLLIN},
                                {.fd = exited ? -1 : pidfd, .events = POLLIN}};
        int n = poll(fds, 2, timeout_ms);
        if (n < 0 && errno != EINTR)
            return -errno;
        if (n <= 0)
            continue;
        if (fds[0].revents) {
            char buf[1024];
            ssize_t got = read(rd, buf, sizeof(buf));
            if (got < 0 && errno != EINTR)
                return -errno;
            if (got == 0)
                eof = true;
            for (ssize_t i = 0; i < got && len + 1 < size; i++)
                answer[len++] = buf[i];
            answer[len] = '\0';
        }
        if (fds[1].revents)
            exited = true;
    }
    return 1;
}

struct run {
    unsigned index, hung, crashed, wrong, details;
    unsigned watchdog_ms;
    const char *expected;
    int max_threads_at_fork, max_threads_in_child;
    unsigned forks_with_threads; /* forks made with more than one thread (diagnostic builds) */
};

static void detail(struct run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void detail(struct run *run, const char *fmt, ...)
{
    if (run->details++ >= DETAILS_MAX)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    turf_log_error("fork-stress: child %u: %s", run->index, msg);
}

/* Forks one child and judges it. Returns its outcome, or a negative errno if the parent could
 * not run it at all. */
static int run_child(struct turf_worker *w, JSObjectRef task, struct run *run, struct sample *s)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -errno;
    fflush(NULL); /* no buffered output is copied into the child */
    uint64_t start = uv_hrtime();
    pid_t pid = fork();
    int saved = errno;
    if (pid == 0) {
        close(fds[0]);
        child_main(w, task, fds[1]);
    }
    s->fork_ms = (double)(uv_hrtime() - start) / NS_PER_MS;
    close(fds[1]);
    _cleanup_close_ int rd = fds[0];
    if (pid < 0)
        return -saved;

    char answer[ANSWER_MAX];
    answer[0] = '\0';
    int r =
        supervise(pid, rd, start + (uint64_t)run->watchdog_ms * 1000000u, answer, sizeof(answer));
    if (r <= 0) {
        char where[256];
        describe_process(pid, where, sizeof(where));
        if (r == 0)
            print_stack(pid);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        if (r < 0)
            return r;
        detail(run, "pid %d hung: not done after %u ms (%s); killed", (int)pid, run->watchdog_ms,
               where);
        return CHILD_HUNG;
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0)
        return -errno;
    if (WIFSIGNALED(status)) {
        detail(run, "pid %d crashed: killed by signal %d (%s)", (int)pid, WTERMSIG(status),
               strsignal(WTERMSIG(status)));
        return CHILD_CRASHED;
    }

    uint64_t first_at = 0, answered_at = 0;
    int threads = 0, used = 0;
    if (sscanf(answer, "%" SCNu64 " %" SCNu64 " %d %n", &first_at, &answered_at, &threads, &used) <
            3 ||
        used == 0) {
        detail(run, "pid %d exited with status %d without an answer", (int)pid,
               WEXITSTATUS(status));
        return CHILD_WRONG;
    }
    char *got = answer + used;
    got[strcspn(got, "\n")] = '\0';
    if (strcmp(got, run->expected) != 0) {
        detail(run, "pid %d answered %s, expected %s", (int)pid, got, run->expected);
        return CHILD_WRONG;
    }
    if (WEXITSTATUS(status) != 0) {
        detail(run, "pid %d answered right but exited with status %d", (int)pid,
               WEXITSTATUS(status));
        return CHILD_WRONG;
    }
    s->first_ms = (double)(first_at - start) / NS_PER_MS;
    s->answer_ms = (double)(answered_at - start) / NS_PER_MS;
    s->threads = threads;
    return CHILD_OK;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* "0.27 (p90 0.31, max 0.90)" over the n values, which it sorts. */
static void format_spread(double *v, size_t n, char *out, size_t size)
{
    if (n == 0) {
        snprintf(out, size, "-");
        return;
    }
    qsort(v, n, sizeof(*v), compare_double);
    snprintf(out, size, "%.3f (p90 %.3f, max %.3f)", v[n / 2], v[(n * 9) / 10], v[n - 1]);
}

static void print_summary(const struct run *run, unsigned count, struct sample *samples, size_t ok)
{
    printf("fork-stress: %u children: %u hung, %u crashed, %u wrong; threads: at most %d at a "
           "fork, at most %d in a child",
           count, run->hung, run->crashed, run->wrong, run->max_threads_at_fork,
           run->max_threads_in_child);
    if (run->forks_with_threads)
        printf(" (%u forks made with more than one thread)", run->forks_with_threads);
    printf("\n");
    _cleanup_free_ double *v = calloc(ok ? ok : 1, sizeof(double));
    if (!v)
        return;
    char fork_call[96], first[96], answer[96];
    for (size_t i = 0; i < ok; i++)
        v[i] = samples[i].fork_ms;
    format_spread(v, ok, fork_call, sizeof(fork_call));
    for (size_t i = 0; i < ok; i++)
        v[i] = samples[i].first_ms;
    format_spread(v, ok, first, sizeof(first));
    for (size_t i = 0; i < ok; i++)
        v[i] = samples[i].answer_ms;
    format_spread(v, ok, answer, sizeof(answer));
    printf("fork-stress: ms, median over %zu answers: fork() %s; fork to first JS result "
           "(deserialize done) %s; fork to answer %s\n",
           ok, fork_call, first, answer);
    fflush(stdout);
}

int turf_fork_stress_run(struct turf_worker *w, unsigned count, unsigned watchdog_ms)
{
    JSObjectRef global = JSContextGetGlobalObject(w->ctx);
    JSObjectRef task = turf_js_as_function(w->ctx, turf_js_get(w->ctx, global, TASK_GLOBAL, NULL));
    if (!task) {
        turf_log_error("%s: --fork-stress needs the script to define a function %s()",
                       w->script_path, TASK_GLOBAL);
        return 1;
    }
    JSValueRef exception = NULL;
    JSValueRef expected = JSObjectCallAsFunction(w->ctx, task, NULL, 0, NULL, &exception);
    if (exception) {
        turf_worker_report_exception(w, exception, "Uncaught");
        turf_log_error("%s: %s() threw in the parent; no child forked", w->script_path,
                       TASK_GLOBAL);
        return 1;
    }
    _cleanup_free_ char *expected_text = answer_text(w->ctx, expected);
    turf_log_debug("fork-stress: expected answer %s", expected_text);

    _cleanup_free_ struct sample *samples = calloc(count, sizeof(*samples));
    if (!samples || !expected_text) {
        turf_log_error("fork-stress: out of memory");
        return 1;
    }
    /* Optional work the parent does before each fork, so that its allocator is busy (and
     * would have a scavenger to wake, were it not suspended) at the moment of fork(). */
    JSObjectRef churn =
        turf_js_as_function(w->ctx, turf_js_get(w->ctx, global, CHURN_GLOBAL, NULL));
    struct run run = {.watchdog_ms = watchdog_ms, .expected = expected_text};
    size_t ok = 0;
    for (run.index = 0; run.index < count; run.index++) {
        if (churn) {
            JSObjectCallAsFunction(w->ctx, churn, NULL, 0, NULL, &exception);
            if (exception) {
                turf_worker_report_exception(w, exception, "Uncaught");
                turf_log_error("%s: %s() threw before fork %u; stopped", w->script_path,
                               CHURN_GLOBAL, run.index);
                print_summary(&run, run.index, samples, ok);
                return 1;
            }
        }
        char names[512];
        int threads = turf_engine_count_threads(names, sizeof(names));
        if (threads > run.max_threads_at_fork)
            run.max_threads_at_fork = threads;
        if (threads > 1)
            run.forks_with_threads++;
        if (threads != 1 && TURF_ENGINE_STRICT_THREADS) {
            turf_log_error("fork-stress: %d threads before fork %u (%s); fork is only safe "
                           "with one; stopped",
                           threads, run.index, threads < 0 ? strerror(-threads) : names);
            print_summary(&run, run.index, samples, ok);
            return 1;
        }
        int r = run_child(w, task, &run, &samples[ok]);
        if (r < 0) {
            turf_log_error("fork-stress: child %u: %s; stopped", run.index, strerror(-r));
            print_summary(&run, run.index, samples, ok);
            return 1;
        }
        switch (r) {
        case CHILD_OK:
            if (samples[ok].threads > run.max_threads_in_child)
                run.max_threads_in_child = samples[ok].threads;
            ok++;
            break;
        case CHILD_HUNG:
            run.hung++;
            break;
        case CHILD_CRASHED:
            run.crashed++;
            break;
        default:
            run.wrong++;
            break;
        }
    }
    if (run.details > DETAILS_MAX)
        turf_log_error("fork-stress: %u more failures not shown", run.details - DETAILS_MAX);
    print_summary(&run, count, samples, ok);
    return run.hung || run.crashed || run.wrong ? 1 : 0;
}
