/* The v2 code paths for real on this host's cgroup2 mount, through a layout that sees only it:
 * cgroup.procs placement, cgroup.freeze with cgroup.events, cgroup.kill, hugetlb, cpu.stat. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support/cgtest.h"

#define MiB (1024 * 1024LL)

static struct cg_layout *v2;

static void setup(void)
{
    cgt_setup();
    v2 = cgt_unified_only_layout();
    if (!v2)
        cr_skip_test("no cgroup2 mount on this host");
}

static void teardown(void)
{
    cgt_teardown();
}

TestSuite(v2_unified, .init = setup, .fini = teardown, .timeout = 120);

static int sleep_forever(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return 0;
}

static int count_forever(void *arg)
{
    volatile uint64_t *counter = arg;
    for (;;)
        (*counter)++;
    return 0;
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

static struct cgt_child start_in(struct cg_manager *mgr, int (*fn)(void *), void *arg)
{
    struct cgt_child c = cgt_spawn(fn, arg);
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_add_pid(mgr, c.pid, &err), &err);
    cgt_release(&c);
    return c;
}

Test(v2_unified, cgroup_procs_places_the_process_in_the_v2_tree)
{
    cr_assert_eq(cg_layout_mode(v2), CG_MODE_V2);
    struct cg_manager *mgr = cgt_create(v2, cgt_abs("procs"), cgt_id("procs"));
    const char *dir = cg_manager_path(mgr, "");
    char want[4096];
    snprintf(want, sizeof(want), "%s/%s/procs", cg_layout_controller_mount(v2, "", NULL),
             cgt_prefix);
    cr_assert_str_eq(dir, want);
    struct cgt_child c = cgt_spawn(sleep_forever, NULL);
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_add_pid(mgr, c.pid, &err), &err);
    char why[512] = "";
    cr_assert(cgt_pid_in(c.pid, mgr, why, sizeof(why)), "%s", why);
    char pid[32];
    snprintf(pid, sizeof(pid), "%d", (int)c.pid);
    cr_assert_str_eq(cgt_read(dir, "cgroup.procs"), pid);
    cr_assert(strstr(cgt_read(dir, "cgroup.events"), "populated 1"));
    cgt_release(&c);
}

Test(v2_unified, cgroup_freeze_stops_a_counter_and_cgroup_events_says_frozen)
{
    struct cg_manager *mgr = cgt_create(v2, cgt_abs("freeze"), cgt_id("freeze"));
    const char *dir = cg_manager_path(mgr, "");
    volatile uint64_t *counter = cgt_shared_page();
    start_in(mgr, count_forever, (void *)counter);
    for (int i = 0; i < 200 && *counter == 0; i++)
        usleep(5000);
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_freeze(mgr, &err), &err);
    cr_assert_str_eq(cgt_read(dir, "cgroup.freeze"), "1");
    cr_assert(strstr(cgt_read(dir, "cgroup.events"), "frozen 1"));
    enum cg_freezer_state st;
    CGT_ASSERT_OK(cg_manager_freezer_state(mgr, &st, &err), &err);
    cr_assert_eq(st, CG_FREEZER_FROZEN);
    uint64_t a = *counter;
    usleep(200000);
    cr_assert_eq(*counter, a, "frozen");
    CGT_ASSERT_OK(cg_manager_thaw(mgr, &err), &err);
    cr_assert(strstr(cgt_read(dir, "cgroup.events"), "frozen 0"));
    usleep(100000);
    cr_assert_gt(*counter, a, "thawed");
}

Test(v2_unified, cgroup_kill_ends_every_process_including_grandchildren)
{
    struct cg_manager *mgr = cgt_create(v2, cgt_abs("kill"), cgt_id("kill"));
    const char *dir = cg_manager_path(mgr, "");
    pid_t kids[3];
    for (int i = 0; i < 3; i++)
        kids[i] = start_in(mgr, fork_and_sleep, NULL).pid;
    usleep(50000);
    pid_t *pids = NULL;
    size_t n = 0;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_pids(mgr, &pids, &n, &err), &err);
    cr_assert_eq(n, 6);
    free(pids);
    char kill_file[4096];
    snprintf(kill_file, sizeof(kill_file), "%s/cgroup.kill", dir);
    if (!cgt_exists(kill_file))
        cr_skip_test("no cgroup.kill (kernel < 5.14)");
    CGT_ASSERT_OK(cg_manager_kill(mgr, SIGKILL, &err), &err);
    for (int i = 0; i < 3; i++) {
        int status = cgt_wait(kids[i], 5000);
        cr_assert(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }
    cr_assert(strstr(cgt_read(dir, "cgroup.events"), "populated 0"), "%s",
              cgt_read(dir, "cgroup.events"));
}

Test(v2_unified, kill_of_a_frozen_v2_cgroup_works)
{
    struct cg_manager *mgr = cgt_create(v2, cgt_abs("fkill"), cgt_id("fkill"));
    volatile uint64_t *counter = cgt_shared_page();
    struct cgt_child c = start_in(mgr, count_forever, (void *)counter);
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_freeze(mgr, &err), &err);
    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
    int status = cgt_wait(c.pid, 5000);
    cr_assert(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    cr_assert_not(cgt_exists(cg_manager_path(mgr, "")));
}

Test(v2_unified, hugetlb_limit_on_the_v2_mount)
{
    if (!cg_layout_controller_mount(v2, "hugetlb", NULL))
        cr_skip_test("hugetlb is not on the cgroup2 mount here");
    struct cg_manager *mgr = cgt_create(v2, cgt_abs("huge"), cgt_id("huge"));
    struct oci_hugepage_limit h = {.page_size = "2MB", .limit = {true, 6 * MiB}};
    struct oci_resources res = {.hugepage_limits = &h, .n_hugepage_limits = 1};
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_apply(mgr, &res, &err), &err);
    cr_assert_eq(cgt_read_u64(cg_manager_path(mgr, "hugetlb"), "hugetlb.2MB.max"), 6 * MiB);
}

Test(v2_unified, controllers_missing_from_the_mount_fail_clearly)
{
    struct cg_manager *mgr = cgt_create(v2, cgt_abs("none"), cgt_id("none"));
    if (cg_layout_controller_mount(v2, "memory", NULL))
        cr_skip_test("memory is on the cgroup2 mount here");
    struct oci_memory m = {.limit = {true, MiB}};
    struct oci_resources res = {.memory = &m};
    struct turf_error *err = NULL;
    cr_assert_eq(cg_manager_apply(mgr, &res, &err), -EOPNOTSUPP);
    cr_assert(strstr(err->msg, "linux.resources.memory: the memory controller is in the kernel "
                               "but not mounted"),
              "%s", err->msg);
    turf_error_free(&err);
    cr_assert_eq(cg_manager_oom_fd(mgr, &err), -EOPNOTSUPP);
    turf_error_free(&err);
}

Test(v2_unified, cpu_stat_gives_usage_without_a_cpu_controller)
{
    struct cg_manager *mgr = cgt_create(v2, cgt_abs("cpu"), cgt_id("cpu"));
    volatile uint64_t *counter = cgt_shared_page();
    start_in(mgr, count_forever, (void *)counter);
    usleep(300000);
    struct cg_stats *s = NULL;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_stats(mgr, &s, &err), &err);
    cr_assert_gt(s->cpu.total, 100 * 1000000ull, "%" PRIu64 " ns", s->cpu.total);
    cg_stats_free(s);
}

Test(v2_unified, destroy_removes_sub_cgroups_depth_first)
{
    struct cg_manager *mgr = cgt_create(v2, cgt_abs("tree"), cgt_id("tree"));
    struct turf_error *err = NULL;
    const char *dir = cg_manager_path(mgr, "");
    char a[4096], b[4096];
    snprintf(a, sizeof(a), "%s/a", dir);
    snprintf(b, sizeof(b), "%s/a/b", dir);
    cr_assert_eq(mkdir(a, 0755), 0);
    cr_assert_eq(mkdir(b, 0755), 0);
    struct cgt_child c = cgt_spawn(sleep_forever, NULL);
    char pid[32];
    snprintf(pid, sizeof(pid), "%d", (int)c.pid);
    cgt_write(b, "cgroup.procs", pid);
    cgt_release(&c);
    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
    cr_assert_not(cgt_exists(dir));
    char top[4096];
    snprintf(top, sizeof(top), "%s/%s", cg_layout_controller_mount(v2, "", NULL), cgt_prefix);
    cr_assert_not(cgt_exists(top));
    int status = cgt_wait(c.pid, 5000);
    cr_assert(status != -1 && WIFSIGNALED(status));
}
