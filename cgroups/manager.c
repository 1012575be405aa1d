/* A container's cgroup across every hierarchy: path resolution (runc's rules), creation with
 * v1 cpuset and v2 subtree_control set-up, placement, process listing, kill and destroy. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../turf/base/cleanup.h"
#include "../turf/base/log.h"
#include "internal.h"

#define KILL_TIMEOUT_MS  10000
#define RMDIR_TIMEOUT_MS 2000

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void cg_manager_free(struct cg_manager *mgr)
{
    if (!mgr)
        return;
    for (size_t i = 0; i < mgr->n; i++) {
        free(mgr->nodes[i].mount);
        free(mgr->nodes[i].path);
        cg_strv_free(mgr->nodes[i].controllers);
    }
    free(mgr->nodes);
    free(mgr->id);
    free(mgr);
}

const char *cg_manager_id(const struct cg_manager *mgr)
{
    return mgr->id;
}

enum cg_mode cg_manager_mode(const struct cg_manager *mgr)
{
    return mgr->mode;
}

const char *cg_manager_path(const struct cg_manager *mgr, const char *controller)
{
    const struct cg_node *n = cg_node_for(mgr, controller);
    return n ? n->path : NULL;
}

/* ---- path resolution ---- */

/* Normalises a cgroupsPath into components joined by '/', without leading or trailing '/'.
 * "." and empty components are dropped; ".." is refused (it could leave the hierarchy). */
static int normalize_path(const char *in, char **out, struct turf_error **err)
{
    size_t len = strlen(in);
    _cleanup_free_ char *buf = malloc(len + 1);
    if (!buf)
        return turf_error_errno(err, -ENOMEM, "cgroupsPath \"%s\"", in);
    size_t w = 0;
    for (const char *p = in; *p;) {
        while (*p == '/')
            p++;
        const char *e = strchrnul(p, '/');
        size_t n = (size_t)(e - p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return turf_error_set(err, -EINVAL,
                                  "cgroupsPath \"%s\": \"..\" components are not allowed", in);
        if (n > 0 && !(n == 1 && p[0] == '.')) {
            if (w)
                buf[w++] = '/';
            memcpy(buf + w, p, n);
            w += n;
        }
        p = e;
    }
    buf[w] = '\0';
    *out = TURF_STEAL(buf);
    return 0;
}

/* "slice:prefix:name": three colon-separated fields and no '/'. */
static bool is_systemd_path(const char *p)
{
    if (!p || strchr(p, '/'))
        return false;
    const char *a = strchr(p, ':');
    const char *b = a ? strchr(a + 1, ':') : NULL;
    return b && !strchr(b + 1, ':');
}

static int systemd_driver_error(const char *path, const char *id, struct turf_error **err)
{
    _cleanup_free_ char *shown = NULL;
    if (!path && asprintf(&shown, "system.slice:turf:%s", id) < 0)
        return turf_error_errno(err, -ENOMEM, "cgroupsPath");
    const char *p = path ? path : shown;
    if (access("/run/systemd/system", F_OK) != 0)
        return turf_error_set(err, -EOPNOTSUPP,
                              "cgroupsPath \"%s\": the systemd cgroup driver needs a running "
                              "systemd, and this host has none (/run/systemd/system is missing); "
                              "drop --systemd-cgroup and use a plain path such as \"/turf/%s\"",
                              p, id);
    return turf_error_set(err, -EOPNOTSUPP,
                          "cgroupsPath \"%s\": the systemd cgroup driver is not supported by turf "
                          "yet; use a plain path such as \"/turf/%s\"",
                          p, id);
}

static int validate_id(const char *id, struct turf_error **err)
{
    if (!id || !*id || strchr(id, '/') || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
        return turf_error_set(err, -EINVAL,
                              "container id \"%s\": not usable as a cgroup name (empty, \".\", "
                              "\"..\" or contains '/')",
                              id ? id : "");
    return 0;
}

/* ---- creation ---- */

/* Copies cpuset.cpus and cpuset.mems from the parent when dir's are empty: a v1 cpuset cgroup
 * starts with none, and no task can join it until both are set. */
static int init_cpuset_v1(const char *dir, struct turf_error **err)
{
    _cleanup_free_ char *parent = strdup(dir);
    if (!parent)
        return turf_error_errno(err, -ENOMEM, "initialise cpuset of %s", dir);
    char *slash = strrchr(parent, '/');
    if (!slash || slash == parent)
        return 0;
    *slash = '\0';
    static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};
    for (size_t i = 0; i < TURF_ARRAY_SIZE(files); i++) {
        _cleanup_free_ char *mine = NULL, *theirs = NULL;
        int r = cg_read(dir, files[i], &mine, err);
        if (r < 0)
            return r;
        if (mine[strspn(mine, " \n")] != '\0')
            continue;
        r = cg_read(parent, files[i], &theirs, err);
        if (r < 0)
            return r;
        theirs[strcspn(theirs, "\n")] = '\0';
        if (!*theirs)
            continue; /* the parent has none either: placement will fail and say so */
        r = cg_write(dir, files[i], theirs, err);
        if (r < 0)
            return turf_error_wrap(err, "initialise %s from the parent", files[i]);
    }
    return 0;
}

/* Enables in dir's cgroup.subtree_control every controller of the v2 hierarchy that dir
 * offers and has not enabled yet. Failures are not errors here (a cgroup with processes, a
 * delegated subtree...): apply reports a missing controller file when a resource needs it. */
static void enable_subtree_controllers(const char *dir, char *const *wanted)
{
    struct turf_error *err = NULL;
    _cleanup_free_ char *offered = NULL, *enabled = NULL;
    if (cg_read(dir, "cgroup.controllers", &offered, &err) < 0 ||
        cg_read(dir, "cgroup.subtree_control", &enabled, &err) < 0) {
        turf_log_debug("cgroup v2: %s", err->msg);
        turf_error_free(&err);
        return;
    }
    char all[1024] = "";
    size_t len = 0;
    for (size_t i = 0; wanted && wanted[i]; i++) {
        /* whole-word matches in the space-separated lists */
        char word[80];
        snprintf(word, sizeof(word), " %s ", wanted[i]);
        char off[1024], en[1024];
        snprintf(off, sizeof(off), " %.*s ", (int)strcspn(offered, "\n"), offered);
        snprintf(en, sizeof(en), " %.*s ", (int)strcspn(enabled, "\n"), enabled);
        if (!strstr(off, word) || strstr(en, word))
            continue;
        len += (size_t)snprintf(all + len, sizeof(all) - len, "%s+%s", len ? " " : "", wanted[i]);
        if (len >= sizeof(all))
            return;
    }
    if (!len)
        return;
    if (cg_write(dir, "cgroup.subtree_control", all, &err) == 0)
        return;
    turf_error_free(&err);
    char *save = NULL;
    for (char *w = strtok_r(all, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (cg_write(dir, "cgroup.subtree_control", w, &err) < 0) {
            turf_log_debug("cgroup v2: %s", err->msg);
            turf_error_free(&err);
        }
    }
}

/* mkdir -p of rel under mount, preparing each level for the version's rules. *created is set
 * to how many components (counted from the leaf) this call created. */
static int make_path(const struct cg_node *node, const char *rel, unsigned *created,
                     struct turf_error **err)
{
    bool cpuset = node->version == 1 && cg_strv_contains(node->controllers, "cpuset");
    for (int attempt = 0;; attempt++) {
        *created = 0;
        _cleanup_free_ char *dir = strdup(node->mount);
        if (!dir)
            return turf_error_errno(err, -ENOMEM, "create %s", node->path);
        size_t total = 1;
        for (const char *p = rel; *p; p++)
            total += *p == '/';
        size_t level = 0;
        bool retry = false;
        for (const char *p = rel; *p && !retry; level++) {
            const char *e = strchrnul(p, '/');
            if (node->version == 2)
                enable_subtree_controllers(dir, node->controllers);
            char *next = NULL;
            if (asprintf(&next, "%s/%.*s", dir, (int)(e - p), p) < 0)
                return turf_error_errno(err, -ENOMEM, "create %s", node->path);
            free(dir);
            dir = next;
            if (mkdir(dir, 0755) == 0) {
                if (*created == 0)
                    *created = (unsigned)(total - level);
            } else if (errno == ENOENT && attempt < 5) {
                /* A concurrent destroy removed an empty parent we had just seen: retry. */
                retry = true;
                continue;
            } else if (errno != EEXIST) {
                return turf_error_errno(err, -errno, "create cgroup directory %s", dir);
            }
            if (cpuset) {
                int r = init_cpuset_v1(dir, err);
                if (r < 0)
                    return r;
            }
            p = *e ? e + 1 : e;
        }
        if (!retry)
            return 0;
    }
}

/* Removes dir and every sub-cgroup under it, depth-first. Missing is fine; EBUSY (a task that
 * is still exiting) is retried until the deadline. */
/* Calls fn on every child cgroup (sub-directory) of dir, stopping at the first failure; a
 * missing dir has none. `what` names the operation in errors ("remove cgroup"). */
static int for_each_child(const char *dir, const char *what,
                          int (*fn)(const char *sub, void *data, struct turf_error **err),
                          void *data, struct turf_error **err)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : turf_error_errno(err, -errno, "%s %s: open", what, dir);
    int r = 0;
    struct dirent *de;
    while (r == 0 && (de = readdir(d))) {
        if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        _cleanup_free_ char *sub = NULL;
        if (asprintf(&sub, "%s/%s", dir, de->d_name) < 0)
            r = turf_error_errno(err, -ENOMEM, "%s %s", what, dir);
        else
            r = fn(sub, data, err);
    }
    closedir(d);
    return r;
}

static int remove_tree(const char *dir, long deadline, struct turf_error **err);

static int remove_child(const char *sub, void *deadline, struct turf_error **err)
{
    return remove_tree(sub, *(long *)deadline, err);
}

static int remove_tree(const char *dir, long deadline, struct turf_error **err)
{
    int r = for_each_child(dir, "remove cgroup", remove_child, &deadline, err);
    if (r < 0)
        return r;
    for (long wait = 1;; wait = wait < 64 ? wait * 2 : wait) {
        if (rmdir(dir) == 0 || errno == ENOENT)
            return 0;
        if (errno != EBUSY || now_ms() >= deadline)
            return turf_error_errno(err, -errno, "remove cgroup %s", dir);
        sleep_ms(wait);
    }
}

struct pid_list {
    pid_t *v;
    size_t n, cap;
};

static int collect_pids(const char *dir, struct pid_list *l, struct turf_error **err);

/* A cgroup that was there before the create is the container's only if no process is in it
 * (nor in one below it): two containers in one cgroup would share limits, a pause, and a
 * kill at delete. The runtime-spec lets a runtime refuse such a cgroup; runc checks too. */
static int check_unused(const char *dir, struct turf_error **err)
{
    struct pid_list l = {0};
    int r = collect_pids(dir, &l, err);
    if (r == 0 && l.n > 0)
        r = turf_error_set(err, -EBUSY,
                           "cgroup %s is in use: %zu process(es) in it already (pid %d); a "
                           "container needs a cgroup of its own",
                           dir, l.n, (int)l.v[0]);
    free(l.v);
    return r;
}

/* Removes up to n ancestors of node's directory, nearest first, never the mount itself; stops
 * at one that is in use by another container (ENOTEMPTY, EBUSY). */
static void remove_parents(const struct cg_node *node, unsigned n)
{
    _cleanup_free_ char *parent = n ? strdup(node->path) : NULL;
    for (unsigned k = 0; parent && k < n; k++) {
        char *slash = strrchr(parent, '/');
        if (!slash || (size_t)(slash - parent) <= strlen(node->mount))
            break;
        *slash = '\0';
        if (rmdir(parent) < 0 && errno != ENOENT)
            break;
    }
}

/* A failed create takes back the directories it made (made[i] of them, counted from the leaf,
 * for node i), and only those: a cgroup that was there before is left as it was. */
static void unmake_paths(const struct cg_manager *mgr, const unsigned *made)
{
    for (size_t i = 0; i < mgr->n; i++) {
        const struct cg_node *node = &mgr->nodes[i];
        if (made[i] && (rmdir(node->path) == 0 || errno == ENOENT))
            remove_parents(node, made[i] - 1);
    }
}

int cg_manager_create(const struct cg_layout *layout, const char *cgroups_path, const char *id,
                      unsigned flags, struct cg_manager **out, struct turf_error **err)
{
    int r = validate_id(id, err);
    if (r < 0)
        return r;
    if (cgroups_path && !*cgroups_path)
        cgroups_path = NULL;
    if ((flags & CG_MANAGER_SYSTEMD) || is_systemd_path(cgroups_path))
        return systemd_driver_error(cgroups_path, id, err);

    _cleanup_free_ char *norm = NULL;
    if (cgroups_path) {
        r = normalize_path(cgroups_path, &norm, err);
        if (r < 0)
            return r;
        if (!*norm)
            return turf_error_set(err, -EINVAL,
                                  "cgroupsPath \"%s\": names the %s cgroup itself; a container "
                                  "needs a cgroup of its own",
                                  cgroups_path, cgroups_path[0] == '/' ? "root" : "caller's own");
    } else if (asprintf(&norm, "turf/%s", id) < 0) {
        return turf_error_errno(err, -ENOMEM, "cgroupsPath");
    }
    bool absolute = cgroups_path && cgroups_path[0] == '/';
    bool in_turf = !absolute && strncmp(norm, "turf/", 5) == 0 && !strchr(norm + 5, '/');

    __attribute__((cleanup(cg_manager_freep))) struct cg_manager *mgr = calloc(1, sizeof(*mgr));
    _cleanup_free_ unsigned *made = calloc(layout->n ? layout->n : 1, sizeof(*made));
    if (!mgr || !made || !(mgr->id = strdup(id)) ||
        !(mgr->nodes = calloc(layout->n, sizeof(*mgr->nodes))))
        return turf_error_errno(err, -ENOMEM, "create cgroup for %s", id);
    mgr->mode = layout->mode;

    for (size_t i = 0; i < layout->n; i++) {
        const struct cg_hierarchy *h = &layout->h[i];
        struct cg_node *node = &mgr->nodes[mgr->n++];
        node->version = h->version;
        node->mount = strdup(h->mount);
        node->controllers = cg_strv_copy(h->controllers);
        _cleanup_free_ char *rel = NULL;
        if (!node->mount || !node->controllers) {
            r = turf_error_errno(err, -ENOMEM, "create cgroup for %s", id);
        } else if (!absolute && !h->own) {
            r = turf_error_set(err, -EINVAL,
                               "cgroupsPath \"%s\": relative to the caller's cgroup %s, which is "
                               "not visible under the %s mount; use an absolute path",
                               cgroups_path ? cgroups_path : norm, h->own_raw, h->mount);
        } else if (asprintf(&rel, "%s%s%s", absolute || !*h->own ? "" : h->own,
                            absolute || !*h->own ? "" : "/", norm) < 0 ||
                   asprintf(&node->path, "%s/%s", h->mount, rel) < 0) {
            r = turf_error_errno(err, -ENOMEM, "create cgroup for %s", id);
        } else {
            unsigned created = 0;
            r = make_path(node, rel, &created, err);
            made[i] = created;
            node->removable_parents = created > 1 ? created - 1 : 0;
            if (r == 0 && created == 0)
                r = check_unused(node->path, err);
        }
        if (r < 0) {
            /* The hierarchies before this one may have their directories made already. */
            unmake_paths(mgr, made);
            return r;
        }
        /* The shared "turf" parent (of default paths, and of turfd's seeds) goes when its
         * last container goes. */
        if (in_turf && node->removable_parents < 1)
            node->removable_parents = 1;
    }
    *out = TURF_STEAL(mgr);
    return 0;
}

/* ---- processes ---- */

int cg_manager_rename(struct cg_manager *mgr, const char *new_id, struct turf_error **err)
{
    int r = validate_id(new_id, err);
    if (r < 0)
        return r;
    char *id = strdup(new_id);
    if (!id)
        return turf_error_errno(err, -ENOMEM, "rename cgroup %s", mgr->id);
    for (size_t i = 0; i < mgr->n; i++) {
        struct cg_node *node = &mgr->nodes[i];
        char *slash = node->path ? strrchr(node->path, '/') : NULL;
        if (!slash || strcmp(slash + 1, mgr->id) != 0 || node->version != 1)
            continue;
        char *path = NULL;
        if (asprintf(&path, "%.*s/%s", (int)(slash - node->path), node->path, new_id) < 0) {
            free(id);
            return turf_error_errno(err, -ENOMEM, "rename cgroup %s", mgr->id);
        }
        if (rename(node->path, path) < 0) {
            r = turf_error_errno(err, -errno, "rename cgroup %s to %s%s", node->path, path,
                                 errno == EEXIST ? " (a cgroup of that name is in use)" : "");
            free(path);
            free(id);
            return r;
        }
        free(node->path);
        node->path = path;
    }
    free(mgr->id);
    mgr->id = id;
    return 0;
}

int cg_manager_add_pid(const struct cg_manager *mgr, pid_t pid, struct turf_error **err)
{
    char value[32];
    snprintf(value, sizeof(value), "%d", (int)pid);
    /* cgroup.procs moves the whole thread group; libcgroup's attach writes v1 "tasks" (one
     * thread), so placement always writes cgroupfs directly. */
    for (size_t i = 0; i < mgr->n; i++) {
        int r = cg_write(mgr->nodes[i].path, "cgroup.procs", value, err);
        if (r < 0)
            return turf_error_wrap(err, "place process %d in cgroup %s", (int)pid, mgr->id);
    }
    return 0;
}

static int collect_child_pids(const char *sub, void *list, struct turf_error **err)
{
    return collect_pids(sub, list, err);
}

static int collect_pids(const char *dir, struct pid_list *l, struct turf_error **err)
{
    _cleanup_free_ char *text = NULL;
    struct turf_error *read_err = NULL;
    int r = cg_read(dir, "cgroup.procs", &text, &read_err);
    if (r == -ENOENT) {
        turf_error_free(&read_err);
        return 0; /* removed meanwhile */
    }
    if (r < 0) {
        *err = read_err;
        return r;
    }
    for (char *p = text; *p;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 64;
            pid_t *bigger = realloc(l->v, cap * sizeof(*bigger));
            if (!bigger)
                return turf_error_errno(err, -ENOMEM, "list processes of %s", dir);
            l->v = bigger;
            l->cap = cap;
        }
        l->v[l->n++] = (pid_t)v;
        p = end;
        while (*p == '\n')
            p++;
    }
    return for_each_child(dir, "list processes of", collect_child_pids, l, err);
}

static int cmp_pid(const void *a, const void *b)
{
    pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
    return (x > y) - (x < y);
}

int cg_manager_pids(const struct cg_manager *mgr, pid_t **pids, size_t *n_pids,
                    struct turf_error **err)
{
    const struct cg_node *node = cg_node_procs(mgr);
    struct pid_list l = {0};
    int r = node ? collect_pids(node->path, &l, err) : 0;
    if (r < 0) {
        free(l.v);
        return turf_error_wrap(err, "list the processes of cgroup %s", mgr->id);
    }
    if (l.n)
        qsort(l.v, l.n, sizeof(*l.v), cmp_pid);
    *pids = l.v;
    *n_pids = l.n;
    return 0;
}

/* Signals every listed process once; returns how many were listed. */
static int signal_all(const struct cg_manager *mgr, int sig, struct turf_error **err)
{
    _cleanup_free_ pid_t *pids = NULL;
    size_t n = 0;
    int r = cg_manager_pids(mgr, &pids, &n, err);
    if (r < 0)
        return r;
    for (size_t i = 0; i < n; i++)
        if (kill(pids[i], sig) < 0 && errno != ESRCH)
            return turf_error_errno(err, -errno, "send signal %d to process %d of cgroup %s", sig,
                                    (int)pids[i], mgr->id);
    return (int)n;
}

int cg_manager_kill(const struct cg_manager *mgr, int sig, struct turf_error **err)
{
    if (sig != SIGKILL) {
        int r = signal_all(mgr, sig, err);
        return r < 0 ? r : 0;
    }
    const struct cg_node *v2 = cg_node_v2(mgr);
    if (v2 && cg_file_exists(v2->path, "cgroup.kill")) {
        int r = cg_write(v2->path, "cgroup.kill", "1", err);
        if (r == -ENOENT)
            turf_error_free(err); /* removed meanwhile */
        else if (r < 0)
            return turf_error_wrap(err, "kill cgroup %s", mgr->id);
    } else if (cg_freezer_v1_freeze_for_kill(mgr) == 0) {
        /* Frozen, nothing can fork between listing and signalling. */
        int r = signal_all(mgr, SIGKILL, err);
        if (r < 0)
            return r;
    }
    /* A v1-frozen task does not die of SIGKILL until it is thawed. */
    int r = cg_freezer_thaw_all(mgr, err);
    if (r < 0)
        return turf_error_wrap(err, "kill cgroup %s", mgr->id);
    long deadline = now_ms() + KILL_TIMEOUT_MS;
    for (long wait = 1;; wait = wait < 50 ? wait * 2 : wait) {
        r = signal_all(mgr, SIGKILL, err);
        if (r <= 0)
            return r;
        if (now_ms() >= deadline)
            return turf_error_set(err, -EBUSY,
                                  "kill cgroup %s: %d processes still there after SIGKILL for "
                                  "%d ms",
                                  mgr->id, r, KILL_TIMEOUT_MS);
        sleep_ms(wait);
    }
}

int cg_manager_destroy(const struct cg_manager *mgr, struct turf_error **err)
{
    bool any = false;
    for (size_t i = 0; i < mgr->n; i++)
        any |= access(mgr->nodes[i].path, F_OK) == 0;
    if (!any)
        return 0;
    int r = cg_manager_kill(mgr, SIGKILL, err);
    if (r < 0)
        return turf_error_wrap(err, "destroy cgroup %s", mgr->id);
    long deadline = now_ms() + RMDIR_TIMEOUT_MS;
    int first = 0;
    for (size_t i = 0; i < mgr->n; i++) {
        const struct cg_node *node = &mgr->nodes[i];
        struct turf_error *e = NULL;
        r = remove_tree(node->path, deadline, &e);
        if (r < 0) {
            /* Keep going: remove as much as possible, report the first failure. */
            if (!first) {
                first = r;
                *err = e;
                turf_error_wrap(err, "destroy cgroup %s", mgr->id);
            } else {
                turf_error_free(&e);
            }
            continue;
        }
        remove_parents(node, node->removable_parents);
    }
    return first;
}

/* ---- persistence ---- */

json_t *cg_manager_to_json(const struct cg_manager *mgr)
{
    json_t *hs = json_array();
    json_t *root = json_pack("{s:i, s:s, s:s, s:o}", "version", 1, "id", mgr->id, "mode",
                             cg_mode_name(mgr->mode), "hierarchies", hs);
    if (!root)
        return NULL;
    for (size_t i = 0; i < mgr->n; i++) {
        const struct cg_node *n = &mgr->nodes[i];
        json_t *ctrls = json_array();
        for (size_t k = 0; n->controllers[k]; k++)
            json_array_append_new(ctrls, json_string(n->controllers[k]));
        json_t *h = json_pack("{s:i, s:s, s:o, s:s, s:I}", "version", n->version, "mount", n->mount,
                              "controllers", ctrls, "path", n->path, "removableParents",
                              (json_int_t)n->removable_parents);
        if (!h || json_array_append_new(hs, h) < 0) {
            json_decref(root);
            return NULL;
        }
    }
    return root;
}

/* A saved path must be an absolute, normalised directory under its mount. */
static bool sane_saved_path(const char *mount, const char *path)
{
    size_t mlen = strlen(mount);
    if (mount[0] != '/' || strncmp(path, mount, mlen) != 0 || path[mlen] != '/' || !path[mlen + 1])
        return false;
    return !strstr(path, "/../") && !strstr(path, "/./") && !strstr(path, "//") &&
           strcmp(path + strlen(path) - 3, "/..") != 0;
}

int cg_manager_from_json(const json_t *json, struct cg_manager **out, struct turf_error **err)
{
    json_t *hs = NULL;
    const char *id = NULL, *mode = NULL;
    int version = 0;
    json_error_t jerr;
    if (json_unpack_ex((json_t *)json, &jerr, 0, "{s:i, s:s, s:s, s:o}", "version", &version, "id",
                       &id, "mode", &mode, "hierarchies", &hs) < 0)
        return turf_error_set(err, -EINVAL, "saved cgroup state: %s", jerr.text);
    if (version != 1 || !json_is_array(hs))
        return turf_error_set(err, -EINVAL, "saved cgroup state: unsupported version %d", version);
    __attribute__((cleanup(cg_manager_freep))) struct cg_manager *mgr = calloc(1, sizeof(*mgr));
    if (!mgr || !(mgr->id = strdup(id)) ||
        !(mgr->nodes = calloc(json_array_size(hs) + 1, sizeof(*mgr->nodes))))
        return turf_error_errno(err, -ENOMEM, "saved cgroup state");
    mgr->mode = strcmp(mode, "v2") == 0       ? CG_MODE_V2
                : strcmp(mode, "hybrid") == 0 ? CG_MODE_HYBRID
                                              : CG_MODE_V1;
    size_t i;
    json_t *h;
    json_array_foreach(hs, i, h)
    {
        int v = 0;
        const char *mount = NULL, *path = NULL;
        json_t *ctrls = NULL;
        json_int_t removable = 0;
        if (json_unpack_ex(h, &jerr, 0, "{s:i, s:s, s:o, s:s, s?I}", "version", &v, "mount", &mount,
                           "controllers", &ctrls, "path", &path, "removableParents",
                           &removable) < 0)
            return turf_error_set(err, -EINVAL, "saved cgroup state: hierarchies[%zu]: %s", i,
                                  jerr.text);
        if ((v != 1 && v != 2) || !json_is_array(ctrls) || !sane_saved_path(mount, path) ||
            removable < 0 || removable > 64)
            return turf_error_set(err, -EINVAL,
                                  "saved cgroup state: hierarchies[%zu]: bad entry (path \"%s\")",
                                  i, path);
        struct cg_node *n = &mgr->nodes[mgr->n++];
        n->version = v;
        n->removable_parents = (unsigned)removable;
        n->mount = strdup(mount);
        n->path = strdup(path);
        n->controllers = calloc(json_array_size(ctrls) + 1, sizeof(char *));
        if (!n->mount || !n->path || !n->controllers)
            return turf_error_errno(err, -ENOMEM, "saved cgroup state");
        size_t k;
        json_t *c;
        json_array_foreach(ctrls, k, c)
        {
            if (!json_is_string(c))
                return turf_error_set(err, -EINVAL,
                                      "saved cgroup state: hierarchies[%zu].controllers[%zu]: "
                                      "expected a string",
                                      i, k);
            if (!(n->controllers[k] = strdup(json_string_value(c))))
                return turf_error_errno(err, -ENOMEM, "saved cgroup state");
        }
    }
    *out = TURF_STEAL(mgr);
    return 0;
}
