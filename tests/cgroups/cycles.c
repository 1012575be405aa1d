/* create/apply/add_pid/destroy cycles leave no cgroup directory behind in any hierarchy:
 * 100 in `make check-cgroups`, TURF_CG_CYCLES (1,000 from `make stress-cgroups`) otherwise. */
#include <dirent.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support/cgtest.h"

#define MiB (1024 * 1024LL)

static const char *const hierarchies[] = {"cpu",     "cpuacct", "cpuset", "memory",       "devices",
                                          "freezer", "blkio",   "pids",   "name=systemd", ""};

static int sleep_forever(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return 0;
}

/* Directories under dir (to a small depth) whose name carries this process's test prefix.
 * (Counting all cgroups would race with whatever else runs containers on the host.) */
static int count_ours(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 6) {
        if (d)
            closedir(d);
        return 0;
    }
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_type != DT_DIR || de->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
        if (strncmp(de->d_name, cgt_prefix, strlen(cgt_prefix)) == 0)
            n++;
        n += count_ours(sub, depth + 1);
    }
    closedir(d);
    return n;
}

Test(cycles, create_apply_add_pid_destroy_cycles_leave_nothing, .init = cgt_setup,
     .fini = cgt_teardown, .timeout = 600)
{
    const char *env = getenv("TURF_CG_CYCLES");
    int cycles = env ? atoi(env) : 100;
    if (cycles <= 0)
        cycles = 100;

    struct oci_memory mem = {.limit = {true, 64 * MiB}};
    struct oci_pids pids = {.limit = {true, 32}};
    struct oci_cpu cpu = {.shares = {true, 256}};
    struct oci_hugepage_limit huge = {.page_size = "2MB", .limit = {true, 2 * MiB}};
    struct oci_resources res = {.memory = &mem, .pids = &pids, .cpu = &cpu};
    if (cg_layout_controller_mount(cgt_layout, "hugetlb", NULL)) {
        res.hugepage_limits = &huge;
        res.n_hugepage_limits = 1;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < cycles; i++) {
        char path[128], id[128];
        snprintf(path, sizeof(path), "/%s/cycle-%d", cgt_prefix, i);
        snprintf(id, sizeof(id), "%s-cycle-%d", cgt_prefix, i);
        /* Not handed to the fixture (it tracks a few hundred): if an assertion stops the loop,
         * the fixture's sweep of everything named turf-test-<pid> removes what is left. */
        struct cg_manager *mgr = NULL;
        struct turf_error *err = NULL;
        CGT_ASSERT_OK(cg_manager_create(cgt_layout, path, id, 0, &mgr, &err), &err);
        CGT_ASSERT_OK(cg_manager_apply(mgr, &res, &err), &err);
        struct cgt_child c = cgt_spawn(sleep_forever, NULL);
        CGT_ASSERT_OK(cg_manager_add_pid(mgr, c.pid, &err), &err);
        cgt_release(&c);
        CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
        int status = cgt_wait(c.pid, 5000);
        cr_assert(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                  "cycle %d: the process was killed", i);
        for (size_t h = 0; h < sizeof(hierarchies) / sizeof(hierarchies[0]); h++) {
            const char *p = cg_manager_path(mgr, hierarchies[h]);
            cr_assert(!p || !cgt_exists(p), "cycle %d: %s is gone", i, p);
        }
        cg_manager_free(mgr);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_log_info("%d cycles in %.2f s (%.2f ms each)", cycles, secs, secs * 1000 / cycles);

    for (size_t h = 0; h < sizeof(hierarchies) / sizeof(hierarchies[0]); h++) {
        const char *m = cg_layout_controller_mount(cgt_layout, hierarchies[h], NULL);
        if (!m)
            continue;
        char top[4096];
        snprintf(top, sizeof(top), "%s/%s", m, cgt_prefix);
        cr_assert_not(cgt_exists(top), "nothing left: %s", top);
        cr_assert_eq(count_ours(m, 0), 0, "no %s* directory anywhere under %s", cgt_prefix, m);
    }
}
