/* Path resolution (absolute, relative, default, systemd-style), creation in every hierarchy,
 * v1 cpuset and v2 subtree_control set-up, destroy, and persistence across processes. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/cgtest.h"

static const char *const hierarchies[] = {"cpu",     "cpuacct", "cpuset", "memory",       "devices",
                                          "freezer", "blkio",   "pids",   "name=systemd", ""};

/* Every mounted hierarchy: the manager has a directory there, and it exists (or not). */
static void assert_dirs(const struct cg_manager *mgr, bool exist)
{
    for (size_t i = 0; i < sizeof(hierarchies) / sizeof(hierarchies[0]); i++) {
        if (!cg_layout_controller_mount(cgt_layout, hierarchies[i], NULL))
            continue;
        const char *p = cg_manager_path(mgr, hierarchies[i]);
        cr_assert_not_null(p, "a directory in hierarchy \"%s\"", hierarchies[i]);
        cr_assert_eq(cgt_exists(p), exist, "%s %s", p, exist ? "exists" : "is gone");
    }
}

static char *own_join(const char *controller, const char *rel)
{
    const char *mount = cg_layout_controller_mount(cgt_layout, controller, NULL);
    const char *own = cg_layout_own_cgroup(cgt_layout, controller);
    char *s = NULL;
    cr_assert_geq(asprintf(&s, "%s%s/%s", mount, strcmp(own, "/") == 0 ? "" : own, rel), 0);
    return s;
}

/* A hung test is killed; the next run's fixture sweeps what it left. */
TestSuite(paths, .timeout = 120);

Test(paths, absolute_is_relative_to_each_hierarchy_root, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("abs"), cgt_id("abs"));
    for (size_t i = 0; i < sizeof(hierarchies) / sizeof(hierarchies[0]); i++) {
        const char *mount = cg_layout_controller_mount(cgt_layout, hierarchies[i], NULL);
        if (!mount)
            continue;
        char want[4096];
        snprintf(want, sizeof(want), "%s/%s/abs", mount, cgt_prefix);
        cr_assert_str_eq(cg_manager_path(mgr, hierarchies[i]), want);
    }
    assert_dirs(mgr, true);
}

Test(paths, relative_is_below_the_callers_own_cgroup, .init = cgt_setup, .fini = cgt_teardown)
{
    char rel[128];
    snprintf(rel, sizeof(rel), "%s/rel", cgt_prefix);
    struct cg_manager *mgr = cgt_create(cgt_layout, rel, cgt_id("rel"));
    for (size_t i = 0; i < sizeof(hierarchies) / sizeof(hierarchies[0]); i++) {
        if (!cg_layout_controller_mount(cgt_layout, hierarchies[i], NULL))
            continue;
        char *want = own_join(hierarchies[i], rel);
        cr_assert_str_eq(cg_manager_path(mgr, hierarchies[i]), want);
        free(want);
    }
    assert_dirs(mgr, true);
}

Test(paths, default_is_turf_id_below_the_callers_own_cgroup, .init = cgt_setup,
     .fini = cgt_teardown)
{
    const char *id = cgt_id("default");
    char *turf = own_join("memory", "turf");
    bool turf_existed = cgt_exists(turf);
    struct cg_manager *mgr = cgt_create(cgt_layout, NULL, id);
    struct turf_error *err = NULL;
    char rel[256];
    snprintf(rel, sizeof(rel), "turf/%s", id);
    for (size_t i = 0; i < sizeof(hierarchies) / sizeof(hierarchies[0]); i++) {
        if (!cg_layout_controller_mount(cgt_layout, hierarchies[i], NULL))
            continue;
        char *want = own_join(hierarchies[i], rel);
        cr_assert_str_eq(cg_manager_path(mgr, hierarchies[i]), want);
        free(want);
    }
    assert_dirs(mgr, true);
    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
    assert_dirs(mgr, false);
    if (!turf_existed)
        cr_assert_not(cgt_exists(turf), "the shared turf/ parent goes with its last container");
    free(turf);
}

Test(paths, systemd_style_path_fails_clearly_without_systemd, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = NULL;
    struct turf_error *err = NULL;
    int r = cg_manager_create(cgt_layout, "system.slice:turf:abc", cgt_id("sd"), 0, &mgr, &err);
    cr_assert_eq(r, -EOPNOTSUPP);
    cr_assert_null(mgr);
    cr_assert(strstr(err->msg, "system.slice:turf:abc"), "names the path: %s", err->msg);
    if (access("/run/systemd/system", F_OK) != 0)
        cr_assert(strstr(err->msg, "the systemd cgroup driver needs a running systemd"),
                  "message: %s", err->msg);
    turf_error_free(&err);

    r = cg_manager_create(cgt_layout, NULL, cgt_id("sd"), CG_MANAGER_SYSTEMD, &mgr, &err);
    cr_assert_eq(r, -EOPNOTSUPP, "--systemd-cgroup with no path");
    cr_assert(strstr(err->msg, "systemd cgroup driver"), "message: %s", err->msg);
    turf_error_free(&err);
}

Test(paths, refuses_dot_dot_root_and_bad_ids, .init = cgt_setup, .fini = cgt_teardown)
{
    static const struct {
        const char *path, *id, *msg;
    } cases[] = {
        {"/a/../../etc", "x", "\"..\" components are not allowed"},
        {"/", "x", "names the root cgroup itself"},
        {".", "x", "names the caller's own cgroup itself"},
        {NULL, "a/b", "not usable as a cgroup name"},
        {NULL, "..", "not usable as a cgroup name"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct cg_manager *mgr = NULL;
        struct turf_error *err = NULL;
        int r = cg_manager_create(cgt_layout, cases[i].path, cases[i].id, 0, &mgr, &err);
        cr_assert_eq(r, -EINVAL, "case %zu", i);
        cr_assert(strstr(err->msg, cases[i].msg), "case %zu: %s", i, err->msg);
        turf_error_free(&err);
    }
}

Test(paths, destroy_removes_every_directory_and_is_idempotent, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("d/e/f"), cgt_id("d"));
    struct turf_error *err = NULL;
    assert_dirs(mgr, true);
    /* A sub-cgroup the container made itself goes too. */
    char sub[4096];
    snprintf(sub, sizeof(sub), "%s/inner/deeper", cg_manager_path(mgr, "memory"));
    char inner[4096];
    snprintf(inner, sizeof(inner), "%s/inner", cg_manager_path(mgr, "memory"));
    cr_assert_eq(mkdir(inner, 0755), 0);
    cr_assert_eq(mkdir(sub, 0755), 0);
    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
    assert_dirs(mgr, false);
    for (size_t i = 0; i < sizeof(hierarchies) / sizeof(hierarchies[0]); i++) {
        const char *mount = cg_layout_controller_mount(cgt_layout, hierarchies[i], NULL);
        if (!mount)
            continue;
        char top[4096];
        snprintf(top, sizeof(top), "%s/%s", mount, cgt_prefix);
        cr_assert_not(cgt_exists(top), "the parents it created are gone: %s", top);
    }
    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err); /* again: nothing to do */
}

Test(paths, keeps_parents_it_did_not_create, .init = cgt_setup, .fini = cgt_teardown)
{
    struct cg_manager *parent = cgt_create(cgt_layout, cgt_abs("pod"), cgt_id("pod"));
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("pod/ctr"), cgt_id("ctr"));
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
    assert_dirs(mgr, false);
    assert_dirs(parent, true);
}

Test(paths, initialises_v1_cpuset_from_the_parent_and_enables_v2_controllers, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("cpuset"), cgt_id("cpuset"));
    int version = 0;
    const char *cpuset = cg_manager_path(mgr, "cpuset");
    if (cpuset && cg_layout_controller_mount(cgt_layout, "cpuset", &version) && version == 1) {
        const char *mount = cg_layout_controller_mount(cgt_layout, "cpuset", NULL);
        cr_assert_str_eq(cgt_read(cpuset, "cpuset.cpus"), cgt_read(mount, "cpuset.cpus"));
        cr_assert_str_eq(cgt_read(cpuset, "cpuset.mems"), cgt_read(mount, "cpuset.mems"));
    }
    const char *huge = cg_manager_path(mgr, "hugetlb");
    if (huge && cg_layout_controller_mount(cgt_layout, "hugetlb", &version) && version == 2)
        cr_assert(cgt_exists(huge) && strstr(cgt_read(huge, "cgroup.controllers"), "hugetlb"),
                  "hugetlb reaches the leaf on the v2 tree: %s",
                  cgt_read(huge, "cgroup.controllers"));
}

Test(paths, survives_a_round_trip_through_json_into_another_process, .init = cgt_setup,
     .fini = cgt_teardown)
{
    struct cg_manager *mgr = cgt_create(cgt_layout, cgt_abs("json"), cgt_id("json"));
    json_t *saved = cg_manager_to_json(mgr);
    cr_assert_not_null(saved);
    char *text = json_dumps(saved, JSON_COMPACT);
    json_decref(saved);
    cr_assert_not_null(text);
    pid_t pid = fork();
    if (pid == 0) {
        /* "turf delete" in a new process: only the saved JSON. */
        json_t *j = json_loads(text, 0, NULL);
        struct cg_manager *again = NULL;
        struct turf_error *e = NULL;
        int r = !j ? -EINVAL : cg_manager_from_json(j, &again, &e);
        if (r == 0)
            r = cg_manager_destroy(again, &e);
        if (r < 0)
            fprintf(stderr, "destroy from JSON: %s\n", e ? e->msg : "bad JSON");
        turf_error_free(&e);
        cg_manager_free(again);
        json_decref(j);
        free(text);
        _exit(r < 0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    free(text);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "destroy from JSON in a child");
    assert_dirs(mgr, false);
}

Test(paths, rejects_saved_state_with_paths_outside_their_mount, .init = cgt_setup_plain,
     .fini = cgt_teardown_plain)
{
    static const char *const bad[] = {
        "{\"version\":1,\"id\":\"x\",\"mode\":\"v1\",\"hierarchies\":[{\"version\":1,\"mount\":"
        "\"/sys/fs/cgroup/memory\",\"controllers\":[\"memory\"],\"path\":\"/etc\"}]}",
        "{\"version\":1,\"id\":\"x\",\"mode\":\"v1\",\"hierarchies\":[{\"version\":1,\"mount\":"
        "\"/sys/fs/cgroup/memory\",\"controllers\":[\"memory\"],\"path\":"
        "\"/sys/fs/cgroup/memory/../../..\"}]}",
        "{\"version\":1,\"id\":\"x\",\"mode\":\"v1\",\"hierarchies\":[{\"version\":1,\"mount\":"
        "\"/sys/fs/cgroup/memory\",\"controllers\":[\"memory\"],\"path\":"
        "\"/sys/fs/cgroup/memory\"}]}",
        "{\"version\":2,\"id\":\"x\",\"mode\":\"v1\",\"hierarchies\":[]}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *j = json_loads(bad[i], 0, NULL);
        cr_assert_not_null(j);
        struct cg_manager *mgr = NULL;
        struct turf_error *err = NULL;
        cr_assert_eq(cg_manager_from_json(j, &mgr, &err), -EINVAL, "case %zu", i);
        json_decref(j);
        turf_error_free(&err);
    }
}

static bool dead_soon(int pid)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    for (int i = 0; i < 500; i++) {
        FILE *f = fopen(path, "re");
        if (!f)
            return true;
        char buf[512] = "";
        char *ok = fgets(buf, sizeof(buf), f);
        fclose(f);
        char *state = ok ? strrchr(buf, ')') : NULL;
        if (!state || state[2] == 'Z' || state[2] == 'X')
            return true;
        usleep(10000);
    }
    return false;
}

/* The child that plays "turf create": it makes the cgroup, saves it, places a process, and is
 * SIGKILLed before it can clean up. */
static int create_and_hang(void *arg)
{
    int fd = *(int *)arg;
    struct cg_layout *layout = NULL;
    struct cg_manager *mgr = NULL;
    struct turf_error *err = NULL;
    if (cg_layout_detect(&layout, &err) < 0 ||
        cg_manager_create(layout, cgt_abs("killed"), cgt_id("killed"), 0, &mgr, &err) < 0)
        return 1;
    pid_t worker = fork();
    if (worker == 0) {
        for (;;)
            pause();
    }
    if (cg_manager_add_pid(mgr, worker, &err) < 0)
        return 2;
    json_t *j = cg_manager_to_json(mgr);
    char *text = json_dumps(j, JSON_COMPACT);
    dprintf(fd, "%s\n%d\n", text, (int)worker);
    close(fd);
    for (;;)
        pause();
}

Test(paths, delete_after_kill_9_of_the_creator_leaves_nothing, .init = cgt_setup,
     .fini = cgt_teardown)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    int wfd = p[1];
    struct cgt_child c = cgt_spawn(create_and_hang, &wfd);
    close(p[1]);
    cgt_release(&c);
    FILE *f = fdopen(p[0], "r");
    char line[16384];
    cr_assert_not_null(fgets(line, sizeof(line), f), "the creator saved its state");
    int worker = 0;
    cr_assert_eq(fscanf(f, "%d", &worker), 1);
    fclose(f);
    kill(c.pid, SIGKILL);
    cgt_wait(c.pid, 5000);

    json_t *j = json_loads(line, 0, NULL);
    cr_assert_not_null(j);
    struct cg_manager *mgr = NULL;
    struct turf_error *err = NULL;
    CGT_ASSERT_OK(cg_manager_from_json(j, &mgr, &err), &err);
    json_decref(j);
    cgt_track(mgr);
    assert_dirs(mgr, true);
    cr_assert_eq(kill(worker, 0), 0, "the orphaned worker is alive before delete");
    CGT_ASSERT_OK(cg_manager_destroy(mgr, &err), &err);
    assert_dirs(mgr, false);
    /* The worker was reparented away from us: dead means gone or a zombie for init to reap. */
    cr_assert(dead_soon(worker), "worker %d was killed by destroy", worker);
}
