/* OCI runtime-spec v1.2 config.json (Linux part) as typed C structs, and the API to parse,
 * validate, serialise, compare and free them. The structs are plain data owned by the config.
 *
 * Conventions:
 *  - A string that is absent is NULL. A list of strings is a NULL-terminated vector (char **),
 *    NULL when absent, and { NULL } when present but empty.
 *  - Scalars carry a presence bit (struct oci_u32 etc.), because for many fields absent and
 *    zero mean different things (e.g. memory.limit). Required fields are always set after a
 *    successful parse.
 *  - A list of objects is a pointer plus a count (`mounts`, `n_mounts`).
 *  - A JSON object used as a map is an array of entries in document order; see oci_map_get.
 *  - JSON null counts as absent (as in runc), and unknown keys are ignored (as the spec says). */
#ifndef TURF_OCI_CONFIG_H
#define TURF_OCI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../turf/base/error.h"

#define OCI_SPEC_VERSION "1.2.0"

/* The largest config.json we read: far above any real one, small enough to refuse garbage. */
#define OCI_CONFIG_MAX_SIZE (16u * 1024 * 1024)

struct oci_bool {
    bool set;
    bool value;
};
struct oci_i32 {
    bool set;
    int32_t value;
};
struct oci_u32 {
    bool set;
    uint32_t value;
};
struct oci_i64 {
    bool set;
    int64_t value;
};
struct oci_u64 {
    bool set;
    uint64_t value;
};

struct oci_map_entry {
    char *key;
    char *value;
};
struct oci_map {
    struct oci_map_entry *entries;
    size_t n_entries;
};

struct oci_id_mapping {
    struct oci_u32 container_id; /* containerID */
    struct oci_u32 host_id;      /* hostID */
    struct oci_u32 size;
};

struct oci_root {
    char *path;
    struct oci_bool readonly;
};

struct oci_mount {
    char *destination;
    char *source;
    char *type;
    char **options;
    struct oci_id_mapping *uid_mappings;
    size_t n_uid_mappings;
    struct oci_id_mapping *gid_mappings;
    size_t n_gid_mappings;
};

struct oci_console_size {
    struct oci_u64 height;
    struct oci_u64 width;
};

struct oci_user {
    struct oci_u32 uid;
    struct oci_u32 gid;
    struct oci_u32 umask;
    uint32_t *additional_gids;
    size_t n_additional_gids;
    char *username;
};

struct oci_capabilities {
    char **bounding;
    char **effective;
    char **inheritable;
    char **permitted;
    char **ambient;
};

struct oci_rlimit {
    char *type; /* RLIMIT_* */
    struct oci_u64 hard;
    struct oci_u64 soft;
};

struct oci_io_priority {
    char *class_; /* "class": IOPRIO_CLASS_RT, _BE or _IDLE */
    struct oci_i32 priority;
};

struct oci_scheduler {
    char *policy;
    struct oci_i32 nice;
    struct oci_i32 priority;
    char **flags;
    struct oci_u64 runtime;
    struct oci_u64 deadline;
    struct oci_u64 period;
};

struct oci_process {
    struct oci_bool terminal;
    struct oci_console_size *console_size;
    struct oci_user *user;
    char **args;
    char *command_line;
    char **env;
    char *cwd;
    struct oci_capabilities *capabilities;
    struct oci_rlimit *rlimits;
    size_t n_rlimits;
    struct oci_bool no_new_privileges;
    char *apparmor_profile;
    char *selinux_label;
    struct oci_i32 oom_score_adj;
    struct oci_io_priority *io_priority;
    struct oci_scheduler *scheduler;
};

struct oci_hook {
    char *path;
    char **args;
    char **env;
    struct oci_i32 timeout;
};

struct oci_hook_list {
    struct oci_hook *hooks;
    size_t n_hooks;
};

/* The six hook kinds, in the order the runtime-spec's lifecycle runs them. */
enum oci_hook_kind {
    OCI_HOOK_PRESTART,
    OCI_HOOK_CREATE_RUNTIME,
    OCI_HOOK_CREATE_CONTAINER,
    OCI_HOOK_START_CONTAINER,
    OCI_HOOK_POSTSTART,
    OCI_HOOK_POSTSTOP,
    OCI_HOOK_KIND_COUNT,
};

struct oci_hooks {
    struct oci_hook_list kind[OCI_HOOK_KIND_COUNT];
};

struct oci_namespace {
    char *type; /* pid network mount ipc uts user cgroup time */
    char *path;
};

struct oci_time_offset {
    char *key; /* "boottime" or "monotonic" */
    struct oci_i64 secs;
    struct oci_u32 nanosecs;
};

struct oci_device {
    char *type; /* c b u p */
    char *path;
    struct oci_i64 major;
    struct oci_i64 minor;
    struct oci_u32 file_mode;
    struct oci_u32 uid;
    struct oci_u32 gid;
};

struct oci_device_cgroup {
    struct oci_bool allow;
    char *type; /* a c b */
    struct oci_i64 major;
    struct oci_i64 minor;
    char *access; /* subset of "rwm" */
};

struct oci_memory {
    struct oci_i64 limit;
    struct oci_i64 reservation;
    struct oci_i64 swap;
    struct oci_i64 kernel;
    struct oci_i64 kernel_tcp;
    struct oci_u64 swappiness;
    struct oci_bool disable_oom_killer;
    struct oci_bool use_hierarchy;
    struct oci_bool check_before_update;
};

struct oci_cpu {
    struct oci_u64 shares;
    struct oci_i64 quota;
    struct oci_u64 burst;
    struct oci_u64 period;
    struct oci_i64 realtime_runtime;
    struct oci_u64 realtime_period;
    char *cpus;
    char *mems;
    struct oci_i64 idle;
};

struct oci_pids {
    struct oci_i64 limit;
};

struct oci_weight_device {
    struct oci_i64 major;
    struct oci_i64 minor;
    struct oci_u32 weight;      /* uint16 range, 10..1000 */
    struct oci_u32 leaf_weight; /* uint16 range, 10..1000 */
};

struct oci_throttle_device {
    struct oci_i64 major;
    struct oci_i64 minor;
    struct oci_u64 rate;
};

struct oci_block_io {
    struct oci_u32 weight;
    struct oci_u32 leaf_weight;
    struct oci_weight_device *weight_device;
    size_t n_weight_device;
    struct oci_throttle_device *throttle_read_bps_device;
    size_t n_throttle_read_bps_device;
    struct oci_throttle_device *throttle_write_bps_device;
    size_t n_throttle_write_bps_device;
    struct oci_throttle_device *throttle_read_iops_device;
    size_t n_throttle_read_iops_device;
    struct oci_throttle_device *throttle_write_iops_device;
    size_t n_throttle_write_iops_device;
};

struct oci_hugepage_limit {
    char *page_size; /* e.g. "2MB" */
    struct oci_u64 limit;
};

struct oci_net_priority {
    char *name;
    struct oci_u32 priority;
};

struct oci_network {
    struct oci_u32 class_id;
    struct oci_net_priority *priorities;
    size_t n_priorities;
};

struct oci_rdma {
    char *key; /* device name */
    struct oci_u32 hca_handles;
    struct oci_u32 hca_objects;
};

struct oci_resources {
    struct oci_device_cgroup *devices;
    size_t n_devices;
    struct oci_memory *memory;
    struct oci_cpu *cpu;
    struct oci_pids *pids;
    struct oci_block_io *block_io;
    struct oci_hugepage_limit *hugepage_limits;
    size_t n_hugepage_limits;
    struct oci_network *network;
    struct oci_rdma *rdma;
    size_t n_rdma;
    struct oci_map unified;
};

struct oci_syscall_arg {
    struct oci_u32 index; /* 0..5 */
    struct oci_u64 value;
    struct oci_u64 value_two;
    char *op; /* SCMP_CMP_* */
};

struct oci_syscall {
    char **names;
    char *action; /* SCMP_ACT_* */
    struct oci_u32 errno_ret;
    struct oci_syscall_arg *args;
    size_t n_args;
};

struct oci_seccomp {
    char *default_action;
    struct oci_u32 default_errno_ret;
    char **architectures;
    char **flags;
    char *listener_path;
    char *listener_metadata;
    struct oci_syscall *syscalls;
    size_t n_syscalls;
};

struct oci_intel_rdt {
    char *clos_id;
    char *l3_cache_schema;
    char *mem_bw_schema;
    struct oci_bool enable_cmt;
    struct oci_bool enable_mbm;
};

struct oci_personality {
    char *domain; /* LINUX or LINUX32 */
    char **flags;
};

struct oci_linux {
    struct oci_namespace *namespaces;
    size_t n_namespaces;
    struct oci_id_mapping *uid_mappings;
    size_t n_uid_mappings;
    struct oci_id_mapping *gid_mappings;
    size_t n_gid_mappings;
    struct oci_time_offset *time_offsets;
    size_t n_time_offsets;
    struct oci_device *devices;
    size_t n_devices;
    char *cgroups_path;
    struct oci_resources *resources;
    struct oci_map sysctl;
    struct oci_seccomp *seccomp;
    char *rootfs_propagation;
    char **masked_paths;
    char **readonly_paths;
    char *mount_label;
    struct oci_intel_rdt *intel_rdt;
    struct oci_personality *personality;
};

struct oci_config {
    char *oci_version;
    struct oci_root *root;
    struct oci_mount *mounts;
    size_t n_mounts;
    struct oci_process *process;
    char *hostname;
    char *domainname;
    struct oci_hooks *hooks;
    struct oci_map annotations;
    struct oci_linux *linux_; /* "linux" (a predefined macro in GNU C) */
};

/* Parses and validates a config. `source` names the input in error messages
 * (conventionally "config.json"); errors read "<source>: <json path>: <problem>". */
int oci_config_parse_string(const char *json, size_t len, const char *source,
                            struct oci_config **out, struct turf_error **err);
/* Parses and validates an already decoded document. */
int oci_config_parse_json(json_t *root, const char *source, struct oci_config **out,
                          struct turf_error **err);
int oci_config_parse_file(const char *path, struct oci_config **out, struct turf_error **err);
/* Reads <bundle>/config.json; errors are prefixed with "config.json". */
int oci_config_load_bundle(const char *bundle, struct oci_config **out, struct turf_error **err);

/* Serialises to a new jansson object (NULL only when out of memory). Fields appear in the
 * runtime-spec's order; absent fields are left out. */
json_t *oci_config_to_json(const struct oci_config *config);
/* Serialises to a pretty-printed, NUL-terminated string the caller frees. */
char *oci_config_dump(const struct oci_config *config);

bool oci_config_equal(const struct oci_config *a, const struct oci_config *b);
void oci_config_free(struct oci_config *config);

/* The default config `turf spec` writes: runc's defaults (capabilities, mounts, masked and
 * read-only paths). With rootless, a user namespace that maps the caller's uid and gid to root,
 * no network namespace, a bind-mounted /sys and no resources, as `runc spec --rootless`. */
int oci_config_new_default(bool rootless, struct oci_config **out, struct turf_error **err);

/* A process object alone, as `turf exec --process FILE` reads it (errors read
 * "<source>: <path>: <problem>" with paths relative to the process object). */
int oci_process_parse_string(const char *json, size_t len, const char *source,
                             struct oci_process **out, struct turf_error **err);
/* A deep copy, through the codec (so the copy is checked like any parsed process). */
int oci_process_copy(const struct oci_process *p, struct oci_process **out,
                     struct turf_error **err);
void oci_process_free(struct oci_process *p);

/* A linux.resources object alone, as `turf update --resources FILE` reads it. */
int oci_resources_parse_string(const char *json, size_t len, const char *source,
                               struct oci_resources **out, struct turf_error **err);
void oci_resources_free(struct oci_resources *r);

/* Small accessors used throughout the runtime. */
const char *oci_map_get(const struct oci_map *map, const char *key);
size_t oci_strv_len(char *const *strv);
/* The namespace entry of the given type ("pid", "network"...), or NULL. */
const struct oci_namespace *oci_config_find_namespace(const struct oci_config *config,
                                                      const char *type);

static inline void oci_config_freep(struct oci_config **c)
{
    oci_config_free(*c);
}
#define _cleanup_oci_config_ __attribute__((cleanup(oci_config_freep)))

#endif
