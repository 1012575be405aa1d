/* Layout detection: this host's hybrid layout (hugetlb on the cgroup2 mount), and v1, unified,
 * hybrid, bind-mounted and escaped layouts from mountinfo and /proc/self/cgroup samples; and
 * creates on such layouts. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "support/cgtest.h"

static struct cg_layout *parse(const char *mountinfo, const char *self)
{
    char dir[] = "/tmp/turf-layout-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cgt_write(dir, "mountinfo", mountinfo);
    cgt_write(dir, "cgroup", self);
    char mi[128], cg[128];
    snprintf(mi, sizeof(mi), "%s/mountinfo", dir);
    snprintf(cg, sizeof(cg), "%s/cgroup", dir);
    struct cg_layout *layout = NULL;
    struct turf_error *err = NULL;
    int r = cg_layout_detect_from(mi, cg, &layout, &err);
    unlink(mi);
    unlink(cg);
    rmdir(dir);
    cr_assert_eq(r, 0, "cg_layout_detect_from: %s", err ? err->msg : "");
    return layout;
}

#define V1_MOUNTS                                                                                  \
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"                          \
    "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:5 - cgroup cgroup "                \
    "rw,cpu,cpuacct\n"                                                                             \
    "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"                   \
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"                   \
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup "                             \
    "rw,xattr,name=systemd\n"

#define V1_SELF                                                                                    \
    "5:name=systemd:/user.slice\n"                                                                 \
    "4:memory:/user.slice/session-1.scope\n"                                                       \
    "3:cpuset:/\n"                                                                                 \
    "2:cpu,cpuacct:/user.slice\n"                                                                  \
    "1:net_cls,net_prio:/\n"

/* A hung test is killed; the next run's fixture sweeps what it left. */
TestSuite(layout, .timeout = 120);

Test(layout, detects_hybrid_with_hugetlb_on_the_cgroup2_mount_on_this_host, .init = cgt_setup,
     .fini = cgt_teardown)
{
    int version = 0;
    const char *v2 = cg_layout_controller_mount(cgt_layout, "", &version);
    const char *mem = cg_layout_controller_mount(cgt_layout, "memory", NULL);
    if (!v2 || strcmp(v2, "/sys/fs/cgroup/unified") != 0 || !mem ||
        strcmp(mem, "/sys/fs/cgroup/memory") != 0)
        cr_skip_test("not the documented hybrid host (cgroup2 at %s, memory at %s)",
                     v2 ? v2 : "nowhere", mem ? mem : "nowhere");
    cr_assert_eq(cg_layout_mode(cgt_layout), CG_MODE_HYBRID, "mode %s",
                 cg_mode_name(cg_layout_mode(cgt_layout)));
    cr_assert_eq(version, 2);
    const char *huge = cg_layout_controller_mount(cgt_layout, "hugetlb", &version);
    cr_assert_str_eq(huge ? huge : "", "/sys/fs/cgroup/unified");
    cr_assert_eq(version, 2, "hugetlb is on the cgroup2 mount");
    static const char *const v1[] = {"cpu",     "cpuacct", "cpuset", "memory",      "devices",
                                     "freezer", "blkio",   "pids",   "name=systemd"};
    for (size_t i = 0; i < sizeof(v1) / sizeof(v1[0]); i++) {
        const char *m = cg_layout_controller_mount(cgt_layout, v1[i], &version);
        cr_assert_not_null(m, "%s is mounted", v1[i]);
        cr_assert_eq(version, 1, "%s is v1", v1[i]);
    }
    cr_assert_null(cg_layout_controller_mount(cgt_layout, "net_cls", NULL));
    cr_assert_null(cg_layout_controller_mount(cgt_layout, "net_prio", NULL));
}

Test(layout, agrees_with_proc_self_cgroup_on_own_cgroups, .init = cgt_setup, .fini = cgt_teardown)
{
    FILE *f = fopen("/proc/self/cgroup", "re");
    cr_assert_not_null(f);
    char line[4096];
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':'), *c2 = strchr(c1 + 1, ':');
        *c2 = '\0';
        char key[128];
        snprintf(key, sizeof(key), "%.*s", (int)strcspn(c1 + 1, ","), c1 + 1);
        const char *own = cg_layout_own_cgroup(cgt_layout, key);
        if (cg_layout_controller_mount(cgt_layout, key, NULL))
            cr_assert_str_eq(own ? own : "(none)", c2 + 1, "own cgroup of \"%s\"", key);
    }
    fclose(f);
}

Test(layout, reads_a_v1_host_with_comounted_and_named_hierarchies, .init = cgt_setup_plain,
     .fini = cgt_teardown_plain)
{
    struct cg_layout *l = parse(V1_MOUNTS, V1_SELF);
    cr_assert_eq(cg_layout_mode(l), CG_MODE_V1);
    int v = 0;
    cr_assert_str_eq(cg_layout_controller_mount(l, "cpu", &v), "/sys/fs/cgroup/cpu,cpuacct");
    cr_assert_eq(v, 1);
    cr_assert_str_eq(cg_layout_controller_mount(l, "cpuacct", NULL), "/sys/fs/cgroup/cpu,cpuacct");
    cr_assert_str_eq(cg_layout_controller_mount(l, "name=systemd", NULL), "/sys/fs/cgroup/systemd");
    cr_assert_str_eq(cg_layout_own_cgroup(l, "memory"), "/user.slice/session-1.scope");
    cr_assert_null(cg_layout_controller_mount(l, "net_cls", NULL), "listed but not mounted");
    cr_assert_null(cg_layout_controller_mount(l, "", NULL), "no cgroup2 mount");
    cg_layout_free(l);
}

Test(layout, reads_a_unified_host, .init = cgt_setup_plain, .fini = cgt_teardown_plain)
{
    char *root = NULL;
    struct cg_layout *l = cgt_fake_v2("cpuset cpu io memory hugetlb pids rdma misc", &root);
    cr_assert_eq(cg_layout_mode(l), CG_MODE_V2);
    int v = 0;
    cr_assert_str_eq(cg_layout_controller_mount(l, "memory", &v), root);
    cr_assert_eq(v, 2);
    cr_assert_str_eq(cg_layout_controller_mount(l, "io", NULL), root);
    cr_assert_str_eq(cg_layout_controller_mount(l, "", NULL), root);
    cr_assert_null(cg_layout_controller_mount(l, "blkio", NULL));
    cr_assert_str_eq(cg_layout_own_cgroup(l, ""), "/");
}

Test(layout, reads_a_hybrid_host_whose_cgroup2_mount_has_no_controllers, .init = cgt_setup_plain,
     .fini = cgt_teardown_plain)
{
    /* systemd's "hybrid": the unified tree only tracks processes. */
    struct cg_layout *l = parse(V1_MOUNTS "41 31 0:38 / /nonexistent/unified rw,relatime - "
                                          "cgroup2 cgroup2 rw\n",
                                V1_SELF "0::/user.slice/session-1.scope\n");
    cr_assert_eq(cg_layout_mode(l), CG_MODE_HYBRID);
    cr_assert_str_eq(cg_layout_controller_mount(l, "", NULL), "/nonexistent/unified");
    cr_assert_null(cg_layout_controller_mount(l, "hugetlb", NULL));
    cr_assert_str_eq(cg_layout_own_cgroup(l, ""), "/user.slice/session-1.scope");
    cg_layout_free(l);
}

Test(layout, skips_bind_mounts_of_the_same_hierarchy_and_unescapes_mount_points,
     .init = cgt_setup_plain, .fini = cgt_teardown_plain)
{
    struct cg_layout *l =
        parse("50 1 0:32 /user.slice /mnt/my\\040memory rw - cgroup cgroup rw,memory\n"
              "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n",
              "4:memory:/user.slice/x\n");
    cr_assert_str_eq(cg_layout_controller_mount(l, "memory", NULL), "/sys/fs/cgroup/memory",
                     "the /sys/fs/cgroup mount of a hierarchy wins");
    cg_layout_free(l);
    l = parse("50 1 0:32 /user.slice /mnt/my\\040memory rw - cgroup cgroup rw,memory\n",
              "4:memory:/user.slice/x\n");
    cr_assert_str_eq(cg_layout_controller_mount(l, "memory", NULL), "/mnt/my memory");
    cg_layout_free(l);
}

Test(layout, places_relative_paths_below_a_mount_whose_root_is_a_subtree, .init = cgt_setup_plain,
     .fini = cgt_teardown_plain)
{
    /* A container runtime's view: the memory mount's root is the container's cgroup. */
    char *root = NULL;
    struct cg_layout *fake = cgt_fake_v2("memory", &root);
    (void)fake;
    char mountinfo[4096];
    snprintf(mountinfo, sizeof(mountinfo), "90 22 0:99 /kubepods/pod1 %s rw - cgroup2 cgroup2 rw\n",
             root);
    struct cg_layout *l = parse(mountinfo, "0::/kubepods/pod1/ctr\n");
    cgt_fake_cgroup(root, "ctr/turf/x", NULL);
    struct cg_manager *mgr = NULL;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_create(l, NULL, "x", 0, &mgr, &err), &err);
    char want[4096];
    snprintf(want, sizeof(want), "%s/ctr/turf/x", root);
    cr_assert_str_eq(cg_manager_path(mgr, "memory"), want);
    cg_manager_free(mgr);
    cg_layout_free(l);
}

Test(layout, fails_clearly_without_any_cgroup_mount, .init = cgt_setup_plain,
     .fini = cgt_teardown_plain)
{
    char dir[] = "/tmp/turf-layout-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cgt_write(dir, "mountinfo", "22 1 0:20 / /proc rw - proc proc rw\n");
    cgt_write(dir, "cgroup", "0::/\n");
    char mi[128], cg[128];
    snprintf(mi, sizeof(mi), "%s/mountinfo", dir);
    snprintf(cg, sizeof(cg), "%s/cgroup", dir);
    struct cg_layout *l = NULL;
    struct turf_error *err = NULL;
    int r = cg_layout_detect_from(mi, cg, &l, &err);
    unlink(mi);
    unlink(cg);
    rmdir(dir);
    cr_assert_eq(r, -ENOENT);
    cr_assert(strstr(err->msg, "no cgroup or cgroup2 mount"), "message: %s", err->msg);
    turf_error_free(&err);
}

Test(layout, a_create_refused_in_a_later_hierarchy_leaves_no_directory_in_an_earlier_one,
     .init = cgt_setup_plain, .fini = cgt_teardown_plain)
{
    /* Two v1 hierarchies in temp dirs: in the second, our own cgroup is outside our cgroup
     * namespace, so a relative cgroupsPath cannot be placed there; the first was made already. */
    char memory[] = "/tmp/turf-layout-mem-XXXXXX", pids[] = "/tmp/turf-layout-pids-XXXXXX";
    cr_assert_not_null(mkdtemp(memory));
    cr_assert_not_null(mkdtemp(pids));
    char mountinfo[1024];
    snprintf(mountinfo, sizeof(mountinfo),
             "35 31 0:32 / %s rw,relatime - cgroup cgroup rw,memory\n"
             "36 31 0:33 / %s rw,relatime - cgroup cgroup rw,pids\n",
             memory, pids);
    struct cg_layout *l = parse(mountinfo, "3:memory:/\n2:pids:/../elsewhere\n");
    struct cg_manager *mgr = NULL;
    struct turf_error *err = NULL;
    int r = cg_manager_create(l, "made/here", "x", 0, &mgr, &err);
    char made[128];
    snprintf(made, sizeof(made), "%s/made", memory);
    bool left = cgt_exists(made);
    rmdir(pids);
    if (left) {
        snprintf(made, sizeof(made), "%s/made/here", memory);
        rmdir(made);
        snprintf(made, sizeof(made), "%s/made", memory);
        rmdir(made);
    }
    rmdir(memory);
    cg_layout_free(l);
    cr_assert_eq(r, -EINVAL, "refused: %s", err ? err->msg : "created");
    cr_assert(strstr(err->msg, "not visible"), "message: %s", err->msg);
    turf_error_free(&err);
    cr_assert_not(left, "the directories made in the memory hierarchy are gone");
}
