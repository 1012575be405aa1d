/* Shared inside cgroups/ only: the layout and manager structs, cgroupfs file helpers and the
 * libcgroup bridge. Nothing here is part of the public API (cgroups.h). */
#ifndef TURF_CGROUPS_INTERNAL_H
#define TURF_CGROUPS_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "cgroups.h"

/* Largest control file we read (memory.stat, cgroup.procs of a busy cgroup...). */
#define CG_READ_MAX (4u * 1024 * 1024)

/* One mounted hierarchy, as the layout sees it. */
struct cg_hierarchy {
    int version;        /* 1 or 2 */
    char *mount;        /* mount point */
    char **controllers; /* NULL-terminated; v1 as /proc/self/cgroup names them; v2 from the
                         * mount's cgroup.controllers */
    char *own;          /* the caller's cgroup relative to the mount, "" for the mount's root,
                         * NULL when it is not below this mount (then only absolute
                         * cgroupsPaths can be used) */
    char *own_raw;      /* the path /proc/self/cgroup shows */
};

struct cg_layout {
    enum cg_mode mode;
    struct cg_hierarchy *h;
    size_t n;
};

/* The container's cgroup in one hierarchy. */
struct cg_node {
    int version;
    char *mount;
    char **controllers;
    char *path;                 /* absolute directory */
    unsigned removable_parents; /* ancestors (nearest first) to rmdir when empty on destroy */
};

struct cg_manager {
    char *id;
    enum cg_mode mode;
    struct cg_node *nodes;
    size_t n;
};

/* ---- string vectors ---- */
void cg_strv_free(char **v);
char **cg_strv_copy(char *const *v);
bool cg_strv_contains(char *const *v, const char *s);
size_t cg_strv_len(char *const *v);

/* ---- nodes ---- */
/* The node whose hierarchy holds controller ("" = the v2 node), or NULL. */
const struct cg_node *cg_node_for(const struct cg_manager *mgr, const char *controller);
/* The v2 node, or NULL on a v1 host. */
const struct cg_node *cg_node_v2(const struct cg_manager *mgr);
/* The node used to enumerate processes: v2 tree if any, else freezer, pids, first. */
const struct cg_node *cg_node_procs(const struct cg_manager *mgr);

/* ---- cgroupfs files ---- */
bool cg_file_exists(const char *dir, const char *file);
/* Reads dir/file into a NUL-terminated buffer. */
int cg_read(const char *dir, const char *file, char **out, struct turf_error **err);
/* A single number; "max" reads as UINT64_MAX, a negative v1 "-1" too. */
int cg_read_u64(const char *dir, const char *file, uint64_t *out, struct turf_error **err);
/* The value of key in a "key value" per line file (memory.stat, cpu.stat, memory.events...);
 * -ENOENT when the key is absent. */
int cg_keyed_get(const char *text, const char *key, uint64_t *out);
/* Writes value with one write(2), straight to cgroupfs. Errors read
 * "write "<value>" to <dir>/<file>: <strerror>". */
int cg_write(const char *dir, const char *file, const char *value, struct turf_error **err);

/* Writes a control file of node, through libcgroup for v1 controllers it knows (see libcg.c),
 * else directly. field is the OCI field for the error message ("linux.resources.cpu.shares"). */
int cg_node_write(const struct cg_node *node, const char *file, const char *value,
                  const char *field, struct turf_error **err);
int cg_node_writef(const struct cg_node *node, const char *file, const char *field,
                   struct turf_error **err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* ---- libcgroup bridge (libcg.c) ---- */
/* Initialises libcgroup once per process; false when it cannot (no cgroup mounts it reads). */
bool cg_libcg_ready(void);
/* Writes a v1 control file through libcgroup's cgroup_modify_cgroup, if libcgroup's mount
 * table has controller mounted at node->mount. Returns 1 when written, 0 when libcgroup does
 * not know this hierarchy (the caller then writes directly), negative errno on failure. */
int cg_libcg_write_v1(const struct cg_node *node, const char *controller, const char *file,
                      const char *value, struct turf_error **err);
/* Whether the running kernel has controller (from /proc/cgroups, through libcgroup). */
bool cg_libcg_kernel_has(const char *controller);

/* ---- pieces of the manager implemented in separate files ---- */
int cg_apply_memory(const struct cg_manager *mgr, const struct oci_memory *m,
                    struct turf_error **err);
int cg_apply_cpu(const struct cg_manager *mgr, const struct oci_cpu *c, struct turf_error **err);
int cg_apply_blkio(const struct cg_manager *mgr, const struct oci_block_io *b,
                   struct turf_error **err);

/* freezer.c: for kill. Freezes through the v1 freezer with a short wait; 0 when frozen,
 * negative when there is no v1 freezer or it did not settle. */
int cg_freezer_v1_freeze_for_kill(const struct cg_manager *mgr);
/* Thaws the v1 freezer and the v2 cgroup.freeze where either is frozen; missing is fine. */
int cg_freezer_thaw_all(const struct cg_manager *mgr, struct turf_error **err);

/* Error for a resource whose controller is not mounted. */
int cg_error_no_controller(const char *field, const char *controller, struct turf_error **err);

#endif
