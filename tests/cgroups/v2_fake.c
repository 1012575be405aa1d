/* The cgroup v2 controller code paths against a temp directory shaped like cgroupfs (this host
 * has no v2 memory, cpu, io or pids controller): what apply writes, what stats parse, and the
 * errors for what v2 cannot do. No root needed. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support/cgtest.h"

#define MiB (1024 * 1024LL)

static const char *const leaf_files[] = {
    "memory.max=max\n",
    "memory.low=0\n",
    "memory.high=max\n",
    "memory.swap.max=max\n",
    "memory.current=12345\n",
    "memory.peak=23456\n",
    "memory.swap.current=100\n",
    "memory.stat=anon 4096\nfile 8192\nkernel 512\nshmem 0\n",
    "memory.events=low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n",
    "cpu.weight=100\n",
    "cpu.max=max 100000\n",
    "cpu.max.burst=0\n",
    "cpu.idle=0\n",
    "cpu.stat=usage_usec 5000\nuser_usec 3000\nsystem_usec 2000\nnr_periods 10\n"
    "nr_throttled 2\nthrottled_usec 700\n",
    "cpuset.cpus=\n",
    "cpuset.mems=\n",
    "cpuset.cpus.effective=0-3\n",
    "cpuset.mems.effective=0\n",
    "pids.max=max\n",
    "pids.current=3\n",
    "io.bfq.weight=default 100\n",
    "io.weight=default 100\n",
    "io.max=\n",
    "io.stat=8:0 rbytes=1024 wbytes=2048 rios=1 wios=2 dbytes=0 dios=0\n",
    "hugetlb.2MB.max=max\n",
    "hugetlb.2MB.rsvd.max=max\n",
    "hugetlb.2MB.current=2097152\n",
    "hugetlb.2MB.rsvd.current=0\n",
    "hugetlb.2MB.events=max 4\n",
    "hugetlb.1GB.max=max\n",
    "hugetlb.1GB.current=0\n",
    "hugetlb.1GB.events=max 0\n",
    "rdma.max=\n",
    "cgroup.freeze=0\n",
    "cgroup.events=populated 0\nfrozen 0\n",
    NULL,
};

static char *root;
static struct cg_manager *mgr;
static const char *leaf;

static void setup(void)
{
    cgt_setup_plain();
    struct cg_layout *layout = cgt_fake_v2("cpuset cpu io memory hugetlb pids rdma", &root);
    char rel[128];
    snprintf(rel, sizeof(rel), "%s/c1", cgt_prefix);
    cgt_fake_cgroup(root, rel, leaf_files);
    struct turf_error *err = NULL;
    int r = cg_manager_create(layout, cgt_abs("c1"), "c1", 0, &mgr, &err);
    cr_assert_eq(r, 0, "create on the fake tree: %s", err ? err->msg : "");
    leaf = cg_manager_path(mgr, "memory");
    cr_assert_not_null(leaf);
}

static void teardown(void)
{
    /* A plain-file tree cannot be rmdir'ed like cgroupfs: the fixture removes it. */
    cg_manager_free(mgr);
    mgr = NULL;
    cgt_teardown_plain();
}

static void apply_ok(const struct oci_resources *res)
{
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_apply(mgr, res, &err), &err);
}

static void apply_fails(const struct oci_resources *res, int code, const char *part)
{
    struct turf_error *err = NULL;
    int r = cg_manager_apply(mgr, res, &err);
    cr_assert_eq(r, code, "expected %d, got %d (%s)", code, r, err ? err->msg : "no error");
    cr_assert(strstr(err->msg, part), "\"%s\" in: %s", part, err->msg);
    turf_error_free(&err);
}

TestSuite(v2_fake, .init = setup, .fini = teardown, .timeout = 60);

Test(v2_fake, every_controller_is_enabled_down_the_path_but_not_in_the_leaf)
{
    cr_assert_eq(cg_manager_mode(mgr), CG_MODE_V2);
    const char *all = "+cpuset +cpu +io +memory +hugetlb +pids +rdma";
    cr_assert_str_eq(cgt_read(root, "cgroup.subtree_control"), all);
    char mid[4096];
    snprintf(mid, sizeof(mid), "%s/%s", root, cgt_prefix);
    cr_assert_str_eq(cgt_read(mid, "cgroup.subtree_control"), all);
    cr_assert_str_eq(cgt_read(leaf, "cgroup.subtree_control"), "");
}

Test(v2_fake, memory_limit_low_and_swap_minus_limit)
{
    struct oci_memory m = {.limit = {true, 64 * MiB},
                           .reservation = {true, 32 * MiB},
                           .swap = {true, 96 * MiB},
                           .use_hierarchy = {true, true},
                           .disable_oom_killer = {true, false}};
    struct oci_resources res = {.memory = &m};
    apply_ok(&res);
    cr_assert_eq(cgt_read_u64(leaf, "memory.max"), 64 * MiB);
    cr_assert_eq(cgt_read_u64(leaf, "memory.low"), 32 * MiB);
    cr_assert_eq(cgt_read_u64(leaf, "memory.swap.max"), 32 * MiB, "swap - limit");

    /* Only swap: computed against the limit already in memory.max. */
    struct oci_memory s = {.swap = {true, 100 * MiB}};
    struct oci_resources sres = {.memory = &s};
    apply_ok(&sres);
    cr_assert_eq(cgt_read_u64(leaf, "memory.swap.max"), 36 * MiB);

    struct oci_memory u = {.limit = {true, -1}, .swap = {true, -1}};
    struct oci_resources ures = {.memory = &u};
    apply_ok(&ures);
    cr_assert_str_eq(cgt_read(leaf, "memory.max"), "max");
    cr_assert_str_eq(cgt_read(leaf, "memory.swap.max"), "max");
}

Test(v2_fake, memory_fields_v2_cannot_express_fail_clearly)
{
    struct oci_memory swap_only = {.swap = {true, 64 * MiB}};
    struct oci_resources r1 = {.memory = &swap_only};
    apply_fails(&r1, -EINVAL, "needs a memory limit on cgroup v2");

    struct oci_memory below = {.limit = {true, 64 * MiB}, .swap = {true, 32 * MiB}};
    struct oci_resources r2 = {.memory = &below};
    apply_fails(&r2, -EINVAL, "is below the memory limit");

    struct oci_memory oom = {.disable_oom_killer = {true, true}};
    struct oci_resources r3 = {.memory = &oom};
    apply_fails(&r3, -EOPNOTSUPP, "disableOOMKiller");

    struct oci_memory sw = {.swappiness = {true, 10}};
    struct oci_resources r4 = {.memory = &sw};
    apply_fails(&r4, -EOPNOTSUPP, "swappiness");

    struct oci_memory cbu = {.limit = {true, 4096}, .check_before_update = {true, true}};
    struct oci_resources r5 = {.memory = &cbu};
    apply_fails(&r5, -EBUSY, "below the current usage 12345");
}

Test(v2_fake, memory_without_the_controller_file_names_it)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/memory.max", leaf);
    cr_assert_eq(unlink(path), 0);
    struct oci_memory m = {.limit = {true, MiB}};
    struct oci_resources res = {.memory = &m};
    apply_fails(&res, -EOPNOTSUPP, "memory controller is not enabled");
}

Test(v2_fake, cpu_weight_max_burst_idle_and_cpuset)
{
    struct oci_cpu c = {.shares = {true, 1024},
                        .quota = {true, 50000},
                        .period = {true, 200000},
                        .burst = {true, 1000},
                        .idle = {true, 1},
                        .cpus = "0-1",
                        .mems = "0"};
    struct oci_resources res = {.cpu = &c};
    apply_ok(&res);
    cr_assert_eq(cgt_read_u64(leaf, "cpu.weight"), 39, "1024 shares -> weight 39");
    cr_assert_str_eq(cgt_read(leaf, "cpu.max"), "50000 200000");
    cr_assert_eq(cgt_read_u64(leaf, "cpu.max.burst"), 1000);
    cr_assert_eq(cgt_read_u64(leaf, "cpu.idle"), 1);
    cr_assert_str_eq(cgt_read(leaf, "cpuset.cpus"), "0-1");
    cr_assert_str_eq(cgt_read(leaf, "cpuset.mems"), "0");

    struct oci_cpu p = {.period = {true, 100000}};
    struct oci_resources pres = {.cpu = &p};
    apply_ok(&pres);
    cr_assert_str_eq(cgt_read(leaf, "cpu.max"), "50000 100000", "the quota is kept");
    struct oci_cpu q = {.quota = {true, -1}};
    struct oci_resources qres = {.cpu = &q};
    apply_ok(&qres);
    cr_assert_str_eq(cgt_read(leaf, "cpu.max"), "max 100000", "the period is kept");

    static const uint64_t shares[][2] = {{2, 1}, {262144, 10000}, {1, 1}, {500000, 10000}};
    for (size_t i = 0; i < sizeof(shares) / sizeof(shares[0]); i++) {
        struct oci_cpu s = {.shares = {true, shares[i][0]}};
        struct oci_resources sres = {.cpu = &s};
        apply_ok(&sres);
        cr_assert_eq(cgt_read_u64(leaf, "cpu.weight"), shares[i][1], "shares %" PRIu64,
                     shares[i][0]);
    }
}

Test(v2_fake, cpu_fields_v2_lacks_fail_clearly)
{
    struct oci_cpu rt = {.realtime_runtime = {true, 1000}};
    struct oci_resources r1 = {.cpu = &rt};
    apply_fails(&r1, -EOPNOTSUPP, "realtimeRuntime: cgroup v2 has no realtime");
    char path[4096];
    snprintf(path, sizeof(path), "%s/cpu.max.burst", leaf);
    cr_assert_eq(unlink(path), 0);
    struct oci_cpu b = {.burst = {true, 1000}};
    struct oci_resources r2 = {.cpu = &b};
    apply_fails(&r2, -EOPNOTSUPP, "this kernel has no cpu.max.burst");
}

Test(v2_fake, pids_max)
{
    struct oci_pids p = {.limit = {true, 10}};
    struct oci_resources res = {.pids = &p};
    apply_ok(&res);
    cr_assert_str_eq(cgt_read(leaf, "pids.max"), "10");
    p.limit.value = -1;
    apply_ok(&res);
    cr_assert_str_eq(cgt_read(leaf, "pids.max"), "max");
}

Test(v2_fake, io_weight_prefers_bfq_and_converts_for_io_weight)
{
    struct oci_block_io b = {.weight = {true, 500}};
    struct oci_resources res = {.block_io = &b};
    apply_ok(&res);
    cr_assert_str_eq(cgt_read(leaf, "io.bfq.weight"), "500");
    char path[4096];
    snprintf(path, sizeof(path), "%s/io.bfq.weight", leaf);
    cr_assert_eq(unlink(path), 0);
    apply_ok(&res);
    cr_assert_str_eq(cgt_read(leaf, "io.weight"), "4950", "500 -> 1 + 490 * 9999 / 990");

    struct oci_weight_device wd = {.major = {true, 8}, .minor = {true, 0}, .weight = {true, 10}};
    struct oci_block_io d = {.weight_device = &wd, .n_weight_device = 1};
    struct oci_resources dres = {.block_io = &d};
    apply_ok(&dres);
    cr_assert_str_eq(cgt_read(leaf, "io.weight"), "8:0 1");

    struct oci_block_io l = {.leaf_weight = {true, 100}};
    struct oci_resources lres = {.block_io = &l};
    apply_fails(&lres, -EOPNOTSUPP, "leafWeight: cgroup v2 has no leaf weight");
}

Test(v2_fake, io_throttles_write_io_max)
{
    struct oci_throttle_device rbps = {.major = {true, 8}, .minor = {true, 0}, .rate = {true, MiB}};
    struct oci_block_io b = {.throttle_read_bps_device = &rbps, .n_throttle_read_bps_device = 1};
    struct oci_resources res = {.block_io = &b};
    apply_ok(&res);
    cr_assert_str_eq(cgt_read(leaf, "io.max"), "8:0 rbps=1048576");
    struct oci_throttle_device wiops = {.major = {true, 8}, .minor = {true, 16}, .rate = {true, 0}};
    struct oci_block_io w = {.throttle_write_iops_device = &wiops,
                             .n_throttle_write_iops_device = 1};
    struct oci_resources wres = {.block_io = &w};
    apply_ok(&wres);
    cr_assert_str_eq(cgt_read(leaf, "io.max"), "8:16 wiops=max", "0 is unlimited");
}

Test(v2_fake, hugetlb_max_and_rsvd_max)
{
    struct oci_hugepage_limit h[] = {{.page_size = "2MB", .limit = {true, 4 * MiB}},
                                     {.page_size = "1GB", .limit = {true, 1024 * MiB}}};
    struct oci_resources res = {.hugepage_limits = h, .n_hugepage_limits = 2};
    apply_ok(&res);
    cr_assert_eq(cgt_read_u64(leaf, "hugetlb.2MB.max"), 4 * MiB);
    cr_assert_eq(cgt_read_u64(leaf, "hugetlb.2MB.rsvd.max"), 4 * MiB);
    cr_assert_eq(cgt_read_u64(leaf, "hugetlb.1GB.max"), 1024 * MiB);
    h[0].page_size = "16MB";
    apply_fails(&res, -EINVAL, "hugetlb.16MB.max");
}

Test(v2_fake, rdma_max)
{
    struct oci_rdma d = {.key = "mlx5_0", .hca_handles = {true, 10}, .hca_objects = {true, 100}};
    struct oci_resources res = {.rdma = &d, .n_rdma = 1};
    apply_ok(&res);
    cr_assert_str_eq(cgt_read(leaf, "rdma.max"), "mlx5_0 hca_handle=10 hca_object=100");
}

Test(v2_fake, unified_writes_the_named_file_last)
{
    struct oci_memory m = {.limit = {true, 64 * MiB}};
    struct oci_map_entry e[] = {{.key = "memory.high", .value = "1000000"},
                                {.key = "memory.max", .value = "2000000"}};
    struct oci_resources res = {.memory = &m, .unified = {.entries = e, .n_entries = 2}};
    apply_ok(&res);
    cr_assert_str_eq(cgt_read(leaf, "memory.high"), "1000000");
    cr_assert_str_eq(cgt_read(leaf, "memory.max"), "2000000", "unified overrides the field");
    struct oci_map_entry missing = {.key = "memory.nonexistent", .value = "1"};
    struct oci_resources r2 = {.unified = {.entries = &missing, .n_entries = 1}};
    apply_fails(&r2, -ENOENT, "does not exist");
    struct oci_map_entry foreign = {.key = "net_cls.classid", .value = "1"};
    struct oci_resources r3 = {.unified = {.entries = &foreign, .n_entries = 1}};
    apply_fails(&r3, -EOPNOTSUPP, "not on this host's cgroup v2 hierarchy");
    struct oci_map_entry slash = {.key = "memory.max/../../x", .value = "1"};
    struct oci_resources r4 = {.unified = {.entries = &slash, .n_entries = 1}};
    apply_fails(&r4, -EINVAL, "not a cgroup v2 file name");
}

Test(v2_fake, devices_and_network_are_refused_with_a_reason)
{
    struct oci_device_cgroup rule = {.allow = {true, false}, .access = "rwm"};
    struct oci_resources res = {.devices = &rule, .n_devices = 1};
    apply_fails(&res, -EOPNOTSUPP, "not supported on this host yet");
    struct oci_network n = {.class_id = {true, 1}};
    struct oci_resources nres = {.network = &n};
    apply_fails(&nres, -EOPNOTSUPP, "net_cls");
}

Test(v2_fake, stats_parse_v2_files_into_runc_shape)
{
    struct cg_stats *s = NULL;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_stats(mgr, &s, &err), &err);
    cr_assert_eq(s->cpu.total, 5000000);
    cr_assert_eq(s->cpu.user, 3000000);
    cr_assert_eq(s->cpu.kernel, 2000000);
    cr_assert_eq(s->cpu.periods, 10);
    cr_assert_eq(s->cpu.throttled_periods, 2);
    cr_assert_eq(s->cpu.throttled_time, 700000);
    cr_assert_eq(s->cpuset.n_cpus, 4);
    cr_assert_eq(s->memory.usage.usage, 12345);
    cr_assert_eq(s->memory.usage.max_usage, 23456);
    cr_assert_eq(s->memory.usage.limit, UINT64_MAX);
    cr_assert_eq(s->memory.usage.failcnt, 3);
    cr_assert_eq(s->memory.swap.usage, 12345 + 100, "memory+swap, as v1");
    cr_assert_eq(s->memory.cache, 8192, "file");
    cr_assert_eq(s->memory.oom_kill, 1);
    cr_assert_eq(s->pids.current, 3);
    cr_assert_eq(s->pids.limit, 0, "unlimited");
    cr_assert_eq(s->blkio.n_service_bytes, 2);
    cr_assert_str_eq(s->blkio.service_bytes[0].op, "Read");
    cr_assert_eq(s->blkio.service_bytes[0].value, 1024);
    cr_assert_eq(s->blkio.service_bytes[1].value, 2048);
    cr_assert_eq(s->blkio.n_serviced, 2);
    cr_assert_eq(s->n_hugetlb, 2);

    json_t *j = cg_stats_to_json(s);
    char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    cr_log_info("%s", text);
    cr_assert(strstr(text, "\"usage\":{\"failcnt\":3,\"limit\":9223372036854775807,"
                           "\"max\":23456,\"usage\":12345}"),
              "%s", text);
    cr_assert(strstr(text, "\"throttling\":{\"periods\":10,\"throttledPeriods\":2,"
                           "\"throttledTime\":700000}"),
              "%s", text);
    cr_assert(strstr(text, "\"ioServiceBytesRecursive\":[{\"major\":8,\"op\":\"Read\","
                           "\"value\":1024},{\"major\":8,\"op\":\"Write\",\"value\":2048}]"),
              "%s", text);
    cr_assert(strstr(text, "\"2MB\":{\"failcnt\":4,\"usage\":2097152}"), "%s", text);
    cr_assert(strstr(text, "\"pids\":{\"current\":3}"), "%s", text);
    free(text);
    json_decref(j);
    cg_stats_free(s);
}

Test(v2_fake, oom_fd_is_inotify_on_memory_events_and_counts_oom_kill)
{
    struct turf_error *err = NULL;
    int fd = cg_manager_oom_fd(mgr, &err);
    cr_assert_geq(fd, 0, "%s", err ? err->msg : "");
    struct pollfd p = {.fd = fd, .events = POLLIN};
    cr_assert_eq(poll(&p, 1, 0), 0, "quiet before an event");
    cgt_write(leaf, "memory.events", "low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\n");
    cr_assert_eq(poll(&p, 1, 1000), 1, "readable after memory.events changed");
    cg_oom_fd_drain(fd);
    cr_assert_eq(poll(&p, 1, 0), 0, "drained");
    uint64_t n = 0;
    CGT_ASSERT_OK(cg_manager_oom_kill_count(mgr, &n, &err), &err);
    cr_assert_eq(n, 2);
    close(fd);
}

Test(v2_fake, freezer_state_follows_cgroup_freeze_and_events)
{
    struct turf_error *err = NULL;
    enum cg_freezer_state st;
    CGT_ASSERT_OK(cg_manager_freezer_state(mgr, &st, &err), &err);
    cr_assert_eq(st, CG_FREEZER_THAWED);
    cgt_write(leaf, "cgroup.freeze", "1\n");
    CGT_ASSERT_OK(cg_manager_freezer_state(mgr, &st, &err), &err);
    cr_assert_eq(st, CG_FREEZER_FREEZING);
    cgt_write(leaf, "cgroup.events", "populated 1\nfrozen 1\n");
    CGT_ASSERT_OK(cg_manager_freezer_state(mgr, &st, &err), &err);
    cr_assert_eq(st, CG_FREEZER_FROZEN);
}

Test(v2_fake, state_round_trips_through_json)
{
    json_t *j = cg_manager_to_json(mgr);
    struct cg_manager *back = NULL;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_from_json(j, &back, &err), &err);
    json_decref(j);
    cr_assert_eq(cg_manager_mode(back), CG_MODE_V2);
    cr_assert_str_eq(cg_manager_id(back), "c1");
    cr_assert_str_eq(cg_manager_path(back, "memory"), leaf);
    cr_assert_str_eq(cg_manager_path(back, ""), leaf);
    cr_assert_null(cg_manager_path(back, "blkio"));
    cg_manager_free(back);
}
