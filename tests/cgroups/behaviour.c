/* Behaviour with real processes: placement before the first instruction, a fork bomb at
 * pids.limit, an OOM kill confined to the cgroup and reported, freeze/thaw of a counter, a CPU
 * quota, kill, destroy, process listing and statistics. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support/cgtest.h"

#define MiB (1024 * 1024LL)

static int version_of(const char *controller)
{
    int v = 0;
    return cg_layout_controller_mount(cgt_layout, controller, &v) ? v : 0;
}

static void apply_ok(struct cg_manager *mgr, const struct oci_resources *res)
{
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_apply(mgr, res, &err), &err);
}

/* A child placed in mgr before it runs, then released into fn. */
static struct cgt_child start_in(struct cg_manager *mgr, int (*fn)(void *), void *arg)
{
    struct cgt_child c = cgt_spawn(fn, arg);
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_add_pid(mgr, c.pid, &err), &err);
    char why[512] = "";
    cr_assert(cgt_pid_in(c.pid, mgr, why, sizeof(why)), "%s", why);
    cgt_release(&c);
    return c;
}

static int sleep_forever(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return 0;
}

static long elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* A hung test is killed; the next run's fixture sweeps what it left. */
TestSuite(behaviour, .timeout = 120);

Test(behaviour, a_child_is_in_every_hierarchy_before_it_runs, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("place"), cgt_id("place"));
    struct cgt_child c = cgt_spawn(sleep_forever, NULL);
    struct turf_error *err = NULL;
    char why[512] = "";
    cr_assert_not(cgt_pid_in(c.pid, mgr, why, sizeof(why)), "not placed yet");
    CGT_ASSERT_OK(cg_manager_add_pid(mgr, c.pid, &err), &err);
    /* Still blocked on its pipe: it has run nothing of its own. */
    cr_assert(cgt_pid_in(c.pid, mgr, why, sizeof(why)), "%s", why);
    cgt_release(&c);
}

struct bomb {
    volatile uint64_t *shared; /* [0] forks that worked, [1] errno of the first failure */
};

static int fork_bomb(void *arg)
{
    struct bomb *b = arg;
    for (int i = 0; i < 200; i++) {
        pid_t p = fork();
        if (p == 0) {
            for (;;)
                pause();
        }
        if (p < 0) {
            b->shared[1] = (uint64_t)errno;
            return 0;
        }
        b->shared[0]++;
    }
    return 0;
}

Test(behaviour, a_fork_bomb_stops_at_pids_limit, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("bomb"), cgt_id("bomb"));
    struct oci_pids p = {.limit = {true, 16}};
    struct oci_resources res = {.pids = &p};
    apply_ok(mgr, &res);
    struct bomb b = {.shared = cgt_shared_page()};
    struct cgt_child c = start_in(mgr, fork_bomb, &b);
    int status = cgt_wait(c.pid, 10000);
    cr_assert(WIFEXITED(status), "the bomb returned");
    cr_assert_eq(b.shared[1], EAGAIN, "fork failed with EAGAIN (errno %" PRIu64 ")", b.shared[1]);
    cr_assert_eq(b.shared[0], 15, "16 tasks: the bomb and 15 children, got %" PRIu64 " forks",
                 b.shared[0]);
    pid_t *pids = NULL;
    size_t n = 0;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_pids(mgr, &pids, &n, &err), &err);
    cr_assert_eq(n, 15, "the 15 children are still there");
    free(pids);
    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
}

static int memory_hog(void *arg)
{
    (void)arg;
    size_t size = 512 * MiB;
    volatile char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 2;
    for (size_t i = 0; i < size; i += 4096)
        p[i] = 1;
    return 3; /* should never get here */
}

Test(behaviour, a_memory_hog_is_oom_killed_in_its_cgroup_only_and_reported, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("oom"), cgt_id("oom"));
    struct oci_memory m = {.limit = {true, 32 * MiB}, .swap = {true, 32 * MiB}};
    struct oci_resources res = {.memory = &m};
    struct turf_error *err = NULL;
    if (cg_manager_apply(mgr, &res, &err) < 0) {
        /* No swap accounting: the memory limit alone must do. */
        turf_error_free(&err);
        m.swap.set = false;
        apply_ok(mgr, &res);
    }
    int fd = cg_manager_oom_fd(mgr, &err);
    cr_assert_geq(fd, 0, "cg_manager_oom_fd: %s", err ? err->msg : "");
    uint64_t before = 99;
    CGT_ASSERT_OK(cg_manager_oom_kill_count(mgr, &before, &err), &err);
    cr_assert_eq(before, 0);

    struct cgt_child bystander = cgt_spawn(sleep_forever, NULL); /* outside the cgroup */
    cgt_release(&bystander);
    struct cgt_child hog = start_in(mgr, memory_hog, NULL);
    int status = cgt_wait(hog.pid, 20000);
    cr_assert_neq(status, -1, "the hog ended");
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
              "the hog was killed by SIGKILL (status 0x%x)", status);

    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    cr_assert_eq(poll(&pfd, 1, 5000), 1, "the OOM fd became readable");
    cg_oom_fd_drain(fd);
    uint64_t after = 0;
    CGT_ASSERT_OK(cg_manager_oom_kill_count(mgr, &after, &err), &err);
    cr_assert_geq(after, 1, "oom_kill counted");
    cr_assert_eq(kill(bystander.pid, 0), 0, "the process outside the cgroup was spared");

    struct cg_stats *stats = NULL;
    CGT_ASSERT_OK(cg_manager_stats(mgr, &stats, &err), &err);
    cr_assert_geq(stats->memory.oom_kill, 1);
    /* (v1 failcnt stays 0 on this kernel; the peak shows the limit was reached.) */
    cr_assert_geq(stats->memory.usage.max_usage, 30 * MiB, "the peak reached the limit: %" PRIu64,
                  stats->memory.usage.max_usage);
    cr_assert_eq(stats->memory.usage.limit, 32 * MiB);
    cg_stats_free(stats);
    close(fd);
}

static int count_forever(void *arg)
{
    volatile uint64_t *counter = arg;
    for (;;)
        (*counter)++;
    return 0;
}

Test(behaviour, freeze_stops_a_counter_and_thaw_resumes_it, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("freeze"), cgt_id("freeze"));
    volatile uint64_t *counter = cgt_shared_page();
    start_in(mgr, count_forever, (void *)counter);
    for (int i = 0; i < 200 && *counter == 0; i++)
        usleep(5000);
    cr_assert_gt(*counter, 0, "the counter runs");

    struct turf_error *err = NULL;
    enum cg_freezer_state state;
    CGT_ASSERT_OK(cg_manager_freeze(mgr, &err), &err);
    CGT_ASSERT_OK(cg_manager_freezer_state(mgr, &state, &err), &err);
    cr_assert_eq(state, CG_FREEZER_FROZEN);
    uint64_t a = *counter;
    usleep(200000);
    uint64_t b = *counter;
    cr_assert_eq(a, b, "frozen: the counter stays at %" PRIu64 " (moved to %" PRIu64 ")", a, b);

    CGT_ASSERT_OK(cg_manager_thaw(mgr, &err), &err);
    CGT_ASSERT_OK(cg_manager_freezer_state(mgr, &state, &err), &err);
    cr_assert_eq(state, CG_FREEZER_THAWED);
    usleep(100000);
    cr_assert_gt(*counter, b, "thawed: the counter moves again");
}

static int spin(void *arg)
{
    (void)arg;
    for (volatile uint64_t i = 0;; i++) {
    }
    return 0;
}

Test(behaviour, a_cpu_hog_gets_about_its_quota, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("quota"), cgt_id("quota"));
    struct oci_cpu c = {.quota = {true, 20000}, .period = {true, 100000}};
    struct oci_resources res = {.cpu = &c};
    apply_ok(mgr, &res);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    start_in(mgr, spin, NULL);
    usleep(1500000);
    long wall = elapsed_ms(&t0);
    struct cg_stats *stats = NULL;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_stats(mgr, &stats, &err), &err);
    double share = (double)stats->cpu.total / 1e6 / (double)wall;
    cr_log_info("20%% quota: %.1f%% of one CPU over %ld ms, %" PRIu64 " throttled periods",
                share * 100, wall, stats->cpu.throttled_periods);
    /* The ceiling is the point; a busy host may also keep it below its quota. */
    cr_assert(share > 0.03 && share < 0.40, "about 20%% of a CPU, got %.1f%%", share * 100);
    cr_assert_gt(stats->cpu.throttled_periods, 0, "throttled");
    cg_stats_free(stats);
}

static int fork_and_sleep(void *arg)
{
    (void)arg;
    if (fork() == 0) {
        for (;;)
            pause();
    }
    for (;;)
        pause();
    return 0;
}

Test(behaviour, kill_and_destroy_leave_no_process_and_no_directory, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("kill"), cgt_id("kill"));
    struct turf_error *err = NULL;
    pid_t kids[3];
    for (int i = 0; i < 3; i++)
        kids[i] = start_in(mgr, fork_and_sleep, NULL).pid;
    /* The container made a sub-cgroup of its own and moved a process there. */
    const char *procs_dir = cg_manager_path(mgr, "");
    if (!procs_dir)
        procs_dir = cg_manager_path(mgr, "freezer");
    char sub[4096];
    snprintf(sub, sizeof(sub), "%s/inner", procs_dir);
    cr_assert_eq(mkdir(sub, 0755), 0, "mkdir %s", sub);
    char pid[32];
    snprintf(pid, sizeof(pid), "%d", (int)kids[2]);
    cgt_write(sub, "cgroup.procs", pid);
    usleep(50000);

    pid_t *pids = NULL;
    size_t n = 0;
    CGT_ASSERT_OK(cg_manager_pids(mgr, &pids, &n, &err), &err);
    cr_assert_eq(n, 6, "3 children and 3 grandchildren, including the sub-cgroup");
    free(pids);

    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
    for (int i = 0; i < 3; i++) {
        int status = cgt_wait(kids[i], 5000);
        cr_assert(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                  "child %d was SIGKILLed", (int)kids[i]);
    }
    static const char *const hs[] = {"cpu", "memory", "pids", "freezer", "name=systemd", ""};
    for (size_t i = 0; i < sizeof(hs) / sizeof(hs[0]); i++) {
        const char *p = cg_manager_path(mgr, hs[i]);
        cr_assert(!p || !cgt_exists(p), "%s is gone", p);
    }
}

Test(behaviour, sigkill_on_a_v1_only_host_freezes_signals_and_thaws, .init = cgt_setup,
     .fini = cgt_teardown)
{
    /* Without cgroup.kill: the v1 freezer stops forks, every pid gets SIGKILL, then thaw. */
    struct cg_layout *v1 = cgt_v1_only_layout();
    if (!v1 || !cg_layout_controller_mount(v1, "freezer", NULL))
        cr_skip_test("no v1 freezer hierarchy on this host");
    cr_assert_eq(cg_layout_mode(v1), CG_MODE_V1);
    struct cg_manager *mgr = cgt_create(v1, cgt_abs("v1kill"), cgt_id("v1kill"));
    cr_assert_null(cg_manager_path(mgr, ""), "no v2 tree in this layout");
    pid_t kids[3];
    for (int i = 0; i < 3; i++)
        kids[i] = start_in(mgr, fork_and_sleep, NULL).pid;
    usleep(50000);
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_kill(mgr, SIGKILL, &err), &err);
    for (int i = 0; i < 3; i++) {
        int status = cgt_wait(kids[i], 5000);
        cr_assert(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }
    pid_t *pids = NULL;
    size_t n = 99;
    CGT_ASSERT_OK(cg_manager_pids(mgr, &pids, &n, &err), &err);
    cr_assert_eq(n, 0, "the grandchildren too");
    free(pids);
    enum cg_freezer_state st;
    CGT_ASSERT_OK(cg_manager_freezer_state(mgr, &st, &err), &err);
    cr_assert_eq(st, CG_FREEZER_THAWED, "left thawed");
}

Test(behaviour, kill_with_sigterm_reaches_every_process, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("term"), cgt_id("term"));
    pid_t kids[3];
    for (int i = 0; i < 3; i++)
        kids[i] = start_in(mgr, sleep_forever, NULL).pid;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_kill(mgr, SIGTERM, &err), &err);
    for (int i = 0; i < 3; i++) {
        int status = cgt_wait(kids[i], 5000);
        cr_assert(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
                  "child %d got SIGTERM", (int)kids[i]);
    }
}

Test(behaviour, destroy_thaws_a_frozen_cgroup_first, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("frozen"), cgt_id("frozen"));
    volatile uint64_t *counter = cgt_shared_page();
    struct cgt_child c = start_in(mgr, count_forever, (void *)counter);
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_freeze(mgr, &err), &err);
    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
    int status = cgt_wait(c.pid, 5000);
    cr_assert(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    cr_assert_not(cgt_exists(cg_manager_path(mgr, "freezer")));
}

Test(behaviour, pids_lists_exactly_the_processes_placed, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("ps"), cgt_id("ps"));
    pid_t want[3];
    for (int i = 0; i < 3; i++)
        want[i] = start_in(mgr, sleep_forever, NULL).pid;
    pid_t *pids = NULL;
    size_t n = 0;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_pids(mgr, &pids, &n, &err), &err);
    cr_assert_eq(n, 3);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(pids[i], want[i], "sorted pid %d", i); /* forked in increasing order */
    free(pids);
}

/* Holds 8 MiB, burns 200 ms of its own CPU time, then says so in *done. */
static int burn_and_hold(void *arg)
{
    volatile uint64_t *done = arg;
    volatile char *p =
        mmap(NULL, 8 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 2;
    for (size_t i = 0; i < 8 * MiB; i += 4096)
        p[i] = 1;
    struct timespec cpu;
    do
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    while (cpu.tv_sec == 0 && cpu.tv_nsec < 200 * 1000000L);
    *done = 1;
    for (;;)
        pause();
    return 0;
}

static json_t *path_get(json_t *j, const char *a, const char *b, const char *c)
{
    json_t *x = json_object_get(j, a);
    if (x && b)
        x = json_object_get(x, b);
    if (x && c)
        x = json_object_get(x, c);
    return x;
}

Test(behaviour, stats_report_cpu_memory_pids_in_runc_events_shape, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("stats"), cgt_id("stats"));
    struct oci_pids p = {.limit = {true, 100}};
    struct oci_memory m = {.limit = {true, 256 * MiB}};
    struct oci_resources res = {.pids = &p, .memory = &m};
    apply_ok(mgr, &res);
    volatile uint64_t *done = cgt_shared_page();
    start_in(mgr, burn_and_hold, (void *)done);
    for (int i = 0; i < 1000 && !*done; i++)
        usleep(10000);
    cr_assert(*done, "the child burnt its 200 ms");
    struct cg_stats *s = NULL;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_stats(mgr, &s, &err), &err);
    cr_assert_geq(s->cpu.total, 180 * 1000000ull, "about 200 ms of CPU, got %" PRIu64 " ns",
                  s->cpu.total);
    cr_assert_gt(s->cpu.user + s->cpu.kernel, 0);
    if (version_of("cpuacct") == 1)
        cr_assert_gt(s->cpu.n_percpu, 0, "per-cpu usage on v1");
    cr_assert_geq(s->memory.usage.usage, 8 * MiB);
    cr_assert_eq(s->memory.usage.limit, 256 * MiB);
    cr_assert_gt(s->memory.n_raw, 10, "memory.stat");
    cr_assert_eq(s->pids.current, 1);
    cr_assert_eq(s->pids.limit, 100);

    json_t *j = cg_stats_to_json(s);
    cr_assert_not_null(j);
    cr_assert(json_is_integer(path_get(j, "cpu", "usage", "total")));
    cr_assert(json_is_integer(path_get(j, "cpu", "usage", "user")));
    cr_assert(json_is_integer(path_get(j, "cpu", "usage", "kernel")));
    cr_assert_eq(json_integer_value(path_get(j, "memory", "usage", "limit")), 256 * MiB);
    cr_assert(json_is_integer(path_get(j, "memory", "usage", "usage")));
    cr_assert(json_is_integer(path_get(j, "memory", "usage", "failcnt")));
    cr_assert(json_is_object(path_get(j, "memory", "swap", NULL)));
    cr_assert(json_is_object(path_get(j, "memory", "raw", NULL)));
    cr_assert_eq(json_integer_value(path_get(j, "pids", "current", NULL)), 1);
    cr_assert_eq(json_integer_value(path_get(j, "pids", "limit", NULL)), 100);
    cr_assert(json_is_object(path_get(j, "blkio", NULL, NULL)));
    cr_assert(json_is_object(path_get(j, "hugetlb", NULL, NULL)));
    if (version_of("hugetlb"))
        cr_assert(json_is_object(path_get(j, "hugetlb", "2MB", NULL)), "hugetlb.2MB stats");
    cr_assert(json_is_null(path_get(j, "network_interfaces", NULL, NULL)));
    char *text = json_dumps(j, JSON_COMPACT);
    cr_log_info("events --stats data: %.400s...", text);
    free(text);
    json_decref(j);
    cg_stats_free(s);
}

Test(behaviour, a_renamed_cgroup_keeps_its_process_and_takes_the_new_name, .init = cgt_setup,
     .fini = cgt_teardown)
{
    /* The leaf named after the id, as a default path is: that is what a rename renames. */
    const char *old_id = cgt_id("pool");
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs(old_id), old_id);
    char old_pids[4096];
    snprintf(old_pids, sizeof(old_pids), "%s", cg_manager_path(mgr, "pids"));
    struct cgt_child c = cgt_spawn(sleep_forever, NULL);
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_add_pid(mgr, c.pid, &err), &err);
    const char *new_id = cgt_id("renamed");
    CGT_ASSERT_OK(cg_manager_rename(mgr, new_id, &err), &err);
    cr_assert_str_eq(cg_manager_id(mgr), new_id);
    char why[512] = "";
    cr_assert(cgt_pid_in(c.pid, mgr, why, sizeof(why)), "%s", why);
    /* v1 renames in place; a v2 node (none or hugetlb only here) keeps its name. */
    const char *pids = cg_manager_path(mgr, "pids");
    cr_assert(pids && strstr(pids, new_id), "pids cgroup %s", pids ? pids : "(none)");
    cr_assert_not(cgt_exists(old_pids), "%s is still there", old_pids);
    cr_assert_neq(cg_manager_rename(mgr, "a/b", &err), 0, "a '/' in the new name is refused");
    turf_error_free(&err);
    cgt_release(&c);
}

/* Two containers in one cgroup would share limits, a freeze and a kill at delete: a create
 * refuses a cgroup with a process in it, leaves that cgroup and its process as they were, and
 * takes an existing empty one. */
Test(behaviour, a_cgroup_in_use_is_refused_and_left_as_it_was, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("used"), cgt_id("used"));
    pid_t kid = start_in(mgr, sleep_forever, NULL).pid;
    struct cg_manager *other = NULL;
    struct turf_error *err = NULL;
    int r = cg_manager_create(cgt_layout, cgt_abs("used"), cgt_id("other"), 0, &other, &err);
    cr_assert_eq(r, -EBUSY, "refused: %d", r);
    cr_assert_null(other);
    cr_assert(err && strstr(err->msg, "in use") && strstr(err->msg, cgt_prefix), "says so: %s",
              err ? err->msg : "");
    turf_error_free(&err);
    char why[512] = "";
    cr_assert(kill(kid, 0) == 0 && cgt_pid_in(kid, mgr, why, sizeof(why)), "untouched: %s", why);

    struct cg_manager *empty = cgt_create(cgt_layout, cgt_abs("empty"), cgt_id("empty"));
    cgt_create(cgt_layout, cgt_abs("empty"), cgt_id("again"));
    cr_assert(cgt_exists(cg_manager_path(empty, "pids")), "an empty cgroup is taken as it is");
}

/* The refusal comes from one hierarchy after the directories of others were made: those go,
 * and the cgroup in use stays. */
Test(behaviour, a_refused_create_removes_only_what_it_made, .init = cgt_setup, .fini = cgt_teardown)
{
    int version = 0;
    const char *pids_mount = cg_layout_controller_mount(cgt_layout, "pids", &version);
    const char *memory_mount = cg_layout_controller_mount(cgt_layout, "memory", NULL);
    if (!pids_mount || version != 1 || !memory_mount || strcmp(pids_mount, memory_mount) == 0)
        cr_skip_test("needs separate v1 pids and memory hierarchies");
    char parent[4096], leaf[4096], memory_leaf[4096];
    snprintf(parent, sizeof(parent), "%s/%s", pids_mount, cgt_prefix);
    snprintf(leaf, sizeof(leaf), "%s%s", pids_mount, cgt_abs("half"));
    snprintf(memory_leaf, sizeof(memory_leaf), "%s%s", memory_mount, cgt_abs("half"));
    cr_assert(mkdir(parent, 0755) == 0 || errno == EEXIST, "mkdir %s", parent);
    cr_assert_eq(mkdir(leaf, 0755), 0, "mkdir %s", leaf);
    struct cgt_child c = cgt_spawn(sleep_forever, NULL);
    char pid[32];
    snprintf(pid, sizeof(pid), "%d", (int)c.pid);
    cgt_write(leaf, "cgroup.procs", pid);
    cgt_release(&c);

    struct cg_manager *mgr = NULL;
    struct turf_error *err = NULL;
    cr_assert_eq(cg_manager_create(cgt_layout, cgt_abs("half"), cgt_id("half"), 0, &mgr, &err),
                 -EBUSY, "%s", err ? err->msg : "created");
    turf_error_free(&err);
    cr_assert_not(cgt_exists(memory_leaf), "%s, made by the create, is gone", memory_leaf);
    cr_assert(cgt_exists(leaf) && strstr(cgt_read(leaf, "cgroup.procs"), pid),
              "the cgroup in use keeps its process");
}
