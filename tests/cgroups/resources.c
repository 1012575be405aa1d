/* Each linux.resources field applied to a real cgroup and read back from the cgroup files, live
 * updates, and errors that name the field, the file and the value. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "support/cgtest.h"

#define MiB (1024 * 1024LL)

static int version_of(const char *controller)
{
    int v = 0;
    return cg_layout_controller_mount(cgt_layout, controller, &v) ? v : 0;
}

static int apply(struct cg_manager *mgr, const struct oci_resources *res, struct turf_error **err)
{
    return cg_manager_apply(mgr, res, err);
}

static void apply_ok(struct cg_manager *mgr, const struct oci_resources *res)
{
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(apply(mgr, res, &err), &err);
}

/* Applies and expects failure with code (0: any); returns the message (fixture-owned). */
static const char *apply_fails(struct cg_manager *mgr, const struct oci_resources *res, int code)
{
    struct turf_error *err = NULL;
    int r = apply(mgr, res, &err);
    if (code)
        cr_assert_eq(r, code, "expected %d, got %d (%s)", code, r, err ? err->msg : "no error");
    else
        cr_assert_lt(r, 0, "expected a failure, got %d", r);
    cr_assert_not_null(err);
    static char msg[2048];
    snprintf(msg, sizeof(msg), "%s", err->msg);
    turf_error_free(&err);
    return msg;
}

#define ASSERT_MSG_HAS(msg, part) cr_assert(strstr((msg), (part)), "\"%s\" in: %s", (part), (msg))

/* A hung test is killed; the next run's fixture sweeps what it left. */
TestSuite(resources, .timeout = 120);

Test(resources, memory_limit_reservation_swap_and_flags_read_back, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("mem"), cgt_id("mem"));
    const char *d = cg_manager_path(mgr, "memory");
    struct oci_memory m = {.limit = {true, 64 * MiB},
                           .reservation = {true, 32 * MiB},
                           .swap = {true, 128 * MiB},
                           .disable_oom_killer = {true, true},
                           .use_hierarchy = {true, true}};
    if (version_of("memory") == 1)
        m.swappiness = (struct oci_u64){true, 10};
    struct oci_resources res = {.memory = &m};
    apply_ok(mgr, &res);
    if (version_of("memory") == 1) {
        cr_assert_eq(cgt_read_u64(d, "memory.limit_in_bytes"), 64 * MiB);
        cr_assert_eq(cgt_read_u64(d, "memory.soft_limit_in_bytes"), 32 * MiB);
        cr_assert_eq(cgt_read_u64(d, "memory.memsw.limit_in_bytes"), 128 * MiB);
        cr_assert_eq(cgt_read_u64(d, "memory.swappiness"), 10);
        ASSERT_MSG_HAS(cgt_read(d, "memory.oom_control"), "oom_kill_disable 1");
        cr_assert_eq(cgt_read_u64(d, "memory.use_hierarchy"), 1);
    } else {
        cr_assert_eq(cgt_read_u64(d, "memory.max"), 64 * MiB);
        cr_assert_eq(cgt_read_u64(d, "memory.low"), 32 * MiB);
        cr_assert_eq(cgt_read_u64(d, "memory.swap.max"), 64 * MiB);
    }
}

Test(resources, memory_limits_move_up_and_down_in_a_safe_order, .init = cgt_setup,
     .fini = cgt_teardown)
{
    if (version_of("memory") != 1)
        cr_skip_test("memory is not a v1 controller on this host");
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("order"), cgt_id("order"));
    const char *d = cg_manager_path(mgr, "memory");
    static const int64_t steps[][2] = {
        {64 * MiB, 128 * MiB}, {256 * MiB, 512 * MiB}, {32 * MiB, 32 * MiB}, {-1, -1}};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        struct oci_memory m = {.limit = {true, steps[i][0]}, .swap = {true, steps[i][1]}};
        struct oci_resources res = {.memory = &m};
        apply_ok(mgr, &res);
        if (steps[i][0] > 0) {
            cr_assert_eq(cgt_read_u64(d, "memory.limit_in_bytes"), (uint64_t)steps[i][0]);
            cr_assert_eq(cgt_read_u64(d, "memory.memsw.limit_in_bytes"), (uint64_t)steps[i][1]);
        } else {
            cr_assert_gt(cgt_read_u64(d, "memory.limit_in_bytes"), 1ull << 60, "unlimited");
        }
    }
    struct oci_memory bad = {.limit = {true, 64 * MiB}, .swap = {true, 32 * MiB}};
    struct oci_resources res = {.memory = &bad};
    ASSERT_MSG_HAS(apply_fails(mgr, &res, -EINVAL), "linux.resources.memory.swap");
}

static int hold_memory(void *arg)
{
    size_t size = (size_t)(uintptr_t)arg;
    volatile char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 1;
    for (size_t i = 0; i < size; i += 4096)
        p[i] = 1;
    for (;;)
        pause();
}

Test(resources, check_before_update_refuses_a_limit_below_usage, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("cbu"), cgt_id("cbu"));
    struct turf_error *err = NULL;
    struct cgt_child c = cgt_spawn(hold_memory, (void *)(uintptr_t)(16 * MiB));
    CGT_ASSERT_OK(cg_manager_add_pid(mgr, c.pid, &err), &err);
    cgt_release(&c);
    usleep(300000);
    struct oci_memory m = {.limit = {true, 4 * MiB}, .check_before_update = {true, true}};
    struct oci_resources res = {.memory = &m};
    const char *msg = apply_fails(mgr, &res, -EBUSY);
    ASSERT_MSG_HAS(msg, "is below the current usage");
    ASSERT_MSG_HAS(msg, "checkBeforeUpdate");
    m.limit.value = 512 * MiB;
    apply_ok(mgr, &res);
}

Test(resources, live_update_changes_the_limit_of_a_running_cgroup, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("upd"), cgt_id("upd"));
    struct turf_error *err = NULL;
    struct cgt_child c = cgt_spawn(hold_memory, (void *)(uintptr_t)(4 * MiB));
    CGT_ASSERT_OK(cg_manager_add_pid(mgr, c.pid, &err), &err);
    cgt_release(&c);
    struct oci_pids p = {.limit = {true, 100}};
    struct oci_memory m = {.limit = {true, 64 * MiB}};
    struct oci_resources res = {.memory = &m, .pids = &p};
    apply_ok(mgr, &res);
    /* turf update: only what changes. */
    struct oci_memory m2 = {.limit = {true, 128 * MiB}};
    struct oci_resources upd = {.memory = &m2};
    apply_ok(mgr, &upd);
    const char *d = cg_manager_path(mgr, "memory");
    cr_assert_eq(
        cgt_read_u64(d, version_of("memory") == 1 ? "memory.limit_in_bytes" : "memory.max"),
        128 * MiB);
    cr_assert_eq(cgt_read_u64(cg_manager_path(mgr, "pids"), "pids.max"), 100, "untouched");
    cr_assert_eq(kill(c.pid, 0), 0, "the process lives on");
}

Test(resources, cpu_shares_quota_period_burst_idle_cpus_mems_read_back, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("cpu"), cgt_id("cpu"));
    const char *d = cg_manager_path(mgr, "cpu");
    struct oci_cpu c = {.shares = {true, 512},
                        .quota = {true, 50000},
                        .period = {true, 100000},
                        .burst = {true, 10000},
                        .cpus = "0",
                        .mems = "0"};
    struct oci_resources res = {.cpu = &c};
    apply_ok(mgr, &res);
    if (version_of("cpu") == 1) {
        cr_assert_eq(cgt_read_u64(d, "cpu.shares"), 512);
        cr_assert_eq(cgt_read_u64(d, "cpu.cfs_quota_us"), 50000);
        cr_assert_eq(cgt_read_u64(d, "cpu.cfs_period_us"), 100000);
        cr_assert_eq(cgt_read_u64(d, "cpu.cfs_burst_us"), 10000);
    } else {
        cr_assert_eq(cgt_read_u64(d, "cpu.weight"), 20);
        cr_assert_str_eq(cgt_read(d, "cpu.max"), "50000 100000");
    }
    const char *cs = cg_manager_path(mgr, "cpuset");
    cr_assert_str_eq(cgt_read(cs, "cpuset.cpus"), "0");
    cr_assert_str_eq(cgt_read(cs, "cpuset.mems"), "0");

    /* Unlimited again, a shorter period, and idle. */
    struct oci_cpu c2 = {.quota = {true, -1}, .period = {true, 50000}, .idle = {true, 1}};
    struct oci_resources res2 = {.cpu = &c2};
    apply_ok(mgr, &res2);
    if (version_of("cpu") == 1) {
        cr_assert_str_eq(cgt_read(d, "cpu.cfs_quota_us"), "-1");
        cr_assert_eq(cgt_read_u64(d, "cpu.cfs_period_us"), 50000);
    } else {
        cr_assert_str_eq(cgt_read(d, "cpu.max"), "max 50000");
    }
    cr_assert_eq(cgt_read_u64(d, "cpu.idle"), 1);
}

Test(resources, cpu_realtime_budget_reads_back_and_overcommit_names_the_file, .init = cgt_setup,
     .fini = cgt_teardown)
{
    if (version_of("cpu") != 1)
        cr_skip_test("realtime budgets are v1 only");
    char top[128];
    snprintf(top, sizeof(top), "/%s", cgt_prefix);
    struct cg_manager *parent = cgt_create(cgt_layout, top, cgt_id("rtparent"));
    char probe[4096];
    snprintf(probe, sizeof(probe), "%s/cpu.rt_runtime_us", cg_manager_path(parent, "cpu"));
    if (!cgt_exists(probe))
        cr_skip_test("this kernel has no cpu.rt_runtime_us");
    struct oci_cpu pc = {.realtime_period = {true, 1000000}, .realtime_runtime = {true, 20000}};
    struct oci_resources pres = {.cpu = &pc};
    apply_ok(parent, &pres);
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("rt"), cgt_id("rt"));
    struct oci_cpu c = {.realtime_period = {true, 1000000}, .realtime_runtime = {true, 10000}};
    struct oci_resources res = {.cpu = &c};
    apply_ok(mgr, &res);
    const char *d = cg_manager_path(mgr, "cpu");
    cr_assert_eq(cgt_read_u64(d, "cpu.rt_period_us"), 1000000);
    cr_assert_eq(cgt_read_u64(d, "cpu.rt_runtime_us"), 10000);
    c.realtime_runtime.value = 900000; /* more than the parent's 20000 */
    const char *msg = apply_fails(mgr, &res, -EINVAL);
    ASSERT_MSG_HAS(msg, "linux.resources.cpu.realtimeRuntime");
    ASSERT_MSG_HAS(msg, "cpu.rt_runtime_us");
    ASSERT_MSG_HAS(msg, "\"900000\"");
}

Test(resources, pids_limit_reads_back_and_zero_means_unlimited, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("pids"), cgt_id("pids"));
    const char *d = cg_manager_path(mgr, "pids");
    struct oci_pids p = {.limit = {true, 42}};
    struct oci_resources res = {.pids = &p};
    apply_ok(mgr, &res);
    cr_assert_str_eq(cgt_read(d, "pids.max"), "42");
    p.limit.value = 0;
    apply_ok(mgr, &res);
    cr_assert_str_eq(cgt_read(d, "pids.max"), "max");
}

Test(resources, device_rules_read_back_from_devices_list, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("dev"), cgt_id("dev"));
    struct oci_device_cgroup rules[] = {
        {.allow = {true, false}, .access = "rwm"},
        {.allow = {true, true},
         .type = "c",
         .major = {true, 1},
         .minor = {true, 3},
         .access = "rwm"},
        {.allow = {true, true}, .type = "c", .major = {true, 1}, .minor = {true, 5}, .access = "r"},
        {.allow = {true, true}, .type = "c", .major = {true, 136}, .access = "rw"},
    };
    struct oci_resources res = {.devices = rules, .n_devices = 4};
    if (version_of("devices") != 1) {
        ASSERT_MSG_HAS(apply_fails(mgr, &res, -EOPNOTSUPP), "not supported on this host yet");
        return;
    }
    apply_ok(mgr, &res);
    cr_assert_str_eq(cgt_read(cg_manager_path(mgr, "devices"), "devices.list"),
                     "c 1:3 rwm\nc 1:5 r\nc 136:* rw");
    struct oci_device_cgroup bad = {.allow = {true, true}, .type = "c", .access = "rwx"};
    struct oci_resources badres = {.devices = &bad, .n_devices = 1};
    ASSERT_MSG_HAS(apply_fails(mgr, &badres, -EINVAL), "linux.resources.devices[0].access");
}

Test(resources, hugetlb_limit_reads_back_wherever_hugetlb_is_mounted, .init = cgt_setup,
     .fini = cgt_teardown)
{
    int v = version_of("hugetlb");
    if (!v)
        cr_skip_test("no hugetlb controller mounted");
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("huge"), cgt_id("huge"));
    const char *d = cg_manager_path(mgr, "hugetlb");
    struct oci_hugepage_limit limits[] = {{.page_size = "2MB", .limit = {true, 4 * MiB}}};
    struct oci_resources res = {.hugepage_limits = limits, .n_hugepage_limits = 1};
    apply_ok(mgr, &res);
    cr_assert_eq(cgt_read_u64(d, v == 2 ? "hugetlb.2MB.max" : "hugetlb.2MB.limit_in_bytes"),
                 4 * MiB, "in %s", d);
    const char *rsvd = v == 2 ? "hugetlb.2MB.rsvd.max" : "hugetlb.2MB.rsvd.limit_in_bytes";
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", d, rsvd);
    if (cgt_exists(path))
        cr_assert_eq(cgt_read_u64(d, rsvd), 4 * MiB);

    limits[0].page_size = "3MB";
    const char *msg = apply_fails(mgr, &res, -EINVAL);
    ASSERT_MSG_HAS(msg, "hugepageLimits[0].pageSize");
    ASSERT_MSG_HAS(msg, "hugetlb.3MB");
    limits[0].page_size = "../2MB";
    ASSERT_MSG_HAS(apply_fails(mgr, &res, -EINVAL), "is not a page size");
}

Test(resources, block_io_weight_errors_clearly_and_throttles_read_back, .init = cgt_setup,
     .fini = cgt_teardown)
{
    if (version_of("blkio") != 1)
        cr_skip_test("blkio is not a v1 controller on this host");
    if (!cgt_exists("/sys/block/loop0"))
        cr_skip_test("no /dev/loop0 to throttle");
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("blk"), cgt_id("blk"));
    const char *d = cg_manager_path(mgr, "blkio");
    struct oci_block_io b = {.weight = {true, 500}};
    struct oci_resources res = {.block_io = &b};
    char probe[4096];
    snprintf(probe, sizeof(probe), "%s/blkio.weight", d);
    char probe_bfq[4096];
    snprintf(probe_bfq, sizeof(probe_bfq), "%s/blkio.bfq.weight", d);
    if (!cgt_exists(probe) && !cgt_exists(probe_bfq)) {
        const char *msg = apply_fails(mgr, &res, -EOPNOTSUPP);
        ASSERT_MSG_HAS(msg, "linux.resources.blockIO.weight");
        ASSERT_MSG_HAS(msg, "blkio.weight");
    } else {
        apply_ok(mgr, &res);
    }
    struct oci_throttle_device rbps = {.major = {true, 7}, .minor = {true, 0}, .rate = {true, MiB}};
    struct oci_throttle_device wiops = {
        .major = {true, 7}, .minor = {true, 0}, .rate = {true, 300}};
    struct oci_block_io t = {.throttle_read_bps_device = &rbps,
                             .n_throttle_read_bps_device = 1,
                             .throttle_write_iops_device = &wiops,
                             .n_throttle_write_iops_device = 1};
    struct oci_resources tres = {.block_io = &t};
    apply_ok(mgr, &tres);
    cr_assert_str_eq(cgt_read(d, "blkio.throttle.read_bps_device"), "7:0 1048576");
    cr_assert_str_eq(cgt_read(d, "blkio.throttle.write_iops_device"), "7:0 300");
}

Test(resources, network_without_net_cls_errors_clearly, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("net"), cgt_id("net"));
    struct oci_network n = {.class_id = {true, 0x100001}};
    struct oci_resources res = {.network = &n};
    if (version_of("net_cls") == 1) {
        apply_ok(mgr, &res);
        cr_assert_eq(cgt_read_u64(cg_manager_path(mgr, "net_cls"), "net_cls.classid"), 0x100001);
        return;
    }
    const char *msg = apply_fails(mgr, &res, -EOPNOTSUPP);
    ASSERT_MSG_HAS(msg, "linux.resources.network.classID");
    ASSERT_MSG_HAS(msg, "net_cls");
}

Test(resources, unified_keys_go_to_the_v2_tree_and_are_validated, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("uni"), cgt_id("uni"));
    struct oci_map_entry e = {.key = "../../escape", .value = "1"};
    struct oci_resources res = {.unified = {.entries = &e, .n_entries = 1}};
    if (cg_manager_mode(mgr) == CG_MODE_V1) {
        ASSERT_MSG_HAS(apply_fails(mgr, &res, -EOPNOTSUPP), "no cgroup v2 hierarchy");
        return;
    }
    ASSERT_MSG_HAS(apply_fails(mgr, &res, -EINVAL), "not a cgroup v2 file name");
    if (cg_manager_mode(mgr) == CG_MODE_HYBRID && version_of("hugetlb") == 2) {
        e = (struct oci_map_entry){.key = "hugetlb.2MB.max", .value = "8388608"};
        apply_ok(mgr, &res);
        cr_assert_eq(cgt_read_u64(cg_manager_path(mgr, ""), "hugetlb.2MB.max"), 8 * MiB);
        e = (struct oci_map_entry){.key = "memory.max", .value = "1000000"};
        const char *msg = apply_fails(mgr, &res, -EOPNOTSUPP);
        ASSERT_MSG_HAS(msg, "linux.resources.unified.memory.max");
        ASSERT_MSG_HAS(msg, "managed through cgroup v1");
    }
}

Test(resources, bad_values_name_the_field_the_file_and_the_value, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("bad"), cgt_id("bad"));
    struct oci_cpu c = {.cpus = "99"};
    struct oci_resources res = {.cpu = &c};
    const char *msg = apply_fails(mgr, &res, 0);
    ASSERT_MSG_HAS(msg, "linux.resources.cpu.cpus");
    ASSERT_MSG_HAS(msg, "\"99\"");
    ASSERT_MSG_HAS(msg, "cpuset.cpus");

    if (version_of("cpu") == 1) {
        struct oci_cpu s = {.shares = {true, 1}};
        struct oci_resources sres = {.cpu = &s};
        msg = apply_fails(mgr, &sres, -EINVAL);
        ASSERT_MSG_HAS(msg, "linux.resources.cpu.shares");
        ASSERT_MSG_HAS(msg, "out of range");
    }
    struct oci_memory m = {.swappiness = {true, 101}};
    struct oci_resources mres = {.memory = &m};
    if (version_of("memory") == 1)
        ASSERT_MSG_HAS(apply_fails(mgr, &mres, -EINVAL), "swappiness: 101 is above 100");
}
