/* Pause and resume: the v1 freezer (freezer.state, polled until FROZEN) where a freezer
 * hierarchy is mounted, else the v2 cgroup.freeze with "frozen 1" awaited in cgroup.events. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../turf/base/cleanup.h"
#include "internal.h"

#define FREEZE_TIMEOUT_MS 5000

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

static int v1_read_state(const struct cg_node *node, enum cg_freezer_state *state,
                         struct turf_error **err)
{
    _cleanup_free_ char *text = NULL;
    int r = cg_read(node->path, "freezer.state", &text, err);
    if (r < 0)
        return r;
    if (strncmp(text, "FROZEN", 6) == 0)
        *state = CG_FREEZER_FROZEN;
    else if (strncmp(text, "FREEZING", 8) == 0)
        *state = CG_FREEZER_FREEZING;
    else if (strncmp(text, "THAWED", 6) == 0)
        *state = CG_FREEZER_THAWED;
    else
        return turf_error_set(err, -EINVAL, "read %s/freezer.state: unexpected \"%.20s\"",
                              node->path, text);
    return 0;
}

/* Writes the wanted state and polls until the kernel reports it. Freezing can stall (a task in
 * uninterruptible sleep); the write is repeated, which makes the kernel try again. */
static int v1_set_state(const struct cg_node *node, bool freeze, long timeout_ms,
                        struct turf_error **err)
{
    const char *want = freeze ? "FROZEN" : "THAWED";
    long deadline = now_ms() + timeout_ms;
    for (long wait = 1;; wait = wait < 16 ? wait * 2 : wait) {
        int r = cg_write(node->path, "freezer.state", want, err);
        if (r < 0)
            return r;
        enum cg_freezer_state state;
        r = v1_read_state(node, &state, err);
        if (r < 0)
            return r;
        if (state == (freeze ? CG_FREEZER_FROZEN : CG_FREEZER_THAWED))
            return 0;
        if (now_ms() >= deadline)
            break;
        sleep_ms(wait);
    }
    if (freeze) {
        struct turf_error *ignored = NULL;
        if (cg_write(node->path, "freezer.state", "THAWED", &ignored) < 0)
            turf_error_free(&ignored);
    }
    return turf_error_set(err, -EBUSY,
                          "%s %s/freezer.state: still not %s after %ld ms (a process in "
                          "uninterruptible sleep?)%s",
                          freeze ? "freeze" : "thaw", node->path, want, timeout_ms,
                          freeze ? "; thawed it again" : "");
}

/* "frozen 0|1" from cgroup.events. */
static int v2_frozen(int fd, const char *path, bool *frozen, struct turf_error **err)
{
    char buf[512];
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
    if (n < 0)
        return turf_error_errno(err, -errno, "read %s", path);
    buf[n] = '\0';
    uint64_t v = 0;
    if (cg_keyed_get(buf, "frozen", &v) < 0)
        return turf_error_set(err, -EINVAL, "read %s: no \"frozen\" line", path);
    *frozen = v == 1;
    return 0;
}

static int v2_set_state(const struct cg_node *node, bool freeze, struct turf_error **err)
{
    int r = cg_write(node->path, "cgroup.freeze", freeze ? "1" : "0", err);
    if (r < 0)
        return r;
    _cleanup_free_ char *path = NULL;
    if (asprintf(&path, "%s/cgroup.events", node->path) < 0)
        return turf_error_errno(err, -ENOMEM, "open %s/cgroup.events", node->path);
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return turf_error_errno(err, -errno, "open %s", path);
    long deadline = now_ms() + FREEZE_TIMEOUT_MS;
    for (;;) {
        bool frozen;
        r = v2_frozen(fd, path, &frozen, err);
        if (r < 0)
            return r;
        if (frozen == freeze)
            return 0;
        long left = deadline - now_ms();
        if (left <= 0)
            return turf_error_set(
                err, -EBUSY, "%s %s: cgroup.events still says frozen %d after %d ms",
                freeze ? "freeze" : "thaw", node->path, !freeze, FREEZE_TIMEOUT_MS);
        /* cgroup.events signals a change with POLLPRI; the timeout bounds a missed wake-up. */
        struct pollfd p = {.fd = fd, .events = POLLPRI};
        if (poll(&p, 1, left < 100 ? (int)left : 100) < 0 && errno != EINTR)
            return turf_error_errno(err, -errno, "wait for %s", path);
    }
}

/* The freezer that applies: v1 where mounted, else v2's cgroup.freeze. */
static int pick(const struct cg_manager *mgr, const struct cg_node **node, struct turf_error **err)
{
    *node = cg_node_for(mgr, "freezer");
    if (*node && (*node)->version == 1)
        return 1;
    *node = cg_node_v2(mgr);
    if (*node && cg_file_exists((*node)->path, "cgroup.freeze"))
        return 2;
    return turf_error_set(err, -EOPNOTSUPP,
                          "cgroup %s: no freezer (no v1 freezer hierarchy and no cgroup.freeze)",
                          mgr->id);
}

int cg_manager_freeze(const struct cg_manager *mgr, struct turf_error **err)
{
    const struct cg_node *node;
    int v = pick(mgr, &node, err);
    int r = v < 0    ? v
            : v == 1 ? v1_set_state(node, true, FREEZE_TIMEOUT_MS, err)
                     : v2_set_state(node, true, err);
    return r < 0 ? turf_error_wrap(err, "pause cgroup %s", mgr->id) : 0;
}

int cg_manager_thaw(const struct cg_manager *mgr, struct turf_error **err)
{
    const struct cg_node *node;
    int v = pick(mgr, &node, err);
    int r = v < 0    ? v
            : v == 1 ? v1_set_state(node, false, FREEZE_TIMEOUT_MS, err)
                     : v2_set_state(node, false, err);
    return r < 0 ? turf_error_wrap(err, "resume cgroup %s", mgr->id) : 0;
}

int cg_manager_freezer_state(const struct cg_manager *mgr, enum cg_freezer_state *state,
                             struct turf_error **err)
{
    const struct cg_node *node;
    int v = pick(mgr, &node, err);
    if (v < 0)
        return v;
    if (v == 1)
        return v1_read_state(node, state, err);
    uint64_t want = 0;
    int r = cg_read_u64(node->path, "cgroup.freeze", &want, err);
    if (r < 0)
        return r;
    _cleanup_free_ char *events = NULL;
    r = cg_read(node->path, "cgroup.events", &events, err);
    if (r < 0)
        return r;
    uint64_t frozen = 0;
    cg_keyed_get(events, "frozen", &frozen);
    *state = frozen ? CG_FREEZER_FROZEN : want ? CG_FREEZER_FREEZING : CG_FREEZER_THAWED;
    return 0;
}

int cg_freezer_v1_freeze_for_kill(const struct cg_manager *mgr)
{
    const struct cg_node *node = cg_node_for(mgr, "freezer");
    if (!node || node->version != 1 || !cg_file_exists(node->path, "freezer.state"))
        return -ENOENT;
    struct turf_error *ignored = NULL;
    int r = v1_set_state(node, true, 1000, &ignored);
    turf_error_free(&ignored);
    return r;
}

int cg_freezer_thaw_all(const struct cg_manager *mgr, struct turf_error **err)
{
    const struct cg_node *node = cg_node_for(mgr, "freezer");
    if (node && node->version == 1 && cg_file_exists(node->path, "freezer.state")) {
        enum cg_freezer_state state;
        int r = v1_read_state(node, &state, err);
        if (r == 0 && state != CG_FREEZER_THAWED)
            r = v1_set_state(node, false, FREEZE_TIMEOUT_MS, err);
        if (r == -ENOENT)
            turf_error_free(err); /* removed meanwhile */
        else if (r < 0)
            return r;
    }
    node = cg_node_v2(mgr);
    if (node && cg_file_exists(node->path, "cgroup.freeze")) {
        uint64_t frozen = 0;
        struct turf_error *ignored = NULL;
        if (cg_read_u64(node->path, "cgroup.freeze", &frozen, &ignored) < 0)
            turf_error_free(&ignored);
        if (frozen == 1) {
            int r = v2_set_state(node, false, err);
            if (r == -ENOENT)
                turf_error_free(err);
            else if (r < 0)
                return r;
        }
    }
    return 0;
}
