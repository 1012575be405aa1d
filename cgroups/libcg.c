/* The libcgroup bridge: the kernel's controller inventory (/proc/cgroups) and v1 control-file
 * writes through cgroup_modify_cgroup, wherever libcgroup's view of the host matches ours. */

/* What libcgroup (2.0.x, Debian 12) is used for, and what it is not used for, and why:
 *  - Used: cgroup_get_all_controller_* to tell "controller not mounted" from "kernel has no such
 *    controller" in errors; cgroup_modify_cgroup to set v1 controller files, the library's own
 *    way to set values, when its mount table has that controller at the hierarchy we resolved.
 *  - Not used for layout detection or placement: libcgroup reads /proc/mounts once into a
 *    process-wide table and knows nothing of mount roots, named hierarchies (name=systemd) or
 *    where a process sits in the v2 tree of a hybrid host (cgroup_get_current_controller_path
 *    fails for hugetlb on this host), and cannot be pointed at a test tree. Its attach
 *    (cgroup_attach_task_pid) writes "tasks" on v1, which moves one thread, not a process.
 *  - Not used for v2 files: on a hybrid host libcgroup cannot resolve our unified path, and v2
 *    needs the cgroup.subtree_control handling the manager does itself; one direct path for v2
 *    means the cgroupfs-shaped test tree covers exactly the code that runs on v2 hosts.
 *  - Not used for reads and stats: cgroup_get_cgroup reads every file of every controller, and
 *    cgroup_read_stats_* only finds <controller>.stat through its own table, which the v2 and
 *    test paths cannot use; a single direct parser serves every version. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libcgroup.h>

#include "../turf/base/cleanup.h"
#include "../turf/base/log.h"
#include "internal.h"

static pthread_once_t libcg_once = PTHREAD_ONCE_INIT;
static bool libcg_ok;

/* libcgroup's default logger prints to stdout, where turf writes JSON for containerd. */
static void libcg_logger(void *userdata, int level, const char *fmt, va_list ap)
{
    (void)userdata;
    (void)level;
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t len = strlen(msg);
    while (len && msg[len - 1] == '\n')
        msg[--len] = '\0';
    turf_log_debug("libcgroup: %s", msg);
}

static void libcg_init_once(void)
{
    cgroup_set_logger(libcg_logger, CGROUP_LOG_WARNING, NULL);
    int r = cgroup_init();
    libcg_ok = (r == 0);
    if (!libcg_ok)
        turf_log_debug("libcgroup: cgroup_init: %s; writing cgroupfs directly", cgroup_strerror(r));
}

bool cg_libcg_ready(void)
{
    pthread_once(&libcg_once, libcg_init_once);
    return libcg_ok;
}

bool cg_libcg_kernel_has(const char *controller)
{
    void *handle = NULL;
    struct controller_data info;
    bool found = false;
    int r = cgroup_get_all_controller_begin(&handle, &info);
    while (r == 0) {
        if (strcmp(info.name, controller) == 0 && info.enabled) {
            found = true;
            break;
        }
        r = cgroup_get_all_controller_next(&handle, &info);
    }
    if (handle)
        cgroup_get_all_controller_end(&handle);
    return found;
}

/* Maps a libcgroup error code to a negative errno. */
static int libcg_errno(int code)
{
    switch (code) {
    case ECGOTHER: {
        int e = cgroup_get_last_errno();
        return e > 0 ? -e : -EIO;
    }
    case ECGROUPVALUENOTEXIST:
    case ECGROUPNOTEXIST:
        return -ENOENT;
    case ECGROUPNOTALLOWED:
        return -EPERM;
    case ECGROUPSUBSYSNOTMOUNTED:
    case ECGROUPNOTMOUNTED:
        return -ENODEV;
    default:
        return -EIO;
    }
}

static void libcg_cgroup_freep(struct cgroup **cg)
{
    if (*cg)
        cgroup_free(cg);
}

int cg_libcg_write_v1(const struct cg_node *node, const char *controller, const char *file,
                      const char *value, struct turf_error **err)
{
    if (node->version != 1 || !cg_strv_contains(node->controllers, controller) || !cg_libcg_ready())
        return 0;
    _cleanup_free_ char *mount = NULL;
    if (cgroup_get_subsys_mount_point(controller, &mount) != 0 || strcmp(mount, node->mount) != 0)
        return 0;
    size_t mlen = strlen(node->mount);
    if (strncmp(node->path, node->mount, mlen) != 0 || node->path[mlen] != '/')
        return 0;
    /* libcgroup opens control files O_RDWR, which kernfs refuses for write-only files
     * (devices.allow, devices.deny): those, and files that do not exist (for an exact ENOENT
     * error), are written directly. */
    _cleanup_free_ char *path = NULL;
    struct stat st;
    if (asprintf(&path, "%s/%s", node->path, file) < 0 || stat(path, &st) < 0 ||
        !(st.st_mode & S_IRUSR))
        return 0;
    /* libcgroup builds <its mount>/<name>/<file>, which is node->path/<file> here. */
    __attribute__((cleanup(libcg_cgroup_freep))) struct cgroup *cg =
        cgroup_new_cgroup(node->path + mlen + 1);
    if (!cg)
        return turf_error_errno(err, -ENOMEM, "write \"%s\" to %s/%s", value, node->path, file);
    struct cgroup_controller *ctl = cgroup_add_controller(cg, controller);
    if (!ctl)
        return turf_error_errno(err, -ENOMEM, "write \"%s\" to %s/%s", value, node->path, file);
    int r = cgroup_add_value_string(ctl, file, value);
    if (r != 0)
        return turf_error_set(err, libcg_errno(r), "write \"%s\" to %s/%s: libcgroup: %s", value,
                              node->path, file, cgroup_strerror(r));
    r = cgroup_modify_cgroup(cg);
    if (r == ECGOTHER)
        return turf_error_errno(err, libcg_errno(r), "write \"%s\" to %s/%s", value, node->path,
                                file);
    if (r == ECGROUPVALUENOTEXIST)
        return turf_error_errno(err, -ENOENT, "write \"%s\" to %s/%s", value, node->path, file);
    if (r != 0)
        return turf_error_set(err, libcg_errno(r), "write \"%s\" to %s/%s: libcgroup: %s", value,
                              node->path, file, cgroup_strerror(r));
    return 1;
}
