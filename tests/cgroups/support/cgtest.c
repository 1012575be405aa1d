/* Fixtures for the real-cgroup tests (see cgtest.h). The sweep is written independently of the
 * library under test, so a broken cg_manager_destroy cannot hide its own leftovers. */
#include "cgtest.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char cgt_prefix[64];
struct cg_layout *cgt_layout;

#define MAX_TRACKED   256
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static pid_t children[MAX_TRACKED];
static size_t n_children;
static struct cg_manager *managers[MAX_TRACKED];
static size_t n_managers;
static char *strings[4 * MAX_TRACKED];
static size_t n_strings;
static char *temp_paths[MAX_TRACKED];
static size_t n_temp_paths;
static struct cg_layout *layouts[MAX_TRACKED];
static size_t n_layouts;

static const char *keep(char *s)
{
    cr_assert_not_null(s, "out of memory");
    cr_assert_lt(n_strings, ARRAY_SIZE(strings), "too many fixture strings");
    strings[n_strings++] = s;
    return s;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

/* ---- the sweep ---- */

static void write_quiet(const char *dir, const char *file, const char *value)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    if (write(fd, value, strlen(value)) < 0) {
        /* best effort */
    }
    close(fd);
}

/* Thaws, then SIGKILLs every process under dir; returns how many were found. */
static int kill_tree(const char *dir)
{
    int found = 0;
    write_quiet(dir, "freezer.state", "THAWED");
    write_quiet(dir, "cgroup.freeze", "0");
    char path[4096];
    snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
    FILE *f = fopen(path, "re");
    if (f) {
        long pid;
        while (fscanf(f, "%ld", &pid) == 1) {
            kill((pid_t)pid, SIGKILL);
            found++;
        }
        fclose(f);
    }
    DIR *d = opendir(dir);
    if (!d)
        return found;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_type != DT_DIR || de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        found += kill_tree(path);
    }
    closedir(d);
    return found;
}

static void rmdir_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    char path[4096];
    while ((de = readdir(d))) {
        if (de->d_type != DT_DIR || de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        rmdir_tree(path);
    }
    closedir(d);
    for (int i = 0; i < 100 && rmdir(dir) < 0 && errno == EBUSY; i++)
        sleep_ms(10);
}

static void sweep_cgroup(const char *dir)
{
    for (int i = 0; i < 200 && kill_tree(dir) > 0; i++)
        sleep_ms(10);
    rmdir_tree(dir);
}

/* "turf-test-<pid>" or "turf-test-<pid>-..." with the pid; 0 if the name is not one of ours. */
static long test_name_pid(const char *name)
{
    if (strncmp(name, "turf-test-", 10) != 0 || !isdigit((unsigned char)name[10]))
        return 0;
    char *end;
    long pid = strtol(name + 10, &end, 10);
    return (*end == '\0' || *end == '-') ? pid : 0;
}

/* Sweeps directories of this test process (or, with stale, of dead test processes). */
static void sweep_walk(const char *dir, int depth, bool stale)
{
    if (depth > 6)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    char *subs[512];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < ARRAY_SIZE(subs)) {
        if (de->d_type == DT_DIR && de->d_name[0] != '.')
            subs[n++] = strdup(de->d_name);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        if (!subs[i])
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);
        long pid = test_name_pid(subs[i]);
        bool ours = pid == (long)getpid();
        bool dead = pid > 0 && !ours && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
        if (ours || (stale && dead)) {
            sweep_cgroup(path);
            const char *base = strrchr(dir, '/');
            if (base && strcmp(base, "/turf") == 0)
                rmdir(dir); /* the default "turf" parent, if that left it empty */
        } else {
            sweep_walk(path, depth + 1, stale);
        }
        free(subs[i]);
    }
}

static void sweep_all(bool stale)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
        return;
    char line[4096];
    while (fgets(line, sizeof(line), f)) {
        char point[1024], fstype[64];
        char *dash = strstr(line, " - ");
        if (!dash || sscanf(line, "%*s %*s %*s %*s %1023s", point) != 1 ||
            sscanf(dash + 3, "%63s", fstype) != 1)
            continue;
        if (strcmp(fstype, "cgroup") == 0 || strcmp(fstype, "cgroup2") == 0)
            sweep_walk(point, 0, stale);
    }
    fclose(f);
}

/* ---- fixtures ---- */

static void set_prefix(void)
{
    snprintf(cgt_prefix, sizeof(cgt_prefix), "turf-test-%d", (int)getpid());
}

void cgt_setup_plain(void)
{
    set_prefix();
}

void cgt_setup(void)
{
    set_prefix();
    if (geteuid() != 0)
        cr_skip_test("needs root: these tests create real cgroups (run `make check-cgroups` as "
                     "root)");
    sweep_all(true);
    struct turf_error *err = NULL;
    int r = cg_layout_detect(&cgt_layout, &err);
    cr_assert_eq(r, 0, "cg_layout_detect: %s", err ? err->msg : "");
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

static void teardown_common(void)
{
    for (size_t i = 0; i < n_children; i++) {
        kill(children[i], SIGKILL);
        waitpid(children[i], NULL, 0);
    }
    n_children = 0;
    for (size_t i = 0; i < n_managers; i++) {
        struct turf_error *err = NULL;
        if (cg_manager_destroy(managers[i], &err) < 0) {
            cr_log_warn("teardown: %s", err->msg);
            turf_error_free(&err);
        }
        cg_manager_free(managers[i]);
    }
    n_managers = 0;
    for (size_t i = 0; i < n_layouts; i++)
        cg_layout_free(layouts[i]);
    n_layouts = 0;
    for (size_t i = 0; i < n_temp_paths; i++) {
        nftw(temp_paths[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(temp_paths[i]);
    }
    n_temp_paths = 0;
    for (size_t i = 0; i < n_strings; i++)
        free(strings[i]);
    n_strings = 0;
}

void cgt_teardown(void)
{
    teardown_common();
    if (geteuid() == 0)
        sweep_all(false);
    cg_layout_free(cgt_layout);
    cgt_layout = NULL;
}

void cgt_teardown_plain(void)
{
    teardown_common();
}

const char *cgt_abs(const char *name)
{
    char *s = NULL;
    if (asprintf(&s, "/%s/%s", cgt_prefix, name) < 0)
        s = NULL;
    return keep(s);
}

const char *cgt_id(const char *name)
{
    char *s = NULL;
    if (asprintf(&s, "%s-%s", cgt_prefix, name) < 0)
        s = NULL;
    return keep(s);
}

void cgt_track(struct cg_manager *mgr)
{
    cr_assert_lt(n_managers, MAX_TRACKED);
    managers[n_managers++] = mgr;
}

struct cg_manager *cgt_create(const struct cg_layout *layout, const char *path, const char *id)
{
    struct cg_manager *mgr = NULL;
    struct turf_error *err = NULL;
    int r = cg_manager_create(layout, path, id, 0, &mgr, &err);
    cr_assert_eq(r, 0, "cg_manager_create(%s, %s): %s", path ? path : "NULL", id,
                 err ? err->msg : "");
    cgt_track(mgr);
    return mgr;
}

/* ---- children ---- */

struct cgt_child cgt_spawn(int (*fn)(void *), void *arg)
{
    int p[2];
    cr_assert_eq(pipe2(p, O_CLOEXEC), 0, "pipe2: %s", strerror(errno));
    pid_t pid = fork();
    cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        close(p[1]);
        char c;
        ssize_t n;
        do
            n = read(p[0], &c, 1);
        while (n < 0 && errno == EINTR);
        if (n != 1)
            _exit(99); /* the test went away without releasing us */
        close(p[0]);
        _exit(fn ? fn(arg) : 0);
    }
    close(p[0]);
    cr_assert_lt(n_children, MAX_TRACKED);
    children[n_children++] = pid;
    return (struct cgt_child){.pid = pid, .release_fd = p[1]};
}

void cgt_release(struct cgt_child *c)
{
    if (c->release_fd < 0)
        return;
    cr_assert_eq(write(c->release_fd, "x", 1), 1, "release child %d", (int)c->pid);
    close(c->release_fd);
    c->release_fd = -1;
}

int cgt_wait(pid_t pid, int timeout_ms)
{
    for (int waited = 0;; waited += 5) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            for (size_t i = 0; i < n_children; i++)
                if (children[i] == pid)
                    children[i] = children[--n_children];
            return status;
        }
        if (r < 0 || waited >= timeout_ms)
            return -1;
        sleep_ms(5);
    }
}

bool cgt_pid_in(pid_t pid, const struct cg_manager *mgr, char *why, size_t size)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(why, size, "open %s: %s", path, strerror(errno));
        return false;
    }
    char line[4096];
    bool ok = true;
    int checked = 0;
    while (ok && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = '\0';
        char key[256];
        snprintf(key, sizeof(key), "%.*s", (int)strcspn(c1 + 1, ","), c1 + 1);
        const char *want = cg_manager_path(mgr, key);
        const char *mount = cg_layout_controller_mount(cgt_layout, key, NULL);
        if (!want || !mount)
            continue; /* a hierarchy this manager does not use */
        char have[8192];
        snprintf(have, sizeof(have), "%s%s", mount, strcmp(c2 + 1, "/") == 0 ? "" : c2 + 1);
        if (strcmp(have, want) != 0) {
            snprintf(why, size, "pid %d is in %s, expected %s (hierarchy \"%s\")", (int)pid, have,
                     want, key);
            ok = false;
        }
        checked++;
    }
    fclose(f);
    if (ok && checked == 0) {
        snprintf(why, size, "no hierarchy of the manager in %s", path);
        return false;
    }
    return ok;
}

/* ---- files ---- */

const char *cgt_read(const char *dir, const char *file)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    FILE *f = fopen(path, "re");
    char *buf = calloc(1, 65536);
    cr_assert_not_null(buf);
    if (f) {
        size_t n = fread(buf, 1, 65535, f);
        buf[n] = '\0';
        fclose(f);
        while (n > 0 && buf[n - 1] == '\n')
            buf[--n] = '\0';
    }
    return keep(buf);
}

uint64_t cgt_read_u64(const char *dir, const char *file)
{
    const char *s = cgt_read(dir, file);
    if (strcmp(s, "max") == 0)
        return UINT64_MAX;
    return strtoull(s, NULL, 10);
}

bool cgt_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

void cgt_write(const char *dir, const char *file, const char *value)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    FILE *f = fopen(path, "we");
    cr_assert_not_null(f, "create %s: %s", path, strerror(errno));
    fputs(value, f);
    fclose(f);
}

static char *make_temp_dir(void)
{
    char *dir = strdup("/tmp/turf-cgtest-XXXXXX");
    cr_assert_not_null(dir);
    cr_assert_not_null(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
    cr_assert_lt(n_temp_paths, MAX_TRACKED);
    temp_paths[n_temp_paths++] = dir;
    return dir;
}

static struct cg_layout *layout_from(const char *mountinfo, const char *self)
{
    char *dir = make_temp_dir();
    cgt_write(dir, "mountinfo", mountinfo);
    cgt_write(dir, "cgroup", self);
    char mi[4096], cg[4096];
    snprintf(mi, sizeof(mi), "%s/mountinfo", dir);
    snprintf(cg, sizeof(cg), "%s/cgroup", dir);
    struct cg_layout *layout = NULL;
    struct turf_error *err = NULL;
    int r = cg_layout_detect_from(mi, cg, &layout, &err);
    cr_assert_eq(r, 0, "cg_layout_detect_from: %s", err ? err->msg : "");
    cr_assert_lt(n_layouts, MAX_TRACKED);
    layouts[n_layouts++] = layout;
    return layout;
}

void cgt_fake_cgroup(const char *root, const char *rel, const char *const *files)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", root);
    const char *offered = cgt_read(root, "cgroup.controllers");
    for (const char *p = rel; *p;) {
        const char *e = strchrnul(p, '/');
        size_t len = strlen(dir);
        snprintf(dir + len, sizeof(dir) - len, "/%.*s", (int)(e - p), p);
        if (mkdir(dir, 0755) < 0)
            cr_assert_eq(errno, EEXIST, "mkdir %s: %s", dir, strerror(errno));
        char probe[4200];
        snprintf(probe, sizeof(probe), "%s/cgroup.controllers", dir);
        if (!cgt_exists(probe)) {
            cgt_write(dir, "cgroup.controllers", offered);
            cgt_write(dir, "cgroup.subtree_control", "");
            cgt_write(dir, "cgroup.procs", "");
        }
        p = *e ? e + 1 : e;
    }
    for (size_t i = 0; files && files[i]; i++) {
        const char *eq = strchr(files[i], '=');
        cr_assert_not_null(eq, "fake file spec \"%s\" needs name=value", files[i]);
        char name[256];
        snprintf(name, sizeof(name), "%.*s", (int)(eq - files[i]), files[i]);
        cgt_write(dir, name, eq + 1);
    }
}

struct cg_layout *cgt_fake_v2(const char *controllers, char **root)
{
    char *dir = make_temp_dir();
    char *tree = NULL;
    cr_assert_geq(asprintf(&tree, "%s/cgroup2", dir), 0);
    keep(tree);
    cr_assert_eq(mkdir(tree, 0755), 0);
    cgt_write(tree, "cgroup.controllers", controllers);
    cgt_write(tree, "cgroup.subtree_control", "");
    cgt_write(tree, "cgroup.procs", "");
    char mountinfo[8192];
    snprintf(mountinfo, sizeof(mountinfo),
             "22 1 0:20 / /proc rw,nosuid - proc proc rw\n"
             "90 22 0:99 / %s rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 "
             "rw,nsdelegate\n",
             tree);
    *root = tree;
    return layout_from(mountinfo, "0::/\n");
}

/* This host's layout with only its cgroup2 mount (v2) or only its v1 hierarchies. */
static struct cg_layout *filtered_layout(bool v2)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    cr_assert_not_null(f);
    char line[4096], out[16384] = "";
    bool found = false;
    while (fgets(line, sizeof(line), f)) {
        bool is_v2 = strstr(line, " - cgroup2 ") != NULL;
        bool is_v1 = strstr(line, " - cgroup ") != NULL;
        if (v2 ? is_v2 : is_v1) {
            strncat(out, line, sizeof(out) - strlen(out) - 1);
            found = true;
        }
    }
    fclose(f);
    if (!found)
        return NULL;
    f = fopen("/proc/self/cgroup", "re");
    cr_assert_not_null(f);
    char self[4096] = "";
    while (fgets(line, sizeof(line), f))
        if ((strncmp(line, "0::", 3) == 0) == v2)
            strncat(self, line, sizeof(self) - strlen(self) - 1);
    fclose(f);
    return layout_from(out, self);
}

struct cg_layout *cgt_unified_only_layout(void)
{
    return filtered_layout(true);
}

struct cg_layout *cgt_v1_only_layout(void)
{
    return filtered_layout(false);
}

volatile uint64_t *cgt_shared_page(void)
{
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(p, MAP_FAILED, "mmap: %s", strerror(errno));
    return p;
}
