/* The on-disk container store under --root: one directory per container holding its record
 * (state.json), a copy of its config and its exec fifo. A container's directory is locked
 * (flock) by whoever changes it, and records are replaced atomically. */
#ifndef TURF_STATE_STORE_H
#define TURF_STATE_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../oci/config.h"

/* What Turf records about a container. Liveness is not stored: it is derived from the process
 * (pid plus its start time, so a reused pid is not mistaken for the container). */
struct turf_record {
    char *oci_version;
    char *id;
    char *status; /* "creating" until init is parked, then "created"; later states derived */
    struct oci_i32 pid;
    struct oci_u64 pid_start_time; /* /proc/PID/stat field 22, in clock ticks */
    char *bundle;
    char *rootfs;
    char *created; /* RFC 3339 UTC */
    char *owner;
    struct oci_map annotations;
    /* Warm sandboxes (made by turfd): the seed forked, and what turfd saw of the end. */
    char *seed;
    struct oci_i32 exit_status; /* as a shell reports it: the code, or 128+N after signal N */
    struct oci_u32 oom_kills;
};

struct turf_container_dir {
    int fd; /* the container's directory, O_DIRECTORY, flock'ed exclusively */
    char *id;
    char *path;
};

/* Checks a container id as runc does: letters, digits, "_", "+", "-", "."; not "." or "..". */
int turf_store_check_id(const char *id, struct turf_error **err);

/* Creates <root>/<id> (and root itself when missing, mode 0711) and locks it. */
int turf_store_create(const char *root, const char *id, struct turf_container_dir *out,
                      struct turf_error **err);
/* Opens and locks an existing container's directory. */
int turf_store_open(const char *root, const char *id, struct turf_container_dir *out,
                    struct turf_error **err);
void turf_store_close(struct turf_container_dir *dir);
/* Removes every file in the container's directory and the directory, then closes it. */
int turf_store_remove(struct turf_container_dir *dir, struct turf_error **err);

/* The ids under root, sorted; an absent root is an empty list. Free with turf_strv_free. */
int turf_store_list(const char *root, char ***ids, struct turf_error **err);
void turf_strv_free(char **strv);

int turf_record_read(const struct turf_container_dir *dir, struct turf_record **out,
                     struct turf_error **err);
int turf_record_write(const struct turf_container_dir *dir, const struct turf_record *record,
                      struct turf_error **err);
void turf_record_free(struct turf_record *record);

#endif
