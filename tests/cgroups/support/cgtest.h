/* Fixtures shared by the real-cgroup tests: root check, per-process names, children that wait on
 * a pipe before doing anything, fake cgroupfs trees, and a sweep that leaves nothing behind. */
#ifndef TURF_TESTS_CGTEST_H
#define TURF_TESTS_CGTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <criterion/criterion.h>

#include "../../../cgroups/cgroups.h"

/* "turf-test-<pid>": every cgroup a test makes has it in its path. */
extern char cgt_prefix[64];
/* The host layout, detected by cgt_setup. */
extern struct cg_layout *cgt_layout;

/* Fixture for tests that need real cgroups: skips unless root, detects the layout. */
void cgt_setup(void);
/* Kills tracked children, destroys tracked managers, and sweeps every hierarchy for anything
 * named with cgt_prefix (also after a failed assertion). */
void cgt_teardown(void);
/* Fixture for tests that only parse files. */
void cgt_setup_plain(void);
void cgt_teardown_plain(void);

/* "/turf-test-<pid>/<name>" (absolute cgroupsPath); a string owned by the fixture. */
const char *cgt_abs(const char *name);
/* "turf-test-<pid>-<name>" (an id); owned by the fixture. */
const char *cgt_id(const char *name);

/* Creates a manager (asserting success) that teardown destroys and frees. */
struct cg_manager *cgt_create(const struct cg_layout *layout, const char *path, const char *id);
/* Hands a manager to the fixture for teardown. */
void cgt_track(struct cg_manager *mgr);

/* A child that blocks on a pipe until cgt_release, then runs fn(arg) and _exits with its
 * return value. Nothing runs in the child before release, so placement can be checked first. */
struct cgt_child {
    pid_t pid;
    int release_fd;
};
struct cgt_child cgt_spawn(int (*fn)(void *), void *arg);
void cgt_release(struct cgt_child *c);
/* Waits for the child (at most timeout_ms); returns the wait status, or -1 on timeout. */
int cgt_wait(pid_t pid, int timeout_ms);

/* Whether every line of /proc/<pid>/cgroup names mgr's directory in that hierarchy;
 * on mismatch fills why. */
bool cgt_pid_in(pid_t pid, const struct cg_manager *mgr, char *why, size_t size);

/* Reads <dir>/<file> trimmed of the trailing newline (fixture-owned string, "" on error). */
const char *cgt_read(const char *dir, const char *file);
uint64_t cgt_read_u64(const char *dir, const char *file);
bool cgt_exists(const char *path);
/* Writes a file, creating it (for fake trees). */
void cgt_write(const char *dir, const char *file, const char *value);

/* A temp directory shaped like a cgroup2 mount with the given controllers, and a layout that
 * sees only it (own cgroup "/"). Removed by teardown. */
struct cg_layout *cgt_fake_v2(const char *controllers, char **root);
/* Creates dir <root>/<rel> (and parents) with cgroup.controllers/subtree_control/procs and the
 * given files ("name=value" entries, NULL-terminated). */
void cgt_fake_cgroup(const char *root, const char *rel, const char *const *files);

/* A layout of only the real cgroup2 mount (the v2 code paths on this host's unified tree), or
 * NULL when there is no cgroup2 mount. */
struct cg_layout *cgt_unified_only_layout(void);
/* A layout of only the real v1 hierarchies (the pure-v1 code paths), or NULL without any. */
struct cg_layout *cgt_v1_only_layout(void);

/* Shared memory for counters between a test and its children. */
volatile uint64_t *cgt_shared_page(void);

#define CGT_ASSERT_OK(expr, errp)                                                                  \
    do {                                                                                           \
        int _r = (expr);                                                                           \
        cr_assert_geq(_r, 0, "%s failed: %d %s", #expr, _r, *(errp) ? (*(errp))->msg : "");        \
    } while (0)

#endif
