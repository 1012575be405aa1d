/* OOM notification and counting: a v1 eventfd registered through cgroup.event_control on
 * memory.oom_control, or v2 inotify on memory.events; the oom_kill counter of either. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "../turf/base/cleanup.h"
#include "internal.h"

int cg_manager_oom_fd(const struct cg_manager *mgr, struct turf_error **err)
{
    const struct cg_node *node = cg_node_for(mgr, "memory");
    if (!node)
        return cg_error_no_controller("OOM notification", "memory", err);
    if (node->version == 2) {
        _cleanup_close_ int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0)
            return turf_error_errno(err, -errno, "watch %s/memory.events: inotify_init1",
                                    node->path);
        _cleanup_free_ char *path = NULL;
        if (asprintf(&path, "%s/memory.events", node->path) < 0)
            return turf_error_errno(err, -ENOMEM, "watch %s/memory.events", node->path);
        if (inotify_add_watch(fd, path, IN_MODIFY) < 0)
            return turf_error_errno(err, -errno, "watch %s", path);
        return TURF_STEAL_FD(fd);
    }
    /* v1: "<eventfd> <fd of memory.oom_control>" written to cgroup.event_control registers the
     * eventfd; the kernel keeps its own reference, so memory.oom_control can be closed. */
    _cleanup_close_ int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (efd < 0)
        return turf_error_errno(err, -errno, "OOM notification for %s: eventfd", node->path);
    _cleanup_free_ char *path = NULL;
    if (asprintf(&path, "%s/memory.oom_control", node->path) < 0)
        return turf_error_errno(err, -ENOMEM, "open %s/memory.oom_control", node->path);
    _cleanup_close_ int ofd = open(path, O_RDONLY | O_CLOEXEC);
    if (ofd < 0)
        return turf_error_errno(err, -errno, "open %s", path);
    char line[64];
    snprintf(line, sizeof(line), "%d %d", efd, ofd);
    int r = cg_write(node->path, "cgroup.event_control", line, err);
    if (r < 0)
        return turf_error_wrap(err, "register for OOM events of %s", node->path);
    return TURF_STEAL_FD(efd);
}

void cg_oom_fd_drain(int fd)
{
    /* An eventfd reads as one 8-byte counter, inotify as a batch of events: both fit. */
    char buf[4096] __attribute__((aligned(8)));
    while (read(fd, buf, sizeof(buf)) > 0) {
    }
}

int cg_manager_oom_kill_count(const struct cg_manager *mgr, uint64_t *count,
                              struct turf_error **err)
{
    const struct cg_node *node = cg_node_for(mgr, "memory");
    if (!node)
        return cg_error_no_controller("OOM kill count", "memory", err);
    const char *file = node->version == 2 ? "memory.events" : "memory.oom_control";
    _cleanup_free_ char *text = NULL;
    int r = cg_read(node->path, file, &text, err);
    if (r < 0)
        return r;
    *count = 0;
    if (cg_keyed_get(text, "oom_kill", count) < 0)
        return turf_error_set(err, -EOPNOTSUPP, "read %s/%s: no oom_kill counter (kernel < 4.13)",
                              node->path, file);
    return 0;
}
